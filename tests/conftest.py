"""Shared fixtures: where ../shared is, the official DTD, the golden switch."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BRIEFCONV_SHARED", ROOT.parent / "shared"))
ARCHIVING_DTD = SHARED / "jats/archiving-1.4/dtd/JATS-archivearticle1-4-mathml3.dtd"
SAMPLE_GOLD = SHARED / "samples/gold/issi-iran-north-korea-2017.json"


def pytest_addoption(parser):
    parser.addoption("--regen-goldens", action="store_true", default=False,
                     help="rewrite golden files from the current output (review the diff!)")


@pytest.fixture
def golden(request) -> Callable[[Path, str], None]:
    """golden(path, text): the text must equal the golden file; with --regen-goldens the file
    is rewritten instead (review the diff before committing)."""
    regen = request.config.getoption("--regen-goldens")

    def check(path: Path, got: str) -> None:
        if regen:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(got, encoding="utf-8")
            return
        assert path.is_file(), f"no golden {path.name}: run pytest --regen-goldens and review it"
        assert got == path.read_text(encoding="utf-8"), \
            f"{path.name} differs from the output (pytest --regen-goldens, then review the diff)"
    return check


def pytest_collection_modifyitems(config, items):
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"{SHARED} not present")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def archiving_dtd():
    """The official JATS 1.4 Archiving DTD, loaded once (lxml.etree.DTD)."""
    if not ARCHIVING_DTD.is_file():
        pytest.skip("official JATS DTD not available")
    from lxml import etree
    return etree.DTD(str(ARCHIVING_DTD))


# ---------------------------------------------------------------- every shared PDF, once
# (one conversion per file per test run, shared by every corpus-wide check)


def _convert_one(path: str):
    import convert
    try:
        return path, convert.convert(path)
    except convert.BriefconvError:
        return path, None  # an encrypted or broken corpus file is the bad-input tests' business


@pytest.fixture(scope="session")
def shared_pdf_documents() -> dict:
    """{pdf path: Document} for every PDF in the shared samples and corpus, converted once
    with as many worker processes as there are CPUs (inputs that fail are left out)."""
    pdfs = sorted(str(p) for folder in (SHARED / "samples/pdf", SHARED / "corpus/pdf")
                  if folder.is_dir() for p in folder.glob("*.pdf"))
    if not pdfs:
        pytest.skip("no shared PDFs")
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        done = dict(pool.map(_convert_one, pdfs))
    return {path: doc for path, doc in done.items() if doc is not None}


@pytest.fixture(scope="session")
def corpus_documents(shared_pdf_documents) -> dict:
    """The corpus PDFs of shared_pdf_documents (no second conversion): {name: Document}."""
    docs = {Path(p).stem: d for p, d in shared_pdf_documents.items() if "/corpus/" in p}
    if not docs:
        pytest.skip("corpus PDFs not present")
    return docs


@pytest.fixture
def fake(monkeypatch):
    """The batch tests' stand-in conversion (batchgen.fake_convert/fake_render): inputs say
    by their text what to do (fail, hang, crash...)."""
    from batchgen import fake_convert, fake_render
    from convert import batch, pipeline
    monkeypatch.setattr(pipeline, "convert", fake_convert)
    monkeypatch.setattr(pipeline, "render", fake_render)
    monkeypatch.setattr(batch.runner, "warm_up", lambda: None)
