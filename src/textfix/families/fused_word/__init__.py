"""Words fused by lost spaces (``FW``)."""

from textfix.core.family import Family
from textfix.families.fused_word.rules import RULES
from textfix.model import Category

FAMILY = Family(
    category=Category.FUSED_WORD,
    prefix="FW",
    rules=RULES,
)
