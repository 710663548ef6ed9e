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
from typing import Optional

from ..model import Document, Paragraph, Provenance, Table, TableCell, Text
from .records import SPAN, Block, Line, PageLines

ROW_TOL_EM = 0.5             # segments whose baselines differ less than this share a visual row
MIN_TABLE_ROWS = 3           # a table has at least this many rows of side-by-side cells
LONG_SEGMENT_SHARE = 0.3     # a segment wider than this share of the page is prose-like
PROSE_MIN_WORDS = 7          # ... as is one with this many words
MAX_ROW_GAP_EM = 3.2         # rows further apart than this (baseline step) end the table
MAX_LOOSE_ROWS = 2           # single-segment rows allowed between table rows (wrapped cells, groups)
GAP_COVER_SHARE = 0.2        # a column gap may be crossed by at most this share of the rows
MIN_GAP_EM = 0.6             # narrowest column gap
CAPTION_REACH_EM = 4.0       # a caption sits at most this far above (or below) the table
NOTE_REACH_EM = 2.5          # a note starts at most this far under the table (or the last note)
MAX_CAPTION_LINES = 3
MAX_NOTE_LINES = 8
MAX_HEAD_ROWS = 3
NUMERIC_SHARE = 0.5          # a row with this share of numeric cells is data, not header

CAPTION_RE = re.compile(r"^(table|exhibit|chart)\s+([A-Z]?\d+[A-Za-z]?(?:[.\-–]\d+)*|[IVXLC]+|[A-Z])\b[.:]?\s*",
                        re.IGNORECASE)
NOTE_RE = re.compile(r"^(sources?|notes?|n\.b\.|memo|\*+|[a-z]\)|[a-z]\.\s|\(\w\)|†|‡)", re.IGNORECASE)
NUMERIC_RE = re.compile(r"^[\s$€£(+\-–−]*[\d.,]+\s*[%)]?[*a-z†]?$|^[\-–—n/a.]+$", re.IGNORECASE)
ENUMERATOR_RE = re.compile(r"^(\d{1,3}[.)]|[a-zA-Z][.)]|\(\w{1,3}\)|[•▪◦●■□➢►–—\-*])$")


@dataclass
class FoundTable:
    """One table region of a page: the model table and the lines it took."""

    page: int
    top: float
    table: Table
    lines: list[Line] = field(default_factory=list)


# ---------------------------------------------------------------- rows


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


def _prose_like(l: Line, width: float) -> bool:
    return l.x1 - l.x0 > LONG_SEGMENT_SHARE * width or len(l.text.split()) >= PROSE_MIN_WORDS


def _is_cell_row(row: list[Line], width: float) -> bool:
    """Several segments side by side, not two prose columns and not a list item."""
    if len(row) < 2:
        return False
    if ENUMERATOR_RE.match(row[0].text.strip()) and len(row) == 2:
        return False
    if len(row) == 2 and row[0].col != row[1].col and SPAN not in (row[0].col, row[1].col):
        return False  # the layout's gutter splits these two: two columns of prose
    long = sum(_prose_like(l, width) for l in row)
    return long == 0 or (long == 1 and len(row) >= 3)


def _runs(rows: list[list[Line]], flags: list[bool]) -> list[tuple[int, int]]:
    """(first, last) row indices of runs of cell rows, loose rows allowed between."""
    out: list[tuple[int, int]] = []
    start = last = None
    for i, ok in enumerate(flags):
        if not ok:
            continue
        em = max(rows[i][0].size, 1.0)
        close = last is not None and (rows[i][0].baseline - rows[last][0].baseline
                                      <= MAX_ROW_GAP_EM * em * (i - last))
        if last is not None and close and i - last - 1 <= MAX_LOOSE_ROWS:
            last = i
            continue
        if start is not None:
            out.append((start, last))
        start = last = i
    if start is not None:
        out.append((start, last))
    return [(a, b) for a, b in out if sum(flags[a:b + 1]) >= MIN_TABLE_ROWS]


# ---------------------------------------------------------------- columns


def _column_bounds(rows: list[list[Line]], flags: list[bool], em: float) -> list[tuple[float, float]]:
    """Column x-ranges: the gaps that the cell rows leave open (a few crossings allowed)."""
    cell_rows = [r for r, ok in zip(rows, flags) if ok]
    x0 = min(l.x0 for r in cell_rows for l in r)
    x1 = max(l.x1 for r in cell_rows for l in r)
    n = int(x1 - x0) + 2
    cover = [0] * n
    for r in cell_rows:
        for l in r:
            for k in range(int(l.x0 - x0), int(l.x1 - x0) + 1):
                cover[k] += 1
    limit = GAP_COVER_SHARE * len(cell_rows)
    cols: list[tuple[float, float]] = []
    start: Optional[int] = None
    gap = 0
    for k in range(n):
        if cover[k] > limit:
            if start is None:
                start = k
            elif gap and gap >= MIN_GAP_EM * em:
                cols.append((x0 + start, x0 + k - gap))
                start = k
            gap = 0
        elif start is not None:
            gap += 1
    if start is not None:
        cols.append((x0 + start, x0 + n - 1 - gap))
    return cols


