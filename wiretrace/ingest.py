"""Ingest kernels: turn a file, bytes or a JSON record into an extracted `Article`.

Plain text (any common encoding, detected), HTML pages (trafilatura: title, byline, date,
site, body) and JSON objects with `text` or `html` fields. Every failure is an `InputError`
naming the input and the reason; nothing here writes anywhere.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import email.utils
import functools
import gzip
import json
import logging
import math
import numbers
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin

from wiretrace.chrome import byline_of, cut_inline_chrome, is_chrome_sentence, readable_byline, strip_chrome
from wiretrace.errors import AccessWall, ConfigError, InputError, ListPage, json_problem, unreadable_json
from wiretrace.fingerprint import content_hash
from wiretrace.model import Article, DroppedChrome, LiveUpdate
from wiretrace.sites import archived_page, domain_of, host_of, names_host, page_key, without_tracking
from wiretrace.text import (
    clean_body,
    clean_line,
    read_markdown,
    segment,
    sentence_case,
    unmask,
    word_count,
    wrapped_lede,
)

log = logging.getLogger(__name__)

#: How this wiretrace reads inputs into stored texts, dates and ids (extraction, text repair, date
#: forms, ids from addresses). An index and a batch run record it, and one built by another reading
#: is rebuilt, not added to: the same input read again would be stored under another content hash.
#: Raise it with any change that stores other text, dates or ids for an input stored before.
#: 2: titles repeated in a record's text, clock times with their zone, days in numbers in no guessed
#: order, no dates after tomorrow, zoned Parquet midnights, Unix times, titles cleaned (2026-12-03).
#: 3: invisible characters out of words, odd spaces and styled letters made plain, look-alike
#: letters of other alphabets in Latin words read as Latin, words a page's style sheet hides inside
#: sentences left out, a short FAQ above a story no longer dropping it (2026-12-03).
#: 4: words and paragraphs a page styles out of sight (no font size, transparent, off the screen)
#: left out, lines stored backwards behind a right-to-left override read as shown (2026-12-03).
#: 5: a rolling story's update labels, entry times and notices, and a teaser's 'Read more at ...'
#: and 'Continue reading' lines are page chrome; dates written time first or with commas between
#: their parts ('12:45 GMT, 27 December 2004'), and a publication line's date before its bar
#: ('Published ... | Last updated ...') are read (2026-12-04).
#: 6: a live page (JSON-LD `LiveBlogPosting` whose updates give their text) is stored by `index add`,
#: `batch` and the HTTP API's adds as its updates, each an article dated by its own time; a page
#: keeps the address its canonical link states when its name is any label of that host, hyphens
#: aside ('Velo Gossip' / velo-gossip.com, 'Reuters' / uk.reuters.com); a dateline's agency is
#: read in any case and without a place ('BRUSSELS (REUTERS) -', '(AP) —') (2026-12-04).
#: 7: plain text read as its rendered Markdown: headings, bold and links as their words, images left
#: out (`text.read_markdown`) (2026-12-04).
#: 8: a chatbot's words around its text ('Rephrased text:', 'As an AI language model, ...') are
#: chrome (`chrome.AI_LEFTOVER`) (2026-12-05).
#: 9: records read by the names other tools' dumps give their fields (`RECORD_FIELDS`: a `link` is
#: the address, a `date_publish` the date), and CSV tables a row an article (2026-12-05).
READING = 9

#: Inputs larger than this are refused: no news article is this long, a dump or a binary is.
MAX_BYTES = 10 * 1024 * 1024
#: The most sentences an article may hold (news runs to tens, a long report to a few hundred): a
#: text of 150,000 short lines, under `MAX_BYTES`, held a server's query for minutes against each
#: stored candidate. Two such articles are the most sentence pairs one comparison scores
#: (`compare.MAX_SENTENCE_PAIRS`: 2,000 x 5,000).
MAX_SENTENCES = 5000
#: Encoding detection reads at most this much of a text that is not UTF-8 (~25 ms).
DETECT_BYTES = 256 * 1024

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
    b"BZh": "bzip2-compressed data",
    b"\xfd7zXZ": "xz-compressed data",
    b"PAR1": "a Parquet file",
}
_HTML_SNIFF = re.compile(rb"<(!doctype html|html|head|body|article|div|p|meta|title)[\s>/]", re.IGNORECASE)
#: The root element of an RSS, Atom or RDF feed.
FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")
#: Bytes read at the head of a file to tell its kind, after any XML prolog (`sniffed_head`).
SNIFF_BYTES = 4096
#: An XML prolog read at most to find the root element after it.
MAX_PROLOG = 1 << 20
#: A part of an XML prolog: space, the declaration or a processing instruction, a comment, a DOCTYPE
#: (with its internal subset).
_PROLOG_PART = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)


def prolog_end(data: bytes) -> int | None:
    """Where the XML prolog `data` opens with ends (0 without one), or None when `data` ends inside
    it: a feed opening with a long licence comment or a DOCTYPE's internal subset names its root
    past the first 4 KB (it was refused as 'no feed', or read as one article of markup)."""
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while (part := _PROLOG_PART.match(data, pos)) is not None and part.end() > pos:
        pos = part.end()
    return None if pos == len(data) or data.startswith((b"<?", b"<!--", b"<!DOCTYPE", b"<!doctype"), pos) else pos


def sniffed_head(data: bytes) -> bytes:
    """The bytes of a file's head whose tags tell its kind: its first `SNIFF_BYTES` after any XML
    prolog (`prolog_end`), and the prolog."""
    return data[: (prolog_end(data[:MAX_PROLOG]) or 0) + SNIFF_BYTES]


#: A whole page, not a fragment of one: it has its own `<html>` or `<body>`.
_PAGE_TAG = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
_TITLE_MAX_WORDS = 20
#: A line wholly inside one pair of quotation marks.
_QUOTED_LINE = re.compile(r"[\"“][^\"“”]+[\"”]")


def _title_case_headline(line: str) -> bool:
    """Whether a first line ending in '!', '?' or a closing quote is a headline all the same:
    most of its longer words capitalised ('Golden Glory: Mills and Clark's Sailing Dream Comes
    True!', '"Behind the Bars of Nauru: A Chilling Exposé"'), as no sentence of a story is."""
    text = line.strip()
    if not re.search(r"[!?\"”]$", text) or text.endswith(('."', '.”')):
        return False
    words = [w.strip("\"“”'‘’(") for w in text.split()]
    longer = [w for w in words if len(w) > 3]
    return len(longer) >= 3 and sum(w[:1].isupper() for w in longer) >= 0.8 * len(longer)

#: Markdown around a headline line ('# Title', '**Title**'), as AI-written pages carry it.
_MARKDOWN_HEADING = re.compile(r"^(?:#{1,6}\s+|\*\*|__)|(?:\*\*|__)$")
_MIN_HTML_WORDS = 10  # what trafilatura keeps of a page without an article: a menu entry or two
#: ... unless a line of it is a sentence (four words or more, ending as one): a short article or snippet.
_SENTENCE_LINE = re.compile(r"^\W*\w+(?:\W+\w+){3,}.*[.!?][\"'”’)]*\s*$", re.MULTILINE)


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


#: How a JSON array of records opens: '[' then an object, or nothing more on its line, or ']'.
ARRAY_OPENING = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t\r\n]*\[[ \t\r\n]*(?:\{|\]|$)")


def _a_collection(where: str, what: str) -> InputError:
    """The refusal of a collection where one article is expected (`collection_kind`, `json_lines`)."""
    return InputError(where, f"{what}, not one article (index it with `index add`)")


def json_lines(text: str) -> bool:
    """Whether `text` opens with two lines that are each a JSON object: a JSON-lines dump, whatever
    its file's name (read as one text, its records merged into one article of markup)."""
    lines = [line for line in text.split("\n", 64)[:64] if line.strip()][:2]
    if len(lines) < 2 or not lines[1].lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except (ValueError, RecursionError):
        return False


def collection_kind(data: bytes, suffix: str = "") -> str | None:
    """What collection of articles `data` (or a file ending in `suffix`, `.gz` aside) holds, else
    None: where one article is expected (`extract`, `query`, `compare`), a feed read as one page
    merged its entries into markup soup, and an archive was refused as mere binary content."""
    head = sniffed_head(data)
    if suffix in (".jsonl", ".ndjson", ".jl"):
        return "a JSON-lines collection"
    if suffix in (".warc", ".wet") or head.startswith(b"WARC/1."):
        return "a WARC archive"
    if suffix == ".parquet" or head.startswith(b"PAR1"):
        return "a Parquet table"
    if suffix in (".rss", ".atom") or (FEED_SNIFF.search(head) and not _PAGE_TAG.search(head.decode("latin-1"))):
        return "an RSS or Atom feed"
    return None


def binary_kind(data: bytes) -> str | None:
    """What a file's first bytes show it to be when that is no text ('a PNG image', 'NUL bytes'),
    else None."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    if not _nul_bytes(data):
        return None
    head = data[:8192]
    if head[1::2].count(0) > len(head) // 5 or head[0::2].count(0) > len(head) // 5:
        return "NUL bytes: UTF-16 without a byte-order mark? save it as UTF-8"
    return "NUL bytes"


#: Stray NUL bytes in a text's first 8 KiB, at most, that are taken out rather than make it binary
#: (a page saved with one, a copy-paste slip): binary files hold them by the hundred.
STRAY_NULS = 2


def _nul_bytes(data: bytes) -> bool:
    """More than `STRAY_NULS` NUL bytes in the first 8 KiB of what is not UTF-16 (which holds them,
    after its byte-order mark)."""
    return data[:8192].count(0) > STRAY_NULS and not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def read_string(text: str, where: str, **meta: Any) -> Article:
    """Extract the article in a string that holds either an HTML page or plain text."""
    if len(text) > MAX_BYTES:
        raise InputError(where, f"input too large ({len(text) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    if not text.strip():
        raise InputError(where, "empty input")
    if _HTML_SNIFF.search(text[:4096].encode("utf-8", "replace")):
        return from_html(text, where, **meta)
    return from_text(text, where, **meta)


def decode(data: bytes, where: str) -> str:
    """Decode bytes as UTF-8 when valid, else in the encoding chardet detects.

    chardet (its 7.x models) tells the Windows code pages apart where charset-normalizer read
    English text with curly quotes saved as Windows-1252 as a DOS code page ("Franceĺs").
    Latin-1 and ASCII guesses are read as Windows-1252, their superset for printable text, as
    browsers do (the WHATWG Encoding Standard).
    """
    if (what := binary_kind(data)) is not None:  # an image's signature, or NUL bytes past a stray one or two
        raise InputError(where, f"binary content ({what}), not text")
    if 0 in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a stray NUL or two: taken out
        log.warning("%s: NUL bytes taken out of the text", where)
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        log.warning("%s: UTF-8 with a few invalid bytes, read as U+FFFD", where)
        return damaged
    import chardet

    guess = chardet.detect(data[:DETECT_BYTES])["encoding"]
    if guess is None:
        raise InputError(where, "undecodable bytes (not text in any encoding it could detect)")
    encoding = codecs.lookup(guess).name
    if encoding in ("ascii", "latin-1", "iso8859-1") or (encoding != "cp1252" and _western(data)):
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        text = data.decode("latin-1" if encoding == "cp1252" else encoding, errors="replace")
        if text.count("\ufffd") > 0.001 * len(text):
            raise InputError(where, f"undecodable bytes (not valid {encoding} text)") from exc
    log.debug("%s: decoded as %s", where, encoding)
    return text


def _damaged_utf8(data: bytes) -> str | None:
    """`data` read as UTF-8 with its invalid bytes replaced, when it is UTF-8 with a few damaged
    bytes (at least as many valid multi-byte characters as invalid ones: 'café – owner’s' and one
    stray byte), else None. Another code page's accents and quotes are never valid UTF-8 pairs,
    so they give none; reading such a file in the detected code page instead turned every
    'é' into 'Ã©'."""
    text = data.decode("utf-8-sig", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(1 for ch in text if ord(ch) > 127) - invalid
    return text if valid >= max(1, invalid) else None


#: Bytes that are the same punctuation in every Windows code page (cp1250-cp1258): the ellipsis,
#: curly quotes, dashes, a no-break space.
_WINDOWS_PUNCTUATION = frozenset(b"\x85\x91\x92\x93\x94\x96\x97\xa0")


def _western(data: bytes) -> bool:
    """True when the only non-ASCII bytes of `data` are Windows punctuation, which Windows-1252
    reads as every Windows code page does. chardet calls a short English line with curly quotes
    ('\x93It\x92s over,\x94 she said.') a code page that reads them as letters ('ďItís over,Ē')."""
    return all(b < 0x80 or b in _WINDOWS_PUNCTUATION for b in data[:DETECT_BYTES])


#: Control characters no text holds: C0 but tab, line and page breaks, the vertical tab (Word's
#: soft line break) and the two Word writes for hyphens (0x1e non-breaking, 0x1f optional).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1d]")
#: A text is binary content when more than `CONTROL_SHARE` of its first `CONTROL_SAMPLE`
#: characters, and at least `CONTROL_MIN` of them, are such controls.
CONTROL_SHARE, CONTROL_SAMPLE, CONTROL_MIN = 0.01, 20_000, 10


def refuse_binary(text: str, where: str) -> None:
    """Raise `InputError` when `text` is binary content decoded as text (`_BINARY_CONTROLS`,
    `CONTROL_SHARE`).
    Every text and page is asked, however it came (a file in any encoding, a JSON field, a string
    given to the API), so valid UTF-8 garbage is refused as a file of undecodable bytes is; a few
    stray controls (a wire's end-of-text mark, one escape) are dropped with the others."""
    sample = text[:CONTROL_SAMPLE]
    controls = len(_BINARY_CONTROLS.findall(sample))
    if controls >= CONTROL_MIN and controls > CONTROL_SHARE * len(sample):
        raise InputError(where, "binary content (control characters), not text")


def looks_like_code(text: str) -> bool:
    """Whether `text` is a style sheet or a script rather than prose: braces and semicolons in
    every few words ('@font-face{font-family:...;src:url(...)}'). A browser's 'Save page as' folder
    holds such files without a suffix, and a directory walk reads those by their first bytes."""
    sample = text[:CONTROL_SAMPLE]
    if _CODE_START.match(sample):
        return True
    braces = sample.count("{") + sample.count("}")
    many = braces >= CODE_MIN_BRACES and sample.count(";") >= CODE_MIN_BRACES
    return many and braces > CODE_SHARE * len(sample.split())


#: A text is code when it holds at least this many braces and semicolons, and more braces than
#: this share of its words (news text holds none; a tech story quoting a line of code, a few).
CODE_MIN_BRACES, CODE_SHARE = 10, 0.05
#: ... or when it opens as a style sheet or a script does ('@font-face{', 'body{margin:0',
#: 'function(', 'var x =', '"use strict"').
_CODE_START = re.compile(
    r"\s*(?:@(?:font-face|import|media|charset|keyframes)\b|[\w.#:\-\[\]=\"' ,>*]{1,80}\{\s*[\w-]+\s*:"
    r"|(?:\(|!)?function\s*\(|(?:var|const|let)\s+\w+\s*=|[\"']use strict[\"'])"
)


#: A lone UTF-16 surrogate: valid in JSON ("\ud800") and in a Python string, but no character, so
#: it cannot be encoded to UTF-8 for hashing, storing or printing.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_unicode(meta: dict[str, Any]) -> dict[str, Any]:
    """`meta` with each lone surrogate in its strings replaced by U+FFFD, as a decoder does with bytes
    that are no text: a record holding one is read, not a crash of the batch it is in. A field that is
    neither text nor None is a `TypeError` naming it (`site=7` had failed deep in extraction, an `id`
    given as a dict when the article was indexed; `from_record` reads a dump's odd types itself)."""
    for key, value in meta.items():
        if key in _META and value is not None and not isinstance(value, str):
            raise TypeError(f"article field {key!r} must be text or None, not {type(value).__name__}")
    return {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in meta.items()}


def from_text(text: str, where: str = "<text>", **meta: Any) -> Article:
    """Extract an article from plain text: drop page chrome, take a headline line as title."""
    text, meta = _SURROGATE.sub("\ufffd", text), _valid_unicode(meta)
    refuse_binary(text, where)
    if looks_like_code(text):
        raise InputError(where, "code (a style sheet or script), not an article")
    cleaned = strip_chrome(clean_body(read_markdown(_unmasked(text, where))))
    body = clean_body(cleaned.text)
    title = meta.pop("title", None)
    first, _, rest = body.partition("\n")
    if title and rest.strip() and _same_headline(first, title):
        body = rest.strip()  # a record's text that repeats its own title: the same body as without it
    # a headline given apart means the body opens with its lede (`text.segment`)
    lede = bool(title)
    if title is None:
        headline = len(first.split()) <= _TITLE_MAX_WORDS and (
            not re.search(r"[.!?:;,\"”。！？؟…」』]$", first.strip()) or _title_case_headline(first)
        )
        if headline and _QUOTED_LINE.fullmatch(first.strip()):
            first = first.strip()[1:-1]  # a headline in quotes, as AI rewriters write them: not a quote of the story
        lede = wrapped_lede(body)  # hard-wrapped copy opening on its lede: its short first line is no title
        if rest.strip() and headline and not lede:
            title, body = _MARKDOWN_HEADING.sub("", first.strip()), rest.strip()
    return _build(
        body,
        where,
        title=title,
        byline=meta.pop("byline", None) or cleaned.byline,
        published=meta.pop("published", None) or _stamped_date(cleaned.dropped, where),
        dropped=cleaned.dropped,
        lede=lede,
        **meta,
    )


def _unmasked(text: str, where: str) -> str:
    """`text` as a reader sees it (`text.unmask`), with a warning naming the input when it was
    disguised: zero-width characters strewn in its words, look-alike letters of another script."""
    read = unmask(text)
    if note := read.note():
        log.warning("%s: %s", where, note)
    return read.text


def _same_headline(line: str, title: str) -> bool:
    """Whether a text's first line is the headline given apart (case, spacing, markdown and quotes
    aside): a record holding its title in both fields."""

    def bare(s: str) -> str:
        s = _MARKDOWN_HEADING.sub("", s.strip()).strip()
        return " ".join((s[1:-1] if _QUOTED_LINE.fullmatch(s) else s).split()).casefold()

    return bare(line) == bare(title)


def _stamped_date(dropped: list[DroppedChrome], where: str) -> str | None:
    """The publication date a pasted page states in a chrome line ('Published: May 3, 2013',
    'By Jane Smith | 3 March 2016'), as for an HTML page's text (`labelled_date`)."""
    lines = (d.text for d in dropped if d.reason in ("byline", "dateline"))
    return next((day for line in lines if (day := labelled_date(line, where))), None)


def _bare_extraction(page: Any, url: str | None) -> Any:
    """trafilatura's extraction of a page (its text, or an lxml tree) with the options wiretrace reads pages by."""
    import trafilatura

    return trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        favor_precision=False,
        # the date from the page's metadata (meta tags, JSON-LD, <time>) or its URL only: a
        # year guessed from the body ('founded in 1871', 'Copyright 2019') would decide origins
        # with no lower bound: htmldate drops dates before 1995 by default (Reuters-21578 is of 1987)
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": _PAGE_TIME,
            "min_date": _EARLIEST_PAGE_DATE,
            "max_date": _LATEST_PAGE_DATE,
        },
    )


