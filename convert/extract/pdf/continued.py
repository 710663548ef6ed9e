"""Tables continued on the next page: one table.

The last table of a page and the first table of the next are one table when they have the
same number of columns, the second carries the first's label again (or a "continued"
caption) and repeats its header (or has none).  The repeated header is dropped, the
rows are appended, the second page's provenance and notes are added.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import Table, TableCell, plain_text, table_grid

if TYPE_CHECKING:
    from .tables import FoundTable

CONTINUED_RE = re.compile(r"\bcontinued\b|\(cont(?:inued|'d|\.)?\)", re.IGNORECASE)


def _width(t: Table) -> int:
    grid = table_grid(t.head + t.body)
    return len(grid[0]) if grid else 0


def _texts(rows: list[list[TableCell]]) -> list[list[str]]:
    return [[" ".join(plain_text(c.content).split()) for c in row] for row in rows]


def _continues(first: Table, second: Table) -> bool:
    """Same width, the same label again (or a "continued" caption), the header (if any)
    repeated.  Unlabelled tables with equal headers on facing pages are left apart: a
    report's series of tables set alike (one per group of substances) looks the same."""
    if _width(first) != _width(second) or not second.body or first.label is None:
        return False
    caption = plain_text(second.caption.content) if second.caption else ""
    if second.label != first.label and not (second.label is None and CONTINUED_RE.search(caption)):
        return False
    return not second.head or _texts(first.head) == _texts(second.head)


def merge_continued(tables: dict[int, list[FoundTable]]) -> dict[int, list[FoundTable]]:
    """The per-page tables with each continuation folded into the table it continues."""
    out = {p: sorted(found, key=lambda t: t.top) for p, found in tables.items()}
    for page in sorted(out):
        nxt = out.get(page + 1)
        if not out[page] or not nxt:
            continue
        first, second = out[page][-1], nxt[0]
        if _continues(first.table, second.table):
            first.table.body.extend(second.table.body)
            first.table.notes.extend(second.table.notes)
            first.table.provenance.extend(second.table.provenance)
            nxt.pop(0)
    return {p: found for p, found in out.items() if found}
