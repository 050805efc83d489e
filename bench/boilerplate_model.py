"""Rows of ``bench_boilerplate.py`` for the chrome-line model (BP401), measured site-disjoint.

Every page is fixed with the fold model that never saw its site
(``bench/.cache/boilerplate-folds/``, written by ``python -m bench train-boilerplate``;
trained here first when missing), at that fold's own thresholds (chosen on the other
folds' out-of-fold scores). Figures:

* per extractor (readability pages; the gold is the text of ``expected.html``): 4-gram
  shingle precision, recall and F1 (per page, averaged; F1 of the averages) of the text
  before, after ``fix``, after ``fix --unsafe-fixes``, with the rules before BP401
  alone, and of the oracle that removes exactly the lines labelled chrome;
* line level, both page sets: precision and recall of the removed lines per tier, and of
  the packs alone; near-article lines of whole-page text;
* the 20 most frequent false positives and misses, by type;
* clean prose and speed are in ``bench_boilerplate.py``'s own rows.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.boilerplate_data import CHROME, CONTENT, FOLDS, WHOLE_PAGE, ScrapedDoc, documents, readability_pages, words
from bench.common import Row
from textfix import Config, ConvergenceError, Engine

NEAR = 5

_TYPES = (
    (
        "comment/login form",
        r"komment|comment|antwort|reply|required|website|e-?mail|passwor|benutzer|anmeld|login|log in|sign in"
        r"|register",
    ),
    (
        "share/print/social",
        r"teil|share|twitter|facebook|whatsapp|pinterest|tweet|digg|del\.icio|print|drucken|folg|follow|rss",
    ),
    (
        "related/recirculation",
        r"interess|beitr|artikel|related|ähnlich|lesen|gelesen|stories|popular|most|more|weitere|mehr",
    ),
    (
        "navigation/menu",
        r"zurück|startseite|nach oben|home|menü|menu|suche|search|kontakt|contact|übersicht|skip|next|previous|weiter",
    ),
    ("legal/copyright", r"impressum|datenschutz|rights|rechte|copyright|©|privacy|nutzungsbed|cookie|terms|agb"),
    ("newsletter/subscribe/ads", r"newsletter|abonn|subscri|abo\b|anzeige|advert|werbung|sponsor"),
    ("date/time/byline", r"\d{1,2}[.:/]\s?\d|\b(?:19|20)\d\d\b|\buhr\b|\bvon\b|\bby\b|posted|updated|aktualisiert"),
    ("photo/caption/credit", r"photo|foto|bild|image|credit|getty|reuters|dpa|afp|ap\b"),
)


def line_type(text: str) -> str:
    import regex

    lowered = text.casefold()
    for name, pattern in _TYPES:
        if regex.search(pattern, lowered):
            return name
    n = len(words(text))
    if n <= 4:
        return "other short line (<= 4 words)"
    return "other sentence/headline-like line"


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = words(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(0, len(tokens) - 3)))


def shingle_pr(text: str, gold: Counter[tuple[str, ...]]) -> tuple[float, float]:
    got = _shingles(text)
    overlap = sum((got & gold).values())
    size = sum(got.values())
    precision = overlap / size if size else 1.0
    recall = overlap / sum(gold.values()) if gold else 1.0
    return precision, recall


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def removed_lines(before: str, after: str) -> set[int]:
    """Indices of the lines of ``before`` that ``after`` lost (line removal only: a subsequence)."""
    import difflib

    old, new = before.split("\n"), after.split("\n")
    gone: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            gone.update(range(i1, i2))
    return gone


def fold_paths() -> dict[int, tuple[str, dict[str, Any]]]:
    from bench.train_boilerplate import FOLD_DIR, train

    if not all((FOLD_DIR / f"fold{k}.json").exists() for k in range(FOLDS)):
        train()
    out = {}
    for k in range(FOLDS):
        tiers = json.loads((FOLD_DIR / f"fold{k}-tiers.json").read_text(encoding="utf-8"))
        out[k] = (str(FOLD_DIR / f"fold{k}.json"), tiers)
    return out


def engines(path: str, tiers: dict[str, Any]) -> dict[str, Engine]:
    """The configurations measured for one fold (``tiers``: the fold's thresholds, read by the rule itself)."""
    del tiers

    options = {"boilerplate": {"line-model": path}}  # its tiers: fold<k>-tiers.json beside it
    return {
        "safe": Engine(Config(select=("boilerplate",), options=options)),
        "unsafe": Engine(Config(select=("boilerplate",), options=options, unsafe_fixes=True)),
        "rules before BP401 (unsafe)": Engine(Config(select=("boilerplate",), ignore=("BP401",), unsafe_fixes=True)),
        "packs alone (unsafe)": Engine(Config(select=("boilerplate",), ignore=("BP2", "BP401"), unsafe_fixes=True)),
    }


@dataclass
class Tally:
    removed_chrome: int = 0
    removed_content: int = 0
    chrome: int = 0
    content: int = 0
    fps: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    fp_examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    miss_examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    fp_lines: Counter[str] = field(default_factory=Counter)
    miss_lines: Counter[str] = field(default_factory=Counter)

    def add(self, doc: ScrapedDoc, gone: set[int], lines: Sequence[str], rows: Iterable[int] | None = None) -> None:
        for i in rows if rows is not None else range(len(lines)):
            label = doc.labels[i]
            if label == CHROME:
                self.chrome += 1
                if i in gone:
                    self.removed_chrome += 1
                else:
                    kind = line_type(lines[i])
                    self.miss_lines[" ".join(lines[i].split())[:60]] += 1
                    self.misses[kind] += 1
                    if len(self.miss_examples[kind]) < 3:
                        self.miss_examples[kind].append(lines[i].strip()[:50])
            elif label == CONTENT:
                self.content += 1
                if i in gone:
                    self.removed_content += 1
                    kind = line_type(lines[i])
                    self.fp_lines[" ".join(lines[i].split())[:60]] += 1
                    self.fps[kind] += 1
                    if len(self.fp_examples[kind]) < 3:
                        self.fp_examples[kind].append(f"{doc.page}/{doc.extractor}: {lines[i].strip()[:50]}")

    @property
    def precision(self) -> float:
        removed = self.removed_chrome + self.removed_content
        return self.removed_chrome / removed if removed else 1.0

    @property
    def recall(self) -> float:
        return self.removed_chrome / self.chrome if self.chrome else 0.0


def run(quick: bool) -> list[Row]:
    folds = fold_paths()
    engines_by_fold = {k: engines(path, tiers) for k, (path, tiers) in folds.items()}
    configs = list(next(iter(engines_by_fold.values())))
    gold_shingles = {page: _shingles(str(entry["gold"])) for page, entry in readability_pages().items()}
    shingle: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    near: dict[str, Tally] = defaultdict(Tally)
    docs = list(documents())
    # Every readability page (the shingle figures); a quarter of the trafilatura pages (line figures).
    readability = [d for d in docs if d.source == "readability"]
    trafilatura = [d for d in docs if d.source != "readability"]
    docs = readability[::7] + trafilatura[::7] if quick else readability + trafilatura[::4]
    unconverged: list[str] = []
    for doc in docs:
        lines = doc.text.split("\n")
        text = doc.text
        fixed = {}
        for name, engine in engines_by_fold[doc.fold].items():
            try:
                fixed[name] = engine.fix(text).text
            except ConvergenceError:
                # What the CLI does with such a file: it is reported and left as it was.
                unconverged.append(f"{doc.source}/{doc.page}/{doc.extractor} ({name})")
                fixed[name] = text
        gone = {name: removed_lines(text, after) for name, after in fixed.items()}
        for name in configs:
            tallies[(doc.source, name)].add(doc, gone[name], lines)
        if doc.source == "readability":
            gold = gold_shingles[doc.page]
            oracle = "\n".join(line for line, label in zip(lines, doc.labels, strict=True) if label != CHROME)
            shingle[(doc.extractor, "before")].append(shingle_pr(text, gold))
            shingle[(doc.extractor, "oracle")].append(shingle_pr(oracle, gold))
            for name in configs:
                shingle[(doc.extractor, name)].append(shingle_pr(fixed[name], gold))
            if doc.extractor in WHOLE_PAGE:
                content = [i for i, label in enumerate(doc.labels) if label == CONTENT]
                if content:
                    first, last = content[0], content[-1]
                    nonblank = [i for i, line in enumerate(lines) if line.strip()]
                    above = [i for i in nonblank if i < first][-NEAR:]
                    below = [i for i in nonblank if i > last][:NEAR]
                    for name in configs:
                        near[name].add(doc, gone[name], lines, [*above, *below])
    unconverged_row = Row(
        "boilerplate",
        "documents whose fix did not converge (left as they were)",
        len(unconverged),
        "<= 0",
        "; ".join(unconverged[:5]),
    )
    return [*_shingle_rows(shingle, configs), *_line_rows(tallies, near, configs), unconverged_row]


def _shingle_rows(shingle: dict[tuple[str, str], list[tuple[float, float]]], configs: list[str]) -> list[Row]:
    rows: list[Row] = []
    extractors = sorted({e for e, _ in shingle})
    for extractor in extractors:
        figures = {}
        for name in ("before", *configs, "oracle"):
            pairs = shingle[(extractor, name)]
            p = sum(x for x, _ in pairs) / len(pairs)
            r = sum(y for _, y in pairs) / len(pairs)
            figures[name] = (p, r, f1(p, r))
        base = figures["before"]
        gain_oracle = figures["oracle"][2] - base[2]
        for name, (p, r, f) in figures.items():
            rows.append(
                Row(
                    "boilerplate",
                    f"scraped {extractor}: shingle F1 ({name})",
                    round(f, 4),
                    note=f"P {p:.4f} R {r:.4f}; {len(shingle[(extractor, name)])} readability pages, site-disjoint",
                )
            )
        gain_unsafe = figures["unsafe"][2] - base[2]
        rows.append(
            Row(
                "boilerplate",
                f"scraped {extractor}: share of the oracle's F1 gain (--unsafe-fixes)",
                round(gain_unsafe / gain_oracle, 3) if gain_oracle > 0 else 0.0,
                ">= 0.5",
                note=f"gain {gain_unsafe:+.4f} of {gain_oracle:+.4f}",
            )
        )
        rows.append(
            Row(
                "boilerplate",
                f"scraped {extractor}: recall lost by safe fixes",
                round(base[1] - figures["safe"][1], 4),
                "<= 0.002",
            )
        )
    return rows


def _line_rows(tallies: dict[tuple[str, str], Tally], near: dict[str, Tally], configs: list[str]) -> list[Row]:
    rows: list[Row] = []
    for (source, name), tally in sorted(tallies.items()):
        rows.append(
            Row(
                "boilerplate",
                f"lines, {source} pages ({name}): precision",
                round(tally.precision, 4),
                ">= 0.99" if name == "safe" else (">= 0.95" if name == "unsafe" else ""),
                note=f"{tally.removed_chrome} chrome and {tally.removed_content} content lines removed",
            )
        )
        rows.append(
            Row(
                "boilerplate",
                f"lines, {source} pages ({name}): recall",
                round(tally.recall, 4),
                note=f"of {tally.chrome} chrome lines",
            )
        )
    for name in configs:
        tally = near[name]
        rows.append(
            Row(
                "boilerplate",
                f"whole-page near-article lines ({name}): precision",
                round(tally.precision, 4),
                ">= 0.95" if name == "unsafe" else "",
                note=f"{tally.removed_chrome + tally.removed_content} removed",
            )
        )
        rows.append(
            Row(
                "boilerplate",
                f"whole-page near-article lines ({name}): recall",
                round(tally.recall, 4),
                ">= 0.75" if name == "unsafe" else "",
                note=f"of {tally.chrome} chrome lines within {NEAR} lines of the article",
            )
        )
    merged = Tally()
    for (_, name), tally in tallies.items():
        if name == "unsafe":
            merged.fps.update(tally.fps)
            merged.misses.update(tally.misses)
            merged.fp_lines.update(tally.fp_lines)
            merged.miss_lines.update(tally.miss_lines)
            for kind, examples in tally.fp_examples.items():
                merged.fp_examples[kind].extend(examples)
            for kind, examples in tally.miss_examples.items():
                merged.miss_examples[kind].extend(examples)
    for label, counts, examples in (
        ("false positive", merged.fps, merged.fp_examples),
        ("miss", merged.misses, merged.miss_examples),
    ):
        for kind, count in counts.most_common(20):
            shown = "; ".join(repr(e) for e in examples[kind][:3])
            rows.append(Row("boilerplate", f"BP401 {label}s by type (--unsafe-fixes): {kind}", count, note=shown))
    for label, counts in (("false positive", merged.fp_lines), ("miss", merged.miss_lines)):
        for text, count in counts.most_common(20):
            rows.append(
                Row(
                    "boilerplate",
                    f"BP401 frequent {label} (--unsafe-fixes)",
                    count,
                    note=f"{line_type(text)}: {text!r}",
                )
            )
    return rows
