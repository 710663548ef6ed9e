"""Generate test PDFs with reportlab: briefs in one or two columns with superscript
footnote markers, footnotes under (or without) a rule, footnotes continued on the
next page, running headers that change per page, hyphenated line ends, long
documents, encrypted, image-only, truncated and non-PDF inputs.

Everything is made by project code: no shared file is copied into the repo.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Callable, Optional, Union

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 60, 70, 60
GUTTER = 24
SUP_RATIO, SUP_RISE_RATIO = 0.6, 0.35
FN_RATIO = 0.75

WORDS = ("council network budget transport housing energy policy market reform committee "
         "regional national agreement development infrastructure implementation analysis "
         "investment procurement commission evaluation framework households municipality "
         "sustainability accountability transparency legislation").split()


def filler(seed: int, n_words: int) -> str:
    """Deterministic prose-like text (sentences of 8-14 words)."""
    out, k, i = [], seed * 7 + 3, 0
    while i < n_words:
        length = 8 + (k % 7)
        sent = [WORDS[(k * 13 + j * 5) % len(WORDS)] for j in range(length)]
        sent[0] = sent[0].capitalize()
        out.append(" ".join(sent) + ".")
        i += length
        k += 1
    return " ".join(out)


@dataclass
class Brief:
    title: str = "Public Transport in Mid-Sized Cities: Lessons from Ten Reforms"
    series: Optional[str] = "Policy Brief"
    date: Optional[str] = "12 March 2024"
    byline: Optional[str] = "By Maria Olsen, Senior Fellow"
    lede: Optional[str] = None
    headings: dict = field(default_factory=dict)      # paragraph index -> heading text before it
    paragraphs: list = field(default_factory=list)    # text with [N] markers
    footnotes: dict = field(default_factory=dict)     # label -> text
    front: Optional[list] = None  # (style, text) lines replacing series/title/date/byline:
    # style one of "series", "title", "date", "byline", "disclaimer", "note"


@dataclass
class Style:
    columns: int = 1
    rule: bool = True
    body_font: str = "Times-Roman"
    bold_font: str = "Times-Bold"
    italic_font: str = "Times-Italic"
    heading_font: str = "Helvetica-Bold"
    size: float = 11.0
    leading: float = 14.0
    indent: float = 18.0
    para_space: float = 0.0
    hyphenate: bool = True
    header: Optional[Union[str, Callable[[int], str]]] = "Policy Brief | Institute for Transport Studies"
    footer: Optional[Callable[[int], str]] = lambda n: f"Page {n}"
    encrypt: Optional[str] = None                  # user password
    sup_glued_label: bool = False                  # footnote labels like "1Text" instead of raised
    front_full_width: bool = False                 # with columns: front matter and lede across the page


@dataclass
class Info:
    pages: int = 0
    continued: list = field(default_factory=list)   # labels of footnotes continued on a later page
    hyphenated: list = field(default_factory=list)  # (first part, second part)


def _tokens(text: str):
    out = []
    for word in text.split():
        m = re.match(r"^(.*?)\[(\d+)\](.*)$", word)
        while m:
            if m.group(1):
                out.append(("word" if not out or out[-1][0] == "space" else "glue", m.group(1)))
            out.append(("sup", m.group(2)))
            word = m.group(3)
            m = re.match(r"^(.*?)\[(\d+)\](.*)$", word)
            if not m and word:
                out.append(("glue", word))
                word = ""
        if word:
            out.append(("word", word))
        out.append(("space", " "))
    return [t for t in out if t[0] != "space"]


class Typesetter:
    def __init__(self, brief: Brief, style: Style):
        self.b, self.s = brief, style
        self.buf = io.BytesIO()
        kw = {}
        if style.encrypt is not None:
            from reportlab.lib import pdfencrypt
            kw["encrypt"] = pdfencrypt.StandardEncryption(style.encrypt, ownerPassword="owner-" + style.encrypt,
                                                          strength=128)
        self.c = canvas.Canvas(self.buf, pagesize=A4, **kw)
        self.info = Info()
        self.page = 0
        self.col_w = (PAGE_W - 2 * MARGIN_X - (style.columns - 1) * GUTTER) / style.columns
        self.carry: list = []  # footnote lines continued from the previous page: (label, text)
        self.new_page()

    # ------------------------------------------------------------ pages and columns

    def new_page(self):
        if self.page:
            self.footer()
            self.c.showPage()
        self.page += 1
        self.col = 0
        self.top = PAGE_H - MARGIN_TOP
        self.start_column()
        hdr = self.s.header(self.page) if callable(self.s.header) else self.s.header
        if hdr:
            self.c.setFont("Helvetica", 8)
            self.c.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 40, hdr)

    def start_column(self):
        self.y = self.top
        self.fn: list = []
        # a long continued note takes at most half the column; the rest goes on further
        room = int((self.top - MARGIN_BOTTOM) * 0.5 / (self.s.size * FN_RATIO * 1.25))
        self.fn, self.carry = list(self.carry[:room]), self.carry[room:]

    def x_left(self):
        return MARGIN_X + self.col * (self.col_w + GUTTER)

    def fn_height(self, lines):
        return len(lines) * self.s.size * FN_RATIO * 1.25 + (14 if lines else 0)

    def room(self, extra_fn=()):
        return self.y - MARGIN_BOTTOM - self.fn_height(self.fn + list(extra_fn))

    def next_column(self):
        self.finish_column()
        if self.col + 1 < self.s.columns:
            self.col += 1
            self.start_column()
        else:
            self.new_page()

    def footer(self):
        if self.s.footer:
            self.c.setFont("Helvetica", 9)
            self.c.drawCentredString(PAGE_W / 2, 30, self.s.footer(self.page))

    def finish_column(self):
        if not self.fn:
            return
        fsize = self.s.size * FN_RATIO
        lead = fsize * 1.25
        y = MARGIN_BOTTOM + len(self.fn) * lead
        x = self.x_left()
        if self.s.rule:
            self.c.setLineWidth(0.5)
            self.c.line(x, y + 8, x + min(120, self.col_w / 2), y + 8)
        for label, text in self.fn:
            y -= lead
            if label:
                if self.s.sup_glued_label:
                    self.c.setFont(self.s.body_font, fsize)
                    self.c.drawString(x, y, label + text)
                    continue
                self.c.setFont(self.s.body_font, fsize * 0.65)
                self.c.drawString(x, y + fsize * 0.35, label)
            self.c.setFont(self.s.body_font, fsize)
            self.c.drawString(x + 8, y, text)
        self.fn = []

    # ------------------------------------------------------------ text

    def wrap(self, toks, width, font, size, first_indent=0.0):
        """Lines of tokens; the first line is shorter by first_indent."""
        full = width
        width = full - first_indent
        lines, line, w = [], [], 0.0
        space = stringWidth(" ", font, size)
        i = 0
        toks = list(toks)
        while i < len(toks):
            kind, t = toks[i]
            tw = stringWidth(t, font, size * SUP_RATIO if kind == "sup" else size)
            gap = space if (line and kind == "word") else 0.0
            if kind == "word" and tw > width and not line:
                # a token wider than the column (a URL): break it where it fills the line
                k = max(1, max(j for j in range(1, len(t) + 1) if stringWidth(t[:j], font, size) <= width))
                cut = max((j + 1 for j in range(k) if t[j] in "/-.?=&_"), default=k)
                lines.append([("word", t[:cut])])
                toks[i] = ("word", t[cut:])
                width = full
                continue
            if line and kind == "word" and w + gap + tw > width:
                split = self._hyphen_split(t, width - w - gap, font, size) if self.s.hyphenate else None
                if split:
                    head, tail = split
                    line.append(("word", head + "-"))
                    self.info.hyphenated.append((head, tail))
                    toks[i] = ("word", tail)
                lines.append(line)
                line, w, width = [], 0.0, full
                continue
            line.append((kind, t))
            w += gap + tw
            i += 1
        if line:
            lines.append(line)
        return lines

    @staticmethod
    def _hyphen_split(word, room, font, size):
        if len(word) < 9 or not word.isalpha():
            return None
        for k in range(len(word) - 4, 3, -1):
            if stringWidth(word[:k] + "-", font, size) <= room:
                return word[:k], word[k:]
        return None

    def fn_lines(self, label):
        fsize = self.s.size * FN_RATIO
        out = []
        for i, ln in enumerate(self.wrap(_tokens(self.b.footnotes[label]), self.col_w - 10, self.s.body_font, fsize)):
            out.append((label if i == 0 else None, " ".join(t for _, t in ln)))
        return out

    def text_line(self, ln, font, size, leading, x_off=0.0, centre=False):
        notes = [t for k, t in ln if k == "sup"]
        new_fn = [fl for lab in notes for fl in self.fn_lines(lab)]
        if self.room(new_fn[:1] if new_fn else ()) < leading:
            self.next_column()
        if new_fn and self.room(new_fn) < leading:
            # keep what fits, continue the rest of the footnote on the next page
            fit = []
            for fl in new_fn:
                if self.room(fit + [fl]) < leading:
                    break
                fit.append(fl)
            rest = new_fn[len(fit):]
            if rest:
                lab = next(l for l, _ in reversed(fit) if l) if any(l for l, _ in fit) else "?"
                self.info.continued.append(lab)
                self.carry.extend((None, t) for _, t in rest)
            new_fn = fit
        self.fn.extend(new_fn)
        self.y -= leading
        x = self.x_left() + x_off
        if centre:
            width = sum(stringWidth(t + " ", font, size) for _, t in ln)
            x = self.x_left() + (self.col_w - width) / 2
        run = ""
        for kind, t in ln + [("end", "")]:
            if kind == "word":
                run += (" " if run else "") + t
                continue
            if kind == "glue":
                run += t
                continue
            if run:
                self.c.setFont(font, size)
                self.c.drawString(x, self.y, run)
                x += stringWidth(run, font, size)
                run = ""
            if kind == "sup":
                self.c.setFont(font, size * SUP_RATIO)
                self.c.drawString(x, self.y + size * SUP_RISE_RATIO, t)
                x += stringWidth(t, font, size * SUP_RATIO)

    def block(self, text, font, size, leading, indent=0.0, centre=False, space_after=None):
        lines = self.wrap(_tokens(text), self.col_w, font, size, first_indent=indent)
        for i, ln in enumerate(lines):
            self.text_line(self._spaced(ln), font, size, leading, x_off=indent if i == 0 else 0.0, centre=centre)
        self.y -= self.s.para_space if space_after is None else space_after

    @staticmethod
    def _spaced(ln):
        """Make the space before a word after a marker explicit."""
        out = []
        for k, (kind, t) in enumerate(ln):
            if kind == "word" and out and out[-1][0] == "sup":
                out.append(("glue", " " + t))
            else:
                out.append((kind, t))
        return out

    # ------------------------------------------------------------ document

    def run(self) -> bytes:
        b, s = self.b, self.s
        self.c.setTitle(b.title)
        full = s.columns > 1 and s.front_full_width
        if full:
            col_w, self.col_w = self.col_w, PAGE_W - 2 * MARGIN_X
        front = b.front if b.front is not None else (
            ([("series", b.series)] if b.series else []) + [("title", b.title)]
            + ([("date", b.date)] if b.date else []) + ([("byline", b.byline)] if b.byline else []))
        for kind, text in front:
            if kind == "series":
                self.block(text, s.heading_font, s.size * 1.3, s.size * 1.8, space_after=4)
            elif kind == "title":
                self.block(text, s.heading_font, s.size * 1.8, s.size * 2.2, centre=True, space_after=8)
            elif kind == "date":
                self.block(text, s.body_font, s.size, s.leading, space_after=4)
            elif kind == "byline":
                self.block(text, s.italic_font, s.size, s.leading, space_after=4)
            elif kind == "disclaimer":
                self.block(text, s.italic_font, s.size * 0.85, s.size * 1.1, space_after=8)
            elif kind == "note":
                self.block(text, s.body_font, s.size * 0.75, s.size * 0.95, space_after=10)
        if b.lede:
            self.block(b.lede, s.bold_font, s.size, s.leading, space_after=10)
        if full:  # the columns start below the front matter
            self.col_w, self.top = col_w, self.y
            notes, self.fn = self.fn, []
            self.start_column()
            self.fn = notes + self.fn
        for i, para in enumerate(b.paragraphs):
            if i in b.headings:
                self.y -= 6
                self.block(b.headings[i], s.heading_font, s.size * 1.25, s.size * 1.6, space_after=4)
            self.block(para, s.body_font, s.size, s.leading, indent=s.indent)
        self.finish_column()
        self.footer()
        self.c.showPage()
        self.c.save()
        self.info.pages = self.page
        return self.buf.getvalue()


def make(brief: Brief, style: Optional[Style] = None) -> tuple[bytes, Info]:
    t = Typesetter(brief, style or Style())
    data = t.run()
    return data, t.info


# ---------------------------------------------------------------- ready-made documents


def sample_brief(n_paragraphs: int = 8, words: int = 110, long_note: bool = True) -> Brief:
    """A brief whose markers sit after punctuation and after closing quotes."""
    paras, notes = [], {}
    label = 0
    for i in range(n_paragraphs):
        text = filler(i, words)
        sentences = text.split(". ")
        label += 1
        sentences[1] = sentences[1] + ".[" + str(label) + "]"
        notes[str(label)] = f"Source note {label}: " + filler(100 + label, 12 if label % 3 else 20)
        label += 1
        sentences[3] = sentences[3] + ", as the minister said: \u201cwe will act\u201d[" + str(label) + "]"
        notes[str(label)] = f"Quoted in the annual review, {2000 + label}, p. {label * 3}."
        paras.append(". ".join(s.rstrip(".") for s in sentences).rstrip(".") + ".")
    if long_note:
        notes["3"] = "A long note that has to run over to the next page. " + filler(300, 700)
    return Brief(paragraphs=paras, footnotes=notes, headings={3: "Findings"},
                 lede="Ten cities reformed their bus networks between 2015 and 2022; this brief asks "
                      "what the reforms achieved and what they cost.")


def long_brief(pages: int) -> Brief:
    """About `pages` pages of one-column text with a footnote per paragraph."""
    n = max(1, int(pages * 4.2))
    paras, notes = [], {}
    for i in range(n):
        text = filler(i, 95)
        paras.append(text.rstrip(".") + f".[{i + 1}]")
        notes[str(i + 1)] = f"Note {i + 1}: " + filler(500 + i, 10)
    return Brief(paragraphs=paras, footnotes=notes, lede=None)


def image_only_pdf() -> bytes:
    """A 'scan': one page with a drawn picture and no text at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    img = Image.new("RGB", (400, 500), "white")
    d = ImageDraw.Draw(img)
    for y in range(40, 460, 18):
        d.rectangle([40, y, 360, y + 8], fill=(30, 30, 30))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(img), 50, 150, width=400, height=500)
    c.showPage()
    c.save()
    return buf.getvalue()


