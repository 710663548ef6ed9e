"""Opening a PDF and reading each page into plain records: the only package that imports PDF
libraries.  Two readers give the same records (:mod:`..records`):

* :mod:`.pdfium` (the default): PDFium through pypdfium2, a C parser; several times faster;
* :mod:`.plumber`: pdfplumber over pdfminer, the pure-Python reference.

Each page's glyphs and rules are read once into plain records and the page is closed at once,
so memory stays flat however long the document is; everything after this package works on
those records alone.  (A package rather than one module: each reader is a few hundred lines,
and only these modules may import pdfplumber, pdfminer or pypdfium2.)
"""
from __future__ import annotations

from typing import Iterator, Optional

from ....errors import UnsupportedFormatError
from ....limits import DEFAULT_LIMITS, Limits
from .common import RawPage, document_info

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "RawPage", "document_info", "iter_page_images", "iter_pages"]

BACKENDS = ("pdfium", "pdfplumber")
DEFAULT_BACKEND = "pdfium"


def iter_pages(data: bytes, password: Optional[str] = None, name: Optional[str] = None,
               limits: Limits = DEFAULT_LIMITS, info: Optional[dict[str, str]] = None,
               backend: Optional[str] = None) -> Iterator[RawPage]:
    """Every page as plain records, in order; each page is closed once it is read.
    ``info`` receives the document information dictionary's fields (document_info);
    ``backend`` is one of BACKENDS (default: the one ``limits`` names, else DEFAULT_BACKEND)."""
    chosen = backend or limits.pdf_backend or DEFAULT_BACKEND
    if chosen == "pdfium":
        from . import pdfium
        return pdfium.iter_pages(data, password, name, limits, info)
    if chosen == "pdfplumber":
        from . import plumber
        return plumber.iter_pages(data, password, name, limits, info)
    raise UnsupportedFormatError(f"unknown PDF backend {chosen!r} (expected one of {', '.join(BACKENDS)})")


def iter_page_images(data: bytes, resolution: int, password: Optional[str] = None,
                     name: Optional[str] = None) -> Iterator:
    """Every page rendered as an RGB PIL image at `resolution` dots per inch."""
    from . import plumber
    return plumber.iter_page_images(data, resolution, password=password, name=name)
