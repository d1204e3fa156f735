"""The common directions of a sentence model's vectors, shipped in `wiretrace/data/common_directions.json`.

Every sentence vector of a static model leans towards a direction its kind of text shares
(frequent words, punctuation, layout): the mean unit sentence vector of BBC articles has length
0.15, that of Reuters-21578 wires 0.25, and the two point apart (cosine 0.22; L2R's wire stories
lie with BBC, 0.81). An article's centroid is the mean of its sentence vectors, so the longer and
the more varied an article, the closer its centroid lies to its kind's direction, and the more
articles find it among their nearest (a "hub"). `detect.off_common` sets the directions aside
when semantic candidates are chosen. This script measures them: the mean sentence vector of
every BBC article, then that of every Reuters-21578 wire with the first direction set aside, as
the index extracts and embeds them.

Run: .venv/bin/python bench/common_directions.py [--datasets ../shared/datasets] [--model wordllama] [--write]
(`--write` stores them in the package file; without it, prints their cosines with the shipped ones)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from wiretrace.detect import sentence_vectors
from wiretrace.embed import COMMON_DIRECTIONS, common_directions, load
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
#: Prose news first, then wire reports: each direction is measured with the ones before set aside.
CORPORA = ("bbc", "reuters21578")


def mean_sentence_vector(datasets: Path, corpus: str, model: str) -> np.ndarray:
    """The mean unit sentence vector of every article of `corpus` under `model`."""
    embedder = load(model)
    total = np.zeros(embedder.dim, dtype=np.float64)
    count = 0
    rows = read_jsonl(datasets / corpus / "articles.jsonl")
    for start in range(0, len(rows), 512):
        articles = [from_text(r["text"], r["id"]) for r in rows[start : start + 512]]
        for vectors in sentence_vectors(articles, embedder):
            total += vectors.sum(axis=0)
            count += len(vectors)
    print(f"{corpus}: {count} sentences, mean of length {np.linalg.norm(total / count):.3f}")
    return total / count


def measure(datasets: Path, model: str) -> np.ndarray:
    """The common directions (orthonormal rows, in `CORPORA` order)."""
    directions: list[np.ndarray] = []
    for corpus in CORPORA:
        mean = mean_sentence_vector(datasets, corpus, model)
        for d in directions:
            mean = mean - (mean @ d) * d
        directions.append(mean / np.linalg.norm(mean))
    return np.stack(directions).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--model", default="wordllama")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    directions = measure(args.datasets, args.model)
    if args.write:
        shipped = json.loads(COMMON_DIRECTIONS.read_text()) if COMMON_DIRECTIONS.exists() else {}
        shipped[args.model] = [[round(float(x), 6) for x in d] for d in directions]
        COMMON_DIRECTIONS.write_text(json.dumps(shipped, sort_keys=True) + "\n")
        print(f"wrote {COMMON_DIRECTIONS}")
    elif (known := common_directions(args.model)) is not None:
        print("cosines with the shipped directions:", [round(float(a @ b), 6) for a, b in zip(directions, known)])


if __name__ == "__main__":
    main()
