"""LSH band lookup at scale: a scan of the store's `bands` table, an ART index on it, and the
sorted, memory-mapped band file the index uses (`wiretrace.engines.bands`).

`query` looks up an article's 42 band keys in the `bands` table (42 rows per stored article).
Without an index that is a scan of the whole table, so its cost grows with the corpus. This
benchmark fills a `bands` table shaped like the store's (random 64-bit keys, ids like the
synthetic corpus's) for N articles in commits of 256 articles' rows at the end (the rest in
bulk), and measures, in the same run:
- lookup latency (p50/p95 over 200 lookups of 42 keys, half of them present) by scan,
  then with `CREATE INDEX ... (band_key)`, for each SQL form of the lookup;
- the cost of committing one batch's rows (256 articles) with and without the index;
- the process's resident memory and the file's size before and after the index, and in a
  fresh process that reopens the file and looks keys up;
- the same lookups by bisection in a sorted copy of the rows saved as one .npy file and
  memory-mapped (the layout of `bands.npy`), with its size.

Run: .venv/bin/python bench/band_lookup.py [--articles 1000000] [--work DIR]
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

BANDS = 42
CHUNK = 50_000  # articles per bulk insert while filling
BATCH = 256  # articles per commit, as `index add`

LOOKUPS = {
    "semi-join (the store before bands.npy)": (
        "SELECT band_key, article_id FROM bands WHERE band_key IN (SELECT unnest(?::UBIGINT[]))"
    ),
    "= ANY(list)": "SELECT band_key, article_id FROM bands WHERE band_key = ANY(?::UBIGINT[])",
}


def rss_mb() -> float:
    """Resident memory of this process now (not the peak)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * 4096 / 2**20


def rows(rng: np.random.Generator, first: int, count: int) -> pa.Table:
    keys = rng.integers(0, 2**63, size=count * BANDS, dtype=np.uint64)
    ids = [f"mix-10-{n:08d}" for n in range(first, first + count) for _ in range(BANDS)]
    return pa.table({"band_key": pa.array(keys, type=pa.uint64()), "article_id": ids})


def insert(con: Any, table: pa.Table) -> None:
    con.register("_rows", table)
    con.execute("INSERT INTO bands SELECT * FROM _rows")
    con.unregister("_rows")


def probes(con: Any, rng: np.random.Generator, n: int) -> list[list[int]]:
    """`n` lookups of 42 keys: 21 stored keys and 21 random ones (almost surely absent)."""
    stored = [int(k) for (k,) in con.execute(f"SELECT band_key FROM bands USING SAMPLE {n * 21} ROWS").fetchall()]
    out = []
    for i in range(n):
        present = stored[i * 21 : (i + 1) * 21]
        out.append(present + [int(k) for k in rng.integers(0, 2**63, size=21, dtype=np.uint64)])
    return out


def latency(con: Any, sql: str, lookups: list[list[int]]) -> dict[str, float]:
    con.execute(sql, [lookups[0]]).fetchall()  # warm
    times, found = [], 0
    for keys in lookups:
        start = time.perf_counter()
        found += len(con.execute(sql, [keys]).fetchall())
        times.append(1000 * (time.perf_counter() - start))
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "rows_found": found}  # fmt: skip


def commit_cost(con: Any, rng: np.random.Generator, first: int, repeats: int = 10) -> float:
    """Median ms to commit one batch's band rows (256 articles) in its own transaction."""
    times = []
    for r in range(repeats):
        table = rows(rng, first + r * BATCH, BATCH)
        start = time.perf_counter()
        con.execute("BEGIN TRANSACTION")
        insert(con, table)
        con.execute("COMMIT")
        times.append(1000 * (time.perf_counter() - start))
    return round(statistics.median(times), 2)


