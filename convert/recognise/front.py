"""Front matter of a policy brief, line by line: the recognisers and the walk over them.

Each recogniser is a small pure function over one line of text.  ``Front``
walks the lines of the first blocks once, filling the document's metadata,
contributors, disclaimer and front provenance; what no recogniser claims and
is not the title goes back to the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..patterns import SENTENCE_END_BEFORE_MARKER
from ..model import Contributor, Document, FootnoteRef, Furniture, Paragraph, Provenance, Text, plain_text
from ..extract.source import HEADING, TEXT, SourceBlock
from .dates import add_date, find_date, parse_date, split_trailing_date
from .names import AUTHOR_PREFIX, note_marker, parse_byline, parse_editors, person_and_role

# ---------------------------------------------------------------- thresholds

BODY_MIN_CHARS = 200          # a text block this long that no recogniser claims starts the body
BODY_MIN_WORDS = 15          # ... or a full sentence of this many words
FRONT_SCAN_LINES = 12         # lines of a block searched for a date or byline
FRONT_MAX_BLOCKS = 20         # front matter never runs longer than this
SERIES_MAX_WORDS = 5
SERIES_MAX_CHARS = 50
SERIES_MIN_SIZE = 0.6         # relative to body text
TITLE_MAX_CHARS = 250
BYLINE_CONTINUATION_MAX = 60  # a short line right after a byline may finish it ("Corner *")
DATE_LINE_MAX_WORDS = 14       # a front line that carries a date among other words is no longer
NAME_BLOCK_LINE_MAX_WORDS = 10  # a name or role line of a cover's author block is no longer
LEDE_MIN_WORDS = 8            # a bold sentence this long after the byline is the lede
ABSTRACT_HEADING_LEVEL = 2

DISCLAIMER = re.compile(
    r"\b(?:views|opinions|findings|conclusions|statements)\s+(?:expressed|presented|contained|stated)"
    r"|\bdo(?:es)?\s+not\s+(?:necessarily\s+)?(?:represent|reflect)"
    r"|\bthose\s+of\s+the\s+authors?\b|\bsole(?:ly)?\s+responsib|\bauthors?\s+alone\b|^\s*\(?disclaimer\b",
    re.IGNORECASE)
DISCLAIMER_MAX_CHARS = 600
DISCLAIMER_START = re.compile(r"^(?:the\s+|any\s+|all\s+)?(?:views|opinions|findings|disclaimer|statements)\b",
                              re.IGNORECASE)
ABSTRACT_HEADING = re.compile(r"^\s*(?:abstract|summary|executive\s+summary|overview|key\s+(?:points|findings))\s*:?\s*$",
                              re.IGNORECASE)
MARKER_LINES = ("*", "†", "‡", "§", "¶", "**")
# a web address: a title never carries one, a cover's imprint box ("Institute / https://... / No. 12") does
URL_IN_LINE = re.compile(r"\bhttps?://\S+|\bwww\.\S+\.\S+")
IMPRINT_MAX_WORDS = 16
# words that name a part of a publication, not a series ("Front cover", "Table of Contents")
STRUCTURE_WORDS = {"front", "back", "inside", "cover", "contents", "table", "of", "page", "title", "index",
                   "appendix", "chapter", "section", "part", "home", "menu"}
# a web page's breadcrumb trail ("Home > Topics > The Title"): the title is its last step
BREADCRUMB = re.compile(r"\s+[>»›]\s+")
HTML_TAG = re.compile(r"</?[a-z][a-z0-9]*>")  # inline HTML a Markdown converter left ("<mark>")
SECTION_LABEL_MAX_WORDS = 3
TITLE_BEFORE_DATE_MIN_WORDS = 2  # words before a date joined to a title line   # a plain front line this short may be a section label, not a title
INITIALS = re.compile(r"\b[A-Z]\.")


# ---------------------------------------------------------------- recognisers


def is_disclaimer(s: str) -> bool:
    s = s.strip()
    return 0 < len(s) <= DISCLAIMER_MAX_CHARS and bool(DISCLAIMER.search(s))


def strip_disclaimer(s: str) -> str:
    s = " ".join(s.split()).strip()
    while s.startswith("(") and s.endswith(")") and _balanced(s[1:-1]):
        s = s[1:-1].strip()
    return s


def _balanced(s: str) -> bool:
    depth = 0
    for c in s:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    return depth == 0


def is_series_label(s: str) -> bool:
    """A short label such as a publication series, printed above the title."""
    s = HTML_TAG.sub("", s).strip()
    words = s.split()
    if not 1 <= len(words) <= SERIES_MAX_WORDS or len(s) > SERIES_MAX_CHARS:
        return False
    if s[-1] in ".?!:;," or parse_date(s) or is_disclaimer(s):
        return False
    if all(w.casefold() in STRUCTURE_WORDS for w in words):  # "Front cover", "Table of Contents"
        return False
    return sum(1 for w in words if w[:1].isupper() or w[:1].isdigit()) >= max(1, len(words) - 1)


def is_abstract_heading(s: str) -> bool:
    return bool(ABSTRACT_HEADING.match(s))


def is_abstract_label(b: SourceBlock) -> bool:
    """A heading, or a text line alone (plain text has no type to set it apart), that labels an
    abstract ("Summary", "Executive Summary", "Key Findings")."""
    text = plain_text(b.content).strip()
    return b.kind in (HEADING, TEXT) and (b.kind == HEADING or "\n" not in text) and is_abstract_heading(text)


# ---------------------------------------------------------------- front lines


@dataclass
class FrontLine:
    text: str
    block: int
    prov: list[Provenance]
    kind: str
    level: int = 0
    bold: bool = False
    italic: bool = False
    size: float = 1.0
    parts: tuple[str, ...] = ()  # a heading's printed lines (its text joins them)


@dataclass
class Group:
    lines: list[FrontLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(x.text.strip() for x in self.lines)

    @property
    def first(self) -> FrontLine:
        return self.lines[0]

    @property
    def provenance(self) -> list[Provenance]:
        return _merge_prov([p for x in self.lines for p in x.prov])


def _merge_prov(provs: list[Provenance]) -> list[Provenance]:
    out: list[Provenance] = []
    for p in provs:
        last = out[-1] if out else None
        if (last is not None and last.lines and p.lines and last.page == p.page and last.bbox is None
                and p.bbox is None and p.lines[0] <= last.lines[1] + 1):
            out[-1] = Provenance(page=p.page, lines=(last.lines[0], max(last.lines[1], p.lines[1])))
        elif last is None or last != p:
            out.append(Provenance(page=p.page, bbox=p.bbox, lines=p.lines))
    return out


def lines_of(i: int, b: SourceBlock) -> list[FrontLine]:
    text = plain_text(b.content)
    parts = [text.replace("\n", " ")] if b.kind == HEADING else text.split("\n")
    first_lines = b.provenance[0].lines if len(b.provenance) == 1 else None
    per_line = first_lines is not None and first_lines[1] - first_lines[0] + 1 == len(parts)
    out = []
    for k, s in enumerate(parts):
        if not s.strip():
            continue
        if per_line and first_lines is not None:
            a = first_lines[0] + k
            prov = [Provenance(page=b.provenance[0].page, lines=(a, a))]
        else:
            prov = list(b.provenance)
        printed = tuple(x.strip() for x in text.split("\n") if x.strip()) if b.kind == HEADING else (s.strip(),)
        out.append(FrontLine(s.strip(), i, prov, b.kind, b.level, b.bold, b.italic, b.size, printed))
    return out


def _starts_front(s: str) -> bool:
    return bool(parse_date(s) or parse_byline(s) or parse_editors(s) or note_marker(s)
                or is_disclaimer(s[:DISCLAIMER_MAX_CHARS]) and s.lstrip().startswith("("))


def front_extent(blocks: list[SourceBlock]) -> int:
    """Index of the first body block."""
    for i, b in enumerate(blocks[:FRONT_MAX_BLOCKS]):
        if is_abstract_label(b):
            return i
        if b.kind != TEXT:
            continue
        text = plain_text(b.content)
        first = text.split("\n", 1)[0]
        words = len(text.split())
        long_enough = len(text) >= BODY_MIN_CHARS or (
            words >= BODY_MIN_WORDS and SENTENCE_END_BEFORE_MARKER.search(text) is not None)
        lede = b.bold and (words >= BODY_MIN_WORDS or words >= LEDE_MIN_WORDS and SENTENCE_END_BEFORE_MARKER.search(text))
        cites = words >= BODY_MIN_WORDS and any(isinstance(n, FootnoteRef) for n in b.content)
        if (long_enough or lede or cites) and not _starts_front(first) and not any(
                _front_item(x) for x in text.split("\n")[:FRONT_SCAN_LINES]):
            return i
    return min(len(blocks), FRONT_MAX_BLOCKS)


@dataclass
class FrontResult:
    """What the walk leaves for the body: the unclaimed line groups (not title, subtitle or
    series) and the indices of the blocks the front matter took."""

    leftover: list[Group]
    consumed: set[int]


class Front:
    """Walks the front lines once, filling the document's metadata."""

    def __init__(self, doc: Document, header_title: Optional["HeaderTitle"] = None):
        self.doc = doc
        self.header_title = header_title
        self.groups: list[Group] = []
        self.notes: list[tuple[str, str, list[Provenance]]] = []
        self.leftover: list[Group] = []
        self.claimed_blocks: set[int] = set()
        self.saw_byline = False

    def run(self, lines: list[FrontLine]) -> "FrontResult":
        i = 0
        self.prev_unclassified: Optional[FrontLine] = None
        while i < len(lines):
            n_groups = sum(len(g.lines) for g in self.groups)
            i_next = self._line(lines, i)
            if sum(len(g.lines) for g in self.groups) == n_groups:
                self.prev_unclassified = None
                self.claimed_blocks.update(x.block for x in lines[i:i_next])
            else:
                self.prev_unclassified = lines[i]
            i = i_next
        self._titles()
        self._attach_notes()
        consumed = {x.block for g in self.groups if g not in self.leftover for x in g.lines} | self.claimed_blocks
        return FrontResult(list(self.leftover), consumed)

    def _prov(self, key: str, provs: list[Provenance]) -> None:
        self.doc.front_provenance.setdefault(key, []).extend(_merge_prov(provs))

    def _same_block_rest(self, lines, i) -> list[FrontLine]:
        return [x for x in lines[i:] if x.block == lines[i].block]

    def _line(self, lines: list[FrontLine], i: int) -> int:
        """Index after the line(s) the first claiming rule took; an unclaimed line is a title candidate."""
        for _name, rule in RULES:
            j = rule(self, lines, i)
            if j > i:
                return j
        self._unclassified(lines[i])
        return i + 1

    # ------------------------------------------------------------ the rules, in the order tried
    # each takes (lines, i) and returns the index after what it claimed, or i when it claims nothing

    def _rule_disclaimer(self, lines: list[FrontLine], i: int) -> int:
        # a parenthesis runs until it closes, else to the end of the sentence
        if self.doc.disclaimer is not None or lines[i].kind == HEADING:
            return i
        j, text = self._disclaimer_span(lines, i)
        if j > i:
            provs = [p for y in lines[i:j] for p in y.prov]
            self.doc.disclaimer = Paragraph([Text(strip_disclaimer(text))], _merge_prov(provs))
            self._prov("disclaimer", provs)
        return j

    def _rule_author_note(self, lines: list[FrontLine], i: int) -> int:
        x = lines[i]
        if x.kind == HEADING or not (self.saw_byline or self.doc.contributors) or not note_marker(x.text):
            return i
        rest = self._same_block_rest(lines, i)
        found = note_marker(" ".join(y.text for y in rest))
        if found is None:
            return i
        marker, text = found
        provs = [p for y in rest for p in y.prov]
        self.notes.append((marker, text, provs))
        self._prov("author-note", provs)
        return i + len(rest)

    def _rule_date(self, lines: list[FrontLine], i: int) -> int:
        x = lines[i]
        first = self.doc.metadata.date is None
        date = parse_date(x.text)
        # under the title, a short line may carry the date after a qualifier or at its end (a
        # qualified date may follow a docket number's full stop: "No. 11-889. Decided June 13, 2013")
        if date is None and self.groups and len(x.text.split()) <= DATE_LINE_MAX_WORDS:
            date = find_date(x.text)
            if date is not None and date.qualifier is None and SENTENCE_END_BEFORE_MARKER.search(x.text):
                date = None
        # a date printed in large type is a heading to the extractor; a bare year there is a title
        if date is None and first and x.kind != HEADING:
            return self._title_then_date(x, i)
        if date is None or (x.kind == HEADING and "-" not in date.iso) or not first and date.qualifier is None:
            return i
        add_date(self.doc.metadata, date)
        self._prov("date" if first else "history", x.prov)
        return i + 1

    def _title_then_date(self, x: FrontLine, i: int) -> int:
        """A title line with the date line joined to its end: the date, and the rest a title
        candidate."""
        found = split_trailing_date(x.text)
        if found is None or len(found[0].split()) < TITLE_BEFORE_DATE_MIN_WORDS or SENTENCE_END_BEFORE_MARKER.search(found[0]):
            return i
        head, date = found
        add_date(self.doc.metadata, date)
        self._prov("date", x.prov)
        self._unclassified(FrontLine(head, x.block, x.prov, x.kind, x.level, x.bold, x.italic, x.size, (head,)))
        return i + 1

    def _rule_byline(self, lines: list[FrontLine], i: int) -> int:
        # a byline set in large type is a heading to the extractor: only its "By" says it is a byline
        if lines[i].kind == HEADING and not AUTHOR_PREFIX.match(lines[i].text):
            return i
        j, people = self._byline(lines, i)
        if not people:
            return i
        self.saw_byline = True
        self.doc.contributors.extend(people)
        authors = [p for y in lines[i:j] for p in y.prov]
        self._prov("byline", authors)
        if any(c.role == "editor" for c in people):
            self._prov("editors", authors)
        return j

    def _rule_names(self, lines: list[FrontLine], i: int) -> int:
        """Names stacked without a "By" on a cover, under the title: every printed line of the
        block is a name or a short role line under one, and the first is a name."""
        from .backmatter import Line, authors_from_lines  # backmatter builds on this module
        if self.doc.authors or (i > 0 and lines[i - 1].block == lines[i].block) or not self._title_above(lines[i]):
            return i
        rest = self._same_block_rest(lines, i)
        parts = [p for y in rest for p in y.parts]
        if not _name_block(parts):
            return i
        # one block: the order of its lines ties a role to its name, not the block's box
        where = [Provenance(page=p.page, lines=p.lines) for p in rest[0].prov]
        people = authors_from_lines([Line(p, where) for p in parts])
        # one bare two-word "name" is as likely a line of the title ("Cybersecurity Strategy")
        if not people or len(people) == 1 and not people[0].affiliation and not INITIALS.search(parts[0]):
            return i
        self.doc.contributors.extend(people)
        self._prov("byline", [p for y in rest for p in y.prov])
        return i + len(rest)

    def _title_above(self, x: FrontLine) -> bool:
        """A title candidate stands above the line: a larger heading, or for text a line that is
        not a series label."""
        if x.kind == HEADING:
            return any(g.first.kind == HEADING and g.first.level < x.level for g in self.groups)
        return any(not is_series_label(g.text) for g in self.groups)

    def _rule_editors(self, lines: list[FrontLine], i: int) -> int:
        x = lines[i]
        editors = parse_editors(x.text) if x.kind != HEADING else None
        if not editors:
            return i
        self.doc.contributors.extend(editors)
        self._prov("editors", x.prov)
        return i + 1

    def _rule_marker(self, lines: list[FrontLine], i: int) -> int:
        # a marker alone on its line finishes the byline above it ("Ana Lima" / "*")
        x = lines[i]
        s = x.text.strip()
        if x.kind == HEADING or not s or not all(c in "*†‡§¶ " for c in s) or not self.doc.contributors:
            return i
        last = self.doc.authors[-1] if self.doc.authors else self.doc.contributors[-1]
        last.marker = last.marker or s
        return i + 1

    def _disclaimer_span(self, lines, i) -> tuple[int, str]:
        first = lines[i].text.lstrip()
        if not (first.startswith("(") or DISCLAIMER_START.match(first) or DISCLAIMER.search(first)):
            return i, ""
        rest = self._same_block_rest(lines, i)
        text = ""
        for k, y in enumerate(rest):
            text = f"{text} {y.text}".strip()
            if text.startswith("(") and _balanced(text):
                break
            if not text.startswith("(") and SENTENCE_END_BEFORE_MARKER.search(text):
                break
        else:
            k = len(rest) - 1
        if is_disclaimer(text):
            return i + k + 1, text
        return i, ""

    def _byline(self, lines, i) -> tuple[int, Optional[list[Contributor]]]:
        text = lines[i].text
        if not parse_byline(text):
            return i, None
        j = i + 1
        while j < len(lines) and lines[j].block == lines[i].block and lines[j].kind != HEADING:
            nxt = lines[j].text
            if (len(nxt) > BYLINE_CONTINUATION_MAX or _starts_front(nxt) or nxt.strip() in MARKER_LINES
                    or is_abstract_heading(nxt)):
                break
            longer = parse_byline(f"{text} {nxt}")
            if not longer:
                break
            text = f"{text} {nxt}"
            j += 1
        return j, parse_byline(text)

    def _unclassified(self, x: FrontLine) -> None:
        last = self.groups[-1] if self.groups else None
        if (last is not None and last.lines[-1].block == x.block and last.first.kind == x.kind
                and self._adjacent(last.lines[-1], x)):
            last.lines.append(x)
        else:
            self.groups.append(Group([x]))

    def _adjacent(self, a: FrontLine, b: FrontLine) -> bool:
        return self.prev_unclassified is a

    def _titles(self) -> None:
        imprints = [g for g in self.groups if _is_imprint(g)]
        self.doc.furniture.extend(Furniture("header", "\n".join(x.text for x in g.lines), g.provenance) for g in imprints)
        groups = [g for g in self.groups if len(g.text) <= TITLE_MAX_CHARS and g not in imprints]
        rest = [g for g in self.groups if g not in imprints]
        if self.header_title is not None and (not groups or _weak_title(_pick_title(groups), self.header_title)):
            self._header_title(rest)
        elif not groups:
            self.leftover = rest
        else:
            self._printed_title(_pick_title(groups), imprints)

    def _printed_title(self, title: Group, imprints: list[Group]) -> None:
        """The title group, the series label above it and the subtitle right after it."""
        self.doc.metadata.title = BREADCRUMB.split(title.text)[-1].strip() or title.text
        self._prov("title", title.provenance)
        ti = self.groups.index(title)
        before = self.groups[:ti]
        # type far smaller than the body's is a wordmark or an imprint, not a label
        series = next((g for g in reversed(before) if is_series_label(g.text) and g.first.size >= SERIES_MIN_SIZE),
                      None)
        if series is not None:
            self.doc.metadata.series = series.text
            self._prov("series", series.provenance)
        after = self.groups[ti + 1:]
        if after and self._is_subtitle(title, after[0]):
            self.doc.metadata.subtitle = after[0].text
            self._prov("subtitle", after[0].provenance)
            after = after[1:]
        self.leftover = [g for g in before if g is not series and g not in imprints] + after

    def _header_title(self, groups: list[Group]) -> None:
        """The running header printed at the top of page 1 is the title when the front lines offer
        only plain-type candidates: a text converter keeps the title only as that header."""
        head = self.header_title
        assert head is not None
        self.doc.metadata.title = head.text
        self._prov("title", head.provenance)
        first = groups[0] if groups else None
        if first is not None and is_series_label(first.text) and _printed_before(first, head.provenance):
            self.doc.metadata.series = first.text
            self._prov("series", first.provenance)
            groups = groups[1:]
        self.leftover = groups

    def _is_subtitle(self, title: Group, g: Group) -> bool:
        """The group right after the title continues it: a heading, or the same or the next block."""
        near = g.first.kind == HEADING or g.first.block in (title.first.block, title.lines[-1].block + 1)
        return near and len(g.text) <= TITLE_MAX_CHARS and not self._after_byline(g)

    def _after_byline(self, g: Group) -> bool:
        byline = self.doc.front_provenance.get("byline") or self.doc.front_provenance.get("date")
        if not byline or not g.first.prov or g.first.prov[0].lines is None or byline[0].lines is None:
            return False
        return g.first.prov[0].lines[0] > byline[0].lines[0]

    def _attach_notes(self) -> None:
        authors = self.doc.authors or self.doc.contributors
        for marker, text, provs in self.notes:
            target = next((c for c in authors if c.marker == marker and c.note is None), None)
            if target is None:
                target = next((c for c in authors if c.note is None), None)
            if target is None:
                self.leftover.append(Group([FrontLine(f"{marker} {text}", -1, provs, TEXT)]))
                continue
            target.marker = target.marker or marker
            target.note = Paragraph([Text(text)], _merge_prov(provs))


