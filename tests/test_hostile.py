"""Hostile and pathological inputs: each converts or fails with one BriefconvError line, in
bounded work (issue: hostile inputs).  Hand-built cases run everywhere; the folder of real
hostile files in ../shared/corpus/hostile runs when it is there."""
from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convert
import pdfgen
from convert.errors import BriefconvError, DamagedPDFError, InputError, LimitExceededError
from convert.extract.json import read_json
from convert.extract.text import detect_flavour
from convert.extract.text.markdown import heading_text
from convert.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
# the budget for one hostile input: a guard against hangs and blow-ups, not a speed
# measurement (benchmarks measure speed)
CPU_SECONDS = 10
PEAK_MEMORY_MB = 1024


def test_a_loop_of_references_is_a_damaged_pdf_not_a_hang():
    # pdfminer's guard (PDFium reads such a loop as no content: tests/test_pdf_readers.py)
    with pytest.raises(DamagedPDFError, match="loop"):
        convert.convert(pdfgen.reference_loop_pdf(), backend="pdfplumber")


def test_a_page_drawing_more_glyphs_than_the_limit_fails_naming_the_limit():
    data = pdfgen.many_glyphs_pdf(500)
    with pytest.raises(LimitExceededError, match="more than 100 glyphs") as caught:
        convert.convert(data, limits=Limits(max_glyphs_per_page=100))
    assert caught.value.limit == "max_glyphs_per_page"
    assert convert.convert(data).source.pages == 1  # the default limit is far above a real page


def test_a_stream_inflating_past_the_limit_fails_naming_the_limit():
    data = pdfgen.inflating_pdf(200_000)
    with pytest.raises(LimitExceededError, match="inflates to more than 10,000 bytes") as caught:
        convert.convert(data, limits=Limits(max_inflated_bytes=10_000))
    assert caught.value.limit == "max_inflated_bytes"
    assert convert.convert(data).source.pages == 1


def test_a_pdf_header_followed_by_megabytes_of_nul_bytes_fails_at_once():
    with pytest.raises(DamagedPDFError, match="damaged PDF"):
        convert.convert(b"%PDF-1.4\n" + bytes(3 << 20))


@pytest.mark.parametrize("field,value,message", [
    ("title", 5, r"metadata\.title: expected string or null, got an integer"),
    ("series", [], r"metadata\.series: expected string or null, got a list"),
])
def test_our_json_with_a_wrong_field_type_is_an_input_error_naming_the_field(field, value, message):
    doc = json.loads(convert.to_json(convert.convert_text("# Title\n\nA paragraph.\n")))
    doc["metadata"][field] = value
    with pytest.raises(InputError, match=message):
        read_json(json.dumps(doc))


def _nodes(value):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _nodes(v)
    elif isinstance(value, list):
        for v in value:
            yield from _nodes(v)


def test_a_link_without_an_address_is_an_input_error():
    from convert import model as m
    doc = json.loads(convert.to_json(m.Document(blocks=[
        m.Paragraph([m.Text("A "), m.Link("http://example.org", [m.Text("link")])])])))
    link = next(node for node in _nodes(doc) if node.get("type") == "link")
    link["url"] = None
    with pytest.raises(InputError, match=r"\]\.url: expected string, got null"):
        read_json(json.dumps(doc))


def test_json_nested_deeper_than_the_limit_is_an_input_error():
    block: dict = {"type": "paragraph", "content": [{"type": "text", "text": "deep"}]}
    for _ in range(200):
        block = {"type": "blockquote", "blocks": [block]}
    text = json.dumps({"schema_version": "1.0", "blocks": [block]})
    with pytest.raises(InputError, match="nested more than 64 deep"):
        read_json(text)


def test_format_detection_of_a_megabyte_of_brackets_is_linear():
    # the link signal once rescanned the rest of the text from every "[" (quadratic)
    assert detect_flavour("[" * 200_000) == "plain"


