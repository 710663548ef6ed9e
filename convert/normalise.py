"""Named, ordered, pure passes Document -> Document.

``normalise(doc)`` copies the document once and runs every pass in order;
each entry of ``PASSES`` is also usable alone and never touches its input.
Running the passes twice gives the same document as running them once.

Order matters: unicode_cleanup, join_lines (needs clean text), rejoin_split_paragraphs
(needs whole lines to see where sentences end), link_urls, link_footnotes (URLs are
already links, so their digits are never taken for markers), tidy.
"""
from __future__ import annotations

import bisect
import copy
import re
from collections import deque
from typing import Callable, Optional

from .model import (CONTAINER_INLINES, Contributor, Document, Emphasis, Footnote, FootnoteRef,
                    Furniture, Heading, Inline, Link, Paragraph, Provenance, Strong, Text, Warning,
                    footnote_labels, iter_paragraph_like)

# ---------------------------------------------------------------- constants

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
DROP_CHARS = {"\u00ad": None, "\u200b": None, "\ufeff": None, "\u2060": None}
SPACE_CHARS = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_ODD_MAP = {**LIGATURES, **{c: "" for c in DROP_CHARS}, **{c: " " for c in SPACE_CHARS},
            **{chr(c): "" for c in range(32) if chr(c) not in "\n\t"}, "\x7f": "",
            **{chr(c): "" for c in range(0x80, 0xa0)}, "\x85": " ", "\u2028": " ", "\u2029": " "}
# str.translate walks every character in Python terms; a character class finds the rare odd ones
ODD_CHAR = re.compile("[" + re.escape("".join(_ODD_MAP)) + "]")
SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,;:!?)\]](?:\s|$)|\.(?:\s|$))")
SPACE_AFTER_OPEN = re.compile(r"[(\[] +(?=\S)")
PUNCT_AFTER_SPACE = re.compile(r" [,;:!?.)\]]")
MULTI_SPACE = re.compile(r"  +")

# hyphenation: a line-end hyphen stays when the second part is one of these
COMPOUND_SECOND = {"in", "up", "out", "off", "on", "down", "over", "back", "based", "term", "level", "wide",
                   "like", "related", "making", "oriented", "owned", "led", "run", "free", "friendly",
                   "specific", "scale", "known", "born", "made", "driven", "sized", "speaking", "style",
                   "type", "wise", "fold", "time", "standing", "ranking", "year", "old", "long", "step",
                   "income", "party", "state", "class", "building", "sharing", "saving"}
# ... or the first part one of these prefixes that keep their hyphen
COMPOUND_FIRST = {"self", "ex", "non", "all", "cross", "well", "vice", "half", "quasi", "full", "part",
                  "counter", "anti", "post", "pre", "co", "multi", "inter", "intra", "mid", "sub", "long",
                  "short", "high", "low", "so", "then", "former", "first", "second", "third", "one", "two",
                  "three", "four", "five", "socio", "geo", "pro"}
PARTICIPLE_MIN = 5
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
URL_PREFIX = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
URL_CONTINUES = tuple("/-_.=?&%#~+")
URL_TOKEN = re.compile(r"^[\w./:?=&%#~+\-@]+$")
# the only characters a line may end in for its line end to be anything but a space
GLUE_ENDS = frozenset(URL_CONTINUES) | {"—", "–"}

# bare URLs become links; what may follow a URL without being part of it
BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’]+", re.IGNORECASE)
URL_TRAILING = set(".,;:!?'\"")

# paragraph rejoining
SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*$")
REJOIN_MAX_ROUNDS = 50
TAIL_CHARS = 12
CLOSERS = set(".!?\"”’')]")

# footnote markers left as digits: "system.1 With", "Department,4 while", "technology,”11 While"
DIGIT_RUN = re.compile(r"\d+")
GLUED_BEFORE = set(".,;:!?\"”’')]")
SPACED_BEFORE = set(".!?\"”’')")
MARKER_MAX_JUMP = 3
HAS_DIGIT = re.compile(r"\d")
MARKER_WARNINGS = ("unlinked-marker", "uncited-footnote")


# ---------------------------------------------------------------- walking


def _containers(doc: Document, *, footnotes: bool = True, front: bool = True):
    """Every list of inlines in the document (lists are mutated in place by callers)."""
    return iter_paragraph_like(doc, front=front, footnotes=footnotes)


