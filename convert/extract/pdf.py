"""PDF -> plain records -> [SourceBlock].  The only module that imports pdfplumber.

Each page's chars, lines and rects are read once into plain records and the page's
caches are dropped at once, so memory stays flat however long the document is;
all grouping is done over those records by :mod:`convert.extract.layout` (page:
chars -> lines) and :mod:`convert.extract.document` (lines -> blocks).
"""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Optional

from ..errors import DamagedPDFError, EncryptedPDFError, NoTextLayerError, UnsupportedFormatError
from ..model import FootnoteRef, Provenance, Text
from . import layout
from .document import analyse
from .footnotes import MARKER_RE
from .records import FOOTNOTE_SYMBOLS, Block, Char, Line, PageLines, Rule
from .blocks import FOOTNOTE, FURNITURE, HEADING, TABLE, TEXT, SourceBlock

# fewer glyphs than this per page on average (and in all) is no text layer
NO_TEXT_MIN_CHARS = 20
NO_TEXT_MIN_CHARS_PER_PAGE = 5
RENDER_RESOLUTION = 72
PDF_MAGIC = b"%PDF-"
PDF_MAGIC_WINDOW = 1024
# an ICC profile names its colour space at these bytes of its header (ICC.1, 7.2.6)
ICC_SPACE_BYTES = slice(16, 20)
ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"Lab ": 3, b"XYZ ": 3, b"CMYK": 4}
ICC_DEFAULT_COMPONENTS = 3
RESOURCE_DEPTH = 4            # form XObjects nest resources; deeper ones are left alone

ROLE_COLOURS = {
    "title": (220, 30, 30), "series": (230, 120, 0), "date": (150, 90, 0), "byline": (0, 150, 0),
    "editors": (0, 110, 60), "disclaimer": (140, 0, 160), "author-note": (200, 0, 200),
    "abstract": (0, 90, 220), "heading": (0, 170, 200), "body": (60, 60, 60),
    "footnote": (240, 160, 0), "marker": (255, 0, 120), "furniture": (160, 160, 160),
}
OTHER_COLOUR = (0, 0, 0)


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


def _page_records(page, number: int) -> PageLines:
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
            style = styles[font] = layout.font_style(font)
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
    return layout.build_page(number, float(page.width), height, chars, rules)


def read_pages(data: bytes, password: Optional[str] = None, name: Optional[str] = None) -> list[PageLines]:
    """Every page as plain line records; pdfplumber objects are released page by page."""
    label = _label(name)
    pdf = _open(data, password, name)
    pages: list[PageLines] = []
    try:
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise DamagedPDFError(f"{label}: damaged PDF ({_reason(e)})") from None
        if n == 0:
            raise DamagedPDFError(f"{label}: damaged PDF (no pages)")
        for i in range(n):
            page = pdf.pages[i]
            try:
                try:
                    pages.append(_page_records(page, i + 1))
                except Exception:
                    # an ICC colour space without its required /N stops pdfminer before any
                    # text: supply /N from the profile and read the page again
                    if not _repair_icc_colour_spaces(page.page_obj.resources):
                        raise
                    pages.append(_page_records(page, i + 1))
            except RecursionError:
                raise DamagedPDFError(f"{label}: damaged PDF (page {i + 1}: nesting too deep)") from None
            except Exception as e:
                raise DamagedPDFError(f"{label}: damaged PDF (page {i + 1}: {_reason(e)})") from None
            finally:
                page.close()
    finally:
        try:
            pdf.close()
        except Exception:
            pass
    glyphs = sum(l.n for p in pages for l in p.lines)
    if glyphs < max(NO_TEXT_MIN_CHARS, NO_TEXT_MIN_CHARS_PER_PAGE * len(pages)) and glyphs < 200:
        raise NoTextLayerError(f"{label}: no text layer (scanned?): OCR is needed")
    return pages


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


# ---------------------------------------------------------------- blocks


def extract_pdf(data: bytes, password: Optional[str] = None,
                name: Optional[str] = None) -> tuple[list[SourceBlock], int]:
    """PDF bytes -> (SourceBlocks in reading order, page count)."""
    pages = read_pages(data, password=password, name=name)
    try:
        blocks = analyse(pages)
    except RecursionError:
        raise DamagedPDFError(f"{_label(name)}: layout too complex to analyse") from None
    return [to_source_block(b) for b in blocks], len(pages)


_KIND = {"text": TEXT, "heading": HEADING, "footnote": FOOTNOTE, "furniture": FURNITURE}
_SPLIT_MARKERS = re.compile(r"[,\s]+")


def _marker_labels(text: str) -> Optional[list[str]]:
    t = text.strip()
    if not t or not MARKER_RE.match(t):
        return None
    parts = [p for p in _SPLIT_MARKERS.split(t) if p]
    out = []
    for p in parts:
        m = re.fullmatch(r"(\d+)[–-](\d+)", p)
        if m and int(m.group(1)) < int(m.group(2)) <= int(m.group(1)) + 20:
            out.extend(str(k) for k in range(int(m.group(1)), int(m.group(2)) + 1))
        elif re.fullmatch(r"\d{1,3}|[" + re.escape(FOOTNOTE_SYMBOLS) + r"]{1,3}", p):
            out.append(p)
        else:
            return None
    return out or None


