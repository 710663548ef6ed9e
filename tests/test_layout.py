"""Geometry heuristics on hand-made character records (no PDF involved)."""
from __future__ import annotations

import pytest

from convert.extract.pdf import assemble as document, footnotes, furniture, lines as layout, paragraphs
from convert.extract.pdf.records import Char, Line, PageLines, Rule

W, H = 600.0, 800.0


def word_chars(text, x, baseline, size=10.0, bold=False, italic=False, advance=None):
    """Glyph records for `text` starting at x on `baseline` (fixed advance, spaces kept)."""
    adv = advance or size * 0.5
    out = []
    for ch in text:
        out.append(Char(ch, x, x + adv, baseline - size * 0.8, baseline + size * 0.2, baseline,
                        size, bold, italic))
        x += adv
    return out


def page(number, lines, rules=(), width=W, height=H):
    chars = [c for spec in lines for c in word_chars(*spec[:3], **(spec[3] if len(spec) > 3 else {}))]
    return layout.build_page(number, width, height, chars, list(rules))


def texts(p: PageLines):
    return [l.text for l in p.lines]


# ---------------------------------------------------------------- lines and words


def test_row_of_glyphs_makes_one_line_with_spaces_from_gaps():
    chars = word_chars("Hello", 50, 100) + word_chars("world", 50 + 5 * 5 + 4, 100)
    p = layout.build_page(1, W, H, chars, [])
    assert texts(p) == ["Hello world"]


def test_tight_kerning_is_not_a_space():
    chars = word_chars("ab", 50, 100, advance=5) + word_chars("cd", 60.5, 100, advance=5)
    p = layout.build_page(1, W, H, chars, [])
    assert texts(p) == ["abcd"]


def test_overprinted_glyphs_are_read_once():
    chars = word_chars("Bold", 50, 100)
    chars += [c._replace(x0=c.x0 + 0.2, x1=c.x1 + 0.2) for c in chars]
    p = layout.build_page(1, W, H, chars, [])
    assert texts(p) == ["Bold"]


def test_superscript_after_punctuation_is_folded_into_its_line():
    chars = word_chars("the system.", 50, 100)
    x = chars[-1].x1
    chars += word_chars("12", x, 96, size=6)
    chars += word_chars(" With", x + 6, 100)
    p = layout.build_page(1, W, H, chars, [])
    assert len(p.lines) == 1
    assert p.lines[0].pieces == [("the system.", False), ("12", True), (" With", False)]


def test_superscript_after_closing_quote():
    chars = word_chars("\u201cwe act\u201d", 50, 100)
    chars += word_chars("3", chars[-1].x1, 96.5, size=6)
    p = layout.build_page(1, W, H, chars, [])
    assert p.lines[0].pieces == [("\u201cwe act\u201d", False), ("3", True)]


def test_small_line_below_is_not_a_superscript():
    chars = word_chars("Body text line", 50, 100) + word_chars("small note", 50, 110, size=6)
    p = layout.build_page(1, W, H, chars, [])
    assert texts(p) == ["Body text line", "small note"]


def test_body_size_is_the_most_used_size():
    p = page(1, [("Title", 50, 60, {"size": 20}), ("body body body body", 50, 100),
                 ("body body body body", 50, 112)])
    assert paragraphs.body_size([p]) == 10.0


FONT_STYLES = [  # (font name, (bold, italic))
    ("ABCDEF+Times-BoldItalic", (True, True)), ("LiberationSans-Bold", (True, False)),
    ("DejaVuSans-Oblique", (False, True)), ("Helvetica", (False, False)), ("Arial,Black", (True, False)),
    # TeX and URW names
    ("AAAAAD+SFBX1000", (True, False)), ("CMBX12", (True, False)), ("CMSSBX10", (True, False)),
    ("CMTI10", (False, True)), ("CMR10", (False, False)),
    ("CMMI10", (False, False)),  # math italic is not emphasis
    ("NimbusRomNo9L-Medi", (True, False)), ("NimbusRomNo9L-ReguItal", (False, True)),
    ("FranklinGothic-Demi", (True, False)), ("AdvOT3b30f6db.B", (True, False)),
    ("DigitalSans-Regular", (False, False)),
]


