"""Batch runs: `run_batch` picks an engine; `LocalBatch` runs the stages in this process.

The local engine is the Spark job's twin for collections that fit one machine: the same
kernels from `wiretrace.pipeline` on the same records, with dictionaries in place of
shuffles, and the same Parquet outputs (one file per folder), so `--engine local` and
`--engine spark` give the same candidates, links and families, and either can resume the
other's run.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wiretrace import parallel
from wiretrace import pipeline as pl
from wiretrace.cluster import DerivedLink, Member, attribute, dated_against_content, families, is_stitched
from wiretrace.detect import anchored_pairs, independent_reports, likeliest_pairs
from wiretrace.embed import common_directions, load
from wiretrace.ingest import fields_named
from wiretrace.model import one_page
from wiretrace.readers import expand, read_all
from wiretrace.store import Store

log = logging.getLogger(__name__)

ENGINES = ("local", "spark")
_FEATURE_BATCH = 256


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    engine: str = "local",
    master: str | None = None,
    stop_after: str | None = None,
    config: pl.BatchConfig | None = None,
    spark_conf: dict[str, str] | None = None,
    workers: int | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run (or resume) the batch pipeline over `inputs` into `out`; returns the run's stats.

    `workers`: processes verifying candidates in the local engine (default 1); Spark sizes its own.
    `on_stage` is told each stage's name as it starts.

    Example:
        >>> stats = run_batch(["news/"], "out/", engine="local")  # doctest: +SKIP
        >>> stats["stages"]["links"]["links"]  # doctest: +SKIP
    """
    layout = pl.Layout(out)
    config = config or pl.BatchConfig()
    if not layout.done("articles"):  # a resumed run may go on after its inputs were removed
        with fields_named(config.fields):  # a folder's tables are articles by the columns named
            files, missing = expand(inputs, note_skipped=False, exclude=layout.root)
        if not files:  # a mistyped path or glob: no run is made, so the corrected command can use --out
            first = f"{missing[0].where}: {missing[0].reason}" if missing else "no file of a kind wiretrace reads"
            raise pl.ConfigError(f"no input to read ({first})")
    if engine not in ENGINES:
        raise pl.ConfigError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine == "spark":  # without the extra this fails here, before anything is written under `out`
        from wiretrace.engines.spark import SparkBatch
    with layout.claimed(), parallel.bulk_work():  # one run writes a directory at a time
        with fields_named(config.fields):
            layout.prepare(config, inputs)
        runner: pl.Engine
        if engine == "spark":
            runner = SparkBatch(layout, config, master=master, conf=spark_conf)
        else:
            runner = LocalBatch(layout, config, workers)
        try:
            return pl.run_stages(runner, layout, inputs, stop_after, on_stage)
        except Exception:
            if getattr(runner, "interrupted", False):  # the Spark JVM's errors after a Ctrl-C
                raise KeyboardInterrupt from None
            raise
        finally:
            runner.close()


