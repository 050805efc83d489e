"""The word tables (``textfix.lang.lexicon``): memory and load time per language, look-up and split-plan speed.

- **memory**: in a fresh process per language, the RSS after ``lexicon.zipf_table(lang)`` minus
  before (``gc.collect()`` first), and the CPU time of the load;
- **look-ups**: CPU time per ``lexicon.zipf`` call over every letter run of the clean-prose
  addresses (``bench/data/clean-prose``), best of 3;
- **split plans**: CPU time of ``segment.split_plan`` in English and German for every distinct
  letter run of the same text, the plan cache cleared before each of 3 runs (best of 3);
- each of these on the compiled table and on the pure-Python one (``TEXTFIX_PURE_PYTHON=1``).

``python -m bench lexicon`` prints the rows; docs/startup.md and docs/fused-word.md ("Speed") have the
figures before and after the compiled table. The before figures: ``PYTHONPATH=<main>/src``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.common import CLEAN_PROSE, Row

_MEMORY = """
import gc, json, sys, time
from textfix.lang import lexicon
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
gc.collect(); before = rss(); start = time.process_time()
lexicon.zipf_table(sys.argv[1])
seconds = time.process_time() - start
gc.collect()
print(json.dumps({"mb": rss() - before, "seconds": seconds}))
"""

_SPEED = """
import json, sys, time
from pathlib import Path
from textfix.families.fused_word import segment
from textfix.families.fused_word.vocabulary import LETTERS
from textfix.lang import lexicon
runs = [run for path in sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2])]
        for run in LETTERS.findall(path.read_text("utf-8"))]
distinct = sorted(set(runs))
for lang in ("en", "de"):
    lexicon.zipf("the", lang)
segment.split_plan("Putinalthough", "en")
lookup = plans = float("inf")
for _ in range(3):
    start = time.process_time()
    for run in runs:
        lexicon.zipf(run)
    lookup = min(lookup, time.process_time() - start)
    segment.forget()
    start = time.process_time()
    for lang in ("en", "de"):
        for run in distinct:
            segment.split_plan(run, lang)
    plans = min(plans, time.process_time() - start)
found = {"lookups": len(runs), "lookup_us": lookup / len(runs) * 1e6, "runs": len(distinct), "plans_s": plans}
print(json.dumps(found))
"""


def _child(code: str, *args: str, pure: bool) -> dict[str, float]:
    env = dict(os.environ)
    env.pop("TEXTFIX_PURE_PYTHON", None)
    if pure:
        env["TEXTFIX_PURE_PYTHON"] = "1"
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env)
    found: dict[str, float] = json.loads(done.stdout)
    return found


def run(quick: bool) -> list[Row]:
    """Memory per language, look-up and split-plan CPU time, compiled and pure."""
    rows: list[Row] = []
    languages = ("en",) if quick else ("en", "de", "fr", "es")
    files = "20" if quick else "100"
    for pure in (False, True):
        path = "pure" if pure else "compiled"
        for lang in languages:
            memory = _child(_MEMORY, lang, pure=pure)
            rows.append(Row("lexicon", f"{lang} table RSS ({path})", round(memory["mb"], 1), note="MB"))
            rows.append(Row("lexicon", f"{lang} table load ({path})", round(memory["seconds"], 3), note="CPU s"))
        speed = _child(_SPEED, str(CLEAN_PROSE), files, pure=pure)
        rows.append(
            Row(
                "lexicon",
                f"zipf() per look-up ({path})",
                round(speed["lookup_us"], 3),
                note=f"CPU µs, {speed['lookups']:.0f} runs",
            )
        )
        rows.append(
            Row(
                "lexicon",
                f"split plans en+de ({path})",
                round(speed["plans_s"], 3),
                note=f"CPU s, {speed['runs']:.0f} runs",
            )
        )
    return rows
