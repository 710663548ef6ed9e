"""Front-matter recognisers (fixtures/roles.txt) and build_document on small block lists."""
from __future__ import annotations

import pytest

from convert import recognise as roles
from convert.extract.source import FOOTNOTE, FURNITURE, HEADING, TEXT, SourceBlock
from convert.recognise.dates import parse_date
from convert.recognise.names import name_parts, note_marker, parse_byline, parse_editors, split_name
from convert.model import Provenance, Text, plain_text
from fixtures_util import params

FIX = "roles.txt"


def _people(people) -> str:
    if not people:
        return "None"
    return "\n".join(f"{c.role} | - | - | collab: {c.collab}" if c.collab else
                     f"{c.role} | {c.given_names} | {c.surname} | {c.affiliation or '-'} | {c.marker or '-'}"
                     for c in people)


@pytest.mark.parametrize("inp,expected", params(FIX, "date:"))
def test_parse_date(inp, expected):
    d = parse_date(inp)
    assert (f"{d.iso} | {d.printed}" if d else "None") == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "byline:"))
def test_parse_byline(inp, expected):
    assert _people(parse_byline(inp)) == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "editors:"))
def test_parse_editors(inp, expected):
    assert _people(parse_editors(inp)) == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "name:"))
def test_split_name(inp, expected):
    given, surname = split_name(inp)
    assert f"{given} | {surname}" == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "name-parts:"))
def test_name_parts(inp, expected):
    p = name_parts(inp)
    assert " | ".join(x or "-" for x in p) == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "disclaimer:"))
def test_is_disclaimer(inp, expected):
    assert str(roles.is_disclaimer(inp)).lower() == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "series:"))
def test_is_series_label(inp, expected):
    assert str(roles.is_series_label(inp)).lower() == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "note:"))
def test_note_marker(inp, expected):
    got = note_marker(inp)
    assert (f"{got[0]} | {got[1]}" if got else "None") == expected


def _b(kind, text, line, **kw):
    return SourceBlock(kind, [Text(text)], [Provenance(lines=(line, line + text.count("\n")))], **kw)


def test_build_document_front_matter_from_marked_blocks():
    blocks = [
        _b(FURNITURE, "Centre for Coastal Studies", 1, furniture_kind="header"),
        _b(HEADING, "Policy Brief", 3, level=2),
        _b(TEXT, "(The views expressed are those of the authors alone.)", 5, italic=True),
        _b(HEADING, "Rising Seas and Rents", 7, level=1),
        _b(TEXT, "March 2021", 9),
        _b(TEXT, "Written by: Ana Lima, Research Fellow *", 11, italic=True),
        _b(TEXT, "Edited by: Tom Hale", 13, italic=True),
        _b(TEXT, "* Ana Lima is a fellow of the centre working on housing.", 15),
        _b(TEXT, "Coastal towns face a double squeeze on housing as insurance costs climb and supply stalls; "
                 "this brief sets out the evidence and three options for councils.", 17, bold=True),
        _b(TEXT, "Insurance premiums in coastal postcodes rose sharply over the decade, and renters bore much "
                 "of the increase through higher rents in the towns most exposed to flooding.", 19),
        _b(FOOTNOTE, "A survey of 40 councils.", 21, label="1"),
        _b(FOOTNOTE, "continued on the next page.", 23, label=None),
    ]
    doc = roles.build_document(blocks)
    md = doc.metadata
    assert (md.series, md.title, md.date.iso) == ("Policy Brief", "Rising Seas and Rents", "2021-03")
    assert plain_text(doc.disclaimer.content) == "The views expressed are those of the authors alone."
    assert [(c.role, c.surname, c.affiliation) for c in doc.contributors] == [
        ("author", "Lima", "Research Fellow"), ("editor", "Hale", None)]
    assert plain_text(doc.authors[0].note.content).startswith("Ana Lima is a fellow")
    assert len(doc.abstract) == 1 and plain_text(doc.abstract[0].content).startswith("Coastal towns")
    assert len(doc.blocks) == 1 and plain_text(doc.blocks[0].content).startswith("Insurance premiums")
    assert [f.label for f in doc.footnotes] == ["1"]
    assert plain_text(doc.footnotes[0].content) == "A survey of 40 councils.\ncontinued on the next page."
    assert [f.kind for f in doc.furniture] == ["header"]
    assert set(doc.front_provenance) >= {"title", "series", "date", "byline", "editors", "disclaimer"}
    assert doc.front_provenance["title"][0].lines == (7, 7)


