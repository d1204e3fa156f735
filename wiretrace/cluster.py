"""Story-family kernels: orient a verified pair, group links into families, infer the origin.

Pure functions over small records, shared by the embedded index and the Spark job. A family
is a connected group of *verified* derived links — never raw similarity — and its origin is
the member the evidence says came first: the earliest `published` date when dates exist,
otherwise the member whose content the others carry (containment), then the one holding
the most quotes (rewriters drop quotes; originals have them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Member:
    """What origin inference needs to know about one article of a family."""

    id: str
    published: str | None  # ISO date or datetime; compared as text, so 'YYYY-MM-DD...' only
    quotes: int  # quotations the article carries


@dataclass(slots=True, frozen=True)
class DerivedLink:
    """A verified link: `target` derives from `source` (source judged original in the pair)."""

    source: str
    target: str
    relation: str
    score: float
    target_coverage: float  # share of the target's sentences supported by the source
    source_coverage: float = 0.0  # share of the source's sentences carried into the target
    reason: str = ""  # why `source` was judged the original of the pair


@dataclass(slots=True, frozen=True)
class Family:
    """A story family: its members, the inferred origin and why it was chosen."""

    members: tuple[str, ...]
    origin: str
    reason: str


def orient(a: Member, b: Member, a_in_b: float, b_in_a: float) -> tuple[str, str, str]:
    """Decide which of two derived-related articles is the original: (source, target, reason).

    Args:
        a_in_b: share of `a`'s sentences supported by `b` (how much of a is contained in b).
        b_in_a: the same the other way round.
    """
    if a.published and b.published and a.published[:10] != b.published[:10]:
        first, second = (a, b) if a.published < b.published else (b, a)
        return first.id, second.id, "earlier published date"
    if abs(a_in_b - b_in_a) >= 0.1:
        # the derived article is the one whose content is contained in the other
        return (b.id, a.id, "containment") if a_in_b > b_in_a else (a.id, b.id, "containment")
    if a.quotes != b.quotes:
        return (a.id, b.id, "carries the quotes") if a.quotes > b.quotes else (b.id, a.id, "carries the quotes")
    low, high = sorted((a.id, b.id))
    return low, high, "undecided (tie broken by id)"


def families(links: Iterable[DerivedLink]) -> list[list[str]]:
    """Connected groups of articles joined by verified links, largest first, members sorted."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        ra, rb = find(link.source), find(link.target)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in list(parent):
        groups[find(node)].append(node)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def infer_origin(members: Sequence[Member], links: Sequence[DerivedLink]) -> tuple[str, str]:
    """The likely origin of one family and the reason: (id, reason).

    Dates decide when every member has one; otherwise the member that the most link
    evidence points at as a source (sum of its targets' coverage), then quotes, then id.
    """
    if not members:
        raise ValueError("a family has at least one member")
    dated = [m for m in members if m.published]
    if len(dated) == len(members) and len({m.published[:10] for m in dated if m.published}) > 1:
        first = min(dated, key=lambda m: (m.published or "", m.id))
        return first.id, "earliest published date"
    carried: dict[str, float] = defaultdict(float)
    for link in links:
        carried[link.source] += link.target_coverage
        carried[link.target] -= link.target_coverage
    best = max(members, key=lambda m: (round(carried[m.id], 6), m.quotes, _neg(m.id)))
    if carried[best.id] > 0:
        return best.id, "containment: the others carry its content"
    if best.quotes > 0:
        return best.id, "carries the most quotes"
    return best.id, "undecided (first by id)"


def _neg(text: str) -> tuple[int, ...]:
    """Sort key that makes `max` prefer the smallest id on ties."""
    return tuple(-ord(c) for c in text)


def build_families(members: dict[str, Member], links: Sequence[DerivedLink]) -> list[Family]:
    """Group `links` into families and infer each family's origin."""
    by_member: dict[str, list[DerivedLink]] = defaultdict(list)
    for link in links:
        by_member[link.source].append(link)
    out = []
    for group in families(links):
        inside = set(group)
        family_links = [lk for m in group for lk in by_member[m] if lk.target in inside]
        origin, reason = infer_origin([members[m] for m in group], family_links)
        out.append(Family(members=tuple(group), origin=origin, reason=reason))
    return out
