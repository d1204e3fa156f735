"""The stable JSON form of a comparison: schema `wiretrace.compare/1` (see docs/compare-json.md).

Fields may be added in a minor revision; none is renamed or removed without a new schema id.
"""

from __future__ import annotations

from typing import Any

from wiretrace.model import Article, Comparison

COMPARE_SCHEMA = "wiretrace.compare/1"


def article_dict(article: Article) -> dict[str, Any]:
    """An article as JSON: metadata, extracted text, sentences with offsets, dropped chrome."""
    return {
        "id": article.id,
        "title": article.title,
        "byline": article.byline,
        "published": article.published,
        "site": article.site,
        "url": article.url,
        "text": article.text,
        "sentences": [{"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in article.sentences],
        "dropped_chrome": [{"text": d.text, "reason": d.reason} for d in article.dropped_chrome],
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """A comparison as the `wiretrace.compare/1` JSON object."""
    v = c.verdict
    return {
        "schema": COMPARE_SCHEMA,
        "source": article_dict(c.source),
        "target": article_dict(c.target),
        "verdict": {
            "relation": v.relation,
            "score": v.score,
            "source_coverage": v.source_coverage,
            "target_coverage": v.target_coverage,
            "evidence": dict(c.evidence),
        },
        "links": [
            {"source": list(lk.source), "target": list(lk.target), "kind": lk.kind, "score": lk.score} for lk in c.links
        ],
        "added": list(c.added),
        "dropped": list(c.dropped),
        "changes": [
            {"kind": ch.kind, "source": ch.source, "target": ch.target, "before": ch.before, "after": ch.after}
            for ch in c.changes
        ],
        "unsupported": [{"target": u.target, "items": list(u.items)} for u in c.unsupported],
    }
