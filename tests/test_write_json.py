"""Document <-> JSON text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from convert import codec
from convert import model as m
from convert.errors import InputError
from convert.extract.json import read_json
from convert.write.json import write_json

GOLDEN = Path(__file__).parent / "golden" / "writers"
CASES = sorted(p.name[: -len(".model.json")] for p in GOLDEN.glob("*.model.json"))


@pytest.mark.parametrize("case", CASES)
def test_model_json_goldens_are_in_writer_format(case):
    text = (GOLDEN / f"{case}.model.json").read_text(encoding="utf-8")
    assert write_json(read_json(text)) == text


def test_json_is_indented_unescaped_with_one_trailing_newline():
    doc = m.Document(metadata=m.Metadata(title="Café – “quoted” 北"))
    out = write_json(doc)
    assert "Café – “quoted” 北" in out
    assert out.endswith("}\n") and not out.endswith("\n\n")
    assert out.startswith('{\n  "schema_version"')


def test_json_is_the_codec_dict():
    doc = read_json((GOLDEN / "full.model.json").read_text(encoding="utf-8"))
    assert json.loads(write_json(doc)) == codec.document_to_dict(doc)


def test_read_json_round_trips_a_full_document():
    text = (GOLDEN / "full.model.json").read_text(encoding="utf-8")
    doc = read_json(text)
    assert doc.metadata.date == m.DateValue("2017-08-24", "August 24, 2017")
    assert doc.blocks[0].provenance[0].bbox == (72.0, 100.5, 540.0, 160.0)
    assert read_json(write_json(doc)) == doc


@pytest.mark.parametrize("text,message", [
    ("{", "invalid JSON at line 1"),
    ('{"schema_version": "1.0",\n "blocks": [}', "invalid JSON at line 2"),
    ("[1, 2]", "top level is a JSON list"),
    ('{"blocks": []}', "no schema_version"),
    ('{"schema_version": "9.0"}', "unsupported schema_version"),
    ('{"schema_version": "1.0", "blocks": [{"type": "heading"}]}', "missing field 'level'"),
    ('{"schema_version": "1.0", "blocks": [{"type": "figure"}]}', "unknown block type"),
    ('{"schema_version": "1.0", "metadata": []}', "not a briefconv document"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
])
def test_read_json_rejects_bad_input_with_input_error(text, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        read_json(text)


# ---------------------------------------------------------------- orjson, byte for byte


def _with_and_without_orjson(obj):
    from convert.write import json as jw
    return jw.dumps_indented(obj), jw.stdlib_dumps(obj)


@pytest.mark.parametrize("case", CASES)
def test_orjson_output_is_byte_identical_to_the_standard_library(case):
    pytest.importorskip("orjson")
    fast, slow = _with_and_without_orjson(codec.document_to_dict(read_json((GOLDEN / f"{case}.model.json").read_text("utf-8"))))
    assert fast == slow


@pytest.mark.parametrize("obj", [
    {"s": "\x00\x1f\x7f\u2028\u2029 é 😀 \"\\ / \t\n"},
    {"floats": [0.1, 72.55, 1e16, 123456789.123, -0.0, 5e-324, 1.7976931348623157e308, 1e-7, 3.2e-05, 1.5841978883873322e-05]},
    {"big": 2 ** 70, "empty": {}, "none": [], "flags": [True, False, None]},
    {"lone": "\ud800"},
    {1: "non-str key"},
])
def test_json_text_is_the_standard_librarys_whatever_orjson_would_do(obj):
    fast, slow = _with_and_without_orjson(obj)
    assert fast == slow


def test_json_writer_uses_orjson_when_installed(monkeypatch):
    orjson = pytest.importorskip("orjson")
    calls = []
    real = orjson.dumps
    monkeypatch.setattr(orjson, "dumps", lambda *a, **k: calls.append(1) or real(*a, **k))
    write_json(m.Document(metadata=m.Metadata(title="T")))
    assert calls


def test_json_writer_without_orjson_uses_the_standard_library(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "orjson", None)
    doc = m.Document(metadata=m.Metadata(title="T"))
    assert write_json(doc) == json.dumps(codec.document_to_dict(doc), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.shared
@pytest.mark.slow
def test_orjson_output_is_byte_identical_on_every_shared_pdf(shared_pdf_documents):
    pytest.importorskip("orjson")
    for path, doc in shared_pdf_documents.items():
        fast, slow = _with_and_without_orjson(codec.document_to_dict(doc))
        assert fast == slow, path


def test_orjson_output_is_byte_identical_for_generated_documents():
    pytest.importorskip("orjson")
    from hypothesis import given
    from test_roundtrip_props import SETTINGS, documents

    @SETTINGS
    @given(documents())
    def check(doc):
        fast, slow = _with_and_without_orjson(codec.document_to_dict(doc))
        assert fast == slow

    check()
