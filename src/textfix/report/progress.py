"""Progress of a batch run on a terminal: files, MB, MB/s and the time left.

The bar starts at once: a background thread walks the inputs a second time to total
their sizes (the work itself never waits for that count), and the bar shows a
percentage and the time left once the total is known. Nothing is shown when standard
error is not a terminal (CI logs, pipes), so batch output stays machine-readable.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable, Iterable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from textfix.io.discovery import Input


class BatchProgress:
    """A progress bar over inputs processed in input order.

    Use it as a context manager; pass the inputs through :meth:`feed` and call
    :meth:`advance` as each one is done.
    """

    def __init__(self, console: Console, count_inputs: Callable[[], Iterable[Input]]) -> None:
        self.progress = Progress(
            TextColumn("[bold]textfix"),
            BarColumn(),
            TextColumn("{task.fields[files]}/{task.fields[total_files]} files"),
            DownloadColumn(binary_units=False),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.task: TaskID = self.progress.add_task("files", total=None, files=0, total_files="?")
        self.pending: collections.deque[int] = collections.deque()
        self.done_files = 0
        self._stop = threading.Event()
        self._counter = threading.Thread(target=self._count, args=(count_inputs,), daemon=True)

    def _count(self, count_inputs: Callable[[], Iterable[Input]]) -> None:
        """Total the inputs' sizes in the background, then give the bar its total."""
        files = size = 0
        for item in count_inputs():
            if self._stop.is_set():
                return
            files += 1
            size += item.size()
        self.progress.update(self.task, total=size, total_files=files)

    def feed(self, items: Iterable[Input]) -> Iterator[Input]:
        """Pass ``items`` through, remembering their sizes for :meth:`advance`."""
        for item in items:
            self.pending.append(item.size())
            yield item

    def advance(self) -> None:
        """One more input done (inputs finish in the order they were fed)."""
        size = self.pending.popleft() if self.pending else 0
        self.done_files += 1
        self.progress.update(self.task, advance=size, files=self.done_files)

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        self._counter.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.progress.__exit__(None, None, None)
