"""What every reader shares: the items they yield (`Article`, `Rejected`, `Skipped`) and the size limits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiretrace.errors import InputError
from wiretrace.ingest import MAX_BYTES
from wiretrace.model import Article

#: A JSON Lines record longer than this is refused without parsing (its text would be over `MAX_BYTES`;
#: JSON escapes can double a text's length).
MAX_RECORD_BYTES = 2 * MAX_BYTES
#: Feeds are parsed whole by feedparser, so they get a size limit like single articles (but larger).
MAX_FEED_BYTES = 64 * 1024 * 1024
#: How an HTML page opens: a server's page saved under its script's name (`files`), a WARC
#: response without a Content-Type (`warc`).
_HTML_HEAD = re.compile(rb"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class Rejected:
    """An input or record that yielded no article: where it is and why, to count and report."""

    where: str  # path, `path:N` (JSONL line), `path#id` (feed entry, Parquet row) or `path@offset uri` (WARC)
    reason: str


@dataclass(slots=True, frozen=True)
class Skipped:
    """Records of a crawl archive that hold no article by design (requests, metadata, revisits,
    images, redirects), and a dump's blank lines: counted, one item per file and kind, so a run can
    say where the rest of a WARC went. Not an error: such records are the bulk of any crawl."""

    where: str  # the WARC file, or the JSON Lines file
    kind: str  # `_skipped_kind`: 'request', 'revisit', 'non-HTML response', 'response status 404', ...
    records: int


#: What the readers yield: an extracted article, the reason an input or record gave none, or a
#: count of a crawl's records that are not articles.
Item = Article | Rejected | Skipped


def _rejected(exc: InputError) -> Rejected:
    return Rejected(exc.where, exc.reason)
