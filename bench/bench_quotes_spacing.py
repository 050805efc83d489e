"""Quotes, spacing and encoding rules on injected damage; findings on clean prose; speed.

Damage (bench/damage_lines.py) is injected into one line in three of clean prose cut into
lines of three sentences (straight quotes made curly first, lines whose quotes are
unclear left out). Only the rule under test runs. A damaged line restored exactly is a
true positive; a damaged line left or mangled a false negative; any other line changed
(or a damaged line mangled) a false positive.
"""

from __future__ import annotations

import random

from bench.common import Row, clean_prose_texts, megabytes, throughput
from bench.damage_lines import DAMAGE, prose_lines, to_curly
from textfix import Config, Engine


def _score(code: str, gold: list[str], damaged: list[str], unsafe: bool) -> tuple[float, float, int]:
    engine = Engine(Config(select=(code,)))
    fixed = engine.fix("\n".join(damaged), unsafe=unsafe).text.split("\n")
    tp = fp = fn = 0
    for want, given, got in zip(gold, damaged, fixed, strict=True):
        if want != given:
            if got == want:
                tp += 1
            else:
                fn += 1
                fp += got != given
        elif got != given:
            fp += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp + fn


def run(quick: bool) -> list[Row]:
    texts = [text for _, text in clean_prose_texts()]
    if quick:
        texts = texts[:40]
    lines = [curly for line in prose_lines(texts[-60:]) if (curly := to_curly(line)) is not None]
    rows: list[Row] = []
    for label, (code, inject) in DAMAGE.items():
        rng = random.Random(code)
        damaged = []
        for index, line in enumerate(lines):
            hurt = inject(line, rng) if index % 3 == 0 else None
            damaged.append(hurt if hurt is not None else line)
        for unsafe in (False, True):
            precision, recall, sites = _score(code, lines, damaged, unsafe)
            mode = "safe+unsafe" if unsafe else "safe"
            rows.append(
                Row(
                    "quotes_spacing",
                    f"{code} {label}: precision ({mode})",
                    round(precision, 4),
                    ">= 0.99" if not unsafe else "",
                    f"{sites} damaged lines",
                )
            )
            rows.append(Row("quotes_spacing", f"{code} {label}: recall ({mode})", round(recall, 4)))
    engine = Engine(Config(select=("spacing", "punctuation")))
    size = megabytes(texts)
    counts: dict[tuple[str, str], int] = {}
    for text in texts:
        for finding in engine.check(text):
            key = (finding.code, finding.fix.applicability.value if finding.fix else "none")
            counts[key] = counts.get(key, 0) + 1
    for (code, applicability), count in sorted(counts.items()):
        rows.append(
            Row(
                "quotes_spacing",
                f"{code} {applicability} findings per MB, clean prose",
                round(count / size, 3),
                "",
                f"{count} in {size:.1f} MB",
            )
        )
    all_three = Engine(Config(select=("encoding", "spacing", "punctuation")))
    rows.append(
        Row(
            "quotes_spacing",
            "encoding+quotes+spacing check MB/s, clean prose",
            throughput(all_three.check, texts),
            ">= 15",
        )
    )
    rows.append(
        Row("quotes_spacing", "encoding+quotes+spacing fix MB/s, clean prose", throughput(all_three.fix, texts))
    )
    return rows
