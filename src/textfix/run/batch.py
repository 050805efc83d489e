"""Running over many inputs on every core, in input order, with bounded memory.

:func:`ordered_map` is the one parallel primitive: a process pool fed through a window
of at most ``jobs * WINDOW_PER_JOB`` tasks in flight, so a corpus of any size streams
through (the input iterator is consumed lazily and results are yielded in input order
as soon as they are ready). Each worker builds its state once (its own
:class:`~textfix.core.engine.Engine`: rules are loaded once per worker, not per task).

Ctrl-C (SIGINT) and SIGTERM: the first one asks the run to stop. Workers finish the item
in hand (every write is an atomic rename, so no file is ever half-written) and return
what they did; the parent cancels what has not started, yields the results of every item
that was processed, so the caller counts exactly what was written, joins the workers and
raises :class:`Interrupted` (a :class:`KeyboardInterrupt`). A second signal stops at
once. A worker whose parent is gone (killed with SIGKILL) stops after its item, so no
process is orphaned. A worker that dies (killed, out of memory) ends the run with
:class:`WorkerCrashError`.

:func:`fix_partition` is the unit other engines map (Dask, Spark, Ray, pandas): a list of
texts in, the cleaned list out, with one :class:`~textfix.core.engine.Engine` per process.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textfix.errors import TextfixError

if TYPE_CHECKING:
    import concurrent.futures

    from textfix.config import Config

# Start-up: multiprocessing, concurrent.futures and logging (about 30 ms with pickle) are imported
# by the pool and the partition functions, not here: the engine imports this module, and a check
# of a few files in this process never starts a pool.

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


class Interrupted(KeyboardInterrupt):
    """A run stopped by SIGINT or SIGTERM, after the results it yielded; ``exit_code`` is 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


class _StopNow(Interrupted):
    """A second signal: stop at once, without waiting for the items in hand."""


class WorkerCrashError(TextfixError):
    """A worker process died (killed, out of memory): the run cannot account for its items."""


#: Seconds between two looks of a worker at its parent process.
PARENT_WATCH_INTERVAL = 0.5
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: Seconds the live workers of a broken pool get to finish the file in hand before they are killed.
BROKEN_POOL_GRACE = 10.0


class _Worker:
    """What a worker process knows: its state, whether to stop, whether it is inside an item."""

    state: Any = None
    stop_event: Any = None
    stopping = False
    busy = False


def _worker_signal(signum: int, frame: FrameType | None) -> None:
    _Worker.stopping = True


def _watch_parent(parent: int) -> None:
    """Stop this worker, after the item in hand, once the parent process is gone (no orphan)."""
    while _alive(parent):
        time.sleep(PARENT_WATCH_INTERVAL)
    _Worker.stopping = True
    while _Worker.busy:
        time.sleep(0.05)
    os._exit(1)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, killed and not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # pragma: no cover - the pid now belongs to another user's process
            return False
        return True


def _init_worker(make_state: Callable[[], Any], stop_event: Any = None, parent: int | None = None) -> None:
    for signum in _STOP_SIGNALS:
        signal.signal(signum, _worker_signal)
    _Worker.stop_event = stop_event
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="textfix-parent-watch").start()
    _Worker.state = make_state()


def _stop_asked() -> bool:
    event = _Worker.stop_event
    return _Worker.stopping or (event is not None and event.is_set())


def _call_each(func: Callable[[Any, Any], Any], chunk: list[Any]) -> list[Any]:
    """``func`` over a chunk, stopping before the next item once a stop is asked: the items done."""
    out = []
    for item in chunk:
        if _stop_asked():
            break
        _Worker.busy = True
        try:
            out.append(func(_Worker.state, item))
        finally:
            _Worker.busy = False
    return out


