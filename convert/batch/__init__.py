"""The batch runner behind ``briefconv convert``: plan, convert in killable workers, write
atomically, report, resume.  No click here; ``cli.py`` parses options and calls :func:`run`.

Planning (parent process): inputs are expanded (directories walked for
:data:`WALK_SUFFIXES`), every input gets its output paths under the output
directory (mirroring the input tree; names sanitised; never outside it, never
onto an input, never two inputs onto one output) and its sha256.

Converting (one child per input, see :mod:`convert.batch.pool`): read, convert and
render every requested format in memory, optionally validate, then write each
to a temporary file beside its final name.  The parent moves the temporaries
into place only when all of them exist, so an input that fails leaves no
output and an interrupted run leaves no partial one.

Report (``--report FILE.jsonl``): one JSON object per input and line, written
with a single ``write`` as soon as the input is done::

    {"input": "in/a.pdf", "sha256": "…", "status": "ok"|"failed"|"skipped",
     "error": null|"reason", "outputs": ["out/a.xml", …], "format": "pdf"|null,
     "pages": 12, "warnings": 3, "seconds": 0.84, "cpu_seconds": 0.8|null,
     "peak_rss_mb": 61.2|null}

``seconds`` is wall time from the worker's start to its answer; ``cpu_seconds`` and
``peak_rss_mb`` are the worker's own CPU time and peak resident memory (null when the
worker was killed).  Wall time well above CPU time means the machine was busy.

``--resume`` skips an input whose last line in the report says ok (or skipped)
with the same sha256 and the same outputs, all of which still exist.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, TextIO

from . import atomic, pool
from ..errors import BriefconvError, OutputError
from ..pipeline import OUTPUT_FORMATS
from .progress import Progress

STDIN = "-"
STDIN_LABEL = "<stdin>"
STDIN_STEM = "stdin"
WALK_SUFFIXES = (".pdf", ".md", ".markdown", ".txt")
DEFAULT_TIMEOUT = 300.0
# longest file name most file systems accept, in bytes
NAME_MAX = 255
HASH_CHUNK = 1 << 20

OK, FAILED, SKIPPED = "ok", "failed", "skipped"


class UsageError(ValueError):
    """Options that cannot work together; the CLI turns it into exit status 2."""


# ---------------------------------------------------------------- data


@dataclass
class Options:
    formats: tuple[str, ...] = ("jats", "json", "md")
    outdir: Optional[str] = None          # None: write the one output to stdout
    from_: Optional[str] = None
    password: Optional[str] = None
    validate: bool = False
    jats_dtd: Optional[str] = None
    jobs: Optional[int] = None
    timeout: Optional[float] = DEFAULT_TIMEOUT
    report: Optional[str] = None
    resume: bool = False
    quiet: bool = False
    debug: bool = False
    name: Optional[str] = None            # stem for stdin input


@dataclass
class Job:
    label: str                            # the input as the user named it
    path: Optional[str] = None            # None: ``data`` holds stdin
    data: Optional[bytes] = None
    outputs: dict[str, str] = field(default_factory=dict)   # fmt -> final path
    temps: dict[str, str] = field(default_factory=dict)     # fmt -> temporary path
    sha256: Optional[str] = None
    size: int = 0
    error: Optional[str] = None           # planning failed: no conversion
    from_: Optional[str] = None
    password: Optional[str] = None
    validate: bool = False
    jats_dtd: Optional[str] = None
    formats: tuple[str, ...] = ()


@dataclass
class Summary:
    converted: int = 0
    failed: int = 0
    skipped: int = 0
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def line(self) -> str:
        text = (f"{self.converted} converted, {self.failed} failed, {self.skipped} skipped, "
                f"{self.pages} pages, {self.seconds:.1f} s")
        return text + (" (interrupted)" if self.interrupted else "")


# ---------------------------------------------------------------- names and paths


def safe_component(name: str) -> str:
    """A file-name component with control characters and separators replaced."""
    out = "".join("_" if (unicodedata.category(ch) in ("Cc", "Cf", "Cs") or ch in "/\\")
                  else ch for ch in name)
    if out in ("", ".", ".."):
        out = "_"
    return out


def check_stem(name: str) -> str:
    """A user-given output stem (``--name``): a plain file name, never a path."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise UsageError(f"--name must be a plain file name, not {name!r}")
    return safe_component(name)


