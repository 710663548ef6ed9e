"""Front matter printed away from the front: labelled sections and a closing byline.

Many documents print who wrote them and their disclaimer at the end ("Author
Information", "About the authors", "Disclaimer"), or close the text with a
one-line byline ("Jane Roe, Analyst in Housing").  ``take_back_matter`` finds
those sections among the content blocks, wherever they stand, and returns what
they say together with the blocks that remain for the body.

A role line belongs to the name it is printed under: on a PDF page that is the
name line directly above it in the same column (bounding boxes), in text the
name line before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..patterns import AUTHOR_SECTION, DISCLAIMER_TITLE, SENTENCE_END_BEFORE_MARKER
from ..model import Contributor, Furniture, Paragraph, Provenance, Text, plain_text
from ..extract.source import HEADING, TEXT, SourceBlock
from .front import line_prov
from .names import person_and_role

# ---------------------------------------------------------------- thresholds

# headings that open a section about the authors or a disclaimer (generic English labels)
# phrases of a disclaimer, copyright or reuse statement; two different ones make an unlabelled
# paragraph a disclaimer (a label may be lost by a text converter)
STATEMENT_CUES = re.compile(
    r"should\s+not\s+be\s+relied\s+(?:up)?on|not\s+(?:be\s+)?subject\s+to\s+copyright|may\s+be\s+reproduced"
    r"|without\s+(?:prior\s+|express\s+|written\s+)*permission|do(?:es)?\s+not\s+(?:necessarily\s+)?(?:represent|reflect)"
    r"|views\s+(?:and\s+opinions\s+)?expressed|for\s+information(?:al)?\s+purposes\s+only|permission\s+of\s+the\s+copyright"
    r"|not\s+(?:intended\s+as|to\s+be\s+construed\s+as)\s+(?:legal|financial|investment)\s+advice"
    r"|(?:accepts?|assumes?)\s+no\s+(?:responsibility|liability)|solely\s+(?:the\s+)?responsib", re.IGNORECASE)
STATEMENT_MIN_CUES = 2
STATEMENT_MAX_CHARS = 1500
# words that name an institution rather than a job (generic English)
INSTITUTION_WORDS = {
    "university", "institute", "institution", "college", "school", "centre", "center", "department", "ministry",
    "foundation", "council", "agency", "bureau", "office", "commission", "academy", "society", "association",
    "organization", "organisation", "company", "corporation", "inc", "ltd", "llc", "bank", "fund", "trust",
    "laboratory", "hospital", "service", "government", "library", "museum", "court", "parliament", "congress",
    "senate", "house", "secretariat", "board", "authority", "network", "forum", "programme", "group",
}
STATEMENT_MIN_WORDS = 12      # a disclaimer paragraph or a bio is a sentence this long or longer
CONTACT = re.compile(r"@|\bhttps?://|\b\d{3}[-.\s]\d{3,4}\b|\b\d-\d{4}\b")  # e-mail, URL, phone
COLUMN_TOLERANCE = 6.0        # points: a role line starts where its name starts
STACK_MAX_GAP = 1.5           # a role line's top lies within this many line heights of the line above
CLOSING_BYLINE_MAX_WORDS = 16  # "Name, Role" on one line, no longer
CLOSING_BYLINE_MAX_LINES = 2  # a role may wrap once
CLOSING_SEARCH_BLOCKS = 4     # a closing byline has at most this many short blocks below it
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")
GUTTER = re.compile(r" {3,}")  # a run of spaces inside a line of layout text separates two columns


@dataclass
class Line:
    text: str
    prov: list[Provenance]

    @property
    def box(self) -> Optional[tuple[int, tuple[float, float, float, float]]]:
        p = self.prov[0] if len(self.prov) == 1 else None
        return (p.page or 0, p.bbox) if p is not None and p.bbox is not None else None


@dataclass
class BackMatter:
    authors: list[Contributor] = field(default_factory=list)
    disclaimer: Optional[Paragraph] = None
    furniture: list[Furniture] = field(default_factory=list)
    provenance: dict[str, list[Provenance]] = field(default_factory=dict)


def take_back_matter(blocks: list[SourceBlock], need_disclaimer: bool = True) -> tuple[list[SourceBlock], BackMatter]:
    """The blocks left for the body, and what the author and disclaimer sections say."""
    out = BackMatter()
    keep: list[SourceBlock] = []
    i = 0
    while i < len(blocks):
        kind, section, j = _section_at(blocks, i)
        if kind == "authors":
            people = authors_from_lines(_lines(section))
            if people:
                out.authors.extend(people)
                out.provenance.setdefault("byline", []).extend(p for x in blocks[i:j] for p in x.provenance)
                i = j
                continue
        elif kind == "disclaimer" and need_disclaimer and out.disclaimer is None and _disclaimer(section, out):
            out.provenance.setdefault("disclaimer", []).extend(p for x in section for p in x.provenance)
            i = j
            continue
        if need_disclaimer and out.disclaimer is None and is_disclaimer_statement(blocks[i]):
            _disclaimer([blocks[i]], out)
            out.provenance.setdefault("disclaimer", []).extend(blocks[i].provenance)
        else:
            keep.append(blocks[i])
        i += 1
    return keep, out


def is_disclaimer_statement(b: SourceBlock) -> bool:
    """An unlabelled paragraph that states a disclaimer or the terms of reuse."""
    text = " ".join(plain_text(b.content).split())
    if b.kind != TEXT or len(text) > STATEMENT_MAX_CHARS:
        return False
    return len({m.group(0).casefold() for m in STATEMENT_CUES.finditer(text)}) >= STATEMENT_MIN_CUES


def _section_at(blocks: list[SourceBlock], i: int) -> tuple[Optional[str], list[SourceBlock], int]:
    """(kind, the section's blocks, index after it) for a section label at block i: a heading, or the
    first line of a text block (text converters glue a label to the lines under it)."""
    b = blocks[i]
    lines = plain_text(b.content).strip().split("\n")
    label = " ".join(lines) if b.kind == HEADING or len(lines) == 1 else lines[0]
    kind = _section_kind(label)
    if kind is None and b.kind == HEADING and len(lines) > 1:
        # a text converter glued the label and the first name under it into one heading
        label = lines[0]
        kind = _section_kind(label)
        b = SourceBlock(TEXT, b.content, b.provenance)
    if kind is None or not label.strip():
        return None, [], i
    if b.kind == HEADING:
        j = _section_end(blocks, i, names_inside=kind == "authors")
        return kind, blocks[i + 1:j], j
    # the label glued over its lines, or alone on its line with the section in the block(s) after it
    rest = [SourceBlock(TEXT, [Text("\n".join(lines[1:]))], line_prov(b.provenance, 1, len(lines), len(lines)))
            ] if len(lines) > 1 else []
    if kind == "disclaimer":
        j = i + 1 if rest else min(len(blocks), i + 2)
    else:
        j = _text_author_section_end(blocks, i + 1, after_name=len(lines) > 1 and person_and_role(lines[-1]) is not None)
    return kind, rest + blocks[i + 1:j], j


def _section_kind(label: str) -> Optional[str]:
    return "authors" if AUTHOR_SECTION.match(label) else "disclaimer" if DISCLAIMER_TITLE.match(label) else None


def _text_author_section_end(blocks: list[SourceBlock], j: int, after_name: bool = False) -> int:
    """Without geometry an author section runs on over name blocks and the short role line that
    a converter split from the name above it (``after_name``: the label's block ended with a
    name)."""
    while j < len(blocks) and blocks[j].kind == TEXT:
        text = plain_text(blocks[j].content).strip()
        if _person_block(blocks[j]):
            after_name = "\n" not in text
        elif after_name and "\n" not in text and len(text.split()) < STATEMENT_MIN_WORDS and not SENTENCE_END_BEFORE_MARKER.search(text):
            after_name = False
        else:
            break
        j += 1
    return j


def _section_end(blocks: list[SourceBlock], i: int, names_inside: bool) -> int:
    """Index after a section's last block: the next heading, unless it is a name printed as one;
    an author section also ends at a block that is neither a name line, nor printed directly under
    a line of the section, nor a bio that starts with a name of the section."""
    j = i + 1
    while j < len(blocks):
        b = blocks[j]
        if b.kind == HEADING and not (names_inside and _person_block(b)):
            break
        if b.kind not in (TEXT, HEADING):
            break
        if names_inside and j > i + 1 and not _person_block(b) and not _bio_block(b, blocks[i + 1:j]) and not any(
                _directly_under(Line("", list(x.provenance)), Line("", list(b.provenance))) and x.provenance
                and x.provenance[0].bbox is not None for x in blocks[i + 1:j]):
            break
        j += 1
    return j


def _person_block(b: SourceBlock) -> bool:
    return person_and_role(plain_text(b.content).strip().split("\n")[0], run_on=True) is not None


def _bio_block(b: SourceBlock, section: list[SourceBlock]) -> bool:
    """A bio paragraph starts with the name (or surname) of a person listed above it."""
    first = " ".join(plain_text(b.content).split()[:4])
    people = authors_from_lines(_lines(section))
    return any(c.surname and first.startswith((c.printed, c.surname)) for c in people)


def _lines(blocks: list[SourceBlock]) -> list[Line]:
    out = []
    for b in blocks:
        parts = _by_column([x.strip() for x in plain_text(b.content).split("\n") if x.strip()])
        if len(parts) == 1:
            out.append(Line(parts[0], list(b.provenance)))
        else:  # several lines of one block: geometry is the block's, order decides
            out.extend(Line(x, [Provenance(page=b.page, lines=p.lines) for p in b.provenance[:1]]) for x in parts)
    return out


def _by_column(lines: list[str]) -> list[str]:
    """Layout text prints an author grid's columns side by side, a gutter of spaces between
    them: the left column's lines first, then the right column's."""
    cells = [GUTTER.split(x, maxsplit=1) for x in lines]
    if not any(len(c) > 1 for c in cells):
        return lines
    return [c[0] for c in cells] + [c[1].strip() for c in cells if len(c) > 1 and c[1].strip()]


def _disclaimer(blocks: list[SourceBlock], out: BackMatter) -> bool:
    texts: list[str] = []
    provs: list[Provenance] = []
    for b in blocks:
        text = " ".join(plain_text(b.content).split())
        if len(text.split()) >= STATEMENT_MIN_WORDS or SENTENCE_END_BEFORE_MARKER.search(text) and texts:
            texts.append(text)
            provs.extend(b.provenance)
        else:  # a product number or date line printed at the foot of the last page
            out.furniture.append(Furniture("footer", text, list(b.provenance)))
    if not texts:
        return False
    out.disclaimer = Paragraph([Text(" ".join(texts))], provs)
    return True


# ---------------------------------------------------------------- names and the lines under them


def authors_from_lines(lines: list[Line]) -> list[Contributor]:
    """People from the lines of an author section: a name line, then its role/affiliation lines,
    then perhaps a bio; a contact line (e-mail, phone) is dropped."""
    people: list[tuple[Contributor, list[Line]]] = []
    for ln in lines:
        if CONTACT.search(ln.text) and len(ln.text.split()) < STATEMENT_MIN_WORDS:
            continue
        bio = len(ln.text.split()) >= STATEMENT_MIN_WORDS and bool(SENTENCE_END_BEFORE_MARKER.search(ln.text))
        found = None if bio else person_and_role(ln.text, run_on=True)
        if found is not None:
            people.append((found, [ln]))
            continue
        owner = _owner(people, ln)
        if owner is not None:
            _attach(owner, ln, bio)
    return [split_role(c) for c, _ in people]


def split_role(c: Contributor) -> Contributor:
    """The lines printed with a name: an institution stays the affiliation (JATS aff), a job
    title becomes the position (JATS role)."""
    parts = [x.strip() for x in (c.affiliation or "").split(";") if x.strip()]
    aff = [x for x in parts if INSTITUTION_WORDS & set(re.findall(r"[a-z]+", x.lower()))]
    role = [x for x in parts if x not in aff]
    c.affiliation = "; ".join(aff) or None
    c.position = "; ".join(role) or None
    return c


def _attach(owner: tuple[Contributor, list[Line]], ln: Line, bio: bool) -> None:
    c, stack = owner
    if bio:
        if c.note is None:
            c.note = Paragraph([Text(ln.text)], list(ln.prov))
        else:
            c.note.content.append(Text(" " + ln.text))
            c.note.provenance.extend(ln.prov)
    else:
        c.affiliation = f"{c.affiliation}; {ln.text}" if c.affiliation else ln.text
    stack.append(ln)


def _owner(people: list[tuple[Contributor, list[Line]]], ln: Line) -> Optional[tuple[Contributor, list[Line]]]:
    """The person whose stack of lines this line continues: by geometry where known, else the last."""
    if not people:
        return None
    if ln.box is None or any(s[-1].box is None for _, s in people):
        return people[-1]
    under = [p for p in people if _directly_under(p[1][-1], ln)]
    return under[0] if under else None


def _directly_under(above: Line, ln: Line) -> bool:
    a, b = above.box, ln.box
    if a is None or b is None:
        return True
    (pa, (ax0, atop, _, abot)), (pb, (bx0, btop, _, _)) = a, b
    height = max(1.0, abot - atop)
    return pa == pb and abs(ax0 - bx0) <= COLUMN_TOLERANCE and -height / 2 <= btop - abot <= STACK_MAX_GAP * height


def closing_bylines(blocks: list[SourceBlock]) -> Optional[tuple[int, list[Contributor]]]:
    """The 'Name, Role' blocks that close the body, one person each (a role may wrap onto a second
    line; below them at most a few short lines: a product number, a repeated title): the index of
    the first and the people."""
    end = None
    for k in range(len(blocks) - 1, max(-1, len(blocks) - 1 - CLOSING_SEARCH_BLOCKS), -1):
        if _byline_block(blocks[k]) is not None:
            end = k
            break
        if blocks[k].kind not in (TEXT, HEADING) or len(plain_text(blocks[k].content).split()) >= STATEMENT_MIN_WORDS:
            return None
    if end is None:
        return None
    start = end
    while start > 0 and _byline_block(blocks[start - 1]) is not None:
        start -= 1
    return start, [split_role(c) for b in blocks[start:end + 1] if (c := _byline_block(b)) is not None]


def _byline_block(b: SourceBlock) -> Optional[Contributor]:
    if b.kind not in (TEXT, HEADING):
        return None
    lines = [x.strip() for x in URL.sub("", plain_text(b.content)).strip().split("\n") if x.strip()]
    text = " ".join(lines)
    if not lines or len(lines) > CLOSING_BYLINE_MAX_LINES or len(text.split()) > CLOSING_BYLINE_MAX_WORDS \
            or SENTENCE_END_BEFORE_MARKER.search(text):
        return None
    found = person_and_role(text)
    return found if found is not None and found.affiliation and "," in lines[0] else None


def merge_authors(found: list[Contributor], more: list[Contributor]) -> None:
    """Authors from a later section join those of the byline: the same name (compared without
    case) gains its role and bio, a new name is added."""
    for c in more:
        twin = next((x for x in found if x.role == "author" and _key(x) == _key(c)), None)
        if twin is None:
            found.append(c)
            continue
        twin.affiliation = twin.affiliation or c.affiliation
        twin.note = twin.note or c.note


def _key(c: Contributor) -> str:
    return " ".join(f"{c.given_names} {c.surname}".casefold().split())
