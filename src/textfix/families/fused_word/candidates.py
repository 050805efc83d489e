"""Every place in a document where words may have been fused, with the evidence the scorer weighs.

Three shapes (one rule each, see :mod:`.rules`):

* ``punct``: a word, a mark and a word with no space (``look.It’s``, ``CEO.In``,
  ``SSPs.The``, ``wall,black``): insert a space after the mark (FW101);
* ``hump``: one lower-to-upper hump between two known words (``shotsSabres``,
  ``beforeWhile``, ``UkraineIf``): insert a space (FW102), or ``. `` where the right
  part opens a sentence and the left part can end one (FW103);
* ``runon``: an unknown token that 2 or 3 words explain far better (``Trumpand``,
  ``privateequity``, ``Putinalthough``): insert spaces (FW104).

Precision guards come first and are not learned: a token the word list knows as a whole
(``YouTube``, ``PayPal``, ``McDonald``), names with a prefix (``DeSantis``, ``MacArthur``),
identifiers (several humps, lower-case starts without support, digits, underscores), URLs,
handles, paths and formulas (any chunk with ``@ # / \\ _ = < > { } [ ] | ~ ^ * + $ % &``),
numbers with units (any digit), code lines, and a token the document uses twice.

Speed: one compiled pass (:func:`textfix.native.fused_screen`, over the scanner's letter
classes) gives the document's distinct letter runs that are not remembered as leadless (a
:class:`textfix.core.chunks.PlainMemory`) and the punctuation prefilter's verdict; a run's
leads are decided once per process, without the document. Only suspects look at the document.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

import msgspec
import regex

from textfix import native
from textfix.core import chunks
from textfix.core.document import Document
from textfix.core.scan import SCAN
from textfix.core.views import View
from textfix.families.fused_word import segment
from textfix.families.fused_word.language import LANGUAGES, function_words
from textfix.families.fused_word.ngrams import bigram_log_count
from textfix.families.fused_word.vocabulary import PROSE_WORDS, ProseWords
from textfix.lang import lexicon
from textfix.lang.document import DOCUMENT_LANGUAGE


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: English closed-class words (added to the most frequent words of the language).
ENGLISH_FUNCTION_WORDS = _wordset(
    """
    a about above after again against all also although am among an and any are as at be because been
    before being below between both but by can could did do does doing down during each either even every
    few for from further had has have having he her here hers him his how however if in into is it its
    just may might more most much must my neither no nor not now of off on once only or other our ours out
    over own same shall she should since so some such than that the their theirs them then there these
    they this those though through thus till to too under unless until up upon very was we were what when
    where whether which while who whom whose why will with within without would yet you your
    meanwhile unlike many
    """
)
#: English words a sentence cannot end on: ``ofThe`` needs a space, ``beforeWhile`` a full stop.
NO_SENTENCE_END = _wordset(
    """
    a an the of to for with and or but nor in on at by from into onto upon my your his her its our their
    is are was were be been am if because as than that which who whom whose whether while although though
    since unless until so yet every each no not this these those some any such very
    """
)
#: Second words of a two-function-word run-on (``inthe``, ``donot``); ``whatnot``, ``Bethe`` stay whole.
PAIR_ENDINGS = _wordset("the a an this that these those his her its their our my your it them him us not")
#: ``thereto``, ``herewith``, ``whereof``: old compounds of two function words.
COMPOUND_HEADS = _wordset("here there where")
#: Function words that are also productive prefixes (``inmost``, ``overdo``, ``outrun``, ``upend``).
PREFIX_LIKE = _wordset("after down for in into off on out over under up upon with by")
#: A capitalised left part this frequent is a name in its own right (``Turkey``, ``Trump``), not a name's head.
NAME_HEAD_ZIPF = 4.0
#: Prefixes that make new words from any word (``superadded``, ``overissues``, ``antirepublican``).
PRODUCTIVE_PREFIXES = _wordset(
    "over under super sub non anti inter intra counter fore semi multi extra ultra self mis pre post un re out"
)
#: Right parts that make closed compounds with any word (``yardmen``, ``customhouses``, ``exhaustless``).
COMPOUND_TAILS = _wordset(
    "men man women woman less ship ships stuff stuffs house houses wise like fold hood dom ward wards "
    "work works smith board shed"
)
#: Left parts that glue to a capitalised name (``McDonald``, ``DeSantis``, ``MacArthur``).
NAME_PREFIXES = _wordset("Mc Mac De Di Da Du Del Della La Le Van Von Al El Fitz St Ben Bin Abu Ibn Dos Das O")
#: A whitespace-delimited chunk holding any of these is code, a URL, a path, a handle or markup.
_NOT_PROSE_CHUNK = regex.compile(r"[@#/\\_=<>{}\[\]|~^*+$%&]|://|\.\w+\(|::")
#: A line with any of these is code (``exports.Cow = Cow;``, ``if (a) {``, ``x => y``).
_CODE_MARKS = ("{", "}", " = ", "=>", "();")
#: Longest chunk looked at around a punctuation join (a longer one is a blob, not prose).
MAX_CHUNK = 120
_WHITESPACE = regex.compile(r"\s")
_NEWLINE = regex.compile(r"\n")
_APOSTROPHE = regex.compile(r"['’]")
#: Letters and marks that may sit inside a word.
_WORDCHAR = r"[\p{L}\p{M}\p{N}_'’\-]"
#: A whole word does not follow one of these ...
_BEFORE_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_'’\-.]")
#: ... and is not followed by one of these.
_AFTER_WORD = regex.compile(rf"{_WORDCHAR}|\.\w|\(")

#: ``word.Word`` (``look.It’s``, ``CEO.In``) and ``word,word``.
_PUNCT_JOIN = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_.'’\-])(\p{L}[\p{L}\p{M}]+)"
    r"(?:([.!?])(\p{Lu}[\p{Ll}\p{M}]+(?:['’]\p{Ll}{1,2})?)|([,;])(\p{Ll}[\p{Ll}\p{M}]+))"
    r"(?![\p{L}\p{M}\p{N}_'’(@]|[.:]\w)"
)
#: Cheap prefilter: where a punctuation join may be (the mark is at offset 0).
_PUNCT_CANDIDATE = regex.compile(r"[.!?]\p{Lu}\p{Ll}|[,;]\p{Ll}\p{Ll}")
#: Longest right word that, followed by a full stop, is read as an abbreviation (``Phys.Rev.``).
_ABBREVIATION_LENGTH = 4
#: One lower-to-upper hump: ``UkraineIf``, ``shotsSabres``, ``CEOsThe`` is not one (several capitals).
_HUMP_WORD = regex.compile(r"(\p{Lu}?[\p{Ll}\p{M}]+)(\p{Lu}[\p{Ll}\p{M}]+)")
#: Cheap prefilter for humps.
_HUMP_CANDIDATE = regex.compile(r"\p{Ll}\p{Lu}")
#: Two-letter left parts of a hump join (``ofService``, ``toThe``); others are prefixes or initials.
_SHORT_LEFT = _wordset("of to in on at by is it as an or if be we he so no do")
#: Below this Zipf frequency a whole hump token is unknown (``YouTube`` is 4.9, ``iPhone`` 4.3).
HUMP_WHOLE_ZIPF = 1.5
#: A hump part must reach this Zipf frequency, or be used alone by the document.
HUMP_PART_ZIPF = 2.5


def function_word_set(lang: str) -> frozenset[str]:
    """Function words of ``lang`` (for English, with the closed-class list)."""
    return _function_words(lang)


@lru_cache(maxsize=8)
def _function_words(lang: str) -> frozenset[str]:
    found = function_words(lang)
    return found | ENGLISH_FUNCTION_WORDS if lang == "en" else found


class Candidate(msgspec.Struct, frozen=True):
    """One possible fusion: where, how to repair it, and the features the scorer reads."""

    kind: str
    start: int
    end: int
    #: (offset, inserted text) for each break to restore.
    inserts: tuple[tuple[int, str], ...]
    #: The repaired text of ``start..end``, for messages.
    repaired: str
    features: tuple[float, ...]


# --------------------------------------------------------------------------- guards


def _chunk_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whitespace-delimited chunk around ``text[start:end]``, or None when it is a blob."""
    left = start
    floor = max(0, start - MAX_CHUNK)
    while left > floor and not text[left - 1].isspace():
        left -= 1
    if left == floor and left > 0 and not text[left - 1].isspace():
        return None
    right = end
    ceiling = min(len(text), end + MAX_CHUNK)
    while right < ceiling and not text[right].isspace():
        right += 1
    if right == ceiling and right < len(text) and not text[right].isspace():
        return None
    return left, right


