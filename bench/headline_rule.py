"""How often the headline-subject rule (`verdict.different_subjects`) would wrongly part a copy from
its source: each BBC article's text under 5 other BBC headlines drawn at random (a republisher's
new headline), against the article under its own.

Run: .venv/bin/python bench/headline_rule.py [../shared/datasets] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from wiretrace.evaluate import read_jsonl
from wiretrace.text import content_words
from wiretrace.verdict import different_subjects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = read_jsonl(args.datasets / "bbc" / "articles.jsonl")
    rng = random.Random(args.seed)
    heads = [content_words(r["title"]) for r in rows]
    pairs = parted = 0
    for k, row in enumerate(rows):
        words = content_words(row["text"])
        for other in rng.sample(range(len(rows)), 5):
            if other != k:
                pairs += 1
                parted += different_subjects(heads[k], heads[other], words, words)
    alone = sum(1 for head, r in zip(heads, rows) if not head & content_words(r["text"]))
    print(f"copies under another headline judged about another subject: {parted}/{pairs}")
    print(f"BBC headlines sharing no word with their own text: {alone}/{len(rows)}")


if __name__ == "__main__":
    main()
