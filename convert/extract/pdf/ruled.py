"""Ruled frames: tables drawn between horizontal rules.

A stack of horizontal rules of (nearly) the same extent marks a table's frame (the rules
over and under the table, under its header, between its rows).  Inside a frame, rows of
side-by-side text are table rows even when their cells hold running text (a column of
definitions beside a column of terms), which the alignment finder takes for prose.  In a
frame of such text cells, the lines of one cell are one row: rows part at a rule or at a
gap wider than the usual line step.
"""
from __future__ import annotations

from typing import NamedTuple

from .records import Rule

SAME_LEVEL_PT = 2.5          # rule pieces this close in height are one rule (double rules too)
FRAME_EDGE_EM = 2.0          # the rules of one frame start and end within this many ems of each other
FRAME_MIN_WIDTH_EM = 15.0    # a frame is at least this wide (not a footnote separator or an underline)
FRAME_MAX_GAP_EM = 16.0      # consecutive rules of one frame are at most this far apart
FRAME_MIN_RULES = 3          # top, under the header, bottom
LINE_STEP_MIN_EM = 0.75      # a step between lines of a cell is at least this many ems
ROW_BREAK_STEP = 1.4         # in a frame of text cells, a gap this many line steps wide starts a new row


class Frame(NamedTuple):
    x0: float
    top: float
    x1: float
    bottom: float
    levels: tuple[float, ...]   # the heights of its rules, top down

    def holds(self, x0: float, x1: float, baseline: float, em: float) -> bool:
        return self.top < baseline < self.bottom and x0 >= self.x0 - em and x1 <= self.x1 + em


def _levels(rules: list[Rule]) -> list[tuple[float, float, float]]:
    """(height, x0, x1) of each horizontal rule, pieces side by side at one height joined."""
    out: list[list[float]] = []
    for r in sorted(rules, key=lambda r: (round(r.top), r.x0)):
        y = (r.top + r.bottom) / 2
        for lv in out:
            if abs(lv[0] - y) <= SAME_LEVEL_PT and r.x0 <= lv[2] + SAME_LEVEL_PT and r.x1 >= lv[1] - SAME_LEVEL_PT:
                lv[1], lv[2] = min(lv[1], r.x0), max(lv[2], r.x1)
                break
        else:
            out.append([y, r.x0, r.x1])
    return sorted((y, a, b) for y, a, b in out)


def frames(rules: list[Rule], em: float) -> list[Frame]:
    """The page's ruled frames, top down."""
    out: list[Frame] = []
    group: list[tuple[float, float, float]] = []
    for lv in _levels(rules) + [(float("inf"), 0.0, 0.0)]:
        y, a, b = lv
        if group and (abs(a - group[0][1]) > FRAME_EDGE_EM * em or abs(b - group[0][2]) > FRAME_EDGE_EM * em
                      or y - group[-1][0] > FRAME_MAX_GAP_EM * em):
            if len(group) >= FRAME_MIN_RULES and group[0][2] - group[0][1] >= FRAME_MIN_WIDTH_EM * em:
                out.append(Frame(min(g[1] for g in group), group[0][0], max(g[2] for g in group),
                                 group[-1][0], tuple(g[0] for g in group)))
            group = []
        if b - a >= FRAME_MIN_WIDTH_EM * em:
            group.append(lv)
    return out


def text_row_groups(baselines: list[float], frame: Frame, em: float) -> list[int]:
    """For lines (by baseline, top down) of a frame of text cells: the index of the row each
    belongs to.  A rule between two lines, or a gap wider than the usual line step, starts a
    new row.  The line step is a low quantile of the steps (most steps are inside cells);
    steps under LINE_STEP_MIN_EM come from smaller type set between lines and are left out."""
    steps = sorted(b - a for a, b in zip(baselines, baselines[1:]) if b - a >= LINE_STEP_MIN_EM * em)
    line_step = steps[len(steps) // 4] if steps else 0.0
    out: list[int] = []
    k = 0
    for i, y in enumerate(baselines):
        if i:
            ruled = any(baselines[i - 1] < lv < y for lv in frame.levels)
            if ruled or y - baselines[i - 1] > ROW_BREAK_STEP * line_step:
                k += 1
        out.append(k)
    return out
