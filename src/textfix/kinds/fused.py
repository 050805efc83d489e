"""The fused-word family now lives in :mod:`textfix.families.fused_word` (issue 14); this name stays for imports."""

from __future__ import annotations

from textfix.families.fused_word.rules import (
    RULES,
    CamelCaseJoin,
    LostSentenceBreak,
    PunctuationJoin,
    RunOnWords,
)

MissingSpaceAfterPunctuation = PunctuationJoin

__all__ = ["RULES", "CamelCaseJoin", "LostSentenceBreak", "MissingSpaceAfterPunctuation", "PunctuationJoin", "RunOnWords"]
