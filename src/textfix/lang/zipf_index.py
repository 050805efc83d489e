"""The prebuilt word-frequency index: one language's words, sorted, with their Zipf values, packed small.

``data/lexicon/<lang>.zipf.gz`` holds what :func:`textfix.lang.lexicon.zipf` answers for
every word of wordfreq's ``best`` list, built by ``python -m bench build-lexicon``. A Zipf
value to two decimals is a whole number of hundredths (``centi``: 101 to about 800):

    b"TFZ2" | words: uint32 | centi of each word: uint16 x words | the words, sorted, UTF-8, "\\n"-joined

gzipped without a time stamp (the same table always gives the same bytes). Reading it is
one decompression: :class:`textfix.native.LexiconTable` (compiled, or its pure-Python
reference) looks words up in the decompressed bytes themselves.

>>> table = {"the": 7.73, "city": 5.65, "town": 5.65}
>>> unpack(pack(table)) == table
True
"""

from __future__ import annotations

import array
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


def decompress(packed: bytes) -> bytes:
    """The index ``packed`` before compression (what :class:`textfix.native.LexiconTable` reads)."""
    return gzip.decompress(packed)


def unpack(packed: bytes) -> dict[str, float]:
    """Word -> Zipf value, from the gzipped index ``packed``, in the index's (sorted) order (builds and tests).

    The rules never unpack an index: they look words up in :class:`textfix.native.LexiconTable`
    over its decompressed bytes (:func:`decompress`).
    """
    from textfix.native import pure  # noqa: PLC0415 - the one reader of the format, for a build or a test

    return dict(pure.LexiconTable(decompress(packed)).items())
