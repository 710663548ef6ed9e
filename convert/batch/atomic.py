"""Crash-safe output files.

Every output is first written to a temporary file in its final directory,
fsynced, then ``os.replace``d onto its final name, so a reader (or a rerun
after Ctrl-C, SIGKILL or a power cut) sees either the old file, the new file
or nothing -- never a partial or empty one.

Temporary files are hidden and end in :data:`TMP_SUFFIX`; no output briefconv
writes ends that way (outputs end in .xml, .json or .md), so ``--resume`` may
delete every file matching :func:`is_temp_name` under the output directory.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Iterable, Optional

TMP_MARK = ".briefconv-tmp-"
TMP_SUFFIX = ".part"


def temp_name_for(final: Path) -> Path:
    """A fresh temporary path next to ``final`` (same directory, same file system), named with
    the process that owns it, so that a later run removes it only once that process is gone."""
    return final.with_name(f".{final.name}{TMP_MARK}{os.getpid()}-{secrets.token_hex(6)}{TMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    return name.startswith(".") and TMP_MARK in name and name.endswith(TMP_SUFFIX)


def _owner(name: str) -> Optional[int]:
    """The process id in a temporary's name (None in names from before owners were recorded)."""
    tail = name.rsplit(TMP_MARK, 1)[-1]
    pid, _, _ = tail.partition("-")
    return int(pid) if pid.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def write_temp(final: Path, data: bytes, tmp: Path | None = None, fsync: bool = True) -> Path:
    """Write ``data`` to a new temporary file beside ``final`` (and fsync it); returns its path."""
    tmp = tmp or temp_name_for(final)
    # O_EXCL: never follow or reuse whatever already sits at the name
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        write_all(fd, data)
        if fsync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        discard([tmp])
        raise
    os.close(fd)
    return tmp


def write_all(fd: int, data: bytes) -> None:
    """All of ``data``: os.write may write less than it was given (a full disk, a signal)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def commit(pairs: Iterable[tuple[Path, Path]], fsync: bool = True) -> set[Path]:
    """Move each (tmp, final) into place, then (with ``fsync``) fsync the directories touched;
    returns those directories."""
    dirs = set()
    for tmp, final in pairs:
        os.replace(tmp, final)
        dirs.add(final.parent)
    if fsync:
        for d in dirs:
            fsync_dir(d)
    return dirs


def sync_batch(dirs: Iterable[Path]) -> None:
    """Make a batch written without per-file fsyncs durable at once: one ``syncfs`` per file
    system the directories lie on (it writes every dirty file there, far cheaper than one
    fsync per file, each of which waits for its own journal commit), then one fsync per
    directory for the renames.  Without syncfs (not Linux) every file system is synced."""
    dirs = sorted(set(dirs))
    devices: dict[int, Path] = {}
    for d in dirs:
        try:
            devices.setdefault(os.stat(d).st_dev, d)
        except OSError:
            continue
    for d in devices.values():
        _syncfs(d)
    for d in dirs:
        fsync_dir(d)


def _syncfs(d: Path) -> None:
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        os.sync()
        return
    try:
        fd = os.open(d, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        os.sync()
        return
    try:
        syncfs(fd)
    finally:
        os.close(fd)


def write_atomic(final: Path, data: bytes) -> None:
    commit([(write_temp(final, data), final)])


def fsync_dir(d: Path) -> None:
    try:
        fd = os.open(d, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # not every platform lets a directory be opened; the data itself is synced
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def discard(paths: Iterable[Path]) -> None:
    """Remove what can be removed: a temporary that cannot be (a read-only or vanished
    directory) must not turn one input's failure into the batch's."""
    for p in paths:
        try:
            os.unlink(p)
        except OSError:
            pass


def clean_temps(root: Path) -> list[Path]:
    """Delete temporary files an interrupted run left under ``root`` (never those of a run that
    is still going); returns them."""
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            owner = _owner(name) if is_temp_name(name) else None
            if is_temp_name(name) and (owner is None or owner == os.getpid() or not _alive(owner)):
                p = Path(dirpath) / name
                discard([p])
                removed.append(p)
    return removed
