"""What the JATS4R recommendations (reusable JATS) ask of a finished article beyond the DTD.

Run once over the whole ``<article>`` tree after the writers have built it, so the rules live
in one place and every writer function stays about its own element:

* **Link text.** JATS4R requires a description for every link, in the element's text or in
  ``@xlink:title``; a link whose printed text is the address itself has none.  We never
  invent words: the title is the printed text that introduces the address in its own
  paragraph (a quoted title there if there is one, else the clause since the sentence began
  or the previous link), and only when nothing is printed before it, the address's host
  name (``www.gao.gov``), which is printed too.
* **Permissions.** JATS4R requires ``article-meta/permissions``.  When the front-matter
  writer found no printed copyright or licence statement it adds none; an empty
  ``<permissions/>`` then says "no statement known" (valid under the DTD, where every child
  of ``permissions`` is optional), at the place the DTD's content model gives it.
"""
from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

from lxml import etree

from ..standards import XLINK_NS

XLINK_TITLE = f"{{{XLINK_NS}}}title"
XLINK_HREF = f"{{{XLINK_NS}}}href"
# link text JATS4R takes for a bare address (its own test: the text starts with a scheme)
ADDRESS_TEXT = re.compile(r"^(?:https?|s?ftp)://", re.I)
# inline elements: a link's description is looked for in the block around them
INLINE_TAGS = frozenset({"italic", "bold", "sup", "sub", "underline", "monospace", "sc",
                         "ext-link", "uri", "xref", "named-content", "styled-content"})
# a sentence ends at ., ! or ? (closing quotes or brackets allowed) before a space and a
# capital; not after a lone capital ("U.S. Department", "J. Smith"): an initial or abbreviation
SENTENCE_BREAK = re.compile(r"(?<!\b[A-Z])[.!?][\"'”’)\]]*\s+(?=[A-Z\"“‘(])")
# a quoted title, straight or curly quotes, at least a few characters
QUOTED = re.compile(r"[\"“]([^\"“”]{4,}?)[,.;:]?[\"”]")
# words that only lead up to an address ("available at", "see", "from"): no description
LEAD_IN = re.compile(r"(?:[\s,;:(\-–—]|\b(?:available|accessible|online|retrieved|accessed|"
                     r"see|also|at|from|on|via|here|in)\b)+$", re.I)
# a description needs some letters; longer introductions keep their last words
MIN_TITLE_LETTERS = 3
MAX_TITLE_CHARS = 200
# article-meta children that come after permissions in the DTD's content model
AFTER_PERMISSIONS = ("self-uri", "related-article", "related-object", "abstract",
                     "trans-abstract", "kwd-group", "funding-group", "support-group",
                     "conference", "counts", "custom-meta-group")


LINK_TAGS = ("ext-link", "uri")


def finish(root: etree._Element) -> None:
    """Apply the JATS4R additions to a complete ``<article>`` tree in place."""
    blocks = dict.fromkeys(enclosing_block(el) for el in root.iter(*LINK_TAGS))
    for block in blocks:  # one pass per block: a paragraph of 70,000 links stays linear
        describe_links(block)
    meta = root.find("front/article-meta")
    if meta is not None:
        ensure_permissions(meta)


def needs_title(el: etree._Element) -> bool:
    if el.get(XLINK_TITLE):
        return False
    text = "".join(el.itertext()).strip()
    return not text or text == el.get(XLINK_HREF) or bool(ADDRESS_TEXT.match(text))


def link_title(before: str, el: etree._Element) -> str:
    """The printed words that introduce a link, or its host name when none are printed."""
    title = introduction(" ".join(before.split()))
    return title or host_of(el.get(XLINK_HREF) or "".join(el.itertext()))


def enclosing_block(el: etree._Element) -> etree._Element:
    block = el.getparent()
    while block is not None and block.tag in INLINE_TAGS and block.getparent() is not None:
        block = block.getparent()
    return block if block is not None else el


def describe_links(block: etree._Element) -> None:
    """Give each bare-address link in the block the text before it since the previous link."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag in LINK_TAGS:
                if needs_title(child):
                    child.set(XLINK_TITLE, link_title("".join(parts), child))
                parts.clear()  # the previous link's introduction is not the next one's
            else:
                walk(child)
            parts.append(child.tail or "")

    walk(block)


def introduction(before: str) -> str:
    """The clause that leads up to an address: a quoted title in it, else the clause."""
    clause = SENTENCE_BREAK.split(before)[-1]
    quoted = QUOTED.findall(clause)
    text = quoted[-1] if quoted else LEAD_IN.sub("", clause)
    text = text.strip(" ,;:([-–—")
    if len(text) > MAX_TITLE_CHARS:
        cut = text[-MAX_TITLE_CHARS:]
        text = cut[cut.find(" ") + 1:] if " " in cut else cut
    return text if sum(c.isalpha() for c in text) >= MIN_TITLE_LETTERS else ""


def host_of(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url if "://" in url else "http://" + url)
    return parts.hostname or url


def ensure_permissions(meta: etree._Element) -> Optional[etree._Element]:
    """Add an empty ``<permissions/>`` where the DTD puts it, unless there is one."""
    if meta.find("permissions") is not None:
        return None
    el = etree.Element("permissions")
    following = next((c for c in meta if c.tag in AFTER_PERMISSIONS), None)
    if following is None:
        meta.append(el)
    else:
        following.addprevious(el)
    return el
