"""Human views of a comparison: a self-contained HTML page and a Rich terminal report.

Both functions take the `wiretrace.compare/1` dict from `schema.comparison_dict`, never the
model objects, so they render saved JSON just as well. All article-derived text is untrusted
web content: in HTML it goes through `html.escape(..., quote=True)` (and never into <script>),
in the terminal through `rich.text.Text`, so markup in an article is shown literally.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from wiretrace import cluster
from wiretrace.align import LIGHT_EDIT, words_in_order
from wiretrace.chrome import AI_LEFTOVER, HIDDEN_CHARACTERS
from wiretrace.text import reads_as_english

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
#: Link kinds' colours: none of them red, the colour of words taken out ('dark_orange' is red on a
#: terminal of 16 colours); added in blue, a dropped sentence in the text's own colour, its kind in bold.
_KIND_STYLE = {"verbatim": "green", "edited": "yellow", "paraphrase": "magenta"}
_SIDE_STYLE = {"added": "blue", "dropped": ""}
_RELATION_STYLE = {
    "copy": "bold red",
    "edited-copy": "bold dark_orange",
    "rewrite": "bold yellow",
    "unrelated": "bold",  # no colour: not derived is no all-clear (green read as one), and no alarm
}


def _e(value: Any) -> str:
    """HTML-escape anything (None becomes the empty string)."""
    return html.escape("" if value is None else str(value), quote=True)


def _after(change: dict[str, Any]) -> str:
    """What a change put in place of its fact, as the reports show it: a quote with nothing in
    its place was turned into reported speech (`after` null)."""
    if change.get("after"):
        return str(change["after"])
    return "(reported speech)" if change.get("kind") == "quote" else "—"


def _pct(value: Any) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"


def parse_when(value: str | None) -> dt.datetime | None:
    """An article's `published` (ISO year, month, date or datetime) as a UTC instant for placing it
    in time: a date alone is its midnight, a time without a zone is read as UTC; None if unreadable."""
    text = (value or "").strip()
    try:
        if len(text) == 4:
            when = dt.datetime(int(text), 1, 1)
        elif len(text) == 7:
            when = dt.datetime(int(text[:4]), int(text[5:]), 1)
        else:
            when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def readable_date(value: str | None) -> str:
    """`published` as a reader writes it ('5 Jan 2016, 10:00 UTC', '5 Jan 2016', 'May 2016'), keeping
    only the precision the value has; a value that is not an ISO date is returned as it is."""
    text = (value or "").strip()
    when = parse_when(text)
    if when is None or len(text) == 4:
        return text
    if len(text) == 7:
        return f"{when:%b %Y}"
    day = f"{when.day} {when:%b %Y}"
    if len(text) == 10:
        return day
    zone = " UTC" if dt.datetime.fromisoformat(text).tzinfo is not None else ""
    return f"{day}, {when:%H:%M}{zone}"


def date_html(value: str | None, missing: str = "") -> str:
    """`published` for an HTML page: readable, with the ISO value kept machine-readable in `<time>`."""
    if not value:
        return _e(missing)
    return f'<time datetime="{_e(value)}">{_e(readable_date(value))}</time>'


#: A credit's place as the note names it, where the JSON's name is no word ('based-on').
_CREDIT_PLACES = {"canonical": "canonical link", "based-on": "isBasedOn link"}


def credit_note(doc: dict[str, Any]) -> str | None:
    """Whether a derived target credits its source's outlet (the JSON's `credit`), in words; None
    for a pair not judged derived, or when the source's outlet is not known."""
    credit = doc.get("credit")
    if not credit or (doc.get("verdict") or {}).get("relation") in (None, "unrelated"):
        return None
    names = [str(n) for n in credit.get("names") or []]
    if credit.get("credited"):
        where = _CREDIT_PLACES.get(credit.get("where"), credit.get("where"))
        return f"Credits its source: {where} \u201c{credit.get('passage')}\u201d"
    if instead := credit.get("instead"):
        return (f"Does not credit its source ({', '.join(names)}): credits {instead} instead, "
                f"{credit.get('where')} \u201c{credit.get('passage')}\u201d")  # fmt: skip
    # not 'names none of': a sentence carried from the source may name it ('BBC London reporter ... said')
    return (f"Does not credit its source: no title, byline, credit line, canonical or isBasedOn link or sentence of "
            f"its own names {', '.join(names)}")  # fmt: skip


def tells_note(doc: dict[str, Any]) -> str | None:
    """A content farm's tells each article carries, in words, left out of the comparison: a chatbot's
    words around its text (`dropped_chrome` of reason `ai-leftover`: 'Sure, here's the adjusted
    text ...:'), and words disguised with zero-width characters or look-alike letters of another
    script (`hidden-characters`), read through as plain text; None when neither carries any."""
    said = []
    for side in ("target", "source"):
        chrome = (doc.get(side) or {}).get("dropped_chrome") or []
        lines = [str(c.get("text")) for c in chrome if c.get("reason") == AI_LEFTOVER]
        if lines:
            quoted = "; ".join(f"\u201c{_trunc(line, 80)}\u201d" for line in lines[:3])
            more = f" and {len(lines) - 3} more" if len(lines) > 3 else ""
            said.append(f"the {side} carries a chatbot's words around its text (not compared): {quoted}{more}")
        said += [f"the {side}'s words were disguised: {c.get('text')}" for c in chrome
                 if c.get("reason") == HIDDEN_CHARACTERS]  # fmt: skip
    note = "; ".join(said)  # the quotes close it: no full stop after them
    return note[:1].upper() + note[1:] if note else None


def match_credit_note(
    role: str, credited: bool | None, where: str | None = None, instead: str | None = None
) -> str | None:
    """A query match's credit in words (`Match.credited`, `credit_where`, `credits_instead`):
    whether the queried article credits the outlet of a `source` match, or a `derived` match
    credits the queried article's, and where; or the agency it credits instead (a misattribution,
    which a licensing desk must not miss); None unknown. An `identical` match's credit is the queried
    article's, as a `source` match's."""
    if credited is None:
        return None
    who, whose = ("your article", "its outlet") if role in ("source", "identical") else ("it", "your article's outlet")
    place = f" ({where})" if where else ""
    if not credited and instead:
        return f"{who} credits {instead} instead of {whose}{place}"
    return f"{who} {'credits' if credited else 'does not credit'} {whose}{place if credited else ''}"


def rule_note(verdict: dict[str, Any]) -> str | None:
    """The rule that lowered the verdict's score (its `rule`), in words; None when the score stands."""
    rule = verdict.get("rule")
    if rule == "template":
        return "not derived: a template filled in again (every date or figure replaces the source's)"
    if rule == "thin-evidence":
        return (
            "not derived: too little shared (one loose or reworded sentence, or paraphrases that single out no "
            "sentence) to call it copied"
        )
    if rule == "boilerplate":
        shared = (verdict.get("evidence") or {}).get("boilerplate")
        count = f"{shared} sentences" if shared else "sentences"
        return (f"not derived: they share only a site's boilerplate ({count} word for word at the start or end, "
                "stating no name, figure, date or quote); the rest of the two texts is unrelated")  # fmt: skip
    if rule == "other-subject":
        return "not derived: their headlines or ledes name different subjects, and neither appears in the other article"
    if rule == "new-reporting":
        evidence = verdict.get("evidence") or {}
        if evidence.get("quoted_newcomers"):
            return (
                "not derived: a report of its own (it quotes someone the source never names, in a sentence "
                "of its own); shared passages are linked"
            )
        own = evidence.get("own_facts")
        facts = f"{own} names, figures and dates" if own is not None else "names, figures and dates"
        return f"not derived: a report of its own ({facts} not in the source); shared passages are linked"
    return None


def verdict_reason(doc: dict[str, Any]) -> str | None:
    """Why a derived pair is called what it is, in plain words from its coverages, links and word
    order; None for a pair not judged derived (a rule's note or the shared passages say why)."""
    v = doc.get("verdict") or {}
    if v.get("relation") not in ("copy", "edited-copy", "rewrite"):
        return None
    reason = _derived_reason(doc, v)
    padded = (v.get("evidence") or {}).get("padding")
    if padded:
        reason += (f"; {padded} of its sentences are about another subject (padding around the story), "
                   "set aside to judge it")  # fmt: skip
    return reason


