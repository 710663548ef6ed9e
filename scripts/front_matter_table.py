#!/usr/bin/env python3
"""Front matter found per policy document of the shared corpus (issue 11's table).

For every row of ``../shared/corpus/MANIFEST.tsv`` of kind report, brief, law or other,
the PDF is read (not normalised) and one line printed: the date (ISO), whether a
disclaimer was found, the series label, and the authors; the last line counts the
documents with each field.  It reports what was found, not whether it is right: compare
with the PDFs (or the gold files of ``../shared/corpus/gold-fields``) by eye.

usage: front_matter_table.py [CORPUS_DIR]
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from convert import pipeline
from convert.errors import BriefconvError

KINDS = {"report", "brief", "law", "other"}


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    rows = list(csv.DictReader(open(corpus / "MANIFEST.tsv", encoding="utf-8"), delimiter="\t"))
    counts = {"documents": 0, "authors": 0, "date": 0, "disclaimer": 0}
    for r in rows:
        if r["kind"] not in KINDS:
            continue
        counts["documents"] += 1
        try:
            doc = pipeline.read(str(corpus / "pdf" / f"{r['slug']}.pdf"))
        except BriefconvError as e:
            print(f"{r['slug'][:42]:42s} {r['kind']:7s} error: {e}")
            continue
        authors = "; ".join(f"{c.given_names} {c.surname}".strip() for c in doc.authors)
        date = doc.metadata.date.iso if doc.metadata.date else "-"
        disclaimer = "yes" if doc.disclaimer is not None else "-"
        counts["authors"] += bool(authors)
        counts["date"] += date != "-"
        counts["disclaimer"] += disclaimer == "yes"
        series = (doc.metadata.series or "-")[:20]
        print(f"{r['slug'][:42]:42s} {r['kind']:7s} date={date:10s} disclaimer={disclaimer:3s} "
              f"series={series:20s} authors={authors[:80]}")
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
