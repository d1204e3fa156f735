"""The `wiretrace` command line: thin wrappers over the Python API.

Errors a user can fix (a missing file, a binary, a page with no article) print one line
naming the input and the reason and exit with status 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import io
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional
from urllib.parse import urlsplit

import typer
from rich.console import Console, RenderableType

from wiretrace import __version__, _loading
from wiretrace.errors import ConfigError, WiretraceError

if TYPE_CHECKING:  # the engines load the models' libraries: imported by the commands that use them
    from rich.table import Table

    from wiretrace.engines.batch import ImportReport
    from wiretrace.model import Article

#: `-h` besides `--help`, on every command (inherited from the top one's context)
HELP_OPTION_NAMES = ["-h", "--help"]

app = typer.Typer(
    name="wiretrace",
    help="Trace copied, edited and AI-rewritten news articles back to their source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_OPTION_NAMES},  # every command's, inherited
)
def _console(**options: Any) -> Console:
    """A Rich console that prints ':fire:' in a file name as written, not as an emoji."""
    return Console(emoji=False, **options)


err = _console(stderr=True)


class CompareFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    jsonl = "jsonl"


class Model(StrEnum):
    wordllama = "wordllama"
    minilm = "minilm"


#: `--quiet`: commands say nothing when all went well (cron mails whatever a job prints)
_quiet = False
_verbose = False  # -v: every rejected record listed, not the first of each file (`_print_rejections`)


def _note(line: str) -> None:
    """A line on stderr saying what was done ('wrote FILE'), left out under `--quiet`."""
    if not _quiet:
        err.print(line, markup=False, highlight=False, soft_wrap=True)


def _fail(message: str) -> typer.Exit:
    """The one-line error of a command (a library's message of several lines, such as DuckDB's
    on an index written by a newer version, joined into one), exit status 2."""
    message = _printable(" ".join(message.split()))  # a file's name may hold escape sequences
    err.print(f"wiretrace: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def _ask_v(what: str, alone: bool = False) -> str:
    """The hint that `-v` tells more ('; -v names each', or ' (-v names each)' `alone`), left out
    when `-v` was given: the log has told it (a docs review's run ended 'with -v, ...; -v names each')."""
    if _verbose:
        return ""
    return f" (-v {what})" if alone else f"; -v {what}"


def _print_version(value: bool) -> None:
    """`--version`: eager, so it answers before Typer asks for a command."""
    if value:
        typer.echo(f"wiretrace {__version__}")
        raise typer.Exit()


def _iso_date(value: str | None) -> str | None:
    """A date filter's value, checked: a date `ingest.normalize_date` reads (an ISO date or
    datetime, a year or a month; RFC 2822)."""
    from wiretrace.ingest import normalize_date

    if value is not None and normalize_date(value) is None:
        raise _fail(f"not an ISO date: {value!r} (write 2024-05-01, 2024-05 or 2024)")
    return value


def _date_filter(what: str, edge: str) -> Any:
    """A `--since`/`--until` option of a listing: `what` it keeps, published on or `edge` ('after')."""
    return typer.Option(callback=_iso_date, help=f"{what} published on or {edge}.")


def _publication_date(value: str | None) -> str | None:
    """An article's publication date given on the command line, read as a record's is
    (`ingest.publication_date`)."""
    from wiretrace.ingest import publication_date

    try:
        return publication_date(value) if value is not None else None
    except ValueError as why:
        raise _fail(f"published {value!r} {why}") from None


@app.callback()
def main(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="Repeatable: -v for info, -vv for debug logs.")
    ] = 0,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print nothing when all went well (for cron): rejected inputs and errors only."
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Trace copied, edited and AI-rewritten news articles back to their source."""
    global _quiet, _verbose
    if quiet and verbose:
        raise _fail("--quiet and --verbose ask for opposite things: give one")
    _quiet, _verbose = quiet, verbose > 0
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    level = logging.ERROR if quiet else level
    # a log read later (cron mail, a service's journal) needs the time of each line; a terminal, not
    stamp = "" if sys.stderr.isatty() else "%(asctime)s "
    logging.basicConfig(level=level, format=f"{stamp}%(levelname)s %(name)s: %(message)s")
    # trafilatura logs its own view of a page it finds no article in ("parsed tree length: 0");
    # the rejection line names the file and the reason, so its lines are for -v and -vv only
    logging.getLogger("trafilatura").setLevel(level if verbose else logging.CRITICAL)


#: The most worker processes an option takes: each holds the model and its share of the work, so
#: more than a few a core only costs memory (100,000 asked for ran the machine out of it).
MAX_WORKERS = 4 * (os.cpu_count() or 1)


@app.command("compare")
def compare_cmd(
    source: Annotated[
        Optional[str], typer.Argument(help="The candidate original: a file, an indexed id, or - for stdin.")
    ] = None,
    target: Annotated[
        Optional[str], typer.Argument(help="The candidate derived: a file, an indexed id, or - for stdin.")
    ] = None,
    pairs: Annotated[
        Optional[Path], typer.Option(help="JSON-lines file of pairs for batch mode ('-' for stdin).")
    ] = None,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="text, json, html; jsonl with --pairs.")] = (
        CompareFormat.text
    ),
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout (- for stdout).")
    ] = None,
    model: Annotated[Model, typer.Option(help="Sentence model: wordllama (fast) or minilm (extra 'strong').")] = (
        Model.wordllama
    ),
    workers: Annotated[
        int, typer.Option(min=0, max=MAX_WORKERS, help="Processes for batch mode (0: one per core, at most 8).")
    ] = 0,
    index: Annotated[
        Path, typer.Option("--index", help="Index for ids that are not files (and --pairs' source_id, target_id).")
    ] = Path("wiretrace-index"),
    field: FieldNames = [],  # noqa: B006
) -> None:
    """Explain how TARGET derives from SOURCE, sentence by sentence.

    Example: wiretrace compare wire.txt rewrite.html --format html -o report.html

    Indexed articles by id: wiretrace compare apnews-123 farm-456 --index ./wiretrace-index

    Batch: wiretrace compare --pairs pairs.jsonl --format jsonl -o results.jsonl
    """
    if output is not None and str(output) == "-":  # as in export: standard output, not a file named '-'
        output = None
    _refuse_overwriting(output, [p for p in (source, target, pairs) if p is not None], index)
    try:
        if pairs is not None:
            if source is not None:
                raise _fail("give SOURCE and TARGET, or --pairs FILE, not both")
            if field:
                raise _fail("--field names the fields of SOURCE and TARGET records; --pairs lines name their own")
            _batch(pairs, fmt, output, model.value, workers, index)
            return
        if source is None or target is None:
            raise _fail("compare needs SOURCE and TARGET files, or --pairs FILE")
        if fmt is CompareFormat.jsonl:
            raise _fail("--format jsonl is for batch mode (--pairs); use json for one pair")
        from wiretrace.compare import Comparer
        from wiretrace.schema import comparison_dict

        with _records_named(_field_names(field)):
            (src, tgt), among = _resolve_articles([source, target], index)
        doc = comparison_dict(Comparer(model.value).compare(src, tgt))
        _emit_one(doc, fmt, output)
        _note_link_judged_the_other_way(among, src.id, tgt.id)
    except WiretraceError as exc:
        raise _fail(str(exc)) from None


def _note_link_judged_the_other_way(links: list, source: str, target: str) -> None:
    """Say so when the index links the two articles (`links`: the index's links among them) by
    date but judged the link with the later one read as the source (`cluster.CONTAINED_LATER`), or
    turned it round to break a loop of its family's links (`cluster.TURNED`): compared in the
    link's order, the pair can read `unrelated` while the index calls it derived; or links them as
    a roundup stitched from several articles, which the pair alone does not show."""
    from wiretrace.cluster import TURNED, judged_other_way, stitched_link
    from wiretrace.report import roundup_note
    from wiretrace.schema import link_dict

    if (stitched := stitched_link(links, source, target)) is not None:
        said = {**link_dict(stitched), "source": _printable(source), "target": _printable(target)}
        err.print(f"note: {roundup_note(said)}", highlight=False, soft_wrap=True)
    if (lk := judged_other_way(links, source, target)) is not None:
        shown = f"the index links {_printable(lk.source)} -> {_printable(lk.target)} ({lk.relation} {lk.score:.0%})"
        why = ("as its story family's other links order them, but its content alone reads the other way"
               if lk.reason == TURNED else "by date, but its content reads the other way")  # fmt: skip
        err.print(
            f"note: {shown} {why}, so that verdict is of {_printable(lk.target)} read as the source: wiretrace "
            f"compare {_printable(lk.target)} {_printable(lk.source)} shows it", highlight=False, soft_wrap=True,
        )  # fmt: skip


def _stdin_article() -> Article:
    """The article on standard input (`-`), read to the size limit and no further."""
    from wiretrace.ingest import read_bytes, read_capped

    return read_bytes(read_capped(sys.stdin.buffer, "<stdin>"), "<stdin>")


def _resolve_articles(names: list[str], index: Path) -> tuple[list, list]:
    """Articles named by file path, or by id in the index when no such file exists; and, when two
    or more are indexed ids, the index's links among them."""
    from wiretrace.ingest import read_path

    if names.count("-") > 1:
        raise _fail("only one of the articles can be read from standard input ('-')")
    out: list = [None] * len(names)
    ids = {}
    for i, name in enumerate(names):
        if name == "-":  # standard input, as `query -` reads it
            out[i] = _stdin_article()
        elif Path(name).exists():
            out[i] = read_path(name)  # named by its absolute path, as `index add` and `query` name it
        elif not (index / "index.duckdb").exists():
            raise _fail(f"{name}: no such file, and no index at {index} to look it up as an article id")
        else:
            ids[i] = name
    among: list = []
    if ids:
        from wiretrace.engines.local import Index

        with Index(index, read_only=True) as ix:
            for i, name in ids.items():
                out[i] = ix.article(name)
                if out[i] is None:
                    raise _fail(f"{name}: no such file, nor an article id in the index {index}")
            if len(ids) > 1:
                among = ix.links_among(sorted(set(ids.values())))
    return out, among


def _emit_one(doc: dict, fmt: CompareFormat, output: Path | None) -> None:
    from wiretrace import report

    if fmt is CompareFormat.text:
        shown = _for_terminal(doc)
        if output is None:
            report.render_text(shown, _console())
        else:
            _write_out(output, lambda fh: report.render_text(shown, _console(file=fh, width=160, color_system=None)))
            _note(f"wrote {output}")  # as json and html say
        return
    if fmt is CompareFormat.html:
        body = report.render_html(doc, report.made_now())
    else:
        body = json.dumps(doc, ensure_ascii=output is None and not _utf8_stdout(), indent=2)
    if output is None:
        _emit(body + "\n")
    else:
        _write_out(output, lambda fh: fh.write(body + "\n"))
        _note(f"wrote {output}")


def _utf8_stdout() -> bool:
    """Whether standard output takes any text: JSON written to one that does not (a locale or
    `PYTHONIOENCODING` of ASCII) escapes its other characters, valid JSON all the same."""
    return _takes_any_text(sys.stdout)


def _takes_any_text(stream: Any) -> bool:
    """Whether a text stream encodes as UTF-8 (or another Unicode form), so any character can be written."""
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "").startswith("utf")


