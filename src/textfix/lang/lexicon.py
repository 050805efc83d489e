"""Word frequencies, loaded once per language and shared by every rule.

The frequencies come from the ``wordfreq`` package, which ships its word lists inside
the wheel: nothing is downloaded at run time. A language's list is read once (wordfreq's
own ``dict`` of lower-cased word -> frequency, about 0.1 s and 38 MB for English) and
kept for the life of the process; a lookup is one dict access and a logarithm.

The Zipf scale is ``log10`` of a word's frequency per billion words: 7 is "the",
5 a common word, 3 a rare one, 0 a word the list does not hold.

>>> zipf("although") > 5
True
>>> is_word("Putin")
True
>>> is_word("putinalthough")
False
"""

from __future__ import annotations

import functools
import math

#: A word at or above this Zipf frequency counts as known (about once per 10 million words).
KNOWN_ZIPF = 2.0


@functools.cache
def frequencies(lang: str = "en") -> dict[str, float]:
    """Lower-cased word -> frequency (a share of all words) for ``lang`` (read once, then shared)."""
    import wordfreq  # noqa: PLC0415 - wordfreq and langcodes cost ~70 ms to import: only when a list is needed

    found: dict[str, float] = wordfreq.get_frequency_dict(lang, wordlist="best")
    return found


def normalise(word: str) -> str:
    """The form the frequency list uses: lower case, straight apostrophe."""
    return word.lower().replace("’", "'")


def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of ``word`` (case-insensitive), to two decimals; 0.0 when the list does not hold it."""
    frequency = frequencies(lang).get(normalise(word), 0.0)
    return round(math.log10(frequency) + 9.0, 2) if frequency > 0 else 0.0


def is_word(word: str, lang: str = "en", min_zipf: float = KNOWN_ZIPF) -> bool:
    """Whether ``word`` is in the frequency list at ``min_zipf`` or above."""
    return zipf(word, lang) >= min_zipf
