"""BP401 chrome-line: lines the learned model scores as site chrome, with calibrated confidence."""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from itertools import compress, filterfalse, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from textfix.core.confidence import Calibration, Tier
from textfix.core.document import TextFormat
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.families.boilerplate.rules import BoilerplateOptions
from textfix.kinds.lines import LinesRule, line_removers, removable_lines, removal_edits
from textfix.lang.mapped import shipped
from textfix.model import Applicability, Category, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document, Line
    from textfix.families.boilerplate.line_features import DocumentLines

# Start-up: the model's modules are imported by the first document scored, so listing the rules
# (``textfix rules``, ``textfix rule BP401``) never loads them; with the compiled kernels nothing
# here imports numpy (the pure-Python kernels do).

#: The thresholds the training command measured (beside the model file).
TIERS_FILE = "chrome_tiers.json"
#: How many lines above the article the headline may be (the byline block between counts).
HEADLINE_REACH = 6
#: A headline has at least four words (the feature is log(1 + words)).
HEADLINE_LOG_WORDS = math.log1p(4)
#: Fewer non-blank lines than this give the model no context (a line's place among others): not scored.
MIN_LINES = 3
#: Rescoring passes after removing the lines found, at most (until the rest of the document is stable).
MAX_PASSES = 50


class Tiers(msgspec.Struct, frozen=True):
    """The measured tiers of a model, one :class:`Calibration` per kind of text.

    Attributes:
        page: whole-page text (the main prose block holds less than ``page_below`` of the characters).
        article: an extractor's article text (the rest).
        page_below: the block share under which a document is whole-page text.
    """

    page: Calibration
    article: Calibration
    page_below: float

    def for_share(self, block_share: float) -> Calibration:
        """The calibration of a document whose main block holds ``block_share`` of its characters."""
        return self.page if block_share < self.page_below else self.article


def load_tiers(model_path: str | None = None) -> Tiers:
    """The tiers of the shipped model, or of ``<model>-tiers.json`` beside a model file given by path."""
    if model_path is not None:
        text = Path(model_path).with_name(Path(model_path).stem + "-tiers.json").read_text(encoding="utf-8")
    else:
        text = shipped(__package__, TIERS_FILE).read_text(encoding="utf-8")
    data = json.loads(text)

    def tier(entry: Mapping[str, Any] | None) -> Tier | None:
        if entry is None:
            return None
        return Tier(float(entry["threshold"]), float(entry["precision"]), int(entry["cases"]))

    def calibration(kind: str, label: str) -> Calibration:
        entry = data[kind]
        where = f"{data['measured_on']}; {label}, {entry['lines']} lines"
        return Calibration(safe=tier(entry["safe"]), unsafe=tier(entry["unsafe"]), measured_on=where)

    split = float(data["page_below_block_share"])
    return Tiers(
        page=calibration("page", f"whole-page text (main prose block < {split:.0%} of the characters)"),
        article=calibration("article", f"article text (main prose block >= {split:.0%} of the characters)"),
        page_below=split,
    )


def load_calibration() -> Calibration:
    """The tiers of whole-page text, which ``textfix rule BP401`` prints (article text: :func:`load_tiers`)."""
    return load_tiers().page


def _has_context(lines: Sequence[Line]) -> bool:
    """Whether the document has at least :data:`MIN_LINES` non-blank lines."""
    found = 0
    for line in lines:
        if line.text.strip():
            found += 1
            if found >= MIN_LINES:
                return True
    return False


def headline_lines(rows: DocumentLines, known_chrome: Sequence[bool]) -> frozenset[int]:
    """The article's headline and byline block: lines BP401 never removes.

    Walking up from the first line of the main prose block (past lines a pack removes),
    the first line of four words or more is the headline; the short lines between it and
    the prose (author, date, ``Von``, ``-``, a comment count) are its byline block. When
    no such line comes within :data:`HEADLINE_REACH` lines, the short lines above the
    article are a menu, and nothing is guarded.
    """
    first, _ = rows.block
    if first <= 0:
        return frozenset()
    words = rows.column("log_words")
    walked: list[int] = []
    row = first - 1
    while row >= 0 and len(walked) < HEADLINE_REACH:
        index = rows.indices[row]
        row -= 1
        if known_chrome[index]:
            continue
        walked.append(index)
        if words[row + 1] >= HEADLINE_LOG_WORDS:
            return frozenset(walked)
    return frozenset()


