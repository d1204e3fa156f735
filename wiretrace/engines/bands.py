"""LSH band lookup for the corpus index: every stored band key, sorted, searched by bisection.

The store's `bands` table holds a row per (band key, article). Looking keys up there is a scan
of the whole table, which grows with the index (15-20 ms a query at 100k articles, 130-160 ms at 1M);
an ART index on the table answers in 3 ms but adds 3 GB to a 1M-article file and loads ~1.8 GB
into memory (`bench/band_lookup.py`, BENCHMARKS.md). Here the keys are kept sorted in one
file beside the DuckDB file, `bands.npy`, memory-mapped: a lookup reads a few pages, whatever
the size, and the file costs 16 bytes a row. Like the neighbour graph it is only a cache of
the store: it records the last batch it holds; on open, later batches are read from the store;
a writer rewrites it atomically at the end of each `index add`. A crash can leave it behind the
store, never ahead of it, and a missing or damaged file is rebuilt from the store.

File layout (one uint64 array): [last batch held, n, n sorted keys, n owners], an owner being
the `article_key` of the article's id (the neighbour graph's label for it).
"""

from __future__ import annotations

import logging
import mmap
import os
import threading
from collections.abc import Iterable, Sequence

import numpy as np

from wiretrace.engines.neighbours import article_key
from wiretrace.fingerprint import distinct_keys_per_row
from wiretrace.store import Store

log = logging.getLogger(__name__)

BAND_FILE = "bands.npy"
#: rows kept unsorted in memory (a dict) before they are merged into the sorted arrays
TAIL_LIMIT = 1 << 20
#: rows of the sorted arrays copied at a time when a writer merges (bounds the index arrays' memory)
MERGE_BLOCK = 1 << 22


