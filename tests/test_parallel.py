"""The fork-based map: the results of a plain loop, in order, whatever the number of workers."""

from __future__ import annotations

import contextlib
import gc
import os
import threading

import pytest
from threadpoolctl import threadpool_info

from wiretrace import parallel
from wiretrace.parallel import can_fork, shared_map

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs the fork start method")


def test_results_come_back_in_order_from_other_processes() -> None:
    items = list(range(103))
    offset = 7  # a closure: the workers inherit it, nothing is pickled on the way out
    for contiguous in (False, True):
        for workers in (1, 2, 3):
            out = shared_map(lambda x: (x + offset, os.getpid()), items, workers, contiguous=contiguous)
            assert [x for x, _ in out] == [x + offset for x in items]
            pids = {pid for _, pid in out}
            assert (pids == {os.getpid()}) == (workers == 1)  # else all done in forked workers


def test_small_jobs_stay_in_process_and_errors_propagate() -> None:
    assert {pid for pid in shared_map(lambda _: os.getpid(), [1, 2, 3], 2, min_items=10)} == {os.getpid()}

    def fail(x: int) -> int:
        if x == 5:
            raise ValueError("bad item 5")
        return x

    with pytest.raises(ValueError, match="bad item 5"):
        shared_map(fail, list(range(10)), 2)


def test_a_map_while_another_pool_runs_stays_in_process() -> None:
    """One pool per process at a time: another thread's map (a server's) runs serially meanwhile."""
    with parallel._FORKING:  # as while another thread's pool is running
        assert set(shared_map(lambda _: os.getpid(), [1, 2, 3, 4], 2)) == {os.getpid()}
    assert os.getpid() not in set(shared_map(lambda _: os.getpid(), [1, 2, 3, 4], 2))


def test_ctrl_c_to_the_process_group_ends_the_pool_without_worker_tracebacks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An operations review: Ctrl-C in a terminal reaches every process of the group, and each
    worker printed its own KeyboardInterrupt traceback; at times one stayed behind, orphaned and
    holding the job's output open. Workers leave the interrupt to the parent, which ends them."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = tmp_path / "job.py"
    script.write_text(
        "import sys, time\n"
        "from wiretrace.parallel import shared_map\n"
        "def slow(x):\n"
        "    time.sleep(60)\n"
        "    return x\n"
        "print('started', flush=True)\n"
        "shared_map(slow, list(range(8)), workers=2)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    time.sleep(1.5)  # the workers are forked and asleep
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends Ctrl-C
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode != 0 and "KeyboardInterrupt" in stderr
    assert "ForkPoolWorker" not in stderr  # no worker's traceback
    time.sleep(0.5)
    with contextlib.suppress(ProcessLookupError):  # the group is gone: no worker stayed behind
        os.killpg(proc.pid, 0)
        raise AssertionError("a worker outlived the interrupted job")


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_bulk_work_postpones_full_collections_and_runs_blas_on_one_thread_until_the_last_block_ends() -> None:
    before, threads = gc.get_threshold(), _blas_threads()
    with parallel.bulk_work():
        assert gc.get_threshold()[:2] == before[:2]  # the young generations are collected as usual
        assert gc.get_threshold()[2] >= parallel.FULL_COLLECTION_AFTER
        assert _blas_threads() and set(_blas_threads()) == {1}
        with parallel.bulk_work():  # nested, or another thread's add
            pass
        assert gc.get_threshold()[2] >= parallel.FULL_COLLECTION_AFTER  # still inside the first
        assert set(_blas_threads()) == {1}
        with pytest.raises(ValueError), parallel.bulk_work():
            raise ValueError
    assert gc.get_threshold() == before
    assert _blas_threads() == threads


def test_one_blas_thread_for_a_server_leaves_the_collector_alone_and_outlasts_the_blocks_inside() -> None:
    """`serve` runs on one BLAS thread (its requests run in other threads, which cannot set it);
    an add or query of its main thread ending inside it does not give the threads back."""
    before, threads = gc.get_threshold(), _blas_threads()
    with parallel.one_blas_thread():
        assert gc.get_threshold() == before and set(_blas_threads()) == {1}
        with parallel.bulk_work():
            assert gc.get_threshold()[2] >= parallel.FULL_COLLECTION_AFTER
        assert gc.get_threshold() == before and set(_blas_threads()) == {1}
    assert gc.get_threshold() == before and _blas_threads() == threads


def _worker_blas_threads(_: int) -> list[int]:
    return _blas_threads()


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_workers_forked_inside_bulk_work_run_blas_on_one_thread_too() -> None:
    """`compare --pairs` forks its workers inside `bulk_work`: each inherits one BLAS thread (two
    workers with two spinning threads each, on two cores, took 3.4-3.7 s for 400 pairs; 2.9-3.1)."""
    with parallel.bulk_work(), parallel.worker_pool(2) as pool:
        assert {n for threads in pool.map(_worker_blas_threads, range(4)) for n in threads} == {1}


def test_bulk_work_keeps_its_settings_until_the_last_of_overlapping_blocks_ends() -> None:
    """Two adds of one server overlap: the first to end must not restore what the other still needs."""
    before, threads = gc.get_threshold(), _blas_threads()
    first, second = parallel.bulk_work(), parallel.bulk_work()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[2] >= parallel.FULL_COLLECTION_AFTER and set(_blas_threads()) == {1}
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before and _blas_threads() == threads


def test_bulk_work_in_another_thread_leaves_blas_alone_and_failing_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before, threads, seen = gc.get_threshold(), _blas_threads(), []

    def add() -> None:
        with parallel.bulk_work():
            seen.append((gc.get_threshold(), _blas_threads()))

    worker = threading.Thread(target=add)
    worker.start()
    worker.join()
    assert seen == [((*before[:2], max(before[2], parallel.FULL_COLLECTION_AFTER)), threads)]
    assert gc.get_threshold() == before

    class Broken:
        def limit(self, **kwargs: object) -> None:
            raise OSError("cannot load the BLAS library")

    monkeypatch.setattr(parallel, "_blas_controller", Broken)
    with pytest.raises(OSError), parallel.bulk_work():
        pass
    assert gc.get_threshold() == before
    monkeypatch.undo()
    with parallel.bulk_work():  # and the next block still works, and restores
        gc.set_threshold(500, 5, 5)  # a caller's own change inside the block is kept
    assert gc.get_threshold() == (500, 5, 5)
    gc.set_threshold(*before)
