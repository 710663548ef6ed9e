"""Front matter of whole small text documents (fixtures/front.txt): the recognisers as the text
path runs them, with the cues plain text has (a line alone, capitals, position, labels).

Each case is a plain-text document ("<FF>" stands for a form feed, a page break) and the
front-matter fields found, one per line; a field not listed must be empty.
"""
from __future__ import annotations

import pytest

from convert import pipeline
from convert.model import Document, plain_text
from fixtures_util import params

FIX = "front.txt"


def _fields(doc: Document) -> dict[str, str]:
    md = doc.metadata
    out = {
        "title": md.title or "",
        "subtitle": md.subtitle or "",
        "series": md.series or "",
        "subject": md.subject or "",
        "date": f"{md.date.iso} ({md.date.qualifier or '-'})" if md.date else "",
        "authors": "; ".join(_person(c) for c in doc.authors),
        "disclaimer": plain_text(doc.disclaimer.content)[:60] if doc.disclaimer else "",
        "abstract": " / ".join(plain_text(p.content)[:40] for p in doc.abstract),
        # checked only where a case lists them
        "abstract-type": md.abstract_type or "",
        "history": "; ".join(f"{d.iso} ({d.qualifier})" for d in md.history),
        "copyright": (md.permissions.copyright or "") if md.permissions else "",
        "license": (md.permissions.license or "") if md.permissions else "",
        "body": " / ".join(plain_text(b.content)[:30].strip() for b in doc.blocks if hasattr(b, "content")),
    }
    return out


def _person(c) -> str:
    name = " ".join(x for x in (c.prefix, c.given_names, c.surname, c.suffix) if x)
    extra = ", ".join(x for x in (c.position, c.affiliation) if x)
    return f"{name} [{extra}]" if extra else name


def _expected(text: str) -> dict[str, str]:
    want = {"title": "", "subtitle": "", "series": "", "subject": "", "date": "", "authors": "", "disclaimer": "",
            "abstract": ""}
    for line in text.split("\n"):
        if line.strip():
            key, _, value = line.partition(":")
            want[key.strip()] = value.strip()
    return want


@pytest.mark.parametrize("inp,expected", params(FIX))
def test_front_matter_of_a_text_document(inp, expected):
    doc = pipeline.read(inp.replace("<FF>", "\f").encode("utf-8"), from_="pdftotext")
    got = _fields(doc)
    want = _expected(expected)
    assert {k: got[k] for k in want} == want
