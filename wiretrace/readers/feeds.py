"""RSS, Atom and JSON Feed entries as articles: an entry's content, else its summary if no teaser (feedparser)."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

from wiretrace.errors import InputError
from wiretrace.ingest import from_html, from_text, normalize_date
from wiretrace.readers.base import MAX_FEED_BYTES, Item, Rejected, _rejected
from wiretrace.sites import host_of, without_tracking
from wiretrace.text import word_count

log = logging.getLogger(__name__)

#: Feed files by their suffix (`.xml` ones are told by their content).
_FEED = {".rss", ".atom"}
_HAS_TAG = re.compile(r"<[A-Za-z][^>]*>")
_MIN_FEED_WORDS = 10  # same floor as ingest applies to HTML pages: below it a feed entry is a teaser


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
