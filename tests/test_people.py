"""Names without a "By" and the lines printed under them (fixtures/people.txt), and the
author / disclaimer sections and closing byline that build_document moves out of the body."""
from __future__ import annotations

import pytest

from convert import recognise as roles
from convert.recognise.backmatter import Line, authors_from_lines
from convert.extract.source import FURNITURE, HEADING, TEXT, SourceBlock
from convert.recognise.names import person_and_role
from convert.model import Provenance, Text, plain_text
from fixtures_util import params

FIX = "people.txt"
BODY = ("Fares outside the cities have risen faster than wages for ten years, and the services that remain "
        "run less often, leaving many villages with no practical bus at all on most days of the week.")
DISCLAIMER = ("This paper was prepared by the institute's staff. The views it expresses do not necessarily "
              "represent those of the funders, and it may be reproduced in full without permission.")


def _show(c, note: bool = False) -> str:
    printed_with = "; ".join(x for x in (c.position, c.affiliation) if x)  # job title, then institution
    # the JATS prefix and suffix, when printed, stand before and after the name's two parts
    name = " | ".join(x for x in (c.prefix, c.given_names, c.surname, c.suffix) if x is not None)
    out = f"{name} | {printed_with or '-'}"
    return out + (f" | {plain_text(c.note.content)}" if note and c.note is not None else "")


@pytest.mark.parametrize("inp,expected", params(FIX, "person:"))
def test_person_and_role(inp, expected):
    c = person_and_role(inp)
    assert (_show(c) if c else "None") == expected


@pytest.mark.parametrize("inp,expected", params(FIX, "authors:"))
def test_authors_from_lines_without_geometry(inp, expected):
    people = authors_from_lines([Line(x, [Provenance(lines=(k, k))]) for k, x in enumerate(inp.split("\n"), 1)])
    assert ("\n".join(_show(c, note=True) for c in people) or "None") == expected


def _p(kind, text, page, box, **kw):
    return SourceBlock(kind, [Text(text)], [Provenance(page=page, bbox=box)], **kw)


def _front():
    return [_p(HEADING, "Bus Fares and Rural Access", 1, (72, 100, 400, 120), level=1),
            _p(TEXT, BODY, 1, (72, 150, 540, 200)),
            _p(TEXT, BODY.replace("Fares", "Prices"), 1, (72, 210, 540, 260))]


def test_author_section_in_two_columns_ties_each_role_to_the_name_above_it():
    blocks = _front() + [
        _p(HEADING, "Author Information", 3, (72, 331, 202, 345), level=3),
        _p(TEXT, "Clayton Thomas, Coordinator", 3, (72, 364, 304, 377)),
        _p(TEXT, "Jim Zanotti", 3, (311, 364, 359, 374)),
        _p(TEXT, "Specialist in Transport", 3, (72, 376, 218, 386)),
        _p(TEXT, "Legislative Attorney", 3, (311, 376, 457, 386)),
        _p(TEXT, "Christopher M. Blanchard", 3, (72, 405, 313, 417)),
        _p(TEXT, "Specialist in Housing", 3, (72, 416, 218, 426)),
        _p(HEADING, "Disclaimer", 3, (72, 508, 144, 522), level=3),
        _p(TEXT, DISCLAIMER, 3, (72, 530, 538, 620)),
        _p(TEXT, "IN12678 · VERSION 4", 3, (240, 746, 374, 756)),
    ]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == [
        "Clayton | Thomas | Coordinator; Specialist in Transport",
        "Jim | Zanotti | Legislative Attorney",
        "Christopher M. | Blanchard | Specialist in Housing"]
    assert plain_text(doc.disclaimer.content) == DISCLAIMER
    body = [plain_text(b.content) for b in doc.blocks]
    assert not any("Disclaimer" in t or "Zanotti" in t or "IN12678" in t for t in body)
    assert any(f.text.startswith("IN12678") for f in doc.furniture)


def test_closing_byline_under_the_last_paragraph_is_the_author():
    blocks = _front() + [
        _p(TEXT, "Paul K. Kerr, Specialist in Nonproliferation", 2, (313, 686, 500, 696)),
        _p(TEXT, "IF12106", 2, (523, 705, 554, 714), bold=True),
    ]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == ["Paul K. | Kerr | Specialist in Nonproliferation"]
    assert [plain_text(b.content)[:6] for b in doc.blocks] == ["Fares ", "Prices"]


def test_a_person_named_in_the_last_paragraph_is_not_an_author():
    blocks = _front() + [_p(TEXT, "Jane Roe, then the director, wrote the first version of this report in 2019.",
                            2, (72, 300, 540, 320))]
    doc = roles.build_document(blocks)
    assert doc.authors == []


