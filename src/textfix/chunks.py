"""Whitespace-delimited chunks of a document, screened once for every rule family that asks.

Word-level rules (fused words, lower-case proper adjectives) first ask of each chunk of a
document (a run of non-space characters, as ``str.split()`` gives them) whether it could
hold anything for them. The answer depends on the chunk alone, never on the document
around it, so the chunks no screen claims are remembered across documents in a bounded
set and skipped with one C-level set difference. A document then costs one split and one
set difference however many families screen it, and only chunks not seen before are
looked at in Python.

A family registers its screen at import time with :func:`register` and reads the chunks
claimed in a document with :func:`claimed`. A screen must claim every chunk its rules
could act on (it may claim more: the rules look again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textfix.document import Document

#: Whether a chunk could hold something for one family.
Screen = Callable[[str], bool]

#: Most chunks remembered as plain (about 20 MB when full); the memory starts over when full.
PLAIN_LIMIT = 200_000
#: Longer chunks (URLs, code, blobs) are not remembered: they seldom recur and would cost memory.
PLAIN_MAX_LENGTH = 40

_SCREENS: list[Screen] = []
#: Chunks that no registered screen claims.
_plain: set[str] = set()


def register(screen: Screen) -> Screen:
    """Add a family's screen (usable as a decorator); what was remembered as plain is forgotten."""
    _SCREENS.append(screen)
    _plain.clear()
    return screen


def claimed(doc: Document) -> frozenset[str]:
    """The chunks of ``doc`` that some screen claims (computed once per document)."""

    def compute() -> frozenset[str]:
        claimed_chunks: list[str] = []
        plain: list[str] = []
        for chunk in set(doc.text.split()) - _plain:
            if any(screen(chunk) for screen in _SCREENS):
                claimed_chunks.append(chunk)
            elif len(chunk) <= PLAIN_MAX_LENGTH:
                plain.append(chunk)
        _remember(plain)
        return frozenset(claimed_chunks)

    return doc.memo("chunks.claimed", compute)


def _remember(chunks: list[str]) -> None:
    """Add ``chunks`` to the plain set, starting it over when it would outgrow its limit."""
    if len(_plain) + len(chunks) > PLAIN_LIMIT:
        _plain.clear()
    if len(chunks) <= PLAIN_LIMIT:
        _plain.update(chunks)
