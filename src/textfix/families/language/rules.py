"""Untranslated leftovers (``LG``): prose left in another language than the document's.

Both rules read the one per-document language view
(:data:`textfix.lang.document.DOCUMENT_LANGUAGE`) and only report: a leftover needs a
translation, which no rule can make, so no finding carries a fix, even with
``--unsafe-fixes``. Lines that the boilerplate packs match (``Deja una respuesta``,
``Leggi anche``) are left to the boilerplate family, which removes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from textfix.core.confidence import Calibration, Tier
from textfix.core.patterns import lazy_regex
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.families.language.options import LanguageOptions
from textfix.kinds.lines import LinesRule
from textfix.lang import scripts
from textfix.lang.document import COUNT_PROBABILITY, DOCUMENT_LANGUAGE, DocumentLanguage, Segment, masked_text
from textfix.lang.identify import guess
from textfix.lang.language_names import language_name, varieties
from textfix.model import Category, Finding, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document

#: Leftovers of this many characters or more are paragraphs (the other threshold applies below).
PARAGRAPH_CHARS = 60
#: Leftovers of this many characters or more (and under 60) are sentences; shorter ones are captions.
SENTENCE_CHARS = 30
#: A stretch the identifier gives the document's language this probability too is not a leftover.
AMBIGUOUS_PROBABILITY = 0.05
#: A stretch whose words are capitalised to this share is a name or a title, not prose.
NAME_SHARE = 0.7
#: A stretch whose letters are to this share in another script is the foreign-script rule's.
FOREIGN_SCRIPT_SHARE = 0.3
_WORD = lazy_regex(r"\p{L}[\p{L}\p{M}'’-]*")
_ENCLOSED = {"(": ")", "[": "]", "«": "»", "“": "”", '"': '"', "„": "“", "「": "」"}


def _looks_like_names(text: str) -> bool:
    """Whether ``text`` is a run of capitalised words (names, a title), not a sentence."""
    words = _WORD.findall(text)
    if len(words) < 2:
        return True
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised >= NAME_SHARE * len(words)


#: A stretch under this many characters wholly in quotes or emphasis is a title or a quoted term.
TITLE_CHARS = 60
_WRAPPED = lazy_regex(r"[*_]+[^*_]+[*_]+[.!?]?|[\"“„«‘'][^\"“”„«»]+[\"”“»’'][.!?]?")


def _is_title(text: str) -> bool:
    """Whether ``text`` is a short title or term set off as such (``*Der Zauberberg*``, ``„Zeitenwende“``)."""
    stripped = text.strip().lstrip("#>-• ").strip()
    return len(stripped) < TITLE_CHARS and _WRAPPED.fullmatch(stripped) is not None


class _LanguageRule(Rule):
    """What both rules share: options, the document view, and the boilerplate lines to leave alone."""

    category = Category.LANGUAGE
    fix_availability = FixAvailability.NEVER
    scope = DOCUMENT

    def __init__(self, options: LanguageOptions | None = None) -> None:
        self.options = options or LanguageOptions()
        self._boilerplate: tuple[LinesRule, ...] = ()

    @classmethod
    def create(cls, options: Any) -> Rule:
        """Build the rule from ``[tool.textfix.language]``."""
        assert isinstance(options, LanguageOptions)
        return cls(options)

    def prepare(self, selected: Sequence[Rule]) -> None:
        """Remember the selected boilerplate packs: the lines they remove are theirs."""
        self._boilerplate = tuple(
            rule for rule in selected if isinstance(rule, LinesRule) and rule.category is Category.BOILERPLATE
        )

    def boilerplate_lines(self, doc: Document) -> frozenset[int]:
        """Indices of the lines the selected boilerplate packs match."""
        if not self._boilerplate:
            return frozenset()
        return self._boilerplate[0].scan(doc).every

    def home_languages(self, view: DocumentLanguage) -> frozenset[str]:
        """The languages that are never leftovers: the document's own and the configured ones."""
        return frozenset(
            variety for language in (*view.languages, *self.options.expected) for variety in varieties(language)
        )


