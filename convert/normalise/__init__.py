"""Normalise stage: named, ordered, pure passes Document -> Document, one module each.

``normalise(doc)`` copies the document once and runs every pass in order;
each entry of ``PASSES`` is also usable alone and never touches its input.
Running the passes twice gives the same document as running them once.

Order matters: unicode_cleanup, join_lines (needs clean text), rejoin_split_paragraphs
(needs whole lines to see where sentences end), make_lists (after the rejoining, so
items are whole and never merged again), link_urls, link_footnotes (URLs are
already links, so their digits are never taken for markers), tidy.
"""
from __future__ import annotations

from typing import Callable, Optional

from ..errors import BriefconvError
from ..model import Document
from .copying import copy_document
from .lines import join_lines
from .lists import make_lists
from .links import link_urls
from .markers import link_footnotes
from .paragraphs import rejoin_split_paragraphs
from .tidy import tidy
from .unicode import unicode_cleanup

__all__ = ["PASSES", "PASS_NAMES", "copy_document", "normalise"]

# the rule chain: (name, pass working in place on a document it owns), in running order
IN_PLACE: list[tuple[str, Callable[[Document], None]]] = [
    ("unicode_cleanup", unicode_cleanup),
    ("join_lines", join_lines),
    ("rejoin_split_paragraphs", rejoin_split_paragraphs),
    ("make_lists", make_lists),
    ("link_urls", link_urls),
    ("link_footnotes", link_footnotes),
    ("tidy", tidy),
]


def _pure(name: str, fn: Callable[[Document], None]) -> Callable[[Document], Document]:
    def run(doc: Document) -> Document:
        out = copy_document(doc)
        fn(out)
        return out
    run.__name__ = name
    run.__doc__ = fn.__doc__
    return run


PASSES: list[tuple[str, Callable[[Document], Document]]] = [(name, _pure(name, fn)) for name, fn in IN_PLACE]
PASS_NAMES = [name for name, _ in IN_PLACE]


def normalise(doc: Document, passes: Optional[list[str]] = None) -> Document:
    """Run the named passes (all by default) in their fixed order on a copy of ``doc``."""
    wanted = PASS_NAMES if passes is None else list(passes)
    unknown = [p for p in wanted if p not in PASS_NAMES]
    if unknown:
        raise BriefconvError(f"unknown normaliser pass(es): {', '.join(unknown)}")
    out = copy_document(doc)
    for name, fn in IN_PLACE:
        if name in wanted:
            fn(out)
    return out
