"""Encoding damage: mojibake, entities, control and invisible characters (``EN``)."""

from textfix.core.family import Family
from textfix.families.encoding.rules import RULES
from textfix.model import Category

FAMILY = Family(
    category=Category.ENCODING,
    prefix="EN",
    rules=RULES,
)
