"""Plain text: bytes decoded to text, and text read into an article.

Decoding (UTF-8, else the encoding chardet detects) serves every format's bytes; `from_text`
renders Markdown, drops page chrome and takes a headline line for the title.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import Any

from wiretrace.chrome import strip_chrome
from wiretrace.errors import InputError
from wiretrace.ingest.article import _SURROGATE, _build, _unmasked, _valid_unicode
from wiretrace.ingest.limits import DETECT_BYTES
from wiretrace.ingest.page_dates import labelled_date
from wiretrace.ingest.sniff import binary_kind, looks_like_code, refuse_binary
from wiretrace.model import Article, DroppedChrome
from wiretrace.text import clean_body, read_markdown, wrapped_lede

log = logging.getLogger(__name__)

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


def from_text(text: str, where: str = "<text>", **meta: Any) -> Article:
    """Extract an article from plain text: drop page chrome, take a headline line as title."""
    text, meta = _SURROGATE.sub("\ufffd", text), _valid_unicode(meta)
    refuse_binary(text, where)
    if looks_like_code(text):
        raise InputError(where, "code (a style sheet or script), not an article")
    text, disguised = _unmasked(text, where)
    cleaned = strip_chrome(clean_body(read_markdown(text)))
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
        dropped=disguised + cleaned.dropped,
        lede=lede,
        **meta,
    )


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
