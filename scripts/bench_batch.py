#!/usr/bin/env python
"""Batch throughput: ``briefconv convert --jobs 1`` against ``--jobs N`` (default 2), optionally
against another checkout of briefconv in the same run.

    python scripts/bench_batch.py [--shared ../shared] [--jobs 2] [--repeat 1] [INPUT...]
    python scripts/bench_batch.py --small 2000 --baseline ../main --repeat 2

Inputs default to ``SHARED/corpus/pdf`` and ``SHARED/samples/pdf``; ``--small N`` generates
N small text briefs (about 1 KB each) in a temporary directory instead.  ``--baseline DIR``
also runs the briefconv checkout in DIR (with DIR/.venv/bin/python), interleaved with this
one (baseline, ours, baseline, ours...), so that both see the same machine load.  Each run
writes into a fresh temporary directory (nothing lands in the repo) with a ``--report``;
files, pages and wall time come from there, CPU time (the batch process and all its
workers) from ``getrusage(RUSAGE_CHILDREN)``.  Prints files/s, pages/s and the ratios.
``--engine dask`` runs ours on a LocalCluster of ``--jobs`` worker processes started here.

``--kill N`` instead measures what ``kill -9`` of the batch process loses: N runs, each killed
at a random moment, then counted: report lines that are present, inputs whose outputs are all
in place but that have no line (lost lines: they are converted again by --resume), lines whose
outputs are missing or differ from their recorded hashes (false lines), and temporaries left.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent

WORDS = ("water agreement enforcement monitoring budget regional member states policy cooperation "
         "mandate reform council funding report evidence review").split()


def make_small(directory: Path, count: int) -> list[str]:
    """``count`` small plain-text briefs: a title, a byline, a heading and three paragraphs."""
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        paras = []
        for p in range(3):
            words = [WORDS[(i * 7 + p * 3 + k) % len(WORDS)] for k in range(40)]
            paras.append(" ".join(words).capitalize() + f" (brief {i}, point {p + 1}).")
        text = (f"Brief {i}: {WORDS[i % len(WORDS)].title()} Policy\n\nBy Jane Doe\n\n"
                f"Summary\n\n" + "\n\n".join(paras) + "\n")
        (directory / f"brief-{i:05d}.txt").write_text(text, encoding="utf-8")
    return [str(directory)]


def cpu_of_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_once(python: str, cwd: Path, inputs: list[str], jobs: int, extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="briefconv-bench-") as tmp:
        report = Path(tmp) / "report.jsonl"
        cmd = [python, "-m", "convert", "convert", *inputs, "-o", str(Path(tmp) / "out"),
               "--jobs", str(jobs), "--report", str(report), "--quiet", *extra]
        cpu0 = cpu_of_children()
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True)
        seconds = time.perf_counter() - start
        cpu = cpu_of_children() - cpu0
        if proc.returncode not in (0, 1):
            sys.exit(f"briefconv exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
        recs = [json.loads(line) for line in report.read_text().splitlines()]
    ok = [r for r in recs if r["status"] == "ok"]
    return {"jobs": jobs, "seconds": seconds, "cpu": cpu, "files": len(recs), "ok": len(ok),
            "failed": len(recs) - len(ok), "pages": sum(r["pages"] for r in ok),
            "sum_seconds": sum(r["seconds"] for r in recs),
            "worker_cpu": sum(r.get("cpu_seconds") or 0 for r in recs),
            "longest": max((r["seconds"], r["input"]) for r in recs),
            "load": os.getloadavg()[0]}


def describe(name: str, best: dict) -> str:
    return (f"{name} --jobs {best['jobs']}: {best['files']} files ({best['ok']} ok, {best['failed']} "
            f"failed), {best['pages']} pages in {best['seconds']:.1f} s wall, {best['cpu']:.1f} s CPU "
            f"({best['worker_cpu']:.1f} s in conversions, from the report): "
            f"{best['ok'] / best['seconds']:.1f} files/s, {best['pages'] / best['seconds']:.1f} pages/s "
            f"(longest file {best['longest'][0]:.2f} s; load average {best['load']:.1f})")


def kill_trials(inputs: list[str], jobs: int, trials: int) -> None:
    import hashlib
    import random
    import signal
    rng = random.Random(15)
    totals = {"lines": 0, "lost": 0, "false": 0, "temps": 0}
    for trial in range(trials):
        with tempfile.TemporaryDirectory(prefix="briefconv-kill-") as tmp:
            out, report = Path(tmp) / "out", Path(tmp) / "r.jsonl"
            proc = subprocess.Popen([sys.executable, "-m", "convert", "convert", *inputs, "-o", str(out),
                                     "--jobs", str(jobs), "--report", str(report), "-q"], cwd=ROOT,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(2.0, 8.0))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            time.sleep(0.2)  # the workers die with the batch (PR_SET_PDEATHSIG)
            recs = [json.loads(x) for x in report.read_text().splitlines()] if report.exists() else []
            lined = {Path(r["outputs"][0]).with_suffix("") for r in recs if r["status"] == "ok"}
            false = sum(1 for r in recs if r["status"] == "ok" and any(
                not Path(o).exists() or hashlib.sha256(Path(o).read_bytes()).hexdigest() != h
                for o, h in zip(r["outputs"], r["output_sha256"].values())))
            files = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
            temps = [p for p in files if ".briefconv-tmp-" in p.name]
            stems: dict[Path, int] = {}
            for p in files:
                if p not in temps:
                    stems[p.with_suffix("")] = stems.get(p.with_suffix(""), 0) + 1
            lost = sum(1 for stem, n in stems.items() if n == 3 and stem not in lined)
            print(f"trial {trial + 1}: {len(recs)} lines, {lost} lost, {false} false, {len(temps)} temporaries")
            for k, v in (("lines", len(recs)), ("lost", lost), ("false", false), ("temps", len(temps))):
                totals[k] += v
    print(f"kill -9 x {trials}: {totals['lines']} lines written, {totals['lost']} finished inputs without "
          f"a line, {totals['false']} lines without their outputs, {totals['temps']} temporaries left "
          f"(removed by --resume)")


def start_cluster(workers: int):
    from distributed import LocalCluster
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        dashboard_address=None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--shared", default=os.environ.get("BRIEFCONV_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--jobs", type=int, default=2, help="the parallel run's --jobs")
    ap.add_argument("--repeat", type=int, default=1, help="runs per setting; the fastest counts")
    ap.add_argument("--small", type=int, default=0, metavar="N", help="N generated small text files")
    ap.add_argument("--baseline", metavar="DIR", help="another briefconv checkout to compare with")
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--args", default="", help="more options for ours, e.g. '--fsync file'")
    ap.add_argument("--kill", type=int, default=0, metavar="N", help="N kill -9 trials instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefconv-bench-in-") as tmp:
        if args.small:
            inputs = make_small(Path(tmp) / "small", args.small)
        else:
            inputs = args.inputs or [str(Path(args.shared) / "corpus/pdf"),
                                     str(Path(args.shared) / "samples/pdf")]
        inputs = [os.path.abspath(i) for i in inputs]
        if args.kill:
            kill_trials(inputs, args.jobs, args.kill)
        else:
            bench(args, inputs)


def bench(args, inputs: list[str]) -> None:
    impls: list[tuple[str, str, Path]] = []
    if args.baseline:
        base = Path(args.baseline).resolve()
        impls.append(("baseline", str(base / ".venv/bin/python"), base))
    impls.append(("ours", sys.executable, ROOT))
    cluster = start_cluster(args.jobs) if args.engine == "dask" else None
    runs: dict[tuple[str, int], list[dict]] = {}
    try:
        for _ in range(args.repeat):
            for jobs in (1, args.jobs):
                for name, python, cwd in impls:  # interleaved: both see the same load
                    extra: list[str] = args.args.split() if name == "ours" else []
                    if cluster is not None and name == "ours" and jobs == args.jobs:
                        extra = extra + ["--engine", "dask", "--scheduler", cluster.scheduler_address]
                    runs.setdefault((name, jobs), []).append(run_once(python, cwd, inputs, jobs, extra))
    finally:
        if cluster is not None:
            cluster.close()
    best = {key: min(rs, key=lambda r: r["seconds"]) for key, rs in runs.items()}
    for (name, jobs), b in sorted(best.items()):
        print(describe(name + (" (dask LocalCluster)" if cluster is not None and name == "ours"
                               and jobs == args.jobs else ""), b))
    report_ratios(best, args.jobs, bool(args.baseline))


def report_ratios(best: dict, jobs: int, baseline: bool) -> None:
    ours1, oursn = best[("ours", 1)], best[("ours", jobs)]
    print(f"speed-up ours --jobs {jobs} vs --jobs 1: {ours1['seconds'] / oursn['seconds']:.2f}x wall "
          f"on {os.cpu_count()} CPUs")
    if baseline:
        for j in (1, jobs):
            b, o = best[("baseline", j)], best[("ours", j)]
            print(f"--jobs {j}: ours {b['seconds'] / o['seconds']:.2f}x faster than baseline in wall "
                  f"time, {b['cpu'] / max(o['cpu'], 1e-9):.2f}x less CPU")
    if max(r["load"] for r in best.values()) > (os.cpu_count() or 1):
        print("warning: the machine was busy (load average above the CPU count); ratios are noisy")


if __name__ == "__main__":
    main()