@pytest.mark.parametrize("name, style", FONT_STYLES)
def test_font_style_from_names(name, style):
    assert layout.font_style(name) == style


# ---------------------------------------------------------------- columns


def two_column_page(number=1, span_title=True):
    specs = []
    if span_title:
        specs.append(("A title that runs across both of the columns", 60, 60, {"size": 16}))
    for k in range(20):
        y = 100 + k * 12
        specs.append((f"left column line {k:02d} text", 50, y))
        specs.append((f"right column line {k:02d} text", 320, y))
    return page(number, specs)


def test_gutter_found_and_columns_read_left_then_right():
    p = two_column_page()
    assert p.columns == 2
    t = texts(p)
    assert t[0].startswith("A title")
    assert t[1] == "left column line 00 text"
    assert t[20] == "left column line 19 text"
    assert t[21] == "right column line 00 text"
    assert t[-1] == "right column line 19 text"


def test_lines_at_one_height_in_two_columns_are_not_merged():
    p = two_column_page(span_title=False)
    assert all("right" not in l.text for l in p.lines if l.col == 0)


def test_one_column_page_has_no_gutter():
    specs = [("word " * 18, 50, 100 + k * 12) for k in range(20)]
    p = page(1, specs)
    assert p.columns == 1


def test_full_width_line_between_column_bands_stays_in_place():
    specs = [(f"top left {k}", 50, 100 + 12 * k) for k in range(6)]
    specs += [(f"top right {k}", 320, 100 + 12 * k) for k in range(6)]
    specs.append(("a heading line that spans across the gutter of the page", 60, 200))
    specs += [(f"low left {k}", 50, 230 + 12 * k) for k in range(6)]
    specs += [(f"low right {k}", 320, 230 + 12 * k) for k in range(6)]
    t = texts(page(1, specs))
    assert t.index("top right 5") < t.index("a heading line that spans across the gutter of the page") < t.index("low left 0")


# ---------------------------------------------------------------- paragraphs


def lines_of(specs):
    return page(1, specs).lines


def test_paragraphs_split_by_gap_and_by_indent():
    specs = [("first paragraph line one here", 50, 100), ("first paragraph line two here", 50, 112),
             ("second after a gap", 50, 140), ("continues here at margin", 50, 152),
             ("third is indented one", 70, 164), ("and returns to the margin", 50, 176)]
    ls = lines_of(specs)
    paras = paragraphs.paragraphs(ls, paragraphs.leadings([PageLines(1, W, H, ls, [])]))
    assert [len(p) for p, _ in paras] == [2, 2, 2]
    assert [ind for _, ind in paras] == [False, False, True]


def test_centred_title_lines_stay_one_block():
    specs = [("A Long Centred Title About", 200, 100, {"size": 16}), ("Something", 268, 120, {"size": 16})]
    ls = lines_of(specs)
    paras = paragraphs.paragraphs(ls, {})
    assert len(paras) == 1


def test_style_change_splits_byline_from_lede():
    specs = [("By Jane Doe", 50, 100, {"italic": True}), ("Bold lede text here", 50, 112, {"bold": True})]
    assert len(paragraphs.paragraphs(lines_of(specs), {})) == 2


def test_short_last_line_then_capital_ends_paragraph():
    specs = [("Written by: A Person, Fellow *", 50, 100, {"italic": True}),
             ("Edited by: Another Person", 50, 112, {"italic": True})]
    specs[0] = (specs[0][0], 50, 100, {"italic": True})
    # a wide neighbour sets the column's right edge
    ls = lines_of(specs + [("x" * 80, 50, 150, {"italic": True})])
    paras = paragraphs.paragraphs(ls[:2], {})
    assert len(paragraphs.paragraphs(ls, {})) >= 2
    assert len(paras) in (1, 2)


# ---------------------------------------------------------------- furniture


def doc_pages(n, header=lambda k: "Institute for Studies", footer=lambda k: f"Page {k}"):
    pages = []
    for k in range(1, n + 1):
        specs = [(header(k), 300, 40, {"size": 8})] if header else []
        specs += [(f"body line {j} of page {k} with words", 50, 100 + 12 * j) for j in range(30)]
        if footer:
            specs.append((footer(k), 280, 770, {"size": 9}))
        pages.append(page(k, specs))
    return pages


