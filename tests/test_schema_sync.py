"""The JSON Schema, the model and the codec stay in step: adding a field in one place
without the others fails here."""
from __future__ import annotations

import dataclasses
import json
import typing

import pytest

from convert import codec
from convert.validation.issues import schema_file
from convert import model as m

SCHEMA = json.loads(schema_file("document.schema.json").read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]

# model class -> schema definition; the codec renames nothing but adds "type" tags
CLASS_DEFS = {
    m.Provenance: "Provenance", m.Text: "Text", m.Emphasis: "Emphasis", m.Strong: "Strong", m.Link: "Link",
    m.FootnoteRef: "FootnoteRef", m.Paragraph: "Paragraph", m.Heading: "Heading", m.BlockQuote: "BlockQuote",
    m.ListBlock: "ListBlock", m.Footnote: "Footnote", m.DateValue: "DateValue", m.Contributor: "Contributor",
    m.Metadata: "Metadata", m.Furniture: "Furniture", m.Warning: "Warning", m.Source: "Source",
    m.Table: "Table", m.TableCell: "TableCell", m.Permissions: "Permissions", m.BoxedText: "BoxedText",
}
TAGGED = {cls: tag for tag, cls in {**codec.INLINE_TYPES, **codec.BLOCK_TYPES}.items()}


def model_classes():
    """Every dataclass in convert.model, found by walking Document's field types."""
    seen, todo = set(), [m.Document]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls, vars(m))
        for f in dataclasses.fields(cls):
            todo.extend(t for t in flatten(hints[f.name]) if dataclasses.is_dataclass(t))
    return seen


def flatten(tp):
    args = typing.get_args(tp)
    if not args:
        return [tp]
    return [x for a in args for x in flatten(a)]


def schema_props(defn: dict) -> set:
    return set(defn["properties"]) - {"type"}


def test_every_model_dataclass_has_a_schema_definition():
    classes = model_classes() - {m.Document}
    assert classes == set(CLASS_DEFS), "new model class: add a $defs entry and map it in CLASS_DEFS"


@pytest.mark.parametrize("cls", list(CLASS_DEFS), ids=lambda c: c.__name__)
def test_model_fields_match_schema_properties(cls):
    fields = {f.name for f in dataclasses.fields(cls)}
    assert fields == schema_props(DEFS[CLASS_DEFS[cls]])


def test_document_fields_match_top_level_properties():
    fields = {f.name for f in dataclasses.fields(m.Document)}
    assert fields | {"schema_version"} == set(SCHEMA["properties"])
    assert set(SCHEMA["required"]) == set(SCHEMA["properties"])


@pytest.mark.parametrize("cls", list(TAGGED), ids=lambda c: c.__name__)
def test_type_tags_match_codec(cls):
    assert DEFS[CLASS_DEFS[cls]]["properties"]["type"] == {"const": TAGGED[cls]}


def test_every_definition_is_closed():
    for name, defn in DEFS.items():
        if defn.get("type") == "object":
            assert defn.get("additionalProperties") is False, name
    assert SCHEMA["additionalProperties"] is False


def test_schema_version_const_is_the_model_version():
    assert SCHEMA["properties"]["schema_version"] == {"const": m.SCHEMA_VERSION}


def test_required_fields_are_those_the_codec_always_writes():
    """Optional model fields that the codec drops when None must not be required."""
    doc = m.Document(contributors=[m.Contributor("author")], abstract=[m.Paragraph()],
                     blocks=[m.Heading(1), m.BlockQuote(), m.ListBlock(), m.Table(body=[[m.TableCell()]]),
                             m.BoxedText()], footnotes=[m.Footnote("1")],
                     furniture=[m.Furniture("header", "h")], warnings=[m.Warning("uncited-footnote", "w")],
                     metadata=m.Metadata(date=m.DateValue("2017", "2017")))
    d = codec.document_to_dict(doc)
    samples = {"Contributor": d["contributors"][0], "Paragraph": d["abstract"][0], "Heading": d["blocks"][0],
               "BlockQuote": d["blocks"][1], "ListBlock": d["blocks"][2],
               "Table": d["blocks"][3], "TableCell": d["blocks"][3]["body"][0][0],
               "BoxedText": d["blocks"][4], "Footnote": d["footnotes"][0],
               "Furniture": d["furniture"][0], "Warning": d["warnings"][0], "DateValue": d["metadata"]["date"],
               "Provenance": codec.provenance_to_dict(m.Provenance()), "Source": d["source"],
               "Metadata": {k: v for k, v in d["metadata"].items() if k != "date"}}
    for name, sample in samples.items():
        assert set(DEFS[name].get("required", [])) == set(sample), name


def test_schema_is_valid_2020_12():
    import jsonschema
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
