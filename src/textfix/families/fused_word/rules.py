"""Rules of the fused-word family: words run together by scraping, OCR, PDF extraction or translation.

Every rule reads the same candidates (:mod:`.candidates`) and the same scorer
(:mod:`.scorer`): a finding carries the calibrated probability that its repair is right,
and that probability, against the tiers measured by ``python -m bench train-fused``,
decides whether the fix is safe, unsafe or display only. The thresholds can be moved in
``[tool.textfix.fused-word]`` (``safe-at``, ``unsafe-at``, ``report-at``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from textfix.core.confidence import Calibration
from textfix.core.document import Document
from textfix.core.rule import Rule
from textfix.core.scope import local
from textfix.families.fused_word import scorer
from textfix.families.fused_word.candidates import CANDIDATES, LANGUAGE, Candidate
from textfix.families.fused_word.vocabulary import PROSE_WORDS
from textfix.model import Applicability, Category, Edit, Finding, Fix, FixAvailability

#: Below this probability a candidate is not reported at all.
REPORT_AT = 0.5


@dataclass(frozen=True)
class FusedWordOptions:
    """``[tool.textfix.fused-word]``: move the measured thresholds (probabilities, 0..1).

    ``safe-at``/``unsafe-at`` replace every rule's measured tier (the probabilities are
    calibrated, so one threshold means the same for every rule; lower one at your own
    risk: the measured precision no longer holds); ``report-at`` is the lowest
    probability reported at all.
    """

    safe_at: float | None = None
    unsafe_at: float | None = None
    report_at: float = REPORT_AT

    def __post_init__(self) -> None:
        for key, value in (("safe-at", self.safe_at), ("unsafe-at", self.unsafe_at), ("report-at", self.report_at)):
            if value is not None and not 0.0 <= value <= 1.0:
                msg = f"'{key}' must be a probability between 0 and 1, not {value}"
                raise ValueError(msg)


class _FusedWordRule(Rule):
    """What the four rules share: scored candidates of one shape to findings."""

    category = Category.FUSED_WORD
    fix_availability = FixAvailability.ALWAYS
    scope = local(facts=(LANGUAGE,), queried=(PROSE_WORDS,))
    #: Which candidates this rule reports.
    kind: ClassVar[str]

    def __init__(self, options: FusedWordOptions | None = None) -> None:
        self.options = options if options is not None else FusedWordOptions()

    @classmethod
    def create(cls, options: Any) -> Rule:
        """Build the rule from ``[tool.textfix.fused-word]``."""
        return cls(options if isinstance(options, FusedWordOptions) else FusedWordOptions())

    def wants(self, candidate: Candidate) -> bool:
        """Whether ``candidate`` is this rule's."""
        return candidate.kind == self.kind

    def message(self, candidate: Candidate) -> str:
        """The finding's message."""
        return f"{self.summary}: '{candidate.repaired}'"

    def check(self, doc: Document) -> Iterator[Finding]:
        """Yield one finding per candidate of this rule's shape that the scorer believes."""
        calibration = self.calibration
        assert calibration is not None
        english = LANGUAGE(doc) == "en"
        for candidate in CANDIDATES(doc):
            if not self.wants(candidate):
                continue
            confidence = round(scorer.probability(candidate.kind, candidate.features), 4)
            if confidence < self.options.report_at:
                continue
            applicability = calibration.applicability(
                confidence, safe_at=self.options.safe_at, unsafe_at=self.options.unsafe_at
            )
            if not english and applicability is Applicability.SAFE and self.options.safe_at is None:
                applicability = Applicability.UNSAFE  # tiers were measured on English
            edits = tuple(Edit.insert(at, text) for at, text in candidate.inserts)
            fix = Fix(edits, applicability)
            yield self.finding(candidate.start, candidate.end, self.message(candidate), fix, confidence)


class PunctuationJoin(_FusedWordRule):
    """Adds the space missing after a full stop, question or exclamation mark, comma or semicolon between two words.

    What it does:
        Finds ``word.Word``, ``word?Word``, ``word!Word`` (a capitalised word after sentence
        punctuation: ``look.It’s``, ``CEO.In``, ``SSPs.The``) and ``word,word``,
        ``word;word``, and inserts a space after the mark.

    Why it happens:
        Scrapers join paragraphs and inline elements without whitespace, and PDF text
        extraction drops the space at line ends: ``Bukha.In addition``.

    Example:
        ``in Bukha.In addition`` becomes ``in Bukha. In addition``.

    Left alone: abbreviations and initials (``U.S.``, ``e.g.``, ``J.R.R. Tolkien``; the
    left word needs two letters), abbreviation chains (``Phys.Rev.``), domain and file
    names (``example.com``, ``report.pdf``: the right word must be capitalised after a
    full stop and not followed by ``.x``), numbers (digits), code (``foo.Bar()``,
    ``std::map``, code lines), URLs, e-mail addresses, handles, markup.

    Fix safety:
        Calibrated: the scorer's probability decides, against tiers measured by
        ``python -m bench train-fused`` on fusions made at random word boundaries of real
        articles (printed below; docs/fused-word.md): safe, precision 1.000 on 1,605 cases
        of the report half. Measured on web prose: on PDF text (``python -m bench fused``,
        ACL) the comma arm was right 4 times of 9.
    """

    code = "FW101"
    name = "punctuation-join"
    summary = "Missing space after punctuation between two words"
    kind = "punct"
    calibration = scorer.calibration("FW101")


