"""Reading our own JSON back into a Document (a hand-corrected document re-rendered)."""
from __future__ import annotations

import json

from .. import codec
from ..errors import InputError
from ..model import Document


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
