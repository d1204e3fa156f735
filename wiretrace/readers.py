"""Collection readers: turn files, directories and globs into a stream of extracted articles.

One article file (text, HTML, JSON), JSON Lines (plain or gzip), Parquet, WARC/WET crawls and
RSS/Atom feeds. Each bad input or record becomes a `Rejected` with a place and a reason in the
stream, so one broken file never stops an `index add` run. The heavy readers (pyarrow, warcio,
feedparser) are imported only when a file of their kind turns up.

Example:
    >>> for item in read_all(["corpus/", "crawl/*.warc.gz"]):  # doctest: +SKIP
    ...     print(item.id if isinstance(item, Article) else item.where)
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import functools
import glob
import gzip
import hashlib
import io
import json
import logging
import os
import re
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape as html_unescape
from pathlib import Path
from typing import Any, BinaryIO

from wiretrace.errors import InputError, ListPage, json_problem, unreadable_json
from wiretrace.ingest import (
    ARRAY_OPENING,
    FEED_SNIFF,
    MAX_BYTES,
    MAX_PROLOG,
    RECORD_FIELDS,
    SNIFF_BYTES,
    binary_kind,
    checked_fields,
    decode,
    fields_named,
    from_html,
    from_record,
    from_text,
    gunzipped,
    indexed_articles,
    json_lines,
    named_fields,
    normalize_date,
    path_id,
    prolog_end,
    read_bytes,
    read_path,
    record_site,
    site_titled_text,
    sniffed_head,
)
from wiretrace.model import Article
from wiretrace.sites import host_of, without_tracking
from wiretrace.table_rows import table_records
from wiretrace.text import word_count

log = logging.getLogger(__name__)

#: A JSON Lines record longer than this is refused without parsing (its text would be over `MAX_BYTES`;
#: JSON escapes can double a text's length).
MAX_RECORD_BYTES = 2 * MAX_BYTES
#: Feeds are parsed whole by feedparser, so they get a size limit like single articles (but larger).
MAX_FEED_BYTES = 64 * 1024 * 1024

_SINGLE = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml", ".json"}
_JSONL = {".jsonl", ".ndjson", ".jl"}  # `.jl`: Scrapy's JSON Lines
_WARC = {".warc", ".wet"}  # `.warc.wet.gz` (Common Crawl WET) ends in `.wet` once `.gz` is gone
_FEED = {".rss", ".atom"}
#: What a directory walk reads: the formats above, `.parquet`, `.xml` (feeds), `.gz` of any of
#: them, and names without a suffix (sniffed). Other files in a folder (`.csv`, `.css`, `.png`,
#: `.pdf` ...) are skipped; named on the command line, any file is read.
_WALKED = _SINGLE | _JSONL | _WARC | _FEED | {".parquet", ".xml", ""}
#: Pages a server made, which a mirroring crawler saves under its script's name ('story.php',
#: 'index.aspx?id=3'): read from a folder when their first bytes are HTML (not a script's source).
_SERVER_PAGES = {".php", ".asp", ".aspx", ".jsp", ".cfm", ".cgi", ".pl"}
_HTML_HEAD = re.compile(rb"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
#: How a server script's own source opens (PHP, ASP, JSP), HTML in it or not: not a page served.
_SCRIPT_SOURCE = (b"<?php", b"<?=", b"<%")
#: The kind of `Skipped` item a file of another kind found in a folder or by a pattern is counted
#: under (`other_kind`), with its suffix: '.css file'.
OTHER_KIND = " file"
_RESYNC_CHUNK = 1 << 20  # bytes scanned at a time for the next WARC record after damage
_HAS_TAG = re.compile(r"<[A-Za-z][^>]*>")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
# Servers and crawlers label pages with these by default; valid UTF-8 in them is almost surely UTF-8.
_DEFAULT_CHARSETS = {"ascii", "latin-1", "iso8859-1", "cp1252"}
_MIN_FEED_WORDS = 10  # same floor as ingest applies to HTML pages: below it a feed entry is a teaser
_PARQUET_BATCH = 512


@dataclass(slots=True, frozen=True)
class Rejected:
    """An input or record that yielded no article: where it is and why, to count and report."""

    where: str  # path, `path:N` (JSONL line), `path#id` (feed entry, Parquet row) or `path@offset uri` (WARC)
    reason: str


@dataclass(slots=True, frozen=True)
class Skipped:
    """Records of a crawl archive that hold no article by design (requests, metadata, revisits,
    images, redirects), and a dump's blank lines: counted, one item per file and kind, so a run can
    say where the rest of a WARC went. Not an error: such records are the bulk of any crawl."""

    where: str  # the WARC file, or the JSON Lines file
    kind: str  # `_skipped_kind`: 'request', 'revisit', 'non-HTML response', 'response status 404', ...
    records: int


#: What the readers yield: an extracted article, the reason an input or record gave none, or a
#: count of a crawl's records that are not articles.
Item = Article | Rejected | Skipped


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


#: How standard input is named in ids and messages (`read_stream`, `index add -`).
STDIN = "stdin"
#: Bytes of a stream other than JSON Lines spooled to a temporary file at most (a crawl piped in).
MAX_SPOOL_BYTES = 8 * 1024**3


def read_stream(stream: BinaryIO, name: str = STDIN) -> Iterator[Item]:
    """Read the articles of a byte stream (`index add -`) as a file of the same content is read.

    A stream opening with `{` is JSON Lines, read line by line as they arrive (gzip too), so a
    filter's output of any size needs no room; a bad line, even the first, is rejected alone, and
    one JSON object written over several lines is read as one article. Anything else (one page, a
    feed, a WARC, Parquet; gzip of any) is written to a temporary file first (`$TMPDIR`), its
    gzip kept, so a cut archive is read up to the cut. An empty stream holds nothing to add. An
    article whose id would come from its place (no `id` or `url` in a record, one page, a feed
    entry without a link) is named by its text, `name:` and 12 hex digits of its SHA-256: the
    same text piped again is stored once, whatever else changed in the bytes around it.
    """
    try:
        peek = getattr(stream, "peek", None)
        head = peek(SNIFF_BYTES)[:SNIFF_BYTES] if peek is not None else b""
        if head[:2] == b"\x1f\x8b":
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
            if encoding := wide_encoding(inner):  # UTF-16 gzipped: told by its text, recoded below
                inner = inner.decode(encoding, "ignore").encode()
            if not (inner.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") or ARRAY_OPENING.match(inner)):
                yield from _read_spooled(b"", stream, name, _suffix_of(inner) + ".gz")
                return
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
        if peek is not None or head[:2] == b"\x1f\x8b":
            stream = as_utf8(stream)  # exported on Windows: UTF-16, read as UTF-8
        first, blank = stream.readline(MAX_RECORD_BYTES + 1), 0
        while first and not first.lstrip(b"\xef\xbb\xbf").strip() and len(first) <= MAX_RECORD_BYTES:
            first, blank = stream.readline(MAX_RECORD_BYTES + 1), blank + 1  # blank (a byte-order mark alone too)
        opening = first.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if opening == b"[" and not ARRAY_OPENING.match(first):
            opening = b""  # a text opening with a bracket ('[Updated] Police ...')
        if opening not in (b"{", b"["):
            yield from _read_spooled(first, stream, name)
            return

        def named(item: Item) -> Item:
            return _content_named(item, item.where or "", name) if isinstance(item, Article) else item

        if opening == b"[":  # a JSON array of records, read as its elements come
            yield from json_objects(first, stream, name, named, blank)
            return

        read = [first]
        if len(first) > MAX_RECORD_BYTES and not first.endswith(b"\n"):  # refused below; skip the rest of it
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        elif not _is_json_object(first):  # a bad first record, or one object over several lines
            second = stream.readline(MAX_RECORD_BYTES + 1)
            if second.strip() and not _is_json_object(second):
                yield from json_objects(first + second, stream, name, named, blank)
                return
            read.append(second)

        yield from _jsonl_records(stream, name, read, named)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Rejected(name, f"truncated or corrupt gzip: {exc}")
    except UnicodeDecodeError as exc:  # a UTF-16 stream (`as_utf8`) with bytes that are not UTF-16
        yield Rejected(name, _not_encoded(exc))
    except OSError as exc:
        yield Rejected(name, f"cannot read the input ({exc.strerror or exc})")


#: What may separate concatenated JSON objects (`json_objects`).
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
#: Where reading goes on after an object that is not valid JSON: the next line opening an object.
_NEXT_OBJECT = re.compile(r"\n\{")
#: Characters from the end of what was read within which a JSON error may be a token cut by the
#: read: an escape ('\\u00a3' is six) or a word ('false' is five), read whole with the next chunk.
_CUT_TOKEN = 16
#: What is left after a JSON error at the end of an input cut inside a token: nothing, or the start
#: of an escape, a word or a number ('\\u00', 'tr', '1e'), then blanks.
_CUT_TAIL = re.compile(rf"[\w\\.+-]{{0,{_CUT_TOKEN}}}\s*")



def json_objects(
    opening: bytes, stream: BinaryIO, name: str, named: Callable[[Item], Item] | None = None, lines_before: int = 0
) -> Iterator[Item]:
    """JSON objects written one after the other, each over several lines (`jq` without `-c`):
    one alone is one article, as a `.json` file is read; several are records `name:N`, as JSON
    Lines are (`named` renames an article read from one). Read as they come, a chunk at a time. An
    object that is not valid JSON is rejected and the reading goes on at the next line opening
    with `{`; one still open past `MAX_RECORD_BYTES` is rejected as too large. A JSON array of
    objects (a crawler's feed export, Scrapy's `-o items.json`) is records `name:N`, one alone too;
    an element that is not valid JSON ends its reading there, naming it. `lines_before`: the
    input's lines read before `opening` (blank ones), counted in the lines errors name."""
    decoder, utf8 = json.JSONDecoder(), codecs.getincrementaldecoder("utf-8-sig")()
    text, pos, n, eof = "", 0, 0, False
    lines = lines_before  # the lines read before `text` (what is read is let go): errors name the input's own line
    first: tuple[str, Any] | None = None  # the first object's text and value, until a second comes
    array = None  # an array's state: None (none seen), "open" (reading its elements), "closed"

    def more() -> bool:
        nonlocal text, eof
        chunk = getattr(stream, "read1", stream.read)(1 << 20)  # what has come: a slow producer is read as it sends
        eof = not chunk
        text += utf8.decode(chunk, final=eof)
        return not eof

    try:
        text = utf8.decode(opening)
        while True:
            pos = _JSON_SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if pos == len(text) and more():
                continue
            if pos == len(text):
                break
            if text[pos] == "[" and (array == "closed" or (array is None and n == 0)):
                array, pos = "open", pos + 1  # another array after one: a crawler appending to its export
                continue
            if array == "open" and text[pos] in ",]":
                array = "closed" if text[pos] == "]" else array
                pos += 1
                continue
            if array == "closed":
                yield Rejected(f"{name}:{n + 1}", "text after the JSON array's closing ']': not read")
                return
            try:
                value, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                # cut by the chunk read so far (a string, an escape or a word such as 'null' cut in
                # two), or wrong where it stands (read on at the next object)
                cut = exc.pos >= len(text) - _CUT_TOKEN or exc.msg.startswith("Unterminated string")
                if cut and not eof and len(text) - pos <= MAX_RECORD_BYTES and more():
                    continue
                # at the end of the input, only an error where the text ends is the input cut short: in
                # a string, or inside its last token (an escape, 'true', a number: the error is where it opens)
                in_token = _CUT_TAIL.fullmatch(text, exc.pos) is not None
                ends = eof and (exc.msg.startswith("Unterminated string") or in_token)
                if array is not None:  # its next element cannot be found: the rest of the array is not read
                    problem = f"invalid JSON ({json_problem(exc, 'line', lines)})"
                    if cut and len(text) - pos > MAX_RECORD_BYTES:
                        problem = f"record too large (over {MAX_RECORD_BYTES / 1e6:.0f} MB)"
                    elif ends:
                        problem = "the JSON array is cut short inside this element"
                    yield Rejected(f"{name}:{n + 1}", f"{problem}: the array's elements from it on are not read")
                    return
                n += 1
                if n == 2:  # the object before it is one of several
                    yield from _record(first, f"{name}:1", named)
                problem = f"invalid JSON ({json_problem(exc, 'line', lines)}); give one object a line (jq -c)"
                if cut and len(text) - pos > MAX_RECORD_BYTES:
                    problem = f"record too large (over {MAX_RECORD_BYTES / 1e6:.0f} MB)"
                start = max(exc.pos, pos + 1)
                while (found := _NEXT_OBJECT.search(text, start)) is None:
                    searched = max(len(text) - 1, start)  # a '\n' read last may open the next object
                    if not more():
                        break
                    drop = max(len(text) - MAX_RECORD_BYTES, 0)  # what is skipped is not held
                    lines += text.count("\n", 0, drop)
                    text, start = text[drop:], max(searched - drop, 0)
                yield Rejected(f"{name}:{n}" if n > 1 or found is not None else name, problem)
                if found is None:
                    return
                lines += text.count("\n", 0, found.start() + 1)
                text, pos = text[found.start() + 1 :], 0
                continue
            except (RecursionError, ValueError) as exc:  # valid, but too deep or a number too long to read
                if n == 1 and first is not None:  # read before it: one of several
                    yield from _record(first, f"{name}:1", named)
                yield Rejected(f"{name}:{n + 1}", f"{unreadable_json(exc)}: the input from it on is not read")
                return  # where it ends is not known
            n += 1
            if array is not None:  # an array's elements are records, one alone too
                yield from _record(("", value), f"{name}:{n}", named)
            elif n == 1:
                first = (text[pos:end], value)
            else:
                if n == 2:
                    yield from _record(first, f"{name}:1", named)
                yield from _record((text[pos:end], value), f"{name}:{n}", named)
            lines += text.count("\n", 0, end)
            text, pos = text[end:], 0
        if array == "open":
            yield Rejected(f"{name}:{n + 1}", "the JSON array ends before its closing ']': the file is cut short")
        elif array is not None and n == 0:
            yield Rejected(name, "an empty JSON array: no records")
        if first is not None and n == 1 and is_json_feed(first[1]):  # a JSON Feed: its items
            yield from _record(first, name, named)
        elif first is not None and n == 1:  # one object: one article, read as a .json file is
            try:
                article = read_bytes(first[0].encode(), name, suffix=".json")
            except InputError as exc:
                yield _rejected(exc)
            else:
                article.id = article.id or name  # named by its place, as a file is by its path
                yield named(article) if named is not None else article
        elif n == 0 and array is None:
            yield Rejected(name, "empty input")
    except UnicodeDecodeError as exc:
        if first is not None and n == 1:  # read before the bad bytes: one of several, or alone
            yield from _record(first, f"{name}:1", named)
        yield Rejected(name, f"not {exc.encoding.upper().replace('-SIG', '')} JSON ({exc.reason} at byte {exc.start})")


