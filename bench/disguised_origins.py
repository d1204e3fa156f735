"""Which came first: a wire story and its copies disguised as other text, with and without dates.

A content farm seldom posts a wire story bare: it pads it with an unrelated article, a paragraph of
sport, an SEO intro and outro, turns it into a Q&A, or slips an unrelated sentence after every
second one. Each such copy holds the wire whole, so a reading by containment alone makes the bare
wire the cut of the copy, and the copy its source. For each of the first N L2R wire stories
(CC BY 3.0), every disguise below is built from the dataset (the padding is a BBC article of the
other categories), and the pair is measured three ways:

- undated, given to `detect.verify` as the index gives a pair, once with the wire's id first and
  once with the copy's: how often the wire is the link's source (the copy derived from it);
- dated (the wire on day 1, the copy on day 2): how many links read against their dates
  (`cluster.dated_against_content`: a false alarm of backdating for the one reading the link);
- one undated index of every wire and all its disguised copies: how many families have the wire
  as their origin.

And the other way round, what a rule for the Q&A disguise must not break: every BBC article asking
3 questions or more, copied with its questions cut, must stay the source of that copy (undated,
both judging orders): the content of a farm's Q&A copy and of a questioning original is alike.

Run: .venv/bin/python bench/disguised_origins.py [../shared/datasets] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from wiretrace.cluster import dated_against_content
from wiretrace.compare import Comparer, Profile, profile
from wiretrace.detect import verify
from wiretrace.engines.local import Index
from wiretrace.evaluate import read_jsonl
from wiretrace.facts import document_facts
from wiretrace.ingest import from_text

INTRO = ("In today's fast-paced world, staying informed about the latest developments has never been more "
         "important. In this article, we take a closer look at a story that has been drawing attention. "
         "Read on to discover everything you need to know.")  # fmt: skip
OUTRO = ("In conclusion, this is a developing story, and circumstances can change quickly. We will continue to "
         "monitor events closely and bring you the latest updates. Stay tuned, share this article with your "
         "friends, and let us know your thoughts in the comments below.")  # fmt: skip
QUESTIONS = ("What happened?", "Who is involved?", "Why does it matter?", "What happens next?", "What else is known?")


def sentences(text: str) -> list[str]:
    return [s.text for s in from_text(text).sentences]


def _host(wire: list[str], host: list[str], times: float, around: bool) -> str:
    """The wire inside `times` its length of `host`'s sentences, after it or around it."""
    size = max(2, round(times * sum(map(len, wire)) / max(1, sum(map(len, host)) / len(host))))
    filler = (host * (size // len(host) + 1))[:size]
    if around:
        half = len(filler) // 2
        return " ".join([*filler[:half], *wire, *filler[half:]])
    return " ".join([*wire, *filler])


def _questions(wire: list[str]) -> str:
    """The wire as an interview: a question before every second sentence, naming its first name."""
    lines = []
    for i, s in enumerate(wire):
        if i % 2 == 0:
            names = [f.text for f in document_facts([s], "en")[0] if f.kind == "name"]
            lines.append(f"What do we know about {names[0]}?" if names else QUESTIONS[i // 2 % len(QUESTIONS)])
        lines.append(s)
    return "\n".join(lines)


def _interleaved(wire: list[str], host: list[str]) -> str:
    """An unrelated sentence after every second sentence of the wire."""
    out = []
    for i, s in enumerate(wire):
        out.append(s)
        if i % 2 == 1:
            out.append(host[i // 2 % len(host)])
    return " ".join(out)


DISGUISES: dict[str, Callable[[list[str], list[str], list[str]], str]] = {
    "inside an unrelated article half as long, after it": lambda w, h, s: _host(w, h, 0.5, False),
    "... as long, around it": lambda w, h, s: _host(w, h, 1.0, True),
    "... 1.5x, after it": lambda w, h, s: _host(w, h, 1.5, False),
    "... 2.5x, around it": lambda w, h, s: _host(w, h, 2.5, True),
    "a paragraph of sport after it": lambda w, h, s: " ".join([*w, *s[:4]]),
    "under a farm's SEO intro and outro": lambda w, h, s: "\n\n".join([INTRO, " ".join(w), OUTRO]),
    "as a Q&A (a question before every second sentence)": lambda w, h, s: _questions(w),
    "an unrelated sentence after every second one": lambda w, h, s: _interleaved(w, h),
}


def _pair(comparer: Comparer, wire: str, copy: str, ids: tuple[str, str], dated: bool) -> tuple[Profile, Profile]:
    dates = ("2016-07-01", "2016-07-02") if dated else (None, None)
    return (profile(from_text(wire, ids[0], id=ids[0], published=dates[0]), comparer.embedder),
            profile(from_text(copy, ids[1], id=ids[1], published=dates[1]), comparer.embedder))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="?", default="../shared/datasets", type=Path)
    parser.add_argument("--limit", type=int, default=25, help="Wire stories (the first N L2R sources).")
    args = parser.parse_args()
    wires = read_jsonl(args.datasets / "l2r-news" / "sources.jsonl")[: args.limit]
    bbc = read_jsonl(args.datasets / "bbc" / "articles.jsonl")
    hosts = [r for r in bbc if r["id"].startswith(("bbc-tech-", "bbc-entertainment-"))]
    sport = [r for r in bbc if r["id"].startswith("bbc-sport-")]
    comparer = Comparer()
    undated: dict[str, Counter[str]] = {name: Counter() for name in DISGUISES}
    against: Counter[str] = Counter()
    collection: list[dict] = []
    for n, row in enumerate(wires):
        wire = sentences(row["text"])
        host, paragraph = sentences(hosts[n]["text"]), sentences(sport[n]["text"])
        collection.append({"id": f"{row['id']}-wire", "text": row["text"]})
        for k, (name, disguise) in enumerate(DISGUISES.items()):
            copy = disguise(wire, host, paragraph)
            collection.append({"id": f"{row['id']}-copy-{k}", "text": copy})
            for first in ("wire", "copy"):  # the index judges the pair in id order when undated
                ids = ("a-wire", "b-copy") if first == "wire" else ("b-wire", "a-copy")
                w, c = _pair(comparer, row["text"], copy, ids, dated=False)
                link = verify(w, c) if first == "wire" else verify(c, w)
                outcome = "unlinked" if link is None else ("wire" if link.source == ids[0] else "copy")
                undated[name][f"{first} first: {outcome}"] += 1
            w, c = _pair(comparer, row["text"], copy, ("wire", "copy"), dated=True)
            link = verify(w, c)
            against[name] += link is not None and dated_against_content(link.reason)
    print(f"{len(wires)} L2R wires, each copy judged undated (wire's id first / copy's first) and dated (wire day 1)")
    print("| disguise | undated: wire the source, wire first / copy first | copy the source | unlinked "
          "| dated: read against their dates |")
    print("|---|---|---|---|---|")
    for name, counts in undated.items():
        wire_src = f"{counts['wire first: wire']} / {counts['copy first: wire']}"
        copy_src = f"{counts['wire first: copy']} / {counts['copy first: copy']}"
        unlinked = f"{counts['wire first: unlinked']} / {counts['copy first: unlinked']}"
        print(f"| {name} | {wire_src} | {copy_src} | {unlinked} | {against[name]} |")
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "collection.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in collection))
        with Index(Path(work) / "index") as index:
            index.add([str(path)])
            stories = index.stories()
    origins = Counter(
        "wire" if s.origin.endswith("-wire") else f"copy {s.origin.rsplit('-', 1)[1]}"
        for s in stories if any(m.id.endswith("-wire") for m in s.members)
    )  # fmt: skip
    print(f"one undated index of the {len(wires)} wires and their {len(DISGUISES)} copies each: "
          f"{len(stories)} families; origin of those holding a wire: {dict(origins.most_common())}")
    print("copies by number: " + "; ".join(f"{k} {name}" for k, name in enumerate(DISGUISES)))
    originals: Counter[str] = Counter()
    for row in bbc:
        asking = [s for s in sentences(row["text"]) if s.rstrip("\"'” ").endswith("?")]
        if len(asking) < 3:
            continue
        cut = row["text"]
        for question in asking:
            cut = cut.replace(question, "", 1)
        for first in ("original", "copy"):
            ids = ("a-original", "b-copy") if first == "original" else ("b-original", "a-copy")
            o, c = _pair(comparer, row["text"], cut, ids, dated=False)
            link = verify(o, c) if first == "original" else verify(c, o)
            originals[f"{first} first: " + ("unlinked" if link is None else (
                "original" if link.source == ids[0] else "copy"))] += 1  # fmt: skip
    total = originals["original first: original"] + originals["original first: copy"] + originals[
        "original first: unlinked"]  # fmt: skip
    print(f"{total} BBC articles asking 3+ questions, copied without them: the original the source "
          f"{originals['original first: original']} / {originals['copy first: original']} (original's id first / "
          f"copy's first), the copy {originals['original first: copy']} / {originals['copy first: copy']}")


if __name__ == "__main__":
    main()
