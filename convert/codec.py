"""Model <-> plain dict (the JSON form), with ``schema_version``.

Pure functions; the JSON writer and reader add only ``json.dumps``/``loads``.
Inline and block nodes carry a ``type`` tag; optional fields that are unset
are left out so the JSON stays small and stable.
"""
from __future__ import annotations

from typing import Any

from . import model as m
from .errors import InputError

INLINE_TYPES = {
    "text": m.Text,
    "emphasis": m.Emphasis,
    "strong": m.Strong,
    "link": m.Link,
    "footnote_ref": m.FootnoteRef,
}
BLOCK_TYPES = {
    "paragraph": m.Paragraph,
    "heading": m.Heading,
    "blockquote": m.BlockQuote,
    "list": m.ListBlock,
    "boxed-text": m.BoxedText,
    "table": m.Table,
}
_TAG_OF = {cls: tag for tag, cls in {**INLINE_TYPES, **BLOCK_TYPES}.items()}


# ---------------------------------------------------------------- to dict


def provenance_to_dict(p: m.Provenance) -> dict:
    d: dict[str, Any] = {}
    if p.page is not None:
        d["page"] = p.page
    if p.bbox is not None:
        d["bbox"] = list(p.bbox)
    if p.lines is not None:
        d["lines"] = list(p.lines)
    return d


def inline_to_dict(node: m.Inline) -> dict:
    d: dict[str, Any] = {"type": _TAG_OF[type(node)]}
    if isinstance(node, m.Text):
        d["text"] = node.text
    elif isinstance(node, m.FootnoteRef):
        d["label"] = node.label
        if node.provenance:
            d["provenance"] = [provenance_to_dict(p) for p in node.provenance]
    else:
        if isinstance(node, m.Link):
            d["url"] = node.url
        d["children"] = [inline_to_dict(c) for c in node.children]
    return d


def paragraph_to_dict(p: m.Paragraph) -> dict:
    return {
        "type": "paragraph",
        "content": [inline_to_dict(c) for c in p.content],
        "provenance": [provenance_to_dict(x) for x in p.provenance],
    }


def block_to_dict(b: m.Block) -> dict:
    if isinstance(b, m.Paragraph):
        return paragraph_to_dict(b)
    prov = [provenance_to_dict(x) for x in b.provenance]
    if isinstance(b, m.Heading):
        return {"type": "heading", "level": b.level,
                "content": [inline_to_dict(c) for c in b.content], "provenance": prov}
    if isinstance(b, m.BlockQuote):
        return {"type": "blockquote", "blocks": [block_to_dict(x) for x in b.blocks], "provenance": prov}
    if isinstance(b, m.ListBlock):
        d = {"type": "list", "ordered": b.ordered,
             "items": [[block_to_dict(x) for x in item] for item in b.items], "provenance": prov}
        if b.labelled:  # written only when set: lists from other sources carry no printed labels
            d["labelled"] = True
        return d
    if isinstance(b, m.Table):
        return table_to_dict(b, prov)
    if isinstance(b, m.BoxedText):
        return {"type": "boxed-text", "title": [inline_to_dict(c) for c in b.title],
                "blocks": [block_to_dict(x) for x in b.blocks], "provenance": prov}
    raise TypeError(f"not a block: {b!r}")


def _cell_to_dict(c: m.TableCell) -> dict:
    return {"content": [inline_to_dict(x) for x in c.content], "rowspan": c.rowspan, "colspan": c.colspan}


def table_to_dict(t: m.Table, prov: list) -> dict:
    return _drop_none({
        "type": "table", "label": t.label,
        "caption": paragraph_to_dict(t.caption) if t.caption is not None else None,
        "head": [[_cell_to_dict(c) for c in row] for row in t.head],
        "body": [[_cell_to_dict(c) for c in row] for row in t.body],
        "notes": [paragraph_to_dict(p) for p in t.notes],
        "provenance": prov,
    })


