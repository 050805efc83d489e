"""The engine: load and select rules once, check documents, fix them to a fixpoint."""

from __future__ import annotations

import bisect
import functools
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from textfix.config import Config
from textfix.core import registry, suppress
from textfix.core.applier import AppliedFix, allowed_applicabilities, apply_fixes, shift_spans
from textfix.core.document import Document, TextFormat
from textfix.core.incremental import BlockCache
from textfix.core.rule import Rule
from textfix.errors import ConvergenceError, TextfixError
from textfix.model import Finding
from textfix.run import batch

#: How many check-and-fix rounds ``fix`` runs before giving up.
MAX_ITERATIONS = 10


class RuleError(TextfixError):
    """A rule raised an unexpected exception (a bug in the rule, reported with its code)."""


#: Soft time budget of one document: this many seconds of CPU time, plus :data:`TIME_BUDGET_PER_MB` per MB
#: of text (CPU, not wall-clock time: a loaded machine must not make a document fail).
TIME_BUDGET = 60.0
TIME_BUDGET_PER_MB = 60.0


class TimeBudgetError(TextfixError):
    """A document took longer than its soft time budget; it is left as it was."""


def time_budget(text: str) -> float:
    """Seconds ``check`` or ``fix`` may spend on ``text`` (checked between rules and rounds)."""
    return TIME_BUDGET + TIME_BUDGET_PER_MB * len(text) / 1e6


@dataclass(frozen=True, slots=True)
class FixResult:
    """What :meth:`Engine.fix` did.

    Attributes:
        text: the fixed text.
        applied: every fix applied, round by round (offsets refer to the text of
            the round that applied it).
        remaining: the findings left in the fixed text (unsafe or display fixes,
            findings with no fix).
        iterations: check-and-fix rounds run.
    """

    text: str
    applied: tuple[AppliedFix, ...]
    remaining: tuple[Finding, ...]
    iterations: int

    @property
    def changed(self) -> bool:
        """Whether any fix was applied."""
        return bool(self.applied)

    @property
    def codes(self) -> list[str]:
        """The codes of the rules whose fixes were applied, sorted, each once."""
        return sorted({applied.finding.code for applied in self.applied})