def _cols_of(l: Line, cols: list[tuple[float, float]]) -> tuple[int, int]:
    hit = [k for k, (a, b) in enumerate(cols) if l.x0 < b and l.x1 > a]
    if hit:
        return hit[0], hit[-1]
    centre = l.centre
    k = min(range(len(cols)), key=lambda k: min(abs(centre - cols[k][0]), abs(centre - cols[k][1])))
    return k, k


def _grid_row(row: list[Line], cols: list[tuple[float, float]]) -> list[TableCell]:
    """One visual row -> cells (empty cells fill the columns nothing covers)."""
    spans: list[tuple[int, int, str]] = []
    for l in row:
        a, b = _cols_of(l, cols)
        text = " ".join(l.text.split())
        if spans and a <= spans[-1][1]:  # two segments in one column: one cell
            pa, pb, pt = spans[-1]
            spans[-1] = (pa, max(pb, b), pt + " " + text)
        else:
            spans.append((a, b, text))
    cells: list[TableCell] = []
    k = 0
    for a, b, text in spans:
        cells.extend(TableCell() for _ in range(k, a))
        cells.append(TableCell([Text(text)], colspan=b - a + 1))
        k = b + 1
    cells.extend(TableCell() for _ in range(k, len(cols)))
    return cells


def _numeric(cell: TableCell) -> bool:
    text = "".join(t.text for t in cell.content if isinstance(t, Text))
    return bool(text.strip()) and bool(NUMERIC_RE.match(text.strip()))


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
    rows = _visual_rows(page.lines)
    flags = [_is_cell_row(r, page.width) for r in rows]
    if sum(flags) < MIN_TABLE_ROWS:
        return [], page.lines
    found: list[FoundTable] = []
    used: set[int] = set()
    for a, b in _runs(rows, flags):
        t = _table(page, rows, flags, a, b, used)
        if t is not None:
            found.append(t)
            used.update(id(l) for l in t.lines)
    if not found:
        return [], page.lines
    return found, [l for l in page.lines if id(l) not in used]


def _table(page: PageLines, rows: list[list[Line]], flags: list[bool], a: int, b: int,
           used: set[int]) -> Optional[FoundTable]:
    em = max(rows[a][0].size, 1.0)
    cols = _column_bounds(rows[a:b + 1], flags[a:b + 1], em)
    if len(cols) < 2:
        return None
    grid = [_grid_row(r, cols) for r in rows[a:b + 1]]
    lines = [l for r in rows[a:b + 1] for l in r]
    cap_lines, label, caption = _caption([r for r in rows[max(0, a - MAX_CAPTION_LINES):a]
                                          if not any(id(l) in used for l in r)],
                                         min(l.top for l in lines), em)
    notes = _notes(rows[b + 1:], max(l.bottom for l in lines), em)
    heads = _head_rows(grid)
    table = Table(label=label, caption=Paragraph([Text(caption)]) if caption else None,
                  head=grid[:heads], body=grid[heads:],
                  notes=[Paragraph([Text(" ".join(" ".join(l.text.split()) for l in n))]) for n in notes])
    taken = lines + cap_lines + [l for n in notes for l in n]
    bbox = (round(min(l.x0 for l in taken), 2), round(min(l.top for l in taken), 2),
            round(max(l.x1 for l in taken), 2), round(max(l.bottom for l in taken), 2))
    table.provenance = [Provenance(page=page.number, bbox=bbox)]
    return FoundTable(page.number, bbox[1], table, taken)


# ---------------------------------------------------------------- reading order


def place_tables(doc: Document, tables: list[Table]) -> None:
    """Put each table before the first body block that starts after it (page, then top)."""
    def where(provs: list[Provenance]) -> tuple[float, float]:
        p = provs[0] if provs else Provenance()
        return (p.page or 0, p.bbox[1] if p.bbox else 0.0)

    for t in tables:
        key = where(t.provenance)
        at = next((i for i, b in enumerate(doc.blocks)
                   if not isinstance(b, Table) and b.provenance and where(b.provenance) > key), len(doc.blocks))
        doc.blocks.insert(at, t)


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
    return tables, out


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
