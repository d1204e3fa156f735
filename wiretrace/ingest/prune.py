"""What is cut from a page before its story is extracted: the next story, hidden words, embedded posts.

Each would be read as the story's own text: a continuous-scroll page's next story, words a style
sheet keeps out of sight (a farm's junk), a post two independent reports embed alike.
"""

from __future__ import annotations

import re
from typing import Any

from wiretrace.ingest.titles import _title_forms
from wiretrace.model import DroppedChrome


def _own_article(html: str) -> str | None:
    """The page cut down to its own story when it holds several (`<article>` elements: a 'continuous
    scroll' page saved with the next story under it): its head and the article headed by the page's
    title (og:title, else `<title>`). trafilatura takes the longest text, so a page whose next story
    is longer gave that story's text under this one's title and date. None for any other page."""
    if len(_ARTICLE_TAG.findall(html)) < 2:
        return None
    import lxml.html

    if (tree := _page_tree(html)) is None:
        return None
    named = tree.xpath("//meta[@property='og:title']/@content") or tree.xpath("//title/text()")
    forms = set(_title_forms(str(named[0]))) if named else set()
    stories = [a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]
    headed = [a for a in stories if any(" ".join(h.text_content().split()) in forms for h in a.iter("h1", "h2"))]
    if len(stories) < 2 or len(headed) != 1 or len(headed[0].text_content().split()) < _OWN_ARTICLE_WORDS:
        return None  # an <article> around the header alone leaves the story outside it: the whole page
    head = tree.find("head")
    kept = lxml.html.tostring(head, encoding="unicode") if head is not None else ""
    return f"<html>{kept}<body>{lxml.html.tostring(headed[0], encoding='unicode')}</body></html>"