def test_repeated_header_and_page_numbers_are_furniture():
    pages = doc_pages(3)
    f = furniture.find_furniture(pages, 10.0)
    kinds = sorted(set(f.values()))
    assert kinds == ["header", "page-number"]
    assert sum(1 for v in f.values() if v == "header") == 3


def test_header_that_changes_per_page_is_furniture():
    pages = doc_pages(4, header=lambda k: ["Introduction", "Costs and prices", "Findings", "Annex"][k - 1])
    f = furniture.find_furniture(pages, 10.0)
    assert sum(1 for v in f.values() if v == "header") == 4


def test_page_number_forms():
    for t in ("3", "- 3 -", "– 12 –", "Page 3", "page 3 of 10", "3 | www.example.org",
              "Annual Report | 7", "iv"):
        assert furniture.is_page_number(t), t
    for t in ("In 2017 the bill passed.", "Section 3 covers costs and prices"):
        assert not furniture.is_page_number(t), t


# ---------------------------------------------------------------- footnotes


def test_footnote_zone_below_rule_with_raised_labels():
    specs = [(f"body text line {j} goes here and on", 50, 100 + 14 * j) for j in range(20)]
    chars = [c for s in specs for c in word_chars(*s[:3])]
    chars += word_chars("1", 50, 696, size=5) + word_chars("First note text", 54, 700, size=7)
    chars += word_chars("continues here", 50, 709, size=7)
    chars += word_chars("2", 50, 714, size=5) + word_chars("Second note", 54, 718, size=7)
    p = layout.build_page(1, W, H, chars, [Rule(50, 685, 150, 685.5)])
    blocks = document.analyse([p])
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [b.label for b in notes] == ["1", "2"]
    assert notes[0].text == "First note text\ncontinues here"


def test_footnote_zone_without_rule_needs_labels():
    specs = [(f"body text line {j} goes here and on", 50, 100 + 14 * j) for j in range(20)]
    specs += [("1http://example.org/a/very/long/path/", 50, 700, {"size": 7}), ("2630394", 50, 709, {"size": 7}),
              ("2 Second note.", 50, 718, {"size": 7})]
    blocks = document.analyse([page(1, specs)])
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [b.label for b in notes] == ["1", "2"]
    assert notes[0].text == "http://example.org/a/very/long/path/\n2630394"


def test_small_caption_at_bottom_without_label_or_rule_is_not_a_footnote():
    specs = [(f"body text line {j} goes here and on", 50, 100 + 14 * j) for j in range(20)]
    specs += [("Source: national statistics office.", 50, 700, {"size": 7})]
    blocks = document.analyse([page(1, specs)])
    assert not [b for b in blocks if b.kind == "footnote"]


def test_footnote_continued_on_next_page_has_no_label():
    p1 = [(f"body text line {j} goes here and on", 50, 100 + 14 * j) for j in range(20)]
    p1 += [("7 A long note that", 50, 700, {"size": 7})]
    p2 = [(f"body text line {j} goes here and on", 50, 100 + 14 * j) for j in range(20)]
    p2 += [("runs on to this page.", 50, 700, {"size": 7}), ("8 Next note.", 50, 709, {"size": 7})]
    blocks = document.analyse([page(1, p1), page(2, p2)])
    notes = [(b.page, b.label) for b in blocks if b.kind == "footnote"]
    assert notes == [(1, "7"), (2, None), (2, "8")]


def test_footnote_labels_follow_the_sequence():
    line = Line(pieces=[("2630394 rest", False)], x0=0, x1=1, top=0, bottom=1, baseline=1,
                       size=7, bold=False, italic=False, n=10)
    assert footnotes.footnote_label(line, expect=2) is None
    line.pieces = [("2 rest", False)]
    assert footnotes.footnote_label(line, expect=2) == ("2", 2)


# ---------------------------------------------------------------- headings


def test_title_and_headings_by_size_rank():
    specs = [("Policy Brief", 50, 60, {"size": 14, "bold": True}),
             ("The Title of It", 50, 90, {"size": 20, "bold": True})]
    specs += [(f"body text line {j} goes here and on", 50, 130 + 14 * j) for j in range(10)]
    specs += [("A Section", 50, 300, {"size": 12, "bold": True})]
    specs += [(f"more body line {j} goes here", 50, 330 + 14 * j) for j in range(10)]
    blocks = document.analyse([page(1, specs)])
    heads = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert heads == [("Policy Brief", 2), ("The Title of It", 1), ("A Section", 3)]


