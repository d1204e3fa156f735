"""Lexical fingerprints: word n-gram shingles, their Jaccard resemblance, MinHash and LSH keys.

The n-gram view is what MinHash tools estimate; wiretrace uses it to tell articles that
share text from articles that only share a story, to propose copy candidates in a
collection (LSH band keys), and as the lexical baseline in benchmarks.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from wiretrace.errors import ConfigError
from wiretrace.text import words


def shingles(text: str, n: int = 5) -> frozenset[tuple[str, ...]]:
    """The set of word `n`-grams of `text` (lower-cased, punctuation-free words)."""
    w = words(text)
    if len(w) < n:
        return frozenset([tuple(w)]) if w else frozenset()
    return frozenset(tuple(w[i : i + n]) for i in range(len(w) - n + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    """Jaccard resemblance |a ∩ b| / |a ∪ b| of two shingle sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass(slots=True, frozen=True)
class LshConfig:
    """MinHash/LSH settings: `bands` x `rows` must fit in `num_perm`.

    With b bands of r rows, a pair of resemblance s becomes a candidate with probability
    1 - (1 - s^r)^b; the defaults (42 x 3) give p = 0.996 at s = 0.5, 0.68 at 0.3 and 0.04
    at 0.1: copies and edited copies are found, unrelated pages rarely collide, and
    paraphrases (s ~ 0.02-0.1) are left to the semantic candidates.
    """

    num_perm: int = 128
    bands: int = 42
    rows: int = 3
    shingle: int = 5
    seed: int = 1729

    def __post_init__(self) -> None:
        if min(self.num_perm, self.bands, self.rows, self.shingle) < 1:
            raise ConfigError("LSH settings must be positive integers")
        if self.bands * self.rows > self.num_perm:
            raise ConfigError(
                f"LSH bands x rows ({self.bands} x {self.rows} = {self.bands * self.rows}) exceeds num_perm "
                f"({self.num_perm}): lower bands or rows, or raise num_perm"
            )

    def candidate_probability(self, resemblance: float) -> float:
        """Chance that two articles of this Jaccard resemblance share at least one band."""
        return 1.0 - (1.0 - resemblance**self.rows) ** self.bands


def signatures(texts: Sequence[str], config: LshConfig = LshConfig()) -> np.ndarray:
    """MinHash signatures of `texts` over word shingles, one uint64 row of `num_perm` per text.

    Computed by rensa (Rust) in one call for the batch; shingling is the Python part.
    """
    import rensa

    if not texts:
        return np.zeros((0, config.num_perm), dtype=np.uint64)
    token_sets = [[" ".join(s) for s in shingles(t, config.shingle)] or [""] for t in texts]
    matrix = rensa.RMinHash.digest_matrix_from_token_sets(token_sets, config.num_perm, config.seed)
    return np.asarray(matrix.to_rows(), dtype=np.uint64)


def band_keys(sigs: np.ndarray, config: LshConfig = LshConfig()) -> np.ndarray:
    """One 64-bit key per (text, band): texts sharing a key in any band are LSH candidates.

    Each band's rows are mixed with a fixed odd multiplier per position (a polynomial hash
    in uint64 arithmetic), so keys are stable across runs, processes and engines.
    """
    used = sigs[:, : config.bands * config.rows].reshape(len(sigs), config.bands, config.rows)
    mixers = _MIXERS[: config.rows]
    with np.errstate(over="ignore"):
        keys = (used * mixers).sum(axis=2, dtype=np.uint64)
        keys ^= np.arange(config.bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return keys.astype(np.uint64)


def distinct_keys_per_row(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's distinct band keys (ascending) and the row each came from: the rows an index
    stores for a batch (a text holding the same key in two bands is stored once)."""
    ordered = np.sort(np.asarray(keys, dtype=np.uint64), axis=1)
    first = np.ones(ordered.shape, dtype=bool)
    first[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    rows = np.broadcast_to(np.arange(len(ordered))[:, None], ordered.shape)
    return ordered[first], rows[first]


#: Sentences given an anchor (`sentence_anchors`): the first this many of each article of
#: `ANCHOR_WORDS` words or more ('He said.' is anyone's).
ANCHORS = 32
ANCHOR_WORDS = 6


def sentence_anchors(articles: Sequence[Sequence[str]], limit: int = ANCHORS) -> np.ndarray:
    """One 64-bit key per sentence (each article given as its sentences' texts), the first `limit`
    of `ANCHOR_WORDS` words or more, 0 where an article has no more: articles sharing two are
    candidates of a roundup that ran their paragraphs, which shares too little of each to
    resemble it as a whole. The key is a sentence's word 3-gram of least CRC-32, hashed: the
    same in a sentence copied word for word, and in most lightly edited (one word swapped of
    twenty keeps it 5 times in 6)."""
    return anchors_of_words([(words(s) for s in sentences) for sentences in articles], limit)


def anchors_of_words(articles: Sequence[Iterable[Sequence[str]]], limit: int = ANCHORS) -> np.ndarray:
    """`sentence_anchors` of articles given as their sentences' `words` (read as far as needed),
    for a caller that has tokenised them already."""
    out = np.zeros((len(articles), limit), dtype=np.uint64)
    for row, sentences in enumerate(articles):
        taken = 0
        for w in sentences:
            if len(w) < ANCHOR_WORDS:
                continue
            grams = [" ".join(w[i : i + 3]) for i in range(len(w) - 2)]
            crcs = [zlib.crc32(g.encode()) for g in grams]
            least = grams[crcs.index(min(crcs))]  # the first of least CRC, as min(key=...) gave
            digest = hashlib.blake2b(least.encode(), digest_size=8, person=b"wt-anchor").digest()
            out[row, taken] = int.from_bytes(digest, "little") or 1
            taken += 1
            if taken == limit:
                break
    return out


def with_anchors(keys: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """Band keys and sentence anchors as the rows an index stores (`distinct_keys_per_row`): an
    article's unused anchor slots repeat its first band key, which is stored once."""
    if not anchors.size:
        return keys
    filled = np.where(anchors == 0, keys[:, :1], anchors) if keys.size else anchors
    return np.hstack([keys, filled]).astype(np.uint64, copy=False)


def estimated_resemblance(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard resemblance estimated from two MinHash signatures."""
    return float(np.mean(a == b)) if len(a) else 0.0


_MIXERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip


def content_hash(text: str) -> str:
    """A stable hash of an article's whitespace-normalised text: equal text, equal hash."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=16).hexdigest()


def article_key(article_id: str) -> int:
    """A stable 64-bit key for an article id: its label in the neighbour graph and the band files,
    stored beside its centroid so an index opens without hashing every id again."""
    return int.from_bytes(hashlib.blake2b(article_id.encode(), digest_size=8).digest(), "little")
