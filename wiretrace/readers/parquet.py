"""Parquet dumps: one article a row, read in batches and only the columns its records use (pyarrow, when needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wiretrace.ingest import MAX_BYTES
from wiretrace.readers.base import Item, Rejected
from wiretrace.readers.records import record_item
from wiretrace.readers.tables import (
    _TEXT_COLUMNS,
    _is_id_column,
    _no_text_column,
    _unnamed_columns,
    record_columns,
    text_columns,
)

_PARQUET_BATCH = 512


def _read_parquet(path: Path) -> Iterator[Item]:
    """One article per Parquet row (JSON Lines columns), read in batches so big files stay out of memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    where = str(path)
    row = 0
    try:
        parquet = pq.ParquetFile(path)
        columns = record_columns(parquet.schema_arrow.names)
        if not set(columns) & (texts := text_columns()):
            problem = ("Parquet file has no 'text' or 'html' column (nor one named as other dumps name them: "
                       "'maintext', 'content', 'body', ...; --field text=NAME reads another)")  # fmt: skip
            yield Rejected(where, _no_text_column("Parquet file has") if texts != _TEXT_COLUMNS else problem)
            return
        if missing := _unnamed_columns(parquet.schema_arrow.names):
            yield Rejected(where, f"Parquet file has {missing}")
            return
        for group in range(parquet.num_row_groups):
            rows = parquet.metadata.row_group(group).num_rows
            if oversized := _oversized_group(parquet.metadata.row_group(group), columns):
                yield Rejected(f"{path}#rows-{row + 1}-{row + rows}", oversized)
                row += rows
                continue
            for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH, row_groups=[group], columns=columns):
                for record in _parquet_rows(batch):
                    row += 1
                    if isinstance(record, str):
                        yield Rejected(f"{path}#row-{row}", record)
                    else:
                        yield record_item({k: _parquet_value(k, v) for k, v in record.items()}, f"{path}#row-{row}")
        if not row:
            yield Rejected(where, "empty Parquet file: no rows")
    # ArrowInvalid: not Parquet or a damaged page; OSError: I/O; UnicodeDecodeError: a damaged string column
    # read whole (pyarrow does not validate UTF-8 on read, to_pylist does; `_parquet_rows` names the row).
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        yield Rejected(where, f"unreadable Parquet after {row} rows: {exc}")


def _parquet_rows(batch: Any) -> Iterator[dict[str, Any] | str]:
    """The rows of a Parquet record batch as dicts; a row holding a cell Python cannot hold (a date
    or timestamp past year 9999, a string that is not UTF-8) as why, alone: one such cell had
    refused the whole file."""
    try:
        yield from batch.to_pylist()
        return
    except (OverflowError, ValueError):
        pass
    for n in range(batch.num_rows):
        record: dict[str, Any] = {}
        for name, column in zip(batch.schema.names, batch.columns):
            try:
                record[name] = column[n].as_py()
            except UnicodeDecodeError as exc:  # pyarrow does not check UTF-8 on reading; as_py does
                yield f"its '{name}' value is not UTF-8 ({exc.reason} at byte {exc.start})"
                break
            except (OverflowError, ValueError):
                yield f"its '{name}' value is out of the range of dates Python reads (years 1 to 9999)"
                break
        else:
            yield record


def _oversized_group(group: Any, columns: list[str]) -> str | None:
    """Why a Parquet row group is not read, from its metadata alone: a text or html column holding
    more than `MAX_BYTES` a row once decompressed. A file of 33 KB holding two cells of 1 GB was
    refused only after it took 7 GB of memory to decompress."""
    names = {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}
    texts = text_columns()
    for name in columns:
        chunk = names.get(name) if name in texts else None
        if chunk is not None and chunk.total_uncompressed_size > max(group.num_rows, 1) * MAX_BYTES:
            return (f"its '{name}' column holds {chunk.total_uncompressed_size / 1e6:.0f} MB for {group.num_rows} "
                    f"rows once decompressed, over {MAX_BYTES / 1e6:.0f} MB a row: not read")  # fmt: skip
    return None


def _parquet_value(column: str, value: Any) -> Any:
    """A Parquet cell as a JSON Lines record has it: dates and timestamps as ISO text, UTF-8
    bytes (a `binary` text column, as some writers make) as text, and a whole-number float id
    (pandas writes nullable integers as floats) as its integer ('7', not '7.0'). A timestamp at
    midnight exactly is the day it opens: pandas and most writers store a date column so, and
    read as a time it would outrank the same day given as text ('the copy stating its date more
    precisely'). Not a midnight with a zone other than UTC's: that is a moment ('2026-12-04 00:00
    +09:00' is 15:00 UTC on the 3rd), not the day it opens in Tokyo."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and not value.utcoffset():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value  # refused by the record reader, which names the field
    if _is_id_column(column) and isinstance(value, float) and value.is_integer():
        return int(value)
    return value
