"""Archive scale: workers that take many inputs, --fsync, resume by content (a moved archive,
a changed input), the library API (plan, run_job, Report), fsspec outputs."""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from batchgen import make_inputs, run_batch as run, run_cli, tree_files, write_markdown
from convert import batch, pipeline
from convert.batch import atomic, pool


def counts(summary) -> tuple[int, int, int]:
    return summary.converted, summary.skipped, summary.failed


ARCHIVE = {"a.txt": "alpha", "sub/b.txt": "beta", "sub/deeper/c.txt": "gamma"}


# ---------------------------------------------------------------- workers that take many inputs


def _pid(_item):
    return os.getpid()


def test_a_worker_takes_the_next_input_only_after_a_reusable_one():
    pids = {}
    pool.run(["text1", "text2", "text3", "pdf", "text4"], _pid, jobs=1, timeout=30,
             on_done=lambda i, item, o: pids.__setitem__(item, o.value), reuse=lambda item: item != "pdf")
    assert pids["text1"] == pids["text2"] == pids["text3"] == pids["pdf"]
    assert pids["text4"] != pids["pdf"], "the worker that converted a PDF must exit"


def _sleep_on_hang(item):
    if item == "hang":
        time.sleep(60)
    return os.getpid()


def test_a_reused_worker_that_overruns_is_killed_and_replaced():
    seen = {}
    pool.run(["a", "hang", "b", "c"], _sleep_on_hang, jobs=1, timeout=1,
             on_done=lambda i, item, o: seen.__setitem__(item, o), reuse=lambda item: True)
    assert seen["hang"].kind == pool.TIMEOUT
    assert seen["a"].value != seen["b"].value == seen["c"].value


