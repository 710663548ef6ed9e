"""Layout properties over the whole shared corpus (each PDF converted once per session):
no footnote marker made from a contents page's page numbers, no paragraph joined across a
page of text it skipped or backwards."""
from __future__ import annotations

import re

import pytest

from convert.model import Document, FootnoteRef, Paragraph, footnote_refs, iter_paragraph_like, plain_text

pytestmark = pytest.mark.shared

LEADERS = re.compile(r"(?:\.\s?){4,}")


def _contents_pages(doc: Document) -> set:
    return {p.page for f in doc.furniture if f.kind == "contents" for p in f.provenance if p.page}


def _markers_from_contents(doc: Document) -> list[str]:
    """Markers printed on a contents page, or in a paragraph with dot leaders (a contents
    entry read as text)."""
    toc = _contents_pages(doc)
    bad = []
    for para in iter_paragraph_like(doc, front=False, footnotes=False):
        if not hasattr(para, "provenance"):
            continue  # a table cell
        refs = list(footnote_refs(para.content))
        if not refs:
            continue
        text = plain_text(para.content)
        on_toc = [r for r in refs if any(p.page in toc for p in r.provenance)]
        if on_toc or LEADERS.search(text):
            bad.append(f"{text[:60]!r} {[r.label for r in refs]}")
    return bad


def _text_pages(doc: Document) -> set:
    return {p.page for b in iter_paragraph_like(doc, front=False, footnotes=False)
            for p in getattr(b, "provenance", ()) if p.page is not None}


def _skipping_joins(doc: Document) -> list[str]:
    """Paragraphs whose pieces go back a page, or on past a page that has text of its own."""
    pages = _text_pages(doc)
    bad = []
    for b in iter_paragraph_like(doc, front=False, footnotes=False):
        if not isinstance(b, Paragraph):
            continue
        seq = [p.page for p in b.provenance if p.page is not None]
        for a, c in zip(seq, seq[1:]):
            skipped = [k for k in range(a + 1, c) if k in pages]
            if c < a or skipped:
                bad.append(f"pages {a}->{c} {plain_text(b.content)[:60]!r}")
    return bad


def test_no_footnote_marker_is_made_from_a_contents_page_number(corpus_documents):
    found = {name: bad for name, doc in corpus_documents.items() if (bad := _markers_from_contents(doc))}
    assert not found, found


def test_no_paragraph_is_joined_across_a_page_it_skipped_or_backwards(corpus_documents):
    found = {name: bad for name, doc in corpus_documents.items() if (bad := _skipping_joins(doc))}
    assert not found, found


def test_the_checks_see_a_marker_in_a_contents_entry_and_a_skipping_join():
    """The two checks can fail: a contents line with a marker, and a paragraph from page 1 to 3
    with text on page 2."""
    from convert.model import Provenance, Text
    doc = Document(blocks=[
        Paragraph([Text("Introduction ........ "), FootnoteRef("3", [Provenance(page=2)])], [Provenance(page=2)]),
        Paragraph([Text("A sentence cut")], [Provenance(page=1), Provenance(page=3)]),
        Paragraph([Text("Text of page two.")], [Provenance(page=2)]),
    ])
    assert _markers_from_contents(doc) and _skipping_joins(doc)
