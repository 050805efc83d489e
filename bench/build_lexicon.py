"""Build the word-frequency indexes shipped in the wheel: ``python -m bench build-lexicon [--check]``.

For each language of :data:`textfix.lang.lexicon.INDEXED`, reads wordfreq's ``best`` list
(``wordfreq.get_frequency_dict``: wordfreq stays the source of truth) and writes
``src/textfix/lang/data/lexicon/<lang>.zipf``: every word with the Zipf value
``textfix.lang.lexicon.zipf`` answered from wordfreq, ``round(log10(f) + 9, 2)``, in the
format of :mod:`textfix.lang.zipf_index`. Deterministic: the same wordfreq gives the same bytes.

Every file is read back and compared word by word with wordfreq's list before it is written.
``--check`` writes nothing: it rebuilds each index in memory and fails (exit 1) unless the
shipped file has the same bytes (wordfreq changed, or the file was edited by hand).

The data is wordfreq's (Robyn Speer, CC-BY-SA 4.0, https://github.com/rspeer/wordfreq): the
indexes are a derived work under the same licence (see ``src/textfix/lang/data/README.md``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.common import ship_or_check
from textfix.lang import lexicon, zipf_index

OUT = Path(__file__).resolve().parents[1] / "src" / "textfix" / "lang" / "data"


def expected_table(lang: str) -> dict[str, float]:
    """What ``zipf`` answers for each word of ``lang``'s wordfreq list."""
    return {word: lexicon.zipf_of_frequency(frequency) for word, frequency in lexicon.frequencies(lang).items()}


def build(lang: str) -> bytes:
    """The packed index of ``lang``, verified against wordfreq word by word."""
    table = expected_table(lang)
    packed = zipf_index.encode(table)
    if zipf_index.unpack(packed) != table:
        msg = f"{lang}: the packed index does not read back as wordfreq's list"
        raise SystemExit(msg)
    return packed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench build-lexicon", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files; write nothing")
    parser.add_argument("languages", nargs="*", default=list(lexicon.INDEXED), help="languages (default: all indexed)")
    args = parser.parse_args(sys.argv[2:] if argv is None else argv)
    built = []
    for lang in args.languages:
        packed = build(lang)
        built.append((f"{lang} ({len(zipf_index.unpack(packed))} words)", OUT / lexicon.index_name(lang), packed))
    ship_or_check(built, args.check, "python -m bench build-lexicon")


if __name__ == "__main__":
    main(sys.argv[1:])
