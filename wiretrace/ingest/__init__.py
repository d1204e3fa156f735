"""Ingest kernels: turn a file, bytes or a JSON record into an extracted `Article`.

Plain text (any common encoding, detected), HTML pages (trafilatura: title, byline, date,
site, body) and JSON objects with `text` or `html` fields. Every failure is an `InputError`
naming the input and the reason; nothing here writes anywhere.

One module per part of extraction: `inputs` (a file, bytes or a string, to its format's reader),
`sniff` (what kind of input), `plain` (decoding, plain text), `pages` (HTML pages, with `prune`,
`titles`, `links`, `json_ld`, `page_dates` and `non_articles`), `records` and `fields` (JSON
records and their field names), `article` (the `Article` every reader builds), `dates` (dates as
stored) and `limits`. The names below are the package's API, importable from `wiretrace.ingest`.
"""

from wiretrace.ingest.dates import future_date, normalize_date, publication_date
from wiretrace.ingest.fields import (
    MAPPABLE_FIELDS,
    RECORD_FIELDS,
    checked_fields,
    field_map,
    fields_named,
    known_fields,
    named_fields,
)
from wiretrace.ingest.inputs import gunzipped, path_id, read_bytes, read_capped, read_path, read_string
from wiretrace.ingest.json_ld import LIVE_UPDATE_MIN_WORDS, indexed_articles, live_update_articles
from wiretrace.ingest.limits import DETECT_BYTES, MAX_BYTES, MAX_SENTENCES, READING
from wiretrace.ingest.links import BASED_ON_CHROME, CANONICAL_CHROME, canonical_chrome
from wiretrace.ingest.non_articles import access_wall, link_list, teaser_list
from wiretrace.ingest.page_dates import labelled_date
from wiretrace.ingest.pages import from_html
from wiretrace.ingest.plain import decode, from_text
from wiretrace.ingest.prune import HIDDEN_WORDS
from wiretrace.ingest.records import MAX_META_CHARS, epoch_date, from_record, record_id, record_site
from wiretrace.ingest.sniff import (
    ARRAY_OPENING,
    CODE_MIN_BRACES,
    CODE_SHARE,
    CONTROL_MIN,
    CONTROL_SAMPLE,
    CONTROL_SHARE,
    FEED_SNIFF,
    MAX_PROLOG,
    SNIFF_BYTES,
    STRAY_NULS,
    binary_kind,
    collection_kind,
    json_lines,
    looks_like_code,
    prolog_end,
    refuse_binary,
    sniffed_head,
)
from wiretrace.ingest.titles import site_titled_text

__all__ = [
    "ARRAY_OPENING",
    "BASED_ON_CHROME",
    "CANONICAL_CHROME",
    "CODE_MIN_BRACES",
    "CODE_SHARE",
    "CONTROL_MIN",
    "CONTROL_SAMPLE",
    "CONTROL_SHARE",
    "DETECT_BYTES",
    "FEED_SNIFF",
    "HIDDEN_WORDS",
    "LIVE_UPDATE_MIN_WORDS",
    "MAPPABLE_FIELDS",
    "MAX_BYTES",
    "MAX_META_CHARS",
    "MAX_PROLOG",
    "MAX_SENTENCES",
    "READING",
    "RECORD_FIELDS",
    "SNIFF_BYTES",
    "STRAY_NULS",
    "access_wall",
    "binary_kind",
    "canonical_chrome",
    "checked_fields",
    "collection_kind",
    "decode",
    "epoch_date",
    "field_map",
    "fields_named",
    "from_html",
    "from_record",
    "from_text",
    "future_date",
    "gunzipped",
    "indexed_articles",
    "json_lines",
    "known_fields",
    "labelled_date",
    "link_list",
    "live_update_articles",
    "looks_like_code",
    "named_fields",
    "normalize_date",
    "path_id",
    "prolog_end",
    "publication_date",
    "read_bytes",
    "read_capped",
    "read_path",
    "read_string",
    "record_id",
    "record_site",
    "refuse_binary",
    "site_titled_text",
    "sniffed_head",
    "teaser_list",
]
