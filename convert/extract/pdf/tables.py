"""Tables on a page of line records: found, cut into rows and columns, captioned.

Works on the plain records the reader already made (:mod:`records`): a page's text
lines are row *segments* (the layout splits a row of glyphs at gaps wider than
``SEGMENT_GAP_EM``), so the cells of a table row arrive as separate lines side by side.
A table is a run of visual rows most of which hold several short segments whose gaps
line up into columns; multi-column prose (few, long segments), lists (a marker and a
long text) and single lines are not.  ``split_tables`` takes a page's table regions out
of its lines and returns them as :class:`FoundTable` records; ``place_tables`` puts the
finished model tables back into the document's reading order.

A page with fewer multi-segment rows than a table needs costs one pass over its lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple, Optional

from ...model import Paragraph, Provenance, Table, TableCell, Text
from .records import SPAN, Block, Line, PageLines
from .continued import merge_continued
from .ruled import Frame, frames, text_row_groups

ROW_TOL_EM = 0.5             # segments whose baselines differ less than this share a visual row
MIN_TABLE_ROWS = 3           # a table has at least this many rows of side-by-side cells ...
MIN_CAPTIONED_ROWS = 2       # ... or this many under its own "Table N" caption
LONG_SEGMENT_SHARE = 0.3     # a segment wider than this share of the page is prose-like
PROSE_MIN_WORDS = 7          # ... as is one with this many words
MAX_ROW_GAP_EM = 3.2         # rows further apart than this (baseline step) end the table
MAX_LOOSE_ROWS = 2           # single-segment rows allowed between table rows (wrapped cells, groups)
GAP_COVER_SHARE = 0.2        # a column gap may be crossed by at most this share of the rows
MIN_GAP_EM = 0.5             # narrowest column gap (a word space is about 0.25-0.33 em)
CELL_GAP_EM = 0.7            # words further apart than this are in different cells
SPLIT_GAP_EM = 0.4           # ... and those at least this far apart may still be two cells
EDGE_TOUCH_PT = 0.02          # edges this close touch (coordinates are rounded to 0.01 pt)
WORD_GAP_EM = 0.18           # (as the layout) a gap this wide between glyphs is a space
BREAK_STEP_FACTOR = 1.9      # a title line this far (in usual row steps) from both neighbours ends a table
WIDE_BREAK_FACTOR = 3.5      # any gap this many usual row steps wide ends a table
SPAN_HEAD_STEP_FACTOR = 1.3  # a spanning header line sits at most this many usual steps above the first row
MERGE_STEP_SHARE = 0.7       # a row closer than this share of the usual step continues the row above
CAPTION_REACH_EM = 4.0       # a caption sits at most this far above (or below) the table
NOTE_REACH_EM = 2.5          # a note starts at most this far under the table (or the last note)
MAX_CAPTION_LINES = 3
MAX_NOTE_LINES = 8
MAX_HEAD_ROWS = 3
AXIS_MIN_TICKS = 4            # this many numbers falling by equal steps down a column: a chart's axis ...
AXIS_ROW_FILL = 0.7           # ... in rows filled at most this much (tick labels stand alone)
MIN_FILL_SHARE = 0.4         # a table fills at least this share of its grid
PROSE_LOWER_SHARE = 0.5      # more lines of a column than this starting in lower case ...
PROSE_FILL_SHARE = 0.75      # ... with the median line this full: running text
NUMERIC_SHARE = 0.5          # a row with this share of numeric cells is data, not header

CAPTION_RE = re.compile(r"^(table|exhibit|chart)\s+([A-Z]?\d+[A-Za-z]?(?:[.\-–]\d+)*|[IVXLC]+|[A-Z])\b[.:]?\s*",
                        re.IGNORECASE)
NOTE_RE = re.compile(r"^(sources?|notes?|n\.b\.|memo|\*+|[a-z]\)|[a-z]\.\s|\(\w\)|†|‡)", re.IGNORECASE)
NUMERIC_RE = re.compile(r"^[\s$€£(+\-–−]*[\d.,]+\s*[%)]?[*a-z†]?$|^[\-–—n/a.]+$", re.IGNORECASE)
PLAIN_NUMBER_RE = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
ENUMERATOR_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*[.):]|[a-zA-Z][.)]|\(\w{1,3}\)|[•▪◦●■□➢►–—\-*])$")
# dot leaders between a row label and its figures: no ink of any cell (".." and "..." are
# kept: statistical tables print them for "not available")
LEADER_RE = re.compile(r"^[.·…]{4,}$")
# a rule typed with characters (typewritten tables): a row separator, not a row
TYPED_RULE_RE = re.compile(r"^[-_=─━—–]{4,}$")


@dataclass
class FoundTable:
    """One table region of a page: the model table and the lines it took."""

    page: int
    top: float
    table: Table
    lines: list[Line] = field(default_factory=list)


# ---------------------------------------------------------------- rows


class Unit(NamedTuple):
    """A run of words of one line with no cell-sized gap inside: a cell or part of one."""

    x0: float
    x1: float
    words: tuple[tuple[float, float, str], ...]
    line: Line

    @property
    def text(self) -> str:
        return " ".join(w for _, _, w in self.words)


def _words(l: Line) -> list[tuple[float, float, str]]:
    """(x0, x1, text) of each word, from the line's recorded word gaps."""
    parts = l.text.split(" ")
    if l.rtl or not l.gaps or len(parts) != len(l.gaps) + 1:
        return [(l.x0, l.x1, l.text.strip())]
    starts = [l.x0] + [b for _, b in l.gaps]
    ends = [a for a, _ in l.gaps] + [l.x1]
    return [(a, b, t) for a, b, t in zip(starts, ends, parts) if t and not LEADER_RE.match(t)]


