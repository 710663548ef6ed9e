"""What every check returns, and what the checks share."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Optional

from ..errors import MissingDependencyError

INSTALL_HINT = "pip install 'briefconv[validate]'"
__all__ = ["INSTALL_HINT", "Issue", "MissingDependencyError", "schema_file"]


@dataclass(frozen=True)
class Issue:
    path: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line or 0}: {self.message}"


def schema_file(name: str) -> Traversable:
    """A schema shipped as the package convert.schemas (schemas/ at the top of the source tree)."""
    try:
        return resources.files("convert.schemas").joinpath(name)
    except ModuleNotFoundError:  # a source tree run without installing (an unpacked sdist)
        return Path(__file__).resolve().parents[2] / "schemas" / name