def _drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def contributor_to_dict(c: m.Contributor) -> dict:
    return _drop_none({
        "role": c.role,
        "given_names": c.given_names,
        "surname": c.surname,
        "printed": c.printed,
        "affiliation": c.affiliation,
        "position": c.position,
        "note": paragraph_to_dict(c.note) if c.note is not None else None,
        "marker": c.marker,
        "prefix": c.prefix,
        "suffix": c.suffix,
        "collab": c.collab,
    })


def date_to_dict(d: m.DateValue) -> dict:
    return _drop_none(vars(d).copy())


def date_from_dict(d: dict) -> m.DateValue:
    return m.DateValue(d["iso"], d.get("printed", d["iso"]), d.get("qualifier"))


def document_to_dict(doc: m.Document) -> dict:
    md = doc.metadata
    return {
        "schema_version": m.SCHEMA_VERSION,
        "source": _source_to_dict(doc.source),
        "metadata": _drop_none({
            "title": md.title,
            "subtitle": md.subtitle,
            "series": md.series,
            "subject": md.subject,
            "date": date_to_dict(md.date) if md.date else None,
            "language": md.language,
            "publisher": md.publisher,
            "history": [date_to_dict(x) for x in md.history] or None,
            "abstract_type": md.abstract_type,
            "permissions": _drop_none(vars(md.permissions).copy()) if md.permissions else None,
        }),
        "contributors": [contributor_to_dict(c) for c in doc.contributors],
        "disclaimer": paragraph_to_dict(doc.disclaimer) if doc.disclaimer else None,
        "abstract": [paragraph_to_dict(p) for p in doc.abstract],
        "blocks": [block_to_dict(b) for b in doc.blocks],
        "footnotes": [{
            "label": f.label,
            "content": [inline_to_dict(c) for c in f.content],
            "provenance": [provenance_to_dict(x) for x in f.provenance],
        } for f in doc.footnotes],
        "furniture": [{
            "kind": f.kind, "text": f.text,
            "provenance": [provenance_to_dict(x) for x in f.provenance],
        } for f in doc.furniture],
        "warnings": [{
            "code": w.code, "message": w.message,
            "provenance": [provenance_to_dict(x) for x in w.provenance],
        } for w in doc.warnings],
        "front_provenance": {k: [provenance_to_dict(x) for x in v] for k, v in doc.front_provenance.items()},
    }


# ---------------------------------------------------------------- from dict


def provenance_from_dict(d: dict) -> m.Provenance:
    bbox = d.get("bbox")
    lines = d.get("lines")
    return m.Provenance(
        page=d.get("page"),
        bbox=tuple(bbox) if bbox is not None else None,
        lines=tuple(lines) if lines is not None else None,
    )


def _provs(d: dict) -> list[m.Provenance]:
    return [provenance_from_dict(x) for x in d.get("provenance", [])]


def inline_from_dict(d: dict) -> m.Inline:
    tag = d.get("type")
    if tag == "text":
        return m.Text(d["text"])
    if tag == "footnote_ref":
        return m.FootnoteRef(d["label"], _provs(d))
    children = [inline_from_dict(c) for c in d.get("children", [])]
    if tag == "link":
        return m.Link(d["url"], children)
    if tag == "emphasis":
        return m.Emphasis(children)
    if tag == "strong":
        return m.Strong(children)
    raise InputError(f"unknown inline type {tag!r}")


def _inlines(d: dict, key: str = "content") -> list[m.Inline]:
    return [inline_from_dict(c) for c in d.get(key, [])]


def paragraph_from_dict(d: dict) -> m.Paragraph:
    return m.Paragraph(_inlines(d), _provs(d))


def block_from_dict(d: dict) -> m.Block:
    tag = d.get("type")
    if tag == "paragraph":
        return paragraph_from_dict(d)
    if tag == "heading":
        return m.Heading(d["level"], _inlines(d), _provs(d))
    if tag == "blockquote":
        return m.BlockQuote([block_from_dict(x) for x in d.get("blocks", [])], _provs(d))
    if tag == "list":
        return m.ListBlock(d.get("ordered", False),
                           [[block_from_dict(x) for x in item] for item in d.get("items", [])], _provs(d),
                           bool(d.get("labelled", False)))
    if tag == "table":
        return table_from_dict(d)
    if tag == "boxed-text":
        return m.BoxedText(_inlines(d, "title"),
                           [block_from_dict(x) for x in d.get("blocks", [])], _provs(d))
    raise InputError(f"unknown block type {tag!r}")


