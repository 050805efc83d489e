"""The ``lines`` kind: remove whole lines that match a phrase list (boilerplate).

A pack rule of this kind lists ``phrases`` (exact lines) and optional ``patterns``
(regular expressions that must match the whole normalised line). Matching ignores
case, runs of spaces, trailing punctuation and leading bullets, pipes or heading marks, so
``Please enter your comment!`` also matches ``please  enter your comment`` and ``• Share this:``
matches ``share this``.

All selected ``lines`` rules share one matcher: a dictionary from normalised phrase to
rule plus one combined alternation of every pattern, so a document costs one pass over
its short lines whatever the number of phrases or packs. A dictionary beats an
Aho-Corasick automaton here because a match must cover the whole line: one hash lookup
per line is the whole search.

When a line is removed, the blank lines around it collapse: a removed line between two
blank runs takes the blank run after it; a removed line at the end of the document
takes the blank lines before it.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Container, Iterable, Sequence
from typing import TYPE_CHECKING, cast

import msgspec
import regex

from textfix.core import pack_patterns
from textfix.core.patterns import lazy_regex
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.core.views import View
from textfix.errors import PackError
from textfix.model import Applicability, Category, Edit, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document, Line
    from textfix.core.packs import RuleSpec

#: Invisible characters that separate words like a space (``str.split`` does not see them).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_TO_SPACE = dict.fromkeys(map(ord, _INVISIBLE), " ")
#: Characters ignored at the end of a line (and spaces at both ends).
TRAILING_PUNCTUATION = " \t.,:;!?…·|»«›‹>-–—_*•/\\"
#: Characters ignored at the start of a line: list bullets, pipes, arrows, Markdown heading marks.
LEADING_MARKS = " \t*+•·|»«›‹>-–—#▶►→/"
#: Lines longer than this many code points (before normalising) are never looked up.
MAX_LINE = 300
#: Lines longer than this are looked up in the phrase table only, never matched against patterns.
MAX_PATTERN_LINE = 240
#: A matcher keeps its answer for this many distinct lines (then starts afresh).
MATCHES_KEPT = 1 << 13
#: What :meth:`LinesMatcher.match` answers when a pattern ran out of time (no match; not kept).
_TIMED_OUT = "\0timed-out"
#: What the matcher's kept answers give for a line not seen yet.
_UNSEEN = "\0unseen"


def normalise(line: str) -> str:
    """The key a line is matched by: case-folded, spaces collapsed, edge marks dropped.

    >>> normalise("  Please   enter your COMMENT!  ")
    'please enter your comment'
    >>> normalise("• Share this:")
    'share this'
    """
    if not line.isascii() and any(mark in line for mark in _INVISIBLE):
        line = line.translate(_INVISIBLE_TO_SPACE)  # a dict translate is slow: only when one is there
    return " ".join(line.split()).casefold().lstrip(LEADING_MARKS).rstrip(TRAILING_PUNCTUATION)


_ITEM_MARKS = frozenset("*+•·|»›>-–—#▶►→")
_CONTINUED = lazy_regex(r"[\w,\-–(]$")


def in_wrapped_paragraph(lines: Sequence[Line], index: int) -> bool:
    """Whether line ``index`` looks like part of a hard-wrapped paragraph.

    True when the line right above it (no blank line between) is long and stops
    mid-sentence, or when the line itself is long, stops mid-sentence and the next line
    follows it directly: then ``like this:`` or ``Copyright (c) 2014 IETF Trust and the``
    belongs to a wrapped sentence, not to a widget or a footer.
    """
    if lines[index].text.lstrip()[:1] in _ITEM_MARKS:
        return False  # a list item or a widget row, not a wrapped line
    if index > 0 and _stops_mid_sentence(lines[index - 1].text):
        return True
    return index + 1 < len(lines) and bool(lines[index + 1].text.strip()) and _stops_mid_sentence(lines[index].text)


def _stops_mid_sentence(text: str) -> bool:
    stripped = text.rstrip()
    return len(stripped) >= 50 and _CONTINUED.search(stripped) is not None


def is_blank(line: Line) -> bool:
    """Whether a line holds only white space."""
    return not line.text.strip()


def blank_lines(doc: Document) -> list[bool]:
    """Per line of ``doc``, whether it is blank (computed once per document)."""
    return doc.memo(("lines.blank",), lambda: [not line.text.strip() for line in doc.lines])


def removal_edit(doc: Document, index: int, removable: Container[int] = ()) -> Edit:
    """The edit that removes line ``index`` and collapses the blank lines around it.

    ``removable`` holds the indices of other lines that rules want removed too, so a
    block of boilerplate at the top or the bottom of a document goes with the blank
    lines between its lines, even though each line is its own finding.
    """
    first_kept, last_kept = _kept_bounds(doc, removable)
    return _edit(doc, index, first_kept, last_kept, _geometry(doc))


def _edit(doc: Document, index: int, first_kept: int, last_kept: int, geometry: _Geometry) -> Edit:
    """:func:`removal_edit`, given the first and last kept lines and the document's geometry."""
    lines = doc.lines
    line = lines[index]
    line_end = line.end + len(line.ending)
    after = geometry.after[index]
    before = geometry.before[index]
    if last_kept < index:
        # In the trailing block: take the blank run before; the last one takes the rest.
        start = 0 if before < 0 else lines[before].end + len(lines[before].ending)
        end = len(doc.text) if after == len(lines) else line_end
        return Edit(start, end, "")
    if first_kept > index:
        # In the leading block: take the blank run after (and any before the first line).
        return Edit(0 if before < 0 else line.start, lines[after].start, "")
    if before < index - 1:
        # Between blank runs: the run after goes too.
        return Edit(line.start, lines[after].start, "")
    return Edit(line.start, line_end, "")


