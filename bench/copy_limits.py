"""The effect of the copy-candidate limits (`detect.COPY_CANDIDATES`, `detect.COPY_NEAREST`) on
`index add`: judged pairs, CPU, and whether `links()` and the stories equal an uncapped run's.

An article with more than COPY_CANDIDATES copy candidates is judged against its COPY_NEAREST
likeliest sources and the first of the rest. Each run is one process: the limits are patched
(`wiretrace.detect`, read by `likeliest_sources`, and `wiretrace.engines.local`, which imports
COPY_CANDIDATES by name), one corpus goes into a fresh index, and the run's counts, CPU,
`links()` and stories are written as JSON. `table` compares every setting with `nocap`.

Corpora (the story is tests/conftest.py's: six sentences and one of the copy's own, on 50 sites,
dated over four weeks):
  synd-N        the story syndicated N times, one add
  mixed         120 copies, every 7th edited (a word and a figure), and a follow-up story reusing two
                of its sentences: f0 on 2024-03-12 and 40 copies carrying a syndicator's tag line f0 lacks
  mixed-small   30 copies and a follow-up sharing three sentences, with 15 tagged copies (under the 50
                holders past which a shared sentence is a stock line, `ANCHOR_HOLDERS_MAX`)
  follow-chunks the follow-up's 41 articles alone, shuffled, a tenth undated, in adds of 10
  mixed-chunks  `mixed` shuffled, a tenth undated, in adds of 30
  reuters       Reuters-21578 + BBC as `bench/index_throughput.py` writes them, one add

Run: .venv/bin/python bench/copy_limits.py run CORPUS SETTING OUT.json [--datasets ../shared/datasets]
     (SETTING: 8,4 | 16,8 | 32,16 | 64,32 | nocap)
     .venv/bin/python bench/copy_limits.py table OUT_DIR
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SETTINGS = {"8,4": (8, 4), "16,8": (16, 8), "32,16": (32, 16), "64,32": (64, 32), "nocap": (10**9, 10**9)}
DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

STORM_EDITS = (("dozens of homes", "scores of homes"), ("4 million", "5 million"))
FOLLOW = (
    "Residents of Riverside county began returning to their homes on Monday as the flood water receded. "
    "Insurance assessors toured the worst-hit streets and said most claims would be settled within a month. "
    "The state government promised 2 million dollars in emergency aid for families left without shelter. "
    "Engineers inspecting the levee found two breaches that will take weeks to repair."
)
TAG = "This story was distributed by the Riverside Regional News Service to its member papers."


def _patch(setting: str) -> None:
    import wiretrace.detect as detect
    import wiretrace.engines.local as local

    detect.COPY_CANDIDATES, detect.COPY_NEAREST = SETTINGS[setting]
    local.COPY_CANDIDATES = detect.COPY_CANDIDATES


def _syndicated(n: int, edited_every: int = 0) -> list[dict[str, Any]]:
    from conftest import syndicated_jsonl

    rows = [json.loads(line) for line in syndicated_jsonl(range(n)).splitlines()]
    for row in rows[edited_every::edited_every] if edited_every else ():
        for before, after in STORM_EDITS:
            row["text"] = row["text"].replace(before, after)
    return rows


def _follow_up(copies: int, reused: list[str]) -> list[dict[str, Any]]:
    """A follow-up story reusing `reused` sentences of the storm, and its tagged copies."""
    body = " ".join([FOLLOW, *reused])
    rows = [{"id": "f0", "title": "Riverside begins clean-up", "url": "https://wire.example/f0",
             "text": f"{body} Reporters spoke to the county engineer on Monday afternoon.", "published": "2024-03-12"}]
    rows += [{"id": f"f{i}", "title": "Riverside begins clean-up", "url": f"https://site{i % 50}.example/f/{i}",
              "text": f"{body} {TAG} Neighbour number {i} said the clean-up on road {i} took days.",
              "published": f"2024-03-{12 + i % 14:02d}"} for i in range(1, copies + 1)]  # fmt: skip
    return rows


def _shuffled_in_adds(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    random.Random(7).shuffle(rows)
    for row in rows[::10]:
        row.pop("published")
    return [rows[k : k + size] for k in range(0, len(rows), size)]


def corpus_adds(corpus: str, datasets: Path) -> list[list[dict[str, Any]]]:
    """The records of `corpus`, one list an add."""
    from conftest import STORM

    storm = STORM.split(". ")
    if corpus.startswith("synd-"):
        return [_syndicated(int(corpus[5:]))]
    if corpus in ("mixed", "mixed-chunks", "follow-chunks"):
        rows = _syndicated(120, edited_every=7) + _follow_up(40, [f"{storm[2]}.", storm[5]])
        if corpus == "follow-chunks":
            return _shuffled_in_adds([r for r in rows if r["id"].startswith("f")], 10)
        return [rows] if corpus == "mixed" else _shuffled_in_adds(rows, 30)
    if corpus == "mixed-small":
        return [_syndicated(30, edited_every=7) + _follow_up(15, [f"{s}." for s in storm[2:4]] + [storm[5]])]
    if corpus == "reuters":
        from wiretrace.evaluate import read_jsonl

        rows = [row for name in ("reuters21578", "bbc") for row in read_jsonl(datasets / name / "articles.jsonl")]
        return [[{"id": r["id"], "title": r.get("title"), "text": r["text"]} for r in rows]]
    raise SystemExit(f"unknown corpus {corpus}")


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(corpus: str, setting: str, out: Path, datasets: Path) -> None:
    _patch(setting)
    from wiretrace import from_text
    from wiretrace.engines.local import Index

    work = Path(tempfile.mkdtemp(prefix="copy-limits-"))
    try:
        files = []
        for k, rows in enumerate(corpus_adds(corpus, datasets)):
            files.append(work / f"add{k:04d}.jsonl")
            files[-1].write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        judged = 0
        with Index(work / "index") as index:
            index.query(from_text("The river rose overnight and the town flooded.", "warm-up", id="warm-up"))
            start, cpu = time.perf_counter(), _cpu()
            for path in files:
                judged += index.add([str(path)]).judged
            wall, cpu = time.perf_counter() - start, _cpu() - cpu
            links = sorted([lk.source, lk.target, lk.relation, round(lk.score, 6)] for lk in index.links())
            stories = sorted([sorted(m.id for m in s.members), s.origin] for s in index.stories())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out.write_text(json.dumps({"corpus": corpus, "setting": setting, "judged": judged, "wall": wall, "cpu": cpu,
                               "links": links, "stories": stories}))  # fmt: skip
    print(f"{corpus} {setting}: judged {judged}, links() {len(links)}, stories {len(stories)}, CPU {cpu:.1f} s")


def table(folder: Path) -> None:
    runs: dict[str, dict[str, dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.json")):
        r = json.loads(path.read_text())
        runs.setdefault(r["corpus"], {})[r["setting"]] = r
    for corpus, by in runs.items():
        base = by.get("nocap")
        print(f"\n{corpus}")
        print("| setting | judged pairs | CPU s | links() | stories | links as uncapped | stories as uncapped |")
        print("|---|---|---|---|---|---|---|")
        for setting in (s for s in SETTINGS if s in by):
            r = by[setting]
            same_links = "-" if base is None else "yes" if r["links"] == base["links"] else "no"
            same_stories = "-" if base is None else "yes" if r["stories"] == base["stories"] else "no"
            print(f"| {setting} | {r['judged']:,} | {r['cpu']:.1f} | {len(r['links']):,} | {len(r['stories']):,} "
                  f"| {same_links} | {same_stories} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("run")
    one.add_argument("corpus")
    one.add_argument("setting", choices=list(SETTINGS))
    one.add_argument("out", type=Path)
    one.add_argument("--datasets", type=Path, default=DATASETS)
    sub.add_parser("table").add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args.corpus, args.setting, args.out.resolve(), args.datasets)
    else:
        table(args.folder)


if __name__ == "__main__":
    main()
