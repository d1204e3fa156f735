"""What the web routes call: one open index, the embedder, and the few rules of the service.

The routes stay thin: they validate the request, call one method here and shape the answer
with `wiretrace.schema`. Everything here is plain Python (no FastAPI), so the watch loop and
tests can use it too.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wiretrace import cluster
from wiretrace.cluster import DerivedLink
from wiretrace.compare import compare
from wiretrace.embed import MODELS, Embedder
from wiretrace.engines.local import AddReport, Index
from wiretrace.errors import ConfigError, InputError
from wiretrace.export import table_bytes
from wiretrace.fingerprint import content_hash
from wiretrace.ingest import MAX_BYTES, from_record
from wiretrace.model import Article
from wiretrace.readers import Rejected
from wiretrace.schema import comparison_dict, query_dict, sites_dict, story_dict

log = logging.getLogger(__name__)

#: Request bodies above this are refused with 413 (two full articles with HTML fit many times over).
DEFAULT_MAX_BODY = 8 * 1024 * 1024
#: Articles accepted by one `POST /api/articles`.
DEFAULT_MAX_ARTICLES = 500
#: Pasted articles kept in memory so result pages can link to their compare views.
PASTED_KEEP = 256
#: ... and at most this many characters of them together: each article is kept with its sentences,
#: about 8 bytes of memory a character, and 19 pasted texts of 6.7 MB had taken 1.4 GB.
PASTED_CHARS = 8_000_000
PASTED_PREFIX = "pasted:"


@dataclass(slots=True)
class WebConfig:
    """The service settings, checked on construction.

    Args:
        index: the index directory (created if missing).
        token: when set, write endpoints need `Authorization: Bearer TOKEN`.
        max_body: request bodies larger than this many bytes get 413.
        max_articles: articles one `POST /api/articles` may carry.
        model: the sentence model, as for `wiretrace compare --model`.
        feeds: RSS/Atom feed URLs to watch in the background; `every`: seconds between polls.
        allowed_hosts: the names the service answers to (the `Host` a browser sends), None for any:
            a service on the loopback answers to its own names alone, so a page whose name a DNS
            rebinding turns into 127.0.0.1 cannot read it or write to it from the user's browser.
    """

    index: Path
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    max_articles: int = DEFAULT_MAX_ARTICLES
    model: str = "wordllama"
    feeds: list[str] = field(default_factory=list)
    every: float = 600.0
    allowed_hosts: list[str] | None = None

    def __post_init__(self) -> None:
        self.index = Path(self.index)
        if self.token is not None and not self.token.strip():
            raise ConfigError("the bearer token is empty: pass a non-empty --token or unset WIRETRACE_TOKEN")
        if not 1024 <= self.max_body <= 4 * MAX_BYTES:
            raise ConfigError(f"max_body must be between 1 KiB and {4 * MAX_BYTES} bytes, not {self.max_body}")
        if self.max_articles < 1:
            raise ConfigError(f"max_articles must be at least 1, not {self.max_articles}")
        if self.model not in MODELS:
            raise ConfigError(f"unknown model {self.model!r}: choose one of {', '.join(MODELS)}")
        if self.every < 1:
            raise ConfigError(f"the watch interval must be at least 1 second, not {self.every}")
        bad = [f for f in self.feeds if urlsplit(f).scheme.lower() not in ("http", "https") or not urlsplit(f).netloc]
        if bad:
            raise ConfigError(f"--watch takes http(s) feed URLs, not {', '.join(map(repr, bad))}")


def article_from_fields(fields: dict[str, Any], where: str) -> Article:
    """An article from request fields (`text` or `html` plus metadata), with an id if it had none.

    Raises:
        InputError: no text or HTML, or nothing that reads as an article.
    """
    record = {k: v for k, v in fields.items() if v is not None}
    article = from_record(record, where)
    if article.id is None:
        article.id = PASTED_PREFIX + content_hash(article.text)[:16]
    return article


class Service:
    """One open index and everything the routes need; create it once per process."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        # One index for the process: each thread gets its own database cursor, and the index
        # itself lets one writer (API adds, the feed watcher) in at a time.
        self.index = Index(config.index, model=config.model)
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._pasted: OrderedDict[str, Article] = OrderedDict()
        self._pasted_lock = threading.Lock()

    def start_watch(self) -> None:
        """Start polling the configured feeds in a background thread (nothing to do without feeds)."""
        if not self.config.feeds or self._watcher is not None:
            return
        self._stop.clear()
        from wiretrace.watch import watch

        def run() -> None:
            try:
                for report in watch(self.index, self.config.feeds, self.config.every, stop=self._stop):
                    # the server's log is where a watcher's problems can be seen: each on a line
                    for problem in report.errors:
                        log.warning("watch: %s", problem)
                    for item in report.rejected:
                        log.warning("watch: rejected %s: %s", item.where, item.reason)
                    pass
            except Exception:  # a bug must not pass silently, but it must not take the server down either
                log.exception("the feed watcher stopped")

        self._watcher = threading.Thread(target=run, name="wiretrace-watch", daemon=True)
        self._watcher.start()

    def stop_watch(self) -> None:
        """Stop the feed watcher after its current fetch (nothing to do when none runs)."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=60)
            self._watcher = None

    def close(self) -> None:
        """Stop the feed watcher and close the index (releases the database file)."""
        self.stop_watch()
        self.index.store.close()

    @property
    def embedder(self) -> Embedder:
        return self.index.embedder

    # -- articles ------------------------------------------------------------------------

    def remember(self, article: Article) -> str:
        """Keep a pasted article for a while and return its id (`pasted:HASH`, from its text and
        metadata): never the id the article gave itself, nor the id an article added without one
        is stored under (`pasted:` and its text's hash), so a paste can never stand in for an
        indexed article (a form paste had replaced one's metadata, a forged upload its text)."""
        metadata = json.dumps([article.title, article.byline, article.published, article.site, article.url])
        key = PASTED_PREFIX + content_hash(f"{article.text}\n\x00{metadata}")[:16]
        with self._pasted_lock:
            self._pasted[key] = article
            self._pasted.move_to_end(key)
            held = sum(len(a.text) for a in self._pasted.values())
            while len(self._pasted) > 1 and (len(self._pasted) > PASTED_KEEP or held > PASTED_CHARS):
                held -= len(self._pasted.popitem(last=False)[1].text)
        return key

    def pasted(self, key: str) -> Article | None:
        """A recently pasted article by its `pasted:` id, or None when unknown or forgotten."""
        with self._pasted_lock:
            return self._pasted.get(key)

    def has(self, article_id: str) -> bool:
        """Whether the index holds an article with this id."""
        return self.index.article(article_id) is not None

    def find(self, article_id: str, where: str) -> Article:
        """An article by id: one in the index, else a recently pasted one.

        Ids are only ever looked up (in memory or in the database), never used as paths.

        Raises:
            LookupError: no article has this id.
        """
        article = self.index.article(article_id)  # an article added without an id is stored as pasted:HASH
        if article is None and article_id.startswith(PASTED_PREFIX):
            article = self.pasted(article_id)
        if article is not None:
            return article
        if article_id.startswith(PASTED_PREFIX):
            raise LookupError(
                f"{where}: no article with id {article_id!r} in the index, nor a pasted text kept under it "
                "(the search form keeps the last few; text sent to /api/query is not kept): send the text again"
            )
        raise LookupError(f"{where}: no article with id {article_id!r} in the index")

    def add(self, items: Iterable[Article | Rejected], versions: bool = False) -> AddReport:
        """Index articles (rejected inputs are reported back, not raised); `versions` as `Index.add_articles`."""
        return self.index.add_articles(items, versions=versions)

    # -- index reads, as the documented JSON objects ----------------------------------------

    def query(self, article: Article) -> dict[str, Any]:
        """The `wiretrace.query/1` object: what `article` derives from, what derives from it, its story."""
        return query_dict(self.index.query(article))

    def stories(
        self, site: str | None, since: str | None, until: str | None, limit: int, offset: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """The total number of matching stories and one page of them as `wiretrace.story/1` objects."""
        found = self.index.stories(site=site, since=since, until=until)
        return len(found), [story_dict(s) for s in found[offset : offset + limit]]

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story as `wiretrace.story/1`, or None."""
        found = self.index.story(story_id)
        return story_dict(found) if found is not None else None

    def story_of(self, article_id: str) -> dict[str, Any] | None:
        """The story an indexed article belongs to, or None."""
        found = self.index.story_of(article_id)
        return story_dict(found) if found is not None else None

    def sites(
        self, credits: bool = False, site: str | None = None, since: str | None = None, until: str | None = None
    ) -> dict[str, Any]:
        """The site reuse graph as `wiretrace.sites/1`; with `credits`, each pair's crediting articles
        counted; `site`, `since`, `until`: as `Index.sites`."""
        return sites_dict(self.index.sites(credits, site=site, since=since, until=until))

    def export(self, what: str, fmt: str, drop: str | None = None) -> tuple[bytes, int]:
        """The index's articles, links or story members as `wiretrace export` writes them (`fmt`:
        jsonl, csv or parquet; `drop`: the derived articles left out, as `--drop`), and the number of rows."""
        return table_bytes(self.index, what, fmt, drop)

    def count(self) -> int:
        """Indexed articles, identical copies included (each has its own id)."""
        return self.index.store.id_count()

    # -- comparing -----------------------------------------------------------------------

    def compare(self, source: Article, target: Article) -> dict[str, Any]:
        """The `wiretrace.compare/1` object for two articles."""
        return comparison_dict(compare(source, target, self.embedder))

    def stitched(self, source: Article, target: Article) -> DerivedLink | None:
        """The index's link joining two indexed articles `source` -> `target` as a roundup
        (`cluster.stitched_link`)."""
        if not source.id or not target.id:
            return None
        return cluster.stitched_link(self.index.store.links_among([source.id, target.id]), source.id, target.id)

    def judged_other_way(self, source: Article, target: Article) -> DerivedLink | None:
        """The index's link between two indexed articles when it runs `source` -> `target` by date but
        its verdict was judged the other way round (`cluster.judged_other_way`), or turned round to
        break a loop of its family's links (`cluster.acyclic`: only the story's links say so)."""
        if not source.id or not target.id:
            return None
        return cluster.judged_other_way(self.index.links_among([source.id, target.id]), source.id, target.id)


__all__ = ["InputError", "Service", "WebConfig", "article_from_fields"]
