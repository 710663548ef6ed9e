"""The ``briefconv`` command line (the only module that imports click).

Commands::

    briefconv convert INPUT... -o DIR [-t jats,json,md,docling] [--from FMT] [--password PW]
                      [--validate] [--jats-dtd PATH] [--jobs N] [--timeout S]
                      [--report FILE.jsonl] [--resume] [--name STEM] [--quiet] [--debug]
                      [--fsync file|batch|none] [--engine local|dask --scheduler ADDRESS]
                      [-v] [--fail-on-warnings]
    briefconv validate FILE... [--kind jats|json|md|docling] [--jats-dtd PATH]
    briefconv inspect FILE.pdf -o DIR [--password PW]

``INPUT`` may be a file, a directory (walked for .pdf, .md, .markdown and .txt;
hidden entries, symlinked directories and the output directory are skipped;
outputs mirror the tree under DIR) or ``-`` for stdin.  ``-o -`` writes the
single output of a single input to stdout.  ``--jats-dtd`` defaults to the
environment variable ``BRIEFCONV_JATS_DTD``.

Every failure is one line on stderr, ``briefconv: <file>: <reason>``; a
traceback only with ``--debug``.

Exit status:

    0   every input converted (or was skipped by --resume as already done);
        for ``validate``: every file valid
    1   at least one input failed (unreadable, not convertible, timed out,
        worker crashed, or invalid under --validate); the others were still
        converted.  For ``validate``: at least one file invalid or unreadable
    2   usage error (unknown option or format, -o - with several inputs or
        formats, --resume without --report, ...)
    130 interrupted (Ctrl-C or SIGTERM); finished outputs are complete,
        no partial output is left, and --resume carries on
"""
from __future__ import annotations

import os
import pathlib
import signal
import sys
import traceback
from dataclasses import replace
from typing import Optional

import click
from click.shell_completion import CompletionItem

from . import __version__, batch, pipeline
from .limits import DEFAULT_LIMITS
from .standards import JATS_DTD_ENV

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130
# validate: a file that could not be checked at all (the same status as a usage error)
EXIT_UNCHECKED = 2
# a usage error exits with click.UsageError.exit_code (2), raised as click.UsageError
VALIDATED_SUFFIXES = (".xml", ".json", ".md")


def _fail_line(label: Optional[str], exc: BaseException) -> str:
    reason = batch.display(batch.error_message(exc, label))
    return f"briefconv: {batch.display(label)}: {reason}" if label else f"briefconv: {reason}"


# the other names users give the formats
FORMAT_ALIASES = {"xml": "jats", "markdown": "md"}


def _formats(_ctx, _param, values) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or ("jats,json,md",):
        for fmt in value.split(","):
            fmt = fmt.strip().lower()
            fmt = FORMAT_ALIASES.get(fmt, fmt)
            if not fmt:
                continue
            if fmt not in pipeline.OUTPUT_FORMATS:
                names = ", ".join([*pipeline.OUTPUT_FORMATS, *FORMAT_ALIASES])
                raise click.BadParameter(f"unknown format {fmt!r} (choose from {names})")
            if fmt not in out:
                out.append(fmt)
    if not out:
        raise click.BadParameter("no output format given")
    return tuple(out)


def _complete_formats(_ctx, _param, incomplete: str) -> list:
    """Shell completion of -t: every format name, also after a comma (``-t jats,d<TAB>``)."""
    done, _, part = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    names = [*pipeline.OUTPUT_FORMATS, *FORMAT_ALIASES]
    return [CompletionItem(prefix + n) for n in names if n.startswith(part.lower())]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefconv")
def main() -> None:
    """Convert policy briefs (born-digital PDF or PDF-derived text) to JATS-XML, JSON and Markdown."""


@main.command("convert")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "outdir", required=True, metavar="DIR",
              help="Output directory (created if missing), or - for stdout (one input, one format).")
