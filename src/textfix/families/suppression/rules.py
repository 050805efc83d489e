"""Rules about textfix's own directives in the text (code family ``TF``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textfix.core.rule import Rule
from textfix.model import Category, Finding, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document


class UnusedSuppression(Rule):
    """Report suppression directives that silence nothing.

    What it does: flags a ``textfix: off``/``on``/``ignore[...]`` directive (HTML
    comment or, in plain text, a bare line) that silenced no finding, and names in
    ``ignore[...]`` that match no rule at all. A name matching only rules that did
    not run (not selected) is left alone.

    Why it happens: the artifact the directive was written for was repaired, or the
    rule list was misspelled (``ignore[BP1O1]`` silences nothing), and a stale
    directive hides whatever artifact lands in its region later.

    Example: ``<!-- textfix: ignore[BP102] -->`` above a paragraph holding no
    ``Source link`` line; an ``<!-- textfix: on -->`` with no ``off`` before it.

    Fix safety: unsafe (``--unsafe-fixes``): the fix deletes the directive line (both
    lines of an unused ``off``/``on`` pair), or drops the unused names from the
    brackets. Unsafe because the directive may be meant for rules another
    configuration runs. Category ``boilerplate``: a stale directive is leftover text
    that is not content, repaired by deleting its line, like other boilerplate.

    The findings are produced by the engine (:mod:`textfix.core.suppress`) after every
    other rule has run; this class carries the code, the documentation and the
    selection (``--ignore TF001`` turns the reports off).
    """

    code = "TF001"
    name = "unused-suppression"
    category = Category.SUPPRESSION
    summary = "suppression directive that silences nothing"
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterable[Finding]:
        """Nothing here: :func:`textfix.core.suppress.apply` reports unused directives."""
        del doc
        return ()


RULES: tuple[type[Rule], ...] = (UnusedSuppression,)
