"""Speed (issue 19): the whole command as a user runs it, beside ftfy over the same files; start-up; memory.

Every figure and how to rerun it: ``docs/performance.md``. In short:

- corpora (``bench/speed_corpora.py``, built once into ``bench/.cache/speed`` from ``bench/data``): clean
  prose, real extractor output, whole-page text, each at 20 MB and 200 MB;
- one core, whole CLI, start-up included: ``textfix check --isolated --exit-zero --jobs 1 --format jsonl DIR``
  and the same ``textfix fix`` on a fresh copy of DIR (in place: it writes the files it changes), against one
  ``python`` process that reads every file of DIR through ``ftfy.fix_text`` (and ftfy's own command line on
  the files concatenated); MB/s by CPU time (user + system of the process tree: what a loaded machine disturbs
  least) with wall time in the note; the ratio textfix / ftfy; best of ``TEXTFIX_BENCH_REPEATS`` (3; 200 MB:
  ``TEXTFIX_BENCH_BIG_REPEATS``, 1); each with the compiled scanner and with ``TEXTFIX_PURE_PYTHON=1``;
- ``--jobs 2`` on the largest size: wall-time speed-up (needs two idle cores) and the speed-up the CPU times
  allow (one-job CPU time over the busiest process's), peak RSS of the main process and the largest worker;
- start-up: ``textfix --help`` and ``textfix check`` of the seed article (3 kB), best of 5, wall and CPU;
- callgrind instructions per MB of ``textfix check`` and of the ftfy script on 1 MB of each corpus, start-up
  (the seed article, an empty folder) subtracted;
- item 5 (``bench/speed_linear.py``): per-MB cost of each rule on page text padded with white-space runs at
  1x, 4x, 16x (the worst growth), all rules against the sum of rules alone, extra pack phrases;
- where the CPU time goes by family (``bench/speed_profile.py``).

Settings (environment): ``TEXTFIX_BENCH_REPEATS``, ``TEXTFIX_BENCH_BIG_REPEATS``, ``TEXTFIX_BENCH_SIZES``
(``20,200``), ``TEXTFIX_BENCH_CORPORA`` (``prose,scraped,pages``), ``TEXTFIX_BENCH_BUILDS``
(``compiled,pure``), ``TEXTFIX_BENCH_CALLGRIND`` (``0`` skips it), ``TEXTFIX_BENCH_CALLGRIND_MB`` (1),
``TEXTFIX_BENCH_SECTIONS`` (``startup,cli,callgrind,linear,profile``). ``--quick``: 1 MB corpora, one run
each, no callgrind, a small padded sample: a smoke run of a few minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import speed_corpora, speed_linear
from bench.common import Row
from bench.speed_runs import (
    Run,
    best_of,
    compile_bytecode,
    ftfy_cli_command,
    ftfy_command,
    instructions,
    run_command,
    textfix_command,
    valgrind_available,
)

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "fixtures" / "examples" / "seed-article.txt"
RESULTS = HERE / "results"
PURE = {"TEXTFIX_PURE_PYTHON": "1"}
BUILDS = {"compiled": {}, "pure": PURE}
CHECK = ("check", "--isolated", "--exit-zero", "--format", "jsonl")
FIX = ("fix", "--isolated", "--exit-zero", "--format", "jsonl")
# Targets of issue 19.
FTFY_RATIO = ">= 1.0"
PROSE_MB_S = ">= 15"
JOBS_SPEED_UP = ">= 1.8"
SMALL_FILE_S = "<= 0.25"
RSS_MB = "<= 300"
#: Not in the issue: "linear" read as at most this growth of the per-MB cost (a quadratic pattern gives ~16x).
LINEAR_GROWTH = "<= 2"


@dataclass(frozen=True)
class Settings:
    sizes: tuple[float, ...]
    corpora: tuple[str, ...]
    builds: tuple[str, ...]
    repeats: int
    big_repeats: int
    callgrind: bool
    callgrind_mb: float
    sections: tuple[str, ...]
    padded_kb: float
    profile_mb: float

    @classmethod
    def from_environment(cls, quick: bool) -> Settings:
        env = os.environ.get

        def items(name: str, default: str) -> tuple[str, ...]:
            return tuple(x.strip() for x in env(name, default).split(",") if x.strip())

        return cls(
            sizes=tuple(float(x) for x in items("TEXTFIX_BENCH_SIZES", "1" if quick else "20,200")),
            corpora=items("TEXTFIX_BENCH_CORPORA", ",".join(speed_corpora.CORPORA)),
            builds=items("TEXTFIX_BENCH_BUILDS", ",".join(BUILDS)),
            repeats=int(env("TEXTFIX_BENCH_REPEATS", "1" if quick else "3")),
            big_repeats=int(env("TEXTFIX_BENCH_BIG_REPEATS", "1")),
            callgrind=env("TEXTFIX_BENCH_CALLGRIND", "0" if quick else "1") != "0" and valgrind_available(),
            callgrind_mb=float(env("TEXTFIX_BENCH_CALLGRIND_MB", "1")),
            sections=items("TEXTFIX_BENCH_SECTIONS", "startup,cli,callgrind,linear,profile"),
            padded_kb=30 if quick else 150,
            profile_mb=0.1 if quick else 1.0,
        )


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}/{fifteen:.1f} on {os.cpu_count()} cores"


def _row(metric: str, value: float | int | str, target: str = "", note: str = "") -> Row:
    """A row, also printed to stderr as it is measured (a full run takes hours: a cut run keeps its rows)."""
    row = Row("speed", metric, round(value, 3) if isinstance(value, float) else value, target, note)
    print(f"[speed] {metric}: {row.value} {target} {note}".rstrip(), file=sys.stderr, flush=True)
    return row


def _native_state(build: str) -> str:
    """What ``textfix.native.COMPILED`` says under ``build``'s environment (or that there is no such module)."""
    code = "import textfix.native as n; print('compiled' if n.COMPILED else 'pure Python')"
    out = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, env={**os.environ, **BUILDS[build]}
    )
    return out.stdout.strip() if out.returncode == 0 else "no textfix.native (one code path)"