#: How many elements deep libxml2's HTML parser reads by default (`_deep_tree` reads deeper).
_PARSER_DEPTH = 255
#: How many elements deep it reads at most (`huge_tree`): what is inside deeper is dropped.
_HUGE_PARSER_DEPTH = 2048
#: A tag as `_nesting` counts it: `/` for a closing tag, its name, its attributes (ending in `/` for
#: one closed in itself); each part taken whole, so a `<` before 40,000 letters is read once, not split
#: at every letter (31 s).
_NESTING_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*+)([^<>]*+)>")
#: What `_nesting` skips: scripts, style sheets and comments, whose `<` open no element.
_UNPARSED_OPENING = re.compile(r"<(script|style)\b|<!--", re.IGNORECASE)
#: Elements that are never closed, or close themselves when the next begins: they nest nothing.
_UNNESTED = frozenset(
    "area base br col embed hr img input link meta param source track wbr p li dt dd option tr td th".split()
)


def _deep_tree(page: str) -> Any:
    """`page` parsed as trafilatura parses it but without libxml2's limit of 255 nested elements
    (`huge_tree`), past which the parser drops what is inside: a page generated with its story
    260 levels deep was 'no article text found'."""
    from lxml.html import HTMLParser, document_fromstring

    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True, huge_tree=True)  # fmt: skip
    return document_fromstring(page.encode("utf-8", "replace"), parser=parser)


def _nesting(page: str) -> int:
    """How deep the elements of `page` nest, counting tags that must be closed (a page generated
    with its story nested past what the parser reads; 15 ms for a page of 355 KB, 1% of reading it)."""
    depth = deepest = 0
    for closing, name, attributes in _NESTING_TAG.findall(_without_unparsed(page)):
        if attributes.endswith("/") or name.lower() in _UNNESTED:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _without_unparsed(page: str) -> str:
    """`page` without its scripts, style sheets and comments (a minified script's `i<a.length` is
    no tag), in one pass: each is cut to its end, or to the page's end when it has none."""
    lower, kept, pos = page.lower(), [], 0
    while (found := _UNPARSED_OPENING.search(page, pos)) is not None:
        kept.append(page[pos : found.start()])
        end_mark = "-->" if found.group(1) is None else f"</{found.group(1).lower()}"
        end = lower.find(end_mark, found.end())
        if end < 0:
            return "".join(kept)
        pos = end + len(end_mark)
    return "".join(kept) + page[pos:]


def from_html(html: str, where: str = "<html>", url: str | None = None, **meta: Any) -> Article:
    """Extract an article from an HTML page with trafilatura (body, title, byline, date, site)."""
    html, meta = _SURROGATE.sub("\ufffd", html), _valid_unicode(meta)
    url = _valid_unicode({"url": url})["url"] if url else url

    refuse_binary(html, where)
    if not _PAGE_TAG.search(html[:4096]):
        html = f"<html><body>{html}</body></html>"  # a fragment (feed entry, `html` field): trafilatura wants a page
    page, embeds = _without_embedded_posts(_without_hidden_words(_own_article(html) or html))
    try:
        doc = _bare_extraction(page, url)
        # nested past the parser's limit, the story is dropped: read again without it, when nothing was
        # found or when the page nests that deep (a menu's text had been taken for the whole page)
        if page.count("<") > _PARSER_DEPTH and (not getattr(doc, "text", None) or _nesting(page) > _PARSER_DEPTH):
            deep = _bare_extraction(_deep_tree(page), url)
            if deep is not None and len(getattr(deep, "text", None) or "") > len(getattr(doc, "text", None) or ""):
                doc = deep  # more of the page read: what the parser's limit had dropped
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(where, f"unparseable HTML ({type(exc).__name__}: {exc})") from exc
    # trafilatura keeps lines of chrome inside the story's container ('Published ...', 'Read more: ...')
    cleaned = strip_chrome(clean_body(_unmasked(getattr(doc, "text", None) or "", where)) if doc is not None else "")
    body = clean_body(cleaned.text)
    title = unmask(title).text if (title := getattr(doc, "title", None)) else None
    title = _without_site_name(title, getattr(doc, "sitename", None))
    lines = body.split("\n")
    if title and (found := _headline_line(title, lines)) is not None:
        k, title = found
        if any(line.strip() for line in lines[:k] + lines[k + 1 :]):
            body = "\n".join(lines[:k] + lines[k + 1 :]).strip()  # the headline is metadata, not a body sentence
    if word_count(body) < _MIN_HTML_WORDS and not _SENTENCE_LINE.search(body):
        if (depth := _nesting(page)) > _HUGE_PARSER_DEPTH:
            raise InputError(where, f"no article text found in the HTML page: its elements nest {depth:,} deep, and "
                                    f"the HTML parser reads {_HUGE_PARSER_DEPTH:,} at most")  # fmt: skip
        raise InputError(where, "no article text found in the HTML page")
    if access_wall(body):
        raise AccessWall(where, "an access wall or bot check ('enable cookies and JavaScript'), not an article")
    if link_list(html, body):
        raise ListPage(where, "a list of links (a section front, tag or home page), not an article")
    if teaser_list(body):
        raise ListPage(where, "a list of story teasers cut short with '...' (a front page), not an article")
    live_headline, last_update, updates = _live_page(html)
    stated, own_name = getattr(doc, "url", None), getattr(doc, "sitename", None)
    # the record's site, else the page's name for itself: trafilatura falls back to the address's host
    own = meta.get("site") or (own_name if own_name and not _HOST_LIKE.match(own_name) else None)
    if not url and stated and own and (host := host_of(stated)) and not names_host(own, host):
        stated = None  # a syndicated copy's canonical link: the original's address, not this page's
    article = _build(
        body,
        where,
        title=meta.pop("title", None) or live_headline or title,
        byline=meta.pop("byline", None)
        or _with_agencies(readable_byline(getattr(doc, "author", None)) or cleaned.byline, _json_ld_authors(html))
        or _visible_byline(page),
        published=meta.pop("published", None) or last_update or _markup_date(html, url, where),
        dropped=cleaned.dropped + embeds + canonical_chrome(html, url, own),
        # the site the page's address names, as for the same page crawled or in a feed; its own
        # name for itself (og:site_name: 'Valley Herald') only without an address
        site=meta.pop("site", None) or host_of(url or stated) or own_name,
        url=url or stated,
        **meta,
    )
    article.live_updates = updates
    return article


