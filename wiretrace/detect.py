"""Detection kernels shared by every engine: article positions, candidate pairs, verification.

Pure functions over profiles and arrays. The embedded index, the Spark job and the HTTP API
all call these, so a link means the same thing wherever it was found: a candidate comes from
an LSH band collision (copies, edited copies) or a nearby centroid (paraphrases, AI
rewrites), and becomes a link only when the compare core judges the pair derived.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import logging
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar

import numpy as np

from wiretrace import claims
from wiretrace.cluster import (
    CONTAINED_LATER,
    CONTAINMENT,
    DATED,
    FACTS_LATER,
    STITCHED,
    DerivedLink,
    Member,
    earlier,
    orient,
)
from wiretrace.compare import Profile, judge, padding, too_long_to_align
from wiretrace.embed import Embedder, mean_direction
from wiretrace.errors import InputError
from wiretrace.facts import extract as extract_facts
from wiretrace.facts import quote_count
from wiretrace.fingerprint import distinct_keys_per_row
from wiretrace.model import Article, Verdict, id_order

log = logging.getLogger(__name__)

#: Semantic candidates: this many nearest articles by centroid, above this cosine ...
NEIGHBOURS = 8
NEIGHBOUR_MIN_COSINE = 0.6
#: ... and, whatever the cosine, an article's `NEAREST_ALWAYS` nearest at or above
#: `NEAREST_MIN_COSINE`. A summary's centroid sits far from its long source's (on BBC + L2R
#: five AI rewrites had their source as nearest or second nearest at cosine 0.53-0.60). At 1M
#: articles it adds a fifth more candidate pairs and costs ~12% more time an article.
NEAREST_ALWAYS = 2
NEAREST_MIN_COSINE = 0.5
#: ... and in both cases at least this cosine once the model's common directions are set aside
#: (`off_common`). Every sentence vector leans towards the direction its kind of text shares
#: (`embed.common_directions`: prose news, wire reports), so the centroid of a long article
#: mixing many subjects lies close to it, and within cosine 0.6 of most articles of its kind: a
#: "hub". Adding 1,500 articles to the 1M-article index judged 4,639 pairs; 2,554 of them had an
#: article of over 50 sentences, none of which was linked, and all 197 links reached 0.43 or more
#: here (the L2R rewrites and their sources, 0.5 or more; BENCHMARKS.md).
OFF_COMMON_MIN_COSINE = 0.4
#: Event context (see `event_lift`): a word is common to the event when at least this many of
#: the context articles use it; a context in which either article has less than this share of
#: rare words is the story's own copies and rewrites and cannot judge; below this lift, what
#: two articles share is what the event's reports share.
COMMON_IN = 3
CONTEXT_GUARD = 0.15
EVENT_LIFT_MIN = 0.5
#: The index looks this many neighbours further for a link's context, at most, to replace the
#: certain copies it leaves out (`certain_copies`), so that a story copied many times is still
#: judged among as many other reports as one copied once.
MAX_COPIES_SKIPPED = 16
#: A verdict score at least this high keeps a link whatever its lift. The verdict's bias carries
#: the operating point (cut 0.6); 0.88 is the balanced logistic score 0.917 that 0.9 was under
#: the previous cut (0.55).
EVENT_KEEP_SCORE = 0.88
#: Template pairs: two texts that each state at least `FIGURES_MIN` figures and share at most
#: `FIGURES_MAX_SHARED` of the smaller set (earnings tables, weekly price reports) are never
#: derived however alike their words; they are set aside before any profile is built.
FIGURES_MIN = 6
FIGURES_MAX_SHARED = 0.1
#: Too little shared vocabulary: a pair in which under this share of the smaller article's
#: content words (`text.content_words`) appear in the other is never derived, and is set aside
#: before any profile is built. A rewrite keeps its source's names, places and key terms: on
#: BBC + L2R every verified link shares at least 0.27 and every linked AI rewrite at least 0.33,
#: while 19% of the other semantic candidates share less than 0.2 (BENCHMARKS.md).
WORDS_MIN_SHARED = 0.2
#: ... nor is a pair sharing fewer than this many content words, whatever the share: two
#: two-line notes ('It has two sentences.' / 'With two sentences.') align line by line on
#: three words. Every L2R rewrite shares at least 6 with its source, every Clough answer 9.
WORDS_MIN_COUNT = 5


def centroid(p: Profile) -> np.ndarray:
    """The article's unit-length mean sentence embedding (its position for neighbour search)."""
    return mean_direction(p.vectors)


def sentence_vectors(articles: Sequence[Article], embedder: Embedder) -> list[np.ndarray]:
    """Every article's sentence embeddings, encoded in one call (cheaper than one call each).

    Positions for candidate search need only these; the rest of a profile (facts, words) is
    built later, for the articles that turn out to be in a candidate pair.
    """
    texts = [s.text for a in articles for s in a.sentences]
    flat = embedder.encode(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
    bounds = np.cumsum([0] + [len(a.sentences) for a in articles])
    return [flat[bounds[i] : bounds[i + 1]] for i in range(len(articles))]


def band_pairs(keys: np.ndarray) -> set[tuple[int, int]]:
    """Row pairs (i < j) of a band-key matrix that share at least one band key.

    Sorted by key, so only the (few) keys held by two or more rows are visited in Python.
    """
    if len(keys) < 2:
        return set()
    flat, rows = distinct_keys_per_row(keys)
    order = np.lexsort((rows, flat))
    flat, rows = flat[order], rows[order]
    bounds = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1], True])  # where each key's run starts, and the end
    starts, ends = bounds[:-1], bounds[1:]
    shared = ends - starts > 1
    pairs: set[tuple[int, int]] = set()
    for start, end in zip(starts[shared].tolist(), ends[shared].tolist()):
        pairs.update(itertools.combinations(rows[start:end].tolist(), 2))
    return pairs


