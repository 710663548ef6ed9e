"""Model JSON -> JATS: goldens, validity against the official DTD and our RNG, and the
placement of each field where the scorer and JATS readers look for it."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from convert import model as m
from convert.validation.jats import jats_rng, structural_issues
from convert.standards import JATS_PUBLIC_ID as PUBLIC_ID
from convert.write.jats import write_jats
from convert.extract.json import read_json

GOLDEN = Path(__file__).parent / "golden" / "writers"
CASES = sorted(p.name[: -len(".model.json")] for p in GOLDEN.glob("*.model.json"))
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def load(case: str) -> m.Document:
    return read_json((GOLDEN / f"{case}.model.json").read_text(encoding="utf-8"))


def parse(xml: str):
    return etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


@pytest.fixture(scope="module")
def full():
    return parse(write_jats(load("full")))


def test_there_are_golden_cases():
    assert {"full", "minimal", "edge"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_jats_matches_golden(case, golden):
    golden(GOLDEN / f"{case}.xml", write_jats(load(case)))


@pytest.mark.shared
@pytest.mark.parametrize("case", CASES)
def test_jats_is_valid_against_official_archiving_dtd(case, archiving_dtd):
    tree = parse(write_jats(load(case)))
    assert archiving_dtd.validate(tree), archiving_dtd.error_log


@pytest.mark.parametrize("case", CASES)
def test_jats_is_valid_against_project_rng_and_structural_checks(case):
    tree = parse(write_jats(load(case)))
    rng = jats_rng()
    assert rng.validate(tree), rng.error_log
    assert structural_issues(tree, case) == []


def test_doctype_and_root_attributes(full):
    assert full.docinfo.public_id == PUBLIC_ID
    assert full.docinfo.system_url.startswith("https://jats.nlm.nih.gov/archiving/1.4/")
    root = full.getroot()
    assert root.get("dtd-version") == "1.4"
    assert root.get("article-type") == "other"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_front_matter_placement(full):
    doc = load("full")
    meta = full.find("front/article-meta")
    assert meta.findtext("title-group/article-title") == doc.metadata.title
    assert meta.findtext("title-group/subtitle") == doc.metadata.subtitle
    assert meta.findtext("article-categories/subj-group[@subj-group-type='series']/subject") == doc.metadata.series
    assert full.findtext("front/journal-meta/publisher/publisher-name") == doc.metadata.publisher
    pd = meta.find("pub-date")
    assert (pd.findtext("year"), pd.findtext("month"), pd.findtext("day")) == ("2017", "08", "24")
    assert pd.get("date-type") == "pub" and pd.get("publication-format") == "electronic"
    assert [text_of(p) for p in meta.findall("abstract/p")] == [m.plain_text(p.content) for p in doc.abstract]
    assert text_of(meta.find("author-notes/fn/p")) == m.plain_text(doc.disclaimer.content)


def test_contributors_names_roles_affiliations_and_bios(full):
    doc = load("full")
    contribs = full.findall("front/article-meta/contrib-group/contrib")
    assert [(c.get("contrib-type"), c.findtext("name/given-names"), c.findtext("name/surname")) for c in contribs] == \
        [(c.role, c.given_names, c.surname) for c in doc.contributors]
    assert [c.findtext("aff") for c in contribs] == [c.affiliation for c in doc.contributors]
    bios = [text_of(c.find("bio")) if c.find("bio") is not None else None for c in contribs]
    assert bios == [m.plain_text(c.note.content) if c.note else None for c in doc.contributors]


@pytest.mark.parametrize("iso,parts", [("2017", ("2017", None, None)), ("2017-08", ("2017", "08", None)),
                                       ("2017-08-24", ("2017", "08", "24"))])
def test_pub_date_has_only_the_printed_precision(iso, parts):
    tree = parse(write_jats(m.Document(metadata=m.Metadata(date=m.DateValue(iso, iso)))))
    pd = tree.find("front/article-meta/pub-date")
    assert (pd.findtext("year"), pd.findtext("month"), pd.findtext("day")) == parts


def test_headings_nest_as_secs_by_level(full):
    body = full.find("body")
    assert [t.text for t in body.findall("sec/title")] == ["Background", "Conclusion"]
    assert body.findtext("sec/sec/title") == "The 1994 Agreed Framework"
    assert body.findtext("sec/sec/sec/title") == "Details"
    assert body[0].tag == "p"  # text before the first heading stays at body level


def test_quote_and_lists(full):
    det = full.find("body/sec/sec/sec")
    assert det.find("disp-quote/p") is not None
    lists = det.findall("list")
    assert [x.get("list-type") for x in lists] == ["bullet", "order"]
    assert lists[1].find("list-item/list[@list-type='bullet']/list-item/p").text == "nested"


def test_inline_markup(full):
    p = full.find("body/sec/p")
    assert p.findtext("italic") == "emphasis" and p.findtext("bold") == "strong"
    links = p.findall("ext-link")
    assert [(x.get(XLINK_HREF), x.get("ext-link-type")) for x in links] == [
        ("https://www.iaea.org/topics", "uri"), ("https://example.org/x", "uri")]


def test_every_marker_points_to_the_footnote_with_its_label(full):
    root = full.getroot()
    ids = {fn.get("id"): fn for fn in root.iter("fn")}
    xrefs = list(root.iter("xref"))
    assert xrefs
    for x in xrefs:
        assert x.get("ref-type") == "fn"
        assert ids[x.get("rid")].findtext("label") == x.text


def test_marker_without_footnote_is_plain_superscript_not_dangling_xref(full):
    last = full.find("body/sec[last()]/p")
    assert last.find("xref") is None
    assert last.findtext("sup") == "9"


def test_footnotes_in_back_with_label_p_and_bare_urls_linked(full):
    fns = full.findall("back/fn-group/fn")
    assert [f.findtext("label") for f in fns] == ["1", "2", "3", "4"]
    assert len({f.get("id") for f in fns}) == 4
    hrefs = [x.get(XLINK_HREF) for f in fns for x in f.iter("ext-link")]
    # trailing sentence punctuation and an unopened ')' are not part of a bare URL
    assert hrefs == ["https://www.state.gov/report.pdf", "http://www.example.com/path", "http://news.example.net/a"]
    assert text_of(fns[0]) == "1 See https://www.state.gov/report.pdf."


def test_repeated_labels_go_to_successive_footnotes():
    tree = parse(write_jats(load("edge")))
    p = [p for p in tree.iter("p") if "Duplicate labels" in text_of(p)][0]
    rids = [x.get("rid") for x in p.iter("xref")]
    assert len(set(rids)) == 2
    assert [tree.find(f".//fn[@id='{r}']").findtext("label") for r in rids] == ["1", "1"]


def test_no_empty_placeholders_for_an_empty_document():
    root = parse(write_jats(m.Document())).getroot()
    # permissions is the one element JATS4R requires even when nothing is printed
    assert [e.tag for e in root.iter()] == ["article", "front", "article-meta", "permissions"]


def test_empty_lists_and_quotes_are_not_emitted():
    doc = m.Document(blocks=[m.ListBlock(True, []), m.BlockQuote([]), m.Paragraph([m.Text("x")])])
    body = parse(write_jats(doc)).find("body")
    assert [c.tag for c in body] == ["p"]


def test_subtitle_without_title_becomes_the_title():
    tree = parse(write_jats(m.Document(metadata=m.Metadata(subtitle="Only sub"))))
    assert tree.findtext("front/article-meta/title-group/article-title") == "Only sub"
    assert tree.find("front/article-meta/title-group/subtitle") is None


def test_control_characters_are_dropped_not_fatal():
    doc = m.Document(metadata=m.Metadata(title="A\x00B\x0bC"), blocks=[m.Paragraph([m.Text("x\x01y")])])
    tree = parse(write_jats(doc))
    assert tree.findtext("front/article-meta/title-group/article-title") == "ABC"
    assert tree.findtext("body/p") == "xy"


def test_mixed_content_gets_no_pretty_print_whitespace():
    doc = m.Document(blocks=[m.Paragraph([m.Emphasis([m.Text("a")]), m.Strong([m.Text("b")])])])
    assert "<p><italic>a</italic><bold>b</bold></p>" in write_jats(doc)


def test_nested_link_is_flattened_because_ext_link_cannot_nest():
    doc = m.Document(blocks=[m.Paragraph([m.Link("http://a", [m.Text("x"), m.Link("http://b", [m.Text("y")])])])])
    p = parse(write_jats(doc)).find("body/p")
    assert len(list(p.iter("ext-link"))) == 1 and text_of(p) == "xy"


def _rich_front() -> m.Document:
    doc = m.Document()
    md = doc.metadata
    md.title = "Rents in Coastal Towns"
    md.date = m.DateValue("2026-04-21", "April 21, 2026", "updated")
    md.history = [m.DateValue("2019-05", "May 2019", "published"), m.DateValue("2020-01-02", "2 January 2020", "first published")]
    md.permissions = m.Permissions("© 2024 The Institute. All rights reserved.",
                                   "This work is licensed under a Creative Commons Attribution 4.0 International License.",
                                   "https://creativecommons.org/licenses/by/4.0/", "2024", "The Institute")
    md.abstract_type = "executive-summary"
    doc.abstract = [m.Paragraph([m.Text("First paragraph.")]), m.Paragraph([m.Text("Second paragraph.")])]
    doc.contributors = [
        m.Contributor("author", "Jane", "Roe", "Dr. Jane Roe Jr.", affiliation="Centre for Housing", position="Fellow",
                      prefix="Dr.", suffix="Jr."),
        m.Contributor("author", printed="U.S. Copyright Office", collab="U.S. Copyright Office"),
    ]
    return doc


def test_history_permissions_collab_prefix_suffix_and_abstract_type_are_placed():
    tree = parse(write_jats(_rich_front()))
    meta = tree.find("front/article-meta")
    order = [e.tag for e in meta]
    assert order.index("pub-date") < order.index("history") < order.index("permissions") < order.index("abstract")
    dates = meta.findall("history/date")
    assert [(d.get("date-type"), d.get("iso-8601-date"), d.findtext("string-date")) for d in dates] == [
        ("published", "2019-05", "May 2019"), ("first-published", "2020-01-02", "2 January 2020")]
    assert meta.findtext("permissions/copyright-statement") == "© 2024 The Institute. All rights reserved."
    assert [c.tag for c in meta.find("permissions")] == ["copyright-statement", "copyright-year", "copyright-holder",
                                                         "license"]
    assert (meta.findtext("permissions/copyright-year"), meta.findtext("permissions/copyright-holder")) == \
        ("2024", "The Institute")
    lic = meta.find("permissions/license")
    assert lic.findtext("{http://www.niso.org/schemas/ali/1.0/}license_ref") == \
        "https://creativecommons.org/licenses/by/4.0/"  # JATS4R: not @xlink:href
    assert lic.findtext("license-p").startswith("This work is licensed")
    name = meta.find("contrib-group/contrib/name")
    assert [(c.tag, c.text) for c in name] == [("surname", "Roe"), ("given-names", "Jane"), ("prefix", "Dr."),
                                               ("suffix", "Jr.")]
    assert meta.findtext("contrib-group/contrib[2]/collab") == "U.S. Copyright Office"
    ab = meta.find("abstract")
    assert ab.get("abstract-type") == "executive-summary" and len(ab.findall("p")) == 2
    assert jats_rng().validate(tree), jats_rng().error_log


@pytest.mark.shared
def test_rich_front_matter_is_valid_against_official_archiving_dtd(archiving_dtd):
    tree = parse(write_jats(_rich_front()))
    assert archiving_dtd.validate(tree), archiving_dtd.error_log


def test_permissions_stay_empty_when_no_statement_is_printed():
    # JATS4R requires permissions; an empty element says "no statement known" and invents nothing
    tree = parse(write_jats(m.Document(metadata=m.Metadata(title="T", permissions=m.Permissions()))))
    perms = tree.find("front/article-meta/permissions")
    assert perms is not None and len(perms) == 0 and not (perms.text or "").strip()


def test_a_copyright_statement_without_year_or_holder_is_left_out_of_permissions():
    # JATS4R: copyright-statement needs copyright-year and copyright-holder; none is invented
    perms = m.Permissions("© The Authors", copyright_holder="The Authors")
    tree = parse(write_jats(m.Document(metadata=m.Metadata(title="T", permissions=perms))))
    assert tree.find("front/article-meta/permissions/copyright-statement") is None