def _without_site_name(title: str | None, site_name: str | None) -> str | None:
    """`title` without the site's name it ends or opens with after a separator ('Why It Matters -
    TechBuzz Daily', an `og:title` as a WordPress theme writes it; 'Valley Herald | Floods ...'):
    a rewrite's headline on another site would otherwise differ by the name alone."""
    if not title or not site_name or not (name := site_name.strip()):
        return title
    for pattern in (rf"\s+[-–—|:·•]{{1,2}}\s+{re.escape(name)}\s*$", rf"^\s*{re.escape(name)}\s+[-–—|:·•]{{1,2}}\s+"):
        rest = re.sub(pattern, "", title, flags=re.IGNORECASE)
        if rest != title and len(rest.split()) >= _SITE_NAME_TITLE_WORDS:
            return rest
    return title


#: The fewest words a title must keep without its site's name ('Home | Valley Herald' keeps it).
_SITE_NAME_TITLE_WORDS = 3


#: The reason `dropped_chrome` gives a page's canonical link to another site (the original of a
#: syndicated copy: `<link rel="canonical">`), which names no sentence of the page.
CANONICAL_CHROME = "canonical"


def canonical_chrome(html: str, url: str | None, own: str | None) -> list[DroppedChrome]:
    """The page's canonical link (`<link rel="canonical">`) as `CANONICAL_CHROME`, and the pages its
    JSON-LD article says it is based on (`isBasedOn`) as `BASED_ON_CHROME`, each when it names
    another site than the page's own: another registered domain than its address `url` (not its
    AMP, print or regional edition), or, without one, a host its own name `own` does not name
    ('SFGATE' giving apnews.com). A syndicated copy's pointers to the original: its credit (`credit`)."""
    canonical = _canonical_link(html, url)
    found = [(canonical, CANONICAL_CHROME)] if canonical else []
    seen = {page_key(canonical)} if canonical else set()  # the canonical link again, however spelled, once
    found += [(link, BASED_ON_CHROME) for link in _based_on_links(html, url) if page_key(link) not in seen]
    # without an address, the page's own og:url says where it stands, when it names another site
    # than its canonical link does (a partner's page naming no site of its own: a review's syndic-06)
    stated = _own_address(html) if url is None else None
    return [DroppedChrome(link, reason) for link, reason in found
            if _another_site(link, url, own) or (stated is not None and _another_site(link, stated, None))]  # fmt: skip


def _own_address(html: str) -> str | None:
    """The web address a page's head gives as its own (`<meta property="og:url">`), or None."""
    head = _HEAD_END.search(html, 0, _HEAD_CHARS)
    for tag in _META_TAG.finditer(html, 0, head.start() if head else _HEAD_CHARS):
        attributes = {k.lower(): html_unescape(v.strip("\"'")) for k, v in _ATTRIBUTE.findall(tag.group())}
        address = attributes.get("content", "").strip()
        if attributes.get("property", "").lower() == "og:url" and _WEB_ADDRESS.match(address):
            return address
    return None


_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)


def _another_site(link: str, url: str | None, own: str | None) -> bool:
    """Whether the web address `link` is another site's than the page's at `url`, or, without an
    address, than the site its own name `own` names."""
    if not (theirs := host_of(link)):
        return False
    ours = host_of(url)
    return domain_of(ours) != domain_of(theirs) if ours else bool(own) and not names_host(own or "", theirs)


#: The reason `dropped_chrome` gives a page its JSON-LD article says it is based on (`isBasedOn`,
#: schema.org's "a resource from which this work is derived"), when another site's.
BASED_ON_CHROME = "based-on"


def _based_on_links(html: str, url: str | None) -> list[str]:
    """The web addresses a page's JSON-LD article gives as what it is based on (`isBasedOn`, or the
    older `isBasedOnUrl`): addresses, or works with a `url` or `@id`, one or a list; relative ones
    made absolute against `url`. Each once, in order."""
    if "isBasedOn" not in html[:_JSON_LD_BYTES]:
        return []
    links: list[str] = []
    for item in _json_ld_items(html):
        if not any(str(t).endswith(("Article", "BlogPosting", "Posting")) for t in _types(item)):
            continue
        for key in ("isBasedOn", "isBasedOnUrl"):
            given = item.get(key)
            for work in given if isinstance(given, list) else [given]:
                href = (work.get("url") or work.get("@id")) if isinstance(work, dict) else work
                if isinstance(href, list):  # a work given several addresses: its first
                    href = next(iter(href), None)
                if isinstance(href, str) and (absolute := _absolute(href.strip(), url)):
                    links.append(absolute)
    return list(dict.fromkeys(links))


def _absolute(href: str, url: str | None) -> str | None:
    """`href` as a web address, made absolute against the page's `url` ('//host/x' as https), or
    against the publisher's address of a page an archive or AMP cache keeps (`archived_page`: an
    archive does not rewrite a page's JSON-LD); None when it is none (relative without `url`, a 'mailto:')."""
    href = "https:" + href if href.startswith("//") else (urljoin(archived_page(url), href) if url else href)
    return href if _WEB_ADDRESS.match(href) else None


