"""Run a function over chunks of work in forked worker processes.

Workers are forked after the site model is built, so they share it copy-on-write
and nothing but small results crosses a pipe. One process is used when there is
little work or one core.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
from typing import Callable, Iterator, Sequence, TypeVar

from sitegen import progress

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Callable, Sequence] | None = None  # set in the parent just before forking


_ONE_CORE = False  # set in workers: a worker does not start workers of its own
_BESIDE_WORKERS = 0  # > 0 while this process works beside its own workers (see started)


JOBS_VARIABLE = "SITEGEN_JOBS"  # processes a build may use; default: the cores it may run on


def chosen_jobs() -> int | None:
    """The processes SITEGEN_JOBS allows, None when it is not set; ValueError when it
    is not a whole number above 0 (the command line says so before any work)."""
    chosen = os.environ.get(JOBS_VARIABLE, "").strip()
    if not chosen:
        return None
    if not chosen.isdigit() or int(chosen) == 0:
        raise ValueError(chosen)
    return int(chosen)


def cpu_count() -> int:
    if _ONE_CORE or _BESIDE_WORKERS:
        return 1
    with contextlib.suppress(ValueError):
        chosen = chosen_jobs()
        if chosen:
            return chosen
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_FROZEN_DEPTH = 0


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Move every object that exists now out of the cyclic garbage collector's sight
    (gc.freeze) until the outermost of these blocks ends. A forked worker then never
    touches the inherited heap to collect it (which would copy it page by page), and
    a long build does not rescan the site model at every collection."""
    global _FROZEN_DEPTH
    gc.freeze()
    _FROZEN_DEPTH += 1
    try:
        yield
    finally:
        _FROZEN_DEPTH -= 1
        if not _FROZEN_DEPTH:
            gc.unfreeze()


def park() -> None:
    """Inside a frozen_heap block: freeze what was made since it began (the objects
    of a long-lived model), so that the next collection does not scan them all."""
    if _FROZEN_DEPTH:
        gc.freeze()


@contextlib.contextmanager
def collector_paused(park_after: bool = False) -> Iterator[None]:
    """No cyclic garbage collection in the block: for code that makes many objects
    and no cycles, which the collector would rescan again and again as they grow.
    ``park_after``: freeze them (see park) before collections start again, which
    would otherwise begin with a scan of them all."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if park_after:
            park()
        if was_enabled:
            gc.enable()


def _run_chunk(bounds: tuple[int, int]) -> list:
    global _ONE_CORE
    _ONE_CORE = True  # the other cores are busy too (and a pool's workers cannot fork)
    func, items = _WORK  # type: ignore[misc]
    return [func(item) for item in items[bounds[0]:bounds[1]]]


_CHUNKS_PER_WORKER = 8  # several chunks per worker balance the load


def workers_for(items: int, min_per_worker: int = 200) -> int:
    """How many worker processes ``started`` uses for this many items (<= 1: none)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(cpu_count(), items // min_per_worker)


def map_forked(func: Callable[[T], R], items: Sequence[T], min_per_worker: int = 200) -> list[R]:
    """[func(x) for x in items], spread over the cores; results keep the items' order.
    An exception in a worker is raised here. Progress is told as items are done."""
    return list(imap_forked(func, items, min_per_worker))


def imap_forked(func: Callable[[T], R], items: Sequence[T], min_per_worker: int = 200) -> Iterator[R]:
    """map_forked's results one by one, in order, as soon as each chunk is done: the
    caller works on the first while the workers make the rest."""
    with started(func, items, min_per_worker) as results:
        yield from results


@contextlib.contextmanager
def started(func: Callable[[T], R], items: Sequence[T], min_per_worker: int = 200) -> Iterator[Iterator[R]]:
    """imap_forked's workers, started at once: the block gets the iterator of results
    and may do other work before reading them, while the workers run. Meanwhile
    ``cpu_count`` says 1 here, so that the other work does not fork more workers."""
    workers = workers_for(len(items), min_per_worker)
    if workers <= 1:
        yield _in_this_process(func, items)
        return
    global _WORK, _BESIDE_WORKERS
    _WORK = (func, items)
    size = -(-len(items) // (workers * _CHUNKS_PER_WORKER))
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    try:
        # Halfway, each worker is replaced by a fresh fork: what its work left in its heap,
        # and the inherited pages its reads copied, go with it (benchmarks: peak memory).
        with frozen_heap(), multiprocessing.get_context("fork").Pool(
                workers, maxtasksperchild=_CHUNKS_PER_WORKER // 2) as pool:
            _BESIDE_WORKERS += 1
            try:
                yield _flatten(pool.imap(_run_chunk, bounds))  # in order, each chunk as soon as it is done
            finally:
                _BESIDE_WORKERS -= 1
    finally:
        _WORK = None


def _in_this_process(func: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    for item in items:
        yield func(item)
        progress.advance()


def _flatten(chunks: Iterator[list[R]]) -> Iterator[R]:
    for chunk in chunks:
        progress.advance(len(chunk))
        yield from chunk


@contextlib.contextmanager
def in_child(func: Callable[[], R]) -> Iterator[Callable[[], R]]:
    """``func()`` made in a forked child while the block runs here: the block calls
    the function it is given for the result (pickled back through a pipe; an
    exception in the child is raised there). For a little work beside a little work:
    the child inherits everything (copy-on-write) and sends back only the result.
    With one core (or no fork), ``func`` runs when its result is asked for."""
    if cpu_count() < 2 or not hasattr(os, "fork"):
        yield func
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running any cleanup
        code = 1
        try:
            global _ONE_CORE
            _ONE_CORE = True
            progress.detach()
            os.close(read)
            with os.fdopen(write, "wb") as out:
                try:
                    outcome = (True, func())
                except BaseException as exc:  # sent to be raised in the parent
                    outcome = (False, exc)
                try:
                    pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # an unpicklable result or exception
                    pickle.dump((False, RuntimeError(f"worker process failed: {exc!r}")), out)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    received: list = []

    def result() -> R:
        if not received:
            with os.fdopen(read, "rb") as pipe, collector_paused():  # a result of many objects
                try:
                    received.append(pickle.load(pipe))
                except EOFError:
                    received.append((False, RuntimeError(f"worker process {pid} failed")))
            os.waitpid(pid, 0)
        ok, value = received[0]
        if not ok:
            raise value
        return value

    try:
        yield result
    finally:
        if not received:  # the block failed before asking: stop the child
            os.close(read)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
