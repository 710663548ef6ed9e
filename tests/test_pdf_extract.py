"""The PDF extractor on PDFs made by tests/pdfgen.py (and the shared samples when present)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

import pdfgen
from convert.errors import DamagedPDFError, EncryptedPDFError, NoTextLayerError, UnsupportedFormatError
from convert.extract import source as B
from convert.extract.pdf import extract_pdf
from convert.model import FootnoteRef, Text, plain_text


def extract(data, **kw):
    found = extract_pdf(data, name="test.pdf", **kw)
    return found.blocks, len(found.page_sizes)


@pytest.fixture(scope="module")
def one_column():
    data, info = pdfgen.make(pdfgen.sample_brief())
    return data, info, extract(data)


@pytest.fixture(scope="module")
def two_columns():
    data, info = pdfgen.make(pdfgen.sample_brief(), pdfgen.Style(columns=2, size=10, leading=12.5))
    return data, info, extract(data)


def of_kind(blocks, kind):
    return [b for b in blocks if b.kind == kind]


def texts(blocks):
    return [plain_text(b.content) for b in blocks]


# ---------------------------------------------------------------- front matter and headings


def test_title_series_and_section_heading(one_column):
    _, _, (blocks, _) = one_column
    heads = [(b.level, plain_text(b.content).replace("\n", " ")) for b in of_kind(blocks, B.HEADING)]
    assert heads[0] == (2, "Policy Brief")
    assert heads[1] == (1, "Public Transport in Mid-Sized Cities: Lessons from Ten Reforms")
    assert (3, "Findings") in heads


def test_byline_italic_and_lede_bold(one_column):
    _, _, (blocks, _) = one_column
    text = [b for b in of_kind(blocks, B.TEXT)]
    byline = next(b for b in text if plain_text(b.content).startswith("By Maria"))
    lede = next(b for b in text if plain_text(b.content).startswith("Ten cities"))
    assert byline.italic and not byline.bold
    assert lede.bold and lede.size == 1.0


# ---------------------------------------------------------------- markers and footnotes


def test_markers_after_punctuation_and_closing_quotes_are_refs(one_column):
    _, _, (blocks, _) = one_column
    before = []
    for b in of_kind(blocks, B.TEXT):
        for prev, node in zip(b.content, b.content[1:]):
            if isinstance(node, FootnoteRef) and isinstance(prev, Text):
                before.append(prev.text[-1])
    assert "." in before and "\u201d" in before


def test_no_stray_marker_digits_in_body_text(one_column):
    _, _, (blocks, _) = one_column
    for t in texts(of_kind(blocks, B.TEXT)):
        assert not re.search(r"[.\u201d]\d", t), t


def test_every_marker_has_its_footnote(one_column):
    _, _, (blocks, _) = one_column
    refs = [n.label for b in blocks for n in b.content if isinstance(n, FootnoteRef)]
    labels = [b.label for b in of_kind(blocks, B.FOOTNOTE) if b.label]
    assert refs == labels == [str(k) for k in range(1, len(refs) + 1)]


def test_each_marker_has_the_box_of_its_printed_superscript(one_column):
    _, _, (blocks, _) = one_column
    refs = [(b, n) for b in of_kind(blocks, B.TEXT) for n in b.content if isinstance(n, FootnoteRef)]
    assert refs
    for block, ref in refs:
        [where] = ref.provenance
        x0, top, x1, bottom = where.bbox
        # a superscript: a few points wide, inside one of its paragraph's boxes on that page
        assert 0 < x1 - x0 < 20 and 0 < bottom - top < 12
        assert any(p.page == where.page and p.bbox[0] <= x0 and x1 <= p.bbox[2] + 0.01
                   and p.bbox[1] <= top + 0.01 and bottom <= p.bbox[3] + 0.01 for p in block.provenance)


def test_footnote_continued_on_next_page_has_no_label(one_column):
    _, info, (blocks, _) = one_column
    assert info.continued, "the generator should have continued a footnote"
    notes = of_kind(blocks, B.FOOTNOTE)
    k = next(i for i, b in enumerate(notes) if b.label == info.continued[0])
    assert notes[k + 1].label is None
    assert notes[k + 1].page == notes[k].page + 1


def test_footnotes_without_a_rule():
    data, _ = pdfgen.make(pdfgen.sample_brief(4, long_note=False), pdfgen.Style(rule=False))
    blocks, _ = extract(data)
    assert [b.label for b in of_kind(blocks, B.FOOTNOTE)] == [str(k) for k in range(1, 9)]


def test_footnote_labels_glued_to_their_text():
    data, _ = pdfgen.make(pdfgen.sample_brief(4, long_note=False), pdfgen.Style(sup_glued_label=True, rule=False))
    blocks, _ = extract(data)
    notes = of_kind(blocks, B.FOOTNOTE)
    assert [b.label for b in notes] == [str(k) for k in range(1, 9)]
    assert plain_text(notes[0].content).startswith("Source note 1:")


# ---------------------------------------------------------------- layout


def test_hyphenated_line_ends_are_kept_for_the_normaliser(one_column):
    _, info, (blocks, _) = one_column
    assert info.hyphenated
    joined = "\n".join(texts(blocks))
    head, tail = info.hyphenated[0]
    assert f"{head}-\n{tail}" in joined


def test_running_header_and_page_numbers_are_furniture(one_column):
    _, info, (blocks, _) = one_column
    furn = of_kind(blocks, B.FURNITURE)
    assert sum(1 for b in furn if b.furniture_kind == "header") == info.pages
    assert sum(1 for b in furn if b.furniture_kind == "page-number") == info.pages
    assert not any("Institute for Transport" in t for t in texts(of_kind(blocks, B.TEXT)))


def test_header_that_changes_per_page_is_furniture():
    names = ["Introduction", "Costs and prices", "What the reforms achieved", "Annex", "Notes", "Sources"]
    data, info = pdfgen.make(pdfgen.sample_brief(), pdfgen.Style(header=lambda n: names[(n - 1) % 6]))
    blocks, _ = extract(data)
    heads = [plain_text(b.content) for b in of_kind(blocks, B.FURNITURE) if b.furniture_kind == "header"]
    assert heads == names[:info.pages]


def test_two_columns_read_left_then_right(two_columns):
    _, info, (blocks, _) = two_columns
    body = [b for b in blocks if b.kind == B.TEXT and b.page == 2]
    xs = [b.provenance[0].bbox[0] for b in body]
    assert xs == sorted(xs), "left column blocks come before right column blocks"
    refs = [n.label for b in blocks for n in b.content if isinstance(n, FootnoteRef)]
    assert refs == [str(k) for k in range(1, len(refs) + 1)]
    assert [b.label for b in of_kind(blocks, B.FOOTNOTE) if b.label] == refs


def test_full_width_front_matter_above_two_columns():
    brief = pdfgen.sample_brief()
    brief.lede = " ".join([brief.lede] * 4)  # a long full-width lede: lots of ink across the gutter
    data, _ = pdfgen.make(brief, pdfgen.Style(columns=2, size=10, leading=12.5, front_full_width=True))
    blocks, _ = extract(data)
    lede = next(b for b in blocks if b.kind == B.TEXT and b.bold)
    assert plain_text(lede.content).replace("\n", " ") == brief.lede
    first = next(b for b in blocks if b.kind == B.TEXT and not b.bold and not b.italic
                 and plain_text(b.content)[:1].isupper() and b.page == 1 and b.indent)
    assert plain_text(first.content).startswith(brief.paragraphs[0][:30])
    for b in of_kind(blocks, B.TEXT):
        if b is not lede and not b.italic and b.page == 1 and b.provenance[0].bbox[1] > lede.provenance[0].bbox[3]:
            x0, _, x1, _ = b.provenance[0].bbox
            assert x1 - x0 < 300, plain_text(b.content)[:60]


def test_two_column_text_has_no_lines_from_the_other_column(two_columns):
    _, _, (blocks, _) = two_columns
    for b in of_kind(blocks, B.TEXT):
        x0, _, x1, _ = b.provenance[0].bbox
        assert x1 - x0 < 300 or b.page == 1


def test_provenance_is_page_and_rounded_bbox(one_column):
    _, _, (blocks, pages) = one_column
    for b in blocks:
        assert b.provenance
        for p in b.provenance:
            assert 1 <= p.page <= pages
            assert all(v == round(v, 2) for v in p.bbox)
            assert p.bbox[0] <= p.bbox[2] and p.bbox[1] <= p.bbox[3]
        assert [p.page for p in b.provenance] == sorted(p.page for p in b.provenance)


# ---------------------------------------------------------------- errors


def test_encrypted_pdf_needs_its_password():
    data, _ = pdfgen.make(pdfgen.sample_brief(2, long_note=False), pdfgen.Style(encrypt="s3cret"))
    with pytest.raises(EncryptedPDFError, match="password"):
        extract(data)
    with pytest.raises(EncryptedPDFError, match="wrong password"):
        extract(data, password="nope")
    blocks, pages = extract(data, password="s3cret")
    assert pages >= 1 and of_kind(blocks, B.HEADING)


def test_image_only_pdf_needs_ocr():
    with pytest.raises(NoTextLayerError, match="OCR"):
        extract(pdfgen.image_only_pdf())


def test_truncated_pdf_is_damaged():
    with pytest.raises(DamagedPDFError, match="test.pdf"):
        extract(pdfgen.truncated_pdf())


def test_not_a_pdf():
    with pytest.raises(UnsupportedFormatError, match="not a PDF"):
        extract(pdfgen.not_a_pdf())


def test_pdf_header_with_garbage_is_damaged():
    with pytest.raises(DamagedPDFError):
        extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")


def test_error_messages_are_one_line():
    for data in (pdfgen.truncated_pdf(), pdfgen.not_a_pdf(), pdfgen.image_only_pdf()):
        with pytest.raises(Exception) as e:
            extract(data)
        assert "\n" not in str(e.value)


# ---------------------------------------------------------------- memory


# ---------------------------------------------------------------- whole conversion


def test_whole_conversion_of_a_generated_brief(one_column):
    data, _, _ = one_column
    import convert
    doc = convert.convert(data)
    xml = convert.to_jats(doc)
    assert doc.metadata.title == "Public Transport in Mid-Sized Cities: Lessons from Ten Reforms"
    assert "<article" in xml
    assert len(doc.footnotes) >= 16


@pytest.mark.shared
@pytest.mark.parametrize("layout", ["layout0", "layout2", "layout3", "layout14"])
def test_shared_sample_blocks(shared_dir, layout):
    data = (shared_dir / f"samples/pdf/issi-iran-north-korea-2017-{layout}.pdf").read_bytes()
    blocks, _ = extract(data)
    heads = [(b.level, plain_text(b.content).replace("\n", " ")) for b in of_kind(blocks, B.HEADING)]
    assert heads == [(2, "Issue Brief"), (1, "Iran-North Korea Relations: Friends in Isolation?")]
    assert [b.label for b in of_kind(blocks, B.FOOTNOTE) if b.label] == [str(k) for k in range(1, 16)]
    refs = [n.label for b in blocks for n in b.content if isinstance(n, FootnoteRef)]
    assert refs == [str(k) for k in range(1, 16)]
    assert not any("www.example.org" in t or t.startswith("Page ") for t in texts(of_kind(blocks, B.TEXT)))


# ---------------------------------------------------------------- visual check


def test_render_regions_writes_one_png_per_page_with_boxes(tmp_path):
    from PIL import Image

    from convert.inspect import ROLE_COLOURS, render_regions
    data, info = pdfgen.make(pdfgen.sample_brief(3, long_note=False))
    blocks, pages = extract(data)
    regions = [(p.page, p.bbox, "footnote" if b.kind == B.FOOTNOTE else "body") for b in blocks for p in b.provenance]
    paths = render_regions(data, regions, tmp_path, stem="brief")
    assert [p.name for p in paths] == [f"brief-{k:03d}.png" for k in range(1, pages + 1)]
    img = Image.open(paths[0]).convert("RGB")
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    assert ROLE_COLOURS["body"] in colours and ROLE_COLOURS["footnote"] in colours


@pytest.mark.parametrize("columns,rule,full", [(1, True, False), (1, False, False), (2, True, False),
                                               (2, False, True)])
def test_whole_conversion_valid_jats_with_linked_footnotes(columns, rule, full, archiving_dtd):
    from lxml import etree

    import convert
    from convert.model import footnote_labels
    brief = pdfgen.sample_brief()
    data, _ = pdfgen.make(brief, pdfgen.Style(columns=columns, rule=rule, front_full_width=full))
    doc = convert.convert(data)
    assert doc.metadata.title == brief.title
    assert doc.metadata.series == "Policy Brief"
    assert [f.label for f in doc.footnotes] == [str(k) for k in range(1, len(brief.footnotes) + 1)]
    cited = [lab for b in doc.blocks for lab in footnote_labels(getattr(b, "content", []))]
    assert cited == [f.label for f in doc.footnotes]
    # every body paragraph of the brief comes out whole: page and column breaks rejoined
    body = [plain_text(b.content) for b in doc.blocks if type(b).__name__ == "Paragraph"]
    assert len(body) == len(brief.paragraphs)
    xml = convert.to_jats(doc)
    tree = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(no_network=True, resolve_entities=False))
    assert archiving_dtd.validate(tree), archiving_dtd.error_log.filter_from_errors()[:3]


@pytest.mark.shared
@pytest.mark.parametrize("layout", ["layout0", "layout2", "layout3", "layout14"])
def test_shared_sample_scores_one(shared_dir, layout, tmp_path):
    import convert
    scorer = shared_dir / "tools/score-jats"
    out = tmp_path / "out.xml"
    out.write_text(convert.to_jats(convert.convert(shared_dir / f"samples/pdf/issi-iran-north-korea-2017-{layout}.pdf")))
    res = subprocess.run([sys.executable, str(scorer), str(shared_dir / "samples/gold/issi-iran-north-korea-2017.json"),
                          str(out)], capture_output=True, text=True, timeout=300)
    assert res.stdout.strip().splitlines()[-1] == "score: 1.000", res.stdout


RETYPESET = {
    "times-1col-rule": dict(),
    "helvetica-1col-glued-labels-no-rule": dict(body_font="Helvetica", bold_font="Helvetica-Bold",
                                                italic_font="Helvetica-Oblique", rule=False,
                                                sup_glued_label=True, size=10, leading=13),
    "times-2col": dict(columns=2, size=10, leading=12.5),
    "times-2col-full-width-front-no-rule": dict(columns=2, size=10, leading=12.5, front_full_width=True,
                                                rule=False),
    "courier-no-hyphens-dash-page-numbers": dict(body_font="Courier", bold_font="Courier-Bold",
                                                 italic_font="Courier-Oblique", hyphenate=False,
                                                 footer=lambda n: f"- {n} -", header=None, size=10,
                                                 leading=13),
    "helvetica-2col-spaced-paragraphs": dict(columns=2, body_font="Helvetica", bold_font="Helvetica-Bold",
                                             italic_font="Helvetica-Oblique", size=9.5, leading=12, indent=0,
                                             para_space=7, rule=False, sup_glued_label=True, header=None,
                                             footer=lambda n: f"{n} | www.example.org"),
    "changing-headers-no-indent": dict(indent=0, para_space=8,
                                       header=lambda n: ["Iran", "North Korea", "Sanctions"][(n - 1) % 3]),
}


@pytest.mark.shared
@pytest.mark.parametrize("name", list(RETYPESET))
def test_sample_retypeset_in_other_layouts_scores_one(shared_dir, name, tmp_path):
    """The shared brief's content set in layouts the extractor was not tuned on."""
    import convert
    brief = pdfgen.brief_from_markdown((shared_dir / "samples/issi-iran-north-korea-2017.md").read_text())
    data, _ = pdfgen.make(brief, pdfgen.Style(**RETYPESET[name]))
    out = tmp_path / "out.xml"
    out.write_text(convert.to_jats(convert.convert(data)))
    res = subprocess.run([sys.executable, str(shared_dir / "tools/score-jats"),
                          str(shared_dir / "samples/gold/issi-iran-north-korea-2017.json"), str(out)],
                         capture_output=True, text=True, timeout=300)
    assert res.stdout.strip().splitlines()[-1] == "score: 1.000", res.stdout