def inline_content(lines: list[tuple[Line, int]], markers: bool = True) -> list:
    """(line, page number) pairs -> inline nodes: '\n' between lines, raised markers as
    FootnoteRef carrying the page and box where the marker is printed.

    A marker printed at the start of a line belongs after the last word of the
    line before it, so it moves in front of the line end.
    """
    toks: list = []  # str or FootnoteRef; "\n" is a line end
    for k, (line, page) in enumerate(lines):
        if k:
            toks.append("\n")
        boxes = iter(line.sup_boxes)
        for text, sup in line.pieces:
            box = next(boxes, None) if sup else None
            labels = _marker_labels(text) if (sup and markers) else None
            if labels:
                at_line_start = bool(toks) and toks[-1] == "\n"
                if at_line_start:
                    toks.pop()
                while toks and isinstance(toks[-1], str) and toks[-1] != "\n" and not toks[-1].strip():
                    toks.pop()
                if toks and isinstance(toks[-1], str) and toks[-1] != "\n":
                    toks[-1] = toks[-1].rstrip(" ")
                where = [Provenance(page=page, bbox=box)] if box is not None else []
                toks.extend(FootnoteRef(lab, list(where)) for lab in labels)
                if at_line_start:
                    toks.append("\n")
            else:
                if toks and toks[-1] == "\n":
                    text = text.lstrip(" ")
                toks.append(text)
    out: list = []
    buf: list[str] = []
    for t in toks:
        if isinstance(t, str):
            if t == "\n" and buf:
                buf[-1] = buf[-1].rstrip(" ")
            buf.append(t)
        else:
            if buf:
                out.append(Text("".join(buf)))
                buf = []
            out.append(t)
    if buf:
        out.append(Text("".join(buf)))
    # no blank text at either end
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip(" \n"))
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip(" \n"))
    return [n for n in out if not (isinstance(n, Text) and not n.text)]


def to_source_block(b: Block) -> SourceBlock:
    if b.kind == "table":  # issue 12: the table was built by convert.extract.tables
        return SourceBlock(kind=TABLE, table=b.table, provenance=list(b.table.provenance))
    kind = _KIND[b.kind]
    lines = [(l, piece.page) for piece in b.pieces for l in piece.lines]
    content = inline_content(lines, markers=kind in (TEXT, HEADING))
    return SourceBlock(
        kind=kind, content=content,
        provenance=[Provenance(page=piece.page, bbox=piece.bbox) for piece in b.pieces],
        level=b.level, label=b.label, bold=b.bold, italic=b.italic,
        size=b.size, indent=b.indent, furniture_kind=b.furniture_kind,
    )


# ---------------------------------------------------------------- visual check


def render_regions(data: bytes, regions, outdir, password: Optional[str] = None,
                   stem: str = "page") -> list[Path]:
    """One PNG per page with a box per (page, bbox, role) region and a colour legend."""
    from PIL import ImageDraw
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    by_page: dict[int, list] = {}
    for page, bbox, role in regions:
        by_page.setdefault(page, []).append((bbox, role))
    pdf = _open(data, password, stem)
    paths: list[Path] = []
    try:
        for i in range(len(pdf.pages)):
            page = pdf.pages[i]
            try:
                img = page.to_image(resolution=RENDER_RESOLUTION).original.convert("RGB")
            except Exception as e:
                raise DamagedPDFError(f"{stem}: cannot render page {i + 1} ({_reason(e)})") from None
            finally:
                page.close()
            scale = RENDER_RESOLUTION / 72.0
            draw = ImageDraw.Draw(img)
            used = []
            for bbox, role in by_page.get(i + 1, ()):
                colour = ROLE_COLOURS.get(role, OTHER_COLOUR)
                x0, top, x1, bottom = (v * scale for v in bbox)
                draw.rectangle([x0 - 1, top - 1, x1 + 1, bottom + 1], outline=colour, width=2)
                if role not in used:
                    used.append(role)
            _legend(draw, used or list(ROLE_COLOURS), img.size)
            path = outdir / f"{stem}-{i + 1:03d}.png"
            img.save(path)
            paths.append(path)
    finally:
        pdf.close()
    return paths


def _legend(draw, roles: list[str], size: tuple[int, int]) -> None:
    w, h = size
    row = 12
    x, y = w - 110, 6
    draw.rectangle([x - 4, y - 2, w - 4, y + row * len(roles) + 2], fill=(255, 255, 255), outline=(0, 0, 0))
    for k, role in enumerate(roles):
        colour = ROLE_COLOURS.get(role, OTHER_COLOUR)
        yy = y + k * row
        draw.rectangle([x, yy + 2, x + 8, yy + 10], fill=colour)
        draw.text((x + 12, yy), role, fill=(0, 0, 0))
