"""Document -> JATS 1.4 Archiving and Interchange XML (lxml).

Where each field goes (all inside ``front/article-meta`` unless said):

* publisher          -> ``front/journal-meta/publisher/publisher-name`` (the only
                        place the Archiving DTD has for a publisher)
* series             -> ``article-categories/subj-group[@subj-group-type="series"]/subject``
* title, subtitle    -> ``title-group/article-title``, ``subtitle``
* contributors       -> one ``contrib-group`` per role, ``contrib[@contrib-type]`` with
                        ``name[@name-style="western"]`` with ``prefix``/``suffix``
                        (``string-name`` when only the printed form is known, ``collab``
                        for an organisation), ``aff`` for the affiliation / role text and
                        ``bio/p`` for the author note
* disclaimer         -> ``author-notes/fn[@fn-type="other"]/p``
* date               -> ``pub-date[@date-type="pub"][@publication-format="electronic"]``
                        with only the printed precision (day?, month?, year)
* history            -> ``history/date[@date-type]`` (the printed qualifier: "updated",
                        "revised", ...) with the date parts and the printed ``string-date``
* permissions        -> ``permissions/copyright-statement`` and ``license[@xlink:href]/license-p``,
                        only where a statement is printed
* abstract           -> ``abstract[@abstract-type]/p``
* blocks             -> ``body``: headings open nested ``sec/title``; paragraphs ``p``;
                        quotes ``disp-quote``; lists ``list[@list-type]/list-item``
* footnotes          -> ``back/fn-group/fn[@id]/label + p``; bare URLs in footnote text
                        become ``ext-link``

A heading inside a quote or list item cannot open a ``sec``: it becomes
``p[@content-type="heading"]/bold``.  A quote inside a list item is wrapped in ``p``
(``list-item`` takes only ``p`` and ``list``).  Empty quotes and lists, and metadata that
is blank once XML-illegal control characters are dropped, are left out: no empty
placeholder elements.

A footnote marker becomes ``xref[@ref-type="fn"][@rid]`` with the label as its text.  A
marker with no footnote of that label is kept as ``<sup>label</sup>`` so no ``rid`` dangles
and the printed text is not lost.  When several footnotes share a label (numbering that
restarts), successive markers with that label go to successive footnotes.
"""
from __future__ import annotations

import re
from typing import Optional

from lxml import etree

from .. import model as m
from ..patterns import find_urls, has_url, href_of
from . import jats_reuse
from ..standards import JATS_DTD_VERSION, JATS_PUBLIC_ID, JATS_SYSTEM_ID, MML_NS, XLINK_HREF, XLINK_NS, XML_LANG

DOCTYPE = f'<!DOCTYPE article PUBLIC "{JATS_PUBLIC_ID}" "{JATS_SYSTEM_ID}">'
# The Tag Library's suggested values have no policy brief or report; its "brief-report" is
# "a short and/or rapid announcement of research results", which a think-tank issue brief
# is not, so "other" ("not any of the article types explicitly named").
ARTICLE_TYPE = "other"
NSMAP = {"xlink": XLINK_NS, "mml": MML_NS}
ALI_NS = "http://www.niso.org/schemas/ali/1.0/"  # NISO Access and License Indicators
INDENT = "  "

# characters XML 1.0 forbids (C0 controls but tab/LF/CR, surrogates, U+FFFE/FFFF)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")

# element-only containers: safe to indent (mixed-content elements are never touched)
STRUCTURAL = frozenset({
    "article", "front", "journal-meta", "publisher", "article-meta", "article-categories",
    "subj-group", "title-group", "contrib-group", "contrib", "name", "author-notes", "fn",
    "pub-date", "history", "date", "permissions", "license", "abstract", "bio", "body", "sec", "back", "fn-group", "list", "list-item",
    "disp-quote", "table-wrap", "table", "thead", "tbody", "tr", "table-wrap-foot", "boxed-text", "caption",
})


def clean(text: str) -> str:
    """Text safe for XML 1.0 (lxml refuses control characters)."""
    # every character XML_ILLEGAL names is non-printable (a control, surrogate or
    # non-character), and str.isprintable is a much quicker scan than the regex
    if text.isprintable():
        return text
    return XML_ILLEGAL.sub("", text)


def has_text(s: Optional[str]) -> bool:
    """Worth an element: something visible is left once XML-illegal characters go."""
    return s is not None and bool(clean(s).strip())


