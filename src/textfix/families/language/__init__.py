"""Untranslated leftovers (``LG``): prose left in another language than the document's.

LG101 finds stretches the statistical identifier puts in another language; LG102 finds
runs of another writing system. Both only report. The language identification itself
(the document's language, shared with every family) lives in :mod:`textfix.lang`.
"""

from textfix.core.family import Family
from textfix.families.language.options import LanguageOptions
from textfix.families.language.rules import RULES
from textfix.model import Category

FAMILY = Family(
    category=Category.LANGUAGE,
    prefix="LG",
    rules=RULES,
    options=LanguageOptions,
)
