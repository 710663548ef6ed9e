"""Document statistics (body size, leading per size) and paragraphs of one column
piece (gap, indent, hanging indent, style change, short last line).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from .records import (BULLETS, HEADING_SIZE_RATIO, PARA_GAP_FACTOR, SIZE_CHANGE, SMALL_TYPE_RATIO, SPAN, Line,
                      PageLines)

BODY_RIVAL_SHARE = 0.5         # a larger size with this share of the commonest size's glyphs ...
NOTE_BELOW_SHARE = 0.55        # ... is body when this share of the commoner type sits below it
DEFAULT_LEADING_EM = 1.2       # leading when the document gives no evidence
INDENT_MIN_EM = 0.8            # a first-line indent is at least this wide
INDENT_MAX_EM = 8.0            # ... and at most this wide
LIST_HANG_MAX_EM = 3.0         # a list item's run-on lines hang at most this far in from its label
HANG_TOL_EM = 0.3              # ... and start this close under the word after the label
CENTRED_TOL = 3.0              # lines whose centres agree this closely are centred
SHORT_LINE_SHARE = 0.25        # a line ending this share short of the column ends a paragraph
RIGHT_EDGE_REACH = 4           # the column's right edge at a line: the furthest of this many lines either side

_LIST_LABEL_RE = re.compile(r"^(\d{1,3}[.)]|[a-zA-Z][.)]|\(\w{1,4}\)|[" + BULLETS + r"])\s")


def _size_key(size: float) -> float:
    """Sizes (and baseline steps) to half points: one key for what prints alike."""
    return round(size * 2) / 2


def body_size(pages: list[PageLines]) -> float:
    """The running text's size: the most used size -- unless that type sits mostly under
    the last line of a larger, well-used size in its column, as footnotes do (a report
    whose notes outweigh its text still has its body in the larger type)."""
    cnt: Counter = Counter()
    for p in pages:
        for l in p.lines:
            cnt[_size_key(l.size)] += l.n
    if not cnt:
        return 10.0
    top = cnt.most_common(1)[0][0]
    rivals = [s for s, n in cnt.items()
              if top <= SMALL_TYPE_RATIO * s and n >= BODY_RIVAL_SHARE * cnt[top]]
    for s in sorted(rivals, key=lambda s: -cnt[s]):
        if _share_below(pages, top, s) >= NOTE_BELOW_SHARE:
            return s
    return top


def _share_below(pages: list[PageLines], small: float, large: float) -> float:
    """Share of the small type's glyphs (on pages that use both sizes) set below the
    lowest line of the large type in the same column."""
    below = total = 0
    for p in pages:
        lowest: dict[int, float] = {}
        for l in p.lines:
            if _size_key(l.size) == large:
                lowest[l.col] = max(lowest.get(l.col, l.bottom), l.bottom)
        if not lowest:
            continue
        page_low = max(lowest.values())
        for l in p.lines:
            if _size_key(l.size) == small:
                total += l.n
                floor = page_low if l.col == SPAN else lowest.get(l.col, lowest.get(SPAN, page_low))
                if l.top >= floor:
                    below += l.n
    return below / total if total else 0.0


def leadings(pages: list[PageLines]) -> dict[float, float]:
    """Most common baseline step per type size, from consecutive lines of one column."""
    steps: dict[float, Counter] = defaultdict(Counter)
    for p in pages:
        prev = None
        for l in p.lines:
            if prev is not None and prev.col == l.col and abs(prev.size - l.size) < 0.25:
                d = l.baseline - prev.baseline
                if 0.9 * l.size <= d <= 2.2 * l.size:
                    steps[_size_key(l.size)][_size_key(d)] += 1
            prev = l
    return {s: c.most_common(1)[0][0] for s, c in steps.items()}


def leading(table: dict[float, float], size: float) -> float:
    return table.get(_size_key(size), DEFAULT_LEADING_EM * size)


def _broken(prev: Line, cur: Line, lead_table: dict[float, float]) -> bool:
    """A gap wider than the leading, a step back up the page (a new column piece) or a
    change of type size always ends the block."""
    size = max(prev.size, cur.size)
    step = cur.baseline - prev.baseline
    return (step > PARA_GAP_FACTOR * leading(lead_table, size) or step < 0
            or abs(prev.size - cur.size) > SIZE_CHANGE * size)


def _ends_short(prev: Line, cur: Line, left: float, right: float, body: float) -> bool:
    """prev stops well short of the column and cur starts a sentence (not in display type)."""
    width = right - left
    display = (prev.bold and cur.bold) or (body and cur.size >= HEADING_SIZE_RATIO * body)
    return bool(not display and width > 0 and right - prev.x1 > SHORT_LINE_SHARE * width
                and cur.text.lstrip()[:1].isupper() and not prev.text.rstrip().endswith("-"))


def _starts_paragraph(prev: Line, cur: Line, first_of_block: Line, left: float, right: float,
                      lead_table: dict[float, float], body: float = 0.0) -> tuple[bool, bool]:
    """(new block?, indented?) for cur following prev in one column."""
    em = cur.size or 10.0
    indent = INDENT_MIN_EM * em <= cur.x0 - left <= INDENT_MAX_EM * em
    centred = abs(prev.centre - cur.centre) <= CENTRED_TOL and (
        prev.x0 - left > INDENT_MIN_EM * em or cur.x0 - left > INDENT_MIN_EM * em)
    if _broken(prev, cur, lead_table):
        return True, indent
    # a list item's run-on line hanging under its first word belongs to it, even where a
    # bold lead-in ends on the next line
    if _hangs(prev, cur, right - left, right, em) or _hangs_on(first_of_block, prev, cur, right - left, right, em):
        return False, False
    if prev.bold != cur.bold or prev.italic != cur.italic:
        return True, indent
    t = cur.text.lstrip()
    if t[:1] in BULLETS and t[1:2] == " ":
        return True, indent
    if centred:
        return False, False
    if indent and cur.x0 - prev.x0 >= INDENT_MIN_EM * em:
        return True, True
    if prev.x0 - cur.x0 >= INDENT_MIN_EM * em:
        first_indent = prev is first_of_block and prev.x0 - left <= INDENT_MAX_EM * em
        if not first_indent:
            return True, False
    if _ends_short(prev, cur, left, right, body):
        return True, indent
    return False, False


def _hangs(prev: Line, cur: Line, width: float, right: float, em: float) -> bool:
    """Is cur the indented run-on of a list item whose label starts prev (a hanging
    indent: cur starts under the word after the label)?  prev must be full, and cur
    not itself labelled."""
    if not _LIST_LABEL_RE.match(prev.text.lstrip()) or _LIST_LABEL_RE.match(cur.text.lstrip()):
        return False
    if not 0 < cur.x0 - prev.x0 <= LIST_HANG_MAX_EM * em or abs(cur.x0 - prev.word2) > HANG_TOL_EM * em:
        return False
    return width > 0 and right - prev.x1 <= SHORT_LINE_SHARE * width


def _hangs_on(first: Line, prev: Line, cur: Line, width: float, right: float, em: float) -> bool:
    """cur goes on hanging under an item whose earlier run-on line prev already hangs
    under the labelled first line."""
    return (prev is not first and abs(prev.x0 - cur.x0) <= HANG_TOL_EM * em
            and _hangs(first, prev, width, right, em) and width > 0 and right - prev.x1 <= SHORT_LINE_SHARE * width)


def _local_rights(view: list[Line], lead_table: dict[float, float]) -> list[float]:
    """The right edge of the text around each line: a column narrowed for part of its
    height (beside a side box, around a figure) has short lines only against its own
    width there.  Lines are seen in runs unbroken by a gap or a change of size; inside a
    run the nearer side of a change of width counts (the narrower of the lines just
    before and just after), at a run's ends the side that has lines."""
    out: list[float] = []
    k = 0
    while k < len(view):
        j = k + 1
        while j < len(view) and not _broken(view[j - 1], view[j], lead_table):
            j += 1
        xs = [l.x1 for l in view[k:j]]
        for i in range(len(xs)):
            back = max(xs[max(0, i - RIGHT_EDGE_REACH):i + 1])
            ahead = max(xs[i:i + RIGHT_EDGE_REACH + 1])
            out.append(ahead if i == 0 else back if i == len(xs) - 1 else min(back, ahead))
        k = j
    return out


def paragraphs(stream: list[Line], lead_table: dict[float, float],
               body: float = 0.0) -> list[tuple[list[Line], bool]]:
    if not stream:
        return []
    # right-to-left text indents and runs short from the right: judge it mirrored
    view = stream
    if 2 * sum(l.rtl for l in stream) > len(stream):
        view = [replace(l, x0=-l.x1, x1=-l.x0, word2=0.0) for l in stream]
    left = min(l.x0 for l in view)
    rights = _local_rights(view, lead_table)
    first = INDENT_MIN_EM * view[0].size <= view[0].x0 - left <= INDENT_MAX_EM * view[0].size
    out: list[tuple[list[Line], bool]] = [([stream[0]], first)]
    head = view[0]
    for k in range(1, len(stream)):
        new, ind = _starts_paragraph(view[k - 1], view[k], head, left, rights[k - 1], lead_table, body)
        if new:
            out.append(([stream[k]], ind))
            head = view[k]
        else:
            out[-1][0].append(stream[k])
    return out
