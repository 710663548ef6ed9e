"""End-to-end goldens: every input in samples/ against tests/golden/samples/.

`pytest --regen-goldens` rewrites tests/golden/samples/ from the current output;
review the diff before committing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import convert

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXPECTED = Path(__file__).parent / "golden" / "samples"
INPUTS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".md", ".txt", ".pdf"))
FORMATS = {"xml": convert.to_jats, "json": convert.to_json, "md": convert.to_markdown}


def test_samples_exist():
    assert len(INPUTS) >= 3, "samples/ should hold a few project-made inputs"


@pytest.mark.parametrize("src", INPUTS, ids=lambda p: p.name)
def test_sample_matches_golden(src, golden):
    doc = convert.convert(src, name=f"samples/{src.name}")
    for ext, write in FORMATS.items():
        golden(EXPECTED / f"{src.stem}.{ext}", write(doc))


@pytest.mark.parametrize("src", INPUTS, ids=lambda p: p.name)
def test_sample_jats_valid_under_official_dtd(src, archiving_dtd):
    xml = convert.to_jats(convert.convert(src))
    tree = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    assert archiving_dtd.validate(tree), archiving_dtd.error_log.filter_from_errors()[:3]


@pytest.mark.parametrize("src", INPUTS, ids=lambda p: p.name)
def test_sample_outputs_pass_project_validators(src, tmp_path):
    doc = convert.convert(src)
    for ext, write in FORMATS.items():
        out = tmp_path / f"{src.stem}.{ext}"
        out.write_text(write(doc), encoding="utf-8")
        assert convert.validate(out) == [], f"{out.name} invalid"
