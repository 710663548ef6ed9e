"""Columns of one page, over plain segment records: gutters (vertical strips with
almost no ink), rows cut where they cross one, and reading order (columns left to
right between full-width lines, which stay in place).
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Optional

from .records import SPAN, Char, Line

GUTTER_MIN_EM = 0.9            # a column gutter is at least this wide (page body em)
GUTTER_MAX_COVER = 0.12        # ink over the gutter, as a share of the busiest x position
GUTTER_ZONE = (0.2, 0.8)       # gutters lie within this share of the text's width
COLUMN_MIN_SHARE = 0.15        # each column holds at least this share of the page's glyphs
COLUMN_MIN_ROWS = 4            # ... and at least this many rows
GUTTER_PASSES = 3              # looks for gutters, each after cutting rows at those found
COLUMN_FILL_SHARE = 0.6        # a line filling this share of its column's width ...
COLUMN_FILLED_MIN = 0.2        # ... must hold this share of each column's glyphs (else: a table)
WIDE_SEGMENT_SHARE = 0.55      # a run of text this share of the text width is full-width
SPAN_REACH_EM = 1.8            # a short line this close under full-width text may belong to it


def _ink_cover(ink: list[Char], xmin: int, xmax: int) -> list[float]:
    """Height of ink over each x position from xmin (a running sum of glyph boxes)."""
    diff = [0.0] * (xmax - xmin + 2)
    for c in ink:
        h = c.bottom - c.top
        diff[min(max(int(c.x0) - xmin, 0), len(diff) - 1)] += h
        diff[min(max(int(c.x1) - xmin + 1, 0), len(diff) - 1)] -= h
    cover, acc = [], 0.0
    for d in diff:
        acc += d
        cover.append(acc)
    return cover


def _empty_runs(cover: list[float], xmin: int, em: float) -> list[tuple[float, float]]:
    """Runs of (almost) empty x positions in the middle of the text, wide enough for a gutter."""
    peak = max(cover) or 1.0
    lo = int(GUTTER_ZONE[0] * len(cover))
    hi = int(GUTTER_ZONE[1] * len(cover))
    gutters: list[tuple[float, float]] = []
    start = None
    for i in range(lo, hi + 1):
        empty = i < hi and cover[i] <= GUTTER_MAX_COVER * peak
        if empty and start is None:
            start = i
        elif not empty and start is not None:
            if i - start >= GUTTER_MIN_EM * em:
                gutters.append((start + xmin, i + xmin))
            start = None
    return gutters


def _drop_thin_columns(gutters: list[tuple[float, float]], ink: list[Char],
                       need: float) -> list[tuple[float, float]]:
    """Each column must hold a fair share of the page: drop the gutters beside thin ones."""
    while gutters:
        bounds = [float("-inf")] + [(a + b) / 2 for a, b in gutters] + [float("inf")]
        counts = [0] * (len(bounds) - 1)
        rows: list[set] = [set() for _ in counts]
        for c in ink:
            k = bisect.bisect_right(bounds, (c.x0 + c.x1) / 2) - 1
            counts[k] += 1
            rows[k].add(round(c.baseline))
        weak = [k for k in range(len(counts))
                if counts[k] < need / len(counts) or len(rows[k]) < COLUMN_MIN_ROWS]
        if not weak:
            return gutters
        k = min(weak, key=lambda j: counts[j])
        # merge the thinnest column into its neighbour by removing the gutter between them
        if k == 0:
            gutters.pop(0)
        elif k == len(counts) - 1:
            gutters.pop()
        else:
            gutters.pop(k - 1 if counts[k - 1] <= counts[k + 1] else k)
    return []


def find_gutters(chars: list[Char], em: float, extent: Optional[tuple[float, float]] = None,
                 total: Optional[int] = None) -> list[tuple[float, float]]:
    """Vertical strips with (almost) no ink: column gutters.

    ``chars`` are the glyphs of column-narrow text (full-width lines left out, so a
    full-width title or lede above two columns does not hide the gutter);
    ``extent`` is the x range of all text and ``total`` its glyph count.
    """
    ink = [c for c in chars if not c.text.isspace() and c.x1 > c.x0]
    if len(ink) < 2 * COLUMN_MIN_ROWS:
        return []
    lo_x, hi_x = min(c.x0 for c in ink), max(c.x1 for c in ink)
    if extent is not None:  # a gutter has column text on both sides
        lo_x, hi_x = max(lo_x, extent[0]), min(hi_x, extent[1])
    xmin = max(0, int(lo_x))
    gutters = _empty_runs(_ink_cover(ink, xmin, int(hi_x) + 2), xmin, em)
    if not gutters:
        return []
    return _drop_thin_columns(gutters, ink, COLUMN_MIN_SHARE * (total or len(ink)))


def find_columns(segs, em: float, left: float, right: float, total: int):
    """(gutters, segments cut at them).  Rows run together across a narrow gutter
    hide it; once the gutters seen are cut, another look may find the rest."""
    gutters: list[tuple[float, float]] = []
    for _ in range(GUTTER_PASSES):
        narrow = [c for seg, x0, x1 in segs if x1 - x0 < WIDE_SEGMENT_SHARE * (right - left) for c in seg]
        found = find_gutters(narrow, em, (left, right), total)
        if not found or found == gutters:
            break
        if not _columns_hold_prose(found, segs, left, right):
            break  # a table (or widely spaced justified text), not columns
        gutters = found
        segs = _split_at_gutters(segs, gutters)
    return gutters, segs


def _split_at_gutters(segs, gutters: list[tuple[float, float]]):
    """Cut runs that cross a gutter at a gap lying in it: columns set closer than a
    segment gap run together row by row, yet the gutter shows where they part."""
    out = []
    for seg, x0, x1 in segs:
        cuts = []
        ink = sorted((c for c in seg if not c.text.isspace()), key=lambda c: c.x0)
        for a, b in gutters:
            if not (x0 < a and x1 > b):
                continue
            # the widest gap over the gutter, if as wide as a gutter must be
            gaps = [(right.x0 - left.x1, (left.x1 + right.x0) / 2) for left, right in zip(ink, ink[1:])
                    if left.x1 < b and right.x0 > a
                    and right.x0 - left.x1 >= GUTTER_MIN_EM * max(left.size, right.size)]
            if gaps:
                cuts.append(max(gaps)[1])
        if not cuts:
            out.append((seg, x0, x1))
            continue
        bounds = [float("-inf")] + sorted(cuts) + [float("inf")]
        for lo, hi in zip(bounds, bounds[1:]):
            part = [c for c in seg if lo <= (c.x0 + c.x1) / 2 < hi]
            if any(not c.text.isspace() for c in part):
                out.append((part, min(c.x0 for c in part), max(c.x1 for c in part)))
    return out


def _columns_hold_prose(gutters: list[tuple[float, float]], segs, left: float, right: float) -> bool:
    """Columns of running text are filled by their lines; a table's cells leave most
    of the space between two gutters empty.  Every column needs COLUMN_FILLED_MIN of
    its glyphs in runs at least COLUMN_FILL_SHARE of its width."""
    bounds = [left] + [x for g in gutters for x in g] + [right]
    filled = [0] * (len(gutters) + 1)
    count = [0] * (len(gutters) + 1)
    centres = [(a + b) / 2 for a, b in gutters]
    for seg, x0, x1 in segs:
        if any(x0 < g - 1.0 and x1 > g + 1.0 for g in centres):
            continue  # across a gutter: full-width text
        k = sum(1 for g in centres if (x0 + x1) / 2 > g)
        n = len(seg)
        count[k] += n
        if x1 - x0 >= COLUMN_FILL_SHARE * (bounds[2 * k + 1] - bounds[2 * k]):
            filled[k] += n
    return all(c and f >= COLUMN_FILLED_MIN * c for f, c in zip(filled, count))


def extend_spans(lines: list[Line]) -> None:
    """A short line right under full-width text, with nothing beside it, is full-width too
    (the last line of a lede or abstract set across the columns)."""
    ordered = sorted(lines, key=lambda l: l.baseline)
    for k, l in enumerate(ordered):
        if l.col == SPAN or k == 0:
            continue
        prev = ordered[k - 1]
        if prev.col != SPAN or l.baseline - prev.baseline > SPAN_REACH_EM * max(l.size, prev.size):
            continue
        if any(o.col not in (SPAN, l.col) and abs(o.baseline - l.baseline) <= SPAN_REACH_EM * l.size
               for o in ordered):
            continue
        l.col = SPAN


def reading_order(lines: list[Line]) -> list[Line]:
    """Columns left to right between full-width lines, which stay in place."""
    spans = sorted((l for l in lines if l.col == SPAN), key=lambda l: l.baseline)
    cols = sorted((l for l in lines if l.col != SPAN), key=lambda l: (l.col, l.baseline))
    if not spans:
        return cols
    bands: dict[int, list[Line]] = defaultdict(list)
    span_bases = [s.baseline for s in spans]
    for l in cols:
        bands[bisect.bisect_left(span_bases, l.baseline)].append(l)
    out: list[Line] = []
    for k in range(len(spans) + 1):
        out.extend(bands.get(k, ()))
        if k < len(spans):
            out.append(spans[k])
    return out
