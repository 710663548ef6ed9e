"""Work budgets for one document: defaults that no real document reaches, so that a hostile or
broken input fails with one line naming the limit instead of running for hours or taking all
the memory.  Every stage reads the same record; the CLI exposes the ones worth changing."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Limits:
    # glyphs one PDF page may draw (a dense page of 6 pt type has about 20,000)
    max_glyphs_per_page: int = 200_000
    # bytes one PDF stream may inflate to (content streams are rarely over a few MB)
    max_inflated_bytes: int = 256 << 20
    # nesting depth of our own JSON and of the documents the writers and validators walk
    max_depth: int = 64
    # the PDF reader ("pdfium" or "pdfplumber"; None: the default, extract/pdf/open): not a
    # budget, but a reading choice that travels with the budgets to every batch worker
    pdf_backend: Optional[str] = None


DEFAULT_LIMITS = Limits()
