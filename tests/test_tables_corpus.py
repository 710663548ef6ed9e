"""Over the policy documents of the corpus: no rows of figures set side by side are left in
the body text, the headings or the footnotes (the table finder took them into tables)."""
from __future__ import annotations

from collections import defaultdict

import pytest

from convert.errors import BriefconvError
from convert.extract import pdf
from convert.extract.pdf import tables
from convert.extract.pdf.assemble import analyse

MIN_RUN = 3   # this many consecutive rows of figures outside any table fail


def _figure_row(units: list) -> bool:
    """Three cells or more, mostly a word or two, two of them figures: a table row."""
    words = sorted(len(u.text.split()) for u in units)
    return len(units) >= 3 and words[len(words) // 2] <= 2 and sum(
        bool(tables.NUMERIC_RE.match(u.text)) for u in units) >= 2


def stray_figure_rows(data: bytes) -> list[tuple[int, str]]:
    """(page, text) of the first row of each run of MIN_RUN figure rows left outside tables."""
    by_page = defaultdict(list)
    for b in analyse(pdf.read_pages(data)):
        if b.kind in ("text", "heading", "footnote"):
            by_page[b.page].extend(b.lines)
    out = []
    for page, lines in by_page.items():
        run = 0
        for row in tables._visual_rows(lines):
            run = run + 1 if _figure_row(tables._row_units(row)) else 0
            if run == MIN_RUN:
                out.append((page, " ".join(l.text for l in row)))
    return out


@pytest.mark.shared
@pytest.mark.slow
def test_no_rows_of_figures_left_in_the_body_of_the_policy_documents(shared_dir):
    found = {}
    for path in sorted((shared_dir / "corpus" / "pdf").glob("*.pdf")):
        try:
            stray = stray_figure_rows(path.read_bytes())
        except BriefconvError:
            continue  # the damaged and scanned samples of the corpus
        if stray:
            found[path.name] = stray[:3]
    assert found == {}


def test_the_check_sees_rows_of_figures_when_no_table_is_taken(monkeypatch):
    import pdfgen
    from test_tables import BODY, COLS, HEAD
    data = pdfgen.table_pdf(pdfgen.TableSpec(head=HEAD, body=BODY, col_x=COLS))
    assert stray_figure_rows(data) == []
    monkeypatch.setattr("convert.extract.pdf.assemble.split_page_tables", lambda pages: ({}, pages))
    assert stray_figure_rows(data)
