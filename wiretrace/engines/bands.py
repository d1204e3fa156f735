"""LSH band lookup for the corpus index: every stored band key, sorted, searched by bisection.

The store's `bands` table holds a row per (band key, article). Looking keys up there is a scan
of the whole table, which grows with the index (15-20 ms a query at 100k articles, 130-160 ms at 1M);
an ART index on the table answers in 3 ms but adds 3 GB to a 1M-article file and loads ~1.8 GB
into memory (`bench/band_lookup.py`, BENCHMARKS.md). Here the keys are kept sorted in one
file beside the DuckDB file, `bands.npy`, memory-mapped: a lookup reads a few pages, whatever
the size, and the file costs 16 bytes a row. The rows of recent adds are kept in a second, smaller
sorted file, `bands.recent.npy`, so that an add rewrites only that one (rewriting the main file, 670 MB
at 1M articles, took ~2.5 s an add); once it holds more than a sixteenth of the rows (`RECENT_SHARE`)
and more than 65,536 rows (`RECENT_FLOOR`), it is merged into the main file. Like the neighbour
graph they are only a cache of the store: each records the last batch it holds (the recent file
also the main file's batch it extends); on open,
later batches are read from the store; a writer rewrites them atomically. A crash can leave them
behind the store, never ahead of it, and a missing or damaged file is rebuilt from the store.

File layout (one uint64 array): [last batch held, n, n sorted keys, n owners] for the main file and
[last batch held, n, main file's batch, n sorted keys, n owners] for the recent one, an owner
being the `article_key` of the article's id (the neighbour graph's label for it).
"""

from __future__ import annotations

import logging
import mmap
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from wiretrace.fingerprint import article_key, distinct_keys_per_row
from wiretrace.store import Store

log = logging.getLogger(__name__)

BAND_FILE = "bands.npy"
RECENT_FILE = "bands.recent.npy"
#: the recent file is merged into the main one when it would hold more than this share of the main's rows
RECENT_SHARE = 1 / 16
#: ... or than this many rows, whichever is more: below it a merge rewrites a small main file, and
#: above it every small add would rewrite a recent file that only grows (16 bytes a row)
RECENT_FLOOR = 1 << 16
#: rows of the batches added since the files were written, kept in memory (`BandTable._hold`)
#: before they are merged into the files
TAIL_LIMIT = 1 << 20
#: rows of the sorted arrays copied at a time when a writer merges (bounds the index arrays' memory)
MERGE_BLOCK = 1 << 22


