"""Document <-> JSON text (the codec's dict, pretty-printed)."""
from __future__ import annotations

import json

from .. import codec
from ..errors import InputError
from ..model import Document

INDENT = 2


def write_json(doc: Document) -> str:
    """UTF-8-friendly (no \\u escapes), indented, one trailing newline."""
    return json.dumps(codec.document_to_dict(doc), ensure_ascii=False, indent=INDENT) + "\n"


def read_json(text: str) -> Document:
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
        return codec.document_from_dict(data)
    except InputError:
        raise
    except KeyError as e:
        raise InputError(f"not a briefconv document: missing field {e.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as e:
        raise InputError(f"not a briefconv document: {e}") from None
    except RecursionError:
        raise InputError("not a briefconv document: nested too deeply") from None