# ---------------------------------------------------------------- damaged but readable


def test_icc_colour_space_without_component_count_is_repaired_not_refused():
    sentence = "Transit ridership in mid-sized cities rose after the fare reform of the spring."
    blocks, pages = extract(pdfgen.icc_without_components_pdf(sentence))
    assert pages == 1
    assert plain_text(blocks[0].content) == sentence


def test_bytes_before_the_pdf_header_change_nothing():
    data, _ = pdfgen.make(pdfgen.sample_brief(2, long_note=False))
    blocks, pages = extract(b"%%EOF\r\n" + data)
    assert blocks and pages == extract(data)[1]
    assert texts(blocks) == texts(extract(data)[0])


@pytest.mark.shared
def test_linearized_pdf_behind_a_stray_eof_line_converts(shared_dir):
    # xref offsets count from the header: pdfminer finds no /Root until the junk is cut
    path = shared_dir / "corpus" / "pdf" / "awkward-missouri-bad-header.pdf"
    if not path.is_file():
        pytest.skip("corpus file not present")
    blocks, pages = extract(path.read_bytes())
    assert pages >= 1 and sum(len(plain_text(b.content)) for b in blocks) > 1000


def test_pdf_outputs_record_page_sizes_and_the_boxes_origin(one_column):
    import convert
    data, _, _ = one_column
    source = convert.convert(data).source
    assert source.bbox_origin == "top-left"
    assert source.page_sizes and len(source.page_sizes) == source.pages
    assert all(w > 0 and h > 0 for w, h in source.page_sizes)
