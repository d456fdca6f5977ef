"""Run a function over chunks of work in forked worker processes.

Workers are forked after the site model is built, so they share it copy-on-write
and nothing but small results crosses a pipe. One process is used when there is
little work or one core.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Callable, Sequence] | None = None  # set in the parent just before forking


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _run_chunk(bounds: tuple[int, int]) -> list:
    func, items = _WORK  # type: ignore[misc]
    return [func(item) for item in items[bounds[0]:bounds[1]]]


def map_forked(func: Callable[[T], R], items: Sequence[T], min_per_worker: int = 200) -> list[R]:
    """[func(x) for x in items], spread over the cores; results keep the items' order.
    An exception in a worker is raised here."""
    workers = min(cpu_count(), len(items) // min_per_worker)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    global _WORK
    _WORK = (func, items)
    size = -(-len(items) // (workers * 8))  # several chunks per worker balance the load
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    # Move every existing object out of the garbage collector's sight: a collection in
    # a worker would otherwise touch the whole inherited heap and copy it page by page.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunks = pool.map(_run_chunk, bounds)
    finally:
        gc.unfreeze()
        _WORK = None
    return [result for chunk in chunks for result in chunk]


class Background:
    """``func()`` started in a forked child, beside what the parent does next. With one
    core, or fewer than ``min_items`` items of work, it runs in this process when its
    result is asked for."""

    def __init__(self, func: Callable[[], R], min_items: int, items: int) -> None:
        self.func = func
        self.process = None
        if cpu_count() < 2 or items < min_items or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)

        def child() -> None:
            try:
                outcome = (True, func())
            except BaseException as exc:  # every failure goes back to the parent
                outcome = (False, exc)
            send.send(outcome)

        gc.freeze()  # as in map_forked: keep the child's collections off the shared heap
        try:
            self.process = context.Process(target=child)  # not a daemon: it may fork workers
            self.process.start()
        finally:
            gc.unfreeze()
        send.close()

    def result(self) -> R:
        """Wait for the result; an exception in the child is raised here."""
        if self.process is None:
            return self.func()
        try:
            outcome = self.receive.recv()
        except EOFError:
            outcome = None
        self._end()
        if outcome is None:
            raise RuntimeError(f"a worker process ended without a result (exit code {self.process.exitcode})")
        ok, value = outcome
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child (the parent failed): nothing it does is wanted any more."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
        self._end()

    def _end(self) -> None:
        if self.process is not None:
            self.process.join()
            self.receive.close()
