"""Front matter, body and footnotes from [SourceBlock] -> Document.

Shared by the text and PDF extractors.  The front matter of a policy brief is
a handful of short lines before the running text: a series label, a
disclaimer, the title (and subtitle), a date, a byline, an editor line and an
author note tied to the byline by a marker.  The recognisers are small pure
functions (``front``, ``names``, ``dates``; re-exported here);
``build_document`` lets ``front.Front`` walk the first blocks line by line,
picks the lede or abstract, and hands everything else to the body.
"""
from __future__ import annotations

import re
from typing import Optional

from ..patterns import SENTENCE_END_BEFORE_MARKER
from ..model import (furniture_kind, Document, Emphasis, Footnote, FootnoteRef, Furniture, Heading, Inline, Paragraph, Strong, Text,
                     plain_text)
from .backmatter import closing_bylines, merge_authors, take_back_matter
from ..extract.source import FOOTNOTE, FURNITURE, HEADING, TEXT, SourceBlock
from .docinfo import fill_metadata
from .dates import parse_date  # noqa: F401  (the recognisers, re-exported for callers of roles)
from .front import (Front, FrontResult, HeaderTitle, is_abstract_label, front_extent, lines_of, split_front_blocks, is_abstract_heading,  # noqa: F401
                    is_disclaimer, is_series_label, strip_disclaimer)
from .boxes import with_boxes
from .statements import abstract_type, date_elsewhere, find_permissions, tidy_series
from .summary import standfirst, summary_in_text, summary_on_page
from .tables import place_tables, source_tables
from .names import note_marker, parse_byline, parse_editors, split_name  # noqa: F401

# ---------------------------------------------------------------- thresholds

LEDE_MAX_CHARS = 2000
ABSTRACT_MAX_PARAGRAPHS = 4   # paragraphs under an "Abstract" heading before the next heading
BOLD_HEADING_MAX_CHARS = 120  # a bold one-line block this short, without a full stop, is a heading
# a body heading that starts with the whole title (a cover page, then the title again over
# the summary, perhaps with a date after it) repeats the title: it is furniture, not a section
TITLE_REPEAT_MIN_WORDS = 3
TITLE_REPEAT_MAX_EXTRA_WORDS = 6
TITLE_FROM_HEADER_MIN_WORDS = 3
STANDFIRST_MAX_BLOCKS = 2  # paragraphs printed above a title that has none in the front  # a running header this long is a title even if it reads like a label
WORD = re.compile(r"[^\W_]+", re.UNICODE)


# ---------------------------------------------------------------- the document


def build_document(blocks: list[SourceBlock], info: Optional[dict[str, str]] = None) -> Document:
    """The document from the extractor's blocks; ``info`` is the PDF's information dictionary,
    the fallback for a label printed only as an image."""
    doc = Document()
    tables = source_tables(blocks)
    content = _sort_blocks(doc, blocks)
    start = front_extent(content)
    content = split_front_blocks(content, start)
    start = front_extent(content)
    header = _page_one_header(blocks, content[start] if start < len(content) else None)
    result = Front(doc, header).run([x for i, b in enumerate(content[:start]) for x in lines_of(i, b)])
    _title_from_running_header(doc, blocks)
    # a lede without font cues is known only by standing under a byline printed in the front
    had_byline = bool(doc.contributors)
    body_blocks = _back_matter(doc, content[start:])
    body_blocks = _find_abstract(doc, body_blocks, has_cues=any(_has_cues(b) for b in content), had_byline=had_byline)
    _unclaimed_front(doc, content[:start], result)
    doc.blocks.extend(with_boxes(body_blocks, _body_block))
    _set_aside_repeated_titles(doc)
    place_tables(doc, tables)  # by provenance, after the front matter has taken its blocks
    fill_metadata(doc, info or {})
    find_permissions(doc)
    date_elsewhere(doc)
    tidy_series(doc, _printed_lines(blocks))
    return doc


def _printed_lines(blocks: list[SourceBlock]) -> list[str]:
    """Every printed line of the document, and every bold run (a label set in bold at the start
    of a line of a text converter's output)."""
    lines = [x.strip() for b in blocks for x in plain_text(b.content).split("\n") if x.strip()]
    return lines + [plain_text(n.children).strip() for b in blocks for n in b.content if isinstance(n, Strong)]


def _find_abstract(doc: Document, blocks: list[SourceBlock], has_cues: bool, had_byline: bool) -> list[SourceBlock]:
    """The abstract (and its kind) from the first body blocks; the blocks left for the body."""
    if doc.metadata.title is None:
        found = _title_below_standfirst(doc, blocks)
        if found is not None:
            return found
    label = plain_text(blocks[0].content) if blocks and is_abstract_label(blocks[0]) else ""
    abstract, blocks = _abstract(blocks, doc, has_cues=has_cues, had_front=had_byline)
    if abstract and label:
        doc.metadata.abstract_type = abstract_type(label)
    if not abstract:
        abstract, blocks = _standfirst(blocks, doc)
    doc.abstract = abstract
    return blocks