def test_a_contacts_section_is_not_an_author_section():
    blocks = _front() + [
        _p(HEADING, "Contacts", 2, (72, 300, 200, 314), level=3),
        _p(TEXT, "Marisol Cruz Cain", 2, (72, 320, 200, 330)),
        _p(TEXT, "Director, Information Technology", 2, (72, 331, 300, 341)),
    ]
    doc = roles.build_document(blocks)
    assert doc.authors == []
    assert any("Marisol" in plain_text(b.content) for b in doc.blocks)


def test_author_section_merges_with_the_byline_of_the_same_person():
    blocks = [_p(HEADING, "Bus Fares", 1, (72, 100, 400, 120), level=1),
              _p(TEXT, "By Ana Lima", 1, (72, 125, 200, 135)),
              _p(TEXT, BODY, 1, (72, 150, 540, 200)),
              _p(HEADING, "About the Author", 2, (72, 300, 200, 314), level=3),
              _p(TEXT, "Ana Lima", 2, (72, 320, 200, 330)),
              _p(TEXT, "Senior Fellow, Transport Programme", 2, (72, 331, 300, 341))]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == ["Ana | Lima | Senior Fellow, Transport Programme"]


def test_text_input_author_section_uses_line_order():
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))]),
              SourceBlock(HEADING, [Text("Author Information")], [Provenance(lines=(6, 6))], level=2),
              SourceBlock(TEXT, [Text("Valerie Heitshusen\nReference Librarian")], [Provenance(lines=(8, 9))])]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == ["Valerie | Heitshusen | Reference Librarian"]
    assert all(b.kind != FURNITURE for b in blocks)


def test_text_author_section_stops_before_an_unlabelled_paragraph_after_it():
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))]),
              SourceBlock(HEADING, [Text("Author Information")], [Provenance(lines=(6, 6))], level=2),
              SourceBlock(TEXT, [Text("Valerie Heitshusen\nReference Librarian")], [Provenance(lines=(8, 9))]),
              SourceBlock(TEXT, [Text("Acknowledgments")], [Provenance(lines=(11, 11))]),
              SourceBlock(TEXT, [Text("This paper was first written by Ben Leubsdorf, who retired in 2024.")],
                          [Provenance(lines=(12, 12))])]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == ["Valerie | Heitshusen | Reference Librarian"]
    body = [plain_text(b.content) for b in doc.blocks]
    assert "Acknowledgments" in body and any(t.startswith("This paper was first") for t in body)


def test_bio_paragraph_under_the_name_is_the_authors_bio():
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))]),
              SourceBlock(HEADING, [Text("About the Author")], [Provenance(lines=(6, 6))], level=2),
              SourceBlock(TEXT, [Text("Ana Lima")], [Provenance(lines=(8, 8))]),
              SourceBlock(TEXT, [Text("Ana Lima is a research fellow who has written on rural transport "
                                      "and fares for ten years.")], [Provenance(lines=(10, 10))])]
    doc = roles.build_document(blocks)
    assert [_show(c, note=True) for c in doc.authors] == [
        "Ana | Lima | - | Ana Lima is a research fellow who has written on rural transport and fares for ten years."]
    assert [plain_text(b.content)[:6] for b in doc.blocks] == ["Fares "]


def test_unlabelled_reuse_statement_at_the_end_is_the_disclaimer():
    statement = ("This document was prepared by the institute. It should not be relied upon for purposes other "
                 "than public understanding, and it may be reproduced in its entirety without permission.")
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))]),
              SourceBlock(TEXT, [Text(statement)], [Provenance(lines=(6, 7))])]
    doc = roles.build_document(blocks)
    assert plain_text(doc.disclaimer.content) == statement
    assert len(doc.blocks) == 1


def test_a_paragraph_with_one_reuse_phrase_stays_in_the_body():
    text = ("The agency said the data may be reproduced by councils, and several have done so in their own "
            "reports on rural transport since the caps began.")
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))]),
              SourceBlock(TEXT, [Text(text)], [Provenance(lines=(6, 7))])]
    doc = roles.build_document(blocks)
    assert doc.disclaimer is None and len(doc.blocks) == 2


def test_text_labels_alone_on_their_lines_and_a_role_split_from_its_name():
    lines = ["Author Information", "Jim Zanotti", "Specialist in Transport",
             "Christopher M. Blanchard\nSpecialist in Housing", "Disclaimer", DISCLAIMER]
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))])]
    blocks += [SourceBlock(TEXT, [Text(x)], [Provenance(lines=(10 + 3 * k, 10 + 3 * k))])
               for k, x in enumerate(lines)]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == ["Jim | Zanotti | Specialist in Transport",
                                               "Christopher M. | Blanchard | Specialist in Housing"]
    assert plain_text(doc.disclaimer.content) == DISCLAIMER
    assert [plain_text(b.content)[:6] for b in doc.blocks] == ["Fares "]


