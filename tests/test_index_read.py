"""Reading an index: query, stories with member relations, sites, export, compare by id, aliases.

One small real index (L2R sources and rewrites, BBC articles, an identical mirror copy) is
built once for the module in a temporary directory; the CLI runs as a real subprocess on it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import stat
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import DATASETS, l2r_sample, need_datasets
from tests.test_cli import run
from wiretrace.engines.local import Index
from wiretrace.errors import ConfigError, InputError
from wiretrace.ingest import from_text

N_SOURCES = 8


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, str]]:
    need_datasets()
    root = tmp_path_factory.mktemp("read")
    sources, rewrites = l2r_sample(N_SOURCES)
    bbc = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][900:930]
    with (root / "corpus.jsonl").open("w") as fh:
        for s in sources:
            fh.write(json.dumps({"id": s["id"], "text": s["text"], "published": "2016-01-01", "site": "wire.example"}))
            fh.write("\n")
        for b in bbc:
            fh.write(
                json.dumps(
                    {"id": b["id"], "text": b["text"], "title": b["title"], "url": f"https://www.bbc.co.uk/{b['id']}"}
                )
                + "\n"
            )
        for r in rewrites:
            fh.write(json.dumps({"id": r["id"], "text": r["text"], "published": "2016-02-01", "site": "farm.example"}))
            fh.write("\n")
        mirror = {"id": "mirror-0", "text": sources[0]["text"], "published": "2016-01-02", "site": "mirror.example"}
        fh.write(json.dumps(mirror) + "\n")
    with Index(root / "idx", batch_size=20) as index:
        report = index.add([str(root / "corpus.jsonl")])
        assert report.added == N_SOURCES + 30 + len(rewrites) + 1 and report.identical == 1
        assert index.store.id_count() == report.added == index.store.count() + 1  # the web page's count
    truth = {r["id"]: r["source_id"] for r in rewrites}
    texts = {r["id"]: r["text"] for r in rewrites}
    return root, truth, texts


def test_stories_give_each_member_its_relation_to_the_origin(built) -> None:
    root, truth, _ = built
    with Index(root / "idx", read_only=True) as index:
        stories = {s.id: s for s in index.stories()}
        first = stories[f"{next(iter(sorted(set(truth.values()))))}"]
        members = {m.id: m for m in first.members}
        assert members[first.origin].relation == "origin" and first.reason == "earliest published date"
        assert members["mirror-0"].relation == "copy" and members["mirror-0"].score == 1.0
        for story in stories.values():
            for m in story.members:
                if m.id in truth:  # every rewrite hangs off its own source, not off a sibling rewrite
                    assert story.origin == truth[m.id] and m.via is None, (story.id, m)
        assert index.story(first.id) == first and index.story_of("mirror-0") == first
        assert index.stories(site="mirror.example") == [first]
        assert index.stories(since="2016-03-01") == []
        with pytest.raises(ConfigError, match="since 2016-03 is after until 2016-02-10"):
            index.stories(since="2016-03", until="2016-02-10")  # a range given backwards is no empty answer


def test_query_finds_the_source_not_the_sibling_rewrite(built) -> None:
    root, truth, texts = built
    rewrite_id = sorted(truth)[1]
    with Index(root / "idx", read_only=True) as index:
        article = from_text(texts[rewrite_id], "query.txt")
        result = index.query(article)
        roles = {(m.id, m.role) for m in result.matches}
        assert (rewrite_id, "identical") in roles
        assert (truth[rewrite_id], "source") in roles
        sources = {m.id for m in result.matches if m.role == "source"}
        assert sources <= {truth[rewrite_id], "mirror-0"}  # no sibling rewrite
        assert result.story is not None and result.story.origin == truth[rewrite_id]


#: A paraphrase of L2R's first wire story (Newton Stewart floods), written for this test by hand.
PARAPHRASE = (
    "Flooding in Newton Stewart caused damage whose full cost is still being worked out, officials said. "
    "Repairs continue in Hawick, and numerous Peeblesshire roads are still hit by standing water. "
    "West coast mainline trains face delays because of damage to the Lamington Viaduct. "
    "The River Cree burst its banks and swamped businesses and homes in Newton Stewart. "
    "Nicola Sturgeon, the First Minister, toured the area to see the damage. "
    "Cafe owner Jeanette Tate praised the multi-agency response but said more preventative work could have been done."
)


def test_query_tries_the_source_of_what_it_derives_from(built, monkeypatch: pytest.MonkeyPatch) -> None:
    """A standards editor's review: a hand paraphrase of a wire story was matched to a farm's rewrite
    of it alone, as the source: the wire story was no candidate (a short text's centroid sits near
    the summaries', far from its long source's). The sources of what a query derives from are tried
    too, so the wire story is found and credited, and the farm's rewrites are not named sources."""
    from wiretrace.engines.bands import BandTable
    from wiretrace.engines.neighbours import NeighbourSpace

    root, truth, _ = built
    source_id = "l2r-src-000"
    search, lookup = NeighbourSpace.search, BandTable.lookup

    def without_source(self: NeighbourSpace, *args: object, **kw: object) -> list[list[str]]:
        return [[i for i in hits if i not in (source_id, "mirror-0")] for hits in search(self, *args, **kw)]  # type: ignore[arg-type]

    def keys_without_source(self: BandTable, keys: object) -> dict[int, list[str]]:
        return {k: [i for i in ids if i not in (source_id, "mirror-0")] for k, ids in lookup(self, keys).items()}  # type: ignore[arg-type]

    monkeypatch.setattr(NeighbourSpace, "search", without_source)  # the wire story is no candidate
    monkeypatch.setattr(BandTable, "lookup", keys_without_source)
    with Index(root / "idx", read_only=True) as index:
        result = index.query(from_text(PARAPHRASE, "query.txt"))
    sources = {m.id for m in result.matches if m.role == "source"}
    assert source_id in sources and not sources & {r for r, s in truth.items() if s == source_id}, result.matches


