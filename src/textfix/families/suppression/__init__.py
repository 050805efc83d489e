"""textfix's own directives in the text: unused suppressions (``TF``)."""

from textfix.core.family import Family
from textfix.families.suppression.rules import RULES
from textfix.model import Category

FAMILY = Family(
    category=Category.SUPPRESSION,
    prefix="TF",
    rules=RULES,
)
