"""Encoding family on ftfy's test cases, and its findings on clean prose.

A pass case is repaired when textfix's safe encoding fixes give ftfy's expected text:
``fixed-encoding`` when present, else ``fixed`` (curly quotes straightened on both
sides, since ftfy's ``fixed`` also straightens them); a case whose output equals
``fixed`` where ``fixed-encoding`` keeps the damage (an HTML entity inside mojibake)
counts too, and is counted apart. A negative case must come out unchanged, except
for what ftfy itself expects (a C1 control read as Windows-1252).
"""

from __future__ import annotations

import json

from bench.common import DATA, Row, clean_prose_texts, megabytes, throughput
from textfix import Config, Engine

ENCODING = DATA / "encoding"
PASS_SETS = ("in-the-wild", "language-names", "synthetic")
_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _cases(name: str) -> list[dict[str, str]]:
    cases: list[dict[str, str]] = json.loads((ENCODING / f"{name}.json").read_text(encoding="utf-8"))
    return cases


def run(quick: bool) -> list[Row]:
    engine = Engine(Config(select=("encoding",)))
    # ftfy's expectations do not know homoglyphs: EN107 is scored on them apart.
    like_ftfy = Engine(Config(select=("encoding",), ignore=("EN107",)))
    homoglyph = Engine(Config(select=("EN107",)))
    homoglyph_changes = [
        (c["label"], c["original"], homoglyph.fix(c["original"]).text)
        for name in (*PASS_SETS, "negative")
        for c in _cases(name)
        if homoglyph.fix(c["original"]).text != c["original"]
    ]
    repaired = total = only_fixed = 0
    misses: list[str] = []
    for name in PASS_SETS:
        for case in _cases(name):
            if case["expect"] != "pass":
                continue
            total += 1
            out = like_ftfy.fix(case["original"]).text.translate(_STRAIGHT)
            encoding_expected = case.get("fixed-encoding", case["fixed"]).translate(_STRAIGHT)
            if out == encoding_expected:
                repaired += 1
            elif out == case["fixed"].translate(_STRAIGHT):
                repaired += 1
                only_fixed += 1
            else:
                misses.append(case["label"])
    negatives = _cases("negative")
    changed = [c["label"] for c in negatives if like_ftfy.fix(c["original"]).text != c["original"]]
    beyond_ftfy = [
        c["label"]
        for c in negatives
        if like_ftfy.fix(c["original"]).text.translate(_STRAIGHT)
        not in (c["original"].translate(_STRAIGHT), c.get("fixed-encoding", c["fixed"]).translate(_STRAIGHT))
    ]
    failures = _cases("known-failures")
    solved = [
        c["label"]
        for c in failures
        if like_ftfy.fix(c["original"]).text.translate(_STRAIGHT) == c["fixed"].translate(_STRAIGHT)
    ]
    rows = [
        Row(
            "encoding", "ftfy pass cases repaired", repaired / total, ">= 1.0", f"{repaired}/{total}; misses: {misses}"
        ),
        Row("encoding", "pass cases matching only ftfy's `fixed`", only_fixed, "", "entity inside mojibake"),
        Row("encoding", "negative cases changed beyond ftfy's expectation", len(beyond_ftfy), "== 0", str(beyond_ftfy)),
        Row("encoding", "negative cases changed at all", len(changed), "", str(changed)),
        Row("encoding", "EN107 homoglyph repairs on ftfy's cases", len(homoglyph_changes), "", str(homoglyph_changes)),
        Row("encoding", "known failures solved", len(solved), "", f"of {len(failures)}: {solved}"),
    ]
    texts = [text for _, text in clean_prose_texts()]
    if quick:
        texts = texts[:40]
    size = megabytes(texts)
    counts: dict[tuple[str, str], int] = {}
    for text in texts:
        for finding in engine.check(text):
            applicability = finding.fix.applicability.value if finding.fix else "none"
            key = (finding.code, applicability)
            counts[key] = counts.get(key, 0) + 1
    for rule in engine.rules:
        for applicability in ("safe", "unsafe", "display", "none"):
            count = counts.get((rule.code, applicability))
            if count or applicability == "safe":
                target = "== 0" if applicability == "safe" else ""
                rows.append(
                    Row(
                        "encoding",
                        f"{rule.code} {applicability} findings per MB, clean prose",
                        round((count or 0) / size, 3),
                        target,
                        f"{count or 0} in {size:.1f} MB",
                    )
                )
    rows.append(Row("encoding", "encoding check MB/s, clean prose", throughput(engine.check, texts)))
    return rows
