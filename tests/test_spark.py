"""The Spark engine in a real local[2] session: connected components, parity with the local engine."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import (
    SIBLING_SOURCES,
    SPUN_WIRES,
    index_and_run_families,
    syndicated_jsonl,
    write_batch_corpus,
)
from wiretrace import pipeline as pl
from wiretrace.cluster import DerivedLink, families
from wiretrace.engines.batch import import_batch, read_table, run_batch

pytestmark = pytest.mark.spark

# Small windows and caps so that the parity run exercises the windowing of oversized groups.
TIGHT = pl.BatchConfig(band_cap=2, window=32, bucket_bits=2)


def test_connected_components_match_union_find(spark) -> None:
    from wiretrace.engines.spark import connected_components

    rng = random.Random(7)
    edges = [(f"c{i:03d}", f"c{i + 1:03d}") for i in range(40)]  # a long chain
    edges += [("s000", f"s{i:03d}") for i in range(1, 30)]  # a star
    edges += [(f"r{rng.randrange(60):03d}", f"r{rng.randrange(60):03d}") for _ in range(45)]  # random forest
    edges += [("z9", "z1"), ("z1", "z9"), ("z5", "z5")]  # both directions and a loop
    df = spark.createDataFrame(edges, "u string, v string")
    got: dict[str, list[str]] = {}
    for row in connected_components(df).collect():
        got.setdefault(row["root"], []).append(row["node"])
    expected = families(DerivedLink(u, v, "copy", 1.0, 1.0) for u, v in edges if u != v)
    assert sorted(sorted(g) for g in got.values()) == sorted(expected)
    assert all(root == min(group) for root, group in got.items())


def _table(out: Path, name: str) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True) for row in read_table(out / name))


def _fields(out: Path, name: str) -> list[tuple[str, str, bool]]:
    """A table's Parquet columns as (name, type, nullable), read from its first file."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(min((out / name).glob("*.parquet")))
    return [(f.name, str(f.type), f.nullable) for f in schema]


def test_spark_and_local_engines_give_the_same_outputs(spark, tmp_path: Path) -> None:
    corpus = write_batch_corpus(tmp_path / "corpus", ecb_topics=4)
    (corpus / "style.css").write_text("body {}")  # a file of another kind: counted alike by both engines
    inputs = [str(corpus), str(corpus / "missing.jsonl")]
    local = run_batch(inputs, tmp_path / "local", engine="local", config=TIGHT)
    remote = run_batch(inputs, tmp_path / "spark", engine="spark", master="local[2]", config=TIGHT)
    assert remote["stages"]["candidates"]["capped_groups"] > 0  # the windowing was exercised
    for name in (
        "articles",
        "rejected",
        "duplicates",
        "candidates",
        "verified",
        "links",
        "set_aside",
        "stories",
        "sites",
        "site_pairs",
    ):
        assert _table(tmp_path / "local", name) == _table(tmp_path / "spark", name), name
        assert _fields(tmp_path / "local", name) == _fields(tmp_path / "spark", name), name  # nullability too
    for stage in pl.STAGES:
        assert {k: v for k, v in local["stages"][stage].items() if k != "seconds"} == {
            k: v for k, v in remote["stages"][stage].items() if k != "seconds"
        }, stage
    assert sorted(map(str, local["rejected"])) == sorted(map(str, remote["rejected"]))
    assert remote["stages"]["articles"]["skipped_by_kind"][".css file"] == 1
    assert remote["stages"]["links"]["links"] >= 70
    assert remote["stages"]["links"]["set_aside"] > 0  # the event check was exercised
    stitched = {(lk["source"], lk["target"]) for lk in read_table(tmp_path / "spark" / "links")
                if lk["reason"].startswith("stitched")}  # fmt: skip
    assert stitched == {("wire-0", "roundup"), ("wire-1", "roundup"), *((w, "spun-roundup") for w in SPUN_WIRES)}
    linked = {(lk["source"], lk["target"]) for lk in read_table(tmp_path / "spark" / "links")}
    for wire in SIBLING_SOURCES:  # every farm's rewrite linked to the wire story, siblings or not
        assert {(wire, f"{wire}-{farm}") for farm in ("gpt", "llama", "mixgl", "mixlg")} <= linked

    # a Spark run imports into the embedded index like a local one
    import_batch(tmp_path / "spark", tmp_path / "idx")
    found, run_families = index_and_run_families(tmp_path / "idx", tmp_path / "spark")
    assert found == run_families


@pytest.mark.parametrize("keep", [True, False])
def test_spark_numbers_the_versions_of_an_id_as_the_local_engine_does(spark, tmp_path: Path, keep: bool) -> None:
    from tests.test_pipeline import versioned_corpus

    corpus = versioned_corpus(tmp_path / "corpus")
    config = pl.BatchConfig(keep_versions=keep)
    local = run_batch([str(corpus)], tmp_path / "local", engine="local", config=config)
    remote = run_batch([str(corpus)], tmp_path / "spark", engine="spark", master="local[2]", config=config)
    # a page's versions linked are no reuse of its site (`model.one_page`), in either engine
    for name in ("articles", "rejected", "duplicates", "links", "sites", "site_pairs"):
        assert _table(tmp_path / "local", name) == _table(tmp_path / "spark", name), name
        assert _fields(tmp_path / "local", name) == _fields(tmp_path / "spark", name), name  # nullability too
    counts = [{k: v for k, v in run["stages"]["articles"].items() if k != "seconds"} for run in (local, remote)]
    assert counts[0] == counts[1]
    assert remote["stages"]["articles"]["versions"] == (3 if keep else 0)


