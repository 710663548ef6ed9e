"""The rejoin_split_paragraphs pass: a paragraph cut by a page break, a footnote block or a
column change becomes one again, with both provenances."""
from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field
from typing import Optional

from ..model import Document, Heading, Inline, Paragraph, Text
from ..patterns import PARAGRAPH_END
from .inlines import TAIL_CHARS, head_text, map_text, merge_text, respace, tail_text, trim

REJOIN_MAX_ROUNDS = 50
# a sentence cut at a page end goes on at most this many pages later
MAX_PAGE_STEP = 1
BULLETS = set("•◦▪▫‣●○■□–-*")
CLOSERS = set(".!?\"”’')]")


def _first_line(p) -> Optional[int]:
    return next((x.lines[0] for x in p.provenance if x.lines), None)


def _last_line(p) -> Optional[int]:
    return next((x.lines[1] for x in reversed(p.provenance) if x.lines), None)


def _last_page(p, page_of_line) -> Optional[int]:
    if p.provenance and p.provenance[-1].page is not None:
        return p.provenance[-1].page
    last = _last_line(p)
    return page_of_line(last) if last is not None else None


def _page(p, page_of_line) -> Optional[int]:
    if p.provenance and p.provenance[0].page is not None:
        return p.provenance[0].page
    first = _first_line(p)
    return page_of_line(first) if first is not None else None


def ends_sentence(content: list[Inline]) -> bool:
    text = tail_text(content).rstrip()[-2 * TAIL_CHARS:]
    core = text.rstrip("0123456789")
    if core != text and len(text) - len(core) <= 3:  # a marker left as digits: "programme.6", "date. 10"
        stripped = core[:-1] if core.endswith(" ") else core
        if stripped and stripped[-1] in CLOSERS:
            text = stripped
    return bool(PARAGRAPH_END.search(text))


def starts_lowercase(content: list[Inline]) -> bool:
    text = head_text(content).lstrip()[:2 * TAIL_CHARS]
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


def _no_page(line: int) -> Optional[int]:
    return None


def _join(a: Paragraph, b: Paragraph) -> Paragraph:
    content = merge_text(list(a.content) + [Text(" ")] + list(b.content))
    p = Paragraph(content, list(a.provenance) + list(b.provenance))
    trim(p)
    p.content = map_text(p.content, respace)
    return p


def _rejoin_abstract(doc: Document) -> None:
    out: list[Paragraph] = []
    for p in doc.abstract:
        # an open sentence goes on in a capitalised paragraph only across a page break: on
        # one page, something left out of the abstract (a list) stood between them
        open_end = not ends_sentence(out[-1].content) if out else False
        if out and ((open_end and _page(out[-1], _no_page) != _page(p, _no_page)) or starts_lowercase(p.content)):
            out[-1] = _join(out[-1], p)
        else:
            out.append(p)
    doc.abstract = out


@dataclass
class _Round:
    """One round of pairing paragraph pieces: indexes into ``blocks`` of the paragraphs, and
    the pairs found so far (start piece -> its continuation)."""
    blocks: list
    layout: _Layout
    idx: list[int]
    nxt: dict[int, int]          # paragraph -> the next paragraph, when no heading is between
    orphans: set[int]            # paragraphs that start in lower case
    open_ended: set[int]         # paragraphs whose text does not end a sentence
    pairs: dict[int, int] = field(default_factory=dict)
    taken: set[int] = field(default_factory=set)   # continuations already given away

    def free(self, i: int) -> bool:
        return i not in self.pairs and i not in self.taken

    def pair(self, start: int, continuation: int) -> None:
        self.pairs[start] = continuation
        self.taken.add(continuation)

    def page(self, i: int) -> Optional[int]:
        return _page(self.blocks[i], self.layout.page_of_line)

    def reachable(self, start: int, continuation: int) -> bool:
        """A continuation comes after its start in reading order, on the same page, the next
        one, or the first page with text after the start (pages of figures or tables between):
        a sentence never resumes backwards or across a page of text it skipped."""
        if continuation <= start:
            return False
        end_page = _last_page(self.blocks[start], self.layout.page_of_line)
        next_page = self.page(continuation)
        if end_page is None or next_page is None:
            return True
        k = bisect.bisect_right(self.idx, start)
        following = self.idx[k] if k < len(self.idx) else continuation
        nearest_text_page = self.page(following)
        limit = max(end_page + MAX_PAGE_STEP, nearest_text_page or end_page)
        return end_page <= next_page <= limit


