"""CSV and TSV tables: one article a row, the header naming the fields as a JSON Lines record's."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import logging
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from wiretrace.ingest import MAX_BYTES, RECORD_FIELDS, named_fields
from wiretrace.readers.base import Item, Rejected
from wiretrace.readers.records import record_item
from wiretrace.table_rows import table_records

log = logging.getLogger(__name__)

#: Delimited tables: one article a row, its header naming the fields (`_read_table`).
_TABLES = (".csv", ".tsv")
#: The columns a table's header may name its articles' text by (`ingest.RECORD_FIELDS`).
_TEXT_COLUMNS = frozenset({*RECORD_FIELDS["text"], *RECORD_FIELDS["html"]})


def record_columns(names: Sequence[str]) -> list[str]:
    """The columns of a table its records are read from (`ingest.RECORD_FIELDS`): `id`, and for each
    field the first of its names the table has, our `text` and `html` alone when it has either.
    The others are not read (a Parquet column of 25 MB cells a dump keeps beside `text` is never
    decompressed), so a blank cell of the column chosen is a field not given, whatever another holds.
    A field named by the caller (`ingest.fields_named`) is read from that column alone."""
    have, given = set(names), named_fields()
    mapped_body = "text" in given or "html" in given
    ours = [c for c in ("html", "text") if c in have]
    chosen = [c for c in given.values() if c in have]
    if "id" not in given and "id" in have:
        chosen.insert(0, "id")
    for name, options in RECORD_FIELDS.items():
        body = name in ("text", "html")
        if name in given or (body and mapped_body):
            continue
        first = (name if name in have else None) if body and ours else next((c for c in options if c in have), None)
        if first and first not in chosen:
            chosen.append(first)
    return list(dict.fromkeys(chosen))


def text_columns() -> frozenset[str]:
    """The columns that may hold a table's article text: the caller's (`ingest.fields_named`), else
    the names dumps give it (`ingest.RECORD_FIELDS`)."""
    given = named_fields()
    if "text" in given or "html" in given:
        return frozenset(given[f] for f in ("text", "html") if f in given)
    return _TEXT_COLUMNS


def _is_id_column(column: str) -> bool:
    """Whether a table's or Parquet file's column is its records' id (`id`, or the caller's name for it)."""
    return column == named_fields().get("id", "id")


def _read_table(path: Path) -> Iterator[Item]:
    """One article per row of a CSV or TSV table (UTF-8, gzipped or not), its header naming the
    fields as a JSON Lines record's (`ingest.RECORD_FIELDS`, in any case: 'Text', 'ID'): 'All the
    News' and many published news sets are CSV, and `export --what articles --format csv` writes
    one. Rows are named `path#row-N`; a row with another number of cells than the header is
    rejected alone. A table that is not UTF-8, has no column of article text (a links export, a
    list of addresses) or names a field's column twice is refused whole, naming why, rather than
    read in part or as one article made of its cells. A stray quote opening a cell (not CSV quoting:
    '"Quoted" headline' written raw) is read as text and the rows it had swallowed as rows
    (`table_rows`); quoting it cannot read otherwise (a quoted cell left open at the end of the
    file, cut short) ends the reading there, naming the row."""
    where, row = str(path), 0
    if bad := _not_utf8(path):
        yield Rejected(where, bad)
        return
    csv.field_size_limit(_MAX_CELL)  # the module's default, 128 KB, is less than a long article
    try:
        with _table_lines(path) as fh:
            header = fh.readline()
            if not header.strip():
                yield Rejected(where, "empty table: no header row")
                return
            delimiter, columns = _header(path, header)
            if problem := _unread_columns(columns):
                yield Rejected(where, problem)
                return
            for read in table_records(fh, delimiter, len(columns)):
                if read.cells is None:
                    yield Rejected(f"{where}#row-{row + 1}", read.note)
                    break
                row += 1
                if len(read.cells) != len(columns):
                    stray = f"{read.note.partition(': read as')[0]}; read as text, the " if read.note else ""
                    yield Rejected(f"{where}#row-{row}", f"{stray}row has {len(read.cells)} cells where the "
                                   f"header names {len(columns)} columns (a cell's quotes or line breaks "
                                   "broken?)")  # fmt: skip
                    continue
                if read.note:
                    log.warning("%s#row-%d: %s", where, row, read.note)
                record = {k: _table_cell(k, v) for k, v in zip(columns, read.cells) if v}  # an empty cell: not given
                yield record_item(record, f"{where}#row-{row}")
        if not row:
            yield Rejected(where, "table has a header and no rows")
    except (OSError, EOFError) as exc:  # EOFError: a gzip stream cut short
        yield Rejected(where, f"cannot read the file after {row} rows ({getattr(exc, 'strerror', None) or exc})")


#: The largest table cell read, in characters: a cell up to it is read and, past `MAX_BYTES`,
#: rejected with its row alone; a larger one ends the table's reading, naming its row.
_MAX_CELL = 8 * MAX_BYTES
#: The names a table's header may give its columns, by their lower case ('Text', 'ID', 'PublishedAt').
_KNOWN_COLUMNS = {name.lower(): name for names in ({"id"}, *RECORD_FIELDS.values()) for name in names}


def _field_names(header: list[str]) -> list[str]:
    """A header's names, each known field's in the case `RECORD_FIELDS` spells it (the caller's
    names, `ingest.fields_named`, as they are spelled)."""
    mapped = set(named_fields().values())
    return [name if name in mapped else _KNOWN_COLUMNS.get(name.lower(), name) for name in header]


def _unread_columns(columns: list[str]) -> str | None:
    """Why a table's rows cannot be read as articles: no column of article text, or a known field's
    column named twice (which of the two would be read?)."""
    shown = ", ".join(repr(c) for c in columns[:12]) + (", ..." if len(columns) > 12 else "")
    if not text_columns() & set(columns):
        return _no_text_column("a table with", f"; its columns: {shown}")
    if missing := _unnamed_columns(columns):
        return f"a table with {missing}; its columns: {shown}"
    twice = sorted({c for c in record_columns(columns) if columns.count(c) > 1})
    if twice:
        return f"the header names {', '.join(map(repr, twice))} more than once: rename the column not to read"
    return None


def _unnamed_columns(columns: Sequence[str]) -> str | None:
    """The columns the caller named (`ingest.fields_named`) that a table or Parquet file lacks, as
    'no column ...' (a name mistyped would read every row without its field), None when it has them."""
    missing = [f"{name!r} (--field {field}={name})" for field, name in named_fields().items() if name not in columns]
    return f"no column {', '.join(missing)}" if missing else None


def _no_text_column(what: str, after: str = "") -> str:
    """Why a table or Parquet file is not read: no column of article text under the names it is read
    by, the caller's (`ingest.fields_named`) or else the known, with how to name another."""
    given = named_fields()
    if mapped := [f"{given[f]!r} (--field {f}={given[f]})" for f in ("text", "html") if f in given]:
        return f"{what} no column of article text ({' or '.join(mapped)}){after}"
    names = "'text', 'html', 'maintext', 'content', 'body', ..."
    return f"{what} no column of article text ({names}){after} (--field text=NAME reads another)"


