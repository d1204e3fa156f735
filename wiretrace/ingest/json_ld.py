"""A page's JSON-LD (schema.org): its objects, its article's authors and a live page's updates.

An index stores a live page as its updates, each an article of its own (`indexed_articles`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape as html_unescape
from typing import Any

from wiretrace.errors import InputError
from wiretrace.fingerprint import content_hash
from wiretrace.ingest.dates import normalize_date
from wiretrace.ingest.non_articles import _TAG
from wiretrace.ingest.plain import from_text
from wiretrace.model import Article, LiveUpdate


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
