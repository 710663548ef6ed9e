#!/usr/bin/env python3
"""Quality of the PDF path on the shared corpus, against independent Markdown editions.

For every row of ``../shared/corpus/MANIFEST.tsv`` whose ``gold_file`` names a ``.md``
gold, the PDF is converted and OUR Markdown body is compared with the gold Markdown.
The golds are other editions (the CRS HTML edition, docling's and pdf-to-markdown's
outputs), so 1.0 is not reachable: the numbers are for comparing runs and files.

Both sides are reduced to body text first: YAML front matter, footnote definitions
(``[^n]: ...``), footnote markers, link targets, bare URLs, HTML comments, emphasis,
table pipes, heading and list markers are stripped.  For CRS golds the web page's
chrome (product overview, version list, contents lists) and the footnote table are
cut away as well.  Words are NFKC-casefolded runs of letters/digits (so punctuation,
quotes and hyphens separate words the same way on both sides).

Columns (all per file; "means" is the unweighted mean over files that have a value):

* ``rec`` / ``prec``: bag-of-words (multiset) recall and precision of the gold body
  words among ours.  Lost text lowers recall; furniture or junk leaking into the body
  lowers precision.  Word order is ignored here.
* ``seq``: recall of the gold's word 4-grams among ours (again as multisets): local
  word order, so text run together from two columns, furniture or a marker left
  mid-sentence, or words split/glued by bad spacing or hyphenation lower it.
* ``pstart`` / ``pprec``: paragraph starts.  The first four words of every gold
  paragraph (headings excluded) found as the first four words of one of ours
  (recall: wrongly merged paragraphs lower it) and the converse (precision: wrongly
  split paragraphs lower it).
* ``head``: share of gold headings found among our headings (normalised text
  similarity >= HEADING_MATCH, or containment).  Gold headings are the gold's ``#``
  lines; CRS golds mark no body headings, so their contents list is used, or, without
  one, short stand-alone lines (marked ``~``: an estimate).
* ``fn``: our footnote count and the gold's, where the gold has footnotes; the score
  (averaged in the means) is min/max of the two, so too many counts like too few.
* ``title``: similarity of our title (metadata) to the gold's (first top-level heading
  run; for CRS the page title).

    .venv/bin/python scripts/corpus_quality.py [--out FILE] [--only SLUG ...] [--keep DIR]
                                               [--engine briefconv|pymupdf4llm]
"""
from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"

NGRAM = 4                 # word n-gram length for the order-aware recall
PARA_START_WORDS = 4      # words that identify a paragraph's start
HEADING_MATCH = 0.8       # normalised similarity for a heading or title to count as found
INFERRED_HEADING_MAX_WORDS = 12
TOC_SECTIONS = ("contents", "figures", "tables", "appendixes", "appendices")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_FN_REF = re.compile(r"\[\^[^\]]*\]:?")
_FN_DEF = re.compile(r"^\s{0,3}\[\^[^\]]+\]:")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_CRS_FN_ROW = re.compile(r"^\|\s*\d+\.\s*\|")


# ---------------------------------------------------------------- text normalisation


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def strip_inline(text: str) -> str:
    """Markdown inline syntax -> plain text."""
    text = _COMMENT.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _FN_REF.sub(" ", text)
    text = text.replace("\\", "")
    text = re.sub(r"[*_`]+", " ", text)
    text = text.replace("|", " ")
    return text


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)   # plain text, headings excluded
    headings: list[str] = field(default_factory=list)
    footnotes: int = 0
    title: str = ""
    inferred_headings: bool = False

    def words(self) -> list[str]:
        return [w for p in self.paragraphs + self.headings for w in words(p)]


def _drop_front_matter(lines: list[str]) -> list[str]:
    if lines and lines[0].strip() == "---":
        for k in range(1, len(lines)):
            if lines[k].strip() == "---":
                return lines[k + 1:]
    return lines