def truncated_pdf() -> bytes:
    data, _ = make(sample_brief(3))
    return data[: len(data) // 3]


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies (object k+1 is objects[k]; 1 is the catalog) with a correct
    xref table: for malformed structures that reportlab would never write."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def icc_without_components_pdf(text: str) -> bytes:
    """One page of text whose resources hold an ICCBased colour space missing its required
    /N entry (pdfminer refuses the page unless it is repaired)."""
    profile = b"\0" * 16 + b"RGB " + b"XYZ " + b"\0" * 108  # an ICC header: space at 16..20
    content = b"/CS0 cs 0 0 0 sc BT /F1 11 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources"
        b" << /Font << /F1 5 0 R >> /ColorSpace << /CS0 [/ICCBased 6 0 R] >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(profile),
    ])


def not_a_pdf() -> bytes:
    return b"PK\x03\x04 this is a zip archive, not a PDF\x00\x01\x02" * 10


def brief_from_markdown(md: str) -> Brief:
    """The content of a Markdown-like brief (as a PDF converter writes it: '## series',
    '# title', '*...*' disclaimer and byline lines, '**lede**', '<sup>N</sup>' markers,
    '<sup>N</sup> text' footnote blocks) as a Brief, to re-typeset in other layouts."""
    front, paras, notes, lede = [], [], {}, []
    for b in (b.strip() for b in re.split(r"\n\s*\n", md)):
        if not b or b == "---":
            continue
        m = re.match(r"<sup>(\d+)</sup>\s*<?([^>]*)>?$", b)
        if m:
            notes[m.group(1)] = m.group(2)
        elif b.startswith("## "):
            front.append(("series", b[3:]))
        elif b.startswith("# "):
            front.append(("title", b[2:]))
        elif b.startswith("*("):
            front.append(("disclaimer", b.strip("*")))
        elif re.match(r"^[A-Z][a-z]+ \d+, \d{4}$", b):
            front.append(("date", b))
        elif re.match(r"^\*(Written|Edited|By)\b", b):
            front.append(("byline", b.strip("*").replace("\\*", "*").strip()))
        elif b.startswith("\\*"):
            front.append(("note", b.replace("\\*", "*")))
        elif b.startswith("**"):
            lede.append(b.strip("*"))
        else:
            paras.append(b.replace("\\$", "$"))
    merged: list[str] = []  # the Markdown keeps page breaks inside paragraphs
    for p in paras:
        ends = re.sub(r"<sup>\d+</sup>$", "", merged[-1].rstrip()) if merged else ""
        if merged and (p[0].islower() or not ends.endswith((".", "\u201d", '"'))):
            merged[-1] += " " + p
        else:
            merged.append(p)
    title = next((t for k, t in front if k == "title"), "")
    return Brief(
        title=title, front=front, lede=" ".join(lede),
        paragraphs=[re.sub(r"<sup>(\d+)</sup>", r"[\1]", p) for p in merged], footnotes=notes)


