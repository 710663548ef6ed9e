"""The pdfplumber reader (pdfplumber over pdfminer, pure Python): the reference the PDFium
reader is checked against, and the renderer behind ``briefconv inspect``.

Each page's chars and rules are read once into plain records (:mod:`..records`) and the
page's caches are dropped at once, so memory stays flat however long the document is.
"""
from __future__ import annotations

import io
import logging
from functools import lru_cache
import re
import zlib
from typing import Any, Iterator, Optional

from ....errors import BriefconvError, DamagedPDFError, EncryptedPDFError, LimitExceededError
from ....limits import DEFAULT_LIMITS, Limits
from ..lines import font_style
from ..records import COORD_SCALE as SCALE, Char, Rule
from .common import RawPage, document_info, extra_args, from_header, glyph_limit, label, reason

# an ICC profile names its colour space at these bytes of its header (ICC.1, 7.2.6)
ICC_SPACE_BYTES = slice(16, 20)
ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"Lab ": 3, b"XYZ ": 3, b"CMYK": 4}
ICC_DEFAULT_COMPONENTS = 3
RESOURCE_DEPTH = 4            # form XObjects nest resources; deeper ones are left alone
# an indirect object that is only a reference to another: real files chain one or two
MAX_REFERENCE_CHAIN = 32
# where the trailer's startxref must stand for pdfminer to read the cross-reference table
# directly; without it pdfminer rebuilds the table by reading the file line by line
TRAILER_WINDOW = 2048
# a "line" this long makes pdfminer's line-by-line repair quadratic (32 MB of NUL bytes: 80 s)
MAX_REPAIR_LINE = 1 << 20
LONG_LINE = re.compile(rb"[^\r\n]{%d}" % MAX_REPAIR_LINE)


class PDFReferenceLoop(Exception):
    """Indirect objects that refer to each other and never to a value (20 0 R -> 21 0 R -> 20 0 R)."""




# ---------------------------------------------------------------- opening


def _quiet_parser_logs() -> None:
    # pdfminer logs every recoverable oddity (bad colours, repaired streams) as a
    # warning; we report what matters as typed errors instead
    for logger in ("pdfminer", "pdfplumber"):
        lg = logging.getLogger(logger)
        if lg.level == logging.NOTSET:
            lg.setLevel(logging.ERROR)


def _guard_reference_loops() -> None:
    """pdfminer follows a chain of references (resolve1) until it meets a value, so a loop of
    references never ends.  Follow such chains inside getobj instead, with a visited set, and
    raise on a loop: every resolution in pdfminer and pdfplumber then stops."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdftypes import PDFObjRef
    plain_getobj = PDFDocument.getobj
    if getattr(plain_getobj, "loop_guarded", False):
        return

    def getobj(self: Any, objid: int) -> object:
        obj = plain_getobj(self, objid)
        seen = [objid]
        while isinstance(obj, PDFObjRef):
            if obj.objid in seen or len(seen) > MAX_REFERENCE_CHAIN:
                chain = " -> ".join(str(o) for o in seen + [obj.objid])
                raise PDFReferenceLoop(f"objects refer to each other in a loop ({chain})")
            seen.append(obj.objid)
            obj = plain_getobj(self, obj.objid)
        return obj

    getobj.loop_guarded = True  # type: ignore[attr-defined]
    PDFDocument.getobj = getobj  # type: ignore[method-assign]


class _BoundedZlib:
    """Stands in for the zlib module inside pdfminer's stream decoder: inflating stops with
    LimitExceededError once a stream passes ``cap`` bytes (a 3 MB file can inflate to 3 GB)."""

    error = zlib.error

    def __init__(self, cap: int):
        self.cap = cap

    def decompress(self, data: bytes) -> bytes:
        inflater = self.decompressobj()
        out = inflater.decompress(data)
        if not inflater.eof:  # as zlib.decompress does: pdfminer then tries its repair path
            raise zlib.error("incomplete or truncated stream")
        return out

    def decompressobj(self) -> "_BoundedInflater":
        return _BoundedInflater(self.cap)


class _BoundedInflater:
    def __init__(self, cap: int):
        self.cap = cap
        self.inflater = zlib.decompressobj()
        self.total = 0

    @property
    def eof(self) -> bool:
        return self.inflater.eof

    def decompress(self, data: bytes) -> bytes:
        out = self.inflater.decompress(data, self.cap + 1 - self.total)
        self.total += len(out)
        if self.total > self.cap or self.inflater.unconsumed_tail:
            raise LimitExceededError(f"a stream inflates to more than {self.cap:,} bytes; the limit is "
                                     f"{self.cap:,}", "max_inflated_bytes")
        return out


def _bound_inflation(cap: int) -> None:
    from pdfminer import pdftypes
    pdftypes.zlib = _BoundedZlib(cap)  # type: ignore[assignment]


def _open(data: bytes, password: Optional[str], name: Optional[str],
          limits: Limits = DEFAULT_LIMITS) -> Any:
    where = label(name)
    _quiet_parser_logs()
    _guard_reference_loops()
    _bound_inflation(limits.max_inflated_bytes)
    data = from_header(data, name)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    if b"startxref" not in data[-TRAILER_WINDOW:] and LONG_LINE.search(data):
        raise DamagedPDFError(f"{where}: damaged PDF (no cross-reference table to read, and a line of more "
                              f"than {MAX_REPAIR_LINE:,} bytes to rebuild it from)")
    try:
        return pdfplumber.open(io.BytesIO(data), password=password, raise_unicode_errors=False)
    except Exception as e:  # pdfplumber wraps pdfminer's errors in PdfminerException
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
        if isinstance(inner, BriefconvError):  # a limit met while reading the document's objects
            raise type(inner)(f"{where}: {inner}", *extra_args(inner)) from None
        if isinstance(inner, MemoryError):
            raise inner from None
        if isinstance(inner, PDFPasswordIncorrect):
            if password:
                raise EncryptedPDFError(f"{where}: encrypted PDF: wrong password") from None
            raise EncryptedPDFError(f"{where}: encrypted PDF: a password is needed") from None
        if isinstance(inner, PDFEncryptionError):
            raise EncryptedPDFError(f"{where}: encrypted PDF: unsupported encryption ({reason(e)})") from None
        raise DamagedPDFError(f"{where}: damaged PDF ({reason(e)})") from None


@lru_cache(maxsize=1)
def _counting_device() -> Any:
    """pdfplumber's layout device, counting glyphs (made once: pdfplumber is imported lazily)."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class CountingDevice(PDFPageAggregatorWithMarkedContent):
        glyphs = 0
        max_glyphs = 0

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.glyphs += 1
            if self.glyphs > self.max_glyphs:
                raise glyph_limit(self.pageno, self.max_glyphs)
            return float(super().render_char(*args, **kwargs))

    return CountingDevice