def test_bold_lede_paragraph_is_not_a_heading():
    specs = [(f"bold lede line {j} goes here", 50, 100 + 14 * j, {"bold": True}) for j in range(5)]
    specs += [(f"body text line {j} goes here and on", 50, 180 + 14 * j) for j in range(10)]
    blocks = document.analyse([page(1, specs)])
    assert not [b for b in blocks if b.kind == "heading"]
    assert blocks[0].bold


# ---------------------------------------------------------------- paragraphs across breaks


def body_page(number, lines_text, indent_first=False):
    specs = [("Running head of the report", 300, 40, {"size": 8})]
    for j, (t, x) in enumerate(lines_text):
        specs.append((t, x, 100 + 14 * j))
    return page(number, specs)


def test_paragraph_broken_at_a_sentence_end_by_a_page_break_is_one_block():
    full = "x" * 60  # runs to the column edge
    p1 = body_page(1, [(full, 50)] * 3 + [("a full last line that ends a sentence here now.", 50)])
    p1.lines[-1].x1 = p1.lines[-2].x1  # flush with the edge: the next word could not fit
    p2 = body_page(2, [("The next page goes on here", 50), (full, 50)])
    blocks = [b for b in document.analyse([p1, p2]) if b.kind == "text"]
    assert len(blocks) == 1 and [piece.page for piece in blocks[0].pieces] == [1, 2]


def test_short_last_line_before_a_page_break_ends_the_paragraph():
    full = "x" * 60
    p1 = body_page(1, [(full, 50)] * 3 + [("short end.", 50)])
    p2 = body_page(2, [("New paragraph starts", 50), (full, 50)])
    blocks = [b for b in document.analyse([p1, p2]) if b.kind == "text"]
    assert len(blocks) == 2


def test_wrapped_bold_heading_stays_one_heading():
    specs = [("Estimated Nuclear Weapons", 50, 100, {"size": 12, "bold": True}),
             ("Development Timelines", 50, 115, {"size": 12, "bold": True})]
    specs += [(f"body text line {j} goes here and on and on to the edge", 50, 140 + 14 * j) for j in range(12)]
    blocks = document.analyse([page(1, specs)])
    assert [b.text for b in blocks if b.kind == "heading"] == ["Estimated Nuclear Weapons\nDevelopment Timelines"]


def test_small_type_under_a_rule_without_label_is_not_a_footnote_unless_one_runs_on():
    specs = [(f"body text line {j} goes here and on", 50, 100 + 14 * j) for j in range(20)]
    specs += [("Congressional Research Service", 50, 700, {"size": 7})]
    p = page(1, specs, rules=[Rule(50, 690, 150, 690.5)])
    assert not [b for b in document.analyse([p]) if b.kind == "footnote"]


def test_marker_at_the_start_of_a_line_moves_before_the_line_end():
    from convert.extract.pdf.inline import inline_content
    from convert.model import FootnoteRef, Text
    l1 = Line(pieces=[("the end of it.", False)], x0=0, x1=1, top=0, bottom=1, baseline=1, size=10,
                     bold=False, italic=False, n=10)
    l2 = Line(pieces=[("4", True), (" Next words", False)], x0=0, x1=1, top=2, bottom=3, baseline=3,
                     size=10, bold=False, italic=False, n=10)
    assert inline_content([(l1, 1), (l2, 1)]) == [Text("the end of it."), FootnoteRef("4"), Text("\nNext words")]


def test_marker_after_a_space_loses_the_space():
    from convert.extract.pdf.inline import inline_content
    from convert.model import FootnoteRef, Text
    l1 = Line(pieces=[("in 2017 ", False), ("12", True), (" and then", False)], x0=0, x1=1, top=0,
                     bottom=1, baseline=1, size=10, bold=False, italic=False, n=10)
    assert inline_content([(l1, 1)]) == [Text("in 2017"), FootnoteRef("12"), Text(" and then")]


