"""One input read into an article: a file (gzipped or not), bytes or a string.

Its size and kind are checked (`sniff`), its bytes decoded (`plain.decode`), and it is read by its
format's reader: `records.from_record`, `pages.from_html` or `plain.from_text`.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from wiretrace.errors import InputError, json_problem, unreadable_json
from wiretrace.ingest.limits import MAX_BYTES
from wiretrace.ingest.pages import from_html
from wiretrace.ingest.plain import decode, from_text
from wiretrace.ingest.records import from_record
from wiretrace.ingest.sniff import (
    _HTML_SNIFF,
    _PAGE_TAG,
    ARRAY_OPENING,
    _a_collection,
    binary_kind,
    collection_kind,
    json_lines,
)
from wiretrace.model import Article

log = logging.getLogger(__name__)


def read_path(path: str | Path) -> Article:
    """Read and extract the article in the file at `path`.

    Raises:
        InputError: missing, a directory, too large, empty, binary, undecodable or no article.
    """
    p = Path(path)
    where = str(path)
    if not p.exists():
        raise InputError(where, "no such file")
    if p.is_dir():
        raise InputError(where, "is a directory, not an article file")
    if what := collection_kind(b"", Path(p.name.lower().removesuffix(".gz")).suffix):
        raise _a_collection(where, what)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(where, f"file too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    suffix = p.suffix.lower()
    if suffix == ".gz":  # one compressed page ('page.html.gz'), as `index add` reads it
        suffix = Path(p.name.lower().removesuffix(".gz")).suffix
        data = gunzipped(p, where, MAX_BYTES)
    else:
        try:
            with p.open("rb") as fh:  # a pipe (`<(...)`) states no size: read to the limit, no further
                data = read_capped(fh, where)
        except OSError as exc:
            raise InputError(where, f"cannot read the file ({exc.strerror or exc})") from exc
    article = read_bytes(data, where, suffix=suffix)
    if article.id is None:  # named by its file, absolutely: the same id whichever way the path was typed
        article.id = path_id(p)
    return article


def read_capped(stream: BinaryIO, where: str) -> bytes:
    """One article's bytes from `stream` (a file, a pipe, standard input), read to `MAX_BYTES` and
    refused beyond it without reading on: `yes | wiretrace query -` filled the memory first."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(where, f"input too large (over {MAX_BYTES / 1e6:.0f} MB, the limit)")
    return data


def gunzipped(path: Path, where: str, limit: int) -> bytes:
    """The content of one gzipped file, read up to `limit` bytes and one more (so a caller can
    tell it is over the limit).

    Raises:
        InputError: the file is cut, corrupt or unreadable.
    """
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:  # BadGzipFile is an OSError: catch it first
        raise InputError(where, f"truncated or corrupt gzip: {exc}") from None
    except OSError as exc:
        raise InputError(where, f"cannot read the file ({exc.strerror or exc})") from None


def path_id(path: Path) -> str:
    """The id of an article named by its file: the absolute path, links and `..` resolved."""
    try:
        return str(path.resolve())
    except OSError:  # a loop of links, or a folder that went away: the path as given
        return str(path)


def read_bytes(data: bytes, where: str, suffix: str = "") -> Article:
    """Extract the article in `data`; `suffix` ('.html', '.json', '.txt') hints at the format."""
    if len(data) > MAX_BYTES:
        raise InputError(where, f"input too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    if not data.strip():
        raise InputError(where, "empty input")
    if what := collection_kind(data, suffix):
        raise _a_collection(where, what)
    if (what := binary_kind(data)) is not None:
        raise InputError(where, f"binary content ({what}), not an article")
    text = decode(data, where)
    stripped = text.lstrip()
    if suffix == ".json" or (
        (stripped.startswith("{") or ARRAY_OPENING.match(data)) and suffix not in (".html", ".htm", ".txt")
    ):
        try:
            record = json.loads(text)
        except RecursionError as exc:
            raise InputError(where, unreadable_json(exc)) from None
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and json_lines(stripped):
                raise _a_collection(where, "a JSON-lines collection") from exc
            if suffix == ".json":
                raise InputError(where, f"invalid JSON ({json_problem(exc, 'line')})") from exc
        except ValueError as exc:  # a number of more digits than Python converts
            raise InputError(where, unreadable_json(exc)) from None
        else:
            if isinstance(record, list) and any(isinstance(r, dict) for r in record):  # a dump as one array
                raise _a_collection(where, "a JSON array of records")
            if not isinstance(record, dict):
                raise InputError(where, "JSON input must be an object with a 'text' or 'html' field")
            return from_record(record, where)
    if suffix in (".html", ".htm", ".xhtml") or _HTML_SNIFF.search(data[:4096]):
        article = from_html(text, where)
        if _PAGE_TAG.search(text[:4096]) and not _PAGE_END.search(text[-4096:]):
            # a saved page cut short: read as it is, its last sentence maybe cut ('Police hav')
            log.warning("%s: the page ends before </body> or </html>: it may be cut short", where)
        return article
    return from_text(text, where)


def read_string(text: str, where: str, **meta: Any) -> Article:
    """Extract the article in a string that holds either an HTML page or plain text."""
    if len(text) > MAX_BYTES:
        raise InputError(where, f"input too large ({len(text) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    if not text.strip():
        raise InputError(where, "empty input")
    if _HTML_SNIFF.search(text[:4096].encode("utf-8", "replace")):
        return from_html(text, where, **meta)
    return from_text(text, where, **meta)


_PAGE_END = re.compile(r"</(body|html)\s*>", re.IGNORECASE)
