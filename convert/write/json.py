"""Document <-> JSON text (the codec's dict, pretty-printed).

The text is ``json.dumps(d, ensure_ascii=False, indent=2)``.  With orjson installed (the
optional extra ``fast``) it is made by ``orjson.dumps(d, option=OPT_INDENT_2)`` instead,
many times faster and byte-identical for what the codec makes (str keys, str, int, finite
float, bool, None, list, dict); anything orjson refuses (an integer over 64 bits, a lone
surrogate) goes to the standard library, and so does a text where orjson wrote a small float
unlike Python (``1e-7`` for ``1e-07``, ``0.00001584...`` for ``1.584...e-05``).  Not the same: a NaN
or infinite float, which orjson writes as ``null`` (valid JSON) and the standard library as
``NaN`` (not JSON); no reader of ours makes one.
"""
from __future__ import annotations

import gc
import json
import re
from typing import Any

from .. import codec
from ..model import Document

INDENT = 2
# numbers orjson writes unlike Python's repr (found by comparing both over 200,000 floats):
# a one-digit negative exponent ("1e-7", not "1e-07") and a small number in positional form
# ("0.000015841978883873322", not "1.5841978883873322e-05"); also matched inside a string, which
# only sends that rare text to the standard library
UNLIKE_PYTHON = re.compile(r"[0-9]e-[1-9](?![0-9])|0\.0000[0-9]")


def write_json(doc: Document) -> str:
    """UTF-8-friendly (no \\u escapes), indented, one trailing newline."""
    # the codec's dict tree is as many small objects as the model itself, all alive until the
    # end: the cyclic GC would walk the model and the growing tree again and again; none of it
    # forms cycles, so the collector waits
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return dumps_indented(codec.document_to_dict(doc)) + "\n"
    finally:
        if gc_was_on:
            gc.enable()


def dumps_indented(obj: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=2)``, through orjson when it is installed."""
    fast = _orjson()
    if fast is not None:
        try:
            text = fast.dumps(obj, option=fast.OPT_INDENT_2).decode("utf-8")
        except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
            text = ""
        if text and not UNLIKE_PYTHON.search(text):
            return text
    return stdlib_dumps(obj)


def stdlib_dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=INDENT)


def _orjson() -> Any:
    try:
        import orjson
    except ImportError:
        return None
    return orjson
