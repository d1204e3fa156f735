"""The sentence-by-sentence explanation against blind readings of 20 L2R rewrites.

`bench/data/alignment_read.jsonl` holds, for 10 GPT-3.5 and 10 Llama-3 rewrites (up to 25
sentences a side), the links a reader made between source and target sentences from the two
sentence lists alone, without the tool's output: the target sentence says (part of) the source
sentence, verbatim, edited, paraphrased, merged or split. `maybe_links` are the pairs the reader
was unsure of. The first 10 ("tuning", seed 19) were read before the nineteenth session's
alignment fixes and used to make them; the other 10 ("held-out", seed 28, other sources) were
read by another reader afterwards and only measure. Each row stores a hash of every sentence: a
pair whose sentences the reader did not see (the segmenter changed) is reported, not scored.
The CI gate `tests/test_quality.py` holds floors on the totals.

Run: .venv/bin/python bench/alignment_audit.py [../shared/datasets] [-v]
"""

from __future__ import annotations

from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace.embed import load
from wiretrace.evaluate import AlignmentAgreement, alignment_agreement, alignment_readings

READINGS = Path(__file__).parent / "data" / "alignment_read.jsonl"


def main() -> None:
    args = _datasets.parse(__doc__, verbose=True)
    totals: dict[str, AlignmentAgreement] = {}
    for row, c in alignment_readings(args.datasets, load(), READINGS):
        if c is None:
            print(f"{row['rewrite']}: the sentences differ from those read; not scored")
            continue
        agreement = alignment_agreement(c, row["links"], row["maybe_links"])
        totals.setdefault(row["set"], AlignmentAgreement()).add(agreement)
        if args.verbose:
            print(f"{row['rewrite']} ({row['set']}, {c.verdict.relation}): {agreement}")
    print("| readings | link pairs found / wrong / missed | precision | recall | dropped listed (carried) "
          "| added listed (derived) |")
    print("|---|---|---|---|---|---|")
    for name, t in totals.items():
        print(f"| {name} | {t.found} / {t.wrong} / {t.missed} | {t.precision:.3f} | {t.recall:.3f} | "
              f"{t.dropped_listed} ({t.dropped_carried}) | {t.added_listed} ({t.added_derived}) |")  # fmt: skip


if __name__ == "__main__":
    main()
