"""Claim checks: which facts changed between linked sentences, which target facts are invented.

Pure functions over the per-sentence facts of `wiretrace.facts`; a name matches another when
they share a distinctive token ('Sturgeon' ~ 'Nicola Sturgeon'), a number by value, a date
when no part of it contradicts, a quote when its words are found in the other text.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from wiretrace.facts import (
    CENTS,
    NAME_TYPO,
    NUMBER_WORDS,
    PART_MARK,
    PLACE_FORMS,
    SHARE_WORDS,
    WEEKDAY_STEMS,
    Fact,
    amounts_agree,
    common_word,
    date_part,
    dates_compatible,
    initials,
    is_share,
    key_text,
    name_tokens,
    place_named,
    plain_words,
    short_quotes,
    spelled_in,
)
from wiretrace.model import Change, ChangeKind, Unsupported
from wiretrace.text import content_of, normalize, opens_word, phrase_spans, words

_QUOTE_MATCH = 90.0  # rapidfuzz partial_ratio above which a quote is carried word for word
_ELLIPSIS = re.compile(r"\.\.\.|\u2026|\[\.\.\.\]")


def _date_buckets(dates: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """A document's date keys by what `dates_compatible` compares, without the part of a year or
    month: a day's under its month and year (`month:03:2015`, `month:03:` with no year), under its
    month alone (`month:03`, as a day of no year reads it) and its year's first digits (`days:2015`,
    as a year reads it), a year's under `year:2015`, others under themselves; a day key that does
    not split in three (no date `facts` writes) under `odd`, read against every date."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for d in dates:
        base = d.partition(PART_MARK)[0]
        if base.startswith("d:") and base.count("-") == 2:
            year, month, _ = base[2:].split("-")
            buckets[f"month:{month}:{year}"].append(d)
            buckets[f"month:{month}"].append(d)
            buckets[f"days:{base[2:6]}"].append(d)
        elif base.startswith("d:"):
            buckets["odd"].append(d)
        elif base.startswith("y:"):
            buckets[f"year:{base[2:]}"].append(d)
        else:
            buckets[f"other:{base}"].append(d)
    return {k: tuple(v) for k, v in buckets.items()}


def _dates_near(buckets: Mapping[str, Sequence[str]], dates: Sequence[str], key: str) -> Iterable[str]:
    """The `dates` (bucketed by `_date_buckets`) that `dates_compatible` may find compatible with
    date `key`: for a day, the days of its month in its year or of no year, and its year alone (a
    day of no year: the days of its month in any year); for a year, its days and itself."""
    base = key.partition(PART_MARK)[0]
    if base.startswith("d:") and base.count("-") != 2:
        return dates  # not a date `facts` writes: every one, as `dates_compatible` reads it
    near: tuple[str, ...]
    if base.startswith("d:"):
        year, month, _ = base[2:].split("-")
        near = (f"month:{month}:{year}", f"month:{month}:", f"year:{year}") if year else (f"month:{month}",)
    elif base.startswith("y:"):
        near = (f"days:{base[2:]}", f"year:{base[2:]}")
    else:
        near = (f"other:{base}",)
    return itertools.chain(*(buckets.get(k, ()) for k in (*near, "odd")))


@dataclass(slots=True, frozen=True)
class FactIndex:
    """All facts of one document, indexed for fast support checks."""

    names: frozenset[str]
    numbers: frozenset[str]
    dates: tuple[str, ...]
    words: str
    initials: frozenset[str] = frozenset()  # of its names of two or more words ('raf')
    full_names: frozenset[tuple[str, ...]] = frozenset()  # distinctive words of its names of two or more
    proportions: frozenset[str] = frozenset()  # its fractions in words and percentages (`amounts_agree`)
    # its dates by what `dates_compatible` compares (`_date_buckets`): a date is read against the few
    # that can match it, not all (two timelines of 500 dates took 15 s to compare); both made from
    # `dates` (`__post_init__`), neither compared nor hashed
    date_buckets: Mapping[str, tuple[str, ...]] = field(init=False, compare=False)
    date_keys: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "date_buckets", _date_buckets(self.dates))
        object.__setattr__(self, "date_keys", frozenset(self.dates))

    @classmethod
    def build(cls, facts: Sequence[Sequence[Fact]], plain_text: str) -> FactIndex:
        """The index of a document's `facts` and its lower-case `plain_text` (spelled here as fact
        keys are: `facts.key_text`)."""
        flat = [f for sentence in facts for f in sentence]
        plain_text = key_text(plain_text)
        return cls(
            names=frozenset(name_tokens(flat)) | frozenset(plain_text.split()) | _undotted(flat),
            numbers=frozenset(f.key for f in flat if f.kind == "number"),
            dates=tuple(dict.fromkeys(f.key for f in flat if f.kind == "date")),  # each once: a long text repeats them
            words=plain_text,
            initials=frozenset(filter(None, (initials(f.text) for f in flat if f.kind == "name"))),
            full_names=frozenset(words for f in flat if f.kind == "name" if len(words := _distinctive(f)) > 1),
            proportions=frozenset(f.key for f in flat if f.kind == "number" and _proportion(f.key)),
        )

    def supports(self, fact: Fact, days: bool = False) -> bool:
        """True when the document states `fact` somewhere; with `days`, a date's day only by a day
        (where a change is read: 'February' does not hide 'February 27' changed to 'February 26';
        as support of a claim, a month stated covers a day of it, as it was fitted)."""
        if fact.kind == "number":  # a bare year may have been read as a date on the other side ('March 1972')
            return (
                fact.key in self.numbers
                or fact.key.rstrip("%") in self.numbers
                or any(dates_compatible(f"y:{fact.key}", d) for d in self._dates_near(f"y:{fact.key}"))
                or (_proportion(fact.key) and any(amounts_agree(fact.key, k) for k in self.proportions))
                or ((word := _share_word(fact.text)) in SHARE_WORDS and word in self.names)  # 'half said'
            )
        if fact.kind == "date":
            return any(
                dates_compatible(fact.key, d) and (not days or _day_of(d) or not _day_of(fact.key))
                for d in self._dates_near(fact.key)
            ) or (
                fact.key.startswith("y:") and fact.key[2:].partition(PART_MARK)[0] in self.numbers
            )
        if fact.kind == "name":  # a distinctive word of it ('Walsh' for 'Peter Walsh', never 'the'), or its initials
            owner, owned = _possessed(fact)
            if owner and owned:  # "Celtic's Alan Thompson": the club named does not vouch for the player
                return self.supports(owner) and self.supports(owned)
            tokens = name_tokens([fact])
            return not tokens or any(t in self.names for t in tokens) or self.initials_of(fact)
        # a quote cut short with an ellipsis is supported when each of its parts is
        parts = [" ".join(plain_words(p)) for p in _ELLIPSIS.split(fact.text)]
        return all(quoted_in(p, self.words) for p in parts if p)

    def still_states(self, fact: Fact, source: FactIndex) -> bool:
        """Whether this document still states `fact`, a fact lost from a linked sentence of `source`
        (so it moved rather than changed): `supports(fact, days=True)`, but a date of this document
        that `source` states too is its own, not `fact` moved there ('June 2004' changed to 'May
        2004' beside a '10 June poll' both texts state is a change)."""
        if fact.kind != "date":
            return self.supports(fact, days=True)
        mine = [d for d in self._dates_near(fact.key) if d == fact.key or d not in source.date_keys]
        return any(dates_compatible(fact.key, d) and (_day_of(d) or not _day_of(fact.key)) for d in mine) or (
            fact.key.startswith("y:") and fact.key[2:].partition(PART_MARK)[0] in self.numbers
        )

    def _dates_near(self, key: str) -> Iterable[str]:
        """The dates of this document that may be compatible with date `key` (`_dates_near`)."""
        return _dates_near(self.date_buckets, self.dates, key)

    def initials_of(self, name: Fact) -> bool:
        """True when `name` is the initials of one of the document's names, or they are of it."""
        short = initials(name.text)
        return name.key in self.initials or (bool(short) and short in self.names and not _a_word(short))

    def mentions(self, name: Fact) -> bool:
        """True when the document names `name` in any spelling: `supports`, a word of the name
        spelled another way ('Briton' / 'British', 'Norfok' / 'Norfolk': `facts.spelled_in`),
        or one form the other's initials ('RAF' / 'Royal Air Force')."""
        if self.supports(name):
            return True
        return any(spelled_in(t, self.names) for t in name_tokens([name])) or any(
            t in self.initials for t in name.key.split()
        )


#: A name that is initials written with stops ('U.S', 'U.K.', 'U.N.').
_DOTTED = re.compile(r"(?:[A-Z]\.)+[A-Z]\.?")


def _undotted(facts: Sequence[Fact]) -> frozenset[str]:
    """The names written as initials with stops, without them ('U.S.' as 'us'): the initials a
    name of the other text is matched against ('United States' / 'U.S.', `FactIndex.initials_of`)."""
    return frozenset(f.text.replace(".", "").lower() for f in facts if f.kind == "name" and _DOTTED.fullmatch(f.text))


def _day_of(key: str) -> str:
    """The day of a date key ('d:-02-27' -> '27'); '' for a month, a year or a weekday."""
    return key.rpartition("-")[2] if key.startswith("d:") else ""


def _proportion(key: str) -> bool:
    """Whether a number key is a share: a fraction in words ('2/3') or a percentage ('66%')."""
    return is_share(key) or key.endswith("%")


def _share_word(written: str) -> str:
    """The last word of a figure, singular ('quarter' of 'three-quarters'): where it names a share
    (`SHARE_WORDS`), a text using it otherwise ('Only half said') states that share, though not in
    the form `facts` reads as one ('half of the respondents')."""
    return re.split(r"[\s-]", written.lower())[-1].removesuffix("s")


def _a_word(short: str) -> bool:
    """Whether initials are a common word, which the text's words hold whatever it names ('Alan
    Thompson' -> 'at'); 'us' aside: the United States, which the text's 'US' spells (`facts`
    reads 'US' as the word, not as a name)."""
    return short != "us" and common_word(short)


def _possessed(name: Fact) -> tuple[Fact | None, Fact | None]:
    """The two names of a possessive name whose second is a name of two or more capitalised words
    ("Celtic's Alan Thompson": Celtic, Alan Thompson), else Nones."""
    parts = _POSSESSIVE.split(name.text, maxsplit=1)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        return None, None
    owner, owned = (p.strip() for p in parts)
    if len(owned.split()) < 2 or not all(w[:1].isupper() for w in owned.split()):
        return None, None  # "Bank of America's CEO", "Arizona's Republican-dominated": one name, not two
    return Fact("name", owner, key_text(owner)), Fact("name", owned, key_text(owned))


_POSSESSIVE = re.compile(r"['’]s\s+")


def unsupported(target_facts: Sequence[Sequence[Fact]], source: FactIndex) -> list[Unsupported]:
    """Target sentences stating names, numbers, dates or quotes that the source never states,
    among them another person of a name's first word (`another_of_the_name`); a list item's number
    is no claim ('4. Experts say ...': a farm's 'Top 10 Things To Know' padding)."""
    out = []
    for j, facts in enumerate(target_facts):
        stated = (f for f in facts if not f.listed)
        items = tuple(dict.fromkeys(f.text for f in stated if not source.supports(f) or another_of_the_name(f, source)))
        if items:
            out.append(Unsupported(target=j, items=items))
    return out


