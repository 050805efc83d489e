"""Calibrated confidence: how a statistical rule's probability decides a fix's applicability.

A learned or statistical rule scores each finding with a calibrated probability that it
is right. Two thresholds, each measured by a benchmark, turn that probability into an
:class:`~textfix.model.Applicability`:

* ``safe`` at the lowest threshold where the measured precision of the findings at or
  above it is at least :data:`SAFE_PRECISION` on at least ``min_cases`` findings;
* ``unsafe`` likewise for :data:`UNSAFE_PRECISION`;
* ``display`` below.

A tier no threshold reaches is ``None`` (the rule then never makes a fix of that tier).
:func:`choose_tier` is the one place that picks a threshold from measured cases, so every
benchmark sets its tiers the same way; :class:`Calibration` is what a rule carries and
what ``textfix rule CODE`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textfix.model import Applicability

#: Measured precision a fix must reach to be applied by default.
SAFE_PRECISION = 0.99
#: Measured precision a fix must reach to be applied with ``--unsafe-fixes``.
UNSAFE_PRECISION = 0.95


@dataclass(frozen=True, slots=True)
class Tier:
    """One applicability tier: findings at or above ``threshold`` had ``precision`` on ``cases`` findings."""

    threshold: float
    precision: float
    cases: int

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            msg = f"threshold {self.threshold} is not a probability"
            raise ValueError(msg)


@dataclass(frozen=True, slots=True)
class Calibration:
    """The tiers a statistical rule was set at, and where they were measured."""

    safe: Tier | None
    unsafe: Tier | None
    #: The benchmark and data the tiers come from (``python -m bench boilerplate``, ...).
    measured_on: str

    def applicability(
        self, confidence: float, *, safe_at: float | None = None, unsafe_at: float | None = None
    ) -> Applicability:
        """The applicability of a finding with ``confidence``.

        ``safe_at``/``unsafe_at`` move the thresholds (a user's configuration); they
        default to the measured ones. A tier without a measured threshold is used only
        when the user sets one.
        """
        safe = safe_at if safe_at is not None else (self.safe.threshold if self.safe else None)
        unsafe = unsafe_at if unsafe_at is not None else (self.unsafe.threshold if self.unsafe else None)
        if safe is not None and confidence >= safe:
            return Applicability.SAFE
        if unsafe is not None and confidence >= unsafe:
            return Applicability.UNSAFE
        return Applicability.DISPLAY

    def describe(self) -> str:
        """The tiers in words, for ``textfix rule CODE``."""

        def line(label: str, tier: Tier | None, target: float) -> str:
            if tier is None:
                return f"  {label}: never (no threshold reached precision {target} on enough cases)"
            return (
                f"  {label}: confidence >= {tier.threshold:.3f} "
                f"(measured precision {tier.precision:.4f} on {tier.cases} cases)"
            )

        return "\n".join(
            (
                f"Confidence tiers (measured by {self.measured_on}):",
                line("safe", self.safe, SAFE_PRECISION),
                line("unsafe", self.unsafe, UNSAFE_PRECISION),
                "  display: below",
            )
        )


def choose_tier(cases: Iterable[tuple[float, bool]], target: float, min_cases: int) -> Tier | None:
    """The lowest threshold whose findings reach ``target`` precision on at least ``min_cases``.

    ``cases`` are ``(confidence, correct)`` pairs measured on held-out data. Findings at
    or above a threshold count; the threshold returned is one of the confidences seen.
    Thresholds are walked from the highest down; once ``min_cases`` findings are
    reached, the walk stops at the first threshold whose precision falls below the
    target (so every threshold between the one returned and the top that holds
    ``min_cases`` findings also meets it).

    >>> cases = [(0.9, True)] * 98 + [(0.5, False), (0.4, True)]
    >>> choose_tier(cases, 0.99, 50)
    Tier(threshold=0.9, precision=1.0, cases=98)
    >>> choose_tier(cases, 0.95, 50)
    Tier(threshold=0.4, precision=0.99, cases=100)
    >>> choose_tier(cases, 0.99, 500) is None
    True
    """
    ordered = sorted(cases, key=lambda c: -c[0])
    best: Tier | None = None
    correct = 0
    index = 0
    while index < len(ordered):
        threshold = ordered[index][0]
        # Take every case tied at this confidence together.
        while index < len(ordered) and ordered[index][0] == threshold:
            correct += ordered[index][1]
            index += 1
        precision = correct / index
        if index < min_cases:
            continue
        if precision < target:
            break
        best = Tier(threshold=threshold, precision=precision, cases=index)
    return best