@dataclass
class HeaderTitle:
    """A running header printed at the top of page 1: the title a text converter kept."""

    text: str
    provenance: list[Provenance]


def _is_imprint(g: Group) -> bool:
    """An imprint box (organisation, web address, report number): short lines, one a URL."""
    text = g.text
    return bool(URL_IN_LINE.search(text)) and len(text.split()) <= IMPRINT_MAX_WORDS and not any(
        SENTENCE_END_BEFORE_MARKER.search(URL_IN_LINE.sub("", x.text)) for x in g.lines)


def _weak_title(g: Group, header: HeaderTitle) -> bool:
    """A plain line of a word or three, shorter than page 1's running header, is a section label
    ("Background") left in the front, not the title the header repeats."""
    x = g.first
    cues = x.kind == HEADING or x.bold or x.size > 1.0
    words = len(g.text.split())
    return not cues and len(g.lines) == 1 and words <= SECTION_LABEL_MAX_WORDS < len(header.text.split())


def _printed_before(g: Group, provs: list[Provenance]) -> bool:
    """The group stands above the first of ``provs`` (by line number in text, else assumed)."""
    a = g.first.prov[0] if g.first.prov else None
    b = provs[0] if provs else None
    if a is None or b is None or a.lines is None or b.lines is None:
        return True
    return a.lines[0] < b.lines[0]


