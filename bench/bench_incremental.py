"""Incremental ``fix``: CPU time and characters re-checked, against a full re-check every round.

``Engine.fix`` re-runs the local rules only on the blocks of paragraphs a round's edits touched
(``textfix.core.incremental``); the reference is the same engine with every rule declared a
document rule, which re-checks the whole document every round (what ``fix`` did before). Both
run in this process over the same documents, alternating which goes first per document (the
second run of a document finds the per-token caches warm: alternating shares that out), after
warm-up documents; the times are CPU time (``time.process_time``), one core.

Corpora, from ``bench/data/scraped`` (the outputs of seven extractors on the 1,120 dev pages):
``pages`` = the inscriptis output of each page (whole-page text), ``scraped`` = every non-empty
extractor output; a fixed random sample of ``MB`` megabytes of each. Reported per corpus: MB/s of
``check``, of ``fix`` (incremental) and of ``fix`` (full re-check), the fix speed-up, check rounds
per document, and the characters the local rules were run on per document character (the full
re-check runs them on every character of every round).

    python -m bench incremental          # 3 MB of each corpus
    python -m bench incremental --quick  # 0.5 MB
"""

from __future__ import annotations

import gzip
import json
import random
import time
from collections.abc import Iterator

from bench.common import DATA, Row, megabytes
from textfix import Engine
from textfix.core import engine as engine_module
from textfix.core import incremental
from textfix.core.document import Document
from textfix.core.scope import DOCUMENT
from textfix.model import Finding

SCRAPED = DATA / "scraped"
WARM_UP = 10


def _outputs() -> Iterator[tuple[str, str]]:
    for name in ("readability-pages", "trafilatura-pages"):
        with gzip.open(SCRAPED / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
            pages = json.load(handle)
        for page in sorted(pages):
            for extractor, text in sorted(pages[page]["outputs"].items()):
                if text and text.strip():
                    yield extractor, text


def corpus(kind: str, mb: float) -> list[str]:
    """A fixed random sample of ``mb`` MB (plus warm-up documents) of the ``pages`` or ``scraped`` corpus."""
    texts = [text for extractor, text in _outputs() if kind == "scraped" or extractor == "inscriptis"]
    random.Random(1).shuffle(texts)
    out: list[str] = []
    size = 0.0
    for text in texts:
        out.append(text)
        size += len(text.encode("utf-8")) / 1e6
        if size > mb and len(out) > WARM_UP:
            break
    return out


class _Counting(incremental.BlockCache):
    """The block cache, totting up the characters it ran the local rules on (over every document)."""

    total = 0

    def findings(self, doc: Document, run: incremental.BlockRunner) -> list[list[Finding]]:
        before = self.checked_chars
        out = super().findings(doc, run)
        if self.rules:  # the full re-check's engine has no local rules: its cache checks nothing
            _Counting.total += self.checked_chars - before
        return out


def measure(kind: str, mb: float) -> list[Row]:
    texts = corpus(kind, mb)
    warm, texts = texts[:WARM_UP], texts[WARM_UP:]
    size = megabytes(texts)
    new, full = Engine(), Engine()
    for rule in full.available:
        rule.scope = DOCUMENT
    for text in warm:
        new.fix(text)
        full.fix(text)
        new.check(text)
    times = {"new": 0.0, "full": 0.0, "check": 0.0}
    rounds = 0
    full_chars = 0  # what a full re-check runs the rules on: every character of every round (about)
    original = incremental.BlockCache
    _Counting.total = 0
    vars(engine_module)["BlockCache"] = _Counting  # the engine's own name for the class
    try:
        for index, text in enumerate(texts):
            order = (("new", new), ("full", full)) if index % 2 else (("full", full), ("new", new))
            for name, engine in order:
                start = time.process_time()
                result = engine.fix(text)
                times[name] += time.process_time() - start
                if name == "new":
                    rounds += result.iterations
                    full_chars += len(text) * result.iterations
            start = time.process_time()
            new.check(text)
            times["check"] += time.process_time() - start
    finally:
        vars(engine_module)["BlockCache"] = original
    doc_chars = sum(len(t) for t in texts)
    return [
        Row("incremental", f"{kind}: check MB/s (CPU)", round(size / times["check"], 3), note=f"{size:.1f} MB"),
        Row("incremental", f"{kind}: fix MB/s, incremental (CPU)", round(size / times["new"], 3)),
        Row("incremental", f"{kind}: fix MB/s, full re-check (CPU)", round(size / times["full"], 3)),
        Row("incremental", f"{kind}: fix speed-up (full / incremental time)", round(times["full"] / times["new"], 3)),
        Row("incremental", f"{kind}: check rounds per document", round(rounds / len(texts), 2)),
        Row(
            "incremental",
            f"{kind}: characters the local rules ran on, per document character",
            round(_Counting.total / doc_chars, 2),
            note=f"full re-check: {full_chars / doc_chars:.2f} (every character of every round)",
        ),
    ]


def run(quick: bool) -> list[Row]:
    mb = 0.5 if quick else 3.0
    return [*measure("pages", mb), *measure("scraped", mb)]
