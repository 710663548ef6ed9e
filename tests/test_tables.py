"""Tables: found on hand-built PDFs, structured into the model, written in all three formats."""
from __future__ import annotations

import json

import pytest
from lxml import etree

from convert import codec
from convert import model as m
from convert.extract import pdf
from convert.extract.pdf import tables
from convert.recognise import build_document
from convert.write.jats import write_jats
from convert.extract.json import read_json
from convert.write.json import write_json
from convert.write.markdown import write_markdown

import pdfgen

COLS = [60, 250, 340, 430]
BODY = [["North", "1,204", "1,310", "1,402"],
        ["South", "988", "1,015", "1,120"],
        ["East", "2,310", "2,405", "2,560"],
        ["West", "1,776", "1,802", "1,950"]]
HEAD = [[("Region", 1), ("2020", 1), ("2021", 1), ("2022", 1)]]


def doc_of(spec: pdfgen.TableSpec) -> m.Document:
    blocks = pdf.extract_pdf(pdfgen.table_pdf(spec)).blocks
    return build_document(blocks)


def the_table(doc: m.Document) -> m.Table:
    found = [b for b in doc.blocks if isinstance(b, m.Table)]
    assert len(found) == 1, found
    return found[0]


def texts(rows: list[list[m.TableCell]]) -> list[list[str]]:
    return [[m.plain_text(c.content) for c in row] for row in rows]


def body_text(doc: m.Document) -> str:
    return "\n".join(m.plain_text(b.content) for b in doc.blocks if isinstance(b, (m.Paragraph, m.Heading)))


@pytest.mark.parametrize("ruled", [False, True], ids=["unruled", "ruled"])
def test_table_gives_header_body_caption_and_note(ruled):
    doc = doc_of(pdfgen.TableSpec(head=HEAD, body=BODY, col_x=COLS, ruled=ruled))
    t = the_table(doc)
    assert texts(t.head) == [["Region", "2020", "2021", "2022"]]
    assert texts(t.body) == BODY
    assert t.label == "Table 1"
    assert m.plain_text(t.caption.content) == "Spending by region, 2020-2022"
    assert [m.plain_text(n.content) for n in t.notes] == ["Source: National accounts; authors' calculations."]
    assert t.provenance and t.provenance[0].page == 1


def test_no_table_cell_caption_or_note_in_the_body_text():
    doc = doc_of(pdfgen.TableSpec(head=HEAD, body=BODY, col_x=COLS))
    text = body_text(doc)
    for word in ("1,204", "North", "Spending by region", "National accounts"):
        assert word not in text
    assert not any(word in m.plain_text(f.content) for f in doc.footnotes for word in ("Source", "1,204"))


def test_table_stands_between_the_paragraphs_around_it():
    doc = doc_of(pdfgen.TableSpec(head=HEAD, body=BODY, col_x=COLS))
    kinds = [type(b).__name__ for b in doc.blocks]
    k = kinds.index("Table")
    assert "Paragraph" in kinds[:k] and "Paragraph" in kinds[k + 1:]


def test_spanning_header_cell_gets_a_colspan():
    over = "Spending, millions of euros"
    head = [[("Region", 1), (over, 3)], [("", 1), ("2020", 1), ("2021", 1), ("2022", 1)]]
    t = the_table(doc_of(pdfgen.TableSpec(head=head, body=BODY, col_x=[60, 250, 310, 370])))
    grid = m.table_grid(t.head + t.body)
    spending = [c for c in t.head[0] if m.plain_text(c.content) == over]
    assert spending and spending[0].colspan == 3
    assert [m.plain_text(c.content) if c else "" for c in grid[-1]] == BODY[-1]


def test_multi_line_cell_stays_one_cell():
    body = [["Northern\nuplands", "1,204", "1,310", "1,402"]] + BODY[1:]
    t = the_table(doc_of(pdfgen.TableSpec(head=HEAD, body=body, col_x=COLS, row_pad=8)))
    assert texts(t.body)[0] == ["Northern uplands", "1,204", "1,310", "1,402"]
    assert len(t.body) == len(body)


