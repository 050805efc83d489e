"""Spacing rules (SP1xx) and doubled punctuation (PU201)."""

from __future__ import annotations

import pytest

from textfix import Config, Engine

ENGINE = Engine(Config(select=("spacing", "PU201")))
UNSAFE = Engine(Config(select=("spacing", "PU201"), unsafe_fixes=True))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("The war , and the peace .", "The war, and the peace."),
        ("troops,weapons;supplies", "troops, weapons; supplies"),
        ("It is the the stage.", "It is the stage."),
        ("The the stage.", "The stage."),
        ("again,, and;; again", "again, and; again"),
        ("two  spaces", "two spaces"),
        ("trailing \nand\t\r\nend ", "trailing\nand\r\nend"),
    ],
)
def test_safe_fixes(given: str, expected: str) -> None:
    assert ENGINE.fix(given).text == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Why ? Because !", "Why? Because!"),
        ("Note:this", "Note: this"),
        ("etc.. and", "etc. and"),
        ("end.  Next", "end. Next"),
    ],
)
def test_unsafe_fixes_only_with_unsafe(given: str, expected: str) -> None:
    assert ENGINE.fix(given).text == given
    assert UNSAFE.fix(given).text == expected


@pytest.mark.parametrize(
    "clean",
    [
        "It costs 1,000 dollars, 3.14 per unit, at 10:30 sharp.",
        "See https://example.com/a,,b;;c or a.b@example.org",
        "Wait ... really?! Smile :) and wink ;) please!!",
        "The laws . . . become the rule.",
        "He had had enough; that that is true. Walla Walla.",
        "resorted to to avert it, laid before you you will",
        "Range 1..10 and v1.2.3.",
    ],
)
def test_left_alone(clean: str) -> None:
    assert UNSAFE.fix(clean).text == clean


def test_alignment_runs_are_unsafe() -> None:
    table = "Name    Age\nBob     42"
    assert ENGINE.fix(table).text == table
    assert UNSAFE.fix("Name  Age   x").text == "Name Age x"


def test_french_spacing_before_high_punctuation_is_not_flagged() -> None:
    text = "Il a dit : « Bonjour ! » Est-ce que vous venez ? Oui ; nous sommes avec les amis."
    assert [f for f in UNSAFE.check(text) if f.code == "SP101"] == []


def test_markdown_hard_break_kept() -> None:
    doc = ENGINE.document("line one  \nline two \n", "a.md")
    assert ENGINE.fix(doc).text == "line one  \nline two\n"


def test_doubled_word_other_than_function_words_is_display_only() -> None:
    [finding] = ENGINE.check("it was was true")
    assert finding.fix is not None
    assert finding.fix.applicability.value == "display"
