"""A damage generator: inject scraping and translation artifacts into clean text, keep the gold.

Each injector takes a clean document and a seeded ``random.Random`` and returns the
damaged text, or ``None`` when the document offers no place for that artifact. The gold
is always the clean input, so every benchmark knows exactly what a perfect repair is.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import regex

Injector = Callable[[str, random.Random], str | None]

CHROME_TOP = ["related news", "Related Posts", "Share this:", "Home » Politics", "Advertisement"]
CHROME_BOTTOM = [
    "Source link",
    "Please enter your comment!",
    "Please enter your name here",
    "Leave a Reply",
    "Share this article",
    "Read more",
]
_SENTENCE_BREAK = regex.compile(r"(?<=[a-z])\. (?=[A-Z][a-z]+ [a-z])")
_WORD_PAIR = regex.compile(r"(?<= )([a-z]{3,}) ([a-z]{3,})(?= )")
_CLOSING_QUOTE = regex.compile(r"“[^“”\n]{3,80}”")
_APOSTROPHE_WORD = regex.compile(r"\b\w+’\w+\b")
_LONG_WORD = regex.compile(r"\b[a-z]{7,}\b")
_COMMA = regex.compile(r"(?<=[a-z]), (?=[a-z])")
_ARTICLE = regex.compile(r"(?<= )(the|and|of) (?=[a-z])")
_CAPITALISED = regex.compile(r"(?<=[a-z,] )([A-Z][a-z]{4,})\b")


def _pick(pattern: regex.Pattern[str], text: str, rng: random.Random) -> regex.Match[str] | None:
    matches = list(pattern.finditer(text))
    return rng.choice(matches) if matches else None


def _splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def boilerplate(text: str, rng: random.Random) -> str | None:
    """Chrome lines above and below the article."""
    top = rng.sample(CHROME_TOP, 2)
    bottom = rng.sample(CHROME_BOTTOM, 3)
    return "\n\n".join(top) + "\n\n" + text.rstrip("\n") + "\n\n\n" + "\n".join(bottom) + "\n"


def fused_word(text: str, rng: random.Random) -> str | None:
    """A lost sentence break (``word. Next`` -> ``wordNext``) or a missing space after a full stop."""
    match = _pick(_SENTENCE_BREAK, text, rng)
    if match is None:
        return None
    start, end = match.span()
    return _splice(text, start, end + 1, "." if rng.random() < 0.5 else "")


def name_variant(text: str, rng: random.Random) -> str | None:
    """One mention of a name the document repeats, respelled the way transliteration does."""
    counts: dict[str, int] = {}
    for m in _CAPITALISED.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    names = sorted(n for n, c in counts.items() if c >= 3)
    if not names:
        return None
    name = rng.choice(names)
    variant = _respell(name)
    if variant == name:
        return None
    spots = [m for m in _CAPITALISED.finditer(text) if m.group(1) == name]
    m = rng.choice(spots)
    return _splice(text, m.start(1), m.end(1), variant)


def _respell(name: str) -> str:
    for old, new in (("u", "ou"), ("k", "kh"), ("ch", "tch"), ("v", "w"), ("i", "y"), ("ss", "s"), ("s", "ss")):
        if old in name[1:]:
            index = name.index(old, 1)
            return name[:index] + new + name[index + len(old) :]
    return name


def punctuation(text: str, rng: random.Random) -> str | None:
    """A closing curly quote typed as an opening one: ``“words“``."""
    match = _pick(_CLOSING_QUOTE, text, rng)
    if match is None:
        return None
    return _splice(text, match.end() - 1, match.end(), "“")


def encoding(text: str, rng: random.Random) -> str | None:
    """Mojibake, an HTML entity, or an invisible character inside a word."""
    choice = rng.randrange(3)
    if choice == 0:
        match = _pick(_APOSTROPHE_WORD, text, rng)
        if match is not None:
            broken = match.group().encode("utf-8").decode("cp1252", errors="replace")
            return _splice(text, match.start(), match.end(), broken)
    if choice == 1 and "&" not in text:
        match = _pick(_APOSTROPHE_WORD, text, rng)
        if match is not None:
            return _splice(text, match.start(), match.end(), match.group().replace("’", "&#8217;"))
    match = _pick(_LONG_WORD, text, rng)
    if match is None:
        return None
    middle = match.start() + len(match.group()) // 2
    return _splice(text, middle, middle, "\u200b")


def spacing(text: str, rng: random.Random) -> str | None:
    """A double space, a space before a comma, a missing space after one, or a doubled word."""
    choice = rng.randrange(4)
    if choice == 0:
        match = _pick(_WORD_PAIR, text, rng)
        return None if match is None else _splice(text, match.end(1), match.start(2), "  ")
    if choice == 1:
        match = _pick(_COMMA, text, rng)
        return None if match is None else _splice(text, match.start(), match.start() + 1, " ,")
    if choice == 2:
        match = _pick(_COMMA, text, rng)
        return None if match is None else _splice(text, match.start(), match.end(), ",")
    match = _pick(_ARTICLE, text, rng)
    return None if match is None else _splice(text, match.start(), match.end(), f"{match.group(1)} {match.group()}")


INJECTORS: dict[str, Injector] = {
    "boilerplate": boilerplate,
    "fused-word": fused_word,
    "name-variant": name_variant,
    "punctuation": punctuation,
    "encoding": encoding,
    "spacing": spacing,
}


def damage(text: str, category: str, rng: random.Random, times: int = 3) -> str | None:
    """``text`` with ``times`` artifacts of one category (boilerplate: one block)."""
    injector = INJECTORS[category]
    out = text
    for _ in range(1 if category == "boilerplate" else times):
        damaged = injector(out, rng)
        if damaged is None:
            break
        out = damaged
    return out if out != text else None
