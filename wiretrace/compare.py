"""Compare one candidate source with one candidate derived article and explain the relation.

`profile` turns an article into what every comparison needs (sentence vectors, content
words, facts); `compare_profiles` aligns two profiles and assembles the `Comparison`. Both are
engine-free, so the CLI, the batch mode and later the index and web service share them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, replace
from os import PathLike
from pathlib import Path

import numpy as np

from wiretrace import align, claims, polarity, verdict
from wiretrace.credit import credit
from wiretrace.embed import Embedder, load, mean_direction
from wiretrace.errors import InputError
from wiretrace.facts import WEEKDAY_KEY, Fact, document_facts, figures, plain_words
from wiretrace.ingest import read_path, read_string
from wiretrace.model import Article, Change, Comparison, Link, Sentence, Unsupported, Verdict
from wiretrace.sites import host_of
from wiretrace.text import attribution, base_form_places, content_of, content_words, language_of, normalize
from wiretrace.text import words as text_words

_NON_WORD = re.compile(r"[\W_]+")
_QUOTE_MARK = re.compile('["“”„«»]')


def plain_sentences(article: Article) -> tuple[tuple[str, int], ...]:
    """Each of `article`'s sentences as its plain words joined by spaces, with their count."""
    plain = (plain_words(s.text) for s in article.sentences)
    return tuple((" ".join(words), len(words)) for words in plain)


@dataclass(slots=True)
class Profile:
    """An article prepared for comparison: one vector, word set and fact list per sentence.

    The facts (names, numbers, dates, quotes) are read on first use: a candidate pair whose
    alignment alone rules it out (`judge`) never needs them.
    """

    article: Article
    vectors: np.ndarray
    words: list[frozenset[str]]
    word_keys: align.SentenceWords  # the same words as flat arrays, for fast overlap counts
    places: dict[str, int]  # first token position of each base-form content word (`align.word_order`)
    weights: np.ndarray  # share of the article's characters carried by each sentence
    _facts: list[list[Fact]] | None = None
    _fact_index: claims.FactIndex | None = None
    _figures: frozenset[str] | None = None
    _content: frozenset[str] | None = None
    _headline: frozenset[str] | None = None
    _headline_names: frozenset[str] | None = None
    _language: str | None = None
    _plain_sentences: tuple[tuple[str, int], ...] | None = None
    model: str = ""  # the sentence model's label (`Embedder.label`), which outputs record
    part_of: tuple[Profile, tuple[int, ...]] | None = None  # the profile and sentences it keeps (`_kept`)

    @property
    def language(self) -> str:
        """The language the article reads as (`text.language_of`), read once."""
        if self._language is None:
            self._language = language_of(self.article.text)
        return self._language

    @property
    def headline(self) -> frozenset[str]:
        """The words of the article's title that can name its subject (`verdict.headline_words`;
        empty without a title), read once: every candidate pair checks them (`verdict.different_subjects`)."""
        if self._headline is None:
            self._headline = verdict.headline_words(self.article.title)
        return self._headline

    @property
    def headline_names(self) -> frozenset[str]:
        """The headline's names with an opening word its text never writes as a name set aside
        (`verdict.headline_words` given the text), read once."""
        if self._headline_names is None:
            self._headline_names = verdict.headline_words(self.article.title, self.article.text)
        return self._headline_names

    @property
    def figures(self) -> frozenset[str]:
        """The digit strings the article states (`facts.figures`), read once."""
        if self._figures is None:
            self._figures = figures(self.article.text)
        return self._figures

    @property
    def content(self) -> frozenset[str]:
        """The article's content words: `text.content_words` of its text, which is the union of
        its sentences' (sentences split the text at spaces), so no word is stemmed again."""
        if self._content is None:
            self._content = frozenset().union(*self.words)
        return self._content

    @property
    def plain_sentences(self) -> tuple[tuple[str, int], ...]:
        """Each sentence's plain words joined by spaces, with their count (case and punctuation
        aside: how `detect.stitched_links` matches sentences copied word for word), read once: a
        stored source is matched against every roundup it is a candidate of."""
        if self._plain_sentences is None:
            self._plain_sentences = plain_sentences(self.article)
        return self._plain_sentences

    @property
    def facts(self) -> list[list[Fact]]:
        """Each sentence's names, figures, dates and quotes, read once (those of a part of an
        article are the whole's: the names it states in full elsewhere still count)."""
        if self._facts is None and self.part_of is not None:
            whole, keep = self.part_of
            self._facts = [whole.facts[j] for j in keep]
        elif self._facts is None:
            self._facts = document_facts([s.text for s in self.article.sentences], self.language)
        return self._facts

    @property
    def lead_names(self) -> list[str]:
        """The names its first sentence states (`facts.Fact.key`), in order: the lede's subject first."""
        return [f.key for f in self.facts[0] if f.kind == "name"] if self.facts else []

    def sentence_index(self, i: int) -> claims.FactIndex:
        """The fact index of sentence `i` alone (`claims.changes` compares an edited sentence with
        the one it was edited from)."""
        return claims.FactIndex.build([self.facts[i]], _plain(self.article.sentences[i].text))

    @property
    def fact_index(self) -> claims.FactIndex:
        """What the article states, to support another's facts: its sentences', and the figures and
        dates of a press release's boilerplate left out of its text (`chrome`'s `press-release`
        lines: 'About Acme Corp ... Founded in 1987 ... 4,000 customers'), which a churn that copies
        them takes from the release, not from nowhere. Not the boilerplate's words: 'Private
        Securities Litigation Reform Act' would support any 'Securities' a churn names."""
        if self._fact_index is None:
            issuer = [d.text for d in self.article.dropped_chrome if d.reason == ISSUER_CHROME]
            boilerplate = document_facts(issuer, self.language) if issuer else []
            facts = self.facts + [[f for f in sentence if f.kind in ("number", "date")] for sentence in boilerplate]
            self._fact_index = claims.FactIndex.build(facts, f"{_plain(self.article.text)} {self.outlet}")
        return self._fact_index

    @property
    def outlet(self) -> str:
        """Who published the article, in words: its site's name or its host's first label ('reuters'
        of reuters.com, 'guardian' of theguardian.com), and the names its dateline and byline state
        ('LONDON (Reuters) -'). A copy that credits it ('according to Reuters') names no one new."""
        host = host_of(self.article.url) or ""
        label = host.split(".")[0].removeprefix("the") if host else ""
        # a wire's dateline in capitals ('RIYADH, March 1 -') names its place as names are written
        stamps = [_CAPITALS.sub(lambda m: m.group().title(), d.text)
                  for d in self.article.dropped_chrome if d.reason in ("dateline", "byline")]  # fmt: skip
        named = [f.text for sentence in document_facts(stamps, self.language) for f in sentence if f.kind == "name"]
        return " ".join([self.article.site or "", label if len(label) >= 3 else "", *named]).strip()


#: What a profile holds in memory beyond its vectors, per character of text (measured: resident
#: memory grew 32 KB a profile for Reuters + BBC articles of 975 characters on average).
PROFILE_BYTES_PER_CHAR = 26


def profile_bytes(p: Profile) -> int:
    """The memory a profile takes, roughly (`PROFILE_BYTES_PER_CHAR`): what caches of them count."""
    return int(p.vectors.nbytes) + PROFILE_BYTES_PER_CHAR * len(p.article.text)


def profile(
    article: Article, embedder: Embedder, vectors: np.ndarray | None = None, tokens: list[list[str]] | None = None
) -> Profile:
    """Prepare `article` for comparison with `embedder` (the costly step, done once per article).

    `vectors` and `tokens`, when given, are its sentence embeddings already computed with
    `embedder` and its sentences' `text.words`.
    """
    texts = [s.text for s in article.sentences]
    tokens = [text_words(t) for t in texts] if tokens is None else tokens
    vectors = embedder.encode(texts) if vectors is None else vectors
    return _assembled(article, vectors, tokens, [content_of(t) for t in tokens], embedder.label)


