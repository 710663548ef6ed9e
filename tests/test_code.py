"""The code's own checks, run with the tests so that .ci/run enforces them: mypy is clean on
convert/ (settings in pyproject.toml) and no function is more complex than COMPLEXITY_LIMIT
(radon's cyclomatic complexity, the D grade and above)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPLEXITY_LIMIT = 20


def test_mypy_is_clean_on_the_package():
    from mypy import api
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "convert")])
    assert status == 0, stdout + stderr


def test_no_function_is_more_complex_than_the_limit():
    from radon.complexity import cc_visit
    too_complex = []
    for path in sorted((ROOT / "convert").rglob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > COMPLEXITY_LIMIT:
                too_complex.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} ({block.complexity})")
    assert not too_complex, "\n".join(too_complex)


def test_the_complexity_check_sees_functions():
    """The check above passes only if radon reads our code: a known function must show."""
    from radon.complexity import cc_visit
    names = {b.fullname for b in cc_visit((ROOT / "convert/pipeline.py").read_text(encoding="utf-8"))}
    assert "convert" in names
