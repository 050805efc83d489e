"""Build ``src/textfix/lang/data/<lang>/distinctive-words.txt`` from wordfreq (deterministic).

    python -m bench.build_function_words

A language's *distinctive function words* are its most frequent words whose frequency in
every other listed language is under a quarter of theirs (English ``the``, ``of``, ``and``
but not ``in``, ``a``, ``die`` or ``also``, which other languages use too). The language
family screens a line with them: a line whose words are mostly the document language's
distinctive function words needs no identifier. The lists are sorted, one word a line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import wordfreq

LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "nl", "pl", "sv", "da", "nb", "cs", "ro", "fi", "hu", "tr")
#: wordfreq's code -> the identifier's label (fastText lid.176 says ``no`` for Norwegian Bokmål).
LABELS = {"nb": "no"}
HEADER = "Frequent words no other listed language uses a quarter as often: the language family's screen"
TOP = 300
KEEP = 100
RATIO = 4.0
OUT = Path(__file__).resolve().parent.parent / "src" / "textfix" / "lang" / "data"


def distinctive(lang: str) -> list[str]:
    words = []
    for word in wordfreq.top_n_list(lang, TOP, wordlist="best"):
        if not word.isalpha():
            continue
        own = wordfreq.word_frequency(word, lang, wordlist="best")
        others = max(wordfreq.word_frequency(word, other, wordlist="best") for other in LANGUAGES if other != lang)
        if others * RATIO < own:
            words.append(word)
        if len(words) == KEEP:
            break
    return sorted(words)


def main() -> None:
    for lang in LANGUAGES:
        words = distinctive(lang)
        folder = OUT / LABELS.get(lang, lang)
        folder.mkdir(parents=True, exist_ok=True)
        header = f"# {HEADER} (python -m bench.build_function_words)"
        (folder / "distinctive-words.txt").write_text("\n".join([header, *words]) + "\n", encoding="utf-8")
        print(f"{lang}: {len(words)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
