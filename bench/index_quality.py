"""Link quality of `index add` on BBC (2,225) + L2R sources (200, dated earlier) + their 400 rewrites.

Gold: each L2R source–rewrite pair and every pair inside a BBC exact-duplicate group; every
other pair is a negative. Also checks that each L2R family's inferred origin is its source.

The gold calls only byte-identical BBC texts copies, so the false links are also counted
against two blind readings (`bench/data/bbc_links_read.jsonl`, 2026-12-01): the false links of
that day, 6 L2R pairs and 10 unlinked nearest BBC pairs, each labelled "same-article" (a copy,
an updated version or a rewrite), "reuses-passages" (a new article re-using some paragraphs,
such as a follow-up's background) or "independent".

Run: .venv/bin/python bench/index_quality.py [../shared/datasets] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from wiretrace.engines.local import Index
from wiretrace.evaluate import (
    SHARED_TEXT_LEVELS,
    IndexQuality,
    evaluate_index,
    read_jsonl,
    shared_text,
    write_index_corpus,
)

READINGS = Path(__file__).parent / "data" / "bbc_links_read.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--keep", type=Path, help="Build the index here and keep it.")
    parser.add_argument("--reuse", type=Path, help="Score this already built index instead of building one.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wiretrace-quality-"))
    corpus = work / "corpus.jsonl"
    truth = write_index_corpus(args.datasets, corpus)
    if args.reuse:
        with Index(args.reuse, read_only=True) as index:
            quality = evaluate_index(index, args.datasets, truth)
        _print(quality, corpus)
        return
    directory = args.keep or work / "index"
    start = time.perf_counter()
    with Index(directory) as index:
        report = index.add([str(corpus)])
        elapsed = time.perf_counter() - start
        quality = evaluate_index(index, args.datasets, truth)
    print(f"indexed {report.added} articles ({report.identical} identical copies) in {elapsed:.0f} s "
          f"({report.added / elapsed:.1f} articles/s), {report.links} verified links")  # fmt: skip
    _print(quality, corpus)


def _print(quality: IndexQuality, corpus: Path) -> None:
    print(
        f"link precision {quality.scores.precision:.4f} recall {quality.scores.recall:.4f} "
        f"F1 {quality.scores.f1:.4f} (tp {quality.scores.tp}, fp {quality.scores.fp}, fn {quality.scores.fn})"
    )
    print(f"L2R families whose origin is their source: {quality.origins_right}/{quality.origins_total}")
    texts = {row["id"]: row["text"] for row in read_jsonl(corpus)}
    levels = [shared_text(texts[a], texts[b]) for a, b in quality.false_links]
    print("false links by the text they share:", ", ".join(f"{lv} {levels.count(lv)}" for lv in SHARED_TEXT_LEVELS))
    s = quality.scores
    for upto in (1, 2):  # the gold counts only byte-identical BBC texts as copies
        extra = sum(levels.count(lv) for lv in SHARED_TEXT_LEVELS[:upto])
        counted = " or ".join(SHARED_TEXT_LEVELS[:upto])
        print(f"precision if pairs sharing {counted} were gold: {(s.tp + extra) / max(1, s.tp + s.fp):.4f}")
    same_article = {  # pairs both readers call one article
        frozenset((r["a"], r["b"]))
        for r in read_jsonl(READINGS)
        if r["reader_1"]["label"] == r["reader_2"]["label"] == "same-article"
    }
    read = {frozenset((r["a"], r["b"])) for r in read_jsonl(READINGS)}
    agreed = sum(frozenset(p) in same_article for p in quality.false_links) + levels.count(SHARED_TEXT_LEVELS[0])
    unread = sum(frozenset(p) not in read for p, lv in zip(quality.false_links, levels) if lv != SHARED_TEXT_LEVELS[0])
    print(f"precision if pairs sharing the same words or read as one article by both readers were gold: "
          f"{(s.tp + agreed) / max(1, s.tp + s.fp):.4f} ({unread} false links not read)")  # fmt: skip
    print("false links:", json.dumps(quality.false_links[:40]))
    print("missed:", json.dumps(quality.missed[:40]))


if __name__ == "__main__":
    main()
