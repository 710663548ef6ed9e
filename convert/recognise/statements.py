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
from ..model import Document, Paragraph, Permissions, plain_text
from .front import HTML_TAG

# generic English of copyright and reuse statements
COPYRIGHT = re.compile(r"©|\(c\)\s*(?:19|20)\d\d\b|\bcopyright\b|\ball\s+rights\s+reserved\b", re.IGNORECASE)
LICENSE = re.compile(
    r"\blicen[cs]ed\s+under\b|\bcreative\s+commons\b|\bCC[\s-]BY\b|\bCC0\b|\bopen\s+government\s+licen[cs]e\b"
    r"|\bmay\s+be\s+(?:freely\s+)?(?:reproduced|copied|distributed|reused|shared)\b|\bin\s+the\s+public\s+domain\b",
    re.IGNORECASE)
LICENSE_NAMED = re.compile(r"\blicen[cs]ed\s+under\b|\bcreative\s+commons\b|\bCC[\s-]BY\b|\bCC0\b", re.IGNORECASE)
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
        if COPYRIGHT.search(sentence):
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
    doc.metadata.permissions = Permissions(copyright=" ".join(copyright_) or None, license=" ".join(license_) or None,
                                           license_url=urls[0] if urls else None)


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
    """Every sentence states copyright or a licence, and one names it outright (a paragraph
    saying that data "may be reproduced" is running text)."""
    c, li = statement_parts(text)
    whole = len(" ".join(c + li)) >= len(" ".join(text.split())) - 1
    return whole and (bool(c) or any(LICENSE_NAMED.search(x) for x in li))


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
