"""Score the fused-word rules on fusions made at random word boundaries (:mod:`bench.fused_damage`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bench.fused_damage import TYPES, Damaged
from textfix import Engine
from textfix.core.document import Document
from textfix.model import Applicability


@dataclass
class GeneratedScore:
    """Findings right / wrong (per rule), breaks found / exactly repaired (per damage type)."""

    right: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    exact: Counter[str] = field(default_factory=Counter)
    wrong_examples: list[str] = field(default_factory=list)
    missed_examples: list[str] = field(default_factory=list)
    words: int = 0

    def precision(self) -> float:
        total = sum(self.right.values()) + sum(self.wrong.values())
        return sum(self.right.values()) / total if total else 1.0

    def recall(self, kind: str | None = None) -> float:
        gold = self.gold[kind] if kind else sum(self.gold.values())
        found = self.found[kind] if kind else sum(self.found.values())
        return found / gold if gold else 1.0

    def exact_rate(self, kind: str | None = None) -> float:
        gold = self.gold[kind] if kind else sum(self.gold.values())
        exact = self.exact[kind] if kind else sum(self.exact.values())
        return exact / gold if gold else 1.0


def score_generated(engine: Engine, docs: Iterable[Damaged], allowed: frozenset[Applicability]) -> GeneratedScore:
    """Run ``engine`` on each damaged text and score the insertions of the fixes in ``allowed``."""
    score = GeneratedScore()
    for damaged in docs:
        text = damaged.text
        score.words += len(text.split())
        for _, kind in damaged.gold.values():
            score.gold[kind] += 1
        hit: set[int] = set()
        for finding in engine.check(Document(text)):
            if finding.fix is None or finding.fix.applicability not in allowed:
                continue
            inserts = [(e.start, e.replacement) for e in finding.fix.edits if e.start == e.end]
            if not inserts:
                continue
            if all(at in damaged.gold for at, _ in inserts):
                score.right[finding.code] += 1
                for at, inserted in inserts:
                    if at in hit:
                        continue
                    hit.add(at)
                    want, kind = damaged.gold[at]
                    score.found[kind] += 1
                    score.exact[kind] += want == inserted
            else:
                score.wrong[finding.code] += 1
                if len(score.wrong_examples) < 40:
                    snippet = text[max(0, finding.start - 20) : finding.end + 20].replace("\\n", " ")
                    score.wrong_examples.append(f"{finding.code} {finding.confidence} {snippet!r}")
        for at, (_, kind) in damaged.gold.items():
            if at not in hit and len(score.missed_examples) < 60:
                score.missed_examples.append(f"{kind}: {text[max(0, at - 15) : at]}|{text[at : at + 15]}")
    return score


__all__ = ["TYPES", "GeneratedScore", "score_generated"]
