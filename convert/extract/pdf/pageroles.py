"""Page roles: contents pages and back matter kept out of the body.

A table of contents repeats the headings with page numbers; read as body text it
makes false headings and its page numbers become footnote markers.  Back matter
(author information, acknowledgments, a disclaimer) follows the last section
under its own generic headings.  Both become furniture blocks with their role as
``furniture_kind``, so the writers keep them out of the running text.
"""
from __future__ import annotations

import re
from collections import defaultdict

from ...patterns import BACK_MATTER_TITLE
from ..backmatter import back_matter_positions
from .records import Block

CONTENTS = "contents"
BACK_MATTER = "back-matter"

# a contents entry: a title, dot leaders (or a run of spaced dots), a page number
_LEADER_ENTRY = re.compile(r"(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)
_LEADER_RUN = re.compile(r"(?:\.\s?){6,}")
_CONTENTS_TITLE = re.compile(r"^\s*(?:table\s+of\s+)?contents\s*$", re.I)
_ENDS_IN_NUMBER = re.compile(r"\S\s+(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)
CONTENTS_MIN_ENTRIES = 3        # a page with this many leader lines ...
CONTENTS_MIN_SHARE = 0.4        # ... making this share of its text lines is a contents page
CONTENTS_TITLED_SHARE = 0.5     # under a "Contents" title, this share of lines ending in numbers

# generic back-matter section titles of English policy documents
_BACK_TITLE = BACK_MATTER_TITLE


def _content_lines(blocks: list[Block]) -> list[str]:
    return [l.text for b in blocks if b.kind in ("text", "heading", "footnote") for l in b.lines
            if l.text.strip()]


def is_contents_page(blocks: list[Block]) -> bool:
    """Leaders to page numbers on many lines, or a "Contents" title over numbered lines."""
    lines = _content_lines(blocks)
    if not lines:
        return False
    leaders = sum(1 for t in lines if _LEADER_ENTRY.search(t) or _LEADER_RUN.search(t))
    if leaders >= CONTENTS_MIN_ENTRIES and leaders >= CONTENTS_MIN_SHARE * len(lines):
        return True
    titled = any(_CONTENTS_TITLE.match(t) for t in lines[:3])
    numbered = sum(1 for t in lines if _ENDS_IN_NUMBER.search(t))
    return titled and numbered >= CONTENTS_MIN_ENTRIES and numbered >= CONTENTS_TITLED_SHARE * (len(lines) - 1)


def _set_aside(b: Block, role: str) -> None:
    b.kind = "furniture"
    b.furniture_kind = role
    b.label = None


def mark_contents_pages(blocks: list[Block]) -> None:
    by_page: dict[int, list[Block]] = defaultdict(list)
    for b in blocks:
        by_page[b.page].append(b)
    for page_blocks in by_page.values():
        if is_contents_page(page_blocks):
            for b in page_blocks:
                if b.kind != "furniture":
                    _set_aside(b, CONTENTS)


def is_back_matter_title(text: str) -> bool:
    return bool(_BACK_TITLE.match(" ".join(text.split())))


def _titled(b: Block) -> bool:
    """A heading, or a bold line naming a back-matter section in small type (a colophon's
    "About ..." set too small to count as a heading)."""
    return b.kind == "heading" or (b.bold and len(b.lines) == 1 and is_back_matter_title(b.text))


def mark_back_matter(blocks: list[Block]) -> None:
    """From the first back-matter heading after which only back-matter headings follow,
    every text block to the end is back matter (extract/backmatter.py)."""
    flow = [b for b in blocks if b.kind in ("text", "heading")]
    titles = [" ".join(b.text.split()) if _titled(b) else None for b in flow]
    for k in back_matter_positions(titles, [len(b.text) for b in flow]):
        _set_aside(flow[k], BACK_MATTER)


def assign_page_roles(blocks: list[Block]) -> None:
    mark_contents_pages(blocks)
    mark_back_matter(blocks)
