"""The two PDF readers (extract/pdf/open): PDFium (the default) gives the records pdfplumber
(the reference) gives, each difference between the libraries normalised in the reader and
shown here on a hand-built PDF; errors and budgets hold for both."""
from __future__ import annotations

import json

import pytest

import convert
import pdfgen
from convert.errors import (DamagedPDFError, EncryptedPDFError, LimitExceededError, NoTextLayerError,
                            UnsupportedFormatError)
from convert.extract.pdf.open import BACKENDS, iter_pages
from convert.limits import Limits

TOL = 0.02   # points: the readers compute in float32 (PDFium) and float64 (pdfminer)


def _pages(data: bytes, backend: str, **kw):
    return list(iter_pages(data, backend=backend, **kw))


def _same_char(a, b) -> bool:
    return (a.text == b.text and a.size == b.size and a.bold == b.bold and a.italic == b.italic
            and all(abs(x - y) <= TOL for x, y in zip(a[1:6], b[1:6])))


def assert_same_records(data: bytes) -> list:
    """Both readers' pages of ``data`` agree glyph for glyph and rule for rule; the PDFium pages."""
    ref, got = _pages(data, "pdfplumber"), _pages(data, "pdfium")
    assert len(ref) == len(got)
    for p, q in zip(ref, got):
        assert (round(p.width, 2), round(p.height, 2)) == (round(q.width, 2), round(q.height, 2))
        assert [c.text for c in p.chars] == [c.text for c in q.chars]
        bad = [(a, b) for a, b in zip(p.chars, q.chars) if not _same_char(a, b)]
        assert not bad, bad[:3]
        assert len(p.rules) == len(q.rules)
        for r, s in zip(sorted(p.rules), sorted(q.rules)):
            assert all(abs(x - y) <= TOL for x, y in zip(r, s)), (r, s)
    return got


def test_both_readers_give_the_same_records_for_a_generated_brief():
    data, _ = pdfgen.make(pdfgen.sample_brief(6), pdfgen.Style(columns=2))
    pages = assert_same_records(data)
    assert sum(len(p.chars) for p in pages) > 1000