def test_marker_carries_the_page_and_box_where_it_is_printed():
    from convert.extract.pdf.inline import inline_content
    from convert.model import FootnoteRef
    chars = [Char(ch, 50 + 5 * i, 55 + 5 * i, 100, 110, 108, 10, False, False) for i, ch in enumerate("word")]
    raised = [Char("7", 70.5, 74, 97, 103, 102, 6, False, False)]
    line = layout._make_line(chars + raised, {id(c) for c in raised})
    assert line.pieces == [("word", False), ("7", True)]
    assert line.sup_boxes == [(70.5, 97, 74, 103)]
    refs = [n for n in inline_content([(line, 3)]) if isinstance(n, FootnoteRef)]
    assert [(r.label, r.provenance[0].page, r.provenance[0].bbox) for r in refs] == [("7", 3, (70.5, 97, 74, 103))]


def test_footnotes_at_body_size_under_a_rule():
    specs = [(f"body text line {j} goes here and on", 50, 100 + 14 * j) for j in range(20)]
    specs += [("1 A note set at body size.", 50, 400), ("2 Another one.", 50, 414)]
    p = page(1, specs, rules=[Rule(50, 385, 150, 385.5)])
    notes = [b for b in document.analyse([p]) if b.kind == "footnote"]
    assert [b.label for b in notes] == ["1", "2"]


def test_full_width_footnotes_under_two_columns():
    specs = []
    for k in range(25):
        specs.append((f"left column line {k:02d} text", 50, 100 + k * 12))
        specs.append((f"right column line {k:02d} text", 320, 100 + k * 12))
    specs += [("1 A note that runs across the whole width of the page under both columns.", 50, 430, {"size": 7}),
              ("2 Another note across the width of the page under both of the columns here.", 50, 439, {"size": 7})]
    p = page(1, specs)
    assert p.columns == 2
    notes = [b for b in document.analyse([p]) if b.kind == "footnote"]
    assert [b.label for b in notes] == ["1", "2"]


def test_footnote_label_raised_on_a_line_of_its_own():
    specs = [(f"body text line {j} goes here and on", 50, 100 + 14 * j) for j in range(20)]
    chars = [c for s in specs for c in word_chars(*s[:3])]
    chars += word_chars("1", 50, 682, size=5) + word_chars("First note text", 56, 686, size=8)
    chars += word_chars("2", 50, 694, size=5) + word_chars("Second note, its text set a line lower", 50, 710, size=8)
    p = layout.build_page(1, W, H, chars, [Rule(50, 670, 150, 670.5)])
    notes = [b for b in document.analyse([p]) if b.kind == "footnote"]
    assert [(b.label, b.text) for b in notes] == [("1", "First note text"),
                                                  ("2", "Second note, its text set a line lower")]


def test_big_series_label_above_the_title_is_not_the_title():
    specs = [("ISSUE BRIEF", 50, 60, {"size": 26, "bold": True}),
             ("Water Rights in the Indus Basin", 50, 100, {"size": 18, "bold": True})]
    specs += [(f"body text line {j} goes here and on", 50, 140 + 14 * j) for j in range(10)]
    heads = [(b.text, b.level) for b in document.analyse([page(1, specs)]) if b.kind == "heading"]
    assert heads == [("ISSUE BRIEF", 2), ("Water Rights in the Indus Basin", 1)]


def test_short_title_above_a_long_subtitle_stays_the_title():
    specs = [("Water Wars", 50, 60, {"size": 24, "bold": True}),
             ("How the Indus Treaty Has Held for Sixty Years", 50, 100, {"size": 16})]
    specs += [(f"body text line {j} goes here and on", 50, 140 + 14 * j) for j in range(10)]
    heads = [(b.text, b.level) for b in document.analyse([page(1, specs)]) if b.kind == "heading"]
    assert heads[0] == ("Water Wars", 1)


# ---------------------------------------------------------------- corpus-found regressions


def prose(x, y0, n, width_chars=80, size=10.0, step=12, **style):
    return [(("lorem ipsum dolor sit amet " * 8)[:width_chars].strip() + f" {j}", x, y0 + step * j,
             dict(size=size, **style)) for j in range(n)]


