"""PDF-derived text (Markdown-like converter output, pdftotext, plain) -> [SourceBlock]."""
from __future__ import annotations

import re
import statistics
from typing import Optional

from ..source import SourceBlock
from .markdown import MarkdownReader
from .paged import UNWRAPPED_MEDIAN, Paged

__all__ = ["detect_flavour", "extract_text"]

MARKDOWN_MIN_SIGNALS = 2
MD_SIGNALS = [re.compile(p, re.MULTILINE) for p in (
    r"^\s{0,3}#{1,6}\s+\S", r"<sup>", r"\*\*\S", r"\[\^[^\]\s]+\]", r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$",
    r"^\s{0,3}>\s", r"\\[*$_#\[\]]", r"(?:^|\s)\*[^*\s][^\n]*\*(?:\s|$)", r"\[[^\]\n]+\]\([^)\s]+\)",
    r"(?:^|\s)_[^_\n]+_(?:\s|$)", r"<https?://")]


# ---------------------------------------------------------------- flavour


def detect_flavour(text: str) -> str:
    """'markdown' when Markdown markup is seen, 'pdftotext' for wrapped or paged text, else 'plain'."""
    sample = text[:200_000]
    signals = sum(1 for rx in MD_SIGNALS if rx.search(sample))
    strong = re.search(r"<sup>|\[\^[^\]\s]+\]|^\s{0,3}#{1,6}\s+\S", sample, re.MULTILINE)
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
        return MarkdownReader(text).blocks()
    return Paged(text, plain=(flavour == "plain")).blocks()
