"""Name variants: one spelling per name in a document (NV101 and the names packs)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEED
from textfix import Config, Engine
from textfix.core.packs import load_packs
from textfix.core.registry import KINDS
from textfix.errors import PackError
from textfix.families.name_variant.rules import name_key
from textfix.lang.gazetteer import gazetteer, strip_accents
from textfix.model import Applicability
from textfix.native.pure import DOUBLED_LETTER, NAME_KEY_STEPS


@pytest.fixture(scope="module")
def names() -> Engine:
    return Engine(Config(select=("name-variant",)))


@pytest.fixture(scope="module")
def no_pack() -> Engine:
    return Engine(Config(select=("name-variant",), ignore=("names/ukraine",)))


def test_seed_comes_out_with_bucha_and_donbas_everywhere(names: Engine) -> None:
    fixed = names.fix(SEED.read_text(encoding="utf-8")).text
    assert "Bukha" not in fixed and "Boucha" not in fixed and "Donbass" not in fixed
    assert fixed.count("Bucha") == 3 and fixed.count("Donbas") == 4
    assert "Bucha.In addition" in fixed  # only the name inside the fused token changes


def test_seed_finding_lists_spellings_choice_and_reason(names: Engine) -> None:
    findings = [f for f in names.check(SEED.read_text(encoding="utf-8")) if "Bucha" in f.message]
    assert {f.fix.applicability for f in findings if f.fix} == {Applicability.SAFE}
    assert "Bukha ×2, Boucha ×1, Bucha ×0" in findings[0].message
    assert "use `Bucha`" in findings[0].message and "names/ukraine" in findings[0].message


def test_without_the_pack_geonames_gives_an_unused_canonical(no_pack: Engine) -> None:
    text = "The massacre in Bukha shocked Europe. Civilians died in Boucha and in Bukha.\n"
    assert no_pack.fix(text).text == text  # not named by a pack: unsafe only
    assert no_pack.fix(text, unsafe=True).text == text.replace("Bukha", "Bucha").replace("Boucha", "Bucha")
    (message,) = {f.message for f in no_pack.check(text)}
    assert "GeoNames" in message


def test_without_the_pack_the_most_frequent_spelling_wins(no_pack: Engine) -> None:
    text = "Kowalczyk once. Then Kovalczyk, Kovalczyk and Kovalczyk.\n"
    assert no_pack.fix(text, unsafe=True).text == "Kovalczyk once. Then Kovalczyk, Kovalczyk and Kovalczyk.\n"
    # Donbas and Donbass are both attested words: only the pack merges them.
    assert no_pack.check("Donbas once. Then Donbass, Donbass and Donbass.\n") == []


def test_a_tie_goes_to_the_first_mention(no_pack: Engine) -> None:
    text = "Kowalczyk wrote it. Later Kovalczyk denied it.\n"
    assert no_pack.fix(text, unsafe=True).text == "Kowalczyk wrote it. Later Kowalczyk denied it.\n"


def test_possessives_and_fused_tokens_are_candidates(no_pack: Engine) -> None:
    text = "Zelenskiy's office spoke.Zelensky said no. ZelenskyIf asked, Zelensky repeats it.\n"
    fixed = no_pack.fix(text, unsafe=True).text
    assert fixed == "Zelensky's office spoke.Zelensky said no. ZelenskyIf asked, Zelensky repeats it.\n"


@pytest.mark.parametrize(
    "text",
    [
        "Jon met John. Jon left; John stayed.\n",  # both attested names
        "Austria and Australia signed. Austria first.\n",  # two GeoNames places (different keys too)
        "Bucha and Buchach are two towns. Bucha again.\n",  # different keys
        "Donetsk, Ukraine and Donetsk, Russia: one spelling, two cities.\n",
        "Kiev was calm. Kiev's mayor spoke.\n",  # consistent: house style is not a repair
        "Chicken Kiev at a Kyiv restaurant before Dynamo Kiev played in Kyiv.\n",  # frozen phrases
        "Odessa, Texas is not Odesa on the Black Sea.\n",
        "Vladimir Putin met Vladimir Zelensky.\n",  # first names alone never change
        "Will you come? The Will of the people.\n",  # a common word capitalised
        "Hannover and Hanover are both places.\n",  # two GeoNames places, same key
    ],
)
def test_distinct_or_consistent_names_are_left_alone(names: Engine, text: str) -> None:
    assert names.check(text) == []


def test_two_spellings_of_kyiv_are_unified_even_with_frozen_phrases(names: Engine) -> None:
    text = "Kiev fell silent. In Kyiv, Chicken Kiev is still on the menu.\n"
    assert names.fix(text).text == "Kyiv fell silent. In Kyiv, Chicken Kiev is still on the menu.\n"


def test_a_full_name_is_rewritten_as_a_phrase(names: Engine) -> None:
    text = "Vladimir Zelensky spoke. Zelenskyy later met Vladimir Putin.\n"
    assert names.fix(text).text == "Volodymyr Zelenskyy spoke. Zelenskyy later met Vladimir Putin.\n"


def test_unlisted_spelling_with_a_pack_key_is_unsafe(names: Engine) -> None:
    text = "Kharkiw was shelled. Kharkiv held.\n"
    (finding,) = names.check(text)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert names.fix(text).text == text
    assert names.fix(text, unsafe=True).text == "Kharkiv was shelled. Kharkiv held.\n"


def test_enforce_flags_a_consistent_variant_as_unsafe() -> None:
    engine = Engine(Config(select=("name-variant",), options={"names": {"enforce": True}}))
    text = "Kiev was calm. Kiev's mayor spoke of Chicken Kiev.\n"
    findings = engine.check(text)
    assert len(findings) == 2 and all("enforce" in f.message for f in findings)
    assert engine.fix(text).text == text
    assert engine.fix(text, unsafe=True).text == "Kyiv was calm. Kyiv's mayor spoke of Chicken Kiev.\n"


def test_unknown_option_is_a_config_error() -> None:
    from textfix.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown option"):
        Engine(Config(options={"names": {"enforse": True}}))


def test_the_pack_can_be_switched_off(no_pack: Engine) -> None:
    assert not [r.code for r in no_pack.rules if r.pack == "names/ukraine"]
    text = "Kiev fell silent. In Kyiv, life went on.\n"
    # Different keys: NV101 never links them; without the pack only GeoNames does (Kiev is an
    # alternate of Kyiv, an English word no language tags: a suggestion, never applied).
    findings = no_pack.check(text)
    assert [(f.code, f.fix.applicability if f.fix else None) for f in findings] == [("NV102", Applicability.DISPLAY)]
    assert no_pack.fix(text, unsafe=True).text == text


def test_keys_cover_the_transliteration_alternations() -> None:
    pairs = [
        ("Bucha", "Boucha"),
        ("Bucha", "Bukha"),
        ("Tchaikovsky", "Chaikovsky"),
        ("Zelensky", "Zelenskyy"),
        ("Zelenskiy", "Zelenskij"),
        ("Shevchenko", "Shewchenko"),
        ("Zürich", "Zurich"),
        ("Donbas", "Donbass"),
    ]
    for first, second in pairs:
        assert name_key(first) == name_key(second), (first, second)
    assert name_key("Bucha") != name_key("Buchach")
    assert name_key("Austria") != name_key("Australia")


def _regex_collapse(key: str) -> str:
    """The doubled-letter step as the ``regex`` engine did it (the key's reference)."""
    return regex.sub(r"(.)\1+", r"\1", key)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aabbllss\nßẞİıé\u0301\u0301漢😀😀 ’'"), max_size=20) | st.text(max_size=20))
def test_doubled_letters_collapse_as_the_regex_engine_collapsed_them(text: str) -> None:
    assert DOUBLED_LETTER.sub(r"\1", text) == _regex_collapse(text)


def test_keys_of_every_gazetteer_name_are_unchanged_by_the_faster_engine() -> None:
    # name_key keys the 32,000 canonical place names on first use: same keys as with ``regex``.
    for name in gazetteer().places:
        key = strip_accents(name).casefold().replace("’", "").replace("'", "")
        for old, new in NAME_KEY_STEPS:
            key = key.replace(old, new)
        assert name_key(name) == _regex_collapse(key), name


def test_clean_prose_paragraphs_are_left_alone(names: Engine) -> None:
    text = (
        "The Congress of the United States met in Washington. Mr. Jefferson and Mr. Madison wrote to\n"
        "the Governor of Virginia; the Senate of Virginia answered. In Philadelphia, the Treasury reported.\n"
    )
    assert names.check(text) == []


def test_pack_validation_names_file_rule_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "description: x\nrules:\n  - code: NV190\n    name: bad\n    kind: names\n    summary: x\n"
        "    names:\n      - {canonical: Kyiv, variants: [Kyiv]}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="both canonical and a variant"):
        load_packs(bad, KINDS)
    bad.write_text(
        "description: x\nrules:\n  - code: NV190\n    name: bad\n    kind: names\n    summary: x\n"
        "    names:\n      - {canonical: Bucha}\n      - {canonical: Bukha}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="collides"):
        load_packs(bad, KINDS)


def test_geonames_ascii_name_keeps_the_documents_accents(no_pack: Engine) -> None:
    text = "Whangārei is in Northland. Whanngārei grew. Whangārei again.\n"
    assert no_pack.fix(text, unsafe=True).text == "Whangārei is in Northland. Whangārei grew. Whangārei again.\n"


def test_accent_only_and_attested_pairs_stay_apart(no_pack: Engine) -> None:
    # NV101 never merges accent-only spellings; NV104 proposes the majority's, as an unsafe fix only.
    findings = no_pack.check("Maori and Māori. Māori again.\n")
    assert [(f.code, f.fix.applicability if f.fix else None) for f in findings] == [("NV104", Applicability.UNSAFE)]
    assert no_pack.fix("Maori and Māori. Māori again.\n").text == "Maori and Māori. Māori again.\n"
    assert no_pack.check("Staten Island. Staten again. Vereinigte Staaten.\n") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Frozen phrases match case-insensitively as regex does: İ and the Kelvin sign K count as i and k ...
        (
            "Kiev fell silent. In Kyiv, CHİCKEN Kiev is still on the menu.\n",
            "Kyiv fell silent. In Kyiv, CHİCKEN Kiev is still on the menu.\n",
        ),
        (
            "Kiev fell silent. In Kyiv, Chic\u212aen Kiev and Dynamo Kiev.\n",
            "Kyiv fell silent. In Kyiv, Chic\u212aen Kiev and Dynamo Kiev.\n",
        ),
        # ... a dotless ı does not count as i.
        (
            "Kiev fell silent. In Kyiv, Chıcken Kiev is still on the menu.\n",
            "Kyiv fell silent. In Kyiv, Chıcken Kyiv is still on the menu.\n",
        ),
    ],
)
def test_frozen_phrases_ignore_case_like_regex(names: Engine, text: str, expected: str) -> None:
    assert names.fix(text).text == expected


def test_non_ascii_capitals_and_phrases_after_other_words(no_pack: Engine, names: Engine) -> None:
    text = "Łódzki wrote it. Later Łódzky denied it; Żółkiewski and Żółkiewsky too. Żółkiewsky again.\n"
    fixed = no_pack.fix(text, unsafe=True).text
    assert fixed == "Łódzki wrote it. Later Łódzki denied it; Żółkiewsky and Żółkiewsky too. Żółkiewsky again.\n"
    text = "Said Vladimir Zelensky, and Vladimir Zelensky again. Zelenskyy.\n"
    assert names.fix(text).text == "Said Volodymyr Zelenskyy, and Volodymyr Zelenskyy again. Zelenskyy.\n"
