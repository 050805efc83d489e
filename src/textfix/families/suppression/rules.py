"""Rules about textfix's own directives in the text (code family ``TF``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.core.suppress import CATEGORY_NAMES, Directive, Suppression, SuppressionReporter, Verb, matches
from textfix.kinds.lines import removal_edit
from textfix.model import Category, Edit, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document


class UnusedSuppression(SuppressionReporter):
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
    configuration runs. Not measured: whether another configuration needs the
    directive is not in the text, so no benchmark can score it.

    The engine (:mod:`textfix.core.suppress`) calls :meth:`report` after every other
    rule has run, with what each directive silenced (``--ignore TF001`` turns the
    reports off).
    """

    code = "TF001"
    name = "unused-suppression"
    category = Category.SUPPRESSION
    summary = "suppression directive that silences nothing"
    fix_availability = FixAvailability.SOMETIMES
    scope = DOCUMENT

    def report(
        self,
        doc: Document,
        regions: Sequence[Suppression],
        stray: Sequence[Directive],
        selected: Sequence[Rule],
        available: Sequence[Rule],
    ) -> list[Finding]:
        """A finding per stray directive, per region that silenced nothing, per unused or unknown name."""
        out: list[Finding] = []
        lines = doc.lines
        known: dict[tuple[str, int], bool] = {}

        def names(selector: str, rules: Sequence[Rule]) -> bool:
            # Once per selector (a document may repeat one directive thousands of times).
            key = (selector, id(rules))
            if key not in known:
                known[key] = _names_rule(selector, rules)
            return known[key]

        for directive in stray:
            line = lines[directive.line]
            what = "'on' without an open 'off'" if directive.verb is Verb.ON else "'off' inside an 'off' region"
            out.append(self.finding(line.start, line.end, f"unused suppression: {what}", _remove(doc, [directive])))
        for region in regions:
            directive = region.directive
            line = lines[directive.line]
            if not directive.selectors:
                if not region.used:
                    wanted = [directive] + ([region.closer] if region.closer is not None else [])
                    message = f"unused suppression: '{directive.verb.value}' silences no finding"
                    out.append(self.finding(line.start, line.end, message, _remove(doc, wanted)))
                continue
            unknown = [s for s in directive.selectors if s not in CATEGORY_NAMES and not names(s, available)]
            idle = [s for s in directive.selectors if s not in region.used and s not in unknown and names(s, selected)]
            if not unknown and not idle:
                continue
            parts = []
            if idle:
                parts.append(f"unused: {', '.join(idle)}")
            if unknown:
                parts.append(f"unknown rule: {', '.join(unknown)}")
            keep = [s for s in directive.selectors if s not in idle and s not in unknown]
            if keep and directive.selectors_span is not None:
                fix: Fix | None = Fix.unsafe(Edit(*directive.selectors_span, ",".join(keep)))
            elif keep:
                fix = None
            else:
                fix = _remove(doc, [directive])
            out.append(self.finding(line.start, line.end, f"unused suppression ({'; '.join(parts)})", fix))
        return out


def _names_rule(selector: str, rules: Sequence[Rule]) -> bool:
    return any(matches(selector, r.code, r.name, r.category.value) for r in rules)


def _remove(doc: Document, directives: Sequence[Directive]) -> Fix | None:
    """An unsafe fix deleting the directive lines (``None`` if the edits would collide)."""
    indices = frozenset(d.line for d in directives)
    try:
        return Fix.unsafe(*(removal_edit(doc, index, indices) for index in sorted(indices)))
    except ValueError:
        return None


RULES: tuple[type[Rule], ...] = (UnusedSuppression,)
