"""Detection kernels: band collisions, nearest centroids, verification and orientation."""

from __future__ import annotations

import numpy as np

from wiretrace.compare import profile
from wiretrace.detect import band_pairs, nearest, verify
from wiretrace.embed import Embedder
from wiretrace.ingest import from_text


def test_band_pairs_are_rows_sharing_any_key() -> None:
    keys = np.array([[1, 2, 3], [9, 2, 8], [7, 7, 7], [4, 5, 3]], dtype=np.uint64)
    assert band_pairs(keys) == {(0, 1), (0, 3)}


def test_nearest_respects_k_threshold_and_exclusion() -> None:
    rng = np.random.default_rng(7)
    space = rng.normal(size=(50, 16)).astype(np.float32)
    space /= np.linalg.norm(space, axis=1, keepdims=True)
    hits = nearest(space[:5], space, k=3, min_cosine=-1.0, exclude=[0, 1, 2, 3, 4])
    for i, row in enumerate(hits):
        assert len(row) == 3 and i not in row
        sims = space @ space[i]
        sims[i] = -9
        assert row == list(np.argsort(-sims)[:3])
    assert nearest(space[:2], space, k=3, min_cosine=1.01) == [[], []]


def test_verify_orients_by_date_and_rejects_unrelated(embedder: Embedder) -> None:
    wire = (
        "The city council voted 7-2 on Tuesday to close the Elm Street bridge for repairs. "
        "Engineers found corrosion in two steel beams last month, the mayor said. "
        "The bridge carries about 12,000 cars a day and will reopen in March."
    )
    copy = wire + " Readers can send tips to the newsroom."
    a = profile(from_text(copy, "copy", id="copy", published="2024-05-02"), embedder)
    b = profile(from_text(wire, "wire", id="wire", published="2024-05-01"), embedder)
    link = verify(a, b)
    assert link is not None and (link.source, link.target) == ("wire", "copy")
    assert link.reason == "earlier published date" and link.relation in ("copy", "edited-copy")
    other = profile(
        from_text(
            "Ten farms in the valley lost their wheat crop to hail on Sunday, "
            "growers said. Insurance will cover part of the damage.",
            "o",
            id="o",
        ),
        embedder,
    )
    assert verify(b, other) is None
