"""Which word list a document's fused words are judged against: English, German, French or Spanish.

A cheap vote of the most frequent words of each language (from wordfreq) over the first
words of the document; English when nothing is clear. Function words (a language's most
frequent words) are what run-ons are most often made of, and what a sentence cannot end
on.

>>> language_of("Die Regierung hat am Montag in Berlin mitgeteilt, dass die Steuern steigen.")
'de'
>>> language_of("The committee said that it would meet again next week.")
'en'
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path

#: The most frequent words of each language, from wordfreq (``python -m bench build-fused-bigrams``).
TOP_WORDS_FILE = Path(__file__).resolve().parent / "data" / "top_words.json"
#: Languages the family judges (wordfreq has large lists for each).
LANGUAGES = ("en", "de", "fr", "es")
#: Words of the document that vote.
VOTING_WORDS = 3000
#: The most frequent words of a language that vote for it.
MARKERS = 60
#: The most frequent words of a language that count as function words.
FUNCTION_WORD_COUNT = 150


@functools.cache
def top_words(lang: str) -> tuple[str, ...]:
    """The most frequent words of ``lang``, most frequent first (read once per process)."""
    table: dict[str, list[str]] = json.loads(TOP_WORDS_FILE.read_text(encoding="utf-8"))
    return tuple(table[lang])


@functools.cache
def markers(lang: str) -> frozenset[str]:
    """The most frequent words of ``lang`` (they vote for it)."""
    return frozenset(top_words(lang)[:MARKERS])


@functools.cache
def function_words(lang: str) -> frozenset[str]:
    """The most frequent words of ``lang``, lower-cased: articles, pronouns, prepositions, auxiliaries."""
    return frozenset(top_words(lang)[:FUNCTION_WORD_COUNT])


def language_of(text: str) -> str:
    """The language of ``text`` among :data:`LANGUAGES` (``en`` when no other clearly wins)."""
    counts = Counter(text[: VOTING_WORDS * 8].lower().split()[:VOTING_WORDS])
    votes = {lang: sum(counts[word] for word in markers(lang)) for lang in LANGUAGES}
    best = max(LANGUAGES, key=lambda lang: (votes[lang], lang == "en"))
    return best if votes[best] > 1.2 * votes["en"] else "en"
