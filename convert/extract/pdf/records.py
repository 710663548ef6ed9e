"""Plain records shared by the layout stages (no pdfplumber here), and the few
typographic units every stage uses.  Sizes are in PDF points; "em" means the font
size of the text concerned.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from ...model import Table

BASELINE_TOL_EM = 0.2          # chars whose baselines differ less than this share a row
SMALL_TYPE_RATIO = 0.92        # footnote / header type is at most this times body size
RULE_MAX_HEIGHT = 2.0          # a drawn separator is at most this thick
RULE_MIN_WIDTH = 15.0          # ... and at least this long
PARA_GAP_FACTOR = 1.3          # a baseline step larger than this times the leading ends a paragraph
SIZE_CHANGE = 0.12             # relative size step that separates blocks
STYLE_SHARE = 0.9              # share of glyphs that makes a line/block bold or italic
HEADING_SIZE_RATIO = 1.15      # headings are at least this much larger than body

# glyph coordinates are kept to this many decimals: what a reader computes in float32 (PDFium)
# or float64 (pdfminer) then compares equal, so lines on one baseline keep their order
COORD_DIGITS = 2
COORD_SCALE = 10 ** COORD_DIGITS   # round(v * COORD_SCALE) / COORD_SCALE: the fast way to keep them

BULLETS = "•▪◦●■□➢►–—"
FOOTNOTE_SYMBOLS = "*†‡§¶#"


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

    @property
    def is_thin(self) -> bool:
        """Thin and long enough to be a separator (not a box, a bar or a dot)."""
        return self.bottom - self.top <= RULE_MAX_HEIGHT and self.x1 - self.x0 >= RULE_MIN_WIDTH


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
    word2: float = 0.0   # where the second word starts (0: one word)
    rtl: bool = False    # read right to left (pieces are in reading order)
    # (x0, top, x1, bottom) of each superscript piece, in the order of those pieces; empty
    # when the line was rebuilt without them (a footnote line stripped of its label)
    sup_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    # (end of a word, start of the next) for each space the line's text has, left to right:
    # where the words stand, for the table finder (left to right even when the line reads
    # right to left, so the table finder does not use them then)
    gaps: list[tuple[float, float]] = field(default_factory=list)
    box: int = 0         # the side box (numbered on its page from 1) the line belongs to; 0: none

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
    table: Optional[Table] = None  # kind "table": the model Table (.tables)
    box: int = 0                 # the side box of its page the block belongs to (0: none)

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
