"""Feed watch: poll RSS/Atom feeds, fetch each new entry's page, extract it and add it to the index.

Polite and restartable: feeds are fetched with conditional GET (ETag / Last-Modified), bodies
are size-limited and time-limited, and the entries already handled are remembered in
`watch-state.json` in the index directory, so a restart fetches nothing twice. An entry whose
page cannot be fetched (network, server error) is retried at the next poll (a page gone, 404 or
410, or an access wall, until both `GIVE_UP_AFTER` polls and `GIVE_UP_AFTER_S` seconds have
passed); one whose page holds no article is rejected once, with the reason, and not fetched again.

Example:
    >>> with Index("wiretrace-index") as index:  # doctest: +SKIP
    ...     for report in watch(index, ["https://example.com/rss.xml"], every=600):
    ...         print(report.summary())
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import json
import logging
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wiretrace import __version__
from wiretrace.engines.local import Index
from wiretrace.errors import AccessWall, ConfigError, InputError, WiretraceError
from wiretrace.ingest import DETECT_BYTES, MAX_BYTES, binary_kind, read_bytes
from wiretrace.model import Article
from wiretrace.readers import MAX_FEED_BYTES, Rejected, entry_date
from wiretrace.sites import site_of, without_tracking
from wiretrace.store import StoreError

log = logging.getLogger(__name__)

STATE_FILE = "watch-state.json"
TIMEOUT = 20.0  # seconds for one HTTP request
SEEN_KEEP = 5000  # entry keys remembered per feed (feeds list their latest few dozen)
#: An entry whose page the server says is not there (404, 410) is tried again at the next poll,
#: up to this many polls in a row; then it is rejected and no longer keeps its feed's conditional
#: GET off. Other failures (a server down, a timeout) are tried again for as long as the feed lists it.
GIVE_UP_AFTER = 3
#: ... and at least this long after its first such failure: at `--every 1m`, three polls are two
#: minutes, and a page a feed lists before the site serves it would be given up.
GIVE_UP_AFTER_S = 3600.0
USER_AGENT = f"wiretrace/{__version__} (feed watch)"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class FetchError(WiretraceError):
    """A feed or page could not be fetched; `gone` when the server says it is not there (404, 410),
    `final` when fetching it again cannot help (a body over the size limit)."""

    def __init__(self, message: str, gone: bool = False, final: bool = False) -> None:
        super().__init__(message)
        self.gone = gone
        self.final = final


def parse_every(text: str) -> float:
    """Seconds in a duration such as '90', '30s', '10m', '1h30m' or '1d'.

    Raises:
        ConfigError: not a duration, or under one second.
    """
    cleaned = text.strip().lower().replace(" ", "")
    parts = _DURATION.findall(cleaned)
    if not cleaned or "".join(n + u for n, u in parts) != cleaned:
        raise ConfigError(f"--every {text!r}: expected a duration such as 90, 30s, 10m or 1h30m")
    seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds < 1:
        raise ConfigError(f"--every {text!r}: poll at most once a second")
    return seconds


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) URLs only (urllib would also follow one to ftp)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"{req.full_url}: redirected to {newurl!r}, not an http(s) URL")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _public_address(ip: str) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local (a cloud's
    metadata service, 169.254.169.254), shared, multicast or reserved."""
    try:
        address = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def public_host(url: str) -> bool:
    """Whether every address `url`'s host resolves to is public (`_public_address`); False when it
    resolves to none."""
    host = urlsplit(url).hostname or ""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(_public_address(str(ip)) for ip in found)


class _PublicOnly:
    """A connection that refuses a peer at a non-public address once connected: the address the
    socket reached, so a name resolved again to another address (DNS rebinding) is refused too."""

    host: str
    sock: Any

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        peer = self.sock.getpeername()[0]
        if not _public_address(peer):
            self.sock.close()
            raise FetchError(f"{self.host}: refused, at a non-public address ({peer}): a public feed's "
                             "pages are fetched from public addresses only", final=True)  # fmt: skip


class _PublicHTTPConnection(_PublicOnly, http.client.HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicOnly, http.client.HTTPSConnection):
    pass


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: Any) -> Any:
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: Any) -> Any:
        return self.do_open(_PublicHTTPSConnection, req, context=getattr(self, "_context", None))


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)
#: For pages a public feed lists: the feed's author, not the user, chose their addresses, and one on
#: the user's network (127.0.0.1, an intranet host, a cloud's metadata service) would be fetched
#: and indexed where the open read API serves it. Without a proxy: a proxy reaches the addresses.
_PUBLIC_OPENER = urllib.request.build_opener(
    _HttpOnlyRedirects, _PublicHTTPHandler, _PublicHTTPSHandler, urllib.request.ProxyHandler({})
)


