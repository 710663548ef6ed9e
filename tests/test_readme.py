"""The README documents the command line as it is (sqlite-utils' habit): every command and
option the CLI has is named in the README's synopsis, and the exit-status table lists the
codes the CLI uses."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from convert import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else len(README)]


def _synopsis() -> str:
    section = _section("Command line")
    return section[section.index("```sh"):section.index("```", section.index("```sh") + 5)]


def test_the_synopsis_names_every_command_and_nothing_else():
    documented = set(re.findall(r"^briefconv (\w+)", _synopsis(), re.MULTILINE))
    assert documented == set(cli.main.commands)


@pytest.mark.parametrize("command", sorted(cli.main.commands))
def test_the_synopsis_names_every_option_of_each_command(command):
    synopsis = _synopsis()
    start = synopsis.index(f"briefconv {command}")
    nxt = synopsis.find("\nbriefconv ", start + 1)
    usage = synopsis[start:nxt if nxt > 0 else len(synopsis)]
    options = [p.opts for p in cli.main.commands[command].params
               if isinstance(p, click.Option) and "--help" not in p.opts]

    def named(opt: str) -> bool:
        return re.search(r"(?<![\w-])" + re.escape(opt) + r"(?![\w-])", usage) is not None

    # an option counts as documented under either of its spellings ("-o" or "--output")
    missing = sorted("/".join(opts) for opts in options if not any(named(o) for o in opts))
    assert not missing, f"README synopsis of {command} lacks {missing}"


def test_the_exit_status_table_lists_the_codes_the_cli_uses():
    table = README[README.index("Exit status of `briefconv convert`"):]
    table = table[:table.index("\n\n", table.index("| code |"))]
    documented = {int(c) for c in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)}
    used = {cli.EXIT_OK, cli.EXIT_FAILED, click.UsageError.exit_code, cli.EXIT_INTERRUPTED}
    assert documented == used
