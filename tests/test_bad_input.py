"""Bad inputs, each in a batch next to a good one: a clear one-line error or a conversion,
and nothing lost from the other file."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from batchgen import PARAGRAPH, brief_markdown, pdf_bytes, write_pdf
from convert import cli

ONE_LINE = re.compile(r"^briefconv: (?P<file>[^\n]+?): (?P<reason>[^\n]+)$")


def convert_with_good(tmp_path: Path, bad: Path, *extra: str) -> tuple[dict, str]:
    """Convert a good brief and ``bad`` in one batch; the record of ``bad`` and stderr."""
    good = write_pdf(tmp_path / "good" / "good.pdf", pages=2)
    report = tmp_path / "report.jsonl"
    r = CliRunner().invoke(cli.main, ["convert", str(good), str(bad), "-o", str(tmp_path / "out"),
                                      "--report", str(report), "--timeout", "120", *extra])
    assert "Traceback" not in r.output
    records = {rec["input"]: rec for rec in map(json.loads, report.read_text().splitlines())}
    assert records[str(good)]["status"] == "ok", records[str(good)]
    assert (tmp_path / "out" / "good.xml").stat().st_size > 0
    rec = records[str(bad)]
    assert r.exit_code == (0 if rec["status"] == "ok" else 1), r.output
    error_lines = [line for line in r.stderr.splitlines() if not line.startswith("briefconv: 1 ")
                   and " converted, " not in line]
    if rec["status"] == "ok":
        assert error_lines == []
        assert all(Path(p).stat().st_size > 0 for p in rec["outputs"])
    else:
        assert error_lines == [f"briefconv: {bad}: {rec['error']}"]
        assert ONE_LINE.match(error_lines[0])
        assert not list((tmp_path / "out").glob(Path(bad).stem + ".*"))
    return rec, r.stderr


def failed_with(rec: dict, *words: str) -> None:
    assert rec["status"] == "failed", rec
    assert any(w.lower() in rec["error"].lower() for w in words), rec["error"]


def test_zero_byte_pdf(tmp_path):
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    rec, _ = convert_with_good(tmp_path, bad)
    failed_with(rec, "empty", "not a pdf")


def test_zero_byte_text(tmp_path):
    bad = tmp_path / "empty.md"
    bad.write_bytes(b"")
    rec, _ = convert_with_good(tmp_path, bad)
    failed_with(rec, "empty")


def test_text_file_named_pdf(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text(brief_markdown())
    rec, _ = convert_with_good(tmp_path, bad)
    failed_with(rec, "not a pdf")


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_pdf(tmp_path, keep):
    data = pdf_bytes(3)
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(data[: int(len(data) * keep)])
    rec, _ = convert_with_good(tmp_path, bad)
    if rec["status"] == "failed":
        failed_with(rec, "damaged", "truncated", "corrupt", "no text", "cannot", "pdf")


def test_encrypted_pdf_without_password(tmp_path):
    bad = tmp_path / "locked.pdf"
    bad.write_bytes(pdf_bytes(1, user_password="s3cret"))
    rec, _ = convert_with_good(tmp_path, bad)
    failed_with(rec, "password", "encrypted")


def test_encrypted_pdf_with_wrong_password(tmp_path):
    bad = tmp_path / "locked.pdf"
    bad.write_bytes(pdf_bytes(1, user_password="s3cret"))
    rec, _ = convert_with_good(tmp_path, bad, "--password", "wrong")
    failed_with(rec, "password", "encrypted")


def test_encrypted_pdf_with_password(tmp_path):
    bad = tmp_path / "locked.pdf"
    bad.write_bytes(pdf_bytes(1, user_password="s3cret"))
    rec, _ = convert_with_good(tmp_path, bad, "--password", "s3cret")
    assert rec["status"] == "ok", rec
    assert "Water Policy Brief" in (tmp_path / "out" / "locked.md").read_text()


def test_image_only_pdf(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(pdf_bytes(2, image_only=True))
    rec, _ = convert_with_good(tmp_path, bad)
    failed_with(rec, "text layer", "no text", "ocr", "scan")


@pytest.mark.parametrize("name", ["garbage.bin", "garbage.txt", "garbage.pdf"])
def test_binary_garbage(tmp_path, name):
    bad = tmp_path / name
    bad.write_bytes(bytes(range(256)) * 64 + random.Random(7).randbytes(4096))
    rec, _ = convert_with_good(tmp_path, bad)
    failed_with(rec, "binary", "not a pdf", "not text")


def test_latin1_text(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(brief_markdown("Soci\u00e9t\u00e9 g\u00e9n\u00e9rale: r\u00e9sum\u00e9")
                    .encode("latin-1"))
    rec, _ = convert_with_good(tmp_path, bad)
    assert rec["status"] == "ok", rec
    assert "Soci\u00e9t\u00e9 g\u00e9n\u00e9rale" in (tmp_path / "out/latin1.md").read_text("utf-8")


def test_utf16_text_with_bom(tmp_path):
    bad = tmp_path / "utf16.md"
    bad.write_bytes(b"\xff\xfe" + brief_markdown("\u00dcber \u6c34 policy").encode("utf-16-le"))
    rec, _ = convert_with_good(tmp_path, bad)
    assert rec["status"] == "ok", rec
    assert "\u00dcber \u6c34 policy" in (tmp_path / "out/utf16.md").read_text("utf-8")


def test_a_single_one_megabyte_line(tmp_path):
    bad = tmp_path / "oneline.txt"
    words = (PARAGRAPH + " ") * (1_000_000 // (len(PARAGRAPH) + 1) + 1)
    bad.write_text(words[:1_000_000])
    rec, _ = convert_with_good(tmp_path, bad)
    assert rec["status"] == "ok", rec


def test_deeply_nested_json_model(tmp_path):
    bad = tmp_path / "deep.json"
    bad.write_text('{"schema_version": "1.0", "blocks": ' + "[" * 100_000 + "]" * 100_000 + "}")
    rec, _ = convert_with_good(tmp_path, bad)
    assert rec["status"] == "failed"
