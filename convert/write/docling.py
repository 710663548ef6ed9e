"""Document -> a Docling ``DoclingDocument`` (JSON), the form RAG and document-AI pipelines read.

Built with docling-core's own model (the optional extra ``docling``), so the output is what
``DoclingDocument.model_validate_json`` accepts, in the schema version of the installed
docling-core.  Mapping:

* every page of a PDF          -> ``pages`` with its size in points;
* provenance                   -> ``prov``: page number, the box with ``coord_origin``
                                  BOTTOMLEFT (docling's convention; ours is top-left, so
                                  ``t = height - top``), the span of the item's whole text; one
                                  entry per page for a block that crosses pages;
* series, subtitle, byline, date, disclaimer, author notes, abstract paragraphs
                               -> ``text`` items before the body, the title -> ``title``;
* headings                     -> ``section_header`` with their level;
* paragraphs, quoted paragraphs -> ``text``; lists -> list groups of ``list_item``;
* tables                       -> ``table`` with its cells, spans and header rows;
* footnotes                    -> ``footnote`` items whose text starts with the printed label;
                                  the markers stay in the running text as printed (a label
                                  after the word), which is how Docling's own PDF reading
                                  keeps them;
* furniture (running heads, page numbers, ...) -> ``page_header`` / ``page_footer`` / ``text``
                                  in the ``furniture`` content layer.

Formatting inside a paragraph (emphasis, links) is not kept: docling-core's inline groups
would write each run as a separate Markdown word, changing the paragraph's text.
"""
from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Optional

from .. import model as m
from ..errors import MissingDependencyError

INSTALL_HINT = "pip install 'briefconv[docling]'"
# furniture kinds printed at the top of a page; the others (footers, page numbers) are at the foot
PAGE_HEADER_KINDS = frozenset({"header", "repeated-title"})
PAGE_FOOTER_KINDS = frozenset({"footer", "page-number"})
FRONT_TEXT_KEYS = ("series",)


def _docling() -> Any:
    try:
        from docling_core.types import doc as dl
    except ImportError:
        raise MissingDependencyError(f"the Docling output needs docling-core: {INSTALL_HINT}") from None
    return dl


def inline_text(content: list[m.Inline]) -> str:
    """The printed text: footnote markers kept as their labels, links as their text."""
    out: list[str] = []
    for node in content:
        if isinstance(node, m.Text):
            out.append(node.text)
        elif isinstance(node, m.FootnoteRef):
            out.append(node.label)
        elif isinstance(node, m.Link):
            out.append(inline_text(node.children) or node.url)
        else:
            out.append(inline_text(node.children))
    return " ".join("".join(out).split())