# --- start-up ---------------------------------------------------------------------------------------------------


def _startup(settings: Settings) -> list[Row]:
    repeats = max(5, settings.repeats)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / SEED.name
        seed.write_bytes(SEED.read_bytes())
        cases = (
            ("textfix --help", textfix_command("--help"), ""),
            (
                f"textfix check one small file ({SEED.stat().st_size / 1e3:.1f} kB seed article)",
                textfix_command("check", "--isolated", str(seed)),
                SMALL_FILE_S,
            ),
            (
                "ftfy CLI on the same file (peer)",
                [str(Path(sys.executable).with_name("ftfy")), "-o", os.devnull, str(seed)],
                "",
            ),
        )
        for label, command, target in cases:
            best, _ = best_of(repeats, lambda command=command: run_command(command))
            note = f"wall {best.wall:.2f} s; best of {repeats}; {_load()}"
            rows.append(_row(f"start-up: {label}, CPU s", best.cpu, target, note))
            rows.append(_row(f"start-up: {label}, peak RSS MB", best.peak_rss_mb, RSS_MB))
    return rows + _memory_steps()


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
        rows.append(
            Row("speed", f"start-up: peak RSS MB after {step}", round(rss, 1), note=f"+{rss - previous:.1f} MB")
        )
        previous = rss
    return rows


# --- the whole CLI ----------------------------------------------------------------------------------------------


def _mb_s(mb: float, seconds: float) -> float:
    return mb / seconds if seconds > 0 else float("inf")


def _textfix_run(action: str, folder: Path, jobs: int, env: dict[str, str], repeats: int) -> Run:
    if action == "check":
        return best_of(
            repeats, lambda: run_command(textfix_command(*CHECK, "--jobs", str(jobs), str(folder)), env=env)
        )[0]

    def once() -> Run:
        with tempfile.TemporaryDirectory(dir=speed_corpora.CACHE) as tmp:
            copy = speed_corpora.fresh_copy(folder, Path(tmp) / "corpus")
            return run_command(textfix_command(*FIX, "--jobs", str(jobs), str(copy)), env=env)

    return best_of(repeats, once)[0]


