"""The batch machinery for your own scheduler (a queue, Airflow, Ray, Slurm array jobs...)::

    from convert import batch

    opts = batch.Options(outdir="out", formats=("jats", "json"))
    jobs = batch.plan(["archive/"], opts)          # one Job per input: outputs, sha256, key
    index = batch.Report.done_index("report.jsonl")  # what an earlier run finished
    report = batch.Report("report.jsonl", append=True)
    for job in jobs:
        if batch.is_done(job, index):
            continue
        record = batch.run_job(job)                 # convert here, outputs in place
        report.write(record)                        # one JSON line, as --report writes it
    report.close()
    batch.sync([r for r in records])                # only for --fsync batch: now durable

A :class:`~convert.batch.plan.Job` is a plain picklable dataclass, so it can be sent to another
process or machine; ``run_job`` there writes the outputs (a shared directory or an fsspec URL)
and returns the record, which the coordinator appends to the report.  ``run_job`` converts in
the calling process: a hostile input can hang or crash it.  Where that matters, run it under
:func:`convert.batch.pool.run`, which kills an input's worker process at the timeout (as the
command line does).
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from . import atomic, pool
from .commit import Committer
from .plan import Job, Options, is_url
from .report import done_index, find_done, make_record
from .worker import convert_job


def run_job(job: Job) -> dict:
    """Convert one planned input in this process (without the worker's memory cap), put its
    outputs in place (atomically), and return its report record (a dict: ``status`` is "ok" or "failed", ``error`` the reason)."""
    url = any(is_url(p) for p in job.outputs.values())
    opts = Options(outdir="memory://" if url else None, fsync="file" if job.fsync_each else "batch")
    committer = Committer(opts)
    committer.on_start(0, job)
    if job.error:
        return make_record(job, "failed", error=job.error)
    try:
        # --max-memory caps a worker process's address space for good: in the caller's own
        # process (a user's scheduler, a test run) it would outlive the job, so it is not set
        value = convert_job(replace(job, max_memory_mb=None))
        outcome = pool.Outcome(pool.OK, value=value)
    except BaseException as e:  # convert_job catches everything an input can raise; belt and braces
        outcome = pool.Outcome(pool.RAISED, error=f"{type(e).__name__}: {e}")
    fields = committer.finish(job, outcome)
    fields.pop("detail", None)
    return make_record(job, **fields)


def is_done(job: Job, index: dict[str, list[dict]]) -> bool:
    """Whether an earlier record (``Report.done_index``) of the same content and options has
    every output of ``job`` intact at its planned path."""
    found = find_done(job, index)
    return found is not None and not found[1]


def sync(records: Iterable[dict]) -> None:
    """Make outputs written without per-file fsyncs durable: one syncfs per file system, one
    fsync per directory (what ``--fsync batch`` does at the end of a batch)."""
    dirs = {Path(os.path.dirname(p) or ".") for r in records for p in r.get("outputs") or []
            if not is_url(p)}
    atomic.sync_batch(dirs)


__all__ = ["done_index", "is_done", "run_job", "sync"]
