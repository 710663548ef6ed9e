"""Markdown checks: parsed back as CommonMark with front matter and footnotes; front matter
keys and values, footnote links, no raw HTML."""
from __future__ import annotations

import json
import re
from typing import Optional

from .issues import INSTALL_HINT, Issue, MissingDependencyError


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
    unused = [key[1:] for key, ref_id in refs.items() if ref_id == -1]
    lines = definition_lines(text) if unused else {}
    for label in unused:
        issues.append(Issue(name, lines.get(label), f"footnote definition [^{label}] is never referenced"))
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


FN_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


def definition_lines(text: str) -> dict[str, int]:
    """Footnote label -> the line of its first definition, in one pass over the text."""
    out: dict[str, int] = {}
    line, pos = 1, 0
    for mt in FN_DEFINITION.finditer(text):
        line += text.count("\n", pos, mt.start())
        pos = mt.start()
        out.setdefault(mt.group(1), line)
    return out


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
        line = lines[n]
        if line.strip() and not line.lstrip().startswith("#"):
            current_list = _front_matter_line(line, n + 1, name, current_list, issues)
    return issues


def _front_matter_line(line: str, lineno: int, name: str, current_list: Optional[str],
                       issues: list[Issue]) -> Optional[str]:
    """Check one line (an item of the list being read, or a key); returns the list read next."""
    item = FM_ITEM.match(line) or FM_ITEM_MORE.match(line)
    if item and current_list:
        if item.group(1) not in FM_PERSON:
            issues.append(Issue(name, lineno, f"front matter: unknown {current_list} field {item.group(1)!r}"))
        issues += scalar_issues(item.group(2), lineno, name)
        return current_list
    key = FM_KEY.match(line)
    if not key:
        issues.append(Issue(name, lineno, f"front matter: cannot read line {line.strip()[:40]!r}"))
        return current_list
    k, value = key.group(1), key.group(2)
    if k in FM_LISTS and not value:
        return k
    if k in FM_SCALARS and value:
        bad_scalar = scalar_issues(value, lineno, name)
        issues += bad_scalar
        if k == "date" and not bad_scalar and not ISO_DATE.match(scalar_value(value)):
            issues.append(Issue(name, lineno, f"front matter: date {value} is not YYYY[-MM[-DD]]"))
    else:
        issues.append(Issue(name, lineno, f"front matter: unexpected key {k!r}"))
    return None


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
