"""JSON records and table rows into articles (`from_record`), with their ids, sites and dates.

A record's fields are found by their names (`fields.known_fields`); its text or page is read by
`plain.from_text` or `pages.from_html`.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Any

from wiretrace.errors import InputError
from wiretrace.ingest.dates import publication_date
from wiretrace.ingest.fields import RECORD_FIELDS, known_fields, named_fields
from wiretrace.ingest.limits import MAX_BYTES
from wiretrace.ingest.links import canonical_chrome
from wiretrace.ingest.pages import from_html
from wiretrace.ingest.plain import from_text
from wiretrace.model import Article
from wiretrace.sites import without_tracking

#: The longest title, byline, date or site a record may give, in characters: longer is no such field.
MAX_META_CHARS = 10_000
#: How a news API ends the part of an article it gives ('... [+1595 chars]'): the text is a snippet.
_SNIPPET_END = re.compile(r"\[\+\d+ char(?:acter)?s\]\s*$")
#: Names of a site that are its host ('www.bbc.co.uk'): read as a record's address names its site.
_HOST_NAMES = frozenset({"source_domain", "domain", "hostname"})


def from_record(record: dict[str, Any], where: str = "<record>") -> Article:
    """Extract an article from a JSON object with `text` or `html` (or another name a news dump
    gives them, `RECORD_FIELDS`) and optional metadata."""
    original, (record, named) = record, known_fields(record)
    meta = {
        "title": record.get("title"),
        "byline": record.get("byline"),
        "published": record.get("published"),
        "site": _named_site(record, named),  # by the name the dump gave it (a host read as a host)
    }
    given = stamp = meta["published"]
    if isinstance(given, str) and _EPOCH_TEXT.fullmatch(given.strip()):  # a Unix time a dump wrote as text
        stamp = int(given)
    if (moment := epoch_date(stamp)) is not None:
        meta["published"] = moment
    meta = {k: _meta_text(v) for k, v in meta.items()}
    for key, value in meta.items():
        if value is not None and len(value) > MAX_META_CHARS:  # a dump's column shifted, or a blob
            raise InputError(where, f"the record's {named.get(key, key)!r} is too long for a {key} "
                             f"({len(value):,} characters; the limit is {MAX_META_CHARS:,})")  # fmt: skip
    meta["id"] = record_id(record.get("id"), where, named.get("id", "id"))
    # a dump's address without the parameters that track a reader, as a crawl's: one page, one id
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        raise InputError(where, f"the record's {named.get('url', 'url')!r} must be an address as text, not {url!r:.80}")
    url = without_tracking(url) if url and url.strip() else None  # a blank field or cell: no address
    if meta["id"] is None and url is not None:
        meta["id"] = str(url)
    if where == "<record>" and meta["id"]:  # errors name the record by its id when the caller gave no place
        where = meta["id"]
    if isinstance(given, list | tuple | dict):  # '["2020-01-01"]' had been read as its one date
        field = named.get("published", "published")
        raise InputError(where, f"the record's {field!r} must be a date as text or a Unix time, not {given!r}")
    if meta["published"] is not None and meta["published"].strip().lower() in _NO_DATE:
        meta["published"] = None  # a dump's placeholder for no date ('N/A', 'null')
    if meta["published"] is not None:
        meta["published"] = _record_date(meta["published"], given, where, named.get("published", "published"))
        if meta["published"][:4] < "1000":  # a zero time ('0001-01-01T00:00:00Z', Go's and .NET's): none
            meta["published"] = None
    for key in ("html", "text"):
        value = record.get(key)
        if isinstance(value, str | bytes | bytearray) and len(value) > MAX_BYTES // 4:
            size = len(value.encode("utf-8", "replace")) if isinstance(value, str) else len(value)
            if size > MAX_BYTES:  # a page this size is a dump or a blob, and would exhaust memory
                field = named.get(key, key)
                raise InputError(where, f"the record's {field!r} field is too large ({size / 1e6:.1f} MB; "
                                 f"the limit is {MAX_BYTES / 1e6:.0f} MB)")  # fmt: skip
    has_text = isinstance(record.get("text"), str) and record["text"].strip()
    if isinstance(record.get("html"), str) and record["html"].strip():
        if not has_text:
            return from_html(record["html"], where, url=url, **meta)
        meta = _page_meta(record["html"], where, url, meta)
    if has_text:
        if cut := _SNIPPET_END.search(record["text"][-60:]):  # NewsAPI's 'content': the first 200 characters
            raise InputError(where, f"the record's {named.get('text', 'text')!r} is a snippet cut short "
                             f"({cut.group().strip()!r} ends it), not the article")  # fmt: skip
        article = from_text(record["text"], where, url=url, **meta)
        if isinstance(record.get("html"), str):  # read by its text, credited by its page's canonical link
            article.dropped_chrome += canonical_chrome(record["html"], url, meta.get("site"))
        return article
    binary = next((k for k in ("html", "text") if isinstance(record.get(k), bytes | bytearray)), None)
    if binary:
        field = named.get(binary, binary)
        raise InputError(where, f"the record's {field!r} field holds bytes that are not UTF-8 text")
    for key in ("html", "text"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            kind = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "an object"}
            raise InputError(where, f"the record's {named.get(key, key)!r} field must be text, "
                             f"not {kind.get(type(value), 'a value')}")  # fmt: skip
    texts = {*RECORD_FIELDS["text"], *RECORD_FIELDS["html"]}
    lists = [k for k, v in record.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
             and any(texts & x.keys() for x in v)]  # fmt: skip
    if lists:  # an API's answer holding its articles ('{"status": "ok", "articles": [...]}'), not authors
        raise InputError(where, f"an object holding records in its {lists[0]!r} field, not one: give those "
                         f"(jq -c '.{lists[0]}[]')")  # fmt: skip
    # a Parquet row has every column; a text of spaces alone holds no value either (a batch review)
    given = [k for k, v in original.items() if v is not None and not (isinstance(v, str) and not v.strip())]
    fields = ", ".join(repr(str(k)) for k in given[:12]) + (", ..." if len(given) > 12 else "") or "none"
    if body := {f: n for f, n in named_fields().items() if f in ("text", "html")}:
        said = " or ".join(f"{n!r} (--field {f}={n})" for f, n in body.items())
        raise InputError(where, f"record has no non-empty {said}; its fields with a value: {fields}")
    raise InputError(where, f"record has no non-empty 'text' or 'html' field, nor one named as other dumps name "
                     f"them ('maintext', 'content', 'body', ...; --field text=NAME reads another); its fields "
                     f"with a value: {fields}")  # fmt: skip


def _page_meta(html: str, where: str, url: str | None, meta: dict[str, Any]) -> dict[str, Any]:
    """`meta` completed from a record's page (title, byline, date, site) where the record gives none:
    a dump holding both its extracted `text` and the raw `html` is read by its text, the producer's
    own extraction, and a page with no article in it loses nothing."""
    if all(meta.get(k) for k in ("title", "byline", "published", "site")):
        return meta
    try:
        page = from_html(html, where, url=url)
    except InputError:
        return meta
    found = {"title": page.title, "byline": page.byline, "published": page.published, "site": page.site}
    return {k: v if v or k not in found else found[k] for k, v in meta.items()}


def _record_date(value: str, given: Any, where: str, field: str) -> str:
    """A record's date as stored (`publication_date`); `field` the name the record gives it under.

    Raises:
        InputError: no date wiretrace reads, or one after today: read as undated, the record's link
            to a dated copy of it would run from that copy, so it is refused rather than guessed.
    """
    try:
        return publication_date(value)
    except ValueError as why:
        raise InputError(where, f"the record's {field!r} {why}: {given!r}") from None


#: A dump's placeholders for no date: read as none given.
_NO_DATE = frozenset({"", "none", "null", "nan", "nat", "n/a", "na", "-", "unknown", "undated"})
#: A Unix time in seconds or milliseconds written as text ('1456833600'), as some dumps write it.
_EPOCH_TEXT = re.compile(r"\d{10}|\d{13}")


def epoch_date(value: Any) -> str | None:
    """A record's date given as a Unix time, in seconds or milliseconds (a number, as JSON dumps and
    Parquet integer columns hold them), in UTC; None for anything else. A number of 10^11 or more
    is milliseconds: in seconds it would be after the year 5000. Eight digits that make a day are
    that day (20260312), and a number under 10^8 (before 1973) is no date."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if isinstance(value, int) and 10_000_000 <= value <= 99_999_999:
        try:
            return dt.datetime.strptime(str(value), "%Y%m%d").date().isoformat()
        except ValueError:
            return None
    if abs(value) < 1e8:
        return None
    seconds = value / 1000 if abs(value) >= 1e11 else value
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def record_site(record: dict[str, Any]) -> str | None:
    """The site a record names (`site`, or another name of `RECORD_FIELDS`), as text: a publisher
    given as an object ('{"@type": "Organization", "name": "Example News"}', as schema.org and
    NewsAPI write one) by its name, a host ('www.bbc.co.uk') as an address's host names its site
    ('bbc.co.uk'); None when it names none (its address's host stands in then)."""
    return _named_site(*known_fields(record))


