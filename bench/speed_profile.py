"""Where ``check`` and ``fix`` spend their CPU time, by family (category), in this process.

Each rule's ``check`` is wrapped with a ``time.process_time`` counter (no profiler: its overhead would
distort the split); what is not in a rule is the engine's own work (the document and its views built
outside rules, the prose filter, suppression, applying fixes, deriving the next round's document). A
view shared by several rules is charged to the first rule that asks for it. ``cProfile`` then gives the
top functions by own time, written to ``bench/results/speed-profile-<corpus>.txt``.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from textfix import Engine

RESULTS = Path(__file__).resolve().parent / "results"


def _timed(check: Callable[..., Any], spent: dict[str, float], family: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        started = time.process_time()
        try:
            produced = list(check(*args, **kwargs))
        finally:
            spent[family] += time.process_time() - started
        return iter(produced)

    return wrapper


def by_family(texts: Sequence[str], warm: Sequence[str], action: str) -> dict[str, float]:
    """CPU seconds per family of ``Engine.check`` or ``Engine.fix`` over ``texts``; ``engine`` is the rest.

    ``warm`` (other documents of the same kind) runs first: word lists, gazetteer and models are loaded
    before timing, the caches of ``texts`` stay cold.
    """
    engine = Engine()
    for text in warm:
        getattr(engine, action)(text)
    spent: dict[str, float] = defaultdict(float)
    for rule in engine.rules:
        rule.check = _timed(rule.check, spent, rule.category.value)  # type: ignore[method-assign]
    run = getattr(engine, action)
    started = time.process_time()
    for text in texts:
        run(text)
    total = time.process_time() - started
    out = dict(sorted(spent.items(), key=lambda kv: -kv[1]))
    out["engine (outside rules)"] = total - sum(spent.values())
    out["total"] = total
    return out


def top_functions(texts: Sequence[str], warm: Sequence[str], action: str, corpus: str, count: int = 30) -> None:
    """cProfile of ``action`` over ``texts`` (after ``warm``): the top functions by own time, to ``bench/results``."""
    engine = Engine()
    run = getattr(engine, action)
    for text in warm:
        run(text)
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        run(text)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(count)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"speed-profile-{corpus}-{action}.txt").write_text(out.getvalue(), encoding="utf-8")