def as_reported(
    unsupported_facts: Sequence[Unsupported],
    target_facts: Sequence[Sequence[Fact]],
    source: FactIndex,
    target_texts: Sequence[str] = (),
) -> list[Unsupported]:
    """`unsupported_facts` as the report lists them: without the names that state a place the
    source names in another form ('Flaine, France' / 'the French Alps', 'British fencer' /
    'Britain's Richard Kruse': the same fact, no claim of its own), without an item inside
    another item of its sentence (the word opening an invented quote, 'Preliminary', is listed
    with the quote), and, given the target's sentence texts, without the labels an AI rewrite
    writes as names ('* Purpose: Repay debts ...', a heading '**Critics Speak Out**';
    `_labels`). The verdict reads `unsupported` as its weights were fitted (`as_fitted`)."""
    out = []
    for u in unsupported_facts:
        places = {f.text for f in target_facts[u.target] if f.kind == "name" and _a_place_of(f.text, source.names)}
        labels = _labels(target_texts[u.target]) if u.target < len(target_texts) else set()
        names = {f.text for f in target_facts[u.target] if f.kind == "name"}
        items = tuple(
            item
            for item in u.items
            if item not in places
            and not (item in names and item in labels)
            and not any(item != other and item in other for other in u.items)
        )
        if items:
            out.append(Unsupported(target=u.target, items=items))
    return out


#: A bullet's one-word label ('* Value: €86bn', '- Task: pass reforms'; a person's name is two) and
#: a heading on its own ('**Critics Speak Out**', '## National Context'): the layout AI rewrites
#: add, capitalised as names are.
_BULLET_LABEL = re.compile(r"^\s*(?:[*•\-–]|\d+[.)])\s*(?:\*\*)?([A-Z][\w'’-]*)(?:\*\*)?\s*:")
_HEADING = re.compile(r"^\s*(?:#+\s*(.+?)|\*\*(.+?)\*\*)\s*$")


#: A heading as its words, once Markdown is read (`text.read_markdown`) or as an HTML page's <h2>:
#: a short line without a sentence's final mark, its longer words capitalised ('Critics Speak Out',
#: 'Stock Market Highlights:' over a list).
_HEADING_MAX_WORDS = 10


def _labels(sentence: str) -> set[str]:
    """The bullet label and the heading text of a target sentence, if it has them."""
    found = {m.group(1).strip() for m in [_BULLET_LABEL.match(sentence)] if m}
    heading = _HEADING.match(sentence)
    if heading:
        found.add((heading.group(1) or heading.group(2)).strip())
    elif _title_case_heading(sentence):
        line = sentence.strip().rstrip(":").strip()
        parts = [part.strip() for part in line.split(":")]
        if len(parts) > 1 and all(len(part.split()) >= 2 for part in parts):  # 'Looking Ahead: Weather Outlook',
            found.update(parts)  # not 'Interview: Joe Biden', whose name is a claim
        found.add(line)
    return found


def _title_case_heading(sentence: str) -> bool:
    """Whether `sentence` is a heading in title case (`_HEADING_MAX_WORDS`): its longer words
    capitalised, two at least ('Critics Speak Out'), or two words or more all capitalised but
    the small words of titles, one of them a word of the headings AI rewrites add ('Key
    Takeaways', 'Why It Matters'; not 'Joe Biden' or 'New York' alone on a line)."""
    words = sentence.split()
    if not words or len(words) > _HEADING_MAX_WORDS or re.search(r"[.!?;,\"”’'»)]$", sentence.strip()):
        return False
    bare = [w.strip("\"“”'‘’(:") for w in words]
    longer = [w for w in bare if len(w) > 3]
    if len(longer) >= 2 and all(w[:1].isupper() for w in longer):
        return True
    titled = [w for w in bare if w and w.lower() not in _TITLE_SMALL_WORDS]
    return (
        len(words) >= 2
        and bool(titled)
        and all(w[:1].isupper() for w in titled)
        and any(w.lower() in _HEADING_WORDS for w in bare)
    )


#: Words of the headings AI rewrites and content farms add ('Key Takeaways', 'Why It Matters',
#: 'What Happens Next', 'The Bottom Line', 'Final Thoughts'), which no name of two short words holds.
_HEADING_WORDS = frozenset(
    """key takeaways takeaway why matters what happens next bottom line final thoughts conclusion summary
    overview background context impact outlook analysis insights highlights details know need explained
    reaction reactions response implications future looking ahead""".split()
)
#: The words a title leaves in lower case ('Impact on the Region').
_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "of", "on", "in", "to", "for", "at", "by", "as",
                                "vs", "with", "from"})  # fmt: skip


def restates_place(before: str, after: str) -> bool:
    """True when two names are forms of one place ('France' / 'French'): no name changed."""
    return _a_place_of(after, frozenset(plain_words(before)))


def _a_place_of(name: str, names: Collection[str]) -> bool:
    """Whether `name` restates what `names` hold, one of its words another form of a place there
    ('French' for 'France'; `facts.place_named`) and every other distinctive word there too."""
    tokens = name_tokens([Fact("name", name, " ".join(plain_words(name)))])
    return any(place_named(t, names) for t in tokens) and all(t in names or place_named(t, names) for t in tokens)


def _distinctive(name: Fact) -> tuple[str, ...]:
    """The distinctive words of a name, in order ('gary', 'megson')."""
    distinct = name_tokens([name])
    return tuple(t for t in dict.fromkeys(name.key.split()) if t in distinct)


def another_of_the_name(name: Fact, source: FactIndex) -> bool:
    """True when `name` is someone the source does not name though it shares a first word with
    a name the source does: 'Gary Mills' where the source has only 'Gary Megson', 'Manchester
    City' where it has 'Manchester United'. `FactIndex.supports` counts one shared word as the
    name stated (a surname alone is), so a swapped surname went unreported. Two-word names
    only: longer ones are lists, headlines or a name with its role ('Bank of America's CEO')."""
    words = _distinctive(name)
    if name.kind != "name" or len(words) != 2 or spelled_in(words[1], source.names):
        return False
    return any(len(other) == 2 and other[0] == words[0] for other in source.full_names)


def facts_carried(source_facts: Sequence[Sequence[Fact]], target: FactIndex) -> tuple[int, int]:
    """How many of the source's distinct names, figures and dates the target states, of how many:
    a rewrite carries nearly all of them, minor ones too, whatever order it tells them in."""
    distinct = {(f.kind, f.key): f for facts in source_facts for f in facts if f.kind != "quote"}
    return sum(1 for f in distinct.values() if target.supports(f)), len(distinct)


def as_fitted(
    unsupported_facts: Sequence[Unsupported], target_facts: Sequence[Sequence[Fact]], source: FactIndex
) -> list[Unsupported]:
    """`unsupported_facts` as the verdict's weights were fitted to read them: a name sharing any
    word of three letters or more with the source counted as stated there ('Wong and Yang' by an
    'and'). The report lists such names (`unsupported`); the verdict's fact support and own facts
    keep the reading they were measured with until the weights are refitted (BENCHMARKS.md)."""
    out = []
    for u in unsupported_facts:
        named = {f.text for f in target_facts[u.target] if f.kind == "name" and _shares_a_word(f, source)}
        items = tuple(item for item in u.items if item not in named)
        if items:
            out.append(Unsupported(target=u.target, items=items))
    return out


def _shares_a_word(name: Fact, source: FactIndex) -> bool:
    return any(len(t) > 2 and t in source.names for t in name.key.split())


#: Words that make a name of several words a body's or a list ('Bank of England', 'Wynn and Bell').
_NOT_ONE_PERSON = frozenset({"of", "and", "the", "for", "de", "la"})


def quoted_newcomers(
    target_facts: Sequence[Sequence[Fact]], source: FactIndex, linked_target: Collection[int]
) -> int:
    """How many people the target quotes, in sentences not linked to the source, whom the source
    never names in any spelling (`FactIndex.mentions`): a reporter's own interviews ('Peter Guest,
    Assistant Chief Fire Officer at Surrey Fire and Rescue Service, says the building is "a total
    loss"'). A rewrite quotes its source's people. A person here is a name of two or more words,
    none of them a body's or a list's ('of', 'and'); a surname alone ('Ms Chapman' is read as
    'Chapman') is not counted."""
    people: set[str] = set()
    for j, facts in enumerate(target_facts):
        if j in linked_target or not any(f.kind == "quote" for f in facts):
            continue
        for f in facts:
            if f.kind == "name" and _a_person(f.key.split()) and not source.mentions(f):
                people.add(f.key)
    return len(people)


def _a_person(words: Sequence[str]) -> bool:
    """Whether a name's words may be a person's full name: two or more, none a body's or a list's."""
    return len(words) >= 2 and not _NOT_ONE_PERSON & set(words)


def anchor_keys(
    facts: Sequence[Sequence[Fact]],
) -> tuple[list[frozenset[str]], frozenset[str], dict[str, frozenset[str]]]:
    """Each sentence's figures and dates that can tie it to a sentence of another article
    (`align.fact_anchored_pairs`), which of them are specific enough to do so on a looser pair
    score (a figure of 10 or more not written as a year, a date with its day or its year), and the
    content words each is written with ('4 July 2015': 4, july, 2015), which the two sentences
    must share more than. A weekday, a time, a month alone or a list's number ties nothing; nor
    does a name, which sentences saying different things share as often as not (a speaker, a team)."""
    usable = [[f for f in sentence if f.kind in ("number", "date") and not f.listed
               and not f.key.startswith(("wd:", "t:"))] for sentence in facts]  # fmt: skip
    keys = [frozenset(f.key for f in sentence) for sentence in usable]
    written: dict[str, frozenset[str]] = {}
    for sentence in usable:
        for f in sentence:
            written[f.key] = written.get(f.key, frozenset()) | content_of(words(f.text))
    return keys, frozenset(f.key for sentence in usable for f in sentence if _specific(f)), written


def _specific(fact: Fact) -> bool:
    if fact.kind == "date":  # 'd:2004-07-', 'd:-11-4' and 'y:2010'; not 'd:-10-' nor 'd:-05-late'
        year, _, rest = fact.key.partition("d:")[2].partition("-")
        return fact.key.startswith("y:") or year.isdigit() or rest.partition("-")[2].isdigit()
    if fact.kind == "number":
        try:
            value = float(fact.key.rstrip("%"))
        except ValueError:
            return False
        written = fact.text.strip()
        return value >= 10 and not (written.isdigit() and len(written) == 4 and 1900 <= value <= 2100)  # a year
    return False


def own_facts(
    target_facts: Sequence[Sequence[Fact]], unsupported_facts: Sequence[Unsupported], linked_target: set[int]
) -> tuple[int, int]:
    """The target's own reporting: distinct names, figures and dates it states, in sentences not
    linked to the source, that the source never states (quotes aside); and how many of those
    are names or dates."""
    own: set[tuple[str, str]] = set()
    for u in unsupported_facts:
        if u.target not in linked_target:
            own.update((f.kind, f.key) for f in target_facts[u.target] if f.kind != "quote" and f.text in u.items)
    return len(own), sum(1 for kind, _ in own if kind != "number")


