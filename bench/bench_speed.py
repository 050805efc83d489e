"""Speed: MB/s and memory of the default rules, on one core and on all, beside named peers.

- one core: ``Engine.check`` and ``Engine.fix`` on the clean-prose corpus, all default
  rules and each category alone, each in a fresh process: start-up, then a first pass over
  files it has not seen (the per-chunk and per-word caches cold) and a second pass (the
  caches warm, as deep into a large batch of text of one kind); ``ftfy.fix_text``,
  ``clean-text``'s ``clean`` and ``wordninja`` (on a sample: it is slow) on the same files;
- batch: the real command, ``textfix check DIR --jobs N --format jsonl``, in a child
  process over the clean prose (10 MB) and over 100 and 200 MB corpora built from it, with
  1 job and with every core: MB/s (wall clock, start-up included), speed-up, the speed-up
  on the second 100 MB (once start-up and cold caches are paid), and peak RSS of the main
  process and of the largest worker, sampled every 50 ms with psutil (flat peak RSS from 10
  to 200 MB is what "bounded whatever the corpus size" means);
- every timed figure is the best of two runs (the machine this project runs on is shared; one run
  can be a quarter off);
- a profile of ``Engine.fix`` on clean prose (second pass): the top functions by own time, written to
  ``bench/results/speed-profile.txt``.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import ftfy

from bench.common import CLEAN_PROSE, Row, clean_prose_files, clean_prose_texts, peak_rss_until_exit, throughput
from textfix import Engine
from textfix.run.batch import default_jobs

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "fixtures" / "examples" / "seed-article.txt"
CORPUS = HERE / ".cache" / "corpus"
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
    corpus = CORPUS.parent / f"corpus-{target_mb:.0f}mb"
    marker = corpus / f".complete-{copies}"
    if not marker.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        for copy in range(copies):
            folder = corpus / f"copy{copy:02d}"
            folder.mkdir(parents=True)
            for path in files:
                shutil.copyfile(path, folder / path.name)
        marker.touch()
    return corpus, size * copies


_MEMORY_SCRIPT = """
import json, re
# The peak RSS of this process since it started (VmHWM; ru_maxrss would count the forked parent).
rss = lambda: int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1e3
steps = {"python": rss()}
import textfix
steps["import textfix"] = rss()
engine = textfix.Engine()
steps["rules loaded"] = rss()
from textfix.lang import lexicon
lexicon.zipf("the")
steps["English word list"] = rss()
from textfix.lang.gazetteer import gazetteer
gazetteer().is_place_name("Kyiv")
steps["gazetteer"] = rss()
print(json.dumps(steps))
"""


def _memory_steps() -> list[Row]:
    """Peak RSS of a fresh process after each thing textfix loads (what every worker pays once)."""
    import json

    out = subprocess.run([sys.executable, "-c", _MEMORY_SCRIPT], capture_output=True, text=True, check=True)
    steps = json.loads(out.stdout)
    rows = []
    previous = 0.0
    for step, rss in steps.items():
        rows.append(Row("speed", f"peak RSS MB after: {step}", round(rss, 1), note=f"+{rss - previous:.1f} MB"))
        previous = rss
    return rows


@dataclass
class BatchRun:
    """One run of the command on a folder."""

    mb_per_s: float
    findings: int
    main_rss_mb: float
    worker_rss_mb: float


def _batch(corpus: Path, size_mb: float, jobs: int) -> BatchRun:
    """``textfix check CORPUS --jobs N`` in a child process, its process tree's memory sampled."""

    command = [sys.executable, "-m", "textfix", "check", "--isolated", "--exit-zero", "--format", "jsonl"]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([*command, "--jobs", str(jobs), str(corpus)], stdout=out)
        peaks = peak_rss_until_exit(process)
        elapsed = time.perf_counter() - start
        out.seek(0)
        findings = sum(1 for _ in out)
    workers = [rss for pid, rss in peaks.items() if pid != process.pid]
    return BatchRun(size_mb / elapsed, findings, peaks.get(process.pid, 0.0), max(workers, default=0.0))