def _assembled(
    article: Article, vectors: np.ndarray, tokens: list[list[str]], words: list[frozenset[str]], model: str
) -> Profile:
    """The profile of `article` from its sentences' vectors, tokens and content words."""
    lengths = np.array([len(s.text) for s in article.sentences], dtype=np.float64)
    return Profile(
        article=article,
        vectors=vectors,
        words=words,
        word_keys=align.SentenceWords.of(words),
        places=base_form_places(tokens),
        weights=lengths / max(lengths.sum(), 1.0),
        model=model,
    )


#: The chrome reason of a press release's furniture, whose facts still support a churn's (`Profile.fact_index`).
ISSUER_CHROME = "press-release"
_CAPITALS = re.compile(r"\b[A-Z]{2,}(?:[\s-][A-Z]{2,})*\b")


def _plain(text: str) -> str:
    """`text` as a `claims.FactIndex` reads it: normalised, lower-case, words only."""
    return " ".join(_NON_WORD.split(normalize(text).lower())).strip()


#: The most sentence pairs one comparison scores (2,000 x 5,000 sentences; a news article has
#: tens, a 10 MB page 80,000): the alignment holds a few float matrices of that size, ~3 s and
#: ~0.5 GB here; two 1 MB texts of short sentences (10,000 x 20,000) took 168 s.
MAX_SENTENCE_PAIRS = 10_000_000


def too_long_to_align(source: Profile, target: Profile) -> str | None:
    """Why the pair is too long to align (`MAX_SENTENCE_PAIRS`), else None."""
    m, n = len(source.article.sentences), len(target.article.sentences)
    if m * n <= MAX_SENTENCE_PAIRS:
        return None
    return (f"too long to align with {source.article.id or 'the source'}: {m:,} x {n:,} sentences "
            f"(the limit is {MAX_SENTENCE_PAIRS:,} sentence pairs; split the text into articles)")  # fmt: skip


def compare_profiles(source: Profile, target: Profile) -> Comparison:
    """Align `target` against `source` and explain it: links, gaps, changed and invented facts.
    A target not derived as it stands is judged again without its padding (`padding`): a rewrite
    inside text about another subject is derived, the padding listed as added and counted
    (`Verdict.padding`, `evidence.padding`).

    Raises:
        InputError: the two are too long to align (`too_long_to_align`).
    """
    whole = _decided_whole(source, target)
    if whole.verdict.relation != "unrelated":
        explained = _explain(source, target, whole)
        if (alone := _without_boilerplate(source, target, whole.verdict, whole.links, _decided_whole)) is None:
            return explained
        shared, capped = alone
        return replace(explained, verdict=capped, evidence={**explained.evidence, "boilerplate": shared})
    if not (unpadded := _without_padding(source, target, _decided_whole)):
        return _explain(source, target, whole)
    keep, decided = unpadded  # decided, as `judge` decides, on the links it counts; then explained
    return _padded_back(_explain(source, _kept(target, keep), decided), source, target, keep, decided.links)


#: Sentences both texts share word for word at their start or end, stating nothing (no name,
#: figure, date or quote), are a site's boilerplate (`_without_boilerplate`) from this many:
#: a farm's intro and outro around every page, a publisher's disclaimer;
BOILERPLATE_SENTENCES = 3
#: ... each of this many words or more: a price table's fixed rows ('DEC7 -- --') and market name
#: are no boilerplate around a story (they made successive Reuters grain-futures tables unrelated).
BOILERPLATE_WORDS = 6


def boilerplate(source: Profile, target: Profile, links: Sequence[Link]) -> tuple[set[int], set[int]]:
    """The source's and the target's sentences that are shared boilerplate: linked word for word,
    stating no fact on either side, of `BOILERPLATE_WORDS` or more, in runs opening or closing the
    target. A farm wraps every page in the same intro and outro ('In today's fast-paced world ...',
    'Stay tuned ...'): two of its pages on one event read as an edited copy of each other by those
    sentences alone."""
    target_facts, source_facts, sentences = target.facts, source.facts, target.article.sentences
    bare = {j: lk.source for lk in links if lk.kind == "verbatim" for j in lk.target
            if not target_facts[j] and not any(source_facts[i] for i in lk.source)
            and len(sentences[j].text.split()) >= BOILERPLATE_WORDS}  # fmt: skip
    n = len(target.article.sentences)
    edge: set[int] = set()
    for order in (range(n), range(n - 1, -1, -1)):
        for j in order:
            if j not in bare:
                break
            edge.add(j)
    return {i for j in edge for i in bare[j]}, edge


def _without_boilerplate(
    source: Profile,
    target: Profile,
    whole: Verdict,
    links: Sequence[Link],
    judged: Callable[[Profile, Profile], _Decided | None],
) -> tuple[int, Verdict] | None:
    """For a pair derived as it stands (`whole`, on `links`), the number of target sentences of
    shared boilerplate (`boilerplate`) and the verdict `unrelated` (`rule` `boilerplate`, the score
    of the rest) when the rest of the two texts (two sentences or more each) is judged unrelated;
    else None."""
    shared_source, shared_target = boilerplate(source, target, links)
    if len(shared_target) < BOILERPLATE_SENTENCES:
        return None
    keep_source = [i for i in range(len(source.article.sentences)) if i not in shared_source]
    keep_target = [j for j in range(len(target.article.sentences)) if j not in shared_target]
    if min(len(keep_source), len(keep_target)) < 2:
        return None  # all but a sentence is the shared text: nothing else to judge it by
    rest = judged(_kept(source, keep_source), _kept(target, keep_target))
    if rest is not None and rest.verdict.relation != "unrelated":
        return None
    score = min(rest.verdict.score, verdict.DERIVED_THRESHOLD - 0.0001) if rest is not None else 0.0
    return len(shared_target), replace(whole, relation="unrelated", score=round(score, 4), rule="boilerplate")


def _without_padding(
    source: Profile, target: Profile, judged: Callable[[Profile, Profile], _Decided | None]
) -> tuple[list[int], _Decided] | None:
    """The sentences of `target` kept and its judgement (`judged`: `_decided_whole` or `_judged`)
    without its padding (`padding`) when that is the source's story (`tells_story`); else None.
    The kept text is judged first without the padding's names read (`padding_runs`): most pairs
    are ruled out by their alignment before any fact is read (the index verifies thousands)."""
    n = len(target.article.sentences)
    if n < PADDING_RUN + PADDED_SENTENCES or len(source.vectors) < PADDED_SENTENCES:
        return None
    similar = source.vectors @ target.vectors.T
    if not _reached(similar):  # not even the whole target comes near enough of the source
        return None
    runs = padding_runs(source, target, similar)
    rough = {j for run in runs for j in run}
    if not rough or len(rough) == n:
        return None
    keep = [j for j in range(n) if j not in rough]
    if len(keep) < PADDED_SENTENCES or not (_reached(similar[:, keep]) and _reached(similar[:, keep].T)):
        return None  # too little of it is the source's story
    result = judged(source, kept := _kept(target, keep))
    if result is None or result.verdict.relation == "unrelated":
        return None
    if (pad := unnamed(source, target, runs)) != rough:
        if not pad:
            return None
        keep = [j for j in range(n) if j not in pad]
        result = judged(source, kept := _kept(target, keep))
        if result is None or result.verdict.relation == "unrelated":
            return None
    return (keep, result) if tells_story(source, kept, result.links, result.verdict) else None


def _decided_whole(source: Profile, target: Profile) -> _Decided:
    """`compare_profiles`'s judgement of the target as it stands, before it is explained."""
    if problem := too_long_to_align(source, target):
        raise InputError(target.article.id or "target", problem)
    pairs = align.pair_scores(source.vectors, target.vectors, source.word_keys, target.word_keys)
    links = _links(source, target, pairs, _spans(pairs, source, target))
    lexical = (_vocabulary_share(source, target), _order(source, target, links))
    other = _other_subject(source, target) or _other_lead(source, target, links)
    return _decide(source, target, pairs, links, lexical, _order_basis(source, target), other)