def test_closing_byline_as_a_heading_with_a_url_and_a_repeated_title_below():
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))]),
              SourceBlock(HEADING, [Text("Paul K. Kerr, Specialist in Nonproliferation https://example.org")],
                          [Provenance(lines=(6, 6))], level=2),
              SourceBlock(TEXT, [Text("IF12106")], [Provenance(lines=(8, 8))]),
              SourceBlock(TEXT, [Text("Bus Fares")], [Provenance(lines=(10, 10))])]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == ["Paul K. | Kerr | Specialist in Nonproliferation"]
    assert [plain_text(b.content)[:6] for b in doc.blocks] == ["Fares "]


def test_summary_page_with_a_side_box_keeps_the_box_out_of_the_abstract():
    para1 = BODY
    para2 = BODY.replace("Fares", "Prices")
    blocks = [_p(HEADING, "Bus Fares and Rural Access", 1, (72, 100, 400, 120), level=1),
              _p(HEADING, "SUMMARY", 2, (478, 64, 545, 79), level=4, bold=True),
              _p(HEADING, "R44243", 2, (460, 94, 507, 108), level=4),
              _p(TEXT, "Valerie Heitshusen", 2, (460, 146, 533, 155), size=0.82, bold=True),
              _p(TEXT, para1[:90], 2, (54, 156, 447, 167)),
              _p(TEXT, "Reference Librarian", 2, (460, 168, 545, 177), size=0.82),
              _p(TEXT, para1[90:], 2, (54, 168, 445, 217)),
              _p(TEXT, para2, 2, (54, 225, 556, 258), size=0.91),
              _p(TEXT, "Institute for Transport", 2, (54, 770, 488, 778), size=0.73),
              _p(HEADING, "Introduction", 3, (90, 87, 199, 105), level=2),
              _p(TEXT, BODY, 3, (90, 113, 522, 188))]
    doc = roles.build_document(blocks)
    assert " ".join(plain_text(p.content) for p in doc.abstract) == f"{para1[:90]} {para1[90:]} {para2}"
    body = [plain_text(b.content) for b in doc.blocks]
    assert "Valerie Heitshusen" in body and "Introduction" in body


def test_two_closing_bylines_with_wrapped_roles():
    blocks = _front() + [
        _p(TEXT, "M. Angeles Villarreal, Specialist in International Trade\nand Finance", 2, (313, 663, 541, 685)),
        _p(TEXT, "Danielle M. Trachtenberg, Analyst in International Trade\nand Finance", 2, (313, 687, 552, 709)),
        _p(TEXT, "IF11175", 2, (523, 718, 555, 727), bold=True),
    ]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == [
        "M. Angeles | Villarreal | Specialist in International Trade and Finance",
        "Danielle M. | Trachtenberg | Analyst in International Trade and Finance"]
    assert [plain_text(b.content)[:6] for b in doc.blocks] == ["Fares ", "Prices"]


def test_names_stacked_on_a_cover_under_the_title_are_the_authors():
    blocks = [_p(HEADING, "The Impact of Open Access", 1, (75, 302, 509, 386), level=1),
              _p(HEADING, "John Kiplinger\nValerie Yaw", 1, (81, 641, 192, 678), level=5, italic=True),
              _p(TEXT, BODY, 2, (90, 63, 519, 189))]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == ["John | Kiplinger | -", "Valerie | Yaw | -"]
    assert doc.metadata.title == "The Impact of Open Access"


def test_a_name_over_its_role_on_a_cover():
    blocks = [_p(HEADING, "Memorials in the Capital", 1, (75, 302, 509, 386), level=1),
              _p(TEXT, "Jacob R. Straus\nSpecialist on the Congress", 1, (81, 641, 192, 678)),
              _p(TEXT, BODY, 2, (90, 63, 519, 189))]
    doc = roles.build_document(blocks)
    assert [_show(c) for c in doc.authors] == ["Jacob R. | Straus | Specialist on the Congress"]


def test_a_two_line_title_in_text_is_not_a_name_block():
    blocks = [SourceBlock(TEXT, [Text("Bus Fares\nRural Access")], [Provenance(lines=(1, 2))]),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(4, 5))])]
    doc = roles.build_document(blocks)
    assert doc.authors == [] and doc.metadata.title == "Bus Fares Rural Access"


def test_a_contact_line_on_the_cover_is_not_an_author():
    blocks = [_p(HEADING, "Bus Fares", 1, (75, 302, 509, 386), level=1),
              _p(TEXT, "Contact: Jane Roe, jroe@example.org", 1, (81, 641, 192, 678)),
              _p(TEXT, BODY, 2, (90, 63, 519, 189))]
    doc = roles.build_document(blocks)
    assert doc.authors == []


