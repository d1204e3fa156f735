"""MinHash/LSH kernels: golden values, save/load stability, banding behaviour, config checks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import EXAMPLES
from wiretrace.errors import ConfigError
from wiretrace.evaluate import spin
from wiretrace.fingerprint import (
    ANCHORS,
    LshConfig,
    band_keys,
    distinct_keys_per_row,
    estimated_resemblance,
    jaccard,
    sentence_anchors,
    shingles,
    signatures,
    with_anchors,
)
from wiretrace.ingest import from_text

SOURCE = (EXAMPLES / "l2r" / "001-source.txt").read_text()


def test_golden_signature_and_keys_are_stable() -> None:
    sig = signatures([SOURCE])[0]
    keys = band_keys(signatures([SOURCE]))[0]
    # golden values: a change here silently invalidates every stored index
    assert [int(v) for v in sig[:3]] == GOLDEN_SIG
    assert [int(v) for v in keys[:3]] == GOLDEN_KEYS


def test_signature_round_trips_through_json(tmp_path) -> None:
    sig = signatures([SOURCE])
    path = tmp_path / "sig.json"
    path.write_text(json.dumps([int(v) for v in sig[0]]))
    again = np.array(json.loads(path.read_text()), dtype=np.uint64)
    assert (band_keys(again[None, :]) == band_keys(sig)).all()


def test_copies_collide_and_unrelated_texts_do_not() -> None:
    edited = SOURCE.replace("Police have appealed", "Officers have appealed").replace("Saturday", "Sunday")
    other = (EXAMPLES / "l2r" / "002-source.txt").read_text()
    sigs = signatures([SOURCE, edited, other])
    keys = band_keys(sigs)
    assert np.intersect1d(keys[0], keys[1]).size > 0
    assert np.intersect1d(keys[0], keys[2]).size == 0
    true = jaccard(shingles(SOURCE), shingles(edited))
    assert abs(estimated_resemblance(sigs[0], sigs[1]) - true) < 0.15


def test_config_is_validated() -> None:
    with pytest.raises(ConfigError, match="exceeds num_perm"):
        LshConfig(num_perm=64, bands=42, rows=3)
    assert LshConfig().candidate_probability(0.5) > 0.99


GOLDEN_SIG = [431656814, 735972475, 465659208]
GOLDEN_KEYS = [1843644083174398467, 15083401855731642116, 631974282786788852]


def test_distinct_keys_per_row_keeps_each_rows_keys_once_in_order() -> None:
    keys = np.array([[5, 3, 5, 1], [2, 2, 2, 2], [9, 8, 7, 6]], dtype=np.uint64)
    flat, rows = distinct_keys_per_row(keys)
    assert list(zip(flat.tolist(), rows.tolist())) == [
        (int(k), i) for i, row in enumerate(keys) for k in np.unique(row)
    ]
    assert [len(x) for x in distinct_keys_per_row(np.zeros((0, 42), dtype=np.uint64))] == [0, 0]


def test_sentence_anchors_are_kept_by_copied_and_most_lightly_edited_sentences() -> None:
    """A roundup's wires are found by the sentences it ran (`detect.anchored_pairs`): a sentence
    copied word for word has its wire's anchor, case and punctuation aside, and so do most that
    an article spinner edited ('said' to 'stated'); other sentences do not."""
    import random

    sentences = [s.text for s in from_text(SOURCE).sentences]
    other = [s.text for s in from_text((EXAMPLES / "l2r" / "002-source.txt").read_text()).sentences]
    rng = random.Random(3)
    spun = [spin(x, 1, rng) for x in sentences]
    assert sum(a != b for a, b in zip(spun, sentences)) >= 6  # most sentences had a word to swap
    anchors = sentence_anchors([sentences, [x.upper().rstrip(".") for x in sentences], spun, other, ["Too short."]])
    assert anchors.shape == (5, ANCHORS) and anchors.dtype == np.uint64
    assert [int(v) for v in anchors[0][:3]] == GOLDEN_ANCHORS  # stored in every index: a change orphans them
    mine = set(anchors[0].tolist()) - {0}
    assert len(mine) == len(sentences) and (anchors[1] == anchors[0]).all()
    assert len(mine & set(anchors[2].tolist())) >= 0.6 * len(mine)
    assert not mine & set(anchors[3].tolist()) and not anchors[4].any()
    assert (sentence_anchors([sentences], limit=2) == anchors[:1, :2]).all()


GOLDEN_ANCHORS = [6904973930510957534, 8701677031510648702, 12620060658115190833]


def test_anchors_are_stored_beside_band_keys_without_empty_slots() -> None:
    keys = np.array([[7, 8], [9, 10]], dtype=np.uint64)
    anchors = np.array([[3, 0, 0], [0, 0, 0]], dtype=np.uint64)
    stored = with_anchors(keys, anchors)
    assert stored.tolist() == [[7, 8, 3, 7, 7], [9, 10, 9, 9, 9]]
    flat, rows = distinct_keys_per_row(stored)
    assert sorted(zip(rows.tolist(), flat.tolist())) == [(0, 3), (0, 7), (0, 8), (1, 9), (1, 10)]