_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_WEB_ADDRESS = re.compile(r"https?://[^\s/]+", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
#: How far into a page its head is looked for: a page's links stand in its first kilobytes.
_HEAD_CHARS = 200_000


def _canonical_link(html: str, url: str | None) -> str | None:
    """The address of the page's `<link rel="canonical">` in its head, made absolute against `url`
    (a relative one without `url`, or one that is no web address, is none). Not og:url, which
    trafilatura reads first: a page may give its own address there and the original's as canonical."""
    head = _HEAD_END.search(html, 0, _HEAD_CHARS)
    for tag in _LINK_TAG.finditer(html, 0, head.start() if head else _HEAD_CHARS):
        attributes = {k.lower(): html_unescape(v.strip("\"'")) for k, v in _ATTRIBUTE.findall(tag.group())}
        if "canonical" not in attributes.get("rel", "").lower().split():
            continue
        return _absolute(attributes.get("href", "").strip(), url)
    return None


#: A site name that is a host ('web.archive.org'), not a name the page gives itself.
_HOST_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")


def _headline_line(title: str, lines: list[str]) -> tuple[int, str] | None:
    """The body line among the first `_HEADLINE_LINES` that is the page's headline, and the headline:
    the title, or the title without the site's name after it ('... still being assessed - BBC
    News', '... | Business | The Observer Daily'), which pages give their `<title>` and og:title.
    trafilatura may place the `<h1>` after the first paragraph of a story split across blocks."""
    candidates = _title_forms(title)
    for k, line in enumerate(lines[:_HEADLINE_LINES]):
        if (text := " ".join(line.split())) and text in candidates:
            return k, text
    return None


def _title_forms(title: str) -> list[str]:
    """A page title, then without each site name after it in turn ('... | Business | The Observer Daily')."""
    forms = [" ".join(title.split())]
    while (suffix := _TITLE_SUFFIX.search(forms[-1])) is not None:
        forms.append(forms[-1][: suffix.start()])
    return forms


def site_titled_text(text: str, host: str | None) -> tuple[str, str | None]:
    """A crawl's text conversion (WET) opening on the page's title with the site's name after it
    ('Courts in Stirling ... | TrendFeed' for trendfeed.net): the text without that line and
    without lines that are the site's name alone (its masthead), and the title without the name.
    The text unchanged and None when the first line names no site the host names."""
    first, _, rest = text.lstrip().partition("\n")
    host_letters = re.sub(r"[^a-z0-9]", "", (host or "").lower())
    forms = _title_forms(first)
    for shorter, longer in zip(forms[1:], forms):
        name = longer[len(shorter) :].strip(" |-\u2013\u2014\u00b7\u2022")
        letters = re.sub(r"[^a-z0-9]", "", name.lower())
        if len(letters) >= 3 and letters in host_letters:
            kept = [line for line in rest.split("\n") if " ".join(line.split()) != name]
            return "\n".join(kept), shorter
    return text, None


def _own_article(html: str) -> str | None:
    """The page cut down to its own story when it holds several (`<article>` elements: a 'continuous
    scroll' page saved with the next story under it): its head and the article headed by the page's
    title (og:title, else `<title>`). trafilatura takes the longest text, so a page whose next story
    is longer gave that story's text under this one's title and date. None for any other page."""
    if len(_ARTICLE_TAG.findall(html)) < 2:
        return None
    import lxml.html

    if (tree := _page_tree(html)) is None:
        return None
    named = tree.xpath("//meta[@property='og:title']/@content") or tree.xpath("//title/text()")
    forms = set(_title_forms(str(named[0]))) if named else set()
    stories = [a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]
    headed = [a for a in stories if any(" ".join(h.text_content().split()) in forms for h in a.iter("h1", "h2"))]
    if len(stories) < 2 or len(headed) != 1 or len(headed[0].text_content().split()) < _OWN_ARTICLE_WORDS:
        return None  # an <article> around the header alone leaves the story outside it: the whole page
    head = tree.find("head")
    kept = lxml.html.tostring(head, encoding="unicode") if head is not None else ""
    return f"<html>{kept}<body>{lxml.html.tostring(headed[0], encoding='unicode')}</body></html>"


#: Declarations that keep what they style out of sight in a way a page's script does not undo as it
#: usually does (a fade-in sets 'opacity:0', a menu 'visibility:hidden'): not displayed, letters of
#: no size, placed thousands of pixels off the screen. What they hide stays hidden, whatever its length.
_HIDDEN_FOR_GOOD = (
    r"display\s*:\s*none\b|font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?(?![\w.%])"
    r"|(?:left|top|text-indent|margin-left)\s*:\s*-\d{4,}(?:\.\d+)?px"
)
#: Declarations that keep what they style from a reader's eyes: those, and invisible, fully
#: transparent or clipped to nothing (an exact zero: 'opacity:0.5' and 'font-size:0.8em' show).
_HIDES = (
    rf"(?<![\w-])(?:{_HIDDEN_FOR_GOOD}|visibility\s*:\s*hidden\b|opacity\s*:\s*0(?:\.0+)?(?![\d.])"
    r"|clip\s*:\s*rect\(\s*0[\s,px]*0[\s,px]*0)"
)
_HIDES_FOR_GOOD = re.compile(rf"(?<![\w-])(?:{_HIDDEN_FOR_GOOD})", re.I)
#: A declaration of `_HIDES`, in an element's `style` attribute.
_HIDING_DECLARATION = re.compile(_HIDES, re.I)
#: A style sheet's rule hiding what it selects ('.x{display:none}', '.y{font-size:0}'); rules in
#: `@media` blocks hide for one screen only and are taken out first.
_HIDING_RULE = re.compile(rf"([^{{}}]+)\{{[^{{}}]*{_HIDES}[^{{}}]*\}}", re.I)
#: An element whose own `style` attribute hides it ('<span style="font-size:0">').
_HIDING_STYLE = re.compile(rf"\sstyle\s*=\s*[\"'][^\"']*{_HIDES}", re.I)
_MEDIA_BLOCK = re.compile(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.I)
_STYLE_SHEET = re.compile(r"<style(?:[^>]*\bmedia\s*=\s*[\"']?([^\"'>]*))?[^>]*>(.*?)</style>", re.I | re.S)
#: A selector of a tag, classes and an id alone ('.x', 'span.junk', '#n1'): (tag, classes, id).
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?((?:[.#][\w-]+)+)$", re.I)
#: Elements that stand inside a sentence's text: hiding one hides words, not a section.
_INLINE_TAGS = tuple("span a b i em strong small font sub sup u s mark abbr cite q ins del bdi code var".split())


def _without_hidden_words(page: str) -> str:
    """The page without what a reader is never shown (`_unshown`, `_hidden_words`), parsed once
    and only when its markup may hold such elements (most pages do not)."""
    unshown = bool(_UNSHOWN.search(page) or _HIDING_STYLE.search(page))
    selectors, shown = _hiding_rules(page)
    if not (unshown or selectors) or (tree := _page_tree(page)) is None:
        return page
    dropped = (_unshown(tree) if unshown else []) + (_hidden_words(tree, selectors, shown) if selectors else [])
    if not dropped:
        return page
    import lxml.html

    for el in dropped:
        if el.getparent() is not None:
            el.drop_tree()  # its tail (the sentence's text after it) stays
    return lxml.html.tostring(tree, encoding="unicode")


def _without_embedded_posts(page: str) -> tuple[str, list[DroppedChrome]]:
    """The page without the social media posts embedded in it (`_EMBEDDED_POST`: a tweet's
    `<blockquote class="twitter-tweet">`, Instagram's, TikTok's, Facebook's, Threads', Bluesky's,
    Mastodon's), each listed as chrome `embed`: another account's words, which two independent
    reports embedding one post share word for word, and the post's date and link were sentences."""
    if not _EMBED_CLASS.search(page) or (tree := _page_tree(page)) is None:
        return page, []
    found = [el for el in tree.iter("blockquote", "iframe", "div") if _EMBEDDED_POST.search(el.get("class") or "")]
    inner = {id(sub) for el in found for sub in el.iterdescendants()}  # a post inside another's embed: once
    posts = [el for el in found if id(el) not in inner]
    if not posts:
        return page, []
    import lxml.html

    dropped = [DroppedChrome(" ".join(el.text_content().split()), "embed") for el in posts if el.text_content().strip()]
    for el in posts:
        if el.getparent() is not None:
            el.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode"), dropped


#: The class of an embedded post's element, as each network's embed code writes it ...
_EMBED_CLASSES = ("twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "fb-post", "fb-video",
                  "text-post-media", "bluesky-embed", "mastodon-embed")  # fmt: skip
_EMBEDDED_POST = re.compile(rf"(?:^|\s)(?:{'|'.join(_EMBED_CLASSES)})(?:\s|$)")
#: ... and the quick test before parsing the page: one of those classes named anywhere.
_EMBED_CLASS = re.compile("|".join(_EMBED_CLASSES))


def _hiding_rules(page: str) -> tuple[list[tuple[str | None, set[str], str | None]], set[str]]:
    """The simple selectors the page's screen style sheets hide (outside `@media` blocks), and the
    classes and ids a rule shows (a later rule, a wider screen's, as in 'd-none d-md-inline')."""
    if "<style" not in page and "<STYLE" not in page:
        return [], set()
    sheets = [sheet for media, sheet in _STYLE_SHEET.findall(page) if _FOR_SCREENS.search(media or "all")]
    shown = {name for sheet in sheets for rule in _SHOWING_RULE.finditer(sheet) for name in _NAMES.findall(rule[1])}
    selectors = [
        sel
        for sheet in sheets
        for rule in _HIDING_RULE.finditer(_MEDIA_BLOCK.sub("", sheet))
        for selector in rule.group(1).split(",")
        if (sel := _hiding_selector(selector, shown))
    ]
    return selectors, shown


def _hidden_words(tree: Any, selectors: list[tuple[str | None, set[str], str | None]], shown: set[str]) -> list[Any]:
    """The words the page's own style sheet hides inside sentences ('<span class="x">' with
    '.x{display:none}'): junk a farm strews into a copied story, which a reader never sees, and
    which trafilatura keeps (it drops inline `style="display:none"` alone). Only a few words
    (`HIDDEN_WORDS`) in an element standing inside text, shown by no rule: a passage hidden until
    a reader expands it ('Read more') is the story's."""
    return [
        el for el in tree.iter(*_INLINE_TAGS)
        if len(el.text_content().split()) <= HIDDEN_WORDS and any(_selects(el, *sel) for sel in selectors)
        and not any(f".{c}" in shown for c in (el.get("class") or "").split())
    ]  # fmt: skip


#: An element a browser never shows: a `<template>`, or one with the `hidden` attribute.
_UNSHOWN = re.compile(r"<template\b|<[a-z][a-z0-9]*\b[^>]*\shidden(?:\s*=\s*[\"']?[^\s>]*)?[\s/>]", re.I)


def _unshown(tree: Any) -> list[Any]:
    """What no reader is shown: `<template>` elements, elements with the `hidden` attribute and
    elements their own style keeps out of sight for good (`_HIDES_FOR_GOOD`), whatever their
    length (a farm page hid whole paragraphs of another wire story there, and its copy of one
    story joined the other's family), and a few words styled out of sight in any way (`_HIDES`).
    A collapsed `<details>` is shown on a click, and stays."""
    return [el for el in tree.iter() if isinstance(el.tag, str) and _never_shown(el)]


def _never_shown(el: Any) -> bool:
    """Whether no reader sees `el` (`_unshown`)."""
    if el.tag == "template" or "hidden" in el.attrib:
        return True
    style = el.get("style")
    if not style or not _HIDING_DECLARATION.search(style):
        return False
    if _HIDES_FOR_GOOD.search(style) and not _sized_inside(el):
        return True
    return el.tag in _INLINE_TAGS and len(el.text_content().split()) <= HIDDEN_WORDS


def _sized_inside(el: Any) -> bool:
    """Whether an element inside `el` may set its own size again: a container of no font size
    ('font-size:0', the trick that closes the gaps between inline blocks) shows children that do."""
    return any(isinstance(c.tag, str) and (c.get("style") or c.get("class")) for c in el.iterdescendants())


#: The most words of a hidden element taken out of a sentence: junk is a word or two at a time.
HIDDEN_WORDS = 3
#: A style sheet's `media` for screens ('all', 'screen', 'screen and (min-width: ...)'), not 'print'.
_FOR_SCREENS = re.compile(r"\b(?:all|screen)\b", re.I)
#: A rule showing what it selects, anywhere in a sheet ('.d-md-inline{display:inline!important}').
_SHOWING_RULE = re.compile(
    r"([^{}]+)\{[^{}]*\b(?:display\s*:\s*(?!none)[a-z-]+\b|visibility\s*:\s*visible\b"
    r"|(?:font-size|opacity)\s*:\s*(?!0(?:\.0+)?(?![\d.]))[\d.])[^{}]*\}",
    re.I,
)
_NAMES = re.compile(r"[.#][\w-]+")


def _hiding_selector(selector: str, shown: set[str]) -> tuple[str | None, set[str], str | None] | None:
    """A hiding rule's simple selector as (tag, classes, id), or None: not simple, or naming a
    class or id a rule shows."""
    found = _SIMPLE_SELECTOR.match(selector.strip())
    if not found:
        return None
    classes, element_id = _classes_of(found[2]), _id_of(found[2])
    if {f".{c}" for c in classes} & shown or (element_id and f"#{element_id}" in shown):
        return None
    return found[1], classes, element_id


def _classes_of(selector: str) -> set[str]:
    """The classes a simple selector names ('span.junk.x' -> {'junk', 'x'})."""
    return {c.split("#")[0] for c in selector.split(".")[1:] if c.split("#")[0]}


def _id_of(selector: str) -> str | None:
    """The id a simple selector names ('span#n1' -> 'n1'), if any."""
    return selector.split("#", 1)[1].split(".")[0] if "#" in selector else None


def _selects(el: Any, tag: str | None, classes: set[str], element_id: str | None) -> bool:
    """Whether a simple selector (tag, classes, id) selects `el`."""
    return (
        (not tag or el.tag == tag.lower())
        and classes <= set((el.get("class") or "").split())
        and (element_id is None or el.get("id") == element_id)
        and bool(classes or element_id)
    )


def _page_tree(html: str) -> Any:
    """The page parsed by lxml, or None: a decoded page may still open on an XML declaration
    naming its encoding ('<?xml version="1.0" encoding="utf-8"?>', XHTML), which lxml refuses in
    a string; trafilatura reads such pages, so their date and byline are read too."""
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ValueError, lxml.etree.ParserError):  # no element at all
        return None


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


_ARTICLE_TAG = re.compile(r"<article\b", re.IGNORECASE)
#: Words the `<article>` headed by the page's title holds at the least to be taken for the page's story.
_OWN_ARTICLE_WORDS = 40
_PAGE_END = re.compile(r"</(body|html)\s*>", re.IGNORECASE)


#: A site's name after a page title: ' - BBC News', ' | The Herald' (a colon or a bare hyphen is the headline's).
_TITLE_SUFFIX = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022]\s+[^|\u2013\u2014]{2,60}$")
_HEADLINE_LINES = 4


def link_list(html: str, body: str) -> bool:
    """Whether the text extracted from `html` is a list of the page's links, not an article: most
    of its text is in lines that are, for most of their length, the text of a link of three words
    or more (the headlines of a section front). Two sites' fronts listing the same wire headlines read as
    edited copies of each other, and each front as an article of one-line sentences."""
    lines = [" ".join(line.split()) for line in body.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    texts = {" ".join(html_unescape(_TAG.sub(" ", m.group(1))).split()) for m in _ANCHOR.finditer(html)}
    anchors = [a for a in texts if len(a.split()) >= 3]
    linked = [line for line in lines if any(len(a) >= _LINK_SHARE * len(line) and a in line for a in anchors)]
    if len(lines) < _LIST_MIN_LINES:  # a small site's front, two or three headlines: every line one
        return len(linked) == len(lines)
    return sum(map(len, linked)) >= _LINK_SHARE * sum(len(line) for line in lines)


def access_wall(body: str) -> bool:
    """Whether a page's text is a wall before the article, not the article: short (under
    `_WALL_WORDS` words) and saying so ('Access denied', 'Please enable cookies and JavaScript to
    continue', 'Checking your browser', 'verify you are human'). Indexed, every site's wall read
    as a copy of every other's, under one family."""
    return len(body.split()) < _WALL_WORDS and bool(_WALL.search(body))


_WALL_WORDS = 80
_WALL = re.compile(
    r"\b(access (is )?denied|enable (cookies|javascript)|(cookies|javascript) (is |are |must be )?(required|"
    r"disabled)|checking (if the site connection is secure|your browser)|verify (that )?you are (a )?human|"
    r"are you a robot|complete the security check|unusual traffic from your (computer|network)|captcha|"
    r"request (was )?blocked|you have been blocked)\b",
    re.IGNORECASE,
)


def teaser_list(body: str) -> bool:
    """Whether `body` is a front page's cards: `_TEASERS_MIN` lines or more cut short mid-sentence
    with '...' (each story's first words), holding half the text or more. Cards whose summaries
    are no link text pass `link_list`, and two fronts carrying the same wires read as copies."""
    lines = [" ".join(line.split()) for line in body.split("\n") if line.strip()]
    cut = [line for line in lines if _CUT_SHORT.search(line)]
    return len(cut) >= _TEASERS_MIN and sum(map(len, cut)) >= 0.5 * sum(map(len, lines))


_CUT_SHORT = re.compile(r"[\w,'’\"]\s?(\.\.\.|…)$")
_TEASERS_MIN = 4


#: A list page: at least this many lines of text, and this share of its characters in lines that
#: are each this much a link's text (the rest: '2h ago', 'Home', a section's name).
_LIST_MIN_LINES, _LINK_SHARE = 4, 0.6
_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


#: The page's date with its time and zone when its metadata states them ('09:30 +0000'): two
#: versions of a story published the same day are ordered by the hour.
_PAGE_TIME = "%Y-%m-%dT%H:%M:%S%z"
#: The earliest date a page's metadata may state: news archives reach back before the web.
_EARLIEST_PAGE_DATE = "1800-01-01"
#: No latest date for htmldate, whose default is the host's local today: it replaced a date past it
#: with the 1st of its month, so a page dated by a Tokyo site's today took the origin of its story.
#: Every format's dates are checked against the clock alike, in `_build` (`future_date`).
_LATEST_PAGE_DATE = "2999-12-31"


def _live_page(html: str) -> tuple[str | None, str | None, list[LiveUpdate]]:
    """The headline, the time of the last update and the updates of a live page (JSON-LD
    `LiveBlogPosting`), else (None, None, []). A live page holds every update up to its last:
    dated by its start, a live blog that posts a wire story at 13:20 came before the wire's 12:10
    and was taken for its origin; and the page's title is its own headline, not an update's
    ('16:45'). The updates that give their text (`articleBody`) are kept, for an index to read
    each as an article of its own (`live_update_articles`)."""
    if "LiveBlogPosting" not in html:  # most pages: no JSON-LD read
        return None, None, []
    for item in _json_ld_items(html):
        if "LiveBlogPosting" in _types(item):
            updates = item.get("liveBlogUpdate") or []
            updates = [u for u in (updates if isinstance(updates, list) else [updates]) if isinstance(u, dict)]
            stamps = [str(u.get(k)) for u in updates for k in ("dateModified", "datePublished") if u.get(k)]
            stamps += [str(item[k]) for k in ("dateModified", "coverageEndTime") if item.get(k)]
            days = [d for d in (normalize_date(x) for x in stamps) if d]
            headline = _ld_text(item.get("headline"))
            live = [_live_update(u) for u in updates]
            # read as its updates only when each gives its text: one whose text is only in the page's
            # body would be lost, so such a page is read whole
            return headline, max(days) if days else None, [u for u in live if u] if all(live) else []
    return None, None, []


def _live_update(update: dict[str, Any]) -> LiveUpdate | None:
    """One `liveBlogUpdate` as its markup gives it; None without a text of its own."""
    body = _ld_text(update.get("articleBody"))
    if not body:
        return None
    if "<" in body and ">" in body:  # some sites put the update's HTML in it
        body = html_unescape(_BLOCK_END.sub("\n\n", body))
        body = _TAG.sub("", body).strip()
    stamp = _ld_text(update.get("datePublished")) or _ld_text(update.get("dateModified"))
    url = _ld_text(update.get("url")) or _ld_text(update.get("@id"))
    byline = ", ".join(_ld_names(update.get("author"))) or None
    return LiveUpdate(body, title=_ld_text(update.get("headline")), published=normalize_date(stamp) if stamp else None,
                      url=url if url and url.startswith(("http://", "https://")) else None, byline=byline)  # fmt: skip


def _ld_text(value: Any) -> str | None:
    """A JSON-LD value that should be text, stripped; None for anything else or blank."""
    return value.strip() or None if isinstance(value, str) else None


#: The end of an HTML block inside a live update's `articleBody`: a paragraph break in its text.
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote)\s*>|<br\s*/?>", re.IGNORECASE)


def live_update_articles(page: Article) -> list[Article]:
    """The updates of a live page (`Article.live_updates`) as articles of their own, earliest first:
    each dated by its own time (the page's last update otherwise), from the page's site, under its
    own address as id when it gives one, else the page's id with `#update-` and its time
    ('#update-2017-01-11T11:35:00Z'), or for an undated update a hash of its text: the same id
    whenever the page is crawled again, however many updates were added or taken down since. An
    index reads a live page so: a content farm that lifts the 11:35 update derives from that update,
    not from a page dated by its 16:45 one. Updates of fewer than `LIVE_UPDATE_MIN_WORDS` words
    ('Stay with us') are no articles and are left out."""
    # earliest first; undated ones after, in the reverse of the page's order (newest first on a page)
    order = sorted(range(len(page.live_updates)), key=lambda i: (page.live_updates[i].published or "\uffff", -i))
    articles: list[Article] = []
    taken: set[str] = set()
    for update in (page.live_updates[i] for i in order):
        if len(update.text.split()) < LIVE_UPDATE_MIN_WORDS:
            continue
        own = update.url if update.url and update.url != page.url else None
        digest = content_hash(update.text)[:12]
        mark = update.published or digest
        mark = mark if mark not in taken else f"{mark}-{digest}"  # two updates stamped alike
        taken.add(mark)
        where = f"{page.where or page.id}#update-{mark}"
        try:
            articles.append(from_text(update.text, where, id=own or f"{page.id or page.where}#update-{mark}",
                                      title=update.title or "", byline=update.byline or page.byline,
                                      published=update.published or page.published, site=page.site,
                                      url=own or page.url))  # fmt: skip
        except InputError:  # an update that is a picture's caption or a link alone
            continue
    return articles


def indexed_articles(page: Article) -> list[Article]:
    """The articles an index stores for one page read: a live page's updates
    (`live_update_articles`), else the page itself. `index add`, `batch` and the HTTP API's adds
    store pages so; `compare` and `query` read a page whole."""
    return (live_update_articles(page) if page.live_updates else []) or [page]


#: A live page's update shorter than this is furniture or a one-line note, not an article.
LIVE_UPDATE_MIN_WORDS = 25


def _json_ld_items(html: str) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of a page (its `@graph` and `mainEntity` members too, and a block wrapped
    as CDATA read inside it), skipping blocks that are no JSON."""
    for block in _JSON_LD.findall(html[:_JSON_LD_BYTES]):
        try:
            found = json.loads(_CDATA.sub("", block))
        except (ValueError, RecursionError):  # no JSON, or nested past reading: no metadata of it
            continue
        stack = [found]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity"))


#: The wrapping of a script some templates still write (`//<![CDATA[ ... //]]>`), which is no JSON.
_CDATA = re.compile(r"^\s*(?://\s*|/\*\s*)?<!\[CDATA\[|(?://\s*|/\*\s*)?\]\]>(?:\s*\*/)?\s*$")


def _types(item: dict[str, Any]) -> list[Any]:
    kind = item.get("@type")
    return kind if isinstance(kind, list) else [kind]


def _json_ld_authors(html: str) -> list[str]:
    """The authors a page's JSON-LD gives its article, people and organisations alike, in order:
    ['Mark Ellison', 'Associated Press']. Trafilatura reads people only, so a wire story credited
    to its agency alone had no byline, and one credited to a reporter and the agency lost the
    agency: what a licensing manager looks for."""
    if '"author"' not in html:
        return []
    for item in _json_ld_items(html):
        authors = item.get("author")
        if authors and any(str(t).endswith(("Article", "BlogPosting", "Posting")) for t in _types(item)):
            return _ld_names(authors)
    return []


def _ld_names(authors: Any) -> list[str]:
    """The names a JSON-LD `author` gives (one or a list, of objects with a `name` or plain
    names), stripped, each once, in order."""
    listed = authors if isinstance(authors, list) else [authors]
    names = [a.get("name") if isinstance(a, dict) else a for a in listed]
    return list(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))


def _with_agencies(byline: str | None, authors: list[str]) -> str | None:
    """`byline` with the JSON-LD `authors` it lacks (an agency credited beside the reporter), or
    those authors when the page gave none ('Mark Ellison' -> 'Mark Ellison, Associated Press')."""
    missing = [a for a in authors if a.lower() not in (byline or "").lower()]
    if not missing:
        return byline
    return ", ".join([byline, *missing] if byline else missing)


_JSON_LD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_JSON_LD_BYTES = 2_000_000


def _markup_date(html: str, url: str | None, where: str) -> str | None:
    """The page's date from its markup and address alone (meta tags, JSON-LD, `<time>`, elements
    marked as dates, the URL; the markup before the URL, which states no time): htmldate, read on
    the page with every other element's text removed. Its fast mode still takes a date from the
    text ('This article was printed from ... on 13/09/2016', 'Page generated 21/03/2019',
    'Comments closed on 02/08/2016'), and a date that is not the publication's decides origins."""
    from htmldate import find_date

    if (tree := _page_tree(html)) is None:
        return None
    # a <time> stating its `datetime` is read by that attribute: its text may drop the time ('Tue 28 Feb 2017')
    dated = [
        el for el in tree.iter()
        if isinstance(el.tag, str) and _DATED.search(_element_names(el))
        and not (el.tag == "time" and el.get("datetime"))
    ]  # fmt: skip
    ambiguous = [text for el in dated if (text := _in_words_of_order(el))]
    ambiguous += [text for el in tree.iter("meta") if (text := _meta_in_order(el))]
    kept = {inner for el in dated for inner in el.iter()}  # their text and their elements'
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("head", "title", "meta", "script"):
            continue
        if el not in kept:
            el.text = None
        if el.getparent() not in kept:
            el.tail = None
    try:
        found = find_date(
            tree, extensive_search=False, original_date=True, outputformat=_PAGE_TIME, url=url,
            min_date=_EARLIEST_PAGE_DATE, max_date=_LATEST_PAGE_DATE, deferred_url_extractor=True,
        )  # fmt: skip
    except Exception:  # htmldate on odd markup: no date rather than no article
        found = None
    if not found and ambiguous:
        log.warning("%s: %r: day and month could be either way round; read as undated", where, ambiguous[0])
    return _page_date(found) if found else _labelled_date(_page_tree(html), where)  # the page's text, whole


def _in_words_of_order(el: Any) -> str | None:
    """A dated element's numeric day rewritten in ISO, which htmldate reads as written: it reads
    '12/03/2026' day first, though a US page means 3 December, and drops '12/13/2026'. An order
    that is a guess (`_numeric_day`) is taken out of the element; returns that text, else None."""
    text = el.text_content()
    found = _NUMERIC_DAY.search(text)
    if not found:
        return None
    day = _numeric_day(found.group())
    for child in list(el):
        el.remove(child)
    el.text = text[: found.start()] + (day or "") + text[found.end() :]
    return None if day else " ".join(text.split())


def _meta_in_order(el: Any) -> str | None:
    """A meta tag's numeric day, as `_in_words_of_order` reads an element's ('<meta name="date"
    content="03/12/2005">': htmldate reads it day first, a US page means 12 March): rewritten in
    ISO when its order is no guess, else taken out; returns the content taken out, else None."""
    content = (el.get("content") or "").strip()
    found = _NUMERIC_DAY.match(content)
    if not found or found.start() != 0:
        return None
    if day := _numeric_day(found.group()):
        el.set("content", day + content[found.end() :].replace(" ", "T", 1) if content[found.end() :] else day)
        return None
    del el.attrib["content"]
    return content


def _labelled_date(tree: Any, where: str) -> str | None:
    """The first date a page's element states as its publication's, in a short line of its own
    (`labelled_date`); None for any other date of the text."""
    return next((day for line in _short_lines(tree) if (day := labelled_date(line, where))), None)


def labelled_date(line: str, where: str = "<text>") -> str | None:
    """The day a short line states as its page's publication: 'Published: 12 September 2016',
    'Posted: 14/06/2017', 'By Jane Smith | 3 March 2016, 14:05 GMT' (read by htmldate); None
    for any other line, such as 'Last updated ...'."""
    from htmldate import find_date

    line = " ".join(line.split())
    found = _LABELLED.match(line) if len(line) <= _LABELLED_LINE else None
    if not found:
        return None
    # the publication's date, not the update's after a bar ('Published 08:10 GMT, 27 December 2004 |
    # Last updated 12:45 GMT')
    day = _STAMP_BAR.split(found.group("date"), maxsplit=1)[0].rstrip(".")
    if stated := normalize_date(day):
        return stated  # with its clock time and zone when it states them ('Dec 2, 2026 9:00 PM EST')
    if (numeric := _NUMERIC_DAY.search(day)) and not _numeric_day(numeric.group()):
        log.warning("%s: %r: day and month could be either way round; read as undated", where, line)
        return None  # htmldate reads it day first: a US page's '12/03/2026' would be 12 March
    snippet = f"<html><body><p class='date'>{html_escape(day)}</p></body></html>"
    try:
        return find_date(
            snippet, extensive_search=False, original_date=True, min_date=_EARLIEST_PAGE_DATE,
            max_date=_LATEST_PAGE_DATE,
        )  # fmt: skip
    except Exception:  # htmldate on an odd string: no date
        return None


def _visible_byline(html: str) -> str | None:
    """The byline a page states only in its text, in a short element of its own ('By Jane Q.
    Smith, Staff Writer | March 3, 2024'), which trafilatura drops with the page's chrome when
    no markup names it the author's; in the page's own `<article>` if it has one, so that a
    related story's byline is not taken for the page's."""
    if (tree := _page_tree(html)) is None:
        return None
    articles = list(tree.iter("article"))
    scope = articles[0] if len(articles) == 1 else tree
    lines = _short_lines(scope)
    return next((name for line in lines if len(line) <= _LABELLED_LINE and (name := byline_of(line))), None)


#: Elements that hold a page's short lines of their own: its byline, its 'Published: ...'.
_SHORT_ELEMENTS = ("p", "div", "span", "i", "em", "small", "li", "dd", "header", "address")


def _short_lines(scope: Any) -> Iterator[str]:
    """The text of each element of `scope` that may hold a short line of its own, each of its lines
    first where `<br>` breaks it ('By Bill Thompson<br>Published 3 March 2024': the element's text
    ran the two together, 'By Bill ThompsonPublished ...', and gave neither byline nor date)."""
    for el in scope.iter(*_SHORT_ELEMENTS):
        breaks = list(el.iter("br"))
        if not breaks:
            yield el.text_content()
            continue
        for br in breaks:  # marked for this reading, then as they were: the tree is read again after
            br.tail = _BREAK + (br.tail or "")
        text = el.text_content()
        for br in breaks:
            br.tail = br.tail[len(_BREAK) :] or None
        yield from (line for line in text.split(_BREAK) if line.strip())
        yield text.replace(_BREAK, " ")


#: What a `<br>` reads as in `_short_lines`: a character no page's text holds between two lines.
_BREAK = "\u2028"


#: A line stating when the page was published ('Published: ...', 'Posted on ...', 'By NAME | DATE').
_LABELLED = re.compile(
    # a byline's date after a bar, a bullet or a dash between spaces ('By Tom O'Reilly – 20 January 2005')
    r"(?:(?:first\s+)?(?:published|posted)(?:\s+on)?\s*:?|(?:by|por|par|von|di)\s+[^|•·]{2,60}?(?:\||•|·|\s[–—-]\s)"
    # the same in other languages ('Publicado: 17/06/2025', 'Publié le 17/06/2025', 'Von Anna Weber | 17.06.2025')
    r"|(?:publicado(?:\s+(?:el|em))?|publié(?:\s+le)?|veröffentlicht(?:\s+am)?|pubblicato(?:\s+il)?)\s*:?"
    r")\s*(?P<date>.{6,60})$",
    re.IGNORECASE,
)
_LABELLED_LINE = 120
#: A bar or bullet between spaces, after which a stamp line goes on to something else.
_STAMP_BAR = re.compile(r"\s+[|•·]\s+")


#: Elements whose text may state the page's date: `<time>`, `<abbr>` (htmldate reads both), and those
#: whose class, id or itemprop says date, time or published.
_DATED = re.compile(r"^(?:time|abbr)\b|date|time|publish", re.IGNORECASE)


def _element_names(el: Any) -> str:
    return " ".join([el.tag, el.get("class") or "", el.get("id") or "", el.get("itemprop") or ""])


def _page_date(value: str | None) -> str | None:
    """The date htmldate read in `_PAGE_TIME`: a day alone comes back as that day's midnight
    without a zone, which is no time at all."""
    if value and value.endswith("T00:00:00"):
        return value[:10]
    return value


#: The names news dumps give the fields a record is read by, each field taken from the first name
#: given (not blank): ours first, then news-please's and Common Crawl News' (`maintext`,
#: `date_publish`, `source_domain`, `authors`), newspaper3k's (`publish_date`), trafilatura's JSON
#: (`source` its address, `source-hostname` its site's name), Hugging Face's cc_news (`domain`),
#: NewsAPI's (`publishedAt`, `source` as `{id, name}`), schema.org's (`headline`, `articleBody`,
#: `datePublished`), the 'All the News' corpus' (`content`, `publication`) and a feed's (`link`,
#: `pubDate`). A record giving our `text` or `html` is read by it: the other names of the article's
#: text are not read then (a dump's `content` beside its page may be a teaser).
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "html": ("html", "raw_html", "html_content", "content_html"),
    "text": ("text", "maintext", "articleBody", "article_text", "content", "body", "article"),
    "title": ("title", "headline"),
    "byline": ("byline", "author", "authors", "creator"),
    "published": (
        "published", "date", "date_publish", "publish_date", "published_at", "publishedAt", "datePublished",
        "date_published", "pubDate",
    ),
    "site": (
        "site", "source-hostname", "sitename", "source_domain", "domain", "hostname", "publication", "publisher",
        "source",
    ),
    "url": ("url", "link", "source"),
}
#: The fields a dump's own names may be given for (`fields_named`, `--field FIELD=NAME`).
MAPPABLE_FIELDS = ("id", *RECORD_FIELDS)
#: The names a dump gives its fields, as the caller said (`fields_named`): field -> the dump's name.
_FIELDS: ContextVar[Mapping[str, str] | None] = ContextVar("wiretrace_fields", default=None)
#: Of those names, the ones a record read under them gave, and "" once any record was read (`fields_named`).
_GIVEN: ContextVar[set[str] | None] = ContextVar("wiretrace_fields_given", default=None)


