"""The PDFium reader (pypdfium2): the same plain records as the pdfplumber reader
(:mod:`.plumber`), read by a C parser.

PDFium's text page gives each glyph's unicode, origin and "loose" box (advance by font
ascent/descent); its text object gives font and size.  Differences from pdfminer that matter
to the layout are normalised here, so the records come out as pdfplumber makes them:

* box: x from the loose box (origin to advance); bottom and top as pdfminer computes them,
  from the font's descent and the font size, not from PDFium's ascent (about 1 pt apart);
* coordinates: pdfminer's page transform (MediaBox origin, /Rotate) reproduced exactly, so a
  rotated page reads as it is displayed and glyphs that are not upright there are dropped;
* generated characters (the spaces and line breaks PDFium infers) are dropped; space glyphs
  the page draws stay;
* a glyph that maps to several characters (a ligature: "fi") is one record, as in pdfminer;
* subset prefixes ("ABCDEF+Calibri-Bold") are stripped before bold/italic are read from the
  font name (font_style does so for both readers);
* rules come from path objects, one per subpath (pdfminer splits paths the same way), inside
  form XObjects too.
"""
from __future__ import annotations

import ctypes
from typing import Any, Iterator, NamedTuple, Optional, Sequence

from ....errors import BriefconvError, DamagedPDFError, EncryptedPDFError
from ....limits import DEFAULT_LIMITS, Limits
from ..lines import font_style
from ..records import COORD_SCALE as SCALE, RULE_MIN_WIDTH, Char, Rule
from . import metrics
from .common import RawPage, check_inflation, document_info, extra_args, from_header, glyph_limit, label, reason

# PDFium reports the text of a font without a ToUnicode entry for a code as this
NO_UNICODE = "\ufffd"
# what PDFium puts for a hyphen it takes for a line-end break (whole-page text, one character)
SOFT_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})
# glyphs of one ligature share their origin to within this many points
SAME_ORIGIN = 1e-3
# the default MediaBox (US Letter) PDFium and pdfminer both assume when a page names none
LETTER = (0.0, 0.0, 612.0, 792.0)
# path objects nest this deep in form XObjects at most before the rest is left alone
FORM_DEPTH = 8



def whole_characters(text: str) -> str:
    """``text`` with each UTF-16 surrogate pair made the one character it stands for; a lone
    surrogate (no character at all, and unwritable as UTF-8) becomes U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")

class Affine(NamedTuple):
    """x' = a x + c y + e, y' = b x + d y + f (PDF's row-vector convention)."""
    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def then(self, o: "Affine") -> "Affine":
        """This transform followed by ``o``."""
        return Affine(self.a * o.a + self.b * o.c, self.a * o.b + self.b * o.d,
                      self.c * o.a + self.d * o.c, self.c * o.b + self.d * o.d,
                      self.e * o.a + self.f * o.c + o.e, self.e * o.b + self.f * o.d + o.f)


def display_transform(box: tuple[float, float, float, float], rotation: int) -> tuple[Affine, float, float]:
    """(PDF user space -> pdfplumber's page coordinates (x right, y down), width, height):
    pdfminer's page matrix for the MediaBox and /Rotate, then pdfplumber's flip, composed."""
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    if rotation == 90:
        return Affine(0, 1, 1, 0, 0, -2 * x0), y1 - y0, x1 - x0
    if rotation == 180:
        return Affine(-1, 0, 0, 1, x1 + x0, -2 * y0), x1 - x0, y1 - y0
    if rotation == 270:
        return Affine(0, -1, -1, 0, y1 + y0, x1 - x0), y1 - y0, x1 - x0
    return Affine(1, 0, 0, -1, 0, y1 - y0), x1 - x0, y1 - y0


# the rotation part of pdfminer's page matrix (y up), for telling upright glyphs
_ROTATIONS = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}


class _Style(NamedTuple):
    """What a text object gives every glyph it draws."""
    upright: bool
    size: float          # font size as drawn (pdfminer's box height)
    down: float          # baseline to box bottom, in points (font descent times size)
    bold: bool
    italic: bool
    axis: bool           # drawn along the page axes: boxes follow from origin and advance
    advance: float       # page units of advance per unit of glyph width (font size, scale)
    font: Any            # the PDFium font, for glyph widths
    font_key: int
    rounded: float       # the size as records give it
    named: bool          # the font has a name (not Type3)
    glyphs: dict         # character -> glyph_info, for this text object's glyphs


