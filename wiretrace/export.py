"""Export an index as tables (articles, verified links, story members) in JSON lines, Parquet or CSV.

The file is written beside its destination and renamed into place, so a failed export never
leaves a half-written file where a good one was.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import pyarrow as pa

from wiretrace import cluster
from wiretrace.credit import columns as credit_columns
from wiretrace.embed import model_label
from wiretrace.errors import ConfigError, InputError
from wiretrace.schema import link_dict, made_by
from wiretrace.sites import UNKNOWN_SITE, site_of

if TYPE_CHECKING:
    from wiretrace.engines.local import Index

WHAT = ("articles", "links", "stories")
FORMATS = ("jsonl", "parquet", "csv")

#: Every indexed id: the texts, then the identical copies stored under their own id and metadata
#: (`copy_of` names the id holding their text), so the three exports join on ids.
_ARTICLES = """
SELECT id, title, byline, published, site, url, content_hash, NULL::VARCHAR AS copy_of, text FROM articles
UNION ALL
SELECT a.id, a.title, a.byline, a.published, a.site, a.url, c.content_hash, a.canonical, c.text
FROM aliases a JOIN articles c ON c.id = a.canonical
ORDER BY id
"""
#: What the links export says of each end of a link (`source_site`, ..., `target_title`): a
#: licence desk's table needs no join with the articles export to show who copied what, when.
_ENDS = ("site", "published", "url", "title")
#: Column types of the exported links and story members: fixed, so a column every row leaves
#: empty (`via` in an index of direct copies) is still a string column in Parquet.
#: The columns every row fills are marked required (not null) in Parquet, as the batch tables' are.
_LINKS = pa.schema([pa.field(c, pa.string(), nullable=False) for c in ("source", "target", "relation")]
                   + [pa.field("score", pa.float64(), nullable=False)]
                   + [(c, pa.float64()) for c in ("source_coverage", "target_coverage")]
                   + [("reason", pa.string()), ("credited", pa.bool_())]
                   + [(c, pa.string()) for c in ("credit_where", "credit_passage", "credits_instead")]
                   + [pa.field("against_content", pa.bool_(), nullable=False)]
                   + [(f"{end}_{c}", pa.string()) for end in ("source", "target") for c in _ENDS])  # fmt: skip
_STORIES = pa.schema([pa.field(c, pa.string(), nullable=False) for c in ("story", "origin")]
                     + [("origin_reason", pa.string())]
                     + [pa.field(c, pa.string(), nullable=False) for c in ("member", "relation")]
                     + [("score", pa.float64()), ("coverage", pa.float64())]
                     + [(c, pa.string()) for c in ("via", "source_of", "published", "site", "title")])  # fmt: skip
#: The articles export's required columns.
_ARTICLE_KEYS = ("id", "content_hash", "text")


def table(index: Index, what: str, drop: str | None = None) -> pa.Table:
    """The rows to export as an Arrow table: `articles`, `links` or `stories` (one row per member),
    with what made them in the schema's metadata (`wiretrace.made_by`, which Parquet keeps).
    `drop` (articles only): leave out the derived articles of that level (`cluster.redundant`), for
    a de-duplicated corpus, which says so in its metadata (`drop`: the level and the rows left out)."""
    if drop is not None and what != "articles":
        raise ConfigError(f"only the articles export leaves derived articles out, not the {what} export")
    rows = _rows(index, what)
    stamps = index.store.stamps()
    made = {**made_by(stamps.get("model") or model_label(index.model)), "index": stamps}
    if drop is not None:
        left_out = cluster.redundant(index.verified_links(), (s.origin for s in index.stories()), drop)
        whole = rows.num_rows
        rows = rows.filter(pa.array([i not in left_out for i in rows.column("id").to_pylist()], pa.bool_()))
        made["drop"] = {"level": drop, "left_out": whole - rows.num_rows}
    return rows.replace_schema_metadata({**(rows.schema.metadata or {}), MADE_BY_KEY: json.dumps(made)})


#: The schema metadata key of an export's `made_by` object (`schema.made_by`, and the index's `meta` rows).
MADE_BY_KEY = b"wiretrace.made_by"


def _rows(index: Index, what: str) -> pa.Table:
    """The rows of `table`, without its metadata."""
    if what == "articles":
        rows = _copies_held_first(_named_sites(index.store.arrow(_ARTICLES)), index.copy_holders()[0])
        required = [f.with_nullable(f.name not in _ARTICLE_KEYS) for f in rows.schema]
        return rows.cast(pa.schema(required))
    if what == "links":
        links = index.links()
        meta = index.store.meta(sorted({x for lk in links for x in (lk.source, lk.target)}))
        rows = [
            {**link_dict(lk), "against_content": cluster.dated_against_content(lk.reason), **credit_columns(c),
             **_end(meta, lk.source, "source"), **_end(meta, lk.target, "target")}
            for lk, c in zip(links, index.credits(links))
        ]
        return pa.Table.from_pylist(rows, schema=_LINKS)
    if what == "stories":
        rows = [
            {"story": s.id, "origin": s.origin, "origin_reason": s.reason, "member": m.id, "relation": m.relation,
             "score": round(m.score, 4), "coverage": round(m.coverage, 4), "via": m.via, "source_of": m.source_of,
             "published": m.published,
             "site": m.site, "title": m.title}
            for s in index.stories() for m in s.members
        ]  # fmt: skip
        return pa.Table.from_pylist(rows, schema=_STORIES)
    raise ConfigError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")


def _end(meta: dict[str, dict[str, Any]], article_id: str, end: str) -> dict[str, Any]:
    """The links export's columns of one end of a link (`_ENDS`), its site as `_named_site` names it."""
    row = meta.get(article_id) or {}
    values = {"site": _named_site(row.get("site"), row.get("url")), **{c: row.get(c) for c in _ENDS[1:]}}
    return {f"{end}_{c}": values[c] for c in _ENDS}


