"""Reading speed: `ingest.from_record` of every dataset record, then `facts.document_facts` of
every article's sentences.

Corpus: BBC, Reuters-21578, the L2R sources and rewrites and ECB+ (22,640 articles, 189,285
sentences), each record read as `index add` reads a JSON Lines record, each article's facts read
in its language as `compare` and the index read them. Prints each stage's time (median of
`--rounds`) and a digest of what it produced: run it on two commits (`PYTHONPATH` set to a checkout
of each) and the digests say whether they read the same articles and facts.

Run: .venv/bin/python bench/reading_speed.py [../shared/datasets] [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wiretrace.evaluate import read_jsonl
from wiretrace.facts import document_facts
from wiretrace.ingest import from_record
from wiretrace.text import language_of

FILES = ("bbc/articles", "reuters21578/articles", "l2r-news/sources", "l2r-news/rewrites", "ecbplus/articles")


def records(datasets: Path) -> list[dict[str, Any]]:
    """Every dataset record as a JSON Lines record: id, title, text."""
    return [{"id": row["id"], "title": row.get("title"), "text": row["text"]}
            for name in FILES for row in read_jsonl(datasets / f"{name}.jsonl")]  # fmt: skip


def timed(stage: Callable[[], list], rounds: int) -> tuple[float, list]:
    """The median time of `rounds` runs of `stage`, and what it returned."""
    times, found = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        found = stage()
        times.append(time.perf_counter() - start)
    return statistics.median(times), found


def digest(found: object) -> str:
    """A short hash of `found` as written out: equal on two commits when they produced the same."""
    return hashlib.sha256(repr(found).encode()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = records(args.datasets)
    read_s, articles = timed(lambda: [from_record(row, "bench") for row in rows], args.rounds)
    read_digest = digest([(a.title, a.text, [(s.start, s.end) for s in a.sentences],
                           [(d.text, d.reason) for d in a.dropped_chrome]) for a in articles])  # fmt: skip
    docs = [([s.text for s in a.sentences], language_of(a.text)) for a in articles]
    facts_s, facts = timed(lambda: [document_facts(s, lang) for s, lang in docs], args.rounds)
    facts_digest = digest(facts)
    sentences = sum(len(s) for s, _ in docs)
    print(f"{len(rows)} records: from_record {read_s:.2f} s ({1e6 * read_s / len(rows):.0f} µs a record), "
          f"articles digest {read_digest}")  # fmt: skip
    print(f"{sentences} sentences: document_facts {facts_s:.2f} s ({1e6 * facts_s / sentences:.0f} µs a sentence), "
          f"facts digest {facts_digest}")  # fmt: skip


if __name__ == "__main__":
    main()
