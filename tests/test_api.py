"""The public library API."""

from __future__ import annotations

import pickle

import textfix
from tests.conftest import SEED


def test_all_is_sorted_and_complete() -> None:
    assert textfix.__all__ == sorted(textfix.__all__)
    for name in textfix.__all__:
        assert hasattr(textfix, name), name


def test_check_fix_and_fix_with_findings_agree() -> None:
    text = SEED.read_text(encoding="utf-8")
    findings = textfix.check(text, textfix.Config(select=("boilerplate",)))
    assert [f.code for f in findings] == ["BP103", "BP102", "BP101", "BP101"]
    result = textfix.fix_with_findings(text, config=textfix.Config(select=("boilerplate",)))
    assert result.changed
    assert [a.finding.code for a in result.applied] == [f.code for f in findings]
    assert result.text == textfix.fix(text, config=textfix.Config(select=("boilerplate",)))
    assert "related news" not in result.text
    assert result.text.endswith("International Criminal Court.\n")


def test_engine_reuse_over_many_documents() -> None:
    engine = textfix.Engine(textfix.Config(select=("boilerplate",)))
    texts = [f"Story {i}.\n\nSource link\n" for i in range(50)]
    assert [engine.fix(t).text for t in texts] == [f"Story {i}.\n" for i in range(50)]


def test_finding_and_fix_types_are_frozen_values() -> None:
    finding = textfix.check("A.\n\nSource link\n")[0]
    assert pickle.loads(pickle.dumps(finding)) == finding
    try:
        finding.start = 3  # type: ignore[misc]
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("Finding is mutable")
