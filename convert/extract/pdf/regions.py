"""Side regions: a narrow box of text beside a column's text for only part of its
height (a summary page's side box with the report number, date and authors; a
call-out beside the first paragraphs), over plain line records.

The page's column finder only knows gutters that run down the page and columns that
hold a fair share of its glyphs, so such a box is read row by row with the text
beside it.  Its lines have a line spacing of their own: their baselines fall between
the baselines of the text beside them (a table's cells, by contrast, share their
rows).  A box found here becomes a column of its own, read as one piece: before the
text beside it when it starts above that text, after it otherwise.
"""
from __future__ import annotations

from .records import BASELINE_TOL_EM, SPAN, Line

SIDE_MIN_OFFSET = 0.55         # a right-hand box's lines start beyond this share of the column's width
SIDE_MIN_LINES = 4             # a box has at least this many lines ...
SIDE_MIN_BESIDE = 3            # ... and this many lines of text beside it
SIDE_RUN_GAP_EM = 3.0          # lines of one box are at most this far apart (their own em)
SIDE_ALIGNED_MAX = 0.5         # at most this share of a box's lines share a baseline with the text beside
SIDE_FIRST_TOL_EM = 0.5        # a box whose top is this far above the text beside it is read first
# the text beside ends at most this far past the box's left edge (stray space glyphs and
# ragged ends reach into a narrow gap; interleaved baselines are the evidence, not the gap)
SIDE_REACH_EM = 0.5
SIDE_PROSE_SHARE = 0.6         # this share of the lines beside run (nearly) to their right edge: prose, not cells
SIDE_PROSE_SHORT = 0.25        # ... ending at most this share of their width short of it
SIDE_PROSE_WIDTH = 2.0         # and the text beside is at least this many times as wide as the box


def _overlaps(l: Line, top: float, bottom: float) -> bool:
    return l.top < bottom and l.bottom > top


def _runs(cands: list[Line], group: list[Line], em: float) -> list[list[Line]]:
    """Candidate lines in vertical runs: close under each other, no text across the box between."""
    runs: list[list[Line]] = []
    taken = set(map(id, cands))
    others = sorted((o for o in group if id(o) not in taken), key=lambda o: o.top)
    for l in sorted(cands, key=lambda l: l.top):
        if runs:
            last = runs[-1][-1]
            edge = min(x.x0 for x in runs[-1] + [l]) + SIDE_REACH_EM * em
            gap_ok = l.top - last.bottom <= SIDE_RUN_GAP_EM * max(l.size, last.size)
            crossed = any(o.x1 > edge and last.bottom <= o.top and o.bottom <= l.top for o in others)
            if gap_ok and not crossed:
                runs[-1].append(l)
                continue
        runs.append([l])
    return [r for r in runs if len(r) >= SIDE_MIN_LINES]


def _is_side_box(run: list[Line], beside: list[Line], em: float) -> bool:
    """Text beside the run on every row, not reaching into it, on baselines of its own."""
    if len(beside) < SIDE_MIN_BESIDE:
        return False
    edge = min(l.x0 for l in run)
    if any(o.x1 > edge + SIDE_REACH_EM * em for o in beside):
        return False
    if not _prose(beside, max(l.x1 for l in run) - edge):
        return False
    aligned = sum(1 for l in run
                  if any(abs(o.baseline - l.baseline) <= BASELINE_TOL_EM * max(l.size, o.size) for o in beside))
    return aligned <= SIDE_ALIGNED_MAX * len(run)


def _prose(beside: list[Line], box_width: float) -> bool:
    """The text beside is running text: wide, its lines filling their width (a table's
    cells beside another column of cells are short and ragged)."""
    body = [o for o in beside if o.n]
    if not body:
        return False
    left, right = min(o.x0 for o in body), max(o.x1 for o in body)
    width = right - left
    full = sum(1 for o in body if right - o.x1 <= SIDE_PROSE_SHORT * width)
    return width >= SIDE_PROSE_WIDTH * box_width and full >= SIDE_PROSE_SHARE * len(body)


def _side_boxes(group: list[Line], em: float) -> list[tuple[list[Line], list[Line]]]:
    """(box lines, lines beside them) of the right-hand side boxes in one column's lines."""
    left = min(l.x0 for l in group)
    right = max(l.x1 for l in group)
    cands = [l for l in group if l.x0 >= left + SIDE_MIN_OFFSET * (right - left)]
    if len(cands) < SIDE_MIN_LINES:
        return []
    out = []
    for run in _runs(cands, group, em):
        top, bottom = run[0].top, max(l.bottom for l in run)
        taken = set(map(id, run))
        beside = [o for o in group if id(o) not in taken and _overlaps(o, top, bottom)]
        if _is_side_box(run, beside, em):
            out.append((run, beside))
    return out


def place_side_regions(lines: list[Line], em: float) -> list[Line]:
    """Lines in reading order -> the same lines with each side box a column of its own,
    its lines together, before or after the text beside it."""
    groups: dict[int, list[Line]] = {}
    for l in lines:
        if l.col != SPAN:
            groups.setdefault(l.col, []).append(l)
    boxes = [box for g in groups.values() for box in _side_boxes(g, em)]
    if not boxes:
        return lines
    next_col = max(groups) + 1
    out = list(lines)
    for number, (run, beside) in enumerate(boxes, 1):
        for l in run:
            l.col = next_col
            l.box = number
        next_col += 1
        taken = set(map(id, run))
        out = [l for l in out if id(l) not in taken]
        first = min(l.top for l in beside)
        index = {id(l): k for k, l in enumerate(out)}
        if run[0].top < first - SIDE_FIRST_TOL_EM * em:
            at = min(index[id(l)] for l in beside)
        else:
            at = max(index[id(l)] for l in beside) + 1
        out[at:at] = sorted(run, key=lambda l: l.top)
    return out
