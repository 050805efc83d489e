"""The shared word-frequency lexicon."""

from __future__ import annotations

from pathlib import Path

import wordfreq

from textfix.lang import lexicon


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
    assert lexicon.frequencies("en") is lexicon.frequencies("en")
    assert len(lexicon.frequencies("en")) > 100_000


def test_data_ships_inside_the_package() -> None:
    data = Path(wordfreq.__file__).parent / "data"
    assert any(data.glob("*_en.msgpack.gz"))


def test_other_languages() -> None:
    assert lexicon.zipf("obwohl", "de") > 4
    assert lexicon.zipf("obwohl", "en") < lexicon.zipf("obwohl", "de")