class CamelCaseJoin(_FusedWordRule):
    """Splits two words joined at a lower-to-upper case change: ``shotsSabres``, ``ThaiInformation``.

    What it does:
        Finds a token made of a known word and a capitalised known word with no space
        between them, where the whole token is not a word, and inserts a space.

    Why it happens:
        Scrapers concatenate a heading, a link or a table cell with the next element;
        PDF extraction loses the space at a line break.

    Example:
        ``the shotsSabres fans`` becomes ``the shots Sabres fans``.

    Left alone: camel-case brands and terms the word list knows (``iPhone``, ``YouTube``,
    ``McDonald``, ``PayPal``, ``JavaScript``, ``eBay``, ``LinkedIn``), names with a prefix
    (``DeSantis``, ``MacArthur``), identifiers (several humps, digits, underscores; a
    lower-case start such as ``maxValue`` unless a function word or the document's own
    use of the right part backs the split), a token the document uses twice, URLs,
    handles, code and markup.

    Fix safety:
        Calibrated (see FW101): never safe; unsafe at p >= 0.954, precision 0.952 on 1,210
        cases (``python -m bench train-fused``). Product names the word list does not know
        (``ServiceWorker``) keep it below the safe tier.
    """

    code = "FW102"
    name = "camel-case-join"
    summary = "Two words joined at a case change"
    kind = "hump"
    calibration = scorer.calibration("FW102")

    def wants(self, candidate: Candidate) -> bool:
        """Hump joins that need only a space."""
        return candidate.kind == "hump" and candidate.inserts[0][1] == " "


class LostSentenceBreak(_FusedWordRule):
    """Restores a lost sentence break between a word and the capitalised word that opens the next sentence.

    What it does:
        Finds a token such as ``UkraineIf`` or ``beforeWhile`` (a known word directly
        followed by a capitalised function word that opens a sentence: ``If``, ``The``,
        ``While``...) and inserts ``. `` between them.

    Why it happens:
        Machine translation and scrapers drop the full stop and the space between two
        sentences: ``escalating beyond UkraineIf this turns into``.

    Example:
        ``beyond UkraineIf this turns`` becomes ``beyond Ukraine. If this turns``.

    Left alone: see FW102; a left part that cannot end a sentence (``ofThe`` gets only a
    space, from FW102).

    Fix safety:
        Display only: 161 of 180 right (0.894) on the report half of
        ``python -m bench train-fused``, below the 0.95 an unsafe fix needs; the full stop is
        wrong in title-case phrases (``Learn More``).
    """

    code = "FW103"
    name = "lost-sentence-break"
    summary = "Lost sentence break between two words"
    kind = "hump"
    calibration = scorer.calibration("FW103")

    def wants(self, candidate: Candidate) -> bool:
        """Hump joins that need ``. ``."""
        return candidate.kind == "hump" and candidate.inserts[0][1] != " "


class RunOnWords(_FusedWordRule):
    """Splits a token that is not a word but two or three words run together: ``Trumpand``, ``privateequity``.

    What it does:
        Finds a lower-case or capitalised token that the word list does not know as a
        whole (or knows as far rarer than its parts together) and splits it where a
        language model over words (unigram frequencies, English word-pair counts, the
        document's own prose vocabulary, the words around the token) finds 2 or 3 words
        far more likely than the whole and than any rival split.

    Why it happens:
        Scrapers and machine translation drop the space between a name and the next
        word; PDF extraction loses spaces at line breaks.

    Example:
        ``Vladimir Putinalthough not`` becomes ``Vladimir Putin although not``.

    Left alone: dictionary words, names the word list knows (``Donbas``), a known word
    plus an ending (``intonational``), tokens the document uses twice, and every token
    with digits, underscores, dots or other code characters.

    Fix safety:
        Unsafe at p >= 0.021 (precision 0.950 on 17,146 generated cases, ``python -m bench
        train-fused``), never safe. On the generator, p >= 0.900 reached precision 0.995 on
        15,030 cases, but that tier does not hold on real prose: on the 1.8 million words of
        the State of the Union addresses it made 36 safe splits, and 17 of 36 were wrong
        (real or archaic closed words: ``forborne``, ``therewithal``, ``behindhand``,
        ``farseeing``, ``cablegrams``); most of the others restore a lost hyphen as a
        space (``faithbased``). The generator holds neither; until the calibration includes
        real clean prose as negatives, a user who wants safe splits sets ``safe-at``.
    """

    code = "FW104"
    name = "run-on-words"
    summary = "Words run together"
    kind = "runon"
    #: The generator's safe tier did not hold on real prose (see Fix safety): unsafe at most.
    calibration = dataclasses.replace(scorer.calibration("FW104"), safe=None)


RULES: tuple[type[Rule], ...] = (PunctuationJoin, CamelCaseJoin, LostSentenceBreak, RunOnWords)


def tiers_of(code: str) -> Calibration:
    """The calibration of one rule (for the benchmark)."""
    return scorer.calibration(code)
