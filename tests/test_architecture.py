"""The five stages and who may import whom (docs/CONTRIBUTING.md), checked over the source.

extract -> recognise -> normalise -> write -> validate; ``pipeline`` is the only module that
knows them all, ``cli`` the only click importer, the ``extract/pdf/open`` package the only
importer of PDF libraries (pdfplumber, pdfminer, pypdfium2: one module per reader there).
Shared by every stage: ``model``, ``errors``, ``patterns``, ``standards``, ``codec``.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "convert"
SHARED = {"convert.model", "convert.errors", "convert.patterns", "convert.standards", "convert.codec", "convert.limits",
          "convert.schemas"}
STAGES = ("extract", "recognise", "normalise", "write", "validation")

# stage -> the other parts of convert it may import (besides SHARED and itself)
ALLOWED = {
    "extract": set(),
    "recognise": {"convert.extract.source"},
    "normalise": set(),
    "write": set(),
    "validation": set(),
    "batch": {"convert.pipeline"},
    "inspect": {"convert.extract.pdf.open"},
}
# third-party packages that only one module (or the modules of one package) may import
SOLE_IMPORTERS = {
    "pdfplumber": "convert.extract.pdf.open",
    "pdfminer": "convert.extract.pdf.open",
    "pypdfium2": "convert.extract.pdf.open",
    "click": "convert.cli",
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(absolute module imported, names imported from it) for every import in the file."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [a.name for a in node.names]
            if node.module is None:  # "from . import x": each name is a module
                out += [(f"{target}.{n}", []) for n in names]
            else:
                out.append((target, names))
    return out


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _part(module: str) -> str:
    """The stage (or top-level module) a module belongs to: convert.extract.pdf.lines -> extract."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _is_within(target: str, roots: set[str]) -> bool:
    return any(target == r or target.startswith(r + ".") for r in roots)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _part(m) in ALLOWED))
def test_each_stage_imports_only_what_it_may(module):
    own = f"convert.{_part(module)}"
    allowed = SHARED | ALLOWED[_part(module)] | {own}
    bad = [t for t, _ in _imports(MODULES[module])
           if t.startswith("convert") and t != "convert" and not _is_within(t, allowed)]
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("package,owner", sorted(SOLE_IMPORTERS.items()))
def test_a_third_party_package_has_one_importer(package, owner):
    importers = {m for m, p in MODULES.items() for t, _ in _imports(p) if t.split(".")[0] == package}
    outside = {m for m in importers if not _is_within(m, {owner})}
    assert not outside, f"{package} imported by {sorted(outside)}"


def test_no_module_imports_another_modules_private_names():
    bad = []
    for module, path in MODULES.items():
        for target, names in _imports(path):
            if target.startswith("convert") and target != module:
                bad += [f"{module}: {target}.{n}" for n in names if n.startswith("_") and not n.startswith("__")]
    assert not bad, bad


def test_only_the_pipeline_knows_every_stage():
    knows_all = []
    for module, path in MODULES.items():
        seen = {_part(t) for t, _ in _imports(path) if t.startswith("convert.")}
        if set(STAGES) <= seen | {_part(module)}:
            knows_all.append(module)
    assert knows_all == ["convert.pipeline"]


def test_the_import_checker_sees_relative_imports():
    """The checks above pass only if the checker resolves imports: a known one must show."""
    imports = dict(_imports(MODULES["convert.extract.pdf"]))
    assert "convert.extract.pdf.assemble" in imports
    assert "convert.extract.source" in imports
