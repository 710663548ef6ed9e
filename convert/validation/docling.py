"""Docling output: checked by docling-core's own model (DoclingDocument), the reader that
pipelines consuming it use."""
from __future__ import annotations

from .issues import Issue, MissingDependencyError

INSTALL_HINT = "pip install 'briefconv[docling]'"


def validate_docling_text(text: str, name: str = "<string>") -> list[Issue]:
    try:
        from docling_core.types.doc import DoclingDocument
        from pydantic import ValidationError
    except ImportError:
        raise MissingDependencyError(f"Docling validation needs docling-core: {INSTALL_HINT}") from None
    try:
        DoclingDocument.model_validate_json(text)
    except ValidationError as e:
        return [Issue(name, None, f"DoclingDocument: {'.'.join(map(str, err['loc']))}: {err['msg']}")
                for err in e.errors()[:20]]
    return []