def test_spark_counts_site_pairs_and_their_credits_as_the_local_engine_does(spark, tmp_path: Path) -> None:
    """Per site pair, the derived articles attributed to the source site and how many credit its
    outlet, exact duplicates included (`pipeline.copy_credited`): one count in both engines."""
    from tests.test_pipeline import credit_corpus, site_pairs_of

    corpus = credit_corpus(tmp_path / "corpus")
    run_batch([str(corpus)], tmp_path / "local", engine="local")
    run_batch([str(corpus)], tmp_path / "spark", engine="spark", master="local[2]")
    for name in ("links", "sites", "site_pairs"):
        assert _table(tmp_path / "local", name) == _table(tmp_path / "spark", name), name
        assert _fields(tmp_path / "local", name) == _fields(tmp_path / "spark", name), name
    pairs = site_pairs_of(tmp_path / "spark")
    assert ("apnews.com", "apnews.com") not in pairs  # the wire's AMP page is the wire again (`pipeline.page_again`)
    assert pairs[("apnews.com", "gazette.example")] == (1, 1, 0, 0)  # a duplicate crediting AP in its byline
    assert pairs[("dailybuzz.example", "clickfarm.example")] == (1, 0, 1, 0)
    assert pairs[("backdate.example", "apnews.com")][::3] == (1, 1)  # dated against its content


def test_spark_breaks_a_loop_of_links_as_the_local_engine_does(spark, tmp_path: Path) -> None:
    """A loop of links (`test_pipeline.zoneless_loop_corpus`) is broken family by family in Spark's
    site counts as in the local engine's (`cluster.acyclic`, inside `cluster.attribute`)."""
    from tests.test_pipeline import zoneless_loop_corpus

    corpus = zoneless_loop_corpus(tmp_path / "loop.jsonl")
    run_batch([str(corpus)], tmp_path / "local", engine="local")
    run_batch([str(corpus)], tmp_path / "spark", engine="spark", master="local[2]")
    for name in ("links", "stories", "sites", "site_pairs"):
        assert _table(tmp_path / "local", name) == _table(tmp_path / "spark", name), name
    assert [s["origin"] for s in read_table(tmp_path / "spark" / "stories")] == ["l2r-src-034"]


def test_spark_holds_identical_copies_as_the_local_engine_does(spark, tmp_path: Path) -> None:
    from tests.test_pipeline import same_day_copies_corpus

    corpus = same_day_copies_corpus(tmp_path / "corpus")
    run_batch([str(corpus)], tmp_path / "local", engine="local", stop_after="articles")
    run_batch([str(corpus)], tmp_path / "spark", engine="spark", master="local[2]", stop_after="articles")
    for name in ("articles", "duplicates"):
        assert _table(tmp_path / "local", name) == _table(tmp_path / "spark", name), name
        assert _fields(tmp_path / "local", name) == _fields(tmp_path / "spark", name), name  # nullability too


def test_both_engines_read_records_by_the_names_a_run_gives_their_fields(spark, tmp_path: Path) -> None:
    """`fields` (`batch --field`) is read on Spark's executors as in the local engine: the same
    articles under the dump's own ids, and the run's config.json keeps the names."""
    from tests.test_pipeline import same_day_copies_corpus

    corpus = same_day_copies_corpus(tmp_path / "corpus")
    dump = tmp_path / "dump.jsonl"
    with dump.open("w") as out:
        for path in sorted(corpus.glob("*.jsonl")):
            for line in path.read_text().splitlines():
                record = json.loads(line)
                out.write(json.dumps({"story": f"s-{record.pop('id')}", "body_text": record.pop("text"),
                                      **record}) + "\n")  # fmt: skip
    config = pl.BatchConfig(fields={"id": "story", "text": "body_text"})
    run_batch([str(dump)], tmp_path / "local", engine="local", stop_after="articles", config=config)
    run_batch([str(dump)], tmp_path / "spark", engine="spark", master="local[2]", stop_after="articles", config=config)
    articles = read_table(tmp_path / "spark" / "articles")
    assert articles and all(row["id"].startswith("s-") for row in articles)
    assert _table(tmp_path / "local", "articles") == _table(tmp_path / "spark", "articles")
    held = json.loads((tmp_path / "spark" / "config.json").read_text())
    assert held["fields"] == {"id": "story", "text": "body_text"}