def _open_out(path: Path):
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{path}: cannot write ({exc.strerror or exc})") from None


def _write_out(path: Path, write: Callable[[Any], None]) -> None:
    """Open `path` and `write(fh)`: an error while writing (a full disk, /proc) is one line too."""
    with _open_out(path) as fh:
        try:
            write(fh)
        except OSError as exc:
            raise _fail(f"{path}: cannot write ({exc.strerror or exc})") from None


def _refuse_overwriting(output: Path | None, inputs: Sequence[str | Path] = (), index: Path | None = None) -> None:
    """Fail when `output` is one of the `inputs` or lies inside the `index` directory: a report or
    an export written there would destroy what it was made from."""
    if output is None or str(output) == "-":
        return
    target = output.resolve()
    for given in inputs:
        if Path(given).exists() and target == Path(given).resolve():
            raise _fail(f"{output}: is an input of this command; write the output elsewhere")
    if index is not None and index.exists() and target.is_relative_to(index.resolve()):
        raise _fail(f"{output}: is inside the index directory {index}; write the output elsewhere")


def _batch(pairs: Path, fmt: CompareFormat, output: Path | None, model: str, workers: int, index: Path) -> None:
    from contextlib import ExitStack

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from wiretrace.batch import named_paths, pair_lines, run_pairs
    from wiretrace.export import written_in_place

    if fmt is not CompareFormat.jsonl:
        raise _fail("batch mode (--pairs) writes JSON lines: use --format jsonl")
    total: int | None = None
    base = None if str(pairs) == "-" else pairs.parent
    if base is not None:
        if not pairs.exists():
            raise _fail(f"{pairs}: no such file")
        if pairs.is_dir():
            raise _fail(f"{pairs}: is a directory, not a JSON-lines file")
        total, inputs = 0, set()  # counted for the progress bar; the files pairs name, never written over
        with pairs.open("rb") as fh:
            for line in pair_lines(fh):
                total += bool(line.strip())
                inputs |= named_paths(line, base)
        _refuse_overwriting(output, sorted(inputs))
    named: set[Path] = set()  # the files pairs read from standard input name (read once, so checked as read)
    written = errors = 0
    ix = None

    def lookup(article_id: str) -> Any:  # the index is opened for the first pair naming an id
        nonlocal ix
        if ix is None:
            from wiretrace.engines.local import Index

            ix = opened.enter_context(Index(index, read_only=True))
        return ix.article(article_id)

    def read() -> Iterator[bytes]:
        with pairs.open("rb") if base is not None else contextlib.nullcontext(sys.stdin.buffer) as source:
            for line in pair_lines(source):
                if base is None:  # a file's were checked before the run
                    named.update(named_paths(line, base))
                yield line

    with ExitStack() as opened:
        out = opened.enter_context(written_in_place(output, keep_partial=True)) if output else sys.stdout.buffer
        bar = opened.enter_context(Progress(
            TextColumn("comparing"), BarColumn(), TextColumn("{task.completed}/{task.total} pairs"),
            TimeElapsedColumn(), console=err, disable=output is None or not err.is_terminal or _quiet,
        ))  # fmt: skip
        task = bar.add_task("pairs", total=total)
        has_index = (index / "index.duckdb").exists()
        missing = f"no index at {index} to look it up in (give --index DIR)"
        compared: list[tuple[str, str]] = []  # (source id, target id) of each pair read
        # a SIGTERM too (it had ended the run without a word), in one process: with worker processes a
        # SIGTERM to the whole group (systemd) can end a worker inside the pool's queue lock, and the
        # pool's shutdown then waits on it for ever, so there it ends the run at once, as before
        interrupted = opened.enter_context(_interrupt_seen()) if _one_process(workers) else _Interrupt()
        try:
            for failed, result in run_pairs(read(), str(pairs), model, workers or None, base,
                                            lookup if has_index else None, missing):  # fmt: skip
                out.write((result + "\n").encode("utf-8"))
                written += 1
                errors += failed
                bar.advance(task)
                if ix is not None and not failed:  # the index was opened for a pair naming ids
                    doc = json.loads(result)
                    if doc["source"]["id"] is not None and doc["target"]["id"] is not None:  # a pasted side has none
                        compared.append((doc["source"]["id"], doc["target"]["id"]))
            if output is not None and output.resolve() in named:
                raise _fail(f"{output}: is an input of this command (a pair's path); the results are in "
                            f"{output.with_name(f'.{output.name}.partial')}")  # fmt: skip
        except KeyboardInterrupt:
            kept = f": their results are in {output.with_name(f'.{output.name}.partial')}" if output else ""
            left = f"; {output} is left as it was" if output else ""
            _stopped(f"wiretrace: {interrupted.said()} after {written} of {total or 'the'} pairs, in input order"
                     f"{kept}{left}", interrupted)  # fmt: skip
        if ix is not None and compared:  # as for one pair: a link the index judged the other way is noted
            among = ix.links_among(sorted({i for pair in compared for i in pair}))
            for source, target in compared:
                _note_link_judged_the_other_way(among, source, target)
    if output and (errors or not _quiet):  # under --quiet too when pairs failed: cron mails only what is printed
        said = f"wrote {written} results to {output} ({_count(errors, 'pair')} with errors)"
        err.print(said, markup=False, highlight=False, soft_wrap=True)
    if errors:  # as `index add` does when an input was rejected: the run went on, the status says so
        raise typer.Exit(code=1)


class _Interrupt(threading.Event):
    """Set once Ctrl-C (SIGINT) or a termination request (SIGTERM: `timeout`, systemd, a job
    scheduler) arrived; `signum` says which."""

    signum = signal.SIGINT

    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process it ended: 130, or 143."""
        return 128 + int(self.signum)

    def said(self) -> str:
        """How a stopped command's line names what stopped it."""
        return "terminated (SIGTERM)" if self.signum == signal.SIGTERM else "interrupted"


#: Set when a command has said how it stopped: `run` then adds no line of its own.
_stop_said = threading.Event()


def _stopped(line: str, interrupted: _Interrupt) -> NoReturn:
    """End a command stopped by Ctrl-C or SIGTERM with its own `line` (what is kept, how to go on)."""
    err.print(line, markup=False, highlight=False, soft_wrap=True)
    _stop_said.set()
    raise typer.Exit(code=interrupted.exit_code())


