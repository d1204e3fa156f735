"""Disguised copies and rewrites: how many the verdict still calls derived, and how many of the
same disguises on two independent reports make them look derived.

Each of the first N L2R wire stories is copied verbatim, and its GPT rewrite taken, then both are
disguised as an evasion review did by hand (content farms use each): zero-width spaces every
third character, word joiners, Cyrillic look-alike letters, full-width letters, soft hyphens
inside words, thin and no-break spaces, junk words in spans the page's style sheet hides or
styles out of sight (no font size, transparent), lines stored backwards behind a right-to-left
override, the whole text in small letters or in capitals, a short FAQ above the story, a FAQ and
a 'Top 5 Things To Know' list below it. Each disguised text is compared with the wire story
(plain text, or HTML for the spans). Negatives: the first
N pairs of ECB+ reports of one event from two outlets sharing no text (word 5-gram Jaccard <
0.05), both disguised alike, must stay `unrelated`.

Run: .venv/bin/python bench/disguises.py [../shared/datasets] [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import html
import itertools
import re
from collections.abc import Callable
from pathlib import Path

from wiretrace import Comparer
from wiretrace.evaluate import INDEPENDENT_MAX_JACCARD, read_jsonl
from wiretrace.fingerprint import jaccard, shingles
from wiretrace.ingest import from_html, from_text

_LOOKALIKES = str.maketrans("aeopcyxAEOPCTHKM", "аеорсухАЕОРСТНКМ")
_FAQ = "FAQ\nWhat is this about?\nThe latest news.\nWhy does it matter?\nRead on below."
_LIST = "\n".join(
    f"{n}. {line}"
    for n, line in enumerate(
        [
            "The situation is still developing and more details are expected soon.",
            "Officials have promised to release further information in the coming days.",
            "Experts say it is too early to draw firm conclusions about the long-term impact.",
            "Analysts believe the decision could have wide-ranging consequences.",
            "Critics have raised concerns, while supporters have welcomed the move.",
        ],
        1,
    )
)
_TOP_5 = f"Top 5 Things To Know\n{_LIST}"
_INTRO = "Here is everything you need to know about the latest developments in this story today, explained."


def _wide(c: str) -> str:
    """A Latin letter in full width ('a' -> 'ａ')."""
    return chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c


def _every_third(mark: str) -> Callable[[str], str]:
    return lambda text: mark.join(text[i : i + 3] for i in range(0, len(text), 3))


def _hidden_spans(text: str, junk: str = '<span class="j">cobalt</span>') -> str:
    """An HTML page of `text` with a hidden junk word after every fourth word."""
    words = html.escape(text).split(" ")
    mixed = " ".join(w + (f" {junk}" if i % 4 == 3 else "") for i, w in enumerate(words))
    body = "".join(f"<p>{p}</p>" for p in mixed.split("\n") if p.strip())
    return f"<html><head><style>.j{{display:none}}</style></head><body><article>{body}</article></body></html>"


def _backwards(text: str) -> str:
    """Each line stored last letter first behind a right-to-left override, which shows it as written."""
    mirrored = str.maketrans("()[]", ")(][")
    return "\n".join(f"\u202e{line[::-1].translate(mirrored)}\u202c" if line else "" for line in text.split("\n"))


#: name -> how the text is disguised (plain text out, or an HTML page for the spans).
DISGUISES: dict[str, Callable[[str], str]] = {
    "none": lambda text: text,
    "zero-width spaces": _every_third("\u200b"),
    "word joiners": _every_third("\u2060"),
    "look-alike letters": lambda text: text.translate(_LOOKALIKES),
    "full-width letters": lambda text: "".join(_wide(c) for c in text),
    "soft hyphens": lambda text: re.sub(r"(\w{3})(?=\w{3})", "\\1\u00ad", text),
    "odd spaces": lambda text: text.replace(" ", "\u2009").replace(". ", ".\u00a0"),
    "hidden spans": _hidden_spans,
    "spans styled out": lambda text: _hidden_spans(text, '<span style="font-size:0">cobalt</span>'),
    "transparent spans": lambda text: _hidden_spans(text, '<span style="opacity:0">cobalt</span>'),
    "stored backwards": _backwards,
    "small letters": str.lower,
    "capitals": str.upper,
    "short FAQ above": lambda text: f"{_INTRO}\n\n{_FAQ}\n\n{text}",
    "FAQ and list below": lambda text: f"{text}\n\nFrequently Asked Questions\n{_FAQ[4:]}\n\n{_TOP_5}",
}


def _read(text: str, disguise: str):  # type: ignore[no-untyped-def]
    return from_html(text, "farm.html") if text.startswith("<html>") else from_text(text, "farm.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--limit", type=int, default=60, help="L2R wire stories to disguise.")
    args = parser.parse_args()
    comparer = Comparer()
    sources = read_jsonl(args.datasets / "l2r-news" / "sources.jsonl")[: args.limit]
    gpt = {r["source_id"]: r for r in read_jsonl(args.datasets / "l2r-news" / "rewrites.jsonl") if "gpt" in r["id"]}
    by_event: dict[str, list[str]] = collections.defaultdict(list)
    for row in read_jsonl(args.datasets / "ecbplus" / "articles.jsonl"):
        by_event[row["event"]].append(row["text"])
    reports = [pair for docs in by_event.values() for pair in itertools.pairwise(docs)]
    independent = [(a, b) for a, b in reports if jaccard(shingles(a), shingles(b)) < INDEPENDENT_MAX_JACCARD]
    independent = independent[: args.limit]
    print(f"{len(sources)} wire stories (copies and GPT rewrites), {len(independent)} independent ECB+ pairs")
    print(f"{'disguise':22s} {'copies derived':>15s} {'rewrites derived':>17s} {'independent flagged':>20s}")
    for name, disguise in DISGUISES.items():
        found: collections.Counter[str] = collections.Counter()
        for source in sources:
            original = from_text(source["text"], source["id"])
            for kind, text in (("copy", source["text"]), ("rewrite", gpt[source["id"]]["text"])):
                verdict = comparer.compare(original, _read(disguise(text), name)).verdict
                found[kind] += verdict.relation != "unrelated"
        for a, b in independent:
            verdict = comparer.compare(_read(disguise(a), name), _read(disguise(b), name)).verdict
            found["independent"] += verdict.relation != "unrelated"
        print(f"{name:22s} {found['copy']:>9d} of {len(sources):<3d} {found['rewrite']:>11d} of {len(sources):<3d} "
              f"{found['independent']:>13d} of {len(independent)}")  # fmt: skip


if __name__ == "__main__":
    main()
