"""Scaling of the embedded index: `index add` cost per article and `query` latency as it grows.

Corpus, in the order it is added: the 200 L2R sources (dated 2016-01-01), Reuters-21578 and
BBC (21,268 real articles), then synthetic articles recombined from real sentences as in
bench/batch_scale.py (runs of two consecutive sentences from random real articles) up to the
largest size asked for. One index grows through the sizes; at each size the benchmark records
the seconds and articles/s of the segment just added, the process's peak memory (RSS), and
the latency of `Index.query` for the 400 L2R AI rewrites (not indexed; each one's source is),
with the share of queries whose source is among the matches.

Run: .venv/bin/python bench/index_scale.py [--sizes 10000,100000] [--work DIR]
     .venv/bin/python bench/index_scale.py --reuse DIR/index   (queries only, on a kept index)
Prints one JSON line per size, with the candidate pairs proposed and judged (verified by the
compare core) in its segment and the segment's cost per article and per judged pair.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_scale import recombined  # the same synthetic articles as the batch benchmark

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def records(datasets: Path, total: int) -> list[dict[str, Any]]:
    """`total` records: L2R sources, Reuters, BBC, then recombined synthetic articles."""
    rows = [
        {"id": r["id"], "text": r["text"], "published": "2016-01-01"}
        for r in read_jsonl(datasets / "l2r-news" / "sources.jsonl")
    ]
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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def query_latency(index: Index, queries: list[dict[str, Any]]) -> dict[str, Any]:
    index.query(from_text(queries[0]["text"], "warm-up"))
    times, found = [], 0
    for q in queries:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--work", type=Path, help="Build the index here (kept) instead of a temporary folder.")
    parser.add_argument("--reuse", type=Path, help="Only time the queries, on this built index (opened read-only).")
    args = parser.parse_args()
    queries = read_jsonl(args.datasets / "l2r-news" / "rewrites.jsonl")
    if args.reuse:
        with Index(args.reuse, read_only=True) as index:
            latency = query_latency(index, queries)
            print(json.dumps({"index": str(args.reuse), "articles": index.store.count(), **latency}))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.work or Path(tempfile.mkdtemp(prefix="wiretrace-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = records(args.datasets, sizes[-1])
    done = 0
    with Index(work / "index", release_between_batches=True) as index:
        for size in sizes:
            segment = work / f"segment-{size}.jsonl"
            with segment.open("w", encoding="utf-8") as fh:
                for r in rows[done:size]:
                    fh.write(json.dumps(r) + "\n")
            start = time.perf_counter()
            report = index.add([str(segment)])
            seconds = time.perf_counter() - start
            line = {
                "size": size,
                "segment": size - done,
                "seconds": round(seconds, 1),
                "articles_per_s": round((size - done) / seconds, 1),
                "links": report.links,
                "candidates": report.candidates,
                "judged": report.judged,
                "verified": report.links + report.same_event,
                "ms_per_article": round(1000 * seconds / (size - done), 2),
                "ms_per_judged_pair": round(1000 * seconds / max(report.judged, 1), 2),
                "graph": index._neighbour_space().approximate,
                "peak_rss_mb": round(peak_rss_mb()),
            }
            done = size
            line.update(query_latency(index, queries))
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
