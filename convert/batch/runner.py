"""Running a planned batch: inputs converted in killable workers (:mod:`.pool`), outputs
committed atomically, every outcome reported and counted."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional, TextIO, Union

from ..errors import OutputError, UsageError
from . import atomic, pool
from .bar import TqdmProgress, make_progress
from .commit import Committer
from .plan import FSYNC_POLICIES, Job, Options, display, is_url, os_reason, plan
from .progress import Progress
from .report import FAILED, OK, SKIPPED, Report, done_index, find_done, make_record
from .sink import local_path
from .worker import convert_job, warm_up

ENGINES = ("local", "dask")


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



# ---------------------------------------------------------------- running


class Runner:
    def __init__(self, opts: Options, stderr: TextIO, stdout_bin=None):
        self.opts = opts
        self.err = stderr
        self.committer = Committer(opts, stdout_bin)
        self.summary = Summary()
        self.report = Report(opts.report, append=opts.resume, fsync_each=opts.fsync == "file")
        self.progress: Optional[Union[Progress, TqdmProgress]] = None
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        if self.progress is not None:
            self.progress.clear()
        print(text, file=self.err, flush=True)
        if self.progress is not None:
            self.progress.draw(force=True)

    def record(self, job: Job, status: str, *, error: Optional[str] = None, outputs=(),
               fmt: Optional[str] = None, pages: int = 0, warnings: int = 0,
               seconds: float = 0.0, usage: Optional[dict] = None, detail: Optional[str] = None,
               output_sha256: Optional[dict] = None):
        if status == OK:
            self.summary.converted += 1
            self.summary.pages += pages
        elif status == SKIPPED:
            self.summary.skipped += 1
        else:
            self.summary.failed += 1
            if self.opts.debug and detail:
                self.say(detail.rstrip())
            self.say(f"briefconv: {display(job.label)}: {display(error or '')}")
        had_report = self.report.fd is not None
        self.report.write(make_record(job, status, error=error, outputs=outputs, fmt=fmt, pages=pages,
                                      warnings=warnings, seconds=seconds, usage=usage,
                                      output_sha256=output_sha256))
        if had_report and self.report.failure:
            self.say(f"briefconv: {display(self.opts.report or '')}: cannot write the report "
                     f"({self.report.failure}); converting goes on without it")
        if self.progress is not None:
            self.progress.advance(pages)

    def on_start(self, index: int, job: Job) -> None:
        self.committer.on_start(index, job)

    def on_done(self, _index: int, job: Job, outcome: pool.Outcome) -> None:
        res = outcome.value if outcome.kind == pool.OK else None
        if res is not None and res.get("status") == OK and self.warned(job, res):
            atomic.discard(Path(p) for p in job.temps.values())
            self.record(job, FAILED, error=f"{res['warnings']} warning(s) (--fail-on-warnings)",
                        seconds=outcome.seconds)
            return
        self.record(job, **self.committer.finish(job, outcome))

    def warned(self, job: Job, res: dict) -> bool:
        """Print the input's warnings with --verbose; True when --fail-on-warnings fails it."""
        if self.opts.verbose:
            for text in res.get("warning_messages") or []:
                self.say(f"briefconv: {display(job.label)}: warning: {display(text)}")
        return self.opts.fail_on_warnings and bool(res.get("warnings"))

    def _skip_done(self, jobs: list[Job]) -> list[Job]:
        """Record planning failures and (with --resume) what an earlier run finished; the rest."""
        index = done_index(self.opts.report) if self.opts.resume else {}
        if self.opts.resume and self.opts.outdir and not is_url(self.opts.outdir):
            atomic.clean_temps(Path(self.opts.outdir))
        todo: list[Job] = []
        for job in jobs:
            found = find_done(job, index) if index else None
            if job.error:
                self.record(job, FAILED, error=job.error)
            elif found is not None and self.committer.restore(found[1]) is None:
                rec = found[0]
                self.record(job, SKIPPED, outputs=[job.outputs[f] for f in job.formats],
                            fmt=rec.get("format"), pages=rec.get("pages") or 0,
                            output_sha256={f: rec["output_sha256"][f] for f in job.formats})
            else:
                todo.append(job)
        return todo

    def run(self, jobs: list[Job], worker: Callable[[Job], dict] = convert_job) -> Summary:
        todo = self._skip_done(jobs)
        # biggest first: the long ones start early, so the workers finish together
        todo.sort(key=lambda j: -j.size)
        show = not self.opts.quiet and self.err.isatty() and len(todo) > 1
        self.progress = make_progress(len(todo), self.err, show)
        try:
            if todo:
                self._convert(todo, worker)
        except KeyboardInterrupt:
            self.summary.interrupted = True
            for job in todo:  # whatever was running: its temporaries go
                atomic.discard(Path(p) for p in job.temps.values())
        finally:
            self.committer.sync()
            self.report.close(fsync=self.opts.fsync != "none")
            self.progress.close()
        self.summary.seconds = time.monotonic() - self.started
        if not self.opts.quiet:
            print(f"briefconv: {self.summary.line()}", file=self.err, flush=True)
        return self.summary

    def _convert(self, todo: list[Job], worker: Callable[[Job], dict]) -> None:
        if self.opts.engine == "dask":
            from .dask_engine import run_on_cluster
            run_on_cluster(todo, self.opts, self.record, worker, on_tick=self.progress.draw if self.progress else None)
            return
        warm_up()
        pool.run(todo, worker, jobs=min(self.opts.jobs or pool.default_jobs(), len(todo)),
                 timeout=self.opts.timeout, on_start=self.on_start, on_done=self.on_done,
                 on_tick=self.progress.draw if self.progress else None,
                 quiet_children=not self.opts.debug, reuse=reusable)


