"""The make_lists pass: labelled paragraphs become lists, and only those."""
from __future__ import annotations

from convert import normalise as norm
from convert.model import BoxedText, Document, ListBlock, Paragraph, Text, plain_text
from convert.normalise.lists import make_lists


def doc_of(*texts):
    return Document(blocks=[Paragraph([Text(t)]) for t in texts])


def test_bulleted_paragraphs_become_one_unordered_list_without_their_bullets():
    d = doc_of("Lead-in:", "• first item;", "• second item; and", "• third item.", "After the list.")
    make_lists(d)
    assert [type(b) for b in d.blocks] == [Paragraph, ListBlock, Paragraph]
    lst = d.blocks[1]
    assert not lst.ordered and [plain_text(i[0].content) for i in lst.items] == ["first item;", "second item; and",
                                                                                 "third item."]


def test_numbered_items_counting_from_one_keep_their_printed_numbers():
    d = doc_of("1. Open the file.", "2. Read it.", "3. Close it.")
    make_lists(d)
    lst = d.blocks[0]
    assert isinstance(lst, ListBlock) and lst.ordered and lst.labelled
    assert plain_text(lst.items[2][0].content) == "3. Close it."


def test_lettered_items_make_a_list():
    d = doc_of("(a) the first case;", "(b) the second case.")
    make_lists(d)
    assert isinstance(d.blocks[0], ListBlock) and len(d.blocks[0].items) == 2


def test_one_numbered_paragraph_or_a_broken_count_is_not_a_list():
    d = doc_of("1. A numbered sentence alone.", "Text.", "1. Again.", "3. Skipped a number.")
    make_lists(d)
    assert all(isinstance(b, Paragraph) for b in d.blocks)


def test_a_single_dash_paragraph_is_not_a_list_but_two_are():
    d = doc_of("– a quoted attribution", "Text.", "- one", "- two")
    make_lists(d)
    assert [type(b) for b in d.blocks] == [Paragraph, Paragraph, ListBlock]


def test_lists_form_inside_boxes():
    d = Document(blocks=[BoxedText(blocks=[Paragraph([Text("• a")]), Paragraph([Text("• b")])])])
    make_lists(d)
    assert isinstance(d.blocks[0].blocks[0], ListBlock)


def test_items_are_not_merged_again_by_a_second_normalisation():
    d = doc_of("The measures include", "• a fund for schools", "• a fund for roads")
    once = norm.normalise(d)
    twice = norm.normalise(once)
    assert once == twice
    assert isinstance(once.blocks[-1], ListBlock) and len(once.blocks[-1].items) == 2
