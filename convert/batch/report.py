"""The JSONL report (one line per input) and ``--resume``, which reads it back.

A line goes to the kernel with one ``write`` as soon as its input's outputs are in place: a
``kill -9`` of the batch loses no finished input's line (the kernel holds it), at most the
line of the one input being committed at that instant, whose outputs ``--resume`` then
redoes.  Lines reach the disk per ``--fsync``: after each line (``file``), at the end of the
batch (``batch``), or when the kernel pleases (``none``); a power cut can only lose lines, and
a lost line only means its input is converted again."""
from __future__ import annotations

import json
import os
from typing import Iterator, Optional

from ..pipeline import OUTPUT_FORMATS
from .atomic import write_all
from .plan import Job
from .sink import sha256_of

OK, FAILED, SKIPPED = "ok", "failed", "skipped"

# ---------------------------------------------------------------- report and resume


class Report:
    """Append-only JSONL; each record is one ``os.write`` so a kill never tears a line
    (and a torn last line from a power cut is skipped when read back).

    ``Report(path, append=True)`` adds to an existing report; :meth:`write` appends one record
    (a dict), :meth:`read` (a static method) gives every record of a report file."""

    def __init__(self, path: Optional[str], append: bool, fsync_each: bool = False):
        self.fd: Optional[int] = None
        self.path = path
        self.fsync_each = fsync_each
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
            if self.fsync_each:
                os.fsync(self.fd)
        except OSError as e:
            try:
                os.ftruncate(self.fd, start)
            except OSError:
                pass
            self.failure = f"{e.strerror or e}"
            self._close_quietly()

    def close(self, fsync: bool = True) -> None:
        if self.fd is not None:
            if fsync:
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

    @staticmethod
    def done_index(path: Optional[str]) -> dict[str, list[dict]]:
        """What the report at ``path`` records as done, for ``is_done``/``--resume``."""
        return done_index(path)

    @staticmethod
    def read(path: Optional[str]) -> Iterator[dict]:
        """Every record of a report, in order (a missing file has none; torn lines are skipped)."""
        if not path:
            return
        try:
            with open(path, "rb") as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            return
        for raw in lines:
            try:
                rec = json.loads(raw)
            except ValueError:
                continue  # a torn line
            if isinstance(rec, dict) and isinstance(rec.get("input"), str):
                yield rec


def make_record(job: Job, status: str, *, error: Optional[str] = None, outputs=(),
                fmt: Optional[str] = None, pages: int = 0, warnings: int = 0, seconds: float = 0.0,
                usage: Optional[dict] = None, output_sha256: Optional[dict] = None) -> dict:
    """One report line (the fields are documented in the README's batch section)."""
    return {"input": job.label, "sha256": job.sha256, "status": status, "error": error,
            "outputs": list(outputs), "format": fmt, "pages": pages, "warnings": warnings,
            "seconds": round(seconds, 3), "cpu_seconds": (usage or {}).get("cpu_seconds"),
            "peak_rss_mb": (usage or {}).get("peak_rss_mb"), "key": job.key,
            "output_sha256": output_sha256}


def read_report(path: Optional[str]) -> dict[str, dict]:
    """The last record per input of an earlier report (missing file: nothing)."""
    return {rec["input"]: rec for rec in Report.read(path)}


def done_index(path: Optional[str]) -> dict[str, list[dict]]:
    """Records that say an input was done (ok or skipped), by key, newest first."""
    index: dict[str, list[dict]] = {}
    for rec in Report.read(path):
        key = rec.get("key")
        if rec.get("status") in (OK, SKIPPED) and isinstance(key, str) \
                and isinstance(rec.get("output_sha256"), dict):
            index.setdefault(key, []).insert(0, rec)
    return index


def _recorded_path(rec: dict, fmt: str) -> Optional[str]:
    suffix = OUTPUT_FORMATS[fmt]
    for out in rec.get("outputs") or []:
        if isinstance(out, str) and out.endswith(suffix):
            return out
    return None


def find_done(job: Job, index: dict[str, list[dict]]) -> Optional[tuple[dict, list[tuple[str, str]]]]:
    """An earlier record of the same content and options whose outputs are all intact, and the
    copies that put them in place: ``(record, [(recorded path, planned path), ...])``.  An
    output is intact at its planned path when its hash is the recorded one; one that is
    missing there but intact where the record says (the output tree was moved, or the input
    moved within the tree) is copied, not converted again."""
    if job.path is None or job.error or not job.outputs or job.key is None:
        return None
    for rec in index.get(job.key, []):
        hashes = rec["output_sha256"]
        copies: list[tuple[str, str]] = []
        for fmt in job.formats:
            want, planned = hashes.get(fmt), job.outputs[fmt]
            if want is None:
                break
            if sha256_of(planned) == want:
                continue
            old = _recorded_path(rec, fmt)
            if old is None or old == planned or sha256_of(old) != want:
                break
            copies.append((old, planned))
        else:
            return rec, copies
    return None
