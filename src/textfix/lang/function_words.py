"""The cheap screen: a language's distinctive function words.

``data/<lang>/distinctive-words.txt`` lists up to 100 of a language's most frequent words that
the other listed languages use at most a quarter as often (English ``the``, ``and``,
``which``; German ``und``, ``nicht``, ``wird``), built from wordfreq by
``python -m bench.build_function_words``. A stretch of prose whose words are to a fair
share one language's function words is in that language: the language family then needs
no statistical identifier for it, which keeps clean prose at one ``split`` and a set
lookup per word.
"""

from __future__ import annotations

import functools
from collections import Counter

from textfix.lang.wordlists import word_list

#: The languages that have a list.
LANGUAGES = ("cs", "da", "de", "en", "es", "fi", "fr", "hu", "it", "nl", "no", "pl", "pt", "ro", "sv", "tr")


@functools.cache
def function_words(language: str) -> frozenset[str]:
    """The distinctive function words of ``language`` (empty when it has no list)."""
    if language not in LANGUAGES:
        return frozenset()
    return word_list(language, "distinctive-words")


@functools.cache
def _owner() -> dict[str, str]:
    return {word: language for language in LANGUAGES for word in function_words(language)}


@functools.cache
def foreign_words(language: str) -> frozenset[str]:
    """The distinctive function words of every listed language but ``language``."""
    return frozenset(word for other in LANGUAGES if other != language for word in function_words(other))


def share(words: list[str], language: str) -> float:
    """The share of ``words`` (lower-cased) that are ``language``'s function words.

    >>> share("the cat sat on the mat".split(), "en")
    0.3333333333333333
    """
    if not words:
        return 0.0
    return sum(map(function_words(language).__contains__, words)) / len(words)


def likeliest(words: list[str]) -> tuple[str | None, float]:
    """The language whose function words are the largest share of ``words``, and that share.

    >>> likeliest("der Hund und die Katze sind nicht hier".split())
    ('de', 0.375)
    """
    owner = _owner()
    counts = Counter(map(owner.get, words))
    counts.pop(None, None)
    if not counts or not words:
        return None, 0.0
    language, count = counts.most_common(1)[0]
    return language, count / len(words)
