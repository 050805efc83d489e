"""Adversarial sizes: time and peak memory of ``fix`` on 1 MB and 10 MB of one pattern.

    python -m bench adversarial            # every generator at 1 MB and 10 MB
    python -m bench adversarial --quick    # 100 KB and 1 MB
    python -m bench.bench_adversarial one NAME SIZE   # one run (what the driver starts)

Each generator repeats one pattern that once made a rule quadratic or memory-hungry
(issue 16). Every (generator, size) runs in a fresh ``python`` subprocess, so one
run's memory and caches never colour the next; the child loads the engine, warms it on
a short text, builds the document, then times ``Engine.fix`` and measures the growth of
its peak resident memory over what it held before the call (the document itself
excluded). Targets: time(10 MB) <= 15 x time(1 MB), and peak growth <= 30 x the
document's size in bytes. A child past its time limit is killed and reported as a hang.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from bench.common import CLEAN_PROSE, Row

MB = 1_000_000
#: Seconds a child may take at the small size; the large size gets 15x the small time plus slack.
SMALL_LIMIT = 240.0
#: Seconds beyond 15 x time(small) a large run may take before it counts as a hang.
SLACK = 30.0
#: Address space a child may use (a shared machine): past it the run reports "out of memory".
MEMORY_LIMIT = 5 * 1024**3


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _prose(size: int) -> str:
    """Real prose (State of the Union paragraphs), repeated to ``size`` characters."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CLEAN_PROSE.glob("*.txt"))[:3])
    cut = _repeat(text, size)
    return cut[: cut.rfind("\n") + 1] or cut  # whole lines: a cut mid-line left a trailing space to fix


def _mojibake_line(size: int) -> str:
    """Real prose on one line, every word with an accent read as cp1252 (cubic in a difflib diff)."""
    words = _prose(size).replace("\n", " ").split(" ")
    out = []
    for i, word in enumerate(words):
        out.append(word + "Ã©" if i % 7 == 0 else word)
    return " ".join(out)[:size]


def _damaged_prose(size: int) -> str:
    """Real prose with scraping damage every few words: doubled words, entities, mojibake, boilerplate lines."""
    damage = ("the the", "&amp;", "cafÃ©", "don\u00e2\u20ac\u2122t", " ,", "Putinalthough")
    out = []
    for i, line in enumerate(_prose(size).split("\n")):
        words = line.split(" ")
        for j in range(5, len(words), 23):
            words[j] = damage[(i + j) % len(damage)]
        out.append(" ".join(words))
        if i % 40 == 39:
            out.append("Source link")
    return "\n".join(out)[:size]


def _jsonl_record(size: int) -> str:
    """One JSONL record whose text field is damaged prose of the whole size (``fix_line``)."""
    return json.dumps({"id": 1, "text": _damaged_prose(size - 30)}, ensure_ascii=False) + "\n"


#: name -> (document builder, path that decides its format, what it once did)
GENERATORS: dict[str, tuple[Callable[[int], str], str, str]] = {
    "prose": (_prose, "x.txt", "baseline: clean prose"),
    "damaged-prose": (_damaged_prose, "x.txt", "baseline: prose with damage every 23 words"),
    "source-link-lines": (lambda n: _repeat("Source link\n", n), "x.txt", "BP line removal, 250 KB 61 s"),
    "question-A": (lambda n: _repeat("?A", n), "x.txt", "SP103"),
    "www-dot": (lambda n: _repeat("www.", n), "x.txt", "SP103"),
    "a-dot": (lambda n: _repeat("a.", n), "x.txt", "SP103"),
    "md-open-bracket": (lambda n: _repeat("[a", n), "x.md", "markdown-it"),
    "suppress-directives": (lambda n: _repeat("textfix: ignore[BP101]\nx\n", n), "x.txt", "suppression"),
    "md-suppress-directives": (lambda n: _repeat("<!-- textfix: ignore[BP101] -->\nx\n\n", n), "x.md", "suppression"),
    "mojibake-one-line": (_mojibake_line, "x.txt", "EN101 difflib, 41 KB 123 s"),
    "amp-entity": (lambda n: _repeat("&amp;", n), "x.txt", "450 B/B memory"),
    "repeated-word": (lambda n: _repeat("the ", n), "x.txt", "450 B/B memory"),
    "a-two-spaces": (lambda n: _repeat("a  ", n), "x.txt", "450 B/B memory"),
    "md-emphasis": (lambda n: _repeat("*a* _b_ **c** ", n), "x.md", "450 B/B memory"),
    "md-table": (lambda n: _repeat("| a | b |\n|---|---|\n| c | d |\n", n), "x.md", "450 B/B memory"),
    "space-padded-line": (lambda n: _repeat("a" + " " * 200 + "b\n", n), "x.txt", "' +[,.;:!?]' quadratic"),
    "long-space-run": (lambda n: "a" + " " * (n - 2) + "b", "x.txt", "' +[,.;:!?]' quadratic"),
    "jsonl-one-record": (_jsonl_record, "x.jsonl", "20 MB record 132 s 1.6 GB"),
}


