"""The fused-word family: what it splits, and the many things it must leave whole."""

from __future__ import annotations

import inspect

import pytest

from textfix import Config, Engine
from textfix.families.fused_word import rules as fused
from textfix.families.fused_word.rules import best_split
from textfix.model import Applicability

ENGINE = Engine(Config(select=("fused-word",)))


def fix(text: str, *, unsafe: bool = True) -> str:
    return ENGINE.fix(text, unsafe=unsafe).text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Vladimir Putinalthough not giving up", "Vladimir Putin although not giving up"),
        ("escalating beyond UkraineIf this turns into", "escalating beyond Ukraine. If this turns into"),
        (
            "massacre of Russian troops in Bukha.In addition, the",
            "massacre of Russian troops in Bukha. In addition, the",
        ),
    ],
)
def test_seed_cases_fixed_exactly(given: str, expected: str) -> None:
    assert fix(given) == expected
    assert fix(expected) == expected


def test_every_fix_is_unsafe_until_measured_safe() -> None:
    text = "Vladimir Putinalthough left. Beyond UkraineIf this. In Bukha.In addition, thecity."
    assert fix(text, unsafe=False) == text
    assert ENGINE.check(text)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("We met in thecity of Lviv.", "We met in the city of Lviv."),
        ("It was the cause ofthe war.", "It was the cause of the war."),
        ("Please donot wait.", "Please do not wait."),
        ("Open afile first.", "Open a file first."),
        ("He read the ThaiInformation page.", "He read the Thai Information page."),
        ("They sold GeneralMotors shares.", "They sold General Motors shares."),
        ("The war ended,and peace came.", "The war ended, and peace came."),
        ("He stayed home!Then he left.", "He stayed home! Then he left."),
        ("Who knows?Nobody does.", "Who knows? Nobody does."),
    ],
)
def test_splits_run_together_words(given: str, expected: str) -> None:
    assert fix(given) == expected


@pytest.mark.parametrize(
    "text",
    [
        # dictionary words, some of which a segmenter would split
        "The candid senator tore the plan asunder; sounder views prevailed, inmost fears aside.",
        "They are thereto bound, herewith submitted, whereof we speak, and whatnot.",
        "Another notable nowhere, together, however, someone.",
        # names
        "Russia wants the Donbas; Thom Tillis and Hans Bethe met Burstall in Kyiv.",
        # camel-case brands and terms
        "iPhone YouTube McDonald PayPal JavaScript PhD iOS eBay LinkedIn MacArthur DeSantis WordPress.",
        # URLs, e-mail addresses, handles, hashtags, file names, domains
        "See https://example.com/fooBar.Html or www.example.org/aboutUs, mail press@example.org.",
        "Follow @newsDesk and #StandWithUkraine; open report.pdf, index.html, example.com, Amazon.com.",
        # code
        "Call foo.bar() or Foo.Bar() with snake_case and camelCase, getElementById, std::vector.",
        # numbers with units, decimals, thousands
        "It is 10km long, runs at 3.5GHz, costs 3.14 or 1,000 dollars; see Fig.2 and Table.3.",
        # abbreviations, initials, Roman numerals, chemical formulas
        "The U.S. and U.K. agreed, e.g. at 9 a.m.; Ph.D. students read J.R.R. Tolkien and Louis XIV.",
        "Water is H2O, salt is NaCl and CO2 is a gas; Washington,D.C. is not a run-on.",
        # abbreviation chains in references
        "Sawyer, Phys.Rev. 127 (1962) and Prog.Theor.Phys. 12.",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert fix(text) == text
    assert ENGINE.check(text) == []


def test_a_token_the_document_uses_twice_stays_whole() -> None:
    once = "Our product ThaiInformation is new."
    assert fix(once) == "Our product Thai Information is new."
    twice = "Our product ThaiInformation is new. ThaiInformation works."
    assert fix(twice) == twice
    run_on = "The word Putinalthough appears. Putinalthough again."
    assert fix(run_on) == run_on


def test_a_name_the_document_uses_whole_is_evidence() -> None:
    # "Kyiv" is too rare in the word list to be trusted alone, but the document uses it.
    assert fix("He went to Kyivthe next day.") == "He went to Kyivthe next day."
    assert fix("Kyiv is big. He went to Kyivthe next day.") == "Kyiv is big. He went to Kyiv the next day."


def test_keeps_case() -> None:
    assert fix("Putinalthough") == "Putin although"
    assert fix("INSIDE Putinalthough") == "INSIDE Putin although"


def test_applicability_per_pattern() -> None:
    findings = {
        f.code: f for f in ENGINE.check("In Bukha.In addition,we saw UkraineIf it the ThaiInformation thecity.")
    }
    assert set(findings) == {"FW101", "FW102", "FW103", "FW104"}
    for code in ("FW101", "FW102", "FW103", "FW104"):
        found = findings[code].fix
        assert found is not None and found.applicability is Applicability.UNSAFE
    assert findings["FW103"].fix is not None
    assert findings["FW103"].fix.edits[0].replacement == ". "


def test_findings_point_at_the_joined_token() -> None:
    text = "beyond UkraineIf this"
    (finding,) = ENGINE.check(text)
    assert text[finding.start : finding.end] == "UkraineIf"
    assert "Ukraine. If" in finding.message


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("Putinalthough", ("Putin", "although")),
        ("thecity", ("the", "city")),
        ("inthe", ("in", "the")),
        ("maynot", ("may", "not")),
        ("Donbas", None),
        ("candid", None),
        ("asunder", None),
        ("Tillis", None),
        ("werecommend", None),  # "we recommend" or "were commend": ambiguous
        ("lightlike", None),
    ],
)
def test_best_split(token: str, expected: tuple[str, str] | None) -> None:
    assert best_split(token) == expected


def test_every_rule_documents_its_sections() -> None:
    for rule in fused.RULES:
        doc = inspect.getdoc(rule) or ""
        for section in ("What it does:", "Why it happens:", "Example:", "Fix safety:"):
            assert section in doc, (rule.code, section)
        assert rule.code.startswith("FW1")


def test_camel_case_join_is_opt_in() -> None:
    default = Engine()
    assert "FW102" not in {rule.code for rule in default.rules}
    assert {"FW101", "FW103", "FW104"} <= {rule.code for rule in default.rules}
    text = "They sold GeneralMotors shares."
    assert default.fix(text, unsafe=True).text == text
    assert Engine(Config(extend_select=("FW102",))).fix(text, unsafe=True).text == "They sold General Motors shares."


def test_code_lines_are_left_alone() -> None:
    text = 'exports.Cow = Cow; if (x) { say("done.Then") }'
    assert ENGINE.check(text) == []
