"""Footnote markers left as digits in PDF-derived text, matched to the notes in order.

pdftotext prints a superscript marker as plain digits glued to the word or the punctuation
before it: "in Seattle, WA, on September 20, 1969.1 Planning began", "(Lazarus et al.,
2006):19".  Taken alone such digits look like a number's tail; what makes them markers is
that the document's notes are numbered 1, 2, 3 ... and the markers come in that order.  So
the running text is read once, and a digit run becomes a FootnoteRef only when it is the
next label expected (or a label or two later, when a marker was lost), a note with that
label exists, and the digits stand where a marker stands: glued after a word or punctuation
and followed by a space, punctuation or the end of the block.  After a number and a point
("2.5", "1969.1") the digits must also be followed by a new sentence, so that a decimal is
never read as a marker.  What this pass leaves, the normaliser's link_footnotes still tries.
"""
from __future__ import annotations

import re
from ...model import FootnoteRef, Inline, Text
from ..source import FOOTNOTE, TEXT, SourceBlock

MARKER_MAX_JUMP = 2            # labels that may be skipped when a marker went missing
ACRONYM_MAX_CHARS = 4          # "G20", "UF6": digits glued to a short capitalised word
# a candidate: 1-3 digits after a letter or closing punctuation, not inside a longer token
CANDIDATE = r"(?<![\d\s(\[#$§-])({})(?![\w/%°-])"
GLUED_AFTER = set(".,;:!?\"”’')]")
NEW_SENTENCE = re.compile(r"\s+[\"“‘(\[]?[A-Z]")
TOKEN_END = set(" \t\n")


class _Order:
    """The labels still expected, in the order the notes print them."""

    def __init__(self, blocks: list[SourceBlock]):
        self.labels = {b.label for b in blocks if b.kind == FOOTNOTE and b.label and b.label.isdigit()}
        numbers = sorted(int(x) for x in self.labels)
        self.next = numbers[0] if numbers else 0
        self.highest = numbers[-1] if numbers else 0
        self.cited: set[str] = set()
        self._patterns: dict[int, re.Pattern] = {}

    def fits(self, label: str) -> bool:
        n = int(label)
        return label in self.labels and label not in self.cited and self.next <= n <= self.next + MARKER_MAX_JUMP

    def may_cite(self, s: str) -> bool:
        """A cheap test first: does the text hold the digits of a label expected now?"""
        return self.next <= self.highest and any(str(n) in s for n in range(self.next, self.next + MARKER_MAX_JUMP + 1))

    def pattern(self) -> re.Pattern:
        """Candidates for the labels expected now (a pattern per position in the count)."""
        if self.next not in self._patterns:
            alts = "|".join(str(n) for n in range(self.next + MARKER_MAX_JUMP, self.next - 1, -1))
            self._patterns[self.next] = re.compile(CANDIDATE.format(alts))
        return self._patterns[self.next]

    def see(self, label: str) -> None:
        self.cited.add(label)
        self.next = max(self.next, int(label) + 1)


def link_text_markers(blocks: list[SourceBlock]) -> None:
    """Digits in running-text blocks that are the next footnote markers become FootnoteRefs."""
    order = _Order(blocks)
    if not order.labels:
        return
    for b in blocks:
        if b.kind == TEXT and any(isinstance(n, Text) and order.may_cite(n.text) for n in b.content):
            b.content = _split(b.content, order)


def _split(content: list[Inline], order: _Order) -> list[Inline]:
    out: list[Inline] = []
    for n in content:
        if isinstance(n, FootnoteRef):
            if n.label.isdigit():
                order.see(n.label)
            out.append(n)
        elif isinstance(n, Text) and order.may_cite(n.text):
            out.extend(_markers_in(n.text, order))
        else:
            out.append(n)
    return out


def _markers_in(s: str, order: _Order) -> list[Inline]:
    out: list[Inline] = []
    pos = search = 0
    while order.may_cite(s[search:]):
        m = order.pattern().search(s, search)
        if m is None:
            break
        search = m.end()
        label = m.group(1)
        if not _glued(s, m.start()) or not order.fits(label) or not _stands_as_marker(s, m.start(), m.end()):
            continue
        out.append(Text(s[pos:m.start()]))
        out.append(FootnoteRef(label))
        order.see(label)
        pos = m.end()
    if pos == 0:
        return [Text(s)]
    out.append(Text(s[pos:]))
    return [x for x in out if not (isinstance(x, Text) and not x.text)]


def _glued(s: str, start: int) -> bool:
    """The digits follow a letter or closing punctuation, with no space between."""
    before = s[start - 1] if start else ""
    return before.isalpha() or before in GLUED_AFTER


def _stands_as_marker(s: str, start: int, end: int) -> bool:
    after = s[end] if end < len(s) else ""
    if after and after not in TOKEN_END and after not in ".,;:)":
        return False
    token = _token_before(s, start)
    if "://" in token or "/" in token or "@" in token or "www." in token.lower():
        return False
    word = token.rstrip(".,;:!?\"”’')]")
    if word == token and word.isupper() and len(word) <= ACRONYM_MAX_CHARS:
        return False  # "G20", "UF6": a name with a number, not a marker
    if _after_number(token):
        # "1969.1 Planning": a new sentence must follow, or "2.5 million" would be a marker
        return after == "" or NEW_SENTENCE.match(s, end) is not None
    return True


def _token_before(s: str, start: int) -> str:
    a = start
    while a > 0 and not s[a - 1].isspace():
        a -= 1
    return s[a:start]


def _after_number(token: str) -> bool:
    """The token before the digits ends in a number and a point or comma ("1969.", "2,")."""
    core = token.rstrip("\"”’')]")
    return len(core) >= 2 and core[-1] in ".," and core[-2].isdigit()
