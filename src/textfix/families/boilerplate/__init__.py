"""Site chrome the scraper kept: menus, share rows, prompts, footers (``BP``).

Phrase packs (``rules/boilerplate/*.yaml``, BP1xx) name known chrome; the edge rules
(BP2xx) judge line shapes at a document's edges; batch learning (BP301) finds lines a
site repeats across its pages.
"""

from textfix.core.family import Family
from textfix.families.boilerplate.rules import RULES, BoilerplateOptions
from textfix.model import Category

FAMILY = Family(
    category=Category.BOILERPLATE,
    prefix="BP",
    rules=RULES,
    options=BoilerplateOptions,
)
