"""Inputs generated for the batch, CLI, bad-input and fuzz tests (reportlab; nothing from ../shared)."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PARAGRAPH = ("Regional cooperation on water management has improved since the agreement "
             "was signed, but enforcement remains uneven across member states and the "
             "monitoring budget has not kept pace with the mandate.")


def brief_markdown(title: str = "Water Policy Brief", paragraphs: int = 3) -> str:
    body = "\n\n".join(f"{PARAGRAPH} Point {i + 1}." for i in range(paragraphs))
    return f"# {title}\n\nBy Jane Doe\n\n## Summary\n\n{body}\n"


def write_markdown(path: Path, title: str = "Water Policy Brief", paragraphs: int = 3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(brief_markdown(title, paragraphs), encoding="utf-8")
    return path


def pdf_bytes(pages: int = 1, title: str = "Water Policy Brief", *, paras_per_page: int = 4,
              user_password: Optional[str] = None, image_only: bool = False,
              compress: bool = True) -> bytes:
    """A born-digital brief: a title on page 1, body paragraphs, a page-number footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    encrypt = None
    if user_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption
        encrypt = StandardEncryption(user_password, ownerPassword=user_password + "-owner",
                                     strength=128)
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt, pageCompression=int(compress),
                      invariant=1)
    width, height = A4
    for page in range(1, pages + 1):
        if image_only:
            _draw_picture(c, width, height)
        else:
            y = height - 72
            if page == 1:
                c.setFont("Helvetica-Bold", 20)
                c.drawString(72, y, title)
                y -= 40
            c.setFont("Times-Roman", 11)
            for p in range(paras_per_page):
                for line in _wrap(f"{PARAGRAPH} Page {page}, paragraph {p + 1}.", 85):
                    c.drawString(72, y, line)
                    y -= 14
                y -= 10
            c.setFont("Helvetica", 8)
            c.drawString(width / 2, 40, str(page))
        c.showPage()
    c.save()
    return buf.getvalue()


def _draw_picture(c, width, height) -> None:
    """A raster image and shapes, no text: what a scan looks like to a text extractor."""
    from reportlab.lib.utils import ImageReader
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (200, 120), "white")
    d = ImageDraw.Draw(img)
    for i in range(0, 120, 12):
        d.line((10, i, 190, i), fill="black", width=3)
    c.drawImage(ImageReader(img), 72, height - 300, 400, 240)
    c.rect(60, 60, width - 120, 100, fill=1)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def write_pdf(path: Path, pages: int = 1, **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes(pages, **kw))
    return path


def run_cli(*args: str, cwd: Optional[Path] = None, input: Optional[bytes] = None,
            timeout: float = 600, env: Optional[dict] = None) -> subprocess.CompletedProcess:
    """``python -m convert ARGS`` in a subprocess (never through a shell)."""
    full_env = dict(os.environ)
    full_env.pop("BRIEFCONV_JATS_DTD", None)
    full_env.update(env or {})
    return subprocess.run([PYTHON, "-m", "convert", *args], cwd=cwd, input=input,
                          capture_output=True, timeout=timeout, env=full_env)


def tree_files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones too) by relative path."""
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- a fake conversion for runner tests


def fake_convert(source, *, from_=None, password=None, name=None, limits=None, keep_path=False):
    """Stands in for ``pipeline.convert``; the input's first word picks a misbehaviour."""
    import ctypes
    import time
    from convert import model
    from convert.errors import InputError
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    word = data.split(b" ", 1)[0].strip()
    if word == b"HANG":
        time.sleep(3600)
    elif word == b"SLOW":
        time.sleep(0.3)
    elif word == b"SEGV":
        ctypes.string_at(0)
    elif word == b"EXIT":
        os._exit(3)
    elif word == b"OOM":
        raise MemoryError()
    elif word == b"BUG":
        raise ValueError("a bug in a heuristic")
    elif word == b"BAD":
        raise InputError(f"{name}: not a brief")
    doc = model.Document()
    doc.metadata.title = data.decode("utf-8", "replace").strip()
    doc.warnings.append(model.Warning(code="unlinked-marker", message="a warning"))
    doc.source = model.Source(path=name, format="plain", pages=2)
    return doc


def fake_render(doc, fmt):
    from convert.errors import InputError
    if fmt == "md" and doc.metadata.title.startswith("MDFAIL"):
        raise InputError("cannot write markdown")
    return f"{fmt}: {doc.metadata.title}\n"


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def misbehaving_convert_job(job):
    """The real ``batch.convert_job``, except that an input starting with SEGV crashes its
    process and one starting with HANG never finishes: for engines whose workers live in other
    processes (Dask), where monkeypatching the pipeline cannot reach."""
    import ctypes
    import time
    from convert.batch import convert_job
    head = Path(job.path).read_bytes()[:4] if job.path else b""
    if head == b"SEGV":
        ctypes.string_at(0)
    elif head == b"HANG":
        time.sleep(3600)
    return convert_job(job)


def make_inputs(root: Path, contents: dict[str, str]) -> list[str]:
    """Write ``{relative path: text}`` under ``root``; the paths, in order."""
    paths = []
    for rel, text in contents.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        paths.append(str(p))
    return paths


def run_batch(inputs, out, **kw):
    """batch.run over ``inputs`` into ``out``: (summary, what it wrote on stderr)."""
    from convert import batch
    err = io.StringIO()
    summary = batch.run([str(i) for i in inputs], batch.Options(outdir=str(out), **kw), stderr=err)
    return summary, err.getvalue()
