"""The fork-based map: the results of a plain loop, in order, whatever the number of workers."""

from __future__ import annotations

import os

import pytest

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