def field_map(given: Iterable[str]) -> dict[str, str]:
    """`FIELD=NAME` settings (`--field text=body_text`) as a mapping of field to the dump's name.

    Raises:
        ConfigError: no '=', a field wiretrace does not read, an empty name, or a field given twice.
    """
    fields: dict[str, str] = {}
    for setting in given:
        field, equals, name = setting.partition("=")
        field, name = field.strip().lower(), name.strip()
        if not equals or not name:
            raise ConfigError(f"--field {setting!r}: give FIELD=NAME, the field and the name your records give it "
                              "(--field text=body_text)")  # fmt: skip
        if field in fields and fields[field] != name:
            raise ConfigError(f"--field {field}= given twice ({fields[field]!r} and {name!r}): give one name")
        fields[field] = name
    return checked_fields(fields)


def checked_fields(fields: Mapping[str, str] | None) -> dict[str, str]:
    """`fields` (field -> the dump's name for it) checked: every field one wiretrace reads, every name text.

    Raises:
        ConfigError: another field, or a name that is not non-empty text.
    """
    out: dict[str, str] = {}
    for field, name in (fields or {}).items():
        key = field.strip().lower() if isinstance(field, str) else field
        if key not in MAPPABLE_FIELDS:
            raise ConfigError(f"no field {field!r} to name: records give {', '.join(MAPPABLE_FIELDS)}")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"the name given for the field {key!r} must be non-empty text, not {name!r}")
        if key in out and out[key] != name.strip():
            raise ConfigError(f"the field {key!r} is named twice ({out[key]!r} and {name.strip()!r}): give one name")
        out[key] = name.strip()
    return out


