"""Pure geometry heuristics over plain character records (no pdfplumber here).

A page goes chars -> rows (baseline clusters) -> segments (split at wide gaps)
-> columns (a vertical gutter with almost no ink) -> lines (superscripts folded
into the line they are raised above).  The document then goes lines -> furniture
(repetition and position) -> footnote zones (bottom, small type, rule or label)
-> paragraphs (gap, indent, style change, short last line) -> headings (size
rank).  Every threshold is a named constant below; sizes are in PDF points and
"em" means the font size of the text concerned.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

# ---------------------------------------------------------------- thresholds

BASELINE_TOL_EM = 0.2          # chars whose baselines differ less than this share a row
WORD_GAP_EM = 0.18             # a gap wider than this between glyphs is a space
SEGMENT_GAP_EM = 1.2           # a gap wider than this splits a row into segments
MARKER_ALLOWANCE_EM = 1.2      # ... unless a space char marks it as a word gap with a marker in it
DUPLICATE_TOL = 0.6            # overprinted (fake bold) glyphs closer than this are one
SUPERSCRIPT_SIZE_RATIO = 0.8   # a superscript is smaller than its line's type by this factor
SUPERSCRIPT_MIN_RISE_EM = 0.12  # ... and its baseline is raised at least this much
SUPERSCRIPT_MAX_RISE_EM = 0.9   # ... but not more than this (else it is a line of its own)
SUPERSCRIPT_REACH_EM = 1.5     # how far left/right of a line a marker may sit
GUTTER_MIN_EM = 0.9            # a column gutter is at least this wide (page body em)
GUTTER_MAX_COVER = 0.12        # ink over the gutter, as a share of the busiest x position
GUTTER_ZONE = (0.2, 0.8)       # gutters lie within this share of the text's width
COLUMN_MIN_SHARE = 0.15        # each column holds at least this share of the page's glyphs
COLUMN_MIN_ROWS = 4            # ... and at least this many rows
WIDE_SEGMENT_SHARE = 0.55      # a run of text this share of the text width is full-width
SPAN_REACH_EM = 1.8            # a short line this close under full-width text may belong to it
HEADER_ZONE = 0.15             # top share of the text box where running headers live
FOOTER_ZONE = 0.15             # bottom share of the text box where running footers live
FURNITURE_EDGE_LINES = 2       # how many lines from the top/bottom may be furniture
FURNITURE_GAP_EM = 0.8         # furniture stands this far (its em) clear of the text
FURNITURE_Y_TOL = 6.0          # repeated furniture sits within this many points
FURNITURE_MIN_PAGES = 2        # ... on at least this many pages
FURNITURE_PAGE_SHARE = 0.3     # ... and this share of the pages
VARYING_HEADER_PAGE_SHARE = 0.5  # small top lines at one height on this share of pages
SMALL_TYPE_RATIO = 0.92        # footnote / header type is at most this times body size
RULE_MAX_HEIGHT = 2.0          # a drawn separator is at most this thick
RULE_MIN_WIDTH = 15.0          # ... and at least this long
FOOTNOTE_MAX_LABEL = 999       # numeric footnote labels have at most three digits
FOOTNOTE_LABEL_JUMP = 3        # a label may skip this many numbers (lost on earlier pages)
PARA_GAP_FACTOR = 1.3          # a baseline step larger than this times the leading ends a paragraph
DEFAULT_LEADING_EM = 1.2       # leading when the document gives no evidence
INDENT_MIN_EM = 0.8            # a first-line indent is at least this wide
INDENT_MAX_EM = 8.0            # ... and at most this wide
CENTRED_TOL = 3.0              # lines whose centres agree this closely are centred
SHORT_LINE_SHARE = 0.25        # a line ending this share short of the column ends a paragraph
SIZE_CHANGE = 0.12             # relative size step that separates blocks
STYLE_SHARE = 0.9              # share of glyphs that makes a line/block bold or italic
HEADING_SIZE_RATIO = 1.15      # headings are at least this much larger than body
HEADING_MAX_LINES = 4
HEADING_MAX_CHARS = 200
BOLD_HEADING_MAX_LINES = 2     # body-size bold blocks this short are headings
BOLD_HEADING_MAX_CHARS = 120
TITLE_ZONE = 0.6               # the title starts in this top share of page 1
TITLE_LABEL_MAX_WORDS = 3      # larger type this short is a label (series name), not the title
MAX_HEADING_LEVEL = 6

BULLETS = "•▪◦●■□➢►–—"
FOOTNOTE_SYMBOLS = "*†‡§¶#"
BOLD_WORDS = ("bold", "black", "heavy", "semibold", "demibold", "extrabold", "ultrabold")
ITALIC_WORDS = ("italic", "oblique", "slanted")

_PAGE_NUMBER_RES = [
    re.compile(r"^[\W_]*(page|p\.|pg\.?|seite|página|pagina)?\s*(\d{1,4}|[ivxlcdm]{1,7})"
               r"(\s*(of|/|von|de)\s*\d{1,4})?[\W_]*$", re.I),
    re.compile(r"^\d{1,4}\s*[|·•–—-]\s*\S.*$"),
    re.compile(r"^.*\S\s*[|·•–—-]\s*(page\s*)?\d{1,4}$", re.I),
]
_GLUED_LABEL_RE = re.compile(r"^(\d{1,3})(?:[.)]\s*|\s+|(?=[^\d\s.,:;%/)\]-]))")
_SYMBOL_LABEL_RE = re.compile(r"^([" + re.escape(FOOTNOTE_SYMBOLS) + r"]{1,3})\s*(?=\S)")
_LONE_LABEL_RE = re.compile(r"^\s*(\d{1,3}|[" + re.escape(FOOTNOTE_SYMBOLS) + r"]{1,3})[.)]?\s*$")
_MARKER_RE = re.compile(r"^[\d" + re.escape(FOOTNOTE_SYMBOLS) + r",\s–-]+$")


# ---------------------------------------------------------------- records


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    italic: bool


class Rule(NamedTuple):
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Line:
    """A line of text: pieces are (text, is_superscript) runs in reading order."""

    pieces: list[tuple[str, bool]]
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float          # dominant size of the non-superscript glyphs
    bold: bool
    italic: bool
    n: int               # number of non-superscript glyphs
    col: int = 0         # column index; SPAN for a line across the gutter

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


SPAN = -1


@dataclass
class PageLines:
    number: int
    width: float
    height: float
    lines: list[Line]            # in reading order
    rules: list[Rule]
    columns: int = 1


@dataclass
class Block:
    kind: str                    # "text" | "heading" | "footnote" | "furniture"
    page: int
    lines: list[Line]
    level: int = 0
    label: Optional[str] = None
    indent: bool = False
    furniture_kind: Optional[str] = None
    size: float = 1.0            # relative to body
    bold: bool = False
    italic: bool = False
    col: int = 0
    right: float = 0.0           # right edge of the column piece the block sits in
    first_in_stream: bool = False
    last_in_stream: bool = False
    more: list["Block"] = field(default_factory=list)  # the same paragraph after page/column breaks

    @property
    def pieces(self) -> list["Block"]:
        return [self] + self.more

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(min(l.x0 for l in self.lines), 2), round(min(l.top for l in self.lines), 2),
                round(max(l.x1 for l in self.lines), 2), round(max(l.bottom for l in self.lines), 2))

    @property
    def text(self) -> str:
        return "\n".join(l.text for l in self.lines)


# ---------------------------------------------------------------- fonts


def font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) from a font name such as 'ABCDEF+Times-BoldItalic'."""
    name = fontname.split("+", 1)[-1].lower()
    bold = any(w in name for w in BOLD_WORDS) or bool(re.search(r"[-,_](bd|b|bi)$", name))
    italic = any(w in name for w in ITALIC_WORDS) or bool(re.search(r"[-,_](it|i|bi)$", name))
    return bold, italic


