"""One parametrised test over every case of ``fixtures/`` (the layout: ``tests/fixture_cases.py``).

A rule case (``fixtures/<family>/<CODE>/``) runs with only that rule selected and must give
exactly the recorded findings (code, span, applicability) and the recorded texts after safe
and unsafe fixes; an ``all/`` case does the same with the whole family. A ``clean/`` case
runs the whole family and must come out unchanged with no safe finding.
``fixtures/examples/`` runs every default rule. For every case fixing is idempotent and
leaves no applicable fix behind. ``known-failures/`` cases run the same way
as strict xfail: the day one passes, move it out of ``known-failures/``.
"""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from tests.fixture_cases import (
    CLEAN,
    FINDINGS,
    INPUT_SUFFIXES,
    KNOWN_FAILURES,
    NOTE,
    README,
    TEXT_KINDS,
    Case,
    cases,
    engine_for,
    is_input,
    run,
)

CASES = cases()


def _param(case: Case) -> object:
    marks = []
    if case.known_failure:
        note = case.beside(NOTE)
        reason = note.read_text(encoding="utf-8").strip() if note.exists() else "known failure"
        marks.append(pytest.mark.xfail(strict=True, reason=reason))
    return pytest.param(case, id=case.id, marks=marks)


def _assert_fixpoint(case: Case, text: str, *, unsafe: bool) -> None:
    engine = engine_for(case)
    again = engine.fix(engine.document(text, str(case.path)), unsafe=unsafe)
    assert again.text == text, "fixing is not idempotent"
    assert not again.applied, "an applicable fix is left after fixing"


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_fixture(case: Case) -> None:
    outcome = run(case)
    original = case.read()
    if case.scope == CLEAN:
        assert outcome.fixed == original, "clean text changed under the family's safe fixes"
        assert [f for f in outcome.findings if f["applicability"] == "safe"] == []
    else:
        expected = case.expected_findings()
        if case.records_findings:
            assert expected is not None, f"{case.beside(FINDINGS).name} is missing"
        if expected is not None:
            assert outcome.findings == expected
        assert outcome.fixed == case.expected_text(".fixed")
        assert outcome.unsafe == case.expected_text(".unsafe")
    _assert_fixpoint(case, outcome.fixed, unsafe=False)
    _assert_fixpoint(case, outcome.unsafe, unsafe=True)


def test_every_fixture_file_belongs_to_a_case() -> None:
    """A misspelt expectation (``.fix.txt``) or a file left in the old layout would be skipped silently."""
    inputs = {c.path for c in CASES}
    for path in FIXTURES.rglob("*"):
        if path.is_dir() or path.name == README:
            continue
        if is_input(path):
            assert path in inputs, f"{path} is outside the layout (fixtures/<family>/<CODE or clean>/)"
            continue
        owners = []
        for case in CASES:
            kinds = [case.beside(k) for k in (*TEXT_KINDS, FINDINGS, NOTE)]
            if path in kinds:
                owners.append(case)
        assert owners, f"{path} belongs to no input ({', '.join(INPUT_SUFFIXES)})"


def test_expectations_are_not_copies() -> None:
    """``.fixed`` is written only where safe fixes change the input, ``.unsafe`` only where it differs."""
    for case in CASES:
        fixed, unsafe = case.beside(".fixed"), case.beside(".unsafe")
        if fixed.exists():
            assert fixed.read_text(encoding="utf-8") != case.read(), f"{fixed} equals its input"
        if unsafe.exists():
            assert unsafe.read_text(encoding="utf-8") != case.expected_text(".fixed"), f"{unsafe} equals .fixed"


def test_known_failures_say_why() -> None:
    for case in CASES:
        if case.known_failure:
            note = case.beside(NOTE)
            assert note.exists() and note.read_text(encoding="utf-8").strip(), f"{case.id}: no {NOTE} saying why"
            assert case.path.parent.parent.name == KNOWN_FAILURES


def test_recorded_spans_cover_the_recorded_text() -> None:
    """The ``text`` of each recorded finding is what its span covers in the input."""
    for case in CASES:
        for finding in case.expected_findings() or []:
            assert set(finding) == {"code", "start", "end", "applicability", "text"}, case.id
            assert case.read()[finding["start"] : finding["end"]] == finding["text"], case.id
