"""pdftotext and plain text -> [SourceBlock].

Three flavours share one idea: find page furniture and footnote zones first,
then cut the remaining lines into paragraphs.  Markdown marks paragraphs with
blank lines and carries font cues (``**``, ``_``, ``#``); pdftotext shows them
only through line lengths, indentation and blank lines, and in ``-layout``
mode may put two columns side by side on one text line.

Nothing here decides hyphenation, footnote linking or paragraph rejoining:
that is the normaliser's job.  Line ends inside a block stay ``"\\n"``.
"""
from __future__ import annotations

import re
import statistics
from typing import Optional

from ...model import Text
from ...patterns import AUTHOR_SECTION, BACK_MATTER_TITLE, TEXT_LINE_END
from ..source import FOOTNOTE, FURNITURE, HEADING, TEXT, SourceBlock
from .contents import CONTENTS_KIND, contents_start, heading_key, is_contents, toc_titles
from .tables import take_layout_tables
from .lines import (BULLETS, TITLE_KIND, GLUED_FOOTNOTE, join_drop_caps, Line, Segment, find_furniture, is_url_continuation, left_margin, line_provenance, split_columns,
                    split_pages)

# ---------------------------------------------------------------- thresholds

# paragraph breaks from line lengths: the next line's first word would have fit on this
# line with this many characters to spare (proportional fonts make counts approximate)
FIT_SLACK_CHARS = 3
WIDTH_WINDOW = 6                  # lines either side used to estimate the local column width
WIDTH_OUTLIER = 1.2               # lines longer than this x the local median are joined lines
SHORT_LINE_SHARE = 0.6            # a sentence-ending line shorter than this share ends a paragraph
INDENT_MIN = 2                    # first-line indent, in characters, that opens a paragraph
HEADING_MAX_WORDS = 10            # a section heading in running text: this short, title case
TEXT_HEADING_MAX_CHARS = 80            # (PDF headings may be longer: they have fonts to show them)
HEADING_CAPS_SHARE = 0.6
CAPS_HEADING_MIN_WORDS = 2        # one word in capitals may be an acronym, not a heading
BODY_BLOCK_MIN_CHARS = 100        # a heading follows running text at least this long
LABEL_MAX_CHARS = 40              # a section label ("Author Information") is no longer
HEADING_LEVEL = 2                 # section headings found in plain text (the title is level 1)
FOOTNOTE_SKIP = 2                 # "7http..." still starts a footnote when 5 and 6 went missing
NOTE_GAP_LOOKAHEAD = 20           # lines after a blank that may finish a note before the next note
TOC_HEADING_MAX_LINES = 3         # a heading named in the contents wraps over at most this many lines
NOTE_GAP_NEAR = 2                 # ... when the note's last line ended a sentence: the next note is this near
NOTE_TAIL_LINES = 3               # lines at a page's foot that may finish the last note after a blank
RECENT_MAX_LINES = 400            # running text searched for a note's marker (a few pages)
UNWRAPPED_MEDIAN = 150            # plain text whose lines are this long is one paragraph per line

# a heading does not end on these: a line ending so goes on
CONNECTIVES = {"and", "or", "of", "the", "a", "an", "for", "to", "in", "on", "with", "by", "from", "at"}
ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|St|No|Vol|vol|ch|sec|pp|Sr|Jr|Gen|Col|Lt|Rep|Sen|Gov|Amb|vs|etc|e\.g|i\.e|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$")
SPACED_FOOTNOTE = re.compile(r"^(\d{1,3})\s+(?=\S)")
GLUED_TEXT_FOOTNOTE = re.compile(r"^(\d{1,3})(?=[A-Z“\"‘][a-z])")   # "1Eastern Europe ..."
# a footnote marker left as digits in running text: glued to a word or after punctuation
MARKER = r"(?:(?<=[^\W\d_])|(?<=[.,;:!?\"”’')\]])){}(?![\w/-])"
ANY_MARKER = re.compile(MARKER.format(r"\d{1,3}"))
CLOSERS_AND_MARKER = re.compile(r"[\"'”’)\]*]*(?: ?\d{1,3})?$")  # what may follow a sentence's last word


