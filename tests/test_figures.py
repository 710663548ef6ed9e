"""Figure regions: caption to source line, in small type, leave the running text."""
from __future__ import annotations

from convert.extract.pdf import assemble as document
from test_layout import page, prose


def _figure_specs(x: float, y: float) -> list:
    specs = [("Figure 1. Pillars of the strategy", x, y, {"size": 9})]
    specs += [(f"{k}.1: Label of pillar {k}", x + 20, y + 20 + 12 * k, {"size": 7}) for k in range(1, 8)]
    specs += [("Source: analysis of the strategy.", x, y + 130, {"size": 6})]
    return specs


def test_figure_labels_between_caption_and_source_leave_the_body():
    specs = prose(50, 100, 30, width_chars=50) + _figure_specs(330, 150)
    blocks = document.analyse([page(1, specs)])
    body = " ".join(b.text for b in blocks if b.kind in ("text", "heading"))
    assert "Label of pillar" not in body and "Figure 1." not in body and "Source:" not in body
    figs = [b for b in blocks if b.kind == "furniture" and b.furniture_kind == "figure"]
    assert len(figs) == 1 and len(figs[0].lines) == 9
    assert "lorem ipsum" in body


def test_caption_above_body_type_prose_is_not_a_figure_region():
    specs = [("Figure 1. A chart printed above the prose that follows it in the column here", 50, 80, {"size": 10})]
    specs += prose(50, 100, 20, width_chars=70)
    specs += [("Source: a survey of the members of the committee in the spring of the year", 50, 360, {"size": 10})]
    blocks = document.analyse([page(1, specs)])
    assert not any(b.furniture_kind == "figure" for b in blocks)
    assert sum(b.text.count("lorem") for b in blocks if b.kind == "text") >= 20


def test_exhibit_with_centred_caption_and_body_type_cells_is_one_region():
    specs = prose(50, 60, 6)
    specs += [("Exhibit 9", 260, 150, {"size": 11})]
    for r in range(6):  # a grid of short cells in body type
        specs += [(f"Cell {r}a", 60, 180 + 14 * r), (f"Cell {r}b", 250, 180 + 14 * r), (f"Cell {r}c", 430, 180 + 14 * r)]
    specs += [("Source: adapted from a survey of the members of the committee in the spring of the last year", 50, 280, {"size": 10})]
    specs += prose(50, 320, 6)
    blocks = document.analyse([page(1, specs)])
    body = " ".join(b.text for b in blocks if b.kind in ("text", "heading"))
    assert "Cell" not in body and "Exhibit" not in body
    assert body.count("lorem") >= 12


def test_figure_label_sticking_out_left_of_the_caption_stays_in_the_figure():
    specs = prose(330, 100, 30, width_chars=50) + [("Figure 2: Extent of the ratings", 60, 100, {"size": 9})]
    specs += [("objectives, activities, and", 40, 150, {"size": 8}), ("Partially addressed", 120, 170, {"size": 8})]
    specs += [("Source: analysis of the strategy.", 60, 200, {"size": 6})]
    blocks = document.analyse([page(1, specs)])
    body = " ".join(b.text for b in blocks if b.kind in ("text", "heading"))
    assert "objectives, activities" not in body and "Partially" not in body


def test_running_text_naming_a_figure_is_not_a_caption():
    specs = [("Figure 1 shows the share of the holdings held abroad over the years since then", 50, 80)]
    specs += prose(50, 92, 10, width_chars=80)
    specs += [("Source: the monthly survey of holdings.", 50, 240, {"size": 8})]
    blocks = document.analyse([page(1, specs)])
    assert not any(b.furniture_kind == "figure" for b in blocks)
    assert any(b.kind == "text" and b.text.startswith("Figure 1 shows") for b in blocks)
