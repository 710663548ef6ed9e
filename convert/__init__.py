"""briefconv: policy briefs (PDF or PDF-derived text) to JATS-XML, JSON and Markdown.

    >>> import convert
    >>> doc = convert.convert("brief.pdf")          # or a .md / .txt path, or bytes
    >>> xml = convert.to_jats(doc)
    >>> issues = convert.validate("out/brief.xml")  # [] when valid

The names below load on first use (PEP 562), so that ``import convert`` (and the command
line's first instruction) costs next to nothing.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "BriefconvError": "errors", "Document": "model", "SCHEMA_VERSION": "model", "Limits": "limits",
    "convert": "pipeline", "convert_text": "pipeline", "to_jats": "pipeline", "to_json": "pipeline",
    "to_markdown": "pipeline", "to_docling": "pipeline", "validate": "pipeline",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
