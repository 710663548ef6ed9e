"""The document model: plain dataclasses, no I/O.

Every extractor produces a :class:`Document`; every normaliser pass maps a
Document to a Document; every writer reads one.  Nothing here knows where a
document came from or where it is going.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import typing
from typing import Literal, Optional, Union

SCHEMA_VERSION = "1.0"

# the string vocabularies of the model (the JSON schema's enums say the same)
InputFormat = Literal["pdf", "markdown", "pdftotext", "plain", "json"]
BboxOrigin = Literal["top-left"]
ContributorRole = Literal["author", "editor"]
FurnitureKind = Literal["header", "footer", "page-number", "repeated-title", "contents", "back-matter",
                        "disclaimer", "figure"]
WarningCode = Literal["unlinked-marker", "uncited-footnote"]
BBOX_ORIGIN: BboxOrigin = "top-left"


def furniture_kind(kind: str) -> FurnitureKind:
    """A furniture kind named by an extractor, checked against the vocabulary."""
    if kind not in typing.get_args(FurnitureKind):
        raise ValueError(f"unknown furniture kind {kind!r}")
    return kind  # type: ignore[return-value]


@dataclass
class Provenance:
    """Where a piece of content came from.

    PDF input fills ``page`` (1-based) and ``bbox`` (x0, top, x1, bottom in PDF
    points, origin top-left as pdfplumber reports it); text input fills
    ``lines`` (1-based, inclusive) and, when the text had form feeds, ``page``.
    A block that crosses pages carries one Provenance per page.
    """

    page: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = None
    lines: Optional[tuple[int, int]] = None


# ---------------------------------------------------------------- inline


@dataclass
class Text:
    text: str


@dataclass
class Emphasis:
    children: list["Inline"] = field(default_factory=list)


@dataclass
class Strong:
    children: list["Inline"] = field(default_factory=list)


@dataclass
class Link:
    url: str
    children: list["Inline"] = field(default_factory=list)


@dataclass
class FootnoteRef:
    """A footnote marker in running text; ``label`` is the printed marker.

    ``provenance`` locates the printed marker itself (PDF input), so a user can see
    which superscript became which reference; it takes no part in equality.
    """

    label: str
    provenance: list[Provenance] = field(default_factory=list, compare=False)


Inline = Union[Text, Emphasis, Strong, Link, FootnoteRef]
CONTAINER_INLINES = (Emphasis, Strong, Link)


# ---------------------------------------------------------------- blocks


@dataclass
class Paragraph:
    content: list[Inline] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Heading:
    level: int
    content: list[Inline] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class BlockQuote:
    blocks: list["Block"] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class ListBlock:
    """Items of a list.  ``labelled``: each item's text still starts with the label printed
    in the source ("1.", "a)", "(iv)"), so writers add none of their own."""

    ordered: bool = False
    items: list[list["Block"]] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    labelled: bool = False


@dataclass
class TableCell:
    """One cell: its text and how many grid rows / columns it covers (HTML rules)."""

    content: list[Inline] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A table: ``head`` and ``body`` are rows of cells laid out by the HTML table
    algorithm (a spanning cell appears once, in its first row).  ``caption`` is the
    text after the label ("Table 1." -> label "Table 1"); ``notes`` are the source
    and note lines printed under the table.  One Provenance per page the table covers.
    """

    label: Optional[str] = None
    caption: Optional[Paragraph] = None
    head: list[list[TableCell]] = field(default_factory=list)
    body: list[list[TableCell]] = field(default_factory=list)
    notes: list[Paragraph] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class BoxedText:
    """Text set apart from the running text: a side box or call-out (a summary page's box
    with the report number and authors, a boxed aside).  Its blocks never join a paragraph
    around it; ``title`` is the box's own heading, when it prints one."""

    title: list[Inline] = field(default_factory=list)
    blocks: list["Block"] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


Block = Union[Paragraph, Heading, BlockQuote, ListBlock, Table, BoxedText]


@dataclass
class Footnote:
    label: str
    content: list[Inline] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


# ---------------------------------------------------------------- front matter


@dataclass
class DateValue:
    """A publication date: ``iso`` holds only the precision printed
    ("2017", "2017-08" or "2017-08-24"); ``printed`` is the text as it stood."""

    iso: str
    printed: str
    # the qualifier printed with the date, lower case ("updated", "published", "revised"); None
    # for a date printed alone
    qualifier: Optional[str] = None


@dataclass
class Contributor:
    role: ContributorRole
    given_names: str = ""
    surname: str = ""
    printed: str = ""  # the name as it stood in the byline
    affiliation: Optional[str] = None  # affiliation or role text after the name
    note: Optional[Paragraph] = None  # author note / bio
    marker: Optional[str] = None  # "*", "†", … tying the name to its note
    position: Optional[str] = None  # a job title printed with the name (JATS role); affiliation is the institution
    prefix: Optional[str] = None  # an honorific printed before the name ("Dr.", "Prof."): JATS prefix
    suffix: Optional[str] = None  # a generation or degree printed after it ("Jr.", "PhD"): JATS suffix
    collab: Optional[str] = None  # an organisation as the contributor ("U.S. Copyright Office"): JATS collab


