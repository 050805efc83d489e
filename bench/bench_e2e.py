"""End to end: clean documents damaged by bench/damage.py, fixed by textfix, scored against the gold.

Per category: precision and recall of the edits textfix makes against the edits the gold
needs (whole lines for removed or added lines, character edits inside changed lines;
blank lines ignored), and repair = 1 - lev(fixed, gold) / lev(input, gold) (Levenshtein over the changed
paragraphs). A ``mixed``
set carries every category at once. Safe fixes (``textfix fix``) and unsafe ones
(``--unsafe-fixes``) are scored apart.
"""

from __future__ import annotations

import random
from collections import Counter
from difflib import SequenceMatcher

import regex
from rapidfuzz.distance import Levenshtein

from bench.common import Row, clean_prose_texts
from bench.damage import INJECTORS, damage
from textfix import Config, Engine

Edit = tuple[object, ...]


def _trim(a: str, b: str) -> tuple[int, str, str]:
    """Drop the common prefix and suffix (Levenshtein on whole paragraphs is slow)."""
    prefix = 0
    limit = min(len(a), len(b))
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix, a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]


def _char_edits(a: str, b: str, line: int) -> list[Edit]:
    offset, a, b = _trim(a, b)
    out: list[Edit] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        start, end = op.src_start + offset, op.src_end + offset
        if out and out[-1][2] == start:
            _, first, _, text = out[-1]
            out[-1] = (line, first, end, str(text) + b[op.dest_start : op.dest_end])
        else:
            out.append((line, start, end, b[op.dest_start : op.dest_end]))
    return out


def distance(source: str, target: str) -> int:
    """Levenshtein distance over the changed paragraphs (blank lines ignored).

    Equal to the plain distance when changes stay inside aligned paragraphs, and
    hundreds of times faster than it on whole documents.
    """
    a = [line for line in source.split("\n") if line.strip()]
    b = [line for line in target.split("\n") if line.strip()]
    total = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            _, x, y = _trim("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))
            total += int(Levenshtein.distance(x, y))
    return total


def edits(source: str, target: str) -> Counter[Edit]:
    """The edits that turn ``source`` into ``target``, line-aware; blank lines are ignored.

    (Left in, blank lines also make difflib align paragraphs with the wrong blank line.)
    """
    a = [line for line in source.split("\n") if line.strip()]
    b = [line for line in target.split("\n") if line.strip()]
    out: Counter[Edit] = Counter()
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                out.update(_char_edits(a[i1 + k], b[j1 + k], i1 + k))
            continue
        out.update(("del", line) for line in a[i1:i2])
        out.update(("add", line) for line in b[j1:j2])
    return out


_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[A-Z“])")


def documents(quick: bool) -> list[str]:
    """Articles cut from the addresses: 4 sentences a paragraph, at most 30 paragraphs."""
    texts = [text for _, text in clean_prose_texts()]
    step = 12 if quick else 3
    out = []
    for text in texts[::step]:
        sentences = _SENTENCE_END.split(text.strip())
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, min(len(sentences), 120), 4)]
        out.append("\n\n".join(paragraphs) + "\n")
    return out


def run(quick: bool) -> list[Row]:
    rng = random.Random(20261125)
    docs = documents(quick)
    sets: dict[str, list[tuple[str, str]]] = {}
    for category in INJECTORS:
        for doc in docs:
            damaged = damage(doc, category, rng)
            if damaged is not None:
                sets.setdefault(category, []).append((damaged, doc))
    for doc in docs:
        damaged = doc
        for category in INJECTORS:
            damaged = damage(damaged, category, rng, times=1) or damaged
        sets.setdefault("mixed", []).append((damaged, doc))
    rows: list[Row] = []
    for unsafe in (False, True):
        engine = Engine(Config(unsafe_fixes=unsafe))
        mode = "unsafe" if unsafe else "safe"
        for category, pairs in sets.items():
            tp = made = needed = 0
            lev_before = lev_after = 0
            for damaged, gold in pairs:
                fixed = engine.fix(damaged).text
                want, got = edits(damaged, gold), edits(damaged, fixed)
                tp += sum((want & got).values())
                made += sum(got.values())
                needed += sum(want.values())
                lev_before += distance(damaged, gold)
                lev_after += distance(fixed, gold)
            precision = tp / made if made else 1.0
            recall = tp / needed if needed else 1.0
            repair = 1 - lev_after / lev_before if lev_before else 1.0
            note = f"{len(pairs)} docs, {needed} edits needed, {made} made"
            rows.append(Row("e2e", f"{mode} {category} precision", round(precision, 4), note=note))
            rows.append(Row("e2e", f"{mode} {category} recall", round(recall, 4)))
            rows.append(Row("e2e", f"{mode} {category} repair", round(repair, 4)))
    return rows