def read_table(path: Path) -> list[dict[str, Any]]:
    """All rows of one output folder (any engine's part files) as dictionaries."""
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def write_table(path: Path, name: str, rows: list[dict[str, Any]]) -> None:
    """Write one output folder: a single Parquet file, then the `_SUCCESS` marker."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.mkdir(parents=True, exist_ok=True)
    for old in path.iterdir():
        old.unlink()
    schema = arrow_schema(name)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path / "part-00000.parquet")
    (path / pl.DONE).touch()


def arrow_schema(name: str):
    import pyarrow as pa

    base = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "float32": pa.float32(),
            "float64": pa.float64(), "bool": pa.bool_()}  # fmt: skip

    def arrow(kind: str):
        return pa.list_(base[kind[5:-1]]) if kind.startswith("list<") else base[kind]

    required = pl.REQUIRED.get(name, frozenset())
    return pa.schema([pa.field(col, arrow(kind), nullable=col not in required) for col, kind in pl.SCHEMAS[name]])


def _stitched(
    rows: dict[str, dict[str, Any]],
    candidates: Sequence[dict[str, Any]],
    verified: Sequence[dict[str, Any]],
    cache: pl.ProfileCache,
    common: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """The links of the roundups among the candidates (`pipeline.stitched_rows`): each target's
    sources the candidates judged before it, and the articles nearest to the runs of its sentences
    (`pipeline.roundup_queries`), as the index makes them in `add`."""
    before: dict[str, list[dict[str, Any]]] = defaultdict(list)
    lightly: dict[str, set[str]] = defaultdict(set)  # the sources sharing a sentence anchor with it
    for cand in candidates:
        first, second = sorted((rows[cand["a"]], rows[cand["b"]]), key=pl.date_order)
        before[second["id"]].append(first)
        if cand.get("anchors"):
            lightly[second["id"]].add(first["id"])
    linked: dict[str, set[str]] = defaultdict(set)
    for lk in verified:
        linked[lk["target"]].add(lk["source"])
        linked[lk["source"]].add(lk["target"])
    judged = {target: [j[0] for row in earlier if (j := pl.judged_pair(cache, row, rows[target]))]
              for target, earlier in sorted(before.items())}  # fmt: skip
    queries = {t: q for t, sources in judged.items()
               if sources and (q := pl.roundup_queries(cache, rows[t], sources, lightly[t])) is not None}  # fmt: skip
    if queries:  # every run looked up at once, among all the run's articles
        ids = list(rows)
        centroids = np.stack([np.asarray(rows[i]["centroid"], dtype=np.float32) for i in ids])
        owner = [t for t, q in queries.items() for _ in range(len(q))]
        hits: dict[str, set[str]] = defaultdict(set)
        for t, found in zip(owner, pl.roundup_hits(np.concatenate(list(queries.values())), centroids, common)):
            hits[t].update(ids[r] for r in found)
        for t in queries:
            more = pl.roundup_found(rows[t], [rows[i] for i in sorted(hits[t])], {s["id"] for s in judged[t]})
            judged[t] += more
            lightly[t] |= {m["id"] for m in more}  # found for its sentences: their edits count
    out = []
    for target, sources in judged.items():
        if len(sources) >= 2:
            named = {s["id"] for s in sources}
            among = [(a, b) for a in sorted(named) for b in sorted(linked[a] & named)]
            out += pl.stitched_rows(rows[target], sources, linked[target], among, lightly[target])
    return out


class LocalBatch:
    """The stages in one process: plain Python grouping, Parquet in and out."""

    def __init__(self, layout: pl.Layout, config: pl.BatchConfig, workers: int | None = None) -> None:
        self.layout = layout
        self.config = config
        self.workers = workers or 1

    def close(self) -> None:
        pass

    def _write(self, name: str, rows: list[dict[str, Any]]) -> None:
        write_table(self.layout.path(name), name, rows)

    def _read(self, name: str) -> list[dict[str, Any]]:
        return read_table(self.layout.path(name))

    def articles(self, inputs: Sequence[str]) -> tuple[dict[str, Any], list[dict[str, str]]]:
        rows: list[dict[str, Any]] = []
        rejected: list[dict[str, str]] = []
        skipped: list[dict[str, Any]] = []
        for kind, row in pl.read_rows(read_all(inputs, exclude=self.layout.root, fields=self.config.fields)):
            {"article": rows, "rejected": rejected, "skipped": skipped}[kind].append(row)
        read = len(rows)
        taken, versions = pl.number_versions(rows, self.config.keep_versions)  # ids given with other text
        rejected.extend(taken)
        rows.sort(key=pl.canonical_order)
        kept: dict[str, dict[str, Any]] = {}
        duplicates: dict[tuple[str, str], dict[str, Any]] = {}  # (id, hash) -> its metadata, first read
        for row in rows:  # exact duplicates: the first in canonical order keeps the others' ids
            first = kept.setdefault(row["content_hash"], {**row, "duplicate_ids": set()})
            if first["id"] != row["id"]:
                first["duplicate_ids"].add(row["id"])
                own = {**{c: row.get(c) for c in pl.DUPLICATE_COLUMNS}, "duplicate_of": first["id"]}
                duplicates.setdefault((row["id"], row["content_hash"]), own)
        unique: dict[str, dict[str, Any]] = {}
        conflicts = len(taken)
        for row in sorted(kept.values(), key=pl.canonical_order):
            if row["id"] in unique:
                rejected.append({"where": row["id"], "reason": pl.id_taken(row["id"])})
                conflicts += 1
                continue
            unique[row["id"]] = {**row, "duplicate_ids": sorted(row["duplicate_ids"])}
        ordered = [unique[k] for k in sorted(unique)]
        embedder = load(self.config.model)
        out: list[dict[str, Any]] = []
        for start in range(0, len(ordered), _FEATURE_BATCH):
            out.extend(pl.featurize(ordered[start : start + _FEATURE_BATCH], embedder, self.config))
        self._write("articles", out)
        self._write("rejected", rejected)
        self._write("duplicates", [duplicates[k] for k in sorted(duplicates)])
        texts = len({(row["id"], row["content_hash"]) for row in rows})
        counts = {
            "read": read,
            "duplicates": texts - len(kept),  # identical text under another id: the duplicates/ table
            "repeats": len(rows) - texts,  # the same id with the same text read again: nothing new
            "id_conflicts": conflicts,
            "versions": versions,
            "articles": len(out),
            "rejected": len(rejected),
            "rejected_by_reason": dict(Counter(pl.reason_kind(r["reason"]) for r in rejected)),
            **pl.skipped_counts(skipped),
        }
        return counts, rejected

    def candidates(self) -> dict[str, Any]:
        cfg = self.config
        rows = self._read("articles")
        by_key: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for row in rows:
            for key in set(row["band_keys"]):
                by_key[key].append((0, row["id"]))
        keys_shared: Counter[tuple[str, str]] = Counter()  # LSH pairs: how many band keys each shares
        capped = 0
        for key, members in by_key.items():
            if len(members) < 2:
                continue
            if len(members) > cfg.band_cap:
                capped += 1
                members = [(pl.mix(key, m), m) for _, m in members]
            keys_shared.update({p for ids in pl.window_members(members, cfg.band_cap // 2).values()
                                for p in pl.all_pairs(ids)})  # fmt: skip
        vectors = {row["id"]: np.asarray(row["centroid"], dtype=np.float32) for row in rows}
        buckets: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
        for row in rows:
            for table, h in enumerate(row["simhash"]):
                buckets[(table, pl.bucket(h, cfg.bucket_bits))].append((h, row["id"]))
        scored: dict[tuple[str, str], float] = {}
        common, floor = common_directions(cfg.model), pl.scoring_floor(cfg)
        for members in buckets.values():
            capped += len(members) > cfg.window
            for ids in pl.window_members(members, cfg.window // 2).values():
                for a, c, cos in pl.similar_pairs(ids, np.stack([vectors[i] for i in ids]), floor, common):
                    scored[(a, c)] = max(cos, scored.get((a, c), -2.0))
        partners: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (a, c), cos in scored.items():
            partners[a].append((c, cos))
            partners[c].append((a, cos))
        semantic: dict[tuple[str, str], float] = {}
        for article, found in partners.items():
            for other, cos in pl.nearest_partners(found, cfg):
                semantic[(min(article, other), max(article, other))] = cos
        shared = pl.shared_row_anchors(rows)
        # of an article's many copy candidates (a story on many sites), its likeliest sources, as `index add` keeps
        copying = keys_shared + Counter({p: shared[p] for p in anchored_pairs(shared)})
        kept = likeliest_pairs(copying, {row["id"]: pl.date_order(row) for row in rows})
        lsh = {p for p in keys_shared if p in kept}
        anchored = {p for p in anchored_pairs(shared) if p in kept}
        pairs = sorted(lsh | set(semantic) | anchored)
        self._write(
            "candidates",
            [{"a": a, "b": b, "lsh": (a, b) in lsh, "semantic": (a, b) in semantic, "cosine": semantic.get((a, b)),
              "anchors": shared.get((a, b), 0)} for a, b in pairs],
        )  # fmt: skip
        return {"candidates": len(pairs), "lsh": len(lsh), "semantic": len(semantic), "anchored": len(anchored),
                "capped_groups": capped, "copies_left_out": len(copying) - len(kept)}  # fmt: skip

    def links(self) -> dict[str, Any]:
        rows = {row["id"]: row for row in self._read("articles")}
        cache = pl.ProfileCache(load(self.config.model))
        candidates = self._read("candidates")

        def check(cand: dict[str, Any]) -> dict[str, Any] | None:
            return pl.verify_pair(cache, rows[cand["a"]], rows[cand["b"]])

        # contiguous runs: candidates are sorted by their first article, which each process's cache reuses
        found = parallel.shared_map(check, candidates, self.workers, min_items=parallel.MIN_ITEMS, contiguous=True)
        verified = [link for link in found if link is not None]
        verified += _stitched(rows, candidates, verified, cache, common_directions(self.config.model))
        verified.sort(key=lambda lk: (lk["source"], lk["target"]))
        partners = pl.semantic_partners(candidates)
        copies = pl.row_copies(verified)
        out, aside = [], []
        for lk in verified:
            if is_stitched(lk["reason"] or ""):  # copied word for word: no event's words
                out.append(lk)
                continue
            context = [rows[x]["text"] for x in pl.link_context(lk, partners, copies)]
            lift = pl.text_lift(rows[lk["source"]]["text"], rows[lk["target"]]["text"], context)
            if independent_reports(lift, lk["score"]):
                aside.append({**lk, "event_lift": lift})
            else:
                out.append(lk)
        self._write("verified", verified)
        self._write("set_aside", aside)
        self._write("links", out)
        return {
            "links": len(out),
            "verified": len(verified),
            "set_aside": len(aside),
            "by_relation": dict(Counter(lk["relation"] for lk in out)),
        }

    def _copies(self, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The run's exact duplicates as copy links from their kept articles (`pipeline.copy_row`)."""
        return pl.copy_rows(articles, self._duplicates())

    def _duplicates(self) -> list[dict[str, Any]]:
        """The `duplicates` table's rows (every run this reading reads has one: `pipeline.OUTPUTS`)."""
        return read_table(self.layout.path("duplicates"))

    def stories(self) -> dict[str, Any]:
        articles = self._read("articles")
        copies = self._copies(articles)
        links = self._read("links") + [{f: c[f] for f in pl.LINK_FIELDS} for c in copies]
        links = [lk for lk in links if not is_stitched(lk["reason"] or "")]  # a roundup joins no family
        members = {r["id"]: Member(r["id"], r["published"], r["quotes"]) for r in articles}
        members.update({c["target"]: Member(c["target"], c["published"], c["quotes"]) for c in copies})
        groups = families(pl.row_link(lk) for lk in links)
        story_of = {m: group[0] for group in groups for m in group}
        by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for lk in links:
            by_story[story_of[lk["source"]]].append(lk)
        out = [pl.story_row([members[m] for m in group], by_story[group[0]]) for group in groups]
        out.sort(key=lambda s: s["story"])
        self._write("stories", out)
        return {"stories": len(out), "largest": max((s["size"] for s in out), default=0)}

    def sites(self) -> dict[str, Any]:
        articles, duplicates, verified = self._read("articles"), self._duplicates(), self._read("links")
        copies = pl.copy_rows(articles, duplicates)
        site = {r["id"]: r["site_key"] for r in articles} | {c["target"]: c["site_key"] for c in copies}
        # as the index reports reuse: each derived article attributed to its earliest source
        attributed = attribute(pl.row_link(lk) for lk in verified + copies)
        links = [(lk.source, lk.target) for lk in attributed if not one_page(lk.source, lk.target)]
        against = [(lk.source, lk.target) for lk in attributed if dated_against_content(lk.reason)]
        derived = {t for _, t in links}
        totals: Counter[str] = Counter(site.values())
        derived_per_site: Counter[str] = Counter(site[t] for t in derived)
        sites = [
            {"site": s, "articles": n, "derived": derived_per_site[s], "share_derived": derived_per_site[s] / n}
            for s, n in sorted(totals.items())
        ]
        credits = {(lk["source"], lk["target"]): lk["credited"] for lk in verified}
        credits.update(pl.copy_credits(articles, duplicates))
        pairs = pl.site_pair_rows(site, links, credits, against)
        self._write("sites", sites)
        self._write("site_pairs", pairs)
        return {"sites": len(sites), "site_pairs": len(pairs)}


