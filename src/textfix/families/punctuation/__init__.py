"""Quote damage and doubled punctuation (``PU``)."""

from textfix.core.family import Family
from textfix.families.punctuation.doubled import DoubledPunctuation
from textfix.families.punctuation.rules import RULES
from textfix.model import Category

FAMILY = Family(
    category=Category.PUNCTUATION,
    prefix="PU",
    rules=(*RULES, DoubledPunctuation),
    aliases=("quotes",),
)
