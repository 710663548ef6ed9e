"""Normaliser passes: fixtures/normalise.txt, purity, idempotence (hypothesis)."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert import codec, normalise as norm
from convert.recognise import build_document
from convert.extract.text import extract_text
from convert.extract.text.markdown import parse_inline
from convert.model import (Document, ListBlock, Footnote, FootnoteRef, Furniture, Link, Paragraph, Provenance, Text,
                           plain_text)
from fixtures_util import params

FIX = "normalise.txt"


def render(content) -> str:
    out = []
    for n in content:
        if isinstance(n, FootnoteRef):
            out.append(f"[^{n.label}]")
        elif isinstance(n, Text):
            out.append(n.text)
        elif isinstance(n, Link):
            out.append(f"<{n.url}|{render(n.children)}>")
        else:
            out.append(render(n.children))
    return "".join(out)


@pytest.mark.parametrize("inp,expected", params(FIX, "unicode:"))
def test_unicode_cleanup(inp, expected):
    doc = Document(blocks=[Paragraph([Text(inp)])])
    out = norm.normalise(doc, ["unicode_cleanup"])
    assert plain_text(out.blocks[0].content) == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "join:"))
def test_join_lines(inp, expected):
    doc = Document(blocks=[Paragraph([Text(inp)])])
    out = norm.normalise(doc, ["join_lines"])
    assert plain_text(out.blocks[0].content) == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "urls:"))
def test_link_urls(inp, expected):
    doc = Document(blocks=[Paragraph([Text(inp)])])
    out = norm.normalise(doc, ["link_urls"])
    assert render(out.blocks[0].content) == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "markers:"))
def test_link_footnotes_finds_markers_left_as_digits(inp, expected):
    labels, text = inp.split("\n", 1)
    notes = [Footnote(x, [Text("note")]) for x in labels.strip("[]").split()]
    doc = Document(blocks=[Paragraph([Text(text)])], footnotes=notes)
    out = norm.normalise(doc, ["link_footnotes"])
    assert render(out.blocks[0].content) == expected


def doc_from_lines(text: str) -> Document:
    """One line per paragraph; '<sup>N</sup> x' lines are footnotes, 'Page N' page numbers,
    'abstract: x' abstract paragraphs; provenance is the line number."""
    doc = Document()
    for no, line in enumerate(text.split("\n"), start=1):
        prov = [Provenance(lines=(no, no))]
        m = re.match(r"^<sup>(\d+)</sup>\s*(.*)$", line)
        if m:
            doc.footnotes.append(Footnote(m.group(1), [Text(m.group(2))], prov))
        elif re.match(r"^Page \d+$", line):
            doc.furniture.append(Furniture("page-number", line, prov))
        elif line.startswith("abstract: "):
            doc.abstract.append(Paragraph(parse_inline(line[len("abstract: "):]), prov))
        else:
            doc.blocks.append(Paragraph(parse_inline(line), prov))
    return doc


@pytest.mark.parametrize("inp,expected", params(FIX, "rejoin:"))
def test_rejoin_split_paragraphs(inp, expected):
    out = norm.normalise(doc_from_lines(inp))
    got = [f"abstract: {render(p.content)}" for p in out.abstract] + [render(p.content) for p in out.blocks]
    assert "\n".join(got) == expected


def test_rejoined_paragraph_keeps_both_provenances():
    out = norm.normalise(doc_from_lines("The start of a sentence that\n<sup>1</sup> n\ncontinues here.<sup>1</sup>"))
    assert [p.lines for p in out.blocks[0].provenance] == [(1, 1), (3, 3)]


def _pdf_paragraph(text: str, page: int) -> Paragraph:
    return Paragraph([Text(text)], [Provenance(page=page, bbox=(72.0, 100.0, 540.0, 140.0))])


def test_a_paragraph_is_never_joined_across_a_page_it_skipped():
    """Regression: an open-ended paragraph once waited with no distance limit and swallowed the
    next lower-case paragraph anywhere later (page 8 joined to page 13)."""
    doc = Document(blocks=[_pdf_paragraph("A caption without a full stop", 8),
                           _pdf_paragraph("Another paragraph that ends.", 9),
                           _pdf_paragraph("More text on the next page.", 12),
                           _pdf_paragraph("and a paragraph starting in lower case.", 13)])
    out = norm.normalise(doc)
    assert [render(p.content) for p in out.blocks] == [render(p.content) for p in doc.blocks]


def test_a_sentence_cut_at_a_page_end_still_goes_on_on_the_next_page():
    doc = Document(blocks=[_pdf_paragraph("The sentence runs over the page", 8),
                           _pdf_paragraph("Another paragraph that ends.", 9),
                           _pdf_paragraph("end and finishes here.", 9)])
    out = norm.normalise(doc)
    assert [render(p.content) for p in out.blocks] == [
        "The sentence runs over the page end and finishes here.", "Another paragraph that ends."]


def test_normalise_keeps_the_provenance_of_footnote_markers():
    mark = Provenance(page=1, bbox=(120.0, 22.0, 125.0, 28.0))
    doc = Document(blocks=[Paragraph([Text("A claim."), FootnoteRef("1", [mark]), Text(" More.")])],
                   footnotes=[Footnote("1", [Text("Source.")])])
    out = norm.normalise(doc)
    refs = [n for n in out.blocks[0].content if isinstance(n, FootnoteRef)]
    assert [r.provenance for r in refs] == [[mark]]
    assert refs[0].provenance[0] is not mark  # a copy: the input stays untouched


def test_join_lines_alone_survives_a_line_of_odd_spaces():
    # unicode_cleanup would have turned the no-break space into a space; run alone, the
    # hyphen decision once indexed the words of a line that had none
    doc = Document(blocks=[Paragraph([Text("co-\n\u00a0")])])
    out = norm.normalise(doc, ["join_lines"])
    assert plain_text(out.blocks[0].content) == "co-"


def test_warnings_for_unlinked_marker_and_uncited_footnote():
    doc = Document(blocks=[Paragraph([Text("A claim."), FootnoteRef("7")])],
                   footnotes=[Footnote("1", [Text("never cited")])])
    out = norm.normalise(doc)
    assert sorted(w.code for w in out.warnings) == ["uncited-footnote", "unlinked-marker"]
    again = norm.normalise(out)
    assert sorted(w.code for w in again.warnings) == ["uncited-footnote", "unlinked-marker"]


def test_passes_are_named_and_ordered():
    names = [name for name, _ in norm.PASSES]
    for required in ("unicode_cleanup", "join_lines", "rejoin_split_paragraphs", "link_footnotes"):
        assert required in names
    assert names.index("join_lines") < names.index("rejoin_split_paragraphs") < names.index("link_footnotes")


def test_unknown_pass_is_an_error():
    from convert.errors import BriefconvError
    with pytest.raises(BriefconvError):
        norm.normalise(Document(), ["no_such_pass"])


SAMPLE = """## Policy Brief