def _boxes_apart(a, b, boxes: list) -> object:
    """``a`` with every bbox of ``b`` taken out (into ``boxes`` as pairs): what is left must be equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = {}
        for k, v in a.items():
            if k == "bbox" and isinstance(v, list):
                boxes.append((v, b.get(k)))
            else:
                out[k] = _boxes_apart(v, b.get(k), boxes)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [_boxes_apart(x, y, boxes) for x, y in zip(a, b)]
    return a


def test_both_readers_give_the_same_document_for_a_generated_brief():
    data, _ = pdfgen.make(pdfgen.sample_brief(6))
    ref, got = (json.loads(convert.to_json(convert.convert(data, backend=b))) for b in ("pdfplumber", "pdfium"))
    boxes: list = []
    assert _boxes_apart(ref, got, boxes) == _boxes_apart(got, ref, [])
    assert boxes and all(abs(x - y) <= 0.05 for u, v in boxes for x, y in zip(u, v))


def test_italic_glyphs_end_at_their_advance_not_at_their_ink():
    # Times-Italic overhangs its advance ("f", "M"): PDFium's loose box widens to the ink
    content = b"BT /F1 24 Tf 72 700 Td (Mfff Wolf) Tj ET"
    data = pdfgen.font_page(content, b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Italic >>")
    pages = assert_same_records(data)
    assert all(c.italic for c in pages[0].chars)


def test_a_subset_font_name_loses_its_prefix_and_keeps_its_own_descent():
    # a subset under a standard name: its descriptor's /Descent counts, not the standard metrics
    font = (b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Helvetica-Bold /FirstChar 32 /LastChar 126"
            b" /Widths [" + b" 600" * 95 + b"] /FontDescriptor 6 0 R >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /ABCDEF+Helvetica-Bold /Flags 32 /FontBBox [0 -300 1000 900]"
                  b" /ItalicAngle 0 /Ascent 900 /Descent -300 /CapHeight 700 /StemV 80 >>")
    data = pdfgen.font_page(b"BT /F1 20 Tf 72 700 Td (Bold words) Tj ET", font, (descriptor,))
    pages = assert_same_records(data)
    c = pages[0].chars[0]
    assert c.bold and not c.italic
    assert c.bottom - c.baseline == pytest.approx(0.3 * 20, abs=TOL)


def test_a_descriptor_without_ascent_and_descent_puts_the_box_bottom_on_the_baseline():
    # PDFium substitutes the glyph boxes of "A" and "g" for zero metrics; pdfminer keeps 0
    font = (b"<< /Type /Font /Subtype /TrueType /BaseFont /BAAAAA+Plain /FirstChar 32 /LastChar 126"
            b" /Widths [" + b" 500" * 95 + b"] /FontDescriptor 6 0 R >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /BAAAAA+Plain /Flags 32 /FontBBox [-100 -250 1000 900]"
                  b" /ItalicAngle 0 /Ascent 0 /Descent 0 /CapHeight 700 /StemV 80 >>")
    data = pdfgen.font_page(b"BT /F1 12 Tf 72 700 Td (Plain text here) Tj ET", font, (descriptor,))
    pages = assert_same_records(data)
    assert all(c.bottom == c.baseline for c in pages[0].chars)


def test_the_standard_fonts_take_their_afm_descent():
    pages = assert_same_records(pdfgen.font_page(b"BT /F1 10 Tf 72 700 Td (Helvetica) Tj ET", pdfgen.HELVETICA))
    c = pages[0].chars[0]
    assert c.bottom - c.baseline == pytest.approx(2.07, abs=TOL)


def test_a_ligature_glyph_is_one_record():
    # code 200 draws one glyph the ToUnicode CMap reads as two letters; PDFium lists them apart
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Ligatures /FirstChar 120 /LastChar 200 /Widths ["
            + b" 556" * 81 + b"] /ToUnicode 6 0 R >>")
    content = b"BT /F1 12 Tf 72 700 Td (x\\310y) Tj ET"
    data = pdfgen.font_page(content, font, (pdfgen.to_unicode_cmap({200: "fi", 120: "x", 121: "y"}),))
    pages = assert_same_records(data)
    assert [c.text for c in pages[0].chars] == ["x", "fi", "y"]


def test_a_character_beyond_the_bmp_is_one_character_not_two_surrogates():
    # PDFium lists U+F0854 (a private-use glyph a Korean brief prints) as two UTF-16 units
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Private /FirstChar 120 /LastChar 200 /Widths ["
            + b" 556" * 81 + b"] /ToUnicode 6 0 R >>")
    content = b"BT /F1 12 Tf 72 700 Td (x\\310y) Tj ET"
    data = pdfgen.font_page(content, font, (pdfgen.to_unicode_cmap({200: "\U000f0854", 120: "x", 121: "y"}),))
    pages = assert_same_records(data)
    assert [c.text for c in pages[0].chars] == ["x", "\U000f0854", "y"]
    "".join(c.text for c in pages[0].chars).encode("utf-8")  # no lone surrogate left to write


def test_space_glyphs_stay_and_spaces_pdfium_infers_do_not_appear():
    content = b"BT /F1 12 Tf 72 700 Td (left side) Tj 200 0 Td (far) Tj ET"
    pages = assert_same_records(pdfgen.font_page(content, pdfgen.HELVETICA))
    assert "".join(c.text for c in pages[0].chars) == "left sidefar"


def test_a_rotated_page_reads_as_it_is_displayed():
    # /Rotate 90 with text drawn turned the other way: upright on screen
    content = b"BT /F1 12 Tf 0 1 -1 0 300 100 Tm (Upright on screen) Tj ET"
    pages = assert_same_records(pdfgen.font_page(content, pdfgen.HELVETICA, page_entries=b"/Rotate 90"))
    assert (pages[0].width, pages[0].height) == (792, 612)
    assert "".join(c.text for c in pages[0].chars) == "Upright on screen"


def test_text_turned_on_its_side_is_left_out():
    content = (b"BT /F1 12 Tf 72 700 Td (Straight text) Tj ET"
               b" BT /F1 12 Tf 0 1 -1 0 500 300 Tm (Sideways text) Tj ET")
    pages = assert_same_records(pdfgen.font_page(content, pdfgen.HELVETICA))
    assert "".join(c.text for c in pages[0].chars) == "Straight text"


def test_horizontally_scaled_text_keeps_its_advances():
    content = b"BT /F1 12 Tf 60 Tz 72 700 Td (Narrow type) Tj ET"
    assert_same_records(pdfgen.font_page(content, pdfgen.HELVETICA))


def test_type3_glyphs_read_like_pdfminer_reads_them():
    font = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 600 800] /FontMatrix [0.001 0 0 0.001 0 0]"
            b" /CharProcs << /a 6 0 R /b 6 0 R >> /Encoding << /Type /Encoding /Differences [97 /a /b] >>"
            b" /FirstChar 97 /LastChar 98 /Widths [600 600] /Resources << >> >>")
    glyph = pdfgen.stream(b"600 0 0 0 500 700 d1 0 0 m 500 0 l 500 700 l 0 700 l h f")
    pages = assert_same_records(pdfgen.font_page(b"BT /F1 12 Tf 72 700 Td (abba) Tj ET", font, (glyph,)))
    assert "".join(c.text for c in pages[0].chars) == "abba"


def test_rules_come_from_each_subpath_of_a_path():
    # one path of three thin bars (a table's rules drawn at once) and a filled box
    content = (b"BT /F1 10 Tf 72 700 Td (Above the rules) Tj ET"
               b" 72 600 m 400 600 l 72 550 m 400 550 l 72 500 m 400 500 l S"
               b" 72 400 328 0.8 re f 100 200 50 50 re f")
    pages = assert_same_records(pdfgen.font_page(content, pdfgen.HELVETICA))
    assert len(pages[0].rules) == 4


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_encrypted_pdf_needs_its_password_with_either_reader(backend):
    data, _ = pdfgen.make(pdfgen.sample_brief(2), pdfgen.Style(encrypt="s3cret"))
    with pytest.raises(EncryptedPDFError, match="password is needed"):
        _pages(data, backend)
    with pytest.raises(EncryptedPDFError, match="wrong password"):
        _pages(data, backend, password="nope")
    assert _pages(data, backend, password="s3cret")


@pytest.mark.parametrize("backend", BACKENDS)
def test_damaged_and_foreign_inputs_fail_with_one_error_with_either_reader(backend):
    with pytest.raises(DamagedPDFError):
        _pages(pdfgen.truncated_pdf()[:200], backend)
    with pytest.raises(UnsupportedFormatError):
        _pages(pdfgen.not_a_pdf(), backend)
    # a loop of references: pdfminer's guard names it; PDFium reads no content from it
    with pytest.raises(DamagedPDFError if backend == "pdfplumber" else NoTextLayerError):
        convert.convert(pdfgen.reference_loop_pdf(), backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_glyph_budget_holds_for_either_reader(backend):
    with pytest.raises(LimitExceededError, match="more than 100 glyphs") as caught:
        _pages(pdfgen.many_glyphs_pdf(500), backend, limits=Limits(max_glyphs_per_page=100))
    assert caught.value.limit == "max_glyphs_per_page"


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_inflation_budget_holds_for_either_reader(backend):
    with pytest.raises(LimitExceededError, match="inflates to more than 10,000 bytes"):
        convert.convert(pdfgen.inflating_pdf(200_000), limits=Limits(max_inflated_bytes=10_000), backend=backend)


def test_an_unknown_backend_is_refused():
    with pytest.raises(UnsupportedFormatError, match="backend"):
        convert.convert(pdfgen.font_page(b"", pdfgen.HELVETICA), backend="mupdf")
