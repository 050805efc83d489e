"""English word-pair counts for the segmentation model, loaded lazily from a compact table.

The pairs come from symspellpy's bundled bigram dictionary (243,342 pairs, Google Books
counts, MIT licence), compacted at build time by ``python -m bench build-fused-bigrams``
into ``data/bigrams_en.bin.gz``: sorted 48-bit hashes of ``"left right"`` and the log10
count of each pair in tenths. Loading takes a few milliseconds and about 2.5 MB; a lookup
is one hash and one bisection. A missing pair is 0.0.

>>> bigram_log_count("private", "equity") > 7
True
>>> bigram_log_count("spotted", "water")
0.0
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from array import array
from bisect import bisect_left
from pathlib import Path

#: The compact table (built by ``python -m bench build-fused-bigrams``).
BIGRAM_FILE = Path(__file__).resolve().parent / "data" / "bigrams_en.bin.gz"
#: Bits of the pair hash kept (a false hit has odds of about 1 in 10^9 per lookup).
KEY_BITS = 48


def pair_key(left: str, right: str) -> int:
    """The stable hash of a lower-cased word pair (the same in every process)."""
    digest = hashlib.blake2b(f"{left.lower()} {right.lower()}".encode(), digest_size=KEY_BITS // 8).digest()
    return int.from_bytes(digest, "little")


@functools.cache
def _table() -> tuple[array[int], array[int]]:
    """The sorted pair hashes and their log10 counts in tenths (read once per process)."""
    blob = gzip.decompress(BIGRAM_FILE.read_bytes())
    count = int.from_bytes(blob[:4], "little")
    keys = array("Q")
    keys.frombytes(blob[4 : 4 + 8 * count])
    values = array("B")
    values.frombytes(blob[4 + 8 * count :])
    return keys, values


def bigram_log_count(left: str, right: str) -> float:
    """log10 of the pair's count in the English bigram table; 0.0 when the table lacks it."""
    keys, values = _table()
    key = pair_key(left, right)
    index = bisect_left(keys, key)
    if index < len(keys) and keys[index] == key:
        return values[index] / 10
    return 0.0