# Rising Seas and Rents

March 2021

*Written by: Ana Lima, Research Fellow \\**

**Coastal towns face a double squeeze on hous-
ing as insurance costs climb.**

Premiums rose by a ﬁfth,<sup>1</sup> and renters bore the
cost.2 The council's long-
term plan says little about

<sup>1</sup> <http://example.org/premiums-2020/
report.html>

<sup>2</sup> A survey of 40 councils.

flood defences.
"""


def test_input_document_is_never_mutated():
    doc = build_document(extract_text(SAMPLE))
    before = codec.document_to_dict(doc)
    norm.normalise(doc)
    for _, fn in norm.PASSES:
        fn(doc)
    assert codec.document_to_dict(doc) == before


def test_each_pass_returns_a_new_document():
    doc = build_document(extract_text(SAMPLE))
    for _, fn in norm.PASSES:
        assert fn(doc) is not doc


def test_sample_normalises_as_expected():
    out = norm.normalise(build_document(extract_text(SAMPLE)))
    assert plain_text(out.abstract[0].content) == \
        "Coastal towns face a double squeeze on housing as insurance costs climb."
    assert [render(p.content) for p in out.blocks] == [
        "Premiums rose by a fifth,[^1] and renters bore the cost.[^2] The council's long-term plan says "
        "little about flood defences."]
    assert plain_text(out.footnotes[0].content) == "http://example.org/premiums-2020/report.html"
    assert isinstance(out.footnotes[0].content[0], Link)


def test_normalise_is_idempotent_on_sample():
    once = norm.normalise(build_document(extract_text(SAMPLE)))
    assert codec.document_to_dict(norm.normalise(once)) == codec.document_to_dict(once)


# ---------------------------------------------------------------- properties

WORDS = st.sampled_from(["the", "talks", "ended", "Monday.", "swear-", "ing", "in", "419-", "3", "system.1",
                         "With", "<sup>2</sup>", "\n", "\n\n", "\f", "ﬁ", "\u00ad", "\u00a0", "*", "**", "_",
                         "Page 1", "1http://x.org/a-", "b.html", "Written by: Ana Lima", "(Views expressed are "
                         "those of the author)", "August 24, 2017", "—", "  ", "[^1]", "[^1]: note", "#", "> ",
                         "---", "\\*", "2017,", "$1", "98-2", "e.g.", "Mr.", "“We", "”11"])
ODD = st.characters(blacklist_categories=("Cs",))
TEXTS = st.one_of(st.lists(WORDS, max_size=80).map(" ".join), st.lists(WORDS, max_size=60).map("".join),
                  st.lists(st.one_of(WORDS, st.text(ODD, max_size=5)), max_size=60).map(" ".join),
                  st.text(max_size=400))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([None, "markdown", "pdftotext", "plain"]))
def test_text_path_never_raises_and_normalise_is_idempotent(text, flavour):
    doc = build_document(extract_text(text, flavour))
    once = norm.normalise(doc)
    first = codec.document_to_dict(once)
    twice = norm.normalise(codec.document_from_dict(first))
    assert codec.document_to_dict(twice) == first


PIECES = st.lists(st.tuples(st.sampled_from(["para", "fn", "page"]),
                            st.sampled_from(["Alpha begins and", "ends here.", "Beta starts with", "goes on",
                                             "Gamma.", "delta and", "Epsilon ends.", "zeta"])), max_size=25)


@settings(max_examples=300, deadline=None)
@given(PIECES)
def test_rejoining_never_loses_or_duplicates_text(pieces):
    lines = []
    for kind, text in pieces:
        lines.append({"para": text, "fn": f"<sup>{len(lines) + 1}</sup> note", "page": "Page 1"}[kind])
    doc = doc_from_lines("\n".join(lines))
    out = norm.normalise(doc, ["rejoin_split_paragraphs"])
    words = lambda paras: sorted(w for p in paras for w in plain_text(p.content).split())  # noqa: E731
    assert words(out.blocks) == words(doc.blocks)


def test_idempotent_when_a_line_end_leaves_a_space_before_punctuation():
    once = norm.normalise(build_document(extract_text("the the the the the Written by: Ana Lima \r.")))
    assert codec.document_to_dict(norm.normalise(once)) == codec.document_to_dict(once)


def test_idempotent_with_a_next_line_control_in_the_title():
    once = norm.normalise(build_document(extract_text("0\x85!")))
    assert codec.document_to_dict(norm.normalise(once)) == codec.document_to_dict(once)


def test_a_bulleted_paragraph_after_a_page_break_is_not_the_rest_of_the_sentence_before_it():
    """Regression: a lead-in without a full stop at a page end swallowed the first item of the
    list on the next page ("... include" + "• The first measure ...")."""
    doc = Document(blocks=[_pdf_paragraph("Measures announced this year include", 3),
                           _pdf_paragraph("• The first measure, a fund for schools.", 4),
                           _pdf_paragraph("• The second measure, a fund for roads.", 4)])
    out = norm.normalise(doc)
    assert len(out.blocks) == 2  # the lead-in, then the two items as a list
    assert plain_text(out.blocks[0].content) == "Measures announced this year include"
    assert isinstance(out.blocks[1], ListBlock) and len(out.blocks[1].items) == 2


def test_a_sentence_that_runs_on_after_a_stray_bullet_is_still_joined():
    doc = Document(blocks=[_pdf_paragraph("As one member of the committee did", 3),
                           _pdf_paragraph("• put it, the measure failed.", 4)])
    out = norm.normalise(doc)
    assert len(out.blocks) == 1
