"""Regular expressions from rule packs: compiled with size limits, matched with a timeout.

A pack is data anyone can write (and a repository's configuration may name its own
packs), so its patterns are untrusted input to the regex engine: ``(a|a)+$`` backtracks
for ever on a 36-character line, and 200,000 alternatives took 14 s and 515 MB to
compile. Every pack pattern goes through :func:`compile_pack_pattern`, which refuses a
pattern longer than :data:`MAX_PATTERN_LENGTH` characters (or a pack total beyond
:data:`MAX_TOTAL_LENGTH`) and, where patterns are combined into one alternation (the
``lines`` kind), refuses backreferences, which would silently point at another
pattern's group. Matches run with the ``regex`` module's own ``timeout``: a match that
takes longer is treated as no match (a missed artifact, never a hang).
"""

from __future__ import annotations

import regex

from textfix.core.patterns import lazy_regex

#: Longest pattern source a pack may give, in characters.
MAX_PATTERN_LENGTH = 5_000
#: Longest combined source of every pattern one matcher holds, in characters.
MAX_TOTAL_LENGTH = 200_000
#: Seconds one match of a pack pattern may take against one line.
LINE_TIMEOUT = 0.05
#: Seconds a whole-document scan of one pack pattern may take, plus this much per MB.
DOCUMENT_TIMEOUT = 1.0
DOCUMENT_TIMEOUT_PER_MB = 2.0

# Both compiled on first use: only a user's pack is checked for backreferences (a shipped one is
# validated by the tests, see textfix.core.packs.RuleSpec.shipped).
#: A backreference: ``\1``..``\99``, ``\g<name>`` / ``\g<1>``, ``(?P=name)``, ``(?&name)``/``(?1)`` recursion.
_BACKREFERENCE = lazy_regex(r"\\(?:[1-9][0-9]?|g<[^>]*>)|\(\?P=|\(\?&|\(\?[+-]?[0-9]+\)|\(\?R\)")
#: A character class or an escaped character: skipped when looking for backreferences.
_LITERAL = lazy_regex(r"\\.|\[(?:\\.|[^\]\\])*\]", regex.DOTALL)


class PatternRefusedError(ValueError):
    """A pack pattern that is too large or uses what its kind cannot support (the message says which)."""


def has_backreference(source: str) -> bool:
    """Whether a pattern refers back to a group (``\\1``, ``(?P=name)``, recursion).

    >>> has_backreference(r"(\\w+) \\1"), has_backreference(r"[\\1] \\\\1 a")
    (True, False)
    """
    pos = 0
    while pos < len(source):
        match = _BACKREFERENCE.match(source, pos)
        if match is not None:
            return True
        literal = _LITERAL.match(source, pos)
        pos = literal.end() if literal is not None else pos + 1
    return False


def compile_pack_pattern(source: str, flags: int = 0, *, allow_backreferences: bool = True) -> regex.Pattern[str]:
    """Compile a pack pattern within the limits (raises :class:`PatternRefusedError` or ``regex.error``)."""
    if len(source) > MAX_PATTERN_LENGTH:
        msg = f"is {len(source):,} characters long; a pack pattern may have at most {MAX_PATTERN_LENGTH:,}"
        raise PatternRefusedError(msg)
    if not allow_backreferences and has_backreference(source):
        msg = "uses a backreference, which cannot work here (the kind combines every pattern into one)"
        raise PatternRefusedError(msg)
    return regex.compile(source, flags)


def check_total(sources: list[str]) -> None:
    """Refuse a matcher whose patterns together exceed :data:`MAX_TOTAL_LENGTH` characters."""
    total = sum(len(s) for s in sources)
    if total > MAX_TOTAL_LENGTH:
        msg = f"the selected packs hold {total:,} characters of patterns; at most {MAX_TOTAL_LENGTH:,} are allowed"
        raise PatternRefusedError(msg)


def document_timeout(text: str) -> float:
    """Seconds a whole-document scan of ``text`` by one pack pattern may take."""
    return DOCUMENT_TIMEOUT + DOCUMENT_TIMEOUT_PER_MB * len(text) / 1e6
