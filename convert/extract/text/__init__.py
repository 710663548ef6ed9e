"""PDF-derived text (Markdown-like converter output, pdftotext, plain) -> [SourceBlock]."""
from __future__ import annotations

import re
import statistics
from typing import Optional

from ..source import SourceBlock
from .backmatter import mark_back_matter
from .markdown import MarkdownReader
from .markers import link_text_markers
from .paged import UNWRAPPED_MEDIAN, Paged

__all__ = ["detect_flavour", "extract_text"]

MARKDOWN_MIN_SIGNALS = 2
# Every repetition that can meet its own opening character again is bounded: unbounded, a
# megabyte of "[" cost a quadratic minute in one search.  Real link texts and emphasised
# spans are far shorter than the bounds.
SPAN = 300
MD_SIGNALS = [re.compile(p, re.MULTILINE) for p in (
    r"^\s{0,3}#{1,6}\s+\S", r"<sup>", r"\*\*\S", r"\[\^[^\]\s]{1,%d}\]" % SPAN,
    r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$",
    r"^\s{0,3}>\s", r"\\[*$_#\[\]]", r"(?:^|\s)\*[^*\s][^\n]{0,%d}?\*(?:\s|$)" % SPAN,
    r"\[[^\[\]\n]{1,%d}\]\([^)\s]{1,%d}\)" % (SPAN, SPAN),
    r"(?:^|\s)_[^_\n]{1,%d}_(?:\s|$)" % SPAN, r"<https?://")]
STRONG_MD_SIGNAL = re.compile(r"<sup>|\[\^[^\]\s]{1,%d}\]|^\s{0,3}#{1,6}\s+\S" % SPAN, re.MULTILINE)


# ---------------------------------------------------------------- flavour


def detect_flavour(text: str) -> str:
    """'markdown' when Markdown markup is seen, 'pdftotext' for wrapped or paged text, else 'plain'."""
    sample = text[:200_000]
    signals = sum(1 for rx in MD_SIGNALS if rx.search(sample))
    strong = STRONG_MD_SIGNAL.search(sample)
    if signals >= MARKDOWN_MIN_SIGNALS or (strong and signals >= 1 and "\f" not in sample):
        return "markdown"
    if "\f" in sample:
        return "pdftotext"
    lengths = [len(x.strip()) for x in sample.split("\n") if x.strip()]
    if not lengths:
        return "plain"
    median = statistics.median(lengths)
    blank = sample.count("\n\n")
    if median < UNWRAPPED_MEDIAN and len(lengths) > 2 * (blank + 1):
        return "pdftotext"
    return "plain"


def extract_text(text: str, flavour: Optional[str] = None) -> list[SourceBlock]:
    """Blocks in reading order, with 1-based source line ranges."""
    flavour = flavour or detect_flavour(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if flavour == "markdown":
        blocks = MarkdownReader(text).blocks()
    else:
        blocks = Paged(text, plain=(flavour == "plain")).blocks()
        link_text_markers(blocks)
    mark_back_matter(blocks)
    return blocks
