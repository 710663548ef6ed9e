"""The tidy pass: no leading or trailing space in any paragraph, no empty body paragraph."""
from __future__ import annotations

from ..model import Document, Paragraph
from .inlines import containers, trim


def tidy(doc: Document) -> None:
    """No leading or trailing space in any paragraph, no empty body paragraph."""
    # the passes that join text (lines, paragraphs) respace what they join; here only the ends
    for c in containers(doc):
        trim(c)
    doc.blocks = [b for b in doc.blocks if not (isinstance(b, Paragraph) and not b.content)]