def test_spark_keeps_a_syndicated_storys_likeliest_sources_as_the_local_engine_does(spark, tmp_path: Path) -> None:
    """Of each copy of a story on many sites, the likeliest sources (`detect.likeliest_sources`)
    are judged, the same pairs in both engines."""
    (tmp_path / "in.jsonl").write_text(syndicated_jsonl(range(40)))
    local = run_batch([str(tmp_path / "in.jsonl")], tmp_path / "local", engine="local")
    remote = run_batch([str(tmp_path / "in.jsonl")], tmp_path / "spark", engine="spark", master="local[2]")
    counts = [{k: v for k, v in run["stages"]["candidates"].items() if k != "seconds"} for run in (local, remote)]
    assert counts[0] == counts[1] and counts[0]["copies_left_out"] > 0
    for name in ("candidates", "links", "stories"):
        assert _table(tmp_path / "local", name) == _table(tmp_path / "spark", name), name


def test_spark_resumes_a_local_run_and_stops_after(spark, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        "\n".join(
            json.dumps({"id": f"n{i}", "text": f"Story number {i} about the harbour. It rained."}) for i in range(5)
        )
    )
    run_batch([str(corpus)], tmp_path / "out", engine="local", stop_after="articles")
    stats = run_batch([str(corpus)], tmp_path / "out", engine="spark", master="local[2]", stop_after="candidates")
    assert set(stats["stages"]) == {"articles", "candidates"} and not (tmp_path / "out" / "links").exists()
    assert (tmp_path / "out" / "candidates" / pl.DONE).exists()


def test_ctrl_c_during_a_spark_run_is_one_line_and_keeps_the_stages_done(tmp_path: Path) -> None:
    """A data team's review: Ctrl-C during a Spark run printed py4j's tracebacks. Interrupted as a
    terminal does (SIGINT to the whole process group) once its first stage is complete, the run
    says so in one line, exits 130 and keeps that stage for a rerun to resume."""
    corpus = write_batch_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "wiretrace.cli", "batch", str(corpus), "--out", str(out), "--engine", "spark",
               "--master", "local[2]"]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 300
    while not (out / "articles" / pl.DONE).exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, proc.communicate()[1][-2000:]
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr and "ERROR" not in stderr, stderr[-2000:]
    assert f"wiretrace: interrupted; the stages complete in {out} are kept" in stderr
    assert (out / "articles" / pl.DONE).exists()


def test_a_session_without_a_master_gets_the_local_shuffle_partitions() -> None:
    """Spark's own default master is local[*], but only a given local master got 4 x the cores
    instead of the cluster default of 200 partitions (a task each, per shuffle)."""
    shown = "s.sparkContext.master, s.conf.get('spark.sql.shuffle.partitions'), 4 * os.cpu_count()"
    code = f"import os; from wiretrace.engines.spark import session; s = session(); print({shown}); s.stop()"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK_", "PYSPARK_SUBMIT"))}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    master, partitions, expected = done.stdout.split()[-3:]
    assert master.startswith("local") and partitions == expected, done.stderr[-2000:]


def test_missing_pyspark_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "a", "text": "Rain hit the town on Monday."}\n')  # an input to read
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "from wiretrace.cli import run\n"
        f"sys.argv = ['wiretrace', 'batch', {str(tmp_path)!r}, '--out', {str(tmp_path / 'o')!r}, '--engine', 'spark']\n"
        "run()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "wiretrace: error: the Spark engine needs pyspark: pip install 'wiretrace[spark]'"


def test_spark_sorts_rows_in_judging_key_order(spark) -> None:
    """Spark's sort columns mirror `detect.judging_key`: undated last, a month or a year after its
    days, a day after its times, then ids with their versions in number order."""
    from wiretrace.detect import judging_key
    from wiretrace.engines.spark import _judging_columns

    rows = [("b", "2016-04-16"), ("a", "2016-04-16T09:00:00Z"), ("c", "2016-04"), ("d", "2016"), ("e", None),
            ("page#v10", None), ("page#v2", None), ("f", "2016-04-30"), ("g", "2015-12-31T23:00:00Z")]  # fmt: skip
    df = spark.createDataFrame(rows, "id string, published string")
    got = [r["id"] for r in df.orderBy(*_judging_columns()).collect()]
    assert got == [i for i, p in sorted(rows, key=lambda r: judging_key(r[1], r[0]))]


def test_spark_looks_up_a_roundups_runs_as_the_local_engine_does(
    spark, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch engines' roundups step (`pipeline.roundup_queries`): given one wire as the only
    judged source of a roundup of three, the runs of its sentences find the other two, the runs'
    vectors sent one broadcast at a time."""
    from tests.conftest import spun_roundup_run
    from wiretrace.engines import spark as spark_engine
    from wiretrace.engines.spark import SparkBatch

    monkeypatch.setattr(spark_engine, "RUN_CHUNK", 1)
    run = spun_roundup_run(tmp_path)
    engine = SparkBatch(pl.Layout(run), pl.BatchConfig(), master="local[2]")
    judged = spark.createDataFrame([(SPUN_WIRES[0], "spun-roundup", 2)], "source string, target string, anchors int")
    found = engine._found_by_runs(judged, engine._read("articles")).collect()
    assert sorted((r["source"], r["target"], r["anchors"]) for r in found) == [
        (wire, "spun-roundup", 1) for wire in SPUN_WIRES[1:]]  # fmt: skip
