"""Check written outputs: JATS (own RELAX NG + structural checks + optional official DTD),
JSON (JSON Schema 2020-12) and Markdown (front matter, footnotes, no raw HTML).

Every check returns a list of :class:`Issue` with the line where it could be placed.
XML is parsed without loading DTDs, resolving entities or touching the network, so an
XXE or entity-expansion payload is reported, never expanded.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional, Union

from lxml import etree

from .errors import BriefconvError, InputError

DTD_ENV = "BRIEFCONV_JATS_DTD"
KINDS = {"jats": "jats", "xml": "jats", "json": "json", "md": "md", "markdown": "md"}
EXTENSIONS = {".xml": "jats", ".jats": "jats", ".json": "json", ".md": "md", ".markdown": "md"}
JATS_PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD with MathML3 v1.4 20241031//EN"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
INSTALL_HINT = "pip install 'briefconv[validate]'"


class MissingDependencyError(BriefconvError):
    """An optional dependency of validation is not installed."""


@dataclass(frozen=True)
class Issue:
    path: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line or 0}: {self.message}"


Text = Union[str, bytes]


# ---------------------------------------------------------------- dispatch


def detect_kind(path: Path, data: bytes) -> str:
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind:
        return kind
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"<": "jats", b"{": "json"}.get(head, "md")


def validate_file(path: Path, kind: Optional[str] = None, jats_dtd: Optional[str] = None) -> list[Issue]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    if kind is not None and kind.lower() not in KINDS:
        raise InputError(f"unknown kind {kind!r} (expected one of {', '.join(sorted(KINDS))})")
    kind = KINDS[kind.lower()] if kind else detect_kind(path, data)
    name = str(path)
    if kind == "jats":
        return validate_jats_text(data, name, jats_dtd=jats_dtd)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [Issue(name, data[: e.start].count(b"\n") + 1, "not UTF-8 text")]
    if kind == "json":
        return validate_json_text(text, name)
    return validate_markdown_text(text, name)


def _schema_file(name: str):
    return resources.files("convert.schemas").joinpath(name)


# ---------------------------------------------------------------- JATS


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_blank_text=False)


@lru_cache(maxsize=1)
def jats_rng() -> etree.RelaxNG:
    with resources.as_file(_schema_file("jats-subset.rng")) as p:
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
    dtd_path = jats_dtd or os.environ.get(DTD_ENV)
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


# ---------------------------------------------------------------- JSON


def _jsonschema():
    try:
        import jsonschema
    except ImportError:
        raise MissingDependencyError(f"JSON validation needs jsonschema: {INSTALL_HINT}") from None
    return jsonschema


@lru_cache(maxsize=1)
def json_validator():
    jsonschema = _jsonschema()
    schema = json.loads(_schema_file("document.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def validate_json_text(text: str, name: str = "<string>") -> list[Issue]:
    validator = json_validator()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return [Issue(name, e.lineno, f"invalid JSON: {e.msg} (column {e.colno})")]
    except RecursionError:
        return [Issue(name, None, "invalid JSON: nested too deeply")]
    try:
        lines = json_value_lines(text)
    except RecursionError:
        lines = {}
    issues = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        for e in explain(err):
            path = tuple(e.absolute_path)
            pointer = "/" + "/".join(str(p) for p in path)
            issues.append(Issue(name, line_of(lines, path), f"{pointer}: {e.message}"))
    return issues


def explain(err) -> list:
    """For a oneOf over tagged nodes, report the branch whose 'type' tag matched."""
    if err.validator != "oneOf" or not err.context:
        return [err]
    branches: dict[int, list] = {}
    for sub in err.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    for subs in branches.values():
        if not any(list(s.relative_path)[:1] == ["type"] or s.validator == "type" and not s.relative_path
                   for s in subs):
            return [x for s in subs for x in explain(s)]
    return [err]


def line_of(lines: dict, path: tuple) -> Optional[int]:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


_JSON_WS = re.compile(r"[ \t\r\n]*")
_JSON_ATOM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


def json_value_lines(text: str) -> dict[tuple, int]:
    """Line (1-based) where each value starts, keyed by its path; text must be valid JSON."""
    out: dict[tuple, int] = {}
    decoder_scan = json.decoder.scanstring

    def ws(i):
        return _JSON_WS.match(text, i).end()

    def value(i, path):
        i = ws(i)
        out[path] = text.count("\n", 0, i) + 1
        ch = text[i]
        if ch == "{":
            i = ws(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                key, i = decoder_scan(text, ws(i) + 1)
                i = ws(i) + 1  # the colon
                i = ws(value(i, path + (key,)))
                if text[i] == "}":
                    return i + 1
                i += 1
        if ch == "[":
            i = ws(i + 1)
            if text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = ws(value(i, path + (n,)))
                n += 1
                if text[i] == "]":
                    return i + 1
                i += 1
        if ch == '"':
            return decoder_scan(text, i + 1)[1]
        return _JSON_ATOM.match(text, i).end()

    value(0, ())
    return out


# ---------------------------------------------------------------- Markdown

FM_SCALARS = {"title", "subtitle", "series", "subject", "date", "language", "publisher", "disclaimer"}
FM_LISTS = {"authors", "editors"}
FM_PERSON = {"given", "surname", "name", "affiliation", "role", "note"}
FM_KEY = re.compile(r"^([A-Za-z_][\w-]*):(?: (.*))?$")
FM_ITEM = re.compile(r"^  - ([A-Za-z_][\w-]*): (.*)$")
FM_ITEM_MORE = re.compile(r"^    ([A-Za-z_][\w-]*): (.*)$")
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
FN_REF_SRC = re.compile(r"(?<!\\)(?:\\\\)*\[\^([^\]\s]+)\](?![:(])")


def _markdown_it():
    try:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin
        from mdit_py_plugins.front_matter import front_matter_plugin
    except ImportError:
        raise MissingDependencyError(f"Markdown validation needs markdown-it-py and mdit-py-plugins: {INSTALL_HINT}") from None
    return MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin)


def parse_markdown(text: str):
    """(tokens, env) as briefconv reads Markdown: CommonMark + front matter + footnotes."""
    env: dict = {}
    tokens = _markdown_it().parse(text, env)
    return tokens, env


def validate_markdown_text(text: str, name: str = "<string>") -> list[Issue]:
    tokens, env = parse_markdown(text)
    issues = front_matter_issues(text, name)
    refs = env.get("footnotes", {}).get("refs", {})
    defined = {k[1:] for k in refs}
    for tok in tokens:
        line = tok.map[0] + 1 if tok.map else None
        if tok.type == "html_block":
            issues.append(Issue(name, line, f"raw HTML block: {tok.content.strip()[:40]!r}"))
        elif tok.type == "inline":
            issues += inline_issues(tok, line, defined, name)
    for key, ref_id in refs.items():
        if ref_id == -1:
            label = key[1:]
            issues.append(Issue(name, definition_line(text, label),
                                f"footnote definition [^{label}] is never referenced"))
    return sorted(issues, key=lambda i: (i.line or 0))


def inline_issues(tok, line: Optional[int], defined: set, name: str) -> list[Issue]:
    issues = []
    offset = 0
    for child in tok.children or []:
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
        elif child.type == "html_inline":
            issues.append(Issue(name, line and line + offset, f"raw HTML: {child.content[:40]!r}"))
    for n, src_line in enumerate(tok.content.split("\n")):
        for mt in FN_REF_SRC.finditer(src_line):
            if mt.group(1) not in defined:
                issues.append(Issue(name, line and line + n,
                                    f"footnote reference [^{mt.group(1)}] has no definition"))
    return issues


def definition_line(text: str, label: str) -> Optional[int]:
    pat = re.compile(r"^ {0,3}\[\^" + re.escape(label) + r"\]:", re.MULTILINE)
    mt = pat.search(text)
    return text.count("\n", 0, mt.start()) + 1 if mt else None


def front_matter_issues(text: str, name: str) -> list[Issue]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return []
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        return [Issue(name, 1, "front matter is not closed by a '---' line")]
    issues: list[Issue] = []
    current_list: Optional[str] = None
    for n in range(1, end):
        line, lineno = lines[n], n + 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = FM_ITEM.match(line) or FM_ITEM_MORE.match(line)
        if item and current_list:
            if item.group(1) not in FM_PERSON:
                issues.append(Issue(name, lineno, f"front matter: unknown {current_list} field {item.group(1)!r}"))
            issues += scalar_issues(item.group(2), lineno, name)
            continue
        key = FM_KEY.match(line)
        if not key:
            issues.append(Issue(name, lineno, f"front matter: cannot read line {line.strip()[:40]!r}"))
            continue
        k, value = key.group(1), key.group(2)
        current_list = None
        if k in FM_LISTS and not value:
            current_list = k
        elif k in FM_SCALARS and value:
            bad_scalar = scalar_issues(value, lineno, name)
            issues += bad_scalar
            if k == "date" and not bad_scalar and not ISO_DATE.match(scalar_value(value)):
                issues.append(Issue(name, lineno, f"front matter: date {value} is not YYYY[-MM[-DD]]"))
        else:
            issues.append(Issue(name, lineno, f"front matter: unexpected key {k!r}"))
    return issues


def scalar_value(raw: str) -> str:
    raw = raw.strip()
    return json.loads(raw) if raw.startswith('"') else raw


def scalar_issues(raw: str, lineno: int, name: str) -> list[Issue]:
    raw = raw.strip()
    if raw.startswith('"'):
        try:  # our double-quoted scalars use only JSON-compatible escapes
            value = json.loads(raw)
        except ValueError:
            return [Issue(name, lineno, f"front matter: bad double-quoted string {raw[:40]}")]
        if not isinstance(value, str):
            return [Issue(name, lineno, f"front matter: bad double-quoted string {raw[:40]}")]
        return []
    if not raw or raw[0] in "'&*!|>%@`[]{},#" or ": " in raw or " #" in raw:
        return [Issue(name, lineno, f"front matter: value {raw[:40]!r} must be a double-quoted string")]
    return []
