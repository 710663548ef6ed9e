"""Where back matter starts, for both inputs (extract/pdf/pageroles.py, extract/text/backmatter.py).

Back matter follows the last section of the body under its own generic headings
("Acknowledgments", "About the authors", "Disclaimer").  From the first such heading after
which only such headings follow, the blocks to the end are back matter, except sections about
the authors and disclaimers: those stay text, since the recognisers read names, roles, bios
and the statement from them (and take them out of the body).
"""
from __future__ import annotations

from typing import Optional

from ..patterns import AUTHOR_SECTION, BACK_MATTER_TITLE, DISCLAIMER_TITLE

BACK_MATTER_MAX_SHARE = 0.5     # back matter is at most this share of the document's running text


def back_matter_positions(titles: list[Optional[str]], sizes: list[int]) -> list[int]:
    """Positions in the running text (``titles[k]``: block k's title, whitespace-normalised,
    when it is a section title, else None; ``sizes[k]``: its length) that are back matter."""
    start = None
    for k in reversed(range(len(titles))):
        title = titles[k]
        if title is None:
            continue
        if not BACK_MATTER_TITLE.match(title):
            break
        start = k
    if start is None or sum(sizes[start:]) > BACK_MATTER_MAX_SHARE * sum(sizes):
        return []
    out: list[int] = []
    aside = True
    for k in range(start, len(titles)):
        title = titles[k]
        if title is not None:  # every title from start on is a back-matter title
            aside = not (AUTHOR_SECTION.match(title) or DISCLAIMER_TITLE.match(title))
        if aside:
            out.append(k)
    return out
