"""Collection readers: turn files, directories and globs into a stream of extracted articles.

One article file (text, HTML, JSON), JSON Lines (plain or gzip), Parquet, WARC/WET crawls and
RSS/Atom feeds. Each bad input or record becomes a `Rejected` with a place and a reason in the
stream, so one broken file never stops an `index add` run. The heavy readers (pyarrow, warcio,
feedparser) are imported only when a file of their kind turns up.

One module a role: `files` (folders, globs, and the reader each file takes), `stream` (standard
input), `records` (one document a file, JSON, JSON Lines), `tables` (CSV/TSV), `parquet`, `warc`
(WARC/WET) and `feeds` (RSS, Atom, JSON Feed), all yielding the items of `base`.

Example:
    >>> for item in read_all(["corpus/", "crawl/*.warc.gz"]):  # doctest: +SKIP
    ...     print(item.id if isinstance(item, Article) else item.where)
"""

from wiretrace.readers.base import MAX_FEED_BYTES, MAX_RECORD_BYTES, Item, Rejected, Skipped
from wiretrace.readers.feeds import entry_date, is_json_feed, json_feed_items
from wiretrace.readers.files import (
    OTHER_KIND,
    expand,
    other_kind,
    read_all,
    read_collection,
    warn_of_unread_names,
    with_field_names,
)
from wiretrace.readers.records import as_utf8, json_objects, record_item, record_items, wide_encoding
from wiretrace.readers.stream import MAX_SPOOL_BYTES, STDIN, read_stream
from wiretrace.readers.tables import record_columns, text_columns

__all__ = [
    "MAX_FEED_BYTES",
    "MAX_RECORD_BYTES",
    "MAX_SPOOL_BYTES",
    "OTHER_KIND",
    "STDIN",
    "Item",
    "Rejected",
    "Skipped",
    "as_utf8",
    "entry_date",
    "expand",
    "is_json_feed",
    "json_feed_items",
    "json_objects",
    "other_kind",
    "read_all",
    "read_collection",
    "read_stream",
    "record_columns",
    "record_item",
    "record_items",
    "text_columns",
    "warn_of_unread_names",
    "wide_encoding",
    "with_field_names",
]