def off_common(cosines: np.ndarray, along_a: np.ndarray, along_b: np.ndarray) -> np.ndarray:
    """Cosines of pairs of unit vectors once their components in the span of a few orthonormal
    directions are removed, from their cosines and those components (`along_a`, `along_b`: each
    vector's dot products with the directions, on the last axis; the rest broadcasts)."""
    left = np.maximum(1.0 - (along_a * along_a).sum(axis=-1), 1e-12)
    right = np.maximum(1.0 - (along_b * along_b).sum(axis=-1), 1e-12)
    return (cosines - (along_a * along_b).sum(axis=-1)) / np.sqrt(left * right)


def apart_from_common(cosines: np.ndarray, along_a: np.ndarray, along_b: np.ndarray) -> np.ndarray:
    """Which pairs stay semantic candidates with the common directions set aside (`OFF_COMMON_MIN_COSINE`)."""
    return off_common(cosines, along_a, along_b) >= OFF_COMMON_MIN_COSINE


def nearest(
    queries: np.ndarray,
    space: np.ndarray,
    k: int = NEIGHBOURS,
    min_cosine: float = NEIGHBOUR_MIN_COSINE,
    exclude: Sequence[int] | None = None,
    nearest: int = 0,
    nearest_min: float = 1.0,
    common: np.ndarray | None = None,
) -> list[list[int]]:
    """For each query row, the rows of `space` among its `k` most similar with cosine ≥ `min_cosine`
    (or among its `nearest` most similar with cosine ≥ `nearest_min`: `kept_hits`); with
    `common` directions (rows), only rows that stay close with them set aside (`apart_from_common`).

    `exclude[i]`, when given, is a row of `space` never returned for query i (the query itself).
    Brute force in blocks; both matrices hold unit-length rows.
    """
    out: list[list[int]] = []
    if len(space) == 0:
        return [[] for _ in range(len(queries))]
    space_along = None  # the whole space's components along `common`, once many rows are hits
    for start in range(0, len(queries), 1024):
        sims = queries[start : start + 1024] @ space.T
        if exclude is not None:
            for r in range(len(sims)):
                if exclude[start + r] >= 0:
                    sims[r, exclude[start + r]] = -2.0
        # threshold first: a comparison per cell is far cheaper than a partial sort of every row,
        # and the rows at or above `min_cosine` are few
        rows, cols = np.nonzero(sims >= lowest_cosine(min_cosine, nearest, nearest_min))
        if common is not None:
            # project the hits alone while they are few (a search of one article: 0.1 ms against
            # 1.2 ms for 20,000 rows); past a quarter of the space, the whole space once (Reuters
            # wires: 100,000 hits among 20,000 rows for 256 queries, 39 ms against 3.6 ms)
            if space_along is None and len(cols) > len(space) // 4:
                space_along = space @ common.T
            along_space = space[cols] @ common.T if space_along is None else space_along[cols]
            along_queries = queries[start : start + 1024] @ common.T
            kept = apart_from_common(sims[rows, cols], along_queries[rows], along_space)
            rows, cols = rows[kept], cols[kept]
        order = np.lexsort((-sims[rows, cols], rows))  # by query row, most similar first
        rows, cols = rows[order], cols[order]
        bounds = np.searchsorted(rows, np.arange(len(sims) + 1))
        for r, (lo, hi) in enumerate(itertools.pairwise(bounds)):
            found = cols[lo:hi]
            if nearest:
                found = found[kept_hits(sims[r, found].tolist(), k, min_cosine, nearest, nearest_min)]
            out.append(found[:k].tolist())
    return out


def kept_hits(
    cosines: Sequence[float], k: int, min_cosine: float, nearest: int = 0, nearest_min: float = 1.0
) -> list[int]:
    """Positions to keep among one query's hits, `cosines` sorted most similar first: the first
    `k` of those with cosine ≥ `min_cosine` or among the `nearest` first with cosine ≥ `nearest_min`."""
    kept = [r for r, cos in enumerate(cosines) if cos >= min_cosine or (r < nearest and cos >= nearest_min)]
    return kept[:k]


def lowest_cosine(min_cosine: float, nearest: int = 0, nearest_min: float = 1.0) -> float:
    """The least cosine `kept_hits` can keep: the threshold a search must reach down to."""
    return min(min_cosine, nearest_min) if nearest else min_cosine


def different_figures(a: frozenset[str], b: frozenset[str]) -> bool:
    """True for a template pair (see `FIGURES_MIN`): both state many figures, almost none shared.

    A copy or rewrite carries its source's figures; a template filled in again (next quarter's
    results, another week's prices) keeps the wording and replaces them. On Reuters this sets
    aside a third of the candidate pairs and none that the compare core would link.
    """
    smaller = min(len(a), len(b))
    return smaller >= FIGURES_MIN and len(a & b) <= FIGURES_MAX_SHARED * smaller


