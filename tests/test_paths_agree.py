"""The PDF and the text path give the same document for the same brief, provenance aside."""
from __future__ import annotations

import pytest

import convert
from convert import codec

pytestmark = pytest.mark.shared


def without_provenance(node):
    if isinstance(node, dict):
        return {k: without_provenance(v) for k, v in node.items()
                if k not in ("provenance", "front_provenance", "source", "furniture", "warnings")}
    if isinstance(node, list):
        return [without_provenance(v) for v in node]
    return node


@pytest.fixture(scope="module")
def text_version(shared_dir):
    return without_provenance(codec.document_to_dict(
        convert.convert(shared_dir / "samples/issi-iran-north-korea-2017.md")))


@pytest.mark.parametrize("layout", ["layout0", "layout2", "layout3", "layout14"])
def test_pdf_path_matches_text_path(shared_dir, text_version, layout):
    pdf = shared_dir / f"samples/pdf/issi-iran-north-korea-2017-{layout}.pdf"
    got = without_provenance(codec.document_to_dict(convert.convert(pdf)))
    for key in ("metadata", "contributors", "disclaimer", "abstract", "blocks", "footnotes"):
        assert got[key] == text_version[key], f"{layout}: {key} differs"