# ---------------------------------------------------------------- page: chars -> lines


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
    xmax = int(hi_x) + 2
    diff = [0.0] * (xmax - xmin + 2)
    for c in ink:
        h = c.bottom - c.top
        diff[min(max(int(c.x0) - xmin, 0), len(diff) - 1)] += h
        diff[min(max(int(c.x1) - xmin + 1, 0), len(diff) - 1)] -= h
    cover, acc = [], 0.0
    for d in diff:
        acc += d
        cover.append(acc)
    peak = max(cover) or 1.0
    lo = int(GUTTER_ZONE[0] * len(cover))
    hi = int(GUTTER_ZONE[1] * len(cover))
    gutters = []
    start = None
    for i in range(lo, hi + 1):
        empty = i < hi and cover[i] <= GUTTER_MAX_COVER * peak
        if empty and start is None:
            start = i
        elif not empty and start is not None:
            if i - start >= GUTTER_MIN_EM * em:
                gutters.append((start + xmin, i + xmin))
            start = None
    if not gutters:
        return []
    # each column must hold a fair share of the page: drop the gutters beside thin ones
    need = COLUMN_MIN_SHARE * (total or len(ink))
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


def _make_line(chars: list[Char], sup: set[int]) -> Line:
    chars = sorted(chars, key=lambda c: c.x0)
    base = [c for i, c in enumerate(chars) if id(c) not in sup and not c.text.isspace()]
    ink_base = base or [c for c in chars if not c.text.isspace()] or chars
    size = dominant_size(ink_base) or ink_base[0].size
    pieces: list[list] = []
    prev = None
    pending = False
    for c in chars:
        if c.text.isspace():
            pending = prev is not None
            continue
        is_sup = id(c) in sup
        if prev is not None and (pending or c.x0 - prev.x1 > WORD_GAP_EM * min(c.size, prev.size)):
            if pieces and not pieces[-1][1]:
                pieces[-1][0] += " "
            else:
                pieces.append([" ", False])
        pending = False
        if pieces and pieces[-1][1] == is_sup:
            pieces[-1][0] += c.text
        else:
            pieces.append([c.text, is_sup])
        prev = c
    nb = len(ink_base)
    return Line(
        pieces=[(t, s) for t, s in pieces if t],
        x0=min(c.x0 for c in chars), x1=max(c.x1 for c in chars),
        top=min(c.top for c in chars), bottom=max(c.bottom for c in chars),
        baseline=ink_base[0].baseline if base else chars[0].baseline, size=size,
        bold=sum(c.bold for c in ink_base) >= STYLE_SHARE * nb,
        italic=sum(c.italic for c in ink_base) >= STYLE_SHARE * nb,
        n=len(base),
    )


