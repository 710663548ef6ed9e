"""Property tests over random Documents: JSON identity, JATS validity, Markdown text round trip."""
from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from convert import codec
from convert import model as m
from convert.write.jats import write_jats
from convert.extract.json import read_json
from convert.write.json import write_json
from convert.write.markdown import write_markdown

from convert import validation as v
from convert.validation.jats import jats_rng, safe_parser, structural_issues
from convert.validation.markdown import parse_markdown
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- strategies

# any text (controls included) for JSON; printable text for Markdown, where CommonMark itself
# rewrites NUL and line endings and drops whitespace at line edges
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=25)
printable = st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs", "M"), whitelist_characters="\n\t"),
                    max_size=25)
LABELS = ["1", "2", "3", "*", "\u2020", "a b", "10"]
labels = st.sampled_from(LABELS)
urls = st.builds(lambda p: "https://example.org/" + p, st.text("abcxyz019-_.~/()%", max_size=10))
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
provenance = st.builds(
    m.Provenance,
    page=st.none() | st.integers(1, 500),
    bbox=st.none() | st.tuples(finite, finite, finite, finite),
    lines=st.none() | st.tuples(st.integers(1, 9999), st.integers(1, 9999)),
)
provs = st.lists(provenance, max_size=2)


def inlines_from(text):
    leaf = st.builds(m.Text, text) | st.builds(m.FootnoteRef, labels, provs)
    return st.lists(st.recursive(leaf, lambda kids: (
        st.builds(m.Emphasis, st.lists(kids, max_size=3))
        | st.builds(m.Strong, st.lists(kids, max_size=3))
        | st.builds(m.Link, urls, st.lists(kids, max_size=3))), max_leaves=6), max_size=5)


def paragraphs_from(text):
    return st.builds(m.Paragraph, inlines_from(text), provs)


def blocks_from(text):
    para = paragraphs_from(text)
    heading = st.builds(m.Heading, st.integers(1, 7), inlines_from(text), provs)
    return st.recursive(para | heading, lambda kids: (
        st.builds(m.BlockQuote, st.lists(kids, max_size=3), provs)
        | st.builds(m.ListBlock, st.booleans(), st.lists(st.lists(kids, max_size=3), max_size=3), provs)),
        max_leaves=8)


def documents(text=any_text):
    para = paragraphs_from(text)
    iso = st.sampled_from(["2017", "2017-08", "2017-08-24", "1999-12-31"])
    opt = st.none() | text
    return st.builds(
        m.Document,
        metadata=st.builds(m.Metadata, title=opt, subtitle=opt, series=opt,
                           date=st.none() | st.builds(m.DateValue, iso, text), language=st.none() | st.sampled_from(["en", "fr-CA", "x y"]),
                           publisher=opt),
        contributors=st.lists(st.builds(m.Contributor, st.sampled_from(["author", "editor"]), text, text, text,
                                        opt, st.none() | para, st.none() | st.sampled_from(["*", "\u2020"])), max_size=3),
        disclaimer=st.none() | para,
        abstract=st.lists(para, max_size=2),
        blocks=st.lists(blocks_from(text), max_size=6),
        footnotes=st.lists(st.builds(m.Footnote, labels, inlines_from(text), provs), max_size=4),
        furniture=st.lists(st.builds(m.Furniture, st.sampled_from(["header", "footer", "page-number", "repeated-title", "contents"]), text, provs), max_size=2),
        warnings=st.lists(st.builds(m.Warning, st.sampled_from(["unlinked-marker", "uncited-footnote"]), text, provs), max_size=2),
        source=st.builds(m.Source, opt, st.none() | st.sampled_from(["pdf", "markdown", "json"]),
                         st.none() | st.integers(0, 99), st.none() | st.just("ab" * 32)),
        front_provenance=st.dictionaries(st.sampled_from(["title", "date", "byline"]), provs, max_size=2),
    )


# ---------------------------------------------------------------- JSON


