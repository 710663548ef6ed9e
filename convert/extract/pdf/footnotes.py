"""The footnote zone of a column piece (bottom, small type, under a rule or
labelled) and footnote labels.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from .records import (BASELINE_TOL_EM, FOOTNOTE_SYMBOLS, HEADING_SIZE_RATIO, PARA_GAP_FACTOR, SIZE_CHANGE,
                      SMALL_TYPE_RATIO, Line, Rule)

FOOTNOTE_MAX_LABEL = 999       # numeric footnote labels have at most three digits
FOOTNOTE_LABEL_JUMP = 3        # a label may skip this many numbers (lost on earlier pages)
SEPARATOR_MAX_SHARE = 0.6      # a footnote separator spans at most this share of its column
UNDERLINE_DROP = 2.0           # an underline sits at most this far below its line's box
TABLE_ROW_FILL = 0.75          # lines side by side covering less than this share of their row: a table

_GLUED_LABEL_RE = re.compile(r"^(\d{1,3})(?:[.)](?!\d)\s*|\s+|(?=[^\d\s.,:;%/)\]-]))")
_SYMBOL_LABEL_RE = re.compile(r"^([" + re.escape(FOOTNOTE_SYMBOLS) + r"]{1,3})\s*(?=\S)")
_LONE_LABEL_RE = re.compile(r"^\s*(\d{1,3}|[" + re.escape(FOOTNOTE_SYMBOLS) + r"]{1,3})[.)]?\s*$")
MARKER_RE = re.compile(r"^[\d" + re.escape(FOOTNOTE_SYMBOLS) + r",\s–-]+$")


def footnote_label(line: Line, expect: Optional[int]) -> Optional[tuple[str, int]]:
    """(label, number of leading characters it occupies) if the line starts a footnote."""
    if not line.pieces:
        return None
    first, is_sup = line.pieces[0]
    if is_sup:
        lab = first.strip()
        if lab and MARKER_RE.match(lab) and _plausible(lab, expect):
            return lab, len(first)
        return None
    m = _SYMBOL_LABEL_RE.match(first)
    if m:
        return m.group(1), m.end()
    m = _LONE_LABEL_RE.match(line.text)  # the label raised on a line of its own
    if m and _plausible(m.group(1), expect):
        return m.group(1), len(line.text)
    m = _GLUED_LABEL_RE.match(first)
    if m and _plausible(m.group(1), expect):
        return m.group(1), m.end()
    return None


def _plausible(label: str, expect: Optional[int]) -> bool:
    if not label.isdigit():
        return True
    n = int(label)
    if n > FOOTNOTE_MAX_LABEL:
        return False
    if expect is None or n == 1:
        return True
    return expect <= n <= expect + FOOTNOTE_LABEL_JUMP


def _underlines(r: Rule, lines: list[Line]) -> bool:
    """The rule runs under part of a line's text (a link's underline), between its
    baseline and its bottom: not a separator."""
    return any(l.x0 - 1 <= r.x0 and r.x1 <= l.x1 + 1 and l.baseline - 1 <= r.top <= l.bottom + UNDERLINE_DROP
               for l in lines)


def _rule_between(rules: list[Rule], x0: float, x1: float, top: float, bottom: float,
                  lines: list[Line]) -> Optional[Rule]:
    for r in rules:
        if (r.is_thin and top - 1 <= r.top and r.bottom <= bottom + 1 and r.x1 > x0 - 2 and r.x0 < x1 + 2
                and not _underlines(r, lines)):
            return r
    return None


def _zone_under_rule(stream: list[Line], rules: list[Rule], body: float) -> int:
    """Start of the lines under the lowest separator rule in the column's lower half, when
    they are not larger than body type: footnotes set (almost) at body size."""
    if len(stream) < 2:
        return len(stream)
    x0 = min(l.x0 for l in stream)
    x1 = max(l.x1 for l in stream)
    mid = (stream[0].top + stream[-1].bottom) / 2
    best = len(stream)
    for r in rules:
        if not (r.is_thin and r.top > mid and r.x1 > x0 and r.x0 < x1):
            continue
        k = next((j for j, l in enumerate(stream) if l.top >= r.bottom - 1), len(stream))
        if not (0 < k < best) or _heading_like(stream[k], body):
            continue
        # a footnote separator is short; a long rule (a table's or a section's) must be
        # followed by a labelled note to count
        if r.x1 - r.x0 > SEPARATOR_MAX_SHARE * (x1 - x0) and footnote_label(stream[k], None) is None:
            continue
        if all(l.size <= body * (1 + SIZE_CHANGE / 4) for l in stream[k:]):
            best = k
    return best


def _table_end(zone: list[Line]) -> int:
    """Index just past the lowest table row among these lines (0 if none): a row is
    two or more lines side by side whose pieces leave much of it empty.  A justified
    line split at one wide space still covers its width; a footnote's label set
    apart from its text does not count."""
    rows: dict[int, list[int]] = defaultdict(list)
    for k, l in enumerate(zone):
        if not _LONE_LABEL_RE.match(l.text):
            rows[round(l.baseline / max(BASELINE_TOL_EM * l.size, 0.5))].append(k)
    end = 0
    for members in rows.values():
        if len(members) < 2:
            continue
        row = [zone[k] for k in members]
        extent = max(l.x1 for l in row) - min(l.x0 for l in row)
        if sum(l.x1 - l.x0 for l in row) < TABLE_ROW_FILL * extent:
            end = max(end, max(members) + 1)
    return end


def _heading_like(line: Line, body: float) -> bool:
    return line.bold or line.size >= HEADING_SIZE_RATIO * body


Notes = list[tuple[Optional[str], int, list[Line]]]


def _zone_start(stream: list[Line], rules: list[Rule], body: float) -> int:
    """Index of the first line of the candidate zone: trailing small type, else the
    lines under a separator rule; never inside a table of small type."""
    i = len(stream)
    while i > 0 and stream[i - 1].size <= SMALL_TYPE_RATIO * body and not stream[i - 1].bold:
        i -= 1
    if i == len(stream):
        i = _zone_under_rule(stream, rules, body)
    # small type in cells side by side is a table: the notes can only start below it
    return i + _table_end(stream[i:])


def _labelled(zone: list[Line], x0: float, expect: Optional[int]) -> tuple[Notes, list[Line]]:
    """(notes by label, unlabelled lines before the first label)."""
    notes: Notes = []
    lead_in: list[Line] = []
    for l in zone:
        lab = footnote_label(l, expect)
        if lab is not None and l.x0 <= x0 + 2 * l.size:
            notes.append((lab[0], lab[1], [l]))
            if lab[0].isdigit():
                expect = int(lab[0]) + 1
        elif notes:
            notes[-1][2].append(l)
        else:
            lead_in.append(l)
    return notes, lead_in


def _set_apart(above: list[Line], zone: list[Line], prior_bottom: Optional[float], lead: float) -> bool:
    if above:
        return zone[0].baseline - above[-1].baseline > PARA_GAP_FACTOR * lead
    return prior_bottom is not None and zone[0].top - prior_bottom > (PARA_GAP_FACTOR - 1) * lead


def split_footnote_zone(stream: list[Line], rules: list[Rule], body: float, lead: float,
                        expect: Optional[int], pending: bool = False,
                        prior_bottom: Optional[float] = None
                        ) -> tuple[list[Line], Notes]:
    """(body lines, footnotes) of one column: footnotes are (label, label_len, lines).

    ``pending``: the previous column or page ended in a footnote, so small type
    set well apart at the bottom may continue it without a rule or label.
    ``prior_bottom``: where text above this piece ends on the page (full-width
    footnotes under two columns are a piece of their own).
    """
    i = _zone_start(stream, rules, body)
    zone = stream[i:]
    if not zone:
        return stream, []
    above = stream[:i]
    x0 = min(l.x0 for l in zone)
    x1 = max(l.x1 for l in zone)
    ceiling = above[-1].bottom if above else zone[0].top - 3 * lead
    rule = _rule_between(rules, x0, x1, ceiling, zone[-1].top, zone)
    if rule is not None:
        k = 0
        while k < len(zone) and zone[k].top < rule.top:
            k += 1
        above, zone = above + zone[:k], zone[k:]
    if rule is None and above and _heading_like(above[-1], body):
        return stream, []  # a heading is followed by its own text, never by the notes
    notes, lead_in = _labelled(zone, x0, expect)
    context = bool(above) or prior_bottom is not None
    # unlabelled small type continues a footnote only when one is running on
    continues = pending and (rule is not None or _set_apart(above, zone, prior_bottom, lead))
    if not notes and not continues:
        return stream, []
    if not context and rule is None:
        return stream, []
    if lead_in:
        if continues:
            notes.insert(0, (None, 0, lead_in))
        else:
            above = above + lead_in
    return above, notes


def strip_label(lines: list[Line], skip: int) -> list[Line]:
    if skip <= 0:
        return lines
    first = lines[0]
    pieces = list(first.pieces)
    while skip > 0 and pieces:
        t, s = pieces[0]
        if len(t) <= skip:
            skip -= len(t)
            pieces.pop(0)
        else:
            pieces[0] = (t[skip:], s)
            skip = 0
    if pieces:
        pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
    stripped = Line(pieces=[p for p in pieces if p[0]], x0=first.x0, x1=first.x1, top=first.top,
                    bottom=first.bottom, baseline=first.baseline, size=first.size, bold=first.bold,
                    italic=first.italic, n=first.n, col=first.col)
    if not stripped.pieces and len(lines) > 1:
        return lines[1:]  # the label stood on a line of its own
    return [stripped] + lines[1:]
