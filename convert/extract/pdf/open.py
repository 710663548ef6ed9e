"""Opening a PDF and reading each page into plain records: the only module that imports
pdfplumber or pdfminer.

Each page's chars and rules are read once into plain records (:mod:`.records`) and the
page's caches are dropped at once, so memory stays flat however long the document is;
everything after this module works on those records alone.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from ...errors import DamagedPDFError, EncryptedPDFError, UnsupportedFormatError
from .. import PDF_MAGIC, PDF_MAGIC_WINDOW
from .lines import font_style
from .records import Char, Rule

# an ICC profile names its colour space at these bytes of its header (ICC.1, 7.2.6)
ICC_SPACE_BYTES = slice(16, 20)
ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"Lab ": 3, b"XYZ ": 3, b"CMYK": 4}
ICC_DEFAULT_COMPONENTS = 3
RESOURCE_DEPTH = 4            # form XObjects nest resources; deeper ones are left alone


@dataclass
class RawPage:
    """One page as read: its size in points and its upright glyphs and thin rules
    (coordinates from the page's top-left corner, y growing downwards)."""
    number: int
    width: float
    height: float
    chars: list[Char]
    rules: list[Rule]


# ---------------------------------------------------------------- opening


def _label(name: Optional[str]) -> str:
    return name or "input"


def _reason(e: BaseException) -> str:
    inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
    if type(inner).__name__ == "PSEOF":
        return "unexpected end of file (truncated?)"
    text = str(inner).strip().splitlines()[0] if str(inner).strip() else ""
    text = text[:160]
    kind = type(inner).__name__
    return f"{kind}: {text}" if text else kind


def _quiet_parser_logs() -> None:
    # pdfminer logs every recoverable oddity (bad colours, repaired streams) as a
    # warning; we report what matters as typed errors instead
    for logger in ("pdfminer", "pdfplumber"):
        lg = logging.getLogger(logger)
        if lg.level == logging.NOTSET:
            lg.setLevel(logging.ERROR)


def _open(data: bytes, password: Optional[str], name: Optional[str]):
    label = _label(name)
    _quiet_parser_logs()
    if PDF_MAGIC not in data[:PDF_MAGIC_WINDOW]:
        raise UnsupportedFormatError(f"{label}: not a PDF (no %PDF header)")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    # bytes before the header (a stray "%%EOF", mail headers): offsets count from the header
    start = data.find(PDF_MAGIC, 0, PDF_MAGIC_WINDOW)
    if start > 0:
        data = data[start:]
    try:
        return pdfplumber.open(io.BytesIO(data), password=password, raise_unicode_errors=False)
    except Exception as e:  # pdfplumber wraps pdfminer's errors in PdfminerException
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
        if isinstance(inner, PDFPasswordIncorrect):
            if password:
                raise EncryptedPDFError(f"{label}: encrypted PDF: wrong password") from None
            raise EncryptedPDFError(f"{label}: encrypted PDF: a password is needed (--password)") from None
        if isinstance(inner, PDFEncryptionError):
            raise EncryptedPDFError(f"{label}: encrypted PDF: unsupported encryption ({_reason(e)})") from None
        raise DamagedPDFError(f"{label}: damaged PDF ({_reason(e)})") from None


def _page_records(page: Any, number: int) -> RawPage:
    height = float(page.height)
    objs = page.objects
    chars: list[Char] = []
    styles: dict[str, tuple[bool, bool]] = {}
    for c in objs.get("char", ()):
        if not c.get("upright", True):
            continue
        text = c.get("text") or ""
        if not text:
            continue
        font = c.get("fontname") or ""
        if not isinstance(font, str):
            font = str(font)
        style = styles.get(font)
        if style is None:
            style = styles[font] = font_style(font)
        top, bottom = float(c["top"]), float(c["bottom"])
        size = float(c.get("size") or 0) or (bottom - top) or 1.0
        m = c.get("matrix")
        if m and "y1" in c:
            baseline = top + float(c["y1"]) - float(m[5])
        else:
            baseline = bottom
        if not (top - size <= baseline <= bottom + size):  # odd matrices: fall back on the box
            baseline = bottom
        chars.append(Char(text, float(c["x0"]), float(c["x1"]), top, bottom, baseline,
                                 round(size, 2), style[0], style[1]))
    rules: list[Rule] = []
    for kind in ("line", "rect", "curve"):  # some producers draw the separator as a path
        for o in objs.get(kind, ()):
            try:
                r = Rule(float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))
            except (KeyError, TypeError, ValueError):
                continue
            if r.is_thin:
                rules.append(r)
    return RawPage(number, float(page.width), height, chars, rules)