def _named_site(known: dict[str, Any], named: dict[str, str]) -> str | None:
    """`record_site` of a record's `known_fields`."""
    site = _meta_text(known.get("site"))
    if site and named.get("site") in _HOST_NAMES:
        site = site.lower().removeprefix("www.")
    return site


def _meta_text(value: Any) -> str | None:
    """A record's metadata value as text: a list of names joined ('A. Writer, B. Writer', not its
    Python form), a person or outlet given as an object (schema.org's `{"@type": "Person", "name":
    ...}`) by its name, blank as none (an empty Parquet title hid the headline the text opens with)."""
    if isinstance(value, dict):
        value = value.get("name") if isinstance(value.get("name"), str) else None
    if isinstance(value, list | tuple):
        names = (v.get("name") if isinstance(v, dict) else v for v in value)
        value = ", ".join(str(v) for v in names if v is not None and str(v).strip())
    text = str(value).strip() if value is not None else ""
    return text or None


def record_id(value: Any, where: str, name: str = "id") -> str | None:
    """A record's `id` as the index keeps it: text as given, a number in its shortest form (7.0
    is '7', as a Parquet float column gives it; a Parquet decimal likewise), None when absent,
    blank or no finite number (NaN is a float column's missing value; the `url`, else the record's
    place, names the article then).

    Raises:
        InputError: true or false, a list or an object: no id a dump would join on.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | complex) or not isinstance(value, numbers.Number):  # Parquet decimals are numbers
        kind = "true or false" if isinstance(value, bool) else "a list" if isinstance(value, list) else "an object"
        raise InputError(where, f"the record's {name!r} must be text or a number, not {kind}")
    if isinstance(value, int):
        return str(value)
    number: Any = value
    if not math.isfinite(number):  # NaN: a missing value in a float column, no id
        return None
    return str(int(number)) if number == int(number) else str(number)