def _paragraphs(lines: list[str], body: Body) -> None:
    """Blank-line separated blocks -> body paragraphs and headings (lists: one per item)."""
    buf: list[str] = []

    def flush():
        if buf:
            text = strip_inline(" ".join(buf)).strip()
            if words(text):
                body.paragraphs.append(text)
            buf.clear()

    in_def = False
    for raw in lines:
        line = raw.rstrip()
        if _FN_DEF.match(line):
            flush()
            body.footnotes += 1
            in_def = True
            continue
        if in_def and (line.startswith("    ") or line.startswith("\t")):
            continue
        in_def = False
        if not line.strip() or re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", line):
            flush()
            continue
        m = _HEADING.match(line)
        if m:
            flush()
            text = strip_inline(m.group(2)).strip()
            if words(text):
                body.headings.append(text)
            continue
        line = re.sub(r"^\s*(?:>\s?)+", "", line)
        if _LIST.match(line) or line.lstrip().startswith("|"):
            flush()
            line = _LIST.sub("", line)
        buf.append(line)
    flush()


def _front_matter_abstract(md: str) -> list[str]:
    """Our Markdown keeps the abstract in the front matter (pandoc's `abstract:`); it is
    document text, so it is read as the first body lines, as when it was a block quote."""
    lines = md.splitlines()
    if not lines or lines[0].strip() != "---":
        return []
    import yaml
    end = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), 0)
    front = yaml.safe_load("\n".join(lines[1:end])) if end else None
    abstract = front.get("abstract") if isinstance(front, dict) else None
    return (abstract.splitlines() + [""]) if isinstance(abstract, str) else []


def parse_ours(md: str, title: Optional[str], footnotes: int) -> Body:
    lines = _front_matter_abstract(md) + _drop_front_matter(md.splitlines())
    body = Body(title=title or "")
    _paragraphs(lines, body)
    body.footnotes = footnotes  # from the model: definitions may be written otherwise
    return body


def _crs_body(lines: list[str]) -> tuple[list[str], list[str], int, str]:
    """CRS web edition: (body lines, contents-list headings, footnote count, title)."""
    title = next((_HEADING.match(l).group(2) for l in lines if _HEADING.match(l)), "")
    start = 0
    for k, l in enumerate(lines):
        if l.startswith("[Listen]("):
            start = next((j + 1 for j in range(k, len(lines)) if lines[j].strip() == "---"), k + 1)
            break
    rest = lines[start:]
    out: list[str] = []
    toc: list[str] = []
    fns = 0
    section = None
    for l in rest:
        m = _HEADING.match(l)
        if m and m.group(1) == "#":
            name = strip_inline(m.group(2)).strip().casefold()
            section = name if (name in TOC_SECTIONS or name == "footnotes") else None
            if section:
                continue
        if section in TOC_SECTIONS:
            if _LIST.match(l):
                if section in ("contents", "appendixes", "appendices"):
                    toc.append(strip_inline(_LIST.sub("", l)).strip())
                continue
            if not l.strip():
                continue
            section = None
        if section == "footnotes" and _CRS_FN_ROW.match(l):
            fns += 1
            continue
        if l.strip().startswith("Disclaimer:"):
            continue
        out.append(l)
    return out, toc, fns, title


def _inferred_headings(paragraphs: list[str]) -> list[str]:
    heads = []
    for p in paragraphs:
        ws = p.split()
        if (0 < len(ws) <= INFERRED_HEADING_MAX_WORDS and p[:1].isupper()
                and not p.rstrip().endswith((".", ",", ";", ":", "?", "!", ")", "\"", "”"))):
            heads.append(p)
    return heads


def parse_gold(md: str) -> Body:
    lines = md.splitlines()
    body = Body()
    if any(l.startswith("## CRS PRODUCT") for l in lines[:40]):
        lines, toc, fns, title = _crs_body(lines)
        _paragraphs(lines, body)
        body.title = title
        body.footnotes = fns
        if toc:
            body.headings = toc + body.headings
        else:
            inferred = _inferred_headings(body.paragraphs)
            body.paragraphs = [p for p in body.paragraphs if p not in inferred]
            body.headings += inferred
            body.inferred_headings = True
        return body
    lines = _drop_front_matter(lines)
    heads = [(len(m.group(1)), strip_inline(m.group(2)).strip())
             for m in map(_HEADING.match, lines) if m]
    _paragraphs(lines, body)
    if heads:
        top = min(h for h, _ in heads)
        run: list[str] = []
        seen_top = False
        for l in lines:
            m = _HEADING.match(l)
            if m and len(m.group(1)) == top:
                run.append(strip_inline(m.group(2)).strip())
                seen_top = True
            elif seen_top and l.strip():
                break
        body.title = " ".join(run)
    return body