def _fold_superscripts(protos: list[list[Char]]) -> list[Line]:
    """Attach raised small segments to the line below them; the rest are lines."""
    info = []
    for seg in protos:
        ink = [c for c in seg if not c.text.isspace()]
        info.append((dominant_size(ink) if ink else 0.0, seg[0].baseline,
                     min(c.x0 for c in seg), max(c.x1 for c in seg)))
    owner: dict[int, int] = {}
    biggest = max((t[0] for t in info), default=0.0)
    by_base = sorted(range(len(info)), key=lambda j: info[j][1])
    bases = [info[j][1] for j in by_base]
    for i, (size, base, x0, x1) in enumerate(info):
        if size <= 0 or size > SUPERSCRIPT_SIZE_RATIO * biggest:
            continue
        best = None
        # only segments whose baseline lies a little below this one can carry it
        lo = bisect.bisect_left(bases, base)
        hi = bisect.bisect_right(bases, base + SUPERSCRIPT_MAX_RISE_EM * biggest)
        for j in by_base[lo:hi]:
            s2, b2, a0, a1 = info[j]
            if j == i or j in owner or s2 <= 0 or size > SUPERSCRIPT_SIZE_RATIO * s2:
                continue
            rise = b2 - base
            if not (SUPERSCRIPT_MIN_RISE_EM * s2 <= rise <= SUPERSCRIPT_MAX_RISE_EM * s2):
                continue
            reach = SUPERSCRIPT_REACH_EM * s2
            if x1 < a0 - reach or x0 > a1 + reach:
                continue
            if best is None or rise < info[best][1] - base:
                best = j
        if best is not None:
            owner[i] = best
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
        lines.append(_make_line(chars, sup))
    return lines


