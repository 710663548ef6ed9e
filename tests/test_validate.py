"""Validators: accept our outputs, reject broken files with line-numbered issues, stay safe."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from convert import validation as v
from convert.standards import JATS_DTD_ENV
from convert.validation import issues as vissues, json as vjson
from convert.errors import BriefconvError, InputError
from convert.write.jats import write_jats
from convert.extract.json import read_json
from convert.write.json import write_json
from convert.write.markdown import write_markdown

GOLDEN = Path(__file__).parent / "golden" / "writers"
from conftest import ARCHIVING_DTD  # noqa: E402


@pytest.fixture(scope="module")
def doc():
    return read_json((GOLDEN / "full.model.json").read_text(encoding="utf-8"))


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def messages(issues):
    return [str(i) for i in issues]


# ---------------------------------------------------------------- Issue / dispatch


def test_issue_str_is_file_line_message():
    assert str(v.Issue("out.xml", 12, "bad thing")) == "out.xml:12: bad thing"


@pytest.mark.parametrize("suffix,writer", [(".xml", write_jats), (".json", write_json), (".md", write_markdown)])
def test_validate_file_accepts_our_outputs(tmp_path, doc, suffix, writer):
    path = tmp_path / f"out{suffix}"
    path.write_text(writer(doc), encoding="utf-8")
    assert v.validate_file(path) == []


@pytest.mark.parametrize("writer,kind", [(write_jats, "jats"), (write_json, "json"), (write_markdown, "md")])
def test_kind_is_detected_from_content_without_extension(tmp_path, doc, writer, kind, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text(writer(doc), encoding="utf-8")
    seen = []
    for name in ("validate_jats_text", "validate_json_text", "validate_markdown_text"):
        monkeypatch.setattr(v, name, lambda *a, _n=name, **k: seen.append(_n) or [])
    v.validate_file(path)
    assert seen == [{"jats": "validate_jats_text", "json": "validate_json_text", "md": "validate_markdown_text"}[kind]]


def test_explicit_kind_overrides_extension(tmp_path, doc):
    path = tmp_path / "out.md"
    path.write_text(write_json(doc), encoding="utf-8")
    assert v.validate_file(path, kind="json") == []
    with pytest.raises(InputError, match="unknown kind"):
        v.validate_file(path, kind="pdf")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        v.validate_file(tmp_path / "nope.xml")


# ---------------------------------------------------------------- JATS


def test_jats_dangling_rid_is_reported_on_its_line(doc):
    xml = write_jats(doc).replace('rid="fn2"', 'rid="fn99"', 1)
    issues = v.validate_jats_text(xml, "a.xml")
    want = line_of(xml, 'rid="fn99"')
    assert any(i.line == want and "fn99" in i.message and "points to no element" in i.message for i in issues), messages(issues)


def test_jats_sec_without_title_is_reported_on_its_line(doc):
    xml = write_jats(doc).replace("<title>Details</title>", "", 1)
    issues = v.validate_jats_text(xml, "a.xml")
    assert any("<sec> must start with <title>" in i.message for i in issues)
    sec_line = line_of(xml, "<title>The 1994 Agreed Framework</title>") + 2
    assert any(i.line == sec_line for i in issues), messages(issues)


def test_jats_duplicate_id_and_bad_month(doc):
    xml = write_jats(doc).replace('id="fn2"', 'id="fn1"').replace("<month>08</month>", "<month>13</month>")
    text = "\n".join(messages(v.validate_jats_text(xml, "a.xml")))
    assert re.search(r"a\.xml:\d+: duplicate id 'fn1' \(first on line \d+\)", text)
    assert f"a.xml:{line_of(xml, '<month>13')}: <month> 13 is out of range 1-12" in text


def test_jats_element_outside_subset_fails_rng(doc):
    xml = write_jats(doc).replace("<italic>emphasis</italic>", "<underline>emphasis</underline>")
    issues = v.validate_jats_text(xml, "a.xml")
    assert any("RELAX NG" in i.message for i in issues)


def test_jats_not_well_formed_gives_the_line():
    issues = v.validate_jats_text("<article>\n<front>\n</article>\n", "a.xml")
    assert len(issues) == 1 and issues[0].line == 3 and "not well-formed" in issues[0].message


def test_jats_wrong_root_and_doctype():
    issues = v.validate_jats_text("<book/>", "a.xml")
    assert any("expected <article>" in i.message for i in issues)


@pytest.mark.shared
def test_jats_checked_against_official_dtd_when_given(doc):
    xml = write_jats(doc).replace("<article-title>", '<article-title bogus="1">')
    assert not any("JATS DTD" in i.message for i in v.validate_jats_text(xml, "a.xml"))
    issues = v.validate_jats_text(xml, "a.xml", jats_dtd=str(ARCHIVING_DTD))
    assert any("JATS DTD" in i.message and i.line == line_of(xml, "bogus") for i in issues), messages(issues)


@pytest.mark.shared
def test_jats_dtd_from_environment(doc, monkeypatch):
    xml = write_jats(doc).replace("<article-title>", '<article-title bogus="1">')
    monkeypatch.setenv(JATS_DTD_ENV, str(ARCHIVING_DTD))
    assert any("JATS DTD" in i.message for i in v.validate_jats_text(xml, "a.xml"))


def test_unloadable_dtd_is_an_issue(doc, tmp_path):
    issues = v.validate_jats_text(write_jats(doc), "a.xml", jats_dtd=str(tmp_path / "missing.dtd"))
    assert any("cannot load DTD" in i.message for i in issues)


def test_xxe_is_reported_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xml = (f'<?xml version="1.0"?>\n<!DOCTYPE article [<!ENTITY x SYSTEM "file://{secret}">]>\n'
           '<article><front><article-meta/></front><body><p>&x;</p></body></article>')
    issues = v.validate_jats_text(xml, "x.xml")
    assert issues and any("entity" in i.message for i in issues)
    assert "TOPSECRET" not in "".join(messages(issues))


def test_billion_laughs_is_an_issue_not_a_hang():
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    xml = f'<?xml version="1.0"?>\n<!DOCTYPE article [{ents}]>\n<article>&a9;</article>'
    issues = v.validate_jats_text(xml, "bomb.xml")
    assert issues
    assert sum(len(i.message) for i in issues) < 10_000


def test_external_dtd_is_not_fetched(tmp_path, doc):
    # a DOCTYPE pointing at the network must not be loaded (no_network, load_dtd=False)
    xml = write_jats(doc).replace("https://jats.nlm.nih.gov/archiving/1.4/", "http://127.0.0.1:9/")
    issues = v.validate_jats_text(xml, "a.xml")
    assert all("failed to load" not in i.message for i in issues)


# ---------------------------------------------------------------- JSON


def test_json_wrong_type_is_reported_at_the_value_line(doc):
    data = json.loads(write_json(doc))
    data["blocks"][1]["level"] = "one"
    text = json.dumps(data, indent=2)
    issues = v.validate_json_text(text, "d.json")
    assert [str(i) for i in issues] == [f"d.json:{line_of(text, chr(34) + 'one' + chr(34))}: /blocks/1/level: 'one' is not of type 'integer'"]


def test_json_missing_field_is_reported_at_its_parent(doc):
    data = json.loads(write_json(doc))
    del data["contributors"][2]["surname"]
    text = json.dumps(data, indent=2)
    issues = v.validate_json_text(text, "d.json")
    assert len(issues) == 1
    assert "'surname' is a required property" in issues[0].message
    assert issues[0].line == line_of(text, '"role": "editor"') - 1


def test_json_unknown_field_and_bad_version(doc):
    data = json.loads(write_json(doc))
    data["schema_version"] = "2.0"
    data["metadata"]["isbn"] = "x"
    issues = v.validate_json_text(json.dumps(data, indent=1), "d.json")
    text = " | ".join(i.message for i in issues)
    assert "/schema_version" in text and "Additional properties" in text and "isbn" in text


def test_json_wrong_inline_reports_the_matching_branch(doc):
    data = json.loads(write_json(doc))
    data["blocks"][0]["content"][1] = {"type": "footnote_ref", "label": 1}
    text = json.dumps(data, indent=2)
    issues = v.validate_json_text(text, "d.json")
    assert [i.message for i in issues] == ["/blocks/0/content/1/label: 1 is not of type 'string'"]
    assert issues[0].line == line_of(text, '"label": 1')


def test_json_syntax_error_has_line():
    issues = v.validate_json_text('{\n  "a": 1,\n}\n', "d.json")
    assert len(issues) == 1 and issues[0].line == 3 and "invalid JSON" in issues[0].message


def test_json_value_lines_maps_paths():
    text = '{\n "a": [\n  1,\n  {"b": "x"}\n ],\n "c": null\n}'
    lines = vjson.json_value_lines(text)
    assert lines[("a",)] == 2 and lines[("a", 0)] == 3 and lines[("a", 1, "b")] == 4 and lines[("c",)] == 6


# ---------------------------------------------------------------- Markdown


def test_markdown_dangling_reference_has_line(doc):
    md = write_markdown(doc).replace("[^3]: ", "[^33]: ")
    issues = v.validate_markdown_text(md, "d.md")
    assert f"d.md:{line_of(md, 'Second level text.[^3]')}: footnote reference [^3] has no definition" in messages(issues)
    assert f"d.md:{line_of(md, '[^33]:')}: footnote definition [^33] is never referenced" in messages(issues)


def test_markdown_raw_html_has_line(doc):
    md = write_markdown(doc) + "\nsome <span>inline</span> html\n\n<div>\nblock\n</div>\n"
    issues = v.validate_markdown_text(md, "d.md")
    assert any(i.line == line_of(md, "some <span>") and "raw HTML" in i.message for i in issues)
    assert any(i.line == line_of(md, "<div>") and "raw HTML block" in i.message for i in issues)


def test_markdown_escaped_reference_is_not_a_reference():
    assert v.validate_markdown_text("Text \\[^1\\] and \\[^2] here.\n", "d.md") == []


@pytest.mark.parametrize("front,message,line", [
    ('---\ntitle: "unterminated\n---\n', "not YAML", 2),
    ("---\ntitle: x\n", "front matter is not closed", 1),
    ('---\ndate: "24 Aug 2017"\n---\n', "is not YYYY", 2),
    ('---\nbriefconv:\n  authors:\n    - given: ["A"]\n---\n', "briefconv.authors: given must be a string", 2),
    ("---\ntitle: [a, b]\n---\n", "title must be a string, not a list", 2),
    ("---\n- a\n- b\n---\n", "not a mapping", 2),
])
def test_markdown_bad_front_matter(front, message, line):
    issues = v.validate_markdown_text(front + "\nBody.\n", "d.md")
    assert any(message in i.message and i.line == line for i in issues), messages(issues)


@pytest.mark.parametrize("front", [
    "---\ntitle: 'single quotes'\n---\n",
    "---\nabstract: >\n  folded\n  scalar\n---\n",
    "---\ncolour: red\nkeywords: [a, b]\n---\n",
    "---\ndate: 2017-08-24\nauthor: Jane Doe\n---\n",
    "---\nauthor:\n  - name: Jane Doe\n    affiliation: Inst\n---\n",
])
def test_markdown_valid_yaml_front_matter_is_accepted(front):
    assert v.validate_markdown_text(front + "\nBody.\n", "d.md") == []


def test_missing_pyyaml_raises_a_briefconv_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(v.MissingDependencyError, match="PyYAML"):
        v.validate_markdown_text("---\ntitle: x\n---\n\nBody.\n")


# ---------------------------------------------------------------- optional dependencies


def test_missing_optional_dependency_raises_a_briefconv_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "markdown_it", None)
    with pytest.raises(BriefconvError, match=re.escape("pip install 'briefconv[validate]'")):
        v.validate_markdown_text("x\n")


def test_missing_jsonschema_raises_a_briefconv_error(monkeypatch):
    vjson.json_validator.cache_clear()
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    try:
        with pytest.raises(v.MissingDependencyError, match="briefconv\\[validate\\]"):
            v.validate_json_text("{}")
    finally:
        monkeypatch.undo()
        vjson.json_validator.cache_clear()


def test_schemas_are_package_resources():
    names = {p.name for p in vissues.schema_file("document.schema.json").parent.iterdir()}
    assert {"document.schema.json", "jats-subset.rng"} <= names
    assert os.path.basename(str(vissues.schema_file("jats-subset.rng"))) == "jats-subset.rng"


def test_library_validate_works_in_a_fresh_process_whatever_was_imported_first(tmp_path):
    # convert/__init__ binds the name `validate` to a function; it once clashed with a
    # module of the same name (now convert.validation)
    import subprocess
    out = tmp_path / "doc.json"
    out.write_text('{"not": "a document"}', encoding="utf-8")
    code = ("import sys, convert, convert.validation; from convert import pipeline; "
            "assert callable(convert.validate); "
            "issues = convert.validate(sys.argv[1]); assert pipeline.validate(sys.argv[1]) == issues; "
            "print(len(issues))")
    run = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) > 0


def test_validate_checks_content_held_in_memory(doc):
    import convert
    assert convert.validate(content=write_json(doc), kind="json") == []
    assert convert.validate(content=write_jats(doc).encode("utf-8"), kind="jats") == []
    assert convert.validate(content="{}", kind="json")[0].message.startswith("/: 'schema_version'")


def test_validate_content_needs_a_kind():
    import convert
    from convert.errors import UsageError
    with pytest.raises(UsageError, match="needs kind="):
        convert.validate(content="{}")