def _derived_reason(doc: dict[str, Any], v: dict[str, Any]) -> str:
    """`verdict_reason` of a derived pair, its padding aside."""
    relation = v.get("relation")
    kinds = Counter(lk.get("kind") for lk in doc.get("links", []))
    carried = f"it carries {_pct(v.get('source_coverage'))} of the source's text"
    own = f"{_pct(v.get('target_coverage'))} of its own text comes from the source"
    if relation == "copy":
        return f"copied: {carried}, word for word; {own}"
    if relation == "edited-copy":
        edits = kinds["edited"] + len(doc.get("changes") or [])
        how = "word for word" + (" or lightly edited" if edits else "")
        return f"an edited copy: {carried}, {how}; {own}"
    order = (v.get("evidence") or {}).get("order")
    in_order = ", in the source's order" if isinstance(order, (int, float)) and order >= 0.7 else ""
    links = f"{kinds['paraphrase']} paraphrased sentence link{'s' * (kinds['paraphrase'] != 1)}"
    return f"a rewrite: {carried}, reworded ({links}){in_order}; {own}"


#: What the headline figures mean, where a reader first meets them.
SCORE_MEANING = (
    "score: how strongly the evidence says one article derives from the other (not a share of text); "
    "coverage: the share of each article's text that the sentence links join"
)


def shared_note(doc: dict[str, Any]) -> str | None:
    """For a pair judged not derived that still shares sentences word for word or lightly edited,
    say so: an editor asking whether a piece pasted wire paragraphs must not read 'unrelated' as
    'nothing taken'. None otherwise."""
    if (doc.get("verdict") or {}).get("relation") != "unrelated":
        return None
    kinds = Counter(lk.get("kind") for lk in doc.get("links", []))
    shared = sum(len(lk.get("target", [])) for lk in doc.get("links", []) if lk.get("kind") != "paraphrase")
    if not shared:
        return None
    return (
        f"shares {shared} sentence{'s' if shared != 1 else ''} with the source word for word or lightly edited "
        f"({kinds['verbatim']} verbatim, {kinds['edited']} edited links): not derived as a whole, but those "
        "passages are the source's words"
    )


def _score_text(verdict: dict[str, Any]) -> str:
    """The score as shown: a score a rule lowered says so (its value is the rule's cap, not a measure)."""
    return _pct(verdict.get("score")) + (" (lowered by the rule below)" if rule_note(verdict) else "")


