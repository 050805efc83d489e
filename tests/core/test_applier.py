"""The one fix applier and the fixpoint loop."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from textfix import Applicability, Category, ConvergenceError, Document, Edit, Engine, Finding, Fix, FixAvailability
from textfix.core.applier import allowed_applicabilities, apply_fixes
from textfix.core.rule import Rule

SAFE = allowed_applicabilities(unsafe=False)
ALL = allowed_applicabilities(unsafe=True)


def _finding(code: str, *edits: Edit, applicability: Applicability = Applicability.SAFE) -> Finding:
    start = min(e.start for e in edits)
    end = max(e.end for e in edits)
    return Finding(code, "x", Category.SPACING, start, end, "m", Fix(edits, applicability))


def test_non_overlapping_edits_apply_in_one_pass() -> None:
    text = "abc def ghi"
    findings = [_finding("SP101", Edit(0, 3, "ABC")), _finding("SP102", Edit(8, 11, "GHI"))]
    new, applied = apply_fixes(text, findings, SAFE)
    assert new == "ABC def GHI"
    assert [a.finding.code for a in applied] == ["SP101", "SP102"]
    assert (applied[0].before, applied[0].after) == ("abc", "ABC")


def test_overlapping_edit_is_skipped_and_wider_fix_wins() -> None:
    text = "remove this line\nkeep\n"
    wide = _finding("BP101", Edit(0, 17, ""))
    inner = _finding("SP101", Edit(6, 7, "  "))
    new, applied = apply_fixes(text, [inner, wide], SAFE)
    assert new == "keep\n"
    assert [a.finding.code for a in applied] == ["BP101"]


def test_two_insertions_at_one_point_conflict() -> None:
    findings = [_finding("SP101", Edit.insert(3, " ")), _finding("SP102", Edit.insert(3, "."))]
    new, applied = apply_fixes("abcdef", findings, SAFE)
    assert new == "abc def"
    assert len(applied) == 1


def test_insertion_at_the_edge_of_a_replacement_does_not_conflict() -> None:
    findings = [_finding("SP101", Edit(3, 6, "DEF")), _finding("SP102", Edit.insert(3, " "))]
    new, _ = apply_fixes("abcdef", findings, SAFE)
    assert new == "abc DEF"


def test_multi_edit_fix_is_all_or_nothing() -> None:
    text = "“a“ b"
    pair = _finding("PU101", Edit(0, 1, '"'), Edit(2, 3, '"'))
    blocker = _finding("PU100", Edit(2, 3, "”"))
    new, applied = apply_fixes(text, [blocker, pair], SAFE)
    assert [a.finding.code for a in applied] == ["PU101"]  # starts first
    assert new == '"a" b'


def test_unsafe_and_display_fixes_need_permission() -> None:
    unsafe = _finding("FW101", Edit.insert(1, " "), applicability=Applicability.UNSAFE)
    display = _finding("GR201", Edit(0, 1, "X"), applicability=Applicability.DISPLAY)
    assert apply_fixes("ab", [unsafe, display], SAFE)[0] == "ab"
    assert apply_fixes("ab", [unsafe, display], ALL)[0] == "a b"


def test_edit_past_the_end_is_a_bug_reported_loudly() -> None:
    with pytest.raises(ValueError, match="past the end"):
        apply_fixes("ab", [_finding("SP101", Edit(1, 5, ""))], SAFE)


def test_fix_rejects_its_own_overlapping_edits() -> None:
    with pytest.raises(ValueError, match="overlap"):
        Fix((Edit(0, 3, ""), Edit(2, 4, "")), Applicability.SAFE)


class _Doubler(Rule):
    """Test rule: turns every 'a' into 'aa', so it never converges."""

    code = "SP901"
    name = "doubler"
    category = Category.SPACING
    summary = "never converges"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterable[Finding]:
        index = doc.text.find("a")
        if index >= 0:
            yield self.finding(index, index + 1, fix=Fix.safe(Edit(index, index + 1, "aa")))


class _OneSpace(Rule):
    """Test rule: collapses one double space per round, to reach a fixpoint in several rounds."""

    code = "SP902"
    name = "one-space"
    category = Category.SPACING
    summary = "double space"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterable[Finding]:
        index = doc.text.find("  ")
        if index >= 0:
            yield self.finding(index, index + 2, fix=Fix.safe(Edit(index, index + 2, " ")))


def _engine_with(rule: Rule) -> Engine:
    engine = Engine()
    engine.rules = (rule,)
    engine._per_path = {(): engine.rules}
    return engine


def test_fixpoint_takes_several_rounds() -> None:
    engine = _engine_with(_OneSpace())
    result = engine.fix("a      b")
    assert result.text == "a b"
    assert result.iterations > 2
    assert engine.fix(result.text).text == result.text


def test_convergence_error_names_the_rule() -> None:
    engine = _engine_with(_Doubler())
    with pytest.raises(ConvergenceError) as info:
        engine.fix("a")
    assert info.value.codes == ("SP901",)
    assert "SP901" in str(info.value)
