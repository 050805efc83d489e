"""Running textfix on a Dask cluster (extra ``textfix[dask]``).

::

    import dask.bag as db
    from textfix.dask import fix_bag, fix_column

    cleaned = fix_bag(db.read_text("s3://bucket/pages/*.txt", files_per_partition=100))
    df = fix_column(dask_dataframe, "text", codes_column="textfix_codes")

The engine travels to workers as its configuration and is built once per worker process
(and cached there), so rules are loaded once per worker, not once per partition. The same
pattern runs under Spark (``rdd.mapPartitions``) or Ray (``Dataset.map_batches``): see
:func:`fix_partition` and the README.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textfix.config import Config
from textfix.engine import Engine
from textfix.runner import Action, Runner


@functools.lru_cache(maxsize=8)
def _engine(config: Config) -> Engine:
    return Engine(config)


def fix_partition(texts: Iterable[Any], config: Config | None = None, unsafe: bool = False) -> list[Any]:
    """Fix every string of one partition (other values pass through): the function any engine maps."""
    engine = _engine(config if config is not None else Config())
    return [engine.fix(t, unsafe=unsafe).text if isinstance(t, str) else t for t in texts]


def fix_bag(bag: Any, config: Config | None = None, *, unsafe: bool = False) -> Any:
    """A ``dask.bag.Bag`` of texts, cleaned."""
    return bag.map_partitions(fix_partition, config, unsafe)


def _fix_series(series: Any, config: Config | None, unsafe: bool, codes: bool) -> Any:
    engine = _engine(config if config is not None else Config())
    if not codes:
        return series.map(lambda t: engine.fix(t, unsafe=unsafe).text if isinstance(t, str) else t)
    return series.map(
        lambda t: sorted({a.finding.code for a in engine.fix(t, unsafe=unsafe).applied}) if isinstance(t, str) else []
    )


def fix_column(
    frame: Any, column: str, config: Config | None = None, *, unsafe: bool = False, codes_column: str | None = None
) -> Any:
    """A Dask (or pandas-like) DataFrame with ``column`` cleaned and, optionally, the codes applied."""
    cleaned = frame[column].map_partitions(_fix_series, config, unsafe, False, meta=(column, "object"))
    out = frame.assign(**{column: cleaned})
    if codes_column is not None:
        codes = frame[column].map_partitions(_fix_series, config, unsafe, True, meta=(codes_column, "object"))
        out = out.assign(**{codes_column: codes})
    return out


def _run_path(path: str, overrides: dict[str, Any], action: Action) -> tuple[str, bool, int, str | None]:
    runner = _runner(tuple(sorted(overrides.items())))
    from textfix.discovery import Input  # noqa: PLC0415 - small, keeps the worker import light

    outcome = runner.run_file(Input(Path(path), None), action)
    return outcome.path, outcome.changed, len(outcome.findings), outcome.error or outcome.skipped


@functools.lru_cache(maxsize=8)
def _runner(overrides: tuple[tuple[str, Any], ...]) -> Runner:
    return Runner(dict(overrides))


def fix_files(
    paths: Iterable[str], scheduler: str, overrides: dict[str, Any] | None = None, *, action: Action = Action.FIX
) -> list[tuple[str, bool, int, str | None]]:
    """Fix (or check) files on a cluster at ``scheduler``; workers must see the same file system.

    Returns (path, changed, findings left, error) per file, in input order.
    """
    # Optional extra, imported on use; typed loosely (dask's own annotations are partial).
    bag: Any = importlib.import_module("dask.bag")
    distributed: Any = importlib.import_module("distributed")

    listed = list(paths)
    with distributed.Client(scheduler) as client:
        work = bag.from_sequence(listed, npartitions=max(1, min(len(listed), 64))).map(
            _run_path, dict(overrides or {}), action
        )
        return list(client.compute(work).result())
