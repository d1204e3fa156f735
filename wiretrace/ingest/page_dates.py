"""A page's publication date and byline where its metadata gives none: from its markup, its short lines.

htmldate reads the markup alone (no year guessed from the body); 'Published: ...' and
'By NAME | DATE' lines are read by `labelled_date`, for pasted plain text too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from html import escape as html_escape
from typing import Any

from wiretrace.chrome import byline_of
from wiretrace.ingest.dates import _NUMERIC_DAY, _numeric_day, normalize_date
from wiretrace.ingest.prune import _page_tree

log = logging.getLogger(__name__)

#: The page's date with its time and zone when its metadata states them ('09:30 +0000'): two
#: versions of a story published the same day are ordered by the hour.
_PAGE_TIME = "%Y-%m-%dT%H:%M:%S%z"
#: The earliest date a page's metadata may state: news archives reach back before the web.
_EARLIEST_PAGE_DATE = "1800-01-01"
#: No latest date for htmldate, whose default is the host's local today: it replaced a date past it
#: with the 1st of its month, so a page dated by a Tokyo site's today took the origin of its story.
#: Every format's dates are checked against the clock alike, in `_build` (`future_date`).
_LATEST_PAGE_DATE = "2999-12-31"


def _markup_date(html: str, url: str | None, where: str) -> str | None:
    """The page's date from its markup and address alone (meta tags, JSON-LD, `<time>`, elements
    marked as dates, the URL; the markup before the URL, which states no time): htmldate, read on
    the page with every other element's text removed. Its fast mode still takes a date from the
    text ('This article was printed from ... on 13/09/2016', 'Page generated 21/03/2019',
    'Comments closed on 02/08/2016'), and a date that is not the publication's decides origins."""
    from htmldate import find_date

    if (tree := _page_tree(html)) is None:
        return None
    # a <time> stating its `datetime` is read by that attribute: its text may drop the time ('Tue 28 Feb 2017')
    dated = [
        el for el in tree.iter()
        if isinstance(el.tag, str) and _DATED.search(_element_names(el))
        and not (el.tag == "time" and el.get("datetime"))
    ]  # fmt: skip
    ambiguous = [text for el in dated if (text := _in_words_of_order(el))]
    ambiguous += [text for el in tree.iter("meta") if (text := _meta_in_order(el))]
    kept = {inner for el in dated for inner in el.iter()}  # their text and their elements'
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("head", "title", "meta", "script"):
            continue
        if el not in kept:
            el.text = None
        if el.getparent() not in kept:
            el.tail = None
    try:
        found = find_date(
            tree, extensive_search=False, original_date=True, outputformat=_PAGE_TIME, url=url,
            min_date=_EARLIEST_PAGE_DATE, max_date=_LATEST_PAGE_DATE, deferred_url_extractor=True,
        )  # fmt: skip
    except Exception:  # htmldate on odd markup: no date rather than no article
        found = None
    if not found and ambiguous:
        log.warning("%s: %r: day and month could be either way round; read as undated", where, ambiguous[0])
    return _page_date(found) if found else _labelled_date(_page_tree(html), where)  # the page's text, whole


def _in_words_of_order(el: Any) -> str | None:
    """A dated element's numeric day rewritten in ISO, which htmldate reads as written: it reads
    '12/03/2026' day first, though a US page means 3 December, and drops '12/13/2026'. An order
    that is a guess (`_numeric_day`) is taken out of the element; returns that text, else None."""
    text = el.text_content()
    found = _NUMERIC_DAY.search(text)
    if not found:
        return None
    day = _numeric_day(found.group())
    for child in list(el):
        el.remove(child)
    el.text = text[: found.start()] + (day or "") + text[found.end() :]
    return None if day else " ".join(text.split())


def _meta_in_order(el: Any) -> str | None:
    """A meta tag's numeric day, as `_in_words_of_order` reads an element's ('<meta name="date"
    content="03/12/2005">': htmldate reads it day first, a US page means 12 March): rewritten in
    ISO when its order is no guess, else taken out; returns the content taken out, else None."""
    content = (el.get("content") or "").strip()
    found = _NUMERIC_DAY.match(content)
    if not found or found.start() != 0:
        return None
    if day := _numeric_day(found.group()):
        el.set("content", day + content[found.end() :].replace(" ", "T", 1) if content[found.end() :] else day)
        return None
    del el.attrib["content"]
    return content


def _labelled_date(tree: Any, where: str) -> str | None:
    """The first date a page's element states as its publication's, in a short line of its own
    (`labelled_date`); None for any other date of the text."""
    return next((day for line in _short_lines(tree) if (day := labelled_date(line, where))), None)