def _lay_out(page: Any, max_glyphs: int) -> None:
    """pdfplumber's own page layout, with a device that stops at ``max_glyphs`` glyphs (a page
    of a million glyphs would otherwise build gigabytes of objects first)."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    device = _counting_device()(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    device.max_glyphs = max_glyphs
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _page_records(page: Any, number: int, limits: Limits) -> RawPage:
    height = float(page.height)
    _lay_out(page, limits.max_glyphs_per_page)
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
        chars.append(Char(text, round(float(c["x0"]) * SCALE) / SCALE, round(float(c["x1"]) * SCALE) / SCALE,
                          round(top * SCALE) / SCALE, round(bottom * SCALE) / SCALE, round(baseline * SCALE) / SCALE,
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


def iter_pages(data: bytes, password: Optional[str] = None, name: Optional[str] = None,
               limits: Limits = DEFAULT_LIMITS, info: Optional[dict[str, str]] = None) -> Iterator[RawPage]:
    """Every page as plain records, in order; pdfplumber's objects are released page by page.
    ``info`` receives the document information dictionary's fields (document_info)."""
    where = label(name)
    pdf = _open(data, password, name, limits)
    try:
        if info is not None:
            try:
                info.update(document_info(pdf.metadata))
            except Exception:  # a damaged information dictionary costs only this fallback
                pass
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise DamagedPDFError(f"{where}: damaged PDF ({reason(e)})") from None
        if n == 0:
            raise DamagedPDFError(f"{where}: damaged PDF (no pages)")
        for i in range(n):
            yield _read_page(pdf.pages[i], i + 1, where, limits)
    finally:
        try:
            pdf.close()
        except Exception:
            pass


def _read_page(page: Any, number: int, where: str, limits: Limits) -> RawPage:
    try:
        try:
            return _page_records(page, number, limits)
        except (BriefconvError, MemoryError):
            raise
        except Exception:
            # an ICC colour space without its required /N stops pdfminer before any
            # text: supply /N from the profile and read the page again
            if not _repair_icc_colour_spaces(page.page_obj.resources):
                raise
            return _page_records(page, number, limits)
    except BriefconvError as e:
        raise type(e)(f"{where}: {e}", *extra_args(e)) from None
    except MemoryError:
        raise  # the worker's memory limit, not damage
    except RecursionError:
        raise DamagedPDFError(f"{where}: damaged PDF (page {number}: nesting too deep)") from None
    except Exception as e:
        raise DamagedPDFError(f"{where}: damaged PDF (page {number}: {reason(e)})") from None
    finally:
        page.close()


def iter_page_images(data: bytes, resolution: int, password: Optional[str] = None,
                     name: Optional[str] = None) -> Iterator[Any]:
    """Every page rendered as an RGB PIL image at `resolution` dots per inch."""
    where = label(name)
    pdf = _open(data, password, name)
    try:
        for i in range(len(pdf.pages)):
            page = pdf.pages[i]
            try:
                img = page.to_image(resolution=resolution).original.convert("RGB")
            except Exception as e:
                raise DamagedPDFError(f"{where}: cannot render page {i + 1} ({reason(e)})") from None
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