@dataclass(slots=True)
class ImportReport:
    """What `import_batch` did: articles added, identical copies recorded as aliases, links added
    (the run's own, and those found between its articles and the `held` articles the index had
    before), and what the index already held."""

    articles: int = 0
    aliases: int = 0
    links: int = 0  # new to the index: the run's, and `links_to_held`
    skipped: int = 0  # articles and identical copies the index already held
    links_known: int = 0  # the run's links the index already held
    conflicts: list[str] = field(default_factory=list)  # ids the index holds with other text: left out
    held: int = 0  # articles the index held before
    links_to_held: int = 0  # links found between the run's articles and the held ones (none when not linked)
    judged_again: int = 0  # held links judged again: the run brought an earlier-dated copy of their text
    same_pages: int = 0  # the run's exact duplicates that are a kept article's page again (`pipeline.page_again`)
    linked: bool = False  # whether the run's articles were compared with the held ones


@dataclass(slots=True)
class _Chunk:
    """One chunk of a run's articles, sorted against the index: what to store, and as what."""

    fresh: list[dict[str, Any]]  # rows whose text the index does not hold
    aliases: list[tuple[Any, str]]  # (article, stored id holding its text): identical copies
    present: set[str]  # ids the links may name: the chunk's imported ids and those the index held


def import_batch(
    out: str | Path,
    index: str | Path,
    chunk: int = 2048,
    link: bool = True,
    on_linked: Callable[[int], None] | None = None,
) -> ImportReport:
    """Load a finished batch run (its articles and links) into an embedded index directory.

    Articles go in with their band keys and centroids, so a later `index add` matches new
    articles against them. As in `index add`, an id the index already holds is skipped, and a
    text it already holds under another id (or a duplicate the run set aside) is recorded as an
    identical copy of the stored one. An id the index holds with other text is left out with
    its links (`conflicts`): they were judged on the run's text, not on the stored one. Links
    that would point outside the index are left out.

    With `link` (and an index that held articles), the run's new articles are first compared
    with the held ones as `index add` compares a batch with what the index holds (candidates,
    verification, event check), and the links found are stored with the run's; `on_linked` is
    told how many articles each step compared. Nothing is written before that is done, and then
    everything in one transaction, so a stopped or killed import leaves the index as it was.

    Example:
        >>> import_batch("out/", "wiretrace-index")  # doctest: +SKIP
        ImportReport(articles=21000, aliases=417, links=3400, skipped=0, ...)
    """
    from wiretrace.engines.local import AddReport, Index

    layout = pl.Layout(out)
    if not layout.root.is_dir():
        raise pl.ConfigError(f"{layout.root}: no such directory (a batch run's --out directory)")
    layout.made_here()
    for stage in ("articles", "links"):
        if not layout.done(stage):
            raise pl.ConfigError(f"{layout.root}: the {stage} stage is not complete (run wiretrace batch first)")
    settings = layout.read_json("config.json")
    if settings is None:  # its settings unknown, it could hold links the index would not make
        raise pl.ConfigError(f"{layout.root / 'config.json'}: missing, so the run's settings are unknown; "
                             "run the batch again into a new --out directory")  # fmt: skip
    config = pl.BatchConfig.from_dict(settings)
    default = pl.BatchConfig()
    rules = ("model", "lsh", "neighbours", "min_cosine", "nearest", "nearest_min")  # what the index detects by
    if other := [key for key in rules if getattr(config, key) != getattr(default, key)]:
        raise pl.ConfigError(
            f"{layout.root}: made with detection settings the index does not use ({', '.join(other)}); "
            "rerun the batch with their defaults to import it"
        )
    report = ImportReport()
    duplicates = {(r["id"], r["content_hash"]): r for r in read_table(layout.path("duplicates"))}
    rows = read_table(layout.path("articles"))
    with Index(index, model=config.model) as ix:
        store = ix.store
        report.held = store.id_count()
        chunks = [_sort_chunk(store, rows[i : i + chunk], duplicates, report) for i in range(0, len(rows), chunk)]
        cross: list[DerivedLink] = []
        dropped: list[tuple[str, str]] = []
        again: list[DerivedLink] = []
        report.linked = link and report.held > 0
        copies = [copy for part in chunks for copy in part.aliases]  # of held texts, and of the run's own
        if report.linked:
            counts = AddReport()
            for part in chunks:
                for start in range(0, len(part.fresh), ix.batch_size):
                    fresh = part.fresh[start : start + ix.batch_size]
                    cross += ix.links_to_stored([pl.article_from_row(r) for r in fresh], counts, copies)
                    if on_linked:
                        on_linked(len(fresh))
            # a held text the run brings an earlier-dated copy of: its links judged again, as index add does
            dropped, again = ix.judge_again(copies)
            report.judged_again = len(dropped)
        present: set[str] = set()
        run_links = read_table(layout.path("links"))
        with store.atomic():  # the articles with their links, or nothing: a rerun would not link held articles
            for part in chunks:
                present |= part.present
                if not part.fresh and not part.aliases:
                    continue
                width = -1 if part.fresh else 0  # (0, 0) when the chunk holds copies only: no columns to infer
                keys = pl.stored_keys(part.fresh)
                vecs = np.asarray([r["centroid"] for r in part.fresh], dtype=np.float32).reshape(len(part.fresh), width)
                articles = [pl.article_from_row(r) for r in part.fresh]
                store.write_batch(store.next_batch_id(), articles, keys, vecs, [], 0, 0, part.aliases)
                report.articles += len(part.fresh)
            own, known, renamed = _held_by_canonicals(
                store, [pl.row_link(lk) for lk in run_links if lk["source"] in present and lk["target"] in present]
            )
            if renamed:  # judged on a run copy's date, now ends of a held text with a date of its own
                own = [lk for lk in own if (lk.source, lk.target) not in renamed]
                own += ix.verify_stored(sorted(renamed), copies)
            before = store.link_count()
            empty = np.zeros((0, 0), dtype=np.uint64)
            store.write_batch(store.next_batch_id(), [], empty, empty, [*own, *cross, *again], 0, 0, dropped=dropped)
            report.links = store.link_count() - before - len(again) + len(dropped)  # judged again: not new
        report.links_to_held = len(cross)
        report.links_known = known
    return report


