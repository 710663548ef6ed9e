"""Lines, pages, page furniture and -layout columns of PDF-derived text.

Shared by both text flavours (``text`` for pdftotext/plain, ``textmd`` for
converter Markdown): a ``Line`` knows its source line number and page; pages
come from form feeds; furniture is what recurs at the top or bottom of pages;
a two-column ``-layout`` page is cut at its gutter into two segments.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ...model import Provenance

# furniture: a top/bottom line whose digit-blind text recurs on this many pages
FURNITURE_MIN_PAGES = 2
FURNITURE_MAX_CHARS = 90
PAGE_NUMBER_MAX_CHARS = 12
BARE_NUMBER = re.compile(r"^[0-9]{1,4}$")
COVER_TITLE_REACH = 4             # the title stands among a cover's first lines ...
COVER_MAX_SHARE = 0.3             # a cover has fewer lines than this share of a typical page
COVER_TITLE_MAX_LINES = 3         # ... wrapped over at most this many
REPEATED_TITLE_KIND = "repeated-title"  # the title again on a later page, under its header
TITLE_KIND = "title"              # find_furniture's mark for the title on an unnumbered cover
FOOTER_BLOCK_LINES = 6            # a known footer this near a page's foot takes the short lines below
FURNITURE_EDGE_LINES = 2          # how many non-blank lines at a page's top/bottom are candidates
# two-column -layout pages: a run of spaces this long before text starting at one position
GUTTER_MIN_SPACES = 3
GUTTER_MIN_LINES = 6              # lines with text on both sides of the gutter
GUTTER_MIN_SHARE = 0.25           # ... as a share of the page's non-blank lines
GUTTER_WIDE_SPACES = 6            # a gap this wide ...
GUTTER_REACH = 10                 # ... ending this far before the gutter still splits a line there
GUTTER_TOLERANCE = 2              # right-column start may wander this many characters

PAGE_NUMBER = re.compile(r"^(?:page\s*)?#+(?:\s*(?:of|/)\s*#+)?$", re.IGNORECASE)
DIGITS = re.compile(r"\d+")
URL_START = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
URL_TOKEN = re.compile(r"^[\w./:?=&%#~+\-@,;!]+[>)]?$")
URL_CONTINUES = tuple("/-_.=?&%#~+")
GLUED_FOOTNOTE = re.compile(r"^(\d{1,3})(?=(?:https?://|www\.))", re.IGNORECASE)
# a drop cap: one capital alone, or followed by a wide gap and the rest of its line (-layout)
DROP_CAP = re.compile(r"^([A-Z])(?:$|( {2,})(\S.*)$)")
DROP_CAP_REACH = 4                # the letter stands this many lines from the word it opens, at most
EDGE_NUMBER = re.compile(r"^(?:# )+|(?: #)+$")
BULLETS = set("•▪◦‣●○■□")
SPACE_RUN = re.compile(r" {%d,}(?=\S)" % GUTTER_MIN_SPACES)


class Line:
    """One source line (or one column's part of it)."""

    __slots__ = ("no", "text", "page", "gap_before", "stripped", "indent")

    def __init__(self, no: int, text: str, page: Optional[int], gap_before: bool = False):
        self.no = no                  # 1-based source line
        self.text = text              # as found (layout indentation kept)
        self.page = page
        self.gap_before = gap_before  # a blank line (in every column) precedes it
        self.stripped = text.strip()
        self.indent = len(text) - len(text.lstrip(" ")) if self.stripped else 0

    def __repr__(self) -> str:
        return f"Line({self.no}, {self.text!r}, {self.page})"


def split_pages(text: str) -> list[list[Line]]:
    """Lines grouped by form feed; without form feeds one page whose number is None."""
    if "\t" in text:
        text = text.replace("\t", "    ")
    if "\f" not in text:
        return [[Line(no, raw.rstrip(), None) for no, raw in enumerate(text.split("\n"), start=1)]]
    pages: list[list[Line]] = []
    no = 1
    for k, chunk in enumerate(text.split("\f"), start=1):
        rows = chunk.split("\n")
        pages.append([Line(no + i, raw.rstrip(), k) for i, raw in enumerate(rows)])
        no += len(rows) - 1  # text after a form feed goes on on the same source line
    if pages and not any(x.stripped for x in pages[-1]):
        pages.pop()
    return pages


def furniture_key(s: str) -> str:
    return DIGITS.sub("#", " ".join(s.split())).lower()


def find_furniture(pages: list[list[Line]]) -> dict[int, str]:
    """id(Line) -> kind for running headers, footers and page numbers."""
    edges = [_edge_candidates(page) for page in pages]
    counts: Counter = Counter()
    for cands in edges:
        counts.update({_base_key(furniture_key(x.text)) for x, _, _ in cands})
    need = max(FURNITURE_MIN_PAGES, (len(pages) + 1) // 2) if len(pages) > 3 else FURNITURE_MIN_PAGES
    out: dict[int, str] = {}
    numbered = _page_numbers(pages, edges)
    for cands in edges:
        for x, pos, outermost in cands:
            key = furniture_key(x.text)
            number = PAGE_NUMBER.match(key) and len(x.stripped) <= PAGE_NUMBER_MAX_CHARS
            if key == "#" and not outermost and id(x) not in numbered:
                continue  # a bare number inside the page is text (a wrapped URL's digits, a table)
            if counts[_base_key(key)] >= need or (number and outermost):
                out[id(x)] = "page-number" if number else pos
    # a running header or footer printed among the last lines of a page (the first page's
    # imprint) opens that page's footer block
    footers = {_base_key(furniture_key(x.text)) for cands in edges for x, pos, _ in cands
               if out.get(id(x)) == pos}
    for page in pages:
        _footer_block(page, footers, out)
    _keep_cover_title(pages, edges, out)
    return out


def _footer_block(page: list[Line], footers: set[str], out: dict[int, str]) -> None:
    """A running footer a little higher than on other pages (a cover's imprint: the footer
    over an address and a report number) is still the footer, and so are the short lines
    below it."""
    body = [x for x in page if x.stripped]
    # a page's top lines are its header's place, never a footer block's (a short last page)
    bottom = body[FURNITURE_EDGE_LINES:][::-1][:FOOTER_BLOCK_LINES]
    k = next((k for k, x in enumerate(bottom) if out.get(id(x)) in (None, "header")
              and _base_key(furniture_key(x.text)) in footers), None)
    if k is None or any(len(x.stripped) > FURNITURE_MAX_CHARS or x.stripped[-1:] in ".:;," for x in bottom[:k]):
        return
    out[id(bottom[k])] = "footer"
    for x in bottom[:k]:
        out.setdefault(id(x), "footer")


def _keep_cover_title(pages: list[list[Line]], edges: list[list[tuple[Line, str, bool]]],
                      out: dict[int, str]) -> None:
    """The first page prints the title that later pages repeat as their running header: there
    it is the title (marked TITLE_KIND), not furniture, when the first page sets it apart: it
    is an unnumbered cover (before numbered pages, or far shorter than they are), or the
    title stands lower than the header does on the other pages, or wraps over two or three
    lines.  A header the first page prints twice is the running header above its own label,
    and stays furniture.  On a later page, the title printed again below the running header
    (a summary page's) is furniture too."""
    if len(pages) < FURNITURE_MIN_PAGES:
        return
    cover = _is_cover(pages, edges, out)
    headers = {furniture_key(x.text) for cands in edges[1:] for x, pos, _ in cands
               if pos == "header" and out.get(id(x)) == "header"}
    for x in _title_run([x for x in pages[0] if x.stripped and out.get(id(x)) != "footer"], headers, cover):
        out[id(x)] = TITLE_KIND
    for page in pages[1:]:
        for x in _title_run([x for x in page if x.stripped and id(x) not in out], headers, True):
            out[id(x)] = REPEATED_TITLE_KIND


def _is_cover(pages: list[list[Line]], edges: list[list[tuple[Line, str, bool]]], out: dict[int, str]) -> bool:
    """An unnumbered first page before numbered pages, or far shorter than they are."""
    numbered = [any(out.get(id(x)) == "page-number" for x, _, _ in cands) for cands in edges]
    sizes = sorted(sum(1 for x in page if x.stripped) for page in pages[1:])
    short = sum(1 for x in pages[0] if x.stripped) < COVER_MAX_SHARE * sizes[len(sizes) // 2]
    return not numbered[0] and (any(numbered[1:]) or short)


def _title_run(page: list[Line], headers: set[str], cover: bool) -> list[Line]:
    """The first lines of the page (one to three) that print a running header's text, set apart."""
    top = page[:COVER_TITLE_REACH]
    for j in range(len(top)):
        for k in range(1, min(COVER_TITLE_MAX_LINES, len(top) - j) + 1):
            run = top[j:j + k]
            key = furniture_key(" ".join(x.stripped for x in run))
            apart = cover or j > 0 or k > 1
            if apart and key in headers and any(c.isalpha() for c in key) \
                    and sum(1 for x in top if furniture_key(x.text) == key) < 2:
                return run
    return []


def _base_key(key: str) -> str:
    """A footer with or without its page number on the same line ("-layout") is one footer."""
    return EDGE_NUMBER.sub("", key) or key


def _page_numbers(pages: list[list[Line]], edges: list[list[tuple[Line, str, bool]]]) -> set[int]:
    """id(Line) of bare numbers near a page edge that count the pages: on most pages, the number
    is the page's index plus one fixed offset (a footer printed above it does not hide it)."""
    offsets: Counter = Counter()
    found: list[tuple[Line, int]] = []
    for k, cands in enumerate(edges):
        for x, _, _ in cands:
            if BARE_NUMBER.match(x.stripped):
                offsets[int(x.stripped) - k] += 1
                found.append((x, int(x.stripped) - k))
    if not offsets:
        return set()
    offset, n = offsets.most_common(1)[0]
    if n < max(FURNITURE_MIN_PAGES, len(pages) // 2):
        return set()
    return {id(x) for x, off in found if off == offset}


def _edge_candidates(page: list[Line]) -> list[tuple[Line, str, bool]]:
    """(line, "header"/"footer", outermost?) for the short lines at a page's top and bottom."""
    body = [x for x in page if x.stripped and x.stripped[0] not in BULLETS]  # lone bullets are no edge
    top, bottom = body[:FURNITURE_EDGE_LINES], body[::-1][:FURNITURE_EDGE_LINES]
    cands = [(x, "header", k == 0) for k, x in enumerate(top)]
    cands += [(x, "footer", k == 0) for k, x in enumerate(bottom) if x not in top]
    seen: set[str] = set()
    kept = []
    for x, pos, outermost in cands:  # the same text twice at a page top: only the first is furniture
        key = furniture_key(x.text)
        if len(key) <= FURNITURE_MAX_CHARS and key not in seen:  # -layout's wide spacing does not count
            seen.add(key)
            kept.append((x, pos, outermost))
    return kept


def is_url_continuation(prev: str, line: str) -> bool:
    """A wrapped URL: the previous text ends inside a URL and this line is one URL-ish token."""
    token = line.strip()
    if not token or " " in token or not URL_TOKEN.match(token):
        return False
    if GLUED_FOOTNOTE.match(token) or URL_START.match(token):
        return False  # a new footnote or a new URL, not the rest of the last one
    last = prev.rstrip().rsplit(None, 1)[-1] if prev.strip() else ""
    bare = " " not in prev.strip() and URL_TOKEN.match(last) and ("/" in last or "-" in last)
    if not URL_START.search(last) and not bare:
        return False
    return last.endswith(URL_CONTINUES) or token[0] in "/?&=#" or token.isdigit() and last.endswith("/")


def join_drop_caps(lines: list[Line]) -> list[Line]:
    """A drop cap comes out as a capital alone on a line ("C", or "C      oversight, ..." in
    -layout) near the paragraph it opens, which starts with the rest of the word ("ongressional").
    The capital goes back to the start of that word; blank lines it caused are dropped."""
    out = list(lines)
    drop: set[int] = set()
    for k, x in enumerate(out):
        m = DROP_CAP.match(x.text) if x.text[1:2] in ("", " ") else None
        target = _drop_cap_target(out, k) if m else None
        if m is None or target is None:
            continue
        t = out[target]
        pos = len(t.text) - len(t.text.lstrip(" "))
        out[target] = Line(t.no, t.text[:pos] + m.group(1) + t.text[pos:], t.page, t.gap_before)
        rest = " " * len(m.group(1) + m.group(2)) + m.group(3) if m.group(3) else ""
        out[k] = Line(x.no, rest, x.page, x.gap_before)
        drop.update(j for j in range(target + 1, k + 1) if not out[j].stripped)
    return [x for j, x in enumerate(out) if j not in drop] if drop else out


def _drop_cap_target(lines: list[Line], k: int) -> Optional[int]:
    """The line above k, among the nearest few, that opens a paragraph with a lower-case letter."""
    seen = 0
    for j in range(k - 1, -1, -1):
        if not lines[j].stripped:
            continue
        if lines[j].stripped[:1].islower() and _opens_paragraph(lines, j):
            return j
        seen += 1
        if seen >= DROP_CAP_REACH:
            return None
    return None


def _opens_paragraph(lines: list[Line], j: int) -> bool:
    prev = next((y.stripped for y in reversed(lines[:j]) if y.stripped), "")
    return not prev or not prev[-1:].isalpha() and not prev.endswith(",")


def line_provenance(page: Optional[int], a: int, b: int) -> Provenance:
    return Provenance(page=page, lines=(a, b))


def left_margin(lines: list[Line]) -> int:
    indents = [x.indent for x in lines if x.stripped]
    return min(indents) if indents else 0


def _mark_gaps(lines: list[Line]) -> list[Line]:
    """Drop blank lines, remembering them as gap_before on the next line."""
    out: list[Line] = []
    gap = False
    for x in lines:
        if not x.stripped:
            gap = True
            continue
        x.gap_before = gap or x.gap_before
        out.append(x)
        gap = False
    return out


@dataclass
class Segment:
    """A column (or a whole page) of lines read top to bottom."""

    lines: list[Line] = field(default_factory=list)
    page: Optional[int] = None


def find_gutter(lines: list[Line]) -> Optional[int]:
    """The character position where a right column starts, if the page has two columns."""
    nonblank = [x for x in lines if x.stripped]
    if len(nonblank) < GUTTER_MIN_LINES:
        return None
    starts: Counter = Counter()
    both: Counter = Counter()
    for x in nonblank:
        if "   " not in x.text:
            continue
        seen = set()
        for m in SPACE_RUN.finditer(x.text):
            pos = m.end()
            if pos in seen:
                continue
            seen.add(pos)
            starts[pos] += 1
            if m.start() > 0:
                both[pos] += 1
    if not starts:
        return None
    best, best_n = None, 0
    for pos in starts:
        n = sum(starts[p] for p in range(pos - GUTTER_TOLERANCE, pos + GUTTER_TOLERANCE + 1))
        nb = sum(both[p] for p in range(pos - GUTTER_TOLERANCE, pos + GUTTER_TOLERANCE + 1))
        if nb >= GUTTER_MIN_LINES and n > best_n:
            best, best_n = pos, n
    if best is None or best_n < GUTTER_MIN_SHARE * len(nonblank):
        return None
    # the leftmost common start within tolerance is the column edge
    near = [p for p in starts if abs(p - best) <= GUTTER_TOLERANCE]
    return min(near)


def split_line(text: str, gutter: int) -> tuple[str, str]:
    """Left and right column parts of one -layout line."""
    lo = gutter - GUTTER_TOLERANCE
    for m in SPACE_RUN.finditer(text):
        if lo <= m.end() <= gutter + GUTTER_TOLERANCE:
            return text[:m.start()], text[m.end():]
    for m in SPACE_RUN.finditer(text):
        # a wide gap ending a little before the gutter: right-column text set further left
        # (a box or a caption beside a figure), not the left column's own words
        if m.end() - m.start() >= GUTTER_WIDE_SPACES and gutter - GUTTER_REACH <= m.end() < lo:
            return text[:m.start()], text[m.end():]
    if len(text) <= lo or not text[:lo].strip() and len(text) > gutter + GUTTER_TOLERANCE:
        # only one side present
        if text[:lo].strip():
            return text, ""
        return "", text.strip()
    if text[:gutter].strip() == "":
        return "", text.strip()
    return text, ""


def split_columns(lines: list[Line]) -> list[Segment]:
    """One segment per column, non-blank lines only, gap_before where a whole row was blank."""
    page = lines[0].page if lines else None
    gutter = find_gutter(lines)
    if gutter is None:
        return [Segment(_mark_gaps(lines), page)]
    left: list[Line] = []
    right: list[Line] = []
    gap_left = gap_right = False
    last_right = ""
    for x in lines:
        if not x.stripped:
            gap_left = gap_right = True
            continue
        a, b = split_line(x.text, gutter)
        # a footnote URL wrapped onto the same row lands past the gutter: keep it with its URL
        # (unless it continues a URL of the right column itself)
        if (a.strip() and b and URL_START.search(a) and is_url_continuation(a, b)
                and not is_url_continuation(last_right, b)):
            a, b = a.rstrip() + b.strip(), ""
        # a row blank on one side only is not a vertical gap (the other column's lines interleave)
        if a.strip():
            left.append(Line(x.no, a.rstrip(), x.page, gap_left))
            gap_left = False
        if b.strip():
            right.append(Line(x.no, " " * gutter + b.rstrip(), x.page, gap_right))
            gap_right = False
            last_right = b
    return [Segment(left, page), Segment(right, page)]
