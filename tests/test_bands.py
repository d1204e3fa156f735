"""The sorted band file: the same lookups as the store's `bands` table, however it was left."""

from __future__ import annotations

import itertools
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATASETS, l2r_sample, need_datasets
from wiretrace.engines import bands
from wiretrace.engines.bands import BAND_FILE, RECENT_FILE, BandTable
from wiretrace.engines.local import Index
from wiretrace.readers import record_item
from wiretrace.store import Store


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two JSON-lines files: L2R sources and BBC articles, then the sources' rewrites and edited BBC copies."""
    need_datasets()
    root = tmp_path_factory.mktemp("bands")
    sources, rewrites = l2r_sample(10)
    bbc = [json.loads(line) for line in (DATASETS / "bbc" / "articles.jsonl").open()][:30]
    first, second = root / "first.jsonl", root / "second.jsonl"
    first.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in sources + bbc))
    edited = [{"id": f"edited-{b['id']}", "text": b["text"].rsplit(".", 2)[0] + "."} for b in bbc[:5]]  # share keys
    second.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rewrites + edited))
    return first, second


def in_store(store: Store, keys: list[int]) -> dict[int, list[str]]:
    """The lookup answered by the database itself."""
    rows = store.con.execute(
        "SELECT band_key, article_id FROM bands WHERE band_key IN (SELECT unnest(?::UBIGINT[]))", [keys]
    ).fetchall()
    out: dict[int, list[str]] = {}
    for key, article_id in rows:
        out.setdefault(int(key), []).append(article_id)
    return {k: sorted(v) for k, v in out.items()}


def probe_keys(store: Store) -> list[int]:
    """Every stored key once, and keys nobody holds."""
    stored = [int(k) for (k,) in store.con.execute("SELECT DISTINCT band_key FROM bands").fetchall()]
    return [*stored, 1, 2, 2**63 + 5]


def lookups(table: BandTable, keys: list[int]) -> dict[int, list[str]]:
    return {k: sorted(v) for k, v in table.lookup(keys).items()}


def test_the_band_file_answers_as_the_store_and_survives_being_lost_behind_or_damaged(
    halves: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bands, "TAIL_LIMIT", 500)  # merge into the sorted arrays many times
    monkeypatch.setattr(bands, "MERGE_BLOCK", 97)  # in many blocks
    directory = tmp_path / "idx"
    with Index(directory, batch_size=8) as index:
        index.add([str(halves[0])])
        assert index._bands is not None and isinstance(index._bands._keys, np.memmap)  # merged into the file
    band_file = directory / BAND_FILE
    behind = tmp_path / "behind.npy"
    shutil.copy(band_file, behind)
    with Index(directory, batch_size=8) as index:
        index.add([str(halves[1])])
    with Store.open(directory, read_only=True) as store:
        keys = probe_keys(store)
        truth = in_store(store, keys)
        assert len(truth) > 1000 and any(len(v) > 1 for v in truth.values())  # shared keys: copies collide
        assert lookups(BandTable(store, writable=False), keys) == truth  # from the file
    shutil.copy(behind, band_file)  # a crash after the first add: the file lacks the second
    with Store.open(directory) as store:
        table = BandTable(store, writable=True)
        assert lookups(table, keys) == truth
        table.save()
        rows = store.con.execute("SELECT count(*) FROM bands").fetchall()[0][0]
        assert (table.batch, len(table)) == (store.last_batch(), rows)  # caught up, every row
        main = np.load(band_file)[:2]
        recent = np.load(directory / RECENT_FILE)[:3] if (directory / RECENT_FILE).exists() else (main[0], 0, main[0])
        assert int(recent[0]) == store.last_batch() and int(recent[2]) == int(main[0])
        assert int(main[1]) + int(recent[1]) == rows  # in the files
    band_file.write_bytes(band_file.read_bytes()[:1000])  # truncated
    with Store.open(directory, read_only=True) as store:
        assert lookups(BandTable(store, writable=False), keys) == truth
    band_file.write_bytes(b"")  # empty (an operator's review: every add then said 'interrupted')
    with Store.open(directory, read_only=True) as store:
        assert lookups(BandTable(store, writable=False), keys) == truth
    band_file.unlink()  # lost
    with Store.open(directory, read_only=True) as store:
        assert lookups(BandTable(store, writable=False), keys) == truth
        assert not band_file.exists()  # a reader never writes it


