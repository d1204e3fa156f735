"""Spread a CPU-bound kernel over the machine's cores, for data already in memory.

Verification is pure Python and numpy holding the GIL, so threads do not help. Worker
processes are forked *after* the inputs exist: they read the inputs (profiles, loaded models)
copy-on-write and only the results travel back, pickled. Where fork is unavailable, or the job
is too small to pay for the processes, the map runs in the calling process; the results are
the same either way, in the same order.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing as mp
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from threadpoolctl import ThreadpoolController

T = TypeVar("T")
R = TypeVar("R")

#: The job the forked workers run: (function, items, number of parts, contiguous parts?)
_JOB: tuple[Callable[[Any], Any], Sequence[Any], int, bool] | None = None
#: Fewer items than this are mapped in-process by the engines (forking costs ~10-50 ms).
MIN_ITEMS = 64
_FORKING = threading.Lock()  # one pool at a time per process; another thread's map runs serially
#: While bulk work runs, Python's cyclic collector scans the whole heap only after this many
#: collections of its middle generation (its default is 10): see `bulk_work`.
FULL_COLLECTION_AFTER = 1000


def available_cores() -> int:
    """Cores this process may run on (the container's or taskset's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(limit: int = 8) -> int:
    """One worker per available core, at most `limit`."""
    return max(1, min(available_cores(), limit))


@contextlib.contextmanager
def bulk_work() -> Iterator[None]:
    """Run a long CPU-bound block (an add, its reading process, a batch run) as it runs fastest here.

    - The cyclic garbage collector's full pass runs about 100x rarer. An add keeps hundreds of
      thousands of objects alive (cached profiles, band rows) and makes many more that die young:
      every full pass rescanned the long-lived ones, 6-9% of an add's time, and found almost
      nothing (tens of objects in cycles after 6,000 articles). Young objects are collected as usual.
    - numpy's BLAS runs on one thread, when the block runs in the main thread. Its threads spin
      between the many small products an add makes (neighbour searches, sentence similarities),
      on the core the other process needs: the index process of a 21,268-article add used 74 s of
      CPU with them and 50 s without. The BLAS setting is process-wide and threadpoolctl changes it
      safely from the main thread only: a server, whose requests run in other threads, sets it
      for its whole run (`one_blas_thread`).

    Also one query (`Index.query`): its products are small and many too, and the spinning threads
    wait for a core another program holds (query p95 at 1M articles 76-94 ms with a busy program
    beside it, 45-48 ms without them: BENCHMARKS.md). Entering and leaving costs ~20 µs.

    Nested and concurrent blocks share one setting, restored when the last ends (unless something
    else changed it meanwhile).
    """
    blas = threading.current_thread() is threading.main_thread()
    _BULK.enter(blas)
    try:
        yield
    finally:
        _BULK.leave(blas)


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS on one thread while the block runs, for a process whose work runs in other
    threads (a server's requests, which `bulk_work` cannot set from there); from the main thread."""
    _BULK.enter(True, collector=False)
    try:
        yield
    finally:
        _BULK.leave(True, collector=False)


@functools.lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    """The BLAS libraries loaded, found once: finding them (`threadpool_limits`) took ~1 ms a block."""
    return ThreadpoolController()


class _BulkSettings:
    """The settings `bulk_work` changes, counted by the blocks that want them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blocks = self._blas_blocks = 0
        self._thresholds: tuple[tuple[int, ...], tuple[int, ...]] | None = None  # (before, set)
        self._blas: Any = None  # threadpoolctl's limits, which restore what they replaced

    def enter(self, blas: bool, collector: bool = True) -> None:
        with self._lock:
            if blas:  # first: if it fails, nothing has changed
                if not self._blas_blocks:
                    self._blas = _blas_controller().limit(limits=1, user_api="blas")
                self._blas_blocks += 1
            if not collector:
                return
            if not self._blocks:
                before = gc.get_threshold()
                postponed = (before[0], before[1], max(before[2], FULL_COLLECTION_AFTER))
                gc.set_threshold(*postponed)
                self._thresholds = (before, postponed)
            self._blocks += 1

    def leave(self, blas: bool, collector: bool = True) -> None:
        with self._lock:
            if collector:
                self._blocks -= 1
            if collector and not self._blocks and self._thresholds is not None:
                (before, postponed), self._thresholds = self._thresholds, None
                if gc.get_threshold() == postponed:
                    gc.set_threshold(*before)
            if blas:
                self._blas_blocks -= 1
                if not self._blas_blocks and self._blas is not None:
                    limits, self._blas = self._blas, None
                    limits.restore_original_limits()


_BULK = _BulkSettings()


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


def shared_map(
    func: Callable[[T], R], items: Sequence[T], workers: int, min_items: int = 2, contiguous: bool = False
) -> list[R]:
    """`[func(x) for x in items]` over `workers` forked processes (serial below `min_items` items).

    Items are dealt round-robin (balanced when costs vary), or in `contiguous` runs when
    neighbouring items share work a per-process cache can reuse. `func` and `items` are not
    pickled (the workers inherit them), so closures are fine; the results must pickle.
    """
    parts = min(workers, len(items))
    if parts <= 1 or len(items) < min_items or not can_fork():
        return [func(x) for x in items]
    global _JOB
    if not _FORKING.acquire(blocking=False):
        return [func(x) for x in items]
    failed: Exception | None = None
    try:
        _JOB = (func, items, parts, contiguous)
        with worker_pool(parts) as pool:
            try:
                done = pool.map(_run_part, range(parts), chunksize=1)
            except Exception as exc:  # a worker's error: the pool is closed as after work done, not
                failed = exc  # terminated (the suite hung once there, a worker left waiting for a lock)
    finally:
        _JOB = None
        _FORKING.release()
    if failed is not None:
        raise failed
    if contiguous:
        return [r for part in done for r in part]
    out: list[Any] = [None] * len(items)
    for k, part in enumerate(done):
        out[k::parts] = part
    return out


@contextlib.contextmanager
def worker_pool(processes: int) -> Iterator[Any]:
    """A pool of `processes` forked workers that leave interrupts to the parent. When the work is
    done it is closed and joined: each worker reads its end-of-work marker and exits. Only work
    stopped early (an error, an interrupt, a consumer gone) terminates the workers (SIGTERM).
    `Pool`'s own `with` always terminates them, and the suite once hung there: a worker stayed
    waiting for the task queue's lock, which the terminating parent takes to drain the queue."""
    pool = mp.get_context("fork").Pool(processes, initializer=leave_interrupts_to_the_parent)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def leave_interrupts_to_the_parent() -> None:
    """A worker ignores Ctrl-C: a terminal sends it to the whole process group, and workers that
    took it printed their tracebacks, and at times stayed behind holding the job's output open
    while the parent waited on them; the parent, interrupted, ends the pool (`Pool.terminate`).
    A SIGTERM (the pool's, or a whole group's from a service manager) ends a worker quietly: a
    forked worker had kept the command's handler, which turns SIGTERM into KeyboardInterrupt, and
    printed a traceback; killed outright instead, it could die holding the pool's queue lock."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)


def _exit_quietly(signum: int, frame: object) -> None:
    """End a worker on SIGTERM by unwinding (the locks it holds are let go), with no traceback: a
    process ends quietly on SystemExit."""
    raise SystemExit(128 + signum)


def _slice(count: int, parts: int, k: int, contiguous: bool) -> slice:
    if not contiguous:
        return slice(k, None, parts)
    size = -(-count // parts)
    return slice(k * size, (k + 1) * size)


def _run_part(k: int) -> list[Any]:
    assert _JOB is not None, "shared_map workers run only in processes forked by shared_map"
    func, items, parts, contiguous = _JOB
    return [func(x) for x in items[_slice(len(items), parts, k, contiguous)]]