def _table_cell(column: str, cell: str) -> str:
    """A cell as a record's field: one apostrophe before a formula taken off (`_unmarked`), and a
    whole-number id written as a float ('7.0': pandas writes an id column holding a blank so) as
    a Parquet float id is read, '7'."""
    cell = _unmarked(cell)
    return cell[: cell.index(".")] if _is_id_column(column) and _FLOAT_ID.match(cell) else cell


_FLOAT_ID = re.compile(r"-?\d+\.0+$")


def _not_utf8(path: Path) -> str | None:
    """Why a table is not read as UTF-8, naming the line of its first byte that is not (a
    spreadsheet's 'CSV' saved in its system's encoding); None when it is UTF-8 throughout. Read
    whole before any row, so that a table is refused whole, not indexed up to a line of its middle."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, offset = 1, 0
    try:
        with gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    at = exc.start
                    on_line = line + chunk.count(b"\n", 0, at)
                    return (f"not UTF-8 text: byte 0x{chunk[at]:02x} on line {on_line} (offset {offset + at}); "
                            "save the table as UTF-8")  # fmt: skip
                line += chunk.count(b"\n")
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "not UTF-8 text: it ends inside a character; save the table as UTF-8"
    except (OSError, EOFError):
        return None  # the reading names it
    return None


#: What a spreadsheet runs as a formula at a cell's start, which the export marks as text with an
#: apostrophe before it ('=HYPERLINK(...)', '-farm.example', and "'@home" as "''@home").
_FORMULA_CHARS = frozenset("=+-@\t\r")


def _unmarked(cell: str) -> str:
    """A cell as the export was given it: one apostrophe marking a formula as text taken off."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'")[:1] in _FORMULA_CHARS else cell


def _table_lines(path: Path) -> io.TextIOWrapper:
    """The table's text, a UTF-8 byte-order mark dropped, line ends left to `csv` (a quoted cell may hold them)."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _header(path: Path, header: str) -> tuple[str, list[str]]:
    """A table's separator and the names its header gives its columns (`_field_names`): a TSV's tab,
    else the mark that splits the header into names of the fields read (a quoted name may hold
    another: 'id;text;"keywords, a, b"'), else into the most names: ',' or ';' (as spreadsheets in
    many languages write CSV), or a tab."""
    marks = ("\t",) if Path(path.name.lower().removesuffix(".gz")).suffix == ".tsv" else (",", ";", "\t")
    read = [(mark, _field_names(_header_names(header, mark))) for mark in marks]
    texts = text_columns()
    return max(read, key=lambda split: (bool(texts & set(split[1])), len(split[1])))


def _header_names(header: str, delimiter: str) -> list[str]:
    """The column names of a header line, unquoted and trimmed."""
    csv.field_size_limit(_MAX_CELL)  # the module's limit is the process's: set before every reading
    return [name.strip() for name in next(csv.reader([header], delimiter=delimiter), [])]


def _table_of_articles(path: Path) -> bool:
    """Whether a table found in a folder or by a pattern names a column of article text; one that
    does not (a list of addresses, a links export, a binary file or one in another encoding named
    .csv) is skipped there, as files of other kinds are."""
    try:
        with _table_lines(path) as fh:
            header = fh.readline(_MAX_HEADER)
    except (UnicodeDecodeError, EOFError):
        return False
    except OSError:
        return True  # read, so that the reader names the file and why it cannot be read
    return bool(text_columns() & set(_header(path, header)[1]))


#: How much of a table's first line a folder walk reads for its header.
_MAX_HEADER = 1 << 20