def _one_page(content_obj: bytes, extra_objects: tuple[bytes, ...] = ()) -> bytes:
    """One Helvetica page whose /Contents is object 4 (``content_obj``)."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        content_obj,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ])


def reference_loop_pdf() -> bytes:
    """The page's /Contents is object 4, which is only a reference to 6, which refers back to 4."""
    return _one_page(b"6 0 R", (b"4 0 R",))


def many_glyphs_pdf(glyphs: int) -> bytes:
    """One line of ``glyphs`` characters (the text of a real page, only longer)."""
    text = b"x" * glyphs
    return _one_page(_stream(b"BT /F1 2 Tf 10 700 Td (" + text + b") Tj ET"))


def inflating_pdf(inflated_bytes: int) -> bytes:
    """A page whose Flate content stream inflates to ``inflated_bytes`` (spaces: valid content)."""
    import zlib
    body = b"BT /F1 11 Tf 72 720 Td (A line of real text on a page that is mostly padding.) Tj ET" \
        + b" " * inflated_bytes
    return _one_page(_stream(zlib.compress(body, 9), b"/Filter /FlateDecode "))


# ---------------------------------------------------------------- tables


SPAN_CELL_REACH = 20  # a spanning cell is centred over its columns' left edges and this much more


@dataclass
class TableSpec:
    """A page of prose with one table: ``head`` rows of (text, colspan) cells over columns
    starting at ``col_x``; ``body`` rows of cells, a cell with "\\n" set on several lines
    (top-aligned); ``ruled`` draws a rule under each row and between columns."""

    head: list = field(default_factory=list)
    body: list = field(default_factory=list)
    col_x: list = field(default_factory=list)
    caption: Optional[str] = "Table 1. Spending by region, 2020-2022"
    note: Optional[str] = "Source: National accounts; authors' calculations."
    ruled: bool = False
    size: float = 9.0
    leading: float = 11.0
    row_pad: float = 6.0