class Engine:
    """Rules loaded and selected once, for checking and fixing many documents.

    >>> engine = Engine()
    >>> engine.fix("Article text.\\n\\nSource link\\n").text
    'Article text.\\n'
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config if config is not None else Config()
        self.available: tuple[Rule, ...] = tuple(registry.load_rules(self.config))
        for selectors in (self.config.select or (), self.config.extend_select, self.config.ignore):
            registry.validate_selectors(selectors, self.available)
        self.rules: tuple[Rule, ...] = tuple(registry.select(self.available, self.config))
        #: Rules whose fixes may edit protected spans: suppression reporters remove unused directive comments.
        self.markup_owners = frozenset(r.code for r in self.available if isinstance(r, suppress.SuppressionReporter))
        self._per_path: dict[tuple[str, ...], tuple[Rule, ...]] = {(): self.rules}
        for rule in self.rules:
            rule.prepare(self.rules)

    def rules_for(self, path: str) -> tuple[Rule, ...]:
        """The selected rules minus those ``per-file-ignores`` turns off for ``path``."""
        ignores = self.config.ignores_for(path) if self.config.per_file_ignores else ()
        cached = self._per_path.get(ignores)
        if cached is None:
            cached = tuple(registry.select(self.rules, self.config, ignores))
            self._per_path[ignores] = cached
        return cached

    def document(self, text: str, path: str = "<string>", fmt: TextFormat | None = None) -> Document:
        """A :class:`Document` for ``text``."""
        return Document(text, path=path, fmt=fmt)

    def check(self, doc: Document | str, *, deadline: float | None = None) -> list[Finding]:
        """Every finding of the selected rules in ``doc``, in document order.

        Findings that touch non-prose spans (URLs, e-mail addresses, Markdown code)
        are dropped here, whatever the rule, and so are those silenced by
        suppression directives (:mod:`textfix.core.suppress`). Past ``deadline``
        (``time.process_time()``; default: :func:`time_budget` from now), checked after each
        rule, it raises :class:`TimeBudgetError`.
        """
        if isinstance(doc, str):
            doc = Document(doc)
        if deadline is None:
            deadline = time.process_time() + time_budget(doc.text)
        return self._check(doc, deadline, None)

    def _check(self, doc: Document, deadline: float, blocks: BlockCache | None) -> list[Finding]:
        """:meth:`check`, with the local rules' findings taken from ``blocks`` when given (``fix``'s rounds)."""
        rules = self.rules_for(doc.path)
        local: Iterator[list[Finding]] = iter(())
        if blocks is not None:

            def run_block(part: Document) -> list[list[Finding]]:
                out = []
                for rule in blocks.rules:
                    out.append([f for f in self._run(rule, part, doc) if _in_prose(part, f)])
                    _within_budget(doc, rule, deadline)
                return out

            local = iter(blocks.findings(doc, run_block))
        findings: list[Finding] = []
        for rule in rules:
            if blocks is not None and rule.scope.local:
                findings.extend(next(local))
                continue
            findings.extend(f for f in self._run(rule, doc, doc) if _in_prose(doc, f))
            _within_budget(doc, rule, deadline)
        findings.sort(key=lambda f: f.sort_key)
        return suppress.apply(doc, findings, rules, self.available)

    @staticmethod
    def _run(rule: Rule, doc: Document, whole: Document) -> list[Finding]:
        """``rule``'s findings in ``doc`` (``whole`` or a block of it), a failure raised as :class:`RuleError`."""
        try:
            return list(rule.check(doc))
        except TextfixError:
            raise
        except Exception as exc:
            detail = (str(exc).splitlines() or [""])[0][:200]  # one line, never the document
            msg = f"rule {rule.code} ({rule.name}) failed on {whole.path}: {type(exc).__name__}: {detail}"
            raise RuleError(msg) from exc

    def fix(self, doc: Document | str, *, unsafe: bool | None = None) -> FixResult:
        """Apply fixes, re-check, and repeat until nothing applicable is left.

        ``unsafe=None`` follows the configuration's ``unsafe-fixes``. Raises
        :class:`~textfix.errors.ConvergenceError` after :data:`MAX_ITERATIONS` rounds.
        After the first round, local rules re-check only the blocks of paragraphs the
        edits touched (:mod:`textfix.core.incremental`); the findings are those a full
        check would give.
        """
        if isinstance(doc, str):
            doc = Document(doc)
        allowed = allowed_applicabilities(unsafe=self.config.unsafe_fixes if unsafe is None else unsafe)
        applied: list[AppliedFix] = []
        deadline = time.process_time() + time_budget(doc.text)  # one budget for every round
        blocks = BlockCache([rule for rule in self.rules_for(doc.path) if rule.scope.local])
        for iteration in range(1, MAX_ITERATIONS + 1):
            findings = self._check(doc, deadline, blocks)
            new_text, done = apply_fixes(doc.text, findings, allowed, doc.non_prose, self.markup_owners)
            new_doc = doc.derive(new_text)
            while done and (lost := _unprotected(doc, new_doc, done)):
                # An edit next to a URL or code span changed what is protected (``0\x1fhttp://``
                # losing its boundary): drop the edits of that paragraph, keep the rest.
                kept = [f for f in findings if not _near(doc.text, lost, f)]
                if len(kept) == len(findings):  # the cause lies further away: apply nothing this round
                    taken = {id(a.finding) for a in done}
                    kept = [f for f in findings if id(f) not in taken]
                findings = kept
                new_text, done = apply_fixes(doc.text, findings, allowed, doc.non_prose, self.markup_owners)
                new_doc = doc.derive(new_text)
            if not done or new_text == doc.text:
                return FixResult(doc.text, tuple(applied), tuple(findings), iteration)
            applied.extend(done)
            blocks.advance(sorted({e for a in done if a.finding.fix for e in a.finding.fix.edits}), new_doc)
            doc = new_doc
        still = [f.code for f in self.check(doc) if f.fix is not None and f.fix.applicability in allowed]
        if not still:
            return FixResult(doc.text, tuple(applied), tuple(self.check(doc)), MAX_ITERATIONS)
        raise ConvergenceError(still, MAX_ITERATIONS)

    def __reduce__(self) -> tuple[type[Engine], tuple[Config]]:
        """Pickle as the configuration: the receiving process loads the rules once itself.

        This keeps an engine cheap to send to ``multiprocessing``, ``datasets.map``,
        Dask or Spark workers.
        """
        return (Engine, (self.config,))

    def fix_many(
        self, texts: Iterable[str], *, jobs: int | None = 1, unsafe: bool | None = None
    ) -> Iterator[FixResult]:
        """Fix many texts, yielding results in input order.

        ``jobs`` processes share the work (``None`` or ``0``: every core); each loads
        the rules once. ``texts`` is consumed lazily, so memory stays bounded whatever
        its length.
        """
        yield from batch.ordered_map(
            functools.partial(_fix_text, unsafe=unsafe), texts, functools.partial(Engine, self.config), jobs, len
        )

    def check_many(self, texts: Iterable[str], *, jobs: int | None = 1) -> Iterator[list[Finding]]:
        """Check many texts, yielding their findings in input order (see :meth:`fix_many`)."""
        yield from batch.ordered_map(_check_text, texts, functools.partial(Engine, self.config), jobs, len)

    def rule(self, code: str) -> Rule | None:
        """The available rule with this code or name, selected or not."""
        for rule in self.available:
            if code in (rule.code, rule.name):
                return rule
        return None