def judge(source: Profile, target: Profile) -> Verdict | None:
    """The verdict of `compare_profiles` for candidate pairs, which need no explanation: None when
    `target` cannot be derived from `source`, without aligning when the two headlines name
    different subjects, without checking facts when the alignment alone stays below the derived
    threshold, and without the facts' substitutions when the pair is a template filled in again,
    the target states too many facts of its own for the pair to be derived even with none in
    conflict, or its ledes open with different subjects; otherwise the verdict alone (the reported changes and
    claims, which do not weigh in it, are left to `compare_profiles`). A target not derived as it
    stands is judged again without its padding, as `compare_profiles` does."""
    whole = _judged(source, target)
    as_it_stands = whole.verdict if whole else None
    if whole and as_it_stands and as_it_stands.relation != "unrelated":
        alone = _without_boilerplate(source, target, as_it_stands, whole.links, _judged)
        return alone[1] if alone else as_it_stands
    if not (unpadded := _without_padding(source, target, _judged)):
        return as_it_stands
    keep, decided = unpadded
    n = len(target.article.sentences)
    linked = len({j for lk in decided.links for j in lk.target})
    return replace(decided.verdict, target_coverage=round(linked / n, 4), padding=n - len(keep))


def _judged(source: Profile, target: Profile) -> _Decided | None:
    """`judge` of the target as it stands, with what the verdict rests on."""
    n_source = len(source.article.sentences)
    # a source whose sentences the target holds word for word is judged through, whatever pads it
    # (`verdict.carried_whole`): none of the shortcuts below, which read the target as a whole
    if _other_subject(source, target) and not _holds_sentences(source, target):  # capped below derived
        return None
    if problem := too_long_to_align(source, target):
        raise InputError(target.article.id or "target", problem)
    pairs = align.pair_scores(source.vectors, target.vectors, source.word_keys, target.word_keys)
    spans = _spans(pairs, source, target)
    vocabulary = _vocabulary_share(source, target)
    aligned = verdict.alignment_features(spans, source.weights, target.weights)
    sizes = n_source, len(target.article.sentences)
    best_case = functools.partial(
        verdict.best_case_score, aligned, [score for _, _, score in spans], vocabulary, sizes=sizes
    )
    spanned = len({i for src, _, _ in spans for i in src}) >= verdict.CARRIED_WHOLE_SHARE * n_source
    if best_case(1.0) < verdict.DERIVED_THRESHOLD and not spanned:  # even with the words in the source's order
        return None
    links = _links(source, target, pairs, spans)
    whole = verdict.carried_whole(links, n_source)
    order = _order(source, target, links)
    basis = _order_basis(source, target)
    if best_case(order, basis, verdict.paraphrased(links)) < verdict.DERIVED_THRESHOLD and not whole:
        return None
    if verdict.filled_in_template(source.facts, target.facts, spans, source.fact_index, target.fact_index) and not (
        _copied_and_falsified(source, target, links)
    ):
        return None
    unsupported = _unsupported(source, target)
    support = verdict.fact_support(target.facts, unsupported[1])
    if best_case(order, basis, verdict.paraphrased(links), fact_support=support) < verdict.DERIVED_THRESHOLD and not (
        whole
    ):
        return None  # the target's own names, figures and dates: no derivation whatever else the facts say
    if _other_lead(source, target, links) and not whole:  # capped below derived, as `_explain` would find
        return None
    lexical = (vocabulary, order)
    return _decide(source, target, pairs, links, lexical, basis, other_subject=False, read=unsupported)


#: A target sentence is about another subject than its source (`padding`) when its embedding is
#: under this cosine to every source sentence (padding 0.13 median, 0.26 at the 95th percentile;
#: a reporter's own unlinked sentences 0.35-0.42 median: BENCHMARKS.md),
OFF_TOPIC_COSINE = 0.35
#: ... at most this share of its content words are the source's,
OFF_TOPIC_WORDS = 0.3
#: ... and it names no one and nothing the source names. Padding is such sentences, this many in a row,
PADDING_RUN = 2
#: ... whose mean embedding is under this cosine to the source's (padding 0.06 median, 0.23 at the
#: 95th percentile; runs of an independent report's own sentences 0.22 median).
PADDING_TOPIC = 0.25
#: A target judged without its padding is derived when it scores at least this (a clear case),
PADDED_SCORE = 0.7
#: ... states this share of the source's distinct names, figures and dates (of `PADDED_FACTS` or
#: more), and links this share of the source's sentences that state one: it tells the source's
#: story, where two pages padded alike share their boilerplate (a farm's intro and outro).
PADDED_STORY = 0.5
PADDED_FACTS = 3
#: The fewest sentences of a source, and of the text kept beside the padding, for a story told
#: inside text about another subject: two sentences of a short wire's follow-up far from the
#: first report (offices and banks shut the day after a blizzard's report) are its own reporting
#: as likely as padding (two Reuters pairs the first version linked; BENCHMARKS.md).
PADDED_SENTENCES = 4
#: Before judging it, the text kept must come this close (cosine) to this share of the source's
#: sentences, and as many of its own come as close to the source's: every padded rewrite found
#: reaches 0.5 of the source's and 0.43 of its own (134 pairs, BENCHMARKS.md); the index verifier
#: judges again only the few pairs that can be one.
PADDED_NEAR = 0.5
PADDED_REACHED = 0.35


def padding(source: Profile, target: Profile) -> set[int]:
    """The target's sentences about another subject than the source: runs of `PADDING_RUN` or more
    sentences, each far from every source sentence in meaning (`OFF_TOPIC_COSINE`) and words
    (`OFF_TOPIC_WORDS`), naming nothing the source names, together far from the source's topic
    (`PADDING_TOPIC`), and single such sentences between the story's that are far from its topic
    together (`_interleaved`). A content farm pads a rewrite with an unrelated article around it, a
    paragraph of sport after it, or a sentence of another article after each of its own; judged
    whole, the padding's names and share of the text made the rewrite a report of its own. A
    follow-up's or another reporter's sentences of their own tell the same event: they name its
    people and places, and stay nearer its topic."""
    return unnamed(source, target, padding_runs(source, target))


def _reached(similar: np.ndarray) -> bool:
    """Whether the columns come `PADDED_NEAR` close to `PADDED_REACHED` of the rows (`similar`: the
    cosines of the source's sentences with the target's, or the other way round)."""
    return int((similar.max(axis=1) >= PADDED_NEAR).sum()) >= PADDED_REACHED * similar.shape[0]


def padding_runs(source: Profile, target: Profile, similar: np.ndarray | None = None) -> list[list[int]]:
    """The runs `padding` is read from, before their sentences' names are, and the single far
    sentences as one group when they are padding together (`_interleaved`): from the sentence
    vectors and words alone (`similar`, the source x target cosines, when computed)."""
    n = len(target.article.sentences)
    if not n or not len(source.vectors):
        return []
    nearest = (source.vectors @ target.vectors.T if similar is None else similar).max(axis=0)
    far = [
        bool(nearest[j] < OFF_TOPIC_COSINE)
        and len(target.words[j] & source.content) <= OFF_TOPIC_WORDS * len(target.words[j])
        for j in range(n)
    ]
    if sum(far) < PADDING_RUN:
        return []
    topic = mean_direction(source.vectors)
    runs = _runs(far)
    singles = [run[0] for run in runs if len(run) == 1]
    return [run for run in runs if _off_topic(topic, target, run)] + (
        [singles] if _interleaved(topic, target, singles) else []
    )


#: Single sentences about another subject, one between each of the story's own or every second one,
#: are padding together (`_interleaved`) when there are this many, making this share of the target,
#: their mean embedding under this cosine to the source's (stricter than a run's: an independent
#: report's own sentences, scattered through it, read 0.21 at the first quartile; BENCHMARKS.md).
INTERLEAVED_SENTENCES = 4
INTERLEAVED_SHARE = 0.25
INTERLEAVED_TOPIC = 0.15


