"""Reading our own JSON back into a Document (a hand-corrected document re-rendered)."""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Union

from .. import codec, model
from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Document

_HINTS: dict[type, dict[str, Any]] = {}


def read_json(text: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse our JSON; malformed JSON or a wrong shape raises InputError, never KeyError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(f"not a briefconv document: top level is a JSON {type(data).__name__}, not an object")
    try:
        doc = codec.document_from_dict(data)
    except InputError:
        raise
    except KeyError as e:
        raise InputError(f"not a briefconv document: missing field {e.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as e:
        raise InputError(f"not a briefconv document: {e}") from None
    except RecursionError:
        raise InputError("not a briefconv document: nested too deeply") from None
    check_shape(doc, limits.max_depth)
    return doc


def check_shape(doc: Document, max_depth: int) -> None:
    """Every field of the model holds what its type says (a title is a string, not a number),
    and the blocks nest at most ``max_depth`` deep; else InputError naming the field.  Walked
    with a stack, not recursion, so any depth is safe to check."""
    stack: list[tuple[Any, Any, str, int]] = [(doc, Document, "", 0)]
    while stack:
        value, hint, path, depth = stack.pop()
        problem = _mismatch(value, hint)
        if problem:
            raise InputError(f"not a briefconv document: {_short(path) or 'the document'}: {problem}")
        if dataclasses.is_dataclass(value):
            if depth > max_depth:
                raise InputError(f"not a briefconv document: {_short(path)} is nested more than {max_depth} "
                                 f"deep; the limit is {max_depth}")
            for name, field_hint in _hints(type(value)).items():
                stack.append((getattr(value, name), field_hint, f"{path}.{name}".lstrip("."), depth + 1))
        else:
            stack.extend(_members(value, hint, path, depth))


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls, vars(model))
    return hints


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (Union, types.UnionType)


def _mismatch(value: Any, hint: Any) -> str:
    """What is wrong with ``value`` as a ``hint`` (only its outer shape), or ""."""
    if hint is Any:
        return ""
    if _is_union(hint):
        options = typing.get_args(hint)
        if any(not _mismatch(value, o) for o in options):
            return ""
        names = " or ".join(_name(typing.get_origin(o) or o) for o in options)
        return f"expected {names}, got {_kind(value)}"
    if typing.get_origin(hint) is typing.Literal:
        allowed = typing.get_args(hint)
        return "" if value in allowed else f"expected one of {', '.join(map(repr, allowed))}, got {value!r}"
    expected = typing.get_origin(hint) or hint
    if expected is float and type(value) is int:
        return ""
    if isinstance(value, bool) and expected is not bool:
        return f"expected {_name(expected)}, got a boolean"
    if not isinstance(value, expected):
        return f"expected {_name(expected)}, got {_kind(value)}"
    return ""


def _members(value: Any, hint: Any, path: str, depth: int) -> list[tuple[Any, Any, str, int]]:
    """The checks a container's members need: list items, dict values, tuple numbers."""
    if _is_union(hint):  # the option that matched (a dataclass is pushed as itself)
        hint = next(o for o in typing.get_args(hint) if not _mismatch(value, o))
    args = typing.get_args(hint)
    if isinstance(value, list) and args:
        return [(v, args[0], f"{path}[{i}]", depth) for i, v in enumerate(value)]
    if isinstance(value, dict) and len(args) == 2:
        return [(v, args[1], f"{path}.{k}", depth) for k, v in value.items()]
    if isinstance(value, tuple) and args:
        item = args[0]
        return [(v, item, f"{path}[{i}]", depth) for i, v in enumerate(value)]
    return []


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    name = _name(type(value))
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _name(cls: Any) -> str:
    """JSON's names for the model's types."""
    names = {str: "string", int: "integer", float: "number", bool: "boolean", list: "list", dict: "object",
             tuple: "list", type(None): "null"}
    return names.get(cls, getattr(cls, "__name__", str(cls)))


PATH_SHOWN = 80


def _short(path: str) -> str:
    return path if len(path) <= PATH_SHOWN else f"{path[:PATH_SHOWN // 2]}…{path[-PATH_SHOWN // 2:]}"
