"""A deep copy of a Document that follows ``dataclasses.fields``: a field added to any model
class is copied too, never shared between the copy and the original by accident."""
from __future__ import annotations

import copy
import dataclasses
from typing import Any, TypeVar

from ..model import Document, Text

T = TypeVar("T")

# immutable values are shared; the model keeps only numbers in tuples (boxes, line ranges)
_SHARED = (str, int, float, bool, type(None), tuple)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def copy_document(doc: Document) -> Document:
    """A deep copy, several times faster than copy.deepcopy on a real document."""
    return copy_node(doc)


def copy_node(x: T) -> T:
    t = type(x)
    if t is Text:  # the commonest node by far
        return Text(x.text)  # type: ignore[attr-defined, return-value]
    if t is list:
        return [copy_node(v) for v in x]  # type: ignore[attr-defined, return-value]
    if isinstance(x, _SHARED):
        return x
    if t is dict:
        return {k: copy_node(v) for k, v in x.items()}  # type: ignore[attr-defined, return-value]
    names = _FIELD_NAMES.get(t)
    if names is None:
        if not dataclasses.is_dataclass(x):
            return copy.deepcopy(x)
        names = _FIELD_NAMES[t] = tuple(f.name for f in dataclasses.fields(t))  # type: ignore[arg-type]
    new: Any = object.__new__(t)
    for name in names:
        object.__setattr__(new, name, copy_node(getattr(x, name)))
    return new
