"""Table layouts the finder met in real reports, each as a small hand-built page: typewritten
tables padded with spaces and dot leaders, figures set close, tables stacked under a centred
header, a list beside running text (no table)."""
from __future__ import annotations

from convert import model as m
from convert.extract import pdf
from convert.extract.pdf import tables
from convert.recognise import build_document

import pdfgen

COURIER = 12.0
CHAR = COURIER * 0.6   # Courier's advance


def typed(col: int, y: float, text: str) -> tuple[float, float, str, str, float]:
    return (72 + col * CHAR, y, text, "Courier", COURIER)


def doc_tables(data: bytes) -> list[m.Table]:
    doc = build_document(pdf.extract_pdf(data).blocks)
    return [b for b in doc.blocks if isinstance(b, m.Table)]


def cells(t: m.Table) -> list[list[str]]:
    return [[m.plain_text(c.content) for c in row] for row in t.head + t.body]


def typed_page(y: float, head: str, values: list[list[str]]) -> tuple[list, float]:
    """A typewritten table: one string per row, cells padded with spaces, dot leaders after
    the row label and a rule typed with hyphens under the header."""
    items = [typed(28, y, "Design effect"), typed(0, y + 13, "Proportion        " + head),
             typed(0, y + 26, "-" * 60)]
    y += 39
    for label, *figures in values:
        row = f"{label} {'.' * (16 - len(label))}  " + "".join(f"{v:>6}" for v in figures) + "   "
        items.append(typed(0, y, row))
        y += 13
    return items, y


VALUES = [["0.99", "800", "880", "960", "1,040"], ["0.95", "160", "176", "192", "208"],
          ["0.90", "80", "88", "96", "104"], ["0.85", "53", "59", "64", "69"]]


def test_typewritten_table_padded_with_spaces_splits_into_cells_without_leaders_or_typed_rule():
    items, _ = typed_page(120, "   1.0   1.1   1.2   1.3", VALUES)
    found = doc_tables(pdfgen.lines_pdf([items]))
    assert len(found) == 1
    rows = cells(found[0])
    assert ["0.99", "800", "880", "960", "1,040"] in rows
    assert not any("..." in c or "---" in c for r in rows for c in r)


def test_tables_stacked_under_a_centred_header_are_two_tables_each_with_its_header():
    first, y = typed_page(120, "   1.0   1.1   1.2   1.3", VALUES)
    second, _ = typed_page(y + 14, "   1.7   1.8   1.9   2.0", VALUES)
    found = doc_tables(pdfgen.lines_pdf([first + second]))
    assert len(found) == 2
    for t, head in zip(found, (["1.0", "1.1"], ["1.7", "1.8"])):
        rows = cells(t)
        assert any("Design effect" in c for c in rows[0])
        assert all(h in rows[1] for h in head)


def test_figures_set_little_more_than_half_an_em_apart_are_two_columns():
    size = 7.5
    items = [(60, 120, "State", "Helvetica-Bold", size), (125, 120, "no.", "Helvetica-Bold", size),
             (150, 120, "Rate", "Helvetica-Bold", size), (190, 120, "Share", "Helvetica-Bold", size)]
    for k, (name, n, rate) in enumerate([("Ohio", "19,820", "154.0"), ("Iowa", "5,469", "141.6"),
                                         ("Utah", "1,462", "77.5"), ("Texas", "25,933", "132.2"),
                                         ("Maine", "1,816", "112.2")]):
        y = 131 + 11 * k
        right = 144 - pdfgen.stringWidth(n, "Helvetica", size)   # figures set flush right ...
        items += [(60, y, name, "Helvetica", size), (right, y, n, "Helvetica", size),
                  (144 + 0.65 * size, y, rate, "Helvetica", size),  # ... 0.65 em before the next
                  (190, y, f"{k + 2}.5%", "Helvetica", size)]
    found = doc_tables(pdfgen.lines_pdf([items]))
    assert len(found) == 1
    assert ["Ohio", "19,820", "154.0", "2.5%"] in cells(found[0])


def test_numbered_list_beside_running_text_is_not_a_table():
    left, _ = pdfgen.prose_items(3, 100, 30, x=40, width=240)
    right = []
    for k in range(12):
        y = 100 + 26 * k
        right += [(320, y, f"{k // 3 + 1}.{k % 3 + 1}:", "Helvetica", 7), (338, y, "Integrate federal centres", "Helvetica", 7)]
    pages = pdf.read_pages(pdfgen.lines_pdf([left + right]))
    found, _ = tables.split_page_tables(pages)
    assert found == {}


DEFINITIONS = [
    ("Visual analog\nscale", ["A line of fixed length with words that anchor the scale at the",
                              "extreme ends and no words describing intermediate positions"]),
    ("Likert scale", ["An ordered set of discrete terms or statements from which patients",
                      "are asked to choose the response that best describes their state"]),
    ("Rating scale", ["A set of numerical categories from which patients are asked to choose",
                      "the category that best describes their state or experience"]),
    ("Checklist", ["Checklists provide a simple choice between a limited set of options, such",
                   "as yes, no and don't know, for each item of the list"]),
]


