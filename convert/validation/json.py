"""JSON checks: our document schema (JSON Schema 2020-12), each problem with its line."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Optional

from .issues import INSTALL_HINT, Issue, MissingDependencyError, schema_file


def _jsonschema():
    try:
        import jsonschema
    except ImportError:
        raise MissingDependencyError(f"JSON validation needs jsonschema: {INSTALL_HINT}") from None
    return jsonschema


@lru_cache(maxsize=1)
def json_validator():
    jsonschema = _jsonschema()
    schema = json.loads(schema_file("document.schema.json").read_text(encoding="utf-8"))
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
        for cause in explain(err):
            path = tuple(cause.absolute_path)
            pointer = "/" + "/".join(str(p) for p in path)
            issues.append(Issue(name, line_of(lines, path), f"{pointer}: {cause.message}"))
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
    decoder_scan = json.decoder.scanstring  # type: ignore[attr-defined]

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
