"""The derived verdict against two blind human readings of 56 pairs (`bench/data/same_event_pairs_read.jsonl`).

ECB+ pairs count as independent when their word 5-gram Jaccard is under 0.05, but two AI
rewrites of one wire share about as little, so that count mixes reports written separately
with reports written from one wire or press release. Two readers, each shown only the two
texts in random order and no scores, labelled 56 pairs: the 23 ECB+ "independent" pairs the
verdict called derived on 2026-12-01, 23 it called unrelated (drawn at random, seed 7) and 10
L2R source-rewrite pairs as a check. A pair is "derived" when one text was written from the
other or both from one common text (the same points in the same order with the same chosen
details), "independent" when they share only the event's facts.

Run: .venv/bin/python bench/same_event_readers.py [../shared/datasets]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from wiretrace.compare import compare_profiles, profile
from wiretrace.embed import load
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text

READINGS = Path(__file__).parent / "data" / "same_event_pairs_read.jsonl"


def reading(row: dict) -> str:
    """The two readers' label when they agree, else 'readers differ'."""
    first, second = row["reader_1"]["label"], row["reader_2"]["label"]
    return first if first == second else "readers differ"


def main(datasets: Path) -> None:
    texts = {r["id"]: r["text"] for r in read_jsonl(datasets / "ecbplus" / "articles.jsonl")}
    for name in ("sources", "rewrites"):
        texts |= {r["id"]: r["text"] for r in read_jsonl(datasets / "l2r-news" / f"{name}.jsonl")}
    embedder = load()
    rows = read_jsonl(READINGS)
    table: Counter[tuple[str, str, bool]] = Counter()
    for row in rows:
        source, target = (profile(from_text(texts[i], i, id=i), embedder) for i in (row["a"], row["b"]))
        derived = compare_profiles(source, target).verdict.relation != "unrelated"
        corpus = "L2R" if row["drawn_from"] == "l2r" else "ECB+"
        table[(corpus, reading(row), derived)] += 1
    agree = sum(reading(r) != "readers differ" for r in rows)
    print(f"{len(rows)} pairs; the readers agree on {agree}")
    print("| corpus | both readers say | pairs | wiretrace: derived | wiretrace: unrelated |")
    print("|---|---|---|---|---|")
    for corpus, label in sorted({(c, lab) for c, lab, _ in table}):
        yes, no = table[(corpus, label, True)], table[(corpus, label, False)]
        print(f"| {corpus} | {label} | {yes + no} | {yes} | {no} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/datasets"))
