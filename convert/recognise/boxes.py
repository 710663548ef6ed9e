"""Side boxes and call-outs: the body blocks an extractor marked as one box (the same
``SourceBlock.box`` key, in a row) become one :class:`~convert.model.BoxedText`, its
leading heading the box's title."""
from __future__ import annotations

from typing import Callable, Optional

from ..extract.source import SourceBlock
from ..model import Block, BoxedText, Heading


def with_boxes(blocks: list[SourceBlock], make: Callable[[SourceBlock], Block]) -> list[Block]:
    """Body blocks in order, each run of one box's blocks gathered into a BoxedText."""
    out: list[Block] = []
    key: Optional[str] = None
    for b in blocks:
        block = make(b)
        if b.box is None:
            out.append(block)
            key = None
            continue
        box = out[-1] if out and key == b.box else None
        if not isinstance(box, BoxedText):
            box = BoxedText()
            out.append(box)
            key = b.box
        if isinstance(block, Heading) and not box.title and not box.blocks:
            box.title = list(block.content)
        else:
            box.blocks.append(block)
        box.provenance.extend(b.provenance)
    return out