def test_an_undated_query_nearly_identical_to_an_indexed_article_derives_from_it(built) -> None:
    """Dates cannot orient an undated query, and a one-word edit leaves nothing else to go on:
    the indexed article, there first, stays the original (the tie used to fall to the query)."""
    root, truth, _ = built
    source_id = sorted(set(truth.values()))[0]
    with Index(root / "idx", read_only=True) as index:
        text = index.store.articles([source_id])[source_id]["text"]
        edited = text.replace(" the ", " a ", 1)
        assert edited != text
        roles = {m.id: (m.role, m.relation) for m in index.query(from_text(edited, "edited.txt")).matches}
    assert roles[source_id][0] == "source" and roles[source_id][1] in ("copy", "edited-copy")


def test_query_lists_each_copy_stored_under_another_id_with_its_own_metadata(built) -> None:
    root, truth, texts = built
    with Index(root / "idx", read_only=True) as index:
        source_id = index.store.canonical("mirror-0")
        rewrite_id = next(r for r, s in sorted(truth.items()) if s == source_id)
        by_rewrite = {m.id: m for m in index.query(from_text(texts[rewrite_id], "query.txt")).matches}
        source_text = index.store.articles([source_id])[source_id]["text"]
        by_source = {m.id: m for m in index.query(from_text(source_text, "again.txt")).matches}
    assert by_rewrite[source_id].role == by_rewrite["mirror-0"].role == "source"
    assert (by_rewrite["mirror-0"].site, by_rewrite["mirror-0"].published) == ("mirror.example", "2016-01-02")
    assert by_rewrite[source_id].site == "wire.example"
    assert by_source[source_id].role == by_source["mirror-0"].role == "identical"
    assert by_source[rewrite_id].role == "derived"


def test_sites_count_who_copies_whom(built) -> None:
    root, truth, _ = built
    with Index(root / "idx", read_only=True) as index:
        report = index.sites()
    edges = {(e.source_site, e.target_site): e.links for e in report.edges}
    assert edges[("wire.example", "mirror.example")] == 1
    assert edges[("wire.example", "farm.example")] >= len(truth) - 2
    stats = {s.site: s for s in report.sites}
    assert stats["bbc.co.uk"].articles == 30 and stats["wire.example"].derived == 0
    assert stats["farm.example"].share >= 0.85


