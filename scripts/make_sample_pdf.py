#!/usr/bin/env python3
"""Typeset samples/municipal-broadband-brief-2022.pdf from the text below (needs reportlab).

A one-column brief set in Times with a running header, centred page numbers,
superscript footnote markers, footnotes under a short rule at each page bottom
(one of them continued on the next page) and an italic byline: a PDF the
converter has never been tuned on, made by project code.

    python scripts/make_sample_pdf.py [OUT.pdf]
"""
import re
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A5
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parent.parent / "samples" / "municipal-broadband-brief-2022.pdf"
PAGE_W, PAGE_H = A5
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 48, 62, 56
BODY, BODY_SIZE, LEADING = "Times-Roman", 11, 14.5
FN_SIZE, FN_LEADING = 8.5, 10.5
SUP_SIZE, SUP_RISE = 6.5, 4

FRONT = [
    ("Helvetica-Bold", 12, "Research Note"),
    ("Helvetica-Bold", 20, "Public Fibre in Small Towns: What the First"),
    ("Helvetica-Bold", 20, "Municipal Networks Teach Us"),
    ("Times-Roman", 11, "11 November 2022"),
    ("Times-Italic", 11, "By Hannah K. Lindqvist, Programme Director, and Samuel Adeyemi *"),
    ("Times-Italic", 9, "(Views expressed are those of the authors alone.)"),
    ("Times-Roman", 8.5, "* Samuel Adeyemi is a visiting researcher working on rural infrastructure finance."),
]
LEDE = ("Eleven small towns built their own fibre networks between 2015 and 2020. Most now offer faster "
        "and cheaper connections than the national carriers, but two have struggled to repay their loans. "
        "This note compares the eleven and draws three lessons for councils considering the same step.")
BODY_PARAS = [
    "The towns in our sample range from 4,000 to 38,000 inhabitants. In each, the council either built "
    "the network itself or set up a company that it owns outright.[1] Construction costs per connected "
    "home varied by a factor of three, mainly with housing density and the share of ducts that could be "
    "reused from older cable networks.",
    "Take-up decided the outcome. Networks that signed up more than 40 per cent of homes within three "
    "years covered their debt service comfortably; the two that stayed below 25 per cent did not.[2] "
    "Early take-up in turn depended on pre-registration campaigns run before a single trench was dug, "
    "which let councils build first where demand was proven.",
    "Prices fell where the public network entered. In nine of the eleven towns, the national carriers "
    "cut their own prices within a year, a gain that accrued even to households that never switched.[3] "
    "This spill-over is easy to miss in a narrow financial appraisal, yet it was often the largest "
    "benefit to residents.",
    "Governance mattered as much as engineering. Boards with independent directors and published "
    "business plans raised capital more cheaply than those run as a council department, and they "
    "were quicker to correct course when take-up lagged behind plan.[4]",
    "Three lessons follow. Councils should test demand before building, keep the network at arm's "
    "length under a board with outside expertise, and count the effect on market prices when they "
    "weigh the case. None of these requires new legislation, and all of them can be applied to "
    "projects already under way in other regions this year.",
]
FOOTNOTES = {
    "1": "Two towns used a concession model and are excluded from the cost comparison.",
    "2": "Take-up is measured as active subscriptions divided by homes passed, at the end of the third "
         "year of operation, using the operators' own returns to the regulator for 2021 and 2022, which "
         "the regulator publishes with a delay of about nine months after the end of each year.",
    "3": "https://www.example.org/broadband/price-monitor-2022",
    "4": "Compare the board structures listed in the annual reports for 2021.",
}


def tokens(text):
    """Words, with [N] markers split off as ('sup', N)."""
    out = []
    for word in text.split():
        m = re.match(r"^(.*?)\[(\d+)\](.*)$", word)
        if m:
            out.append(("word", m.group(1)))
            out.append(("sup", m.group(2)))
            if m.group(3):
                out.append(("glue", m.group(3)))
        else:
            out.append(("word", word))
    return out


def wrap(toks, width, font, size):
    lines, line, w = [], [], 0.0
    for kind, t in toks:
        tw = stringWidth(t, font, SUP_SIZE if kind == "sup" else size)
        gap = stringWidth(" ", font, size) if (line and kind == "word") else 0.0
        if line and kind == "word" and w + gap + tw > width:
            lines.append(line)
            line, w, gap = [], 0.0, 0.0
        line.append((kind, t))
        w += gap + tw
    if line:
        lines.append(line)
    return lines


