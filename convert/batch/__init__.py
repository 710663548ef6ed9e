"""The batch runner behind ``briefconv convert``: plan, convert in killable workers, write
atomically, report, resume.  No click here; ``cli.py`` parses options and calls :func:`run`.

Planning (parent process): inputs are expanded (directories walked for
:data:`WALK_SUFFIXES`), every input gets its output paths under the output
directory (mirroring the input tree; names sanitised; never outside it, never
onto an input, never two inputs onto one output) and its sha256.

Converting (in killable worker processes, see :mod:`convert.batch.pool`; a worker
takes input after input while they are small text, a PDF gets a fresh one): read,
convert and render every requested format in memory, optionally validate, then
write each to a temporary file beside its final name.  The parent moves the
temporaries into place only when all of them exist, so an input that fails leaves
no output and an interrupted run leaves no partial one.  ``--fsync`` says when
it all reaches the disk (``batch``: once, at the end).

Report (``--report FILE.jsonl``): one JSON object per input and line, written
with a single ``write`` as soon as the input is done::

    {"input": "in/a.pdf", "sha256": "…", "status": "ok"|"failed"|"skipped",
     "error": null|"reason", "outputs": ["out/a.xml", …], "format": "pdf"|null,
     "pages": 12, "warnings": 3, "seconds": 0.84, "cpu_seconds": 0.8|null,
     "peak_rss_mb": 61.2|null, "key": "…", "output_sha256": {"jats": "…", …}|null}

``seconds`` is wall time from the worker's start to its answer; ``cpu_seconds`` and
``peak_rss_mb`` are the worker's own CPU time for the input and its peak resident memory
so far (null when the worker was killed; a reused worker's peak covers its earlier small
inputs).  Wall time well above CPU time means the machine was busy.

``--resume`` skips an input when a line with the same ``key`` (content hash and
options, never the path) says ok (or skipped) and its outputs are where this run
would write them with the recorded hashes (see :func:`convert.batch.report.find_done`).

For other schedulers: :func:`plan`, :func:`run_job`, :class:`Report`, :func:`is_done`
(:mod:`convert.batch.api`); ``--engine dask``: :mod:`convert.batch.dask_engine`.
"""
from __future__ import annotations

from ..errors import UsageError
from .plan import (DEFAULT_FSYNC, DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, FSYNC_POLICIES, STDIN, Job, Options,
                   check_stem, display, plan, safe_component)
from .api import is_done, run_job, sync
from .report import Report, read_report
from .runner import ENGINES, Runner, Summary, run
from .worker import convert_job, error_message

__all__ = ["DEFAULT_FSYNC", "DEFAULT_MAX_MEMORY_MB", "DEFAULT_TIMEOUT", "ENGINES", "FSYNC_POLICIES", "STDIN", "Job",
           "Options", "Report", "Runner", "Summary", "UsageError", "check_stem", "convert_job", "display",
           "error_message", "is_done", "plan", "read_report", "run", "run_job", "safe_component", "sync"]
