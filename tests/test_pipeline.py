"""The batch pipeline's kernels and the local engine on real data: outputs, resume, stop-after, bad input."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import (
    DATASETS,
    EXAMPLES,
    SPUN_WIRES,
    index_and_run_families,
    syndicated_jsonl,
    write_batch_corpus,
)
from wiretrace import detect
from wiretrace import pipeline as pl
from wiretrace.cli import app
from wiretrace.engines.batch import ImportReport, import_batch, read_table, run_batch
from wiretrace.engines.local import Index
from wiretrace.errors import ConfigError
from wiretrace.ingest import READING, from_record
from wiretrace.model import Article, Sentence


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_batch_corpus(tmp_path_factory.mktemp("batch") / "corpus")


@pytest.fixture(scope="module")
def local_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local-run") / "out"
    run_batch([str(corpus), str(corpus / "missing.jsonl")], out, engine="local")
    return out


# -- kernels -------------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=400), st.integers(min_value=1, max_value=40))
def test_windows_cover_every_neighbour_pair_and_bound_the_work(size: int, half: int) -> None:
    members = [(rank, f"a{rank:04d}") for rank in range(size)]
    cut = pl.window_members(members, half)
    assert all(len(ids) <= max(2 * half, size if size <= 2 * half else 0) for ids in cut.values())
    seen = {m: 0 for _, m in members}
    for ids in cut.values():
        for m in ids:
            seen[m] += 1
    assert all(1 <= n <= 2 for n in seen.values())
    window_sets = [set(ids) for ids in cut.values()]
    for (_, a), (_, b) in itertools.pairwise(members):
        assert any(a in w and b in w for w in window_sets), (a, b)


def test_similar_pairs_do_not_depend_on_row_order() -> None:
    rng = np.random.default_rng(3)
    vecs = rng.standard_normal((40, 16)).astype(np.float32)
    vecs[5] = vecs[7] + 0.01
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    ids = [f"n{i:02d}" for i in range(40)]
    order = list(range(40))
    random.Random(1).shuffle(order)
    first = pl.similar_pairs(ids, vecs, 0.3)
    again = pl.similar_pairs([ids[i] for i in order], vecs[order], 0.3)
    assert sorted(first) == sorted(again) and ("n05", "n07", pytest.approx(1.0, abs=1e-3)) in first
    assert all(a < b and c >= 0.3 for a, b, c in first)


def test_similar_pairs_set_the_common_directions_aside_as_the_index_does() -> None:
    """A window pair that is close only along a common direction is no pair (`detect.apart_from_common`)."""
    common = np.eye(16, dtype=np.float32)[:1]
    hub = np.eye(16, dtype=np.float32)[0]
    lean = np.array([0.8, 0.6, *[0.0] * 14], dtype=np.float32)  # the common lean plus a topic
    twin = np.array([0.8, 0.59, 0.1, *[0.0] * 13], dtype=np.float32)
    vecs = np.stack([hub, lean, twin / np.linalg.norm(twin)])
    ids = ["hub", "lean", "twin"]
    plain = [(a, b) for a, b, _ in pl.similar_pairs(ids, vecs, 0.6)]
    assert plain == [("hub", "lean"), ("hub", "twin"), ("lean", "twin")]
    assert [(a, b) for a, b, _ in pl.similar_pairs(ids, vecs, 0.6, common)] == [("lean", "twin")]


def test_nearest_partners_keeps_the_k_best_once() -> None:
    found = [("b", 0.7), ("c", 0.9), ("b", 0.8), ("d", 0.9), ("e", 0.61)]
    assert pl.nearest_partners(found, pl.BatchConfig(neighbours=3)) == [("c", 0.9), ("d", 0.9), ("b", 0.8)]


def test_an_articles_nearest_partners_need_only_the_lower_cosine() -> None:
    """The two nearest are kept down to 0.5; the others need 0.6 (the index's rule, `detect.kept_hits`)."""
    cfg = pl.BatchConfig()
    assert pl.nearest_partners([("b", 0.55), ("c", 0.52), ("d", 0.51)], cfg) == [("b", 0.55), ("c", 0.52)]
    assert pl.nearest_partners([("b", 0.9), ("c", 0.55), ("d", 0.54)], cfg) == [("b", 0.9), ("c", 0.55)]
    assert pl.nearest_partners([("b", 0.49)], cfg) == []
    assert pl.scoring_floor(cfg) == 0.5 and pl.scoring_floor(pl.BatchConfig(nearest=0)) == 0.6


def test_simhash_is_per_vector_and_buckets_are_its_top_bits() -> None:
    cfg = pl.BatchConfig(tables=3, bucket_bits=5)
    planes = pl.hyperplanes(cfg, 8)
    vec = np.linspace(-1, 1, 8).astype(np.float32)
    hashes = pl.simhash(vec, planes)
    assert hashes == pl.simhash(vec.copy(), pl.hyperplanes(cfg, 8)) and len(hashes) == 3
    assert all(0 <= pl.bucket(h, 5) < 32 for h in hashes)
    assert pl.bucket(-1, 5) == 31 and pl.bucket(0, 5) == 0 and pl.bucket(123, 0) == 0


def test_mix_is_stable() -> None:  # golden value: it decides how oversized LSH groups are cut
    assert pl.mix(42, "bbc-business-001") == pl.mix(42, "bbc-business-001") == -597293803155212104


def test_rejections_are_counted_by_kind_without_their_particulars() -> None:
    assert pl.reason_kind("invalid JSON (Expecting ',' delimiter at column 41)") == "invalid JSON"
    assert pl.reason_kind("truncated or corrupt WARC at offset 445: Invalid WARC record") == (
        "truncated or corrupt WARC at offset N"
    )
    assert pl.reason_kind("invalid UTF-8 at byte 12 (JSON Lines must be UTF-8)") == "invalid UTF-8 at byte N"


def test_a_runs_rejects_are_listed_in_the_order_they_were_read(tmp_path: Path) -> None:
    """A batch review: a dump with bad lines 4-28 listed lines 10-28 first, then 4, then '... 5
    more' (the lines sorted as text), and stats.json's first 10,000 would have kept the wrong ones.
    A rerun stopping early reports the stages it ran or reused, not those an earlier run went on to."""
    assert pl.where_order("d.jsonl:4") < pl.where_order("d.jsonl:10") < pl.where_order("e.jsonl:2")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "a", "text": (EXAMPLES / "l2r" / "000-source.txt").read_text()}) + "\n"
                    + "{bad\n" * 11)  # fmt: skip
    run_batch([str(dump)], tmp_path / "run", engine="local")
    stats = json.loads((tmp_path / "run" / "stats.json").read_text())
    assert [r["where"].rsplit(":", 1)[1] for r in stats["rejected"]] == [str(n) for n in range(2, 13)]
    # and the same review: `--stop-after articles` on the finished run listed every stage, with old timings, as run
    again = run_batch([str(dump)], tmp_path / "run", engine="local", stop_after="articles")
    assert (list(again["stages"]), again["reused"]) == (["articles"], ["articles"])


def test_an_imported_run_leaves_out_a_page_read_again_as_index_add_does(tmp_path: Path) -> None:
    """A batch review: a page crawled at 'https://www.' and at 'http://' is one page, which `index
    add` skips and a run's stories leave out; importing the run stored it as an identical copy, a
    family member and a site's copy of itself."""
    text = (EXAMPLES / "l2r" / "000-source.txt").read_text()
    rows = [{"id": "a", "url": "https://www.wire.example/story", "text": text},
            {"id": "b", "url": "http://wire.example/story", "text": text}]  # fmt: skip
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    run_batch([str(corpus)], tmp_path / "run", engine="local")
    report = import_batch(tmp_path / "run", tmp_path / "imported")
    assert (report.articles, report.aliases, report.same_pages) == (1, 0, 1)
    with Index(tmp_path / "added") as added, Index(tmp_path / "imported") as imported:
        assert added.add([str(corpus)]).duplicates == 1
        assert [a["id"] for a in imported.store.aliases()] == [a["id"] for a in added.store.aliases()] == []