def test_body_size_is_the_larger_type_when_footnotes_outweigh_the_text():
    pages = []
    for k in range(1, 4):
        specs = prose(50, 100, 14, size=11, step=13)
        specs += prose(50, 400, 20, width_chars=100, size=9, step=10)  # long notes under the text
        pages.append(page(k, specs))
    assert paragraphs.body_size(pages) == 11.0


def test_footer_split_in_pieces_is_furniture_on_every_page():
    pages = []
    for k in range(1, 4):
        specs = prose(50, 100, 30)
        specs.append(("Research Service", 50, 770, {"size": 8}))
        specs.append((str(k), 540, 770, {"size": 8}))
        if k == 3:  # printed on the last page only, between the two repeated pieces
            specs.append(("R12345 VERSION 2 UPDATED", 250, 770, {"size": 8}))
        pages.append(page(k, specs))
    f = furniture.find_furniture(pages, 10.0)
    last = [l for l in pages[2].lines if l.baseline == 770]
    assert len(last) == 3 and all(id(l) in f for l in last)


def test_small_type_after_a_heading_does_not_continue_a_footnote():
    p1 = prose(50, 100, 25, size=11, step=13)
    p1 += [("1 A note that runs on to the next page and", 50, 500, {"size": 9})]
    p2 = [("Background", 50, 100, {"size": 14, "bold": True})]
    p2 += prose(50, 130, 6, size=10, step=11)
    pages = [page(1, p1, rules=[Rule(50, 480, 150, 480.5)]), page(2, p2)]
    blocks = document.analyse(pages)
    assert [b.label for b in blocks if b.kind == "footnote"] == ["1"]
    assert any(b.kind == "text" and b.page == 2 for b in blocks)


def table_page(prose_above=4, rows=12):
    specs = prose(50, 60, prose_above)
    y = 60 + 12 * prose_above + 20
    for r in range(rows):
        for x, cell in ((60, "OTSL"), (95, "0.965"), (130, "6")):
            specs.append((cell, x, y + 12 * r))
        for x, cell in ((300, "0.934"), (345, "0.955"), (390, "2.73")):
            specs.append((cell, x, y + 12 * r))
    specs.append(("5.2 Results", 50, y + 12 * rows + 20, {"bold": True}))
    specs += prose(50, y + 12 * rows + 40, 4)
    return page(1, specs)


def test_table_cells_do_not_make_columns():
    p = table_page()
    assert p.columns == 1
    t = texts(p)
    # the heading under the table is read after the table, not beside it
    assert t.index("5.2 Results") > max(k for k, s in enumerate(t) if "2.73" in s)


def test_heading_under_a_long_table_rule_is_not_a_footnote():
    specs = prose(50, 100, 10)
    specs += [("5.2 Quantitative Results", 50, 260, {"bold": True})]
    specs += prose(50, 280, 4)
    p = page(1, specs, rules=[Rule(50, 245, 450, 245.5)])  # the bottom rule of a table
    blocks = document.analyse([p])
    assert not [b for b in blocks if b.kind == "footnote"]
    assert any(b.kind == "heading" and b.text == "5.2 Quantitative Results" for b in blocks)


def test_section_number_is_not_a_glued_footnote_label():
    line = Line(pieces=[("5.2 Quantitative Results", False)], x0=0, x1=1, top=0, bottom=1,
                       baseline=1, size=10, bold=False, italic=False, n=20)
    assert footnotes.footnote_label(line, None) is None


def test_table_at_the_foot_of_the_text_does_not_continue_a_footnote():
    p1 = prose(50, 100, 25, size=11, step=13)
    p1 += [("1 A note that runs on to the next page and", 50, 500, {"size": 9})]
    p2 = prose(50, 100, 10, size=11, step=13)
    for r in range(6):  # a small-type table at the foot of the text, no notes on the page
        for x, cell in ((50, "Annual"), (200, "No"), (300, "Yes"), (420, "None")):
            p2.append((cell, x, 260 + 11 * r, {"size": 9}))
    pages = [page(1, p1, rules=[Rule(50, 480, 150, 480.5)]), page(2, p2)]
    blocks = document.analyse(pages)
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [b.label for b in notes] == ["1"]
    assert any("Annual" in b.text for b in blocks if b.kind == "table")


