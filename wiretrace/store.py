"""The embedded index store: one DuckDB file in the index directory, nothing to start.

Tables: `articles` (extracted text and metadata, unique content hash), `aliases` (articles
whose text is already stored under another id: their own metadata and the id holding the text), `bands` (LSH band
keys), `centroids` (one embedding per article), `links` (verified derived pairs) and
`batches` (one row per committed batch). Every batch is written in one transaction, so a
crash loses at most the batch in flight and the file always reopens consistent.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from wiretrace.cluster import DerivedLink
from wiretrace.errors import ConfigError, WiretraceError
from wiretrace.facts import quote_count
from wiretrace.fingerprint import article_key, content_hash, distinct_keys_per_row
from wiretrace.ingest import READING
from wiretrace.model import VERSION_MARK, Article, chrome_from_json, chrome_json, version_number

log = logging.getLogger(__name__)

DB_NAME = "index.duckdb"
#: held (shared by readers, exclusive by the writer) for the whole life of each DuckDB connection
LOCK_NAME = "index.lock"
#: Held by a writer from open to close, through the releases of `LOCK_NAME` between its batches:
#: readers come in between batches, another writer waits for the whole add (see `Store.open`).
WRITER_LOCK_NAME = "writer.lock"
#: A reader kept waiting for `LOCK_NAME` leaves a note in this directory while it waits, so a
#: writer lets go of the index between its batches only when someone waits (`readers_waiting`):
#: closing and reopening DuckDB after every batch cost ~8% of an add (BENCHMARKS.md).
WAITING_DIR = "readers-waiting"
#: Written by `wiretrace serve` while it holds the index: its process and address, so that a
#: command kept out says where to read at once instead of waiting for a lock never let go (`serving`).
SERVING_NAME = "serving.json"
#: A note older than this, or of a process that is gone, is of a reader that died waiting:
#: passed over, and cleared.
WAITING_STALE_S = 600.0
#: After letting go for waiting readers, a writer reconnects only once their notes are gone (they
#: got in), waiting at most this long: both sides poll the lock, and a writer reconnecting at
#: once took it back before the reader's next try (BENCHMARKS.md).
HANDOVER_S = 5.0
SCHEMA_VERSION = 1
#: DuckDB's buffer pool per connection (its default is 80% of the machine's memory, which a
#: writer filling a large index takes: see BENCHMARKS.md). Blocks beyond it are re-read from
#: the file; `WIRETRACE_DB_MEMORY` (e.g. "4GB") overrides it.
DB_MEMORY_LIMIT = "1GB"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR UNIQUE NOT NULL,
    title VARCHAR, byline VARCHAR, published VARCHAR, site VARCHAR, url VARCHAR,
    text VARCHAR NOT NULL,
    quotes INTEGER NOT NULL,
    batch BIGINT NOT NULL,
    sent_start INTEGER[], sent_end INTEGER[]
);
ALTER TABLE articles ADD COLUMN IF NOT EXISTS sent_start INTEGER[];
ALTER TABLE articles ADD COLUMN IF NOT EXISTS sent_end INTEGER[];
ALTER TABLE articles ADD COLUMN IF NOT EXISTS dropped_chrome VARCHAR;
CREATE TABLE IF NOT EXISTS aliases (
    id VARCHAR PRIMARY KEY, canonical VARCHAR NOT NULL,
    title VARCHAR, byline VARCHAR, published VARCHAR, site VARCHAR, url VARCHAR,
    batch BIGINT NOT NULL
);
ALTER TABLE aliases ADD COLUMN IF NOT EXISTS dropped_chrome VARCHAR;
CREATE TABLE IF NOT EXISTS bands (band_key UBIGINT NOT NULL, article_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS centroids (article_id VARCHAR PRIMARY KEY, vec FLOAT[] NOT NULL);
ALTER TABLE centroids ADD COLUMN IF NOT EXISTS key UBIGINT;
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


def _with_copies(own: str, theirs: str) -> str:
    """A query of every stored id, identical copies' too: `own` columns of `articles`, `theirs` of
    each copy (`a`, its row of `aliases`) beside the article holding its text (`c`)."""
    return (f"SELECT * FROM (SELECT {own} FROM articles UNION ALL "
            f"SELECT {theirs} FROM aliases a JOIN articles c ON c.id = a.canonical)")  # fmt: skip


class StoreError(WiretraceError):
    """The index directory cannot be opened or is not a wiretrace index."""


#: How long an open waits for the index's lock, unless told: `WIRETRACE_LOCK_WAIT` seconds, else this.
LOCK_WAIT = 60.0


def lock_wait_seconds() -> float:
    """The lock wait an open uses by default: `WIRETRACE_LOCK_WAIT` (seconds; 0 fails at once when
    the index is busy), else `LOCK_WAIT`. A nightly job may wait hours for a long add; a server not."""
    given = os.environ.get("WIRETRACE_LOCK_WAIT", "").strip()
    try:
        return max(0.0, float(given)) if given else LOCK_WAIT
    except ValueError:
        raise ConfigError(f"WIRETRACE_LOCK_WAIT={given!r}: give a number of seconds") from None


class IndexBusy(StoreError):
    """The index stayed locked by another writer, or by readers, for as long as an open waits."""


#: The index directories this program has open, each open's `read_only`: a second writer, which
#: the first one's lease would hold off until it closes, is refused at once rather than after the
#: lock wait (a notebook cell opening the index run again), and a wait that this program's own
#: open index holds up says so (`_held_here`).
_OPEN_HERE: dict[Path, list[bool]] = {}
_OPEN_HERE_LOCK = threading.Lock()
_NOT_CLOSED = "an Index or Store not closed: call its close(), or leave its `with` block"


def _claim(directory: Path, read_only: bool) -> Path:
    """Note that this program opens `directory`; refuse a second writer of it."""
    key = directory.resolve()
    with _OPEN_HERE_LOCK:
        held = _OPEN_HERE.setdefault(key, [])
        if not read_only and False in held:
            raise StoreError(f"{directory}: this program already has the index open for writing ({_NOT_CLOSED}, "
                             "then open it again)")  # fmt: skip
        held.append(read_only)
    return key


#: Writers of this program between two batches, by directory (`Store.lending`): a reader this
#: program opens meanwhile (from an add's `on_batch`) has them let go of the file first.
_LENDING: dict[Path, Store] = {}


def _held_here(directory: Path) -> str:
    """Why an open of `directory` that waited in vain may have waited on this very program: '' if not."""
    with _OPEN_HERE_LOCK:
        held = _OPEN_HERE.get(directory.resolve(), [])
    if False in held:
        return (f"; this program's own index open for writing holds it ({_NOT_CLOSED}; or open that one with "
                "release_between_batches=True, so readers get in between its batches)")
    return f"; this program's own read-only index holds it ({_NOT_CLOSED})" if held else ""


def _unclaim(key: Path, read_only: bool) -> None:
    with _OPEN_HERE_LOCK:
        held = _OPEN_HERE.get(key, [])
        if read_only in held:
            held.remove(read_only)
        if not held:
            _OPEN_HERE.pop(key, None)


def require_index(directory: Path) -> None:
    """Raise `StoreError` unless `directory` holds an index: before opening it to read, and before
    making a new index from it (`index add --from-index`), which a mistyped name left made and empty."""
    if not (directory / DB_NAME).exists():
        hint = " (give the index's directory, not its database file)" if directory.name == DB_NAME else ""
        raise StoreError(f"{directory}: no wiretrace index here{hint} (run 'wiretrace index add' first)")


class Store:
    """A DuckDB-backed index directory. Open it with `Store.open(path)`; use as a context manager."""

    def __init__(
        self, directory: Path, connection: tuple[Any, int | None], read_only: bool, lock_wait: float = LOCK_WAIT
    ) -> None:
        self.directory = directory
        self.read_only = read_only
        self.lock_wait = lock_wait
        self._base, self._lock = connection
        self._writer: int | None = None  # the writer lease (`WRITER_LOCK_NAME`), while open for writing
        self._chrome: dict[str, str] = {}  # how to read `dropped_chrome` from each table (`_chrome_column`)
        self._generation = 0
        self._local = threading.local()
        self._transaction = False  # inside `atomic`: write_batch adds to that transaction
        self._handing_over = False  # let go for waiting readers: reconnect once they got in (`hand_over`)
        self._version: tuple[tuple[int, ...] | None, tuple[int, int]] | None = None  # (file state, version)
        self._claim: Path | None = None  # this program's note of the open (`_claim`), until `close`
        self._closed = False
        self._pid = os.getpid()  # a forked worker must not let go of the locks it shares with this process

    @property
    def con(self) -> Any:
        """This thread's cursor on the database (DuckDB connections are not shared across threads).

        Reconnects (waiting for the file lock) after `release`.
        """
        if self._base is None:
            if self._closed:
                raise StoreError(f"{self.directory}: the index is closed (open it again to use it)")
            if self._handing_over:
                self._await_readers()
            self._base, self._lock = _connect(self.directory / DB_NAME, self.read_only, self.lock_wait)
            self._generation += 1
        cur = getattr(self._local, "cursor", None)
        if cur is None or self._local.generation != self._generation:
            cur = self._local.cursor = self._base.cursor()
            self._local.generation = self._generation
        return cur

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        """A query's rows as an Arrow table, on a cursor of its own: DuckDB refuses Arrow output from
        `sql` on a cursor whose last `execute` result was not read to the end (`fetchone`), as this
        thread's cursor (`con`) often is (a server's thread that had counted the articles failed
        the articles export that came next)."""
        self.con  # noqa: B018 - (re)connects after `release`
        with self._base.cursor() as cur:
            relation = cur.sql(sql, params=params)
            convert = getattr(relation, "to_arrow_table", None) or relation.arrow  # DuckDB 2.0; before
            return convert()

    def readers_waiting(self) -> bool:
        """Whether another process waits to read the index (its note in `WAITING_DIR`)."""
        try:
            notes = list(os.scandir(self.directory / WAITING_DIR))
        except OSError:
            return False
        now = time.time()
        for note in notes:
            try:
                if now - note.stat().st_mtime < WAITING_STALE_S and _alive(note.name):
                    return True
                os.unlink(note.path)
            except OSError:
                continue  # gone meanwhile: that reader got in
        return False

    def hand_over(self) -> None:
        """Let go of the index for the readers waiting to read it: the next access reconnects only
        once they got in (or after `HANDOVER_S`), then waits for the lock while they read."""
        self.release()
        self._handing_over = True

    def _await_readers(self) -> None:
        deadline = time.monotonic() + HANDOVER_S
        while self.readers_waiting() and time.monotonic() < deadline:
            time.sleep(0.01)
        self._handing_over = False

    @contextlib.contextmanager
    def lending(self) -> Iterator[None]:
        """While inside, a read-only open of this index in this program has this writer let go of
        the file first (`release`): a writer's `on_batch` callback may read the index, while one
        that does not costs the writer nothing (it keeps its connection and its warm cache)."""
        key = self.directory.resolve()
        with _OPEN_HERE_LOCK:
            _LENDING[key] = self
        try:
            yield
        finally:
            with _OPEN_HERE_LOCK:
                _LENDING.pop(key, None)

    def release(self) -> None:
        """Close the connection so other processes can open the file; the next access reconnects."""
        if self._base is not None:
            self._base.close()  # a writer checkpoints here, before the directory lock is let go
            self._base = None
        _unlock(self._lock)
        self._lock = None

    @classmethod
    def open(
        cls, directory: str | Path, read_only: bool = False, lock_wait: float | None = None, made_here: bool = True
    ) -> Store:
        """Open (or, when writable, create) the index in `directory`.

        Another process writing the index holds the index lock; opening waits for it up
        to `lock_wait` seconds (a writer releases the lock between batches). An index of another
        reading of inputs is refused for writing and read with a warning (`_check_made_here`);
        `made_here=False` (read-only) opens it to read its `records` again, as a rebuild does.
        """
        lock_wait = lock_wait_seconds() if lock_wait is None else lock_wait
        path = Path(directory)
        db = path / DB_NAME
        if read_only:
            require_index(path)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: not a directory")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the index directory ({exc.strerror or exc})") from exc
        here = _held_here(path)  # before this open is noted
        with _OPEN_HERE_LOCK:
            lender = _LENDING.get(path.resolve()) if read_only else None
        if lender is not None:  # this program's writer, between batches: it reconnects when it goes on
            lender.release()
        claim = _claim(path, read_only)
        writer = None
        try:
            if not read_only:
                writer = _writer_lease(path, time.monotonic() + lock_wait)
            connection = _connect(db, read_only, lock_wait)
        except BaseException as exc:
            _unlock(writer)
            _unclaim(claim, read_only)
            if isinstance(exc, IndexBusy) and here:
                raise IndexBusy(f"{exc}{here}") from None
            raise
        store = cls(path, connection, read_only, lock_wait)
        store._writer = writer
        store._claim = claim
        try:
            if made_here or not read_only:
                store._check_made_here()
            if not read_only:
                store._create()
                store._key_centroids()
        except BaseException:  # Ctrl-C too: the lease let go now, not when the store is collected
            store.close()
            raise
        return store

    def _create(self) -> None:
        """Create the tables an index lacks, and stamp a new one, in one transaction: an add
        stopped (kill -9, Ctrl-C) between the tables and their stamps left an index every later
        add refused as another wiretrace's, whatever its rebuild (a review: 14 of 15 kills in the
        first 30 ms of a new index)."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(_SCHEMA)
            con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            con.execute("INSERT OR IGNORE INTO meta VALUES ('reading', ?)", [str(READING)])
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                con.execute("ROLLBACK")
            raise

    def _tables(self) -> set[str]:
        """The names of the database's tables (an index made by an earlier version may lack some)."""
        return {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}

    def stamps(self) -> dict[str, str]:
        """The index's `meta` rows: `schema_version` (its tables) and `reading` (the reading of inputs
        it was built with, `ingest.READING`); none for an index made before they were written."""
        if "meta" not in self._tables():
            return {}
        return {str(k): str(v) for k, v in self.con.execute("SELECT key, value FROM meta").fetchall()}

    def records(self, chunk: int = 1024) -> Iterator[dict[str, Any]]:
        """Every indexed article as a record (`id`, `title`, `byline`, `published`, `site`, `url`,
        `text`, and the page furniture dropped from it, `dropped_chrome`: stored JSON), an identical
        copy with the text it shares and its own furniture, in id order: what a rebuild reads again.
        Reads the tables of any earlier index (one made before copies were stored has none)."""
        tables = self._tables()
        fields = ("id", "title", "byline", "published", "site", "url", "dropped_chrome")
        held = {r[0] for r in self.con.execute("DESCRIBE articles").fetchall()}
        own = ", ".join(f if f in held else f"NULL AS {f}" for f in fields)
        sql = f"SELECT {own}, text FROM articles"
        if "aliases" in tables:
            named = {r[0] for r in self.con.execute("DESCRIBE aliases").fetchall()}
            theirs = ", ".join(f"a.{f}" if f in named else f"NULL AS {f}" for f in fields)
            sql += f" UNION ALL SELECT {theirs}, c.text FROM aliases a JOIN articles c ON c.id = a.canonical"
        with self._base.cursor() as cur:
            cur.execute(sql + " ORDER BY id")
            while rows := cur.fetchmany(chunk):
                for row in rows:
                    yield {k: v for k, v in zip((*fields, "text"), row) if v is not None}

    def _check_made_here(self) -> None:
        """Refuse an index of a newer format, and an index built by another reading of inputs for
        writing: the same input read again would be stored under another content hash (mojibake
        repaired, a headline taken out) and rejected as other text under an indexed id, or dated
        otherwise than the articles beside it. Reading such an index goes on with a warning."""
        stamps = self.stamps()
        tables = self._tables()
        if not tables and not self.read_only:
            return  # a new index: stamped as it is created
        if "reading" not in stamps and not any(
            self.con.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchall() for t in tables - {"meta"}
        ):
            return  # tables holding nothing, unstamped: a new index an earlier wiretrace left half made (`_create`)
        if int(stamps.get("schema_version", 1)) > SCHEMA_VERSION:
            raise StoreError(f"{self.directory}: an index of a newer wiretrace (format {stamps['schema_version']}; "
                             f"this one reads format {SCHEMA_VERSION}): upgrade wiretrace to use it")  # fmt: skip
        made = stamps.get("reading")
        if made == str(READING):
            return
        told = f"reading {made}" if made else "an earlier reading"
        rebuild = f"wiretrace index add --from-index {self.directory} --index NEW_DIR"
        if not {"articles", "aliases", "links"} <= tables:
            raise StoreError(f"{self.directory}: built by an older wiretrace, whose index this one cannot read; "
                             f"rebuild it with `{rebuild}` (or index its inputs anew)")  # fmt: skip
        if not self.read_only:
            raise StoreError(
                f"{self.directory}: built by another wiretrace, which read its inputs otherwise ({told} of "
                f"texts, dates and ids; this one is reading {READING}): adding to it would store texts it holds "
                f"again and mix two readings; rebuild it with `{rebuild}` (or index its inputs anew)"
            )
        log.warning("%s: built by another wiretrace (%s of texts, dates and ids; this one is reading %d): "
                    "answers may differ from an index this one builds; rebuild it with `%s`",
                    self.directory, told, READING, rebuild)  # fmt: skip

    def close(self) -> None:
        """Close the database connection (and every thread's cursor with it), and let another writer
        in; the store is of no more use (it does not reopen)."""
        self.release()
        _unlock(self._writer)
        self._writer = None
        self._closed = True
        if self._claim is not None:
            _unclaim(self._claim, self.read_only)
            self._claim = None

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._closed

    def __del__(self) -> None:  # an index dropped unclosed (a notebook's `del index`) lets go of its locks
        if getattr(self, "_pid", None) == os.getpid():
            with contextlib.suppress(Exception):
                self.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _key_centroids(self) -> None:
        """Store the `article_key` of centroids written before keys were (once per old index)."""
        ids = [r[0] for r in self.con.execute("SELECT article_id FROM centroids WHERE key IS NULL").fetchall()]
        if not ids:
            return
        log.info("storing the keys of %d centroids", len(ids))
        self.con.register("_wiretrace_keys", pa.table({
            "article_id": ids, "key": pa.array([article_key(i) for i in ids], type=pa.uint64()),
        }))  # fmt: skip
        try:
            self.con.execute(
                "UPDATE centroids SET key = k.key FROM _wiretrace_keys k WHERE centroids.article_id = k.article_id"
            )
        finally:
            self.con.unregister("_wiretrace_keys")

    # -- reads ---------------------------------------------------------------------------

    def count(self) -> int:
        """Number of indexed texts (identical copies of one text count once)."""
        return int(self.con.execute("SELECT count(*) FROM articles").fetchall()[0][0])

    def link_count(self) -> int:
        """Number of stored links."""
        return int(self.con.execute("SELECT count(*) FROM links").fetchall()[0][0])

    def id_count(self) -> int:
        """Number of indexed articles: every id, identical copies included."""
        row = self.con.execute("SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM aliases)").fetchone()
        return int(row[0])

    def _rows_if_many(self, values: Sequence[str]) -> int:
        """The article count when a lookup of `values` must choose how to ask for them (see `_among`)."""
        return self.count() if len(values) > IN_LIST_MAX else 0

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of `ids` already stored."""
        if not ids:
            return set()
        among, params = _among(ids)
        rows = self.con.execute(
            f"SELECT id FROM articles WHERE id {among} UNION SELECT id FROM aliases WHERE id {among}", params + params
        ).fetchall()
        return {r[0] for r in rows}

    def canonicals(self, ids: Sequence[str]) -> dict[str, str]:
        """For those of `ids` already stored, the id holding each one's text (itself, or the
        canonical id of an identical copy)."""
        return dict(self._articles_and_aliases("id, id", "id", "id, canonical", "id", ids))

    def ids_for_hashes(self, hashes: Sequence[str]) -> dict[str, str]:
        """Stored article id by content hash, for those of `hashes` already stored."""
        if not hashes:
            return {}
        among, params = _among(hashes, self._rows_if_many(hashes))
        rows = self.con.execute(f"SELECT content_hash, id FROM articles WHERE content_hash {among}", params).fetchall()
        return dict(rows)

    def text_urls(self, canonicals: Sequence[str]) -> dict[str, set[str]]:
        """The addresses each of `canonicals` holds its text under: its own and its identical copies'."""
        out: dict[str, set[str]] = {}
        for canonical, url in self._articles_and_aliases("id, url", "id", "canonical, url", "canonical", canonicals):
            if url is not None:
                out.setdefault(canonical, set()).add(url)
        return out

    def _articles_and_aliases(
        self, article_columns: str, article_key: str, alias_columns: str, alias_key: str, values: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        """Rows of the articles whose `article_key` is among `values`, then of the aliases whose
        `alias_key` is: the texts stored and their identical copies, in one query."""
        if not values:
            return []
        among, params = _among(values)
        return self.con.execute(
            f"SELECT {article_columns} FROM articles WHERE {article_key} {among} "
            f"UNION ALL SELECT {alias_columns} FROM aliases WHERE {alias_key} {among}",
            params + params,
        ).fetchall()

    def aliases(self) -> list[dict[str, Any]]:
        """Every alias row: an article whose identical text is stored under `canonical`."""
        cur = self.con.execute("SELECT id, canonical, title, byline, published, site, url FROM aliases ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def copy_dates(self, canonicals: Sequence[str]) -> dict[str, list[tuple[str, str | None]]]:
        """(id, published) of the identical copies stored under each of `canonicals` that has any."""
        if not canonicals:
            return {}
        among, params = _among(canonicals)
        rows = self.con.execute(f"SELECT canonical, id, published FROM aliases WHERE canonical {among}", params)
        out: dict[str, list[tuple[str, str | None]]] = {}
        for canonical, alias_id, published in rows.fetchall():
            out.setdefault(canonical, []).append((alias_id, published))
        return out

    def links_touching(self, ids: Sequence[str]) -> list[DerivedLink]:
        """Verified links with either end among `ids`."""
        return self._links_with(ids, "OR")

    def links_among(self, ids: Sequence[str]) -> list[DerivedLink]:
        """Verified links whose two ends are both among `ids`."""
        return self._links_with(ids, "AND")

    def derived(self, ids: Sequence[str]) -> set[str]:
        """Those of `ids` that a stored link derives from another article (its target)."""
        if not ids:
            return set()
        among, params = _among(ids)
        return {r[0] for r in self.con.execute(f"SELECT DISTINCT target FROM links WHERE target {among}", params)
                .fetchall()}  # fmt: skip

    @contextlib.contextmanager
    def links_held(self) -> Iterator[None]:
        """Within the block, this thread's link look-ups (`links_touching`, `links_among`) are
        answered from links read before (`hold_links`), and read again, widened, only for an id
        outside them: a `query` looked links up 3-4 times at ~1.4 ms a statement, whatever the
        table's size (BENCHMARKS.md). Each read sees what was committed when it ran, as before."""
        if getattr(self._local, "held_links", None) is not None:  # inside another such block
            yield
            return
        self._local.held_links = (set(), [])
        try:
            yield
        finally:
            self._local.held_links = None

    def hold_links(self, ids: Sequence[str]) -> None:
        """Within `links_held`, read the links touching `ids` and those held already, in one statement
        (nothing outside such a block, or when they are all held)."""
        held = getattr(self._local, "held_links", None)
        if held is not None and not set(ids) <= held[0]:
            covered = held[0] | set(ids)
            self._local.held_links = (covered, self._read_links(sorted(covered), "OR"))

    def _links_with(self, ids: Sequence[str], join: str) -> list[DerivedLink]:
        """Verified links whose source `join` (AND, OR) whose target is among `ids`, in the table's
        order (from the links held, `links_held`, within such a block)."""
        if getattr(self._local, "held_links", None) is None or not ids:
            return self._read_links(ids, join)
        self.hold_links(ids)
        wanted = set(ids)
        links = self._local.held_links[1]
        if join == "OR":
            return [lk for lk in links if lk.source in wanted or lk.target in wanted]
        return [lk for lk in links if lk.source in wanted and lk.target in wanted]

    def _read_links(self, ids: Sequence[str], join: str) -> list[DerivedLink]:
        """`_links_with` read from the database."""
        if not ids:
            return []
        among, params = _among(ids)
        rows = self.con.execute(
            "SELECT source, target, relation, score, target_coverage, source_coverage, reason FROM links "
            f"WHERE source {among} {join} target {among}",
            params + params,
        ).fetchall()
        return [DerivedLink(*r) for r in rows]

    def canonical(self, article_id: str) -> str | None:
        """The stored id holding this article's text (itself, or the canonical id of an alias)."""
        row = self.con.execute(
            "SELECT id FROM articles WHERE id = ? UNION ALL SELECT canonical FROM aliases WHERE id = ?",
            [article_id, article_id],
        ).fetchone()
        return row[0] if row else None

    def versions(self, base: str) -> dict[int, str]:
        """The stored versions of id `base` (`pipeline.version_id`: the id itself is version 1,
        `base#v2` version 2, ...), each with the id holding its text (itself, or an alias's canonical)."""
        prefix = base + VERSION_MARK
        rows = self.con.execute(
            "SELECT id, id FROM articles WHERE id = ? OR starts_with(id, ?) "
            "UNION ALL SELECT id, canonical FROM aliases WHERE id = ? OR starts_with(id, ?)",
            [base, prefix, base, prefix],
        ).fetchall()
        found = {version_number(aid, base): holder for aid, holder in rows}
        return {n: holder for n, holder in sorted(found.items()) if n is not None}

    def band_rows(self, after_batch: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """The (band key, article) rows of the articles committed in batches after `after_batch`:
        a uint64 key array, each row's position in the distinct ids, and those ids (the band
        cache, `wiretrace.engines.bands`, is built from them without a string per row)."""
        table = self.arrow(
            "SELECT b.band_key, b.article_id FROM bands b JOIN articles a ON a.id = b.article_id WHERE a.batch > $1",
            [after_batch],
        )
        if table.num_rows == 0:
            return np.zeros(0, np.uint64), np.zeros(0, np.int64), []
        keys = table.column("band_key").to_numpy().astype(np.uint64, copy=False)
        encoded = table.column("article_id").combine_chunks().dictionary_encode()
        rows = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        return keys, rows, encoded.dictionary.to_pylist()

    def last_batch(self) -> int:
        """The id of the last committed batch (0 for an empty index)."""
        return self.version()[0]

    def article_ids(self) -> list[str]:
        """The id of every stored text (aliases are not included: their text is stored under another id)."""
        return [r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()]

    def centroid_keys(self) -> tuple[list[str], np.ndarray]:
        """The id of every stored centroid, in the order `centroids` returns them, and their
        `article_key`s (read from the store: hashing a million ids again took ~0.9 s an open)."""
        columns = {r[0] for r in self.con.execute("SELECT column_name FROM duckdb_columns() "
                                                  "WHERE table_name = 'centroids'").fetchall()}  # fmt: skip
        # an index written before keys were stored, opened read-only, has no column: NULLs
        key = "key" if "key" in columns else "NULL::UBIGINT AS key"
        # numpy, not Arrow: Arrow's conversion imports pandas (0.3 s of a one-query process)
        got = self.con.execute(f"SELECT article_id, {key} FROM centroids ORDER BY article_id").fetchnumpy()
        ids, keys = got["article_id"].tolist(), got["key"]
        if np.ma.is_masked(keys):  # NULLs: not yet given their keys
            return ids, np.array([article_key(i) for i in ids], dtype=np.uint64)
        return ids, np.asarray(keys, dtype=np.uint64)

    def centroids(self) -> tuple[list[str], np.ndarray]:
        """All article ids and their centroid embeddings (rows of a float32 matrix)."""
        table = self.arrow("SELECT article_id, vec FROM centroids ORDER BY article_id")
        if table.num_rows == 0:
            return [], np.zeros((0, 0), dtype=np.float32)
        vecs = table.column("vec").combine_chunks()
        flat = vecs.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
        return table.column("article_id").to_pylist(), flat.reshape(table.num_rows, -1)

    def centroids_of(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored centroids of those of `ids` that have one."""
        if not ids:
            return {}
        among, params = _among(ids)
        got = self.con.execute(f"SELECT article_id, vec FROM centroids WHERE article_id {among}", params).fetchnumpy()
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["article_id"].tolist(), got["vec"])}

    def articles(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Stored rows (id, title, byline, published, site, url, text, quotes, sentence offsets) by id."""
        if not ids:
            return {}
        among, params = _among(ids, self._rows_if_many(ids))
        cur = self.con.execute(
            "SELECT id, title, byline, published, site, url, text, quotes, sent_start, sent_end, "
            f"{self._chrome_column('articles')} "
            f"FROM articles WHERE id {among}",
            params,
        )
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}

    def meta(self, ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
        """Light metadata (title, byline, site, published, url, quotes) by id, aliases included: of `ids`, or of all."""
        sql = _with_copies("id, title, byline, site, published, url, quotes",
                           "a.id, a.title, a.byline, a.site, a.published, a.url, c.quotes")  # fmt: skip
        if ids is None:
            cur = self.con.execute(sql)
        else:
            among, params = _among(ids)
            cur = self.con.execute(f"{sql} WHERE id {among}", params)
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}

    def with_chrome(self, reason: str) -> set[str]:
        """Ids of the articles, identical copies included (each its own page), whose page furniture
        holds a piece dropped for `reason` (`dropped_chrome`; `chrome.AI_LEFTOVER`: a chatbot's words)."""
        sql = (f"SELECT id, dropped_chrome FROM (SELECT id, {self._chrome_column('articles')} FROM articles "
               f"UNION ALL SELECT id, {self._chrome_column('aliases')} FROM aliases) WHERE dropped_chrome LIKE ?")
        rows = self.con.execute(sql, [f"%{json.dumps(reason)}]%"]).fetchall()  # then read: a text may hold it
        return {i for i, chrome in rows if any(d.reason == reason for d in chrome_from_json(chrome))}

    def openings(self, ids: Sequence[str], chars: int = 400) -> dict[str, str]:
        """The first `chars` characters of the text of each of `ids` (an identical copy's, its kept
        text's): what names a family whose members have no title."""
        if not ids:
            return {}
        among, params = _among(ids)
        cur = self.con.execute(
            f"{_with_copies(f'id, left(text, {int(chars)})', f'a.id, left(c.text, {int(chars)})')} WHERE id {among}",
            params,
        )
        return {row[0]: row[1] or "" for row in cur.fetchall()}

    def alias_pages(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Of those of `ids` that are identical copies, each one's own page: the id holding its text
        (`canonical`), its title, byline, date, site, address and page furniture (`dropped_chrome`)."""
        if not ids:
            return {}
        among, params = _among(ids, self._rows_if_many(ids))
        cur = self.con.execute(
            f"SELECT id, canonical, title, byline, published, site, url, {self._chrome_column('aliases')} "
            f"FROM aliases WHERE id {among}",
            params,
        )
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}

    def _chrome_column(self, table: str) -> str:
        """`dropped_chrome`, or NULL in an index written before it was stored and opened read-only
        (a writer adds the column on open)."""
        if table not in self._chrome:
            sql = "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?"
            found = self.con.execute(sql, [table, "dropped_chrome"]).fetchone()[0]
            self._chrome[table] = "dropped_chrome" if found else "NULL AS dropped_chrome"
        return self._chrome[table]

    def version(self) -> tuple[int, int]:
        """(last batch id, link count): changes whenever a batch commits, for cache invalidation.

        Read from the database only when its files changed since the last read: every query of a
        long-lived reader asks (a round trip of 1-2 ms at 1M articles), and commits are rare.
        """
        state = self._file_state()
        cached = self._version
        if state is not None and cached is not None and cached[0] == state:
            return cached[1]
        row = self.con.execute("SELECT (SELECT coalesce(max(id), 0) FROM batches), (SELECT count(*) FROM links)")
        last, links = row.fetchone()
        self._version = (state, (int(last), int(links))) if state is not None else None
        return int(last), int(links)

    def _file_state(self) -> tuple[int, ...] | None:
        """Sizes and modification times of the database file and its write-ahead log (every commit
        changes one of them), or None while a change is too recent to be told apart from the next
        one by its time stamp (the file system's clock ticks coarsely, as git's "racy" files)."""
        state: list[int] = []
        for name in (DB_NAME, DB_NAME + ".wal"):
            try:
                st = os.stat(self.directory / name)
            except FileNotFoundError:
                state += [0, -1]
                continue
            if time.time_ns() - st.st_mtime_ns < 100_000_000:
                return None
            state += [st.st_mtime_ns, st.st_size]
        return tuple(state)

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
        aliases: Sequence[tuple[Article, str]] = (),
        dropped: Sequence[tuple[str, str]] = (),
        redated: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Store one batch atomically: its articles, band keys, centroids, links, aliases (an article and
        the stored id holding its identical text) and a batch row, after deleting the `dropped`
        (source, target) links (judged again: see `Index.judge_again`) and giving the `redated`
        (id, published) stored articles their earlier date. Inside `atomic`, the batch is part of
        that one transaction."""
        with self.atomic():
            con = self.con
            for source, target in dropped:
                con.execute("DELETE FROM links WHERE source = ? AND target = ?", [source, target])
            for article_id, published in redated:
                con.execute("UPDATE articles SET published = ? WHERE id = ?", [published, article_id])
            if articles:
                _insert(con, "articles", {
                    "id": [a.id for a in articles],
                    "content_hash": [content_hash(a.text) for a in articles],
                    "title": [a.title for a in articles], "byline": [a.byline for a in articles],
                    "published": [a.published for a in articles], "site": [a.site for a in articles],
                    "url": [a.url for a in articles], "text": [a.text for a in articles],
                    "quotes": [quote_count(a.text) for a in articles], "batch": [batch_id] * len(articles),
                    "sent_start": pa.array([[x.start for x in a.sentences] for a in articles], pa.list_(pa.int32())),
                    "sent_end": pa.array([[x.end for x in a.sentences] for a in articles], pa.list_(pa.int32())),
                    "dropped_chrome": pa.array([chrome_json(a.dropped_chrome) for a in articles], pa.string()),
                })  # fmt: skip
                keys, rows = distinct_keys_per_row(band_keys)
                _insert(con, "bands", {
                    "band_key": pa.array(keys, type=pa.uint64()), "article_id": [articles[r].id for r in rows.tolist()],
                })  # fmt: skip
                vecs = np.ascontiguousarray(centroids, dtype=np.float32)
                flat = pa.array(vecs.ravel(), type=pa.float32())
                offsets = pa.array(np.arange(0, vecs.size + 1, vecs.shape[1], dtype=np.int32))
                _insert(con, "centroids", {
                    "article_id": [a.id for a in articles], "vec": pa.ListArray.from_arrays(offsets, flat),
                    "key": pa.array([article_key(a.id or "") for a in articles], type=pa.uint64()),
                })  # fmt: skip
            if aliases:
                first = list({a.id: (a, canonical) for a, canonical in reversed(aliases)}.values())[::-1]
                _insert(con, "aliases", {
                    "id": [a.id for a, _ in first], "canonical": [c for _, c in first],
                    "title": [a.title for a, _ in first], "byline": [a.byline for a, _ in first],
                    "published": [a.published for a, _ in first], "site": [a.site for a, _ in first],
                    "url": [a.url for a, _ in first], "batch": [batch_id] * len(first),
                    "dropped_chrome": pa.array([chrome_json(a.dropped_chrome) for a, _ in first], pa.string()),
                }, verb="INSERT OR IGNORE")  # fmt: skip
            if links:
                last = list({(lk.source, lk.target): lk for lk in links}.values())
                _insert(con, "links", {
                    "source": [lk.source for lk in last], "target": [lk.target for lk in last],
                    "relation": [lk.relation for lk in last],
                    "score": pa.array([lk.score for lk in last], pa.float64()),
                    "source_coverage": pa.array([lk.source_coverage for lk in last], pa.float64()),
                    "target_coverage": pa.array([lk.target_coverage for lk in last], pa.float64()),
                    "reason": [lk.reason for lk in last],
                }, verb="INSERT OR REPLACE")  # fmt: skip
            con.execute(
                "INSERT INTO batches (id, added, duplicates, rejected) VALUES (?, ?, ?, ?)",
                [batch_id, len(articles), duplicates, rejected],
            )

    @contextlib.contextmanager
    def atomic(self) -> Any:
        """One transaction around every `write_batch` inside it: all of them are stored, or none (an
        `index import` stopped between its articles and its links must not keep the articles
        alone: a rerun finds them held and would never link them)."""
        if self._transaction:
            yield
            return
        con = self.con
        con.execute("BEGIN TRANSACTION")
        self._transaction = True
        try:
            yield
            con.execute("COMMIT")
        except BaseException as exc:
            import duckdb

            try:
                con.execute("ROLLBACK")
            except Exception:  # a failed COMMIT has ended the transaction: nothing to roll back
                log.debug("rollback after a failed write", exc_info=True)
            if isinstance(exc, duckdb.Error):  # disk full, a file that cannot be written: one line, the cause
                detail = " ".join(str(exc).split())[:300]
                if re.search(r"corrupt|checksum", detail, re.I):  # found damaged while read: nothing to keep
                    raise StoreError(f"{self.directory / DB_NAME}: the index database is damaged ({detail}); "
                                     "build the index again from its inputs") from exc  # fmt: skip
                raise StoreError(f"{self.directory}: cannot write to the index ({detail}); the batches committed "
                                 "before it are kept") from exc  # fmt: skip
            raise
        finally:
            self._transaction = False

    def next_batch_id(self) -> int:
        """One more than the last committed batch."""
        return int(self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchall()[0][0])


def _connect(db: Path, read_only: bool, lock_wait: float) -> tuple[Any, int | None]:
    """Connect to the DuckDB file, waiting up to `lock_wait` seconds while another process holds it.

    Returns the connection and the descriptor of the directory lock it holds. DuckDB reads the
    file's headers before taking its own lock, so a reader opening while a writer checkpoints can
    start from a stale header; the directory lock, taken first and held until the connection is
    closed, keeps readers out until the writer's checkpoint is done.
    """
    import duckdb

    deadline = time.monotonic() + lock_wait
    lock = _lock_directory(db, read_only, deadline)
    while True:
        try:
            config: dict[str, Any] = {"memory_limit": os.environ.get("WIRETRACE_DB_MEMORY", DB_MEMORY_LIMIT)}
            return duckdb.connect(str(db), read_only=read_only, config=config), lock
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                _unlock(lock)
                problem = IndexBusy if "lock" in str(exc).lower() else StoreError
                raise problem(f"{db}: cannot open the index ({' '.join(str(exc).split())})") from exc
            time.sleep(0.05)
        except duckdb.Error as exc:
            _unlock(lock)
            raise StoreError(f"{db}: cannot open the index ({' '.join(str(exc).split())})") from exc


def _lock_directory(db: Path, read_only: bool, deadline: float) -> int | None:
    """Take the index directory's lock (shared to read, exclusive to write), waiting until `deadline`.

    A read-only open of a directory where the lock file cannot be created goes on unlocked.
    """
    # a writer waits for readers too (a data team's review: a notebook's read-only Index was never named)
    readers = "" if read_only else ", or a reader: a query, stories or export still running, or an Index left open"
    busy = (f"{db}: cannot open the index (another process holds it: an index add or import, or a running "
            f"`wiretrace serve`{readers}; stop it, or use the server's HTTP API)")  # fmt: skip
    return _flock(db.parent / LOCK_NAME, fcntl.LOCK_SH if read_only else fcntl.LOCK_EX, deadline, busy, read_only)


def _writer_lease(directory: Path, deadline: float) -> int:
    """Take the writer lease of the index in `directory` (`WRITER_LOCK_NAME`), waiting until
    `deadline`. A server started while `index add` runs would otherwise take the index between
    two of the add's batches and keep it, and the add would fail half done."""
    busy = (f"{directory}: another writer holds this index (an index add, an import or a server; or an index "
            "opened for writing twice in one program): try again when an add or import is done; a server "
            "holds it until stopped, so add through its HTTP API (POST /api/articles)")  # fmt: skip
    lease = _flock(directory / WRITER_LOCK_NAME, fcntl.LOCK_EX, deadline, busy)
    assert lease is not None  # only an optional lock may be left untaken
    return lease


#: Seconds of waiting for an index lock after which a warning says why nothing happens.
WAIT_NOTICE_AFTER = 1.0


def _flock(path: Path, mode: int, deadline: float, busy: str, optional: bool = False) -> int | None:
    """The descriptor of `path` locked in `mode`, waiting until `deadline` (then `busy` is the
    error); None when the file cannot be created and the lock is `optional`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError as exc:
        if optional:
            return None
        raise StoreError(f"{path.parent}: cannot lock the index ({exc.strerror})") from exc
    notice: float | None = time.monotonic() + WAIT_NOTICE_AFTER
    waiting: Path | None = None  # a reader's note that it waits (`WAITING_DIR`)
    try:
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if (server := _server_holding(path.parent)) is not None:  # held until the server stops
                    os.close(fd)
                    pid, url = server
                    raise IndexBusy(f"{path.parent}: `wiretrace serve` (pid {pid}) holds this index until it stops: "
                                    f"read or add through it at {url} (/api/stories, /api/sites, /api/query, "
                                    "POST /api/articles), or stop it first") from None  # fmt: skip
                now = time.monotonic()
                if now > deadline:
                    os.close(fd)
                    raise IndexBusy(busy) from None
                if waiting is None and mode == fcntl.LOCK_SH:
                    waiting = _leave_note(path.parent)
                if notice is not None and now > notice:  # say why nothing happens, once
                    left = deadline - now
                    log.warning("%s: another process holds the index; waiting up to %.0f s more", path.parent, left)
                    notice = None
                time.sleep(0.05)
    finally:
        if waiting is not None:
            with contextlib.suppress(OSError):
                waiting.unlink()


def _alive(note_name: str) -> bool:
    """Whether the process that left a waiting note (named `PID-THREAD`) still runs."""
    try:
        return _runs(int(note_name.split("-", 1)[0]))
    except ValueError:
        return True  # not ours to judge (a foreign name): keep it


def _runs(pid: int) -> bool:
    """Whether process `pid` runs (another user's, which cannot be signalled, counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def serving(directory: Path, url: str) -> Iterator[None]:
    """Note in the index `directory` that this process serves it at `url` while the block runs
    (`SERVING_NAME`); a directory that cannot hold the note gets none (commands then wait)."""
    import json

    note = directory / SERVING_NAME
    try:
        note.write_text(json.dumps({"pid": os.getpid(), "url": url}))
        written = True
    except OSError:
        written = False
    try:
        yield
    finally:
        if written:
            with contextlib.suppress(OSError):
                note.unlink()


def _server_holding(directory: Path) -> tuple[int, str] | None:
    """(pid, address) of the `wiretrace serve` of another process that notes it serves the index in
    `directory` (`serving`), while that process runs; None otherwise (a note left by a server killed
    is passed over)."""
    import json

    try:
        note = json.loads((directory / SERVING_NAME).read_text())
        pid, url = int(note["pid"]), str(note["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (pid, url) if pid != os.getpid() and _runs(pid) else None


def _leave_note(directory: Path) -> Path:
    """Note in `directory`'s `WAITING_DIR` that this process waits to read (a writer lets go of
    the index at its next batch). Returns the note; a directory that cannot hold one gets none,
    and the writer lets go only at its end."""
    note = directory / WAITING_DIR / f"{os.getpid()}-{threading.get_ident()}"
    try:
        note.parent.mkdir(exist_ok=True)
        note.touch()
    except OSError:
        pass
    return note


def _unlock(lock: int | None) -> None:
    if lock is not None:
        os.close(lock)


#: Up to this many values, a lookup lists them as parameters (`IN (?, ?)`); more go in one list
#: parameter (`= ANY(?)`). At 1M articles the short form is ~2x faster for a handful of ids
#: (1.0 against 1.9 ms for a link lookup), the list form plans faster for thousands.
IN_LIST_MAX = 64
#: The listed form probes the key's index once per value, the list form scans the column: in a
#: table of `rows` rows, listing pays up to about rows / ROWS_PER_PROBE values (600 article ids:
#: 80-330 against 170-600 ms at 1M rows, 24 against 10 ms at 2,800; BENCHMARKS.md).
ROWS_PER_PROBE = 1000


def _among(values: Sequence[str], rows: int = 0) -> tuple[str, list[Any]]:
    """The SQL condition (after a column name) and parameters for "is one of `values`", for a
    table of about `rows` rows (0: unknown) indexed on that column."""
    values = list(values)
    if not values:
        return "IN (NULL)", []  # matches nothing
    if len(values) <= max(IN_LIST_MAX, rows // ROWS_PER_PROBE):
        return f"IN ({', '.join('?' * len(values))})", values
    return "= ANY(?)", [values]


def _insert(con: Any, table: str, columns: dict[str, Any], verb: str = "INSERT") -> None:
    """Bulk-insert named columns (lists or Arrow arrays) through Arrow: row-by-row `executemany`
    costs a round trip per row (~4 ms a row into a table with a primary key). `verb` may add a
    conflict clause (`INSERT OR REPLACE`); the rows must then have distinct keys."""
    con.register("_wiretrace_rows", pa.table(columns))
    names = ", ".join(columns)
    try:
        con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM _wiretrace_rows")
    finally:
        # in a transaction a failed insert has aborted, unregistering fails too ('Current transaction
        # is aborted'), and that error would replace the insert's own (a duplicate key, a full disk)
        with contextlib.suppress(Exception):
            con.unregister("_wiretrace_rows")
