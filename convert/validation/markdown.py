"""Markdown checks: parsed back as CommonMark with front matter and footnotes; front matter
keys and values, footnote links, no raw HTML."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from .issues import INSTALL_HINT, Issue, MissingDependencyError


# pandoc's keys that we write (their types are checked; others are free)
FM_STRINGS = ("title", "subtitle", "date", "lang", "abstract")
FM_STRING_LISTS = ("author", "institute")
# ours, under one key so they never clash with pandoc's or a user's
OWN_KEY = "briefconv"
OWN_STRINGS = ("series", "subject", "date_printed", "publisher", "disclaimer")
OWN_PEOPLE = ("authors", "editors")
FM_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
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
    yaml = _yaml()
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the fence, +1 from 0-based
        return [Issue(name, line, f"front matter is not YAML: {getattr(exc, 'problem', None) or exc}")]
    if data is None:
        return []
    if not isinstance(data, dict):
        return [Issue(name, 2, "front matter is not a mapping of keys to values")]
    key_lines = {k.group(1): n + 1 for n, line in enumerate(lines[:end]) if (k := FM_TOP_KEY.match(line))}
    return [Issue(name, key_lines.get(key.split(".")[0], 1), f"front matter: {message}")
            for key, message in field_problems(data)]


def _yaml():
    try:
        import yaml
    except ImportError:
        raise MissingDependencyError(f"Markdown front matter validation needs PyYAML: {INSTALL_HINT}") from None
    return yaml


def field_problems(data: dict) -> list[tuple[str, str]]:
    """(key, problem) for the keys whose meaning we know; other keys are anyone's (pandoc's
    metadata is open), so they are not checked."""
    # an unquoted YAML date (2017-08-24) loads as a date, which pandoc reads as well
    problems = [(k, f"{k} must be a string, not {type_name(data[k])}") for k in FM_STRINGS
                if k in data and not isinstance(data[k], str) and not (k == "date" and isinstance(data[k], dt.date))]
    date = data.get("date")
    if isinstance(date, str) and not ISO_DATE.match(date):
        problems.append(("date", f"date {date!r} is not YYYY[-MM[-DD]]"))
    for k in FM_STRING_LISTS:
        value = data.get(k)
        if value is not None and not isinstance(value, str) and not (
                isinstance(value, list) and all(isinstance(x, (str, dict)) for x in value)):
            problems.append((k, f"{k} must be a list of names"))
    own = data.get(OWN_KEY)
    if own is not None:
        problems += [(OWN_KEY, p) for p in own_problems(own)]
    return problems


def own_problems(own: object) -> list[str]:
    if not isinstance(own, dict):
        return [f"{OWN_KEY} must be a mapping"]
    problems = [f"{OWN_KEY}.{k} must be a string" for k in OWN_STRINGS if k in own and not isinstance(own[k], str)]
    for k in OWN_PEOPLE:
        people = own.get(k)
        if people is None:
            continue
        if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
            problems.append(f"{OWN_KEY}.{k} must be a list of mappings")
            continue
        for p in people:
            problems += [f"{OWN_KEY}.{k}: {f} must be a string" for f, v in p.items() if not isinstance(v, str)]
    return problems


def type_name(value: object) -> str:
    return {list: "a list", dict: "a mapping", type(None): "empty"}.get(type(value), type(value).__name__)
