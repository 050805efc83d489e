"""Speed: MB/s and memory of the default rules, on one core and on all, beside named peers.

- one process: ``Engine.check`` and ``Engine.fix`` on the clean-prose corpus, all default
  rules and each category alone; ``ftfy.fix_text``, ``clean-text``'s ``clean`` and
  ``wordninja`` (on a sample: it is slow) on the same files in the same run;
- batch: ``Runner.run_files`` (what ``textfix check DIR --jobs N`` does) over a 100 MB
  corpus built from the clean prose, with 1 job and with every core: MB/s, speed-up,
  peak RSS of the parent and of the largest worker;
- a profile of ``Engine.fix`` on clean prose: the top functions by own time, written to
  ``bench/results/speed-profile.txt``.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import resource
import shutil
import time
from pathlib import Path

import ftfy

from bench.common import Row, clean_prose_files, clean_prose_texts, megabytes, peak_rss_mb, throughput
from textfix import Config, Engine
from textfix.batch import default_jobs
from textfix.discovery import iter_inputs
from textfix.runner import Action, Runner

HERE = Path(__file__).resolve().parent
CORPUS = HERE / ".cache" / "corpus-100mb"
RESULTS = HERE / "results"


def _peers(texts: list[str], quick: bool) -> list[Row]:
    rows = [Row("speed", "ftfy.fix_text MB/s (same files)", throughput(ftfy.fix_text, texts))]
    try:
        from cleantext import clean
    except ImportError:
        rows.append(Row("speed", "clean-text MB/s", "not installed"))
    else:
        rows.append(Row("speed", "clean-text clean() MB/s (same files)", throughput(clean, texts)))
    try:
        import wordninja
    except ImportError:
        rows.append(Row("speed", "wordninja MB/s", "not installed"))
    else:
        sample = [t[:20_000] for t in texts[: 5 if quick else 20]]
        rows.append(Row("speed", "wordninja.split MB/s (20 kB samples)", throughput(wordninja.split, sample)))
    return rows


def _build_corpus(target_mb: float) -> tuple[Path, float]:
    files = clean_prose_files()
    size = sum(p.stat().st_size for p in files) / 1e6
    copies = max(1, round(target_mb / size))
    marker = CORPUS / f".complete-{copies}"
    if not marker.exists():
        shutil.rmtree(CORPUS, ignore_errors=True)
        for copy in range(copies):
            folder = CORPUS / f"copy{copy:02d}"
            folder.mkdir(parents=True)
            for path in files:
                shutil.copyfile(path, folder / path.name)
        marker.touch()
    return CORPUS, size * copies


def _batch(corpus: Path, size_mb: float, jobs: int) -> tuple[float, int]:
    runner = Runner(isolated=True)
    start = time.perf_counter()
    findings = 0
    for outcome in runner.run_files(iter_inputs([corpus], ("*.txt",), ()), Action.CHECK, jobs=jobs):
        findings += len(outcome.findings)
    return size_mb / (time.perf_counter() - start), findings


def _profile(engine: Engine, texts: list[str]) -> list[Row]:
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        engine.fix(text)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
    stats.print_stats(25)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "speed-profile.txt").write_text(out.getvalue(), encoding="utf-8")
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:5]  # type: ignore[attr-defined]
    return [
        Row("speed", f"profile: {Path(f).name}:{line} {name}", round(v[2] / total, 3), note="share of own time")
        for (f, line, name), v in top
    ]


def run(quick: bool) -> list[Row]:
    texts = [text for _, text in clean_prose_texts()]
    if quick:
        texts = texts[:20]
    engine = Engine()
    rows = [
        Row("speed", "corpus MB (clean prose)", round(megabytes(texts), 2)),
        Row("speed", "textfix check MB/s (1 job, default rules)", throughput(engine.check, texts, repeat=2), ">= 15"),
        Row("speed", "textfix fix MB/s (1 job, default rules)", throughput(engine.fix, texts, repeat=2), ">= 15"),
    ]
    rows.extend(_peers(texts, quick))
    fix_speed = rows[2].value
    ftfy_speed = rows[3].value
    assert isinstance(fix_speed, float) and isinstance(ftfy_speed, float)
    rows.append(Row("speed", "textfix fix / ftfy.fix_text", round(fix_speed / ftfy_speed, 2), ">= 1"))
    for category in sorted({rule.category.value for rule in engine.rules}):
        only = Engine(Config(select=(category,)))
        rows.append(Row("speed", f"check MB/s, {category} rules only", throughput(only.check, texts)))
    rows.append(Row("speed", "peak RSS MB, single process", peak_rss_mb(), "<= 300"))
    if not quick:
        corpus, size = _build_corpus(100)
        jobs = default_jobs()
        one, found_one = _batch(corpus, size, 1)
        many, found_many = _batch(corpus, size, jobs)
        assert found_one == found_many
        rows += [
            Row("speed", f"batch check MB/s, {size:.0f} MB corpus, 1 job", one),
            Row("speed", f"batch check MB/s, {size:.0f} MB corpus, {jobs} jobs", many),
            Row("speed", f"speed-up with {jobs} jobs", round(many / one, 2), ">= 1.7"),
            Row("speed", "peak RSS MB, parent", peak_rss_mb(), "<= 300"),
            Row(
                "speed",
                "peak RSS MB, largest worker",
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3,
                "<= 300",
            ),
        ]
    rows.extend(_profile(engine, texts[:40]))
    rows.append(Row("speed", "cores", os.cpu_count() or 1))
    return rows
