"""Standard input (`index add -`): JSON (Lines) read as it arrives, anything else spooled to a file and read as one."""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import json
import logging
import re
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from wiretrace.ingest import ARRAY_OPENING, FEED_SNIFF, SNIFF_BYTES, path_id, prolog_end
from wiretrace.model import Article
from wiretrace.readers.base import MAX_RECORD_BYTES, Item, Rejected
from wiretrace.readers.files import read_collection
from wiretrace.readers.records import _jsonl_records, _not_encoded, as_utf8, json_objects, wide_encoding

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
