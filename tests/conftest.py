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


@pytest.fixture(scope="session")
def corpus_documents() -> dict:
    """Every PDF of ../shared/corpus/pdf converted once for the whole session: {name: Document}
    (files the converter refuses, such as encrypted or scanned ones, are left out)."""
    folder = SHARED / "corpus" / "pdf"
    if not folder.is_dir():
        pytest.skip("corpus PDFs not present")
    import convert
    from convert.errors import BriefconvError
    docs = {}
    for path in sorted(folder.glob("*.pdf")):
        try:
            docs[path.stem] = convert.convert(path)
        except BriefconvError:
            continue
    return docs