def test_build_document_title_spanning_lines_without_cues():
    blocks = [
        _b(TEXT, "Working Paper\n(Views expressed are those of the author and do not represent the institute)", 1),
        _b(TEXT, "Bus Fares and\nRural Access", 4),
        _b(TEXT, "12 June 2024\nBy Kofi Mensah and Ruth Amsel", 6),
        _b(TEXT, "Fares outside the cities have risen faster than wages for ten years, and the services that remain "
                 "run less often, leaving many villages with no practical bus at all on most days of the week.", 9),
        _b(TEXT, "Second paragraph of the body, which is long enough to be running text of the paper and is not "
                 "mistaken for any part of the front matter by the recognisers in this module at all.", 11),
    ]
    doc = roles.build_document(blocks)
    assert doc.metadata.title == "Bus Fares and Rural Access"
    assert doc.metadata.series == "Working Paper"
    assert [c.surname for c in doc.authors] == ["Mensah", "Amsel"]
    assert len(doc.abstract) == 1, "without font cues the lede is the first paragraph after the byline"
    assert len(doc.blocks) == 1


def test_byline_does_not_swallow_an_abstract_heading_below_it():
    blocks = [
        _b(TEXT, "Who Pays for the Bus?\n5 June 2024\nBy Aisha Rahman and Peter O'Neill\nAbstract\n"
                 "Local bus services depend on three sources of money: fares, council budgets and national\n"
                 "grants. This paper asks how the mix has changed since fares were capped.", 1),
        _b(TEXT, "Fare caps were introduced in most regions in 2022. They were popular with passengers and "
                 "raised ridership within a year, but the grant that paid for them ends next year.", 8),
    ]
    doc = roles.build_document(blocks)
    assert [(c.given_names, c.surname) for c in doc.authors] == [("Aisha", "Rahman"), ("Peter", "O'Neill")]
    assert len(doc.abstract) == 1
    assert plain_text(doc.abstract[0].content).startswith("Local bus services")
    assert doc.abstract[0].provenance[0].lines == (5, 6)
    assert [plain_text(b.content)[:9] for b in doc.blocks] == ["Fare caps"]


def test_abstract_heading_without_a_later_heading_takes_one_paragraph():
    blocks = [
        _b(HEADING, "Bus Fares", 1, level=1),
        _b(HEADING, "Summary", 3, level=2),
        _b(TEXT, "Fares outside the cities have risen faster than wages for ten years.", 5),
        _b(TEXT, "The second paragraph is body text of the paper, long enough to be running text.", 7),
    ]
    doc = roles.build_document(blocks)
    assert [plain_text(p.content)[:5] for p in doc.abstract] == ["Fares"]
    assert [plain_text(b.content)[:10] for b in doc.blocks] == ["The second"]


def test_heading_repeating_the_title_on_a_later_page_is_furniture():
    blocks = [
        _b(HEADING, "Rural Bus Services: Questions and Answers", 1, level=1),
        _b(TEXT, "By Kofi Mensah", 3),
        _b(TEXT, "Fares outside the cities have risen faster than wages for ten years, and the services that remain "
                 "run less often, leaving many villages with no practical bus at all on most days of the week.", 5),
        _b(HEADING, "Rural Bus Services: Questions and Answers June 12 2024", 8, level=2),
        _b(HEADING, "Rural Bus Services in Wales", 10, level=2),
        _b(TEXT, "The second paragraph is body text of the paper, long enough to be running text.", 12),
    ]
    doc = roles.build_document(blocks)
    assert [(f.kind, f.text) for f in doc.furniture] == [
        ("repeated-title", "Rural Bus Services: Questions and Answers June 12 2024")]
    heads = [plain_text(b.content) for b in doc.blocks if type(b).__name__ == "Heading"]
    assert heads == ["Rural Bus Services in Wales"], "a heading sharing only the title's first words stays"


BODY = ("Fares outside the cities have risen faster than wages for ten years, and the services that remain "
        "run less often, leaving many villages with no practical bus at all on most days of the week.")


def test_date_printed_in_large_type_is_the_date_not_the_subtitle():
    blocks = [
        _b(HEADING, "Bus Fares and Rural Access", 1, level=1),
        _b(HEADING, "Updated April 13, 2026", 3, level=3),
        _b(TEXT, BODY, 5),
    ]
    doc = roles.build_document(blocks)
    assert doc.metadata.date.iso == "2026-04-13"
    assert doc.metadata.subtitle is None
    assert doc.metadata.title == "Bus Fares and Rural Access"


def test_a_year_alone_in_large_type_is_not_taken_as_the_date():
    blocks = [
        _b(HEADING, "2030", 1, level=1),
        _b(TEXT, BODY, 3),
    ]
    doc = roles.build_document(blocks)
    assert doc.metadata.date is None


@pytest.mark.parametrize("inp,expected", params(FIX, "found-date:"))
def test_find_date(inp, expected):
    from convert.recognise.dates import find_date
    d = find_date(inp)
    assert (f"{d.iso} | {d.printed}" if d else "None") == expected
