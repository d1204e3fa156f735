"""A page's title as its headline: without its site's name, and apart from the body line repeating it.

Pages add their site's name to `<title>` and og:title ('... - BBC News'): a rewrite's headline on
another site would differ by the name alone. Also a crawl's text conversion opening on such a title.
"""

from __future__ import annotations

import re


def _without_site_name(title: str | None, site_name: str | None) -> str | None:
    """`title` without the site's name it ends or opens with after a separator ('Why It Matters -
    TechBuzz Daily', an `og:title` as a WordPress theme writes it; 'Valley Herald | Floods ...'):
    a rewrite's headline on another site would otherwise differ by the name alone."""
    if not title or not site_name or not (name := site_name.strip()):
        return title
    for pattern in (rf"\s+[-–—|:·•]{{1,2}}\s+{re.escape(name)}\s*$", rf"^\s*{re.escape(name)}\s+[-–—|:·•]{{1,2}}\s+"):
        rest = re.sub(pattern, "", title, flags=re.IGNORECASE)
        if rest != title and len(rest.split()) >= _SITE_NAME_TITLE_WORDS:
            return rest
    return title


#: The fewest words a title must keep without its site's name ('Home | Valley Herald' keeps it).
_SITE_NAME_TITLE_WORDS = 3


def _headline_line(title: str, lines: list[str]) -> tuple[int, str] | None:
    """The body line among the first `_HEADLINE_LINES` that is the page's headline, and the headline:
    the title, or the title without the site's name after it ('... still being assessed - BBC
    News', '... | Business | The Observer Daily'), which pages give their `<title>` and og:title.
    trafilatura may place the `<h1>` after the first paragraph of a story split across blocks."""
    candidates = _title_forms(title)
    for k, line in enumerate(lines[:_HEADLINE_LINES]):
        if (text := " ".join(line.split())) and text in candidates:
            return k, text
    return None


def _title_forms(title: str) -> list[str]:
    """A page title, then without each site name after it in turn ('... | Business | The Observer Daily')."""
    forms = [" ".join(title.split())]
    while (suffix := _TITLE_SUFFIX.search(forms[-1])) is not None:
        forms.append(forms[-1][: suffix.start()])
    return forms


def site_titled_text(text: str, host: str | None) -> tuple[str, str | None]:
    """A crawl's text conversion (WET) opening on the page's title with the site's name after it
    ('Courts in Stirling ... | TrendFeed' for trendfeed.net): the text without that line and
    without lines that are the site's name alone (its masthead), and the title without the name.
    The text unchanged and None when the first line names no site the host names."""
    first, _, rest = text.lstrip().partition("\n")
    host_letters = re.sub(r"[^a-z0-9]", "", (host or "").lower())
    forms = _title_forms(first)
    for shorter, longer in zip(forms[1:], forms):
        name = longer[len(shorter) :].strip(" |-\u2013\u2014\u00b7\u2022")
        letters = re.sub(r"[^a-z0-9]", "", name.lower())
        if len(letters) >= 3 and letters in host_letters:
            kept = [line for line in rest.split("\n") if " ".join(line.split()) != name]
            return "\n".join(kept), shorter
    return text, None


#: A site's name after a page title: ' - BBC News', ' | The Herald' (a colon or a bare hyphen is the headline's).
_TITLE_SUFFIX = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022]\s+[^|\u2013\u2014]{2,60}$")
_HEADLINE_LINES = 4
