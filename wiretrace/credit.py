"""Credit: whether a derived article names the outlet its source was published by.

A licensed client copy of a wire story credits the agency ('LONDON (Reuters) -', 'By Jane Smith,
Associated Press', 'This story was provided by AFP', 'Read more at Reuters.com'); a content
farm's rewrite seldom does. A licensing desk asks of every copy found whether it does, so
`compare` says where the target names its source's outlet, or that it names it nowhere.

Pure functions over two extracted articles: their metadata, text and the page chrome read off
them (a credit line is chrome, dropped from the text but kept in `dropped_chrome`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from wiretrace.chrome import AGENCIES
from wiretrace.facts import plain_words
from wiretrace.model import Article, Credit
from wiretrace.sites import domain_of, host_of

#: Other names of the outlets most copied, keyed by each name in lower case: a dateline's 'AP' is
#: credited by 'Associated Press', a site at apnews.com by 'AP'.
_ALIASES: tuple[tuple[str, ...], ...] = (
    ("AP", "Associated Press", "apnews"),
    ("Reuters", "Thomson Reuters"),
    ("AFP", "Agence France-Presse", "Agence France Presse"),
    ("PA", "PA Media", "Press Association"),
    ("UPI", "United Press International"),
    ("BBC", "BBC News"),
    ("dpa", "Deutsche Presse-Agentur"),
    ("CP", "Canadian Press", "The Canadian Press"),
    ("AAP", "Australian Associated Press"),
)
_ALIAS_OF = {name.lower(): group for group in _ALIASES for name in group}
#: An agency named in brackets, as datelines and credit lines name it ('(Reuters)', '(REUTERS)', '(AP) —').
_AGENCY_IN_BRACKETS = re.compile(rf"\(((?i:{AGENCIES}))\)")
#: The chrome of a page's own credits, whose agencies that page carries (`outlet_names`).
_CREDITING = ("byline", "credit", "copyright")
#: Where a copy's page keeps a credit among the chrome read off it.
_CREDIT_CHROME = ("byline", "dateline", "credit", "teaser", "copyright", "site-blurb", "disclaimer", "canonical",
                  "based-on")  # fmt: skip
#: A credit's passage as `Credit.passage` quotes it: a line or sentence, cut to this many characters.
PASSAGE_CHARS = 200


def outlet_names(article: Article, datelines: bool = True) -> tuple[str, ...]:
    """What the outlet that published `article` is called: its site's name, its address's domain
    ('reuters.com' of www.reuters.com, 'bbc.co.uk' of news.bbc.co.uk) and that domain's name
    ('Reuters', 'Guardian' of theguardian.com), and the other names of those outlets ('AP',
    'Associated Press'). With `datelines`, also the agency its dateline names in brackets, and the
    agencies its byline and credit lines name ('By Daren Butler, Reuters', '© 2024 Thomson
    Reuters'): a client's copy dated before the wire's own page still carries the wire, which its
    own copies then owe credit to. Empty when nothing says (a plain text with no dateline)."""
    names: list[str] = []
    if article.site:
        site = article.site.strip()
        named = site.lower().removeprefix("www.")
        names += _host_names(named) if "." in named and " " not in named else [site]
    if host := host_of(article.url):
        names += _host_names(host)
    if datelines:
        stamps = [d.text for d in article.dropped_chrome if d.reason == "dateline"]
        stamps += [s.text for s in article.sentences[:1]]  # a dateline opening the story's first sentence
        names += [m.group(1) for stamp in stamps for m in _AGENCY_IN_BRACKETS.finditer(stamp)]
        credits = [article.byline or ""] + [d.text for d in article.dropped_chrome if d.reason in _CREDITING]
        names += [m.group() for line in credits for m in _AGENCY.finditer(line)]
        # a syndicated copy carries the original its canonical link names, which its copies owe credit
        # too; and an agency or outlet of `_ALIASES` its JSON-LD says it is based on (not a post, a
        # study or a release it cites: a copy naming that platform in its own words credits no one)
        for d in article.dropped_chrome:
            if d.reason in ("canonical", "based-on") and (host := host_of(d.text)):
                linked = _host_names(host)
                names += linked if d.reason == "canonical" or linked[-1].lower() in _ALIAS_OF else []
    every = [n for name in names for n in _ALIAS_OF.get(name.lower(), (name,) if len(name) >= 3 else ())]
    return tuple(dict.fromkeys(every))


def credit(source: Article, target: Article) -> Credit | None:
    """Where `target` names the outlet `source` was published by (its title, byline, a line of
    chrome such as a credit line or a dateline, or its text), or that it names it nowhere. None
    when the source's outlet is not known, or when both were published by one outlet (an update of
    its own story owes no credit; a client's copy keeping the wire's dateline is not the wire's)."""
    names = outlet_names(source)
    own = {n.lower() for n in names}
    if not names or {n.lower() for n in outlet_names(target, datelines=False)} & own:
        return None
    said = [source.title or "", *(s.text for s in source.sentences)]
    if found := _credited(_pattern(names), said, target):
        return Credit(names=names, credited=True, where=found[0], passage=_cut(found[1]))
    if (other := _credited(_AGENCY, said, target)) and (name := other[2]).lower() not in own:
        return Credit(names=names, credited=False, where=other[0], passage=_cut(other[1]), instead=name)
    return Credit(names=names, credited=False)


#: The columns a link's credit fills in exports and the batch tables (`columns`).
COLUMNS = ("credited", "credit_where", "credit_passage", "credits_instead")


def columns(found: Credit | None) -> dict[str, Any]:
    """A link's `credited` (whether the target names its source's outlet; null when the source's
    outlet is not known or both are one outlet's), `credit_where` (the first place it does) and
    `credit_passage` (the line or sentence there), or, crediting another agency instead, that
    agency (`credits_instead`) and the place it does."""
    if found is None:
        return dict.fromkeys(COLUMNS)
    return dict(zip(COLUMNS, (found.credited, found.where, found.passage, found.instead)))


def _credited(pattern: re.Pattern[str], said: list[str], target: Article) -> tuple[str, str, str] | None:
    """The first place `target` names an outlet of `pattern` (where, passage, the name as found),
    a mention in its title or text that the source `said` in the same words aside."""
    contexts = _contexts(pattern, said)
    for where, passage in _places(target):
        for m in pattern.finditer(passage):
            if _in_another_name(passage, m):
                continue
            if where not in ("title", "text") or not contexts & _contexts_of(passage, m):
                return where, passage, _canonical(m.group())
    return None


#: Capitalised words that may stand right before an outlet's name without being part of another's
#: ('By Wire staff', 'The Herald', 'Via Post').
_BEFORE_A_NAME = frozenset("a an and by copyright credit for from in of on source the to via with".split())
#: A capitalised word, then one space, at the end of what is searched (`_in_another_name`).
_WORD_BEFORE = re.compile(r"([A-Z][\w&'-]*) $")


def _in_another_name(passage: str, mention: re.Match[str]) -> bool:
    """True when a one-word name found is the last word of another outlet's name: a host's name that
    is a common word, after a capitalised word ('AP Wire', 'Business Wire', 'Miami Herald' for
    wire.example or herald.example). An agency's own name ('Thomson Reuters') is never so read."""
    name = mention.group()
    if " " in name or "." in name or name.lower() in _ALIAS_OF:
        return False
    before = _WORD_BEFORE.search(passage, max(0, mention.start() - 40), mention.start())
    return before is not None and before.group(1).lower() not in _BEFORE_A_NAME


def _canonical(name: str) -> str:
    """An agency's first name as `_ALIASES` lists it ('Associated Press' -> 'AP'), else `name`."""
    return _ALIAS_OF.get(name.lower(), (name,))[0]


def _contexts(pattern: re.Pattern[str], texts: list[str]) -> set[tuple[str, ...]]:
    """The words around each mention of an outlet in `texts` (`_contexts_of`)."""
    return {key for text in texts for m in pattern.finditer(text) for key in _contexts_of(text, m)}


def _contexts_of(text: str, mention: re.Match[str]) -> set[tuple[str, ...]]:
    """The words before a mention of an outlet and the words after it (`CONTEXT_WORDS` of each, two
    at least), or the whole line when it is that short ('Source: AP'). A mention in the target's
    text or title with a context the source's has too is the source's own sentence carried over
    ('... the officer, a police source told Reuters.'), no credit; a sign-off is one."""
    before = tuple(plain_words(text[: mention.start()])[-CONTEXT_WORDS:])
    after = tuple(plain_words(text[mention.end() :])[:CONTEXT_WORDS])
    keys = {("<", *before)} if len(before) >= 2 else set()
    keys |= {(">", *after)} if len(after) >= 2 else set()
    return keys or {("=", *plain_words(text))}


#: Words each side of an outlet's mention that tell a sentence carried from the source (`_contexts_of`).
CONTEXT_WORDS = 3


def _places(article: Article) -> Iterator[tuple[str, str]]:
    """The places a page credits a source in, in the order `credit` reports the first found."""
    for where, text in (("title", article.title), ("byline", article.byline)):
        if text:
            yield where, text
    for dropped in article.dropped_chrome:
        if dropped.reason in _CREDIT_CHROME:
            yield dropped.reason, dropped.text
    for sentence in article.sentences:
        yield "text", sentence.text


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """`names` as whole words: a domain in any case ('Reuters.com', 'reuters.com'); a name as
    written or in capitals ('Reuters', 'REUTERS'; 'AP', never 'ap'), so that a host's name
    ('Guardian', 'Post', 'Wire') is not read in a common word of running text ('a legal guardian')."""
    forms = {f for n in names for f in ((f"(?i:{re.escape(n)})",) if "." in n else (re.escape(n), re.escape(n.upper())))
             }  # fmt: skip
    return re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(forms, key=len, reverse=True))})(?![\w-])")


def _host_names(host: str) -> list[str]:
    """A host's domain ('reuters.com' of www.reuters.com, 'bbc.co.uk' of news.bbc.co.uk) and the
    domain's name as a name is written ('Reuters'), also without a leading 'the' when a word of six
    letters or more is left ('Guardian' of theguardian.com, not 'Hill' of thehill.com)."""
    domain = domain_of(host)
    label = domain.split(".")[0]
    bare = label.removeprefix("the")
    named = [label, bare] if bare != label and len(bare) >= 6 else [label]
    return [domain, *(_ALIAS_OF.get(n, (n.capitalize(),))[0] for n in named)]


def _cut(passage: str) -> str:
    passage = " ".join(passage.split())
    return passage if len(passage) <= PASSAGE_CHARS else passage[: PASSAGE_CHARS - 1].rstrip() + "…"


#: Any of the main agencies by one of its names, as a page's byline or credit line names it.
_AGENCY = _pattern(tuple(n for group in _ALIASES for n in group if n != "BBC News" and n != "BBC"))