def _map_text(content: list[Inline], fn: Callable[[str], str]) -> list[Inline]:
    out: list[Inline] = []
    for n in content:
        if type(n) is Text:
            t = fn(n.text)
            if t == n.text:
                out.append(n)
            elif t:
                out.append(Text(t))
        elif isinstance(n, CONTAINER_INLINES):
            n.children = _map_text(n.children, fn)
            out.append(n)
        else:
            out.append(n)
    return _merge(out) if len(out) > 1 else out


def _merge(content: list[Inline]) -> list[Inline]:
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


# ---------------------------------------------------------------- unicode


def clean_text(s: str) -> str:
    """Ligatures to letters, soft hyphens and zero-width marks out, odd spaces to spaces."""
    if ODD_CHAR.search(s):
        s = ODD_CHAR.sub(_replace_odd, s)
    return respace(s)


def _replace_odd(m: re.Match) -> str:
    return _ODD_MAP[m.group()]


def _drop_space(m: re.Match) -> str:
    # keep the space at the start of a text or after an opening bracket ("( ." stays readable)
    before = m.string[m.start() - 1] if m.start() else ""
    return m.group() if before in ("", "(", "[", "\n") or before.isspace() else ""


def _unicode_cleanup(doc: Document) -> None:
    """Ligatures to letters, soft hyphens and zero-width marks dropped, odd spaces to spaces,
    no space before closing punctuation; metadata and names too."""
    for c in _containers(doc):
        c.content = _map_text(c.content, clean_text)
    md = doc.metadata
    for attr in ("title", "subtitle", "series", "publisher"):
        v = getattr(md, attr)
        if v:
            setattr(md, attr, clean_line(v))
    for c in doc.contributors:
        for attr in ("given_names", "surname", "printed", "affiliation", "position"):
            v = getattr(c, attr)
            if v:
                setattr(c, attr, clean_line(v))


def clean_line(s: str) -> str:
    """A one-line field: whitespace runs to one space first, so cleaning twice changes nothing."""
    return " ".join(clean_text(" ".join(s.split())).split())


# ---------------------------------------------------------------- line ends


