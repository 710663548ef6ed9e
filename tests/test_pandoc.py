"""pandoc reads our outputs: the Markdown front matter in pandoc's own vocabulary (title,
subtitle, author, institute, date, lang, abstract) and the JATS front and body.  Runs with
the pandoc on PATH (Debian's package will do); skipped where there is none."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from convert import model as m
from convert.extract.json import read_json
from convert.write.jats import write_jats
from convert.write.markdown import write_markdown

GOLDEN = Path(__file__).parent / "golden"
# our sample outputs and the writers' model cases, as their JSON (the document model)
MODELS = sorted([*GOLDEN.glob("samples/*.json"), *GOLDEN.glob("writers/*.model.json")])
PANDOC = shutil.which("pandoc")
pytestmark = pytest.mark.skipif(PANDOC is None, reason="pandoc not installed")


def pandoc(text: str, *args: str) -> str:
    out = subprocess.run([PANDOC, *args], input=text, capture_output=True, text=True, timeout=120, check=True)
    return out.stdout


def stringify(node) -> str:
    """pandoc's own stringify, on its JSON: the text of inlines and blocks."""
    if isinstance(node, list):
        return "".join(stringify(x) for x in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Para", "Plain"):
        return stringify(content) + " "
    if kind in ("Note", "RawInline"):
        return ""
    if kind in ("Link", "Span", "Image"):
        return stringify(content[1])
    if kind == "Quoted":
        return '"' + stringify(content[1]) + '"'
    return stringify(content)


# pandoc's "smart" typography turns straight quotes curly and "..." into an ellipsis
SMART = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})


def norm(s: str) -> str:
    return " ".join(s.translate(SMART).split())


def load(path: Path) -> m.Document:
    return read_json(path.read_text(encoding="utf-8"))


def meta_of(output: str) -> dict:
    return json.loads(output)["meta"]


def names(doc: m.Document) -> list[str]:
    return [" ".join(x for x in (c.given_names, c.surname) if x) or c.printed for c in doc.authors]


def abstract_text(doc: m.Document) -> str:
    return norm(" ".join(m.plain_text(p.content) for p in doc.abstract))


def _with_markers(content: list) -> str:
    """Inline text with each footnote marker's label where it stands (JATS xref text)."""
    out = []
    for node in content:
        if isinstance(node, m.Text):
            out.append(node.text)
        elif isinstance(node, m.FootnoteRef):
            out.append(node.label)
        elif hasattr(node, "children"):
            out.append(_with_markers(node.children))
    return "".join(out)


def abstract_text_with_markers(doc: m.Document) -> str:
    """The abstract as pandoc reads it from JATS: a marker's xref keeps its label as text."""
    return norm(" ".join(_with_markers(p.content) for p in doc.abstract))


def count(node, kind: str) -> int:
    if isinstance(node, list):
        return sum(count(x, kind) for x in node)
    if isinstance(node, dict):
        return (node.get("t") == kind) + count(node.get("c"), kind)
    return 0


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_pandoc_reads_every_front_matter_field_of_our_markdown(path):
    doc = load(path)
    meta = meta_of(pandoc(write_markdown(doc), "-f", "markdown", "-t", "json", "-s"))
    md = doc.metadata
    assert norm(stringify(meta.get("title", {}))) == norm(md.title or "")
    assert norm(stringify(meta.get("subtitle", {}))) == norm(md.subtitle or "")
    authors = meta.get("author", {}).get("c", [])
    assert [norm(stringify(a)) for a in authors] == [norm(n) for n in names(doc)]
    assert norm(stringify(meta.get("date", {}))) == (md.date.iso if md.date else "")
    assert norm(stringify(meta.get("abstract", {}))) == abstract_text(doc)
    institutes = [norm(stringify(a)) for a in meta.get("institute", {}).get("c", [])]
    assert institutes == [norm(a) for a in dict.fromkeys(c.affiliation for c in doc.authors if c.affiliation)]


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_pandoc_standalone_html_shows_title_authors_date_and_abstract(path):
    doc = load(path)
    html = pandoc(write_markdown(doc), "-s", "-f", "markdown", "-t", "html", "--metadata", "pagetitle=x")
    header = html.split('id="title-block-header"', 1)[-1].split("</header>", 1)[0]
    shown = [text_of(a) for a in re.findall(r'<p class="author">(.*?)</p>', header, re.S)]
    assert shown == [norm(n) for n in names(doc)]  # names, never "true" (a mapping the template cannot show)
    if doc.metadata.title:
        assert norm(doc.metadata.title) in text_of(header)
    if doc.abstract:
        assert abstract_text(doc)[:60] in text_of(header)


