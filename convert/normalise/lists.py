"""The make_lists pass: paragraphs that open with a list label -- a bullet, or a number or
letter that counts up from the first item -- become the items of one list.  A bullet is
left to the writers; a printed number or letter stays in the item's text (the list is
``labelled``), since "a)", "(iv)" or a list that starts at 3 are the source's own.

It runs after the paragraphs are rejoined, so an item's run-on text after a page break
is already part of it, and items, once a list, are never merged with each other or with
the paragraphs around them.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import (CONTAINER_INLINES, Block, BlockQuote, BoxedText, Document, Inline, ListBlock, Paragraph,
                     Provenance, Text)
from .inlines import head_text

BULLET_CHARS = "•◦▪▫‣●○■□➢►✓"   # these open an item on their own
DASH_CHARS = "–—-*"               # these only in a run of at least two items
MIN_DASH_ITEMS = 2
MIN_COUNTED_ITEMS = 2             # "1." alone is a numbered sentence, not a list
LABEL_HEAD_CHARS = 8

_BULLET_RE = re.compile(r"^\s*([" + re.escape(BULLET_CHARS + DASH_CHARS) + r"])\s+(?=\S)")
_COUNTED_RE = re.compile(r"^\s*\(?(\d{1,3}|[a-z])([.)])\s+(?=\S)")


def _label(p: Paragraph) -> Optional[tuple[str, int, int]]:
    """(kind, ordinal, label length) when the paragraph opens with a list label: kind is the
    bullet character, or "1." / "a)" style for counted items (ordinal from 1)."""
    head = head_text(p.content, LABEL_HEAD_CHARS)
    m = _BULLET_RE.match(head)
    if m:
        return m.group(1), 0, m.end()
    m = _COUNTED_RE.match(head)
    if m:
        tok = m.group(1)
        number = int(tok) if tok.isdigit() else ord(tok) - ord("a") + 1
        style = ("1" if tok.isdigit() else "a") + m.group(2) + ("(" if head.lstrip().startswith("(") else "")
        return style, number, m.end()
    return None


def _strip_head(content: list[Inline], n: int) -> list[Inline]:
    """The content without its first n characters of text (the label), looking into a leading
    bold or italic run."""
    out = list(content)
    for k, node in enumerate(out):
        if type(node) is Text:
            if len(node.text) >= n:
                rest = node.text[n:]
                return ([Text(rest)] if rest else []) + out[k + 1:]
            n -= len(node.text)
            continue
        if isinstance(node, CONTAINER_INLINES):
            node.children = _strip_head(node.children, n)
            return out[k:]
        return out[k:]
    return out


def _runs(blocks: list) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the runs of labelled paragraphs that make a list."""
    runs: list[tuple[int, int, str]] = []
    k = 0
    while k < len(blocks):
        first = _label(blocks[k]) if isinstance(blocks[k], Paragraph) else None
        if first is None or first[1] > 1:
            k += 1
            continue
        kind, expect = first[0], first[1]
        j = k + 1
        while j < len(blocks) and isinstance(blocks[j], Paragraph):
            lab = _label(blocks[j])
            if lab is None or lab[0] != kind or (expect and lab[1] != expect + 1):
                break
            expect = lab[1] if expect else 0
            j += 1
        n = j - k
        if (kind in DASH_CHARS and n >= MIN_DASH_ITEMS) or (first[1] and n >= MIN_COUNTED_ITEMS) \
                or (kind in BULLET_CHARS):
            runs.append((k, j, kind))
        k = j
    return runs


def _listed(blocks: list) -> list:
    out: list = []
    last = 0
    for start, end, kind in _runs(blocks):
        out.extend(blocks[last:start])
        items: list[list[Block]] = []
        prov: list[Provenance] = []
        bullet = kind in BULLET_CHARS + DASH_CHARS
        for p in blocks[start:end]:
            lab = _label(p)
            size = lab[2] if lab and bullet else 0
            items.append([Paragraph(_strip_head(p.content, size), list(p.provenance))])
            prov.extend(p.provenance)
        out.append(ListBlock(ordered=not bullet, items=items, provenance=prov, labelled=not bullet))
        last = end
    out.extend(blocks[last:])
    for b in out:
        if isinstance(b, (BoxedText, BlockQuote)):
            b.blocks = _listed(b.blocks)
    return out


def make_lists(doc: Document) -> None:
    """Runs of labelled paragraphs in the body (and in boxes and quotes) become lists."""
    doc.blocks = _listed(doc.blocks)
