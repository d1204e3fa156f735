"""Batches of read articles with what candidate search needs: band keys, sentence anchors, sentence vectors,
centroids.

Reading, extraction, embedding and MinHash need nothing from the index, so on a machine with a
core to spare `ReadAhead` runs them in a second process, one batch ahead of the index that
verifies and commits the previous batch. The batches, and so the links, are the same either way.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

import numpy as np

from wiretrace.compare import Profile, profile, profile_bytes
from wiretrace.detect import DerivedLink, mean_direction, sentence_vectors, verify
from wiretrace.embed import Embedder, load
from wiretrace.errors import WiretraceError
from wiretrace.fingerprint import LshConfig, anchors_of_words, band_keys, sentence_anchors, signatures
from wiretrace.model import Article
from wiretrace.parallel import bulk_work
from wiretrace.readers import Item, expand, read_all
from wiretrace.text import words

#: Read ahead in a second process only when the inputs hold at least this many bytes: starting it
#: (imports, model) takes about a second, which a small add does not win back.
READ_AHEAD_MIN_BYTES = 8 << 20

R = TypeVar("R")


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
    # with profiles, each sentence tokenised once for its anchor and its profile
    tokens = [[words(s.text) for s in a.sentences] for a in articles] if profiles else None
    if tokens is None:
        anchors = sentence_anchors([[s.text for s in a.sentences] for a in articles])
    else:
        anchors = anchors_of_words(tokens)
    vectors = sentence_vectors(articles, embedder)
    centroids = (
        np.stack([mean_direction(v) for v in vectors]) if articles else np.zeros((0, embedder.dim), dtype=np.float32)
    )
    ready = [profile(a, embedder, v, t) for a, v, t in zip(articles, vectors, tokens)] if tokens is not None else None
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


#: A batch with fewer candidate pairs than this is verified in the index process alone: a request
#: costs a round trip.
SHARED_MIN_JOBS = 16
#: The memory of the profiles the reading process keeps for verification requests
#: (`compare.profile_bytes`; the index process keeps the same objects, most of them in its own
#: cache anyway), the least recently named forgotten first. On Reuters + BBC, 2,048 profiles (about
#: 8 batches) made 33,014 of 61,436 pairs shareable, 4,096 made 45,143, and the reading process had
#: time for about 17,000 either way (BENCHMARKS.md).
HELD_MB = 96
#: Tokens to forget sent on their own once this many gather (batches of few pairs ask for nothing).
FORGET_AT_ONCE = 1024

#: A profile the reading process built: its batch's number and its position there.
_Token = tuple[int, int]
_Job = tuple[Profile, Profile]


def _stamp(p: Profile) -> tuple[object, ...]:
    """What the index process may change in place of an article after the reading process built
    its profile (an add dates and renames what it stores): a profile changed since is not named."""
    a = p.article
    return a.id, a.published, a.title, a.site, a.url, len(a.text), len(a.sentences)


class HeldProfiles:
    """The profiles the reading process holds for verification requests, as the index process
    knows them: each object received from it under its token, with its `_stamp`, at most `limit`
    bytes of them (`compare.profile_bytes`), the least recently named forgotten first. What the
    reading process is to forget gathers in `forget` until the next request carries it."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = HELD_MB << 20 if limit is None else limit
        self.forget: list[_Token] = []
        self._held: OrderedDict[int, tuple[_Token, Profile, tuple[object, ...]]] = OrderedDict()
        self._objects: dict[_Token, Profile] = {}
        self._bytes = 0

    def hold(self, p: Profile, token: _Token) -> None:
        """Note that the reading process holds `p` under `token` (the object kept, so its id stays
        its own), forgetting the least recently named past the limit."""
        old = self._held.pop(id(p), None)
        if old is not None:
            self._drop(old[0], old[1])
        self._held[id(p)] = (token, p, _stamp(p))
        self._objects[token] = p
        self._bytes += profile_bytes(p)
        while self._bytes > self.limit and self._held:
            token, held, _ = self._held.popitem(last=False)[1]
            self._drop(token, held)

    def token(self, p: Profile) -> _Token | None:
        """The token the reading process holds `p` under; None for another object, or this one
        changed since it was built."""
        held = self._held.get(id(p))
        if held is None or held[1] is not p or held[2] != _stamp(p):
            return None
        self._held.move_to_end(id(p))
        return held[0]

    def get(self, token: _Token) -> Profile | None:
        """The profile held under `token`, while it is."""
        return self._objects.get(token)

    def _drop(self, token: _Token, p: Profile) -> None:
        self._objects.pop(token, None)
        self._bytes -= profile_bytes(p)
        self.forget.append(token)


