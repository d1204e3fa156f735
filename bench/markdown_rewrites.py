"""AI rewrites laid out as AI writers and Markdown scrapers give them: still derived from their source?

Every fourth L2R rewrite (100), against its wire story, as it is and in four layouts: Markdown
(a '# ' title and '## ' section headings), a 'Key takeaways' bullet list over the text, every third
sentence in bold ('**...**'), and each sentence a numbered list item. Prints how many stay derived
and the median verdict score.

Run: .venv/bin/python bench/markdown_rewrites.py [../shared/datasets]
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

import _datasets  # the benchmarks' command line (bench/_datasets.py)

from wiretrace.compare import compare_profiles, profile
from wiretrace.embed import load
from wiretrace.evaluate import read_jsonl
from wiretrace.ingest import from_text
from wiretrace.text import segment

HEADINGS = ("## What happened", "## Background", "## Reactions", "## What comes next")


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text)]


def markdown(text: str) -> str:
    """A '# ' title (the first sentence's first eight words) and four '## ' section headings."""
    said = sentences(text)
    lines = ["# " + " ".join(said[0].split()[:8]).rstrip(".,"), ""]
    step = max(2, len(said) // 4)
    for i, sentence in enumerate(said):
        if i % step == 0 and i // step < len(HEADINGS):
            lines += ["", HEADINGS[i // step], ""]
        lines.append(sentence)
    return "\n".join(lines)


def bullets(text: str) -> str:
    return "Key takeaways:\n" + "\n".join("- " + s for s in sentences(text)[:3]) + "\n\n" + text


def bold(text: str) -> str:
    return "\n\n".join(f"**{s}**" if i % 3 == 0 else s for i, s in enumerate(sentences(text)))


def numbered(text: str) -> str:
    return "\n".join(f"{i + 1}. {s}" for i, s in enumerate(sentences(text)))


LAYOUTS: dict[str, Callable[[str], str]] = {
    "as written": lambda text: text, "markdown": markdown, "bullets": bullets, "bold": bold, "numbered": numbered,
}  # fmt: skip


def main() -> None:
    datasets = _datasets.parse(__doc__).datasets
    sources = {r["id"]: r["text"] for r in read_jsonl(datasets / "l2r-news" / "sources.jsonl")}
    rewrites = read_jsonl(datasets / "l2r-news" / "rewrites.jsonl")[::4]
    embedder = load()
    for name, layout in LAYOUTS.items():
        derived, scores = 0, []
        for r in rewrites:
            source = profile(from_text(sources[r["source_id"]], "source", id="source"), embedder)
            target = profile(from_text(layout(r["text"]), "rewrite", id="rewrite"), embedder)
            verdict = compare_profiles(source, target).verdict
            derived += verdict.relation != "unrelated"
            scores.append(verdict.score)
        print(f"{name}: derived {derived}/{len(rewrites)}, median score {statistics.median(scores):.3f}")


if __name__ == "__main__":
    main()
