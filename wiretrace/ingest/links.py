"""A page's pointers to its original, its canonical link and JSON-LD `isBasedOn`, when another site's.

A syndicated copy's credit (`credit`), listed with the page's dropped chrome.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape
from urllib.parse import urljoin

from wiretrace.ingest.json_ld import _JSON_LD_BYTES, _json_ld_items, _types
from wiretrace.model import DroppedChrome
from wiretrace.sites import archived_page, domain_of, host_of, names_host, page_key

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