def _fit(stem: str, suffix: str) -> str:
    """Shorten ``stem`` so stem+suffix (+ the temp-name decoration) fits NAME_MAX bytes."""
    room = NAME_MAX - len(suffix.encode()) - 40
    raw = stem.encode("utf-8", "surrogateescape")
    if len(raw) > room:
        stem = raw[:room].decode("utf-8", "ignore")
    return stem + suffix


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def expand_inputs(inputs: list[str], outdir: Optional[str]) -> list[tuple[str, Optional[str], str]]:
    """(label, walk root or None, relative dir) per file; directories walked, sorted."""
    out_real = os.path.realpath(outdir) if outdir else None
    found: list[tuple[str, Optional[str], str]] = []
    seen: set[str] = set()

    def add(label: str, root: Optional[str], rel: str) -> None:
        key = label if label == STDIN else os.path.realpath(label)
        if key not in seen:  # the same file named twice is converted once
            seen.add(key)
            found.append((label, root, rel))

    for given in inputs:
        if given != STDIN and os.path.isdir(given):
            for dirpath, dirnames, filenames in os.walk(given):  # never follows symlinked dirs
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                     and os.path.realpath(os.path.join(dirpath, d)) != out_real)
                rel = os.path.relpath(dirpath, given)
                for fn in sorted(filenames):
                    if fn.startswith(".") or not fn.lower().endswith(WALK_SUFFIXES):
                        continue
                    add(os.path.join(dirpath, fn), given, "" if rel == "." else rel)
        else:
            add(given, None, "")
    return found


def _hash_file(path: str) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _os_reason(e: OSError) -> str:
    return e.strerror or str(e)


def plan(inputs: list[str], opts: Options, stdin: Optional[bytes] = None) -> list[Job]:
    """One Job per input file.  A Job whose ``error`` is set failed in planning."""
    common = dict(from_=opts.from_, password=opts.password, validate=opts.validate,
                  jats_dtd=opts.jats_dtd, formats=tuple(opts.formats))
    root_real = os.path.realpath(opts.outdir) if opts.outdir else None
    input_reals: set[str] = set()
    jobs: list[Job] = []
    for label, root, rel in expand_inputs(inputs, opts.outdir):
        if label == STDIN:
            data = stdin or b""
            job = Job(label=STDIN_LABEL, data=data, sha256=hashlib.sha256(data).hexdigest(),
                      size=len(data), **common)
            stem = opts.name or STDIN_STEM
        else:
            job = Job(label=label, path=label, **common)
            input_reals.add(os.path.realpath(label))
            stem = Path(label).stem if Path(label).suffix else Path(label).name
            if opts.name and len(inputs) == 1 and root is None:  # not for a walked tree
                stem = opts.name
            try:
                job.sha256, job.size = _hash_file(label)
            except FileNotFoundError:
                job.error = "no such file"
            except IsADirectoryError:
                job.error = "is a directory"
            except OSError as e:
                job.error = f"cannot read ({_os_reason(e)})"
        if opts.outdir is not None:
            parts = [safe_component(p) for p in Path(rel).parts] if rel else []
            for fmt in opts.formats:
                name = _fit(safe_component(stem), OUTPUT_FORMATS[fmt])
                job.outputs[fmt] = os.path.join(opts.outdir, *parts, name)
        jobs.append(job)
    _check_outputs(jobs, root_real, input_reals)
    return jobs


def _check_outputs(jobs: list[Job], root_real: Optional[str], input_reals: set[str]) -> None:
    claimed: dict[str, str] = {}
    for job in jobs:
        if job.error:
            continue
        for out in job.outputs.values():
            # resolve the directory only: os.replace swaps a symlink at the name, never its target
            real = os.path.join(os.path.realpath(os.path.dirname(out) or "."), os.path.basename(out))
            if root_real is not None and not _within(real, root_real):
                job.error = f"output {out} would land outside {root_real} (symlink?); refused"
            elif real in input_reals:
                job.error = f"output {out} would overwrite an input file; refused"
            elif real in claimed:
                job.error = f"output {out} is also the output of {claimed[real]}; rename one input"
            if job.error:
                break
        if not job.error:
            for out in job.outputs.values():
                claimed[os.path.join(os.path.realpath(os.path.dirname(out) or "."),
                                     os.path.basename(out))] = job.label


# ---------------------------------------------------------------- the worker (child process)


def error_message(exc: BaseException, label: Optional[str]) -> str:
    """The reason part of ``briefconv: <file>: <reason>``: one line, no repeated file name."""
    if isinstance(exc, OSError) and not isinstance(exc, BriefconvError):
        msg = _os_reason(exc)
    elif isinstance(exc, MemoryError):
        msg = "out of memory"
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


def _usage() -> dict:
    """This worker's peak RSS and CPU time, for the report."""
    try:
        ru = resource.getrusage(resource.RUSAGE_SELF)
    except (OSError, ValueError):
        return {"peak_rss_mb": None, "cpu_seconds": None}
    kb = ru.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # macOS counts bytes
    return {"peak_rss_mb": round(kb / 1024, 1), "cpu_seconds": round(ru.ru_utime + ru.ru_stime, 3)}


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


