"""Converting one input (in a worker process): read, convert and render every requested
format in memory, optionally validate, then write each to a temporary file beside its final
name.  The parent moves the temporaries into place only when all of them exist."""
from __future__ import annotations

import hashlib
import os
import resource
import sys
from pathlib import Path
from typing import Optional

from ..errors import BriefconvError, EncryptedPDFError, LimitExceededError, ValidationFailed
from ..pipeline import OUTPUT_FORMATS
from . import atomic
from .plan import Job, display, os_reason
from .report import FAILED, OK

# ---------------------------------------------------------------- the worker (child process)


# the command-line option behind each limit of convert.limits.Limits that the CLI exposes
LIMIT_OPTIONS = {"max_glyphs_per_page": "--max-glyphs"}


def error_message(exc: BaseException, label: Optional[str], memory_mb: Optional[int] = None) -> str:
    """The reason part of ``briefconv: <file>: <reason>``: one line, no repeated file name."""
    if isinstance(exc, OSError) and not isinstance(exc, BriefconvError):
        msg = os_reason(exc)
    elif isinstance(exc, MemoryError):
        msg = f"memory limit exceeded ({memory_mb:,} MB, --max-memory)" if memory_mb else "out of memory"
    elif isinstance(exc, LimitExceededError) and exc.limit in LIMIT_OPTIONS:
        msg = f"{exc} ({LIMIT_OPTIONS[exc.limit]})"
    elif isinstance(exc, EncryptedPDFError) and str(exc).endswith("a password is needed"):
        msg = f"{exc} (--password)"
    elif isinstance(exc, BriefconvError):
        msg = str(exc)
    else:
        msg = f"internal error: {type(exc).__name__}: {exc}"
    if label:
        for prefix in (f"{label}: ", f"{label}:"):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
                break
    return " ".join(msg.split()) or type(exc).__name__


def _limit_memory(megabytes: Optional[int]) -> None:
    """Cap this worker's address space: an allocation past it raises MemoryError here, in the
    worker, instead of the machine swapping or the kernel killing another process."""
    if not megabytes:
        return
    limit = megabytes << 20
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # a platform without RLIMIT_AS: the limit is not enforced
        pass


def _cpu() -> Optional[float]:
    try:
        ru = resource.getrusage(resource.RUSAGE_SELF)
    except (OSError, ValueError):
        return None
    return ru.ru_utime + ru.ru_stime


def _usage(cpu_before: Optional[float] = 0.0) -> dict:
    """This worker's peak RSS and the CPU time spent since ``cpu_before`` (a worker may convert
    several inputs), for the report."""
    try:
        ru = resource.getrusage(resource.RUSAGE_SELF)
    except (OSError, ValueError):
        return {"peak_rss_mb": None, "cpu_seconds": None}
    kb = ru.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # macOS counts bytes
    cpu = ru.ru_utime + ru.ru_stime - (cpu_before or 0.0)
    return {"peak_rss_mb": round(kb / 1024, 1), "cpu_seconds": round(cpu, 3)}


def _validation_error(path: str, fmt: str, jats_dtd: Optional[str]) -> Optional[str]:
    from .. import pipeline
    issues = pipeline.validate(path, kind=fmt, jats_dtd=jats_dtd)
    if not issues:
        return None
    first = issues[0]
    line = getattr(first, "line", None)
    where = f"line {line}: " if line else ""
    more = f" (+{len(issues) - 1} more)" if len(issues) > 1 else ""
    return f"invalid {fmt} output: {where}{getattr(first, 'message', first)}{more}"


def warning_text(w) -> str:
    """A warning for stderr: its message and the page (PDF) or line (text) it points at."""
    page = next((p.page for p in w.provenance if p.page is not None), None)
    line = next((p.lines[0] for p in w.provenance if p.lines), None)
    where = f" (page {page})" if page is not None else f" (line {line})" if line is not None else ""
    return w.message + where


def convert_job(job: Job) -> dict:
    """Runs in a worker: convert one input, leave its outputs in ``job.temps`` (or, for an
    fsspec URL, return their bytes under ``data``) and their sha256 under ``output_sha256``."""
    import traceback
    cpu_before = _cpu()
    written: list[str] = []
    if job.error:
        return {"status": FAILED, "error": job.error, "format": None, "pages": 0, "warnings": 0}
    try:
        result = _convert_and_write(job, written)
    except BaseException as e:  # every failure is this input's alone
        atomic.discard(Path(p) for p in written)
        return {"status": FAILED, "error": error_message(e, job.label, job.max_memory_mb),
                "exception": type(e).__name__, "format": None, "pages": 0, "warnings": 0,
                "traceback": traceback.format_exc(), **_usage(cpu_before)}
    result.update(_usage(cpu_before))
    return result


def _convert_and_write(job: Job, written: list[str]) -> dict:
    from .. import pipeline
    source = (job.data or b"") if job.path is None else job.path
    _limit_memory(job.max_memory_mb)
    doc = pipeline.convert(source, from_=job.from_, password=job.password, name=display(job.label),
                           limits=job.limits, keep_path=job.keep_path)
    blobs = {fmt: pipeline.render(doc, fmt).encode("utf-8") for fmt in job.formats}
    result: dict = {"status": OK, "format": doc.source.format, "pages": doc.source.pages or 0,
                    "warnings": len(doc.warnings),
                    "warning_messages": [warning_text(w) for w in doc.warnings],
                    "output_sha256": {fmt: hashlib.sha256(b).hexdigest() for fmt, b in blobs.items()}}
    if not job.outputs:  # stdout
        result["text"] = blobs[job.formats[0]].decode("utf-8")
    elif not job.temps:  # an fsspec URL: the parent writes
        result["data"] = blobs
    for fmt, blob in blobs.items():
        if fmt not in job.temps:
            continue
        tmp = job.temps[fmt]
        atomic.write_temp(Path(job.outputs[fmt]), blob, Path(tmp), fsync=job.fsync_each)
        written.append(tmp)
        if job.validate:
            problem = _validation_error(tmp, fmt, job.jats_dtd)
            if problem:
                raise ValidationFailed(problem)
    if job.validate and not job.temps:
        for f in (job.formats if job.outputs else job.formats[:1]):
            problem = _validate_text(blobs[f].decode("utf-8"), f, job.jats_dtd)
            if problem:
                raise ValidationFailed(problem)
    return result


def _validate_text(text: str, fmt: str, jats_dtd: Optional[str]) -> Optional[str]:
    """Validate an output bound for stdout, through a private temporary file."""
    import tempfile
    fd, tmp = tempfile.mkstemp(suffix=OUTPUT_FORMATS[fmt], prefix="briefconv-validate-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        return _validation_error(tmp, fmt, jats_dtd)
    finally:
        atomic.discard([Path(tmp)])


def warm_up() -> None:
    """Import the conversion modules once in the parent, so every forked child has them."""
    import importlib
    for name in ("convert.pipeline", "convert.extract.pdf", "convert.extract.text",
                 "convert.recognise", "convert.normalise", "convert.write.jats",
                 "convert.write.json", "convert.write.markdown", "convert.validation"):
        try:
            importlib.import_module(name)
        except Exception:  # a missing layer fails each input with its own message later
            pass
