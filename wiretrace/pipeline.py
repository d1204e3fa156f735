"""The batch pipeline: stages, their settings, their outputs and the per-record kernels.

`wiretrace batch` runs five stages, each writing one or two Parquet folders under the output
directory: articles (read, extract, drop exact duplicates, fingerprint and embed) →
candidates (LSH band groups + SimHash blocks of centroids) → links (the compare core's
verdict on each candidate) → stories (connected components of links, origin per family) →
sites (links per site pair, derived share per site). The local and the Spark engine run the
same stages by calling the functions below on the same records, so both write the same
candidates, links and families; only the grouping and shuffling differ.

A stage whose folders all hold `_SUCCESS` (written last) is complete and skipped on a rerun,
so a failed or stopped run resumes where it stopped, with either engine.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import logging
import os
import re
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from wiretrace.cluster import IDENTICAL_TEXT, DerivedLink, Member, holder_reason, infer_origin
from wiretrace.compare import Profile, plain_sentences, profile
from wiretrace.credit import COLUMNS as CREDIT_COLUMNS
from wiretrace.credit import columns as credit_columns
from wiretrace.credit import credit
from wiretrace.detect import (
    NEAREST_ALWAYS,
    NEAREST_MIN_COSINE,
    NEIGHBOUR_MIN_COSINE,
    NEIGHBOURS,
    ROUNDUP_MIN_COSINE,
    ROUNDUP_NEIGHBOURS,
    apart_from_common,
    certain_copies,
    event_context,
    event_lift,
    judging_key,
    kept_hits,
    lowest_cosine,
    mean_direction,
    nearest,
    roundup_runs,
    run_vectors,
    sentence_vectors,
    set_aside,
    shared_anchors,
    stitched_links,
    verify,
)
from wiretrace.embed import MODELS, Embedder, model_label
from wiretrace.errors import ConfigError
from wiretrace.facts import figures, quote_count
from wiretrace.fingerprint import (
    ANCHORS,
    LshConfig,
    band_keys,
    content_hash,
    sentence_anchors,
    signatures,
    with_anchors,
)
from wiretrace.ingest import READING, checked_fields
from wiretrace.model import Article, Sentence, chrome_from_json, chrome_json, version_id
from wiretrace.readers import Item, Rejected, Skipped, expand
from wiretrace.schema import BATCH_SCHEMA, made_by
from wiretrace.sites import page_key, site_of, site_pair_counts
from wiretrace.text import content_words

log = logging.getLogger(__name__)

STAGES = ("articles", "candidates", "links", "stories", "sites")
#: The output folders of each stage; a stage is complete when each holds `_SUCCESS`.
OUTPUTS = {
    "articles": ("articles", "rejected", "duplicates"),
    "candidates": ("candidates",),
    "links": ("verified", "links", "set_aside"),
    "stories": ("stories",),
    "sites": ("sites", "site_pairs"),
}
DONE = "_SUCCESS"
#: The file recording the reading of inputs a run was made with (`Layout.made_here`).
STAMP = "wiretrace.json"
#: The file a run holds locked in its output directory while it writes there (`Layout.claimed`).
RUN_LOCK = ".run.lock"
#: stats.json lists at most this many rejected inputs; the `rejected/` folder has them all.
MAX_LISTED_REJECTS = 10_000


#: Columns of each output table, in one vocabulary both engines translate (Arrow / Spark DDL).
SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("id", "string"), ("title", "string"), ("byline", "string"), ("published", "string"),
        ("site", "string"), ("url", "string"), ("text", "string"),
        ("sent_start", "list<int32>"), ("sent_end", "list<int32>"), ("dropped_chrome", "string"),
        ("content_hash", "string"), ("quotes", "int32"), ("site_key", "string"),
        ("duplicate_ids", "list<string>"),
        ("band_keys", "list<int64>"), ("centroid", "list<float32>"), ("simhash", "list<int64>"),
        ("anchors", "list<int64>"),
    ),
    "rejected": (("where", "string"), ("reason", "string")),
    # an exact duplicate set aside (its id is in the kept article's `duplicate_ids`), with its own
    # metadata and the id of the article the run kept for its text (`duplicate_of`)
    "duplicates": (
        ("id", "string"), ("content_hash", "string"), ("title", "string"), ("byline", "string"),
        ("published", "string"), ("site", "string"), ("url", "string"), ("duplicate_of", "string"),
    ),
    # found by shared band keys (`lsh`), by centroids (`semantic`, their `cosine`), or by sentences
    # (`anchors`: how many sentence anchors the two share, `detect.shared_anchors`; two make a candidate)
    "candidates": (
        ("a", "string"), ("b", "string"), ("lsh", "bool"), ("semantic", "bool"), ("cosine", "float64"),
        ("anchors", "int32"),
    ),
    # a derived pair, and whether the target credits its source's outlet (`credit.columns`)
    "links": (
        ("source", "string"), ("target", "string"), ("relation", "string"), ("score", "float64"),
        ("source_coverage", "float64"), ("target_coverage", "float64"), ("reason", "string"),
        ("credited", "bool"), ("credit_where", "string"), ("credit_passage", "string"), ("credits_instead", "string"),
    ),
    "stories": (
        ("story", "string"), ("size", "int32"), ("origin", "string"), ("reason", "string"),
        ("members", "list<string>"),
    ),
    "sites": (("site", "string"), ("articles", "int64"), ("derived", "int64"), ("share_derived", "float64")),
    # `links`: the target site's articles derived from the source site's (`sites.site_pair_counts`),
    # `credited` / `uncredited` of them naming the source's outlet or not (the rest cannot tell),
    # `against_content` of them linked against what their content says (`cluster.dated_against_content`)
    "site_pairs": (
        ("source_site", "string"), ("target_site", "string"), ("links", "int64"), ("credited", "int64"),
        ("uncredited", "int64"), ("against_content", "int64"),
    ),
}  # fmt: skip
SCHEMAS["verified"] = SCHEMAS["links"]  # every link the compare core judged derived, before the event check
SCHEMAS["set_aside"] = (*SCHEMAS["links"], ("event_lift", "float64"))  # the links the event check set aside
# a run's exact duplicates as copy links, with the duplicate's date, quotes and site (`copy_row`; not stored)
SCHEMAS["copies"] = (*(c for c in SCHEMAS["links"] if c[0] not in CREDIT_COLUMNS), ("published", "string"),
                     ("quotes", "int32"), ("site_key", "string"))  # fmt: skip
#: Columns never null (flags and counts), written as required fields by both engines: Spark's plans
#: make them so, and a reader merging the two engines' files strictly must see one schema.
REQUIRED: dict[str, frozenset[str]] = {
    "candidates": frozenset({"lsh", "semantic", "anchors"}),
    "sites": frozenset({"articles", "derived"}),
    "site_pairs": frozenset({"links", "credited", "uncredited", "against_content"}),
}


@dataclass(slots=True, frozen=True)
class BatchConfig:
    """Detection settings of a batch run; written to `config.json` beside the outputs.

    Candidates come from three generators. LSH: articles sharing a MinHash band key (`lsh`).
    Sentences: articles sharing two sentence anchors (`anchors`, `detect.shared_anchors`).
    Semantic: each of `tables` SimHash tables hashes an article's centroid to 64 sign bits;
    the top `bucket_bits` bits name its bucket; inside a bucket, articles sorted by the full
    SimHash are cut into windows of at most `window` members (consecutive windows overlap by
    half), and pairs in a window with cosine ≥ `min_cosine` are kept, at most `neighbours` per
    article (an article's `nearest` most similar need only `nearest_min`: `detect.kept_hits`).
    LSH groups larger than `band_cap` are cut into windows the same way, after
    ordering members by a hash of (band key, id), so different bands cut a big group
    differently. Windows bound the pairs of any group to about `size × cap`, so skewed data
    (boilerplate, a story syndicated a million times) cannot blow up.

    Example:
        >>> BatchConfig(tables=8).tables
        8
    """

    model: str = "wordllama"
    lsh: LshConfig = field(default_factory=LshConfig)
    band_cap: int = 100
    tables: int = 32
    bucket_bits: int = 6
    window: int = 256
    neighbours: int = NEIGHBOURS
    min_cosine: float = NEIGHBOUR_MIN_COSINE
    nearest: int = NEAREST_ALWAYS
    nearest_min: float = NEAREST_MIN_COSINE
    seed: int = 5
    keep_versions: bool = False  # a later text under a taken id is stored as `ID#v2` (`number_versions`), not rejected
    #: the names the inputs' records give their fields (`ingest.fields_named`): {"text": "body_text"}
    fields: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise ConfigError(f"unknown model {self.model!r}: choose one of {', '.join(MODELS)}")
        if self.band_cap < 2 or self.window < 2 or self.window % 2:
            raise ConfigError("band_cap must be >= 2 and window an even number >= 2")
        if self.tables < 1 or self.neighbours < 1:
            raise ConfigError("tables and neighbours must be >= 1")
        if not 0 <= self.bucket_bits <= 32:
            raise ConfigError(f"bucket_bits must be within 0..32, got {self.bucket_bits}")
        if not -1.0 <= self.min_cosine <= 1.0 or not -1.0 <= self.nearest_min <= 1.0:
            raise ConfigError(
                f"min_cosine and nearest_min must be within -1..1, got {self.min_cosine}, {self.nearest_min}"
            )
        if self.nearest < 0:
            raise ConfigError(f"nearest must be 0 or more, got {self.nearest}")
        object.__setattr__(self, "fields", checked_fields(self.fields))  # as --field gives them: 'text', trimmed

    def to_dict(self) -> dict[str, Any]:
        """The settings as `config.json` keeps them (`fields` only when given: a run made before
        the setting existed is resumed as one made without it)."""
        data = asdict(self)
        if not data["fields"]:
            del data["fields"]
        return data

    @classmethod
    def load(cls, path: str | Path) -> BatchConfig:
        """Settings from a TOML or JSON file (the keys of `config.json`; missing ones keep their defaults)."""
        import tomllib

        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
            data = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read the settings file ({exc.strerror or exc})") from exc
        except (ValueError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'TOML'} ({exc})") from exc
        try:
            return cls.from_dict(data)
        except ConfigError as exc:
            raise ConfigError(f"{p}: {exc}") from None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BatchConfig:
        """Settings from a dict of `config.json`'s keys, each of its setting's type: a wrong type is
        an error, not a run ('keep_versions = "no"' read as true, 'band_cap = "fifty"' a traceback)."""
        if not isinstance(data, dict) or not isinstance(data.get("lsh", {}), dict):
            raise ConfigError("batch settings must be a table of names and values, and `lsh` a table of its own")
        data = dict(data)
        known = {f.name for f in fields(cls)} | {"lsh"}
        unknown = sorted(set(data) - known) + sorted(f"lsh.{k}" for k in set(data.get("lsh", {})) - {
            f.name for f in fields(LshConfig)})  # fmt: skip
        if unknown:
            raise ConfigError(f"unknown batch setting(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        lsh = data.pop("lsh", {})
        _check_types(cls(), data, "")
        _check_types(LshConfig(), lsh, "lsh.")
        return cls(lsh=LshConfig(**lsh), **data)


def _check_types(defaults: Any, data: dict[str, Any], prefix: str) -> None:
    """Raise `ConfigError` for a value whose type is not its setting's (the default's): a whole
    number for an int, a number for a float, true or false for a bool, text for a str."""
    for name, value in data.items():
        wanted = type(getattr(defaults, name))
        if wanted is bool:
            ok = isinstance(value, bool)
        elif wanted is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif wanted is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        else:
            ok = isinstance(value, wanted)
        if not ok:
            kinds = {bool: "true or false", int: "a whole number", float: "a number", str: "text", dict: "a table"}
            kind = kinds.get(wanted, wanted.__name__)
            raise ConfigError(f"setting {prefix}{name} must be {kind}, got {value!r}")


# -- the output directory ----------------------------------------------------------------


#: Bytes read from each end of an input file for its fingerprint (`input_fingerprint`).
FINGERPRINT_BYTES = 1 << 16


def input_fingerprint(path: Path) -> str:
    """The size of a file and a hash of its first and last `FINGERPRINT_BYTES`: what tells a dump
    delivered again (appended to, or another text) from the one a run read, without reading it
    all, and without the modification time a copy changes."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            digest.update(fh.read(FINGERPRINT_BYTES))
            size = fh.seek(0, 2)
            fh.seek(max(size - FINGERPRINT_BYTES, 0))
            digest.update(fh.read(FINGERPRINT_BYTES))
    except OSError as exc:  # the articles stage rejects it with the reason
        return f"unreadable: {exc.strerror or exc}"
    return f"{size}:{digest.hexdigest()[:32]}"


