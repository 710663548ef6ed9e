#!/usr/bin/env python3
"""Benchmark and robustness check of the PDF path: both PDF readers side by side, in one run.

For every PDF under the given directories (default: ../shared/samples/pdf and
../shared/corpus/pdf) this runs, each in its own subprocess with a timeout:

* ``pdfium`` and ``pdfplumber``: the whole conversion (convert.convert and all three
  writers: JATS, JSON, Markdown) with that reader; the JATS is then checked against the
  official Archiving 1.4 DTD (outside the timing);
* ``pdftotext`` (poppler), ``pymupdf`` (PyMuPDF's plain text) and ``pymupdf4llm``
  (PyMuPDF4LLM's Markdown), where installed: the floors other tools set.

Each run reports CPU time (user + system of the process doing the work: a shared machine's
wall time means little) and wall time.  The table gives per file the outcome (ok / clear
error / crash / timeout), pages, CPU seconds per engine and the pdfium / pdfplumber speed-up;
the summary gives pages per CPU second (and per wall second) for every engine over the files
all of them read, and the ratio of the two readers.  A crash is anything other than a
one-line BriefconvError.

    .venv/bin/python scripts/bench_pdf.py [DIR_OR_PDF ...] [--timeout 300] [--out bench.md]
        [--engines pdfium,pdfplumber,pdftotext,pymupdf,pymupdf4llm]

``--memory`` instead measures peak memory of whole conversions of real pages: corpus
documents concatenated (with PDFium) into documents of ``--pages`` pages (default 100 and
1000), each converted in a fresh interpreter with each reader.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_DIRS = [SHARED / "samples/pdf", SHARED / "corpus/pdf"]
DTD = SHARED / "jats/archiving-1.4/dtd/JATS-archivearticle1-4-mathml3.dtd"
ENGINES = ("pdfium", "pdfplumber", "pdftotext", "pymupdf", "pymupdf4llm")
READERS = ("pdfium", "pdfplumber")
TARGET_SPEEDUP = 4.0          # pdfium over pdfplumber, pages per CPU second
MEMORY_PAGES = (100, 1000)
MEMORY_GROWTH_MIB = 20        # the most peak memory may grow from the smallest to the largest

WORKER = r'''
import io, json, resource, sys, time, traceback
engine, path, dtd = sys.argv[1], sys.argv[2], sys.argv[3]
out = {"engine": engine}
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
# imports are a fixed start-up cost, not conversion work: load them before timing
if engine in ("pdfium", "pdfplumber"):
    import convert, convert.extract.pdf, convert.recognise, convert.normalise, convert.write.jats
    import convert.write.json, convert.write.markdown, convert.extract.pdf.open.pdfium, convert.extract.pdf.open.plumber
    import pypdfium2, pdfplumber
elif engine == "pymupdf":
    import pymupdf
elif engine == "pymupdf4llm":
    import pymupdf, pymupdf4llm
data = open(path, "rb").read()
c0, w0 = cpu(), time.perf_counter()
try:
    if engine == "pymupdf":
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            out["pages"] = doc.page_count
            for page in doc:
                page.get_text()
        out["outcome"] = "ok"
    elif engine == "pymupdf4llm":
        pymupdf4llm.to_markdown(path)
        out["outcome"] = "ok"
    else:
        from convert.errors import BriefconvError
        try:
            doc = convert.convert(data, name=path, backend=engine)
            xml = convert.to_jats(doc)
            convert.to_json(doc)
            convert.to_markdown(doc)
            out["cpu"], out["wall"] = round(cpu() - c0, 3), round(time.perf_counter() - w0, 3)
            out["pages"] = doc.source.pages
            out["outcome"] = "ok"
            if dtd != "-":
                from lxml import etree
                tree = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(no_network=True, load_dtd=False))
                d = etree.DTD(dtd)
                out["valid"] = bool(d.validate(tree))
                if not out["valid"]:
                    out["dtd_error"] = str(list(d.error_log)[0].message)[:120]
        except BriefconvError as e:
            msg = str(e)
            out["outcome"] = "error" if msg and "\n" not in msg and "Traceback" not in msg else "crash"
            out["message"] = msg.replace("\n", " ")[:200]
except Exception as e:
    out["outcome"] = "crash"
    out["message"] = (type(e).__name__ + ": " + str(e)).replace("\n", " ")[:200]
    out["trace"] = traceback.format_exc()[-800:]
out.setdefault("cpu", round(cpu() - c0, 3))
out.setdefault("wall", round(time.perf_counter() - w0, 3))
out["rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print("BENCH " + json.dumps(out))
'''


def run(engine: str, path: Path, timeout: float) -> dict:
    if engine == "pdftotext":
        return run_pdftotext(path, timeout)
    dtd = str(DTD) if (engine == "pdfium" and DTD.is_file()) else "-"
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", WORKER, engine, str(path), dtd], capture_output=True,
                              text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "outcome": "timeout", "wall": round(time.perf_counter() - start, 1),
                "message": f"no result after {timeout:.0f}s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"engine": engine, "outcome": "crash", "message": f"exit {proc.returncode}: {tail}"[:200],
            "wall": round(time.perf_counter() - start, 1)}


def run_pdftotext(path: Path, timeout: float) -> dict:
    """poppler's pdftotext in a child process: its CPU time from the children's usage."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"engine": "pdftotext", "outcome": "timeout"}
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"engine": "pdftotext", "outcome": "ok" if proc.returncode == 0 else "error",
            "cpu": round(cpu, 3), "wall": round(time.perf_counter() - start, 3),
            "pages": proc.stdout.count(b"\f") or None}


