"""The fused-word family: what it splits, and the many things it must leave whole."""

from __future__ import annotations

import inspect

import pytest

from textfix import Config, Engine
from textfix.core.document import Document, TextFormat
from textfix.errors import ConfigError
from textfix.families.fused_word import rules as fused
from textfix.families.fused_word.candidates import CANDIDATES
from textfix.families.fused_word.segment import split_plan
from textfix.families.fused_word.vocabulary import PROSE_WORDS
from textfix.model import Applicability

ENGINE = Engine(Config(select=("fused-word",)))
#: Every finding fixed, whatever its tier: what the family would repair.
EVERY = Engine(Config(select=("fused-word",), options={"fused-word": {"safe-at": 0.0}}))


def fix(text: str, *, unsafe: bool = True) -> str:
    return ENGINE.fix(text, unsafe=unsafe).text


def repaired(text: str) -> str:
    return EVERY.fix(text).text


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
    assert repaired(given) == expected
    assert repaired(expected) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # the misses: names and verbs, nouns, any word as a part
        ("Relations between Turkeyand Saudi Arabia improved.", "Relations between Turkey and Saudi Arabia improved."),
        ("Aid to Ukraineand its allies grew.", "Aid to Ukraine and its allies grew."),
        ("Trumpand his lawyers left.", "Trump and his lawyers left."),
        ("The firm turned to privateequity for money.", "The firm turned to private equity for money."),
        ("Many schooldistricts closed early.", "Many school districts closed early."),
        ("Kristi Noem spoke. Later Noemsaid it was over.", "Kristi Noem spoke. Later Noem said it was over."),
        (
            "Opelka won the match. Later Opelkasaid he was tired.",
            "Opelka won the match. Later Opelka said he was tired.",
        ),
        # case and punctuation joins
        ("Take a look.It’s worth it.", "Take a look. It’s worth it."),
        ("He was named CEO.In his first year he hired.", "He was named CEO. In his first year he hired."),
        ("They sell SSPs.The market grew.", "They sell SSPs. The market grew."),
        ("He stayed home!Then he left.", "He stayed home! Then he left."),
        ("The war ended,and peace came.", "The war ended, and peace came."),
        ("We met in thecity of Lviv.", "We met in the city of Lviv."),
        ("It was the cause ofthe war.", "It was the cause of the war."),
    ],
)
def test_splits_real_fusions(given: str, expected: str) -> None:
    assert repaired(given) == expected
    assert repaired(expected) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("He had never seen it beforeWhile we waited.", "He had never seen it before. While we waited."),
        ("The Buffalo shotsSabres fans loved. The Sabres won.", "The Buffalo shots Sabres fans loved. The Sabres won."),
    ],
)
def test_case_joins_generalise(given: str, expected: str) -> None:
    assert repaired(given) == expected