# ---------------------------------------------------------------- scores


def bag_scores(gold: list[str], ours: list[str]) -> tuple[float, float]:
    g, o = Counter(gold), Counter(ours)
    common = sum((g & o).values())
    return (common / len(gold) if gold else float("nan"),
            common / len(ours) if ours else 0.0)


def ngram_recall(gold: list[str], ours: list[str], n: int = NGRAM) -> float:
    g = Counter(tuple(gold[i:i + n]) for i in range(len(gold) - n + 1))
    o = Counter(tuple(ours[i:i + n]) for i in range(len(ours) - n + 1))
    total = sum(g.values())
    return sum((g & o).values()) / total if total else float("nan")


def _starts(paragraphs: list[str]) -> list[tuple[str, ...]]:
    out = []
    for p in paragraphs:
        ws = words(p)
        if len(ws) >= PARA_START_WORDS:
            out.append(tuple(ws[:PARA_START_WORDS]))
    return out


def para_scores(gold: Body, ours: Body) -> tuple[float, float]:
    g, o = _starts(gold.paragraphs), _starts(ours.paragraphs)
    gs, os_ = set(g), set(o)
    rec = sum(1 for s in g if s in os_) / len(g) if g else float("nan")
    prec = sum(1 for s in o if s in gs) / len(o) if o else float("nan")
    return rec, prec


def similar(a: str, b: str) -> float:
    wa, wb = " ".join(words(a)), " ".join(words(b))
    if not wa or not wb:
        return 0.0
    if len(wa.split()) >= 2 and len(wb.split()) >= 2 and (wa in wb or wb in wa):
        return 1.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def heading_recall(gold: list[str], ours: list[str]) -> float:
    if not gold:
        return float("nan")
    found = sum(1 for g in gold if any(similar(g, o) >= HEADING_MATCH for o in ours))
    return found / len(gold)


# ---------------------------------------------------------------- corpus


@dataclass
class Row:
    slug: str
    outcome: str = "ok"
    rec: float = float("nan")
    prec: float = float("nan")
    seq: float = float("nan")
    pstart: float = float("nan")
    pprec: float = float("nan")
    head: float = float("nan")
    head_n: str = ""
    fn: str = ""
    fn_ratio: float = float("nan")
    title: float = float("nan")
    seconds: float = 0.0


def manifest_rows(corpus: Path) -> list[tuple[str, Path, Path]]:
    out = []
    with open(corpus / "MANIFEST.tsv", newline="", encoding="utf-8") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            golds = [g for g in (rec.get("gold_file") or "").split(";") if g.endswith(".md")]
            if not golds:
                continue
            pdf = corpus / "pdf" / f"{rec['slug']}.pdf"
            out.append((rec["slug"], pdf, corpus / "gold" / golds[0]))
    return out


BACKEND: Optional[str] = None  # --backend: which PDF reader our converter uses (None: its default)


def _ours(pdf: Path) -> tuple[str, str, Optional[int]]:
    """Our Markdown, title and footnote count."""
    import convert
    doc = convert.convert(pdf, backend=BACKEND)
    return convert.to_markdown(doc), doc.metadata.title or "", len(doc.footnotes)


def _pymupdf4llm(pdf: Path) -> tuple[str, str, Optional[int]]:
    """PyMuPDF4LLM's Markdown; its first heading as the title; it links no footnotes."""
    import pymupdf4llm
    md = pymupdf4llm.to_markdown(str(pdf), show_progress=False)
    title = next((_HEADING.match(l).group(2) for l in md.splitlines() if _HEADING.match(l)), "")
    return md, strip_inline(title), None


ENGINES = {"briefconv": _ours, "pymupdf4llm": _pymupdf4llm}


