"""Shared fixtures: the real embedder (loaded once per session) and the data locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiretrace.embed import Embedder, load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
DATASETS = ROOT.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load("wordllama")


def need_datasets() -> None:
    if not DATASETS.is_dir():
        pytest.fail(f"the shared datasets are missing: expected {DATASETS}")