def sub(parent: etree._Element, tag: str, text: Optional[str] = None, **attrs: str) -> etree._Element:
    if attrs:
        el = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    else:  # most elements (p, italic, bold, title ...) have no attributes
        el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = clean(text)
    return el


def append_text(parent: etree._Element, text: str) -> None:
    text = clean(text)
    if not text:
        return
    # parent[-1] walks back from the last child; len(parent) would count every child, which
    # made a paragraph of many links quadratic
    try:
        last = parent[-1]
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


# ---------------------------------------------------------------- footnote ids


class FootnoteIds:
    """Footnote label -> fn id, in document order (see the module docstring)."""

    def __init__(self, footnotes: list[m.Footnote]):
        self.ids = [f"fn{i}" for i in range(1, len(footnotes) + 1)]
        self.by_label: dict[str, list[str]] = {}
        for fid, fn in zip(self.ids, footnotes):
            self.by_label.setdefault(fn.label, []).append(fid)
        self.last: dict[str, int] = {}

    def resolve(self, label: str) -> Optional[str]:
        ids = self.by_label.get(label)
        if not ids:
            return None
        if len(ids) == 1:
            return ids[0]
        i = self.last.get(label, -1) + 1
        if i >= len(ids):  # more markers than footnotes: a footnote cited again
            i = len(ids) - 1
        self.last[label] = i
        return ids[i]


# ---------------------------------------------------------------- inline


class Ctx:
    def __init__(self, doc: m.Document):
        self.fn = FootnoteIds(doc.footnotes)
        self.tables = 0
        self.boxes = 0


def inlines(parent: etree._Element, content: list[m.Inline], ctx: Ctx, *,
            in_link: bool = False, autolink: bool = False) -> None:
    for node in content:
        inline(parent, node, ctx, in_link=in_link, autolink=autolink)


def inline(parent, node, ctx, *, in_link=False, autolink=False) -> None:
    if isinstance(node, m.Text):
        text_node(parent, node, autolink=autolink and not in_link)
    elif isinstance(node, m.Emphasis):
        inlines(sub(parent, "italic"), node.children, ctx, in_link=in_link, autolink=autolink)
    elif isinstance(node, m.Strong):
        inlines(sub(parent, "bold"), node.children, ctx, in_link=in_link, autolink=autolink)
    elif isinstance(node, m.Link):
        link(parent, node, ctx, in_link=in_link)
    elif isinstance(node, m.FootnoteRef):
        footnote_ref(parent, node, ctx)
    else:
        raise TypeError(f"not an inline: {node!r}")


def text_node(parent, node: m.Text, *, autolink: bool) -> None:
    if not autolink or not has_url(node.text):
        append_text(parent, node.text)
        return
    # the normaliser's rules (patterns.find_urls), for documents that were never normalised
    pos = 0
    for start, url in find_urls(node.text):
        append_text(parent, node.text[pos:start])
        ext_link(parent, url, url)
        pos = start + len(url)
    append_text(parent, node.text[pos:])


def ext_link(parent, url: str, text: str) -> etree._Element:
    el = etree.SubElement(parent, "ext-link", {"ext-link-type": "uri", XLINK_HREF: clean(href_of(url))})
    el.text = clean(text)
    return el


def link(parent, node: m.Link, ctx: Ctx, *, in_link: bool) -> None:
    if in_link:  # ext-link cannot nest: keep the inner text only
        inlines(parent, node.children, ctx, in_link=True)
        return
    el = etree.SubElement(parent, "ext-link", {"ext-link-type": "uri", XLINK_HREF: clean(node.url)})
    inlines(el, node.children, ctx, in_link=True)
    if not len(el) and not el.text:  # a link without text shows its address
        el.text = clean(node.url)


def footnote_ref(parent, node: m.FootnoteRef, ctx: Ctx) -> None:
    rid = ctx.fn.resolve(node.label)
    if rid is None:
        sub(parent, "sup", node.label)
    else:
        sub(parent, "xref", node.label, ref_type="fn", rid=rid)


# ---------------------------------------------------------------- blocks


def paragraph(parent, para: m.Paragraph, ctx: Ctx, *, autolink: bool = False) -> etree._Element:
    p = sub(parent, "p")
    inlines(p, para.content, ctx, autolink=autolink)
    return p


def nested_heading(parent, h: m.Heading, ctx: Ctx) -> None:
    """A heading inside a quote or list item cannot open a sec: a bold paragraph."""
    p = sub(parent, "p", content_type="heading")
    inlines(sub(p, "bold"), h.content, ctx)