class _Reader:
    """One document's pages, read with PDFium's C API (pypdfium2.raw)."""

    def __init__(self, pdf: Any, limits: Limits, where: str, descriptors: dict[str, float]):
        import pypdfium2.raw as raw
        self.descriptors = descriptors
        self.raw = raw
        self.pdf = pdf
        self.limits = limits
        self.where = where
        self.fonts: dict[int, tuple[bool, bool, float, bool]] = {}
        self.glyphs: dict[tuple[int, str], tuple[float, str]] = {}
        self.rect = raw.FS_RECTF()
        self.matrix = raw.FS_MATRIX()
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.fsize = ctypes.c_float()
        self.width = ctypes.c_float()
        self.loose_x1 = 0.0
        self.fast = _fast_calls(raw)

    # ------------------------------------------------------------ fonts and text objects

    def font(self, handle: Any, key: int) -> tuple[bool, bool, float, bool]:
        """(bold, italic, descent per point of size, has a name) of a font, read once per document."""
        known = self.fonts.get(key)
        if known is not None:
            return known
        raw = self.raw
        name = ""
        if handle:
            n = raw.FPDFFont_GetBaseFontName(handle, None, 0)
            buf = ctypes.create_string_buffer(max(n, 1))
            if n and raw.FPDFFont_GetBaseFontName(handle, buf, n):
                name = buf.value.decode("utf-8", "replace")
        # a Type3 font has no name: PDFium's descent is its FontBBox's, as pdfminer takes it
        down = metrics.descent(name, self.descriptors) if name else None
        if down is None:
            pdfium_descent = ctypes.c_float()
            if not (handle and raw.FPDFFont_GetDescent(handle, ctypes.c_float(1.0), pdfium_descent)):
                pdfium_descent.value = 0.0
            down = -abs(pdfium_descent.value)
        bold, italic = font_style(name)
        known = self.fonts[key] = (bold, italic, down, bool(name))
        return known

    def glyph_info(self, st: _Style, ch: str, tp: Any, i: int) -> tuple[float, str]:
        """(a glyph's advance per point of size, 0 when unknown; its text), read once per font
        and character.  A code the font maps to no character PDFium passes on as the
        character of that number; pdfminer writes it "(cid:N)", and so do we."""
        key = (st.font_key, ch)
        info = self.glyphs.get(key)
        if info is None:
            raw = self.raw
            ok = len(ch) == 1 and st.font and raw.FPDFFont_GetGlyphWidth(st.font, ord(ch), 1.0, self.width)
            text = f"(cid:{ord(ch)})" if len(ch) == 1 and st.named and raw.FPDFText_HasUnicodeMapError(tp, i) == 1 \
                else ch  # a Type3 font (no name) maps by its glyph names, which PDFium does not read
            info = self.glyphs[key] = (self.width.value if ok else 0.0, text)
        return info  # (each text object's style keeps its own copy: one lookup per glyph)

    def style(self, tp: Any, index: int, obj: Any, rot: tuple[int, int, int, int]) -> _Style:
        raw, m = self.raw, self.matrix
        if not raw.FPDFText_GetMatrix(tp, index, m):
            m.a, m.b, m.c, m.d = 1.0, 0.0, 0.0, 1.0
        ra, rb, rc, rd = rot
        a, b = m.a * ra + m.b * rc, m.a * rb + m.b * rd
        c, d = m.c * ra + m.d * rc, m.c * rb + m.d * rd
        if not raw.FPDFTextObj_GetFontSize(obj, self.fsize):
            self.fsize.value = 0.0
        fs = self.fsize.value
        font = raw.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        bold, italic, descent, named = self.font(font, key)
        # pdfminer: upright when a*d > 0 and b*c <= 0; the box height is the size
        upright = a * d > 0 and b * c <= 0
        axis = abs(b) < 1e-6 and abs(c) < 1e-6
        scale = abs(d) if axis else (c * c + d * d) ** 0.5
        return _Style(upright, fs * scale, -descent * fs * scale, bold, italic, axis, fs * abs(a), font, key,
                      round(fs * scale, 2), named, {})

    # ------------------------------------------------------------ pages

    def page(self, index: int) -> RawPage:
        raw = self.raw
        page = raw.FPDF_LoadPage(self.pdf, index)
        if not page:
            raise DamagedPDFError(f"page {index + 1}: PDFium cannot load it")
        try:
            rotation = raw.FPDFPage_GetRotation(page) * 90 % 360
            to_page, width, height = display_transform(_media_box(raw, page), rotation)
            chars = self.chars(page, index + 1, to_page, _ROTATIONS.get(rotation, _ROTATIONS[0]))
            rules = self.rules(page, to_page)
        finally:
            raw.FPDF_ClosePage(page)
        return RawPage(index + 1, width, height, chars, rules)

    def chars(self, page: Any, number: int, to_page: Affine, rot: tuple[int, int, int, int]) -> list[Char]:
        raw = self.raw
        tp = raw.FPDFText_LoadPage(page)
        if not tp:
            raise DamagedPDFError(f"page {number}: PDFium cannot read its text")
        try:
            return self._chars(tp, number, to_page, rot)
        finally:
            raw.FPDFText_ClosePage(tp)

    def _chars(self, tp: Any, number: int, to_page: Affine, rot: tuple[int, int, int, int]) -> list[Char]:
        raw, fast = self.raw, self.fast
        n = raw.FPDFText_CountChars(tp)
        limit = self.limits.max_glyphs_per_page
        if n > 2 * limit:  # generated spaces and breaks aside, certainly over the limit
            raise glyph_limit(number, limit)
        whole = _page_text(raw, tp, n)
        # one character per index (whatever UTF-16 makes of them); PDFium marks a hyphen it
        # takes for a line-end break
        text: Sequence[str] = whole.translate(SOFT_HYPHENS) if whole is not None else \
            [chr(raw.FPDFText_GetUnicode(tp, i)).translate(SOFT_HYPHENS) for i in range(n)]
        out: list[Char] = []
        styles: dict[int, _Style] = {}
        page = ctypes.cast(tp, ctypes.c_void_p).value
        ox, oy, rect = self.ox, self.oy, self.rect
        get_obj, get_origin, get_box, is_generated = fast.text_object, fast.origin, fast.loose_box, fast.generated
        pox, poy, prect = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(rect)
        a, b, c, d, e, f = to_page
        prev_obj, prev_x, prev_y = 0, 0.0, 0.0
        glyphs = 0
        kept = False
        new = tuple.__new__  # a Char without the NamedTuple's Python-level __new__
        for i in range(n):
            obj = get_obj(page, i)
            if not obj:  # a space or line break PDFium inferred between two text objects
                continue
            ch = text[i]
            if ch.isspace() and is_generated(page, i):  # inferred, with the next glyph's object
                continue
            get_origin(page, i, pox, poy)
            x, y = ox.value, oy.value
            if obj == prev_obj and abs(x - prev_x) < SAME_ORIGIN and abs(y - prev_y) < SAME_ORIGIN:
                self.ligature(out, ch, kept)
                continue
            prev_obj, prev_x, prev_y = obj, x, y
            glyphs += 1
            if glyphs > limit:
                raise glyph_limit(number, limit)
            st = styles.get(obj)
            if st is None:
                st = styles[obj] = self.style(tp, i, ctypes.cast(obj, raw.FPDF_PAGEOBJECT), rot)
            kept = st.upright
            if not kept:
                continue
            get_box(page, i, prect)
            baseline = b * x + d * y + f
            if not st.axis:  # turned a little: the loose box is all PDFium gives
                out.append(self.turned(ch, rect, baseline, st, to_page))
                continue
            # pdfminer's box runs from the origin to the advance; PDFium's loose box widens to
            # the ink where it overhangs (italics): the advance then comes from the font's widths
            x0 = a * x + c * y + e
            lx1 = self.loose_x1 = max(a * rect.left + c * rect.top, a * rect.right + c * rect.bottom) + e
            info = st.glyphs.get(ch)
            if info is None:
                info = st.glyphs[ch] = self.glyph_info(st, ch, tp, i)
            width, ch = info
            x1 = min(x0 + width * st.advance, lx1) if width > 0 else lx1
            bottom = baseline + st.down
            out.append(new(Char, (ch, round(x0 * SCALE) / SCALE, round(x1 * SCALE) / SCALE,
                                  round((bottom - st.size) * SCALE) / SCALE, round(bottom * SCALE) / SCALE,
                                  round(baseline * SCALE) / SCALE, st.rounded, st.bold, st.italic)))
        return [ch for ch in out if ch.text.strip("\x00" + NO_UNICODE) or ch.text.isspace()]

    def ligature(self, out: list[Char], ch: str, kept: bool) -> None:
        """The rest of a ligature (PDFium lists "fi" as two characters of one glyph): one
        record, as pdfminer makes it, over the glyph's whole advance."""
        if kept:
            text = out[-1].text + ch
            if "\ud800" <= ch <= "\udfff":  # PDFium counts UTF-16 units: a character beyond
                text = whole_characters(text)  # the BMP comes as two surrogates of one glyph
            out[-1] = out[-1]._replace(text=text, x1=max(out[-1].x1, self.loose_x1))

    @staticmethod
    def turned(ch: str, rect: Any, baseline: float, st: _Style, to_page: Affine) -> Char:
        """A glyph turned a little off the page axes (still upright): its loose box, in page space."""
        a, b, c, d, e, f = to_page
        lx0, lx1 = sorted((a * rect.left + c * rect.top + e, a * rect.right + c * rect.bottom + e))
        top, bottom = sorted((b * rect.left + d * rect.top + f, b * rect.right + d * rect.bottom + f))
        return Char(ch, round(lx0 * SCALE) / SCALE, round(lx1 * SCALE) / SCALE, round(top * SCALE) / SCALE,
                    round(bottom * SCALE) / SCALE, round(baseline * SCALE) / SCALE, st.rounded, st.bold, st.italic)

    def rules(self, page: Any, to_page: Affine) -> list[Rule]:
        raw = self.raw
        out: list[Rule] = []
        for i in range(raw.FPDFPage_CountObjects(page)):
            self._object_rules(raw.FPDFPage_GetObject(page, i), to_page, out, 0)
        return out

    def _object_rules(self, obj: Any, outer: Affine, out: list[Rule], depth: int) -> None:
        raw = self.raw
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < FORM_DEPTH:
            inner = self._object_matrix(obj).then(outer)
            for i in range(raw.FPDFFormObj_CountObjects(obj)):
                self._object_rules(raw.FPDFFormObj_GetObject(obj, i), inner, out, depth + 1)
        elif kind == raw.FPDF_PAGEOBJ_PATH and _painted(raw, obj) and self._may_hold_rule(obj, outer):
            out.extend(r for r in _subpath_boxes(raw, obj, self._object_matrix(obj).then(outer)) if r.is_thin)

    def _object_matrix(self, obj: Any) -> Affine:
        m = self.matrix
        if not self.raw.FPDFPageObj_GetMatrix(obj, m):
            return Affine(1, 0, 0, 1, 0, 0)
        return Affine(m.a, m.b, m.c, m.d, m.e, m.f)

    def _may_hold_rule(self, obj: Any, outer: Affine) -> bool:
        """Whether any subpath of a path can be long enough for a rule (walking the segments
        of every small glyph-like path would cost as much as reading the text)."""
        l, b, r, t = (ctypes.c_float() for _ in range(4))
        if not self.raw.FPDFPageObj_GetBounds(obj, l, b, r, t):
            return True
        xs = [outer.apply(x, y)[0] for x in (l.value, r.value) for y in (b.value, t.value)]
        return max(xs) - min(xs) >= RULE_MIN_WIDTH - 1