@contextlib.contextmanager
def fields_named(fields: Mapping[str, str] | None, given: set[str] | None = None) -> Iterator[None]:
    """Within it, records (JSON, JSON Lines, CSV/TSV, Parquet) give each field of `fields` under the
    name it maps it to, and under that name alone: `{"text": "body_text"}` reads the article's
    text from `body_text` and from no other field (not `text`, not `html`, not `content`). For a
    dump whose names wiretrace does not know; the names it knows (`RECORD_FIELDS`) still read the
    other fields. `given` gathers the names a record read meanwhile gave (and "", once one is read)."""
    token, noted = _FIELDS.set(checked_fields(fields) or None), _GIVEN.set(given)
    try:
        yield
    finally:
        _GIVEN.reset(noted)
        _FIELDS.reset(token)


def named_fields() -> Mapping[str, str]:
    """The names records give their fields, as set by `fields_named` (empty: the names known)."""
    return _FIELDS.get() or {}


#: The longest title, byline, date or site a record may give, in characters: longer is no such field.
MAX_META_CHARS = 10_000
#: How a news API ends the part of an article it gives ('... [+1595 chars]'): the text is a snippet.
_SNIPPET_END = re.compile(r"\[\+\d+ char(?:acter)?s\]\s*$")
#: Names of a site that are its host ('www.bbc.co.uk'): read as a record's address names its site.
_HOST_NAMES = frozenset({"source_domain", "domain", "hostname"})
#: A text field under another name that holds a page's markup (a CMS export's `body`): read as HTML.
_MARKUP = re.compile(
    r"</(?:p|div|span|a|em|strong|b|i|u|li|ul|ol|h[1-6]|article|section|body|html|blockquote|figure|table|td)>"
    r"|<br\s*/?>",
    re.IGNORECASE,
)
#: An address, as `source` gives one (trafilatura) where other dumps name a site by it.
_ADDRESS = re.compile(r"https?://\S+$", re.IGNORECASE)


def _given(value: Any) -> bool:
    """Whether a record gives a field this value: not None, blank, empty or zero."""
    return bool(value) and not (isinstance(value, str) and not value.strip())


def _fits(field: str, name: str, value: Any) -> bool:
    """Whether another name's `value` can be `field`: an address for `url` (trafilatura's `source`
    is one, NewsAPI's an outlet), an outlet's name or `{name}` for `site` (not an address)."""
    if field == "url":
        return isinstance(value, str) and (name == "link" or bool(_ADDRESS.match(value.strip())))
    if field == "site" and name == "source":
        return isinstance(value, dict) or (isinstance(value, str) and not _ADDRESS.match(value.strip()))
    return True


