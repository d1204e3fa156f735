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
    pairs = parted = 0
    for row in rows:
        words = content_words(row["text"])
        for other in rng.sample(rows, 5):
            if other["id"] != row["id"]:
                pairs += 1
                parted += different_subjects(row["title"], other["title"], words, words)
    alone = sum(1 for r in rows if not content_words(r["title"]) & content_words(r["text"]))
    print(f"copies under another headline judged about another subject: {parted}/{pairs}")
    print(f"BBC headlines sharing no word with their own text: {alone}/{len(rows)}")


if __name__ == "__main__":
    main()
