#!/usr/bin/env python
"""Batch throughput: ``briefconv convert --jobs 1`` against ``--jobs N`` (default 2).

    python scripts/bench_batch.py [--shared ../shared] [--jobs 2] [--repeat 1] [INPUT...]

Inputs default to ``SHARED/corpus/pdf`` and ``SHARED/samples/pdf``.  Each run
writes into a fresh temporary directory (nothing lands in the repo) with a
``--report``; files, pages and wall time come from there.  Prints files/s,
pages/s and the speed-up (target on a 2-core machine: >= 1.7x).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(inputs: list[str], jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="briefconv-bench-") as tmp:
        report = Path(tmp) / "report.jsonl"
        cmd = [sys.executable, "-m", "convert", "convert", *inputs, "-o", str(Path(tmp) / "out"),
               "--jobs", str(jobs), "--report", str(report), "--quiet"]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True)
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            sys.exit(f"briefconv exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
        recs = [json.loads(line) for line in report.read_text().splitlines()]
    ok = [r for r in recs if r["status"] == "ok"]
    return {"jobs": jobs, "seconds": seconds, "files": len(recs), "ok": len(ok),
            "failed": len(recs) - len(ok), "pages": sum(r["pages"] for r in ok),
            "cpu_seconds": sum(r["seconds"] for r in recs),
            "worker_cpu": sum(r.get("cpu_seconds") or 0 for r in recs),
            "longest": max((r["seconds"], r["input"]) for r in recs),
            "load": os.getloadavg()[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--shared", default=os.environ.get("BRIEFCONV_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--jobs", type=int, default=2, help="the parallel run's --jobs")
    ap.add_argument("--repeat", type=int, default=1, help="runs per setting; the fastest counts")
    args = ap.parse_args()
    inputs = args.inputs or [str(Path(args.shared) / "corpus/pdf"), str(Path(args.shared) / "samples/pdf")]
    results = {}
    for jobs in (1, args.jobs):
        runs = [run_once(inputs, jobs) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        results[jobs] = best
        print(f"--jobs {jobs}: {best['files']} files ({best['ok']} ok, {best['failed']} failed), "
              f"{best['pages']} pages in {best['seconds']:.1f} s: "
              f"{best['ok'] / best['seconds']:.2f} files/s, {best['pages'] / best['seconds']:.1f} pages/s "
              f"(sum of per-file wall times {best['cpu_seconds']:.1f} s, of worker CPU "
              f"{best['worker_cpu']:.1f} s; longest file "
              f"{best['longest'][0]:.1f} s; load average {best['load']:.1f})")
    speedup = results[1]["seconds"] / results[args.jobs]["seconds"]
    serial = results[1]["cpu_seconds"]
    # no schedule beats the longest single file, nor the total work spread over the workers
    bound = serial / max(serial / args.jobs, results[1]["longest"][0])
    print(f"speed-up --jobs {args.jobs} vs --jobs 1: {speedup:.2f}x on {os.cpu_count()} CPUs "
          f"(best possible with these files: {bound:.2f}x; longest: {results[1]['longest'][1]})")
    if max(r["load"] for r in results.values()) > os.cpu_count():
        print("warning: the machine was busy (load average above the CPU count); rerun when idle")


if __name__ == "__main__":
    main()
