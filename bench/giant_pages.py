"""Time and peak memory of the largest inputs wiretrace accepts, one measure per process.

- `profile`: a 9.5 MB page (BBC articles joined at random, seed 1; under the 10 MB limit, about
  80,000 sentences): extraction, then its comparison profile (sentence vectors, words).
- `pair A B`: two texts of A and B short sentences written to one pattern ('Sentence number 7
  says the council met on Tuesday about roads.'), compared: the alignment's worst case.

Each prints seconds and the process's peak resident memory. Compare code versions by running
the same command with `PYTHONPATH` pointing at another checkout.

Run: .venv/bin/python bench/giant_pages.py profile [../shared/datasets]
     .venv/bin/python bench/giant_pages.py pair 2000 5000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def giant_page(datasets: Path, size: int = 9_500_000, seed: int = 1) -> str:
    """BBC articles drawn at random and joined by blank lines until `size` characters."""
    rows = [json.loads(line)["text"] for line in (datasets / "bbc" / "articles.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        parts.append(rng.choice(rows))
        total += len(parts[-1]) + 2
    return "\n\n".join(parts)


def pattern_text(sentences: int) -> str:
    return " ".join(f"Sentence number {i} says the council met on Tuesday about roads." for i in range(sentences))


def main() -> None:
    from wiretrace.compare import Comparer, profile
    from wiretrace.errors import WiretraceError
    from wiretrace.ingest import from_text

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    modes = parser.add_subparsers(dest="mode")
    modes.add_parser("profile", help="a 9.5 MB page").add_argument("datasets", nargs="?", type=Path,
                                                                     default=Path("../shared/datasets"))  # fmt: skip
    pair = modes.add_parser("pair", help="two pattern texts of A and B sentences")
    pair.add_argument("a", type=int)
    pair.add_argument("b", type=int)
    args = parser.parse_args()
    mode = args.mode or "profile"
    datasets = getattr(args, "datasets", Path("../shared/datasets"))
    if mode == "profile" and not datasets.is_dir():
        parser.error(f"{datasets}: no such folder (the shared datasets, ../shared/datasets from the project)")
    comparer = Comparer()  # the model loaded before any clock
    print(f"model loaded, peak {_peak_mb()} MB")
    if mode == "profile":
        text = giant_page(datasets)
        start = time.perf_counter()
        article = from_text(text, "giant", id="giant")
        print(
            f"extraction {time.perf_counter() - start:.1f} s, {len(article.sentences)} sentences, peak {_peak_mb()} MB"
        )
        start = time.perf_counter()
        profile(article, comparer.embedder)
        print(f"profile {time.perf_counter() - start:.1f} s, peak {_peak_mb()} MB")
    elif mode == "pair":
        a, b = args.a, args.b
        start = time.perf_counter()
        try:
            relation = comparer.compare(pattern_text(a), pattern_text(b)).verdict.relation
        except WiretraceError as exc:
            relation = f"refused: {exc}"
        print(f"compare {a} x {b} sentences {time.perf_counter() - start:.1f} s ({relation}), peak {_peak_mb()} MB")


if __name__ == "__main__":
    main()