def _typed_rule(l: Line) -> bool:
    return bool(TYPED_RULE_RE.match(l.text.replace(" ", "")))


def _units(l: Line) -> list[Unit]:
    words = _words(l)
    out: list[list[tuple[float, float, str]]] = []
    for w in words:
        if out and w[0] - out[-1][-1][1] < CELL_GAP_EM * max(l.size, 1.0):
            out[-1].append(w)
        else:
            out.append([w])
    return [Unit(ws[0][0], ws[-1][1], tuple(ws), l) for ws in out if ws]


def _visual_rows(lines: list[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    for l in sorted(lines, key=lambda l: l.baseline):
        if rows and l.baseline - rows[-1][0].baseline <= ROW_TOL_EM * max(l.size, 1.0):
            rows[-1].append(l)
        else:
            rows.append([l])
    for r in rows:
        r.sort(key=lambda l: l.x0)
    return rows


def _row_units(row: list[Line]) -> list[Unit]:
    """The row's units left to right; touching units of different lines (a small-capital
    initial set on its own baseline) are one."""
    out: list[Unit] = []
    for u in sorted((u for l in row for u in _units(l)), key=lambda u: u.x0):
        if out and out[-1].line is not u.line and u.x0 - out[-1].x1 < CELL_GAP_EM * max(u.line.size, 1.0):
            prev = out[-1]
            glue = "" if u.x0 - prev.x1 < WORD_GAP_EM * max(u.line.size, 1.0) else " "
            last = prev.words[-1]
            words = prev.words[:-1] + ((last[0], u.words[0][1], last[2] + glue + u.words[0][2]),) + u.words[1:]
            out[-1] = Unit(prev.x0, max(prev.x1, u.x1), words, prev.line)
        else:
            out.append(u)
    return out


def _prose_like(u: Unit, width: float) -> bool:
    return u.x1 - u.x0 > LONG_SEGMENT_SHARE * width or len(u.words) >= PROSE_MIN_WORDS


def _is_cell_row(row: list[Unit], width: float) -> bool:
    """Several cells side by side, not two prose columns and not a list item."""
    if len(row) < 2:
        return False
    if ENUMERATOR_RE.match(row[0].text.strip()) and len(row) == 2:
        return False
    # a list item's marker and its text are one piece of a layout column
    pieces = [u for k, u in enumerate(row) if not (k + 1 < len(row) and ENUMERATOR_RE.match(u.text.strip()))]
    cols = [u.line.col for u in pieces]
    if len(cols) == len(set(cols)) and SPAN not in cols and len(cols) > 1 and (
            len(row) == 2 or any(_prose_like(u, width) for u in pieces)):
        return False  # one piece in each of the layout's columns: prose (or a list) beside prose
    long = sum(_prose_like(u, width) for u in row)
    return long == 0 or (long == 1 and len(row) >= 3)


def _runs(rows: list[list[Unit]], flags: list[bool]) -> list[tuple[int, int]]:
    """(first, last) row indices of runs of cell rows, loose rows allowed between."""
    out: list[tuple[int, int]] = []
    start = last = None
    for i, ok in enumerate(flags):
        if not ok:
            continue
        em = max(rows[i][0].line.size, 1.0)
        close = last is not None and (rows[i][0].line.baseline - rows[last][0].line.baseline
                                      <= MAX_ROW_GAP_EM * em * (i - last))
        if last is not None and close and i - last - 1 <= MAX_LOOSE_ROWS:
            last = i
            continue
        if start is not None and last is not None:
            out.append((start, last))
        start = last = i
    if start is not None and last is not None:
        out.append((start, last))
    return [(a, b) for a, b in out if sum(flags[a:b + 1]) >= _min_rows(rows, a)]


def _min_rows(rows: list[list[Unit]], a: int) -> int:
    """Rows of cells a table starting at row ``a`` needs: fewer right under a caption."""
    for r in rows[max(0, a - 2):a]:
        em = max(r[0].line.size, 1.0)
        if CAPTION_RE.match(r[0].text.strip()) and rows[a][0].line.top - r[0].line.bottom <= CAPTION_REACH_EM * em:
            return MIN_CAPTIONED_ROWS
    return MIN_TABLE_ROWS


def _steps(rows: list[list[Unit]]) -> list[float]:
    return [rows[i + 1][0].line.baseline - rows[i][0].line.baseline for i in range(len(rows) - 1)]


def _usual_step(steps: list[float]) -> float:
    return sorted(steps)[len(steps) // 2] if steps else 0.0


def _split_run(rows: list[list[Unit]], flags: list[bool], a: int, b: int) -> list[tuple[int, int]]:
    """A run cut at a title line standing apart from the rows above and below it (tables
    stacked under their own titles), or at a gap far wider than the usual row step."""
    steps = _steps(rows[a:b + 1])
    usual = _usual_step(steps)
    out: list[tuple[int, int]] = []
    start = a
    for k, step in enumerate(steps):
        i = a + k + 1  # the row below the step
        # a line of its own after a wide gap titles the next table when a gap follows it too,
        # or heads it when the row under it starts as the run's first row did (the header
        # repeated: a second table of the same kind); a group label ("Projected") or a
        # spanning subheader continues the table
        title = (not flags[i] and i < b and step > BREAK_STEP_FACTOR * usual
                 and (steps[k + 1] > BREAK_STEP_FACTOR * usual or rows[i + 1][0].text == rows[a][0].text
                      or bool(CAPTION_RE.match(rows[i][0].text))))
        if title or step > WIDE_BREAK_FACTOR * usual:
            out.append((start, i - 1))
            start = i
    out.append((start, b))
    out = [_with_spanning_head(rows, flags, *_trim(flags, x, y), usual) for x, y in out]
    return [(x, y) for x, y in out if sum(flags[x:y + 1]) >= _min_rows(rows, x)]


def _with_spanning_head(rows: list[list[Unit]], flags: list[bool], a: int, b: int,
                        usual: float) -> tuple[int, int]:
    """A line set right above the first row, inside the table's width but indented from its
    left edge, is a header spanning columns ("Design effect" over the columns of figures)."""
    if a == 0 or flags[a - 1] or not usual:
        return a, b
    head, first = rows[a - 1], rows[a]
    left = min(u.x0 for r in rows[a:b + 1] for u in r)
    right = max(u.x1 for r in rows[a:b + 1] for u in r)
    em = max(first[0].line.size, 1.0)
    close = first[0].line.baseline - head[0].line.baseline <= SPAN_HEAD_STEP_FACTOR * usual
    inside = head[0].x0 > left + em and head[-1].x1 <= right + em
    if close and inside and not CAPTION_RE.match(head[0].text.strip()):
        return a - 1, b
    return a, b


def _trim(flags: list[bool], a: int, b: int) -> tuple[int, int]:
    """A table starts and ends on a row of cells (a title line above is not a row)."""
    while a < b and not flags[a]:
        a += 1
    while b > a and not flags[b]:
        b -= 1
    return a, b


def _merge_rows(rows: list[list[Unit]]) -> list[list[Unit]]:
    """Lines set closer than the usual row step are one row of multi-line cells (a value
    centred beside a label of two lines)."""
    usual = _usual_step(_steps(rows))
    out: list[list[Unit]] = []
    for r in rows:
        if out and r[0].line.baseline - out[-1][-1].line.baseline < MERGE_STEP_SHARE * usual:
            out[-1] = out[-1] + r
        else:
            out.append(list(r))
    return out


def _merge_text_rows(rows: list[list[Unit]], frame: Frame) -> list[list[Unit]]:
    """The lines of each text cell of a ruled frame as one row."""
    groups = text_row_groups([r[0].line.baseline for r in rows], frame,
                             _usual_step([r[0].line.size for r in rows]))
    out: list[list[Unit]] = []
    for g, r in zip(groups, rows):
        if g < len(out):
            out[g] = out[g] + r
        else:
            out.append(list(r))
    return out


# ---------------------------------------------------------------- columns


def _column_bounds(rows: list[list[Unit]], flags: list[bool], em: float) -> list[tuple[float, float]]:
    """Column x-ranges: the gaps between words that the cell rows leave open (a few
    crossings allowed, for cells spanning columns).  An exact sweep over the words' edges:
    figures set a little over half an em apart are still two columns."""
    cell_rows = [r for r, ok in zip(rows, flags) if ok]
    events = sorted((x, d) for r in cell_rows for u in r for a, b, _ in u.words for x, d in ((a, 1), (b, -1)))
    limit = GAP_COVER_SHARE * len(cell_rows)
    cols: list[tuple[float, float]] = []
    depth = 0
    start: Optional[float] = None   # where the current column's ink begins
    open_at: Optional[float] = None  # where the current gap (coverage at or under the limit) begins
    for x, d in events:
        was = depth > limit
        depth += d
        now = depth > limit
        if now and not was:
            if start is None:
                start = x
            elif open_at is not None and x - open_at >= MIN_GAP_EM * em:
                cols.append((start, open_at))
                start = x
            open_at = None
        elif was and not now:
            open_at = x
    if start is not None:
        cols.append((start, open_at if open_at is not None else events[-1][0]))
    return cols


def _span(x0: float, x1: float, cols: list[tuple[float, float]]) -> tuple[int, int]:
    # a word that ends exactly where a column's words start reaches that column (the readers
    # round coordinates to 0.01 pt, so touching edges compare equal and must count)
    hit = [k for k, (a, b) in enumerate(cols) if x0 < b + EDGE_TOUCH_PT and x1 > a - EDGE_TOUCH_PT]
    if hit:
        return hit[0], hit[-1]
    centre = (x0 + x1) / 2
    k = min(range(len(cols)), key=lambda k: min(abs(centre - cols[k][0]), abs(centre - cols[k][1])))
    return k, k


def _split_at_columns(u: Unit, cols: list[tuple[float, float]]) -> list[Unit]:
    """A unit over several columns splits where a gap wider than a word space falls
    between two columns (figures set close); with no such gap it is one spanning cell."""
    out: list[list[tuple[float, float, str]]] = [[u.words[0]]]
    wide = SPLIT_GAP_EM * max(u.line.size, 1.0)
    for w in u.words[1:]:
        prev = out[-1][-1]
        if w[0] - prev[1] >= wide and _span(*prev[:2], cols)[1] < _span(*w[:2], cols)[0]:
            out.append([w])
        else:
            out[-1].append(w)
    return [Unit(ws[0][0], ws[-1][1], tuple(ws), u.line) for ws in out]


def _grid_row(row: list[Unit], cols: list[tuple[float, float]]) -> list[TableCell]:
    """One row (perhaps of several lines) -> cells; empty cells fill the columns nothing covers."""
    pieces = [(*_span(u.x0, u.x1, cols), u) for whole in row for u in _split_at_columns(whole, cols)]
    pieces.sort(key=lambda t: (t[0], round(t[2].line.baseline, 1), t[2].x0))
    spans: list[tuple[int, int, str, list[Unit]]] = []
    for a, b, u in pieces:
        if spans and a <= spans[-1][1]:  # two pieces in one column: one cell
            pa, pb, pt, pu = spans[-1]
            spans[-1] = (pa, max(pb, b), pt + " " + u.text, pu + [u])
        else:
            spans.append((a, b, u.text, [u]))
    cells: list[TableCell] = []
    k = 0
    for a, b, text, units in spans:
        cells.extend(TableCell() for _ in range(k, a))
        box = (round(min(u.x0 for u in units), 2), round(min(u.line.top for u in units), 2),
               round(max(u.x1 for u in units), 2), round(max(u.line.bottom for u in units), 2))
        cells.append(TableCell([Text(text)], colspan=b - a + 1, provenance=[Provenance(bbox=box)]))
        k = b + 1
    cells.extend(TableCell() for _ in range(k, len(cols)))
    return cells


def _cell_text(cell: TableCell) -> str:
    return "".join(t.text for t in cell.content if isinstance(t, Text)).strip()


def _prose_columns(rows: list[list[Unit]], cols: list[tuple[float, float]]) -> set[int]:
    """Columns whose lines mostly start in lower case and nearly fill their width carry
    sentences on from line to line: running text set beside the table (a page whose two
    columns the layout did not see) or beside a list, not cells; wrapped cells leave
    ragged, often short lines."""
    by_col: dict[int, list[Unit]] = {}
    for r in rows:
        for u in r:
            by_col.setdefault(_span(u.x0, u.x1, cols)[0], []).append(u)
    out: set[int] = set()
    for k, units in by_col.items():
        if len(units) < MIN_TABLE_ROWS:
            continue
        lower = sum(u.text[:1].islower() for u in units)
        widths = sorted(u.x1 - u.x0 for u in units)
        full = widths[len(widths) // 2] >= PROSE_FILL_SHARE * widths[-1]
        if full and lower > PROSE_LOWER_SHARE * len(units):
            out.add(k)
    return out


def _mostly_prose(units: list[Unit], width: float) -> bool:
    return bool(units) and sum(_prose_like(u, width) for u in units) * 2 >= len(units)


def _without_side_column(rows: list[list[Unit]], flags: list[bool], width: float
                         ) -> tuple[list[list[Unit]], list[bool]]:
    """The rows without the layout column that carries running text beside the table: one
    whose pieces in the table's rows are mostly prose-like and whose lines also stand alone,
    prose-like, in the rows between them (a gutter the layout found inside a table leaves
    short cells on its far side)."""
    in_rows = [u for r, ok in zip(rows, flags) if ok for u in r]
    lone = {r[0].line.col for r, ok in zip(rows, flags)
            if not ok and len(r) == 1 and r[0].line.col != SPAN and _prose_like(r[0], width)}
    side = {c for c in lone if _mostly_prose([u for u in in_rows if u.line.col == c], width)}
    if not side or not {u.line.col for u in in_rows} - side - {SPAN}:
        return rows, flags
    out_rows, out_flags = [], []
    for r in rows:
        r2 = [u for u in r if u.line.col not in side]
        if r2:
            out_rows.append(r2)
            out_flags.append(_is_cell_row(r2, width))
    return out_rows, out_flags


def _without_prose(rows: list[list[Unit]], flags: list[bool], em: float) -> tuple[list[list[Unit]], list[bool]]:
    """The rows with the running text beside the table taken out (whole lines only), the
    rows left empty dropped."""
    cols = _column_bounds(rows, flags, em)
    prose = _prose_columns(rows, cols) if len(cols) >= 2 else set()
    if not prose:
        return rows, flags
    in_prose = {id(u.line) for r in rows for u in r if _span(u.x0, u.x1, cols)[0] in prose}
    keep = {id(u.line) for r in rows for u in r if _span(u.x0, u.x1, cols)[0] not in prose}
    gone = in_prose - keep
    out_rows, out_flags = [], []
    for r in rows:
        r2 = [u for u in r if id(u.line) not in gone]
        if r2:
            out_rows.append(r2)
            out_flags.append(len(r2) >= 2)
    return out_rows, out_flags


def _slots(row: list[TableCell]) -> dict[int, TableCell]:
    out: dict[int, TableCell] = {}
    k = 0
    for c in row:
        if c.content:
            out[k] = c
        k += c.colspan
    return out


def _merge_head(grid: list[list[TableCell]], heads: int) -> int:
    """Header lines stacked in the same cells ("Coronary heart" over "disease") are one
    header row: a line is merged into the one above when it fills only cells that one
    fills, with the same spans.  Returns the new number of header rows."""
    i = 1
    while i < heads:
        upper, lower = _slots(grid[i - 1]), _slots(grid[i])
        if lower and all(k in upper and upper[k].colspan == c.colspan for k, c in lower.items()):
            for k, c in lower.items():
                upper[k].content = [Text(_cell_text(upper[k]) + " " + _cell_text(c))]
                upper[k].provenance.extend(c.provenance)
            del grid[i]
            heads -= 1
        else:
            i += 1
    return heads


def _numeric(cell: TableCell) -> bool:
    """A figure; a year alone is not one (a header row of years heads columns of figures)."""
    text = _cell_text(cell)
    return bool(text) and bool(NUMERIC_RE.match(text)) and not YEAR_RE.match(text)


def _head_rows(body: list[list[TableCell]]) -> int:
    """Rows above the first row of figures are the header (at most a few)."""
    for i, row in enumerate(body[:MAX_HEAD_ROWS + 1]):
        filled = [c for c in row if c.content]
        if filled and sum(_numeric(c) for c in filled) >= NUMERIC_SHARE * len(filled):
            return i if i < len(body) else 0
    return 1 if len(body) > 1 and any(not c.content for c in body[0][:1]) else 0


# ---------------------------------------------------------------- caption and notes


def _caption(above: list[list[Line]], top: float, em: float) -> tuple[list[Line], Optional[str], str]:
    """The 'Table N.' lines just above the table: (lines, label, caption text)."""
    near = [r for r in above if top - r[0].bottom <= CAPTION_REACH_EM * em][-MAX_CAPTION_LINES:]
    for k, row in enumerate(near):
        m = CAPTION_RE.match(row[0].text.strip())
        if m:
            lines = [l for r in near[k:] for l in r]
            text = " ".join(" ".join(l.text for l in r) for r in near[k:])
            label = m.group(0).strip().rstrip(".:")
            return lines, label, " ".join(text.split())[len(m.group(0).strip()):].strip(" .:") or ""
    return [], None, ""


def _notes(below: list[list[Line]], bottom: float, em: float) -> list[list[Line]]:
    """'Source:' / 'Note:' / '*' lines right under the table, each with its run-on lines."""
    out: list[list[Line]] = []
    last = bottom
    for row in below[:MAX_NOTE_LINES]:
        if row[0].top - last > NOTE_REACH_EM * em:
            break
        text = " ".join(l.text for l in row).strip()
        if NOTE_RE.match(text):
            out.append(list(row))
        elif out and row[0].top - last <= 1.0 * em:
            out[-1].extend(row)
        else:
            break
        last = row[-1].bottom
    return out


# ---------------------------------------------------------------- the page


def split_tables(page: PageLines) -> tuple[list[FoundTable], list[Line]]:
    """A page's lines -> (its tables, the lines left for paragraphs)."""
    if len(page.lines) < MIN_TABLE_ROWS * 2:
        return [], page.lines
    rows = [r for r in (_row_units(vr) for vr in _visual_rows([l for l in page.lines if not _typed_rule(l)])) if r]
    flags = [_is_cell_row(r, page.width) for r in rows]
    runs = _all_runs(page, rows, flags)
    if not runs:
        return [], page.lines
    found: list[FoundTable] = []
    used: set[int] = set()
    for a, b, frame in runs:
        t = _table(page, rows, flags, a, b, used, frame)
        if t is not None:
            found.append(t)
            used.update(id(l) for l in t.lines)
    if not found:
        return [], page.lines
    used.update(id(l) for l in _take_typed_rules(found, page.lines))
    return found, [l for l in page.lines if id(l) not in used]


def _all_runs(page: PageLines, rows: list[list[Unit]], flags: list[bool]
              ) -> list[tuple[int, int, Optional[Frame]]]:
    """(first row, last row, ruled frame or None) of every table candidate, top down."""
    framed = _framed_runs(page, rows, flags)
    if sum(flags) < MIN_CAPTIONED_ROWS and not framed:
        return []
    inside = {i for a, b, _ in framed for i in range(a, b + 1)}
    free = [ok and i not in inside for i, ok in enumerate(flags)]
    runs: list[tuple[int, int, Optional[Frame]]] = [
        (a, b, None) for run in _runs(rows, free) for a, b in _split_run(rows, free, *run)]
    return sorted(framed + runs, key=lambda t: t[0])


def _framed_runs(page: PageLines, rows: list[list[Unit]], flags: list[bool]
                 ) -> list[tuple[int, int, Optional[Frame]]]:
    """(first row, last row, frame) of each ruled frame holding enough rows of side-by-side
    text; the flags of its rows are set (text cells count as cells inside a frame)."""
    if not page.rules:
        return []
    em = _usual_step([l.size for l in page.lines]) or 10.0
    out: list[tuple[int, int, Optional[Frame]]] = []
    for f in frames(page.rules, em):
        idx = [i for i, r in enumerate(rows)
               if f.holds(r[0].x0, r[-1].x1, r[0].line.baseline, em)]
        multi = [i for i in idx if len(rows[i]) >= 2 and not _layout_columns_row(rows[i])]
        if len(multi) < MIN_TABLE_ROWS - 1 or not idx:
            continue
        if all(flags[i] for i in multi) or not any(_prose_like(u, page.width) for i in idx for u in rows[i]):
            continue  # the alignment finder sees a table of short cells by itself
        for i in multi:
            flags[i] = True
        out.append((idx[0], idx[-1], f))
    return out


def _layout_columns_row(row: list[Unit]) -> bool:
    cols = {u.line.col for u in row}
    return len(row) == 2 and len(cols) == 2 and SPAN not in cols


def _take_typed_rules(found: list[FoundTable], lines: list[Line]) -> list[Line]:
    """Typed rules inside a table go with it; returns them."""
    taken: list[Line] = []
    for t in found:
        top, bottom = t.top, max(l.bottom for l in t.lines)
        mine = [l for l in lines if _typed_rule(l) and top <= l.baseline <= bottom]
        t.lines.extend(mine)
        taken.extend(mine)
    return taken


def _lines(row: list[Unit]) -> list[Line]:
    return list({id(u.line): u.line for u in row}.values())


def _cells(rows: list[list[Unit]], flags: list[bool], em: float, width: float,
           frame: Optional[Frame] = None, need: int = MIN_TABLE_ROWS
           ) -> Optional[tuple[list[list[TableCell]], list[Line], int]]:
    """A run of rows -> (the grid of cells, the lines it took, how many leading rows are set
    in bold), or None when no table.  In a ruled frame whose cells hold running text the
    lines of a cell are one row and the columns of sentences are the table's own."""
    text_cells = frame is not None and any(_prose_like(u, width) for r in rows for u in r)
    body, body_flags = (rows, flags) if text_cells else _without_prose(*_without_side_column(rows, flags, width), em)
    if sum(body_flags) < need:
        return None
    cols = _column_bounds(body, body_flags, em)
    if len(cols) < 2 or (not text_cells and _prose_columns(body, cols)):
        return None
    merged = _merge_text_rows(body, frame) if text_cells and frame else _merge_rows(body)
    grid = [_grid_row(r, cols) for r in merged]
    if _sparse(grid) or _axis_column(grid):
        return None  # the tick labels of a chart, not a table
    return grid, [l for r in body for l in _lines(r)], _lead_rows(merged, frame)


def _axis_column(grid: list[list[TableCell]]) -> bool:
    """A column whose numbers fall by one equal step down the rows (54,000 53,000 52,000 ...)
    labels a chart's axis; a table's figures do not march so (years and ranks rise)."""
    width = max((len(r) for r in grid), default=0)
    for k in range(width):
        rows = [r for r in grid if k < len(r) and PLAIN_NUMBER_RE.match(_cell_text(r[k]))]
        filled = sum(1 for r in rows for c in r if c.content)
        if filled > AXIS_ROW_FILL * len(rows) * width:
            continue  # rows of figures beside the numbers: a table
        values = [float(_cell_text(r[k]).replace(",", "")) for r in rows]
        run = 1
        for i in range(2, len(values)):
            step, prev = values[i] - values[i - 1], values[i - 1] - values[i - 2]
            run = run + 1 if step < 0 and abs(step - prev) <= 1e-6 * max(1.0, abs(prev)) else 1
            if run + 1 >= AXIS_MIN_TICKS:
                return True
    return False


def _sparse(grid: list[list[TableCell]]) -> bool:
    slots = sum(c.colspan for row in grid for c in row)
    return sum(c.colspan for row in grid for c in row if c.content) < MIN_FILL_SHARE * slots


def _lead_rows(merged: list[list[Unit]], frame: Optional[Frame]) -> int:
    """How many rows on top are set apart as the header: those above the first rule inside
    a ruled frame, else those set in bold."""
    if frame is not None and len(frame.levels) > 1:
        return sum(1 for r in merged if r[0].line.baseline < frame.levels[1])
    bold = 0
    while bold < len(merged) and all(u.line.bold for u in merged[bold]):
        bold += 1
    return bold


def _set_page(grid: list[list[TableCell]], number: int) -> None:
    for row in grid:
        for cell in row:
            for p in cell.provenance:
                p.page = number


def _table(page: PageLines, rows: list[list[Unit]], flags: list[bool], a: int, b: int,
           used: set[int], frame: Optional[Frame] = None) -> Optional[FoundTable]:
    em = max(rows[a][0].line.size, 1.0)
    need = MIN_TABLE_ROWS - 1 if frame else _min_rows(rows, a)
    found = _cells(rows[a:b + 1], flags[a:b + 1], em, page.width, frame, need)
    if found is None:
        return None
    grid, lines, bold = found
    above = [_lines(r) for r in rows[max(0, a - MAX_CAPTION_LINES):a]]
    cap_lines, label, caption = _caption([r for r in above if not any(id(l) in used for l in r)],
                                         min(l.top for l in lines), em)
    notes = _notes([_lines(r) for r in rows[b + 1:b + 1 + MAX_NOTE_LINES]], max(l.bottom for l in lines), em)
    # bold rows on top are the header; else the rows above the first row of figures
    heads = _merge_head(grid, bold if 0 < bold < len(grid) else _head_rows(grid))
    table = Table(label=label, caption=Paragraph([Text(caption)]) if caption else None,
                  head=grid[:heads], body=grid[heads:],
                  notes=[Paragraph([Text(" ".join(" ".join(l.text.split()) for l in n))]) for n in notes])
    taken = lines + cap_lines + [l for n in notes for l in n]
    bbox = (round(min(l.x0 for l in taken), 2), round(min(l.top for l in taken), 2),
            round(max(l.x1 for l in taken), 2), round(max(l.bottom for l in taken), 2))
    table.provenance = [Provenance(page=page.number, bbox=bbox)]
    _set_page(grid, page.number)
    return FoundTable(page.number, bbox[1], table, taken)


# ---------------------------------------------------------------- reading order


def split_page_tables(pages: list[PageLines]) -> tuple[dict[int, list[FoundTable]], list[PageLines]]:
    """Every page's tables (by page number) and the pages with the table lines taken out."""
    tables: dict[int, list[FoundTable]] = {}
    out: list[PageLines] = []
    for p in pages:
        found, rest = split_tables(p)
        if found:
            tables[p.number] = found
            p = replace(p, lines=rest)
        out.append(p)
    return merge_continued(tables), out


def with_tables(blocks: list[Block], tables: dict[int, list[FoundTable]]) -> list[Block]:
    """Table blocks into the page's blocks: before the first text block below the table's top."""
    if not tables:
        return blocks
    out = list(blocks)
    for page, found in tables.items():
        for t in sorted(found, key=lambda t: t.top):
            tb = Block("table", page, t.lines, table=t.table)
            same = [i for i, b in enumerate(out) if b.page == page and b.kind in ("text", "heading", "table")]
            after = [i for i in same if out[i].kind != "table" and out[i].bbox[1] > t.top]
            if after:
                at = after[0]
            elif same:
                at = same[-1] + 1
            else:
                at = next((i for i, b in enumerate(out) if b.page > page), len(out))
            out.insert(at, tb)
    return out