def test_config_is_validated_and_round_trips() -> None:
    cfg = pl.BatchConfig(tables=4, window=64)
    assert pl.BatchConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    with pytest.raises(ConfigError, match="window"):
        pl.BatchConfig(window=7)
    with pytest.raises(ConfigError, match="bucket_bits"):
        pl.BatchConfig(bucket_bits=40)
    with pytest.raises(ConfigError, match="unknown batch setting"):
        pl.BatchConfig.from_dict({"tabels": 3})
    # a data team's review: 'keep_versions = "no"' was read as true, and a word or a number where a
    # table belongs ended the run with a traceback
    for bad, says in (({"keep_versions": "no"}, "keep_versions must be true or false"),
                      ({"band_cap": "fifty"}, "band_cap must be a whole number"),
                      ({"band_cap": 50.7}, "band_cap must be a whole number"),
                      ({"lsh": 5}, "`lsh` a table of its own"),
                      ({"lsh": {"bands": True}}, "lsh.bands must be a whole number")):  # fmt: skip
        with pytest.raises(ConfigError, match=re.escape(says)):
            pl.BatchConfig.from_dict(bad)
    assert pl.BatchConfig.from_dict({"min_cosine": 1, "keep_versions": True}).min_cosine == 1


def test_article_rows_name_their_site_like_the_index() -> None:
    def row(site: str | None, url: str | None) -> dict:
        return pl.article_row(Article(text="One sentence.", sentences=[Sentence(0, 0, 13, "One sentence.")],
                                      id="a", site=site, url=url))  # fmt: skip

    assert row(" bbc.co.uk ", None)["site_key"] == "bbc.co.uk"
    assert row(None, "https://WWW.Example.org/a?b")["site_key"] == "example.org"
    assert row(None, None)["site_key"] == "unknown"


def test_article_rows_rebuild_the_extracted_article() -> None:
    record = json.loads((DATASETS / "bbc" / "articles.jsonl").open().readline())
    article = from_record(record, "bbc:1")
    again = pl.article_from_row(pl.article_row(article))
    assert again.sentences == article.sentences and again.text == article.text and again.id == article.id


# -- the local engine ----------------------------------------------------------------------


def test_local_run_links_rewrites_and_copies_and_reports_bad_input(local_run: Path, corpus: Path) -> None:
    stats = json.loads((local_run / "stats.json").read_text())
    articles = stats["stages"]["articles"]
    assert articles["duplicates"] >= 5 and articles["repeats"] == 1  # again.jsonl: a record read twice
    assert articles["articles"] == articles["read"] - articles["duplicates"] - articles["repeats"]
    assert articles["duplicates"] == len(read_table(local_run / "duplicates"))  # the copies, each once
    # each names the article kept for its text (a data team's review: the table did not say)
    kept_for = {d: r["id"] for r in read_table(local_run / "articles") for d in r["duplicate_ids"]}
    assert {r["id"]: r["duplicate_of"] for r in read_table(local_run / "duplicates")} == kept_for
    where = {r["where"]: r["reason"] for r in stats["rejected"]}
    assert where[str(corpus / "missing.jsonl")].startswith("no such file")
    assert any(w.startswith(str(corpus / "bbc.jsonl") + ":") and "invalid JSON" in r for w, r in where.items())
    assert json.loads((local_run / "config.json").read_text()) == pl.BatchConfig().to_dict()
    assert {"invalid JSON", "no such file or pattern"} <= set(articles["rejected_by_reason"])  # kinds, not columns
    assert articles["skipped_records"] == 4  # the crawl's records that are no article are counted, not rejected
    assert articles["skipped_by_kind"] == {"non-HTML response": 1, "request": 2, "response status 404": 1}

    truth = {r["id"]: r["source_id"] for r in map(json.loads, (DATASETS / "l2r-news" / "rewrites.jsonl").open())}
    links = {(lk["source"], lk["target"]): lk for lk in read_table(local_run / "links")}
    rewrites = {t for s, t in links if truth.get(t) == s}
    assert len(rewrites) >= 56  # of 60 rewrites, each linked from its own source
    assert all(truth.get(t, s) == s for s, t in links if s.startswith("l2r-src"))
    assert sum(t.startswith("copy-") for _, t in links) >= 8
    # the roundup is stitched from two wires and a rewrite of the third, as in the index (test_index.py)
    stitched = {s for (s, t), lk in links.items() if t == "roundup" and lk["reason"].startswith("stitched")}
    assert stitched == {"wire-0", "wire-1"} and ("wire-2", "roundup") in links
    # a roundup of lightly edited paragraphs, found by the sentences it ran (`detect.anchored_pairs`)
    assert {s for s, t in links if t == "spun-roundup"} == set(SPUN_WIRES)
    assert [sorted(s["members"]) for s in read_table(local_run / "stories") if "roundup" in s["members"]] == [
        ["roundup", "wire-2"]]  # its stitched links join no family  # fmt: skip
    stories = read_table(local_run / "stories")
    l2r = [s for s in stories if any(m.startswith("l2r-") for m in s["members"])]
    assert len(l2r) >= 28 and all(s["origin"].startswith("l2r-src") for s in l2r)
    sites = {s["site"]: s for s in read_table(local_run / "sites")}
    assert sites["farm.example"]["share_derived"] > 0.9 and sites["wire.example"]["derived"] == 0
    pairs = {(p["source_site"], p["target_site"]): p["links"] for p in read_table(local_run / "site_pairs")}
    assert pairs[("wire.example", "farm.example")] >= 56
    # the exact duplicates the run set aside count as copies of the kept text, as in the index
    kept = read_table(local_run / "articles")
    duplicates = {d for r in kept for d in r["duplicate_ids"]}
    assert duplicates and duplicates <= {m for s in stories for m in s["members"]}
    assert sum(s["articles"] for s in sites.values()) == len(kept) + len(duplicates)
    # each derived article once per site, attributed to its earliest source: fewer than the links
    # (the roundup stitched from two wires, sibling rewrites); the index counts the same (round trip below)
    assert sum(pairs.values()) < len(links) + len(duplicates)


def test_rerun_skips_complete_stages_and_redoes_an_incomplete_one(local_run: Path, corpus: Path) -> None:
    before = {name: (local_run / name / "part-00000.parquet").stat().st_mtime_ns for name in ("articles", "links")}
    (local_run / "stories" / pl.DONE).unlink()  # as if the run died while writing stories
    stats = run_batch([str(corpus), str(corpus / "missing.jsonl")], local_run, engine="local")
    after = {name: (local_run / name / "part-00000.parquet").stat().st_mtime_ns for name in ("articles", "links")}
    assert before == after and (local_run / "stories" / pl.DONE).exists()
    assert stats["stages"]["stories"]["stories"] == len(read_table(local_run / "stories"))
    with pytest.raises(ConfigError, match="other settings"):
        inputs = [str(corpus), str(corpus / "missing.jsonl")]
        run_batch(inputs, local_run, engine="local", config=pl.BatchConfig(tables=3))


def test_stop_after_and_oversized_groups_are_windowed(corpus: Path, tmp_path: Path) -> None:
    tight = pl.BatchConfig(band_cap=2, window=16, bucket_bits=1)
    stats = run_batch([str(corpus / "copies.jsonl"), str(corpus / "bbc.jsonl")], tmp_path, "local", None,
                      "candidates", tight)  # fmt: skip
    assert set(stats["stages"]) == {"articles", "candidates"}
    assert not (tmp_path / "links").exists()
    counts = stats["stages"]["candidates"]
    assert counts["capped_groups"] > 0
    n = stats["stages"]["articles"]["articles"]
    # each article meets at most 2 windows x 15 others per table, and 2 x 1 per oversized band group
    assert counts["candidates"] <= n * tight.neighbours + n * tight.lsh.bands


