"""Grammar heuristics (GR2xx): findings per MB on clean prose, recall on the seed's traces, speed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench.common import Row, clean_prose_texts, megabytes, throughput
from textfix import Config, Engine

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "examples" / "seed-article.txt"

#: The seed's four traces of lost sentence breaks (issue 7): (text before the capital, the capital).
SEED_TRACES = (
    ("supply ", "The"),
    ("foreign minister ", "They"),
    ("So ", "This"),
    ("that is ", "Prevent"),
)


def run(quick: bool) -> list[Row]:
    engine = Engine(Config(select=("GR2",)))
    texts = [text for _, text in clean_prose_texts()]
    if quick:
        texts = texts[:40]
    size = megabytes(texts)
    per_rule: Counter[str] = Counter()
    for text in texts:
        per_rule.update(f.code for f in engine.check(text))
    total = sum(per_rule.values())
    rows = [
        Row(
            "grammar",
            "GR2xx findings per MB on clean prose",
            total / size,
            "<= 5",
            f"{total} findings in {size:.2f} MB; " + ", ".join(f"{c} {n}" for c, n in sorted(per_rule.items())),
        )
    ]
    seed = SEED.read_text(encoding="utf-8")
    found = {(f.start, f.end) for f in engine.check(seed)}
    hits = 0
    for before, word in SEED_TRACES:
        start = seed.index(before + word) + len(before)
        hits += (start, start + len(word)) in found
    rows.append(Row("grammar", "recall on the seed's four lost-break traces", hits / len(SEED_TRACES), ">= 1"))
    atlantic = seed.index("atlantic alliance")
    rows.append(
        Row("grammar", "seed 'atlantic alliance' found (GR203)", int((atlantic, atlantic + 8) in found), "== 1")
    )
    rows.append(Row("grammar", "GR2xx check MB/s (heuristics only, 1 job)", throughput(engine.check, texts)))
    return rows