def test_compare_pairs_names_indexed_articles_by_id(built, tmp_path: Path) -> None:
    root, truth, texts = built
    rewrite_id = sorted(truth)[0]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps(p) + "\n" for p in [
        {"id": "by-ids", "source_id": truth[rewrite_id], "target_id": rewrite_id},
        {"id": "mixed", "source_id": truth[rewrite_id], "target": texts[rewrite_id]},
        {"id": "unknown", "source_id": "no-such-article", "target_id": rewrite_id},
        {"id": "both", "source_id": truth[rewrite_id], "source": "Some text.", "target_id": rewrite_id},
        {"id": "blank", "source_id": truth[rewrite_id], "target_id": " ", "target": texts[rewrite_id]},
    ]))  # fmt: skip
    out = tmp_path / "out.jsonl"
    res = run("compare", "--pairs", str(pairs), "--format", "jsonl", "-o", str(out), "--index", str(root / "idx"))
    assert res.returncode == 1, res.stderr  # two bad pairs; the run went on
    assert "Traceback" not in res.stderr and "wrote 5 results" in res.stderr  # a pasted side has no id to note
    rows = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert rows["by-ids"]["verdict"]["relation"] != "unrelated"
    assert rows["by-ids"]["target"]["text"] == rows["mixed"]["target"]["text"]  # the stored text is the one read
    assert rows["mixed"]["verdict"] == rows["by-ids"]["verdict"]
    unknown = f'{pairs}:3 (id unknown): source_id "no-such-article": no such article id in the index'
    assert rows["unknown"]["error"] == unknown
    assert rows["both"]["error"] == f"{pairs}:4 (id both): give one of 'source', 'source_id', not both"
    assert rows["blank"]["verdict"] == rows["mixed"]["verdict"]  # a blank id is no id: the text is the side
    res = run("compare", "--pairs", str(pairs), "--format", "jsonl", "--index", str(tmp_path / "none"))
    first = json.loads(res.stdout.splitlines()[0])
    none = tmp_path / "none"
    assert first["error"].endswith(f'source_id "{truth[rewrite_id]}": no index at {none} to look it up in '
                                   "(give --index DIR)")  # fmt: skip


def test_pairs_name_indexed_articles_by_the_ids_index_add_gave_them() -> None:
    """`{"id": 67890}` was indexed as '67890': a pair's `target_id: 67890` names it too."""
    from wiretrace.batch import indexed_articles
    from wiretrace.ingest import from_text

    stored = {"67890": from_text("A fire broke out at the mill on Monday.", id="67890")}
    found = indexed_articles(json.dumps({"source_id": 67890.0, "target_id": 67890}), stored.get)
    assert found == {"source": stored["67890"], "target": stored["67890"]}
    refused = indexed_articles(json.dumps({"source_id": True, "target_id": "nope"}), stored.get)
    assert refused == {"source": "must be text or a number (an indexed article id)",
                       "target": "no such article id in the index"}  # fmt: skip


def test_a_de_duplicated_articles_export_leaves_derived_articles_out_by_level(built, tmp_path: Path) -> None:
    """A data team's corpus without its copies: `--drop copies` leaves out the identical mirror of a
    wire, `--drop derived` the farm rewrites too; the wires and the unrelated BBC articles stay, and
    the CLI, `Index.table` and the HTTP-facing `table_bytes` agree."""
    from wiretrace.export import table_bytes

    root, truth, _ = built
    ix = str(root / "idx")
    res = run("export", "--what", "links", "-o", str(tmp_path / "links.jsonl"), "--index", ix)
    assert res.returncode == 0, res.stderr
    links = [json.loads(line) for line in (tmp_path / "links.jsonl").open()]
    found = {r["target"] for r in links if r["source"] == truth.get(r["target"])}  # rewrites linked to their wire
    assert len(found) >= len(truth) - 1
    whole = run("export", "--what", "articles", "-o", "-", "--index", ix).stdout
    everything = {json.loads(line)["id"] for line in whole.splitlines()}
    kept = {}
    for level in ("copies", "edited", "derived"):
        res = run("export", "--what", "articles", "--drop", level, "-o", "-", "--index", ix)
        assert res.returncode == 0, res.stderr
        kept[level] = {json.loads(line)["id"] for line in res.stdout.splitlines()}
        assert f"wrote {len(kept[level])} rows of articles" in res.stderr
        assert f"{len(everything) - len(kept[level])} derived articles left out (--drop {level})" in res.stderr
        assert set(truth.values()) <= kept[level] and {i for i in everything if i.startswith("bbc-")} <= kept[level]
        assert "mirror-0" not in kept[level]
    assert everything - kept["copies"] == {"mirror-0"}
    assert kept["derived"] <= kept["edited"] <= kept["copies"]
    assert not found & kept["derived"] and everything - kept["derived"] == found | {"mirror-0"}
    res = run("export", "--what", "articles", "--drop", "derived", "-o", str(tmp_path / "a.parquet"), "--index", ix)
    made = json.loads(pq.read_schema(tmp_path / "a.parquet").metadata[b"wiretrace.made_by"])
    assert made["drop"] == {"level": "derived", "left_out": len(everything - kept["derived"])}
    with Index(root / "idx", read_only=True) as index:
        assert set(index.table("articles", drop="edited").column("id").to_pylist()) == kept["edited"]
        assert table_bytes(index, "articles", "jsonl", "derived")[1] == len(kept["derived"])
        with pytest.raises(ConfigError, match="not the links export"):
            index.table("links", drop="copies")
    res = run("export", "--what", "stories", "--drop", "copies", "-o", "-", "--index", ix)
    assert res.returncode == 2 and "--drop goes with --what articles" in res.stderr