def test_a_batch_run_judges_a_syndicated_storys_likeliest_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scale review: a batch run judged each pair of a story's copies (200 copies: 19,900
    pairs, 136 s of 146). It keeps each copy's likeliest sources, as `index add` does: the
    same families and origin as judging every pair, from pairs growing with the copies."""
    n = 80
    (tmp_path / "in.jsonl").write_text(syndicated_jsonl(range(n)))
    capped = run_batch([str(tmp_path / "in.jsonl")], tmp_path / "capped", "local")
    most = n * (detect.COPY_CANDIDATES + pl.BatchConfig().neighbours)  # its copy candidates and semantic ones
    monkeypatch.setattr(detect, "COPY_CANDIDATES", 10**6)
    every = run_batch([str(tmp_path / "in.jsonl")], tmp_path / "every", "local")
    judged = [run["stages"]["candidates"]["candidates"] for run in (capped, every)]
    assert judged[1] == n * (n - 1) // 2 > most >= judged[0]
    assert capped["stages"]["candidates"]["copies_left_out"] > 0 == every["stages"]["candidates"]["copies_left_out"]
    assert read_table(tmp_path / "capped" / "stories") == read_table(tmp_path / "every" / "stories")
    assert [(s["origin"], s["size"]) for s in read_table(tmp_path / "capped" / "stories")] == [("a0", n)]


def test_cli_batch_and_index_import_round_trip(local_run: Path, corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    again = ["batch", str(corpus), str(corpus / "missing.jsonl"), "--out", str(local_run), "--format", "json"]
    result = runner.invoke(app, again)
    assert result.exit_code == 1, result.output  # the bad JSON line is rejected, the rest resumed
    assert json.loads(result.stdout)["stages"]["links"]["links"] > 0
    assert json.loads(result.stdout)["schema"] == "wiretrace.batch/1"  # as every other JSON result names its form
    assert json.loads(result.stdout)["reused"] == list(pl.STAGES)  # every stage was complete: nothing redone
    shown = runner.invoke(app, again[:-2])  # the text view says which counts are an earlier run's
    assert "articles (complete before, reused): read" in shown.stdout
    result = runner.invoke(app, ["index", "import", str(local_run), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 0, result.output
    assert "held before" not in result.output  # an empty index: nothing to compare with
    again = import_batch(local_run, tmp_path / "idx")
    assert (again.articles, again.aliases, again.links) == (0, 0, 0)  # importing twice adds nothing
    assert again.links_known > 0 and again.skipped > len(read_table(local_run / "articles"))  # copies too
    found, stories = index_and_run_families(tmp_path / "idx", local_run)
    assert found == stories
    assert site_pairs_of(tmp_path / "idx") == site_pairs_of(local_run)  # one count, credits included
    with Index(tmp_path / "idx", read_only=True) as index:  # one family, one key, whichever way it was built
        assert sorted(f.id for f in index.stories()) == sorted(s["story"] for s in read_table(local_run / "stories"))
    duplicates = {d: r["id"] for r in read_table(local_run / "articles") for d in r["duplicate_ids"]}
    assert duplicates  # the corpus holds exact duplicates: they become identical copies of the kept text
    with Index(tmp_path / "added") as added:  # the same corpus through index add: each id's own metadata
        added.add([str(corpus)])
        expected = added.store.meta()
        roundup = {(lk.source, lk.relation, lk.score, lk.reason) for lk in added.links() if lk.target == "roundup"}
    run_links = read_table(local_run / "links")
    assert roundup == {(lk["source"], lk["relation"], lk["score"], lk["reason"]) for lk in run_links
                       if lk["target"] == "roundup"}  # fmt: skip
    with Index(tmp_path / "idx") as index:
        assert {a["id"]: a["canonical"] for a in index.store.aliases()} == duplicates
        # a duplicate keeps its own title, site, date and address, as index add keeps them
        assert index.store.meta(list(duplicates)) == {d: expected[d] for d in duplicates}
        assert len({(m["site"], m["title"]) for m in expected.values() if m["id"] in duplicates}) > 1
        # the imported band keys and centroids serve later adds: a third rewrite finds its source
        extra = tmp_path / "late.jsonl"
        rewrite = next(r for r in map(json.loads, (DATASETS / "l2r-news" / "rewrites.jsonl").open()) if
                       r["source_id"] == "l2r-src-003")  # fmt: skip
        extra.write_text(json.dumps({"id": "late-1", "text": rewrite["text"] + " Reporting by agencies.",
                                     "published": "2016-03-01"}) + "\n")  # fmt: skip
        index.add([str(extra)])
        assert any(lk.target == "late-1" and lk.source.endswith("003") for lk in index.store.links())
    result = runner.invoke(app, ["index", "import", str(tmp_path / "nothing"), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 2 and "nothing: no such directory" in result.output
    (tmp_path / "half").mkdir()
    result = runner.invoke(app, ["index", "import", str(tmp_path / "half"), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 2 and "the articles stage is not complete" in result.output


def test_a_run_of_another_reading_is_neither_resumed_nor_imported(local_run: Path, tmp_path: Path) -> None:
    """An upgrade review: a run made by an earlier version was resumed on its old articles (ids with
    their tracking parameters) or imported without a note, or refused for 'other settings'."""
    import shutil

    old = tmp_path / "old-run"
    shutil.copytree(local_run, old)
    (old / pl.STAMP).unlink()  # as a run made before runs recorded their reading
    for attempt in (lambda: run_batch([str(tmp_path)], old), lambda: import_batch(old, tmp_path / "idx")):
        with pytest.raises(pl.ConfigError, match=r"a run made by another wiretrace.*new --out directory"):
            attempt()
    stamp = json.loads((local_run / pl.STAMP).read_text())
    assert stamp["reading"] == READING and stamp["made_by"]["model"].startswith("wordllama ")


def test_cli_batch_reads_a_settings_file(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "batch.toml").write_text("tables = 3\nwindow = 64\n[lsh]\nbands = 40\n")
    args = ["batch", str(corpus / "wire.jsonl"), "--out", str(tmp_path / "o"), "--stop-after", "articles"]
    result = CliRunner().invoke(app, [*args, "--config", str(tmp_path / "batch.toml")])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "o" / "config.json").read_text())
    assert (written["tables"], written["window"], written["lsh"]["bands"], written["bucket_bits"]) == (3, 64, 40, 6)
    (tmp_path / "bad.toml").write_text("tables = [")
    result = CliRunner().invoke(app, [*args, "--config", str(tmp_path / "bad.toml")])
    assert result.exit_code == 2 and "not valid TOML" in result.output


def test_a_run_inside_an_input_folder_does_not_read_its_own_files(corpus: Path, tmp_path: Path) -> None:
    """A data team's review: with --out inside the input folder, the run's config.json and
    inputs.json were read as inputs and rejected (exit 1); the docs say files under --out never are."""
    import shutil

    folder = tmp_path / "in"
    shutil.copytree(corpus, folder)
    run_batch([str(folder)], folder / "run", engine="local", stop_after="articles")
    run_batch([str(folder)], folder / "run", engine="local", stop_after="articles")  # resumed over its own files
    rejected = read_table(folder / "run" / "rejected")
    assert not [r for r in rejected if "/run/" in r["where"]], rejected
    assert read_table(folder / "run" / "articles")


@pytest.mark.parametrize(("key", "value"), [("min_cosine", 0.7), ("nearest", 0)])
def test_import_refuses_a_run_made_with_other_detection_settings(
    local_run: Path, tmp_path: Path, key: str, value: float
) -> None:
    """Only the model and LSH settings were checked: a run with another cosine floor was imported."""
    import shutil

    run = tmp_path / "run"
    shutil.copytree(local_run, run)
    config = json.loads((run / "config.json").read_text())
    config[key] = value
    (run / "config.json").write_text(json.dumps(config))
    with pytest.raises(ConfigError, match=f"detection settings the index does not use \\({key}\\)"):
        import_batch(run, tmp_path / "idx")


def test_import_leaves_out_an_id_the_index_holds_with_other_text(local_run: Path, tmp_path: Path) -> None:
    linked = next(lk for lk in read_table(local_run / "links"))
    taken = tmp_path / "taken.jsonl"
    other = "A different story entirely. The council met on Tuesday to discuss the new budget for roads."
    taken.write_text(json.dumps({"id": linked["source"], "text": other}) + "\n")
    with Index(tmp_path / "idx") as index:
        index.add([str(taken)])
    result = CliRunner().invoke(app, ["index", "import", str(local_run), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 1 and "left out 1 ids the index holds with other text" in result.output
    assert "compared with the 1 article the index held before: 0 links" in " ".join(result.output.split())
    with Index(tmp_path / "idx") as index:
        assert index.store.articles([linked["source"]])[linked["source"]]["text"] == other
        assert not [lk for lk in index.store.links() if linked["source"] in (lk.source, lk.target)]


def _held_then_imported(tmp_path: Path, held: list[dict], run: list[dict]) -> ImportReport:
    """Index the `held` records, run the local batch engine over the `run` records and import the
    run into that index (`idx` and `run` under `tmp_path`): the import's report."""
    (tmp_path / "held.jsonl").write_text("".join(json.dumps(r) + "\n" for r in held))
    (tmp_path / "run.jsonl").write_text("".join(json.dumps(r) + "\n" for r in run))
    with Index(tmp_path / "idx") as index:
        index.add([str(tmp_path / "held.jsonl")])
    run_batch([str(tmp_path / "run.jsonl")], tmp_path / "run", engine="local")
    return import_batch(tmp_path / "run", tmp_path / "idx")


