"""Alignment kernels: score sentence pairs, link them many-to-many, name each link's kind.

A pair's score mixes meaning (cosine of sentence embeddings) with wording (Dice overlap of
stemmed content words): embeddings alone confuse same-topic sentences, words alone miss
paraphrase. The mix was chosen on MSRP (see BENCHMARKS.md) and is a plain average.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from wiretrace.model import LinkKind
from wiretrace.text import normalize

#: A pair scoring at least this is a paraphrase (MSRP-tuned decision threshold).
PARAPHRASE_THRESHOLD = 0.62
#: A looser bar for linking inside an alignment, where order and facts back the decision.
LINK_THRESHOLD = 0.5
#: Normalised character similarity (0-100) above which two sentences are the same words.
VERBATIM_RATIO = 97.0
#: Content-word overlap above which a linked pair is an edit rather than a paraphrase.
EDITED_DICE = 0.6


def dice_matrix(source_words: Sequence[frozenset[str]], target_words: Sequence[frozenset[str]]) -> np.ndarray:
    """Dice overlap of content-word sets for every (source, target) sentence pair."""
    out = np.zeros((len(source_words), len(target_words)), dtype=np.float32)
    for j, tw in enumerate(target_words):
        if not tw:
            continue
        for i, sw in enumerate(source_words):
            if sw:
                common = len(sw & tw)
                if common:
                    out[i, j] = 2.0 * common / (len(sw) + len(tw))
    return out


def score_matrix(
    source_vecs: np.ndarray,
    target_vecs: np.ndarray,
    source_words: Sequence[frozenset[str]],
    target_words: Sequence[frozenset[str]],
) -> np.ndarray:
    """Pair scores in [0, 1] (rows: source sentences, columns: target sentences)."""
    semantic = np.clip(source_vecs @ target_vecs.T, 0.0, 1.0)
    return 0.5 * semantic + 0.5 * dice_matrix(source_words, target_words)


def pair_score(
    source_vec: np.ndarray, target_vec: np.ndarray, source_words: frozenset[str], target_words: frozenset[str]
) -> float:
    """The score of a single sentence pair (the same formula as `score_matrix`)."""
    return float(score_matrix(source_vec[None, :], target_vec[None, :], [source_words], [target_words])[0, 0])


def link_pairs(scores: np.ndarray, threshold: float = LINK_THRESHOLD) -> list[tuple[list[int], list[int], float]]:
    """Group sentence pairs into many-to-many links.

    Each target sentence proposes its best source sentence and each source sentence its best
    target; proposals at or above `threshold` are edges, and connected edges form one link
    (a merge when several sources meet one target, a split the other way round).

    Returns:
        (source indexes, target indexes, mean edge score) per link, ordered by target.
    """
    m, n = scores.shape
    if m == 0 or n == 0:
        return []
    edges: set[tuple[int, int]] = set()
    best_source = scores.argmax(axis=0)
    for j in range(n):
        i = int(best_source[j])
        if scores[i, j] >= threshold:
            edges.add((i, j))
    best_target = scores.argmax(axis=1)
    for i in range(m):
        j = int(best_target[i])
        if scores[i, j] >= threshold:
            edges.add((i, j))
    parent = list(range(m + n))  # union-find over source ids 0..m-1 and target ids m..m+n-1

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(i)] = find(m + j)
    groups: dict[int, tuple[set[int], set[int], list[float]]] = {}
    for i, j in edges:
        src, tgt, vals = groups.setdefault(find(i), (set(), set(), []))
        src.add(i)
        tgt.add(j)
        vals.append(float(scores[i, j]))
    links = [(sorted(s), sorted(t), float(np.mean(v))) for s, t, v in groups.values()]
    return sorted(links, key=lambda link: (link[1][0], link[0][0]))


def link_kind(source_text: str, target_text: str, content_dice: float) -> LinkKind:
    """Name how a target passage carries its source passage: same words, edited, or paraphrased."""
    a, b = normalize(source_text).lower(), normalize(target_text).lower()
    if a == b or fuzz.ratio(a, b) >= VERBATIM_RATIO:
        return "verbatim"
    if content_dice >= EDITED_DICE:
        return "edited"
    return "paraphrase"


def ordered_share(pairs: Sequence[tuple[int, int]]) -> float:
    """Share of links that keep the source's order (longest increasing run / all links).

    Derived articles keep most of their source's sequence; independent reports of one
    event tell it in their own order.
    """
    if not pairs:
        return 0.0
    sequence = [i for _, i in sorted((j, i) for i, j in pairs)]
    tails: list[int] = []
    for value in sequence:
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] <= value:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(value)
        else:
            tails[lo] = value
    return len(tails) / len(sequence)
