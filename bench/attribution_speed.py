"""Time of `cluster.attribute` (and the loop-breaking `cluster.acyclic` it starts with) on a large
synthetic link graph: what `links`, `stories`, `sites` and `export` pay on an index of ~1M articles.

Families of 2-6 members: the first member is the source of each other by date, and each member
after the second derives from the one before by content (the siblings' links attribution drops).
With `--loops K`, every K-th family of three or more also links its last member to its first by
content, closing a loop that `acyclic` breaks.

Run: .venv/bin/python bench/attribution_speed.py [--families 40000] [--loops 10] [--repeat 2]
(the code of another commit: PYTHONPATH=WORKTREE .venv/bin/python bench/attribution_speed.py)
"""

from __future__ import annotations

import argparse
import random
import time

from wiretrace import cluster
from wiretrace.cluster import CONTAINMENT, DATED, DerivedLink


def graph(families: int, loops: int, seed: int = 1) -> list[DerivedLink]:
    """The links of `families` synthetic families (see the module's docstring)."""
    rng = random.Random(seed)
    links = []
    for f in range(families):
        ids = [f"f{f}-{i}" for i in range(rng.randint(2, 6))]
        for i in range(1, len(ids)):
            links.append(DerivedLink(ids[0], ids[i], "rewrite", 0.9, 0.9, 0.8, DATED))
            if i > 1:
                links.append(DerivedLink(ids[i - 1], ids[i], "rewrite", 0.9, 0.9, 0.85, CONTAINMENT))
        if loops and len(ids) > 2 and f % loops == 0:
            links.append(DerivedLink(ids[-1], ids[0], "rewrite", 0.9, 1.0, 0.8, CONTAINMENT))
    return links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", type=int, default=40000)
    parser.add_argument("--loops", type=int, default=0, help="Close a loop in every K-th family (0: none).")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    links = graph(args.families, args.loops)
    for _ in range(args.repeat):
        start = time.perf_counter()
        kept = cluster.attribute(links)
        print(f"attribute: {len(links)} links -> {len(kept)} in {time.perf_counter() - start:.2f} s")
    if hasattr(cluster, "acyclic"):
        start = time.perf_counter()
        cluster.acyclic(links)
        print(f"acyclic alone: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
