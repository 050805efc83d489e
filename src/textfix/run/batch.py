"""Running over many inputs on every core, in input order, with bounded memory.

:func:`ordered_map` is the one parallel primitive: a process pool fed through a window
of at most ``jobs * WINDOW_PER_JOB`` tasks in flight, so a corpus of any size streams
through (the input iterator is consumed lazily and results are yielded in input order
as soon as they are ready). Each worker builds its state once (its own
:class:`~textfix.core.engine.Engine`: rules are loaded once per worker, not per task).

Ctrl-C: workers ignore SIGINT and finish the task in hand (every write is an atomic
rename, so no file is ever half-written); the parent cancels what has not started and
re-raises :class:`KeyboardInterrupt`.

:func:`fix_partition` is the unit other engines map (Dask, Spark, Ray, pandas): a list of
texts in, the cleaned list out, with one :class:`~textfix.core.engine.Engine` per process.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from textfix.config import Config

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

#: The module the worker server imports before forking workers (see :mod:`textfix.run.warm`).
WORKER_PRELOAD = "textfix.run.warm"
#: Tasks (chunks of items) in flight per worker: enough to keep workers busy, few enough to bound memory.
WINDOW_PER_JOB = 4
#: With ``jobs=None`` (every core), inputs this few run in this process: starting workers, each
#: loading its word lists, costs more than the work (a pre-commit hook, one file on the command line).
SERIAL_UP_TO = 16

_STATE: Any = None


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


#: A task carries at most this many items or this much (``size_of``: characters, bytes).
CHUNK_ITEMS = 256
CHUNK_CHARS = 1 << 20


def chunked(
    items: Iterable[T], size_of: Callable[[T], int] | None = None, max_items: int = CHUNK_ITEMS
) -> Iterator[list[T]]:
    """Group ``items`` lazily into lists of at most ``max_items`` items or ``CHUNK_CHARS`` in size."""
    chunk: list[T] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += size_of(item) if size_of is not None else 0
        if len(chunk) >= max_items or size >= CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def resolve_jobs(items: Iterable[T], jobs: int | None) -> tuple[int, Iterator[T]]:
    """The number of processes for ``items``, and the items (peeked at, none lost).

    ``None`` or ``0`` means every core, unless ``items`` holds at most
    :data:`SERIAL_UP_TO` items: then one (this process).
    """
    iterator = iter(items)
    if jobs is not None and jobs > 0:
        return jobs, iterator
    head = list(itertools.islice(iterator, SERIAL_UP_TO + 1))
    chosen = 1 if len(head) <= SERIAL_UP_TO else default_jobs()
    return chosen, itertools.chain(head, iterator)


def _init_worker(make_state: Callable[[], Any]) -> None:
    global _STATE  # noqa: PLW0603 - one state per worker process, built once
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE = make_state()


def _call_each(func: Callable[[Any, Any], Any], chunk: list[Any]) -> list[Any]:
    return [func(_STATE, item) for item in chunk]


def ordered_map(
    func: Callable[[Any, T], R],
    items: Iterable[T],
    make_state: Callable[[], Any],
    jobs: int | None = None,
    size_of: Callable[[T], int] | None = None,
) -> Iterator[R]:
    """``func(state, item)`` for every item, in input order, over ``jobs`` processes.

    ``jobs`` of ``None`` or ``0`` means every core, unless the input holds at most
    :data:`SERIAL_UP_TO` items. ``make_state`` runs once per worker (and once here when
    ``jobs == 1``, which runs in this process with no pool). Items travel to workers in
    chunks (:func:`chunked`, sized by ``size_of`` when given): one small item per task
    would spend more time on inter-process traffic than on the work. ``func``,
    ``make_state`` and ``size_of`` must be picklable (module-level functions, or
    :func:`functools.partial` of them).
    """
    jobs, items = resolve_jobs(items, jobs)
    if jobs == 1:
        state = make_state()
        for item in items:
            yield func(state, item)
        return
    context = multiprocessing.get_context("spawn" if os.name != "posix" else "forkserver")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload([WORKER_PRELOAD])
    executor = concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(make_state,)
    )

    def submit(chunk: list[T]) -> concurrent.futures.Future[list[R]]:
        return executor.submit(_call_each, func, chunk)

    try:
        with contextlib.closing(in_order(submit, chunked(items, size_of), jobs * WINDOW_PER_JOB)) as results:
            for chunk_results in results:
                yield from chunk_results
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


class Pending(Protocol[R_co]):
    """A task submitted to an executor: a ``concurrent.futures`` or a Dask future."""

    def result(self) -> R_co:
        """Wait for the task; its result."""

    def cancel(self) -> bool:
        """Cancel the task if it has not started."""


def in_order(submit: Callable[[T], Pending[R]], tasks: Iterable[T], limit: int) -> Generator[R, None, None]:
    """The results of ``submit(task)`` for every task, in order, with at most ``limit`` in flight.

    ``tasks`` is read lazily, so memory holds ``limit`` tasks and results whatever the
    input; what is still pending when the caller stops is cancelled.
    """
    window: collections.deque[Pending[R]] = collections.deque()
    try:
        for task in tasks:
            window.append(submit(task))
            if len(window) >= limit:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        for pending in window:
            pending.cancel()


def fix_partition(texts: Iterable[Any], config: Config | None = None, unsafe: bool = False) -> list[Any]:
    """Every string of ``texts`` fixed (other values, such as ``None``, pass through), as a list.

    The function to map over partitions in any distributed engine: Dask
    (``bag.map_partitions``), Spark (``rdd.mapPartitions``), Ray (``map_batches``).

    >>> fix_partition(["Story.\\n\\nSource link\\n", None])
    ['Story.\\n', None]
    """
    from textfix.run.engines import engine_for  # noqa: PLC0415 - the engine module imports this one

    engine = engine_for(config)
    return [engine.fix(text, unsafe=unsafe).text if isinstance(text, str) else text for text in texts]
