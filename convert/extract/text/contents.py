"""Contents pages in PDF-derived text: entries with dot leaders and page numbers.

A contents page ("Introduction ........ 1") is navigation, not body text: its lines
become furniture of kind "contents".  Its entries also name the document's section
headings, which plain text shows with no font: ``toc_titles`` hands them to the
paragraph cutter so a body line that repeats an entry is taken for a heading.
"""
from __future__ import annotations

import re

from .lines import Line

# "Introduction ......... 1", "Author Information.......... 4", "|Congress? ..... 1|"
LEADER_LINE = re.compile(r"^\|?\s*(?P<title>.*?)\s*(?:\.\s?){4,}\s*(?P<page>\d{1,4}|[ivxlcdm]{1,6})?\s*\|?$",
                         re.IGNORECASE)
CONTENTS_MIN_ENTRIES = 3       # dot-leader lines that make a page (or block) a contents page
CONTENTS_MIN_SHARE = 0.5       # ... as a share of its non-blank lines
CONTENTS_WRAP_MAX_LINES = 2    # an entry's title may wrap onto this many lines before its leader
CONTENTS_KIND = "contents"
CONTENTS_LABEL_MAX_WORDS = 3   # "Contents", "Table of Contents" above the first entry


def is_leader_line(s: str) -> bool:
    return "...." in s.replace(" ", "") and bool(LEADER_LINE.match(s))


def is_contents(lines: list[Line]) -> bool:
    """A page (or block) most of whose lines are dot-leader entries."""
    body = [x for x in lines if x.stripped]
    if not body:
        return False
    n = sum(1 for x in body if "...." in x.stripped and is_leader_line(x.stripped))
    return n >= CONTENTS_MIN_ENTRIES and n >= CONTENTS_MIN_SHARE * len(body)


def contents_start(lines: list[Line]) -> int:
    """Index of a contents page's first line: its first entry, or the short label above it
    ("Contents"); what stands above (a title, a running header) is not navigation."""
    body = [x for x in lines if x.stripped]
    first = next((k for k, x in enumerate(body) if is_leader_line(x.stripped)), 0)
    if first and len(body[first - 1].stripped.split()) <= CONTENTS_LABEL_MAX_WORDS:
        first -= 1
    return lines.index(body[first]) if body else 0


def toc_titles(lines: list[Line]) -> list[str]:
    """Entry titles of a contents page, wrapped titles joined ("... Other Than the Start of the Congress?")."""
    out: list[str] = []
    pending: list[str] = []
    for x in lines:
        s = x.stripped.strip("|").strip()
        if not s:
            continue
        m = LEADER_LINE.match(s) if "...." in s.replace(" ", "") else None
        if m is None:
            pending = (pending + [s])[-CONTENTS_WRAP_MAX_LINES:]
            continue
        title = " ".join(pending + [m.group("title")]) if _wraps(pending) else m.group("title")
        pending = []
        if title:
            out.append(heading_key(title))
    return out


def _wraps(pending: list[str]) -> bool:
    # a wrapped entry's first part has no leader and does not end a sentence or a label
    return bool(pending) and not pending[-1].endswith((".", ":")) and len(pending[-1].split()) > 2


def heading_key(s: str) -> str:
    return " ".join(s.split()).casefold()
