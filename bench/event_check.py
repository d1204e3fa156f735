"""What the event check changes: index quality with and without it, in the same run.

Two corpora, each indexed twice (with the event check, and with it switched off):
- BBC + L2R sources + their AI rewrites (the corpus of bench/index_quality.py): link precision,
  recall and L2R origins against the gold pairs;
- ECB+ (772 independent reports of 43 topics' events): links between reports sharing no text;
- Clough-Stevenson (5 sources, 19 answers each, 57 derived): source-answer links kept, a family
  of many derived texts being the context the check must not mistake for an event's reports.

Run: .venv/bin/python bench/event_check.py [../shared/datasets]
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import _datasets  # the benchmarks' command line (bench/_datasets.py)

import wiretrace.engines.local as local
from wiretrace.evaluate import (
    PASSAGE_WORDS,
    clough_family_links,
    ecb_accusations,
    evaluate_index,
    read_jsonl,
    write_clough_corpus,
    write_index_corpus,
)

CHECK = local.independent_reports


def measure(datasets: Path, work: Path, label: str) -> None:
    truth = write_index_corpus(datasets, work / "gold.jsonl")
    with local.Index(work / f"gold-{label}") as index:
        index.add([str(work / "gold.jsonl")])
        quality = evaluate_index(index, datasets, truth)
    rows = read_jsonl(datasets / "ecbplus" / "articles.jsonl")
    (work / "ecb.jsonl").write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows))
    with local.Index(work / f"ecb-{label}") as index:
        index.add([str(work / "ecb.jsonl")])
        ecb = ecb_accusations(index, datasets)
    answers = write_clough_corpus(datasets, work / "clough.jsonl")
    with local.Index(work / f"clough-{label}") as index:
        index.add([str(work / "clough.jsonl")])
        derived, independent = clough_family_links(index, answers)
    s = quality.scores
    print(
        f"{label:>13}: BBC+L2R precision {s.precision:.4f} recall {s.recall:.4f} (tp {s.tp}, fp {s.fp}, "
        f"fn {s.fn}), origins {quality.origins_right}/{quality.origins_total}; "
        f"ECB+ {ecb.no_shared_text} of {ecb.links} links join reports sharing no text "
        f"({ecb.no_shared_passage} not even a passage of {PASSAGE_WORDS} words); "
        f"Clough-Stevenson {derived}/57 derived and {independent}/38 independent answers linked to their source",
        flush=True,
    )


def main(datasets: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="wiretrace-event-"))
    measure(datasets, work, "event check")
    local.independent_reports = lambda *judged: False
    try:
        measure(datasets, work, "without it")
    finally:
        local.independent_reports = CHECK


if __name__ == "__main__":
    main(_datasets.parse(__doc__).datasets)
