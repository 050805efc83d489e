"""Small scanning helpers several families share, and patterns compiled on first use."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import regex


def literal_hits(patterns: tuple[re.Pattern[str], ...], text: str, shift: int = 0) -> list[int]:
    """Start offsets (plus ``shift``) of the matches of any of ``patterns``, in text order."""
    if len(patterns) == 1:
        return [match.start() + shift for match in patterns[0].finditer(text)]
    return sorted(match.start() + shift for pattern in patterns for match in pattern.finditer(text))


def prefix_trie(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words``, factored by prefix (``re`` then tries few branches).

    >>> prefix_trie(["an", "and", "as"])
    'a(?:n(?:d)?|s)'
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(sub) for char, sub in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + ("?" if ends else "")

    return build(tree)


class _LazyPattern:
    """A pattern compiled on its first use; from then on its methods are plain attributes.

    The first attribute looked up compiles the pattern and copies the compiled pattern's
    public attributes (bound C methods such as ``finditer``, and ``pattern``, ``flags``...)
    into this object's ``__dict__``: later look-ups find them there, with no Python-level
    call in the loops that use the pattern. Use it through the attributes only (not as an
    argument of ``re.sub`` and the like).
    """

    def __init__(self, compile_: Callable[[str, int], object], source: str, flags: int) -> None:
        self._compile = compile_
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self._compile(self._source, self._flags)
        for attribute in dir(compiled):
            if not attribute.startswith("_"):
                setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags})"


def lazy_regex(source: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(source, flags)``, compiled on first use (for a module-level pattern few documents need).

    Start-up: a module's patterns are compiled when it is imported, and ``regex`` compiles in
    Python (about 0.3 ms a pattern); one a small file never uses need not cost anything.
    """
    import regex  # noqa: PLC0415 - the modules calling this import it anyway; textfix.native's lazy_re need not

    return cast("regex.Pattern[str]", _LazyPattern(regex.compile, source, flags))


def lazy_re(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, compiled on first use (see :func:`lazy_regex`)."""
    return cast("re.Pattern[str]", _LazyPattern(re.compile, source, flags))
