"""Helpers every benchmark shares: data paths, timing, memory, result rows."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

DATA = Path(__file__).resolve().parent / "data"
CLEAN_PROSE = DATA / "clean-prose" / "sotu"


@dataclass
class Row:
    """One figure: which benchmark, what was measured, its value, and the target if any."""

    benchmark: str
    metric: str
    value: float | int | str
    target: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> str:
        """'yes'/'no' when the target is a comparison we can evaluate, else ''."""
        if not self.target or not isinstance(self.value, (int, float)):
            return ""
        op, _, number = self.target.partition(" ")
        try:
            bound = float(number)
        except ValueError:
            return ""
        ok = {">=": self.value >= bound, "<=": self.value <= bound, "==": self.value == bound}.get(op)
        return "" if ok is None else ("yes" if ok else "no")


def clean_prose_files() -> list[Path]:
    """The clean-prose corpus (234 State of the Union addresses, one paragraph a line)."""
    return sorted(CLEAN_PROSE.glob("*.txt"))


def clean_prose_texts() -> Iterator[tuple[Path, str]]:
    """(path, text) of every clean-prose file."""
    for path in clean_prose_files():
        yield path, path.read_text(encoding="utf-8")


def megabytes(texts: list[str]) -> float:
    """Size of texts in MB of UTF-8."""
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def throughput(
    func: Callable[[str], object],
    texts: list[str],
    repeat: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Best MB/s of ``func`` over all ``texts`` in ``repeat`` runs, after one warm-up call.

    The warm-up keeps one-time loading (word lists, gazetteer) out of the figure; it is
    reported apart by the benchmarks that care. ``clock=time.process_time`` gives CPU-time
    figures, which a loaded machine disturbs less than wall time.
    """
    size = megabytes(texts)
    if texts:
        func(texts[0])
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        for text in texts:
            func(text)
        best = min(best, clock() - start)
    return size / best if best > 0 else float("inf")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


# --- 4-gram shingles: how much of a gold text an extraction kept, and how much else it kept ------------------------

_SHINGLE_TOKEN = regex.compile(r"\w+")
SHINGLE_SIZE = 4


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The word ``size``-grams of ``text`` (case-folded words; a shorter text is one shingle), counted."""
    words = [w.casefold() for w in _SHINGLE_TOKEN.findall(text)]
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


@dataclass
class ShingleScore:
    """Micro-averaged shingle precision and recall over many documents.

    ``add(output, gold)``: every shingle of ``output`` is right when ``gold`` has it (as
    many times). ``add_snippets(output, keep, drop)``: for gold given as snippets (what a
    page must keep and what it must not): a kept shingle is right, a dropped one wrong,
    others are not judged.
    """

    right: int = 0
    judged: int = 0
    gold: int = 0

    def add(self, output: str, gold: str) -> None:
        out, want = shingles(output), shingles(gold)
        self.right += sum((out & want).values())
        self.judged += sum(out.values())
        self.gold += sum(want.values())

    def add_snippets(self, output: str, keep: list[str], drop: list[str]) -> None:
        out = set(shingles(output))
        want = {s for snippet in keep for s in shingles(snippet)}
        bad = {s for snippet in drop for s in shingles(snippet)} - want
        right = len(out & want)
        self.right += right
        self.judged += right + len(out & bad)
        self.gold += len(want)

    @property
    def precision(self) -> float:
        return self.right / self.judged if self.judged else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def peak_rss_until_exit(process: subprocess.Popen[bytes]) -> dict[int, float]:
    """Peak RSS (MB) of ``process`` and of each of its descendants, sampled every 50 ms until it exits."""
    import psutil

    main = psutil.Process(process.pid)
    peaks: dict[int, float] = {}
    while process.poll() is None:
        try:
            for member in [main, *main.children(recursive=True)]:
                peaks[member.pid] = max(peaks.get(member.pid, 0.0), member.memory_info().rss / 1e6)
        except psutil.Error:
            pass
        time.sleep(0.05)
    return peaks


def ship_or_check(built: list[tuple[str, Path, bytes]], check: bool, command: str) -> None:
    """Write each built file ``(label, path, bytes)``; with ``check``, write nothing and fail unless each is shipped.

    The one write-or-compare step of the build commands (``python -m bench build-...``): a build is
    deterministic, so ``--check`` rebuilding in memory and comparing bytes shows the shipped files are current.
    """
    stale = []
    for label, path, packed in built:
        if check:
            same = path.is_file() and path.read_bytes() == packed
            print(f"{label}: {len(packed)} bytes, {'same as' if same else 'DIFFERS from'} {path.name}")
            if not same:
                stale.append(label)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(packed)
            print(f"{label}: {len(packed)} bytes -> {path}")
    if stale:
        raise SystemExit(f"stale: {', '.join(stale)} (run {command})")


def best_cpu(func: Callable[[], object], repeat: int = 2) -> float:
    """The least CPU time (``time.process_time``) of ``repeat`` calls of ``func``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best
