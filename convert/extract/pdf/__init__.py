"""PDF -> [SourceBlock]: read each page into plain records (:mod:`.open`), group its glyphs
into lines (:mod:`.lines`), then lines of all pages into blocks (:mod:`.assemble`) and
blocks into source blocks with inline content (:mod:`.inline`)."""
from __future__ import annotations

from typing import NamedTuple, Optional

from ...errors import DamagedPDFError, NoTextLayerError
from ...limits import DEFAULT_LIMITS, Limits
from ..source import SourceBlock
from .assemble import analyse
from .inline import to_source_block
from .lines import build_page
from .open import iter_pages
from .records import PageLines

__all__ = ["PdfExtract", "extract_pdf"]

# fewer glyphs than this per page on average (and in all) is no text layer
NO_TEXT_MIN_CHARS = 20
NO_TEXT_MIN_CHARS_PER_PAGE = 5
NO_TEXT_MAX_CHARS = 200


def read_pages(data: bytes, password: Optional[str] = None, name: Optional[str] = None,
               limits: Limits = DEFAULT_LIMITS, info: Optional[dict[str, str]] = None) -> list[PageLines]:
    """Every page as plain line records; each page's PDF objects are released once it is read
    (``info`` receives the document information dictionary's fields)."""
    pages = [build_page(raw.number, raw.width, raw.height, raw.chars, raw.rules)
             for raw in iter_pages(data, password=password, name=name, limits=limits, info=info)]
    glyphs = sum(line.n for p in pages for line in p.lines)
    if glyphs < max(NO_TEXT_MIN_CHARS, NO_TEXT_MIN_CHARS_PER_PAGE * len(pages)) and glyphs < NO_TEXT_MAX_CHARS:
        raise NoTextLayerError(f"{name or 'input'}: no text layer (scanned?): OCR is needed")
    return pages


class PdfExtract(NamedTuple):
    blocks: list[SourceBlock]               # in reading order
    page_sizes: list[tuple[float, float]]   # each page's (width, height) in points
    info: dict[str, str]                    # Title, Subject, Author of the information dictionary


def extract_pdf(data: bytes, password: Optional[str] = None, name: Optional[str] = None,
                limits: Limits = DEFAULT_LIMITS) -> PdfExtract:
    """PDF bytes -> source blocks, page sizes and document information, in one reading."""
    info: dict[str, str] = {}
    pages = read_pages(data, password=password, name=name, limits=limits, info=info)
    try:
        blocks = analyse(pages)
    except RecursionError:
        raise DamagedPDFError(f"{name or 'input'}: layout too complex to analyse") from None
    return PdfExtract([to_source_block(b) for b in blocks], [(p.width, p.height) for p in pages], info)
