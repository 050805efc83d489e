"""Traces of machine translation and LanguageTool's checks (``GR``)."""

from textfix.core.family import Family
from textfix.families.grammar.languagetool import Settings
from textfix.families.grammar.rules import RULES
from textfix.model import Category

FAMILY = Family(
    category=Category.GRAMMAR,
    prefix="GR",
    rules=RULES,
    options=Settings,
)