class Layout:
    """The output directory of a run: stage folders, `config.json`, `stats.json`."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock: int | None = None

    def path(self, name: str) -> Path:
        return self.root / name

    def write_json(self, name: str, value: Any, **dumps: Any) -> None:
        """Write one of the run's records whole or not at all (a temporary file renamed over it): a
        run stopped by a full disk leaves the record as it was, not cut short."""
        path = self.root / name
        part = path.with_name(f".{name}.part")
        part.write_text(json.dumps(value, **dumps) + "\n", encoding="utf-8")
        os.replace(part, path)

    def read_json(self, name: str) -> Any:
        """One of the run's records, or None when it is missing, or damaged (cut short by a full disk
        before records were written whole, or edited by hand) while no stage is complete: then
        nothing read is at stake and it is written again. Damaged beside a complete stage, it is
        a one-line error naming it."""
        path = self.root / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (ValueError, UnicodeDecodeError) as exc:
            if name == "stats.json" or not any((self.root / stage / DONE).exists() for stage in OUTPUTS):
                log.warning("%s: damaged (%s); written again", path, exc)
                return None
            raise ConfigError(f"{path}: damaged ({exc}); delete this run's directory to run it again") from None

    def done(self, stage: str) -> bool:
        """Whether every output folder of `stage` was completely written and its counts recorded
        (a run stopped between the two redoes the stage: its counts and rejected inputs are the run's
        record, and a resumed run that lost them would report none and succeed)."""
        return all((self.root / name / DONE).exists() for name in OUTPUTS[stage]) and stage in self.stats()["stages"]

    @contextlib.contextmanager
    def claimed(self) -> Iterator[None]:
        """Hold the directory for one run: create it, refuse one that holds files of no run (they
        would be overwritten) and one another run is writing now (`RUN_LOCK`)."""
        if self.root.exists() and not self.root.is_dir():
            raise ConfigError(f"{self.root}: --out must be a directory")
        if self.root.is_dir() and not (self.root / "config.json").exists():
            ours = (RUN_LOCK, STAMP, f".{STAMP}.part", ".config.json.part")  # a record cut short by a full disk
            others = sorted(p.name for p in self.root.iterdir() if p.name not in ours)
            if others:
                raise ConfigError(f"{self.root}: --out holds files of no wiretrace run ({others[0]}"
                                  f"{f' and {len(others) - 1} more' if len(others) > 1 else ''}); use a new or "
                                  "empty directory")  # fmt: skip
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / RUN_LOCK, os.O_RDONLY | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ConfigError(f"{self.root}: another run is writing this directory; wait for it to end") from None
        try:
            yield
        finally:
            os.close(fd)  # the lock goes with the descriptor

    def made_here(self) -> None:
        """Refuse a run made by another reading of inputs (`ingest.READING`, in `wiretrace.json`; a run
        made before that file has none): its articles stage holds texts, dates and ids as that
        version read them, and resumed or imported they would mix with this one's."""
        stamp, config = self.read_json(STAMP), self.read_json("config.json")
        if config is None and stamp is None:
            return  # no run here yet
        made = stamp.get("reading") if isinstance(stamp, dict) else None
        if made != READING:
            told = f"reading {made}" if made is not None else "an earlier reading"
            raise ConfigError(
                f"{self.root}: a run made by another wiretrace, which read its inputs otherwise ({told} of "
                f"texts, dates and ids; this one is reading {READING}); run the batch again into a new --out directory"
            )

    def prepare(self, config: BatchConfig, inputs: Sequence[str] = ()) -> None:
        """Write `config.json` and `inputs.json` in the directory the run holds (`claimed`); refuse to
        mix settings or inputs in one directory (a finished run would otherwise answer for inputs it
        never read), or readings of inputs (`made_here`)."""
        self.made_here()
        if self.read_json(STAMP) is None:
            self.write_json(STAMP, {"reading": READING, "made_by": made_by(model_label(config.model))})
        for name, wanted, what in (
            ("config.json", config.to_dict(), "settings"),
            ("inputs.json", sorted({str(Path(i).resolve()) if Path(i).exists() else i for i in inputs}), "inputs"),
        ):
            held = self.read_json(name)
            if held is None:
                self.write_json(name, wanted, indent=2)
            elif held != wanted:
                raise ConfigError(
                    f"{self.root}: holds a run made with other {what} (see its {name}); "
                    "use a new --out directory or delete this one"
                )
        self._check_input_files(inputs)

    def _check_input_files(self, inputs: Sequence[str]) -> None:
        """Record what each input file held when the run began (`input-files.json`), and refuse to
        resume over a file that has changed since: a dump delivered again under its name would
        otherwise be answered for by the articles read from the old one."""
        files, _ = expand(inputs, note_skipped=False, exclude=self.root)  # an --out inside an input folder
        now = {str(f.resolve()): input_fingerprint(f) for f in files}
        before = self.read_json("input-files.json")
        if before is None or not self.done("articles"):  # nothing read is reused: record afresh
            self.write_json("input-files.json", now, indent=2)
            return
        # a file removed since is no matter (its articles are stored); one added or changed would be left unread
        for what, names in (
            ("changed", sorted(f for f in before.keys() & now.keys() if before[f] != now[f])),
            ("added", sorted(now.keys() - before.keys())),
        ):
            if names:
                more = f" and {len(names) - 1} more" if len(names) > 1 else ""
                raise ConfigError(
                    f"{self.root}: input {names[0]}{more} {what} since this run read its inputs (see its "
                    "input-files.json); use a new --out directory or delete this one"
                )

    def stats(self) -> dict[str, Any]:
        stats = self.read_json("stats.json") or {"stages": {}}
        return {"schema": BATCH_SCHEMA, **stats}  # first, and in a run made before it had one

    def record(self, stage: str, counts: dict[str, Any], rejected: list[dict[str, str]] | None = None) -> None:
        """Merge one finished stage's counts (and rejected inputs) into `stats.json`."""
        stats = self.stats()
        # in a fixed order, whatever order an engine met them in: two runs' stats compare line by line
        stats["stages"][stage] = {k: dict(sorted(v.items())) if isinstance(v, dict) else v for k, v in counts.items()}
        if rejected is not None:
            listed = sorted(rejected, key=lambda r: (where_order(r["where"]), r["reason"]))
            stats["rejected"] = listed[:MAX_LISTED_REJECTS]
        self.write_json("stats.json", stats, indent=2, ensure_ascii=False)


