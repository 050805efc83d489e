"""Rules of the quotes family (to be filled in by its issue)."""

from __future__ import annotations

from textfix.rule import Rule

RULES: tuple[type[Rule], ...] = ()