def test_small_text_is_reusable_and_pdfs_or_big_inputs_are_not(tmp_path):
    small = write_markdown(tmp_path / "s.md")
    big = tmp_path / "big.txt"
    big.write_text("word " * (importlib.import_module("convert.batch.plan").REUSE_MAX_BYTES // 4))
    pdf = tmp_path / "p.txt"
    pdf.write_bytes(b"%PDF-1.4\n%fake")  # a PDF by content, whatever its name
    jobs = {Path(j.label).name: j for j in batch.plan([str(small), str(big), str(pdf)],
                                                      batch.Options(outdir=str(tmp_path / "o")))}
    assert jobs["s.md"].reusable and not jobs["big.txt"].reusable and not jobs["p.txt"].reusable


# ---------------------------------------------------------------- --fsync


@pytest.mark.parametrize("policy, syncs, each", [("batch", 1, False), ("file", 0, True), ("none", 0, False)])
def test_fsync_policy_decides_when_outputs_are_synced(tmp_path, fake, monkeypatch, policy, syncs, each):
    calls = []
    monkeypatch.setattr(atomic, "sync_batch", lambda dirs: calls.append(set(dirs)))
    ins = make_inputs(tmp_path / "in", ARCHIVE)
    summary, _ = run([tmp_path / "in"], tmp_path / "out", fsync=policy)
    assert counts(summary) == (3, 0, 0)
    assert len(calls) == syncs
    if syncs:  # every output directory once
        assert calls[0] == {tmp_path / "out", tmp_path / "out/sub", tmp_path / "out/sub/deeper"}
    assert all(j.fsync_each is each for j in batch.plan(ins, batch.Options(outdir="o", fsync=policy)))


def test_an_unknown_fsync_policy_is_a_usage_error(tmp_path, fake):
    with pytest.raises(batch.UsageError):
        run([], tmp_path / "out", fsync="sometimes")


# ---------------------------------------------------------------- resume by content


def test_a_moved_archive_resumes_without_converting_anything(tmp_path, fake):
    make_inputs(tmp_path / "old/archive", ARCHIVE)
    report = str(tmp_path / "r.jsonl")
    out = tmp_path / "out"
    assert counts(run([tmp_path / "old/archive"], out, report=report)[0]) == (3, 0, 0)
    before = tree_files(out)
    (tmp_path / "new").mkdir()
    shutil.move(str(tmp_path / "old/archive"), str(tmp_path / "new/renamed"))
    summary, _ = run([tmp_path / "new/renamed"], out, report=report, resume=True)
    assert counts(summary) == (0, 3, 0)
    assert tree_files(out) == before


def test_a_moved_output_tree_is_found_by_its_hashes(tmp_path, fake):
    make_inputs(tmp_path / "archive", ARCHIVE)
    report = str(tmp_path / "r.jsonl")
    run([tmp_path / "archive"], tmp_path / "out", report=report)
    shutil.move(str(tmp_path / "out"), str(tmp_path / "moved"))
    summary, _ = run([tmp_path / "archive"], tmp_path / "moved", report=report, resume=True)
    assert counts(summary) == (0, 3, 0)


def test_outputs_of_an_earlier_run_elsewhere_are_copied_not_converted(tmp_path, fake, monkeypatch):
    make_inputs(tmp_path / "archive", ARCHIVE)
    report = str(tmp_path / "r.jsonl")
    run([tmp_path / "archive"], tmp_path / "out", report=report)
    monkeypatch.setattr(pipeline, "convert", None)  # converting anything now would fail
    summary, _ = run([tmp_path / "archive"], tmp_path / "elsewhere", report=report, resume=True)
    assert counts(summary) == (0, 3, 0)
    assert tree_files(tmp_path / "elsewhere") == tree_files(tmp_path / "out")


def test_a_changed_input_is_the_only_one_converted_again(tmp_path, fake):
    ins = make_inputs(tmp_path / "archive", ARCHIVE)
    report = str(tmp_path / "r.jsonl")
    out = tmp_path / "out"
    run([tmp_path / "archive"], out, report=report)
    Path(ins[1]).write_text("beta, revised")
    summary, _ = run([tmp_path / "archive"], out, report=report, resume=True)
    assert counts(summary) == (1, 2, 0)
    assert (out / "sub/b.xml").read_text() == "jats: beta, revised\n"
    last = batch.read_report(report)
    assert last[ins[1]]["status"] == "ok" and last[ins[0]]["status"] == "skipped"


def test_a_damaged_output_is_converted_again(tmp_path, fake):
    make_inputs(tmp_path / "archive", ARCHIVE)
    report = str(tmp_path / "r.jsonl")
    out = tmp_path / "out"
    run([tmp_path / "archive"], out, report=report)
    (out / "a.json").write_text("")  # e.g. a file whose data a power cut lost
    summary, _ = run([tmp_path / "archive"], out, report=report, resume=True)
    assert counts(summary) == (1, 2, 0)
    assert (out / "a.json").read_text() == "json: alpha\n"


def test_a_renamed_file_is_converted_again_because_its_outputs_record_its_name(tmp_path, fake):
    ins = make_inputs(tmp_path / "archive", {"a.txt": "alpha"})
    report = str(tmp_path / "r.jsonl")
    run(ins, tmp_path / "out", report=report)
    os.rename(ins[0], tmp_path / "archive/renamed.txt")
    summary, _ = run([tmp_path / "archive/renamed.txt"], tmp_path / "out", report=report, resume=True)
    assert counts(summary) == (1, 0, 0)


def test_a_moved_real_archive_resumes_with_the_cli(tmp_path):
    """No fake: the command line, real conversions, the archive moved between the runs."""
    for i in range(3):
        write_markdown(tmp_path / "a/briefs" / f"n{i}.md", title=f"Note {i}")
    r = run_cli("convert", "a/briefs", "-o", "out", "--report", "r.jsonl", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    before = tree_files(tmp_path / "out")
    shutil.move(str(tmp_path / "a"), str(tmp_path / "b"))
    r = run_cli("convert", str(tmp_path / "b/briefs"), "-o", "out", "--report", "r.jsonl", "--resume",
                cwd=tmp_path)
    assert r.returncode == 0 and b"0 converted, 0 failed, 3 skipped" in r.stderr, r.stderr
    assert tree_files(tmp_path / "out") == before


# ---------------------------------------------------------------- the library API


def test_plan_run_job_and_report_drive_a_batch_without_the_runner(tmp_path):
    ins = [str(write_markdown(tmp_path / "in" / f"n{i}.md", title=f"Note {i}")) for i in range(2)]
    (tmp_path / "in/bad.txt").write_bytes(b"")
    opts = batch.Options(outdir=str(tmp_path / "out"), formats=("jats", "md"))
    jobs = batch.plan([str(tmp_path / "in")], opts)
    report = batch.Report(str(tmp_path / "r.jsonl"), append=True)
    for job in jobs:
        report.write(batch.run_job(job))
    report.close()
    recs = {r["input"]: r for r in batch.Report.read(str(tmp_path / "r.jsonl"))}
    assert recs[str(tmp_path / "in/bad.txt")]["status"] == "failed"
    assert recs[str(tmp_path / "in/bad.txt")]["error"] == "empty file"
    for path in ins:
        rec = recs[path]
        assert rec["status"] == "ok" and rec["format"] == "markdown"
        for out, digest in zip(rec["outputs"], rec["output_sha256"].values()):
            assert hashlib.sha256(Path(out).read_bytes()).hexdigest() == digest
    # the same outputs as the command line's
    r = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "cli"), "-t", "jats,md", "-q")
    assert tree_files(tmp_path / "out") == tree_files(tmp_path / "cli")
    index = batch.Report.done_index(str(tmp_path / "r.jsonl"))
    again = batch.plan([str(tmp_path / "in")], opts)
    assert [batch.is_done(j, index) for j in again] == [False, True, True]  # bad.txt, n0, n1


def test_outputs_go_to_an_fsspec_memory_url_and_resume_there(tmp_path, fake):
    fsspec = pytest.importorskip("fsspec")
    ins = make_inputs(tmp_path / "archive", ARCHIVE)
    report = str(tmp_path / "r.jsonl")
    summary, err = run([tmp_path / "archive"], "memory://briefs/out", report=report)
    assert counts(summary) == (3, 0, 0), err
    fs = fsspec.filesystem("memory")
    assert fs.cat_file("/briefs/out/sub/b.json") == b"json: beta\n"
    assert json.loads(Path(report).read_text().splitlines()[0])["outputs"][0].startswith("memory://briefs/out/")
    Path(ins[0]).write_text("alpha, revised")
    summary, _ = run([tmp_path / "archive"], "memory://briefs/out", report=report, resume=True)
    assert counts(summary) == (1, 2, 0)
    assert fs.cat_file("/briefs/out/a.xml") == b"jats: alpha, revised\n"
    fs.rm("/briefs", recursive=True)


def test_outputs_go_to_an_fsspec_file_url_as_to_a_directory(tmp_path, fake):
    make_inputs(tmp_path / "archive", ARCHIVE)
    run([tmp_path / "archive"], tmp_path / "plain")
    summary, _ = run([tmp_path / "archive"], f"file://{tmp_path / 'url'}")
    assert counts(summary) == (3, 0, 0)
    assert tree_files(tmp_path / "url") == tree_files(tmp_path / "plain")


def test_a_reused_worker_is_retired_after_its_quota_of_inputs(monkeypatch):
    monkeypatch.setattr(pool, "MAX_INPUTS_PER_WORKER", 2)
    pids = []
    pool.run(range(5), _pid, jobs=1, timeout=30, on_done=lambda i, item, o: pids.append(o.value),
             reuse=lambda item: True)
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]


def test_run_job_leaves_the_callers_address_space_limit_as_it_was(tmp_path):
    # the worker's --max-memory cap once stayed on the calling process (a later subprocess,
    # a Java VM among them, could then not start)
    import resource
    src = write_markdown(tmp_path / "in" / "a.md", title="A")
    before = resource.getrlimit(resource.RLIMIT_AS)
    (job,) = batch.plan([str(src)], batch.Options(outdir=str(tmp_path / "out"), max_memory_mb=512))
    assert batch.run_job(job)["status"] == "ok"
    assert resource.getrlimit(resource.RLIMIT_AS) == before