def where_order(where: str) -> list[str | int]:
    """A sort key for where an input was read, its numbers read as numbers: 'dump.jsonl:4' before
    'dump.jsonl:10' (by text, the lines 10-28 came before 4-9, and a run's first rejects were cut)."""
    return [int(part) if n % 2 else part for n, part in enumerate(_NUMBER_RUN.split(where))]


_NUMBER_RUN = re.compile(r"(\d+)")


class Engine(Protocol):
    """What an engine implements: one method per stage, each returning its counts."""

    def articles(self, inputs: Sequence[str]) -> tuple[dict[str, Any], list[dict[str, str]]]: ...
    def candidates(self) -> dict[str, Any]: ...
    def links(self) -> dict[str, Any]: ...
    def stories(self) -> dict[str, Any]: ...
    def sites(self) -> dict[str, Any]: ...
    def close(self) -> None: ...


def run_stages(
    engine: Engine,
    layout: Layout,
    inputs: Sequence[str],
    stop_after: str | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the stages in order, skipping complete ones, stopping after `stop_after`; returns the stats,
    with `reused` listing the stages an earlier run had completed (their counts are that run's).
    `on_stage` is told each stage's name as it starts (a command's progress)."""
    if stop_after is not None and stop_after not in STAGES:
        raise ConfigError(f"--stop-after must be one of {', '.join(STAGES)}, got {stop_after!r}")
    reused = []
    for stage in STAGES:
        if layout.done(stage):
            log.info("stage %s: complete in %s, skipped", stage, layout.root)
            reused.append(stage)
        else:
            if on_stage is not None:
                on_stage(stage)
            start = time.perf_counter()
            rejected = None
            if stage == "articles":
                counts, rejected = engine.articles(inputs)
            else:
                counts = getattr(engine, stage)()
            counts["seconds"] = round(time.perf_counter() - start, 3)
            layout.record(stage, counts, rejected)
            log.info("stage %s: %s", stage, counts)
        if stage == stop_after:
            break
    stats = layout.stats()
    # what this command ran or reused: a later stage an earlier run completed was neither (a batch
    # review's `--stop-after articles` on a finished run listed every stage, with old timings, as run)
    stats["stages"] = {k: v for k, v in stats["stages"].items() if k in STAGES[: STAGES.index(stage) + 1]}
    return {**stats, "reused": reused}


# -- stage kernels: articles ---------------------------------------------------------------


#: An article's page metadata, which an exact duplicate keeps its own of (`duplicate_article`).
ARTICLE_PAGE = ("title", "byline", "published", "site", "url")
#: The columns of the `duplicates` table: the id, the text's hash, the duplicate's own metadata
#: and the id of the copy kept.
DUPLICATE_COLUMNS = tuple(c for c, _ in SCHEMAS["duplicates"])


def duplicate_article(kept: Article, duplicate: dict[str, Any] | None, duplicate_id: str) -> Article:
    """An exact duplicate set aside by a run, rebuilt as the article it was read as: the kept
    article's text and sentences under the duplicate's id and its own metadata (a row of the
    `duplicates` table; None when it has none, and only the id)."""
    meta: dict[str, Any] = {k: (duplicate or {}).get(k) for k in ARTICLE_PAGE}
    return Article(text=kept.text, sentences=kept.sentences, id=duplicate_id, **meta)


def copy_credited(kept: dict[str, Any], duplicate: dict[str, Any] | None, duplicate_id: str) -> bool | None:
    """Whether an exact duplicate set aside by a run credits the outlet of the article kept for its
    text (`credit.credit`, its page rebuilt by `duplicate_article`, as an index the run is imported
    into reads it); None when that outlet is not known or both are one outlet's. `kept` is the kept
    article's row of the `articles` table."""
    article = article_from_row(kept)
    found = credit(article, duplicate_article(article, duplicate, duplicate_id))
    return None if found is None else found.credited


def site_pair_rows(
    site: dict[str, str],
    links: Iterable[tuple[str, str]],
    credits: dict[tuple[str, str], bool | None],
    against: Collection[tuple[str, str]] = (),
) -> list[dict[str, Any]]:
    """The `site_pairs` table (`sites.site_pair_counts`) of a run's links (with its exact duplicates'
    copy links), given each article's site key, whether each link's target credits its source, and
    the links dated against their content (`cluster.dated_against_content`)."""
    counts = site_pair_counts(site, links, credits, against)
    return [
        {"source_site": s, "target_site": t, "links": n, "credited": yes, "uncredited": no, "against_content": odd}
        for (s, t), (n, yes, no, odd) in sorted(counts.items())
    ]


def copy_row(kept: dict[str, Any], duplicate: dict[str, Any] | None, duplicate_id: str) -> dict[str, Any]:
    """The link joining a run's kept article to one exact duplicate it set aside, as the index
    joins identical copies (`copy`, score and coverages 1, from the dated or earlier copy, which
    the run keeps), with the duplicate's date, quotes and site for the stories and sites stages.
    `duplicate` is its row of the `duplicates` table (None when it has none)."""
    own = duplicate or {}
    published = own.get("published")
    reason = holder_reason(Member(kept["id"], kept["published"], 0), Member(duplicate_id, published, 0))
    return {
        "source": kept["id"], "target": duplicate_id, "relation": "copy", "score": 1.0, "source_coverage": 1.0,
        "target_coverage": 1.0, "reason": f"{IDENTICAL_TEXT}{reason}",
        "published": published, "quotes": kept["quotes"], "site_key": site_of(own.get("site"), own.get("url")),
    }  # fmt: skip


def copy_credits(
    articles: Iterable[dict[str, Any]], duplicates: Iterable[dict[str, Any]]
) -> dict[tuple[str, str], bool | None]:
    """`copy_credited` of every duplicate of the kept `articles`, by its copy link (kept id, duplicate id)."""
    own = {(d["id"], d["content_hash"]): d for d in duplicates}
    return {
        (row["id"], dup): copy_credited(row, own.get((dup, row["content_hash"])), dup)
        for row in articles
        for dup in row["duplicate_ids"] or ()
    }


def copy_rows(articles: Iterable[dict[str, Any]], duplicates: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """`copy_row` for every duplicate of the kept `articles` (rows with `duplicate_ids`), given
    the rows of the `duplicates` table; not for a duplicate that is the kept page again (`page_again`)."""
    own = {(d["id"], d["content_hash"]): d for d in duplicates}
    return [
        copy_row(row, duplicate, dup)
        for row in articles
        for dup in row["duplicate_ids"] or ()
        if not page_again(row.get("url"), (duplicate := own.get((dup, row["content_hash"])) or {}).get("url"))
    ]


def page_again(kept_url: str | None, duplicate_url: str | None) -> bool:
    """Whether an exact duplicate is the kept article's page under another spelling of its address
    (`sites.page_key`: its AMP or print rendering, http beside https, `www.`, tracking): the same
    article again, as the index reads it, not a copy of it (a site's AMP pages made it copy itself)."""
    return bool(kept_url and duplicate_url) and page_key(kept_url or "") == page_key(duplicate_url or "")


def article_row(article: Article) -> dict[str, Any]:
    """The articles-table record of an extracted article (features are added later)."""
    return {
        "id": article.id or "",
        **{k: getattr(article, k) for k in ARTICLE_PAGE},
        "text": article.text,
        "sent_start": [s.start for s in article.sentences],
        "sent_end": [s.end for s in article.sentences],
        "dropped_chrome": chrome_json(article.dropped_chrome),
        "content_hash": content_hash(article.text),
        "quotes": quote_count(article.text),
        "site_key": site_of(article.site, article.url),
    }


_DETAIL = re.compile(r" \(|: ")
_DIGITS = re.compile(r"(?<![A-Za-z]-)\d+")  # figures, not a name's ('UTF-8')


def reason_kind(reason: str) -> str:
    """A rejection reason without its particulars, to count rejections by kind in `stats.json`:
    cut before its details and with its figures as N ('invalid JSON (... at column 41)' is
    'invalid JSON', 'truncated or corrupt WARC at offset 445: ...' 'truncated or corrupt WARC at
    offset N', 'invalid UTF-8 at byte 12' 'invalid UTF-8 at byte N')."""
    return _DIGITS.sub("N", _DETAIL.split(reason, maxsplit=1)[0])


def rejected_row(item: Rejected) -> dict[str, str]:
    return {"where": item.where, "reason": item.reason}


def read_rows(items: Iterable[Item]) -> Iterator[tuple[str, dict[str, Any]]]:
    """("article", row), ("rejected", row) or ("skipped", row) per item of a reader stream."""
    for item in items:
        if isinstance(item, Rejected):
            yield "rejected", rejected_row(item)
        elif isinstance(item, Skipped):
            yield "skipped", {"where": item.where, "kind": item.kind, "records": item.records}
        else:  # with where it was read, to name it if its id is taken (not stored: no column)
            yield "article", {**article_row(item), "where": item.where or item.id or ""}


def skipped_counts(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """`stats.json`'s count of crawl records that hold no article, in all and by kind, from the
    "skipped" rows of `read_rows`."""
    by_kind: Counter[str] = Counter()
    for row in rows:
        by_kind[row["kind"]] += int(row["records"])
    return {"skipped_records": sum(by_kind.values()), "skipped_by_kind": dict(sorted(by_kind.items()))}


def date_order(row: dict[str, Any]) -> tuple[bool, str, int, str, str]:
    """Dated articles first, earliest first (`judging_key`), then by id."""
    return judging_key(row["published"], row["id"])


def canonical_order(row: dict[str, Any]) -> tuple[bool, str, int, str, str, str]:
    """Order of preference among copies: `date_order`, then content hash.

    Among exact duplicates the first is kept (and lists the others' ids); among different
    articles claiming one id, the first keeps it and the others are rejected.
    """
    return (*date_order(row), row["content_hash"])


ID_TAKEN = "id already used by a different article"


def id_taken(article_id: str) -> str:
    """The rejection of a record whose id another text keeps (`number_versions`), naming the id."""
    return f"{ID_TAKEN}: {article_id}"


def number_versions(rows: list[dict[str, Any]], keep: bool) -> tuple[list[dict[str, Any]], int]:
    """Number the texts of ids given with several different texts, earliest first
    (`canonical_order`): with `keep`, each text after the first gets the next `version_id`;
    without, its rows become rejected-input rows (`ID_TAKEN`) and leave `rows`. Rows of one id
    and one text keep one id. Changes `rows` in place (sorted in `canonical_order`); returns the
    rejected rows and how many rows were renamed."""
    rows.sort(key=canonical_order)
    texts: dict[str, dict[str, int]] = {}  # id -> content hash -> version number
    rejected: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    for row in rows:
        numbers = texts.setdefault(row["id"], {})
        number = numbers.setdefault(row["content_hash"], len(numbers) + 1)
        if number > 1 and not keep:
            rejected.append({"where": row.get("where") or row["id"], "reason": id_taken(row["id"])})
            continue
        kept.append({**row, "id": version_id(row["id"], number)} if number > 1 else row)
    rows[:] = kept
    return rejected, sum(1 for numbers in texts.values() for n in numbers.values() if n > 1) if keep else 0


def article_from_row(row: dict[str, Any]) -> Article:
    """Rebuild the extracted article from its record, sentences and offsets exactly as read."""
    text = row["text"]
    sentences = [
        Sentence(i, int(s), int(e), text[int(s) : int(e)])
        for i, (s, e) in enumerate(zip(row["sent_start"], row["sent_end"]))
    ]
    meta: dict[str, Any] = {k: row.get(k) for k in ARTICLE_PAGE}
    chrome = chrome_from_json(row.get("dropped_chrome"))
    return Article(text=text, sentences=sentences, id=row["id"], dropped_chrome=chrome, **meta)


def hyperplanes(config: BatchConfig, dim: int) -> np.ndarray:
    """The SimHash hyperplanes: `tables` x 64 random normal vectors, fixed by `config.seed`."""
    rng = np.random.default_rng(config.seed)
    return rng.standard_normal((config.tables, 64, dim))


def simhash(vec: np.ndarray, planes: np.ndarray) -> list[int]:
    """One 64-bit SimHash per table (as signed int64): bit 63 is the sign against the table's first plane.

    Computed per vector in float64, so the bits never depend on how vectors were batched.
    """
    bits = (planes @ vec.astype(np.float64)) >= 0.0
    weights = np.uint64(1) << np.arange(63, -1, -1, dtype=np.uint64)
    return [int(x) for x in (bits.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64).view(np.int64)]


def bucket(h: int, bits: int) -> int:
    """A table's bucket: the top `bits` bits of its SimHash."""
    return (h & 0xFFFFFFFFFFFFFFFF) >> (64 - bits) if bits else 0


def featurize(rows: Sequence[dict[str, Any]], embedder: Embedder, config: BatchConfig) -> list[dict[str, Any]]:
    """Add `band_keys` (LSH, int64), `centroid` (float32), `simhash` (int64 per table) and `anchors`
    (`fingerprint.sentence_anchors`, int64, the empty slots left out) to article rows."""
    if not rows:
        return []
    articles = [article_from_row(r) for r in rows]
    keys = band_keys(signatures([a.text for a in articles], config.lsh), config.lsh).view(np.int64)
    anchors = sentence_anchors([[s.text for s in a.sentences] for a in articles]).view(np.int64)
    planes = hyperplanes(config, embedder.dim)
    out = []
    for row, vectors, k, mine in zip(rows, sentence_vectors(articles, embedder), keys, anchors):
        vec = mean_direction(vectors)
        out.append({**row, "band_keys": k.tolist(), "centroid": vec.tolist(), "simhash": simhash(vec, planes),
                    "anchors": [a for a in mine.tolist() if a]})  # fmt: skip
    return out


def stored_keys(rows: Sequence[dict[str, Any]]) -> np.ndarray:
    """The band rows an index stores for article rows (`fingerprint.with_anchors`): their band keys
    and sentence anchors, uint64."""
    keys = np.asarray([r["band_keys"] for r in rows], dtype=np.int64).reshape(len(rows), -1 if rows else 0)
    return with_anchors(keys.view(np.uint64), row_anchors(rows).view(np.uint64))


def row_anchors(rows: Sequence[dict[str, Any]]) -> np.ndarray:
    """The sentence anchors of article rows as `fingerprint.sentence_anchors` gives them: one row
    each, int64, 0 in the slots left empty (a run made before anchors has none)."""
    anchors = np.zeros((len(rows), ANCHORS), dtype=np.int64)
    for i, r in enumerate(rows):
        mine = (r.get("anchors") or [])[:ANCHORS]
        anchors[i, : len(mine)] = mine
    return anchors


def shared_row_anchors(rows: Sequence[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """(a, b) id pairs, a < b, of article rows sharing sentence anchors, with how many
    (`detect.shared_anchors`, here among the run's articles alone)."""
    ids = [r["id"] for r in rows]
    shared = shared_anchors(row_anchors(rows), {}, ids)
    return {(min(ids[row], other), max(ids[row], other)): n for (row, other), n in shared.items()}


# -- stage kernels: candidates ------------------------------------------------------------


def windows(rank: int, size: int, half: int) -> list[int]:
    """The windows holding the member ranked `rank` (0-based) in a group of `size` members.

    A group of at most 2·half members is one window (0). A bigger one is cut into windows of
    2·half consecutive members starting every `half` members, so each member sits in one or
    two windows and every two neighbours in the order share one.
    """
    if size <= 2 * half:
        return [0]
    last = (size - half - 1) // half  # the last window start j·half stays below size - half
    j = rank // half
    return [w for w in (j - 1, j) if 0 <= w <= last]


def mix(key: int, article_id: str) -> int:
    """A stable 64-bit hash of (group key, article id): the member order of an oversized LSH group."""
    digest = hashlib.blake2b(f"{key}:{article_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def window_members(members: Sequence[tuple[int, str]], half: int) -> dict[int, list[str]]:
    """Cut one group into windows: `members` are (order key, id); returns window → ids in order."""
    ordered = sorted(members)
    out: dict[int, list[str]] = {}
    for rank, (_, article_id) in enumerate(ordered):
        for w in windows(rank, len(ordered), half):
            out.setdefault(w, []).append(article_id)
    return out


def all_pairs(ids: Sequence[str]) -> list[tuple[str, str]]:
    """Every pair (a < b) of distinct ids in one window."""
    uniq = sorted(set(ids))
    return [(a, b) for i, a in enumerate(uniq) for b in uniq[i + 1 :]]


def similar_pairs(
    ids: Sequence[str], vectors: np.ndarray, min_cosine: float, common: np.ndarray | None = None
) -> list[tuple[str, str, float]]:
    """Pairs (a < b, cosine) of one window whose centroids have cosine ≥ `min_cosine` (and, with
    the model's `common` directions, stay close with them set aside: `detect.apart_from_common`).

    Rows are put in id order and multiplied in float64, rounded to 6 decimals: the same
    window gives bit-identical cosines in every engine.
    """
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    names = [ids[i] for i in order]
    v = np.asarray(vectors, dtype=np.float64)[order]
    sims = np.round(v @ v.T, 6)
    close = sims >= min_cosine
    if common is not None:
        along = v @ np.asarray(common, dtype=np.float64).T
        close &= apart_from_common(sims, along[:, None, :], along[None, :, :])
    rows, cols = np.nonzero(np.triu(close, k=1))
    return [(names[i], names[j], float(sims[i, j])) for i, j in zip(rows, cols) if names[i] != names[j]]


def nearest_partners(partners: Iterable[tuple[str, float]], config: BatchConfig) -> list[tuple[str, float]]:
    """An article's semantic candidates among its scored partners (each once, cosine descending,
    then id): `detect.kept_hits` with the config's `neighbours`, `min_cosine` and `nearest` rule."""
    best: dict[str, float] = {}
    for other, cos in partners:
        if cos > best.get(other, -2.0):
            best[other] = cos
    ranked = sorted(best.items(), key=lambda x: (-x[1], x[0]))
    rule = (config.neighbours, config.min_cosine, config.nearest, config.nearest_min)
    return [ranked[r] for r in kept_hits([c for _, c in ranked], *rule)]


def scoring_floor(config: BatchConfig) -> float:
    """The cosine down to which window pairs are scored (what `nearest_partners` may keep)."""
    return lowest_cosine(config.min_cosine, config.nearest, config.nearest_min)


# -- stage kernels: links ------------------------------------------------------------------


class Screens:
    """What `detect.set_aside` reads of recently seen articles (their figures and content words),
    read once per id: the screen every engine applies before building a pair's profiles."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._screens: OrderedDict[str, tuple[frozenset[str], frozenset[str]]] = OrderedDict()

    def set_aside(self, a: dict[str, Any], b: dict[str, Any]) -> bool:
        """True for a pair `detect.verify` rejects before aligning (a template pair, or too few
        shared words), told from the two texts alone: no profile is built for it."""
        return set_aside(*self._screen(a), *self._screen(b))

    def _screen(self, row: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
        key = row["id"]
        if key not in self._screens:
            self._screens[key] = (figures(row["text"]), content_words(row["text"]))
            if len(self._screens) > self.size:
                self._screens.popitem(last=False)
        return self._screens[key]


class ProfileCache(Screens):
    """Profiles of recently seen articles (verifying pairs ordered by their first article reuses it)."""

    def __init__(self, embedder: Embedder, size: int = 2048) -> None:
        super().__init__(size)
        self.embedder = embedder
        self._cache: OrderedDict[str, Profile] = OrderedDict()

    def _screen(self, row: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
        if (p := self._cache.get(row["id"])) is not None:
            return p.figures, p.content
        return super()._screen(row)

    def get(self, row: dict[str, Any]) -> Profile:
        key = row["id"]
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        p = profile(article_from_row(row), self.embedder)
        self._cache[key] = p
        if len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return p


LINK_FIELDS = ("source", "target", "relation", "score", "source_coverage", "target_coverage", "reason")
#: The columns of a links-table record (`link_row`): the link's fields and its credit's.
LINK_COLUMNS = tuple(c for c, _ in SCHEMAS["links"])


def judged_pair(screens: Screens, a: dict[str, Any], b: dict[str, Any]) -> tuple[dict, dict] | None:
    """Candidate (a, b) as the compare core judges it, candidate source first, or None when it is
    set aside unjudged (`Screens.set_aside`).

    `detect.verify` judges its first article as the candidate source first, so the pair goes
    in `detect.judging_key` order (earlier-dated first, then the smaller id), as the index
    orders it: the same links in every engine, whatever order the articles came in.
    """
    if screens.set_aside(a, b):
        return None
    first, second = sorted((a, b), key=date_order)
    return first, second


def verify_pair(cache: ProfileCache, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any] | None:
    """The links-table record of candidate (a, b) when the compare core judges it derived, else None."""
    if (judged := judged_pair(cache, a, b)) is None:
        return None
    source, target = cache.get(judged[0]), cache.get(judged[1])
    link = verify(source, target)
    return None if link is None else link_row(link, {p.article.id or "": p.article for p in (source, target)})


def row_link(row: dict[str, Any]) -> DerivedLink:
    """The derived link of a links-table record (its credit columns aside)."""
    return DerivedLink(**{f: row[f] for f in LINK_FIELDS})


def link_row(link: DerivedLink, articles: dict[str, Article]) -> dict[str, Any]:
    """The links-table record of `link`, with whether its target credits its source's outlet
    (`credit.credit`; `articles` holds both ends by id)."""
    found = credit(articles[link.source], articles[link.target])
    return {**{f: getattr(link, f) for f in LINK_FIELDS}, **credit_columns(found)}


@dataclass
class PlainArticle:
    """An article as `detect.stitched_links` reads it (`detect.Stitchable`): its sentences' plain
    words, without the sentence vectors of a full profile."""

    article: Article

    @functools.cached_property
    def plain_sentences(self) -> tuple[tuple[str, int], ...]:
        return plain_sentences(self.article)


def stitched_rows(
    target: dict[str, Any],
    sources: Sequence[dict[str, Any]],
    linked: Iterable[str],
    among: Iterable[tuple[str, str]] = (),
    lightly: Iterable[str] = (),
) -> list[dict]:
    """The links-table records of a roundup stitched from its candidate `sources` (the rows judged
    before `target`, `judged_pair`), as the index makes them (`detect.stitched_links`); `linked`
    the ids among them the verifier linked to it either way, whose links stand, `among` the
    verified links between the sources (versions of one story are no roundup's two wires), and
    `lightly` the sources sharing a sentence anchor with it (the candidates' `anchors`), whose
    lightly edited sentences count."""
    if len(sources) < 2:
        return []
    mine = target["id"]
    pairs = {p for other in linked for p in ((other, mine), (mine, other))} | set(among)
    articles = {row["id"]: article_from_row(row) for row in (target, *sources)}
    found = stitched_links(
        PlainArticle(articles[mine]), [PlainArticle(articles[s["id"]]) for s in sources], pairs, set(lightly)
    )
    return [link_row(link, articles) for link in found]


def roundup_queries(
    cache: ProfileCache, target: dict[str, Any], sources: Sequence[dict[str, Any]], lightly: Collection[str] = ()
) -> np.ndarray | None:
    """The search vectors of the runs of `target`'s sentences that one set of its judged `sources`
    carries word for word, or none does (`detect.roundup_runs`), one row a run; None when it reads
    as no roundup. A roundup's wires may be no candidates of it (its centroid sits between its
    subjects): each run is looked up by its own position (`roundup_hits`), as the index does."""
    article = PlainArticle(article_from_row(target))
    runs = roundup_runs(article, [PlainArticle(article_from_row(s)) for s in sources], set(lightly))
    if not runs:
        return None
    return run_vectors(cache.get(target).vectors, runs)


def roundup_hits(queries: np.ndarray, centroids: np.ndarray, common: np.ndarray | None = None) -> list[list[int]]:
    """The rows of `centroids` nearest to each run's vector (`roundup_queries`): the index's rule,
    `ROUNDUP_NEIGHBOURS` at cosine `ROUNDUP_MIN_COSINE` or more, apart from the `common` directions."""
    return nearest(queries, centroids, ROUNDUP_NEIGHBOURS, ROUNDUP_MIN_COSINE, common=common)


def roundup_found(
    target: dict[str, Any], hits: Iterable[dict[str, Any]], known: Collection[str]
) -> list[dict[str, Any]]:
    """Of the articles found for a roundup's runs (`hits`), those published before it (judging
    order) that are not among its `known` sources: more sources to stitch it from, whose lightly
    edited sentences count."""
    mine = date_order(target)
    out = {h["id"]: h for h in hits if h["id"] not in known and h["id"] != target["id"] and date_order(h) < mine}
    return [out[i] for i in sorted(out)]


def semantic_partners(candidates: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    """Each article's semantic candidate partners (both directions): its event context."""
    partners: dict[str, set[str]] = {}
    for cand in candidates:
        if cand["semantic"]:
            partners.setdefault(cand["a"], set()).add(cand["b"])
            partners.setdefault(cand["b"], set()).add(cand["a"])
    return partners


def link_context(link: dict[str, Any], partners: dict[str, set[str]], copies: dict[str, set[str]]) -> list[str]:
    """The ids around a link, sorted: the semantic partners of either end, less the two ends and
    their certain copies (`detect.event_context`; `copies` from `certain_copies` of the rows)."""
    return sorted(event_context(link["source"], link["target"], partners, copies))


def row_copies(links: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    """`detect.certain_copies` of verified link rows."""
    return certain_copies((lk["source"], lk["target"], lk["score"]) for lk in links)


def text_lift(source_text: str, target_text: str, context_texts: Iterable[str]) -> float | None:
    """`detect.event_lift` of two article texts among the texts around them."""
    context = [frozenset(content_words(t)) for t in context_texts]
    return event_lift(frozenset(content_words(source_text)), frozenset(content_words(target_text)), context)


# -- stage kernels: stories ----------------------------------------------------------------


def story_row(members: Sequence[Member], links: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The stories-table record of one family: its members, origin and why (`cluster.infer_origin`)."""
    ordered = sorted(members, key=lambda m: m.id)
    family_links = [row_link(lk) for lk in links]
    family_links.sort(key=lambda lk: (lk.source, lk.target))
    origin, reason = infer_origin(ordered, family_links)
    ids = [m.id for m in ordered]
    # keyed by its origin, as the index names a story (`wiretrace stories`, `export --what stories`)
    return {"story": origin, "size": len(ids), "origin": origin, "reason": reason, "members": ids}