class BandTable:
    """The stored articles' band keys: `lookup` gives the articles holding each key."""

    def __init__(self, store: Store, writable: bool, id_of: dict[int, str] | None = None) -> None:
        """Open the band files of `store`'s index. `id_of` maps `article_key` to the id of every stored
        article (the neighbour search keeps one: `NeighbourSpace.by_key`); without it, it is built here."""
        self._store = store
        self._path = store.directory / BAND_FILE
        self._recent_path = store.directory / RECENT_FILE
        if writable:  # a file half written when its writer was killed (the one writer is this one now)
            for path in (self._path, self._recent_path):
                path.with_suffix(".tmp").unlink(missing_ok=True)
        self._writable = writable
        self._lock = threading.Lock()  # a server looks keys up in threads while its writer adds
        self._keys, self._owners, self._main_batch = self._read_main()
        self._recent_keys, self._recent_owners, self.batch = self._read_recent()
        self._tail: list[tuple[np.ndarray, np.ndarray]] = []  # sorted runs of (keys, owners), oldest first
        self._dirty = False
        self._id_of = id_of if id_of is not None else {article_key(i): i for i in store.article_ids()}
        self.catch_up()

    def __len__(self) -> int:
        return len(self._keys) + len(self._recent_keys) + self._tail_rows()

    def lookup(self, keys: Iterable[int]) -> dict[int, list[str]]:
        """Stored article ids per band key, for those of `keys` any article holds."""
        given = keys if isinstance(keys, np.ndarray) else np.fromiter((int(k) for k in keys), dtype=np.uint64)
        wanted = np.unique(given.astype(np.uint64, copy=False))
        out: dict[int, list[str]] = {}
        with self._lock:
            held = ((self._keys, self._owners), (self._recent_keys, self._recent_owners), *self._tail)
            for sorted_keys, owners in held:
                if not len(wanted) or not len(sorted_keys):
                    continue
                lo = np.searchsorted(sorted_keys, wanted, side="left")
                hi = np.searchsorted(sorted_keys, wanted, side="right")
                for key, a, b in zip(wanted.tolist(), lo.tolist(), hi.tolist()):
                    if b > a:
                        ids = [self._id_of[o] for o in owners[a:b].tolist() if o in self._id_of]
                        out.setdefault(key, []).extend(ids)
        # each holder once: files saved while a batch's rows were held twice (a reader's catch-up
        # beside the writer's own add) hold those rows twice
        return {k: list(dict.fromkeys(v)) for k, v in out.items() if v}

    def add(self, batch: int, ids: Sequence[str], keys: np.ndarray) -> None:
        """Hold the rows of a committed batch: `keys[i]` are the band keys of article `ids[i]`."""
        owners = np.array([article_key(i) for i in ids], dtype=np.uint64)
        self._id_of.update(zip(owners.tolist(), ids))
        with self._lock:
            if batch <= self.batch:  # a reader's `catch_up` read the committed batch from the store first
                return
            self.batch = batch  # first: a merge below writes the files as of this batch
            self._dirty = True
            if len(ids):
                flat, rows = distinct_keys_per_row(keys)  # the rows the store wrote for this batch
                self._hold(flat, owners[rows])

    def catch_up(self) -> None:
        """Read the batches the store committed after the last one held (another process's adds,
        or the ones a crash kept out of the files)."""
        with self._lock:  # one thread reads them; the others then find nothing new
            last = self._store.last_batch()
            if last == self.batch:
                return
            if last < self.batch:  # files ahead of their store (the database restored from a copy)
                log.warning("%s: ahead of the index; rebuilding it from the index", self._path)
                self._keys = self._owners = self._recent_keys = self._recent_owners = np.zeros(0, dtype=np.uint64)
                self._tail.clear()
                self.batch = self._main_batch = 0
                if self._writable:  # rewritten from the rows read below at the next save
                    self._path.unlink(missing_ok=True)
                    self._recent_path.unlink(missing_ok=True)
            keys, rows, ids = self._store.band_rows(self.batch)
            held, self.batch, self._dirty = self.batch, last, True  # first, as in `add`
            if len(keys):
                owners_of_ids = np.array([article_key(i) for i in ids], dtype=np.uint64)
                self._id_of.update(zip(owners_of_ids.tolist(), ids))
                self._hold(keys, owners_of_ids[rows])
                log.info("read %d band rows after batch %d from the index", len(keys), held)

    def save(self) -> None:
        """Write the rows held since the files were written (when writable and anything changed)."""
        if not self._writable or not self._dirty:
            return
        with self._lock:
            self._merge(write=True)

    # -- internals -----------------------------------------------------------------------

    def _read_main(self) -> tuple[np.ndarray, np.ndarray, int]:
        batch, keys, owners, _ = _read(self._path, header=2)
        return keys, owners, batch

    def _read_recent(self) -> tuple[np.ndarray, np.ndarray, int]:
        """The recent file's rows and the batch held with them, if it extends the main file as read
        (else none: a crash after the main file took them in and before this one was removed)."""
        batch, keys, owners, base = _read(self._recent_path, header=3)
        if (len(keys) or batch) and (base != self._main_batch or batch < base):
            log.info("%s: not an extension of %s; set aside", self._recent_path, self._path)
            batch, keys, owners = self._main_batch, keys[:0], owners[:0]
        return keys, owners, max(batch, self._main_batch)

    def _hold(self, keys: np.ndarray, owners: np.ndarray) -> None:
        """Hold new rows in the tail, a bulk read (or a full tail) merged into the sorted arrays at once.

        The tail is a few sorted runs, each at most half the size of the one before: a new batch's
        run is merged with the newest runs until that holds again (as a binary counter carries), so
        there are at most log2(rows) runs and a row is copied a few times however small the batches
        (one sorted array copied whole per batch took 31 s for 1M rows in batches of one article; a
        dict of id lists, an add's 2-3% in its per-row Python loop)."""
        order = np.argsort(keys, kind="stable")
        run = (keys[order], owners[order])
        while self._tail and len(self._tail[-1][0]) < 2 * len(run[0]):
            older = self._tail.pop()
            run = _inserted(*older, *run)
        self._tail.append(run)
        if self._tail_rows() > TAIL_LIMIT:
            self._merge()

    def _tail_rows(self) -> int:
        return sum(len(keys) for keys, _ in self._tail)

    def _merge(self, write: bool = False) -> None:
        """Insert the tail's rows into the sorted arrays (sorted insertion, not a full sort).

        A writer merges them into a new recent file, or, once that would hold more than
        `RECENT_SHARE` of the main file's rows, both into a new main file, and maps the result, so
        the sorted arrays stay backed by files instead of the process's memory (0.7 GB at 1M
        articles); `write` makes a new file even without new rows (the batch moved). A reader
        inserts them into its recent arrays in memory.
        """
        if not self._tail and not write:
            return
        keys = np.concatenate([k for k, _ in self._tail]) if self._tail else np.zeros(0, np.uint64)
        owners = np.concatenate([o for _, o in self._tail]) if self._tail else np.zeros(0, np.uint64)
        order = np.argsort(keys, kind="stable")  # the runs oldest first: a key's holders stay in the order added
        keys, owners = keys[order], owners[order]
        limit = max(RECENT_FLOOR, RECENT_SHARE * len(self._keys)) if len(self._keys) else -1  # none yet: all in main
        try:
            self._merge_into_files(keys, owners, limit)
        except OSError as exc:  # a full disk: the files are a cache of the index, caught up on the next open
            log.warning("%s: cannot write the band file (%s); the index holds its rows, read again on the next add",
                        self._path.parent, exc.strerror or exc)  # fmt: skip
            self._writable = False
            self._recent_keys, self._recent_owners = _inserted(self._recent_keys, self._recent_owners, keys, owners)
        self._dirty = False
        self._tail.clear()

    def _merge_into_files(self, keys: np.ndarray, owners: np.ndarray, limit: float) -> None:
        """`_merge`'s sorted rows into a new recent file, or with it into a new main file (writer),
        or into the recent arrays in memory (reader)."""
        if self._writable and len(self._recent_keys) + len(keys) > limit:
            keys, owners = _inserted(self._recent_keys, self._recent_owners, keys, owners)
            _write_merged(self._path, self._keys, self._owners, keys, owners, (self.batch,))
            self._keys, self._owners, self._main_batch = self._read_main()
            self._recent_path.unlink(missing_ok=True)  # after: a crash between leaves it set aside on open
            self._recent_keys = self._recent_owners = np.zeros(0, dtype=np.uint64)
        elif self._writable:
            head = (self.batch, self._main_batch)
            _write_merged(self._recent_path, self._recent_keys, self._recent_owners, keys, owners, head)
            self._recent_keys, self._recent_owners, _ = self._read_recent()
        else:
            self._recent_keys, self._recent_owners = _inserted(self._recent_keys, self._recent_owners, keys, owners)


