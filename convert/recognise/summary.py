"""A summary printed under a "Summary" heading on a page of its own layout.

Summary pages often share the page with a side box (report number, date,
author); text extraction interleaves the box's lines with the summary's.  On a
PDF page the summary is the text in the column of its first full paragraph,
in body-size type, from the heading to the next heading of that column or the
end of the page; the box's lines stay where they were.
"""
from __future__ import annotations

import re
from typing import Optional

from ..patterns import SENTENCE_END_BEFORE_MARKER
from ..model import Provenance, Text, plain_text
from ..extract.source import HEADING, TEXT, SourceBlock
from .dates import parse_date
from .names import person_and_role

SUMMARY_MIN_WORDS = 15       # the first summary paragraph is at least this long
SUMMARY_MIN_SIZE = 0.85      # smaller type (relative to body text) is a box or a footer
COLUMN_TOLERANCE = 6.0       # points: paragraphs of one column start at the same x
SUMMARY_MAX_BLOCKS = 6       # more than this is a body section, not a summary


def _x0(b: SourceBlock) -> Optional[float]:
    p = b.provenance[0] if b.provenance else None
    return p.bbox[0] if p is not None and p.bbox is not None else None


def _column_run(page: list[SourceBlock], first: int) -> list[int]:
    """Indices of the body-size text blocks in the column of page[first], up to that column's
    next heading."""
    x0 = _x0(page[first])
    taken: list[int] = []
    for k in range(first, len(page)):
        b = page[k]
        x = _x0(b)
        same_column = x is not None and x0 is not None and abs(x - x0) <= COLUMN_TOLERANCE
        if b.kind == HEADING and same_column:
            break
        if b.kind == TEXT and same_column and b.size >= SUMMARY_MIN_SIZE:
            taken.append(k)
    return taken


def summary_on_page(blocks: list[SourceBlock]) -> Optional[tuple[list[SourceBlock], list[SourceBlock]]]:
    """(summary blocks, the other blocks) for blocks[0], a summary heading with a known position;
    None when the page gives no geometry or no summary paragraph."""
    head = blocks[0]
    if _x0(head) is None:
        return None
    n = next((k for k, b in enumerate(blocks[1:]) if b.page != head.page), len(blocks) - 1)
    page = blocks[1:1 + n]
    first = next((k for k, b in enumerate(page) if b.kind == TEXT and len(plain_text(b.content).split())
                  >= SUMMARY_MIN_WORDS and _x0(b) is not None), None)
    if first is None:
        return None
    taken = _column_run(page, first)
    if not taken or len(taken) > SUMMARY_MAX_BLOCKS:
        return None
    kept = set(taken)
    return [page[k] for k in taken], [b for k, b in enumerate(page) if k not in kept] + blocks[1 + n:]


# ---------------------------------------------------------------- text without geometry

GUTTER = re.compile(r" {3,}")       # a run of spaces inside a line of layout text: a side box beyond it
SIDE_LINE_MAX_WORDS = 8             # a line of a side box (number, date, name, role) is no longer
SUMMARY_TEXT_MAX_BLOCKS = 12        # blocks searched for the summary's paragraphs
TITLE_LINE_MIN_WORDS = 2            # a line this long that is part of the title repeats it


def summary_in_text(blocks: list[SourceBlock], title: Optional[str]) -> Optional[tuple[list[SourceBlock], list[SourceBlock], list[SourceBlock]]]:
    """(summary paragraphs, side-box and title-repeat blocks, the blocks after the summary) for
    blocks[0], a summary label in text without geometry.  The summary runs over the label's page
    (or, with no pages, to the next heading); the lines beside it (report number, date, the
    author's name and role, the title repeated) are set aside; None when no paragraph is found
    or nothing shows a summary page (no side box, no repeated title)."""
    head = blocks[0]
    paragraphs: list[SourceBlock] = []
    aside: list[SourceBlock] = []
    boxed = False
    k = 1
    while k < len(blocks) and k <= SUMMARY_TEXT_MAX_BLOCKS:
        b = blocks[k]
        if head.page is not None and b.page != head.page or b.kind not in (TEXT, HEADING):
            break
        raw = plain_text(b.content)
        lines = _main_lines(raw, title)
        text = " ".join(lines)
        boxed = boxed or " ".join(lines) != " ".join(x.strip() for x in raw.split("\n") if x.strip())
        if b.kind == HEADING and not all(_box_line(x) for x in lines):
            break
        if text and not _side_lines(lines):
            paragraphs.append(SourceBlock(TEXT, [Text("\n".join(lines))], list(b.provenance), size=b.size))
        else:
            aside.append(b)
        k += 1
    # only a summary page shows a side box or repeats the title; else the old reading stands
    if not paragraphs or not (aside or boxed):
        return None
    return paragraphs, aside, blocks[k:]


def _main_lines(text: str, title: Optional[str]) -> list[str]:
    """The block's lines without what stands beyond a gutter, and without leading lines that
    repeat the title."""
    lines = [GUTTER.split(x.strip())[0] for x in text.split("\n") if x.strip()]
    norm_title = " ".join((title or "").casefold().split())
    while lines and norm_title and len(lines[0].split()) >= TITLE_LINE_MIN_WORDS \
            and " ".join(lines[0].casefold().split()) in norm_title:
        lines = lines[1:]
    return lines


def _box_line(s: str) -> bool:
    """A line a side box prints as a heading: a number, a date or a person's name."""
    return any(c.isdigit() for c in s) and len(s.split()) <= SIDE_LINE_MAX_WORDS // 2 or parse_date(s) is not None \
        or person_and_role(s) is not None


def _side_lines(lines: list[str]) -> bool:
    """Every line is short and no sentence: a side box's number, date, name or role."""
    return all(len(x.split()) <= SIDE_LINE_MAX_WORDS and not SENTENCE_END_BEFORE_MARKER.search(x) for x in lines)


# ---------------------------------------------------------------- a standfirst beside the title

def standfirst(blocks: list[SourceBlock], title: list[Provenance]) -> Optional[int]:
    """Index of an unheaded summary box printed level with the title in another column (a
    standfirst): a paragraph of full sentences on the title's page whose top lies above the
    title's foot and which shares no width with it; None when there is none."""
    boxes = [p for p in title if p.bbox is not None]
    if not boxes:
        return None
    page = boxes[0].page
    x0, bottom, x1 = min(p.bbox[0] for p in boxes), max(p.bbox[3] for p in boxes), max(p.bbox[2] for p in boxes)  # type: ignore[index]
    for k, b in enumerate(blocks):
        p = b.provenance[0] if b.provenance else None
        if p is None or p.bbox is None or p.page != page or b.kind != TEXT:
            continue
        text = plain_text(b.content)
        beside = p.bbox[0] >= x1 or p.bbox[2] <= x0
        if beside and p.bbox[1] < bottom and len(text.split()) >= SUMMARY_MIN_WORDS \
                and SENTENCE_END_BEFORE_MARKER.search(text):
            return k
    return None