def _say_interrupted(interrupted: _Interrupt, out: Path) -> NoReturn:
    """End a batch run stopped by Ctrl-C or SIGTERM: one line, status 130 or 143."""
    _stopped(f"wiretrace: {interrupted.said()}; the stages complete in {out} are kept: run the same command to resume",
             interrupted)


@contextlib.contextmanager
def _interrupt_seen() -> Iterator[_Interrupt]:
    """Note a Ctrl-C (SIGINT), or a SIGTERM, while the block runs; either raises KeyboardInterrupt
    (a SIGTERM had ended an add without a word): DuckDB turns one that arrives during a query into
    its own error, which must not read as a failure."""
    seen = _Interrupt()
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}

    def on_interrupt(signum: int, frame: Any) -> None:
        seen.signum = signal.Signals(signum)
        seen.set()
        raise KeyboardInterrupt

    for signum in previous:
        signal.signal(signum, on_interrupt)
    try:
        yield seen
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


index_app = typer.Typer(
    help="Build the corpus index: find every derived article in a collection.\n\n"
    "Example: wiretrace index add news/ --index ./wiretrace-index",
    no_args_is_help=True,
)
app.add_typer(index_app, name="index")
IndexDir = Annotated[Path, typer.Option("--index", help="The index directory.")]
FieldNames = Annotated[
    list[str],
    typer.Option(
        "--field",
        metavar="FIELD=NAME",
        help="The name your records (JSON, JSON Lines, CSV, Parquet) give a field, read from it alone: "
        "--field text=body_text --field id=story_id (repeatable; fields: id, url, text, html, title, byline, "
        "published, site).",
    ),
]
Workers = Annotated[
    int,
    typer.Option(min=0, max=MAX_WORKERS, help="Processes verifying candidates (default 1; 0: one a core, at most 8)."),
]


def _field_names(given: list[str]) -> dict[str, str]:
    """`--field FIELD=NAME` settings as a mapping (`ingest.field_map`), a bad one a one-line error."""
    from wiretrace.ingest import field_map

    try:
        return field_map(given)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


@contextlib.contextmanager
def _records_named(fields: dict[str, str]) -> Iterator[None]:
    """`ingest.fields_named` around a command's own reading of its articles, then a warning for each
    name no record read gave (`readers.warn_of_unread_names`)."""
    from wiretrace.ingest import fields_named
    from wiretrace.readers import warn_of_unread_names

    given: set[str] = set()
    with fields_named(fields, given):
        yield
    warn_of_unread_names(fields, given)


def _one_process(workers: int) -> bool:
    """Whether `compare --pairs` runs in this process alone (`workers`, 0 for one per core)."""
    from wiretrace.parallel import can_fork

    return _workers(workers) <= 1 or not can_fork()


def _workers(given: int) -> int:
    """`--workers` as a count: 0 is one per core (at most 8), as in `compare --pairs`."""
    from wiretrace.parallel import default_workers

    return given or default_workers()


class ResultFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class AddFormat(StrEnum):
    text = "text"
    json = "json"