def _interleaved(topic: np.ndarray, target: Profile, singles: list[int]) -> bool:
    """Whether single far sentences (`singles`, each alone between the story's) are padding
    together: a farm puts one sentence of another article after each of the story's."""
    return (
        len(singles) >= max(INTERLEAVED_SENTENCES, INTERLEAVED_SHARE * len(target.article.sentences))
        and float(mean_direction(target.vectors[singles]) @ topic) < INTERLEAVED_TOPIC
    )


def unnamed(source: Profile, target: Profile, runs: Sequence[list[int]]) -> set[int]:
    """The sentences of `runs` (`padding_runs`) that are padding: a sentence naming what the source
    names splits its run, whose parts are padding as runs are (`padding`)."""
    if not runs:
        return set()
    named = {f.key for facts in source.facts for f in facts if f.kind == "name"}
    n = len(target.article.sentences)
    naming = {j for run in runs for j in run if any(f.kind == "name" and f.key in named for f in target.facts[j])}
    topic = mean_direction(source.vectors)
    pad = {j for run in runs if _contiguous(run) for part in _runs([j in run and j not in naming for j in range(n)])
           if _off_topic(topic, target, part) for j in part}  # fmt: skip
    for group in (run for run in runs if not _contiguous(run)):  # single sentences interleaved
        if _interleaved(topic, target, rest := [j for j in group if j not in naming]):
            pad.update(rest)
    return pad if len(pad) < n else set()


def _contiguous(run: list[int]) -> bool:
    """Whether a group of sentences (`padding_runs`) is one run, not single ones interleaved."""
    return run[-1] - run[0] == len(run) - 1


def _off_topic(topic: np.ndarray, target: Profile, run: list[int]) -> bool:
    """Whether a run of far sentences is long enough and far enough from the source's `topic` (its
    mean sentence embedding) to be padding."""
    return len(run) >= PADDING_RUN and float(mean_direction(target.vectors[run]) @ topic) < PADDING_TOPIC


def _runs(flags: Sequence[bool]) -> list[list[int]]:
    """The runs of consecutive indexes whose flag is set."""
    runs: list[list[int]] = []
    for j, ok in enumerate(flags):
        if ok and runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        elif ok:
            runs.append([j])
    return runs


def tells_story(source: Profile, kept: Profile, links: Sequence[Link], verdict: Verdict) -> bool:
    """Whether a target judged without its padding (`kept`, its `links` and `verdict`) is the
    source's story retold: a clear `rewrite` (`PADDED_SCORE`) stating `PADDED_STORY` of the
    source's facts (`PADDED_FACTS` or more), linking as much of its sentences that state them, and
    as much of its own text linked to those. Two pages padded with one farm's intro and outro
    share the boilerplate, which states nothing, and little of either story. Passages kept word for
    word (an `edited-copy` once the rest is set aside) are a report of its own re-using them, as
    `verdict.new_reporting` reads it: 'Lib Dem leader Charles Kennedy meanwhile ...' and eight of
    the earlier report's sentences under a story of the party's Treasury spokesman; a copy padded
    whole is derived as it stands (`verdict.carried_whole`)."""
    if verdict.relation != "rewrite" or verdict.score < PADDED_SCORE:
        return False
    stated, total = claims.facts_carried(source.facts, kept.fact_index)
    factual = {i for i, facts in enumerate(source.facts) if any(f.kind != "quote" for f in facts)}
    telling = [lk for lk in links if factual.intersection(lk.source)]
    told = {j for lk in telling for j in lk.target}
    return (
        total >= PADDED_FACTS
        and stated >= PADDED_STORY * total
        and len(factual & {i for lk in telling for i in lk.source}) >= PADDED_STORY * len(factual)
        and float(sum(kept.weights[j] for j in told)) >= PADDED_STORY
    )


def _kept(whole: Profile, keep: Sequence[int]) -> Profile:
    """`whole` (a target, or a source beside shared boilerplate) with only the sentences `keep`
    (their vectors as computed), as a text of its own."""
    article = whole.article
    texts = [article.sentences[j].text for j in keep]
    sentences, start = [], 0
    for i, text in enumerate(texts):
        sentences.append(Sentence(i, start, start + len(text), text))
        start += len(text) + 1
    kept = replace(article, text="\n".join(texts), sentences=sentences)
    words = [whole.words[j] for j in keep]
    part = _assembled(kept, whole.vectors[list(keep)], [text_words(t) for t in texts], words, whole.model)
    part._language, part.part_of = whole.language, (whole, tuple(keep))
    return part


def _padded_back(
    unpadded: Comparison, source: Profile, target: Profile, keep: Sequence[int], counted: Sequence[Link]
) -> Comparison:
    """The comparison of a target judged without its padding, told of the whole `target` (of which
    it kept the sentences `keep`): its sentence numbers, the padding added and counted, the coverage
    of the whole (over the judgement's `counted` links, as `judge` counts it), and every claim of
    the whole the source does not state (a quote invented beside the padding is still listed)."""
    article = target.article
    padded = len(article.sentences) - len(keep)
    at = list(keep)
    links = [replace(lk, target=tuple(at[j] for j in lk.target)) for lk in unpadded.links]
    linked = {j for lk in links for j in lk.target}
    covered = len({j for lk in counted for j in lk.target})
    n = len(article.sentences)
    return replace(
        unpadded,
        target=article,
        verdict=replace(unpadded.verdict, target_coverage=round(covered / n, 4) if n else 0.0, padding=padded),
        links=links,
        added=[j for j in range(n) if j not in linked],
        changes=[replace(c, target=at[c.target]) for c in unpadded.changes],
        unsupported=claims.as_reported(
            _unsupported(source, target)[0], target.facts, source.fact_index, [s.text for s in article.sentences]
        ),
        evidence={**unpadded.evidence, "padding": padded},
    )


def _holds_sentences(source: Profile, target: Profile) -> bool:
    """Whether the target holds nearly every sentence of its source word for word
    (`verdict.CARRIED_WHOLE_SHARE` of `CARRIED_WHOLE_SENTENCES` or more), told before aligning
    them: a copied wire inside a page headlined for another story is aligned all the same."""
    n = len(source.article.sentences)
    if n < verdict.CARRIED_WHOLE_SENTENCES or len(target.article.sentences) < n:
        return False
    held = {_plain(s.text) for s in target.article.sentences}
    return sum(_plain(s.text) in held for s in source.article.sentences) >= verdict.CARRIED_WHOLE_SHARE * n


def _unsupported(source: Profile, target: Profile) -> tuple[list[Unsupported], list[Unsupported]]:
    """The target's facts the source never states (`claims.unsupported`), and as the verdict reads
    them (`claims.as_fitted`)."""
    unsupported = claims.unsupported(target.facts, source.fact_index)
    return unsupported, claims.as_fitted(unsupported, target.facts, source.fact_index)


def _spans(pairs: align.PairScores, source: Profile, target: Profile) -> list[verdict.Span]:
    """The alignment's links as (source ids, target ids, score), scores rounded as reported; a
    sentence copied whole linked to its own alone when either text is not English (the sentence
    model, made for English, finds most sentences of another language close: a sentence a copy
    deleted was merged into its neighbour's link)."""
    copies_alone = source.language != "en" or target.language != "en"
    if _same_sentences(source.article, target.article):  # a text repeating a sentence had it linked across
        return [((i,), (i,), 1.0) for i in range(len(source.article.sentences))]
    return [(src, tgt, round(score, 4)) for src, tgt, score in align.link_pairs(pairs, copies_alone=copies_alone)]


def _same_sentences(a: Article, b: Article) -> bool:
    """Whether two articles hold the same sentences in the same order (whitespace aside): each
    sentence is then its own copy, whatever repeats among them."""
    return len(a.sentences) == len(b.sentences) and all(
        " ".join(x.text.split()) == " ".join(y.text.split()) for x, y in zip(a.sentences, b.sentences)
    )


