"""Writing systems: exact evidence of another language where statistics are not needed.

A run of Cyrillic, Greek, Arabic, Hebrew, CJK or Hangul letters in a Latin-script text is
another language by its letters alone. :func:`foreign_runs` finds such runs (letters of
one script group, with the spaces, digits and punctuation between them);
:func:`script_group` names a letter's group and :func:`dominant_group` a text's.
Scripts that one language owns name it (Hangul: Korean, Greek: Greek); scripts many
languages share (Cyrillic, Arabic, Devanagari) are named by the identifier.
"""

from __future__ import annotations

import re
from collections import Counter

import msgspec

from textfix.core.patterns import lazy_re, lazy_regex

#: Script group -> the language it names when one language owns the script.
EXACT_LANGUAGE = {
    "Greek": "el",
    "Hangul": "ko",
    "Hebrew": "he",
    "Thai": "th",
    "Georgian": "ka",
    "Armenian": "hy",
    "Kana": "ja",
}

#: The scripts a run may be in; Han and Kana and Hangul are kept apart, but count as one group (CJK).
_SCRIPTS = ("Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul", "Thai", "Devanagari",
            "Georgian", "Armenian")  # fmt: skip
_GROUP = {"Han": "CJK", "Hiragana": "CJK", "Katakana": "CJK", "Hangul": "CJK"}
_LETTER_CLASS = "".join(rf"\p{{{name}}}" for name in _SCRIPTS)
#: The letters of each script group.
_GROUP_CLASSES = {
    "CJK": r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}",
    **{name: rf"\p{{{name}}}" for name in _SCRIPTS if name not in _GROUP},
}
#: A run: letters of one script group, joined by spaces, digits and punctuation (not by other letters).
_RUNS = tuple(
    (group, lazy_regex(rf"[{letters}]+(?:[\s\d\p{{P}}\p{{S}}]+[{letters}]+)*"))
    for group, letters in _GROUP_CLASSES.items()
)
_BY_SCRIPT = tuple((name, lazy_regex(rf"\p{{{name}}}")) for name in _SCRIPTS)
_LATIN_WORD = lazy_re("[A-Za-z\u00c0-\u024f]+")
#: The Unicode blocks of those scripts (the stdlib ``re`` checks ranges much faster than script properties).
_FOREIGN_BLOCKS = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u06ff\u0750-\u077f\u0900-\u097f\u0e00-\u0e7f\u10a0-\u10ff"
    "\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)
_OTHER_LETTER = lazy_regex(rf"[{_LETTER_CLASS}]")
_LETTER = lazy_regex(r"\p{L}")


class Run(msgspec.Struct, frozen=True):
    """A stretch of ``text[start:end]`` in one non-Latin script group.

    ``script`` is the most frequent script of its letters (``Han`` when a CJK run has
    no kana nor Hangul, ``Kana`` when it has kana, ``Hangul`` when it has Hangul);
    ``letters`` counts them; ``words`` counts the space-separated pieces.
    """

    start: int
    end: int
    script: str
    group: str
    letters: int
    words: int


def _script_of(text: str) -> tuple[str, int]:
    counts = Counter({name: len(pattern.findall(text)) for name, pattern in _BY_SCRIPT})
    counts = Counter({name: n for name, n in counts.items() if n})
    if not counts:
        return "Latin", 0
    total = sum(counts.values())
    if counts["Hangul"]:
        return "Hangul", total
    if counts["Hiragana"] or counts["Katakana"]:
        return "Kana", total
    return counts.most_common(1)[0][0], total


def script_group(script: str) -> str:
    """The group a script belongs to (the CJK scripts form one).

    >>> script_group("Hiragana"), script_group("Kana"), script_group("Cyrillic")
    ('CJK', 'CJK', 'Cyrillic')
    """
    return "CJK" if script in {"Kana", *_GROUP} else script


def dominant_group(text: str) -> str:
    """The script group most of ``text``'s letters are in (``Latin`` for English, German ...).

    >>> dominant_group("Москва — столица России"), dominant_group("Moscow is the capital")
    ('Cyrillic', 'Latin')
    """
    if text.isascii() or not has_foreign_letters(text):
        return "Latin"
    latin = sum(map(len, _LATIN_WORD.findall(text)))
    others = "".join(_OTHER_LETTER.findall(text))
    if latin >= len(others):
        return "Latin"
    return script_group(_script_of(others)[0])


def foreign_runs(text: str, base_group: str = "Latin") -> list[Run]:
    """The runs of ``text`` in a script group other than ``base_group``.

    >>> [text[r.start:r.end] for text in ["Copyright ⓒ KBS 무단전재 및 재배포 금지"] for r in foreign_runs(text)]
    ['무단전재 및 재배포 금지']
    """
    runs: list[Run] = []
    if not has_foreign_letters(text):
        return runs
    for group, pattern in _RUNS:
        if group == base_group:
            continue
        for match in pattern.finditer(text):
            piece = match.group()
            script, letters = _script_of(piece)
            runs.append(Run(match.start(), match.end(), script, group, letters, len(piece.split())))
    runs.sort(key=lambda run: run.start)
    return runs


def has_foreign_letters(text: str) -> bool:
    """Whether ``text`` may hold a letter of the non-Latin scripts (a fast search by code-point blocks).

    >>> has_foreign_letters("Müller – “café”"), has_foreign_letters("Москва")
    (False, True)
    """
    return _FOREIGN_BLOCKS.search(text) is not None


def letter_count(text: str) -> int:
    """How many letters ``text`` holds (any script)."""
    return len(_LETTER.findall(text))