@index_app.command("add")
def index_add_cmd(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="Files, directories or globs to index (text, HTML, JSON, JSON Lines, CSV/TSV, Parquet, "
            "WARC/WET, RSS/Atom; gzipped too), or - alone to read standard input."
        ),
    ] = None,
    index: IndexDir = Path("wiretrace-index"),
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per committed batch.")] = 256,
    workers: Workers = 1,
    link: Annotated[
        bool,
        typer.Option(
            help="Look for derived links. --no-link only stores the articles (a reference archive "
            "whose own reuse is not wanted); later adds and queries are still matched against them."
        ),
    ] = True,
    keep_versions: Annotated[
        bool,
        typer.Option(
            "--keep-versions",
            help="Store other text under an indexed id (a recrawled page that changed) as its next "
            "version, ID#v2, ID#v3, ..., linked to the versions before it, instead of rejecting it.",
        ),
    ] = False,
    from_index: Annotated[
        Optional[Path],
        typer.Option(
            "--from-index",
            metavar="DIR",
            help="Index the articles of another index, read again as this wiretrace reads inputs: the "
            "rebuild of an index made by another version, which this one does not add to.",
        ),
    ] = None,
    fmt: Annotated[
        AddFormat, typer.Option("--format", "-f", help="text, or json: what the add did as one object on stdout.")
    ] = AddFormat.text,
    field: FieldNames = [],  # noqa: B006
) -> None:
    """Index articles; later adds are matched against everything already indexed.

    Example: wiretrace index add news/ crawl/*.warc.gz --index ./wiretrace-index

    Rebuild an index made by another wiretrace: wiretrace index add --from-index OLD --index NEW

    From a pipe (JSON Lines, a JSON array, a page, a feed, a WARC; gzip too): jq -c ... d.json | wiretrace index add -

    Exit status 0 when every input was read, 1 when some were rejected (listed), 2 on errors.
    """
    if not paths and from_index is None:
        raise _fail("nothing to add: name files, directories or globs (or --from-index DIR)")
    if paths and from_index is not None:
        raise _fail("--from-index rebuilds from another index alone: add other inputs in a second command")
    from_stdin = paths == ["-"]
    if paths and paths.count("-") > 1:
        raise _fail("- given twice: standard input is read once")
    if paths and "-" in paths and not from_stdin:
        raise _fail("- reads standard input alone: add the other inputs in a second command")
    if from_stdin and sys.stdin is None:
        raise _fail("- reads standard input, which is closed")
    if from_stdin and sys.stdin.isatty():
        raise _fail("- reads standard input, which is a terminal: pipe the articles in (... | wiretrace index add -)")
    if paths and not from_stdin and not any(_names_something(p) for p in paths):  # a share not mounted, a mistyped glob
        raise _fail(f"no input to read ({paths[0]}: no such file or pattern); nothing was indexed")
    if field and from_index is not None:
        raise _fail("--field names the fields of records read from files: --from-index reads an index's own")
    if from_index is not None:  # looked for before the new index is made: a mistyped name makes none
        from wiretrace.store import StoreError, require_index

        try:
            require_index(Path(from_index))
        except StoreError as exc:
            raise _fail(str(exc)) from None
    fields = _field_names(field)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from wiretrace.engines.local import REPEATED_ID, AddReport, Index
    from wiretrace.readers import OTHER_KIND

    ix: Index | None = None

    def committed() -> int:
        """Articles in the batches committed so far (each batch is its own transaction)."""
        return ix.last_report.added if ix is not None and ix.last_report is not None else 0

    try:
        with _interrupt_seen() as interrupted, Index(
            index, batch_size=batch_size, release_between_batches=True, workers=_workers(workers)
        ) as ix, Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
            disable=not err.is_terminal or _quiet,
        ) as bar:  # fmt: skip
            task = bar.add_task("indexing")

            def progress(report: AddReport, _: int) -> None:
                rate = report.added / max(bar.tasks[0].elapsed or 1e-9, 1e-9)
                bar.update(
                    task, description=f"indexed {report.added} articles ({rate:.0f}/s), {report.links} verified links"
                )

            if from_index is not None:
                report = ix.add_from_index(from_index, on_batch=progress, link=link)
            elif from_stdin:
                from wiretrace.readers import read_stream, with_field_names

                stream = with_field_names(fields, read_stream(sys.stdin.buffer))
                report = ix.add_articles(stream, on_batch=progress, link=link, versions=keep_versions)
            else:
                report = ix.add(paths or [], on_batch=progress, link=link, versions=keep_versions, fields=fields)
    except (Exception, KeyboardInterrupt) as exc:
        # Ctrl-C in a DuckDB query arrives as its error ('Query interrupted'), or as the next
        # statement's ('Current transaction is aborted'): after one, any error is the interrupt
        if isinstance(exc, KeyboardInterrupt) or interrupted.is_set():
            _stopped(f"wiretrace: {interrupted.said()}; the batches committed so far are kept "
                     f"({_count(committed(), 'article')}): run the same command to add the rest", interrupted)
        if not isinstance(exc, WiretraceError):
            raise
        if committed():  # those batches stay: say so, and how to finish
            raise _fail(f"{exc} ({committed()} articles were committed before it; "
                        "run the same command again to add the rest)") from None  # fmt: skip
        raise _fail(str(exc)) from None
    if fmt is AddFormat.json:  # for scripts: the counts and every reject, and the status as below
        from wiretrace.schema import add_dict

        _emit(json.dumps(add_dict(report), ensure_ascii=not _utf8_stdout(), indent=2) + "\n")
        if warning := _little_room(index):
            err.print(f"wiretrace: warning: {warning}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(code=1 if report.rejected else 0)
    out = _console()
    identical = (
        f" ({report.identical} identical to indexed text, recorded as "
        f"{'a copy' if report.identical == 1 else 'copies'})"
        if report.identical
        else ""
    )
    if report.versions:
        identical += f" ({_count(len(report.versions), 'new version')} of indexed ids: {_first_few(report.versions)})"
    aside = (
        f" ({report.same_event} more set aside by the event check: they share only what the articles around "
        f"them share, as independent reports of one event, or two rewrites of one source, do{_ask_v('names them')})"
        if report.same_event
        else ""
    )
    skipped = f"{report.duplicates}{_ask_v('names each', alone=True)}" if report.duplicates else "0"
    said = not _quiet or bool(report.rejected)  # --quiet: the summary only beside the rejects it counts
    if said:
        out.print(f"added {report.added}{identical}, duplicates skipped {skipped}, "
                  f"verified links {report.links}{aside}, "
                  f"rejected {len(report.rejected)}", highlight=False, soft_wrap=True)  # fmt: skip
    if report.restated and said:  # a correction feed's new headline is not taken silently
        out.print(f"  {_count(len(report.restated), 'duplicate gives its', 'duplicates give their')} indexed "
                  f"article another title, byline, site or address: the index keeps what it read first "
                  f"({_first_few(report.restated)}{_ask_v('says which')})", markup=False, highlight=False,
                  soft_wrap=True)  # fmt: skip
    if report.judged_again and said:  # a copy added now was published before the indexed one: its links were re-read
        out.print(f"  {report.judged_again} indexed links judged again: an identical copy added now was published "
                  "before the indexed text", markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    files = {k.removesuffix(OTHER_KIND) or "no suffix": n for k, n in report.skipped.items() if k.endswith(OTHER_KIND)}
    records = {k: n for k, n in report.skipped.items() if not k.endswith(OTHER_KIND)}
    if records and said:  # where the rest of a crawl went: not errors, so not in the exit status
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(records.items()))
        out.print(f"  records holding no article, skipped: {sum(records.values())} ({kinds})",
                  markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    if files and said:  # a folder's stylesheets and images, or pages saved under a name not read
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(files.items()))
        out.print(f"  files of other kinds in the folders, not read: {sum(files.values())} ({kinds}"
                  f"{_ask_v('names each')})", markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    _print_rejections(out, [(item.where, item.reason) for item in report.rejected])
    changed = sum(r.reason.endswith(("already indexed with different content", REPEATED_ID)) for r in report.rejected)
    if changed and not keep_versions:
        out.print(f"  {changed} of them give an id other text than it has: --keep-versions stores such text as "
                  "the id's next version (ID#v2)", markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    if warning := _little_room(index):
        err.print(f"wiretrace: warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    if report.rejected:
        raise typer.Exit(code=1)


#: Free space on an index's disk under which an add warns (and under its database's size).
LOW_DISK_BYTES = 64 * 2**20


def _little_room(index: Path) -> str | None:
    """A warning when the index's disk has little room left after an add: its write-ahead log is
    folded into the database at the next add or close, which needs room, and an add that succeeded
    on a disk it had filled gave no sign until the next night's add failed."""
    import shutil

    try:
        free = shutil.disk_usage(index).free
        held = sum(f.stat().st_size for f in index.iterdir() if f.is_file())
    except OSError:
        return None
    if free >= max(LOW_DISK_BYTES, held):
        return None
    return (f"{index}: {free / 2**20:.0f} MB left on its disk (the index holds {held / 2**20:.0f} MB): "
            "the next add may fail for lack of space")  # fmt: skip


def _count(n: int, one: str, many: str | None = None) -> str:
    """`n` with the noun in the number it takes ('1 story family', '2 story families')."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def _first_few(ids: list[str], n: int = 3) -> str:
    """Up to `n` of `ids`, then how many more."""
    more = f", and {len(ids) - n} more" if len(ids) > n else ""
    return ", ".join(ids[:n]) + more


def _names_something(path: str) -> bool:
    """Whether an input argument names a file or directory, or a glob matching one: when none does,
    `index add` is an error (exit 2, no index made), not an add with every input rejected (exit 1)."""
    import glob

    if Path(path).exists() or Path(path).is_symlink():
        return True
    return glob.has_magic(path) and bool(glob.glob(path, recursive=True))


#: The errors of a write that a full disk, a quota, a size limit or a read-only folder give.
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM})


def _emit(text: str) -> None:
    """Write a result to standard output so that a short write fails: a large write the buffered
    stream hands on whole came back cut short on a full disk (or over `ulimit -f`) with no error,
    and the report ended half-way with status 0."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both: a captured stream
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    view = memoryview(text.encode(sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict"))
    while view:
        view = view[os.write(fd, view) :]


def _print_result(doc: object, fmt: ResultFormat, rows: list | None = None) -> bool:
    """Print `doc` as json, or `rows` (default: `doc`) as JSON lines; False when the caller renders text."""
    if fmt is ResultFormat.json:
        _emit(json.dumps(doc, ensure_ascii=not _utf8_stdout(), indent=2) + "\n")
    elif fmt is ResultFormat.jsonl:
        items = rows if rows is not None else doc if isinstance(doc, list) else [doc]
        sys.stdout.writelines(json.dumps(r, ensure_ascii=not _utf8_stdout()) + "\n" for r in items)
    else:
        return False
    return True


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # what ends or garbles a terminal line


#: Rejected records listed per input file before the rest are counted (`-v` lists every one).
REJECTIONS_SHOWN = 20


def _print_rejections(console: Console, rejected: Sequence[tuple[str, str]]) -> None:
    """The rejected inputs, one line each (`_print_rejected`); past `REJECTIONS_SHOWN` of one file
    (a binary file named .jsonl gave 78,381 'invalid UTF-8' lines), one line counting the rest."""
    shown: dict[str, int] = {}
    for where, reason in rejected:
        source = _REJECTED_PLACE.sub("", where)
        shown[source] = shown.get(source, 0) + 1
        if _verbose or shown[source] <= REJECTIONS_SHOWN:
            _print_rejected(console, where, reason)
    for source, count in shown.items():
        if not _verbose and count > REJECTIONS_SHOWN:
            console.print(f"  ... and {count - REJECTIONS_SHOWN:,} more rejected in {_printable(source)} "
                          "(-v lists every one)", markup=False, highlight=False, soft_wrap=True)  # fmt: skip


#: A rejected item's place within its file: a line (':12'), an offset ('@445 URL'), a feed entry ('#id').
_REJECTED_PLACE = re.compile(r"(?::\d+(?: \(.*\))?|@\d+.*|#.*)$")


def _print_rejected(console: Console, where: str, reason: str) -> None:
    """One rejected input as one line, never wrapped (grep and cut find it whole), its control
    characters escaped."""
    console.print(f"  rejected {_printable(where)}: {_printable(reason)}", markup=False, highlight=False,
                  soft_wrap=True)  # fmt: skip


def _for_terminal(value: Any, key: str | None = None) -> Any:
    """`value` (a result document) with every string `_printable`: titles, sites and ids of pages
    may carry escape sequences that would retitle or clear the user's terminal. An article's text
    (a `text` field) has its line breaks as spaces: hard-wrapped wire copy read '... said it\\nis
    raising ...' in the aligned sentences."""
    if isinstance(value, str):
        shown = _printable(_LINE_BREAKS.sub(" ", value) if key == "text" else value)
        # escaped before the tables are laid out: escaped as written, a row outgrew its column
        return shown if shown.isascii() or _takes_any_text(sys.stdout) else _in_stdout_encoding(shown)
    if isinstance(value, dict):
        return {k: _for_terminal(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_for_terminal(v, key) for v in value]
    return value


_LINE_BREAKS = re.compile(r"[\n\r\t\v\f]+")


def _in_stdout_encoding(text: str) -> str:
    """`text` with what standard output cannot encode as `\\xe9`-style escapes, as it would write them."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        return text.encode("ascii", "backslashreplace").decode("ascii")


def _printable(article_id: str) -> str:
    """An id as a terminal shows it on one line: a newline or tab in it written as `\\n`, `\\t`
    (the JSON formats give it as it is)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), article_id)


def _article_cell(
    article_id: str,
    *details: str | None,
    via: str | None = None,
    source_of: str | None = None,
    why: str | None = None,
    title: str | None = None,
    credit: str | None = None,
) -> RenderableType:
    """An article in a text table: its id whole on the first line (what `compare` and `query`
    take), its `title` cut to the column's width, then its date, site and the like dimmed on the
    next, wrapping between items, the
    member it was copied through (`via`) or the one derived from it (`source_of`, for a member
    derived from none) on a line of its own, so the id is never cut from it, why a link runs
    the way it does (`why`), and whether the article credits the other's outlet (`credit`)."""
    from rich.console import Group
    from rich.text import Text

    from wiretrace.sites import UNKNOWN_SITE

    lines = [Text(_printable(article_id), overflow="fold")]  # whole unless wider than the column
    if title and title.strip() and title.strip() != article_id:
        lines.append(Text(_printable(" ".join(title.split())), overflow="ellipsis", no_wrap=True))
    shown = [d for d in details if d and d != UNKNOWN_SITE]
    if shown:
        lines.append(Text("  ".join(shown), style="dim", overflow="fold"))  # a site name whole: `--site` takes it
    if via:
        lines.append(Text(f"via {_printable(via)}", style="dim", overflow="fold"))
    if source_of:
        lines.append(Text(f"source of {_printable(source_of)}", style="dim", overflow="fold"))
    if why:
        lines.append(Text(f"why: {why}", style="dim italic"))
    if credit:
        lines.append(Text(credit, style="italic"))
    return Group(*lines) if len(lines) > 1 else lines[0]


def _members_table(
    columns: tuple[str, ...], rows: Sequence[Sequence[RenderableType]], ids: list[str]
) -> RenderableType:
    """A light table of articles (`_article_cell` in the column named `article`): at 80 columns the
    ids keep their line and only the detail lines wrap."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for column in columns:
        if column == "article":
            table.add_column(column, min_width=min(max(map(len, ids), default=7), 24), ratio=1)
        elif column == "role":  # a role phrase may take two lines
            table.add_column(column, overflow="fold", max_width=10)
        else:  # a relation and figures, kept whole at any width ('1.00' had read '1' at 80 columns)
            table.add_column(column, no_wrap=True, min_width=max(len(column), 4))
    for row in rows:
        table.add_row(*row)
    return table


def _story_heading(story: dict) -> str:
    return (
        f"story {_printable(story['id'])}: {story['size']} articles, origin {_printable(story['origin'])} "
        f"({story['reason']})"
    )


def _story_table(story: dict) -> RenderableType:
    """A family as text: its heading, then each member with its relation to the origin."""
    from rich.console import Group
    from rich.text import Text

    rows = [
        (_article_cell(m["id"], (m["published"] or "").replace("T", " "), m["site"], via=m["via"],
                       source_of=m["source_of"], title=m["title"]),
         m["relation"], f"{m['score']:.0%}", f"{m['coverage']:.0%}")
        for m in story["members"]
    ]  # fmt: skip
    table = _members_table(("article", "relation", "score", "coverage"), rows, [m["id"] for m in story["members"]])
    named = [Text(_printable(story["headline"]), style="bold")] if story.get("headline") else []  # its name
    return Group(*named, Text(_story_heading(story)), table)


@app.command("stories")
def stories_cmd(
    index: IndexDir = Path("wiretrace-index"),
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="text, json or jsonl.")] = ResultFormat.text,
    site: Annotated[Optional[str], typer.Option(help="Only families with a member from this site.")] = None,
    since: Annotated[Optional[str], _date_filter("Only families with a member", "after")] = None,
    until: Annotated[Optional[str], _date_filter("Only families with a member", "before")] = None,
    limit: Annotated[int, typer.Option(min=0, help="Show at most this many families (0: all).")] = 0,
    html: Annotated[
        Optional[Path], typer.Option(help="Also write an HTML report of the listed families into this directory.")
    ] = None,
) -> None:
    """List story families: connected groups of verified derived links, with the inferred origin.

    Each member's relation to the origin is shown, and the reason the origin was chosen
    (earliest date, containment, quotes).

    Example: wiretrace stories --index ./wiretrace-index --format json

    Report of the biggest family: wiretrace stories --limit 1 --html report/
    """
    from wiretrace.engines.local import Index
    from wiretrace.schema import story_dict

    _refuse_overwriting(html, index=index)
    try:
        with Index(index, read_only=True) as ix:
            stories = ix.stories(site=site, since=since, until=until)
            docs = [story_dict(s) for s in (stories[:limit] if limit else stories)]
            if html is not None:
                _write_story_report(ix, docs, html)
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    if not _print_result(docs, fmt):
        out = _console()
        heading = _count(len(stories), "story family", "story families")
        shown = f"{len(docs)} of {heading}" if len(docs) < len(stories) else heading  # --limit cut the list
        out.print(shown, highlight=False)
        for doc in docs:
            out.print(_story_table(_for_terminal(doc)))


def _write_story_report(ix: object, docs: list[dict], directory: Path) -> None:
    """Write index.html (the families, members by date) and one compare page per derived member."""
    from wiretrace import report
    from wiretrace.schema import comparison_dict

    try:
        directory.mkdir(parents=True, exist_ok=True)
        # pages are written into a hidden folder of it first and moved up once all are: a full disk
        # half-way leaves the report that was there whole, not some of its pages overwritten and
        # others cut short (inside it, not beside it: its parent may be read-only, or another disk)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=directory))
    except OSError as exc:
        raise _fail(f"{directory}: cannot create ({exc.strerror or exc})") from None

    def write(name: str, html: str) -> None:
        try:
            (staging / name).write_text(html, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"{directory / name}: cannot write ({exc.strerror or exc})") from None

    pages: dict[tuple[str, str], str] = {}
    try:
        for n, doc in enumerate(docs, 1):
            for k, member in enumerate(doc["members"]):
                if member["relation"] == "origin":
                    continue
                name = f"story-{n}-member-{k}.html"
                shown = report.member_compare_pair(doc, member)
                comparison = ix.compare(*shown)  # type: ignore[attr-defined]
                against = [lk for lk in doc["links"] if (lk["target"], lk["source"]) == shown]  # the link, reversed
                note = report.reversed_note(against[0]) if against else None
                back = f"index.html#{report.story_anchor(n)}"  # back to the family, not the top of a long list
                write(name, report.render_html(comparison_dict(comparison), report.made_now(), note, back))
                pages[(doc["id"], member["id"])] = name
        write("index.html", report.render_stories_html(docs, pages, report.made_now()))
        for name in [*pages.values(), "index.html"]:
            try:
                os.replace(staging / name, directory / name)
            except OSError as exc:
                raise _fail(f"{directory / name}: cannot write ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _note(f"wrote {directory / 'index.html'} and {len(pages)} compare pages")


@app.command("query")
def query_cmd(
    path: Annotated[
        str, typer.Argument(help="An article file (text, HTML, JSON), an indexed id, or '-' to read stdin.")
    ],
    index: IndexDir = Path("wiretrace-index"),
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="text, json or jsonl.")] = ResultFormat.text,
    published: Annotated[
        Optional[str],
        typer.Option(
            callback=_publication_date,
            help="When the article was published, if it does not say: orders it against dated indexed articles.",
        ),
    ] = None,
    field: FieldNames = [],  # noqa: B006
) -> None:
    """Match one article against the index: what it derives from, what derives from it, its story.

    The article is not added; an indexed id, when no such file exists, queries that article as
    indexed. Example: wiretrace query suspicious.html --index ./wiretrace-index
    """

    from wiretrace.engines.local import Index
    from wiretrace.ingest import normalize_date, read_path
    from wiretrace.schema import query_dict

    fields = _field_names(field)
    try:
        article = None  # an indexed id, read from the index below
        with _records_named(fields):
            if path == "-":
                article = _stdin_article()
            elif Path(path).exists() or not (index / "index.duckdb").exists():
                article = read_path(path)
        by_id = article is None
        with Index(index, read_only=True) as ix:
            if article is None and (article := ix.article(path)) is None:
                raise _fail(f"{path}: no such file, nor an article id in the index {index}")
            if published and by_id:
                raise _fail(f"--published goes with a file or standard input, not an indexed id ({path} is dated "
                            "as the index holds it; add it again with its date to change it)")  # fmt: skip
            if published and not article.published:
                article.published = normalize_date(published)
            doc = query_dict(ix.query(article))
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    if _print_result(doc, fmt, doc["matches"]):
        return
    doc = _for_terminal(doc)
    out = _console()
    if not doc["matches"]:
        out.print("no indexed article derives from it, is derived from it or shares passages with it", highlight=False,
                  soft_wrap=True)  # fmt: skip
        return
    out.print(_count(len(doc["matches"]), "match", "matches"), highlight=False)
    roles = {"source": "it derives from", "derived": "derives from it", "identical": "identical",
             "shares-passages": "shares passages"}
    rows = [
        (roles[m["role"]], _article_cell(m["id"], (m["published"] or "").replace("T", " "), m["site"], m["title"],
                                         why=None if m["role"] == "identical" else m["reason"], credit=_credit(m)),
         m["relation"], f"{m['score']:.0%}")
        for m in doc["matches"]
    ]  # fmt: skip
    out.print(_members_table(("role", "article", "relation", "score"), rows, [m["id"] for m in doc["matches"]]))
    if doc["story"]:
        out.print(_story_table(doc["story"]))


def _credit(match: dict) -> str | None:
    """A query match's credit as the table shows it below the article (`report.match_credit_note`):
    in the relation's column its line had squeezed the scores out of an 80-column terminal."""
    from wiretrace.report import match_credit_note

    credited, where, instead = (match.get(k) for k in ("credited", "credit_where", "credits_instead"))
    return match_credit_note(match["role"], credited, where, instead)


@app.command("sites")
def sites_cmd(
    index: IndexDir = Path("wiretrace-index"),
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="text, json or jsonl.")] = ResultFormat.text,
    credits: Annotated[
        bool,
        typer.Option("--credits", help="Also count, per site pair, the copies that credit the original site's "
                     "outlet and those that do not (reads every linked article)."),
    ] = False,
    site: Annotated[
        Optional[str],
        typer.Option(help="Only the site pairs this site is either side of (who copies it, whom it copies)."),
    ] = None,
    since: Annotated[Optional[str], _date_filter("Count only the articles", "after")] = None,
    until: Annotated[Optional[str], _date_filter("Count only the articles", "before")] = None,
) -> None:
    """Site-level reuse: how many articles of each site derive from each other site; share derived.

    For each pair of sites, the articles of one derived from the other; for each site, the share of
    its articles derived. With --since/--until, of the articles published in that range (derived
    from sources of any date).

    Example: wiretrace sites --index ./wiretrace-index --credits --format json

    A week's copies of one site: wiretrace sites --site apnews.com --since 2024-05-01 --until 2024-05-07
    """
    from rich.table import Table

    from wiretrace.engines.local import Index
    from wiretrace.schema import sites_dict

    try:
        with Index(index, read_only=True) as ix:
            doc = sites_dict(ix.sites(credits=credits, site=site, since=since, until=until))
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    rows = [{"kind": "edge", **e} for e in doc["edges"]] + [{"kind": "site", **s} for s in doc["sites"]]
    if _print_result(doc, fmt, rows):
        return
    doc = _for_terminal(doc)
    out = _console()
    if not doc["sites"]:  # two empty tables said nothing of why (a docs review's `--site apnews.com`)
        scope = (f" from {site}" if site else "") + (" published in that range" if since or until else "")
        out.print(f"0 sites: no indexed articles{scope}", markup=False, highlight=False, soft_wrap=True)
        return
    edges = Table(title="who copies whom (articles of the copying site derived from the original site)")
    counted = ("credited", "uncredited") if credits else ()
    against = ("against_content",) if any(e["against_content"] for e in doc["edges"]) else ()
    names = {"against_content": "dated against content"}
    widest = max((len(e[end]) for e in doc["edges"] for end in ("source_site", "target_site")), default=0)
    for column in ("original site", "copying site", "articles", *counted, *against):
        # site names whole, to copy into `--site` (a pipe's 80 columns cut 'bbc.co. / uk'); the counts' headings wrap
        heading = names.get(column, column)
        edges.add_column(heading, overflow="fold", no_wrap="site" in column,
                         min_width=min(widest, 40) if "site" in column else max(map(len, heading.split())))  # fmt: skip
    for e in doc["edges"]:
        edges.add_row(e["source_site"], e["target_site"], str(e["links"]), *(str(e[c]) for c in counted + against))
    sites = Table(title="sites")
    widest = max((len(st["site"]) for st in doc["sites"]), default=0)
    told = any(st.get("ai_leftovers") for st in doc["sites"])  # a content farm's tell, shown where one is
    hid = any(st.get("hidden_characters") for st in doc["sites"])  # another
    tells = [*(["chatbot words"] if told else []), *(["disguised words"] if hid else [])]
    for column in ("site", "articles", "derived", "share derived", *tells):
        sites.add_column(column, overflow="fold", no_wrap=column == "site",
                         min_width=min(widest, 40) if column == "site" else max(map(len, column.split())))  # fmt: skip
    for st in doc["sites"]:
        sites.add_row(st["site"], str(st["articles"]), str(st["derived"]), f"{st['share']:.0%}",
                      *([str(st["ai_leftovers"])] if told else []),
                      *([str(st["hidden_characters"])] if hid else []))  # fmt: skip
    if doc["edges"]:
        _print_whole(out, edges)
    else:
        out.print("who copies whom: no article of one site derives from another site's", markup=False,
                  highlight=False, soft_wrap=True)  # fmt: skip
    if against:  # a backdated page taken for the original, or a brief expanded: a reader must tell
        out.print("dated against content: of those articles, the ones dated after their source though the content "
                  "reads the other way (a brief expanded, an update, or the original site's page backdated); "
                  "wiretrace stories --site SITE shows them",
                  markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    _print_whole(out, sites)
    if told:
        out.print("chatbot words: articles carrying a chatbot's words around their text ('Sure, here's the "
                  "rewritten article:', 'As an AI language model, ...'), a content farm's tell",
                  markup=False, highlight=False, soft_wrap=True)  # fmt: skip


def _print_whole(out: Console, table: Table) -> None:
    """`table` at the console's width, or as wide as its columns' least widths need (site names
    whole, the counts' headings by word): at a pipe's 80 columns the columns past it were cut off."""
    from rich.measure import Measurement

    needed = Measurement.get(out, out.options, table).minimum
    out.print(table, width=max(out.width, needed), crop=False)


class ExportWhat(StrEnum):
    articles = "articles"
    links = "links"
    stories = "stories"


class DropLevel(StrEnum):
    copies = "copies"
    edited = "edited"
    derived = "derived"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"
    csv = "csv"


@app.command("export")
def export_cmd(
    what: Annotated[ExportWhat, typer.Option("--what", help="articles, links or stories.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write, or - for standard output.")],
    index: IndexDir = Path("wiretrace-index"),
    fmt: Annotated[
        Optional[ExportFormat],
        typer.Option(
            "--format", "-f", help="jsonl, parquet or csv (default: as the file name says; jsonl without a suffix)."
        ),
    ] = None,
    drop: Annotated[
        Optional[DropLevel],
        typer.Option(
            help="With --what articles, a de-duplicated corpus: leave out copies (identical and verbatim), "
            "edited (copies and edited copies) or derived (rewrites too); each story keeps its origin."
        ),
    ] = None,
) -> None:
    """Export the index's articles, verified links or story families as a table.

    Links rows are {source, target, relation, score, ...}: `source` is the article judged
    original within the pair. Stories have one row per member.

    Example: wiretrace export --what links --format parquet -o links.parquet

    De-duplicated corpus: wiretrace export --what articles --drop edited -o clean.jsonl.gz
    """
    if drop is not None and what is not ExportWhat.articles:
        raise _fail(f"--drop goes with --what articles: the {what.value} export leaves no article out")
    from wiretrace.engines.local import Index
    from wiretrace.export import STDOUT, format_for, write_table

    _refuse_overwriting(output, index=index)
    try:
        chosen = format_for(output, fmt.value if fmt else None)
        if chosen == "parquet" and str(output) == STDOUT and sys.stdout.isatty():
            raise _fail("Parquet is binary: write it to a file (-o FILE) or pipe standard output into a program")
        with Index(index, read_only=True) as ix:
            rows = write_table(ix, what.value, chosen, output, drop.value if drop else None)
            everything = ix.store.id_count()  # an articles row for each indexed id
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    where = "standard output" if str(output) == STDOUT else output
    left_out = f", {everything - rows} derived articles left out (--drop {drop.value})" if drop else ""
    _note(f"wrote {_count(rows, 'row')} of {what.value} to {where} ({chosen}{left_out})")


@app.command("extract")
def extract_cmd(
    path: Annotated[Path, typer.Argument(help="An article file: text, HTML or a JSON object ('-' for stdin).")],
    field: FieldNames = [],  # noqa: B006
) -> None:
    """Print the extracted article (title, byline, date, site, text, sentences) as JSON.

    Example: wiretrace extract page.html
    """
    from wiretrace.ingest import read_path
    from wiretrace.schema import article_dict

    fields = _field_names(field)
    try:
        with _records_named(fields):
            article = _stdin_article() if str(path) == "-" else read_path(path)
        _emit(json.dumps(article_dict(article), ensure_ascii=not _utf8_stdout(), indent=2) + "\n")
    except WiretraceError as exc:
        raise _fail(str(exc)) from None


# -- web service and feed watch ---------------------------------------------------------


@app.command("serve")
def serve_cmd(
    index: IndexDir = Path("wiretrace-index"),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    token: Annotated[
        Optional[str],
        typer.Option(envvar="WIRETRACE_TOKEN", help="Bearer token required by write endpoints (reads stay open)."),
    ] = None,
    max_body_mb: Annotated[float, typer.Option("--max-body-mb", min=0.01, help="Largest request body, in MiB.")] = 8.0,
    watch: Annotated[
        Optional[list[str]], typer.Option("--watch", help="An RSS/Atom feed to poll in the background (repeatable).")
    ] = None,
    every: Annotated[str, typer.Option(help="Time between feed polls: 90s, 10m, 1h.")] = "10m",
    allowed_host: Annotated[
        Optional[list[str]],
        typer.Option(
            "--allowed-host",
            help="A name the service answers to besides localhost, 127.0.0.1 and ::1, such as a proxy's (repeatable; "
            "'*' for any). On the loopback, requests naming another host get 400: a DNS rebinding page cannot "
            "reach the service from a browser.",
        ),
    ] = None,
) -> None:
    """Run the HTTP API and web page over an index (OpenAPI docs at /docs).

    Example: wiretrace serve --index ./wiretrace-index --port 8000 --token "$(openssl rand -hex 16)"

    The server holds the index open: while it runs, add articles through it (POST /api/articles)
    or let it poll feeds (--watch URL --every 10m).
    """
    from wiretrace.watch import parse_every
    from wiretrace.web import create_app, require_web

    loopback = host in ("127.0.0.1", "localhost", "::1")
    try:
        require_web()
        import uvicorn

        _can_listen(host, port)  # before the index is opened (or made): a port in use is one line

        hosts = ["localhost", "127.0.0.1", "::1", "[::1]", *(allowed_host or [])] if loopback or allowed_host else None
        web = create_app(index, token=token, max_body=int(max_body_mb * 1024 * 1024), feeds=list(watch or []),
                         every=parse_every(every), allowed_hosts=None if "*" in (hosts or []) else hosts)  # fmt: skip
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    if not loopback and token is None:
        err.print(f"wiretrace: warning: listening on {host} without --token: anyone who reaches it can add articles")
    from wiretrace import parallel
    from wiretrace.store import serving

    address = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    # uvicorn stops gracefully on SIGTERM, then raises it again: let that end the command through
    # `finally` (the index closed, the note removed) rather than kill it where it stands
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        # a command kept out of the index is told where to read it; numpy's products on one thread, as
        # in an add or a query run from the command line (requests run in threads of the server's own)
        with serving(index, address), parallel.one_blas_thread():
            uvicorn.run(web, host=host, port=port, log_level="info", access_log=False)
    finally:
        web.state.service.close()
        signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum: int, frame: Any) -> NoReturn:
    """End the command with status 143 (128 + SIGTERM), its `finally` blocks run."""
    raise SystemExit(128 + signum)


def _can_listen(host: str, port: int) -> None:
    """Raise `ConfigError` when `host:port` cannot be listened on (taken by another server, an
    address not of this machine): the web server found it only after starting, in six log lines
    and exit status 3."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds it
            probe.bind(address)
    except OSError as exc:
        raise ConfigError(f"{host}:{port}: cannot listen there ({exc.strerror or exc})") from None


@app.command("watch")
def watch_cmd(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.", metavar="FEED")],
    index: IndexDir = Path("wiretrace-index"),
    every: Annotated[str, typer.Option(help="Time between polls: 90s, 10m, 1h.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
) -> None:
    """Poll feeds, fetch each new entry's page, extract it and add it to the index.

    Example: wiretrace watch https://example.com/rss.xml --every 10m --index ./wiretrace-index

    Entries already handled are remembered in the index directory (watch-state.json), so a
    restart fetches nothing twice. Stop with Ctrl-C. Exit status 1 when the last poll had errors.
    """
    from wiretrace.engines.local import Index
    from wiretrace.watch import parse_every, watch

    out = _console()
    report = None
    try:
        seconds = parse_every(every)
        if wrong := [f for f in feeds if urlsplit(f).scheme.lower() not in ("http", "https") or not urlsplit(f).netloc]:
            raise ConfigError(f"{wrong[0]}: not an http(s) feed URL (save a feed file and run 'index add' on it)")
        with Index(index):  # a path that is no index directory fails here, once, not at every poll
            pass
        # opened for each poll and let go between polls: other commands read and add meanwhile
        for report in watch(lambda: Index(index, release_between_batches=True), feeds, seconds, once=once):
            if not _quiet or report.rejected or report.errors:
                out.print(report.summary(), highlight=False, soft_wrap=True)
            for item in report.rejected:
                _print_rejected(out, item.where, item.reason)
            for problem in report.errors:
                out.print(f"  error {problem}", markup=False, highlight=False, soft_wrap=True)
    except KeyboardInterrupt:  # the way to stop it: the status still tells of the last poll's errors
        pass
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    if report is not None and report.errors:
        raise typer.Exit(code=1)


# -- batch pipeline (wiretrace batch, wiretrace index import) ------------------------------


# functional enums: the choices come from one list each (StrEnum values are the lower-case names)
BatchEngine = StrEnum("BatchEngine", ["local", "spark"])
BatchStage = StrEnum("BatchStage", ["articles", "candidates", "links", "stories"])


@app.command("batch")
def batch_cmd(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, directories or globs (the formats of index add).", metavar="INPUT")
    ],
    out: Annotated[Path, typer.Option("--out", help="Output directory (Parquet per stage, config.json, stats.json).")],
    engine: Annotated[BatchEngine, typer.Option(help="local (one process) or spark.")] = BatchEngine["local"],
    master: Annotated[
        Optional[str], typer.Option(help="Spark master: local[*], spark://HOST:7077, yarn (default: Spark's own).")
    ] = None,
    stop_after: Annotated[Optional[BatchStage], typer.Option(help="Stop after this stage.")] = None,
    config: Annotated[Optional[Path], typer.Option(help="Detection settings file (TOML or JSON, see docs).")] = None,
    conf: Annotated[list[str], typer.Option("--conf", help="Spark setting KEY=VALUE (repeatable).")] = [],  # noqa: B006
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="text, json or jsonl.")] = ResultFormat.text,
    workers: Workers = 1,
    field: FieldNames = [],  # noqa: B006
) -> None:
    """Run the batch pipeline: articles, candidates, links, stories, sites, as Parquet under --out.

    Example: wiretrace batch crawl/*.warc.gz news.jsonl --out run1 --engine spark --master 'local[*]'

    A rerun skips the stages already complete in --out.

    Exit status 0 when every input was read, 1 when some were rejected (see stats.json), 2 on errors.
    """
    from wiretrace.engines.batch import run_batch
    from wiretrace.pipeline import STAGES, BatchConfig

    settings = dict(item.partition("=")[::2] for item in conf)
    if any(not key or not value for key, value in settings.items()):
        raise _fail("--conf takes KEY=VALUE")
    if engine is BatchEngine["local"] and (master or conf):
        raise _fail("--master and --conf are Spark settings: give them with --engine spark")
    if engine is BatchEngine["spark"] and workers != 1:
        raise _fail("--workers is for --engine local; Spark's parallelism comes from --master (local[N]) or --conf")
    interrupted = _Interrupt()
    try:
        detection = BatchConfig.load(config) if config else None
        if field:  # the records' names, kept in the run's config.json with its other settings
            names = {**(detection.fields if detection else {}), **_field_names(field)}
            detection = dataclasses.replace(detection or BatchConfig(), fields=names)
        stop = stop_after.value if stop_after else None
        if engine is BatchEngine["spark"] and err.is_terminal:  # a log hears of Spark from its stages' lines
            _progress("starting Spark (its JVM and first jobs take a minute or more on a small machine)")
        with _interrupt_seen() as interrupted:  # a SIGTERM (a scheduler's) says so too, as Ctrl-C does
            stats = run_batch(inputs, out, engine.value, master, stop, detection, settings, _workers(workers),
                              _stage_started)  # fmt: skip
    except WiretraceError as exc:
        if interrupted.is_set():  # Spark or DuckDB turned the interrupt into an error of its own
            _say_interrupted(interrupted, out)
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        _say_interrupted(interrupted, out)
    except OSError as exc:
        where = Path(exc.filename) if isinstance(getattr(exc, "filename", None), str) else None
        writing = exc.errno in _WRITE_ERRORS or "errno 28" in str(exc) or "errno 27" in str(exc)  # Arrow's own
        if where is not None and not where.resolve().is_relative_to(out.resolve()):  # a Spark installation not found
            raise _fail(f"{where}: {exc.strerror or exc}") from None
        if where is None and not writing:
            raise _fail(f"cannot run the batch ({exc.strerror or exc})") from None
        raise _fail(f"{out}: cannot write the run ({exc.strerror or exc}); the stages complete there are kept: "
                    "run the same command to resume") from None  # fmt: skip
    rejected = stats.get("rejected", [])
    if fmt is not ResultFormat.text:
        indent = 2 if fmt is ResultFormat.json else None
        _emit(json.dumps(stats, ensure_ascii=not _utf8_stdout(), indent=indent) + "\n")
    elif not _quiet or rejected:
        console = _console()
        for stage, counts in sorted(stats["stages"].items(), key=lambda item: STAGES.index(item[0])):
            shown = ", ".join(f"{k} {v}" for k, v in counts.items() if not isinstance(v, dict | list))
            label = f"{stage} (complete before, reused)" if stage in stats.get("reused", ()) else stage
            console.print(f"{label}: {shown}", highlight=False, markup=False, soft_wrap=True)
        for item in rejected[:20]:  # one line each, never wrapped, as `index add` prints them
            _print_rejected(console, item["where"], item["reason"])
        if len(rejected) > 20:
            more = f"  ... {len(rejected) - 20} more in {out / 'rejected'}"
            console.print(more, markup=False, highlight=False, soft_wrap=True)
    if rejected:
        raise typer.Exit(code=1)


def _stage_started(stage: str) -> None:
    """Say which stage of a batch run is running (a Spark stage can take minutes)."""
    _progress(f"{stage}: running")


def _progress(line: str) -> None:
    """A batch run's sign of life on stderr: as it is on a terminal, with the time of day in a log
    (a scheduler's, where a Spark run otherwise said nothing of its own for minutes)."""
    stamp = "" if err.is_terminal else f"{time.strftime('%H:%M:%S')} "
    _note(f"{stamp}{line}")


@index_app.command("import")
def index_import_cmd(
    directory: Annotated[Path, typer.Argument(help="The --out directory of a finished wiretrace batch run.")],
    index: IndexDir = Path("wiretrace-index"),
    link: Annotated[
        bool,
        typer.Option(
            help="Compare the run's articles with those the index held before, as index add would. "
            "--no-link stores the run's articles and links alone."
        ),
    ] = True,
) -> None:
    """Load a batch run's articles and links into the index, to explore them like indexed ones.

    Example: wiretrace index import run1 --index ./wiretrace-index
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from wiretrace.engines.batch import import_batch

    try:
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
            disable=not err.is_terminal or _quiet,
        ) as bar:  # fmt: skip
            task = bar.add_task("reading the run")
            compared = 0

            def progress(n: int) -> None:
                nonlocal compared
                compared += n
                bar.update(task, description=f"compared {compared} of the run's articles with the index")

            report = import_batch(directory, index, link=link, on_linked=progress)
    except WiretraceError as exc:
        raise _fail(str(exc)) from None
    if not _quiet or report.conflicts:  # the summary beside what was left out, as index add's beside its rejects
        _say_imported(report)
    if report.conflicts:
        shown = _first_few(report.conflicts, 10)
        err.print(
            f"left out {len(report.conflicts)} ids the index holds with other text, and their links: {shown}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(code=1)


def _say_imported(report: ImportReport) -> None:
    """What `index import` did, a line each."""
    _console().print(
        f"imported {_count(report.articles, 'article')} and "
        f"{_count(report.aliases, 'identical copy', 'identical copies')} "
        f"({report.skipped} already indexed) and {report.links} links ({report.links_known} already indexed)",
        highlight=False,
        soft_wrap=True,  # one line, whatever the width: what a script greps
    )
    if report.linked and report.articles:  # (linked: an index that held articles, compared with them)
        _console().print(
            f"  compared with the {_count(report.held, 'article')} the index held before: "
            f"{report.links_to_held} links between them and the run's articles (counted above)",
            markup=False, highlight=False, soft_wrap=True,
        )  # fmt: skip
    if report.same_pages:
        _console().print(f"  {_count(report.same_pages, 'page')} of the run left out: an article's page again "
                         "under another spelling of its address (http or https, www., AMP), as index add skips it",
                         markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    if report.judged_again:
        _console().print(f"  {report.judged_again} indexed links judged again: the run holds an identical copy "
                        "published before the indexed text", markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    if report.held and report.articles and not report.linked:  # --no-link: what a team importing must know
        _console().print(
            f"  the run's links are its own: its articles were not compared with the {report.held} the index "
            "held before (identical texts aside); import without --no-link to find links across",
            markup=False, highlight=False, soft_wrap=True,
        )  # fmt: skip


#: The exit status when the reader of standard output went away ('| head'): the one a shell gives a
#: command its pipe ended (128 + SIGPIPE), apart from 1 (inputs rejected) and 2 (an error).
PIPE_CLOSED = 128 + signal.SIGPIPE


def _stdout_on_devnull() -> bool:
    """Whether standard output is /dev/null: where Rich points it when its reader went away."""
    try:
        return os.path.samestat(os.fstat(sys.__stdout__.fileno()), os.stat(os.devnull)) if sys.__stdout__ else False
    except (OSError, ValueError):
        return False


def cli_command() -> typer.core.TyperGroup:
    """The command tree of `app`, its flags and counters shown in the help without a value placeholder.

    Typer's help gives every option a type column, `--quiet <bool>` and `-v <int>` for options
    that take no value (which read as if `--quiet true` were asked for). An option's metavar, when
    set, is what that column shows; so every flag and counter of every command (the help option
    included, which each command makes for itself) gets an empty one.
    """
    group = typer.main.get_command(app)
    pending: list[Any] = [group]
    while pending:
        cmd = pending.pop()
        pending.extend(getattr(cmd, "commands", {}).values())
        ctx = typer.Context(cmd, help_option_names=HELP_OPTION_NAMES)  # as the help option is named at run time
        if cmd.help:  # a paragraph wrapped in the docstring is one paragraph on the screen
            cmd.help = "\n\n".join(" ".join(part.split()) for part in cmd.help.split("\n\n"))
        for param in cmd.get_params(ctx):
            if isinstance(param, typer.core.TyperOption) and (param.is_flag or param.count):
                param.metavar = ""
            elif isinstance(param, typer.core.TyperArgument) and param.name and not param.metavar:
                param.metavar = param.name.upper()  # `SOURCE`, as the help's text names it
    assert isinstance(group, typer.core.TyperGroup)
    return group


def _database_read_by(exc: BaseException) -> Path | None:
    """The database file of the index whose code raised `exc` (a store's method on its way), if any:
    a damaged file is named by its path, as every bad input is."""
    store_module = sys.modules.get("wiretrace.store")
    tb = exc.__traceback__
    while store_module is not None and tb is not None:
        owner = tb.tb_frame.f_locals.get("self")
        if isinstance(owner, store_module.Store):
            return owner.directory / store_module.DB_NAME
        tb = tb.tb_next
    return None


def run() -> None:
    """Console-script entry point: a damaged index database, found while reading it, is one line; so
    is output that cannot be written (a full disk under `stories --format json > report.json` gave a
    traceback, or exit 0 with the report cut short when the last of it was flushed at exit)."""
    command = cli_command()  # built while a Ctrl-C still ends it with one line (it imports as it goes)
    _loading.restore()
    quiet_before = _stdout_on_devnull()
    for stream in (sys.stdout, sys.stderr):  # a name or text the terminal cannot show is escaped, not a crash
        if isinstance(stream, io.TextIOWrapper) and not _takes_any_text(stream):
            stream.reconfigure(errors="backslashreplace")
    try:
        try:
            code = command(standalone_mode=False)
        except typer.Abort:  # a Ctrl-C no command turned into its own message
            err.print("wiretrace: interrupted", markup=False, highlight=False)
            sys.exit(130)
        except typer.TyperException as exc:  # a usage error: one line, as every error ('--format xml' drew a box)
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            message = message.replace("Value error, ", "")  # the validator's own prefix
            if not message.strip():  # no arguments: the help was the answer
                sys.exit(getattr(exc, "exit_code", 2))
            ctx = getattr(exc, "ctx", None)
            where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            err.print(f"wiretrace: error: {' '.join(message.split())}{where}", markup=False, highlight=False,
                      soft_wrap=True)  # fmt: skip
            sys.exit(getattr(exc, "exit_code", 2))
        finally:
            sys.stdout.flush()  # here, where a failure is reported, not at the interpreter's exit
        if code == _Interrupt().exit_code() and not _stop_said.is_set():  # Typer's own answer to Ctrl-C: silent
            err.print("wiretrace: interrupted", markup=False, highlight=False)
        sys.exit(code if isinstance(code, int) else 0)
    except BrokenPipeError:  # the reader went away ('| head'): nothing to say, nothing to flush again,
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        sys.exit(PIPE_CLOSED)
    except SystemExit as exc:  # the libraries' own answer to a closed pipe: stdout set aside, status 1
        if exc.code == 1 and (hasattr(sys.stdout, "wrapped") or (not quiet_before and _stdout_on_devnull())):
            sys.exit(PIPE_CLOSED)
        raise
    except OSError as exc:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        err.print(f"wiretrace: error: cannot write the output ({exc.strerror or exc})", markup=False,
                  highlight=False, soft_wrap=True)  # fmt: skip
        sys.exit(2)
    except Exception as exc:
        if type(exc).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
            raise
        message = " ".join(str(exc).split())[:300]
        database = _database_read_by(exc)
        err.print(f"wiretrace: error: {f'{database}: ' if database else ''}the index database cannot be read "
                  f"({type(exc).__name__}: {message}); "
                  "if it was damaged, build the index again from its inputs", markup=False, highlight=False,
                  soft_wrap=True)  # fmt: skip
        sys.exit(2)


if __name__ == "__main__":
    run()
