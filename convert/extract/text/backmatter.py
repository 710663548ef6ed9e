"""Back matter in PDF-derived text: the sections after the last section of the body.

As in a PDF (extract/pdf/pageroles.py), back matter follows the last section under its
own generic headings ("Acknowledgments", "About ...", "Contacts").  From the first such
heading after which only such headings follow, its blocks become furniture of kind
"back-matter", kept out of the running text.  Sections about the authors and disclaimers
stay text: the recognisers read names, roles and the statement from them.
"""
from __future__ import annotations

from typing import Optional

from ...model import plain_text
from ...patterns import AUTHOR_SECTION, BACK_MATTER_TITLE, DISCLAIMER_TITLE
from ..source import FURNITURE, HEADING, TEXT, SourceBlock

BACK_MATTER = "back-matter"
BACK_MATTER_MAX_SHARE = 0.5     # back matter is at most this share of the document's running text


def _title(b: SourceBlock) -> str:
    return " ".join(plain_text(b.content).split())


def mark_back_matter(blocks: list[SourceBlock]) -> None:
    """From the first back-matter heading after which only back-matter headings follow,
    every text block to the end is back matter (author sections and a disclaimer excepted)."""
    flow = [i for i, b in enumerate(blocks) if b.kind in (TEXT, HEADING)]
    start = None
    for i in reversed(flow):
        b = blocks[i]
        if b.kind != HEADING:
            continue
        if not BACK_MATTER_TITLE.match(_title(b)):
            break
        start = i
    if start is None:
        return
    sizes = {i: len(plain_text(blocks[i].content)) for i in flow}
    if sum(n for i, n in sizes.items() if i >= start) > BACK_MATTER_MAX_SHARE * sum(sizes.values()):
        return
    role: Optional[str] = BACK_MATTER
    for i in flow:
        if i < start:
            continue
        b = blocks[i]
        title = _title(b) if b.kind == HEADING else ""
        if title and BACK_MATTER_TITLE.match(title):
            # sections about the authors and disclaimers stay text for the recognisers
            role = None if AUTHOR_SECTION.match(title) or DISCLAIMER_TITLE.match(title) else BACK_MATTER
            if role is not None:
                _set_aside(b)
        elif role is not None:
            _set_aside(b)


def _set_aside(b: SourceBlock) -> None:
    b.kind = FURNITURE
    b.furniture_kind = BACK_MATTER
    b.level = 0
    b.label = None
