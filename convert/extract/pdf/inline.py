"""A block's lines -> inline nodes: text with line ends, raised footnote markers as
FootnoteRef with the page and box where they are printed; and Block -> SourceBlock."""
from __future__ import annotations

import re
from typing import Optional, Union

from ...model import FootnoteRef, Inline, Provenance, Text
from ..source import FOOTNOTE, FURNITURE, HEADING, TABLE, TEXT, SourceBlock
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


# a line end inside the token list of inline_content
LINE_END = "\n"
Token = Union[str, FootnoteRef]


def inline_content(lines: list[tuple[Line, int]], markers: bool = True) -> list[Inline]:
    """(line, page number) pairs -> inline nodes: '\n' between lines, raised markers as
    FootnoteRef carrying the page and box where the marker is printed.

    A marker printed at the start of a line belongs after the last word of the
    line before it, so it moves in front of the line end.
    """
    toks: list[Token] = []
    for k, (line, page) in enumerate(lines):
        if k:
            toks.append(LINE_END)
        boxes = iter(line.sup_boxes)
        for text, sup in line.pieces:
            box = next(boxes, None) if sup else None
            labels = _marker_labels(text) if (sup and markers) else None
            if labels:
                _add_markers(toks, labels, [Provenance(page=page, bbox=box)] if box is not None else [])
            else:
                toks.append(text.lstrip(" ") if toks and toks[-1] == LINE_END else text)
    return _nodes(toks)


def _add_markers(toks: list[Token], labels: list[str], where: list[Provenance]) -> None:
    """Markers go right after the last word before them, in front of a line end."""
    at_line_start = bool(toks) and toks[-1] == LINE_END
    if at_line_start:
        toks.pop()
    while toks and isinstance(toks[-1], str) and toks[-1] != LINE_END and not toks[-1].strip():
        toks.pop()
    if toks and isinstance(toks[-1], str) and toks[-1] != LINE_END:
        toks[-1] = toks[-1].rstrip(" ")
    toks.extend(FootnoteRef(label, list(where)) for label in labels)
    if at_line_start:
        toks.append(LINE_END)


def _nodes(toks: list[Token]) -> list[Inline]:
    """Runs of text tokens as Text nodes (no space before a line end, none at either end)."""
    out: list[Inline] = []
    buf: list[str] = []
    for t in toks:
        if isinstance(t, str):
            if t == LINE_END and buf:
                buf[-1] = buf[-1].rstrip(" ")
            buf.append(t)
        else:
            if buf:
                out.append(Text("".join(buf)))
                buf = []
            out.append(t)
    if buf:
        out.append(Text("".join(buf)))
    head = out[0] if out else None
    if isinstance(head, Text):
        out[0] = Text(head.text.lstrip(" \n"))
    tail = out[-1] if out else None
    if isinstance(tail, Text):
        out[-1] = Text(tail.text.rstrip(" \n"))
    return [n for n in out if not (isinstance(n, Text) and not n.text)]


def to_source_block(b: Block) -> SourceBlock:
    if b.kind == "table" and b.table is not None:  # the table was built by .tables
        return SourceBlock(kind=TABLE, table=b.table, provenance=list(b.table.provenance))
    kind = _KIND[b.kind]
    lines = [(l, piece.page) for piece in b.pieces for l in piece.lines]
    content = inline_content(lines, markers=kind in (TEXT, HEADING))
    return SourceBlock(
        kind=kind, content=content,
        provenance=[Provenance(page=piece.page, bbox=piece.bbox) for piece in b.pieces],
        level=b.level, label=b.label, bold=b.bold, italic=b.italic,
        size=b.size, indent=b.indent, furniture_kind=b.furniture_kind,
        box=f"{b.page}.{b.box}" if b.box else None,
    )
