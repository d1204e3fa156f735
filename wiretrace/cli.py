"""The `wiretrace` command line: thin wrappers over the Python API.

Errors a user can fix (a missing file, a binary, a page with no article) print one line
naming the input and the reason and exit with status 2, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from wiretrace import __version__
from wiretrace.errors import WiretraceError

app = typer.Typer(
    name="wiretrace",
    help="Trace copied, edited and AI-rewritten news articles back to their source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class CompareFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    jsonl = "jsonl"


class Model(StrEnum):
    wordllama = "wordllama"
    minilm = "minilm"


def _fail(message: str) -> typer.Exit:
    err.print(f"wiretrace: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@app.callback()
def main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="-v for info, -vv for debug logs.")] = 0,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Trace copied, edited and AI-rewritten news articles back to their source."""
    if version:
        typer.echo(f"wiretrace {__version__}")
        raise typer.Exit()
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@app.command("compare")
def compare_cmd(
    source: Annotated[Optional[Path], typer.Argument(help="The candidate original article (file).")] = None,
    target: Annotated[Optional[Path], typer.Argument(help="The candidate derived article (file).")] = None,
    pairs: Annotated[
        Optional[Path], typer.Option(help="JSON-lines file of pairs for batch mode ('-' for stdin).")
    ] = None,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="text, json, html; jsonl with --pairs.")] = (
        CompareFormat.text
    ),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    model: Annotated[Model, typer.Option(help="Sentence model: wordllama (fast) or minilm (extra 'strong').")] = (
        Model.wordllama
    ),
    workers: Annotated[int, typer.Option(help="Processes for batch mode (0: one per core).")] = 0,
) -> None:
    """Explain how TARGET derives from SOURCE, sentence by sentence.

    Example: wiretrace compare wire.txt rewrite.html --format html -o report.html

    Batch: wiretrace compare --pairs pairs.jsonl --format jsonl -o results.jsonl
    """
    try:
        if pairs is not None:
            _batch(pairs, fmt, output, model.value, workers)
            return
        if source is None or target is None:
            raise _fail("compare needs SOURCE and TARGET files, or --pairs FILE")
        if fmt is CompareFormat.jsonl:
            raise _fail("--format jsonl is for batch mode (--pairs); use json for one pair")
        from wiretrace.compare import Comparer
        from wiretrace.ingest import read_path
        from wiretrace.schema import comparison_dict

        src, tgt = read_path(source), read_path(target)
        doc = comparison_dict(Comparer(model.value).compare(src, tgt))
        _emit_one(doc, fmt, output)
    except WiretraceError as exc:
        raise _fail(str(exc)) from None


def _emit_one(doc: dict, fmt: CompareFormat, output: Path | None) -> None:
    from wiretrace import report

    if fmt is CompareFormat.text:
        if output is None:
            report.render_text(doc, Console())
        else:
            with _open_out(output) as fh:
                report.render_text(doc, Console(file=fh, width=160, color_system=None))
        return
    body = report.render_html(doc) if fmt is CompareFormat.html else json.dumps(doc, ensure_ascii=False, indent=2)
    if output is None:
        sys.stdout.write(body + "\n")
    else:
        with _open_out(output) as fh:
            fh.write(body + "\n")
        err.print(f"wrote {output}", highlight=False)


def _open_out(path: Path):
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{path}: cannot write ({exc.strerror or exc})") from None


def _batch(pairs: Path, fmt: CompareFormat, output: Path | None, model: str, workers: int) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from wiretrace.batch import run_pairs

    if fmt not in (CompareFormat.jsonl, CompareFormat.json):
        raise _fail("batch mode (--pairs) writes JSON lines: use --format jsonl")
    if str(pairs) == "-":
        lines, base = sys.stdin.read().splitlines(), None
    else:
        if not pairs.exists():
            raise _fail(f"{pairs}: no such file")
        if pairs.is_dir():
            raise _fail(f"{pairs}: is a directory, not a JSON-lines file")
        try:
            lines = pairs.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise _fail(f"{pairs}: not UTF-8 text (a JSON-lines file must be UTF-8)") from None
        base = pairs.parent
    total = sum(1 for line in lines if line.strip())
    out = _open_out(output) if output else sys.stdout
    errors = 0
    with Progress(
        TextColumn("comparing"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} pairs"),
        TimeElapsedColumn(),
        console=err,
        disable=output is None or not err.is_terminal,
    ) as bar:
        task = bar.add_task("pairs", total=total)
        for failed, line in run_pairs(lines, str(pairs), model=model, workers=workers or None, base=base):
            out.write(line + "\n")
            errors += failed
            bar.advance(task)
    if output:
        out.close()
        err.print(f"wrote {total} results to {output} ({errors} pairs with errors)", highlight=False)


