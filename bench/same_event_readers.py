"""The derived verdict against two blind human readings of 56 pairs (`bench/data/same_event_pairs_read.jsonl`).

ECB+ pairs count as independent when their word 5-gram Jaccard is under 0.05, but two AI
rewrites of one wire share about as little, so that count mixes reports written separately
with reports written from one wire or press release. Two readers, each shown only the two
texts in random order and no scores, labelled 56 pairs: the 23 ECB+ "independent" pairs the
verdict called derived on 2026-12-01, 23 it called unrelated (drawn at random, seed 7) and 10
L2R source-rewrite pairs as a check. A pair is "derived" when one text was written from the
other or both from one common text (the same points in the same order with the same chosen
details), "independent" when they share only the event's facts.

A second reading (`bench/data/index_accusations_read.jsonl`) holds the 40 links an index of
ECB+ made on 2026-12-01 between articles sharing no 5-gram text, and 6 L2R pairs, read by two
other readers the same way (a later report by the same outlet re-using sentences of its earlier
one counted as derived); the script indexes ECB+ afresh and counts which are still linked.

Run: .venv/bin/python bench/same_event_readers.py [../shared/datasets]
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace.compare import compare_profiles, profile
from wiretrace.embed import load
from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text

READINGS = Path(__file__).parent / "data" / "same_event_pairs_read.jsonl"
INDEX_READINGS = Path(__file__).parent / "data" / "index_accusations_read.jsonl"


def reading(row: dict) -> str:
    """The two readers' label when they agree, else 'readers differ'."""
    first, second = row["reader_1"]["label"], row["reader_2"]["label"]
    return first if first == second else "readers differ"


def tabulate(rows: list[dict], derived: Callable[[dict], bool], what: str) -> None:
    """Print the readers' labels against wiretrace's (`derived` of a row) as a Markdown table."""
    table: Counter[tuple[str, str, bool]] = Counter()
    for row in rows:
        corpus = "L2R" if row["drawn_from"] == "l2r" else "ECB+"
        table[(corpus, reading(row), derived(row))] += 1
    agree = sum(reading(r) != "readers differ" for r in rows)
    print(f"{len(rows)} pairs; the readers agree on {agree}")
    print(f"| corpus | both readers say | pairs | wiretrace: {what} | wiretrace: not |")
    print("|---|---|---|---|---|")
    for corpus, label in sorted({(c, lab) for c, lab, _ in table}):
        yes, no = table[(corpus, label, True)], table[(corpus, label, False)]
        print(f"| {corpus} | {label} | {yes + no} | {yes} | {no} |")


def main(datasets: Path) -> None:
    texts = {r["id"]: r["text"] for r in read_jsonl(datasets / "ecbplus" / "articles.jsonl")}
    for name in ("sources", "rewrites"):
        texts |= {r["id"]: r["text"] for r in read_jsonl(datasets / "l2r-news" / f"{name}.jsonl")}
    embedder = load()

    def judged_derived(row: dict) -> bool:
        source, target = (profile(from_text(texts[i], i, id=i), embedder) for i in (row["a"], row["b"]))
        return compare_profiles(source, target).verdict.relation != "unrelated"

    print("Pairwise verdicts (same_event_pairs_read.jsonl):")
    tabulate(read_jsonl(READINGS), judged_derived, "derived")
    if not INDEX_READINGS.exists():
        return
    work = Path(tempfile.mkdtemp(prefix="wiretrace-readers-"))
    ecb = work / "ecb.jsonl"
    ecb.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items() if k.startswith("ecb-")))
    with Index(work / "index") as index:
        index.add([str(ecb)])
        linked = {frozenset((lk.source, lk.target)) for lk in index.links()}
    print("\nIndex links (index_accusations_read.jsonl; L2R pairs judged pairwise):")
    rows = read_jsonl(INDEX_READINGS)
    tabulate(rows, lambda r: judged_derived(r) if r["drawn_from"] == "l2r" else frozenset((r["a"], r["b"])) in linked,
             "linked")  # fmt: skip


if __name__ == "__main__":
    main(_datasets.parse(__doc__).datasets)