def test_notes_under_a_table_start_below_it():
    specs = prose(50, 100, 10, size=11, step=13)
    for r in range(6):
        for x, cell in ((50, "Annual"), (200, "No"), (300, "Yes"), (420, "None")):
            specs.append((cell, x, 260 + 11 * r, {"size": 9}))
    specs += [("2 The note under the table.", 50, 340, {"size": 9})]
    blocks = document.analyse([page(1, specs)])
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [(b.label, b.text) for b in notes] == [("2", "The note under the table.")]


def test_marker_over_a_full_width_line_is_folded_when_a_table_below_looks_like_columns():
    chars = []
    for j in range(3):
        chars += word_chars("full width line of running text that crosses the page", 50, 100 + 14 * j)
    line = word_chars("the last line of running text that crosses the page ends.", 50, 142)
    chars += line + word_chars("15", line[-1].x1, 138, size=6)  # over the right-hand column
    for r in range(14):  # table: two cell columns with prose-wide cells
        chars += word_chars("cell text filling its column well", 50, 180 + 12 * r)
        chars += word_chars("another cell filling its column", 320, 180 + 12 * r)
    p = layout.build_page(1, W, H, chars, [])
    assert p.columns == 2
    assert [l for l in p.lines if l.text.startswith("the last line")][0].pieces[-1] == ("15", True)
    assert not any(l.text == "15" for l in p.lines)


def test_columns_set_closer_than_a_segment_gap_are_still_split():
    specs = []
    for k in range(24):
        y = 100 + 12 * k
        # ragged left column: every third line runs to 10.5pt from the right one
        specs.append(("a" * (40 if k % 3 == 0 else 37), 50, y))
        specs.append(("b" * 40, 260.5, y))
    p = page(1, specs)
    assert p.columns == 2
    assert len(p.lines) == 48
    assert all(set(l.text) == {"a"} for l in p.lines if l.col == 0)
    assert all(set(l.text) == {"b"} for l in p.lines if l.col == 1)


def test_hanging_indent_of_a_numbered_item_continues_it():
    specs = [("1. Gabriela Reyes, Director, Publications Office of the College of", 50, 100),
             ("Mexico, A.C.", 65, 112),
             ("2. Ninel Romero, former Director of Marketing, Publications Office", 50, 130),
             ("of the College of Mexico, A.C.", 65, 142),
             ("x" * 66, 50, 170)]
    paras = paragraphs.paragraphs(lines_of(specs)[:4], {})
    assert [len(p) for p, _ in paras] == [2, 2]


def test_heading_then_indented_paragraph_is_not_a_hanging_indent():
    specs = [("(1) A numbered heading set as long as the whole measure here", 50, 100),
             ("The paragraph starts indented by its own indent.", 85, 114),
             ("x" * 62, 50, 128)]
    paras = paragraphs.paragraphs(lines_of(specs), {})
    assert len(paras[0][0]) == 1


def test_right_to_left_line_reads_right_to_left_with_latin_runs_kept():
    logical = ["\u0628\u0631\u0645\u062c\u0629", "\u0628\u0644\u063a\u0629", "Python", "\u0645\u0646"]
    # glyphs left to right on the page: words in reverse, Arabic letters mirrored too
    visual = " ".join(w if w.isascii() else w[::-1] for w in reversed(logical))
    p = layout.build_page(1, W, H, word_chars(visual, 200, 100), [])
    assert p.lines[0].text == " ".join(logical)
    assert p.lines[0].rtl


def test_ragged_left_right_to_left_lines_are_one_paragraph():
    ar = "\u0628" * 60
    specs = [(ar, 100, 100), (ar[:56], 120, 114), (ar, 100, 128), (ar[:20], 300, 142), (ar[:50], 150, 170)]
    paras = paragraphs.paragraphs(lines_of(specs)[:4], {})
    assert len(paras) == 1


