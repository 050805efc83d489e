"""The languages whose fused words the family judges, and each one's most frequent words.

Which language a document is in comes from the shared view
(:data:`textfix.lang.document.DOCUMENT_LANGUAGE`); this module holds the word tables the
segmenter needs per language. Function words (a language's most frequent words) are what
run-ons are most often made of, and what a sentence cannot end on.

>>> "und" in function_words("de")
True
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

#: The most frequent words of each language, from wordfreq (``python -m bench build-fused-bigrams``).
TOP_WORDS_FILE = Path(__file__).resolve().parent / "data" / "top_words.json"
#: Languages the family judges (wordfreq has large lists for each).
LANGUAGES = ("en", "de", "fr", "es")
#: The most frequent words of a language that count as function words.
FUNCTION_WORD_COUNT = 150


@functools.cache
def top_words(lang: str) -> tuple[str, ...]:
    """The most frequent words of ``lang``, most frequent first (read once per process)."""
    table: dict[str, list[str]] = json.loads(TOP_WORDS_FILE.read_text(encoding="utf-8"))
    return tuple(table[lang])


@functools.cache
def function_words(lang: str) -> frozenset[str]:
    """The most frequent words of ``lang``, lower-cased: articles, pronouns, prepositions, auxiliaries."""
    return frozenset(top_words(lang)[:FUNCTION_WORD_COUNT])