# ---------------------------------------------------------------- pdftotext / plain


class Paged:
    def __init__(self, text: str, plain: bool = False):
        self.pages = split_pages(text)
        self.plain = plain
        self.next_label = 1
        self.first_note = True        # no footnote found yet: the first label may be any number
        self.out: list[SourceBlock] = []
        # (last text block, its last line, local width) of the previous column
        self.pending: Optional[tuple[SourceBlock, Line, float]] = None
        # running-text lines since the last footnotes, where their markers are looked for
        self.recent: list[str] = []
        self.recent_markers = False   # has any line of running text a marker-like digit run?
        self.toc: set[str] = set()    # entry titles of the contents page: the section headings
        self.unwrapped = False        # plain text with one paragraph per line

    def blocks(self) -> list[SourceBlock]:
        furniture = find_furniture(self.pages) if not self.plain or len(self.pages) > 1 else {}
        self.unwrapped = self.plain and self._unwrapped()
        for page in self.pages:
            body: list[Line] = []
            after: list[SourceBlock] = []
            for x in page:
                kind = furniture.get(id(x))
                if kind == TITLE_KIND:
                    self._title(x, body)
                elif kind:
                    block = SourceBlock(FURNITURE, [Text(x.stripped)], [line_provenance(x.page, x.no, x.no)],
                                        furniture_kind=kind)
                    (after if any(y.stripped for y in body) else self.out).append(block)
                else:
                    body.append(x)
            self._page_body(body)
            self.out.extend(after)
        return self.out

    def _page_body(self, body: list[Line]) -> None:
        body = join_drop_caps(body)
        if not self.plain:  # column blocks of pdftotext -layout
            body, found = take_layout_tables(body)
            self.out.extend(found)
        cut = contents_start(body) if is_contents(body) else len(body)
        for seg in split_columns(body[:cut]):
            self._segment(seg, self.unwrapped)
        if cut < len(body):
            self._contents(body[cut:])

    def _title(self, x: Line, body: list[Line]) -> None:
        """The cover's title (the line later pages repeat as their header) is a level-1 heading;
        a title wrapped over lines is one heading."""
        last = self.out[-1] if self.out else None
        prov = line_provenance(x.page, x.no, x.no)
        if last is not None and last.kind == HEADING and last.level == 1 and not body \
                and last.provenance[-1].lines and last.provenance[-1].lines[1] == x.no - 1:
            last.content = [Text(_text_of(last) + "\n" + x.stripped)]
            last.provenance[-1].lines = (last.provenance[-1].lines[0], x.no)
            return
        if any(y.stripped for y in body):  # what stood above the title is a block of its own
            self._page_body(body)
            body.clear()
        self.out.append(SourceBlock(HEADING, [Text(x.stripped)], [prov], level=1))

    def _contents(self, body: list[Line]) -> None:
        """A contents page is navigation: its lines are furniture, its entries name the headings."""
        self.toc.update(toc_titles(body))
        self.pending = None  # no paragraph runs on across a contents page
        for x in body:
            if x.stripped:
                self.out.append(SourceBlock(FURNITURE, [Text(x.stripped)], [line_provenance(x.page, x.no, x.no)],
                                            furniture_kind=CONTENTS_KIND))

    def _unwrapped(self) -> bool:
        lengths = [len(x.stripped) for p in self.pages for x in p if x.stripped]
        return bool(lengths) and statistics.median(lengths) >= UNWRAPPED_MEDIAN

    def _segment(self, seg: Segment, unwrapped: bool) -> None:
        lines = seg.lines
        margin = left_margin(lines)
        i = 0
        while i < len(lines):
            start = self._footnote_zone(lines, i)
            end = self._zone_end(lines, start)
            self._body(lines[i:start], margin, unwrapped)
            self._remember(lines[i:start], start < end)
            self._footnotes(lines[start:end])
            i = end

    def _body(self, body: list[Line], margin: int, unwrapped: bool) -> None:
        paras = paragraphs(body, unwrapped)
        if self.toc:
            paras = [q for para in paras for q in self._toc_split(para)]
        for i, para in enumerate(paras):
            text = "\n".join(x.stripped for x in para)
            prov = line_provenance(para[0].page, para[0].no, para[-1].no)
            toc_heading = self._named_heading(para, text)
            if i == 0 and self.pending is not None and not unwrapped and not toc_heading \
                    and self._continues(para[0], margin):
                block = self.pending[0]
                block.content = [Text(_text_of(block) + "\n" + text)]
                block.provenance.append(prov)
                continue
            heading = toc_heading or self._found_heading(paras, i, text)
            block = SourceBlock(HEADING if heading else TEXT, [Text(text)], [prov],
                                level=HEADING_LEVEL if heading else 0, indent=para[0].indent >= margin + INDENT_MIN)
            self.out.append(block)
        if paras:
            width = _Widths(body[-(WIDTH_WINDOW + 1):])[-1]
            self.pending = (self.out[-1], paras[-1][-1], width) if self.out[-1].kind == TEXT else None

    def _named_heading(self, para: list[Line], text: str) -> bool:
        """A paragraph that a contents entry names, or a section label alone ("Author
        Information"), is a heading whatever its length."""
        if self.toc and heading_key(text.replace("\n", " ")) in self.toc:
            return True
        return len(para) == 1 and _label_line(para[0])

    def _found_heading(self, paras: list[list[Line]], i: int, text: str) -> bool:
        """A short paragraph before another that reads as a heading (no contents page named it)."""
        if i + 1 >= len(paras):
            return False
        para = paras[i]
        if len(para) <= 2 and self._heading_alone(text.replace("\n", " ")):
            return True
        return len(para) == 1 and _cut_as_heading(para[0], paras[i + 1])

    def _heading_alone(self, text: str) -> bool:
        """A one-line paragraph after running text, short and title case, not a sentence
        (a question may be a heading: "When Does an Election Occur?")."""
        return self._after_running_text() and looks_like_heading(text) and not _ends_statement(text)

    def _toc_split(self, para: list[Line]) -> list[list[Line]]:
        """Lines of a paragraph that repeat a contents entry, after a finished sentence or at its
        start, are that section's heading: the paragraph is cut before and after them."""
        out: list[list[Line]] = []
        start = i = 0
        while i < len(para):
            n = self._toc_lines(para, i) if i == 0 or ends_sentence(para[i - 1].stripped) else 0
            if n:
                out += [q for q in (para[start:i], para[i:i + n]) if q]
                start = i = i + n
            else:
                i += 1
        if start < len(para):
            out.append(para[start:])
        return out

    def _toc_lines(self, para: list[Line], i: int) -> int:
        """How many lines from i repeat a contents entry (0 when none do)."""
        for n in range(1, min(TOC_HEADING_MAX_LINES, len(para) - i) + 1):
            if heading_key(" ".join(x.stripped for x in para[i:i + n])) in self.toc:
                return n
        return 0

    def _after_running_text(self) -> bool:
        last = next((b for b in reversed(self.out) if b.kind in (TEXT, HEADING)), None)
        text = _text_of(last) if last is not None and last.kind == TEXT else ""
        return len(text) >= BODY_BLOCK_MIN_CHARS and ends_sentence(text)

    def _continues(self, first: Line, margin: int) -> bool:
        """Does the last paragraph of the previous column/page run on into this one?"""
        assert self.pending is not None
        _, last, width = self.pending
        if first.indent >= margin + INDENT_MIN:
            return False
        p = last.stripped
        if len(_text_of(self.pending[0])) < BODY_BLOCK_MIN_CHARS:
            return False  # a label or a caption ends its page, not a paragraph going on
        if len(p) < SHORT_LINE_SHARE * width and first.stripped[:1].isupper():
            return False  # a line that does not fill its column ends its paragraph ("98-317")
        if not ends_sentence(p):
            return True
        word = first.stripped.split(None, 1)[0]
        return len(p) >= SHORT_LINE_SHARE * width and len(p) + 1 + len(word) > width - FIT_SLACK_CHARS

    # -- footnotes at the end of a column / page

    def _footnote_start(self, s: str, label: int) -> Optional[re.Match]:
        if not s[:1].isdigit():
            return None
        m = GLUED_FOOTNOTE.match(s)
        if m:  # "7http://...": a footnote even when a label or two went missing before it
            return m if label <= int(m.group(1)) <= label + FOOTNOTE_SKIP else None
        m = SPACED_FOOTNOTE.match(s) or GLUED_TEXT_FOOTNOTE.match(s)
        return m if m and int(m.group(1)) == label else None

    def _footnote_zone(self, lines: list[Line], i: int) -> int:
        """Index of the next footnote line at or after i (len(lines) when none)."""
        for k in range(i, len(lines)):
            if self.first_note:
                self._first_label(lines, i, k)
            m = self._footnote_start(lines[k].stripped, self.next_label)
            if not m:
                continue
            if m.re is not GLUED_FOOTNOTE and not self._plausible_text_notes(lines, i, k, m.group(1)):
                continue
            return k
        return len(lines)

    def _first_label(self, lines: list[Line], i: int, k: int) -> None:
        """An excerpt's notes may start at any number ("19 This study ..."): before the first
        note, a spaced label that the text above cites is taken as where the count starts."""
        m = SPACED_FOOTNOTE.match(lines[k].stripped)
        if m and int(m.group(1)) != self.next_label and \
                _cites(self.recent + [x.stripped for x in lines[i:k]], m.group(1)):
            self.next_label = int(m.group(1))

    def _plausible_text_notes(self, lines: list[Line], i: int, k: int, label: str) -> bool:
        """A "1 Some text" line opens footnotes when its marker was cited in the text above it
        (a year or a count opening a line is not cited as a marker), or when it sits in the lower
        part of a column, set apart by a blank line or a finished sentence above it."""
        above = [x.stripped for x in lines[i:k]]
        if _cites(self.recent + above, label):
            return True
        if k < len(lines) // 3 or self.recent_markers or any(ANY_MARKER.search(x.stripped) for x in lines):
            return False  # the text cites its notes with markers: an uncited number is no note
        if lines[k].gap_before or k == 0:
            return True
        return bool(TEXT_LINE_END.search(lines[k - 1].stripped))

    def _zone_end(self, lines: list[Line], start: int) -> int:
        """The footnotes run until body text resumes after a blank line (a note whose sentence
        is unfinished goes on after the blank)."""
        if start >= len(lines):
            return start
        first = self._footnote_start(lines[start].stripped, self.next_label)
        label = int(first.group(1)) if first else self.next_label
        for k in range(start + 1, len(lines)):
            s = lines[k].stripped
            m = self._footnote_start(s, label + 1)
            if m:
                label = int(m.group(1))
                continue
            if lines[k].gap_before and not is_url_continuation(lines[k - 1].stripped, s) \
                    and not self._note_goes_on(lines, k, label + 1):
                return k
        return len(lines)

    def _note_goes_on(self, lines: list[Line], k: int, label: int) -> bool:
        """After a blank line, line k finishes an unfinished note when the next note follows it."""
        if len(lines) - k <= NOTE_TAIL_LINES and lines[k].page is not None:
            return True  # the last note's last lines, alone at the page's foot
        reach = NOTE_GAP_NEAR if ends_sentence(lines[k - 1].stripped) else NOTE_GAP_LOOKAHEAD
        for x in lines[k + 1:k + 1 + reach]:
            if self._footnote_start(x.stripped, label):
                return True
        return False

    def _remember(self, body: list[Line], notes_follow: bool) -> None:
        texts = [x.stripped for x in body]
        if not self.recent_markers and any(ANY_MARKER.search(t) for t in texts):
            self.recent_markers = True
        self.recent = [] if notes_follow else (self.recent + texts)[-RECENT_MAX_LINES:]

    def _footnotes(self, lines: list[Line]) -> None:
        current: Optional[SourceBlock] = None
        text_lines: list[str] = []
        for x in lines:
            s = x.stripped
            m = self._footnote_start(s, self.next_label)
            if m:
                self._flush(current, text_lines)
                current = SourceBlock(FOOTNOTE, [], [line_provenance(x.page, x.no, x.no)], label=m.group(1))
                text_lines = [s[m.end():].strip()]
                self.next_label = int(m.group(1)) + 1
                self.first_note = False
            elif current is not None:
                text_lines.append(s)
                first_line = current.provenance[-1].lines
                current.provenance[-1].lines = (first_line[0] if first_line else x.no, x.no)
        self._flush(current, text_lines)

    def _flush(self, block: Optional[SourceBlock], text_lines: list[str]) -> None:
        if block is None:
            return
        joined = text_lines[0]
        for s in text_lines[1:]:
            joined += ("" if is_url_continuation(joined, s) else "\n") + s
        block.content = [Text(joined)]
        self.out.append(block)


