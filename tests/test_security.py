"""Hostile inputs: XXE and entity expansion in `briefconv validate`, output names that try to
escape, shell metacharacters in names, and no shell anywhere in the package."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from batchgen import ROOT, run_cli, write_markdown

SECRET = "TOP-SECRET-b7c1e2a9"


def assert_reported_as_issues(r, path: Path) -> None:
    """Refused by the validator itself (file:line: message lines), not by an accident."""
    assert r.returncode == 1, r.stderr
    assert b"internal error" not in r.stderr and b"Traceback" not in r.stderr
    lines = r.stdout.decode().splitlines()
    assert lines and all(line.startswith(f"{path}:") for line in lines), r.stdout


def _secret_file(tmp_path: Path) -> Path:
    p = tmp_path / "secret.txt"
    p.write_text(SECRET)
    return p


def test_validate_never_expands_an_external_entity(tmp_path):
    secret = _secret_file(tmp_path)
    xml = tmp_path / "xxe.xml"
    xml.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE article [\n'
                   f'  <!ENTITY xxe SYSTEM "file://{secret}">\n]>\n'
                   f'<article><front><article-meta><title-group><article-title>&xxe;'
                   f'</article-title></title-group></article-meta></front></article>\n')
    r = run_cli("validate", str(xml), timeout=60)
    assert_reported_as_issues(r, xml)
    assert SECRET.encode() not in r.stdout + r.stderr


def test_validate_never_loads_an_external_dtd_or_parameter_entity(tmp_path):
    secret = _secret_file(tmp_path)
    evil = tmp_path / "evil.dtd"
    evil.write_text(f'<!ENTITY % file SYSTEM "file://{secret}">\n'
                    f'<!ENTITY % wrap "<!ENTITY leak \'%file;\'>">\n%wrap;\n')
    xml = tmp_path / "param.xml"
    xml.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE article SYSTEM "file://{evil}">\n'
                   f'<article>&leak;</article>\n')
    r = run_cli("validate", str(xml), timeout=60)
    assert_reported_as_issues(r, xml)
    assert SECRET.encode() not in r.stdout + r.stderr


def test_validate_stops_a_billion_laughs_without_expanding_it(tmp_path):
    lol = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    lol += [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    xml = tmp_path / "laughs.xml"
    xml.write_text('<?xml version="1.0"?>\n<!DOCTYPE article [\n' + "\n".join(lol)
                   + "\n]>\n<article>&lol9;</article>\n")
    r = run_cli("validate", str(xml), timeout=60)  # a hang fails the test through the timeout
    assert_reported_as_issues(r, xml)
    assert len(r.stdout) + len(r.stderr) < 20_000
    assert b"lollollol" * 10 not in r.stdout + r.stderr


def test_validate_a_jats_file_with_the_dtd_env_set_still_never_expands(tmp_path, shared_dir):
    dtd = shared_dir / "jats/archiving-1.4/dtd/JATS-archivearticle1-4-mathml3.dtd"
    if not dtd.is_file():
        pytest.skip("official JATS DTD not available")
    secret = _secret_file(tmp_path)
    xml = tmp_path / "xxe.xml"
    xml.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE article [<!ENTITY xxe SYSTEM '
                   f'"file://{secret}">]>\n<article>&xxe;</article>\n')
    r = run_cli("validate", str(xml), env={"BRIEFCONV_JATS_DTD": str(dtd)}, timeout=120)
    assert_reported_as_issues(r, xml)
    assert SECRET.encode() not in r.stdout + r.stderr


# ---------------------------------------------------------------- names and places


@pytest.mark.parametrize("name", ["$(touch pwned).md", "; touch pwned ;.md", "`touch pwned`.md",
                                  "-rf.md", "a\nb.md", "x' && touch pwned '.md"])
def test_hostile_input_names_convert_inside_out_and_run_nothing(tmp_path, name):
    src = write_markdown(tmp_path / "in" / name)
    r = run_cli("convert", "-o", "out", "-t", "md", "--", str(src.relative_to(tmp_path)),
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert not list(tmp_path.rglob("pwned"))
    outs = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(outs) == 1 and "\n" not in outs[0].name
    assert outs[0].parent == tmp_path / "out"


def test_name_option_rejects_paths(tmp_path):
    r = run_cli("convert", "-", "-o", "out", "-t", "md", "--name", "../../escape", cwd=tmp_path,
                input=b"# T\n\ntext\n")
    assert r.returncode == 2
    assert not list(tmp_path.parent.rglob("escape.md"))


def test_walked_tree_with_symlinks_never_writes_outside_out(tmp_path):
    write_markdown(tmp_path / "in" / "sub" / "a.md")
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "in" / "link").symlink_to(outside, target_is_directory=True)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(outside, target_is_directory=True)
    r = run_cli("convert", "in", "-o", "out", "-t", "md", cwd=tmp_path)
    assert r.returncode == 1
    assert b"would land outside" in r.stderr
    assert list(outside.iterdir()) == []


def test_relative_dotdot_inputs_still_land_inside_out(tmp_path):
    write_markdown(tmp_path / "in" / "a.md")
    (tmp_path / "work").mkdir()
    r = run_cli("convert", "../in/a.md", "../in", "-o", "out", "-t", "md", cwd=tmp_path / "work")
    # the same file named twice is converted once, into out/
    assert r.returncode == 0, r.stderr
    assert [p.name for p in (tmp_path / "work/out").iterdir()] == ["a.md"]
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["a.md"]
    assert b"1 converted" in r.stderr


# ---------------------------------------------------------------- no shell


def _package_sources() -> list[Path]:
    return sorted((ROOT / "convert").rglob("*.py"))


def test_no_shell_is_ever_invoked():
    offenders = []
    for path in _package_sources():
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = ast.unparse(node.func)
            if func in ("os.system", "os.popen", "system", "popen", "pty.spawn",
                        "subprocess.getoutput", "subprocess.getstatusoutput", "os.execl",
                        "os.execlp", "os.spawnl", "os.spawnlp"):
                offenders.append(f"{path}:{node.lineno}: {func}")
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant)
                                              and kw.value.value is False):
                    offenders.append(f"{path}:{node.lineno}: shell={ast.unparse(kw.value)}")
    assert offenders == []


def test_no_eval_or_pickle_of_input_data():
    pattern = re.compile(r"\b(eval|exec)\(|pickle\.loads?\(|yaml\.load\(")
    hits = [f"{p}: {m.group(0)}" for p in _package_sources() for m in pattern.finditer(p.read_text())]
    assert hits == []
