"""The core types every rule and report shares.

An :class:`Edit` replaces a span of the document text; a :class:`Fix` is a set of
edits that must be applied together, with an :class:`Applicability` saying when the
engine may apply it; a :class:`Finding` is one spotted artifact. Offsets are 0-based
code-point indices into the text the caller gave; line and column exist only in
reports.
"""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass, field


class Category(str, enum.Enum):
    """The fixed set of artifact families; every rule belongs to exactly one."""

    ENCODING = "encoding"
    BOILERPLATE = "boilerplate"
    FUSED_WORD = "fused-word"
    NAME_VARIANT = "name-variant"
    PUNCTUATION = "punctuation"
    SPACING = "spacing"
    GRAMMAR = "grammar"
    SUPPRESSION = "suppression"
    LANGUAGE = "language"

    def __str__(self) -> str:
        return self.value


class Applicability(str, enum.Enum):
    """When the engine may apply a fix.

    ``safe``: applied by ``textfix fix``; the benchmark shows it is right essentially
    always. ``unsafe``: applied only with ``--unsafe-fixes``; usually right, but a
    human should be able to opt out. ``display``: shown as a suggestion, never applied
    (there is no single right repair).
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"

    def __str__(self) -> str:
        return self.value


class FixAvailability(str, enum.Enum):
    """What a rule declares about the fixes its findings carry."""

    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement`` (deletion: empty replacement)."""

    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            msg = f"invalid edit span {self.start}..{self.end}"
            raise ValueError(msg)

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        """An edit that removes ``text[start:end]``."""
        return cls(start, end, "")

    @classmethod
    def insert(cls, at: int, text: str) -> Edit:
        """An edit that inserts ``text`` before offset ``at``."""
        return cls(at, at, text)


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits applied all together or not at all, with their applicability."""

    edits: tuple[Edit, ...]
    applicability: Applicability

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.edits))
        for before, after in itertools.pairwise(ordered):
            if after.start < before.end:
                msg = f"a fix's own edits overlap: {before} and {after}"
                raise ValueError(msg)
        object.__setattr__(self, "edits", ordered)

    @classmethod
    def safe(cls, *edits: Edit) -> Fix:
        """A fix applied by default."""
        return cls(edits, Applicability.SAFE)

    @classmethod
    def unsafe(cls, *edits: Edit) -> Fix:
        """A fix applied only with ``--unsafe-fixes``."""
        return cls(edits, Applicability.UNSAFE)

    @classmethod
    def display(cls, *edits: Edit) -> Fix:
        """A suggestion that is never applied."""
        return cls(edits, Applicability.DISPLAY)

    @property
    def span(self) -> tuple[int, int]:
        """The smallest span that covers every edit."""
        return self.edits[0].start, max(e.end for e in self.edits)


@dataclass(frozen=True, slots=True)
class Finding:
    """One spotted artifact: which rule, where, why, and how to repair it if known."""

    code: str
    name: str
    category: Category
    start: int
    end: int
    message: str
    fix: Fix | None = field(default=None)
    #: A statistical rule's calibrated probability that the finding is right (``None``: a deterministic rule).
    confidence: float | None = field(default=None)
    #: Facts a rule reports beside the message, as ``(key, value)`` pairs (the language
    #: family's ``("language", "de")``); JSON and SARIF carry them as an object.
    properties: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            msg = f"invalid finding span {self.start}..{self.end}"
            raise ValueError(msg)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Document order, then rule code."""
        return (self.start, self.end, self.code)
