"""Many farms rewriting one wire story: is each rewrite still linked to the wire?

L2R gives two AI rewrites of each of its 200 wire stories (GPT, Llama); content farms run many
more. `evaluate.farm_family` adds two farms that each run half of one rewrite and half of the
other, so each story has four sibling rewrites sharing its details. The 200 stories and their
rewrites (two or four a story, dated after the wire), with BBC's 2,225 articles around them when
`--bbc` is given, are indexed in one `index add` each, and counted:
- links from the wire story to each farm's rewrite (stored, before attribution);
- rewrites in no attributed link (`Index.links`), and stories whose every rewrite has the wire
  as its story's origin;
- links the event check set aside (`AddReport.same_event`).

Run: .venv/bin/python bench/farm_siblings.py [../shared/datasets] [--farms 2,4] [--bbc]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from wiretrace.engines.local import Index
from wiretrace.evaluate import FARMS, farm_family, read_jsonl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--farms", default="2,4", help="Rewrites a story, comma-separated runs (2 to 4).")
    parser.add_argument("--bbc", action="store_true", help="Index BBC's articles around the stories too.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wiretrace-farms-"))
    sources = [r["id"] for r in read_jsonl(args.datasets / "l2r-news" / "sources.jsonl")]
    for farms in map(int, args.farms.split(",")):
        records = [r for s in sources for r in farm_family(args.datasets, s, farms)]
        if args.bbc:
            records += [{"id": r["id"], "title": r.get("title"), "text": r["text"], "site": "bbc.co.uk"}
                        for r in read_jsonl(args.datasets / "bbc" / "articles.jsonl")]  # fmt: skip
        corpus = work / f"farms-{farms}.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
        start = time.perf_counter()
        with Index(work / f"index-{farms}") as index:
            report = index.add([str(corpus)])
            stored = {(lk.source, lk.target) for lk in index.store.links()}
            attributed = {x for lk in index.links() for x in (lk.source, lk.target)}
            origin = {m.id: story.origin for story in index.stories() for m in story.members}
        rewrites = {f"{s}-{farm}": s for s in sources for farm in FARMS[:farms]}
        direct = Counter(r.rsplit("-", 1)[1] for r, s in rewrites.items() if (s, r) in stored)
        unlinked = sum(1 for r in rewrites if r not in attributed)
        right = sum(1 for s in sources if all(origin.get(r) == s for r, w in rewrites.items() if w == s))
        print(
            f"{farms} farms a story{' among BBC' if args.bbc else ''}: {len(rewrites)} rewrites; linked to their "
            f"wire {sum(direct.values())} ({', '.join(f'{f} {direct[f]}' for f in FARMS[:farms])}); in no link "
            f"{unlinked}; stories whose origin is the wire for every rewrite {right}/{len(sources)}; set aside by "
            f"the event check {report.same_event}; {time.perf_counter() - start:.0f} s"
        )


if __name__ == "__main__":
    main()
