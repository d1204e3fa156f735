"""Claim checks: which facts changed between linked sentences, which target facts are invented.

Pure functions over the per-sentence facts of `wiretrace.facts`; a name matches another when
they share a distinctive token ('Sturgeon' ~ 'Nicola Sturgeon'), a number by value, a date
when no part of it contradicts, a quote when its words are found in the other text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from wiretrace.facts import Fact, dates_compatible, name_tokens
from wiretrace.model import Change, ChangeKind, Unsupported

_QUOTE_MATCH = 90.0  # rapidfuzz partial_ratio above which a quote is carried word for word


@dataclass(slots=True, frozen=True)
class FactIndex:
    """All facts of one document, indexed for fast support checks."""

    names: frozenset[str]
    numbers: frozenset[str]
    dates: tuple[str, ...]
    words: str

    @classmethod
    def build(cls, facts: Sequence[Sequence[Fact]], plain_text: str) -> FactIndex:
        flat = [f for sentence in facts for f in sentence]
        return cls(
            names=frozenset(name_tokens(flat)) | frozenset(plain_text.split()),
            numbers=frozenset(f.key for f in flat if f.kind == "number"),
            dates=tuple(f.key for f in flat if f.kind == "date"),
            words=plain_text,
        )

    def supports(self, fact: Fact) -> bool:
        """True when the document states `fact` somewhere."""
        if fact.kind == "number":  # a bare year may have been read as a date on the other side
            return fact.key in self.numbers or fact.key.rstrip("%") in self.numbers or f"y:{fact.key}" in self.dates
        if fact.kind == "date":
            return any(dates_compatible(fact.key, d) for d in self.dates) or (
                fact.key.startswith("y:") and fact.key[2:] in self.numbers
            )
        if fact.kind == "name":
            tokens = [t for t in fact.key.split() if len(t) > 2]
            return not tokens or any(t in self.names for t in tokens)
        return fuzz.partial_ratio(fact.key, self.words) >= _QUOTE_MATCH


def unsupported(target_facts: Sequence[Sequence[Fact]], source: FactIndex) -> list[Unsupported]:
    """Target sentences stating names, numbers, dates or quotes that the source never states."""
    out = []
    for j, facts in enumerate(target_facts):
        items = tuple(dict.fromkeys(f.text for f in facts if not source.supports(f)))
        if items:
            out.append(Unsupported(target=j, items=items))
    return out


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
) -> list[Change]:
    """Facts substituted between linked sentences: the source says one thing, the target another.

    A fact merely left out is not a change (rewrites condense); a quote turned into reported
    speech is, because the quoted words are no longer the speaker's.
    """
    out: list[Change] = []
    for src_ids, tgt_ids in links:
        for j in tgt_ids:
            tfacts = target_facts[j]
            for i in src_ids:
                out.extend(_pair_changes(i, j, source_facts[i], tfacts))
    return out


def figure_substituted(
    source_facts: Sequence[Sequence[Fact]],
    target_facts: Sequence[Sequence[Fact]],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> bool:
    """True when `changes` would report a number or date change: some linked target sentence
    states a figure or date where its source sentence states another. Stops at the first."""
    for src_ids, tgt_ids in links:
        for j in tgt_ids:
            for i in src_ids:
                for kind in ("number", "date"):
                    lost, new = _lost_and_new(kind, source_facts[i], target_facts[j])
                    if lost and new:
                        return True
    return False


def _lost_and_new(kind: ChangeKind, sfacts: Sequence[Fact], tfacts: Sequence[Fact]) -> tuple[list[Fact], list[Fact]]:
    """Facts of `kind` only the source sentence states, and those only the target sentence states."""
    s = [f for f in sfacts if f.kind == kind]
    t = [f for f in tfacts if f.kind == kind]
    lost = [f for f in s if not any(_same(kind, f, g) for g in t)]
    new = [g for g in t if not any(_same(kind, f, g) for f in s)]
    return lost, new


def _pair_changes(i: int, j: int, sfacts: Sequence[Fact], tfacts: Sequence[Fact]) -> list[Change]:
    found: list[Change] = []
    kinds: tuple[ChangeKind, ...] = ("number", "date", "name")
    for kind in kinds:
        lost, new = _lost_and_new(kind, sfacts, tfacts)
        for old, replacement in zip(lost, new):
            found.append(Change(kind=kind, source=i, target=j, before=old.text, after=replacement.text))
    tquotes = [f for f in tfacts if f.kind == "quote"]
    for quote in (f for f in sfacts if f.kind == "quote"):
        if any(fuzz.ratio(quote.key, g.key) >= _QUOTE_MATCH or quote.key in g.key for g in tquotes):
            continue
        after = max(tquotes, key=lambda g: fuzz.ratio(quote.key, g.key)).text if tquotes else None
        found.append(Change(kind="quote", source=i, target=j, before=quote.text, after=after))
    return found


def _same(kind: str, a: Fact, b: Fact) -> bool:
    if kind == "date":
        return dates_compatible(a.key, b.key)
    if kind == "name":
        return bool(set(a.key.split()) & set(b.key.split()) - {"s"})
    return a.key == b.key
