"""Statements and labels read from the whole document once the front matter is known.

* permissions: a copyright or licence statement, printed anywhere (in the disclaimer, a short
  paragraph, a footer), becomes the document's ``Permissions`` (JATS permissions); a short
  paragraph that is nothing but such a statement leaves the body.
* the abstract's kind from the label printed over it ("Executive Summary" ->
  ``executive-summary``, "Key Findings" -> ``key-points``).
* the series label: an icon glyph that extraction glued to it ("INSIGHTi", "Legal Sidebari") is
  dropped where the document prints the label without it, and a fuller form of the label
  printed alone on a line ("ACME INSIGHT" for "INSIGHT") is kept as the subject.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from ..patterns import find_urls
from ..model import DateValue, Document, Furniture, Paragraph, Permissions, Provenance, Text, plain_text
from .dates import find_date, parse_date
from .front import HTML_TAG

# generic English of copyright and reuse statements
# a sentence that states copyright, not one that merely names it ("the Copyright Act", "a copyright
# notice"): the sign, "Copyright" before a year or as a label, "all rights reserved"
COPYRIGHT = re.compile(r"©|\(c\)\s*(?:19|20)\d\d\b|\bcopyright\s*(?:©|\(c\))?\s*[:.]?\s*(?:19|20)\d\d\b"
                       r"|^\s*copyright\s*(?:©\s*)?:|\ball\s+rights\s+reserved\b", re.IGNORECASE)
# no copyright at all: JATS4R puts such a statement in license, with no year or holder
PUBLIC_DOMAIN = re.compile(r"\bnot\s+(?:be\s+)?subject\s+to\s+copyright\b|\bpublic\s+domain\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# what is not the holder's name in a copyright line
HOLDER_NOISE = re.compile(r"©|\(c\)|\bcopyright\b\s*:?|\ball\s+rights\s+reserved\b\.?|\b(?:19|20)\d\d\b(?:\s*[-–]\s*(?:19|20)?\d\d\b)?",
                          re.IGNORECASE)
HOLDER_MAX_CHARS = 120
LICENSE = re.compile(
    r"\blicen[cs]ed\s+under\b|\bcreative\s+commons\b|\bCC[\s-]BY\b|\bCC0\b|\bopen\s+government\s+licen[cs]e\b"
    r"|\bmay\s+be\s+(?:freely\s+)?(?:reproduced|copied|distributed|reused|shared)\b|\bin\s+the\s+public\s+domain\b",
    re.IGNORECASE)
STATEMENT_OPENING = re.compile(
    r"^\s*(?:©|\(c\)\s*(?:19|20)\d\d|copyright\b|(?:this|the)\s+(?:work|report|paper|brief|document|publication)"
    r"\s+is\s+licen[cs]ed\s+under\b)", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z©(“\"])")
STATEMENT_PARAGRAPH_MAX_CHARS = 400  # a body paragraph that is only a copyright line is this short

# the printed label of an abstract -> JATS abstract-type ("Abstract" itself needs no type)
ABSTRACT_TYPES = [
    (re.compile(r"^executive\s+summary$", re.IGNORECASE), "executive-summary"),
    (re.compile(r"^key\s+(?:points|findings|takeaways|messages)$", re.IGNORECASE), "key-points"),
    (re.compile(r"^(?:summary|in\s+brief|at\s+a\s+glance)$", re.IGNORECASE), "summary"),
    (re.compile(r"^overview$", re.IGNORECASE), "overview"),
]
LABEL_EXTRA_MAX_WORDS = 2  # "ACME INSIGHT": at most this many words before the label itself
LABEL_LINE_MAX_WORDS = 6


def abstract_type(label: str) -> Optional[str]:
    text = " ".join(label.split()).strip(" :")
    return next((kind for rx, kind in ABSTRACT_TYPES if rx.match(text)), None)


def statement_parts(text: str) -> tuple[list[str], list[str]]:
    """(copyright sentences, licence sentences) of a statement."""
    copyright_, license_ = [], []
    for sentence in SENTENCE.split(" ".join(text.split())):
        if PUBLIC_DOMAIN.search(sentence):
            license_.append(sentence)
        elif COPYRIGHT.search(sentence):
            copyright_.append(sentence)
        elif LICENSE.search(sentence):
            license_.append(sentence)
    return copyright_, license_


def find_permissions(doc: Document) -> None:
    """Copyright and licence statements from the disclaimer, the furniture and short paragraphs;
    a paragraph that is only such a statement leaves the body."""
    sources = [plain_text(doc.disclaimer.content)] if doc.disclaimer is not None else []
    sources += [f.text for f in doc.furniture if f.kind in ("footer", "back-matter", "disclaimer")]
    kept = []
    for b in doc.blocks:
        text = plain_text(b.content).strip() if isinstance(b, Paragraph) else ""
        if text and len(text) <= STATEMENT_PARAGRAPH_MAX_CHARS and _only_a_statement(text):
            sources.append(text)
        else:
            kept.append(b)
    copyright_, license_ = _statements(sources)
    if not copyright_ and not license_:
        return
    doc.blocks = kept
    urls = [u for s in license_ for _, u in find_urls(s)]
    year, holder = copyright_parts(copyright_[0]) if copyright_ else (None, None)
    doc.metadata.permissions = Permissions(copyright=" ".join(copyright_) or None, license=" ".join(license_) or None,
                                           license_url=urls[0] if urls else None,
                                           copyright_year=year, copyright_holder=holder)


def copyright_parts(sentence: str) -> tuple[Optional[str], Optional[str]]:
    """(year, holder) a copyright line prints: "© 2016 The Council. All Rights Reserved." ->
    ("2016", "The Council"); the latest year of a range; None for what it does not print."""
    years = YEAR.findall(sentence)
    # the holder ends where the line goes on to other matters (a licensee, a second sentence)
    head = re.split(r"[;]|\.\s+(?=[A-Z])", sentence)[0]
    holder = " ".join(HOLDER_NOISE.sub(" ", head).split()).strip(" ,:.-–")
    if len(holder) > HOLDER_MAX_CHARS or not any(c.isalpha() for c in holder):
        holder = ""
    return (max(years) if years else None), (holder or None)


def _statements(sources: list[str]) -> tuple[list[str], list[str]]:
    """The copyright and the licence sentences of all sources, each once."""
    copyright_: list[str] = []
    license_: list[str] = []
    for text in sources:
        c, li = statement_parts(text)
        copyright_ += [x for x in c if x not in copyright_]
        license_ += [x for x in li if x not in license_]
    return copyright_, license_


def _only_a_statement(text: str) -> bool:
    """A copyright line ("© 2021 ...", "Copyright ...") or a licence notice ("This work is
    licensed under ..."), every sentence of it a statement: a paragraph that merely talks about
    copyright or licences (a licence's own terms, a guide to them) is running text."""
    if not STATEMENT_OPENING.match(text):
        return False
    c, li = statement_parts(text)
    return len(" ".join(c + li)) >= len(" ".join(text.split())) - 1


def tidy_series(doc: Document, lines: list[str]) -> None:
    """The series label without a glued icon glyph, and its fuller printed form as the subject."""
    series = HTML_TAG.sub("", doc.metadata.series or "").strip()
    if not series:
        return
    doc.metadata.series = series
    words = Counter(w.casefold() for line in lines for w in re.findall(r"[^\W\d_]+", line))
    last = series.split()[-1]
    # "INSIGHTi": a capitals word with one small letter glued on; "Sidebari": the word without
    # its last letter is printed elsewhere in the document, the word itself only in the label
    glued = len(last) > 2 and last[-1].islower() and (last[:-1].isupper() or (
        words[last[:-1].casefold()] > 0 and words[last.casefold()] <= 1))
    if glued:
        series = series[:-1]
        doc.metadata.series = series
    if doc.metadata.subject is None:
        doc.metadata.subject = _fuller_label(series, lines)


def _fuller_label(label: str, lines: list[str]) -> Optional[str]:
    want = label.casefold().split()
    for line in lines:
        words = line.split()
        extra = len(words) - len(want)
        if not 1 <= extra <= LABEL_EXTRA_MAX_WORDS or len(words) > LABEL_LINE_MAX_WORDS:
            continue
        if [w.casefold() for w in words[extra:]] == want and all(w[:1].isupper() for w in words[:extra]):
            return " ".join(words)
    return None


# ---------------------------------------------------------------- a date printed away from the front

DATE_SEARCH_PAGES = 2  # a date alone on its line is the document's only on its first pages
QUALIFIED_LINE_MAX_WORDS = 14
UNPAGED_FIRST_PAGE_BLOCKS = 12  # without page breaks, the blocks taken for a first page  # a one-line paragraph this short may carry the date after a qualifier


def date_elsewhere(doc: Document) -> None:
    """With no date in the front: a line that is nothing but a date on the first pages (a
    masthead date, a printout's time stamp), else a one-line paragraph of page 1 with a qualified
    date, else a qualified date in page 1's running header or footer ("Effective Date: ...")."""
    if doc.metadata.date is not None:
        return
    for finder in (_date_line, _qualified_line, _date_line_inside, _qualified_furniture):
        found = finder(doc)
        if found is not None:
            doc.metadata.date, provs = found
            doc.front_provenance.setdefault("date", []).extend(provs)
            return


def _page(provs: list[Provenance], k: int = 0) -> Optional[int]:
    """The page of a block; text without page breaks counts its first blocks as page 1."""
    page = provs[0].page if provs else None
    return 1 if page is None and k < UNPAGED_FIRST_PAGE_BLOCKS else page


def _date_line(doc: Document) -> Optional[tuple[DateValue, list[Provenance]]]:
    for k, b in enumerate(doc.blocks):
        if not isinstance(b, Paragraph):
            continue
        page = _page(b.provenance, k)
        date = parse_date(plain_text(b.content)) if page is not None and page <= DATE_SEARCH_PAGES else None
        if date is not None and "-" in date.iso:  # a year alone is not a masthead date
            doc.furniture.append(Furniture("header", plain_text(b.content).strip(), list(b.provenance)))
            del doc.blocks[k]
            return date, list(b.provenance)
    return None


def _qualified_line(doc: Document) -> Optional[tuple[DateValue, list[Provenance]]]:
    for k, b in enumerate(doc.blocks):
        text = plain_text(b.content).strip() if isinstance(b, Paragraph) and _page(b.provenance, k) == 1 else ""
        date = find_date(text) if text and len(text.split()) <= QUALIFIED_LINE_MAX_WORDS and "\n" not in text else None
        if date is not None and date.qualifier is not None:  # "No. 11-889. Argued ...--Decided June 13, 2013"
            return date, list(b.provenance)
    return None


def _date_line_inside(doc: Document) -> Optional[tuple[DateValue, list[Provenance]]]:
    """A masthead line such as "Updated April 16, 2026" that extraction merged into a paragraph
    of page 1 (a column's flow): the line leaves the paragraph."""
    for k, b in enumerate(doc.blocks):
        if not isinstance(b, Paragraph) or _page(b.provenance, k) != 1:
            continue
        for node in [n for n in b.content if isinstance(n, Text)]:
            lines = node.text.split("\n")
            dates = [parse_date(x) for x in lines]
            hit = next((i for i, d in enumerate(dates) if d is not None and d.qualifier), None)
            found = dates[hit] if hit is not None and len(lines) > 1 else None
            if hit is not None and found is not None:
                node.text = "\n".join(lines[:hit] + lines[hit + 1:])
                return found, list(b.provenance)
    return None


def _qualified_furniture(doc: Document) -> Optional[tuple[DateValue, list[Provenance]]]:
    for f in doc.furniture:
        date = find_date(f.text) if f.kind in ("header", "footer") and _page(f.provenance) in (None, 1) else None
        if date is not None and date.qualifier is not None:
            return date, list(f.provenance)
    return None
