"""The rule contract: metadata plus ``check(document) -> findings``.

Built-in rules are classes whose docstring is their documentation (sections: What it
does / Why it happens / Example / Fix safety). Pack rules are instances of a *kind*
(``lines``, ``substitution``, ...) created from YAML, documented by the pack's
``description``. Rules never print and never write files: they only look at a
:class:`~textfix.core.document.Document` and yield :class:`~textfix.model.Finding` objects.
"""

from __future__ import annotations

import abc
import inspect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import msgspec
import regex

from textfix.core.scope import DOCUMENT, Scope
from textfix.model import Category, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.confidence import Calibration
    from textfix.core.document import Document

#: Rule codes: two or three capitals for the family, three digits (``BP101``).
CODE_PATTERN = regex.compile(r"[A-Z]{2,3}[0-9]{3}")
#: Rule names: kebab-case.
NAME_PATTERN = regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class RuleExample(msgspec.Struct, frozen=True):
    """A test case a rule carries: ``input`` must become ``expected`` under ``fix``."""

    input: str
    expected: str
    unsafe: bool = False


class Rule(abc.ABC):
    """Base class of every rule.

    Subclasses set ``code``, ``name``, ``category``, ``summary`` and
    ``fix_availability`` (class attributes for built-in rules, instance attributes for
    pack rules) and implement :meth:`check`.
    """

    code: str
    name: str
    category: Category
    summary: str
    fix_availability: FixAvailability
    #: Off-by-default rules run only when selected explicitly.
    default_enabled: bool = True
    #: Where the rule comes from: ``builtin`` or a pack id such as ``boilerplate/wordpress``.
    pack: str = "builtin"
    #: Pack rules: the pack's ``description`` (built-in rules use their docstring).
    description: str | None = None
    #: Test cases run by the test suite (pack rules declare them in YAML).
    examples: tuple[RuleExample, ...] = ()
    #: A statistical rule's measured confidence tiers (``None``: a deterministic rule).
    calibration: Calibration | None = None
    #: What the findings depend on (:mod:`textfix.core.scope`): ``fix`` re-runs a local rule only on
    #: the paragraphs its edits touched. Every rule class declares it; the default is the safe one.
    scope: Scope = DOCUMENT

    @classmethod
    def create(cls, options: Any) -> Rule:
        """Build the rule from its family's options dataclass (``[tool.textfix.<family>]``)."""
        del options
        return cls()

    @property
    def documentation(self) -> str:
        """What ``textfix rule CODE`` prints."""
        if self.description:
            return self.description
        return inspect.getdoc(type(self)) or self.summary

    def prepare(self, selected: Sequence[Rule]) -> None:  # noqa: B027 - optional hook
        """Called once by the engine after selection, with every selected rule.

        A kind overrides it to share one matcher among all its selected rules, so a
        document costs one pass whatever the number of rules.
        """

    @abc.abstractmethod
    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield the findings of this rule in ``doc``."""

    def finding(
        self,
        start: int,
        end: int,
        message: str | None = None,
        fix: Fix | None = None,
        confidence: float | None = None,
        properties: tuple[tuple[str, str], ...] = (),
    ) -> Finding:
        """A finding of this rule (``message`` defaults to the rule's summary)."""
        return Finding(
            code=self.code,
            name=self.name,
            category=self.category,
            start=start,
            end=end,
            message=message if message is not None else self.summary,
            fix=fix,
            confidence=confidence,
            properties=properties,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code} {self.name}>"