def convert_job(job: Job) -> dict:
    """Runs in the child: convert one input, leave its outputs in ``job.temps``."""
    import traceback
    from .. import pipeline
    written: list[str] = []
    if job.error:
        return {"status": FAILED, "error": job.error, "format": None, "pages": 0, "warnings": 0}
    try:
        source = job.data if job.path is None else job.path
        doc = pipeline.convert(source, from_=job.from_, password=job.password, name=job.label)
        texts = {fmt: pipeline.render(doc, fmt) for fmt in job.formats}
        result = {"status": OK, "format": doc.source.format, "pages": doc.source.pages or 0,
                  "warnings": len(doc.warnings)}
        if not job.temps:  # stdout
            result["text"] = texts[job.formats[0]]
        for fmt, text in texts.items():
            if fmt not in job.temps:
                continue
            tmp = job.temps[fmt]
            atomic.write_temp(Path(job.outputs[fmt]), text.encode("utf-8"), Path(tmp))
            written.append(tmp)
            if job.validate:
                problem = _validation_error(tmp, fmt, job.jats_dtd)
                if problem:
                    raise _Invalid(problem)
        if job.validate and not job.temps:
            result["error"] = _validate_text(texts[job.formats[0]], job.formats[0], job.jats_dtd)
            if result["error"]:
                raise _Invalid(result["error"])
    except BaseException as e:  # every failure is this input's alone
        atomic.discard(Path(p) for p in written)
        return {"status": FAILED, "error": error_message(e, job.label),
                "exception": type(e).__name__, "format": None, "pages": 0, "warnings": 0,
                "traceback": traceback.format_exc(), **_usage()}
    result.update(_usage())
    return result


class _Invalid(BriefconvError):
    pass


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


# ---------------------------------------------------------------- report and resume


class Report:
    """Append-only JSONL; each record is one ``os.write`` so a kill never tears a line
    (and a torn last line from a power cut is skipped when read back)."""

    def __init__(self, path: Optional[str], append: bool):
        self.fd = None
        if path is None:
            return
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if append else os.O_TRUNC)
        self.fd = os.open(path, flags, 0o666)
        if append and os.fstat(self.fd).st_size:
            with open(path, "rb") as f:
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    os.write(self.fd, b"\n")

    def write(self, record: dict) -> None:
        if self.fd is not None:
            os.write(self.fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))

    def close(self) -> None:
        if self.fd is not None:
            try:
                os.fsync(self.fd)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


def read_report(path: Optional[str]) -> dict[str, dict]:
    """The last record per input of an earlier report (missing file: nothing)."""
    last: dict[str, dict] = {}
    if not path:
        return last
    try:
        with open(path, "rb") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return last
    for raw in lines:
        try:
            rec = json.loads(raw)
        except ValueError:
            continue  # a torn line
        if isinstance(rec, dict) and isinstance(rec.get("input"), str):
            last[rec["input"]] = rec
    return last


def is_done(job: Job, previous: dict[str, dict]) -> bool:
    rec = previous.get(job.label)
    if rec is None or job.path is None or job.error or not job.outputs:
        return False
    wanted = sorted(job.outputs.values())
    return (rec.get("status") in (OK, SKIPPED) and rec.get("sha256") == job.sha256
            and sorted(rec.get("outputs") or []) == wanted
            and all(os.path.isfile(p) for p in wanted))


# ---------------------------------------------------------------- running


