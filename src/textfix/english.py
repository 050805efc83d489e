"""A cheap "is this English?" test: the share of frequent English function words among the words."""

from __future__ import annotations

import regex

#: Frequent English function words (German, French, Spanish text scores low on them).
ENGLISH_MARKERS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "it",
        "for",
        "was",
        "on",
        "with",
        "as",
        "by",
        "be",
        "are",
        "this",
        "have",
        "not",
        "at",
        "from",
        "or",
        "an",
        "which",
        "has",
        "will",
        "but",
        "been",
        "were",
        "their",
        "they",
        "its",
        "we",
        "our",
        "his",
        "he",
        "had",
        "would",
        "can",
        "there",
        "more",
        "also",
        "these",
        "other",
        "than",
        "who",
        "should",
        "into",
        "about",
        "if",
        "when",
        "what",
        "all",
    ]
)

#: Below this share of :data:`ENGLISH_MARKERS` among its words, a text is not English.
ENGLISH_THRESHOLD = 0.12
#: Texts with fewer words than this cannot be judged (callers fall back to a larger text).
MIN_WORDS = 8

_WORD = regex.compile(r"[a-z]+")


def english_ratio(text: str) -> tuple[float, int]:
    """(share of English function words, number of words) in ``text``.

    >>> english_ratio("The cat sat on the mat.")[0] > 0.4
    True
    >>> english_ratio("Die Katze saß auf der Matte und schlief.")[0] < 0.12
    True
    """
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0, 0
    hits = sum(map(ENGLISH_MARKERS.__contains__, words))
    return hits / len(words), len(words)


def looks_english(text: str, default: bool = True) -> bool:
    """Whether ``text`` reads as English; ``default`` when it is too short to tell."""
    ratio, count = english_ratio(text)
    if count < MIN_WORDS:
        return default
    return ratio >= ENGLISH_THRESHOLD
