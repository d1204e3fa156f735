"""Helpers for the web tests: a real uvicorn server on a free loopback port, headless Chromium.

Chromium and its driver are Debian's (`/usr/bin/chromium`, `/usr/bin/chromedriver`, installed by
`.ci/run`); Selenium gets both paths, so it never looks anything up on the network.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATASETS, need_datasets

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def l2r_pairs(n: int) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The first `n` L2R sources, each with its rewrites."""
    need_datasets()
    sources = read_jsonl(DATASETS / "l2r-news" / "sources.jsonl", n)
    wanted = {s["id"] for s in sources}
    rewrites = [r for r in read_jsonl(DATASETS / "l2r-news" / "rewrites.jsonl") if r["source_id"] in wanted]
    return [(s, [r for r in rewrites if r["source_id"] == s["id"]]) for s in sources]


def corpus_records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A small real corpus to index, and articles kept out of it to query with.

    Indexed: 4 L2R wire sources (January 2016, site wire.example), one AI rewrite of each
    (February 2016, farm.example) and 8 BBC articles (bbc.example). Kept out: the other
    rewrite of each source, which should find its source and family.
    """
    pairs = l2r_pairs(4)
    indexed, held_out = [], []
    for n, (source, rewrites) in enumerate(pairs):
        indexed.append({"id": source["id"], "text": source["text"], "title": f"Wire story {n}",
                        "published": f"2016-01-0{n + 1}", "site": "wire.example"})  # fmt: skip
        first, second = rewrites[0], rewrites[1]
        indexed.append({"id": first["id"], "text": first["text"], "published": "2016-02-01", "site": "farm.example"})
        held_out.append({"id": second["id"], "text": second["text"], "source_id": source["id"]})
    for row in read_jsonl(DATASETS / "bbc" / "articles.jsonl")[400:408]:
        indexed.append({"id": row["id"], "text": row["text"], "title": row["title"], "site": "bbc.example"})
    return indexed, held_out


@functools.cache
def _built_index(base: Path) -> Path:
    from wiretrace.engines.local import Index
    from wiretrace.ingest import from_record

    root = base / "web-index"  # under pytest's base temp, which pytest prunes
    with Index(root / "index", batch_size=64) as index:
        report = index.add_articles(from_record(r, r["id"]) for r in corpus_records()[0])
    assert report.added == 16 and not report.rejected, report
    return root / "index"


def indexed_copy(factory: pytest.TempPathFactory, dest: Path) -> Path:
    """A fresh copy of the small real index (built once per test session) at `dest`."""
    shutil.copytree(_built_index(factory.getbasetemp()), dest)
    return dest


@contextmanager
def api_client(index: Path, **options: Any) -> Iterator[Any]:
    """FastAPI's TestClient over a fresh app on `index`; the app's index is closed afterwards."""
    from fastapi.testclient import TestClient

    from wiretrace.web import create_app

    app = create_app(index, **options)
    try:
        with TestClient(app) as client:
            yield client
    finally:
        app.state.service.close()


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Run `app` under uvicorn on 127.0.0.1 (a port the OS picks) in a thread; yield its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        app.state.service.close()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium driven by Selenium, with the system's browser and driver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            pytest.fail(f"{path} is missing: apt-get install -y chromium chromium-driver (.ci/run does this)")
    os.environ.setdefault("SE_OFFLINE", "true")  # belt and braces: Selenium Manager must not go online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="wiretrace-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")  # else Chromium leaves its profile in /tmp
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        driver.set_page_load_timeout(60)
        try:
            yield driver
        finally:
            driver.quit()