@click.option("-t", "--to", "formats", multiple=True, callback=_formats, metavar="FMT[,FMT]",
              shell_complete=_complete_formats,
              help="Output formats: jats (or xml), json, md (or markdown), docling (a Docling "
                   "DoclingDocument, needs briefconv[docling]); default: jats,json,md.")
@click.option("--from", "from_", type=click.Choice(pipeline.INPUT_FORMATS),
              help="Input format (default: detected from the content).")
@click.option("--password", metavar="PW", help="Password of encrypted PDFs.")
@click.option("--validate", "validate_", is_flag=True,
              help="Validate every output as written; an invalid output counts as a failure.")
@click.option("--jats-dtd", type=click.Path(dir_okay=False), envvar=JATS_DTD_ENV,
              help=f"JATS DTD for --validate (env {JATS_DTD_ENV}).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (default: number of CPUs).")
@click.option("--timeout", type=click.FloatRange(min=0), default=batch.DEFAULT_TIMEOUT,
              show_default=True, metavar="S",
              help="Seconds per input before its worker is killed (0: no limit).")
@click.option("--max-memory", type=click.IntRange(min=0), default=batch.DEFAULT_MAX_MEMORY_MB,
              show_default=True, metavar="MB", help="Memory one worker may use (0: no limit).")
@click.option("--max-glyphs", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_glyphs_per_page,
              show_default=True, metavar="N", help="Glyphs one PDF page may draw.")
@click.option("--backend", type=click.Choice(("pdfium", "pdfplumber")),
              help="PDF reader: pdfium (default, fast) or pdfplumber (the pure-Python reference).")
@click.option("--keep-path", is_flag=True,
              help="Record each input's path as given in the outputs (default: its file name only).")
@click.option("--report", type=click.Path(dir_okay=False), metavar="FILE.jsonl",
              help="Write one JSON line per input (status, hash, outputs, pages, seconds...).")
@click.option("--resume", is_flag=True,
              help="Skip inputs the --report file records as done and unchanged; clean up "
                   "temporary files of an interrupted run.")
@click.option("--name", metavar="STEM", help="Output file name stem for a single input or stdin.")
@click.option("--fsync", "fsync", type=click.Choice(batch.FSYNC_POLICIES), default=batch.DEFAULT_FSYNC,
              show_default=True,
              help="When outputs reach the disk: file (each output and report line as written), "
                   "batch (once at the end), none (left to the OS).")
@click.option("--engine", type=click.Choice(batch.ENGINES), default="local", show_default=True,
              help="local: worker processes on this machine; dask: tasks on a Dask cluster "
                   "(pip install 'briefconv[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="The Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print each input's warnings (a marker without a footnote, ...) on stderr.")
@click.option("--fail-on-warnings", is_flag=True,
              help="An input with warnings fails (exit status 1) and gets no outputs.")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
def convert_cmd(inputs, outdir, formats, from_, password, validate_, jats_dtd, jobs, timeout,
                max_memory, max_glyphs, backend, keep_path, report, resume, name, quiet, debug,
                fsync, engine, scheduler, verbose=False, fail_on_warnings=False):
    """Convert INPUT... (files, directories, or - for stdin) into DIR."""
    if list(inputs).count(batch.STDIN) > 1:
        raise click.UsageError("- (stdin) may be given once")
    try:
        stem = batch.check_stem(name) if name is not None else None
    except batch.UsageError as e:
        raise click.UsageError(str(e)) from None
    opts = batch.Options(formats=formats, outdir=None if outdir == "-" else outdir, from_=from_,
                         password=password, validate=validate_, jats_dtd=jats_dtd, jobs=jobs,
                         timeout=timeout or None, report=report, resume=resume, quiet=quiet,
                         debug=debug, name=stem, max_memory_mb=max_memory or None,
                         limits=replace(DEFAULT_LIMITS, max_glyphs_per_page=max_glyphs, pdf_backend=backend),
                         keep_path=keep_path)
    opts = replace(opts, fsync=fsync, engine=engine, scheduler=scheduler, verbose=verbose,
                   fail_on_warnings=fail_on_warnings)
    stdin = sys.stdin.buffer.read() if batch.STDIN in inputs else None
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        summary = batch.run(list(inputs), opts, stdin=stdin, stderr=sys.stderr,
                            stdout_bin=sys.stdout.buffer if outdir == "-" else None)
    except batch.UsageError as e:
        raise click.UsageError(str(e)) from None
    except Exception as e:  # e.g. the output directory cannot be made
        _die(None, e, debug)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if summary.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_FAILED if summary.failed else EXIT_OK)


