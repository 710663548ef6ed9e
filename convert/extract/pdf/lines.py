"""One page's glyphs -> lines, over plain character records (no pdfplumber here).

chars -> rows (baseline clusters) -> segments (split at wide gaps) -> columns (see
:mod:`.columns`) -> lines (superscripts folded into the line they are raised above;
right-to-left lines put in reading order).  The document stages follow in
:mod:`.furniture`, :mod:`.footnotes`, :mod:`.paragraphs` and :mod:`.document`.
Every threshold is a named constant; sizes are in PDF points and "em" means the
font size of the text concerned.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Optional

from .columns import extend_spans, find_columns, reading_order
from .dropcaps import attach_drop_caps
from .regions import place_side_regions
from .records import BASELINE_TOL_EM, SPAN, STYLE_SHARE, Char, Line, PageLines, Rule

WORD_GAP_EM = 0.18             # a gap wider than this between glyphs is a space
SEGMENT_GAP_EM = 1.2           # a gap wider than this splits a row into segments
MARKER_ALLOWANCE_EM = 1.2      # ... unless a space char marks it as a word gap with a marker in it
DUPLICATE_TOL = 0.6            # overprinted (fake bold) glyphs closer than this are one
SUPERSCRIPT_SIZE_RATIO = 0.8   # a superscript is smaller than its line's type by this factor
SUPERSCRIPT_MIN_RISE_EM = 0.12  # ... and its baseline is raised at least this much
SUPERSCRIPT_MAX_RISE_EM = 0.9   # ... but not more than this (else it is a line of its own)
SUPERSCRIPT_REACH_EM = 1.5     # how far left/right of a line a marker may sit
MARKER_MAX_WIDTH_EM = 2.5      # a raised run wider than this (its own em) set apart from a line is not a marker
RTL_SHARE = 0.5                # a line whose strong letters are mostly right-to-left reads that way
_MIRRORED = dict(zip("()[]{}<>«»", ")(][}{><»«"))

BOLD_WORDS = ("bold", "black", "heavy", "semibold", "demi", "extrabold", "ultrabold")
ITALIC_WORDS = ("italic", "oblique", "slanted")
_BOLD_SUFFIX_RE = re.compile(r"[-,_.](bd|b|bi|medi|mediital)$")
_ITALIC_SUFFIX_RE = re.compile(r"([-,_.](it|i|bi)|ital)$")
# Computer Modern / EC / Latin Modern abbreviations: cmbx10, cmb10, cmssbx10, sfbx1000, ecbi1000
_TEX_BOLD_RE = re.compile(r"^(cm|sf|ec|lm)(ss|tt)?(bx|b)(sl|ti|i)?\d")
_TEX_ITALIC_RE = re.compile(r"^(cm|sf|ec|lm)(ss|tt)?(bx|b)?(ti|sl|si|i|it)\d")


def font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) from a font name such as 'ABCDEF+Times-BoldItalic'.

    Beside the spelled-out weights: suffixes ('-Bd', ',BI', '.B'), URW's '-Medi'
    and TeX's abbreviated names ('CMBX10', 'SFTI1000', 'CMSSBX10')."""
    name = fontname.split("+", 1)[-1].lower()
    bold = (any(w in name for w in BOLD_WORDS) or bool(_BOLD_SUFFIX_RE.search(name))
            or bool(_TEX_BOLD_RE.match(name)))
    italic = (any(w in name for w in ITALIC_WORDS) or bool(_ITALIC_SUFFIX_RE.search(name))
              or bool(_TEX_ITALIC_RE.match(name)))
    return bold, italic


