"""Which files a run reads (files, folders, globs) and the reader each one's kind takes: the readers' entry points."""

from __future__ import annotations

import glob
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from wiretrace.ingest import (
    ARRAY_OPENING,
    FEED_SNIFF,
    MAX_BYTES,
    MAX_PROLOG,
    SNIFF_BYTES,
    checked_fields,
    fields_named,
    indexed_articles,
    json_lines,
    path_id,
    prolog_end,
    sniffed_head,
)
from wiretrace.model import Article
from wiretrace.readers.base import _HTML_HEAD, Item, Rejected, Skipped
from wiretrace.readers.feeds import _FEED, _read_feed
from wiretrace.readers.parquet import _read_parquet
from wiretrace.readers.records import _read_gzip_document, _read_json, _read_jsonl, _read_single, _refuse_xml
from wiretrace.readers.tables import _TABLES, _read_table, _table_of_articles
from wiretrace.readers.warc import _read_warc

log = logging.getLogger(__name__)

_SINGLE = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml", ".json"}
_JSONL = {".jsonl", ".ndjson", ".jl"}  # `.jl`: Scrapy's JSON Lines
_WARC = {".warc", ".wet"}  # `.warc.wet.gz` (Common Crawl WET) ends in `.wet` once `.gz` is gone
#: What a directory walk reads: the formats above, feeds (`_FEED`), `.parquet`, `.xml` (feeds), `.gz` of any of
#: them, and names without a suffix (sniffed). Other files in a folder (`.csv`, `.css`, `.png`,
#: `.pdf` ...) are skipped; named on the command line, any file is read.
_WALKED = _SINGLE | _JSONL | _WARC | _FEED | {".parquet", ".xml", ""}
#: Pages a server made, which a mirroring crawler saves under its script's name ('story.php',
#: 'index.aspx?id=3'): read from a folder when their first bytes are HTML (not a script's source).
_SERVER_PAGES = {".php", ".asp", ".aspx", ".jsp", ".cfm", ".cgi", ".pl"}
#: How a server script's own source opens (PHP, ASP, JSP), HTML in it or not: not a page served.
_SCRIPT_SOURCE = (b"<?php", b"<?=", b"<%")
#: The kind of `Skipped` item a file of another kind found in a folder or by a pattern is counted
#: under (`other_kind`), with its suffix: '.css file'.
OTHER_KIND = " file"


def expand(
    paths: Iterable[str],
    note_skipped: bool = True,
    exclude: Path | None = None,
    other_kinds: list[Path] | None = None,
) -> tuple[list[Path], list[Rejected]]:
    """Resolve files, directories (recursive, sorted, hidden names skipped) and glob patterns into files.

    A path that is neither an existing file or directory nor a pattern matching something is
    returned as a `Rejected`. Each file is listed once, however many arguments reach it. Files of
    other kinds are skipped with a note in the log (`note_skipped`: not when only sizing the input).
    Files under `exclude` (a batch run's own directory inside an input folder) are never listed;
    `other_kinds`, when given, receives the files skipped for their kind.

    Example:
        >>> files, missing = expand(["corpus/", "feeds/*.xml", "typo.txt"])  # doctest: +SKIP
    """
    files: list[Path] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()
    own = os.path.realpath(exclude) + os.sep if exclude is not None else None

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if own is not None and key.startswith(own):
            return
        if key not in seen:
            seen.add(key)
            files.append(path)

    for arg in paths:
        named = os.path.lexists(arg)
        matches = [arg] if named else sorted(glob.glob(arg, recursive=True))
        if not matches:
            rejected.append(Rejected(arg, "no such file or pattern"))
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for found in _walk(path, rejected, note_skipped, other_kinds):
                    add(found)
            elif path.is_file():
                if named or _readable_kind(path, note_skipped):  # a file named outright is read whatever its name
                    add(path)
                elif other_kinds is not None:
                    other_kinds.append(path)
            elif not path.exists():
                rejected.append(Rejected(match, "broken symbolic link"))
            else:
                rejected.append(Rejected(match, "not a regular file"))
    if own is not None and other_kinds:  # the index's own files are no input left unread ('.duckdb 1, .lock 2')
        other_kinds[:] = [p for p in other_kinds if not os.path.realpath(p).startswith(own)]
    return _without_wet_of_given_warcs(files, note_skipped), rejected


