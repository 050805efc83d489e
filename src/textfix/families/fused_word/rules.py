"""Rules of the fused-word family: words run together by scraping, OCR or PDF extraction.

Every rule decides *before* it splits: a token is split only when it is unknown as a
whole (word-frequency list, the document's own vocabulary) and the split is far more
likely.

Speed: the family screens the document's whitespace-delimited chunks through
:mod:`textfix.core.chunks` (one split and one set difference against the chunks known to be
plain, shared with other word-level rules). Only claimed chunks are looked at in Python:
a hit of FW101's cheap pattern, and letter runs with a cached, document-independent
verdict (could it be a hump join; which run-on splits could be accepted at all). Only for
those few suspects is the document consulted, with one targeted whole-word search per
word ("does the document use this word elsewhere?") instead of counting every word.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from textfix.core import chunks
from textfix.core.document import Document
from textfix.core.rule import Rule
from textfix.lang import lexicon
from textfix.model import Category, Edit, Finding, Fix, FixAvailability


def _wordset(words: str) -> frozenset[str]:
    """A set from a whitespace-separated list (readable tables below)."""
    return frozenset(words.split())


#: Closed-class words: a sentence cannot end on them, and run-ons almost always involve one.
FUNCTION_WORDS = _wordset(
    """
    a about above after again against all also although am among an and any are as at be because been
    before being below between both but by can could did do does doing down during each either even every
    few for from further had has have having he her here hers him his how however if in into is it its
    just may might more most much must my neither no nor not now of off on once only or other our ours out
    over own same shall she should since so some such than that the their theirs them then there these
    they this those though through thus till to too under unless until up upon very was we were what when
    where whether which while who whom whose why will with within without would yet you your
    """
)

#: Capitalised words that usually open a sentence: ``UkraineIf`` lost ``. `` before them.
SENTENCE_STARTERS = _wordset(
    """
    A After Also Although An And As At Because Before But During Each Even For From He Her Here His How
    However If In It Its Many Meanwhile Most My No Now On Once One Our She Since Some Such That The Their
    Then There These They This Those Thus To Under Unlike We What When Where While Who Why With Yet You
    """
)

#: Left parts that glue to a capitalised name (``McDonald``, ``DeSantis``, ``MacArthur``).
NAME_PREFIXES = _wordset("Mc Mac De Di Da Du Del Della La Le Van Von Al El Fitz St Ben Bin Abu Ibn Dos Das")

#: A whitespace-delimited chunk holding any of these is code, a URL, a path, a handle or markup.
_NOT_PROSE_CHUNK = regex.compile(r"[@#/\\_=<>{}\[\]|~^*+$%&]|://|\.\w+\(|::")
#: A line with any of these is code (``exports.Cow = Cow;``, ``if (a) {``, ``x => y``); so is a line ending in ``;``.
_CODE_MARKS = ("{", "}", " = ", "=>", "();")
#: What may follow a line's final semicolon.
_SPACES = regex.compile(r"\s*")
#: Letters and the marks that may sit inside a word.
_WORDCHAR = r"[\p{L}\p{M}\p{N}_'’\-]"
#: A whole word (see ``_locate``) does not follow one of these ...
_BEFORE_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_'’\-.]")
#: ... and is not followed by one of these.
_AFTER_WORD = regex.compile(rf"{_WORDCHAR}|\.\w|\(")

#: ``word.Word``, ``word!Word``, ``word?Word``; ``word,word``, ``word;word``, ``word:word``.
_PUNCT_JOIN = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_.'’\-])(\p{L}[\p{Ll}\p{M}]+)(?:([.!?])(\p{Lu}[\p{Ll}\p{M}]+)|(,)(\p{L}[\p{Ll}\p{M}]+))"
    r"(?![\p{L}\p{M}\p{N}_'’(@]|[.:]\w)"
)
#: Cheap prefilter: where a punctuation join may start (the mark is at offset +1).
_PUNCT_CANDIDATE = regex.compile(r"[.!?]\p{Lu}\p{Ll}|,\p{L}\p{Ll}")
#: Longest right word that, followed by a full stop, is read as an abbreviation (``Phys.Rev.``).
_ABBREVIATION_LENGTH = 4
#: One lower-to-upper hump inside a word: ``UkraineIf``, ``ThaiInformation``.
_HUMP_WORD = regex.compile(r"(\p{Lu}?\p{Ll}+)(\p{Lu}\p{Ll}+)")
#: Cheap prefilter for humps.
_HUMP_CANDIDATE = regex.compile(r"\p{Ll}\p{Lu}\p{Ll}")
#: A plain word, lower-case or Capitalised: the run-on candidates.
_PLAIN_WORD = regex.compile(r"\p{Lu}?\p{Ll}{4,}")
#: Letter runs: the words of the document's own vocabulary.
_LETTERS = regex.compile(r"[\p{L}\p{M}]+")

#: Below this Zipf frequency a whole token counts as unknown.
UNKNOWN_ZIPF = 1.5
#: A part of a split must be at least this frequent (a name such as "Putin" is 4.1).
PART_ZIPF = 3.0
#: The content part beside a function word ("Putin" is 4.1, "ons" 3.6 does not pass).
CONTENT_PART_ZIPF = 3.7
#: Both parts function words ("eventhough", "inthe"): split while the whole is rarer than this.
FUNCTION_PAIR_ZIPF = 3.5
#: ... and the split must beat the whole by this much (log10): "inthe" yes, "whatnot" no.
FUNCTION_PAIR_MARGIN = 2.0
#: Second words of a two-function-word run-on: determiners, pronouns, "not".
PAIR_ENDINGS = _wordset("the a an this that these those his her its their our my your it them him us not")
#: A split of two content words must beat the whole token by this much (log10 of odds).
CONTENT_MARGIN = 3.5
#: Any split whose parts both reach this frequency is a rival reading of the token.
PLAUSIBLE_ZIPF = 2.5
#: The chosen split must beat every rival by this much (log10), else no finding.
AMBIGUITY_MARGIN = 1.0


#: One letter or mark: what may not touch a whole letter run.
_LETTER_OR_MARK = regex.compile(r"[\p{L}\p{M}]")
#: After this many targeted searches in one document, counting every letter run once is cheaper.
TARGETED_SEARCH_LIMIT = 64


def _occurrences(text: str, word: str, before: regex.Pattern[str], after: regex.Pattern[str]) -> Iterator[int]:
    """Starts of ``word`` in ``text`` with neither ``before`` just before it nor ``after`` where it ends.

    The same as ``finditer`` (left to right, not overlapping) with a negative lookbehind
    and lookahead around the escaped word, without compiling a pattern per word:
    C-level ``str.find`` does the searching.
    """
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if (at == 0 or before.match(text, at - 1) is None) and after.match(text, end) is None:
            yield at
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)


class _DocumentWords:
    """How often a document uses a word as a whole letter run, answered one word at a time.

    Each answer costs one targeted search of the text (cached per word), so the few
    suspect tokens are checked without counting every word of the document; a document
    that asks about many words gets all its letter runs counted once instead.
    """

    __slots__ = ("_all", "_counts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: dict[str, int] = {}
        self._all: Counter[str] | None = None

    def count(self, word: str) -> int:
        """Occurrences of ``word`` as a whole letter run (a maximal run of ``[\\p{L}\\p{M}]``)."""
        if self._all is not None:
            return self._all.get(word, 0)
        found = self._counts.get(word)
        if found is None:
            if len(self._counts) >= TARGETED_SEARCH_LIMIT:
                self._all = Counter(_LETTERS.findall(self._text))
                return self._all.get(word, 0)
            found = sum(1 for _ in _occurrences(self._text, word, _LETTER_OR_MARK, _LETTER_OR_MARK))
            self._counts[word] = found
        return found

    def uses(self, word: str) -> bool:
        """Whether the document uses ``word`` as a whole letter run."""
        return self.count(word) > 0


def _document_words(doc: Document) -> _DocumentWords:
    """The word-count oracle of ``doc`` (shared by the rules of the family)."""
    return doc.memo("fused.words", lambda: _DocumentWords(doc.text))


def _matches_around(candidate: regex.Pattern[str], full: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """Matches of ``full`` that cover a hit of the cheap ``candidate`` pattern.

    ``full`` starts at the beginning of a word, so it is tried at the start of the word
    holding each candidate hit: the expensive pattern runs only where the cheap one fired.
    """
    done = -1
    for hit in candidate.finditer(text):
        start = hit.start()
        if start < done:
            continue
        while start > 0 and (text[start - 1].isalpha() or unicodedata.category(text[start - 1]).startswith("M")):
            start -= 1
        match = full.match(text, start)
        if match is not None and match.end() > hit.start():
            done = match.end()
            yield match


def _chunk_around(text: str, start: int, end: int) -> str:
    """The whitespace-delimited chunk holding ``text[start:end]``."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    size = len(text)
    while right < size and not text[right].isspace():
        right += 1
    return text[left:right]