index_app = typer.Typer(
    help="Build the corpus index: find every derived article in a collection.\n\n"
    "Example: wiretrace index add news/ --index ./wiretrace-index",
    no_args_is_help=True,
)
app.add_typer(index_app, name="index")
IndexDir = Annotated[Path, typer.Option("--index", help="The index directory.")]


class ResultFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


@index_app.command("add")
def index_add_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs to index.")],
    index: IndexDir = Path("wiretrace-index"),
    batch_size: Annotated[int, typer.Option(help="Articles per committed batch.")] = 256,
) -> None:
    """Index articles; later adds are matched against everything already indexed.

    Example: wiretrace index add news/ crawl/*.warc.gz --index ./wiretrace-index

    Exit status 0 when every input was read, 1 when some were rejected (listed), 2 on errors.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from wiretrace.engines.local import AddReport, Index

    try:
        with Index(index, batch_size=batch_size) as ix, Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
            disable=not err.is_terminal,
        ) as bar:  # fmt: skip
            task = bar.add_task("indexing")

            def progress(report: AddReport, _: int) -> None:
                rate = report.added / max(bar.tasks[0].elapsed or 1e-9, 1e-9)
                bar.update(task, description=f"indexed {report.added} articles ({rate:.0f}/s), {report.links} links")

            report = ix.add(paths, on_batch=progress)
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    out = Console()
    out.print(f"added {report.added}, duplicates skipped {report.duplicates}, links {report.links}, "
              f"rejected {len(report.rejected)}", highlight=False)  # fmt: skip
    for item in report.rejected:
        out.print(f"  rejected {item.where}: {item.reason}", markup=False, highlight=False)
    if report.rejected:
        raise typer.Exit(code=1)


@app.command("stories")
def stories_cmd(
    index: IndexDir = Path("wiretrace-index"),
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="text, json or jsonl.")] = ResultFormat.text,
) -> None:
    """List story families: connected groups of verified derived links, with the inferred origin.

    Example: wiretrace stories --index ./wiretrace-index --format json
    """
    from rich.table import Table

    from wiretrace.engines.local import Index

    try:
        with Index(index, read_only=True) as ix:
            families = ix.stories()
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    rows = [{"members": list(f.members), "origin": f.origin, "reason": f.reason} for f in families]
    if fmt is ResultFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is ResultFormat.jsonl:
        sys.stdout.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        table = Table(title=f"{len(rows)} story families")
        for column in ("size", "origin", "why", "members"):
            table.add_column(column)
        for f in families:
            table.add_row(str(len(f.members)), f.origin, f.reason, ", ".join(f.members))
        Console().print(table)


@app.command("extract")
def extract_cmd(
    path: Annotated[Path, typer.Argument(help="An article file: text, HTML or a JSON object.")],
) -> None:
    """Print the extracted article (title, byline, date, site, text, sentences) as JSON.

    Example: wiretrace extract page.html
    """
    from wiretrace.ingest import read_path
    from wiretrace.schema import article_dict

    try:
        sys.stdout.write(json.dumps(article_dict(read_path(path)), ensure_ascii=False, indent=2) + "\n")
    except WiretraceError as exc:
        raise _fail(str(exc)) from None


# -- web service and feed watch ---------------------------------------------------------


@app.command("serve")
def serve_cmd(
    index: IndexDir = Path("wiretrace-index"),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[
        Optional[str],
        typer.Option(envvar="WIRETRACE_TOKEN", help="Bearer token required by write endpoints (reads stay open)."),
    ] = None,
    max_body_mb: Annotated[float, typer.Option("--max-body-mb", help="Largest request body, in MiB.")] = 8.0,
) -> None:
    """Run the HTTP API and web page over an index (OpenAPI docs at /docs).

    Example: wiretrace serve --index ./wiretrace-index --port 8000 --token "$(openssl rand -hex 16)"

    The server holds the index open: while it runs, add articles through it (POST /api/articles).
    """
    from wiretrace.web import create_app, require_web

    try:
        require_web()
        import uvicorn

        web = create_app(index, token=token, max_body=int(max_body_mb * 1024 * 1024))
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    if host not in ("127.0.0.1", "localhost", "::1") and token is None:
        err.print(f"wiretrace: warning: listening on {host} without --token: anyone who reaches it can add articles")
    uvicorn.run(web, host=host, port=port, log_level="info", access_log=False)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
