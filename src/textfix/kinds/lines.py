"""The ``lines`` kind: remove whole lines that match a phrase list (boilerplate).

A pack rule of this kind lists ``phrases`` (exact lines) and optional ``patterns``
(regular expressions that must match the whole normalised line). Matching ignores
case, runs of spaces and trailing punctuation, so ``Please enter your comment!``
also matches ``please  enter your comment``.

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

from collections.abc import Container, Iterable, Sequence
from typing import TYPE_CHECKING

import regex

from textfix.model import Applicability, Category, Edit, Finding, Fix, FixAvailability
from textfix.rule import Rule

if TYPE_CHECKING:
    from textfix.document import Document, Line
    from textfix.packs import RuleSpec

_SPACES = regex.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
#: Characters ignored at the end of a line (and spaces at both ends).
TRAILING_PUNCTUATION = " \t.,:;!?…·|»«›‹>-–—_*•/\\"
#: Lines longer than this many code points (before normalising) are never looked up.
MAX_LINE = 300


def normalise(line: str) -> str:
    """The key a line is matched by: case-folded, spaces collapsed, trailing punctuation dropped.

    >>> normalise("  Please   enter your COMMENT!  ")
    'please enter your comment'
    """
    return _SPACES.sub(" ", line).strip().casefold().rstrip(TRAILING_PUNCTUATION)


def is_blank(line: Line) -> bool:
    """Whether a line holds only white space."""
    return not line.text.strip()


def removal_edit(doc: Document, index: int, removable: Container[int] = ()) -> Edit:
    """The edit that removes line ``index`` and collapses the blank lines around it.

    ``removable`` holds the indices of other lines that rules want removed too, so a
    block of boilerplate at the top or the bottom of a document goes with the blank
    lines between its lines, even though each line is its own finding.
    """
    lines = doc.lines
    line = lines[index]
    line_end = line.end + len(line.ending)

    def kept(i: int) -> bool:
        return not is_blank(lines[i]) and i not in removable

    after = index + 1
    while after < len(lines) and is_blank(lines[after]):
        after += 1
    before = index - 1
    while before >= 0 and is_blank(lines[before]):
        before -= 1
    if not any(kept(i) for i in range(index + 1, len(lines))):
        # In the trailing block: take the blank run before; the last one takes the rest.
        start = 0 if before < 0 else lines[before].end + len(lines[before].ending)
        end = len(doc.text) if after == len(lines) else line_end
        return Edit(start, end, "")
    if not any(kept(i) for i in range(index)):
        # In the leading block: take the blank run after (and any before the first line).
        return Edit(0 if before < 0 else line.start, lines[after].start, "")
    if before < index - 1:
        # Between blank runs: the run after goes too.
        return Edit(line.start, lines[after].start, "")
    return Edit(line.start, line_end, "")


class LinesRule(Rule):
    """A pack rule that removes whole lines matching its phrases or patterns."""

    fix_availability = FixAvailability.ALWAYS

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

    def prepare(self, selected: Sequence[Rule]) -> None:
        """Share one matcher among every selected ``lines`` rule."""
        if self._matcher is not None:
            return
        peers = [rule for rule in selected if isinstance(rule, LinesRule)]
        matcher = LinesMatcher(peers)
        for peer in peers:
            peer._matcher = matcher

    def check(self, doc: Document) -> Iterable[Finding]:
        """Findings for the lines the shared matcher assigned to this rule."""
        if self._matcher is None:
            self.prepare([self])
        assert self._matcher is not None
        matcher = self._matcher
        matches, removable = doc.memo(matcher, lambda: matcher.scan(doc))
        for index in matches.get(self.code, ()):
            line = doc.lines[index]
            fix = Fix((removal_edit(doc, index, removable),), self.applicability)
            yield self.finding(line.start, line.end, f"{self.summary}: remove this line", fix)


class LinesMatcher:
    """One combined matcher over the phrases and patterns of many ``lines`` rules."""

    def __init__(self, rules: Sequence[LinesRule]) -> None:
        self.by_phrase: dict[str, str] = {}
        self.longest = 0
        alternatives = []
        self.group_codes: dict[str, str] = {}
        for rule in rules:
            for phrase in rule.phrases:
                key = normalise(phrase)
                self.by_phrase.setdefault(key, rule.code)
                self.longest = max(self.longest, len(phrase))
            for number, pattern in enumerate(rule.patterns):
                group = f"r{len(self.group_codes)}_{number}"
                self.group_codes[group] = rule.code
                alternatives.append(f"(?P<{group}>{pattern})")
        self.pattern = regex.compile("|".join(alternatives), regex.IGNORECASE) if alternatives else None
        self.limit = MAX_LINE if self.pattern is not None else min(MAX_LINE, 2 * self.longest + 16)

    def scan(self, doc: Document) -> tuple[dict[str, list[int]], frozenset[int]]:
        """Rule code -> indices of the lines it matches, in one pass; and all those indices."""
        found: dict[str, list[int]] = {}
        limit = self.limit
        by_phrase = self.by_phrase
        pattern = self.pattern
        for index, line in enumerate(doc.lines):
            text = line.text
            if not text or len(text) > limit:
                continue
            key = normalise(text)
            if not key:
                continue
            code = by_phrase.get(key)
            if code is None and pattern is not None:
                match = pattern.fullmatch(key)
                if match is not None and match.lastgroup is not None:
                    code = self.group_codes[match.lastgroup]
            if code is not None:
                found.setdefault(code, []).append(index)
        return found, frozenset(i for indices in found.values() for i in indices)


def from_spec(spec: RuleSpec) -> Rule:
    """Build a ``lines`` rule from its pack entry (keys: ``phrases``, ``patterns``)."""
    spec.check_keys(frozenset({"phrases", "patterns"}))
    phrases = spec.string_list("phrases")
    patterns = spec.string_list("patterns")
    if not phrases and not patterns:
        raise spec.error("phrases", "a lines rule needs 'phrases' or 'patterns'")
    for phrase in phrases:
        if not normalise(phrase):
            raise spec.error("phrases", f"{phrase!r} is empty once normalised")
    for pattern in patterns:
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise spec.error("patterns", f"{pattern!r} is not a valid regular expression: {exc}") from None
    rule = LinesRule(phrases, patterns, spec.applicability())
    return spec.apply_common(rule, Category.BOILERPLATE)
