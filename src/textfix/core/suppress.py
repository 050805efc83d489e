"""Inline suppression directives, and reports of the ones that suppress nothing.

A directive is a line of its own. In Markdown it is an HTML comment (invisible once
rendered); in plain text the comment form works too, and so does the bare form::

    <!-- textfix: off -->                  textfix: off
    <!-- textfix: on -->                   textfix: on
    <!-- textfix: ignore[BP101,fused-word] -->   textfix: ignore[BP101,fused-word]
    <!-- textfix: ignore -->                textfix: ignore

``off`` ... ``on`` silences every rule between the two lines (to the end of the text
when ``on`` is missing). ``ignore[...]`` silences the listed rules in the next block:
the lines after the directive (blank lines skipped) up to the next blank line.
Selectors are those of ``--select``: codes, code prefixes, names, categories or
``ALL``; a bare ``ignore`` means every rule. A finding is silenced when it starts in
the region. Directives inside Markdown code blocks, math blocks and front matter are
text, not directives.

A directive that silences nothing is reported by rule ``TF001``
(:class:`textfix.families.suppression.rules.UnusedSuppression`), like ruff's unused ``noqa``: a
selector is unused when it names a rule that ran and no finding of that rule was
silenced; a selector that names no rule at all is reported as unknown; a selector
naming only rules that did not run (not selected), or a category without rules, is
left alone.
"""

from __future__ import annotations

import abc
import bisect
import enum
from collections.abc import Iterable, Sequence

import msgspec
import regex

from textfix.core import markup
from textfix.core.document import Document, TextFormat
from textfix.core.patterns import lazy_regex
from textfix.core.rule import Rule
from textfix.core.views import View
from textfix.model import Category, Finding

#: The marker every directive holds (the cheap prefilter).
MARKER = "textfix:"

_BODY = r"textfix:[ \t]*(?P<verb>off|on|ignore)(?:\[(?P<selectors>[^\]\n]*)\])?"
_COMMENT_FORM = lazy_regex(rf"[ \t]*<!--[ \t]*{_BODY}[ \t]*-->[ \t]*")
_PLAIN_FORM = lazy_regex(rf"[ \t]*{_BODY}[ \t]*")
_CODE_PREFIX = regex.compile(r"[A-Z]{1,3}[0-9]{0,3}")
CATEGORY_NAMES = frozenset(c.value for c in Category)


class Verb(str, enum.Enum):
    """What a directive asks for."""

    OFF = "off"
    ON = "on"
    IGNORE = "ignore"


class Directive(msgspec.Struct, frozen=True):
    """One directive line.

    Attributes:
        verb: off, on or ignore.
        line: index of its line in ``Document.lines``.
        selectors: the rules it names (empty: every rule).
        selectors_span: offsets of the text between the brackets (``None``: no brackets).
    """

    verb: Verb
    line: int
    selectors: tuple[str, ...]
    selectors_span: tuple[int, int] | None


class Suppression(msgspec.Struct):
    """A region where some rules are silenced, and what it silenced."""

    directive: Directive
    start: int
    end: int
    closer: Directive | None = None
    used: set[str] = msgspec.field(default_factory=set)

    def silencing(self, finding: Finding) -> list[str]:
        """The selectors of this region that silence ``finding`` (``[""]``: a directive for every rule)."""
        if not self.start <= finding.start <= self.end:
            return []
        if not self.directive.selectors:
            return [""]
        return [s for s in self.directive.selectors if matches(s, finding.code, finding.name, finding.category.value)]


def matches(selector: str, code: str, name: str, category: str) -> bool:
    """Whether a selector names a rule (the forms ``--select`` accepts, without packs)."""
    if selector in ("ALL", code, name, category):
        return True
    return bool(_CODE_PREFIX.fullmatch(selector)) and code.startswith(selector)


def parse_directives(doc: Document) -> tuple[Directive, ...]:
    """Every directive line of ``doc`` (a view: parsed once per document)."""
    return _directives(doc)


def _parse(doc: Document) -> tuple[Directive, ...]:
    if MARKER not in doc.text:
        return ()
    forms = (_COMMENT_FORM,) if doc.format is TextFormat.MARKDOWN else (_COMMENT_FORM, _PLAIN_FORM)
    verbatim = markup.verbatim_spans(doc.text, doc.format)
    found: list[Directive] = []
    for index, line in enumerate(doc.lines):
        if MARKER not in line.text:
            continue
        match = next((m for form in forms if (m := form.fullmatch(line.text)) is not None), None)
        if match is None or any(start <= line.start < end for start, end in verbatim):
            continue
        raw = match.group("selectors")
        selectors = tuple(part.strip() for part in (raw or "").split(",") if part.strip())
        span = None
        if raw is not None:
            span = (line.start + match.start("selectors"), line.start + match.end("selectors"))
        found.append(Directive(Verb(match.group("verb")), index, selectors, span))
    return tuple(found)


_directives: View[tuple[Directive, ...]] = View("suppress.directives", _parse)


