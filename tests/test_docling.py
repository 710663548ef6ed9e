"""The Docling export (-t docling): a DoclingDocument that docling-core's own model loads,
with page sizes, bottom-left provenance boxes, furniture in the furniture layer, and
footnotes kept; over every shared PDF it re-serialises to Markdown with our paragraphs."""
from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import pytest

from convert import model as m
from convert.errors import MissingDependencyError
from convert.extract.json import read_json
from convert.write.docling import inline_text, write_docling

GOLDEN = Path(__file__).parent / "golden"
MODELS = sorted([*GOLDEN.glob("samples/*.json"), *GOLDEN.glob("writers/*.model.json")])


@pytest.fixture(scope="module")
def dl():
    return pytest.importorskip("docling_core.types.doc")


def load(path: Path) -> m.Document:
    return read_json(path.read_text(encoding="utf-8"))


def pdf_like() -> m.Document:
    top = m.Provenance(page=1, bbox=(72.0, 100.0, 300.0, 120.0))
    return m.Document(
        metadata=m.Metadata(title="A Title"),
        blocks=[m.Heading(1, [m.Text("Background")], [m.Provenance(page=1, bbox=(72.0, 80.0, 200.0, 95.0))]),
                m.Paragraph([m.Text("Prices fell."), m.FootnoteRef("1"), m.Text(" Then rose.")],
                            [top, m.Provenance(page=2, bbox=(72.0, 60.0, 300.0, 70.0))])],
        footnotes=[m.Footnote("1", [m.Text("The source.")], [m.Provenance(page=1, bbox=(72.0, 700.0, 300.0, 710.0))])],
        furniture=[m.Furniture("header", "Running head", [m.Provenance(page=2, bbox=(72.0, 20.0, 300.0, 30.0))]),
                   m.Furniture("page-number", "2", [m.Provenance(page=2, bbox=(290.0, 770.0, 300.0, 780.0))])],
        source=m.Source(path="brief.pdf", format="pdf", pages=2, page_sizes=[(612.0, 792.0), (612.0, 792.0)],
                        bbox_origin="top-left"))


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_docling_output_is_a_valid_docling_document(path, dl):
    out = dl.DoclingDocument.model_validate_json(write_docling(load(path)))
    assert out.export_to_markdown().strip()


def test_pages_carry_their_sizes_and_boxes_are_bottom_left(dl):
    out = dl.DoclingDocument.model_validate_json(write_docling(pdf_like()))
    assert {n: (p.size.width, p.size.height) for n, p in out.pages.items()} == {1: (612.0, 792.0), 2: (612.0, 792.0)}
    para = next(t for t in out.texts if t.text.startswith("Prices"))
    assert [p.page_no for p in para.prov] == [1, 2]  # one entry per page the block crosses
    box = para.prov[0].bbox
    assert box.coord_origin == dl.CoordOrigin.BOTTOMLEFT
    assert (box.l, box.t, box.r, box.b) == (72.0, 692.0, 300.0, 672.0)  # t = height - top
    assert para.prov[0].charspan == (0, len(para.text))


def test_furniture_is_in_the_furniture_layer_and_out_of_the_markdown(dl):
    out = dl.DoclingDocument.model_validate_json(write_docling(pdf_like()))
    furniture = {t.text: t.label for t in out.texts if t.content_layer == dl.ContentLayer.FURNITURE}
    assert furniture == {"Running head": dl.DocItemLabel.PAGE_HEADER, "2": dl.DocItemLabel.PAGE_FOOTER}
    assert "Running head" not in out.export_to_markdown()


def test_footnotes_and_their_markers_are_kept(dl):
    out = dl.DoclingDocument.model_validate_json(write_docling(pdf_like()))
    notes = [t for t in out.texts if t.label == dl.DocItemLabel.FOOTNOTE]
    assert [n.text for n in notes] == ["1 The source."]
    assert any(t.text == "Prices fell.1 Then rose." for t in out.texts)  # the marker as printed


def test_headings_and_title_keep_their_labels(dl):
    out = dl.DoclingDocument.model_validate_json(write_docling(pdf_like()))
    labels = {t.text: t.label for t in out.texts}
    assert labels["A Title"] == dl.DocItemLabel.TITLE
    assert labels["Background"] == dl.DocItemLabel.SECTION_HEADER


def test_docling_without_docling_core_is_a_one_line_error(monkeypatch):
    for name in [n for n in sys.modules if n.startswith("docling_core")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "docling_core", None)
    with pytest.raises(MissingDependencyError, match=r"briefconv\[docling\]"):
        write_docling(m.Document())


# ---------------------------------------------------------------- every shared PDF


def markdown_blocks(md: str) -> list[str]:
    """Docling's Markdown as blocks of text, its escapes undone."""
    return [" ".join(html.unescape(b).replace("\\_", "_").split()) for b in md.split("\n\n") if b.strip()]


def body_paragraphs(blocks: list[m.Block]):
    for b in blocks:
        if isinstance(b, m.Paragraph):
            yield b
        elif isinstance(b, m.BlockQuote):
            yield from body_paragraphs(b.blocks)


def in_order(wanted: list[str], got: list[str]) -> list[str]:
    """The wanted texts not found, in order, among the got ones."""
    missing, pos = [], 0
    for w in wanted:
        try:
            pos = got.index(w, pos) + 1
        except ValueError:
            missing.append(w)
    return missing


@pytest.mark.shared
@pytest.mark.slow
def test_every_shared_pdf_round_trips_through_docling_core_with_the_same_paragraphs(shared_pdf_documents, dl):
    failures = {}
    for path, doc in shared_pdf_documents.items():
        out = dl.DoclingDocument.model_validate_json(write_docling(doc))
        assert out.pages and all(p.size.width > 0 for p in out.pages.values()), path
        got = markdown_blocks(out.export_to_markdown())
        wanted = [t for t in (inline_text(p.content) for p in body_paragraphs(doc.blocks)) if t]
        wanted += [f"{fn.label} {inline_text(fn.content)}".strip() for fn in doc.footnotes if inline_text(fn.content)]
        missing = in_order([p for p in wanted if p], got)
        if missing:
            failures[Path(path).name] = missing[:3]
    assert failures == {}


def test_library_api_writes_and_validates_docling(dl):
    import convert
    doc = load(MODELS[0])
    text = convert.to_docling(doc)
    assert json.loads(text)["schema_name"] == "DoclingDocument"
    assert convert.validate(content=text, kind="docling") == []
    broken = json.loads(text)
    broken["texts"] = "not a list"
    assert convert.validate(content=json.dumps(broken), kind="docling")
