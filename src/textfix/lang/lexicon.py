"""Word frequencies, loaded once per language and shared by every rule.

The frequencies come from the ``wordfreq`` package (its ``best`` list of each language).
For the languages the rules use (:data:`INDEXED`), a prebuilt index ships inside the
wheel (``data/lexicon/<lang>.zipf.gz``, built by ``python -m bench build-lexicon`` from
wordfreq, see :mod:`textfix.lang.zipf_index`): the first lookup reads it, a sorted list
searched by bisection (the answers remembered), and after :data:`SEARCHED_UP_TO` distinct
words the process builds a ``dict`` of lower-cased word -> Zipf value, kept for its life:
a lookup is then one dict access. A small file so never pays for the dict, a batch pays
once (measured in ``docs/startup.md``). Another language is read from wordfreq itself, once.

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
from importlib import resources

from textfix.lang import zipf_index

#: A word at or above this Zipf frequency counts as known (about once per 10 million words).
KNOWN_ZIPF = 2.0

#: Languages with a prebuilt index in the wheel: those the rules look words up in.
INDEXED = ("en", "de", "fr", "es")


def index_name(lang: str) -> str:
    """The file name of ``lang``'s prebuilt index, under ``textfix/lang/data/``."""
    return f"lexicon/{lang}.zipf.gz"


@functools.cache
def frequencies(lang: str = "en") -> dict[str, float]:
    """Lower-cased word -> frequency (a share of all words) for ``lang``, from wordfreq (read once).

    The rules read :func:`zipf_table` (the prebuilt index); this is the source it is built from.
    """
    import wordfreq  # noqa: PLC0415 - wordfreq and langcodes cost ~70 ms to import: only when a list is needed

    found: dict[str, float] = wordfreq.get_frequency_dict(lang, wordlist="best")
    return found


def zipf_of_frequency(frequency: float) -> float:
    """The Zipf value of a frequency, to two decimals (0.0 for a frequency of 0)."""
    return round(math.log10(frequency) + 9.0, 2) if frequency > 0 else 0.0


#: Distinct words a process looks up by binary search before it turns the index into a dict:
#: a small file never pays for the dict (about 0.1 s for English), a batch pays it once.
SEARCHED_UP_TO = 20_000

#: Per language, the dict every lookup reads once it is built (by :func:`zipf_table`).
_TABLES: dict[str, dict[str, float]] = {}
#: Per language, the answers found by binary search so far (before the dict exists).
_SEARCHED: dict[str, dict[str, float]] = {}


def zipf_table(lang: str = "en") -> dict[str, float]:
    """Lower-cased word -> Zipf value to two decimals for ``lang`` (built once, then shared)."""
    table = _TABLES.get(lang)
    if table is None:
        index = _sorted_index(lang)
        table = index.as_dict() if index is not None else _from_wordfreq(lang)
        _TABLES[lang] = table
        _SEARCHED.pop(lang, None)
    return table


@functools.cache
def _sorted_index(lang: str) -> zipf_index.SortedTable | None:
    """The prebuilt index of ``lang``, sorted (``None`` when none ships)."""
    if lang not in INDEXED:
        return None
    index = resources.files("textfix.lang") / "data" / index_name(lang)
    return zipf_index.read(index.read_bytes()) if index.is_file() else None


def _from_wordfreq(lang: str) -> dict[str, float]:
    return {word: zipf_of_frequency(frequency) for word, frequency in frequencies(lang).items()}


def _searched(word: str, lang: str) -> float:
    """``word``'s Zipf value before the dict exists: a binary search of the sorted index, remembered."""
    searched = _SEARCHED.setdefault(lang, {})
    found = searched.get(word)
    if found is not None:
        return found
    index = _sorted_index(lang)
    if index is None or len(searched) >= SEARCHED_UP_TO:
        return zipf_table(lang).get(word, 0.0)
    found = searched[word] = index.get(word)
    return found


def normalise(word: str) -> str:
    """The form the frequency list uses: lower case, straight apostrophe."""
    return word.lower().replace("’", "'")


def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of ``word`` (case-insensitive), to two decimals; 0.0 when the list does not hold it."""
    table = _TABLES.get(lang)
    if table is not None:
        return table.get(normalise(word), 0.0)
    return _searched(normalise(word), lang)


def is_word(word: str, lang: str = "en", min_zipf: float = KNOWN_ZIPF) -> bool:
    """Whether ``word`` is in the frequency list at ``min_zipf`` or above."""
    return zipf(word, lang) >= min_zipf