class Pager:
    def __init__(self, path):
        self.c = canvas.Canvas(str(path), pagesize=A5)
        self.page = 1
        self.pending_fn = []  # (label or None, text) still to place
        self.start_page()

    def start_page(self):
        self.y = PAGE_H - MARGIN_TOP
        self.fn_lines = []
        self.c.setFont("Helvetica", 8)
        self.c.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 34, "Research Note | Public Fibre in Small Towns")
        carried, self.pending_fn = self.pending_fn, []
        for label, text in carried:
            self.add_footnote(label, text)

    def fn_height(self):
        return len(self.fn_lines) * FN_LEADING + (12 if self.fn_lines else 0)

    def add_footnote(self, label, text):
        for i, ln in enumerate(wrap(tokens(text), PAGE_W - 2 * MARGIN_X - 10, BODY, FN_SIZE)):
            self.fn_lines.append((label if i == 0 else None, " ".join(t for _, t in ln)))

    def finish_page(self):
        floor = MARGIN_BOTTOM + self.fn_height()
        max_fn = (self.y - MARGIN_BOTTOM - 12) // FN_LEADING
        if self.fn_lines:
            keep = self.fn_lines[:max(1, int(max_fn))] if self.fn_height() > self.y - MARGIN_BOTTOM else self.fn_lines
            rest = self.fn_lines[len(keep):]
            y = MARGIN_BOTTOM + len(keep) * FN_LEADING
            self.c.setLineWidth(0.5)
            self.c.line(MARGIN_X, y + 6, MARGIN_X + 120, y + 6)
            for label, text in keep:
                y -= FN_LEADING
                x = MARGIN_X
                if label:
                    self.c.setFont(BODY, SUP_SIZE)
                    self.c.drawString(x, y + SUP_RISE - 1, label)
                self.c.setFont(BODY, FN_SIZE)
                self.c.drawString(x + 8, y, text)
            self.pending_fn = [(None, " ".join(t for _, t in rest))] if rest else []
        del floor
        self.c.setFont("Helvetica", 9)
        self.c.drawCentredString(PAGE_W / 2, 30, f"– {self.page} –")
        self.c.showPage()
        self.page += 1

    def room(self):
        return self.y - (MARGIN_BOTTOM + self.fn_height())

    def line(self, font, size, text, leading=None, centre=False):
        leading = leading or size * 1.3
        if self.room() < leading:
            self.finish_page()
            self.start_page()
        self.y -= leading
        self.c.setFont(font, size)
        if centre:
            self.c.drawCentredString(PAGE_W / 2, self.y, text)
        else:
            self.c.drawString(MARGIN_X, self.y, text)

    def paragraph(self, text, font=BODY, indent=18):
        width = PAGE_W - 2 * MARGIN_X
        for i, ln in enumerate(wrap(tokens(text), width - indent, font, BODY_SIZE)):
            notes = [t for k, t in ln if k == "sup"]
            need = LEADING + sum(FN_LEADING * 3 for _ in notes)
            if self.room() < need:
                self.finish_page()
                self.start_page()
            self.y -= LEADING
            x = MARGIN_X + (indent if i == 0 else 0)
            run = []
            for kind, t in ln + [("end", "")]:
                if kind in ("word", "glue"):
                    run.append(("" if kind == "glue" or not run else " ") + t)
                    continue
                if run:  # draw a run of words as one string, spaces included, as word processors do
                    self.c.setFont(font, BODY_SIZE)
                    self.c.drawString(x, self.y, "".join(run))
                    x += stringWidth("".join(run), font, BODY_SIZE)
                    run = [""] if kind == "sup" else []
                if kind == "sup":
                    self.c.setFont(font, SUP_SIZE)
                    self.c.drawString(x, self.y + SUP_RISE, t)
                    x += stringWidth(t, font, SUP_SIZE)
                    self.add_footnote(t, FOOTNOTES[t])
        self.y -= 6

    def close(self):
        self.finish_page()
        self.c.save()


def main(out=OUT):
    p = Pager(out)
    p.c.setTitle("Public Fibre in Small Towns")
    for font, size, text in FRONT:
        p.line(font, size, text, leading=size * 1.6)
    p.y -= 10
    p.paragraph(LEDE, font="Times-Bold", indent=0)
    for para in BODY_PARAS:
        p.paragraph(para)
    p.close()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