class _StopRequests:
    """SIGINT and SIGTERM handlers while a run is on: the first signal asks to stop, a second stops now.

    Installed only in the main thread (signal handlers live there); elsewhere the default
    behaviour stays.
    """

    def __init__(self, event: Any = None) -> None:
        self.event = event
        self.signum: int | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _StopRequests:
        if threading.current_thread() is threading.main_thread():
            for signum in _STOP_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            raise _StopNow(signum)
        self.signum = signum
        if self.event is not None:
            self.event.set()
        with contextlib.suppress(OSError):
            os.write(sys.stderr.fileno(), b"textfix: stopping after the items in hand (again to stop now)\n")

    def check(self) -> None:
        """Raise :class:`Interrupted` if a stop was asked."""
        if self.signum is not None:
            raise Interrupted(self.signum)


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

    On SIGINT or SIGTERM, every item processed is still yielded, then
    :class:`Interrupted` is raised (see the module's documentation).
    """
    jobs, items = resolve_jobs(items, jobs)
    if jobs == 1:
        with _StopRequests() as stop:
            state = make_state()
            for item in items:
                stop.check()
                yield func(state, item)
        return
    yield from _pool_map(func, items, make_state, jobs, size_of)


def _pool_map(
    func: Callable[[Any, T], R],
    items: Iterable[T],
    make_state: Callable[[], Any],
    jobs: int,
    size_of: Callable[[T], int] | None,
) -> Iterator[R]:
    import concurrent.futures  # noqa: PLC0415 - start-up: see the imports
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    context = multiprocessing.get_context("spawn" if os.name != "posix" else "forkserver")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload([WORKER_PRELOAD])
    stop_event = context.Event()
    executor = concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(make_state, stop_event, os.getpid())
    )
    limit = jobs * WINDOW_PER_JOB
    window: collections.deque[concurrent.futures.Future[list[R]]] = collections.deque()
    with _StopRequests(stop_event) as stop:
        try:
            for chunk in chunked(items, size_of):
                stop.check()
                window.append(executor.submit(_call_each, func, chunk))
                while len(window) >= limit:
                    yield from window.popleft().result()
                    stop.check()
            while window:
                yield from window.popleft().result()
                stop.check()
        except Interrupted as interrupted:
            stop_event.set()
            if not isinstance(interrupted, _StopNow):
                yield from _drain(window)  # the items in hand, done: the caller counts them
            _stop_pool(executor, window, now=isinstance(interrupted, _StopNow))
            raise
        except BrokenProcessPool as exc:
            # The pool's result queue is gone: a live worker that finishes its item in hand would block
            # for ever handing in its result. Ask it to stop, give it time to finish the file it is
            # writing, then kill what is left (every write is an atomic rename).
            stop_event.set()
            _stop_pool(executor, window, kill_after=BROKEN_POOL_GRACE)
            msg = "a worker process died (killed, or out of memory); the run stopped"
            raise WorkerCrashError(msg) from exc
        except BaseException:
            stop_event.set()
            _stop_pool(executor, window)
            raise
    executor.shutdown(wait=True)


def _drain(window: collections.deque[concurrent.futures.Future[list[R]]]) -> Iterator[R]:
    """The results of the tasks that started (they stop after their item in hand); the rest is cancelled."""
    import concurrent.futures  # noqa: PLC0415 - start-up: see the imports
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    while window:
        pending = window.popleft()
        if pending.cancel():
            break
        with contextlib.suppress(BrokenProcessPool, concurrent.futures.CancelledError):
            yield from pending.result()


def _stop_pool(
    executor: concurrent.futures.ProcessPoolExecutor,
    window: Iterable[Any],
    *,
    now: bool = False,
    kill_after: float | None = None,
) -> None:
    """Cancel what has not started and join the workers.

    Each worker stops after its item in hand; ``now``: at once; ``kill_after``: workers still
    alive after that many seconds are killed (a broken pool can no longer take their results).
    """
    for pending in window:
        pending.cancel()
    processes: dict[int, Any] = getattr(executor, "_processes", None) or {}
    if now:
        for process in list(processes.values()):
            with contextlib.suppress(OSError, AttributeError):
                process.terminate()
    if kill_after is not None:
        deadline = time.monotonic() + kill_after
        for process in list(processes.values()):
            with contextlib.suppress(OSError, AttributeError, ValueError):
                process.join(max(0.0, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
    executor.shutdown(wait=True, cancel_futures=True)


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

    A text that a rule fails on comes back as it was (logged on the ``textfix`` logger,
    with its index in the partition): one bad record never fails the partition.

    >>> fix_partition(["Story.\\n\\nSource link\\n", None])
    ['Story.\\n', None]
    """
    from textfix.run.engines import engine_for  # noqa: PLC0415 - the engine module imports this one

    engine = engine_for(config)
    out = []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            out.append(text)
            continue
        try:
            out.append(engine.fix(text, unsafe=unsafe).text)
        except Exception as exc:  # one record's failure never fails the partition
            import logging  # noqa: PLC0415 - start-up: see the imports

            logging.getLogger("textfix").warning(
                "textfix: text %d of the partition left as it was: %s", index, _one_line(exc)
            )
            out.append(text)
    return out


def _one_line(exc: BaseException) -> str:
    detail = (str(exc).splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {detail}"