def inside_prose(rows: DocumentLines) -> frozenset[int]:
    """Lines of the main prose block with a prose line right above and right below: the article's own.

    A caption, a subheading or a one-line quote between two paragraphs belongs to the
    article; the chrome that sits there (``Advertisement``) is what the packs name.
    """
    first, last = rows.block
    if first < 0 or last - first < 2:
        return frozenset()
    prose = [value > 0.5 for value in rows.column("is_prose")]
    return frozenset(rows.indices[r] for r in range(first + 1, last) if prose[r - 1] and prose[r + 1] and not prose[r])


class ChromeScores(msgspec.Struct, frozen=True):
    """What BP401 decided for one document.

    Attributes:
        flagged: line index -> (probability, applicability), for every line reported.
        safe: lines removed by safe fixes.
        every: lines removed by safe or unsafe fixes.
    """

    flagged: Mapping[int, tuple[float, Applicability]]
    safe: frozenset[int]
    every: frozenset[int]


class ChromeLine(Rule):
    """A line that a model trained on real scraper output scores as site chrome.

    What it does: scores every non-blank line with the probability that it is site
    chrome (menus, share and print links, related-story boxes, comment forms, login
    prompts, photo credits, footers) rather than the article, and removes the lines
    above the configured thresholds. The model (gradient-boosted trees over features
    that hold across sites and languages: length, stopword share of the document's
    language, punctuation, capitals, digits, dates, separators, a learned score of the
    line's words, the line's place relative to the main prose block, runs of short
    lines, repeats, and the same features of its neighbours) ships inside the package
    and loads on first use. Lines a boilerplate pack matches are chrome with certainty:
    the pack removes them and the model reads them as context.

    Why it happens: extractors keep what sits near the article (``Print this article``,
    ``Email this to a friend``, ``Most Emailed``, other headlines of a "Related stories"
    box, ``Benutzername:``/``Anmelden``); whole-page converters (inscriptis, html-text,
    ``get_text()``) keep every menu. No phrase list names them all.

    Example: ``Rate This Article:`` / ``Digg`` / ``del.icio.us`` under the last paragraph.

    Fix safety: each finding carries the calibrated probability as its confidence.
    Safe at or above the threshold where precision measured out of fold (sites never
    seen in training) reached 0.99, unsafe above the 0.95 threshold, display below,
    set apart for whole-page text and for an extractor's article text (where the main
    prose block holds at least half the characters, and chrome is rarer); the
    thresholds and their measured precision are printed below, and
    ``python -m bench train-boilerplate`` remeasures them (``python -m bench
    boilerplate`` reports the figures). Move them with ``chrome-safe-at`` and
    ``chrome-unsafe-at`` in ``[tool.textfix.boilerplate]``. Lines below the unsafe
    threshold are reported (as display findings, never applied) only when
    ``chrome-display-at`` is set (say 0.5): otherwise ``textfix check`` would flag a
    hint on most scraped files. A text of fewer than three
    non-blank lines is not scored (no context to judge a line by). The headline above the
    article's first paragraph and the byline block between them (author, date), a line
    between two paragraphs of the article (a caption, a subheading) and Markdown code
    are never removed.
    """

    code = "BP401"
    name = "chrome-line"
    category = Category.BOILERPLATE
    summary = "site chrome (learned line model)"
    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def __init__(self, options: BoilerplateOptions | None = None) -> None:
        self.options = options if options is not None else BoilerplateOptions()
        self.tiers = load_tiers(self.options.line_model)
        self.calibration = self.tiers.page
        self._removers: tuple[Rule, ...] = (self,)
        self._others: tuple[Rule, ...] = ()
        self._packs: tuple[Rule, ...] = ()

    @classmethod
    def create(cls, options: Any) -> Rule:
        """Build the rule from ``[tool.textfix.boilerplate]`` (the family's options)."""
        assert isinstance(options, BoilerplateOptions)
        return cls(options)

    def prepare(self, selected: Sequence[Rule]) -> None:
        """Remember the other line removers: packs feed the model, and no line is reported twice."""
        self._removers = line_removers(selected) or (self,)
        self._others = tuple(rule for rule in self._removers if rule is not self)
        self._packs = tuple(rule for rule in self._others if isinstance(rule, LinesRule))

    def scores(self, doc: Document) -> ChromeScores:
        """The model's decision for ``doc`` (computed once per document)."""
        return doc.memo(("boilerplate.chrome-line", self.options), lambda: self._score(doc))

    def _score(self, doc: Document) -> ChromeScores:
        from textfix.families.boilerplate.line_model import load_model  # noqa: PLC0415

        lines = doc.lines
        if not _has_context(lines):
            return ChromeScores({}, frozenset(), frozenset())
        packs = removable_lines(doc, self._packs, safe_only=False) if self._packs else frozenset()
        texts = [line.text for line in lines]
        known = [i in packs for i in range(len(lines))]
        model = load_model(self.options.line_model)
        table = model.table(texts, known)
        first, probabilities = model.score_rows(table)
        guarded = headline_lines(first, known) | inside_prose(first)
        others_all = removable_lines(doc, self._others, safe_only=False) if self._others else frozenset()
        others_safe = removable_lines(doc, self._others, safe_only=True) if self._others else frozenset()
        markdown = doc.format is TextFormat.MARKDOWN and bool(doc.non_prose)

        def eligible(index: int) -> bool:
            if index in guarded:
                return False
            line = lines[index]
            return not markdown or doc.is_prose(line.start, line.end)  # never code or front matter

        row_of = {index: row for row, index in enumerate(table.indices)}
        every_row = range(len(table.indices))

        def peel(threshold: float, gone: frozenset[int]) -> dict[int, float]:
            """The lines at or above ``threshold``, rescored without them until no more rise above it.

            Removing a menu changes its neighbours' context; asking again here (the per-line
            features are computed once) means ``fix`` finds nothing new in its next round.
            """
            removed: dict[int, float] = {}
            current, scores = first, probabilities
            dropped = {row_of[index] for index in gone if index in row_of}  # table rows no round keeps
            for _ in range(MAX_PASSES):
                # The rows at or above the threshold, in row order (C-level iteration: many rounds, many rows).
                rising = list(compress(range(len(scores)), map(operator.ge, scores, repeat(threshold))))
                new = {
                    index: scores[r]
                    for r, index in zip(rising, [current.indices[r] for r in rising], strict=True)
                    if index not in gone and index not in removed and eligible(index)
                }
                if not new:
                    break
                removed.update(new)
                dropped.update(row_of[index] for index in new)
                current, scores = model.score_rows(table, list(filterfalse(dropped.__contains__, every_row)))
            return removed

        share = first.column("block_share")[0] if first.indices else 0.0
        safe_at, unsafe_at = self.thresholds(self.tiers.for_share(share))
        safe = peel(safe_at, others_safe) if safe_at is not None else {}
        unsafe = peel(unsafe_at, others_all) if unsafe_at is not None else {}
        flagged: dict[int, tuple[float, Applicability]] = {}
        for index, p in unsafe.items():
            if index not in safe:
                flagged[index] = (p, Applicability.UNSAFE)
        for index, p in safe.items():
            flagged[index] = (p, Applicability.SAFE)
        display_at = self.options.chrome_display_at
        for index, p in zip(first.indices, probabilities, strict=True):
            if display_at is None or p < display_at:
                continue
            if index not in flagged and index not in others_all and eligible(index):
                flagged[index] = (p, Applicability.DISPLAY)
        return ChromeScores(
            flagged,
            frozenset(safe),
            frozenset(i for i, (_, a) in flagged.items() if a is not Applicability.DISPLAY),
        )

    def thresholds(self, calibration: Calibration) -> tuple[float | None, float | None]:
        """(safe, unsafe) probability thresholds: the configured ones, else the measured ones."""
        safe = self.options.chrome_safe_at
        unsafe = self.options.chrome_unsafe_at
        if safe is None and calibration.safe is not None:
            safe = calibration.safe.threshold
        if unsafe is None and calibration.unsafe is not None:
            unsafe = calibration.unsafe.threshold
        return safe, unsafe

    @property
    def documentation(self) -> str:
        """The docstring, and the tiers of article text (``textfix rule`` prints those of whole-page text)."""
        return f"{super().documentation}\n\nArticle text, {self.tiers.article.describe()}"

    def removable_lines(self, doc: Document, *, safe_only: bool) -> frozenset[int]:
        """The lines BP401 removes (by safe fixes only, if asked)."""
        found = self.scores(doc)
        return found.safe if safe_only else found.every

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per removed line (and per display line, if asked), with its probability as confidence."""
        found = self.scores(doc)
        if not found.flagged:
            return
        removable = {
            safe_only: removable_lines(doc, self._removers, safe_only=safe_only) for safe_only in (True, False)
        }
        for index in sorted(found.flagged):
            probability, applicability = found.flagged[index]
            line = doc.lines[index]
            safe_only = applicability is Applicability.SAFE
            safe = None if safe_only else removable[True]
            taken = removable[safe_only]  # the same set for every finding (removal_edits plans per set)
            edits = removal_edits(doc, index, taken if index in taken else taken | {index}, safe)
            fix = Fix(edits, applicability)
            message = f"{self.summary}: remove this line (p = {probability:.3f})"
            yield self.finding(line.start, line.end, message, fix, confidence=probability)


RULES: tuple[type[Rule], ...] = (ChromeLine,)
