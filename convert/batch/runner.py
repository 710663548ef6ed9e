"""Running a planned batch: inputs converted in killable workers (:mod:`.pool`), outputs
committed atomically, every outcome reported and counted."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, TextIO, Union

from ..errors import OutputError, UsageError
from . import atomic, pool
from .plan import Job, Options, display, os_reason, plan
from .bar import TqdmProgress, make_progress
from .progress import Progress
from .report import FAILED, OK, SKIPPED, Report, is_done, read_report
from .worker import convert_job, warm_up

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
        self.stdout_bin = stdout_bin
        self.summary = Summary()
        self.report = Report(opts.report, append=opts.resume)
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
            self.say(f"briefconv: {display(job.label)}: {display(error or '')}")
        had_report = self.report.fd is not None
        self.report.write({"input": job.label, "sha256": job.sha256, "status": status,
                           "error": error, "outputs": list(outputs), "format": fmt,
                           "pages": pages, "warnings": warnings, "seconds": round(seconds, 3),
                           "cpu_seconds": (usage or {}).get("cpu_seconds"),
                           "peak_rss_mb": (usage or {}).get("peak_rss_mb")})
        if had_report and self.report.failure:
            self.say(f"briefconv: {display(self.opts.report or '')}: cannot write the report "
                     f"({self.report.failure}); converting goes on without it")
        if self.progress is not None:
            self.progress.advance(pages)

    def on_start(self, _index: int, job: Job) -> None:
        try:
            for fmt, out in job.outputs.items():
                os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
                job.temps[fmt] = str(atomic.temp_name_for(Path(out)))
        except OSError as e:  # the child sees job.error and stops at once
            job.error = f"cannot create output directory ({os_reason(e)})"

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
        if self.warned(job, res):
            atomic.discard(temps)
            self.record(job, FAILED, error=f"{res['warnings']} warning(s) (--fail-on-warnings)",
                        seconds=outcome.seconds, usage=res)
            return
        try:
            if job.temps:
                atomic.commit((Path(job.temps[f]), Path(job.outputs[f])) for f in job.formats)
            elif self.stdout_bin is not None:
                self.stdout_bin.write(res["text"].encode("utf-8"))
                self.stdout_bin.flush()
        except OSError as e:
            atomic.discard(temps)
            self.record(job, FAILED, error=f"cannot write output ({os_reason(e)})",
                        seconds=outcome.seconds)
            return
        self.record(job, OK, outputs=[job.outputs[f] for f in job.formats if f in job.outputs],
                    fmt=res["format"], pages=res["pages"], warnings=res["warnings"],
                    seconds=outcome.seconds, usage=res)

    def warned(self, job: Job, res: dict) -> bool:
        """Print the input's warnings with --verbose; True when --fail-on-warnings fails it."""
        if self.opts.verbose:
            for text in res.get("warning_messages") or []:
                self.say(f"briefconv: {display(job.label)}: warning: {display(text)}")
        return self.opts.fail_on_warnings and bool(res.get("warnings"))

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
        self.progress = make_progress(len(todo), self.err, show)
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
            self.progress.close()
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
            raise OutputError(f"{opts.outdir}: cannot create output directory ({os_reason(e)})") from None
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
