"""Nearest-centroid search for the corpus index: exact while small, HNSW (usearch) when large.

Below `EXACT_LIMIT` stored articles the search is brute force (`detect.nearest`): exact, and
cheap at that size. Above it, an HNSW graph answers in about a millisecond however big the
index grows. The graph lives beside the DuckDB file as `centroids.usearch` and is opened as a
memory-mapped view: nothing is loaded, and readers share the pages. It is only a cache of the
store's centroids. Those the file lacks (added since it was written, or kept out by a crash)
are the *recent* ones, read from the store on open and searched exactly beside the graph;
once there are more than `RECENT_LIMIT`, a writer inserts them into the graph and rewrites
the file atomically. So an `index add` of a few articles to a 1M-article index neither loads
nor rewrites the 660 MB file, a crash can leave the file behind the store but never lose or
corrupt what the store holds, and a read-only open never writes.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from wiretrace.detect import apart_from_common, kept_hits, lowest_cosine, nearest
from wiretrace.fingerprint import article_key

log = logging.getLogger(__name__)

#: Stored articles up to which neighbour search stays exact (brute force).
EXACT_LIMIT = 50_000
GRAPH_FILE = "centroids.usearch"
#: HNSW settings: links per node, candidate lists while building and while searching. Vectors are
#: inserted on one thread: concurrent insertion makes the graph (and so the candidates) vary
#: from run to run, and now and then loses a node's true nearest neighbour. The wide search list
#: is for articles far from the bulk of the index: on a 1M-article index whose 200 real wire
#: stories sit among synthetic ones, an AI rewrite's source was among the 8 hits for 92.75% of
#: the rewrites at 128, 97.5% at 512 (1.8 -> 5.4 ms a search; BENCHMARKS.md). Only candidate
#: searches pay for it (`CANDIDATE_SEARCH`): the event check's context, the nearest reports
#: around a link, searches with the graph's own list.
CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH = 16, 64, 128
#: Centroids the graph file lacks are searched exactly, up to this many; beyond it a writer
#: inserts them and rewrites the file (at 1M articles 1.5-2 s to load, save and map it again
#: besides the insertions: ~0.3-0.4 ms an article at this limit, ~2% of an add there). Every
#: search pays for the exact part: at 20,000 it was ~10 ms of a `query`'s ~40 at 1M articles
#: (BENCHMARKS.md).
RECENT_LIMIT = 5_000
#: The search list of candidate searches. usearch searches with max(list, results asked), so a
#: search asks for this many results and keeps the best: a per-call list, safe across threads.
CANDIDATE_SEARCH = 512
#: The search list of a roundup's runs (`Index._roundup_sources`): the graph's own. A run is
#: searched for the wire it was copied from, near it, not for a rewrite far from the bulk; at
#: 1M articles the wide list cost ~5 ms a run, and a roundup has several (BENCHMARKS.md).
RUN_SEARCH = EXPANSION_SEARCH
#: How many of a candidate search's nearest stored articles are checked against the common
#: directions (`detect.apart_from_common`): hubs set aside leave room for the next ones.
CANDIDATE_DEPTH = 32


class Centroids(Protocol):
    """Where the stored centroids come from (the `Store`)."""

    def centroid_keys(self) -> tuple[list[str], np.ndarray]: ...

    def centroids(self) -> tuple[list[str], np.ndarray]: ...

    def centroids_of(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...


_Method = TypeVar("_Method", bound=Any)


def _locked(method: _Method) -> _Method:
    """`method` run holding the space's lock: a server adds articles in one thread while others
    search, and an add grows the ids before the vectors (a search between the two indexed past
    the vectors: IndexError, a 500 to the client)."""

    @functools.wraps(method)
    def run(self: NeighbourSpace, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]


class NeighbourSpace:
    """Every stored centroid, searchable by cosine; the batch being added is searched exactly.
    Thread-safe: adds and searches take one lock."""

    def __init__(
        self,
        directory: Path,
        dim: int,
        stored: Centroids,
        writable: bool,
        exact_limit: int = EXACT_LIMIT,
        common: np.ndarray | None = None,
    ) -> None:
        """Load the stored centroids: every vector while the search is exact; above `exact_limit`,
        only the ids and the vectors the graph file lacks (all of them would cost ~1 KB an article).
        `common`: the model's common directions (rows), set aside by candidate searches (`search`,
        `search_with_batch`); the event check's context (`neighbours`) keeps plain cosines."""
        self.dim = dim
        self.common = common
        self._lock = threading.RLock()
        self._path = directory / GRAPH_FILE
        self._writable = writable
        self._exact_limit = exact_limit
        self._graph: Any = None  # usearch.index.Index, imported when first needed
        self._viewing = False  # the graph is the file, memory-mapped read-only (not loaded)
        self._unsaved = False  # the graph was built here and its file not yet written
        #: the recent centroids: stored, not in the graph file, searched exactly (their keys and rows)
        self._recent_keys = np.zeros(0, dtype=np.uint64)
        self._recent = np.zeros((0, dim), dtype=np.float32)
        self._recent_row: dict[int, int] = {}
        #: the id of every stored article by its `article_key` (the band file reads its owners with it)
        self.by_key: dict[int, str] = {}
        self._row_of: dict[str, int] = {}
        self.ids, keys = stored.centroid_keys()
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        if len(self.ids) > exact_limit:
            self._open_graph(stored, keys)
            return
        self.ids, matrix = stored.centroids()  # in the order of the keys read above, unless an add came between
        self._keys_of(self.ids, keys if len(keys) == len(self.ids) else None)
        if matrix.size:
            self._matrix = matrix

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def approximate(self) -> bool:
        return self._graph is not None

    @_locked
    def add(self, ids: Sequence[str], vecs: np.ndarray) -> None:
        """Make committed articles searchable."""
        if not len(ids):
            return
        self.ids.extend(ids)
        if self._graph is not None:
            self._hold_recent(self._keys_of(ids), vecs)
            if self._writable and len(self._recent_keys) > RECENT_LIMIT:
                self._write_graph()
            return
        self.by_key.update((article_key(i), i) for i in ids)
        self._matrix = np.vstack([self._matrix, vecs])
        if len(self.ids) > self._exact_limit:
            self._open_graph()

    @_locked
    def search(
        self,
        queries: np.ndarray,
        k: int,
        min_cosine: float,
        nearest_k: int = 0,
        nearest_min: float = 1.0,
        search_list: int = CANDIDATE_SEARCH,
    ) -> list[list[str]]:
        """For each query row, the ids of its `k` most similar stored articles with cosine ≥ `min_cosine`
        (or among its `nearest_k` most similar with cosine ≥ `nearest_min`: `detect.kept_hits`);
        `search_list`: the graph search's candidate list (`CANDIDATE_SEARCH`, or `RUN_SEARCH` for runs)."""
        if self._graph is None:
            found = nearest(queries, self._matrix, k, min_cosine, nearest=nearest_k, nearest_min=nearest_min,
                            common=self.common)  # fmt: skip
            return [[self.ids[r] for r in rows] for rows in found]
        rule = (k, min_cosine, nearest_k, nearest_min)
        return [
            [hits[r][0] for r in kept_hits([c for _, c in hits], *rule)]
            for hits in self._graph_search(queries, k, lowest_cosine(*rule[1:]), search_list, candidates=True)
        ]

    def search_with_batch(
        self, batch: np.ndarray, k: int, min_cosine: float, nearest_k: int = 0, nearest_min: float = 1.0
    ) -> list[list[str | int]]:
        """Neighbours of each batch row among stored articles (ids) and the other batch rows
        (positions): the `k` most similar over both, cosine ≥ `min_cosine` (or `nearest_min` for the
        `nearest_k` most similar), a row never its own."""
        return self.neighbours(
            batch, batch, k, min_cosine, list(range(len(batch))), nearest_k, nearest_min, CANDIDATE_SEARCH,
            candidates=True,
        )  # fmt: skip

    @_locked
    def neighbours(
        self,
        queries: np.ndarray,
        batch: np.ndarray,
        k: int,
        min_cosine: float,
        exclude: Sequence[str | int],
        nearest_k: int = 0,
        nearest_min: float = 1.0,
        search_list: int = 0,
        candidates: bool = False,
    ) -> list[list[str | int]]:
        """For each query row, its `k` most similar among stored articles (returned as ids) and
        `batch` rows (returned as positions), cosine ≥ `min_cosine` (or `nearest_min` for the
        `nearest_k` most similar), never `exclude[i]` (a stored id or a batch position: the query itself).
        `search_list` widens the graph search beyond the graph's own (`CANDIDATE_SEARCH` for candidates);
        `candidates` sets the common directions aside (`detect.apart_from_common`)."""
        n = len(self.ids)
        common = self.common if candidates else None
        if self._graph is None:
            space = np.vstack([self._matrix, batch]) if n else batch
            skip = [n + e if isinstance(e, int) else self._row(e) for e in exclude]
            hits = nearest(queries, space, k, min_cosine, skip, nearest_k, nearest_min, common)
            return [[self.ids[r] if r < n else r - n for r in rows] for rows in hits]
        floor = lowest_cosine(min_cosine, nearest_k, nearest_min)
        stored = self._graph_search(queries, k + 1, floor, search_list, candidates)
        sims = queries @ batch.T if len(batch) else np.zeros((len(queries), 0), dtype=np.float32)
        if common is not None and len(batch):  # batch rows that only share the common directions
            sims[~apart_from_common(sims, (queries @ common.T)[:, None, :], (batch @ common.T)[None, :, :])] = -2.0
        out: list[list[str | int]] = []
        for q, found in enumerate(stored):
            own = exclude[q]
            if isinstance(own, int) and len(batch):
                sims[q, own] = -2.0
            mine: list[tuple[float, str | int]] = [(s, i) for i, s in found if i != exclude[q]]
            mine += [(float(sims[q, j]), int(j)) for j in np.argsort(-sims[q])[:k] if sims[q, j] >= floor]
            mine.sort(key=lambda hit: -hit[0])
            out.append([mine[r][1] for r in kept_hits([s for s, _ in mine], k, min_cosine, nearest_k, nearest_min)])
        return out

    @_locked
    def vectors_of(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The centroids of those of `ids` that are searchable, from memory (the graph stores them
        at half precision): a store read costs ~3 ms at 1M articles, this ~0.05 ms."""
        if self._graph is None:
            rows = {i: self._row(i) for i in ids}
            return {i: self._matrix[r] for i, r in rows.items() if r >= 0}
        known = [(i, article_key(i)) for i in ids]
        known = [(i, key) for i, key in known if self.by_key.get(key) == i]
        out = {i: self._recent[self._recent_row[key]] for i, key in known if key in self._recent_row}
        in_graph = [(i, key) for i, key in known if key not in self._recent_row]
        if in_graph:
            found = self._graph.get(np.array([key for _, key in in_graph], dtype=np.uint64), dtype=np.float32)
            out.update((i, np.asarray(v, dtype=np.float32)) for (i, _), v in zip(in_graph, found) if v is not None)
        return out

    def _row(self, article_id: str) -> int:
        """The stored row of an id (-1 when absent), for excluding it from an exact search."""
        if len(self._row_of) != len(self.ids):
            self._row_of = {i: r for r, i in enumerate(self.ids)}
        return self._row_of.get(article_id, -1)

    @_locked
    def save(self) -> None:
        """Write the graph file if it was built here or lacks more than `RECENT_LIMIT` centroids
        (only when the search is approximate and the index writable)."""
        if self._graph is None or not self._writable:
            return
        if self._unsaved or len(self._recent_keys) > RECENT_LIMIT:
            self._write_graph()

    # -- the HNSW graph ------------------------------------------------------------------

    def _open_graph(self, stored: Centroids | None = None, keys: np.ndarray | None = None) -> None:
        """Map the graph file (or, without a usable one, build the graph from every centroid) and
        hold the centroids it lacks as recent ones: from `stored` when given, else from the vectors
        in memory (the exact search's matrix, row r being `ids[r]`). `keys`: those of `ids`, if known."""
        from usearch.index import Index as Graph

        graph = None
        if self._path.exists():
            try:
                graph = Graph.restore(str(self._path), view=True)
            except Exception as exc:  # a damaged cache is rebuilt from the store
                log.warning("%s: unreadable (%s); rebuilding it from the index", self._path, exc)
        if graph is not None and graph.ndim != self.dim:
            graph = None
        keys = self._keys_of(self.ids, keys)
        present = np.asarray(graph.contains(keys), dtype=bool) if graph is not None and len(graph) else None
        missing = np.flatnonzero(~present) if present is not None else np.arange(len(keys))
        vectors = np.zeros((0, self.dim), dtype=np.float32)
        if len(missing) and stored is None:
            vectors = self._matrix[missing]
        elif len(missing) and stored is not None:
            found = stored.centroids_of([self.ids[m] for m in missing])
            vectors = np.stack([found[self.ids[m]] for m in missing])
        self._matrix = np.zeros((0, self.dim), dtype=np.float32)  # the graph and the recent rows hold them now
        if graph is None:
            log.info("building the neighbour graph of %d centroids", len(missing))
            graph = Graph(
                ndim=self.dim,
                metric="cos",
                dtype="f16",
                connectivity=CONNECTIVITY,
                expansion_add=EXPANSION_ADD,
                expansion_search=EXPANSION_SEARCH,
            )
            graph.add(keys[missing], np.ascontiguousarray(vectors, dtype=np.float32), threads=1)
            self._graph, self._viewing, self._unsaved = graph, False, True
        else:
            self._graph, self._viewing = graph, True
            self._hold_recent(keys[missing], vectors)
        _tune(self._graph)
        if self._writable and len(self._recent_keys) > RECENT_LIMIT:
            self._write_graph()

    def _keys_of(self, ids: Sequence[str], keys: np.ndarray | None = None) -> np.ndarray:
        """The graph keys of `ids` (`keys`, if already known), recorded in `by_key` (in place: the
        band file shares it)."""
        if keys is None:
            keys = np.array([article_key(i) for i in ids], dtype=np.uint64)
        self.by_key.update(zip(keys.tolist(), ids))
        return keys

    def _hold_recent(self, keys: np.ndarray, vecs: np.ndarray) -> None:
        """Make centroids the graph file lacks searchable (exactly, beside the graph). A server searches
        in other threads meanwhile: keys grow before rows and rows before the row map, so a search
        (which cuts the rows it reads to the keys it read, `_graph_search`) never meets a row without
        its key, nor `vectors_of` a key without its row."""
        if not len(keys):
            return
        start = len(self._recent_keys)
        self._recent_keys = np.concatenate([self._recent_keys, keys])
        self._recent = np.vstack([self._recent, np.asarray(vecs, dtype=np.float32)])
        self._recent_row.update((int(k), start + r) for r, k in enumerate(keys.tolist()))

    def _write_graph(self) -> None:
        """Insert the recent centroids into the graph, rewrite its file atomically and map it again.
        A mapped graph cannot grow, so it is loaded whole first (~0.5 s and 660 MB at 1M articles)."""
        from usearch.index import Index as Graph

        # searches in other threads go on with the mapped graph and the recent rows until the swap
        graph: Any = Graph.restore(str(self._path)) if self._viewing else self._graph
        if len(self._recent_keys):
            log.info("adding %d centroids to the neighbour graph", len(self._recent_keys))
            graph.expansion_add = EXPANSION_ADD
            graph.add(self._recent_keys, np.ascontiguousarray(self._recent, dtype=np.float32), threads=1)
        tmp = self._path.with_suffix(".tmp")
        graph.save(str(tmp))
        os.replace(tmp, self._path)
        del graph
        mapped: Any = Graph.restore(str(self._path), view=True)
        _tune(mapped)
        # the graph first, then the recent rows emptied: an article is always in one of them (for a
        # moment in both: `_graph_search` keeps an id once)
        self._graph, self._viewing, self._unsaved = mapped, True, False
        self._recent_row = {}
        self._recent_keys = np.zeros(0, dtype=np.uint64)
        self._recent = np.zeros((0, self.dim), dtype=np.float32)

    def _graph_search(
        self, queries: np.ndarray, k: int, min_cosine: float, search_list: int = 0, candidates: bool = False
    ) -> list[list[tuple[str, float]]]:
        """The `k` nearest stored articles of each query with cosine ≥ `min_cosine`, from the graph
        (searching with a candidate list of max(graph's, `search_list`): usearch sizes it by the
        results asked for) and the recent centroids (exactly). `candidates`: of the
        `CANDIDATE_DEPTH` nearest of each, those apart from the common directions."""
        graph, recent_keys = self._graph, self._recent_keys  # one state throughout (see `_hold_recent`)
        recent = self._recent[: len(recent_keys)]
        assert graph is not None
        if len(queries) == 0:
            return []
        common = self.common if candidates else None
        depth = k if common is None else max(k, CANDIDATE_DEPTH)
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        out: list[list[tuple[str, float]]] = [[] for _ in range(len(queries))]
        if len(graph):
            found = graph.search(queries, max(depth, search_list))
            keys = np.atleast_2d(found.keys)[:, :depth]
            distances = np.atleast_2d(found.distances)[:, :depth]
            # a slot the graph found no article for holds key 0 and a NaN (a signalling one, which a
            # cast reports as an invalid value): cosine -1, never close
            cosines = 1.0 - np.where(np.isfinite(distances), distances, 2.0).astype(np.float64)
            close = cosines >= min_cosine
            if common is not None and close.any():
                wanted = np.unique(keys[close])  # sorted: each hit's row by bisection
                along = np.atleast_2d(graph.get(wanted, dtype=np.float32)) @ common.T
                rows = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)  # hits not close stay out anyway
                close &= apart_from_common(cosines, (queries @ common.T)[:, None, :], along[rows])
            for hits, row_keys, row_cos, row_close in zip(out, keys, cosines, close):
                hits.extend(
                    (self.by_key[int(key)], float(c))
                    for key, c, ok in zip(row_keys, row_cos, row_close)
                    if ok and int(key) in self.by_key
                )
        if len(recent):
            found_recent = nearest(queries, recent, depth, min_cosine, common=common)
            for q, (hits, near) in enumerate(zip(out, found_recent)):
                if near:
                    held = {i for i, _ in hits}
                    cosines = recent[near] @ queries[q]
                    ids = [self.by_key[int(recent_keys[r])] for r in near]
                    hits.extend((i, float(c)) for i, c in zip(ids, cosines) if i not in held)
                    hits.sort(key=lambda hit: -hit[1])
        return [hits[:k] for hits in out]


def _tune(graph: Any) -> None:
    """Our search settings: a restored graph comes back with the library's (it found fewer true
    neighbours when reopened than in the process that built it)."""
    graph.expansion_add, graph.expansion_search = EXPANSION_ADD, EXPANSION_SEARCH
