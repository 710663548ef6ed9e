"""Validate stage: check written outputs. JATS (own RELAX NG + structural checks + optional
official DTD), JSON (JSON Schema 2020-12), Docling (docling-core's model) and Markdown (front matter, footnotes, no raw HTML).

Every check returns a list of :class:`Issue` with the line where it could be placed.
XML is parsed without loading DTDs, resolving entities or touching the network, so an
XXE or entity-expansion payload is reported, never expanded.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from ..errors import InputError
from .docling import validate_docling_text
from .issues import Issue, MissingDependencyError
from .jats import validate_jats_text
from .json import validate_json_text
from .markdown import validate_markdown_text

__all__ = ["Issue", "MissingDependencyError", "detect_kind", "validate_file",
           "validate_content", "validate_docling_text", "validate_jats_text", "validate_json_text", "validate_markdown_text"]

KINDS = {"jats": "jats", "xml": "jats", "json": "json", "md": "md", "markdown": "md", "docling": "docling"}
EXTENSIONS = {".xml": "jats", ".jats": "jats", ".json": "json", ".md": "md", ".markdown": "md"}
DOCLING_SUFFIX = ".docling.json"


def detect_kind(path: Path, data: bytes) -> str:
    if path.name.lower().endswith(DOCLING_SUFFIX):
        return "docling"
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind:
        return kind
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"<": "jats", b"{": "json"}.get(head, "md")


def validate_content(content: Union[str, bytes], kind: str, name: str = "<string>",
                     jats_dtd: Optional[str] = None) -> list[Issue]:
    """Check an output held in memory; ``kind`` as for validate_file."""
    if kind.lower() not in KINDS:
        raise InputError(f"unknown kind {kind!r} (expected one of {', '.join(sorted(KINDS))})")
    data = content.encode("utf-8") if isinstance(content, str) else content
    return _validate_data(data, KINDS[kind.lower()], name, jats_dtd)


def validate_file(path: Path, kind: Optional[str] = None, jats_dtd: Optional[str] = None) -> list[Issue]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    if kind is not None and kind.lower() not in KINDS:
        raise InputError(f"unknown kind {kind!r} (expected one of {', '.join(sorted(KINDS))})")
    kind = KINDS[kind.lower()] if kind else detect_kind(path, data)
    return _validate_data(data, kind, str(path), jats_dtd)


def _validate_data(data: bytes, kind: str, name: str, jats_dtd: Optional[str]) -> list[Issue]:
    if kind == "jats":
        return validate_jats_text(data, name, jats_dtd=jats_dtd)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [Issue(name, data[: e.start].count(b"\n") + 1, "not UTF-8 text")]
    if kind == "json":
        return validate_json_text(text, name)
    if kind == "docling":
        return validate_docling_text(text, name)
    return validate_markdown_text(text, name)