def test_import_of_a_delivery_holding_only_indexed_texts_records_copies(tmp_path: Path) -> None:
    """Every text of the run is already indexed under another id: copies only, no fresh article
    (the chunk's empty key array crashed the import)."""
    rows = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][:3]
    report = _held_then_imported(tmp_path, rows, [{**r, "id": "again-" + r["id"]} for r in rows])
    assert (report.articles, report.aliases, report.held) == (0, 3, 3)
    with Index(tmp_path / "idx", read_only=True) as index:
        assert {a["id"]: a["canonical"] for a in index.store.aliases()} == {"again-" + r["id"]: r["id"] for r in rows}


def test_import_records_the_runs_copies_of_a_text_the_index_holds_under_the_same_id(tmp_path: Path) -> None:
    """A docs audit: the run's exact duplicates of an article the index already held under the
    same id were dropped (the import counted them skipped), where `index add` records each as a copy."""
    rows = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][:2]
    mirror = {**rows[0], "id": "mirror-" + rows[0]["id"], "site": "mirror.example"}
    report = _held_then_imported(tmp_path, rows[:1], [rows[0], mirror, rows[1]])
    assert (report.articles, report.aliases, report.skipped) == (1, 1, 1)
    with Index(tmp_path / "idx", read_only=True) as index:
        assert {a["id"]: (a["canonical"], a["site"]) for a in index.store.aliases()} == {
            mirror["id"]: (rows[0]["id"], "mirror.example")}  # fmt: skip


def test_an_imported_link_to_a_copy_of_a_held_text_is_judged_by_the_held_date(tmp_path: Path) -> None:
    """A batch-engine review: in a run, a farm's copy of a GPT rewrite (dated 1 June) held its
    text, so the Llama rewrite (10 April) was linked as its source. Imported into an index holding
    the GPT rewrite itself (6 April), the copy became its alias and the link was stored as
    Llama -> GPT, 'earlier published date', against the dates. Such a link is judged again."""
    rows = {r["id"]: r for r in map(json.loads, (DATASETS / "l2r-news" / "rewrites.jsonl").open())}
    gpt, llama = rows["l2r-gpt-3-turbo-005"]["text"], rows["l2r-llama-3-70b-005"]["text"]
    (tmp_path / "held.jsonl").write_text(json.dumps({"id": "gpt", "text": gpt, "published": "2016-04-06"}) + "\n")
    (tmp_path / "run.jsonl").write_text(
        json.dumps({"id": "llama", "text": llama, "published": "2016-04-10"}) + "\n"
        + json.dumps({"id": "farmcopy", "text": gpt, "published": "2016-06-01"}) + "\n"
    )  # fmt: skip
    with Index(tmp_path / "idx") as index:
        index.add([str(tmp_path / "held.jsonl")])
    run_batch([str(tmp_path / "run.jsonl")], tmp_path / "run", engine="local")
    import_batch(tmp_path / "run", tmp_path / "idx")
    with Index(tmp_path / "idx", read_only=True) as index:
        stored = {(lk.source, lk.target) for lk in index.store.links()}
    assert ("llama", "gpt") not in stored


def _delivery_of_rewrites(tmp_path: Path) -> tuple[list[dict], list[dict], Path]:
    """8 L2R sources and 40 BBC articles to hold (`held.jsonl`, dated 2016-01-01), and the sources'
    AI rewrites (dated 2016-02-01) run through `batch` into `run/`: (held rows, rewrites, held file)."""
    sources = [json.loads(line) for line in (DATASETS / "l2r-news" / "sources.jsonl").open()][:8]
    wanted = {r["id"] for r in sources}
    rewrites = [r for r in map(json.loads, (DATASETS / "l2r-news" / "rewrites.jsonl").open())
                if r["source_id"] in wanted]  # fmt: skip
    bbc = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][:40]
    held, delivery = tmp_path / "held.jsonl", tmp_path / "delivery.jsonl"
    held.write_text("".join(json.dumps({**r, "published": "2016-01-01"}) + "\n" for r in sources + bbc))
    delivery.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "published": "2016-02-01"}) + "\n"
                                for r in rewrites))  # fmt: skip
    run_batch([str(delivery)], tmp_path / "run", engine="local")
    return sources + bbc, rewrites, held


