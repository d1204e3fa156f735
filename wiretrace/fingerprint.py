"""Lexical fingerprints: word n-gram shingles and their Jaccard resemblance.

The n-gram view is what MinHash tools estimate; wiretrace uses it to tell articles that
share text from articles that only share a story, and as the lexical baseline in benchmarks.
"""

from __future__ import annotations

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