class _FastCalls(NamedTuple):
    """The per-glyph calls, declared with plain addresses: pypdfium2's own declarations wrap
    every handle in a new pointer object, which costs more than the call itself."""
    text_object: Any
    generated: Any
    origin: Any
    loose_box: Any


_FAST: list[_FastCalls] = []


def _fast_calls(raw: Any) -> _FastCalls:
    if not _FAST:
        vp, i, dp = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)

        def declare(fn: Any, restype: Any, *argtypes: Any) -> Any:
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, vp).value or 0)
        _FAST.append(_FastCalls(
            declare(raw.FPDFText_GetTextObject, vp, vp, i),
            declare(raw.FPDFText_IsGenerated, i, vp, i),
            declare(raw.FPDFText_GetCharOrigin, i, vp, i, dp, dp),
            declare(raw.FPDFText_GetLooseCharBox, i, vp, i, ctypes.POINTER(raw.FS_RECTF))))
    return _FAST[0]


def _media_box(raw: Any, page: Any) -> tuple[float, float, float, float]:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetMediaBox(page, l, b, r, t):
        return l.value, b.value, r.value, t.value
    # inherited from the page tree (PDFium's getter reads only the page's own entry): the
    # page's bounding box is the MediaBox then, unless a CropBox narrows it
    box = raw.FS_RECTF()
    if raw.FPDF_GetPageBoundingBox(page, box):
        return box.left, box.bottom, box.right, box.top
    return LETTER


