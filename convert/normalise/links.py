"""The link_urls pass: bare URLs become Link nodes, so every reader gives footnote URLs the
same shape."""
from __future__ import annotations

from ..model import Document, Emphasis, Inline, Link, Strong, Text
from ..patterns import find_urls, has_url
from .inlines import containers


def split_urls(s: str) -> list[Inline]:
    """Text with bare URLs -> Text and Link nodes (trailing punctuation stays text)."""
    out: list[Inline] = []
    pos = 0
    for start, url in find_urls(s):
        out.append(Text(s[pos:start]))
        out.append(Link(url, [Text(url)]))
        pos = start + len(url)
    out.append(Text(s[pos:]))
    return [x for x in out if not (isinstance(x, Text) and not x.text)]


def _has_url(content: list[Inline]) -> bool:
    for n in content:
        if type(n) is Text:
            if has_url(n.text):
                return True
        elif isinstance(n, (Strong, Emphasis)) and _has_url(n.children):
            return True
    return False


def _link_content(content: list[Inline]) -> list[Inline]:
    if not _has_url(content):
        return content
    out: list[Inline] = []
    for n in content:
        if type(n) is Text and has_url(n.text):
            out.extend(split_urls(n.text))
        elif isinstance(n, (Strong, Emphasis)):
            n.children = _link_content(n.children)
            out.append(n)
        else:
            out.append(n)  # a Link already is one; its text is left alone
    return out


def link_urls(doc: Document) -> None:
    """Bare URLs become Link nodes, so every reader gives footnote URLs the same shape."""
    for c in containers(doc):
        c.content = _link_content(c.content)
