"""Tables in converter text: PyMuPDF4LLM's pipe tables and pdftotext -layout column blocks
become the same model Table as on the PDF path; running text in two columns does not."""
from __future__ import annotations

from convert import model as m
from convert.extract.text import extract_text
from convert.extract.text.tables import layout_table, pipe_table
from convert.recognise import build_document

PROSE = ("The committee met on Tuesday to consider the budget resolution and the amendments that "
         "members had filed before the deadline set by the chair.")


def tables_of(text: str, flavour: str) -> list[m.Table]:
    doc = build_document(extract_text(text, flavour))
    return [b for b in doc.blocks if isinstance(b, m.Table)]


def texts(t: m.Table) -> list[list[str]]:
    return [[m.plain_text(c.content) for c in row] for row in t.head + t.body]


def test_pipe_table_in_converter_markdown_is_a_table_between_its_paragraphs():
    md = (f"# Results\n\n{PROSE}\n\n|Region|2020|2021|\n|---|---:|---:|\n|North|1,204|1,310|\n"
          f"|South<br>coast|988|1,015|\n\n{PROSE}\n")
    doc = build_document(extract_text(md, "markdown"))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds.count("Table") == 1
    k = kinds.index("Table")
    assert "Paragraph" in kinds[:k] and "Paragraph" in kinds[k + 1:]
    t = doc.blocks[k]
    assert texts(t) == [["Region", "2020", "2021"], ["North", "1,204", "1,310"], ["South coast", "988", "1,015"]]
    assert len(t.head) == 1


def test_pipe_lines_without_a_delimiter_row_are_not_a_table():
    assert pipe_table(["| a | b |", "| c | d |"]) is None


LAYOUT = """The committee met on Tuesday to consider the budget resolution and the amendments
that members had filed before the deadline set by the chair of the committee.

   Region           2020        2021        2022
   North           1,204       1,310       1,402
   South             988       1,015       1,120
   East            2,310       2,405       2,560

The chair then closed the meeting after the last vote of the evening was counted
and the clerk read the result into the record of the committee.
"""


def test_pdftotext_layout_column_block_is_a_table():
    found = tables_of(LAYOUT, "pdftotext-layout")
    assert len(found) == 1
    assert texts(found[0]) == [["Region", "2020", "2021", "2022"], ["North", "1,204", "1,310", "1,402"],
                               ["South", "988", "1,015", "1,120"], ["East", "2,310", "2,405", "2,560"]]
    assert len(found[0].head) == 1


def test_two_columns_of_running_text_in_layout_text_are_not_a_table():
    lines = ["The committee met on Tuesday to consider     members had filed before the deadline set",
             "the budget resolution and the amendments     by the chair of the committee, and the clerk",
             "that the members of both parties had filed    read the result into the record of the day",
             "before the deadline that the chair had set    after the last vote of the evening was taken"]
    assert layout_table(lines) is None


def test_list_beside_running_text_in_layout_text_is_not_a_table():
    lines = ["Implementation Plan. We recommended that      3.1:   Hold the stewards of our data",
             "Security Council update the plan to include   3.2:   Drive the development of secure",
             "                                              3.3:   Shift liability for insecure software"]
    assert layout_table(lines) is None
