"""The JSONL report (one line per input, written with one ``write`` as soon as the input is
done) and ``--resume``, which reads it back."""
from __future__ import annotations

import json
import os
from typing import Optional

from .atomic import write_all
from .plan import Job

OK, FAILED, SKIPPED = "ok", "failed", "skipped"

# ---------------------------------------------------------------- report and resume


class Report:
    """Append-only JSONL; each record is one ``os.write`` so a kill never tears a line
    (and a torn last line from a power cut is skipped when read back)."""

    def __init__(self, path: Optional[str], append: bool):
        self.fd: Optional[int] = None
        self.path = path
        self.failure: Optional[str] = None  # why the report stopped being written
        if path is None:
            return
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if append else os.O_TRUNC)
        self.fd = os.open(path, flags, 0o666)
        if append and os.fstat(self.fd).st_size:
            with open(path, "rb") as f:
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    os.write(self.fd, b"\n")

    def write(self, record: dict) -> None:
        """One whole line or nothing: a short write (a full disk) is cut back off, and the run
        goes on without a report (``failure`` says why) rather than abort."""
        if self.fd is None:
            return
        try:
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8: \udcff escapes round-trip
            line = (json.dumps(record) + "\n").encode("ascii")
        start = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            write_all(self.fd, line)
        except OSError as e:
            try:
                os.ftruncate(self.fd, start)
            except OSError:
                pass
            self.failure = f"{e.strerror or e}"
            self._close_quietly()

    def close(self) -> None:
        if self.fd is not None:
            try:
                os.fsync(self.fd)
            except OSError:
                pass
            self._close_quietly()

    def _close_quietly(self) -> None:
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None


def read_report(path: Optional[str]) -> dict[str, dict]:
    """The last record per input of an earlier report (missing file: nothing)."""
    last: dict[str, dict] = {}
    if not path:
        return last
    try:
        with open(path, "rb") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return last
    for raw in lines:
        try:
            rec = json.loads(raw)
        except ValueError:
            continue  # a torn line
        if isinstance(rec, dict) and isinstance(rec.get("input"), str):
            last[rec["input"]] = rec
    return last


def is_done(job: Job, previous: dict[str, dict]) -> bool:
    rec = previous.get(job.label)
    if rec is None or job.path is None or job.error or not job.outputs:
        return False
    wanted = sorted(job.outputs.values())
    return (rec.get("status") in (OK, SKIPPED) and rec.get("sha256") == job.sha256
            and sorted(rec.get("outputs") or []) == wanted
            and all(os.path.isfile(p) for p in wanted))