def _title_below_standfirst(doc: Document, blocks: list[SourceBlock]) -> Optional[list[SourceBlock]]:
    """With no title in the front: the document's only top-level heading, printed right under a
    paragraph or two, is the title and those paragraphs are its standfirst (the abstract)."""
    k = next((k for k, b in enumerate(blocks[:STANDFIRST_MAX_BLOCKS + 1]) if b.kind != TEXT), None)
    if not k or blocks[k].kind != HEADING or blocks[k].level != 1 \
            or any(b.kind == HEADING and b.level == 1 for b in blocks[k + 1:]):
        return None
    doc.metadata.title = " ".join(plain_text(blocks[k].content).split())
    doc.front_provenance.setdefault("title", []).extend(blocks[k].provenance)
    doc.abstract = [_paragraph(b, keep_cues=False) for b in blocks[:k]]
    return blocks[k + 1:]


def _page_one_header(blocks: list[SourceBlock], body: Optional[SourceBlock]) -> Optional[HeaderTitle]:
    """A running header on page 1 printed above the first body block (text input: by line)."""
    limit = body.provenance[0].lines if body is not None and body.provenance else None
    for b in blocks:
        p = b.provenance[0] if b.provenance else None
        if b.kind != FURNITURE or b.furniture_kind != "header" or b.page != 1 or p is None or p.lines is None:
            continue
        text = " ".join(plain_text(b.content).split())
        if limit is not None and p.lines[0] > limit[0] or len(text.split()) < TITLE_FROM_HEADER_MIN_WORDS:
            continue
        return HeaderTitle(text, list(b.provenance))
    return None


def _title_from_running_header(doc: Document, blocks: list[SourceBlock]) -> None:
    """With no title found, a running header printed first on page 1, above all else, is the
    title (a text converter marks the title as furniture when every page repeats it)."""
    first = blocks[0] if blocks else None
    if doc.metadata.title is not None or first is None or first.kind != FURNITURE \
            or first.furniture_kind != "header" or first.page not in (None, 1):
        return
    text = " ".join(plain_text(first.content).split())
    if text and not is_series_label(text) or len(text.split()) >= TITLE_FROM_HEADER_MIN_WORDS:
        doc.metadata.title = text
        doc.front_provenance.setdefault("title", []).extend(first.provenance)


def _sort_blocks(doc: Document, blocks: list[SourceBlock]) -> list[SourceBlock]:
    """Furniture and footnotes into the document; the text and heading blocks that carry content."""
    content: list[SourceBlock] = []
    for b in blocks:
        if b.kind == FURNITURE:
            doc.furniture.append(Furniture(furniture_kind(b.furniture_kind or "header"), plain_text(b.content).strip(),
                                           list(b.provenance)))
        elif b.kind == FOOTNOTE:
            _footnote(doc, b)
        elif b.kind in (TEXT, HEADING):
            if plain_text(b.content).strip() or any(isinstance(n, FootnoteRef) for n in b.content):
                content.append(b)
    return content


def _unclaimed_front(doc: Document, front_blocks: list[SourceBlock], result: FrontResult) -> None:
    """Front lines no recogniser claimed go back to the body: whole blocks with their markup,
    else as text."""
    for g in result.leftover:
        whole = {x.block for x in g.lines}
        if len(whole) == 1 and g.first.block >= 0 and g.first.block not in result.consumed:
            continue
        doc.blocks.append(Paragraph([Text("\n".join(x.text for x in g.lines))], g.provenance))
    for i, b in enumerate(front_blocks):
        if i not in result.consumed and any(i == x.block for g in result.leftover for x in g.lines):
            doc.blocks.append(_body_block(b))


def _back_matter(doc: Document, blocks: list[SourceBlock]) -> list[SourceBlock]:
    """Author and disclaimer sections and a closing byline found in the body move to the front."""
    blocks, back = take_back_matter(blocks, need_disclaimer=doc.disclaimer is None)
    if back.disclaimer is not None:
        doc.disclaimer = back.disclaimer
    merge_authors(doc.contributors, back.authors)
    doc.furniture.extend(back.furniture)
    for key, provs in back.provenance.items():
        doc.front_provenance.setdefault(key, []).extend(provs)
    found = None if doc.authors else closing_bylines(blocks)
    if found is not None:
        k, people = found
        end = k + len(people)
        doc.contributors.extend(people)
        doc.front_provenance.setdefault("byline", []).extend(p for b in blocks[k:end] for p in b.provenance)
        doc.furniture.extend(Furniture("footer", plain_text(b.content).strip(), list(b.provenance))
                             for b in blocks[end:])
        blocks = blocks[:k]
    return blocks


