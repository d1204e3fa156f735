"""The bundled demo corpus, as `make demo` runs it: families, origins, the HTML story report."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES
from tests.test_cli import run

CORPUS = EXAMPLES / "corpus" / "news.jsonl"


def test_demo_corpus_families_and_report(tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    res = run("index", "add", str(CORPUS), "--index", index)
    assert res.returncode == 0, res.stderr
    assert "added 44 (1 identical to indexed text" in " ".join(res.stdout.split())
    res = run("stories", "--index", index, "--format", "json", "--limit", "1", "--html", str(tmp_path / "report"))
    assert res.returncode == 0, res.stderr
    res = run("stories", "--index", index, "--format", "json")
    stories = json.loads(res.stdout)
    rows = [json.loads(line) for line in CORPUS.open()]
    wire = {r["id"] for r in rows if r["id"].startswith("l2r-src-")}
    for story in stories:
        members = {m["id"] for m in story["members"]}
        if members & wire:  # a wire story's family: its origin is the wire story, never a rewrite
            assert story["origin"] in wire and len(members & wire) == 1
    biggest = stories[0]
    assert biggest["origin"] == "l2r-src-000"
    assert {"mirror-l2r-src-000", "edited-l2r-src-000"} <= {m["id"] for m in biggest["members"]}
    page = (tmp_path / "report" / "index.html").read_text()
    assert "l2r-src-000" in page and page.count('href="story-1-member-') == len(biggest["members"]) - 1
    compare_page = (tmp_path / "report" / "story-1-member-1.html").read_text()
    assert '<article class="source"' in compare_page and '<article class="target"' in compare_page
