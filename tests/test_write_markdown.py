"""Document -> Markdown: goldens, and each rule checked by parsing the output back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from convert import model as m
from convert.validation.markdown import parse_markdown, validate_markdown_text
from convert.extract.json import read_json
from convert.write.markdown import write_markdown

GOLDEN = Path(__file__).parent / "golden" / "writers"
CASES = sorted(p.name[: -len(".model.json")] for p in GOLDEN.glob("*.model.json"))
T = m.Text


def load(case: str) -> m.Document:
    return read_json((GOLDEN / f"{case}.model.json").read_text(encoding="utf-8"))


def para_texts(md: str) -> list[str]:
    """Texts of the paragraphs outside footnote definitions, as markdown-it reads them."""
    tokens, _ = parse_markdown(md)
    out, depth = [], 0
    for tok in tokens:
        depth += {"footnote_block_open": 1, "footnote_block_close": -1}.get(tok.type, 0)
        if tok.type == "inline" and depth == 0 and tokens[tokens.index(tok) - 1].type == "paragraph_open":
            out.append(inline_text(tok))
    return out


def inline_text(tok) -> str:
    return "".join(c.content if c.type in ("text", "code_inline") else " " if c.type.endswith("break") else ""
                   for c in tok.children)


def front_matter(md: str) -> dict:
    import yaml  # test-only: proves the hand-written YAML is real YAML
    tokens, _ = parse_markdown(md)
    fm = [t for t in tokens if t.type == "front_matter"]
    return yaml.safe_load(fm[0].content) if fm else {}


@pytest.mark.parametrize("case", CASES)
def test_markdown_matches_golden(case, golden):
    golden(GOLDEN / f"{case}.md", write_markdown(load(case)))


@pytest.mark.parametrize("case", CASES)
def test_markdown_output_passes_our_validator(case):
    assert validate_markdown_text(write_markdown(load(case)), case) == []


def test_front_matter_is_yaml_in_pandocs_vocabulary_with_ours_namespaced():
    fm = front_matter(write_markdown(load("full")))
    assert fm["title"] == "Iran, North Korea & the Bomb"
    assert fm["subtitle"] == "Lessons \\<for> 2018"  # Markdown, as pandoc reads it
    assert fm["author"] == ["Jane Q. Doe", "Li Wei"]
    assert fm["institute"] == ["Senior Fellow, Institute for Strategic Study"]
    assert fm["date"] == "2017-08-24"
    assert fm["lang"] == "en"
    own = fm["briefconv"]
    assert own["series"] == "Issue Brief"
    assert own["date_printed"] == "August 24, 2017"
    assert [(a["given"], a["surname"]) for a in own["authors"]] == [("Jane Q.", "Doe"), ("Li", "Wei")]
    assert own["authors"][0]["affiliation"] == "Senior Fellow, Institute for Strategic Study"
    assert own["authors"][0]["note"] == "Jane Q. Doe is a senior fellow working on nonproliferation."
    assert own["editors"] == [{"given": "Maria", "surname": "O'Neil", "affiliation": "Series Editor"}]
    assert own["disclaimer"].startswith("The views expressed")
    assert set(fm) <= {"title", "subtitle", "author", "institute", "date", "lang", "abstract", "briefconv"}


@pytest.mark.parametrize("value", ['say "hi"', "back\\slash", "line\nbreak", "tab\there", "ctl\x01\x7f",
                                   "# not a comment", "- not a list", ": colon", "\u2028sep", "emoji 😀"])
def test_front_matter_scalars_survive_yaml(value):
    fm = front_matter(write_markdown(m.Document(metadata=m.Metadata(title="T", series=value))))
    assert fm["briefconv"]["series"] == value


@pytest.mark.parametrize("value", ["*stars* and _unders_", "<angles> & [brackets]", "# not a heading",
                                   "- not a list", "1. not a list", "back\\slash `ticks`"])
def test_pandoc_keys_hold_markdown_that_reads_back_as_the_text(value):
    """pandoc reads metadata strings as Markdown: the title is escaped like body text."""
    fm = front_matter(write_markdown(m.Document(metadata=m.Metadata(title=value))))
    assert para_texts(fm["title"]) == [value]


def test_headings_by_level_and_clamped_to_six():
    doc = m.Document(blocks=[m.Heading(1, [T("One")]), m.Heading(3, [T("Three")]), m.Heading(9, [T("Nine")])])
    assert [ln for ln in write_markdown(doc).splitlines() if ln] == ["# One", "### Three", "###### Nine"]


def test_abstract_is_the_front_matter_abstract_not_body_text():
    md = write_markdown(load("full"))
    assert front_matter(md)["abstract"] == "This brief compares two cases.\n\nIt draws **three** lessons."
    assert "This brief compares" not in md.split("\n---\n", 1)[1]
    assert para_texts(md)[0] == "Before any heading, a lead paragraph."


def test_footnote_cited_only_in_the_abstract_is_kept_as_uncited():
    doc = m.Document(abstract=[m.Paragraph([T("Summary."), m.FootnoteRef("1")])],
                     footnotes=[m.Footnote("1", [T("The note.")])])
    md = write_markdown(doc)
    assert front_matter(md)["abstract"] == "Summary."
    assert "1 The note." in md and validate_markdown_text(md, "a.md") == []


def test_inline_markup_renders_as_em_strong_and_links():
    doc = m.Document(blocks=[m.Paragraph([m.Emphasis([T("e")]), T(" "), m.Strong([T("s")]), T(" "),
                                          m.Link("https://x.org/a", [T("text")]), T(" "),
                                          m.Link("https://x.org/b", [T("https://x.org/b")])])])
    md = write_markdown(doc)
    assert "*e* **s** [text](https://x.org/a) <https://x.org/b>" in md
    tokens, _ = parse_markdown(md)
    kinds = [c.type for c in tokens[1].children]
    assert kinds.count("em_open") == 1 and kinds.count("strong_open") == 1 and kinds.count("link_open") == 2


@pytest.mark.parametrize("text", [
    "# hash", "- dash", "+ plus", "1. one", "2) two", "> gt", "=== eq", "*star* _under_", "[x](y)", "<b>html</b>",
    "`code`", "&amp; &#65;", "\\back", "a  *  b", "~~~", "***", "[^1]", "line\n# two", "    indented",
])
def test_special_characters_come_back_as_the_same_text(text):
    md = write_markdown(m.Document(blocks=[m.Paragraph([T(text)])]))
    assert [" ".join(t.split()) for t in para_texts(md)] == [" ".join(text.split())]
    assert validate_markdown_text(md) == []


def test_emphasis_that_would_not_parse_is_written_as_plain_text():
    doc = m.Document(blocks=[m.Paragraph([T("x"), m.Emphasis([T('"q"')]), T("y")])])
    md = write_markdown(doc)
    assert "*" not in md and para_texts(md) == ['x"q"y']


def test_adjacent_lists_stay_separate():
    doc = m.Document(blocks=[m.ListBlock(False, [[m.Paragraph([T("a")])]]), m.ListBlock(False, [[m.Paragraph([T("b")])]]),
                             m.ListBlock(True, [[m.Paragraph([T("c")])]]), m.ListBlock(True, [[m.Paragraph([T("d")])]])])
    tokens, _ = parse_markdown(write_markdown(doc))
    opens = [t.type for t in tokens if t.type.endswith("list_open")]
    assert opens == ["bullet_list_open", "bullet_list_open", "ordered_list_open", "ordered_list_open"]


def test_footnotes_are_references_and_definitions_at_the_end():
    md = write_markdown(load("full"))
    _, env = parse_markdown(md)
    refs = env["footnotes"]["refs"]
    assert sorted(k[1:] for k in refs) == ["1", "2", "3", "4"]
    assert all(v != -1 for v in refs.values())
    body, _, notes = md.partition("\n[^1]: ")
    assert "[^1]:" not in body and "[^4]: " in notes


def test_marker_without_footnote_is_its_plain_label():
    md = write_markdown(load("full"))
    assert "A marker without a footnote.9" in md
    assert "[^9]" not in md


def test_uncited_footnote_is_kept_after_a_break():
    md = write_markdown(load("edge"))
    tokens, _ = parse_markdown(md)
    assert [t.type for t in tokens].count("hr") == 1
    assert para_texts(md)[-1] == "7 Never cited."


def test_no_raw_html_even_from_angle_brackets():
    doc = m.Document(blocks=[m.Paragraph([T("<div>x</div> <span>y</span>")]), m.Heading(1, [T("<h1>")])])
    tokens, _ = parse_markdown(write_markdown(doc))
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not {"html_block", "html_inline"} & kinds


def test_empty_document_is_just_a_newline():
    assert write_markdown(m.Document()) == "\n"


def test_model_json_goldens_exist_for_every_markdown_golden():
    for md in GOLDEN.glob("*.md"):
        assert (GOLDEN / md.name.replace(".md", ".model.json")).exists()
        json.loads((GOLDEN / md.name.replace(".md", ".model.json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("before", ["Wow!", "x^"])
def test_bang_or_caret_before_a_link_or_marker_is_escaped(before):
    """![ would start an image and ^[ an inline footnote (found by the property test)."""
    doc = m.Document(blocks=[m.Paragraph([T(before), m.FootnoteRef("1"), T(" "), T(before),
                                          m.Link("https://x.org/", [T("l")])])],
                     footnotes=[m.Footnote("1", [T("note")])])
    md = write_markdown(doc)
    assert validate_markdown_text(md) == []
    assert para_texts(md) == [f"{before} {before}l"]
    _, env = parse_markdown(md)
    assert list(env["footnotes"]["refs"]) == [":1"]


@pytest.mark.parametrize("after", ["()", ": x", "(see)"])
def test_paren_or_colon_after_a_marker_is_escaped(after):
    """[^1]( would read as a link and [^1]: as a definition (found by the property test)."""
    doc = m.Document(blocks=[m.Paragraph([m.FootnoteRef("1"), T(after)])], footnotes=[m.Footnote("1", [T("note")])])
    md = write_markdown(doc)
    assert validate_markdown_text(md) == []
    assert para_texts(md) == [after]
