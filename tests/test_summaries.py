"""Abstracts printed without an "Abstract" section: a summary page in text without geometry (its
side box of number, date and author set aside) and a standfirst box level with the title."""
from __future__ import annotations

from convert import recognise as roles
from convert.extract.source import HEADING, TEXT, SourceBlock
from convert.model import Provenance, Text, plain_text
import pytest
from convert.recognise import statements

SUMMARY = ("Current practice for electing a chair is by roll call vote, during which members state aloud the "
           "name of their preferred candidate. Members may vote for any individual.")
SECOND = ("For a more detailed treatment of these procedures, see the longer report on elections of the chair "
          "since 1913 and the bibliography on the office.")
BODY = ("Fares outside the cities have risen faster than wages for ten years, and the services that remain "
        "run less often, leaving many villages with no practical bus at all on most days of the week.")


def _t(kind, text, line, page, **kw):
    return SourceBlock(kind, [Text(text)], [Provenance(page=page, lines=(line, line + text.count("\n")))], **kw)


def test_a_summary_page_in_text_keeps_its_paragraphs_and_sets_the_side_box_aside():
    blocks = [
        _t(TEXT, "Electing the Chair of the\nAssembly: Frequently Asked Questions", 1, 1),
        _t(TEXT, "Updated April 21, 2026", 4, 1),
        _t(TEXT, "SUMMARY", 6, 2),
        _t(TEXT, "Electing the Chair of the", 8, 2),
        _t(TEXT, "Assembly: Frequently Asked Questions\n" + SUMMARY, 9, 2),
        _t(HEADING, "R44243\nApril 21, 2026", 12, 2, level=2),
        _t(TEXT, "Jane Roe\nSpecialist in Procedure", 14, 2),
        _t(TEXT, SECOND, 16, 2),
        _t(HEADING, "Introduction", 18, 3, level=2),
        _t(TEXT, BODY, 19, 3),
    ]
    doc = roles.build_document(blocks)
    assert [plain_text(p.content).replace("\n", " ") for p in doc.abstract] == [SUMMARY, SECOND]
    assert doc.metadata.abstract_type == "summary"
    assert plain_text(doc.blocks[0].content) == "Introduction" and len(doc.blocks) == 2


def test_a_side_box_beyond_a_gutter_of_spaces_is_not_part_of_the_summary():
    lines = SUMMARY.split(", during ")
    blocks = [
        _t(TEXT, "Electing the Chair", 1, 1),
        _t(TEXT, "Summary", 3, 2),
        _t(TEXT, f"{lines[0]},          Jane Roe\nduring {lines[1]}     Specialist in Procedure", 5, 2),
        _t(HEADING, "Introduction", 8, 3, level=2),
        _t(TEXT, BODY, 9, 3),
    ]
    doc = roles.build_document(blocks)
    assert [plain_text(p.content).replace("\n", " ") for p in doc.abstract] == [SUMMARY]


def _p(kind, text, box, **kw):
    return SourceBlock(kind, [Text(text)], [Provenance(page=1, bbox=box)], **kw)


def test_a_standfirst_box_level_with_the_title_is_the_abstract():
    blocks = [
        _p(TEXT, "June 2023", (25, 70, 77, 81), size=1.1),
        _p(HEADING, "Cybersecurity: Launching\nthe Strategy", (25, 94, 302, 136), level=1, size=1.9),
        _p(TEXT, BODY, (25, 195, 297, 325)),
        _p(TEXT, SUMMARY, (363, 70, 595, 125), size=0.9),
    ]
    doc = roles.build_document(blocks)
    assert [plain_text(p.content) for p in doc.abstract] == [SUMMARY]
    assert [plain_text(b.content) for b in doc.blocks] == [BODY]


def test_a_paragraph_below_the_title_in_another_column_is_body_text():
    blocks = [
        _p(HEADING, "Cybersecurity: Launching\nthe Strategy", (25, 94, 302, 136), level=1, size=1.9),
        _p(TEXT, BODY, (25, 195, 297, 325)),
        _p(TEXT, SUMMARY, (363, 200, 595, 260)),
    ]
    doc = roles.build_document(blocks)
    assert doc.abstract == [] and len(doc.blocks) == 2


def test_a_standfirst_printed_above_the_only_top_heading_is_the_abstract_and_the_heading_the_title():
    from convert import pipeline
    md = f"**June 2023**\n\n{SUMMARY}\n\n# Cybersecurity: Launching the Strategy\n\n## Threats\n\n{BODY}\n"
    doc = pipeline.read(md.encode("utf-8"), from_="markdown")
    assert doc.metadata.title == "Cybersecurity: Launching the Strategy"
    assert [plain_text(p.content) for p in doc.abstract] == [SUMMARY]
    assert doc.metadata.date is not None and doc.metadata.date.iso == "2023-06"


def test_a_paragraph_above_one_of_several_top_headings_is_not_a_standfirst():
    from convert import pipeline
    md = f"{SUMMARY}\n\n# Part One\n\n{BODY}\n\n# Part Two\n\n{BODY}\n"
    doc = pipeline.read(md.encode("utf-8"), from_="markdown")
    assert doc.metadata.title != "Part One", "a document of several parts has no one title heading"


@pytest.mark.parametrize("line, year, holder", [
    ("© 2016 The Council of State Governments. All Rights Reserved.", "2016", "The Council of State Governments"),
    ("Copyright © 2019-2021 Acme Institute", "2021", "Acme Institute"),
    ("© 2010 Datta et al; licensee BioMed Central Ltd.", "2010", "Datta et al"),
    ("Copyright: Wikimedia, iRights.info, 2012", "2012", "Wikimedia, iRights.info"),
    ("© The Authors", None, "The Authors"),
])
def test_copyright_year_and_holder_are_read_from_the_printed_line(line, year, holder):
    assert statements.copyright_parts(line) == (year, holder)


@pytest.mark.parametrize("sentence", [
    "The Digital Millennium Copyright Act was signed into law on October 28, 1998.",
    "You must retain a copyright notice.",
    "Copyright Usage through the agency's portal",
])
def test_a_sentence_that_only_names_copyright_is_no_copyright_statement(sentence):
    assert statements.statement_parts(sentence) == ([], [])


def test_a_public_domain_statement_is_a_licence_not_a_copyright():
    text = "Reports, as a work of the Government, are not subject to copyright protection in the United States."
    assert statements.statement_parts(text) == ([], [text])