def removal_edits(
    doc: Document, index: int, removable: Container[int], safe: Container[int] | None = None
) -> tuple[Edit, ...]:
    """:func:`removal_edit`, plus the blank run a safe fix leaves before a trailing block.

    For an unsafe fix (``safe`` = the lines that safe fixes remove): when the trailing
    block starts with lines that safe fixes remove, those fixes were computed as if the
    unsafe lines after them stayed, so they leave the blank lines above the block. The
    first unsafe line of the block takes them.
    """
    plan = _removal_plan(doc, removable, safe)
    if safe is not None and index not in safe and (planned := _trailing_edits(doc, plan).get(index)):
        return planned
    edit = _edit(doc, index, plan.first_kept, plan.last_kept, plan.geometry)
    if safe is None or index in safe:
        return (edit,)
    lines = doc.lines
    last_kept = plan.last_kept
    if last_kept > index:
        return (edit,)  # not in the trailing block
    # The lines between the last kept line and this one are blank or removed: the block so far.
    if plan.block is None:
        plan.block = _trailing_block(doc, safe, last_kept)
    first_text, first_unsafe = plan.block
    if first_unsafe < index:
        return (edit,)  # an earlier unsafe line of the block takes the blank run
    first = first_text if first_text < index else index
    i = last_kept
    if first == index or i < 0 or i + 1 == first:
        return (edit,)
    gap = Edit(lines[i].end + len(lines[i].ending), lines[first].start, "")
    return (gap, edit) if gap.end <= edit.start else (edit,)


class _RemovalPlan(msgspec.Struct):
    """What the removal edits of one set of removed lines share in a document (made once per set).

    Attributes:
        removable: the lines removed (the plan is for this very object).
        safe: the lines safe fixes remove (``None``: the edits of safe fixes).
        first_kept: the first line neither blank nor removed (:func:`_kept_bounds`).
        last_kept: the last one.
        geometry: the document's blank lines.
        trailing: the trailing block's edits per unsafe line (:func:`_trailing_plan`), once asked for.
        block: the trailing block's first line and first unsafe line (:func:`_trailing_block`), once asked for.
    """

    removable: Container[int]
    safe: Container[int] | None
    first_kept: int
    last_kept: int
    geometry: _Geometry
    trailing: dict[int, tuple[Edit, ...]] | None = None
    block: tuple[int, int] | None = None


def _removal_plan(doc: Document, removable: Container[int], safe: Container[int] | None) -> _RemovalPlan:
    """The plan of ``removable`` (and ``safe``) in ``doc``: one memo look-up per edit, not four."""
    key = ("lines.removal-plan", id(removable), id(safe))
    plan = cast("_RemovalPlan | None", doc._memo.get(key))
    if plan is None or plan.removable is not removable or plan.safe is not safe:  # new, or an id reused
        first_kept, last_kept = _kept_bounds(doc, removable)
        plan = _RemovalPlan(removable, safe, first_kept, last_kept, _geometry(doc))
        doc._memo[key] = plan
    return plan


