"""The only module that knows every stage: extract -> recognise -> normalise -> write -> validate."""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import Optional, Union

from . import model
from .errors import InputError, UnsupportedFormatError, UsageError
from .extract import PDF_MAGIC, PDF_MAGIC_WINDOW
from .limits import DEFAULT_LIMITS, Limits

Source = Union[str, os.PathLike, bytes]

TEXT_FORMATS = ("markdown", "pdftotext", "plain")
INPUT_FORMATS = ("pdf", "json") + TEXT_FORMATS
OUTPUT_FORMATS = {"jats": ".xml", "json": ".json", "md": ".md", "docling": ".docling.json"}


# ---------------------------------------------------------------- reading


def _load(source: Source) -> tuple[bytes, Optional[str]]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), None
    path = Path(source)
    try:
        return path.read_bytes(), str(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None


def detect_format(data: bytes, name: Optional[str] = None) -> str:
    """'pdf' by content (never by extension alone), 'json' for our JSON, else a text flavour."""
    if PDF_MAGIC in data[:PDF_MAGIC_WINDOW]:
        return "pdf"
    if name and name.lower().endswith(".pdf"):
        raise UnsupportedFormatError(f"{name}: not a PDF (no %PDF header)")
    text = decode_text(data, name)
    if text.lstrip().startswith("{") and '"schema_version"' in text[:4096]:
        return "json"
    from .extract import text as text_extractor
    return text_extractor.detect_flavour(text)


def decode_text(data: bytes, name: Optional[str] = None) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1; binary is refused."""
    label = name or "input"
    if not data.strip():
        raise InputError(f"{label}: empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{label}: invalid UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise UnsupportedFormatError(f"{label}: binary data, not text or PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read(source: Source, *, from_: Optional[str] = None, password: Optional[str] = None,
         name: Optional[str] = None, limits: Limits = DEFAULT_LIMITS, keep_path: bool = False,
         backend: Optional[str] = None) -> model.Document:
    """Extract a Document (not yet normalised) from a path or bytes (``backend``: the PDF
    reader, "pdfium" or "pdfplumber"; default: the one ``limits`` names, else pdfium)."""
    if backend is not None:
        limits = replace(limits, pdf_backend=backend)
    data, path = _load(source)
    label = name or path
    fmt = from_ or detect_format(data, label)
    if fmt not in INPUT_FORMATS:
        raise UnsupportedFormatError(f"unknown input format {fmt!r} (expected one of {', '.join(INPUT_FORMATS)})")
    if fmt == "json":
        from .extract.json import read_json
        return read_json(decode_text(data, label))
    if fmt == "pdf":
        # pdfminer's page objects do form cycles: the collector stays on so memory stays flat
        from .extract.pdf import extract_pdf
        blocks, sizes, info = extract_pdf(data, password=password, name=label, limits=limits)
        pages: Optional[int] = len(sizes)
        with _collector_resting():
            # a label printed only as an image lives in the information dictionary
            doc = _build(blocks, info)
    else:
        # Extraction allocates millions of small objects that all survive (lines, blocks, the
        # model); each time survivors pile up the cyclic GC walks every live object again, which
        # cost 15-40% of the text path.  None of them form cycles worth collecting mid-run.
        with _collector_resting():
            from .extract import text as text_extractor
            text = decode_text(data, label)
            blocks = text_extractor.extract_text(text, flavour=fmt)
            pages = text.count("\f") + 1 if "\f" in text else None
            doc = _build(blocks)
    # the file's name, not the path as typed: outputs are the same however the input was named,
    # and reveal no local directories (keep_path records the path as given)
    recorded = label if keep_path or label is None else os.path.basename(label) or label
    doc.source = model.Source(path=recorded, format=fmt, pages=pages, sha256=hashlib.sha256(data).hexdigest())  # type: ignore[arg-type]
    if fmt == "pdf":
        doc.source.page_sizes = [(round(w, 2), round(h, 2)) for w, h in sizes]
        doc.source.bbox_origin = model.BBOX_ORIGIN
    return doc


def _build(blocks: list, info: Optional[dict[str, str]] = None) -> model.Document:
    from .recognise import build_document
    return build_document(blocks, info)


@contextlib.contextmanager
def _collector_resting():
    """The cyclic GC off for an allocation burst without cycles (left off if the caller had it off)."""
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc_was_on:
            gc.enable()


def normalise(doc: model.Document, passes: Optional[list[str]] = None) -> model.Document:
    from . import normalise as normaliser
    # the passes copy and rebuild the whole model: the same allocation burst as read() (see there)
    with _collector_resting():
        return normaliser.normalise(doc, passes)


def convert(source: Source, *, from_: Optional[str] = None, password: Optional[str] = None,
            name: Optional[str] = None, limits: Limits = DEFAULT_LIMITS, keep_path: bool = False,
            backend: Optional[str] = None) -> model.Document:
    """Read and normalise: the Document every writer expects (``backend``: see read)."""
    doc = read(source, from_=from_, password=password, name=name, limits=limits, keep_path=keep_path,
               backend=backend)
    if doc.source.format == "json":
        return doc
    return normalise(doc)


def convert_text(text: str, *, from_: Optional[str] = None, name: Optional[str] = None) -> model.Document:
    """Convert PDF-derived text given as a string."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate, e.g. from surrogateescape decoding
        raise InputError(f"{name or '<text>'}: not valid Unicode: lone surrogate "
                         f"U+{ord(text[e.start]):04X} at character {e.start}") from None
    return convert(data, from_=from_, name=name)


# ---------------------------------------------------------------- writing


def to_jats(doc: model.Document) -> str:
    from .write import jats
    return jats.write_jats(doc)


def to_json(doc: model.Document) -> str:
    from .write import json as json_writer
    return json_writer.write_json(doc)


def to_markdown(doc: model.Document) -> str:
    from .write import markdown
    return markdown.write_markdown(doc)


def to_docling(doc: model.Document) -> str:
    """A Docling DoclingDocument as JSON (needs the optional docling-core)."""
    from .write import docling
    return docling.write_docling(doc)


WRITERS = {"jats": to_jats, "json": to_json, "md": to_markdown, "docling": to_docling}


def render(doc: model.Document, fmt: str) -> str:
    try:
        return WRITERS[fmt](doc)
    except KeyError:
        raise UnsupportedFormatError(f"unknown output format {fmt!r} (expected one of {', '.join(WRITERS)})") from None


# ---------------------------------------------------------------- validating


def validate(target: Union[str, os.PathLike, None] = None, kind: Optional[str] = None, *,
             content: Union[str, bytes, None] = None, jats_dtd: Optional[str] = None) -> list:
    """Validate an output file, or an output held in memory (``content=`` with ``kind=``);
    returns a list of validation.Issue (empty when valid)."""
    from .validation import validate_content, validate_file
    if content is not None:
        if kind is None or target is not None:
            raise UsageError("validate(content=...) needs kind= ('jats', 'json', 'md' or 'docling') and no path")
        return validate_content(content, kind, jats_dtd=jats_dtd)
    if target is None:
        raise UsageError("validate() needs a path or content=")
    return validate_file(Path(target), kind=kind, jats_dtd=jats_dtd)


# ---------------------------------------------------------------- inspecting


def inspect(source: Source, outdir: Union[str, os.PathLike], *, password: Optional[str] = None) -> list[Path]:
    """Write one PNG per page with boxes coloured by recognised role; returns the paths."""
    from . import inspect as inspector
    data, path = _load(source)
    doc = convert(data, from_="pdf", password=password, name=path)
    return inspector.render_regions(data, inspector.role_regions(doc), Path(outdir), password=password,
                                    stem=Path(path).stem if path else "page")
