"""Drop caps: a paragraph's first letter set large over several lines belongs to the
first word of its first line, not to whichever line shares its baseline."""
from __future__ import annotations

from .records import Char

DROP_CAP_RATIO = 2.0           # a drop cap is at least this many times the body size
DROP_CAP_REACH_EM = 2.0        # its word goes on within this many ems to its right
DROP_CAP_TOP_TOL_EM = 0.6      # the first line's top lies this close under the cap's top


def _alone(cap: Char, big: list[Char], em: float) -> bool:
    """No other large glyph beside it: one letter, not a word of a large heading."""
    return not any(o is not cap and abs(o.baseline - cap.baseline) <= em and -em <= o.x0 - cap.x1 <= em
                   for o in big)


def _first_line_start(cap: Char, chars: list[Char], em: float) -> Char | None:
    """The leftmost glyph of the highest body-size line starting just right of the cap."""
    near = [c for c in chars if c.size < DROP_CAP_RATIO * em and not c.text.isspace()
            and 0 <= c.x0 - cap.x1 <= DROP_CAP_REACH_EM * em
            and cap.top - DROP_CAP_TOP_TOL_EM * em <= c.top <= cap.top + DROP_CAP_REACH_EM * em
            and c.bottom <= cap.bottom + em]
    if not near:
        return None
    first_row = min(c.baseline for c in near)
    row = [c for c in near if abs(c.baseline - first_row) <= 0.2 * c.size]
    return min(row, key=lambda c: c.x0)


def attach_drop_caps(chars: list[Char], em: float) -> list[Char]:
    """Move each drop cap onto its paragraph's first line, just before the first glyph."""
    big = [c for c in chars if c.size >= DROP_CAP_RATIO * em and c.text.isalpha()]
    if not big:
        return chars
    moved: dict[int, Char] = {}
    for cap in big:
        if not cap.text.isupper() or not _alone(cap, big, em):
            continue
        start = _first_line_start(cap, chars, em)
        if start is None:
            continue
        width = start.x1 - start.x0
        moved[id(cap)] = cap._replace(x0=start.x0 - width, x1=start.x0, top=start.top, bottom=start.bottom,
                                      baseline=start.baseline, size=start.size, bold=start.bold,
                                      italic=start.italic)
    return [moved.get(id(c), c) for c in chars] if moved else chars
