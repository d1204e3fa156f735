"""AI rewrites padded with an invented quote: still traced to their source, the speaker reported?

Content farms invent experts and witnesses. Each of the 400 L2R rewrites gets one made-up quote
from a person its source never names, put after its middle sentence (`evaluate.with_invented_quote`),
and is compared with its source. Reported: how many stay derived (393 are without the quote), and
in how many of those the invented speaker is listed among the unsupported facts.

Run: .venv/bin/python bench/invented_quotes.py [../shared/datasets]
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace.embed import load
from wiretrace.evaluate import invented_quote_pairs


def main(datasets: Path) -> None:
    rules: Counter[str] = Counter()
    derived = reported = total = 0
    for pair in invented_quote_pairs(datasets, load()):
        total += 1
        verdict = pair.comparison.verdict
        if verdict.relation == "unrelated":
            rules[verdict.rule or "score"] += 1
            continue
        derived += 1
        reported += pair.speaker_reported
    print(f"rewrites with an invented quote still derived: {derived} of {total}")
    print(f"  of those, the invented speaker reported as unsupported: {reported}")
    print(f"  unrelated, by the rule that lowered them: {dict(rules.most_common())}")


if __name__ == "__main__":
    main(_datasets.parse(__doc__).datasets)