class UntranslatedLeftover(_LanguageRule):
    """A paragraph, sentence or caption left in another language.

    What it does: reports each stretch of prose (a line, or a sentence of a long
    paragraph; neighbours in one language form one finding) that the statistical
    identifier puts in another language than the document's, naming both languages and
    the identifier's probability. The document's language comes from its own prose, not
    from an assumption; a document that alternates between two languages by design
    (a bilingual page: both hold a fair share and the text switches often) has two, and
    neither is a leftover. Stretches under 20 characters, runs of capitalised words
    (names, titles of works), code, URLs and lines the boilerplate packs remove are left
    alone; a quoted foreign term inside a sentence does not change the sentence's language.

    Why it happens: a machine translation keeps what it skipped or failed on (a quote,
    a caption, a subheading, a block after the service gave up half-way) in the source
    language, and scrapers keep a site's chrome in the site's language.

    Example: in an English article, the line
    `Die Bundesregierung hat am Mittwoch beschlossen, das Programm zu verlängern.`
    is reported as German (de) in an English (en) document.

    Fix safety: none; the finding is shown, never applied (a leftover needs a
    translation), even with ``--unsafe-fixes``. The confidence is the identifier's
    probability. On half B of ``python -m bench language`` (real German, Spanish,
    French, Polish, Portuguese, Italian and Czech text spliced into 39 real English
    articles) precision was 1.000 for paragraphs (recall 0.981), 1.000 for sentences of
    30-59 characters (recall 0.915) and 1.000 for captions of 20-29 (recall 0.719); the
    tiers below say at what confidence the findings reached 0.99 and 0.95 precision, for
    filtering the JSON output (they apply no fix).
    """

    code = "LG101"
    name = "untranslated-leftover"
    summary = "prose left in another language than the document's"
    calibration = Calibration(
        safe=Tier(threshold=0.505, precision=1.0, cases=858),
        unsafe=Tier(threshold=0.505, precision=1.0, cases=858),
        measured_on="python -m bench language: half B of English articles with real foreign text spliced in",
    )

    def leftover(self, doc: Document, view: DocumentLanguage, segment: Segment, home: frozenset[str]) -> bool:
        """Whether one identified segment is a leftover."""
        if segment.guess is None or segment.language in home:
            return False
        text = doc.text[segment.start : segment.end]
        size = len(text)
        if size < self.options.min_chars:
            return False
        if size >= PARAGRAPH_CHARS:
            threshold = self.options.paragraph_at
        elif size >= SENTENCE_CHARS:
            threshold = self.options.sentence_at
        else:
            threshold = self.options.caption_at
        if segment.probability < threshold:
            return False
        if segment.guess.probability_of(view.language) >= AMBIGUOUS_PROBABILITY:
            return False  # the identifier also sees the document's language in it
        if not text.isascii():
            foreign = sum(run.letters for run in scripts.foreign_runs(text, view.script))
            if foreign >= FOREIGN_SCRIPT_SHARE * scripts.letter_count(text):
                return False  # another script: the foreign-script rule's finding
        return not (_looks_like_names(text) or _is_title(text))

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per run of neighbouring leftover segments in one language."""
        view = DOCUMENT_LANGUAGE(doc)
        if view.language == "und":
            return
        home = self.home_languages(view)
        boilerplate = self.boilerplate_lines(doc)
        run: list[Segment] = []
        for segment in view.segments:
            if segment.line not in boilerplate and self.leftover(doc, view, segment, home):
                if run and run[-1].language != segment.language:
                    yield from self._findings(doc, view, run)
                    run = []
                run.append(segment)
            elif run and (segment.line != run[-1].line or _home_evidence(segment, home)):
                yield from self._findings(doc, view, run)
                run = []
            # Otherwise a sentence of the same line the identifier cannot place (a name, a short
            # aside) stays inside the run: the paragraph is one leftover.
        if run:
            yield from self._findings(doc, view, run)

    def _findings(self, doc: Document, view: DocumentLanguage, run: list[Segment]) -> Iterator[Finding]:
        """One finding for the run, or one per segment's prose when code or a URL lies inside the run."""
        if doc.is_prose(run[0].start, run[-1].end):
            yield self._finding(view, run, run[0].start, run[-1].end)
            return
        for segment in run:
            start, end = _longest_prose(doc, segment.start, segment.end)
            if end - start >= self.options.min_chars:
                yield self._finding(view, [segment], start, end)

    def _finding(self, view: DocumentLanguage, run: list[Segment], start: int, end: int) -> Finding:
        language = run[0].language
        size = sum(s.end - s.start for s in run)
        confidence = round(sum(s.probability * (s.end - s.start) for s in run) / size, 4)
        message = (
            f"{language_name(language)} ({language}) in a document written in {language_name(view.language)} "
            f"({view.language}), confidence {confidence:.2f}"
        )
        properties = (("language", language), ("document_language", view.language))
        return self.finding(start, end, message, confidence=confidence, properties=properties)


