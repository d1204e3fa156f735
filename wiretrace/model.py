"""The small data model shared by every stage: articles, sentences and comparison results.

Offsets (`start`, `end`) always point into `Article.text`, the extracted body, so that
`article.text[s.start:s.end] == s.text` holds for every sentence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Literal

Relation = Literal["copy", "edited-copy", "rewrite", "unrelated"]
LinkKind = Literal["verbatim", "edited", "paraphrase"]
ChangeKind = Literal["quote", "number", "name", "date", "meaning"]
#: A rule that lowered the verdict's score (`verdict.decide`): a template filled in again, too
#: little evidence, a report of its own, or headlines naming another subject.
Rule = Literal["template", "thin-evidence", "new-reporting", "other-subject", "boilerplate"]


@dataclass(slots=True, frozen=True)
class Sentence:
    """One sentence of an article, with its character span in the article text."""

    index: int
    start: int
    end: int
    text: str

    def __reduce__(self) -> tuple[type[Sentence], tuple[int, int, int, str]]:
        # pickled by its fields: the read-ahead process sends every batch's sentences, and a slotted
        # dataclass's own state restore looks its fields up per object (2.6x slower to load)
        return Sentence, (self.index, self.start, self.end, self.text)


@dataclass(slots=True, frozen=True)
class DroppedChrome:
    """A piece of page furniture removed from a plain-text page, and why."""

    text: str
    reason: str


def chrome_json(dropped: list[DroppedChrome]) -> str | None:
    """The page furniture removed from an article, as stored beside it (JSON; None for none)."""
    return json.dumps([[d.text, d.reason] for d in dropped], ensure_ascii=False) if dropped else None


def chrome_from_json(value: str | None) -> list[DroppedChrome]:
    """`chrome_json` read back; an index or run made before it was stored gives none."""
    return [DroppedChrome(text, reason) for text, reason in json.loads(value)] if value else []


@dataclass(slots=True, frozen=True)
class LiveUpdate:
    """One update of a live page (JSON-LD `liveBlogUpdate`): its text, headline, time, address and
    author, as the page's markup gives them. Indexed, each is an article of its own
    (`ingest.live_update_articles`)."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    byline: str | None = None


@dataclass(slots=True)
class Article:
    """An extracted news article: metadata, body text and its sentences."""

    text: str
    sentences: list[Sentence]
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None
    id: str | None = None
    dropped_chrome: list[DroppedChrome] = field(default_factory=list)
    where: str | None = None  # where it was read ('feed.xml#entry-3', 'dump.jsonl:42'), for messages
    live_updates: list[LiveUpdate] = field(default_factory=list)  # a live page's updates, read from its markup

    @property
    def language(self) -> str:
        """The language the text reads as (`text.language_of`: 'en', 'de', 'zh', ...), as the JSON gives it."""
        from wiretrace.text import language_of

        return language_of(self.text)

    def __repr__(self) -> str:  # the text abridged: a notebook shows an article, not 6,000 characters of it
        opening = self.text[:60] + ("…" if len(self.text) > 60 else "")
        return (f"Article(id={self.id!r}, title={self.title!r}, published={self.published!r}, site={self.site!r}, "
                f"text={opening!r} ({len(self.text)} characters, {len(self.sentences)} sentences))")  # fmt: skip


@dataclass(slots=True, frozen=True)
class Link:
    """Source sentences carried into target sentences (many-to-many for merges and splits)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    kind: LinkKind
    score: float


@dataclass(slots=True, frozen=True)
class Change:
    """A fact (quote, number, name, date) that differs between two linked sentences."""

    kind: ChangeKind
    source: int
    target: int
    before: str  # what the source says: a change always has it (`after` is None for a quote made reported speech)
    after: str | None


@dataclass(slots=True, frozen=True)
class Unsupported:
    """Facts stated by a target sentence that appear nowhere in the source."""

    target: int
    items: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class Credit:
    """Whether a target names the outlet its source was published by (`credit.credit`): the names
    searched for, and the first place one was found with its passage; or, crediting none of them,
    the first place it credits another agency instead, with that agency's name."""

    names: tuple[str, ...]
    credited: bool
    where: str | None = None  # 'title', 'byline', 'text', or the chrome it was read off ('dateline', 'credit', ...)
    passage: str | None = None
    instead: str | None = None  # an agency an uncredited target credits instead ('AFP' on a Reuters story)


@dataclass(slots=True, frozen=True)
class Verdict:
    """Whether the target derives from the source, how, and how much of each is shared."""

    relation: Relation
    score: float
    source_coverage: float
    target_coverage: float
    rule: Rule | None = None  # the rule that lowered the features' score (None: the score stands)
    padding: int = 0  # target sentences about another subject, set aside to judge it (`compare.padding`)