def _is_prose_chunk(text: str, start: int, end: int) -> bool:
    """Neither the chunk nor its line looks like code, a URL, a path or markup."""
    if _NOT_PROSE_CHUNK.search(_chunk_around(text, start, end)) is not None:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not _is_code_line(text, line_start, line_end if line_end != -1 else len(text))


def _is_code_line(text: str, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` holds a code mark or ends in a semicolon (C-level finds)."""
    if any(text.find(mark, start, end) != -1 for mark in _CODE_MARKS):
        return True
    semicolon = text.rfind(";", start, end)
    return semicolon != -1 and _SPACES.fullmatch(text, semicolon + 1, end) is not None


def _known(word: str, words: _DocumentWords, min_zipf: float = PART_ZIPF) -> bool:
    """A frequent word, or a word the document uses on its own elsewhere."""
    return lexicon.zipf(word) >= min_zipf or words.uses(word)


class MissingSpaceAfterPunctuation(Rule):
    """Adds the space missing after a full stop, comma, colon or semicolon between two words.

    What it does:
        Finds ``word.Word``, ``word?Word``, ``word!Word`` (a capitalised word after sentence
        punctuation) and ``word,word``, ``word;word``, ``word:word`` and inserts a space
        after the punctuation.

    Why it happens:
        Scrapers join paragraphs and inline elements without whitespace, and PDF text
        extraction drops the space at line ends: ``Bukha.In addition``.

    Example:
        ``in Bukha.In addition`` becomes ``in Bukha. In addition``.

    Left alone: abbreviations and initials (``U.S.``, ``e.g.``, ``J.R.R. Tolkien``; the
    left word needs two letters), domain and file names (``example.com``,
    ``Amazon.com``, ``report.pdf``: the right word must be capitalised after a full stop),
    decimal numbers and times (digits), code (``foo.Bar()``, ``std::map``, ``a_b,c``),
    URLs, e-mail addresses, handles and hashtags.

    Fix safety:
        Unsafe. After ``.``, ``!`` and ``?`` every insertion inspected so far was right (67
        on clean prose, where the 2017 address really lost those spaces; 3 on arXiv, where
        the reference text lost them too), but that sample is too small to show the 0.995
        precision a safe fix needs. After ``,`` formulas and reference lists make it a guess.
        Measured by ``python -m bench fused``.
    """

    code = "FW101"
    name = "punctuation-join"
    category = Category.FUSED_WORD
    summary = "Missing space after punctuation between two words"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield one finding per punctuation mark glued to the next word."""
        if not _suspects(doc).punctuation:
            return
        text = doc.text
        for match in _matches_around(_PUNCT_CANDIDATE, _PUNCT_JOIN, text):
            mark_end = match.end(2) if match.group(2) else match.end(4)
            right_end = match.end()
            if right_end - mark_end <= _ABBREVIATION_LENGTH and text.startswith(".", right_end):
                continue
            if not _is_prose_chunk(text, match.start(), match.end()):
                continue
            mark = text[mark_end - 1]
            fix = Fix.unsafe(Edit.insert(mark_end, " "))
            yield self.finding(mark_end - 1, mark_end, f"Missing space after {mark!r}", fix)


def _hump_findings(doc: Document) -> list[tuple[int, int, str, str, bool]]:
    """Lower-to-upper joins worth splitting: (start, split, left, right, sentence_break)."""

    def compute() -> list[tuple[int, int, str, str, bool]]:
        text = doc.text
        words = _document_words(doc)
        out: list[tuple[int, int, str, str, bool]] = []
        for token, leads in _suspects(doc).tokens.items():
            if leads.hump is None:
                continue
            left, right = leads.hump
            if not (_known(left, words) and _known(right, words)) or words.count(token) != 1:
                continue
            sentence_break = right in SENTENCE_STARTERS and left.lower() not in FUNCTION_WORDS
            out.extend((start, start + len(left), left, right, sentence_break) for start in _locate(text, token))
        out.sort()
        return out

    return doc.memo("fused.humps", compute)


class LostSentenceBreak(Rule):
    """Restores a lost sentence break between a word and the capitalised word that opens the next sentence.

    What it does:
        Finds a token such as ``UkraineIf`` (a known word or name, directly followed by a
        capitalised word that usually opens a sentence: ``If``, ``The``, ``In``...) and
        inserts ``. `` between them.

    Why it happens:
        Machine translation and scrapers drop the full stop and the space between two
        sentences: ``escalating beyond UkraineIf this turns into``.

    Example:
        ``beyond UkraineIf this turns`` becomes ``beyond Ukraine. If this turns``.

    Left alone: camel-case brands and terms the word list knows (``YouTube``, ``PayPal``,
    ``JavaScript``), a token the document uses twice, code identifiers with several humps
    (``getElementById``), names with a prefix (``McDonald``, ``DeSantis``), and a left
    part that cannot end a sentence (``ofThe`` gets only a space, from FW102).

    Fix safety:
        Unsafe: the full stop is a guess (a heading or a table cell may need only a space).
        Measured with FW101 (``python -m bench fused``): case-punct precision 0.94 on ACL.
    """

    code = "FW103"
    name = "lost-sentence-break"
    category = Category.FUSED_WORD
    summary = "Lost sentence break between two words"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield one finding per join whose right part opens a sentence."""
        for start, split, left, right, sentence_break in _hump_findings(doc):
            if sentence_break:
                fix = Fix.unsafe(Edit.insert(split, ". "))
                yield self.finding(start, split + len(right), f"Lost sentence break: '{left}. {right}'", fix)


class CamelCaseJoin(Rule):
    """Splits two words joined at a lower-to-upper case change: ``ThaiInformation``.

    What it does:
        Finds a token made of a known word and a capitalised known word with no space
        between them, where the whole token is not a word, and inserts a space.

    Why it happens:
        Scrapers concatenate a heading, a link or a table cell with the next element;
        PDF extraction loses the space at a line break.

    Example:
        ``General MotorsPower`` becomes ``General Motors Power``; ``Thai
        InformationRetrieval`` becomes ``Thai Information Retrieval``.

    Left alone: camel-case brands and terms (``iPhone``, ``YouTube``, ``McDonald``,
    ``PayPal``, ``JavaScript``, ``PhD``, ``iOS``, ``eBay``, ``LinkedIn``), identifiers
    (``camelCase`` words with digits, underscores or several humps), a token the
    document uses twice, URLs, handles and hashtags.

    Fix safety:
        Unsafe, and off by default: right on old PDF extractions (ACL: 11 of 12), wrong on
        modern web pages, where most such tokens are product names the word list does not
        know (``ServiceWorker``, ``KiwiRail``, ``TechRepublic``: 0 of 21 right). Select it
        (``--extend-select FW102``) for text extracted from PDFs. Measured by
        ``python -m bench fused``.
    """

    code = "FW102"
    name = "camel-case-join"
    category = Category.FUSED_WORD
    summary = "Two words joined at a case change"
    fix_availability = FixAvailability.ALWAYS
    default_enabled = False

    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield one finding per join that is not a sentence break."""
        for start, split, left, right, sentence_break in _hump_findings(doc):
            if not sentence_break:
                fix = Fix.unsafe(Edit.insert(split, " "))
                yield self.finding(start, split + len(right), f"Words joined: '{left} {right}'", fix)


def best_split(token: str, vocab: Counter[str] | None = None) -> tuple[str, str] | None:
    """The split of an unknown ``token`` into two words, or None when it should stay whole.

    >>> best_split("Putinalthough")
    ('Putin', 'although')
    >>> best_split("thecity")
    ('the', 'city')
    >>> best_split("Donbas") is None
    True
    """
    counts = vocab if vocab is not None else Counter()
    return _choose_split(_split_plan(token), lambda word: counts.get(word, 0) > 0)


@dataclass(frozen=True, slots=True)
class _SplitPlan:
    """The document-independent part of :func:`best_split` for one token.

    ``accepted``: (score, left, right, needed) for every acceptable split; ``needed`` is a
    word the document must use for the split to count (None: no condition).
    ``plausible``: (left, joint) for every split whose parts are both plausible words.
    """

    accepted: tuple[tuple[float, str, str, str | None], ...]
    plausible: tuple[tuple[str, float], ...]


def _split_plan(token: str) -> _SplitPlan:
    """Score every split of ``token`` against the word list (no document needed)."""
    whole = lexicon.zipf(token)
    accepted: list[tuple[float, str, str, str | None]] = []
    plausible: list[tuple[str, float]] = []
    for index in range(1, len(token)):
        left, right = token[:index], token[index:]
        joint = lexicon.zipf(left) + lexicon.zipf(right) - 9.0
        if min(lexicon.zipf(left), lexicon.zipf(right)) >= PLAUSIBLE_ZIPF:
            plausible.append((left, joint))
        scored = _split_score(left, right, whole)
        if scored is not None:
            score, needed = scored
            accepted.append((score, left, right, needed))
    return _SplitPlan(tuple(accepted), tuple(plausible))


def _choose_split(plan: _SplitPlan, uses: Callable[[str], bool]) -> tuple[str, str] | None:
    """The one acceptable split of ``plan`` that beats every rival, given which words the document ``uses``."""
    accepted = [(score, left, right) for score, left, right, needed in plan.accepted if needed is None or uses(needed)]
    if len(accepted) != 1:
        return None
    score, left, right = accepted[0]
    if any(joint > score - AMBIGUITY_MARGIN for other, joint in plan.plausible if other != left):
        return None
    return left, right


def _split_score(left: str, right: str, whole: float) -> tuple[float, str | None] | None:
    """The split's log10 likelihood (Zipf scale) and condition, or None when the split is not acceptable.

    The condition is a word the document must use on its own for the split to count
    (a rare name beside a function word: ``Kyivthe``), or None when the split counts anyway.
    """
    left_low, right_low = left.lower(), right.lower()
    left_zipf, right_zipf = lexicon.zipf(left), lexicon.zipf(right)
    left_function, right_function = left_low in FUNCTION_WORDS, right_low in FUNCTION_WORDS
    capitalised = left[0].isupper()
    joint = left_zipf + right_zipf - 9.0
    needed: str | None = None
    if left_function and right_function:
        # "inthe", "ofthe", "donot"; never "candid", "asunder", "whatnot", nor a name ("Tillis", "Bethe").
        ok = (
            not capitalised
            and whole < FUNCTION_PAIR_ZIPF
            and right_low in PAIR_ENDINGS
            and joint - whole >= FUNCTION_PAIR_MARGIN
            and left_low not in _COMPOUND_HEADS
        )
    elif left_low == "a":
        # "afile", "anumber"; not "abases" (a rare word, not "a bases": plural after "a").
        ok = whole == 0.0 and len(right) >= 4 and right_zipf >= 4.0 and not right_low.endswith("s")
    elif left_function or right_function:
        function_part, other = (left_low, right) if left_function else (right_low, left)
        other_zipf = right_zipf if left_function else left_zipf
        ok = (
            whole < UNKNOWN_ZIPF
            and len(function_part) >= 3
            and len(other) >= 4
            and not (left_function and left_low in _PREFIX_LIKE)
            # A name ending in a short function word ("Burstall", "Roland") stays whole.
            and not (capitalised and right_function and len(right) < 4 and right_low not in PAIR_ENDINGS)
        )
        # A rare content part counts only when the document uses it on its own ("Kyiv").
        needed = other if other_zipf < CONTENT_PART_ZIPF else None
    else:
        ok = joint - whole >= CONTENT_MARGIN and min(left_zipf, right_zipf) >= 3.5 and min(len(left), len(right)) >= 3
    return (joint, needed) if ok else None


#: ``thereto``, ``herewith``, ``whereof``: old compounds of two function words.
_COMPOUND_HEADS = _wordset("here there where")

#: Function words that are also productive prefixes (``overreach``, ``underfund``, ``upend``).
_PREFIX_LIKE = _wordset("after down for in into off on out over under up upon with by")

#: Endings that make a known word into another one: "intonational" is "intonation" + "al".
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "al", "ally", "ness", "ity", "ism", "ist", "ful")


def _hump_parts(token: str) -> tuple[str, str] | None:
    """The two parts of an unknown one-hump token (``UkraineIf``), or None."""
    if not _HUMP_CANDIDATE.search(token):
        return None
    match = _HUMP_WORD.fullmatch(token)
    if match is None:
        return None
    left, right = match.group(1), match.group(2)
    if len(left) < 3 or left in NAME_PREFIXES or (len(right) < 4 and right not in SENTENCE_STARTERS):
        return None
    # A lower-case start is an identifier (``camelCase``, ``maxValue``) unless the left part is a
    # function word (``theInput``) or the right part opens a sentence (``queryFor``).
    if left[0].islower() and left not in FUNCTION_WORDS and right not in SENTENCE_STARTERS:
        return None
    if lexicon.zipf(token) >= UNKNOWN_ZIPF:
        return None
    return left, right


def _locate(text: str, token: str) -> Iterator[int]:
    """Starts of the whole-word occurrences of ``token`` that sit in a prose chunk."""
    for start in _occurrences(text, token, _BEFORE_WORD, _AFTER_WORD):
        if _is_prose_chunk(text, start, start + len(token)):
            yield start


def _may_run_on(token: str) -> bool:
    """Cheap test: could ``token`` be a run-on at all (before the document is consulted)?"""
    if not _PLAIN_WORD.fullmatch(token):
        return False
    whole = lexicon.zipf(token)
    if whole < UNKNOWN_ZIPF:
        return not _is_derived(token)
    if whole >= FUNCTION_PAIR_ZIPF:
        return False
    lower = token.lower()
    return any(lower[:i] in FUNCTION_WORDS and lower[i:] in FUNCTION_WORDS for i in range(2, min(len(lower) - 1, 8)))


def _is_derived(token: str) -> bool:
    """Whether ``token`` is a known word plus a common ending (``intonational``, ``Burstalls``)."""
    lower = token.lower()
    return any(
        lower.endswith(suffix) and lexicon.zipf(lower[: -len(suffix)]) >= lexicon.KNOWN_ZIPF
        for suffix in _SUFFIXES
        if len(lower) - len(suffix) >= 4
    )


@dataclass(frozen=True, slots=True)
class _Leads:
    """What a letter run may be, decided without the document: a hump join, a run-on, or both."""

    #: The two parts of a one-hump join (``UkraineIf``), or None.
    hump: tuple[str, str] | None
    #: The acceptable splits of a possible run-on (``Putinalthough``), or None.
    split_plan: _SplitPlan | None


#: The shortest letter run with leads: a run-on has 5 letters or more, and so has a hump join
#: (3 letters on the left, a capital and a lower-case letter on the right: ``UkraineIf``).
_SHORTEST_LEAD = 5


@lru_cache(maxsize=200_000)
def _leads(token: str) -> _Leads | None:
    """The leads of a letter run, or None when no fused-word rule could ever fire on it (cached per token)."""
    if len(token) < _SHORTEST_LEAD:
        return None
    hump = _hump_parts(token)
    plan = _split_plan(token) if len(token) >= 5 and _may_run_on(token) else None
    if plan is not None and not plan.accepted:
        plan = None
    if hump is None and plan is None:
        return None
    return _Leads(hump, plan)


@dataclass(frozen=True, slots=True)
class _Suspects:
    """The parts of a document the fused-word rules must look at."""

    #: Some chunk holds a hit of FW101's cheap pattern.
    punctuation: bool
    #: Letter runs with leads, with their leads.
    tokens: dict[str, _Leads]


@chunks.register
def _may_hold_fused_words(chunk: str) -> bool:
    """The family's chunk screen: a hit of FW101's cheap pattern, or a letter run with leads.

    Letter runs never cross whitespace, and FW101's cheap pattern holds none, so the
    answer does not depend on the document around the chunk.
    """
    if chunk.isalpha():  # the usual case: one letter run, no punctuation mark
        return _leads(chunk) is not None
    if _PUNCT_CANDIDATE.search(chunk) is not None:
        return True
    return any(_leads(run) is not None for run in _LETTERS.findall(chunk))


def _suspects(doc: Document) -> _Suspects:
    """The document's suspects, among the chunks the screens claim (computed once per document)."""

    def compute() -> _Suspects:
        punctuation = False
        tokens: dict[str, _Leads] = {}
        for chunk in chunks.claimed(doc):
            if not chunk.isalpha() and _PUNCT_CANDIDATE.search(chunk) is not None:
                punctuation = True
            for run in _LETTERS.findall(chunk):
                leads = _leads(run)
                if leads is not None:
                    tokens[run] = leads
        return _Suspects(punctuation, tokens)

    return doc.memo("fused.suspects", compute)


def _runon_findings(doc: Document) -> list[tuple[int, int, str, str]]:
    """Run-on tokens worth splitting: (start, split, left, right)."""

    def compute() -> list[tuple[int, int, str, str]]:
        text = doc.text
        words = _document_words(doc)
        splits: dict[str, tuple[str, str]] = {}
        for token, leads in _suspects(doc).tokens.items():
            if leads.split_plan is None:
                continue
            split = _choose_split(leads.split_plan, words.uses)
            if split is not None and words.count(token) == 1:
                splits[token] = split
        out: list[tuple[int, int, str, str]] = []
        for token, (left, right) in splits.items():
            out.extend((start, start + len(left), left, right) for start in _locate(text, token))
        out.sort()
        return out

    return doc.memo("fused.runons", compute)


class RunOnWords(Rule):
    """Splits a token that is not a word but two words run together: ``Putinalthough``, ``thecity``.

    What it does:
        Finds a lower-case or capitalised token that the word list does not know and that
        the document does not use elsewhere, and splits it into two words when one part
        is a function word (``the``, ``although``, ``of``...) and the other a known word
        or name, or when both parts are frequent words and far more likely than the whole.

    Why it happens:
        Scrapers and machine translation drop the space between a name and the next
        word; PDF extraction loses spaces at line breaks.

    Example:
        ``Vladimir Putinalthough not`` becomes ``Vladimir Putin although not``.

    Left alone: dictionary words (``another``, ``atleast`` is frequent enough too),
    names (``Donbas``), tokens the document uses twice, and every token with digits,
    underscores, dots or other code characters.

    Fix safety:
        Unsafe: the word list misses many rare words and names. Measured
        (``python -m bench fused``): 46 of 46 right on ACL, 0 of 3 on arXiv.
    """

    code = "FW104"
    name = "run-on-words"
    category = Category.FUSED_WORD
    summary = "Two words run together"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterator[Finding]:
        """Yield one finding per run-on token."""
        for start, split, left, right in _runon_findings(doc):
            fix = Fix.unsafe(Edit.insert(split, " "))
            yield self.finding(start, split + len(right), f"Words run together: '{left} {right}'", fix)


RULES: tuple[type[Rule], ...] = (MissingSpaceAfterPunctuation, CamelCaseJoin, LostSentenceBreak, RunOnWords)
