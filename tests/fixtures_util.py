"""Read fixture files in markdown-it-py's format: title, '.', input, '.', expected, '.'."""
from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read_fixtures(name: str) -> list[tuple[str, str, str]]:
    """[(title, input, expected)]; a blank line separates cases; '.' alone delimits parts."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    cases = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i].strip()
        i += 1
        if i >= len(lines) or lines[i] != ".":
            raise ValueError(f"{name}: case {title!r}: expected '.' after the title")
        parts = []
        i += 1
        for _ in range(2):
            buf = []
            while i < len(lines) and lines[i] != ".":
                buf.append(lines[i])
                i += 1
            if i >= len(lines):
                raise ValueError(f"{name}: case {title!r}: unterminated")
            parts.append("\n".join(buf))
            i += 1
        cases.append((title, parts[0], parts[1]))
    return cases


def params(name: str, prefix: str = ""):
    """pytest.param list of (input, expected) for the cases whose title starts with prefix."""
    import pytest
    return [pytest.param(inp, exp, id=title) for title, inp, exp in read_fixtures(name)
            if title.startswith(prefix)]
