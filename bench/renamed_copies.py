"""Copies with one person renamed throughout: how many the verdict still calls derived.

Each L2R source naming someone with a title ('Mr Besigye', 'Mrs Obama') is copied with that
surname replaced by 'Hendricks' in every sentence (a client copy falsified to credit someone
else) and compared with its source. Before the renamed-story exemption the lede rule
(`verdict.different_leads`, made for template notices about two companies) made some of them
`unrelated`.

Run: .venv/bin/python bench/renamed_copies.py [../shared/datasets]
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace import Comparer
from wiretrace.evaluate import read_jsonl

TITLED = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof|Sir)\.? ([A-Z][a-z]{3,})\b")


def main(datasets: Path) -> None:
    comparer = Comparer()
    verdicts: collections.Counter[tuple[str, str | None]] = collections.Counter()
    missed = []
    for row in read_jsonl(datasets / "l2r-news" / "sources.jsonl"):
        found = TITLED.search(row["text"])
        if not found:
            continue
        renamed = re.sub(rf"\b{found.group(1)}\b", "Hendricks", row["text"])
        v = comparer.compare(row["text"], renamed).verdict
        verdicts[v.relation, v.rule] += 1
        if v.relation == "unrelated":
            missed.append(f"{row['id']} ({found.group(1)}, rule {v.rule})")
    total = sum(verdicts.values())
    derived = total - sum(n for (relation, _), n in verdicts.items() if relation == "unrelated")
    print(f"renamed copies judged derived: {derived} of {total}; verdicts {dict(verdicts)}")
    print("unrelated:", ", ".join(missed) or "none")


if __name__ == "__main__":
    main(_datasets.parse(__doc__).datasets)
