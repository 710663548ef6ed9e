#!/usr/bin/env python3
"""Throughput of the text path (extract_text + build_document + normalise), in MB/s of CPU time on one core.

usage: bench_text.py [FILE ...] [--mb N] [--repeat K]

Without files it uses the shared sample texts (../shared/samples) when present, else the
project's own tests/inputs/text.  Each input is repeated until it is about N MB (default 4),
as one long document, so per-document overheads do not flatter the figure; the time is
the best of K runs (default 3) of process CPU time.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.extract.roles import build_document  # noqa: E402
from convert.extract.text import detect_flavour, extract_text  # noqa: E402
from convert.normalise import normalise  # noqa: E402

DEFAULT_MB = 4.0
DEFAULT_REPEAT = 3


def inputs(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    shared = ROOT.parent / "shared" / "samples"
    if shared.is_dir():
        return sorted(shared.glob("*.md")) + sorted((shared / "text").glob("*"))
    return sorted((ROOT / "tests" / "inputs" / "text").glob("*"))


def main(argv: list[str]) -> int:
    mb, repeat = DEFAULT_MB, DEFAULT_REPEAT
    if "--mb" in argv:
        i = argv.index("--mb")
        mb = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = max(1, int(argv[i + 1]))
        argv = argv[:i] + argv[i + 2:]
    files = inputs(argv)
    total_bytes = 0
    total_time = 0.0
    for path in files:
        text = path.read_text(encoding="utf-8")
        flavour = detect_flavour(text)
        sep = "\n\n" if flavour == "markdown" else "\f"
        reps = max(1, int(mb * 1e6 / max(1, len(text.encode("utf-8")))))
        big = sep.join([text] * reps)
        size = len(big.encode("utf-8"))
        # CPU time of this process, best of a few runs: other jobs on a shared machine
        # (and the first run's cold caches) should not count against the code
        dt = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            normalise(build_document(extract_text(big, flavour)))
            dt = min(dt, time.process_time() - t0)
        total_bytes += size
        total_time += dt
        print(f"{path.name:60s} {flavour:10s} {size / 1e6:6.2f} MB {size / 1e6 / dt:7.2f} MB/s")
    print(f"overall: {total_bytes / 1e6 / total_time:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
