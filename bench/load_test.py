"""Load test of the web service: 50 concurrent clients for 30 s against /api/query and /api/compare.

Builds a real index from the shared datasets (L2R wire stories with one AI rewrite each, BBC
articles), starts `wiretrace serve` on a free loopback port in its own process, and runs
closed-loop clients (each sends its next request when the last one is answered), alternating
a query (a held-out rewrite) and a compare (a wire story against a rewrite). Traffic goes to
127.0.0.1 only; the run is bounded in time. Zero errors are required: the exit status is 1
otherwise.

Command: .venv/bin/python bench/load_test.py [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
WIRETRACE = Path(sys.executable).parent / "wiretrace"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def build_index(directory: Path, sources: int) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Index `sources` wire stories, one rewrite of each and 30 BBC articles; return queries and pairs."""
    from wiretrace.engines.local import Index
    from wiretrace.ingest import from_record

    wire = _jsonl(DATASETS / "l2r-news" / "sources.jsonl")[:sources]
    by_source: dict[str, list[dict[str, Any]]] = {}
    for r in _jsonl(DATASETS / "l2r-news" / "rewrites.jsonl"):
        by_source.setdefault(r["source_id"], []).append(r)
    records = [{"id": s["id"], "text": s["text"], "published": "2016-01-01", "site": "wire.example"} for s in wire]
    records += [{"id": by_source[s["id"]][0]["id"], "text": by_source[s["id"]][0]["text"], "published": "2016-02-01",
                 "site": "farm.example"} for s in wire]  # fmt: skip
    records += [{"id": b["id"], "text": b["text"], "site": "bbc.example"}
                for b in _jsonl(DATASETS / "bbc" / "articles.jsonl")[600:630]]  # fmt: skip
    with Index(directory, batch_size=128) as index:
        index.add_articles(from_record(r, r["id"]) for r in records)
    queries = [{"text": by_source[s["id"]][1]["text"], "published": "2016-03-01"} for s in wire]
    pairs = [(s["text"], by_source[s["id"]][1]["text"]) for s in wire]
    return queries, pairs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def client(
    http: httpx.AsyncClient, stop_at: float, queries: list[dict[str, Any]], pairs: list[tuple[str, str]],
    results: dict[str, list[float]], errors: list[str], seed: int,
) -> None:  # fmt: skip
    rng = random.Random(seed)
    turn = seed % 2
    while time.monotonic() < stop_at:
        if turn == 0:
            endpoint, body = "/api/query", rng.choice(queries)
        else:
            source, target = rng.choice(pairs)
            endpoint, body = "/api/compare", {"source": {"text": source}, "target": {"text": target}}
        turn = 1 - turn
        start = time.perf_counter()
        try:
            response = await http.post(endpoint, json=body)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                errors.append(f"{endpoint}: HTTP {response.status_code} {response.text[:200]}")
            else:
                results[endpoint].append(elapsed)
        except httpx.HTTPError as exc:
            errors.append(f"{endpoint}: {type(exc).__name__}: {exc}")


async def run_load(base: str, clients: int, seconds: float, queries: list[Any], pairs: list[Any]) -> dict[str, Any]:
    results: dict[str, list[float]] = {"/api/query": [], "/api/compare": []}
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
        started = time.monotonic()
        stop_at = started + seconds
        await asyncio.gather(*(client(http, stop_at, queries, pairs, results, errors, n) for n in range(clients)))
        wall = time.monotonic() - started
    return {"results": results, "errors": errors, "wall": wall}


def _row(name: str, times: list[float], wall: float) -> str:
    if not times:
        return f"| {name} | 0 | - | - | - | - |"
    ms = np.array(times) * 1000
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return f"| {name} | {len(ms)} | {len(ms) / wall:.1f} | {p50:.0f} | {p95:.0f} | {p99:.0f} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--sources", type=int, default=40, help="wire stories in the index (each with a rewrite)")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    with tempfile.TemporaryDirectory(prefix="wiretrace-load-") as tmp:
        index = Path(tmp) / "index"
        t0 = time.perf_counter()
        queries, pairs = build_index(index, args.sources)
        print(f"index built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(WIRETRACE), "serve", "--index", str(index), "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={k: v for k, v in os.environ.items() if k != "WIRETRACE_TOKEN"},
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + "/api/sites", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            httpx.post(base + "/api/query", json=queries[0], timeout=60)  # warm the model and caches
            outcome = asyncio.run(run_load(base, args.clients, args.seconds, queries, pairs))
        finally:
            server.terminate()
            server.wait(timeout=30)
    results, errors, wall = outcome["results"], outcome["errors"], outcome["wall"]
    total = sum(len(v) for v in results.values())
    print(f"{args.clients} clients, {wall:.1f} s, {total} requests ({total / wall:.1f}/s), {len(errors)} errors")
    print("| endpoint | requests | requests/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for name, times in results.items():
        print(_row(name, times, wall))
    print(_row("both", [t for v in results.values() for t in v], wall))
    for e in errors[:10]:
        print("error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
