"""Docs stay true: every CLI command has a section in docs/cli.md and an example in its help."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_the_readme_names_what_make_demo_indexes() -> None:
    """A reviewer: the README said `examples/corpus/`, a folder whose ATTRIBUTION.md would be a 45th article."""
    indexed = re.search(r"wiretrace index add (\S+)", (ROOT / "Makefile").read_text())
    assert indexed is not None
    assert f"`make demo` indexes `{indexed.group(1)}`" in " ".join((ROOT / "README.md").read_text().split())


def test_the_readme_python_example_runs_as_written(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A newcomer's review: the README's snippet named files that do not exist and strings it never
    defined. It runs from the checkout's root as written; a file name given as a string is refused
    rather than compared as text."""
    import re

    import pytest

    from wiretrace import Comparer
    from wiretrace.errors import InputError

    monkeypatch.chdir(ROOT)
    code = re.search(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert code is not None
    scope: dict = {}
    exec(code.group(1), scope)  # the README's own example
    assert scope["comparison"].verdict.relation == "rewrite"
    assert scope["short"].verdict.relation == "unrelated"  # as its comment says
    with pytest.raises(InputError, match="names a file"):
        Comparer().compare("examples/l2r/000-source.txt", "examples/l2r/000-rewrite-gpt.txt")
    # a notebook's review: a mistyped path was compared as a one-word text ('copy 1.0' against itself)
    for typo in ("data/wire-story.txt", "wire-story.txt", r"C:\\news\\story", "report.pdf", "release.docx"):
        with pytest.raises(InputError, match="looks like a path but names no file"):
            Comparer().compare(typo, typo)
    assert Comparer().compare("Rain fell.", "Rain fell.").verdict.relation == "copy"  # a short text is text
    files = (ROOT / "examples/l2r/000-source.txt", ROOT / "examples/l2r/000-rewrite-gpt.txt")
    assert Comparer().compare(*files).verdict.score > 0.5  # pathlib paths are files


def test_the_python_api_page_runs_as_written(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A notebook user's review: the index had no documented Python API. docs/python.md's blocks
    run in order, in one scope, from the repository's root, and do what the page says."""
    import re

    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "python.md").read_text(), re.S)
    assert len(blocks) == 3
    scope: dict = {}
    for block in blocks:
        exec(block, scope)
    assert scope["c"].verdict.relation == "rewrite"
    roles = {m.id: m.role for m in scope["result"].matches}
    assert roles["l2r-llama-3-70b-002"] == "identical" and roles["l2r-src-002"] == "source"
    assert scope["json_ready"][0]["schema"] == "wiretrace.query/1"
    assert "rewrite" in capsys.readouterr().out


def test_every_reason_chrome_is_dropped_for_is_documented() -> None:
    """An evaluator's review: `url`, the commonest reason in their outputs, was not in the schema's list."""
    from wiretrace import chrome

    doc = (ROOT / "docs" / "compare-json.md").read_text().splitlines()
    line = next(x for x in doc if x.startswith("| `dropped_chrome`"))
    listed = set(re.findall(r"`([a-z-]+)`", line))
    made = {reason for reason, _ in chrome._LINE_RULES} | set(
        re.findall(r'DroppedChrome\([^)]*?"([a-z-]+)"\)', Path(chrome.__file__).read_text())
    )
    assert made - listed == set()


def test_the_query_example_and_the_python_page_name_every_match_field() -> None:
    """A documentation audit: `query --format json` gives each match `credit_where`,
    `credit_passage` and `credits_instead`, which index-json.md's example and python.md's `Match`
    left out, as python.md's `Story` left out `headline`."""
    import dataclasses
    import json

    from wiretrace.cluster import Story
    from wiretrace.engines.local import Match

    fields = [f.name for f in dataclasses.fields(Match)]
    page = (ROOT / "docs" / "index-json.md").read_text()
    example = re.search(r"## `wiretrace.query/1`\n\n```json\n(.*?)```", page, re.S)
    assert example is not None
    assert list(json.loads(example.group(1))["matches"][0]) == fields
    python_page = (ROOT / "docs" / "python.md").read_text()
    row = next(line for line in python_page.splitlines() if line.startswith("| `query(article)`"))
    assert [f for f in fields if f"`{f}`" not in row] == []
    row = next(line for line in python_page.splitlines() if line.startswith("| `stories("))
    assert [f.name for f in dataclasses.fields(Story) if f"`{f.name}`" not in row] == []
