"""Where outputs go: a local directory (written atomically by :mod:`.atomic`) or an fsspec URL
(``s3://``, ``gcs://``, ``memory://``...; needs the ``fsspec`` package and the file system's
own one, e.g. ``s3fs``).  An object store makes an upload visible whole or not at all, so a
URL output is written in one ``pipe_file``; ``file://`` URLs are plain local paths."""
from __future__ import annotations

import hashlib
from typing import Any, Optional

from ..errors import OutputError
from .plan import is_url

FILE_SCHEME = "file://"


def local_path(path: str) -> str:
    """``file:///x`` as ``/x``; anything else unchanged."""
    return path[len(FILE_SCHEME):] if path.startswith(FILE_SCHEME) else path


def _fs(url: str) -> tuple[Any, str]:
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise OutputError(f"{url}: writing to a URL needs fsspec (pip install fsspec)") from None
    return url_to_fs(url)


def write_url(url: str, data: bytes) -> None:
    fs, path = _fs(url)
    parent = path.rsplit("/", 1)[0] if "/" in path else ""
    if parent:
        fs.makedirs(parent, exist_ok=True)
    fs.pipe_file(path, data)


def read_bytes(path: str) -> Optional[bytes]:
    """The bytes at a local path or URL; None when there is nothing (or nothing readable)."""
    try:
        if is_url(path):
            fs, p = _fs(path)
            return fs.cat_file(p)
        with open(local_path(path), "rb") as f:
            return f.read()
    except (OSError, ValueError):
        return None


def sha256_of(path: str) -> Optional[str]:
    data = read_bytes(path)
    return None if data is None else hashlib.sha256(data).hexdigest()