def test_an_import_stopped_before_its_links_leaves_the_index_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import stopped after writing the run's articles kept them without their links to the held
    sources, and its rerun, finding every id held, never linked them: the farm became its family's
    origin. Articles and links now go in one transaction, and the rerun links them all."""
    from wiretrace.store import Store

    _, rewrites, held = _delivery_of_rewrites(tmp_path)
    with Index(tmp_path / "idx") as index:
        index.add([str(held)])
        before = (index.store.id_count(), index.store.link_count())
    real = Store.write_batch

    def stopped(self: Store, batch_id: int, articles: list, *args: object, **kwargs: object) -> None:
        if not articles:  # the links' write, after the articles'
            raise KeyboardInterrupt
        real(self, batch_id, articles, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "write_batch", stopped)
    with pytest.raises(KeyboardInterrupt):
        import_batch(tmp_path / "run", tmp_path / "idx")
    monkeypatch.setattr(Store, "write_batch", real)
    with Index(tmp_path / "idx", read_only=True) as index:
        assert (index.store.id_count(), index.store.link_count()) == before
    import_batch(tmp_path / "run", tmp_path / "idx")
    with Index(tmp_path / "idx", read_only=True) as index:
        links = {(lk.source, lk.target) for lk in index.store.links()}
    assert {(r["source_id"], r["id"]) for r in rewrites} <= links


def test_import_links_the_run_to_what_the_index_held(tmp_path: Path) -> None:
    """A delivery of AI rewrites run through `batch` and imported into an index holding their
    sources is linked to them, as `index add` of the same rewrites links them; --no-link only stores."""
    held_rows, rewrites, held = _delivery_of_rewrites(tmp_path)
    delivery = tmp_path / "delivery.jsonl"

    def across(directory: Path) -> set[tuple[str, str]]:
        held_ids = {r["id"] for r in held_rows}
        with Index(directory, read_only=True) as index:
            links = index.store.links()
        return {(lk.source, lk.target) for lk in links if (lk.source in held_ids) != (lk.target in held_ids)}

    for name, then in (("imported", ["import"]), ("stored", ["import", "--no-link"]), ("added", ["add"])):
        with Index(tmp_path / name) as index:
            index.add([str(held)])
        what = str(delivery) if then == ["add"] else str(tmp_path / "run")
        result = CliRunner().invoke(app, ["index", then[0], what, *then[1:], "--index", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        shown = " ".join(result.output.split())
        if name == "imported":
            assert f"compared with the 48 articles the index held before: {len(across(tmp_path / name))} links" in shown
        if name == "stored":
            assert "its articles were not compared with the 48 the index held before" in shown
    # every rewrite derives from its source, found across the import as index add finds it
    assert {(r["source_id"], r["id"]) for r in rewrites} <= across(tmp_path / "imported")
    assert across(tmp_path / "imported") == across(tmp_path / "added")
    assert not across(tmp_path / "stored")


def test_a_finished_run_refuses_other_inputs(local_run: Path, corpus: Path) -> None:
    with pytest.raises(ConfigError, match="other inputs"):
        run_batch([str(corpus)], local_run, engine="local")


def test_a_run_does_not_resume_over_an_input_delivered_again(tmp_path: Path) -> None:
    """The same path holding more records is another input: resuming would answer for the old one."""
    dump = tmp_path / "dump.jsonl"
    rows = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][:6]
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows[:4]))
    out = tmp_path / "run"
    run_batch([str(dump)], out, engine="local", stop_after="articles")
    run_batch([str(dump)], out, engine="local", stop_after="articles")  # unchanged: resumes
    dump.write_text(dump.read_text() + "".join(json.dumps(r) + "\n" for r in rows[4:]))
    with pytest.raises(ConfigError, match=rf"input {re.escape(str(dump.resolve()))} changed since this run read"):
        run_batch([str(dump)], out, engine="local")


def test_a_run_inside_its_input_folder_resumes_and_notices_an_added_file(tmp_path: Path) -> None:
    """The run's own files are no input; a file added to an input folder would be left unread; a
    raw input removed once its articles are stored is no matter."""
    rows = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][:6]
    folder = tmp_path / "crawl"
    folder.mkdir()
    for n in (0, 1):
        (folder / f"part{n}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[3 * n : 3 * n + 3]))
    out = folder / "run"
    run_batch([str(folder)], out, engine="local", stop_after="articles")
    assert run_batch([str(folder)], out, engine="local", stop_after="articles")["reused"] == ["articles"]
    (folder / "part1.jsonl").unlink()
    run_batch([str(folder)], out, engine="local", stop_after="articles")
    (folder / "part2.jsonl").write_text(json.dumps(rows[0]) + "\n")
    with pytest.raises(ConfigError, match=r"part2\.jsonl added since this run read its inputs"):
        run_batch([str(folder)], out, engine="local")


def _row(aid: str, digest: str, published: str | None) -> dict:
    return {"id": aid, "content_hash": digest, "published": published}


def test_an_id_given_several_texts_numbers_them_earliest_first_or_rejects_the_later() -> None:
    rows = [_row("a", "h1", "2016-01-03"), _row("a", "h2", None), _row("a", "h3", "2016-01-01"),
            _row("a", "h1", None), _row("b", "h9", None)]  # fmt: skip
    kept = [dict(r) for r in rows]
    rejected, renamed = pl.number_versions(kept, keep=True)
    assert rejected == [] and renamed == 2
    assert sorted((r["id"], r["content_hash"]) for r in kept) == [
        ("a", "h3"), ("a#v2", "h1"), ("a#v2", "h1"), ("a#v3", "h2"), ("b", "h9")]  # fmt: skip
    kept = [dict(r) for r in rows]
    rejected, renamed = pl.number_versions(kept, keep=False)
    assert renamed == 0 and [r["where"] for r in rejected] == ["a", "a", "a"]
    assert sorted((r["id"], r["content_hash"]) for r in kept) == [("a", "h3"), ("b", "h9")]


def versioned_corpus(directory: Path) -> Path:
    """An id given three texts (one of them also under another id), and another given two."""
    examples = Path(__file__).parent.parent / "examples" / "l2r"
    texts = [(examples / f"00{i}-source.txt").read_text() for i in range(3)]
    records = [
        {"id": "page", "text": texts[0], "published": "2016-01-02"},
        {"id": "page", "text": texts[1], "published": "2016-01-01"},
        {"id": "page", "text": texts[0]},
        {"id": "mirror", "text": texts[1], "published": "2016-01-01"},
        {"id": "page", "text": texts[0].replace("still being assessed", "put at £30m", 1), "published": "2016-01-03"},
        {"id": "other", "text": texts[2]},
        {"id": "other", "text": texts[2] + " The council will meet again in March."},
    ]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "crawl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return directory


def same_day_copies_corpus(directory: Path) -> Path:
    """Identical copies whose holder only the order of `detect.judging_key` decides: a wire story
    stating its time and its date-only mirror of the same day (and a rewrite of them), one
    undated text under 'page#v10' and 'page#v2', and a page read after its AMP form (a crawl
    researcher's review: the AMP address, the smaller, held the text and the page's was lost)."""
    examples = Path(__file__).parent.parent / "examples" / "l2r"
    wire, other = (examples / "000-source.txt").read_text(), (examples / "001-source.txt").read_text()
    page = (examples / "002-source.txt").read_text()
    records = [
        {"id": "a-mirror", "text": wire, "published": "2016-01-01", "url": "https://mirror.example/1"},
        {"id": "z-wire", "text": wire, "published": "2016-01-01T07:10:00Z", "url": "https://wire.example/1"},
        {"id": "farm", "text": (examples / "000-rewrite-gpt.txt").read_text(), "published": "2016-01-02"},
        {"id": "page#v2", "text": other},
        {"id": "page#v10", "text": other},
        {"id": "https://news.example/amp/story-1", "text": page, "published": "2016-01-03"},
        {"id": "https://news.example/story-1", "text": page, "published": "2016-01-03"},
    ]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "copies.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return directory


@pytest.mark.parametrize(
    ("address", "amp"),
    [
        ("https://www.bbc.co.uk/news/amp/uk-35100001", True),
        ("https://example.com/story/123/amp", True),
        ("https://example.com/s/123.amp", True),
        ("https://amp.theguardian.com/world/1", True),
        ("https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/uk-35100001", True),
        ("https://www.google.com/amp/s/www.bbc.co.uk/news/uk-35100001", True),
        ("https://example.com/a?id=3&amp=1", True),
        ("https://example.com/a?outputType=amp", True),
        ("https://www.bbc.co.uk/news/uk-35100001", False),
        ("https://example.com/amplifier/review", False),
        ("https://example.com/news/ampere.html", False),
        ("https://example.com/a?ampm=1", False),
        ("https://example.com/news/story-1/print", True),
        ("https://example.com/print/news/story-1", True),
        ("https://example.com/news/story-1?view=print", True),
        ("https://example.com/news/blueprint", False),
        ("amp/story.html", False),  # a path, not an address
    ],
)
def test_a_page_orders_before_its_amp_or_print_rendering(address: str, amp: bool) -> None:
    """As `sites.page_key` reads a rendering, so does `id_order`: the page before it."""
    from wiretrace.model import RENDERING_ADDRESS, id_order
    from wiretrace.sites import page_key

    assert bool(RENDERING_ADDRESS.search(address)) is amp
    assert (id_order(address) > id_order("https://www.bbc.co.uk/news/uk-35100001")) is amp
    if "://" in address:  # a rendering's key is another address's, the page's
        assert (page_key(address) != address.split("://", 1)[1].removeprefix("www.")) is amp
    if "ampproject" in address or "/amp/s/" in address:  # an AMP cache's page is the publisher's
        assert page_key(address) == page_key("https://www.bbc.co.uk/news/uk-35100001")


def test_identical_copies_are_held_by_the_same_copy_in_the_index_and_a_batch_run(tmp_path: Path) -> None:
    """The index let a copy stating its time hold its day's text and ordered 'page#v10' before
    'page#v2' by its characters; a batch run did neither, so origins and site edges flipped."""
    corpus = same_day_copies_corpus(tmp_path / "corpus")
    run_batch([str(corpus)], tmp_path / "run", engine="local")
    with Index(tmp_path / "idx") as index:
        index.add([str(corpus)])
        held = {a["id"]: a["canonical"] for a in index.store.aliases()}
        copies = {(lk.source, lk.target): lk.reason for lk in index.links() if lk.relation == "copy"}
    ran = {r["id"]: r["duplicate_of"] for r in read_table(tmp_path / "run" / "duplicates")}
    assert held == ran == {
        "a-mirror": "z-wire",
        "page#v10": "page#v2",
        "https://news.example/amp/story-1": "https://news.example/story-1",
    }
    # and say why in the same words (an export review: the run's own wording split families grouped by reason)
    rows = pl.copy_rows(read_table(tmp_path / "run" / "articles"), read_table(tmp_path / "run" / "duplicates"))
    assert {(r["source"], r["target"]): r["reason"] for r in rows} == copies
    assert copies[("page#v2", "page#v10")] == "identical text; neither dated: the smaller id"  # no 'dated alike'
    amp = ("https://news.example/story-1", "https://news.example/amp/story-1")
    assert copies[amp] == "identical text; dated alike: the smaller id"


def test_a_batch_run_keeps_versions_as_the_index_does(tmp_path: Path) -> None:
    corpus = versioned_corpus(tmp_path / "corpus")
    kept = run_batch([str(corpus)], tmp_path / "kept", engine="local", config=pl.BatchConfig(keep_versions=True))
    refused = run_batch([str(corpus)], tmp_path / "refused", engine="local")
    ids = sorted(r["id"] for r in read_table(tmp_path / "kept" / "articles"))
    assert ids == ["mirror", "other", "other#v2", "page#v2", "page#v3"]
    assert kept["stages"]["articles"]["versions"] == 3 and kept["stages"]["articles"]["id_conflicts"] == 0
    duplicates = {r["id"]: list(r["duplicate_ids"]) for r in read_table(tmp_path / "kept" / "articles")}
    assert duplicates["mirror"] == ["page"]  # page's earliest text is also mirror's (same day: by id)
    assert refused["stages"]["articles"]["id_conflicts"] == 4  # input rows: page gives its second text twice
    assert sorted(r["id"] for r in read_table(tmp_path / "refused" / "articles")) == ["mirror", "other"]
    named = sorted((r["where"], r["reason"]) for r in read_table(tmp_path / "refused" / "rejected"))
    crawl = corpus / "crawl.jsonl"  # each refused record by where it was read, its id in the reason
    assert named == [(f"{crawl}:{n}", f"{pl.ID_TAKEN}: {i}") for n, i in ((1, "page"), (3, "page"), (5, "page"),
                                                                        (7, "other"))]  # fmt: skip
    links = {(lk["source"], lk["target"]) for lk in read_table(tmp_path / "kept" / "links")}
    assert {("page#v2", "page#v3"), ("other", "other#v2")} <= links
    # a page updated is no reuse of its site: the versions' links count in no site pair
    copies = pl.copy_rows(read_table(tmp_path / "kept" / "articles"), read_table(tmp_path / "kept" / "duplicates"))
    reuse = {(a, b) for a, b in links if a.split("#v")[0] != b.split("#v")[0]}
    reuse |= {(c["source"], c["target"]) for c in copies}
    assert sum(p["links"] for p in read_table(tmp_path / "kept" / "site_pairs")) == len(reuse) == 1
    with Index(tmp_path / "idx") as index:  # the index numbers the same input the same way
        index.add([str(corpus)], versions=True)
        assert sorted(index.store.article_ids()) == ids
        assert [(a["id"], a["canonical"]) for a in index.store.aliases()] == [("page", "mirror")]


def test_an_imported_link_to_a_copy_of_a_linked_text_is_that_link(tmp_path: Path) -> None:
    """A data team's review: importing a run over an index built from the same files stored the
    run's link to an identical copy beside the index's link to its text, and the links export
    listed the pair twice. A run's ends are named by the ids holding their texts; links the index
    holds, and links between two copies of one text, are left out."""
    from wiretrace.cluster import DerivedLink
    from wiretrace.engines.batch import _held_by_canonicals

    wire, farm = ((EXAMPLES / "l2r" / f"001-{name}.txt").read_text() for name in ("source", "rewrite-gpt"))
    rows = [{"id": "wire", "text": wire, "published": "2016-07-01"},
            {"id": "copy", "text": wire, "published": "2016-07-02"},
            {"id": "farm", "text": farm, "published": "2016-07-03"}]  # fmt: skip
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Index(tmp_path / "idx") as index:
        index.add([str(corpus)])
        assert {(lk.source, lk.target) for lk in index.store.links()} == {("wire", "farm")}
        run = [DerivedLink("copy", "farm", "rewrite", 0.9, 0.9), DerivedLink("wire", "farm", "rewrite", 0.9, 0.9),
               DerivedLink("wire", "copy", "copy", 1.0, 1.0), DerivedLink("farm", "new", "copy", 1.0, 1.0)]  # fmt: skip
        kept, known, renamed = _held_by_canonicals(index.store, run)
    assert [(lk.source, lk.target) for lk in kept] == [("farm", "new")]
    assert known == 1  # the held link, once, though two of the run's links name it: no pair counted that was not held
    assert renamed == set()  # "copy" -> "farm" names the held pair, left out


@pytest.mark.parametrize(
    ("options", "told"),
    [
        (["--master", "local[2]"], "--master and --conf are Spark settings"),
        (["--conf", "spark.driver.memory=4g"], "--master and --conf are Spark settings"),
        (["--engine", "spark", "--workers", "2"], "--workers is for --engine local"),
    ],
)
def test_an_option_of_the_other_engine_is_refused_not_ignored(
    corpus: Path, tmp_path: Path, options: list[str], told: str
) -> None:
    """A data team's review: Spark options with the local engine, and --workers with Spark, did nothing, silently."""
    result = CliRunner().invoke(app, ["batch", str(corpus), "--out", str(tmp_path / "out"), *options])
    assert result.exit_code == 2 and told in result.output
    assert not (tmp_path / "out").exists()