def _trailing_edits(doc: Document, plan: _RemovalPlan) -> dict[int, tuple[Edit, ...]]:
    """The edits of each unsafe line of the trailing block, planned on the plan's first use.

    With unsafe fixes on, the trailing block (the lines after the last kept line, all
    removed) mixes safe fixes, computed as if the unsafe lines stayed, and unsafe ones.
    Together they must remove everything from the end of the last kept line to the end
    of the text, or the document ends in blank lines it did not have (and
    ``end-of-file-fixer`` fails after textfix in the same pre-commit run). So each
    unsafe line takes its own line and the stretches that no safe fix takes: a stretch
    (blank lines) goes to the nearest unsafe line below it, as a removed line takes the
    blank run above it; the stretch at the very end goes to the last one.
    """
    if plan.trailing is None:
        assert plan.safe is not None
        plan.trailing = _trailing_plan(doc, plan.removable, plan.safe)
    return plan.trailing


class _Geometry(msgspec.Struct, frozen=True):
    """Where the blank lines of a document are, for the removal edits (computed once per document).

    Attributes:
        before: per line, the index of the nearest non-blank line above it (``-1``: none).
        after: per line, the index of the nearest non-blank line below it (``len(lines)``: none).
        text_lines: the indices of the non-blank lines.
    """

    before: list[int]
    after: list[int]
    text_lines: list[int]


def _geometry(doc: Document) -> _Geometry:
    try:
        return cast("_Geometry", doc._memo[_GEOMETRY])
    except KeyError:
        pass
    blank = blank_lines(doc)
    n = len(blank)
    before, after = [-1] * n, [n] * n
    last = -1
    for i in range(n):
        before[i] = last
        if not blank[i]:
            last = i
    following = n
    for i in range(n - 1, -1, -1):
        after[i] = following
        if not blank[i]:
            following = i
    geometry = _Geometry(before, after, [i for i in range(n) if not blank[i]])
    doc._memo[_GEOMETRY] = geometry
    return geometry


_GEOMETRY = ("lines.geometry",)


def _kept_bounds(doc: Document, removable: Container[int]) -> tuple[int, int]:
    """The first and last line neither blank nor in ``removable`` (``len(lines)``, ``-1`` if none).

    Computed once per document and container (rules ask for every line they remove: a
    scan per line made 8,000 removed lines quadratic).
    """
    key = ("lines.kept-bounds", id(removable))
    cached = cast("tuple[Container[int], tuple[int, int]] | None", doc._memo.get(key))
    if cached is None or cached[0] is not removable:  # not computed, or an id reused by another set
        cached = (removable, _bounds(doc, removable))
        doc._memo[key] = cached
    return cached[1]


def _bounds(doc: Document, removable: Container[int]) -> tuple[int, int]:
    text_lines = _geometry(doc).text_lines
    first = next((i for i in text_lines if i not in removable), None)
    if first is None:
        return len(doc.lines), -1
    last = next(i for i in reversed(text_lines) if i not in removable)
    return first, last


def _trailing_block(doc: Document, safe: Container[int], last_kept: int) -> tuple[int, int]:
    """The first non-blank line after ``last_kept`` and the first such line not in ``safe``."""
    lines = doc.lines
    first_text = first_unsafe = len(lines)
    for i in range(last_kept + 1, len(lines)):
        if is_blank(lines[i]):
            continue
        first_text = min(first_text, i)
        if i not in safe:
            first_unsafe = i
            break
    return first_text, first_unsafe


def line_removers(selected: Sequence[Rule]) -> tuple[Rule, ...]:
    """The selected rules that remove whole lines (they have a ``removable_lines`` method)."""
    return tuple(rule for rule in selected if callable(getattr(rule, "removable_lines", None)))


def removable_lines(doc: Document, removers: tuple[Rule, ...], *, safe_only: bool) -> frozenset[int]:
    """Every line index one of ``removers`` removes in ``doc`` (only by safe fixes when ``safe_only``).

    Each line-removing rule passes this set to :func:`removal_edit`, so a block of
    boilerplate goes with its blank lines even when different rules take its lines,
    and a safe fix never counts on a line that only an unsafe fix would remove.
    """
    return _removal_view(removers, safe_only)(doc)


@functools.lru_cache(maxsize=64)
def _removal_view(removers: tuple[Rule, ...], safe_only: bool) -> View[frozenset[int]]:
    """One view per set of line-removing rules (and tier), shared by all of them."""

    def compute(doc: Document) -> frozenset[int]:
        out: set[int] = set()
        for rule in removers:
            out.update(rule.removable_lines(doc, safe_only=safe_only))  # type: ignore[attr-defined]
        return frozenset(out)

    return View("lines.removable-safe" if safe_only else "lines.removable", compute)


