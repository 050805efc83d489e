"""One name spelled several ways: transliterations, exonyms, accent variants (``NV``)."""

from textfix.core.family import Family
from textfix.families.name_variant import accents, exonyms
from textfix.families.name_variant.rules import RULES, NameVariantOptions
from textfix.model import Category

FAMILY = Family(
    category=Category.NAME_VARIANT,
    prefix="NV",
    rules=(*RULES, *exonyms.RULES, *accents.RULES),
    options=NameVariantOptions,
    aliases=("names",),
)
