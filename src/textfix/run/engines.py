"""The one engine cache: one :class:`~textfix.core.engine.Engine` per configuration in a process.

Loading the rules (packs, word lists, the gazetteer) costs far more than checking a small
document, so the library functions, the runner, the worker pool and the Dask and Spark
entry points all take their engines from here.
"""

from __future__ import annotations

import functools
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textfix.config import Config
    from textfix.core.engine import Engine

#: Whether the next engine is built with the collector off, then frozen (:func:`freeze_after_build`).
_freeze_pending = False


def freeze_after_build() -> None:
    """Build the next engine with the cyclic collector off, then move what is alive out of its reach.

    The command line asks for this at start-up: modules, classes, rules and their tables live
    as long as the process, yet each collection while they are built, and every full collection
    after, would traverse them again (``gc.freeze``; the documents' own garbage is collected as
    before). A library caller's objects are left alone unless it asks.
    """
    global _freeze_pending  # noqa: PLW0603 - one flag per process
    _freeze_pending = True


@functools.lru_cache(maxsize=64)
def engine_for(config: Config | None = None) -> Engine:
    """The engine of ``config`` (the defaults when ``None``), built on first use in this process."""
    global _freeze_pending  # noqa: PLW0603
    from textfix.config import Config  # noqa: PLC0415 - the engine module imports the run layer
    from textfix.core.engine import Engine  # noqa: PLC0415

    if not _freeze_pending:
        return Engine(config if config is not None else Config())
    _freeze_pending = False
    enabled = gc.isenabled()
    gc.disable()  # building the rules' tables: long-lived objects, nothing to collect
    try:
        engine = Engine(config if config is not None else Config())
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return engine
