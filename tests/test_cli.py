"""The briefconv command line: every command and option, exit codes 0/1/2/130, stdin/stdout."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from batchgen import PYTHON, ROOT, group_members, run_cli, write_markdown, write_pdf, brief_markdown
from convert import cli, pipeline
from convert.batch import atomic


def invoke(*args, input=None, env=None):
    return CliRunner().invoke(cli.main, [str(a) for a in args], input=input, env=env)


@pytest.fixture
def brief(tmp_path) -> Path:
    return write_markdown(tmp_path / "in" / "brief.md")


# ---------------------------------------------------------------- entry points


def test_python_dash_m_convert_runs():
    r = run_cli("--help")
    assert r.returncode == 0 and b"convert" in r.stdout and b"validate" in r.stdout


def test_console_script_runs():
    script = ROOT / ".venv/bin/briefconv"
    if not script.exists():
        pytest.skip("console script not installed")
    r = subprocess.run([str(script), "--version"], capture_output=True, timeout=60)
    assert r.returncode == 0 and b"briefconv" in r.stdout


def test_exit_codes_are_documented():
    for code in ("0 ", "1 ", "2 ", "130 "):
        assert f"\n    {code}" in cli.__doc__


# ---------------------------------------------------------------- convert: the real pipeline


def test_convert_writes_all_three_formats_by_default(tmp_path, brief):
    r = invoke("convert", brief, "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["brief.json", "brief.md", "brief.xml"]
    assert b"<article" in (out / "brief.xml").read_bytes()
    assert json.loads((out / "brief.json").read_text())["schema_version"]
    assert "Water Policy Brief" in (out / "brief.md").read_text()
    assert "1 converted, 0 failed, 0 skipped" in r.stderr


@pytest.mark.parametrize("spec,names", [
    (["-t", "jats"], ["b.xml"]),
    (["-t", "md,json"], ["b.json", "b.md"]),
    (["-t", "jats", "-t", "md"], ["b.md", "b.xml"]),
    (["--to", "JSON"], ["b.json"]),
])
def test_formats_option(tmp_path, spec, names):
    src = write_markdown(tmp_path / "b.md")
    r = invoke("convert", src, "-o", tmp_path / "out", *spec)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names


def test_from_option_forces_the_input_format(tmp_path):
    src = tmp_path / "b.txt"
    src.write_text(brief_markdown())
    r = invoke("convert", src, "-o", tmp_path / "out", "-t", "json", "--from", "plain",
               "--report", tmp_path / "r.jsonl")
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "r.jsonl").read_text())["format"] == "plain"


def test_stdin_in_and_stdout_out(tmp_path):
    r = invoke("convert", "-", "-o", "-", "-t", "md", input=brief_markdown().encode())
    assert r.exit_code == 0, r.output
    assert "Water Policy Brief" in r.stdout
    assert not list(tmp_path.iterdir())


def test_stdin_into_a_directory_is_named_stdin_or_name(tmp_path):
    r = invoke("convert", "-", "-o", tmp_path / "out", "-t", "jats", input=brief_markdown())
    assert r.exit_code == 0, r.output
    r = invoke("convert", "-", "-o", tmp_path / "out", "-t", "jats", "--name", "water",
               input=brief_markdown())
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["stdin.xml", "water.xml"]


def test_a_file_to_stdout(tmp_path, brief):
    r = invoke("convert", brief, "-o", "-", "-t", "jats")
    assert r.exit_code == 0, r.output
    assert "<article" in r.stdout


def test_quiet_prints_nothing_on_success(tmp_path, brief):
    r = invoke("convert", brief, "-o", tmp_path / "out", "-q")
    assert r.exit_code == 0 and r.stderr == "" and r.stdout == ""


def test_validate_option_passes_valid_outputs(tmp_path, brief):
    r = invoke("convert", brief, "-o", tmp_path / "out", "--validate")
    assert r.exit_code == 0, r.output


# ---------------------------------------------------------------- convert: failures and codes


def test_one_failing_input_gives_exit_1_and_one_line(tmp_path, brief):
    r = invoke("convert", brief, tmp_path / "nope.md", "-o", tmp_path / "out")
    assert r.exit_code == 1
    assert f"briefconv: {tmp_path / 'nope.md'}: no such file" in r.stderr.splitlines()
    assert "Traceback" not in r.output
    assert (tmp_path / "out/brief.xml").exists()


def test_all_inputs_missing_is_exit_1(tmp_path):
    r = invoke("convert", tmp_path / "a.pdf", "-o", tmp_path / "out")
    assert r.exit_code == 1


@pytest.mark.parametrize("args", [
    ["convert", "x.md"],                                   # no -o
    ["convert", "-o", "out"],                              # no input
    ["convert", "x.md", "-o", "out", "-t", "docx"],        # unknown format
    ["convert", "x.md", "-o", "out", "--from", "docx"],
    ["convert", "x.md", "-o", "out", "--jobs", "0"],
    ["convert", "x.md", "-o", "out", "--timeout", "-1"],
    ["convert", "x.md", "-o", "out", "--resume"],          # resume without report
    ["convert", "x.md", "y.md", "-o", "-", "-t", "md"],    # stdout takes one input
    ["convert", "x.md", "-o", "-"],                        # ... and one format
    ["convert", "-", "-", "-o", "out"],
    ["convert", "-", "-o", "out", "--name", "../escape"],
    ["convert", "x.md", "-o", "out", "--bogus"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.md").write_text("# x\n\ntext\n")
    r = invoke(*args, input="")
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "escape.xml").exists()


def test_output_path_that_is_a_file_is_a_usage_error(tmp_path, brief):
    (tmp_path / "file").write_text("x")
    r = invoke("convert", brief, "-o", tmp_path / "file")
    assert r.exit_code == 2


def test_validate_option_counts_invalid_outputs_as_failures(tmp_path, monkeypatch, fake):
    from types import SimpleNamespace
    monkeypatch.setattr(pipeline, "validate", lambda path, kind=None, jats_dtd=None: [
        SimpleNamespace(line=3, message="element foo not allowed")] if kind == "jats" else [])
    src = tmp_path / "a.txt"
    src.write_text("anything")
    r = invoke("convert", src, "-o", tmp_path / "out", "--validate")
    assert r.exit_code == 1
    assert (f"briefconv: {src}: invalid jats output: line 3: element foo not allowed"
            in r.stderr.splitlines())
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_jats_dtd_option_and_environment_reach_the_validator(tmp_path, monkeypatch, fake):
    seen = []
    monkeypatch.setattr(pipeline, "validate", lambda path, kind=None, jats_dtd=None:
                        seen.append(jats_dtd) or [])
    src = tmp_path / "a.txt"
    src.write_text("anything")
    # the convert workers are forked: the record is made in the child, so check through validate
    r = invoke("validate", src, "--kind", "md", "--jats-dtd", tmp_path / "x.dtd")
    r2 = invoke("validate", src, "--kind", "md", env={"BRIEFCONV_JATS_DTD": str(tmp_path / "e.dtd")})
    assert r.exit_code == 0 and r2.exit_code == 0
    assert seen == [str(tmp_path / "x.dtd"), str(tmp_path / "e.dtd")]
    r = invoke("convert", src, "-o", tmp_path / "out", "--validate", "--jats-dtd",
               tmp_path / "x.dtd")
    assert r.exit_code == 0, r.output


def test_debug_shows_a_traceback_only_when_asked(tmp_path, fake):
    src = tmp_path / "bug.txt"
    src.write_text("BUG inside")
    plain = invoke("convert", src, "-o", tmp_path / "out")
    debug = invoke("convert", src, "-o", tmp_path / "out", "--debug")
    assert "Traceback" not in plain.output and "Traceback" in debug.stderr
    assert plain.exit_code == debug.exit_code == 1


def test_jobs_and_timeout_options(tmp_path, fake):
    srcs = []
    for i, word in enumerate(["fine", "HANG", "fine", "fine"]):
        srcs.append(tmp_path / f"{i}.txt")
        srcs[-1].write_text(f"{word} {i}")
    r = invoke("convert", *srcs, "-o", tmp_path / "out", "--jobs", "2", "--timeout", "1")
    assert r.exit_code == 1
    assert f"briefconv: {srcs[1]}: timed out after 1 s (worker killed)" in r.stderr.splitlines()
    assert len(list((tmp_path / "out").iterdir())) == 9


def test_report_and_resume_options(tmp_path, fake):
    src = tmp_path / "a.txt"
    src.write_text("alpha")
    report = tmp_path / "r.jsonl"
    assert invoke("convert", src, "-o", tmp_path / "out", "--report", report).exit_code == 0
    r = invoke("convert", src, "-o", tmp_path / "out", "--report", report, "--resume")
    assert r.exit_code == 0 and "0 converted, 0 failed, 1 skipped" in r.stderr
    assert [json.loads(x)["status"] for x in report.read_text().splitlines()] == ["ok", "skipped"]


def test_report_may_not_be_an_input(tmp_path, fake):
    src = tmp_path / "a.txt"
    src.write_text("alpha")
    r = invoke("convert", src, "-o", tmp_path / "out", "--report", src)
    assert r.exit_code == 2 and src.read_text() == "alpha"


@pytest.mark.parametrize("how", ["SIGTERM to the process", "Ctrl-C (SIGINT to the group)"])
def test_interrupting_stops_the_batch_with_130_and_no_temporaries(tmp_path, how):
    for i in range(12):
        write_pdf(tmp_path / "in" / f"b{i:02d}.pdf", pages=6)
    report = tmp_path / "r.jsonl"
    proc = subprocess.Popen([PYTHON, "-m", "convert", "convert", "in", "-o", "out", "--jobs",
                             "1", "--report", str(report)], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if report.exists() and report.read_bytes().count(b"\n") >= 1:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the batch finished before it could be stopped")
    if how.startswith("SIGTERM"):
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"(interrupted)" in err and b"Traceback" not in err
    out = tmp_path / "out"
    assert not [p for p in out.rglob("*") if atomic.is_temp_name(p.name)]
    assert all(p.stat().st_size > 0 for p in out.rglob("*") if p.is_file())
    assert group_members(proc.pid) == []  # no worker left behind


# ---------------------------------------------------------------- validate


def test_validate_command_on_good_outputs_exits_0(tmp_path, brief):
    assert invoke("convert", brief, "-o", tmp_path / "out").exit_code == 0
    files = sorted((tmp_path / "out").iterdir())
    r = invoke("validate", *files)
    assert r.exit_code == 0, r.output
    assert r.stdout == ""


def test_validate_command_walks_a_directory_of_outputs(tmp_path, brief):
    assert invoke("convert", brief, "-o", tmp_path / "out").exit_code == 0
    (tmp_path / "out" / "notes.txt").write_text("not an output")
    r = invoke("validate", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert "3 checked, 3 valid, 0 invalid" in r.stderr


def test_validate_command_works_in_a_fresh_process(tmp_path, brief):
    """Regression: `briefconv validate` alone once got the function convert.validate where
    the submodule was meant, and called every file invalid."""
    assert invoke("convert", brief, "-o", tmp_path / "out").exit_code == 0
    r = run_cli("validate", *map(str, sorted((tmp_path / "out").iterdir())))
    assert r.returncode == 0, r.stderr
    assert b"3 checked, 3 valid, 0 invalid" in r.stderr


def test_validate_command_prints_file_line_message_and_exits_1(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?>\n<article>\n<front>\n</article>\n')
    r = invoke("validate", bad)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines and all(line.startswith(f"{bad}:") for line in lines)
    assert any(line.split(":")[1].strip().isdigit() for line in lines)


def test_validate_command_reports_an_unreadable_file_in_one_line_as_unchecked(tmp_path):
    r = invoke("validate", tmp_path / "missing.json")
    assert r.exit_code == 2  # not "invalid": it could not be checked at all
    assert r.stderr.splitlines()[0].startswith(f"briefconv: {tmp_path / 'missing.json'}:")
    assert "0 checked, 0 valid, 0 invalid, 1 unchecked" in r.stderr
    assert "Traceback" not in r.output


def test_validate_without_its_optional_checker_calls_the_file_unchecked(tmp_path, monkeypatch):
    from convert.validation import json as vjson
    from convert.validation.issues import MissingDependencyError

    def missing():
        raise MissingDependencyError("JSON validation needs jsonschema: pip install 'briefconv[validate]'")
    monkeypatch.setattr(vjson, "_jsonschema", missing)
    vjson.json_validator.cache_clear()
    f = tmp_path / "doc.json"
    f.write_text("{}")
    r = invoke("validate", f)
    vjson.json_validator.cache_clear()
    assert r.exit_code == 2 and "needs jsonschema" in r.stderr and "1 unchecked" in r.stderr


def test_to_accepts_the_other_names_of_the_formats(tmp_path, brief):
    r = invoke("convert", brief, "-o", tmp_path / "out", "-t", "xml,markdown")
    assert r.exit_code == 0, r.output
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".md", ".xml"]


def test_validate_command_kind_option(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text("{not json")
    r = invoke("validate", f, "--kind", "json")
    assert r.exit_code == 1 and r.output


# ---------------------------------------------------------------- inspect


def test_inspect_prints_the_png_paths(tmp_path):
    pdf = write_pdf(tmp_path / "b.pdf", pages=2)
    r = invoke("inspect", pdf, "-o", tmp_path / "png")
    assert r.exit_code == 0, r.output
    paths = [Path(p) for p in r.stdout.splitlines()]
    assert len(paths) == 2 and all(p.exists() and p.suffix == ".png" for p in paths)


def test_inspect_a_missing_or_non_pdf_file_is_one_line(tmp_path):
    txt = tmp_path / "a.pdf"
    txt.write_text("not a pdf at all")
    for target in (tmp_path / "missing.pdf", txt):
        r = invoke("inspect", target, "-o", tmp_path / "png")
        assert r.exit_code == 1
        assert r.stderr.startswith(f"briefconv: {target}: ") and r.stderr.count("\n") == 1


def test_outputs_record_the_input_file_name_not_the_path_as_typed(tmp_path, brief):
    assert invoke("convert", brief, "-o", tmp_path / "a", "-t", "json").exit_code == 0
    assert json.loads((tmp_path / "a" / "brief.json").read_text())["source"]["path"] == "brief.md"
    assert invoke("convert", brief, "-o", tmp_path / "b", "-t", "json", "--keep-path").exit_code == 0
    assert json.loads((tmp_path / "b" / "brief.json").read_text())["source"]["path"] == str(brief)


def test_inspect_draws_its_legend_beside_the_page_not_over_it(tmp_path):
    from PIL import Image
    from convert import inspect as inspector
    import pdfgen
    data, _ = pdfgen.make(pdfgen.sample_brief(2, long_note=False))
    (path,) = inspector.render_regions(data, [], tmp_path, stem="p")[:1]
    page_width = Image.open(path).size[0] - inspector.LEGEND_WIDTH
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(data)
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        assert abs(page_width - doc.pages[0].width * inspector.RENDER_RESOLUTION / 72) <= 1


def test_to_docling_writes_a_docling_json_beside_the_others(tmp_path, brief):
    pytest.importorskip("docling_core")
    r = invoke("convert", brief, "-o", tmp_path / "out", "-t", "docling,md")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["brief.docling.json", "brief.md"]
    v = invoke("validate", tmp_path / "out")  # recognised by its name, not taken for our JSON
    assert v.exit_code == 0, v.output
    assert "2 checked, 2 valid" in v.stderr


@pytest.mark.parametrize("typed,offered", [
    ("", ["jats", "json", "md", "docling", "xml", "markdown"]),
    ("j", ["jats", "json"]),
    ("jats,d", ["jats,docling"]),
    ("md,x", ["md,xml"]),
    ("m", ["md", "markdown"]),
])
def test_to_option_completes_every_format_name(typed, offered):
    from convert import cli
    assert [c.value for c in cli._complete_formats(None, None, typed)] == offered


def test_shell_completion_script_is_generated_for_bash(tmp_path):
    import os
    env = {**os.environ, "_BRIEFCONV_COMPLETE": "bash_source"}
    r = subprocess.run([PYTHON, "-c", "from convert.__main__ import run; run()"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert "_briefconv_completion" in r.stdout, r.stdout + r.stderr


# ---------------------------------------------------------------- warnings and progress

UNCITED_NOTE_MD = "# T\n\nA paragraph of text.\n\nAnother paragraph.\n\n[^1]: A note never cited.\n"


def test_verbose_prints_each_warning_on_stderr(tmp_path):
    src = tmp_path / "w.md"
    src.write_text(UNCITED_NOTE_MD)
    quiet = invoke("convert", src, "-o", tmp_path / "a", "-t", "md")
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
    r = invoke("convert", src, "-o", tmp_path / "b", "-t", "md", "-v")
    assert r.exit_code == 0, r.output
    assert f"briefconv: {src}: warning: footnote '1' is never cited (line 7)" in r.stderr.splitlines()


def test_fail_on_warnings_fails_the_input_and_writes_nothing(tmp_path, brief):
    src = tmp_path / "w.md"
    src.write_text(UNCITED_NOTE_MD)
    r = invoke("convert", src, brief, "-o", tmp_path / "out", "-t", "md", "--fail-on-warnings")
    assert r.exit_code == 1
    assert f"briefconv: {src}: 1 warning(s) (--fail-on-warnings)" in r.stderr
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.md")) == ["brief.md"]  # the clean one


def test_own_progress_line_is_cut_to_the_terminal_width(monkeypatch):
    import io
    import shutil
    from convert.batch.progress import Progress
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a, **k: os.terminal_size((40, 24)))
    out = io.StringIO()
    p = Progress(3, out, True)
    for _ in range(3):
        p.advance(pages=12345)
    drawn = [seg.rstrip() for seg in out.getvalue().split("\r") if seg.strip()]
    assert drawn and all(len(seg) <= 39 for seg in drawn)


def test_progress_is_tqdm_when_installed_and_ours_without_it(monkeypatch):
    import io
    import sys
    from convert.batch import bar
    from convert.batch.progress import Progress
    assert isinstance(bar.make_progress(2, io.StringIO(), False), Progress)  # off: never tqdm
    monkeypatch.setitem(sys.modules, "tqdm", None)
    assert isinstance(bar.make_progress(2, io.StringIO(), True), Progress)
    monkeypatch.undo()
    pytest.importorskip("tqdm")
    out = io.StringIO()
    p = bar.make_progress(2, out, True)
    assert isinstance(p, bar.TqdmProgress)
    p.advance(pages=3)
    p.advance(pages=4)
    p.draw(force=True)
    assert "2/2" in out.getvalue() and "7 pages" in out.getvalue()
    p.close()
    assert out.getvalue().endswith("\r")  # wiped: the summary line takes its place


def test_no_progress_display_when_stderr_is_not_a_terminal(tmp_path):
    for i in range(3):
        write_markdown(tmp_path / "in" / f"b{i}.md")
    r = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-t", "md", "--jobs", "1")
    assert r.returncode == 0
    assert b"\r" not in r.stderr and b"files/s" not in r.stderr and b"file/s" not in r.stderr