def _links(source: Profile, target: Profile, pairs: align.PairScores, spans: list[verdict.Span]) -> list[Link]:
    """The alignment's links with their kind (verbatim, edited, paraphrase)."""
    links: list[Link] = []
    for src_ids, tgt_ids, score in spans:
        src_text, tgt_text = _texts(source, target, src_ids, tgt_ids)
        best_dice = float(max(pairs.dice[i, j] for i in src_ids for j in tgt_ids))
        kind = align.link_kind(src_text, tgt_text, best_dice)
        links.append(Link(source=tuple(src_ids), target=tuple(tgt_ids), kind=kind, score=score))
    return links


def _light(source: Profile, target: Profile, link: Link) -> bool:
    """Whether a link carries its source's text verbatim or lightly edited, its words kept in
    their order (`align.LIGHT_EDIT`): the text of an edited copy, not of a rewrite."""
    if link.kind != "edited":
        return link.kind == "verbatim"
    before, after = _texts(source, target, link.source, link.target)
    return align.words_in_order(before, after, align.LIGHT_EDIT) >= align.LIGHT_EDIT


def _texts(source: Profile, target: Profile, source_ids: Sequence[int], target_ids: Sequence[int]) -> tuple[str, str]:
    """The text of a link's source sentences and of its target sentences."""
    return (
        " ".join(source.article.sentences[i].text for i in source_ids),
        " ".join(target.article.sentences[j].text for j in target_ids),
    )


def _claims_added(target: Profile, linked: set[int]) -> bool:
    """Whether a sentence the target adds states a name, figure or date, even one the source
    states ('Jeroen Dijsselbloem said the IMF would contribute a third'): a claim, so no `copy`."""
    return any(f.kind != "quote" for j, facts in enumerate(target.facts) if j not in linked for f in facts)


def _reworded(source: Profile, target: Profile, link: Link) -> bool:
    """Whether a link that is not verbatim changes words, spelling aside ('promised an inquiry' /
    'refused an inquiry', '... he said' / '... Ms Hale said'): a copy with such a sentence is an
    edited copy. A paraphrase link counts too: in a language whose words run together (Chinese) one
    changed figure makes the whole sentence a paraphrase, and a copy so changed is no `copy`."""
    if link.kind == "verbatim":
        return False
    before, after = _texts(source, target, link.source, link.target)
    return not claims.same_words(plain_words(before), plain_words(after))


def _order(source: Profile, target: Profile, links: list[Link]) -> float:
    """The verdict's `word_order` feature for an aligned pair (`verdict.order_evidence`)."""
    sentences = target.article.sentences
    quoting = {j for lk in links if lk.kind == "verbatim" for j in lk.target if _QUOTE_MARK.search(sentences[j].text)}
    return verdict.order_evidence(align.word_order(source.places, target.places), links, quoting)


def _order_basis(source: Profile, target: Profile) -> tuple[int, int]:
    """What the pair's word order rests on (`align.order_basis`)."""
    return align.order_basis(source.places, target.places, target.words)


def _explain(source: Profile, target: Profile, decided: _Decided) -> Comparison:
    """The full comparison of a pair decided (`_decide`), with what a reader is shown beside the
    verdict: reversed meanings, figures bound otherwise and the unsupported claims as reported."""
    links, changes = decided.links, decided.changes
    if decided.verdict.relation != "unrelated":  # shown, not judged: neither the verdict nor the coverages count them
        links, changes = _with_anchored(source, target, decided.pairs, links, changes)
    texts = ([s.text for s in source.article.sentences], [s.text for s in target.article.sentences])
    linked_src_set = {i for link in links for i in link.source}
    linked_tgt_set = {j for link in links for j in link.target}
    return Comparison(
        source=source.article,
        target=target.article,
        verdict=decided.verdict,
        links=links,
        added=[j for j in range(len(target.article.sentences)) if j not in linked_tgt_set],
        dropped=[i for i in range(len(source.article.sentences)) if i not in linked_src_set],
        # a place named in another form ('France' / 'French') is reported neither changed nor unsupported;
        # a reversed meaning ('denies' / 'admits') is reported, not judged
        changes=claims.scores_whole(  # each figure is judged; a score is reported whole
            [c for c in changes if c.kind != "name" or not claims.restates_place(c.before or "", c.after or "")], texts
        )
        + _reversals(source, target, links)
        + claims.qualifier_changes(source.facts, target.facts, [(lk.source, lk.target) for lk in links], texts)
        + _unit_changes(source, target, links)
        + claims.relative_date_changes([(lk.source, lk.target) for lk in links], texts),
        unsupported=claims.as_reported(
            decided.unsupported, target.facts, source.fact_index, [s.text for s in target.article.sentences]
        ),
        evidence=decided.evidence,
        title_changes=title_changes(source.article.title, target.article.title),
        model=source.model or target.model,
        credit=credit(source.article, target.article),
    )


@dataclass(slots=True, frozen=True)
class _Decided:
    """A pair's verdict and what it rests on: the links and substituted facts (placed sentences
    included for a derived pair), the target's unsupported facts and the evidence features."""

    verdict: Verdict
    links: list[Link]
    changes: list[Change]
    unsupported: list[Unsupported]
    evidence: dict[str, float]
    pairs: align.PairScores  # the sentence-pair scores it was aligned on, which `_explain` reads again


def _decide(
    source: Profile,
    target: Profile,
    pairs: align.PairScores,
    links: list[Link],
    lexical: tuple[float, float],
    basis: tuple[int, int],
    other_subject: bool,
    read: tuple[list[Unsupported], list[Unsupported]] | None = None,
) -> _Decided:
    """The verdict of an aligned pair; `pairs` its sentence-pair scores, `lexical` (vocabulary
    share, order evidence), `basis` what the order rests on (`align.order_basis`), `other_subject`
    whether the headlines or ledes name different subjects (`_other_subject`, `_other_lead`:
    `judge` has checked both), `read` the pair's `_unsupported` when `judge` has read it. A pair
    judged derived is then explained with the sentences that face each other between its kept
    ones linked too (`_with_placed`)."""
    linked_tgt_set = {j for link in links for j in link.target}
    changes = _changes(source, target, links)
    units = _unit_changes(source, target, links)  # '$42bn' / '£42bn': the figure's other currency or unit
    links = _edited_where_changed(links, changes + units)
    unsupported, judged = read or _unsupported(source, target)
    features = verdict.Features.measure(
        links=links,
        source_weights=source.weights,
        target_weights=target.weights,
        target_facts=target.facts,
        unsupported=judged,
        conflicted=claims.figure_conflicts(source.facts, target.facts, [(lk.source, lk.target) for lk in links]),
        source_facts=source.facts,
        source_index=source.fact_index,
        target_index=target.fact_index,
        vocabulary=lexical[0],
        word_order=lexical[1],
    )
    falsified = features.contradiction >= 1.0 and (
        verdict.contradiction(source.facts, target.facts, source.fact_index, target.fact_index, linked_tgt_set, True)
        < 1.0
        or _copied_and_falsified(source, target, links)
    )
    if falsified and _replaced_in_place(source, target, linked_tgt_set, changes):
        features = replace(features, contradiction=0.0)  # each falsified fact is shown where it stood
    own = claims.own_facts(target.facts, judged, linked_tgt_set)
    verbatim_tgt = {j for lk in links if lk.kind == "verbatim" for j in lk.target}
    evidence = {k: round(v, 4) for k, v in zip(verdict.FEATURE_NAMES, astuple(features))}
    evidence["own_facts"] = own[0]
    newcomers = claims.quoted_newcomers(target.facts, source.fact_index, linked_tgt_set)
    evidence["quoted_newcomers"] = newcomers
    light = [_light(source, target, lk) for lk in links]
    decided = verdict.decide(
        features,
        links,
        target.weights,
        len(source.article.sentences),
        len(target.article.sentences),
        basis,
        own,
        other_subject,
        # a changed fact or word, or a claim of its own in an added or edited sentence: never a `copy`
        substituted=bool(changes)
        or any(u.target not in verbatim_tgt for u in unsupported)
        or any(_reworded(source, target, lk) for lk in links)
        or _claims_added(target, linked_tgt_set)
        or bool(units),
        light=light,
        identical=source.article.text.split() == target.article.text.split(),
        falsified=falsified,
        carried=claims.facts_carried(source.facts, target.fact_index),
        quoted_newcomers=newcomers,
        refilled=_another_days_report(source, target, changes, light),
        # read only where the rule can apply (paraphrases alone): `combined` is a matrix computed anew
        margin=verdict.singled_out(links, pairs.combined) if all(lk.kind == "paraphrase" for lk in links) else 1.0,
    )
    if decided.relation != "unrelated":
        links, changes, decided = _with_placed(source, target, pairs, links, changes, decided)
    return _Decided(decided, links, changes, unsupported, evidence, pairs)


