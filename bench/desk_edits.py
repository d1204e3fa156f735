"""The sentence-by-sentence explanation of 20 copies an editor made by hand, against the truth.

`bench/data/desk_edits.jsonl` holds 20 BBC and Reuters-21578 articles edited by hand the way
desks and content farms edit (thirty-eighth session): 8 light desk edits (a sentence cut,
two merged, one split, a figure, name or date changed, a quote tidied), 6 paraphrases written
sentence by sentence in other words, 6 mixed (paragraphs reordered, sentences cut and added).
For each copy the editor wrote which source sentences each target sentence carries, and the
changes planted. Reported: sentence link pairs found, wrong and missed; sentences listed dropped
that are carried and cut sentences not listed; planted changes found and changes reported that
were not made; the verdict's relation against the expected one.

Run: .venv/bin/python bench/desk_edits.py [../shared/datasets] [-v]
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace.embed import load
from wiretrace.evaluate import AlignmentAgreement, alignment_agreement, desk_edit_readings

READINGS = Path(__file__).parent / "data" / "desk_edits.jsonl"


def main() -> None:
    args = _datasets.parse(__doc__, verbose=True)
    totals: dict[str, AlignmentAgreement] = {}
    counts: Counter[str] = Counter()
    for row, c in desk_edit_readings(args.datasets, load(), READINGS):
        if c is None:
            print(f"{row['pair']}: the sentences differ from those the truth was written against; not scored")
            continue
        ignored = set(row["ignore_source"])  # a wire's sign-off line ('REUTER'), not scored
        c.dropped[:] = [i for i in c.dropped if i not in ignored]
        agreement = alignment_agreement(c, row["links"])
        totals.setdefault(row["kind"], AlignmentAgreement()).add(agreement)
        carried = {s for s, _ in row["links"]} | ignored
        cuts = set(range(len(c.source.sentences))) - carried
        counts["cuts"] += len(cuts)
        counts["cuts listed"] += len(cuts & set(c.dropped))
        planted = [ch for ch in row["changes"] if not ch.get("minor")]
        found = {(ch.kind, ch.source) for ch in c.changes}
        counts["changes planted"] += len(planted)
        counts["changes found"] += sum((ch["kind"], ch["source"]) in found for ch in planted)
        made = {(ch["kind"], ch["source"]) for ch in row["changes"]}
        false = [ch for ch in c.changes if (ch.kind, ch.source) not in made]
        counts["changes not made"] += len(false)
        counts["relations right"] += c.verdict.relation == row["relation"]
        counts["pairs"] += 1
        if args.verbose:
            print(f"{row['pair']} ({row['kind']}, {c.verdict.relation}): {agreement}; cuts {sorted(cuts)} listed "
                  f"{sorted(cuts & set(c.dropped))}; not made: {[(ch.kind, ch.before, ch.after) for ch in false]}")
    print("| copies | link pairs found / wrong / missed | precision | recall | dropped listed (carried) "
          "| added listed (derived) |")
    print("|---|---|---|---|---|---|")
    everything = AlignmentAgreement()
    for name, t in [*sorted(totals.items()), ("all", everything)]:
        if name != "all":
            everything.add(t)
        print(f"| {name} | {t.found} / {t.wrong} / {t.missed} | {t.precision:.3f} | {t.recall:.3f} "
              f"| {t.dropped_listed} ({t.dropped_carried}) | {t.added_listed} ({t.added_derived}) |")
    print(f"cut sentences listed dropped: {counts['cuts listed']} of {counts['cuts']}; planted changes reported: "
          f"{counts['changes found']} of {counts['changes planted']}; changes reported that were not made: "
          f"{counts['changes not made']}; relation as expected: {counts['relations right']} of {counts['pairs']}")


if __name__ == "__main__":
    main()
