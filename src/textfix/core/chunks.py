"""Whitespace-delimited chunks of a document, screened once for every rule family that asks.

Word-level rules (lower-case proper adjectives) first ask of each chunk of a
document (a run of non-space characters, as ``str.split()`` gives them) whether it could
hold anything for them. The answer depends on the chunk alone, never on the document
around it, so the chunks no screen claims are remembered across documents (a bounded
memory in two generations) and skipped in C: one compiled pass
(:func:`textfix.native.unseen_chunks`) makes a str of each distinct chunk only, looks it up in
the memory and returns the rest. A document then costs that one pass however many families
screen it, and only chunks not seen before are looked at in Python.

A family registers its screen at import time with :func:`register` and reads the chunks
claimed in a document with :func:`claimed`. A screen must claim every chunk its rules
could act on (it may claim more: the rules look again). A family whose unit is smaller
than a chunk keeps its own :class:`PlainMemory` of the units it found plain (the fused-word
family: the scanner's letter runs, which need no split of their own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textfix import native
from textfix.core.views import View

if TYPE_CHECKING:
    from textfix.core.document import Document

#: Whether a chunk could hold something for one family.
Screen = Callable[[str], bool]

#: Most chunks remembered as plain in each of the two generations (about 10 MB each when full).
GENERATION_LIMIT = 100_000
#: Longer chunks (URLs, code, blobs) are not remembered: they seldom recur and would cost memory.
PLAIN_MAX_LENGTH = 40

_SCREENS: list[Screen] = []


class PlainMemory:
    """Strings known to be plain (no screen claims them), in two generations: memory bounded, frequent ones stay.

    New plain strings, and old ones seen again, go to the young generation; when it is
    full it becomes the old one and the previous old one is dropped. A string used now and
    then is never forgotten; one seen once is, after two generations. The chunk screen keeps
    one for chunks; the fused-word family keeps one for letter runs (its screen).
    """

    def __init__(self) -> None:
        self.young: set[str] = set()
        self.old: set[str] = set()

    def unknown(self, chunks: set[str]) -> set[str]:
        """The ``chunks`` not remembered as plain (those remembered in the old generation move to the young one)."""
        rest = chunks - self.young
        if self.old and rest:
            seen_before = rest & self.old
            rest -= seen_before
            self.add(seen_before)
        return rest

    def add(self, chunks: Iterable[str]) -> None:
        """Remember ``chunks`` as plain."""
        self.young.update(chunks)
        if len(self.young) > GENERATION_LIMIT:
            self.old, self.young = self.young, set()

    def clear(self) -> None:
        """Forget everything."""
        self.young.clear()
        self.old.clear()


_plain = PlainMemory()


def register(screen: Screen) -> Screen:
    """Add a family's screen (usable as a decorator); what was remembered as plain is forgotten."""
    _SCREENS.append(screen)
    _plain.clear()
    return screen


def _compute_claimed(doc: Document) -> frozenset[str]:
    """The chunks of ``doc`` that some screen claims (computed once per document).

    Each screen runs over the new chunks in one ``filter`` (screens are predicates of the
    chunk alone, so the union is the same as asking them in turn, chunk by chunk).
    """
    fresh, recalled = native.unseen_chunks(doc.text, _plain.young, _plain.old)
    _plain.add(recalled)
    claimed_chunks: set[str] = set()
    for screen in _SCREENS:
        claimed_chunks.update(filter(screen, fresh))
    _plain.add(chunk for chunk in fresh if len(chunk) <= PLAIN_MAX_LENGTH and chunk not in claimed_chunks)
    return frozenset(claimed_chunks)


#: The chunks of ``doc`` that some screen claims. (a view).
claimed: View[frozenset[str]] = View("chunks.claimed", _compute_claimed)