def _name_block(parts: list[str]) -> bool:
    """The printed lines could be names over roles: a name first, every line short."""
    return bool(parts) and person_and_role(parts[0]) is not None and not any(
        len(p.split()) > NAME_BLOCK_LINE_MAX_WORDS or SENTENCE_END_BEFORE_MARKER.search(p) or parse_date(p) for p in parts)


def _pick_title(groups: list[Group]) -> Group:
    """The top heading, else the largest type, else the first line that is not a series label."""
    headings = [g for g in groups if g.first.kind == HEADING]
    if headings:
        top = min(g.first.level for g in headings)
        return next(g for g in headings if g.first.level == top)
    if any(g.first.size > 1.0 for g in groups):
        return max(groups, key=lambda g: g.first.size)
    if len(groups) > 1 and is_series_label(groups[0].text):
        return groups[1]
    return groups[0]


# the front-line rule chain (markdown-it style): a named list, tried in order, first claim wins
RULES: list[tuple[str, Callable[[Front, list[FrontLine], int], int]]] = [
    ("disclaimer", Front._rule_disclaimer),
    ("author-note", Front._rule_author_note),
    ("date", Front._rule_date),
    ("byline", Front._rule_byline),
    ("names", Front._rule_names),
    ("editors", Front._rule_editors),
    ("marker", Front._rule_marker),
]


