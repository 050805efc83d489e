"""The damage generator: inject scraping and translation artifacts into clean text, keep the gold.

Two levels, one set of injectors:

- line injectors (:data:`DAMAGE`, by rule code) put one known artifact into a line of
  clean prose; the per-rule benchmarks check line by line whether the rule restores
  the gold exactly;
- document injectors (:data:`INJECTORS`, by category) damage a whole clean document
  (chrome lines around it, a lost sentence break, a respelled name, or a line injector
  of the category applied to one paragraph); the end-to-end benchmark scores the fix
  against the clean document.

Every injector takes the clean text and a seeded ``random.Random`` and returns the
damaged text, or ``None`` when the text offers no place for that artifact.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-1252 codec
import regex

Injector = Callable[[str, random.Random], "str | None"]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def prose_lines(texts: list[str], per_line: int = 3) -> Iterator[str]:
    """Clean prose cut into lines of a few sentences each."""
    for text in texts:
        sentences = _SENTENCE.split(text.strip())
        for i in range(0, len(sentences), per_line):
            yield " ".join(sentences[i : i + per_line])


def _pick(pattern: str | regex.Pattern[str], line: str, rng: random.Random) -> regex.Match[str] | None:
    """One match of ``pattern`` in ``line``, chosen at random (``None`` when there is none)."""
    matches = list(regex.finditer(pattern, line))
    return rng.choice(matches) if matches else None


def _splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _replace(line: str, match: regex.Match[str] | None, new: str, group: int = 0) -> str | None:
    """``line`` with ``match``'s ``group`` replaced by ``new`` (``None`` when there is no match)."""
    if match is None:
        return None
    return _splice(line, match.start(group), match.end(group), new)


def space_before(line: str, rng: random.Random) -> str | None:
    match = _pick(r"[a-z](,) [a-z]", line, rng)
    return _replace(line, match, " ,", 1)


def missing_space(line: str, rng: random.Random) -> str | None:
    match = _pick(r"[a-z]{2}(, )[a-z]{2}", line, rng)
    return _replace(line, match, ",", 1)


def doubled_the(line: str, rng: random.Random) -> str | None:
    match = _pick(r"(?<= )(the) ", line, rng)
    return _replace(line, match, "the the", 1)


def doubled_comma(line: str, rng: random.Random) -> str | None:
    match = _pick(r"[a-z](,) ", line, rng)
    return _replace(line, match, ",,", 1)


def space_run(line: str, rng: random.Random) -> str | None:
    match = _pick(r"[a-z]( )[a-z]", line, rng)
    return _replace(line, match, "  ", 1)


def trailing_space(line: str, rng: random.Random) -> str | None:
    return line + rng.choice([" ", "  ", "\t"])


def mismatched_quote(line: str, rng: random.Random) -> str | None:
    match = _pick(r"“[^“”\n]{3,200}[a-z.,!?](”)(?=[ ,.;:]|$)", line, rng)
    return _replace(line, match, "“", 1)


def mojibake(line: str, rng: random.Random) -> str | None:
    match = _pick(r"[’“”—–é]", line, rng)
    if match is None:
        return None
    return _replace(line, match, match.group().encode("utf-8").decode("sloppy-windows-1252"))


def entity(line: str, rng: random.Random) -> str | None:
    match = _pick(r"[’&—]", line, rng)
    if match is None:
        return None
    return _replace(line, match, rng.choice([f"&#{ord(match.group())};", f"&#x{ord(match.group()):x};"]))


def zero_width(line: str, rng: random.Random) -> str | None:
    match = _pick(r"[a-z]{3}()[a-z]{3}", line, rng)
    return _replace(line, match, rng.choice("\u200b\u200c\u200d\u2060\ufeff"), 1)


def soft_hyphen(line: str, rng: random.Random) -> str | None:
    match = _pick(r"[a-z]{3}()[a-z]{3}", line, rng)
    return _replace(line, match, "\u00ad", 1)


def homoglyph(line: str, rng: random.Random) -> str | None:
    match = _pick(r"(?<=[a-z]{2})([aeopcx])(?=[a-z])", line, rng)
    if match is None:
        return None
    return _replace(line, match, {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х"}[match.group(1)], 1)


def to_curly(line: str) -> str | None:
    """The line with straight double quotes made curly, or ``None`` if their roles are unclear."""
    out = []
    opened = False
    for i, ch in enumerate(line):
        if ch != '"':
            out.append(ch)
            continue
        before = line[i - 1] if i else " "
        if not opened and (before.isspace() or before in "(—"):
            out.append("“")
            opened = True
        elif opened and not before.isspace():
            out.append("”")
            opened = False
        else:
            return None
    return None if opened else "".join(out)


#: Damage type -> (rule code, injector).
DAMAGE: dict[str, tuple[str, Injector]] = {
    "space before comma": ("SP101", space_before),
    "missing space after comma": ("SP102", missing_space),
    "doubled 'the'": ("SP103", doubled_the),
    "doubled comma": ("PU201", doubled_comma),
    "two spaces between words": ("SP104", space_run),
    "trailing whitespace": ("SP105", trailing_space),
    "closing quote typed as opening": ("PU101", mismatched_quote),
    "mojibake (UTF-8 read as cp1252)": ("EN101", mojibake),
    "numeric HTML entity": ("EN102", entity),
    "zero-width character in a word": ("EN104", zero_width),
    "soft hyphen in a word": ("EN105", soft_hyphen),
    "Cyrillic homoglyph in a word": ("EN107", homoglyph),
}


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
_CAPITALISED = regex.compile(r"(?<=[a-z,] )([A-Z][a-z]{4,})\b")


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
    start, end = match.span()  # ". " before the capital
    return _splice(text, start, end, "." if rng.random() < 0.5 else "")


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


def _in_a_paragraph(category: str) -> Injector:
    """A document injector that applies one line injector of ``category`` to one paragraph."""
    prefixes = {"encoding": "EN", "spacing": "SP", "punctuation": "PU"}[category]
    line_injectors = [inject for code, inject in DAMAGE.values() if code.startswith(prefixes)]

    def inject(text: str, rng: random.Random) -> str | None:
        paragraphs = text.split("\n\n")
        order = list(range(len(paragraphs)))
        rng.shuffle(order)
        for index in order:
            damaged = rng.choice(line_injectors)(paragraphs[index], rng)
            if damaged is not None and damaged != paragraphs[index]:
                paragraphs[index] = damaged
                return "\n\n".join(paragraphs)
        return None

    inject.__doc__ = f"One {category} artifact (a line injector of that family) in one paragraph."
    return inject


#: Document injectors by category, for the end-to-end benchmark.
INJECTORS: dict[str, Injector] = {
    "boilerplate": boilerplate,
    "fused-word": fused_word,
    "name-variant": name_variant,
    "punctuation": _in_a_paragraph("punctuation"),
    "encoding": _in_a_paragraph("encoding"),
    "spacing": _in_a_paragraph("spacing"),
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