class LinesRule(Rule):
    """A pack rule that removes whole lines matching its phrases or patterns."""

    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def __init__(
        self,
        phrases: Sequence[str] = (),
        patterns: Sequence[str] = (),
        applicability: Applicability = Applicability.SAFE,
    ) -> None:
        self.phrases = tuple(phrases)
        self.patterns = tuple(patterns)
        self.applicability = applicability
        self._matcher: LinesMatcher | None = None
        self._removers: tuple[Rule, ...] = (self,)

    def prepare(self, selected: Sequence[Rule]) -> None:
        """Share one matcher among every selected ``lines`` rule."""
        self._removers = line_removers(selected) or (self,)
        if self._matcher is not None:
            return
        peers = [rule for rule in selected if isinstance(rule, LinesRule)]
        matcher = LinesMatcher(peers)
        for peer in peers:
            peer._matcher = matcher

    def scan(self, doc: Document) -> LinesScan:
        """The shared matcher's result for ``doc`` (computed once per document)."""
        if self._matcher is None:
            self.prepare([self])
        assert self._matcher is not None
        return self._matcher.view(doc)

    def removable_lines(self, doc: Document, *, safe_only: bool) -> frozenset[int]:
        """The lines every selected ``lines`` rule removes (by safe fixes only, if asked)."""
        found = self.scan(doc)
        return found.safe if safe_only else found.every

    def check(self, doc: Document) -> Iterable[Finding]:
        """Findings for the lines the shared matcher assigned to this rule."""
        found = self.scan(doc)
        indices = found.by_code.get(self.code, ())
        if not indices:
            return
        safe_only = self.applicability is Applicability.SAFE
        removable = removable_lines(doc, self._removers, safe_only=safe_only)
        safe = None if safe_only else removable_lines(doc, self._removers, safe_only=True)
        for index in indices:
            line = doc.lines[index]
            fix = Fix(removal_edits(doc, index, removable, safe), self.applicability)
            yield self.finding(line.start, line.end, f"{self.summary}: remove this line", fix)


class LinesScan(msgspec.Struct, frozen=True):
    """What one pass of a :class:`LinesMatcher` found in a document.

    Attributes:
        by_code: rule code -> indices of the lines it matches.
        safe: indices matched by rules whose fixes are safe.
        every: indices matched by any rule.
    """

    by_code: dict[str, list[int]]
    safe: frozenset[int]
    every: frozenset[int]


class LinesMatcher:
    """One combined matcher over the phrases and patterns of many ``lines`` rules."""

    def __init__(self, rules: Sequence[LinesRule]) -> None:
        #: This matcher's result per document (a view: one scan for every rule sharing it).
        self.view: View[LinesScan] = View("lines.scan", self.scan)
        self.by_phrase: dict[str, str] = {}
        self.longest = 0
        alternatives = []
        self.group_codes: dict[str, str] = {}
        self.unsafe_codes = frozenset(r.code for r in rules if r.applicability is not Applicability.SAFE)
        for rule in rules:
            for phrase in rule.phrases:
                key = normalise(phrase)
                self.by_phrase.setdefault(key, rule.code)
                self.longest = max(self.longest, len(phrase))
            for number, pattern in enumerate(rule.patterns):
                group = f"r{len(self.group_codes)}_{number}"
                self.group_codes[group] = rule.code
                alternatives.append(f"(?P<{group}>{pattern})")
        try:
            pack_patterns.check_total(alternatives)
        except pack_patterns.PatternRefusedError as exc:
            raise PackError("the selected lines packs", str(exc)) from None
        self.pattern = regex.compile("|".join(alternatives), regex.IGNORECASE) if alternatives else None
        self.limit = MAX_LINE if self.pattern is not None else min(MAX_LINE, 2 * self.longest + 16)
        #: Line text -> the code of the rule matching it (``None``: no rule).
        self._codes: dict[str, str | None] = {}

    def match(self, text: str) -> str | None:
        """The code of the rule whose phrase or pattern matches the line ``text`` (``_TIMED_OUT``: a pattern hung)."""
        key = normalise(text)
        if not key:
            return None
        code = self.by_phrase.get(key)
        if code is None and self.pattern is not None and len(key) <= MAX_PATTERN_LINE:
            try:
                match = self.pattern.fullmatch(key, timeout=pack_patterns.LINE_TIMEOUT)
            except TimeoutError:
                return _TIMED_OUT  # a pack pattern that backtracks for ever: no match, never a hang
            if match is not None and match.lastgroup is not None:
                code = self.group_codes[match.lastgroup]
        return code

    def scan(self, doc: Document) -> LinesScan:
        """Rule code -> indices of the lines it matches, in one pass over the document.

        Each distinct line is matched once (the answers for the last :data:`MATCHES_KEPT`
        distinct lines are kept): a site's chrome recurs in each of its pages, and every
        round of ``fix`` scans the document again.
        """
        found: dict[str, list[int]] = {}
        limit = self.limit
        codes = self._codes
        if len(codes) > MATCHES_KEPT:
            codes.clear()
        for index, line in enumerate(doc.lines):
            text = line.text
            if not text or len(text) > limit:
                continue
            code = codes.get(text, _UNSEEN)
            if code is _UNSEEN:
                code = self.match(text)
                if code is not _TIMED_OUT:
                    codes[text] = code
            if code is not None and code is not _TIMED_OUT and not in_wrapped_paragraph(doc.lines, index):
                found.setdefault(code, []).append(index)
        every = frozenset(i for indices in found.values() for i in indices)
        unsafe = self.unsafe_codes
        safe = frozenset(i for code, indices in found.items() if code not in unsafe for i in indices)
        return LinesScan(found, safe, every)


