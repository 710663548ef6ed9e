#!/usr/bin/env python3
"""Throughput of the text path (extract_text + build_document + normalise), in MB/s of CPU time on one core.

usage: bench_text.py [FILE ...] [--mb N] [--repeat K]

Two figures per input: "core" (pipeline.read + pipeline.normalise of the text as UTF-8
bytes: extract_text + build_document + normalise, plus the decoding and hashing every
caller pays, and the GC pause those two functions take) and "end to end incl. writers"
(the same plus to_jats, to_json and to_markdown on the normalised document).

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

from convert.extract.text import detect_flavour  # noqa: E402
from convert.pipeline import normalise, read, to_jats, to_json, to_markdown  # noqa: E402

DEFAULT_MB = 4.0
DEFAULT_REPEAT = 3


def inputs(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    shared = ROOT.parent / "shared" / "samples"
    if shared.is_dir():
        return sorted(shared.glob("*.md")) + sorted((shared / "text").glob("*"))
    return sorted((ROOT / "tests" / "inputs" / "text").glob("*"))


def best_times(big: bytes, flavour: str, repeat: int) -> tuple[float, float]:
    """Best core time and best end-to-end time (core + the three writers) over ``repeat`` runs.

    CPU time of this process, best of a few runs: other jobs on a shared machine (and the
    first run's cold caches) should not count against the code.
    """
    core = e2e = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        doc = normalise(read(big, from_=flavour))
        t1 = time.process_time()
        to_jats(doc)
        to_json(doc)
        to_markdown(doc)
        t2 = time.process_time()
        core = min(core, t1 - t0)
        e2e = min(e2e, t2 - t0)
    return core, e2e


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
    core_time = 0.0
    e2e_time = 0.0
    print(f"{'input':60s} {'flavour':10s} {'size':>9s} {'core':>12s} {'end to end incl. writers':>26s}")
    for path in files:
        text = path.read_text(encoding="utf-8")
        flavour = detect_flavour(text)
        sep = "\n\n" if flavour == "markdown" else "\f"
        reps = max(1, int(mb * 1e6 / max(1, len(text.encode("utf-8")))))
        big = sep.join([text] * reps).encode("utf-8")
        size = len(big)
        core, e2e = best_times(big, flavour, repeat)
        total_bytes += size
        core_time += core
        e2e_time += e2e
        print(f"{path.name:60s} {flavour:10s} {size / 1e6:6.2f} MB {size / 1e6 / core:7.2f} MB/s "
              f"{size / 1e6 / e2e:21.2f} MB/s")
    print(f"overall: {total_bytes / 1e6 / core_time:.2f} MB/s")
    print(f"overall end to end incl. writers: {total_bytes / 1e6 / e2e_time:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