@dataclass(slots=True)
class Fetched:
    status: int
    body: bytes
    headers: dict[str, str]


def fetch(
    url: str, limit: int, headers: dict[str, str] | None = None, timeout: float = TIMEOUT, public_only: bool = False
) -> Fetched:
    """GET `url` (http or https only) with a timeout and a body size limit; 304 is a result, not an error.
    `public_only`: from public addresses alone, every redirect included (`_PUBLIC_OPENER`).

    Raises:
        FetchError: another scheme, a network error, an HTTP error status, a body over `limit`,
            or (`public_only`) a non-public address.
    """
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    deadline = time.monotonic() + timeout
    try:
        with (_PUBLIC_OPENER if public_only else _OPENER).open(request, timeout=timeout) as response:
            body = _read_until(response, limit + 1, deadline)
            status, got = response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304, b"", {k.lower(): v for k, v in exc.headers.items()})
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}", gone=exc.code in (404, 410)) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"{url}: cannot fetch ({reason})") from None
    if body is None:
        raise FetchError(f"{url}: cannot fetch (timed out: the body took over {timeout:.0f} s)")
    if len(body) > limit:
        raise FetchError(f"{url}: response too large (over {limit / 1e6:.0f} MB)", final=True)
    return Fetched(status, body, got)


def _read_until(response: Any, size: int, deadline: float) -> bytes | None:
    """Up to `size` bytes of the body, or None when the `deadline` (`time.monotonic`) passes first.
    The socket's timeout bounds each read, not the whole: a server sending a byte a second would
    hold the watch for as long as it liked (every feed of the poll behind it)."""
    chunks: list[bytes] = []
    got = 0
    while got < size:
        if time.monotonic() > deadline:
            return None
        chunk = response.read1(min(_READ_CHUNK, size - got))  # returns what one receive brings
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


_READ_CHUNK = 1 << 16


@dataclass(slots=True)
class FeedState:
    """What the watcher remembers between polls and restarts: validators and handled entries per feed."""

    path: Path
    feeds: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> FeedState:
        path = Path(directory) / STATE_FILE
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("%s: unreadable watch state (%s); starting afresh", path, exc)
            return cls(path)
        return cls(path, data.get("feeds", {}) if isinstance(data, dict) else {})

    def feed(self, url: str) -> dict[str, Any]:
        return self.feeds.setdefault(url, {"etag": None, "modified": None, "seen": []})

    def save(self) -> None:
        """Write the state beside the index, atomically (a crash leaves the old or the new file)."""
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"feeds": self.feeds}, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)


@dataclass(slots=True)
class WatchReport:
    """One poll of every feed: what was new, added, rejected, and what failed (to retry)."""

    feeds: int = 0
    unchanged: int = 0
    new: int = 0
    retried: int = 0  # entries whose page failed before, fetched again
    revised: int = 0  # handled entries whose feed stamp moved, fetched again
    versions: int = 0  # of the pages added, revised texts stored as their id's next version
    added: int = 0
    duplicates: int = 0  # pages already indexed (the same text under the same id or address)
    links: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        entries = "entry" if self.new == 1 else "entries"
        versions = f" ({self.versions} new version{'' if self.versions == 1 else 's'})" if self.versions else ""
        return (
            f"polled {self.feeds} feed{'' if self.feeds == 1 else 's'} ({self.unchanged} unchanged): "
            f"{self.new} new {entries}, {self.retried} retried, {self.revised} revised, added {self.added}{versions}, "
            f"already indexed {self.duplicates}, links {self.links}, rejected {len(self.rejected)}, "
            f"errors {len(self.errors)}"
        )


def _page(link: str, timeout: float, public_only: bool = False) -> Fetched:
    """An entry's page, fetched (`public_only`: for a feed at a public address, see `_PUBLIC_OPENER`).
    A body that is empty or not text (a server failing mid-deploy, an image served in the page's
    place) is a failed fetch, tried again as a missing page is, not a page without an article
    rejected for good.

    Raises:
        FetchError: the page could not be fetched, or holds no text yet.
    """
    page = fetch(link, MAX_BYTES, timeout=timeout, public_only=public_only)
    if not page.body.strip():
        raise FetchError(f"{link}: empty response", gone=True)
    if what := binary_kind(page.body[:DETECT_BYTES]):
        raise FetchError(f"{link}: binary response ({what}), not a page", gone=True)
    return page


