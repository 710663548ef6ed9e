"""``--engine dask``: a batch spread over a Dask cluster (the optional extra ``dask``).

The client (the ``briefconv`` process) plans the batch as usual, skips what ``--resume`` finds
done, and submits the rest as tasks.  A task is a *shard* of inputs, and runs our own killable
worker pool (:mod:`.pool`, one worker process at a time) inside the Dask worker, so:

- a per-input timeout really kills (the input's process, never the Dask worker);
- an input that crashes its process (a segfault, ``os._exit``, the memory limit) is reported
  failed once: the task itself returns normally, so Dask never retries it on other workers
  or counts it against a worker, and the worker lives on;
- outputs are written by the Dask worker, atomically, into a directory every worker and the
  client share (NFS, a cluster file system) or uploaded to an fsspec URL (``s3://``...);
- the report is written by the client alone, one line per input as shards come back, so
  ``--resume`` after the client dies (even ``kill -9``) works as on one machine.

Shards: a PDF (or any input that gets a fresh worker process, see ``Job.reusable``) is a task of
its own, which keeps the cluster balanced whatever the PDFs' sizes; small text inputs go in
shards of up to :data:`TEXT_SHARD_MAX`, so that Dask's per-task cost (a few milliseconds) is
paid once per shard, not per file.
"""
from __future__ import annotations

import logging
import math
import os
import uuid
from dataclasses import replace
from typing import Any, Callable, Optional

from ..errors import UsageError
from . import pool
from .commit import Committer
from .plan import Job, Options, is_url
from .report import FAILED
from .worker import warm_up

# the most small text inputs in one task
TEXT_SHARD_MAX = 64
# shards per Dask worker thread at least, so a slow shard does not hold the batch up alone
SHARDS_PER_THREAD = 4
CONNECT_TIMEOUT = "30s"
INSTALL_HINT = "--engine dask needs Dask: pip install 'briefconv[dask]'"

Record = Callable[..., None]


def require_dask(opts: Options) -> None:
    """One line saying what is missing, before anything is planned."""
    if not opts.scheduler:
        raise UsageError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None


def shards(jobs: list[Job], threads: int, size: Optional[int] = None) -> list[list[int]]:
    """Positions in ``jobs``, grouped into tasks (see the module's doc)."""
    text = [i for i, j in enumerate(jobs) if j.reusable]
    alone = [[i] for i, j in enumerate(jobs) if not j.reusable]
    if size is None:
        size = max(1, min(TEXT_SHARD_MAX, math.ceil(len(text) / max(1, threads * SHARDS_PER_THREAD))))
    grouped = [text[k:k + size] for k in range(0, len(text), size)]
    return alone + grouped


def run_shard(jobs: list[Job], opts: Options, worker: Callable[[Job], dict]) -> list[tuple[int, dict]]:
    """Runs on a Dask worker: convert ``jobs`` in our killable pool, commit their outputs there;
    the record fields per position, for the client to report."""
    committer = Committer(opts)
    out: list[tuple[int, dict]] = []

    def on_done(index: int, job: Job, outcome: pool.Outcome) -> None:
        out.append((index, committer.finish(job, outcome)))

    warm_up()
    try:
        pool.run(jobs, worker, jobs=1, timeout=opts.timeout, on_start=committer.on_start,
                 on_done=on_done, quiet_children=not opts.debug, reuse=_reusable)
    finally:
        committer.sync()
    return out


def _reusable(job: Job) -> bool:
    return job.reusable


def run_on_cluster(todo: list[Job], opts: Options, record: Record, worker: Callable[[Job], dict],
                   on_tick: Optional[Callable[[], None]] = None) -> None:
    """Convert ``todo`` on the cluster at ``opts.scheduler``; ``record`` each outcome here."""
    from distributed import Client, as_completed
    if not opts.debug:  # the client's own chatter (reconnects, closing comms) is not the user's
        logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        client = Client(opts.scheduler, timeout=CONNECT_TIMEOUT)
    except OSError as e:
        raise UsageError(f"--scheduler {opts.scheduler}: cannot connect ({e})") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        batch_id = uuid.uuid4().hex[:12]
        groups = shards(todo, threads, opts.shard_size)
        futures = {client.submit(run_shard, [_portable(todo[i]) for i in group], opts, worker, pure=False,
                                 retries=0, key=f"briefconv-{batch_id}-{n}"): group
                   for n, group in enumerate(groups)}
        for future in as_completed(futures):
            _collect(future, futures[future], todo, record)
            if on_tick is not None:
                on_tick()
    finally:
        client.close()


def _portable(job: Job) -> Job:
    """The job as a worker elsewhere can run it: paths absolute (a worker's working directory
    is not the client's)."""
    def absolute(p: str) -> str:
        return p if is_url(p) else os.path.abspath(p)
    return replace(job, path=absolute(job.path) if job.path else None,
                   outputs={f: absolute(p) for f, p in job.outputs.items()})


def _collect(future: Any, group: list[int], todo: list[Job], record: Record) -> None:
    try:
        results = future.result()
    except Exception as e:  # the task failed as a whole (its Dask worker was lost...)
        for i in group:
            record(todo[i], FAILED, error=f"dask task failed: {type(e).__name__}: {e}")
        return
    for position, fields in results:
        job = todo[group[position]]
        if fields.get("outputs"):  # as this run named them, like the local engine
            fields["outputs"] = [job.outputs[f] for f in job.formats]
        record(job, **fields)
