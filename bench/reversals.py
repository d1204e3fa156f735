"""Reversed meanings (`wiretrace.polarity`): false alarms on real AI rewrites, and reversals
planted into them and into copies found.

1. Every L2R rewrite judged derived from its source: `meaning` changes reported (none is a
   reversal: any reported is a false alarm; read them).
2. The same rewrites, each with one word of a linked sentence swapped for its opposite
   (`denied` -> `admitted`, `rose` -> `fell`, ...; one word drawn at random per rewrite, seed 5):
   found when a `meaning` change names the new word. Counted over all swaps, and over those
   whose linked source sentences state the swapped word's side (the others reverse nothing the
   source says in words the lexicon knows: 'granted consent' -> 'rejected').
3. Each L2R source copied with `not` inserted after the first auxiliary verb of one sentence of
   nine words or more: found when a `meaning` change shows the `not`.

Run: .venv/bin/python bench/reversals.py [../shared/datasets]
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace.compare import compare_profiles, profile
from wiretrace.embed import load
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text
from wiretrace.polarity import OPPOSITES, words

SWAP = {
    "denied": "admitted", "denies": "admits", "admitted": "denied", "admits": "denies", "rose": "fell",
    "fell": "rose", "increased": "decreased", "decreased": "increased", "rejected": "accepted",
    "accepted": "rejected", "approved": "rejected", "banned": "allowed", "allowed": "banned",
    "supported": "opposed", "opposed": "supported", "criticised": "praised", "praised": "criticised",
    "survived": "died", "died": "survived", "agreed": "refused", "refused": "agreed", "rise": "fall",
    "fall": "rise", "rises": "falls", "falls": "rises", "increase": "decrease", "guilty": "innocent",
    "convicted": "acquitted", "acquitted": "convicted", "dropped": "rose", "jumped": "fell",
}  # fmt: skip
AUXILIARY = re.compile(r"\b(is|was|will|would|has|had|can|could|are|were)\b")


def main(datasets: Path) -> None:
    embedder = load()
    sources = {r["id"]: r for r in read_jsonl(datasets / "l2r-news" / "sources.jsonl")}
    rng = random.Random(5)
    alarms: list[tuple[str, str | None, str | None]] = []
    found, stated, negations = [], [], []
    for row in read_jsonl(datasets / "l2r-news" / "rewrites.jsonl"):
        src = sources[row["source_id"]]
        source = profile(from_text(src["text"], src["id"], id=src["id"], title=src.get("title") or ""), embedder)
        c = compare_profiles(source, profile(from_text(row["text"], row["id"], id=row["id"]), embedder))
        if c.verdict.relation == "unrelated":
            continue
        alarms += [(row["id"], ch.before, ch.after) for ch in c.changes if ch.kind == "meaning"]
        linked = [c.target.sentences[j].text for j in sorted({j for lk in c.links for j in lk.target})]
        choices = [(sentence, w) for sentence in linked for w in re.findall(r"[a-z]+", sentence) if w in SWAP]
        if choices:
            sentence, word = rng.choice(choices)
            text = row["text"].replace(sentence, re.sub(rf"\b{word}\b", SWAP[word], sentence, count=1), 1)
            swapped = compare_profiles(source, profile(from_text(text, row["id"], id=row["id"]), embedder))
            hit = any(ch.kind == "meaning" and ch.after == SWAP[word] for ch in swapped.changes)
            found.append(hit)
            side = next((a if word in a else b for a, b in OPPOSITES if word in a | b), frozenset())
            now = re.compile(rf"\b{SWAP[word]}\b")
            j = next((j for j, s in enumerate(swapped.target.sentences) if now.search(s.text.lower())), None)
            link = next((lk for lk in swapped.links if j in lk.target), None)
            said = {w for i in link.source for w, _, _ in words(swapped.source.sentences[i].text)} if link else set()
            if said & side:
                stated.append(hit)
        sentence = next((s for s in src["text"].split(". ") if AUXILIARY.search(s) and len(s.split()) > 8), None)
        if sentence is not None:
            verb = AUXILIARY.search(sentence)
            assert verb is not None
            copy = src["text"].replace(sentence, sentence[: verb.end()] + " not" + sentence[verb.end() :], 1)
            negated = compare_profiles(source, profile(from_text(copy, "copy", id="copy"), embedder))
            negations.append(any(ch.kind == "meaning" and "not" in (ch.after or "").split() for ch in negated.changes))
    print(f"meaning changes reported on unaltered rewrites judged derived: {len(alarms)}")
    for alarm in alarms:
        print("  ", alarm)
    print(f"one word of a linked sentence swapped for its opposite: found {sum(found)} of {len(found)}")
    print(f"  of them, where the linked source sentences state the swapped word's side: {sum(stated)} of {len(stated)}")
    print(f"copies with 'not' inserted into one sentence: found {sum(negations)} of {len(negations)}")


if __name__ == "__main__":
    main(_datasets.parse(__doc__).datasets)