def from_spec(spec: RuleSpec) -> Rule:
    """Build a ``lines`` rule from its pack entry (keys: ``phrases``, ``patterns``)."""
    spec.check_keys(frozenset({"phrases", "patterns"}))
    phrases = spec.string_list("phrases")
    sources = spec.string_list("patterns")
    if not phrases and not sources:
        raise spec.error("phrases", "a lines rule needs 'phrases' or 'patterns'")
    for phrase in phrases:
        if not normalise(phrase):
            raise spec.error("phrases", f"{phrase!r} is empty once normalised")
    if not spec.shipped:  # a shipped pack's patterns are validated by the tests
        _validate_patterns(spec, sources)
    rule = LinesRule(phrases, sources, spec.applicability())
    return spec.apply_common(rule, Category.BOILERPLATE)


def _validate_patterns(spec: RuleSpec, sources: Sequence[str]) -> None:
    """Fail on the first pattern that is too long, refers back, or does not compile, naming it.

    Each is compiled here only to be validated (the matcher compiles them all as one), which
    is a third of a small file's regex compilation for the shipped packs: theirs are checked
    by the test suite instead (``tests/core/test_robustness.py``), not at every start.
    """
    for number, pattern in enumerate(sources, 1):
        try:
            pack_patterns.compile_pack_pattern(pattern, regex.IGNORECASE, allow_backreferences=False)
        except pack_patterns.PatternRefusedError as exc:
            raise spec.error("patterns", f"pattern {number} {exc}") from None
        except regex.error as exc:
            raise spec.error("patterns", f"{pattern!r} is not a valid regular expression: {exc}") from None


def _trailing_plan(doc: Document, removable: Container[int], safe: Container[int]) -> dict[int, tuple[Edit, ...]]:
    lines = doc.lines
    last_kept = next(
        (i for i in range(len(lines) - 1, -1, -1) if not is_blank(lines[i]) and i not in removable),
        -1,
    )
    block = [i for i in range(last_kept + 1, len(lines)) if not is_blank(lines[i])]
    unsafe = [i for i in block if i not in safe]
    if not unsafe:
        return {}
    start = 0 if last_kept < 0 else lines[last_kept].end + len(lines[last_kept].ending)
    taken: list[tuple[int, int]] = []
    for i in block:
        if i in safe:
            edit = removal_edit(doc, i, safe)
            taken.append((edit.start, edit.end))
        else:
            taken.append((lines[i].start, lines[i].end + len(lines[i].ending)))
    taken.sort()
    gaps = []
    pos = start
    for begin, end in taken:
        if begin > pos:
            gaps.append((pos, begin))
        pos = max(pos, end)
    if pos < len(doc.text):
        gaps.append((pos, len(doc.text)))
    spans = {i: [(lines[i].start, lines[i].end + len(lines[i].ending))] for i in unsafe}
    starts = [lines[i].start for i in unsafe]  # ascending, as the lines are
    for begin, end in gaps:
        below = bisect.bisect_left(starts, end)  # the first unsafe line at or after the stretch
        spans[unsafe[below] if below < len(unsafe) else unsafe[-1]].append((begin, end))
    return {i: _merged(sorted(pieces)) for i, pieces in spans.items()}


def _merged(spans: list[tuple[int, int]]) -> tuple[Edit, ...]:
    out: list[list[int]] = []
    for begin, end in spans:
        if out and begin <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([begin, end])
    return tuple(Edit(begin, end, "") for begin, end in out)
