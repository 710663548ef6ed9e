"""Helpers over lists of inline nodes that several passes share: walking every paragraph-like
container, mapping text, merging neighbouring texts, trimming ends, spacing."""
from __future__ import annotations

import re
from typing import Callable

from ..model import CONTAINER_INLINES, Document, Inline, Text, iter_paragraph_like

SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,;:!?)\]](?:\s|$)|\.(?:\s|$))")
SPACE_AFTER_OPEN = re.compile(r"[(\[] +(?=\S)")
PUNCT_AFTER_SPACE = re.compile(r" [,;:!?.)\]]")
MULTI_SPACE = re.compile(r"  +")
TAIL_CHARS = 12


def containers(doc: Document, *, footnotes: bool = True, front: bool = True):
    """Every list of inlines in the document (lists are mutated in place by callers)."""
    return iter_paragraph_like(doc, front=front, footnotes=footnotes)


def map_text(content: list[Inline], fn: Callable[[str], str]) -> list[Inline]:
    out: list[Inline] = []
    for n in content:
        if type(n) is Text:
            t = fn(n.text)
            if t == n.text:
                out.append(n)
            elif t:
                out.append(Text(t))
        elif isinstance(n, CONTAINER_INLINES):
            n.children = map_text(n.children, fn)
            out.append(n)
        else:
            out.append(n)
    return merge_text(out) if len(out) > 1 else out


def merge_text(content: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for n in content:
        if type(n) is Text:
            if not n.text:
                continue
            if out and type(out[-1]) is Text:
                out[-1] = Text(out[-1].text + n.text)
                continue
        out.append(n)
    return out


def trim(c) -> None:
    content = c.content
    if content and isinstance(content[0], Text):
        text = content[0].text
        t = text.lstrip()
        if len(t) != len(text):  # nothing stripped: no new node, no new list
            content = ([Text(t)] if t else []) + content[1:]
    if content and isinstance(content[-1], Text):
        text = content[-1].text
        t = text.rstrip()
        if len(t) != len(text):
            content = content[:-1] + ([Text(t)] if t else [])
    c.content = content


def all_text(content: list[Inline]) -> str:
    out = []
    for n in content:
        if isinstance(n, Text):
            out.append(n.text)
        elif isinstance(n, CONTAINER_INLINES):
            out.append(all_text(n.children))
        else:
            out.append("\x00")  # a marker breaks words
    return "".join(out)


def tail_text(content: list[Inline], n: int = TAIL_CHARS) -> str:
    """The last characters of the text (markers left out), without building the whole string."""
    out = ""
    for node in reversed(content):
        if isinstance(node, Text):
            out = node.text + out
        elif isinstance(node, CONTAINER_INLINES):
            out = tail_text(node.children, n) + out
        if len(out.strip()) >= n:
            break
    return out


def head_text(content: list[Inline], n: int = TAIL_CHARS) -> str:
    out = ""
    for node in content:
        if isinstance(node, Text):
            out += node.text
        elif isinstance(node, CONTAINER_INLINES):
            out += head_text(node.children, n)
        if len(out.strip()) >= n:
            break
    return out


def respace(s: str) -> str:
    """Spacing rules of clean_text alone: no space before closing punctuation, one space between words."""
    if PUNCT_AFTER_SPACE.search(s):
        s = SPACE_BEFORE_PUNCT.sub(_drop_space, s)
    if "( " in s or "[ " in s:
        s = SPACE_AFTER_OPEN.sub(lambda m: m.group()[0], s)
    return MULTI_SPACE.sub(" ", s) if "  " in s else s


def _drop_space(m: re.Match) -> str:
    # keep the space at the start of a text or after an opening bracket ("( ." stays readable)
    before = m.string[m.start() - 1] if m.start() else ""
    return m.group() if before in ("", "(", "[", "\n") or before.isspace() else ""