def _cli_corpus(corpus: str, settings: Settings) -> list[Row]:
    rows: list[Row] = []
    name = speed_corpora.DESCRIPTION[corpus]
    one_core: dict[float, Run] = {}
    for size in settings.sizes:
        folder = speed_corpora.sized(corpus, size)
        mb = speed_corpora.size_mb(folder)
        big = size > 20
        repeats = settings.big_repeats if big else settings.repeats
        runs = f"best of {repeats}" if repeats > 1 else "1 run"
        if big and repeats == 1:
            runs += " (200 MB: one run by default, TEXTFIX_BENCH_BIG_REPEATS for more; at ~0.3 MB/s it is 10+ min)"
        label = f"{name}, {mb:.3g} MB"
        ftfy = best_of(repeats, lambda: run_command(ftfy_command(folder)))[0]  # noqa: B023 (called here)
        rows.append(
            _row(
                f"ftfy.fix_text over the files, one process: MB/s CPU, {label}",
                _mb_s(mb, ftfy.cpu),
                note=f"wall {_mb_s(mb, ftfy.wall):.2f} MB/s; {runs}; {_load()}",
            )
        )
        if size == settings.sizes[0]:
            cli = best_of(repeats, lambda: run_command(ftfy_cli_command(folder)))[0]  # noqa: B023
            rows.append(
                _row(
                    f"ftfy CLI (files concatenated on stdin): MB/s CPU, {label}",
                    _mb_s(mb, cli.cpu),
                    note=f"wall {_mb_s(mb, cli.wall):.2f} MB/s",
                )
            )
        for build in settings.builds:
            for action in ("check", "fix"):
                run = _textfix_run(action, folder, 1, BUILDS[build], repeats)
                if action == "check" and build == settings.builds[0]:
                    one_core[size] = run
                speed = _mb_s(mb, run.cpu)
                rows.append(
                    _row(
                        f"textfix {action} --jobs 1 ({build}): MB/s CPU, {label}",
                        speed,
                        PROSE_MB_S if corpus == "prose" else "",
                        f"wall {_mb_s(mb, run.wall):.2f} MB/s; peak RSS {run.peak_rss_mb:.0f} MB; {runs}; {_load()}",
                    )
                )
                rows.append(
                    _row(
                        f"textfix {action} / ftfy ({build}), CPU time, {label}",
                        speed / _mb_s(mb, ftfy.cpu),
                        FTFY_RATIO,
                        f"wall-time ratio {_mb_s(mb, run.wall) / _mb_s(mb, ftfy.wall):.2f}",
                    )
                )
    largest = settings.sizes[-1]
    folder = speed_corpora.sized(corpus, largest)
    mb = speed_corpora.size_mb(folder)
    label = f"{name}, {mb:.3g} MB"
    one = one_core[largest]
    two = _textfix_run(
        "check", folder, 2, BUILDS[settings.builds[0]], settings.big_repeats if largest > 20 else settings.repeats
    )
    rows += [
        _row(
            f"textfix check --jobs 2 speed-up (wall), {label}",
            one.wall / two.wall,
            JOBS_SPEED_UP,
            f"{_mb_s(mb, one.wall):.2f} -> {_mb_s(mb, two.wall):.2f} MB/s wall; needs 2 idle cores; {_load()}",
        ),
        _row(
            f"textfix check --jobs 2 speed-up the CPU times allow, {label}",
            one.cpu / two.busiest_cpu if two.busiest_cpu else 0.0,
            JOBS_SPEED_UP,
            f"1-job CPU {one.cpu:.0f} s / busiest process of 2 jobs {two.busiest_cpu:.0f} s (total {two.cpu:.0f} s)",
        ),
        _row(f"peak RSS MB, check --jobs 1, {label}", one.peak_rss_mb, RSS_MB),
        _row(f"peak RSS MB, check --jobs 2 main process, {label}", two.main_rss_mb, RSS_MB),
        _row(f"peak RSS MB, check --jobs 2 largest worker, {label}", two.worker_rss_mb, RSS_MB),
    ]
    if len(one_core) > 1:
        small, large = min(one_core), max(one_core)
        small_mb = speed_corpora.size_mb(speed_corpora.sized(corpus, small))
        rows.append(
            _row(
                f"peak RSS {large:g} MB / {small:g} MB, check --jobs 1, {name}",
                one_core[large].peak_rss_mb / one_core[small].peak_rss_mb,
                "<= 1.1",
                "flat memory in corpus size",
            )
        )
        rows.append(
            _row(
                f"CPU s/MB {large:g} MB / {small:g} MB, check --jobs 1, {name}",
                (one_core[large].cpu / mb) / (one_core[small].cpu / small_mb),
                "<= 1.1",
                "linear cost in input size (start-up spread over more MB lowers it)",
            )
        )
    return rows


