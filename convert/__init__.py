"""briefconv: policy briefs (PDF or PDF-derived text) to JATS-XML, JSON and Markdown.

    >>> import convert
    >>> doc = convert.convert("brief.pdf")          # or a .md / .txt path, or bytes
    >>> xml = convert.to_jats(doc)
    >>> issues = convert.validate("out/brief.xml")  # [] when valid
"""
from .errors import BriefconvError
from .model import Document, SCHEMA_VERSION
from .pipeline import convert, convert_text, to_jats, to_json, to_markdown, validate

__all__ = [
    "BriefconvError", "Document", "SCHEMA_VERSION",
    "convert", "convert_text", "to_jats", "to_json", "to_markdown", "validate",
]
__version__ = "0.1.0"
