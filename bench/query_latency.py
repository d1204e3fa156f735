"""Latency of `Index.query` (one article against the index, nothing stored) on a built index.

Queries are L2R rewrites (each has its source in the index) and BBC articles, read from the
index corpus of bench/index_quality.py; builds that index first unless --index is given.

Run: .venv/bin/python bench/query_latency.py [--index DIR] [--queries 200]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl, write_index_corpus
from wiretrace.ingest import from_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--index", type=Path, help="A built index of the BBC + L2R corpus.")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wiretrace-query-"))
    write_index_corpus(args.datasets, work / "corpus.jsonl")
    rows = read_jsonl(work / "corpus.jsonl")
    queries = [r for r in rows if r["id"].startswith("l2r-") and "-src-" not in r["id"]][: args.queries // 2]
    queries += [r for r in rows if r["id"].startswith("bbc-")][::20][: args.queries - len(queries)]
    directory = args.index
    if directory is None:
        directory = work / "index"
        with Index(directory) as index:
            index.add([str(work / "corpus.jsonl")])
    with Index(directory, read_only=True) as index:
        index.query(from_text(queries[0]["text"], "warm-up"))  # model load and neighbour matrix
        times: dict[str, list[float]] = {"L2R rewrites": [], "BBC articles": []}
        for r in queries:
            article = from_text(r["text"], "query")
            start = time.perf_counter()
            index.query(article)
            times["BBC articles" if r["id"].startswith("bbc-") else "L2R rewrites"].append(
                (time.perf_counter() - start) * 1000
            )
        size = index.store.count()
    for kind, ms in [("all", [t for ts in times.values() for t in ts]), *times.items()]:
        ms.sort()
        p95 = ms[int(0.95 * (len(ms) - 1))]
        print(f"{len(ms)} queries ({kind}) against {size} indexed texts: median {statistics.median(ms):.1f} ms, "
              f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
