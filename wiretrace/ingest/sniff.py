"""What kind of input bytes hold, before any is read: a page, a feed, a collection, binary, code.

Every reader asks first, so a collection, an image or a style sheet is refused by name rather
than read as an article.
"""

from __future__ import annotations

import json
import re

from wiretrace.errors import InputError

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