def labelled_date(line: str, where: str = "<text>") -> str | None:
    """The day a short line states as its page's publication: 'Published: 12 September 2016',
    'Posted: 14/06/2017', 'By Jane Smith | 3 March 2016, 14:05 GMT' (read by htmldate); None
    for any other line, such as 'Last updated ...'."""
    from htmldate import find_date

    line = " ".join(line.split())
    found = _LABELLED.match(line) if len(line) <= _LABELLED_LINE else None
    if not found:
        return None
    # the publication's date, not the update's after a bar ('Published 08:10 GMT, 27 December 2004 |
    # Last updated 12:45 GMT')
    day = _STAMP_BAR.split(found.group("date"), maxsplit=1)[0].rstrip(".")
    if stated := normalize_date(day):
        return stated  # with its clock time and zone when it states them ('Dec 2, 2026 9:00 PM EST')
    if (numeric := _NUMERIC_DAY.search(day)) and not _numeric_day(numeric.group()):
        log.warning("%s: %r: day and month could be either way round; read as undated", where, line)
        return None  # htmldate reads it day first: a US page's '12/03/2026' would be 12 March
    snippet = f"<html><body><p class='date'>{html_escape(day)}</p></body></html>"
    try:
        return find_date(
            snippet, extensive_search=False, original_date=True, min_date=_EARLIEST_PAGE_DATE,
            max_date=_LATEST_PAGE_DATE,
        )  # fmt: skip
    except Exception:  # htmldate on an odd string: no date
        return None


def _visible_byline(html: str) -> str | None:
    """The byline a page states only in its text, in a short element of its own ('By Jane Q.
    Smith, Staff Writer | March 3, 2024'), which trafilatura drops with the page's chrome when
    no markup names it the author's; in the page's own `<article>` if it has one, so that a
    related story's byline is not taken for the page's."""
    if (tree := _page_tree(html)) is None:
        return None
    articles = list(tree.iter("article"))
    scope = articles[0] if len(articles) == 1 else tree
    lines = _short_lines(scope)
    return next((name for line in lines if len(line) <= _LABELLED_LINE and (name := byline_of(line))), None)


#: Elements that hold a page's short lines of their own: its byline, its 'Published: ...'.
_SHORT_ELEMENTS = ("p", "div", "span", "i", "em", "small", "li", "dd", "header", "address")


def _short_lines(scope: Any) -> Iterator[str]:
    """The text of each element of `scope` that may hold a short line of its own, each of its lines
    first where `<br>` breaks it ('By Bill Thompson<br>Published 3 March 2024': the element's text
    ran the two together, 'By Bill ThompsonPublished ...', and gave neither byline nor date)."""
    for el in scope.iter(*_SHORT_ELEMENTS):
        breaks = list(el.iter("br"))
        if not breaks:
            yield el.text_content()
            continue
        for br in breaks:  # marked for this reading, then as they were: the tree is read again after
            br.tail = _BREAK + (br.tail or "")
        text = el.text_content()
        for br in breaks:
            br.tail = br.tail[len(_BREAK) :] or None
        yield from (line for line in text.split(_BREAK) if line.strip())
        yield text.replace(_BREAK, " ")


#: What a `<br>` reads as in `_short_lines`: a character no page's text holds between two lines.
_BREAK = "\u2028"


#: A line stating when the page was published ('Published: ...', 'Posted on ...', 'By NAME | DATE').
_LABELLED = re.compile(
    # a byline's date after a bar, a bullet or a dash between spaces ('By Tom O'Reilly – 20 January 2005')
    r"(?:(?:first\s+)?(?:published|posted)(?:\s+on)?\s*:?|(?:by|por|par|von|di)\s+[^|•·]{2,60}?(?:\||•|·|\s[–—-]\s)"
    # the same in other languages ('Publicado: 17/06/2025', 'Publié le 17/06/2025', 'Von Anna Weber | 17.06.2025')
    r"|(?:publicado(?:\s+(?:el|em))?|publié(?:\s+le)?|veröffentlicht(?:\s+am)?|pubblicato(?:\s+il)?)\s*:?"
    r")\s*(?P<date>.{6,60})$",
    re.IGNORECASE,
)
_LABELLED_LINE = 120
#: A bar or bullet between spaces, after which a stamp line goes on to something else.
_STAMP_BAR = re.compile(r"\s+[|•·]\s+")


#: Elements whose text may state the page's date: `<time>`, `<abbr>` (htmldate reads both), and those
#: whose class, id or itemprop says date, time or published.
_DATED = re.compile(r"^(?:time|abbr)\b|date|time|publish", re.IGNORECASE)


def _element_names(el: Any) -> str:
    return " ".join([el.tag, el.get("class") or "", el.get("id") or "", el.get("itemprop") or ""])


def _page_date(value: str | None) -> str | None:
    """The date htmldate read in `_PAGE_TIME`: a day alone comes back as that day's midnight
    without a zone, which is no time at all."""
    if value and value.endswith("T00:00:00"):
        return value[:10]
    return value
