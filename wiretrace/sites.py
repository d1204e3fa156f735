"""The site-level reuse graph: which sites' articles derive from which, and how much of each site is derived.

A pure kernel over article → site assignments and verified links, shared by the embedded
index and the Spark job.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from wiretrace.cluster import DerivedLink, dated_against_content
from wiretrace.model import RENDERING_PARAMETER, one_page

UNKNOWN_SITE = "unknown"


@dataclass(slots=True, frozen=True)
class SiteStat:
    """One site: its indexed articles, how many derive from another article, and that share."""

    site: str
    articles: int
    derived: int
    share: float
    ai_leftovers: int = 0  # articles carrying a chatbot's words around their text (`chrome.AI_LEFTOVER`)
    hidden_characters: int = 0  # articles whose words were disguised (`chrome.HIDDEN_CHARACTERS`)


@dataclass(slots=True, frozen=True)
class SiteEdge:
    """`links` articles of `target_site` derive from articles of `source_site`; when counted
    (`reuse_graph`'s `credits`), `credited` of them name the source's outlet and `uncredited` do not
    (the rest cannot tell: the outlet is not known); `against_content` of them are dated after their
    source though the content reads the other way (`cluster.dated_against_content`: a brief
    expanded, an update, or the source backdated)."""

    source_site: str
    target_site: str
    links: int
    credited: int | None = None
    uncredited: int | None = None
    against_content: int = 0


@dataclass(slots=True, frozen=True)
class SitesReport:
    """The reuse graph: per-site statistics (most derived first) and site-to-site edges (heaviest first)."""

    sites: tuple[SiteStat, ...]
    edges: tuple[SiteEdge, ...]


def site_of(site: str | None, url: str | None) -> str:
    """The site an article belongs to: its `site` field, else its URL's host (without `www.`; of the
    page archived, for a Wayback Machine capture), else unknown."""
    if site and site.strip():
        return site.strip()
    if url:
        host = _hostname(archived_page(url)).lower()
        if host:
            return host.removeprefix("www.")
    return UNKNOWN_SITE


def archived_page(url: str) -> str:
    """The address of the page a Wayback Machine capture holds ('https://web.archive.org/web/
    20160316000000/https://www.example.com/story' gives 'https://www.example.com/story'), or an AMP
    cache serves ('https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/x' and
    'https://www.google.com/amp/s/www.bbc.co.uk/news/x' give 'https://www.bbc.co.uk/news/x'); any
    other address as it is. The archive or cache keeps the publisher's page: the publisher is its site."""
    if (page := _uncached(url)) != url:
        return page
    found = _WAYBACK.match(url)
    if not found:
        return url
    inner = re.sub(r"^(https?):/+", r"\1://", found.group(1), flags=re.IGNORECASE)  # 'https:/' as a tool collapsed it
    return inner if "://" in inner else f"http://{inner}"


_WAYBACK = re.compile(r"^(?:https?:)?//(?:www\.)?web\.archive\.org/web/\d{1,14}[a-z_]*/+(.+)$", re.IGNORECASE)


def _uncached(url: str) -> str:
    """The address of the page an AMP cache served (`archived_page`), or `url` as it is."""
    cached = _AMP_CACHE.match(url)
    return f"{'https' if cached.group('secure') else 'http'}://{cached.group('page')}" if cached else url


#: A page served from an AMP cache: Google's (`/c/` a document, `/v/` the viewer's) or Google
#: Search's AMP viewer, `s/` for a page of an https address.
_AMP_CACHE = re.compile(
    r"^(?:https?:)?//(?:[\w-]+\.cdn\.ampproject\.org/[cv]|(?:www\.)?google\.[a-z.]{2,6}/amp)/"
    r"(?P<secure>s/)?(?P<page>[^/?#\s]+\.[^/?#\s]+(?:[/?#]\S*)?)$",
    re.IGNORECASE,
)


def _hostname(url: str) -> str:
    """The host of an address, or '' when it is malformed ('https://[broken/x': urllib raises):
    without the dot that ends a fully qualified name ('example.com.'), and a host in punycode
    ('xn--bcher-kva.example') in the Unicode it stands for, so each site has one name."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""
    if "xn--" in host:
        with contextlib.suppress(UnicodeError):  # not valid punycode: kept as written
            host = host.encode("ascii").decode("idna")
    return host


def host_of(url: str | None) -> str | None:
    """The site an address names (`site_of`: its host without `www.`), or None without one."""
    site = site_of(None, url)
    return None if site == UNKNOWN_SITE else site


def domain_of(host: str) -> str:
    """A host's registered domain: 'reuters.com' of uk.reuters.com, 'bbc.co.uk' of news.bbc.co.uk
    (a country's second level, `_SECOND_LEVEL`, kept): the outlet behind its sections and editions."""
    labels = host.lower().removeprefix("www.").split(".")
    second_level = len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL
    return ".".join(labels[-3:] if second_level else labels[-2:])


#: The second levels under which a country's domains are registered ('bbc.co.uk', 'abc.net.au').
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or"})


def without_tracking(url: str) -> str:
    """`url` without the query parameters that track a reader rather than name a page
    ('?utm_source=twitter&utm_medium=social', 'fbclid=...'): a crawl or a feed reaching one page
    by several such links is one article, not copies of itself."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query or not _TRACKING_KEY.search(parts.query):
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def page_key(url: str) -> str:
    """What one page is known by across the spellings of its address: the host without `www.`,
    the path without a closing slash, the query without tracking parameters; not the scheme
    ('http://www.herald.example/a/' and 'https://herald.example/a' are one page), nor the AMP cache
    that served it (`archived_page`)."""
    clean = without_tracking(_uncached(url))
    try:
        parts = urlsplit(clean)
    except ValueError:
        return clean
    host = _hostname(clean).lower().removeprefix("www.")
    if not host:
        return clean
    # the page's AMP or print rendering is the page ('/amp/...', '.../amp', '?output=amp', '/print', 'amp.' hosts)
    host = host.removeprefix("amp.")
    path = _RENDERING_PATH.sub("", parts.path.rstrip("/")).removesuffix(".amp")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _RENDERING_QUERY.match(f"{k}={v}")]
    query = urlencode(kept) if len(kept) != len(pairs) else parts.query
    return f"{host}{path}{'?' + query if query else ''}"


#: A path segment that asks for another rendering of the page: 'amp' anywhere ('/article/amp/...'),
#: 'print' at the path's end or start.
_RENDERING_PATH = re.compile(r"/amp(?=/|$)|/print$|^/print(?=/)", re.IGNORECASE)
#: Query parameters that ask for such a rendering ('output=amp', 'amp=1', 'amp', 'print=true', 'view=print').
_RENDERING_QUERY = re.compile(rf"^(?:{RENDERING_PARAMETER})$", re.IGNORECASE)


#: Query parameters that track a reader, not name a page.
_TRACKERS = r"utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|yclid|igshid|ref_src"
_TRACKING = re.compile(rf"^({_TRACKERS})$", re.IGNORECASE)
_TRACKING_KEY = re.compile(rf"(^|&)({_TRACKERS})=", re.IGNORECASE)


def names_host(name: str, host: str) -> bool:
    """Whether a site's name for itself (og:site_name, a publisher's name) may be `host`: the
    letters of one hold the other's ('AP News' / apnews.com, 'The Guardian' / theguardian.com), or
    the name's initials open the host's label ('Associated Press' / apnews.com, 'New York Times' /
    nytimes.com), whichever label of the host it is and hyphens aside ('Reuters' / uk.reuters.com,
    'Velo Gossip' / velo-gossip.com). 'SFGATE' is not apnews.com: a page so named that states the
    wire's address as its canonical link is a syndicated copy, not the wire's page."""
    letters = re.sub(r"[^a-z0-9]", "", name.lower())
    # every label but the suffix, hyphens aside: 'velo-gossip' of velo-gossip.com, 'reuters' of uk.reuters.com
    labels = [re.sub(r"[^a-z0-9]", "", label) for label in host.lower().removeprefix("www.").split(".")[:-1]]
    labels = [label for label in labels if len(label) >= 3] or labels[:1]
    initials = "".join(w[0] for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in ("the", "of", "and"))
    if not letters or not any(labels):
        return True  # nothing to tell them apart by
    return any(letters in label or label in letters or (len(initials) >= 2 and label.startswith(initials))
               for label in labels if label)  # fmt: skip


def same_site(named: str, site: str) -> bool:
    """Whether a site as a user names it ('www.Wire.example', 'https://wire.example/news')
    is `site` as the index reports it (`site_of`: a host without `www.`, or a site name)."""
    named = named.strip()
    if "://" in named:
        named = _hostname(named) or named
    return named.lower().removeprefix("www.") == site.lower().removeprefix("www.")


def site_pair_counts(
    article_sites: Mapping[str, str],
    links: Iterable[tuple[str, str]],
    credits: Mapping[tuple[str, str], bool | None] | None = None,
    against: Collection[tuple[str, str]] = (),
) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """Per (source site, target site): how many articles of the target site derive from articles
    of the source site; of those how many credit the source's outlet and how many do not
    (`credits`: whether each (source, target) link's target credits its source's outlet; None or
    absent: not known); and how many are linked against what their content says (`against`: the
    (source, target) links `cluster.dated_against_content` marks). An article counts once per site
    it derives from, and credits a site, or is linked against the content, when any of its links
    from that site is; a link between two versions of one page (`model.one_page`) counts in
    neither. The count of the index's `sites` and the local batch engine's `site_pairs`; the Spark
    engine's counts the same in SQL (`tests/test_spark.py` holds the two equal)."""
    said: dict[tuple[str, str], set[bool | None]] = {}  # (source site, article) -> its links' credits
    disputed: set[tuple[str, str]] = set()  # (source site, article) linked against the content
    marked = set(against)
    for source, target in links:
        if not one_page(source, target):
            known = credits.get((source, target)) if credits is not None else None
            key = (article_sites.get(source, UNKNOWN_SITE), target)
            said.setdefault(key, set()).add(known)
            if (source, target) in marked:
                disputed.add(key)
    counts: dict[tuple[str, str], tuple[int, int, int, int]] = {}
    for (source_site, article), answers in said.items():
        pair = (source_site, article_sites.get(article, UNKNOWN_SITE))
        n, yes, no, odd = counts.get(pair, (0, 0, 0, 0))
        counts[pair] = (n + 1, yes + (True in answers), no + (True not in answers and False in answers),
                        odd + ((source_site, article) in disputed))  # fmt: skip
    return counts


def reuse_graph(
    article_sites: Mapping[str, str],
    links: Iterable[DerivedLink],
    credits: Mapping[tuple[str, str], bool | None] | None = None,
    counted: Collection[str] | None = None,
    leftovers: Collection[str] = (),
    disguised: Collection[str] = (),
) -> SitesReport:
    """Count, per site pair, the articles of one derived from articles of the other, and per site
    the share of derived articles; with `credits` (whether each link's target credits its source's
    outlet, by (source, target); None: not known), how many of each pair's articles do and do not:
    an article credits a site when any of its links from that site does. `counted`: the articles
    the per-site figures count (a week's, `Index.sites(since=...)`), all of them when None; the
    caller keeps the links whose target it counts, and `article_sites` names the sources' sites too.
    `leftovers`: the articles carrying a chatbot's words around their text (a content farm's tell),
    and `disguised`: those whose words were disguised with zero-width characters or look-alike
    letters (another), each counted per site as the articles are.

    An article counts once per site it derives from, however many of that site's articles it
    has as sources (a rewrite merging two wire stories is one article of the wire's, not two);
    a link between two articles of the same site is a self-edge (a site republishing its own copy),
    but not one between two versions of one page (`model.one_page`: the page updated).
    """
    links = list(links)
    per_site = Counter(article_sites.values() if counted is None else (article_sites[a] for a in counted))
    derived = {lk.target for lk in links if not one_page(lk.source, lk.target)}
    derived_per_site = Counter(article_sites.get(a, UNKNOWN_SITE) for a in derived)
    told, hid = (
        Counter(article_sites[a] for a in ids if a in article_sites and (counted is None or a in counted))
        for ids in (leftovers, disguised)
    )
    stats = [
        SiteStat(
            site, n, derived_per_site[site], round(derived_per_site[site] / n, 4) if n else 0.0, told[site], hid[site]
        )
        for site, n in per_site.items()
    ]
    stats.sort(key=lambda s: (-s.share, -s.articles, s.site))
    against = [(lk.source, lk.target) for lk in links if dated_against_content(lk.reason)]
    pairs = site_pair_counts(article_sites, ((lk.source, lk.target) for lk in links), credits, against)
    said = credits is not None
    edge_rows = [
        SiteEdge(a, b, n, yes if said else None, no if said else None, odd)
        for (a, b), (n, yes, no, odd) in pairs.items()
    ]
    edge_rows.sort(key=lambda e: (-e.links, e.source_site, e.target_site))
    return SitesReport(tuple(stats), tuple(edge_rows))
