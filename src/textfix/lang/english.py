"""A cheap "is this English?" test: the share of frequent English function words among the words."""

from __future__ import annotations

from textfix.lang.wordlists import word_list

#: Frequent English function words (German, French, Spanish text scores low on them).
ENGLISH_MARKERS = word_list("en", "markers")

#: Below this share of :data:`ENGLISH_MARKERS` among its words, a text is not English.
ENGLISH_THRESHOLD = 0.12
#: Texts with fewer words than this cannot be judged (callers fall back to a larger text).
MIN_WORDS = 8

#: Every byte but a lower-case ASCII letter becomes a space (UTF-8 encodes other characters in bytes >= 0x80).
_LOWERCASE_ASCII_ONLY = bytes(byte if ord("a") <= byte <= ord("z") else ord(" ") for byte in range(256))
_MARKER_WORDS = frozenset(word.encode() for word in ENGLISH_MARKERS)


def lowercase_ascii_words(text: str) -> list[bytes]:
    """The runs of ``a``-``z`` in ``text`` (as ``[a-z]+`` finds them), as bytes, split at C speed.

    >>> lowercase_ascii_words("Die Katze, the cat’s mat")
    [b'ie', b'atze', b'the', b'cat', b's', b'mat']
    """
    return text.encode("utf-8", "surrogatepass").translate(_LOWERCASE_ASCII_ONLY).split()


def english_ratio(text: str) -> tuple[float, int]:
    """(share of English function words, number of words) in ``text``.

    >>> english_ratio("The cat sat on the mat.")[0] > 0.4
    True
    >>> english_ratio("Die Katze saß auf der Matte und schlief.")[0] < 0.12
    True
    """
    words = lowercase_ascii_words(text.lower())
    if not words:
        return 0.0, 0
    hits = sum(map(_MARKER_WORDS.__contains__, words))
    return hits / len(words), len(words)


def looks_english(text: str, default: bool = True) -> bool:
    """Whether ``text`` reads as English; ``default`` when it is too short to tell."""
    ratio, count = english_ratio(text)
    if count < MIN_WORDS:
        return default
    return ratio >= ENGLISH_THRESHOLD
