"""A de-duplicated corpus: what `export --what articles --drop LEVEL` leaves out, against MinHash dedupe.

Corpus: BBC (2,225, undated) + L2R sources (200, dated earlier) + their 400 AI rewrites (dated
later), as `bench/index_quality.py` indexes it. Gold: the 400 rewrites derive from their sources,
and of each group of byte-identical BBC texts all but one are copies. Each level's left-out
articles are counted by kind: rewrites (of 400), BBC identical copies, other BBC articles (the
gold calls them independent; BBC's own updated versions are among them) and L2R sources (0 is right).

Baseline: the usual near-duplicate filter of corpus pipelines, datasketch MinHashLSH over word
5-grams (128 permutations), reading the corpus in order and leaving out each article whose
MinHash meets an article already kept, at Jaccard thresholds 0.8 and 0.5.

Run: .venv/bin/python bench/dedupe_levels.py [../shared/datasets] [--reuse DIR | --keep DIR]
(needs the `bench` extra for datasketch)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from wiretrace.cluster import DROP_LEVELS
from wiretrace.engines.local import Index
from wiretrace.evaluate import bbc_identical_groups, read_jsonl, write_index_corpus
from wiretrace.fingerprint import shingles


def minhash_left_out(corpus: Path, threshold: float) -> set[str]:
    """The ids a MinHashLSH near-duplicate filter at `threshold` leaves out, reading in order."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    left_out: set[str] = set()
    for row in read_jsonl(corpus):
        m = MinHash(num_perm=128)
        for gram in shingles(row["text"]):
            m.update(" ".join(gram).encode("utf-8"))
        if lsh.query(m):
            left_out.add(row["id"])
        else:
            lsh.insert(row["id"], m)
    return left_out


def kinds(left_out: set[str], truth: dict[str, str], identical: set[str], bbc: set[str]) -> str:
    """One table row's cells: the left-out articles counted by kind."""
    rewrites = len(left_out & set(truth))
    copies = len(left_out & identical)
    other_bbc = len(left_out & (bbc - identical))
    sources = len(left_out & set(truth.values()))
    return f"{len(left_out)} | {rewrites} / {len(truth)} | {copies} / {len(identical)} | {other_bbc} | {sources}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--keep", type=Path, help="Build the index here and keep it.")
    parser.add_argument("--reuse", type=Path, help="Read this index, built from the same corpus, instead.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wiretrace-dedupe-"))
    corpus = work / "corpus.jsonl"
    truth = write_index_corpus(args.datasets, corpus)
    bbc = {r["id"] for r in read_jsonl(args.datasets / "bbc" / "articles.jsonl")}
    identical = {i for group in bbc_identical_groups(args.datasets) for i in sorted(group)[1:]}
    directory = args.reuse or args.keep or work / "index"
    if not args.reuse:
        start = time.perf_counter()
        with Index(directory) as index:
            report = index.add([str(corpus)])
        print(f"indexed {report.added} articles in {time.perf_counter() - start:.0f} s, {report.links} links")
    print("| filter | left out | rewrites | BBC identical copies | other BBC | L2R sources |")
    print("|---|---|---|---|---|---|")
    with Index(directory, read_only=True) as index:
        everything = set(index.table("articles").column("id").to_pylist())
        for level in DROP_LEVELS:
            kept = set(index.table("articles", drop=level).column("id").to_pylist())
            print(f"| `--drop {level}` | {kinds(everything - kept, truth, identical, bbc)} |")
    for threshold in (0.8, 0.5):
        print(f"| MinHashLSH {threshold} | {kinds(minhash_left_out(corpus, threshold), truth, identical, bbc)} |")


if __name__ == "__main__":
    main()
