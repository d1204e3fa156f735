"""Story-family kernels: orient a verified pair, group links into families, infer the origin.

Pure functions over small records, shared by the embedded index and the Spark job. A family
is a connected group of *verified* derived links — never raw similarity — and its origin is
the member the evidence says came first: the earliest `published` date when dates exist,
otherwise the member whose content the others carry (containment), then the one holding
the most quotes (rewriters drop quotes; originals have them).
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from wiretrace.chrome import furniture_title
from wiretrace.errors import ConfigError
from wiretrace.model import id_order, versions_order
from wiretrace.text import shortened


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


def earlier(a: str, b: str) -> int:
    """-1 when ISO date `a` is the earlier, 1 when `b` is, 0 when the two cannot be told apart:
    another day decides, unless one states only the month or year the other's day is in ('2024'
    may be any day of 2024); on one day, a time decides only when both state one ('2024-03-01'
    may be any hour of '2024-03-01T10:00:00Z'). A time without a zone beside a UTC time (a page's
    local clock, `8:34 AM` on the US east coast, beside a wire's 12:19Z) decides only when the two
    lie further apart than any zone could move it (`UNZONED_SPREAD`)."""
    if len(a) > 10 and len(b) > 10 and a.endswith("Z") != b.endswith("Z"):
        return _zone_apart(a, b)
    if a[:10] != b[:10]:
        if a[:10].startswith(b[:10]) or b[:10].startswith(a[:10]):
            return 0
        return -1 if a[:10] < b[:10] else 1
    if len(a) > 10 and len(b) > 10 and a != b:
        return -1 if a < b else 1
    return 0


#: How far a time stated without a zone may lie from the same time in UTC (zones run from -12:00 to
#: +14:00): within this of a UTC time, which came first is not known.
UNZONED_SPREAD = timedelta(hours=14)


def _zone_apart(a: str, b: str) -> int:
    """`earlier` for one time stated without a zone and one in UTC, read as if both were UTC."""
    try:
        gap = datetime.fromisoformat(b.rstrip("Z")) - datetime.fromisoformat(a.rstrip("Z"))
    except ValueError:  # not a time `ingest` writes: the strings' order, as for two times
        return -1 if a < b else 1 if b < a else 0
    return 0 if abs(gap) <= UNZONED_SPREAD else -1 if gap > timedelta(0) else 1


#: The plain reason of a link (or a copy's holder) the dates order.
DATED = "earlier published date"
#: How much more of one article the other carries than the reverse for the content to say which
#: is the original: the one whose sentences the other carries less of.
CONTAINMENT_MARGIN = 0.1
def copy_reason(holder: Member, other: Member) -> str | None:
    """Why `holder` holds a text over its identical copy `other` by their dates, or None when the
    dates tie (then the engine's own order decides: the copy indexed or kept first)."""
    mine, theirs = holder.published or "", other.published or ""
    if mine and not theirs:
        return "the dated copy"
    if mine and theirs and earlier(mine, theirs) < 0:
        return DATED
    if mine and theirs and earlier(mine, theirs) == 0 and len(mine) > len(theirs):
        return MORE_PRECISE
    return None


#: How the reason of a link between identical texts opens (then why its source holds the text).
IDENTICAL_TEXT = "identical text; "
#: An identical copy's reason when the two dates tie at the same precision: every engine gives the
#: text to the copy with the smaller id, whatever the order it read them in ...
ID_TIE = "dated alike: the smaller id"
#: ... and when neither copy states a date.
UNDATED_TIE = "neither dated: the smaller id"
#: An identical copy's reason when the two dates tie but one is stated more precisely.
MORE_PRECISE = "the copy stating its date more precisely (the other's may be any hour or day of it)"


def holder_reason(holder: Member, other: Member) -> str:
    """Why `holder` holds a text over its identical copy `other`: their dates (`copy_reason`), else
    the smaller id, the dates tying (`ID_TIE`) or missing (`UNDATED_TIE`)."""
    return copy_reason(holder, other) or (ID_TIE if holder.published or other.published else UNDATED_TIE)


#: Share of its sentences, beyond what it carries, a later article must add for the reason of a
#: date-ordered link to say that the content reads the other way (`CONTAINED_LATER`): a copy
#: adding a footer or a line is no expanded brief.
LATER_ADDS = 0.25
#: The reason of a query's link between a dated indexed article and an undated one queried (pasted
#: now, so the indexed one is on record before it) ...
DATED_BESIDE_QUERY = "the indexed article is dated; the queried one states no date"
#: ... and when the content reads the other way (the indexed article carried in the queried one,
#: which adds to it): the dates keep the order, as for two dated articles (`CONTAINED_LATER`).
DATED_BESIDE_QUERY_CONTAINED = (
    "the indexed article is dated; the queried one states no date, and its content reads as the original "
    "(give its date if it is the older)"
)


#: The reason of a link whose two articles the content cannot order, one of them dated: the dated
#: one is on record; taken as the source rather than the id deciding (a wire story beside a farm's
#: page whose date was not found).
DATED_BESIDE_UNDATED = "the content cannot tell; the dated article is taken as the source (the other states no date)"


def orient(
    a: Member, b: Member, a_in_b: float, b_in_a: float, read_now: str | None = None, padded: str | None = None
) -> tuple[str, str, str]:
    """Decide which of two derived-related articles is the original: (source, target, reason).

    Dates first (with `CONTAINED_LATER` when the content reads the other way: the earlier
    article is carried in the later one, which adds more than `LATER_ADDS` to it: a brief
    expanded, or a copy backdated), then versions of one page, then containment; when the
    content cannot tell, the one padded with text about another subject (`padded`: its id) is
    the derived one, then the one carrying more quotes, then a dated one beside an undated one
    (`DATED_BESIDE_UNDATED`), then the id (the indexed article before one queried:
    `QUERY_UNDECIDED`). One date alone says nothing
    of which came first, except beside an undated article being queried (`read_now`: its id),
    which is read now: a dated indexed article is on record before it, whatever the content says
    (an AI rewrite pasted by a fact-checker often reads as containing its shorter source: 33 of
    394 L2R rewrites by the containment margin; BENCHMARKS.md).

    Args:
        a_in_b: share of `a`'s sentences supported by `b` (how much of a is contained in b).
        b_in_a: the same the other way round.
    """
    if a.published and b.published and (order := earlier(a.published, b.published)):
        first, second = (a, b) if order < 0 else (b, a)
        first_in_second, second_in_first = (a_in_b, b_in_a) if first is a else (b_in_a, a_in_b)
        if first_in_second - second_in_first >= CONTAINMENT_MARGIN and second_in_first < 1 - LATER_ADDS:
            return first.id, second.id, CONTAINED_LATER
        return first.id, second.id, DATED
    if read_now in (a.id, b.id):
        queried, other = (a, b) if a.id == read_now else (b, a)
        if other.published and not queried.published:
            other_in_queried = a_in_b if other is a else b_in_a
            queried_in_other = b_in_a if other is a else a_in_b
            contained = other_in_queried - queried_in_other >= CONTAINMENT_MARGIN
            return other.id, queried.id, DATED_BESIDE_QUERY_CONTAINED if contained else DATED_BESIDE_QUERY
    if version := versions_order(a.id, b.id):  # a recrawled page (`--keep-versions`): edited in turn
        first, second = (a, b) if version < 0 else (b, a)
        return first.id, second.id, "earlier version of the page"
    if abs(a_in_b - b_in_a) >= CONTAINMENT_MARGIN:
        # the derived article is the one whose content is contained in the other
        return (b.id, a.id, CONTAINMENT) if a_in_b > b_in_a else (a.id, b.id, CONTAINMENT)
    if padded in (a.id, b.id):  # a farm's page: the story, and text about another subject around it
        return (b.id, a.id, PADDED) if padded == a.id else (a.id, b.id, PADDED)
    if a.quotes != b.quotes:
        return (a.id, b.id, QUOTES) if a.quotes > b.quotes else (b.id, a.id, QUOTES)
    if bool(a.published) != bool(b.published):  # as a dated copy holds an identical text's links
        dated, undated = (a, b) if a.published else (b, a)
        return dated.id, undated.id, DATED_BESIDE_UNDATED
    if read_now in (a.id, b.id):  # an article queried is read after the indexed one, whatever its id
        queried, other = (a, b) if a.id == read_now else (b, a)
        return other.id, queried.id, QUERY_UNDECIDED
    low, high = sorted((a.id, b.id), key=id_order)
    return low, high, UNDECIDED


#: The reason of a link whose direction the content decided: the derived article is contained in the other.
CONTAINMENT = "containment"
#: The reason of a link whose direction nothing but the ids decided.
UNDECIDED = "undecided (tie broken by id)"
#: ... and of a query's match where nothing decided it: the indexed article was there first.
QUERY_UNDECIDED = "undecided: the indexed article is taken as the original (it was there first)"


#: How close a derived article is to its source, by the relation of their link: a copy is closer
#: than an edited copy or a rewrite. Not edited copies over rewrites: two AI rewrites of one wire
#: read as edited copies of each other as often as a farm's edit of another's (BENCHMARKS.md).
CLOSENESS = {"copy": 2, "edited-copy": 1, "rewrite": 1}


#: The score from which an edited copy of an article made from the source is credited to that article
#: (`edited_from`), and by how much it must exceed the edited copy's score against the source.
EDITED_FROM_SCORE = 0.95
EDITED_FROM_MARGIN = 0.03
#: Reasons that order a link by the two articles' dates (`orient`), not by their content or ids.
_DATED = (DATED, DATED_BESIDE_QUERY)


def edited_from(nearer: DerivedLink, farther: DerivedLink) -> bool:
    """Whether an article both links make (`nearer`'s target) is an edit of `nearer`'s source rather
    than of `farther`'s, an ancestor of it: an edited copy scoring `EDITED_FROM_SCORE` or more, at
    least `EDITED_FROM_MARGIN` above the other, the two ordered by their dates. A farm chain (wire ->
    farm A's falsified rewrite -> farm B's edit of it -> farm C's edit of B's) credited C to A, hiding
    which farm introduced which change. Two AI rewrites of one wire can read as edited copies of
    each other too, so the score alone is not enough (BENCHMARKS.md)."""
    return (
        nearer.relation == "edited-copy"
        and nearer.score >= EDITED_FROM_SCORE
        and nearer.score >= farther.score + EDITED_FROM_MARGIN
        and nearer.reason.startswith(_DATED)
        and not _trimmed_only(nearer, farther)
    )


def _trimmed_only(nearer: DerivedLink, farther: DerivedLink) -> bool:
    """Whether a higher score against a copy of the source says only that the copy is shorter: the
    target carries as much of both (target coverage), and more of the copy's text than of the
    source's because the copy left out what the target leaves out. A press release's trimmed copy
    on one site and the release run with reaction on another are two churns of the release."""
    return nearer.target_coverage <= farther.target_coverage and nearer.source_coverage > farther.source_coverage


def acyclic(links: Iterable[DerivedLink]) -> list[DerivedLink]:
    """`links` with no loop of derivation (A from B, B from C, C from A): each pair is oriented on
    its own (`orient`), so a pair the dates order beside two that only the content orders can close
    a loop, and then every member of the family reads as derived and none as its origin (a wire
    dated the evening before, in a CMS export without a zone, its farm rewrites read as containing
    it). While a loop remains, the link of it whose direction rests on the least (`_GROUNDS`; of
    two the content orders, the one it orders by the smaller margin of coverage) is turned round
    (reason `TURNED`, its coverages swapped; its relation and score are those judged the other
    way, `judged_pair`), or dropped when the other way is already a link. Links no loop holds
    come back as they were, in their order."""
    current = list(links)
    loops = _loops([lk for lk in current if joins_families(lk)])
    if not loops:
        return current
    # a loop stays inside the strongly connected part it was found in, whatever is turned there:
    # each part is broken on its own (turning one link a pass over all links took minutes for thousands)
    parts: dict[int, list[DerivedLink]] = defaultdict(list)
    for lk in current:
        if (number := loops.get((lk.source, lk.target))) is not None:
            parts[number].append(lk)
    after: dict[int, DerivedLink | None] = {}  # id of a link given -> what it became (None: dropped)
    for part in parts.values():
        after.update(_unlooped(part))
    kept = (after.get(id(lk), lk) for lk in current)
    return [lk for lk in kept if lk is not None]


def _unlooped(part: list[DerivedLink]) -> dict[int, DerivedLink | None]:
    """`acyclic` in one strongly connected part: what each link turned round or dropped became, by
    the id of the link given."""
    now = {id(lk): lk for lk in part}
    while True:
        loops = _loops(list(now.values()))
        weak = [(key, lk) for key, lk in now.items() if (lk.source, lk.target) in loops and lk.reason in _GROUNDS]
        if not weak:
            return {id(lk): now.get(id(lk)) for lk in part if now.get(id(lk)) is not lk}
        key, least = min(weak, key=lambda kv: _grounds(kv[1]))
        if any((lk.source, lk.target) == (least.target, least.source) for lk in now.values()):
            del now[key]
            continue
        now[key] = DerivedLink(least.target, least.source, least.relation, least.score, least.source_coverage,
                               least.target_coverage, TURNED)  # fmt: skip


def _grounds(link: DerivedLink) -> tuple[int, float, str, str]:
    """`acyclic`'s order of the links it may turn: least grounded first, then ids."""
    margin = link.target_coverage - link.source_coverage if link.reason == CONTAINMENT else 0.0
    return _GROUNDS[link.reason], round(margin, 6), link.source, link.target


def _loops(links: Sequence[DerivedLink]) -> dict[tuple[str, str], int]:
    """The (source, target) pairs of `links` that lie on a loop, each with the number of its
    strongly connected part: both ends in one part (Tarjan's algorithm, iterative: a family of
    thousands stays off the call stack), among the links left once those that cannot be on one are
    peeled off: a link whose source nothing derives into or whose target nothing derives from (most
    of a large index's: origins and leaves)."""
    while True:
        into, out = {lk.target for lk in links}, {lk.source for lk in links}
        inner = [lk for lk in links if lk.source in into and lk.target in out]
        if len(inner) == len(links):
            break
        links = inner
    after: dict[str, list[str]] = defaultdict(list)
    for lk in links:
        after[lk.source].append(lk.target)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    for root in sorted(after):
        if root in order:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
            nexts = after.get(node, [])
            if i < len(nexts):
                work.append((node, i + 1))
                nxt = nexts[i]
                if nxt not in order:
                    work.append((nxt, 0))
                elif nxt not in component:
                    low[node] = min(low[node], order[nxt])
                continue
            if low[node] == order[node]:
                while True:
                    member = stack.pop()
                    component[member] = order[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return {(lk.source, lk.target): part for lk in links if (part := component[lk.source]) == component[lk.target]}


def attribute(links: Iterable[DerivedLink]) -> list[DerivedLink]:
    """Attribute each derived article to its earliest source: drop the link P → T when another
    source Q of T is itself an ancestor of P (Q → … → P) and T is as close to Q as to P
    (`CLOSENESS`); when T is closer to P (a copy of P, only an edited copy or a rewrite of Q; or
    a close edited copy of P, `edited_from`), the link Q → T is the one dropped.

    Two rewrites of one wire story resemble each other only through the story they share; the
    verifier links them, but neither was made from the other. The same rule credits a copy of a
    copy to the original, which is what provenance questions ask for. A farm republishing another
    farm's rewrite word for word made that rewrite its source: crediting the wire hid which farm
    copies which.

    Ancestry is read from the links already attributed, sources before the articles made from
    them (`_sources_first`): the link between two sibling rewrites is no ancestry once attributed
    away. Read from every link, a farm's edit of one of four sibling rewrites lost all its sources
    (the wire's link superseded by the rewrite it edits, that rewrite's link explained by a sibling
    linked to it, the sibling's by the wire), and a target keeps at least one source whatever the
    rules say (its closest, then best scored). A loop of links is broken first (`acyclic`): the
    links come back with such a link turned round.
    """
    links = acyclic(links)
    parents: dict[str, list[str]] = defaultdict(list)
    for lk in links:
        parents[lk.target].append(lk.source)
    by_pair = {(lk.source, lk.target): lk for lk in links}
    children: dict[str, list[str]] = defaultdict(list)  # the links attributed so far

    def reached(start: str, avoid: str) -> set[str]:
        """The articles a path of attributed links leads to from `start`, not through `avoid`."""
        seen, stack = {start}, [start]
        found: set[str] = set()
        while stack:
            for nxt in children[stack.pop()]:
                found.add(nxt)
                if nxt not in seen and nxt != avoid:
                    seen.add(nxt)
                    stack.append(nxt)
        return found

    def closer(p: str, q: str, t: str) -> bool:
        """Whether `t` is closer to `p` than to `q` (`q` an ancestor of `p`)."""
        here, there = CLOSENESS.get(by_pair[(p, t)].relation, 0), CLOSENESS.get(by_pair[(q, t)].relation, 0)
        return here > there or (here == there and edited_from(by_pair[(p, t)], by_pair[(q, t)]))

    kept: set[tuple[str, str]] = set()
    for target in _sources_first(parents):
        sources = parents[target]
        mine = list(sources) if len(sources) == 1 else []
        # the sources each source leads to, read once: asking each pair of a story's 200 copies
        # walked the graph k² times a target (n³ in all: 4.7 s for 200 copies linked pairwise)
        among = set(sources) if len(sources) > 1 else set()
        below = {s: reached(s, target) & among for s in among}
        above: dict[str, set[str]] = defaultdict(set)
        for q, found in below.items():
            for p in found:
                above[p].add(q)
        for p in sources if among else ():
            # an ancestor leads to it and it not back (`q` of `above`, `d` of `below`, not itself)
            explained = any(not closer(p, q, target) for q in above[p] - below[p] - {p})
            superseded = any(closer(d, p, target) for d in below[p] - above[p] - {p})
            if not (explained or superseded):
                mine.append(p)
        if not mine:  # the rules drop each other's links round a cycle: the closest, best-scored source
            mine = [max(sources, key=lambda p: (CLOSENESS.get(by_pair[(p, target)].relation, 0),
                                                by_pair[(p, target)].score, p))]  # fmt: skip
        for p in mine:
            kept.add((p, target))
            children[p].append(target)
    return [lk for lk in links if (lk.source, lk.target) in kept]


def _sources_first(parents: dict[str, list[str]]) -> list[str]:
    """The targets of `parents` (target -> its sources) in an order that puts each source's own
    sources first (Kahn's order, ties by id); targets on a cycle follow, by id."""
    waiting = {t: {p for p in ps if p in parents} for t, ps in parents.items()}
    made_from: dict[str, list[str]] = defaultdict(list)
    for t, ps in waiting.items():
        for p in ps:
            made_from[p].append(t)
    ready = sorted(t for t, ps in waiting.items() if not ps)  # a heap: the smallest id ready comes next
    order: list[str] = []
    while ready:  # (sorting the list again after each target took 60 s of `links` at 200,000 links)
        t = heapq.heappop(ready)
        order.append(t)
        for nxt in made_from[t]:
            waiting[nxt].discard(t)
            if not waiting[nxt]:
                heapq.heappush(ready, nxt)
    placed = set(order)
    return order + sorted(t for t in parents if t not in placed)


#: How a roundup's link opens its reason (`detect.stitched_links`): its sentences are copied word for
#: word, so the event check (`detect.independent_reports`, which reads shared words) does not apply
#: to it, and it joins no family (`joins_families`).
STITCHED = "stitched"


def is_stitched(reason: str) -> bool:
    """Whether a link of this `reason` is a roundup's (`STITCHED`)."""
    return reason.startswith(STITCHED)


def joins_families(link: DerivedLink) -> bool:
    """Whether `link` joins its two articles' story families. A roundup's links do not: stitched
    from five wire stories, it would make them one family with one origin (a day's roundups would
    chain most of a day's wires into one); it is in each one's links, `query` and `sites`."""
    return not is_stitched(link.reason)


#: The levels of a de-duplicated corpus (`redundant`): the relations whose derived articles it leaves out.
DROP_LEVELS = {
    "copies": ("copy",),
    "edited": ("copy", "edited-copy"),
    "derived": ("copy", "edited-copy", "rewrite"),
}
#: The share of a copy's text its source must support for a corpus de-duplicated at `copies` or
#: `edited` to leave it out (`redundant`): a full story grown from an earlier brief of two of its
#: paragraphs is an edited copy of the brief, and most of its text is its own.
DROP_MIN_COVERAGE = 0.5


def redundant(links: Iterable[DerivedLink], origins: Iterable[str], level: str) -> set[str]:
    """The articles a corpus de-duplicated at `level` (`DROP_LEVELS`) leaves out, unless they are
    their story's origin (in `origins`), so every family keeps one member whatever its links say.

    At `copies` and `edited`, the levels of near-duplicates, each article linked by a relation the
    level drops whose source supports at least `DROP_MIN_COVERAGE` of its text; a roundup (the
    target of a link `is_stitched`) stays, by any of its links: it retells several stories, no one
    story's copy, though a short wire it holds whole is linked to it as an edited copy. At
    `derived`, every article judged derived (a rewrite's paraphrased sentences align less often
    than a copy's, so its coverage says less)."""
    if level not in DROP_LEVELS:
        raise ConfigError(f"no de-duplication level {level!r}: choose one of {', '.join(DROP_LEVELS)}")
    links = list(links)
    relations, kept = DROP_LEVELS[level], set(origins)
    floor = 0.0 if level == "derived" else DROP_MIN_COVERAGE
    if level != "derived":
        kept |= {lk.target for lk in links if is_stitched(lk.reason)}
    return {
        lk.target for lk in links if lk.relation in relations and lk.target_coverage >= floor and lk.target not in kept
    }


def families(links: Iterable[DerivedLink]) -> list[list[str]]:
    """Connected groups of articles joined by verified links (`joins_families`), largest first,
    members sorted."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if not joins_families(link):
            continue
        ra, rb = find(link.source), find(link.target)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in list(parent):
        groups[find(node)].append(node)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


#: The reason of a link whose target holds its source with text about another subject around it.
PADDED = "the other holds it with text about another subject around it"


#: The reason of a link the content could not orient, whose source quotes more.
QUOTES = "carries the quotes"
#: The reason of a link whose source is dated after its target: the target, dated earlier, was
#: found to derive from it; its date does not make it an origin. Written by versions before
#: 2026-12-01 (`detect.backdated` now links such pairs in date order, `CONTAINED_LATER`); still read.
BACKDATED = "content: derived from this later-dated article (its own date is earlier)"
#: The reason of a link in date order whose content reads the other way: the earlier article is
#: contained in the later one (a wire brief expanded into the full story, or a copy backdated).
CONTAINED_LATER = "earlier published date; the earlier is contained in the later (a brief expanded, or backdated)"


#: The reason of a link in date order whose facts read the other way: the later article states
#: names, figures or dates the earlier lacks, and the earlier hardly any the later lacks, as a
#: source does beside a rewrite that dropped details (or an update beside its first version).
FACTS_LATER = ("earlier published date; the later states facts the earlier lacks, and not the other way "
               "(an update adding them, or the earlier backdated)")  # fmt: skip


#: The reason of a link turned round by `acyclic`: its own direction closed a loop of the family's links.
TURNED = (
    "the family's other links order it (the content alone had made it the other way, closing a loop of "
    "links: each article derived from the next)"
)
#: The reasons of links whose relation and score were judged with the target read as the source.
JUDGED_THE_OTHER_WAY = (CONTAINED_LATER, TURNED)
#: How little a link's direction rests on, for `acyclic` to turn the least grounded link of a loop
#: round: the ids alone, then the quotes, then the content, then what is on record first (a date
#: beside none; an indexed article beside one queried now: dates first, as `orient` reads them). Any
#: other reason (two dates, versions of a page, identical texts, a roundup) is never turned.
_GROUNDS = {UNDECIDED: 0, QUOTES: 1, CONTAINMENT: 2, PADDED: 2, DATED_BESIDE_UNDATED: 3, QUERY_UNDECIDED: 3}


def may_turn(reason: str) -> bool:
    """Whether `acyclic` may turn a link of this reason round (`_GROUNDS`): a link of any other is
    reported as it is stored."""
    return reason in _GROUNDS


def dated_against_content(reason: str) -> bool:
    """Whether a link's reason says its dates and its content point opposite ways (`CONTAINED_LATER`,
    `FACTS_LATER`, `BACKDATED`): a brief expanded, an update, or a copy backdated, which only a
    reader can tell apart. `sites` counts such links per site pair, so that a farm page dated
    before the wire it rewrites is not reported as the wire's source unremarked."""
    return reason in (CONTAINED_LATER, FACTS_LATER, BACKDATED)


def infer_origin(members: Sequence[Member], links: Sequence[DerivedLink]) -> tuple[str, str]:
    """The likely origin of one family and the reason: (id, reason).

    A member found to derive from a later-dated one (`BACKDATED`) is never the origin. Dates
    decide when every other member has one (`earlier`: a time only between two that state one);
    otherwise, among the members the dates leave (the earliest dated ones and the undated: one
    member without a date does not silence the others') that derive from no member, the member
    that the most link evidence points at as a source (sum of its targets' coverage), then
    quotes, then id.
    """
    if not members:
        raise ValueError("a family has at least one member")
    links = acyclic(links)  # in a loop every member derives from another, and none would be the origin
    several = len(members) > 1
    refuted = {lk.target for lk in links if lk.reason == BACKDATED}  # dated earlier, derived all the same
    kept = [m for m in members if m.id not in refuted]
    # the date decides among the others: say so, or the reason contradicts the dates shown
    earliest = "earliest published date" + (
        " (members dated earlier derive from it)" if 0 < len(kept) < len(members) else ""
    )
    members = kept or list(members)
    dated = [m for m in members if m.published]
    beaten = _dated_later({m.published or "" for m in dated})
    first = [m for m in dated if m.published not in beaten]
    first_ids = {m.id for m in first}
    if any(lk.reason == CONTAINED_LATER and lk.source in first_ids for lk in links):
        earliest += ("; a later member holds more of this one than this one holds of it (it expands this one, "
                     "as a full story or a rewrite at length does, or this one is backdated)")  # fmt: skip
    elif any(lk.reason == FACTS_LATER and lk.source in first_ids for lk in links):
        earliest += ("; a later member states facts this one lacks, and this one none of its own (an update "
                     "adding them, or this one is backdated)")  # fmt: skip
    if len(dated) == len(members) and len(first) == 1 and several:
        return first[0].id, earliest
    if len(dated) == len(members) and (alike := _copies_dated_alike(first, links)):  # one text, its copies tied
        return alike
    members = first + [m for m in members if not m.published]  # the content decides among these
    # a member that derives from another member is no origin while one derives from none
    derived = {lk.target for lk in links}
    members = [m for m in members if m.id not in derived] or members
    carried: dict[str, float] = defaultdict(float)
    for link in links:
        carried[link.source] += link.target_coverage
        carried[link.target] -= link.target_coverage
    ranked = sorted(members, key=lambda m: (round(carried[m.id], 6), m.quotes, _neg(m.id)), reverse=True)
    best = ranked[0]
    tied = [m for m in ranked[1:] if round(carried[m.id], 6) == round(carried[best.id], 6)]
    if carried[best.id] > 0 and len(first) == 1 and best is first[0]:
        return best.id, f"{earliest}; the undated members carry its content"
    copies = [lk for lk in links if lk.reason.startswith(IDENTICAL_TEXT)]
    if carried[best.id] > 0 and not tied and copies and len(copies) == len(links):  # one text, several copies
        return best.id, next((lk.reason for lk in copies if lk.source == best.id), copies[0].reason)
    own = [lk.reason for lk in links if lk.source == best.id]
    if carried[best.id] > 0 and not tied and UNDECIDED in own:
        return best.id, "undecided (first by id)"  # a link of its was ordered by id alone: not containment
    if carried[best.id] > 0 and not tied and own and all(r == QUOTES for r in own):
        return best.id, "carries the most quotes"  # its links were ordered by their quotes, not containment
    if carried[best.id] > 0 and not tied:
        return best.id, "containment: the others carry its content"
    if best.quotes > 0 and all(best.quotes > m.quotes for m in tied):
        return best.id, "carries the most quotes"
    return best.id, "undecided (first by id)"


#: The origin reason when the earliest members are copies of one text whose dates tie, then the copy reason.
ALIKE = "earliest published date, with identical copies dated alike: "


def _dated_later(dates: set[str]) -> set[str]:
    """Those of `dates` that another is `earlier` than: each date looked up among the others sorted
    (every date against every other was all pairs, 27 s for a family of 8,000 dated alike)."""
    long = {z: sorted(d for d in dates if len(d) > 10 and d.endswith("Z") == z) for z in (False, True)}
    times: dict[bool, list[tuple[datetime, str]]] = {False: [], True: []}  # long dates that read as times
    unread: dict[bool, list[str]] = {False: [], True: []}  # and those that do not (their text orders them)
    for z, group in long.items():
        for d in group:
            try:
                times[z].append((datetime.fromisoformat(d.rstrip("Z")), d))
            except ValueError:
                unread[z].append(d)
    if len({t.tzinfo is None for ts in times.values() for t, _ in ts}) > 1:  # a zone beside none: as before
        return {d for d in dates if any(earlier(o, d) < 0 for o in dates)}
    short = [d for d in dates if len(d) <= 10]
    # the days of the dates each may be compared with on the day alone: all of them for a short
    # date, for a long one the short dates and the long ones with its zone (or lack of one)
    days_of: dict[bool | None, list[str]] = {None: sorted({d[:10] for d in dates})}
    days_of.update({z: sorted({d[:10] for d in short + long[z]}) for z in (False, True)})
    least_on_day: dict[bool, dict[str, str]] = {False: {}, True: {}}  # the least long date of each day, by zone
    for z, group in long.items():
        for d in reversed(group):
            least_on_day[z][d[:10]] = d
    least_time = {z: min(group)[0] for z, group in times.items() if group}  # each zone's earliest time
    beaten: set[str] = set()
    for d in dates:
        is_long, z = len(d) > 10, d.endswith("Z")
        days = days_of[z if is_long else None]
        day = d[:10]
        before = bisect.bisect_left(days, day) - sum(  # another day before it, not a part of its day ('2024')
            1 for k in range(len(day)) if (i := bisect.bisect_left(days, day[:k])) < len(days) and days[i] == day[:k]
        )
        if before > 0 or (is_long and least_on_day[z].get(day, d) < d):
            beaten.add(d)
            continue
        if not is_long:
            continue
        other = not z  # long dates in the other zone: `_zone_apart`
        try:
            when = datetime.fromisoformat(d.rstrip("Z"))
        except ValueError:
            if long[other] and long[other][0] < d:
                beaten.add(d)
            continue
        if (unread[other] and unread[other][0] < d) or (
            other in least_time and when - least_time[other] > UNZONED_SPREAD
        ):
            beaten.add(d)
    return beaten


def _copies_dated_alike(first: Sequence[Member], links: Sequence[DerivedLink]) -> tuple[str, str] | None:
    """When the earliest dated members are one text's identical copies, whose dates do not order
    them (a day beside a time of it): the copy holding the text (the source of their `copy` links,
    `copy_reason`) and the reason, (id, reason); else None."""
    ids = {m.id for m in first}
    copied = {lk.target: lk for lk in links if lk.reason.startswith(IDENTICAL_TEXT) and lk.source in ids}
    leaders = [m for m in first if m.id not in copied]
    if len(first) < 2 or len(leaders) != 1 or not ids - {leaders[0].id} <= set(copied):
        return None
    if all(lk.reason.startswith(IDENTICAL_TEXT) for lk in links):
        return None  # one text and nothing else: the copy reason alone (below)
    why = next((lk.reason for lk in copied.values() if lk.source == leaders[0].id), None)
    if why is None:
        return None
    return leaders[0].id, f"{ALIKE}{why.removeprefix(IDENTICAL_TEXT).removeprefix('dated alike: ')}"


def _neg(text: str) -> tuple[int, ...]:
    """Sort key that makes `max` prefer the smallest id on ties."""
    return tuple(-ord(c) for c in text)


@dataclass(slots=True, frozen=True)
class StoryMember:
    """One member of a story as shown to users: its relation to the family's origin.

    `relation`, `score` and `coverage` come from the verified link that connects the member to
    the family (`"origin"` for the origin itself); `via` names the member it was derived from
    when that is not the origin (a copy of a copy); `source_of` the member derived from it when
    it joined only through a link it is the source of (it derives from no member: two rewrites
    linked to each other, one of them not to the origin), so it is no derived article.
    """

    id: str
    title: str | None
    site: str | None
    published: str | None
    relation: str
    score: float
    coverage: float
    via: str | None
    source_of: str | None = None


@dataclass(slots=True, frozen=True)
class Story:
    """A story family with its origin, the reason for it, its members and its verified links.

    The story id is the origin's article id: readable, and unique because families are disjoint.
    """

    id: str
    origin: str
    reason: str
    members: tuple[StoryMember, ...]
    links: tuple[DerivedLink, ...]
    headline: str | None = None


def story(family: Family, links: Sequence[DerivedLink], meta: dict[str, dict[str, str | None]]) -> Story:
    """Describe a family for users: each member's relation to the origin, nearest links first.

    Args:
        links: the verified links inside the family.
        meta: `title`, `site` and `published` per member id (missing keys are fine), and the
            opening words of a member's text (`opening`) to name a family none of whose members
            has a title (`story_headline`).
    """
    forward: dict[str, list[tuple[str, DerivedLink]]] = defaultdict(list)
    either: dict[str, list[tuple[str, DerivedLink]]] = defaultdict(list)
    for lk in links:
        forward[lk.source].append((lk.target, lk))
        either[lk.source].append((lk.target, lk))
        either[lk.target].append((lk.source, lk))
    reached: dict[str, tuple[str | None, DerivedLink | None]] = {family.origin: (None, None)}
    # breadth first: a member joins through its shortest chain of links from the origin, followed
    # the way they point; a member only reachable against a link's direction joins after
    for neighbours in (forward, either):
        frontier = list(reached)
        while frontier:
            nxt = []
            for node in frontier:
                for other, lk in sorted(neighbours[node], key=lambda x: (-x[1].score, x[0])):
                    if other not in reached:
                        reached[other] = (node if lk.source == node else None, lk)  # via: what it derives from
                        nxt.append(other)
            frontier = nxt
    # a member reached against a link's direction that derives from another member joins through
    # the strongest link into it: only a member deriving from none is shown as a source (`source_of`)
    into: dict[str, list[DerivedLink]] = defaultdict(list)
    for lk in links:
        into[lk.target].append(lk)
    for mid, (_, joining) in list(reached.items()):
        if joining is not None and joining.source == mid and into[mid]:
            best = min(into[mid], key=lambda x: (-x.score, x.source))
            reached[mid] = (best.source, best)
    members = []
    for mid in sorted(
        family.members, key=lambda m: (m != family.origin, (meta.get(m) or {}).get("published") or "~", m)
    ):
        parent, link = reached.get(mid, (None, None))  # parent None: joined against its link, no via
        info = meta.get(mid) or {}
        members.append(StoryMember(
            id=mid, title=info.get("title"), site=info.get("site"), published=info.get("published"),
            relation=link.relation if link else "origin", score=link.score if link else 1.0,
            coverage=_own_coverage(mid, link), via=parent if parent not in (None, family.origin) else None,
            source_of=link.target if link is not None and link.source == mid else None,
        ))  # fmt: skip
    return Story(family.origin, family.origin, family.reason, tuple(members), tuple(links),
                 story_headline(members, meta))  # fmt: skip


def story_headline(members: Sequence[StoryMember], meta: Mapping[str, Mapping[str, str | None]]) -> str | None:
    """What a family is called where it is listed: the first title of its `members` (origin first,
    then by date) that is no page furniture (`chrome.furniture_title`), cut at `HEADLINE_LIMIT`;
    else the origin's opening words (`meta[...]["opening"]`: a family of texts without headlines,
    pasted text or a dump's bodies, had been named by its origin's id alone)."""
    if not members:
        return None
    titles = (m.title.strip() for m in members if m.title and m.title.strip() and not furniture_title(m.title))
    title = next(titles, None)
    return shortened(title, HEADLINE_LIMIT) if title else (meta.get(members[0].id) or {}).get("opening") or None


#: The longest headline a family is listed by (`story_headline`; opening words stop at 80).
HEADLINE_LIMIT = 120


def member_pair(
    member: str, via: str | None, source_of: str | None, origin: str, reasons: dict[tuple[str, str], str]
) -> tuple[str, str]:
    """The two articles of a story member's joining link, in the order its verdict was judged:
    (source, target) to compare to see the member's relation and score. A link the dates orient
    against the content (`CONTAINED_LATER`) was judged with the later article read as the source,
    so it is compared that way (the other way it can read `unrelated`: an expanded brief adds
    too much to be derived from the brief). `reasons`: each link's reason by (source, target)."""
    source, target = (member, source_of) if source_of else (via or origin, member)
    return judged_pair(source, target, reasons.get((source, target), ""))


def stitched_link(links: Sequence[DerivedLink], source: str, target: str) -> DerivedLink | None:
    """Of `links`, the one joining `source` -> `target` as a roundup stitched from several articles
    (`is_stitched`): compared alone, the rest of the roundup reads as the target's own text."""
    return next((lk for lk in links if (lk.source, lk.target) == (source, target) and is_stitched(lk.reason)), None)


def judged_other_way(links: Sequence[DerivedLink], source: str, target: str) -> DerivedLink | None:
    """Of `links`, the one running `source` -> `target` whose verdict was judged with `target` read
    as the source (`JUDGED_THE_OTHER_WAY`): compared in the link's order, that pair can read
    `unrelated` while the index calls it derived."""
    found = (lk for lk in links if lk.reason in JUDGED_THE_OTHER_WAY and (lk.source, lk.target) == (source, target))
    return next(found, None)


def judged_pair(source: str, target: str, reason: str) -> tuple[str, str]:
    """A link's two articles in the order its verdict was judged: (source, target), or the other way
    round for a link the dates orient against the content (`CONTAINED_LATER`) or turned round to
    break a loop (`TURNED`)."""
    return (target, source) if reason in JUDGED_THE_OTHER_WAY else (source, target)


def _own_coverage(member: str, link: DerivedLink | None) -> float:
    """The share of `member`'s sentences its joining link finds in the other article: the target's
    coverage when the member derives from it, the source's when it joined against the link."""
    if link is None:
        return 1.0
    return link.source_coverage if link.source == member else link.target_coverage


def build_families(members: dict[str, Member], links: Sequence[DerivedLink]) -> list[Family]:
    """Group `links` into families and infer each family's origin."""
    by_member: dict[str, list[DerivedLink]] = defaultdict(list)
    for link in links:
        by_member[link.source].append(link)
    out = []
    for group in families(links):
        inside = set(group)
        family_links = [lk for m in group for lk in by_member[m] if lk.target in inside and joins_families(lk)]
        origin, reason = infer_origin([members[m] for m in group], family_links)
        out.append(Family(members=tuple(group), origin=origin, reason=reason))
    return out