def test_an_add_writes_only_the_recent_file_until_it_outgrows_its_share(
    halves: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main file is rewritten only when the recent one would outgrow `RECENT_SHARE` of it; a
    recent file left beside a main file that already took its rows in (a crash between the two
    writes) is set aside, so no row is lost or counted twice."""
    directory = tmp_path / "idx"
    band_file, recent_file = directory / BAND_FILE, directory / RECENT_FILE
    monkeypatch.setattr(bands, "TAIL_LIMIT", 500)
    with Index(directory, batch_size=8) as index:
        index.add([str(halves[0])])
    main = band_file.stat().st_ino
    monkeypatch.setattr(bands, "RECENT_FLOOR", 10**6)
    monkeypatch.setattr(bands, "RECENT_SHARE", 1.0)
    with Index(directory, batch_size=8) as index:
        index.add([str(halves[1])])
    assert band_file.stat().st_ino == main and recent_file.exists()  # the main file untouched
    stale = tmp_path / "stale.npy"
    shutil.copy(recent_file, stale)
    with Store.open(directory, read_only=True) as store:
        keys = probe_keys(store)
        truth = in_store(store, keys)
        assert lookups(BandTable(store, writable=False), keys) == truth
    monkeypatch.setattr(bands, "RECENT_SHARE", 0.0)
    monkeypatch.setattr(bands, "RECENT_FLOOR", 0)
    with Store.open(directory) as store:
        table = BandTable(store, writable=True)
        table._dirty = True
        table.save()  # the recent rows outgrow their share: merged into a new main file
    assert band_file.stat().st_ino != main and not recent_file.exists()
    shutil.copy(stale, recent_file)  # as if the crash came before the recent file was removed
    with Store.open(directory, read_only=True) as store:
        table = BandTable(store, writable=False)
        assert len(table._recent_keys) == 0 and table.batch == store.last_batch()
        assert lookups(table, keys) == truth


def test_small_adds_keep_the_recent_file_under_its_floor_and_lose_no_row(
    halves: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each small add rewrites the recent file, so on an index whose main file is small it must not
    grow past `RECENT_FLOOR` rows (it did up to a million rows, 16 MB rewritten on every add): past
    it, it is merged into the main file, and the files still answer as the store."""
    floor = 300
    monkeypatch.setattr(bands, "RECENT_FLOOR", floor)
    directory = tmp_path / "idx"
    records = [json.loads(line) for path in halves for line in path.open()]
    with Index(directory, batch_size=8) as index:
        index.add_articles(record_item(r, r["id"]) for r in records[:10])
        main_rows, merges = int(np.load(directory / BAND_FILE)[1]), 0
        for start in range(10, len(records), 3):  # a worker's adds of a few articles each
            index.add_articles(record_item(r, r["id"]) for r in records[start : start + 3])
            held = int(np.load(directory / BAND_FILE)[1])
            merges, main_rows = merges + (held != main_rows), held
            recent = np.load(directory / RECENT_FILE)[1] if (directory / RECENT_FILE).exists() else 0
            assert recent <= max(floor, bands.RECENT_SHARE * main_rows)
    assert merges >= 2  # the floor was reached, more than once
    with Store.open(directory, read_only=True) as store:
        keys = probe_keys(store)
        assert lookups(BandTable(store, writable=False), keys) == in_store(store, keys)


def test_batches_of_one_article_are_held_in_few_runs_and_answer_as_the_store(
    halves: tuple[Path, Path], tmp_path: Path
) -> None:
    """A review: each batch's rows were inserted into one sorted tail, copied whole every batch, which
    batches of one article made quadratic (31 s for 1M rows). The tail is now runs that at least halve."""
    records = [json.loads(line) for path in halves for line in path.open()]
    runs: list[tuple[int, int]] = []
    with Index(tmp_path / "idx", batch_size=1, read_ahead=False) as index:

        def look(report: object, n: int) -> None:
            table = index._bands
            if table is not None and table._tail:
                sizes = [len(keys) for keys, _ in table._tail]
                assert all(bigger >= 2 * smaller for bigger, smaller in itertools.pairwise(sizes))
                runs.append((len(sizes), sum(sizes)))
                keys = probe_keys(index.store)
                assert lookups(table, keys) == in_store(index.store, keys)

        index.add_articles((record_item(r, r["id"]) for r in records), on_batch=look)
    assert len(runs) >= len(records) - 2 and max(n for n, _ in runs) >= 3
    assert all(n <= math.log2(rows) + 1 for n, rows in runs)


def test_a_band_file_ahead_of_its_store_is_rebuilt(halves: tuple[Path, Path], tmp_path: Path) -> None:
    """The database restored from an older copy: the file's later rows name articles it no longer has."""
    directory = tmp_path / "idx"
    with Index(directory, batch_size=8) as index:
        index.add([str(halves[0])])
    old_db = tmp_path / "old.duckdb"
    shutil.copy(directory / "index.duckdb", old_db)
    with Index(directory, batch_size=8) as index:
        index.add([str(halves[1])])
    shutil.copy(old_db, directory / "index.duckdb")
    with Store.open(directory) as store:
        keys = probe_keys(store)
        assert lookups(BandTable(store, writable=True), keys) == in_store(store, keys)


def test_a_reader_sees_batches_committed_after_it_opened(halves: tuple[Path, Path], tmp_path: Path) -> None:
    """A long-lived reader (a server) catches up with batches another writer committed since."""
    directory = tmp_path / "idx"
    writer = Index(directory, batch_size=8, release_between_batches=True)
    writer.add([str(halves[0])])
    reader = Index(directory, read_only=True)
    reader._band_table()
    reader.store.release()  # readers and the writer take turns on the file
    writer.add([str(halves[1])])
    writer.store.close()
    keys = probe_keys(reader.store)
    assert lookups(reader._band_table(), keys) == in_store(reader.store, keys)
    reader.store.close()


def test_a_batch_a_reader_caught_up_with_is_not_held_again_by_the_writer(
    halves: tuple[Path, Path], tmp_path: Path
) -> None:
    """A library user's soak test: a reader thread's query between a batch's commit and the writer
    holding its rows made the band table read them from the store first, and then hold them again
    (26% of the rows of a run with four reader threads, saved so to the band files): one shared
    sentence counted twice. The writer's own rows of a batch caught up with are now left out, and
    a lookup names each holder once, also in files saved before."""
    directory = tmp_path / "idx"
    with Index(directory, batch_size=8) as index:
        index.add([str(halves[0])])
        table = index._band_table()
        held = len(table)
        last = index.store.last_batch()
        keys, rows, ids = index.store.band_rows(last - 1)  # the last batch, as the reader read it
        own = [keys[rows == r] for r in range(len(ids))]
        width = max(map(len, own))
        matrix = np.array([np.pad(k, (0, width - len(k)), constant_values=k[0]) for k in own], dtype=np.uint64)
        table.add(last, ids, matrix)  # the writer holding the batch the reader already read
        assert len(table) == held
        store_keys = probe_keys(index.store)
        table._hold(keys, np.array([bands.article_key(ids[r]) for r in rows], dtype=np.uint64))  # an old file's doubles
        assert lookups(table, store_keys) == in_store(index.store, store_keys)


def test_a_closed_index_lets_go_of_its_files_even_while_referenced(halves: tuple[Path, Path], tmp_path: Path) -> None:
    """A library user's soak test: 50 closed read-only indexes still referenced held 100 open files
    (their band files' mappings) and 220 MB; closing now drops the caches with the database."""
    import gc
    import os

    directory = tmp_path / "idx"
    with Index(directory, batch_size=8) as index:
        index.add([str(halves[0])])
    probe = Index(directory, read_only=True)
    probe.query(probe.article(probe.store.article_ids()[0]))
    probe._band_table()
    probe.close()
    gc.collect()
    before = len(os.listdir("/proc/self/fd"))
    kept = []
    for _ in range(5):
        reader = Index(directory, read_only=True)
        reader.query(reader.article(reader.store.article_ids()[0]))
        assert len(reader._band_table())  # the band files mapped, as a query of a larger index maps them
        reader.close()
        kept.append(reader)
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) == before and all(r._bands is None for r in kept)
