"""How many changed facts the compare core reports on the 400 L2R rewrites, by kind.

Each rewrite against its own source (`wiretrace.compare/1` `changes` and `unsupported`). A
rewrite keeps its source's facts, so every change reported here is either a real edit by the
rewriter or a false alarm; the count is the number a fact-checker would have to read. Also
the alignment of the rewrites judged derived: their links, and the sentences each side is left
with (added to the rewrite, dropped from the source), which a reader checks one by one.

Run: .venv/bin/python bench/changes_count.py [../shared/datasets] [--show KIND]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from wiretrace import align
from wiretrace.compare import Comparer, profile
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text
from wiretrace.model import Comparison


def placed(c: Comparison, comparer: Comparer) -> list[tuple[str, str, float]]:
    """The links of `c` that the alignment itself did not give (`align.placed_pairs`), as
    (source sentence, target sentence, score)."""
    source, target = profile(c.source, comparer.embedder), profile(c.target, comparer.embedder)
    pairs = align.pair_scores(source.vectors, target.vectors, source.word_keys, target.word_keys)
    aligned = {(tuple(s), tuple(t)) for s, t, _ in align.link_pairs(pairs)}
    return [
        (c.source.sentences[lk.source[0]].text, c.target.sentences[lk.target[0]].text, lk.score)
        for lk in c.links
        if (lk.source, lk.target) not in aligned
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--show", help="Print every change of this kind (name, quote, number, date).")
    parser.add_argument("--placed", type=int, help="Print this many placed links drawn at random (seed 11).")
    args = parser.parse_args()
    sources = {r["id"]: r for r in read_jsonl(args.datasets / "l2r-news" / "sources.jsonl")}
    comparer = Comparer()
    kinds: Counter[str] = Counter()
    unsupported = 0
    derived = Counter[str]()
    in_place: list[tuple[str, str, str, float]] = []
    rewrites = read_jsonl(args.datasets / "l2r-news" / "rewrites.jsonl")
    for row in rewrites:
        source = from_text(sources[row["source_id"]]["text"], row["source_id"])
        c = comparer.compare(source, from_text(row["text"], row["id"]))
        kinds.update(ch.kind for ch in c.changes)
        unsupported += sum(len(u.items) for u in c.unsupported)
        if c.verdict.relation != "unrelated":
            derived.update(pairs=1, links=len(c.links), added=len(c.added), dropped=len(c.dropped))
            if args.placed:
                in_place.extend((row["id"], *link) for link in placed(c, comparer))
        for ch in c.changes:
            if ch.kind == args.show:
                print(f"{row['id']}: {ch.before!r} -> {ch.after!r}")
    print(f"{len(rewrites)} rewrites: changes {dict(sorted(kinds.items()))}, unsupported items {unsupported}")
    print(f"{derived['pairs']} derived: {derived['links']} links, {derived['added']} target sentences added, "
          f"{derived['dropped']} source sentences dropped")  # fmt: skip
    for rewrite_id, before, after, score in random.Random(11).sample(in_place, min(args.placed or 0, len(in_place))):
        print(f"{rewrite_id} {score:.2f}\n  source: {before}\n  target: {after}")


if __name__ == "__main__":
    main()
