"""The language of a document and of each stretch of its prose, computed once per document.

:data:`DOCUMENT_LANGUAGE` is the view every family uses (``DOCUMENT_LANGUAGE(doc).language``)::

    from textfix.lang.document import DOCUMENT_LANGUAGE

    if DOCUMENT_LANGUAGE(doc).language == "en":
        ...

How it is computed, cheap first:

1. Code, URLs and markup (the document's non-prose spans) are blanked out.
2. A *candidate* language comes from the distinctive function words of a sample of the
   text (:mod:`textfix.lang.function_words`).
3. Each non-blank line is screened whole, a long one by windows of whole sentences of
   about :data:`LONG_LINE` characters: a stretch whose words are to at least
   :data:`SCREEN_SHARE` the candidate's function words, with few function words of other
   languages, is in the candidate language, with no identifier. A stretch that fails is
   cut at every sentence end (so a quoted sentence inside a long paragraph is a segment
   of its own) and each sentence screened again.
4. Every other segment with at least :data:`MIN_LETTERS` letters goes to the statistical
   identifier (:mod:`textfix.lang.identify`).
5. The document's language is the one most of its identified prose (by characters) is in,
   not assumed English. A document whose second language holds at least
   :data:`BILINGUAL_SHARE` of the prose and which switches between the two at least
   :data:`BILINGUAL_SWITCHES` times is bilingual by design: both are its languages.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

import msgspec
import regex

from textfix import native
from textfix.core.patterns import lazy_regex
from textfix.core.views import View
from textfix.lang import function_words, scripts
from textfix.lang.identify import Guess, guess

if TYPE_CHECKING:
    from textfix.core.document import Document

#: Lines longer than this are cut at sentence ends into segments.
LONG_LINE = 300
#: A long window the identifier gives the candidate language this probability is not cut into sentences.
WINDOW_PROBABILITY = 0.9
#: A sentence shorter than this joins the segment before it.
MIN_SENTENCE = 30
#: A segment passes the screen when this share of its words are the candidate's function words...
SCREEN_SHARE = 0.06
#: ...and it has at least this many words.
SCREEN_WORDS = 5
#: Segments with fewer letters or characters are not identified (their language is ``und``).
MIN_LETTERS = 12
MIN_CHARS = 20
#: ...nor segments whose words are mostly not words (code, tables, formulas, file names).
MIN_WORDLIKE = 0.75
#: An identified segment counts towards the document's shares at this probability.
COUNT_PROBABILITY = 0.5
#: Bilingual by design: the second language holds this share of the identified prose (balanced)...
BILINGUAL_SHARE = 0.35
#: ...and the segments switch between the two languages at least this often.
BILINGUAL_SWITCHES = 4
#: The candidate from function words needs this share of the sampled words.
CANDIDATE_SHARE = 0.05
#: Characters of text sampled for the candidate (start, middle and end).
SAMPLE_CHARS = 6000

_SENTENCE_END = lazy_regex(r"[.!?…。！？][\"'”’»)\]]*\s+")
_ENOUGH_LETTERS = lazy_regex(rf"(?:\P{{L}}*\p{{L}}){{{MIN_LETTERS}}}")
#: A word of prose: letters (an apostrophe or hyphen inside), quotes or brackets around, punctuation after.
_WORDLIKE = regex.compile(r"[\"'“‘„«(\[¿¡*_]*\p{L}[\p{L}\p{M}'’-]*[\"'”’»)\].,;:!?…*_]*")


class Segment(NamedTuple):
    """A stretch ``doc.text[start:end]`` of prose and the language found for it.

    A named tuple: a document has one per line or sentence, and a tuple is built several
    times faster than a frozen dataclass.

    Attributes:
        start: code-point offset of its first character.
        end: offset after its last character.
        line: index of its line in ``doc.lines``.
        language: the language (``und``: too short to tell).
        how: ``screen`` (function words), ``identifier`` or ``none``.
        guess: the identifier's top languages (``None`` unless ``how == "identifier"``).
    """

    start: int
    end: int
    line: int
    language: str
    how: str
    guess: Guess | None = None

    @property
    def probability(self) -> float:
        """The identifier's probability of :attr:`language` (1 for a screened segment, 0 for ``und``)."""
        if self.guess is not None:
            return self.guess.probability
        return 1.0 if self.how == "screen" else 0.0


