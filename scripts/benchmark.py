#!/usr/bin/env python3
"""One entry point for the benchmarks: speed and memory are measured here, never in tests.

    .venv/bin/python scripts/benchmark.py [text] [pdf] [batch] [memory]   (default: all four)

text   scripts/bench_text.py   text-path throughput, MB/s on one core
pdf    scripts/bench_pdf.py    per-file outcome, pages/s, peak memory, ratio to raw pdfplumber
batch  scripts/bench_batch.py  --jobs 1 against --jobs 2 over a directory of PDFs
memory scripts/bench_memory.py peak memory of generated briefs of 30, 300 and 1,000 pages

Each script takes its own options; run it directly to pass them.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = {"text": "bench_text.py", "pdf": "bench_pdf.py", "batch": "bench_batch.py",
           "memory": "bench_memory.py"}


def main(argv: list[str]) -> int:
    unknown = [a for a in argv if a not in SCRIPTS]
    if unknown:
        print(f"benchmark.py: unknown benchmark {unknown[0]!r} (choose from {', '.join(SCRIPTS)})",
              file=sys.stderr)
        return 2
    worst = 0
    for name in argv or list(SCRIPTS):
        print(f"## {name}", flush=True)
        worst = max(worst, subprocess.call([sys.executable, str(HERE / SCRIPTS[name])]))
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