def _cell_from_dict(d: dict) -> m.TableCell:
    return m.TableCell(_inlines(d), int(d.get("rowspan", 1)), int(d.get("colspan", 1)))


def table_from_dict(d: dict) -> m.Table:
    caption = d.get("caption")
    return m.Table(
        label=d.get("label"),
        caption=paragraph_from_dict(caption) if caption else None,
        head=[[_cell_from_dict(c) for c in row] for row in d.get("head", [])],
        body=[[_cell_from_dict(c) for c in row] for row in d.get("body", [])],
        notes=[paragraph_from_dict(p) for p in d.get("notes", [])],
        provenance=_provs(d),
    )


def contributor_from_dict(d: dict) -> m.Contributor:
    note = d.get("note")
    return m.Contributor(
        role=d["role"],
        given_names=d.get("given_names", ""),
        surname=d.get("surname", ""),
        printed=d.get("printed", ""),
        affiliation=d.get("affiliation"),
        position=d.get("position"),
        note=paragraph_from_dict(note) if note else None,
        marker=d.get("marker"),
        prefix=d.get("prefix"),
        suffix=d.get("suffix"),
        collab=d.get("collab"),
    )


def document_from_dict(d: dict) -> m.Document:
    if not isinstance(d, dict) or "schema_version" not in d:
        raise InputError("not a briefconv document (no schema_version)")
    major = str(d["schema_version"]).split(".")[0]
    if major != m.SCHEMA_VERSION.split(".")[0]:
        raise InputError(f"unsupported schema_version {d['schema_version']!r}")
    md = d.get("metadata", {})
    date = md.get("date")
    return m.Document(
        metadata=m.Metadata(
            title=md.get("title"),
            subtitle=md.get("subtitle"),
            series=md.get("series"),
            subject=md.get("subject"),
            date=date_from_dict(date) if date else None,
            language=md.get("language"),
            publisher=md.get("publisher"),
            history=[date_from_dict(x) for x in md.get("history", [])],
            abstract_type=md.get("abstract_type"),
            permissions=m.Permissions(**md["permissions"]) if md.get("permissions") else None,
        ),
        contributors=[contributor_from_dict(c) for c in d.get("contributors", [])],
        disclaimer=paragraph_from_dict(d["disclaimer"]) if d.get("disclaimer") else None,
        abstract=[paragraph_from_dict(p) for p in d.get("abstract", [])],
        blocks=[block_from_dict(b) for b in d.get("blocks", [])],
        footnotes=[m.Footnote(f["label"], _inlines(f), _provs(f)) for f in d.get("footnotes", [])],
        furniture=[m.Furniture(f["kind"], f["text"], _provs(f)) for f in d.get("furniture", [])],
        warnings=[m.Warning(w["code"], w["message"], _provs(w)) for w in d.get("warnings", [])],
        front_provenance={k: [provenance_from_dict(x) for x in v]
                          for k, v in d.get("front_provenance", {}).items()},
        source=_source_from_dict(d.get("source", {})),
    )


def _source_to_dict(s: m.Source) -> dict:
    d = _drop_none(vars(s).copy())
    if s.page_sizes is not None:
        d["page_sizes"] = [[w, h] for w, h in s.page_sizes]
    return d


def _source_from_dict(d: dict) -> m.Source:
    sizes = d.get("page_sizes")
    return m.Source(path=d.get("path"), format=d.get("format"), pages=d.get("pages"), sha256=d.get("sha256"),
                    page_sizes=[(w, h) for w, h in sizes] if sizes is not None else None,
                    bbox_origin=d.get("bbox_origin"))