@dataclass
class Permissions:
    """Copyright and licence statements as printed (JATS permissions)."""

    copyright: Optional[str] = None  # "© 2024 The Institute" (JATS copyright-statement)
    license: Optional[str] = None    # "This work is licensed under ..." (JATS license/license-p)
    license_url: Optional[str] = None  # the licence's address when one is printed or linked
    copyright_year: Optional[str] = None    # "2024", read from the copyright statement
    copyright_holder: Optional[str] = None  # "The Institute", read from the copyright statement


@dataclass
class Metadata:
    title: Optional[str] = None
    subtitle: Optional[str] = None
    series: Optional[str] = None
    subject: Optional[str] = None  # the source's own subject label (a PDF's /Subject) when it differs
    date: Optional[DateValue] = None
    language: Optional[str] = None
    publisher: Optional[str] = None
    # other dates printed with a qualifier ("Published", "Revised"): JATS history/date[@date-type]
    history: list[DateValue] = field(default_factory=list)
    # how the abstract is labelled: "executive-summary", "key-points", "summary" (JATS abstract-type)
    abstract_type: Optional[str] = None
    permissions: Optional[Permissions] = None


@dataclass
class Furniture:
    """Page furniture (running header/footer, page number): kept, never body."""

    kind: FurnitureKind
    text: str
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Warning:
    code: WarningCode  # stable and machine-readable
    message: str
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Source:
    path: Optional[str] = None
    format: Optional[InputFormat] = None
    pages: Optional[int] = None
    sha256: Optional[str] = None
    # PDF input: (width, height) of each page in points, and where the boxes' coordinates start,
    # so that a reader can convert them (docling counts from the bottom-left corner)
    page_sizes: Optional[list[tuple[float, float]]] = None
    bbox_origin: Optional[BboxOrigin] = None


@dataclass
class Document:
    metadata: Metadata = field(default_factory=Metadata)
    contributors: list[Contributor] = field(default_factory=list)
    disclaimer: Optional[Paragraph] = None
    abstract: list[Paragraph] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    # where each front-matter field was found: "title", "series", "date", "byline", ...
    front_provenance: dict[str, list[Provenance]] = field(default_factory=dict)

    @property
    def authors(self) -> list[Contributor]:
        return [c for c in self.contributors if c.role == "author"]

    @property
    def editors(self) -> list[Contributor]:
        return [c for c in self.contributors if c.role == "editor"]


# ---------------------------------------------------------------- helpers


def plain_text(content: list[Inline]) -> str:
    """The text of inline content, footnote markers left out."""
    out: list[str] = []
    for node in content:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, CONTAINER_INLINES):
            out.append(plain_text(node.children))
    return "".join(out)


def footnote_labels(content: list[Inline]) -> list[str]:
    """Labels of the footnote markers in inline content, in order."""
    out: list[str] = []
    for node in content:
        if isinstance(node, FootnoteRef):
            out.append(node.label)
        elif isinstance(node, CONTAINER_INLINES):
            out.extend(footnote_labels(node.children))
    return out


def footnote_refs(content: list[Inline]):
    """The footnote reference nodes of inline content, in order, links and emphasis included."""
    for node in content:
        if isinstance(node, FootnoteRef):
            yield node
        elif isinstance(node, CONTAINER_INLINES):
            yield from footnote_refs(node.children)


def table_grid(rows: list[list[TableCell]]) -> list[list[Optional[TableCell]]]:
    """Rows of cells -> a rectangular slot grid by the HTML table algorithm: each cell
    takes the first free slot of its row and every slot it spans; None is an empty slot."""
    taken: dict[tuple[int, int], TableCell] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(max(1, cell.rowspan)):
                for dc in range(max(1, cell.colspan)):
                    taken.setdefault((r + dr, c + dc), cell)
            c += max(1, cell.colspan)
    nrows = max((r for r, _ in taken), default=-1) + 1
    ncols = max((c for _, c in taken), default=-1) + 1
    return [[taken.get((r, c)) for c in range(ncols)] for r in range(nrows)]


def iter_paragraph_like(doc: Document, *, front: bool = True, footnotes: bool = True):
    """Every inline-bearing container of the document (front matter and footnotes unless
    left out), in document order."""
    if front:
        if doc.disclaimer is not None:
            yield doc.disclaimer
        for c in doc.contributors:
            if c.note is not None:
                yield c.note
    yield from doc.abstract
    yield from _walk_blocks(doc.blocks)
    if footnotes:
        yield from doc.footnotes


def _walk_blocks(blocks):
    for b in blocks:
        if isinstance(b, (Paragraph, Heading)):
            yield b
        elif isinstance(b, (BlockQuote, BoxedText)):
            yield from _walk_blocks(b.blocks)
        elif isinstance(b, ListBlock):
            for item in b.items:
                yield from _walk_blocks(item)
        elif isinstance(b, Table):
            yield from _walk_table(b)


def _walk_table(t: Table):
    if t.caption is not None:
        yield t.caption
    for row in t.head + t.body:
        yield from row
    yield from t.notes
