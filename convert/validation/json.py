"""JSON checks: our document schema (JSON Schema 2020-12), each problem with its line."""
from __future__ import annotations

import json
import re
import sys
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator, Optional

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
    depth = json_depth(data)
    if depth > MAX_JSON_DEPTH:  # jsonschema recurses per level: it would run out of stack
        return [Issue(name, None, f"nested {depth} levels deep; the limit is {MAX_JSON_DEPTH}")]
    issues = []
    try:
        with _deeper_stack():  # jsonschema spends about a dozen frames per level
            errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    except RecursionError:
        return [Issue(name, None, f"nested {depth} levels deep: too deep to validate")]
    for err in errors:
        for cause in explain(err):
            path = tuple(cause.absolute_path)
            pointer = "/" + "/".join(str(p) for p in path)
            issues.append(Issue(name, line_of(lines, path), f"{pointer}: {cause.message}"))
    return issues


# JSON nesting a document may have to be validated (a block quote costs three levels: the
# quote, its list of blocks, the block; the model's own limit, 64 levels, fits well within)
MAX_JSON_DEPTH = 256


@contextmanager
def _deeper_stack(frames: int = 20 * MAX_JSON_DEPTH) -> Iterator[None]:
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, frames))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def json_depth(data: object) -> int:
    """How deep lists and objects nest, found with a stack rather than recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


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
