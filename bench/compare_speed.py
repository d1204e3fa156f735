"""Speed of the compare core: model load, one pair on one core, batch throughput, stage costs.

Run: .venv/bin/python bench/compare_speed.py [--pairs 200]
Prints a Markdown table for BENCHMARKS.md. Pairs are real: L2R sources with their
rewrites, padded to ~800 words by joining consecutive sources (rewrites likewise), so both
sides have the length the goal names.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def _pairs(n: int) -> list[tuple[str, str]]:
    sources = [json.loads(x) for x in (DATASETS / "l2r-news" / "sources.jsonl").open()]
    rewrites = {}
    for row in map(json.loads, (DATASETS / "l2r-news" / "rewrites.jsonl").open()):
        rewrites.setdefault(row["source_id"], row["text"])
    out = []
    k = 0
    while len(out) < n:
        src, tgt = [], []
        while len(" ".join(src).split()) < 800:
            s = sources[k % len(sources)]
            src.append(s["text"])
            tgt.append(rewrites[s["id"]])
            k += 1
        out.append(("\n\n".join(src), "\n\n".join(tgt)))
    return out


def _time_load() -> float:
    code = "import time; t=time.perf_counter(); from wiretrace.embed import load; load(); print(time.perf_counter()-t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    ]
    return statistics.median(runs)


def _baselines(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Median per-pair time on one core of two baselines run in this process: the n-gram
    resemblance a MinHash tool estimates, and the compare core on MiniLM (if installed)."""
    from wiretrace.compare import compare
    from wiretrace.embed import load
    from wiretrace.errors import MissingDependencyError
    from wiretrace.fingerprint import jaccard, shingles
    from wiretrace.ingest import from_text

    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    out = {}
    times = []
    for src, tgt in pairs:
        t0 = time.perf_counter()
        jaccard(shingles(src), shingles(tgt))
        times.append(time.perf_counter() - t0)
    out["ngram"] = statistics.median(times) * 1000
    try:
        strong = load("minilm")
    except MissingDependencyError:
        strong = None
    if strong is not None:
        times = []
        for src, tgt in pairs[:20]:
            t0 = time.perf_counter()
            compare(from_text(src), from_text(tgt), strong)
            times.append(time.perf_counter() - t0)
        out["minilm"] = statistics.median(times) * 1000
    os.sched_setaffinity(0, allowed)
    return out


def _one_core(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Per-pair latency on one core, split by stage (extract, embed, align+explain)."""
    from wiretrace.compare import compare_profiles, profile
    from wiretrace.embed import load
    from wiretrace.ingest import from_text

    embedder = load()
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})  # one core, as the goal states
    compare_profiles(profile(from_text(pairs[0][0]), embedder), profile(from_text(pairs[0][1]), embedder))
    totals = {"extract": [], "profile": [], "align": [], "total": []}
    for src, tgt in pairs:
        t0 = time.perf_counter()
        a, b = from_text(src), from_text(tgt)
        t1 = time.perf_counter()
        pa, pb = profile(a, embedder), profile(b, embedder)
        t2 = time.perf_counter()
        compare_profiles(pa, pb)
        t3 = time.perf_counter()
        totals["extract"].append(t1 - t0)
        totals["profile"].append(t2 - t1)
        totals["align"].append(t3 - t2)
        totals["total"].append(t3 - t0)
    os.sched_setaffinity(0, allowed)
    return {k: statistics.median(v) * 1000 for k, v in totals.items()} | {
        "p95": sorted(totals["total"])[int(0.95 * len(pairs)) - 1] * 1000,
        "words_src": statistics.mean(len(s.split()) for s, _ in pairs),
        "words_tgt": statistics.mean(len(t.split()) for _, t in pairs),
    }


def _batch(pairs: list[tuple[str, str]], workers: int) -> float:
    """Pairs per second of `wiretrace compare --pairs` as a whole process (model load included)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pairs.jsonl"
        path.write_text(
            "".join(json.dumps({"id": i, "source": s, "target": t}) + "\n" for i, (s, t) in enumerate(pairs))
        )
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "wiretrace.cli",
                "compare",
                "--pairs",
                str(path),
                "--format",
                "jsonl",
                "-o",
                str(Path(tmp) / "out.jsonl"),
                "--workers",
                str(workers),
            ],
            check=True,
            capture_output=True,
        )
        return len(pairs) / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=200)
    args = parser.parse_args()
    pairs = _pairs(args.pairs)
    load_s = _time_load()
    one = _one_core(pairs[:100])
    base = _baselines(pairs[:100])
    b1 = _batch(pairs, 1)
    b2 = _batch(pairs, 2)
    print(f"pairs: {len(pairs)}, mean words source {one['words_src']:.0f} / target {one['words_tgt']:.0f}")
    print("| measure | value |")
    print("|---|---|")
    print(f"| model load (process, median of 3) | {load_s:.2f} s |")
    print(f"| one compare, median (1 core) | {one['total']:.1f} ms |")
    print(f"| one compare, p95 (1 core) | {one['p95']:.1f} ms |")
    print(f"| - extract + segment (both) | {one['extract']:.1f} ms |")
    print(f"| - profile: embed + words + facts (both) | {one['profile']:.1f} ms |")
    print(f"| - align + claims + verdict | {one['align']:.1f} ms |")
    print(
        f"| baseline: word 5-gram Jaccard only, median | {base['ngram']:.1f} ms "
        f"(compare costs {one['total'] / base['ngram']:.1f}x) |"
    )
    if "minilm" in base:
        print(
            f"| baseline: compare core on MiniLM, median | {base['minilm']:.0f} ms "
            f"(wordllama path is {base['minilm'] / one['total']:.1f}x faster) |"
        )
    print(f"| batch, 1 worker (incl. load) | {b1:.1f} pairs/s |")
    print(f"| batch, 2 workers (incl. load) | {b2:.1f} pairs/s ({b2 / b1:.2f}x of 1 worker) |")


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
