"""Options of ``[tool.textfix.language]``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textfix.errors import ConfigError


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
    paragraph_at: float = 0.8
    sentence_at: float = 0.9
    caption_at: float = 1.0
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

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> LanguageOptions:
        """Read the option table (kebab-case keys); an unknown key or a bad value is an error."""
        fields = {f.name.replace("_", "-"): f for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in table.items():
            field = fields.get(key)
            if field is None:
                msg = f"[tool.textfix.language]: unknown option {key!r}; known: {', '.join(sorted(fields))}"
                raise ConfigError(msg)
            if field.name == "expected":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    msg = f"[tool.textfix.language]: 'expected' must be a list of language codes, not {value!r}"
                    raise ConfigError(msg)
                kwargs[field.name] = tuple(value)
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                msg = f"[tool.textfix.language]: {key!r} must be a number, not {value!r}"
                raise ConfigError(msg)
            kwargs[field.name] = value
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as exc:
            msg = f"[tool.textfix.language]: {exc}"
            raise ConfigError(msg) from None