def _held_by_canonicals(
    store: Store, links: list[DerivedLink]
) -> tuple[list[DerivedLink], int, set[tuple[str, str]]]:
    """A run's links with each end named by the id that holds its text in the index: a run's id
    the index holds as an identical copy of another text's id stands for that text; how many
    links the index holds already; and the pairs so renamed, which the run judged by its copy's
    date. Links the index holds, and links between two copies of one text, are left out. (An
    import over an index built from the same files stored a link to the copy beside the same
    link to its text, and the export listed it twice.)"""
    canonical = store.canonicals(sorted({i for lk in links for i in (lk.source, lk.target)}))
    held = {(lk.source, lk.target) for lk in store.links_touching(sorted(set(canonical.values())))}
    out: list[DerivedLink] = []
    seen: set[tuple[str, str]] = set()
    renamed: set[tuple[str, str]] = set()
    known = 0
    for lk in links:
        pair = (canonical.get(lk.source, lk.source), canonical.get(lk.target, lk.target))
        if pair in held and pair not in seen:
            known += 1
        if pair[0] == pair[1] or pair in held or pair in seen:
            seen.add(pair)
            continue
        seen.add(pair)
        out.append(dataclasses.replace(lk, source=pair[0], target=pair[1]))
        if pair != (lk.source, lk.target):
            renamed.add(pair)
    return out, known, renamed


