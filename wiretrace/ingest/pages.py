"""HTML pages into articles with trafilatura: body, title, byline, date, site.

The page is pruned first (`prune`), its metadata completed from its markup (`page_dates`,
`json_ld`, `links`, `titles`), and list pages and access walls refused (`non_articles`).
"""

from __future__ import annotations

import re
from typing import Any

from wiretrace.chrome import readable_byline, strip_chrome
from wiretrace.errors import AccessWall, InputError, ListPage
from wiretrace.ingest.article import _SURROGATE, _build, _unmasked, _valid_unicode
from wiretrace.ingest.json_ld import _json_ld_authors, _live_page, _with_agencies
from wiretrace.ingest.links import canonical_chrome
from wiretrace.ingest.non_articles import access_wall, link_list, teaser_list
from wiretrace.ingest.page_dates import (
    _EARLIEST_PAGE_DATE,
    _LATEST_PAGE_DATE,
    _PAGE_TIME,
    _markup_date,
    _visible_byline,
)
from wiretrace.ingest.prune import _own_article, _without_embedded_posts, _without_hidden_words
from wiretrace.ingest.sniff import _PAGE_TAG, refuse_binary
from wiretrace.ingest.titles import _headline_line, _without_site_name
from wiretrace.model import Article
from wiretrace.sites import host_of, names_host
from wiretrace.text import clean_body, unmask, word_count

_MIN_HTML_WORDS = 10  # what trafilatura keeps of a page without an article: a menu entry or two
#: ... unless a line of it is a sentence (four words or more, ending as one): a short article or snippet.
_SENTENCE_LINE = re.compile(r"^\W*\w+(?:\W+\w+){3,}.*[.!?][\"'”’)]*\s*$", re.MULTILINE)


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
    read, disguised = _unmasked(getattr(doc, "text", None) or "", where) if doc is not None else ("", [])
    cleaned = strip_chrome(clean_body(read))
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
        dropped=disguised + cleaned.dropped + embeds + canonical_chrome(html, url, own),
        # the site the page's address names, as for the same page crawled or in a feed; its own
        # name for itself (og:site_name: 'Valley Herald') only without an address
        site=meta.pop("site", None) or host_of(url or stated) or own_name,
        url=url or stated,
        **meta,
    )
    article.live_updates = updates
    return article


#: A site name that is a host ('web.archive.org'), not a name the page gives itself.
_HOST_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")
