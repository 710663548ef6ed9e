"""The document: lines of every page -> blocks in reading order with kinds, labels
and levels (furniture, footnote zones, paragraphs, headings by size rank), joined
across page and column breaks.
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

from .footnotes import split_footnote_zone, strip_label
from .figures import figure_regions
from .furniture import find_furniture
from .pageroles import assign_page_roles
from .paragraphs import body_size, leading, leadings, paragraphs
from .tables import split_page_tables, with_tables
from .records import HEADING_SIZE_RATIO, SIZE_CHANGE, STYLE_SHARE, Block, Line, PageLines

HEADING_MAX_LINES = 4
PDF_HEADING_MAX_CHARS = 200
BOLD_HEADING_MAX_LINES = 2     # body-size bold blocks this short are headings
BOLD_HEADING_MAX_CHARS = 120
TITLE_ZONE = 0.6               # the title starts in this top share of page 1
TITLE_LABEL_MAX_WORDS = 3      # larger type this short is a label (series name), not the title
MAX_HEADING_LEVEL = 6


def _streams(lines: list[Line]) -> list[list[Line]]:
    """Consecutive runs of lines in one column (reading order preserved)."""
    out: list[list[Line]] = []
    for l in lines:
        if out and out[-1][-1].col == l.col:
            out[-1].append(l)
        else:
            out.append([l])
    return out


def _block_style(lines: list[Line], body: float) -> tuple[float, bool, bool]:
    n = sum(max(l.n, 1) for l in lines)
    sizes: Counter = Counter()
    for l in lines:
        sizes[l.size] += max(l.n, 1)
    size = sizes.most_common(1)[0][0]
    bold = sum(max(l.n, 1) for l in lines if l.bold) >= STYLE_SHARE * n
    italic = sum(max(l.n, 1) for l in lines if l.italic) >= STYLE_SHARE * n
    return round(size / body, 3) if body else 1.0, bold, italic


def _is_heading(b: Block) -> bool:
    text = b.text.strip()
    if not text or len(text) > PDF_HEADING_MAX_CHARS or len(b.lines) > HEADING_MAX_LINES:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    if b.size >= HEADING_SIZE_RATIO:
        return True
    return (b.bold and b.size >= 1 - SIZE_CHANGE and len(b.lines) <= BOLD_HEADING_MAX_LINES
            and len(text) <= BOLD_HEADING_MAX_CHARS and not text.endswith((".", ",", ";", ":")))


class _NoteState:
    """Footnote numbering carried from page to page: the next label expected and
    whether the last column piece ended inside a footnote zone."""

    def __init__(self) -> None:
        self.expect: Optional[int] = None
        self.pending = False


def analyse(pages: list[PageLines]) -> list[Block]:
    """Lines of every page -> blocks in reading order with kinds, labels and levels."""
    tables, pages = split_page_tables(pages)  # table lines take no part in the text statistics
    body = body_size(pages)
    lead_table = leadings(pages)
    furniture = find_furniture(pages, body)
    blocks: list[Block] = []
    notes = _NoteState()
    for p in pages:
        blocks.extend(_page_blocks(p, furniture, body, lead_table, notes))
    _assign_headings(blocks, pages, body)
    assign_page_roles(blocks)
    return join_across_breaks(with_tables(blocks, tables))


def _page_blocks(p: PageLines, furniture: dict[int, str], body: float, lead_table: dict[float, float],
                 notes: _NoteState) -> list[Block]:
    """One page: its head furniture, body blocks per column piece, figures, footnotes, foot furniture."""
    head, tail, rest = [], [], []
    for l in p.lines:
        kind = furniture.get(id(l))
        if kind is None:
            rest.append(l)
        elif kind == "header" or (kind == "page-number" and l.top < p.height / 2):
            head.append((l, kind))
        else:
            tail.append((l, kind))
    blocks = [_furniture(p.number, l, kind, body) for l, kind in sorted(head, key=lambda t: t[0].top)]
    figures = figure_regions(p, rest, body)
    in_figure = {id(l) for region in figures for l in region}
    rest = [l for l in rest if id(l) not in in_figure]
    notes_here: list[Block] = []
    streams = _streams(rest)
    # each column piece has its own footnote zone; full-width notes under columns are a piece
    for k, stream in enumerate(streams):
        top = min(l.top for l in stream)
        prior = [l.bottom for st in streams[:k] for l in st if l.bottom <= top]
        text, here = _stream_blocks(p, stream, body, lead_table, notes, max(prior) if prior else None)
        blocks.extend(text)
        notes_here.extend(here)
    for region in figures:
        b = Block("furniture", p.number, region, furniture_kind="figure", col=region[0].col)
        b.size, b.bold, b.italic = _block_style(region, body)
        blocks.append(b)
    blocks.extend(notes_here)
    blocks.extend(_furniture(p.number, l, kind, body) for l, kind in sorted(tail, key=lambda t: t[0].top))
    return blocks


def _stream_blocks(p: PageLines, stream: list[Line], body: float, lead_table: dict[float, float],
                   notes: _NoteState, above: Optional[float]) -> tuple[list[Block], list[Block]]:
    """(text blocks, footnote blocks) of one column piece."""
    body_lines, zone = split_footnote_zone(stream, p.rules, body, leading(lead_table, body),
                                           notes.expect, notes.pending, above)
    if zone:
        notes.pending = True
    elif body_lines:
        notes.pending = False
    found: list[Block] = []
    for label, skip, nl in zone:
        b = Block("footnote", p.number, nl, label=label, col=stream[0].col)
        b.size, b.bold, b.italic = _block_style(nl, body)
        b.lines = strip_label(nl, skip)
        found.append(b)
        if label and label.isdigit():
            notes.expect = int(label) + 1
    paras = paragraphs(body_lines, lead_table, body)
    right = max((l.x1 for l in body_lines), default=0.0)
    text: list[Block] = []
    for j, (para, indent) in enumerate(paras):
        b = Block("text", p.number, para, indent=indent, col=stream[0].col, right=right,
                  first_in_stream=j == 0, last_in_stream=j == len(paras) - 1, box=stream[0].box)
        b.size, b.bold, b.italic = _block_style(para, body)
        text.append(b)
    return text, found


def _continues(tail: Block, head: Block, nxt: Block) -> bool:
    """Does nxt, first in its column piece, carry on the paragraph whose last piece is tail?"""
    if nxt.indent or nxt.bold != head.bold or nxt.italic != head.italic:
        return False
    if abs(nxt.size - head.size) > SIZE_CHANGE / 2:
        return False
    last = tail.lines[-1]
    text = last.text.rstrip()
    if text.endswith("-"):
        return True
    first = nxt.lines[0].text.strip()
    if not first or not text:
        return False
    word = first.split()[0]
    per_char = (nxt.lines[0].x1 - nxt.lines[0].x0) / max(1, len(nxt.lines[0].text))
    # the paragraph went on if its next word would not have fitted on the last line
    return tail.right - last.x1 < (len(word) + 1) * per_char


def join_across_breaks(blocks: list[Block]) -> list[Block]:
    """Attach a paragraph's pieces after page and column breaks to its first piece.

    Only the geometry can tell a paragraph broken at a sentence end from two
    paragraphs: its last line runs to the column edge (the next word did not fit)
    and the next piece starts flush, in the same type.
    """
    out: list[Block] = []
    open_: Optional[Block] = None
    for b in blocks:
        if b.kind in ("footnote", "furniture") or b.box:
            out.append(b)  # a side box neither carries on nor interrupts the running text
            continue
        if (b.kind == "text" and open_ is not None and b.first_in_stream
                and _continues(open_.pieces[-1], open_, b)):
            open_.more.append(b)
            if not b.last_in_stream:
                open_ = None
            continue
        out.append(b)
        open_ = b if (b.kind == "text" and b.last_in_stream) else None
    return out


def _furniture(page: int, line: Line, kind: str, body: float) -> Block:
    b = Block("furniture", page, [line], furniture_kind=kind, col=line.col)
    b.size, b.bold, b.italic = _block_style([line], body)
    return b


def _assign_headings(blocks: list[Block], pages: list[PageLines], body: float) -> None:
    title = _title_block(blocks, pages)
    heads = [b for b in blocks if b.kind == "text" and b is not title and _is_heading(b)]

    def key(b: Block) -> float:  # half-point steps of the printed size
        return round(b.size * body * 2) / 2

    ranks = sorted({key(b) for b in heads}, reverse=True)
    for b in heads:
        b.kind = "heading"
        b.level = min(MAX_HEADING_LEVEL, 2 + ranks.index(key(b)))
    if title is not None:
        title.kind = "heading"
        title.level = 1


def _title_block(blocks: list[Block], pages: list[PageLines]) -> Optional[Block]:
    """The largest type near the top of page 1 -- unless that is a capitalised label of a
    word or three set above a longer heading (a series name: "ISSUE BRIEF")."""
    heights = {p.number: p.height for p in pages}
    first_page = min(heights) if heights else 1
    cands = [b for b in blocks
             if b.kind == "text" and b.page == first_page and b.size >= HEADING_SIZE_RATIO
             and b.bbox[1] <= TITLE_ZONE * heights[b.page] and _is_heading(b)]
    title = max(cands, key=lambda b: b.size) if cands else None
    if (title is not None and len(title.text.split()) <= TITLE_LABEL_MAX_WORDS
            and title.text.isupper()):
        below = [b for b in cands if b.bbox[1] > title.bbox[3] and len(b.text.split()) > TITLE_LABEL_MAX_WORDS]
        if below:
            title = max(below, key=lambda b: b.size)
    return title