def _read(path: Path, header: int) -> tuple[int, np.ndarray, np.ndarray, int]:
    """A band file's last batch, sorted keys, owners and (with `header` 3) the main file's batch it
    extends, memory-mapped; nothing for a missing or damaged file (rebuilt from the store)."""
    empty = np.zeros(0, dtype=np.uint64)
    if not path.exists():
        return 0, empty, empty, 0
    try:
        data = np.load(path, mmap_mode="r")
        batch, n = int(data[0]), int(data[1])
        if data.dtype != np.uint64 or data.ndim != 1 or len(data) != header + 2 * n:
            raise ValueError("wrong shape")
        base = int(data[2]) if header > 2 else 0
        return batch, data[header : header + n], data[header + n :], base
    except (OSError, ValueError, IndexError, EOFError) as exc:  # a damaged cache (an empty file too) is rebuilt
        log.warning("%s: unreadable (%s); rebuilding it from the index", path, exc)
        return 0, empty, empty, 0


def _inserted(
    old_keys: np.ndarray, old_owners: np.ndarray, keys: np.ndarray, owners: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sorted rows `keys`/`owners` inserted into the sorted `old_keys`/`old_owners`, in memory
    (after the old rows of an equal key)."""
    if not len(old_keys):  # np.insert would copy them twice over
        return np.asarray(keys), np.asarray(owners)
    at = np.searchsorted(old_keys, keys, side="right")
    return np.insert(np.asarray(old_keys), at, keys), np.insert(np.asarray(old_owners), at, owners)


def _write_merged(
    path: Path, old_keys: np.ndarray, old_owners: np.ndarray, keys: np.ndarray, owners: np.ndarray,
    header: tuple[int, ...],
) -> None:  # fmt: skip
    """Write the sorted rows `old_*` merged with the sorted `keys`/`owners` as the band file `path`,
    after `header` (the last batch held, and for the recent file the main file's batch) and the row
    count: atomically, in blocks. Row i of the old arrays lands at i + (new rows sorted before it)."""
    tmp = path.with_suffix(".tmp")
    try:  # a write stopped (Ctrl-C, a full disk) leaves no half-written file
        _write_rows(tmp, old_keys, old_owners, keys, owners, header)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


def _write_rows(
    tmp: Path, old_keys: np.ndarray, old_owners: np.ndarray, keys: np.ndarray, owners: np.ndarray,
    header: tuple[int, ...],
) -> None:  # fmt: skip
    """`_write_merged`'s file, written to `tmp` and synced."""
    n, m = len(old_keys), len(keys)
    at = np.searchsorted(old_keys, keys, side="right")  # np.insert's positions
    head = len(header) + 1
    out = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.uint64, shape=(head + 2 * (n + m),))
    # the blocks reserved now: a full disk is an OSError here, not a SIGBUS when a page is written
    with tmp.open("rb+") as fh:
        os.posix_fallocate(fh.fileno(), 0, tmp.stat().st_size)
    out[:head] = (header[0], n + m, *header[1:])
    out_keys, out_owners = out[head : head + n + m], out[head + n + m :]
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