def reopen(db: Path, lookups_file: Path) -> None:
    """In a fresh process: memory after opening the file and after the lookups."""
    lookups = json.loads(lookups_file.read_text())
    before = rss_mb()
    con = duckdb.connect(str(db), read_only=True)
    opened = rss_mb()
    timing = latency(con, LOOKUPS["= ANY(list)"], lookups)
    print(json.dumps({"rss_start_mb": round(before), "rss_opened_mb": round(opened),
                      "rss_after_lookups_mb": round(rss_mb()), **timing}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--reopen", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reopen:
        reopen(*args.reopen)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="wiretrace-bands-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bands.duckdb"
    db.unlink(missing_ok=True)
    rng = np.random.default_rng(7)
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE bands (band_key UBIGINT NOT NULL, article_id VARCHAR NOT NULL)")
    start = time.perf_counter()
    for first in range(0, args.articles, CHUNK):
        insert(con, rows(rng, first, min(CHUNK, args.articles - first)))
    con.execute("CHECKPOINT")
    out: dict[str, Any] = {"articles": args.articles, "rows": args.articles * BANDS,
                           "fill_s": round(time.perf_counter() - start, 1)}  # fmt: skip
    lookups = probes(con, rng, 200)
    out["scan"] = {name: latency(con, sql, lookups) for name, sql in LOOKUPS.items()}
    out["commit_ms_scan"] = commit_cost(con, rng, args.articles)
    con.execute("CHECKPOINT")
    out["file_mb_scan"] = round(db.stat().st_size / 2**20)
    out["rss_mb_scan"] = round(rss_mb())
    start = time.perf_counter()
    con.execute("CREATE INDEX bands_key ON bands (band_key)")
    out["create_index_s"] = round(time.perf_counter() - start, 1)
    out["art"] = {name: latency(con, sql, lookups) for name, sql in LOOKUPS.items()}
    out["commit_ms_art"] = commit_cost(con, rng, args.articles + 10 * BATCH)
    con.execute("CHECKPOINT")
    out["file_mb_art"] = round(db.stat().st_size / 2**20)
    out["rss_mb_art"] = round(rss_mb())
    con.close()
    lookups_file = work / "lookups.json"
    lookups_file.write_text(json.dumps(lookups))
    fresh = subprocess.run([sys.executable, __file__, "--reopen", str(db), str(lookups_file)],
                           capture_output=True, text=True, check=True)  # fmt: skip
    out["reopened_art"] = json.loads(fresh.stdout)
    out["sorted_file"] = sorted_file(db, work, lookups)
    print(json.dumps(out))


def sorted_file(db: Path, work: Path, lookups: list[list[int]]) -> dict[str, Any]:
    """The rows sorted by key into [keys, owners] of one uint64 .npy file, memory-mapped and
    searched by bisection (owners: a 64-bit hash of the id, as `bands.npy` stores them)."""
    con = duckdb.connect(str(db), read_only=True)
    table = con.sql("SELECT band_key, hash(article_id) AS owner FROM bands").to_arrow_table()
    con.close()
    keys = table.column("band_key").to_numpy()
    owners = table.column("owner").to_numpy()
    order = np.argsort(keys, kind="stable")
    path = work / "bands.npy"
    np.save(path, np.concatenate([keys[order], owners[order]]))
    del keys, owners, order, table
    data = np.load(path, mmap_mode="r")
    n = len(data) // 2
    sorted_keys, sorted_owners = data[:n], data[n:]
    times, found = [], 0
    for keys_wanted in lookups:
        start = time.perf_counter()
        wanted = np.unique(np.array(keys_wanted, dtype=np.uint64))
        lo = np.searchsorted(sorted_keys, wanted, side="left")
        hi = np.searchsorted(sorted_keys, wanted, side="right")
        found += sum(len(sorted_owners[a:b]) for a, b in zip(lo.tolist(), hi.tolist()))
        times.append(1000 * (time.perf_counter() - start))
    times.sort()
    return {"p50_ms": round(statistics.median(times), 3), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3),
            "rows_found": found, "file_mb": round(path.stat().st_size / 2**20)}  # fmt: skip


if __name__ == "__main__":
    main()
