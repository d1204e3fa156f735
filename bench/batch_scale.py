"""Batch pipeline at scale: the local engine against Spark local[2], and recombined bigger corpora.

Corpus ×1: Reuters-21578 (19,043 wires) + BBC (2,225) = 21,268 records, written as 8 JSON-lines
shards. Corpus ×k adds (k-1) × 21,268 synthetic articles made by recombining real sentences:
synthetic article n takes the sentence count of a real article drawn at random (at least 4),
then fills it with runs of two consecutive sentences, each run from a real article drawn at
random (random.Random(k * 1_000_003 + n)). So a synthetic article reads like news, shares at
most a couple of sentences with any real one, and the collection grows without planting copies.

Each run prints one JSON line: engine, scale, articles, per-stage seconds (stats.json),
articles per second, candidates and links, and for Spark the shuffle bytes read and written per
stage, summed over the Spark stages of that pipeline stage's job group (REST API of the UI).

Run: .venv/bin/python bench/batch_scale.py [--scale 1] [--engines local,spark] [--master local[2]]
     [--limit N] [--stop-after STAGE] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from wiretrace.engines.batch import run_batch
from wiretrace.text import segment

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
SHARDS = 8


def base_records(datasets: Path, limit: int | None) -> list[dict[str, Any]]:
    rows = []
    for name in ("reuters21578", "bbc"):
        with (datasets / name / "articles.jsonl").open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh)
    rows = rows[:limit] if limit else rows
    return [{"id": r["id"], "title": r.get("title"), "text": r["text"]} for r in rows]


def recombined(records: list[dict[str, Any]], scale: int) -> list[dict[str, Any]]:
    """(scale - 1) x len(records) synthetic articles of real sentences (see the module docstring)."""
    sentences = [[s.text for s in segment(r["text"])] for r in records]
    sentences = [s for s in sentences if s]
    out = []
    for n in range((scale - 1) * len(records)):
        rng = random.Random(scale * 1_000_003 + n)
        length = max(4, len(rng.choice(sentences)))
        body: list[str] = []
        while len(body) < length:
            donor = rng.choice(sentences)
            start = rng.randrange(len(donor))
            body.extend(donor[start : start + 2])
        out.append({"id": f"mix-{scale}-{n:08d}", "text": " ".join(body[:length])})
    return out


def write_corpus(records: list[dict[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handles = [(folder / f"shard-{i:02d}.jsonl").open("w", encoding="utf-8") for i in range(SHARDS)]
    for n, record in enumerate(records):
        handles[n % SHARDS].write(json.dumps(record) + "\n")
    for fh in handles:
        fh.close()


def shuffle_bytes(spark: Any) -> dict[str, dict[str, int]]:
    """Shuffle read/write bytes per pipeline stage, from the Spark UI's REST API."""
    sc = spark.sparkContext
    base = f"{sc.uiWebUrl}/api/v1/applications/{sc.applicationId}"
    jobs = json.load(urllib.request.urlopen(f"{base}/jobs"))
    stages = {s["stageId"]: s for s in json.load(urllib.request.urlopen(f"{base}/stages"))}
    out: dict[str, dict[str, int]] = {}
    for job in jobs:
        group = (job.get("jobGroup") or "").removeprefix("wiretrace-")
        if not group:
            continue
        acc = out.setdefault(group, {"shuffle_read": 0, "shuffle_write": 0, "output": 0})
        for sid in job["stageIds"]:
            st = stages.get(sid)
            if st and st.get("status") == "COMPLETE":
                acc["shuffle_read"] += st.get("shuffleReadBytes", 0)
                acc["shuffle_write"] += st.get("shuffleWriteBytes", 0)
                acc["output"] += st.get("outputBytes", 0)
    return out


def semantic_recall(out: Path, neighbours: int, min_cosine: float) -> float:
    """Share of the exact nearest-centroid pairs (brute force, as the index finds them) that the
    SimHash windows proposed as semantic candidates."""
    import numpy as np
    import pyarrow.parquet as pq

    from wiretrace.detect import nearest

    cols = pq.read_table(out / "articles", columns=["id", "centroid"]).to_pydict()
    ids, vecs = cols["id"], np.asarray(cols["centroid"], dtype=np.float32)
    exact = {
        (min(ids[i], ids[j]), max(ids[i], ids[j]))
        for i, hits in enumerate(nearest(vecs, vecs, neighbours, min_cosine, list(range(len(ids)))))
        for j in hits
    }
    cands = pq.read_table(out / "candidates").to_pydict()
    found = {(a, b) for a, b, sem in zip(cands["a"], cands["b"], cands["semantic"]) if sem}
    return round(len(found & exact) / max(len(exact), 1), 4)


def run(engine: str, corpus: Path, out: Path, master: str, stop_after: str | None) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    spark = None
    if engine == "spark":
        from wiretrace.engines.spark import session

        spark = session(master, {"spark.driver.memory": "6g", "spark.ui.enabled": "true"})
    start = time.perf_counter()
    try:
        stats = run_batch([str(corpus)], out, engine=engine, master=master, stop_after=stop_after)
        total = time.perf_counter() - start
        shuffles = shuffle_bytes(spark) if spark is not None else None
    finally:
        if spark is not None:
            spark.stop()
    stages = stats["stages"]
    result: dict[str, Any] = {
        "engine": engine if engine == "local" else f"spark {master}",
        "articles": stages["articles"]["articles"],
        "read": stages["articles"]["read"],
        "seconds": round(total, 1),
        "articles_per_s": round(stages["articles"]["read"] / total, 1),
        "stage_seconds": {k: v["seconds"] for k, v in stages.items()},
        "candidates": stages.get("candidates", {}).get("candidates"),
        "lsh": stages.get("candidates", {}).get("lsh"),
        "semantic": stages.get("candidates", {}).get("semantic"),
        "links": stages.get("links", {}).get("links"),
        "stories": stages.get("stories", {}).get("stories"),
    }
    if shuffles is not None:
        result["shuffle_bytes"] = shuffles
    if "candidates" in stages and result["articles"] <= 50_000:
        config = json.loads((out / "config.json").read_text())
        result["semantic_recall_vs_exact_knn"] = semantic_recall(out, config["neighbours"], config["min_cosine"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--scale", type=int, default=1, help="Corpus size as a multiple of Reuters + BBC.")
    parser.add_argument("--engines", default="local,spark")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--limit", type=int, help="Only the first N real records (quick runs).")
    parser.add_argument("--stop-after", help="Stop each run after this stage.")
    parser.add_argument("--work", type=Path, help="Working directory (default: a new temporary one).")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="wiretrace-batch-scale-"))
    corpus = work / f"corpus-x{args.scale}"
    if not corpus.exists():
        records = base_records(args.datasets, args.limit)
        write_corpus(records + recombined(records, args.scale), corpus)
    for engine in args.engines.split(","):
        result = run(engine, corpus, work / f"out-{engine}-x{args.scale}", args.master, args.stop_after)
        print(json.dumps({"scale": args.scale, **result}), flush=True)


if __name__ == "__main__":
    main()
