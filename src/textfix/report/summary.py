"""One summary of a run: what was processed, changed, fixed and left, for any front end.

The CLI, the library and the batch back ends (worker pool, Dask) all fill one
:class:`RunSummary` from the outcomes they see; the exit code, the closing line,
``--statistics`` and ``--show-fixes`` are all read from it.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from textfix.run.runner import Outcome


class RunSummary(msgspec.Struct):
    """Counts of one run, filled outcome by outcome.

    Attributes:
        files: inputs seen (files, standard input, records).
        changed: inputs whose text changed.
        fixes: fixes applied.
        remaining: findings left.
        errors: one message per input that failed (read, decode, rule or write error).
        skipped: one message per input left alone on purpose (binary, ...).
        per_rule: findings left, by rule code.
        per_language: findings left, by rule code and the language they name (the
            ``language`` property: the language family's leftovers).
        per_category: findings fixed or left, by category.
        names: rule code -> rule name, for the statistics table.
        fix_lines: with ``show_fixes``, one line per fix applied or offered.
    """

    show_fixes: bool = False
    files: int = 0
    changed: int = 0
    fixes: int = 0
    remaining: int = 0
    errors: list[str] = msgspec.field(default_factory=list)
    skipped: list[str] = msgspec.field(default_factory=list)
    per_rule: Counter[str] = msgspec.field(default_factory=Counter)
    per_language: Counter[tuple[str, str]] = msgspec.field(default_factory=Counter)
    per_category: Counter[str] = msgspec.field(default_factory=Counter)
    names: dict[str, str] = msgspec.field(default_factory=dict)
    fix_lines: list[str] = msgspec.field(default_factory=list)
    started: float = msgspec.field(default_factory=time.perf_counter)

    def add(self, outcome: Outcome) -> None:
        """Count one input's outcome."""
        if outcome.error:
            self.errors.append(outcome.error)
        if outcome.skipped:
            self.skipped.append(outcome.skipped)
        self.files += 1
        self.remaining += len(outcome.findings)
        self.per_rule.update(f.code for f in outcome.findings)
        self.per_language.update(
            (f.code, value) for f in outcome.findings for key, value in f.properties if key == "language"
        )
        self.per_category.update(f.category.value for f in outcome.findings)
        self.per_category.update(a.finding.category.value for a in outcome.applied)
        self.names.update((f.code, f.name) for f in outcome.findings)
        if self.show_fixes:
            self.fix_lines.extend(fix_lines(outcome))
        if outcome.changed:
            self.changed += 1
        self.fixes += len(outcome.applied)

    def add_counts(
        self, *, changed: bool, remaining: int, error: str | None = None, skipped: str | None = None
    ) -> None:
        """Count an input processed elsewhere (a Dask worker) from its counts alone."""
        self.files += 1
        self.changed += changed
        self.remaining += remaining
        if error:
            self.errors.append(error)
        if skipped:
            self.skipped.append(skipped)

    def closing_line(self) -> str:
        """Files, changes, fixes and findings left per category, and the time taken."""
        elapsed = time.perf_counter() - self.started
        line = (
            f"{self.files} file(s) in {elapsed:.1f}s: {self.changed} changed, {self.fixes} fix(es) applied, "
            f"{self.remaining} finding(s) left"
        )
        if self.skipped:
            line += f", {len(self.skipped)} skipped"
        if self.per_category:
            line += "; by category: " + ", ".join(f"{name} {count}" for name, count in self.per_category.most_common())
        return line

    def statistics_lines(self) -> list[str]:
        """``--statistics``: findings left per rule, most frequent first, and per language for rules that name one."""
        lines = []
        for code, count in sorted(self.per_rule.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"{count:6d}  {code:<6}  {self.names.get(code, '')}")
            languages = sorted(
                ((language, n) for (rule, language), n in self.per_language.items() if rule == code),
                key=lambda item: (-item[1], item[0]),
            )
            if languages:
                lines.append(f"{'':6}  {'':<6}  by language: {', '.join(f'{lang} {n}' for lang, n in languages)}")
        return lines


def fix_lines(outcome: Outcome) -> list[str]:
    """``--show-fixes``: the fixes applied to one input, or those its findings offer."""
    if outcome.applied:
        counts = Counter(f"{a.finding.code} ({a.finding.name})" for a in outcome.applied)
        return [f"{outcome.path}: fixed {n} x {rule}" for rule, n in sorted(counts.items())]
    lines = []
    for finding in outcome.findings:
        if finding.fix is None:
            continue
        edits = "; ".join(f"{outcome.text[e.start : e.end]!r} -> {e.replacement!r}" for e in finding.fix.edits)
        line = outcome.text.count("\n", 0, finding.start) + 1
        lines.append(f"{outcome.path}:{line} {finding.code} [{finding.fix.applicability.value}] {edits}")
    return lines