def block_quote(parent, q: m.BlockQuote, ctx: Ctx) -> None:
    el = sub(parent, "disp-quote")
    nested_blocks(el, q.blocks, ctx)
    if not len(el):  # nothing quoted (empty quotes, lists): no empty placeholder
        parent.remove(el)


def boxed_text(parent, box: m.BoxedText, ctx: Ctx) -> None:
    """``boxed-text`` with the box's heading as ``caption/title``."""
    if not box.blocks and not m.plain_text(box.title).strip():
        return
    ctx.boxes += 1
    el = sub(parent, "boxed-text", id=f"box{ctx.boxes}")  # JATS4R: display objects have an id
    if m.plain_text(box.title).strip():
        inlines(sub(sub(el, "caption"), "title"), box.title, ctx)
    nested_blocks(el, box.blocks, ctx)


def list_block(parent, lst: m.ListBlock, ctx: Ctx) -> None:
    if not lst.items:  # no items: no empty placeholder
        return
    # printed labels kept in the text: a "simple" list, which adds none
    el = sub(parent, "list", list_type="simple" if lst.labelled else "order" if lst.ordered else "bullet")
    for item in lst.items:
        list_item(el, item, ctx)


def list_item(parent, item: list[m.Block], ctx: Ctx) -> None:
    el = sub(parent, "list-item")
    for b in item:
        if isinstance(b, (m.BlockQuote, m.BoxedText)):
            p = sub(el, "p")  # list-item takes only p and list; p may hold a disp-quote or a box
            nested_block(p, b, ctx)
            if not len(p):
                el.remove(p)
        else:
            nested_block(el, b, ctx)
    if not len(el):
        sub(el, "p")


def nested_blocks(parent, blocks: list[m.Block], ctx: Ctx) -> None:
    for b in blocks:
        nested_block(parent, b, ctx)


def nested_block(parent, b: m.Block, ctx: Ctx) -> None:
    if isinstance(b, m.Paragraph):
        paragraph(parent, b, ctx)
    elif isinstance(b, m.Heading):
        nested_heading(parent, b, ctx)
    elif isinstance(b, m.BlockQuote):
        block_quote(parent, b, ctx)
    elif isinstance(b, m.ListBlock):
        list_block(parent, b, ctx)
    elif isinstance(b, m.Table):
        table_wrap(parent, b, ctx)
    elif isinstance(b, m.BoxedText):
        boxed_text(parent, b, ctx)
    else:
        raise TypeError(f"not a block: {b!r}")


def table_wrap(parent, t: m.Table, ctx: Ctx) -> None:
    """``table-wrap[@id]`` with label, caption/p, an XHTML table and table-wrap-foot/p.
    Inside a list item (which takes only p and list) it goes in a p."""
    if not (t.head or t.body):
        return
    if parent.tag == "list-item":
        parent = sub(parent, "p")
    ctx.tables += 1
    wrap = sub(parent, "table-wrap", id=f"table{ctx.tables}")
    if t.label and has_text(t.label):
        sub(wrap, "label", t.label)
    if t.caption is not None and m.plain_text(t.caption.content).strip():
        paragraph(sub(wrap, "caption"), t.caption, ctx)
    table = sub(wrap, "table")
    for tag, rows, cell_tag in (("thead", t.head, "th"), ("tbody", t.body, "td")):
        if rows:
            group = sub(table, tag)
            for row in rows:
                table_row(group, row, cell_tag, ctx)
    notes = [n for n in t.notes if m.plain_text(n.content).strip()]
    if notes:
        foot = sub(wrap, "table-wrap-foot")
        for n in notes:
            paragraph(foot, n, ctx)


def table_row(parent, row: list[m.TableCell], cell_tag: str, ctx: Ctx) -> None:
    tr = sub(parent, "tr")
    for cell in row:
        attrs = {}
        if cell.rowspan > 1:
            attrs["rowspan"] = str(cell.rowspan)
        if cell.colspan > 1:
            attrs["colspan"] = str(cell.colspan)
        el = sub(tr, cell_tag, **attrs)
        inlines(el, cell.content, ctx)


