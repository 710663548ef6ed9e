"""A summary printed under a "Summary" heading on a page of its own layout.

Summary pages often share the page with a side box (report number, date,
author); text extraction interleaves the box's lines with the summary's.  On a
PDF page the summary is the text in the column of its first full paragraph,
in body-size type, from the heading to the next heading of that column or the
end of the page; the box's lines stay where they were.
"""
from __future__ import annotations

from typing import Optional

from ..model import plain_text
from ..extract.source import HEADING, TEXT, SourceBlock

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
