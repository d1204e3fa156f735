"""Batches of read articles with what candidate search needs: band keys, sentence anchors, sentence vectors,
centroids.

Reading, extraction, embedding and MinHash need nothing from the index, so on a machine with a
core to spare `read_ahead` runs them in a second process, one batch ahead of the index that
verifies and commits the previous batch. The batches, and so the links, are the same either way.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from wiretrace.compare import Profile, profile
from wiretrace.detect import mean_direction, sentence_vectors
from wiretrace.embed import Embedder, load
from wiretrace.errors import WiretraceError
from wiretrace.fingerprint import LshConfig, band_keys, sentence_anchors, signatures
from wiretrace.model import Article
from wiretrace.readers import Item, expand, read_all

#: Read ahead in a second process only when the inputs hold at least this many bytes: starting it
#: (imports, model) takes about a second, which a small add does not win back.
READ_AHEAD_MIN_BYTES = 8 << 20


@dataclass(slots=True)
class Prepared:
    """One batch as read: its items in input order and, for its articles, the candidate search inputs."""

    items: list[Item]
    keys: np.ndarray  # LSH band keys, one row per article
    anchors: np.ndarray  # sentence anchors (`fingerprint.sentence_anchors`), one row per article
    centroids: np.ndarray  # unit mean sentence embedding, one row per article
    sentence_vectors: list[np.ndarray]
    profiles: list[Profile] | None = None  # built ahead (by the reading process), else when needed

    @property
    def articles(self) -> list[Article]:
        return [x for x in self.items if isinstance(x, Article)]

    def select(self, chosen: list[Article]) -> Prepared:
        """The same for `chosen` (a subsequence of `articles`, by identity) alone."""
        row = {id(a): i for i, a in enumerate(self.articles)}
        rows = [row[id(a)] for a in chosen]
        return Prepared(
            list(chosen),
            self.keys[rows],
            self.anchors[rows],
            self.centroids[rows],
            [self.sentence_vectors[i] for i in rows],
            None if self.profiles is None else [self.profiles[i] for i in rows],
        )


def prepare(items: list[Item], lsh: LshConfig, embedder: Embedder, profiles: bool = False) -> Prepared:
    """Band keys and vectors of the articles in `items` (one encode call for the whole batch), and
    with `profiles` their comparison profiles too (facts excepted: those are read when needed)."""
    articles = [x for x in items if isinstance(x, Article)]
    keys = band_keys(signatures([a.text for a in articles], lsh), lsh)
    anchors = sentence_anchors([[s.text for s in a.sentences] for a in articles])
    vectors = sentence_vectors(articles, embedder)
    centroids = (
        np.stack([mean_direction(v) for v in vectors]) if articles else np.zeros((0, embedder.dim), dtype=np.float32)
    )
    ready = [profile(a, embedder, v) for a, v in zip(articles, vectors)] if profiles else None
    return Prepared(items, keys, anchors, centroids, vectors, ready)


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """`items` cut into lists holding `size` articles each (rejected items ride along)."""
    batch: list[Item] = []
    articles = 0
    for item in items:
        batch.append(item)
        articles += isinstance(item, Article)
        if articles >= size:
            yield batch
            batch, articles = [], 0
    if batch:
        yield batch


def prepared(
    items: Iterable[Item],
    size: int,
    lsh: LshConfig,
    embedder_of: Callable[[], Embedder],
    profiles: bool = False,
) -> Iterator[Prepared]:
    """`prepare` of each batch, in this process (`embedder_of` gives the embedder, loaded when first needed)."""
    for batch in batches(items, size):
        yield prepare(batch, lsh, embedder_of(), profiles)


def worth_reading_ahead(paths: Iterable[str]) -> bool:
    """True when a second core is free and the inputs are big enough to pay for the process."""
    from wiretrace.parallel import available_cores

    if available_cores() < 2:
        return False
    files, _ = expand(paths, note_skipped=False)  # the reader notes skipped files, once
    total = 0
    for path in files:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # the reader reports it
        if total >= READ_AHEAD_MIN_BYTES:
            return True
    return False


def read_ahead(paths: list[str], size: int, lsh: LshConfig, model: str) -> Generator[Prepared, None, None]:
    """`prepared(read_all(paths), ...)` computed in a second Python process, about one batch ahead.

    The process is started afresh (a new interpreter running `_serve`, so it shares neither the
    caller's open database nor its threads, and does not re-run the caller's script) and sends the
    batches pickled through a pipe, which also bounds its lead. It is stopped when the iterator is
    closed, also on an error half-way; it exits on its own when this process dies (broken pipe).
    An error in it is raised here.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    # the batches travel on a pipe of their own: anything a library writes to the reading
    # process's stdout (a native warning, a profiler) goes to stderr and cannot corrupt them
    readable, writable = os.pipe()
    try:
        worker = subprocess.Popen(
            [sys.executable, "-c", f"from wiretrace.engines.prepare import _serve; _serve({writable})"],
            stdin=subprocess.PIPE,
            stdout=_stderr_fd(),
            pass_fds=(writable,),
            env=env,
        )
    except BaseException:
        os.close(readable)
        raise
    finally:
        os.close(writable)
    assert worker.stdin is not None
    stream = os.fdopen(readable, "rb")
    try:
        levels = {name: logging.getLogger(name).getEffectiveLevel() for name in _LOGGERS}
        pickle.dump((paths, size, lsh, model, levels, _log_format()), worker.stdin)
        worker.stdin.close()
        while True:
            try:
                message = pickle.load(stream)
            except EOFError:
                raise WiretraceError(f"reading the inputs stopped (exit code {worker.wait()})") from None
            except (pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError) as exc:
                raise WiretraceError(f"reading the inputs failed: the batch stream is damaged ({exc})") from None
            if message is None:
                break
            if isinstance(message, str):
                raise WiretraceError(message)
            yield message
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        stream.close()


