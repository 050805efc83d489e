"""Rules of the fused-word family: words run together by scraping, OCR or PDF extraction.

Every rule decides *before* it splits: a token is split only when it is unknown as a
whole (word-frequency list, the document's own vocabulary) and the split is far more
likely. Cheap regular expressions find the few candidate tokens; the lexicon is
consulted only for those.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

from textfix import lexicon
from textfix.document import Document
from textfix.model import Category, Edit, Finding, Fix, FixAvailability
from textfix.rule import Rule


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
#: A line with any of these is code (``exports.Cow = Cow;``, ``if (a) {``, ``x => y``).
_CODE_LINE = regex.compile(r"[{}]| = |=>|\(\);|;\s*$", regex.MULTILINE)
#: Letters and the marks that may sit inside a word.
_WORDCHAR = r"[\p{L}\p{M}\p{N}_'’\-]"

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
#: Letter runs, for the document's own vocabulary.
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


def vocabulary(doc: Document) -> Counter[str]:
    """How often each letter run occurs in ``doc`` (computed once per document)."""
    return doc.memo("fused.vocabulary", lambda: Counter(_LETTERS.findall(doc.text)))


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
    return _CODE_LINE.search(text, line_start, line_end if line_end != -1 else len(text)) is None


def _known(word: str, vocab: Counter[str], min_zipf: float = PART_ZIPF) -> bool:
    """A frequent word, or a word the document uses on its own elsewhere."""
    return lexicon.zipf(word) >= min_zipf or vocab.get(word, 0) > 0


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
    """

    code = "FW101"
    name = "missing-space-after-punctuation"
    category = Category.FUSED_WORD
    summary = "Missing space after punctuation between two words"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield one finding per punctuation mark glued to the next word."""
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
        vocab = vocabulary(doc)
        out: list[tuple[int, int, str, str, bool]] = []
        for token, count in vocab.items():
            parts = _hump_parts(token) if count == 1 else None
            if parts is None:
                continue
            left, right = parts
            if not (_known(left, vocab) and _known(right, vocab)):
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
        (``--extend-select FW102``) for text extracted from PDFs.
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
    vocab = vocab if vocab is not None else Counter()
    whole = lexicon.zipf(token)
    accepted: list[tuple[float, str, str]] = []
    plausible: dict[str, float] = {}
    for index in range(1, len(token)):
        left, right = token[:index], token[index:]
        joint = lexicon.zipf(left) + lexicon.zipf(right) - 9.0
        if min(lexicon.zipf(left), lexicon.zipf(right)) >= PLAUSIBLE_ZIPF:
            plausible[left] = joint
        score = _split_score(left, right, whole, vocab)
        if score is not None:
            accepted.append((score, left, right))
    if len(accepted) != 1:
        return None
    score, left, right = accepted[0]
    if any(joint > score - AMBIGUITY_MARGIN for other, joint in plausible.items() if other != left):
        return None
    return left, right


def _split_score(left: str, right: str, whole: float, vocab: Counter[str]) -> float | None:
    """The split's log10 likelihood (Zipf scale), or None when the split is not acceptable."""
    left_low, right_low = left.lower(), right.lower()
    left_zipf, right_zipf = lexicon.zipf(left), lexicon.zipf(right)
    left_function, right_function = left_low in FUNCTION_WORDS, right_low in FUNCTION_WORDS
    capitalised = left[0].isupper()
    joint = left_zipf + right_zipf - 9.0
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
            and (other_zipf >= CONTENT_PART_ZIPF or vocab.get(other, 0) > 0)
            and not (left_function and left_low in _PREFIX_LIKE)
            # A name ending in a short function word ("Burstall", "Roland") stays whole.
            and not (capitalised and right_function and len(right) < 4 and right_low not in PAIR_ENDINGS)
        )
    else:
        ok = joint - whole >= CONTENT_MARGIN and min(left_zipf, right_zipf) >= 3.5 and min(len(left), len(right)) >= 3
    return joint if ok else None


#: ``thereto``, ``herewith``, ``whereof``: old compounds of two function words.
_COMPOUND_HEADS = _wordset("here there where")

#: Function words that are also productive prefixes (``overreach``, ``underfund``, ``upend``).
_PREFIX_LIKE = _wordset("after down for in into off on out over under up upon with by")

#: Endings that make a known word into another one: "intonational" is "intonation" + "al".
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "al", "ally", "ness", "ity", "ism", "ist", "ful")


@lru_cache(maxsize=500_000)
def _hump_parts(token: str) -> tuple[str, str] | None:
    """The two parts of an unknown one-hump token (``UkraineIf``), or None (cached per token)."""
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
    pattern = rf"(?<![\p{{L}}\p{{M}}\p{{N}}_'’\-.]){regex.escape(token)}(?!{_WORDCHAR}|\.\w|\()"
    for match in regex.finditer(pattern, text):
        if _is_prose_chunk(text, match.start(), match.end()):
            yield match.start()


@lru_cache(maxsize=500_000)
def _may_run_on(token: str) -> bool:
    """Cheap, cached test: could ``token`` be a run-on at all (before the document is consulted)?"""
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


def _runon_findings(doc: Document) -> list[tuple[int, int, str, str]]:
    """Run-on tokens worth splitting: (start, split, left, right)."""

    def compute() -> list[tuple[int, int, str, str]]:
        text = doc.text
        vocab = vocabulary(doc)
        splits: dict[str, tuple[str, str]] = {}
        for token, count in vocab.items():
            if count > 1 or len(token) < 5 or not _may_run_on(token):
                continue
            split = best_split(token, vocab)
            if split is not None:
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
        Unsafe: the word list misses many rare words and names.
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