def _copies_held_first(articles: pa.Table, first: dict[str, str]) -> pa.Table:
    """`copy_of` as the links read it: of identical copies, the one that published the text first
    (`Index.copy_holders`) holds it, though the text is stored under another copy's id."""
    if not first:
        return articles
    ids = articles.column("id").to_pylist()
    held = [first.get(c or i, c) for i, c in zip(ids, articles.column("copy_of").to_pylist())]
    held = [None if h == i else h for i, h in zip(ids, held)]
    return articles.set_column(articles.schema.get_field_index("copy_of"), "copy_of", pa.array(held, pa.string()))


def _named_sites(articles: pa.Table) -> pa.Table:
    """`site` as the stories and sites exports name it (`sites.site_of`: the record's, else its
    URL's host without `www.`; null when neither says), so the tables join on it too."""
    sites, urls = articles.column("site").to_pylist(), articles.column("url").to_pylist()
    named = [_named_site(site, url) for site, url in zip(sites, urls)]
    return articles.set_column(articles.schema.get_field_index("site"), "site", pa.array(named, pa.string()))


def _named_site(site: str | None, url: str | None) -> str | None:
    """An article's site as the exports name it (`sites.site_of`), null when neither says."""
    name = site_of(site, url)
    return None if name == UNKNOWN_SITE else name


#: The format a file name asks for (`format_for`).
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".csv": "csv"}
STDOUT = "-"


def format_for(path: str | Path, fmt: str | None) -> str:
    """The format to write `path` in: `fmt` when given, else the one its suffix names (JSON lines
    for a name without a suffix and for standard output). A `fmt` the suffix contradicts is an
    error, and so is a suffix naming no format without `fmt`: a `.parquet` or `.xlsx` file
    holding JSON lines is a trap."""
    name = Path(path)
    zipped = str(path) != STDOUT and name.suffix.lower() == ".gz"
    suffix = "" if str(path) == STDOUT else (name.with_suffix("") if zipped else name).suffix.lower()
    named = _SUFFIXES.get(suffix)
    if fmt is not None and named is not None and fmt != named:
        raise InputError(str(path), f"the name says {named} but --format says {fmt}")
    if fmt is None and any(c.isalpha() for c in suffix) and named is None:  # '.2024-05-01' names a day, no format
        raise InputError(str(path), f"{suffix} is not a format wiretrace writes: name the file .jsonl, .parquet "
                                    "or .csv, or give --format")  # fmt: skip
    chosen = fmt or named or "jsonl"
    if zipped and chosen == "parquet":
        raise InputError(str(path), "Parquet compresses its own columns: name the file .parquet, not .gz")
    return chosen


