"""The batch runner: workers that hang or crash, atomic outputs, report, resume, kill -9.

Most tests swap ``pipeline.convert``/``render`` for a fake whose behaviour the
input's first word picks (HANG, SEGV, EXIT, OOM, BUG, BAD, SLOW...), so the
runner's machinery is tested without depending on the extractors; the workers
are forked, so the monkeypatched functions are what they run.  The kill -9 test
runs the real CLI on generated PDFs.
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from batchgen import (PYTHON, group_members, make_inputs, run_batch as run, run_cli, tree_files,
                      write_markdown, write_pdf)
from convert import batch
from convert.batch import atomic, pool
from convert.batch.progress import Progress, format_duration


# ---------------------------------------------------------------- the fake conversion


def report_lines(path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text().splitlines()]


def no_temps(root: Path) -> bool:
    return not [p for p in root.rglob("*") if atomic.is_temp_name(p.name)]


# ---------------------------------------------------------------- basic running


def test_converts_every_input_into_its_outputs(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.txt": "alpha", "b.md": "beta"})
    summary, err = run(ins, tmp_path / "out", jobs=2)
    assert (summary.converted, summary.failed, summary.pages) == (2, 0, 4)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "a.json", "a.md", "a.xml", "b.json", "b.md", "b.xml"]
    assert (tmp_path / "out/a.xml").read_text() == "jats: alpha\n"
    assert "2 converted, 0 failed, 0 skipped, 4 pages" in err


def test_summary_and_progress_are_quiet_when_asked(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.txt": "alpha"})
    _, err = run(ins, tmp_path / "out", quiet=True)
    assert err == ""


@pytest.mark.parametrize("word,reason", [
    ("HANG", "timed out after 1 s (worker killed)"),
    ("SEGV", "worker crashed: killed by SIGSEGV"),
    ("EXIT", "worker crashed: exited with status 3"),
    ("OOM", "memory limit exceeded (2,048 MB, --max-memory)"),
    ("BUG", "internal error: ValueError: a bug in a heuristic"),
    ("BAD", "not a brief"),
])
def test_a_failing_worker_costs_only_its_input(tmp_path, fake, word, reason):
    ins = make_inputs(tmp_path / "in", {f"{i}.txt": f"fine {i}" for i in range(4)})
    bad = make_inputs(tmp_path / "in", {"bad.txt": f"{word} input"})
    summary, err = run(ins + bad, tmp_path / "out", jobs=2, timeout=1,
                       report=str(tmp_path / "r.jsonl"))
    assert (summary.converted, summary.failed) == (4, 1)
    assert f"briefconv: {bad[0]}: {reason}" in err.splitlines()
    assert "Traceback" not in err
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{i}.{ext}" for i in range(4) for ext in ("xml", "json", "md"))
    rec = {r["input"]: r for r in report_lines(tmp_path / "r.jsonl")}[bad[0]]
    assert rec["status"] == "failed" and rec["error"] == reason and rec["outputs"] == []


def test_debug_shows_the_traceback(tmp_path, fake):
    bad = make_inputs(tmp_path / "in", {"bad.txt": "BUG here"})
    _, err = run(bad, tmp_path / "out", debug=True)
    assert "Traceback" in err and "ValueError: a bug in a heuristic" in err


def test_a_failure_in_one_format_leaves_no_output_for_that_input(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"x.txt": "MDFAIL please", "y.txt": "fine"})
    summary, err = run(ins, tmp_path / "out")
    assert summary.failed == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["y.json", "y.md", "y.xml"]
    assert f"briefconv: {ins[0]}: cannot write markdown" in err


def test_workers_run_in_parallel(tmp_path, fake):
    """Two SLOW inputs with two jobs: their worker lifetimes overlap (no timing threshold)."""
    spans = []
    ins = make_inputs(tmp_path / "in", {"a.txt": "SLOW a", "b.txt": "SLOW b"})

    def worker(job):
        start = time.time()
        result = batch.convert_job(job)
        return {**result, "span": (start, time.time(), os.getpid())}

    def on_done(_i, _item, outcome):
        spans.append(outcome.value["span"])

    jobs = batch.plan(ins, batch.Options(outdir=str(tmp_path / "out")))
    pool.run(jobs, worker, jobs=2, timeout=60, on_done=on_done)
    (s1, e1, p1), (s2, e2, p2) = spans
    assert p1 != p2 and s1 < e2 and s2 < e1


def test_pool_reports_values_and_exceptions_in_completion_order():
    seen = {}
    pool.run([1, 2, 0], lambda x: 10 // x, jobs=2, timeout=30,
             on_done=lambda i, item, o: seen.__setitem__(item, o))
    assert seen[1].kind == pool.OK and seen[1].value == 10
    assert seen[0].kind == pool.RAISED and seen[0].exception == "ZeroDivisionError"


def _sleep_long(_item):
    time.sleep(60)


def test_ctrl_c_while_a_worker_starts_stops_the_run_and_kills_that_worker(monkeypatch):
    started = []
    process_class = pool._mp_context().Process
    real_start = process_class.start

    def start_then_ctrl_c(self):
        real_start(self)
        started.append(self)
        os.kill(os.getpid(), signal.SIGINT)  # lands before the parent has registered the child

    monkeypatch.setattr(process_class, "start", start_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        pool.run([1], _sleep_long, jobs=1, timeout=None, on_done=lambda *a: None)
    assert len(started) == 1
    started[0].join(10)
    assert not started[0].is_alive(), "the child started under Ctrl-C was left running"
    assert not signal.pthread_sigmask(signal.SIG_BLOCK, []) & pool.STOP_SIGNALS, "the parent's mask is restored"


def _blocked_signals(_item):
    return sorted(signal.pthread_sigmask(signal.SIG_BLOCK, []))


def test_workers_run_with_the_stop_signals_unblocked():
    seen = []
    pool.run([1], _blocked_signals, jobs=1, timeout=30, on_done=lambda i, item, o: seen.append(o))
    assert seen[0].kind == pool.OK
    assert not set(seen[0].value) & pool.STOP_SIGNALS


def test_interrupt_kills_workers_and_leaves_no_temporaries(tmp_path, fake, monkeypatch):
    ins = make_inputs(tmp_path / "in", {"a.txt": "HANG a", "b.txt": "HANG b"})
    opts = batch.Options(outdir=str(tmp_path / "out"), jobs=2, timeout=None)
    jobs = batch.plan(ins, opts)
    runner = batch.Runner(opts, io.StringIO())
    calls = {"n": 0}

    def tick():
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt

    orig = pool.run
    monkeypatch.setattr(pool, "run", lambda *a, **k: orig(*a, **{**k, "on_tick": tick, "tick": 0.05}))
    summary = runner.run(jobs)
    assert summary.interrupted and summary.converted == 0
    assert no_temps(tmp_path / "out")
    assert not list((tmp_path / "out").iterdir())


# ---------------------------------------------------------------- report and resume


def test_report_has_one_line_per_input_with_the_documented_fields(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.txt": "alpha", "b.txt": "BAD one"})
    missing = str(tmp_path / "in/missing.txt")
    run(ins + [missing], tmp_path / "out", report=str(tmp_path / "r.jsonl"))
    lines = report_lines(tmp_path / "r.jsonl")
    assert len(lines) == 3
    for rec in lines:
        assert set(rec) == {"input", "sha256", "status", "error", "outputs", "format", "pages",
                            "warnings", "seconds", "cpu_seconds", "peak_rss_mb", "key", "output_sha256"}
    by = {r["input"]: r for r in lines}
    ok = by[ins[0]]
    import hashlib
    assert ok["output_sha256"] == {fmt: hashlib.sha256(Path(p).read_bytes()).hexdigest()
                                   for fmt, p in zip(("jats", "json", "md"), ok["outputs"])}
    assert by[ins[1]]["output_sha256"] is None and by[ins[1]]["key"] == batch.plan([ins[1]], batch.Options(
        outdir=str(tmp_path / "out")))[0].key
    assert ok["sha256"] == hashlib.sha256(b"alpha").hexdigest()
    assert ok["status"] == "ok" and ok["error"] is None and ok["pages"] == 2
    assert ok["warnings"] == 1 and ok["format"] == "plain" and ok["seconds"] >= 0
    assert ok["outputs"] == [str(tmp_path / "out/a.xml"), str(tmp_path / "out/a.json"),
                             str(tmp_path / "out/a.md")]
    assert by[ins[1]]["status"] == "failed" and by[ins[1]]["error"] == "not a brief"
    assert by[missing] == {**by[missing], "status": "failed", "error": "no such file",
                           "sha256": None}


def test_resume_skips_what_is_done_and_redoes_what_changed(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.txt": "alpha", "b.txt": "beta", "c.txt": "BAD gamma",
                                        "d.txt": "delta"})
    report = str(tmp_path / "r.jsonl")
    out = tmp_path / "out"
    run(ins, out, report=report)
    Path(ins[1]).write_text("beta changed")     # changed content: redo
    Path(ins[2]).write_text("gamma fixed")      # failed before: redo
    (out / "d.md").unlink()                     # an output gone: redo
    summary, _ = run(ins, out, report=report, resume=True)
    assert (summary.converted, summary.skipped, summary.failed) == (3, 1, 0)
    last = batch.read_report(report)
    assert last[ins[0]]["status"] == "skipped"
    assert {last[i]["status"] for i in ins[1:]} == {"ok"}
    assert (out / "b.xml").read_text() == "jats: beta changed\n"
    # and once more: everything is done
    summary, _ = run(ins, out, report=report, resume=True)
    assert (summary.converted, summary.skipped) == (0, 4)


def test_resume_redoes_inputs_when_the_formats_change(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.txt": "alpha"})
    report = str(tmp_path / "r.jsonl")
    run(ins, tmp_path / "out", report=report, formats=("jats",))
    summary, _ = run(ins, tmp_path / "out", report=report, resume=True, formats=("jats", "md"))
    assert summary.converted == 1 and (tmp_path / "out/a.md").exists()


def test_resume_tolerates_a_torn_report_line_and_cleans_temporaries(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.txt": "alpha", "b.txt": "beta"})
    report = tmp_path / "r.jsonl"
    out = tmp_path / "out"
    run(ins, out, report=str(report))
    with open(report, "ab") as f:
        f.write(b'{"input": "torn')
    leftover = atomic.temp_name_for(out / "a.xml")
    leftover.write_bytes(b"half")
    summary, _ = run(ins, out, report=str(report), resume=True)
    assert summary.skipped == 2 and not leftover.exists()
    last = json.loads(report.read_text().splitlines()[-1])  # appended on a fresh line
    assert last["status"] == "skipped"


def test_without_resume_the_report_starts_afresh(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.txt": "alpha"})
    report = str(tmp_path / "r.jsonl")
    run(ins, tmp_path / "out", report=report)
    run(ins, tmp_path / "out", report=report)
    assert len(report_lines(report)) == 1


def test_resume_needs_a_report(tmp_path, fake):
    with pytest.raises(batch.UsageError):
        run([], tmp_path / "out", resume=True)


# ---------------------------------------------------------------- planning: names and places


def test_directories_are_walked_and_mirrored_under_out(tmp_path, fake):
    make_inputs(tmp_path / "in", {"a.pdf": "%PDF-x", "sub/b.md": "b", "sub/deep/c.txt": "c",
                                  "sub/ignored.docx": "x", ".hidden/d.md": "d",
                                  "sub/.e.md": "e"})
    summary, _ = run([tmp_path / "in"], tmp_path / "out", formats=("jats",))
    assert summary.converted == 3
    got = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.xml"))
    assert got == ["a.xml", "sub/b.xml", "sub/deep/c.xml"]


def test_an_output_directory_inside_the_input_tree_is_not_walked(tmp_path, fake):
    make_inputs(tmp_path / "in", {"a.md": "a"})
    run([tmp_path / "in"], tmp_path / "in/out", formats=("md",))
    summary, _ = run([tmp_path / "in"], tmp_path / "in/out", formats=("md",))
    assert summary.converted == 1 and not (tmp_path / "in/out/out").exists()


def test_an_input_is_never_overwritten(tmp_path, fake):
    ins = make_inputs(tmp_path, {"a.md": "original", "b.txt": "other"})
    summary, err = run(ins, tmp_path, formats=("md",))
    assert (tmp_path / "a.md").read_text() == "original"
    assert f"briefconv: {ins[0]}: output {tmp_path}/a.md would overwrite an input file; refused" in err
    assert summary.failed == 1 and (tmp_path / "b.md").read_text() == "md: other\n"


def test_two_inputs_never_share_an_output(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.md": "one", "a.txt": "two"})
    summary, err = run(ins, tmp_path / "out", formats=("jats",))
    assert summary.failed == 1 and summary.converted == 1
    assert "is also the output of" in err
    assert (tmp_path / "out/a.xml").read_text() == "jats: one\n"


def test_outputs_never_escape_through_a_symlinked_directory(tmp_path, fake):
    make_inputs(tmp_path / "in", {"sub/a.md": "a", "b.md": "b"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out/sub").symlink_to(outside)
    summary, err = run([tmp_path / "in"], tmp_path / "out", formats=("jats",))
    assert list(outside.iterdir()) == []
    assert "would land outside" in err and summary.failed == 1 and summary.converted == 1


def test_an_output_name_that_is_a_symlink_is_replaced_not_followed(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"a.md": "a"})
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "out").mkdir()
    (tmp_path / "out/a.xml").symlink_to(victim)
    run(ins, tmp_path / "out", formats=("jats",))
    assert victim.read_text() == "keep me"
    assert not (tmp_path / "out/a.xml").is_symlink()


@pytest.mark.parametrize("name,expected", [
    ("plain", "plain"), ("a\nb\x1bc", "a_b_c"), ("..", "_"), (".", "_"), ("", "_"),
    ("a/b", "a_b"), ("r\u00e9sum\u00e9 \u6587", "r\u00e9sum\u00e9 \u6587"), ("x\u202ey", "x_y"),
])
def test_safe_component(name, expected):
    assert batch.safe_component(name) == expected


@pytest.mark.parametrize("name", ["..", "../x", "a/b", "/etc/passwd", ""])
def test_a_given_stem_must_be_a_plain_name(name):
    with pytest.raises(batch.UsageError):
        batch.check_stem(name)


def test_control_characters_in_input_names_are_sanitised(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"we\x1bird\nname.md": "x"})
    run(ins, tmp_path / "out", formats=("jats",))
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["we_ird_name.xml"]


def test_very_long_names_are_shortened(tmp_path, fake):
    ins = make_inputs(tmp_path / "in", {"\u00e9" * 120 + ".md": "x"})  # 240 bytes + .md
    summary, _ = run(ins, tmp_path / "out")
    assert summary.converted == 1
    assert all(len(p.name.encode()) <= 255 for p in (tmp_path / "out").iterdir())


# ---------------------------------------------------------------- atomic writes and progress


def test_atomic_write_replaces_whole_files_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a.xml"
    target.write_text("old")
    atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["a.xml"]


@pytest.mark.parametrize("name", ["a.xml", "a.json", "a.md", ".a.md", "a.part", "x.briefconv-tmp-.md"])
def test_temporary_names_never_look_like_outputs(tmp_path, name):
    assert not atomic.is_temp_name(name)
    assert atomic.is_temp_name(atomic.temp_name_for(tmp_path / name).name)


def test_progress_line_counts_files_pages_rate_and_eta():
    stream = io.StringIO()
    p = Progress(4, stream, enabled=True)
    p.advance(10)
    p.draw(force=True)
    text = stream.getvalue()
    assert text.startswith("\r") and "1/4 files" in text and "10 pages" in text
    assert "files/s" in text and "pages/s" in text and "ETA" in text
    p.clear()
    assert stream.getvalue().endswith("\r")
    assert format_duration(3725) == "1:02:05" and format_duration(65) == "1:05"


def test_progress_is_silent_when_disabled():
    stream = io.StringIO()
    p = Progress(2, stream, enabled=False)
    p.advance(3)
    p.clear()
    assert stream.getvalue() == ""


# ---------------------------------------------------------------- kill -9 midway, then resume


def _wait_for_lines(path: Path, n: int, proc, limit: float = 300) -> int:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if path.exists():
            count = path.read_bytes().count(b"\n")
            if count >= n:
                return count
        if proc.poll() is not None:
            return -1
        time.sleep(0.02)
    raise AssertionError("the batch made no progress")


def test_sigkill_midway_leaves_no_partial_output_and_resume_finishes(tmp_path):
    inputs = tmp_path / "in"
    for i in range(20):
        write_pdf(inputs / f"brief-{i:02d}.pdf", pages=3 + i % 4, title=f"Brief number {i}")
    for i in range(4):
        write_markdown(inputs / "text" / f"note-{i}.md", title=f"Note {i}")
    # the uninterrupted run
    clean = tmp_path / "clean"
    r = run_cli("convert", "in", "-o", str(clean), "--jobs", "2", "-q", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    # the interrupted run: kill -9 the batch process alone (as the OOM killer would) once a
    # few inputs are done; its workers must die with it
    out, report = tmp_path / "out", tmp_path / "r.jsonl"
    proc = subprocess.Popen([PYTHON, "-m", "convert", "convert", "in", "-o", str(out), "--jobs",
                             "2", "--report", str(report), "-q"], cwd=tmp_path,
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _wait_for_lines(report, 3, proc)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while group_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_members(proc.pid) == [], "workers outlived the killed batch"
    done = sum(rec["status"] == "ok" for rec in report_lines(report))
    print(f"killed after {done} of 24 inputs")
    for p in out.rglob("*"):
        if p.is_file() and not atomic.is_temp_name(p.name):
            rel = str(p.relative_to(out))
            assert p.stat().st_size > 0, rel
            assert p.read_bytes() == (clean / rel).read_bytes(), rel
    # the rerun finishes the job: byte-identical to the uninterrupted run, no temporaries left
    r = run_cli("convert", "in", "-o", str(out), "--jobs", "2", "--report", str(report),
                "--resume", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert f" {done} skipped".encode() in r.stderr
    assert tree_files(out) == tree_files(clean)


def test_a_real_overlong_input_is_killed_at_the_timeout_while_the_rest_convert(tmp_path):
    """No fake: a 400-page PDF cannot convert within 2 s; the small inputs can."""
    write_pdf(tmp_path / "in" / "big.pdf", pages=400)
    small = [write_markdown(tmp_path / "in" / f"s{i}.md", title=f"Small {i}") for i in range(4)]
    report = tmp_path / "r.jsonl"
    r = run_cli("convert", "in", "-o", "out", "--timeout", "2", "--jobs", "2", "--report",
                str(report), cwd=tmp_path)
    assert r.returncode == 1
    assert f"briefconv: {Path('in') / 'big.pdf'}: timed out after 2 s (worker killed)".encode() \
        in r.stderr.splitlines()
    recs = {rec["input"]: rec for rec in report_lines(report)}
    assert recs[str(Path("in") / "big.pdf")]["status"] == "failed"
    assert all(recs[str(Path("in") / s.name)]["status"] == "ok" for s in small)
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.stem == "big") == []
    assert no_temps(tmp_path / "out")