#: Declarations that keep what they style out of sight in a way a page's script does not undo as it
#: usually does (a fade-in sets 'opacity:0', a menu 'visibility:hidden'): not displayed, letters of
#: no size, placed thousands of pixels off the screen. What they hide stays hidden, whatever its length.
_HIDDEN_FOR_GOOD = (
    r"display\s*:\s*none\b|font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?(?![\w.%])"
    r"|(?:left|top|text-indent|margin-left)\s*:\s*-\d{4,}(?:\.\d+)?px"
)
#: Declarations that keep what they style from a reader's eyes: those, and invisible, fully
#: transparent or clipped to nothing (an exact zero: 'opacity:0.5' and 'font-size:0.8em' show).
_HIDES = (
    rf"(?<![\w-])(?:{_HIDDEN_FOR_GOOD}|visibility\s*:\s*hidden\b|opacity\s*:\s*0(?:\.0+)?(?![\d.])"
    r"|clip\s*:\s*rect\(\s*0[\s,px]*0[\s,px]*0)"
)
_HIDES_FOR_GOOD = re.compile(rf"(?<![\w-])(?:{_HIDDEN_FOR_GOOD})", re.I)
#: A declaration of `_HIDES`, in an element's `style` attribute.
_HIDING_DECLARATION = re.compile(_HIDES, re.I)
#: A style sheet's rule hiding what it selects ('.x{display:none}', '.y{font-size:0}'); rules in
#: `@media` blocks hide for one screen only and are taken out first.
_HIDING_RULE = re.compile(rf"([^{{}}]+)\{{[^{{}}]*{_HIDES}[^{{}}]*\}}", re.I)
#: An element whose own `style` attribute hides it ('<span style="font-size:0">').
_HIDING_STYLE = re.compile(rf"\sstyle\s*=\s*[\"'][^\"']*{_HIDES}", re.I)
_MEDIA_BLOCK = re.compile(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.I)
_STYLE_SHEET = re.compile(r"<style(?:[^>]*\bmedia\s*=\s*[\"']?([^\"'>]*))?[^>]*>(.*?)</style>", re.I | re.S)
#: A selector of a tag, classes and an id alone ('.x', 'span.junk', '#n1'): (tag, classes, id).
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?((?:[.#][\w-]+)+)$", re.I)
#: Elements that stand inside a sentence's text: hiding one hides words, not a section.
_INLINE_TAGS = tuple("span a b i em strong small font sub sup u s mark abbr cite q ins del bdi code var".split())


def _without_hidden_words(page: str) -> str:
    """The page without what a reader is never shown (`_unshown`, `_hidden_words`), parsed once
    and only when its markup may hold such elements (most pages do not)."""
    unshown = bool(_UNSHOWN.search(page) or _HIDING_STYLE.search(page))
    selectors, shown = _hiding_rules(page)
    if not (unshown or selectors) or (tree := _page_tree(page)) is None:
        return page
    dropped = (_unshown(tree) if unshown else []) + (_hidden_words(tree, selectors, shown) if selectors else [])
    if not dropped:
        return page
    import lxml.html

    for el in dropped:
        if el.getparent() is not None:
            el.drop_tree()  # its tail (the sentence's text after it) stays
    return lxml.html.tostring(tree, encoding="unicode")


def _without_embedded_posts(page: str) -> tuple[str, list[DroppedChrome]]:
    """The page without the social media posts embedded in it (`_EMBEDDED_POST`: a tweet's
    `<blockquote class="twitter-tweet">`, Instagram's, TikTok's, Facebook's, Threads', Bluesky's,
    Mastodon's), each listed as chrome `embed`: another account's words, which two independent
    reports embedding one post share word for word, and the post's date and link were sentences."""
    if not _EMBED_CLASS.search(page) or (tree := _page_tree(page)) is None:
        return page, []
    found = [el for el in tree.iter("blockquote", "iframe", "div") if _EMBEDDED_POST.search(el.get("class") or "")]
    inner = {id(sub) for el in found for sub in el.iterdescendants()}  # a post inside another's embed: once
    posts = [el for el in found if id(el) not in inner]
    if not posts:
        return page, []
    import lxml.html

    dropped = [DroppedChrome(" ".join(el.text_content().split()), "embed") for el in posts if el.text_content().strip()]
    for el in posts:
        if el.getparent() is not None:
            el.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode"), dropped


#: The class of an embedded post's element, as each network's embed code writes it ...
_EMBED_CLASSES = ("twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "fb-post", "fb-video",
                  "text-post-media", "bluesky-embed", "mastodon-embed")  # fmt: skip
_EMBEDDED_POST = re.compile(rf"(?:^|\s)(?:{'|'.join(_EMBED_CLASSES)})(?:\s|$)")
#: ... and the quick test before parsing the page: one of those classes named anywhere.
_EMBED_CLASS = re.compile("|".join(_EMBED_CLASSES))


def _hiding_rules(page: str) -> tuple[list[tuple[str | None, set[str], str | None]], set[str]]:
    """The simple selectors the page's screen style sheets hide (outside `@media` blocks), and the
    classes and ids a rule shows (a later rule, a wider screen's, as in 'd-none d-md-inline')."""
    if "<style" not in page and "<STYLE" not in page:
        return [], set()
    sheets = [sheet for media, sheet in _STYLE_SHEET.findall(page) if _FOR_SCREENS.search(media or "all")]
    shown = {name for sheet in sheets for rule in _SHOWING_RULE.finditer(sheet) for name in _NAMES.findall(rule[1])}
    selectors = [
        sel
        for sheet in sheets
        for rule in _HIDING_RULE.finditer(_MEDIA_BLOCK.sub("", sheet))
        for selector in rule.group(1).split(",")
        if (sel := _hiding_selector(selector, shown))
    ]
    return selectors, shown


def _hidden_words(tree: Any, selectors: list[tuple[str | None, set[str], str | None]], shown: set[str]) -> list[Any]:
    """The words the page's own style sheet hides inside sentences ('<span class="x">' with
    '.x{display:none}'): junk a farm strews into a copied story, which a reader never sees, and
    which trafilatura keeps (it drops inline `style="display:none"` alone). Only a few words
    (`HIDDEN_WORDS`) in an element standing inside text, shown by no rule: a passage hidden until
    a reader expands it ('Read more') is the story's."""
    return [
        el for el in tree.iter(*_INLINE_TAGS)
        if len(el.text_content().split()) <= HIDDEN_WORDS and any(_selects(el, *sel) for sel in selectors)
        and not any(f".{c}" in shown for c in (el.get("class") or "").split())
    ]  # fmt: skip


#: An element a browser never shows: a `<template>`, or one with the `hidden` attribute.
_UNSHOWN = re.compile(r"<template\b|<[a-z][a-z0-9]*\b[^>]*\shidden(?:\s*=\s*[\"']?[^\s>]*)?[\s/>]", re.I)


def _unshown(tree: Any) -> list[Any]:
    """What no reader is shown: `<template>` elements, elements with the `hidden` attribute and
    elements their own style keeps out of sight for good (`_HIDES_FOR_GOOD`), whatever their
    length (a farm page hid whole paragraphs of another wire story there, and its copy of one
    story joined the other's family), and a few words styled out of sight in any way (`_HIDES`).
    A collapsed `<details>` is shown on a click, and stays."""
    return [el for el in tree.iter() if isinstance(el.tag, str) and _never_shown(el)]


def _never_shown(el: Any) -> bool:
    """Whether no reader sees `el` (`_unshown`)."""
    if el.tag == "template" or "hidden" in el.attrib:
        return True
    style = el.get("style")
    if not style or not _HIDING_DECLARATION.search(style):
        return False
    if _HIDES_FOR_GOOD.search(style) and not _sized_inside(el):
        return True
    return el.tag in _INLINE_TAGS and len(el.text_content().split()) <= HIDDEN_WORDS


def _sized_inside(el: Any) -> bool:
    """Whether an element inside `el` may set its own size again: a container of no font size
    ('font-size:0', the trick that closes the gaps between inline blocks) shows children that do."""
    return any(isinstance(c.tag, str) and (c.get("style") or c.get("class")) for c in el.iterdescendants())


#: The most words of a hidden element taken out of a sentence: junk is a word or two at a time.
HIDDEN_WORDS = 3
#: A style sheet's `media` for screens ('all', 'screen', 'screen and (min-width: ...)'), not 'print'.
_FOR_SCREENS = re.compile(r"\b(?:all|screen)\b", re.I)
#: A rule showing what it selects, anywhere in a sheet ('.d-md-inline{display:inline!important}').
_SHOWING_RULE = re.compile(
    r"([^{}]+)\{[^{}]*\b(?:display\s*:\s*(?!none)[a-z-]+\b|visibility\s*:\s*visible\b"
    r"|(?:font-size|opacity)\s*:\s*(?!0(?:\.0+)?(?![\d.]))[\d.])[^{}]*\}",
    re.I,
)
_NAMES = re.compile(r"[.#][\w-]+")


def _hiding_selector(selector: str, shown: set[str]) -> tuple[str | None, set[str], str | None] | None:
    """A hiding rule's simple selector as (tag, classes, id), or None: not simple, or naming a
    class or id a rule shows."""
    found = _SIMPLE_SELECTOR.match(selector.strip())
    if not found:
        return None
    classes, element_id = _classes_of(found[2]), _id_of(found[2])
    if {f".{c}" for c in classes} & shown or (element_id and f"#{element_id}" in shown):
        return None
    return found[1], classes, element_id


def _classes_of(selector: str) -> set[str]:
    """The classes a simple selector names ('span.junk.x' -> {'junk', 'x'})."""
    return {c.split("#")[0] for c in selector.split(".")[1:] if c.split("#")[0]}


def _id_of(selector: str) -> str | None:
    """The id a simple selector names ('span#n1' -> 'n1'), if any."""
    return selector.split("#", 1)[1].split(".")[0] if "#" in selector else None


def _selects(el: Any, tag: str | None, classes: set[str], element_id: str | None) -> bool:
    """Whether a simple selector (tag, classes, id) selects `el`."""
    return (
        (not tag or el.tag == tag.lower())
        and classes <= set((el.get("class") or "").split())
        and (element_id is None or el.get("id") == element_id)
        and bool(classes or element_id)
    )


def _page_tree(html: str) -> Any:
    """The page parsed by lxml, or None: a decoded page may still open on an XML declaration
    naming its encoding ('<?xml version="1.0" encoding="utf-8"?>', XHTML), which lxml refuses in
    a string; trafilatura reads such pages, so their date and byline are read too."""
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ValueError, lxml.etree.ParserError):  # no element at all
        return None


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


_ARTICLE_TAG = re.compile(r"<article\b", re.IGNORECASE)
#: Words the `<article>` headed by the page's title holds at the least to be taken for the page's story.
_OWN_ARTICLE_WORDS = 40
