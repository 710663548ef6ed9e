"""JATS checks: well-formed without entity expansion, structural rules, our RELAX NG subset
and, when given, the official DTD."""
from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from typing import Optional, Union

from lxml import etree

from ..standards import JATS_DTD_ENV, JATS_PUBLIC_ID, XLINK_HREF
from .issues import Issue, schema_file

Text = Union[str, bytes]


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_blank_text=False)


@lru_cache(maxsize=1)
def jats_rng() -> etree.RelaxNG:
    with resources.as_file(schema_file("jats-subset.rng")) as p:
        return etree.RelaxNG(etree.parse(str(p), safe_parser()))


@lru_cache(maxsize=4)
def load_dtd(path: str) -> etree.DTD:
    return etree.DTD(path)


def validate_jats_text(text: Text, name: str = "<string>", jats_dtd: Optional[str] = None) -> list[Issue]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        tree = etree.fromstring(data, safe_parser()).getroottree()
    except etree.XMLSyntaxError as e:
        return [Issue(name, e.lineno or None, f"not well-formed XML: {e.msg}")]
    issues = entity_issues(tree, name)
    if issues:  # never feed entity payloads to the validators
        return issues
    issues += structural_issues(tree, name)
    issues += schema_issues(jats_rng(), tree, name, "JATS subset (RELAX NG)")
    dtd_path = jats_dtd or os.environ.get(JATS_DTD_ENV)
    if dtd_path:
        try:
            dtd = load_dtd(str(dtd_path))
        except (etree.DTDParseError, OSError) as e:
            issues.append(Issue(name, None, f"cannot load DTD {dtd_path}: {e}"))
        else:
            issues += schema_issues(dtd, tree, name, "JATS DTD")
    return sorted(issues, key=lambda i: (i.line or 0))


def entity_issues(tree, name: str) -> list[Issue]:
    issues = []
    subset = tree.docinfo.internalDTD
    if subset is not None and (subset.entities() or subset.elements()):
        issues.append(Issue(name, 1, "DOCTYPE has an internal subset (entity declarations are not allowed)"))
    for ent in tree.getroot().iter(etree.Entity):
        issues.append(Issue(name, ent.sourceline, f"entity reference {ent.text} is not allowed"))
    return issues


def schema_issues(validator, tree, name: str, what: str) -> list[Issue]:
    if validator.validate(tree):
        return []
    return [Issue(name, e.line or None, f"{what}: {e.message}") for e in validator.error_log]


def structural_issues(tree, name: str) -> list[Issue]:
    """Cheap checks with exact lines; the RELAX NG says only 'somewhere below here'."""
    root = tree.getroot()
    out: list[Issue] = []

    def bad(el, msg):
        out.append(Issue(name, el.sourceline, msg))

    if root.tag != "article":
        bad(root, f"root element is <{root.tag}>, expected <article>")
        return out
    if tree.docinfo.public_id != JATS_PUBLIC_ID:
        bad(root, f"DOCTYPE public id is {tree.docinfo.public_id!r}, expected JATS 1.4 Archiving")
    if root.get("dtd-version") != "1.4":
        bad(root, "article needs dtd-version=\"1.4\"")
    if root.find("front/article-meta") is None:
        bad(root, "article has no front/article-meta")
    id_issues(root, bad)
    for el in root.iter(etree.Element):
        check = ELEMENT_CHECKS.get(el.tag)
        if check:
            check(el, bad)
    return out


def id_issues(root, bad) -> None:
    ids: dict[str, etree._Element] = {}
    for el in root.iter(etree.Element):
        i = el.get("id")
        if i is None:
            continue
        if i in ids:
            bad(el, f"duplicate id {i!r} (first on line {ids[i].sourceline})")
        ids.setdefault(i, el)
    for x in root.iter("xref"):
        rid = x.get("rid")
        target = ids.get(rid or "")
        if target is None:
            bad(x, f"xref rid={rid!r} points to no element")
        elif x.get("ref-type") == "fn" and target.tag != "fn":
            bad(x, f"xref ref-type=\"fn\" rid={rid!r} points to <{target.tag}>, not <fn>")


def _require_children(*tags):
    def check(el, bad):
        have = [c.tag for c in el if isinstance(c.tag, str)]
        for t in tags:
            if t not in have:
                bad(el, f"<{el.tag}> has no <{t}>")
    return check


def _not_empty(el, bad):
    if not any(isinstance(c.tag, str) for c in el):
        bad(el, f"<{el.tag}> is empty")


def _sec(el, bad):
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is None or first.tag != "title":
        bad(el, "<sec> must start with <title>")


def _back_fn(el, bad):
    if el.getparent() is not None and el.getparent().tag == "fn-group":
        if not el.get("id"):
            bad(el, "footnote <fn> has no id")
        _require_children("label", "p")(el, bad)


def _ext_link(el, bad):
    if not (el.get(XLINK_HREF) or "").strip():
        bad(el, "<ext-link> has no xlink:href")


def _pub_date(el, bad):
    if el.find("string-date") is not None:
        return
    if el.find("year") is None:
        bad(el, "<pub-date> has no <year>")
    for tag, lo, hi in (("month", 1, 12), ("day", 1, 31)):
        part = el.find(tag)
        if part is not None and not (part.text or "").strip().isdigit():
            bad(part, f"<{tag}> is not a number")
        elif part is not None and not lo <= int(part.text) <= hi:
            bad(part, f"<{tag}> {part.text.strip()} is out of range {lo}-{hi}")


ELEMENT_CHECKS = {
    "title-group": _require_children("article-title"),
    "contrib-group": _not_empty,
    "abstract": _not_empty,
    "back": _not_empty,
    "body": _not_empty,
    "fn-group": _not_empty,
    "list": _require_children("list-item"),
    "list-item": _not_empty,
    "sec": _sec,
    "fn": _back_fn,
    "ext-link": _ext_link,
    "pub-date": _pub_date,
}
