"""Evaluation on labelled public data: the quality gates and the verdict fitting use these.

Kept in the package (not the tests) so a user can score wiretrace on the same sets with the
same code: `python -m wiretrace.evaluate DATASETS_DIR`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from wiretrace import verdict
from wiretrace.compare import Profile, compare_profiles, judge, profile
from wiretrace.detect import centroid
from wiretrace.embed import Embedder
from wiretrace.fingerprint import jaccard, shingles
from wiretrace.ingest import from_text
from wiretrace.model import Comparison
from wiretrace.text import segment
from wiretrace.text import words as words_of

if TYPE_CHECKING:
    from wiretrace.engines.local import Index


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
    src_mat = np.stack([centroid(sources[i]) for i in src_ids])
    bbc_mat = np.stack([centroid(p) for p in bbc]) if bbc else np.zeros((0, 1))
    for row in read_jsonl(datasets / "l2r-news" / "rewrites.jsonl"):
        target = profile(from_text(row["text"], row["id"], id=row["id"], title=""), embedder)
        yield LabelledPair(row["source_id"], row["id"], True, compare_profiles(sources[row["source_id"]], target))
        centre = centroid(target)
        sims = src_mat @ centre
        sims[src_ids.index(row["source_id"])] = -2.0
        for k in np.argsort(-sims)[:hard_negatives]:
            yield LabelledPair(src_ids[k], row["id"], False, compare_profiles(sources[src_ids[k]], target))
        for k in np.argsort(-(bbc_mat @ centre))[:bbc_negatives]:
            yield LabelledPair(bbc[k].article.id or "", row["id"], False, compare_profiles(bbc[k], target))


#: Quotes a content farm might invent, each from an expert or witness no L2R source names: one is
#: put into each rewrite by `invented_quote_pairs` (the speaker's full name is what it must report).
INVENTED_QUOTES = (
    ('"This is a deeply worrying development for everyone involved," said Dr Helen Marsh, a senior '
     'analyst at the Institute for Policy Studies.', "Helen Marsh"),
    ('Local resident Tom Fielding told reporters: "Nobody saw this coming, and people here are angry."',
     "Tom Fielding"),
    ('"We will be watching this very closely in the weeks ahead," added Professor Alan Crewe of '
     'Northbridge University.', "Alan Crewe"),
    ('Industry veteran Priya Castellano said the news "changes everything for the people who depend on '
     'this."', "Priya Castellano"),
)  # fmt: skip


def with_invented_quote(text: str, seed: int) -> tuple[str, str]:
    """`text` with one invented quote (`INVENTED_QUOTES[seed % 4]`) put after its middle sentence, as
    a content farm pads a rewrite with an expert it made up; returns (text, the speaker's name)."""
    article = from_text(text, "rewrite")  # its sentences index its own text (cleaned)
    text, sentences = article.text, article.sentences
    quote, speaker = INVENTED_QUOTES[seed % len(INVENTED_QUOTES)]
    if not sentences:
        return quote, speaker
    cut = sentences[(len(sentences) - 1) // 2].end
    return f"{text[:cut]} {quote}{text[cut:]}", speaker


class InventedQuote(NamedTuple):
    """One L2R rewrite with an invented quote put in, compared with its source."""

    rewrite_id: str
    comparison: Comparison
    speaker_reported: bool  # the invented speaker is listed among the unsupported facts


def invented_quote_pairs(datasets: Path, embedder: Embedder) -> Iterator[InventedQuote]:
    """Each L2R rewrite with one invented quote (`with_invented_quote`) against its source: still
    derived, with the made-up speaker reported as unsupported, is what a fact-checker needs."""
    sources = {r["id"]: r["text"] for r in read_jsonl(datasets / "l2r-news" / "sources.jsonl")}
    profiles: dict[str, Profile] = {}
    for n, row in enumerate(read_jsonl(datasets / "l2r-news" / "rewrites.jsonl")):
        sid = row["source_id"]
        if sid not in profiles:
            profiles[sid] = profile(from_text(sources[sid], sid, id=sid, title=""), embedder)
        text, speaker = with_invented_quote(row["text"], n)
        c = compare_profiles(profiles[sid], profile(from_text(text, row["id"], id=row["id"], title=""), embedder))
        reported = any(speaker in item for u in c.unsupported for item in u.items)
        yield InventedQuote(row["id"], c, reported)


#: Same-event pairs below this 5-gram resemblance share no text: independent reports.
INDEPENDENT_MAX_JACCARD = 0.05
#: A run of this many words found in both texts is shared text, however long the texts are
#: (resemblance under-counts a brief that repeats one sentence of a long report).
PASSAGE_WORDS = 8


@dataclass(slots=True)
class AlignmentAgreement:
    """A comparison's sentence links against a reader's: link pairs (source sentence, target
    sentence) found, wrong and missed, and the sentences listed as dropped or added that the
    reader found carried. Links the reader was unsure of count neither way."""

    found: int = 0
    wrong: int = 0
    missed: int = 0
    dropped_listed: int = 0
    dropped_carried: int = 0
    added_listed: int = 0
    added_derived: int = 0

    def add(self, other: AlignmentAgreement) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.wrong) if self.found + self.wrong else 0.0

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else 0.0


def alignment_agreement(
    comparison: Comparison, links: Iterable[Sequence[int]], unsure: Iterable[Sequence[int]] = ()
) -> AlignmentAgreement:
    """How `comparison`'s links, dropped and added sentences agree with a reader's `links` (pairs
    of source and target sentence indexes) and the pairs the reader was `unsure` of. A sentence
    linked only by unsure pairs is not scored as dropped or added."""
    gold, maybe = {(s, t) for s, t in links}, {(s, t) for s, t in unsure}
    got = {(s, t) for link in comparison.links for s in link.source for t in link.target}
    unsure_source = {s for s, _ in maybe} - {s for s, _ in gold}
    unsure_target = {t for _, t in maybe} - {t for _, t in gold}
    dropped = set(comparison.dropped) - unsure_source
    added = set(comparison.added) - unsure_target
    return AlignmentAgreement(
        found=len(got & gold),
        wrong=len(got - gold - maybe),
        missed=len(gold - got),
        dropped_listed=len(dropped),
        dropped_carried=len(dropped & {s for s, _ in gold}),
        added_listed=len(added),
        added_derived=len(added & {t for _, t in gold}),
    )


def alignment_readings(
    datasets: Path, embedder: Embedder, readings: Path
) -> Iterator[tuple[dict, Comparison | None]]:
    """Each reading of `readings` (JSON lines: `rewrite` and `source` L2R ids, a hash of every
    sentence as the reader saw it, `links`, `maybe_links`) with the comparison of its pair, or
    None when the pair's sentences are no longer those the reader saw (the segmenter changed)."""
    l2r = datasets / "l2r-news"
    sources = {r["id"]: r["text"] for r in read_jsonl(l2r / "sources.jsonl")}
    rewrites = {r["id"]: r["text"] for r in read_jsonl(l2r / "rewrites.jsonl")}
    for row in read_jsonl(readings):
        c = compare_profiles(
            profile(from_text(sources[row["source"]]), embedder), profile(from_text(rewrites[row["rewrite"]]), embedder)
        )
        yield row, _as_read(c, row)


def desk_edit_readings(
    datasets: Path, embedder: Embedder, readings: Path
) -> Iterator[tuple[dict, Comparison | None]]:
    """Each copy of `readings` that an editor made by hand of a BBC or Reuters-21578 article
    (JSON lines: the `source` id, the `target` text, a hash of every sentence as the truth was
    written against them, the true `links`, the planted `changes`) with the comparison of the
    source (its title, a blank line, its text) and the copy; None when the sentences differ."""
    articles = {r["id"]: r for name in ("bbc", "reuters21578") for r in read_jsonl(datasets / name / "articles.jsonl")}
    for row in read_jsonl(readings):
        source = articles[row["source"]]
        text = f"{source.get('title') or ''}\n\n{source['text']}".strip()
        c = compare_profiles(profile(from_text(text), embedder), profile(from_text(row["target"]), embedder))
        yield row, _as_read(c, row)


def _as_read(c: Comparison, row: dict) -> Comparison | None:
    """`c`, when its sentences are those a reading's row hashed (`source_sentences`, `target_sentences`)."""
    seen = [_hash(s.text) for s in c.source.sentences], [_hash(s.text) for s in c.target.sentences]
    return c if seen == (row["source_sentences"], row["target_sentences"]) else None


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def shares_passage(a: str, b: str) -> bool:
    """True when `a` and `b` have a run of `PASSAGE_WORDS` words in common."""
    return bool(shingles(a, PASSAGE_WORDS) & shingles(b, PASSAGE_WORDS))


#: How much text two articles share, most first (`shared_text`).
SHARED_TEXT_LEVELS = ("same words", "most text", "a passage", "no passage")
#: Share of the shorter text's word 5-grams found in the other above which it is mostly the other's text.
MOST_TEXT_CONTAINMENT = 0.5


def shared_text(a: str, b: str) -> str:
    """How much text `a` and `b` share, as one of `SHARED_TEXT_LEVELS`: the same words (case,
    punctuation and spacing aside), at least half of the shorter text's word 5-grams, a run of
    `PASSAGE_WORDS` words, or none of those. Names what a link the gold calls false really joins."""
    if words_of(a) == words_of(b):
        return "same words"
    sa, sb = shingles(a), shingles(b)
    if len(sa & sb) >= MOST_TEXT_CONTAINMENT * max(1, min(len(sa), len(sb))):
        return "most text"
    return "a passage" if shares_passage(a, b) else "no passage"


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


def bbc_neighbour_pairs(
    datasets: Path, embedder: Embedder, neighbours: int = 3, max_jaccard: float = 0.3
) -> Iterator[LabelledPair]:
    """Each BBC article against its nearest other BBC articles by mean sentence embedding: follow-ups
    and same-topic stories of one outlet, not derived. Pairs sharing text (5-gram Jaccard at or above
    `max_jaccard`: republished or updated versions) are left out, as are identical texts."""
    rows = read_jsonl(datasets / "bbc" / "articles.jsonl")
    profiles = [profile(from_text(r["text"], r["id"], id=r["id"], title=r.get("title") or ""), embedder) for r in rows]
    grams = [shingles(p.article.text) for p in profiles]
    yield from _nearest_negatives(profiles, neighbours, lambda i, j: jaccard(grams[i], grams[j]) < max_jaccard)


_CORRECTED = re.compile(r"^\W*CORRECTED\W*")


def _companies(title: str) -> set[str]:
    """Who a Reuters headline is about: its tickers without the exchange suffix ("FICR.O" is
    "FICR") and the name before the first ticker, letters and digits only ("C.O.M.B." is "COMB")."""
    name = re.sub(r"[^A-Z0-9]", "", _CORRECTED.sub("", title.split("<", 1)[0].upper()))
    return verdict.tickers(title) | ({"name:" + name} if name else set())


def reuters_template_pairs(datasets: Path, embedder: Embedder, neighbours: int = 3) -> Iterator[LabelledPair]:
    """Reuters wires against their nearest other wires (mean sentence embedding) whose headlines
    name other companies (no ticker and no name in common): dividend notices, earnings tables and
    money-market forecasts written to one template about different firms, not derived from each
    other."""
    profiles, keep = _template_wires(datasets, embedder)
    yield from _nearest_negatives(profiles, neighbours, keep)


def reuters_template_relations(datasets: Path, embedder: Embedder, neighbours: int = 3) -> list[str]:
    """The relation of each of `reuters_template_pairs`, judged as the index judges candidates
    (`compare.judge`: the full comparison's verdict, or None where it is unrelated, checked in
    `tests/test_detect.py`; ten times faster where only the count of derived verdicts is wanted)."""
    profiles, keep = _template_wires(datasets, embedder)
    verdicts = (judge(profiles[j], profiles[i]) for i, j in _nearest_pairs(profiles, neighbours, keep))
    return ["unrelated" if found is None else found.relation for found in verdicts]


def _template_wires(datasets: Path, embedder: Embedder) -> tuple[list[Profile], Callable[[int, int], bool]]:
    """The profiles of Reuters wires whose headlines name a company, and which of their pairs are
    about other companies (`reuters_template_pairs`)."""
    wires = read_jsonl(datasets / "reuters21578" / "articles.jsonl")
    rows = [r for r in wires if verdict.TICKER.search(r.get("title") or "")]
    companies = [_companies(r["title"]) for r in rows]
    # with their headlines, as `index add` reads the records (else a wire's first line is taken for
    # one), but without their tickers: the tickers label the pairs, and the verdict reads them too
    # (`verdict.different_tickers`), so with them this would count nothing; without them it asks
    # how the verdict tells templates apart where no ticker names the company
    profiles = [
        profile(from_text(r["text"], r["id"], id=r["id"], title=" ".join(verdict.TICKER.sub(" ", r["title"]).split())),
                embedder)
        for r in rows
    ]
    return profiles, lambda i, j: not companies[i] & companies[j] and rows[i]["text"] != rows[j]["text"]


def _nearest_negatives(
    profiles: list[Profile], neighbours: int, keep: Callable[[int, int], bool]
) -> Iterator[LabelledPair]:
    """Each article against its `neighbours` nearest others by mean sentence embedding, every
    unordered pair once, when `keep(i, j)`: pairs labelled not derived."""
    for i, j in _nearest_pairs(profiles, neighbours, keep):
        p = profiles[i]
        yield LabelledPair(profiles[j].article.id or "", p.article.id or "", False, compare_profiles(profiles[j], p))


def _nearest_pairs(
    profiles: list[Profile], neighbours: int, keep: Callable[[int, int], bool]
) -> Iterator[tuple[int, int]]:
    """(i, j): each article i and one of its `neighbours` nearest others j by mean sentence
    embedding, every unordered pair once, when `keep(i, j)`."""
    mat = np.stack([centroid(p) for p in profiles])
    seen: set[tuple[int, int]] = set()
    for i in range(len(profiles)):
        sims = mat @ mat[i]
        sims[i] = -2.0
        for j in (int(k) for k in np.argsort(-sims)[:neighbours]):
            pair = (min(i, j), max(i, j))
            if pair in seen or not keep(i, j):
                continue
            seen.add(pair)
            yield i, j


def msrp_rows(datasets: Path) -> list[tuple[bool, str, str]]:
    """MSRP training pairs as (is_paraphrase, sentence 1, sentence 2)."""
    with (datasets / "msrp" / "train.tsv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [(r[0] == "1", r[3], r[4]) for r in rows]


@dataclass(slots=True, frozen=True)
class ReuseAnswer:
    """A Clough-Stevenson answer: a short text written from a Wikipedia source at one reuse level."""

    id: str
    source_id: str
    level: int  # 0 written independently of the source, 1 heavy revision, 2 light revision, 3 cut and paste
    text: str


def clough_corpus(datasets: Path) -> tuple[dict[str, str], list[ReuseAnswer]]:
    """Clough-Stevenson: 5 Wikipedia sources (id -> text) and 95 answers on their topics, 57 derived
    from them at three levels and 38 written independently. Held out: nothing is tuned on it. A
    family of many derived texts around one source, the case where an event context is the
    story's own rewrites (the file is UTF-8 despite its name)."""
    raw = (datasets / "clough-stevenson" / "corpus-cp1252.csv").read_text(encoding="utf-8-sig")
    ids: dict[str, str] = {}  # source text -> its id, in order of first use
    answers = []
    for k, (text, original, level) in enumerate(csv.reader(io.StringIO(raw))):
        source_id = ids.setdefault(original, f"cs-source-{len(ids)}")
        answers.append(ReuseAnswer(f"cs-answer-{k:02d}", source_id, int(level), text))
    return {i: t for t, i in ids.items()}, answers


def clough_pairs(datasets: Path, embedder: Embedder) -> Iterator[LabelledPair]:
    """Each Clough-Stevenson answer against its source: derived unless written independently."""
    sources, answers = clough_corpus(datasets)
    profiles = {i: profile(from_text(t, i, id=i), embedder) for i, t in sources.items()}
    for a in answers:
        target = profile(from_text(a.text, a.id, id=a.id), embedder)
        yield LabelledPair(a.source_id, a.id, a.level > 0, compare_profiles(profiles[a.source_id], target))


def write_clough_corpus(datasets: Path, out: Path) -> list[ReuseAnswer]:
    """Write Clough-Stevenson as JSON lines for an index, sources dated before the answers."""
    sources, answers = clough_corpus(datasets)
    with out.open("w", encoding="utf-8") as fh:
        for i, text in sources.items():
            fh.write(json.dumps({"id": i, "text": text, "published": "2009-01-01"}) + "\n")
        for a in answers:
            fh.write(json.dumps({"id": a.id, "text": a.text, "published": "2009-02-01"}) + "\n")
    return answers


def clough_family_links(index: Index, answers: Sequence[ReuseAnswer]) -> tuple[int, int]:
    """Links an index of `write_clough_corpus` makes from a source to its answers: (to derived
    answers, to answers written independently)."""
    level = {(a.source_id, a.id): a.level for a in answers}
    found = [level.get((lk.source, lk.target), level.get((lk.target, lk.source))) for lk in index.links()]
    return sum(1 for x in found if x), sum(1 for x in found if x == 0)


def write_index_corpus(
    datasets: Path, out: Path, source_date: str = "2016-01-01", rewrite_date: str = "2016-02-01"
) -> dict[str, str]:
    """Write the index gold corpus as JSON lines: BBC (undated), L2R sources (dated earlier) and
    their rewrites (dated later). Returns the gold source id of each rewrite."""
    truth: dict[str, str] = {}
    with out.open("w", encoding="utf-8") as fh:
        for row in read_jsonl(datasets / "bbc" / "articles.jsonl"):
            fh.write(json.dumps({"id": row["id"], "title": row.get("title"), "text": row["text"],
                                 "site": "bbc.co.uk"}) + "\n")  # fmt: skip
        for row in read_jsonl(datasets / "l2r-news" / "sources.jsonl"):
            fh.write(json.dumps({"id": row["id"], "text": row["text"], "published": source_date,
                                 "site": "l2r-source"}) + "\n")  # fmt: skip
        for row in read_jsonl(datasets / "l2r-news" / "rewrites.jsonl"):
            truth[row["id"]] = row["source_id"]
            fh.write(json.dumps({"id": row["id"], "text": row["text"], "published": rewrite_date,
                                 "site": f"farm-{row['model']}"}) + "\n")  # fmt: skip
    return truth


#: The content farms of `farm_family`, in the order they publish.
FARMS = ("gpt", "llama", "mixgl", "mixlg")


def farm_family(datasets: Path, source_id: str, farms: int = len(FARMS)) -> list[dict]:
    """An L2R wire story (dated 2016-01-01 08:00) and `farms` content farms' rewrites of it, a day
    apart (`FARMS`): its GPT and Llama rewrites, then two farms that each run the first half of
    one of them and the second half of the other. Sibling rewrites sharing the story's details,
    as when many farms rewrite one wire story; L2R holds two rewrites a story."""
    source = next(r for r in read_jsonl(datasets / "l2r-news" / "sources.jsonl") if r["id"] == source_id)
    by_model = {r["model"]: r["text"] for r in read_jsonl(datasets / "l2r-news" / "rewrites.jsonl")
                if r["source_id"] == source_id}  # fmt: skip
    gpt, llama = by_model["GPT-3-Turbo"], by_model["Llama-3-70B"]
    (gpt_first, gpt_last), (llama_first, llama_last) = (_halves(gpt), _halves(llama))
    texts = [gpt, llama, " ".join(gpt_first + llama_last), " ".join(llama_first + gpt_last)]
    records = [{"id": source_id, "text": source["text"], "published": "2016-01-01T08:00:00", "site": "wire.example"}]
    for day, (name, text) in enumerate(zip(FARMS[:farms], texts), start=2):
        records.append({"id": f"{source_id}-{name}", "text": text, "published": f"2016-01-{day:02d}T08:00:00",
                        "site": f"farm{day}.example"})  # fmt: skip
    return records


def _halves(text: str) -> tuple[list[str], list[str]]:
    """A text's sentences, the first half and the rest."""
    sentences = [text[s.start : s.end] for s in segment(text)]
    return sentences[: len(sentences) // 2], sentences[len(sentences) // 2 :]


#: An article spinner's word swaps (`spin`): a word for another of the same use, the sentence's
#: other words kept in their order, as farms that lightly edit the wires they run write them.
SPINS = {
    "said": "stated", "says": "states", "told": "informed", "but": "however", "also": "additionally",
    "about": "around", "people": "individuals", "company": "firm", "firm": "company", "firms": "companies",
    "companies": "firms", "big": "large", "large": "big", "help": "assist", "buy": "purchase", "show": "demonstrate",
    "shows": "demonstrates", "start": "begin", "started": "began", "because": "since", "major": "key",
    "very": "extremely", "wants": "wishes", "want": "wish", "get": "obtain", "make": "create", "made": "created",
    "use": "utilise", "used": "utilised", "think": "believe", "thinks": "believes", "believe": "think",
    "need": "require", "needs": "requires", "important": "significant", "increase": "rise", "fell": "dropped",
    "rose": "climbed", "country": "nation", "government": "administration", "children": "kids", "chief": "head",
    "boss": "chief", "many": "numerous", "often": "frequently", "however": "but", "while": "whereas",
    "expected": "anticipated", "likely": "probable", "new": "fresh", "plans": "intends", "decision": "ruling",
    "will": "shall", "could": "might", "first": "initial", "last": "previous", "top": "leading", "world": "global",
}  # fmt: skip


#: Words a spinner slips in where it finds none to swap (`spin`).
FILLERS = ("reportedly", "now", "indeed", "also")


def spin(sentence: str, edits: int, rng: random.Random) -> str:
    """`sentence` with `edits` light edits chosen by `rng`: its words swapped for their `SPINS`
    (case kept), and where it has too few of them, a filler word (`FILLERS`) slipped in after
    one of its words."""
    tokens = sentence.split(" ")
    spinnable = [k for k, t in enumerate(tokens) if t.lower() in SPINS]
    swapped = rng.sample(spinnable, min(edits, len(spinnable)))
    for k in swapped:
        swap = SPINS[tokens[k].lower()]
        tokens[k] = swap.capitalize() if tokens[k][:1].isupper() else swap
    for _ in range(edits - len(swapped)):
        tokens.insert(rng.randrange(1, len(tokens)) if len(tokens) > 1 else 1, rng.choice(FILLERS))
    return " ".join(tokens)


def spun_roundups(
    datasets: Path, count: int = 30, wires: int = 3, taken: int = 3, edits: int = 1, seed: int = 7
) -> tuple[list[dict], dict[str, list[str]]]:
    """`count` news roundups, each stitched from `wires` BBC stories (all 2,225 given, dated 2005-01-01):
    `taken` sentences of each from its second on, every sentence spun (`spin`, `edits` words), between
    a greeting and a sign-off, dated the next day. A farm's digest that runs wire paragraphs lightly
    edited. Returns the records (BBC's, then the roundups) and each roundup's wire ids."""
    rng = random.Random(seed)
    rows = read_jsonl(datasets / "bbc" / "articles.jsonl")
    records = [{"id": r["id"], "title": r.get("title"), "text": r["text"], "published": "2005-01-01T08:00:00",
                "site": "bbc.co.uk"} for r in rows]  # fmt: skip
    sentences = {r["id"]: [r["text"][s.start : s.end] for s in segment(r["text"])] for r in rows}
    long_enough = sorted(i for i, found in sentences.items() if len(found) >= taken + 3)
    picked = rng.sample(long_enough, count * wires)
    truth: dict[str, list[str]] = {}
    for n in range(count):
        ids = picked[n * wires : (n + 1) * wires]
        body = [spin(x, edits, rng) for i in ids for x in sentences[i][1 : 1 + taken]]
        text = "\n\n".join(["Here is what you need to know today.", *body, "That is all for now."])
        records.append({"id": f"roundup-{n:02d}", "text": text, "published": "2005-01-02T08:00:00",
                        "site": "digest.example"})  # fmt: skip
        truth[f"roundup-{n:02d}"] = ids
    return records, truth


@dataclass(slots=True)
class IndexQuality:
    """Link quality of a built index against gold pairs, and origin correctness of L2R families."""

    scores: Scores
    false_links: list[tuple[str, str]]
    missed: list[tuple[str, str]]
    origins_right: int
    origins_total: int


def index_quality(
    links: Iterable[tuple[str, str]],
    identical_groups: Iterable[Iterable[str]],
    gold: set[frozenset[str]],
    universe: int,
    l2r_truth: dict[str, str],
    origin_of: dict[str, str],
) -> IndexQuality:
    """Score predicted derived pairs against `gold` (unordered pairs) over `universe` articles.

    Predicted pairs are the index's links plus every pair of articles holding identical text.
    `origin_of` maps each article to its story's origin; an L2R family is right when every
    rewrite's story origin is its source.
    """
    predicted = {frozenset(p) for p in links if p[0] != p[1]}
    for group in identical_groups:
        predicted.update(frozenset(p) for p in itertools.combinations(sorted(group), 2))
    tp = len(predicted & gold)
    fp, fn = len(predicted - gold), len(gold - predicted)
    tn = universe * (universe - 1) // 2 - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    scores = Scores(round(precision, 4), round(recall, 4), round(f1, 4), tp, fp, fn, tn)
    sources = set(l2r_truth.values())
    right = sum(1 for s in sources if all(origin_of.get(r) == s for r, src in l2r_truth.items() if src == s))
    false = sorted((a, b) for a, b in map(sorted, predicted - gold))
    missed = sorted((a, b) for a, b in map(sorted, gold - predicted))
    return IndexQuality(scores, false, missed, right, len(sources))


def bbc_identical_groups(datasets: Path) -> list[list[str]]:
    """BBC's natural exact-duplicate groups (same whitespace-normalised text), as id lists."""
    groups: dict[str, list[str]] = {}
    for row in read_jsonl(datasets / "bbc" / "articles.jsonl"):
        groups.setdefault(" ".join(row["text"].split()), []).append(row["id"])
    return [g for g in groups.values() if len(g) > 1]


def evaluate_index(index: Index, datasets: Path, truth: dict[str, str]) -> IndexQuality:
    """Score a built index of `write_index_corpus` against its gold pairs (as the index reports
    links: attributed, identical copies included)."""
    gold = {frozenset(p) for p in truth.items()}
    for group in bbc_identical_groups(datasets):
        gold.update(frozenset(p) for p in itertools.combinations(group, 2))
    aliases = index.store.aliases()
    identical: dict[str, list[str]] = {}
    for alias in aliases:
        identical.setdefault(alias["canonical"], [alias["canonical"]]).append(alias["id"])
    universe = index.store.count() + len(aliases)
    origin_of = {m.id: s.origin for s in index.stories() for m in s.members}
    links = [(lk.source, lk.target) for lk in index.links()]
    return index_quality(links, identical.values(), gold, universe, truth, origin_of)


class Accusations(NamedTuple):
    """Links an index of ECB+ makes, and those joining reports that share no text."""

    links: int
    no_shared_text: int  # 5-gram Jaccard under `INDEPENDENT_MAX_JACCARD`
    no_shared_passage: int  # of those, no run of `PASSAGE_WORDS` words in common either


def ecb_accusations(index: Index, datasets: Path) -> Accusations:
    """Count the links an index of ECB+ (independent reports of the same events) makes between
    articles sharing no text: the goal is none."""
    texts = {r["id"]: r["text"] for r in read_jsonl(datasets / "ecbplus" / "articles.jsonl")}
    grams = {k: shingles(text) for k, text in texts.items()}
    links = index.links()
    bad = [lk for lk in links if jaccard(grams[lk.source], grams[lk.target]) < INDEPENDENT_MAX_JACCARD]
    strict = sum(1 for lk in bad if not shares_passage(texts[lk.source], texts[lk.target]))
    return Accusations(len(links), len(bad), strict)
