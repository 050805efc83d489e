"""Site chrome the scraper kept: menus, share rows, prompts, footers (``BP``).

Phrase packs (``rules/boilerplate/*.yaml``, BP1xx) name known chrome; the edge rules
(BP2xx) judge line shapes at a document's edges; batch learning (BP301) finds lines a
site repeats across its pages; the chrome-line model (BP401) scores every line's
probability of being chrome (``line_features``, ``line_model``, ``chrome_line``).
"""

from textfix.core.family import Family
from textfix.families.boilerplate.chrome_line import RULES as CHROME_LINE_RULES
from textfix.families.boilerplate.rules import RULES, BoilerplateOptions
from textfix.model import Category

FAMILY = Family(
    category=Category.BOILERPLATE,
    prefix="BP",
    rules=(*RULES, *CHROME_LINE_RULES),
    options=BoilerplateOptions,
)
