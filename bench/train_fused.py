"""Train the fused-word scorer and measure its tiers: ``python -m bench train-fused``.

1. Damage the English articles of the *tune* half (:mod:`bench.fused_damage`: fusions at
   random word boundaries, several passes with different seeds) and collect every
   candidate the family finds, labelled right when its repair restores exactly what
   was removed (a candidate in undamaged text is wrong by definition).
2. Fit one logistic model per shape (``punct``, ``hump``, ``runon``) by Newton's method
   with a small ridge penalty: deterministic, numpy only (no training library).
3. Damage the *report* half the same way, score its candidates, and choose each rule's
   tiers with :func:`textfix.core.confidence.choose_tier`: safe at precision 0.995 on at
   least 500 cases, unsafe at 0.95 on at least 100.
4. Write ``src/textfix/families/fused_word/data/model.json`` (rounded, sorted: the same
   bytes twice).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bench.fused_damage import Damaged, damaged_corpus
from textfix.core.confidence import choose_tier
from textfix.core.document import Document
from textfix.families.fused_word import scorer
from textfix.families.fused_word.candidates import CANDIDATES, FEATURES, Candidate

#: Share of word boundaries fused.
RATE = 0.03
TUNE_PASSES = 10
REPORT_PASSES = 12
SAFE_TARGET, SAFE_MIN_CASES = 0.995, 500
UNSAFE_TARGET, UNSAFE_MIN_CASES = 0.95, 100
RIDGE = 1.0
MEASURED_ON = (
    "python -m bench train-fused: fusions at random word boundaries (3% of boundaries, 12 passes) of the "
    "report half (site-disjoint) of the English Readability gold texts and trafilatura snippets"
)


def code_of(candidate: Candidate) -> str:
    """The rule that reports ``candidate``."""
    if candidate.kind == "punct":
        return "FW101"
    if candidate.kind == "hump":
        return "FW102" if candidate.inserts[0][1] == " " else "FW103"
    return "FW104"


@dataclass(frozen=True)
class Case:
    doc: str
    candidate: Candidate
    code: str
    #: Every break the repair inserts is one that was removed, with the same text.
    exact: bool
    #: Every break sits where one was removed (the text inserted may differ: ". " or " ").
    placed: bool


def cases(docs: Iterable[Damaged]) -> list[Case]:
    """Every candidate in the damaged documents, labelled."""
    out: list[Case] = []
    for damaged in docs:
        for candidate in CANDIDATES(Document(damaged.text)):
            exact = all(damaged.gold.get(at, ("", ""))[0] == text for at, text in candidate.inserts)
            placed = all(at in damaged.gold for at, _ in candidate.inserts)
            out.append(Case(damaged.name, candidate, code_of(candidate), exact, placed))
    return out


def fit(rows: list[tuple[float, ...]], labels: list[bool]) -> list[float]:
    """Logistic regression by Newton's method with a ridge penalty (the bias is not penalised)."""
    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], RIDGE)
    penalty[0] = 1e-6
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ weights, -30, 30)))
        gradient = x.T @ (p - y) + penalty * weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if float(np.max(np.abs(step))) < 1e-9:
            break
    return [round(float(w), 6) for w in weights]


def main() -> None:
    tune = cases(damaged_corpus("en", "tune", RATE, TUNE_PASSES))
    kinds: dict[str, dict[str, object]] = {}
    for kind, names in FEATURES.items():
        chosen = [case for case in tune if case.candidate.kind == kind]
        weights = fit([case.candidate.features for case in chosen], [case.exact for case in chosen])
        kinds[kind] = {"features": list(names), "weights": weights, "trained_on": len(chosen)}
        print(f"{kind}: {len(chosen)} candidates, {sum(c.exact for c in chosen)} right")
    model: dict[str, object] = {"measured_on": MEASURED_ON, "kinds": kinds, "tiers": {}}
    scorer.MODEL_FILE.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    scorer.model.cache_clear()
    report = cases(damaged_corpus("en", "report", RATE, REPORT_PASSES))
    tiers: dict[str, dict[str, object]] = {}
    for code in ("FW101", "FW102", "FW103", "FW104"):
        scored = [
            (round(scorer.probability(case.candidate.kind, case.candidate.features), 4), case.exact)
            for case in report
            if case.code == code
        ]
        safe = choose_tier(scored, SAFE_TARGET, SAFE_MIN_CASES)
        unsafe = choose_tier(scored, UNSAFE_TARGET, UNSAFE_MIN_CASES)
        tiers[code] = {
            "safe": None
            if safe is None
            else {"threshold": safe.threshold, "precision": round(safe.precision, 4), "cases": safe.cases},
            "unsafe": None
            if unsafe is None
            else {"threshold": unsafe.threshold, "precision": round(unsafe.precision, 4), "cases": unsafe.cases},
        }
        print(f"{code}: {len(scored)} candidates, {sum(r for _, r in scored)} right; safe {safe}; unsafe {unsafe}")
    model["tiers"] = tiers
    scorer.MODEL_FILE.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    scorer.model.cache_clear()


if __name__ == "__main__":
    main()
