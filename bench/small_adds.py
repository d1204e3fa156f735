"""Cost of many small `Index.add_articles` calls on one open index (a wire desk's or a worker's
adds of a few articles at a time), against the same articles added in one call.

Builds an index of the first `--base` Reuters-21578 wires in one call, then adds the next
`--calls` x `--per-call` wires a few at a time on the same open `Index`, timing each call's
process CPU (this machine is shared: CPU varies less than wall time). Prints the median of
the first and the last 100 calls and the band files' sizes, then the same articles added in one
call to a fresh copy of the base index, per article.

Run: .venv/bin/python bench/small_adds.py [../shared/datasets] [--base 5000] [--calls 600] [--per-call 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from wiretrace.engines.bands import BAND_FILE, RECENT_FILE
from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl
from wiretrace.readers import record_item


def _items(rows: list[dict]) -> list:
    return [record_item({"id": r["id"], "title": r.get("title"), "text": r["text"]}, r["id"]) for r in rows]


def _size(directory: Path, name: str) -> str:
    path = directory / name
    return f"{path.stat().st_size / 1e6:.1f} MB" if path.exists() else "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--base", type=int, default=5000, help="Wires indexed in one call first.")
    parser.add_argument("--calls", type=int, default=600, help="Small adds after the base.")
    parser.add_argument("--per-call", type=int, default=3, help="Wires in each small add.")
    args = parser.parse_args()
    rows = read_jsonl(args.datasets / "reuters21578" / "articles.jsonl")
    base, rest = rows[: args.base], rows[args.base : args.base + args.calls * args.per_call]
    work = Path(tempfile.mkdtemp(prefix="wiretrace-small-adds-"))
    with Index(work / "base", read_ahead=False) as index:
        index.add_articles(_items(base))
    shutil.copytree(work / "base", work / "one-call")

    cpu_ms: list[float] = []
    with Index(work / "base", read_ahead=False) as index:
        for start in range(0, len(rest), args.per_call):
            items = _items(rest[start : start + args.per_call])
            began = time.process_time()
            index.add_articles(items)
            cpu_ms.append((time.process_time() - began) * 1000)
    first, last = statistics.median(cpu_ms[:100]), statistics.median(cpu_ms[-100:])
    print(f"{len(cpu_ms)} adds of {args.per_call} wires on an index of {args.base}: CPU a call, median of the "
          f"first 100 {first:.1f} ms, of the last 100 {last:.1f} ms ({last / first:.2f}x); "
          f"{sum(cpu_ms) / len(rest):.1f} ms an article in all")  # fmt: skip
    print(f"band files after: {BAND_FILE} {_size(work / 'base', BAND_FILE)}, "
          f"{RECENT_FILE} {_size(work / 'base', RECENT_FILE)}")  # fmt: skip

    with Index(work / "one-call", read_ahead=False) as index:
        items = _items(rest)
        began = time.process_time()
        index.add_articles(items)
        one = (time.process_time() - began) * 1000
    print(f"the same {len(rest)} wires in one call: {one / len(rest):.1f} ms an article "
          f"(small adds / one call: {sum(cpu_ms) / one:.2f}x)")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
