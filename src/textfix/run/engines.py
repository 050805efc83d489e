"""The one engine cache: one :class:`~textfix.core.engine.Engine` per configuration in a process.

Loading the rules (packs, word lists, the gazetteer) costs far more than checking a small
document, so the library functions, the runner, the worker pool and the Dask and Spark
entry points all take their engines from here.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textfix.config import Config
    from textfix.core.engine import Engine


@functools.lru_cache(maxsize=64)
def engine_for(config: Config | None = None) -> Engine:
    """The engine of ``config`` (the defaults when ``None``), built on first use in this process."""
    from textfix.config import Config  # noqa: PLC0415 - the engine module imports the run layer
    from textfix.core.engine import Engine  # noqa: PLC0415

    return Engine(config if config is not None else Config())