class DocumentLanguage(msgspec.Struct, frozen=True):
    """What a document is written in.

    Attributes:
        language: the language most of its prose is in (``und``: no prose to tell).
        share: the share of the identified prose in :attr:`language`.
        shares: every language with its share of the identified prose, largest first.
        languages: the languages the document is written in by design: :attr:`language`,
            and the second one when the document alternates between two.
        script: the script group most of its letters are in (``Latin``, ``Cyrillic``, ``CJK`` ...).
        segments: every prose segment with its language, in document order.
    """

    language: str
    share: float
    shares: tuple[tuple[str, float], ...]
    languages: tuple[str, ...]
    script: str
    segments: tuple[Segment, ...]

    @property
    def bilingual(self) -> bool:
        """Whether the document alternates between two languages by design."""
        return len(self.languages) > 1


def masked_text(doc: Document) -> str:
    """The document's text with every non-prose span (code, URLs, markup) blanked to spaces."""
    spans = doc.non_prose
    if not spans:
        return doc.text
    text = doc.text
    pieces = []
    pos = 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pieces.append(blanked(text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def blanked(piece: str) -> str:
    r"""``piece`` with every character but ``\n`` turned into a space (line offsets stay valid).

    What ``regex.sub(r"[^\n]", " ", piece)`` gives, in a few C passes (a page holds hundreds of spans).

    >>> blanked("<b>\r\nx</b>").split("\n")
    ['    ', '     ']
    """
    if "\n" not in piece:
        return " " * len(piece)
    return "\n".join(" " * len(line) for line in piece.split("\n"))


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of a line to screen: the whole line, or runs of whole sentences of about :data:`LONG_LINE` characters.

    Cut at ``". "`` with ``str.find`` (C speed); a window that fails the screen is cut
    again at every sentence end (:func:`_sentences`).
    """
    end = len(text.rstrip())
    pos = len(text) - len(text.lstrip())
    if pos >= end:
        return []
    if end - pos <= LONG_LINE:
        return [(pos, end)]
    windows = []
    find = text.find
    while pos < end:
        cut = find(". ", pos + LONG_LINE, end)
        stop = end if cut == -1 or end - cut < MIN_SENTENCE else cut + 1
        windows.append((pos, stop))
        pos = stop
        while pos < end and text[pos].isspace():
            pos += 1
    return windows


def _sentences(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """``text[begin:end]`` cut at its sentence ends (sentences under :data:`MIN_SENTENCE` join the one before)."""
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE_END.finditer(text, begin, end):
        stop = match.start() + len(match.group().rstrip())
        if stop - begin < MIN_SENTENCE:
            continue
        spans.append((begin, stop))
        begin = match.end()
    if begin < end:
        if end - begin < MIN_SENTENCE and spans:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((begin, end))
    return spans


def _candidate(text: str) -> str | None:
    if len(text) > SAMPLE_CHARS:
        third = SAMPLE_CHARS // 3
        middle = len(text) // 2
        text = f"{text[:third]} {text[middle : middle + third]} {text[-third:]}"
    language, share = function_words.likeliest(text.lower().split())
    return language if share >= CANDIDATE_SHARE else None


class _Screen:
    """The candidate language's function words, and every other listed language's."""

    def __init__(self, candidate: str | None) -> None:
        self.language = candidate
        # Each word also capitalised, so a stretch is split as it is (no ``lower`` pass).
        own = function_words.function_words(candidate) if candidate else frozenset()
        foreign = function_words.foreign_words(candidate) if candidate else frozenset()
        self.own = own | {word.capitalize() for word in own}
        self.foreign = foreign | {word.capitalize() for word in foreign}
        # The tokens of a stretch and its distinct listed words, counted without making a string
        # per token (``native.WordScreen``: compiled, else ``split`` and set intersections).
        self._counts = native.WordScreen(sorted(self.own), sorted(self.foreign)).counts

    def passes(self, piece: str) -> bool:
        """Whether ``piece`` is in the candidate language by its function words alone."""
        return self.judge(piece) == "pass"

    def judge(self, piece: str) -> str:
        """``pass`` (the candidate's words), ``foreign`` (other languages' words among them) or ``unsure``."""
        if not self.own:
            return "unsure"
        # Distinct words: a window of 50 English words holds about 10 different ones of the
        # list, a German sentence none or one.
        count, own, foreign = self._counts(piece)
        if count < SCREEN_WORDS or not (own or foreign):
            return "unsure"
        if foreign > 1 and foreign > own // 4:
            return "foreign"
        return "pass" if own >= 2 and own >= SCREEN_SHARE * count else "unsure"


@functools.cache
def _screen(candidate: str | None) -> _Screen:
    """One screen per candidate language, built once per process."""
    return _Screen(candidate)


def detect(doc: Document) -> DocumentLanguage:
    """The language of ``doc`` and of each of its prose segments."""
    text = masked_text(doc)
    screen = _screen(_candidate(text))
    language = screen.language or "und"
    judge = screen.judge
    segments: list[Segment] = []
    append = segments.append
    for index, line in enumerate(doc.lines):
        body = text[line.start : line.end]
        offset = line.start
        if len(body) <= LONG_LINE:
            # Most lines of a page: one window, the stripped line (what ``_windows`` gives), inlined.
            end = len(body.rstrip())
            if end:
                begin = len(body) - len(body.lstrip())
                piece = body[begin:end]
                if judge(piece) == "pass":
                    append(Segment(offset + begin, offset + end, index, language, "screen"))
                else:
                    append(_segment(piece, offset + begin, offset + end, index, screen, screened=True))
            continue
        # Windows of one line that pass the screen in a row make one segment.
        passed = -1
        passed_end = 0
        for begin, end in _windows(body):
            verdict = judge(body[begin:end])
            if verdict == "pass":
                if passed < 0:
                    passed = begin
                passed_end = end
                continue
            if passed >= 0:
                append(Segment(offset + passed, offset + passed_end, index, language, "screen"))
                passed = -1
            if end - begin > LONG_LINE:
                if verdict == "unsure":
                    # Few function words but none of another language: one identifier call for the
                    # whole window, cut into sentences only when it is not plainly the candidate's.
                    found = guess(body[begin:end])
                    if found.language == language and found.probability >= WINDOW_PROBABILITY:
                        append(Segment(offset + begin, offset + end, index, language, "identifier", found))
                        continue
                for start, stop in _sentences(body, begin, end):
                    append(_segment(body[start:stop], offset + start, offset + stop, index, screen))
            else:
                append(_segment(body[begin:end], offset + begin, offset + end, index, screen, screened=True))
        if passed >= 0:
            append(Segment(offset + passed, offset + passed_end, index, language, "screen"))
    return summarise(tuple(segments), scripts.dominant_group(_sample(text)))


def _segment(piece: str, start: int, end: int, index: int, screen: _Screen, *, screened: bool = False) -> Segment:
    """The segment of one piece; ``screened``: the screen has already failed it."""
    if not screened and screen.passes(piece):
        return Segment(start, end, index, screen.language or "und", "screen")
    if len(piece) < MIN_CHARS or _ENOUGH_LETTERS.match(piece) is None:
        return Segment(start, end, index, "und", "none")
    found = guess(piece.lower() if piece.isupper() else piece)
    # Code, a table row or a formula is no language: checked only when the identifier names
    # another language than the candidate (most pieces it identifies are the candidate's).
    if found.language != screen.language and not is_wordlike(piece):
        return Segment(start, end, index, "und", "none")
    return Segment(start, end, index, found.language, "identifier", found)


def is_wordlike(text: str) -> bool:
    """Whether most of ``text``'s tokens are words of prose (not code, a table row, a formula).

    >>> is_wordlike("Die Regierung hat das Gesetz beschlossen."), is_wordlike("emcc -O3 add.c -o add.js")
    (True, False)
    """
    tokens = text.split()
    if not tokens:
        return False
    fullmatch = _WORDLIKE.fullmatch
    return sum(1 for token in tokens if fullmatch(token)) >= MIN_WORDLIKE * len(tokens)


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[: SAMPLE_CHARS // 2] + text[middle : middle + SAMPLE_CHARS // 2]


def summarise(segments: tuple[Segment, ...], script: str) -> DocumentLanguage:
    """The document's language, shares and bilingual languages from its segments."""
    weights: Counter[str] = Counter()
    decided = [s for s in segments if s.language != "und" and s.probability >= COUNT_PROBABILITY]
    for segment in decided:
        weights[segment.language] += segment.end - segment.start
    total = sum(weights.values())
    if not total:
        return DocumentLanguage("und", 0.0, (), (), script, segments)
    shares = tuple((language, weight / total) for language, weight in weights.most_common())
    language, share = shares[0]
    languages: tuple[str, ...] = (language,)
    if len(shares) > 1 and shares[1][1] >= BILINGUAL_SHARE:
        second = shares[1][0]
        pair = {language, second}
        sequence = [s.language for s in decided if s.language in pair]
        switches = sum(a != b for a, b in itertools.pairwise(sequence))
        if switches >= BILINGUAL_SWITCHES:
            languages = (language, second)
    return DocumentLanguage(language, share, shares, languages, script, segments)


#: The one per-document language view (computed once, shared by every family).
DOCUMENT_LANGUAGE: View[DocumentLanguage] = View("language.document", detect)
