"""The PDF's document information dictionary, as a fallback for front matter not in the text layer.

A label such as a series name is often printed as an image on the cover; the
producing software usually also writes it into the document information
(``/Subject``).  It is used only where the text printed none.
"""
from __future__ import annotations

import io
from typing import Optional

from ..model import Document
from .front import is_series_label

INFO_KEYS = ("Title", "Subject", "Author")


def document_info(data: bytes, password: Optional[str] = None) -> dict[str, str]:
    """Title, Subject and Author of the information dictionary as text; empty when unreadable."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    start = max(0, data.find(b"%PDF", 0, 1024))
    out: dict[str, str] = {}
    try:  # a damaged or odd trailer only costs the fallback: the text layer was read already
        doc = PDFDocument(PDFParser(io.BytesIO(data[start:])), password=password or "")
        for info in doc.info:
            for key in INFO_KEYS:
                value = resolve1(info.get(key))
                if isinstance(value, bytes):
                    value = decode_text(value)
                if isinstance(value, str) and value.strip() and key not in out:
                    out[key] = " ".join(value.split())
    except Exception:  # noqa: BLE001 - pdfminer raises many unrelated types on bad input
        return {}
    return out


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