def body(parent, blocks: list[m.Block], ctx: Ctx) -> None:
    """Headings open nested secs by level; other blocks go in the innermost open one."""
    if not blocks:
        return
    el = sub(parent, "body")
    stack: list[tuple[int, etree._Element]] = []
    for b in blocks:
        if isinstance(b, m.Heading):
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            sec = sub(stack[-1][1] if stack else el, "sec")
            inlines(sub(sec, "title"), b.content, ctx)
            stack.append((b.level, sec))
        else:
            nested_block(stack[-1][1] if stack else el, b, ctx)
    if not len(el):  # only empty quotes and lists: no empty body
        parent.remove(el)


# ---------------------------------------------------------------- front matter


def journal_meta(parent, md: m.Metadata) -> None:
    if has_text(md.publisher):
        sub(sub(sub(parent, "journal-meta"), "publisher"), "publisher-name", md.publisher)


def categories(parent, md: m.Metadata) -> None:
    labels = [(kind, text) for kind, text in (("series", md.series), ("subject", md.subject)) if has_text(text)]
    if labels:
        cats = sub(parent, "article-categories")
        for kind, text in labels:
            sub(sub(cats, "subj-group", subj_group_type=kind), "subject", text)


def title_group(parent, md: m.Metadata) -> None:
    title = md.title if has_text(md.title) else None
    subtitle = md.subtitle if has_text(md.subtitle) else None
    if not title:  # a subtitle alone is the only title there is
        title, subtitle = subtitle, None
    if not title:
        return
    group = sub(parent, "title-group")
    sub(group, "article-title", title)
    if subtitle:
        sub(group, "subtitle", subtitle)


def contrib_groups(parent, contributors: list[m.Contributor], ctx: Ctx) -> None:
    for role in ("author", "editor"):
        people = [c for c in contributors if c.role == role and has_content(c)]
        if people:
            group = sub(parent, "contrib-group")
            for c in people:
                contrib(group, c, ctx)
    others = [c for c in contributors if c.role not in ("author", "editor") and has_content(c)]
    if others:
        group = sub(parent, "contrib-group")
        for c in others:
            contrib(group, c, ctx)


def has_content(c: m.Contributor) -> bool:
    return any(has_text(x) for x in (c.surname, c.given_names, c.printed, c.affiliation, c.position, c.collab)) \
        or c.note is not None


def contrib(parent, c: m.Contributor, ctx: Ctx) -> None:
    el = sub(parent, "contrib", contrib_type=c.role or "author")
    person_name(el, c)
    if has_text(c.affiliation):
        sub(el, "aff", c.affiliation)
    if has_text(c.position):  # JATS4R: a job title is a role, an institution an aff
        sub(el, "role", c.position)
    if c.note is not None:
        paragraph(sub(el, "bio"), c.note, ctx)


def person_name(parent, c: m.Contributor) -> None:
    if has_text(c.collab) and not has_text(c.surname):  # an organisation as the author
        sub(parent, "collab", c.collab)
        return
    if has_text(c.surname):
        name = sub(parent, "name", name_style="western")
        sub(name, "surname", c.surname)
        if has_text(c.given_names):
            sub(name, "given-names", c.given_names)
    elif has_text(c.given_names):
        name = sub(parent, "name", name_style="given-only")
        sub(name, "given-names", c.given_names)
    elif has_text(c.printed):
        sub(parent, "string-name", c.printed)
        return
    else:
        return
    for tag, text in (("prefix", c.prefix), ("suffix", c.suffix)):
        if has_text(text):
            sub(name, tag, text)


def author_notes(parent, disclaimer: Optional[m.Paragraph], ctx: Ctx) -> None:
    if disclaimer is not None:
        fn = sub(sub(parent, "author-notes"), "fn", fn_type="other")
        paragraph(fn, disclaimer, ctx)


DATE_TYPE = re.compile(r"[^a-z0-9]+")
DATE_PARTS = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def pub_date(parent, date: Optional[m.DateValue]) -> None:
    if date is None:
        return
    el = sub(parent, "pub-date", date_type="pub", publication_format="electronic")
    if not date_parts(el, date):  # not ISO: keep what was printed
        sub(el, "string-date", date.printed or date.iso)


def date_parts(el: etree._Element, date: m.DateValue) -> bool:
    """day?, month?, year of an ISO date with the printed precision; False when not ISO."""
    match = DATE_PARTS.match(date.iso.strip())
    if not match:
        return False
    year, month, day = match.groups()
    el.set("iso-8601-date", date.iso.strip())
    if day:
        sub(el, "day", day.zfill(2))
    if month:
        sub(el, "month", month.zfill(2))
    sub(el, "year", year)
    return True


