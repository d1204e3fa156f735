"""Fit the verdict's logistic weights on L2R rewrites against hard negatives.

Run: .venv/bin/python bench/fit_verdict.py ../shared/datasets
Prints the weights to paste into wiretrace/verdict.py and the cross-validated scores.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from wiretrace import verdict
from wiretrace.embed import load
from wiretrace.evaluate import l2r_pairs
from wiretrace.verdict import Features


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.001, steps: int = 30000) -> np.ndarray:
    """Plain batch gradient descent on the L2-regularised logistic loss; last weight is the bias."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    pos_weight = (y == 0).sum() / max((y == 1).sum(), 1)  # balance classes
    sample_w = np.where(y == 1, pos_weight, 1.0)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ ((p - y) * sample_w) / len(y) + l2 * np.r_[w[:-1], 0]
        w -= 2.0 * grad
    return w


def main(datasets: Path) -> None:
    pairs = list(l2r_pairs(datasets, load("wordllama")))
    feats, labels, groups = [], [], []
    for p in pairs:
        feats.append(tuple(p.comparison.evidence[name] for name in verdict.FEATURE_NAMES))
        labels.append(1.0 if p.derived else 0.0)
        groups.append(p.target_id)
    x, y = np.array(feats), np.array(labels)
    ids = sorted(set(groups))
    fold = np.array([ids.index(g) % 5 for g in groups])
    preds = np.zeros(len(y))
    for k in range(5):
        w = fit(x[fold != k], y[fold != k])
        preds[fold == k] = 1 / (1 + np.exp(-(np.hstack([x[fold == k], np.ones(((fold == k).sum(), 1))]) @ w)))
    best = (0.0, 0.5)
    for cut in (0.5, 0.6, 0.7, 0.8, 0.9):
        tp = ((preds >= cut) & (y == 1)).sum()
        fp = ((preds >= cut) & (y == 0)).sum()
        fn = ((preds < cut) & (y == 1)).sum()
        f1 = 2 * tp / (2 * tp + fp + fn)
        print(f"5-fold CV at {cut}: precision {tp / (tp + fp):.4f} recall {tp / (tp + fn):.4f} F1 {f1:.4f}")
        best = max(best, (f1, cut))
    w = fit(x, y)
    shift = float(np.log(best[1] / (1 - best[1])))  # fold the chosen cut into the bias
    print("WEIGHTS =", tuple(round(float(v), 2) for v in w[:-1]), "BIAS =", round(float(w[-1]) - shift, 2))
    print("features:", verdict.FEATURE_NAMES)
    cur = np.array([verdict.probability(Features(*row)) for row in x])
    tp = ((cur >= 0.5) & (y == 1)).sum()
    fp = ((cur >= 0.5) & (y == 0)).sum()
    fn = ((cur < 0.5) & (y == 1)).sum()
    print(f"current weights: precision {tp / (tp + fp):.4f} recall {tp / (tp + fn):.4f}")
    np.save("/tmp/wiretrace_features.npy", np.hstack([x, y[:, None]]))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets"))