@pytest.mark.parametrize(
    "text",
    [
        # dictionary words, some of which a segmenter would split
        "The candid senator tore the plan asunder; sounder views prevailed, inmost fears aside.",
        "They are thereto bound, herewith submitted, whereof we speak, and whatnot.",
        "Another notable nowhere, together, however, someone.",
        # names
        "Russia wants the Donbas; Thom Tillis and Hans Bethe met in Kyiv.",
        # camel-case brands and terms, names with prefixes
        "iPhone YouTube McDonald PayPal JavaScript PhD iOS eBay LinkedIn MacArthur DeSantis WordPress.",
        # identifiers
        "Set maxValue and userName, call getElementById or camelCase helpers.",
        # URLs, e-mail addresses, handles, hashtags, file names, domains
        "See https://example.com/fooBar.Html or www.example.org/aboutUs, mail press@example.org.",
        "Follow @newsDesk and #StandWithUkraine; open report.pdf, index.html, example.com, Amazon.com.",
        # code
        "Call foo.bar() or Foo.Bar() with snake_case, std::vector.",
        # numbers with units, decimals, thousands
        "It is 10km long, runs at 3.5GHz, costs 3.14 or 1,000 dollars; see Fig.2 and Table.3.",
        # abbreviations, initials, Roman numerals, chemical formulas
        "The U.S. and U.K. agreed, e.g. at 9 a.m.; Ph.D. students read J.R.R. Tolkien and Louis XIV.",
        "Water is H2O, salt is NaCl and CO2 is a gas.",
        # abbreviation chains in references
        "Sawyer, Phys.Rev. 127 (1962) and Prog.Theor.Phys. 12.",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert repaired(text) == text


CLEAN_PROSE = (
    "In the course of this year the Congress has passed several measures of importance. "
    "The revenues of the Government have exceeded the expectations of the Secretary of the Treasury, "
    "and the public debt has been reduced. Our relations with foreign powers continue friendly; "
    "the commissioners appointed under the treaty have completed their labors, and their report "
    "will be laid before you. Agriculture, commerce and manufactures prosper, notwithstanding "
    "the unfavorable seasons, and the people are contented and industrious."
)


def test_clean_prose_excerpt_is_left_alone() -> None:
    assert repaired(CLEAN_PROSE) == CLEAN_PROSE


@pytest.mark.parametrize(
    "line",
    [
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<dc:title>MachineTranslation.In practice</dc:title>",
        '  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:pdfx="ns.adobe.com/pdfx/1.3/">',
        "2024-05-01 12:00:01 INFO Loaded thecity.Index from cache",
        "def splitWords(text): return text.Split(',')",
    ],
)
def test_markup_code_and_log_lines_are_left_alone(line: str) -> None:
    text = f"Before the table.\n{line}\nAfter it."
    every = Engine(Config(select=("ALL",), options={"fused-word": {"safe-at": 0.0}}))
    assert every.fix(text, unsafe=True).text == text


def test_a_token_the_document_uses_twice_stays_whole() -> None:
    twice = "Our product ThaiInformation is new. ThaiInformation works."
    assert repaired(twice) == twice
    run_on = "The word Putinalthough appears. Putinalthough again."
    assert repaired(run_on) == run_on


def test_a_rare_name_counts_only_when_the_prose_uses_it() -> None:
    assert repaired("He went to Opelkasaid next.") == "He went to Opelkasaid next."
    assert repaired("Opelka won. Opelkasaid so.") == "Opelka won. Opelka said so."


def test_the_vocabulary_is_the_prose_only() -> None:
    markdown = "```\nOpelka = 1\n```\n\nHe said `Opelka` was [here](https://x.org/Opelka). Opelkasaid so.\n"
    doc = Document(markdown, fmt=TextFormat.MARKDOWN)
    assert not PROSE_WORDS(doc).uses("Opelka")
    assert EVERY.fix(doc).text == markdown
    prose = Document(markdown + "\nOpelka won.\n", fmt=TextFormat.MARKDOWN)
    assert "Opelka said so." in EVERY.fix(prose).text


def test_keeps_case() -> None:
    assert repaired("INSIDE Putinalthough") == "INSIDE Putin although"


def test_findings_carry_a_calibrated_confidence_and_their_tier() -> None:
    findings = ENGINE.check("In Bukha.In addition,we saw UkraineIf it and thecity.")
    assert {f.code for f in findings} >= {"FW101", "FW103", "FW104"}
    for finding in findings:
        assert finding.confidence is not None and 0.0 <= finding.confidence <= 1.0
        rule = next(r for r in fused.RULES if r.code == finding.code)
        assert rule.calibration is not None
        assert finding.fix is not None
        assert finding.fix.applicability is rule.calibration.applicability(finding.confidence)


def test_thresholds_are_configurable() -> None:
    text = "We met in thecity of Lviv."
    nothing = Engine(Config(select=("fused-word",), options={"fused-word": {"report-at": 1.0}}))
    assert nothing.check(text) == []
    assert Engine(Config(select=("fused-word",), options={"fused-word": {"safe-at": 0.0}})).fix(text).text != text
    with pytest.raises(ConfigError):
        Engine(Config(select=("fused-word",), options={"fused-word": {"safe-at": 2.0}})).check(text)
    with pytest.raises(ConfigError):
        Engine(Config(select=("fused-word",), options={"fused-word": {"safe": 0.5}})).check(text)


def test_fw101_and_sp102_have_distinct_names() -> None:
    names = {rule.code: rule.name for rule in Engine(Config(select=("ALL",))).rules}
    assert names["FW101"] != names["SP102"]


def test_a_sentence_break_is_restored_only_where_the_left_part_can_end_one() -> None:
    assert "into. The" not in repaired("He ran intoThe wall, then another.")
    assert repaired("beyond UkraineIf this") == "beyond Ukraine. If this"


def test_split_plans() -> None:
    plan = split_plan("Putinalthough", "en")
    assert plan is not None and plan.best.parts == ("Putin", "although")
    plan = split_plan("privateequity", "en")
    assert plan is not None and plan.best.parts == ("private", "equity")
    for word in ("Donbas", "candid", "another", "together"):
        assert split_plan(word, "en") is None


def test_other_languages_use_their_word_list() -> None:
    german = "Die Regierung hat am Montag mitgeteilt, dass dieSteuern im nächsten Jahr steigen werden."
    assert "die Steuern" in repaired(german)
    # never safe outside English unless the user says so: the tiers were measured on English
    for finding in ENGINE.check(german):
        assert finding.fix is not None and finding.fix.applicability is not Applicability.SAFE


@pytest.mark.parametrize("text", ["a" * 200_000, "ab,cd" * 40_000, "abcабв" * 40_000, "Ab.Cd" * 40_000])
def test_adversarial_input_finishes(text: str) -> None:
    # Quadratic before issue 16 (every split of a 200,000-letter token; the chunk rescanned per
    # mark): these hung. The timing itself is a row of `python -m bench fused`.
    assert ENGINE.fix(text, unsafe=True).text.replace(" ", "").replace(".", "") == text.replace(".", "")


def test_every_rule_documents_its_sections() -> None:
    for rule in fused.RULES:
        doc = inspect.getdoc(rule) or ""
        for section in ("What it does:", "Why it happens:", "Example:", "Fix safety:"):
            assert section in doc, (rule.code, section)
        assert rule.code.startswith("FW1")


def test_candidates_are_shared_by_the_rules() -> None:
    doc = Document("beyond UkraineIf this, thecity.")
    assert CANDIDATES(doc) is CANDIDATES(doc)


def test_the_shipped_top_words_are_wordfreqs() -> None:
    # Run time reads them from a small file instead of loading four whole frequency lists (~90 MB).
    import wordfreq

    from textfix.families.fused_word.language import FUNCTION_WORD_COUNT, LANGUAGES, top_words

    for lang in LANGUAGES:
        assert list(top_words(lang)) == wordfreq.top_n_list(lang, FUNCTION_WORD_COUNT)