def available(engine: str) -> bool:
    if engine in READERS:
        return True
    if engine == "pdftotext":
        return shutil.which("pdftotext") is not None
    module = "pymupdf4llm" if engine == "pymupdf4llm" else "pymupdf"
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0


def collect(args: list[str]) -> list[Path]:
    files: list[Path] = []
    for a in args or [str(d) for d in DEFAULT_DIRS]:
        p = Path(a)
        if p.is_dir():
            files.extend(sorted(p.glob("*.pdf")))
        elif p.is_file():
            files.append(p)
    return files


def _cell(r: dict) -> str:
    if not r:
        return ""
    return f"{r['cpu']:.2f}" if r.get("outcome") == "ok" and "cpu" in r else r.get("outcome", "")


def table(rows: list, engines: list[str]) -> list[str]:
    lines = ["| file | outcome | pages | " + " | ".join(f"{e} CPU s" for e in engines)
             + " | speed-up | peak RSS MiB | DTD valid | message |",
             "|---|---|---|" + "---|" * len(engines) + "---|---|---|---|"]
    for f, res in rows:
        conv = res["pdfium"]
        speedup = ""
        plumber = res.get("pdfplumber", {})
        if conv.get("outcome") == "ok" and plumber.get("outcome") == "ok" and conv["cpu"] > 0:
            speedup = f"{plumber['cpu'] / conv['cpu']:.1f}x"
        valid = {True: "yes", False: "NO: " + conv.get("dtd_error", "")}.get(conv.get("valid"), "")
        msg = conv.get("message", "").replace("|", "/")
        lines.append(f"| {f.name} | {conv['outcome']} | {conv.get('pages') or ''} | "
                     + " | ".join(_cell(res.get(e, {})) for e in engines)
                     + f" | {speedup} | {conv.get('rss_mib', '')} | {valid} | {msg} |")
    return lines