def known_fields(record: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """`record` with each field of `RECORD_FIELDS` it gives under another name under its own, and the
    name each field was given under (for errors, which name the dump's own field). Another name's
    text holding markup fills `html` instead, when the record gives none; none of the other names of
    the article's text is read when the record gives our `text` or `html`. A field the caller names
    (`fields_named`) is read from that name alone; a text so named is as our `text` (a page beside
    it, `html`, is read for what it lacks), a page so named as our `html` (no text beside it is read)."""
    out, named = dict(record), {}
    given = named_fields()  # the caller's names (`fields_named`): those fields are read by them alone
    noted = _GIVEN.get() if given else None
    for field, name in given.items():
        out.pop(field, None)
        if name in record:
            out[field], named[field] = record[name], name
    if noted is not None:
        noted.update(("", *named.values()))
    if "html" in given and "text" not in given:
        out.pop("text", None)  # the page named is the article: no text beside it (a teaser?) is read
    ours = "text" in given or "html" in given or _given(record.get("text")) or _given(record.get("html"))
    for field, names in RECORD_FIELDS.items():
        if field in given or (field == "text" and "html" in given):
            continue
        for name in names:
            value = record.get(name)
            if not _given(value):
                continue
            if name == field:
                named[field] = name
                break
            if (ours and field in ("text", "html")) or not _fits(field, name, value):
                continue
            into = "html" if field == "text" and isinstance(value, str) and _MARKUP.search(value) else field
            if into not in named:  # a page given as html (read first) is read, not this second reading of it
                out[into] = value
                named[into] = name
            break
    text = out.get("text")
    if "text" in given and "html" not in named and isinstance(text, str) and _MARKUP.search(text):
        out["html"], named["html"] = out.pop("text"), named.pop("text")  # a page's markup, as under the names known
    return out, named


def from_record(record: dict[str, Any], where: str = "<record>") -> Article:
    """Extract an article from a JSON object with `text` or `html` (or another name a news dump
    gives them, `RECORD_FIELDS`) and optional metadata."""
    original, (record, named) = record, known_fields(record)
    meta = {
        "title": record.get("title"),
        "byline": record.get("byline"),
        "published": record.get("published"),
        "site": _named_site(record, named),  # by the name the dump gave it (a host read as a host)
    }
    given = stamp = meta["published"]
    if isinstance(given, str) and _EPOCH_TEXT.fullmatch(given.strip()):  # a Unix time a dump wrote as text
        stamp = int(given)
    if (moment := epoch_date(stamp)) is not None:
        meta["published"] = moment
    meta = {k: _meta_text(v) for k, v in meta.items()}
    for key, value in meta.items():
        if value is not None and len(value) > MAX_META_CHARS:  # a dump's column shifted, or a blob
            raise InputError(where, f"the record's {named.get(key, key)!r} is too long for a {key} "
                             f"({len(value):,} characters; the limit is {MAX_META_CHARS:,})")  # fmt: skip
    meta["id"] = record_id(record.get("id"), where, named.get("id", "id"))
    # a dump's address without the parameters that track a reader, as a crawl's: one page, one id
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        raise InputError(where, f"the record's {named.get('url', 'url')!r} must be an address as text, not {url!r:.80}")
    url = without_tracking(url) if url and url.strip() else None  # a blank field or cell: no address
    if meta["id"] is None and url is not None:
        meta["id"] = str(url)
    if where == "<record>" and meta["id"]:  # errors name the record by its id when the caller gave no place
        where = meta["id"]
    if isinstance(given, list | tuple | dict):  # '["2020-01-01"]' had been read as its one date
        field = named.get("published", "published")
        raise InputError(where, f"the record's {field!r} must be a date as text or a Unix time, not {given!r}")
    if meta["published"] is not None and meta["published"].strip().lower() in _NO_DATE:
        meta["published"] = None  # a dump's placeholder for no date ('N/A', 'null')
    if meta["published"] is not None:
        meta["published"] = _record_date(meta["published"], given, where, named.get("published", "published"))
        if meta["published"][:4] < "1000":  # a zero time ('0001-01-01T00:00:00Z', Go's and .NET's): none
            meta["published"] = None
    for key in ("html", "text"):
        value = record.get(key)
        if isinstance(value, str | bytes | bytearray) and len(value) > MAX_BYTES // 4:
            size = len(value.encode("utf-8", "replace")) if isinstance(value, str) else len(value)
            if size > MAX_BYTES:  # a page this size is a dump or a blob, and would exhaust memory
                field = named.get(key, key)
                raise InputError(where, f"the record's {field!r} field is too large ({size / 1e6:.1f} MB; "
                                 f"the limit is {MAX_BYTES / 1e6:.0f} MB)")  # fmt: skip
    has_text = isinstance(record.get("text"), str) and record["text"].strip()
    if isinstance(record.get("html"), str) and record["html"].strip():
        if not has_text:
            return from_html(record["html"], where, url=url, **meta)
        meta = _page_meta(record["html"], where, url, meta)
    if has_text:
        if cut := _SNIPPET_END.search(record["text"][-60:]):  # NewsAPI's 'content': the first 200 characters
            raise InputError(where, f"the record's {named.get('text', 'text')!r} is a snippet cut short "
                             f"({cut.group().strip()!r} ends it), not the article")  # fmt: skip
        article = from_text(record["text"], where, url=url, **meta)
        if isinstance(record.get("html"), str):  # read by its text, credited by its page's canonical link
            article.dropped_chrome += canonical_chrome(record["html"], url, meta.get("site"))
        return article
    binary = next((k for k in ("html", "text") if isinstance(record.get(k), bytes | bytearray)), None)
    if binary:
        field = named.get(binary, binary)
        raise InputError(where, f"the record's {field!r} field holds bytes that are not UTF-8 text")
    for key in ("html", "text"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            kind = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "an object"}
            raise InputError(where, f"the record's {named.get(key, key)!r} field must be text, "
                             f"not {kind.get(type(value), 'a value')}")  # fmt: skip
    texts = {*RECORD_FIELDS["text"], *RECORD_FIELDS["html"]}
    lists = [k for k, v in record.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
             and any(texts & x.keys() for x in v)]  # fmt: skip
    if lists:  # an API's answer holding its articles ('{"status": "ok", "articles": [...]}'), not authors
        raise InputError(where, f"an object holding records in its {lists[0]!r} field, not one: give those "
                         f"(jq -c '.{lists[0]}[]')")  # fmt: skip
    # a Parquet row has every column; a text of spaces alone holds no value either (a batch review)
    given = [k for k, v in original.items() if v is not None and not (isinstance(v, str) and not v.strip())]
    fields = ", ".join(repr(str(k)) for k in given[:12]) + (", ..." if len(given) > 12 else "") or "none"
    if body := {f: n for f, n in named_fields().items() if f in ("text", "html")}:
        said = " or ".join(f"{n!r} (--field {f}={n})" for f, n in body.items())
        raise InputError(where, f"record has no non-empty {said}; its fields with a value: {fields}")
    raise InputError(where, f"record has no non-empty 'text' or 'html' field, nor one named as other dumps name "
                     f"them ('maintext', 'content', 'body', ...; --field text=NAME reads another); its fields "
                     f"with a value: {fields}")  # fmt: skip


def _page_meta(html: str, where: str, url: str | None, meta: dict[str, Any]) -> dict[str, Any]:
    """`meta` completed from a record's page (title, byline, date, site) where the record gives none:
    a dump holding both its extracted `text` and the raw `html` is read by its text, the producer's
    own extraction, and a page with no article in it loses nothing."""
    if all(meta.get(k) for k in ("title", "byline", "published", "site")):
        return meta
    try:
        page = from_html(html, where, url=url)
    except InputError:
        return meta
    found = {"title": page.title, "byline": page.byline, "published": page.published, "site": page.site}
    return {k: v if v or k not in found else found[k] for k, v in meta.items()}


def _record_date(value: str, given: Any, where: str, field: str) -> str:
    """A record's date as stored (`publication_date`); `field` the name the record gives it under.

    Raises:
        InputError: no date wiretrace reads, or one after today: read as undated, the record's link
            to a dated copy of it would run from that copy, so it is refused rather than guessed.
    """
    try:
        return publication_date(value)
    except ValueError as why:
        raise InputError(where, f"the record's {field!r} {why}: {given!r}") from None


def publication_date(value: str) -> str:
    """A stated publication date as stored (`normalize_date`), read alike wherever one is given (a
    record's field, the HTTP API's and the Search form's, `query --published`): a day stated with a
    time that is no time ('31-MAR-1987 605:12:19.12', a Reuters-21578 stamp) is that day.

    Raises:
        ValueError: why it is refused, to follow its name: no date read, or one after today.
    """
    day = normalize_date(value)
    if day is None and (stamped := _DAY_THEN_TIME.fullmatch(value.strip())):
        day = normalize_date(stamped.group(1))
    if day is None:
        raise ValueError("is not a date wiretrace reads (no such day, or its order a guess, as in 03/04/2016; write "
                         "2016-03-01 or 2016-03-01T09:00:00Z, or leave it out)")  # fmt: skip
    if future_date(day):
        raise ValueError("is after today (correct it, or leave it out)")
    return day


#: A day, then what a time stood in, in figures (a clock with too many hours or minutes, a zone
#: past 24 hours): the day is read when the time is no time; not after words ('2020-01-01 garbage').
_DAY_THEN_TIME = re.compile(r"(\S+)[T ]\d[\d:.,]*(?:\s*(?:Z|UTC|GMT|[+-]\d\d:?\d\d))?", re.IGNORECASE)
#: A dump's placeholders for no date: read as none given.
_NO_DATE = frozenset({"", "none", "null", "nan", "nat", "n/a", "na", "-", "unknown", "undated"})
#: A Unix time in seconds or milliseconds written as text ('1456833600'), as some dumps write it.
_EPOCH_TEXT = re.compile(r"\d{10}|\d{13}")


def epoch_date(value: Any) -> str | None:
    """A record's date given as a Unix time, in seconds or milliseconds (a number, as JSON dumps and
    Parquet integer columns hold them), in UTC; None for anything else. A number of 10^11 or more
    is milliseconds: in seconds it would be after the year 5000. Eight digits that make a day are
    that day (20260312), and a number under 10^8 (before 1973) is no date."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if isinstance(value, int) and 10_000_000 <= value <= 99_999_999:
        try:
            return dt.datetime.strptime(str(value), "%Y%m%d").date().isoformat()
        except ValueError:
            return None
    if abs(value) < 1e8:
        return None
    seconds = value / 1000 if abs(value) >= 1e11 else value
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def record_site(record: dict[str, Any]) -> str | None:
    """The site a record names (`site`, or another name of `RECORD_FIELDS`), as text: a publisher
    given as an object ('{"@type": "Organization", "name": "Example News"}', as schema.org and
    NewsAPI write one) by its name, a host ('www.bbc.co.uk') as an address's host names its site
    ('bbc.co.uk'); None when it names none (its address's host stands in then)."""
    return _named_site(*known_fields(record))


def _named_site(known: dict[str, Any], named: dict[str, str]) -> str | None:
    """`record_site` of a record's `known_fields`."""
    site = _meta_text(known.get("site"))
    if site and named.get("site") in _HOST_NAMES:
        site = site.lower().removeprefix("www.")
    return site


def _meta_text(value: Any) -> str | None:
    """A record's metadata value as text: a list of names joined ('A. Writer, B. Writer', not its
    Python form), a person or outlet given as an object (schema.org's `{"@type": "Person", "name":
    ...}`) by its name, blank as none (an empty Parquet title hid the headline the text opens with)."""
    if isinstance(value, dict):
        value = value.get("name") if isinstance(value.get("name"), str) else None
    if isinstance(value, list | tuple):
        names = (v.get("name") if isinstance(v, dict) else v for v in value)
        value = ", ".join(str(v) for v in names if v is not None and str(v).strip())
    text = str(value).strip() if value is not None else ""
    return text or None


def record_id(value: Any, where: str, name: str = "id") -> str | None:
    """A record's `id` as the index keeps it: text as given, a number in its shortest form (7.0
    is '7', as a Parquet float column gives it; a Parquet decimal likewise), None when absent,
    blank or no finite number (NaN is a float column's missing value; the `url`, else the record's
    place, names the article then).

    Raises:
        InputError: true or false, a list or an object: no id a dump would join on.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | complex) or not isinstance(value, numbers.Number):  # Parquet decimals are numbers
        kind = "true or false" if isinstance(value, bool) else "a list" if isinstance(value, list) else "an object"
        raise InputError(where, f"the record's {name!r} must be text or a number, not {kind}")
    if isinstance(value, int):
        return str(value)
    number: Any = value
    if not math.isfinite(number):  # NaN: a missing value in a float column, no id
        return None
    return str(int(number)) if number == int(number) else str(number)


def _build(
    body: str, where: str, dropped: list[DroppedChrome] | None = None, lede: bool = False, **meta: Any
) -> Article:
    """The article of `body`: chrome inside sentences (`chrome.cut_inline_chrome`) and chrome
    sentences cut out, sentences segmented (`lede`: the body opens with its first sentence, its
    headline given apart; see `text.segment`)."""
    if unknown := sorted(set(meta) - set(_META)):  # a misspelt field ('publised') would be lost unseen
        raise TypeError(f"unknown article field {', '.join(map(repr, unknown))}: give {', '.join(_META)}")
    dropped = list(dropped or [])
    body, inline = cut_inline_chrome(body)
    if inline:
        body = clean_body(body)
        dropped.extend(inline)
    if (recased := sentence_case(body, lede)) is not None:
        # a note, not a warning: old wires and tables are set in capitals as often as a farm's rewrite
        log.info("%s: written in capitals alone; read in small letters, a capital opening each sentence", where)
        body = recased
    sentences = segment(body, lede)
    chrome = [(s, reason) for s in sentences if (reason := is_chrome_sentence(s.text))]
    if chrome:  # cut chrome sentences out of the body, then segment the rest again
        pieces, pos = [], 0
        for s, reason in chrome:
            pieces.append(body[pos : s.start])
            pos = s.end
            dropped.append(DroppedChrome(s.text, reason))
        body = clean_body("".join(pieces) + body[pos:])
        sentences = segment(body, lede)
    if not sentences:
        raise InputError(where, "no article text (nothing but page chrome or punctuation)")
    if len(sentences) > MAX_SENTENCES:
        raise InputError(where, f"too long for an article: {len(sentences):,} sentences (at most {MAX_SENTENCES:,}; "
                         "split it into articles)")  # fmt: skip
    for field in ("title", "byline", "site"):  # cleaned as the text is
        if isinstance(meta.get(field), str):
            meta[field] = clean_line(meta[field]) or None
    if isinstance(meta.get("byline"), str):  # from any source: a feed's 'By Content Team', a record's field
        meta["byline"] = readable_byline(meta["byline"]) or None
    if meta.get("published") is not None:
        given = str(meta["published"])
        meta["published"] = normalize_date(given)
        if meta["published"] is None:
            log.warning("%s: published %r is not a date; the article is read as undated", where, given)
        elif future_date(meta["published"]):
            log.warning("%s: published %r is after today; the article is read as undated", where, given)
            meta["published"] = None
    return Article(
        text=body,
        sentences=sentences,
        dropped_chrome=dropped,
        where=where,
        **{k: v for k, v in meta.items() if k in _META},
    )


_META = ("title", "byline", "published", "site", "url", "id")


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")
#: Dates as archives write them with the month in words, day first or month first (never
#: 01/02/2016, whose order is a guess): '2-MAR-1987 09:54:01.45' (Reuters-21578), '5 January
#: 2016', 'January 5, 2016'.
_WRITTEN_DATES = (
    "%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
)  # fmt: skip


def _written_date(text: str) -> str | None:
    """`_WRITTEN_DATES` read as ISO (a date alone when the form has no time); what trails the date
    in an archive's field (Reuters-21578: '27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM') is ignored."""
    text = _DATE_TAIL.split(text, maxsplit=1)[0].strip()
    for form in _WRITTEN_DATES:
        try:
            when = dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return when.isoformat(timespec="seconds") if "%H" in form else when.date().isoformat()
    return None


_DATE_TAIL = re.compile(r"[^A-Za-z0-9 ,:.-]")


#: A time of day after a date ('T09:30', ' 09:30'): without one, an ISO date is a day, not its midnight.
_HAS_TIME = re.compile(r"\d[T ]\d|:")
#: An ISO datetime followed by the name of UTC.
_NAMED_UTC = re.compile(r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:UTC|GMT|Z)", re.IGNORECASE)


def normalize_date(value: str) -> str | None:
    """`value` as an ISO 8601 date or UTC datetime, the form dates are compared in (as text);
    None when it is not a date. Reads ISO dates and datetimes (a zone is converted to UTC, 'Z'),
    a bare year or month, RFC 2822 dates as feeds and e-mail write them ('Tue, 05 Jan 2016
    10:00:00 GMT'), a few forms with the month in words (`_WRITTEN_DATES`), a clock time with its
    half of the day and zone ('Dec 3, 2026 9:00 PM EST', `_clock_date`) and days in numbers whose
    order is no guess (`_numeric_day`). Dates that do not exist ('2015-02-30') are not dates.

    Example:
        >>> normalize_date("Tue, 05 Jan 2016 10:00:00 GMT"), normalize_date("2016-01-05T11:00:00+01:00")
        ('2016-01-05T10:00:00Z', '2016-01-05T10:00:00Z')
    """
    text = value.strip()
    found = _date_of(text)
    if found is None and (reordered := _day_then_time(text)) != text:
        found = _date_of(reordered)
    return found


def _day_then_time(text: str) -> str:
    """A date written time first or with commas between its parts ('12:45 GMT, 27 December 2004',
    'Monday, 27 December, 2004, 12:45 GMT', as BBC pages stamp their versions) as day then time
    ('27 December 2004 12:45 GMT'), the order the readers below take."""
    if first := _TIME_FIRST.fullmatch(text):
        text = f"{first.group('rest')} {first.group('time')}"
    return _DATE_COMMAS.sub(" ", text)


#: A clock time, with its half of the day and zone, before the day it is of.
_TIME_FIRST = re.compile(
    r"(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)\s*,?\s+(?P<rest>.*\d{4})",
    re.IGNORECASE,
)
#: A comma between a month and its year, or between the year and the time after it.
_DATE_COMMAS = re.compile(r"(?<=[a-z]),\s*(?=\d{4}\b)|(?<=\d{4}),\s*(?=\d{1,2}[:.]\d{2})", re.IGNORECASE)


def _date_of(text: str) -> str | None:
    """`normalize_date` of `text` as written."""
    if year_first := _YEAR_FIRST.fullmatch(text):  # '2016-3-1', '2016/03/01 09:00': ISO order, unpadded
        year, month, day, rest = year_first.group("year", "month", "day", "rest")
        text = f"{year}-{int(month):02d}-{int(day):02d}{rest or ''}"
    partial = _PARTIAL_DATE.fullmatch(text)
    if partial:
        return text if partial.group(2) is None or 1 <= int(partial.group(2)) <= 12 else None
    if named_utc := _NAMED_UTC.fullmatch(text):  # '2005-03-12 09:30:00 UTC', as BigQuery exports write it
        text = named_utc.group(1) + "+00:00"
    when: dt.datetime | None = None
    try:
        if not _HAS_TIME.search(text):  # a day in any ISO form ('20050312', '2005-W10-6') stays a day
            return dt.date.fromisoformat(text).isoformat()
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        if _ISO_MOMENT.fullmatch(text):  # an ISO time that is none ('T10:00:00+25:00'): not read as a clock
            return None
        if clock := _CLOCK.search(text):
            return _clock_date(text[: clock.start()], clock)
        return _numeric_day(text) or _written_date(text) or _mail_date(text)
    return _iso_moment(when)


#: An ISO 8601 date and time with a zone as numbers ('2020-01-01T10:00:00+02:00').
_ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?[+-]\d\d:?\d\d")


def _mail_date(text: str) -> str | None:
    """A date as RFC 2822 writes it that `_CLOCK` does not end on ('... +0000 (UTC)'); not one
    with a half of the day, which its parser drops ('2:00 PM' is not 02:00)."""
    if _HALF_DAY.search(text):
        return None
    try:
        return _iso_moment(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


_HALF_DAY = re.compile(r"\d\s*[ap]\.?\s?m\b", re.IGNORECASE)


def future_date(published: str, now: dt.datetime | None = None) -> bool:
    """Whether a normalised date (`normalize_date`) opens more than a day after `now` (the clock's
    UTC time): no publication date, but a typo ('2062' for '2026') or a scheduled page, which would
    make an article published later the origin of its story. A day's leeway keeps the dates of
    sites whose today is ahead of UTC's (Tokyo's 4 December begins at 15:00 UTC on the 3rd)."""
    latest = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None) + dt.timedelta(days=1)
    opening = published.removesuffix("Z")
    if len(opening) < 10:  # a year or a month: its first day
        opening = (opening + "-01-01")[:10]
    try:
        return dt.datetime.fromisoformat(opening) > latest
    except ValueError:
        return False


def _iso_moment(when: dt.datetime) -> str | None:
    """A datetime as dates are compared: UTC ending in 'Z' when it states a zone, else as written;
    None for one whose UTC time falls outside the years 1 to 9999 ('0001-01-01T00:00:00+14:00')."""
    if when.tzinfo is None:
        return when.isoformat(timespec="seconds")
    try:
        return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OverflowError:
        return None


#: A clock time ending a written date, with its half of the day and its zone: '2:00 PM', '9:00 p.m.
#: EST', '14:05 GMT', '09:00:00 -0500', '8:30 am ET', '10:00 (UTC+05:30)'.
_CLOCK = re.compile(
    r"(?:^|[\s,T]+)(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<half>[ap]\.?\s?m\b\.?)?"
    r"\s*\(?(?P<zone>[A-Za-z]{1,5}(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})?\)?\s*$",
    re.IGNORECASE,
)
#: Zones written as a name, and their offsets from UTC in minutes (RFC 2822's, and those news pages
#: write); 'ET', 'CT', 'MT' and 'PT' follow US daylight saving (`_REGIONS`). Names that stand for
#: several zones ('IST': India, Ireland or Israel) are not here: such a time is read without a zone.
_ZONES = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "WEST": 60, "CET": 60, "WAT": 60, "CEST": 120,
    "EET": 120, "SAST": 120, "EEST": 180, "MSK": 180, "EAT": 180, "PKT": 300, "WIB": 420, "HKT": 480,
    "SGT": 480, "AWST": 480, "PHT": 480, "JST": 540, "KST": 540, "ACST": 570, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "BRT": -180, "ART": -180,
}  # fmt: skip
_REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}
_OFFSET = re.compile(r"(?:UTC|GMT|UT)?\s?([+-])(\d{1,2}):?(\d{2})?", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)


