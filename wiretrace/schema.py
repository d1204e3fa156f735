"""The stable JSON forms of results: `wiretrace.compare/1` (docs/compare-json.md), and the index's
`wiretrace.query/1`, `wiretrace.story/1` and `wiretrace.sites/1` (docs/index-json.md), what an
add did, `wiretrace.add/1`, and a batch run's `stats.json`, `wiretrace.batch/1` (docs/cli.md).

Fields may be added in a minor revision; none is renamed or removed without a new schema id.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from wiretrace.cluster import DerivedLink, Story
from wiretrace.model import Article, Comparison
from wiretrace.sites import SitesReport
from wiretrace.text import language_of

if TYPE_CHECKING:
    from wiretrace.engines.local import AddReport

COMPARE_SCHEMA = "wiretrace.compare/1"
QUERY_SCHEMA = "wiretrace.query/1"
STORY_SCHEMA = "wiretrace.story/1"
SITES_SCHEMA = "wiretrace.sites/1"
BATCH_SCHEMA = "wiretrace.batch/1"
ADD_SCHEMA = "wiretrace.add/1"


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
        "language": language_of(article.text),
        "sentences": [{"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in article.sentences],
        "dropped_chrome": [{"text": d.text, "reason": d.reason} for d in article.dropped_chrome],
    }


def made_by(model: str | None = None) -> dict[str, Any]:
    """What produced an output, for a methods section and for telling two files' settings apart:
    wiretrace's version, the sentence model with its package's version ('wordllama 0.4.0.post1'),
    and the reading of inputs (`ingest.READING`)."""
    from wiretrace import __version__
    from wiretrace.ingest import READING

    return {"wiretrace": __version__, "model": model or None, "reading": READING}


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """A comparison as the `wiretrace.compare/1` JSON object."""
    v = c.verdict
    source, target = article_dict(c.source), article_dict(c.target)
    return {
        "schema": COMPARE_SCHEMA,
        "made_by": made_by(c.model),
        "source": source,
        "target": target,
        "verdict": {
            "relation": v.relation,
            "score": v.score,
            "source_coverage": v.source_coverage,
            "target_coverage": v.target_coverage,
            "rule": v.rule,
            "evidence": dict(c.evidence),
            "caveat": c.caveat,
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
        "title_changes": [{"kind": ch.kind, "before": ch.before, "after": ch.after} for ch in c.title_changes],
        "credit": None if c.credit is None else {
            "names": list(c.credit.names), "credited": c.credit.credited, "where": c.credit.where,
            "passage": c.credit.passage, "instead": c.credit.instead},
    }  # fmt: skip


def link_dict(link: DerivedLink) -> dict[str, Any]:
    """A verified link row: `target` derives from `source` (the article judged original in the pair)."""
    return {
        "source": link.source,
        "target": link.target,
        "relation": link.relation,
        "score": round(link.score, 4),
        "source_coverage": round(link.source_coverage, 4),
        "target_coverage": round(link.target_coverage, 4),
        "reason": link.reason,
    }


def story_dict(story: Story) -> dict[str, Any]:
    """A story family as the `wiretrace.story/1` object: origin, reason, members on a timeline, links."""
    return {
        "schema": STORY_SCHEMA,
        "id": story.id,
        "origin": story.origin,
        "reason": story.reason,
        "headline": story.headline,
        "size": len(story.members),
        "members": [
            {
                "id": m.id,
                "title": m.title,
                "site": m.site,
                "published": m.published,
                "relation": m.relation,
                "score": round(m.score, 4),
                "coverage": round(m.coverage, 4),
                "via": m.via,
                "source_of": m.source_of,
            }
            for m in story.members
        ],
        "links": [link_dict(lk) for lk in story.links],
    }


def query_dict(result: Any) -> dict[str, Any]:
    """A query result (`engines.local.QueryResult`) as the `wiretrace.query/1` object."""
    return {
        "schema": QUERY_SCHEMA,
        "article": {"id": result.article.id, "title": result.article.title, "sentences": len(result.article.sentences)},
        "matches": [dataclasses.asdict(m) for m in result.matches],
        "story": story_dict(result.story) if result.story else None,
    }


def add_dict(report: AddReport) -> dict[str, Any]:
    """What one add did, as `index add --format json` prints it and `POST /api/articles` answers
    (which adds the stored `ids`): a nightly job reads its counts and rejects without parsing text."""
    return {
        "schema": ADD_SCHEMA,
        "added": report.added,
        "identical": report.identical,
        "duplicates": report.duplicates,
        "duplicate_of": {record_id: holder for _, record_id, holder in report.skipped_duplicates},
        "links": report.links,
        "set_aside": report.same_event,
        "judged_again": report.judged_again,
        "versions": report.versions,
        "restated": report.restated,
        "skipped": dict(sorted(report.skipped.items())),
        "rejected": [{"where": r.where, "reason": r.reason} for r in report.rejected],
    }


def sites_dict(report: SitesReport) -> dict[str, Any]:
    """The site reuse graph as the `wiretrace.sites/1` object."""
    return {
        "schema": SITES_SCHEMA,
        "sites": [dataclasses.asdict(s) for s in report.sites],
        "edges": [dataclasses.asdict(e) for e in report.edges],
    }
