"""Forked workers: results in order, other work in the parent meanwhile, no stray processes."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from sitegen import parallel


def square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "2")


def test_the_parent_works_while_the_workers_do(two_cores):
    items = list(range(40))
    seen = {}
    with parallel.started(square_and_pid, items, min_per_worker=10) as results:
        seen["cores meanwhile"] = parallel.cpu_count()  # work done here forks no more workers
        out = list(results)
    assert [r for r, _ in out] == [x * x for x in items]
    assert os.getpid() not in {pid for _, pid in out}  # made by the workers
    assert seen["cores meanwhile"] == 1 and parallel.cpu_count() == 2


def test_a_failure_meanwhile_stops_the_workers(two_cores):
    with pytest.raises(RuntimeError, match="meanwhile"):
        with parallel.started(square_and_pid, list(range(40)), min_per_worker=10):
            raise RuntimeError("meanwhile")
    assert not multiprocessing.active_children()
    assert parallel.cpu_count() == 2


def test_little_work_stays_in_this_process(two_cores):
    with parallel.started(square_and_pid, [1, 2, 3], min_per_worker=10) as results:
        out = list(results)
    assert out == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_a_child_works_beside_this_process(two_cores):
    with parallel.in_child(lambda: (os.getpid(), [x * x for x in range(5)])) as result:
        here = sum(range(1000))
        pid, squares = result()
    assert pid != os.getpid() and squares == [0, 1, 4, 9, 16] and here == 499500
    assert not multiprocessing.active_children()


def fail():
    raise ValueError("in the child")


def test_a_failure_in_the_child_is_raised_here(two_cores):
    with parallel.in_child(fail) as result:
        with pytest.raises(ValueError, match="in the child"):
            result()


def test_a_child_is_stopped_when_the_block_fails(two_cores, monkeypatch):
    import time

    forked = []
    real_fork = os.fork
    monkeypatch.setattr(parallel.os, "fork", lambda: forked.append(real_fork()) or forked[-1])
    began = time.monotonic()
    with pytest.raises(KeyError):
        with parallel.in_child(lambda: time.sleep(30)):
            raise KeyError("here")
    assert time.monotonic() - began < 10  # killed, not waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # and reaped: nothing left behind


@pytest.mark.parametrize("value", ["zero", "0", "-2", "1.5"])
def test_a_bad_number_of_processes_is_refused_before_any_work(value, monkeypatch, capsys, tmp_path):
    from sitegen.cli import main

    monkeypatch.setenv("SITEGEN_JOBS", value)
    assert main(["build", "--lang", "en", "--site", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("SITEGEN_JOBS:0: error:") and repr(value) in err
    assert not (tmp_path / "output").exists()