def few_shared_words(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when the two articles' content words overlap too little for either to derive from the
    other (see `WORDS_MIN_SHARED`, `WORDS_MIN_COUNT`): the cheap screen before a pair is profiled
    and aligned."""
    smaller = min(len(a), len(b))
    shared = len(a & b)
    return smaller > 0 and (shared < WORDS_MIN_COUNT or shared < WORDS_MIN_SHARED * smaller)


def set_aside(
    a_figures: frozenset[str], a_words: frozenset[str], b_figures: frozenset[str], b_words: frozenset[str]
) -> bool:
    """True for a pair that is never derived, told without aligning it: a template pair
    (`different_figures`) or one sharing too few words (`few_shared_words`). Every engine asks
    this before building profiles, and `verify` asks it again."""
    return different_figures(a_figures, b_figures) or few_shared_words(a_words, b_words)


def judging_key(published: str | None, article_id: str) -> tuple[bool, str, int, str, str]:
    """The order in which every engine hands a candidate pair to `verify`, and in which identical
    copies claim their text: dated articles first, the earlier day first; on one day a copy
    stating its time in UTC, then one stating it without a zone (a page's local clock, which may
    be hours either side: the wire at 12:19Z, not a client's 08:34 of the US east coast), then
    one stating only the day (which may be any hour of it: the wire at 07:10Z, not its date-only
    mirror), each then by the earlier time; then by id (`id_order`). The
    verdict is asymmetric (a summary derives from its source; the source, most of which the
    summary leaves out, does not derive from the summary), so a fixed order keeps a pair's link
    from depending on which article reached the index first."""
    stamp = published or ""
    return (published is None, stamp[:10].ljust(10, SPAN_END), precision_rank(stamp), stamp, id_order(article_id))


#: An article's copy candidates (sharing a band key or `STITCH_SENTENCES` sentence anchors with it, stored or
#: in its batch) judged at most: of more, its likeliest sources (`likeliest_sources`). Each copy of a story
#: syndicated n times was judged against every other and stored a link to each: n(n-1)/2 of them, 31,125
#: (150 s) for 250 copies, which attribution cut to 249 (a review). On BBC + L2R no article has over 10.
COPY_CANDIDATES = 16
#: ... of which this many are those sharing the most band keys and anchors: the nearest copies.
COPY_NEAREST = 8
_Id = TypeVar("_Id")


def likeliest_sources(shared: Mapping[_Id, int], order: Mapping[_Id, Any]) -> set[_Id]:
    """Of one article's copy candidates (`shared`: how many band keys and sentence anchors each
    shares with it), those to judge: all, when at most `COPY_CANDIDATES`; else the `COPY_NEAREST`
    sharing the most (a copy of a copy is credited to it, `cluster.attribute`), and the first of
    the rest by `order` (stored articles no link derives first, then `judging_key`): the sources
    attribution keeps. The siblings left out derive from those, and their links to it would be
    attributed away; a sibling it derives from instead is found through them (`Index._upstream_links`)."""
    if len(shared) <= COPY_CANDIDATES:
        return set(shared)
    # the id last: two ids may share an order (`id_order` reads 's#v2' as 's#v000000002'), and the
    # candidates kept must not hang on the order the engines listed them in
    nearest = sorted(shared, key=lambda o: (-shared[o], order[o], str(o)))[:COPY_NEAREST]
    rest = sorted(set(shared) - set(nearest), key=lambda o: (order[o], str(o)))
    return {*nearest, *rest[: COPY_CANDIDATES - len(nearest)]}


def likeliest_pairs(shared: Mapping[tuple[str, str], int], order: Mapping[str, Any]) -> set[tuple[str, str]]:
    """Of a batch run's copy candidate pairs (`shared`: how many band keys and sentence anchors
    each pair shares), those to judge: of each article's, its likeliest sources
    (`likeliest_sources`, by `order`), a pair kept when either article keeps the other, as
    `index add` keeps a batch's own pairs. A story on n sites was judged n(n-1)/2 times."""
    partners: dict[str, dict[str, int]] = {}
    for (a, b), n in shared.items():
        partners.setdefault(a, {})[b] = n
        partners.setdefault(b, {})[a] = n
    kept: set[tuple[str, str]] = set()
    for x, found in partners.items():
        kept.update((x, y) if x < y else (y, x) for y in likeliest_sources(found, order))
    return kept


def precision_rank(published: str) -> int:
    """How `judging_key` ranks a date's precision on its day: 0 a UTC time, 1 a time without a
    zone, 2 the day alone (or a month, a year)."""
    return 0 if published.endswith("Z") else 1 if len(published) > 10 else 2


#: Fills a date stated to the month or year ('2016-04', '2016') out to a day that sorts after each
#: day it may be, as a day sorts after its times (`judging_key`; Spark pads with the same character).
SPAN_END = "\uffff"


def judging_order(a: Profile, b: Profile) -> tuple[Profile, Profile]:
    """`a` and `b` in `judging_key` order."""
    ka = judging_key(a.article.published, a.article.id or "")
    kb = judging_key(b.article.published, b.article.id or "")
    return (a, b) if ka <= kb else (b, a)


def verify(a: Profile, b: Profile, read_now: str | None = None) -> DerivedLink | None:
    """Compare two articles; when one derives from the other, the link oriented original → derived
    (`_verify`). A pair the compare core fails on is logged as an error naming both articles and
    left unlinked: one article with a character the core mishandled ('sıx') had stopped a whole
    add, losing its batch, and a farm can choose such characters."""
    try:
        return _verify(a, b, read_now)
    except (InputError, MemoryError):
        raise
    except Exception as exc:
        log.error("%s, %s: not judged (%s: %s); please report it", a.article.id, b.article.id,
                  type(exc).__name__, exc, exc_info=log.isEnabledFor(logging.DEBUG))  # fmt: skip
        return None