def test_the_articles_export_follows_a_count_on_the_same_thread(built) -> None:
    """A served index at 100k articles: the home page (which counts the articles) left its thread's
    cursor holding a result not read to the end, and the next articles export on that thread was a
    500 (DuckDB refuses Arrow output there). The export reads on a cursor of its own."""
    from wiretrace.export import table

    root, _, _ = built
    with Index(root / "idx", read_only=True) as index:
        count = index.store.id_count()
        assert table(index, "articles").num_rows == count
        assert table(index, "articles", "derived").num_rows < count


def test_cli_query_sites_export_and_compare_by_id(built, tmp_path: Path) -> None:
    root, truth, texts = built
    ix = str(root / "idx")
    rewrite_id = sorted(truth)[0]
    res = run("query", "-", "--index", ix, "--format", "json", stdin=texts[rewrite_id])
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["schema"] == "wiretrace.query/1" and doc["story"]["origin"] == truth[rewrite_id]
    (tmp_path / "mine.txt").write_text(texts[rewrite_id])
    res = run("query", "mine.txt", "--index", ix, "--format", "json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["article"]["id"] == str((tmp_path / "mine.txt").resolve())  # as `index add` names it
    matches = {m["id"]: m["role"] for m in json.loads(res.stdout)["matches"]}
    assert matches[truth[rewrite_id]] == "source"
    # an indexed id, as `compare` takes one: the article as indexed, its own entry left out
    res = run("query", rewrite_id, "--index", ix, "--format", "json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    by_id = json.loads(res.stdout)
    assert by_id["article"]["id"] == rewrite_id and by_id["story"]["origin"] == truth[rewrite_id]
    assert {m["id"]: m["role"] for m in by_id["matches"]}[truth[rewrite_id]] == "source"
    assert rewrite_id not in {m["id"] for m in by_id["matches"]}
    res = run("query", "no-such-id", "--index", ix, cwd=tmp_path)
    assert res.returncode == 2 and "no-such-id: no such file, nor an article id in the index" in res.stderr
    res = run("query", rewrite_id, "--index", ix, "--published", "2016-01-01", cwd=tmp_path)  # as the API refuses it
    assert res.returncode == 2 and "--published goes with a file or standard input, not an indexed id" in res.stderr
    # dated before the indexed wire, the same text is its original: the dates order the pair
    res = run("query", "mine.txt", "--index", ix, "--format", "json", "--published", "2000-01-01", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert {m["id"]: m["role"] for m in json.loads(res.stdout)["matches"]}[truth[rewrite_id]] == "derived"
    res = run("query", "mine.txt", "--index", ix, "--published", "2062-01-01", cwd=tmp_path)  # '2026' mistyped
    assert res.returncode == 2 and "published '2062-01-01' is after today" in res.stderr
    res = run("sites", "--index", ix, "--format", "json")
    assert res.returncode == 0 and json.loads(res.stdout)["schema"] == "wiretrace.sites/1"
    # piped at a narrow width, the tables are as wide as they must be: site names whole, no column cut off
    # (a crawl researcher's 80 columns gave 'bbc.co. / uk', and cut the last columns once the names were whole)
    res = run("sites", "--credits", "--index", ix, columns=40)
    rows = [line for line in res.stdout.splitlines() if "wire.example" in line and "farm.example" in line]
    assert res.returncode == 0 and rows and all(line.count("│") == 6 for line in rows), res.stdout
    assert "uncredited" in res.stdout
    for fmt in ("jsonl", "parquet", "csv"):
        out = tmp_path / f"links.{fmt}"
        res = run("export", "--what", "links", "--format", fmt, "-o", str(out), "--index", ix)
        assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in (tmp_path / "links.jsonl").open()]
    assert (truth[rewrite_id], rewrite_id) in {(r["source"], r["target"]) for r in rows}
    assert pq.read_table(tmp_path / "links.parquet").num_rows == len(rows)
    assert len((tmp_path / "links.csv").read_text().splitlines()) == len(rows) + 1
    res = run("export", "--what", "stories", "-o", str(tmp_path / "s.jsonl"), "--index", ix)
    assert res.returncode == 0 and "of stories" in res.stderr
    res = run("export", "--what", "stories", "--format", "parquet", "-o", str(tmp_path / "s.parquet"), "--index", ix)
    assert res.returncode == 0 and pq.read_schema(tmp_path / "s.parquet").field("via").type == "string"
    # the columns every row fills are required, as in a batch run's tables (an export review)
    assert [f.name for f in pq.read_schema(tmp_path / "s.parquet") if not f.nullable] == [
        "story", "origin", "member", "relation"]  # fmt: skip
    links_schema = pq.read_schema(tmp_path / "links.parquet")
    assert [f.name for f in links_schema if not f.nullable] == ["source", "target", "relation", "score",
                                                                "against_content"]
    for fmt in ("jsonl", "parquet"):
        res = run("export", "--what", "articles", "--format", fmt, "-o", str(tmp_path / f"a.{fmt}"), "--index", ix)
        assert res.returncode == 0 and "Warning" not in res.stderr, res.stderr
    articles = {r["id"]: r for r in map(json.loads, (tmp_path / "a.jsonl").open())}
    assert articles[rewrite_id]["text"] == texts[rewrite_id] and set(texts) < set(articles)
    mirror, first_source = articles["mirror-0"], articles[sorted(set(truth.values()))[0]]
    assert (mirror["copy_of"], mirror["site"]) == (first_source["id"], "mirror.example")
    assert mirror["text"] == first_source["text"] and first_source["copy_of"] is None
    assert {m for r in rows for m in (r["source"], r["target"])} <= set(articles)  # the exports join
    bbc_id = next(i for i in articles if i.startswith("bbc-"))
    assert articles[bbc_id]["site"] == "bbc.co.uk"  # no site field: its URL's host, as stories name it
    res = run("export", "--what", "links", "-o", "-", "--index", ix)  # standard output
    assert res.returncode == 0 and [json.loads(line) for line in res.stdout.splitlines()] == rows
    assert not (Path.cwd() / "-").exists()
    res = run("export", "--what", "links", "-o", str(tmp_path / "named.parquet"), "--index", ix)
    assert res.returncode == 0 and "(parquet)" in res.stderr  # the format the name says
    assert pq.read_table(tmp_path / "named.parquet").num_rows == len(rows)
    res = run("export", "--what", "links", "--format", "jsonl", "-o", str(tmp_path / "wrong.parquet"), "--index", ix)
    assert res.returncode == 2 and "the name says parquet but --format says jsonl" in res.stderr
    assert not (tmp_path / "wrong.parquet").exists()
    res = run("export", "--what", "links", "-o", str(tmp_path / "links.xlsx"), "--index", ix)  # a licence-desk review
    assert res.returncode == 2 and ".xlsx is not a format wiretrace writes" in res.stderr
    assert not (tmp_path / "links.xlsx").exists()
    (tmp_path / "kept.jsonl").write_text("")
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "kept.jsonl")
    res = run("export", "--what", "links", "-o", str(tmp_path / "link.jsonl"), "--index", ix)
    assert res.returncode == 0 and (tmp_path / "link.jsonl").is_symlink()  # written through, not replaced
    assert len((tmp_path / "kept.jsonl").read_text().splitlines()) == len(rows)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    res = run("export", "--what", "links", "-o", str(fifo), "--index", ix)
    assert res.returncode == 0 and len(reader.communicate(timeout=60)[0].splitlines()) == len(rows)
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # a pipe (as /dev/stdout) is written to, not swapped for a file
    assert pq.read_table(tmp_path / "a.parquet").num_rows == len(articles)
    res = run("export", "--what", "articles", "-o", str(tmp_path / "a.jsonl.gz"), "--index", ix)
    assert res.returncode == 0 and "(jsonl)" in res.stderr  # gzipped, as the name says: index add reads it back
    with gzip.open(tmp_path / "a.jsonl.gz", "rt", encoding="utf-8") as fh:
        assert [json.loads(line)["id"] for line in fh] == [a["id"] for a in articles.values()]
    head = (tmp_path / "a.jsonl.gz").read_bytes()[:64]
    assert head[10 : head.index(b"\0", 10)] == b"a.jsonl"  # the name gunzip -N restores, not the temporary one
    res = run("export", "--what", "links", "-o", str(tmp_path / "l.parquet.gz"), "--index", ix)
    assert res.returncode == 2 and "Parquet compresses its own columns" in res.stderr
    res = run("compare", truth[rewrite_id], rewrite_id, "--index", ix, "--format", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["verdict"]["relation"] != "unrelated"
    res = run("compare", "no-such-id", rewrite_id, "--index", ix)
    assert res.returncode == 2 and "no-such-id: no such file, nor an article id" in res.stderr


def test_text_views_keep_ids_and_words_whole_in_a_narrow_terminal(built) -> None:
    """Ids are what `compare` and `query` take: a terminal view must not cut them, nor the
    heading's words; dates, sites and titles go on a dimmed line of their own."""
    root, truth, texts = built
    ix = str(root / "idx")
    rewrite_id = sorted(truth)[0]
    stories = run("stories", "--index", ix, "--limit", "3", columns=64)
    query = run("query", "-", "--index", ix, stdin=texts[rewrite_id], columns=64)
    assert stories.returncode == 0 and query.returncode == 0, stories.stderr + query.stderr
    words = set(stories.stdout.split()) | set(query.stdout.split())
    assert {rewrite_id, truth[rewrite_id], "farm.example", "2016-02-01"} <= words
    assert "(earliest published date)" in " ".join(stories.stdout.split())
    assert max(map(len, (stories.stdout + query.stdout).splitlines())) <= 64


@pytest.mark.parametrize(("rows_per_probe", "form"), [(1, "IN ("), (10**9, "= ANY(")])
def test_lookups_of_many_ids_read_the_same_rows_however_they_ask(
    built, monkeypatch: pytest.MonkeyPatch, rows_per_probe: int, form: str
) -> None:
    """Past a few ids a lookup either lists them (index probes) or passes one list (a scan), by
    the table's size: the rows are the same either way."""
    from wiretrace import store

    root = built[0]
    with Index(root / "idx", read_only=True) as index:
        ids = sorted(index.store.article_ids())
        few = {i: r["text"] for i, r in index.store.articles(ids[:3]).items()}
        asked: list[str] = []
        real_among = store._among
        monkeypatch.setattr(store, "_among", lambda *a: asked.append(real_among(*a)[0]) or real_among(*a))
        monkeypatch.setattr(store, "IN_LIST_MAX", 4)
        monkeypatch.setattr(store, "ROWS_PER_PROBE", rows_per_probe)
        wanted = [*ids[2:], "no-such-id"]  # more than IN_LIST_MAX, fewer than the rows
        many = index.store.articles(wanted)
        assert sorted(many) == ids[2:] and all(many[i]["text"] == t for i, t in few.items() if i in many)
        assert all(many[i]["text"] and many[i]["sent_start"] for i in many)
        hashes = index.store.con.execute("SELECT content_hash, id FROM articles").fetchall()[1:]
        assert index.store.ids_for_hashes([h for h, _ in hashes] + ["0" * 64]) == dict(hashes)
        assert len(asked) == 2 and all(a.startswith(form) for a in asked)


def test_links_held_for_a_query_answer_as_the_database_with_fewer_reads(
    built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query reads the links of its candidates once (`Store.links_held`): every look-up inside the
    block gives the rows, in the order, that the database gives, and only an id outside the links
    held reads again; a query gives the same matches either way."""
    root, truth, texts = built
    with Index(root / "idx", read_only=True) as index:
        store = index.store
        ends = sorted({x for lk in store.links() for x in (lk.source, lk.target)})
        groups = [ends[:3], ends[2:9], ends, [ends[5], "no-such-id"], ends[-4:]]
        want = [(store.links_touching(g), store.links_among(g)) for g in groups]
        assert any(among for _, among in want) and all(touching for touching, _ in want[:3])
        reads: list[int] = []
        read = store._read_links
        monkeypatch.setattr(store, "_read_links", lambda ids, join: reads.append(len(ids)) or read(ids, join))
        with store.links_held():
            store.hold_links(ends[:9])
            got = [(store.links_touching(g), store.links_among(g)) for g in groups[:2]]
            assert len(reads) == 1  # the first two groups were held: no statement more
            got += [(store.links_touching(g), store.links_among(g)) for g in groups[2:]]
        assert got == want and len(reads) == 3  # widened for `ends`, then for the unknown id
        assert store.links_touching(ends[:3]) == want[0][0] and len(reads) == 4  # outside: read as before
        rewrite = sorted(truth)[2]
        held = index.query(from_text(texts[rewrite], "query.txt"))
        monkeypatch.setattr(store, "hold_links", lambda ids: None)
        monkeypatch.setattr(store, "links_held", contextlib.nullcontext)
        assert index.query(from_text(texts[rewrite], "query.txt")) == held


def test_the_api_refuses_what_it_cannot_read_with_its_documented_errors(tmp_path: Path) -> None:
    """A library user's soak test: an Article made by hand with no text was stored and matched
    every empty query as identical; a number as an id reached the database as its own conversion
    error; a number as a date filter matched nothing, silently."""
    from wiretrace.errors import InputError
    from wiretrace.model import Article

    with Index(tmp_path / "idx") as index:
        rain = from_text("Rain fell on Monday. It stopped.", "r", id="r")
        report = index.add_articles([Article(text="", sentences=[], id="empty"), rain])
        assert report.added == 1 and [(r.where, r.reason) for r in report.rejected] == [
            ("empty", "no article text (no sentences)")]  # fmt: skip
        with pytest.raises(InputError, match="no article text"):
            index.query(Article(text="", sentences=[]))
        with pytest.raises(TypeError, match="article takes an id"):
            index.article(123)  # type: ignore[arg-type]
        with pytest.raises(ConfigError, match="is not a date"):
            index.stories(since=20200101)  # type: ignore[arg-type]


def test_an_export_name_chooses_its_format_or_is_refused() -> None:
    """The suffix chooses the format; one naming no format wiretrace writes is refused without
    --format (a licence desk's `-o links.xlsx` got JSON lines), while a name without a suffix, or
    with a dated one, is JSON lines, and --format names any file."""
    from wiretrace.export import STDOUT, format_for

    assert [format_for(n, None) for n in ("l.csv", "l.csv.gz", "l.ndjson", "links", "links.2024-05-01", STDOUT)] == [
        "csv", "csv", "jsonl", "jsonl", "jsonl", "jsonl"]  # fmt: skip
    assert format_for("links.xlsx", "csv") == "csv"
    for name in ("links.xlsx", "links.tsv.gz", "links.jsonl.bz2", "links.7z"):
        with pytest.raises(InputError, match="is not a format wiretrace writes"):
            format_for(name, None)


def test_a_family_of_texts_without_headlines_is_named_by_its_origins_opening_words(built) -> None:
    """A report reader's review: families of texts with no headline (a dump's bodies, pasted text)
    were listed by their origin's id alone, in the CLI, the story report and the web page."""
    from collections import Counter

    from wiretrace.text import opening_words

    root, truth, _ = built
    sources = {json.loads(line)["id"]: json.loads(line)["text"] for line in (root / "corpus.jsonl").open()}
    with Index(root / "idx", read_only=True) as index:
        stories = {s.id: s for s in index.stories()}
    named = Counter()
    for origin in set(truth.values()):
        titles = [m.title for m in stories[origin].members if m.title]  # a rewrite's first line may be one
        expected = titles[0] if titles else opening_words(sources[origin])
        assert stories[origin].headline == expected and len(expected) <= (200 if titles else 80)
        named["title" if titles else "opening"] += 1
    assert named["title"] and named["opening"]
    origin = next(o for o in set(truth.values()) if not any(m.title for m in stories[o].members))
    shown = run("stories", "--index", str(root / "idx"), "--format", "json")
    assert {s["id"]: s["headline"] for s in json.loads(shown.stdout)}[origin] == stories[origin].headline
    text = run("stories", "--index", str(root / "idx"), columns=200).stdout
    assert stories[origin].headline in text
