"""A disclaimer printed in the back matter (a section the layout set aside as furniture of
kind "disclaimer") is the document's disclaimer when the front matter printed none."""
from __future__ import annotations

from ..model import Document, Paragraph, Text

DISCLAIMER = "disclaimer"


def adopt_disclaimer(doc: Document) -> None:
    """A disclaimer found in the back matter is the document's disclaimer when the
    front matter printed none (it is furniture only because it left the body)."""
    if doc.disclaimer is not None:
        return
    found = [f for f in doc.furniture if f.kind == DISCLAIMER and f.text.strip()]
    if found:
        text = " ".join(" ".join(f.text.split()) for f in found)
        doc.disclaimer = Paragraph([Text(text)], [p for f in found for p in f.provenance])