@pytest.mark.parametrize("rest,text", [
    ("Title", "Title"), ("Title ##", "Title"), ("C#", "C#"), ("##", ""), ("  spaced  #  ", "spaced"),
    (" " * 4000 + "#" * 4000 + " x", "#" * 4000 + " x"),
])
def test_heading_text_cuts_only_a_closing_sequence(rest, text):
    assert heading_text(rest) == text


CHILD = """
import resource, sys
import convert
try:
    doc = convert.convert(sys.argv[1])
    for write in (convert.to_jats, convert.to_json, convert.to_markdown):
        write(doc)
    outcome = "converted"
except convert.BriefconvError as e:
    outcome = "failed: " + str(e).splitlines()[0]
print(outcome)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _hostile_files():
    from conftest import SHARED
    folder = SHARED / "corpus" / "hostile"
    return sorted(p for p in folder.glob("*") if p.suffix in (".pdf", ".md", ".txt", ".json")) \
        if folder.is_dir() else []


def _cpu_limit():
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


@pytest.mark.shared
@pytest.mark.parametrize("path", _hostile_files(), ids=lambda p: p.name)
def test_each_hostile_file_converts_or_fails_with_one_line_within_the_budget(path):
    run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                         cwd=ROOT, preexec_fn=_cpu_limit, timeout=10 * CPU_SECONDS)
    assert run.returncode == 0, f"killed or crashed (CPU limit {CPU_SECONDS} s?): {run.stderr[-500:]}"
    outcome, peak_kib = run.stdout.splitlines()[-2:]
    assert outcome == "converted" or outcome.startswith("failed: "), outcome
    assert int(peak_kib) / 1024 < PEAK_MEMORY_MB, f"peak memory {int(peak_kib) // 1024} MB"


def test_every_error_raised_on_random_bytes_is_a_briefconv_error():
    import random
    rng = random.Random(7)
    for n in range(200):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        if n % 3 == 0:
            data = b"%PDF-1.4\n" + data
        try:
            convert.convert(data)
        except BriefconvError:
            pass


def test_a_failed_inspect_leaves_no_pictures(tmp_path, monkeypatch):
    from convert import inspect as inspector
    data, _ = pdfgen.make(pdfgen.sample_brief(8))
    real = inspector.iter_page_images

    def second_page_fails(*args, **kwargs):
        for n, img in enumerate(real(*args, **kwargs), 1):
            if n == 2:
                raise DamagedPDFError("cannot render page 2")
            yield img
    monkeypatch.setattr(inspector, "iter_page_images", second_page_fails)
    with pytest.raises(DamagedPDFError):
        inspector.render_regions(data, [], tmp_path / "pages", stem="brief")
    assert list((tmp_path / "pages").iterdir()) == []


def test_validating_our_json_of_a_deeply_nested_quote_reports_no_recursion_error(tmp_path):
    from convert import model as m
    block: m.Block = m.Paragraph([m.Text("deep")])
    for _ in range(60):
        block = m.BlockQuote([block])
    out = tmp_path / "deep.json"
    out.write_text(convert.to_json(m.Document(blocks=[block])), encoding="utf-8")
    assert convert.validate(out) == []


def test_our_json_with_an_unknown_furniture_kind_is_an_input_error():
    from convert import model as m
    doc = json.loads(convert.to_json(m.Document(furniture=[m.Furniture("header", "Running head")])))
    doc["furniture"][0]["kind"] = "banner"
    with pytest.raises(InputError, match=r"furniture\[0\]\.kind: expected one of .*got 'banner'"):
        read_json(json.dumps(doc))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "text", "content", "blocks", "label", "url", "children", "title", "kind",
                         "level", "provenance", "page", "bbox", "metadata", "footnotes", "furniture"]),
        inner, max_size=4),
    max_leaves=20)
DOCUMENT_KEYS = st.sampled_from(["metadata", "contributors", "disclaimer", "abstract", "blocks", "footnotes",
                                 "furniture", "warnings", "source", "front_provenance"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(DOCUMENT_KEYS, JSON_VALUES, max_size=5))
def test_any_json_document_is_read_or_refused_with_an_input_error(fields):
    text = json.dumps({"schema_version": "1.0", **fields})
    try:
        read_json(text)
    except InputError:
        pass
