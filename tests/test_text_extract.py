"""Text extractor: flavour detection, block fixtures, model goldens, shared samples, robustness."""
from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert import codec
from convert.recognise import build_document
from convert.extract.text import detect_flavour, extract_text
from convert.extract.text.lines import find_gutter, split_pages
from convert.model import FootnoteRef, Link, Text
from fixtures_util import read_fixtures

ROOT = Path(__file__).resolve().parent
INPUTS = sorted((ROOT / "inputs" / "text").glob("*"))
GOLDEN = ROOT / "golden" / "model"
FLAVOURS = {"markdown", "pdftotext", "plain"}


def render(content) -> str:
    out = []
    for n in content:
        if isinstance(n, FootnoteRef):
            out.append(f"[^{n.label}]")
        elif isinstance(n, Link):
            out.append(f"<{n.url}>")
        elif isinstance(n, Text):
            out.append(n.text)
        else:
            tag = "**" if type(n).__name__ == "Strong" else "_"
            out.append(tag + render(n.children) + tag)
    return "".join(out).replace("\n", "⏎")


def dump(text: str, flavour: str) -> str:
    lines = [f"flavour: {detect_flavour(text)}"]
    for b in extract_text(text, flavour):
        cues = "".join([f" h{b.level}" if b.level else "", " b" if b.bold else "", " i" if b.italic else "",
                        f" {b.furniture_kind}" if b.furniture_kind else ""])
        provs = ",".join(f"{p.lines[0]}-{p.lines[1]}" + (f"p{p.page}" if p.page else "") for p in b.provenance)
        label = f":{b.label}" if b.label else ""
        lines.append(f"{b.kind}{label}{cues} @{provs} | {render(b.content)}")
    return "\n".join(lines)


CASES = [(t, i, e) for t, i, e in read_fixtures("text_flavours.txt")]


@pytest.mark.parametrize("title,inp,expected", CASES, ids=[c[0] for c in CASES])
def test_text_fixture(title, inp, expected):
    flavour = title.split(":", 1)[0]
    assert flavour in FLAVOURS
    assert dump(inp, flavour) == expected


@pytest.mark.parametrize("title,inp,expected", CASES, ids=[c[0] for c in CASES])
def test_flavour_detected(title, inp, expected):
    assert detect_flavour(inp) == title.split(":", 1)[0]


def test_pages_follow_form_feeds():
    pages = split_pages("a\nb\fc\n\fd")
    assert [[(x.no, x.page, x.text) for x in p] for p in pages] == [
        [(1, 1, "a"), (2, 1, "b")], [(2, 2, "c"), (3, 2, "")], [(3, 3, "d")]]


def test_gutter_found_only_on_two_column_pages():
    two = split_pages("\n".join(f"left text number {i:02d}          right text number {i:02d}" for i in range(12)))
    one = split_pages("\n".join(f"a single column line of text number {i:02d}" for i in range(12)))
    assert find_gutter(two[0]) == 29
    assert find_gutter(one[0]) is None


# ---------------------------------------------------------------- model goldens


@pytest.mark.parametrize("src", INPUTS, ids=lambda p: p.name)
def test_model_golden(src, golden):
    text = src.read_text(encoding="utf-8")
    doc = build_document(extract_text(text))
    golden(GOLDEN / f"{src.name}.json", json.dumps(codec.document_to_dict(doc), indent=1, ensure_ascii=False) + "\n")


def test_inputs_cover_every_flavour():
    seen = {detect_flavour(p.read_text(encoding="utf-8")) for p in INPUTS}
    assert seen == FLAVOURS


# ---------------------------------------------------------------- shared samples


def _scorer(shared_dir):
    tool = shared_dir / "tools" / "score-jats"
    if not tool.is_file():
        pytest.skip("score-jats not available")
    return runpy.run_path(str(tool))


def _shared_inputs():
    from conftest import SHARED
    return [SHARED / "samples" / "issi-iran-north-korea-2017.md"] + sorted((SHARED / "samples" / "text").glob("*"))


@pytest.mark.shared
def test_shared_samples_score(shared_dir, tmp_path):
    import convert
    sc = _scorer(shared_dir)
    gold = json.loads((shared_dir / "samples" / "gold" / "issi-iran-north-korea-2017.json").read_text())
    scores = {}
    for src in _shared_inputs():
        out = tmp_path / (src.name + ".xml")
        out.write_text(convert.to_jats(convert.convert(src)), encoding="utf-8")
        rows, _ = sc["score"](gold, str(out), sc["DEFAULT_DTD"])
        scores[src.name] = sum(rows.values()) / len(rows)
    assert len(scores) == 13
    assert scores["issi-iran-north-korea-2017.md"] >= 0.9995, scores
    texts = [v for k, v in scores.items() if k != "issi-iran-north-korea-2017.md"]
    assert min(texts) >= 0.95, scores
    assert sum(texts) / len(texts) >= 0.98, scores


# ---------------------------------------------------------------- robustness


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600),
       st.sampled_from([None, "markdown", "pdftotext", "plain"]))
def test_extract_never_raises(text, flavour):
    for b in extract_text(text, flavour):
        assert b.provenance and all(p.lines and p.lines[0] <= p.lines[1] for p in b.provenance)


LAYOUT_TOKENS = st.sampled_from(["word", "Word.", "1http://x.org/a-", "b/", "2630394", "12", "* Mr. X is",
                                 "By Ana Lima", "Page 2", "   ", "          ", "\f", "-", "(Views expressed)",
                                 "March 2021", "2 A note.", "x" * 30, "ends.", "3"])
LAYOUT_TEXTS = st.lists(st.lists(LAYOUT_TOKENS, max_size=12).map(" ".join), max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LAYOUT_TEXTS, st.sampled_from(["pdftotext", "plain"]))
def test_pdftotext_extraction_keeps_every_character(text, flavour):
    blocks = extract_text(text, flavour)
    got = "".join(render_plain(b.content) + (b.label or "") for b in blocks)
    assert sorted(c for c in got if not c.isspace()) == sorted(c for c in text if not c.isspace())


def render_plain(content) -> str:
    from convert.model import plain_text
    return plain_text(content)