class ReadAhead:
    """The reading process seen from the index process: an iterator of prepared batches
    (`prepared(read_all(paths, exclude, fields), ...)`, computed about one batch ahead), and a
    second verifier (`verify`) of a share of each batch's candidate pairs.

    The process is started afresh (a new interpreter running `_serve`, so it shares neither the
    caller's open database nor its threads, and does not re-run the caller's script) and sends the
    batches pickled through a pipe, which also bounds its lead. It is stopped by `close`, also on an
    error half-way; it exits on its own when this process dies (broken pipe). An error in it is
    raised here.

    Verification is a pure function of the two profiles, so which process verifies a pair changes
    nothing but the time: the reading process, idle most of a big add, keeps the profiles it built
    (`HELD_MB`) and verifies the pairs of them a request names by token, with their facts
    sent back as it reads them, so neither process reads an article's facts twice. The two share
    those pairs from both ends: the reading process takes them from the first on, the index
    process, done with the pairs of other profiles, from the last back, each marking how far it has
    come in a shared page (`_Counters`), until they meet. What verification logs there (a pair it
    could not judge) is written to stderr as that process's reading warnings are, in the format of
    the caller's root logger.
    """

    def __init__(
        self,
        paths: list[str],
        size: int,
        lsh: LshConfig,
        model: str,
        fields: Mapping[str, str] | None = None,
        exclude: Path | None = None,
    ) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        # the batches and the answers travel on pipes of their own: anything a library writes to
        # the reading process's stdout (a native warning, a profiler) goes to stderr and cannot
        # corrupt them; stdin carries the job, then the verification requests
        readable, writable = os.pipe()
        answers_in, answers_out = os.pipe()
        serve = "from wiretrace.engines.prepare import _serve; _serve"
        try:
            with tempfile.TemporaryFile() as page:  # mapped on both sides, then closed
                self._counters = _Counters(page.fileno())
                self._worker = subprocess.Popen(
                    [sys.executable, "-c", f"{serve}({writable}, {answers_out}, {page.fileno()})"],
                    stdin=subprocess.PIPE,
                    stdout=_stderr_fd(),
                    pass_fds=(writable, answers_out, page.fileno()),
                    env=env,
                )
        except BaseException:
            for fd in (readable, answers_in):
                os.close(fd)
            raise
        finally:
            for fd in (writable, answers_out):
                os.close(fd)
        assert self._worker.stdin is not None
        self._requests = self._worker.stdin
        self._stream = os.fdopen(readable, "rb")
        self._answers = os.fdopen(answers_in, "rb")
        self._batches = 0
        self._held = HeldProfiles()
        self._helping = True
        try:
            levels = {name: logging.getLogger(name).getEffectiveLevel() for name in _LOGGERS}
            job = (paths, size, lsh, model, dict(fields or {}), exclude, levels, _log_format())
            pickle.dump(job, self._requests)
            self._requests.flush()
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> ReadAhead:
        return self

    def __next__(self) -> Prepared:
        try:
            message = pickle.load(self._stream)
        except EOFError:
            self.close()
            raise WiretraceError(f"reading the inputs stopped (exit code {self._worker.wait()})") from None
        except (pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError) as exc:
            self.close()
            raise WiretraceError(f"reading the inputs failed: the batch stream is damaged ({exc})") from None
        if message is None:
            self.close()  # every batch verified: no request can come
            raise StopIteration
        if isinstance(message, str):
            self.close()
            raise WiretraceError(message)
        for position, p in enumerate(message.profiles or ()):
            self._held.hold(p, (self._batches, position))
        self._batches += 1
        if not self._helping:
            self._held.forget.clear()
        elif len(self._held.forget) >= FORGET_AT_ONCE:  # no request may come to carry them
            self._send((self._held.forget, []))
        return message

    def close(self) -> None:
        """Stop the reading process (it may be reading ahead) and close the pipes; once, however
        often called (an error read from the stream closes it before the caller does)."""
        self._helping = False
        if self._worker.poll() is None:
            self._worker.kill()
        self._worker.wait()
        for stream in (self._stream, self._answers, self._requests):
            with contextlib.suppress(OSError):
                stream.close()
        self._counters.close()

    def verify(self, jobs: Sequence[_Job], here: Callable[[Sequence[_Job]], list[R]]) -> list[R]:
        """`here(jobs)` (the index process's own verification of (source, target) pairs), the pairs
        of profiles the reading process holds shared with it: the same results, in the same order."""
        n = len(jobs)
        named = self._pick(jobs) if self._helping and n >= SHARED_MIN_JOBS else {}
        if not named:
            return here(jobs)
        out: list[R] = [None] * n  # type: ignore[list-item]
        shared = list(named)
        mine = [k for k in range(n) if k not in named]
        self._counters.start(len(shared))
        if not self._send((self._held.forget, list(named.values()))):
            return here(jobs)
        first = len(shared)  # the first of the shared pairs verified here
        try:
            for k, result in zip(mine, here([jobs[k] for k in mine])):
                out[k] = result
            while first > self._counters.taken:
                self._counters.limit = first - 1  # taken from the last back, the reading process told first
                if first - 1 < self._counters.taken:
                    break  # it took that one meanwhile
                first -= 1
                out[shared[first]] = here([jobs[shared[first]]])[0]
        finally:  # answered even when this part failed: the next answer must be the next request's
            self._counters.limit = 0
            answer = self._answer()
        theirs = answer or []
        for i, result in enumerate(theirs[:first]):
            out[shared[i]] = result
        left = shared[len(theirs) : first]  # not verified there (it failed): verified here
        for k, result in zip(left, here([jobs[k] for k in left])):
            out[k] = result
        return out

    def _pick(self, jobs: Sequence[_Job]) -> dict[int, tuple[_Token, _Token]]:
        """The `jobs` (by position, with their profiles' tokens) whose profiles the reading process
        holds, those of one new article (the later built of the two) together: its facts are read
        in one place."""
        groups: dict[_Token, dict[int, tuple[_Token, _Token]]] = {}
        for k, (source, target) in enumerate(jobs):
            a, b = self._held.token(source), self._held.token(target)
            if a is not None and b is not None:
                groups.setdefault(max(a, b), {})[k] = (a, b)
        return {k: tokens for group in groups.values() for k, tokens in group.items()}

    def _send(self, request: tuple[list[_Token], list[tuple[_Token, _Token]]]) -> bool:
        """Send a request (what to forget, the pairs named), the forgotten tokens then cleared;
        False, and no more requests, when it cannot be sent."""
        try:
            self._requests.write(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
            self._requests.flush()
        except OSError:  # the reading process is gone: the batch stream says why
            self._helping = False
            return False
        self._held.forget = []
        return True

    def _answer(self) -> list | None:
        """The reading process's answer to the last request: the results of the pairs it verified,
        from the first on, None when it could not give them (the index process verifies those pairs
        itself). The facts it read go to the profiles they are of, which need not read them again."""
        try:
            kind, links, facts = pickle.load(self._answers)
        except (EOFError, OSError, pickle.UnpicklingError):
            self._helping = False
            return None
        for token, read in facts.items():
            p = self._held.get(token)
            if p is not None and p._facts is None:
                p._facts = read
        return links if kind == "links" else None


class _Slot:
    """One of `_Counters`' numbers, read and written as an attribute."""

    def __init__(self, index: int) -> None:
        self.index = index

    def __get__(self, counters: _Counters, owner: type | None = None) -> int:
        return int(counters._numbers[self.index])

    def __set__(self, counters: _Counters, value: int) -> None:
        counters._numbers[self.index] = value


class _Counters:
    """Two numbers on a page both processes map (`ReadAhead.verify`): how many of a request's pairs
    the reading process has taken, from the first on (it writes it before verifying each), and the
    limit it must stay under (the index process lowers it as it takes pairs from the last back).
    Each reads the other's number after writing its own, so a pair is verified at least once, at
    worst twice; verification being pure, either result is the pair's."""

    def __init__(self, fd: int) -> None:
        os.ftruncate(fd, 16)
        self._page = mmap.mmap(fd, 16)
        self._numbers = np.frombuffer(self._page, dtype=np.int64, count=2)

    taken = _Slot(0)
    limit = _Slot(1)

    def start(self, count: int) -> None:
        self._numbers[0], self._numbers[1] = 0, count

    def close(self) -> None:
        """Unmap the page (the numbers read from it go first: a view would hold it); once, however often called."""
        self.__dict__.pop("_numbers", None)
        with contextlib.suppress(BufferError, ValueError):
            self._page.close()


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


@bulk_work()  # this process only reads and verifies: see there
def _serve(fd: int, answers_fd: int, page_fd: int) -> None:
    """The reading process: read the job from stdin, write each prepared batch, then None, to `fd`;
    meanwhile, in a thread, answer the verification requests that follow the job on stdin on
    `answers_fd` (`ReadAhead.verify`; `page_fd` the page of `_Counters`), until stdin closes."""
    # a Ctrl-C reaches the whole process group: the index process, interrupted, ends this one
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = os.fdopen(fd, "wb")
    requests = sys.stdin.buffer
    paths, size, lsh, model, fields, exclude, levels, form = pickle.load(requests)
    # what this process logs (a page trafilatura finds nothing in) shows as the caller's own would
    logging.basicConfig(level=levels[""], format=form)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    held: dict[_Token, Profile] = {}
    lock = threading.Lock()
    counters = _Counters(page_fd)
    # pairs are verified only while a prepared batch waits for the index process: the next batch
    # must be ready when it is done with this one, and it takes pairs back when this process lags
    waiting = threading.Event()
    helper = threading.Thread(target=_answer_requests, args=(requests, os.fdopen(answers_fd, "wb"), counters, held,
                                                             lock, waiting), daemon=True)  # fmt: skip
    helper.start()
    try:
        try:
            embedder = load(model)
            # profiles too: this process has time to spare, the index process has none
            read = read_all(paths, exclude, fields)
            for n, batch in enumerate(prepared(read, size, lsh, lambda: embedder, profiles=True)):
                with lock:  # held before they are sent: a request may name them as soon as they arrive
                    held.update(((n, i), p) for i, p in enumerate(batch.profiles or ()))
                waiting.set()
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()  # the whole batch, now: the index process waits for it
                waiting.clear()
            waiting.set()
            pickle.dump(None, out)
        except Exception as exc:  # reported to the index process, which raises it
            pickle.dump(f"reading the inputs failed: {type(exc).__name__}: {exc}", out)
        out.flush()
    except BrokenPipeError:  # the index process is gone: nobody reads
        os._exit(1)
    helper.join()  # the last batch's pairs may still be asked for


def _answer_requests(
    requests: BinaryIO,
    answers: BinaryIO,
    counters: _Counters,
    held: dict[_Token, Profile],
    lock: threading.Lock,
    waiting: threading.Event,
) -> None:
    """Verify the pairs each request names (`ReadAhead.verify`), from the first on while under the
    limit `counters` hold, each when a batch is `waiting` for the index process, and answer with the
    results and the facts read meanwhile, until the index
    process closes the requests; ('again', [], ...) when they failed here, so the index process
    verifies them itself and meets the error there. A request naming no pair (only what to forget)
    is not answered."""
    try:
        while True:
            try:
                forget, named = pickle.load(requests)
            except EOFError:
                return
            with lock:
                for token in forget:
                    held.pop(token, None)
            if not named:
                continue
            facts: dict[_Token, list] = {}
            links: list[DerivedLink | None] = []
            kind = "links"
            try:
                with lock:
                    jobs = [(held[a], held[b]) for a, b in named]
                unread = {t: p for pair, job in zip(named, jobs) for t, p in zip(pair, job) if p._facts is None}
                for i, job in enumerate(jobs):
                    while not waiting.wait(0.005) and i < counters.limit:
                        pass  # a batch being prepared; the index process may take the rest meanwhile
                    counters.taken = i + 1  # taken, then checked: the index process may have taken it too
                    if i >= counters.limit:
                        break
                    links.append(verify(*job))
                facts = {t: p._facts for t, p in unread.items() if p._facts is not None}
            except Exception:
                kind, links = "again", []
            pickle.dump((kind, links, facts), answers, protocol=pickle.HIGHEST_PROTOCOL)
            answers.flush()
    except (BrokenPipeError, OSError):  # the index process is gone
        os._exit(1)
