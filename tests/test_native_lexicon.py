"""The compiled word table (``textfix.native._lexicon.Table``) answers exactly what the pure one answers.

Both are read from the same bytes: generated tables (hypothesis: any words, any stored
values) and the shipped index of every language, and asked about generated words (case,
curly apostrophes, lone surrogates, characters whose lower case is longer) and every word of
the index in several spellings.
"""

from __future__ import annotations

import math
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.lang import lexicon, zipf_index
from textfix.native import pure

try:
    from textfix.native import _lexicon
except ImportError:  # built without a C compiler: only the pure path exists
    _lexicon = None  # type: ignore[assignment]

needs_compiled = pytest.mark.skipif(_lexicon is None, reason="the compiled lexicon table is not built")

#: Characters where lower-casing and UTF-8 are easy to get wrong.
TRICKY = "aAzZ'’ßİıΣσςẞéÉ\u0301漢😀\ud800\udfff\x00\n"
_word = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=12)
_stored = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), min_size=1, max_size=10
)
_tables = st.dictionaries(_stored, st.integers(0, 900).map(lambda centi: centi / 100), max_size=40)


def _both(table: dict[str, float]) -> tuple[pure.LexiconTable, pure.LexiconTable]:
    data = zipf_index.encode(table)
    assert _lexicon is not None
    return pure.LexiconTable(data), _lexicon.Table(data)  # type: ignore[return-value]


def _same(reference: pure.LexiconTable, compiled: pure.LexiconTable, word: str) -> None:
    assert compiled.get(word) == reference.get(word)
    assert compiled.get(word, -1.0) == reference.get(word, -1.0)
    assert (word in compiled) == (word in reference)
    assert compiled.zipf(word) == reference.zipf(word)
    assert compiled.cuts(word) == reference.cuts(word)


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(_tables, st.lists(_word, max_size=10))
def test_compiled_table_answers_what_the_pure_table_answers(table: dict[str, float], words: list[str]) -> None:
    reference, compiled = _both(table)
    assert len(compiled) == len(reference) == len(table)
    for word in [*table, *(word.upper() for word in table), *words]:
        _same(reference, compiled, word)
    for word, value in table.items():  # every stored word, with its stored float
        assert compiled.get(word) == value
        assert math.copysign(1.0, compiled.get(word)) == 1.0


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(_stored, min_size=1, max_size=6), st.lists(st.integers(0, 5), max_size=8))
def test_cuts_of_words_built_from_stored_words(parts: list[str], picks: list[int]) -> None:
    # Tokens made of stored words (a run-on), so that prefixes and suffixes are found, not only missed.
    reference, compiled = _both(dict.fromkeys(parts, 3.5))
    token = "".join(parts[pick % len(parts)] for pick in picks)
    assert compiled.cuts(token) == reference.cuts(token)
    if len(picks) >= 2:  # the first part is a prefix short of the whole token: found
        assert compiled.cuts(token)[0][len(parts[picks[0] % len(parts)])] == 3.5


@needs_compiled
@pytest.mark.parametrize("lang", lexicon.INDEXED)
def test_compiled_table_of_each_shipped_index_answers_every_word(lang: str) -> None:
    data = (resources.files("textfix.lang") / "data" / lexicon.index_name(lang)).read_bytes()
    reference, compiled = pure.LexiconTable(data), _lexicon.Table(data)  # type: ignore[union-attr]
    stored = zipf_index.unpack(data)
    assert len(compiled) == len(stored)
    assert all(compiled.get(word) == value for word, value in stored.items())
    sample = list(stored)[:: max(1, len(stored) // 3000)]
    for word in sample:
        for spelling in (word, word.upper(), word.title(), word.replace("'", "’"), word + "s", word[1:]):
            assert compiled.zipf(spelling) == reference.zipf(spelling), spelling
        assert compiled.cuts(word) == reference.cuts(word)


def test_malformed_bytes_are_refused() -> None:
    tables = [pure.LexiconTable] if _lexicon is None else [pure.LexiconTable, _lexicon.Table]
    good = zipf_index.encode({"city": 5.65, "the": 7.73})
    for table in tables:
        for bad in (b"", b"TFZ1" + good[4:], good[:9], good + b"\nmore"):
            with pytest.raises(ValueError, match="index"):
                table(bad)