class BandTable:
    """The stored articles' band keys: `lookup` gives the articles holding each key."""

    def __init__(self, store: Store, writable: bool, id_of: dict[int, str] | None = None) -> None:
        """Open the band file of `store`'s index. `id_of` maps `article_key` to the id of every stored
        article (the neighbour search keeps one: `NeighbourSpace.by_key`); without it, it is built here."""
        self._store = store
        self._path = store.directory / BAND_FILE
        self._writable = writable
        self._lock = threading.Lock()  # a server looks keys up in threads while its writer adds
        self._keys, self._owners, self.batch = self._read_file()
        self._tail: dict[int, list[str]] = {}
        self._tail_rows: list[tuple[np.ndarray, np.ndarray]] = []
        self._dirty = False
        self._id_of = id_of if id_of is not None else {article_key(i): i for i in store.article_ids()}
        self.catch_up()

    def __len__(self) -> int:
        return len(self._keys) + sum(len(k) for k, _ in self._tail_rows)

    def lookup(self, keys: Iterable[int]) -> dict[int, list[str]]:
        """Stored article ids per band key, for those of `keys` any article holds."""
        given = keys if isinstance(keys, np.ndarray) else np.fromiter((int(k) for k in keys), dtype=np.uint64)
        wanted = np.unique(given.astype(np.uint64, copy=False))
        out: dict[int, list[str]] = {}
        with self._lock:
            if len(wanted) and len(self._keys):
                lo = np.searchsorted(self._keys, wanted, side="left")
                hi = np.searchsorted(self._keys, wanted, side="right")
                for key, a, b in zip(wanted.tolist(), lo.tolist(), hi.tolist()):
                    if b > a:
                        out[key] = [self._id_of[o] for o in self._owners[a:b].tolist() if o in self._id_of]
            for key in wanted.tolist():
                if key in self._tail:
                    out.setdefault(key, []).extend(self._tail[key])
        return {k: v for k, v in out.items() if v}

    def add(self, batch: int, ids: Sequence[str], keys: np.ndarray) -> None:
        """Hold the rows of a committed batch: `keys[i]` are the band keys of article `ids[i]`."""
        owners = np.array([article_key(i) for i in ids], dtype=np.uint64)
        self._id_of.update(zip(owners.tolist(), ids))
        with self._lock:
            self.batch = max(self.batch, batch)  # first: a merge below writes the file as of this batch
            self._dirty = True
            if len(ids):
                flat, rows = distinct_keys_per_row(keys)  # the rows the store wrote for this batch
                self._hold(flat, owners[rows])

    def catch_up(self) -> None:
        """Read the batches the store committed after the last one held (another process's adds,
        or the ones a crash kept out of the file)."""
        with self._lock:  # one thread reads them; the others then find nothing new
            last = self._store.last_batch()
            if last == self.batch:
                return
            if last < self.batch:  # a file ahead of its store (the database restored from a copy)
                log.warning("%s: ahead of the index; rebuilding it from the index", self._path)
                self._keys = self._owners = np.zeros(0, dtype=np.uint64)
                self._tail.clear()
                self._tail_rows.clear()
                self.batch = 0
            keys, rows, ids = self._store.band_rows(self.batch)
            held, self.batch, self._dirty = self.batch, last, True  # first, as in `add`
            if len(keys):
                owners_of_ids = np.array([article_key(i) for i in ids], dtype=np.uint64)
                self._id_of.update(zip(owners_of_ids.tolist(), ids))
                self._hold(keys, owners_of_ids[rows])
                log.info("read %d band rows after batch %d from the index", len(keys), held)

    def save(self) -> None:
        """Rewrite the file with every row held (when writable and anything changed)."""
        if not self._writable or not self._dirty:
            return
        with self._lock:
            self._merge(write=True)

    # -- internals -----------------------------------------------------------------------

    def _read_file(self) -> tuple[np.ndarray, np.ndarray, int]:
        empty = np.zeros(0, dtype=np.uint64)
        if not self._path.exists():
            return empty, empty, 0
        try:
            data = np.load(self._path, mmap_mode="r")
            batch, n = int(data[0]), int(data[1])
            if data.dtype != np.uint64 or data.ndim != 1 or len(data) != 2 + 2 * n:
                raise ValueError("wrong shape")
            return data[2 : 2 + n], data[2 + n :], batch
        except (OSError, ValueError, IndexError) as exc:  # a damaged cache is rebuilt from the store
            log.warning("%s: unreadable (%s); rebuilding it from the index", self._path, exc)
            return empty, empty, 0

    def _hold(self, keys: np.ndarray, owners: np.ndarray) -> None:
        """Hold new rows: a batch's in the unsorted tail, a bulk read (or a full tail) merged at once."""
        self._tail_rows.append((keys, owners))
        if sum(len(k) for k, _ in self._tail_rows) > TAIL_LIMIT:
            self._merge()
            return
        for key, owner in zip(keys.tolist(), owners.tolist()):
            self._tail.setdefault(key, []).append(self._id_of[owner])

    def _merge(self, write: bool = False) -> None:
        """Insert the unsorted rows into the sorted arrays (sorted insertion, not a full sort).

        A writer merges straight into a new file and maps it, so the sorted arrays stay backed by
        the file instead of the process's memory (0.7 GB at 1M articles, twice that while
        `np.insert` copied them); `write` makes a new file even without new rows (the batch moved).
        """
        if not self._tail_rows and not write:
            return
        keys = np.concatenate([k for k, _ in self._tail_rows]) if self._tail_rows else np.zeros(0, np.uint64)
        owners = np.concatenate([o for _, o in self._tail_rows]) if self._tail_rows else np.zeros(0, np.uint64)
        order = np.argsort(keys, kind="stable")
        keys, owners = keys[order], owners[order]
        if self._writable:
            self._write_merged(keys, owners)
        else:
            at = np.searchsorted(self._keys, keys, side="right")
            self._keys = np.insert(np.asarray(self._keys), at, keys)
            self._owners = np.insert(np.asarray(self._owners), at, owners)
        self._tail.clear()
        self._tail_rows.clear()

    def _write_merged(self, keys: np.ndarray, owners: np.ndarray) -> None:
        """Write the held sorted rows merged with `keys`/`owners` (sorted) as the new file, atomically,
        in blocks, then map it. Row i of the old arrays lands at i + (new rows sorted before it)."""
        old_keys, old_owners = self._keys, self._owners
        n, m = len(old_keys), len(keys)
        at = np.searchsorted(old_keys, keys, side="right")  # np.insert's positions
        tmp = self._path.with_suffix(".tmp")
        out = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.uint64, shape=(2 + 2 * (n + m),))
        out[:2] = (self.batch, n + m)
        out_keys, out_owners = out[2 : 2 + n + m], out[2 + n + m :]
        for start in range(0, n, MERGE_BLOCK):
            rows = np.arange(start, min(n, start + MERGE_BLOCK))
            dest = rows + np.searchsorted(at, rows, side="right")
            out_keys[dest] = old_keys[start : start + len(rows)]
            out_owners[dest] = old_owners[start : start + len(rows)]
            # the pages done with leave the resident set (they stay in the page cache): both files
            # mapped whole had put 1.3 GB of file pages on a writer's RSS at 1M articles
            for done, upto in ((old_keys, start + len(rows)), (old_owners, start + len(rows)),
                               (out_keys, int(dest[-1]) + 1), (out_owners, int(dest[-1]) + 1)):  # fmt: skip
                _release(done, upto)
        dest = at + np.arange(m)
        out_keys[dest], out_owners[dest] = keys, owners
        out.flush()
        del out, out_keys, out_owners
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self._path)
        self._keys, self._owners, _ = self._read_file()
        self._dirty = False


def _release(mapped: np.ndarray, upto: int) -> None:
    """Let the kernel take back the whole pages of a file-mapped array's first `upto` items from
    this process's resident set (`madvise(MADV_DONTNEED)`): a shared file mapping keeps its data,
    written or not, in the page cache and in the file, and a later access maps it again. Arrays
    not backed by a file mapping, and platforms without madvise, are left as they are."""
    mm = getattr(mapped, "_mmap", None)
    if mm is None or not hasattr(mm, "madvise") or upto <= 0:
        return
    view = np.frombuffer(mm, dtype=np.uint8)  # the mapping's first byte, to place the array in it
    try:
        begin = mapped.ctypes.data - view.ctypes.data
        end = begin + upto * mapped.itemsize
    finally:
        del view
    first = -(-begin // mmap.PAGESIZE) * mmap.PAGESIZE  # whole pages only: the neighbours' may be in use
    last = end // mmap.PAGESIZE * mmap.PAGESIZE
    if last > first:
        mm.madvise(mmap.MADV_DONTNEED, first, last - first)
