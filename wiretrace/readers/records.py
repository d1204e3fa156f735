"""One document a file (text, HTML, JSON, gzip of one), JSON objects and JSON Lines records, and their encodings."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import logging
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from wiretrace.errors import InputError, json_problem, unreadable_json
from wiretrace.ingest import (
    ARRAY_OPENING,
    FEED_SNIFF,
    MAX_BYTES,
    SNIFF_BYTES,
    binary_kind,
    from_record,
    gunzipped,
    read_bytes,
    read_path,
    record_site,
    sniffed_head,
)
from wiretrace.model import Article
from wiretrace.readers.base import MAX_FEED_BYTES, MAX_RECORD_BYTES, Item, Rejected, Skipped, _rejected
from wiretrace.readers.feeds import _FEED, _read_feed_bytes, is_json_feed, json_feed_items
from wiretrace.sites import host_of

log = logging.getLogger(__name__)

def _refuse_xml(path: Path) -> Iterator[Item]:
    """An XML file that is no RSS or Atom feed (a sitemap, a configuration file): refused, not
    stored as an article made of its markup."""
    yield Rejected(str(path), "an XML file that is no RSS or Atom feed (nor an XHTML page)")


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
