"""`index import` into an index that already holds articles: the links it finds across, against `index add`.

Held: the 200 L2R sources and BBC's 2,225 articles (dated 2016-01-01) in an index. Delivery: the
400 L2R AI rewrites (dated 2016-02-01), run through `wiretrace batch` and imported (a) comparing
them with the held articles (the default), (b) with `--no-link`, and (c) added with `index add`
instead. Printed: seconds of each (the import and the add alone, not the held index or the run),
links between a held and a delivered article, and how many of the 400 true source -> rewrite
pairs are among them.

Run: .venv/bin/python bench/import_links.py [../shared/datasets] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from wiretrace.engines.batch import import_batch, run_batch
from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--work", type=Path, help="Working directory (default: a new temporary one).")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="wiretrace-import-"))
    sources = read_jsonl(args.datasets / "l2r-news" / "sources.jsonl")
    rewrites = read_jsonl(args.datasets / "l2r-news" / "rewrites.jsonl")
    held = sources + read_jsonl(args.datasets / "bbc" / "articles.jsonl")
    (work / "held.jsonl").write_text("".join(json.dumps({**r, "published": "2016-01-01"}) + "\n" for r in held))
    delivery = work / "delivery.jsonl"
    delivery.write_text(
        "".join(json.dumps({"id": r["id"], "text": r["text"], "published": "2016-02-01"}) + "\n" for r in rewrites)
    )
    run_batch([str(delivery)], work / "run", engine="local")
    held_ids = {r["id"] for r in held}
    truth = {(r["source_id"], r["id"]) for r in rewrites}
    for name in ("import", "import --no-link", "index add"):
        directory = work / name.replace(" ", "_")
        with Index(directory) as index:
            index.add([str(work / "held.jsonl")])
        start = time.perf_counter()
        if name == "index add":
            with Index(directory) as index:
                index.add([str(delivery)])
        else:
            import_batch(work / "run", directory, link=name == "import")
        seconds = time.perf_counter() - start
        with Index(directory, read_only=True) as index:
            links = index.store.links()
        across = {(lk.source, lk.target) for lk in links if (lk.source in held_ids) != (lk.target in held_ids)}
        print(f"{name}: {seconds:.1f} s, {len(across)} links across, {len(across & truth)} of {len(truth)} "
              f"source -> rewrite pairs")  # fmt: skip


if __name__ == "__main__":
    main()
