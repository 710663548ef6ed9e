"""The visual check behind ``briefconv inspect``: every located piece of a Document as a
(page, box, role) region, drawn over the rendered pages in the role's colour with a legend."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from . import model
from .extract.pdf.open import iter_page_images

RENDER_RESOLUTION = 72
ROLE_COLOURS = {
    "title": (220, 30, 30), "series": (230, 120, 0), "date": (150, 90, 0), "byline": (0, 150, 0),
    "editors": (0, 110, 60), "disclaimer": (140, 0, 160), "author-note": (200, 0, 200),
    "abstract": (0, 90, 220), "heading": (0, 170, 200), "body": (60, 60, 60),
    "footnote": (240, 160, 0), "marker": (255, 0, 120), "furniture": (160, 160, 160),
    "contents": (120, 120, 40), "back-matter": (90, 60, 140), "figure": (0, 140, 110),
    "boxed-text": (200, 60, 120), "list": (70, 130, 40), "table": (30, 60, 160),
}
# body blocks other than paragraphs, each in a colour of its own
BLOCK_ROLES = ((model.Heading, "heading"), (model.BoxedText, "boxed-text"), (model.ListBlock, "list"),
               (model.Table, "table"))
OTHER_COLOUR = (0, 0, 0)
LEGEND_WIDTH = 120            # pixels of margin right of the page for the legend
LEGEND_ROW = 12
Region = tuple[int, tuple[float, float, float, float], str]

ROLE_OF_FURNITURE = "furniture"
PAGE_ROLE_KINDS = ("contents", "back-matter", "figure")  # furniture shown in its own colour


def role_regions(doc: model.Document) -> list[Region]:
    """(page, bbox, role) for every located piece of the document, for the visual check."""
    out: list[Region] = []

    def add(provs, role):
        for p in provs:
            if p.page is not None and p.bbox is not None:
                out.append((p.page, p.bbox, role))

    for role, para in (("disclaimer", doc.disclaimer),):
        if para is not None:
            add(para.provenance, role)
    for c in doc.contributors:
        if c.note is not None:
            add(c.note.provenance, "author-note")
    for p in doc.abstract:
        add(p.provenance, "abstract")
    for b in doc.blocks:
        add(b.provenance, next((role for cls, role in BLOCK_ROLES if isinstance(b, cls)), "body"))
    for f in doc.footnotes:
        add(f.provenance, "footnote")
    for piece in doc.furniture:
        add(piece.provenance, piece.kind if piece.kind in PAGE_ROLE_KINDS else ROLE_OF_FURNITURE)
    for role, provs in doc.front_provenance.items():
        add(provs, role)
    for container in model.iter_paragraph_like(doc):
        for ref in model.footnote_refs(container.content):
            add(ref.provenance, "marker")
    return out



def render_regions(data: bytes, regions, outdir, password: Optional[str] = None,
                   stem: str = "page") -> list[Path]:
    """One PNG per page with a box per (page, bbox, role) region and a colour legend."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    by_page: dict[int, list] = {}
    for page, bbox, role in regions:
        by_page.setdefault(page, []).append((bbox, role))
    paths: list[Path] = []
    try:
        for number, img in enumerate(iter_page_images(data, RENDER_RESOLUTION, password=password, name=stem), 1):
            picture = _draw_regions(img, by_page.get(number, ()))
            path = outdir / f"{stem}-{number:03d}.png"
            paths.append(path)
            picture.save(path)
    except BaseException:  # a page that cannot be rendered: no half set of pictures is left
        for path in paths:
            path.unlink(missing_ok=True)
        raise
    return paths


def _draw_regions(img: Any, regions: Any) -> Any:
    """The page with its regions drawn, and the legend in a margin to the right of the page
    (over the page it hid what it was meant to explain)."""
    from PIL import Image, ImageDraw
    scale = RENDER_RESOLUTION / 72.0
    draw = ImageDraw.Draw(img)
    used: list[str] = []
    for bbox, role in regions:
        colour = ROLE_COLOURS.get(role, OTHER_COLOUR)
        x0, top, x1, bottom = (v * scale for v in bbox)
        draw.rectangle([x0 - 1, top - 1, x1 + 1, bottom + 1], outline=colour, width=2)
        if role not in used:
            used.append(role)
    roles = used or list(ROLE_COLOURS)
    width, height = img.size
    canvas = Image.new("RGB", (width + LEGEND_WIDTH, max(height, LEGEND_ROW * (len(roles) + 1))), "white")
    canvas.paste(img, (0, 0))
    _legend(ImageDraw.Draw(canvas), roles, width)
    return canvas


def _legend(draw: Any, roles: list[str], left: int) -> None:
    x, y = left + 8, 6
    for k, role in enumerate(roles):
        colour = ROLE_COLOURS.get(role, OTHER_COLOUR)
        yy = y + k * LEGEND_ROW
        draw.rectangle([x, yy + 2, x + 8, yy + 10], fill=colour)
        draw.text((x + 12, yy), role, fill=(0, 0, 0))
