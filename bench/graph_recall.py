"""How well an index's neighbour graph finds what an exact search finds, by search list size.

For each of the 400 L2R AI rewrites (whose sources the index holds), the rewrite's centroid is
searched in the graph with lists of 128 to 1024 and compared with an exact search over every
vector the graph holds: the time per query (all cores, as the index searches), whether the
rewrite's source is among the 32 nearest, and the share of the exact 8 nearest found.
`--graph FILE` measures another graph file of the same centroids (one built with other settings).

Run: .venv/bin/python bench/graph_recall.py INDEX_DIR [--graph FILE] [--datasets ../shared/datasets]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from wiretrace.detect import mean_direction, sentence_vectors
from wiretrace.embed import load
from wiretrace.engines.neighbours import GRAPH_FILE
from wiretrace.evaluate import read_jsonl
from wiretrace.fingerprint import article_key
from wiretrace.ingest import from_text

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
LISTS = (128, 256, 512, 1024)
DEPTH = 32


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("index", type=Path)
    parser.add_argument("--graph", type=Path, help="A graph file to measure instead of the index's own.")
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    args = parser.parse_args()
    from usearch.index import Index as Graph

    graph = Graph.restore(str(args.graph or args.index / GRAPH_FILE), view=True)
    keys = np.asarray(graph.keys, dtype=np.uint64)
    vectors = np.asarray(graph.get(keys, dtype=np.float32))
    rewrites = read_jsonl(args.datasets / "l2r-news" / "rewrites.jsonl")
    articles = [from_text(r["text"], id=r["id"]) for r in rewrites]
    queries = np.stack([mean_direction(v) for v in sentence_vectors(articles, load())]).astype(np.float32)
    sources = [article_key(r["source_id"]) for r in rewrites]
    exact = keys[np.argsort(-(queries @ vectors.T), axis=1)[:, :DEPTH]]
    print(json.dumps({"graph": str(args.graph or args.index / GRAPH_FILE), "vectors": len(keys),
                      "connectivity": graph.connectivity, "dtype": str(graph.dtype),
                      "source_in_exact_top32": float(np.mean([s in e for s, e in zip(sources, exact)]))}))  # fmt: skip
    for size in LISTS:
        start = time.perf_counter()
        found = np.atleast_2d(graph.search(queries, size).keys)[:, :DEPTH]
        ms = 1000 * (time.perf_counter() - start) / len(queries)
        print(json.dumps({
            "search_list": size, "ms_per_query": round(ms, 2),
            "source_in_top32": float(np.mean([s in f for s, f in zip(sources, found)])),
            "recall_at_8": round(float(np.mean([len(set(e[:8]) & set(f[:8])) / 8 for e, f in zip(exact, found)])), 4),
        }))  # fmt: skip


if __name__ == "__main__":
    main()
