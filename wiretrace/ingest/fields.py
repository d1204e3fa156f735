"""The names records give their fields: those news dumps use (`RECORD_FIELDS`) and a caller's own.

`fields_named` (`--field FIELD=NAME`) sets the caller's for a reading; `known_fields` reads a
record by them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from wiretrace.errors import ConfigError

#: The names news dumps give the fields a record is read by, each field taken from the first name
#: given (not blank): ours first, then news-please's and Common Crawl News' (`maintext`,
#: `date_publish`, `source_domain`, `authors`), newspaper3k's (`publish_date`), trafilatura's JSON
#: (`source` its address, `source-hostname` its site's name), Hugging Face's cc_news (`domain`),
#: NewsAPI's (`publishedAt`, `source` as `{id, name}`), schema.org's (`headline`, `articleBody`,
#: `datePublished`), the 'All the News' corpus' (`content`, `publication`) and a feed's (`link`,
#: `pubDate`). A record giving our `text` or `html` is read by it: the other names of the article's
#: text are not read then (a dump's `content` beside its page may be a teaser).
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "html": ("html", "raw_html", "html_content", "content_html"),
    "text": ("text", "maintext", "articleBody", "article_text", "content", "body", "article"),
    "title": ("title", "headline"),
    "byline": ("byline", "author", "authors", "creator"),
    "published": (
        "published", "date", "date_publish", "publish_date", "published_at", "publishedAt", "datePublished",
        "date_published", "pubDate",
    ),
    "site": (
        "site", "source-hostname", "sitename", "source_domain", "domain", "hostname", "publication", "publisher",
        "source",
    ),
    "url": ("url", "link", "source"),
}
#: The fields a dump's own names may be given for (`fields_named`, `--field FIELD=NAME`).
MAPPABLE_FIELDS = ("id", *RECORD_FIELDS)
#: The names a dump gives its fields, as the caller said (`fields_named`): field -> the dump's name.
_FIELDS: ContextVar[Mapping[str, str] | None] = ContextVar("wiretrace_fields", default=None)
#: Of those names, the ones a record read under them gave, and "" once any record was read (`fields_named`).
_GIVEN: ContextVar[set[str] | None] = ContextVar("wiretrace_fields_given", default=None)


def field_map(given: Iterable[str]) -> dict[str, str]:
    """`FIELD=NAME` settings (`--field text=body_text`) as a mapping of field to the dump's name.

    Raises:
        ConfigError: no '=', a field wiretrace does not read, an empty name, or a field given twice.
    """
    fields: dict[str, str] = {}
    for setting in given:
        field, equals, name = setting.partition("=")
        field, name = field.strip().lower(), name.strip()
        if not equals or not name:
            raise ConfigError(f"--field {setting!r}: give FIELD=NAME, the field and the name your records give it "
                              "(--field text=body_text)")  # fmt: skip
        if field in fields and fields[field] != name:
            raise ConfigError(f"--field {field}= given twice ({fields[field]!r} and {name!r}): give one name")
        fields[field] = name
    return checked_fields(fields)


def checked_fields(fields: Mapping[str, str] | None) -> dict[str, str]:
    """`fields` (field -> the dump's name for it) checked: every field one wiretrace reads, every name text.

    Raises:
        ConfigError: another field, or a name that is not non-empty text.
    """
    out: dict[str, str] = {}
    for field, name in (fields or {}).items():
        key = field.strip().lower() if isinstance(field, str) else field
        if key not in MAPPABLE_FIELDS:
            raise ConfigError(f"no field {field!r} to name: records give {', '.join(MAPPABLE_FIELDS)}")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"the name given for the field {key!r} must be non-empty text, not {name!r}")
        if key in out and out[key] != name.strip():
            raise ConfigError(f"the field {key!r} is named twice ({out[key]!r} and {name.strip()!r}): give one name")
        out[key] = name.strip()
    return out


@contextlib.contextmanager
def fields_named(fields: Mapping[str, str] | None, given: set[str] | None = None) -> Iterator[None]:
    """Within it, records (JSON, JSON Lines, CSV/TSV, Parquet) give each field of `fields` under the
    name it maps it to, and under that name alone: `{"text": "body_text"}` reads the article's
    text from `body_text` and from no other field (not `text`, not `html`, not `content`). For a
    dump whose names wiretrace does not know; the names it knows (`RECORD_FIELDS`) still read the
    other fields. `given` gathers the names a record read meanwhile gave (and "", once one is read)."""
    token, noted = _FIELDS.set(checked_fields(fields) or None), _GIVEN.set(given)
    try:
        yield
    finally:
        _GIVEN.reset(noted)
        _FIELDS.reset(token)


def named_fields() -> Mapping[str, str]:
    """The names records give their fields, as set by `fields_named` (empty: the names known)."""
    return _FIELDS.get() or {}


#: A text field under another name that holds a page's markup (a CMS export's `body`): read as HTML.
_MARKUP = re.compile(
    r"</(?:p|div|span|a|em|strong|b|i|u|li|ul|ol|h[1-6]|article|section|body|html|blockquote|figure|table|td)>"
    r"|<br\s*/?>",
    re.IGNORECASE,
)
#: An address, as `source` gives one (trafilatura) where other dumps name a site by it.
_ADDRESS = re.compile(r"https?://\S+$", re.IGNORECASE)


def _given(value: Any) -> bool:
    """Whether a record gives a field this value: not None, blank, empty or zero."""
    return bool(value) and not (isinstance(value, str) and not value.strip())


def _fits(field: str, name: str, value: Any) -> bool:
    """Whether another name's `value` can be `field`: an address for `url` (trafilatura's `source`
    is one, NewsAPI's an outlet), an outlet's name or `{name}` for `site` (not an address)."""
    if field == "url":
        return isinstance(value, str) and (name == "link" or bool(_ADDRESS.match(value.strip())))
    if field == "site" and name == "source":
        return isinstance(value, dict) or (isinstance(value, str) and not _ADDRESS.match(value.strip()))
    return True


def known_fields(record: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """`record` with each field of `RECORD_FIELDS` it gives under another name under its own, and the
    name each field was given under (for errors, which name the dump's own field). Another name's
    text holding markup fills `html` instead, when the record gives none; none of the other names of
    the article's text is read when the record gives our `text` or `html`. A field the caller names
    (`fields_named`) is read from that name alone; a text so named is as our `text` (a page beside
    it, `html`, is read for what it lacks), a page so named as our `html` (no text beside it is read)."""
    out, named = dict(record), {}
    given = named_fields()  # the caller's names (`fields_named`): those fields are read by them alone
    noted = _GIVEN.get() if given else None
    for field, name in given.items():
        out.pop(field, None)
        if name in record:
            out[field], named[field] = record[name], name
    if noted is not None:
        noted.update(("", *named.values()))
    if "html" in given and "text" not in given:
        out.pop("text", None)  # the page named is the article: no text beside it (a teaser?) is read
    ours = "text" in given or "html" in given or _given(record.get("text")) or _given(record.get("html"))
    for field, names in RECORD_FIELDS.items():
        if field in given or (field == "text" and "html" in given):
            continue
        for name in names:
            value = record.get(name)
            if not _given(value):
                continue
            if name == field:
                named[field] = name
                break
            if (ours and field in ("text", "html")) or not _fits(field, name, value):
                continue
            into = "html" if field == "text" and isinstance(value, str) and _MARKUP.search(value) else field
            if into not in named:  # a page given as html (read first) is read, not this second reading of it
                out[into] = value
                named[into] = name
            break
    text = out.get("text")
    if "text" in given and "html" not in named and isinstance(text, str) and _MARKUP.search(text):
        out["html"], named["html"] = out.pop("text"), named.pop("text")  # a page's markup, as under the names known
    return out, named