def _prose_lines(c, seed: int, y: float, n: int, size: float = 10.5) -> float:
    words = filler(seed, 200).split()
    width = PAGE_W - 2 * MARGIN_X
    line: list[str] = []
    for w in words:
        if stringWidth(" ".join(line + [w]), "Helvetica", size) > width:
            c.setFont("Helvetica", size)
            c.drawString(MARGIN_X, PAGE_H - y, " ".join(line))
            y += size * 1.3
            line = [w]
            n -= 1
            if n == 0:
                break
        else:
            line.append(w)
    return y


def table_pdf(spec: TableSpec) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = _prose_lines(c, 1, MARGIN_TOP + 20, 6) + 14
    if spec.caption:
        c.setFont("Helvetica-Bold", spec.size + 1)
        c.drawString(MARGIN_X, PAGE_H - y, spec.caption)
        y += spec.leading + 6
    right = PAGE_W - MARGIN_X
    edges = list(spec.col_x) + [right]
    top = y - spec.size
    for k, row in enumerate(list(spec.head) + list(spec.body)):
        is_head = k < len(spec.head)
        cells = row if is_head else [(t, 1) for t in row]
        col, depth = 0, 1
        for text, span in cells:
            for j, part in enumerate(str(text).split("\n")):
                font = "Helvetica-Bold" if is_head else "Helvetica"
                c.setFont(font, spec.size)
                x = spec.col_x[col] + 2
                if span > 1:  # centred over the columns it spans
                    mid = (spec.col_x[col] + spec.col_x[col + span - 1] + SPAN_CELL_REACH) / 2
                    x = mid - stringWidth(part, font, spec.size) / 2
                c.drawString(x, PAGE_H - (y + j * spec.leading), part)
            depth = max(depth, len(str(text).split("\n")))
            col += span
        y += (depth - 1) * spec.leading + spec.leading + spec.row_pad
        if spec.ruled:
            c.setLineWidth(0.5)
            c.line(MARGIN_X, PAGE_H - (y - spec.leading), right, PAGE_H - (y - spec.leading))
    if spec.ruled:
        for x in edges:
            c.line(x, PAGE_H - top, x, PAGE_H - (y - spec.leading))
    if spec.note:
        c.setFont("Helvetica", spec.size - 1)
        c.drawString(MARGIN_X, PAGE_H - (y + 2), spec.note)
        y += spec.leading + 16
    _prose_lines(c, 2, y + 10, 6)
    c.showPage()
    c.save()
    return buf.getvalue()


