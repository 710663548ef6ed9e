"""Back matter in PDF-derived text: the sections after the last section of the body.

As in a PDF (extract/pdf/pageroles.py), back matter follows the last section under its
own generic headings ("Acknowledgments", "About ...", "Contacts").  From the first such
heading after which only such headings follow, its blocks become furniture of kind
"back-matter", kept out of the running text.  Sections about the authors and disclaimers
stay text: the recognisers read names, roles and the statement from them.
"""
from __future__ import annotations

from ...model import plain_text
from ..backmatter import back_matter_positions
from ..source import FURNITURE, HEADING, TEXT, SourceBlock

BACK_MATTER = "back-matter"


def mark_back_matter(blocks: list[SourceBlock]) -> None:
    """From the first back-matter heading after which only back-matter headings follow,
    every text block to the end is back matter (extract/backmatter.py)."""
    flow = [b for b in blocks if b.kind in (TEXT, HEADING)]
    titles = [" ".join(plain_text(b.content).split()) if b.kind == HEADING else None for b in flow]
    for k in back_matter_positions(titles, [len(plain_text(b.content)) for b in flow]):
        _set_aside(flow[k])


def _set_aside(b: SourceBlock) -> None:
    b.kind = FURNITURE
    b.furniture_kind = BACK_MATTER
    b.level = 0
    b.label = None