def _another_days_report(source: Profile, target: Profile, changes: Sequence[Change], light: Sequence[bool]) -> bool:
    """Whether the target is the source's template filled in for another day: the two are published
    on days apart (`_days_apart`), the target words most of what it links as the source does
    (`light`, per link `_light`: `FORMULA_SHARE` of them or more; a template's sentences come back
    in its words, a rewrite's in its own), and in
    the sentences that face each other the target replaces
    `REFILLED_MANY` or more of the source's figures and dates, or `REFILLED_FIGURES` or more and
    no fewer than it keeps (a lottery draw, a road's closure next week: the prize table and the
    road stay, every draw's numbers and every closure's times change; the day of the week it falls
    on is no figure kept). An edited copy, even one falsified, keeps most of its figures; one that
    carries a quote of the source word for word is of the day it was said, whatever it changed
    (`_quote_kept`): a report filled in anew quotes no one's words of the day before."""
    if not _days_apart(source.article.published, target.article.published) or _quote_kept(source, target):
        return False
    if not light or sum(light) < FORMULA_SHARE * len(light):  # a farm's rewrite the next day, facts changed
        return False
    replaced = {c.before for c in changes if c.kind in ("number", "date")}
    if len(replaced) >= REFILLED_MANY:
        return True
    if len(replaced) < REFILLED_FIGURES:
        return False
    stated = {f.key: f for facts in source.facts for f in facts if f.kind == "number" or _dated(f)}
    return len(replaced) >= sum(1 for f in stated.values() if target.fact_index.supports(f))


#: The share of a pair's links a template filled in again carries in the source's words, in its
#: order (`_light`; `_another_days_report`): its figures swapped, its formula kept. A farm's
#: rewrite published the next day with facts changed words its sentences anew.
FORMULA_SHARE = 0.5


def _quote_kept(source: Profile, target: Profile) -> bool:
    """Whether the target quotes `KEPT_QUOTE_WORDS` or more words of the source's quoted speech
    word for word: what was said once, not a formula filled in again."""
    said = {f.key for facts in source.facts for f in facts if f.kind == "quote"}
    return any(
        f.kind == "quote" and f.key in said and len(f.key.split()) >= KEPT_QUOTE_WORDS
        for facts in target.facts
        for f in facts
    )


#: The fewest words of a quote a report carries word for word to be of the day the quote was said
#: (`_quote_kept`): a template's stock phrase in quotes ('"open as usual"') is shorter.
KEPT_QUOTE_WORDS = 6


def _dated(fact: Fact) -> bool:
    """Whether a fact is a date other than a day of the week: 'on Saturday' recurs with the template."""
    return fact.kind == "date" and not fact.key.startswith(WEEKDAY_KEY)


#: The fewest figures and dates a template filled in for another day replaces (`_another_days_report`),
#: and how many it may replace whatever it keeps (two draws share some of their numbers by chance).
REFILLED_FIGURES = 3
REFILLED_MANY = 5


def _days_apart(first: str | None, second: str | None) -> bool:
    """Whether two publication dates are a day or more apart: two days or more between their
    days, or 20 hours between their times (a daily report's); a day alone next to the following
    one may be an hour apart."""
    if not first or not second or first[:10] == second[:10]:
        return False
    try:
        days = abs((dt.date.fromisoformat(second[:10]) - dt.date.fromisoformat(first[:10])).days)
        if days != 1 or len(first) <= 10 or len(second) <= 10:
            return days >= 2
        gap = abs(dt.datetime.fromisoformat(second) - dt.datetime.fromisoformat(first))
    except (ValueError, TypeError):  # a month or a year alone; a time with a zone beside one without
        return False
    return gap.total_seconds() >= DAILY_GAP_HOURS * 3600


#: The shortest gap between two timed reports of a daily template (`_days_apart`).
DAILY_GAP_HOURS = 20


def _changes(source: Profile, target: Profile, links: Sequence[Link]) -> list[Change]:
    """The facts `links` substitute (`claims.changes`), each link's sentences read in place."""
    return claims.changes(
        source.facts,
        target.facts,
        [(lk.source, lk.target) for lk in links],
        source.fact_index,
        target.fact_index,
        [_in_place(lk, source, target) for lk in links],
        ([s.text for s in source.article.sentences], [s.text for s in target.article.sentences]),
    )


#: Share of a headline's words another keeps in order for `title_changes` to read it as edited in
#: place when every other word is swapped for another, none left out or added (`_headline_edited`):
#: 'BP profits soar 26%' / '... 62%' keeps 0.75, 'Fire kills 12 in Leeds warehouse' / '... 15 in
#: Bradford warehouse' 0.67 (a sentence needs 0.8, `align.IN_PLACE_WORDS`, which a short headline
#: with one figure changed never reaches).
TITLE_IN_PLACE = 0.6


def _headline_edited(said: str, says: str) -> bool:
    """Whether headline `says` is `said` edited in place: as a sentence is (`align.edited_in_place`),
    or keeping `TITLE_IN_PLACE` of its words in order with words only swapped, each run for one as
    long. 'Man, 34, charged over Leeds warehouse fire' / 'Man charged over Leeds warehouse fire
    that killed 2' keeps 0.75, but drops the age and adds the toll: 34 was no death toll changed."""
    if align.edited_in_place(said, says):
        return True
    before, after = text_words(said), text_words(says)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    ops = matcher.get_opcodes()
    return all(op == "equal" or (op == "replace" and i2 - i1 == j2 - j1) for op, i1, i2, j1, j2 in ops) and (
        matcher.ratio() >= TITLE_IN_PLACE
    )


def title_changes(source_title: str | None, target_title: str | None) -> list[Change]:
    """The facts a headline edited in place changed ('BP profits soar 26%' / '... 62%', a name, a
    date, a reversed meaning), read as a sentence edited in place is (`claims.changes`): headline
    errors are among the commonest corrections, and the body's comparison never reads them. A
    headline written anew (a rewrite's) is not compared (`_headline_edited`). Each change's `source`
    and `target` is 0."""
    said, says = (source_title or "").strip(), (target_title or "").strip()
    if not said or not says or said == says or not _headline_edited(said, says):
        return []
    sf, tf = [document_facts([said])[0]], [document_facts([says])[0]]
    si, ti = claims.FactIndex.build(sf, said.lower()), claims.FactIndex.build(tf, says.lower())
    link, texts = [((0,), (0,))], ([said], [says])
    return (
        claims.changes(sf, tf, link, si, ti, [(si, ti)], texts)
        + polarity.reversals([said], [says], link, [True])
        + claims.qualifier_changes(sf, tf, link, texts)
        + claims.unit_changes(sf, tf, link, texts)
    )


def _unit_changes(source: Profile, target: Profile, links: Sequence[Link]) -> list[Change]:
    """The figures `links` state in another currency or unit (`claims.unit_changes`)."""
    texts = ([s.text for s in source.article.sentences], [s.text for s in target.article.sentences])
    return claims.unit_changes(source.facts, target.facts, [(lk.source, lk.target) for lk in links], texts)


