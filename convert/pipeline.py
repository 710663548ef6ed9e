"""The only module that knows every layer: extract -> model -> normalise -> write -> validate."""
from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import os
from pathlib import Path
from typing import Optional, Union

from . import codec, model
from .errors import InputError, UnsupportedFormatError

Source = Union[str, os.PathLike, bytes]

PDF_MAGIC = b"%PDF-"
# how far into a file the PDF header may start (Acrobat accepts junk before it)
PDF_MAGIC_WINDOW = 1024
TEXT_FORMATS = ("markdown", "pdftotext", "plain")
INPUT_FORMATS = ("pdf", "json") + TEXT_FORMATS
OUTPUT_FORMATS = {"jats": ".xml", "json": ".json", "md": ".md"}


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
         name: Optional[str] = None) -> model.Document:
    """Extract a Document (not yet normalised) from a path or bytes."""
    data, path = _load(source)
    label = name or path
    fmt = from_ or detect_format(data, label)
    if fmt not in INPUT_FORMATS:
        raise UnsupportedFormatError(f"unknown input format {fmt!r} (expected one of {', '.join(INPUT_FORMATS)})")
    if fmt == "json":
        from .write import json as json_writer
        return json_writer.read_json(decode_text(data, label))
    if fmt == "pdf":
        # pdfminer's page objects do form cycles: the collector stays on so memory stays flat
        from .extract import pdf as pdf_extractor
        blocks, pages = pdf_extractor.extract_pdf(data, password=password, name=label)
        with _collector_resting():
            doc = _build(blocks)
        from .extract import pdfinfo  # a label printed only as an image lives in the info dictionary
        pdfinfo.fill_metadata(doc, pdfinfo.document_info(data, password))
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
    doc.source = model.Source(path=label, format=fmt, pages=pages, sha256=hashlib.sha256(data).hexdigest())
    return doc


def _build(blocks) -> model.Document:
    from .extract import roles
    return roles.build_document(blocks)


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
            name: Optional[str] = None) -> model.Document:
    """Read and normalise: the Document every writer expects."""
    doc = read(source, from_=from_, password=password, name=name)
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


WRITERS = {"jats": to_jats, "json": to_json, "md": to_markdown}


def render(doc: model.Document, fmt: str) -> str:
    try:
        return WRITERS[fmt](doc)
    except KeyError:
        raise UnsupportedFormatError(f"unknown output format {fmt!r} (expected one of {', '.join(WRITERS)})") from None


def to_dict(doc: model.Document) -> dict:
    return codec.document_to_dict(doc)


# ---------------------------------------------------------------- validating


def validate(target: Union[str, os.PathLike], kind: Optional[str] = None, *,
             jats_dtd: Optional[str] = None) -> list:
    """Validate an output file; returns a list of validate.Issue (empty when valid)."""
    # importlib, not "from . import validate": the package binds the name `validate`
    # to this function, which would shadow the module of the same name
    validator = importlib.import_module(f"{__package__}.validate")
    return validator.validate_file(Path(target), kind=kind, jats_dtd=jats_dtd)


# ---------------------------------------------------------------- inspecting

ROLE_OF_FURNITURE = "furniture"


def role_regions(doc: model.Document) -> list[tuple[int, tuple[float, float, float, float], str]]:
    """(page, bbox, role) for every located piece of the document, for the visual check."""
    out: list[tuple[int, tuple[float, float, float, float], str]] = []

    def add(provs, role):
        for p in provs:
            if p.page is not None and p.bbox is not None:
                out.append((p.page, p.bbox, role))

    for role, para in (("disclaimer", doc.disclaimer),):
        if para is not None:
            add(para.provenance, role)
    for c in doc.contributors:
        if c.note is not None:
            add(c.note.provenance, "author-note")
    for p in doc.abstract:
        add(p.provenance, "abstract")
    for b in doc.blocks:
        add(b.provenance, "heading" if isinstance(b, model.Heading) else "body")
    for f in doc.footnotes:
        add(f.provenance, "footnote")
    for f in doc.furniture:
        add(f.provenance, ROLE_OF_FURNITURE)
    for role, provs in doc.front_provenance.items():
        add(provs, role)
    for container in model.iter_paragraph_like(doc):
        for ref in model.footnote_refs(container.content):
            add(ref.provenance, "marker")
    return out


def inspect(source: Source, outdir: Union[str, os.PathLike], *, password: Optional[str] = None) -> list[Path]:
    """Write one PNG per page with boxes coloured by recognised role; returns the paths."""
    from .extract import pdf as pdf_extractor
    data, path = _load(source)
    doc = convert(data, from_="pdf", password=password, name=path)
    return pdf_extractor.render_regions(data, role_regions(doc), Path(outdir), password=password,
                                        stem=Path(path).stem if path else "page")