def _clock_date(day_text: str, clock: re.Match[str]) -> str | None:
    """A written date with its clock time (`_CLOCK`): the moment in UTC when the zone is known,
    else the local time as written; None when the day cannot be read or the time does not exist
    ('13:00 PM'). RFC 2822's parser took '2:00 PM' for 02:00 and dropped the zone after it."""
    day = _day_of(day_text)
    hour, minute, second = int(clock["hour"]), int(clock["minute"]), int(clock["second"] or 0)
    if half := clock["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half[0] in "pP" else 0)
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None
    when = dt.datetime.combine(day, dt.time(hour, minute, second))
    zone = (clock["zone"] or "").upper()
    if not zone:
        return when.isoformat(timespec="seconds")
    if zone in _ZONES:
        return _iso_moment(when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=_ZONES[zone]))))
    if zone in _REGIONS:
        from zoneinfo import ZoneInfo

        return _iso_moment(when.replace(tzinfo=ZoneInfo(_REGIONS[zone])))
    if offset := _OFFSET.fullmatch(zone):
        sign = -1 if offset[1] == "-" else 1
        minutes = int(offset[2]) * 60 + int(offset[3] or 0)
        if minutes <= 14 * 60:
            return _iso_moment(when.replace(tzinfo=dt.timezone(sign * dt.timedelta(minutes=minutes))))
    return when.isoformat(timespec="seconds")  # a zone named otherwise: the local time, as without one


@functools.lru_cache(maxsize=4096)  # a dump's stamps share their days: Reuters-21578 spent 0.35 ms an article here
def _day_of(text: str) -> dt.date | None:
    """The day a written date states, before its clock time: ISO, the month in words with or
    without a weekday ('Thu, 03 Dec 2026', 'Dec. 3, 2026'), or numbers whose order is clear."""
    text = _WEEKDAY.sub("", text.strip().rstrip(",-|·").strip())
    text = re.sub(r"\b(at|on)$", "", text).strip().rstrip(",")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    text = re.sub(r"\b(Sept)\b", "Sep", re.sub(r"\b([A-Za-z]{3,4})\.", r"\1", text))
    for form in _DAY_FORMS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    numeric = _numeric_day(text)
    return dt.date.fromisoformat(numeric) if numeric else None


_DAY_FORMS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d-%b-%Y", "%d %b %y")
#: A day in numbers: day, month and year apart by '/', '.' or '-' (whole, or within a line).
_NUMERIC_DAY = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")


#: A day written year first with slashes, or with a month or day of one digit ('2016/03/01',
#: '2016-3-1'), and the time after it: ISO's order, so no guess, and read as ISO.
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?P<sep>[/-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?P<rest>[T ]\d{1,2}:\d{2}.*)?"
)


def _numeric_day(text: str) -> str | None:
    """A day written in numbers whose order is not a guess: dotted dates are day first
    ('17.06.2025', as Europe writes them); with slashes or dashes, a field over 12 is the day
    ('12/13/2026' is 13 December, '14/06/2017' 14 June) and equal fields are one day. '12/03/2026'
    is 12 March in London and 3 December in New York: None."""
    found = _NUMERIC_DAY.fullmatch(text.strip())
    if not found:
        return None
    first, sep, second, year = int(found[1]), found[2], int(found[3]), int(found[4])
    if sep == "." or first > 12 or first == second:
        day, month = first, second
    elif second > 12:
        day, month = second, first
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
