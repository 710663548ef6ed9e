"""The PDF's document information dictionary, as a fallback for front matter not in the text layer.

A label such as a series name is often printed as an image on the cover; the
producing software usually also writes it into the document information
(``/Subject``).  It is used only where the text printed none.
"""
from __future__ import annotations

from ..model import Document
from .front import is_series_label


def fill_metadata(doc: Document, info: dict[str, str]) -> None:
    """The series from /Subject when the pages print none and it reads as a short label; a
    different label there is kept as the document's subject."""
    subject = info.get("Subject", "")
    if not subject or not is_series_label(subject):
        return
    if doc.metadata.series is None:
        doc.metadata.series = subject
    elif subject.casefold() != doc.metadata.series.casefold():
        doc.metadata.subject = subject
