"""How many changed facts the compare core reports on the 400 L2R rewrites, by kind.

Each rewrite against its own source (`wiretrace.compare/1` `changes` and `unsupported`). A
rewrite keeps its source's facts, so every change reported here is either a real edit by the
rewriter or a false alarm; the count is the number a fact-checker would have to read.

Run: .venv/bin/python bench/changes_count.py [../shared/datasets] [--show KIND]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from wiretrace.compare import Comparer
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--show", help="Print every change of this kind (name, quote, number, date).")
    args = parser.parse_args()
    sources = {r["id"]: r for r in read_jsonl(args.datasets / "l2r-news" / "sources.jsonl")}
    comparer = Comparer()
    kinds: Counter[str] = Counter()
    unsupported = 0
    rewrites = read_jsonl(args.datasets / "l2r-news" / "rewrites.jsonl")
    for row in rewrites:
        source = from_text(sources[row["source_id"]]["text"], row["source_id"])
        c = comparer.compare(source, from_text(row["text"], row["id"]))
        kinds.update(ch.kind for ch in c.changes)
        unsupported += sum(len(u.items) for u in c.unsupported)
        for ch in c.changes:
            if ch.kind == args.show:
                print(f"{row['id']}: {ch.before!r} -> {ch.after!r}")
    print(f"{len(rewrites)} rewrites: changes {dict(sorted(kinds.items()))}, unsupported items {unsupported}")


if __name__ == "__main__":
    main()
