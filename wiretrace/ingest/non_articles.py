"""Pages that hold no article though text was extracted: link lists, teaser cards, access walls.

Indexed, two fronts carrying the same wires, or two sites' walls, read as copies of each other.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape


def link_list(html: str, body: str) -> bool:
    """Whether the text extracted from `html` is a list of the page's links, not an article: most
    of its text is in lines that are, for most of their length, the text of a link of three words
    or more (the headlines of a section front). Two sites' fronts listing the same wire headlines read as
    edited copies of each other, and each front as an article of one-line sentences."""
    lines = [" ".join(line.split()) for line in body.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    texts = {" ".join(html_unescape(_TAG.sub(" ", m.group(1))).split()) for m in _ANCHOR.finditer(html)}
    anchors = [a for a in texts if len(a.split()) >= 3]
    linked = [line for line in lines if any(len(a) >= _LINK_SHARE * len(line) and a in line for a in anchors)]
    if len(lines) < _LIST_MIN_LINES:  # a small site's front, two or three headlines: every line one
        return len(linked) == len(lines)
    return sum(map(len, linked)) >= _LINK_SHARE * sum(len(line) for line in lines)


def access_wall(body: str) -> bool:
    """Whether a page's text is a wall before the article, not the article: short (under
    `_WALL_WORDS` words) and saying so ('Access denied', 'Please enable cookies and JavaScript to
    continue', 'Checking your browser', 'verify you are human'). Indexed, every site's wall read
    as a copy of every other's, under one family."""
    return len(body.split()) < _WALL_WORDS and bool(_WALL.search(body))


_WALL_WORDS = 80
_WALL = re.compile(
    r"\b(access (is )?denied|enable (cookies|javascript)|(cookies|javascript) (is |are |must be )?(required|"
    r"disabled)|checking (if the site connection is secure|your browser)|verify (that )?you are (a )?human|"
    r"are you a robot|complete the security check|unusual traffic from your (computer|network)|captcha|"
    r"request (was )?blocked|you have been blocked)\b",
    re.IGNORECASE,
)


def teaser_list(body: str) -> bool:
    """Whether `body` is a front page's cards: `_TEASERS_MIN` lines or more cut short mid-sentence
    with '...' (each story's first words), holding half the text or more. Cards whose summaries
    are no link text pass `link_list`, and two fronts carrying the same wires read as copies."""
    lines = [" ".join(line.split()) for line in body.split("\n") if line.strip()]
    cut = [line for line in lines if _CUT_SHORT.search(line)]
    return len(cut) >= _TEASERS_MIN and sum(map(len, cut)) >= 0.5 * sum(map(len, lines))


_CUT_SHORT = re.compile(r"[\w,'’\"]\s?(\.\.\.|…)$")
_TEASERS_MIN = 4


#: A list page: at least this many lines of text, and this share of its characters in lines that
#: are each this much a link's text (the rest: '2h ago', 'Home', a section's name).
_LIST_MIN_LINES, _LINK_SHARE = 4, 0.6
_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