def build_page(number: int, width: float, height: float, chars: list[Char],
               rules: list[Rule]) -> PageLines:
    """One page's glyphs -> lines in reading order (columns left to right, spans in place)."""
    chars = _dedupe([c for c in chars if c.text])
    if not chars:
        return PageLines(number, width, height, [], rules)
    em = dominant_size(chars) or 10.0
    smalls = sorted((c for c in chars if c.size <= SUPERSCRIPT_SIZE_RATIO * em and not c.text.isspace()),
                    key=lambda c: c.x0)
    small_x = [c.x0 for c in smalls]
    segs = [(seg, min(c.x0 for c in seg), max(c.x1 for c in seg)) for row in _rows(chars)
            for seg in _bridge_markers(_segments(row), smalls, small_x)]
    if not segs:
        return PageLines(number, width, height, [], rules)
    left = min(x0 for _, x0, _ in segs)
    right = max(x1 for _, _, x1 in segs)
    narrow = [c for seg, x0, x1 in segs if x1 - x0 < WIDE_SEGMENT_SHARE * (right - left) for c in seg]
    total = sum(1 for c in chars if not c.text.isspace())
    gutters = find_gutters(narrow, em, (left, right), total)
    centres = [(a + b) / 2 for a, b in gutters]
    half = [max(1.0, (b - a) / 2 - 1.0) for a, b in gutters]
    by_col: dict[int, list[list[Char]]] = defaultdict(list)
    for seg, x0, x1 in segs:
        if any(x0 < g - h and x1 > g + h for g, h in zip(centres, half)):
            by_col[SPAN].append(seg)
        else:
            mid = (x0 + x1) / 2
            by_col[sum(1 for g in centres if mid > g)].append(seg)
    lines: list[Line] = []
    for col, protos in by_col.items():
        for line in _fold_superscripts(protos):
            line.col = col
            lines.append(line)
    if gutters and SPAN in by_col:
        _extend_spans(lines)
    return PageLines(number, width, height, reading_order(lines), rules, columns=len(gutters) + 1)


def _extend_spans(lines: list[Line]) -> None:
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


# ---------------------------------------------------------------- document statistics


def body_size(pages: list[PageLines]) -> float:
    cnt: Counter = Counter()
    for p in pages:
        for l in p.lines:
            cnt[round(l.size * 2) / 2] += l.n
    return cnt.most_common(1)[0][0] if cnt else 10.0


def leadings(pages: list[PageLines]) -> dict[float, float]:
    """Most common baseline step per type size, from consecutive lines of one column."""
    steps: dict[float, Counter] = defaultdict(Counter)
    for p in pages:
        prev = None
        for l in p.lines:
            if prev is not None and prev.col == l.col and abs(prev.size - l.size) < 0.25:
                d = l.baseline - prev.baseline
                if 0.9 * l.size <= d <= 2.2 * l.size:
                    steps[round(l.size * 2) / 2][round(d * 2) / 2] += 1
            prev = l
    return {s: c.most_common(1)[0][0] for s, c in steps.items()}


def _leading(table: dict[float, float], size: float) -> float:
    return table.get(round(size * 2) / 2, DEFAULT_LEADING_EM * size)


# ---------------------------------------------------------------- furniture


