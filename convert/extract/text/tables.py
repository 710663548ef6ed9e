"""Tables in text other converters made: PyMuPDF4LLM's GFM pipe tables and the column blocks
of ``pdftotext -layout``, read into the same :class:`~convert.model.Table` as the PDF path.

A pipe table is a run of lines starting with "|" whose second line is the delimiter row
("|---|:--|").  A layout column block is a run of lines cut by runs of two or more spaces
into cells whose edges line up down the run; running text set in two columns cuts the same
way, so a block needs short cells (a few words) and figures or three columns or more.
"""
from __future__ import annotations

import re
from typing import Optional

from ...model import Table, TableCell, Text
from ..source import TABLE, SourceBlock
from .lines import Line, line_provenance

PIPE_DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
PIPE_SPLIT_RE = re.compile(r"(?<!\\)\|")
HTML_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
EMPHASIS_RE = re.compile(r"\*\*|__")
CELL_GAP_RE = re.compile(r"\S+(?: \S+)*")   # a cell: words parted by single spaces
NUMBER_RE = re.compile(r"^[\s$€£(+\-–−]*[\d.,]+\s*[%)]?[*a-z†]?$|^[\-–—n/a.]+$", re.IGNORECASE)

YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
LAYOUT_MIN_ROWS = 3          # a column block has at least this many rows of cells
LAYOUT_MAX_WORDS = 6         # ... whose cells hold this many words at most on average
LAYOUT_NUMERIC_SHARE = 0.3   # ... and this share of figures, unless it has three columns or more
MARKER_RE = re.compile(r"^(\d{1,3}(\.\d{1,3})*[.:)]|[•▪◦●■□➢►\-*])(\s|$)")
COLUMN_EDGE_TOL = 1          # cell starts this many characters apart share a column


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") and not s.endswith("\\|") else s
    return [" ".join(EMPHASIS_RE.sub("", HTML_BREAK_RE.sub(" ", c)).replace("\\|", "|").split())
            for c in PIPE_SPLIT_RE.split(s)]


def _row(texts: list[str], width: int) -> list[TableCell]:
    texts = (texts + [""] * width)[:width]
    return [TableCell([Text(t)] if t else []) for t in texts]


def pipe_table(lines: list[str]) -> Optional[Table]:
    """A GFM pipe table (header row, delimiter row, body rows) -> Table, else None."""
    if len(lines) < 2 or not lines[0].lstrip().startswith("|") or not PIPE_DELIMITER_RE.match(lines[1]):
        return None
    if not all(x.lstrip().startswith("|") for x in lines):
        return None
    head = _pipe_cells(lines[0])
    body = [_pipe_cells(x) for x in lines[2:]]
    width = max([len(head)] + [len(r) for r in body])
    if width < 2:
        return None
    heads = [_row(head, width)] if any(head) else []
    return Table(head=heads, body=[_row(r, width) for r in body if any(r)])


def _cells_of(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the line's cells: runs of words parted by single spaces."""
    return [(m.start(), m.end(), m.group(0)) for m in CELL_GAP_RE.finditer(line)]


def _columns(rows: list[list[tuple[int, int, str]]]) -> list[tuple[int, int]]:
    """Column character ranges: the union of the cells' extents, parted where no cell reaches."""
    spans = sorted((a, b) for r in rows for a, b, _ in r)
    out: list[list[int]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + COLUMN_EDGE_TOL:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def layout_table(lines: list[str]) -> Optional[Table]:
    """A block of ``pdftotext -layout`` lines whose cells line up into columns -> Table."""
    rows = [_cells_of(x) for x in lines]
    if len(rows) < LAYOUT_MIN_ROWS or sum(len(r) >= 2 for r in rows) < LAYOUT_MIN_ROWS:
        return None
    cols = _columns(rows)
    if len(cols) < 2 or not _table_like([t for r in rows for _, _, t in r], len(cols)):
        return None
    texts_by_row = [_by_column(r, cols) for r in rows]
    if any(_prose_or_markers([r[k] for r in texts_by_row if r[k]]) for k in range(len(cols))):
        return None
    grid = [_row(texts, len(cols)) for texts in texts_by_row]
    # a first row without figures (years head columns of figures) is the header
    head = [grid[0]] if not any(NUMBER_RE.match(_text(c)) and not YEAR_RE.match(_text(c)) for c in grid[0]) else []
    return Table(head=head, body=grid[len(head):])


def _table_like(cells: list[str], ncols: int) -> bool:
    """Short cells, and figures or three columns or more."""
    words = sum(len(t.split()) for t in cells) / len(cells)
    numeric = sum(bool(NUMBER_RE.match(t)) for t in cells) / len(cells)
    return words <= LAYOUT_MAX_WORDS and (ncols >= 3 or numeric >= LAYOUT_NUMERIC_SHARE)


def _by_column(row: list[tuple[int, int, str]], cols: list[tuple[int, int]]) -> list[str]:
    texts = [""] * len(cols)
    for a, _, t in row:
        k = next(i for i, (x0, x1) in enumerate(cols) if x0 <= a <= x1)
        texts[k] = (texts[k] + " " + t).strip()
    return texts


def _prose_or_markers(column: list[str]) -> bool:
    """A column of sentences (running text beside a list or a second text column) or of
    list markers ("3.1:", "•"): the block is text, not a table."""
    if not column:
        return False
    words = sum(len(t.split()) for t in column) / len(column)
    return words > LAYOUT_MAX_WORDS or all(MARKER_RE.match(t) for t in column)


def _text(c: TableCell) -> str:
    return "".join(t.text for t in c.content if isinstance(t, Text))


def layout_runs(texts: list[str]) -> list[tuple[int, int]]:
    """(first, last) line indices of runs of lines with two or more cells (a gap of two
    spaces or more inside the line's text), candidates for :func:`layout_table`."""
    out: list[tuple[int, int]] = []
    start: Optional[int] = None
    for i, t in enumerate(texts + [""]):
        multi = len(_cells_of(t)) >= 2
        if multi and start is None:
            start = i
        elif not multi and start is not None:
            if i - start >= LAYOUT_MIN_ROWS:
                out.append((start, i - 1))
            start = None
    return out


def take_layout_tables(body: list[Line]) -> tuple[list[Line], list[SourceBlock]]:
    """A page's lines -> (the lines with each table's lines blanked, the table blocks).
    Blank lines keep the paragraph breaks the table made."""
    runs = [(a, b, t) for a, b in layout_runs([x.text for x in body])
            for t in [layout_table([x.text for x in body[a:b + 1]])] if t is not None]
    if not runs:
        return body, []
    out = list(body)
    blocks: list[SourceBlock] = []
    for a, b, t in runs:
        prov = line_provenance(body[a].page, body[a].no, body[b].no)
        t.provenance = [prov]
        blocks.append(SourceBlock(TABLE, [], [line_provenance(body[a].page, body[a].no, body[b].no)], table=t))
        for i in range(a, b + 1):
            out[i] = Line(body[i].no, "", body[i].page)
    return out, blocks
