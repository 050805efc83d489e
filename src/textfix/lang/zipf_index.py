"""The prebuilt word-frequency index: one language's words and Zipf values, laid out as a hash table.

``data/lexicon/<lang>.zipf`` holds what :func:`textfix.lang.lexicon.zipf` answers for
every word of wordfreq's ``best`` list, built by ``python -m bench build-lexicon``. A Zipf
value to two decimals is a whole number of hundredths (``centi``: 101 to about 800). The
file is stored uncompressed, exactly as the look-ups read it, so that loading it is mapping
it (:mod:`textfix.lang.mapped`): nothing is decompressed or built at load, and a look-up
reads a few bytes of two pages. Little-endian::

    header:  b"TFZ3" | words: uint32 | bucket bits: uint32 | longest word (bytes): uint32 | highest centi: uint32
    buckets: uint32 x (2 ** bits + 1): where each bucket's entries start in the entries part (the last: its size)
    entries: per word, size: uint16 | centi: uint16 | the word, UTF-8

A word's bucket is the FNV-1a hash (64-bit) of its UTF-8 bytes, folded to 32 bits and masked
to ``bits`` (:func:`bucket_of`); a bucket's entries are its words in sorted order, the buckets
in order; ``2 ** bits`` is the least power of two at least half the number of words (about one
word a bucket). The same
table always gives the same bytes. :class:`textfix.native.LexiconTable` (compiled: looks
words up in the file's bytes; or its pure-Python reference) reads it.

>>> table = {"the": 7.73, "city": 5.65, "town": 5.65}
>>> unpack(encode(table)) == table
True
"""

from __future__ import annotations

import array
import struct
import sys
from collections.abc import Mapping

from textfix.lang.mapped import Data

MAGIC = b"TFZ3"
#: magic, words, bucket bits, longest word in bytes, highest centi.
HEADER = struct.Struct("<4sIIII")
#: size and centi of an entry.
ENTRY = struct.Struct("<HH")


def centi(value: float) -> int:
    """``value`` (a Zipf value rounded to two decimals) as a whole number of hundredths, checked exact."""
    whole = round(value * 100)
    if whole / 100 != value or not 0 <= whole <= 0xFFFF:
        msg = f"{value!r} is not a Zipf value to two decimals"
        raise ValueError(msg)
    return whole


def bucket_bits(words: int) -> int:
    """The bits of the bucket number for ``words`` words: the least ``bits`` with ``2 * 2 ** bits >= words``."""
    bits = 0
    while 2 << bits < words:
        bits += 1
    return bits


_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_UINT64 = (1 << 64) - 1


def fnv1a(word: bytes) -> int:
    """The 64-bit FNV-1a hash of ``word`` (what ``_lexicon.c`` computes, a multiply a byte: cheap in C)."""
    value = _FNV_OFFSET
    for byte in word:
        value = ((value ^ byte) * _FNV_PRIME) & _UINT64
    return value


def bucket_of(word: bytes, bits: int) -> int:
    """The bucket of the UTF-8 ``word`` in a table of ``2 ** bits`` buckets (the same on every platform).

    >>> bucket_of(b"the", 4), bucket_of(b"the", 20) & 15
    (5, 5)
    """
    value = fnv1a(word)
    return (value ^ (value >> 32)) & ((1 << bits) - 1)


def encode(table: Mapping[str, float]) -> bytes:
    """The index of ``table`` (word -> Zipf value to two decimals): the file's bytes; deterministic."""
    words = sorted(table)
    if any("\n" in word or not word for word in words):
        msg = "a word cannot be stored one per line"
        raise ValueError(msg)
    codes = [centi(table[word]) for word in words]
    encoded = [word.encode("utf-8") for word in words]
    if any(len(word) > 0xFFFF for word in encoded):
        msg = "a word longer than 65,535 bytes cannot be stored"
        raise ValueError(msg)
    bits = bucket_bits(len(words))
    buckets: list[list[bytes]] = [[] for _ in range(1 << bits)]
    for word, code in zip(encoded, codes, strict=True):
        buckets[bucket_of(word, bits)].append(ENTRY.pack(len(word), code) + word)
    starts = array.array("I", [0])
    for bucket in buckets:
        starts.append(starts[-1] + sum(map(len, bucket)))
    if sys.byteorder != "little":  # pragma: no cover - no big-endian host in CI
        starts.byteswap()
    header = HEADER.pack(MAGIC, len(words), bits, max(map(len, encoded), default=0), max(codes, default=0))
    return b"".join((header, starts.tobytes(), *(entry for bucket in buckets for entry in bucket)))


def unpack(data: Data) -> dict[str, float]:
    """Word -> Zipf value, from the index ``data``, in the index's order (builds and tests).

    The rules never unpack an index: they look words up in :class:`textfix.native.LexiconTable`
    over the file's bytes.
    """
    from textfix.native import pure  # noqa: PLC0415 - the one reader of the format, for a build or a test

    return dict(pure.LexiconTable(data).items())