def test_page_of_prose_has_no_table():
    data, _ = pdfgen.make(pdfgen.sample_brief())
    pages = pdf.read_pages(data)
    found, _ = tables.split_page_tables(pages)
    assert found == {}


def test_two_columns_of_prose_are_not_a_table():
    data, _ = pdfgen.make(pdfgen.sample_brief(), pdfgen.Style(columns=2, size=10, leading=12.5))
    found, _ = tables.split_page_tables(pdf.read_pages(data))
    assert found == {}


# ---------------------------------------------------------------- writers


def model_table() -> m.Table:
    return m.Table(
        label="Table 2", caption=m.Paragraph([m.Text("Results")]),
        head=[[m.TableCell([m.Text("Group")], rowspan=2), m.TableCell([m.Text("Years")], colspan=2)],
              [m.TableCell([m.Text("2020")]), m.TableCell([m.Text("2021")])]],
        body=[[m.TableCell([m.Text("A|B")]), m.TableCell([m.Text("1")]), m.TableCell([m.Text("2")])]],
        notes=[m.Paragraph([m.Text("Note: illustrative.")])],
        provenance=[m.Provenance(page=3, bbox=(1.0, 2.0, 3.0, 4.0))])


def test_table_grid_lays_spans_by_the_html_rules():
    t = model_table()
    grid = m.table_grid(t.head + t.body)
    names = [[m.plain_text(c.content) if c else None for c in row] for row in grid]
    assert names == [["Group", "Years", "Years"], ["Group", "2020", "2021"], ["A|B", "1", "2"]]


def test_jats_table_wrap_has_label_caption_thead_tbody_and_foot():
    xml = write_jats(m.Document(blocks=[m.Paragraph([m.Text("Before.")]), model_table()]))
    root = etree.fromstring(xml.encode())
    wrap = root.find(".//table-wrap")
    assert wrap.get("id") == "table1"
    assert wrap.findtext("label") == "Table 2"
    assert wrap.findtext("caption/p") == "Results"
    assert [th.text for th in wrap.findall("table/thead/tr/th")] == ["Group", "Years", "2020", "2021"]
    assert wrap.find("table/thead/tr/th").get("rowspan") == "2"
    assert wrap.findall("table/thead/tr/th")[1].get("colspan") == "2"
    assert [td.text for td in wrap.findall("table/tbody/tr/td")] == ["A|B", "1", "2"]
    assert wrap.findtext("table-wrap-foot/p") == "Note: illustrative."


def test_jats_with_a_table_is_valid_against_our_rng():
    from convert.validation import validate_jats_text
    xml = write_jats(m.Document(blocks=[m.Heading(1, [m.Text("S")]), model_table()]))
    assert validate_jats_text(xml) == []


@pytest.mark.shared
def test_jats_with_a_table_is_valid_against_official_archiving_dtd(archiving_dtd):
    for blocks in ([model_table()], [m.ListBlock(items=[[model_table()]])]):
        tree = etree.fromstring(write_jats(m.Document(blocks=blocks)).encode())
        assert archiving_dtd.validate(tree), archiving_dtd.error_log


def test_json_round_trips_a_table():
    doc = m.Document(blocks=[model_table()])
    assert read_json(write_json(doc)).blocks == doc.blocks
    d = json.loads(write_json(doc))
    assert d["blocks"][0]["type"] == "table" and d["blocks"][0]["head"][0][0]["rowspan"] == 2
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources
    schema = json.loads(resources.files("convert.schemas").joinpath("document.schema.json").read_text())
    jsonschema.validate(codec.document_to_dict(doc), schema)


def test_markdown_pipe_table_repeats_spanning_cells_and_escapes_pipes():
    md = write_markdown(m.Document(blocks=[model_table()]))
    lines = md.strip().split("\n")
    assert "**Table 2** Results" in lines
    k = lines.index("| Group | Years | Years |")
    assert lines[k + 1] == "| --- | --- | --- |"
    assert lines[k + 2] == "| Group | 2020 | 2021 |"
    assert lines[k + 3] == "| A\\|B | 1 | 2 |"
    assert "Note: illustrative." in lines
