"""Findings of local rules kept block by block through the rounds of ``Engine.fix``.

A document is cut into *blocks*: runs of whole paragraphs (a cut is only ever made at the
start of a line after a blank line, never inside a non-prose span), gathered to at least
:data:`MIN_BLOCK` characters so that a document of many short paragraphs does not cost a
rule call per paragraph. The local rules (:mod:`textfix.core.scope`) run on each block as a
document of its own (:meth:`~textfix.core.document.Document.excerpt`), given the whole
document's facts and queried views.

After a round of edits, a block is *kept*, its findings shifted by the edits before it
(:func:`~textfix.core.applier.shift_findings`) and never recomputed, when

- no edit touches its text (an insertion at its start does, at its end does not, except at
  the end of the document);
- it still starts after a blank line (or at the start) and the new document's non-prose
  spans inside it are the old ones;
- every fact of the new document equals the old one, and the new document gives every
  answer its rules were given from a queried view.

Everything between kept blocks is cut into blocks again and checked. Document rules are not
handled here: the engine runs them on the whole new document every round.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from textfix.core.applier import shift_findings
from textfix.core.document import Document, clip_spans
from textfix.core.patterns import lazy_re
from textfix.core.rule import Rule
from textfix.core.views import View
from textfix.model import Edit, Finding

#: Blocks hold at least this many characters (the last of a stretch may hold fewer).
MIN_BLOCK = 500

#: A line end followed by one or more blank lines (spaces, tabs and carriage returns only).
_BLANK_RUN = lazy_re(r"\n(?:[ \t\r]*\n)+")

Span = tuple[int, int]
#: A question put to a queried view (method name, arguments) and its answer.
Answers = dict[tuple[str, tuple[Any, ...]], Any]
#: Runs the local rules on a block (an excerpt): one list of findings per rule, offsets in the block.
BlockRunner = Callable[[Document], list[list[Finding]]]


class _Recorder:
    """A queried view as a block's rules see it: every method call is answered and written down."""

    __slots__ = ("_answers", "_askers", "_value")

    def __init__(self, value: object, answers: Answers) -> None:
        self._value = value
        self._answers = answers
        self._askers: dict[str, Callable[..., Any]] = {}

    def __getattr__(self, name: str) -> Callable[..., Any]:
        asker = self._askers.get(name)
        if asker is None:
            asker = self._askers[name] = self._asker(name)
        return asker

    def _asker(self, name: str) -> Callable[..., Any]:
        method = getattr(self._value, name)
        if not callable(method):
            msg = f"a queried view is asked through its methods only, not .{name}"
            raise TypeError(msg)
        answers = self._answers

        def ask(*args: Any) -> Any:
            key = (name, args)
            if key in answers:
                return answers[key]
            answer = answers[key] = method(*args)
            return answer

        return ask


def _answers_hold(value: object, answers: Answers) -> bool:
    """Whether ``value`` (a queried view of the new document) gives every recorded answer again."""
    return all(getattr(value, name)(*args) == answer for (name, args), answer in answers.items())


def _inside(spans: Sequence[Span], at: int) -> bool:
    """Whether ``at`` lies strictly inside one of ``spans`` (sorted, disjoint)."""
    index = bisect.bisect_right(spans, (at, at)) - 1
    return any(s < at < e for s, e in spans[max(0, index) : index + 2])


def starts_block(text: str, at: int, non_prose: Sequence[Span]) -> bool:
    """Whether a block may start at ``at``: the document start, or a line after a blank line, outside non-prose."""
    if at == 0:
        return True
    if text[at - 1] != "\n" or _inside(non_prose, at):
        return False
    previous = text.rfind("\n", 0, at - 1) + 1
    return not text[previous : at - 1].strip(" \t\r")


def cut(text: str, start: int, end: int, non_prose: Sequence[Span]) -> list[Span]:
    """``text[start:end]`` cut into blocks of at least :data:`MIN_BLOCK` characters where a block may start."""
    cuts = [start]
    for match in _BLANK_RUN.finditer(text, start, end):
        at = match.end()
        if at < end and at - cuts[-1] >= MIN_BLOCK and not _inside(non_prose, at):
            cuts.append(at)
    return list(zip(cuts, [*cuts[1:], end], strict=True))


class _Block(msgspec.Struct):
    """A block and what the local rules found in it (offsets in the current document)."""

    start: int
    end: int
    findings: list[list[Finding]]
    non_prose: tuple[Span, ...]
    answers: dict[View[Any], Answers] = msgspec.field(default_factory=dict)


