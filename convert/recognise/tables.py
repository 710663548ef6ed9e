"""Tables the extractor found pass through the recogniser untouched: taken aside before the
front matter is read, then put back among the body blocks by where they are printed."""
from __future__ import annotations

from ..extract.source import SourceBlock
from ..model import Document, Provenance, Table


def source_tables(blocks: list[SourceBlock]) -> list[Table]:
    """The tables of a list of SourceBlocks, in order."""
    return [b.table for b in blocks if b.table is not None]


def place_tables(doc: Document, tables: list[Table]) -> None:
    """Put each table before the first body block that starts after it (page, then top)."""
    def where(provs: list[Provenance]) -> tuple[float, float]:
        p = provs[0] if provs else Provenance()
        if p.bbox is None and p.lines:  # text input: by source line
            return (0, float(p.lines[0]))
        return (p.page or 0, p.bbox[1] if p.bbox else 0.0)

    for t in tables:
        key = where(t.provenance)
        at = next((i for i, b in enumerate(doc.blocks)
                   if not isinstance(b, Table) and b.provenance and where(b.provenance) > key), len(doc.blocks))
        doc.blocks.insert(at, t)
