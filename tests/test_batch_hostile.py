"""Batch abort paths: whatever one input or the file system does, the batch completes, the
summary prints, the report has one complete line per input and no temporary is left."""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from batchgen import PYTHON, ROOT, run_cli, write_markdown
from convert import cli
from convert.batch import atomic

SUMMARY = "converted,"


def invoke(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def report_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def temporaries(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if atomic.is_temp_name(p.name)]


def test_a_file_name_that_is_not_utf8_converts_and_the_batch_reports_it(tmp_path):
    src = write_markdown(tmp_path / "in" / "good.md")
    bad = os.path.join(os.fsencode(tmp_path / "in"), b"bad\xffname.md")
    os.rename(os.fsencode(src), bad)
    r = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.jsonl"))
    assert r.returncode == 0, r.stderr
    (line,) = report_lines(tmp_path / "r.jsonl")
    assert line["status"] == "ok" and line["input"].endswith("bad\udcffname.md")
    assert b"1 converted" in r.stderr


def test_messages_escape_control_characters_in_file_names(tmp_path):
    weird = tmp_path / "in" / "a\nb\x1b[31m.md"
    weird.parent.mkdir()
    weird.write_bytes(b"")  # empty: fails, so its name is printed
    r = run_cli("convert", str(weird), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    failure = [x for x in lines if "empty" in x]
    assert len(failure) == 1 and "a\\nb\\x1b[31m.md" in failure[0]
    assert "\x1b" not in r.stderr.decode()


def test_a_full_report_file_system_loses_the_report_not_the_batch(tmp_path):
    write_markdown(tmp_path / "in" / "a.md")
    write_markdown(tmp_path / "in" / "b.md")
    r = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--report", "/dev/full")
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert "cannot write the report" in err and "2 converted" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{s}.{e}" for s in "ab" for e in ("json", "md", "xml"))


def test_an_output_file_system_that_refuses_writes_fails_each_input_not_the_batch(tmp_path, monkeypatch):
    write_markdown(tmp_path / "in" / "a.md")
    write_markdown(tmp_path / "in" / "b.md")

    def read_only(_pairs, **_kw):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(atomic, "commit", read_only)
    r = invoke("convert", tmp_path / "in", "-o", tmp_path / "out", "--report", tmp_path / "r.jsonl")
    assert r.exit_code == 1
    assert [x["status"] for x in report_lines(tmp_path / "r.jsonl")] == ["failed", "failed"]
    assert "Read-only file system" in r.output and "0 converted, 2 failed" in r.output
    assert not temporaries(tmp_path / "out")


def test_report_that_is_also_an_output_is_a_usage_error(tmp_path):
    src = write_markdown(tmp_path / "in" / "a.md")
    r = invoke("convert", src, "-o", tmp_path / "out", "--report", tmp_path / "out" / "a.json")
    assert r.exit_code == 2 and "also an output" in r.output


def test_resume_keeps_the_temporaries_of_a_live_run_and_removes_those_of_a_dead_one(tmp_path):
    src = write_markdown(tmp_path / "in" / "a.md")
    out = tmp_path / "out"
    out.mkdir()
    live = subprocess.Popen(["sleep", "30"])
    dead = subprocess.Popen(["true"])
    dead.wait()
    try:
        mine = out / f".x.json{atomic.TMP_MARK}{live.pid}-abcdef{atomic.TMP_SUFFIX}"
        stale = out / f".y.json{atomic.TMP_MARK}{dead.pid}-abcdef{atomic.TMP_SUFFIX}"
        mine.write_text("half")
        stale.write_text("half")
        r = invoke("convert", src, "-o", out, "--report", tmp_path / "r.jsonl", "--resume")
        assert r.exit_code == 0, r.output
        assert mine.exists() and not stale.exists()
    finally:
        live.kill()
        live.wait()


def test_a_fifo_among_the_inputs_is_skipped_with_a_line(tmp_path):
    write_markdown(tmp_path / "in" / "a.md")
    os.mkfifo(tmp_path / "in" / "pipe.md")
    r = run_cli("convert", str(tmp_path / "in"), "/dev/zero", "-o", str(tmp_path / "out"), timeout=60)
    err = r.stderr.decode()
    assert r.returncode == 1
    assert "pipe.md: not a regular file" in err and "/dev/zero: not a regular file" in err
    assert "1 converted, 2 failed" in err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_an_interruption_while_reading_stdin_exits_130_with_one_line(tmp_path, sig):
    proc = subprocess.Popen([PYTHON, "-m", "convert", "convert", "-", "-o", str(tmp_path / "out")],
                            cwd=ROOT, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)  # let it reach the read of stdin
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and err.decode().strip().splitlines()[-1] == "briefconv: interrupted"
