"""Rules of the name-variant family (to be filled in by its issue)."""

from __future__ import annotations

from textfix.packs import KindFactory
from textfix.rule import Rule

RULES: tuple[type[Rule], ...] = ()
#: Pack kinds this family adds (``kind: names`` packs in ``rules/names/``).
KINDS: dict[str, KindFactory] = {}
