"""Offline grammar heuristics (GR2xx): the seed's traces are found, legitimate capitals are left alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from textfix import Config, Engine
from textfix.families.grammar.rules import PROPER_ADJECTIVES, _listed_adjective_ending
from textfix.model import Applicability

ENGINE = Engine(Config(select=("GR2",)))


def _hits(text: str) -> list[tuple[str, str]]:
    return [(f.code, text[f.start : f.end]) for f in ENGINE.check(text)]


def test_seed_traces_are_found(seed_text: str) -> None:
    hits = ENGINE.check(seed_text)
    found = {(f.code, seed_text[f.start - 12 : f.end]) for f in hits}
    assert found == {
        ("GR201", " and supply The"),
        ("GR201", "gn minister They"),
        ("GR201", " Crimea. So This"),
        ("GR202", "and that is Prevent"),
        ("GR203", "berg.\n\nThis atlantic"),
    }
    assert all(f.fix is not None and f.fix.applicability is Applicability.DISPLAY for f in hits)


def test_suggestions() -> None:
    text = "They rearm and supply The NATO chief warned on Tuesday. So This is the critical stage.\n"
    fixes = {text[f.start : f.end]: f.fix.edits[0] for f in ENGINE.check(text) if f.fix}
    brk = fixes["The"]
    assert text[: brk.start] + brk.replacement + text[brk.end :] == text.replace("supply The", "supply. The")
    low = fixes["This"]
    assert low.replacement == "t"
    assert "atlantic" not in fixes


@pytest.mark.parametrize(
    "text",
    [
        "He reads The Times every morning and flew to The Hague on Monday.",
        "The President said that the Kremlin and the United Nations will meet in Brussels.",
        "She wrote: They will not send troops, and he answered, The war goes on.",
        "“Occupy Kyiv in a few days” was the plan, and I think it failed.",
        "We trust in His providence and thank the Supreme Being for His care.",
        "The film was released in 2017 and the novel Pride And Prejudice is older.",
        "Plan A worked, and vitamin D helps, while the NATO Summit and the UN met in May and Will came.",
        "There is China that matters, and they are Catholic or Protestant, so may God bless them.",
        "The Pacific coast, the pacific intentions of the Government and the French fries were all discussed.",
        "# How The Alliance Works",
        "Die Allianz wird sich in Brüssel treffen, um über die Hilfe zu beraten. Das Treffen Der Minister beginnt.",
        "Follow #ukrainian news at example.com/russian and read about the roman numerals.",
        "- the first item\n- The second item\n",
        "It is created to advance the people's interest, which is Congress's task.",
    ],
)
def test_legitimate_capitals_are_left_alone(text: str) -> None:
    assert _hits(text) == []


def test_lowercase_proper_adjective() -> None:
    assert _hits("The european union and the russian army met the atlantic alliance.") == [
        ("GR203", "european"),
        ("GR203", "russian"),
        ("GR203", "atlantic"),
    ]
    assert _hits("He had an english muffin and a german shepherd.") == []


def test_other_capitalised_function_words() -> None:
    assert _hits("The reform has resulted In engagements between the parties.") == [("GR201", "In")]
    assert _hits("The treaty was signed and They will meet again next year.") == [("GR201", "They")]


def test_clean_prose_sample_is_left_alone() -> None:
    text = (
        "Mr. President, Mr. Speaker, Members of the Congress: I return as a former Member of this great House. "
        "Tonight I come not to speak about the state of the Government, but to the American people. "
        "In 1945 the events of that year decreed the shape of nations; and that was our world, until now.\n"
    )
    assert _hits(text) == []


@pytest.mark.parametrize("path", sorted((ROOT / "fixtures").rglob("*.txt"))[:400:7])
def test_gr203_screen_reads_the_last_lower_case_run_as_a_search_would(path: Path) -> None:
    # The screen's rstrip must find exactly the run ``[a-z]+\Z`` finds, on real chunks.
    for chunk in path.read_text(encoding="utf-8").split():
        match = re.search(r"[a-z]+\Z", chunk)
        expected = match.group() if match is not None and match.group() in PROPER_ADJECTIVES else None
        assert _listed_adjective_ending(chunk) == expected, chunk
    assert _listed_adjective_ending("(european,") is None
    assert _listed_adjective_ending("«european") == "european"