def test_footer_text_repeated_higher_on_a_front_page_is_furniture_with_the_imprint_below_it():
    pages = []
    for k in range(1, 4):
        specs = prose(50, 100, 30)
        if k == 1:  # the cover sets the footer higher, with an address and a report number under it
            specs += [("Research Office", 400, 700, {"size": 9}), ("https://example.org", 400, 712, {"size": 9}),
                      ("R12345", 400, 724, {"size": 9})]
        else:
            specs += [("Research Office", 50, 770, {"size": 8}), (str(k), 540, 770, {"size": 8})]
        pages.append(page(k, specs))
    f = furniture.find_furniture(pages, 10.0)
    cover_foot = [l for l in pages[0].lines if l.top > 650]
    assert [l.text for l in cover_foot] == ["Research Office", "https://example.org", "R12345"]
    assert all(id(l) in f for l in cover_foot)
    assert not any(id(l) in f for l in pages[0].lines if l.top < 650)


def test_line_printed_once_at_the_page_foot_is_not_furniture():
    pages = [page(k, prose(50, 100, 30) + ([("Research Office", 400, 700, {"size": 9})] if k == 1 else []))
             for k in range(1, 4)]
    f = furniture.find_furniture(pages, 10.0)
    assert not any(id(l) in f for l in pages[0].lines)


def test_bulleted_item_with_a_bold_lead_in_ending_on_its_second_line_is_one_paragraph():
    specs = prose(50, 80, 3, width_chars=80)
    specs += [("• Goals, subordinate objectives, activities, resources, and the performance", 50, 130,
               {"bold": True})]
    # the run-on line hangs under the word after the bullet; the bold lead-in ends on it
    specs += [("measures. The strategy identifies objectives and priorities for the agencies", 60, 142)]
    specs += [("and articulates them for the coming years in detail.", 60, 154)]
    blocks = document.analyse([page(1, specs)])
    items = [b for b in blocks if b.text.startswith("•")]
    assert len(items) == 1 and items[0].kind == "text" and len(items[0].lines) == 3


def test_drop_cap_joins_the_first_word_of_its_paragraph():
    chars = word_chars("C", 50, 134, size=33.0)  # set over three lines, baseline on the third
    chars += word_chars("ongressional committees hold hearings of four types in all", 72, 110)
    chars += word_chars("and each of them may be held in the capital or elsewhere", 72, 122)
    chars += word_chars("in the district of a member of the committee concerned", 72, 134)
    chars += word_chars("with witnesses invited to testify before the panel.", 50, 146)
    p = layout.build_page(1, W, H, chars, [])
    assert texts(p)[0].startswith("Congressional committees")
    assert not any(t.startswith("C ") or " C " in t for t in texts(p))


def test_link_underline_in_the_first_footnote_is_not_a_separator_rule():
    specs = prose(50, 100, 25, size=11, step=13)
    specs += [("1 First note citing a report online at an address", 50, 500, {"size": 9}),
              ("2 Second note citing another report in print", 50, 511, {"size": 9})]
    underline = Rule(120, 501.0, 200, 501.0)  # under part of note 1, just below its baseline
    blocks = document.analyse([page(1, specs, rules=[underline])])
    assert [b.label for b in blocks if b.kind == "footnote"] == ["1", "2"]


def test_bold_lead_in_over_two_lines_of_a_bulleted_item_stays_in_the_item():
    specs = prose(50, 80, 3, width_chars=80)
    specs += [("• Establish and implement a comprehensive strategy and also perform the", 50, 130,
               {"bold": True}),
              ("effective and continuing oversight of the federal agencies and programmes", 60, 142, {"bold": True}),
              ("concerned. The strategy articulates goals and objectives for the agencies", 60, 154)]
    blocks = document.analyse([page(1, specs)])
    items = [b for b in blocks if b.text.startswith("•")]
    assert len(items) == 1 and items[0].kind == "text" and len(items[0].lines) == 3


def test_small_wordmark_repeated_under_a_logo_line_is_furniture():
    pages = []
    for k in range(1, 3):
        specs = [("Office of", 50, 20, {"size": 14}), ("Policy Studies", 50, 40, {"size": 14})] if k == 2 else []
        specs += [("POLICY STUDIES OFFICE", 50, 58, {"size": 4})]
        specs += prose(50, 80, 40)
        pages.append(page(k, specs))
    f = furniture.find_furniture(pages, 10.0)
    marks = [l for p in pages for l in p.lines if l.text == "POLICY STUDIES OFFICE"]
    assert len(marks) == 2 and all(id(l) in f for l in marks)
    assert not any(id(l) in f for l in pages[1].lines if l.text.startswith("Policy"))
