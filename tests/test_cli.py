"""The `wiretrace` command as a user runs it: real subprocesses, real files, exit codes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, FIXTURES, ROOT

SRC = EXAMPLES / "l2r" / "000-source.txt"
GPT = EXAMPLES / "l2r" / "000-rewrite-gpt.txt"


def run(
    *args: str, stdin: str | None = None, columns: int = 160, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.run(
        [sys.executable, "-m", "wiretrace.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=300,
        cwd=cwd,
    )


def test_compare_json_to_file(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    res = run("compare", str(SRC), str(GPT), "--format", "json", "-o", str(out))
    assert res.returncode == 0, res.stderr
    doc = json.loads(out.read_text())
    assert doc["schema"] == "wiretrace.compare/1"
    assert doc["verdict"]["relation"] == "rewrite"


def test_an_output_never_overwrites_an_input_or_the_index(tmp_path: Path) -> None:
    """A hostile-input review: `export -o idx/index.duckdb` replaced the index with JSON lines (every
    command then failed), `compare -o SOURCE` replaced the article with its report, and a write that
    failed midway (/proc/version) ended in a traceback. Each is one line, exit 2, nothing touched."""
    source = tmp_path / "a.txt"
    source.write_bytes(SRC.read_bytes())
    res = run("compare", str(source), str(GPT), "--format", "html", "-o", str(source))
    assert res.returncode == 2 and res.stderr.strip().endswith(
        "is an input of this command; write the output elsewhere"
    ), res.stderr
    assert source.read_bytes() == SRC.read_bytes()
    index = tmp_path / "idx"
    assert run("index", "add", str(SRC), str(GPT), "--index", str(index)).returncode == 0
    database = next(index.glob("*.duckdb"))
    before = database.read_bytes()
    res = run("export", "--what", "links", "-o", str(database), "--index", str(index))
    assert res.returncode == 2 and "is inside the index directory" in res.stderr
    assert database.read_bytes() == before
    assert run("stories", "--index", str(index), "--html", str(index / "report")).returncode == 2
    if Path("/proc/version").exists():
        res = run("compare", str(SRC), str(GPT), "--format", "json", "-o", "/proc/version")
        assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr


def test_compare_says_what_it_wrote_in_every_format(tmp_path: Path) -> None:
    """A reviewer: `compare -o FILE` said `wrote FILE` for json and html, nothing for text. -q silences it."""
    for fmt in ("text", "json", "html"):
        out = tmp_path / f"r.{fmt}"
        res = run("compare", str(SRC), str(GPT), "--format", fmt, "-o", str(out))
        assert (res.returncode, res.stdout, res.stderr) == (0, "", f"wrote {out}\n"), res.stderr
    assert "rewrite" in (tmp_path / "r.text").read_text()
    quiet = run("-q", "compare", str(SRC), str(GPT), "-o", str(tmp_path / "q.txt"))
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "") and (tmp_path / "q.txt").stat().st_size


def test_compare_output_dash_is_standard_output(tmp_path: Path) -> None:
    """`-o -` prints, as in export, instead of writing a file named '-'."""
    res = run("compare", str(SRC), str(GPT), "--format", "json", "-o", "-", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["verdict"]["relation"] == "rewrite"
    assert not (tmp_path / "-").exists()


def test_compare_text_view_and_html_report(tmp_path: Path) -> None:
    res = run("compare", str(SRC), str(GPT))
    assert res.returncode == 0, res.stderr
    assert "rewrite" in res.stdout and "Newton Stewart" in res.stdout
    page = tmp_path / "r.html"
    assert run("compare", str(SRC), str(GPT), "-f", "html", "-o", str(page)).returncode == 0
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") and 'id="t-0"' in html


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "e.txt", b""), "empty input"),
        (lambda d: _write(d / "b.bin", bytes(range(256)) * 8), "binary"),
        (lambda d: _write(d / "n.html", b"<html><body><nav>Home</nav></body></html>"), "no article text"),
        (lambda d: _big(d / "big.txt"), "too large"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, make, reason: str) -> None:
    bad = make(tmp_path)
    res = run("compare", str(SRC), str(bad))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("wiretrace: error: ") and str(bad) in lines[0] and reason in lines[0]
    assert "Traceback" not in res.stderr


def test_batch_mode_reports_a_bad_pair_and_goes_on(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        "\n".join(
            [
                json.dumps({"id": "p1", "source": SRC.read_text(), "target": GPT.read_text()}),
                json.dumps({"id": "p2", "source_path": str(FIXTURES / "page.html"), "target_path": "nope.txt"}),
                "{broken",
                json.dumps({"id": "p4", "source_path": str(SRC), "target_path": str(SRC)}),
                json.dumps({"id": "p5", "source": {"text": SRC.read_text()}, "target": GPT.read_text()}),
                json.dumps({"id": "p6", "source": "  ", "target": GPT.read_text()}),
            ]
        )
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    res = run("compare", "--pairs", str(pairs), "--format", "jsonl", "-o", str(out), "--workers", "2")
    assert res.returncode == 1, res.stderr  # the run goes on; the status says some pairs failed
    assert "(4 pairs with errors)" in res.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("id") for r in rows] == ["p1", "p2", None, "p4", "p5", "p6"]
    assert rows[0]["verdict"]["relation"] == "rewrite"
    assert rows[1]["error"] == f"{pairs}:2 (id p2): target_path {tmp_path / 'nope.txt'}: no such file"  # line, side
    assert "invalid JSON" in rows[2]["error"]
    assert rows[3]["verdict"]["relation"] == "copy"
    assert "'source' must be a string (text or HTML), not an object" in rows[4]["error"]
    assert rows[5]["error"].startswith(f"{pairs}:6 (id p6): source: ")  # worded as the others: line, id, side


def test_batch_mode_reads_each_line_on_its_own_and_never_writes_over_an_input(tmp_path: Path) -> None:
    """An evaluator's review: one Latin-1 byte stopped a run of 220 pairs, a byte-order mark spoilt
    line 1, `-o` onto a pair's file emptied it before it was read, an id of 1e400 came back as
    `Infinity` (no JSON), and a file name given as `source` was compared as the text 'src.txt'."""
    (tmp_path / "a.txt").write_text(SRC.read_text())
    good = json.dumps({"id": "p1", "source": SRC.read_text(), "target": GPT.read_text()})
    lines = [b"\xef\xbb\xbf" + good.encode(), '{"id": "caf\xe9", "source": "x", "target": "y"}'.encode("latin-1"),
             b'{"id": 1e400, "source_path": "a.txt", "target_path": "a.txt"}', b'{"id": "p4", "source": "a.txt",'
             b' "target": "a.txt"}']  # fmt: skip
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    res = run("compare", "--pairs", str(pairs), "--format", "jsonl", "-o", str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert res.returncode == 1 and [r.get("id") for r in rows] == ["p1", None, "1e400", "p4"]
    assert rows[0]["verdict"]["relation"] == "rewrite" and rows[2]["verdict"]["relation"] == "copy"
    assert rows[1]["error"] == f"{pairs}:2: not UTF-8 text (a pairs file must be UTF-8)"
    assert "'a.txt' names a file: give it as 'source_path'" in rows[3]["error"]
    kept = (tmp_path / "a.txt").read_text()
    res = run("compare", "--pairs", str(pairs), "--format", "jsonl", "-o", str(tmp_path / "a.txt"))
    assert res.returncode == 2 and "is an input of this command" in res.stderr
    assert (tmp_path / "a.txt").read_text() == kept
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    command = [sys.executable, "-m", "wiretrace.cli", "compare", "--pairs", "-", "--format", "jsonl"]
    piped = subprocess.run(command, input=pairs.read_bytes(), capture_output=True, cwd=tmp_path, env=env, timeout=300)
    piped_rows = [json.loads(line) for line in piped.stdout.splitlines()]
    assert [r.get("id") for r in piped_rows] == ["p1", None, "1e400", "p4"]
    assert "'a.txt' names a file" in piped_rows[3]["error"]  # from a pipe too, by the working directory


def test_an_id_without_an_index_says_there_is_no_index(tmp_path: Path) -> None:
    res = run("compare", "l2r-src-000", str(SRC), "--index", str(tmp_path / "none"))
    assert res.returncode == 2
    assert f"l2r-src-000: no such file, and no index at {tmp_path / 'none'} to look it up" in res.stderr


def test_extract_prints_the_article() -> None:
    res = run("extract", str(FIXTURES / "page.html"))
    assert res.returncode == 0
    assert json.loads(res.stdout)["byline"] == "Maeve O'Neill"


def test_extract_names_a_file_by_its_absolute_path_as_index_add_does(tmp_path: Path) -> None:
    """A relative path typed to `extract` gave the id `page.html`, while `index add` and `query`
    store the same file as its absolute path: the id printed must be the one to look up."""
    (tmp_path / "in").mkdir()
    page = tmp_path / "in" / "page.html"
    page.write_bytes((FIXTURES / "page.html").read_bytes())
    res = run("extract", "in/../in/page.html", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    index = tmp_path / "idx"
    assert run("index", "add", "in", "--index", str(index), cwd=tmp_path).returncode == 0
    exported = run("export", "--what", "articles", "--format", "jsonl", "-o", "-", "--index", str(index))
    assert json.loads(res.stdout)["id"] == str(page.resolve()) == json.loads(exported.stdout)["id"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _big(path: Path) -> Path:
    with path.open("wb") as fh:
        fh.write(b"word " * (11 * 1024 * 1024 // 5))
    return path


def test_index_add_then_stories(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("000-source.txt", "000-rewrite-gpt.txt"):
        (tmp_path / "in" / name).write_text((EXAMPLES / "l2r" / name).read_text())
    (tmp_path / "in" / "junk.txt").write_bytes(bytes(range(256)) * 4)  # binary behind a text name
    (tmp_path / "in" / "style.css").write_text("body {}")  # not read, but counted
    index = str(tmp_path / "idx")
    res = run("index", "add", str(tmp_path / "in"), "--index", index)
    assert res.returncode == 1, res.stderr  # one input rejected
    assert "added 2" in res.stdout and "verified links 1" in res.stdout
    assert "files of other kinds in the folders, not read: 1 (.css 1; -v names each)" in res.stdout
    assert "junk.txt" in res.stdout and "binary" in res.stdout
    stories = json.loads(run("stories", "--index", index, "--format", "json").stdout)
    assert len(stories) == 1 and len(stories[0]["members"]) == 2
    # scores in percent, as `compare` and the web page show them (the story's table had 0.99 beside 100%)
    (member,) = [m for m in stories[0]["members"] if m["relation"] != "origin"]
    assert re.search(rf"{member['relation']} +{member['score']:.0%} ", run("stories", "--index", index).stdout)


def test_stories_limit_says_how_many_of_the_families_it_lists(tmp_path: Path) -> None:
    """A reviewer: `stories --limit 1` headed its one family '59 story families'."""
    index = str(tmp_path / "idx")
    assert run("index", "add", str(EXAMPLES / "l2r"), "--index", index).returncode == 0
    every = run("stories", "--index", index)
    assert every.returncode == 0 and every.stdout.startswith("3 story families\n"), every.stdout
    assert run("stories", "--index", index, "--limit", "1").stdout.startswith("1 of 3 story families\n")
    assert run("stories", "--index", index, "--limit", "3").stdout.startswith("3 story families\n")
    assert len(json.loads(run("stories", "--index", index, "--limit", "1", "--format", "json").stdout)) == 1


def test_a_file_name_is_printed_as_it_is_not_as_emoji(tmp_path: Path) -> None:
    """A fuzzing review: Rich read ':fire:' in 'wire:fire:copy.txt' as an emoji code, so the error line and
    the rejection named a file that does not exist ('wire🔥copy.txt')."""
    (tmp_path / "wire:fire:copy.txt").write_text("")
    (tmp_path / "good:x:copy.txt").write_text("Rain fell on Monday. The roads were closed.")
    said = run("compare", str(tmp_path / "wire:fire:copy.txt"), str(tmp_path / "good:x:copy.txt"))
    assert said.returncode == 2 and said.stderr.strip().endswith("wire:fire:copy.txt: empty input")
    added = run("index", "add", str(tmp_path / "wire:fire:copy.txt"), "--index", str(tmp_path / "idx"))
    assert "wire:fire:copy.txt: empty input" in added.stdout and "\N{FIRE}" not in added.stdout + added.stderr


def test_output_that_cannot_be_written_and_inputs_that_do_not_exist_are_errors(tmp_path: Path) -> None:
    """An operations review: 'stories --format json > report.json' on a full disk was a traceback
    (exit 1, the code of rejected inputs) or exit 0 with the report cut short; 'index add' of a
    share not mounted made an empty index and exited 1 as if some articles were bad."""
    index = str(tmp_path / "idx")
    absent = str(tmp_path / "not-mounted"), str(tmp_path / "crawl" / "*.warc.gz")
    missing = run("index", "add", *absent, "--index", index)
    assert missing.returncode == 2 and not Path(index).exists()
    assert missing.stderr.strip().endswith("no such file or pattern); nothing was indexed")
    assert run("index", "add", str(SRC), str(GPT), "--index", index).returncode == 0
    for fmt in ("json", "jsonl", "text"):
        command = [sys.executable, "-m", "wiretrace.cli", "stories", "--index", index, "--format", fmt]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
        with open("/dev/full", "w") as full:
            res = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
        assert res.returncode == 2
        assert res.stderr.strip() == "wiretrace: error: cannot write the output (No space left on device)"
    # a disk that fills part-way (here a file-size limit): a large write the stream took whole came
    # back short with no error, and the report ended half-way with status 0 (an operator's review)
    import resource

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))

    command = [sys.executable, "-m", "wiretrace.cli", "compare", str(SRC), str(GPT), "--format", "json"]
    with (tmp_path / "cut.json").open("w") as out:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
        res = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, timeout=300, env=env,
                             preexec_fn=small_files)  # fmt: skip
    assert res.returncode == 2 and res.stderr.strip() == "wiretrace: error: cannot write the output (File too large)"


def test_a_story_report_cut_short_by_a_full_disk_leaves_the_one_there_whole(tmp_path: Path) -> None:
    """An operator's review: `stories --html DIR` on a disk that filled half-way overwrote some pages
    of the report already there, cut another short, and the error named no file."""
    import resource

    index, folder = str(tmp_path / "idx"), tmp_path / "report"
    assert run("index", "add", str(SRC), str(GPT), "--index", index).returncode == 0
    assert run("stories", "--index", index, "--html", str(folder)).returncode == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert "index.html" in before and len(before) > 1

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, resource.RLIM_INFINITY))

    command = [sys.executable, "-m", "wiretrace.cli", "stories", "--index", index, "--html", str(folder)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    res = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, preexec_fn=small_files)
    assert res.returncode == 2 and res.stderr.startswith(f"wiretrace: error: {folder}/story-1-member-")
    assert res.stderr.rstrip().endswith("cannot write (File too large)")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # the report there, whole
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no pages left half-way


def test_a_batch_run_stopped_by_a_full_disk_names_its_directory_and_resumes(tmp_path: Path) -> None:
    """An operator's review: a full disk under `batch --out` named no path, and left records that
    made every rerun a traceback."""
    import resource

    corpus, out = Path(__file__).parent.parent / "examples" / "corpus" / "news.jsonl", tmp_path / "run"

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, resource.RLIM_INFINITY))

    command = [sys.executable, "-m", "wiretrace.cli", "batch", str(corpus), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    res = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, preexec_fn=small_files)
    assert res.returncode == 2 and f"wiretrace: error: {out}: cannot write the run (" in res.stderr
    assert "run the same command to resume" in res.stderr.splitlines()[-1]
    again = run("batch", str(corpus), "--out", str(out), "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)["stages"]["links"]["links"] > 0


def test_text_views_show_an_id_with_a_newline_on_one_line(tmp_path: Path) -> None:
    """Ids are the dump's own ('line\\nbreak id' is one): the terminal views write a control
    character as its escape, so the id stays one line and its second half is not read as a date."""
    text = (EXAMPLES / "l2r" / "000-source.txt").read_text()
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in ("wire", "line\nbreak\tid\u2028")))
    run("index", "add", str(dump), "--index", str(tmp_path / "idx"))
    shown = run("stories", "--index", str(tmp_path / "idx"))
    assert shown.returncode == 0, shown.stderr
    assert "line\\nbreak\\tid\\u2028" in shown.stdout and "break" not in shown.stdout.replace("line\\nbreak", "")


def test_index_add_counts_the_crawl_records_that_hold_no_article(tmp_path: Path) -> None:
    from tests.conftest import write_crawl_without_articles

    write_crawl_without_articles(tmp_path / "crawl.warc.gz")
    res = run("index", "add", str(tmp_path / "crawl.warc.gz"), "--index", str(tmp_path / "idx"))
    assert res.returncode == 0, res.stderr  # not articles, but nothing wrong with them either
    assert "added 0" in res.stdout and "rejected 0" in res.stdout
    line = "records holding no article, skipped: 4 (non-HTML response 1, request 2, response status 404 1)"
    assert line in res.stdout


def test_version_answers_without_a_command() -> None:
    from wiretrace import __version__

    res = run("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"wiretrace {__version__}"
    # a packaging review: `python -m wiretrace` (no scripts on PATH) was no module, `-h` no option
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    module = subprocess.run([sys.executable, "-m", "wiretrace", "--version"], capture_output=True, text=True, env=env)
    assert module.returncode == 0 and module.stdout.strip() == f"wiretrace {__version__}"
    short = run("index", "add", "-h")
    assert short.returncode == 0 and "index add [OPTIONS]" in short.stdout


def test_help_shows_no_value_for_flags_and_the_verbosity_counter() -> None:
    """A reviewer: every help listed `--quiet -q <bool>`, `--credits <bool>`, `-h <bool>` and `-v <int>`,
    as if `--credits true` were asked for (an error). Options that take a value still name it."""
    top = run("--help", columns=200)
    assert top.returncode == 0 and "<bool>" not in top.stdout and "<int>" not in top.stdout, top.stdout
    assert "-v for info, -vv for debug" in top.stdout and "Repeatable" in top.stdout
    for command in (("index", "add"), ("sites",), ("watch",), ("index",)):
        res = run(*command, "--help", columns=200)
        assert res.returncode == 0 and "<bool>" not in res.stdout, res.stdout
        assert " -h " in res.stdout  # -h itself, with no placeholder either
    assert "<int range>" in run("index", "add", "--help", columns=200).stdout


def test_help_paragraphs_are_not_broken_where_the_docstring_wraps_them() -> None:
    """A reviewer: `sites --help` broke its summary after 'and the share', `stories --help` after
    'chosen', as the source lines did; the commands' list did too. Arguments are named in capitals,
    as the help's text names them (`[source] [target]`, `{path}` before)."""
    res = run("export", "--help", columns=200)
    assert "`source` is the article judged original within the pair. Stories have one row" in res.stdout
    top = run("--help", columns=200).stdout
    assert "each other site; share derived." in top and "\n" not in top.split(" sites ")[1].split("derived.")[0]
    assert "compare [OPTIONS] [SOURCE] [TARGET]" in run("compare", "--help", columns=200).stdout
    assert "query [OPTIONS] {PATH}" in run("query", "--help", columns=200).stdout