def _dedupe(chars: list[Char]) -> list[Char]:
    keys = {(c.text, round(c.x0), round(c.baseline)) for c in chars}
    if len(keys) == len(chars):  # nothing drawn twice at one spot: the usual case
        return chars
    out: list[Char] = []
    seen: dict[tuple, list[float]] = defaultdict(list)
    for c in chars:
        if not c.text.isspace():
            b = round(c.baseline)
            if any(abs(x - c.x0) < DUPLICATE_TOL for k in (b - 1, b, b + 1) for x in seen.get((c.text, k), ())):
                continue
            seen[(c.text, b)].append(c.x0)
        out.append(c)
    return out


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Cluster glyphs by baseline."""
    rows: list[list[Char]] = []
    ref = None
    for c in sorted(chars, key=lambda c: c.baseline):
        if ref is not None and c.baseline - ref <= BASELINE_TOL_EM * max(c.size, 1.0):
            rows[-1].append(c)
        else:
            rows.append([c])
            ref = c.baseline
    return rows


def _segments(row: list[Char]) -> list[list[Char]]:
    row = sorted(row, key=lambda c: c.x0)
    segs: list[list[Char]] = []
    last = None
    for c in row:
        if c.text.isspace():
            if segs:
                segs[-1].append(c)
            continue
        if last is not None and c.x0 - last.x1 <= SEGMENT_GAP_EM * max(c.size, last.size, 1.0):
            segs[-1].append(c)
        else:
            segs.append([c])
        last = c
    return segs


def _bridge_markers(segs: list[list[Char]], smalls: list[Char], small_x: list[float]) -> list[list[Char]]:
    """Rejoin a row's segments split only because a raised marker (in a row of its
    own) sits in the gap: 'technology,"¹¹ While' is one run of text."""
    if len(segs) < 2 or not smalls:
        return segs
    out = [segs[0]]
    for seg in segs[1:]:
        prev = out[-1]
        a = max(c.x1 for c in prev if not c.text.isspace())
        b = min(c.x0 for c in seg)
        size = max(prev[-1].size, seg[0].size, 1.0)
        base = seg[0].baseline
        bridged = False
        if b - a <= (SEGMENT_GAP_EM + MARKER_ALLOWANCE_EM) * size:
            for c in smalls[bisect.bisect_left(small_x, a - 1):bisect.bisect_right(small_x, b)]:
                if (c.size <= SUPERSCRIPT_SIZE_RATIO * size and c.x1 <= b + 1
                        and SUPERSCRIPT_MIN_RISE_EM * size <= base - c.baseline <= SUPERSCRIPT_MAX_RISE_EM * size
                        and c.x0 - a <= SEGMENT_GAP_EM * size):
                    bridged = True
                    break
        if bridged:
            out[-1] = prev + seg
        else:
            out.append(seg)
    return out


def dominant_size(chars) -> float:
    cnt = Counter([c.size for c in chars if not c.text.isspace()])
    if not cnt:
        return 0.0
    halves: Counter = Counter()
    for size, n in cnt.items():
        halves[round(size * 2) / 2] += n
    return halves.most_common(1)[0][0]


def _bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch[:1]) if ch else ""


def _is_rtl(chars: list[Char]) -> bool:
    strong = [c for c in chars if _bidi_class(c.text) in ("L", "R", "AL")]
    return bool(strong) and sum(_bidi_class(c.text) != "L" for c in strong) > RTL_SHARE * len(strong)


def _logical_order(chars: list[Char]) -> list[Char]:
    """Glyphs of a right-to-left line, sorted left to right on the page, in reading
    order: right to left, except runs of left-to-right text (Latin words, numbers),
    which read left to right inside the line.  Brackets outside such runs mirror."""
    seq = chars[::-1]
    ltr = [_bidi_class(c.text) in ("L", "EN", "AN") for c in seq]
    out: list[Char] = []
    k = 0
    while k < len(seq):
        if not ltr[k]:
            c = seq[k]
            out.append(c._replace(text=_MIRRORED.get(c.text, c.text)))
            k += 1
            continue
        j = k
        end = k
        while j < len(seq) and (ltr[j] or _bidi_class(seq[j].text) in ("WS", "CS", "ES", "ET", "ON")):
            if ltr[j]:
                end = j
            j += 1
        out.extend(reversed(seq[k:end + 1]))  # neutrals after the run stay outside it
        k = end + 1
    return out


def _grow(box: list[float], c: Char) -> None:
    box[0], box[1] = min(box[0], c.x0), min(box[1], c.top)
    box[2], box[3] = max(box[2], c.x1), max(box[3], c.bottom)


def _pieces(chars: list[Char], sup: set[int]) -> tuple[list[list], list[list[float]], float,
                                                       list[tuple[float, float]]]:
    """Glyphs in reading order -> (text runs [text, is_superscript], each superscript run's
    box, where the second word starts, the gaps between words).  A space glyph or a gap wider than a word space
    puts one space between words."""
    pieces: list[list] = []
    sup_boxes: list[list[float]] = []
    prev = None
    pending = False
    word2 = 0.0
    gaps: list[tuple[float, float]] = []
    for c in chars:
        if c.text.isspace():
            pending = prev is not None
            continue
        is_sup = id(c) in sup
        gap = max(c.x0 - prev.x1, prev.x0 - c.x1) if prev is not None else 0.0
        if prev is not None and (pending or gap > WORD_GAP_EM * min(c.size, prev.size)):
            word2 = word2 or c.x0
            gaps.append((prev.x1, c.x0))
            if pieces and not pieces[-1][1]:
                pieces[-1][0] += " "
            else:
                pieces.append([" ", False])
        pending = False
        if pieces and pieces[-1][1] == is_sup:
            pieces[-1][0] += c.text
        else:
            pieces.append([c.text, is_sup])
            if is_sup:
                sup_boxes.append([c.x0, c.top, c.x1, c.bottom])
        if is_sup:
            _grow(sup_boxes[-1], c)
        prev = c
    return pieces, sup_boxes, word2, gaps


def _make_line(chars: list[Char], sup: set[int]) -> Line:
    chars = sorted(chars, key=lambda c: c.x0)
    rtl = _is_rtl(chars)
    if rtl:
        chars = _logical_order(chars)
    base = [c for i, c in enumerate(chars) if id(c) not in sup and not c.text.isspace()]
    ink = [c for c in chars if not c.text.isspace()] or chars
    ink_base = base or ink
    size = dominant_size(ink_base) or ink_base[0].size
    pieces, sup_boxes, word2, gaps = _pieces(chars, sup)
    nb = len(ink_base)
    return Line(
        pieces=[(t, s) for t, s in pieces if t],
        # the ink's extent: a run of space glyphs after the last word (typewritten tables
        # pad their cells with them) must not reach into the next cell
        x0=min(c.x0 for c in ink), x1=max(c.x1 for c in ink),
        top=min(c.top for c in chars), bottom=max(c.bottom for c in chars),
        baseline=ink_base[0].baseline if base else chars[0].baseline, size=size,
        bold=sum(c.bold for c in ink_base) >= STYLE_SHARE * nb,
        italic=sum(c.italic for c in ink_base) >= STYLE_SHARE * nb,
        n=len(base), word2=word2, rtl=rtl, gaps=gaps,
        sup_boxes=[(round(a, 2), round(b, 2), round(c, 2), round(d, 2)) for a, b, c, d in sup_boxes],
    )


# a segment as _fold_superscripts sees it: (size, baseline, x0, x1)
SegmentInfo = tuple[float, float, float, float]


def _fold_superscripts(protos: list[list[Char]], cols: list[int]) -> list[Line]:
    """Attach raised small segments to the line below them; the rest are lines.

    ``cols`` is each segment's column (or SPAN).  A marker prefers a line of its own
    column, but may belong to a full-width line whose end lies over a column (a
    table below has made the page look like columns there)."""
    info: list[SegmentInfo] = []
    for seg in protos:
        ink = [c for c in seg if not c.text.isspace()]
        info.append((dominant_size(ink) if ink else 0.0, seg[0].baseline,
                     min(c.x0 for c in seg), max(c.x1 for c in seg)))
    owner = _superscript_owners(info, cols)
    members: dict[int, list[int]] = defaultdict(list)
    for i, j in owner.items():
        while j in owner:  # a marker on a marker: follow to the real line
            j = owner[j]
        members[j].append(i)
    lines = []
    for j, seg in enumerate(protos):
        if j in owner:
            continue
        chars = list(seg)
        sup: set[int] = set()
        for i in members.get(j, ()):
            chars.extend(protos[i])
            sup.update(id(c) for c in protos[i])
        line = _make_line(chars, sup)
        line.col = cols[j]
        lines.append(line)
    return lines


def _superscript_owners(info: list[SegmentInfo], cols: list[int]) -> dict[int, int]:
    """Raised small segment -> the segment it is printed on."""
    owner: dict[int, int] = {}
    biggest = max((t[0] for t in info), default=0.0)
    by_base = sorted(range(len(info)), key=lambda j: info[j][1])
    bases = [info[j][1] for j in by_base]
    for i, (size, base, _x0, _x1) in enumerate(info):
        if size <= 0 or size > SUPERSCRIPT_SIZE_RATIO * biggest:
            continue
        # only segments whose baseline lies a little below this one can carry it
        lo = bisect.bisect_left(bases, base)
        hi = bisect.bisect_right(bases, base + SUPERSCRIPT_MAX_RISE_EM * biggest)
        best = _carrier(i, info, cols, by_base[lo:hi], owner)
        if best is not None:
            owner[i] = best
    return owner


def _carrier(i: int, info: list[SegmentInfo], cols: list[int], near: list[int],
             owner: dict[int, int]) -> Optional[int]:
    """Of the segments ``near`` segment i's baseline, the one it is raised over (its own
    column first, then the smallest rise), or None."""
    size, base, x0, x1 = info[i]
    best, best_rank = None, (True, 0.0)
    for j in near:
        s2, b2, a0, a1 = info[j]
        if j == i or j in owner or s2 <= 0 or size > SUPERSCRIPT_SIZE_RATIO * s2:
            continue
        rise = b2 - base
        if not (SUPERSCRIPT_MIN_RISE_EM * s2 <= rise <= SUPERSCRIPT_MAX_RISE_EM * s2):
            continue
        reach = SUPERSCRIPT_REACH_EM * s2
        if x1 < a0 - reach or x0 > a1 + reach:
            continue
        if _apart(x0, x1, a0, a1, size):
            continue
        rank = (cols[j] != cols[i], rise)
        if best is None or rank < best_rank:
            best, best_rank = j, rank
    return best


def _apart(x0: float, x1: float, a0: float, a1: float, size: float) -> bool:
    """A raised run set off after a line's end by more than a segment gap of its own type,
    and wider than a marker, is text of its own (a side box's date beside a title).  (Before
    a line's start it may still be a footnote's label set apart.)"""
    return x1 - x0 > MARKER_MAX_WIDTH_EM * size and x0 - a1 > SEGMENT_GAP_EM * size


def _row_segments(chars: list[Char], em: float) -> list[tuple[list[Char], float, float]]:
    """(glyphs, x0, x1) of each row piece, raised markers bridged into their words."""
    smalls = sorted((c for c in chars if c.size <= SUPERSCRIPT_SIZE_RATIO * em and not c.text.isspace()),
                    key=lambda c: c.x0)
    small_x = [c.x0 for c in smalls]
    return [(seg, min(c.x0 for c in seg), max(c.x1 for c in seg)) for row in _rows(chars)
            for seg in _bridge_markers(_segments(row), smalls, small_x)]


def _column_of(segs: list[tuple[list[Char], float, float]], gutters: list[tuple[float, float]]) -> list[int]:
    """Column index of each segment, SPAN for one that crosses a gutter."""
    centres = [(a + b) / 2 for a, b in gutters]
    half = [max(1.0, (b - a) / 2 - 1.0) for a, b in gutters]
    return [SPAN if any(x0 < g - h and x1 > g + h for g, h in zip(centres, half))
            else sum(1 for g in centres if (x0 + x1) / 2 > g) for _, x0, x1 in segs]


def build_page(number: int, width: float, height: float, chars: list[Char],
               rules: list[Rule]) -> PageLines:
    """One page's glyphs -> lines in reading order (columns left to right, spans in place)."""
    chars = _dedupe([c for c in chars if c.text])
    if not chars:
        return PageLines(number, width, height, [], rules)
    em = dominant_size(chars) or 10.0
    chars = attach_drop_caps(chars, em)
    segs = _row_segments(chars, em)
    if not segs:
        return PageLines(number, width, height, [], rules)
    left = min(x0 for _, x0, _ in segs)
    right = max(x1 for _, _, x1 in segs)
    total = sum(1 for c in chars if not c.text.isspace())
    gutters, segs = find_columns(segs, em, left, right, total)
    cols = _column_of(segs, gutters)
    lines = _fold_superscripts([seg for seg, _, _ in segs], cols)
    if gutters and SPAN in cols:
        extend_spans(lines)
    ordered = place_side_regions(reading_order(lines), em)
    return PageLines(number, width, height, ordered, rules, columns=len(gutters) + 1)