# ---------------------------------------------------------------- paragraphs


def paragraphs(lines: list[Line], unwrapped: bool = False) -> list[list[Line]]:
    """Cut a column's lines into paragraphs: blank lines, indentation, short sentence-ending lines."""
    if not lines:
        return []
    if unwrapped:
        return [[x] for x in lines]
    lines, items = bullet_items(lines)
    if not lines:
        return []
    widths = _Widths(lines)
    margin = left_margin(lines)
    out: list[list[Line]] = [[lines[0]]]
    for i in range(1, len(lines)):
        if id(lines[i]) in items or is_break(lines[i - 1], lines[i], widths, i - 1, margin) or _one_line_items(lines, i) or \
                _label_line(lines[i - 1]) or _label_line(lines[i]) or \
                _heading_between(lines, i, widths) or (len(out[-1]) == 1 and _heading_then_text(lines, i, widths)
                                                       and not _two_line_heading(lines[i - 1:i + 1], lines, i + 1)) \
                or (len(out[-1]) == 2 and _two_line_heading(out[-1], lines, i)):
            out.append([lines[i]])
        else:
            out[-1].append(lines[i])
    return out


def _label_line(x: Line) -> bool:
    """A section label that stands alone on its line ("Author Information", "Disclaimer",
    "Acknowledgments"): never part of a paragraph or of a heading wrapped over two lines."""
    s = x.stripped
    if len(s) > LABEL_MAX_CHARS or not s[:1].isupper():
        return False
    # "About ..." titles are left to the heading rules: running text may open a line so
    return AUTHOR_SECTION.match(s) is not None or (BACK_MATTER_TITLE.match(s) is not None
                                                   and not s.lower().startswith("about"))


