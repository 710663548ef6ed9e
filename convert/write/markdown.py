"""Document -> CommonMark with YAML front matter and footnotes (no raw HTML).

Layout:

* YAML front matter between ``---`` lines, written by hand with double-quoted scalars, in
  pandoc's vocabulary: ``title``, ``subtitle``, ``author`` (names), ``institute``
  (affiliations), ``date`` (ISO, only the precision printed), ``lang`` and ``abstract``,
  whose text is Markdown (pandoc parses metadata so; the abstract keeps its emphasis and
  links, its footnote markers are left out).  Ours go under ``briefconv:`` as plain text:
  ``series``, ``subject``, ``date_printed``, ``publisher``, ``authors`` / ``editors``
  (lists of mappings with ``given``, ``surname``, ``affiliation``, ``role``, ``note``) and
  ``disclaimer``.  Notes and the disclaimer are plain text (markup and markers dropped).
* The title is not repeated as a heading, nor the abstract written again in the body.
* Headings ``#`` by level (levels over 6 become 6), paragraphs, ``*em*``, ``**strong**``,
  ``[text](url)`` or ``<url>`` when the text is the address, ``>`` quotes, ``-``/``1.``
  lists (adjacent lists alternate ``-``/``*`` and ``.``/``)`` so they stay apart).
  A footnote marker inside link text would break the link in markdown-it, so it is
  written just after the link; a link inside a link keeps only its text; a link with
  no visible text shows its address.
* Footnote markers are ``[^label]`` and definitions ``[^label]: text`` at the end.
  Labels are made footnote-safe (no spaces or brackets) and unique (``1``, ``1-2`` …);
  when labels repeat, successive markers go to successive footnotes.  A marker with no
  footnote is written as its plain label (as printed).  A footnote that no marker cites
  would vanish when rendered, so it is written after a thematic break as a paragraph
  beginning with its label.
* Text is escaped so every character comes back as text: ``\\ ` * _ [ ] < ~`` always,
  ``&`` before an entity-like run, ``!`` and ``^`` before a link or marker (``![`` is an
  image, ``^[`` an inline footnote), and block markers (``#``, ``>``, ``-``, ``+``, ``=``,
  ``1.``) at the start of a line.  Whitespace at line starts and ends is dropped
  (Markdown would drop it anyway).  Emphasis whose delimiters CommonMark would not
  recognise in place (flanking rules) is written as plain text, never as stray asterisks.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from .. import model as m

FRONT_MATTER_FENCE = "---"
MAX_HEADING = 6
FOOTNOTE_INDENT = "    "
TEXT_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
TEXT_SPECIAL_CHARS = frozenset("\\`*_[]<~")
ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# most text needs no escaping at all: one scan for any character either rule looks at
NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]<~&]")
LINE_START_BLOCK = re.compile(r"^([#>+=-])")
LINE_START_ORDERED = re.compile(r"^(\d{1,9})([.)])")
LINE_START_MARKS = frozenset("#>+=-")  # with digits: the first characters a line-start rule can match
URL_SPACE = re.compile(r"\s")
URL_SPECIAL = re.compile(r"([\\()<>])")
FOOTNOTE_UNSAFE = re.compile(r"[\s\[\]\\^]+")
# no "%": markdown-it shows an autolink percent-decoded, so its text would change
AUTOLINK_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>%\x00-\x1f\x7f]*$")
# YAML double-quoted scalars: escape what is not printable or would end the line
YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
YAML_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


# ---------------------------------------------------------------- front matter


def yaml_str(s: str) -> str:
    def esc(ch: str) -> str:
        if ch in YAML_ESCAPES:
            return YAML_ESCAPES[ch]
        if "\ud800" <= ch <= "\udfff":  # lone surrogate: not encodable, drop
            return ""
        return f"\\u{ord(ch):04x}"
    out = "".join(YAML_ESCAPES.get(ch, ch) for ch in s)
    return '"' + YAML_UNPRINTABLE.sub(lambda mt: esc(mt.group()), out) + '"'


def person_name(c: m.Contributor) -> str:
    return " ".join(x for x in (c.given_names, c.surname) if x) or c.printed


def contributor_yaml(c: m.Contributor, indent: str) -> list[str]:
    fields = [("given", c.given_names), ("surname", c.surname)]
    if not (c.given_names or c.surname) and c.printed:
        fields.append(("name", c.printed))
    if c.affiliation:
        fields.append(("affiliation", c.affiliation))
    if c.position:
        fields.append(("role", c.position))
    if c.note is not None:
        fields.append(("note", m.plain_text(c.note.content)))
    lines = []
    for i, (key, value) in enumerate(fields):
        lines.append(indent + ("- " if i == 0 else "  ") + f"{key}: {yaml_str(value)}")
    return lines


def meta_markdown(text: str) -> str:
    """A text value for a pandoc key: pandoc reads metadata strings as Markdown, so they are
    escaped as body text is (``*``, ``_``, ``<`` ... and block markers at the start)."""
    return escape_line_start(" ".join(escape_text(text).split()))


def pandoc_keys(doc: m.Document, abstract: str) -> list[str]:
    """The keys pandoc's templates render: title, subtitle, author (names), institute
    (affiliations, as pandoc's own JATS reader names them), date, lang, abstract.  Their
    text is Markdown, as pandoc reads it; the plain byline is under ``briefconv``."""
    md = doc.metadata
    lines = [f"{key}: {yaml_str(meta_markdown(value))}"
             for key, value in (("title", md.title), ("subtitle", md.subtitle)) if value]
    names = [n for n in (person_name(c) for c in doc.authors) if n]
    if names:
        lines.append("author:")
        lines.extend(f"  - {yaml_str(meta_markdown(n))}" for n in names)
    institutes = list(dict.fromkeys(c.affiliation for c in doc.authors if c.affiliation))
    if institutes:
        lines.append("institute:")
        lines.extend(f"  - {yaml_str(meta_markdown(a))}" for a in institutes)
    for key, value in (("date", md.date.iso if md.date else None), ("lang", md.language),
                       ("abstract", abstract)):
        if value:
            lines.append(f"{key}: {yaml_str(value)}")
    return lines


def own_keys(doc: m.Document) -> list[str]:
    """Ours, under ``briefconv:``: series, the printed date, the structured byline, ..."""
    md = doc.metadata
    lines = [f"  {key}: {yaml_str(value)}" for key, value in (
        ("series", md.series), ("subject", md.subject), ("date_printed", md.date.printed if md.date else None),
        ("publisher", md.publisher)) if value]
    for key, people in (("authors", doc.authors), ("editors", doc.editors)):
        if people:
            lines.append(f"  {key}:")
            for c in people:
                lines.extend(contributor_yaml(c, "    "))
    if doc.disclaimer is not None:
        lines.append(f"  disclaimer: {yaml_str(m.plain_text(doc.disclaimer.content))}")
    return ["briefconv:", *lines] if lines else []


def front_matter(doc: m.Document, abstract: str = "") -> str:
    lines = pandoc_keys(doc, abstract) + own_keys(doc)
    if not lines:
        return ""
    return "\n".join([FRONT_MATTER_FENCE, *lines, FRONT_MATTER_FENCE])


# ---------------------------------------------------------------- footnotes


def safe_label(label: str) -> str:
    s = FOOTNOTE_UNSAFE.sub("-", label).strip("-")
    return s or "fn"


class FootnoteLabels:
    """Model footnotes -> unique Markdown labels; markers resolved in document order."""

    def __init__(self, footnotes: list[m.Footnote]):
        self.labels: list[str] = []
        used: set[str] = set()
        self.by_label: dict[str, list[str]] = {}
        # ``used`` only grows, so a base's first free suffix never moves back: starting from
        # the last one found keeps labels that repeat many times (restarting numbering) linear
        last_n: dict[str, int] = {}
        for fn in footnotes:
            base = safe_label(fn.label)
            n = last_n.get(base, 1)
            label = base if n == 1 else f"{base}-{n}"
            while label in used:
                n += 1
                label = f"{base}-{n}"
            last_n[base] = n
            used.add(label)
            self.labels.append(label)
            self.by_label.setdefault(fn.label, []).append(label)
        self.last: dict[str, int] = {}
        self.cited: set[str] = set()
        # every change to last/cited as (label, previous last, newly cited label), so that a
        # trial render can be undone in the time it took; copying the state before every
        # trial made a document of many footnotes quadratic
        self.journal: list[tuple[str, Optional[int], Optional[str]]] = []

    def resolve(self, label: str) -> Optional[str]:
        found = self.by_label.get(label)
        if not found:
            return None
        i = 0
        previous = self.last.get(label)
        if len(found) > 1:
            i = min((previous if previous is not None else -1) + 1, len(found) - 1)
            self.last[label] = i
        new = found[i] if found[i] not in self.cited else None
        self.cited.add(found[i])
        self.journal.append((label, previous, new))
        return found[i]

    def snapshot(self) -> int:
        return len(self.journal)

    def restore(self, mark: int) -> None:
        while len(self.journal) > mark:
            label, previous, new = self.journal.pop()
            if previous is None:
                self.last.pop(label, None)
            else:
                self.last[label] = previous
            if new is not None:
                self.cited.discard(new)


# ---------------------------------------------------------------- inline


def is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def escape_text(text: str) -> str:
    if not NEEDS_ESCAPE.search(text):
        return text
    text = TEXT_SPECIAL.sub(r"\\\1", text)
    return ENTITY_LIKE.sub(r"\\&", text) if "&" in text else text


def escaped_first_char(text: str) -> str:
    """``escape_text(text)[:1]`` without escaping the whole text."""
    if not text:
        return ""
    ch = text[0]
    if ch in TEXT_SPECIAL_CHARS or ch == "&" and ENTITY_LIKE.match(text):
        return "\\"
    return ch


def is_blank(node: m.Inline) -> bool:
    """Renders to nothing: *`**`* would be stray asterisks."""
    if isinstance(node, m.Text):
        return not node.text
    if isinstance(node, (m.Emphasis, m.Strong)):
        return all(is_blank(c) for c in node.children)
    return False


def merge_adjacent(nodes: list[m.Inline]) -> list[m.Inline]:
    """Touching *a**b* would not parse back: join same-kind neighbours first."""
    out: list[m.Inline] = []
    for n in nodes:
        if is_blank(n):
            continue
        prev = out[-1] if out else None
        if isinstance(n, (m.Emphasis, m.Strong)) and type(prev) is type(n):
            out[-1] = type(n)(prev.children + n.children)
        elif out and isinstance(n, m.Text) and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + n.text)
        else:
            out.append(n)
    return out


class Inlines:
    """Inline rendering.  ``before``/``after`` are the characters around the run being
    rendered, which CommonMark's flanking rules look at."""

    def __init__(self, notes: FootnoteLabels):
        self.notes = notes

    def render(self, nodes: list[m.Inline], inside: tuple = (), before: str = " ", after: str = " ") -> str:
        nodes = merge_adjacent(nodes)
        out = ""
        for i, node in enumerate(nodes):
            nxt = self.lookahead(nodes, inside, after, i + 1)
            piece = self.node(node, out[-1:] or before[-1:] or " ", nxt, inside)
            # ![ would start an image, ^[ an inline footnote
            if piece.startswith("[") and out[-1:] in ("!", "^") and not out.endswith("\\" + out[-1:]):
                out = out[:-1] + "\\" + out[-1]
            # [^1]( would read as a link, [^1]: at a line start as a definition
            if piece[:1] in ("(", ":") and out.endswith("]") and isinstance(nodes[i - 1], m.FootnoteRef):
                piece = "\\" + piece
            out += piece
        return out

    def lookahead(self, nodes: list[m.Inline], inside: tuple, after: str, start: int = 0) -> str:
        """First source character nodes[start:] will render to, else ``after`` (no side effects)."""
        for k in range(start, len(nodes)):
            ch = self.first_char(nodes[k], inside)
            if ch:
                return ch
        return after

    def first_char(self, node: m.Inline, inside: tuple) -> str:
        if isinstance(node, m.Text):
            return escaped_first_char(node.text)
        if isinstance(node, m.FootnoteRef):
            return "[" if node.label in self.notes.by_label else escaped_first_char(node.label)
        if isinstance(node, m.Link):
            return self.lookahead(node.children, inside, "") if m.Link in inside else "["
        # after a delimited neighbour this one drops its own delimiters (see emphasis)
        return self.lookahead(merge_adjacent(node.children), inside, "")

    def node(self, node, prev: str, nxt: str, inside: tuple) -> str:
        if isinstance(node, m.Text):
            return escape_text(node.text)
        if isinstance(node, m.FootnoteRef):
            return self.footnote_ref(node)
        if isinstance(node, m.Link):
            return self.link(node, prev, nxt, inside)
        if isinstance(node, (m.Emphasis, m.Strong)):
            return self.emphasis(node, prev, nxt, inside)
        raise TypeError(f"not an inline: {node!r}")

    def footnote_ref(self, node: m.FootnoteRef) -> str:
        label = self.notes.resolve(node.label)
        return escape_text(node.label) if label is None else f"[^{label}]"

    def link(self, node: m.Link, prev: str, nxt: str, inside: tuple) -> str:
        if m.Link in inside:  # links cannot nest: the inner one is only its text
            return self.render(node.children, inside, prev, nxt)
        # [^n] inside link text breaks the link in markdown-it: markers go after it
        children, refs = self.split_refs(node.children)
        after = "".join(self.footnote_ref(r) for r in refs)
        url = node.url.strip()
        text = m.plain_text(children)
        if (text == url or not children) and AUTOLINK_URL.match(url):
            return f"<{url}>{after}"
        inner = self.render(children, inside + (m.Link,), "[", "]") or escape_text(url)
        # a link label must not hold a blank line; edge whitespace goes outside it
        core = " ".join(inner.split())
        lead = " " if core and inner[:1].isspace() else ""
        trail = " " if core and inner[-1:].isspace() else ""
        core = core or escape_text(url)  # no visible text: the address is the text
        if core.startswith("^"):  # [^x](u) reads as a footnote marker to some renderers
            core = "\\" + core
        return f"{lead}[{core}]({link_destination(url)}){trail}{after}"

    def split_refs(self, nodes: list[m.Inline]) -> tuple[list[m.Inline], list[m.FootnoteRef]]:
        """Inline content without the markers that have a footnote, and those markers."""
        kept: list[m.Inline] = []
        refs: list[m.FootnoteRef] = []
        for n in nodes:
            if isinstance(n, m.FootnoteRef) and n.label in self.notes.by_label:
                refs.append(n)
            elif isinstance(n, (m.Emphasis, m.Strong, m.Link)):
                inner, more = self.split_refs(n.children)
                refs.extend(more)
                kept.append(m.Link(n.url, inner) if isinstance(n, m.Link) else type(n)(inner))
            else:
                kept.append(n)
        return kept, refs

    def emphasis(self, node, prev: str, nxt: str, inside: tuple) -> str:
        kind = type(node)
        if kind in inside or prev == "*":  # italic in italic is italic; touching runs would merge
            return self.render(node.children, inside, prev, nxt)
        delim = "*" if kind is m.Emphasis else "**"
        # a trial render decides; it has no side effects worth keeping, so undo them
        saved = self.notes.snapshot()
        inner = self.render(node.children, inside + (kind,), "*", "*")
        core = inner.strip()
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()):]
        # whitespace moves outside the delimiters: "* a *" is not emphasis
        if core and flanks(lead[-1:] or prev, core, trail[:1] or nxt):
            return f"{lead}{delim}{core}{delim}{trail}"
        self.notes.restore(saved)
        # delimiters CommonMark would not see: plain text rather than stray asterisks
        return self.render(node.children, inside, prev, nxt)


