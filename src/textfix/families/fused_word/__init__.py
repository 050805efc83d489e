"""Words fused by lost spaces (``FW``): a segmentation model over every token, with calibrated confidence."""

from textfix.core.family import Family
from textfix.families.fused_word.rules import RULES, FusedWordOptions
from textfix.model import Category

FAMILY = Family(
    category=Category.FUSED_WORD,
    prefix="FW",
    rules=RULES,
    options=FusedWordOptions,
)