class BlockCache:
    """The local rules' findings of one document, block by block, carried from round to round."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.facts: tuple[View[Any], ...] = tuple(dict.fromkeys(v for r in self.rules for v in r.scope.facts))
        self.queried: tuple[View[Any], ...] = tuple(dict.fromkeys(v for r in self.rules for v in r.scope.queried))
        self._blocks: list[_Block] = []
        self._facts: list[Any] = []
        #: The document the blocks describe, and the stretches of it left to check.
        self._doc: Document | None = None
        self._dirty: list[Span] = []
        #: Characters the local rules were run on, over every round (what the benchmark reports).
        self.checked_chars = 0

    def findings(self, doc: Document, run: BlockRunner) -> list[list[Finding]]:
        """Per local rule (in order), its findings in ``doc``: kept blocks reused, the rest checked with ``run``."""
        if doc is not self._doc:
            self._doc = doc
            self._blocks, self._dirty = [], [(0, len(doc.text))]
        facts = [view(doc) for view in self.facts]
        if self._blocks and facts != self._facts:
            self._blocks, self._dirty = [], [(0, len(doc.text))]
        self._facts = facts
        if self.queried:
            self._drop_unanswered(doc)
        if self._dirty:
            self._check_dirty(doc, run)
        out: list[list[Finding]] = [[] for _ in self.rules]
        for block in self._blocks:
            for found, per_rule in zip(out, block.findings, strict=True):
                found.extend(per_rule)
        return out

    def advance(self, edits: Sequence[Edit], new: Document) -> None:
        """Carry the blocks over to ``new``, which is the current document with ``edits`` (sorted, disjoint) applied."""
        old = self._doc
        if old is None:
            return
        size = len(old.text)
        kept: list[_Block] = []
        delta = 0
        index = 0
        for block in self._blocks:
            while index < len(edits) and _before(edits[index], block.start):
                edit = edits[index]
                delta += len(edit.replacement) - (edit.end - edit.start)
                index += 1
            touched = index < len(edits) and not (edits[index].start >= block.end and block.end < size)
            if not touched and self._still_valid(block, delta, new):
                block.findings = [shift_findings(found, delta) for found in block.findings]
                block.start += delta
                block.end += delta
                kept.append(block)
        self._blocks = kept
        self._dirty = _gaps(kept, len(new.text))
        self._doc = new

    @staticmethod
    def _still_valid(block: _Block, delta: int, new: Document) -> bool:
        start, end = block.start + delta, block.end + delta
        spans = new.non_prose
        if not starts_block(new.text, start, spans) or _inside(spans, end):
            return False
        return clip_spans(spans, start, end) == block.non_prose

    def _drop_unanswered(self, doc: Document) -> None:
        """Drop the blocks whose rules the new document would answer otherwise (each answer log replayed once)."""
        values = {view: view(doc) for view in self.queried}
        verdicts: dict[int, bool] = {}
        kept = []
        for block in self._blocks:
            verdict = verdicts.get(id(block.answers))
            if verdict is None:
                verdict = verdicts[id(block.answers)] = all(
                    _answers_hold(values[view], answers) for view, answers in block.answers.items()
                )
            if verdict:
                kept.append(block)
        if len(kept) < len(self._blocks):
            self._blocks = kept
            self._dirty = _gaps(kept, len(doc.text))

    def _check_dirty(self, doc: Document, run: BlockRunner) -> None:
        """Run the local rules once per dirty stretch (on the document itself when it is all of it), then cut."""
        text = doc.text
        spans = doc.non_prose
        fresh: list[_Block] = []
        for start, end in self._dirty:
            whole = (start, end) == (0, len(text))
            part = doc if whole else doc.excerpt(start, end)
            if not whole:
                for view, value in zip(self.facts, self._facts, strict=True):
                    part.seed(view, value)
            answers: dict[View[Any], Answers] = {}
            for view in self.queried:
                log: Answers = {}
                part.seed(view, _Recorder(view(doc), log))
                answers[view] = log
            found = [shift_findings(per_rule, start) for per_rule in run(part)]
            self.checked_chars += end - start
            fresh.extend(_into_blocks(found, cut(text, start, end, spans), spans, answers))
        self._blocks = sorted([*self._blocks, *fresh], key=lambda block: block.start)
        self._dirty = []


def _into_blocks(
    found: list[list[Finding]], cuts: list[Span], spans: Sequence[Span], answers: dict[View[Any], Answers]
) -> list[_Block]:
    """A stretch's findings (per rule) shared out to its blocks by where they start; the blocks share ``answers``."""
    blocks = [_Block(a, b, [[] for _ in found], clip_spans(spans, a, b), answers) for a, b in cuts]
    starts = [a for a, _ in cuts]
    for index, per_rule in enumerate(found):
        for finding in per_rule:
            blocks[max(0, bisect.bisect_right(starts, finding.start) - 1)].findings[index].append(finding)
    return blocks


def _before(edit: Edit, start: int) -> bool:
    """Whether ``edit`` lies wholly before a block starting at ``start`` (an insertion at ``start`` does not)."""
    return edit.end < start or (edit.end == start and edit.start < start)


def _gaps(blocks: Sequence[_Block], size: int) -> list[Span]:
    """The stretches of ``0..size`` that no block of ``blocks`` (sorted, disjoint) covers."""
    out: list[Span] = []
    pos = 0
    for block in blocks:
        if block.start > pos:
            out.append((pos, block.start))
        pos = block.end
    if pos < size:
        out.append((pos, size))
    return out
