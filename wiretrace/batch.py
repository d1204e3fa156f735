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
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from wiretrace.compare import compare
from wiretrace.embed import Embedder, load
from wiretrace.errors import InputError, WiretraceError, json_problem
from wiretrace.ingest import read_path, read_string, record_id
from wiretrace.model import Article
from wiretrace.parallel import can_fork, default_workers
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
        try:
            return read_string(record[side], f"{where} {side}")
        except InputError as exc:  # worded as every other bad pair: 'pairs.jsonl:4 (id p4): source: empty input'
            raise InputError(where, f"{side}: {exc.reason}") from exc
    path = record.get(f"{side}_path")
    if isinstance(path, str):
        p = Path(path)
        if base is not None and not p.is_absolute():
            p = base / p
        try:
            return read_path(p)
        except InputError as exc:  # named by the pairs file's line and id too, like every other bad pair
            raise InputError(where, f"{side}_path {exc}") from exc
    for key in (side, f"{side}_path"):
        if record.get(key) is not None:
            kind = type(record[key]).__name__.replace("dict", "an object").replace("list", "a list")
            raise InputError(where, f"'{key}' must be a string (text, HTML or a path), not {kind}")
    raise InputError(where, f"no '{side}' text, '{side}_path' or '{side}_id' field")


def indexed_articles(line: str, lookup: Lookup | None, no_index: str = _NO_INDEX) -> Indexed:
    """The indexed articles the pair on `line` names by `source_id` / `target_id`, each found
    with `lookup` (None: no index, `no_index` says why), or the reason it was not; {} for a line
    naming none or not JSON (`compare_record` reports that)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
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
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"invalid JSON ({json_problem(exc)})") from exc
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


def _work(item: tuple[str, str, Path | None, Indexed]) -> tuple[bool, str]:
    line, where, base, indexed = item
    result = compare_record(line, where, base, indexed=indexed)
    return "error" in result, json.dumps(result, ensure_ascii=False)


def run_pairs(
    lines: Iterable[str],
    where: str,
    model: str = "wordllama",
    workers: int | None = None,
    base: Path | None = None,
    lookup: Lookup | None = None,
    no_index: str = _NO_INDEX,
) -> Iterator[tuple[bool, str]]:
    """Yield `(is_error, output JSON line)` per non-blank input line, in input order; `lookup`
    finds the indexed articles pairs name by id (`Index.article`; None: `no_index` says why not)."""
    global _EMBEDDER
    _EMBEDDER = load(model)
    items = (
        (line, f"{where}:{n}", base, indexed_articles(line, lookup, no_index) if "_id" in line else {})
        for n, line in enumerate(lines, 1)
        if line.strip()
    )
    workers = workers or default_workers()
    if workers <= 1 or not can_fork():
        yield from map(_work, items)
        return
    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_work, items, chunksize=4)
