"""Undated articles queried against dated ones: does `query` give each its source, the right way?

Two users of `wiretrace query` who paste a text that states no date:
- a fact-checker pasting an AI rewrite found today: an index of the 200 L2R wire stories, dated
  2016, and BBC's 2,225 articles; each of the 400 rewrites queried. Counted: its source listed
  as the source (`role: source`), listed the wrong way (`derived`: the 2016 wire derives from
  the pasted rewrite), or not listed.
- a wire desk pasting its own story to see who copied it: an index of the 400 rewrites, dated
  2016-01-02, and BBC; each of the 200 wire stories queried, undated and then with its date
  (`query --published`, as the docs tell this user). Counted: rewrites of it listed as derived
  from it, listed as its source (and how many of those say the content reads the other way),
  not listed.

Run: .venv/bin/python bench/query_sources.py [../shared/datasets]
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text


def _index(path: Path, rows: list[dict]) -> Index:
    corpus = path.with_suffix(".jsonl")
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    index = Index(path)
    index.add([str(corpus)])
    return index


def main(datasets: Path) -> None:
    sources = read_jsonl(datasets / "l2r-news" / "sources.jsonl")
    rewrites = read_jsonl(datasets / "l2r-news" / "rewrites.jsonl")
    bbc_rows = read_jsonl(datasets / "bbc" / "articles.jsonl")
    bbc = [{"id": r["id"], "text": r["text"], "title": r.get("title")} for r in bbc_rows]
    work = Path(tempfile.mkdtemp(prefix="wiretrace-query-sources-"))
    wires = [{"id": r["id"], "text": r["text"], "published": "2016-01-01"} for r in sources]
    with _index(work / "wires", wires + bbc) as index:
        seen: Counter[str] = Counter()
        for r in rewrites:
            roles = {m.id: m.role for m in index.query(from_text(r["text"], "pasted.txt")).matches}
            seen[roles.get(r["source_id"], "not listed")] += 1
    print(f"fact-checker, 400 AI rewrites pasted undated: their wire story {dict(seen)}")
    farms = [{"id": r["id"], "text": r["text"], "published": "2016-01-02"} for r in rewrites]
    by_source: dict[str, list[str]] = {}
    for r in rewrites:
        by_source.setdefault(r["source_id"], []).append(r["id"])
    with _index(work / "farms", farms + bbc) as index:
        for dated in (None, "2016-01-01"):
            seen, cue = Counter(), 0
            for r in sources:
                article = from_text(r["text"], "pasted.txt")
                article.published = dated
                matches = {m.id: m for m in index.query(article).matches}
                for rid in by_source.get(r["id"], []):
                    m = matches.get(rid)
                    seen[m.role if m else "not listed"] += 1
                    cue += m is not None and m.role == "source" and "content reads as the original" in m.reason
            given = f"with its date ({dated})" if dated else "undated"
            said = "" if dated else f"; {cue} of those listed as its source say the content reads it as the original"
            print(f"wire desk, 200 wire stories pasted {given}: their 400 rewrites {dict(seen)}{said}")


if __name__ == "__main__":
    main(_datasets.parse(__doc__).datasets)