def bullet_items(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """Lines without the lone bullet glyphs, and id(Line) of each list item's first line.

    pdftotext often prints a list's bullets as lines of their own ("•", "• • •") before
    the items: N bullets stand for the next N items, each ending where a line ends a
    clause (";", "."); a line that starts with a bullet starts an item too."""
    kept: list[Line] = []
    starts: set[int] = set()
    owed = 0              # bullets printed whose items have not started yet
    first = False         # bullets seen and their first item not started
    for x in lines:
        start = x.stripped[0] in BULLETS
        glyphs = x.stripped.split() if start else []  # most lines open with no bullet: no split
        if glyphs and all(g in BULLETS for g in glyphs):
            owed += len(glyphs)
            first = True
            continue
        if first and x.stripped[0].islower():
            owed, first = 0, False  # the text goes on a sentence from before: the items are elsewhere
        if owed and not start:
            start = first or bool(kept and TEXT_LINE_END.search(kept[-1].stripped))
        if start:
            starts.add(id(x))
            owed, first = max(0, owed - 1), False
        kept.append(x)
    return kept, starts


def looks_like_heading(s: str) -> bool:
    """A short title-case line without a closing full stop: 'Policy Options', 'KEY FINDINGS'."""
    words = s.split()
    if not 1 <= len(words) <= HEADING_MAX_WORDS or len(s) > TEXT_HEADING_MAX_CHARS:
        return False
    if s[-1] in ".,;:" or not s[0].isupper() and not s[0].isdigit():
        return False
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return not long_words or sum(w[0].isupper() for w in long_words) >= HEADING_CAPS_SHARE * len(long_words)


def _heading_between(lines: list[Line], i: int, widths: "_Widths") -> bool:
    """Line i is a heading line between a finished paragraph and running text."""
    x = lines[i].stripped
    if i + 1 >= len(lines) or len(x) > TEXT_HEADING_MAX_CHARS or x[-1] in ".,;:" or not x[0].isupper():
        return False
    if lines[i - 1].stripped[-1:] not in SENTENCE_LAST_CHARS or not lines[i + 1].stripped[:1].isupper():
        return False
    return (looks_like_heading(x) and ends_sentence(lines[i - 1].stripped) and not _ends_statement(x)
            and len(x) < SHORT_LINE_SHARE * widths[i])


def _heading_then_text(lines: list[Line], i: int, widths: "_Widths") -> bool:
    """A heading line standing alone after a finished paragraph, running text after it."""
    prev = lines[i - 1]
    nxt = lines[i].stripped
    if i == 1 and caps_heading(prev.stripped) and nxt[:1].isupper():
        return True  # "INCLUDING ALL STUDENTS": a heading in capitals opening the text
    if not (prev.gap_before or i >= 2 and ends_sentence(lines[i - 2].stripped)):
        return False
    short = len(prev.stripped) < SHORT_LINE_SHARE * widths[i - 1]
    if prev.gap_before and short and sentence_case_heading(prev.stripped) and nxt[:1].isupper() \
            and len(nxt) >= SHORT_LINE_SHARE * widths[i]:
        return True  # "Students with disabilities" alone after a blank, a full line of text under it
    return (looks_like_heading(prev.stripped) and not _ends_statement(prev.stripped)
            and short and nxt[:1].isupper())


def _cut_as_heading(x: Line, nxt: list[Line]) -> bool:
    """A one-line paragraph the cutter set apart as a heading: in capitals, or in sentence case
    alone after a blank line with a paragraph of running text after it."""
    s = x.stripped
    body = " ".join(y.stripped for y in nxt)
    if not (nxt[0].stripped[:1].isupper() and len(body) >= BODY_BLOCK_MIN_CHARS and ends_sentence(body)):
        return False  # a label over a short block (a page's imprint, a table's cells) is no heading
    return caps_heading(s) or x.gap_before and sentence_case_heading(s)


def caps_heading(s: str) -> bool:
    """A short line of two or more words in capitals, not a sentence: 'KEY FINDINGS'."""
    words = [w for w in s.split() if any(c.isalpha() for c in w)]
    return (CAPS_HEADING_MIN_WORDS <= len(words) <= HEADING_MAX_WORDS and len(s) <= TEXT_HEADING_MAX_CHARS
            and s[-1] not in ".,;:" and all(w.isupper() for w in words))


def sentence_case_heading(s: str) -> bool:
    """A short phrase with a capital first and no closing punctuation: 'Students with disabilities'."""
    words = s.split()
    return (1 <= len(words) <= HEADING_MAX_WORDS and len(s) <= TEXT_HEADING_MAX_CHARS and s[0].isupper()
            and s[-1].isalnum() and not ABBREVIATION_END.search(s + "."))


def _two_line_heading(para: list[Line], lines: list[Line], i: int) -> bool:
    """A heading wrapped over two short title-case lines after a blank, running text (line i)
    after it; a name under a label ("Author Information" / "A. Name") is no heading."""
    if i >= len(lines) or len(para) != 2:
        return False
    a, b = para[0].stripped, para[1].stripped
    return (para[0].gap_before and lines[i].stripped[:1].isupper() and len(a) + len(b) < TEXT_HEADING_MAX_CHARS
            and "." not in b and looks_like_heading(a + " " + b) and not _ends_statement(b)
            and b.rsplit(None, 1)[-1].lower() not in CONNECTIVES
            and not a.endswith((",", ";")))


def _one_line_items(lines: list[Line], i: int) -> bool:
    """Three lines in a row that open with the same word, or words of one shape ("H.Res.",
    "S.Res."), and end a sentence each (the last may wrap) are entries of a list, one per
    line: a break before and between them."""
    prev = lines[i - 1].stripped
    if prev[-1:] not in SENTENCE_LAST_CHARS or not ends_sentence(prev):
        return False
    word = lines[i].stripped.split(None, 1)[0]
    if len(word) < 2:
        return False
    return any(_entry_run(lines, j, word) for j in (i - 2, i - 1, i))


def _entry_run(lines: list[Line], j: int, word: str) -> bool:
    if j < 0 or j + 3 > len(lines):
        return False
    shape = _shape(word)
    return (all(_shape(lines[k].stripped.split(None, 1)[0]) == shape for k in range(j, j + 3))
            and all(ends_sentence(lines[k].stripped) for k in range(j, j + 2)))


def _shape(word: str) -> str:
    """A code's letters and digits by class ("H.Res." and "S.Res." are both "A.Aaa."): list
    entries open with codes of one shape.  A plain word is its own shape ("The" and "All"
    open lines of prose)."""
    if word.isalpha():
        return word
    return "".join("A" if c.isupper() else "a" if c.islower() else "9" if c.isdigit() else c for c in word)


def is_break(prev: Line, line: Line, widths: "_Widths", k: int, margin: int) -> bool:
    if line.gap_before:
        return True
    if line.indent >= margin + INDENT_MIN and prev.indent < margin + INDENT_MIN and prev.indent <= line.indent:
        return True
    if line.indent < prev.indent - INDENT_MIN and prev.indent > margin + INDENT_MIN * 4:
        return True  # after a centred or right-aligned line
    p = prev.stripped
    # most lines end inside a sentence: the last character settles it without a call
    if p[-1:] not in SENTENCE_LAST_CHARS or not ends_sentence(p):
        return False
    first = line.stripped.split(None, 1)[0]
    width = widths[k]
    if len(p) < SHORT_LINE_SHARE * width:
        return True
    return len(p) + 1 + len(first) <= width - FIT_SLACK_CHARS


SENTENCE_TAIL = 12  # the end of a line is all ends_sentence needs to look at
SENTENCE_LAST_CHARS = set(".!?:;\"'”’)]*0123456789")


def ends_sentence(s: str) -> bool:
    s = s.rstrip()
    if not s or s[-1] not in SENTENCE_LAST_CHARS or not TEXT_LINE_END.search(s[-SENTENCE_TAIL:]):
        return False
    core = CLOSERS_AND_MARKER.sub("", s)
    return not ABBREVIATION_END.search(core)


class _Widths:
    """The local column width around each line, computed only where asked for."""

    def __init__(self, lines: list[Line]):
        self.lengths = [0 if "://" in x.stripped or "www." in x.stripped else len(x.stripped) for x in lines]

    def __getitem__(self, i: int) -> float:
        if i < 0:
            i += len(self.lengths)
        win = [v for v in self.lengths[max(0, i - WIDTH_WINDOW): i + WIDTH_WINDOW + 1] if v]
        if not win:
            return float(self.lengths[i] or 1)
        win.sort()
        med = win[len(win) // 2]
        kept = [v for v in win if v <= WIDTH_OUTLIER * med] or win
        return float(max(kept))


def _ends_statement(s: str) -> bool:
    """Ends a sentence that is not a question (a heading may ask: "Who Presides?")."""
    return ends_sentence(s) and not s.endswith("?")


def _cites(texts: list[str], label: str) -> bool:
    """Is marker `label` printed in these running-text lines (glued or after punctuation)?"""
    rx = re.compile(MARKER.format(label))
    return any(label in t and rx.search(t) for t in texts)


def _text_of(block: SourceBlock) -> str:
    """The text of a block this reader made (one Text node)."""
    first = block.content[0] if block.content else None
    return first.text if isinstance(first, Text) else ""
