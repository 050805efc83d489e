"""Quote rules (PU1xx)."""

from __future__ import annotations

from textfix import Config, Engine

ENGINE = Engine(Config(select=("PU1",)))
UNSAFE = Engine(Config(select=("PU1",), unsafe_fixes=True))


def found(text: str) -> list[tuple[str, str]]:
    return [(f.code, text[f.start : f.end]) for f in ENGINE.check(text)]


def test_the_seed_mismatched_quotes_are_fixed_exactly(seed_text: str) -> None:
    fixed = ENGINE.fix(seed_text).text
    assert "the critical stage of the war”, remains" in fixed
    assert "“Occupy Kyiv in a few days”, Stoltenberg" in fixed
    changed = sum(a != b for a, b in zip(seed_text, fixed, strict=True))
    assert changed == 2


def test_seed_stray_and_unopened_quotes_are_reported_not_fixed(seed_text: str) -> None:
    findings = ENGINE.check(seed_text)
    stray = [f for f in findings if f.code == "PU103"]
    assert len(stray) == 1
    assert seed_text[stray[0].start - 11 : stray[0].end + 2] == "decisions” “: "
    assert stray[0].fix is not None
    assert stray[0].fix.applicability.value == "display"
    assert any(f.code == "PU102" and seed_text[f.start - 6 : f.start] == " east," for f in findings)


def test_single_quotes_mismatch() -> None:
    assert ENGINE.fix("army ‘lost a lot of troops‘ and").text == "army ‘lost a lot of troops’ and"


def test_multi_paragraph_quotation_is_not_an_error() -> None:
    text = "“First paragraph of the speech.\n\n“Second paragraph,” he said.\n"
    assert found(text) == []


def test_apostrophes_are_not_quotes() -> None:
    assert found("Don’t forget the ’90s, Kyiv’s mayor and the States’ rights.") == []


def test_german_and_swedish_quotes_are_correct() -> None:
    assert found("Er sagte „Hallo“ und ging.") == []
    assert found("Han sa ”hej” och gick.") == []


def test_unclosed_quote_in_a_paragraph() -> None:
    assert found("He said “we will win.\n\nThe end.\n") == [("PU102", "“")]


def test_mixed_quote_styles_unsafe() -> None:
    text = '“One,” “two,” “three,” she said, "four." 5\'10" tall.'
    assert [c for c, _ in found(text)] == ["PU104", "PU104"]
    assert ENGINE.fix(text).text == text
    assert UNSAFE.fix(text).text == "“One,” “two,” “three,” she said, “four.” 5'10\" tall."
    assert found('"One," "two," she said.') == []