def _verify(a: Profile, b: Profile, read_now: str | None = None) -> DerivedLink | None:
    """`verify` itself; `read_now` names an undated article being queried (`orient`).

    Template pairs (`different_figures`) and pairs sharing few words (`few_shared_words`) are
    unrelated without alignment. `b` is judged as derived from `a` (callers pass pairs in
    `judging_order`). The pair is explained in the direction it is judged: if `b` turns out to
    be the original, it is compared again as the source.
    """
    if set_aside(a.figures, a.content, b.figures, b.content):
        return None
    if problem := too_long_to_align(a, b):  # two giant pages: not aligned, so never linked
        log.warning("%s: %s", b.article.id, problem)
        return None
    forward = judge(a, b)
    unrelated = forward is None or forward.relation == "unrelated"
    if unrelated and not _dates_tie(a.article.published, b.article.published):
        return backdated(a, b)
    ma = Member(a.article.id or "", a.article.published, quote_count(a.article.text))
    mb = Member(b.article.id or "", b.article.published, quote_count(b.article.text))
    if forward is None or unrelated:
        # two dates that do not order the pair (one day, a time beside a date; a year beside its
        # days): `judging_key` put one first, but it may be the copy; the content orients it
        backward = judge(b, a)
        if backward is None or backward.relation == "unrelated":
            return None
        o = _oriented(b, a, mb, ma, backward, read_now)
        if o.source == mb.id:
            return derived_link(backward, o.source, o.target, o.reason)
        return derived_link(backward, *o.unpadded) if o.unpadded else None  # the padded page is no rewrite of it
    o = _oriented(a, b, ma, mb, forward, read_now)
    if o.source == ma.id and o.reason == CONTAINED_LATER:  # the content reads the other way: as `backdated`
        return _read_from_the_later(a, b) or derived_link(forward, o.source, o.target, _dated_reason(a, b))
    if o.source == ma.id:
        return derived_link(forward, o.source, o.target, _dated_reason(a, b) if o.reason == DATED else o.reason)
    backward = judge(b, a)
    if backward is None or backward.relation == "unrelated":
        return derived_link(forward, *o.unpadded) if o.unpadded else None  # the padded page is no rewrite of it
    return derived_link(backward, o.source, o.target, o.reason)


#: The share of what an article holds beyond another (`_oriented`) that must be padding, and the
#: fewest sentences of it, for the article to be read as the other padded: two sentences ending a
#: quote read as padding in a BBC report carrying five of an earlier one's beside reporting of its
#: own (bbc-sport-300 / -315), and a Reuters wire's last two paragraphs, cut from its next version
#: or added to it, read as padding twice (reuters-5773 / -5857, -9329 / -9593; BENCHMARKS.md).
SURPLUS_PADDED = 0.5
SURPLUS_PADDED_MIN = 3


class _Oriented(NamedTuple):
    """`_oriented`'s answer: `orient`'s, and how it read before a padding turned it."""

    source: str
    target: str
    reason: str
    unpadded: tuple[str, str, str] | None = None


def _oriented(source: Profile, target: Profile, ms: Member, mt: Member, v: Verdict, read_now: str | None) -> _Oriented:
    """`orient` of a pair judged `source` -> `target` (`v`). When the content orients the pair, or
    reads against its dates, because one article holds the other (`CONTAINMENT`,
    `CONTAINED_LATER`), that one is read for padding about another subject (`compare.padding`): a
    copy of a wire inside an unrelated article holds the wire, and its surplus made the wire a cut
    of it undated, and dated a brief the later expanded (or a copy backdated). Its share held by the
    other is then counted without the padding; where the content no longer tells them apart, the
    padded page is the derived one. A link turned so needs the padded page judged derived in its
    turn; the caller keeps the first orientation (`unpadded`) when it is not."""
    n_target = len(target.article.sentences)
    s_in_t = v.source_coverage  # share of the source's sentences carried into the target
    t_in_s = _supported(v, n_target)  # share of the target's the source supports
    oriented = orient(ms, mt, s_in_t, t_in_s, read_now, mt.id if v.padding else None)
    if oriented[2] not in (CONTAINMENT, CONTAINED_LATER) or v.padding:
        return _Oriented(*oriented)
    holder_id = oriented[0] if oriented[2] == CONTAINMENT else oriented[1]
    holder, held = (source, target) if holder_id == ms.id else (target, source)
    n = len(holder.article.sentences)
    surplus = n * (1 - (s_in_t if holder is source else t_in_s))  # the holder's sentences the other lacks
    if len(pad := padding(held, holder)) < max(SURPLUS_PADDED_MIN, SURPLUS_PADDED * surplus):
        if oriented[2] == CONTAINMENT and _barely_contained(v, len(source.article.sentences), n_target):
            return _Oriented(*orient(ms, mt, 0.0, 0.0, read_now))  # the content cannot tell: as `orient` reads on
        return _Oriented(*oriented)  # a follow-up's reporting of its own beside what it carries
    if holder is source:
        s_in_t = _outside_padding(s_in_t, n, len(pad))
    else:
        t_in_s = _outside_padding(t_in_s, n, len(pad))
    turned = orient(ms, mt, s_in_t, t_in_s, read_now, holder_id)
    return _Oriented(*turned, oriented if turned[0] != oriented[0] else None)


def _barely_contained(v: Verdict, n_source: int, n_target: int) -> bool:
    """Whether each of a pair judged derived (`v`) holds sentences of its own, the one as many as the
    other or one more: then neither is contained in the other, whatever their shares say. A short
    rewrite ending on a line of its own ('This story is developing.') read as holding its source,
    which dropped one sentence, by the `CONTAINMENT_MARGIN` on shares of 7 and 8 sentences."""
    own_source = round(n_source * (1 - v.source_coverage))
    own_target = round(n_target * (1 - v.target_coverage))
    return min(own_source, own_target) >= 1 and abs(own_source - own_target) <= CONTAINED_OWN


#: How many more sentences of its own one article must hold than the other, when both hold some,
#: for the content to say it holds the other (`_barely_contained`): more than one.
CONTAINED_OWN = 1