def _rejoin_round(doc: Document, layout: _Layout, ends: dict[int, tuple[Paragraph, bool, bool]]) -> bool:
    """One round of pairing; ``ends`` caches (paragraph, open-ended, starts lowercase) by id
    (holding the paragraph keeps its id from being reused)."""
    r = _start_round(doc.blocks, layout, ends)
    if r is None:
        return False
    _pair_neighbours(r)
    queue, early = _pair_in_reading_order(r)
    _pair_orphans_printed_first(r, queue, early)
    _pair_across_interruptions(r, queue)
    if not r.pairs:
        return False
    doc.blocks = _join_chains(r.blocks, r.pairs, r.taken)
    return True


def _start_round(blocks: list, layout: _Layout, ends: dict[int, tuple[Paragraph, bool, bool]]) -> Optional[_Round]:
    idx = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    if len(idx) < 2:
        return None
    nxt = {i: j for i, j in zip(idx, idx[1:]) if not any(isinstance(blocks[k], Heading) for k in range(i + 1, j))}
    for i in idx:
        key = id(blocks[i])
        if key not in ends:
            ends[key] = (blocks[i], not ends_sentence(blocks[i].content), starts_lowercase(blocks[i].content))
    orphans = {i for i in idx if ends[id(blocks[i])][2]}
    open_ended = {i for i in idx if ends[id(blocks[i])][1]}
    return _Round(blocks, layout, idx, nxt, orphans, open_ended)


def _pair_neighbours(r: _Round) -> None:
    """A sentence cut by nothing but a blank line (a column change) goes on in the next paragraph."""
    for i in r.idx:
        j = r.nxt.get(i)
        if i in r.open_ended and j in r.orphans and i not in r.taken \
                and not r.layout.interrupted(r.blocks[i], r.blocks[j]) and r.reachable(i, j):
            r.pair(i, j)


def _pair_in_reading_order(r: _Round) -> tuple[deque[int], list[int]]:
    """In reading order, an orphan continues the oldest paragraph still waiting for its end;
    returns the paragraphs still waiting and the orphans met before any paragraph waited."""
    waiting = {i for i in r.open_ended if r.free(i)
               and (i not in r.nxt or r.layout.interrupted(r.blocks[i], r.blocks[r.nxt[i]]))}
    queue: deque[int] = deque()
    early: list[int] = []
    for i in r.idx:
        if i in r.orphans and i not in r.taken:
            while queue and not r.reachable(queue[0], i):
                queue.popleft()  # too far back: no later orphan can continue it either
            if queue:
                r.pair(queue.popleft(), i)
            else:
                early.append(i)
        if i in waiting and i not in r.taken:
            queue.append(i)
    return queue, early


def _pair_orphans_printed_first(r: _Round, queue: deque[int], early: list[int]) -> None:
    """Columns read out of order: an orphan printed before its start, on the same page."""
    by_page: dict[Optional[int], deque[int]] = {}
    for d in queue:
        by_page.setdefault(r.page(d), deque()).append(d)
    for o in early:
        if not r.free(o):
            continue  # already the start of a pair: a later round joins the chain
        same = by_page.get(r.page(o))
        while same and (not r.free(same[0]) or same[0] == o):
            same.popleft()
        if same:
            r.pair(same.popleft(), o)


def _pair_across_interruptions(r: _Round, queue: deque[int]) -> None:
    """Still waiting: the next paragraph after the interruption carries on the sentence."""
    for d in queue:
        j = r.nxt.get(d)
        if r.free(d) and j is not None and r.free(j) and not _starts_item(r.blocks[j]) and r.reachable(d, j):
            r.pair(d, j)


def _starts_item(p: Paragraph) -> bool:
    """A bulleted paragraph opening a new sentence ("• The fund ...") is a list item of its
    own, not the rest of the sentence before it ("• put it, ..." may still be)."""
    head = head_text(p.content).lstrip()
    rest = head[1:].lstrip()
    return head[:1] in BULLETS and bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def _join_chains(blocks: list, pairs: dict[int, int], taken: set[int]) -> list:
    """A continuation may itself have been given a continuation: follow each chain from its start."""
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
    return [joined.get(i, b) for i, b in enumerate(blocks) if i not in reached]


def rejoin_split_paragraphs(doc: Document) -> None:
    """A paragraph cut by a page break, a footnote block or a column change becomes one again,
    with both provenances; pieces read out of order are paired in reading order, then by page."""
    _rejoin_abstract(doc)
    layout = _Layout(doc)
    ends: dict[int, tuple[Paragraph, bool, bool]] = {}
    for _ in range(REJOIN_MAX_ROUNDS):
        if not _rejoin_round(doc, layout, ends):
            break
