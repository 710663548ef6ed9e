"""--engine dask on a LocalCluster of 2 worker processes (skipped without the ``dask`` extra):
the same outputs as the local pool byte for byte, a crashing input reported failed once with
no worker lost, a hanging input killed at its timeout, kill -9 of the client then --resume.

The cluster starts once for the module (a few seconds); the corpus comparison takes about
half a minute on two cores."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batchgen import PYTHON, ROOT, misbehaving_convert_job, run_cli, tree_files, write_markdown, write_pdf
from conftest import SHARED
from convert import batch
from convert.batch import atomic

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    # the workers import the tests' helpers (batchgen) by name, as the client does
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "tests"), before]))
    try:
        c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=40)
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before
    yield c
    c.close()


def dask_run(inputs, out, cluster, **kw):
    err = io.StringIO()
    worker = kw.pop("worker", batch.convert_job)
    opts = batch.Options(outdir=str(out), engine="dask", scheduler=cluster.scheduler_address, **kw)
    return batch.run([str(i) for i in inputs], opts, stderr=err, worker=worker), err.getvalue()


def live_workers(cluster) -> int:
    with distributed.Client(cluster.scheduler_address) as client:
        return len(client.nthreads())


def generated_archive(root: Path, pdfs: int = 3, notes: int = 3) -> Path:
    for i in range(pdfs):
        write_pdf(root / f"brief-{i}.pdf", pages=1 + i % 3, title=f"Brief number {i}")
    for i in range(notes):
        write_markdown(root / "notes" / f"note-{i}.md", title=f"Note {i}")
    return root


def test_the_cluster_makes_the_same_outputs_as_the_local_pool(tmp_path, cluster):
    archive = generated_archive(tmp_path / "in")
    inputs = [archive, ROOT / "samples"]
    r = run_cli("convert", *map(str, inputs), "-o", str(tmp_path / "local"), "-q")
    assert r.returncode == 0, r.stderr
    r = run_cli("convert", *map(str, inputs), "-o", str(tmp_path / "dask"), "-q", "--engine", "dask",
                "--scheduler", cluster.scheduler_address, "--report", str(tmp_path / "r.jsonl"))
    assert r.returncode == 0, r.stderr
    assert tree_files(tmp_path / "dask") == tree_files(tmp_path / "local")
    recs = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert len(recs) == 9 and {rec["status"] for rec in recs} == {"ok"}


@pytest.mark.slow
@pytest.mark.shared
def test_the_cluster_makes_the_same_outputs_as_the_local_pool_on_the_corpus(tmp_path, cluster):
    inputs = [str(SHARED / "corpus/pdf"), str(SHARED / "samples/pdf")]
    run_cli("convert", *inputs, "-o", str(tmp_path / "local"), "-q", "--jobs", "2", timeout=3600)
    run_cli("convert", *inputs, "-o", str(tmp_path / "dask"), "-q", "--engine", "dask",
            "--scheduler", cluster.scheduler_address, timeout=3600)
    local = tree_files(tmp_path / "local")
    assert len(local) > 100 and tree_files(tmp_path / "dask") == local


def test_a_crashing_input_is_reported_failed_once_and_no_worker_is_lost(tmp_path, cluster):
    notes = [write_markdown(tmp_path / "in" / f"n{i}.md", title=f"Note {i}") for i in range(4)]
    (tmp_path / "in/crash.md").write_text("SEGV and then some text\n")
    summary, err = dask_run([tmp_path / "in"], tmp_path / "out", cluster, report=str(tmp_path / "r.jsonl"),
                            worker=misbehaving_convert_job)
    assert (summary.converted, summary.failed) == (4, 1), err
    recs = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    crashed = [rec for rec in recs if rec["input"].endswith("crash.md")]
    assert len(crashed) == 1 and crashed[0]["error"] == "worker crashed: killed by SIGSEGV"
    assert err.count("crash.md") == 1
    assert len(notes) == 4 and live_workers(cluster) == 2


def test_a_hanging_input_is_killed_at_its_timeout_and_the_batch_finishes(tmp_path, cluster):
    for i in range(3):
        write_markdown(tmp_path / "in" / f"n{i}.md", title=f"Note {i}")
    (tmp_path / "in/hang.md").write_text("HANG forever\n")
    start = time.monotonic()
    summary, err = dask_run([tmp_path / "in"], tmp_path / "out", cluster, timeout=2,
                            worker=misbehaving_convert_job)
    assert (summary.converted, summary.failed) == (3, 1), err
    assert "hang.md: timed out after 2 s (worker killed)" in err
    assert time.monotonic() - start < 60
    assert live_workers(cluster) == 2


def test_kill_9_of_the_client_then_resume_gives_the_same_outputs(tmp_path, cluster):
    generated_archive(tmp_path / "in", pdfs=6, notes=3)
    r = run_cli("convert", "in", "-o", "clean", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    report = tmp_path / "r.jsonl"
    cmd = [PYTHON, "-m", "convert", "convert", "in", "-o", "out", "--report", str(report), "-q",
           "--engine", "dask", "--scheduler", cluster.scheduler_address]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if report.exists() and report.read_bytes().count(b"\n") >= 2:
            break
        time.sleep(0.02)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = report.read_bytes().count(b"\n")
    print(f"client killed after {done} of 9 inputs")
    r = run_cli("convert", "in", "-o", "out", "--report", str(report), "--resume", "--engine", "dask",
                "--scheduler", cluster.scheduler_address, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f" {done} skipped".encode() in r.stderr
    time.sleep(0.5)  # a shard the killed client had started may still be finishing its commit
    assert {k: v for k, v in tree_files(tmp_path / "out").items()
            if not atomic.is_temp_name(Path(k).name)} == tree_files(tmp_path / "clean")


def test_without_dask_the_engine_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    write_markdown(tmp_path / "in/n.md")
    with pytest.raises(batch.UsageError, match=r"pip install 'briefconv\[dask\]'"):
        batch.run([str(tmp_path / "in")], batch.Options(outdir=str(tmp_path / "out"), engine="dask",
                                                         scheduler="tcp://127.0.0.1:1"))


def test_the_dask_engine_needs_a_scheduler(tmp_path):
    r = run_cli("convert", str(ROOT / "samples"), "-o", str(tmp_path / "o"), "--engine", "dask")
    assert r.returncode == 2 and b"--scheduler" in r.stderr