def _supported(v: Verdict, n_target: int) -> float:
    """The share of a target's sentences its source supports, those set aside as padding about
    another subject left out (`Verdict.padding`): a rewrite inside an unrelated article holds
    its source's story, not the other way round, though its source reads as contained in it."""
    return _outside_padding(v.target_coverage, n_target, v.padding)


def _outside_padding(share: float, n: int, padded: int) -> float:
    """A `share` of an article's `n` sentences counted over those outside its `padded` ones (none
    of which the other article holds)."""
    if not padded or n <= padded:
        return share
    return min(1.0, share * n / (n - padded))


#: Facts (names, figures, dates) the later article states and the earlier lacks, from which a link
#: in date order says they read the other way (`FACTS_LATER`), when the earlier states at most
#: a `FACTS_LATER_SHARE` of that many the later lacks.
FACTS_LATER_MIN = 3
FACTS_LATER_SHARE = 0.25


def _dated_reason(earlier: Profile, later: Profile) -> str:
    """`DATED`, or `FACTS_LATER` when the later article states facts the earlier lacks and the
    earlier hardly any the later lacks: what a source states beside a rewrite that dropped details,
    so a farm's rewrite dated before its wire reads as backdated (or the later is an update). The
    facts of the later's sentences about another subject (`compare.padding`: a copy inside an
    unrelated article, a paragraph of sport after it) are no update of the earlier's."""
    earlier_only = _own_fact_count(earlier, later)
    if not _states_more(_own_fact_count(later, earlier), earlier_only):
        return DATED
    if (pad := padding(earlier, later)) and not _states_more(_own_fact_count(later, earlier, pad), earlier_only):
        return DATED
    return FACTS_LATER


def _states_more(later_only: int, earlier_only: int) -> bool:
    """Whether the later article's own facts make it read as stating more than the earlier (`FACTS_LATER`)."""
    return later_only >= FACTS_LATER_MIN and earlier_only <= FACTS_LATER_SHARE * later_only


def _own_fact_count(article: Profile, other: Profile, skip: Collection[int] = ()) -> int:
    """Distinct names, figures and dates `article` states that `other` never states (quotes and
    list items' numbers aside), in its sentences but those of `skip`."""
    return claims.own_facts(article.facts, claims.unsupported(article.facts, other.fact_index), set(skip))[0]


def _dates_tie(a: str | None, b: str | None) -> bool:
    """Whether both dates are stated, to other precisions, and do not tell which came first
    (`earlier`: a day beside a time of it, a year beside a day of it). The same date stated alike
    orders the pair no more than no date, and is judged in id order as undated pairs are
    (judging both ways linked two AI rewrites of one source, BENCHMARKS.md)."""
    return bool(a and b) and a != b and earlier(a or "", b or "") == 0


#: Share of the earlier article's sentences the later one must carry for `backdated` to call it contained.
CONTAINED = 0.5


def backdated(a: Profile, b: Profile) -> DerivedLink | None:
    """The link `a` → `b` when `a`, dated before `b`, is the shorter of the two and is contained in
    it (`CONTAINED`): the first brief of a wire story and the full story filed later, or a rewrite given an
    earlier date than its source. `verify` judges a pair in date order and finds the longer later
    article no derived one (it adds too much), so without this second look the two would not be
    linked at all. The content cannot tell an expanded brief from a backdated copy, so the dates
    keep the orientation, and the reason (`CONTAINED_LATER`) says the content reads the other
    way. (Orienting by content instead made 322 of 1,927 links of Reuters-21578 run against
    the wire's own timestamps.) Only pairs the dates order (`cluster.earlier`): undated ones and
    those of one day are judged in id order on purpose (BENCHMARKS.md, "Undated pairs")."""
    first, second = a.article.published, b.article.published
    if not (first and second) or earlier(first, second) >= 0 or len(a.article.text) >= len(b.article.text):
        return None  # undated, the same day (judged in id order), or the earlier one is the longer
    return _read_from_the_later(a, b)


def _read_from_the_later(a: Profile, b: Profile) -> DerivedLink | None:
    """The link `a` → `b` in date order (`CONTAINED_LATER`) with the verdict of the later `b` read
    as the source, as `wiretrace compare B A` shows it: None when `a` is no derived article of `b`
    or most of it is not in `b` (`CONTAINED`). Every link of that reason carries this verdict, so
    the report that explains it (`stories --html`, `compare`'s note) shows its numbers."""
    backward = judge(b, a)
    if backward is None or backward.relation == "unrelated" or backward.target_coverage < CONTAINED:
        return None  # not derived, or the earlier one is not contained: most of it is not in the later
    v = backward  # b judged as the source: its coverages, seen from a's side
    return DerivedLink(a.article.id or "", b.article.id or "", v.relation, v.score, v.source_coverage,
                       v.target_coverage, CONTAINED_LATER)  # fmt: skip


class Stitchable(Protocol):
    """What `stitched_links` reads of an article: a `compare.Profile` in the index, and in the batch
    engines `pipeline.PlainArticle`, which needs no sentence vectors."""

    @property
    def article(self) -> Article: ...

    @property
    def plain_sentences(self) -> tuple[tuple[str, int], ...]: ...


