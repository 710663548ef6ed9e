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

from ..model import Contributor, Furniture, Paragraph, Provenance, Text, plain_text
from .blocks import HEADING, TEXT, SourceBlock
from .names import person_and_role

# ---------------------------------------------------------------- thresholds

# headings that open a section about the authors or a disclaimer (generic English labels)
AUTHOR_SECTION = re.compile(
    r"^\s*(?:about\s+the\s+(?:authors?|contributors?|writers?)|authors?(?:['’]s?)?(?:\s+contact)?\s+information"
    r"|(?:the\s+)?authors?|contributors?|author\s+biograph(?:y|ies)|biograph(?:y|ies)\s+of\s+the\s+authors?)"
    r"\s*:?\s*$", re.IGNORECASE)
DISCLAIMER_SECTION = re.compile(r"^\s*(?:disclaimers?|legal\s+notice|important\s+notice)\s*:?\s*$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\d{0,3}\s*$")
STATEMENT_MIN_WORDS = 12      # a disclaimer paragraph or a bio is a sentence this long or longer
CONTACT = re.compile(r"@|\bhttps?://|\b\d{3}[-.\s]\d{3,4}\b|\b\d-\d{4}\b")  # e-mail, URL, phone
COLUMN_TOLERANCE = 6.0        # points: a role line starts where its name starts
STACK_MAX_GAP = 1.5           # a role line's top lies within this many line heights of the line above
CLOSING_BYLINE_MAX_WORDS = 16  # "Name, Role" on one line, no longer
CODE_LINE_MAX_WORDS = 2       # a product number or page code below a closing byline


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
        b = blocks[i]
        label = plain_text(b.content).strip() if b.kind == HEADING else ""
        if label and AUTHOR_SECTION.match(label):
            j = _section_end(blocks, i, names_inside=True)
            people = authors_from_lines(_lines(blocks[i + 1:j]))
            if people:
                out.authors.extend(people)
                out.provenance.setdefault("byline", []).extend(p for x in blocks[i:j] for p in x.provenance)
                i = j
                continue
        elif label and DISCLAIMER_SECTION.match(label) and need_disclaimer and out.disclaimer is None:
            j = _section_end(blocks, i, names_inside=False)
            if _disclaimer(blocks[i + 1:j], out):
                out.provenance.setdefault("disclaimer", []).extend(b.provenance)
                i = j
                continue
        keep.append(b)
        i += 1
    return keep, out


def _section_end(blocks: list[SourceBlock], i: int, names_inside: bool) -> int:
    """Index after a section's last block: the next heading, unless it is a name printed as one."""
    j = i + 1
    while j < len(blocks):
        b = blocks[j]
        if b.kind == HEADING and not (names_inside and person_and_role(plain_text(b.content).strip())):
            break
        if b.kind not in (TEXT, HEADING):
            break
        j += 1
    return j


def _lines(blocks: list[SourceBlock]) -> list[Line]:
    out = []
    for b in blocks:
        parts = [x.strip() for x in plain_text(b.content).split("\n") if x.strip()]
        if len(parts) == 1:
            out.append(Line(parts[0], list(b.provenance)))
        else:  # several lines of one block: geometry is the block's, order decides
            out.extend(Line(x, [Provenance(page=b.page, lines=p.lines) for p in b.provenance[:1]]) for x in parts)
    return out


def _disclaimer(blocks: list[SourceBlock], out: BackMatter) -> bool:
    texts, provs = [], []
    for b in blocks:
        text = " ".join(plain_text(b.content).split())
        if len(text.split()) >= STATEMENT_MIN_WORDS or SENTENCE_END.search(text) and texts:
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
        bio = len(ln.text.split()) >= STATEMENT_MIN_WORDS and bool(SENTENCE_END.search(ln.text))
        found = None if bio else person_and_role(ln.text)
        if found is not None:
            people.append((found, [ln]))
            continue
        owner = _owner(people, ln)
        if owner is not None:
            _attach(owner, ln, bio)
    return [c for c, _ in people]


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


def closing_byline(blocks: list[SourceBlock]) -> Optional[tuple[int, Contributor]]:
    """The one-line 'Name, Role' text block that closes the body (below it at most short code
    lines such as a product number): its index and the person."""
    for k in range(len(blocks) - 1, -1, -1):
        b = blocks[k]
        text = plain_text(b.content).strip()
        if b.kind != TEXT:
            return None
        if len(text.split()) <= CODE_LINE_MAX_WORDS and not person_and_role(text):
            continue
        one_line = "\n" not in text and len(text.split()) <= CLOSING_BYLINE_MAX_WORDS
        found = person_and_role(text) if one_line and not SENTENCE_END.search(text) else None
        return (k, found) if found is not None and found.affiliation else None
    return None


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
