"""Font descents as pdfminer takes them, for the PDFium reader (no PDF library here).

A glyph's box bottom is its baseline less the font's descent.  pdfminer reads the descent
from the standard fonts' AFM metrics, else from the FontDescriptor's /Descent (0 when it is
absent or 0); PDFium substitutes its own metrics (built-in faces, glyph boxes of 'A' and 'g')
in both cases, about 1 pt apart at body size.  PDFium does not expose the descriptor, so its
/Descent is read from the file's bytes here: descriptors written as plain objects (most files
that leave /Ascent and /Descent at 0 are of this kind), and those inside object streams,
inflated within the document's budget.
"""
from __future__ import annotations

import re
import zlib
from typing import Optional

# AFM Descender of the standard fonts (and the Windows names pdfminer treats as aliases):
# pdfminer uses these whenever a font has one of these exact names
STANDARD_DESCENTS = {
    "Courier": -194.0, "Courier-Bold": -194.0, "Courier-BoldOblique": -194.0, "Courier-Oblique": -194.0,
    "Helvetica": -207.0, "Helvetica-Bold": -207.0, "Helvetica-BoldOblique": -207.0, "Helvetica-Oblique": -207.0,
    "Symbol": 0.0, "ZapfDingbats": 0.0,
    "Times-Bold": -217.0, "Times-BoldItalic": -217.0, "Times-Italic": -217.0, "Times-Roman": -217.0,
    "Arial": -207.0, "Arial,Italic": -207.0, "Arial,Bold": -207.0, "Arial,BoldItalic": -207.0,
    "CourierNew": -194.0, "CourierNew,Italic": -194.0, "CourierNew,Bold": -194.0, "CourierNew,BoldItalic": -194.0,
    "TimesNewRoman": -217.0, "TimesNewRoman,Italic": -217.0, "TimesNewRoman,Bold": -217.0,
    "TimesNewRoman,BoldItalic": -217.0,
}
FONT_UNITS = 1000.0           # font metrics are in thousandths of the font size

_SUBSET = re.compile(r"[A-Z]{6}\+")
# marks a key of descriptor_descents as a subset font's name without its prefix
SUBSET_MARK = "+"
# a key of descriptor_descents saying some object stream could not be read
UNREAD = "+unread"
_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor")
_OBJ_START = re.compile(rb"\d+\s+\d+\s+obj\b")
_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()%]+)")
_DESCENT = re.compile(rb"/Descent\s+(-?\d*\.?\d+)")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm")
_STREAM = re.compile(rb"stream\r?\n")
_DICT_EDGE = re.compile(rb"<<|>>")
# how far around a descriptor's /Type its object's text is looked for
DESCRIPTOR_REACH = 4096


def _name(raw: bytes) -> str:
    """A PDF name's text (#xx escapes decoded)."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def _record(obj: bytes, out: dict[str, float]) -> None:
    """One descriptor dictionary's FontName and /Descent (0 when absent, as pdfminer takes it)."""
    name = _NAME.search(obj)
    if name is None:
        return
    d = _DESCENT.search(obj)
    try:
        value = float(d.group(1)) if d else 0.0
    except ValueError:
        return
    full = _name(name.group(1))
    out.setdefault(full, -abs(value))
    if _SUBSET.match(full):  # PDFium names fonts without their subset prefix
        out.setdefault(SUBSET_MARK + full[7:], -abs(value))


def _scan_objects(text: bytes, out: dict[str, float]) -> None:
    """Descriptors written as plain objects ("12 0 obj << ... >> endobj")."""
    for m in _DESCRIPTOR.finditer(text):
        lo = max(0, m.start() - DESCRIPTOR_REACH)
        starts = [s.end() for s in _OBJ_START.finditer(text, lo, m.start())]
        if not starts:
            continue
        end = text.find(b"endobj", m.end(), m.end() + DESCRIPTOR_REACH)
        _record(text[starts[-1]:end if end > 0 else m.end() + DESCRIPTOR_REACH], out)


def _scan_dicts(text: bytes, out: dict[str, float]) -> None:
    """Descriptors among the dictionaries of an object stream (no object markers there: the
    outermost << >> pairs delimit its objects)."""
    depth, start = 0, 0
    for m in _DICT_EDGE.finditer(text):
        if m.group() == b"<<":
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0 and _DESCRIPTOR.search(text, start, m.end()):
                _record(text[start:m.end()], out)


def _object_streams(data: bytes, budget: int) -> list[bytes]:
    """The inflated text of the file's object streams, within ``budget`` bytes in all."""
    out: list[bytes] = []
    for m in _OBJSTM.finditer(data):
        s = _STREAM.search(data, m.end(), m.end() + DESCRIPTOR_REACH)
        if s is None:
            continue
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(data[s.end():data.find(b"endstream", s.end())], budget)
        except zlib.error:  # encrypted or not Flate: descriptors unknown, PDFium's metrics then
            out.append(b"")
            continue
        budget -= len(text)
        out.append(text)
        if budget <= 0:
            break
    return out


def descriptor_descents(data: bytes, budget: int) -> dict[str, float]:
    """FontName -> /Descent (thousandths, negative) of every font descriptor found in the
    file; ``budget`` bounds the bytes inflated from object streams."""
    out: dict[str, float] = {}
    _scan_objects(data, out)
    if b"/ObjStm" in data:
        for text in _object_streams(data, budget):
            if not text:
                out[UNREAD] = 0.0
            _scan_dicts(text, out)
    return out


def descent(base_font: str, descriptors: dict[str, float]) -> Optional[float]:
    """The descent per point of size pdfminer uses for a font PDFium names ``base_font``
    (without a subset prefix); None: not known here (PDFium's own then)."""
    names = [base_font]
    if "-" in base_font:  # a composite font's name may add its encoding ("-Identity-H")
        names.append(base_font.rsplit("-", 1)[0])
    for name in names:
        # a subset ("ABCDEF+Helvetica") has its own descriptor even under a standard name
        value = descriptors.get(SUBSET_MARK + name)
        if value is None and name in STANDARD_DESCENTS:  # pdfminer: by the exact name
            value = STANDARD_DESCENTS[name]
        if value is None:
            value = descriptors.get(name)
        if value is not None:
            return value / FONT_UNITS
    # no descriptor: pdfminer takes 0, unless the descriptor may be in a stream not read here
    return None if UNREAD in descriptors else 0.0
