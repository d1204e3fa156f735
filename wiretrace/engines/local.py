"""The embedded engine: build and query an index on one machine (DuckDB store + in-memory vectors).

`Index.add` reads inputs in batches; for each batch it drops duplicates, profiles the new
articles, proposes candidates from two generators — LSH band collisions (copies, edited
copies) and nearest centroids (paraphrases, AI rewrites) — verifies every candidate with
the compare core, orients each verified pair (which is the original) and commits the batch
in one transaction. Families are connected groups of verified links only.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wiretrace import cluster
from wiretrace.cluster import DerivedLink
from wiretrace.compare import Profile, profile
from wiretrace.detect import NEIGHBOUR_MIN_COSINE, NEIGHBOURS, band_pairs, centroid, nearest, verify
from wiretrace.embed import Embedder, load
from wiretrace.fingerprint import LshConfig, band_keys, content_hash, signatures
from wiretrace.ingest import from_text
from wiretrace.model import Article
from wiretrace.readers import Rejected, read_all
from wiretrace.store import Store

log = logging.getLogger(__name__)

@dataclass(slots=True)
class AddReport:
    """What one `index add` did: counts, and every rejected input with its reason."""

    added: int = 0
    duplicates: int = 0
    links: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def _batches(items: Iterable[Article | Rejected], size: int) -> Iterator[list[Article | Rejected]]:
    batch: list[Article | Rejected] = []
    articles = 0
    for item in items:
        batch.append(item)
        articles += isinstance(item, Article)
        if articles >= size:
            yield batch
            batch, articles = [], 0
    if batch:
        yield batch


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
    ) -> None:
        self.store = Store.open(directory, read_only=read_only)
        self.model = model
        self.lsh = lsh or LshConfig()
        self.batch_size = batch_size
        self._embedder: Embedder | None = None
        self._profiles: OrderedDict[str, Profile] = OrderedDict()
        self._ids: list[str] | None = None
        self._matrix: np.ndarray | None = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load(self.model)
        return self._embedder

    # -- adding --------------------------------------------------------------------------

    def add(self, paths: Iterable[str], on_batch: Callable[[AddReport, int], None] | None = None) -> AddReport:
        """Index every article under `paths`; each batch is committed on its own."""
        report = AddReport()
        for batch in _batches(read_all(paths), self.batch_size):
            rejected = [x for x in batch if isinstance(x, Rejected)]
            report.rejected.extend(rejected)
            fresh, duplicates = self._dedupe([x for x in batch if isinstance(x, Article)], report)
            keys, vecs = self._keys(fresh), self._centroids(fresh)  # once per batch: candidates and storage
            links = self._link_batch(fresh, keys, vecs)
            self.store.write_batch(self.store.next_batch_id(), fresh, keys, vecs, links, duplicates, len(rejected))
            self._remember(fresh, vecs)
            report.added += len(fresh)
            report.duplicates += duplicates
            report.links += len(links)
            if on_batch:
                on_batch(report, len(batch))
        return report

    def _dedupe(self, articles: list[Article], report: AddReport) -> tuple[list[Article], int]:
        hashes = [content_hash(a.text) for a in articles]
        known = self.store.known_hashes(hashes)
        taken_ids = self.store.known_ids([a.id or "" for a in articles])
        fresh: list[Article] = []
        seen: set[str] = set()
        duplicates = 0
        for article, digest in zip(articles, hashes):
            if digest in known or digest in seen:
                duplicates += 1
                continue
            if article.id in taken_ids:
                report.rejected.append(Rejected(str(article.id), "id already indexed with different content"))
                continue
            taken_ids.add(article.id or "")
            seen.add(digest)
            fresh.append(article)
        return fresh, duplicates

    def _profile(self, article: Article) -> Profile:
        key = article.id or ""
        if key in self._profiles:
            self._profiles.move_to_end(key)
            return self._profiles[key]
        p = profile(article, self.embedder)
        self._profiles[key] = p
        if len(self._profiles) > 4096:
            self._profiles.popitem(last=False)
        return p

    def _stored_profile(self, article_id: str) -> Profile:
        if article_id in self._profiles:
            return self._profile(self._profiles[article_id].article)
        row = self.store.articles([article_id])[article_id]
        article = from_text(row["text"], article_id, id=article_id, title=row["title"] or "")
        article.published, article.site, article.url = row["published"], row["site"], row["url"]
        return self._profile(article)

    def _keys(self, articles: list[Article]) -> np.ndarray:
        return band_keys(signatures([a.text for a in articles], self.lsh), self.lsh)

    def _centroids(self, articles: list[Article]) -> np.ndarray:
        if not articles:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([centroid(self._profile(a)) for a in articles])

    def _remember(self, articles: list[Article], vecs: np.ndarray) -> None:
        if self._matrix is None or not articles:
            return
        assert self._ids is not None
        self._ids.extend(a.id or "" for a in articles)
        self._matrix = np.vstack([self._matrix, vecs])

    def _neighbour_space(self) -> tuple[list[str], np.ndarray]:
        if self._matrix is None:
            self._ids, self._matrix = self.store.centroids()
            if self._matrix.size == 0:
                self._matrix = np.zeros((0, self.embedder.dim), dtype=np.float32)
        assert self._ids is not None
        return self._ids, self._matrix

    def candidates(self, articles: list[Article], keys: np.ndarray, batch_vecs: np.ndarray) -> list[tuple[int, str]]:
        """Candidate (batch position, other article id) pairs from LSH and nearest centroids,
        against the stored index and within the batch (`keys`, `batch_vecs`: the batch's band
        keys and centroids)."""
        if not articles:
            return []
        ids = [a.id or "" for a in articles]
        stored_pairs: set[tuple[int, str]] = set()
        stored = self.store.band_matches(keys.ravel())
        for pos, row in enumerate(keys):
            for k in set(map(int, row)):
                stored_pairs.update((pos, other) for other in stored.get(k, ()))
        within = band_pairs(keys)
        known_ids, matrix = self._neighbour_space()
        space = np.vstack([matrix, batch_vecs]) if len(matrix) else batch_vecs
        offset = len(known_ids)
        hits = nearest(batch_vecs, space, NEIGHBOURS, NEIGHBOUR_MIN_COSINE, [offset + i for i in range(len(ids))])
        for pos, rows in enumerate(hits):
            for k in rows:
                if k < offset:
                    stored_pairs.add((pos, known_ids[k]))
                else:
                    within.add((min(pos, k - offset), max(pos, k - offset)))
        return sorted(stored_pairs | {(i, ids[j]) for i, j in within})

    def _link_batch(self, fresh: list[Article], keys: np.ndarray, vecs: np.ndarray) -> list[DerivedLink]:
        links = []
        batch_profiles = {a.id or "": self._profile(a) for a in fresh}
        for pos, other in self.candidates(fresh, keys, vecs):
            mine = batch_profiles[fresh[pos].id or ""]
            theirs = batch_profiles.get(other) or self._stored_profile(other)
            link = verify(theirs, mine)
            if link is not None:
                links.append(link)
        return links

    # -- reading -------------------------------------------------------------------------

    def stories(self) -> list[cluster.Family]:
        """Story families over all verified links, largest first, each with its origin."""
        links = self.store.links()
        ids = sorted({x for lk in links for x in (lk.source, lk.target)})
        rows = self.store.articles(ids)
        members = {i: cluster.Member(i, rows[i]["published"], rows[i]["quotes"]) for i in ids}
        return cluster.build_families(members, links)