def _record(read: tuple[str, Any] | None, where: str, named: Callable[[Item], Item] | None) -> Iterator[Item]:
    """The item of one of several concatenated JSON objects (`json_objects`), or a JSON Feed's items."""
    if read is not None:
        for item in record_items(read[1], where):
            yield named(item) if named is not None and isinstance(item, Article) else item


def _suffix_of(head: bytes) -> str:
    """The file suffix of a stream's kind, told by its first bytes (`_reader_for` reads by it)."""
    if head.startswith(b"WARC/1."):
        return ".warc"
    if head.startswith(b"PAR1"):
        return ".parquet"
    if FEED_SNIFF.search(head):
        return ".xml"
    if prolog_end(head) is None:
        return ""  # an XML prolog past the bytes read: the file read whole tells its kind
    page = re.search(rb"<(?:!doctype html|html|body|p|div|article)[\s>]", head[:SNIFF_BYTES], re.I)
    return ".html" if page else ".txt"


def _is_json_object(line: bytes) -> bool:
    """Whether one line is a whole JSON object: the first record of JSON Lines."""
    try:
        return isinstance(json.loads(line.decode("utf-8-sig")), dict)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


def _content_named(item: Article, place: str, name: str, where: str | None = None) -> Article:
    """`item` named by its text (`name:` and 12 hex digits of its SHA-256) if its id came from its
    `place` (a temporary file, a line), and read from `where` (the stream) if from that file."""
    if item.id and (item.id == place or item.id.startswith((f"{place}#", f"{place}:"))):
        item.id = f"{name}:{hashlib.sha256(item.text.encode('utf-8')).hexdigest()[:12]}"
    if where is not None and item.where and item.where.startswith(place):
        item.where = where + item.where[len(place) :]
    return item


def _read_spooled(first: bytes, stream: BinaryIO, name: str, suffix: str = "") -> Iterator[Item]:
    """A stream that is not JSON Lines, written to a temporary file named with `suffix` (its kind,
    when known) and read as that file is (`read_collection`; without a suffix it sniffs the
    kind); ids and messages name the stream, not the file."""
    with tempfile.TemporaryDirectory(prefix="wiretrace-stdin-") as tmp:
        path = Path(path_id(Path(tmp) / f"{name}{suffix}"))
        with path.open("wb") as out:
            out.write(first)
            size = len(first)
            while block := stream.read(1 << 20):
                size += len(block)
                if size > MAX_SPOOL_BYTES:
                    too_large = f"over {MAX_SPOOL_BYTES / 1e9:.0f} GB"
                    yield Rejected(name, f"input too large to read from a stream ({too_large}): give it as a file")
                    return
                out.write(block)
        if not size:
            return  # an empty stream (a filter that found nothing today): nothing to add
        spooled = str(path)
        with _named_in_logs(spooled, name):
            for item in read_collection(path):
                if isinstance(item, Article):
                    yield _content_named(item, spooled, name, name)
                else:
                    yield dataclasses.replace(item, where=item.where.replace(spooled, name, 1))


