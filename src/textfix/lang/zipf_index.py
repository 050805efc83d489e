"""The prebuilt word-frequency index: one language's words grouped by Zipf value, packed small.

``data/lexicon/<lang>.zipf.gz`` holds what :func:`textfix.lang.lexicon.zipf` answers for
every word of wordfreq's ``best`` list, built by ``python -m bench build-lexicon``. A Zipf
value to two decimals is a whole number of hundredths (``centi``: 101 to about 800), so
the file stores, for each value from the most to the least frequent, how many words have
it, then every word, sorted within its value, one per line:

    b"TFZ1" | groups: uint32 | groups x (centi: uint16, words: uint32) | words, UTF-8, "\\n"-joined

gzipped without a time stamp (the same table always gives the same bytes). Reading it is
one decompression, one ``split`` and one ``dict.fromkeys`` per value: the value objects
are shared, so the table costs the dict and the word strings only.

>>> table = {"the": 7.73, "city": 5.65, "town": 5.65}
>>> unpack(pack(table)) == table
True
"""

from __future__ import annotations

import gzip
import struct
from collections.abc import Mapping

MAGIC = b"TFZ1"
_COUNT = struct.Struct("<I")
_GROUP = struct.Struct("<HI")


def centi(value: float) -> int:
    """``value`` (a Zipf value rounded to two decimals) as a whole number of hundredths, checked exact."""
    whole = round(value * 100)
    if whole / 100 != value or not 0 <= whole <= 0xFFFF:
        msg = f"{value!r} is not a Zipf value to two decimals"
        raise ValueError(msg)
    return whole


def pack(table: Mapping[str, float]) -> bytes:
    """The gzipped index of ``table`` (word -> Zipf value to two decimals); deterministic."""
    return gzip.compress(encode(table), compresslevel=9, mtime=0)


def encode(table: Mapping[str, float]) -> bytes:
    """The index of ``table`` before compression: the same table always gives the same bytes."""
    groups: dict[int, list[str]] = {}
    for word, value in table.items():
        if "\n" in word or not word:
            msg = f"word {word!r} cannot be stored one per line"
            raise ValueError(msg)
        groups.setdefault(centi(value), []).append(word)
    order = sorted(groups, reverse=True)
    header = [MAGIC, _COUNT.pack(len(order))]
    header.extend(_GROUP.pack(value, len(groups[value])) for value in order)
    words = "\n".join(word for value in order for word in sorted(groups[value]))
    return b"".join(header) + words.encode("utf-8")


def unpack(packed: bytes) -> dict[str, float]:
    """Word -> Zipf value, from the gzipped index ``packed``."""
    data = gzip.decompress(packed)
    if data[:4] != MAGIC:
        msg = "not a textfix word-frequency index"
        raise ValueError(msg)
    (count,) = _COUNT.unpack_from(data, 4)
    groups = [_GROUP.unpack_from(data, 8 + i * _GROUP.size) for i in range(count)]
    start = 8 + count * _GROUP.size
    words = data[start:].decode("utf-8").split("\n") if count else []
    table: dict[str, float] = {}
    at = 0
    for value, size in groups:
        table.update(dict.fromkeys(words[at : at + size], value / 100))
        at += size
    if at != len(words):
        msg = f"index holds {len(words)} words, its header {at}"
        raise ValueError(msg)
    return table