def _sort_chunk(store: Store, part: list[dict[str, Any]], duplicates: dict, report: ImportReport) -> _Chunk:
    """Sort one chunk of a run's article rows against the index (see `import_batch`), counting
    skipped ids and conflicts into `report`."""
    stored = store.canonicals([r["id"] for r in part] + [d for r in part for d in r["duplicate_ids"]])
    holder = store.ids_for_hashes([r["content_hash"] for r in part])  # content hash -> stored id
    conflicts = {  # ids the index holds with other text
        aid
        for row in part
        for aid in (row["id"], *row["duplicate_ids"])
        if aid in stored and stored[aid] != holder.get(row["content_hash"])
    }
    report.conflicts.extend(sorted(conflicts))
    known_ids = set(stored) - conflicts
    out = _Chunk([], [], set(known_ids))
    for row in part:
        if row["id"] in conflicts:
            continue
        article = pl.article_from_row(row)
        held = stored[row["id"]] if row["id"] in known_ids else holder.get(row["content_hash"])
        if row["id"] in known_ids:  # held already; the copies the run set aside beside it may not be
            report.skipped += 1
        elif held is not None:  # the index already holds this text under another id: record the copy, as index add does
            out.aliases.append((article, held))
            report.aliases += 1
        else:
            out.fresh.append(row)
        canonical = held if held is not None else row["id"]
        out.present.add(row["id"])
        # the run's exact duplicates: copies of the kept text, with their own metadata
        for dup in row["duplicate_ids"]:
            report.skipped += dup in known_ids
            if dup not in known_ids and dup not in conflicts:
                own = duplicates.get((dup, row["content_hash"]))
                if pl.page_again(row.get("url"), (own or {}).get("url")):
                    report.same_pages += 1  # its page under another address: no copy, as `index add` skips it
                    continue
                out.aliases.append((pl.duplicate_article(article, own, dup), canonical))
                report.aliases += 1
    return out
