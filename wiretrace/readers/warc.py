"""WARC and WET crawls: their pages read as articles, and read on past damage, cut gzip and run-on records (warcio)."""

from __future__ import annotations

import codecs
import functools
import gzip
import io
import logging
import re
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from wiretrace.errors import InputError, ListPage
from wiretrace.ingest import MAX_BYTES, SNIFF_BYTES, decode, from_html, from_text, normalize_date, site_titled_text
from wiretrace.readers.base import _HTML_HEAD, Item, Rejected, Skipped, _rejected
from wiretrace.sites import host_of, without_tracking

log = logging.getLogger(__name__)

_RESYNC_CHUNK = 1 << 20  # bytes scanned at a time for the next WARC record after damage
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
# Servers and crawlers label pages with these by default; valid UTF-8 in them is almost surely UTF-8.
_DEFAULT_CHARSETS = {"ascii", "latin-1", "iso8859-1", "cp1252"}


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