def reusable(job: Job) -> bool:
    return job.reusable


def _check_options(opts: Options, inputs: list[str]) -> None:
    """Usage errors before anything is planned; the output directory made."""
    if opts.fsync not in FSYNC_POLICIES:
        raise UsageError(f"--fsync must be one of {', '.join(FSYNC_POLICIES)}")
    if opts.engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}")
    if opts.outdir is None and (len(opts.formats) != 1 or len(inputs) != 1):
        raise UsageError("-o - (stdout) takes exactly one input and one format (-t)")
    if opts.resume and not opts.report:
        raise UsageError("--resume needs --report FILE (the record of what is done)")
    if is_url(opts.outdir):
        pass  # an fsspec URL: directories are implicit
    elif opts.outdir is not None and os.path.exists(opts.outdir) and not os.path.isdir(opts.outdir):
        raise UsageError(f"-o {opts.outdir}: not a directory")
    if opts.engine == "dask":
        from .dask_engine import require_dask
        require_dask(opts)
    if opts.outdir is not None and not is_url(opts.outdir):
        try:
            os.makedirs(opts.outdir, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{opts.outdir}: cannot create output directory ({os_reason(e)})") from None


def run(inputs: list[str], opts: Options, *, stdin: Optional[bytes] = None,
        stderr: Optional[TextIO] = None, stdout_bin=None,
        worker: Callable[[Job], dict] = convert_job) -> Summary:
    """Plan and convert ``inputs``; messages go to ``stderr``; returns the Summary."""
    if opts.outdir is not None:
        opts = replace(opts, outdir=local_path(opts.outdir))
    _check_options(opts, inputs)
    jobs = plan(inputs, opts, stdin=stdin)
    if opts.report:
        report_real = os.path.realpath(opts.report)
        for job in jobs:
            if job.path and os.path.realpath(job.path) == report_real:
                raise UsageError(f"--report {opts.report} is also an input")
            if any(os.path.realpath(out) == report_real for out in job.outputs.values()):
                raise UsageError(f"--report {opts.report} is also an output")
    try:
        runner = Runner(opts, stderr or sys.stderr, stdout_bin)
    except OSError as e:
        raise OutputError(f"{opts.report}: cannot open report ({os_reason(e)})") from None
    return runner.run(jobs, worker)