def changes(
    source_facts: Sequence[Sequence[Fact]],
    target_facts: Sequence[Sequence[Fact]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
    source_index: FactIndex,
    target_index: FactIndex,
    in_place: Sequence[tuple[FactIndex, FactIndex] | None] | None = None,
    texts: tuple[Sequence[str], Sequence[str]] | None = None,
) -> list[Change]:
    """Facts substituted within links: the source says one thing, the target another in its place.

    `in_place` gives, for a link that edits one sentence into one sentence, the fact indexes of
    those two sentences alone: there a fact the target sentence replaced is a change even if the
    article states it elsewhere ('13-6 win over Kyren Wilson' edited to '13-8 win over Kyren
    Wilcox', Wilson named again below); the articles' indexes still forgive abbreviations.

    Figures and dates are compared sentence pair by sentence pair, as the verdict's `conflict`
    feature reads them (`figure_conflicts`); a pair whose lost figure the target states
    elsewhere, or whose replacement the source does, moved and is not reported; unless, given the
    sentences' `texts` (source's, target's), the replacement stands where the lost figure stood,
    written alike ('12 people' / '14 people', 'on Saturday' / 'on Sunday', `_in_its_place`): a
    falsified figure that happens to be stated elsewhere in the source too. Names and quotes
    are compared link by link (a rewrite merges sentences: the birthplace in a merged sentence
    comes from the second source sentence, not in place of the street of the first), and a name
    or quote the target states elsewhere, or a name the source states elsewhere, moved: it was
    not changed. A fact merely left out is not a change (rewrites condense); a quote turned into
    reported speech is, because the quoted words are no longer the speaker's.
    """
    out: list[Change] = []
    scopes = in_place if in_place is not None else [None] * len(links)
    for (src_ids, tgt_ids), scope in zip(links, scopes):
        sindex, tindex = scope if scope is not None else (source_index, target_index)
        for j in tgt_ids:
            for i in src_ids:
                said, says = (texts[0][i], texts[1][j]) if texts else ("", "")
                siblings = _siblings_figures(i, src_ids, source_facts)
                out.extend(
                    Change(kind=old.kind, source=i, target=j, before=_as_bound(old, said), after=_as_bound(new, says))
                    for old, new in _figure_pairs_in_place(source_facts[i], target_facts[j], (said, says), siblings)
                    if not tindex.still_states(old, sindex)
                    and (
                        not sindex.supports(new, days=True)
                        or (texts and _in_its_place(old, new, texts[0][i], texts[1][j]))
                    )
                )
        if scope is not None and texts:  # one sentence edited into one: a figure stated twice, replaced once
            i, j = src_ids[0], tgt_ids[0]
            reported = {(c.source, c.target, c.before) for c in out}
            out.extend(c for c in _figures_displaced(i, j, source_facts[i], target_facts[j], (texts[0][i], texts[1][j]))
                       if (c.source, c.target, c.before) not in reported)  # fmt: skip
        sfacts = [(i, f) for i in src_ids for f in source_facts[i]]
        tfacts = [(j, f) for j in tgt_ids for f in target_facts[j]]
        named = _name_changes(sfacts, tfacts, source_index, target_index, scope)
        if scope is not None and texts:  # one sentence edited into one: a name put in another's place
            i, j = src_ids[0], tgt_ids[0]
            seen = {(c.before, c.after) for c in named}
            named += [c for c in _names_put_in_place(i, j, texts[0][i], texts[1][j], sfacts, tfacts)
                      if (c.before, c.after) not in seen]  # fmt: skip
            shown = [(n.before or "", n.after or "") for n in named]
            named += [c for c in _roles_put_in_place(i, j, texts[0][i], texts[1][j])  # not inside a name shown
                      if not any((c.before or "") in b and (c.after or "") in a for b, a in shown)]  # fmt: skip
            out.extend(_ordinals_put_in_place(i, j, texts[0][i], texts[1][j]))
        if texts and len(src_ids) == len(tgt_ids) == 1:  # a quote kept word for word, given to another speaker
            i, j = src_ids[0], tgt_ids[0]
            seen = {(c.before, c.after) for c in named}
            given = _quote_given_to_another(i, j, texts[0][i], texts[1][j], source_facts[i], target_facts[j])
            named += [c for c in given if (c.before, c.after) not in seen]
        out.extend(_not_respelled(named, source_index) if scope is not None else named)
        phrases = (
            (
                [(i, q, _around(texts[0][i], q)) for i in src_ids for q in short_quotes(texts[0][i])],
                [(j, q, _around(texts[1][j], q)) for j in tgt_ids for q in short_quotes(texts[1][j])],
            )
            if texts
            else ([], [])
        )
        out.extend(_quote_changes(sfacts, tfacts, min(tgt_ids), tindex, source_index, phrases))
    return out


def _siblings_figures(i: int, src_ids: Sequence[int], source_facts: Sequence[Sequence[Fact]]) -> Counter[str]:
    """How many times the other source sentences of a link state each figure and date sentence `i`
    does not: in a target sentence merging them, those are the siblings', carried, not put in
    place of `i`'s ('who finished 14th' + 'the top 50' -> 'the top 50, among them 13th-placed Snow
    Patrol': 14 became 13, not 50; '£6.70 an hour applies to workers aged 21 to 24' + '£7.20 an
    hour to employees aged 25 and over' -> '£7.20 an hour for workers over 25': no change)."""
    if len(src_ids) < 2:
        return Counter()
    own = {f.key for f in source_facts[i]}
    return Counter(f.key for n in src_ids if n != i for f in source_facts[n] if f.kind != "name" and f.key not in own)


def _quote_given_to_another(
    i: int, j: int, said: str, says: str, sfacts: Sequence[Fact], tfacts: Sequence[Fact]
) -> list[Change]:
    """A quote both sentences give word for word, whose speaker each names otherwise: '"We're
    mourning ...," the agency quoted Peoplesoft worker David Ogden as saying' made '... quoted Anil
    Aggarwal, Peoplesoft's director of database markets, as saying' (a name the source states
    elsewhere, and a sentence reworded around it, so neither rule above reads it): when each
    sentence names, as a speaker (`_speakers`), one person or body the other does not; or when the
    source gives the quote to someone it only describes ('the newspaper quoted the executive as
    saying') and the target to a named person, or the other way (a source named, or made anonymous:
    never a pronoun, 'he said', which an edit names as often as not)."""
    quotes = {f.key for f in sfacts if f.kind == "quote"} & {g.key for g in tfacts if g.kind == "quote"}
    if not quotes:
        return []
    speakers_said, speakers_put = _speakers(said, sfacts), _speakers(says, tfacts)
    was = [f for f in speakers_said if not _states(says, f.text)]
    now = [g for g in speakers_put if not _states(said, g.text)]
    if not speakers_said and now and (described := _described_speaker(said)):
        named = max(now, key=lambda g: says.rfind(g.text))  # 'Euronext chief executive Jean-Francois Theodore'
        return [Change(kind="name", source=i, target=j, before=described, after=named.text)]
    if not speakers_put and was and (described := _described_speaker(says)):
        named = max(was, key=lambda f: said.rfind(f.text))  # and the other way: a named speaker made anonymous
        return [Change(kind="name", source=i, target=j, before=named.text, after=described)]
    if len(was) != 1 or len(now) != 1:
        return []
    (old,), (new,) = was, now
    if restates_place(old.text, new.text) or _same("name", old, new):
        return []
    return [Change(kind="name", source=i, target=j, before=old.text, after=new.text)]


def _speakers(sentence: str, facts: Sequence[Fact]) -> list[Fact]:
    """The names `sentence` gives as a quote's speaker: just before a verb of saying ('Betts told',
    'David Ogden said'), or just after one that names its speaker next ('said Anil Aggarwal',
    'quoted David Ogden as saying', 'according to Mr Smith'); not a people's name ('the Frenchman
    said') nor one inside the quote."""
    found = []
    for f in facts:
        if f.kind != "name" or PLACE_FORMS.get(f.text.lower()):
            continue
        for start, end in phrase_spans(f.text, sentence):
            before, after = sentence[:start], sentence[end:]
            if before.count('"') % 2 or (before.count("“") > before.count("”")):
                continue  # inside the quote
            if _SAYS_AFTER.match(after) or _SAYS_BEFORE.search(before):
                found.append(f)
                break
    return found


def _described_speaker(sentence: str) -> str | None:
    """A quote's speaker the sentence describes without naming ('the executive said', 'quoted a
    spokesman as saying', 'according to officials'), or None."""
    found = _DESCRIBED_BEFORE.search(sentence) or _DESCRIBED_AFTER.search(sentence)
    return found.group("who") if found else None


_ROLE = (r"(?:executive|spokesman|spokeswoman|spokesperson|official|officials|source|sources|aide|aides|insider"
         r"|insiders|employee|employees|worker|workers|witness|witnesses|analyst|analysts|person|people|officer)")
#: 'the executive said', 'a senior official told': a described speaker before a verb of saying.
_DESCRIBED_BEFORE = re.compile(rf"(?P<who>\b(?:the|a|an|one|two|three|several)\s+(?:[a-z-]+\s+){{0,2}}{_ROLE})"
                               r",?\s+(?:said|says|told|added)\b")  # fmt: skip
#: 'quoted the executive as saying', 'according to officials', 'said a spokesman'.
_DESCRIBED_AFTER = re.compile(rf"\b(?:quoted|according to|said)\s+(?P<who>(?:(?:the|a|an|one|two|three|several)"
                              rf"\s+)?(?:[a-z-]+\s+){{0,2}}{_ROLE})\b")  # fmt: skip


_SAYING = r"said|says|told|tells|added|adds|stated|stating|saying|explained|insisted|warned|claimed|commented"
#: A verb of saying a few words after the speaker's name ('David Ogden, 45, said', 'Betts told').
_SAYS_AFTER = re.compile(rf"^(?:,?\s+[\w'’-]+){{0,3}}?,?\s+(?:{_SAYING})\b", re.IGNORECASE)
#: A verb that names its speaker next ('said Anil Aggarwal', 'quoted David Ogden', 'according to').
_SAYS_BEFORE = re.compile(r"\b(?:said|says|quoted|according to)\s+(?:[\w'’.-]+\s+){0,3}$", re.IGNORECASE)


def _as_bound(fact: Fact, sentence: str) -> str:
    """A figure as the change shows it: with the bound the sentence puts on it ('more than 20'), so
    '23' -> 'more than 20' does not read as '23' -> '20'."""
    if fact.kind != "number" or not sentence:
        return fact.text
    bound = next((words for kind, words in _bounds(fact.text, sentence) if words), "")
    return f"{bound}{fact.text}"


def scores_whole(changes: Sequence[Change], texts: tuple[Sequence[str], Sequence[str]]) -> list[Change]:
    """`changes` as reported: a figure that is one side of a score or a span shown with the other
    ('13-6' -> '13-4', not '6' -> '4', which a standards editor could not place), and both sides
    changed as one change of it. The verdict counts each figure (`changes`); this is for reading."""
    out: dict[Change, None] = {}
    for c in changes:
        if c.kind == "number" and c.source is not None and c.target is not None:
            after = _score_of(c.after, texts[1][c.target]) if c.after is not None else None
            c = replace(c, before=_score_of(c.before, texts[0][c.source]), after=after)
        out[c] = None
    return list(out)


def _score_of(figure: str, sentence: str) -> str:
    """The score or span of `sentence` that `figure` is one side of, else `figure`."""
    if not figure:
        return figure
    return next((m.group() for m in _SCORE.finditer(sentence) if figure in m.group().split(m.group("dash"))), figure)


#: Two figures a hyphen or dash joins: a score or a span ('13-6', '2–1', '1995-96').
_SCORE = re.compile(r"(?<![\w.,-])\d{1,4}(?P<dash>[-–])\d{1,4}(?![\w.,]\d|-\d|[-–]?[A-Za-z])")


def _names_put_in_place(
    i: int, j: int, before: str, after: str, sfacts: Sequence[Placed], tfacts: Sequence[Placed]
) -> list[Change]:
    """In a sentence edited in place, a name whose words the edit replaced with another name's:
    'Mr Ó Muilleoir added that ...' made 'Mrs Foster added that ...', a claim given to another
    person though the source names her elsewhere, even in that sentence (`_name_changes` then sees
    no name the source does not state); or a name the edit spelled otherwise ('Lord Browne' / 'Lord
    Brown', a misspelling or its correction, which the articles' indexes read as one name)."""
    out: list[Change] = []
    for replaced, put_in, _ in _replaced_words(before, after):
        old_words, new_words = " ".join(replaced), " ".join(put_in)
        taken, put = _bare(replaced), _bare(put_in)
        if taken == put:
            continue  # punctuation: 'Primary and' / 'Primary, and'
        # a name the edit replaced whole by another, or one it edited inside ('Lord Browne' / 'Lord Brown')
        for whole in (True, False):
            old = next((f for _, f in sfacts if f.kind == "name" and not _states(after, f.text)
                        and (f.text in old_words if whole else taken <= _bare(f.text.split()))), None)  # fmt: skip
            new = next((g for _, g in tfacts if g.kind == "name" and not _states(old_words, g.text)
                        and (g.text in new_words if whole else put <= _bare(g.text.split()))), None)  # fmt: skip
            if old is not None and new is not None:
                break
        nested = old is not None and new is not None and (_states(old.text, new.text) or _states(new.text, old.text))
        if old is not None and new is not None and old.key != new.key and not nested and not _spelled_out(old, new):
            out.append(Change(kind="name", source=i, target=j, before=old.text, after=new.text))
    return out


def _spelled_out(a: Fact, b: Fact) -> bool:
    """Whether one name is the other's initials, with stops or without ('U.S.' / 'United States')."""
    return any(
        (short := initials(full.text)) and short == bare.text.replace(".", "").lower()
        for full, bare in ((a, b), (b, a))
    )


def _roles_put_in_place(i: int, j: int, before: str, after: str) -> list[Change]:
    """In a sentence edited in place, a person's role or title replaced by another ('BP chief
    executive Lord Browne' / 'BP chairman Lord Browne'): a `name` change, as a title is part of
    how the story names someone; the role words alone are shown."""
    out = []
    for replaced, put_in, following in _replaced_words(before, after):
        old, new = ({_TITLE_FORMS.get(w, w) for w in (w.lower() for w in _bare(run)) if w not in _ROLE_JOINS}
                    for run in (replaced, put_in))  # fmt: skip
        # a field's words before a role's head: the word after the run, or the run's own last word
        headed = {following.lower().strip(",;:."), *(run[-1].lower().strip(",;:.") for run in (replaced, put_in))}
        roles = _ROLES | (_ROLE_FIELDS if headed & _ROLE_HEADS else frozenset())
        if old and new and old <= roles and new <= roles and old != new:
            out.append(Change(kind="name", source=i, target=j, before=" ".join(replaced).strip(",;:"),
                              after=" ".join(put_in).strip(",;:")))  # fmt: skip
    return out


def _ordinals_put_in_place(i: int, j: int, before: str, after: str) -> list[Change]:
    """In a sentence edited in place, an ordinal in words replaced by another ('Ninth seed' /
    'Seventh seed', 'second' / '3rd'): a `number` change; ordinals in words are no figures
    (`facts` reads 'the first time' as no count), and '9th' / '7th' is already a figure changed."""
    out = []
    for replaced, put_in, _ in _replaced_words(before, after):
        if len(replaced) == 1 == len(put_in):
            old, new = (w.lower().strip(".,;:!?\"'()") for w in (replaced[0], put_in[0]))
            was, now = _ORDINALS.get(old, _ordinal_digits(old)), _ORDINALS.get(new, _ordinal_digits(new))
            if was and now and was != now and (old in _ORDINALS or new in _ORDINALS):
                out.append(Change(kind="number", source=i, target=j, before=replaced[0].strip(".,;:"),
                                  after=put_in[0].strip(".,;:")))  # fmt: skip
    return out


#: Ordinals in words, by their number.
_ORDINALS = {
    w: n + 1
    for n, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
_ORDINAL_DIGITS = re.compile(r"(\d{1,3})(?:st|nd|rd|th)")


def _ordinal_digits(word: str) -> int | None:
    """The number of an ordinal in digits ('7th' -> 7), else None."""
    return int(m.group(1)) if (m := _ORDINAL_DIGITS.fullmatch(word)) else None


def _replaced_words(before: str, after: str) -> Iterator[tuple[list[str], list[str], str]]:
    """The runs of words (split on spaces, compared without case) an edit in place replaced, what
    it put in each one's place, and the word both go on to ('' at the end)."""
    said, says = before.split(), after.split()
    diff = difflib.SequenceMatcher(None, [w.lower() for w in said], [w.lower() for w in says], autojunk=False)
    for tag, a0, a1, b0, b1 in diff.get_opcodes():
        if tag == "replace":
            yield said[a0:a1], says[b0:b1], says[b1] if b1 < len(says) else ""


#: Words of a person's role or title ('chief executive', 'deputy prime minister', 'head coach').
_ROLES = frozenset(
    """chief executive chairman chairwoman chair president vice deputy minister secretary director spokesman
    spokeswoman spokesperson senator governor mayor judge general captain sergeant inspector superintendent
    detective commissioner chancellor treasurer editor founder manager coach head leader ceo cfo coo prime
    foreign home finance managing acting interim assistant associate senior officer professor doctor sir dame
    lord lady baroness baron reverend bishop archbishop councillor mp mep msp peer congressman congresswoman
    whip""".split()
)
#: Words of the field a role covers, read as role words before a role's head ('chief financial
#: officer' / 'chief operating officer'; not 'financial results' / 'operating results').
_ROLE_FIELDS = frozenset(
    """financial operating technology technical marketing information commercial legal medical scientific
    investment operations economic political security defence defense health party shadow opposition board
    club union""".split()
)
_ROLE_HEADS = frozenset(
    """officer director executive secretary minister editor adviser advisor correspondent chairman chairwoman
    chair leader spokesman spokeswoman whip""".split()
)
#: Words joining a role's words ('chairman and chief executive'), no role of their own.
_ROLE_JOINS = frozenset({"and", "&", "of", "the"})
#: Titles and ranks as the longer form writes them ('Prof' / 'Professor' is no change of title).
_TITLE_FORMS = {"prof": "professor", "dr": "doctor", "gen": "general", "capt": "captain", "sgt": "sergeant",
                "insp": "inspector", "supt": "superintendent", "det": "detective", "rev": "reverend",
                "cllr": "councillor", "sen": "senator", "gov": "governor", "pres": "president"}  # fmt: skip


def _states(sentence: str, words: str) -> bool:
    """Whether `sentence` states `words` as words ('Brown' is not stated by 'Lord Browne said')."""
    return bool(phrase_spans(words, sentence))


def _bare(tokens: Sequence[str]) -> set[str]:
    """Tokens as a name's words: without punctuation or a possessive ('Browne's,' is 'Browne')."""
    return {w for t in tokens if (w := re.sub(r"['’]s$", "", t.strip(".,;:!?\"'“”‘’()")))}


def qualifier_changes(
    source_facts: Sequence[Sequence[Fact]],
    target_facts: Sequence[Sequence[Fact]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
    texts: tuple[Sequence[str], Sequence[str]],
) -> list[Change]:
    """Figures a linked sentence pair both state, bounded otherwise: 'just under 31,000' stated
    as '31,000', '3,000' as 'over 3,000' (a figure rounded up or inflated, which `changes` does not
    see: the figure is the same). An approximation on either side ('about 3,000') changes nothing."""
    out: list[Change] = []
    for i, j, old, new in _same_figures(source_facts, target_facts, links):
        said, put = _bounds(old.text, texts[0][i]), _bounds(new.text, texts[1][j])
        kinds_said, kinds_put = {k for k, _ in said}, {k for k, _ in put}
        if said and put and not kinds_said & kinds_put and "about" not in kinds_said | kinds_put:
            out.append(Change(kind="number", source=i, target=j, before=f"{said[0][1]}{old.text}",
                              after=f"{put[0][1]}{new.text}"))  # fmt: skip
    return out


def unit_changes(
    source_facts: Sequence[Sequence[Fact]],
    target_facts: Sequence[Sequence[Fact]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
    texts: tuple[Sequence[str], Sequence[str]],
) -> list[Change]:
    """Figures a linked sentence pair both state in another currency or unit: '$17.5bn' stated as
    '£17.5bn', '8.5 cents' as '8.5p', 'billion barrels' as 'billion tonnes', '$1.8m an hour' as
    '$1.8m a day' (the same value, so `changes` sees nothing). Only where both sides state a unit
    for the figure (`_units`): a rewrite that leaves out 'dollars' changes nothing."""
    out: list[Change] = []
    for i, j, old, new in _same_figures(source_facts, target_facts, links):
        said, put = _units(old.text, texts[0][i]), _units(new.text, texts[1][j])
        for kind in ("currency", "measure"):
            was, now = said.get(kind), put.get(kind)
            if was and now and not {u for u, _ in was} & {u for u, _ in now}:
                out.append(Change(kind="number", source=i, target=j, before=was[0][1], after=now[0][1]))
    return out


def _same_figures(
    source_facts: Sequence[Sequence[Fact]],
    target_facts: Sequence[Sequence[Fact]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> Iterator[tuple[int, int, Fact, Fact]]:
    """(source sentence, target sentence, figure as the source states it, as the target does) for
    each figure of the same value a linked sentence pair both state, once a pair."""
    for src_ids, tgt_ids in links:
        for i in src_ids:
            for j in tgt_ids:
                seen: set[str] = set()
                for old in (f for f in source_facts[i] if f.kind == "number" and f.key not in seen):
                    new = next((g for g in target_facts[j] if g.kind == "number" and g.key == old.key), None)
                    if new is not None:
                        seen.add(old.key)
                        yield i, j, old, new


def _opens_figure(text: str, start: int) -> bool:
    """Whether a figure may start at `start`: no word character nor currency sign just before it."""
    return opens_word(text, start) and (start == 0 or text[start - 1] not in "$£€¥")


def _closes_figure(text: str, end: int) -> bool:
    """Whether a figure may end at `end`: no digit next, nor a point or comma and then one ('5' is
    not stated by '5.5' or '5,000'; a unit may follow it: '5m')."""
    nxt = text[end : end + 2]
    return not (nxt[:1].isdecimal() or (nxt[:1] in (".", ",") and nxt[1:2].isdecimal()))


def _units(figure: str, sentence: str) -> dict[str, list[tuple[str, str]]]:
    """The currencies and units `sentence` states for each place it states `figure`, by kind
    ('currency' | 'measure'): [(unit, the figure with its unit as written)]. A currency is the sign
    in the figure ('$', '£') or a code before it ('USD 5m'), else a word after it ('dollars',
    'cents', 'p'); a unit the word after it ('barrels', 'km', 'an hour')."""
    found: dict[str, list[tuple[str, str]]] = {}
    figure = _SUBUNIT_TAIL.sub("", figure)  # '8.5 cents': its unit is read after the figure, as for '8.5 dollars'
    for start, end in phrase_spans(figure, sentence, any_spaces=True, opens=_opens_figure, closes=_closes_figure):
        sign = next((c for c in figure if c in _CURRENCY_SIGNS), None) or _code_before(sentence[:start])
        tail = _UNIT_AFTER.match(sentence, end)
        word = tail.group("unit").lower() if tail else ""
        shown = " ".join(sentence[start : tail.end()].split()) if tail else figure  # one line, as read
        if sign:
            found.setdefault("currency", []).append((_CURRENCY_SIGNS.get(sign, sign), figure))
        elif word in _CURRENCY_WORDS:
            found.setdefault("currency", []).append((_CURRENCY_WORDS[word], shown))
        if tail and word in _MEASURES:
            rate = "/" if tail.group("per") else ""  # '$1.8m an hour' is a rate, '1.8 hours' a time
            found.setdefault("measure", []).append((_MEASURES[word] + rate, shown))
    return found


#: A sum in cents or pence as a figure's text ends (`facts.CENTS`).
_SUBUNIT_TAIL = re.compile(f"(?:{CENTS})$", re.I)


def _code_before(before: str) -> str | None:
    """A currency code written just before a figure ('USD 5m', 'EUR5bn'), as the sign it stands for."""
    m = re.search(r"\b(USD|GBP|EUR|JPY|US\$)\s?$", before)
    return {"USD": "$", "US$": "$", "GBP": "£", "EUR": "€", "JPY": "¥"}[m.group(1)] if m else None


_CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
#: Currencies written as a word after the figure; cents and pence as their currency, since a figure's
#: key is its value in the currency ('71 cents' is '$0.71'; '8.5 cents' is not '8.5p').
_CURRENCY_WORDS = {
    **dict.fromkeys(("dollar", "dollars", "dlr", "dlrs", "usd"), "USD"),
    **dict.fromkeys(("pound", "pounds", "sterling", "stg", "gbp"), "GBP"),
    **dict.fromkeys(("euro", "euros", "eur"), "EUR"),
    **dict.fromkeys(("yen", "jpy"), "JPY"),
    **dict.fromkeys(("cent", "cents", "cts", "ct"), "USD"),
    **dict.fromkeys(("p", "pence", "penny"), "GBP"),
}
#: Units of measure and of time, each spelling as one unit.
_MEASURES = {
    **{w: unit for unit, spellings in {
        "barrel": "barrel barrels bbl bpd", "tonne": "tonne tonnes ton tons", "kg": "kg kilogram kilograms kilo kilos",
        "lb": "lb lbs", "mile": "mile miles", "km": "km kms kilometre kilometres kilometer kilometers",
        "metre": "metre metres meter meters", "foot": "foot feet ft", "acre": "acre acres",
        "hectare": "hectare hectares ha", "litre": "litre litres liter liters", "gallon": "gallon gallons",
        "second": "second seconds", "minute": "minute minutes", "hour": "hour hours", "day": "day days",
        "week": "week weeks", "month": "month months", "year": "year years",
    }.items() for w in spellings.split()},
}
#: The word after a figure that may be its unit, maybe after 'a', 'an' or 'per' (a rate: '$1.8m an
#: hour') or joined by a hyphen ('29-year-old').
_UNIT_AFTER = re.compile(r"(?:\s*-\s*|\s?)(?:(?P<per>an?|per)\s+)?(?P<unit>[A-Za-z]+)\b")


def relative_date_changes(
    links: Sequence[tuple[Sequence[int], Sequence[int]]], texts: tuple[Sequence[str], Sequence[str]]
) -> list[Change]:
    """Times told relative to the story's day that a linked sentence pair states otherwise: 'Last
    month' / 'Last week', 'yesterday' / 'last week', 'two weeks ago' / 'two months ago' (a
    falsified timeline no date fact shows: `facts` reads dates and weekdays, not these). Only
    where both sentences of a one-to-one link state exactly one such time and they differ: a
    sentence that drops it or states two is no substitution to report."""
    out: list[Change] = []
    for src_ids, tgt_ids in links:
        if len(src_ids) != 1 or len(tgt_ids) != 1:
            continue
        (i,), (j,) = src_ids, tgt_ids
        said, put = _RELATIVE_TIME.findall(texts[0][i]), _RELATIVE_TIME.findall(texts[1][j])
        if (
            len(said) == 1
            and len(put) == 1
            and _relative_key(said[0]) != _relative_key(put[0])
            and not (_WEEKDAY_END.search(said[0]) and _WEEKDAY_END.search(put[0]))  # the dates' own change
        ):
            out.append(Change(kind="date", source=i, target=j, before=said[0], after=put[0]))
    return out


_WEEKDAY = rf"(?:{WEEKDAY_STEMS})day"
_WEEKDAY_END = re.compile(rf"{_WEEKDAY}$", re.IGNORECASE)
_UNITS_OF_TIME = r"(?:day|week|fortnight|month|year|decade|weekend|night|morning|afternoon|evening|season|quarter)s?"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"  # not 'a few': vague
#: A time told relative to the story's day: 'yesterday', 'last week', 'earlier this month',
#: 'two weeks ago', 'next year'.
_RELATIVE_TIME = re.compile(
    rf"\b(?:yesterday|today|tomorrow|tonight|the day before yesterday"
    rf"|(?:last|next|this|earlier this|later this|early this|late last|early next|late this) {_UNITS_OF_TIME}"
    rf"|(?:last|next|this) {_WEEKDAY}"  # 'Last Friday' made 'Last month'; a weekday alone is a date fact
    rf"|{_COUNT} {_UNITS_OF_TIME} (?:ago|earlier|later|before))\b",
    re.IGNORECASE,
)


def _relative_key(said: str) -> str:
    """A relative time as compared: lower case, 'a' and 'one' alike, units in the singular, a
    season a year, 'earlier this month' the month itself, 'next day' a day later: what differs
    then tells another time, not other words for it ('a day later' / 'next day', 'earlier this
    year' / 'this year', 'this year' / 'this season' in sport, 'last year' / 'a year ago')."""
    words = said.lower().split()
    words = words[1:] if words[0] in ("earlier", "later", "early", "late") else words
    key = " ".join("1" if w in ("a", "an", "one") else w[:-1] if _PLURAL_UNIT.fullmatch(w) else w for w in words)
    key = key.replace("season", "year")
    if m := re.fullmatch(r"1 (\w+) ago", key):  # 'a year ago' is last year, told from now
        key = f"last {m.group(1)}"
    return {"next day": "1 day later", "last day": "yesterday"}.get(key, key)


_PLURAL_UNIT = re.compile(rf"(?=\w+s$){_UNITS_OF_TIME}")


def _bounds(figure: str, sentence: str) -> list[tuple[str, str]]:
    """How `sentence` bounds each place it states `figure`: ('over' | 'under' | 'about' | '', the
    words saying so). 'Over' before a span of time is a preposition ('over eight years' is during
    them), unless 'for' opens it ('for over 148 years' is more than 148)."""
    found: list[tuple[str, str]] = []
    for start, end in phrase_spans(figure, sentence, any_spaces=True):
        before, after = sentence[max(0, start - 40) : start], sentence[end : end + 20]
        bound = next(((kind, re.sub(r"\s+", " ", m.group(0).lstrip())) for kind, pattern in _BOUNDS
                      if (m := pattern.search(before))),
                     ("", ""))  # fmt: skip
        if not bound[0] and (tail := _BOUND_AFTER.match(after)):  # 'aged 25 and over', '18 or older'
            bound = ("over" if tail.group(1).lower() in ("over", "above", "more", "older") else "under", "")
        if bound[0] == "over" and _SPAN.match(after) and not re.search(r"\bfor\s+over\s+$", before, re.IGNORECASE):
            bound = ("", "")
        found.append(bound)
    return found  # none: the figure is written otherwise there ('under-16s'), so no bound is read


#: A bound stated after the figure: 'and over', 'or more', 'or younger'.
_BOUND_AFTER = re.compile(r"\s*(?:and|or)\s+(over|above|more|older|under|below|less|fewer|younger)\b", re.IGNORECASE)
#: A span of time after a figure ('eight years', '-year-long').
_SPAN = re.compile(r"[\s-]*(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|seasons?|centur(?:y|ies))\b",
                   re.IGNORECASE)  # fmt: skip


def _spaced(pattern: str) -> str:
    """`pattern` with each space matching any run of spaces: hard-wrapped wire copy breaks 'less
    than' across lines."""
    return pattern.replace(" ", r"\s+")


#: Words bounding a figure, read just before it: more than it, less than it, or about it.
_BOUNDS = tuple(
    (kind, re.compile(rf"(?:^|\s)(?:(?:just|well|slightly)\s+)?(?:{_spaced(words)})\s+$", re.IGNORECASE))
    for kind, words in (
        # not 'up to', which is as often a verb's ('will shoot up to five')
        ("over", "over(?: the age of)?|more than|above|in excess of|upwards of|exceeding|at least"),
        ("under", "under(?: the age of)?|less than|fewer than|below|nearly|almost|at most|no more than"),
        ("about", "about|around|approximately|roughly|some|an estimated|estimated|circa"),
    )
)


def figure_conflicts(
    source_facts: Sequence[Sequence[Fact]],
    target_facts: Sequence[Sequence[Fact]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> set[int]:
    """Linked target sentences stating a figure or date where a source sentence of their link
    states another: what the verdict's `conflict` feature counts (`changes` reports only the
    substitutions among these whose facts did not merely move)."""
    return set(_conflicting(source_facts, target_facts, links))


def figure_substituted(
    source_facts: Sequence[Sequence[Fact]],
    target_facts: Sequence[Sequence[Fact]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> bool:
    """True when `figure_conflicts` would find a sentence: some linked target sentence states a
    figure or date where its source sentence states another. Stops at the first."""
    return any(True for _ in _conflicting(source_facts, target_facts, links))


def _conflicting(
    source_facts: Sequence[Sequence[Fact]],
    target_facts: Sequence[Sequence[Fact]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> Iterator[int]:
    """The target sentence of each linked sentence pair whose figures or dates disagree, lazily."""
    for src_ids, tgt_ids in links:
        for j in tgt_ids:
            for i in src_ids:
                if _figure_pairs(source_facts[i], target_facts[j]):
                    yield j


def _lost_and_new(
    kind: ChangeKind, sfacts: Sequence[Fact], tfacts: Sequence[Fact], days: bool = False
) -> tuple[list[Fact], list[Fact]]:
    """Facts of `kind` only the source side states, and those only the target side states. A
    figure the target states more often than the source, where a figure of the source is lost,
    is new in its extra place ('With 30 of the assembly's 60 seats' / 'With 60 of the
    assembly's 60 seats')."""
    s = [f for f in sfacts if f.kind == kind]
    t = [f for f in tfacts if f.kind == kind]
    if len(s) * len(t) <= _FEW_PAIRS:  # a sentence's few: every pair read
        lost = [f for f in s if not any(_same(kind, f, g, days) for g in t)]
        new = [g for g in t if not any(_same(kind, f, g, days) for f in s)]
    else:
        kept_s, kept_t = _agreeing(kind, s, t, days)
        lost = [f for n, f in enumerate(s) if n not in kept_s]
        new = [g for n, g in enumerate(t) if n not in kept_t]
    if kind == "number" and lost and not new:
        stated, seen = Counter(f.key for f in s), Counter[str]()
        for g in t:
            seen[g.key] += 1
            if seen[g.key] > stated[g.key]:
                new.append(g)
    return lost, new


#: Up to how many pairs of figures `_lost_and_new` reads every pair (a sentence's few) rather than index them.
_FEW_PAIRS = 64


def _agreeing(kind: ChangeKind, s: Sequence[Fact], t: Sequence[Fact], days: bool) -> tuple[set[int], set[int]]:
    """The places in `s` and in `t` of the figures or dates that agree (`_same`) with one of the
    other side, each read against those of the other side that can (two timelines of 2,000 dates
    had every date read against every other). `_same` reads only the two keys."""
    placed: dict[str, list[int]] = defaultdict(list)
    for n, g in enumerate(t):
        placed[g.key].append(n)
    keys = tuple(placed)
    buckets = _date_buckets(keys) if kind == "date" else {}
    shares = [k for k in keys if _proportion(k)]  # a share in words agrees with a percentage (`amounts_agree`)
    kept_s: set[int] = set()
    kept_t: set[int] = set()
    for m, f in enumerate(s):
        near = _dates_near(buckets, keys, f.key) if kind == "date" else (f.key, *(shares if _proportion(f.key) else ()))
        for key in near:
            if key in placed and _same(kind, f, t[placed[key][0]], days):
                kept_s.add(m)
                kept_t.update(placed[key])
    return kept_s, kept_t


def _figure_pairs(sfacts: Sequence[Fact], tfacts: Sequence[Fact], days: bool = False) -> list[tuple[Fact, Fact]]:
    """(lost, new) figures and dates of one sentence pair: each figure only the source states
    paired with one only the target states, written alike first ('£60,000' with '£80,000', not
    with the '1930' of '1930s' before it; `_written_as`), then in order."""
    pairs: list[tuple[Fact, Fact]] = []
    for kind in ("number", "date"):
        lost, new = _lost_and_new(kind, sfacts, tfacts, days)
        if not lost:
            continue
        waiting = _by_writing(new)
        alike = [(old, same.pop(0)) for old in lost if (same := waiting.get(_written_as(old)))]
        taken = {id(n) for _, n in alike}
        pairs += _in_order(lost, [n for n in new if id(n) not in taken], alike)
    return pairs


def _by_writing(facts: Iterable[Fact]) -> dict[str, list[Fact]]:
    """`facts` by how each is written (`_written_as`), in their order."""
    written: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        written[_written_as(f)].append(f)
    return written


def _in_order(
    lost: list[Fact], new: list[Fact], alike: list[tuple[Fact, Fact]], held: Sequence[Fact] = ()
) -> list[tuple[Fact, Fact]]:
    """The pairs of `alike`, and the lost figures neither in them nor `held` paired in order with
    the `new` ones left, in the order of `lost` (a figure it states twice at its first place)."""
    paired = {id(old) for old, _ in alike} | {id(old) for old in held}
    unpaired = [old for old in lost if id(old) not in paired]
    in_order = [(old, n) for old, n in zip(unpaired, new) if not _year_beside_yearless(old, n)]
    first: dict[Fact, int] = {}
    for n, old in enumerate(lost):
        first.setdefault(old, n)
    return sorted(alike + in_order, key=lambda p: first[p[0]])


def _figure_pairs_in_place(
    sfacts: Sequence[Fact], tfacts: Sequence[Fact], texts: tuple[str, str], siblings: Counter[str]
) -> list[tuple[Fact, Fact]]:
    """`_figure_pairs` (days told apart) as `changes` reads them in a link: a figure the target
    states no more often than the link's other source sentences (`siblings`, `_siblings_figures`)
    is theirs, never a replacement; of the others written alike, one standing in the lost figure's
    place in the two sentences' `texts` comes first (`_in_its_place`), and none is paired when only
    one of the siblings' stands there."""
    said, says = texts
    stated = Counter(f.key for f in tfacts)
    pairs: list[tuple[Fact, Fact]] = []
    for kind in ("number", "date"):
        lost, new = _lost_and_new(kind, sfacts, tfacts, True)
        if not lost:
            continue
        theirs = _Places([n for n in new if stated[n.key] <= siblings[n.key]], says)
        waiting = _Places([n for n in new if stated[n.key] > siblings[n.key]], says)
        alike, held = [], []
        for old in lost:
            placed = waiting.standing(old, said) if said else []
            if not placed and said and theirs.standing(old, said):
                held.append(old)  # a sibling's figure stands in its place: carried, whatever else is new
                continue
            if (match := placed[0] if placed else waiting.first_written(old)) is not None:
                alike.append((old, waiting.take(match)))
        pairs += _in_order(lost, waiting.left(), alike, held)
    return pairs


class _Places:
    """Figures of one target sentence, found by how they are written and by the words around them,
    so that each lost figure is read against those that may stand in its place rather than all
    (a sentence of 2,000 dates read every pair)."""

    def __init__(self, facts: list[Fact], sentence: str) -> None:
        self.facts = facts
        self.sentence = sentence
        self.taken: set[int] = set()
        self.by_writing: dict[str, list[int]] = defaultdict(list)
        for n, f in enumerate(facts):
            self.by_writing[_written_as(f)].append(n)
        self.by_word: dict[str, dict[tuple[str, str], list[int]]] = {}  # of a writing, when first read
        self.passed: dict[str, int] = {}  # of a writing, how many of its first figures are taken

    def _placed(self, written: str) -> dict[tuple[str, str], list[int]]:
        """The figures written so, by the words placing them (`_place_words`)."""
        if (found := self.by_word.get(written)) is None:
            found = self.by_word[written] = defaultdict(list)
            for n in self.by_writing.get(written, ()):
                for word in _place_words(self.facts[n].text, self.sentence):
                    found[word].append(n)
        return found

    def first_written(self, old: Fact) -> int | None:
        """The place of the first figure not yet taken written as `old` is."""
        written = _written_as(old)
        group, k = self.by_writing.get(written, []), self.passed.get(written, 0)
        while k < len(group) and group[k] in self.taken:
            k += 1
        self.passed[written] = k  # those before are taken for good
        return group[k] if k < len(group) else None

    def standing(self, old: Fact, source_sentence: str) -> list[int]:
        """The places of the figures not yet taken that stand where `old` stands in
        `source_sentence`, in order (`_in_its_place`)."""
        placed = self._placed(_written_as(old))
        found = {n for word in _place_words(old.text, source_sentence) for n in placed.get(word, ())}
        return sorted(found - self.taken)

    def take(self, n: int) -> Fact:
        """The figure at place `n`, paired now."""
        self.taken.add(n)
        return self.facts[n]

    def left(self) -> list[Fact]:
        """The figures not taken, in order."""
        return [f for n, f in enumerate(self.facts) if n not in self.taken]


def _figures_displaced(
    i: int, j: int, sfacts: Sequence[Fact], tfacts: Sequence[Fact], texts: tuple[str, str]
) -> list[Change]:
    """Figures of source sentence `i` that target sentence `j`, edited from it in place, states
    less often than `i` does, with a new figure standing where one of them stood: "Real Madrid's
    4-0 win ... lead to four points" edited to "3-0 win ... four points" replaced the 4 of the score,
    though 'four' still stands (`changes` forgives a figure the target sentence states anywhere)."""
    said, says = texts
    stated = Counter(g.key for g in tfacts if g.kind == "number")
    repeated = Counter(f.key for f in sfacts if f.kind == "number")
    new = [g for g in tfacts if g.kind == "number" and not any(_same("number", f, g) for f in sfacts)]
    out: list[Change] = []
    for old in (f for f in sfacts if f.kind == "number" and 0 < stated[f.key] < repeated[f.key]):
        placed = next((g for g in new if _in_its_place(old, g, said, says)), None)
        if placed is not None:
            new.remove(placed)
            before, after = _as_bound(old, said), _as_bound(placed, says)
            out.append(Change(kind="number", source=i, target=j, before=before, after=after))
    return out


def _year_beside_yearless(a: Fact, b: Fact) -> bool:
    """Whether one of two dates is a year alone and the other a month or day with no year: the
    months may be of that year ('the first two months of 1987' / 'In January and February'), so
    neither replaces the other."""
    def yearless(f: Fact) -> bool:
        return f.key.startswith("d:-")

    return a.kind == b.kind == "date" and (
        (a.key.startswith("y:") and yearless(b)) or (b.key.startswith("y:") and yearless(a))
    )


Placed = tuple[int, Fact]  # a fact and the index of the sentence stating it


def _in_its_place(old: Fact, new: Fact, source_sentence: str, target_sentence: str) -> bool:
    """Whether `new` stands in the target sentence where `old` stood in the source's: written
    alike (`_written_as`) and followed by the same word, or after the same word of four letters
    or more ('12 people' / '14 people', 'since 1959' / 'since 1960')."""
    if _written_as(old) != _written_as(new):
        return False
    return not _place_words(old.text, source_sentence).isdisjoint(_place_words(new.text, target_sentence))


@functools.lru_cache(maxsize=8192)
def _place_words(text: str, sentence: str) -> frozenset[tuple[str, str]]:
    """What places `text` in `sentence` (`_in_its_place`): ('after', w) for each word just after
    it, ('before', w) for each word of four letters or more just before it."""
    return frozenset(
        place
        for before, after in _words_around(text, sentence)
        for place in ((("after", after),) if after else ()) + ((("before", before),) if len(before) > 3 else ())
    )


def _written_as(fact: Fact) -> str:
    """How a figure or date is written: its digits masked ('£#m', '#%'), else a date's kind
    (weekday, month, ...) and whether it names a part of it ('late May' is not written as 'May':
    a part left out is a date told less precisely, as a day left out is), or a number in words."""
    if any(c.isdigit() for c in fact.text):
        if fact.text.isdigit() and 1800 <= int(fact.text) <= 2100:
            return "year"  # '2003' is not written as the count '3' is
        return re.sub(r"\d[\d,.]*", "#", fact.text.lower())
    if fact.kind != "date":
        return "words"
    return fact.key.split(":")[0] + (" part" if date_part(fact.key) else "")


def _words_around(text: str, sentence: str) -> list[tuple[str, str]]:
    """The words just before and just after each `text` in `sentence`, lower-case ('' if none): a
    figure a sentence states twice ('open in 2021 rather than Easter 2021') stands in two places."""
    places: list[tuple[str, str]] = []
    for start, end in phrase_spans(text, sentence, any_spaces=True):
        before = re.findall(r"[A-Za-z]+", sentence[:start])
        after = re.findall(r"[A-Za-z]+", sentence[end:])
        places.append(((before[-1].lower() if before else ""), (after[0].lower() if after else "")))
    return places


def _name_changes(
    sfacts: Sequence[Placed],
    tfacts: Sequence[Placed],
    source_index: FactIndex,
    target_index: FactIndex,
    in_place: tuple[FactIndex, FactIndex] | None = None,
) -> list[Change]:
    """Names of one link's source side the target never states, each paired with a name of its
    target side the source never states; and names one word of which was swapped for a word the
    other article never states ('Peter Walsh' / 'Peter Wilson', 'Kirkstall Road' / 'Armley Road').
    For a sentence edited in place (`in_place`: the two sentences' indexes) the swapped word is
    looked for in those sentences alone, and spelled exactly; there a name replaced by one the
    source never states is a change too ('Palaniappan Chidambaram' / 'Yashwant Sinha'), though
    the target names the old one elsewhere."""
    lost_in = in_place[1] if in_place is not None else target_index
    snames = [f for _, f in sfacts if f.kind == "name"]
    tnames = [g for _, g in tfacts if g.kind == "name"]
    lost = [
        (i, f)
        for i, f in sfacts
        if f.kind == "name" and not lost_in.mentions(f) and not any(_one_body(f, g) for g in tnames)
    ]
    found, swapped = _swapped_in_place(lost, tfacts, in_place) if in_place is not None else ([], set())
    lost = [(i, f) for i, f in lost if id(f) not in swapped]
    new = [
        (j, g)
        for j, g in tfacts
        if g.kind == "name"
        and id(g) not in swapped
        and not source_index.mentions(g)
        and not any(_one_body(g, f) for f in snames)  # 'USA' written out as 'United States'
    ]
    pairs, unpaired = _paired_names(lost, new)
    found += [
        Change(kind="name", source=i, target=j, before=old.text, after=replacement.text)
        for (i, old), (j, replacement) in pairs
    ]
    taken = {id(f) for _, f in lost} | {id(g) for _, g in new} | swapped
    found += _person_replaced(sfacts, tfacts, unpaired, taken)
    exact = in_place is not None  # one sentence edited into one: a word swapped there is a change
    if in_place is not None:
        source_index, target_index = in_place
    for i, old in sfacts:
        gone = _missing_words(old, target_index, exact) if old.kind == "name" and id(old) not in taken else []
        if not gone:
            continue
        words = name_tokens([old])
        for j, replacement in tfacts:
            if replacement.kind != "name" or id(replacement) in taken or not words & name_tokens([replacement]):
                continue
            added = _missing_words(replacement, source_index, exact)
            if added and not _abbreviates(gone, added):
                found.append(Change(kind="name", source=i, target=j, before=old.text, after=replacement.text))
                taken.add(id(replacement))
                break
    return found


def _not_respelled(changes: list[Change], source: FactIndex) -> list[Change]:
    """`changes` without the names a copy spells as a typist would mistype them (`facts.NAME_TYPO`)
    the way its source itself spells them elsewhere, word for word: 'Rogers and Hammerstein'
    corrected to the 'Rodgers' the source writes below is no name changed (an alignment audit's
    false report); 'Joyce Johnston' made 'Joyce Johnson' where the source writes no 'Johnson' is."""
    return [c for c in changes if not (c.kind == "name" and _mistyped(c.before or "", c.after or "") in source.names)]


def _mistyped(before: str, after: str) -> str | None:
    """The word of `after` in place of one of `before` when two names differ by that one word
    written as a typist would mistype it ('Rogers' / 'Rodgers'), not by another word ('Finance
    Minister' / 'Foreign Minister'); else None."""
    old, new = before.lower().split(), after.lower().split()
    gone, came = [w for w in old if w not in new], [w for w in new if w not in old]
    typo = len(old) == len(new) and len(gone) == len(came) == 1 and fuzz.ratio(gone[0], came[0]) >= NAME_TYPO
    return " ".join(plain_words(came[0])) if typo else None  # spelled as the index's words are ('Müller': 'muller')


def _person_replaced(
    sfacts: Sequence[Placed], tfacts: Sequence[Placed], new: Sequence[Placed], taken: set[int]
) -> list[Change]:
    """A person named in full on the link's source side and not on its target side, paired with a
    person named in full on the target side whom the source never names: 'Grace Hale' made
    'Joanna Whitfield' in a rewritten sentence, though the rewrite names Hale elsewhere (so she is
    not lost from the article, and the pairing above passes her over). `new`: the link's target
    names the source never states and no lost name took; `taken` (updated): facts already paired."""
    here = name_tokens([g for _, g in tfacts if g.kind == "name"])
    people = [(j, g) for j, g in new if _a_person(g.key.split())]
    out: list[Change] = []
    for i, old in sfacts:
        if not people:
            break
        if old.kind != "name" or id(old) in taken or not _a_person(old.key.split()) or name_tokens([old]) & here:
            continue
        j, g = people.pop(0)
        out.append(Change(kind="name", source=i, target=j, before=old.text, after=g.text))
        taken.add(id(old))
    return out


def _swapped_in_place(
    lost: Sequence[Placed], tfacts: Sequence[Placed], in_place: tuple[FactIndex, FactIndex]
) -> tuple[list[Change], set[int]]:
    """Names of a sentence edited in place that the edit replaced, word for word, by another
    name: 'Higgins said' / 'Maguire said' though the article names Maguire elsewhere (a quote
    given to another speaker); with the ids of the facts paired. Read from a word diff of the two
    sentences, so a name dropped in one place and another added elsewhere in the sentence is no swap."""
    source_sentence, target_sentence = in_place
    before, after = source_sentence.words.split(), target_sentence.words.split()
    candidates = [(j, g) for j, g in tfacts if g.kind == "name" and not source_sentence.mentions(g)]
    found: list[Change] = []
    used: set[int] = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        gone, came = set(before[i1:i2]), set(after[j1:j2])
        for i, old in lost:
            if id(old) in used or not name_tokens([old]) & gone:
                continue
            for j, replacement in candidates:
                if id(replacement) in used or _one_body(old, replacement):
                    continue
                if name_tokens([replacement]) & came:
                    found.append(Change(kind="name", source=i, target=j, before=old.text, after=replacement.text))
                    used |= {id(old), id(replacement)}
                    break
    return found, used


#: Names news writes one body by, in full or short: a swap between two of one group is no change.
_ALIASES = tuple(
    frozenset(group.split("|"))
    for group in (
        "us|usa|america|united states|united states of america",
        "uk|britain|great britain|united kingdom",
        "tory|tories|conservative|conservatives|conservative party",
        "lib dem|lib dems|liberal democrat|liberal democrats",
        "un|united nations", "eu|european union", "nhs|national health service",
    )
)  # fmt: skip


def _one_body(a: Fact, b: Fact) -> bool:
    """True when two names are one body written two ways: in full and as initials ('United
    Nations' / 'UN'), word by word shortened ('Det Insp' / 'Detective Inspector'), or one of the
    `_ALIASES` ('Tory' / 'Conservative', 'USA' / 'United States')."""
    if any(a.key in group and b.key in group for group in _ALIASES):
        return True
    if initials(a.text) == b.key or initials(b.text) == a.key:
        return True
    words_a, words_b = a.key.split(), b.key.split()
    return (
        len(words_a) == len(words_b)
        and all(
            x[:3] == y[:3] and (x.startswith(y) or y.startswith(x) or min(len(x), len(y)) <= 4)
            for x, y in zip(words_a, words_b)
        )
        and not _extended(words_a[-1], words_b[-1])  # 'Simon Hart' / 'Simon Hartley': two people
    )


#: Letters an abbreviation keeps of its word at the least ('Det' / 'Detective', 'Insp' / 'Inspector').
_ABBREVIATION = 3


def _paired_names(lost: list[Placed], new: list[Placed]) -> tuple[list[tuple[Placed, Placed]], list[Placed]]:
    """Each name the target lost with the name it put in its place, and the new names left over.
    In order, and where one side has more, the names of as many words as the other's first: a
    rewrite that dropped 'a junior Wimbledon doubles title winner' and put 'Slovak Daniela
    Hantuchova' for 'Hungarian Petra Mandula' reported 'Wimbledon' -> 'Slovak Daniela Hantuchova'."""
    k = min(len(lost), len(new))
    if k == 0 or len(lost) == len(new) or max(len(lost), len(new)) > _PAIRED_AT_MOST:
        return list(zip(lost, new)), new[len(lost) :]
    fewer, more = (new, lost) if len(lost) > len(new) else (lost, new)

    def apart(chosen: tuple[int, ...]) -> int:
        return sum(abs(len(a[1].text.split()) - len(more[b][1].text.split())) for a, b in zip(fewer, chosen))

    best = min(itertools.combinations(range(len(more)), k), key=apart)  # the first of the closest: in order
    if fewer is new:
        return [(lost[b], g) for g, b in zip(new, best)], []
    return list(zip(lost, (new[b] for b in best))), [g for b, g in enumerate(new) if b not in best]


#: The most names on the larger side for `_paired_names` to try each way of pairing (C(8, 4) = 70).
_PAIRED_AT_MOST = 8


def _missing_words(name: Fact, other: FactIndex, exact: bool = False) -> list[str]:
    """The words of `name` the other document states in no spelling, shortened or in full ('Det' /
    'Detective'); none when the name is initials of one of the other's names or they are of it.
    With `exact` (one sentence edited into another) another spelling ('McAveety' / 'McAvoy',
    'Lauber' / 'Lauer') is another name; shortened or in full still are the same."""
    if other.initials_of(name):
        return []
    distinct = name_tokens([name])
    words = name.key.split()
    return [
        t
        for t in dict.fromkeys(words)  # in order, for `_abbreviates`
        if t in distinct and not _stated(t, _not_extended(t, other.names) if t == words[-1] else other.names, exact)
    ]


def _stated(token: str, names: Collection[str], exact: bool) -> bool:
    """True when `names` hold `token`: as it is, shortened or in full ('Det' / 'Detective') and,
    unless `exact`, in another spelling (`facts.spelled_in`)."""
    return (token in names if exact else spelled_in(token, names)) or any(
        len(w) >= _ABBREVIATION and (token.startswith(w) or w.startswith(token)) for w in names if w[0] == token[0]
    )


#: What a surname adds to another to make a third person's ('Hart' / 'Hartley', 'Peter' / 'Peterson'),
#: where an abbreviation's letters are a word's own ('Capt' / 'Captain', 'Chris' / 'Christopher').
_SURNAME_ENDINGS = frozenset(
    "son sen sson ley ly ton well field ford ward man mann kins by ham wood worth stone berg stein ington".split()
)


def _not_extended(token: str, names: Collection[str]) -> Collection[str]:
    """`names` without those that are `token` with a surname's ending added or taken away: a name's
    last word lengthened is another person ('Simon Hart' / 'Simon Hartley'), not a short form."""
    longer = [w for w in names if w != token and w[:4] == token[:4] and _extended(token, w.rstrip(_CLOSING))]
    return set(names).difference(longer) if longer else names


#: What closes a word of a text's plain words (`FactIndex.names` holds them as split: 'Hartley,').
_CLOSING = ".,;:!?'\"’”)]"


def _extended(a: str, b: str) -> bool:
    """True when one word is the other, of four letters or more, with one of `_SURNAME_ENDINGS` added."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 4 and long.startswith(short) and long[len(short) :] in _SURNAME_ENDINGS


def names_in_full(name: Fact, other: FactIndex) -> bool:
    """True when the other document states every word of `name` (in some spelling, shortened, or
    as initials): 'Franklin Minnesota Insured Fund' is not stated by a text naming 'Franklin
    Massachusetts Insured Fund', though `FactIndex.supports`, which needs one word, says so."""
    return not _missing_words(name, other)


def _abbreviates(a: list[str], b: list[str]) -> bool:
    """True when the words of one side are the initials of the other's ('BBC' / 'British
    Broadcasting Corporation')."""
    return "".join(t[0] for t in b) in a or "".join(t[0] for t in a) in b


def _quote_changes(
    sfacts: Sequence[Placed],
    tfacts: Sequence[Placed],
    first_target: int,
    target_index: FactIndex,
    source_index: FactIndex,
    phrases: tuple[Sequence[Phrase], Sequence[Phrase]] = ((), ()),
) -> list[Change]:
    """Quotes of one link's source side that its target side does not carry word for word, nor the
    rest of the target; with the closest target quote as `after` (at the link's first target
    sentence when it has none). A target quote holding the source's words and more is carried
    only if the source states the more too (`source_index`): '"absolutely generate
    immediate benefits"' for '"generate immediate benefits"' puts a word in the speaker's mouth.
    `phrases` are the link's quotations of one or two words on each side (`facts.short_quotes`),
    placed: a quote made from one ('"too late"' / '"far too late"') or cut to one is changed
    from or to it, not invented or turned into reported speech; one quoted in place of another
    ('as "horrific"' / 'as "appalling"') is a changed quote."""
    found: list[Change] = []
    tquotes = [(j, g) for j, g in tfacts if g.kind == "quote"]
    said = {f.key for _, f in sfacts if f.kind == "quote"}
    for i, quote in ((i, f) for i, f in sfacts if f.kind == "quote"):
        if any(
            g.key == quote.key or _interrupted(quote.key, g.key, target_index) or _elided(quote.key, g.text)
            for _, g in tquotes
        ):
            continue  # carried word for word, whole, in the parts an attribution interrupts or an ellipsis marks
        padded = [
            (j, g) for j, g in tquotes
            if quote.key in g.key and g.key not in said and not source_index.supports(g)
        ]  # fmt: skip
        if padded:
            (j, longer), *_ = padded
            found.append(Change(kind="quote", source=i, target=j, before=quote.text, after=longer.text))
            continue
        if any(quote.key in g.key or same_words(quote.key.split(), g.key.split()) for _, g in tquotes):
            continue
        if target_index.supports(quote):
            continue
        cut = [(j, q) for j, q, _ in phrases[1] if _words_within(q, quote.key)]
        if cut:
            found.append(Change(kind="quote", source=i, target=cut[0][0], before=quote.text, after=cut[0][1]))
            continue
        j, after = (
            max(tquotes, key=lambda placed: fuzz.ratio(quote.key, placed[1].key)) if tquotes else (first_target, None)
        )
        found.append(Change(kind="quote", source=i, target=j, before=quote.text, after=after.text if after else None))
    reported = {c.after for c in found}
    for j, quote in tquotes:  # a phrase the source quotes, quoted at more length
        grown = [(i, q) for i, q, _ in phrases[0] if _words_within(q, quote.key)]
        if grown and quote.text not in reported and quote.key not in said and not source_index.supports(quote):
            found.append(Change(kind="quote", source=grown[0][0], target=j, before=grown[0][1], after=quote.text))
    # a phrase quoted in place of another ('as "horrific"' / 'as "appalling"'): the speaker's word changed
    said_all = [f.key for _, f in sfacts if f.kind == "quote"] + [" ".join(plain_words(q)) for _, q, _ in phrases[0]]
    says_all = [g.key for _, g in tquotes] + [" ".join(plain_words(q)) for _, q, _ in phrases[1]]
    lost = [p for p in phrases[0] if not any(_words_within(p[1], k) for k in says_all)]
    new = [p for p in phrases[1] if not any(_words_within(p[1], k) for k in said_all)]
    for i, q, around in lost:  # in the same place: the word before it or after it the same
        put = next((p for p in new if any(a and a == b for a, b in zip(around, p[2]))), None)
        if put is not None:
            new.remove(put)
            found.append(Change(kind="quote", source=i, target=put[0], before=q, after=put[1]))
    return found


def _elided(said: str, quote: str) -> bool:
    """Whether `quote` is quote `said` (its key) with words left out where an ellipsis marks it:
    '"We must tackle head-on the ... mess"' of '"We must tackle head-on the structural mess"'."""
    parts = [" ".join(plain_words(p)) for p in _ELLIPSIS.split(quote)]
    if len([p for p in parts if p]) < 2:
        return False
    at = 0
    for part in filter(None, parts):
        found = f" {said} ".find(f" {part} ", at)
        if found < 0:
            return False
        at = found + len(part) + 1
    return True


#: A quoted phrase of one or two words, placed: its sentence, its text, and the plain words just
#: before and after it in the sentence (`_around`).
Phrase = tuple[int, str, tuple[str, str]]


def _around(sentence: str, phrase: str) -> tuple[str, str]:
    """The plain words just before and just after the quotation of `phrase` in `sentence` ('' where
    none): where a phrase quoted in its place stands ('as "horrific" Det Insp ...')."""
    text = normalize(sentence)
    at = text.find(f'"{phrase}')
    if at < 0:
        return "", ""
    end = text.find('"', at + 1)
    before, after = plain_words(text[:at])[-1:], plain_words(text[end + 1 :] if end >= 0 else "")[:1]
    return (before[0] if before else ""), (after[0] if after else "")


def _words_within(phrase: str, quote_key: str) -> bool:
    """Whether the plain words of `phrase` stand together inside a quote's (its key)."""
    return f" {' '.join(plain_words(phrase))} " in f" {quote_key} "


def _interrupted(said: str, part: str, target_index: FactIndex) -> bool:
    """Whether quote `said` is carried as `part` and the rest of its words elsewhere in the target,
    in order: '"This scheme will generate benefits," she said' as '"This scheme," she said, "will
    generate benefits."' (a short part may not read as a quote of its own)."""
    if part == said or f" {part} " not in f" {said} ":
        return False
    rest = [p.strip() for p in f" {said} ".split(f" {part} ", 1)]
    return all(quoted_in(p, target_index.words) for p in rest if p)


#: British spellings and the American ones they match in a quote ('learnt' / 'learned').
_SPELLED = {
    "learnt": "learned", "spelt": "spelled", "burnt": "burned", "dreamt": "dreamed", "leapt": "leaped",
    "spoilt": "spoiled", "whilst": "while", "amongst": "among", "tyre": "tire", "tyres": "tires", "kerb": "curb",
    "plough": "plow", "grey": "gray", "programme": "program", "programmes": "programs", "cheque": "check",
    "cheques": "checks", "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "practise": "practice", "aluminium": "aluminum", "mum": "mom", "jewellery": "jewelry", "enrol": "enroll",
    "fulfil": "fulfill", "skilful": "skillful", "judgement": "judgment", "ageing": "aging", "sceptical": "skeptical",
}  # fmt: skip
#: Spelling rules applied to both quotes' words: -our/-or, -ise/-ize, -yse/-yze, -tre/-ter,
#: -ogue/-og, a doubled l before an ending ('travelled'), ae in Greek stems ('paediatric').
_SPELLING_RULES = (
    (re.compile(r"(?<=[a-z]{2})our(s|ed|ing|ite|ites|able|er|ers)?$"), r"or\1"),
    (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{2})tre(s)?$"), r"ter\1"),
    (re.compile(r"(?<=[a-z]{3})ogue(s)?$"), r"og\1"),
    (re.compile(r"^(travel|cancel|label|model|level|signal|fuel|total|counsel|jewel|dial|equal|marvel|rival|"
                r"channel|tunnel|quarrel|shovel|pedal|panel)l(ed|ing|er|ers)$"), r"\1\2"),
    (re.compile(r"(paed|haem|anaem)"), lambda m: m.group(1).replace("ae", "e")),
)  # fmt: skip
#: Words a figure is written with or without ('100%' / '100 per cent', '$30' / '30 dlrs'): dropped.
_FIGURE_WORDS = frozenset("percent pct dollars dollar dlrs dlr pounds pound sterling euros euro".split())
_SCALED = re.compile(r"^(\d[\d.]*)(m|bn|k)$")  # '200m' as '200 million'
_SCALE = {"m": "million", "bn": "billion", "k": "thousand"}
#: Numbers written in words, as figures ('nine years' / '9 years', 'twenty-five' / '25': a house
#: style's sub-edit inside a quote, not other words).
_FIGURE_OF = {word: str(value) for word, value in NUMBER_WORDS.items() if value < 100 and word != "dozen"}
_TENS = frozenset(str(tens) for tens in range(20, 100, 10))


def quote_words(words: Sequence[str]) -> list[str]:
    """A quote's plain words in one spelling: American spellings, 'per cent' as 'percent', figures
    without their unit words, '200m' as '200 million' (so harmless sub-edits match) while every
    other word stays itself: 'unjust' / 'just' and 'better' / 'bitter' are other words."""
    out: list[str] = []
    for word in words:
        if word == "cent" and out and out[-1] == "per":
            out.pop()
            continue  # 'per cent' = 'percent', a figure word
        if (scaled := _SCALED.match(word)) is not None:
            out += [scaled.group(1), _SCALE[scaled.group(2)]]
            continue
        if (figure := _FIGURE_OF.get(word)) is not None:
            if len(figure) == 1 and out and out[-1] in _TENS:
                out[-1] = f"{out[-1][0]}{figure}"  # 'twenty-five', read as 'twenty' 'five'
            else:
                out.append(figure)
            continue
        word = _SPELLED.get(word, word)
        for pattern, replacement in _SPELLING_RULES:
            word = pattern.sub(replacement, word)
        out.append(word)
    return [w for w in out if w not in _FIGURE_WORDS]


def same_words(before: Sequence[str], after: Sequence[str]) -> bool:
    """True when two quotes' words are the same words (`quote_words`: up to spelling, 'labour' /
    'labor', spacing, 'per cent' / 'percent', and how a figure is written): any word added,
    dropped or replaced ('one more channel' / 'not a channel') makes other words, however alike
    the two strings are."""
    a, b = quote_words(before), quote_words(after)
    return a == b or "".join(a) == "".join(b)


def quoted_in(quote: str, text: str) -> bool:
    """True when `text` (plain words) carries the plain words of `quote`, up to spelling, spacing
    and how figures are written (`same_words`): found word for word, or in the passage most like it."""
    if quote in text:
        return True
    found = fuzz.partial_ratio_alignment(quote, text, score_cutoff=_QUOTE_MATCH)
    if found is None:
        return False
    start = text.rfind(" ", 0, found.dest_start) + 1  # whole words: the alignment may cut one
    end = text.find(" ", found.dest_end)
    window = quote_words(text[start : end if end >= 0 else len(text)].split())
    words = quote_words(quote.split())
    ops = difflib.SequenceMatcher(None, words, window, autojunk=False).get_opcodes()
    inner = [op for op in ops if not (op[0] == "insert" and op[1] in (0, len(words)))]  # the window's edges
    # a joining word that opened or closed the quote, left out with its marks ('"as those who wage
    # war ... deserve no mercy"' carried as 'arguing that those who wage war ... deserve no mercy')
    inner = [
        op for op in inner
        if not (op[0] in ("delete", "replace") and (op[1] == 0 or op[2] == len(words)) and op[2] - op[1] == 1
                and op[4] - op[3] <= 1 and words[op[1]] in _JOINING and len(words) >= 6)
    ]  # fmt: skip
    return all(tag == "equal" or same_words(words[i1:i2], window[j1:j2]) for tag, i1, i2, j1, j2 in inner)


#: Words that join a quote to the sentence around it, which a rewrite may leave out with the marks.
_JOINING = frozenset({"as", "that", "and", "but", "so", "because", "to", "if", "while", "which"})


def _same(kind: str, a: Fact, b: Fact, days: bool = False) -> bool:
    if kind == "date":  # with `days` a month does not stand for a day of it ('February' beside 'February 27')
        return dates_compatible(a.key, b.key) and (not days or bool(_day_of(a.key)) == bool(_day_of(b.key)))
    if kind == "name":
        return bool(set(a.key.split()) & set(b.key.split()) - {"s"})
    return amounts_agree(a.key, b.key)
