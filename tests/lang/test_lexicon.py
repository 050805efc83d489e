"""The shared word-frequency lexicon."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import wordfreq

from textfix.lang import lexicon, zipf_index


def test_frequent_rare_and_unknown_words() -> None:
    assert lexicon.zipf("the") > 7
    assert 3 < lexicon.zipf("Putin") < 6
    assert lexicon.zipf("putinalthough") == 0.0
    assert lexicon.zipf("") == 0.0


def test_lookup_ignores_case_and_curly_apostrophes() -> None:
    assert lexicon.zipf("Although") == lexicon.zipf("although") == lexicon.zipf("ALTHOUGH")
    assert lexicon.zipf("don’t") == lexicon.zipf("don't") > 5


def test_is_word_threshold() -> None:
    assert lexicon.is_word("city")
    assert not lexicon.is_word("thecity")
    assert lexicon.is_word("thecity", min_zipf=1.0)
    assert not lexicon.is_word("city", min_zipf=9.0)


def test_loaded_once_and_shared() -> None:
    assert lexicon.zipf_table("en") is lexicon.zipf_table("en")
    assert len(lexicon.zipf_table("en")) > 100_000
    assert lexicon.frequencies("en") is lexicon.frequencies("en")


def _expected(frequency: float) -> float:
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0


def test_english_index_answers_what_wordfreq_answers_for_every_word() -> None:
    # The shipped index against wordfreq, the source of truth: every word, the same Zipf value to 2 decimals.
    expected = {word: _expected(f) for word, f in wordfreq.get_frequency_dict("en", "best").items()}
    table = lexicon.zipf_table("en")
    assert len(table) == len(expected)
    assert all(table.get(word, -1.0) == value for word, value in expected.items())
    sample = list(expected)[:: len(expected) // 2000]
    assert [lexicon.zipf(word.upper()) for word in sample] == [expected[word] for word in sample]


@pytest.mark.parametrize("lang", [lang for lang in lexicon.INDEXED if lang != "en"])
def test_other_indexes_answer_what_wordfreq_answers(lang: str) -> None:
    # A sample of 2,000 words spread over each list (every word: python -m bench build-lexicon --check).
    table = lexicon.zipf_table(lang)
    stored = list(zipf_index.unpack((Path(lexicon.__file__).parent / "data" / lexicon.index_name(lang)).read_bytes()))
    assert len(stored) == len(table)
    sample = stored[:: len(stored) // 2000]
    words = [word for word in sample if wordfreq.tokenize(word, lang) == [word]]
    assert len(words) > 1500
    assert [table.get(word) for word in words] == [_expected(wordfreq.word_frequency(word, lang)) for word in words]


def test_shipped_index_is_the_canonical_encoding_of_its_table() -> None:
    # Encoding is deterministic: re-encoding what the file holds gives the file's bytes, so with the test
    # above the file is what `python -m bench build-lexicon` builds from wordfreq (every language:
    # python -m bench build-lexicon --check).
    shipped = (Path(lexicon.__file__).parent / "data" / lexicon.index_name("en")).read_bytes()
    assert zipf_index.encode(zipf_index.unpack(shipped)) == shipped


def test_a_language_without_an_index_is_read_from_wordfreq() -> None:
    assert "it" not in lexicon.INDEXED
    assert lexicon.zipf("sempre", "it") == round(math.log10(wordfreq.word_frequency("sempre", "it")) + 9, 2)


def test_every_spelling_of_a_stored_word_finds_its_value() -> None:
    # zipf() normalises (lower case, straight apostrophe) before the table is asked: any case, either apostrophe.
    table = lexicon.zipf_table("fr")
    words = [
        "the",
        "Although",
        "don’t",
        "putinalthough",
        "",
        "zzzzzz",
        "a",
        "ｆｕｌｌ",
        "éte",
        "été",
        "ÉTÉ",
        "aujourd’hui",
    ]
    assert [lexicon.zipf(word, "fr") for word in words] == [table.get(lexicon.normalise(word)) for word in words]
    assert lexicon.zipf("ÉTÉ", "fr") == lexicon.zipf("été", "fr") > 5
    assert lexicon.zipf("aujourd’hui", "fr") == lexicon.zipf("aujourd'hui", "fr") > 5


def test_index_rejects_values_it_cannot_store_exactly() -> None:
    with pytest.raises(ValueError, match="two decimals"):
        zipf_index.encode({"word": 3.141})
    with pytest.raises(ValueError, match="one per line"):
        zipf_index.encode({"two\nwords": 3.14})


def test_data_ships_inside_the_package() -> None:
    data = Path(wordfreq.__file__).parent / "data"
    assert any(data.glob("*_en.msgpack.gz"))


def test_other_languages() -> None:
    assert lexicon.zipf("obwohl", "de") > 4
    assert lexicon.zipf("obwohl", "en") < lexicon.zipf("obwohl", "de")
