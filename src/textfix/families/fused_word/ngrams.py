"""English word-pair counts for the segmentation model, loaded lazily from a compact table.

The pairs come from symspellpy's bundled bigram dictionary (243,342 pairs, Google Books
counts, MIT licence), compacted at build time by ``python -m bench build-fused-bigrams``
into ``data/bigrams_en.bin``: sorted 48-bit hashes of ``"left right"`` and the log10
count of each pair in tenths, uncompressed::

    b"TFB2" | pairs: uint32 | hash of each pair: uint64 x pairs | tenths of each pair: uint8 x pairs

(little-endian). Loading maps the file (:mod:`textfix.lang.mapped`: well under a millisecond,
no copy); a lookup is one hash and one bisection over the mapped hashes. A missing pair is 0.0.

>>> bigram_log_count("private", "equity") > 7
True
>>> bigram_log_count("spotted", "water")
0.0
"""

from __future__ import annotations

import functools
import hashlib
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path

from textfix.lang.mapped import little_endian, mapped

#: The compact table (built by ``python -m bench build-fused-bigrams``).
BIGRAM_FILE = Path(__file__).resolve().parent / "data" / "bigrams_en.bin"
#: The file's first bytes: the layout's name and version.
MAGIC = b"TFB2"
#: Bits of the pair hash kept (a false hit has odds of about 1 in 10^9 per lookup).
KEY_BITS = 48


def pair_key(left: str, right: str) -> int:
    """The stable hash of a lower-cased word pair (the same in every process)."""
    digest = hashlib.blake2b(f"{left.lower()} {right.lower()}".encode(), digest_size=KEY_BITS // 8).digest()
    return int.from_bytes(digest, "little")


@functools.cache
def _table() -> tuple[Sequence[int], Sequence[int]]:
    """The sorted pair hashes and their log10 counts in tenths (mapped once per process)."""
    return read_table(memoryview(mapped(BIGRAM_FILE)))


def read_table(data: memoryview) -> tuple[Sequence[int], Sequence[int]]:
    """The pair hashes and tenths of a table's bytes ``data`` (in place where the host is little-endian)."""
    count = int.from_bytes(data[4:8], "little")
    if data[:4] != MAGIC or len(data) != 8 + 9 * count:
        msg = "not a fused-word bigram table"
        raise ValueError(msg)
    return little_endian(data[8 : 8 + 8 * count], "Q"), data[8 + 8 * count :]


def bigram_log_count(left: str, right: str) -> float:
    """log10 of the pair's count in the English bigram table; 0.0 when the table lacks it."""
    keys, values = _table()
    key = pair_key(left, right)
    index = bisect_left(keys, key)
    if index < len(keys) and keys[index] == key:
        return values[index] / 10
    return 0.0