def test_a_title_line_of_two_capitalised_words_is_not_a_name():
    blocks = [_p(HEADING, "Cybersecurity: Launching and Implementing the National", 1, (25, 94, 302, 136), level=1),
              _p(HEADING, "Cybersecurity Strategy", 1, (25, 140, 232, 159), level=2, italic=True),
              _p(TEXT, BODY, 1, (25, 195, 297, 325))]
    doc = roles.build_document(blocks)
    assert doc.authors == []
    assert doc.metadata.subtitle == "Cybersecurity Strategy"


def test_a_tiny_wordmark_above_the_title_is_not_the_series():
    blocks = [_p(TEXT, "NATIONAL TRANSPORT OFFICE", 1, (28, 58, 124, 62), size=0.4),
              _p(HEADING, "Bus Fares and Rural Access", 1, (25, 94, 302, 136), level=1),
              _p(TEXT, BODY, 1, (25, 195, 297, 325))]
    doc = roles.build_document(blocks)
    assert doc.metadata.series is None and doc.metadata.title == "Bus Fares and Rural Access"


def test_job_title_is_a_jats_role_and_an_institution_an_aff():
    from convert.write import jats
    blocks = _front() + [
        _p(HEADING, "About the Authors", 3, (72, 331, 202, 345), level=3),
        _p(TEXT, "Ana Lima", 3, (72, 364, 304, 377)),
        _p(TEXT, "Senior Fellow", 3, (72, 376, 218, 386)),
        _p(TEXT, "Institute for Transport Studies", 3, (72, 387, 218, 397)),
    ]
    doc = roles.build_document(blocks)
    c = doc.authors[0]
    assert (c.position, c.affiliation) == ("Senior Fellow", "Institute for Transport Studies")
    xml = jats.write_jats(doc)
    assert "<aff>Institute for Transport Studies</aff>" in xml and "<role>Senior Fellow</role>" in xml


def test_running_header_first_on_page_one_is_the_title_when_nothing_else_is():
    blocks = [SourceBlock(FURNITURE, [Text("Types of Committee Hearings")], [Provenance(page=1, lines=(1, 1))],
                          furniture_kind="header"),
              SourceBlock(TEXT, [Text("Updated April 13, 2026")], [Provenance(page=1, lines=(2, 2))]),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(page=1, lines=(4, 5))])]
    doc = roles.build_document(blocks)
    assert doc.metadata.title == "Types of Committee Hearings"
    assert doc.metadata.date.iso == "2026-04-13"


def test_running_header_is_not_the_title_when_the_page_prints_one():
    blocks = [SourceBlock(FURNITURE, [Text("Institute Papers")], [Provenance(page=1, lines=(1, 1))],
                          furniture_kind="header"),
              SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(page=1, lines=(2, 2))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(page=1, lines=(4, 5))])]
    doc = roles.build_document(blocks)
    assert doc.metadata.title == "Bus Fares"


def test_a_label_glued_to_the_first_name_in_one_heading_still_opens_the_author_section():
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))]),
              SourceBlock(HEADING, [Text("Author Information\nClayton Thomas, Coordinator")], [Provenance(lines=(6, 7))],
                          level=2),
              SourceBlock(TEXT, [Text("Specialist in Transport")], [Provenance(lines=(8, 8))]),
              SourceBlock(TEXT, [Text("Jim Zanotti\nSpecialist in Housing")], [Provenance(lines=(10, 11))])]
    doc = roles.build_document(blocks)
    assert [(c.surname, c.position) for c in doc.authors] == [
        ("Thomas", "Coordinator; Specialist in Transport"), ("Zanotti", "Specialist in Housing")]
    assert len(doc.blocks) == 1


def test_an_author_grid_printed_side_by_side_in_layout_text_is_read_column_by_column():
    grid = ("Clayton Thomas, Coordinator                 Jim Zanotti\n"
            "Specialist in Transport                     Specialist in Housing")
    blocks = [SourceBlock(HEADING, [Text("Bus Fares")], [Provenance(lines=(1, 1))], level=1),
              SourceBlock(TEXT, [Text(BODY)], [Provenance(lines=(3, 4))]),
              SourceBlock(HEADING, [Text("Author Information")], [Provenance(lines=(6, 6))], level=2),
              SourceBlock(TEXT, [Text(grid)], [Provenance(lines=(8, 9))])]
    doc = roles.build_document(blocks)
    assert [(c.surname, c.position) for c in doc.authors] == [
        ("Thomas", "Coordinator; Specialist in Transport"), ("Zanotti", "Specialist in Housing")]