def _entry_article(entry: Any, link: str, page: Fetched) -> Article:
    """Extract the entry's page; the URL is the id, the feed's date and the URL's host fill the metadata."""
    article = read_bytes(page.body, link, suffix=".html")
    article.id = article.url = link
    stated, own = entry_date(entry), article.published
    if stated and own and abs(_day(stated) - _day(own)) > DATES_APART:
        log.warning("%s: the feed dates it %s, the page itself %s; the feed's date is kept", link, stated, own)
    article.published = stated or own
    article.site = site_of(None, link)
    article.title = article.title or entry.get("title")
    return article


#: Days a feed's date and the page's own may differ by before a warning says so (a feed dating a
#: story of 2024 to 2001 made its site the origin of the wire story it copied).
DATES_APART = 2


def _day(stamp: str) -> int:
    """The day number of an ISO date or datetime (a year or month alone: its first day)."""
    import datetime as dt

    year, month, day = [*stamp[:10].split("-"), "1", "1"][:3]
    return dt.date(int(year), int(month), int(day)).toordinal()


def poll_feed(
    index: Index, url: str, state: FeedState, report: WatchReport, timeout: float = TIMEOUT,
    done: set[str] | None = None,
) -> None:  # fmt: skip
    """Poll one feed: fetch it conditionally, then fetch, extract and index its unseen entries.
    `done` holds the links of this poll's other feeds already handled: not fetched again."""
    done = set() if done is None else done
    import feedparser

    remembered = state.feed(url)
    conditional = {"If-None-Match": remembered.get("etag"), "If-Modified-Since": remembered.get("modified")}
    report.feeds += 1  # polled, whatever the answer
    fetched = fetch(url, MAX_FEED_BYTES, {k: v for k, v in conditional.items() if v}, timeout)
    # the user chose the feed; its author chose the pages: a public feed's pages must be public too
    # (an intranet feed's may be on the intranet)
    public_only = public_host(url)
    if fetched.status == 304:
        report.unchanged += 1
        return
    feed = feedparser.parse(io.BytesIO(fetched.body))
    if not feed.entries and (feed.bozo or not feed.get("version")):
        problem = feed.get("bozo_exception") or "no RSS or Atom document"
        raise FetchError(f"{url}: not a parseable feed ({problem})")
    broken = feed.bozo and _not_well_formed(feed.get("bozo_exception"))
    errors_before = len(report.errors)
    seen = set(remembered["seen"])
    failures = remembered.setdefault("failures", {})
    since = remembered.setdefault("failing_since", {})  # entry key -> time of its first 'gone' failure
    revised = _revised(feed.entries, seen, remembered.setdefault("updated", {}))
    handled: list[str] = []
    items: list[Article | Rejected] = []
    for n, entry in enumerate(feed.entries, 1):
        link = entry_link(entry)
        key = entry_key(entry, n)
        if key in seen and key not in revised:
            continue
        if key in revised:
            report.revised += 1
        elif key in failures:
            report.retried += 1
        else:
            report.new += 1
        where = f"{url}#{key}"
        if urlsplit(link).scheme.lower() not in ("http", "https"):
            if broken:  # a feed cut short mid-entry: read the entry again when the feed is whole
                report.errors.append(f"{url}: feed not well-formed ({feed.get('bozo_exception')}); entry {key!r} "
                                     "has no link yet, read again at the next poll")  # fmt: skip
                failures.setdefault(key, 0)
                continue
            items.append(Rejected(where, f"entry link {link!r} is not an http(s) URL" if link else "entry has no link"))
            handled.append(key)
            continue
        if link in done:  # another feed of this poll listed the page: handled there
            report.duplicates += 1
            handled.append(key)
            continue
        try:
            items.append(_entry_article(entry, link, _page(link, timeout, public_only)))
        except (FetchError, AccessWall) as exc:
            gone = isinstance(exc, AccessWall) or exc.gone
            failures[key] = failures.get(key, 0) + 1 if gone else 0  # a server down is no page gone
            first = since.setdefault(key, time.time()) if gone else since.pop(key, None)
            late = failures[key] >= GIVE_UP_AFTER and time.time() - (first or 0) >= GIVE_UP_AFTER_S
            if not late and not (isinstance(exc, FetchError) and exc.final):
                report.errors.append(f"{exc} (an entry of {url})")  # not handled: fetched again at the next poll
                continue
            tried = f" (at {failures[key]} polls in a row: given up)" if late else ""
            items.append(Rejected(where, f"{exc.reason if isinstance(exc, InputError) else exc}{tried}"))
        except InputError as exc:
            items.append(Rejected(where, exc.reason))
        failures.pop(key, None)
        since.pop(key, None)
        handled.append(key)
        done.add(link)
    added = index.add_articles(items, versions=True)  # a page's new text: its next version, ID#v2
    report.added += added.added
    report.versions += len(added.versions)
    report.duplicates += added.duplicates
    report.links += added.links
    report.rejected.extend(added.rejected)
    remembered["seen"] = list(dict.fromkeys([*remembered["seen"], *handled]))[-SEEN_KEEP:]
    listed = {entry_key(entry, n) for n, entry in enumerate(feed.entries, 1)}
    stamped = {entry_key(e, n): _stamp(e) for n, e in enumerate(feed.entries, 1)}
    read_now = set(handled) | (seen - revised)  # a revision not fetched yet keeps its old stamp: tried again
    old_stamps = remembered["updated"]
    remembered["updated"] = {
        k: stamped[k] if k in read_now else old_stamps[k] for k in listed if k in read_now or k in old_stamps
    }
    remembered["failures"] = {k: n for k, n in failures.items() if k in listed}
    remembered["failing_since"] = {k: t for k, t in since.items() if k in remembered["failures"]}
    remembered["etag"] = fetched.headers.get("etag")
    remembered["modified"] = fetched.headers.get("last-modified")
    if len(report.errors) > errors_before or broken:  # some pages failed: poll the whole feed again next time
        remembered["etag"] = remembered["modified"] = None
    state.save()


