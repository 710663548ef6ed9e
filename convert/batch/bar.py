"""The batch progress bar drawn by tqdm when it is installed (the optional extra
``progress``): it fits itself to the terminal's width as the window changes.  Without tqdm,
:class:`.progress.Progress` draws our own line, cut to the width."""
from __future__ import annotations

from typing import Any, Optional, TextIO, Union

from .progress import Progress


class TqdmProgress:
    """The :class:`.progress.Progress` interface (advance, draw, clear) on a tqdm bar."""

    def __init__(self, tqdm: Any, total: int, stream: TextIO):
        self.files = 0
        self.pages = 0
        # leave=False: the bar is wiped when done, and the summary line takes its place
        self.bar = tqdm(total=total, file=stream, unit="file", dynamic_ncols=True, leave=False,
                        desc="briefconv", mininterval=0.2)

    def advance(self, pages: int = 0) -> None:
        self.files += 1
        self.pages += pages
        self.bar.set_postfix_str(f"{self.pages} pages", refresh=False)
        self.bar.update(1)

    def draw(self, force: bool = False) -> None:
        self.bar.refresh()

    def clear(self) -> None:
        self.bar.clear()

    def close(self) -> None:
        self.bar.close()


def make_progress(total: int, stream: Optional[TextIO], enabled: bool) -> Union[Progress, TqdmProgress]:
    """tqdm's bar when it is installed and the display is wanted, else our own line."""
    if enabled and stream is not None:
        try:
            from tqdm import tqdm
        except ImportError:
            pass
        else:
            return TqdmProgress(tqdm, total, stream)
    return Progress(total, stream, enabled)
