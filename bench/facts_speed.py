"""Fact extraction speed: `facts.document_facts` over every sentence of the dataset articles.

Corpus: BBC, Reuters-21578, the L2R sources and rewrites and ECB+ (22,640 articles, 186,053
sentences), each article's sentences read as `compare` and the index read them, in its language.
Prints the time (median of `--rounds`) and a digest of every fact found: run it on two commits
(`PYTHONPATH` set to a checkout of each) and the digests say whether they read the same facts.

Run: .venv/bin/python bench/facts_speed.py [../shared/datasets] [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from pathlib import Path

from wiretrace.evaluate import read_jsonl
from wiretrace.facts import document_facts
from wiretrace.ingest import from_text
from wiretrace.text import language_of

FILES = ("bbc/articles", "reuters21578/articles", "l2r-news/sources", "l2r-news/rewrites", "ecbplus/articles")


def documents(datasets: Path) -> list[tuple[list[str], str]]:
    """Each dataset article's sentences and language."""
    found = []
    for name in FILES:
        for row in read_jsonl(datasets / f"{name}.jsonl"):
            article = from_text(row["text"], row["id"], id=row["id"])
            found.append(([s.text for s in article.sentences], language_of(article.text)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = documents(args.datasets)
    times, digest = [], ""
    for _ in range(args.rounds):
        start = time.perf_counter()
        found = [document_facts(sentences, language) for sentences, language in docs]
        times.append(time.perf_counter() - start)
        digest = hashlib.sha256(repr(found).encode()).hexdigest()[:16]
    sentences = sum(len(s) for s, _ in docs)
    median = statistics.median(times)
    print(f"{len(docs)} articles, {sentences} sentences: document_facts {median:.2f} s (median of {args.rounds}), "
          f"{1e6 * median / sentences:.0f} µs a sentence; facts digest {digest}")  # fmt: skip


if __name__ == "__main__":
    main()
