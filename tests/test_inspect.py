"""inspect: every located piece of a document as a (page, box, role) region."""
from __future__ import annotations

from convert import model as m
from convert import inspect


def test_role_regions_locate_blocks_footnotes_and_markers():
    box = (10.0, 20.0, 300.0, 60.0)
    mark = (120.0, 22.0, 125.0, 28.0)
    doc = m.Document(
        blocks=[m.Heading(1, [m.Text("Why")], [m.Provenance(page=1, bbox=(10.0, 5.0, 90.0, 15.0))]),
                m.Paragraph([m.Text("A claim."), m.FootnoteRef("1", [m.Provenance(page=1, bbox=mark)])],
                            [m.Provenance(page=1, bbox=box)])],
        footnotes=[m.Footnote("1", [m.Text("Source.")], [m.Provenance(page=2, bbox=box)])],
    )
    regions = set(inspect.role_regions(doc))
    assert (1, box, "body") in regions
    assert (1, mark, "marker") in regions
    assert (2, box, "footnote") in regions
    assert any(role == "heading" for _, _, role in regions)


def test_role_regions_skip_text_provenance_without_boxes():
    doc = m.Document(blocks=[m.Paragraph([m.Text("x"), m.FootnoteRef("1")], [m.Provenance(lines=(1, 2))])])
    assert inspect.role_regions(doc) == []


def test_boxes_and_lists_have_roles_of_their_own():
    box = m.BoxedText(blocks=[m.Paragraph([m.Text("R12345")])], provenance=[m.Provenance(2, (400.0, 60.0, 550.0, 200.0))])
    lst = m.ListBlock(items=[[m.Paragraph([m.Text("item")])]], provenance=[m.Provenance(2, (72.0, 300.0, 500.0, 320.0))])
    regions = set(inspect.role_regions(m.Document(blocks=[box, lst])))
    assert (2, (400.0, 60.0, 550.0, 200.0), "boxed-text") in regions
    assert (2, (72.0, 300.0, 500.0, 320.0), "list") in regions