def _profile(engine: Engine, texts: list[str]) -> list[Row]:
    """Where ``Engine.fix`` spends its time on ``texts``, after a first pass over them (start-up left out)."""
    for text in texts:
        engine.fix(text)
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


#: Files read once before timing: they load the word lists and the gazetteer (start-up, timed apart).
WARM_UP_FILES = 10

_ENGINE_SCRIPT = """
import json, sys, time
from pathlib import Path
from textfix import Config, Engine
select, action, quick, seed, folder, warm_up = json.loads(sys.argv[1])
paths = sorted(Path(folder).glob("*.txt"))
warm = [p.read_text(encoding="utf-8") for p in paths[:warm_up]]
texts = [p.read_text(encoding="utf-8") for p in paths[warm_up:]][: 20 if quick else None]
size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
started = time.perf_counter()
engine = Engine(Config(select=tuple(select)) if select else None)
run = getattr(engine, action)
for text in [Path(seed).read_text(encoding="utf-8"), *warm]:
    run(text)
out = {"start-up": time.perf_counter() - started, "mb": size}
for name in ("first", "second"):
    started = time.perf_counter()
    for text in texts:
        run(text)
    out[name] = size / (time.perf_counter() - started)
print(json.dumps(out))
"""


def _page_text_folder() -> Path:
    """The whole text of each real web page (inscriptis, as a scraper keeps it), one file a page (built once)."""
    import gzip

    from inscriptis import get_text

    folder = HERE / ".cache" / "page-text"
    marker = folder / ".complete"
    if not marker.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for page in sorted((HERE / "data" / "pages").iterdir()):
            source = page / "source.html.gz"
            if source.exists():
                html = gzip.decompress(source.read_bytes()).decode("utf-8", "replace")
                (folder / f"{page.name}.txt").write_text(get_text(html), encoding="utf-8")
        marker.touch()
    return folder


#: Runs of each timed measurement (the best is kept): this machine is shared, and one run can be 25 % off.
REPEATS = 2


def _engine_speed(action: str, select: tuple[str, ...], quick: bool, folder: Path = CLEAN_PROSE) -> dict[str, float]:
    """MB/s of ``Engine.check`` or ``Engine.fix`` in a fresh process: first and second pass (best of the runs)."""
    import json

    arguments = json.dumps([list(select), action, quick, str(SEED), str(folder), WARM_UP_FILES])
    best: dict[str, float] = {}
    for _ in range(1 if quick else REPEATS):
        out = subprocess.run(
            [sys.executable, "-c", _ENGINE_SCRIPT, arguments], capture_output=True, text=True, check=True
        )
        for key, value in json.loads(out.stdout).items():
            best[key] = min(best[key], value) if key == "start-up" and key in best else max(best.get(key, 0), value)
    return best