def iter_pages(data: bytes, password: Optional[str] = None, name: Optional[str] = None) -> Iterator[RawPage]:
    """Every page as plain records, in order; pdfplumber's objects are released page by page."""
    label = _label(name)
    pdf = _open(data, password, name)
    try:
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise DamagedPDFError(f"{label}: damaged PDF ({_reason(e)})") from None
        if n == 0:
            raise DamagedPDFError(f"{label}: damaged PDF (no pages)")
        for i in range(n):
            yield _read_page(pdf.pages[i], i + 1, label)
    finally:
        try:
            pdf.close()
        except Exception:
            pass


def _read_page(page: Any, number: int, label: str) -> RawPage:
    try:
        try:
            return _page_records(page, number)
        except Exception:
            # an ICC colour space without its required /N stops pdfminer before any
            # text: supply /N from the profile and read the page again
            if not _repair_icc_colour_spaces(page.page_obj.resources):
                raise
            return _page_records(page, number)
    except RecursionError:
        raise DamagedPDFError(f"{label}: damaged PDF (page {number}: nesting too deep)") from None
    except Exception as e:
        raise DamagedPDFError(f"{label}: damaged PDF (page {number}: {_reason(e)})") from None
    finally:
        page.close()


def iter_page_images(data: bytes, resolution: int, password: Optional[str] = None,
                     name: Optional[str] = None) -> Iterator[Any]:
    """Every page rendered as an RGB PIL image at `resolution` dots per inch."""
    label = _label(name)
    pdf = _open(data, password, name)
    try:
        for i in range(len(pdf.pages)):
            page = pdf.pages[i]
            try:
                img = page.to_image(resolution=resolution).original.convert("RGB")
            except Exception as e:
                raise DamagedPDFError(f"{label}: cannot render page {i + 1} ({_reason(e)})") from None
            finally:
                page.close()
            yield img
    finally:
        pdf.close()


def _repair_icc_colour_spaces(resources, depth: int = 0) -> bool:
    """Give each ICCBased colour space stream lacking /N the component count its profile
    header names; True when one was repaired."""
    from pdfminer.pdftypes import PDFStream, resolve1
    try:
        resources = resolve1(resources)
        if not isinstance(resources, dict):
            return False
        repaired = False
        spaces = resolve1(resources.get("ColorSpace"))
        for spec in (spaces.values() if isinstance(spaces, dict) else ()):
            spec = resolve1(spec)
            if not (isinstance(spec, list) and len(spec) >= 2):
                continue
            stream = resolve1(spec[1])
            if getattr(spec[0], "name", None) == "ICCBased" and isinstance(stream, PDFStream) \
                    and "N" not in stream.attrs:
                stream.attrs["N"] = _icc_components(stream)
                repaired = True
        if depth < RESOURCE_DEPTH:
            forms = resolve1(resources.get("XObject"))
            for xobj in (forms.values() if isinstance(forms, dict) else ()):
                xobj = resolve1(xobj)
                if isinstance(xobj, PDFStream) and "Resources" in xobj.attrs:
                    repaired |= _repair_icc_colour_spaces(xobj.attrs["Resources"], depth + 1)
        return repaired
    except Exception:  # a repair that fails leaves the first error to be reported
        return False


def _icc_components(stream) -> int:
    try:
        header = stream.get_data()[:ICC_SPACE_BYTES.stop]
    except Exception:
        return ICC_DEFAULT_COMPONENTS
    return ICC_COMPONENTS.get(header[ICC_SPACE_BYTES], ICC_DEFAULT_COMPONENTS)