def test_ruled_table_of_terms_and_definitions_is_one_row_per_term():
    found = doc_tables(pdfgen.ruled_text_table_pdf(DEFINITIONS))
    assert len(found) == 1
    t = found[0]
    assert cells(t)[0] == ["Type", "Description"] and len(t.head) == 1
    assert [r[0] for r in cells(t)[1:]] == ["Visual analog scale", "Likert scale", "Rating scale", "Checklist"]
    assert cells(t)[2][1].startswith("An ordered set") and cells(t)[2][1].endswith("their state")


def test_ruled_text_table_ruled_only_at_the_edges_parts_rows_at_the_gaps():
    found = doc_tables(pdfgen.ruled_text_table_pdf(DEFINITIONS, rule_every_row=False))
    assert len(found) == 1
    assert [r[0] for r in cells(found[0])[1:]] == ["Visual analog scale", "Likert scale", "Rating scale", "Checklist"]


def test_spanning_subheader_after_a_gap_continues_the_table():
    size = 9.0
    items = [(40, 100, "Source", "Helvetica", size)] + [(240 + 100 * k, 100, f"20{k + 10}", "Helvetica", size)
                                                       for k in range(4)]
    y = 115.0
    for part, label in enumerate(("Actual enrollment, in thousands", "Projected enrollment, in thousands")):
        items.append((300, y, label, "Helvetica", size))
        y += 11
        for r in range(4):
            items.append((40, y, f"Projections series {part * 4 + r + 1}", "Helvetica", size))
            items += [(240 + 100 * k, y, f"{49 + part},{100 + 37 * r + k:03d}", "Helvetica", size) for k in range(4)]
            y += 11
        y += 11   # a blank line before the next group's subheader
    found = doc_tables(pdfgen.lines_pdf([items]))
    assert len(found) == 1
    firsts = [r[0] for r in cells(found[0])]
    assert "Projections series 1" in firsts and "Projections series 8" in firsts


def test_caption_line_between_two_tables_parts_them():
    size = 9.0
    items = []
    y = 100.0
    for t in range(2):
        items.append((200, y, f"Table {t + 1}. Shares by country", "Helvetica", size))
        y += 15
        for r in range(5):
            items += [(80, y, f"Country {r}", "Helvetica", size), (250, y, f"{r + 10}", "Helvetica", size),
                      (350, y, f"{r + 20}", "Helvetica", size)]
            y += 13
        y += 12
    found = doc_tables(pdfgen.lines_pdf([items]))
    assert [t.label for t in found] == ["Table 1", "Table 2"]


def _page_of_rows(y: float, first: int, n: int, caption: str = "") -> list:
    size = 9.0
    items = []
    if caption:
        items.append((60, y - 16, caption, "Helvetica-Bold", size))
    items += [(60, y, "Region", "Helvetica-Bold", size), (250, y, "2020", "Helvetica-Bold", size),
              (350, y, "2021", "Helvetica-Bold", size), (450, y, "2022", "Helvetica-Bold", size)]
    for r in range(first, first + n):
        y += 13
        items += [(60, y, f"District {r}", "Helvetica", size)] + [
            (250 + 100 * k, y, f"{r * 7 + k},{r * 13 % 1000:03d}", "Helvetica", size) for k in range(3)]
    return items


def test_table_continued_on_the_next_page_with_its_header_repeated_is_one_table():
    prose1, y = pdfgen.prose_items(1, 80, 20)
    prose2, _ = pdfgen.prose_items(2, 400, 8)
    pages = [prose1 + _page_of_rows(y + 30, 1, 20, "Table 4. Spending by district"),
             _page_of_rows(80, 21, 10, "Table 4. Spending by district (continued)") + prose2]
    found = doc_tables(pdfgen.lines_pdf(pages))
    assert len(found) == 1
    t = found[0]
    assert t.label == "Table 4" and len(t.head) == 1 and len(t.body) == 30
    assert [p.page for p in t.provenance] == [1, 2]


def test_tables_on_consecutive_pages_with_different_headers_stay_two():
    prose1, y = pdfgen.prose_items(1, 80, 20)
    second = _page_of_rows(80, 21, 10)
    second = [(x, yy, "Province" if t == "Region" else t, f, s) for x, yy, t, f, s in second]
    found = doc_tables(pdfgen.lines_pdf([prose1 + _page_of_rows(y + 30, 1, 20, "Table 4. Spending"), second]))
    assert len(found) == 2


def test_two_rows_under_a_table_caption_are_a_table_but_two_rows_alone_are_not():
    size = 11.0
    rows = [(100, 300, "Years", "Helvetica", size)] + [(260 + 42 * k, 300, f"{1990 + k}", "Helvetica", size) for k in range(5)]
    rows += [(100, 314, "Budget share", "Helvetica", size)] + [(260 + 42 * k, 314, f"0.{300 + k}", "Helvetica", size) for k in range(5)]
    prose, _ = pdfgen.prose_items(4, 100, 10)
    caption = [(150, 280, "Table 8.19 - Coffee consumption", "Helvetica", size)]
    found = doc_tables(pdfgen.lines_pdf([prose + caption + rows]))
    assert len(found) == 1 and found[0].label == "Table 8.19"
    assert doc_tables(pdfgen.lines_pdf([prose + rows])) == []
