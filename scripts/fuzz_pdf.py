#!/usr/bin/env python3
"""Structural mutations of real corpus PDFs through the whole command line, as an archive run
would meet them: object bodies swapped, reference loops, cross-reference tables removed,
objects duplicated, streams cut, bytes flipped.

    .venv/bin/python scripts/fuzz_pdf.py [--count 1000] [--jobs 2] [--seed 1] [--keep DIR]

The seeds are the corpus PDFs of at most MAX_SEED_PAGES pages and MAX_SEED_BYTES bytes in
``../shared/corpus/pdf``.  All mutants are converted by one ``briefconv convert DIR --jobs N
--report`` run; the table counts conversions, clean one-line failures, internal errors,
tracebacks, hangs (killed at the timeout), aborted batches and the peak worker memory.
Exit status 1 when any of internal errors, tracebacks, hangs or aborts is not zero.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
BRIEFCONV = ROOT / ".venv" / "bin" / "briefconv"
MAX_SEED_PAGES = 12
MAX_SEED_BYTES = 2 << 20
TIMEOUT = 300           # the CLI default: only a real hang reaches it, not a busy machine
OBJ = re.compile(rb"(\d+) 0 obj\b(.*?)\bendobj", re.S)
REF = re.compile(rb"\b(\d+) 0 R\b")


def seeds() -> list[bytes]:
    import csv
    out = []
    with open(CORPUS.parent / "MANIFEST.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            path = CORPUS / f"{row['slug']}.pdf"
            pages = int(row["pages"]) if (row.get("pages") or "").isdigit() else 0
            if path.is_file() and 0 < pages <= MAX_SEED_PAGES and path.stat().st_size <= MAX_SEED_BYTES:
                out.append(path.read_bytes())
    return out


def swap_objects(data: bytes, rng: random.Random) -> bytes:
    objs = list(OBJ.finditer(data))
    if len(objs) < 2:
        return flip_bytes(data, rng)
    a, b = sorted(rng.sample(objs, 2), key=lambda m: m.start())
    return (data[:a.start(2)] + b.group(2) + data[a.end(2):b.start(2)] + a.group(2) + data[b.end(2):])


def reference_loop(data: bytes, rng: random.Random) -> bytes:
    """Point an object's first reference at the object itself (or a ring of two)."""
    objs = list(OBJ.finditer(data))
    if not objs:
        return flip_bytes(data, rng)
    m = rng.choice(objs)
    body = m.group(2)
    ref = REF.search(body)
    if not ref:
        return data[:m.start(2)] + b" " + m.group(1) + b" 0 R " + data[m.end(2):]
    body = body[:ref.start()] + m.group(1) + b" 0 R" + body[ref.end():]
    return data[:m.start(2)] + body + data[m.end(2):]


def drop_xref(data: bytes, rng: random.Random) -> bytes:
    for keyword in (b"startxref", b"xref", b"trailer"):
        data = data.replace(keyword, b"x" * len(keyword), rng.choice((1, 2)))
    return data


def duplicate_object(data: bytes, rng: random.Random) -> bytes:
    objs = list(OBJ.finditer(data))
    if not objs:
        return flip_bytes(data, rng)
    m = rng.choice(objs)
    at = rng.randrange(len(data))
    return data[:at] + b"\n" + m.group(0) + b"\n" + data[at:]


def cut_stream(data: bytes, rng: random.Random) -> bytes:
    starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    if not starts:
        return flip_bytes(data, rng)
    s = rng.choice(starts)
    return data[:s + rng.randrange(1, 64)] + data[s + rng.randrange(64, 4096):]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randrange(1, 50)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data) // 10, len(data))]


MUTATIONS = [swap_objects, reference_loop, drop_xref, duplicate_object, cut_stream, flip_bytes, truncate]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the mutants and outputs here")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    bases = seeds()
    work = args.keep or Path(tempfile.mkdtemp(prefix="fuzz-pdf."))
    (work / "in").mkdir(parents=True, exist_ok=True)
    kinds = {}
    for n in range(args.count):
        mutate = MUTATIONS[n % len(MUTATIONS)]
        name = f"m{n:04d}-{mutate.__name__}.pdf"
        (work / "in" / name).write_bytes(mutate(rng.choice(bases), rng))
        kinds[name] = mutate.__name__
    report = work / "report.jsonl"
    run = subprocess.run([str(BRIEFCONV), "convert", str(work / "in"), "-o", str(work / "out"), "-t", "jats",
                          "--jobs", str(args.jobs), "--timeout", str(TIMEOUT), "--report", str(report), "-q"],
                         capture_output=True, text=True)
    lines = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()] if report.exists() else []
    outcome: Counter = Counter()
    for rec in lines:
        error = rec.get("error") or ""
        outcome["converted" if rec["status"] == "ok" else
                "internal error" if error.startswith("internal error") else
                "hang (killed at the timeout)" if error.startswith("timed out") else "clean failure"] += 1
    peak = max((rec.get("peak_rss_mb") or 0 for rec in lines), default=0)
    aborted = int(run.returncode not in (0, 1) or len(lines) != args.count)
    tracebacks = run.stderr.count("Traceback")
    print("| mutants | seeds | converted | clean failures | internal errors | tracebacks | hangs | "
          "aborted batches | peak worker MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {args.count} | {len(bases)} | {outcome['converted']} | {outcome['clean failure']} | "
          f"{outcome['internal error']} | {tracebacks} | {outcome['hang (killed at the timeout)']} | "
          f"{aborted} | {peak:.0f} |")
    for rec in lines:
        if (rec.get("error") or "").startswith(("internal error", "timed out")):
            print(f"  {Path(rec['input']).name}: {rec['error'][:160]}")
    bad = outcome["internal error"] + tracebacks + outcome["hang (killed at the timeout)"] + aborted
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
