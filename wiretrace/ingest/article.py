"""The `Article` of an extracted body, built alike for every format: chrome cut, sentences segmented.

With the checks every reader makes of what it is given: text as a reader sees it (`text.unmask`),
lone surrogates replaced, article fields of the right names and kinds.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from wiretrace.chrome import HIDDEN_CHARACTERS, cut_inline_chrome, is_chrome_sentence, readable_byline
from wiretrace.errors import InputError
from wiretrace.ingest.dates import future_date, normalize_date
from wiretrace.ingest.limits import MAX_SENTENCES
from wiretrace.model import Article, DroppedChrome
from wiretrace.text import clean_body, clean_line, segment, sentence_case, unmask

log = logging.getLogger(__name__)

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


def _unmasked(text: str, where: str) -> tuple[str, list[DroppedChrome]]:
    """`text` as a reader sees it (`text.unmask`) and, when it was disguised (zero-width characters
    strewn in its words, look-alike letters of another script), the note saying so, kept with the
    article (`chrome.HIDDEN_CHARACTERS`: a content farm's tell, which a warning alone lost) and
    logged as a warning naming the input."""
    read = unmask(text)
    if note := read.note():
        log.warning("%s: %s", where, note)
        return read.text, [DroppedChrome(note, HIDDEN_CHARACTERS)]
    return read.text, []


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
