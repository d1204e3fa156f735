"""Roundups of lightly edited wire paragraphs: is each roundup linked to every wire it ran?

A content farm's digest runs two or three paragraphs of each of several wire stories; an
article spinner swaps a word or two in each sentence ('said' to 'stated', `evaluate.SPINS`).
`evaluate.spun_roundups` stitches 30 such roundups from 3 BBC stories each (3 sentences of each),
among all 2,225 BBC articles, for each number of swapped words a sentence given, and one
`index add` each is counted:
- wire links: stored links from a roundup's wire to the roundup (of 90);
- roundups linked to all 3 wires, and to none;
- false links: a roundup linked to an article it did not run (a wire's word-for-word twin in
  BBC counts as the wire).

`--engines index,local,spark` counts the same for the batch pipeline's engines (`wiretrace batch`).

Run: .venv/bin/python bench/spun_roundups.py [../shared/datasets] [--edits 0,1,2] [--engines index]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from wiretrace.engines.batch import read_table, run_batch
from wiretrace.engines.local import Index
from wiretrace.evaluate import spun_roundups
from wiretrace.fingerprint import content_hash


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--edits", default="0,1,2", help="Words swapped a sentence, comma-separated runs.")
    parser.add_argument("--engines", default="index", help="index, and the batch engines local and spark.")
    parser.add_argument("--wires", type=int, default=3, help="Wire stories a roundup runs.")
    parser.add_argument("--taken", type=int, default=3, help="Sentences it runs of each.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wiretrace-roundups-"))
    for edits in map(int, args.edits.split(",")):
        records, truth = spun_roundups(args.datasets, wires=args.wires, taken=args.taken, edits=edits)
        corpus = work / f"roundups-{edits}.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
        for engine in args.engines.split(","):
            start = time.perf_counter()
            stored = _links(engine, corpus, work / f"{engine}-{edits}")
            _count(f"{engine}, {edits}", records, truth, stored, time.perf_counter() - start)


def _links(engine: str, corpus: Path, work: Path) -> set[tuple[str, str]]:
    """(source, target) of the links `engine` finds in `corpus`: the index's, or a batch run's."""
    if engine == "index":
        with Index(work) as index:
            index.add([str(corpus)])
            return {(lk.source, lk.target) for lk in index.store.links()}
    run_batch([str(corpus)], work, engine=engine, master="local[2]" if engine == "spark" else None)
    return {(lk["source"], lk["target"]) for lk in read_table(work / "links")}


def _count(label: str, records: list[dict], truth: dict[str, list[str]], stored: set[tuple[str, str]],
           seconds: float) -> None:  # fmt: skip
    text = {r["id"]: content_hash(r["text"]) for r in records}  # BBC holds some stories twice, word for word
    ran = {r: {text[w] for w in wires} for r, wires in truth.items()}
    found = {r: {text[s] for s, t in stored if t == r and text[s] in ran[r]} for r in truth}
    false = sorted((s, t) for s, t in stored if (t in truth and text[s] not in ran[t]) or (s in truth))
    print(
        f"{label} word(s) swapped a sentence: wire links {sum(map(len, found.values()))}/"
        f"{sum(map(len, truth.values()))}; roundups linked to every wire {sum(found[r] == ran[r] for r in truth)}"
        f"/{len(truth)}, to none {sum(not f for f in found.values())}; false links {len(false)} {false[:6]}; "
        f"{seconds:.0f} s"
    )


if __name__ == "__main__":
    main()
