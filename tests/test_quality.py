"""Quality gates on fixed public gold sets: CI fails when a score drops below its floor.

Floors live in `quality_floors.json`; the measured figures are in BENCHMARKS.md and are
printed here (run with `-s`) so a rise can be recorded.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATASETS, need_datasets
from wiretrace.align import PARAPHRASE_THRESHOLD, score_matrix
from wiretrace.embed import Embedder
from wiretrace.evaluate import (
    PASSAGE_WORDS,
    AlignmentAgreement,
    Scores,
    alignment_agreement,
    alignment_readings,
    clough_pairs,
    desk_edit_readings,
    ecb_independent_pairs,
    ecb_other_event_pairs,
    invented_quote_pairs,
    l2r_pairs,
    msrp_rows,
    reuters_template_relations,
    shares_passage,
)
from wiretrace.text import content_words

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())
ALIGNMENT_READINGS = Path(__file__).parents[1] / "bench" / "data" / "alignment_read.jsonl"
DESK_EDITS = Path(__file__).parents[1] / "bench" / "data" / "desk_edits.jsonl"


@pytest.mark.quality
def test_l2r_derived_verdict(embedder: Embedder) -> None:
    need_datasets()
    labels, predictions = [], []
    for pair in l2r_pairs(DATASETS, embedder, hard_negatives=3, bbc_negatives=3):
        labels.append(pair.derived)
        predictions.append(pair.comparison.verdict.relation != "unrelated")
    scores = Scores.of(labels, predictions)
    print(f"\nL2R derived verdict over {len(labels)} pairs: {scores}")
    assert sum(labels) == 400 and len(labels) == 400 * 7
    assert scores.precision >= FLOORS["l2r_derived_precision"]
    assert scores.recall >= FLOORS["l2r_derived_recall"]
    assert scores.f1 >= FLOORS["l2r_derived_f1"]


@pytest.mark.quality
def test_l2r_rewrites_with_an_invented_quote_stay_derived(embedder: Embedder) -> None:
    """A content farm invents an expert and quotes them: the rewrite must still be traced to its
    source, with the made-up speaker listed as unsupported (`evaluate.invented_quote_pairs`)."""
    need_datasets()
    pairs = list(invented_quote_pairs(DATASETS, embedder))
    derived = [p for p in pairs if p.comparison.verdict.relation != "unrelated"]
    reported = sum(p.speaker_reported for p in derived)
    print(f"\nL2R rewrites with an invented quote: {len(derived)}/{len(pairs)} derived, speaker reported: {reported}")
    assert len(pairs) == 400
    assert len(derived) >= FLOORS["l2r_invented_quote_derived"]
    assert reported >= FLOORS["l2r_invented_quote_speaker_reported"]


@pytest.mark.quality
def test_clough_stevenson_answers_held_out(embedder: Embedder) -> None:
    """Short answers written from a Wikipedia article (cut and paste, light or heavy revision)
    are derived from it; answers on the same topic written without it are not. Nothing is tuned
    on this set."""
    need_datasets()
    pairs = list(clough_pairs(DATASETS, embedder))
    scores = Scores.of([p.derived for p in pairs], [p.comparison.verdict.relation != "unrelated" for p in pairs])
    print(f"\nClough-Stevenson answers against their source: {scores}")
    assert scores.tp + scores.fn == 57 and scores.fp + scores.tn == 38
    assert scores.tp >= FLOORS["clough_derived_found"]
    assert scores.fp <= FLOORS["clough_independent_max_flagged"]


@pytest.mark.quality
def test_ecb_independent_reports_are_not_derived(embedder: Embedder) -> None:
    need_datasets()
    pairs = list(ecb_independent_pairs(DATASETS, embedder))
    flagged = [p for p in pairs if p.comparison.verdict.relation != "unrelated"]
    rate = len(flagged) / len(pairs)
    strict = [p for p in flagged if not shares_passage(p.comparison.source.text, p.comparison.target.text)]
    print(
        f"\nECB+ same-event pairs sharing no text judged derived: {len(flagged)}/{len(pairs)} ({rate:.1%}), "
        f"{len(strict)} sharing no passage of {PASSAGE_WORDS} words either"
    )
    assert len(pairs) > 600
    assert rate <= FLOORS["ecb_independent_max_derived_rate"]
    assert len(strict) / len(pairs) <= FLOORS["ecb_no_passage_max_derived_rate"]


@pytest.mark.quality
def test_template_wires_about_other_companies_are_not_derived(embedder: Embedder) -> None:
    """A dividend notice, earnings table or money-market forecast written to the same template as
    its nearest wire, about another company, is not derived from it."""
    need_datasets()
    relations = reuters_template_relations(DATASETS, embedder)  # judged first, as the index judges candidates
    flagged = sum(relation != "unrelated" for relation in relations)
    print(f"\nReuters wires about other companies judged derived: {flagged}/{len(relations)}")
    assert len(relations) > 19000
    assert flagged / len(relations) <= FLOORS["reuters_template_max_derived_rate"]


@pytest.mark.quality
def test_ecb_same_kind_of_event_on_another_day_is_not_derived(embedder: Embedder) -> None:
    need_datasets()
    pairs = list(ecb_other_event_pairs(DATASETS, embedder))
    flagged = [(p.source_id, p.target_id) for p in pairs if p.comparison.verdict.relation != "unrelated"]
    print(f"\nECB+ same-topic pairs about different events judged derived: {len(flagged)}/{len(pairs)} {flagged}")
    assert len(pairs) > 600
    assert len(flagged) / len(pairs) <= FLOORS["ecb_other_event_max_derived_rate"]


@pytest.mark.quality
def test_msrp_sentence_paraphrase_decision(embedder: Embedder) -> None:
    need_datasets()
    rows = msrp_rows(DATASETS)
    a = embedder.encode([r[1] for r in rows])
    b = embedder.encode([r[2] for r in rows])
    predictions = []
    for k, (_, s1, s2) in enumerate(rows):
        score = score_matrix(a[k : k + 1], b[k : k + 1], [content_words(s1)], [content_words(s2)])[0, 0]
        predictions.append(bool(score >= PARAPHRASE_THRESHOLD))
    labels = [r[0] for r in rows]
    scores = Scores.of(labels, predictions)
    accuracy = float(np.mean([y == p for y, p in zip(labels, predictions)]))
    print(f"\nMSRP train ({len(rows)} pairs): accuracy {accuracy:.4f}, {scores}")
    assert accuracy >= FLOORS["msrp_accuracy"]
    assert scores.f1 >= FLOORS["msrp_f1"]


@pytest.mark.quality
def test_sentence_links_against_blind_readings(embedder: Embedder) -> None:
    """The explanation's links against 20 L2R rewrites read sentence by sentence by two readers
    (`bench/alignment_audit.py`): every pair scored as read, and link precision and recall above
    their floors."""
    need_datasets()
    total = AlignmentAgreement()
    for row, c in alignment_readings(DATASETS, embedder, ALIGNMENT_READINGS):
        assert c is not None, f"{row['rewrite']}: the sentences are no longer those the reader saw"
        total.add(alignment_agreement(c, row["links"], row["maybe_links"]))
    print(f"\nsentence links against blind readings: {total}")
    assert total.precision >= FLOORS["alignment_link_precision"]
    assert total.recall >= FLOORS["alignment_link_recall"]


@pytest.mark.quality
def test_sentence_links_of_copies_edited_by_hand(embedder: Embedder) -> None:
    """The explanation's links against 20 BBC and Reuters articles an editor cut, merged, split,
    reworded and falsified by hand, with the truth written beside them (`bench/desk_edits.py`):
    link precision and recall, and the cut sentences listed dropped, above their floors."""
    need_datasets()
    total, cuts = AlignmentAgreement(), 0
    for row, c in desk_edit_readings(DATASETS, embedder, DESK_EDITS):
        assert c is not None, f"{row['pair']}: the sentences are no longer those the truth was written against"
        total.add(alignment_agreement(c, row["links"]))
        cut = set(range(len(c.source.sentences))) - {s for s, _ in row["links"]} - set(row["ignore_source"])
        cuts += len(cut & set(c.dropped))
    print(f"\nsentence links of copies edited by hand: {total}; cut sentences listed dropped: {cuts}")
    assert total.precision >= FLOORS["desk_edit_link_precision"]
    assert total.recall >= FLOORS["desk_edit_link_recall"]
    assert cuts >= FLOORS["desk_edit_cuts_listed"]