def stitched_links(
    target: Stitchable,
    sources: Sequence[Stitchable],
    linked: Collection[tuple[str, str]],
    lightly: Collection[str] | None = None,
) -> list[DerivedLink]:
    """Links from each of `sources` (articles judged before `target`, linked to it or not) to a
    `target` stitched from them: a roundup that runs two or three paragraphs of each of several
    wire stories word for word. Judged pair by pair, each source's share is too small, and the
    paragraphs taken from the others read as new reporting of the target's own, so no link was
    made. Here the target is stitched when `STITCH_SENTENCES` or more of its sentences are each
    of two or more sources' word for word (case and punctuation aside, `STITCH_WORDS` words or
    more), each bringing sentences of its own (`_contributors`), and together those cover
    `STITCH_COVERAGE` of its sentences, none of them more than
    `STITCH_MOST` (an updated version of one report that re-uses another's background paragraphs is
    that report's copy, not a roundup) unless copied text makes `STITCH_WHOLE` of it, and the
    sources telling two stories or more (`_stories`: not versions of one, by the pairs `linked`
    or the sentences they share). The links are `edited-copy` (a copy of part of each), scored by
    that coverage; pairs `linked` either way keep their link. A sentence lightly edited counts as
    carried from the sources `lightly` names (all when None): those sharing a sentence anchor with
    the target (`shared_anchors`), which most lightly edited sentences keep (looking for edits in
    every candidate cost a fifth of `index add`)."""
    keys = _sentence_keys(target)
    carried: dict[str, tuple[Stitchable, set[int]]] = {}
    for source in sources:
        taken = _carried(keys, source, lightly is None or source.article.id in lightly)
        if len(taken) >= STITCH_SENTENCES:
            carried[source.article.id or ""] = (source, taken)
    carried = {k: brought for k, brought in _contributors(carried).items() if _states_facts(target, brought[1])}
    stories = _stories(carried, linked)
    if len(stories) < 2 or not keys:
        return []  # one source, several sharing the same sentences (a template's boilerplate), or one story's versions
    share = len(set().union(*(taken for _, taken in carried.values()))) / len(keys)
    most = max(len(taken) for taken in stories) / len(keys)
    if share < STITCH_COVERAGE or (most > STITCH_MOST and share < STITCH_WHOLE) or most >= STITCH_WHOLE:
        return []  # too little copied, or a copy of one source that re-uses another's background
    target_id = target.article.id or ""
    links = []
    for source_id, (source, taken) in sorted(carried.items()):
        if (source_id, target_id) in linked or (target_id, source_id) in linked:
            continue
        edited = len(taken - _carried(keys, source, lightly=False))
        how = "word for word" if not edited else f"{edited} of them lightly edited"
        reason = (f"{STITCHED}: {len(taken)} of its sentences are this article's {how}, and with "
                  f"{len(carried) - 1} other article(s)' it is {share:.0%} copied text (a roundup)")  # fmt: skip
        links.append(DerivedLink(source_id, target_id, "edited-copy", round(share, 4), round(len(taken) / len(keys), 4),
                                 round(len(taken) / max(1, len(source.article.sentences)), 4), reason))  # fmt: skip
    return links


def shared_anchors(
    anchors: np.ndarray, held: Mapping[int, Sequence[str]], ids: Sequence[str]
) -> Counter[tuple[int, str]]:
    """How many sentence anchors (`fingerprint.sentence_anchors`) each of a batch's articles
    (`anchors`, one row each, 0 for none; `ids` theirs) shares with each other article: stored
    ones (`held`: the stored holders of each anchor) and those later in the batch, as (row, other
    id). An anchor more than `ANCHOR_HOLDERS_MAX` articles hold is a stock line ('Reporting by
    ...'), no sign of a copy, and is not counted."""
    shared: Counter[tuple[int, str]] = Counter()
    in_batch: dict[int, set[int]] = {}
    for row, keys in enumerate(anchors.tolist()):
        for key in set(keys) - {0}:
            holders = held.get(key, ())
            if len(holders) <= ANCHOR_HOLDERS_MAX:
                shared.update((row, other) for other in holders if other != ids[row])
            in_batch.setdefault(key, set()).add(row)
    for rows in in_batch.values():
        if 1 < len(rows) <= ANCHOR_HOLDERS_MAX:
            shared.update((a, ids[b]) for a, b in itertools.combinations(sorted(rows), 2))
    return shared


_Pair = TypeVar("_Pair")


def anchored_pairs(counts: Mapping[_Pair, int]) -> set[_Pair]:
    """Candidate pairs by sentence: those sharing `STITCH_SENTENCES` anchors or more (`counts`
    from `shared_anchors`, or a batch run's by id, `pipeline.shared_row_anchors`). A roundup runs
    a few paragraphs of each wire, too little of any to resemble it as a whole or lie near it in
    meaning."""
    return {pair for pair, n in counts.items() if n >= STITCH_SENTENCES}


def roundup_runs(
    target: Stitchable, sources: Sequence[Stitchable], lightly: Collection[str] | None = None
) -> list[list[int]]:
    """The runs of two or more consecutive sentences of `target` that one set of `sources` carries
    word for word (or none does), when one of them carries `STITCH_SENTENCES` or more and the
    article is more than one such run (the shape of a roundup). A roundup's wires may not be among
    its candidates, which are searched for the whole article while its centroid sits between its
    subjects, or be there only through another roundup that ran the same paragraphs: the index
    looks for each run's source by the run's own position (`ROUNDUP_NEIGHBOURS`). Lightly edited
    sentences count from the sources `lightly` names, all when None (`stitched_links`)."""
    keys = _sentence_keys(target)
    carried = [_carried(keys, source, lightly is None or source.article.id in lightly) for source in sources]
    if not any(len(c) >= STITCH_SENTENCES for c in carried):
        return []
    runs: list[tuple[frozenset[int], list[int]]] = []
    for j, key in enumerate(keys):
        if key is None:
            continue
        by = frozenset(n for n, c in enumerate(carried) if j in c)
        if runs and runs[-1][0] == by and runs[-1][1][-1] == j - 1:
            runs[-1][1].append(j)
        else:
            runs.append((by, [j]))
    if len({by for by, _ in runs}) < 2:
        return []  # one source's copy throughout
    return [run for _, run in runs if len(run) >= STITCH_SENTENCES]


