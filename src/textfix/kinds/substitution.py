"""The ``substitution`` kind: a regular expression and its replacement.

A pack rule of this kind gives ``pattern`` (a `regex`-module expression), a
``replacement`` template (``\\1``, ``\\g<name>``) and optionally ``ignore-case`` and
``message``. Each match that the replacement changes is a finding whose fix rewrites
the match.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import regex

from textfix.core import pack_patterns
from textfix.core.patterns import lazy_regex
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.model import Applicability, Category, Edit, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document
    from textfix.core.packs import RuleSpec


_GROUP_REFERENCE = lazy_regex(r"\\(?P<number>[0-9]+)|\\g<(?P<name>\w+)>")


class SubstitutionRule(Rule):
    """A pack rule that rewrites every match of a pattern."""

    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def __init__(
        self, pattern: regex.Pattern[str], replacement: str, applicability: Applicability, message: str | None
    ) -> None:
        self.pattern = pattern
        self.replacement = replacement
        self.applicability = applicability
        self.message = message

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per match whose replacement differs from it."""
        matches = self.pattern.finditer(doc.text, timeout=pack_patterns.document_timeout(doc.text))
        while True:
            try:
                match = next(matches)
            except StopIteration:
                return
            except TimeoutError:
                return  # a pack pattern that backtracks for ever: what it found so far, never a hang
            start, end = match.span()
            new = match.expand(self.replacement)
            if new == match.group():
                continue
            message = self.message or f"{self.summary}: replace with {new!r}"
            yield self.finding(start, end, message, Fix((Edit(start, end, new),), self.applicability))


def from_spec(spec: RuleSpec) -> Rule:
    """Build a ``substitution`` rule (keys: ``pattern``, ``replacement``, ``ignore-case``, ``message``)."""
    spec.check_keys(frozenset({"pattern", "replacement", "ignore-case", "message"}))
    source = spec.string("pattern")
    flags = regex.IGNORECASE if spec.boolean("ignore-case", False) else 0
    try:
        pattern = pack_patterns.compile_pack_pattern(source, flags)
    except pack_patterns.PatternRefusedError as exc:
        raise spec.error("pattern", str(exc)) from None
    except regex.error as exc:
        raise spec.error("pattern", f"not a valid regular expression: {exc}") from None
    if pattern.search("") is not None:
        raise spec.error("pattern", "must not match the empty string")
    replacement = spec.string("replacement")
    for match in _GROUP_REFERENCE.finditer(replacement):
        ref = match.group("number") or match.group("name")
        known = int(ref) <= pattern.groups if ref.isdigit() else ref in pattern.groupindex
        if not known:
            raise spec.error("replacement", f"refers to group {ref!r}, which the pattern does not have")
    message = spec.get("message")
    if message is not None and not isinstance(message, str):
        raise spec.error("message", "must be a string")
    rule = SubstitutionRule(pattern, replacement, spec.applicability(), message)
    return spec.apply_common(rule, Category.PUNCTUATION)