def split_front_blocks(blocks: list[SourceBlock], start: int) -> list[SourceBlock]:
    """Running text glued under a byline or date in one block (no blank line, no full stop
    between them) becomes a block of its own, so that it can start the body."""
    out: list[SourceBlock] = []
    for i, b in enumerate(blocks):
        if i > start or b.kind != TEXT or not b.content or not isinstance(b.content[0], Text) \
                or "\n" in plain_text(b.content[1:]):
            out.append(b)
            continue
        lines = b.content[0].text.split("\n")
        heading = next((k for k in range(len(lines)) if is_abstract_heading(lines[k])), None)
        if heading is not None and len(lines) > 1:
            out.extend(_with_tail(_split_at(b, lines, heading, heading + 1), b.content[1:]))
            continue
        cut = next((k for k in range(1, len(lines)) if _front_item(lines[k - 1])
                    and len(lines[k].split()) >= 3 and _body_like(lines[k:])), None)
        out.extend([b] if cut is None else _with_tail(_split_at(b, lines, cut, cut), b.content[1:]))
    return out


def _with_tail(pieces: list[SourceBlock], tail: list) -> list[SourceBlock]:
    """The inlines after a split block's first text (a footnote marker on its last line) stay
    at the end of its last piece."""
    if tail and pieces:
        pieces[-1].content = pieces[-1].content + list(tail)
    return pieces


