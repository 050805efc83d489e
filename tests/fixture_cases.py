"""The fixture scheme: where the cases of ``fixtures/`` are, what each expects, and how it is run.

::

    fixtures/<family>/<CODE>/<case>.txt          input (``.md``: checked as Markdown), only CODE selected
                             <case>.fixed.txt    the text after safe fixes (absent: the input, unchanged)
                             <case>.unsafe.txt   after ``--unsafe-fixes``, where it differs from .fixed
                             <case>.findings.json  the findings: [{code, start, end, applicability, text}]
    fixtures/<family>/all/<case>.txt             the whole family selected; expectations as for a rule
                                                 (for damage several rules repair together)
    fixtures/<family>/clean/<case>.txt           the whole family selected: unchanged, no safe finding
    fixtures/<family>/known-failures/<CODE or clean>/<case>.*   as above, plus <case>.note (why it
                                                 fails today); run as strict xfail
    fixtures/examples/<case>.txt                 every default rule (.fixed, .unsafe as above)

``applicability`` is that of the finding's fix (``safe``, ``unsafe``, ``display``) or ``null``
when it has none; ``text`` is the span of the input the finding covers (a reviewer reads it). The
test ``tests/core/test_fixtures.py`` walks every case; ``python -m tests.make_fixture CASE`` writes
a case's expectations from the current behaviour, for review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES
from textfix import Config, Engine
from textfix.model import Finding

INPUT_SUFFIXES = (".txt", ".md")
#: Expectation files beside an input ``<case><suffix>``: ``<case><kind><suffix>`` or ``<case><kind>``.
TEXT_KINDS = (".fixed", ".unsafe")
FINDINGS = ".findings.json"
NOTE = ".note"
CLEAN = "clean"
ALL = "all"
KNOWN_FAILURES = "known-failures"
EXAMPLES = "examples"
README = "README.md"


@dataclass(frozen=True)
class Case:
    """One input of ``fixtures/`` and the scope it runs in."""

    path: Path
    #: The family folder (``spacing``), or ``examples``.
    family: str
    #: A rule code (only it selected), ``all`` or ``clean`` (the whole family), ``examples`` (every default rule).
    scope: str
    known_failure: bool = False

    @property
    def id(self) -> str:
        return str(self.path.relative_to(FIXTURES).with_suffix(""))

    @property
    def stem(self) -> str:
        return self.path.name[: -len(self.path.suffix)]

    def beside(self, kind: str) -> Path:
        """The expectation file of ``kind`` (``.fixed``, ``.unsafe``, ``.findings.json``, ``.note``)."""
        if kind in TEXT_KINDS:
            return self.path.with_name(self.stem + kind + self.path.suffix)
        return self.path.with_name(self.stem + kind)

    @property
    def is_rule_case(self) -> bool:
        """Whether the scope is one rule (its folder is the rule's code)."""
        return self.scope not in (ALL, CLEAN, EXAMPLES)

    @property
    def records_findings(self) -> bool:
        """Whether the case must carry ``.findings.json`` (rule and ``all/`` cases)."""
        return self.scope not in (CLEAN, EXAMPLES)

    def config(self) -> Config:
        if self.scope == EXAMPLES:
            return Config()
        if self.scope in (ALL, CLEAN):
            return Config(select=(self.family,))
        return Config(select=(self.scope,))

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def expected_text(self, kind: str) -> str:
        """The text expected after safe (``.fixed``) or unsafe (``.unsafe``) fixes."""
        path = self.beside(kind)
        if path.exists():
            return path.read_text(encoding="utf-8")
        if kind == ".unsafe":
            return self.expected_text(".fixed")
        return self.read()

    def expected_findings(self) -> list[dict[str, Any]] | None:
        path = self.beside(FINDINGS)
        if not path.exists():
            return None
        data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        return data


def is_input(path: Path) -> bool:
    """Whether ``path`` is a case's input (not an expectation, a note or the README)."""
    if path.suffix not in INPUT_SUFFIXES or path.name == README:
        return False
    stem = path.name[: -len(path.suffix)]
    return not stem.endswith(TEXT_KINDS)


def _inputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and is_input(p))


def cases() -> list[Case]:
    """Every case under ``fixtures/``, in a fixed order."""
    found: list[Case] = []
    for path in _inputs(FIXTURES / EXAMPLES):
        found.append(Case(path, EXAMPLES, EXAMPLES))
    for family in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != EXAMPLES):
        for scope in sorted(p for p in family.iterdir() if p.is_dir()):
            if scope.name == KNOWN_FAILURES:
                for inner in sorted(p for p in scope.iterdir() if p.is_dir()):
                    found.extend(Case(path, family.name, inner.name, True) for path in _inputs(inner))
            else:
                found.extend(Case(path, family.name, scope.name) for path in _inputs(scope))
    return found


_ENGINES: dict[tuple[str, str], Engine] = {}


def engine_for(case: Case) -> Engine:
    """One engine per scope, shared by the cases of that scope."""
    key = (case.family, case.scope)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(case.config())
    return _ENGINES[key]


def finding_record(finding: Finding, text: str) -> dict[str, Any]:
    """A finding as a fixture records it."""
    return {
        "code": finding.code,
        "start": finding.start,
        "end": finding.end,
        "applicability": finding.fix.applicability.value if finding.fix is not None else None,
        "text": text[finding.start : finding.end],
    }


@dataclass(frozen=True)
class Outcome:
    """What the engine does with a case's input today."""

    findings: list[dict[str, Any]]
    fixed: str
    unsafe: str


def run(case: Case) -> Outcome:
    engine = engine_for(case)
    text = case.read()
    path = str(case.path)
    findings = [finding_record(f, text) for f in engine.check(engine.document(text, path))]
    fixed = engine.fix(engine.document(text, path), unsafe=False).text
    unsafe = engine.fix(engine.document(text, path), unsafe=True).text
    return Outcome(findings, fixed, unsafe)


def dump_findings(findings: list[dict[str, Any]]) -> str:
    """One finding a line, so a review reads (and a diff shows) each one."""
    if not findings:
        return "[]\n"
    lines = ",\n".join("  " + json.dumps(f, ensure_ascii=False) for f in findings)
    return f"[\n{lines}\n]\n"
