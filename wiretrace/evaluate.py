"""Evaluation on labelled public data: the quality gates and the verdict fitting use these.

Kept in the package (not the tests) so a user can score wiretrace on the same sets with the
same code: `python -m wiretrace.evaluate DATASETS_DIR`.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wiretrace.compare import Profile, compare_profiles, profile
from wiretrace.embed import Embedder
from wiretrace.fingerprint import jaccard, shingles
from wiretrace.ingest import from_text
from wiretrace.model import Comparison


@dataclass(slots=True, frozen=True)
class Scores:
    """Precision, recall and F1 of a binary decision, with the counts behind them."""

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int
    tn: int

    @classmethod
    def of(cls, labels: list[bool], predictions: list[bool]) -> Scores:
        tp = sum(1 for y, p in zip(labels, predictions) if y and p)
        fp = sum(1 for y, p in zip(labels, predictions) if not y and p)
        fn = sum(1 for y, p in zip(labels, predictions) if y and not p)
        tn = len(labels) - tp - fp - fn
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(round(precision, 4), round(recall, 4), round(f1, 4), tp, fp, fn, tn)


def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSON-lines file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _centroid(p: Profile) -> np.ndarray:
    v = p.vectors.mean(axis=0)
    return v / max(float(np.linalg.norm(v)), 1e-9)


@dataclass(slots=True)
class LabelledPair:
    """One evaluation pair: ids, gold label and wiretrace's comparison."""

    source_id: str
    target_id: str
    derived: bool
    comparison: Comparison


def l2r_pairs(
    datasets: Path, embedder: Embedder, hard_negatives: int = 3, bbc_negatives: int = 3
) -> Iterator[LabelledPair]:
    """Each L2R rewrite against its source (derived) and against its nearest other L2R sources
    and nearest BBC articles by mean sentence embedding (not derived)."""
    sources = {
        r["id"]: profile(from_text(r["text"], r["id"], id=r["id"], title=""), embedder)
        for r in read_jsonl(datasets / "l2r-news" / "sources.jsonl")
    }
    bbc = [
        profile(from_text(r["text"], r["id"], id=r["id"], title=r.get("title") or ""), embedder)
        for r in read_jsonl(datasets / "bbc" / "articles.jsonl")
    ]
    src_ids = list(sources)
    src_mat = np.stack([_centroid(sources[i]) for i in src_ids])
    bbc_mat = np.stack([_centroid(p) for p in bbc]) if bbc else np.zeros((0, 1))
    for row in read_jsonl(datasets / "l2r-news" / "rewrites.jsonl"):
        target = profile(from_text(row["text"], row["id"], id=row["id"], title=""), embedder)
        yield LabelledPair(row["source_id"], row["id"], True, compare_profiles(sources[row["source_id"]], target))
        centre = _centroid(target)
        sims = src_mat @ centre
        sims[src_ids.index(row["source_id"])] = -2.0
        for k in np.argsort(-sims)[:hard_negatives]:
            yield LabelledPair(src_ids[k], row["id"], False, compare_profiles(sources[src_ids[k]], target))
        for k in np.argsort(-(bbc_mat @ centre))[:bbc_negatives]:
            yield LabelledPair(bbc[k].article.id or "", row["id"], False, compare_profiles(bbc[k], target))


#: Same-event pairs below this 5-gram resemblance share no text: independent reports.
INDEPENDENT_MAX_JACCARD = 0.05


def ecb_independent_pairs(datasets: Path, embedder: Embedder) -> Iterator[LabelledPair]:
    """ECB+ articles on the same real event from different outlets that share no text
    (5-gram Jaccard under `INDEPENDENT_MAX_JACCARD`): the same story, not derived."""
    by_event: dict[str, list[dict]] = {}
    for row in read_jsonl(datasets / "ecbplus" / "articles.jsonl"):
        by_event.setdefault(row["event"], []).append(row)
    for docs in by_event.values():
        for a, b in itertools.pairwise(docs):
            if jaccard(shingles(a["text"]), shingles(b["text"])) >= INDEPENDENT_MAX_JACCARD:
                continue
            pa = profile(from_text(a["text"], a["id"], id=a["id"]), embedder)
            pb = profile(from_text(b["text"], b["id"], id=b["id"]), embedder)
            yield LabelledPair(a["id"], b["id"], False, compare_profiles(pa, pb))


def ecb_other_event_pairs(datasets: Path, embedder: Embedder, per_topic: int = 20) -> Iterator[LabelledPair]:
    """ECB+ articles of one topic but different events (the same kind of event on another
    day: two celebrities entering rehab): up to `per_topic` pairs per topic, all not derived."""
    by_topic: dict[int, list[dict]] = {}
    for row in read_jsonl(datasets / "ecbplus" / "articles.jsonl"):
        by_topic.setdefault(row["topic"], []).append(row)
    cache: dict[str, Profile] = {}

    def prof(row: dict) -> Profile:
        if row["id"] not in cache:
            cache[row["id"]] = profile(from_text(row["text"], row["id"], id=row["id"]), embedder)
        return cache[row["id"]]

    for docs in by_topic.values():
        pairs = [(a, b) for a, b in itertools.combinations(docs, 2) if a["event"] != b["event"]]
        step = max(len(pairs) // per_topic, 1)
        for a, b in pairs[::step][:per_topic]:
            yield LabelledPair(a["id"], b["id"], False, compare_profiles(prof(a), prof(b)))


def msrp_rows(datasets: Path) -> list[tuple[bool, str, str]]:
    """MSRP training pairs as (is_paraphrase, sentence 1, sentence 2)."""
    with (datasets / "msrp" / "train.tsv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [(r[0] == "1", r[3], r[4]) for r in rows]
