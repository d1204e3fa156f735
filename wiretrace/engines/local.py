"""The embedded engine: build and query an index on one machine (DuckDB store + in-memory vectors).

`Index.add` reads inputs in batches; for each batch it drops duplicates, profiles the new
articles, proposes candidates from two generators — LSH band collisions (copies, edited
copies) and nearest centroids (paraphrases, AI rewrites) — verifies every candidate with
the compare core, orients each verified pair (which is the original) and commits the batch
in one transaction. Families are connected groups of verified links only.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import logging
import os
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa

from wiretrace import cluster, parallel
from wiretrace.chrome import AI_LEFTOVER, HIDDEN_CHARACTERS
from wiretrace.cluster import DerivedLink, is_stitched
from wiretrace.compare import Profile, compare_profiles, profile, profile_bytes
from wiretrace.compare import compare as compare_articles
from wiretrace.credit import columns as credit_columns
from wiretrace.credit import credit
from wiretrace.detect import (
    COPY_CANDIDATES,
    MAX_COPIES_SKIPPED,
    NEAREST_ALWAYS,
    NEAREST_MIN_COSINE,
    NEIGHBOUR_MIN_COSINE,
    NEIGHBOURS,
    ROUNDUP_MIN_COSINE,
    ROUNDUP_NEIGHBOURS,
    Stitchable,
    anchored_pairs,
    band_pairs,
    centroid,
    certain_copies,
    different_figures,
    event_context,
    event_lift,
    few_shared_words,
    independent_reports,
    judging_key,
    judging_order,
    likeliest_sources,
    roundup_runs,
    run_vectors,
    set_aside,
    shared_anchors,
    stitched_links,
    verify,
)
from wiretrace.embed import Embedder, common_directions, load, model_label
from wiretrace.engines import prepare
from wiretrace.engines.bands import BAND_FILE, BandTable
from wiretrace.engines.neighbours import EXACT_LIMIT, RUN_SEARCH, NeighbourSpace
from wiretrace.errors import ConfigError, InputError
from wiretrace.facts import figures
from wiretrace.fingerprint import (
    LshConfig,
    band_keys,
    content_hash,
    distinct_keys_per_row,
    sentence_anchors,
    shingles,
    signatures,
    with_anchors,
)
from wiretrace.ingest import checked_fields, fields_named, from_text, named_fields, normalize_date
from wiretrace.model import Article, Comparison, Credit, chrome_from_json, version_id
from wiretrace.pipeline import PlainArticle, article_from_row, roundup_hits
from wiretrace.readers import Item, Rejected, Skipped, read_all, record_item
from wiretrace.sites import UNKNOWN_SITE, SitesReport, page_key, reuse_graph, same_site, site_of
from wiretrace.store import Store, StoreError
from wiretrace.text import content_words, opening_words

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Why a record is rejected whose id an earlier record of the same add gave other text.
REPEATED_ID = "given earlier in this add with different content"
#: Rounds of trying an article against the stored sources of what it was found to derive from
#: (`Index._upstream`): a rewrite of a farm's rewrite of a wire story reaches the wire in two.
UPSTREAM_ROUNDS = 2
#: Semantic candidates (`detect.kept_hits`): the 8 nearest at cosine >= 0.6, or the 2 nearest at >= 0.5.
CANDIDATE_RULE = (NEIGHBOURS, NEIGHBOUR_MIN_COSINE, NEAREST_ALWAYS, NEAREST_MIN_COSINE)
#: The search behind `CANDIDATE_RULE`, as deep as `CROWDING` times its neighbours: an article's
#: near-copies, candidates by their shared band keys already, take no room among them (`beside_near_copies`).
CROWDING = 4
_CROWDED_RULE = (NEIGHBOURS * CROWDING, *CANDIDATE_RULE[1:])


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


#: The centroid cosine from which a band candidate is a near-copy (edited copies of one story:
#: 0.99 and more; two reports of one event that share a wire's lines: 0.6-0.95, BENCHMARKS.md).
NEAR_COPY_COSINE = 0.95


def near_copies(vec: np.ndarray, banded: dict[T, np.ndarray]) -> set[T]:
    """Of an article's band candidates (`banded`: their centroids), those at `NEAR_COPY_COSINE` or
    more of its own centroid `vec`: its near-copies."""
    return {other for other, v in banded.items() if float(vec @ v) >= NEAR_COPY_COSINE}


def beside_near_copies(hits: Sequence[T], copies: Collection[T]) -> list[T]:
    """The semantic candidates of one article: of its nearest `hits` (most similar first, found
    with `_CROWDED_RULE`), the first `NEIGHBOURS` that are not its near-copies (`copies`, from
    `near_copies`: candidates by their bands already). So an AI rewrite, which shares no band
    key with its source, stays a candidate however many edited copies of either arrive with
    them: nine had filled the eight places of both, and the rewrite was never judged against its
    source (a fact-checker's review)."""
    return [hit for hit in hits if hit not in copies][:NEIGHBOURS]


#: Memory for the comparison profiles (sentence vectors, words, facts) of recently judged
#: articles, in MB, at most (`WIRETRACE_PROFILE_CACHE_MB` overrides it). A stored candidate whose
#: profile left it is profiled again (its sentences embedded again, its facts read again): with
#: 256 MB, an add of Reuters + BBC took 1.1x the time of one keeping them all (BENCHMARKS.md).
PROFILE_CACHE_MB = 1024
#: ... and no more than this share of the machine's memory (512 MB on a laptop of 8 GB).
PROFILE_CACHE_SHARE = 1 / 16
#: From this many stored articles, `PROFILE_CACHE_LARGE_MB`: at 1M articles the writer's neighbour
#: graph, key maps and band rows take the memory (3.6 GB at its peak with about 128 MB of profiles).
PROFILE_CACHE_LARGE_FROM = 250_000
PROFILE_CACHE_LARGE_MB = 128
#: Stored articles whose content words (for the shared-words screen and the event check) stay in memory (~2 KB each).
WORDS_CACHED = 16384


@dataclass(slots=True)
class AddReport:
    """What one `index add` did: counts, and every rejected input with its reason."""

    added: int = 0  # new article ids
    identical: int = 0  # of those, identical copies of text already indexed (stored once, linked as copies)
    duplicates: int = 0  # skipped: the same id with the same text again
    versions: list[str] = field(default_factory=list)  # ids given to new text under a taken id (`add(versions=True)`)
    links: int = 0
    same_event: int = 0  # verified links set aside as independent reports of one event
    judged_again: int = 0  # stored links judged again: their text's copy added now was published earlier
    candidates: int = 0  # candidate pairs the generators proposed (band keys, sentence anchors, centroids)
    judged: int = 0  # of those, pairs the compare core verified (the rest: template pairs, see verify)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # crawl records holding no article, by kind
    # each duplicate skipped: (where the record was read, its id, the indexed id holding its text)
    skipped_duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    # the id each input stored under another id was given (`versions`: 'ID#v2'), by where it was read
    renamed: dict[str, str] = field(default_factory=dict)
    # duplicates giving their indexed id another title, byline, site or address: kept as first read
    restated: list[str] = field(default_factory=list)


#: The metadata an indexed article keeps as first read when its text is given again with other
#: values (`_restated`; `published` is read apart: an earlier date re-dates the text).
RESTATED_FIELDS = ("title", "byline", "site", "url")


def _skipped(report: AddReport, article: Article, article_id: str, holder: str) -> None:
    """Note a record skipped as a duplicate, and what holds its text: every input id can be traced
    (`AddReport.skipped_duplicates`; `-v` logs each)."""
    where = article.where or article_id
    report.skipped_duplicates.append((where, article_id, holder))
    log.info("skipped duplicate %s (id %s): the same text as indexed %s", where, article_id, holder)


def _restated(again: list[tuple[Article, str]], held: dict[str, dict[str, Any]]) -> list[str]:
    """Of `again` (an indexed id's text given again, and that id), the ids given another title,
    byline, site or address than the index holds (`held`: `Store.meta` of them): the index keeps
    what it read first (a date earlier than it holds counts apart: `_earlier_again`), and says so
    rather than nothing."""
    changed: list[str] = []
    for article, aid in again:
        if (row := held.get(aid)) is None:  # its first copy is in this batch, stored after this
            continue
        fields = [f for f in RESTATED_FIELDS if getattr(article, f) and getattr(article, f) != row.get(f)]
        if fields and aid not in changed:
            changed.append(aid)
            log.info("%s (id %s): its %s differs from the indexed article's, which is kept as first read",
                     article.where or aid, aid, " and ".join(fields))  # fmt: skip
    return changed


def _earlier_again(duplicates: list[tuple[Article, str]], stored: dict[str, dict[str, Any]]) -> list[Article]:
    """Of `duplicates` (a stored page again, with a date, and the id holding it), those dated before
    the index dates it (`stored`: `Store.meta` of the holders), the earliest of each, as the holder
    with that date: an undated page crawled in March and again in January is dated by its January
    capture whichever crawl is added first (WARC-Date is the latest it can have been published), as
    a batch run dates it."""
    earliest: dict[str, Article] = {}
    for article, held in duplicates:
        when = article.published or ""
        known = (earliest[held].published if held in earliest else None) or stored.get(held, {}).get("published")
        if held in stored and (not known or cluster.earlier(when, known) < 0):
            earliest[held] = dataclasses.replace(article, id=held)
    return list(earliest.values())


def _an_item(item: object) -> Item:
    """`item` if `add_articles` can take it (an Article without sentences, made by hand, is
    rejected: it was stored, and matched every empty query); a dict or a text raises, rather than
    being passed over."""
    if isinstance(item, Article) and not item.sentences:
        return Rejected(item.where or item.id or "article", "no article text (no sentences)")
    if isinstance(item, Article | Rejected | Skipped):
        return item
    if isinstance(item, dict):
        hint = "read a record with wiretrace.from_record"
    elif isinstance(item, str):
        hint = "read a text with wiretrace.from_text, or give files to add()"
    else:
        hint = "read it with wiretrace.from_record or from_text"
    raise TypeError(f"add_articles takes Article objects, not {type(item).__name__}: {hint}")


def _read_again(record: dict[str, Any], where: str) -> Item:
    """A stored article's record (`Store.records`) read again, keeping the page furniture dropped
    when it was first read: its stored text no longer holds it (a chatbot's words, a byline line),
    and a page's canonical link was never in it (a rebuild had lost every such credit)."""
    stored = chrome_from_json(record.get("dropped_chrome"))
    item = record_item({k: v for k, v in record.items() if k != "dropped_chrome"}, where)
    if isinstance(item, Article) and stored:
        kept = {(d.text, d.reason) for d in stored}
        item.dropped_chrome = [*stored, *(d for d in item.dropped_chrome if (d.text, d.reason) not in kept)]
    return item


def _verify_job(pair: tuple[Profile, Profile]) -> DerivedLink | None:
    return verify(*pair)


def _earliest_of_each_text(articles: list[Article], hashes: list[str]) -> None:
    """Give the first of a batch's records of one id and text the earliest date any of them states
    (two captures of one undated page: it was online by the first), in place; the others are
    duplicates of it."""
    first: dict[tuple[str, str], Article] = {}
    for article, digest in zip(articles, hashes):
        key = (article.id or "", digest)
        kept = first.setdefault(key, article)
        later = bool(kept.published) and cluster.earlier(article.published or "", kept.published or "") >= 0
        if kept is not article and article.published and not later:
            kept.published = article.published


class Index:
    """A corpus index in a directory: add collections, list story families.

    Example:
        >>> with Index("wiretrace-index") as index:  # doctest: +SKIP
        ...     report = index.add(["corpus/"])
        ...     families = index.stories()
    """

    def __init__(
        self,
        directory: str | Path,
        model: str = "wordllama",
        lsh: LshConfig | None = None,
        batch_size: int = 256,
        read_only: bool = False,
        release_between_batches: bool = False,
        exact_neighbours: int = EXACT_LIMIT,
        workers: int | None = None,
        read_ahead: bool | None = None,
    ) -> None:
        """Open (or create) the index in `directory`.

        `release_between_batches`: while verifying a batch, let go of the database file when other
        processes wait to read the index (for long command-line adds; a server keeps it open).
        `exact_neighbours`: up to this many stored articles, neighbour search is brute force;
        above, it uses the HNSW graph (see `wiretrace.engines.neighbours`).
        `workers`: processes verifying a batch's candidates (default 1; see BENCHMARKS.md: on
        Reuters + BBC two workers were not faster, as facts read in a worker are lost to the cache).
        `read_ahead`: read and embed `add`'s inputs in a second process (None: when it pays, see
        `wiretrace.engines.prepare`).
        """
        self.store = Store.open(directory, read_only=read_only)
        self.release_between_batches = release_between_batches
        self.model = model
        if not read_only:
            self._stamp_model()
        self.lsh = lsh or LshConfig()
        self.batch_size = batch_size
        self.workers = workers or 1
        self.read_ahead = read_ahead
        self._reading: prepare.ReadAhead | None = None  # during a big add: the reading process, a second verifier
        self._embedder: Embedder | None = None
        self._profiles: OrderedDict[str, Profile] = OrderedDict()
        self._profile_bytes = 0  # what `_profiles` holds, by `compare.profile_bytes`
        self._profile_budget = PROFILE_CACHE_LARGE_MB * 2**20  # set for the index's size when an add starts
        self._words: OrderedDict[str, frozenset[str]] = OrderedDict()  # content words of stored articles
        self._figures: OrderedDict[str, frozenset[str]] = OrderedDict()  # and their figures (`facts.figures`)
        self._space: NeighbourSpace | None = None
        self._bands: BandTable | None = None
        self._bands_lock = threading.Lock()
        self._exact_neighbours = exact_neighbours
        self._alias_of: dict[str, str] = {}  # aliases of this run not yet committed
        self._ids_of_this_add: set[str] = set()  # to tell an id repeated within one add from an indexed one
        #: The counts of the add in progress, or of the last: what an add stopped midway (Ctrl-C, an
        #: error) had committed; each batch is counted as soon as its transaction commits.
        self.last_report: AddReport | None = None
        self._writing = threading.Lock()  # one writer at a time within the process
        self._cache_lock = threading.Lock()
        self._profile_lock = threading.Lock()
        #: (store version, stories, the story of each member, the roundup links of each end)
        self._stories: tuple[
            tuple[int, int], list[cluster.Story], dict[str, cluster.Story], dict[str, list[DerivedLink]]
        ] | None = None
        self._aliases: tuple[tuple[int, int], list[dict[str, Any]], dict[str, list[dict[str, Any]]]] | None = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the index and let go of its locks (as leaving its `with` block does); of no more use.
        Its caches go too: a closed index still referenced kept its profiles, vectors and mapped
        band files (50 of them, 220 MB and 100 open files)."""
        self.store.close()
        with self._profile_lock:
            self._profiles.clear()
            self._profile_bytes = 0
        self._words.clear()
        self._figures.clear()
        self._space = self._bands = None
        self._stories = self._aliases = None

    def __repr__(self) -> str:
        mode = "read-only" if self.store.read_only else "writable"
        return f"Index({str(self.store.directory)!r}, {mode}{', closed' if self.store.closed else ''})"

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load(self.model)
        return self._embedder

    # -- adding --------------------------------------------------------------------------

    def add(
        self,
        paths: Iterable[str],
        *,
        on_batch: Callable[[AddReport, int], None] | None = None,
        link: bool = True,
        versions: bool = False,
        fields: Mapping[str, str] | None = None,
    ) -> AddReport:
        """Index every article under `paths`; each batch is committed on its own (see `add_articles`).

        Big inputs are read, embedded and fingerprinted in a second process one batch ahead of
        verification, when the machine has a second core (`read_ahead`: None decides by size).
        `fields` names the fields of records whose dump calls them otherwise (`{"text":
        "body_text", "id": "story_id"}`), read from those names alone (`ingest.fields_named`).
        """
        # one path given alone ('dump.jsonl') is that path, not the characters of its name
        paths = [str(paths)] if isinstance(paths, str | os.PathLike) else [str(p) for p in paths]
        # a field misnamed is refused before anything is read; the caller's `fields_named` holds in
        # the reading process too
        fields = checked_fields(fields) or dict(named_fields())
        with fields_named(fields):  # a folder's tables count by the columns named
            ahead = prepare.worth_reading_ahead(paths) if self.read_ahead is None else self.read_ahead
        if not ahead:
            own = self.store.directory  # an index inside an input folder: its own files are no input
            return self.add_articles(read_all(paths, own, fields), on_batch=on_batch, link=link, versions=versions)
        with self._writing:
            batches = prepare.ReadAhead(paths, self.batch_size, self.lsh, self.model, fields, self.store.directory)
            # the reading process verifies a share of each batch's pairs (with worker processes, they do)
            self._reading = batches if self.workers <= 1 else None
            try:
                return self._add(batches, on_batch, link, versions)
            finally:
                self._reading = None
                batches.close()

    def add_from_index(
        self,
        other: str | os.PathLike[str],
        *,
        on_batch: Callable[[AddReport, int], None] | None = None,
        link: bool = True,
    ) -> AddReport:
        """Index the articles of another index directory, read again as this wiretrace reads inputs:
        the rebuild of an index built by another reading of them (`ingest.READING`), which this one
        does not add to. Each article keeps its id, metadata and stored text (an identical copy, its
        own id and metadata); the links are found anew.

        Example:
            >>> with Index("wiretrace-index-new") as index:  # doctest: +SKIP
            ...     index.add_from_index("wiretrace-index")
        """
        if Path(other).resolve() == self.store.directory.resolve():
            raise ConfigError(f"{other}: the index being added to; rebuild into another directory")
        with Store.open(Path(other), read_only=True, made_here=False) as source:
            items = (_read_again(record, f"{other}#{record.get('id')}") for record in source.records())
            return self.add_articles(items, on_batch=on_batch, link=link)

    def add_articles(
        self,
        items: Iterable[Item],
        *,
        on_batch: Callable[[AddReport, int], None] | None = None,
        link: bool = True,
        versions: bool = False,
    ) -> AddReport:
        """Index already-read articles (rejected inputs are counted and reported); one transaction per batch.

        `link=False` stores the articles and makes them searchable without looking for links to
        or among them (bulk-loading a reference archive whose own reuse is not wanted): later
        adds and queries are still matched against them, and identical texts are still copies.
        `versions=True` keeps other text given under an indexed id (a recrawled page that
        changed) as that id's next version, `ID#v2`, ..., instead of rejecting it; it is then
        matched like any new article, so an edited version is linked to the version before.
        """
        if self.store.read_only:  # refused before reading anything, not at the first batch's insert
            raise StoreError(f"{self.store.directory}: this index was opened with read_only=True; open it without "
                             "to add articles")  # fmt: skip
        if isinstance(items, dict | str):  # one record or text alone: not its keys or characters read as items
            _an_item(items)
        items = [items] if isinstance(items, Article) else items
        if isinstance(items, Sequence):  # a list is checked whole before anything is stored
            for item in items:
                _an_item(item)
        with self._writing:
            # each article as a copy: the add dates and renames what it stores, not the caller's object
            checked = (copy.copy(x) if isinstance(x, Article) else x for x in map(_an_item, items))
            batches = prepare.prepared(checked, self.batch_size, self.lsh, lambda: self.embedder)
            return self._add(batches, on_batch, link, versions)

    @parallel.bulk_work()
    def _add(
        self,
        batches: Iterable[prepare.Prepared],
        on_batch: Callable[[AddReport, int], None] | None,
        link: bool,
        versions: bool = False,
    ) -> AddReport:
        report = self.last_report = AddReport()
        self._ids_of_this_add = set()
        self._alias_of = {}  # the last add's are committed: the store answers for them
        self._profile_budget = _profile_budget(self.store.count())
        if not link:  # keep the search caches loaded, so they grow with the store instead of catching up later
            self._band_table()
        for prepared in batches:
            batch = prepared.items
            rejected = [x for x in batch if isinstance(x, Rejected)]
            report.rejected.extend(rejected)
            for item in batch:
                if isinstance(item, Skipped):
                    report.skipped[item.kind] += item.records
            fresh, aliases, duplicates, redated = self._dedupe(prepared.articles, report, versions)
            new = prepared.select(fresh)  # candidates and storage
            keys, vecs = with_anchors(new.keys, new.anchors), new.centroids  # the rows stored and searched
            # a text dated earlier by its own id again is judged as a copy dated so would make it
            dating = [*aliases, *((a, a.id or "") for a in redated)]
            verified = self._link_batch(new, report, pending=dating) if link else []
            links = self._without_event_links(verified, fresh, vecs)
            dropped, again = self.judge_again(dating) if link and dating else ([], [])
            report.judged_again += len(dropped)
            batch_id = self.store.next_batch_id()
            self.store.write_batch(batch_id, fresh, keys, vecs, links + again, duplicates, len(rejected), aliases,
                                   dropped, [(a.id or "", a.published or "") for a in redated])  # fmt: skip
            self._forget_profiles(a.id or "" for a in redated)
            # counted as soon as committed: an add stopped from here on (Ctrl-C) reports them
            report.added += len(fresh) + len(aliases)
            report.identical += len(aliases)
            report.duplicates += duplicates
            report.links += len(links)
            report.same_event += len(verified) - len(links)
            log.info("committed batch %d: %d new texts, %d copies, %d links", batch_id, len(fresh), len(aliases),
                     len(links))  # fmt: skip
            if self._readers_wait():
                self.store.hand_over()
            self._remember(batch_id, fresh, keys, vecs)
            if new.profiles:  # their words are at hand: the next batches' candidates need them
                self._keep(self._words, {a.id or "": p.content for a, p in zip(fresh, new.profiles)})
                self._keep(self._figures, {a.id or "": p.figures for a, p in zip(fresh, new.profiles)})
            if on_batch:  # a reader the callback opens here gets in when the writer lets readers in
                with self.store.lending() if self.release_between_batches else contextlib.nullcontext():
                    on_batch(report, len(batch))
        if self._space is not None:
            self._space.save()  # the neighbour graph file catches up with the store (when it is in use)
        if self._bands is None and not (self.store.directory / BAND_FILE).exists() and self.store.count():
            self._band_table()  # the file lost to a kill while it was saved: an add of copies alone writes it
        if self._bands is not None:
            self._bands.save()  # and so does the sorted band file
        if self.release_between_batches:
            self.store.release()  # the add is done: readers come in whether or not one waited yet
        return report

    def _dedupe(
        self, articles: list[Article], report: AddReport, versions: bool = False
    ) -> tuple[list[Article], list[tuple[Article, str]], int, list[Article]]:
        """Split a batch into new texts, identical copies of known text under a new id (aliases),
        and skipped duplicates (same id and text again), with those duplicates that date a stored
        text earlier than the index does (`_earlier_again`). An id given for other text than the
        index holds is rejected, or with `versions` given the next version id (`_number_versions`)."""
        hashes = [content_hash(a.text) for a in articles]
        holder = self.store.ids_for_hashes(hashes)  # content hash -> id storing that text
        taken_ids = self.store.known_ids([a.id or "" for a in articles])
        renamed = self._number_versions(articles, hashes, taken_ids, holder) if versions else {}
        _earliest_of_each_text(articles, hashes)
        # a text new to the index and given several times in this batch is held by its earliest
        # dated id (`judging_key`), whatever order the copies come in
        first: dict[str, tuple[tuple[bool, str, int, str, str], str]] = {}  # content hash -> earliest copy's key, id
        for article, digest in zip(articles, hashes):
            aid = renamed.get((article.id or "", digest), article.id or "")
            if aid and aid not in taken_ids and digest not in holder:
                key = (judging_key(article.published, aid), aid)
                first[digest] = min(first.get(digest, key), key)
        # the addresses each known text is held under: the same page under another id (a feed's guid
        # beside the URL `watch` names it by) is the same article again, not a copy of it
        held_at = self.store.text_urls(sorted({holder[d] for d, a in zip(hashes, articles) if a.url and d in holder}))
        urls = {text: {page_key(u) for u in at} for text, at in held_at.items()}  # http/https, www., tracking
        first_url = {
            d: page_key(a.url) for a, d in zip(articles, hashes) if d in first and first[d][-1] == a.id and a.url
        }
        fresh: list[Article] = []
        aliases: list[tuple[Article, str]] = []
        again: list[tuple[Article, str]] = []  # a held text's page again, with a date, and the id holding it
        same_id: list[tuple[Article, str]] = []  # an indexed id with its text again, and that id
        taken_here: dict[str, str] = {}  # an id taken in this batch: the text it was taken with
        duplicates = 0
        for article, digest in zip(articles, hashes):
            aid = base = article.id or ""
            if not aid:
                report.rejected.append(Rejected(article.where or article.title or "<article>", "article has no id"))
                continue
            if (base, digest) in renamed:
                aid = article.id = renamed[(base, digest)]  # in place: the batch's vectors are found by identity
                if aid != base:  # not the id's own text again (a duplicate under the id it was given)
                    report.renamed[article.where or base] = aid  # the caller's own article keeps its id
            canonical = holder.get(digest)
            if aid in taken_ids:
                if canonical is None and taken_here.get(aid) == digest and digest in first:
                    # its text again, held by the batch's earliest copy of it, which may come later
                    # (a page captured twice, a dated copy of it between): a duplicate, stored with it
                    canonical = first[digest][-1]
                same = canonical is not None and (canonical == aid or self._canonical(aid) == canonical)
                if same or (canonical is not None and not versions and canonical in self.store.versions(aid).values()):
                    duplicates += 1  # the same text again, under the id or one of its versions (`ID#v2`)
                    _skipped(report, article, aid, canonical or "")
                    if same:  # not another version's text
                        same_id.append((article, aid))
                    if canonical == aid and article.published:
                        again.append((article, aid))
                elif aid in self._ids_of_this_add:
                    report.rejected.append(Rejected(article.where or aid, f"id {aid!r} {REPEATED_ID}"))
                else:
                    report.rejected.append(
                        Rejected(article.where or aid, f"id {aid!r} already indexed with different content")
                    )
                continue
            page = page_key(article.url) if article.url else None
            if page is not None and (
                page in urls.get(canonical or "", ()) or (first_url.get(digest) == page and first[digest][-1] != aid)
            ):
                duplicates += 1  # this page's text under its address again, by another id
                _skipped(report, article, aid, canonical or first[digest][-1])
                if article.published:
                    again.append((article, canonical or first[digest][-1]))
                continue
            taken_ids.add(aid)
            taken_here[aid] = digest
            self._ids_of_this_add.add(aid)
            if (base, digest) in renamed:
                report.versions.append(aid)
            if canonical is None and digest in first and first[digest][-1] != aid:
                canonical = first[digest][-1]  # the earliest copy holds the text; it may come later
            if canonical is not None:
                aliases.append((article, canonical))
                self._alias_of[aid] = canonical
            else:
                holder[digest] = aid
                fresh.append(article)
        # the stored metadata both reads below compare with, in one lookup
        held = self.store.meta(sorted({aid for _, aid in same_id + again})) if same_id or again else {}
        report.restated += _restated(same_id, held)
        return fresh, aliases, duplicates, _earlier_again(again, held)

    def _number_versions(
        self, articles: list[Article], hashes: list[str], taken_ids: set[str], holder: dict[str, str]
    ) -> dict[tuple[str, str], str]:
        """For each (id, content hash) of the batch whose id the index holds with other text, or
        which the batch gives with several texts: the id it is stored under. A text the id
        already has (any stored version) keeps its id and is a duplicate; a new one gets the
        next `version_id` after the stored versions, the batch's texts of one id earliest first
        (`judging_key`), texts of one date in the order received: a page's original and its
        correction, crawled a month apart, both state the day it was published. (A batch run,
        `pipeline.number_versions`, has no order received and breaks such ties by content hash.)"""
        texts: dict[str, dict[str, tuple[tuple[bool, str, int, str, str], int]]] = {}  # id -> hash -> earliest
        for position, (article, digest) in enumerate(zip(articles, hashes)):
            if article.id:  # the earliest dated first; texts of one date in the order received
                key = (judging_key(article.published, article.id), position)
                by_hash = texts.setdefault(article.id, {})
                by_hash[digest] = min(by_hash.get(digest, key), key)
        renamed: dict[tuple[str, str], str] = {}
        for base, by_hash in texts.items():
            if base not in taken_ids and len(by_hash) < 2:
                continue  # a new id with one text: nothing to number
            stored = self.store.versions(base) if base in taken_ids else {}
            held = {version_id(base, n): text_holder for n, text_holder in stored.items()}
            taken_ids.update(held)  # a stored version given again is a duplicate, not a new id
            number = max(stored, default=0)
            for digest in sorted(by_hash, key=lambda d: (by_hash[d], d)):
                same = next((vid for vid, text_holder in held.items() if holder.get(digest) == text_holder), None)
                if same is not None:
                    renamed[(base, digest)] = same  # a text this id already has: a duplicate
                    continue
                number += 1
                renamed[(base, digest)] = version_id(base, number)
        return {key: vid for key, vid in renamed.items() if vid != key[0] or key[0] in taken_ids}

    def _forget_profiles(self, ids: Iterable[str]) -> None:
        """Drop cached profiles of stored articles whose stored fields changed (a date moved)."""
        with self._profile_lock:
            for article_id in ids:
                if (gone := self._profiles.pop(article_id, None)) is not None:
                    self._profile_bytes -= profile_bytes(gone)

    def _canonical(self, article_id: str) -> str | None:
        return self._alias_of.get(article_id) or self.store.canonical(article_id)

    def _profile(self, article: Article, vectors: np.ndarray | None = None, ready: Profile | None = None) -> Profile:
        """The article's profile, from the cache, else `ready` (built ahead), else built now (with
        `vectors`, its sentence embeddings, when known); cached."""
        key = article.id or ""
        with self._profile_lock:
            if key in self._profiles:
                self._profiles.move_to_end(key)
                return self._profiles[key]
        p = ready if ready is not None else profile(article, self.embedder, vectors)
        with self._profile_lock:
            if key not in self._profiles:
                self._profile_bytes += profile_bytes(p)
            self._profiles[key] = p
            while self._profile_bytes > self._profile_budget and len(self._profiles) > 1:
                self._profile_bytes -= profile_bytes(self._profiles.popitem(last=False)[1])
        return p

    def _keep_profile(self, article: Article, p: Profile) -> None:
        """Cache `p`, a profile built ahead for an article not needed now, if it fits without
        evicting any: at scale the cache holds a few thousand, and the candidates' come first."""
        with self._profile_lock:
            size = profile_bytes(p)
            if (article.id or "") not in self._profiles and self._profile_bytes + size <= self._profile_budget:
                self._profiles[article.id or ""] = p
                self._profile_bytes += size

    def _stored_profile(self, article_id: str) -> Profile:
        with self._profile_lock:
            cached = self._profiles.get(article_id)
        if cached is not None:
            return self._profile(cached.article)
        return self._stored_profiles([article_id])[article_id]

    def _stored_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """Stored articles by id: from the profile cache, the others read in one query."""
        ids = list(dict.fromkeys(ids))
        with self._profile_lock:
            cached = {i: self._profiles[i].article for i in ids if i in self._profiles}
        rows = self.store.articles([i for i in ids if i not in cached])
        return {i: cached[i] if i in cached else _stored_article(i, rows[i]) for i in ids}

    def _stored_profiles(self, ids: Iterable[str]) -> dict[str, Profile]:
        """Profiles of stored articles, reading the ones not cached in one query."""
        return {i: self._profile(a) for i, a in self._stored_articles(ids).items()}

    def _remember(self, batch_id: int, articles: list[Article], keys: np.ndarray, vecs: np.ndarray) -> None:
        """Make a committed batch's articles searchable by the in-memory caches (when loaded)."""
        ids = [a.id or "" for a in articles]
        if self._space is not None:
            self._space.add(ids, vecs)
        if self._bands is not None:
            self._bands.add(batch_id, ids, keys)

    def _band_table(self) -> BandTable:
        """The stored band keys (see `wiretrace.engines.bands`), caught up with batches other processes committed."""
        with self._bands_lock:
            if self._bands is None:
                space = self._neighbour_space()  # its map from article key to id serves both
                self._bands = BandTable(self.store, writable=not self.store.read_only, id_of=space.by_key)
                return self._bands
        self._bands.catch_up()
        return self._bands

    def _neighbour_space(self) -> NeighbourSpace:
        if self._space is None:
            self._space = NeighbourSpace(
                self.store.directory,
                self.embedder.dim,
                self.store,
                writable=not self.store.read_only,
                exact_limit=self._exact_neighbours,
                common=common_directions(self.embedder.name),
            )
        return self._space

    def shared_anchors(self, articles: list[Article], anchors: np.ndarray) -> Counter[tuple[int, str]]:
        """The sentence anchors each (batch position, other article id) pair shares
        (`detect.shared_anchors`; `anchors`: the batch's), against the stored index and within the batch."""
        if not articles or not anchors.size:
            return Counter()
        held = self._band_table().lookup(anchors[anchors != 0])
        return shared_anchors(anchors, held, [a.id or "" for a in articles])

    def candidates(
        self,
        articles: list[Article],
        keys: np.ndarray,
        batch_vecs: np.ndarray,
        anchored: Mapping[tuple[int, str], int] | None = None,
        left_out: dict[int, set[str]] | None = None,
    ) -> list[tuple[int, str]]:
        """Candidate (batch position, other article id) pairs from LSH and nearest centroids,
        against the stored index and within the batch (`keys`, `batch_vecs`: the batch's band
        keys and centroids), and the pairs sharing sentences (`anchored`: how many anchors each
        shares); of an article's many copy candidates, its likeliest sources (`likeliest_sources`): the
        stored ones left out are put in `left_out` (by batch position), when given."""
        anchored = anchored or {}
        if not articles:
            return []
        ids = [a.id or "" for a in articles]
        stored_shared: Counter[tuple[int, str]] = Counter()  # band keys each (position, stored id) shares
        stored = self._band_table().lookup(keys.ravel())
        if stored:
            flat, rows = distinct_keys_per_row(keys)
            hit = np.isin(flat, np.fromiter(stored, dtype=np.uint64, count=len(stored)))
            for k, pos in zip(flat[hit].tolist(), rows[hit].tolist()):
                stored_shared.update((pos, other) for other in stored[k])
        stored_pairs = set(stored_shared)
        within = band_pairs(keys)
        hits = self._neighbour_space().search_with_batch(batch_vecs, *_CROWDED_RULE)
        banded = [{o for o in found if ((pos, o) in stored_pairs if isinstance(o, str) else _pair(pos, o) in within)}
                  for pos, found in enumerate(hits)]  # fmt: skip
        stored_pairs, within, anchored = self._likeliest_sources(articles, keys, stored_shared, within, anchored,
                                                                 {} if left_out is None else left_out)  # fmt: skip
        stored_vecs = self._neighbour_space().vectors_of(sorted({o for b in banded for o in b if isinstance(o, str)}))
        for pos, found in enumerate(hits):
            vecs = {o: stored_vecs[o] if isinstance(o, str) else batch_vecs[o] for o in banded[pos]
                    if not isinstance(o, str) or o in stored_vecs}  # fmt: skip
            for other in beside_near_copies(found, near_copies(batch_vecs[pos], vecs)):
                if isinstance(other, str):
                    stored_pairs.add((pos, other))
                else:
                    within.add(_pair(pos, other))
        return sorted(stored_pairs | {(i, ids[j]) for i, j in within} | set(anchored))

    def _likeliest_sources(
        self,
        articles: list[Article],
        keys: np.ndarray,
        stored_shared: Mapping[tuple[int, str], int],
        within: set[tuple[int, int]],
        anchored: Mapping[tuple[int, str], int],
        left_out: dict[int, set[str]],
    ) -> tuple[set[tuple[int, str]], set[tuple[int, int]], Mapping[tuple[int, str], int]]:
        """The band pairs against the stored index (`stored_shared`: the band keys each shares) and
        within the batch (`within`, rows of `keys`), and the `anchored` pairs, less the copy
        candidates `likeliest_sources` leaves out; a pair within the batch stays when either keeps
        the other. The stored candidates left out go in `left_out`, by batch position."""
        ids = [a.id or "" for a in articles]
        position = {i: p for p, i in enumerate(ids)}
        partners: dict[int, set[str | int]] = defaultdict(set)
        for pos, other in stored_shared:
            partners[pos].add(other)
        for i, j in within:
            partners[i].add(j)
            partners[j].add(i)
        for pos, other in anchored:
            if (o := position.get(other)) is not None:
                partners[o].add(pos)
            partners[pos].add(other if o is None else o)
        crowded = {pos for pos, found in partners.items() if len(found - {ids[pos]}) > COPY_CANDIDATES}
        if not crowded:
            return set(stored_shared), within, anchored
        shared: dict[int, Counter[str | int]] = {pos: Counter() for pos in crowded}
        for (pos, other), n in stored_shared.items():
            if pos in crowded and other != ids[pos]:
                shared[pos][other] += n
        for i, j in within:
            for a, b in ((i, j), (j, i)):
                if a in crowded:
                    shared[a][b] += int(np.count_nonzero(keys[a] == keys[b]))
        for (pos, other), n in anchored.items():
            o = position.get(other)
            if pos in crowded and other != ids[pos]:
                shared[pos][other if o is None else o] += n
            if o is not None and o in crowded:
                shared[o][pos] += n
        order: dict[str | int, Any] = {}
        order.update(self._source_order(sorted({o for pos in crowded for o in shared[pos] if isinstance(o, str)})))
        order.update({p: (1, judging_key(a.published, ids[p])) for p, a in enumerate(articles)})
        keep = {pos: likeliest_sources(shared[pos], order) for pos in crowded}
        left_out.update({pos: {o for o in shared[pos] if isinstance(o, str)} - keep[pos] for pos in crowded})

        def kept(pos: int, other: str | int) -> bool:
            return pos not in keep or other in keep[pos]

        log.info("%d articles with over %d copy candidates: their likeliest sources judged", len(crowded),
                 COPY_CANDIDATES)  # fmt: skip
        return (
            {(pos, o) for pos, o in stored_shared if kept(pos, o)},
            {(i, j) for i, j in within if kept(i, j) or kept(j, i)},
            {(pos, o): n for (pos, o), n in anchored.items()
             if (kept(pos, o) if (mate := position.get(o)) is None else kept(pos, mate) or kept(mate, pos))},
        )  # fmt: skip

    def _source_order(self, ids: Sequence[str]) -> dict[str, tuple[int, tuple[bool, str, int, str, str]]]:
        """How `likeliest_sources` orders stored articles: those no stored link derives first, then by
        `judging_key` of the date each text is judged by (its copy published first, `_holder`). The
        links are read with their loops broken as attribution breaks them (`_loops_broken`): a story's
        first copy stored as the target of undated copies carrying it whole derives from none as
        attribution reads it, and ranked with the derived it lost its place to the batch's copies."""
        meta, derived, copies = self.store.meta(ids), self.store.derived(ids), self.store.copy_dates(ids)
        if derived:  # only an article a stored link derives lies on a loop, so only such may derive from none
            derived &= {lk.target for lk in self._loops_broken(sorted(derived))}
        out = {}
        for i in ids:
            own = cluster.Member(i, (meta.get(i) or {}).get("published"), 0)
            holder = _holder(own, [cluster.Member(a, published, 0) for a, published in copies.get(i, ())])
            out[i] = (2 if i in derived else 0, judging_key(holder.published, i))
        return out

    def _held_dates(
        self, stored: dict[str, Article], pending: Sequence[tuple[Article, str]] = ()
    ) -> dict[str, str | None]:
        """For those of the `stored` articles whose text an identical copy published first
        (`_holder`), that copy's date: the date the text is judged by, as `links` credits the
        text's links to that copy. `pending`: this batch's copies (article, stored id), not stored yet."""
        copies = self.store.copy_dates(list(stored))
        for alias, canonical in pending:
            if canonical in stored:
                copies.setdefault(canonical, []).append((alias.id or "", alias.published))
        held: dict[str, str | None] = {}
        for canonical, rows in copies.items():
            own = cluster.Member(canonical, stored[canonical].published, 0)
            holder = _holder(own, [cluster.Member(i, published, 0) for i, published in rows])
            if holder is not own:
                held[canonical] = holder.published
        return held

    def _first_published(
        self, profiles: dict[str, Profile], pending: Sequence[tuple[Article, str]] = ()
    ) -> dict[str, Profile]:
        """`profiles` of stored texts as they are judged: each dated by the copy that published it
        first (`_held_dates`; `pending`: copies not stored yet)."""
        held = self._held_dates({i: p.article for i, p in profiles.items()}, pending)
        return {i: _dated(p, held[i]) if i in held else p for i, p in profiles.items()}

    def judge_again(self, aliases: Sequence[tuple[Article, str]]) -> tuple[list[tuple[str, str]], list[DerivedLink]]:
        """The stored links of the texts this batch's copies (`aliases`) make earlier published (a
        wire story indexed after a mirror's copy of it, or in a later batch of one add): judged
        again by the date the text has now, as one add of both would have judged them, so a farm's
        rewrite dated after the wire is not left as its source. Returns the links to drop and those
        judged in their place."""
        known = self.store.known_ids(sorted({canonical for _, canonical in aliases}))
        if not known:
            return [], []
        texts = self._stored_articles(sorted(known))
        before, after = self._held_dates(texts), self._held_dates(texts, aliases)
        moved = sorted(c for c, a in texts.items() if before.get(c, a.published) != after.get(c, a.published))
        stale = self.store.links_touching(moved)
        texts_of = self.store.canonicals(sorted({x for lk in stale for x in (lk.source, lk.target)}))
        # an imported run's link may name a copy's id (its text held under another): left as it is
        stale = [lk for lk in stale if texts_of.get(lk.source) == lk.source and texts_of.get(lk.target) == lk.target]
        # a roundup stitched from a text now published earlier is still stitched from it: judged again
        # pair by pair it would be lost (its target, moved, is stitched anew among its candidates below)
        stale = [lk for lk in stale if not (is_stitched(lk.reason) and lk.target not in moved)]
        again = self.verify_stored([(lk.source, lk.target) for lk in stale], aliases)
        if stale:
            log.info("judged again %d links of %d texts now published earlier", len(stale), len(moved))
        # pairs judged unrelated under the old date left no link to judge again (an undated mirror
        # indexed before the wire, judged after the wire's dated rewrites): the texts' candidates anew
        redated = [dataclasses.replace(texts[c], published=after.get(c, texts[c].published)) for c in moved]
        found = self._links_anew(redated, aliases) if redated else []
        kept = {(lk.source, lk.target): lk for lk in again}
        kept.update({(lk.source, lk.target): lk for lk in found if (lk.target, lk.source) not in kept})
        return [(lk.source, lk.target) for lk in stale], list(kept.values())

    def verify_stored(
        self, pairs: Sequence[tuple[str, str]], pending: Sequence[tuple[Article, str]] = ()
    ) -> list[DerivedLink]:
        """The verified links of pairs of stored texts, each judged by the date of the copy that
        published it first (`_first_published`; `pending`: copies not stored yet), in judging order."""
        if not pairs:
            return []
        ends = self._stored_articles(x for pair in pairs for x in pair)
        profiles = self._first_published({i: self._profile(a) for i, a in ends.items()}, pending)
        judged = (verify(*judging_order(profiles[a], profiles[b])) for a, b in pairs)
        return [lk for lk in judged if lk is not None]

    def _links_anew(self, articles: list[Article], pending: Sequence[tuple[Article, str]]) -> list[DerivedLink]:
        """The links of stored texts (`articles`, dated as they are judged now) to the other stored
        ones, found and verified as for a batch's articles, the event check applied."""
        new = prepare.prepare(list(articles), self.lsh, self.embedder)
        verified = self._link_batch(new, AddReport(), stored_only=True, pending=pending)
        return self._without_event_links(verified, new.articles, new.centroids)

    def links_to_stored(
        self, articles: list[Article], report: AddReport, pending: Sequence[tuple[Article, str]] = ()
    ) -> list[DerivedLink]:
        """The links between `articles` (not stored) and the stored articles, as `add` finds them for
        a batch, but none among `articles`: `index import` asks for them, as a batch run linked its
        own articles but never saw what the index held. `pending`: copies of stored texts about to
        be stored with them (`_held_dates`)."""
        with self._writing:
            new = prepare.prepare(list(articles), self.lsh, self.embedder)
            verified = self._link_batch(new, report, stored_only=True, pending=pending)
            links = self._without_event_links(verified, new.articles, new.centroids)
        report.links += len(links)
        report.same_event += len(verified) - len(links)
        return links

    def _link_batch(
        self,
        new: prepare.Prepared,
        report: AddReport,
        stored_only: bool = False,
        pending: Sequence[tuple[Article, str]] = (),
    ) -> list[DerivedLink]:
        """The verified links of a batch's new articles (`new`) to stored articles and among
        themselves (`stored_only`: to stored articles alone). A stored text is judged by the date
        of the copy that published it first (`_held_dates`; `pending`: the batch's copies)."""
        fresh, ready = new.articles, new.profiles
        shared = self.shared_anchors(fresh, new.anchors)
        left_out: dict[int, set[str]] = {}
        pairs = self.candidates(fresh, new.keys, new.centroids, {p: shared[p] for p in anchored_pairs(shared)},
                                left_out)  # fmt: skip
        position = {a.id or "": i for i, a in enumerate(fresh)}
        if stored_only:
            pairs = [(pos, o) for pos, o in pairs if o not in position]
        report.candidates += len(pairs)
        stored = self._stored_articles(o for _, o in pairs if o not in position)
        figures_of = self._figures_of((i, a.text) for i, a in stored.items())
        in_pairs = {pos for pos, _ in pairs} | {position[o] for _, o in pairs if o in position}
        figures_of.update({fresh[p].id or "": ready[p].figures if ready else figures(fresh[p].text) for p in in_pairs})
        # template pairs are unrelated whatever the alignment says: no profile for them (see verify)
        pairs = [(pos, o) for pos, o in pairs if not different_figures(figures_of[fresh[pos].id or ""], figures_of[o])]
        # so are pairs that share too few words (see verify): no profile for them either
        words_of = self._words_of((i, a.text) for i, a in stored.items())
        in_batch = {fresh[pos].id or "" for pos, _ in pairs} | {o for _, o in pairs if o in position}
        words_of.update({i: ready[position[i]].content if ready else content_words(fresh[position[i]].text)
                         for i in in_batch})  # fmt: skip
        pairs = [(pos, o) for pos, o in pairs if not few_shared_words(words_of[fresh[pos].id or ""], words_of[o])]
        report.judged += len(pairs)
        paired = {fresh[pos].id or "" for pos, _ in pairs} | {o for _, o in pairs if o in position}
        if ready:  # built ahead for every new article: kept, so a later one paired with it needs none built
            for a, p in zip(fresh, ready):
                if (a.id or "") not in paired:
                    self._keep_profile(a, p)
        batch_profiles = {
            i: self._profile(fresh[p], new.sentence_vectors[p], ready[p] if ready else None)
            for i, p in ((i, position[i]) for i in paired)
        }
        batch_profiles.update({o: self._profile(stored[o]) for _, o in pairs if o not in batch_profiles})
        dated_by_copies = {o: batch_profiles[o] for _, o in pairs if o in stored}
        if stored_only:  # stored texts judged anew (`_links_anew`) are dated as the stored candidates are
            dated_by_copies.update({i: batch_profiles[i] for i in paired if i in position})
        batch_profiles.update(self._first_published(dated_by_copies, pending))
        if self._readers_wait():
            self.store.hand_over()  # they read while this batch is verified
        jobs = [judging_order(batch_profiles[other], batch_profiles[fresh[pos].id or ""]) for pos, other in pairs]
        found = [lk for lk in self._verified(jobs) if lk]
        # whose lightly edited sentences count (`stitched_links`): the sources sharing a sentence anchor
        # with an article that shares two with one of them (whose sentences it may carry, edited)
        copying = {x for pos, other in anchored_pairs(shared) for x in (fresh[pos].id or "", other)}
        lightly: dict[str, set[str]] = defaultdict(set)
        for pos, other in shared:
            for target, source in ((fresh[pos].id or "", other), (other, fresh[pos].id or "")):
                if target in copying:
                    lightly[target].add(source)
        found += self._stitched(jobs, found, new, lightly)
        tried = {(fresh[pos].id or "", o) for pos, o in pairs}
        found += self._downstream_links(fresh, found, left_out, tried, report, pending)
        return found + self._upstream_links(fresh, found, tried, report, pending, set(left_out))

    def _verified(self, jobs: Sequence[tuple[Profile, Profile]]) -> list[DerivedLink | None]:
        """`verify` of each (source, target) pair, in order: in worker processes when there are
        (`workers`), with the reading process of a big add taking a share (`prepare.ReadAhead.verify`)."""

        def here(part: Sequence[tuple[Profile, Profile]]) -> list[DerivedLink | None]:
            return parallel.shared_map(_verify_job, part, self.workers, min_items=parallel.MIN_ITEMS)

        return here(jobs) if self._reading is None else self._reading.verify(jobs, here)

    def _stitched(
        self,
        judged: Sequence[tuple[Profile, Profile]],
        found: Sequence[DerivedLink],
        batch: prepare.Prepared | None = None,
        lightly: dict[str, set[str]] | None = None,
    ) -> list[DerivedLink]:
        """`detect.stitched_links` of each target among the `judged` pairs (source, target in judging
        order), its sources those judged before it and the articles found for the runs of its
        sentences (`_roundup_sources`, among the stored ones and the `batch`'s),
        `found` the links already made; `lightly` (by target) the sources sharing a sentence anchor
        with it (`detect.shared_anchors`), whose lightly edited sentences count, as do those of
        the articles found for its runs."""
        lightly = lightly or {}
        sources: dict[str, dict[str, Stitchable]] = defaultdict(dict)
        targets: dict[str, Profile] = {}
        for source, target in judged:
            targets[target.article.id or ""] = target
            sources[target.article.id or ""][source.article.id or ""] = source
        linked = {(lk.source, lk.target) for lk in found}
        for t, found_by_runs in self._roundup_sources(targets, sources, batch, lightly).items():
            sources[t].update(found_by_runs)
            lightly[t] = {*lightly.get(t, ()), *found_by_runs}  # found for its sentences: their edits count
        # and the stored links among the sources: versions of one story are no roundup's two wires
        linked |= {(lk.source, lk.target) for lk in self.store.links_among(sorted({i for near in sources.values()
                                                                                  for i in near}))}  # fmt: skip
        links = []
        for t, near in sources.items():
            if len(near) > 1:
                links += stitched_links(targets[t], list(near.values()), linked, lightly.get(t, set()))
        return links

    def _roundup_sources(
        self,
        targets: Mapping[str, Profile],
        sources: Mapping[str, Mapping[str, Stitchable]],
        batch: prepare.Prepared | None = None,
        lightly: Mapping[str, Collection[str]] | None = None,
    ) -> dict[str, dict[str, Stitchable]]:
        """For each of `targets` (by id), the articles published before it, stored or in its `batch`,
        nearest to the runs of its sentences that one set of its `sources` carries or none does, when
        one of them carries two or more (`detect.roundup_runs`): the wires of a roundup its
        candidates missed, searched for the whole article, or that they hold only through another
        roundup. Every target's runs are searched at once (one pass over the stored vectors)."""
        lightly = lightly or {}
        runs = {t: found for t, target in targets.items()
                if (found := roundup_runs(target, list(sources[t].values()), lightly.get(t, set())))}  # fmt: skip
        if not runs:
            return {}
        owner = [t for t, found in runs.items() for _ in found]
        queries = np.concatenate([run_vectors(targets[t].vectors, found) for t, found in runs.items()])
        hits: dict[str, set[str]] = defaultdict(set)
        near = self._neighbour_space().search(queries, ROUNDUP_NEIGHBOURS, ROUNDUP_MIN_COSINE, search_list=RUN_SEARCH)
        for t, ids in zip(owner, near):
            hits[t].update(ids)
        in_batch: dict[str, dict[str, Article]] = defaultdict(dict)
        if batch is not None and len(batch.articles):
            for t, rows in zip(owner, roundup_hits(queries, batch.centroids, self._neighbour_space().common)):
                in_batch[t].update((batch.articles[r].id or "", batch.articles[r]) for r in rows)
        known = {t: {*sources[t], t} for t in runs}
        from_store = {t: hits[t] - known[t] - set(in_batch[t]) for t in runs}
        stored = self._stored_articles(sorted(set().union(*from_store.values())))
        out: dict[str, dict[str, Stitchable]] = {}
        for t in runs:
            mine = judging_key(targets[t].article.published, t)
            articles = {**{i: stored[i] for i in from_store[t]}, **in_batch[t]}
            out[t] = {i: PlainArticle(a) for i, a in articles.items()
                      if i not in known[t] and judging_key(a.published, i) < mine}  # fmt: skip
        return out

    def _upstream_links(
        self,
        fresh: list[Article],
        found: list[DerivedLink],
        tried: set[tuple[str, str]],
        report: AddReport,
        pending: Sequence[tuple[Article, str]] = (),
        crowded: Collection[int] = (),
    ) -> list[DerivedLink]:
        """Verified links of the batch's articles to the stored sources of the stored articles they
        were found to derive from (`_upstream`), pairs not `tried` yet: the wire story behind the
        farm rewrite a new article was linked to, which attribution then credits. Those judged
        against their likeliest sources alone (`crowded`, batch positions) are tried against the
        first of each one's sources only (`_first_sources`). Counted in the `report`'s candidates
        and judged pairs."""
        position = {a.id or "": i for i, a in enumerate(fresh)}
        links: list[DerivedLink] = []
        for _ in range(UPSTREAM_ROUNDS):
            derived_from: dict[str, set[str]] = defaultdict(set)
            for lk in found:
                if lk.target in position and lk.source not in position:
                    derived_from[lk.source].add(lk.target)
            sources_of = self._sources_of(set(derived_from))
            first = self._first_sources(sources_of) if crowded else sources_of
            pairs = sorted(
                (new, up) for mid, news in derived_from.items() for new in news
                for up in (first if position[new] in crowded else sources_of).get(mid, ())
                if up not in position and up != new and (new, up) not in tried
            )  # fmt: skip
            if not pairs:
                break
            found = self._judged_against_stored(fresh, pairs, tried, report, pending)
            links += found
        return links

    def _judged_against_stored(
        self,
        fresh: list[Article],
        pairs: Sequence[tuple[str, str]],
        tried: set[tuple[str, str]],
        report: AddReport,
        pending: Sequence[tuple[Article, str]] = (),
    ) -> list[DerivedLink]:
        """The verified links of `pairs` (a batch article's id, a stored article's), each judged in
        judging order, the stored text dated by the copy that published it first (`pending`: the
        batch's copies); the pairs are added to `tried` and counted in the `report`'s pairs."""
        position = {a.id or "": i for i, a in enumerate(fresh)}
        tried.update(pairs)
        report.candidates += len(pairs)
        report.judged += len(pairs)
        stored = self._stored_articles(other for _, other in pairs)
        profiles = self._first_published({i: self._profile(a) for i, a in stored.items()}, pending)
        judged = (verify(*judging_order(profiles[other], self._profile(fresh[position[new]]))) for new, other in pairs)
        return [link for link in judged if link is not None]

    def _downstream_links(
        self,
        fresh: list[Article],
        found: list[DerivedLink],
        left_out: Mapping[int, set[str]],
        tried: set[tuple[str, str]],
        report: AddReport,
        pending: Sequence[tuple[Article, str]] = (),
    ) -> list[DerivedLink]:
        """Verified links of the batch's articles that no link derives from anything (`found`) to
        the copy candidates `likeliest_sources` left out of theirs (`left_out`, by batch position)
        that a stored article they were found to be the source of, itself derived from none (a loop
        of links through it broken as attribution breaks it, `_loops_broken`), is
        the source of: a story's first copy added after the others takes over the story, as it
        did when judged against every copy; linked to the old first alone, the copies derived
        from it and each other kept their links to each other. Counted in `report`'s pairs."""
        position = {a.id or "": i for i, a in enumerate(fresh)}
        sourcing = {lk.source for lk in found if lk.source in position and lk.target not in position}
        derived = self._derived_past_loops(found, {a for a in sourcing if left_out.get(position[a])}, position)
        heads = {(lk.source, lk.target) for lk in found if lk.source in position and lk.source not in derived
                 and lk.target not in position and left_out.get(position[lk.source])}  # fmt: skip
        around = self._loops_broken(sorted({r for _, r in heads}))
        roots = {r for _, r in heads} - {lk.target for lk in around}
        if not roots:
            return []
        made: dict[str, set[str]] = defaultdict(set)
        for lk in around:
            if lk.source in roots:
                made[lk.source].add(lk.target)
        pairs = sorted({(new, c) for new, r in heads if r in roots for c in made[r] & left_out[position[new]]
                        if (new, c) not in tried})  # fmt: skip
        return self._judged_against_stored(fresh, pairs, tried, report, pending) if pairs else []

    def _derived_past_loops(self, found: Sequence[DerivedLink], new: set[str], position: Mapping[str, int]) -> set[str]:
        """The targets of the batch's links (`found`), with the loops through the batch's articles
        `new` (those found the source of a stored article) broken as attribution breaks them: the
        stored links into their stored ancestors read with them, as `_loops_broken` reads them. A
        story's dated first copy added after its copies, an undated copy carrying it whole found as
        its source, is derived only through such a loop."""
        derived = {lk.target for lk in found}
        if not (suspects := derived & new & {lk.source for lk in found}):  # a loop runs out of it too
            return derived
        links = {(lk.source, lk.target): lk for lk in found}
        found_into: dict[str, list[DerivedLink]] = defaultdict(list)
        for lk in found:
            found_into[lk.target].append(lk)
        self._with_ancestors(links, suspects, found_into, position)
        return {lk.target for lk in cluster.acyclic(links.values())}

    def _loops_broken(self, ids: Sequence[str]) -> list[DerivedLink]:
        """The stored links touching the stored articles `ids`, with the loops through them broken as
        attribution breaks them (`cluster.acyclic`, which reads each loop whole: the links into their
        ancestors are read with them, a generation a lookup). An undated copy carrying a story's whole
        first copy is stored as its source, and a loop of the copies' links runs through the first;
        read as stored, no copy derived from none, the first copy added later took no story over
        (`_downstream_links`), and the copies it left out each kept the siblings judged as sources."""
        links = {(lk.source, lk.target): lk for lk in self.store.links_touching(ids)}
        wanted = set(ids)
        self._with_ancestors(links, wanted)
        return [lk for lk in cluster.acyclic(links.values()) if lk.source in wanted or lk.target in wanted]

    def _with_ancestors(
        self,
        links: dict[tuple[str, str], DerivedLink],
        ids: set[str],
        found_into: Mapping[str, list[DerivedLink]] | None = None,
        batch: Container[str] = (),
    ) -> None:
        """Add to `links` (read around `ids`) the links into the ancestors of `ids`, a generation a
        lookup, so that every loop through `ids`, which runs through their ancestors only, is read
        whole: stored links into stored articles, and `found_into` (the batch's links by target)
        into the batch's articles (`batch`)."""
        found_into = found_into or {}
        seen = set(ids)
        reach = {lk.source for lk in links.values() if lk.target in seen} - seen
        while reach:
            seen |= reach
            stored = sorted(r for r in reach if r not in batch)
            into = [lk for lk in (self.store.links_touching(stored) if stored else []) if lk.target in reach]
            into += [lk for r in reach for lk in found_into.get(r, ())]
            links.update(((lk.source, lk.target), lk) for lk in into if (lk.source, lk.target) not in links)
            reach = {lk.source for lk in into} - seen

    def _upstream(self, ids: set[str], crowded: bool = False) -> set[str]:
        """The stored sources of the stored articles `ids`: an article derived from a farm's rewrite
        is tried against the wire story the rewrite derives from, which its own candidates may miss
        (a summary's centroid sits far from its long source's, near its siblings'). `crowded`: the
        article was judged against its likeliest sources alone, so against the first of each one's
        sources only (`_first_sources`), as `add` tries it (`_upstream_links`)."""
        sources_of = self._sources_of(ids)
        first = self._first_sources(sources_of) if crowded else sources_of
        return {up for ups in first.values() for up in ups} - ids

    def _sources_of(self, ids: set[str]) -> dict[str, set[str]]:
        """The stored sources of each of the stored articles `ids` (one lookup)."""
        out: dict[str, set[str]] = defaultdict(set)
        for lk in self.store.links_touching(sorted(ids)) if ids else ():
            if lk.target in ids:
                out[lk.target].add(lk.source)
        return out

    def _first_sources(self, sources_of: Mapping[str, set[str]]) -> dict[str, set[str]]:
        """`sources_of` (stored article -> its stored sources) less the sources another of the same
        article's sources is linked to as their source: a copy of a syndicated story derives from the
        story's first and from copies of it (`likeliest_sources`), attribution credits it to the
        first, and an article found to derive from it is tried against that one, not each copy (a
        scale review: a second add of 244 copies of a story tried 22,962 such pairs)."""
        made_from: dict[str, set[str]] = defaultdict(set)
        for lk in self.store.links_among(sorted(set().union(*sources_of.values()))) if sources_of else ():
            made_from[lk.target].add(lk.source)
        out = {}
        for target, sources in sources_of.items():
            first = {s for s in sources if not made_from[s] & sources}
            out[target] = first or sources  # a loop among them: each derived from another
        return out

    def _readers_wait(self) -> bool:
        """Whether to let go of the index now: between batches of a command-line add, when another
        process waits to read it (`Store.readers_waiting`); every add lets go at its end."""
        return self.release_between_batches and self.store.readers_waiting()

    def _without_event_links(
        self, links: list[DerivedLink], fresh: list[Article], vecs: np.ndarray
    ) -> list[DerivedLink]:
        """Drop the links whose shared words are what the reports around the pair share (see
        `detect.event_lift`): independent reports of one event, not derived. `fresh` and `vecs`
        are articles not stored yet (the batch, or the query's probe alone). A stitched link
        (`detect.stitched_links`: sentences copied word for word) is no event's words."""
        stitched = [lk for lk in links if is_stitched(lk.reason)]
        judged = [lk for lk in links if not is_stitched(lk.reason)]
        kept = []
        for lk, lift in zip(judged, self.event_lifts(judged, fresh, vecs, stitched)):
            if not independent_reports(lift, lk.score):
                kept.append(lk)
            else:  # named, so that a reader can compare the two and judge the event check
                log.info("set aside %s -> %s (%s %.2f): event lift %.2f, what the articles around them share",
                         lk.source, lk.target, lk.relation, lk.score, lift)  # fmt: skip
        return kept + stitched

    def event_lifts(
        self,
        links: Sequence[DerivedLink],
        fresh: Sequence[Article] = (),
        vecs: np.ndarray | None = None,
        also: Sequence[DerivedLink] = (),
    ) -> list[float | None]:
        """`detect.event_lift` of each link in its context (`detect.event_context`): the semantic
        neighbours of either end, among stored articles and `fresh` ones (not stored yet; `vecs`
        are their centroids), less the ends' certain copies by the stored links, `links` and
        `also` (other links of the batch)."""
        if not links:
            return []
        vecs = np.zeros((0, self.embedder.dim), dtype=np.float32) if vecs is None else vecs
        ends = sorted({x for lk in links for x in (lk.source, lk.target)})
        position = {a.id or "": i for i, a in enumerate(fresh)}
        space = self._neighbour_space()
        stored_ends = [x for x in ends if x not in position]
        stored_vecs = space.vectors_of(stored_ends)
        stored_vecs.update(self.store.centroids_of([x for x in stored_ends if x not in stored_vecs]))
        ends = [x for x in ends if x in position or x in stored_vecs]
        queries = np.stack([vecs[position[x]] if x in position else stored_vecs[x] for x in ends])
        exclude: list[str | int] = [position.get(x, x) for x in ends]
        known = [*links, *also, *self.store.links_touching(ends)]
        copies = certain_copies((lk.source, lk.target, lk.score) for lk in known)
        shut = {x: set(copies.get(x, ())) for x in ends}  # each end's context leaves out the copies of its links' ends
        for lk in links:
            for x, y in ((lk.source, lk.target), (lk.target, lk.source)):
                shut.setdefault(x, set()).update(copies.get(y, ()))
        wider = min(max((len(shut[x]) for x in ends), default=0), MAX_COPIES_SKIPPED)
        found = space.neighbours(queries, vecs, NEIGHBOURS + wider, NEIGHBOUR_MIN_COSINE, exclude)
        partners = {}
        for x, hits in zip(ends, found):  # the nearest that are no copies: as many reports as without copies
            named = [o if isinstance(o, str) else fresh[o].id or "" for o in hits]
            partners[x] = set([o for o in named if o not in shut[x]][:NEIGHBOURS])
        wanted = {x for hits in partners.values() for x in hits} | set(ends)
        with self._profile_lock:  # a fresh article in a verified pair has its profile, and so its words
            profiled = {x: self._profiles[x] for x in wanted if x in position and x in self._profiles}
        words = {x: profiled[x].content if x in profiled else content_words(fresh[position[x]].text)
                 for x in wanted if x in position}  # fmt: skip
        words.update(self._stored_words(sorted(wanted - set(words))))
        lifts = []
        for lk in links:
            around = event_context(lk.source, lk.target, partners, copies)
            context = [words[x] for x in sorted(around) if x in words]
            lifts.append(event_lift(words.get(lk.source, frozenset()), words.get(lk.target, frozenset()), context))
        return lifts

    def _stored_words(self, ids: Sequence[str]) -> dict[str, frozenset[str]]:
        """Content words of stored articles (an id's text never changes), the recent ones from a cache:
        the event check reads the same neighbourhoods again and again."""
        with self._profile_lock:
            words = {i: self._words[i] for i in ids if i in self._words}
            for i in words:
                self._words.move_to_end(i)
        rows = self.store.articles([i for i in ids if i not in words])
        return words | self._words_of((i, r["text"]) for i, r in rows.items())

    def _words_of(self, texts: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
        """Content words of stored articles (id, text) by id: cached, else from the text (then cached)."""
        return self._cached(self._words, texts, content_words)

    def _figures_of(self, texts: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
        """Figures (`facts.figures`) of stored articles (id, text) by id: each batch's template screen
        reads those of its stored candidates, the same wires again and again."""
        return self._cached(self._figures, texts, figures)

    def _cached(
        self,
        cache: OrderedDict[str, frozenset[str]],
        texts: Iterable[tuple[str, str]],
        read: Callable[[str], frozenset[str]],
    ) -> dict[str, frozenset[str]]:
        """`read(text)` of each (id, text) by id: from `cache` (an id's text never changes), else read
        now and cached, the least recently used of more than `WORDS_CACHED` let go."""
        out: dict[str, frozenset[str]] = {}
        todo: list[tuple[str, str]] = []
        with self._profile_lock:
            for key, text in texts:
                if key in cache:
                    cache.move_to_end(key)
                    out[key] = cache[key]
                else:
                    todo.append((key, text))
        made = {key: read(text) for key, text in todo}
        self._keep(cache, made)
        return out | made

    def _keep(self, cache: OrderedDict[str, frozenset[str]], read: dict[str, frozenset[str]]) -> None:
        with self._profile_lock:
            cache.update(read)
            while len(cache) > WORDS_CACHED:
                cache.popitem(last=False)

    # -- reading -------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        """The indexed article with this id (its stored text and sentences), or None."""
        if not isinstance(article_id, str):  # a number reached the database as a conversion error
            raise TypeError(f"article takes an id (text), not {type(article_id).__name__}")
        canonical = self.store.canonical(article_id)
        if canonical is None:
            return None
        article = self._stored_profile(canonical).article
        if canonical == article_id:
            return article
        return _alias_article(article, self.store.alias_pages([article_id])[article_id])

    def credits(self, links: Sequence[DerivedLink]) -> list[Credit | None]:
        """Whether each link's target credits its source's outlet (`credit.credit`), read off the
        stored texts and each copy's own page (its byline, site and chrome): no sentence vectors."""
        articles = self._credit_articles(sorted({x for lk in links for x in (lk.source, lk.target)}))
        return [credit(articles[lk.source], articles[lk.target]) for lk in links]

    def _credit_articles(self, ids: Sequence[str]) -> dict[str, Article]:
        """The indexed articles `ids` as `credit` reads them: each identical copy with its own page's
        byline, site and chrome (`Store.alias_pages`) over the stored text."""
        pages = self.store.alias_pages(ids)
        stored = self._stored_articles(sorted({pages[i]["canonical"] if i in pages else i for i in ids}))
        return {i: _alias_article(stored[p["canonical"]], p) if (p := pages.get(i)) else stored[i] for i in ids}

    def compare(self, source_id: str, target_id: str) -> Comparison:
        """Compare two indexed articles (the full sentence-by-sentence explanation); `wiretrace.compare`
        compares `Article`s. A link whose earlier article is contained in the later
        (`cluster.CONTAINED_LATER`) carries the verdict of its target read as the source:
        `compare(link.target, link.source)`."""
        for given in (source_id, target_id):
            if not isinstance(given, str):
                raise TypeError(f"Index.compare takes two indexed ids (text), not {type(given).__name__}; "
                                "compare articles with wiretrace.compare(source, target)")  # fmt: skip
        found = {i: self.article(i) for i in (source_id, target_id)}
        missing = [i for i, a in found.items() if a is None]
        if missing:
            raise StoreError(f"{missing[0]}: no such article in the index {self.store.directory}")
        return compare_articles(found[source_id], found[target_id], self.embedder)  # type: ignore[arg-type]

    def links(self) -> list[DerivedLink]:
        """The index's derived links as reported: verified links plus identical copies (aliases), each
        derived article attributed to its earliest source (`cluster.attribute`), by source then
        target: the same index gives the same list, however it was built (in batches of any size,
        or imported from a run)."""
        return sorted(cluster.attribute(self.verified_links()), key=lambda lk: (lk.source, lk.target))

    def verified_links(self) -> list[DerivedLink]:
        """Every verified link and every identical copy's `copy` link, before each derived article is
        credited to its earliest source (`links`): a farm's edit of another farm's rewrite keeps its
        link to that rewrite, which a de-duplicated corpus (`export --drop`) reads."""
        links = self.store.links()
        first, copies = self.copy_holders()
        if first:  # the text's links belong to the copy that published it first: wire -> that copy -> others
            links = [
                dataclasses.replace(lk, source=first.get(lk.source, lk.source), target=first.get(lk.target, lk.target))
                for lk in links
            ]
        return links + copies

    def copy_holders(self) -> tuple[dict[str, str], list[DerivedLink]]:
        """Of each text stored once for identical copies, the copy that published it first when that
        is not the one it is stored under ({stored id: that copy}), and the `copy` links from it to
        the others. A copy indexed later holds the text when it states a date and the stored one
        does not, or an earlier time (`cluster.orient`); otherwise the stored one does."""
        groups = self._alias_table()[1]
        first: dict[str, str] = {}
        copies: list[DerivedLink] = []
        if not groups:
            return first, copies
        meta = self.store.meta(list(groups))
        for canonical, rows in groups.items():
            c = meta[canonical]
            stored = cluster.Member(canonical, c["published"], c["quotes"])
            others = [cluster.Member(a["id"], a["published"], c["quotes"]) for a in rows]
            holder = _holder(stored, others)
            if holder is not stored:
                first[canonical] = holder.id
            for other in [stored, *others]:
                if other is holder:
                    continue
                reason = cluster.IDENTICAL_TEXT + cluster.holder_reason(holder, other)
                copies.append(DerivedLink(holder.id, other.id, "copy", 1.0, 1.0, 1.0, reason))
        return first, copies

    @parallel.bulk_work()
    def query(self, article: Article) -> QueryResult:
        """Match one article against the index without adding it: what it derives from, what derives
        from it, and its story family. Same candidates and verification as `add`. Each source or
        derived match says whether the later of the two credits the earlier's outlet (`credited`), and
        so does an identical match the queried article is later than (undated, read as of now; or
        dated, beside a dated match it is not dated before): a verbatim copy under
        another agency's dateline (the dateline is no part of the text compared) is the commonest
        misattribution a licensing desk checks."""
        if not isinstance(article, Article):
            raise TypeError(f"query takes an Article, not {type(article).__name__}: read a text with "
                            "wiretrace.from_text or a file with read_path; an indexed id's article is "
                            "index.article(id)")  # fmt: skip
        if not article.sentences:  # an Article made by hand with no text: it matched stored empty ones
            raise InputError(article.where or article.id or "article", "no article text (no sentences)")
        with self.store.links_held():
            result = self._query(article)
        said = article.published
        linked = [m for m in result.matches if m.role in ("source", "derived") or (m.role == "identical" and (
                  not said or (m.published and cluster.earlier(said, m.published) >= 0)))]  # fmt: skip
        pages = self._credit_articles([m.id for m in linked])
        found = {m.id: credit(article, pages[m.id]) if m.role == "derived" else credit(pages[m.id], article)
                 for m in linked}  # fmt: skip
        matches = tuple(dataclasses.replace(m, **credit_columns(c)) if (c := found.get(m.id)) else m
                        for m in result.matches)  # fmt: skip
        return dataclasses.replace(result, matches=matches)

    def _query(self, article: Article) -> QueryResult:
        """`query` but the credits."""
        digest = content_hash(article.text)
        twin = self.store.ids_for_hashes([digest]).get(digest)
        twin_article = self._stored_articles([twin])[twin] if twin is not None else None
        if twin_article is not None and (indexed := self._as_indexed(article, twin_article)) is not None:
            return indexed
        probe = dataclasses.replace(article, id=_QUERY_ID)
        if twin_article is not None and not probe.published:  # the same text is indexed: it has that article's date
            probe.published = twin_article.published
        mine = profile(probe, self.embedder)
        matches: list[Match] = []
        copying: Counter[str] = Counter()  # copy candidates: the band keys and sentence anchors each shares
        keys = band_keys(signatures([probe.text], self.lsh), self.lsh)
        for ids in self._band_table().lookup(keys.ravel()).values():
            copying.update(ids)
        mine_vec = centroid(mine)
        space = self._neighbour_space()
        copies = near_copies(mine_vec, space.vectors_of(sorted(copying)))
        anchors = sentence_anchors([[s.text for s in probe.sentences]])  # a roundup's wires, by the sentences it ran
        sharing = shared_anchors(anchors, self._band_table().lookup(anchors[anchors != 0]), [""])
        copying.update({o: sharing[(row, o)] for row, o in anchored_pairs(sharing)})
        copying.pop(twin or "", None)
        left_out: set[str] = set()
        if len(copying) > COPY_CANDIDATES:  # a syndicated story: its likeliest sources, as `add` judges
            kept = likeliest_sources(copying, self._source_order(sorted(copying)))
            left_out = set(copying) - kept
        candidates = set(copying) - left_out
        candidates.update(beside_near_copies(space.search(mine_vec[None, :], *_CROWDED_RULE)[0], copies))
        candidates.discard(twin or "")
        self.store.hold_links([*sorted(candidates), _QUERY_ID])  # their links are read 3-4 times: once
        # a dated article queried is ordered as `add` would order it, after indexed ones of the same
        # date; an undated one is read now, after every indexed article, dated or not (its id, a
        # path or nothing, must not decide)
        mine_key = (*judging_key(probe.published, "")[:4], _READ_NOW[4]) if probe.published else _READ_NOW

        unlinked: dict[str, tuple[Profile, bool]] = {}  # candidates judged not derived, for `_shared_passages`
        before: list[Profile] = []  # candidates judged before it: what it may be stitched from (`_stitched`)

        def judged(ids: Iterable[str]) -> list[DerivedLink]:
            near = self._stored_articles(sorted(ids))
            words_of = self._words_of((i, a.text) for i, a in near.items())
            others = [
                a for i, a in near.items() if not set_aside(figures(a.text), words_of[i], mine.figures, mine.content)
            ]  # fmt: skip
            links = []
            for other in self._first_published({a.id or "": self._profile(a) for a in others}).values():
                other_first = judging_key(other.article.published, other.article.id or "") <= mine_key
                if other_first:
                    before.append(other)
                # when the content cannot tell, an article on record before the queried one is its source
                link = verify(other, mine, _QUERY_ID) if other_first else verify(mine, other, _QUERY_ID)
                if link is not None:
                    links.append(link)
                else:
                    unlinked[other.article.id or ""] = (other, other_first)
            return links

        found = judged(candidates)
        tried = candidates | {twin or ""}
        for _ in range(UPSTREAM_ROUNDS):  # the sources of what it derives from, when no candidate
            upstream = self._upstream({lk.source for lk in found if lk.target == _QUERY_ID}, bool(left_out)) - tried
            if not upstream:
                break
            tried |= upstream
            found += judged(upstream)
        if downstream := self._downstream(found, left_out - tried):
            tried |= downstream
            found += judged(downstream)
        lightly = {_QUERY_ID: {o for _, o in sharing}}  # sharing a sentence with it: their light edits count
        found += self._stitched([(other, mine) for other in before], found, lightly=lightly)
        found = self._without_event_links(found, [probe], centroid(mine)[None, :])
        # the same attribution as stories: a sibling rewrite is not a source when its own source is
        # (the stored links as `links` reports them: a loop among them broken first, as there, so that
        # breaking it does not turn the query's own links round instead)
        between = self.store.links_among([x for lk in found for x in (lk.source, lk.target) if x != _QUERY_ID])
        articles = {}
        for lk in cluster.attribute(found + cluster.acyclic(between)):  # a link of its turned round is its
            if _QUERY_ID in (lk.source, lk.target):
                other_id = lk.target if lk.source == _QUERY_ID else lk.source
                role = "derived" if lk.source == _QUERY_ID else "source"
                articles[other_id] = (lk.relation, lk.score, role, lk.reason)
        if twin is not None:
            articles[twin] = ("copy", 1.0, "identical", "identical text")
        grams = shingles(probe.text) if unlinked else frozenset()
        for other_id, (other, other_first) in unlinked.items():
            if other_id not in articles and (shared := _shared_passages(other, mine, other_first, grams)):
                articles[other_id] = ("unrelated", *shared)
        stored = self._stored_articles(i for i in articles if i != twin)
        if twin is not None and twin_article is not None:
            stored[twin] = twin_article
        aliases = self._alias_table()[1]
        for other_id, (relation, score, role, reason) in articles.items():
            matches.append(_match(stored[other_id], role, relation, score, reason))
            for alias in aliases.get(other_id, []):
                meta = {k: v for k, v in alias.items() if k != "canonical"}
                matches.append(_match(dataclasses.replace(stored[other_id], **meta), role, relation, score, reason))
        matches.sort(key=lambda m: (-m.score, m.id))
        story = None
        for m in matches:
            story = self.story_of(m.id)
            if story is not None:
                break
        return QueryResult(article, tuple(m for m in matches if not _itself(m, article)), story)

    def _downstream(self, found: Sequence[DerivedLink], left_out: set[str]) -> set[str]:
        """Of the copy candidates a query left out (`left_out`), those to judge after all: the stored
        copies made from a story's first (a stored article derived from none, a loop of links through
        it broken as attribution breaks it: `_loops_broken`) that the queried
        article, itself derived from none of `found`, was found the source of. Dated before a
        syndicated story, it is the source of every copy, as `add` finds (`_downstream_links`)."""
        if not left_out or _QUERY_ID in self._derived_past_loops(found, {_QUERY_ID}, {_QUERY_ID: 0}):
            return set()  # derived (a loop through it broken: undated copies holding it whole found its sources)
        heads = {lk.target for lk in found if lk.source == _QUERY_ID}
        around = self._loops_broken(sorted(heads))
        roots = heads - {lk.target for lk in around}
        return {lk.target for lk in around if lk.source in roots} & left_out

    def _as_indexed(self, article: Article, stored: Article) -> QueryResult | None:
        """The query of a text the index holds (`stored`, the article it is stored as): its links as
        the index stored and attributed them, the ones `links`, `stories` and `sites` report, and its
        family; None when the query states a date none of its copies states (then it is judged anew
        at that date). Judging it again read it as of now, after every indexed article, so an
        undated copy could turn the text's links round, and a sibling rewrite could pass for a source."""
        twin = stored.id or ""
        story = self.story_of(twin)
        if story is None:  # in no family, so without copies (each copy is a `copy` link of the family)
            if article.published and article.published != stored.published:
                return None  # another date than the index holds for it: judged anew at that date
            own = _match(stored, "identical", "copy", 1.0, "identical text")
            found = self._stitched_matches({twin})  # a roundup joins no family, yet its links are the index's
            found += [] if _itself(own, article) else [own]
            return QueryResult(article, tuple(sorted(found, key=lambda m: (-m.score, m.id))), None)
        copies = {twin, *(row["id"] for row in self._alias_table()[1].get(twin, []))}
        members = {m.id: m for m in story.members}
        if article.published and article.published not in {members[i].published for i in copies if i in members}:
            return None
        copies_of: dict[str, list[str]] = {}  # each text's other copies, by the copy holding its links
        for lk in story.links:
            if lk.reason.startswith(cluster.IDENTICAL_TEXT):
                copies_of.setdefault(lk.source, []).append(lk.target)
        matches = []
        for lk in story.links:
            if (lk.source in copies) == (lk.target in copies):
                continue  # a link among the text's own copies, or between two other articles
            other = lk.target if lk.source in copies else lk.source
            role = "derived" if lk.source in copies else "source"
            for i in [other, *copies_of.get(other, [])]:  # an identical copy of a match beside it, alike
                m = members[i]
                matches.append(Match(i, role, lk.relation, round(lk.score, 4), m.title, m.site, m.published, lk.reason))
        for i in sorted(copies - {article.id or ""}):
            if i in members:
                m = members[i]
                matches.append(Match(i, "identical", "copy", 1.0, m.title, m.site, m.published, "identical text"))
        matches += self._stitched_matches(copies)
        matches.sort(key=lambda m: (-m.score, m.id))
        return QueryResult(article, tuple(matches), story)

    def _stitched_matches(self, copies: set[str]) -> list[Match]:
        """The matches a stored text's roundup links give (a roundup stitched from it, or the articles
        it is stitched from: `detect.stitched_links`), as `links` attributes them: they join no
        family, so its story's links lack them."""
        roundups = self._story_cache()[3]
        stitched = list({(lk.source, lk.target): lk for i in sorted(copies) for lk in roundups.get(i, ())}.values())
        others = {lk.target if lk.source in copies else lk.source for lk in stitched}
        meta = self.store.meta(sorted(others))
        found = []
        for lk in stitched:
            other, role = (lk.target, "derived") if lk.source in copies else (lk.source, "source")
            m = meta[other]
            found.append(Match(other, role, lk.relation, round(lk.score, 4), m["title"], site_of(m["site"], m["url"]),
                               m["published"], lk.reason))  # fmt: skip
        return found

    def stories(
        self, site: str | None = None, since: str | None = None, until: str | None = None
    ) -> list[cluster.Story]:
        """Story families over all verified links, largest first, each with its origin and members.

        Filters: `site` keeps families with a member from that site; `since`/`until` (ISO dates,
        inclusive) keep families with a member published in that range.
        """
        stories = list(self._all_stories())  # the caller's own list: the cached one stays whole
        if site:
            stories = [s for s in stories if any(m.site and same_site(site, m.site) for m in s.members)]
        if since or until:
            lo, hi = _date_range(since, until)
            stories = [s for s in stories if any(m.published and _within(m.published, lo, hi) for m in s.members)]
        return stories

    def story(self, story_id: str) -> cluster.Story | None:
        """The story with this id (its origin's article id), or None."""
        story = self._story_lookup().get(story_id)
        return story if story is not None and story.id == story_id else None

    def links_among(self, ids: Sequence[str]) -> list[DerivedLink]:
        """The links joining two of `ids` as their stories report them, then as stored: a link turned
        round to break a loop of its family's links (`cluster.acyclic`) is so only in its story."""
        wanted = set(ids)
        stored = self.store.links_among(sorted(wanted))
        if not any(cluster.may_turn(lk.reason) for lk in stored):
            return stored  # no link among them can have been turned: the stories are not read
        stories = {story.id: story for i in wanted if (story := self.story_of(i)) is not None}  # each once
        told = [lk for story in stories.values() for lk in story.links if lk.source in wanted and lk.target in wanted]
        return [*told, *stored]

    def story_of(self, article_id: str) -> cluster.Story | None:
        """The story an indexed article belongs to, or None when nothing is linked to it."""
        return self._story_lookup().get(article_id)

    def table(self, what: str, drop: str | None = None) -> pa.Table:
        """The rows `wiretrace export --what WHAT` writes, as an Arrow table (`.to_pandas()` for a
        DataFrame): `articles`, `links` or `stories` (one row per member). `drop` (articles only:
        `copies`, `edited` or `derived`) leaves those derived articles out, as `--drop` does."""
        from wiretrace.export import table

        return table(self, what, drop)

    def _stamp_model(self) -> None:
        """Record the sentence model an index is built with (meta `model`: 'wordllama 0.4.0.post1'),
        and refuse to add with another: vectors of two models are not comparable."""
        held = (self.store.stamps().get("model") or "").split(" ")[0]
        if held and held != self.model:
            self.store.close()
            raise ConfigError(f"{self.store.directory}: built with the {held} sentence model; adding with "
                              f"{self.model} would mix vectors of two models: use {held}, or a new index")  # fmt: skip
        self.store.con.execute("INSERT OR IGNORE INTO meta VALUES ('model', ?)", [model_label(self.model)])

    def export(
        self, what: str, path: str | os.PathLike[str], fmt: str | None = None, *, drop: str | None = None
    ) -> int:
        """Write those rows to `path` as `wiretrace export` does (`fmt`: jsonl, parquet or csv; by
        default the file's suffix says, else jsonl; `drop`: as `table`); returns the number of rows."""
        from wiretrace.export import format_for, write_table

        return write_table(self, what, format_for(str(path), fmt), str(path), drop)

    def sites(
        self, credits: bool = False, site: str | None = None, since: str | None = None, until: str | None = None
    ) -> SitesReport:
        """The site reuse graph: per site pair, derived links; per site, the share of derived articles;
        with `credits`, per site pair how many of the derived articles credit the original site's
        outlet and how many do not (`credits` reads every linked article: slower on a large index).

        Filters: `since`/`until` (ISO dates, inclusive) count only the articles published in that
        range (a week's reuse: the derived ones among them, from sources of any date); `site`
        keeps the pairs that site is either side of, and the figures of the sites in them.
        """
        meta = self.store.meta()
        sites = {i: site_of(m["site"], m["url"]) for i, m in meta.items()}
        links = self.links()
        counted = None
        if since or until:
            lo, hi = _date_range(since, until)
            counted = {i for i, m in meta.items() if m["published"] and _within(m["published"], lo, hi)}
            links = [lk for lk in links if lk.target in counted]
        paired = links
        if site:
            linked = ((lk, (sites.get(lk.source, UNKNOWN_SITE), sites.get(lk.target, UNKNOWN_SITE))) for lk in links)
            paired = [lk for lk, pair in linked if any(same_site(site, s) for s in pair)]
        said = None
        if credits:
            found = zip(paired, self.credits(paired))
            said = {(lk.source, lk.target): None if c is None else c.credited for lk, c in found}
        leftovers, disguised = self.store.with_chrome(AI_LEFTOVER), self.store.with_chrome(HIDDEN_CHARACTERS)
        report = reuse_graph(sites, paired, said, counted, leftovers, disguised)
        if not site:
            return report
        # each site's figures over every link, as without --site: a farm shown beside one wire's
        # pairs is as derived as it is
        figures = reuse_graph(sites, links, None, counted, leftovers, disguised).sites
        shown = {s for e in report.edges for s in (e.source_site, e.target_site)}
        return SitesReport(tuple(s for s in figures if s.site in shown or same_site(site, s.site)), report.edges)

    def _all_stories(self) -> list[cluster.Story]:
        return self._story_table()[0]

    def _story_lookup(self) -> dict[str, cluster.Story]:
        """The story of each member id (a story's id is its origin's, so it is found the same way)."""
        return self._story_table()[1]

    def _alias_table(self) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
        """Every alias row (`Store.aliases`), and the rows by canonical id: read again only when a
        batch has committed since (each query looks up the aliases of its matches)."""
        version = self.store.version()
        with self._cache_lock:
            if self._aliases is not None and self._aliases[0] == version:
                return self._aliases[1], self._aliases[2]
        rows = self.store.aliases()
        by_canonical: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_canonical.setdefault(row["canonical"], []).append(row)
        with self._cache_lock:
            self._aliases = (version, rows, by_canonical)
        return rows, by_canonical

    def _story_table(self) -> tuple[list[cluster.Story], dict[str, cluster.Story]]:
        return self._story_cache()[1:3]

    def _story_cache(
        self,
    ) -> tuple[tuple[int, int], list[cluster.Story], dict[str, cluster.Story], dict[str, list[DerivedLink]]]:
        """The stories, each member's story and each end's roundup links (which join no family) as
        `links` reports them, built again only when a batch has committed since."""
        version = self.store.version()
        with self._cache_lock:
            if self._stories is not None and self._stories[0] == version:
                return self._stories
        links = self.links()
        ids = sorted({x for lk in links for x in (lk.source, lk.target)})
        rows = self.store.meta(ids)
        members = {i: cluster.Member(i, rows[i]["published"], rows[i]["quotes"]) for i in ids}
        by_member: dict[str, list[DerivedLink]] = {}
        for lk in links:
            by_member.setdefault(lk.source, []).append(lk)
        meta: dict[str, dict[str, str | None]] = {
            i: {"title": r["title"], "site": site_of(r["site"], r["url"]), "published": r["published"]}
            for i, r in rows.items()
        }
        families = cluster.build_families(members, links)
        untitled = [f.origin for f in families if not any((rows[m]["title"] or "").strip() for m in f.members)]
        for origin, text in self.store.openings(untitled).items():
            meta[origin]["opening"] = opening_words(text)
        stories = []
        for family in families:
            inside = set(family.members)
            family_links = [lk for m in family.members for lk in by_member.get(m, ())
                            if lk.target in inside and cluster.joins_families(lk)]  # fmt: skip
            stories.append(cluster.story(family, family_links, meta))
        lookup = {m.id: story for story in stories for m in story.members}
        roundups: dict[str, list[DerivedLink]] = {}
        for lk in links:
            if not cluster.joins_families(lk):
                roundups.setdefault(lk.source, []).append(lk)
                roundups.setdefault(lk.target, []).append(lk)
        with self._cache_lock:
            self._stories = (version, stories, lookup, roundups)
        return self._stories


def _holder(stored: cluster.Member, others: Sequence[cluster.Member]) -> cluster.Member:
    """Of a stored text (`stored`) and its identical copies (`others`), the copy that published it
    first, by `judging_key` (as one add of them all would store it): a dated copy before an undated
    one, the earlier day, on one day a copy stating its time before one stating only the day, then
    the earlier time, then the smaller id. Not by arrival: the holder of a text is the same
    whatever batches or adds its copies came in."""
    return min([stored, *others], key=_published_key)


def _published_key(member: cluster.Member) -> tuple[bool, str, int, str, str]:
    """`judging_key`'s order of copies of one text: by date, then by id."""
    return judging_key(member.published, member.id)


#: Where an undated queried article stands in `judging_key` order: after every indexed article.
_READ_NOW = (True, "\U0010ffff", 3, "\U0010ffff", "\U0010ffff")


def _profile_budget(stored: int, memory: int | None = None) -> int:
    """Bytes of profiles to keep in memory for an index of `stored` articles on a machine of
    `memory` bytes (None: this one's), `PROFILE_CACHE_MB` or a share of the memory, whichever is
    less, or as `WIRETRACE_PROFILE_CACHE_MB` says."""
    given = os.environ.get("WIRETRACE_PROFILE_CACHE_MB")
    if not given:
        if stored >= PROFILE_CACHE_LARGE_FROM:
            return PROFILE_CACHE_LARGE_MB * 2**20
        memory = _machine_memory() if memory is None else memory
        return max(PROFILE_CACHE_LARGE_MB * 2**20, min(PROFILE_CACHE_MB * 2**20, int(memory * PROFILE_CACHE_SHARE)))
    try:
        mb = float(given)
    except ValueError:
        mb = -1.0
    if not mb >= 0:
        raise ConfigError(f"WIRETRACE_PROFILE_CACHE_MB must be a number of megabytes, got {given!r}")
    return int(mb * 2**20)


def _machine_memory() -> int:
    """The machine's physical memory in bytes (4 GB where the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 4 * 2**30


def _dated(p: Profile, published: str | None) -> Profile:
    """`p` judged as published on `published` (its text's first publication, `Index._first_published`)."""
    return dataclasses.replace(p, article=dataclasses.replace(p.article, published=published))


def _date_bound(name: str, value: object) -> str | None:
    """A `stories` date filter as an ISO date: a date or datetime object, or text `normalize_date`
    reads; other text is refused rather than matching nothing ('last tuesday')."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):  # a number ('20200101') matched nothing, silently
        raise ConfigError(f"{name} {value!r} is not a date: give one as text, 2016-03-01 (or 2016-03, 2016), or a date")
    found = normalize_date(value)
    if found is None:
        raise ConfigError(f"{name} {value!r} is not a date: give one as 2016-03-01 (or 2016-03, 2016)")
    return found


def _date_range(since: object, until: object) -> tuple[str | None, str | None]:
    """The `since`/`until` filters of `stories` and `sites` as ISO dates (`_date_bound`).

    Raises:
        ConfigError: a value that is no date, or `since` after `until`.
    """
    lo, hi = _date_bound("since", since), _date_bound("until", until)
    if lo and hi and cluster.earlier(hi, lo) < 0:
        raise ConfigError(f"since {since} is after until {until}: no date is in that range")
    return lo, hi


def _within(published: str, since: str | None, until: str | None) -> bool:
    """Whether an ISO `published` falls on or after `since` and on or before `until`, each compared
    to the precision both state: '2016-02-01' is within since='2016-02-01T00:00:00Z', and
    '2016-02-15T09:00:00Z' within until='2016-02'."""
    after = since is None or published[: len(since)] >= since[: len(published)]
    before = until is None or published[: len(until)] <= until[: len(published)]
    return after and before


#: The id a query article takes inside comparisons: it never collides with an indexed id, and
#: sorts after every one, so where only the id can break a tie of orientation the indexed
#: article stays the original (it was there first).
_QUERY_ID = "\U0010ffffquery"


@dataclass(slots=True, frozen=True)
class Match:
    """An indexed article related to a query: `role` is `source` (the query derives from it),
    `derived` (it derives from the query), `identical` (same text already indexed) or
    `shares-passages` (passages in common, no derivation); `reason` says why the link runs that
    way (`cluster.orient`); `credited`, whether the later of the two names the earlier's outlet, with
    where it first does and the passage there, or the agency it credits instead (`credit.columns`)."""

    id: str
    role: str
    relation: str
    score: float
    title: str | None
    site: str | None
    published: str | None
    reason: str
    credited: bool | None = None  # whether the later of the two names the earlier's outlet (`credit.credit`)
    credit_where: str | None = None  # where it first does: 'byline', 'dateline', 'text', ...
    credit_passage: str | None = None  # the line or sentence there
    credits_instead: str | None = None  # the agency it credits instead (a misattribution)


@dataclass(slots=True, frozen=True)
class QueryResult:
    """One article matched against the index: its matches (best first) and its story family."""

    article: Article
    matches: tuple[Match, ...]
    story: cluster.Story | None


def _alias_article(text: Article, page: dict[str, Any]) -> Article:
    """An identical copy as its own page gave it: the stored `text` under the copy's id, with its
    title, byline, date, site, address and furniture (`page`: its row of `Store.alias_pages`)."""
    return dataclasses.replace(text, id=page["id"], title=page["title"], byline=page["byline"],
                               published=page["published"], site=page["site"], url=page["url"],
                               dropped_chrome=chrome_from_json(page["dropped_chrome"]))  # fmt: skip


def _stored_article(article_id: str, row: dict) -> Article:
    """An indexed article as it was extracted: its stored sentence offsets (indexes made before
    they were stored are segmented again)."""
    if row.get("sent_start") is not None:
        return article_from_row(row)
    # title "" tells from_text that no headline line is to be taken from the text
    article = from_text(row["text"], article_id, id=article_id, title=row["title"] or "")
    article.title, article.byline, article.published = row["title"], row["byline"], row["published"]
    article.site, article.url = row["site"], row["url"]
    return article


def _shared_passages(
    other: Profile, mine: Profile, other_first: bool, grams: frozenset[tuple[str, ...]]
) -> tuple[float, str, str] | None:
    """For a candidate judged not derived (`grams`: the queried article's word 5-grams, read once
    for all of them): (score, role, reason) when the queried article shares
    `PASSAGE_SENTENCES` or more sentences with it word for word or lightly edited, role
    `shares-passages`; else None. A story that lifts a paragraph or two of another outlet's into
    reporting of its own is no derived article, and a plagiarism audit must still find it: the
    query names such articles with the sentences the two share (`wiretrace compare` shows them)."""
    if len(shingles(other.article.text) & grams) < PASSAGE_GRAMS:
        return None  # no two sentences alike: the comparison is not needed
    source, target = (other, mine) if other_first else (mine, other)
    comparison = compare_profiles(source, target)
    kept = [lk for lk in comparison.links if lk.kind in ("verbatim", "edited")]
    mine_side = {x for lk in kept for x in (lk.target if other_first else lk.source)}
    if len(mine_side) < PASSAGE_SENTENCES:
        return None
    verbatim = sum(len(lk.target if other_first else lk.source) for lk in kept if lk.kind == "verbatim")
    return comparison.verdict.score, "shares-passages", (
        f"shares {len(mine_side)} sentences with it word for word or lightly edited ({verbatim} verbatim): "
        "not derived as a whole, but those passages are the same words"
    )


#: The fewest sentences a queried article shares word for word or lightly edited with an indexed
#: one it does not derive from for the two to be listed as sharing passages (`_shared_passages`):
#: one sentence alike is often a quote two reporters took down at one press conference.
PASSAGE_SENTENCES = 2
#: ... which share this many word 5-grams at the least (two sentences of ten words alike share 12).
PASSAGE_GRAMS = 6


def _itself(match: Match, article: Article) -> bool:
    """Whether `match` is the queried article's own indexed copy: an indexed article is not its own
    match (the indexed text of its id, when the queried text differs, is: the version it was edited from)."""
    return match.role == "identical" and match.id == (article.id or "")


def _match(article: Article, role: str, relation: str, score: float, reason: str) -> Match:
    site = site_of(article.site, article.url)
    return Match(
        article.id or "", role, relation, round(score, 4), article.title or None, site, article.published, reason
    )