def _statuses(doc: dict[str, Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Status class and counterpart ids for every sentence id ("s-3", "t-4")."""
    status: dict[str, str] = {}
    partners: dict[str, list[str]] = {}
    for link in doc.get("links", []):
        label = "kept" if link.get("kind") == "verbatim" else "reworded"
        src = [f"s-{i}" for i in link.get("source", [])]
        tgt = [f"t-{j}" for j in link.get("target", [])]
        for own, other in ((src, tgt), (tgt, src)):
            for sid in own:
                if status.get(sid) != "reworded":  # a sentence in any reworded link counts as reworded
                    status[sid] = label
                partners.setdefault(sid, [])
                partners[sid] += [o for o in other if o not in partners[sid]]
    for j in doc.get("added", []):
        status.setdefault(f"t-{j}", "added")
    for i in doc.get("dropped", []):
        status.setdefault(f"s-{i}", "dropped")
    return status, partners


def _edited_marks(doc: dict[str, Any]) -> dict[str, str]:
    """For each sentence of a one-to-one `edited` link, its HTML with the words that differ marked
    (taken out on the source side, put in on the target side: '31' / '34', 'Wallace' / 'Walsh'),
    as the text view marks them; by sentence id ("s-3", "t-4")."""
    s_text = {s.get("index"): s.get("text", "") for s in (doc.get("source") or {}).get("sentences", [])}
    t_text = {s.get("index"): s.get("text", "") for s in (doc.get("target") or {}).get("sentences", [])}
    marks: dict[str, str] = {}
    for link in doc.get("links", []):
        sources, targets = link.get("source", []), link.get("target", [])
        if len(sources) != 1 or len(targets) != 1:
            continue
        before, after = str(s_text.get(sources[0], "")), str(t_text.get(targets[0], ""))
        if not _word_edit(link, before, after):
            continue
        left, right = _diff_runs(before, after)
        for sid, runs, cls in ((f"s-{sources[0]}", left, "w-out"), (f"t-{targets[0]}", right, "w-in")):
            marks[sid] = _marked_html(runs, cls)
    return marks


def _marked_html(runs: list[tuple[str, bool]], cls: str) -> str:
    """Runs of words (`_diff_runs`) as HTML, those the other passage lacks in a `<del>` (`w-out`) or
    `<ins>` (`w-in`) that names itself to a screen reader ('taken out: 200'): their colour and line
    alone said which, and inside a sentence read as one button the words were not told apart."""
    tag, said = ("del", "taken out") if cls == "w-out" else ("ins", "put in")
    return " ".join(
        _e(run) if same else f'<{tag} class="{cls}"><span class="sr-only">{said}: </span>{_e(run)}</{tag}>'
        for run, same in runs
    )


def _shown_marked(link: dict[str, Any], before: str, after: str) -> bool:
    """Whether a link (or row) of the views is shown with its changed words marked: verbatim, or
    a word edit (`_word_edit`); other paraphrases, and added or dropped sentences, are shown whole."""
    return link.get("kind") == "verbatim" or (link.get("kind") in _KIND_STYLE and _word_edit(link, before, after))


def _word_edit(link: dict[str, Any], before: str, after: str) -> bool:
    """Whether a link's two sides are shown with the words that differ marked: an edited link, or a
    paraphrase that keeps most of its source's words in order (an attribution swapped: '..., police
    said' / '..., Scotland Yard spokeswoman Jane Hill said', whose content words the link kind reads
    as mostly new). Other paraphrases are other words throughout."""
    kind = link.get("kind")
    return kind == "edited" or (kind == "paraphrase" and words_in_order(before, after, LIGHT_EDIT) >= LIGHT_EDIT)


def member_compare_pair(story: dict[str, Any], member: dict[str, Any]) -> tuple[str, str]:
    """The (source, target) of a story member's compare view, from `wiretrace.story/1` dicts
    (`cluster.member_pair`): `stories --html` and the web page's story views."""
    reasons = {(lk["source"], lk["target"]): lk["reason"] for lk in story["links"]}
    return cluster.member_pair(member["id"], member["via"], member["source_of"], story["origin"], reasons)


def _diff_runs(before: str, after: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Two passages as runs of words, each with whether the other passage has it there: what the
    text view (`word_diff`) and the HTML view (`_edited_marks`) mark. Words are compared without
    the punctuation around them: '14' and '14,', 'Mr' and 'Mr.' are the same word, not a figure or
    a name taken out and put in."""
    old, new = before.split(), after.split()
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    a, b = ([w.strip(_AROUND_WORDS) or w for w in words] for words in (old, new))
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        for words, out in ((old[i1:i2], left), (new[j1:j2], right)):
            if words:
                out.append((" ".join(words), op == "equal"))
    return left, right


#: Punctuation around a word that does not change it (`_diff_runs`).
_AROUND_WORDS = ".,;:!?\"'“”‘’()[]"


def _right_to_left(text: str) -> bool:
    """Whether most letters of `text` are of a script written right to left (Arabic, Hebrew): its
    paragraphs are set so, or their full stops and quotes stand at the wrong end."""
    letters = [c for c in text[:5000] if c.isalpha()]
    return bool(letters) and sum(unicodedata.bidirectional(c) in ("R", "AL") for c in letters) > len(letters) / 2


#: What a sentence's state is called, and the sign beside its number: the state shows without colour.
_STATE_WORDS = {"kept": "kept", "reworded": "reworded", "added": "added in target", "dropped": "dropped from source"}
_STATE_SYMBOLS = {"kept": "=", "reworded": "≈", "added": "+", "dropped": "−"}


def _article_html(
    art: dict[str, Any],
    side: str,
    status: dict[str, str],
    partners: dict[str, list[str]],
    unsupported: dict[Any, list[str]],
    marks: dict[str, str] | None = None,
) -> str:
    """The article body as paragraphs of sentence spans, keeping the text between sentences;
    `marks`: sentences shown with their changed words marked (`_edited_marks`)."""
    text = art.get("text") or ""
    paragraphs: list[list[str]] = [[]]

    def gap(chunk: str) -> None:
        pieces = _BLANK_LINE.split(chunk)
        paragraphs[-1].append(_e(pieces[0]))
        for piece in pieces[1:]:
            paragraphs.append([_e(piece)])

    pos = 0
    for s in sorted(art.get("sentences", []), key=lambda s: (s.get("start", 0), s.get("index", 0))):
        start, end = s.get("start", pos), s.get("end", pos)
        gap(text[pos:start] if start >= pos else " ")
        sid = f"{side}-{s.get('index')}"
        cls = status.get(sid, "plain")
        attrs = f' id="{_e(sid)}" class="sent {_e(cls)}'
        items = unsupported.get(s.get("index")) if side == "t" else None
        attrs += ' unsupported"' if items else '"'
        name = f"{side.upper()}{s.get('index')}"
        said = f"{name}, {_STATE_WORDS[cls]}" if cls in _STATE_WORDS else name
        if partners.get(sid):  # reachable by Tab; Enter or Space pins its counterparts, as a click does
            attrs += f' data-links="{_e(" ".join(partners[sid]))}" tabindex="0" role="button" aria-pressed="false"'
            counterparts = ", ".join(p.replace("-", "").upper() for p in partners[sid])
            said += f" {'into' if side == 's' else 'from'} {counterparts}"
        else:  # a jump from the lists below moves the focus here
            attrs += ' tabindex="-1"'
        badge = ""
        if items:
            attrs += f' title="{_e("Unsupported: " + "; ".join(items))}"'
            badge = ('<span class="badge" aria-hidden="true">unsupported facts</span>'
                     f'<span class="sr-only"> (unsupported: {_e("; ".join(items))})</span>')  # fmt: skip
        symbol = f'<span class="sym">{_STATE_SYMBOLS[cls]}</span>' if cls in _STATE_SYMBOLS else ""
        num = f'<sup class="n" aria-hidden="true">{_e(name)}{symbol}</sup><span class="sr-only">{_e(said)}: </span>'
        shown = (marks or {}).get(sid) or _e(s.get("text"))
        paragraphs[-1].append(f"<span{attrs}>{num}{shown}{badge}</span>")
        pos = max(pos, end)
    gap(text[pos:])
    opening = "<p" + (' dir="rtl"' if _right_to_left(text) else "") + language_attr(art) + ">"
    body = "\n".join(f"{opening}{''.join(p).strip()}</p>" for p in paragraphs if "".join(p).strip())
    return body or '<p class="empty">(no text)</p>'


def language_attr(art: Mapping[str, Any]) -> str:
    """` lang="xx"` for an article's text in a language other than English (`text.language_of`'s
    two-letter code), else '': a screen reader then reads it in its own voice, not the page's."""
    language = str(art.get("language") or "")
    return f' lang="{_e(language)}"' if re.fullmatch(r"[a-z]{2}", language) and language != "en" else ""


def _in_language(art: Mapping[str, Any], html: str, titled: bool = False) -> str:
    """`html` of an article's text in a span of its language when that is not English; `titled`:
    `html` is its title, or else its id or a placeholder, which are no text in that language."""
    attr = language_attr(art) if art.get("title") or not titled else ""
    return f"<span{attr}>{html}</span>" if attr else html


def _meta_html(art: dict[str, Any], label: str) -> str:
    bits = [_e(art.get(k)) for k in ("byline", "site") if art.get(k)]
    bits += [date_html(art.get("published"))] if art.get("published") else []
    url = art.get("url") or ""
    if re.match(r"https?://", url, re.IGNORECASE):
        bits.append(f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(url)}</a>')
    elif url:
        bits.append(_e(url))
    ident = f" <code>{_e(art.get('id'))}</code>" if art.get("id") else ""
    title = _in_language(art, _e(art.get("title") or "(untitled)"), titled=True)
    return (
        f'<div class="label">{label}{ident}</div>'
        f'<h2><span class="sr-only">{label}: </span>{title}</h2>'
        f'<div class="meta">{" · ".join(bits)}</div>'
    )


def correction_notes(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(side, text) of each correction or update note dropped from the two articles ('Correction:
    an earlier version of this article said ...'): page furniture to the comparison, which leaves
    them out, but the first thing a standards editor reads, so the reports show them."""
    return [
        (side, str(c.get("text") or ""))
        for side in ("source", "target")
        for c in doc.get(side, {}).get("dropped_chrome") or []
        if c.get("reason") == "correction"
    ]


def _chrome_html(art: dict[str, Any], label: str) -> str:
    chrome = art.get("dropped_chrome") or []
    rows = "".join(f'<li><span class="reason">{_e(c.get("reason"))}</span> {_e(c.get("text"))}</li>' for c in chrome)
    return (
        f"<details><summary>Dropped page chrome — {label} ({len(chrome)})</summary>"
        f'<ul class="chrome">{rows or "<li>none</li>"}</ul></details>'
    )


_CSS = """
:root{--kept:#d4f3dc;--reworded:#ffedb3;--added:#d6e6ff;--dropped:#eeeeee;--ink:#1d1f23;--muted:#4b5563}
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:#fafafa}main{max-width:1400px;margin:0 auto;padding:1.5rem}
header.top{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:1rem 1.25rem;margin-bottom:1rem}
.verdict{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline}.verdict b{font-size:1.3rem}
.verdict .rule{flex-basis:100%;font-style:italic}
.verdict .credit{flex-basis:100%}
.rel{padding:.15rem .6rem;border-radius:999px;white-space:nowrap;color:#fff;font-weight:600;background:#6b7280}
.rel-copy{background:#b91c1c}.rel-edited-copy{background:#c2410c}.rel-rewrite{background:#a16207}
.rel-unrelated{background:#475569}.rel-unrelated.shared{background:#6d28d9}.shared-note{color:#5b21b6}.legend{margin-top:.6rem;font-size:.85rem;color:var(--muted)}
.legend span.sent{margin-right:.6rem}.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
@media (max-width:850px){.cols{grid-template-columns:1fr}}
article{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:1rem 1.25rem;min-width:0;
overflow-wrap:anywhere}
h1{font-size:1.2rem;margin:.2rem 0 .6rem}h2{font-size:1.15rem;margin:.2rem 0}
.label{text-transform:uppercase;font-size:.75rem;letter-spacing:.06em;color:var(--muted)}
.label code{text-transform:none;letter-spacing:0}
.meta{font-size:.85rem;color:var(--muted);margin-bottom:.8rem;overflow-wrap:anywhere}
.sent{border-radius:3px;padding:1px 2px;-webkit-box-decoration-break:clone;box-decoration-break:clone;
cursor:pointer;transition:background .1s}
.sent.kept{background:var(--kept);border-bottom:2px solid #15803d}
.sent.reworded{background:var(--reworded);border-bottom:2px dashed #a16207}
.w-out{background:#fecaca;color:inherit;text-decoration:line-through}
.w-in{background:#86efac;color:inherit;text-decoration:underline;text-decoration-thickness:2px}
.w-out .sr-only,.w-in .sr-only{-webkit-user-select:none;user-select:none}
@media (forced-colors:active){.w-out,.w-in{forced-color-adjust:none;background:Mark;color:MarkText}}
.sent.added{background:var(--added);border-bottom:3px dotted #1d4ed8}
.sent.dropped{background:var(--dropped);color:var(--muted);text-decoration:line-through}
.sent.highlight{outline:2px solid #1d4ed8;background:#fff59d;color:var(--ink)}.sent:target{outline:2px dashed #1d4ed8}
.sent:focus-visible{outline:3px solid #111827;outline-offset:2px}
.n{font-size:.7rem;color:var(--muted);margin-right:2px;-webkit-user-select:none;user-select:none;display:inline-block}
.n .sym{margin-left:1px;font-weight:700}.sent .sr-only,.sent .badge{-webkit-user-select:none;user-select:none}
h1,footer li{overflow-wrap:anywhere}.print-only{display:none}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);
white-space:nowrap;border:0}.skip{position:absolute;left:-9999px;top:0}
.skip:focus{left:.5rem;top:.5rem;z-index:10;background:#fff;padding:.4rem .6rem;border:2px solid #1d4ed8}
.badge{font-size:.65rem;background:#b91c1c;color:#fff;border-radius:4px;padding:0 4px;margin-left:4px;
white-space:nowrap;vertical-align:middle;text-decoration:none;display:inline-block}
section.panel{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:1rem 1.25rem;margin-top:1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{text-align:left;padding:.3rem .5rem;
border-bottom:1px solid #eee;vertical-align:top;overflow-wrap:break-word}code{font-size:.85em}a{color:#1d4ed8}
td a{overflow-wrap:anywhere}section.panel table{table-layout:fixed}section.panel td{overflow-wrap:anywhere}
.wide{overflow-x:auto;position:relative}.wide table,section.panel .wide table{table-layout:auto;min-width:44rem}
.wide td{overflow-wrap:break-word}.wide time,.wide .site{white-space:nowrap}
.wide{background:linear-gradient(to right,#fff 30%,#fff0),linear-gradient(to right,#fff0,#fff 70%) 100% 0,
radial-gradient(farthest-side at 0 50%,#0003,#0000),radial-gradient(farthest-side at 100% 50%,#0003,#0000) 100% 0;
background-repeat:no-repeat;background-size:2.5rem 100%,2.5rem 100%,.9rem 100%,.9rem 100%;
background-attachment:local,local,scroll,scroll}
.wide th{white-space:nowrap}
.view-switch{display:none;gap:.4rem;margin:0 0 .6rem}.js-views .view-switch{display:flex;flex-wrap:wrap}
.view-switch button{font:inherit;font-size:.9rem;padding:.2rem .8rem;border:1px solid #9ca3af;border-radius:999px;
background:#fff;color:var(--ink);cursor:pointer}
.view-switch button[aria-pressed=true]{background:#1d4ed8;border-color:#1d4ed8;color:#fff;font-weight:700}
.view-switch button[aria-pressed=true]::before{content:"✓ " / ""}
@media (forced-colors:active){.view-switch button[aria-pressed=true]{outline:3px solid ButtonText}}
.js-views .compare-views[data-view=text] .rows,.js-views .compare-views[data-view=rows] .cols{display:none}
.js-views .compare-views .rows{margin-top:0}.rows col.k{width:9.5rem}
html[data-view=rows] .legend .hint.hover{display:none}#rows{scroll-margin-top:3.5rem}
.rows td.k{font-size:.8rem;color:var(--muted);text-align:center}.rows td.x .n{margin-right:.3rem}
.rows td.kept{background:var(--kept)}.rows td.reworded{background:var(--reworded)}
.rows td.added{background:var(--added)}.rows td.dropped{background:var(--dropped);color:var(--muted)}
.rows tbody tr{border-top:3px solid #fff}
@media screen and (max-width:850px){.rows thead,.rows colgroup,.rows td.gap{display:none}
.rows table,.rows tbody,.rows tr,.rows td{display:block;width:auto}
.rows td.k{text-align:left;padding-bottom:0}}
details{margin-top:.5rem}summary{cursor:pointer;color:var(--muted)}.reason{font-size:.75rem;color:var(--muted)}
.chrome li{overflow-wrap:anywhere}.none{color:var(--muted)}
@media print{
@page{margin:14mm 12mm;@bottom-right{content:"page " counter(page) " of " counter(pages);font:8pt system-ui,sans-serif}}
body{background:#fff;font-size:10pt;line-height:1.45}main{max-width:none;padding:0}
.cols{grid-template-columns:1fr 1fr;gap:.8rem}
header.top details table{font-size:8pt}header.top details td{padding:0 .3rem}
header.top,article,section.panel{border-color:#999}
.rel,.badge{color:#000;background:none;border:1.5px solid #000}
.w-in,.w-out{font-weight:700}.sent{cursor:auto}
details>summary{list-style:none}details>summary::-webkit-details-marker{display:none}
details::details-content{content-visibility:visible;display:block}
.hint,.skip,nav.site,.view-switch,.js-views .view-switch{display:none}.print-only{display:inline}
.wide{overflow:visible}.wide table,section.panel .wide table{min-width:0}.wide td a,.wide time{white-space:normal}
section.panel td{overflow-wrap:break-word}section.panel table{table-layout:auto;font-size:8.5pt}
td,th{padding:.15rem .4rem}
h2,.label,.meta{break-after:avoid}tr,.badge{break-inside:avoid}thead{display:table-header-group}
}
"""

_JS = """(function(){var pinned=[];
function group(el){var g=[el];(el.getAttribute('data-links')||'').split(' ').forEach(function(id){
var c=id&&document.getElementById(id);if(c)g.push(c);});return g;}
function mark(g,on){g.forEach(function(e){if(on)e.classList.add('highlight');
else if(pinned.indexOf(e)<0)e.classList.remove('highlight');});}
function pin(el){var same=pinned[0]===el,old=pinned;pinned=[];mark(old,false);
if(old[0])old[0].setAttribute('aria-pressed','false');
if(!same){pinned=group(el);mark(pinned,true);if(el.hasAttribute('aria-pressed'))el.setAttribute('aria-pressed','true');}}
function next(el){var g=pinned.indexOf(el)>=0?pinned:group(el);if(g.length<2)return;
var c=g[(g.indexOf(el)+1)%g.length];c.scrollIntoView({block:'nearest'});c.focus();}
document.querySelectorAll('article .sent').forEach(function(el){
el.addEventListener('mouseenter',function(){mark(group(el),true);});
el.addEventListener('mouseleave',function(){mark(group(el),false);});
el.addEventListener('focus',function(){mark(group(el),true);});
el.addEventListener('blur',function(){mark(group(el),false);});
el.addEventListener('click',function(){pin(el);});
el.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();pin(el);}
else if(e.key==='m'||e.key==='M'){e.preventDefault();next(el);}
else if(e.key==='Escape'&&pinned.length){pin(pinned[0]);}});});
var views=document.querySelector('.compare-views'),switches=document.querySelectorAll('.view-switch button');
function show(view,keep){if(!views||views.getAttribute('data-view')===view)return;views.setAttribute('data-view',view);
document.documentElement.setAttribute('data-view',view);
switches.forEach(function(b){b.setAttribute('aria-pressed',String(b.getAttribute('data-view')===view));});
if(!keep)history.replaceState(null,'',view==='rows'?'#rows':location.pathname+location.search);}
if(views){document.documentElement.classList.add('js-views');switches.forEach(function(b){
b.addEventListener('click',function(){show(b.getAttribute('data-view'));});});if(location.hash==='#rows')show('rows',true);
window.addEventListener('hashchange',function(){if(location.hash==='#rows')show('rows',true);});}
function reach(el){show('text',true);if(pinned[0]!==el)pin(el);el.scrollIntoView({block:'center'});
el.focus({preventScroll:true});}
var jumps=[].slice.call(document.querySelectorAll('a[href^="#s-"],a[href^="#t-"]'));
function back(st,el){if(pinned.length)pin(pinned[0]);if(el)pin(el);show(st.view,true);
var a=jumps[st.wtList];if(a)a.focus({preventScroll:true});window.scrollTo(0,st.y);}
function settled(f){requestAnimationFrame(function(){setTimeout(f,0);});}
jumps.forEach(function(a,k){a.addEventListener('click',function(e){
var href=a.getAttribute('href'),el=document.getElementById(href.slice(1));if(!el)return;e.preventDefault();
if(location.hash!==href){history.replaceState({wtList:k,view:views?views.getAttribute('data-view'):'text',
y:window.scrollY},'');history.pushState({wtJump:1},'',href);}reach(el);});});
window.addEventListener('popstate',function(e){var st=e.state||{},h=location.hash;
var el=/^#[st]-\\d+$/.test(h)&&document.getElementById(h.slice(1));
if(st.wtJump){if(el)reach(el);}else if(st.wtList!==undefined)settled(function(){back(st,el);});});
var shut=[];window.addEventListener('beforeprint',function(){shut=[].filter.call(document.querySelectorAll('details'),
function(d){return !d.open;});shut.forEach(function(d){d.open=true;});});
window.addEventListener('afterprint',function(){shut.forEach(function(d){d.open=false;});shut=[];});
})();"""


#: The page's style and its highlight script, public so a web page can serve them as files.
COMPARE_CSS = _CSS
COMPARE_JS = _JS


def compare_title(doc: dict[str, Any]) -> str:
    """The plain-text title of a compare page (escape it where it goes into HTML)."""
    src, tgt = doc.get("source", {}), doc.get("target", {})
    return f"wiretrace: {_name(src, 'source')} → {_name(tgt, 'target')}"


def _name(art: dict[str, Any], side: str) -> str:
    """What to call an article in a heading: its title, else its id, else the side it is on."""
    return str(art.get("title") or art.get("id") or side)


#: What each verdict feature in the evidence table measures (the coverages there weigh sentences by
#: length, so they differ from the header's of the same name).
_EVIDENCE_NOTES = {
    name: f' <span class="none">({_e(note)})</span>'
    for name, note in {
        "source_coverage": "share of the source's text inside links, by length; the header counts sentences",
        "target_coverage": "share of the target's text inside links, by length; the header counts sentences",
        "link_strength": "mean link score, weighted by target text",
        "order": "share of links in the source's order",
        "fact_support": "share of the target's names, figures and dates the source states",
        "conflict": "share of linked target sentences whose figures or dates differ",
        "contradiction": "a template filled in again: when the target keeps none of the source's dates, or none "
        "of its figures, the share of its own that stand in their place; 0 while it keeps any (a changed "
        "figure is listed under the changes)",
        "vocabulary": "share of the target's distinct content words the source uses",
        "extent": "linked target sentences, up to 5",
        "word_order": "how far the shared words come in the source's order, 0 to 1",
        "own_facts": "names, figures and dates of its own in sentences not linked",
        "quoted_newcomers": "people it quotes whom the source never names",
    }.items()
}


def compare_body(doc: dict[str, Any]) -> str:
    """The compare view as an HTML fragment: verdict header, the two articles, changes, unsupported facts.

    Everything article-derived in it is escaped; it needs `COMPARE_CSS` and `COMPARE_JS` on the page.
    """
    src, tgt, v = doc.get("source", {}), doc.get("target", {}), doc.get("verdict", {})
    status, partners = _statuses(doc)
    unsupported: dict[Any, list[str]] = {}
    for u in shown_unsupported(doc):
        unsupported.setdefault(u.get("target"), []).extend(str(x) for x in u.get("items", []))
    kinds = Counter(lk.get("kind") for lk in doc.get("links", []))
    relation = v.get("relation") or "unknown"
    change_rows = "".join(
        f"<tr><td>{_e(c.get('kind'))}</td><td>{_e(c.get('before') or '—')} → {_e(_after(c))}</td>"
        f"<td>{_refs([c.get('source')], 's')} → {_refs([c.get('target')], 't')}</td></tr>"
        for c in doc.get("changes", [])
    ) + "".join(
        f"<tr><td>{_e(c.get('kind'))}</td><td>{_e(c.get('before') or '—')} → {_e(_after(c))}</td>"
        "<td>headline</td></tr>"
        for c in doc.get("title_changes") or []
    )
    target_texts = {x.get("index"): str(x.get("text") or "") for x in tgt.get("sentences", [])}
    link_rows = "".join(
        f"<tr><td>{_refs(lk.get('source', []), 's')}</td><td>{_refs(lk.get('target', []), 't')}</td>"
        f"<td>{_e(_LINK_WORDS.get(lk.get('kind'), lk.get('kind')))}</td><td>{_pct(lk.get('score'))}</td>"
        f"<td>{_e(_trunc(' '.join(target_texts.get(j, '') for j in lk.get('target', [])), 90))}</td></tr>"
        for lk in sorted(doc.get("links", []), key=_target_order)
    )
    unsup_rows = "".join(
        f'<tr><td>{_refs([j], "t")}</td><td>{"; ".join(_e(x) for x in items)}</td></tr>'
        for j, items in unsupported.items()
    )
    evidence = "".join(
        f"<tr><td>{_e(k)}{_EVIDENCE_NOTES.get(k, '')}</td>"
        f"<td>{_e(f'{val:.3f}' if isinstance(val, float) else val)}</td></tr>"
        for k, val in (v.get("evidence") or {}).items()
    )
    none = '<p class="none">None.</p>'
    # the JSON lists what a change put in too (stated nowhere in the source): not 'None' then
    only_changed = '<p class="none">None beyond what the changes above put in.</p>'
    unlinked = '<p class="none">Not listed: no sentence of the target is linked to the source.</p>'

    def unread(listed: bool) -> str:  # instead of 'None.', or above the items, for a text not in English
        note = facts_unread(doc, listed)
        return f'<p class="rule">{_e(note)}</p>' if note else ""

    shared = shared_note(doc)
    marks = _edited_marks(doc)
    source_body = _article_html(src, "s", status, partners, {}, marks)
    target_body = _article_html(tgt, "t", status, partners, unsupported, marks)
    # for a pair judged not derived these lists say how the two differ, not what was changed in a copy
    aside = ' <span class="none">(for information: the pair is not judged derived)</span>'
    aside = aside if relation == "unrelated" else ""
    return f"""<header class="top">
<h1>{_in_language(src, _e(_name(src, "source")), titled=True)} <span class="none">→</span> {_in_language(
    tgt, _e(_name(tgt, "target")), titled=True)}</h1>
<div class="verdict"><span class="rel rel-{_e(relation)}{" shared" if shared else ""}">{_e(relation)}</span>
<span>score <b>{_e(_score_text(v))}</b></span>
<span>source coverage <b>{_pct(v.get("source_coverage"))}</b></span>
<span>target coverage <b>{_pct(v.get("target_coverage"))}</b></span>
<span>links: {kinds["verbatim"]} verbatim, {kinds["edited"]} edited, {kinds["paraphrase"]} paraphrase;
{len(doc.get("added", []))} added, {len(doc.get("dropped", []))} dropped</span>
{f'<span class="rule">{_e(note)}</span>' if (note := rule_note(v) or verdict_reason(doc)) else ""}
{f'<span class="rule">Caveat: {_e(caveat)}</span>' if (caveat := v.get("caveat")) else ""}
{f'<span class="credit">{_e(credited)}</span>' if (credited := credit_note(doc)) else ""}
{f'<span class="rule">{_e(tells)}</span>' if (tells := tells_note(doc)) else ""}
{f'<span class="rule shared-note">{_e(shared)}</span>' if shared else ""}</div>
<div class="legend"><span class="sent kept">= kept (verbatim)</span><span class="sent reworded">≈ reworded</span>
<span class="sent reworded"><del class="w-out">taken out</del> / <ins class="w-in">put in</ins></span>
<span class="sent added">+ added in target</span><span class="sent dropped">− dropped from source</span>
<span class="badge">unsupported facts</span><span class="hint hover"> — hover, click or tab to a sentence to highlight
its counterpart; Enter pins it, M moves the focus to it, Escape lets go.</span>
<span class="hint"> — {_e(SCORE_MEANING)}.</span><span class="print-only"> — S0, T0:
the source's and the target's sentences; the sentence links below map each target sentence to its source.</span></div>
<details><summary>Verdict evidence</summary><table>
{_head("feature", "value") + evidence if evidence else "<tr><td>none</td></tr>"}</table></details>
</header>
<div class="view-switch" role="group" aria-label="How the two articles are shown">
<button type="button" data-view="text" aria-pressed="true">Running text, side by side</button>
<button type="button" data-view="rows" aria-pressed="false">Sentence by sentence</button></div>
<div class="compare-views" data-view="text"><div class="cols">
<article class="source" aria-label="Source: {_e(_name(src, "source"))}">
{_meta_html(src, "Source")}{source_body}</article>
<article class="target" aria-label="Target: {_e(_name(tgt, "target"))}">
{_meta_html(tgt, "Target")}{target_body}</article>
</div>
{_rows_html(doc, unsupported)}</div>
<section class="panel" id="changes" tabindex="-1"><h2>Changed quotes, figures, names, dates and meanings{aside}</h2>
{
        unread(True) + f"<table>{_head('kind', 'before → after', 'sentences')}{change_rows}</table>"
        if change_rows
        else unread(False) or none
    }
</section>
<section class="panel"><details><summary>Sentence links ({len(doc.get("links", []))}), in the target's order:
which source sentences each target sentence carries, to cite</summary>
{f"<table>{_head('source', 'target', 'kind', 'score', 'target text')}{link_rows}</table>"
  if link_rows else none}
</details></section>
<section class="panel"><h2>Unsupported facts in the target{aside}</h2>
{unread(True) + f"<table>{_head('sentence', 'facts')}{unsup_rows}</table>" if unsup_rows else
 unread(False) or (unlinked if not doc.get("links") else only_changed if doc.get("unsupported") else none)}
</section>
{_corrections_html(doc)}<section class="panel">{_chrome_html(src, "source")}{_chrome_html(tgt, "target")}</section>"""


def _rows_html(doc: dict[str, Any], unsupported: dict[Any, list[str]]) -> str:
    """The pair as a table of `aligned_rows`, source beside target: the view to read a rewrite
    against its source line by line, each link's changed words marked as in the running text."""
    s_text = {x.get("index"): str(x.get("text") or "") for x in doc.get("source", {}).get("sentences", [])}
    t_text = {x.get("index"): str(x.get("text") or "") for x in doc.get("target", {}).get("sentences", [])}
    source, target = doc.get("source", {}), doc.get("target", {})
    body = []
    for row in aligned_rows(doc):
        kind = str(row["kind"])
        state = kind if kind in ("added", "dropped") else "kept" if kind == "verbatim" else "reworded"
        before = " ".join(s_text.get(i, "") for i in row["source"])
        after = " ".join(t_text.get(j, "") for j in row["target"])
        if _shown_marked(row, before, after):
            old, new = _diff_runs(before, after)
            left, right = _marked_html(old, "w-out"), _marked_html(new, "w-in")
        else:
            left, right = _e(before), _e(after)
        items = [x for j in row["target"] for x in unsupported.get(j, [])]
        flag = ('<span class="badge" aria-hidden="true">unsupported facts</span>'
                f'<span class="sr-only"> (unsupported: {_e("; ".join(items))})</span>') if items else ""  # fmt: skip
        how = _e(_LINK_WORDS.get(kind, _STATE_WORDS[state]))
        how += f" {_pct(row['score'])}" if row["score"] is not None else ""
        cells = [  # roles kept for screen readers when a phone's layout stacks the cells
            (f'<td role="cell" class="x {state}"><span class="sr-only">source </span><span class="n">'
             f'{_e(sentence_numbers("S", row["source"]))}</span> {_in_language(source, left)}</td>'
             if row["source"] else '<td role="cell" class="gap"><span class="sr-only">not in the source</span></td>'),
            f'<td role="cell" class="k"><span aria-hidden="true">{_STATE_SYMBOLS[state]} </span>{how}</td>',
            (f'<td role="cell" class="x {state}"><span class="sr-only">target </span><span class="n">'
             f'{_e(sentence_numbers("T", row["target"]))}</span> {_in_language(target, right)}{flag}</td>'
             if row["target"] else '<td role="cell" class="gap"><span class="sr-only">not in the target</span></td>'),
        ]  # fmt: skip
        body.append(f'<tr role="row">{"".join(cells)}</tr>')
    return (
        '<section class="panel rows" id="rows"><h2>Sentence by sentence <span class="none">(in the target\'s '
        "order; a dropped sentence after the one before it in the source)</span></h2>"
        '<table role="table"><colgroup><col><col class="k"><col></colgroup>'
        f"{_head('source', 'how', 'target')}<tbody>{''.join(body)}</tbody></table></section>"
        if body
        else ""
    )


def _corrections_html(doc: dict[str, Any]) -> str:
    """The panel of `correction_notes`, or nothing when neither article carries one."""
    notes = correction_notes(doc)
    rows = "".join(f"<tr><td>{_e(side)}</td><td>{_e(text)}</td></tr>" for side, text in notes)
    return (
        '<section class="panel"><h2>Correction and update notes (not compared: page notes, not story)</h2>'
        f"<table>{_head('article', 'note')}{rows}</table></section>"
        if notes
        else ""
    )


def _target_order(link: dict[str, Any]) -> tuple[int, int]:
    """A link's place in the target, then in the source."""
    return min(link.get("target") or [0]), min(link.get("source") or [0])


def _head(*columns: str) -> str:
    """A table's header row, repeated atop each printed page the table runs onto."""
    return "<thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr></thead>"


def _refs(indexes: list[Any], side: str) -> str:
    """Links to sentences of one side ('s' or 't'), as 'S3, S4'."""
    return ", ".join(f'<a href="#{side}-{_e(i)}">{side.upper()}{_e(i)}</a>' for i in indexes)


#: How the links list names each link kind (the legend's words).
_LINK_WORDS = {"verbatim": "kept (verbatim)", "edited": "reworded (edited)", "paraphrase": "reworded (paraphrase)"}


def facts_unread(doc: dict[str, Any], listed: bool = False) -> str:
    """What to say in the changes and unsupported lists when either text is not English, as the
    fact checks read English names, figures, dates and quotes ('' when both are): instead of
    'None.', that nothing was checked; above the items a list holds (`listed`), that they may be
    wrong ('Nghaergybi' unsupported beside 'Holyhead', which is the same town in Welsh)."""
    sides = [name for name in ("source", "target") if not reads_as_english(str(doc.get(name, {}).get("text") or ""))]
    if not sides:
        return ""
    which = " and ".join(sides)
    reason = (f"the {which} {'does' if len(sides) == 1 else 'do'} not read as English, and the checks of "
              "quotes, figures, names and dates read English text")  # fmt: skip
    if listed:
        return f"Read with care: {reason}, so the items below may be wrong; compare the two yourself."
    return f"Not checked: {reason}; compare the two yourself."


def render_html(
    doc: dict[str, Any], made_at: str | None = None, note: str | None = None, back: str | None = None
) -> str:
    """One self-contained HTML page (inline CSS and JS, no external resources) for a compare dict,
    with what it was made from and by (`provenance_html`; `made_at`, when it was made), a `note`
    above it (`reversed_note`: why a pair is shown the other way round from the index's link) and
    a link `back` to the page listing it (a story report's index)."""
    note = f'<section class="panel note"><p>{_e(note)}</p></section>' if note else ""
    if back:
        note = f'<nav class="back"><a href="{_e(back)}">← All story families</a></nav>{note}'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(compare_title(doc))}</title>
<style>{_CSS}{_page_footer(doc, made_at)}</style></head>
<body><a class="skip" href="#changes">Skip the two articles</a><main>{note}
{compare_body(doc)}
{provenance_html(doc, made_at)}
</main><script>{_JS}</script></body></html>
"""


def made_now() -> str:
    """When a report is made, as its provenance states it (UTC, to the second)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _page_footer(doc: dict[str, Any], made_at: str | None) -> str:
    """A print rule naming the pair (and when the page was made) at the foot of every printed page:
    a page taken from the printout still says which report it belongs to. The ids are untrusted
    text: every character but letters, digits and a few marks is written as a CSS escape."""

    def css_string(text: str) -> str:
        return '"' + "".join(c if c.isalnum() or c in " -_.:/@#" else f"\\{ord(c):x} " for c in text[:200]) + '"'

    src, tgt = doc.get("source", {}), doc.get("target", {})
    said = f"{_name(src, 'source')[:50]} → {_name(tgt, 'target')[:50]}" + (f", {made_at}" if made_at else "")
    return f"@media print{{@page{{@bottom-left{{content:{css_string(said)};font:8pt system-ui,sans-serif}}}}}}"


def reversed_note(link: dict[str, Any]) -> str:
    """Why a comparison shows the index's link `link` (source, target, relation, score of a link
    the dates orient against its content, `cluster.CONTAINED_LATER`) the other way round: its
    verdict was judged so. A reader handed the page must not take it for the opposite claim. A link
    turned round to break a loop of its family's links (`cluster.TURNED`) is said to be so."""
    source, target = link["source"], link["target"]
    if link.get("reason") == cluster.TURNED:
        return (
            f"The index links {source} -> {target} ({link['relation']} {_pct(link['score'])}) as its story "
            f"family's other links order them. Its content alone reads the other way, {source} derived from "
            f"{target}, which would make each article of the family derive from another; so the verdict "
            f"shown here is of {target} read as the source."
        )
    return (
        f"The index links {source} -> {target} ({link['relation']} {_pct(link['score'])}) by date: {source} was "
        f"published first. Its content reads the other way, {target} carrying the earlier article whole (a brief "
        f"expanded, or backdated), so the verdict was judged with {target} read as the source, as shown here."
    )


def roundup_note(link: dict[str, Any]) -> str:
    """Why a comparison of a roundup's link (`cluster.stitched_link`; source, target, reason) shows
    more of the target as its own than the index's link says: the index reads it with its other wires."""
    return (
        f"The index links {link['source']} -> {link['target']} as a roundup ({link['reason']}); compared "
        "alone, the rest of the roundup reads as the target's own text."
    )


def provenance_html(doc: dict[str, Any], made_at: str | None = None) -> str:
    """What a report was made from and by, for one who must trace it back (a licensing claim, a
    correction): the tool's version and the output schema, when it was made, and for each article
    its id, address, date and the hash of its text as extracted (`fingerprint.content_hash`, the
    articles export's `content_hash`; the page's chrome dropped: hash the page you hold to tie it
    to its capture)."""
    from wiretrace.fingerprint import content_hash

    def side(label: str, art: dict[str, Any]) -> str:
        digest = content_hash(str(art.get("text") or ""))
        where = "".join(f", {_e(art[k])}" for k in ("url", "published") if art.get(k))
        return f"<li>{label}: {_e(art.get('id') or '(no id)')}{where}; content hash <code>{digest}</code></li>"

    return (
        f'<footer class="reason">{_made_by(made_at, doc.get("schema"), (doc.get("made_by") or {}).get("model"))}'
        f"<ul>{side('Source', doc.get('source', {}))}{side('Target', doc.get('target', {}))}</ul></footer>"
    )


def _made_by(made_at: str | None, schema: str | None = None, model: str | None = None) -> str:
    """The line saying which wiretrace made a page, in which schema, with which model, and when."""
    from wiretrace import __version__

    return (f"<p>Made by wiretrace {_e(__version__)}{f' ({_e(schema)})' if schema else ''}"
            f"{f' with {_e(model)}' if model else ''}{f', {_e(made_at)}' if made_at else ''}.</p>")  # fmt: skip


def _trunc(s: Any, n: int = 120) -> str:
    s = " ".join(str(s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def shown_unsupported(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The target's unsupported facts as the views list them: without those already shown as what
    a change put in that sentence ('32' of '31 -> 32'), so the list holds the claims of its own
    (the JSON keeps every one: the new figure is stated nowhere in the source); none when no
    sentence is linked at all: every fact of an article about something else is the source's
    nowhere, and no claim of a copy."""
    if not doc.get("links"):
        return []
    put_in: dict[Any, list[str]] = {}
    for c in doc.get("changes", []):
        put_in.setdefault(c.get("target"), []).append(str(c.get("after") or ""))
    out = []
    for u in doc.get("unsupported", []):
        shown = put_in.get(u.get("target"), [])
        items = [x for x in u.get("items", []) if not any(a == x or a.endswith(f" {x}") for a in shown)]
        if items:
            out.append({**u, "items": items})
    return out


def sentence_numbers(prefix: str, indexes: Sequence[int]) -> str:
    """Sentence numbers as a cell shows them, runs as ranges ('S3-S21,S25'), so that a link of many
    sentences leaves its text room (19 numbers had squeezed the sentences to three letters)."""
    parts: list[str] = []
    ordered = sorted(indexes)
    start = 0
    for k in range(1, len(ordered) + 1):
        if k == len(ordered) or ordered[k] != ordered[k - 1] + 1:
            first, last = ordered[start], ordered[k - 1]
            parts.append(f"{prefix}{first}" if first == last else f"{prefix}{first}-{prefix}{last}")
            start = k
    return ", ".join(parts)


def aligned_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The pair as rows to read down both articles at once: each link in the target's order, each
    added target sentence in its place among them, and each dropped source sentence after the row
    holding the source sentence before it (first when none is), so a cut shows where it was made.
    Rows are `{source, target, kind, score}`, `kind` a link kind or 'added' / 'dropped'."""
    return _with_dropped(target_rows(doc), sorted(doc.get("dropped", [])))


def target_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of `aligned_rows` but the dropped sentences': links and added sentences in the target's order."""
    rows: list[dict[str, Any]] = [
        {"source": list(lk.get("source") or []), "target": list(lk.get("target") or []),
         "kind": lk.get("kind"), "score": lk.get("score")}
        for lk in doc.get("links", [])
    ]  # fmt: skip
    rows += [{"source": [], "target": [j], "kind": "added", "score": None} for j in doc.get("added", [])]
    rows.sort(key=lambda r: (min(r["target"] or [0]), min(r["source"] or [-1])))
    return rows


def _with_dropped(rows: list[dict[str, Any]], dropped: list[int]) -> list[dict[str, Any]]:
    """`rows` with a row for each of the `dropped` source sentences, in order, after the last row
    holding the highest source sentence before it, else first: each placed in a linked list (a
    list rebuilt and inserted into per drop was dropped x rows, 25 s at 2,000 of each)."""
    if not dropped:
        return rows
    last_row: dict[int, int] = {}  # each source sentence's last row among the links'
    for n, row in enumerate(rows):
        for k in row["source"]:
            last_row[k] = n
    linked = sorted(last_row)
    head = -1  # a node before every row: nodes are rows' indexes, then the dropped rows' after them
    following: dict[int, int | None] = {head: 0 if rows else None}
    following.update({n: n + 1 if n + 1 < len(rows) else None for n in range(len(rows))})
    anchor: dict[int, int] = {}  # a dropped row's node: the links' row it stands after (-1 when none)
    first_copy: dict[int, int] = {}  # a dropped sentence's first row placed: the last of its rows in order
    nodes = list(rows)
    below: int | None = None  # the highest dropped sentence placed before this one
    placed: int | None = None
    for i in dropped:
        if placed is not None and placed != i:
            below = placed
        at = bisect.bisect_left(linked, i)
        link = linked[at - 1] if at else None  # the highest linked source sentence before this one
        if link is not None and (below is None or link > below):
            after = last_row[link]
        elif below is not None and (link is None or below > link):
            after = first_copy[below]
        elif link is not None and below is not None:  # the sentence both linked and dropped: the later row
            copy, holder = first_copy[below], last_row[link]
            after = copy if anchor[copy] >= holder else holder
        else:
            after = head
        node = len(nodes)
        nodes.append({"source": [i], "target": [], "kind": "dropped", "score": None})
        anchor[node] = after if after < len(rows) else anchor[after]
        following[node], following[after] = following[after], node
        first_copy.setdefault(i, node)
        placed = i
    out: list[dict[str, Any]] = []
    walk = following[head]
    while walk is not None:
        out.append(nodes[walk])
        walk = following[walk]
    return out


def word_diff(before: str, after: str, colour: bool = True) -> tuple[Text, Text]:
    """Two passages as terminal text with the words that differ marked: taken out in red on the
    source side, put in in green on the target side ('Friday' / 'Tuesday'); without `colour` (a
    pipe, cron, NO_COLOR, a file) between [- -] and {+ +}, as wdiff writes them."""
    left, right = Text(), Text()
    old, new = _diff_runs(before, after)
    for runs, out, style, (opening, closing) in ((old, left, "bold red", ("[-", "-]")),
                                                 (new, right, "bold green", ("{+", "+}"))):  # fmt: skip
        for run, same in runs:
            if out:
                out.append(" ")
            out.append(run if same or colour else f"{opening}{run}{closing}", style="" if same else style)
    return left, right


def render_text(doc: dict[str, Any], console: Console) -> None:
    """Print a Rich terminal report of a compare dict: verdict, alignment, additions, drops, facts."""
    src, tgt, v = doc.get("source", {}), doc.get("target", {}), doc.get("verdict", {})
    s_text = {s.get("index"): s.get("text", "") for s in src.get("sentences", [])}
    t_text = {s.get("index"): s.get("text", "") for s in tgt.get("sentences", [])}
    links = doc.get("links", [])
    kinds = Counter(lk.get("kind") for lk in links)
    relation = str(v.get("relation") or "unknown")

    head = Text()
    shared = shared_note(doc)
    head.append(relation, style="bold dark_orange" if shared else _RELATION_STYLE.get(relation, "bold"))
    head.append(
        f"   score {_score_text(v)}   source coverage {_pct(v.get('source_coverage'))}"
        f"   target coverage {_pct(v.get('target_coverage'))}\n"
    )
    note = rule_note(v) or verdict_reason(doc)
    if note:
        head.append(note + "\n", style="italic")
    if caveat := v.get("caveat"):
        head.append(f"Caveat: {caveat}\n", style="yellow")
    if credited := credit_note(doc):
        head.append(credited + "\n", style="cyan")
    if tells := tells_note(doc):
        head.append(tells + "\n", style="yellow")
    if shared:
        head.append(shared + "\n", style="bold dark_orange")
    head.append(
        f"links: {kinds['verbatim']} verbatim, {kinds['edited']} edited, {kinds['paraphrase']} paraphrase"
        f"   added: {len(doc.get('added', []))}   dropped: {len(doc.get('dropped', []))}\n",
        style="dim",
    )
    head.append("source: ", style="bold")
    head.append(_trunc(_name(src, "(untitled)")) + "\n")
    head.append("target: ", style="bold")
    head.append(_trunc(_name(tgt, "(untitled)")))
    console.print(Panel(head, title="wiretrace compare", expand=False))

    nums = sentence_numbers
    table = Table(title="Sentence by sentence (target order; a dropped sentence after the one before it)",
                  show_lines=False, expand=True)  # fmt: skip
    table.add_column("S#", style="dim", max_width=11, overflow="fold")  # a summary's sentence may hold 19
    table.add_column("source", ratio=1, overflow="fold")  # a long address wraps whole: its edit stays in sight
    table.add_column("kind", no_wrap=True)
    table.add_column("T#", style="dim", max_width=11, overflow="fold")
    table.add_column("target", ratio=1, overflow="fold")
    colour = console.color_system is not None and not console.no_color
    for row in aligned_rows(doc):
        kind = str(row["kind"])
        before = " ".join(s_text.get(i, "") for i in row["source"])
        after = " ".join(t_text.get(j, "") for j in row["target"])
        if _shown_marked(row, before, after):  # a few words marked
            left, right = word_diff(before, after, colour=colour)
        else:  # other words throughout, or one side alone: shown whole, nothing to mark
            left, right = Text(before, style=_SIDE_STYLE.get(kind, "")), Text(after, style=_SIDE_STYLE.get(kind, ""))
        style = _KIND_STYLE.get(kind) or _SIDE_STYLE.get(kind) or "bold"
        table.add_row(nums("S", row["source"]), left, Text(kind, style=style),
                      nums("T", row["target"]), right)  # fmt: skip
    if not doc.get("links") and table.row_count:  # every sentence dropped or added: no table of them
        n_src, n_tgt = len(doc.get("dropped", [])), len(doc.get("added", []))
        console.print(Text(f"No sentence of the target is linked to the source ({n_src} source and {n_tgt} target "
                           "sentences; --format html shows both texts).", style="dim"))  # fmt: skip
    else:
        console.print(table if table.row_count else Text("No sentences to align.", style="dim"))

    parts = []
    headline = [{**c, "source": None, "target": None} for c in doc.get("title_changes") or []]
    if doc.get("changes") or headline:
        ct = Table(title="Changed quotes, figures, names, dates and meanings", expand=True)
        for col in ("kind", "S#", "before", "after", "T#"):
            ct.add_column(col)
        for c in [*doc.get("changes", []), *headline]:
            ct.add_row(
                str(c.get("kind")),
                f"S{c.get('source')}" if c.get("source") is not None else "headline",
                Text(_trunc(c.get("before") or "—"), style="red"),
                Text(_trunc(_after(c)), style="green"),
                f"T{c.get('target')}" if c.get("target") is not None else "headline",
            )
        parts.append(ct)
    if unsupported := shown_unsupported(doc):
        ut = Table(title="Unsupported facts in the target", expand=True)
        ut.add_column("T#", no_wrap=True)
        ut.add_column("facts", ratio=1)
        for u in unsupported:
            ut.add_row(f"T{u.get('target')}", Text(_trunc("; ".join(str(x) for x in u.get("items", [])))))
        parts.append(ut)
    if notes := correction_notes(doc):
        nt = Table(title="Correction and update notes (not compared: page notes, not story)", expand=True)
        nt.add_column("article", no_wrap=True)
        nt.add_column("note", ratio=1)
        for side, note in notes:
            nt.add_row(side, Text(note))
        parts.append(nt)
    if parts:
        console.print(Group(*parts))
    if unread := facts_unread(doc, listed=bool(doc.get("changes") or unsupported)):
        console.print(Text(unread, style="yellow"))


#: A story member's coverage, named for what it is: not the link's coverage of the derived article.
MEMBER_COVERAGE_HEADER = (
    '<abbr title="The share of this member&#39;s sentences its joining link finds in the other article">'
    "its sentences found</abbr>"
    '<span class="sr-only"> (the share of this member&#39;s sentences its joining link finds in the other '
    "article)</span>"
)


def story_anchor(n: int) -> str:
    """The id of the `n`th family's section (from 1) on the story report's index, where each of its
    compare pages links back to."""
    return f"story-{n}"


def render_stories_html(
    stories: list[dict[str, Any]], pages: dict[tuple[str, str], str], made_at: str | None = None
) -> str:
    """One self-contained page listing story families (`wiretrace.story/1` dicts), members by date.

    `pages` maps (story id, member id) to the relative address of that member's compare page;
    `made_at`, when the page was made.
    """
    sections = []
    for n, story in enumerate(stories, 1):
        rows = "".join(
            f"<tr><td>{date_html(m.get('published'), '—')}</td><td class=\"site\">{_e(m.get('site') or '')}</td>"
            f'<td>{_e(m.get("id"))}<br><span class="reason">{_e(_trunc(m.get("title") or "", 90))}</span></td>'
            f'<td><span class="rel rel-{_e(m.get("relation"))}">{_e(m.get("relation"))}</span></td>'
            f"<td>{_pct(m.get('score'))}</td><td>{_pct(m.get('coverage'))}</td>"
            f"<td>{_e(m.get('via') or '')}"
            + (f'<span class="reason">source of {_e(m["source_of"])}</span>' if m.get("source_of") else "")
            + "</td><td>"
            + (f'<a href="{_e(pages[(story["id"], m["id"])])}">compare<span class="sr-only"> ({_e(m["id"])})</span></a>'
               if (story["id"], m["id"]) in pages else "")
            + "</td></tr>"
            for m in story.get("members", [])
        )
        named = story.get("headline") or f"Story {story.get('id')}"
        sections.append(
            f'<section class="panel" id="{story_anchor(n)}"><h2>{_e(named)}</h2>'
            f'<p>Story {_e(story.get("id"))}: {_e(story.get("size"))} articles. '
            f'Origin <b>{_e(story.get("origin"))}</b> <span class="reason">({_e(story.get("reason"))})</span></p>'
            '<div class="wide"><table><thead><tr><th>published</th><th>site</th><th>article</th><th>relation</th>'
            f"<th>score</th><th>{MEMBER_COVERAGE_HEADER}</th><th>via</th><th>compare</th></tr></thead>{rows}</table></div>"
            "</section>"
        )
    body = "".join(sections) or '<p class="none">No story families: no derived articles were found.</p>'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wiretrace: story families</title><style>{_CSS}</style></head>
<body><main><header class="top"><h1>Story families</h1>
<div class="legend">Members in date order, origin first; each with its relation to the family, the score and
coverage of the link joining it, and a side-by-side comparison with the article it derives from. On a narrow
screen a table's shadow at its edge says it scrolls sideways.</div></header>
{body}<footer class="reason">{_made_by(made_at)}</footer>
</main></body></html>
"""