def history(parent, dates: list[m.DateValue]) -> None:
    """Other dates printed with a qualifier, typed by it, with the printed form kept."""
    if not dates:
        return
    el = sub(parent, "history")
    for d in dates:
        date = sub(el, "date", date_type=DATE_TYPE.sub("-", (d.qualifier or "other").lower()).strip("-") or "other")
        date_parts(date, d)
        if has_text(d.printed):
            sub(date, "string-date", d.printed)


def permissions(parent, perms: Optional[m.Permissions]) -> None:
    """A printed copyright or licence statement (JATS4R: permissions carries them); nothing when
    none is printed: no empty placeholder."""
    # JATS4R: a copyright statement comes with its year and holder; a statement that prints
    # neither is left out of the JATS (the JSON keeps it) rather than given invented ones
    full_copyright = has_text(perms.copyright) and has_text(perms.copyright_year) and \
        has_text(perms.copyright_holder) if perms is not None else False
    if perms is None or not (full_copyright or has_text(perms.license)):
        return
    el = sub(parent, "permissions")
    if full_copyright:
        sub(el, "copyright-statement", perms.copyright)
        sub(el, "copyright-year", perms.copyright_year)
        sub(el, "copyright-holder", perms.copyright_holder)
    if has_text(perms.license):
        lic = sub(el, "license")
        if has_text(perms.license_url):  # JATS4R: the licence's URI in ali:license_ref
            ref = etree.SubElement(lic, f"{{{ALI_NS}}}license_ref", nsmap={"ali": ALI_NS})
            ref.text = clean(perms.license_url or "")
        sub(lic, "license-p", perms.license)


def abstract(parent, paras: list[m.Paragraph], ctx: Ctx, kind: Optional[str] = None) -> None:
    if paras:
        el = sub(parent, "abstract")
        if has_text(kind):
            el.set("abstract-type", clean(kind or ""))
        for p in paras:
            paragraph(el, p, ctx)


def front(parent, doc: m.Document, ctx: Ctx) -> None:
    el = sub(parent, "front")
    journal_meta(el, doc.metadata)
    meta = sub(el, "article-meta")
    categories(meta, doc.metadata)
    title_group(meta, doc.metadata)
    contrib_groups(meta, doc.contributors, ctx)
    author_notes(meta, doc.disclaimer, ctx)
    pub_date(meta, doc.metadata.date)
    history(meta, doc.metadata.history)
    permissions(meta, doc.metadata.permissions)
    abstract(meta, doc.abstract, ctx, doc.metadata.abstract_type)


# ---------------------------------------------------------------- back matter


def back(parent, footnotes: list[m.Footnote], ctx: Ctx) -> None:
    if not footnotes:
        return
    group = sub(sub(parent, "back"), "fn-group")
    for fid, fn in zip(ctx.fn.ids, footnotes):
        footnote(group, fid, fn, ctx)


def footnote(parent, fid: str, fn: m.Footnote, ctx: Ctx) -> None:
    el = sub(parent, "fn", id=fid)
    sub(el, "label", fn.label)
    p = sub(el, "p")
    inlines(p, fn.content, ctx, autolink=True)


# ---------------------------------------------------------------- document


def article(doc: m.Document) -> etree._Element:
    ctx = Ctx(doc)
    root = etree.Element("article", nsmap=NSMAP)
    root.set("article-type", ARTICLE_TYPE)
    root.set("dtd-version", JATS_DTD_VERSION)
    lang = (doc.metadata.language or "").strip()
    if LANG_TAG.match(lang):
        root.set(XML_LANG, lang)
    front(root, doc, ctx)
    body(root, doc.blocks, ctx)
    back(root, doc.footnotes, ctx)
    jats_reuse.finish(root)  # JATS4R: link descriptions, permissions
    return root


def indent(el: etree._Element, level: int = 0) -> None:
    """Pretty-print element-only containers; never add whitespace inside mixed content."""
    if el.tag not in STRUCTURAL or not len(el) or (el.text and el.text.strip()):
        return
    if any(c.tail and c.tail.strip() for c in el):
        return
    pad = "\n" + INDENT * (level + 1)
    el.text = pad
    for child in el:
        child.tail = pad
        indent(child, level + 1)
    el[-1].tail = "\n" + INDENT * level


def write_jats(doc: m.Document) -> str:
    root = article(doc)
    indent(root)
    xml = etree.tostring(root, encoding="unicode", doctype=DOCTYPE)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"