def _fix_text(engine: Engine, text: str, *, unsafe: bool | None) -> FixResult:
    return engine.fix(text, unsafe=unsafe)


def _check_text(engine: Engine, text: str) -> list[Finding]:
    return engine.check(text)


def _within_budget(doc: Document, rule: Rule, deadline: float) -> None:
    """Raise :class:`TimeBudgetError` once ``deadline`` has passed (``rule`` was the last one run)."""
    if time.process_time() > deadline:
        msg = (
            f"{doc.path}: gave up after its time budget of {time_budget(doc.text):.0f} s "
            f"({len(doc.text):,} characters; {rule.code} was the last rule run); left unchanged"
        )
        raise TimeBudgetError(msg)


def _unprotected(old: Document, new: Document, done: list[AppliedFix]) -> list[tuple[int, int]]:
    """The protected spans of ``old`` that ``new`` (``old`` with ``done`` applied) no longer protects."""
    if not old.non_prose:
        return []
    edits = sorted(e for applied in done if applied.finding.fix for e in applied.finding.fix.edits)
    lost = []
    for (start, end), moved in zip(old.non_prose, shift_spans(old.non_prose, edits), strict=True):
        if moved is None:
            continue  # removed on purpose (an unused directive)
        a, b = moved
        index = bisect.bisect_right(new.non_prose, (a, sys.maxsize)) - 1
        if index < 0 or new.non_prose[index][1] < b:
            lost.append((start, end))
    return lost


def _near(text: str, spans: list[tuple[int, int]], finding: Finding) -> bool:
    """Whether ``finding`` edits the paragraph (blank-line to blank-line) of one of ``spans``."""
    if finding.fix is None:
        return False
    for start, end in spans:
        low = text.rfind("\n\n", 0, start)
        high = text.find("\n\n", end)
        high = len(text) if high == -1 else high
        if any(e.end >= low and e.start <= high for e in finding.fix.edits):
            return True
    return False


def _in_prose(doc: Document, finding: Finding) -> bool:
    if not doc.non_prose:
        return True
    if not doc.is_prose(finding.start, finding.end):
        return False
    return finding.fix is None or all(doc.is_prose(e.start, e.end) for e in finding.fix.edits)