def _reversals(source: Profile, target: Profile, links: Sequence[Link]) -> list[Change]:
    """The meanings `links` reverse (`polarity.reversals`), a negation only in sentences edited in place."""
    return polarity.reversals(
        [s.text for s in source.article.sentences],
        [s.text for s in target.article.sentences],
        [(lk.source, lk.target) for lk in links],
        [_in_place(lk, source, target) is not None for lk in links],
    )


def _with_placed(
    source: Profile,
    target: Profile,
    pairs: align.PairScores,
    links: list[Link],
    changes: list[Change],
    decided: Verdict,
) -> tuple[list[Link], list[Change], Verdict]:
    """A derived pair's links, changes and coverages with the sentences that face each other
    between its kept ones linked too (`align.placed_pairs`), each a link of its own with its
    changes read like any other's. The score and relation stay those of the judgement."""
    placed = align.placed_pairs(pairs.combined, [(lk.source, lk.target) for lk in links])
    new = _links(source, target, pairs, [([i], [j], score) for i, j, score in placed])
    found = _changes(source, target, new)
    ordered = sorted([*links, *_edited_where_changed(new, found)], key=lambda lk: (lk.target[0], lk.source[0]))
    grown, changes = _with_merged(source, target, ordered, [*changes, *found])
    if not placed and grown is ordered:  # nothing placed nor merged: the judgement's own links and coverages
        return links, changes, decided
    links = grown
    n_source, n_target = len(source.article.sentences), len(target.article.sentences)
    covered = replace(
        decided,
        source_coverage=round(len({i for lk in links for i in lk.source}) / n_source, 4),
        target_coverage=round(len({j for lk in links for j in lk.target}) / n_target, 4),
    )
    return links, changes, covered


def _with_merged(
    source: Profile, target: Profile, links: list[Link], changes: list[Change]
) -> tuple[list[Link], list[Change]]:
    """`links` with each unlinked source sentence a rewrite merged into its neighbour's target
    sentences added to that link (`align.merged_into_neighbours`), and the changes of those links
    read again with their new source sentences."""
    speakers = [content_words(attribution(s.text)) for s in source.article.sentences]
    merged = align.merged_into_neighbours(
        source.words, target.words, [(lk.source, lk.target) for lk in links], speakers
    )
    if not merged:
        return links, changes
    links = list(links)
    for i, k in merged:
        links[k] = replace(links[k], source=tuple(sorted([*links[k].source, i])))
    grown = [links[k] for k in sorted({k for _, k in merged})]
    touched = {(i, j) for lk in grown for i in lk.source for j in lk.target}
    return links, [c for c in changes if (c.source, c.target) not in touched] + _changes(source, target, grown)


def _with_anchored(
    source: Profile, target: Profile, pairs: align.PairScores, links: list[Link], changes: list[Change]
) -> tuple[list[Link], list[Change]]:
    """`links` with the sentences that alone in their articles state one figure or date
    (`align.fact_anchored_pairs`) linked, the best pair first: two unlinked ones make a link of
    their own; an unlinked one joins its partner's link when that holds no other sentence on the
    partner's side (a merge or a split, not a sentence tied to several), a split's part stands
    within two sentences of the link's, and no change the link reported is lost (a cut sentence
    stating the figure a copy put in another's place is no source of it). A link joined keeps the
    score and kind of its judgement."""
    source_keys, source_specific, source_written = claims.anchor_keys(source.facts)
    target_keys, target_specific, target_written = claims.anchor_keys(target.facts)
    written = {k: source_written.get(k, frozenset()) | target_written.get(k, frozenset())
               for k in {*source_written, *target_written}}  # fmt: skip
    found = align.fact_anchored_pairs(
        pairs.combined, source_keys, target_keys, source_specific & target_specific,
        [(lk.source, lk.target) for lk in links], source.words, target.words, written,
    )  # fmt: skip
    if not found:
        return links, changes
    links, changes = list(links), list(changes)
    for i, j, _ in found:
        of_source = {n: k for k, lk in enumerate(links) for n in lk.source}
        of_target = {n: k for k, lk in enumerate(links) for n in lk.target}
        if i in of_source and j in of_target:
            continue  # the unlinked one was joined to another by a better pair
        if i not in of_source and j not in of_target:
            links.append(_links(source, target, pairs, [([i], [j], float(pairs.combined[i, j]))])[0])
            changes += _changes(source, target, links[-1:])
            continue
        k = of_source[i] if i in of_source else of_target[j]
        link = links[k]
        if len(link.source if i in of_source else link.target) > 1:
            continue  # the sentence would be tied to each of the several
        if i in of_source and not _beside(j, link.target, of_target):
            continue
        grown = replace(link, source=tuple(sorted({*link.source, i})), target=tuple(sorted({*link.target, j})))
        before = [c for c in changes if c.source in link.source and c.target in link.target]
        after = _changes(source, target, [grown])
        if not {(c.kind, c.before, c.after) for c in before} <= {(c.kind, c.before, c.after) for c in after}:
            continue
        links[k] = grown
        changes = [c for c in changes if c not in before] + after
    return sorted(links, key=lambda lk: (lk.target[0], lk.source[0])), changes


def _beside(j: int, targets: Sequence[int], of_target: dict[int, int]) -> bool:
    """Whether target sentence `j` sits within two sentences of `targets` with no sentence of
    another link between: a split's parts read as one row, in place."""
    return any(
        abs(t - j) <= 2 and all(of_target.get(n, of_target[t]) == of_target[t] for n in range(min(t, j) + 1, max(t, j)))
        for t in targets
    )


def _replaced_in_place(source: Profile, target: Profile, linked: set[int], changes: list[Change]) -> bool:
    """Whether every date and figure of the target's linked sentences that the source does not
    state is reported as a change, in place of the source's: a story falsified where it stood,
    each replacement readable beside what it replaced. Independent reports of one event state
    dates and figures of their own in sentences of their own."""
    replaced = {
        f.text
        for j in linked
        for f in target.facts[j]
        if f.kind in ("number", "date") and not source.fact_index.supports(f)
    }
    shown = [ch.after or "" for ch in changes if ch.kind in ("number", "date")]  # a figure maybe with its bound
    return bool(replaced) and all(any(a == t or a.endswith(" " + t) for a in shown) for t in replaced)


def _edited_where_changed(links: list[Link], changes: list[Change]) -> list[Link]:
    """`links` with each verbatim link whose sentences changed a fact relabelled `edited`: a
    sentence with another figure, name, date or quote is not the source's words, however few
    letters differ ('$2bn' / '$2m')."""
    changed = {(c.source, c.target) for c in changes}
    return [
        replace(lk, kind="edited")
        if lk.kind == "verbatim" and any((i, j) in changed for i in lk.source for j in lk.target)
        else lk
        for lk in links
    ]


def _in_place(link: Link, source: Profile, target: Profile) -> tuple[claims.FactIndex, claims.FactIndex] | None:
    """For a link that edits one sentence into one with a few words changed
    (`align.edited_in_place`), the fact indexes of the two sentences (`claims.changes`)."""
    if link.kind != "edited" or len(link.source) != 1 or len(link.target) != 1:
        return None
    i, j = link.source[0], link.target[0]
    if not align.edited_in_place(source.article.sentences[i].text, target.article.sentences[j].text):
        return None
    return source.sentence_index(i), target.sentence_index(j)


def _other_subject(source: Profile, target: Profile) -> bool:
    """Whether the two headlines name different subjects (`verdict.different_subjects`), unless
    they name one person or body alike (`verdict.named_alike`) or state the same names once an
    opening word capitalised by its place is set aside ('Big oil producing nations meet this
    weekend in Qatar' / 'Get ready for a showdown in Qatar this weekend'); or tag different
    companies (`verdict.different_tickers`); or, for two texts that name no one, share no word
    of a subject (`verdict.unnamed_subjects`)."""
    if verdict.different_tickers(source.article.title, target.article.title):
        return True
    if source.headline_names and source.headline_names == target.headline_names:
        return False  # the same names, once words capitalised by their place are set aside
    if verdict.different_subjects(source.headline, target.headline, source.content, target.content):
        return not (verdict.named_alike(source.article.title, target.article.title) or _named_in_both(source, target))
    return (  # the facts read last: most pairs have headlines the texts share words of
        verdict.unnamed_subjects(source.headline, target.headline, source.content, target.content)
        and not _names_anyone(source)
        and not _names_anyone(target)
    )


