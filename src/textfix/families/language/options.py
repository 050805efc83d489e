"""Options of ``[tool.textfix.language]`` (read and validated by :mod:`textfix.core.options`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageOptions:
    """Options of ``[tool.textfix.language]``.

    Attributes:
        min_chars: a stretch of prose shorter than this (letters, spaces and
            punctuation) is never reported as a leftover (LG101).
        paragraph_at: the identifier's probability a leftover of 60 characters or more needs.
        sentence_at: the probability a leftover of 30 to 59 characters needs.
        caption_at: the probability a leftover of ``min_chars`` to 29 characters needs.
        expected: languages the documents are written in by design (``["en", "fr"]``
            for a bilingual corpus): never reported as leftovers.
        min_script_letters: a run of another script needs this many letters (LG102).
    """

    min_chars: int = 20
    # Chosen on half A of ``python -m bench language`` (the floor of 0.5: the identifier gives the
    # foreign language most of its probability); half B measured them (docs/language.md).
    paragraph_at: float = 0.5
    sentence_at: float = 0.5
    caption_at: float = 0.5
    expected: tuple[str, ...] = ()
    min_script_letters: int = 12

    def __post_init__(self) -> None:
        for name in ("min_chars", "min_script_letters"):
            if getattr(self, name) < 1:
                msg = f"{name.replace('_', '-')!r} must be a positive integer, not {getattr(self, name)!r}"
                raise ValueError(msg)
        for name in ("paragraph_at", "sentence_at", "caption_at"):
            if not 0 <= getattr(self, name) <= 1:
                msg = f"{name.replace('_', '-')!r} must be a number from 0 to 1, not {getattr(self, name)!r}"
                raise ValueError(msg)