def _raise_interrupt(_signum, _frame):
    raise KeyboardInterrupt


def _die(label: Optional[str], exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    click.echo(_fail_line(label, exc), err=True)
    sys.exit(EXIT_FAILED)


@main.command("validate")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--kind", type=click.Choice(tuple(pipeline.OUTPUT_FORMATS)),
              help="What the files are (default: from the file name extension).")
@click.option("--jats-dtd", type=click.Path(dir_okay=False), envvar=JATS_DTD_ENV,
              help=f"Validate JATS against this DTD (env {JATS_DTD_ENV}).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
def validate_cmd(files, kind, jats_dtd, quiet, debug):
    """Check JATS-XML, JSON or Markdown outputs; print file:line: message per issue.

    A directory is walked for .xml, .json and .md files."""
    bad = unchecked = 0
    files = _expand_outputs(files)
    for path in files:
        try:
            issues = pipeline.validate(path, kind=kind, jats_dtd=jats_dtd)
        except Exception as e:  # one line per file, the rest still checked
            if debug:
                traceback.print_exception(e, file=sys.stderr)
            click.echo(_fail_line(path, e), err=True)
            unchecked += 1  # unreadable, or a checker is not installed: neither valid nor invalid
            continue
        for issue in issues:
            click.echo(_issue_line(path, issue))
        bad += bool(issues)
    if not quiet:
        checked = len(files) - unchecked
        click.echo(f"briefconv: {checked} checked, {checked - bad} valid, {bad} invalid"
                   + (f", {unchecked} unchecked" if unchecked else ""), err=True)
    sys.exit(EXIT_UNCHECKED if unchecked else EXIT_FAILED if bad else EXIT_OK)


def _expand_outputs(paths) -> list[str]:
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            out.extend(sorted(str(p) for p in pathlib.Path(path).rglob("*")
                              if p.is_file() and p.suffix in VALIDATED_SUFFIXES
                              and not any(part.startswith(".") for part in p.parts)))
        else:
            out.append(path)
    return out


def _issue_line(path: str, issue) -> str:
    line = getattr(issue, "line", None)
    message = " ".join(str(getattr(issue, "message", issue)).split())
    return f"{path}:{line}: {message}" if line else f"{path}: {message}"


@main.command("inspect")
@click.argument("pdf", metavar="FILE.pdf")
@click.option("-o", "--output", "outdir", required=True, metavar="DIR",
              help="Directory for the page images (created if missing).")
@click.option("--password", metavar="PW", help="Password of an encrypted PDF.")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
def inspect_cmd(pdf, outdir, password, debug):
    """Render each page of FILE.pdf with boxes coloured by recognised role; print the PNG paths."""
    try:
        os.makedirs(outdir, exist_ok=True)
        paths = pipeline.inspect(pdf, outdir, password=password)
    except Exception as e:
        _die(pdf, e, debug)
    for p in paths:
        click.echo(str(p))
    sys.exit(EXIT_OK)


def run(argv: Optional[list[str]] = None) -> None:
    """The console entry point: click's own handling, except that an interruption (Ctrl-C or
    SIGTERM) in any phase, option parsing, planning and reading stdin included, exits 130 with
    one line instead of click's "Aborted!" and status 1."""
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        status = main.main(args=argv, prog_name="briefconv", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("briefconv: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.exceptions.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    finally:
        signal.signal(signal.SIGTERM, previous)
    sys.exit(status if isinstance(status, int) else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    run()
