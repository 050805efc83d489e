"""A damage generator: inject one known artifact into lines of clean prose, keep the gold.

Each injector takes a clean line and a random generator and returns the damaged line,
or ``None`` when the line offers no place for that damage. The benchmark then checks,
line by line, whether a rule restores the gold exactly.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-1252 codec

Injector = Callable[[str, random.Random], "str | None"]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def prose_lines(texts: list[str], per_line: int = 3) -> Iterator[str]:
    """Clean prose cut into lines of a few sentences each."""
    for text in texts:
        sentences = _SENTENCE.split(text.strip())
        for i in range(0, len(sentences), per_line):
            yield " ".join(sentences[i : i + per_line])


def _pick(pattern: str, line: str, rng: random.Random) -> re.Match[str] | None:
    matches = list(re.finditer(pattern, line))
    return rng.choice(matches) if matches else None


def _replace(line: str, match: re.Match[str] | None, new: str, group: int = 0) -> str | None:
    if match is None:
        return None
    return line[: match.start(group)] + new + line[match.end(group) :]


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