@contextlib.contextmanager
def _named_in_logs(path: str, name: str) -> Iterator[None]:
    """Warnings logged while a spooled stream is read name the stream, not its temporary file."""

    def rename(record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(a.replace(path, name) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = record.msg.replace(path, name)
        return True

    # a logger's filters see its own records only, not its children's: each of the package's loggers
    loggers = [logging.getLogger(n) for n in list(logging.root.manager.loggerDict) if n.startswith("wiretrace")]
    for logger in loggers:
        logger.addFilter(rename)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(rename)


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


#: Delimited tables: one article a row, its header naming the fields (`_read_table`).
_TABLES = (".csv", ".tsv")
#: The columns a table's header may name its articles' text by (`ingest.RECORD_FIELDS`).
_TEXT_COLUMNS = frozenset({*RECORD_FIELDS["text"], *RECORD_FIELDS["html"]})


def record_columns(names: Sequence[str]) -> list[str]:
    """The columns of a table its records are read from (`ingest.RECORD_FIELDS`): `id`, and for each
    field the first of its names the table has, our `text` and `html` alone when it has either.
    The others are not read (a Parquet column of 25 MB cells a dump keeps beside `text` is never
    decompressed), so a blank cell of the column chosen is a field not given, whatever another holds.
    A field named by the caller (`ingest.fields_named`) is read from that column alone."""
    have, given = set(names), named_fields()
    mapped_body = "text" in given or "html" in given
    ours = [c for c in ("html", "text") if c in have]
    chosen = [c for c in given.values() if c in have]
    if "id" not in given and "id" in have:
        chosen.insert(0, "id")
    for name, options in RECORD_FIELDS.items():
        body = name in ("text", "html")
        if name in given or (body and mapped_body):
            continue
        first = (name if name in have else None) if body and ours else next((c for c in options if c in have), None)
        if first and first not in chosen:
            chosen.append(first)
    return list(dict.fromkeys(chosen))


def text_columns() -> frozenset[str]:
    """The columns that may hold a table's article text: the caller's (`ingest.fields_named`), else
    the names dumps give it (`ingest.RECORD_FIELDS`)."""
    given = named_fields()
    if "text" in given or "html" in given:
        return frozenset(given[f] for f in ("text", "html") if f in given)
    return _TEXT_COLUMNS


def _is_id_column(column: str) -> bool:
    """Whether a table's or Parquet file's column is its records' id (`id`, or the caller's name for it)."""
    return column == named_fields().get("id", "id")


def _read_table(path: Path) -> Iterator[Item]:
    """One article per row of a CSV or TSV table (UTF-8, gzipped or not), its header naming the
    fields as a JSON Lines record's (`ingest.RECORD_FIELDS`, in any case: 'Text', 'ID'): 'All the
    News' and many published news sets are CSV, and `export --what articles --format csv` writes
    one. Rows are named `path#row-N`; a row with another number of cells than the header is
    rejected alone. A table that is not UTF-8, has no column of article text (a links export, a
    list of addresses) or names a field's column twice is refused whole, naming why, rather than
    read in part or as one article made of its cells. A stray quote opening a cell (not CSV quoting:
    '"Quoted" headline' written raw) is read as text and the rows it had swallowed as rows
    (`table_rows`); quoting it cannot read otherwise (a quoted cell left open at the end of the
    file, cut short) ends the reading there, naming the row."""
    where, row = str(path), 0
    if bad := _not_utf8(path):
        yield Rejected(where, bad)
        return
    csv.field_size_limit(_MAX_CELL)  # the module's default, 128 KB, is less than a long article
    try:
        with _table_lines(path) as fh:
            header = fh.readline()
            if not header.strip():
                yield Rejected(where, "empty table: no header row")
                return
            delimiter, columns = _header(path, header)
            if problem := _unread_columns(columns):
                yield Rejected(where, problem)
                return
            for read in table_records(fh, delimiter, len(columns)):
                if read.cells is None:
                    yield Rejected(f"{where}#row-{row + 1}", read.note)
                    break
                row += 1
                if len(read.cells) != len(columns):
                    stray = f"{read.note.partition(': read as')[0]}; read as text, the " if read.note else ""
                    yield Rejected(f"{where}#row-{row}", f"{stray}row has {len(read.cells)} cells where the "
                                   f"header names {len(columns)} columns (a cell's quotes or line breaks "
                                   "broken?)")  # fmt: skip
                    continue
                if read.note:
                    log.warning("%s#row-%d: %s", where, row, read.note)
                record = {k: _table_cell(k, v) for k, v in zip(columns, read.cells) if v}  # an empty cell: not given
                yield record_item(record, f"{where}#row-{row}")
        if not row:
            yield Rejected(where, "table has a header and no rows")
    except (OSError, EOFError) as exc:  # EOFError: a gzip stream cut short
        yield Rejected(where, f"cannot read the file after {row} rows ({getattr(exc, 'strerror', None) or exc})")


#: The largest table cell read, in characters: a cell up to it is read and, past `MAX_BYTES`,
#: rejected with its row alone; a larger one ends the table's reading, naming its row.
_MAX_CELL = 8 * MAX_BYTES
#: The names a table's header may give its columns, by their lower case ('Text', 'ID', 'PublishedAt').
_KNOWN_COLUMNS = {name.lower(): name for names in ({"id"}, *RECORD_FIELDS.values()) for name in names}


def _field_names(header: list[str]) -> list[str]:
    """A header's names, each known field's in the case `RECORD_FIELDS` spells it (the caller's
    names, `ingest.fields_named`, as they are spelled)."""
    mapped = set(named_fields().values())
    return [name if name in mapped else _KNOWN_COLUMNS.get(name.lower(), name) for name in header]


def _unread_columns(columns: list[str]) -> str | None:
    """Why a table's rows cannot be read as articles: no column of article text, or a known field's
    column named twice (which of the two would be read?)."""
    shown = ", ".join(repr(c) for c in columns[:12]) + (", ..." if len(columns) > 12 else "")
    if not text_columns() & set(columns):
        return _no_text_column("a table with", f"; its columns: {shown}")
    if missing := _unnamed_columns(columns):
        return f"a table with {missing}; its columns: {shown}"
    twice = sorted({c for c in record_columns(columns) if columns.count(c) > 1})
    if twice:
        return f"the header names {', '.join(map(repr, twice))} more than once: rename the column not to read"
    return None


def _unnamed_columns(columns: Sequence[str]) -> str | None:
    """The columns the caller named (`ingest.fields_named`) that a table or Parquet file lacks, as
    'no column ...' (a name mistyped would read every row without its field), None when it has them."""
    missing = [f"{name!r} (--field {field}={name})" for field, name in named_fields().items() if name not in columns]
    return f"no column {', '.join(missing)}" if missing else None


def _no_text_column(what: str, after: str = "") -> str:
    """Why a table or Parquet file is not read: no column of article text under the names it is read
    by, the caller's (`ingest.fields_named`) or else the known, with how to name another."""
    given = named_fields()
    if mapped := [f"{given[f]!r} (--field {f}={given[f]})" for f in ("text", "html") if f in given]:
        return f"{what} no column of article text ({' or '.join(mapped)}){after}"
    names = "'text', 'html', 'maintext', 'content', 'body', ..."
    return f"{what} no column of article text ({names}){after} (--field text=NAME reads another)"


def _table_cell(column: str, cell: str) -> str:
    """A cell as a record's field: one apostrophe before a formula taken off (`_unmarked`), and a
    whole-number id written as a float ('7.0': pandas writes an id column holding a blank so) as
    a Parquet float id is read, '7'."""
    cell = _unmarked(cell)
    return cell[: cell.index(".")] if _is_id_column(column) and _FLOAT_ID.match(cell) else cell


_FLOAT_ID = re.compile(r"-?\d+\.0+$")


def _not_utf8(path: Path) -> str | None:
    """Why a table is not read as UTF-8, naming the line of its first byte that is not (a
    spreadsheet's 'CSV' saved in its system's encoding); None when it is UTF-8 throughout. Read
    whole before any row, so that a table is refused whole, not indexed up to a line of its middle."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, offset = 1, 0
    try:
        with gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    at = exc.start
                    on_line = line + chunk.count(b"\n", 0, at)
                    return (f"not UTF-8 text: byte 0x{chunk[at]:02x} on line {on_line} (offset {offset + at}); "
                            "save the table as UTF-8")  # fmt: skip
                line += chunk.count(b"\n")
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "not UTF-8 text: it ends inside a character; save the table as UTF-8"
    except (OSError, EOFError):
        return None  # the reading names it
    return None


#: What a spreadsheet runs as a formula at a cell's start, which the export marks as text with an
#: apostrophe before it ('=HYPERLINK(...)', '-farm.example', and "'@home" as "''@home").
_FORMULA_CHARS = frozenset("=+-@\t\r")


def _unmarked(cell: str) -> str:
    """A cell as the export was given it: one apostrophe marking a formula as text taken off."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'")[:1] in _FORMULA_CHARS else cell


def _table_lines(path: Path) -> io.TextIOWrapper:
    """The table's text, a UTF-8 byte-order mark dropped, line ends left to `csv` (a quoted cell may hold them)."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _header(path: Path, header: str) -> tuple[str, list[str]]:
    """A table's separator and the names its header gives its columns (`_field_names`): a TSV's tab,
    else the mark that splits the header into names of the fields read (a quoted name may hold
    another: 'id;text;"keywords, a, b"'), else into the most names: ',' or ';' (as spreadsheets in
    many languages write CSV), or a tab."""
    marks = ("\t",) if Path(path.name.lower().removesuffix(".gz")).suffix == ".tsv" else (",", ";", "\t")
    read = [(mark, _field_names(_header_names(header, mark))) for mark in marks]
    texts = text_columns()
    return max(read, key=lambda split: (bool(texts & set(split[1])), len(split[1])))


def _header_names(header: str, delimiter: str) -> list[str]:
    """The column names of a header line, unquoted and trimmed."""
    csv.field_size_limit(_MAX_CELL)  # the module's limit is the process's: set before every reading
    return [name.strip() for name in next(csv.reader([header], delimiter=delimiter), [])]


def _table_of_articles(path: Path) -> bool:
    """Whether a table found in a folder or by a pattern names a column of article text; one that
    does not (a list of addresses, a links export, a binary file or one in another encoding named
    .csv) is skipped there, as files of other kinds are."""
    try:
        with _table_lines(path) as fh:
            header = fh.readline(_MAX_HEADER)
    except (UnicodeDecodeError, EOFError):
        return False
    except OSError:
        return True  # read, so that the reader names the file and why it cannot be read
    return bool(text_columns() & set(_header(path, header)[1]))


#: How much of a table's first line a folder walk reads for its header.
_MAX_HEADER = 1 << 20


def _refuse_xml(path: Path) -> Iterator[Item]:
    """An XML file that is no RSS or Atom feed (a sitemap, a configuration file): refused, not
    stored as an article made of its markup."""
    yield Rejected(str(path), "an XML file that is no RSS or Atom feed (nor an XHTML page)")


def _rejected(exc: InputError) -> Rejected:
    return Rejected(exc.where, exc.reason)


def _read_single(path: Path) -> Iterator[Item]:
    """One article per file (text, HTML or JSON); the id is the file's path unless a JSON record
    names one, absolute as `read_collection` gives it, so a folder indexed again under another
    spelling ('coll/', '/data/coll/', '../coll/') is the same articles, not copies of them."""
    try:
        yield read_path(path)
    except InputError as exc:
        yield _rejected(exc)


def _read_json(path: Path) -> Iterator[Item]:
    """A `.json` file: one object, one article (`_read_single`); several objects written one
    after the other (`jq` without `-c`, or JSON Lines so named), their records (`json_objects`)."""
    try:
        size = path.stat().st_size
        big = size > MAX_BYTES  # over an article's size: a dump of objects, or refused as one
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
            # an array: records; UTF-16 (PowerShell's ConvertTo-Json): read as objects, recoded
            big = big or bool(ARRAY_OPENING.match(head)) or wide_encoding(head) is not None
            feed = _JSON_FEED_VERSION.search(head) is not None
    except OSError:
        size, big, feed = 0, False, False  # the reading reports it
    if feed and size > MAX_FEED_BYTES:
        yield Rejected(str(path), f"feed too large (the limit is {MAX_FEED_BYTES / 1e6:.0f} MB)")
        return
    read = [] if big or feed else list(_read_single(path))
    # a JSON Feed, told by its first bytes or, its version written after its items, by a failed read
    if (feed or (len(read) == 1 and isinstance(read[0], Rejected))) and (found := _json_feed_of(path)) is not None:
        yield from json_feed_items(found, str(path))
        return
    if big or feed or (len(read) == 1 and isinstance(read[0], Rejected) and _SEVERAL_JSON.search(read[0].reason)):
        try:
            with path.open("rb") as fh:
                yield from json_objects(b"", as_utf8(fh), str(path))
        except OSError as exc:
            yield Rejected(str(path), f"cannot read the file ({exc.strerror or exc})")
        return
    yield from read


#: How reading a `.json` file as one object says it holds several.
_SEVERAL_JSON = re.compile(r"Extra data|JSON-lines collection|JSON array of records")


def _read_gzip_document(path: Path) -> Iterator[Item]:
    """A single compressed document (`page.html.gz`, `feed.xml.gz`): decompress, then read by inner name."""
    where = str(path)
    inner = Path(path.name.lower().removesuffix(".gz")).suffix
    if inner == ".json":  # one object or several, as a .json file (`_read_json`)
        try:
            with gzip.open(path, "rb") as fh:
                yield from json_objects(b"", as_utf8(fh), where)
        except (OSError, EOFError, zlib.error) as exc:
            yield Rejected(where, f"truncated or corrupt gzip: {exc}")
        return
    try:
        data = gunzipped(path, where, max(MAX_BYTES, MAX_FEED_BYTES))
    except InputError as exc:
        yield _rejected(exc)
        return
    if inner in _FEED or FEED_SNIFF.search(sniffed_head(data)):
        yield from _read_feed_bytes(data, where)
        return
    try:
        article = read_bytes(data, where, suffix=inner)
    except InputError as exc:
        yield _rejected(exc)
        return
    article.id = article.id or where  # the absolute path (`read_collection`)
    yield article


def _read_jsonl(path: Path) -> Iterator[Item]:
    """One article per JSON Lines record; a bad line is rejected alone, a cut gzip stops after what was read."""
    compressed = path.name.lower().endswith(".gz")
    try:
        with gzip.open(path, "rb") if compressed else path.open("rb") as fh:
            yield from _jsonl_records(as_utf8(fh), str(path))
    except OSError as exc:
        yield Rejected(str(path), f"cannot read the file ({exc.strerror or exc})")


#: Byte-order marks of the encodings a text may come in besides UTF-8 (UTF-32's first: UTF-16
#: little-endian's mark opens UTF-32 little-endian's). PowerShell's `>` writes UTF-16.
_WIDE_MARKS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
               (b"\xfe\xff", "utf-16"))  # fmt: skip


def wide_encoding(head: bytes) -> str | None:
    """'utf-16' or 'utf-32' when `head` opens with that encoding's byte-order mark, else None."""
    return next((encoding for mark, encoding in _WIDE_MARKS if head.startswith(mark)), None)


def as_utf8(stream: Any) -> Any:
    """`stream` (a buffered binary stream: a file, gzip, standard input) as UTF-8 bytes: recoded as
    it is read when it opens with a UTF-16 or UTF-32 byte-order mark (JSON Lines exported on
    Windows), else itself. Bytes that are not that encoding raise UnicodeDecodeError where they come."""
    encoding = wide_encoding(stream.peek(4)[:4])
    return stream if encoding is None else io.BufferedReader(_Recoded(stream, encoding), 1 << 16)


class _Recoded(io.RawIOBase):
    """A binary stream in UTF-16 or UTF-32, read as UTF-8 (`as_utf8`)."""

    def __init__(self, stream: Any, encoding: str) -> None:
        # a lone surrogate passes, as bytes no UTF-8 reader takes: its line is rejected alone, as in UTF-8
        self._stream, self._decoder = stream, codecs.getincrementaldecoder(encoding)("surrogatepass")
        self._pending, self._ended = b"", False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        # bytes not of the encoding raise UnicodeDecodeError, which the readers report; a character
        # cut at the end only once what came before it has been read
        while not self._pending:
            if self._ended:
                return 0
            chunk = getattr(self._stream, "read1", self._stream.read)(1 << 16)  # what has come: a pipe as it sends
            self._ended = not chunk
            self._pending = self._decoder.decode(chunk, final=self._ended).encode("utf-8", "surrogatepass")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _jsonl_records(
    fh: Any, name: str, read: Sequence[bytes] = (), named: Callable[[Item], Item] | None = None
) -> Iterator[Item]:
    """The records of an open JSON Lines stream (`read`: its first lines, already read), each
    named `name:N`; `named` renames an article read from a line (`read_stream`)."""
    records = blank = 0
    try:
        head = read[0][:SNIFF_BYTES] if read else fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        what = binary_kind(head)
        # one rejection, not one per "line"; a stray NUL in a file of records costs its record only
        if what is not None and (what != "NUL bytes" or not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")):
            yield Rejected(name, f"binary content ({what}), not JSON Lines")
            return
        lines = _LinesRead(fh, MAX_RECORD_BYTES, read)
        for n, line in lines:
            records += 1
            if len(line) > MAX_RECORD_BYTES:  # refused unparsed: a record this size is a dump or a blob
                yield Rejected(f"{name}:{n}", f"record too large (over {MAX_RECORD_BYTES / 1e6:.0f} MB; the "
                               f"limit is {MAX_BYTES / 1e6:.0f} MB of text)")  # fmt: skip
            else:
                for item in _jsonl_items(line, f"{name}:{n}"):
                    yield named(item) if named is not None else item
        blank = lines.blank
        if not records:
            yield Rejected(name, "empty file: no JSON Lines records")
        elif blank:  # counted, so the lines of a dump add up to what the summary says of them
            yield Skipped(name, "blank line", blank)
    except (EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as exc:  # BadGzipFile is an OSError
        problem = _not_encoded(exc) if isinstance(exc, UnicodeDecodeError) else f"truncated or corrupt gzip: {exc}"
        after = f" (after {records} record{'s' * (records != 1)}, which were read)" if records else ""
        yield Rejected(name, f"{problem}{after}")


def _not_encoded(exc: UnicodeDecodeError) -> str:
    """What is wrong with a UTF-16 or UTF-32 input (`as_utf8`) holding bytes not of its encoding."""
    return f"not valid {exc.encoding.upper()} text ({exc.reason})"


class _LinesRead:
    """The lines of a stream that hold something, each with its number, read a block at a time;
    blank lines only counted (`blank`), a run of them at once: a gzip of 256 MB of line breaks
    took 78 s a line at a time. A line longer than `limit` is given as its first `limit` + 1 bytes
    (enough to refuse it) and the rest skipped, so one of gigabytes never sits in memory whole.
    `read`: the stream's first lines, already read."""

    _SPACE = re.compile(rb"[ \t\r\n\f\v]*")  # where a run of blank lines ends: its last line break

    def __init__(self, fh: Any, limit: int, read: Sequence[bytes] = ()) -> None:
        self.fh, self.limit, self.read, self.blank = fh, limit, read, 0

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        n = 0
        for line in self.read:
            n += 1
            if line.strip():
                yield n, line
            else:
                self.blank += 1
        buf, skipping = b"", False
        read = getattr(self.fh, "read1", self.fh.read)  # what is there: a cut gzip gives its lines before failing
        while block := read(1 << 20):
            buf += block
            if skipping:  # the rest of a line too long to keep
                end = buf.find(b"\n")
                buf, skipping = (buf[end + 1 :], False) if end >= 0 else (b"", True)
            start = 0
            while not skipping:
                if (last := buf.rfind(b"\n", start, self._SPACE.match(buf, start).end())) >= 0:  # type: ignore[union-attr]
                    gaps = buf.count(b"\n", start, last + 1)
                    n, self.blank, start = n + gaps, self.blank + gaps, last + 1
                end = buf.find(b"\n", start)
                if end < 0:
                    if len(buf) - start > self.limit:  # no line break within the limit: refused, the rest skipped
                        n += 1
                        yield n, buf[start : start + self.limit + 1]
                        buf, start, skipping = b"", 0, True
                    break
                n += 1
                yield n, buf[start : end + 1]
                start = end + 1
            buf = buf[start:]
        if buf and not skipping:
            n += 1
            if buf.strip():
                yield n, buf
            else:
                self.blank += 1


def _jsonl_items(line: bytes, where: str) -> list[Item]:
    """The item of one JSON Lines record (the items of a JSON Feed written on one line); read
    without its line break, so a line cut inside a string is an unterminated string, not 'an
    invalid control character' (the break itself)."""
    try:
        record = json.loads(line.rstrip(b"\r\n").decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return [Rejected(where, f"invalid UTF-8 at byte {exc.start} (JSON Lines must be UTF-8)")]
    except json.JSONDecodeError as exc:
        return [Rejected(where, f"invalid JSON ({json_problem(exc)})")]
    except (RecursionError, ValueError) as exc:  # too deep, or a number of more digits than Python converts
        return [Rejected(where, unreadable_json(exc))]
    try:
        return record_items(record, where)
    except Exception as exc:  # one record's surprise is its own rejection: the file reads on
        log.debug("%s: unexpected error", where, exc_info=True)
        return [Rejected(where, f"unexpected error reading this record ({type(exc).__name__}: {exc})")]


def record_items(record: Any, where: str) -> list[Item]:
    """`record_item`, or the items of a JSON Feed given as one record (`json_feed_items`)."""
    return list(json_feed_items(record, where)) if is_json_feed(record) else [record_item(record, where)]


def record_item(record: Any, where: str) -> Item:
    """An article from one JSON/Parquet record; without an `id` or `url` the record is named by `where`."""
    if not isinstance(record, dict):
        return Rejected(where, "record is not an object with a 'text' or 'html' field")
    try:
        article = from_record(record, where)
    except InputError as exc:
        return _rejected(exc)
    article.id = article.id or where
    if not record_site(record) and (host := host_of(article.url)):
        article.site = host  # the record's address names its site, not the page's og:site_name (as for crawls)
    return article


def _read_parquet(path: Path) -> Iterator[Item]:
    """One article per Parquet row (JSON Lines columns), read in batches so big files stay out of memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    where = str(path)
    row = 0
    try:
        parquet = pq.ParquetFile(path)
        columns = record_columns(parquet.schema_arrow.names)
        if not set(columns) & (texts := text_columns()):
            problem = ("Parquet file has no 'text' or 'html' column (nor one named as other dumps name them: "
                       "'maintext', 'content', 'body', ...; --field text=NAME reads another)")  # fmt: skip
            yield Rejected(where, _no_text_column("Parquet file has") if texts != _TEXT_COLUMNS else problem)
            return
        if missing := _unnamed_columns(parquet.schema_arrow.names):
            yield Rejected(where, f"Parquet file has {missing}")
            return
        for group in range(parquet.num_row_groups):
            rows = parquet.metadata.row_group(group).num_rows
            if oversized := _oversized_group(parquet.metadata.row_group(group), columns):
                yield Rejected(f"{path}#rows-{row + 1}-{row + rows}", oversized)
                row += rows
                continue
            for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH, row_groups=[group], columns=columns):
                for record in _parquet_rows(batch):
                    row += 1
                    if isinstance(record, str):
                        yield Rejected(f"{path}#row-{row}", record)
                    else:
                        yield record_item({k: _parquet_value(k, v) for k, v in record.items()}, f"{path}#row-{row}")
        if not row:
            yield Rejected(where, "empty Parquet file: no rows")
    # ArrowInvalid: not Parquet or a damaged page; OSError: I/O; UnicodeDecodeError: a damaged string column
    # read whole (pyarrow does not validate UTF-8 on read, to_pylist does; `_parquet_rows` names the row).
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        yield Rejected(where, f"unreadable Parquet after {row} rows: {exc}")


def _parquet_rows(batch: Any) -> Iterator[dict[str, Any] | str]:
    """The rows of a Parquet record batch as dicts; a row holding a cell Python cannot hold (a date
    or timestamp past year 9999, a string that is not UTF-8) as why, alone: one such cell had
    refused the whole file."""
    try:
        yield from batch.to_pylist()
        return
    except (OverflowError, ValueError):
        pass
    for n in range(batch.num_rows):
        record: dict[str, Any] = {}
        for name, column in zip(batch.schema.names, batch.columns):
            try:
                record[name] = column[n].as_py()
            except UnicodeDecodeError as exc:  # pyarrow does not check UTF-8 on reading; as_py does
                yield f"its '{name}' value is not UTF-8 ({exc.reason} at byte {exc.start})"
                break
            except (OverflowError, ValueError):
                yield f"its '{name}' value is out of the range of dates Python reads (years 1 to 9999)"
                break
        else:
            yield record


def _oversized_group(group: Any, columns: list[str]) -> str | None:
    """Why a Parquet row group is not read, from its metadata alone: a text or html column holding
    more than `MAX_BYTES` a row once decompressed. A file of 33 KB holding two cells of 1 GB was
    refused only after it took 7 GB of memory to decompress."""
    names = {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}
    texts = text_columns()
    for name in columns:
        chunk = names.get(name) if name in texts else None
        if chunk is not None and chunk.total_uncompressed_size > max(group.num_rows, 1) * MAX_BYTES:
            return (f"its '{name}' column holds {chunk.total_uncompressed_size / 1e6:.0f} MB for {group.num_rows} "
                    f"rows once decompressed, over {MAX_BYTES / 1e6:.0f} MB a row: not read")  # fmt: skip
    return None


def _parquet_value(column: str, value: Any) -> Any:
    """A Parquet cell as a JSON Lines record has it: dates and timestamps as ISO text, UTF-8
    bytes (a `binary` text column, as some writers make) as text, and a whole-number float id
    (pandas writes nullable integers as floats) as its integer ('7', not '7.0'). A timestamp at
    midnight exactly is the day it opens: pandas and most writers store a date column so, and
    read as a time it would outrank the same day given as text ('the copy stating its date more
    precisely'). Not a midnight with a zone other than UTC's: that is a moment ('2026-12-04 00:00
    +09:00' is 15:00 UTC on the 3rd), not the day it opens in Tokyo."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and not value.utcoffset():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value  # refused by the record reader, which names the field
    if _is_id_column(column) and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_warc(path: Path) -> Iterator[Item]:
    """Articles from the HTML responses (WARC) or text conversions (WET) of a crawl archive.

    Requests, metadata, revisits, non-HTML and non-200 responses hold no article: they are
    counted, one `Skipped` per kind after the file's articles. A record cut short
    or run on, or bytes that are no record, give one `Rejected` each, and the records after them
    are still read. A cut that loses no record bytes (between records, or in a gzip member's CRC trailer) cannot
    be told from a shorter file and is not reported.
    """
    try:
        with path.open("rb") as fh:
            yield from _warc_items(fh, path)
    except _WholeFileGzip as read:
        # `gzip crawl.warc` makes one gzip stream, not a member per record: read it decompressed
        try:
            with io.BufferedReader(_WholeGzip(path)) as fh:
                yield from _warc_items(fh, path, skip=read.records)
        except OSError as exc:
            yield Rejected(str(path), f"cannot read the file ({exc.strerror or exc})")
    except OSError as exc:
        yield Rejected(str(path), f"cannot read the file ({exc.strerror or exc})")


class _WholeGzip(io.RawIOBase):
    """A file gzipped whole, decompressed as a seekable stream that ends where the file is cut.

    `gzip.GzipFile` raises at a cut, and the buffered read in progress loses the records decoded
    just before it; here the stream ends there (`cut` says it did), so every record before the cut
    is read and the one the cut runs through is reported. Seeking back starts over, as GzipFile does.
    """

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        self._restart()

    def _restart(self) -> None:
        self._file.seek(0)
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending, self._at = b"", 0  # decompressed bytes not read yet: self._pending[self._at:]
        self._pos = 0
        self._ended = False
        self.cut = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: Any) -> int:
        data = self._take(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _take(self, size: int) -> bytes:
        while len(self._pending) - self._at < size and not self._ended:
            chunk = self._file.read(1 << 16)
            if not chunk:
                self._ended = True
                self.cut = not self._inflate.eof
                break
            out = self._inflate.decompress(chunk)
            while self._inflate.eof and self._inflate.unused_data:  # the next member of a multi-member file
                rest = self._inflate.unused_data
                self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
                out += self._inflate.decompress(rest)
            self._pending, self._at = self._pending[self._at :] + out, 0
        data = self._pending[self._at : self._at + size]
        self._at += len(data)
        self._pos += len(data)
        return data

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = offset + (self._pos if whence == io.SEEK_CUR else 0)
        if whence == io.SEEK_END:
            while self._take(1 << 20):
                pass
            target = self._pos + offset
        if target < self._pos:
            self._restart()
        while self._pos < target and self._take(min(target - self._pos, 1 << 20)):
            pass
        return self._pos

    def close(self) -> None:
        self._file.close()
        super().close()


def _cut_short(fh: Any) -> bool:
    """Whether `fh` reads a file gzipped whole (`_WholeGzip`) whose stream ended at a cut."""
    raw = getattr(fh, "raw", None)
    return isinstance(raw, _WholeGzip) and raw.cut


class _WholeFileGzip(Exception):
    """A WARC gzipped as one stream: warcio reads only record-by-record gzip members."""

    def __init__(self, records: int) -> None:
        super().__init__(records)
        self.records = records  # records already read (and yielded) before warcio gave up


@dataclass(slots=True)
class _WarcState:
    """What one WARC file's reading has seen so far, across the runs between damaged stretches."""

    skip: int  # records read (and yielded) before, by a read of the same file that gave up
    seen: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # records that are not articles, by `_skipped_kind`
    end: int = 0  # where the last good record ends


@dataclass(slots=True, frozen=True)
class _Damage:
    """Bytes in a WARC that are no readable record: where they begin, and what to report."""

    offset: int
    where: str
    reason: str


def _warc_items(fh: BinaryIO | gzip.GzipFile, path: Path, skip: int = 0) -> Iterator[Item]:
    """The records of an open WARC as items (after the first `skip` records, already read).

    Each damaged stretch (a record cut short or run on, bytes that are no record) gives one
    `Rejected`, and reading goes on at the next record after it, so one bad record in a crawl
    does not lose the pages behind it.
    """
    state = _WarcState(skip=skip)
    members = _gzip_members(fh)
    start = 0
    stretch: _Damage | None = None  # the damage being crossed: reported once, when a record is read again
    while True:
        seen = state.seen
        run = _warc_run(fh, path, start, state)
        while True:
            try:
                item = next(run)
            except StopIteration as stop:
                damage = stop.value
                break
            if stretch is not None:
                yield _read_on(stretch, start)
                stretch = None
            yield item
        if stretch is not None and (state.seen > seen or damage is None):
            yield _read_on(stretch, start) if state.seen > seen else Rejected(stretch.where, stretch.reason)
            stretch = None
        if damage is None:
            break
        stretch = stretch or damage
        try:
            resume = _next_record_start(fh, damage.offset + 1, members)
        except _STREAM_ERRORS:  # a file gzipped whole and damaged: nothing can be read after the damage
            resume = None
        if resume is None:
            yield Rejected(stretch.where, stretch.reason)
            break
        start = resume
    for kind, records in sorted(state.skipped.items()):
        yield Skipped(str(path), kind, records)


def _read_on(damage: _Damage, resumed: int) -> Rejected:
    """The report of a damaged stretch that reading crossed, to the record at offset `resumed`."""
    return Rejected(damage.where, f"{damage.reason}; read on from the next record, at offset {resumed}")


def _warc_run(
    fh: BinaryIO | gzip.GzipFile, path: Path, start: int, state: _WarcState
) -> Generator[Item, None, _Damage | None]:
    """Read records from offset `start` until the file ends (None) or a damaged stretch begins."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = str(path)
    fh.seek(start)
    state.end = start
    records = ArchiveIterator(fh, check_digests=True)  # a record whose digest fails is not indexed
    records.reader = _quiet_reader_class()(records.fh)  # nothing read yet: the same reader, quiet
    records.INC_RECORD = ""  # warcio's multi-line warning of a wrong Content-Length; rejected in one line below
    while True:
        try:
            record = _next_record(records)
            if record is None:
                break
            payload = _warc_payload(record)
            errors = records.err_count
            offset, length = records.get_record_offset(), records.get_record_length()  # reads to the next record
            overrun = records.err_count > errors
        # ArchiveLoadFailed: bytes that are no record header; ValueError: a digest header warcio
        # cannot decode (binascii.Error); TypeError: one naming an algorithm with a NUL byte in it
        # (hashlib refuses the name); OverflowError: a Content-Length of more digits than a file has
        # bytes; the others: damaged gzip members.
        except (ArchiveLoadFailed, ValueError, TypeError, OverflowError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            if "non-chunked gzip" in str(exc) and not isinstance(fh, gzip.GzipFile) and start == 0:
                raise _WholeFileGzip(state.seen) from None
            detail = " ".join(str(exc).split(", first line:")[0].split())[:200]  # one line, no pasted bytes
            if isinstance(exc, TypeError):
                detail = "a digest header names no hash algorithm"
            at = _first_data(fh, state.end)
            return _Damage(at, where, f"truncated or corrupt WARC at offset {at}: {detail}")
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        named = f"{path}@{offset} {uri}".strip()  # the record's header was read: name its page
        damage = _warc_damage(record)
        if damage:
            reason = f"truncated or corrupt WARC: the record at offset {offset} {damage}"
            return _Damage(offset, named if uri else where, reason)
        state.seen += 1
        if state.seen <= state.skip:  # yielded by the read that gave up, but its counts were not
            state.end = offset + length
            if payload is None:
                state.skipped[_skipped_kind(record)] += 1
            continue
        state.end = offset + length
        digest_failed = payload is not None and getattr(record.digest_checker, "passed", None) is False
        if digest_failed and overrun:
            return _Damage(offset, named, "damaged record: its WARC digest does not match its content, and its "
                           "Content-Length does not end it where the next record starts")  # fmt: skip
        if digest_failed:  # bytes changed, or a wrong length that happened to land on the next record
            yield Rejected(named, "damaged record: its WARC digest does not match its content "
                           "(a wrong Content-Length, or bytes changed)")  # fmt: skip
        elif overrun:  # no digest to check, but the bytes after it are not the next record: cut or overlong
            return _Damage(offset, named, "damaged record: its Content-Length does not end it where the next "
                           "record starts (the page would be cut short or run on)")  # fmt: skip
        elif payload is None:
            state.skipped[_skipped_kind(record)] += 1
        else:
            yield _warc_item(record, payload, f"{path}@{offset}")
    # warcio also ends quietly when a gzip member or header is cut: anything left but blank lines is damage.
    try:
        fh.seek(state.end)
        rest = fh.read(SNIFF_BYTES)
    except _STREAM_ERRORS as exc:  # a file gzipped whole and damaged: warcio stopped quietly at the damage
        detail = " ".join(str(exc).split())[:200]
        return _Damage(state.end, where, f"truncated or corrupt WARC after offset {state.end}: {detail}")
    if rest.strip():
        at = _first_data(fh, state.end)
        if _cut_short(fh):  # a file gzipped whole: the cut runs through this record
            return _Damage(at, where, f"truncated WARC: the file ends inside the record at offset {at} "
                           "(of the decompressed stream); the records before it were read")  # fmt: skip
        return _Damage(at, where, f"truncated or corrupt WARC: unreadable data at offset {at}")
    if _cut_short(fh):  # gzipped whole, cut after a record's last bytes
        return _Damage(state.end, where, "truncated WARC: the gzip stream ends before its end; every record "
                       "before the cut was read")  # fmt: skip
    if state.end == 0:
        yield Rejected(where, "empty file: no WARC records")
    return None


#: The longest line a WARC record's headers (or its HTTP headers) are read with; a longer one is
#: no header, and the record is reported damaged.
_MAX_HEADER_LINE = 1 << 20


@functools.cache
def _quiet_reader_class() -> type:
    """warcio's record reader without its write to stderr of a damaged gzip member's zlib error.

    warcio prints the error ('Error -3 while decompressing data: ...'), one line per block read,
    and reads on with no data; the damage is then reported as one `Rejected` naming the file, so
    the raw lines only garble the command's output. They go to the debug log instead.
    """
    from warcio.bufferedreaders import DecompressingBufferedReader

    class QuietReader(DecompressingBufferedReader):
        def readline(self, length: int | None = None) -> bytes:
            # a header line is short; unbounded, warcio's readline joins block after block of a
            # stretch with no newline (zeros padding a crawl's end) in time and memory that grow
            # with its square: 64 MB of zeros took a minute, a gzip of zeros GBs of memory
            return bytes(super().readline(min(length or _MAX_HEADER_LINE, _MAX_HEADER_LINE)))

        def _decompress(self, data: bytes) -> bytes:
            if self.num_block_read == 0 or not (self.decompressor and data):
                return bytes(super()._decompress(data))  # warcio's first-block fallbacks print nothing
            try:
                return bytes(self.decompressor.decompress(data))
            except zlib.error as exc:  # what warcio does, less the print: no data from this member
                log.debug("damaged gzip member: %s", exc)
                return b""

    return QuietReader


def _gzip_members(fh: BinaryIO | gzip.GzipFile) -> bool:
    """Whether the file on disk is a WARC of gzip members (one a record), not plain or decompressed."""
    if isinstance(fh, gzip.GzipFile):
        return False
    fh.seek(0)
    return fh.read(2) == b"\x1f\x8b"


#: What reading a damaged gzip stream raises (a file gzipped whole and cut short, or bytes changed in it).
_STREAM_ERRORS = (EOFError, zlib.error, OSError)


def _first_data(fh: BinaryIO | gzip.GzipFile, offset: int) -> int:
    """The offset of the first byte at or after `offset` that is not a blank line between records."""
    try:
        fh.seek(offset)
        head = fh.read(SNIFF_BYTES)
    except _STREAM_ERRORS:  # a file gzipped whole and damaged fails in the middle of this read
        return offset
    return offset + len(head) - len(head.lstrip())


def _next_record_start(fh: BinaryIO | gzip.GzipFile, after: int, members: bool) -> int | None:
    """Where the first record at or after offset `after` begins: a gzip member that inflates to a
    WARC header, or a `WARC/1.` line in a plain (or decompressed) file; None if there is none."""
    marker = b"\x1f\x8b\x08" if members else b"\nWARC/1."
    lead = 0 if members else 1  # a plain record begins just after the newline of the marker
    pos = max(after - lead, 0)
    while True:
        fh.seek(pos)
        chunk = fh.read(_RESYNC_CHUNK)
        found = chunk.find(marker)
        while found >= 0:
            at = pos + found + lead
            if at >= after and (not members or _inflates_to_record(fh, at)):
                return at
            found = chunk.find(marker, found + 1)
        if len(chunk) < _RESYNC_CHUNK:
            return None
        pos += len(chunk) - len(marker) + 1


def _inflates_to_record(fh: BinaryIO | gzip.GzipFile, offset: int) -> bool:
    """Whether a gzip member starting at `offset` inflates to a WARC record header."""
    fh.seek(offset)
    try:
        head = zlib.decompressobj(31).decompress(fh.read(SNIFF_BYTES), 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/1.")


def _warc_damage(record: Any) -> str | None:
    """What is wrong with a record warcio yielded without complaint, if anything.

    warcio reads on through a header cut before WARC-Type or Content-Length, a body cut short,
    and even text that is no WARC at all (parsed as an ARC record); each would index junk.
    """
    if record.format != "warc":
        return "is not a WARC record"
    length = record.rec_headers.get_header("Content-Length") or ""
    if not record.rec_type or not length.strip().isdigit():
        return "has a header without WARC-Type or Content-Length"
    if getattr(record.raw_stream, "limit", 0) > 0:  # bytes the header promised but the file lacks
        return "ends early"
    return None


def _next_record(records: Any) -> Any:
    """The next warcio record or None at the end, with warcio's crash on a cut header as ArchiveLoadFailed."""
    from warcio.exceptions import ArchiveLoadFailed

    try:
        return next(records, None)
    except AttributeError as exc:  # a header cut before WARC-Target-URI: warcio calls None.startswith
        raise ArchiveLoadFailed("record header cut short") from exc


def _warc_payload(record: Any) -> bytes | None:
    """The body of an HTML 200 response or a WET text conversion (at most MAX_BYTES + 1), else None."""
    if record.rec_type == "conversion":
        return bytes(record.content_stream().read(MAX_BYTES + 1))
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if record.http_headers.get_statuscode() != "200" or content_type not in (*_HTML_TYPES, ""):
        return None
    body = bytes(record.content_stream().read(MAX_BYTES + 1))
    # a server that sent no Content-Type: the page is HTML when it opens as one (a crawl review's page),
    # as a server's page saved under its script's name is told (`_HTML_HEAD`)
    return body if content_type or _HTML_HEAD.match(body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")) else None


def _skipped_kind(record: Any) -> str:
    """Why a WARC record read whole holds no article: its type ('request', 'metadata', 'revisit'),
    a response that is no page ('non-HTML response') or one whose status is not 200."""
    if record.rec_type != "response" or record.http_headers is None:
        return str(record.rec_type)
    status = record.http_headers.get_statuscode()
    return "non-HTML response" if status == "200" else f"response status {status}"


def _warc_item(record: Any, payload: bytes, where: str) -> Item:
    """Extract one WARC/WET record; the id is its target URI and WARC-Date stands in for a missing
    date, or for one after it (a page cannot have been published after it was captured: a wrong
    date in its markup had made a farm's rewrite its source)."""
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    uri = without_tracking(target) or where  # a page crawled by a shared link ('?utm_source=...') is the page
    path = where.rsplit("@", 1)[0]
    where = f"{where} {target or uri}"
    if len(payload) > MAX_BYTES:
        return Rejected(where, f"record too large (over {MAX_BYTES / 1e6:.0f} MB)")
    try:
        if record.rec_type == "conversion":
            text, title = site_titled_text(decode(payload, where), host_of(uri))
            article = from_text(text, where, url=uri, id=uri, **({"title": title} if title else {}))
        else:
            if payload.lstrip()[:1] in (b"{", b"["):  # JSON served as text/html (an API's answer): no page
                return Skipped(path, "non-HTML response", 1)
            content_type = record.http_headers.get_header("Content-Type") or ""
            article = from_html(_decode_html(payload, content_type, where), where, url=uri, id=uri)
    except ListPage:  # a crawl's fronts and section pages: the bulk of a site's pages, not errors
        return Skipped(path, "list page (front, section or tag)", 1)
    except InputError as exc:
        return _rejected(exc)
    captured = normalize_date(record.rec_headers.get_header("WARC-Date") or "")
    if article.published is None:  # the capture time, in the form every date is stored in
        article.published = captured
    elif captured and article.published[:10] > captured[:10]:  # a day after its capture: not when it was published
        log.warning("%s: the page states %s, after it was captured (%s); dated by its capture", where,
                    article.published, captured)  # fmt: skip
        article.published = captured
    if host := host_of(uri):
        article.site = host  # the page's address names its site, as for WET texts and feed entries
    return article


def _decode_html(payload: bytes, content_type: str, where: str) -> str:
    """Decode an HTTP body with its declared charset, preferring UTF-8 over a Latin-1 default label
    and reading a Latin-1 or ASCII label as Windows-1252 (the WHATWG Encoding Standard): servers
    label cp1252 pages ISO-8859-1, and read as Latin-1 their curly quotes and dashes became
    control characters, which cleaning then deleted ('2003–04' -> '200304')."""
    match = _CHARSET.search(content_type)
    if match:
        try:
            charset = codecs.lookup(match.group(1)).name
        except LookupError:
            charset = ""
        if charset in _DEFAULT_CHARSETS:
            try:
                return payload.decode("utf-8")
            except UnicodeDecodeError:
                charset = "cp1252"  # a Latin-1 or ASCII label means Windows-1252, as browsers read it
        if charset:
            try:
                return payload.decode(charset)
            except UnicodeDecodeError:
                pass
    return decode(payload, where)


def _read_feed(path: Path) -> Iterator[Item]:
    """Articles from the entries of an RSS or Atom feed file."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FEED_BYTES:
            yield Rejected(where, f"feed too large ({size / 1e6:.1f} MB; the limit is {MAX_FEED_BYTES / 1e6:.0f} MB)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(where, f"cannot read the file ({exc.strerror or exc})")
        return
    yield from _read_feed_bytes(data, where)


def _read_feed_bytes(data: bytes, where: str) -> Iterator[Item]:
    """One article per feed entry: its full content if the feed carries it, else its summary."""
    import feedparser

    if len(data) > MAX_FEED_BYTES:
        yield Rejected(where, f"feed too large (the limit is {MAX_FEED_BYTES / 1e6:.0f} MB)")
        return
    # A stream, not bytes: feedparser.parse(bytes) first tries to open the bytes as a file name.
    feed = feedparser.parse(io.BytesIO(data))
    if not feed.entries:
        problem = feed.get("bozo_exception") if feed.bozo else None
        yield Rejected(where, f"not a parseable feed ({problem})" if problem else "feed has no entries")
        return
    if feed.bozo:
        log.debug("%s: feed is not well-formed (%s); reading the entries parsed", where, feed.get("bozo_exception"))
    for n, entry in enumerate(feed.entries, 1):
        yield _entry_item(entry, where, n)


def entry_date(entry: Any) -> str | None:
    """A feed entry's publication date at the precision the feed states it: RSS and Atom times
    in UTC ('Tue, 05 Mar 2024 09:00:00 +0000' is '2024-03-05T09:00:00Z'), a day alone as that day
    ('2024-03-05'; feedparser reads it as midnight UTC, which put a farm's rewrite dated by its day
    before the wire story it copied at 09:00 and made it the story's origin)."""
    raw = entry.get("published") or entry.get("updated")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if raw and (stated := normalize_date(str(raw))):
        return stated
    if not stamp:
        return None
    if tuple(stamp[3:6]) == (0, 0, 0) and ":" not in str(raw or ""):
        return time.strftime("%Y-%m-%d", stamp)  # a day in words feedparser reads ('Tue, 05 Mar 2024')
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp)


def _author_name(author: str | None) -> str | None:
    """An entry's author by name: RSS 2.0 writes an address with the name in brackets
    ('desk@valley.example (Valley Desk)'), and feedparser's own split cuts names at long domains."""
    match = _ADDRESS_AND_NAME.fullmatch(author.strip()) if author else None
    return match.group(1).strip() if match else author


_ADDRESS_AND_NAME = re.compile(r"\S+@\S+\s*\((.+)\)")
_NOT_THE_ARTICLE = "not the article ('watch' fetches pages)"
#: A summary that stops mid-text: '...', '…' or '[…]' at its end, maybe in a paragraph or before a
#: 'Read more' / 'Continue reading' link (summary-only feeds' teasers, WordPress's '[&#8230;]').
_CUT_SUMMARY = re.compile(
    r"(\.\.\.|…|\[(…|\.\.\.)\])\s*(</p>)?\s*(<a\b[^>]*>)?\s*"
    r"((read|continue reading|more)\b[^<]{0,40})?(</a>)?\s*(</p>)?\s*$",
    re.IGNORECASE,
)


#: A JSON Feed (jsonfeed.org) names its version by an address, most often first (PHP writes its
#: slashes escaped).
_JSON_FEED_VERSION = re.compile(rb'"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org\\?/version\\?/')


def _json_feed_of(path: Path) -> dict[str, Any] | None:
    """The JSON Feed a `.json` file holds (up to `MAX_FEED_BYTES`), else None."""
    try:
        if path.stat().st_size > MAX_FEED_BYTES:
            return None
        data = path.read_bytes()
        value = json.loads(data.decode(wide_encoding(data[:4]) or "utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # not JSON, or not in its encoding: not a feed
        return None
    return value if is_json_feed(value) else None


def is_json_feed(value: Any) -> bool:
    """Whether a JSON value is a JSON Feed: an object naming a jsonfeed.org version."""
    version = value.get("version") if isinstance(value, dict) else None
    return isinstance(version, str) and version.split("://", 1)[-1].startswith("jsonfeed.org/version/")


def json_feed_items(feed: dict[str, Any], where: str) -> Iterator[Item]:
    """One article per item of a JSON Feed, read as an RSS or Atom entry is (`_entry_item`): its
    `content_html`, else `content_text`, else its `summary`; its first author's name; its
    `date_published`, else `date_modified`."""
    items = feed.get("items")
    if not isinstance(items, list):
        yield Rejected(where, "JSON Feed without a list of 'items'")
        return
    if not items:
        yield Rejected(where, "feed has no entries")
    for n, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield _entry_item(_json_feed_entry(item), where, n)
        else:
            yield Rejected(f"{where}#entry-{n}", "JSON Feed item is not an object")


def _json_feed_entry(item: dict[str, Any]) -> dict[str, Any]:
    """A JSON Feed item as the feed entry `_entry_item` reads (feedparser's names)."""

    def text(key: str) -> str | None:
        value = item.get(key)
        return value if isinstance(value, str) and value.strip() else None

    given = item.get("authors")
    authors: list[Any] = given if isinstance(given, list) else [item.get("author")]  # 1.1's, 1.0's
    author = next((a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)), None)
    html, plain = text("content_html"), text("content_text")
    kind, body = ("text/html", html) if html else ("text/plain", plain)
    content = [{"type": kind, "value": body}] if body else []
    # not `external_url`: the page an item is about (a link blog's), another site's
    link, ident = without_tracking(text("url") or "") or None, _feed_item_id(item.get("id"))
    if ident is not None and ":" not in ident and "/" not in ident:
        ident = link or ident  # an id unique in its feed alone ('1002'), not among feeds: its address
    dates = text("date_published"), text("date_modified")
    return {
        "id": ident,
        "link": link,
        "title": text("title"),
        "author": author,
        # its first readable date: an unreadable date_published had hidden its date_modified
        "published": next((d for d in dates if d and normalize_date(d)), None),
        "content": content,
        "summary": text("summary"),
    }


def _feed_item_id(value: Any) -> str | None:
    """A JSON Feed item's id as text (1.0 allowed numbers; 1.1 readers coerce them), else None."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return str(int(value)) if isinstance(value, int) or value.is_integer() else str(value)


#: A tag escaped in text ('&lt;p&gt;'): a feed's HTML escaped twice reads as markup in words.
_ESCAPED_TAG = re.compile(
    r"&lt;/?(?:p|br|div|a|em|strong|b|i|span|h[1-6]|ul|ol|li|blockquote|img)\b[^<>]{0,500}?&gt;", re.I
)


def _entry_item(entry: Any, where: str, n: int) -> Item:
    """Extract one feed entry; its id is the entry's id or link, and `path#id` names it in rejections.
    Its site is its link's host, as for a crawled page: feed titles are no site names ('Latest
    News' for two farms), and an aggregator's entries link to other sites."""
    link = without_tracking(entry.get("link") or "") or None  # a feed's '?utm_source=rss' names no other page
    ident = entry.get("id") or link
    where = f"{where}#{ident or f'entry-{n}'}"
    contents = entry.get("content") or []
    html = next((c.get("value") for c in contents if "html" in (c.get("type") or "")), None)
    body = html or (contents[0].get("value") if contents else None) or entry.get("summary") or ""
    if not body.strip():
        return Rejected(where, "feed entry has no content or summary")
    if not _HAS_TAG.search(body) and _ESCAPED_TAG.search(body):  # escaped twice, as some CMSs write feeds
        body = html_unescape(body)
    if not contents and _CUT_SUMMARY.search(body):
        return Rejected(where, f"feed entry holds only a summary cut short ('...'), {_NOT_THE_ARTICLE}")
    meta = {
        "url": link,
        "id": ident or where,
        "title": entry.get("title"),
        "byline": _author_name(entry.get("author")),
        "site": host_of(link),
        "published": entry_date(entry),
    }
    try:
        if _HAS_TAG.search(body):
            article = from_html(body, where, **meta)
        else:
            words = word_count(body)
            if words < _MIN_FEED_WORDS:
                return Rejected(where, f"feed entry has too little text ({words} words): a teaser, not an article")
            article = from_text(body, where, **meta)
    except InputError as exc:
        return _rejected(exc)
    if not contents and len(article.sentences) < 2:  # an Atom <summary>, an RSS <description> of one line
        return Rejected(where, f"feed entry holds only a one-sentence summary, {_NOT_THE_ARTICLE}")
    return article