def _without_wet_of_given_warcs(files: list[Path], note_skipped: bool = True) -> list[Path]:
    """`files` without the WET conversions of crawls also given ('x.warc.wet.gz' beside
    'x.warc.gz', as Common Crawl names them): each page would come twice, as the WARC's HTML
    extracted and as the WET's text, two texts under one address (each rejected as an id given
    earlier with other content, or with `--keep-versions` each page a version of itself)."""
    given = {str(p) for p in files}
    kept = []
    for path in files:
        name = str(path)
        warc = name.replace(".warc.wet", ".warc", 1) if ".warc.wet" in name.lower() else None
        # Common Crawl's own layout: 'segments/N/wet/X.warc.wet.gz' beside 'segments/N/warc/X.warc.gz'
        sibling = str(path.parent.parent / "warc" / Path(warc).name) if warc and path.parent.name == "wet" else None
        crawl = next((w for w in (warc, sibling) if w is not None and w != name and w in given), None)
        if crawl is not None:
            if note_skipped:
                log.warning("%s: skipped, the WET conversion of %s, whose pages are read from it", name, crawl)
            continue
        kept.append(path)
    return kept


def _walk(
    root: Path, rejected: list[Rejected], note_skipped: bool = True, other_kinds: list[Path] | None = None
) -> Iterator[Path]:
    """Files under `root` in sorted order, skipping hidden files and directories (`.git`, `.DS_Store`),
    files of other kinds than articles, collections and feeds (`_WALKED`), and links to files
    outside `root` (an unpacked dump's link to a private file would be indexed, and served by the
    read API, under the file's own path)."""

    def unreadable(exc: OSError) -> None:
        rejected.append(Rejected(str(exc.filename or root), f"cannot read the directory ({exc.strerror or exc})"))

    inside = root.resolve()
    for folder, names in _folders(root, unreadable):
        for name in names:
            path = Path(folder, name)
            if name.startswith(".") or not path.is_file():
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                if note_skipped:
                    log.warning("%s: skipped, a link to a file outside %s (name that file to read it)", path, root)
                continue
            if _readable_kind(path, note_skipped):
                yield path
            elif other_kinds is not None:
                other_kinds.append(path)


def _folders(root: Path, unreadable: Callable[[OSError], None]) -> Iterator[tuple[str, list[str]]]:
    """Each folder under `root` (itself first, then each subfolder in name order, depth first, hidden
    ones and links to folders left out) with its other entries' names, sorted; a folder that cannot
    be listed goes to `unreadable`. Not `os.walk`, which recurses: a tree 1,000 folders deep ended
    the add in a RecursionError."""
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            unreadable(exc)
            continue
        folders = {e.name for e in listed if _a_folder(e)}
        subfolders = sorted(name for name in folders if not name.startswith("."))
        stack.extend(os.path.join(folder, name) for name in reversed(subfolders))
        yield folder, sorted(e.name for e in listed if e.name not in folders)


def _a_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a directory entry is a folder walked into (not a link to one, as `os.walk`)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _readable_kind(path: Path, note_skipped: bool = True) -> bool:
    """Whether a file found by a directory walk or a pattern is of a kind wiretrace reads
    (`_WALKED`, or a server's page saved as HTML, `_SERVER_PAGES`); others (`.css`, `.png`,
    `.csv`) are skipped with a note in the log."""
    suffix = other_kind(path).removesuffix(OTHER_KIND)
    if suffix in _WALKED:
        return True
    if suffix in _TABLES and _table_of_articles(path):
        return True
    if suffix in _SERVER_PAGES:
        try:
            with path.open("rb") as fh:
                head = fh.read(SNIFF_BYTES)
            if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_SCRIPT_SOURCE) and _HTML_HEAD.search(head):
                return True
        except OSError:
            return True  # read, so that the reader names the file and why it cannot be read
    if note_skipped:
        log.info("%s: skipped, not a format wiretrace reads from a directory or pattern", path)
    return False


def other_kind(path: Path) -> str:
    """The kind a file found in a folder is of, by its suffix (inside `.gz`, before a saved
    page's query string): '.css file', or ' file' without a suffix."""
    return Path(path.name.lower().split("?", 1)[0].removesuffix(".gz")).suffix + OTHER_KIND


def read_all(
    paths: Iterable[str], exclude: Path | None = None, fields: Mapping[str, str] | None = None
) -> Iterator[Item]:
    """Read every article in `paths` (files, directories, globs), none under `exclude`; missing
    paths come first as `Rejected`, then the files of other kinds a folder or pattern held, as
    `Skipped` (one each: not errors, but a run says how many it did not read). `fields`: the names
    the records give their fields (`ingest.fields_named`; ConfigError, raised now, for a field
    wiretrace does not read)."""
    return with_field_names(fields, _read_all(paths, exclude))


def with_field_names(fields: Mapping[str, str] | None, items: Iterable[Item], warn: bool = True) -> Iterator[Item]:
    """`items`, each read with the records' names for their fields (`ingest.fields_named`) in
    force: set around each step, so the names hold wherever the reading is driven from (a Spark
    executor, the reading process) and never outside it. `warn`: end with a warning for the names
    no record read gave (`warn_of_unread_names`); a reading of one part of the inputs (a Spark
    executor's file) cannot tell.

    Raises:
        ConfigError: now, for a field wiretrace does not read.
    """
    checked = checked_fields(fields)
    return _stepped(checked, iter(items), warn) if checked else iter(items)


