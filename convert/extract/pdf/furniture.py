"""Running headers, footers and page numbers: lines standing clear of the text at
the top or bottom of the page, repeated at one height (or numbered) across pages.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict

from .records import BASELINE_TOL_EM, SMALL_TYPE_RATIO, Line, PageLines

HEADER_ZONE = 0.15             # top share of the text box where running headers live
FOOTER_ZONE = 0.15             # bottom share of the text box where running footers live
FURNITURE_EDGE_LINES = 2       # how many lines from the top/bottom may be furniture
FURNITURE_GAP_EM = 0.8         # furniture stands this far (its em) clear of the text
FURNITURE_Y_TOL = 6.0          # repeated furniture sits within this many points
FURNITURE_MIN_PAGES = 2        # ... on at least this many pages
FURNITURE_PAGE_SHARE = 0.3     # ... and this share of the pages
REPEAT_ZONE = 0.2              # repeated furniture text at another height lies in this edge share
VARYING_HEADER_PAGE_SHARE = 0.5  # small top lines at one height on this share of pages

_PAGE_NUMBER_RES = [
    re.compile(r"^[\W_]*(page|p\.|pg\.?|seite|página|pagina)?\s*(\d{1,4}|[ivxlcdm]{1,7})"
               r"(\s*(of|/|von|de)\s*\d{1,4})?[\W_]*$", re.I),
    re.compile(r"^\d{1,4}\s*[|·•–—-]\s*\S.*$"),
    re.compile(r"^.*\S\s*[|·•–—-]\s*(page\s*)?\d{1,4}$", re.I),
]


def _shape(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def is_page_number(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) <= 80 and any(r.match(t) for r in _PAGE_NUMBER_RES)


def _edge_rows(lines: list[Line]) -> list[list[Line]]:
    """Lines side by side (a footer's text and its page number) form one row."""
    rows: list[list[Line]] = []
    for l in sorted(lines, key=lambda l: l.baseline):
        if rows and l.baseline - rows[-1][0].baseline <= BASELINE_TOL_EM * max(l.size, rows[-1][0].size, 1.0):
            rows[-1].append(l)
        else:
            rows.append([l])
    return rows


def _edge_lines(p: PageLines) -> list[tuple[PageLines, Line, str]]:
    """Top and bottom rows standing clear of the text: furniture candidates.

    The zones are shares of the page's text box, not of the paper, so wide
    margins do not hide running heads.  A row is every line at one baseline, so
    a footer split into pieces (title left, number right) counts once.
    """
    if not p.lines:
        return []
    rows = _edge_rows(p.lines)
    top_edge = min(l.top for l in p.lines)
    bottom_edge = max(l.bottom for l in p.lines)
    span = max(bottom_edge - top_edge, 1.0)
    heads = _head_rows(rows, top_edge + HEADER_ZONE * span)
    feet = _foot_rows(rows, bottom_edge - FOOTER_ZONE * span, heads)
    return [(p, l, "header") for k in heads for l in rows[k]] + [(p, l, "footer") for k in feet for l in rows[k]]


def _clear(a: list[Line], b: list[Line]) -> bool:
    """Row ``a`` stands clear above row ``b``."""
    return (min(l.top for l in b) - max(l.bottom for l in a)
            >= FURNITURE_GAP_EM * min(min(l.size for l in a), min(l.size for l in b)))


def _low(r: list[Line]) -> float:
    return max(l.bottom for l in r)


def _high(r: list[Line]) -> float:
    return min(l.top for l in r)


def _head_rows(rows: list[list[Line]], head_limit: float) -> list[int]:
    """The rows at the top, inside the header zone, standing clear of what follows (or of the
    row after a two-row running head)."""
    n = len(rows)
    picked: list[int] = []
    for k in range(min(FURNITURE_EDGE_LINES, n)):
        r = rows[k]
        if _low(r) > head_limit:
            break
        nxt = rows[k + 1] if k + 1 < n else None
        if nxt is None or _clear(r, nxt) or (k + 1 < FURNITURE_EDGE_LINES and k + 2 < n
                                             and _clear(nxt, rows[k + 2]) and _low(nxt) <= head_limit):
            picked.append(k)
    return picked


def _foot_rows(rows: list[list[Line]], foot_limit: float, heads: list[int]) -> list[int]:
    """The rows at the bottom, inside the footer zone, standing clear of what precedes them."""
    n = len(rows)
    picked: list[int] = []
    for k in range(n - 1, max(-1, n - 1 - FURNITURE_EDGE_LINES), -1):
        r = rows[k]
        if _high(r) < foot_limit or k in heads:
            break
        prv = rows[k - 1] if k > 0 else None
        if prv is None or _clear(prv, r) or (k == n - 1 and k >= 2 and _clear(rows[k - 2], prv)
                                             and _high(prv) >= foot_limit):
            picked.append(k)
    return picked


def find_furniture(pages: list[PageLines], body: float) -> dict[int, str]:
    """id(line) -> furniture kind for running headers, footers and page numbers."""
    cands: list[tuple[PageLines, Line, str]] = []
    for p in pages:
        cands.extend(_edge_lines(p))
    need = max(FURNITURE_MIN_PAGES, FURNITURE_PAGE_SHARE * len(pages))
    groups: dict[str, list] = defaultdict(list)
    for p, l, zone in cands:
        groups[_shape(l.text)].append((p, l, zone))
    out: dict[int, str] = {}
    for members in groups.values():
        if len({q.number for q, _, _ in members}) < need:
            continue
        members = sorted(members, key=lambda t: t[1].top)
        tops = [m.top for _, m, _ in members]
        for p, l, zone in members:
            lo = bisect.bisect_left(tops, l.top - FURNITURE_Y_TOL)
            hi = bisect.bisect_right(tops, l.top + FURNITURE_Y_TOL)
            if len({q.number for q, _, _ in members[lo:hi]}) >= need:
                out[id(l)] = "page-number" if is_page_number(l.text) else zone
    for p, l, zone in cands:
        if id(l) not in out and is_page_number(l.text):
            out[id(l)] = "page-number"
    _varying_headers(pages, cands, out, body)
    _complete_rows(cands, out)
    _repeats_at_other_heights(pages, out, body)
    _repeated_small_print(pages, out, body, need)
    return out


def _repeated_small_print(pages: list[PageLines], out: dict[int, str], body: float, need: float) -> None:
    """Small type with the same words at the same place near the top of enough pages is
    furniture even behind other edge lines (a wordmark under a logo).  Not at the foot,
    where footnotes repeat short forms ("Ibid.") at one height."""
    groups: dict[tuple[str, int], list[tuple[PageLines, Line, str]]] = defaultdict(list)
    for p in pages:
        if not p.lines:
            continue
        top_edge = min(l.top for l in p.lines)
        span = max(max(l.bottom for l in p.lines) - top_edge, 1.0)
        for l in p.lines:
            if id(l) in out or l.size > SMALL_TYPE_RATIO * body or sum(ch.isalpha() for ch in l.text) < 3:
                continue
            if l.bottom <= top_edge + HEADER_ZONE * span:
                groups[(_shape(l.text), round(l.top / FURNITURE_Y_TOL))].append((p, l, "header"))
    for members in groups.values():
        if len({p.number for p, _, _ in members}) >= need:
            for _, l, zone in members:
                out[id(l)] = zone


def _repeats_at_other_heights(pages: list[PageLines], out: dict[int, str], body: float) -> None:
    """A line near the bottom of a page repeating the text of furniture found on
    other pages is furniture at any height (front pages set their footers elsewhere), and
    the small type between it and the page edge goes with it (a cover's imprint block)."""
    known: dict[str, set[int]] = defaultdict(set)
    for p in pages:
        for l in p.lines:
            if id(l) in out and not is_page_number(l.text):
                known[_shape(l.text)].add(p.number)
    if not known:
        return
    for p in pages:
        if not p.lines:
            continue
        top_edge = min(l.top for l in p.lines)
        bottom_edge = max(l.bottom for l in p.lines)
        span = max(bottom_edge - top_edge, 1.0)
        for l in p.lines:
            if id(l) in out or not known.get(_shape(l.text), set()) - {p.number}:
                continue
            # only at the foot: at the head of a front page the same words are the title
            # or the series label, which the front matter needs
            if l.top >= bottom_edge - REPEAT_ZONE * span:
                _mark_towards_edge(p, l, out, body, "footer")


def _mark_towards_edge(p: PageLines, anchor: Line, out: dict[int, str], body: float, zone: str) -> None:
    out[id(anchor)] = zone
    for l in p.lines:
        beyond = l.top >= anchor.bottom if zone == "footer" else l.bottom <= anchor.top
        if beyond and id(l) not in out and l.size <= SMALL_TYPE_RATIO * body:
            out[id(l)] = "page-number" if is_page_number(l.text) else zone


def _varying_headers(pages: list[PageLines], cands: list[tuple[PageLines, Line, str]], out: dict[int, str],
                     body: float) -> None:
    """Headers whose text changes per page: small type at one height on most pages."""
    tops: dict[int, list[tuple[PageLines, Line]]] = defaultdict(list)
    for p, l, zone in cands:
        if zone == "header" and id(l) not in out and l.size <= SMALL_TYPE_RATIO * body:
            tops[round(l.top / FURNITURE_Y_TOL)].append((p, l))
    for members in tops.values():
        if len(pages) >= 3 and len({p.number for p, _ in members}) >= VARYING_HEADER_PAGE_SHARE * len(pages):
            for p, l in members:
                out[id(l)] = "header"


def _complete_rows(cands: list[tuple[PageLines, Line, str]], out: dict[int, str]) -> None:
    """A piece of an edge row beside recognised furniture is furniture too (the
    report number printed only on the last page between the footer and its number)."""
    found: dict[int, list[Line]] = defaultdict(list)
    for p, l, zone in cands:
        if id(l) in out:
            found[p.number].append(l)
    for p, l, zone in cands:
        if id(l) in out:
            continue
        if any(abs(f.baseline - l.baseline) <= BASELINE_TOL_EM * max(f.size, l.size, 1.0)
               for f in found.get(p.number, ())):
            out[id(l)] = zone
