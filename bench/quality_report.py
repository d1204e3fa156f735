"""Quality of the derived verdict against an n-gram baseline, on the same labelled pairs.

Run: .venv/bin/python bench/quality_report.py [../shared/datasets]
The baseline is word 5-gram Jaccard with its best threshold chosen on the test pairs
themselves (an upper bound for MinHash/LSH tools, which estimate this Jaccard).
"""

from __future__ import annotations

from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace.embed import load
from wiretrace.evaluate import (
    INDEPENDENT_MAX_JACCARD,
    PASSAGE_WORDS,
    Scores,
    clough_pairs,
    ecb_independent_pairs,
    ecb_other_event_pairs,
    l2r_pairs,
    reuters_template_pairs,
    shares_passage,
)
from wiretrace.fingerprint import jaccard, shingles


def main(datasets: Path) -> None:
    embedder = load()
    labels, ours, base = [], [], []
    for pair in l2r_pairs(datasets, embedder):
        c = pair.comparison
        labels.append(pair.derived)
        ours.append(c.verdict.relation != "unrelated")
        base.append(jaccard(shingles(c.source.text), shingles(c.target.text)))
    best = max(
        (Scores.of(labels, [b >= t for b in base]) for t in [x / 200 for x in range(1, 200)]), key=lambda s: s.f1
    )
    print(f"L2R derived, {len(labels)} pairs ({sum(labels)} derived)")
    print(f"  wiretrace:                 {Scores.of(labels, ours)}")
    print(f"  5-gram Jaccard, best cut:  {best}")
    independent = list(ecb_independent_pairs(datasets, embedder))
    judged = [p.comparison for p in independent if p.comparison.verdict.relation != "unrelated"]
    strict = sum(not shares_passage(c.source.text, c.target.text) for c in judged)
    print(
        f"ECB+ same-event pairs sharing no text (5-gram Jaccard < {INDEPENDENT_MAX_JACCARD}) judged derived: "
        f"{len(judged)}/{len(independent)} ({len(judged) / len(independent):.1%}); "
        f"{strict} of them share no passage of {PASSAGE_WORDS} words either"
    )
    other = list(ecb_other_event_pairs(datasets, embedder))
    flagged = sum(p.comparison.verdict.relation != "unrelated" for p in other)
    print(f"ECB+ same-topic pairs about different events judged derived: {flagged}/{len(other)}")
    templates = list(reuters_template_pairs(datasets, embedder))
    flagged = sum(p.comparison.verdict.relation != "unrelated" for p in templates)
    print(f"Reuters wires about other companies (template notices) judged derived: {flagged}/{len(templates)}")
    lsh = Scores.of(labels, [b >= 0.5 for b in base])
    print(f"5-gram Jaccard >= 0.5 (a usual LSH threshold) finds {lsh.recall:.1%} of the L2R rewrites")
    answers = list(clough_pairs(datasets, embedder))  # held out: not used to fit or tune anything
    truth = [p.derived for p in answers]
    grams = [jaccard(shingles(p.comparison.source.text), shingles(p.comparison.target.text)) for p in answers]
    best = max(
        (Scores.of(truth, [g >= t for g in grams]) for t in [x / 200 for x in range(1, 200)]), key=lambda s: s.f1
    )
    print(f"Clough-Stevenson answers against their source ({sum(truth)} derived of {len(truth)})")
    found = [p.comparison.verdict.relation != "unrelated" for p in answers]
    print(f"  wiretrace:                 {Scores.of(truth, found)}")
    print(f"  5-gram Jaccard, best cut:  {best}")


if __name__ == "__main__":
    main(_datasets.parse(__doc__).datasets)