def run(quick: bool) -> list[Row]:
    texts = [text for _, text in clean_prose_texts()][WARM_UP_FILES:]
    if quick:
        texts = texts[:20]
    check = _engine_speed("check", (), quick)
    fix = _engine_speed("fix", (), quick)
    rows = [
        Row("speed", f"start-up s (rules, word lists, gazetteer; seed + {WARM_UP_FILES} files)", check["start-up"]),
        Row("speed", "corpus MB (clean prose, files not seen in the warm-up)", round(check["mb"], 2)),
        Row("speed", "textfix check MB/s (1 core, default rules), first pass", check["first"], ">= 15"),
        Row("speed", "textfix check MB/s (1 core, default rules), second pass", check["second"], ">= 15"),
        Row("speed", "textfix fix MB/s (1 core, default rules), first pass", fix["first"], ">= 15"),
        Row("speed", "textfix fix MB/s (1 core, default rules), second pass", fix["second"], ">= 15"),
    ]
    pages = _page_text_folder()
    page_check = _engine_speed("check", (), quick, pages)
    page_fix = _engine_speed("fix", (), quick, pages)
    page_texts = [p.read_text(encoding="utf-8") for p in sorted(pages.glob("*.txt"))][WARM_UP_FILES:]
    rows += [
        Row("speed", "web pages MB (whole-page text of 120 real pages, as scraped)", round(page_check["mb"], 2)),
        Row(
            "speed",
            "web pages: textfix check MB/s, first / second pass",
            page_check["first"],
            note=f"second {page_check['second']:.1f}",
        ),
        Row(
            "speed",
            "web pages: textfix fix MB/s, first / second pass",
            page_fix["first"],
            note=f"second {page_fix['second']:.1f}",
        ),
        Row("speed", "web pages: ftfy.fix_text MB/s", throughput(ftfy.fix_text, page_texts)),
    ]
    peers = _peers(texts, quick)
    rows.extend(peers)
    ftfy_speed = peers[0].value
    assert isinstance(ftfy_speed, float)
    for label in ("first", "second"):
        ratio = round(fix[label] / ftfy_speed, 2)
        rows.append(Row("speed", f"textfix fix / ftfy.fix_text, {label} pass", ratio, ">= 1"))
    for category in sorted({rule.category.value for rule in Engine().rules}):
        speed = _engine_speed("check", (category,), quick)
        rows.append(
            Row(
                "speed",
                f"check MB/s, {category} rules only, first / second pass",
                round(speed["first"], 1),
                note=f"second pass {speed['second']:.1f}",
            )
        )
    rows.extend(_memory_steps())
    if not quick:
        jobs = default_jobs()
        small = clean_prose_files()[0].parent
        small_mb = sum(p.stat().st_size for p in clean_prose_files()) / 1e6
        corpus, size = _build_corpus(100)
        big, big_size = _build_corpus(200)
        runs: dict[float, tuple[BatchRun, BatchRun]] = {}
        for folder, mb in ((small, small_mb), (corpus, size), (big, big_size)):
            one = max((_batch(folder, mb, 1) for _ in range(REPEATS)), key=lambda run: run.mb_per_s)
            many = max((_batch(folder, mb, jobs) for _ in range(REPEATS)), key=lambda run: run.mb_per_s)
            assert one.findings == many.findings
            runs[mb] = (one, many)
            label = f"{mb:.0f} MB"
            rows += [
                Row("speed", f"textfix check DIR MB/s, {label}, --jobs 1", one.mb_per_s, ">= 15"),
                Row("speed", f"textfix check DIR MB/s, {label}, --jobs {jobs}", many.mb_per_s),
                Row("speed", f"speed-up with {jobs} jobs, {label}", round(many.mb_per_s / one.mb_per_s, 2), ">= 1.7"),
                Row("speed", f"peak RSS MB, {label}, --jobs 1", one.main_rss_mb, "<= 300"),
                Row("speed", f"peak RSS MB, {label}, --jobs {jobs}: main process", many.main_rss_mb, "<= 300"),
                Row("speed", f"peak RSS MB, {label}, --jobs {jobs}: largest worker", many.worker_rss_mb, "<= 300"),
            ]
        # What the second 100 MB cost: the speed-up once start-up and cold caches are paid.
        (one_a, many_a), (one_b, many_b) = runs[size], runs[big_size]
        extra = big_size - size
        marginal_one = extra / (big_size / one_b.mb_per_s - size / one_a.mb_per_s)
        marginal_many = extra / (big_size / many_b.mb_per_s - size / many_a.mb_per_s)
        rows.append(
            Row(
                "speed",
                f"speed-up with {jobs} jobs on the second {extra:.0f} MB (start-up and cold caches paid)",
                round(marginal_many / marginal_one, 2),
                ">= 1.7",
                note=f"{marginal_one:.1f} vs {marginal_many:.1f} MB/s",
            )
        )
    rows.extend(_profile(Engine(), texts[:40]))
    rows.append(Row("speed", "cores", os.cpu_count() or 1))
    return rows
