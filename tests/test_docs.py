"""Docs stay true: every CLI command has a section in docs/cli.md and an example in its help."""

from __future__ import annotations

import typer.main

from tests.conftest import ROOT
from wiretrace.cli import app


def test_every_command_is_documented_with_an_example() -> None:
    cli_doc = (ROOT / "docs" / "cli.md").read_text()
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f"## `wiretrace {name}`" in cli_doc, f"docs/cli.md lacks a section for {name}"
        assert "Example" in (command.help or ""), f"`wiretrace {name} --help` lacks an example"


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert "\ndemo:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()