def test_help_examples_quote_what_a_shell_would_glob() -> None:
    """A reviewer: `batch --help` gave `--master local[*]`, which zsh refuses ('no matches found')."""
    from wiretrace.cli import cli_command

    pending: list[Any] = [cli_command()]
    while pending:
        command = pending.pop()
        pending.extend(getattr(command, "commands", {}).values())
        for line in (command.help or "").splitlines():
            if "wiretrace " in line:
                bare = [word for word in line.split() if "[" in word and word[0] not in "'\""]
                assert not bare, f"{command.name}: {line.strip()}"
    assert "--master 'local[*]'" in run("batch", "--help", columns=200).stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("stories", "--since", "2016-13-45"), "ISO date"),
        (("stories", "--until", "yesterday"), "ISO date"),
        (("stories", "--limit", "-1"), "--limit"),
        (("index", "add", "x.jsonl", "--batch-size", "0"), "--batch-size"),
        (("index", "add", "x.jsonl", "--workers", "-2"), "--workers"),
        (("serve", "--port", "99999"), "--port"),  # a reviewer: uvicorn's traceback of 60 lines, exit 1
        (("compare", "a.txt", "b.txt", "--pairs", "p.jsonl"), "not both"),
        (("compare", "--pairs", "p.jsonl", "--format", "json"), "--format jsonl"),
    ],
)
def test_bad_option_values_are_refused_before_any_work(tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    res = run(*args, "--index", str(tmp_path / "none"), columns=40) if args[0] != "compare" else run(*args, columns=40)
    assert res.returncode == 2 and says in res.stderr, res.stderr
    # one line, as every error, at any width (a shell user's review: Click's box of five lines, wrapped)
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("wiretrace: error: ") and "Traceback" not in res.stderr


def test_usage_errors_are_one_line_naming_the_help() -> None:
    for args, says in ((("stories", "--format", "xml"), "'xml' is not one of 'text', 'json', 'jsonl'"),
                       (("nosuch",), "No such command 'nosuch'"), (("query",), "Missing argument")):  # fmt: skip
        res = run(*args, columns=40)
        assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
        assert res.stderr.startswith("wiretrace: error: ") and says in res.stderr and "--help`)" in res.stderr
    bare = run()  # no command: the help is the answer, with no error line below it
    assert bare.returncode == 2 and "Usage:" in bare.stdout + bare.stderr and "error" not in bare.stderr


def test_no_command_prints_the_help_with_status_2_as_the_docs_say() -> None:
    """A reviewer: bare `wiretrace` and `wiretrace index` print the whole help and exit 2 (Click's
    no_args_is_help), which docs/cli.md, listing the exit statuses, did not say."""
    for args in ((), ("index",)):
        res = run(*args)
        assert (res.returncode, res.stderr) == (2, "") and "Usage:" in res.stdout and "Commands" in res.stdout
    doc = " ".join((ROOT / "docs" / "cli.md").read_text().split())
    said = "`wiretrace` alone, or `wiretrace index` without `add` or `import`, prints the whole help"
    assert said in doc and f"{said} (on standard output) and exits with status 2" in doc


def test_a_reader_that_went_away_ends_the_command_with_the_pipe_status(tmp_path: Path) -> None:
    """'| head' closed standard output: status 141, as a shell gives a command its pipe ended, not the
    1 of rejected inputs (a shell user's review), and no traceback, for JSON and for Rich's text alike."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    for fmt in ("json", "text"):
        read, write = os.pipe()
        os.close(read)  # the reader is gone before the first line
        try:
            command = [sys.executable, "-m", "wiretrace.cli", "compare", str(SRC), str(GPT), "--format", fmt]
            res = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
        finally:
            os.close(write)
        assert res.returncode == 141 and "Traceback" not in res.stderr, res.stderr


def test_an_ascii_only_output_gets_escaped_json_and_text_not_a_crash(tmp_path: Path) -> None:
    page = tmp_path / "café – été.txt"
    page.write_text("Le café ouvre à Paris le 3 mai. Les clients sont nombreux dès l'été.", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), "PYTHONIOENCODING": "ascii"}
    res = subprocess.run([sys.executable, "-m", "wiretrace.cli", "extract", str(page)], capture_output=True, env=env,
                         timeout=300)  # fmt: skip
    assert res.returncode == 0 and res.stdout.isascii(), res.stderr
    assert json.loads(res.stdout)["id"] == str(page)
    res = subprocess.run([sys.executable, "-m", "wiretrace.cli", "compare", str(page), str(page)], capture_output=True,
                         env=env, timeout=300)  # fmt: skip
    assert res.returncode == 0 and b"\\xe9" in res.stdout and b"Traceback" not in res.stderr
    # a docs review: the escapes were made after the table was laid out, so their rows outgrew the columns
    rows = [line for line in res.stdout.decode().splitlines() if line.startswith(("|", "+"))]
    assert len(rows) > 5 and len({len(line) for line in rows}) == 1, res.stdout.decode()


def test_the_text_view_marks_changed_words_without_colour(tmp_path: Path) -> None:
    """Under a pipe the words an edited sentence changed showed only by colour, so not at all."""
    wire = tmp_path / "wire.txt"
    wire.write_text(SRC.read_text())
    edit = tmp_path / "edit.txt"
    edit.write_text(SRC.read_text().replace("Newton Stewart", "Newton Steward", 1))
    res = run("compare", str(wire), str(edit))
    assert res.returncode == 0 and "[-Stewart" in res.stdout and "{+Steward" in res.stdout, res.stdout
    assert "\x1b[" not in res.stdout
    # and on a terminal with NO_COLOR set, where Rich keeps its colour system but draws none
    import pty

    main, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), "NO_COLOR": "1", "COLUMNS": "160"}
    try:
        proc = subprocess.Popen([sys.executable, "-m", "wiretrace.cli", "compare", str(wire), str(edit)],
                                stdout=terminal, stderr=subprocess.DEVNULL, env=env)  # fmt: skip
        shown = b""
        while True:  # read as it writes: a full terminal would block it
            chunk = _read_ready(main)
            shown += chunk
            if not chunk and proc.poll() is not None:
                break
    finally:
        os.close(terminal)
        os.close(main)
    assert b"[-Stewart" in shown and b"{+Steward" in shown


def _read_ready(fd: int) -> bytes:
    """What a pseudo-terminal holds to read now (nothing once it is drained)."""
    import select

    return os.read(fd, 65536) if select.select([fd], [], [], 0.5)[0] else b""


def test_an_id_reused_for_other_text_is_rejected_at_its_line(tmp_path: Path) -> None:
    """In a dump of a million lines the rejection must say which line, not only which id."""
    dump = tmp_path / "dump.jsonl"
    first = (EXAMPLES / "l2r" / "000-source.txt").read_text()
    other = (EXAMPLES / "l2r" / "001-source.txt").read_text()
    dump.write_text(json.dumps({"id": "ok1", "text": first}) + "\n" + json.dumps({"id": "ok1", "text": other}) + "\n")
    res = run("index", "add", str(dump), "--index", str(tmp_path / "idx"))
    assert res.returncode == 1
    # the id came earlier in this add: it was not 'already indexed' (a researcher's review)
    assert f"rejected {dump}:2: id 'ok1' given earlier in this add with different content" in res.stdout
    assert "1 of them give an id other text than it has: --keep-versions stores" in res.stdout
    again = run("index", "add", str(dump), "--index", str(tmp_path / "idx"))
    assert f"rejected {dump}:2: id 'ok1' already indexed with different content" in again.stdout
    kept = run("index", "add", str(dump), "--index", str(tmp_path / "idx"), "--keep-versions")
    assert kept.returncode == 0, kept.stdout
    assert "added 1 (1 new version of indexed ids: ok1#v2), duplicates skipped 1" in kept.stdout


def test_a_failing_add_says_what_it_committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each batch is its own transaction: an error after some leaves them stored, and the user is
    told how many and that the same command finishes the job."""
    from typer.testing import CliRunner

    from wiretrace.cli import app
    from wiretrace.engines.local import AddReport, Index
    from wiretrace.errors import WiretraceError

    def fail_after_one_batch(self: Index, paths: list[str], on_batch: Any, **_: object) -> AddReport:
        self.last_report = AddReport(added=30)  # as a real add counts a committed batch
        on_batch(self.last_report, 30)
        raise WiretraceError("disk full")

    monkeypatch.setattr(Index, "add", fail_after_one_batch)
    result = CliRunner().invoke(app, ["index", "add", str(SRC), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 2
    assert "disk full (30 articles were committed before it; run the same command again" in " ".join(
        result.output.split()
    )


def test_hostile_inputs_to_one_article_commands_are_one_line(tmp_path: Path) -> None:
    """A hostile-input review: standard input had no size limit (`yes | wiretrace query -` filled
    the memory), a .json nested 100,000 deep ended `compare` and `extract` in a traceback and
    stopped a `--pairs` run, and a pairs line naming a FIFO held every pair after it."""
    res = run("extract", "-", stdin="the quick brown fox said on monday. " * 400_000)
    assert res.returncode == 2 and res.stderr == "wiretrace: error: <stdin>: input too large (over 10 MB, the limit)\n"
    deep = tmp_path / "deep.json"
    deep.write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}")
    for command in (("extract", str(deep)), ("compare", str(deep), str(SRC))):
        res = run(*command)
        assert res.returncode == 2 and res.stderr.strip().endswith("deep.json: JSON nested too deeply to read")
    named = tmp_path / "red\x1b[31m.txt"  # an error naming it does not recolour the terminal
    named.write_bytes(bytes(range(256)) * 4)
    res = run("compare", str(named), str(SRC))
    assert res.returncode == 2 and "\x1b" not in res.stderr and "red\\x1b[31m.txt" in res.stderr
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    pairs = tmp_path / "pairs.jsonl"
    good = {"source_path": str(SRC), "target_path": str(GPT)}
    lines = [json.dumps({"id": "fifo", "source_path": str(fifo), "target": "x"}),
             '{"id": "deep", "source": ' + deep.read_text() + "}", json.dumps({"id": "good", **good})]  # fmt: skip
    pairs.write_text("\n".join(lines) + "\n")
    res = run("compare", "--pairs", str(pairs), "--format", "jsonl")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["fifo", None, "good"] and res.returncode == 1  # the deep id unread
    assert "not a regular file" in rows[0]["error"] and "nested too deeply" in rows[1]["error"]
    assert rows[2]["verdict"]["relation"] == "rewrite"


def test_a_file_of_many_bad_records_is_listed_to_twenty_and_counted(tmp_path: Path) -> None:
    """A hostile-input review: a binary file named .jsonl printed 78,381 'invalid UTF-8' lines."""
    dump = tmp_path / "dump.jsonl"
    dump.write_text("not json\n" * 30 + json.dumps({"id": "ok", "text": SRC.read_text()}) + "\n")
    res = run("index", "add", str(dump), "--index", str(tmp_path / "idx"))
    lines = [line for line in res.stdout.splitlines() if "rejected" in line]
    assert res.returncode == 1 and len(lines) == 22  # the summary, twenty, and the count
    assert lines[-1] == f"  ... and 10 more rejected in {dump} (-v lists every one)"
    verbose = run("-v", "index", "add", str(dump), "--index", str(tmp_path / "idx2"))
    assert sum(line.startswith("  rejected") for line in verbose.stdout.splitlines()) == 30


def _before_the_handler(said: str) -> bool:
    """Whether a traceback is of a Ctrl-C that came before the package set its handler: its last
    of the package's frames loads `_loading` (or runs it), and only the interpreter's frozen import
    machinery runs beneath. One in `enum` beneath (imported by `signal`) is after: CI saw that."""
    files = re.findall(r'^  File "([^"]+)"', said, flags=re.MULTILINE)
    ours = [i for i, name in enumerate(files) if "wiretrace" in name]
    if not ours:
        return False
    last = files[ours[-1]]
    loading = last.endswith("_loading.py") or "from wiretrace import _loading" in said.split(last)[-1]
    return loading and all(name.startswith("<frozen ") for name in files[ours[-1] + 1 :])


def test_ctrl_c_at_any_moment_of_a_command_is_one_line(tmp_path: Path) -> None:
    """A Ctrl-C while the command's modules loaded printed the import's traceback, and one while
    Typer built the commands or a model loaded ended with status 130 and nothing said. Whenever it
    comes, the command ends with one line and status 130, or finishes (status 0)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    command = [sys.executable, "-m", "wiretrace.cli", "compare", str(SRC), str(GPT), "--format", "json"]
    ended = []
    for delay in (0.02, 0.1, 0.2, 0.35, 0.5, 0.7, 1.0, 1.5):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, said = proc.communicate(timeout=300)
        if proc.returncode != 0 and ("wiretrace" not in said or _before_the_handler(said)):
            continue  # the interpreter's own start, before the package's first lines ran ('Could not import runpy')
        if proc.returncode == 0 and said.startswith("Exception ignored in") and "wiretrace" not in said:
            continue  # raised in an import lock's callback at the start, which Python ignores and goes on
        # ended by the signal itself after its line (-2: a shell reports 130 for it too, as for exit
        # status 130), seen twice in loaded full-suite runs around 0.5 s, cause not found
        ended_by_signal = (-signal.SIGINT, "wiretrace: interrupted")
        outcomes = ((130, "wiretrace: interrupted"), ended_by_signal, (0, ""))
        assert (proc.returncode, said.strip()) in outcomes, (delay, said[-500:])
        ended.append(proc.returncode)
    assert 130 in ended  # some were stopped


@pytest.mark.parametrize("after", ["Query interrupted", "Current transaction is aborted (please ROLLBACK)"])
def test_ctrl_c_inside_a_duckdb_query_is_the_interrupt_not_an_error(
    after: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A docs review: Ctrl-C that arrives while DuckDB runs a query comes out as DuckDB's own error
    ('Query interrupted', or the next statement's 'transaction is aborted'), which printed a
    traceback (exit 1) or 'cannot write to the index' (exit 2). After a Ctrl-C it is the interrupt:
    one line, exit 130."""
    import os
    import signal
    import time

    from typer.testing import CliRunner

    from wiretrace.cli import app
    from wiretrace.engines.local import AddReport, Index
    from wiretrace.errors import WiretraceError

    def interrupted_in_a_query(self: Index, paths: list[str], on_batch: Any, **_: object) -> AddReport:
        self.last_report = AddReport(added=10)
        try:  # as DuckDB's client does: the signal's KeyboardInterrupt becomes the query's error
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
        except KeyboardInterrupt:
            if after.startswith("Query"):
                raise RuntimeError(after) from None
            raise WiretraceError(f"cannot write to the index ({after})") from None
        raise AssertionError("no SIGINT arrived")

    monkeypatch.setattr(Index, "add", interrupted_in_a_query)
    result = CliRunner().invoke(app, ["index", "add", str(SRC), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 130, result.output
    assert "interrupted; the batches committed so far are kept (10 articles)" in " ".join(result.output.split())
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_a_story_page_shows_a_member_derived_from_none_against_the_one_derived_from_it(tmp_path: Path) -> None:
    """A researcher's review: `stories --html` compared a member that derives from no member (it
    joined as the source of another) with the family's origin, which it has no link with, and
    the page said 'unrelated' beside a family table saying 'rewrite'. Each page now pairs the
    two articles of the member's own link, oriented as the link is."""
    from wiretrace.cli import _write_story_report
    from wiretrace.compare import Comparer

    compared: list[tuple[str, str]] = []

    class Recorder:
        def compare(self, source: str, target: str) -> Any:
            compared.append((source, target))
            return Comparer().compare(SRC.read_text(), GPT.read_text())

    def member(mid: str, relation: str, via: str | None = None, source_of: str | None = None) -> dict[str, Any]:
        return {"id": mid, "relation": relation, "score": 0.9, "coverage": 0.8, "via": via, "source_of": source_of,
                "published": None, "site": None, "title": None}  # fmt: skip

    doc = {"id": "W", "origin": "W", "reason": "earliest published date", "size": 4,
           "members": [member("W", "origin"), member("F2", "rewrite"), member("F1", "rewrite", source_of="F2"),
                       member("C", "copy", via="F2")],
           "links": [{"source": s, "target": t, "reason": "earlier published date"}
                     for s, t in (("W", "F2"), ("F1", "F2"), ("F2", "C"))]}  # fmt: skip
    _write_story_report(Recorder(), [doc], tmp_path)
    assert compared == [("W", "F2"), ("F1", "F2"), ("F2", "C")]
    assert "source of F2" in (tmp_path / "index.html").read_text()


def test_escape_sequences_in_pages_never_reach_the_terminal(tmp_path: Path) -> None:
    """A hostile-input review: ESC sequences in a title, a site or an id were printed raw by
    compare, sites, stories and the rejection lines (retitling or clearing the terminal). Every
    text view writes them escaped; JSON keeps the text as it is."""
    esc = "\x1b]0;PWNED\x07\x1b[2J"
    rows = [
        {"id": f"wire{esc}", "title": f"Floods{esc}", "site": f"wire{esc}.example", "published": "2016-01-01",
         "text": SRC.read_text()},
        {"id": "farm", "title": "Farm", "site": "farm.example", "published": "2016-02-01", "text": GPT.read_text()},
        {"id": f"bad{esc}", "text": 5},
    ]  # fmt: skip
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    index = str(tmp_path / "idx")
    outputs = [run("index", "add", str(corpus), "--index", index)]
    outputs += [run(*command, "--index", index) for command in (["stories"], ["sites"], ["query", str(GPT)])]
    page = tmp_path / "wire.json"
    page.write_text(json.dumps({"title": f"Floods{esc}", "text": SRC.read_text()}))
    outputs.append(run("compare", str(page), str(GPT)))
    for res in outputs:
        assert "\x1b" not in res.stdout + res.stderr, (res.args, res.stdout[-500:], res.stderr[-500:])
    assert "\\x1b" in outputs[1].stdout  # shown, escaped
    exported = run("export", "--what", "articles", "--format", "jsonl", "-o", "-", "--index", index).stdout
    rows = {json.loads(line)["id"]: json.loads(line)["title"] for line in exported.splitlines()}
    assert rows[f"wire{esc}"] == "Floods"  # ids are kept as given; a title is cleaned as the text is


def test_sites_says_when_there_is_nothing_to_count(tmp_path: Path) -> None:
    """A docs review: `sites --site apnews.com` on an index without it printed two empty tables,
    which read as 'no copying' as much as 'no such site'. Each case is said in one line, and an
    index with no reuse between sites says so in place of the empty table of pairs."""
    rows = [{"id": "wire", "site": "wire.example", "published": "2016-01-01", "text": SRC.read_text()},
            {"id": "farm", "site": "wire.example", "published": "2016-02-01", "text": GPT.read_text()}]  # fmt: skip
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    index = str(tmp_path / "idx")
    assert run("index", "add", str(corpus), "--index", index).returncode == 0
    absent = run("sites", "--index", index, "--site", "apnews.com")
    assert (absent.returncode, absent.stdout.strip()) == (0, "0 sites: no indexed articles from apnews.com")
    dated = run("sites", "--index", index, "--since", "2020-01-01")
    assert dated.stdout.strip() == "0 sites: no indexed articles published in that range"
    assert "wire.example" in run("sites", "--index", index).stdout  # the farm copies its own site's wire
    alone = str(tmp_path / "alone")
    assert run("index", "add", str(SRC), "--index", alone).returncode == 0
    none = run("sites", "--index", alone)
    assert "no article of one site derives from another site's" in none.stdout and "┏" in none.stdout  # sites listed


def test_hard_wrapped_sentences_read_on_one_line_in_the_text_view(tmp_path: Path) -> None:
    """A templated-news review: the aligned sentences of hard-wrapped wire copy showed its line
    breaks escaped ('said it\\nis raising'), as an id's are."""
    wire = "TCF Banking and Savings FA said it\nis raising its prime rate to 7-3/4 pct from 7-1/2 pct effective\ntoday."
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(wire)
    b.write_text(wire + " The bank joins Citibank.")
    shown = run("compare", str(a), str(b))
    assert "said it" in shown.stdout and "\\n" not in shown.stdout


def test_query_of_a_page_crawled_again_lists_the_indexed_version_of_its_id(tmp_path: Path) -> None:
    """A re-crawled page (same id, edited text) queried against the index that holds its first
    crawl: every match with its id was dropped as 'the file itself', so it said nothing matched
    while its JSON still named a story. Only the identical text is the article itself."""
    wire = SRC.read_text()
    first, again = tmp_path / "first.json", tmp_path / "again.json"
    first.write_text(json.dumps({"id": "https://wire.example/1", "text": wire, "published": "2016-07-01"}))
    edited = wire.replace("Newton Stewart", "Newton Stuart")
    again.write_text(json.dumps({"id": "https://wire.example/1", "text": edited, "published": "2016-07-02"}))
    index = str(tmp_path / "idx")
    assert run("index", "add", str(first), "--index", index).returncode == 0
    doc = json.loads(run("query", str(again), "--index", index, "--format", "json").stdout)
    assert [(m["id"], m["role"]) for m in doc["matches"]] == [("https://wire.example/1", "source")]
    itself = json.loads(run("query", str(first), "--index", index, "--format", "json").stdout)
    assert itself["matches"] == []  # the indexed file is not its own match


def test_an_add_that_leaves_the_disk_nearly_full_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An operations review: an add filled its disk and exited 0 without a word; the next night's
    add failed for lack of room to fold the write-ahead log into the database."""
    import shutil

    from typer.testing import CliRunner

    from wiretrace.cli import app

    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real(path)._replace(free=5 * 2**20))
    result = CliRunner().invoke(app, ["index", "add", str(SRC), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 0, result.output
    assert "5 MB left on its disk" in result.output and "the next add may fail for lack of space" in result.output
    monkeypatch.undo()
    again = CliRunner().invoke(app, ["index", "add", str(GPT), "--index", str(tmp_path / "idx")])
    assert again.exit_code == 0 and "left on its disk" not in again.output


@pytest.mark.parametrize(
    ("signum", "workers", "status", "says"),
    [(signal.SIGINT, "2", 130, "interrupted"), (signal.SIGTERM, "1", 143, "terminated (SIGTERM)")],
)
def test_ctrl_c_on_compare_pairs_with_workers_stops_in_one_line(
    tmp_path: Path, signum: signal.Signals, workers: str, status: int, says: str
) -> None:
    """A terminal's Ctrl-C reaches the whole process group: the workers of `compare --pairs` took it
    too, printed their tracebacks and at times left the command hanging in the pool's shutdown; a
    SIGTERM ended a run in one process without a word (with worker processes it still ends the run
    at once: a group's SIGTERM can end a worker inside the pool's queue lock)."""
    pair = json.dumps({"source_path": str(SRC), "target_path": str(GPT)})
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(pair[:-1] + f', "id": "p{n}"}}\n' for n in range(5000)))
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    command = [sys.executable, "-m", "wiretrace.cli", "compare", "--pairs", str(pairs), "--format", "jsonl",
               "--workers", workers, "-o", str(out)]  # fmt: skip
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    partial = tmp_path / ".out.jsonl.partial"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (partial.exists() and partial.read_text().count("\n") >= 50):
        time.sleep(0.05)  # the workers are busy comparing
    os.killpg(proc.pid, signum)
    try:
        _, stderr = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("compare --pairs hung after the signal") from None
    assert proc.returncode == status and "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert stderr.startswith(f"wiretrace: {says} after ") and stderr.count("\n") == 1


def test_compare_and_extract_read_an_article_from_standard_input() -> None:
    """Only `query -` and `--pairs -` took standard input; `extract -` looked for a file named '-'."""
    res = run("compare", str(SRC), "-", "--format", "json", stdin=GPT.read_text())
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["target"]["id"] is None and doc["verdict"]["relation"] == "rewrite"
    res = run("extract", "-", stdin=SRC.read_text())
    assert res.returncode == 0 and json.loads(res.stdout)["text"].startswith("The full cost of damage")
    res = run("compare", "-", "-", stdin="")
    assert res.returncode == 2 and "only one of the articles" in res.stderr


def test_parquet_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    import pty

    index = tmp_path / "idx"
    assert run("index", "add", str(EXAMPLES / "l2r"), "--index", str(index)).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    main, terminal = pty.openpty()
    try:
        command = [sys.executable, "-m", "wiretrace.cli", "export", "--what", "links", "--format", "parquet", "-o", "-",
                   "--index", str(index)]  # fmt: skip
        res = subprocess.run(command, stdout=terminal, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
    finally:
        os.close(terminal)
        os.close(main)
    assert res.returncode == 2 and "Parquet is binary" in res.stderr
    piped = subprocess.run(command, capture_output=True, env=env, timeout=300)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PAR1")


def test_index_add_tells_a_script_what_it_did_as_json(tmp_path: Path) -> None:
    """A nightly job had to parse 'added N, duplicates skipped ...' to learn what an add did."""
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\x00\x01binary" * 8)
    res = run("index", "add", str(EXAMPLES / "l2r"), str(broken), "--index", str(tmp_path / "idx"), "--format", "json")
    doc = json.loads(res.stdout)
    assert res.returncode == 1 and doc["schema"] == "wiretrace.add/1"
    assert doc["added"] == len(list((EXAMPLES / "l2r").glob("*.txt"))) and doc["links"] > 0
    assert [r["where"] for r in doc["rejected"]] == [str(broken)]
    again = run("index", "add", str(EXAMPLES / "l2r"), "--index", str(tmp_path / "idx"), "-f", "json")
    again = json.loads(again.stdout)
    assert again["added"] == 0 and again["duplicates"] == doc["added"] and not again["rejected"]


def test_index_add_reads_a_pipe(tmp_path: Path) -> None:
    """A shell user's review: `jq ... | wiretrace index add -` and `curl ... | wiretrace index add -`
    had no way in but a file. Records keep their ids; a page without one is named by its content,
    so piping it again stores nothing new; `-` beside other inputs is refused."""
    index = str(tmp_path / "idx")
    dump = "".join(json.dumps({"id": p.stem, "text": p.read_text()}) + "\n" for p in (SRC, GPT))
    res = run("index", "add", "-", "--index", index, "--format", "json", stdin=dump)
    doc = json.loads(res.stdout)
    assert res.returncode == 0 and doc["added"] == 2 and doc["links"] == 1, res.stderr
    page = (EXAMPLES / "l2r" / "001-source.txt").read_text()
    first = json.loads(run("index", "add", "-", "--index", index, "-f", "json", stdin=page).stdout)
    again = json.loads(run("index", "add", "-", "--index", index, "-f", "json", stdin=page).stdout)
    assert (first["added"], again["added"], again["duplicates"]) == (1, 0, 1)
    exported = run("export", "--what", "articles", "--format", "jsonl", "-o", "-", "--index", index).stdout
    assert sorted(json.loads(line)["id"][:6] for line in exported.splitlines()) == ["000-re", "000-so", "stdin:"]
    mixed = run("index", "add", "-", str(SRC), "--index", index)
    assert mixed.returncode == 2 and "standard input alone" in mixed.stderr
    assert "given twice" in run("index", "add", "-", "-", "--index", index).stderr
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    closed = subprocess.run([sys.executable, "-m", "wiretrace", "index", "add", "-", "--index", index],
                            capture_output=True, text=True, env=env, preexec_fn=lambda: os.close(0))
    assert closed.returncode == 2 and "standard input, which is closed" in closed.stderr  # was a traceback
    empty = run("index", "add", "-", "--index", index, "-f", "json", stdin="")  # a filter that found nothing
    assert empty.returncode == 0 and json.loads(empty.stdout)["added"] == 0


def test_quiet_commands_say_nothing_when_all_went_well(tmp_path: Path) -> None:
    """A shell user's review: cron mails whatever a job prints, so a nightly add mailed its summary
    every night. With -q a good run prints nothing; a run with rejects still lists them."""
    index = str(tmp_path / "idx")
    good = run("-q", "index", "add", str(EXAMPLES / "l2r"), "--index", index)
    assert (good.returncode, good.stdout, good.stderr) == (0, "", "")
    csv = str(tmp_path / "l.csv")
    exported = run("-q", "export", "--what", "links", "--format", "csv", "-o", csv, "--index", index)
    assert (exported.returncode, exported.stdout, exported.stderr) == (0, "", "")
    assert (tmp_path / "l.csv").read_text().startswith('"source","target"')
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\x00\x01binary" * 8)
    bad = run("-q", "index", "add", str(broken), "--index", index)
    assert bad.returncode == 1 and "rejected 1" in bad.stdout and f"rejected {broken}: binary" in bad.stdout
    assert run("-q", "-v", "stories", "--index", index).returncode == 2


def test_a_command_kept_out_by_serve_says_where_to_read_at_once(tmp_path: Path) -> None:
    """A review: `stories` while `serve` held the index waited its full minute for a lock the server
    never lets go, then named no address. It now fails at once with the server's address; SIGTERM
    (a service manager's stop) ends the server through its cleanup, and the command works again."""
    import socket
    import urllib.request

    index = str(tmp_path / "idx")
    assert run("index", "add", str(SRC), str(GPT), "--index", index).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    server = subprocess.Popen([sys.executable, "-m", "wiretrace.cli", "serve", "--index", index, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # fmt: skip
    try:
        for _ in range(600):  # up when it answers
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        started = time.monotonic()
        res = run("stories", "--index", index)
        assert time.monotonic() - started < 30 and res.returncode == 2, res.stderr  # not the lock's minute
        assert f"holds this index until it stops: read or add through it at http://127.0.0.1:{port}" in res.stderr
    finally:
        server.terminate()
        status = server.wait(timeout=60)
    assert status == 143 and not (tmp_path / "idx" / "serving.json").exists()
    assert run("stories", "--index", index).returncode == 0


def test_serve_on_a_port_in_use_is_one_line_and_makes_no_index(tmp_path: Path) -> None:
    """The docs audit: six log lines and exit status 3, after the index directory had been made."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = run("serve", "--index", str(tmp_path / "idx"), "--port", str(port))
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert f"127.0.0.1:{port}: cannot listen there" in res.stderr and not (tmp_path / "idx").exists()


def test_index_add_and_batch_read_a_dump_by_the_field_names_given(tmp_path: Path) -> None:
    """A dump naming its fields its own way: `--field` reads them, from a file and from a pipe,
    in an add and a batch run (whose config.json keeps them); a field misnamed is one line, and
    `--from-index` (an index's own records) takes none."""
    records = [{"story": f"s-{n}", "body_text": p.read_text(), "text": "A teaser."} for n, p in enumerate((SRC, GPT))]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in records))
    names = ("--field", "text=body_text", "--field", "id=story")

    added = run("index", "add", str(dump), "--index", str(tmp_path / "idx"), *names, "--format", "json")
    piped = run("index", "add", "-", "--index", str(tmp_path / "piped"), *names, "--format", "json",
                stdin=dump.read_text())  # fmt: skip
    batch = run("batch", str(dump), "--out", str(tmp_path / "run"), *names, "--format", "json")
    wrong = run("index", "add", str(dump), "--index", str(tmp_path / "idx2"), "--field", "body=body_text")
    rebuild = run("index", "add", "--from-index", str(tmp_path / "idx"), "--index", str(tmp_path / "idx3"), *names)

    for res in (added, piped):
        assert res.returncode == 0, res.stderr
        assert (json.loads(res.stdout)["added"], json.loads(res.stdout)["links"]) == (2, 1)
    query = run("query", "s-1", "--index", str(tmp_path / "idx"), "--format", "json")
    assert [m["id"] for m in json.loads(query.stdout)["matches"]] == ["s-0"]
    assert batch.returncode == 0, batch.stderr
    config = json.loads((tmp_path / "run" / "config.json").read_text())
    assert config["fields"] == {"text": "body_text", "id": "story"}
    said = "wiretrace: error: no field 'body' to name: records give id, html, text, title, byline, published, site, url"
    assert (wrong.returncode, wrong.stderr.strip()) == (2, said)
    assert rebuild.returncode == 2 and "--from-index reads an index's own" in rebuild.stderr
    # a docs review: a mistyped old index was refused, but the new one was made, empty, for later commands to read
    mistyped = run("index", "add", "--from-index", str(tmp_path / "idz"), "--index", str(tmp_path / "idx4"))
    assert (mistyped.returncode, mistyped.stderr.count("\n")) == (2, 1) and "no wiretrace index here" in mistyped.stderr
    assert not (tmp_path / "idx4").exists()
    # one record read by the other commands with the same names (their hint to it had named an option they lacked)
    one = tmp_path / "one.json"
    one.write_text(json.dumps(records[1]))
    extracted = run("extract", str(one), *names)
    assert extracted.returncode == 0 and json.loads(extracted.stdout)["id"] == "s-1"
    mistyped = run("extract", str(one), "--field", "text=body_text", "--field", "id=stroy")
    assert json.loads(mistyped.stdout)["id"] == str(one)  # by its place, and said:
    assert "no record read gave 'stroy' (--field id=stroy), so none took its id from it" in mistyped.stderr
    asked = run("query", str(one), "--index", str(tmp_path / "idx"), *names, "--format", "json")
    assert [m["id"] for m in json.loads(asked.stdout)["matches"]] == ["s-0"]
    compared = run("compare", str(tmp_path / "src.json"), str(one), *names, "--format", "json")
    assert compared.returncode == 2  # no such file: read as an id, none indexed there
    (tmp_path / "src.json").write_text(json.dumps(records[0]))
    compared = run("compare", str(tmp_path / "src.json"), str(one), *names, "--format", "json")
    assert json.loads(compared.stdout)["verdict"]["relation"] == "rewrite", compared.stderr