#: Loggers whose levels the reading process takes from the caller (the root's, and trafilatura's,
#: which the command line silences unless -v is given).
_LOGGERS = ("", "trafilatura")


def _log_format() -> str:
    """The format of the caller's log lines (the command's, with its time under cron), for the
    reading process's own: a warning from a big input had no time where a small one's had."""
    for handler in logging.getLogger().handlers:
        if handler.formatter is not None and handler.formatter._fmt:
            return handler.formatter._fmt
    return "%(levelname)s %(name)s: %(message)s"


def _stderr_fd() -> int:
    """This process's stderr as a descriptor for a child's stdout, else /dev/null."""
    try:
        return sys.__stderr__.fileno() if sys.__stderr__ else subprocess.DEVNULL
    except (OSError, ValueError):  # replaced by an object without a descriptor
        return subprocess.DEVNULL


def _serve(fd: int) -> None:
    """The reading process: read the job from stdin, write each prepared batch, then None, to `fd`."""
    # a Ctrl-C reaches the whole process group: the index process, interrupted, ends this one
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = os.fdopen(fd, "wb")
    paths, size, lsh, model, levels, form = pickle.load(sys.stdin.buffer)
    # what this process logs (a page trafilatura finds nothing in) shows as the caller's own would
    logging.basicConfig(level=levels[""], format=form)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    try:
        try:
            embedder = load(model)
            # profiles too: this process has time to spare, the index process has none
            for batch in prepared(read_all(paths), size, lsh, lambda: embedder, profiles=True):
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()  # the whole batch, now: the index process waits for it
            pickle.dump(None, out)
        except Exception as exc:  # reported to the index process, which raises it
            pickle.dump(f"reading the inputs failed: {type(exc).__name__}: {exc}", out)
        out.flush()
    except BrokenPipeError:  # the index process is gone: nobody reads
        os._exit(1)
