"""Verification speed: the compare core on the candidate pairs of a real 2,000-article corpus.

Corpus: 1,000 BBC articles, the 200 L2R sources and their 400 AI rewrites, 400 Reuters wires.
Candidates are those of `index add` (shared LSH band keys, nearest centroids). Two ways to
verify them, timed in the same run on the same profiles:

- full: `compare_profiles` on every pair (and again reversed when the target is the original),
  the full explanation whatever the verdict;
- verify: `detect.verify`, which calls `judge`: no fact checks when even perfect facts could
  not make the pair derived.

Profiles are complete (facts read) before the clock starts: this times verification alone.

The links must be the same; the script fails otherwise.

Run: .venv/bin/python bench/verify_speed.py [../shared/datasets]
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)
import numpy as np

from wiretrace.cluster import CONTAINED_LATER, DerivedLink, Member, earlier, orient
from wiretrace.compare import Profile, compare_profiles, profile
from wiretrace.detect import CONTAINED, band_pairs, centroid, derived_link, nearest, verify
from wiretrace.embed import load
from wiretrace.evaluate import read_jsonl
from wiretrace.facts import quote_count
from wiretrace.fingerprint import LshConfig, band_keys, signatures
from wiretrace.ingest import from_record


def corpus(datasets: Path) -> list[dict]:
    return (
        list(itertools.islice(read_jsonl(datasets / "bbc" / "articles.jsonl"), 1000))
        + read_jsonl(datasets / "l2r-news" / "sources.jsonl")
        + read_jsonl(datasets / "l2r-news" / "rewrites.jsonl")
        + list(itertools.islice(read_jsonl(datasets / "reuters21578" / "articles.jsonl"), 400))
    )


def full_verify(a: Profile, b: Profile) -> DerivedLink | None:
    """Verification as it was before `judge`: the full comparison of every candidate pair."""
    forward = compare_profiles(a, b)
    if forward.verdict.relation == "unrelated":
        dates = a.article.published, b.article.published
        if not (dates[0] and dates[1]) or earlier(*dates) >= 0 or len(a.article.text) >= len(b.article.text):
            return None
        backward = compare_profiles(b, a)  # `detect.backdated`: the earlier one may be contained in the later
        if backward.verdict.relation == "unrelated" or backward.verdict.target_coverage < CONTAINED:
            return None
        v = backward.verdict  # the link keeps the dates' order, with the reason saying the content reads the other way
        return DerivedLink(a.article.id or "", b.article.id or "", v.relation, v.score, v.source_coverage,
                           v.target_coverage, CONTAINED_LATER)  # fmt: skip
    ma = Member(a.article.id or "", a.article.published, quote_count(a.article.text))
    mb = Member(b.article.id or "", b.article.published, quote_count(b.article.text))
    source, target, reason = orient(ma, mb, forward.verdict.source_coverage, forward.verdict.target_coverage)
    if source == ma.id:
        return derived_link(forward.verdict, source, target, reason)
    backward = compare_profiles(b, a)
    if backward.verdict.relation == "unrelated":
        return None
    return derived_link(backward.verdict, source, target, reason)


def main(datasets: Path) -> None:
    embedder = load("wordllama")
    articles = [from_record(r) for r in corpus(datasets)]
    profiles = [profile(a, embedder) for a in articles]
    centroids = np.stack([centroid(p) for p in profiles])
    keys = band_keys(signatures([a.text for a in articles], LshConfig()), LshConfig())
    pairs = set(band_pairs(keys))
    for i, row in enumerate(nearest(centroids, centroids, exclude=list(range(len(articles))))):
        pairs.update((min(i, j), max(i, j)) for j in row)
    ordered = sorted(pairs)
    timings = {}
    results = {}
    for p in profiles:  # read every profile's facts first: this times verification alone
        p.fact_index  # noqa: B018
    for name, fn in (("full", full_verify), ("verify", verify)):
        start = time.perf_counter()
        results[name] = [fn(profiles[i], profiles[j]) for i, j in ordered]
        timings[name] = time.perf_counter() - start
    if results["full"] != results["verify"]:
        raise SystemExit("verify and the full comparison disagree")
    links = sum(r is not None for r in results["verify"])
    print(f"{len(articles)} articles, {len(ordered)} candidate pairs, {links} links (identical both ways)")
    for name, seconds in timings.items():
        print(f"{name:>7}: {seconds:6.2f} s = {1000 * seconds / len(ordered):.2f} ms per pair")
    print(f"ratio full / verify: {timings['full'] / timings['verify']:.2f}")


if __name__ == "__main__":
    main(_datasets.parse(__doc__).datasets)
