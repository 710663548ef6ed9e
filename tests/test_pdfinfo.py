"""The PDF information dictionary as a fallback for a label printed only as an image."""
from __future__ import annotations

import io

from reportlab.pdfgen import canvas

from convert import pipeline
from convert.extract.pdf.open import document_info
from convert.recognise.docinfo import fill_metadata
from convert.model import Document

BODY = ("Fares outside the cities have risen faster than wages for ten years, and the services that remain "
        "run less often, leaving many villages with no practical bus at all on most days of the week.")


def _pdf(subject: str, label: str = "") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(612, 792))
    c.setSubject(subject)
    y = 720
    if label:
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, y, label)
        y -= 40
    c.setFont("Helvetica-Bold", 22)
    c.drawString(72, y, "Bus Fares and Rural Access")
    c.setFont("Helvetica", 10)
    words, line, y = BODY.split(), "", y - 40
    for w in words + words:
        if len(line) + len(w) > 90:
            c.drawString(72, y, line)
            line, y = "", y - 13
        line = f"{line} {w}".strip()
    c.drawString(72, y, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_series_label_only_in_the_information_dictionary_is_the_series():
    doc = pipeline.read(_pdf("Working Paper"), from_="pdf")
    assert doc.metadata.series == "Working Paper"


def test_a_printed_series_label_wins_over_the_information_dictionary():
    doc = pipeline.read(_pdf("Working Paper", label="Policy Brief"), from_="pdf")
    assert doc.metadata.series == "Policy Brief"


def test_a_long_subject_description_is_not_a_series():
    doc = Document()
    fill_metadata(doc, {"Subject": "A study of the fares charged on rural bus routes since the caps of 2022."})
    assert doc.metadata.series is None


def test_unreadable_information_dictionary_is_empty():
    assert document_info(None) == {}
    assert document_info({"Subject": b"\xff\x00", "Title": 5}) == {}


def test_a_different_subject_beside_the_printed_label_is_kept_and_written():
    from convert.write import jats
    doc = pipeline.read(_pdf("Working Papers", label="Policy Brief"), from_="pdf")
    assert (doc.metadata.series, doc.metadata.subject) == ("Policy Brief", "Working Papers")
    xml = jats.write_jats(doc)
    assert '<subj-group subj-group-type="subject">' in xml and "<subject>Working Papers</subject>" in xml


def test_the_recognise_stage_reads_the_information_dictionary_itself():
    from convert.recognise import build_document
    from convert.extract.source import TEXT, SourceBlock
    from convert.model import Provenance, Text
    body = SourceBlock(TEXT, [Text("Fares outside the cities have risen faster than wages for ten years, and the "
                                   "services that remain run less often than before.")], [Provenance(lines=(1, 1))])
    assert build_document([body], {"Subject": "Working Paper"}).metadata.series == "Working Paper"
    assert build_document([body]).metadata.series is None
