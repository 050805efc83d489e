"""Name variants across languages: exonyms (NV102, NV103), people (names/people), accents (NV104).

The texts are news paragraphs of the kind machine translation leaves: one mention of a place
or person keeps the spelling of the language it was translated from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix import Config, Engine
from textfix.core.document import Document, TextFormat
from textfix.families.name_variant.exonyms import CALIBRATION, PlaceExonym
from textfix.lang.exonyms import WORD, exonyms
from textfix.model import Applicability

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def names() -> Engine:
    return Engine(Config(select=("name-variant",)))


def codes(engine: Engine, text: str) -> list[tuple[str, str, str]]:
    """(code, mention, applicability) of every finding."""
    return [(f.code, text[f.start : f.end], f.fix.applicability.value if f.fix else "") for f in engine.check(text)]


LONDON = (
    "Talks between the two governments resumed in London on Tuesday, officials said. "
    "The delegation that arrived from Londres on Monday met the foreign secretary, "
    "and a second round is planned in London next month.\n"
)


def test_an_exonym_beside_the_english_name_is_rewritten_safely(names: Engine) -> None:
    assert names.fix(LONDON).text == LONDON.replace("Londres", "London")
    (finding,) = names.check(LONDON)
    assert finding.code == "NV102"
    assert finding.confidence is not None
    assert "London ×2, Londres ×1" in finding.message
    assert "GeoNames 2643743, GB" in finding.message
    assert "French" in finding.message


@pytest.mark.parametrize(
    ("english", "foreign"),
    [
        ("Beijing", "Pékin"),
        ("Washington", "Waszyngton"),
        ("Iran", "Irán"),
        ("Sweden", "Suecia"),
        ("Tehran", "Téhéran"),
        ("Kabul", "Kaboul"),
        ("New York", "Nueva York"),
        ("Saudi Arabia", "Arabia Saudita"),
    ],
)
def test_the_issue_pairs_are_unified(names: Engine, english: str, foreign: str) -> None:
    text = (
        f"Officials in {english} said on Monday that the talks would go on. A statement issued in "
        f"{foreign} later said that the delegation had left, and {english} confirmed it.\n"
    )
    fixed = names.fix(text, unsafe=True).text
    assert foreign not in fixed
    assert fixed.count(english) == 3


def test_a_place_named_only_in_another_language_is_flagged_unsafe(names: Engine) -> None:
    text = (
        "Thousands of people gathered in Moskau on Saturday. The police in Moskau said that the "
        "protest had not been approved, and that it would be dispersed if it went on.\n"
    )
    findings = names.check(text)
    assert {f.code for f in findings} == {"NV103"}
    assert "German name of Moscow" in findings[0].message
    assert names.fix(text).text == text
    assert names.fix(text, unsafe=True).text == text.replace("Moskau", "Moscow")


def test_people_spelled_the_foreign_way_are_unified(names: Engine) -> None:
    text = "Vladimir Putin spoke on television. Later, Poutine said that the talks were over. Putin left.\n"
    assert names.fix(text).text == text.replace("Poutine", "Putin")
    text = "Zelensky spoke in parliament. In a video, Selenskyj thanked the allies.\n"
    assert names.fix(text).text == "Zelenskyy spoke in parliament. In a video, Zelenskyy thanked the allies.\n"
    # A document that uses another English spelling keeps it (Qaddafi, not the pack's Gaddafi).
    text = "Qaddafi ruled Libya for four decades. Kadhafi fell in 2011, and Qaddafi died that year.\n"
    assert names.fix(text).text == text.replace("Kadhafi", "Qaddafi")


def test_accent_only_variants_get_an_unsafe_fix(names: Engine) -> None:
    text = (
        "President Erdoğan met the prime minister on Monday. Later, Erdogan told reporters that "
        "the talks had gone well, and Erdoğan left for Ankara in the evening.\n"
    )
    assert codes(names, text) == [("NV104", "Erdogan", "unsafe")]
    assert names.fix(text).text == text
    assert names.fix(text, unsafe=True).text == text.replace("Erdogan", "Erdoğan")
    text = (
        "The flight from Sao Paulo landed late on Friday, and the passengers said that the weather "
        "in São Paulo had been bad all week.\n"
    )
    assert names.fix(text, unsafe=True).text == text.replace("Sao Paulo", "São Paulo")


@pytest.mark.parametrize(
    "text",
    [
        # Two places, not one spelled twice.
        "Austria and Australia played on Sunday, and Australia won the match by two goals in the end.\n",
        # Georgia the state and Georgia the country: one spelling, two places, nothing to unify.
        "He flew from Atlanta, Georgia, to Tbilisi, Georgia, where the talks on the pipeline were held.\n",
        # Names inside longer names, foreign phrases and quoted titles keep their spelling.
        "She studied at Peking University before moving to Beijing, where she has lived since 2010.\n",
        "The Alternative für Deutschland won seats across Germany, and Germany's parties were worried.\n",
        "His novel “Londres” sold well in London, and critics in London praised it for its style.\n",
        # A document in another language names places its own way.
        "Die Konferenz fand in München statt. Die Stadt München ist die Hauptstadt von Bayern, "
        "und Munich Re hat dort ihren Sitz, wie alle wissen.\n",
        "Le sommet a eu lieu à Londres, et les ministres ont quitté Londres mardi soir après les débats.\n",
    ],
)
def test_distinct_places_and_bound_names_are_left_alone(names: Engine, text: str) -> None:
    assert names.check(text) == []


def test_names_in_urls_and_code_are_never_rewritten(names: Engine) -> None:
    text = (
        "Talks resumed in London on Tuesday, officials said, and will go on in London next week. "
        "See https://example.org/Londres/talks for the schedule.\n"
    )
    assert names.check(text) == []
    markdown = (
        "Talks resumed in London on Tuesday, officials said, and will go on in London next week.\n\n"
        "Set `city = Londres` in the configuration, then run the tool.\n"
    )
    assert names.check(Document(markdown, fmt=TextFormat.MARKDOWN)) == []


def test_clean_prose_gets_no_safe_rewrite(names: Engine) -> None:
    path = ROOT / "bench" / "data" / "clean-prose" / "sotu" / "2011_barack_obama_d.txt"
    text = path.read_text(encoding="utf-8")
    assert [f for f in names.check(text) if f.fix and f.fix.applicability is Applicability.SAFE] == []


def test_the_seed_still_comes_out_with_bucha_and_donbas(names: Engine) -> None:
    text = (ROOT / "fixtures" / "examples" / "seed-article.txt").read_text(encoding="utf-8")
    fixed = names.fix(text).text
    for wrong in ("Bukha", "Boucha", "Donbass"):
        assert wrong not in fixed
    assert "Bucha" in fixed
    assert "Donbas" in fixed


def test_the_index_is_read_lazily_and_knows_languages() -> None:
    london = exonyms().lookup("Londres")
    assert london is not None
    assert [p.name for p in london.places] == ["London"]
    assert "fr" in london.languages
    assert exonyms().lookup("Australia") is None  # an English name is never an alternate
    assert exonyms().lookup("Nueva York") is not None


def test_a_word_the_bitmap_rules_out_heads_no_phrase() -> None:
    # The analysis asks may_head before the word's frequency and its phrases: it must never rule out a head.
    index = exonyms()
    firsts = [WORD.match(a.spelling) for a in index.entries() if " " in a.spelling]
    heads = {first.group() for first in firsts if first is not None}
    assert len(heads) > 1000 and all(index.may_head(head) for head in heads)
    words = set((Path(__file__).parents[2] / "fixtures" / "examples" / "seed-article.txt").read_text("utf-8").split())
    assert [w for w in words | heads if not index.may_head(w) and index.phrases(w)] == []
    assert not all(index.may_head(w) for w in words)  # the bitmap does rule words out


def test_one_screen_of_the_index_gives_what_words_and_may_head_give() -> None:
    index = exonyms()
    text = (Path(__file__).parents[2] / "fixtures" / "examples" / "seed-article.txt").read_text("utf-8")
    candidates = [*dict.fromkeys(text.split()), "Londres", "Nueva", "Moskau", "Le", "Roma", "Kiev"]
    alternates, heads = index.screen(candidates)
    assert alternates == index.words(candidates)
    assert heads == [c for c in candidates if index.may_head(c)]
    assert {a.spelling for a in alternates} >= {"Londres", "Moskau", "Kiev"}
    assert "Nueva" in heads


def test_the_rule_carries_its_measured_calibration() -> None:
    assert PlaceExonym.calibration is CALIBRATION
    assert CALIBRATION.safe is not None
    assert CALIBRATION.safe.cases > 0
