"""Batch comparison of many pairs from a JSON-lines file, on several cores.

Each input line is `{"id", "source", "target"}` (texts or HTML) or uses `source_path` /
`target_path`, or `source_id` / `target_id` for articles of an index. Each output line is the
`wiretrace.compare/1` object plus the `id`, or an error object `{"id", "error"}` for a bad pair;
the run continues past bad pairs. The model is loaded once in the parent; worker processes are
forked from it and share its weights. Indexed articles are looked up in the parent too: the
workers never open the index.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from wiretrace.compare import compare
from wiretrace.embed import Embedder, load
from wiretrace.errors import InputError, WiretraceError, json_problem, unreadable_json
from wiretrace.ingest import read_path, read_string, record_id
from wiretrace.model import Article
from wiretrace.parallel import bulk_work, can_fork, default_workers, worker_pool
from wiretrace.schema import comparison_dict

_EMBEDDER: Embedder | None = None


#: Looks up an indexed article by id (`Index.article`): None when the index has no such id.
Lookup = Callable[[str], Article | None]
#: The indexed articles one pair names, by side: the article, or why it could not be had.
Indexed = dict[str, Article | str]
_NO_INDEX = "no index to look it up in (give --index DIR)"


def _given(value: Any) -> bool:
    """Whether a pair's field is given: present, and not blank text."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def _side(record: dict[str, Any], side: str, where: str, base: Path | None, indexed: Indexed):
    given = [key for key in (side, f"{side}_path", f"{side}_id") if _given(record.get(key))]
    if len(given) > 1:
        raise InputError(where, f"give one of {', '.join(repr(k) for k in given)}, not both")
    if f"{side}_id" in given:
        found = indexed.get(side, _NO_INDEX)
        if isinstance(found, str):  # the id as the pairs file wrote it (JSON: 67890, true, "a b")
            raise InputError(where, f"{side}_id {json.dumps(record[f'{side}_id'], ensure_ascii=False)}: {found}")
        return found
    if isinstance(record.get(side), str):
        text = record[side].strip()
        if len(text) < 256 and " " not in text and "\n" not in text and _pair_path(text, base).is_file():
            raise InputError(where, f"{side}: {text!r} names a file: give it as '{side}_path' ('{side}' is the text)")
        try:
            return read_string(record[side], f"{where} {side}")
        except InputError as exc:  # worded as every other bad pair: 'pairs.jsonl:4 (id p4): source: empty input'
            raise InputError(where, f"{side}: {exc.reason}") from exc
    path = record.get(f"{side}_path")
    if isinstance(path, str) and _given(path):
        p = _pair_path(path, base)
        if p.exists() and not p.is_file() and not p.is_dir():  # a FIFO with no writer held every pair after it
            raise InputError(where, f"{side}_path {p}: not a regular file")
        try:
            return read_path(p)
        except InputError as exc:  # named by the pairs file's line and id too, like every other bad pair
            raise InputError(where, f"{side}_path {exc}") from exc
    for key in (side, f"{side}_path"):
        if record.get(key) is not None:
            kind = type(record[key]).__name__.replace("dict", "an object").replace("list", "a list")
            what = "a path" if key.endswith("_path") else "text or HTML"
            raise InputError(where, f"'{key}' must be a string ({what}), not {kind}")
    raise InputError(where, f"no '{side}' text, '{side}_path' or '{side}_id' field")