def _home_evidence(segment: Segment, home: frozenset[str]) -> bool:
    """Whether a segment is plainly in one of the document's own languages."""
    return segment.language in home and segment.probability >= COUNT_PROBABILITY


def _longest_prose(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The longest stretch of ``doc.text[start:end]`` that touches no non-prose span, trimmed of spaces."""
    best = (start, start)
    pos = start
    for span_start, span_end in doc.non_prose:
        if span_end <= pos:
            continue
        if span_start >= end:
            break
        if span_start - pos > best[1] - best[0]:
            best = (pos, span_start)
        pos = max(pos, span_end)
    if end - pos > best[1] - best[0]:
        best = (pos, end)
    piece = doc.text[best[0] : best[1]]
    lead = len(piece) - len(piece.lstrip())
    return best[0] + lead, best[0] + len(piece.rstrip())


class ForeignScriptRun(_LanguageRule):
    """A run of words in another writing system than the document's.

    What it does: reports each run of Cyrillic, Greek, Arabic, Hebrew, CJK, Hangul,
    Thai, Devanagari, Georgian or Armenian letters in a document written in another
    script (a Latin-script English article, say), naming the run's language: the script's
    own where one language owns it (Hangul: Korean, Greek: Greek, kana: Japanese), the
    identifier's otherwise (Cyrillic: Russian, Ukrainian, Bulgarian ...). The letters
    alone are the evidence, so no statistics are needed to find it. Runs under 12 letters
    (6 for CJK), a single word, a short run in brackets or quotes (``Moscow (Москва)``, a
    name given in its own script) and runs of capitalised words (names) are left alone.

    Why it happens: a translation that skipped a block, a caption or a copyright line
    (``Copyright ⓒ ... 무단전재 및 재배포 금지``) keeps it in the source script.

    Example: `Copyright ⓒ KBS. 무단전재 및 재배포 금지` in an English article: the
    Hangul run is reported as Korean (ko).

    Fix safety: none; the finding is shown, never applied. The confidence is the
    share of the run's letters in its script (1.0 for a pure run). On real Chinese,
    Japanese, Greek, Arabic and Russian lines spliced into the English articles
    (``python -m bench language``) precision was 1.000 on 598 findings, recall 0.974
    (the language named right for 0.945: Han without kana is named by the identifier).
    """

    code = "LG102"
    name = "foreign-script-run"
    summary = "words left in another writing system than the document's"
    calibration = Calibration(
        safe=Tier(threshold=1.0, precision=1.0, cases=598),
        unsafe=Tier(threshold=1.0, precision=1.0, cases=598),
        measured_on="python -m bench language (real CJK, Cyrillic, Greek, Arabic lines spliced into English articles)",
    )

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per run of another script that is long enough and not a name."""
        if doc.text.isascii() or not scripts.has_foreign_letters(doc.text):
            return
        view = DOCUMENT_LANGUAGE(doc)
        text = masked_text(doc)
        boilerplate = self.boilerplate_lines(doc)
        home = self.home_languages(view)
        for index, line in enumerate(doc.lines):
            body = text[line.start : line.end]
            if body.isascii() or index in boilerplate:
                continue
            for run in scripts.foreign_runs(body, view.script):
                found = self._finding(body, run, line.start, view, home)
                if found is not None:
                    yield found

    def _finding(
        self, body: str, run: scripts.Run, offset: int, view: DocumentLanguage, home: frozenset[str]
    ) -> Finding | None:
        piece = body[run.start : run.end]
        cjk = run.group == "CJK"
        if run.letters < (self.options.min_script_letters // 2 if cjk else self.options.min_script_letters):
            return None
        if not cjk and (run.words < 2 or _looks_like_names(piece)):
            return None
        before = body[: run.start].rstrip()[-1:]
        if before in _ENCLOSED and (run.words <= 4 if not cjk else run.letters <= 12):
            return None  # a name, a term or a title given in its own script
        language = scripts.EXACT_LANGUAGE.get(run.script) or guess(piece).language
        if language in home:
            return None
        confidence = round(run.letters / max(1, scripts.letter_count(piece)), 4)
        message = (
            f"{run.script} words, {language_name(language)} ({language}), in a document written in "
            f"{language_name(view.language)} ({view.language}), confidence {confidence:.2f}"
        )
        properties = (("language", language), ("document_language", view.language), ("script", run.script))
        return self.finding(offset + run.start, offset + run.end, message, confidence=confidence, properties=properties)


RULES: tuple[type[Rule], ...] = (UntranslatedLeftover, ForeignScriptRun)