def write_table(index: Index, what: str, fmt: str, path: str | Path, drop: str | None = None) -> int:
    """Write `what` to `path` in `fmt` (jsonl, parquet or csv), or to standard output when `path`
    is '-' (`drop`: as `table`); returns the number of rows."""
    if fmt not in FORMATS:
        raise ConfigError(f"cannot write {fmt!r}: choose one of {', '.join(FORMATS)}")
    data = table(index, what, drop)
    if str(path) == STDOUT:
        _write(data, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return data.num_rows
    named = Path(path)
    zipped = named.name[: -len(".gz")] if named.suffix.lower() == ".gz" else None
    try:
        with written_in_place(named) as fh:
            _write(data, fmt, fh, zipped)
    except OSError as exc:
        raise InputError(str(named), f"cannot write ({exc.strerror or exc})") from None
    return data.num_rows


@contextlib.contextmanager
def written_in_place(named: Path, keep_partial: bool = False) -> Iterator[BinaryIO]:
    """A binary file to write `named` by: written beside it and renamed into place when the block
    ends, so a failed or stopped write never leaves half a file under the name (nor empties it
    first). A symlink is written through, never over; a device or pipe (/dev/stdout) is written to
    directly. `keep_partial`: what was written before a failure stays as '.NAME.partial' beside it."""
    path = named.resolve() if named.is_symlink() else named
    if path.exists() and not path.is_file():
        with path.open("wb") as fh:
            yield fh
        return
    partial = path.with_name(f".{path.name}.partial")
    done = False
    try:
        with partial.open("wb") as fh:
            yield fh
        os.replace(partial, path)
        done = True
    finally:
        if not done and not keep_partial:
            partial.unlink(missing_ok=True)


def table_bytes(index: Index, what: str, fmt: str, drop: str | None = None) -> tuple[bytes, int]:
    """`what` in `fmt` as one byte string and its number of rows: the export one HTTP answer carries,
    read in one go, so rows added meanwhile are all in it or all out of it (`drop`: as `table`)."""
    if fmt not in FORMATS:
        raise ConfigError(f"cannot write {fmt!r}: choose one of {', '.join(FORMATS)}")
    data = table(index, what, drop)
    sink = io.BytesIO()
    _write(data, fmt, sink)
    return sink.getvalue(), data.num_rows


#: The media type of each export format.
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


#: What a spreadsheet reads as a formula at the start of a cell ('=HYPERLINK(...)' in a scraped title),
#: and a cell opening with apostrophes before one ("'@home"): marked too, so that `index add`, which
#: reads one apostrophe before a formula as the mark, reads every cell back as it was.
_FORMULA_START = r"^'*[=+\-@\t\r]"


def _inert_cells(data: pa.Table) -> pa.Table:
    """`data` with every text cell a spreadsheet would run as a formula opened by an apostrophe,
    as spreadsheets themselves mark text: titles and texts come from the web, and a hostile page's
    title must not run in the reader's spreadsheet."""
    import pyarrow.compute as pc

    columns = []
    for column in data.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            formula = pc.fill_null(pc.match_substring_regex(column, _FORMULA_START), False)
            column = pc.if_else(formula, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.table(columns, names=data.column_names)


def _write(data: pa.Table, fmt: str, sink: BinaryIO, zipped: str | None = None) -> None:
    """Write `data` to `sink` in `fmt`; gzipped when `zipped` names the file inside (a `.jsonl.gz`
    or `.csv.gz` name less `.gz`: the name `gunzip -N` restores, not the temporary file's)."""
    if zipped:
        with gzip.GzipFile(filename=zipped, fileobj=sink, mode="wb") as inner:
            _write(data, fmt, cast(BinaryIO, inner))
        return
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(data, sink)
    elif fmt == "csv":
        import pyarrow.csv as pacsv

        pacsv.write_csv(_inert_cells(data), sink)
    else:
        for row in data.to_pylist():
            sink.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
