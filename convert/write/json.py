"""Document <-> JSON text (the codec's dict, pretty-printed)."""
from __future__ import annotations

import gc
import json
from json.encoder import encode_basestring

from .. import codec
from ..model import Document

INDENT = 2


def write_json(doc: Document) -> str:
    """UTF-8-friendly (no \\u escapes), indented, one trailing newline."""
    # the codec's dict tree is as many small objects as the model itself, all alive until the
    # end: the cyclic GC would walk the model and the growing tree again and again (about a
    # sixth of this writer's time); none of it forms cycles, so the collector waits
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return dumps_indented(codec.document_to_dict(doc)) + "\n"
    finally:
        if gc_was_on:
            gc.enable()


# ---------------------------------------------------------------- fast indented dump

# json.dumps with indent= runs the pure-Python encoder: every chunk climbs back through one
# generator per nesting level, which made the JSON writer slower than the whole text path.
# This writer appends to one list instead and gives byte-identical output for the codec's
# plain dicts; anything else (a type the codec never makes) goes back to json.dumps.
_SCALARS = {True: "true", False: "false", None: "null"}


class _Unsupported(Exception):
    pass


def dumps_indented(obj) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=INDENT)``, several times faster."""
    out: list[str] = []
    try:
        _dump(obj, out, "\n")
    except (_Unsupported, RecursionError):  # json.dumps nests one frame deep per level, not two
        return json.dumps(obj, ensure_ascii=False, indent=INDENT)
    return "".join(out)


def _dump(o, out: list[str], nl: str) -> None:
    t = type(o)
    if t is str:
        out.append(encode_basestring(o))
    elif t is dict:
        _dump_dict(o, out, nl)
    elif t is list or t is tuple:
        _dump_list(o, out, nl)
    else:
        out.append(_scalar(o))


def _dump_dict(d: dict, out: list[str], nl: str) -> None:
    if not d:
        out.append("{}")
        return
    inner = nl + " " * INDENT
    sep = "{" + inner
    for k, v in d.items():
        if type(k) is not str:
            raise _Unsupported  # json's key coercion (numbers, None) is not worth copying
        t = type(v)
        if t is str:  # the common leaves (text, labels, line numbers) in one piece
            out.append(f"{sep}{encode_basestring(k)}: {encode_basestring(v)}")
        elif t is int:
            out.append(f"{sep}{encode_basestring(k)}: {int.__repr__(v)}")
        else:
            out.append(f"{sep}{encode_basestring(k)}: ")
            _dump(v, out, inner)
        sep = "," + inner
    out.append(nl + "}")


def _dump_list(items, out: list[str], nl: str) -> None:
    if not items:
        out.append("[]")
        return
    inner = nl + " " * INDENT
    sep = "[" + inner
    for v in items:
        if type(v) is int:
            out.append(sep + int.__repr__(v))
        else:
            out.append(sep)
            _dump(v, out, inner)
        sep = "," + inner
    out.append(nl + "]")


def _scalar(o) -> str:
    if o is None or o is True or o is False:
        return _SCALARS[o]
    t = type(o)
    if t is int:
        return int.__repr__(o)
    if t is float and o == o and o not in (float("inf"), float("-inf")):
        return float.__repr__(o)
    raise _Unsupported  # NaN, infinities, subclasses, other types: json.dumps decides