def lines_pdf(pages: list[list[tuple[float, float, str, str, float]]], rotate: int = 0) -> bytes:
    """Pages of text drawn exactly where asked: (x, y from the top, text, font, size) each;
    ``rotate`` sets the pages' /Rotate (a landscape page printed on its side)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for items in pages:
        if rotate:
            c.setPageRotation(rotate)
        for x, y, text, font, size in items:
            c.setFont(font, size)
            c.drawString(x, PAGE_H - y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def prose_items(seed: int, y: float, n: int, x: float = MARGIN_X, width: float = PAGE_W - 2 * MARGIN_X,
                size: float = 10.5) -> tuple[list[tuple[float, float, str, str, float]], float]:
    """``n`` lines of running text from ``y`` down, as lines_pdf items, and the y under them."""
    out = []
    line: list[str] = []
    for w in filler(seed, 400).split():
        if stringWidth(" ".join(line + [w]), "Helvetica", size) > width:
            out.append((x, y, " ".join(line), "Helvetica", size))
            y += size * 1.3
            line = [w]
            if len(out) == n:
                break
        else:
            line.append(w)
    return out, y


def ruled_text_table_pdf(rows: list[tuple[str, list[str]]], head: tuple[str, str] = ("Type", "Description"),
                         rule_every_row: bool = True) -> bytes:
    """A page of prose, then a two-column table of terms and their definitions (several lines
    each) between horizontal rules: over and under the header, under each row (or only at the
    bottom), then prose again."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = _prose_lines(c, 1, MARGIN_TOP + 20, 5) + 10
    c.setFont("Helvetica-Bold", 10)
    c.drawString(MARGIN_X, PAGE_H - y, "Table 3. Response option types")
    y += 14
    left, right, size, lead = MARGIN_X, PAGE_W - MARGIN_X, 10, 12.5

    def rule(at: float) -> None:
        c.setLineWidth(0.6)
        c.line(left, PAGE_H - at, right, PAGE_H - at)

    rule(y)
    c.setFont("Helvetica-Bold", size)
    c.drawString(left + 4, PAGE_H - (y + 12), head[0])
    c.drawString(left + 130, PAGE_H - (y + 12), head[1])
    y += 17
    rule(y)
    c.setFont("Helvetica", size)
    for term, lines in rows:
        y += 12
        for k, part in enumerate(term.split("\n")):
            c.drawString(left + 4, PAGE_H - (y + k * lead), part)
        for k, part in enumerate(lines):
            c.drawString(left + 130, PAGE_H - (y + k * lead), part)
        y += (max(len(lines), len(term.split("\n"))) - 1) * lead + 10
        if rule_every_row:
            rule(y)
    if not rule_every_row:
        rule(y)
    _prose_lines(c, 2, y + 24, 5)
    c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- reader cases (pdfium vs pdfplumber)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """A stream object's body (``extra``: more entries of its dictionary)."""
    return _stream(data, extra)


def font_page(content: bytes, font: bytes, extra_objects: tuple[bytes, ...] = (),
              page_entries: bytes = b"") -> bytes:
    """One page drawing ``content`` with font object 5 (``font``) as /F1; further objects are
    6, 7, ...; ``page_entries`` adds to the page dictionary (/Rotate 90)."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> " + page_entries + b">>",
        _stream(content),
        font,
        *extra_objects,
    ])


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def to_unicode_cmap(pairs: dict[int, str]) -> bytes:
    """A ToUnicode CMap mapping one-byte codes to text (several characters allowed)."""
    lines = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
             b"/CMapName /Test def /CMapType 2 def",
             b"1 begincodespacerange <00> <FF> endcodespacerange",
             b"%d beginbfchar" % len(pairs)]
    for code, text in pairs.items():
        lines.append(b"<%02X> <%s>" % (code, text.encode("utf-16-be").hex().upper().encode()))
    lines += [b"endbfchar", b"endcmap CMapName currentdict /CMap defineresource pop end end"]
    return _stream(b"\n".join(lines))
