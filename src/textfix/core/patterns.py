"""Small scanning helpers several families share."""

from __future__ import annotations

import re


def literal_hits(patterns: tuple[re.Pattern[str], ...], text: str, shift: int = 0) -> list[int]:
    """Start offsets (plus ``shift``) of the matches of any of ``patterns``, in text order."""
    if len(patterns) == 1:
        return [match.start() + shift for match in patterns[0].finditer(text)]
    return sorted(match.start() + shift for pattern in patterns for match in pattern.finditer(text))
