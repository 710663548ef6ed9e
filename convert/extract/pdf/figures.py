"""Figure regions: the text of a chart or infographic between its caption
("Figure 1.", "Exhibit 2:") and its source line ("Source:", "Sources:") is the
figure's, not the running text's.

The region is the caption's and the source line's column slice; it is taken only
when few of its lines look like running text (body type filling the slice), so a
caption under its graphic with prose below it never swallows that prose.
"""
from __future__ import annotations

import re
from typing import Optional

from .records import SIZE_CHANGE, Line, PageLines

# a caption's label ends in a stop, colon or dash, or stands alone on its line: "Figure 1
# shows ..." in the running text is no caption
_CAPTION = re.compile(r"^\s*(?:figure|fig\.|exhibit|chart|map|graphic|infographic)\s+[\dA-Z]{1,3}"
                      r"(?:\s*[.:\u2013\u2014-](?:\s|$)|\s*$)", re.I)
_SOURCE = re.compile(r"^\s*(?:sources?|notes?)\s*:", re.I)
FIGURE_X_TOL_EM = 1.0          # region lines may stick out of the caption/source slice by this much
FIGURE_MAX_PROSE_SHARE = 0.3   # at most this share of the region's lines look like running text
PROSE_WIDTH_SHARE = 0.8        # a body-type line this wide (share of the slice) is running text
SOURCE_RUN_ON_EM = 1.6         # a source line's run-on lines follow within this many ems


def _source_below(lines: list[Line], cap: Line) -> Optional[Line]:
    # the source line starts under the caption or spans under it (a centred caption)
    below = [l for l in lines if l.top > cap.bottom and _SOURCE.match(l.text)
             and l.x0 <= cap.x1 and l.x1 >= cap.x0]
    return min(below, key=lambda l: l.top) if below else None


def _run_on(lines: list[Line], src: Line) -> float:
    """Bottom of the source line with its run-on lines (same size, just below, same left)."""
    bottom = src.bottom
    for l in sorted(lines, key=lambda l: l.top):
        if (l.top > bottom - 1 and l.top - bottom <= SOURCE_RUN_ON_EM * src.size - src.size
                and abs(l.size - src.size) <= SIZE_CHANGE * src.size
                and abs(l.x0 - src.x0) <= FIGURE_X_TOL_EM * src.size):
            bottom = l.bottom
    return bottom


def _region(lines: list[Line], cap: Line, body: float) -> list[Line]:
    src = _source_below(lines, cap)
    if src is None:
        return []
    tol = FIGURE_X_TOL_EM * body
    x0, x1 = min(cap.x0, src.x0) - tol, max(cap.x1, src.x1) + tol
    top, bottom = cap.top, _run_on(lines, src)
    # a label may stick out of the slice; its middle stays inside
    inside = [l for l in lines if x0 <= l.centre <= x1 and l.x1 - l.x0 <= x1 - x0
              and l.top >= top - 1 and l.bottom <= bottom + 1]
    labels = [l for l in inside if l is not cap and l is not src]
    # running text: lines in body type filling the slice (labels and table cells are short)
    prose = [l for l in labels if abs(l.size - body) <= SIZE_CHANGE * body
             and l.x1 - l.x0 >= PROSE_WIDTH_SHARE * (x1 - x0 - 2 * tol)]
    if len(prose) > FIGURE_MAX_PROSE_SHARE * len(labels):
        return []
    return inside


def figure_regions(p: PageLines, lines: list[Line], body: float) -> list[list[Line]]:
    """Each figure's lines (caption to source) among the page's lines, in reading order."""
    out: list[list[Line]] = []
    taken: set[int] = set()
    for cap in lines:
        if id(cap) in taken or not _CAPTION.match(cap.text):
            continue
        region = [l for l in _region(lines, cap, body) if id(l) not in taken]
        if region:
            taken.update(id(l) for l in region)
            out.append(region)
    return out
