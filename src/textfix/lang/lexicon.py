"""Word frequencies, loaded once per language and shared by every rule.

The frequencies come from the ``wordfreq`` package (its ``best`` list of each language).
For the languages the rules use (:data:`INDEXED`), a prebuilt index ships inside the
wheel (``data/lexicon/<lang>.zipf``, built by ``python -m bench build-lexicon`` from
wordfreq, see :mod:`textfix.lang.zipf_index`): a hash table laid out in the file, which the
first lookup of a language memory-maps (:mod:`textfix.lang.mapped`) and reads in place
(:class:`textfix.native.LexiconTable`, in C): nothing is decompressed or built, and only the
pages look-ups touch are read (shared by every process on the machine). A lookup is one C
call that lower-cases the word and finds it. Another language is read from wordfreq
itself, once, into the same kind of table.

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
from typing import TypeAlias

from textfix.lang import zipf_index
from textfix.lang.mapped import Data, mapped, shipped
from textfix.native import LexiconTable, pure

#: One language's word table: :class:`textfix.native.pure.LexiconTable` or its compiled twin.
Table: TypeAlias = pure.LexiconTable

#: A word at or above this Zipf frequency counts as known (about once per 10 million words).
KNOWN_ZIPF = 2.0

#: Languages with a prebuilt index in the wheel: those the rules look words up in.
INDEXED = ("en", "de", "fr", "es")


def index_name(lang: str) -> str:
    """The file name of ``lang``'s prebuilt index, under ``textfix/lang/data/``."""
    return f"lexicon/{lang}.zipf"


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


#: Per language, the table every lookup reads (built once by :func:`zipf_table`).
_TABLES: dict[str, Table] = {}


def zipf_table(lang: str = "en") -> Table:
    """``lang``'s word table (lower-cased word -> Zipf value to two decimals): built once, then shared."""
    table = _TABLES.get(lang)
    if table is None:
        table = _TABLES[lang] = LexiconTable(_index_bytes(lang))
    return table


def _index_bytes(lang: str) -> Data:
    """The index of ``lang``: the one shipped in the wheel (mapped), else one encoded from wordfreq."""
    if lang in INDEXED:
        index = shipped("textfix.lang", "data", index_name(lang))
        if index.is_file():
            return mapped(index)
    return zipf_index.encode(_from_wordfreq(lang))


def _from_wordfreq(lang: str) -> dict[str, float]:
    return {word: zipf_of_frequency(frequency) for word, frequency in frequencies(lang).items()}


def normalise(word: str) -> str:
    """The form the frequency list uses: lower case, straight apostrophe."""
    return word.lower().replace("’", "'")


def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of ``word`` (case-insensitive), to two decimals; 0.0 when the list does not hold it."""
    table = _TABLES.get(lang)
    if table is None:
        table = zipf_table(lang)
    return table.zipf(word)


def is_word(word: str, lang: str = "en", min_zipf: float = KNOWN_ZIPF) -> bool:
    """Whether ``word`` is in the frequency list at ``min_zipf`` or above."""
    return zipf(word, lang) >= min_zipf
