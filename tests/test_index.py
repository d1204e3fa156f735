"""The embedded index on a real DuckDB file: adding, dedupe, verified links, families, origin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATASETS, need_datasets
from wiretrace.engines.local import Index
from wiretrace.store import Store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_datasets()
    root = tmp_path_factory.mktemp("corpus")
    sources = [json.loads(line) for line in (DATASETS / "l2r-news" / "sources.jsonl").open()][:12]
    wanted = {s["id"] for s in sources}
    rewrites = [
        r for r in map(json.loads, (DATASETS / "l2r-news" / "rewrites.jsonl").open()) if r["source_id"] in wanted
    ]
    bbc = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][400:440]
    with (root / "wire.jsonl").open("w") as fh:
        for s in sources:
            fh.write(json.dumps({"id": s["id"], "text": s["text"], "published": "2016-01-01"}) + "\n")
        for b in bbc:
            fh.write(json.dumps({"id": b["id"], "text": b["text"], "title": b["title"]}) + "\n")
        fh.write("{not json\n")
    with (root / "farm.jsonl").open("w") as fh:
        for r in rewrites:
            fh.write(json.dumps({"id": r["id"], "text": r["text"], "published": "2016-02-01"}) + "\n")
    return root


def test_add_links_rewrites_to_their_sources_and_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    truth = {r["id"]: r["source_id"] for r in map(json.loads, (DATASETS / "l2r-news" / "rewrites.jsonl").open())}
    with Index(tmp_path / "idx", batch_size=16) as index:
        first = index.add([str(corpus / "wire.jsonl")])
        assert first.added == 52 and [r.where for r in first.rejected] == [f"{corpus / 'wire.jsonl'}:53"]
        second = index.add([str(corpus / "farm.jsonl")])
        assert second.added == 24
        links = index.store.links()
        to_sources = {(lk.source, lk.target) for lk in links if lk.source.startswith("l2r-src")}
        found = {(truth[t], t) for t in truth if (truth[t], t) in to_sources}
        assert len(found) >= 22  # of 24 rewrites, each judged derived from its own source
        assert all(truth.get(t) == s for s, t in to_sources)  # and from no other source
        for family in index.stories():
            if any(m.id.startswith("l2r-") for m in family.members):
                assert family.origin.startswith("l2r-src"), family
                assert family.reason == "earliest published date"
        again = index.add([str(corpus / "farm.jsonl")])
        assert (again.added, again.duplicates, again.links) == (0, 24, 0)
    with Store.open(tmp_path / "idx", read_only=True) as store:
        assert store.count() == 76
