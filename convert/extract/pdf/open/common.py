"""What both PDF readers share: the page record, error wording, the header check and the
information dictionary's fields."""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any, Optional

from ....errors import BriefconvError, LimitExceededError, UnsupportedFormatError
from ... import PDF_MAGIC, PDF_MAGIC_WINDOW
from ..records import Char, Rule


@dataclass
class RawPage:
    """One page as read: its size in points and its upright glyphs and thin rules
    (coordinates from the page's top-left corner, y growing downwards)."""
    number: int
    width: float
    height: float
    chars: list[Char]
    rules: list[Rule]


def label(name: Optional[str]) -> str:
    return name or "input"


def reason(e: BaseException) -> str:
    """One line naming what went wrong inside a PDF library."""
    inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
    if type(inner).__name__ == "PSEOF":
        return "unexpected end of file (truncated?)"
    text = str(inner).strip().splitlines()[0] if str(inner).strip() else ""
    text = text[:160]
    kind = type(inner).__name__
    return f"{kind}: {text}" if text else kind


def from_header(data: bytes, name: Optional[str]) -> bytes:
    """The bytes from the %PDF header on (bytes before it, a stray "%%EOF" or mail headers,
    would shift every offset); UnsupportedFormatError without a header."""
    if PDF_MAGIC not in data[:PDF_MAGIC_WINDOW]:
        raise UnsupportedFormatError(f"{label(name)}: not a PDF (no %PDF header)")
    start = data.find(PDF_MAGIC, 0, PDF_MAGIC_WINDOW)
    return data[start:] if start > 0 else data


def extra_args(e: BriefconvError) -> tuple:
    return (e.limit,) if isinstance(e, LimitExceededError) else ()


def glyph_limit(number: int, limit: int) -> LimitExceededError:
    return LimitExceededError(f"page {number} draws more than {limit:,} glyphs; the limit is {limit:,}",
                              "max_glyphs_per_page")


# the fields of the document information dictionary that front matter may fall back on
INFO_KEYS = ("Title", "Subject", "Author")


def document_info(metadata: Any) -> dict[str, str]:
    """Title, Subject and Author of the information dictionary (as the reader decoded it when
    the document was opened) as one-line text; empty when it holds none."""
    out: dict[str, str] = {}
    if not isinstance(metadata, dict):
        return out
    for key in INFO_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = " ".join(value.split())
    return out


# deflate's largest possible ratio of inflated to compressed bytes (RFC 1951 blocks of the
# longest match): a stream shorter than cap / ratio cannot inflate past cap
MAX_DEFLATE_RATIO = 1032
_STREAM_START = re.compile(rb"stream\r?\n")


def check_inflation(data: bytes, cap: int) -> None:
    """LimitExceededError when a Flate stream of the file inflates past ``cap`` bytes: for a
    reader that inflates inside C with no cap of its own.  Only streams long enough to reach
    the cap are inflated, and only until they pass it; encrypted or non-Flate streams are not
    zlib data and are left alone."""
    shortest = cap // MAX_DEFLATE_RATIO
    for m in _STREAM_START.finditer(data):
        end = data.find(b"endstream", m.end())
        if end < 0:
            end = len(data)
        if end - m.end() <= shortest:
            continue
        inflater = zlib.decompressobj()
        total = 0
        try:
            chunk = inflater.decompress(data[m.end():end], cap + 1)
            total += len(chunk)
            while total <= cap and inflater.unconsumed_tail:
                total += len(inflater.decompress(inflater.unconsumed_tail, cap + 1 - total))
        except zlib.error:
            continue
        if total > cap:
            raise LimitExceededError(f"a stream inflates to more than {cap:,} bytes; the limit is {cap:,}",
                                     "max_inflated_bytes")
