"""Putting a converted input's outputs in place (in the process that runs the worker pool: the
batch process, or a Dask worker running one shard) and saying what to report about it."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

from . import atomic, pool, sink
from .plan import Job, Options, is_url, os_reason
from .report import FAILED, OK


class Committer:
    """``on_start`` before an input goes to a worker (temporary names, directories);
    ``finish`` when its outcome is in: commit or discard, and the record's fields."""

    def __init__(self, opts: Options, stdout_bin: Any = None):
        self.opts = opts
        self.stdout_bin = stdout_bin
        self.url = is_url(opts.outdir)
        self.dirs: set[Path] = set()   # output directories touched, for the end-of-batch sync

    def on_start(self, _index: int, job: Job) -> None:
        if self.url:
            return  # the worker returns the bytes; finish uploads them
        try:
            for fmt, out in job.outputs.items():
                os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
                job.temps[fmt] = str(atomic.temp_name_for(Path(out)))
        except OSError as e:  # the worker sees job.error and stops at once
            job.error = f"cannot create output directory ({os_reason(e)})"

    def finish(self, job: Job, outcome: pool.Outcome) -> dict[str, Any]:
        """The record for ``job`` (status, error, outputs...), its outputs committed if ok."""
        temps = [Path(p) for p in job.temps.values()]
        res = outcome.value if outcome.kind == pool.OK else None
        if res is None:
            atomic.discard(temps)
            return {"status": FAILED, "error": outcome.error, "seconds": outcome.seconds,
                    "detail": outcome.detail}
        if res["status"] != OK:
            atomic.discard(temps)
            return {"status": FAILED, "error": res["error"], "seconds": outcome.seconds,
                    "usage": _usage(res), "detail": res.get("traceback")}
        try:
            self._commit(job, res)
        except OSError as e:
            atomic.discard(temps)
            return {"status": FAILED, "error": f"cannot write output ({os_reason(e)})",
                    "seconds": outcome.seconds}
        return {"status": OK, "outputs": [job.outputs[f] for f in job.formats if f in job.outputs],
                "fmt": res["format"], "pages": res["pages"], "warnings": res["warnings"],
                "seconds": outcome.seconds, "usage": _usage(res), "output_sha256": res.get("output_sha256")}

    def _commit(self, job: Job, res: dict) -> None:
        if job.temps:
            pairs = [(Path(job.temps[f]), Path(job.outputs[f])) for f in job.formats]
            self.dirs |= atomic.commit(pairs, fsync=self.opts.fsync == "file")
        elif "data" in res:
            for fmt in job.formats:
                sink.write_url(job.outputs[fmt], res["data"][fmt])
        elif self.stdout_bin is not None:
            self.stdout_bin.write(res["text"].encode("utf-8"))
            self.stdout_bin.flush()

    def restore(self, copies: list[tuple[str, str]]) -> Optional[str]:
        """Copy intact outputs of an earlier run to where this run wants them; the reason when
        one cannot be copied (the input is then converted again)."""
        for old, new in copies:
            data = sink.read_bytes(old)
            if data is None:
                return f"cannot read {old}"
            try:
                if is_url(new):
                    sink.write_url(new, data)
                    continue
                os.makedirs(os.path.dirname(new) or ".", exist_ok=True)
                final = Path(new)
                self.dirs |= atomic.commit([(atomic.write_temp(final, data, fsync=self.opts.fsync == "file"),
                                             final)], fsync=self.opts.fsync == "file")
            except OSError as e:
                return os_reason(e)
        return None

    def sync(self) -> None:
        """The end of a batch under ``--fsync batch``: everything written reaches the disk."""
        if self.opts.fsync == "batch" and self.dirs:
            atomic.sync_batch(self.dirs)


def _usage(res: dict) -> dict:
    """Only the cost figures of a worker's result (not the outputs' bytes it may carry)."""
    return {"cpu_seconds": res.get("cpu_seconds"), "peak_rss_mb": res.get("peak_rss_mb")}
