"""Shared fixtures: the real embedder (loaded once per session) and the data locations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wiretrace.embed import Embedder, load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
DATASETS = ROOT.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load("wordllama")


def l2r_sample(count: int) -> tuple[list[dict], list[dict]]:
    """The first `count` L2R wire stories and every AI rewrite of them (records as in the dataset)."""

    need_datasets()
    sources = [json.loads(line) for line in (DATASETS / "l2r-news" / "sources.jsonl").open()][:count]
    wanted = {s["id"] for s in sources}
    all_rewrites = map(json.loads, (DATASETS / "l2r-news" / "rewrites.jsonl").open())
    rewrites = [r for r in all_rewrites if r["source_id"] in wanted]
    return sources, rewrites


def farm_family(source_id: str) -> list[dict]:
    """An L2R wire story and four content farms' sibling rewrites of it (`evaluate.farm_family`)."""
    from wiretrace.evaluate import farm_family as family

    need_datasets()
    return family(DATASETS, source_id)


def need_datasets() -> None:
    if not DATASETS.is_dir():
        pytest.fail(f"the shared datasets are missing: expected {DATASETS}")


#: The wire stories of the batch corpus's sibling rewrites (`farm_family`): the event check had
#: set aside one farm's link to each among the batch corpus.
SIBLING_SOURCES = ("l2r-src-035", "l2r-src-039")


def write_batch_corpus(root: Path, bbc_count: int = 150, l2r_count: int = 30, ecb_topics: int = 0) -> Path:
    """A small real corpus for the batch pipeline, written as JSON Lines under `root`.

    - bbc.jsonl: the first `bbc_count` BBC articles plus both members of five of its
      exact-duplicate groups, then one line that is not JSON;
    - copies.jsonl: three edited copies of each of four BBC articles (each copy drops a
      different paragraph), on another site: near duplicates for the LSH candidates;
    - wire.jsonl / farm.jsonl: `l2r_count` L2R sources dated 2016-01-01 and their two AI
      rewrites each, dated 2016-02-01, on two sites: paraphrases for the semantic candidates;
    - events.jsonl (when `ecb_topics` > 0): every ECB+ article of the first `ecb_topics` topics,
      independent reports of the same events, for the event check;
    - siblings.jsonl: two more L2R wire stories, each with four farms' rewrites (`farm_family`):
      sibling rewrites, which the event check must not take for an event's reports;
    - roundup.jsonl: three Reuters oil wires and a roundup of each one's first two sentences,
      dated after them: a text stitched from several sources (`detect.stitched_links`);
    - spun.jsonl: a roundup of three sentences of each of three BBC stories (`SPUN_WIRES`), every
      sentence lightly edited (`evaluate.spin`): found by its sentences (`detect.anchored_pairs`);
    - crawl.warc.gz: a crawl's records that hold no article (two requests, an image, a 404
      page), to be counted as skipped;
    - again.jsonl: bbc.jsonl's first record delivered again (the same id and text).
    """
    from collections import defaultdict

    need_datasets()
    root.mkdir(parents=True, exist_ok=True)
    bbc = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()]
    groups: dict[str, list[dict]] = defaultdict(list)
    for b in bbc:
        groups[b["text"]].append(b)
    dup_groups = [g for g in groups.values() if len(g) > 1][:5]
    chosen = {b["id"]: b for b in bbc[:bbc_count]}
    chosen.update({b["id"]: b for g in dup_groups for b in g})
    copies = []
    for b in bbc[:4]:
        paragraphs = [p for p in b["text"].split("\n") if p.strip()]
        for k in (1, 2, 3):
            text = "\n\n".join(paragraphs[:k] + paragraphs[k + 1 :])
            copies.append({"id": f"copy-{k}-{b['id']}", "text": text, "url": f"https://copy.example/{k}/{b['id']}"})
    sources, rewrites = l2r_sample(l2r_count)
    files = {
        "bbc.jsonl": [
            {"id": b["id"], "title": b["title"], "text": b["text"], "site": "bbc.co.uk"} for b in chosen.values()
        ],
        "copies.jsonl": copies,
        "wire.jsonl": [_dated(s, "wire.example", "2016-01-01") for s in sources],
        "farm.jsonl": [_dated(r, "www.farm.example", "2016-02-01") for r in rewrites],
        "siblings.jsonl": [*farm_family(SIBLING_SOURCES[0]), *farm_family(SIBLING_SOURCES[1])],
        "roundup.jsonl": roundup_records(),
        "spun.jsonl": [spun_roundup({b["id"]: b["text"] for b in bbc})],
    }
    if ecb_topics:
        events = [json.loads(line) for line in (DATASETS / "ecbplus" / "articles.jsonl").open()]
        files["events.jsonl"] = [{"id": e["id"], "text": e["text"]} for e in events if e["topic"] <= ecb_topics]
    for name, records in files.items():
        with (root / name).open("w") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in records)
    with (root / "bbc.jsonl").open("a") as fh:
        fh.write("{not json\n")
    (root / "again.jsonl").write_text(json.dumps(files["bbc.jsonl"][0]) + "\n")
    write_crawl_without_articles(root / "crawl.warc.gz")
    return root


#: The BBC stories `spun_roundup` runs, among the first of the batch corpus's BBC articles.
SPUN_WIRES = ("bbc-business-010", "bbc-business-020", "bbc-business-030")


def spun_roundup(texts: dict[str, str]) -> dict:
    """`spun-roundup`: the second to fourth sentences of each of `SPUN_WIRES` (`texts` by id), each
    with a word swapped or slipped in (`evaluate.spin`), as a farm's digest runs wire paragraphs."""
    import random

    from wiretrace.evaluate import spin
    from wiretrace.text import segment

    rng = random.Random(5)
    body = [spin(texts[w][s.start : s.end], 1, rng) for w in SPUN_WIRES for s in segment(texts[w])[1:4]]
    text = "\n\n".join(["Today's business news in brief.", *body])
    return {"id": "spun-roundup", "text": text, "site": "digest.example"}