def _set_aside_repeated_titles(doc: Document) -> None:
    title = WORD.findall((doc.metadata.title or "").casefold())
    if len(title) < TITLE_REPEAT_MIN_WORDS:
        return
    kept = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            text = plain_text(b.content)
            words = WORD.findall(text.casefold())
            if words[:len(title)] == title and len(words) - len(title) <= TITLE_REPEAT_MAX_EXTRA_WORDS:
                doc.furniture.append(Furniture("repeated-title", " ".join(text.split()), list(b.provenance)))
                continue
        kept.append(b)
    doc.blocks = kept


def _has_cues(b: SourceBlock) -> bool:
    # plain text extractors find section headings (level 2) without any font cue; a level-1
    # heading comes from Markdown or font sizes, where a bold lede would show as bold
    return b.bold or b.italic or b.size != 1.0 or (b.kind == HEADING and b.level == 1)


def _abstract(blocks: list[SourceBlock], doc: Document, has_cues: bool, had_front: bool) -> tuple[list[Paragraph], list]:
    if blocks and is_abstract_label(blocks[0]):
        return _abstract_under_heading(blocks, doc)
    k = 0
    while k < len(blocks) and blocks[k].kind == TEXT and blocks[k].bold:
        k += 1
    if k:
        return [_paragraph(b, keep_cues=False) for b in blocks[:k]], blocks[k:]
    # no font cues at all (plain or pdftotext): the lede is the first paragraph after the byline
    if (not has_cues and had_front and len(blocks) > 1 and blocks[0].kind == TEXT and blocks[1].kind == TEXT
            and len(plain_text(blocks[0].content)) <= LEDE_MAX_CHARS):
        return [_paragraph(blocks[0], keep_cues=False)], blocks[1:]
    return [], blocks


def _abstract_under_heading(blocks: list[SourceBlock], doc: Document) -> tuple[list[Paragraph], list]:
    on_page = summary_on_page(blocks)
    if on_page is not None:
        return [_paragraph(b, keep_cues=False) for b in on_page[0]], on_page[1]
    in_text = summary_in_text(blocks, doc.metadata.title) if _x0_unknown(blocks[0]) else None
    if in_text is not None:
        paragraphs, aside, rest = in_text
        doc.furniture.extend(Furniture("header", plain_text(b.content).strip(), list(b.provenance)) for b in aside)
        return [_paragraph(b, keep_cues=False) for b in paragraphs], rest
    k = 1
    while k < len(blocks) and blocks[k].kind == TEXT:
        k += 1
    # the abstract runs to the next heading; with no heading soon after, it is one paragraph
    if k == len(blocks) or k - 1 > ABSTRACT_MAX_PARAGRAPHS:
        k = min(2, len(blocks))
    return [_paragraph(b, keep_cues=False) for b in blocks[1:k]], blocks[k:]


def _standfirst(blocks: list[SourceBlock], doc: Document) -> tuple[list[Paragraph], list[SourceBlock]]:
    k = standfirst(blocks, doc.front_provenance.get("title", []))
    if k is None:
        return [], blocks
    return [_paragraph(blocks[k], keep_cues=False)], blocks[:k] + blocks[k + 1:]


def _x0_unknown(b: SourceBlock) -> bool:
    return not any(p.bbox is not None for p in b.provenance)


def _paragraph(b: SourceBlock, keep_cues: bool = True) -> Paragraph:
    content: list[Inline] = list(b.content)
    if keep_cues and b.bold:
        content = [Strong(content)]
    if keep_cues and b.italic:
        content = [Emphasis(content)]
    return Paragraph(content, list(b.provenance))


def _body_block(b: SourceBlock):
    if b.kind == HEADING:
        return Heading(max(1, b.level or 1), list(b.content), list(b.provenance))
    if b.bold or b.size > 1.0:  # only a font cue makes the text worth looking at
        text = plain_text(b.content).strip()
        if len(text) <= BOLD_HEADING_MAX_CHARS and "\n" not in text and not SENTENCE_END_BEFORE_MARKER.search(text):
            return Heading(2, list(b.content), list(b.provenance))
    return _paragraph(b)


def _footnote(doc: Document, b: SourceBlock) -> None:
    content = _lstrip(list(b.content))
    if b.label is None and doc.footnotes:
        last = doc.footnotes[-1]
        last.content = last.content + [Text("\n")] + content
        last.provenance = last.provenance + list(b.provenance)
        return
    if b.label is None:
        doc.blocks.append(Paragraph(content, list(b.provenance)))
        return
    doc.footnotes.append(Footnote(b.label, content, list(b.provenance)))


def _lstrip(content: list[Inline]) -> list[Inline]:
    while content and isinstance(content[0], Text) and not content[0].text.strip():
        content = content[1:]
    if content and isinstance(content[0], Text):
        content = [Text(content[0].text.lstrip())] + content[1:]
    return content