def run_vectors(vectors: np.ndarray, runs: Sequence[Sequence[int]]) -> np.ndarray:
    """The search vector of each of a roundup's `runs` (`roundup_runs`): the unit mean of its
    sentences' `vectors`, which sits on the run's own subject where the article's sits between
    its subjects. Every engine looks a run's sources up by it (`ROUNDUP_NEIGHBOURS`)."""
    return np.stack([mean_direction(vectors[list(run)]) for run in runs])


def _contributors(carried: dict[str, tuple[Stitchable, set[int]]]) -> dict[str, tuple[Stitchable, set[int]]]:
    """Of the sources carried into an article, those that each bring `STITCH_SENTENCES` of its
    sentences no source published before them brought (`judging_key` order; of sources published
    alike, or undated, the one carrying more of it first: the wire a digest ran three sentences of,
    not another report that re-used two of them): a roundup's wires each
    bring their own paragraphs, while the daily notices of one template ('The following import
    levies for white and raw sugar ...') all carry the same boilerplate sentences, which make no
    roundup however many notices carry them; and another roundup that ran some of the same wires'
    paragraphs, or a client's copy of a wire, brings nothing the wires did not."""

    def order(c: tuple[str, tuple[Stitchable, set[int]]]) -> tuple:
        when = judging_key(c[1][0].article.published, c[0])
        return (*when[:4], -len(c[1][1]), when[4])

    covered: set[int] = set()
    kept = {}
    for source_id, (source, taken) in sorted(carried.items(), key=order):
        if len(taken - covered) >= STITCH_SENTENCES:
            kept[source_id] = (source, taken)
        covered |= taken
    return kept


def _states_facts(article: Stitchable, sentences: Collection[int]) -> bool:
    """Whether any of an article's `sentences` states a figure, a date, a quote or a name other
    than a word opening the sentence ('Read on ...' reads as a name): a wire's paragraphs a
    roundup runs tell its story, where a farm's intro and outro, the same on every page of it,
    state nothing, and made each page a roundup of the farm's first page and its own wire."""
    for j in sentences:
        text = article.article.sentences[j].text.lstrip(" \"'“‘(")
        if any(f.kind != "name" or " " in f.text or not text.startswith(f.text) for f in extract_facts(text)):
            return True
    return False


def _stories(carried: dict[str, tuple[Stitchable, set[int]]], linked: Collection[tuple[str, str]]) -> list[set[int]]:
    """The sentences each story carried into an article brings: sources linked to one another
    (`linked`, either way) or sharing `STITCH_SENTENCES` sentences, word for word or lightly
    edited, are versions of one story (two papers' edits of one agency report, a follow-up
    re-using the background of the report before), which a copy carries from both; a roundup
    runs different stories."""
    ids = sorted(carried)
    story = {i: i for i in ids}
    for a, b in itertools.combinations(ids, 2):
        if (a, b) in linked or (b, a) in linked or (
            len(_carried(_sentence_keys(carried[b][0]), carried[a][0])) >= STITCH_SENTENCES
        ):
            old, new = story[b], story[a]
            story = {i: new if s == old else s for i, s in story.items()}
    brought: dict[str, set[int]] = {}
    for i in ids:
        brought.setdefault(story[i], set()).update(carried[i][1])
    return list(brought.values())


def _carried(keys: list[str | None], source: Stitchable, lightly: bool = True) -> set[int]:
    """Which of an article's sentences (`keys`, `_sentence_keys`) `source` has word for word or,
    with `lightly`, lightly edited (`lightly_edited`: an article spinner's 'said' for 'stated')."""
    own_keys = tuple(_sentence_keys(source))
    own = {k for k in own_keys if k}
    taken = {j for j, k in enumerate(keys) if k and k in own}
    rest = [j for j, k in enumerate(keys) if k and k not in own]
    if not lightly or not rest or not own:
        return taken
    mine, _ = _sentence_grams(tuple(keys))
    theirs = _sentence_grams(own_keys)[1]
    # a sentence lightly edited keeps most of its word 3-grams: the others need no closer look
    near = [j for j in rest if len(mine[j] & theirs) >= len(mine[j]) * _GRAMS_SHARED > 0]
    if near:
        grams = _gram_index(own_keys)
        for j in near:
            shared = Counter(i for g in mine[j] for i in grams.get(g, ()))
            if any(n >= len(mine[j]) * _GRAMS_SHARED and lightly_edited(own_keys[i] or "", keys[j] or "")
                   for i, n in shared.most_common(2)):  # fmt: skip
                taken.add(j)
    return taken


_Grams = frozenset[tuple[str, ...]]


@functools.lru_cache(maxsize=4096)
def _sentence_grams(keys: tuple[str | None, ...]) -> tuple[list[_Grams], _Grams]:
    """The word 3-grams of each of an article's sentences (`_sentence_keys`; none for one too short)
    and of them all. Cached: a stored wire is a candidate of many articles."""
    each: list[_Grams] = []
    for key in keys:
        words = key.split() if key else []
        each.append(frozenset(zip(words, words[1:], words[2:])))
    return each, frozenset().union(*each)