def text_of(html: str) -> str:
    return norm(unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_pandoc_keeps_footnotes_of_our_markdown(path):
    doc = load(path)
    out = json.loads(pandoc(write_markdown(doc), "-f", "markdown", "-t", "json"))
    cited = {r.label for b in doc.blocks for r in refs(b)}
    assert count(out["blocks"], "Note") >= len([f for f in doc.footnotes if f.label in cited])


def refs(block) -> list[m.FootnoteRef]:
    found: list[m.FootnoteRef] = []

    def walk(x):
        if isinstance(x, m.FootnoteRef):
            found.append(x)
        for attr in ("content", "children", "blocks"):
            for y in getattr(x, attr, None) or []:
                walk(y)
        for item in getattr(x, "items", None) or []:
            for y in item:
                walk(y)
    walk(block)
    return found


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_pandoc_reads_title_authors_abstract_sections_and_footnotes_of_our_jats(path):
    doc = load(path)
    xml = write_jats(doc)
    out = json.loads(pandoc(xml, "-f", "jats", "-t", "json", "-s"))
    meta, md = out["meta"], doc.metadata
    title = md.title or md.subtitle
    assert norm(stringify(meta.get("title", {}))) == norm(title or "")
    if md.title and md.subtitle:  # pandoc 2.x prefixes ": " to the subtitle it reads
        assert norm(stringify(meta.get("subtitle", {}))).lstrip(": ") == norm(md.subtitle)
    authors = meta.get("author", {}).get("c", [])
    # pandoc 2.x reads <name> but not the text of <string-name> (a name only known as printed)
    want = [norm(n) if (c.given_names or c.surname) else "" for n, c in zip(names(doc), doc.authors)]
    assert [norm(stringify(a)) for a in authors] == want
    assert norm(stringify(meta.get("abstract", {}))) == abstract_text(doc)
    assert missing_sections(xml, out["blocks"]) == []
    text = norm(stringify(out["blocks"]))
    for fn in doc.footnotes:
        assert norm(m.plain_text(fn.content))[:60] in text


@pytest.mark.shared
@pytest.mark.slow
def test_pandoc_reads_the_front_matter_of_every_shared_pdf_output(shared_pdf_documents):
    """The same fields over every sample and corpus PDF: Markdown front matter in full, and
    from JATS what pandoc's JATS reader reads (title, names, abstract, sections)."""
    failures = {}
    for path, doc in shared_pdf_documents.items():
        md = doc.metadata
        meta = meta_of(pandoc(write_markdown(doc), "-f", "markdown", "-t", "json", "-s"))
        got = (norm(stringify(meta.get("title", {}))), norm(stringify(meta.get("subtitle", {}))),
               [norm(stringify(a)) for a in meta.get("author", {}).get("c", [])],
               norm(stringify(meta.get("date", {}))), norm(stringify(meta.get("abstract", {}))))
        want = (norm(md.title or ""), norm(md.subtitle or ""), [norm(n) for n in names(doc)],
                md.date.iso if md.date else "", abstract_text(doc))
        xml = write_jats(doc)
        out = json.loads(pandoc(xml, "-f", "jats", "-t", "json", "-s"))
        from_jats = (norm(stringify(out["meta"].get("title", {}))),
                     norm(stringify(out["meta"].get("abstract", {}))), missing_sections(xml, out["blocks"]))
        want_jats = (norm(md.title or md.subtitle or ""), abstract_text_with_markers(doc), [])
        if got != want or from_jats != want_jats:
            failures[Path(path).name] = [(g, w) for g, w in zip(got + from_jats, want + want_jats) if g != w][:2]
    assert failures == {}


def headers(node) -> list[str]:
    if isinstance(node, list):
        return [h for x in node for h in headers(x)]
    if isinstance(node, dict):
        own = [norm(stringify(node["c"][2]))] if node.get("t") == "Header" else []
        return own + headers(node.get("c"))
    return []


def missing_sections(xml: str, blocks) -> list[str]:
    """Section titles of our JATS that pandoc's blocks lack, in order (pandoc 2.x also makes
    headers of table parts, which are not counted against it)."""
    from lxml import etree
    root = etree.fromstring(xml.encode("utf-8"))
    titles = [norm("".join(t.itertext())) for t in root.iterfind(".//sec/title")]
    got, pos, missing = headers(blocks), 0, []
    for t in titles:
        try:
            pos = got.index(t, pos) + 1
        except ValueError:
            missing.append(t)
    return missing