@SETTINGS
@given(documents())
def test_json_round_trip_is_identity(doc):
    text = write_json(doc)
    assert json.loads(text) == codec.document_to_dict(doc)
    back = read_json(text)
    assert back == doc
    # FootnoteRef.provenance takes no part in ==, so compare the JSON forms as well
    assert codec.document_to_dict(back) == codec.document_to_dict(doc)


@SETTINGS
@given(documents())
def test_every_json_output_matches_the_schema(doc):
    assert v.validate_json_text(write_json(doc), "gen.json") == []


# ---------------------------------------------------------------- JATS


@pytest.mark.shared
@SETTINGS
@given(doc=documents())
def test_every_jats_output_is_valid(doc, archiving_dtd):
    xml = write_jats(doc)
    tree = etree.fromstring(xml.encode("utf-8"), safe_parser()).getroottree()
    assert archiving_dtd.validate(tree), archiving_dtd.error_log
    rng = jats_rng()
    assert rng.validate(tree), rng.error_log
    assert structural_issues(tree, "gen.xml") == []


# ---------------------------------------------------------------- Markdown


def norm(s: str) -> str:
    return " ".join(s.split())


def expected_text(content, known: set, in_link: bool = False) -> str:
    """What a reader sees: markers with a footnote vanish into [^n], others stay as labels;
    a link with no visible text shows its address; a link inside a link is only its text."""
    out = []
    for node in content:
        if isinstance(node, m.Text):
            out.append(node.text)
        elif isinstance(node, m.FootnoteRef):
            out.append("" if node.label in known else node.label)
        elif isinstance(node, m.Link):
            inner = expected_text(node.children, known, True)
            out.append(inner if inner.strip() or in_link else node.url)
        else:
            out.append(expected_text(node.children, known, in_link))
    return "".join(out)


def body_paragraphs(blocks):
    for b in blocks:
        if isinstance(b, m.Paragraph):
            yield b
        elif isinstance(b, m.BlockQuote):
            yield from body_paragraphs(b.blocks)
        elif isinstance(b, m.ListBlock):
            for item in b.items:
                yield from body_paragraphs(item)


def parsed(md: str):
    """(paragraph texts before the uncited-notes break, texts after it, {label: note text})."""
    tokens, _ = parse_markdown(md)
    before, after, notes = [], [], {}
    seen_hr, note_label, prev = False, None, None
    for tok in tokens:
        if tok.type == "hr" and tok.level == 0:
            seen_hr = True
        elif tok.type == "footnote_open":
            note_label = tok.meta["label"]
            notes[note_label] = ""
        elif tok.type == "footnote_close":
            note_label = None
        elif tok.type == "inline" and prev == "paragraph_open":
            text = "".join(c.content if c.type == "text" else " " if c.type.endswith("break") else ""
                           for c in tok.children)
            if note_label is not None:
                notes[note_label] += text
            else:
                (after if seen_hr else before).append(text)
        prev = tok.type
    return before, after, notes


@SETTINGS
@given(documents(printable))
def test_markdown_round_trip_keeps_paragraph_and_footnote_texts(doc):
    md = write_markdown(doc)
    assert v.validate_markdown_text(md, "gen.md") == []
    known = {f.label for f in doc.footnotes}
    want = [norm(expected_text(p.content, known)) for p in body_paragraphs(doc.blocks)]
    before, after, notes = parsed(md)
    assert [norm(t) for t in before if norm(t)] == [t for t in want if t]
    # the abstract is the front matter's (Markdown, as pandoc reads it), its notes' markers left out
    want_abstract = [norm(expected_text(p.content, known)) for p in doc.abstract]
    tokens, _ = parse_markdown(md)
    fm = next((yaml.safe_load(t.content) for t in tokens if t.type == "front_matter"), None) or {}
    got_abstract = parsed(fm.get("abstract", ""))[0]
    assert [norm(t) for t in got_abstract if norm(t)] == [t for t in want_abstract if t]
    # every footnote comes back: cited ones as definitions, uncited ones after the break
    fn_texts = [norm(expected_text(f.content, known)) for f in doc.footnotes]
    assert len(notes) + len(after) == len(doc.footnotes)
    for t in sorted(norm(t) for t in notes.values()):
        assert t in fn_texts
