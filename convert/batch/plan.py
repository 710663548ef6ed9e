"""Planning a batch (in the parent): inputs expanded (directories walked for
:data:`WALK_SUFFIXES`), every input given its output paths under the output directory
(mirroring the input tree; names sanitised; never outside it, never onto an input, never two
inputs onto one output) and its sha256."""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from convert import __version__  # the package root, not a stage
from ..errors import UsageError
from ..limits import DEFAULT_LIMITS, Limits
from ..pipeline import OUTPUT_FORMATS, PDF_MAGIC, PDF_MAGIC_WINDOW

STDIN = "-"
STDIN_LABEL = "<stdin>"
STDIN_STEM = "stdin"
WALK_SUFFIXES = (".pdf", ".md", ".markdown", ".txt")
DEFAULT_TIMEOUT = 300.0
# address space one worker may use; real documents need a few hundred MB
DEFAULT_MAX_MEMORY_MB = 2048
# longest file name most file systems accept, in bytes
NAME_MAX = 255
# what atomic.temp_name_for adds to a final name: "." + marker + pid (up to 10 digits) + "-" +
# 12 hex digits + ".part", with room to spare
TEMP_DECORATION = 56
HASH_CHUNK = 1 << 20
# when outputs reach the disk: "file" fsyncs every output and report line as it is written,
# "batch" once at the end of the batch (one syncfs per output file system, one fsync per
# output directory), "none" never
FSYNC_POLICIES = ("file", "batch", "none")
DEFAULT_FSYNC = "batch"
# a text input up to this size is converted by a worker that then takes the next input; a
# PDF, or anything bigger, gets a fresh worker that exits after it (see worker.reusable)
REUSE_MAX_BYTES = 1 << 20



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
    max_memory_mb: Optional[int] = DEFAULT_MAX_MEMORY_MB   # per worker; None: no limit
    limits: Limits = DEFAULT_LIMITS
    keep_path: bool = False               # record the input path as given, not its file name
    fsync: str = DEFAULT_FSYNC            # one of FSYNC_POLICIES
    engine: str = "local"                 # "local" (this machine) or "dask"
    scheduler: Optional[str] = None       # the Dask scheduler's address, for engine "dask"
    shard_size: Optional[int] = None      # inputs per Dask task (None: chosen from the batch)
    verbose: bool = False                 # print each input's warnings on stderr
    fail_on_warnings: bool = False        # an input with warnings fails (no outputs)


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
    max_memory_mb: Optional[int] = None
    limits: Limits = DEFAULT_LIMITS
    keep_path: bool = False
    fsync_each: bool = True               # the worker fsyncs each output it writes
    is_pdf: bool = False                  # the content starts like a PDF
    key: Optional[str] = None             # content hash + everything else the outputs depend on

    @property
    def reusable(self) -> bool:
        """Whether the worker that converted this input may take the next one: yes for a small
        text input (cheap, little memory, no native library state); a PDF or a big input gets
        a worker of its own, whose memory goes back to the OS when it exits.  Either way a
        worker that overruns the timeout is killed (and replaced)."""
        return not self.is_pdf and self.from_ != "pdf" and self.size <= REUSE_MAX_BYTES



# ---------------------------------------------------------------- names and paths


CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def display(name: str) -> str:
    """A name as it may be printed on one line: bytes that are not UTF-8 (held as surrogates)
    as \\xff, control characters as \\n or \\x1b; a terminal never sees them raw."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return CONTROL_CHARS.sub(lambda m: repr(m.group())[1:-1], text)


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
    room = NAME_MAX - len(suffix.encode()) - TEMP_DECORATION
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


def _hash_file(path: str) -> tuple[str, int, bytes]:
    """sha256 and size of a regular file; anything else (a FIFO, a device such as /dev/zero, a
    socket) is refused before it is read, since reading it may never end."""
    h = hashlib.sha256()
    size = 0
    head = b""
    # O_NONBLOCK: opening a FIFO with no writer would block; the file is then checked by fstat
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotARegularFile(path)
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            if not size:
                head = chunk[:PDF_MAGIC_WINDOW]
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size, head


class NotARegularFile(OSError):
    """An input that is not a regular file."""


def os_reason(e: OSError) -> str:
    return e.strerror or str(e)


def plan(inputs: list[str], opts: Options, stdin: Optional[bytes] = None) -> list[Job]:
    """One Job per input file.  A Job whose ``error`` is set failed in planning."""
    common: dict[str, Any] = dict(from_=opts.from_, password=opts.password, validate=opts.validate,
                                  jats_dtd=opts.jats_dtd, formats=tuple(opts.formats),
                                  max_memory_mb=opts.max_memory_mb, limits=opts.limits,
                                  keep_path=opts.keep_path, fsync_each=opts.fsync == "file")
    root_real = os.path.realpath(opts.outdir) if opts.outdir and not is_url(opts.outdir) else None
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
                job.sha256, job.size, head = _hash_file(label)
                job.is_pdf = PDF_MAGIC in head
            except FileNotFoundError:
                job.error = "no such file"
            except IsADirectoryError:
                job.error = "is a directory"
            except NotARegularFile:
                job.error = "not a regular file (a FIFO, device or socket)"
            except OSError as e:
                job.error = f"cannot read ({os_reason(e)})"
        if opts.outdir is not None:
            parts = [safe_component(p) for p in Path(rel).parts] if rel else []
            for fmt in opts.formats:
                name = _fit(safe_component(stem), OUTPUT_FORMATS[fmt])
                job.outputs[fmt] = os.path.join(opts.outdir, *parts, name)
        job.key = job_key(job)
        jobs.append(job)
    _check_outputs(jobs, root_real, input_reals)
    return jobs


def recorded_name(job: Job) -> str:
    """The input's name as its outputs record it (see pipeline.read): the file name, or the
    path as given with ``keep_path``."""
    label = display(job.label)
    return label if job.keep_path else os.path.basename(label) or label


def job_key(job: Job) -> Optional[str]:
    """What ``--resume`` matches an earlier report line on: the input's content hash and
    everything else its outputs depend on (the name they record, the input format, limits,
    validation, the converter's version), never where the input lies."""
    if job.sha256 is None:
        return None
    parts = {"sha256": job.sha256, "name": recorded_name(job), "from": job.from_,
             "limits": repr(job.limits), "validate": job.validate, "version": __version__}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8", "surrogateescape")).hexdigest()


def is_url(path: Optional[str]) -> bool:
    """An fsspec URL such as memory://out or s3://bucket/out (file:// counts as local)."""
    return bool(path) and "://" in str(path) and not str(path).startswith("file://")


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
