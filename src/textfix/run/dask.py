"""Running textfix on a Dask cluster (extra ``textfix[dask]``).

::

    import dask.bag as db
    from textfix.run.dask import fix_bag, fix_column

    cleaned = fix_bag(db.read_text("s3://bucket/pages/*.txt", files_per_partition=100))
    df = fix_column(dask_dataframe, "text", codes_column="textfix_codes")

The engine travels to workers as its configuration and is built once per worker process
(and cached there), so rules are loaded once per worker, not once per partition. The same
pattern runs under Spark (``rdd.mapPartitions``) or Ray (``Dataset.map_batches``) with
:func:`textfix.run.batch.fix_partition`: see docs/batch.md.

:func:`fix_files` and :func:`fix_jsonl_on_cluster` are what ``textfix fix --dask-scheduler ADDRESS``
runs: the client streams chunks of file paths, or of JSONL lines, to the cluster with a
bounded number in flight, and gets the results back in input order, so memory stays flat
whatever the size of the input.
"""

from __future__ import annotations

import functools
import importlib
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import msgspec

from textfix.config import Config
from textfix.io.discovery import Input
from textfix.run import batch, records
from textfix.run.batch import fix_partition
from textfix.run.engines import engine_for
from textfix.run.records import LineResult, RecordStats
from textfix.run.runner import Action, Runner

#: Chunks in flight per worker thread of the cluster.
WINDOW_PER_WORKER = 4
#: File paths per task.
PATHS_PER_TASK = 64


def fix_bag(bag: Any, config: Config | None = None, *, unsafe: bool = False) -> Any:
    """A ``dask.bag.Bag`` of texts, cleaned."""
    return bag.map_partitions(fix_partition, config, unsafe)


def _fix_series(series: Any, config: Config | None, unsafe: bool, codes: bool) -> Any:
    """A partition of a column cleaned (or the codes applied); a text a rule fails on stays as it was."""
    if not codes:
        return series.map(lambda text: fix_partition([text], config, unsafe)[0])
    engine = engine_for(config)

    def applied(text: Any) -> list[str]:
        if not isinstance(text, str):
            return []
        try:
            return engine.fix(text, unsafe=unsafe).codes
        except Exception:  # the text stays as it was (see fix_partition): nothing applied
            return []

    return series.map(applied)


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


def _client(scheduler: str) -> Any:
    """A client of the cluster at ``scheduler`` (imported on use: an optional extra)."""
    distributed: Any = importlib.import_module("distributed")
    return distributed.Client(scheduler)


def _in_order(client: Any, func: Callable[[Any], Any], chunks: Iterable[Any]) -> Iterator[Any]:
    """``func(chunk)`` on the cluster for every chunk, in input order, a bounded number in flight."""
    limit = max(1, sum(client.nthreads().values())) * WINDOW_PER_WORKER
    return batch.in_order(functools.partial(client.submit, func, pure=False), chunks, limit)


# --- files --------------------------------------------------------------------------------------------------------


class FileResult(msgspec.Struct, frozen=True):
    """What happened to one file on the cluster."""

    path: str
    changed: bool
    findings: int
    error: str | None = None
    skipped: str | None = None


class RunnerSettings(msgspec.Struct, frozen=True):
    """What a worker needs to build the same :class:`~textfix.run.runner.Runner` as the client."""

    overrides: tuple[tuple[str, Any], ...] = ()
    config_file: str | None = None
    isolated: bool = False


_RUNNERS: dict[bytes, Runner] = {}


def _runner(settings: RunnerSettings) -> Runner:
    """One runner per distinct settings in each worker process (rules load once there)."""
    key = pickle.dumps(settings)
    runner = _RUNNERS.get(key)
    if runner is None:
        config_file = Path(settings.config_file) if settings.config_file is not None else None
        runner = Runner(dict(settings.overrides), config_file, settings.isolated)
        _RUNNERS[key] = runner
    return runner


def _run_paths(paths: list[str], settings: RunnerSettings, action: Action) -> list[FileResult]:
    runner = _runner(settings)
    out = []
    for path in paths:
        outcome = runner.run_file(Input(Path(path), None), action)
        out.append(FileResult(outcome.path, outcome.changed, len(outcome.findings), outcome.error, outcome.skipped))
    return out


def fix_files(
    paths: Iterable[str],
    scheduler: str,
    overrides: dict[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    isolated: bool = False,
    action: Action = Action.FIX,
) -> Iterator[FileResult]:
    """Fix (or check) files on the cluster at ``scheduler``; its workers must see the same file system.

    ``overrides``, ``config_file`` and ``isolated`` mean what they mean to
    :class:`~textfix.run.runner.Runner`; each file's configuration is discovered on the worker.
    Yields one :class:`FileResult` per file, in input order; ``paths`` is read lazily.
    """
    settings = RunnerSettings(
        tuple(sorted((k, v) for k, v in (overrides or {}).items() if v is not None)),
        str(config_file.resolve()) if config_file is not None else None,
        isolated,
    )
    work = functools.partial(_run_paths, settings=settings, action=action)
    with _client(scheduler) as client:
        for results in _in_order(client, work, batch.chunked(paths, max_items=PATHS_PER_TASK)):
            yield from results


# --- JSON lines ---------------------------------------------------------------------------------------------------


def _fix_jsonl_chunk(
    lines: list[str], config: Config, text_field: str, codes_field: str | None, unsafe: bool
) -> list[LineResult]:
    return records.fix_lines(engine_for(config), lines, text_field=text_field, codes_field=codes_field, unsafe=unsafe)


def fix_jsonl_on_cluster(
    source: Iterable[str],
    target: IO[str],
    text_field: str,
    scheduler: str,
    config: Config | None = None,
    *,
    unsafe: bool | None = None,
    codes_field: str | None = None,
) -> RecordStats:
    """:func:`textfix.run.records.fix_jsonl` with the lines cleaned on the cluster at ``scheduler``.

    The client reads ``source`` and writes ``target`` (so workers need no shared file
    system); chunks of lines travel to the cluster, a bounded number at a time, and come
    back in order. Every line is kept byte for byte unless its record was fixed.
    """
    config = config if config is not None else Config()
    use_unsafe = config.unsafe_fixes if unsafe is None else unsafe
    work = functools.partial(
        _fix_jsonl_chunk, config=config, text_field=text_field, codes_field=codes_field, unsafe=use_unsafe
    )
    stats = RecordStats()
    with _client(scheduler) as client:
        for results in _in_order(client, work, batch.chunked(source, len)):
            records.write_results(results, target, stats)
    return stats