class _Vocabulary:
    """Lower-case words as printed unbroken anywhere in the document (line ends excluded),
    read only when a hyphen decision needs it: most line ends never ask."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.words: Optional[set[str]] = None

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            text = "\n".join(_all_text(c.content) for c in _containers(self.doc))
            # words never span whitespace, so the regex need only see each distinct token once:
            # running text repeats most of its tokens, and the Unicode word class is slow
            tokens = "\n".join(set(text.split()))
            self.words = set(WORD.findall(tokens.lower()))
        return word in self.words


def _all_text(content: list[Inline]) -> str:
    out = []
    for n in content:
        if isinstance(n, Text):
            out.append(n.text)
        elif isinstance(n, CONTAINER_INLINES):
            out.append(_all_text(n.children))
        else:
            out.append("\x00")  # a marker breaks words
    return "".join(out)


def keep_hyphen(left: str, right: str, vocabulary) -> bool:
    """Is the hyphen in 'left-' + newline + 'right' part of the word (not hyphenation)?"""
    if not left or not right:
        return True
    if left[-1].isdigit() or right[0].isdigit():
        return True
    if right[0].isupper():
        return True
    lw = WORD.findall(left)
    rw = WORD.findall(right)
    if not lw or not rw:
        return True
    a, b = lw[-1].lower(), rw[0].lower()
    if f"{a}-{b}" in vocabulary:
        return True
    if f"{a}{b}" in vocabulary:
        return False
    # a participle compound ("US backed-sanctions", "state owned-enterprises"): both halves are
    # words printed elsewhere in the document, which hyphenation fragments rarely are
    if a.endswith("ed") and len(a) >= PARTICIPLE_MIN and a in vocabulary and b in vocabulary and len(b) > 2:
        return True
    return b in COMPOUND_SECOND or a.rsplit("-", 1)[-1] in COMPOUND_FIRST


def join_line_ends(s: str, vocabulary) -> str:
    """Line ends inside a text: a space, nothing (URLs, dashes) or a dropped hyphen."""
    if "\n" not in s:
        return s
    if not ("-\n" in s or "—\n" in s or "–\n" in s or "://" in s or "www." in s or "WWW." in s):
        return respace(s.replace("\n", " "))
    lines = s.split("\n")
    out = [lines[0]]
    # the word before the line end is ``carry + _tail(pending)``, worked out only at the few
    # line ends that need it: splitting every line into words was most of this pass's time
    carry, pending = "", lines[0]
    for line in lines[1:]:
        prev = out[-1]
        nxt = line.lstrip(" \t")
        if prev[-1:] not in GLUE_ENDS:
            # the word before the line end ends as ``prev`` does (or ``prev`` ends in a space):
            # no URL, hyphen or dash to glue
            out.append(" " + nxt)
            carry, pending = "", nxt
            continue
        last = carry + _tail(pending)
        glued, last = _join_one(out, prev, last, nxt, vocabulary)
        # a word (or URL) glued across the line end goes on being one word
        carry = last if glued and " " not in nxt.strip() else ""
        pending = nxt
    return respace("".join(out))


def _tail(piece: str) -> str:
    return piece.rsplit(None, 1)[-1] if piece.strip() else ""


def _join_one(out: list[str], prev: str, last: str, nxt: str, vocabulary) -> tuple[bool, str]:
    """Append ``nxt`` after the line end that follows ``last``; (glued?, the word as it now ends)."""
    words = nxt.split(None, 1)  # none when the line is only odd spaces (the pass run alone)
    first = words[0] if words else ""
    if not last or not first or prev[-1:].isspace():
        out.append(" " + nxt)
    elif ("://" in last or last[:4].lower() == "www.") and last.endswith(URL_CONTINUES) \
            and URL_TOKEN.match(first):
        out.append(nxt)
        return True, last
    elif last[-1] == "-" and len(last) > 1 and last[-2].isalnum():
        if "://" in last or last[:4].lower() == "www." or keep_hyphen(last[:-1], first, vocabulary):
            out.append(nxt)
        else:
            out[-1] = prev[:-1]
            out.append(nxt)
            last = last[:-1]
        return True, last
    elif last[-1] in "—–" and len(last) > 1:
        out.append(nxt)
    else:
        out.append(" " + nxt)
    return False, last


def _join_lines(doc: Document) -> None:
    """Line ends to spaces; a line-end hyphen is kept when it is part of the word (digits, a
    capital after it, the document's own spelling elsewhere, a common compound), else dropped."""
    vocabulary = _Vocabulary(doc)
    for c in _containers(doc):
        c.content = _map_text(c.content, lambda t: join_line_ends(t, vocabulary))
        _trim(c)


def _trim(c) -> None:
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


# ---------------------------------------------------------------- split paragraphs


def _first_line(p) -> Optional[int]:
    return next((x.lines[0] for x in p.provenance if x.lines), None)


def _last_line(p) -> Optional[int]:
    return next((x.lines[1] for x in reversed(p.provenance) if x.lines), None)


def _page(p, page_of_line) -> Optional[int]:
    if p.provenance and p.provenance[0].page is not None:
        return p.provenance[0].page
    first = _first_line(p)
    return page_of_line(first) if first is not None else None


def _tail_text(content: list[Inline], n: int = TAIL_CHARS) -> str:
    """The last characters of the text (markers left out), without building the whole string."""
    out = ""
    for node in reversed(content):
        if isinstance(node, Text):
            out = node.text + out
        elif isinstance(node, CONTAINER_INLINES):
            out = _tail_text(node.children, n) + out
        if len(out.strip()) >= n:
            break
    return out


def _head_text(content: list[Inline], n: int = TAIL_CHARS) -> str:
    out = ""
    for node in content:
        if isinstance(node, Text):
            out += node.text
        elif isinstance(node, CONTAINER_INLINES):
            out += _head_text(node.children, n)
        if len(out.strip()) >= n:
            break
    return out


def ends_sentence(content: list[Inline]) -> bool:
    text = _tail_text(content).rstrip()[-2 * TAIL_CHARS:]
    core = text.rstrip("0123456789")
    if core != text and len(text) - len(core) <= 3:  # a marker left as digits: "programme.6", "date. 10"
        stripped = core[:-1] if core.endswith(" ") else core
        if stripped and stripped[-1] in CLOSERS:
            text = stripped
    return bool(SENTENCE_END.search(text))


def starts_lowercase(content: list[Inline]) -> bool:
    text = _head_text(content).lstrip()[:2 * TAIL_CHARS]
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch in ",;)]":
            return True
        if not (ch in "\"'“‘(" or ch.isspace()):
            return False
    return False


class _Layout:
    """Where interruptions (footnotes, furniture, page breaks) fall between paragraphs."""

    def __init__(self, doc: Document):
        self.breaks = sorted({x.lines[0] for f in doc.footnotes for x in f.provenance if x.lines}
                             | {x.lines[0] for f in doc.furniture for x in f.provenance if x.lines})
        self.page_ends = sorted(x.lines[0] for f in doc.furniture for x in f.provenance
                                if x.lines and f.kind in ("page-number", "footer"))
        self._seen: dict[tuple[int, int], tuple[Paragraph, Paragraph, bool]] = {}

    def page_of_line(self, line: int) -> int:
        return bisect.bisect_left(self.page_ends, line)

    def interrupted(self, a: Paragraph, b: Paragraph) -> bool:
        # every rejoining round asks again about the pairs it left alone: answer from memory
        # (the entry holds both paragraphs, so their ids cannot be reused meanwhile)
        key = (id(a), id(b))
        hit = self._seen.get(key)
        if hit is None:
            hit = self._seen[key] = (a, b, self._interrupted(a, b))
        return hit[2]

    def _interrupted(self, a: Paragraph, b: Paragraph) -> bool:
        pa, pb = _page(a, self.page_of_line), _page(b, self.page_of_line)
        if pa is not None and pb is not None and pa != pb:
            return True
        la, lb = _last_line(a), _first_line(b)
        if la is None or lb is None:
            return False
        lo, hi = min(la, lb), max(la, lb)
        k = bisect.bisect_right(self.breaks, lo)
        return (k < len(self.breaks) and self.breaks[k] < hi) or lb < la


def _join(a: Paragraph, b: Paragraph) -> Paragraph:
    content = _merge(list(a.content) + [Text(" ")] + list(b.content))
    p = Paragraph(content, list(a.provenance) + list(b.provenance))
    _trim(p)
    p.content = _map_text(p.content, respace)
    return p


def _rejoin_abstract(doc: Document) -> None:
    out: list[Paragraph] = []
    for p in doc.abstract:
        if out and (not ends_sentence(out[-1].content) or starts_lowercase(p.content)):
            out[-1] = _join(out[-1], p)
        else:
            out.append(p)
    doc.abstract = out


def _rejoin_round(doc: Document, layout: _Layout, ends: dict[int, tuple[Paragraph, bool, bool]]) -> bool:
    """One round of pairing; ``ends`` caches (paragraph, open-ended, starts lowercase) by id
    (holding the paragraph keeps its id from being reused)."""
    blocks = doc.blocks
    idx = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    if len(idx) < 2:
        return False
    nxt = {i: j for i, j in zip(idx, idx[1:]) if not any(isinstance(blocks[k], Heading) for k in range(i + 1, j))}
    for i in idx:
        key = id(blocks[i])
        if key not in ends:
            ends[key] = (blocks[i], not ends_sentence(blocks[i].content), starts_lowercase(blocks[i].content))
    orphans = {i for i in idx if ends[id(blocks[i])][2]}
    open_ended = {i for i in idx if ends[id(blocks[i])][1]}
    pairs: dict[int, int] = {}   # start piece -> its continuation
    taken: set[int] = set()      # continuations already given away
    # a sentence cut by nothing but a blank line (a column change) goes on in the next paragraph
    for i in idx:
        j = nxt.get(i)
        if i in open_ended and j in orphans and i not in taken and not layout.interrupted(blocks[i], blocks[j]):
            pairs[i] = j
            taken.add(j)
    waiting = {i for i in open_ended if i not in pairs and i not in taken
               and (i not in nxt or layout.interrupted(blocks[i], blocks[nxt[i]]))}
    # in reading order: an orphan continues the oldest paragraph still waiting for its end
    queue: deque[int] = deque()
    early: list[int] = []        # orphans met before any paragraph was waiting
    for i in idx:
        if i in orphans and i not in taken:
            if queue:
                pairs[queue.popleft()] = i
                taken.add(i)
            else:
                early.append(i)
        if i in waiting and i not in taken:
            queue.append(i)
    # columns read out of order: an orphan printed before its start, on the same page
    by_page: dict[Optional[int], deque[int]] = {}
    for d in queue:
        by_page.setdefault(_page(blocks[d], layout.page_of_line), deque()).append(d)
    for o in early:
        if o in pairs or o in taken:
            continue  # already the start of a pair: a later round joins the chain
        same = by_page.get(_page(blocks[o], layout.page_of_line))
        while same and (same[0] in pairs or same[0] in taken or same[0] == o):
            same.popleft()
        if same:
            pairs[same.popleft()] = o
            taken.add(o)
    # still waiting: the next paragraph after the interruption carries on the sentence
    for d in queue:
        j = nxt.get(d)
        if d not in pairs and d not in taken and j is not None and j not in taken and j not in pairs:
            pairs[d] = j
            taken.add(j)
    if not pairs:
        return False
    # a continuation may itself have been given a continuation: follow each chain from its start
    joined: dict[int, Paragraph] = {}
    reached: set[int] = set()
    for d in pairs:
        if d in taken:
            continue
        para, k = blocks[d], d
        while k in pairs and pairs[k] not in reached and pairs[k] != d:
            k = pairs[k]
            reached.add(k)
            para = _join(para, blocks[k])
        joined[d] = para
    doc.blocks = [joined.get(i, b) for i, b in enumerate(blocks) if i not in reached]
    return True


def _rejoin_split_paragraphs(doc: Document) -> None:
    """A paragraph cut by a page break, a footnote block or a column change becomes one again,
    with both provenances; pieces read out of order are paired in reading order, then by page."""
    _rejoin_abstract(doc)
    layout = _Layout(doc)
    ends: dict[int, tuple[Paragraph, bool, bool]] = {}
    for _ in range(REJOIN_MAX_ROUNDS):
        if not _rejoin_round(doc, layout, ends):
            break


# ---------------------------------------------------------------- footnotes


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
    return _merge(out)


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


def _link_footnotes(doc: Document) -> None:
    """Digits left glued to words ("system.1 With") become markers when a footnote with that
    label exists and the label fits the citation order; unlinked markers and uncited footnotes
    are reported as warnings (recomputed, so a second run adds none)."""
    cit = _Citations(doc)
    for c in _containers(doc, footnotes=False, front=False):
        c.content = _find_markers(c.content, cit)
    labels = {f.label for f in doc.footnotes}
    cited_set: set[str] = set()
    warnings = [w for w in doc.warnings if w.code not in MARKER_WARNINGS]
    for c in _containers(doc):
        for label in footnote_labels(c.content):
            cited_set.add(label)
            if label not in labels:
                warnings.append(Warning("unlinked-marker", f"footnote marker {label!r} has no footnote",
                                        list(c.provenance)))
    for f in doc.footnotes:
        if f.label not in cited_set:
            warnings.append(Warning("uncited-footnote", f"footnote {f.label!r} is never cited", list(f.provenance)))
    doc.warnings = warnings


# ---------------------------------------------------------------- bare URLs


def split_urls(s: str) -> list[Inline]:
    """Text with bare URLs -> Text and Link nodes (trailing punctuation stays text)."""
    out: list[Inline] = []
    pos = 0
    for m in BARE_URL.finditer(s):
        url = _trim_url(m.group())
        if not url or url.lower() in ("www.", "http://", "https://"):
            continue
        out.append(Text(s[pos:m.start()]))
        out.append(Link(url, [Text(url)]))
        pos = m.start() + len(url)
    out.append(Text(s[pos:]))
    return [x for x in out if not (isinstance(x, Text) and not x.text)]


def _trim_url(url: str) -> str:
    while url:
        if url[-1] in URL_TRAILING:
            url = url[:-1]
        elif url[-1] in ")]" and url.count("(" if url[-1] == ")" else "[") < url.count(url[-1]):
            url = url[:-1]
        else:
            break
    return url


def _has_url(content: list[Inline]) -> bool:
    for n in content:
        if type(n) is Text:
            if "://" in n.text or "www." in n.text or "WWW." in n.text:
                return True
        elif isinstance(n, (Strong, Emphasis)) and _has_url(n.children):
            return True
    return False


def _link_content(content: list[Inline]) -> list[Inline]:
    if not _has_url(content):
        return content
    out: list[Inline] = []
    for n in content:
        if type(n) is Text and ("://" in n.text or "www." in n.text or "WWW." in n.text):
            out.extend(split_urls(n.text))
        elif isinstance(n, (Strong, Emphasis)):
            n.children = _link_content(n.children)
            out.append(n)
        else:
            out.append(n)  # a Link already is one; its text is left alone
    return out


def _link_urls(doc: Document) -> None:
    """Bare URLs become Link nodes, so every reader gives footnote URLs the same shape."""
    for c in _containers(doc):
        c.content = _link_content(c.content)


# ---------------------------------------------------------------- driver


def respace(s: str) -> str:
    """Spacing rules of clean_text alone: no space before closing punctuation, one space between words."""
    if PUNCT_AFTER_SPACE.search(s):
        s = SPACE_BEFORE_PUNCT.sub(_drop_space, s)
    if "( " in s or "[ " in s:
        s = SPACE_AFTER_OPEN.sub(lambda m: m.group()[0], s)
    return MULTI_SPACE.sub(" ", s) if "  " in s else s


def _tidy(doc: Document) -> None:
    """No leading or trailing space in any paragraph, no empty body paragraph."""
    # the passes that join text (lines, paragraphs) respace what they join; here only the ends
    for c in _containers(doc):
        _trim(c)
    doc.blocks = [b for b in doc.blocks if not (isinstance(b, Paragraph) and not b.content)]


_INPLACE: list[tuple[str, Callable[[Document], None]]] = [
    ("unicode_cleanup", _unicode_cleanup),
    ("join_lines", _join_lines),
    ("rejoin_split_paragraphs", _rejoin_split_paragraphs),
    ("link_urls", _link_urls),
    ("link_footnotes", _link_footnotes),
    ("tidy", _tidy),
]


def _copy_prov(ps: list[Provenance]) -> list[Provenance]:
    return [Provenance(p.page, p.bbox, p.lines) for p in ps]


def _copy_inlines(content: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for n in content:
        if type(n) is Text:
            out.append(Text(n.text))
        elif type(n) is FootnoteRef:
            out.append(FootnoteRef(n.label, _copy_prov(n.provenance)))
        elif isinstance(n, Link):
            out.append(Link(n.url, _copy_inlines(n.children)))
        elif isinstance(n, CONTAINER_INLINES):
            out.append(type(n)(_copy_inlines(n.children)))
        else:
            out.append(copy.deepcopy(n))
    return out


def _copy_para(p: Optional[Paragraph]) -> Optional[Paragraph]:
    return None if p is None else Paragraph(_copy_inlines(p.content), _copy_prov(p.provenance))


def _copy_block(b):
    if isinstance(b, Paragraph):
        return _copy_para(b)
    if isinstance(b, Heading):
        return Heading(b.level, _copy_inlines(b.content), _copy_prov(b.provenance))
    return copy.deepcopy(b)


def copy_document(doc: Document) -> Document:
    """A deep copy, faster than copy.deepcopy for the common node types."""
    out = copy.copy(doc)
    out.metadata = copy.deepcopy(doc.metadata)
    out.source = copy.deepcopy(doc.source)
    out.contributors = [Contributor(c.role, c.given_names, c.surname, c.printed, c.affiliation,
                                    _copy_para(c.note), c.marker, c.position) for c in doc.contributors]
    out.disclaimer = _copy_para(doc.disclaimer)
    out.abstract = [_copy_para(p) for p in doc.abstract]
    out.blocks = [_copy_block(b) for b in doc.blocks]
    out.footnotes = [Footnote(f.label, _copy_inlines(f.content), _copy_prov(f.provenance)) for f in doc.footnotes]
    out.furniture = [Furniture(f.kind, f.text, _copy_prov(f.provenance)) for f in doc.furniture]
    out.warnings = [Warning(w.code, w.message, _copy_prov(w.provenance)) for w in doc.warnings]
    out.front_provenance = {k: _copy_prov(v) for k, v in doc.front_provenance.items()}
    return out


def _pure(fn: Callable[[Document], None]) -> Callable[[Document], Document]:
    def run(doc: Document) -> Document:
        out = copy_document(doc)
        fn(out)
        return out
    run.__name__ = fn.__name__.lstrip("_")
    run.__doc__ = fn.__doc__
    return run


PASSES: list[tuple[str, Callable[[Document], Document]]] = [(name, _pure(fn)) for name, fn in _INPLACE]
PASS_NAMES = [name for name, _ in _INPLACE]


def normalise(doc: Document, passes: Optional[list[str]] = None) -> Document:
    """Run the named passes (all by default) in their fixed order on a copy of ``doc``."""
    wanted = PASS_NAMES if passes is None else list(passes)
    unknown = [p for p in wanted if p not in PASS_NAMES]
    if unknown:
        from .errors import BriefconvError
        raise BriefconvError(f"unknown normaliser pass(es): {', '.join(unknown)}")
    out = copy_document(doc)
    for name, fn in _INPLACE:
        if name in wanted:
            fn(out)
    return out
