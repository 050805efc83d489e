"""Build the fused-word family's compact English bigram table from symspellpy's bundled dictionary.

    python -m bench build-fused-bigrams

symspellpy (MIT) ships ``frequency_bigramdictionary_en_243_342.txt``: 243,342 English word
pairs with their counts (Google Books n-grams). Read as a Python dict it costs about
0.7 s and 100 MB of peak memory per process; the table built here holds the same pairs as
48-bit hashes (sorted) and their log10 counts (tenths, one byte): 2.2 MB, uncompressed
(the layout of ``textfix.families.fused_word.ngrams``), memory-mapped at run time and looked
up by bisection; the wheel's zip compresses it to about 1.4 MB. The build is deterministic:
the same symspellpy release gives the same bytes.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from array import array
from pathlib import Path

from textfix.families.fused_word.ngrams import BIGRAM_FILE, MAGIC, pair_key

SOURCE_NAME = "frequency_bigramdictionary_en_243_342.txt"


def source_path() -> Path:
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or spec.origin is None:
        msg = "symspellpy is not installed (pip install -e '.[bench]')"
        raise SystemExit(msg)
    return Path(spec.origin).parent / SOURCE_NAME


def build(source: Path, target: Path) -> int:
    """Write the table; return the number of pairs."""
    table: dict[int, int] = {}
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            left, right, count = line.split()
            key = pair_key(left, right)
            value = min(255, round(math.log10(int(count)) * 10))
            table[key] = max(value, table.get(key, 0))
    keys = array("Q", sorted(table))
    values = array("B", (table[key] for key in keys))
    if keys.itemsize != 8:  # pragma: no cover - every platform we support has 8-byte Q
        raise SystemExit("unsigned long long is not 8 bytes here")
    if sys.byteorder != "little":  # pragma: no cover - the table is little-endian
        keys.byteswap()
    target.write_bytes(MAGIC + len(keys).to_bytes(4, "little") + keys.tobytes() + values.tobytes())
    return len(keys)


def write_top_words(target: Path) -> None:
    """The most frequent words of each language the family judges (wordfreq), so that run time never
    loads a whole frequency list just to vote on a document's language (about 90 MB for four)."""
    import json

    import wordfreq

    from textfix.families.fused_word.language import FUNCTION_WORD_COUNT, LANGUAGES

    table = {lang: wordfreq.top_n_list(lang, FUNCTION_WORD_COUNT) for lang in LANGUAGES}
    target.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    count = build(source_path(), BIGRAM_FILE)
    print(f"{BIGRAM_FILE}: {count} pairs, {BIGRAM_FILE.stat().st_size / 1e6:.2f} MB")
    from textfix.families.fused_word.language import TOP_WORDS_FILE

    write_top_words(TOP_WORDS_FILE)
    print(f"{TOP_WORDS_FILE}: top words of each language")


if __name__ == "__main__":
    main()