# --- instructions -----------------------------------------------------------------------------------------------


#: Documents of the same corpus run before the sample in the callgrind baseline (first-use loading).
CALLGRIND_WARM_UP = 10


def _warm_and_sample(corpus: str, megabytes: float, tmp: Path) -> tuple[Path, Path, float]:
    """Two folders: warm-up documents alone, and the same plus the sample; and the sample's MB.

    The difference of their instruction counts is what the sample costs once start-up and first-use
    loading (word lists, gazetteer, language models the documents call for) are paid.
    """
    sample = speed_corpora.files(speed_corpora.sized(corpus, megabytes))
    names = {p.name for p in sample}
    warm = [p for p in speed_corpora.files(speed_corpora.base(corpus)) if p.name not in names][:CALLGRIND_WARM_UP]
    alone, both = tmp / corpus / "warm", tmp / corpus / "warm-and-sample"
    alone.mkdir(parents=True)
    both.mkdir(parents=True)
    for path in warm:
        (alone / f"0-{path.name}").write_bytes(path.read_bytes())
        (both / f"0-{path.name}").write_bytes(path.read_bytes())
    for path in sample:
        (both / f"1-{path.name}").write_bytes(path.read_bytes())
    return alone, both, sum(p.stat().st_size for p in sample) / 1e6


def _callgrind(settings: Settings) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        seed_dir = Path(tmp) / "seed"
        seed_dir.mkdir()
        (seed_dir / SEED.name).write_bytes(SEED.read_bytes())
        for build in settings.builds:
            start = instructions(textfix_command(*CHECK, "--jobs", "1", str(seed_dir)), env=BUILDS[build])
            rows.append(
                _row(f"instructions: textfix check of the seed article ({build}), start-up included, G", start / 1e9)
            )
        for corpus in settings.corpora:
            alone, both, mb = _warm_and_sample(corpus, settings.callgrind_mb, Path(tmp))
            label = f"{speed_corpora.DESCRIPTION[corpus]}, {mb:.2f} MB sample"
            ftfy = (instructions(ftfy_command(both)) - instructions(ftfy_command(alone))) / mb
            rows.append(_row(f"instructions per MB: ftfy.fix_text, G, {label}", ftfy / 1e9, note="marginal"))
            for build in settings.builds:
                env = BUILDS[build]
                warm = instructions(textfix_command(*CHECK, "--jobs", "1", str(alone)), env=env)
                total = instructions(textfix_command(*CHECK, "--jobs", "1", str(both)), env=env)
                net = (total - warm) / mb
                rows.append(
                    _row(
                        f"instructions per MB: textfix check ({build}), G, {label}",
                        net / 1e9,
                        note=f"marginal (after {CALLGRIND_WARM_UP} warm-up documents); {ftfy / net:.2f}x ftfy's rate",
                    )
                )
    return rows


# --- item 5 -----------------------------------------------------------------------------------------------------


