"""Where ``check`` and ``fix`` spend their CPU time, by family (category), in this process.

Each rule's ``check`` is wrapped with a ``time.process_time`` counter (no profiler: its overhead would
distort the split); what is not in a rule is the engine's own work (the document and its views built
outside rules, the prose filter, suppression, applying fixes, deriving the next round's document). A
view shared by several rules is charged to the first rule that asks for it. ``cProfile`` then gives the
top functions by own time, written to ``bench/results/speed-profile-<corpus>.txt``.

Run alone, one corpus and action in a fresh process: ``python -m bench.speed_profile pages 1 check``
prints the CPU seconds per family as JSON (with ``total`` and ``mb``).
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

from bench import speed_corpora
from textfix import Engine

RESULTS = Path(__file__).resolve().parent / "results"
#: Documents run before a profile (not in its sample): first-use loading stays out of the figure.
WARM_UP_DOCUMENTS = 20


def sample(corpus: str, megabytes: float) -> tuple[list[str], list[str]]:
    """The documents of the ``megabytes`` MB corpus, and warm-up documents of the same kind outside it."""
    paths = speed_corpora.files(speed_corpora.sized(corpus, megabytes))
    names = {p.name for p in paths}
    others = [p for p in speed_corpora.files(speed_corpora.base(corpus)) if p.name not in names]
    warm = [p.read_text(encoding="utf-8") for p in others[:WARM_UP_DOCUMENTS]]
    return [p.read_text(encoding="utf-8") for p in paths], warm


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
    for rule in engine.rules:  # rule objects are shared by engines: the wrappers come off below
        rule.check = _timed(rule.check, spent, rule.category.value)  # type: ignore[method-assign]
    run = getattr(engine, action)
    started = time.process_time()
    try:
        for text in texts:
            run(text)
    finally:
        total = time.process_time() - started
        for rule in engine.rules:
            del rule.check
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
    profiler = cProfile.Profile(time.process_time)  # CPU time: a loaded machine's waits stay out
    profiler.enable()
    for text in texts:
        run(text)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(count)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"speed-profile-{corpus}-{action}.txt").write_text(out.getvalue(), encoding="utf-8")


def main() -> None:
    import json
    import sys

    corpus, megabytes, action = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    texts, warm = sample(corpus, megabytes)
    spent = by_family(texts, warm, action)
    spent["mb"] = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    top_functions(texts[: max(1, len(texts) // 3)], warm, action, corpus)
    print(json.dumps(spent))


if __name__ == "__main__":
    main()
