"""The embedded index store: one DuckDB file in the index directory, nothing to start.

Tables: `articles` (extracted text and metadata, unique content hash), `bands` (LSH band
keys), `centroids` (one embedding per article), `links` (verified derived pairs) and
`batches` (one row per committed batch). Every batch is written in one transaction, so a
crash loses at most the batch in flight and the file always reopens consistent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wiretrace.cluster import DerivedLink
from wiretrace.errors import WiretraceError
from wiretrace.facts import quote_count
from wiretrace.fingerprint import content_hash
from wiretrace.model import Article

log = logging.getLogger(__name__)

DB_NAME = "index.duckdb"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR UNIQUE NOT NULL,
    title VARCHAR, byline VARCHAR, published VARCHAR, site VARCHAR, url VARCHAR,
    text VARCHAR NOT NULL,
    quotes INTEGER NOT NULL,
    batch BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (band_key UBIGINT NOT NULL, article_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS centroids (article_id VARCHAR PRIMARY KEY, vec FLOAT[] NOT NULL);
CREATE TABLE IF NOT EXISTS links (
    source VARCHAR NOT NULL, target VARCHAR NOT NULL,
    relation VARCHAR NOT NULL, score DOUBLE NOT NULL,
    source_coverage DOUBLE NOT NULL, target_coverage DOUBLE NOT NULL,
    reason VARCHAR NOT NULL,
    PRIMARY KEY (source, target)
);
CREATE TABLE IF NOT EXISTS batches (
    id BIGINT PRIMARY KEY, added INTEGER, duplicates INTEGER, rejected INTEGER,
    finished_at TIMESTAMP DEFAULT current_timestamp
);
"""


class StoreError(WiretraceError):
    """The index directory cannot be opened or is not a wiretrace index."""


class Store:
    """A DuckDB-backed index directory. Open it with `Store.open(path)`; use as a context manager."""

    def __init__(self, directory: Path, con: Any, read_only: bool) -> None:
        self.directory = directory
        self.con = con
        self.read_only = read_only

    @classmethod
    def open(cls, directory: str | Path, read_only: bool = False) -> Store:
        """Open (or, when writable, create) the index in `directory`."""
        import duckdb

        path = Path(directory)
        db = path / DB_NAME
        if read_only and not db.exists():
            raise StoreError(f"{path}: no wiretrace index here (run 'wiretrace index add' first)")
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: not a directory")
        path.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(db), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{db}: cannot open the index ({exc})") from exc
        store = cls(path, con, read_only)
        if not read_only:
            con.execute(_SCHEMA)
            con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        return store

    def close(self) -> None:
        """Close the database connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads ---------------------------------------------------------------------------

    def count(self) -> int:
        """Number of indexed articles."""
        return int(self.con.execute("SELECT count(*) FROM articles").fetchone()[0])

    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Those of `hashes` already stored (for idempotent adds)."""
        if not hashes:
            return set()
        rows = self.con.execute(
            "SELECT content_hash FROM articles WHERE content_hash IN (SELECT unnest(?))", [list(hashes)]
        ).fetchall()
        return {r[0] for r in rows}

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of `ids` already stored."""
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]).fetchall()
        return {r[0] for r in rows}

    def band_matches(self, keys: Iterable[int]) -> dict[int, list[str]]:
        """Stored articles per band key, for the given keys (the LSH candidate lookup)."""
        keys = list({int(k) for k in keys})
        if not keys:
            return {}
        rows = self.con.execute(
            "SELECT band_key, article_id FROM bands WHERE band_key IN (SELECT unnest(?::UBIGINT[]))", [keys]
        ).fetchall()
        out: dict[int, list[str]] = {}
        for key, article_id in rows:
            out.setdefault(int(key), []).append(article_id)
        return out

    def centroids(self) -> tuple[list[str], np.ndarray]:
        """All article ids and their centroid embeddings (rows of a float32 matrix)."""
        rows = self.con.execute("SELECT article_id, vec FROM centroids ORDER BY article_id").fetchall()
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        return [r[0] for r in rows], np.asarray([r[1] for r in rows], dtype=np.float32)

    def articles(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Stored rows (id, title, byline, published, site, url, text, quotes) by id."""
        if not ids:
            return {}
        cur = self.con.execute(
            "SELECT id, title, byline, published, site, url, text, quotes FROM articles WHERE id IN (SELECT unnest(?))",
            [list(ids)],
        )
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}

    def links(self) -> list[DerivedLink]:
        """Every verified link."""
        rows = self.con.execute(
            "SELECT source, target, relation, score, target_coverage, source_coverage, reason FROM links "
            "ORDER BY source, target"
        ).fetchall()
        return [DerivedLink(*r) for r in rows]

    # -- writes --------------------------------------------------------------------------

    def write_batch(
        self,
        batch_id: int,
        articles: Sequence[Article],
        band_keys: np.ndarray,
        centroids: np.ndarray,
        links: Sequence[DerivedLink],
        duplicates: int,
        rejected: int,
    ) -> None:
        """Store one batch atomically: its articles, band keys, centroids, links and a batch row."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            if articles:
                con.executemany(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (a.id, content_hash(a.text), a.title, a.byline, a.published, a.site, a.url, a.text,
                         quote_count(a.text), batch_id)
                        for a in articles
                    ],
                )  # fmt: skip
                con.executemany(
                    "INSERT INTO bands VALUES (?, ?)",
                    [(int(k), a.id) for a, keys in zip(articles, band_keys) for k in np.unique(keys)],
                )
                con.executemany(
                    "INSERT INTO centroids VALUES (?, ?)",
                    [(a.id, vec.astype(np.float32).tolist()) for a, vec in zip(articles, centroids)],
                )
            if links:
                con.executemany(
                    "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(lk.source, lk.target, lk.relation, lk.score, lk.source_coverage, lk.target_coverage, lk.reason)
                     for lk in links],
                )  # fmt: skip
            con.execute(
                "INSERT INTO batches (id, added, duplicates, rejected) VALUES (?, ?, ?, ?)",
                [batch_id, len(articles), duplicates, rejected],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def next_batch_id(self) -> int:
        """One more than the last committed batch."""
        return int(self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchone()[0])
