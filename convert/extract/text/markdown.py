"""Markdown-like output of PDF converters -> [SourceBlock].

Converter Markdown is not CommonMark: footnotes come as ``<sup>N</sup> url``
lines or ``1http://...`` blocks left where each page bottom was, page numbers
and running headers stay in the text, and several footnotes may share a line.
Blocks are cut at blank lines; inline markup becomes model inlines, and a
block that is bold or italic as a whole hands that cue to the SourceBlock.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Optional

from ...model import Emphasis, FootnoteRef, Inline, Link, Strong, Text
from ..source import FOOTNOTE, FURNITURE, HEADING, RULE, TABLE, TEXT, SourceBlock
from .tables import pipe_table
from .contents import CONTENTS_KIND, is_contents, is_leader_line
from .lines import (URL_START, DIGITS, FURNITURE_MAX_CHARS, FURNITURE_MIN_PAGES, GLUED_FOOTNOTE, PAGE_NUMBER, Line,
                    furniture_key, is_url_continuation, line_provenance, split_pages)

FOOTNOTE_MAX_LABEL = 999
SPACED_FOOTNOTE = re.compile(r"^(\d{1,3})\s+(?=\S)")
INNER_URL_FOOTNOTE = re.compile(r"\s(\d{1,3})(?=(?:https?://|www\.))", re.IGNORECASE)
# the opening of an ATX heading; its text and closing "#"s are cut in heading_text (a regex
# that matched them too backtracked cubically on a long line of spaces and "#"s)
MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+|$)")
# "... closing a hearing. 4 See, for example, ...": the next cited note run into the previous one
INNER_SPACED_FOOTNOTE = re.compile(r"(?<=[.;)\]\"'”’])\s+(\d{1,3})\s+(?=[A-Z“\"_*(])")
MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
MD_LIST_ITEM = re.compile(r"^\s{0,3}[-•]\s+(?=\S)")   # "- item": a list item starts a block
TABLE_RULE = re.compile(r"^\|?[-:| ]+\|?$")
BOLD_LEAD_REST_MAX_CHARS = 60   # the plain words after a bold title run together with it
BOLD_LEAD_MAX_CHARS = 200       # ... and the bold phrase (a title) is no longer
BOLD_LEAD = re.compile(r"^\s{0,3}\*\*([^*]{1,%d})\*\*\s+(\w[^*]*)$" % BOLD_LEAD_MAX_CHARS)
IMPRINT_MAX_WORDS = 2          # an address and a report number
RUNNING_TEXT_MIN_CHARS = 200    # a block this long is running text: the cover is behind
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
REPEATED_MIN = 3                # a short line alone this many times is a running header or footer
MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
MD_FOOTDEF = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:\s*")
MD_SUP_START = re.compile(r"^\s*<sup>\s*([^<\s]{1,6})\s*</sup>\s*", re.IGNORECASE)
MD_INNER_SUP = re.compile(r"\s<sup>\s*(\d{1,3})\s*</sup>", re.IGNORECASE)
INLINE = re.compile(
    r"(?P<esc>\\[\\`*_{}\[\]()#+\-.!$<>|~\"'^&%])"
    r"|(?P<sup><sup>\s*(?P<suplabel>[^<\s]{1,6})\s*</sup>)"
    r"|(?P<fnref>\[\^(?P<fnlabel>[^\]\s]+)\])"
    r"|(?P<autolink><(?P<alurl>(?:https?|ftp)://[^>\s]+|www\.[^>\s]+)>)"
    r"|(?P<link>\[(?P<ltext>[^\]\n]*)\]\((?P<lurl>[^)\s]+)\))"
    r"|(?P<delim>\*\*|__|\*|_)"
    r"|(?P<tag></?(?:sup|sub|span|br|b|i|em|strong|u|p|div)\b[^>]*>)",
    re.IGNORECASE)
BLOCK_MARKS = set("#>-*_[<")    # first characters of lines that may open a Markdown block
INLINE_START = re.compile(r"[\\<\[*_]")
PUNCT_OR_SPACE = set(" \t\n.,;:!?()[]{}\"'“”‘’—–-/")


class MarkdownReader:
    def __init__(self, text: str):
        self.pages = split_pages(text)
        self.next_label = 1
        self.out: list[SourceBlock] = []
        # labels of markers seen in the running text whose notes have not come yet: a block
        # "N text" is a footnote when N was cited (a year or a count opening a paragraph was not)
        self.cited: set[str] = set()

    def blocks(self) -> list[SourceBlock]:
        raw = split_bold_leads(self._raw_blocks())
        furniture = md_furniture(raw)
        cover_imprints(raw, furniture)
        contents_blocks(raw, furniture)
        prev_kind = None
        for lines in raw:
            kind = furniture.get(id(lines))
            if kind:
                for x in lines if kind == CONTENTS_KIND else lines[:1]:
                    self.out.append(SourceBlock(FURNITURE, [Text(x.stripped)], [line_provenance(x.page, x.no, x.no)],
                                                furniture_kind=kind))
                continue
            self._block(lines, prev_kind)
            prev_kind = self.out[-1].kind if self.out else None
        return self.out

    def _raw_blocks(self) -> list[list[Line]]:
        out: list[list[Line]] = []
        cur: list[Line] = []
        for page in self.pages:
            for x in page:
                lead = x.stripped[:1]
                if not lead:
                    if cur:
                        out.append(cur)
                    cur = []
                    continue
                if lead not in BLOCK_MARKS:  # most lines: running text, no block markup to look for
                    cur.append(x)
                    continue
                s = MD_QUOTE.sub("", x.text, count=1) if lead == ">" else x.text
                if not s.strip():
                    if cur:
                        out.append(cur)
                    cur = []
                    continue
                y = x if s is x.text else Line(x.no, s.rstrip(), x.page)
                if MD_HEADING.match(s) or MD_RULE.match(s):
                    if cur:
                        out.append(cur)
                    out.append([y])
                    cur = []
                    continue
                if cur and (MD_FOOTDEF.match(s) or MD_SUP_START.match(s) or MD_LIST_ITEM.match(s)):
                    out.append(cur)
                    cur = []
                cur.append(y)
            if cur:  # a form feed always ends a block
                out.append(cur)
                cur = []
        return out

    def _emit(self, kind, content, lines, **kw) -> SourceBlock:
        b = SourceBlock(kind, content, [line_provenance(lines[0].page, lines[0].no, lines[-1].no)], **kw)
        self.out.append(b)
        return b

    def _block(self, lines: list[Line], prev_kind: Optional[str]) -> None:
        first = lines[0].text
        if (table := pipe_table([x.text for x in lines])) is not None:  # issue 12: "|" tables
            table.provenance = [line_provenance(lines[0].page, lines[0].no, lines[-1].no)]
            self._emit(TABLE, [], lines, table=table)
            return
        m = MD_HEADING.match(first)
        if m and len(lines) == 1:
            content, bold, italic = whole_emphasis(parse_inline(heading_text(first[m.end():])))
            self._emit(HEADING, content, lines, level=len(m.group(1)), bold=bold, italic=italic)
            return
        if MD_RULE.match(first) and len(lines) == 1:
            self._emit(RULE, [], lines)
            return
        text = "\n".join(x.text.strip() for x in lines)
        item = MD_LIST_ITEM.match(text) if text[:1] in "-•" and not MD_RULE.match(lines[0].text) else None
        if item:  # a list item is a paragraph of its own; the bullet is no text
            text = text[item.end():]
        label, rest = self._note_label(text, prev_kind)
        if label is not None:
            self._notes(label, rest, lines)
            return
        if prev_kind == FOOTNOTE and self.out and self._continues_note(text):
            self._emit(FOOTNOTE, parse_inline(text), lines, label=None)
            return
        content, bold, italic = whole_emphasis(parse_inline(text))
        self._emit(TEXT, content, lines, bold=bold, italic=italic)
        self.cited.update(_ref_labels(content))

    def _continues_note(self, text: str) -> bool:
        prev = self.out[-1]
        return prev.kind == FOOTNOTE and is_url_continuation(_raw_text(prev.content), text)

    def _note_label(self, text: str, prev_kind: Optional[str]) -> tuple[Optional[str], str]:
        m = MD_FOOTDEF.match(text)
        if m:
            return m.group(1), text[m.end():]
        m = MD_SUP_START.match(text)
        if m:
            return m.group(1), text[m.end():]
        m = GLUED_FOOTNOTE.match(text)
        if m and int(m.group(1)) <= FOOTNOTE_MAX_LABEL:
            return m.group(1), text[m.end():]
        m = SPACED_FOOTNOTE.match(text)
        if m and (m.group(1) in self.cited or int(m.group(1)) == self.next_label and prev_kind in (RULE, FOOTNOTE)):
            return m.group(1), text[m.end():]
        return None, text

    def _notes(self, label: str, rest: str, lines: list[Line]) -> None:
        """One or more footnotes in a block ("4https://... 5https://...")."""
        pieces: list[tuple[str, str]] = [(label, rest)]
        while True:
            lab, body = pieces[-1]
            nxt = _next_label(lab)
            if nxt is None:
                break
            cut = None
            cut = self._inner_note(body, nxt)
            if not cut:
                break
            pieces[-1] = (lab, body[:cut.start()])
            pieces.append((nxt, body[cut.end():]))
        for lab, body in pieces:
            body = body.strip()
            parts = body.split("\n")
            joined = parts[0]
            for s in parts[1:]:
                joined += ("" if is_url_continuation(joined, s) else "\n") + s
            self._emit(FOOTNOTE, parse_inline(joined), lines, label=lab)
            self.cited.discard(lab)
            if lab.isdigit():
                self.next_label = int(lab) + 1


    def _inner_note(self, body: str, label: str) -> Optional[re.Match]:
        """Where note `label` starts inside the text of the previous note, if it does."""
        rxs = [INNER_URL_FOOTNOTE, MD_INNER_SUP] + ([INNER_SPACED_FOOTNOTE] if label in self.cited else [])
        for rx in rxs:
            for m in rx.finditer(body):
                if m.group(1) == label:
                    return m
        return None


def _ref_labels(content: list[Inline]) -> list[str]:
    """Labels of the footnote markers in some inlines, nested ones included."""
    out = []
    for n in content:
        if isinstance(n, FootnoteRef):
            out.append(n.label)
        elif isinstance(n, (Strong, Emphasis, Link)):
            out.extend(_ref_labels(n.children))
    return out


def _next_label(label: str) -> Optional[str]:
    return str(int(label) + 1) if label.isdigit() else None


def _raw_text(content: list[Inline]) -> str:
    out = []
    for n in content:
        if isinstance(n, Text):
            out.append(n.text)
        elif isinstance(n, Link):
            out.append(n.url if not n.children else _raw_text(n.children))
        elif isinstance(n, (Strong, Emphasis)):
            out.append(_raw_text(n.children))
    return "".join(out)


def heading_text(rest: str) -> str:
    """The text after a heading's opening "#"s, without a closing sequence of "#"s (which
    CommonMark allows when a space precedes it, or when it is all there is)."""
    text = rest.strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()
    return text


def md_furniture(blocks: list[list[Line]]) -> dict[int, str]:
    """Page numbers and running headers in converter Markdown (no form feeds to go by)."""
    out, page_ends = _numbered_page_ends(blocks)
    if page_ends:
        _running_headers(blocks, page_ends, out)
    _repeated_lines(blocks, out)
    return out


def _repeated_lines(blocks: list[list[Line]], out: dict[int, str]) -> None:
    """Converters without page markers leave each page's header and footer as a line alone:
    the same short line, alone, on several pages is furniture wherever it stands."""
    # a footer printed in bold on one page is the same footer ("**Research Service**")
    keys = [furniture_key(b[0].stripped.strip("*_ ")) if len(b) == 1 and len(b[0].stripped) <= FURNITURE_MAX_CHARS
            and not MD_HEADING.match(b[0].text) else "" for b in blocks]
    counts = Counter(k for k in keys if k)
    for b, key in zip(blocks, keys):
        if key and counts[key] >= REPEATED_MIN and id(b) not in out:
            out[id(b)] = "header"


def contents_blocks(blocks: list[list[Line]], out: dict[int, str]) -> None:
    """Blocks of dot-leader entries (a contents page, often as '|' table rows) and the heading
    just before them ("Contents") are contents furniture."""
    seen = False
    for i, b in enumerate(blocks):
        if id(b) in out:
            continue
        # after a contents page, a lone entry ("Author Information ..... 4") is one too
        if is_contents(b) or seen and all(is_leader_line(x.stripped) or TABLE_RULE.match(x.stripped) for x in b):
            seen = True
            out[id(b)] = CONTENTS_KIND
            if i and len(blocks[i - 1]) == 1 and MD_HEADING.match(blocks[i - 1][0].text):
                out[id(blocks[i - 1])] = CONTENTS_KIND


def _numbered_page_ends(blocks: list[list[Line]]) -> tuple[dict[int, str], set[int]]:
    """One-line blocks of the same shape whose numbers rise ("Page 3", "4"): page numbers or
    footers, each ending a page; (id(block) -> kind, indexes of the page ends)."""
    singles = [(i, b, furniture_key(b[0].text)) for i, b in enumerate(blocks)
               if len(b) == 1 and len(b[0].stripped) <= FURNITURE_MAX_CHARS and not MD_HEADING.match(b[0].text)]
    by_key: dict[str, list[list[Line]]] = {}
    for _, b, key in singles:
        by_key.setdefault(key, []).append(b)
    rising = {key: _numbers_rise(bs) for key, bs in by_key.items()
              if "#" in key and len(bs) >= FURNITURE_MIN_PAGES and len(key.split()) <= 6}
    out: dict[int, str] = {}
    page_ends: set[int] = set()
    for i, b, key in singles:
        if rising.get(key):
            out[id(b)] = "page-number" if PAGE_NUMBER.match(key) else "footer"
            page_ends.add(i)
    return out, page_ends


def _running_headers(blocks: list[list[Line]], page_ends: set[int], out: dict[int, str]) -> None:
    """The same short line at the start of the document and right after page ends."""
    def single(i: int) -> bool:
        return i < len(blocks) and len(blocks[i]) == 1 and id(blocks[i]) not in out

    # the line alone just above each page number is the page's footer when it recurs
    feet = [i - 1 for i in page_ends if i and single(i - 1)]
    foot_keys = Counter(furniture_key(blocks[i][0].text) for i in feet)
    for i in feet:
        if foot_keys[furniture_key(blocks[i][0].text)] >= FURNITURE_MIN_PAGES:
            out[id(blocks[i])] = "footer"
    starts = {0} | {i + 1 for i in page_ends}
    head_keys = Counter(furniture_key(blocks[i][0].text) for i in starts
                        if single(i) and not MD_HEADING.match(blocks[i][0].text))
    for i in starts:
        if single(i):
            key = furniture_key(blocks[i][0].text)
            if head_keys[key] >= FURNITURE_MIN_PAGES and len(key) <= FURNITURE_MAX_CHARS:
                out[id(blocks[i])] = "header"


def _numbers_rise(blocks: list[list[Line]]) -> bool:
    nums = []
    for b in blocks:
        found = DIGITS.findall(b[0].text)
        if not found:
            return False
        nums.append(int(found[0]))
    return all(b > a for a, b in zip(nums, nums[1:]))


# ---------------------------------------------------------------- inline markdown


def parse_inline(text: str) -> list[Inline]:
    """Markdown inline markup -> model inlines; unmatched delimiters stay literal."""
    if not INLINE_START.search(text):
        return [Text(text)] if text else []
    return _InlineParser(text).parse()


class _InlineParser:
    """One pass over the inline tokens; emphasis delimiters wait on a stack for their closer."""

    def __init__(self, text: str):
        self.text = text
        self.root: list[Inline] = []
        self.stack: list[tuple[str, list[Inline]]] = []  # (delimiter, children)

    def parse(self) -> list[Inline]:
        pos = 0
        for m in _inline_tokens(self.text):
            self.add_text(self.text[pos:m.start()])
            pos = m.end()
            TOKEN_RULES.get(m.lastgroup or "", _InlineParser.delimiter)(self, m)
        self.add_text(self.text[pos:])
        while self.stack:
            _collapse(self.stack, self.root)
        return _merge_text(self.root)

    def cur(self) -> list[Inline]:
        return self.stack[-1][1] if self.stack else self.root

    def add_text(self, s: str) -> None:
        if not s:
            return
        c = self.cur()
        if c and isinstance(c[-1], Text):
            c[-1] = Text(c[-1].text + s)
        else:
            c.append(Text(s))

    def escape(self, m: re.Match) -> None:
        self.add_text(m.group()[1])

    def superscript(self, m: re.Match) -> None:
        self.cur().append(FootnoteRef(m.group("suplabel")))

    def footnote_ref(self, m: re.Match) -> None:
        self.cur().append(FootnoteRef(m.group("fnlabel")))

    def autolink(self, m: re.Match) -> None:
        url = m.group("alurl")
        self.cur().append(Link(url, [Text(url)]))

    def link(self, m: re.Match) -> None:
        self.cur().append(Link(m.group("lurl"), parse_inline(m.group("ltext"))))

    def tag(self, m: re.Match) -> None:
        """Other HTML tags are dropped; their text stays."""

    def delimiter(self, m: re.Match) -> None:
        """``*``, ``**``, ``_``, ``__``: closes the nearest opener of its kind, else opens."""
        text, d = self.text, m.group()
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        can_close = before not in " \t\n" and (d[0] == "*" or after in PUNCT_OR_SPACE)
        can_open = after not in " \t\n" and (d[0] == "*" or before in PUNCT_OR_SPACE)
        idx = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i][0] == d), None) \
            if can_close else None
        if idx is not None:
            while len(self.stack) > idx + 1:  # openers never closed are literal
                _collapse(self.stack, self.root)
            delim, children = self.stack.pop()
            self.cur().append(Strong(children) if len(delim) == 2 else Emphasis(children))
        elif can_open:
            self.stack.append((d, []))
        else:
            self.add_text(d)


# the rule chain: token kind (a named group of INLINE) -> what it adds; emphasis delimiters otherwise
TOKEN_RULES: dict[str, Callable[[_InlineParser, re.Match], None]] = {
    "esc": _InlineParser.escape,
    "sup": _InlineParser.superscript,
    "fnref": _InlineParser.footnote_ref,
    "autolink": _InlineParser.autolink,
    "link": _InlineParser.link,
    "tag": _InlineParser.tag,
}


def _inline_tokens(text: str):
    """INLINE matches, tried only where a markup character stands (much faster than finditer)."""
    pos = 0
    for c in INLINE_START.finditer(text):
        if c.start() < pos:
            continue
        m = INLINE.match(text, c.start())
        if m:
            yield m
            pos = m.end()


def _collapse(stack, root) -> None:
    delim, children = stack.pop()
    target = stack[-1][1] if stack else root
    target.append(Text(delim))
    target.extend(children)


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for n in nodes:
        if isinstance(n, (Strong, Emphasis)):
            n = type(n)(_merge_text(n.children))
        if isinstance(n, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + n.text)
        elif not (isinstance(n, Text) and not n.text):
            out.append(n)
    return out


def split_bold_leads(blocks: list[list[Line]]) -> list[list[Line]]:
    """On a cover, before any running text, a one-line block that opens with a bold phrase
    ending no sentence and goes on with a few plain words ("**Electing the Speaker ...**
    Updated April 21, 2026") is two lines a converter ran together: two blocks.  A name and
    its role ("**Ana Lima** , Fellow") or a run-in heading in the body are left alone."""
    out: list[list[Line]] = []
    for k, b in enumerate(blocks):
        if sum(len(x.stripped) for x in b) >= RUNNING_TEXT_MIN_CHARS:
            return out + blocks[k:]
        m = BOLD_LEAD.match(b[0].text) if len(b) == 1 and b[0].stripped.startswith("**") else None
        head, rest = (m.group(1).strip(), m.group(2).strip()) if m else ("", "")
        if m is None or not head or head[-1] in ".:;,!?" or len(rest) > BOLD_LEAD_REST_MAX_CHARS \
                or SENTENCE_END.search(rest):
            out.append(b)
            continue
        x = b[0]
        out += [[Line(x.no, f"**{head}**", x.page)], [Line(x.no, rest, x.page)]]
    return out


def cover_imprints(blocks: list[list[Line]], out: dict[int, str]) -> None:
    """On a cover, before any running text, a line that is a bare address and a report number
    at most ("https://reports.example.org R44243") is the publisher's imprint: a footer."""
    for b in blocks:
        if sum(len(x.stripped) for x in b) >= RUNNING_TEXT_MIN_CHARS:
            return
        words = b[0].stripped.split() if len(b) == 1 else []
        if words and URL_START.match(words[0]) and len(words) <= IMPRINT_MAX_WORDS and id(b) not in out:
            out[id(b)] = "footer"


def whole_emphasis(content: list[Inline]) -> tuple[list[Inline], bool, bool]:
    """Unwrap a block that is entirely bold and/or italic: the cue goes to the block."""
    bold = italic = False
    while True:
        core = [n for n in content if not (isinstance(n, Text) and not n.text.strip())]
        if len(core) == 1 and isinstance(core[0], Strong):
            bold, content = True, core[0].children
        elif len(core) == 1 and isinstance(core[0], Emphasis):
            italic, content = True, core[0].children
        else:
            return content, bold, italic
