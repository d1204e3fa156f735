"""Alignment kernels: score sentence pairs, link them many-to-many, name each link's kind.

A pair's score mixes meaning (cosine of sentence embeddings) with wording (Dice overlap of
stemmed content words): embeddings alone confuse same-topic sentences, words alone miss
paraphrase. The mix was chosen on MSRP (see BENCHMARKS.md) and is a plain average.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from wiretrace.model import LinkKind
from wiretrace.text import content_of, fold, normalize, words

#: A pair scoring at least this is a paraphrase (MSRP-tuned decision threshold).
PARAPHRASE_THRESHOLD = 0.62
#: A looser bar for linking inside an alignment, where order and facts back the decision.
LINK_THRESHOLD = 0.5
#: A sentence mostly contained in a linked one (the other half of a merge or split) joins it.
PART_THRESHOLD = 0.4
#: Between order-preserving links, a looser pair is accepted (see `_fill_gaps`).
GAP_THRESHOLD = 0.42
#: A gap between anchors wider than this is filled only along its diagonal, and only when the
#: two sides' gaps differ in length by at most `GAP_SKEW` (a rewrite that follows its source
#: sentence by sentence; BENCHMARKS.md).
GAP_WIDTH = 8
GAP_SKEW = 2
#: Runs of source sentences a summary sentence may condense, and the bar for linking to one.
WINDOW_SIZES = (2, 3)
WINDOW_THRESHOLD = 0.62
#: Share of a target sentence's words one source sentence holds from which it is a part of that
#: sentence split in two, not a merge of the run of sentences around it (`link_pairs`).
SPLIT_CONTAINED = 0.8
#: Content words a target sentence is counted as having at the least when a run of source
#: sentences is scored against it: a short question or label is not a summary of the run.
WINDOW_MIN_WORDS = 4
#: A run of which only one sentence shares words with the target sentence is condensed into it
#: only when that sentence holds this share of the target sentence's words (`_condensed`).
WINDOW_PART_SHARE = 0.5
#: Content-word overlap above which a linked pair is an edit rather than a paraphrase.
EDITED_DICE = 0.6


@dataclass(slots=True, frozen=True)
class PairScores:
    """Every sentence-pair measure an alignment needs (rows: source, columns: target)."""

    semantic: np.ndarray  # cosine of sentence embeddings, clipped to [0, 1]
    dice: np.ndarray  # Dice overlap of content words
    source_in_target: np.ndarray  # share of the source sentence's content words in the target's
    target_in_source: np.ndarray  # share of the target sentence's content words in the source's
    windows: tuple[tuple[int, np.ndarray], ...] = ()  # (size, score of source run i..i+size-1 vs target)

    @property
    def combined(self) -> np.ndarray:
        """The pair score: half meaning, half wording."""
        return 0.5 * self.semantic + 0.5 * self.dice


@dataclass(slots=True, frozen=True)
class SentenceWords:
    """The content words of each sentence as flat arrays, prepared once per article.

    `keys` holds one stable 64-bit hash per (sentence, distinct word), `rows` its sentence;
    two articles share a word when they share its key (a collision inside one pair of
    articles, 1 in ~10^14, is the only way this differs from comparing the strings).
    """

    rows: np.ndarray  # int64 sentence index of each entry
    keys: np.ndarray  # int64 hash of each entry's word
    lengths: np.ndarray  # float32 distinct words per sentence, at least 1
    vocab: np.ndarray  # the article's distinct keys, sorted
    columns: np.ndarray  # each entry's position in `vocab`

    @classmethod
    def of(cls, words: Sequence[frozenset[str]]) -> SentenceWords:
        rows = np.fromiter((i for i, ws in enumerate(words) for _ in ws), dtype=np.int64)
        keys = np.fromiter((_word_key(w) for ws in words for w in ws), dtype=np.int64)
        lengths = np.array([max(len(ws), 1) for ws in words], dtype=np.float32)
        vocab, columns = np.unique(keys, return_inverse=True)
        return cls(rows, keys, lengths, vocab, columns)


@functools.lru_cache(maxsize=1 << 17)  # a news vocabulary's stems: hashing each again was most of `SentenceWords.of`
def _word_key(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little", signed=True)


def incidence(source: SentenceWords, target: SentenceWords) -> tuple[np.ndarray, np.ndarray]:
    """0/1 word-incidence matrices of both articles over the content words they share.

    Rows are sentences, columns the words both articles use; a word only one of them uses cannot
    be shared, so it gets no column. Shared-word counts are then one matrix product. (Columns over
    all the source's words made a 9.5 MB page, 80,000 sentences by 50,000 words, take 4 GB.)
    """
    vocab = np.intersect1d(source.vocab, target.vocab, assume_unique=True)
    src = np.zeros((len(source.lengths), len(vocab)), dtype=np.float32)
    tgt = np.zeros((len(target.lengths), len(vocab)), dtype=np.float32)
    for side, out in ((source, src), (target, tgt)):
        if len(vocab):
            cols = np.minimum(np.searchsorted(vocab, side.keys), len(vocab) - 1)
            shared = vocab[cols] == side.keys
            out[side.rows[shared], cols[shared]] = 1.0
    return src, tgt


def shared_counts(source_incidence: np.ndarray, target_incidence: np.ndarray) -> np.ndarray:
    """Words shared by each (source row, target row) pair of 0/1 incidence matrices: one product.
    OpenBLAS now and then raises the invalid-value flag on such a product with no NaN in it or its
    operands (one warning in one of two runs over 19,479 Reuters pairs, the figures identical, not
    reproduced: numpy issues 13173 and 24067 tell of the same); it is ignored, and a result that is
    not finite, never seen, is counted again in integers."""
    with np.errstate(invalid="ignore"):
        common = source_incidence @ target_incidence.T
    if not np.isfinite(common).all():
        exact = source_incidence.astype(np.int32) @ target_incidence.T.astype(np.int32)
        common = exact.astype(source_incidence.dtype)
    return common


def overlap_counts(source_words: Sequence[frozenset[str]], target_words: Sequence[frozenset[str]]) -> np.ndarray:
    """Number of shared content words for every (source, target) sentence pair."""
    return shared_counts(*incidence(SentenceWords.of(source_words), SentenceWords.of(target_words)))


def pair_scores(
    source_vecs: np.ndarray, target_vecs: np.ndarray, source_words: SentenceWords, target_words: SentenceWords
) -> PairScores:
    """Measure every sentence pair of two articles."""
    src, tgt = incidence(source_words, target_words)
    common = shared_counts(src, tgt)
    s_len = source_words.lengths[:, None]
    t_len = target_words.lengths[None, :]
    return PairScores(
        semantic=np.clip(source_vecs @ target_vecs.T, 0.0, 1.0),
        dice=2.0 * common / (s_len + t_len),
        source_in_target=common / s_len,
        target_in_source=common / t_len,
        windows=tuple(
            (size, _window_scores(source_vecs, target_vecs, src, tgt, t_len, size))
            for size in WINDOW_SIZES
            if len(source_vecs) >= size
        ),
    )


def _window_scores(
    source_vecs: np.ndarray,
    target_vecs: np.ndarray,
    source_incidence: np.ndarray,
    target_incidence: np.ndarray,
    target_lengths: np.ndarray,
    size: int,
) -> np.ndarray:
    """Score each run of `size` consecutive source sentences against each target sentence.

    A summary sentence condenses several source sentences: against the run it is both
    close in meaning and made of its words, though against any one of them it is neither.
    """
    runs = len(source_vecs) - size + 1
    vecs = source_vecs[:runs].copy()
    run_words = source_incidence[:runs].copy()
    for k in range(1, size):
        vecs += source_vecs[k : k + runs]
        np.maximum(run_words, source_incidence[k : k + runs], out=run_words)  # union of the run's words
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    common = shared_counts(run_words, target_incidence)
    # a sentence of one or two content words ('What is the IPC?') is contained in any run naming them
    contained = common / np.maximum(target_lengths, WINDOW_MIN_WORDS)
    return 0.5 * np.clip(vecs @ target_vecs.T, 0.0, 1.0) + 0.5 * contained


def score_matrix(
    source_vecs: np.ndarray,
    target_vecs: np.ndarray,
    source_words: Sequence[frozenset[str]],
    target_words: Sequence[frozenset[str]],
) -> np.ndarray:
    """Pair scores in [0, 1] (rows: source sentences, columns: target sentences)."""
    return pair_scores(
        source_vecs, target_vecs, SentenceWords.of(source_words), SentenceWords.of(target_words)
    ).combined


def _fill_gaps(scores: np.ndarray, anchors: list[tuple[int, int]], threshold: float) -> set[tuple[int, int]]:
    """Link unlinked sentences that sit in the same gap between order-preserving anchors.

    Between two anchored pairs, a rewrite's remaining sentences usually correspond too,
    only more loosely worded; a lower bar is safe there because the position agrees.
    """
    linked_s = {i for i, _ in anchors}
    linked_t = {j for _, j in anchors}
    found: set[tuple[int, int]] = set()
    m, n = scores.shape
    for j in range(n):
        if j in linked_t:
            continue
        lo = max((i for i, b in anchors if b < j), default=-1)  # last source anchored before j
        hi = min((i for i, b in anchors if b > j), default=m)  # first source anchored after j
        candidates = [i for i in range(lo + 1, hi) if i not in linked_s]
        if hi - lo > GAP_WIDTH:  # a wide gap: position means something only along its diagonal
            before = max((b for b in linked_t if b < j), default=-1)
            after = min((b for b in linked_t if b > j), default=n)
            if abs((hi - lo) - (after - before)) > GAP_SKEW:
                continue  # the two sides' gaps differ in length: the texts part ways here
            expected = lo + (j - before)
            candidates = [i for i in candidates if abs(i - expected) <= GAP_SKEW]
        if not candidates:
            continue
        i = max(candidates, key=lambda k: scores[k, j])
        if scores[i, j] >= threshold:
            found.add((i, j))
            linked_s.add(i)
    return found


#: Content-word Dice at which two sentences carry the same words (float rounding aside).
_WHOLE = 1.0 - 1e-9


def _without_strays_of_copies(
    edges: set[tuple[int, int]], dice: np.ndarray, target_in_source: np.ndarray
) -> set[tuple[int, int]]:
    """`edges` without those a sentence copied whole (all its words in its own counterpart and that
    one's in it) makes to another sentence that has a link of its own: a quote given to a speaker the
    story names again below ('... the agency quoted Anil Aggarwal, Peoplesoft's director') proposed
    that later sentence, copied whole, as its source, and the two links became one of non-adjacent
    sentences. Nor into a target sentence another source sentence holds (`SPLIT_CONTAINED` of its
    words): the part of that one split in two ('Users will need a Skype account - downloadable for
    free - and they will ...' into two sentences, the first proposing the next, copied whole, for
    its 'Skype', 'free' and 'users'), which `link_pairs` joins to it."""
    copied = {(i, j) for i, j in edges if dice[i, j] >= _WHOLE}
    if not copied:
        return edges
    whole_s, whole_t = {i: j for i, j in copied}, {j: i for i, j in copied}
    sources_of: dict[int, set[int]] = {}
    targets_of: dict[int, set[int]] = {}
    for i, j in edges:
        sources_of.setdefault(j, set()).add(i)
        targets_of.setdefault(i, set()).add(j)
    return {
        (i, j) for i, j in edges
        if not (i in whole_s and whole_s[i] != j and (sources_of[j] - {i} or _held_elsewhere(target_in_source, i, j)))
        and not (j in whole_t and whole_t[j] != i and targets_of[i] - {j})
    }  # fmt: skip


def _held_elsewhere(target_in_source: np.ndarray, i: int, j: int) -> bool:
    """Whether a source sentence other than `i` holds `SPLIT_CONTAINED` of target sentence `j`'s words."""
    held = target_in_source[:, j] >= SPLIT_CONTAINED
    return bool(held.sum() - held[i])


def _only_what_copies_hold(edges: set[tuple[int, int]], target_in_source: np.ndarray) -> set[tuple[int, int]]:
    """`edges` without those into a target sentence every content word of which one of its other
    sources states: that sentence copies that one, or part of it, and carries nothing another can
    add. A desk's copy that deleted a sentence had it merged into its neighbour's copy, so the cut
    read as carried ('... paying the price of bureaucratic Britain' into the verbatim quote before
    it that names 'bureaucratic Britain' too), and a quote cut read as a quote changed."""
    holders: dict[int, set[int]] = {}
    for i, j in edges:
        if target_in_source[i, j] >= _WHOLE:
            holders.setdefault(j, set()).add(i)
    return {(i, j) for i, j in edges if j not in holders or i in holders[j]}


def link_pairs(
    pairs: PairScores,
    threshold: float = LINK_THRESHOLD,
    part_threshold: float = PART_THRESHOLD,
    gap_threshold: float = GAP_THRESHOLD,
    copies_alone: bool = False,
) -> list[tuple[list[int], list[int], float]]:
    """Group sentence pairs into many-to-many links.

    Each target sentence proposes its best source sentence and each source sentence its best
    target; proposals at or above `threshold` are edges. Unlinked sentences lying between two
    edges in both articles are paired at `gap_threshold`. Then a still-unlinked sentence joins
    a nearby linked one when it is largely *contained* in it (meaning and words, at
    `part_threshold`): the second half of a merge or a split, which a whole-sentence score
    under-rates. Connected edges form one link. `copies_alone` (for texts not in English, where
    the model finds most sentences close): a sentence copied whole is linked to its own alone.

    Returns:
        (source indexes, target indexes, mean edge score) per link, ordered by target.
    """
    scores = pairs.combined
    m, n = scores.shape
    if m == 0 or n == 0:
        return []
    columns, rows = np.arange(n), np.arange(m)
    best_source, best_target = scores.argmax(axis=0), scores.argmax(axis=1)
    by_target = scores[best_source, columns] >= threshold
    by_source = scores[rows, best_target] >= threshold
    edges: set[tuple[int, int]] = set(zip(best_source[by_target].tolist(), columns[by_target].tolist()))
    edges.update(zip(rows[by_source].tolist(), best_target[by_source].tolist()))
    edges = _without_strays_of_copies(edges, pairs.dice, pairs.target_in_source)
    anchors = sorted(edges)
    # `copies_alone`: a sentence that carries all the words of one sentence of the other text and
    # no others (a copy's) is that sentence's alone: a sentence the copy deleted is dropped, not
    # linked to the copy of its neighbour however close their vectors (in a language the model does
    # not know, most sentences are close). Its proposal still marks where the texts stand for the gaps.
    whole = np.greater_equal(pairs.dice, _WHOLE) if copies_alone else np.zeros(pairs.dice.shape, dtype=bool)
    if whole.any():
        source_whole = [bool(x) for x in np.any(whole, axis=1)]
        target_whole = [bool(x) for x in np.any(whole, axis=0)]
        edges = {(i, j) for i, j in edges if whole[i, j] or not (source_whole[i] or target_whole[j])}
    edges |= _fill_gaps(scores, anchors, gap_threshold)
    linked_t = {j for _, j in edges}
    linked_s = {i for i, _ in edges}
    # per target sentence, each window size's best run score and start
    window_best = [(w.max(axis=0).tolist(), w.argmax(axis=0).tolist(), size) for size, w in pairs.windows]
    within = pairs.target_in_source
    for j in set(range(n)) - linked_t:
        if within[:, j].max() >= SPLIT_CONTAINED and int(within[:, j].argmax()) in linked_s:
            continue  # a split's part, wholly in one linked sentence: joined to it below, not to its neighbours
        best = max(((top[j], arg[j], size) for top, arg, size in window_best), default=None)
        if best is not None and best[0] >= WINDOW_THRESHOLD:
            edges.update((i, j) for i in _condensed(pairs, range(best[1], best[1] + best[2]), j))
    linked_s = {i for i, _ in edges}
    linked_t = {j for _, j in edges}
    anchored: dict[int, list[int]] = {}  # the edges so far by target: a merge's second half must sit near one
    for a, b in edges:
        anchored.setdefault(b, []).append(a)
    merge = 0.5 * pairs.semantic + 0.5 * pairs.source_in_target
    # nor is a deleted sentence merged into its neighbour's copy, however much of its vocabulary
    # the two share (in a language whose function words the stop list lacks, most of it)
    for i in set(range(m)) - linked_s:
        j = int(merge[i].argmax())
        if (
            merge[i, j] >= part_threshold
            and any(abs(a - i) <= 2 for a in anchored.get(j, ()))
            and not any(whole[a, j] for a in anchored.get(j, ()))
        ):
            edges.add((i, j))
    split = 0.5 * pairs.semantic + 0.5 * pairs.target_in_source
    # a split's part sits within two sentences of the others, never across a sentence linked to
    # another source sentence (an invented claim naming the person of the source sentence two
    # lines below is no part of it)
    elsewhere: dict[int, set[int]] = {}
    targets_of: dict[int, list[int]] = {}
    for a, b in edges:
        elsewhere.setdefault(b, set()).add(a)
        targets_of.setdefault(a, []).append(b)
    for j in sorted(set(range(n)) - linked_t):
        i = int(split[:, j].argmax())
        if (
            split[i, j] >= part_threshold
            and i in linked_s
            and not any(whole[i, b] for b in targets_of.get(i, ()))
            and any(
                abs(b - j) <= 2 and all(elsewhere.get(k, {i}) <= {i} for k in range(min(b, j) + 1, max(b, j)))
                for b in targets_of.get(i, ())
            )
        ):
            edges.add((i, j))
            targets_of[i].append(j)
    edges = _only_what_copies_hold(edges, pairs.target_in_source)
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
    links = [(sorted(s), sorted(t), sum(v) / len(v)) for s, t, v in groups.values()]
    return sorted(links, key=lambda link: (link[1][0], link[0][0]))


def _condensed(pairs: PairScores, run: range, j: int) -> list[int]:
    """The sentences of a source `run` that target sentence `j` condenses: those sharing a content
    word with it, when at least two do, or when the one that does holds half of `j`'s words or more
    (then `j` rewords that sentence). A run whose other sentences share nothing with `j` was close
    only in meaning: a markdown heading ('**Quote from Transgender Rights Lawyer**') scored 0.62
    against the quote and the next paragraph, which then read as one link with both their targets."""
    sharing = [i for i in run if pairs.source_in_target[i, j] > 0]
    if len(sharing) >= 2 or (sharing and pairs.target_in_source[sharing[0], j] >= WINDOW_PART_SHARE):
        return sharing
    return []


#: In a derived pair, a sentence left between two kept ones faces its counterpart at this pair
#: score or more (`placed_pairs`): read beside its neighbours, a loose paraphrase is one;
PLACED_THRESHOLD = 0.3
#: ... and at this score when the gap holds as many sentences on each side, at most `PLACED_SQUARE`:
#: then each sentence of one side faces the one in its place on the other (BENCHMARKS.md).
PLACED_SQUARE_THRESHOLD = 0.25
PLACED_SQUARE = 3


def kept_order(links: Sequence[tuple[Sequence[int], Sequence[int]]]) -> list[tuple[int, int, int, int]]:
    """The longest chain of `links` (source ids, target ids) that keeps the source's order on both
    sides, as (first source, last source, first target, last target) per link.

    A sweep in source order with a Fenwick tree of the best chain ending at each target position,
    O(n log n): a copy of a long page has as many links as sentences."""
    spans = sorted((min(s), max(s), min(t), max(t)) for s, t in links if s and t)
    if not spans:
        return []
    ends = sorted({span[3] for span in spans})  # target positions a chain can end at
    tree: list[tuple[int, int]] = [(0, -1)] * (len(ends) + 1)  # (chain length, last link) maxima

    def best_before(limit: int) -> tuple[int, int]:  # the best chain ending at a target position < limit
        found, k = (0, -1), bisect.bisect_left(ends, limit)
        while k > 0:
            found, k = max(found, tree[k]), k - (k & -k)
        return found

    def put(position: int, value: tuple[int, int]) -> None:
        k = bisect.bisect_left(ends, position) + 1
        while k <= len(ends):
            tree[k], k = max(tree[k], value), k + (k & -k)

    by_last = sorted(range(len(spans)), key=lambda e: spans[e][1])
    length, previous = [0] * len(spans), [-1] * len(spans)
    ready = 0
    for k, (first_s, _, first_t, _) in enumerate(spans):
        while ready < len(by_last) and spans[by_last[ready]][1] < first_s:  # links wholly before this one
            e = by_last[ready]
            put(spans[e][3], (length[e], e))
            ready += 1
        chain, before = best_before(first_t)
        length[k], previous[k] = chain + 1, before
    k, chain_spans = max(range(len(spans)), key=length.__getitem__), []
    while k >= 0:
        chain_spans.append(spans[k])
        k = previous[k]
    return chain_spans[::-1]


def placed_pairs(
    scores: np.ndarray,
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
    threshold: float = PLACED_THRESHOLD,
    width: int = GAP_WIDTH,
) -> list[tuple[int, int, float]]:
    """Pairs of unlinked sentences that face each other between two kept links of a derived pair.

    A rewrite that follows its source keeps most sentences in place and words some of them too
    freely for the pair score ('The nerves get more difficult, but I'm more relaxed this year' /
    'The nerves are mounting, but I feel more at ease this time around': 0.32). Between two
    consecutive links of the order-keeping chain (`kept_order`; the articles' ends count as
    links), each gap of at most `width` sentences a side is matched in order, the matching with
    the highest total score over pairs of at least `threshold`; a gap of as many sentences a
    side (at most `PLACED_SQUARE`) pairs them in place, each pair that scores at least
    `PLACED_SQUARE_THRESHOLD` (a falsified sentence beside a reworded quote leaves the quote
    linked). For the explanation of a pair already judged derived, not for the
    judgement: the position is the evidence.

    Pairs placed become links the next gaps are read between (a link placed in a gap of four
    source and three target sentences leaves a gap of two and two, paired in place), until no
    gap gives more.

    Returns:
        (source id, target id, pair score) per pair, in order.
    """
    found: list[tuple[int, int, float]] = []
    while more := _placed_once(scores, [*links, *(([i], [j]) for i, j, _ in found)], threshold, width):
        found += more
    return sorted(found)


def _placed_once(
    scores: np.ndarray, links: Sequence[tuple[Sequence[int], Sequence[int]]], threshold: float, width: int
) -> list[tuple[int, int, float]]:
    m, n = scores.shape
    linked_s = {i for s, _ in links for i in s}
    linked_t = {j for _, t in links for j in t}
    chain = [(-1, -1, -1, -1), *kept_order(links), (m, m, n, n)]
    found: list[tuple[int, int, float]] = []
    for before, after in itertools.pairwise(chain):
        rows = [i for i in range(before[1] + 1, after[0]) if i not in linked_s]
        cols = [j for j in range(before[3] + 1, after[2]) if j not in linked_t]
        if not rows or not cols or len(rows) > width or len(cols) > width:
            continue
        in_place = [float(scores[i, j]) for i, j in zip(rows, cols)]
        if len(rows) == len(cols) <= PLACED_SQUARE and max(in_place) >= PLACED_SQUARE_THRESHOLD:
            found.extend((i, j, round(v, 4)) for i, j, v in zip(rows, cols, in_place) if v >= PLACED_SQUARE_THRESHOLD)
        else:
            found.extend(_best_in_order(scores[np.ix_(rows, cols)], rows, cols, threshold))
    return found


#: A dropped source sentence merged into its neighbour's link (`merged_into_neighbours`): at
#: least this many of its content words that the neighbour does not state are in the link's
#: target sentences, at least this share of them, and more than any other target sentence holds.
MERGED_MIN_WORDS = 3
MERGED_MIN_SHARE = 1 / 3


def merged_into_neighbours(
    source_words: Sequence[frozenset[str]],
    target_words: Sequence[frozenset[str]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
    speakers: Sequence[frozenset[str]] = (),
) -> list[tuple[int, int]]:
    """Unlinked source sentences a rewrite merged into the target sentences of a neighbouring
    source sentence's link: (source sentence, link index). 'Mr McIlwaine is 5'8" in height and of
    medium build' taken into the sentence that rewrites the one before it ('Dean is described as
    5'8" with a medium build, dark hair, ...'). Read from the content words the sentence adds to
    its neighbour's: on 394 L2R rewrites, 30 such sentences were found, and the 16 read were all
    carried. `speakers` holds each source sentence's attribution words (`text.attribution`): who
    said a thing is not counted among what the sentence adds ('She was born in Ecuador and had
    lived in London for 13 years, BBC London reporter Gareth Furby said' into 'a 13-year resident
    of London, originally from Ecuador'); the target's compounds also count by their parts."""
    linked = {i: k for k, (sources, _) in enumerate(links) for i in sources}
    found: list[tuple[int, int]] = []
    split_target = [_with_parts(w) for w in target_words]
    for i, own in enumerate(source_words):
        if i in linked:
            continue
        own = own - (speakers[i] if i < len(speakers) else frozenset())
        best: tuple[float, int] | None = None
        for k in {linked[n] for n in (i - 1, i + 1) if n in linked}:
            sources, targets = links[k]
            new = own - frozenset().union(*(source_words[n] for n in sources))
            carried = new & frozenset().union(*(split_target[j] for j in targets))
            elsewhere = max((len(new & w) for j, w in enumerate(split_target) if j not in targets), default=0)
            share = len(carried) / len(new) if new else 0.0
            if len(carried) >= MERGED_MIN_WORDS and share >= MERGED_MIN_SHARE and len(carried) > elsewhere:
                best = max(best or (share, k), (share, k))
        if best is not None:
            found.append((i, best[1]))
    return found


#: Pair scores from which two sentences that alone in their articles state one figure or date are
#: linked (`fact_anchored_pairs`): on a specific one (`claims.anchor_keys`), and on any.
ANCHORED_THRESHOLD = 0.35
ANCHORED_ANY_THRESHOLD = 0.45
#: Content words the two sentences share besides the fact's own: a speaker or a place named in two
#: sentences that say different things ('Police spokesman Dave Gaskin said ...') ties nothing.
ANCHORED_MIN_WORDS = 2


def fact_anchored_pairs(
    scores: np.ndarray,
    source_keys: Sequence[frozenset[str]],
    target_keys: Sequence[frozenset[str]],
    specific: frozenset[str],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
    source_words: Sequence[frozenset[str]],
    target_words: Sequence[frozenset[str]],
    written: Mapping[str, frozenset[str]] | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs of sentences, one of them unlinked or both, that alone in their articles state a fact
    ('interviews with 84 refugees and asylum seekers' / 'based on interviews with 84 refugees ...'),
    share `ANCHORED_MIN_WORDS` content words besides the words it is `written` with (by key), and
    score at least `ANCHORED_THRESHOLD` on a specific fact or `ANCHORED_ANY_THRESHOLD` on any: the
    second source of a merged sentence, the part of a split one and a freely reworded one, which a
    static sentence model scores too low to link (0.35-0.5). For the explanation of a pair already
    judged derived; the words besides the fact keep a sentence the copy invented beside one it cut,
    stating its figure, apart.

    Returns:
        (source id, target id, pair score), the highest scores first.
    """
    linked_source = {i for sources, _ in links for i in sources}
    linked_target = {j for _, targets in links for j in targets}
    in_source, in_target = _stated_once(source_keys), _stated_once(target_keys)
    shared: dict[tuple[int, int], set[str]] = {}  # each fact stated once on each side names one pair
    for key in in_source.keys() & in_target.keys():
        shared.setdefault((in_source[key], in_target[key]), set()).add(key)
    found: list[tuple[int, int, float]] = []
    for (i, j), facts in shared.items():
        if i in linked_source and j in linked_target:
            continue
        score = float(scores[i, j])
        if score < (ANCHORED_THRESHOLD if facts & specific else ANCHORED_ANY_THRESHOLD):
            continue
        own = frozenset().union(*((written or {}).get(key, frozenset()) | content_of(words(key)) for key in facts))
        if len((source_words[i] & target_words[j]) - own) >= ANCHORED_MIN_WORDS:
            found.append((i, j, score))
    return sorted(found, key=lambda pair: (-pair[2], pair[0], pair[1]))


def _stated_once(keys: Sequence[frozenset[str]]) -> dict[str, int]:
    """Each key stated by one sentence alone, with that sentence."""
    where: dict[str, int] = {}
    twice: set[str] = set()
    for n, sentence in enumerate(keys):
        for key in sentence:
            if key in where:
                twice.add(key)
            where[key] = n
    return {k: n for k, n in where.items() if k not in twice}


def _with_parts(words: frozenset[str]) -> frozenset[str]:
    """`words` and the parts of its hyphenated compounds ('13-year' also as '13' and 'year')."""
    if not any("-" in w for w in words):
        return words
    return words | content_of([part for w in words if "-" in w for part in w.split("-")])


def _best_in_order(
    block: np.ndarray, rows: Sequence[int], cols: Sequence[int], threshold: float
) -> list[tuple[int, int, float]]:
    """The order-keeping matching of `block`'s rows to its columns with the highest total score,
    over pairs scoring at least `threshold` (a small dynamic programme: gaps hold a few sentences)."""
    a, b = block.shape
    total = np.zeros((a + 1, b + 1))
    for x in range(1, a + 1):
        for y in range(1, b + 1):
            pair = block[x - 1, y - 1]
            best = max(total[x - 1, y], total[x, y - 1])
            total[x, y] = max(best, total[x - 1, y - 1] + pair) if pair >= threshold else best
    found: list[tuple[int, int, float]] = []
    x, y = a, b
    while x > 0 and y > 0:
        pair = block[x - 1, y - 1]
        if pair >= threshold and total[x, y] == total[x - 1, y - 1] + pair:
            found.append((rows[x - 1], cols[y - 1], round(float(pair), 4)))
            x, y = x - 1, y - 1
        elif total[x, y] == total[x - 1, y]:
            x -= 1
        else:
            y -= 1
    return found[::-1]


#: ASCII's characters other than letters and digits, deleted (`str.translate` of ASCII text runs in C).
_NOT_ALNUM_ASCII = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()))


def _letters(text: str) -> str:
    """The letters and digits of `text`, lower-case and without accents: what two passages must
    share to be the same words however they are spaced, punctuated or quoted ('U.S.' / 'US')."""
    plain = fold(normalize(text)).lower()
    if plain.isascii():
        return plain.translate(_NOT_ALNUM_ASCII)
    return "".join(ch for ch in plain if ch.isalnum())


def same_letters(source_text: str, target_text: str) -> bool:
    """Whether two passages are the same words, spacing, punctuation, case and accents aside."""
    return _letters(source_text) == _letters(target_text)


def link_kind(source_text: str, target_text: str, content_dice: float) -> LinkKind:
    """Name how a target passage carries its source passage: the same words (one changed word,
    'cracking down' / 'clamping down', is an edit), edited, or paraphrased."""
    if same_letters(source_text, target_text):
        return "verbatim"
    if content_dice >= EDITED_DICE:
        return "edited"
    return "paraphrase"


#: Share of two sentences' words that one keeps of the other, in order, above which the second is
#: the first edited in place (a figure or a surname swapped), not written again in other words.
IN_PLACE_WORDS = 0.8


#: Share of two passages' words kept in order (as `IN_PLACE_WORDS`) from which an edited link is
#: a light edit of its source, the text of an edited copy; below it the sentence is the source's
#: words written again in an order of its own, as AI rewrites and heavy revisions write them.
LIGHT_EDIT = 0.6


def edited_in_place(source_text: str, target_text: str) -> bool:
    """True when `target_text` is `source_text` with a few words changed: their word sequences
    match in order for at least `IN_PLACE_WORDS` of their length (`difflib` ratio)."""
    return words_in_order(source_text, target_text, IN_PLACE_WORDS) >= IN_PLACE_WORDS


def words_in_order(source_text: str, target_text: str, floor: float = 0.0) -> float:
    """The share of two passages' words that match in order (`difflib` ratio over words); 0.0
    when a cheap bound already puts it under `floor`."""
    matcher = difflib.SequenceMatcher(None, words(source_text), words(target_text), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= floor else 0.0


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


#: Fewer shared words than this say nothing about order.
WORD_ORDER_MIN_SHARED = 4


def order_basis(
    source: Mapping[str, int], target: Mapping[str, int], target_words: Sequence[frozenset[str]]
) -> tuple[int, int]:
    """What `word_order` rests on: the number of base-form words both articles use, and the
    number of target sentences holding one of them (`target_words`: each sentence's content words)."""
    shared = source.keys() & target.keys()
    return len(shared), sum(1 for words in target_words if not shared.isdisjoint(words))


def word_order(source: Mapping[str, int], target: Mapping[str, int]) -> float:
    """How far the words both articles use are introduced in the same order: Kendall's tau of
    the places where each shared word first appears on each side, clipped at 0.

    `source` and `target` map words to their first token position (`text.base_form_places`).
    A rewrite, even a summary, brings in the source's people, places and details in the source's
    sequence; an independent report of the same event uses the same words in its own order. This
    reads every shared word, not only the linked sentences, so it holds when few sentences link,
    and word places order the words inside a sentence too (a one-sentence summary has an order).
    """
    shared = source.keys() & target.keys()
    n = len(shared)
    if n < WORD_ORDER_MIN_SHARED:
        return 0.0
    x = np.fromiter((source[w] for w in shared), dtype=np.int64, count=n)
    y = np.fromiter((target[w] for w in shared), dtype=np.int64, count=n)
    pairs = n * (n - 1) / 2  # places are distinct on each side: no ties, so tau-a is tau-b
    return max(1.0 - 2.0 * inversions(y[np.argsort(x)]) / pairs, 0.0)


#: Up to this many values, `inversions` compares every pair at once; above, it merges.
_ALL_PAIRS_MAX = 400


def inversions(values: np.ndarray) -> int:
    """Pairs of distinct `values` out of increasing order (i < j, values[i] > values[j])."""
    n = len(values)
    if n <= _ALL_PAIRS_MAX:
        return int(np.count_nonzero(np.triu(values[:, None] > values[None, :], 1)))
    # merge sort's count, one vectorised pass per level: a pair of indices is counted at the level
    # where they fall in sibling blocks, as (larger value in the left block, smaller in the right)
    ranks = np.argsort(np.argsort(values))
    index = np.arange(n)
    total, width = 0, 1
    while width < n:
        block = index // width
        left = (block & 1) == 0
        pair = block >> 1
        keys = pair * n + ranks
        left_keys = np.sort(keys[left])
        right_pair = pair[~left]
        larger = np.searchsorted(left_keys, (right_pair + 1) * n) - np.searchsorted(left_keys, keys[~left], "right")
        total += int(larger.sum())
        width *= 2
    return total
