"""The link_footnotes pass: digits left glued to words ("system.1 With") become footnote
markers where the label fits the citation order; unlinked markers and uncited footnotes are
reported as warnings."""
from __future__ import annotations

import re
from typing import Optional

from ..model import CONTAINER_INLINES, Document, FootnoteRef, Inline, Link, Text, Warning, footnote_labels
from ..patterns import URL_PREFIX
from .inlines import containers, merge_text

# footnote markers left as digits: "system.1 With", "Department,4 while", "technology,”11 While"
DIGIT_RUN = re.compile(r"\d+")
GLUED_BEFORE = set(".,;:!?\"”’')]")
SPACED_BEFORE = set(".!?\"”’')")
MARKER_MAX_JUMP = 3
HAS_DIGIT = re.compile(r"\d")
MARKER_WARNINGS = ("unlinked-marker", "uncited-footnote")


def _numeric(label: str) -> Optional[int]:
    return int(label) if label.isdigit() else None


class _Citations:
    def __init__(self, doc: Document):
        self.labels = {f.label for f in doc.footnotes}
        self.last = 0
        self.cited: set[str] = set()
        self.highest = max((n for n in map(_numeric, self.labels) if n is not None), default=0)

    @property
    def exhausted(self) -> bool:
        """No uncited label above the last one: no digits can be markers any more."""
        return self.last >= self.highest

    def see(self, label: str) -> None:
        self.cited.add(label)
        n = _numeric(label)
        if n is not None and n > self.last:
            self.last = n

    def fits(self, label: str, glued_to_letter: bool) -> bool:
        n = _numeric(label)
        if n is None or label not in self.labels or label in self.cited:
            return False
        if glued_to_letter:
            return n == self.last + 1
        return self.last < n <= self.last + MARKER_MAX_JUMP


def _find_markers(content: list[Inline], cit: _Citations) -> list[Inline]:
    out: list[Inline] = []
    for n in content:
        if isinstance(n, FootnoteRef):
            cit.see(n.label)
            out.append(n)
        elif isinstance(n, Link):
            for label in footnote_labels(n.children):  # digits in a link are no markers; refs count
                cit.see(label)
            out.append(n)
        elif isinstance(n, CONTAINER_INLINES):
            n.children = _find_markers(n.children, cit)
            out.append(n)
        elif isinstance(n, Text):
            if cit.exhausted:
                out.append(n)
            else:
                out.extend(_split_markers(n.text, cit))
        else:
            out.append(n)
    return merge_text(out)


def _marker_kind(s: str, start: int, end: int) -> Optional[str]:
    """'glued' ("system.1 With"), 'spaced' ("system. 1 With") or None for a real number."""
    if end - start > 3 or start == 0:
        return None
    after = s[end] if end < len(s) else ""
    before = s[start - 1]
    if before == " ":
        if start < 2 or s[start - 2] not in SPACED_BEFORE:
            return None
        rest = s[end:].lstrip()
        if after and after != " " or rest and not (rest[0].isupper() or rest[0] in "“\"("):
            return None
        return "spaced"
    if after and not (after.isspace() or after in ".,;:"):
        return None
    if before.isalpha() or before in GLUED_BEFORE:
        return None if _inside_token(s, start, end) else "glued"
    return None


def _split_markers(s: str, cit: _Citations) -> list[Inline]:
    if not HAS_DIGIT.search(s):
        return [Text(s)]
    out: list[Inline] = []
    pos = 0
    for m in DIGIT_RUN.finditer(s):
        start, end = m.span()
        kind = _marker_kind(s, start, end)
        if kind is None:
            continue
        label = m.group()
        if not cit.fits(label, glued_to_letter=(kind == "glued" and s[start - 1].isalpha())):
            continue
        cut = start - 1 if kind == "spaced" else start
        out.append(Text(s[pos:cut]))
        out.append(FootnoteRef(label))
        cit.see(label)
        pos = end
    out.append(Text(s[pos:]))
    return [x for x in out if not (isinstance(x, Text) and not x.text)]


def _inside_token(s: str, start: int, end: int) -> bool:
    """Digits inside a URL, a number ("1.5"), an acronym ("G20") or a code are not markers."""
    a = start
    while a > 0 and not s[a - 1].isspace():
        a -= 1
    token = s[a:start]
    if URL_PREFIX.search(token) or "/" in token or "@" in token:
        return True
    if any(ch.isdigit() for ch in token):
        return True
    word = token.rstrip(".,;:!?\"”’')]")
    if word and word == token and (word.isupper() and len(word) <= 4):
        return True
    return end < len(s) and s[end] in ".," and end + 1 < len(s) and s[end + 1].isdigit()


def link_footnotes(doc: Document) -> None:
    """Digits left glued to words ("system.1 With") become markers when a footnote with that
    label exists and the label fits the citation order; unlinked markers and uncited footnotes
    are reported as warnings (recomputed, so a second run adds none)."""
    cit = _Citations(doc)
    for c in containers(doc, footnotes=False, front=False):
        c.content = _find_markers(c.content, cit)
    labels = {f.label for f in doc.footnotes}
    cited_set: set[str] = set()
    warnings = [w for w in doc.warnings if w.code not in MARKER_WARNINGS]
    for c in containers(doc):
        for label in footnote_labels(c.content):
            cited_set.add(label)
            if label not in labels:
                warnings.append(Warning("unlinked-marker", f"footnote marker {label!r} has no footnote",
                                        list(c.provenance)))
    for f in doc.footnotes:
        if f.label not in cited_set:
            warnings.append(Warning("uncited-footnote", f"footnote {f.label!r} is never cited", list(f.provenance)))
    doc.warnings = warnings