class Builder:
    def __init__(self, doc: m.Document):
        self.dl = _docling()
        self.doc = doc
        self.sizes = doc.source.page_sizes or []
        name = PurePath(doc.source.path).stem if doc.source.path else "document"
        self.out = self.dl.DoclingDocument(name=name or "document")
        for n, (w, h) in enumerate(self.sizes, 1):
            self.out.add_page(page_no=n, size=self.dl.Size(width=w, height=h))

    # ------------------------------------------------------------ provenance

    def provs(self, provs: list[m.Provenance], text: str) -> list[Any]:
        dl = self.dl
        out = []
        for p in provs:
            if p.page is None or p.bbox is None or not 1 <= p.page <= len(self.sizes):
                continue
            width, height = self.sizes[p.page - 1]
            # a glyph may stick out of the page (a bleed): docling-core wants boxes on the page
            x0, x1 = (min(max(v, 0.0), width) for v in (p.bbox[0], p.bbox[2]))
            top, bottom = (min(max(v, 0.0), height) for v in (p.bbox[1], p.bbox[3]))
            box = dl.BoundingBox(l=x0, t=height - top, r=x1, b=height - bottom,
                                 coord_origin=dl.CoordOrigin.BOTTOMLEFT)
            out.append(dl.ProvenanceItem(page_no=p.page, bbox=box, charspan=(0, len(text))))
        return out

    def text(self, label: Any, text: str, provs: list[m.Provenance], *, parent: Any = None,
             layer: Any = None) -> Optional[Any]:
        if not text.strip():
            return None
        prov = self.provs(provs, text)
        item = self.out.add_text(label=label, text=text, prov=prov[0] if prov else None, parent=parent,
                                 content_layer=layer)
        item.prov.extend(prov[1:])
        return item

    # ------------------------------------------------------------ parts

    def front(self) -> None:
        dl, doc, fp = self.dl, self.doc, self.doc.front_provenance
        md = doc.metadata
        if md.series:
            self.text(dl.DocItemLabel.TEXT, md.series, fp.get("series", []))
        if md.title:
            prov = self.provs(fp.get("title", []), md.title)
            item = self.out.add_title(text=md.title, prov=prov[0] if prov else None)
            item.prov.extend(prov[1:])
        if md.subtitle:
            self.text(dl.DocItemLabel.TEXT, md.subtitle, fp.get("subtitle", []))
        for c in doc.contributors:
            name = " ".join(x for x in (c.given_names, c.surname) if x) or c.printed
            self.text(dl.DocItemLabel.TEXT, ", ".join(x for x in (name, c.position, c.affiliation) if x),
                      fp.get("byline", []))
        if md.date:
            self.text(dl.DocItemLabel.TEXT, md.date.printed or md.date.iso, fp.get("date", []))
        for c in doc.contributors:
            if c.note is not None:
                self.paragraph(c.note)
        if doc.disclaimer is not None:
            self.paragraph(doc.disclaimer)
        for p in doc.abstract:
            self.paragraph(p)

    def paragraph(self, p: m.Paragraph, parent: Any = None) -> None:
        self.text(self.dl.DocItemLabel.TEXT, inline_text(p.content), p.provenance, parent=parent)

    def block(self, b: m.Block, parent: Any = None) -> None:
        dl = self.dl
        if isinstance(b, m.Paragraph):
            self.paragraph(b, parent)
        elif isinstance(b, m.Heading):
            text = inline_text(b.content)
            if text:
                prov = self.provs(b.provenance, text)
                item = self.out.add_heading(text=text, level=max(1, min(b.level, 100)),
                                            prov=prov[0] if prov else None, parent=parent)
                item.prov.extend(prov[1:])
        elif isinstance(b, m.BlockQuote):
            for inner in b.blocks:
                self.block(inner, parent)
        elif isinstance(b, m.ListBlock):
            self.list_block(b, parent)
        elif isinstance(b, m.Table):
            self.table(b, parent)
        elif isinstance(b, m.BoxedText):
            self.boxed_text(b, parent)
        else:
            raise TypeError(f"not a block: {b!r}")

    def boxed_text(self, box: m.BoxedText, parent: Any) -> None:
        """A side box: a group of its own (docling has no box label), its title the first item."""
        group = self.out.add_group(label=self.dl.GroupLabel.SECTION, name="boxed-text", parent=parent)
        title = inline_text(box.title)
        if title:
            self.text(self.dl.DocItemLabel.TEXT, title, box.provenance[:1], parent=group)
        for inner in box.blocks:
            self.block(inner, group)

    def list_block(self, lst: m.ListBlock, parent: Any) -> None:
        group = self.out.add_list_group(parent=parent)
        for item in lst.items:
            paras = [b for b in item if isinstance(b, m.Paragraph)]
            text = " ".join(inline_text(p.content) for p in paras)
            prov = self.provs([pv for p in paras for pv in p.provenance], text)
            li = self.out.add_list_item(text=text, enumerated=lst.ordered, parent=group,
                                        prov=prov[0] if prov else None)
            li.prov.extend(prov[1:])
            for inner in item:
                if not isinstance(inner, m.Paragraph):
                    self.block(inner, li)

    def table(self, t: m.Table, parent: Any) -> None:
        dl = self.dl
        grid = m.table_grid(t.head + t.body)
        if not grid:
            return
        cells, seen = [], set()
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell is None or id(cell) in seen:
                    continue
                seen.add(id(cell))
                rs, cs = max(1, cell.rowspan), max(1, cell.colspan)
                cells.append(dl.TableCell(text=inline_text(cell.content), row_span=rs, col_span=cs,
                                          start_row_offset_idx=r, end_row_offset_idx=r + rs,
                                          start_col_offset_idx=c, end_col_offset_idx=c + cs,
                                          column_header=r < len(t.head)))
        data = dl.TableData(num_rows=len(grid), num_cols=len(grid[0]), table_cells=cells)
        caption = inline_text(t.caption.content) if t.caption is not None else ""
        caption = " ".join(x for x in (t.label or "", caption) if x)
        prov = self.provs(t.provenance, "")
        table = self.out.add_table(data=data, prov=prov[0] if prov else None, parent=parent)
        table.prov.extend(prov[1:])
        if caption:
            item = self.text(dl.DocItemLabel.CAPTION, caption, t.caption.provenance if t.caption else [],
                             parent=table)
            if item is not None:
                table.captions.append(item.get_ref())
        for note in t.notes:
            item = self.text(dl.DocItemLabel.FOOTNOTE, inline_text(note.content), note.provenance, parent=table)
            if item is not None:
                table.footnotes.append(item.get_ref())

    def footnotes(self) -> None:
        for fn in self.doc.footnotes:
            text = " ".join(x for x in (fn.label, inline_text(fn.content)) if x)
            self.text(self.dl.DocItemLabel.FOOTNOTE, text, fn.provenance)

    def furniture(self) -> None:
        dl = self.dl
        for f in self.doc.furniture:
            label = (dl.DocItemLabel.PAGE_HEADER if f.kind in PAGE_HEADER_KINDS
                     else dl.DocItemLabel.PAGE_FOOTER if f.kind in PAGE_FOOTER_KINDS else dl.DocItemLabel.TEXT)
            self.text(label, " ".join(f.text.split()), f.provenance, layer=dl.ContentLayer.FURNITURE)

    def build(self) -> Any:
        self.front()
        for b in self.doc.blocks:
            self.block(b)
        self.footnotes()
        self.furniture()
        return self.out


def to_docling(doc: m.Document) -> Any:
    """The docling-core ``DoclingDocument`` for a document (needs docling-core)."""
    return Builder(doc).build()


def write_docling(doc: m.Document) -> str:
    return json.dumps(to_docling(doc).export_to_dict(), ensure_ascii=False, indent=2) + "\n"
