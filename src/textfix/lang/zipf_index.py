"""The prebuilt word-frequency index: one language's words, sorted, with their Zipf values, packed small.

``data/lexicon/<lang>.zipf.gz`` holds what :func:`textfix.lang.lexicon.zipf` answers for
every word of wordfreq's ``best`` list, built by ``python -m bench build-lexicon``. A Zipf
value to two decimals is a whole number of hundredths (``centi``: 101 to about 800):

    b"TFZ2" | words: uint32 | centi of each word: uint16 x words | the words, sorted, UTF-8, "\\n"-joined

gzipped without a time stamp (the same table always gives the same bytes). Reading it is
one decompression and one ``split``: a lookup is then a binary search of the sorted list
(:class:`SortedTable`), and a process that looks up many words turns it into a ``dict``
once (:meth:`SortedTable.as_dict`; the value objects are shared, so the dict costs its
slots and the word strings only).

>>> table = {"the": 7.73, "city": 5.65, "town": 5.65}
>>> index = read(pack(table))
>>> index.get("city"), index.get("cities"), index.as_dict() == table
(5.65, 0.0, True)
"""

from __future__ import annotations

import array
import bisect
import gzip
import struct
import sys
from collections.abc import Mapping

MAGIC = b"TFZ2"
_COUNT = struct.Struct("<I")


def centi(value: float) -> int:
    """``value`` (a Zipf value rounded to two decimals) as a whole number of hundredths, checked exact."""
    whole = round(value * 100)
    if whole / 100 != value or not 0 <= whole <= 0xFFFF:
        msg = f"{value!r} is not a Zipf value to two decimals"
        raise ValueError(msg)
    return whole


def encode(table: Mapping[str, float]) -> bytes:
    """The index of ``table`` (word -> Zipf value to two decimals) before compression; deterministic."""
    words = sorted(table)
    if any("\n" in word or not word for word in words):
        msg = "a word cannot be stored one per line"
        raise ValueError(msg)
    codes = array.array("H", (centi(table[word]) for word in words))
    if sys.byteorder != "little":
        codes.byteswap()
    return b"".join((MAGIC, _COUNT.pack(len(words)), codes.tobytes(), "\n".join(words).encode("utf-8")))


def pack(table: Mapping[str, float]) -> bytes:
    """The gzipped index of ``table``: what ships in the wheel."""
    return gzip.compress(encode(table), compresslevel=9, mtime=0)


class SortedTable:
    """The words of an index, sorted, and their Zipf values: looked up by binary search."""

    def __init__(self, words: list[str], codes: array.array[int]) -> None:
        """``words`` sorted, ``codes[i]`` the centi-Zipf value of ``words[i]``."""
        self.words = words
        self.codes = codes
        #: centi -> its float, one object per value (shared by every word that has it).
        self.values = [whole / 100 for whole in range(max(codes, default=0) + 1)]

    def __len__(self) -> int:
        return len(self.words)

    def get(self, word: str, default: float = 0.0) -> float:
        """The Zipf value of ``word`` (already normalised), or ``default``."""
        words = self.words
        at = bisect.bisect_left(words, word)
        if at < len(words) and words[at] == word:
            return self.values[self.codes[at]]
        return default

    def as_dict(self) -> dict[str, float]:
        """Word -> Zipf value: the fastest lookup, for a process that looks up many words."""
        return dict(zip(self.words, map(self.values.__getitem__, self.codes), strict=True))


def decompress(packed: bytes) -> bytes:
    """The index ``packed`` before compression (what :class:`textfix.native.LexiconTable` reads)."""
    return gzip.decompress(packed)


def read(packed: bytes) -> SortedTable:
    """The table of the gzipped index ``packed``."""
    data = gzip.decompress(packed)
    if data[:4] != MAGIC:
        msg = "not a textfix word-frequency index"
        raise ValueError(msg)
    (count,) = _COUNT.unpack_from(data, 4)
    words_at = 8 + 2 * count
    codes = array.array("H", data[8:words_at])
    if sys.byteorder != "little":
        codes.byteswap()
    words = data[words_at:].decode("utf-8").split("\n") if count else []
    if len(words) != count:
        msg = f"index holds {len(words)} words, its header {count}"
        raise ValueError(msg)
    return SortedTable(words, codes)


def unpack(packed: bytes) -> dict[str, float]:
    """Word -> Zipf value, from the gzipped index ``packed``."""
    return read(packed).as_dict()