def _named_in_both(source: Profile, target: Profile) -> bool:
    """Whether the headlines share a word, not any organisation's, of the name each lede opens on
    ('Pemberton Foods Corp: First Quarter Earnings Snapshot' / 'Pemberton Foods Q1 profit slips',
    ledes opening 'Pemberton Foods Corp (PMBF) on Wednesday reported' and 'Pemberton posted', a
    lede opening on no name read as one counting its capitalised first word): one subject, however
    differently the rest is worded. A name both headlines share that one lede
    does not open on may be the subject of two stories ('Glazer makes new Man Utd approach' /
    'Ferdinand casts doubt over Glazer'); template wires about two companies share only the
    template's words."""
    shared = (source.headline & target.headline) - verdict.ORGANISATION_WORDS
    if not shared:
        return False
    leads = verdict.lede_subjects(source.lead_names, target.lead_names)
    if not any(leads):  # 'Qtly div six cts vs six cts prior' opens two notices on no name
        return False
    words = [content_words(lead or _opening_word(p)) for lead, p in zip(leads, (source, target))]
    return bool(shared & words[0] & words[1])


def _opening_word(p: Profile) -> str:
    """The first word of an article whose lede opens on no name read as one: a capitalised word
    there may be a name ('Pemberton posted ...'), which the other article's headline and lede confirm."""
    sentences = p.article.sentences
    first = sentences[0].text.split(maxsplit=1) if sentences else []
    return first[0] if first and first[0][:1].isupper() else ""


def _names_anyone(profile: Profile) -> bool:
    """Whether the article's text states a name (its headline aside)."""
    return any(f.kind == "name" for facts in profile.facts for f in facts)


def _other_lead(source: Profile, target: Profile, links: list[Link]) -> bool:
    """Whether the two ledes open with different subjects (`verdict.different_leads`), unless the
    headlines tag one company (`verdict.shared_ticker`) or the target is the source's story with
    that name replaced (`verdict.renamed_story`: word for word but the name, stating the others)."""
    if verdict.shared_ticker(source.article.title, target.article.title):
        return False
    lead_link = next((link.kind for link in links if 0 in link.target), None)
    source_lead, target_lead = verdict.lede_subjects(source.lead_names, target.lead_names)
    names = source.fact_index.names, target.fact_index.names
    if not verdict.different_leads(source_lead, target_lead, *names, lead_link):
        return False
    if _headlined(source_lead, target) or _headlined(target_lead, source):
        return False  # 'The FTSE 100 index closed up' / 'London's blue-chip index gained' under '... lifts FTSE'
    kept = _verbatim_sentences(links) + _renamed_sentences(source, target, links, source_lead, target_lead)
    return not verdict.renamed_story(source.facts, target.facts, source.fact_index, kept)


def _headlined(lead: str | None, other: Profile) -> bool:
    """Whether the other article's headline names a lede's subject, every word of it: the rewrite
    spells the subject otherwise in its lede, not another subject."""
    words = content_words(lead) if lead else frozenset()
    return bool(words) and words <= content_words(other.article.title or "")


def _copied_and_falsified(source: Profile, target: Profile, links: list[Link]) -> bool:
    """Whether the target is the source word for word in half its sentences or more, stating its
    names (`verdict.renamed_story`), with its figures and dates replaced: a copy falsified, not a
    template filled in again, whose formula a notice for another company or day words anew (no
    Reuters template pair carries more than two sentences word for word)."""
    return verdict.renamed_story(source.facts, target.facts, source.fact_index, _verbatim_sentences(links))


def _verbatim_sentences(links: list[Link]) -> int:
    """How many target sentences the alignment links word for word."""
    return len({j for link in links if link.kind == "verbatim" for j in link.target})


def _renamed_sentences(
    source: Profile, target: Profile, links: list[Link], source_lead: str | None, target_lead: str | None
) -> int:
    """How many target sentences of one-to-one `edited` links are their source sentence word for word
    once the source lede's subject is given the target lede's name: in a copy falsified to credit
    someone else, every sentence naming the person is edited, so fewer than half may be verbatim
    ('Mr Mosley wants Google to block photos ...' / 'Mr Hendricks wants Google ...')."""
    if not source_lead or not target_lead:
        return 0
    renamed = re.compile(rf"\b{re.escape(source_lead)}\b", re.IGNORECASE)  # lede names are keys: lower case
    return sum(
        1
        for lk in links
        if lk.kind == "edited" and len(lk.source) == len(lk.target) == 1
        and align.same_letters(
            renamed.sub(target_lead, source.article.sentences[lk.source[0]].text),
            target.article.sentences[lk.target[0]].text,
        )
    )  # fmt: skip


def _vocabulary_share(source: Profile, target: Profile) -> float:
    """The verdict's `vocabulary` feature: share of the target's distinct content words the source uses."""
    if not target.content:
        return 0.0
    return len(target.content & source.content) / len(target.content)


def compare(
    source: Article | str | PathLike[str], target: Article | str | PathLike[str], embedder: Embedder
) -> Comparison:
    """Compare two articles (the one-call form of `profile` + `compare_profiles`): extracted ones,
    or files (`Path`) and texts, read as `Comparer.compare` reads them.

    Raises:
        InputError: a file or text that holds no article, or a string that names a file.
    """
    read = profile(_article(source, "source"), embedder), profile(_article(target, "target"), embedder)
    return compare_profiles(*read)


class Comparer:
    """Compares articles with one embedder loaded once: the Python API's entry point.

    Example:
        >>> from wiretrace import Comparer, from_text
        >>> c = Comparer().compare(from_text("Rain hit the town. Roads closed."),
        ...                        from_text("Roads were closed after rain hit the town."))
        >>> c.verdict.relation in ("copy", "edited-copy", "rewrite", "unrelated")
        True
    """

    def __init__(self, model: str = "wordllama") -> None:
        self.embedder = load(model)

    def compare(self, source: Article | str | PathLike[str], target: Article | str | PathLike[str]) -> Comparison:
        """Explain how `target` relates to `source`: articles (`read_path`, `from_html`, ...), files
        (`pathlib.Path`), or strings holding plain text or an HTML page, read as `read_string` reads
        them. A string naming an existing file is refused: it would be compared as text."""
        return compare(source, target, self.embedder)


def _article(value: Article | str | PathLike[str], role: str) -> Article:
    if isinstance(value, Article):
        return value
    if isinstance(value, PathLike):
        return read_path(Path(value))
    if isinstance(value, str):  # a page's HTML (as read from an archive) or plain text, as the CLI reads them
        if "\n" not in value and len(value) < 4096 and _names_a_file(value):
            raise InputError(
                role,
                f"{value!r} names a file; pass read_path({value!r}) or a pathlib.Path to compare the file, or its text",
            )
        if _PATH_LIKE.fullmatch(value.strip()):  # one word that looks like a path: a file name mistyped
            raise InputError(role, f"{value!r} looks like a path but names no file; pass an article's text, "
                             "or the path of a file that exists")  # fmt: skip
        return read_string(value, role)
    raise TypeError(f"{role}: expected an Article, a path or its text (a str), got {type(value).__name__}")


#: A string of one word with a folder separator or a document's extension: a path, not an article.
_PATH_LIKE = re.compile(
    r"\S*[/\\]\S*|\S+\.(?:txt|html?|json|jsonl|xml|warc|gz|parquet|pdf|docx?|odt|rtf|md|csv|rss|atom)", re.I
)


def _names_a_file(value: str) -> bool:
    try:
        return Path(value.strip()).is_file()
    except (OSError, ValueError):  # a name too long or holding a NUL: text, not a path
        return False