def _stepped(fields: dict[str, str], items: Iterator[Item], warn: bool) -> Iterator[Item]:
    given: set[str] = set()
    articles = 0
    while True:
        with fields_named(fields, given):
            item = next(items, None)
        if item is None:
            break
        articles += isinstance(item, Article)
        yield item
    if warn:
        warn_of_unread_names(fields, given, articles)


def warn_of_unread_names(fields: Mapping[str, str], given: set[str], articles: int = 0) -> None:
    """Log a warning for each of the names `fields` gives that no record read gave (`given`, as
    `ingest.fields_named` gathers it): mistyped, most likely, and JSON records may leave a field
    out, so none of them is refused for it (a table or Parquet file without the column is). With
    no record read at all but `articles` read otherwise (pages, feeds, a table piped in as text),
    one warning that the names were not used."""
    if not given:
        if articles and fields:
            log.warning("--field names the fields of records, and none of the %d articles read came from one "
                        "(JSON, JSON Lines, CSV/TSV, Parquet): the names were not used", articles)  # fmt: skip
        return
    for which, name in fields.items():
        if name not in given:
            log.warning("no record read gave %r (--field %s=%s), so none took its %s from it", name, which, name,
                        which)  # fmt: skip


def _read_all(paths: Iterable[str], exclude: Path | None) -> Iterator[Item]:
    other: list[Path] = []
    files, rejected = expand(paths, exclude=exclude, other_kinds=other)
    yield from rejected
    yield from (Skipped(str(path), other_kind(path), 1) for path in other)
    for path in files:
        yield from read_collection(path)


def read_collection(path: Path) -> Iterator[Item]:
    """Read the articles in one file, choosing the reader by file name and, failing that, by content.

    Never raises for a bad input: unreadable files, bad records and truncated archives become
    `Rejected` items in the stream, after whatever could be read before the damage. The file is
    named by its absolute path (`path_id`), in ids and reasons alike: a record without an id or
    url is named `path:N`, so a dump added again under another spelling must give the same names.
    """
    path = Path(path_id(path))
    try:
        reader = _reader_for(path)
    except OSError as exc:
        yield Rejected(str(path), f"cannot read the file ({exc.strerror or exc})")
        return
    try:
        for item in reader(path):
            yield from indexed_articles(item) if isinstance(item, Article) else [item]  # a live page's updates
    except Exception as exc:  # a damage no reader foresaw: one file must not end a run over thousands
        log.debug("%s: unexpected error while reading", path, exc_info=True)
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        yield Rejected(str(path), f"unexpected error while reading the file, after the records before it ({detail})")


def _reader_for(path: Path) -> Callable[[Path], Iterator[Item]]:
    """The reader for `path`: by extension (inside `.gz` too), else by sniffing its first bytes."""
    name = path.name.lower()
    compressed = name.endswith(".gz")
    suffix = Path(name.removesuffix(".gz")).suffix
    if suffix in _TABLES:
        return _read_table
    if suffix in _JSONL:
        return _read_jsonl
    if suffix in _WARC:
        return _read_warc  # warcio decompresses gzip members itself
    if compressed:
        return _read_gzip_document
    if suffix == ".parquet":
        return _read_parquet
    if suffix in _FEED:
        return _read_feed
    if suffix == ".json":
        return _read_json
    if suffix in _SINGLE:
        return _read_single
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
        while prolog_end(head) is None and len(head) < MAX_PROLOG and (more := fh.read(16 * SNIFF_BYTES)):
            head += more  # a long XML prolog: its root named after it
    head = sniffed_head(head)
    if head.startswith(b"WARC/1."):
        return _read_warc
    if head.startswith(b"PAR1"):
        return _read_parquet
    if head.lstrip().startswith(b"{") and _opens_json_lines(path):  # a dump named without .jsonl
        return _read_jsonl
    if ARRAY_OPENING.match(head):  # a JSON array of records named without .json
        return _read_json
    if FEED_SNIFF.search(head):
        return _read_feed
    if suffix == ".xml" and not re.search(rb"<html[\s>]", head, re.I):
        return _refuse_xml  # a directory walk reads .xml files as feeds, not as articles
    return _read_single  # read_path tells text from HTML and rejects binaries


def _opens_json_lines(path: Path) -> bool:
    """Whether the file's first two lines are JSON objects (`ingest.json_lines`), each read whole."""
    lines: list[bytes] = []
    with path.open("rb") as fh:
        for _ in range(64):  # past blank lines, each line whole (a record) up to an article's size
            line = fh.readline(MAX_BYTES)
            if not line or len(lines) == 2:
                break
            lines += [line] if line.strip() else []
    return json_lines(b"".join(lines).decode("utf-8", "replace"))
