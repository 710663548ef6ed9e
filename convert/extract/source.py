"""The hand-over record between an extractor and the role recognisers.

Both extractors (pdf.py, text.py) turn their input into a flat, reading-order
list of :class:`SourceBlock`; ``roles.build_document`` turns that list into a
:class:`~convert.model.Document`.  Keeping this record small and explicit is
what lets every recogniser and normaliser pass serve both inputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

from ..model import Inline, Provenance, Table

# kinds of SourceBlock
SourceKind = Literal["text", "heading", "footnote", "furniture", "rule", "table"]
TEXT: SourceKind = "text"            # running text, front matter or body: roles decide
HEADING: SourceKind = "heading"      # the source marks it as a heading (Markdown '#', font size)
FOOTNOTE: SourceKind = "footnote"    # text from a page-bottom footnote zone / definition
FURNITURE: SourceKind = "furniture"  # running header/footer/page number (extractor decided)
RULE: SourceKind = "rule"            # a horizontal rule / separator ('---', a drawn line)
TABLE: SourceKind = "table"          # a table the extractor found: ``table`` holds the model Table


@dataclass
class SourceBlock:
    """One block of text as the extractor found it.

    ``content`` keeps line ends as "\\n" inside Text nodes: whether a line-end
    hyphen is real is the normaliser's decision, not the extractor's.
    Footnote markers already found (``<sup>``, raised small digits) are
    FootnoteRef nodes.  A FOOTNOTE block with ``label`` None continues the
    previous footnote (e.g. on the next page).
    """

    kind: SourceKind
    content: list[Inline] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    level: int = 0                 # heading level when the source marks one (1 = top)
    label: Optional[str] = None    # footnote label for FOOTNOTE blocks
    bold: bool = False             # the whole block is bold / strong
    italic: bool = False           # the whole block is italic / emphasised
    size: float = 1.0              # font size relative to body text (PDF); 1.0 unknown
    indent: bool = False           # first line indented: a paragraph-start cue
    furniture_kind: Optional[str] = None  # a FurnitureKind of convert.model
    table: Optional[Table] = None  # TABLE blocks: the table, cells and all
    box: Optional[str] = None      # blocks of one side box or call-out share this key (PDF)

    @property
    def page(self) -> Optional[int]:
        return self.provenance[0].page if self.provenance else None
