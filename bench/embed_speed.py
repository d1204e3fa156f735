"""Sentence embedding: wiretrace's wordllama encoder against the model's own `embed`, one process.

Run: .venv/bin/python bench/embed_speed.py [--articles 3000] [--rounds 3]
Encodes the sentences of real articles (BBC, then Reuters-21578) one article per call, as the
index and `compare` do, with both encoders in alternating rounds, and prints CPU and wall time a
sentence (medians), the ratio, and the largest difference between their vectors. "first pass"
is wiretrace's encoder with an empty chunk table (every chunk tokenised), "warm" the rounds after.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from wiretrace.embed import StaticEncoder, wordllama_model
from wiretrace.ingest import from_text

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def _articles(limit: int) -> list[list[str]]:
    found: list[list[str]] = []
    for name in ("bbc/articles.jsonl", "reuters21578/articles.jsonl"):
        for line in (DATASETS / name).open(encoding="utf-8"):
            sentences = [s.text for s in from_text(json.loads(line)["text"]).sentences]
            if sentences:
                found.append(sentences)
            if len(found) == limit:
                return found
    return found


def _timed(encode: Callable[[list[str]], np.ndarray], articles: list[list[str]]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) to encode every article, one call each."""
    cpu, wall = time.process_time(), time.perf_counter()
    for sentences in articles:
        encode(sentences)
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    articles = _articles(args.articles)
    n = sum(map(len, articles))
    model = wordllama_model()

    def theirs(texts: list[str]) -> np.ndarray:
        return np.asarray(model.embed(texts, norm=True))

    ours = StaticEncoder(model.embedding, model.tokenizer, theirs)
    first = _timed(ours.encode, articles)
    worst = max(float(np.abs(ours.encode(a) - theirs(a)).max()) for a in articles)
    runs: dict[str, list[tuple[float, float]]] = {"wordllama embed": [], "wiretrace (warm)": []}
    for _ in range(args.rounds):
        runs["wordllama embed"].append(_timed(theirs, articles))
        runs["wiretrace (warm)"].append(_timed(ours.encode, articles))
    print(f"{len(articles)} articles, {n} sentences; largest vector difference {worst:.1e}\n")
    print("| encoder | CPU a sentence | wall a sentence |")
    print("|---|---|---|")
    base = statistics.median(c for c, _ in runs["wordllama embed"])
    rows = [("wiretrace (first pass)", [first]), *runs.items()]
    for name, timings in rows:
        cpu = statistics.median(c for c, _ in timings)
        wall = statistics.median(w for _, w in timings)
        print(f"| {name} | {1e6 * cpu / n:.1f} µs ({base / cpu:.2f}x) | {1e6 * wall / n:.1f} µs |")


if __name__ == "__main__":
    main()