def measure(slug: str, pdf: Path, gold_path: Path, keep: Optional[Path], engine: str = "briefconv") -> Row:
    from convert.errors import BriefconvError
    row = Row(slug)
    t = time.perf_counter()
    try:
        md, title, n_footnotes = ENGINES[engine](pdf)
    except BriefconvError as e:
        row.outcome = "error: " + str(e).splitlines()[0][:60]
        return row
    except Exception as e:  # a crash is a finding, not a reason to stop measuring
        row.outcome = f"crash: {type(e).__name__}"
        return row
    row.seconds = time.perf_counter() - t
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{slug}.md").write_text(md, encoding="utf-8")
    gold = parse_gold(gold_path.read_text(encoding="utf-8"))
    ours = parse_ours(md, title, n_footnotes or 0)
    gw, ow = gold.words(), ours.words()
    row.rec, row.prec = bag_scores(gw, ow)
    row.seq = ngram_recall(gw, ow)
    row.pstart, row.pprec = para_scores(gold, ours)
    # the golds print the title as a heading; ours holds it in the metadata
    row.head = heading_recall(gold.headings, ours.headings + ([title] if title else []))
    if gold.headings:
        row.head_n = f"{len(gold.headings)}{'~' if gold.inferred_headings else ''}/{len(ours.headings)}"
    if gold.footnotes and n_footnotes is not None:
        row.fn = f"{ours.footnotes}/{gold.footnotes}"
        row.fn_ratio = min(ours.footnotes, gold.footnotes) / max(ours.footnotes, gold.footnotes, 1)
    if gold.title:
        row.title = similar(gold.title, ours.title)
    return row


def _f(x: float) -> str:
    return "" if x != x else f"{x:.3f}"


def _mean(xs: list[float]) -> float:
    xs = [x for x in xs if x == x]
    return sum(xs) / len(xs) if xs else float("nan")


METRICS = ("rec", "prec", "seq", "pstart", "pprec", "head", "fn_ratio", "title")


def table(rows: list[Row]) -> str:
    out = ["| file | outcome | rec | prec | seq | pstart | pprec | head | gold/our heads | fn ours/gold | fn | title | s |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r.slug} | {r.outcome} | {_f(r.rec)} | {_f(r.prec)} | {_f(r.seq)} | {_f(r.pstart)} | "
                   f"{_f(r.pprec)} | {_f(r.head)} | {r.head_n} | {r.fn} | {_f(r.fn_ratio)} | {_f(r.title)} | {r.seconds:.1f} |")
    means = {m: _mean([getattr(r, m) for r in rows]) for m in METRICS}
    out.append(f"| **mean** ({len(rows)} files) | {sum(r.outcome == 'ok' for r in rows)} ok | "
               f"{_f(means['rec'])} | {_f(means['prec'])} | {_f(means['seq'])} | {_f(means['pstart'])} | "
               f"{_f(means['pprec'])} | {_f(means['head'])} | | | {_f(means['fn_ratio'])} | "
               f"{_f(means['title'])} | |")
    worst = sorted((r for r in rows if r.outcome == "ok"), key=lambda r: (r.rec + r.prec + r.seq) / 3)[:5]
    out.append("")
    out.append("Worst by (rec + prec + seq) / 3: " + ", ".join(
        f"{r.slug} ({(r.rec + r.prec + r.seq) / 3:.3f})" for r in worst))
    return "\n".join(out) + "\n"


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, help="also write the table to this file")
    ap.add_argument("--only", nargs="*", help="slugs (or substrings of slugs) to measure")
    ap.add_argument("--keep", type=Path, help="write our Markdown outputs into this directory")
    ap.add_argument("--engine", choices=sorted(ENGINES), default="briefconv",
                    help="whose Markdown to score (pymupdf4llm when installed, for comparison)")
    ap.add_argument("--backend", choices=("pdfium", "pdfplumber"),
                    help="our converter's PDF reader (default: the converter's own default)")
    args = ap.parse_args(argv)
    global BACKEND
    BACKEND = args.backend
    if not (args.corpus / "MANIFEST.tsv").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    rows = []
    for slug, pdf, gold in manifest_rows(args.corpus):
        if args.only and not any(s in slug for s in args.only):
            continue
        if not pdf.is_file():
            rows.append(Row(slug, outcome="missing pdf"))
            continue
        rows.append(measure(slug, pdf, gold, args.keep, args.engine))
    text = table(rows)
    print(text, end="")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
