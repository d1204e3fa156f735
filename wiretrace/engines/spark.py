"""The Spark engine: the batch stages as a PySpark job, for archives beyond one machine.

Spark does the moving — reading input files in parallel, shuffles that group band keys and
SimHash buckets, joins that bring a candidate's two articles together, connected components
over the links (large-star / small-star) — and every decision is made by the kernels of
`wiretrace.pipeline`, called in `mapInPandas` / `applyInPandas` / pandas UDFs on the
executors. The embedding model is loaded once per Python worker (`embed.load` is cached) and
fed in Arrow batches.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wiretrace.errors import MissingDependencyError

try:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, BooleanType, IntegerType, LongType
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise MissingDependencyError("the Spark engine needs pyspark: pip install 'wiretrace[spark]'") from exc

from wiretrace import pipeline as pl
from wiretrace.cluster import STITCHED, Member, attribute, dated_against_content, is_stitched
from wiretrace.detect import (
    ANCHOR_HOLDERS_MAX,
    EVENT_KEEP_SCORE,
    ROUNDUP_NEIGHBOURS,
    SPAN_END,
    STITCH_SENTENCES,
    independent_reports,
    judging_key,
    likeliest_sources,
)
from wiretrace.embed import common_directions, load
from wiretrace.ingest import fields_named
from wiretrace.model import RENDERING_ADDRESS, VERSION_MARK, VERSION_SUFFIX, VERSIONED
from wiretrace.readers import expand, other_kind, read_collection, with_field_names

log = logging.getLogger(__name__)

#: Arrow batch size of the pandas functions: bounds the memory of one featurize or verify batch.
ARROW_BATCH = 256
_MAX_ROUNDS = 64
_FEATURES = ("duplicate_ids", "band_keys", "centroid", "simhash", "anchors")  # article columns added after reading
_READ_COLUMNS = tuple(c for c, _ in pl.SCHEMAS["articles"] if c not in _FEATURES)
#: The article columns the verifier reads of each side of a pair (the chrome for its credit lines).
_LINK_SIDE = ("id", "text", "sent_start", "sent_end", "published", "title", "byline", "site", "url", "dropped_chrome")


class _Py4jAfterInterrupt(logging.Filter):
    """Drops py4j's tracebacks once Ctrl-C stopped a run: its calls to the JVM, cut off, are logged
    on the root logger (py4j calls `logging.exception`)."""

    def __init__(self, batch: SparkBatch) -> None:
        super().__init__()
        self.batch = batch

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.batch.interrupted and f"{os.sep}py4j{os.sep}" in record.pathname)


def ddl(name: str, without: Sequence[str] = ()) -> str:
    """The Spark DDL schema of one output table (same columns and types as the local engine's)."""
    base = {"string": "string", "int32": "int", "int64": "bigint", "float32": "float", "float64": "double",
            "bool": "boolean"}  # fmt: skip

    def spark_type(kind: str) -> str:
        return f"array<{base[kind[5:-1]]}>" if kind.startswith("list<") else base[kind]

    return ", ".join(f"`{col}` {spark_type(kind)}" for col, kind in pl.SCHEMAS[name] if col not in without)


def session(master: str | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """The active Spark session, or a new one on `master` with `conf` (local masters use this Python)."""
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if master is None or master.startswith("local"):
        # executors of a local master must run this interpreter, which has wiretrace installed
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("wiretrace-batch")
    if master:
        builder = builder.master(master)
    settings = {
        "spark.sql.execution.arrow.maxRecordsPerBatch": str(ARROW_BATCH),
        "spark.python.worker.reuse": "true",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.ui.showConsoleProgress": "false",
    }
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if (spark.sparkContext.master or "").startswith("local") and "spark.sql.shuffle.partitions" not in settings:
        # the default 200 shuffle partitions is for clusters: on one machine each costs a task. Read
        # from the session, as Spark's own default master (none given) is local[*] too
        spark.conf.set("spark.sql.shuffle.partitions", str(4 * (os.cpu_count() or 2)))
    return spark


class SparkBatch:
    """The batch stages on a Spark session; outputs are Parquet folders with Spark's `_SUCCESS`."""

    def __init__(
        self,
        layout: pl.Layout,
        config: pl.BatchConfig,
        master: str | None = None,
        conf: dict[str, str] | None = None,
    ) -> None:
        self.layout = layout
        self.config = config
        self._own = SparkSession.getActiveSession() is None
        self.spark = session(master, conf)
        self.spark.sparkContext.setLogLevel("ERROR")
        self._interrupted = False
        self._quiet = _Py4jAfterInterrupt(self)
        if self._own and threading.current_thread() is threading.main_thread():
            # PySpark's own Ctrl-C handler cancels the jobs over the py4j socket the interrupted
            # call is reading, which fails and logs tracebacks; the JVM got the Ctrl-C too, and
            # `close` stops the session
            signal.signal(signal.SIGINT, self._on_interrupt)
            logging.getLogger().addFilter(self._quiet)

    def _on_interrupt(self, signum: int, frame: Any) -> None:
        self._interrupted = True
        logging.getLogger("py4j").setLevel(logging.CRITICAL)  # its own loggers' part of the echo
        raise KeyboardInterrupt

    def close(self) -> None:
        if not self._own:
            return
        try:
            if self._interrupted:
                self.spark.sparkContext.setLogLevel("OFF")  # executors' Python workers died of the Ctrl-C too
            self.spark.stop()
        except Exception:
            if not self._interrupted:
                raise  # after a Ctrl-C the JVM may be gone already: nothing left to stop
        finally:
            logging.getLogger().removeFilter(self._quiet)
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGINT, signal.default_int_handler)

    @property
    def interrupted(self) -> bool:
        """Whether Ctrl-C stopped the run (errors of the dying JVM that follow it are its echo)."""
        return self._interrupted

    def _path(self, name: str) -> str:
        return str(self.layout.path(name).resolve())

    def _write(self, name: str, df: DataFrame) -> int:
        df.write.mode("overwrite").parquet(self._path(name))
        return self.spark.read.parquet(self._path(name)).count()

    def _read(self, name: str) -> DataFrame:
        return self.spark.read.parquet(self._path(name))

    def _label(self, stage: str) -> None:
        """Tag the stage's Spark jobs (UI, REST metrics: per-stage shuffle sizes) with its name."""
        self.spark.sparkContext.setJobGroup(f"wiretrace-{stage}", f"wiretrace batch: {stage} stage")

    @property
    def _parallelism(self) -> int:
        return int(self.spark.sparkContext.defaultParallelism)

    # -- articles --------------------------------------------------------------------------

    def articles(self, inputs: Sequence[str]) -> tuple[dict[str, Any], list[dict[str, str]]]:
        self._label("articles")
        other: list[Path] = []  # files of other kinds in the folders: counted, as the local engine counts them
        with fields_named(self.config.fields):  # a folder's tables are articles by the columns named
            files, missing = expand(inputs, exclude=self.layout.root, other_kinds=other)
        names = [str(f) for f in sorted(files, key=lambda f: -f.stat().st_size)]
        # one row per reader item: an article's columns, a rejected input's where and reason, or
        # a count of a crawl's records that hold no article (where, kind as reason, records)
        schema = f"kind string, {ddl('articles', without=_FEATURES)}, {ddl('rejected')}, records long"
        files_rdd = self.spark.sparkContext.parallelize(names, max(1, min(len(names), 4 * self._parallelism)))
        reader = functools.partial(_read_file, fields=self.config.fields)  # the records' names, on every executor
        items = self.spark.createDataFrame(files_rdd.flatMap(reader), schema).cache()
        raw = items.where("kind = 'article'").select(*_READ_COLUMNS, "where")  # where: named if its id is taken
        bad = items.where("kind = 'rejected'").select("where", "reason")
        skipped = [
            {"kind": r["reason"], "records": r["records"]}
            for r in items.where("kind = 'skipped'").select("reason", "records").collect()
        ] + [{"kind": other_kind(path), "records": 1} for path in other]
        read = raw.count()
        raw, taken, versions = self._number_versions(raw)
        order = [*_judging_columns(), F.col("content_hash")]  # pl.canonical_order as a sort
        by_hash = raw.withColumn("rank", F.row_number().over(Window.partitionBy("content_hash").orderBy(*order)))
        others = by_hash.where("rank > 1").groupBy("content_hash").agg(F.collect_set("id").alias("others"))
        kept = (
            by_hash.where("rank = 1")
            .drop("rank")
            .join(others, "content_hash", "left")
            .withColumn(
                "duplicate_ids",
                F.array_sort(F.array_remove(F.coalesce("others", F.array().cast("array<string>")), F.col("id"))),
            )
            .drop("others")
        )
        duplicates = (  # each set-aside duplicate once, with the metadata it was first read with
            by_hash.where("rank > 1")
            .join(by_hash.where("rank = 1").select("content_hash", F.col("id").alias("kept_id")), "content_hash")
            .where(F.col("id") != F.col("kept_id"))
            .withColumn("first", F.row_number().over(Window.partitionBy("content_hash", "id").orderBy(*order)))
            .where("first = 1")
            .withColumn("duplicate_of", F.col("kept_id"))
            .select(*pl.DUPLICATE_COLUMNS)
        )
        self._write("duplicates", duplicates)
        by_id = kept.withColumn("rank", F.row_number().over(Window.partitionBy("id").orderBy(*order))).cache()
        conflicts = by_id.where("rank > 1").select(F.col("id").alias("where"), _id_taken().alias("reason"))
        conflicts = conflicts.unionByName(taken)
        # several featurize tasks per core: even load, and a lost task costs little to redo
        unique = by_id.where("rank = 1").drop("rank").repartition(4 * max(1, self._parallelism))
        config = self.config
        featured = unique.mapInPandas(lambda it: _featurize(it, config), ddl("articles"))
        articles = self._write("articles", featured)
        missing_df = self.spark.createDataFrame([pl.rejected_row(r) for r in missing], ddl("rejected"))
        self._write("rejected", bad.unionByName(conflicts).unionByName(missing_df))
        rejected_df = self._read("rejected")
        rejected = [r.asDict() for r in rejected_df.limit(pl.MAX_LISTED_REJECTS).collect()]
        kind_of = F.udf(pl.reason_kind, "string", useArrow=False)  # a plain UDF: nothing to infer from its hints
        kinds = rejected_df.select(kind_of("reason").alias("kind")).groupBy("kind").count()
        by_reason = {r["kind"]: r["count"] for r in kinds.collect()}
        texts = raw.select("id", "content_hash").distinct().count()  # see the local engine's counts
        counts = {
            "read": read,
            "duplicates": texts - raw.select("content_hash").distinct().count(),
            "repeats": raw.count() - texts,
            "id_conflicts": conflicts.count(),
            "versions": versions,
            "articles": articles,
            "rejected": sum(by_reason.values()),
            "rejected_by_reason": by_reason,
            **pl.skipped_counts(skipped),
        }
        for df in (by_id, items):
            df.unpersist()
        return counts, rejected

    def _number_versions(self, raw: DataFrame) -> tuple[DataFrame, DataFrame, int]:
        """`pl.number_versions` on a frame: the texts of an id given with several, earliest first;
        later ones renamed `ID#vN` (`keep_versions`) or rejected. Returns the rows, the rejected
        rows and the number of renamed texts."""
        first = raw.groupBy("id", "content_hash").agg(F.min(F.struct(*_judging_columns()[:-1])).alias("key"))
        earliest_first = Window.partitionBy("id").orderBy("key", "content_hash")
        numbers = first.withColumn("version", F.row_number().over(earliest_first))
        raw = raw.join(numbers.select("id", "content_hash", "version"), ["id", "content_hash"])
        later = F.col("version") > 1
        if self.config.keep_versions:
            renamed = numbers.where(later).count()
            name = F.concat(F.col("id"), F.lit(VERSION_MARK), F.col("version").cast("string"))
            raw = raw.withColumn("id", F.when(later, name).otherwise(F.col("id")))
            taken = raw.limit(0).select(F.col("where"), _id_taken().alias("reason"))
        else:
            renamed = 0
            taken = raw.where(later).select(F.coalesce("where", "id").alias("where"), _id_taken().alias("reason"))
            raw = raw.where(~later)
        return raw.drop("version").select(*_READ_COLUMNS), taken, renamed

    # -- candidates ------------------------------------------------------------------------

    def candidates(self) -> dict[str, Any]:
        self._label("candidates")
        cfg = self.config
        arts = self._read("articles")
        windows_of = _windows_udf
        # LSH: group by band key (one shuffle); oversized groups are ordered by mix(key, id) and windowed
        bands = arts.select("id", F.explode(F.array_distinct("band_keys")).alias("key"))
        sized = bands.withColumn("size", F.count("*").over(Window.partitionBy("key"))).where("size > 1")
        small = sized.where(F.col("size") <= cfg.band_cap).select("key", F.lit(0).alias("win"), "id")
        big = sized.where(F.col("size") > cfg.band_cap).withColumn("order", _mix_udf("key", "id"))
        big = big.withColumn("rank", F.row_number().over(Window.partitionBy("key").orderBy("order", "id")) - 1)
        big = big.select("key", F.explode(windows_of("rank", "size", F.lit(cfg.band_cap // 2))).alias("win"), "id")
        keyed = (  # each LSH pair once a band key, however many of the key's windows hold it
            small.unionByName(big)
            .groupBy("key", "win")
            .agg(F.collect_list("id").alias("ids"))
            .mapInPandas(_keyed_window_pairs, "key bigint, a string, b string")
            .distinct()
        )
        # cached, with `shared` and `kept`: the counts after the write read them again
        keys_shared = keyed.groupBy("a", "b").agg(F.count("*").cast("int").alias("keys")).cache()
        # semantic: group by SimHash bucket per table (one shuffle carrying the centroids), window, score
        top = F.shiftrightunsigned("h", 64 - cfg.bucket_bits) if cfg.bucket_bits else F.lit(0).cast("bigint")
        hashed = arts.select("id", "centroid", F.posexplode("simhash").alias("tab", "h")).withColumn("bucket", top)
        group = Window.partitionBy("tab", "bucket")
        ranked = hashed.withColumn("size", F.count("*").over(group)).withColumn(
            "rank", F.row_number().over(group.orderBy("h", "id")) - 1
        )
        windowed = ranked.withColumn("win", F.explode(windows_of("rank", "size", F.lit(cfg.window // 2))))
        floor = pl.scoring_floor(cfg)
        scored = (
            windowed.select("tab", "bucket", "win", "id", "centroid")
            .groupBy("tab", "bucket", "win")
            .applyInPandas(lambda pdf: _score_window(pdf, floor, cfg.model), "a string, b string, cosine double")
            .groupBy("a", "b")
            .agg(F.max("cosine").alias("cosine"))
        )
        both = scored.select(F.col("a").alias("x"), F.col("b").alias("y"), "cosine").unionByName(
            scored.select(F.col("b").alias("x"), F.col("a").alias("y"), "cosine")
        )
        kept = both.groupBy("x").applyInPandas(lambda pdf: _nearest(pdf, cfg), "x string, y string, cosine double")
        semantic = kept.select(F.least("x", "y").alias("a"), F.greatest("x", "y").alias("b"), "cosine").distinct()
        # sentences: the anchors each pair shares, stock lines left out (`detect.shared_anchors`); two make a candidate
        anchors = F.array_distinct("anchors") if "anchors" in arts.columns else F.array().cast("array<bigint>")
        held = arts.select("id", F.explode(anchors).alias("key"))  # (a run made before anchors has none)
        held = held.withColumn("size", F.count("*").over(Window.partitionBy("key")))
        shared = (
            held.where((F.col("size") > 1) & (F.col("size") <= ANCHOR_HOLDERS_MAX))
            .groupBy("key")
            .agg(F.collect_list("id").alias("ids"))
            .mapInPandas(_window_pairs, "a string, b string")
            .groupBy("a", "b")
            .agg(F.count("*").cast("int").alias("anchors"))
            .cache()
        )
        # of an article's many copy candidates (a story on many sites), its likeliest sources, as `index add` keeps
        copying = keys_shared.join(shared.where(F.col("anchors") >= STITCH_SENTENCES), ["a", "b"], "full").select(
            "a", "b", (F.coalesce("keys", F.lit(0)) + F.coalesce("anchors", F.lit(0))).alias("n")
        )
        dates = arts.select(F.col("id").alias("y"), F.col("published").alias("y_published"))
        ends = copying.select(F.col("a").alias("x"), F.col("b").alias("y"), "n").unionByName(
            copying.select(F.col("b").alias("x"), F.col("a").alias("y"), "n")
        )
        kept = (
            ends.join(dates, "y")
            .groupBy("x")
            .applyInPandas(_likeliest, "x string, y string")
            .select(F.least("x", "y").alias("a"), F.greatest("x", "y").alias("b"))
            .distinct()
            .cache()
        )
        lsh = keys_shared.select("a", "b").join(kept, ["a", "b"])
        anchored = shared.where(F.col("anchors") >= STITCH_SENTENCES).select("a", "b").join(kept, ["a", "b"])
        cands = (
            lsh.withColumn("lsh", F.lit(True))
            .join(semantic.withColumn("semantic", F.lit(True)), ["a", "b"], "full")
            .join(anchored.withColumn("anchored", F.lit(True)), ["a", "b"], "full")
            .join(shared, ["a", "b"], "left")  # the anchors a pair shares, kept or not (a roundup's lightly edited)
            .select(
                "a",
                "b",
                F.coalesce("lsh", F.lit(False)).alias("lsh"),
                F.coalesce("semantic", F.lit(False)).alias("semantic"),
                "cosine",
                F.coalesce("anchors", F.lit(0)).alias("anchors"),
            )
        )
        total = self._write("candidates", cands)
        written = self._read("candidates")
        capped = sized.where(F.col("size") > cfg.band_cap).select("key").distinct().count()
        capped += ranked.where(F.col("size") > cfg.window).select("tab", "bucket").distinct().count()
        stats = {
            "candidates": total,
            "lsh": written.where("lsh").count(),
            "semantic": written.where("semantic").count(),
            "anchored": anchored.count(),
            "capped_groups": capped,
            "copies_left_out": copying.count() - kept.count(),
        }
        for frame in (keys_shared, shared, kept):
            frame.unpersist()
        return stats

    # -- links -----------------------------------------------------------------------------

    def links(self) -> dict[str, Any]:
        self._label("links")
        arts = self._read("articles")
        side_a = arts.select([F.col(c).alias(f"a_{c}") for c in _LINK_SIDE])
        side_b = arts.select([F.col(c).alias(f"b_{c}") for c in _LINK_SIDE])
        cands = self._read("candidates")
        shared = F.col("anchors") if "anchors" in cands.columns else F.lit(0)  # a run made before anchors
        pairs = (
            cands.select("a", "b", shared.alias("anchors"))
            .join(side_a, F.col("a") == F.col("a_id"))
            .join(side_b, F.col("b") == F.col("b_id"))
            .drop("a", "b")
            .repartition(max(2, 2 * self._parallelism), "a_id")
            .sortWithinPartitions("a_id", "b_id")
        )
        model = self.config.model
        # checkpointed: the roundups' step reads the verifier's links, which must not be judged twice
        found = pairs.mapInPandas(lambda it: _verify(it, model), ddl("verified")).localCheckpoint()
        verified = self._write("verified", found.unionByName(self._stitched(pairs, found, arts)))
        # the event context of each link: the semantic partners of either end, with every text
        links = self._read("verified")
        cands = self._read("candidates").where("semantic")
        partners = cands.select(F.col("a").alias("x"), F.col("b").alias("y")).unionByName(
            cands.select(F.col("b").alias("x"), F.col("a").alias("y"))
        )
        ends = links.select("source", "target")
        around = (
            ends.join(partners, F.col("x") == F.col("source"))
            .unionByName(ends.join(partners, F.col("x") == F.col("target")))
            .where((F.col("y") != F.col("source")) & (F.col("y") != F.col("target")))
            .select("source", "target", F.col("y").alias("member"), F.lit("context").alias("role"))
            .distinct()
        )
        # less either end's certain copies (`detect.certain_copies`): one story's copies, not the event's reports
        sure = links.where(F.col("score") >= EVENT_KEEP_SCORE)
        copies = sure.select(F.col("source").alias("x"), F.col("target").alias("y")).unionByName(
            sure.select(F.col("target").alias("x"), F.col("source").alias("y"))
        )
        for end in ("source", "target"):
            around = around.join(copies, (F.col(end) == F.col("x")) & (F.col("member") == F.col("y")), "left_anti")
        members = (
            around.unionByName(
                ends.select("source", "target", F.col("source").alias("member"), F.lit("source").alias("role"))
            )
            .unionByName(
                ends.select("source", "target", F.col("target").alias("member"), F.lit("target").alias("role"))
            )
            .join(arts.select(F.col("id").alias("member"), "text"), "member")
        )
        lifts = members.groupBy("source", "target").applyInPandas(_lift, "source string, target string, lift double")
        judged = links.join(lifts, ["source", "target"], "left")
        judged = judged.withColumn("aside", _independent_udf("lift", "score", "reason"))
        columns = [c for c, _ in pl.SCHEMAS["links"]]
        total = self._write("links", judged.where(~F.col("aside")).select(*columns))
        aside = self._write("set_aside", judged.where("aside").select(*columns, F.col("lift").alias("event_lift")))
        by_relation = {r["relation"]: r["count"] for r in self._read("links").groupBy("relation").count().collect()}
        return {"links": total, "verified": verified, "set_aside": aside, "by_relation": by_relation}

    def _stitched(self, pairs: DataFrame, found: DataFrame, arts: DataFrame) -> DataFrame:
        """The links of the roundups among the candidate `pairs` (`pipeline.stitched_rows`): each
        target's sources the candidates judged before it, those the verifier linked (`found`) flagged."""
        judged = pairs.mapInPandas(_judged, "source string, target string, anchors int").localCheckpoint()
        judged = judged.unionByName(self._found_by_runs(judged, arts))
        judged = judged.join(judged.groupBy("target").count().where("count >= 2").select("target"), "target")
        ends = found.select("source", "target")
        linked = ends.unionByName(ends.select(F.col("target").alias("source"), F.col("source").alias("target")))
        judged = judged.join(linked.distinct().withColumn("linked", F.lit(True)), ["source", "target"], "left")
        # the verified links between a target's sources: versions of one story are no roundup's two wires
        pairs_of = judged.select("target", F.col("source").alias("x")).join(
            judged.select("target", F.col("source").alias("y")), "target"
        )
        among = (
            pairs_of.where(F.col("x") < F.col("y"))
            .join(linked.select(F.col("source").alias("x"), F.col("target").alias("y")), ["x", "y"])
            .groupBy("target")
            .agg(F.collect_list(F.array("x", "y")).alias("among"))
        )
        judged = judged.join(among, "target", "left")
        for end, key in (("source", "s"), ("target", "t")):
            judged = judged.join(arts.select([F.col(c).alias(f"{key}_{c}") for c in _LINK_SIDE]),
                                 F.col(end) == F.col(f"{key}_id"))  # fmt: skip
        return judged.groupBy("target").applyInPandas(_stitch, ddl("verified"))

    def _found_by_runs(self, judged: DataFrame, arts: DataFrame) -> DataFrame:
        """More sources of the roundups among the targets of the `judged` pairs: the articles nearest
        to each run of a target's sentences that one set of its sources carries, or none does
        (`pipeline.roundup_queries`, `roundup_hits`, `roundup_found`), as (source, target, anchors)
        rows whose anchors mark them lightly edited sources, as the local engine and the index
        find them. The runs' vectors are sent to every partition of the articles `RUN_CHUNK` at a
        time (a broadcast of ~1 KB a run), whose nearest hits are merged by cosine; everything
        else stays distributed, so the driver holds one chunk whatever the number of roundups."""
        sides = judged
        for end, key in (("source", "s"), ("target", "t")):
            sides = sides.join(arts.select([F.col(c).alias(f"{key}_{c}") for c in _LINK_SIDE]),
                               F.col(end) == F.col(f"{key}_id"))  # fmt: skip
        model = self.config.model
        runs = sides.groupBy("target").applyInPandas(lambda pdf: _run_queries(pdf, model),
                                                      "target string, vector array<float>")  # fmt: skip
        runs = runs.withColumn("query", F.monotonically_increasing_id()).localCheckpoint()
        empty = self.spark.createDataFrame([], "source string, target string, anchors int")
        common = common_directions(model)
        best = Window.partitionBy("query").orderBy(F.desc("cosine"), "id")
        hits: DataFrame | None = None
        for chunk in _chunked(runs.select("query", "vector").toLocalIterator(), RUN_CHUNK):
            shared = self.spark.sparkContext.broadcast(
                (np.asarray([r["query"] for r in chunk], dtype=np.int64),
                 np.asarray([r["vector"] for r in chunk], dtype=np.float32), common)
            )  # fmt: skip
            found = arts.select("id", "centroid").mapInPandas(_searcher(shared), "query long, id string, cosine double")
            found = found.withColumn("rank", F.row_number().over(best)).where(f"rank <= {ROUNDUP_NEIGHBOURS}")
            found = found.select("query", "id").localCheckpoint()  # computed now, while the broadcast lives
            shared.unpersist()
            hits = found if hits is None else hits.unionByName(found)
        if hits is None:
            return empty
        dated = arts.select("id", "published")
        pairs = (
            hits.join(runs.select("query", "target"), "query")
            .select(F.col("id").alias("source"), "target")
            .distinct()
            .join(judged.select("source", "target"), ["source", "target"], "left_anti")  # known sources
            .join(dated.select(F.col("id").alias("source"), F.col("published").alias("s_published")), "source")
            .join(dated.select(F.col("id").alias("target"), F.col("published").alias("t_published")), "target")
        )
        return pairs.mapInPandas(_published_before, "source string, target string, anchors int")

    # -- stories ---------------------------------------------------------------------------

    def _copies(self) -> DataFrame:
        """The run's exact duplicates as copy links from their kept articles, with each duplicate's
        date, quotes and site (`pipeline.copy_row`, as the local engine)."""
        kept = self._read("articles").select(
            "id", "published", "quotes", "url", "content_hash", F.explode("duplicate_ids").alias("duplicate")
        )
        own = self._duplicates().select(
            F.col("id").alias("duplicate"), "content_hash", *(F.col(c).alias(f"own_{c}") for c in _OWN)
        )
        return kept.join(own, ["duplicate", "content_hash"], "left").mapInPandas(_copy_links, _COPY_DDL)

    def _duplicates(self) -> DataFrame:
        """The `duplicates` table (every run this reading reads has one: `pipeline.OUTPUTS`)."""
        return self._read("duplicates")

    def _copy_credits(self) -> DataFrame:
        """(source, target, credited) of each copy link of `_copies`: whether the duplicate credits
        the kept article's outlet (`pipeline.copy_credited`, as the local engine)."""
        kept = self._read("articles").select(
            "id", *pl.ARTICLE_PAGE, "text", "sent_start", "sent_end", "dropped_chrome", "content_hash",
            F.explode("duplicate_ids").alias("duplicate"),
        )  # fmt: skip
        own = self._duplicates().select(
            F.col("id").alias("duplicate"), "content_hash", *(F.col(c).alias(f"own_{c}") for c in pl.ARTICLE_PAGE)
        )
        joined = kept.join(own, ["duplicate", "content_hash"], "left")
        return joined.mapInPandas(_copy_credit_rows, "source string, target string, credited boolean")

    def stories(self) -> dict[str, Any]:
        self._label("stories")
        copies = self._copies().cache()
        links = self._read("links").select(*pl.LINK_FIELDS).unionByName(copies.select(*pl.LINK_FIELDS))
        # a roundup joins no family (`cluster.joins_families`)
        links = links.where(~F.coalesce(F.col("reason"), F.lit("")).startswith(STITCHED))
        # checkpointed: the labels feed both sides of the cogroup, which must not share a lineage
        labels = connected_components(links.select(F.col("source").alias("u"), F.col("target").alias("v")))
        labels = labels.localCheckpoint()
        nodes = self._read("articles").select(F.col("id").alias("node"), "published", "quotes")
        nodes = nodes.unionByName(copies.select(F.col("target").alias("node"), "published", "quotes"))
        members = labels.join(nodes, "node").select(F.col("root").alias("story"), "node", "published", "quotes")
        family_links = links.join(labels.select(F.col("node").alias("source"), F.col("root").alias("story")), "source")
        stories = members.groupBy("story").cogroup(family_links.groupBy("story")).applyInPandas(_story, ddl("stories"))
        total = self._write("stories", stories)
        largest = self._read("stories").agg(F.max("size")).collect()[0][0]
        return {"stories": total, "largest": int(largest or 0)}

    # -- sites -----------------------------------------------------------------------------

    def sites(self) -> dict[str, Any]:
        self._label("sites")
        copies = self._copies().cache()
        site = self._read("articles").select("id", "site_key")
        site = site.unionByName(copies.select(F.col("target").alias("id"), "site_key"))
        # each link with whether its target credits its source's outlet (copies: `pipeline.copy_credited`)
        fields = [*pl.LINK_FIELDS, "credited"]
        copied = copies.select(*pl.LINK_FIELDS).join(self._copy_credits(), ["source", "target"], "left")
        links = self._read("links").select(*fields).unionByName(copied)
        # as the index reports reuse: each derived article attributed to its earliest source, family
        # by family (`cluster.attribute` reads ancestry within one connected group of links)
        labels = connected_components(links.select(F.col("source").alias("u"), F.col("target").alias("v")))
        links = links.join(labels.select(F.col("node").alias("source"), F.col("root").alias("family")), "source")
        links = links.groupBy("family").applyInPandas(
            _attributed, "source string, target string, credited boolean, against boolean"
        )
        # a link between two versions of one page is the page updated (`model.one_page`), no reuse
        page_of = {end: F.regexp_replace(end, VERSION_SUFFIX, "") for end in ("source", "target")}
        links = links.where(page_of["source"] != page_of["target"])
        derived = links.select(F.col("target").alias("id")).distinct().withColumn("derived", F.lit(1))
        sites = (
            site.join(derived, "id", "left")
            .groupBy(F.col("site_key").alias("site"))
            .agg(F.count("*").alias("articles"), F.coalesce(F.sum("derived"), F.lit(0)).cast("bigint").alias("derived"))
            .withColumn("share_derived", F.col("derived") / F.col("articles"))
        )
        # per site pair, the target site's articles derived from the source site's, each once, and
        # how many credit its outlet in any of their links from it (`sites.site_pair_counts`)
        said = F.col("credited")
        pairs = (
            links.join(site.select(F.col("id").alias("source"), F.col("site_key").alias("source_site")), "source")
            .join(site.select(F.col("id").alias("target"), F.col("site_key").alias("target_site")), "target")
            .groupBy("source_site", "target_site", "target")
            .agg(
                F.max(F.coalesce(said.cast("int"), F.lit(0))).alias("yes"),
                F.max(said.isNotNull().cast("int")).alias("known"),
                F.max(F.col("against").cast("int")).alias("odd"),
            )
            .groupBy("source_site", "target_site")
            .agg(
                F.count("*").alias("links"),
                F.coalesce(F.sum("yes"), F.lit(0)).cast("bigint").alias("credited"),  # coalesced: never null
                F.coalesce(F.sum(F.col("known") - F.col("yes")), F.lit(0)).cast("bigint").alias("uncredited"),
                F.coalesce(F.sum("odd"), F.lit(0)).cast("bigint").alias("against_content"),
            )
        )
        return {"sites": self._write("sites", sites), "site_pairs": self._write("site_pairs", pairs)}


# -- connected components ------------------------------------------------------------------


def connected_components(edges: DataFrame) -> DataFrame:
    """(node, root) for every node of an edge list (u, v): root is the smallest id of its component.

    The large-star / small-star algorithm (Kiveris et al., "Connected Components in MapReduce
    and Beyond", SoCC 2014): each round is a few shuffles, and O(log² n) rounds reduce every
    component to a star around its smallest node.
    """
    e = edges.select(F.least("u", "v").alias("u"), F.greatest("u", "v").alias("v")).where("u != v").distinct()
    e = e.localCheckpoint()
    seen = _fingerprint(e)
    for _ in range(_MAX_ROUNDS):
        e = _small_star(_large_star(e)).localCheckpoint()
        now = _fingerprint(e)
        if now == seen:  # a round that changes nothing: every component is a star around its minimum
            break
        seen = now
    else:  # pragma: no cover - the algorithm converges long before
        raise RuntimeError("connected components did not converge")
    nodes = e.select(F.col("v").alias("node"), F.col("u").alias("root")).unionByName(
        e.select(F.col("u").alias("node"), F.col("u").alias("root"))
    )
    return nodes.groupBy("node").agg(F.min("root").alias("root"))


def _fingerprint(e: DataFrame) -> tuple[int, int]:
    """(edge count, sum of edge hashes): one job tells whether a round changed the edge set."""
    row = e.agg(F.count("*"), F.sum(F.abs(F.xxhash64("u", "v")) % 1_000_000_007)).collect()[0]
    return int(row[0]), int(row[1] or 0)


def _large_star(e: DataFrame) -> DataFrame:
    """Link every larger neighbour of each node to the smallest node of its neighbourhood."""
    both = e.unionByName(e.select(F.col("v").alias("u"), F.col("u").alias("v")))
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    return both.where(F.col("v") > F.col("u")).join(smallest, "u").select(F.col("m").alias("u"), "v").distinct()


def _judging_columns() -> list[Any]:
    """`detect.judging_key` of each row (its `published` and `id`) as sort columns."""
    published, versioned = F.col("published"), f"^{VERSIONED.pattern}$"
    padded = F.concat(F.regexp_extract("id", versioned, 1), F.lit(VERSION_MARK),
                      F.lpad(F.regexp_extract("id", versioned, 2), 9, "0"))  # fmt: skip
    written = F.when(F.col("id").rlike(versioned), padded).otherwise(F.col("id"))
    id_order = F.concat(F.when(F.col("id").rlike(RENDERING_ADDRESS.pattern), F.lit("1")).otherwise(F.lit("0")), written)
    day = F.rpad(F.substring(published, 1, 10), 10, SPAN_END)  # a month or a year after its days
    precision = F.when(published.endswith("Z"), 0).when(F.length(published) > 10, 1).otherwise(2)  # `precision_rank`
    return [published.isNull(), day, precision, published, id_order]


def _id_taken() -> Any:
    """`pl.id_taken` of each row's id, as a column."""
    return F.concat(F.lit(pl.ID_TAKEN + ": "), F.col("id"))


def _small_star(e: DataFrame) -> DataFrame:
    """Link each node and its smaller neighbours to the smallest of them (edges are u < v)."""
    smallest = e.groupBy("v").agg(F.min("u").alias("m"))
    spokes = e.join(smallest, "v").select(F.col("m").alias("u"), F.col("u").alias("v")).where("u != v")
    return spokes.unionByName(smallest.select(F.col("m").alias("u"), "v")).distinct()


# -- functions run on the executors --------------------------------------------------------


def _read_file(path: str, fields: dict[str, str]) -> Iterator[tuple[Any, ...]]:
    blank = (None,) * len(_READ_COLUMNS)
    # no warning of names unread: a file's records need not give a name other files give
    for kind, row in pl.read_rows(with_field_names(fields, read_collection(Path(path)), warn=False)):
        if kind == "article":
            yield (kind, *(row[c] for c in _READ_COLUMNS), row["where"], None, None)
        elif kind == "skipped":
            yield (kind, *blank, row["where"], row["kind"], row["records"])
        else:
            yield (kind, *blank, row["where"], row["reason"], None)


def _featurize(batches: Iterator[pd.DataFrame], config: pl.BatchConfig) -> Iterator[pd.DataFrame]:
    embedder = load(config.model)
    columns = [c for c, _ in pl.SCHEMAS["articles"]]
    for pdf in batches:
        rows = pl.featurize(pdf.to_dict("records"), embedder, config)
        yield pd.DataFrame(rows, columns=columns)


def _window_pairs(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for pdf in batches:
        pairs = [p for ids in pdf["ids"] for p in pl.all_pairs(list(ids))]
        yield pd.DataFrame(pairs, columns=["a", "b"])


def _keyed_window_pairs(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for pdf in batches:
        pairs = [(key, *p) for key, ids in zip(pdf["key"], pdf["ids"]) for p in pl.all_pairs(list(ids))]
        yield pd.DataFrame(pairs, columns=["key", "a", "b"])


def _likeliest(pdf: pd.DataFrame) -> pd.DataFrame:
    """One article's copy candidates kept (`detect.likeliest_sources`, ordered by `judging_key`)."""
    x = pdf["x"].iloc[0]
    published = [None if pd.isna(p) else p for p in pdf["y_published"]]
    order = {y: judging_key(p, y) for y, p in zip(pdf["y"], published)}
    kept = likeliest_sources(dict(zip(pdf["y"], pdf["n"].astype(int))), order)
    return pd.DataFrame([(x, y) for y in sorted(kept)], columns=["x", "y"])


def _score_window(pdf: pd.DataFrame, min_cosine: float, model: str) -> pd.DataFrame:
    import numpy as np

    ids = list(pdf["id"])
    pairs = pl.similar_pairs(ids, np.stack(pdf["centroid"].to_list()), min_cosine, common_directions(model))
    return pd.DataFrame(pairs, columns=["a", "b", "cosine"])


def _nearest(pdf: pd.DataFrame, cfg: pl.BatchConfig) -> pd.DataFrame:
    x = pdf["x"].iloc[0]
    kept = pl.nearest_partners(zip(pdf["y"], pdf["cosine"].astype(float)), cfg)
    return pd.DataFrame([(x, y, c) for y, c in kept], columns=["x", "y", "cosine"])


def _verify(batches: Iterator[pd.DataFrame], model: str) -> Iterator[pd.DataFrame]:
    cache = pl.ProfileCache(load(model))
    for pdf in batches:
        out = []
        for rec in pdf.to_dict("records"):
            link = pl.verify_pair(cache, *_sides(rec))
            if link is not None:
                out.append(link)
        yield pd.DataFrame(out, columns=list(pl.LINK_COLUMNS))


def _sides(rec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A candidate pair's two article rows, from its joined record's `a_` and `b_` columns."""
    return {c: rec[f"a_{c}"] for c in _LINK_SIDE}, {c: rec[f"b_{c}"] for c in _LINK_SIDE}


def _judged(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Each candidate pair the verifier judges (`pipeline.judged_pair`), as (source, target) ids,
    and the sentence anchors the two share (`anchors`)."""
    screens = pl.Screens()
    for pdf in batches:
        out = []
        for rec in pdf.to_dict("records"):
            if (judged := pl.judged_pair(screens, *_sides(rec))) is not None:
                out.append((judged[0]["id"], judged[1]["id"], int(rec["anchors"])))
        yield pd.DataFrame(out, columns=["source", "target", "anchors"])


def _run_queries(pdf: pd.DataFrame, model: str) -> pd.DataFrame:
    """One target's judged sources -> the vectors of the runs of its sentences to look up, one row
    each (`pipeline.roundup_queries`; none when it reads as no roundup)."""
    records = pdf.to_dict("records")
    target = {c: records[0][f"t_{c}"] for c in _LINK_SIDE}
    sources = [{c: r[f"s_{c}"] for c in _LINK_SIDE} for r in sorted(records, key=lambda r: r["source"])]
    lightly = [r["source"] for r in records if r["anchors"] > 0]
    queries = pl.roundup_queries(_profiles(model), target, sources, lightly)
    rows = [] if queries is None else [(target["id"], q.tolist()) for q in queries]
    return pd.DataFrame(rows, columns=["target", "vector"])


_PROFILES: dict[str, pl.ProfileCache] = {}


def _profiles(model: str) -> pl.ProfileCache:
    """One profile cache a Python worker, for the runs' vectors of every target it is given."""
    if model not in _PROFILES:
        _PROFILES[model] = pl.ProfileCache(load(model))
    return _PROFILES[model]


def _run_hits(
    batches: Iterator[pd.DataFrame], shared: tuple[np.ndarray, np.ndarray, np.ndarray | None]
) -> Iterator[pd.DataFrame]:
    """The articles of each batch nearest to each run's vector (`pipeline.roundup_hits`), with
    their cosine, to be merged across batches; `shared`: the runs' numbers and vectors, and the
    model's common directions."""
    numbers, queries, common = shared
    for pdf in batches:
        if pdf.empty:
            continue
        ids = pdf["id"].tolist()
        space = np.stack([np.asarray(v, dtype=np.float32) for v in pdf["centroid"]])
        out = [(int(numbers[q]), ids[r], float(queries[q] @ space[r]))
               for q, rows in enumerate(pl.roundup_hits(queries, space, common)) for r in rows]  # fmt: skip
        yield pd.DataFrame(out, columns=["query", "id", "cosine"])


def _searcher(shared: Any) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """`_run_hits` over one broadcast chunk of runs (`shared`), read where the batches are."""
    return lambda batches: _run_hits(batches, shared.value)


def _published_before(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The (source, target) pairs found for a roundup's runs whose source was published before it
    (`pipeline.roundup_found`), marked as sharing sentences (their light edits count)."""
    for pdf in batches:
        out = [(rec["source"], rec["target"], 1) for rec in pdf.to_dict("records")
               if pl.roundup_found({"id": rec["target"], "published": rec["t_published"]},
                                   [{"id": rec["source"], "published": rec["s_published"]}], ())]  # fmt: skip
        yield pd.DataFrame(out, columns=["source", "target", "anchors"])


#: Runs' vectors broadcast at a time by the Spark engine's roundup search (~1 KB each).
RUN_CHUNK = 50_000


def _chunked(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    """`rows` in lists of `size`."""
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stitch(pdf: pd.DataFrame) -> pd.DataFrame:
    """One target's judged sources -> its links as a roundup (`pipeline.stitched_rows`)."""
    records = pdf.to_dict("records")
    target = {c: records[0][f"t_{c}"] for c in _LINK_SIDE}
    sources = [{c: r[f"s_{c}"] for c in _LINK_SIDE} for r in sorted(records, key=lambda r: r["source"])]
    linked = [r["source"] for r in records if r["linked"] is True]
    among = records[0]["among"]  # None, or NaN through pandas, when no two of its sources are linked
    pairs = [(str(p[0]), str(p[1])) for p in among] if hasattr(among, "__len__") else []
    lightly = [r["source"] for r in records if r["anchors"] > 0]  # sharing a sentence: its light edits count
    return pd.DataFrame(pl.stitched_rows(target, sources, linked, pairs, lightly), columns=list(pl.LINK_COLUMNS))


#: The metadata of a set-aside duplicate that `pipeline.copy_row` reads, from the `duplicates` table.
_OWN = ("published", "site", "url")
_COPY_DDL = ddl("copies")


def _copy_links(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    columns = [c for c, _ in pl.SCHEMAS["copies"]]
    for pdf in batches:
        rows = [
            pl.copy_row(
                {"id": r["id"], "published": _value(r["published"]), "quotes": int(r["quotes"])},
                {c: _value(r[f"own_{c}"]) for c in _OWN},
                r["duplicate"],
            )
            for r in pdf.to_dict("records")
            if not pl.page_again(_value(r["url"]), _value(r["own_url"]))  # the kept page again, no copy
        ]
        yield pd.DataFrame(rows, columns=columns)


def _attributed(family: pd.DataFrame) -> pd.DataFrame:
    """One family's links left by `cluster.attribute`, with their `credited`, and whether each is
    dated against its content (`cluster.dated_against_content`)."""
    rows = family.to_dict("records")
    links = [pl.row_link({f: _value(r[f]) for f in pl.LINK_FIELDS}) for r in rows]
    credited = {(r["source"], r["target"]): _value(r["credited"]) for r in rows}
    # a link turned round to break a loop (`cluster.acyclic`) runs the other way: its credit is not known
    out = [
        (lk.source, lk.target, credited.get((lk.source, lk.target)), dated_against_content(lk.reason))
        for lk in attribute(links)
    ]
    return pd.DataFrame(out, columns=["source", "target", "credited", "against"], dtype=object)


def _copy_credit_rows(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for pdf in batches:
        rows = []
        for r in pdf.to_dict("records"):
            kept = {k: _value(v) for k, v in r.items() if not k.startswith("own_")}
            own = {c: _value(r[f"own_{c}"]) for c in pl.ARTICLE_PAGE}
            rows.append((r["id"], r["duplicate"], pl.copy_credited(kept, own, r["duplicate"])))
        yield pd.DataFrame(rows, columns=["source", "target", "credited"], dtype=object)


def _value(x: Any) -> Any:
    """A pandas cell as the Python value it stands for (a missing scalar is None)."""
    return None if x is None or (isinstance(x, float) and pd.isna(x)) else x


def _story(members: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    people = [
        Member(r["node"], None if pd.isna(r["published"]) else r["published"], int(r["quotes"]))
        for r in members.to_dict("records")
    ]
    row = pl.story_row(people, links.to_dict("records"))
    return pd.DataFrame([row], columns=[c for c, _ in pl.SCHEMAS["stories"]])


def _lift(pdf: pd.DataFrame) -> pd.DataFrame:
    """One link's members (its two ends and the articles around them) -> its event lift."""
    text = dict(zip(pdf["role"] + ":" + pdf["member"], pdf["text"]))
    source, target = pdf["source"].iloc[0], pdf["target"].iloc[0]
    context = [t for key, t in sorted(text.items()) if key.startswith("context:")]
    lift = pl.text_lift(text[f"source:{source}"], text[f"target:{target}"], context)
    return pd.DataFrame({"source": [source], "target": [target], "lift": [lift]})


@F.pandas_udf(BooleanType())  # type: ignore[call-overload]
def _independent_udf(lift: pd.Series, score: pd.Series, reason: pd.Series) -> pd.Series:
    """`detect.independent_reports` on each (lift, score); a missing lift is no context, and a
    roundup's link (`detect.is_stitched`) is no event's words."""
    return pd.Series([not is_stitched(r) and independent_reports(None if pd.isna(x) else float(x), float(s))
                      for x, s, r in zip(lift, score, reason)])  # fmt: skip


@F.pandas_udf(ArrayType(IntegerType()))  # type: ignore[call-overload]
def _windows_udf(rank: pd.Series, size: pd.Series, half: pd.Series) -> pd.Series:
    return pd.Series([pl.windows(int(r), int(s), int(h)) for r, s, h in zip(rank, size, half)])


@F.pandas_udf(LongType())  # type: ignore[call-overload]
def _mix_udf(key: pd.Series, article_id: pd.Series) -> pd.Series:
    return pd.Series([pl.mix(int(k), i) for k, i in zip(key, article_id)], dtype="int64")