def test_a_batch_with_no_input_to_read_makes_no_run(tmp_path: Path) -> None:
    """A data team's review: a mistyped path ran every stage on nothing, exited 1 like a partial
    success, and left a finished empty run that refused the corrected command."""
    with pytest.raises(ConfigError, match=r"no input to read \(.*missing\.jsonl: no such file or pattern\)"):
        run_batch([str(tmp_path / "missing.jsonl")], tmp_path / "out", engine="local")
    assert not (tmp_path / "out").exists()


def test_a_run_guards_its_directory_and_its_record(tmp_path: Path) -> None:
    """A data engineer's review: a run stopped after the articles folders were complete but before
    their counts reached stats.json resumed without them (no rejected inputs, a clean exit); --out
    naming a folder of other files overwrote them; two runs wrote one directory at once; and the
    rejected inputs were listed in the order each engine met them."""
    import fcntl
    import os

    from wiretrace.pipeline import RUN_LOCK

    rows = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][:4]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n")
    (tmp_path / "in" / "a.jsonl").write_text("{also broken\n")
    out = tmp_path / "run"
    run_batch([str(tmp_path / "in")], out, engine="local", stop_after="articles")
    stats = json.loads((out / "stats.json").read_text())
    listed = [r["where"] for r in stats["rejected"]]
    assert listed == sorted(listed) and len(listed) == 2
    (out / "stats.json").unlink()  # killed between the folders' markers and the record
    again = run_batch([str(tmp_path / "in")], out, engine="local", stop_after="articles")
    assert again["reused"] == [] and len(again["rejected"]) == 2  # the stage is done again, its record with it
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("my notes")
    with pytest.raises(ConfigError, match="holds files of no wiretrace run"):
        run_batch([str(tmp_path / "in")], notes, engine="local")
    assert (notes / "mine.txt").read_text() == "my notes"
    held = os.open(out / RUN_LOCK, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # another run writing this directory now
    try:
        with pytest.raises(ConfigError, match="another run is writing this directory"):
            run_batch([str(tmp_path / "in")], out, engine="local")
    finally:
        os.close(held)
    assert run_batch([str(tmp_path / "in")], out, engine="local", stop_after="articles")["reused"] == ["articles"]


@pytest.mark.parametrize("whole_group", [False, True])
def test_a_batch_run_terminated_with_worker_processes_says_so_and_resumes(tmp_path: Path, whole_group: bool) -> None:
    """An operator's review: SIGTERM (a scheduler's, `timeout`'s) ended a batch run with worker
    processes at status 143 without a word, where Ctrl-C said how to resume. Sent to the command
    alone or to its whole process group (a service manager's), it is now one line, status 143, no
    worker's traceback; the same command then completes the run."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out, log = tmp_path / "run", tmp_path / "stderr.txt"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    command = [sys.executable, "-m", "wiretrace.cli", "batch", str(DATASETS / "bbc" / "articles.jsonl"), "--out",
               str(out), "--workers", "2", "--stop-after", "articles"]  # fmt: skip
    with log.open("w") as stderr:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "articles: running" not in log.read_text():
            time.sleep(0.05)
        time.sleep(1.0)  # the workers are reading
        if whole_group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise AssertionError("the batch run hung after SIGTERM") from None
    said = log.read_text()
    assert proc.returncode == 143 and "Traceback" not in said, said
    assert said.splitlines()[-1] == (f"wiretrace: terminated (SIGTERM); the stages complete in {out} are kept: "
                                     "run the same command to resume")  # fmt: skip
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0 and "articles: read 2225" in again.stdout, again.stderr


#: docs/cli.md's recipe for a batch run's corpus without its copies (as `export --drop LEVEL`).
DROP_RECIPE = """
SELECT id FROM read_parquet('{run}/articles/*.parquet')
WHERE id IN (SELECT origin FROM read_parquet('{run}/stories/*.parquet'))
   OR id NOT IN (SELECT target FROM read_parquet('{run}/links/*.parquet')
                 WHERE relation IN ({relations}) AND ({level} = 'derived' OR target_coverage >= 0.5))
   OR ({level} <> 'derived' AND id IN (SELECT target FROM read_parquet('{run}/links/*.parquet')
                                       WHERE starts_with(reason, 'stitched')))
"""


def test_the_docs_recipe_de_duplicates_a_batch_run_as_export_drop_does(local_run: Path, tmp_path: Path) -> None:
    """A data team at archive scale reads the run's tables, not an index: the docs' SQL over them
    keeps the articles `export --what articles --drop LEVEL` keeps after `index import` (the run's
    exact duplicates are in `duplicates/`, never in `articles/`); the run's roundup stays below
    `derived`, though it holds a wire whole."""
    import duckdb

    from wiretrace.cluster import DROP_LEVELS

    docs = (Path(__file__).parent.parent / "docs" / "cli.md").read_text()
    shown = docs[docs.index("```sql\nCOPY (") :].split("```")[1].removeprefix("sql\n")
    import_batch(local_run, tmp_path / "idx")
    with Index(tmp_path / "idx", read_only=True) as index:
        copies = {r["id"] for r in index.table("articles").to_pylist() if r["copy_of"]}
        for level, relations in DROP_LEVELS.items():
            kept = set(index.table("articles", drop=level).column("id").to_pylist()) - copies
            quoted = ", ".join(f"'{r}'" for r in relations)
            sql = DROP_RECIPE.format(run=local_run, relations=quoted, level=f"'{level}'")
            with duckdb.connect() as con:
                assert {row[0] for row in con.execute(sql).fetchall()} == kept, level
            assert ("roundup" in kept) == (level != "derived")
            assert level == "copies" or len(kept) < len(index.table("articles", drop="copies"))
        edited = set(index.table("articles", drop="edited").column("id").to_pylist()) - copies
        columns = [f.name for f in index.table("articles").schema if f.name != "copy_of"]
    written = tmp_path / "clean.parquet"  # the docs' recipe as written, for --drop edited
    with duckdb.connect() as con:
        con.execute(shown.replace("run1/", f"{local_run}/").replace("'clean.parquet'", f"'{written}'"))
        rows = con.execute(f"SELECT * FROM '{written}'").fetchall()
        assert [d[0] for d in con.description] == columns and {row[0] for row in rows} == edited


def credit_corpus(root: Path) -> Path:
    """A wire story on apnews.com with a farm rewrite naming no one, copies crediting the agency in a
    byline or another agency instead, and exact duplicates: the wire's text syndicated under an AP
    byline, the rewrite resold by another farm. Returns the folder holding it as JSON Lines."""
    story = (EXAMPLES / "l2r" / "000-source.txt").read_text()
    rewrite = (EXAMPLES / "l2r" / "000-rewrite-gpt.txt").read_text()
    rows = [
        {"id": "wire", "url": "https://apnews.com/article/floods", "text": f"EDINBURGH (AP) — {story}",
         "published": "2016-01-01T09:00:00Z"},
        {"id": "farm", "url": "https://dailybuzz.example/floods", "text": rewrite, "published": "2016-01-02"},
        {"id": "edited", "url": "https://herald.example/floods", "byline": "By Jane Smith, Associated Press",
         "text": story.replace("is still being assessed", "has yet to be assessed", 1), "published": "2016-01-02"},
        {"id": "misread", "url": "https://courier.example/floods", "byline": "AFP",
         "text": story.replace("is still being assessed", "is still being counted", 1), "published": "2016-01-03"},
        {"id": "syndicated", "url": "https://gazette.example/floods", "byline": "Associated Press",
         "text": f"EDINBURGH (AP) — {story}", "published": "2016-01-02"},
        # the wire's AMP rendering, captured too: the page again, no copy of it (apnews.com copied itself)
        {"id": "wire-amp", "url": "https://apnews.com/amp/article/floods", "text": f"EDINBURGH (AP) — {story}",
         "published": "2016-01-01T09:00:00Z"},
        {"id": "resold", "url": "https://clickfarm.example/floods", "text": rewrite, "published": "2016-01-04"},
        # another wire story, and a farm's rewrite of it dated the day before: the content reads the other way
        {"id": "wire-2", "url": "https://apnews.com/article/2",
         "text": (EXAMPLES / "l2r" / "002-source.txt").read_text(), "published": "2016-01-02T09:00:00Z"},
        {"id": "backdated", "url": "https://backdate.example/2",
         "text": (EXAMPLES / "l2r" / "002-rewrite-llama.txt").read_text(), "published": "2016-01-01T09:00:00Z"},
    ]  # fmt: skip
    root.mkdir(parents=True)
    (root / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return root


def test_a_batch_run_says_whether_each_derived_article_credits_its_source_as_the_index_does(tmp_path: Path) -> None:
    """A licensing manager running the batch engine over a crawl: each link row carries the
    index export's credit columns (`credit.columns`), read from the same pages: a copy crediting
    the agency in its byline, a farm rewrite naming no one, a copy crediting another agency; and
    per site pair, the derived articles crediting the source's outlet or not, as `sites --credits`."""
    from wiretrace.export import table

    run_batch([str(credit_corpus(tmp_path / "in"))], tmp_path / "run", engine="local")
    columns = ("credited", "credit_where", "credit_passage", "credits_instead")
    ran = {(r["source"], r["target"]): tuple(r[c] for c in columns) for r in read_table(tmp_path / "run" / "links")}
    assert ran[("wire", "edited")] == (True, "byline", "Jane Smith, Associated Press", None)
    assert ran[("wire", "farm")] == (False, None, None, None)
    assert ran[("wire", "misread")][0] is False and ran[("wire", "misread")][3] == "AFP"
    with Index(tmp_path / "idx") as index:
        index.add([str(tmp_path / "in")])
        exported = {(r["source"], r["target"]): tuple(r[c] for c in columns) for r in table(index, "links").to_pylist()}
    assert set(exported) - set(ran) == {("wire", "syndicated"), ("farm", "resold")}  # the copies, in duplicates/
    assert {pair: ran[pair] for pair in exported if pair in ran} == {p: c for p, c in exported.items() if p in ran}
    pairs = site_pairs_of(tmp_path / "run")
    assert pairs == site_pairs_of(tmp_path / "idx")
    assert ("apnews.com", "apnews.com") not in pairs  # the wire's AMP page is the wire again
    # the exact duplicates: the syndicated copy credits AP in its byline, the resold rewrite no one
    assert pairs[("apnews.com", "gazette.example")] == (1, 1, 0, 0)
    assert pairs[("dailybuzz.example", "clickfarm.example")] == (1, 0, 1, 0)
    assert pairs[("apnews.com", "dailybuzz.example")] == (1, 0, 1, 0)
    # the wire linked as derived from a farm's page dated before it, the content reading the other way
    assert pairs[("backdate.example", "apnews.com")][::3] == (1, 1)


def test_a_run_whose_records_a_full_disk_cut_short_runs_again(tmp_path: Path) -> None:
    """An operator's review: a full disk left `wiretrace.json` empty, and every rerun was a JSON
    traceback until the directory was deleted. Records are now written whole or not at all; one cut
    short before any stage completed is written again, beside a complete stage it is named."""
    corpus = credit_corpus(tmp_path / "in")
    out = tmp_path / "run"
    out.mkdir()
    (out / pl.STAMP).write_bytes(b"")
    (out / "config.json").write_bytes(b"")
    (out / ".config.json.part").write_bytes(b'{"seed":')
    stats = run_batch([str(corpus)], out, engine="local", stop_after="articles")
    assert stats["stages"]["articles"]["articles"] > 0 and json.loads((out / pl.STAMP).read_text())["reading"]
    (out / "stats.json").write_bytes(b"")  # counts alone: the stage is done again
    assert run_batch([str(corpus)], out, engine="local", stop_after="articles")["stages"]["articles"]["articles"] > 0
    (out / "inputs.json").write_bytes(b"[")
    with pytest.raises(ConfigError, match=r"inputs\.json: damaged \(.*\); delete this run's directory"):
        run_batch([str(corpus)], out, engine="local")
    assert not list(out.glob(".*.part"))


def test_a_run_without_its_settings_is_not_imported(tmp_path: Path) -> None:
    """A review: with its config.json gone, a run made with other detection settings was imported
    as if made with the defaults."""
    run_batch([str(credit_corpus(tmp_path / "in"))], tmp_path / "run", engine="local")
    (tmp_path / "run" / "config.json").unlink()
    with pytest.raises(ConfigError, match=r"config\.json: missing, so the run's settings are unknown"):
        import_batch(tmp_path / "run", tmp_path / "idx")


def site_pairs_of(place: Path) -> dict[tuple[str, str], tuple[int, int | None, int | None, int]]:
    """Per site pair, (derived articles, crediting, not crediting, linked against their content):
    of an index (`sites --credits`), or of a batch run (its `site_pairs` table)."""
    if (place / "site_pairs").exists():
        rows = read_table(place / "site_pairs")
        return {(r["source_site"], r["target_site"]): (r["links"], r["credited"], r["uncredited"], r["against_content"])
                for r in rows}  # fmt: skip
    with Index(place, read_only=True) as index:
        return {(e.source_site, e.target_site): (e.links, e.credited, e.uncredited, e.against_content)
                for e in index.sites(True).edges}  # fmt: skip


def test_spark_without_its_extra_is_one_error_and_leaves_no_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A packaging review: without pyspark, `batch --engine spark` said to install the extra but
    left a run directory of settings behind (config.json, inputs.json)."""
    import sys

    from wiretrace.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if not installed: importing it raises ImportError
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    monkeypatch.delitem(sys.modules, "wiretrace.engines.spark", raising=False)
    with pytest.raises(MissingDependencyError, match=r"pip install 'wiretrace\[spark\]'"):
        run_batch([str(EXAMPLES / "l2r")], tmp_path / "run", engine="spark")
    assert not (tmp_path / "run").exists()
    with pytest.raises(ConfigError, match="unknown engine"):
        run_batch([str(EXAMPLES / "l2r")], tmp_path / "run", engine="flink")
    assert not (tmp_path / "run").exists()


def test_a_roundup_is_stitched_from_wires_found_by_its_runs_not_its_candidates(tmp_path: Path) -> None:
    """A roundup's centroid sits between its subjects, so its wires may be no candidates of it: the
    batch engines linked only those that were (78 of 90 wire links of `bench/spun_roundups.py` with
    a word swapped a sentence, 89 in the index). Each run of its sentences is now looked up by its
    own position, as the index does: given one wire as its only candidate, the other two are found."""
    from tests.conftest import spun_roundup_run
    from wiretrace.embed import common_directions, load
    from wiretrace.engines.batch import _stitched

    rows = {r["id"]: r for r in read_table(spun_roundup_run(tmp_path) / "articles")}
    first = [{"a": SPUN_WIRES[0], "b": "spun-roundup", "anchors": 2}]  # sharing sentences with the first alone
    cache = pl.ProfileCache(load())

    links = _stitched(rows, first, [], cache, common_directions(pl.BatchConfig().model))

    assert {lk["source"] for lk in links if lk["target"] == "spun-roundup"} == set(SPUN_WIRES)
    assert all(lk["reason"].startswith("stitched") for lk in links)


def test_a_batch_run_reads_a_folder_of_tables_by_the_columns_named(tmp_path: Path) -> None:
    """A folder of CSV tables naming the text column their own way: the folder walk took them for
    tables of something else and the run found 'no input to read'. With the names given, the run
    reads them; a run made before `fields` existed (its config.json without them) resumes."""
    folder = tmp_path / "tables"
    folder.mkdir()
    texts = [(EXAMPLES / "l2r" / f"00{n}-source.txt").read_text() for n in range(2)]
    rows = "".join(f'"t{n}","{text.replace(chr(34), chr(34) * 2)}"\n' for n, text in enumerate(texts))
    (folder / "news.csv").write_text("Story,Body_Text\n" + rows)
    config = pl.BatchConfig(fields={"text": "Body_Text", "id": "Story"})

    with pytest.raises(ConfigError, match="no input to read"):
        run_batch([str(folder)], tmp_path / "plain", engine="local")
    stats = run_batch([str(folder)], tmp_path / "named", engine="local", config=config, stop_after="articles")

    assert sorted(row["id"] for row in read_table(tmp_path / "named" / "articles")) == ["t0", "t1"]
    assert stats["stages"]["articles"]["rejected"] == 0
    old = tmp_path / "old"
    run_batch([str(EXAMPLES / "corpus")], old, engine="local", stop_after="articles")
    held = json.loads((old / "config.json").read_text())
    assert "fields" not in held  # as a run made before the setting: resumed with the defaults
    # a settings file's names as --field gives them (a review: kept as written, a resume with the
    # same names on the command line was refused)
    assert pl.BatchConfig.from_dict({"fields": {"Text": " Body_Text ", "ID": "Story"}}) == config
    run_batch([str(EXAMPLES / "corpus")], old, engine="local", stop_after="candidates")


def zoneless_loop_corpus(path: Path) -> Path:
    """A reviewer's collection: an L2R wire story from a CMS export stamped '2024-03-09 20:00:00' (no
    zone), its GPT rewrite in a feed at 01:00Z the next day (5 hours later on that clock, which no
    zone orders) and its Llama rewrite in a dump dated 2024-03-10, each on its own site. Each pair
    oriented on its own, they link in a loop: wire -> Llama by date, Llama -> GPT and GPT -> wire
    by their content."""
    from tests.conftest import l2r_sample

    sources, rewrites = l2r_sample(35)
    stamps = {"l2r-src-034": ("2024-03-09 20:00:00", "newswire.example"),
              "l2r-gpt-3-turbo-034": ("2024-03-10T01:00:00Z", "newsnow.example"),
              "l2r-llama-3-70b-034": ("2024-03-10", "clickpost.example")}  # fmt: skip
    rows = [{"id": r["id"], "text": r["text"], "published": stamps[r["id"]][0], "site": stamps[r["id"]][1]}
            for r in sources + rewrites if r["id"] in stamps]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_wire_dated_without_a_zone_is_the_origin_of_its_rewrites_in_every_engine(tmp_path: Path) -> None:
    """The loop of `zoneless_loop_corpus` listed the wire as a rewrite of a farm, took the family's
    origin by id, and `--drop derived` left the wire out. The content's weakest link is turned round
    (`cluster.acyclic`), in the index and in the batch engine alike."""
    from wiretrace.cluster import TURNED

    corpus = zoneless_loop_corpus(tmp_path / "loop.jsonl")
    with Index(tmp_path / "idx") as index:
        index.add([str(corpus)])
        stored = {(lk.source, lk.target) for lk in index.store.links()}
        links = index.links()
        (story,) = index.stories()
        kept = {row["id"] for row in index.table("articles", drop="derived").to_pylist()}
        sites = {(e.source_site, e.target_site) for e in index.sites().edges}
        gpt = next(lk.target for lk in links if lk.reason == TURNED)
        near_copy = index.article(gpt).text + " Readers can follow the story on our site."
        queried = from_record({"id": "q", "text": near_copy, "published": "2024-03-10T01:00:00Z"})
        matches = [(m.id, m.role, m.relation) for m in index.query(queried).matches]
    assert len(stored) == 3 and len({s for s, _ in stored}) == 3  # the loop as stored: each a source
    assert story.origin == "l2r-src-034" and {lk.source for lk in links} == {"l2r-src-034"}
    assert [lk.reason for lk in links].count(TURNED) == 1
    assert kept == {"l2r-src-034"}
    # a review: breaking the loop of the stored links turned the query's own links round (the GPT
    # rewrite it copies listed as derived from it); the stored links are unlooped first, as `links` does
    assert matches == [(gpt, "source", "copy")]
    assert sites == {("newswire.example", "newsnow.example"), ("newswire.example", "clickpost.example")}
    shown = CliRunner().invoke(app, ["stories", "--index", str(tmp_path / "idx"), "--html", str(tmp_path / "html")])
    assert shown.exit_code == 0, shown.output
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "html").glob("story-*-member-*.html")]
    assert len(pages) == 2 and sum("other links order them" in page for page in pages) == 1
    # `compare ID ID` in the turned link's order read the raw stored links and said nothing (a review)
    from tests.test_cli import run

    turned = next(lk for lk in links if lk.reason == TURNED)
    ix = str(tmp_path / "idx")
    said = " ".join(run("compare", turned.source, turned.target, "--index", ix, "--format", "json").stderr.split())
    assert f"wiretrace compare {turned.target} {turned.source} shows it" in said and "other links order them" in said
    assert "note:" not in run("compare", turned.target, turned.source, "--index", ix, "--format", "json").stderr
    run_batch([str(corpus)], tmp_path / "run", engine="local")
    assert [s["origin"] for s in read_table(tmp_path / "run" / "stories")] == ["l2r-src-034"]
    assert set(site_pairs_of(tmp_path / "run")) == sites