def spun_roundup_run(directory: Path) -> Path:
    """A batch run's articles stage (local engine) over `SPUN_WIRES`, two other BBC stories and
    `spun-roundup`: the rows a test of the roundups' step gives its own candidates."""

    from wiretrace.engines.batch import run_batch

    need_datasets()
    texts = {r["id"]: r["text"] for r in map(json.loads, (DATASETS / "bbc" / "articles.jsonl").open())}
    records = [{"id": i, "text": texts[i]} for i in (*SPUN_WIRES, "bbc-sport-001", "bbc-tech-001")]
    corpus = directory / "corpus.jsonl"
    directory.mkdir(parents=True, exist_ok=True)
    corpus.write_text("".join(json.dumps(r) + "\n" for r in [*records, spun_roundup(texts)]))
    run_batch([str(corpus)], directory / "run", stop_after="articles")
    return directory / "run"


def write_crawl_without_articles(path: Path) -> None:
    """Two requests, a PNG and a 404 page: WARC records that are not articles."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, status, content_type, body in (
            ("https://img.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
            ("https://img.example/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
        ):
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "img.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            response = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
            writer.write_record(response)


def roundup_records() -> list[dict]:
    """Three Reuters oil wires, dated 1 to 3 March 1987, and `roundup`, dated the 5th: a news
    roundup of each wire's first two sentences, word for word, between a greeting and a sign-off."""

    from wiretrace.ingest import read_string

    need_datasets()
    wanted = ("reuters-144", "reuters-248", "reuters-273")
    texts = {r["id"]: r["text"] for r in map(json.loads, (DATASETS / "reuters21578" / "articles.jsonl").open())
             if r["id"] in wanted}  # fmt: skip
    wires = [{"id": f"wire-{n}", "text": texts[w], "published": f"1987-03-0{n + 1}T09:00:00Z"}
             for n, w in enumerate(wanted)]  # fmt: skip
    taken = [read_string(w["text"], "w.txt").sentences[k].text for w in wires for k in (0, 1)]
    roundup = "\n\n".join(["Here is what you need to know this morning.", *taken, "More later today."])
    return [*wires, {"id": "roundup", "text": roundup, "published": "1987-03-05T09:00:00Z"}]


def live_page_html(headline: str, updates: list[tuple[str, str, str | None]], day: str = "2017-01-11") -> str:
    """A live page as news sites mark it up: a JSON-LD `LiveBlogPosting` whose `liveBlogUpdate`s
    give each update's time (on `day`, UTC), text and maybe its own address, newest first as pages
    list them, and the same updates in the page's body. `updates`: (HH:MM, text, address)."""

    listed = sorted(updates, key=lambda u: u[0], reverse=True)
    entries = [{"@type": "BlogPosting", "headline": t, "datePublished": f"{day}T{t}:00Z", "articleBody": text,
                **({"url": url} if url else {})} for t, text, url in listed]  # fmt: skip
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": headline,
          "datePublished": f"{day}T{min(u[0] for u in updates)}:00Z", "liveBlogUpdate": entries}  # fmt: skip
    body = "".join(f"<article><h2>{t}</h2><p>{text}</p></article>" for t, text, _ in listed)
    return (f'<html><head><title>{headline}</title><script type="application/ld+json">{json.dumps(ld)}</script>'
            f"</head><body><h1>{headline}</h1>{body}</body></html>")  # fmt: skip


def _dated(record: dict, site: str, day: str) -> dict:
    return {"id": record["id"], "text": record["text"], "published": day, "url": f"https://{site}/{record['id']}"}


@pytest.fixture(scope="session")
def spark():
    """One local Spark session (2 cores) for every Spark test, stopped at the end."""
    from wiretrace.engines.spark import session

    s = session("local[2]")
    yield s
    s.stop()


def index_and_run_families(index_dir: Path, run_dir: Path) -> tuple[dict, dict]:
    """The families of an index that imported a batch run, and the run's own, both as
    {sorted member ids: origin}. Both list identical copies as members: the index its aliases,
    the run the exact duplicates it set aside (joined by copy links in its stories stage)."""
    from wiretrace.engines.batch import read_table
    from wiretrace.engines.local import Index

    with Index(index_dir, read_only=True) as index:
        found = {tuple(sorted(m.id for m in f.members)): f.origin for f in index.stories()}
    return found, {tuple(sorted(s["members"])): s["origin"] for s in read_table(run_dir / "stories")}


STORM = ("A powerful storm swept across the Riverside county on Tuesday night, flooding dozens of homes. "
         "Emergency crews worked through the night to rescue residents trapped by the rising water. "
         "The county's mayor declared a state of emergency early on Wednesday morning. "
         "Forecasters said more than 120 millimetres of rain fell in less than six hours. "
         "Several roads, including the main highway into the town, remain closed to traffic. "
         "Officials estimate the cost of the damage at more than 4 million dollars.")


def syndicated_jsonl(ids: range, first: str = "2024-03-01") -> str:
    """JSONL of one story syndicated on 50 sites, each copy with a sentence of its own, dated over
    four weeks (copy 0 on `first`)."""
    rows = [{"id": f"a{i}", "title": "Storm floods Riverside", "url": f"https://site{i % 50}.example/story/{i}",
             "text": f"{STORM} Local resident number {i} said the damage on street {i} was severe.",
             "published": first if i == 0 else f"2024-03-{i % 28 + 1:02d}"} for i in ids]  # fmt: skip
    return "".join(json.dumps(r) + "\n" for r in rows)