def _regions(doc: Document, directives: Sequence[Directive]) -> tuple[list[Suppression], list[Directive]]:
    """Suppression regions, and the directives that open nothing (stray ``on``, repeated ``off``)."""
    lines = doc.lines
    regions: list[Suppression] = []
    stray: list[Directive] = []
    open_off: Suppression | None = None
    for directive in directives:
        line = lines[directive.line]
        if directive.verb is Verb.OFF:
            if open_off is not None:
                stray.append(directive)
                continue
            open_off = Suppression(directive, line.start, len(doc.text))
            regions.append(open_off)
        elif directive.verb is Verb.ON:
            if open_off is None:
                stray.append(directive)
                continue
            open_off.end = line.end
            open_off.closer = directive
            open_off = None
        else:
            regions.append(Suppression(directive, line.start, _block_end(doc, directive.line)))
    return regions, stray


def _block_end(doc: Document, index: int) -> int:
    """The end of the block after line ``index``: blank lines skipped, then up to a blank line."""
    lines = doc.lines
    number = index + 1
    while number < len(lines) and not lines[number].text.strip():
        number += 1
    if number == len(lines):
        return lines[index].end
    return lines[_paragraph_ends(doc)[number]].end


def _compute_paragraph_ends(doc: Document) -> list[int]:
    """For each line, the index of the last line of its run of non-blank lines."""
    lines = doc.lines
    ends = list(range(len(lines)))
    for number in range(len(lines) - 2, -1, -1):
        if lines[number + 1].text.strip():
            ends[number] = ends[number + 1]
    return ends


#: Once per document: an ``ignore`` block per directive scanned to its end made repeated directives quadratic.
_paragraph_ends: View[list[int]] = View("suppress.paragraph-ends", _compute_paragraph_ends)


def apply(doc: Document, findings: list[Finding], selected: Sequence[Rule], available: Sequence[Rule]) -> list[Finding]:
    """Drop the findings directives silence; add ``TF001`` findings for unused directives.

    ``selected`` are the rules that ran on ``doc``, ``available`` every known rule.
    """
    directives = parse_directives(doc)
    if not directives:
        return findings
    regions, stray = _regions(doc, directives)
    kept = _silence(findings, regions)
    reporter = next((rule for rule in selected if isinstance(rule, SuppressionReporter)), None)
    if reporter is not None:
        kept.extend(reporter.report(doc, regions, stray, selected, available))
        kept.sort(key=lambda f: f.sort_key)
    return kept


def _silence(findings: list[Finding], regions: Sequence[Suppression]) -> list[Finding]:
    """The findings no region silences; each region's ``used`` gets the selectors that silenced one.

    Per distinct selector, not per (finding, region) pair: repeated directives whose blocks
    all run to the end of the document made that product quadratic. A finding is silenced
    by a region whose span holds its start and one of whose selectors (``""``: every rule)
    matches it.
    """
    selectors = sorted({sel for region in regions for sel in (region.directive.selectors or ("",))})
    # Per selector: the starts of the findings it matches, and the merged spans of its regions.
    starts: dict[str, list[int]] = {sel: [] for sel in selectors}
    spans: dict[str, list[list[int]]] = {sel: [] for sel in selectors}
    for region in sorted(regions, key=lambda r: r.start):
        for sel in region.directive.selectors or ("",):
            merged = spans[sel]
            if merged and region.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], region.end)
            else:
                merged.append([region.start, region.end])
    span_starts = {sel: [a for a, _ in spans[sel]] for sel in selectors}
    kept: list[Finding] = []
    for finding in findings:
        silenced = False
        for sel in selectors:
            if sel and not matches(sel, finding.code, finding.name, finding.category.value):
                continue
            starts[sel].append(finding.start)
            index = bisect.bisect_right(span_starts[sel], finding.start) - 1
            if index >= 0 and finding.start <= spans[sel][index][1]:
                silenced = True
        if not silenced:
            kept.append(finding)
    for sel in selectors:
        starts[sel].sort()
    for region in regions:
        for sel in region.directive.selectors or ("",):
            at = starts[sel]
            index = bisect.bisect_left(at, region.start)
            if index < len(at) and at[index] <= region.end:
                region.used.add(sel)
    return kept


class SuppressionReporter(Rule, abc.ABC):
    """A rule that reports on the directives themselves, after every other rule has run.

    The engine calls :meth:`report` with the suppression regions (each knows which of
    its selectors silenced a finding) and the stray directives; its ordinary
    :meth:`check` finds nothing, since only after the other rules have run is it known
    what a directive silenced.
    """

    def check(self, doc: Document) -> Iterable[Finding]:
        """Nothing on its own: see :meth:`report`."""
        del doc
        return ()

    @abc.abstractmethod
    def report(
        self,
        doc: Document,
        regions: Sequence[Suppression],
        stray: Sequence[Directive],
        selected: Sequence[Rule],
        available: Sequence[Rule],
    ) -> list[Finding]:
        """The findings about ``doc``'s directives, given what each region silenced."""