def lightly_edited(before: str, after: str) -> bool:
    """Whether a sentence (its plain words, space-joined) is another's with a few words swapped,
    dropped or added, its other words in their order (`STITCH_LIGHT_EDIT`) and its figures the
    same: a daily notice filled in again with other figures is no copy of the day before."""
    a, b = before.split(), after.split()
    if sorted(w for w in a if w[:1].isdigit()) != sorted(w for w in b if w[:1].isdigit()):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= STITCH_LIGHT_EDIT and matcher.ratio() >= STITCH_LIGHT_EDIT


@functools.lru_cache(maxsize=1024)
def _gram_index(keys: tuple[str | None, ...]) -> dict[tuple[str, ...], list[int]]:
    """Each word 3-gram of an article's sentences (`_sentence_keys`) -> the sentences holding it:
    where `_carried` looks for a lightly edited sentence."""
    index: dict[tuple[str, ...], list[int]] = {}
    for i, grams in enumerate(_sentence_grams(keys)[0]):
        for gram in grams:
            index.setdefault(gram, []).append(i)
    return index


def _sentence_keys(profile: Stitchable) -> list[str | None]:
    """Each sentence as `stitched_links` matches it (its plain words), None when too short to tell."""
    return [plain if count >= STITCH_WORDS else None for plain, count in profile.plain_sentences]


#: A stitched article (`stitched_links`) carries this many sentences of each source word for word,
#: each of this many words at least ('He said.' is anyone's), and copied text makes this share of it
#: (half: a candidate search over whole articles may miss one of its sources).
STITCH_SENTENCES = 2
STITCH_WORDS = 6
STITCH_COVERAGE = 0.5
STITCH_MOST = 0.5
#: ... unless copied text makes this share of it: a roundup of two wires, three paragraphs of one
#: and two of the other, is stitched from both, where an update re-using another report's
#: background has sentences of its own or edited.
STITCH_WHOLE = 0.9
#: A sentence is its source's lightly edited (`lightly_edited`) from this share of their words
#: matching in order (`difflib` ratio: one word swapped of ten is 0.9, two are 0.8); its candidates
#: are the source's sentences holding this share of its word 3-grams.
STITCH_LIGHT_EDIT = 0.8
#: A sentence anchor held by more articles than this is a stock line (`anchored_pairs`).
ANCHOR_HOLDERS_MAX = 50
_GRAMS_SHARED = 0.4
#: A roundup's run of sentences one set of its candidates carries (`roundup_runs`) is looked up by its
#: mean sentence vector among the stored articles: this many nearest, at or above this cosine.
ROUNDUP_NEIGHBOURS = 3
ROUNDUP_MIN_COSINE = 0.5


def event_lift(a_words: frozenset[str], b_words: frozenset[str], context: Sequence[frozenset[str]]) -> float | None:
    """How much rarer, among the articles around a pair, the words the two share are than their words
    overall: about 1 for a rewrite, near 0 for two independent reports of one event.

    Two reports of one event share the event's words (who, where, what happened), and so do the
    other reports near them; a rewrite shares its source's own details, which other reports do
    not carry. `context` holds the content words of the articles near either one (their
    semantic neighbours, the pair excluded). A word is *rare* when fewer than `COMMON_IN`
    context articles use it. The lift is the rare share of the shared words over the rare share
    of all their words. None when the context cannot judge: either article has under
    `CONTEXT_GUARD` rare words, so its neighbours are its own copies and rewrites.
    """

    rare = {w for w in a_words | b_words if sum(1 for c in context if w in c) < COMMON_IN}

    def rare_share(words: frozenset[str]) -> float:
        return len(words & rare) / len(words) if words else 0.0

    if min(rare_share(a_words), rare_share(b_words)) < CONTEXT_GUARD:
        return None
    shared = a_words & b_words
    if not shared:
        return 0.0
    return rare_share(shared) / max(rare_share(a_words | b_words), 1e-9)


def certain_copies(links: Iterable[tuple[str, str, float]]) -> dict[str, set[str]]:
    """Each article's certain copies: the articles a link of at least `EVENT_KEEP_SCORE` joins it
    to, either way (`links` as (source, target, score)). Such a link stands whatever its context,
    so the articles it joins are one story's copies and rewrites, not reports of an event: a
    content farm's sibling rewrites of one wire story share that story's details, and counted as
    the event's reports they hid a fourth farm's rewrite from its source."""
    copies: dict[str, set[str]] = {}
    for source, target, score in links:
        if score >= EVENT_KEEP_SCORE and source != target:
            copies.setdefault(source, set()).add(target)
            copies.setdefault(target, set()).add(source)
    return copies


def event_context(source: str, target: str, partners: dict[str, set[str]], copies: dict[str, set[str]]) -> set[str]:
    """The ids whose words judge a link's event lift: the semantic partners of either end, less
    the two ends and their certain copies (`certain_copies`)."""
    around = partners.get(source, set()) | partners.get(target, set())
    return around - {source, target} - copies.get(source, set()) - copies.get(target, set())


def independent_reports(lift: float | None, score: float) -> bool:
    """True when a verified link is better explained as two reports of one event: what the pair
    shares is what the reports around it share (`event_lift` under `EVENT_LIFT_MIN`), and the
    alignment itself is not overwhelming (verdict score under `EVENT_KEEP_SCORE`; a
    sentence-by-sentence paraphrase of one report is a rewrite even in the event's words). The
    relation does not exempt a link: daily notices filled in again from one template read as
    edited copies (53 on Reuters-21578 when copies and edited copies were exempted)."""
    return lift is not None and lift < EVENT_LIFT_MIN and score < EVENT_KEEP_SCORE


def derived_link(v: Verdict, source: str, target: str, reason: str) -> DerivedLink:
    """The link record of a pair judged derived (`v`, its verdict)."""
    return DerivedLink(source, target, v.relation, v.score, v.target_coverage, v.source_coverage, reason)