def summary(rows: list, engines: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for _, res in rows:
        counts[res["pdfium"]["outcome"]] = counts.get(res["pdfium"]["outcome"], 0) + 1
    both = [(f, res) for f, res in rows
            if all(res.get(e, {}).get("outcome") == "ok" for e in engines) and res["pdfium"].get("pages")]
    pages = sum(res["pdfium"]["pages"] for _, res in both)
    out = [f"**{len(rows)} files** ({', '.join(f'{k}: {v}' for k, v in sorted(counts.items()))}); "
           f"on the {len(both)} files every engine reads ({pages} pages):", "",
           "| engine | pages per CPU second | pages per wall second |", "|---|---|---|"]
    rate: dict[str, float] = {}
    for e in engines:
        cpu = sum(res[e]["cpu"] for _, res in both)
        wall = sum(res[e]["wall"] for _, res in both)
        rate[e] = pages / cpu if cpu else 0.0
        out.append(f"| {e} | {rate[e]:.1f} | {pages / wall if wall else 0:.1f} |")
    if rate.get("pdfplumber"):
        ratio = rate["pdfium"] / rate["pdfplumber"]
        out += ["", f"pdfium / pdfplumber: **{ratio:.2f}x** pages per CPU second "
                    f"(target ≥ {TARGET_SPEEDUP:.0f}x: {'met' if ratio >= TARGET_SPEEDUP else 'NOT met'})"]
    invalid = [f.name for f, res in rows if res["pdfium"].get("valid") is False]
    out.append(f"JATS invalid under the Archiving 1.4 DTD: {len(invalid)}" + (f" ({', '.join(invalid)})" if invalid else ""))
    return out


# ---------------------------------------------------------------- memory over real pages

MEMORY_CHILD = r'''
import resource, sys
import convert
doc = convert.convert(sys.argv[1], backend=sys.argv[2])
for write in (convert.to_jats, convert.to_json, convert.to_markdown):
    write(doc)
print(doc.source.pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'''


def concatenated(sources: list[Path], pages: int, path: Path) -> int:
    """Corpus documents one after another (repeated as needed) into a PDF of ``pages`` pages."""
    import pypdfium2 as pdfium
    out = pdfium.PdfDocument.new()
    readable = []
    for src in sources:
        try:
            readable.append(pdfium.PdfDocument(str(src)))
        except pdfium.PdfiumError:
            continue
    k = 0
    while len(out) < pages and readable:
        doc = readable[k % len(readable)]
        take = min(len(doc), pages - len(out))
        out.import_pages(doc, list(range(take)))
        k += 1
    out.save(str(path))
    return len(out)


def memory(sizes: list[int], readers: list[str]) -> int:
    sources = [p for p in collect([str(SHARED / "corpus/pdf")])
               if not p.name.startswith(("awkward-", "scanned-"))]
    print("| reader | pages | CPU s | pages per CPU second | peak RSS MiB |")
    print("|---|---|---|---|---|")
    peaks: dict[str, list[float]] = {r: [] for r in readers}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"real-{n}.pdf"
            got = concatenated(sources, n, path)
            for reader in readers:
                import resource
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                proc = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(path), reader],
                                      capture_output=True, text=True, cwd=ROOT)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                if proc.returncode != 0:
                    print(f"| {reader} | {got} | failed: {proc.stderr.strip().splitlines()[-1:]} | | |")
                    continue
                pages, kib = (int(x) for x in proc.stdout.split()[-2:])
                peaks[reader].append(kib / 1024)
                print(f"| {reader} | {pages} | {cpu:.1f} | {pages / cpu:.1f} | {kib / 1024:.0f} |", flush=True)
    worst = 0.0
    for reader, p in peaks.items():
        if len(p) >= 2:
            growth = p[-1] - p[0]
            worst = max(worst, growth)
            print(f"{reader}: peak memory grows {growth:.0f} MiB from {sizes[0]} to {sizes[-1]} pages "
                  f"(target < {MEMORY_GROWTH_MIB} MiB)")
    return 0 if worst < MEMORY_GROWTH_MIB else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--engines", default=",".join(ENGINES),
                    help="comma-separated; those not installed are left out")
    ap.add_argument("--memory", action="store_true", help="peak memory over concatenated real pages instead")
    ap.add_argument("--pages", type=int, nargs="*", default=list(MEMORY_PAGES))
    a = ap.parse_args(argv)
    if a.memory:  # --engines pdfium measures that reader alone
        return memory(a.pages, [r for r in READERS if r in a.engines.split(",")] or list(READERS))
    engines = [e for e in a.engines.split(",") if e in ENGINES and available(e)]
    for reader in READERS:  # the comparison this benchmark exists for
        if reader not in engines:
            engines.insert(READERS.index(reader), reader)
    files = collect(a.paths)
    rows = []
    for f in files:
        res = {e: run(e, f, a.timeout) for e in engines}
        rows.append((f, res))
        print(f"{f.name}: " + ", ".join(f"{e} {_cell(r)}" for e, r in res.items()), file=sys.stderr)
    missing = [e for e in ENGINES if e not in engines]
    text = "\n".join(table(rows, engines) + [""] + summary(rows, engines)
                     + ([f"not installed (left out): {', '.join(missing)}"] if missing else [])) + "\n"
    if a.out:
        a.out.write_text(text)
    print(text)
    bad = sum(1 for _, res in rows if res["pdfium"]["outcome"] in ("crash", "timeout"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
