"""Scaling of the embedded index: `index add` cost per article and `query` latency as it grows.

Corpus, in the order it is added: the 200 L2R sources (dated 2016-01-01), Reuters-21578 and
BBC (21,268 real articles), then synthetic articles recombined from real sentences as in
bench/batch_scale.py (runs of two consecutive sentences from random real articles) up to the
largest size asked for. One index grows through the sizes; at each size the benchmark records
the seconds and articles/s of the segment just added, the process's peak memory (RSS), and
the latency of `Index.query` for the 400 L2R AI rewrites (not indexed; each one's source is),
with the share of queries whose source is among the matches.

`--corpus fresh` keeps the share of derived articles constant as the index grows (the
recombined corpus does not: the more of it is indexed, the more articles share a sentence run
with an earlier one). After the L2R sources, every synthetic article is recombined as above
but with each word swapped, with probability 0.3, for a word drawn from the real corpus, so
two articles drawing on the same real sentences share few word runs; every tenth is instead an
edited copy of one of the 20,000 articles before it (15% of its sentences dropped, 3% of its
words swapped, one sentence added): a derived share of 10% at every size.

`--probe N`: at each size, the articles up to size - N are stored without looking for links
(`Index.add(..., link=False)`: read, embedded, fingerprinted, written), and only the last N are
added as usual and timed. Linear cost means the same cost per probe article at every size;
this is how the 1M size fits in one working session.

Run: .venv/bin/python bench/index_scale.py [--sizes 10000,100000] [--work DIR]
     .venv/bin/python bench/index_scale.py --corpus fresh --probe 5000 --sizes 10000,100000,1000000
     .venv/bin/python bench/index_scale.py --reuse DIR/index   (queries only, on a kept index)
     .venv/bin/python bench/index_scale.py --reuse DIR/index --pause 0.2 --busy   (queries arriving
         one at a time, a busy program beside them: back to back on an idle machine, a query
         finds its data in the processor's caches and both cores free; here it does not)
     .venv/bin/python bench/index_scale.py --reuse COPY --add 1500 --seed 12   (adds to a kept index:
         pass a copy; prints the cost per article and the seconds spent reading stored articles)
Prints one JSON line per size, with the candidate pairs proposed and judged (verified by the
compare core) in its (timed) segment and the segment's cost per article and per judged pair; with
`--corpus fresh` (and `--add`), also how many of the edited copies planted in the segment are
linked to the article they were made from (`planted_linked` of `planted`).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text
from wiretrace.text import segment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_scale import recombined  # the same synthetic articles as the batch benchmark

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def records(datasets: Path, total: int) -> list[dict[str, Any]]:
    """`total` records: L2R sources, Reuters, BBC, then recombined synthetic articles."""
    rows = l2r_sources(datasets)
    real = [
        {"id": r["id"], "title": r.get("title"), "text": r["text"]}
        for name in ("reuters21578", "bbc")
        for r in read_jsonl(datasets / name / "articles.jsonl")
    ]
    rows += real
    if total > len(rows):
        scale = -(-(total - len(rows)) // len(real)) + 1
        rows += recombined(real, scale)
    return rows[:total]


def l2r_sources(datasets: Path) -> list[dict[str, Any]]:
    """The 200 L2R wire stories, dated before their rewrites."""
    return [
        {"id": r["id"], "text": r["text"], "published": "2016-01-01"}
        for r in read_jsonl(datasets / "l2r-news" / "sources.jsonl")
    ]


_WORD = re.compile(r"[A-Za-z]+")
SWAP = 0.3  # share of words swapped in a fresh synthetic article
DERIVED_EVERY = 10  # every tenth fresh article is an edited copy of a recent one
RECENT = 20_000  # ... drawn from this many articles before it


def fresh(datasets: Path, seed: int = 7, planted: list[tuple[str, str]] | None = None) -> Iterator[dict[str, Any]]:
    """The `--corpus fresh` stream (module docstring): L2R sources, then synthetic articles.
    `planted` gets (original id, edited copy id) for each edited copy, as it is yielded."""
    yield from l2r_sources(datasets)
    real = [r["text"] for name in ("reuters21578", "bbc") for r in read_jsonl(datasets / name / "articles.jsonl")]
    pool = [sentences for sentences in ([s.text for s in segment(t)] for t in real) if sentences]
    vocabulary = [w for t in real[::10] for w in _WORD.findall(t)]  # drawn by frequency
    recent: list[list[str]] = []
    owner: dict[int, int] = {}  # the number of each recent body (by object), to name a copy's original
    for n in itertools.count():
        rng = random.Random(seed * 1_000_003 + n)

        def swap(sentence: str, share: float, rng: random.Random = rng) -> str:
            return _WORD.sub(lambda m: rng.choice(vocabulary) if rng.random() < share else m.group(0), sentence)

        if n % DERIVED_EVERY == DERIVED_EVERY - 1 and recent:
            earlier = rng.choice(recent)
            if planted is not None:
                planted.append((f"fresh-{owner[id(earlier)]:08d}", f"fresh-{n:08d}"))
            kept = [swap(x, 0.03) for x in earlier if rng.random() >= 0.15] or earlier[:3]
            body = [*kept, swap(rng.choice(rng.choice(pool)), SWAP)]
        else:
            length = max(4, len(rng.choice(pool)))
            body = []
            while len(body) < length:
                donor = rng.choice(pool)
                start = rng.randrange(len(donor))
                body.extend(swap(x, SWAP) for x in donor[start : start + 2])
            body = body[:length]
        recent.append(body)
        owner[id(body)] = n
        if len(recent) > RECENT:
            gone = recent[n % RECENT]
            recent[n % RECENT] = recent.pop()
            owner.pop(id(gone), None)
        yield {"id": f"fresh-{n:08d}", "text": " ".join(body)}


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


#: `--busy`'s neighbour: a process summing a 512 MB array over and over, another program (another
#: index's queries, a build) holding a core and the memory bus while the queries run.
_NEIGHBOUR = "import numpy as np\na = np.ones(1 << 26)\nwhile True:\n    a.sum()\n"


def query_latency(index: Index, queries: list[dict[str, Any]], pause: float = 0.0) -> dict[str, Any]:
    """p50 / p95 of `Index.query` over `queries` (each read from its text, as `wiretrace query`
    does); `pause` seconds idle before each, as queries arriving one at a time find the machine."""
    index.query(from_text(queries[0]["text"], "warm-up"))
    times, found = [], 0
    for q in queries:
        time.sleep(pause)
        start = time.perf_counter()
        result = index.query(from_text(q["text"], q["id"]))
        times.append(1000 * (time.perf_counter() - start))
        found += any(m.id == q["source_id"] for m in result.matches)
    times.sort()
    return {
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "source_found": round(found / len(queries), 3),
    }


def planted_found(index: Index, planted: list[tuple[str, str]], copies: set[str]) -> dict[str, int]:
    """Of the edited copies the fresh corpus planted among `copies` (ids), how many the index links to
    the article they were made from (either way round): the benchmark's recall at each size."""
    wanted = {frozenset(pair) for pair in planted if pair[1] in copies}
    linked = {frozenset((lk.source, lk.target)) for lk in index.store.links_touching(sorted(copies))}
    return {"planted": len(wanted), "planted_linked": len(wanted & linked)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--corpus", choices=("recombined", "fresh"), default="recombined")
    parser.add_argument("--probe", type=int, default=0, help="Time only the last N articles of each size.")
    parser.add_argument("--work", type=Path, help="Build the index here (kept) instead of a temporary folder.")
    parser.add_argument("--reuse", type=Path, help="Only time the queries, on this built index (opened read-only).")
    parser.add_argument("--add", type=int, default=0, help="With --reuse: add N more fresh articles to it instead.")
    parser.add_argument("--seed", type=int, default=11, help="With --add: the fresh corpus seed (new ids per seed).")
    parser.add_argument("--pause", type=float, default=0.0, help="With --reuse: seconds idle before each query.")
    parser.add_argument("--busy", action="store_true", help="With --reuse: a busy program runs beside the queries.")
    args = parser.parse_args()
    queries = read_jsonl(args.datasets / "l2r-news" / "rewrites.jsonl")
    if args.reuse and args.add:
        _add_to(args.reuse, args.datasets, args.add, args.seed)
        return
    if args.reuse:
        neighbour = subprocess.Popen([sys.executable, "-c", _NEIGHBOUR]) if args.busy else None
        try:
            with Index(args.reuse, read_only=True) as index:
                latency = query_latency(index, queries, args.pause)
                print(json.dumps({"index": str(args.reuse), "articles": index.store.count(),
                                  "pause_s": args.pause, "busy": args.busy, **latency}))  # fmt: skip
        finally:
            if neighbour is not None:
                neighbour.kill()
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.work or Path(tempfile.mkdtemp(prefix="wiretrace-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    planted: list[tuple[str, str]] = []
    rows = iter(
        records(args.datasets, sizes[-1]) if args.corpus == "recombined" else fresh(args.datasets, planted=planted)
    )
    done = 0
    with Index(work / "index", release_between_batches=True) as index:
        for size in sizes:
            timed_from = max(done, size - args.probe) if args.probe else done
            if timed_from > done:
                fill, _ = _write_segment(work / f"fill-{size}.jsonl", rows, timed_from - done)
                start = time.perf_counter()
                index.add([str(fill)], link=False)
                fill_s = time.perf_counter() - start
                fill.unlink()
            segment_file, segment_ids = _write_segment(work / f"segment-{size}.jsonl", rows, size - timed_from)
            start = time.perf_counter()
            report = index.add([str(segment_file)])
            seconds = time.perf_counter() - start
            timed = size - timed_from
            line = {
                "size": size,
                "segment": timed,
                "seconds": round(seconds, 1),
                "articles_per_s": round(timed / seconds, 1),
                "links": report.links,
                "candidates": report.candidates,
                "judged": report.judged,
                "verified": report.links + report.same_event,
                "ms_per_article": round(1000 * seconds / timed, 2),
                "ms_per_judged_pair": round(1000 * seconds / max(report.judged, 1), 2),
                "graph": index._neighbour_space().approximate,
                "peak_rss_mb": round(peak_rss_mb()),
                "reader_peak_rss_mb": round(peak_rss_mb(resource.RUSAGE_CHILDREN)),  # the read-ahead process
            }
            if args.corpus == "fresh":
                line.update(planted_found(index, planted, segment_ids))
            if timed_from > done:
                stored = timed_from - done
                line.update(stored_unlinked=stored, store_articles_per_s=round(stored / fill_s, 1))
            done = size
            line.update(query_latency(index, queries))
            print(json.dumps(line), flush=True)


def _add_to(directory: Path, datasets: Path, count: int, seed: int) -> None:
    """Add `count` fresh-corpus articles (ids prefixed by the seed) to a kept index, timed, with the
    time spent reading stored articles from the database."""
    from wiretrace.store import Store

    planted: list[tuple[str, str]] = []
    stream = itertools.islice(fresh(datasets, seed, planted), 200, None)
    rows = ({**r, "id": f"s{seed}-{r['id']}"} for r in stream)
    segment_file, segment_ids = _write_segment(directory.parent / f"{directory.name}-add-{seed}.jsonl", rows, count)
    planted = [(f"s{seed}-{a}", f"s{seed}-{b}") for a, b in planted]
    reads: list[float] = []
    read_articles = Store.articles

    def timed_read(store: Store, ids: Any) -> Any:
        start = time.perf_counter()
        try:
            return read_articles(store, ids)
        finally:
            reads.append(time.perf_counter() - start)

    Store.articles = timed_read  # type: ignore[method-assign]
    with Index(directory, release_between_batches=True) as index:
        start = time.perf_counter()
        report = index.add([str(segment_file)])
        seconds = time.perf_counter() - start
        found = planted_found(index, planted, segment_ids)
    segment_file.unlink()
    print(json.dumps({
        "index": str(directory), "added": report.added, "seconds": round(seconds, 1),
        "ms_per_article": round(1000 * seconds / count, 2), "candidates": report.candidates,
        "judged": report.judged, "links": report.links, "stored_article_reads_s": round(sum(reads), 2),
        "stored_article_reads": len(reads), "peak_rss_mb": round(peak_rss_mb()), **found,
    }))  # fmt: skip


def _write_segment(path: Path, rows: Iterator[dict[str, Any]], count: int) -> tuple[Path, set[str]]:
    """The next `count` records as one JSON-lines file, and their ids."""
    ids = set()
    with path.open("w", encoding="utf-8") as fh:
        for r in itertools.islice(rows, count):
            fh.write(json.dumps(r) + "\n")
            ids.add(r["id"])
    return path, ids


if __name__ == "__main__":
    main()