def flanks(prev: str, core: str, after: str) -> bool:
    """CommonMark's left/right-flanking rules for the opening and closing runs."""
    first, last = core[0], core[-1]
    opens = not is_punct(first) or prev.isspace() or is_punct(prev)
    closes = not is_punct(last) or after.isspace() or is_punct(after)
    return opens and closes


def link_destination(url: str) -> str:
    url = URL_SPACE.sub(lambda mt: "%{:02X}".format(ord(mt.group())), url)
    return URL_SPECIAL.sub(r"\\\1", url)


# ---------------------------------------------------------------- blocks


def escape_line_start(line: str) -> str:
    first = line[:1]
    if first not in LINE_START_MARKS and not first.isdigit():  # isdigit: every \d and more
        return line
    line = LINE_START_BLOCK.sub(r"\\\1", line)
    return LINE_START_ORDERED.sub(r"\1\\\2", line)


def text_lines(rendered: str) -> list[str]:
    lines = [ln.strip() for ln in rendered.split("\n")]
    return [escape_line_start(ln) for ln in lines if ln]


class Writer:
    def __init__(self, doc: m.Document):
        self.doc = doc
        self.notes = FootnoteLabels(doc.footnotes)
        self.inl = Inlines(self.notes)

    def paragraph(self, p: m.Paragraph) -> list[str]:
        return text_lines(self.inl.render(p.content))

    def heading(self, h: m.Heading) -> list[str]:
        text = " ".join(self.inl.render(h.content).split())
        hashes = "#" * max(1, min(h.level, MAX_HEADING))
        # a heading's text may start with # or end with #s: escape both
        text = re.sub(r"^#", r"\\#", text)
        text = re.sub(r"(#+)$", lambda mt: "\\" + mt.group(1), text)
        return [f"{hashes} {text}".rstrip()]

    def block_quote(self, q: m.BlockQuote) -> list[str]:
        inner = self.blocks(q.blocks)
        return [f"> {ln}".rstrip() for ln in inner]

    def boxed_text(self, box: m.BoxedText) -> list[str]:
        """A block quote led by the box's title in bold."""
        title = " ".join(self.inl.render(box.title).split())
        inner = ([escape_line_start(f"**{title}**")] if title else []) + (
            [""] if title and box.blocks else []) + self.blocks(box.blocks)
        return [f"> {ln}".rstrip() for ln in inner]

    def list_block(self, lst: m.ListBlock, alt: bool) -> list[str]:
        out: list[str] = []
        for n, item in enumerate(lst.items, 1):
            if lst.ordered and not lst.labelled:  # printed labels stay in the text, after a bullet
                marker = f"{n}{')' if alt else '.'} "
            else:
                marker = "* " if alt else "- "
            pad = " " * len(marker)
            inner = self.blocks(item)
            if out:
                out.append("")
            if not inner:
                out.append(marker.rstrip())
                continue
            out.append(marker + inner[0])
            out.extend(pad + ln if ln else "" for ln in inner[1:])
        return out

    def table(self, t: m.Table) -> list[str]:
        """Caption paragraph, a GFM pipe table, the notes as paragraphs (see README: a
        spanning cell's text is repeated in every slot it covers)."""
        out: list[str] = []
        label = escape_text(t.label) if t.label else ""
        caption = " ".join(self.inl.render(t.caption.content).split()) if t.caption is not None else ""
        if label or caption:
            out.append(escape_line_start(" ".join(x for x in (f"**{label}**" if label else "", caption) if x)))
            out.append("")
        grid = m.table_grid(t.head + t.body)
        if not grid:
            return out[:-1] if out else out
        rows = [[self.cell_text(c) for c in row] for row in grid]
        header = rows[0] if t.head else [""] * len(rows[0])
        body = rows[1:] if t.head else rows
        out.append(pipe_row(header))
        out.append(pipe_row(["---"] * len(header)))
        out.extend(pipe_row(r) for r in body)
        for n in t.notes:
            out.append("")
            out.extend(self.paragraph(n))
        return out

    def cell_text(self, cell: Optional[m.TableCell]) -> str:
        if cell is None:
            return ""
        return " ".join(self.inl.render(cell.content).split()).replace("|", "\\|")

    def block(self, b: m.Block, alt: bool = False) -> list[str]:
        if isinstance(b, m.Paragraph):
            return self.paragraph(b)
        if isinstance(b, m.Heading):
            return self.heading(b)
        if isinstance(b, m.BlockQuote):
            return self.block_quote(b)
        if isinstance(b, m.ListBlock):
            return self.list_block(b, alt)
        if isinstance(b, m.Table):
            return self.table(b)
        if isinstance(b, m.BoxedText):
            return self.boxed_text(b)
        raise TypeError(f"not a block: {b!r}")

    def blocks(self, blocks: list[m.Block]) -> list[str]:
        """Blocks separated by blank lines; touching lists alternate their markers."""
        out: list[str] = []
        prev: Optional[m.Block] = None
        alt = False
        for b in blocks:
            if isinstance(b, m.ListBlock):
                same = isinstance(prev, m.ListBlock) and prev.ordered == b.ordered
                alt = (not alt) if same else False
            lines = self.block(b, alt)
            if not lines:
                continue
            if out:
                out.append("")
            out.extend(lines)
            prev = b
        return out

    def abstract(self) -> str:
        """The abstract as Markdown for the front matter (pandoc parses it so); footnote
        markers are left out there, and a note cited nowhere else is kept as uncited."""
        labels = {fn.label for fn in self.doc.footnotes}
        paras = (text_lines(self.inl.render(without_markers(p.content, labels))) for p in self.doc.abstract)
        return "\n\n".join("\n".join(lines) for lines in paras if lines)

    def footnotes(self) -> list[str]:
        defs: list[str] = []
        uncited: list[str] = []
        # render every note first: a note may cite another
        rendered = [text_lines(self.inl.render(fn.content)) for fn in self.doc.footnotes]
        for label, fn, lines in zip(self.notes.labels, self.doc.footnotes, rendered):
            if label in self.notes.cited:
                first = f"[^{label}]: " + (lines[0] if lines else "")
                defs.append(first.rstrip())
                defs.extend(FOOTNOTE_INDENT + ln for ln in lines[1:])
            else:
                if uncited:
                    uncited.append("")
                uncited.extend(text_lines(escape_text(fn.label) + " " + "\n".join(lines)))
        out = defs
        if uncited:
            out = uncited_block(uncited) + ([""] + defs if defs else [])
        return out

    def document(self) -> str:
        parts: list[list[str]] = []
        fm = front_matter(self.doc, self.abstract())
        if fm:
            parts.append([fm])
        body = self.blocks(self.doc.blocks)
        if body:
            parts.append(body)
        notes = self.footnotes()  # after the body: markers decide which notes are cited
        if notes:
            parts.append(notes)
        return "\n\n".join("\n".join(p) for p in parts) + "\n"


def without_markers(content: list[m.Inline], labels: set[str]) -> list[m.Inline]:
    """The content without the markers of these footnotes (a marker with no footnote stays,
    written as its label as everywhere)."""
    out: list[m.Inline] = []
    for node in content:
        if isinstance(node, m.FootnoteRef) and node.label in labels:
            continue
        if isinstance(node, (m.Emphasis, m.Strong)):
            node = type(node)(without_markers(node.children, labels))
        elif isinstance(node, m.Link):
            node = m.Link(node.url, without_markers(node.children, labels))
        out.append(node)
    return out


def pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def uncited_block(lines: list[str]) -> list[str]:
    return ["***", ""] + lines


def write_markdown(doc: m.Document) -> str:
    return Writer(doc).document()
