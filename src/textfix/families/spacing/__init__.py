"""Broken spacing: around punctuation, doubled words, runs and trailing blanks (``SP``)."""

from textfix.core.family import Family
from textfix.families.spacing.rules import RULES
from textfix.model import Category

FAMILY = Family(
    category=Category.SPACING,
    prefix="SP",
    rules=RULES,
)
