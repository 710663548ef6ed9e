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