def indexed_articles(line: str, lookup: Lookup | None, no_index: str = _NO_INDEX) -> Indexed:
    """The indexed articles the pair on `line` names by `source_id` / `target_id`, each found
    with `lookup` (None: no index, `no_index` says why), or the reason it was not; {} for a line
    naming none or not JSON (`compare_record` reports that)."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # not JSON, or not readable (`compare_record` says which)
        return {}
    out: Indexed = {}
    for side in ("source", "target") if isinstance(record, dict) else ():
        name = record.get(f"{side}_id")
        if not _given(name):
            continue
        try:
            key = record_id(name, "")  # as `index add` keyed it: 67890 and 7.0 name '67890' and '7'
        except InputError:
            key = None
        if key is None:
            out[side] = "must be text or a number (an indexed article id)"
        elif lookup is None:
            out[side] = no_index
        else:
            out[side] = lookup(key) or "no such article id in the index"
    return out


def compare_record(
    line: str,
    where: str,
    base: Path | None = None,
    embedder: Embedder | None = None,
    indexed: Indexed | None = None,
) -> dict[str, Any]:
    """Compare the pair on one JSON line; a bad pair returns `{"id", "error"}` instead of raising.
    `indexed`: the articles it names by id (`indexed_articles`)."""
    record_id: Any = None
    try:
        try:  # a number no float holds ('1e400') or NaN stays as written: the output must be JSON too
            record = json.loads(line, parse_float=_finite, parse_constant=str)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"invalid JSON ({json_problem(exc)})") from exc
        except (RecursionError, ValueError) as exc:  # too deep, or a number of more digits than Python converts
            raise InputError(where, unreadable_json(exc)) from None
        if not isinstance(record, dict):
            raise InputError(where, "each line must be a JSON object")
        record_id = record.get("id")
        label = f"{where} (id {record_id})" if record_id is not None else where
        source = _side(record, "source", label, base, indexed or {})
        target = _side(record, "target", label, base, indexed or {})
        out = comparison_dict(compare(source, target, embedder or _EMBEDDER or load()))
        return {"id": record_id, **out}
    except WiretraceError as exc:
        return {"id": record_id, "error": str(exc)}


def pair_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of a pairs file or stream as they come (read one at a time: a pipe's pairs are
    compared as they arrive), without their line ends, a UTF-8 byte-order mark taken off the first."""
    for n, raw in enumerate(stream):
        yield (raw.removeprefix(b"\xef\xbb\xbf") if n == 0 else raw).rstrip(b"\r\n")


def named_paths(line: bytes | str, base: Path | None) -> set[Path]:
    """The files a pair line names (`source_path`, `target_path`), resolved as `_side` reads them:
    none of them may be the output written over."""
    if (isinstance(line, bytes) and b'_path"' not in line) or (isinstance(line, str) and '_path"' not in line):
        return set()
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # not JSON (nor UTF-8), or not readable
        return set()
    found = set()
    for key in ("source_path", "target_path"):
        value = record.get(key) if isinstance(record, dict) else None
        if _given(value) and isinstance(value, str):
            found.add(_pair_path(value, base).resolve())
    return found


def _pair_path(path: str, base: Path | None) -> Path:
    """A pair's `*_path` as it is read: relative to the pairs file's folder (`base`), if it has one."""
    return base / path if base is not None and not Path(path).is_absolute() else Path(path)


def _decoded(line: str | bytes) -> str | None:
    """A pair line as text; None for bytes that are not UTF-8 (that line's error, not the run's)."""
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _finite(text: str) -> float | str:
    """A JSON number as a float, or as written when no finite float holds it."""
    value = float(text)
    return value if math.isfinite(value) else text


def _work(item: tuple[str | None, str, Path | None, Indexed]) -> tuple[bool, str]:
    line, where, base, indexed = item
    if line is None:
        result: dict[str, Any] = {"id": None, "error": f"{where}: not UTF-8 text (a pairs file must be UTF-8)"}
    else:
        result = compare_record(line, where, base, indexed=indexed)
    return "error" in result, json.dumps(result, ensure_ascii=False)


def run_pairs(
    lines: Iterable[str | bytes],
    where: str,
    model: str = "wordllama",
    workers: int | None = None,
    base: Path | None = None,
    lookup: Lookup | None = None,
    no_index: str = _NO_INDEX,
) -> Iterator[tuple[bool, str]]:
    """Yield `(is_error, output JSON line)` per non-blank input line (text, or bytes read as UTF-8),
    in input order, as the lines come; `lookup`
    finds the indexed articles pairs name by id (`Index.article`; None: `no_index` says why not)."""
    global _EMBEDDER
    _EMBEDDER = load(model)
    items = (
        (text, f"{where}:{n}", base, indexed_articles(text, lookup, no_index) if text and "_id" in text else {})
        for n, text in ((n, _decoded(line)) for n, line in enumerate(lines, 1) if line.strip())
    )
    workers = workers or default_workers()
    with bulk_work():  # BLAS on one thread, as the workers forked inside inherit it
        if workers <= 1 or not can_fork():
            yield from map(_work, items)
            return
        with worker_pool(workers) as pool:
            yield from pool.imap(_work, items, chunksize=4)