def _linear(settings: Settings, quick: bool) -> list[Row]:
    texts = speed_linear.page_sample(settings.padded_kb)
    factors = speed_linear.FACTORS[:2] if quick else speed_linear.FACTORS
    growths, everything = speed_linear.padded_growth(texts, factors)
    growths.sort(key=lambda g: -g.growth)
    RESULTS.mkdir(exist_ok=True)
    lines = ["code\t" + "\t".join(f"{f}x CPU s/MB" for f in factors) + "\tlast-step growth\toverall growth"]
    lines += [
        f"{g.code}\t" + "\t".join(f"{g.per_mb[f]:.4f}" for f in factors) + f"\t{g.growth:.2f}\t{g.overall:.2f}"
        for g in growths
    ]
    (RESULTS / "speed-padded-rules.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    worst = growths[0]
    top = ", ".join(f"{g.code} {g.growth:.2f}x" for g in growths[:5])
    last = factors[-1]
    rows = [
        _row(
            f"padded lines: worst rule's CPU s/MB growth, {factors[-2]}x -> {last}x runs",
            worst.growth,
            LINEAR_GROWTH,
            f"{worst.code}: " + " -> ".join(f"{worst.per_mb[f]:.3f}" for f in factors) + f" s/MB; top: {top}",
        ),
        _row(
            f"padded lines: all rules CPU s/MB growth, {factors[-2]}x -> {last}x runs",
            everything[last] / everything[factors[-2]],
            LINEAR_GROWTH,
            "; ".join(f"{f}x {everything[f]:.2f} s/MB" for f in factors),
        ),
    ]
    control = speed_linear.control_per_mb(texts, factors)
    rows.append(
        _row(
            f"padded lines, control {speed_linear.QUADRATIC_CONTROL!r}: CPU s/MB growth {factors[-2]}x -> {last}x",
            control[last] / control[factors[-2]],
            note="a quadratic pattern, to show the padded texts catch one: "
            + "; ".join(f"{f}x {control[f]:.3f} s/MB" for f in factors),
        )
    )
    alone = sum(g.per_mb[factors[0]] for g in growths)
    rows.append(
        _row(
            "rules: all together / sum of each alone, CPU s/MB (padded 1x)",
            everything[factors[0]] / alone,
            "<= 1",
            f"{everything[factors[0]]:.2f} vs {alone:.2f} s/MB over {len(growths)} rules (shared views make it < 1)",
        )
    )
    counts = (0, 1000) if quick else (0, 1000, 10000)
    costs = speed_linear.pack_phrase_costs(texts, counts)
    base = costs[0][1]
    for count in counts[1:]:
        loaded, per_mb = costs[count]
        rows.append(
            _row(
                f"pack phrases: CPU s/MB with {count:,} extra phrases / without",
                per_mb / base,
                LINEAR_GROWTH,
                f"{base:.2f} -> {per_mb:.2f} s/MB; rules load {costs[0][0]:.2f} -> {loaded:.2f} s",
            )
        )
    return rows


# --- profile ----------------------------------------------------------------------------------------------------


def _profile(settings: Settings) -> list[Row]:
    """Each corpus and action in a fresh process (caches one action warmed must not help the other)."""
    import json

    rows = []
    for corpus in settings.corpora:
        for action in ("check", "fix"):
            out = subprocess.run(
                [sys.executable, "-m", "bench.speed_profile", corpus, str(settings.profile_mb), action],
                capture_output=True,
                text=True,
                check=True,
            )
            spent = json.loads(out.stdout)
            total, mb = spent.pop("total"), spent.pop("mb")
            shares = "; ".join(
                f"{family} {seconds / total:.0%}" for family, seconds in spent.items() if seconds / total >= 0.005
            )
            rows.append(
                _row(
                    f"profile: Engine.{action} CPU s/MB in-process, {speed_corpora.DESCRIPTION[corpus]} ({mb:.1f} MB)",
                    total / mb,
                    note=shares,
                )
            )
    return rows


def run(quick: bool) -> list[Row]:
    settings = Settings.from_environment(quick)
    compile_bytecode()  # as an installed wheel has it: no timed command compiles textfix from source
    rows = [_row("machine", _load()), *(_row(f"build: {b}", _native_state(b)) for b in settings.builds)]
    if "startup" in settings.sections:
        rows += _startup(settings)
    if "cli" in settings.sections:
        for corpus in settings.corpora:
            rows += _cli_corpus(corpus, settings)
    if "callgrind" in settings.sections:
        rows += _callgrind(settings) if settings.callgrind else [_row("instructions (callgrind)", "skipped")]
    if "linear" in settings.sections:
        rows += _linear(settings, quick)
    if "profile" in settings.sections:
        rows += _profile(settings)
    rows.append(_row("machine at the end", _load()))
    return rows
