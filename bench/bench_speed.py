"""Speed: MB/s and peak memory of the default rules on clean prose, beside ftfy.fix_text."""

from __future__ import annotations

import ftfy

from bench.common import Row, clean_prose_texts, peak_rss_mb, throughput
from textfix import Engine


def run(quick: bool) -> list[Row]:
    texts = [text for _, text in clean_prose_texts()]
    if quick:
        texts = texts[:20]
    engine = Engine()
    rows = [
        Row("speed", "textfix check MB/s (1 job, default rules)", throughput(engine.check, texts), ">= 15"),
        Row("speed", "textfix fix MB/s (1 job, default rules)", throughput(engine.fix, texts)),
        Row("speed", "ftfy.fix_text MB/s (same files)", throughput(ftfy.fix_text, texts)),
    ]
    by_category: dict[str, list[object]] = {}
    for rule in engine.rules:
        by_category.setdefault(rule.category.value, []).append(rule)
    for category in sorted(by_category):
        only = Engine(engine.config.merged({"select": (category,)}))
        rows.append(Row("speed", f"check MB/s, {category} rules only", throughput(only.check, texts)))
    rows.append(Row("speed", "peak RSS MB (this process)", peak_rss_mb(), "<= 300"))
    return rows