def _shape(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def is_page_number(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) <= 80 and any(r.match(t) for r in _PAGE_NUMBER_RES)


def _edge_lines(p: PageLines) -> list[tuple[PageLines, Line, str]]:
    """Top and bottom lines standing clear of the text: furniture candidates.

    The zones are shares of the page's text box, not of the paper, so wide
    margins do not hide running heads.
    """
    ordered = sorted(p.lines, key=lambda l: l.top)
    out = []
    n = len(ordered)
    if not n:
        return out
    top_edge, bottom_edge = ordered[0].top, max(l.bottom for l in ordered)
    span = max(bottom_edge - top_edge, 1.0)
    head_limit = top_edge + HEADER_ZONE * span
    foot_limit = bottom_edge - FOOTER_ZONE * span

    def clear(a: Line, b: Line) -> bool:  # a above b
        return b.top - a.bottom >= FURNITURE_GAP_EM * min(a.size, b.size)

    top = ordered[:FURNITURE_EDGE_LINES]
    for k, l in enumerate(top):
        if l.bottom > head_limit:
            break
        nxt = ordered[k + 1] if k + 1 < n else None
        if nxt is None or clear(l, nxt) or (k + 1 < len(top) and k + 2 < n and clear(nxt, ordered[k + 2])
                                           and nxt.bottom <= head_limit):
            out.append((p, l, "header"))
    for k in range(n - 1, max(-1, n - 1 - FURNITURE_EDGE_LINES), -1):
        l = ordered[k]
        if l.top < foot_limit or any(m is l for _, m, _ in out):
            break
        prv = ordered[k - 1] if k > 0 else None
        if prv is None or clear(prv, l) or (k == n - 1 and k >= 2 and clear(ordered[k - 2], prv)
                                            and prv.top >= foot_limit):
            out.append((p, l, "footer"))
    return out


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
    # headers whose text changes per page: small type at one height on most pages
    tops: dict[int, list[tuple[PageLines, Line]]] = defaultdict(list)
    for p, l, zone in cands:
        if zone == "header" and id(l) not in out and l.size <= SMALL_TYPE_RATIO * body:
            tops[round(l.top / FURNITURE_Y_TOL)].append((p, l))
    for members in tops.values():
        if len(pages) >= 3 and len({p.number for p, _ in members}) >= VARYING_HEADER_PAGE_SHARE * len(pages):
            for p, l in members:
                out[id(l)] = "header"
    return out


# ---------------------------------------------------------------- footnotes


def footnote_label(line: Line, expect: Optional[int]) -> Optional[tuple[str, int]]:
    """(label, number of leading characters it occupies) if the line starts a footnote."""
    if not line.pieces:
        return None
    first, is_sup = line.pieces[0]
    if is_sup:
        lab = first.strip()
        if lab and _MARKER_RE.match(lab) and _plausible(lab, expect):
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


def _rule_between(rules: list[Rule], x0: float, x1: float, top: float, bottom: float) -> Optional[Rule]:
    for r in rules:
        if (r.bottom - r.top <= RULE_MAX_HEIGHT and r.x1 - r.x0 >= RULE_MIN_WIDTH
                and top - 1 <= r.top and r.bottom <= bottom + 1 and r.x1 > x0 - 2 and r.x0 < x1 + 2):
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
        if not (r.bottom - r.top <= RULE_MAX_HEIGHT and r.x1 - r.x0 >= RULE_MIN_WIDTH
                and r.top > mid and r.x1 > x0 and r.x0 < x1):
            continue
        k = next((j for j, l in enumerate(stream) if l.top >= r.bottom - 1), len(stream))
        if 0 < k < best and all(l.size <= body * (1 + SIZE_CHANGE / 4) for l in stream[k:]):
            best = k
    return best


def split_footnote_zone(stream: list[Line], rules: list[Rule], body: float, lead: float,
                        expect: Optional[int], pending: bool = False,
                        prior_bottom: Optional[float] = None
                        ) -> tuple[list[Line], list[tuple[Optional[str], int, list[Line]]]]:
    """(body lines, footnotes) of one column: footnotes are (label, label_len, lines).

    ``pending``: the previous column or page ended in a footnote, so small type
    set well apart at the bottom may continue it without a rule or label.
    ``prior_bottom``: where text above this piece ends on the page (full-width
    footnotes under two columns are a piece of their own).
    """
    i = len(stream)
    while i > 0 and stream[i - 1].size <= SMALL_TYPE_RATIO * body and not stream[i - 1].bold:
        i -= 1
    if i == len(stream):
        i = _zone_under_rule(stream, rules, body)
    zone = stream[i:]
    if not zone:
        return stream, []
    above = stream[:i]
    x0 = min(l.x0 for l in zone)
    x1 = max(l.x1 for l in zone)
    ceiling = above[-1].bottom if above else zone[0].top - 3 * lead
    rule = _rule_between(rules, x0, x1, ceiling, zone[-1].top)
    if rule is not None:
        k = 0
        while k < len(zone) and zone[k].top < rule.top:
            k += 1
        above, zone = above + zone[:k], zone[k:]
    notes: list[tuple[Optional[str], int, list[Line]]] = []
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
    if above:
        apart = zone[0].baseline - above[-1].baseline > PARA_GAP_FACTOR * lead
    else:
        apart = prior_bottom is not None and zone[0].top - prior_bottom > (PARA_GAP_FACTOR - 1) * lead
    context = bool(above) or prior_bottom is not None
    # unlabelled small type continues a footnote only when one is running on
    continues = pending and (rule is not None or apart)
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


# ---------------------------------------------------------------- paragraphs


def _starts_paragraph(prev: Line, cur: Line, first_of_block: Line, left: float, right: float,
                      lead_table: dict[float, float], body: float = 0.0) -> tuple[bool, bool]:
    """(new block?, indented?) for cur following prev in one column."""
    size = max(prev.size, cur.size)
    em = cur.size or 10.0
    indent = INDENT_MIN_EM * em <= cur.x0 - left <= INDENT_MAX_EM * em
    centred = abs(prev.centre - cur.centre) <= CENTRED_TOL and (
        prev.x0 - left > INDENT_MIN_EM * em or cur.x0 - left > INDENT_MIN_EM * em)
    if cur.baseline - prev.baseline > PARA_GAP_FACTOR * _leading(lead_table, size):
        return True, indent
    if cur.baseline - prev.baseline < 0:  # back up the page: a new column piece
        return True, indent
    if abs(prev.size - cur.size) > SIZE_CHANGE * size:
        return True, indent
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
    width = right - left
    display = (prev.bold and cur.bold) or (body and cur.size >= HEADING_SIZE_RATIO * body)
    if (not display and width > 0 and right - prev.x1 > SHORT_LINE_SHARE * width and t[:1].isupper()
            and not prev.text.rstrip().endswith("-")):
        return True, indent
    return False, False


def paragraphs(stream: list[Line], lead_table: dict[float, float],
               body: float = 0.0) -> list[tuple[list[Line], bool]]:
    if not stream:
        return []
    left = min(l.x0 for l in stream)
    right = max(l.x1 for l in stream)
    out: list[tuple[list[Line], bool]] = [([stream[0]], INDENT_MIN_EM * stream[0].size <= stream[0].x0 - left
                                           <= INDENT_MAX_EM * stream[0].size)]
    for prev, cur in zip(stream, stream[1:]):
        new, ind = _starts_paragraph(prev, cur, out[-1][0][0], left, right, lead_table, body)
        if new:
            out.append(([cur], ind))
        else:
            out[-1][0].append(cur)
    return out


# ---------------------------------------------------------------- document


def _streams(lines: list[Line]) -> list[list[Line]]:
    """Consecutive runs of lines in one column (reading order preserved)."""
    out: list[list[Line]] = []
    for l in lines:
        if out and out[-1][-1].col == l.col:
            out[-1].append(l)
        else:
            out.append([l])
    return out


def _block_style(lines: list[Line], body: float) -> tuple[float, bool, bool]:
    n = sum(max(l.n, 1) for l in lines)
    sizes: Counter = Counter()
    for l in lines:
        sizes[l.size] += max(l.n, 1)
    size = sizes.most_common(1)[0][0]
    bold = sum(max(l.n, 1) for l in lines if l.bold) >= STYLE_SHARE * n
    italic = sum(max(l.n, 1) for l in lines if l.italic) >= STYLE_SHARE * n
    return round(size / body, 3) if body else 1.0, bold, italic


def _is_heading(b: Block) -> bool:
    text = b.text.strip()
    if not text or len(text) > HEADING_MAX_CHARS or len(b.lines) > HEADING_MAX_LINES:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    if b.size >= HEADING_SIZE_RATIO:
        return True
    return (b.bold and b.size >= 1 - SIZE_CHANGE and len(b.lines) <= BOLD_HEADING_MAX_LINES
            and len(text) <= BOLD_HEADING_MAX_CHARS and not text.endswith((".", ",", ";", ":")))


def analyse(pages: list[PageLines]) -> list[Block]:
    """Lines of every page -> blocks in reading order with kinds, labels and levels."""
    body = body_size(pages)
    lead_table = leadings(pages)
    furniture = find_furniture(pages, body)
    blocks: list[Block] = []
    expect: Optional[int] = None
    pending = False
    for p in pages:
        head, tail, rest = [], [], []
        for l in p.lines:
            kind = furniture.get(id(l))
            if kind is None:
                rest.append(l)
            elif kind == "header" or (kind == "page-number" and l.top < p.height / 2):
                head.append((l, kind))
            else:
                tail.append((l, kind))
        for l, kind in sorted(head, key=lambda t: t[0].top):
            blocks.append(_furniture(p.number, l, kind, body))
        notes_here: list[Block] = []
        streams = _streams(rest)
        # each column piece has its own footnote zone; full-width notes under columns are a piece
        for k, stream in enumerate(streams):
            top = min(l.top for l in stream)
            prior = [l.bottom for st in streams[:k] for l in st if l.bottom <= top]
            body_lines, notes = split_footnote_zone(stream, p.rules, body, _leading(lead_table, body),
                                                    expect, pending, max(prior) if prior else None)
            if notes:
                pending = True
            elif body_lines:
                pending = False
            for label, skip, nl in notes:
                b = Block("footnote", p.number, nl, label=label, col=stream[0].col)
                b.size, b.bold, b.italic = _block_style(nl, body)
                b.lines = _strip_label(nl, skip)
                notes_here.append(b)
                if label and label.isdigit():
                    expect = int(label) + 1
            paras = paragraphs(body_lines, lead_table, body)
            right = max((l.x1 for l in body_lines), default=0.0)
            for j, (para, indent) in enumerate(paras):
                b = Block("text", p.number, para, indent=indent, col=stream[0].col, right=right,
                          first_in_stream=j == 0, last_in_stream=j == len(paras) - 1)
                b.size, b.bold, b.italic = _block_style(para, body)
                blocks.append(b)
        blocks.extend(notes_here)
        for l, kind in sorted(tail, key=lambda t: t[0].top):
            blocks.append(_furniture(p.number, l, kind, body))
    _assign_headings(blocks, pages, body)
    return join_across_breaks(blocks)


def _continues(tail: Block, head: Block, nxt: Block) -> bool:
    """Does nxt, first in its column piece, carry on the paragraph whose last piece is tail?"""
    if nxt.indent or nxt.bold != head.bold or nxt.italic != head.italic:
        return False
    if abs(nxt.size - head.size) > SIZE_CHANGE / 2:
        return False
    last = tail.lines[-1]
    text = last.text.rstrip()
    if text.endswith("-"):
        return True
    first = nxt.lines[0].text.strip()
    if not first or not text:
        return False
    word = first.split()[0]
    per_char = (nxt.lines[0].x1 - nxt.lines[0].x0) / max(1, len(nxt.lines[0].text))
    # the paragraph went on if its next word would not have fitted on the last line
    return tail.right - last.x1 < (len(word) + 1) * per_char


def join_across_breaks(blocks: list[Block]) -> list[Block]:
    """Attach a paragraph's pieces after page and column breaks to its first piece.

    Only the geometry can tell a paragraph broken at a sentence end from two
    paragraphs: its last line runs to the column edge (the next word did not fit)
    and the next piece starts flush, in the same type.
    """
    out: list[Block] = []
    open_: Optional[Block] = None
    for b in blocks:
        if b.kind in ("footnote", "furniture"):
            out.append(b)
            continue
        if (b.kind == "text" and open_ is not None and b.first_in_stream
                and _continues(open_.pieces[-1], open_, b)):
            open_.more.append(b)
            if not b.last_in_stream:
                open_ = None
            continue
        out.append(b)
        open_ = b if (b.kind == "text" and b.last_in_stream) else None
    return out


def _furniture(page: int, line: Line, kind: str, body: float) -> Block:
    b = Block("furniture", page, [line], furniture_kind=kind, col=line.col)
    b.size, b.bold, b.italic = _block_style([line], body)
    return b


def _strip_label(lines: list[Line], skip: int) -> list[Line]:
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


def _assign_headings(blocks: list[Block], pages: list[PageLines], body: float) -> None:
    heights = {p.number: p.height for p in pages}
    first_page = min(heights) if heights else 1
    cands = [b for b in blocks
             if b.kind == "text" and b.page == first_page and b.size >= HEADING_SIZE_RATIO
             and b.bbox[1] <= TITLE_ZONE * heights[b.page] and _is_heading(b)]
    # the largest type near the top of page 1 -- unless that is a capitalised label
    # of a word or three set above a longer heading (a series name: "ISSUE BRIEF")
    title = max(cands, key=lambda b: b.size) if cands else None
    if (title is not None and len(title.text.split()) <= TITLE_LABEL_MAX_WORDS
            and title.text.isupper()):
        below = [b for b in cands if b.bbox[1] > title.bbox[3] and len(b.text.split()) > TITLE_LABEL_MAX_WORDS]
        if below:
            title = max(below, key=lambda b: b.size)
    heads = [b for b in blocks if b.kind == "text" and b is not title and _is_heading(b)]
    def key(b: Block) -> float:  # half-point steps of the printed size
        return round(b.size * body * 2) / 2

    ranks = sorted({key(b) for b in heads}, reverse=True)
    for b in heads:
        b.kind = "heading"
        b.level = min(MAX_HEADING_LEVEL, 2 + ranks.index(key(b)))
    if title is not None:
        title.kind = "heading"
        title.level = 1
