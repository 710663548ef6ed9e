"""Side regions: a narrow box beside part of a column is read as one piece, on its own."""
from __future__ import annotations

from convert.extract.pdf import lines as layout
from convert.extract.pdf.assemble import analyse
from convert.extract.pdf.paragraphs import paragraphs
from convert.extract.pdf.records import Char, Line
from convert.extract.source import SourceBlock, TEXT, HEADING
from convert.model import BoxedText, Heading, Paragraph, Text
from convert.recognise.boxes import with_boxes

W, H = 600.0, 800.0


def word_chars(text, x, baseline, size=10.0, bold=False):
    adv = size * 0.5
    out = []
    for ch in text:
        out.append(Char(ch, x, x + adv, baseline - size * 0.8, baseline + size * 0.2, baseline, size, bold, False))
        x += adv
    return out


def summary_page(box_top=60.0):
    """A title and a summary column at x 50-380; a side box at x 420-560 in its own
    9 pt type and spacing; then full-width text below both."""
    chars = word_chars("Title of the Report", 50, 110, size=20, bold=True)
    chars += word_chars("April 21, 2026", 420, 100)  # raised beside the title: not a marker
    y = 140.0
    for k in range(8):
        chars += word_chars(f"summary text line {k} runs on across the column here and on to its end", 50, y)
        y += 12
    y = box_top
    for text in ("SUMMARY", "R12345", "Jane Doe", "Specialist in Policy", "John Roe", "Analyst in Policy"):
        chars += word_chars(text, 420, y, size=9)
        y += 17.5
    y = 260.0
    for k in range(6):
        chars += word_chars(f"full width body text line {k} that runs right across the whole page width, "
                            f"under the box and the column", 50, y)
        y += 12
    return layout.build_page(1, W, H, chars, [])


def test_side_box_is_read_as_one_piece_before_the_text_it_starts_above():
    p = summary_page()
    texts = [l.text for l in p.lines]
    box = ["SUMMARY", "R12345", "Jane Doe", "April 21, 2026", "Specialist in Policy", "John Roe", "Analyst in Policy"]
    assert texts[:len(box)] == box
    assert texts[len(box)] == "Title of the Report"
    assert all(l.box for l in p.lines[:len(box)]) and not any(l.box for l in p.lines[len(box):])


def test_date_beside_a_title_is_not_folded_in_as_superscripts():
    p = summary_page()
    title = next(l for l in p.lines if l.text.startswith("Title"))
    assert title.pieces == [("Title of the Report", False)]


def test_side_box_blocks_neither_join_nor_split_the_text_beside():
    blocks = analyse([summary_page()])
    summary = [b for b in blocks if b.text.startswith("summary text line 0")]
    assert len(summary) == 1 and summary[0].text.count("\n") == 7
    assert {b.box for b in blocks if "Jane Doe" in b.text} == {1}


def test_table_rows_beside_each_other_are_not_a_side_box():
    chars = []
    y = 100.0
    for k in range(8):
        chars += word_chars(f"row label number {k}", 50, y)
        chars += word_chars(f"{k * 13} units", 420, y)
        y += 14
    p = layout.build_page(1, W, H, chars, [])
    assert not any(l.box for l in p.lines)


def test_short_line_is_judged_against_the_column_width_beside_it():
    """A column narrowed beside a box, then wide: its lines are not short against the wide part."""
    def line(x1, top, text):
        return Line([(text, False)], 50.0, x1, top, top + 10, top + 8, 10.0, False, False, len(text))
    narrow = [line(380.0 - (k % 3) * 20, 100 + 12 * k, f"Narrow text {k} goes on") for k in range(6)]
    wide = [line(560.0, 172 + 12 * k, f"wide text {k} goes on") for k in range(6)]
    paras = paragraphs(narrow + wide, {10.0: 12.0}, 10.0)
    assert len(paras) == 1


def test_box_blocks_become_one_boxed_text_with_its_heading_as_title():
    def sb(kind, text, box=None):
        return SourceBlock(kind, [Text(text)], level=3 if kind == HEADING else 0, box=box)
    blocks = [sb(TEXT, "before"), sb(HEADING, "SUMMARY", "2.1"), sb(TEXT, "R12345", "2.1"),
              sb(TEXT, "Jane Doe", "2.1"), sb(TEXT, "after")]
    out = with_boxes(blocks, lambda b: Heading(3, b.content) if b.kind == HEADING else Paragraph(b.content))
    assert [type(b) for b in out] == [Paragraph, BoxedText, Paragraph]
    box = out[1]
    assert isinstance(box, BoxedText) and box.title == [Text("SUMMARY")] and len(box.blocks) == 2