class _Lines:
    """Which lines of a document look like code, answered by bisection and cached per line (linear overall)."""

    __slots__ = ("_code", "_starts", "_text")

    def __init__(self, doc: Document) -> None:
        self._text = doc.text
        self._starts = [0, *(m.end() for m in _NEWLINE.finditer(doc.text))]
        self._code: dict[int, bool] = {}

    def is_code(self, at: int) -> bool:
        """Whether the line holding offset ``at`` looks like code."""
        index = bisect_right(self._starts, at) - 1
        found = self._code.get(index)
        if found is None:
            start = self._starts[index]
            end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self._text)
            found = self._code[index] = _is_code_line(self._text, start, end)
        return found


_LINES: View[_Lines] = View("fused_word.lines", _Lines)


def is_prose_chunk(doc: Document, start: int, end: int) -> bool:
    """Neither the chunk nor its line looks like code, a URL, a path or markup."""
    text = doc.text
    bounds = _chunk_bounds(text, start, end)
    if bounds is None or _NOT_PROSE_CHUNK.search(text, bounds[0], bounds[1]) is not None:
        return False
    return not _LINES(doc).is_code(start)


def _is_code_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a code mark or ends in a semicolon after a call or assignment."""
    if any(text.find(mark, start, end) != -1 for mark in _CODE_MARKS):
        return True
    stripped = text[start:end].rstrip()
    return stripped.endswith(";") and ("(" in stripped or "=" in stripped)


# --------------------------------------------------------------------------- leads (no document)


class Leads(msgspec.Struct, frozen=True):
    """What a letter run may be, decided without the document: a hump join, a run-on, or both."""

    hump: tuple[str, str] | None
    runon: bool


def hump_parts(token: str) -> tuple[str, str] | None:
    """The two parts of an unknown one-hump token (``UkraineIf``, ``shotsSabres``), or None."""
    # A lower-case token has no capital, so no hump (a str method is cheaper than the search).
    if len(token) > segment.MAX_TOKEN or token.islower() or _HUMP_CANDIDATE.search(token) is None:
        return None
    match = _HUMP_WORD.fullmatch(token)
    if match is None:
        return None
    left, right = match.group(1), match.group(2)
    if len(left) < 2 or left in NAME_PREFIXES or (len(left) == 2 and left not in _SHORT_LEFT):
        return None
    if segment.zipf(token, "en") >= HUMP_WHOLE_ZIPF:
        return None
    return left, right


#: Shortest letter run with leads (a hump join of two 2-letter words: ``ofIt``).
_LEADS_LENGTH = 4


#: Most letter runs whose leads are remembered (the common runs never reach the cache: :func:`_surely_plain`).
LEADS_REMEMBERED = 100_000


@lru_cache(maxsize=LEADS_REMEMBERED)
def leads(token: str) -> Leads | None:
    """The leads of a letter run, or None when no fused-word rule could fire on it (cached per token)."""
    if len(token) < _LEADS_LENGTH or len(token) > segment.MAX_TOKEN:
        return None
    hump = hump_parts(token)
    runon = segment.may_run_on(token)
    if hump is None and not runon:
        return None
    return Leads(hump, runon)


def _surely_plain(run: str) -> bool:
    """Whether the letter run ``run`` has no leads, decided without :func:`leads` for the common runs.

    Too short or too long, or a word of no hump (no capital after its first letter) that is
    shorter than a run-on or that English knows at :data:`segment.FUNCTION_PAIR_ZIPF` or
    above: one str method and one table lookup, and :func:`leads`'s cache is kept for the rest.
    """
    size = len(run)
    if size < _LEADS_LENGTH or size > segment.MAX_TOKEN:
        return True
    return run[1:].islower() and (size < segment.MIN_RUN_ON or lexicon.zipf(run) >= segment.FUNCTION_PAIR_ZIPF)


class Suspects(msgspec.Struct, frozen=True):
    """The parts of a document the fused-word rules look at."""

    punctuation: bool
    tokens: dict[str, Leads]


#: The letter runs with no leads, remembered across documents (bounded: two generations).
_PLAIN_RUNS = chunks.PlainMemory()


def _suspects(doc: Document) -> Suspects:
    """Whether a punctuation join may be there, and the document's letter runs with leads.

    One compiled pass (:func:`textfix.native.fused_screen`, over the scanner's letter classes)
    gives the distinct letter runs not remembered as leadless, and whether the text holds a
    hit of :data:`_PUNCT_CANDIDATE` (its three characters hold no white space, so a chunk
    holds it if the text does); only the runs are decided by :func:`_surely_plain` and
    :func:`leads`.
    """
    text = doc.text
    memory = _PLAIN_RUNS
    fresh, recalled, punctuation = native.fused_screen(text, memory.young, memory.old)
    memory.add(recalled)
    tokens: dict[str, Leads] = {}
    plain: list[str] = []
    for run in fresh:
        found = None if _surely_plain(run) else leads(run)
        if found is not None:
            tokens[run] = found
        elif len(run) <= segment.MAX_TOKEN:
            plain.append(run)
    memory.add(plain)
    return Suspects(punctuation, tokens)


SUSPECTS: View[Suspects] = View("fused_word.suspects", _suspects)
#: A language without a word table here: nothing is judged (an English list would split its words).
UNJUDGED = "-"


def _language(doc: Document) -> str:
    """The word list the document is judged with.

    Its language (the shared view) among English, German, French and Spanish; English when
    there is too little prose to tell; none for other languages.
    """
    found = DOCUMENT_LANGUAGE(doc).language
    if found in LANGUAGES:
        return found
    return "en" if found == "und" else UNJUDGED


LANGUAGE: View[str] = View("fused_word.language", _language)


# --------------------------------------------------------------------------- context


_WORD_BEFORE = regex.compile(r"([\p{L}\p{M}]+)[^\S\n]+$")
_WORD_AFTER = regex.compile(r"[^\S\n]+([\p{L}\p{M}]+)")


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """The words just before ``start`` and just after ``end`` on the same line ('' when none)."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    return (before.group(1) if before else ""), (after.group(1) if after else "")


def _context_pairs(prev: str, first: str, last: str, following: str) -> float:
    """How many of the pairs (previous word, first part) and (last part, next word) English knows."""
    found = 0.0
    if prev and bigram_log_count(prev, first) > 0:
        found += 1.0
    if following and bigram_log_count(last, following) > 0:
        found += 1.0
    return found


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


# --------------------------------------------------------------------------- the three shapes


def _locate(doc: Document, token: str) -> Iterator[int]:
    """Starts of the whole-word occurrences of ``token`` (a letter run) that sit in a prose chunk.

    A whole word is a whole letter run (both guards hold letters and marks) that passes the
    stricter guards too; two whole letter runs never overlap, so the scanner's hits are filtered.
    """
    text = doc.text
    size = len(token)
    for start in SCAN(doc).whole_runs(token):
        end = start + size
        whole = (start == 0 or _BEFORE_WORD.match(text, start - 1) is None) and _AFTER_WORD.match(text, end) is None
        if whole and is_prose_chunk(doc, start, end):
            yield start


def _punct_candidates(doc: Document, words: ProseWords, lang: str) -> Iterator[Candidate]:
    text = doc.text
    functions = _function_words(lang)
    done = -1
    chunk_end = -1
    for hit in _PUNCT_CANDIDATE.finditer(text):
        mark_at = hit.start()
        if mark_at < done:
            continue
        if mark_at >= chunk_end:
            # Once per chunk (C-level searches): a chunk longer than MAX_CHUNK is a blob, skipped whole.
            space = _WHITESPACE.search(text, mark_at)
            chunk_end = space.start() if space is not None else len(text)
            window = max(0, mark_at - MAX_CHUNK - 1)
            space_before = max(
                text.rfind(" ", window, mark_at), text.rfind("\n", window, mark_at), text.rfind("\t", window, mark_at)
            )
            chunk_start = space_before + 1 if space_before != -1 else window
            if chunk_end - chunk_start > MAX_CHUNK or (space_before == -1 and window > 0):
                done = chunk_end
                continue
        start = mark_at
        floor = max(0, mark_at - segment.MAX_TOKEN)
        while start > floor and (text[start - 1].isalpha() or unicodedata.category(text[start - 1]).startswith("M")):
            start -= 1
        match = _PUNCT_JOIN.match(text, start)
        if match is None or match.end() <= mark_at:
            continue
        done = match.end()
        sentence = match.group(2) is not None
        left = match.group(1)
        right = match.group(3) if sentence else match.group(5)
        mark_end = match.end(2) if sentence else match.end(4)
        right_end = match.end()
        if right_end - mark_end <= _ABBREVIATION_LENGTH and text.startswith(".", right_end):
            continue  # "Phys.Rev."
        if not is_prose_chunk(doc, match.start(), right_end):
            continue
        right_word = _APOSTROPHE.split(right)[0]
        left_zipf, right_zipf = segment.zipf(left, lang), segment.zipf(right_word, lang)
        _, following = _context(text, match.start(), right_end)
        features = (
            1.0,
            left_zipf,
            right_zipf,
            float(min(len(left), 8)),
            float(min(len(right_word), 8)),
            1.0 if sentence else 0.0,
            1.0 if left.isupper() else 0.0,
            1.0 if right_word.lower() in functions else 0.0,
            1.0 if words.uses_any_case(left) else 0.0,
            1.0 if words.uses_any_case(right_word) else 0.0,
            1.0 if following[:1].islower() else 0.0,
            1.0 if lang == "en" else 0.0,
        )
        repaired = text[match.start() : mark_end] + " " + text[mark_end:right_end]
        yield Candidate("punct", match.start(), right_end, ((mark_end, " "),), repaired, features)


def _hump_candidates(doc: Document, words: ProseWords, lang: str) -> Iterator[Candidate]:
    text = doc.text
    functions = _function_words(lang)
    for token, found in SUSPECTS(doc).tokens.items():
        if found.hump is None:
            continue
        left, right = found.hump
        left_zipf, right_zipf = segment.zipf(left, lang), segment.zipf(right, lang)
        left_alone, right_alone = words.uses_any_case(left), words.uses(right)
        if not ((left_zipf >= HUMP_PART_ZIPF or left_alone) and (right_zipf >= HUMP_PART_ZIPF or right_alone)):
            continue
        if words.count(token) > 1:
            continue
        left_function, right_function = left.lower() in functions, right.lower() in functions
        lower_start = left[0].islower()
        # An identifier (``maxValue``, ``userName``) unless a function word or the document backs the join.
        if lower_start and not (left_function and len(left) >= 3) and not right_function and not right_alone:
            continue
        no_end = NO_SENTENCE_END if lang == "en" else functions
        sentence_break = right_function and left.lower() not in no_end
        pair = bigram_log_count(left, right) if lang == "en" else 0.0
        for start in _locate(doc, token):
            split = start + len(left)
            prev, following = _context(text, start, start + len(token))
            # A sentence goes on in lower case; a capitalised next word or a line end is a title
            # ("Book Of Mormon", "Learn More"): a space, not a sentence break.
            breaks = sentence_break and following[:1].islower()
            features = (
                1.0,
                left_zipf,
                right_zipf,
                float(min(len(left), 8)),
                float(min(len(right), 8)),
                1.0 if left_function else 0.0,
                1.0 if right_function else 0.0,
                1.0 if left_alone else 0.0,
                1.0 if right_alone else 0.0,
                1.0 if lower_start else 0.0,
                1.0 if pair > 0 else 0.0,
                _context_pairs(prev, left, right, following) if lang == "en" else 0.0,
                1.0 if following[:1].islower() else 0.0,
                1.0 if lang == "en" else 0.0,
                1.0 if breaks else 0.0,
            )
            insert = ". " if breaks else " "
            yield Candidate("hump", start, start + len(token), ((split, insert),), left + insert + right, features)


def _plausible(token: str, parts: tuple[str, ...], plan: segment.SplitPlan, functions: frozenset[str]) -> bool:
    """The precision guards of a run-on split (old compounds, prefixes, names ending in a function word)."""
    lowered = [part.lower() for part in parts]
    if all(part in functions for part in lowered):
        # "inthe", "ofthe", "donot"; never "whatnot", "thereto", nor a name ("Bethe", "Tillis").
        return token.islower() and lowered[-1] in PAIR_ENDINGS and lowered[0] not in COMPOUND_HEADS
    if lowered[0] in PREFIX_LIKE and plan.whole_zipf > 0:
        return False  # a rare word made with a prefix: "inmost", "outdo"
    if lowered[0] in PRODUCTIVE_PREFIXES and lowered[1] not in functions:
        return False  # a word made with a prefix the list lacks: "superadded", "overissues", "nonoccupation"
    if lowered[0] == "in" and len(lowered[1]) >= 6:
        return False  # "intrench", "ingrafted", "inexpediency", "inclemency"
    if lowered[-1] in COMPOUND_TAILS:
        return False  # closed compounds: "yardmen", "breadstuffs", "storeships", "resistless"
    if lowered[0] in COMPOUND_HEADS and lowered[1] in functions:
        return False  # "hereafter", "therein"
    # A name ending in a short function word ("Burstall", "Roland") stays whole; "Turkeyand" does not.
    short_end = len(parts[-1]) < 4 and lowered[-1] in functions and lowered[-1] not in PAIR_ENDINGS
    return not (token[0].isupper() and short_end and plan.best.zipfs[0] < NAME_HEAD_ZIPF)


def _runon_candidates(doc: Document, words: ProseWords, lang: str) -> Iterator[Candidate]:
    text = doc.text
    functions = _function_words(lang)
    for token, found in SUSPECTS(doc).tokens.items():
        if not found.runon:
            continue
        plan = segment.split_plan(token, lang)
        if plan is None:
            continue
        usable = [
            split
            for split in plan.splits
            if all(words.uses_any_case(part) for part in split.needs)
            and _plausible(token, split.parts, plan, functions)
        ]
        if not usable or words.count(token) > 1:
            continue
        best = usable[0]
        rival = usable[1].score if len(usable) > 1 else plan.whole_score
        parts = best.parts
        alone = sum(1.0 for part in parts if words.uses_any_case(part)) / len(parts)
        has_function = any(part.lower() in functions for part in parts)
        pair_known = sum(1.0 for count in best.pair_counts if count > 0) / len(best.pair_counts)
        for start in _locate(doc, token):
            prev, following = _context(text, start, start + len(token))
            features = (
                1.0,
                plan.whole_zipf,
                min(best.zipfs),
                max(best.zipfs),
                float(min(*(len(part) for part in parts), 8)),
                1.0 if len(parts) == 3 else 0.0,
                pair_known,
                _clip(best.score - plan.whole_score, 0.0, 8.0),
                _clip(best.score - rival, 0.0, 5.0),
                alone,
                1.0 if best.needs else 0.0,
                1.0 if has_function else 0.0,
                1.0 if token[0].isupper() else 0.0,
                1.0 if plan.derived else 0.0,
                _context_pairs(prev, parts[0], parts[-1], following) if lang == "en" else 0.0,
                1.0 if lang == "en" else 0.0,
            )
            inserts: list[tuple[int, str]] = []
            at = start
            for part in parts[:-1]:
                at += len(part)
                inserts.append((at, " "))
            yield Candidate("runon", start, start + len(token), tuple(inserts), " ".join(parts), features)


def _candidates(doc: Document) -> tuple[Candidate, ...]:
    suspects = SUSPECTS(doc)
    if not suspects.punctuation and not suspects.tokens:
        return ()
    lang = LANGUAGE(doc)
    if lang == UNJUDGED:
        return ()
    words = PROSE_WORDS(doc)
    out: list[Candidate] = []
    if suspects.punctuation:
        out.extend(_punct_candidates(doc, words, lang))
    out.extend(_hump_candidates(doc, words, lang))
    out.extend(_runon_candidates(doc, words, lang))
    out.sort(key=lambda candidate: (candidate.start, candidate.kind))
    return tuple(out)


CANDIDATES: View[tuple[Candidate, ...]] = View("fused_word.candidates", _candidates)

#: Names of each shape's features, in order (the weights file lists them too).
FEATURES = {
    "punct": (
        "bias", "left_zipf", "right_zipf", "left_len", "right_len", "sentence_mark", "left_upper",
        "right_function", "left_alone", "right_alone", "next_lower", "english",
    ),
    "hump": (
        "bias", "left_zipf", "right_zipf", "left_len", "right_len", "left_function", "right_function",
        "left_alone", "right_alone", "lower_start", "pair_known", "context_pairs", "next_lower", "english",
        "sentence_break",
    ),
    "runon": (
        "bias", "whole_zipf", "min_zipf", "max_zipf", "min_len", "three_way", "pair_known", "margin",
        "rival_margin", "alone", "vouched", "function", "capitalised", "derived", "context_pairs", "english",
    ),
}  # fmt: skip
