"""Page roles: contents pages and back matter leave the body (hand-made glyph records)."""
from __future__ import annotations

from convert.extract.pdf import assemble as document, pageroles
from test_layout import page

BODY = ("The committee met in the spring and heard evidence from witnesses on the matter at hand "
        "and then it adjourned")


def _body_lines(top: float, n: int) -> list:
    return [(BODY[:90], 60, top + 14 * k) for k in range(n)]


def _contents_page():
    entries = [("Introduction", 1), ("Background", 2), ("Options for the Future", 4), ("Conclusion", 7)]
    lines = [("Contents", 60, 80, {"size": 14.0, "bold": True})]
    lines += [(f"{t} {'.' * 40} {n}", 60, 110 + 16 * k) for k, (t, n) in enumerate(entries)]
    return page(1, lines)


def _kinds(blocks):
    return [(b.kind, b.furniture_kind, b.text.split("\n")[0][:20]) for b in blocks]


def test_contents_page_with_dot_leaders_leaves_the_body_without_markers():
    pages = [_contents_page(), page(2, [("Introduction", 60, 80, {"size": 14.0, "bold": True})] + _body_lines(110, 12))]
    blocks = document.analyse(pages)
    on_contents = [b for b in blocks if b.page == 1]
    assert on_contents and all(b.kind == "furniture" and b.furniture_kind == "contents" for b in on_contents)
    assert not any(b.kind == "footnote" for b in blocks)
    assert any(b.kind == "heading" and b.text == "Introduction" and b.page == 2 for b in blocks)


def test_body_page_with_one_leader_line_is_not_contents():
    p = page(1, _body_lines(80, 10) + [("Total " + "." * 30 + " 12", 60, 300)])
    assert not pageroles.is_contents_page(document.analyse([p]))


def _with_back_matter(middle_heading: str = "Analysis"):
    big = {"size": 14.0, "bold": True}
    p1 = page(1, [("Introduction", 60, 80, big)] + _body_lines(110, 10)
              + [(middle_heading, 60, 280, big)] + _body_lines(310, 10))
    p2 = page(2, [("Author Information", 60, 80, big), ("Jane Doe, Analyst in Policy", 60, 110),
                  ("Acknowledgments", 60, 150, big), ("Colleagues provided helpful comments.", 60, 180),
                  ("Disclaimer", 60, 220, big), ("This document was prepared for the staff only.", 60, 250)])
    return document.analyse([p1, p2])


def test_back_matter_is_set_aside_but_its_author_and_disclaimer_sections_stay_for_the_recognisers():
    blocks = _with_back_matter()
    roles = {b.text: b.furniture_kind for b in blocks if b.kind == "furniture"}
    assert roles["Colleagues provided helpful comments."] == "back-matter"
    later = [b.text for b in blocks if b.kind in ("text", "heading") and b.page != 1]
    assert later == ["Author Information", "Jane Doe, Analyst in Policy",
                     "Disclaimer", "This document was prepared for the staff only."]


def test_acknowledgments_heading_followed_by_sections_stays_in_the_body():
    blocks = _with_back_matter(middle_heading="Acknowledgments")
    heads = [b.text for b in blocks if b.kind == "heading"]
    assert "Acknowledgments" in heads


def test_about_the_organisation_section_at_the_end_is_back_matter():
    big = {"size": 14.0, "bold": True}
    p1 = page(1, [("Introduction", 60, 80, big)] + _body_lines(110, 14))
    p2 = page(2, [("About the Institute", 60, 80, big), ("The institute studies policy for the public.", 60, 110)])
    blocks = document.analyse([p1, p2])
    assert [b.text for b in blocks if b.kind == "heading"] == ["Introduction"]
    assert all(b.furniture_kind == "back-matter" for b in blocks if b.page == 2)


def test_colophon_under_a_small_bold_about_line_is_back_matter():
    big = {"size": 14.0, "bold": True}
    p1_tail = [("About the Institute", 60, 600, {"size": 8.0, "bold": True}),
               ("The institute is the research arm of the assembly and serves its members.", 60, 612, {"size": 7.0})]
    blocks = document.analyse([page(1, [("Findings", 60, 80, big)] + _body_lines(110, 30) + p1_tail)])
    roles = {b.text.split("\n")[0]: b.furniture_kind for b in blocks if b.kind == "furniture"}
    assert roles.get("About the Institute") == "back-matter"
    assert any(b.kind == "text" and "committee" in b.text for b in blocks)
