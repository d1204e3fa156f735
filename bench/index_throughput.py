"""Throughput of `index add` against a datasketch MinHashLSH pipeline, same corpus, same run.

Corpus: Reuters-21578 (19,043 wires) + BBC (2,225) = 21,268 articles as one JSON-lines file.
Baseline: read each record, word 5-gram shingles, datasketch MinHash (128 permutations),
MinHashLSH at threshold 0.5: query then insert (the candidate pairs an LSH dedupe pipeline
finds; no verification). wiretrace: `Index.add` end to end (extraction, dedupe, MinHash/LSH
and centroid candidates, verification by the compare core, DuckDB commits).

`--read-ahead off,on` runs `index add` once in one process and once with the inputs read,
embedded and profiled in a second process (`wiretrace.engines.prepare`), the default for inputs
this big on a machine with two cores.

Run: .venv/bin/python bench/index_throughput.py [../shared/datasets] [--limit N] [--workers 1] [--read-ahead off,on]
     [--keep] (the corpus and indexes are removed at the end unless kept)
(needs the `bench` extra for datasketch)
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl
from wiretrace.fingerprint import shingles


def write_corpus(datasets: Path, out: Path, limit: int | None) -> int:
    """Reuters then BBC as one JSON-lines file; returns the number of records."""
    rows = read_jsonl(datasets / "reuters21578" / "articles.jsonl") + read_jsonl(datasets / "bbc" / "articles.jsonl")
    rows = rows[:limit] if limit else rows
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({"id": r["id"], "title": r.get("title"), "text": r["text"]}) + "\n")
    return len(rows)


def datasketch_pipeline(corpus: Path) -> tuple[int, int, float]:
    """(articles, candidate pairs, seconds) of the datasketch MinHashLSH baseline."""
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    pairs = articles = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            m = MinHash(num_perm=128)
            for gram in shingles(record["text"]):
                m.update(" ".join(gram).encode("utf-8"))
            pairs += len(lsh.query(m))
            lsh.insert(record["id"], m)
            articles += 1
    return articles, pairs, time.perf_counter() - start


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished child processes: on this
    shared machine wall time varies more between runs than the work does."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--limit", type=int, help="Only the first N records (quick runs).")
    parser.add_argument("--workers", default="1", help="Verification processes, one run each (comma-separated).")
    parser.add_argument("--read-ahead", default="off,on", help="Runs without and with the reading process.")
    parser.add_argument("--keep", action="store_true", help="Keep the corpus and indexes (the folder is printed).")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wiretrace-throughput-"))
    try:
        run(args, work)
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    """The baseline, then `index add` once for each worker count and read-ahead setting asked for."""
    corpus = work / "corpus.jsonl"
    n = write_corpus(args.datasets, corpus, args.limit)
    articles, pairs, base_s = datasketch_pipeline(corpus)
    print(f"datasketch MinHashLSH: {articles} articles in {base_s:.1f} s = {articles / base_s:.0f} articles/s, "
          f"{pairs} candidate pairs (unverified)")  # fmt: skip
    for workers in map(int, args.workers.split(",")):
        for ahead in args.read_ahead.split(","):
            start, cpu = time.perf_counter(), _cpu_seconds()
            with Index(work / f"index-{workers}-{ahead}", workers=workers, read_ahead=ahead == "on") as index:
                report = index.add([str(corpus)])
            ours_s = time.perf_counter() - start
            own, children = (after - before for after, before in zip(_cpu_seconds(), cpu))
            print(f"wiretrace index add, {workers} worker(s), read-ahead {ahead}: {n} records in {ours_s:.1f} s = "
                  f"{n / ours_s:.0f} articles/s ({report.added} added, {report.identical} identical copies, "
                  f"{report.links} verified links, {len(report.rejected)} rejected; {report.candidates} candidate "
                  f"pairs, {report.judged} judged)")  # fmt: skip
            print(f"CPU time: index process {own:.1f} s, reading process and workers {children:.1f} s")
            print(f"ratio (wiretrace / datasketch articles per second): {(n / ours_s) / (articles / base_s):.2f}")


if __name__ == "__main__":
    main()