def _split_at(b: SourceBlock, lines: list[str], cut: int, resume: int) -> list[SourceBlock]:
    """The block's lines before ``cut`` and from ``resume`` on; a line between them is a heading."""
    def piece(kind, a, z, **kw):
        return SourceBlock(kind, [Text("\n".join(lines[a:z]))], line_prov(b.provenance, a, z, len(lines)),
                           bold=b.bold, italic=b.italic, size=b.size, **kw)
    out = [piece(TEXT, 0, cut)] if cut > 0 else []
    if resume > cut:
        out.append(piece(HEADING, cut, resume, level=ABSTRACT_HEADING_LEVEL))
    if resume < len(lines):
        out.append(piece(TEXT, resume, len(lines)))
    return out


def line_prov(provs: list[Provenance], a: int, z: int, n: int) -> list[Provenance]:
    """Provenance of lines a..z-1 of a block of n lines (the whole block's when lines are unknown)."""
    if len(provs) == 1 and provs[0].lines and provs[0].lines[1] - provs[0].lines[0] + 1 == n:
        first = provs[0].lines[0]
        return [Provenance(page=provs[0].page, lines=(first + a, first + z - 1))]
    return list(provs)


def _front_item(s: str) -> bool:
    return bool(parse_date(s) or parse_byline(s) or parse_editors(s))


def _body_like(lines: list[str]) -> bool:
    text = "\n".join(lines)
    if len(text.split()) < BODY_MIN_WORDS or SENTENCE_END_BEFORE_MARKER.search(text) is None:
        return False
    return not any(_front_item(x) or note_marker(x) or x.strip() in MARKER_LINES for x in lines)
