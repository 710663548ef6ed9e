"""A block's lines -> inline nodes: text with line ends, raised footnote markers as
FootnoteRef with the page and box where they are printed; and Block -> SourceBlock."""
from __future__ import annotations

import re
from typing import Optional

from ...model import FootnoteRef, Provenance, Text
from ..source import FOOTNOTE, FURNITURE, HEADING, TEXT, SourceBlock
from .footnotes import MARKER_RE
from .records import FOOTNOTE_SYMBOLS, Block, Line

_KIND = {"text": TEXT, "heading": HEADING, "footnote": FOOTNOTE, "furniture": FURNITURE}
_SPLIT_MARKERS = re.compile(r"[,\s]+")


def _marker_labels(text: str) -> Optional[list[str]]:
    t = text.strip()
    if not t or not MARKER_RE.match(t):
        return None
    parts = [p for p in _SPLIT_MARKERS.split(t) if p]
    out: list[str] = []
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
    kind = _KIND[b.kind]
    lines = [(l, piece.page) for piece in b.pieces for l in piece.lines]
    content = inline_content(lines, markers=kind in (TEXT, HEADING))
    return SourceBlock(
        kind=kind, content=content,
        provenance=[Provenance(page=piece.page, bbox=piece.bbox) for piece in b.pieces],
        level=b.level, label=b.label, bold=b.bold, italic=b.italic,
        size=b.size, indent=b.indent, furniture_kind=b.furniture_kind,
    )