def _stamp(entry: Any) -> str:
    """An entry's own `<updated>` stamp, '' without one (not feedparser's fallback to `published`)."""
    return str(dict.get(entry, "updated") or "")


def _revised(entries: Sequence[Any], seen: set[str], stamps: dict[str, str]) -> set[str]:
    """Keys of handled entries whose `<updated>` stamp moved since they were read: the page was
    revised (a correction, a stealth edit) and is fetched again, its new text stored as the next
    version of its id. A feed that stamps every entry anew at each build (over half of those it
    lists changed at once) revises nothing."""
    keys = [(entry_key(e, n), _stamp(e)) for n, e in enumerate(entries, 1)]
    known = [(k, stamp) for k, stamp in keys if k in seen and k in stamps]
    moved = {k for k, stamp in known if stamp and stamps[k] and stamp != stamps[k]}
    return moved if len(moved) <= max(1, len(known) // 2) else set()


def entry_link(entry: Any) -> str:
    """The address of an entry's page, without the tracking parameters a feed adds to it
    (`utm_source=rss&utm_campaign=0305`, which some feeds change at every build): one page, one id."""
    return without_tracking(str(entry.get("link") or "").strip())


def entry_key(entry: Any, n: int) -> str:
    """What an entry is remembered by: its id, else its link, else its place in the feed."""
    return str(entry.get("id") or entry_link(entry) or f"entry-{n}")


def _not_well_formed(problem: Any) -> bool:
    """Whether feedparser's complaint is about the document itself (cut short, unclosed tags),
    not a declared encoding it overrode: such a feed may have lost its last entries' fields."""
    import xml.sax

    return isinstance(problem, xml.sax.SAXParseException)


def poll(index: Index, feeds: Sequence[str], timeout: float = TIMEOUT) -> WatchReport:
    """Poll every feed once; a failing feed is reported and the others still polled."""
    state = FeedState.load(index.store.directory)
    report = WatchReport()
    done: set[str] = set()  # links handled in this poll: a page two feeds list is fetched once
    for url in feeds:
        try:
            poll_feed(index, url, state, report, timeout, done)
        except FetchError as exc:
            report.errors.append(str(exc))
    return report


def watch(
    index: Index | Callable[[], AbstractContextManager[Index]],
    feeds: Sequence[str],
    every: float,
    once: bool = False,
    stop: threading.Event | None = None,
) -> Iterator[WatchReport]:
    """Poll `feeds` every `every` seconds, yielding each poll's report, until `stop` is set (or after one poll).

    `index` is an open index (a server's, which holds it anyway), or a function that opens it
    for each poll: `wiretrace watch` lets go of the index between polls, so other commands read
    it and add to it meanwhile. A poll that cannot open it (another process writing for longer
    than the wait) is reported as that poll's error, and the next poll tries again.
    """
    stop = stop or threading.Event()
    while not stop.is_set():
        if isinstance(index, Index):
            report = poll(index, feeds)
        else:
            try:
                with index() as opened:
                    report = poll(opened, feeds)
            except StoreError as exc:
                report = WatchReport(errors=[f"index not polled into: {exc}"])
        log.info("watch: %s", report.summary())
        yield report
        if once or stop.wait(every):
            return
