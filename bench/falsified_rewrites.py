"""Falsified AI rewrites: are they still traced to their source, and are the falsified facts reported?

A content farm rewrites a wire story and changes some of its facts. Starting from the 400 real
L2R rewrites, this edits each the way such a farm would: `k` of the dates and figures the rewrite
kept from its source (k = 1..4) are changed throughout the rewrite (a weekday or month moved by
one, a year by one, a figure raised by about a sixth, a count in words replaced by the next).
Each edited rewrite is compared with its source. Reported per k: how many of the rewrites that
state k kept facts stay derived, and in how many of those every falsified fact is reported (as a
change, or as an unsupported item). A falsified rewrite traced to its source is what a
fact-checker needs; one called `unrelated` hides the falsification.

`--copies` falsifies the 200 sources' own texts instead (a wire story copied word for word with
facts changed), and `--next-day` dates the source and the falsified text 27 hours apart, as a
farm republishing the wire the next day does (the case a daily template filled in again resembles).

Run: .venv/bin/python bench/falsified_rewrites.py [../shared/datasets] [--seed N] [--show K] [--copies] [--next-day]
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from pathlib import Path

from wiretrace.compare import Comparer, Profile, compare_profiles, profile
from wiretrace.evaluate import read_jsonl
from wiretrace.facts import Fact
from wiretrace.ingest import from_text
from wiretrace.model import Comparison

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _raise(match: re.Match[str]) -> str:
    """A figure raised by about a sixth (at least one), written as the original was."""
    text = match.group()
    if "." in text:
        value = float(text.replace(",", ""))
        return f"{value * 7 / 6:.{len(text.split('.')[1])}f}"
    value = int(text.replace(",", ""))
    if 1900 <= value <= 2100:  # a year: moved by one
        return str(value + 1)
    new = value + max(1, value // 6)
    return f"{new:,}" if "," in text else str(new)


def falsify(fact: Fact) -> str | None:
    """The text a farm would put for `fact`, or None when it cannot be changed plainly."""
    for names in (WEEKDAYS, MONTHS):
        for i, name in enumerate(names):
            if re.search(rf"\b{name}\b", fact.text):
                return re.sub(rf"\b{name}\b", names[(i + 1) % len(names)], fact.text, count=1)
    if _DIGITS.search(fact.text):
        return _DIGITS.sub(_raise, fact.text, count=1)
    for i, word in enumerate(NUMBER_WORDS[:-1]):
        if re.search(rf"\b{word}\b", fact.text, re.IGNORECASE):
            return re.sub(rf"\b{word}\b", NUMBER_WORDS[i + 1], fact.text, count=1, flags=re.IGNORECASE)
    return None


def kept_facts(source: Profile, rewrite: Profile) -> list[Fact]:
    """The rewrite's dates and figures that its source states too, one per written form."""
    seen: dict[str, Fact] = {}
    for facts in rewrite.facts:
        for f in facts:
            if f.kind in ("date", "number") and f.text not in seen and source.fact_index.supports(f) and falsify(f):
                seen[f.text] = f
    return list(seen.values())


def reported(comparison: Comparison, before: str, after: str) -> bool:
    """Whether a falsified fact shows in the comparison: as a change, or as an unsupported item."""
    for ch in comparison.changes:
        if ch.after and (after in ch.after or (ch.after in after and before in (ch.before or ""))):
            return True
    return any(after in item or item in after for u in comparison.unsupported for item in u.items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--show",
        type=int,
        help="Print the rewrites with this many facts falsified that are not derived, or not fully reported.",
    )
    parser.add_argument("--copies", action="store_true", help="Falsify the sources' own texts (copies), not rewrites.")
    parser.add_argument("--next-day", action="store_true", help="Date the falsified text 27 hours after its source.")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = {r["id"]: r for r in read_jsonl(args.datasets / "l2r-news" / "sources.jsonl")}
    comparer = Comparer()
    stated: Counter[int] = Counter()
    derived: Counter[int] = Counter()
    all_reported: Counter[int] = Counter()
    untouched_derived = 0
    if args.copies:
        rewrites = [{"id": f"copy-of-{i}", "source_id": i, "text": r["text"]} for i, r in sources.items()]
    else:
        rewrites = read_jsonl(args.datasets / "l2r-news" / "rewrites.jsonl")
    dates = ("2016-03-01T08:00:00Z", "2016-03-02T11:00:00Z") if args.next_day else (None, None)
    for row in rewrites:
        source_text = sources[row["source_id"]]["text"]
        source = profile(from_text(source_text, row["source_id"], published=dates[0]), comparer.embedder)
        rewrite = profile(from_text(row["text"], row["id"], published=dates[1]), comparer.embedder)
        if compare_profiles(source, rewrite).verdict.relation == "unrelated":
            continue
        untouched_derived += 1
        kept = kept_facts(source, rewrite)
        rng.shuffle(kept)
        for k in range(1, 5):
            if len(kept) < k:
                break
            text = row["text"]
            edits = []
            for fact in kept[:k]:
                after = falsify(fact)
                assert after is not None
                text = re.sub(rf"(?<![\w£$€]){re.escape(fact.text)}(?!\w)", after, text)
                edits.append((fact.text, after))
            c = compare_profiles(source, profile(from_text(text, row["id"], published=dates[1]), comparer.embedder))
            stated[k] += 1
            shown = all(reported(c, before, after) for before, after in edits)
            if c.verdict.relation != "unrelated":
                derived[k] += 1
                all_reported[k] += shown
            if args.show == k and (c.verdict.relation == "unrelated" or not shown):
                print(f"{row['id']}: {edits} -> {c.verdict.relation} {c.verdict.score} {c.verdict.rule}", end=" ")
                print("" if shown else f"not reported: {[(ch.before, ch.after) for ch in c.changes]}")
    kind = "copies" if args.copies else "rewrites"
    print(f"{untouched_derived} of {len(rewrites)} {kind} derived untouched{' (dated the next day)' * args.next_day}; "
          "of those, by facts falsified:")
    print("| falsified | rewrites | still derived | every falsified fact reported |")
    print("|---|---|---|---|")
    for k in sorted(stated):
        print(f"| {k} | {stated[k]} | {derived[k]} ({derived[k] / stated[k]:.1%}) | {all_reported[k]} |")


if __name__ == "__main__":
    main()