def _page_text(raw: Any, tp: Any, n: int) -> Optional[str]:
    """The whole page's characters in one call, one per index (None when a character outside
    the Basic Multilingual Plane makes UTF-16 units and indexes disagree)."""
    if n <= 0:
        return ""
    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(tp, 0, n, buf)
    text = bytes(buf)[: max(got - 1, 0) * 2].decode("utf-16-le", "replace")
    return text if len(text) == n else None


def _painted(raw: Any, obj: Any) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
        return True
    return bool(fill.value or stroke.value)


def _subpath_boxes(raw: Any, obj: Any, to_page: Affine) -> Iterator[Rule]:
    """Each subpath's box in page coordinates (control points included, as pdfminer does)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    pts: list[tuple[float, float]] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO and len(pts) > 1:
            yield _box(pts)
            pts = []
        elif raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO:
            pts = []
        pts.append(to_page.apply(x.value, y.value))
    if len(pts) > 1:
        yield _box(pts)


def _box(pts: list[tuple[float, float]]) -> Rule:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return Rule(min(xs), min(ys), max(xs), max(ys))


# ---------------------------------------------------------------- opening


def _open(data: bytes, password: Optional[str], where: str) -> Any:
    import pypdfium2.raw as raw
    pw = (password + "\x00").encode("utf-8") if password else None
    pdf = raw.FPDF_LoadMemDocument64(data, len(data), pw)
    if pdf:
        return pdf, data  # PDFium reads from the buffer as long as the document is open
    err = raw.FPDF_GetLastError()
    if err == raw.FPDF_ERR_PASSWORD:
        if password:
            raise EncryptedPDFError(f"{where}: encrypted PDF: wrong password")
        raise EncryptedPDFError(f"{where}: encrypted PDF: a password is needed")
    if err == raw.FPDF_ERR_SECURITY:
        raise EncryptedPDFError(f"{where}: encrypted PDF: unsupported encryption")
    raise DamagedPDFError(f"{where}: damaged PDF (PDFium cannot read it: {_ERRORS.get(err, 'unknown error')})")


_ERRORS = {1: "unknown error", 2: "file not found or unreadable", 3: "not a PDF or corrupted"}


def _metadata(raw: Any, pdf: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("Title", "Subject", "Author"):
        tag = key.encode("ascii")
        n = raw.FPDF_GetMetaText(pdf, tag, None, 0)
        if n <= 2:
            continue
        buf = ctypes.create_string_buffer(n)
        raw.FPDF_GetMetaText(pdf, tag, buf, n)
        out[key] = buf.raw[: n - 2].decode("utf-16-le", "replace")
    return out


def iter_pages(data: bytes, password: Optional[str] = None, name: Optional[str] = None,
               limits: Limits = DEFAULT_LIMITS, info: Optional[dict[str, str]] = None) -> Iterator[RawPage]:
    """Every page as plain records, in order; each page is closed once it is read."""
    where = label(name)
    data = from_header(data, name)
    import pypdfium2.raw as raw
    try:
        check_inflation(data, limits.max_inflated_bytes)
    except BriefconvError as e:
        raise type(e)(f"{where}: {e}", *extra_args(e)) from None
    pdf, keep = _open(data, password, where)
    try:
        if info is not None:
            info.update(document_info(_metadata(raw, pdf)))
        n = raw.FPDF_GetPageCount(pdf)
        if n <= 0:
            raise DamagedPDFError(f"{where}: damaged PDF (no pages)")
        reader = _Reader(pdf, limits, where, metrics.descriptor_descents(data, limits.max_inflated_bytes))
        for i in range(n):
            yield _read_page(reader, i, where)
    finally:
        raw.FPDF_CloseDocument(pdf)
        del keep


def _read_page(reader: _Reader, index: int, where: str) -> RawPage:
    try:
        return reader.page(index)
    except BriefconvError as e:
        raise type(e)(f"{where}: {e}", *extra_args(e)) from None
    except MemoryError:
        raise  # the worker's memory limit, not damage
    except Exception as e:
        raise DamagedPDFError(f"{where}: damaged PDF (page {index + 1}: {reason(e)})") from None
