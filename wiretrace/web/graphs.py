"""Pictures computed on the server as inline SVG: a story's timeline and the sites' reuse graph.

Plain functions from the JSON objects (`wiretrace.story/1`, `wiretrace.sites/1`) to SVG text;
every label is escaped, and styling is by class (the page's CSP allows no inline styles).
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup, escape

from wiretrace.report import parse_when, readable_date

_WIDTH = 900
_MARGIN = 60


def _short(text: str | None, n: int = 28) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def timeline_svg(story: dict[str, Any]) -> Markup:
    """The members of a story on a time axis: one dot each, the origin marked, undated ones at the end."""
    members = story.get("members") or []
    times = [parse_when(m.get("published")) for m in members]  # placed by the hour when members have one
    known = [(t, m.get("published")) for t, m in zip(times, members) if t is not None]
    first, last = (min(known, key=lambda k: k[0]), max(known, key=lambda k: k[0])) if known else (None, None)
    span = max((last[0] - first[0]).total_seconds(), 3600.0) if first and last else 1.0
    undated_x = _WIDTH - _MARGIN + 30
    height = 70 + 22 * len(members)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {_WIDTH + 60} {height}" role="img" '
        f'aria-label="Story timeline: {len(members)} members">',
        f'<line class="axis" x1="{_MARGIN}" y1="40" x2="{_WIDTH - _MARGIN}" y2="40"/>',
    ]
    if first and last:
        parts.append(f'<text class="tick" x="{_MARGIN}" y="25">{escape(readable_date(first[1]))}</text>')
        if last[0] != first[0]:
            end = escape(readable_date(last[1]))
            parts.append(f'<text class="tick end" x="{_WIDTH - _MARGIN}" y="25">{end}</text>')
    if len(known) < len(times):
        parts.append(f'<text class="tick" x="{undated_x - 20}" y="25">no date</text>')
    for row, (member, when) in enumerate(zip(members, times)):
        if when is not None and first is not None:
            x = _MARGIN + (when - first[0]).total_seconds() / span * (_WIDTH - 2 * _MARGIN)
        else:
            x = undated_x
        y = 62 + 22 * row
        origin = member.get("relation") == "origin"
        cls = "origin" if origin else escape(member.get("relation") or "member")
        # the relation in words: the dot's colour alone says nothing to a reader who cannot tell it
        relation = "ORIGIN" if origin else str(member.get("relation") or "member")
        label = f"{relation} · {_short(member.get('title') or member.get('id'))}"
        label += f" · {_short(member.get('site'), 20)}" if member.get("site") else ""
        anchor = "end" if x > _WIDTH / 2 else "start"
        dx = -10 if anchor == "end" else 10
        parts += [
            f'<line class="stem" x1="{x:.1f}" y1="40" x2="{x:.1f}" y2="{y}"/>',
            f'<circle class="dot {cls}" cx="{x:.1f}" cy="{y}" r="{7 if origin else 5}">'
            f"<title>{escape(member.get('id'))} · {escape(member.get('relation'))} · "
            f"{escape(readable_date(member.get('published')) or 'no date')}</title></circle>",
            f'<text class="member-name {anchor}" x="{x + dx:.1f}" y="{y + 4}">{escape(label)}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


#: Width kept on each side of the sites graph for its labels (24 characters of 12 px text).
_LABEL_ROOM = 170


def sites_svg(sites: dict[str, Any], most: int = 24) -> Markup:
    """Who copies whom: sites on a circle, an arrow from the original site to the copying site per edge.

    Only the `most` sites with the most links are drawn (all are in the table beside it).
    """
    edges = sites.get("edges") or []
    weight: dict[str, int] = {}
    for e in edges:
        for key in ("source_site", "target_site"):
            weight[e[key]] = weight.get(e[key], 0) + int(e.get("links", 0))
    for s in sites.get("sites") or []:
        weight.setdefault(s["site"], 0)
    names = sorted(weight, key=lambda n: (-weight[n], n))[:most]
    if not names:
        return Markup('<p class="none">No sites indexed yet.</p>')
    size, radius = 640, 230
    centre = size / 2
    pos = {
        n: (centre + radius * math.cos(2 * math.pi * i / len(names) - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * i / len(names) - math.pi / 2))
        for i, n in enumerate(names)
    }  # fmt: skip
    heaviest = max((int(e.get("links", 0)) for e in edges), default=1) or 1
    parts = [
        # room beside the circle for labels of up to 24 characters at either side
        f'<svg class="sites-graph" viewBox="{-_LABEL_ROOM} 0 {size + 2 * _LABEL_ROOM} {size}" role="img" '
        f'aria-label="Site reuse graph: {len(names)} sites, {len(edges)} edges">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="12" markerHeight="12" '
        'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>',
    ]
    for e in edges:
        a, b = e["source_site"], e["target_site"]
        if a not in pos or b not in pos:
            continue
        width = 1 + 5 * int(e.get("links", 0)) / heaviest
        count = int(e.get("links", 0))
        against = int(e.get("against_content") or 0)  # dated against their content: dashed, and said
        kind = "edge disputed" if against else "edge"
        note = f", {against} dated against their content" if against else ""
        tip = f"<title>{escape(b)} copies {escape(a)}: {count} article{'' if count == 1 else 's'}{note}</title>"
        (x1, y1), (x2, y2) = pos[a], pos[b]
        if a == b:  # a site copying itself: a loop outside the circle
            ox, oy = (x1 - centre) / radius * 22, (y1 - centre) / radius * 22
            parts.append(f'<circle class="{kind}" cx="{x1 + ox:.1f}" cy="{y1 + oy:.1f}" r="16" '
                         f'stroke-width="{width:.1f}">{tip}</circle>')  # fmt: skip
            continue
        length = math.hypot(x2 - x1, y2 - y1) or 1
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        sx, sy, ex, ey = x1 + 10 * ux, y1 + 10 * uy, x2 - 12 * ux, y2 - 12 * uy
        cx, cy = (sx + ex) / 2 - 30 * uy, (sy + ey) / 2 + 30 * ux  # bend right, so A->B and B->A both show
        parts.append(
            f'<path class="{kind}" d="M {sx:.1f} {sy:.1f} Q {cx:.1f} {cy:.1f} {ex:.1f} {ey:.1f}" '
            f'stroke-width="{width:.1f}" marker-end="url(#arrow)">{tip}</path>'
        )
    for n in names:
        x, y = pos[n]
        anchor = "start" if x >= centre else "end"
        dx = 12 if anchor == "start" else -12
        parts.append(
            f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="8"><title>{escape(n)}</title></circle>'
            f'<text class="site-name {anchor}" x="{x + dx:.1f}" y="{y + 4:.1f}">{escape(_short(n, 24))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