@dataclass(slots=True)
class Comparison:
    """The full explanation of one target article against one candidate source."""

    source: Article
    target: Article
    verdict: Verdict
    links: list[Link]
    added: list[int]
    dropped: list[int]
    changes: list[Change]
    unsupported: list[Unsupported]
    evidence: dict[str, float] = field(default_factory=dict)  # the verdict's features, by name
    title_changes: list[Change] = field(default_factory=list)  # facts a headline edited in place changed
    model: str = ""  # the sentence model that compared them (`Embedder.label`)
    credit: Credit | None = None  # whether the target names the source's outlet; None: not known

    @property
    def caveat(self) -> str | None:
        """What the verdict cannot say for these two texts (a translation is not recognised; one or
        two sentences are too few), as the JSON's `verdict.caveat` gives it; None when it can say all."""
        from wiretrace.text import verdict_caveat

        languages = (self.source.language, self.target.language)
        return verdict_caveat(languages, (len(self.source.sentences), len(self.target.sentences)))


#: How the id of a later text under a taken id is written: `ID#v2`, `ID#v3`, ... (`version_id`).
VERSION_MARK = "#v"


def version_id(base: str, number: int) -> str:
    """The id of the `number`th distinct text given under id `base` when versions are kept (a
    recrawled page whose text changed): the first keeps `base`, later ones are `base#v2`, ..."""
    return base if number <= 1 else f"{base}{VERSION_MARK}{number}"


#: A later version of a page's id (`ID#v2`, `ID#v10`): the id and the number. Spark reads it too.
VERSIONED = re.compile(r"(.+)#v([2-9]|[1-9]\d+)")
#: The same mark at an id's end, as Spark's regular expressions strip it to the page's id.
VERSION_SUFFIX = r"#v(?:[2-9]|[1-9]\d+)$"


def one_page(a: str, b: str) -> bool:
    """Whether ids `a` and `b` are two versions of one page ('p' and 'p#v2'): a link between them
    is the page updated, not one article derived from another (`sites` counts no reuse in it)."""
    return versions_order(a, b) != 0


def versions_order(a: str, b: str) -> int:
    """-1 when id `a` is an earlier version of the page `b` is a version of (`version_id`: 'p',
    'p#v2', 'p#v3', ...), 1 when `b` is, 0 when they are not versions of one page."""
    ma, mb = VERSIONED.fullmatch(a), VERSIONED.fullmatch(b)
    base_a, number_a = (ma.group(1), int(ma.group(2))) if ma else (a, 1)
    base_b, number_b = (mb.group(1), int(mb.group(2))) if mb else (b, 1)
    if base_a != base_b or number_a == number_b:
        return 0
    return -1 if number_a < number_b else 1


#: Query parameters asking for another rendering of a page ('output=amp', 'amp=1', 'amp', 'print=true',
#: 'view=print'), as a regular expression's body (`sites.page_key` strips them).
RENDERING_PARAMETER = (
    r"(?:output|outputtype|format|view|_?amp|amp_?js|print|printable)=(?:amp|print|printable|1|true|yes)?|amp=?"
)
#: The address of a page's AMP or print rendering, as `sites.page_key` reads one: an 'amp.' host, an
#: 'amp' path segment ('/news/amp/uk-1', '/story/1/amp'), a '.amp' page, 'print' ending or opening
#: the path, or a rendering's query parameter. Written for Python and Java (Spark's `rlike`) alike.
RENDERING_ADDRESS = re.compile(
    r"(?i)^[a-z][a-z0-9+.-]*://(?:www\.)?(?:amp\.|[^/?#]*\.cdn\.ampproject\.org/|[^/?#]*/print/"
    r"|[^/?#]*(?:/[^?#]*)?(?:/amp(?=[/?#]|$)|/print(?=[?#]|$)|\.amp(?=[?#]|$))"
    rf"|[^#]*[?&](?:{RENDERING_PARAMETER})(?=[&#]|$))"
)


def id_order(article_id: str) -> str:
    """`article_id` as ids are ordered when nothing else decides: a page before its AMP or print
    rendering (the two captured alike, the page's address holds their text, whatever the order
    they were read in), then as written, but a page's versions in their order ('p#v2' before 'p#v10')."""
    match = VERSIONED.fullmatch(article_id)
    written = f"{match.group(1)}#v{int(match.group(2)):09d}" if match else article_id
    return f"{1 if RENDERING_ADDRESS.search(article_id) else 0}{written}"


def version_number(article_id: str, base: str) -> int | None:
    """Which version of `base` `article_id` is (1 for `base` itself), or None if it is none of them."""
    if article_id == base:
        return 1
    match = VERSIONED.fullmatch(article_id)
    return int(match.group(2)) if match and match.group(1) == base else None
