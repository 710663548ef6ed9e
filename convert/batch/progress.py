"""A one-line progress display for a batch: plain text redrawn with ``\\r``, no dependency."""
from __future__ import annotations

import io
import shutil
import time
from typing import Optional, TextIO

# redraw at most this often, so a fast batch does not spend its time printing
MIN_REDRAW_SECONDS = 0.2


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Files and pages done, rates and ETA on one line of ``stream``; inert when disabled."""

    def __init__(self, total: int, stream: Optional[TextIO], enabled: bool):
        self.total = total
        self.stream: TextIO = stream if stream is not None else _NullStream()
        self.enabled = enabled and stream is not None
        self.files = 0
        self.pages = 0
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._width = 0

    def advance(self, pages: int = 0) -> None:
        self.files += 1
        self.pages += pages
        self.draw(force=self.files == self.total)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.files / elapsed
        eta = (self.total - self.files) / rate if self.files else None
        parts = [f"{self.files}/{self.total} files", f"{self.pages} pages",
                 f"{rate:.2f} files/s", f"{self.pages / elapsed:.1f} pages/s",
                 f"ETA {format_duration(eta) if eta is not None else '?'}"]
        return "briefconv: " + ", ".join(parts)

    def draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < MIN_REDRAW_SECONDS:
            return
        self._last_draw = now
        # a line longer than the terminal wraps, and "\r" goes back only to its last row: the
        # display would stack up a new row at every redraw, so it is cut to the width
        text = self.line()[: max(1, shutil.get_terminal_size().columns - 1)]
        pad = max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def clear(self) -> None:
        """Blank the line, e.g. before printing an error message or the summary."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def close(self) -> None:
        self.clear()


class _NullStream(io.StringIO):
    """Where a disabled progress line would go (it never writes)."""