def child(name: str, size: int) -> dict[str, float]:
    """Run one generator at one size in this process; time and peak growth."""
    import resource

    from textfix import Engine
    from textfix.run.records import fix_line

    build, path, _ = GENERATORS[name]
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    engine = Engine()
    warm_path = path.replace(".jsonl", ".txt")
    engine.fix(engine.document("Warm up: cafÃ© &amp; the the , text.\n\n" + _prose(20_000), warm_path))
    engine.fix(engine.document(build(2_000), warm_path))  # word lists and models load here, not in the figure
    text = build(size)
    doc_bytes = len(text.encode("utf-8"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    try:
        if path.endswith(".jsonl"):
            fix_line(engine, text, text_field="text", codes_field=None, unsafe=False)
        else:
            engine.fix(engine.document(text, path))
    except MemoryError:
        return {"seconds": time.perf_counter() - start, "peak_growth": -1, "bytes": doc_bytes}
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"seconds": elapsed, "peak_growth": max(0, peak - before), "bytes": doc_bytes}


def _spawn(name: str, size: int, limit: float) -> dict[str, float] | None:
    """One child run; ``None`` when it passed ``limit`` seconds (a hang) or failed."""
    command = [sys.executable, "-m", "bench.bench_adversarial", "one", name, str(size)]
    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(f"  {name} {size}: exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(quick: bool) -> list[Row]:
    small, large = (MB // 10, MB) if quick else (MB, 10 * MB)
    only = os.environ.get("TEXTFIX_ADVERSARIAL", "")
    names = [n for n in GENERATORS if not only or n in only.split(",")]
    rows: list[Row] = []
    previous = ""
    progress = os.environ.get("TEXTFIX_ADVERSARIAL_PROGRESS")  # a JSONL file each generator's rows go to
    for name in names:
        if progress and rows:
            with open(progress, "a", encoding="utf-8") as out:
                out.writelines(json.dumps(asdict(row)) + "\n" for row in rows if row.metric.startswith(previous))
        previous = name + " "
        note = GENERATORS[name][2]
        first = _spawn(name, small, SMALL_LIMIT)
        if first is None:
            rows.append(Row("adversarial", f"{name} time({small // 1000} KB) s", f"> {SMALL_LIMIT:.0f}", note=note))
            continue
        second = _spawn(name, large, 15 * first["seconds"] + SLACK)
        rows.append(Row("adversarial", f"{name} time({small // 1000} KB) s", round(first["seconds"], 3), note=note))
        size_ratio = large // small
        if second is None:
            rows.append(Row("adversarial", f"{name} time ratio x{size_ratio}", "hang", "<= 15"))
            continue
        if second["peak_growth"] < 0:
            rows.append(Row("adversarial", f"{name} time ratio x{size_ratio}", "out of memory", "<= 15"))
            continue
        ratio = second["seconds"] / max(first["seconds"], 1e-3)
        rows.append(Row("adversarial", f"{name} time({large // 1000} KB) s", round(second["seconds"], 3)))
        rows.append(Row("adversarial", f"{name} time ratio x{size_ratio}", round(ratio, 2), "<= 15"))
        for label, figures in (("small", first), ("large", second)):
            if figures["peak_growth"] < 0:
                rows.append(Row("adversarial", f"{name} peak growth per byte ({label})", "out of memory", "<= 30"))
                continue
            per_byte = figures["peak_growth"] / figures["bytes"]
            rows.append(Row("adversarial", f"{name} peak growth per byte ({label})", round(per_byte, 2), "<= 30"))
        print(f"  {name}: {first['seconds']:.2f}s / {second['seconds']:.2f}s", file=sys.stderr, flush=True)
    if progress and rows:
        with open(progress, "a", encoding="utf-8") as out:
            out.writelines(json.dumps(asdict(row)) + "\n" for row in rows if row.metric.startswith(previous))
    return rows


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "one":
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]))))
    else:
        print(__doc__)
