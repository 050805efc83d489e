"""An exact screen before ftfy: a stretch it passes over is one ftfy would leave unchanged.

With the family's settings (:func:`textfix.families.encoding.rules.ftfy_config`), ftfy changes a
text only through four steps: the encoding repair, which returns the text unchanged unless
ftfy's badness expression (``ftfy.badness.BADNESS_RE``) matches somewhere in it; the C1-control
repair (``\\x80``-``\\x9f``); the surrogate repair; and the removal of terminal escapes (``\\x1b``).
The badness expression is an alternation of about 40 short sequences, most starting with a
class that holds ASCII letters or spaces, so ``re`` tries every alternative at every character:
on extractor output it cost nine tenths of ftfy's time on the stretches it was given.

This module reads that expression (``re``'s own parser, so it follows the installed ftfy) and
keeps, for each alternative, one single-character position, or two adjacent ones, that every
match of the alternative must contain: the *anchor*, the rarest such class by a fixed weight
(ASCII and ordinary typography heaviest, then letters), with its neighbour when that narrows it.
The screen is one class of every anchor character, followed by look-arounds that check the
neighbour: ``re`` skips straight to anchor characters, and a text with no anchor in the right
company cannot match the badness expression. An alternative without such a position (never
the case in ftfy 6.3), or an expression ``re``'s parser cannot read, turns the screen off:
every stretch then goes to ftfy, as before.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING, Any

try:  # Python 3.11 and later
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as sre
    import sre_parse

if TYPE_CHECKING:
    import ftfy

#: What ftfy's other steps act on: C1 controls, terminal escapes, surrogates.
_OTHER_STEPS = "\x1b\x80-\x9f\ud800-\udfff"
#: Characters of ordinary text: a class holding one makes a poor anchor.
_TYPOGRAPHY = frozenset("\u2018\u2019\u201c\u201d\u2013\u2014\u2026")


def _characters(item: tuple[Any, Any]) -> frozenset[str] | None:
    """The characters one pattern item matches, when it matches exactly one from a plain set."""
    op, value = item
    if op is sre.LITERAL:
        return frozenset(chr(value))
    if op is not sre.IN:
        return None
    out: set[str] = set()
    for kind, argument in value:
        if kind is sre.LITERAL:
            out.add(chr(argument))
        elif kind is sre.RANGE:
            out.update(chr(c) for c in range(argument[0], argument[1] + 1))
        else:  # a negated class or a category (\s, \w): too large to anchor on
            return None
    return frozenset(out)


@functools.cache
def _weight(characters: frozenset[str]) -> int:
    """How common the characters are in ordinary text (lower: a better anchor)."""
    total = 0
    for c in characters:
        if c.isascii() or c in _TYPOGRAPHY:
            total += 1000
        elif unicodedata.category(c).startswith("L") and c not in "µªº":
            total += 100
        else:
            total += 1
    return total


def _class(characters: frozenset[str]) -> str:
    """A character class of ``characters``, consecutive code points as ranges (a shorter pattern compiles faster)."""
    points = sorted(map(ord, characters))
    parts = []
    start = previous = points[0]
    for point in [*points[1:], -1]:
        if point != previous + 1:
            first, last = re.escape(chr(start)), re.escape(chr(previous))
            parts.append(first if start == previous else f"{first}-{last}")
            start = point
        previous = point
    return "[" + "".join(parts) + "]"


def screen_pattern(pattern: str, flags: int) -> str | None:
    """A pattern every text matching ``pattern`` also matches, with one leading class (None: none found).

    ``pattern`` must be an alternation at the top level (ftfy's badness expression); each
    alternative contributes its anchor check.
    """
    if flags & re.IGNORECASE:
        return None
    tree = sre_parse.parse(pattern, flags)
    if len(tree.data) != 1 or tree.data[0][0] is not sre.BRANCH:
        return None
    checks: list[tuple[frozenset[str], frozenset[str] | None, frozenset[str] | None]] = []
    for alternative in tree.data[0][1][1]:
        items = [_characters(item) for item in alternative.data]
        options: list[tuple[float, frozenset[str], frozenset[str] | None, frozenset[str] | None]] = []
        for index, here in enumerate(items):
            if here is None:
                continue
            options.append((_weight(here), here, None, None))
            after = items[index + 1] if index + 1 < len(items) else None
            if after is not None:  # two adjacent single characters: anchor on the rarer, check the other
                if _weight(here) <= _weight(after):
                    options.append((_weight(here) * 0.9, here, None, after))
                else:
                    options.append((_weight(after) * 0.9, after, here, None))
        if not options:
            return None
        _, anchor, before, following = min(options, key=lambda option: option[0])
        checks.append((anchor, before, following))
    # Checks with the same neighbour share one branch (the union of their anchors: still necessary).
    grouped: dict[tuple[frozenset[str] | None, frozenset[str] | None], frozenset[str]] = {}
    for anchor, before, following in checks:
        grouped[before, following] = grouped.get((before, following), frozenset()) | anchor
    anchors = frozenset().union(*grouped.values())
    branches = []
    for (before, following), anchor in grouped.items():
        if before is None and following is None:
            branches.append(f"(?<=[{_class(anchor)[1:-1]}{_OTHER_STEPS}])")
            continue
        branch = f"(?<={_class(anchor)})" if before is None else f"(?<={_class(before)}{_class(anchor)})"
        if following is not None:
            branch += f"(?={_class(following)})"
        branches.append(branch)
    return f"[{_class(anchors)[1:-1]}{_OTHER_STEPS}](?:{'|'.join(branches)})"


def _only_the_four_steps(config: ftfy.TextFixerConfig) -> bool:
    """Whether ``config`` leaves ftfy only the four steps the module docstring names."""
    return (
        not config.unescape_html
        and not config.fix_latin_ligatures
        and not config.fix_character_width
        and not config.uncurl_quotes
        and not config.fix_line_breaks
        and not config.remove_control_chars
        and config.normalization is None
    )


#: The screen of each ftfy configuration asked about (None: no screen, every text goes to ftfy).
_SCREENS: dict[ftfy.TextFixerConfig, re.Pattern[str] | None] = {}


def _screen(config: ftfy.TextFixerConfig) -> re.Pattern[str] | None:
    found = _SCREENS.get(config, _SCREENS)
    if found is not _SCREENS:
        return found  # type: ignore[return-value]
    from ftfy import badness  # noqa: PLC0415 - start-up: ftfy loads with the first text worth its look

    try:
        pattern = screen_pattern(badness.BADNESS_RE.pattern, badness.BADNESS_RE.flags)
    except (AttributeError, TypeError, ValueError, re.error):  # another parser's shape: no screen
        pattern = None
    screen = re.compile(pattern) if pattern is not None and _only_the_four_steps(config) else None
    _SCREENS[config] = screen
    return screen


def is_ready() -> bool:
    """Whether a screen is built (ftfy loaded): asking it then costs one scan, not an import."""
    return bool(_SCREENS)


def ftfy_may_change(text: str, config: ftfy.TextFixerConfig) -> bool:
    """False only when ``ftfy.fix_and_explain(text, config)`` would return ``text`` unchanged.

    The first call imports ftfy (about 50 ms) and builds the screen (about 12 ms).
    """
    screen = _screen(config)
    return screen is None or screen.search(text) is not None