class Runner:
    def __init__(self, opts: Options, stderr: TextIO, stdout_bin=None):
        self.opts = opts
        self.err = stderr
        self.stdout_bin = stdout_bin
        self.summary = Summary()
        self.report = Report(opts.report, append=opts.resume)
        self.progress: Optional[Progress] = None
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        if self.progress is not None:
            self.progress.clear()
        print(text, file=self.err, flush=True)
        if self.progress is not None:
            self.progress.draw(force=True)

    def record(self, job: Job, status: str, *, error: Optional[str] = None, outputs=(),
               fmt: Optional[str] = None, pages: int = 0, warnings: int = 0,
               seconds: float = 0.0, usage: Optional[dict] = None, detail: Optional[str] = None):
        if status == OK:
            self.summary.converted += 1
            self.summary.pages += pages
        elif status == SKIPPED:
            self.summary.skipped += 1
        else:
            self.summary.failed += 1
            if self.opts.debug and detail:
                self.say(detail.rstrip())
            self.say(f"briefconv: {job.label}: {error}")
        self.report.write({"input": job.label, "sha256": job.sha256, "status": status,
                           "error": error, "outputs": list(outputs), "format": fmt,
                           "pages": pages, "warnings": warnings, "seconds": round(seconds, 3),
                           "cpu_seconds": (usage or {}).get("cpu_seconds"),
                           "peak_rss_mb": (usage or {}).get("peak_rss_mb")})
        if self.progress is not None:
            self.progress.advance(pages)

    def on_start(self, _index: int, job: Job) -> None:
        try:
            for fmt, out in job.outputs.items():
                os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
                job.temps[fmt] = str(atomic.temp_name_for(Path(out)))
        except OSError as e:  # the child sees job.error and stops at once
            job.error = f"cannot create output directory ({_os_reason(e)})"

    def on_done(self, _index: int, job: Job, outcome: pool.Outcome) -> None:
        temps = [Path(p) for p in job.temps.values()]
        res = outcome.value if outcome.kind == pool.OK else None
        if res is None:
            atomic.discard(temps)
            self.record(job, FAILED, error=outcome.error, seconds=outcome.seconds,
                        detail=outcome.detail)
            return
        if res["status"] != OK:
            atomic.discard(temps)
            self.record(job, FAILED, error=res["error"], seconds=outcome.seconds,
                        usage=res, detail=res.get("traceback"))
            return
        try:
            if job.temps:
                atomic.commit((Path(job.temps[f]), Path(job.outputs[f])) for f in job.formats)
            elif self.stdout_bin is not None:
                self.stdout_bin.write(res["text"].encode("utf-8"))
                self.stdout_bin.flush()
        except OSError as e:
            atomic.discard(temps)
            self.record(job, FAILED, error=f"cannot write output ({_os_reason(e)})",
                        seconds=outcome.seconds)
            return
        self.record(job, OK, outputs=[job.outputs[f] for f in job.formats if f in job.outputs],
                    fmt=res["format"], pages=res["pages"], warnings=res["warnings"],
                    seconds=outcome.seconds, usage=res)

    def run(self, jobs: list[Job], worker: Callable[[Job], dict] = convert_job) -> Summary:
        previous = read_report(self.opts.report) if self.opts.resume else {}
        if self.opts.resume and self.opts.outdir:
            atomic.clean_temps(Path(self.opts.outdir))
        todo: list[Job] = []
        for job in jobs:
            if job.error:
                self.record(job, FAILED, error=job.error)
            elif self.opts.resume and is_done(job, previous):
                self.record(job, SKIPPED, outputs=[job.outputs[f] for f in job.formats],
                            fmt=previous[job.label].get("format"),
                            pages=previous[job.label].get("pages") or 0)
            else:
                todo.append(job)
        # biggest first: the long ones start early, so the workers finish together
        todo.sort(key=lambda j: -j.size)
        show = not self.opts.quiet and self.err.isatty() and len(todo) > 1
        self.progress = Progress(len(todo), self.err, show)
        try:
            if todo:
                warm_up()
                pool.run(todo, worker, jobs=min(self.opts.jobs or pool.default_jobs(), len(todo)),
                         timeout=self.opts.timeout, on_start=self.on_start, on_done=self.on_done,
                         on_tick=self.progress.draw, quiet_children=not self.opts.debug)
        except KeyboardInterrupt:
            self.summary.interrupted = True
            for job in todo:  # whatever was running: its temporaries go
                atomic.discard(Path(p) for p in job.temps.values())
        finally:
            self.report.close()
            self.progress.clear()
        self.summary.seconds = time.monotonic() - self.started
        if not self.opts.quiet:
            print(f"briefconv: {self.summary.line()}", file=self.err, flush=True)
        return self.summary


def run(inputs: list[str], opts: Options, *, stdin: Optional[bytes] = None,
        stderr: Optional[TextIO] = None, stdout_bin=None,
        worker: Callable[[Job], dict] = convert_job) -> Summary:
    """Plan and convert ``inputs``; messages go to ``stderr``; returns the Summary."""
    if opts.outdir is None and (len(opts.formats) != 1 or len(inputs) != 1):
        raise UsageError("-o - (stdout) takes exactly one input and one format (-t)")
    if opts.resume and not opts.report:
        raise UsageError("--resume needs --report FILE (the record of what is done)")
    if opts.outdir is not None and os.path.exists(opts.outdir) and not os.path.isdir(opts.outdir):
        raise UsageError(f"-o {opts.outdir}: not a directory")
    if opts.outdir is not None:
        try:
            os.makedirs(opts.outdir, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{opts.outdir}: cannot create output directory ({_os_reason(e)})") from None
    jobs = plan(inputs, opts, stdin=stdin)
    if opts.report:
        report_real = os.path.realpath(opts.report)
        for job in jobs:
            if job.path and os.path.realpath(job.path) == report_real:
                raise UsageError(f"--report {opts.report} is also an input")
    try:
        runner = Runner(opts, stderr or sys.stderr, stdout_bin)
    except OSError as e:
        raise OutputError(f"{opts.report}: cannot open report ({_os_reason(e)})") from None
    return runner.run(jobs, worker)


__all__ = ["Options", "Job", "Summary", "UsageError", "plan", "run", "convert_job",
           "read_report", "safe_component"]
