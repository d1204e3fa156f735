"""The fast wordllama encoder gives the model's own sentence vectors, on real news and awkward text."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATASETS
from wiretrace import embed
from wiretrace.embed import StaticEncoder, wordllama_model
from wiretrace.ingest import from_text


@pytest.fixture(scope="module")
def model() -> Any:
    return wordllama_model()


def encoder(model: Any) -> StaticEncoder:
    return StaticEncoder(model.embedding, model.tokenizer, lambda texts: model.embed(texts, norm=True))


def model_vectors(model: Any, texts: list[str]) -> np.ndarray:
    with np.errstate(invalid="ignore"):  # the model divides the empty text's zero vector by its norm
        return np.asarray(model.embed(texts, norm=True), dtype=np.float32)


def news_sentences(per_source: int) -> list[str]:
    """The sentences of the first articles of BBC, the L2R rewrites and Reuters, about `per_source` from each."""
    found: list[str] = []
    for name in ("bbc/articles.jsonl", "l2r-news/rewrites.jsonl", "reuters21578/articles.jsonl"):
        taken: list[str] = []
        with (DATASETS / name).open(encoding="utf-8") as lines:
            for line in lines:
                taken += [s.text for s in from_text(json.loads(line)["text"]).sentences]
                if len(taken) >= per_source:
                    break
        found += taken
    return found


def test_real_news_sentences_get_the_models_vectors(model: Any) -> None:
    sentences = news_sentences(2_000)
    fast = encoder(model)
    for start in range(0, len(sentences), 25):  # article-sized calls, as the index makes them
        chunk = sentences[start : start + 25]
        np.testing.assert_allclose(fast.encode(chunk), model_vectors(model, chunk), atol=1e-6)


def test_a_full_chunk_table_is_replaced_without_losing_ids(model: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "CHUNKS_CACHED", 40)
    sentences = news_sentences(270)
    fast = encoder(model)
    for start in range(0, len(sentences), 10):
        chunk = sentences[start : start + 10]
        np.testing.assert_allclose(fast.encode(chunk), model_vectors(model, chunk), atol=1e-6)


def test_a_sentences_vector_does_not_depend_on_the_others_encoded_with_it(model: Any) -> None:
    """The vectors are one sparse product over all the texts of a call: each text's row is its own
    mean token vector, whatever else is in the call, and an empty text is a zero row."""
    sentences = [*news_sentences(60), "", "rain", ""]
    together = encoder(model).encode(sentences)
    alone = np.vstack([encoder(model).encode([s]) for s in sentences])
    np.testing.assert_allclose(together, alone, atol=1e-7)
    assert not together[-1].any() and not together[-3].any() and np.isclose(np.linalg.norm(together[-2]), 1.0)


def test_threads_sharing_one_encoder_get_the_models_vectors(model: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "CHUNKS_CACHED", 64)  # tables turn over while other threads use them
    sentences = news_sentences(540)
    calls = [sentences[k : k + 8] for k in range(0, len(sentences), 8)]
    fast = encoder(model)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(fast.encode, calls))
    for texts, vectors in zip(calls, got):
        np.testing.assert_allclose(vectors, model_vectors(model, texts), atol=1e-6)


AWKWARD = [
    "  two leading spaces, and two  inside, and trailing   ",
    "tabs\tand\nnew lines\r\nin a sentence",
    "a literal \u2581 marker and \u2581\u2581 two",
    "the tags <s> and </s> and <unk> in text",
    "accents: café, naïve, São Paulo, Zürich; emoji 📰 and CJK 新闻",
    "3 p.m. on Jan. 3, the U.S. said $4.5bn (£3.2bn) - 12% - was paid",
    " ",
]


def test_awkward_spacing_and_symbols_get_the_models_vectors(model: Any) -> None:
    calls: list[list[str]] = []

    def fallback(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return model_vectors(model, texts)

    fast = StaticEncoder(model.embedding, model.tokenizer, fallback)
    np.testing.assert_allclose(fast.encode(AWKWARD), model_vectors(model, AWKWARD), atol=1e-6)
    assert calls == [["the tags <s> and </s> and <unk> in text"]]  # only the text the tokenizer cuts up


def test_the_empty_text_is_a_zero_row_where_the_model_gives_nan(model: Any) -> None:
    vectors = encoder(model).encode(["", "rain"])
    assert np.all(vectors[0] == 0)
    assert np.isnan(model_vectors(model, [""])).all()
    np.testing.assert_allclose(vectors[1:], model_vectors(model, ["rain"]), atol=1e-6)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab Zé.,'\u2581\n-1<s/>")), min_size=1, max_size=40),
                min_size=1, max_size=6))  # fmt: skip
def test_any_text_gets_the_models_vectors(model: Any, texts: list[str]) -> None:
    np.testing.assert_allclose(encoder(model).encode(texts), model_vectors(model, texts), atol=1e-6)


def test_a_vocabulary_that_merges_across_markers_takes_the_models_path(model: Any) -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(model.tokenizer.to_str())
    tokenizer.add_tokens(["of\u2581the"])  # a token spanning two words breaks the chunk rule
    calls: list[list[str]] = []

    def fallback(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return model_vectors(model, texts)

    StaticEncoder(model.embedding, tokenizer, fallback).encode(["one of the two"])
    assert calls == [["one of the two"]]


def test_loading_the_model_leaves_the_callers_logging_alone() -> None:
    """A notebook's review: wordllama calls logging.basicConfig(level=INFO) on import, so every
    later index add printed INFO lines. Its import no longer changes the root logger."""
    code = ("import logging; from wiretrace.embed import load; load(); "
            "root = logging.getLogger(); print(len(root.handlers), root.level)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["0", str(logging.WARNING)]
