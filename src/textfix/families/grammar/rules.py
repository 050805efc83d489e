"""Rules of the grammar family.

Offline heuristics (``GR2xx``, on by default, no dependency) look for the traces that
machine translation and careless scraping leave in English prose: a capital letter in
the middle of a sentence where a sentence break was lost (``supply The NATO chief``,
``that is Prevent this conflict``) and a proper adjective written in lower case
(``atlantic alliance``). The optional LanguageTool backend (``GR101``) lives in
:mod:`textfix.families.grammar.languagetool`.

The heuristics look only at the few places that cheap passes find. GR201 and GR202 share
one scan (:func:`capital_candidates`, memoised on the document) that starts on the spaces
and keeps the capitalised words after a lower-case word that either rule may flag: a
capitalised function word, or any capitalised word after a copula or an auxiliary. GR203
first intersects the document's lower-case words with its list at C speed, and tries its
expression only where a listed word occurs. Each rule runs its own cheap tests before the
costlier judgement of the line (English prose, not a heading), which the rules share.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterable, Sequence

import msgspec
import regex

from textfix.core import chunks
from textfix.core.document import Document
from textfix.core.patterns import prefix_trie
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.core.views import View
from textfix.families.grammar.languagetool import LanguageToolRule
from textfix.lang import lexicon
from textfix.lang.english import looks_english
from textfix.lang.wordlists import word_list
from textfix.model import Category, Edit, Finding, Fix, FixAvailability

# --- word lists -------------------------------------------------------------------------------------------------

#: Function words that open a clause: capitalised after a content word, a sentence break was probably lost.
CLAUSE_OPENERS = word_list("en", "clause-openers")

#: Other function words that are never capitalised mid-sentence in running English.
OTHER_FUNCTION_WORDS = word_list("en", "function-words")

#: Function words that precede a capitalised word legitimately (determiners, prepositions, conjunctions...):
#: ``the Government``, ``of Congress``, ``which Parliament``. Content-word candidates after them are skipped.
LEFT_FUNCTION_WORDS = word_list("en", "left-function-words")

#: Copulas and auxiliaries: a capitalised content word right after one is a lost sentence start
#: (``that is Prevent this conflict``).
AUXILIARIES = word_list("en", "auxiliaries")

#: Lower-case proper adjectives that are wrong in any English context (ambiguous ones such as ``pacific``,
#: ``polish``, ``dutch``, ``roman``, ``arctic``, ``catholic``, ``danish`` or ``swiss`` are left out on purpose).
PROPER_ADJECTIVES: dict[str, str] = {
    word.lower(): word
    for word in [
        "Afghan",
        "African",
        "Albanian",
        "Algerian",
        "American",
        "Arab",
        "Argentine",
        "Argentinian",
        "Armenian",
        "Asian",
        "Atlantic",
        "Australian",
        "Austrian",
        "Azerbaijani",
        "Belarusian",
        "Belgian",
        "Bolivian",
        "Bosnian",
        "Brazilian",
        "British",
        "Bulgarian",
        "Cambodian",
        "Canadian",
        "Caribbean",
        "Chechen",
        "Chilean",
        "Chinese",
        "Colombian",
        "Congolese",
        "Croatian",
        "Cuban",
        "Czech",
        "Egyptian",
        "English",
        "Eritrean",
        "Estonian",
        "Ethiopian",
        "European",
        "Filipino",
        "Finnish",
        "Georgian",
        "German",
        "Ghanaian",
        "Greek",
        "Guatemalan",
        "Haitian",
        "Hungarian",
        "Icelandic",
        "Indonesian",
        "Iranian",
        "Iraqi",
        "Irish",
        "Israeli",
        "Italian",
        "Jamaican",
        "Japanese",
        "Jordanian",
        "Kazakh",
        "Kenyan",
        "Korean",
        "Kosovar",
        "Kurdish",
        "Kuwaiti",
        "Latvian",
        "Lebanese",
        "Libyan",
        "Lithuanian",
        "Macedonian",
        "Malaysian",
        "Mediterranean",
        "Mexican",
        "Moldovan",
        "Mongolian",
        "Moroccan",
        "Nigerian",
        "Norwegian",
        "Pakistani",
        "Palestinian",
        "Peruvian",
        "Portuguese",
        "Romanian",
        "Russian",
        "Rwandan",
        "Saudi",
        "Scandinavian",
        "Scottish",
        "Senegalese",
        "Serbian",
        "Slovak",
        "Slovenian",
        "Somali",
        "Soviet",
        "Spanish",
        "Sudanese",
        "Swedish",
        "Syrian",
        "Taiwanese",
        "Thai",
        "Tunisian",
        "Ukrainian",
        "Uzbek",
        "Venezuelan",
        "Vietnamese",
        "Welsh",
        "Yemeni",
        "Zimbabwean",
    ]
}

#: Fixed expressions where a lower-case proper adjective is standard (``french fries`` is not in the list,
#: ``French`` is left out; these guard the ones that are in).
PROPER_ADJECTIVE_IDIOMS = frozenset({("english", "muffin"), ("english", "horn"), ("german", "shepherd")})

#: Capitalised words that are names at least as often as function words (``May``, ``Will``), and the
#: pronouns of reverent capitalisation (``trust in His providence``, ``the Supreme Being``).
NAME_LIKE = word_list("en", "name-like")
#: Words after which a capitalised word is a name in a list or a cleft (``is China that``, ``are Catholic or``).
NAME_CONTINUATIONS = word_list("en", "name-continuations")

# --- the shared pass --------------------------------------------------------------------------------------------


_NOT_A_WORD_PART = r"(?![-’'.]?[A-Za-z])"


def _starts_one_of(words: Iterable[str]) -> str:
    """An assertion placed after a word's first letter: the word that letter starts is one of ``words``.

    (A lookahead from one character back: a one-character lookbehind that looks ahead.)
    """
    return "(?<=(?=(?:" + prefix_trie(words) + ")" + _NOT_A_WORD_PART + ").)"


def _follows_one_of(words: Iterable[str]) -> str:
    """An assertion placed after a word's first letter: one of ``words`` (whole) and a space come before the word.

    ``re`` only accepts fixed-width lookbehinds: there is one per word length, behind a quicker test of the last
    two letters (which rules out ``the``, ``of``, ``and``...).
    """
    ordered = sorted(words)
    by_length: dict[int, list[str]] = {}
    for word in ordered:
        by_length.setdefault(len(word), []).append(word)
    endings = sorted({word[-2:] for word in ordered})
    lookbehinds = [f"(?<=(?<![A-Za-z])(?:{'|'.join(group)}) .)" for _, group in sorted(by_length.items())]
    return f"(?<=(?:{'|'.join(endings)}) .)(?:" + "|".join(lookbehinds) + ")"


#: A capitalised word right after a lower-case letter and one space that GR201 or GR202 may flag: a capitalised
#: function word (GR201), or any capitalised word after a copula or an auxiliary (GR202). The scan starts on the
#: space (a literal, which ``re`` finds fast) and tests the rest only after a capital, instead of trying a
#: lookbehind at every position.
_CAPITAL_CANDIDATE = re.compile(
    r" ([A-Z](?<=[a-z] .)(?:"
    + _starts_one_of(w.capitalize() for w in CLAUSE_OPENERS | OTHER_FUNCTION_WORDS)
    + "|"
    + _follows_one_of(AUXILIARIES)
    + r"(?=[a-z]))[a-z]*)"
    + _NOT_A_WORD_PART
)
_PREVIOUS_WORD = re.compile(r"([A-Za-z][A-Za-z'’-]*)([,]?)$")
#: How far back the previous word is looked for.
PREVIOUS_WORD_WINDOW = 41
_NEXT_WORD = re.compile(r"(,?) ([A-Za-z][A-Za-z'’-]*)")
_WORD = re.compile(r"[A-Za-z]+")


class Capital(msgspec.Struct, frozen=True):
    """A capitalised word in the middle of a sentence, with its neighbours."""

    start: int
    end: int
    word: str
    previous: str
    previous_start: int
    previous_end: int
    comma_before: bool
    following: str


def _compute_is_english_document(doc: Document) -> bool:
    return looks_english(doc.text[:5_000])


#: The is english document of a document. (a view).
_is_english_document: View[bool] = View("grammar.english-document", _compute_is_english_document)


#: Lines longer than this are running prose, never headings.
HEADING_MAX_LENGTH = 200
#: How much of a line the English test reads.
ENGLISH_SAMPLE = 2_000


def _looks_like_heading(line: str) -> bool:
    """Markdown headings, table rows and title-case lines are not running prose."""
    stripped = line.lstrip()
    if stripped.startswith(("#", "|")):
        return True
    if len(line) > HEADING_MAX_LENGTH:
        return False
    long_words = [w for w in _WORD.findall(line) if len(w) >= 4]
    if len(long_words) < 3:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised / len(long_words) >= 0.6


class _LineJudge:
    """Per-line decisions (English? heading?), computed once per line that is asked about."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.starts = [line.start for line in doc.lines]
        self.verdicts: dict[int, bool] = {}

    def prose_line(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        verdict = self.verdicts.get(index)
        if verdict is None:
            line = self.doc.lines[index].text
            verdict = looks_english(
                line[:ENGLISH_SAMPLE], default=_is_english_document(self.doc)
            ) and not _looks_like_heading(line)
            self.verdicts[index] = verdict
        return verdict


#: Per-line verdicts of one document, filled as the rules ask (a view).
_line_judge: View[_LineJudge] = View("grammar.line-judge", _LineJudge)
#: The capitalised-word candidates of one document (a view).
_capitals: View[tuple[Capital, ...]] = View("grammar.capitals", lambda doc: tuple(_find_capitals(doc.text)))


def _on_english_prose_line(doc: Document, offset: int) -> bool:
    """Whether ``offset`` lies in an English document, on a line of English running prose (shared, memoised).

    The rules ask this last, after their own cheaper tests: few candidates get this far.
    """
    if not _is_english_document(doc):
        return False
    return _line_judge(doc).prose_line(offset)


def capital_candidates(doc: Document) -> Sequence[Capital]:
    """Capitalised words after a lower-case word and a space that GR201 or GR202 may flag (shared, memoised).

    Whether a candidate lies on an English prose line is left to :func:`_on_english_prose_line`.
    """
    return _capitals(doc)


def _find_capitals(text: str) -> Iterable[Capital]:
    for match in _CAPITAL_CANDIDATE.finditer(text):
        start, end = match.span(1)
        window_start = max(0, start - PREVIOUS_WORD_WINDOW)
        newline = text.rfind("\n", window_start, start)
        if newline >= 0:
            window_start = newline + 1  # the previous word is looked for on the candidate's line only
        before = _PREVIOUS_WORD.search(text, window_start, start - 1)
        if before is None:
            continue
        after = _NEXT_WORD.match(text, end)
        yield Capital(
            start=start,
            end=end,
            word=match.group(1),
            previous=before.group(1),
            previous_start=before.start(1),
            previous_end=before.end(1),
            comma_before=bool(before.group(2)),
            following="" if after is None or after.group(1) else after.group(2),
        )


def _capitalised_more_than_once(doc: Document, word: str) -> bool:
    """Whether the title-case ``word`` (``[A-Z][a-z]+``) is a whole word more than once in the document (a name)."""
    if doc.text.count(word) < 2:
        return False
    occurrences = regex.finditer(rf"\b{word}\b", doc.text)
    return next(occurrences, None) is not None and next(occurrences, None) is not None


def _continues_a_name(capital: Capital) -> bool:
    """``read The Times``, ``in The Hague``, ``Pride And Prejudice``: the capitalised run goes on."""
    following = capital.following
    if not following:
        return True  # end of sentence or punctuation next: a title (``the film It.``) more likely than a break
    return following[0].isupper() and not (following.isupper() and len(following) >= 2)


def _acronym_then_name(doc: Document, capital: Capital) -> bool:
    """``The NATO Summit``: after an acronym the run goes on; ``The NATO chief`` is a break."""
    if not (capital.following.isupper() and len(capital.following) >= 2):
        return False
    nxt = _NEXT_WORD.match(doc.text, capital.end + 1 + len(capital.following))
    return nxt is None or bool(nxt.group(1)) or nxt.group(2)[0].isupper()


#: A capitalised word whose lower-case form is at least this frequent (Zipf scale) is a common word.
COMMON_WORD_ZIPF = 3.0


def _common_word(lower: str) -> bool:
    return lexicon.zipf(lower) >= COMMON_WORD_ZIPF


# --- the rules --------------------------------------------------------------------------------------------------


class CapitalisedFunctionWord(Rule):
    """A capitalised function word in the middle of a sentence.

    What it does:
        Flags an English function word (``The``, ``They``, ``This``, ``And``, ``Is``...)
        written with a capital after a lower-case word, with no sentence punctuation
        before it and running prose after it.

    Why it happens:
        Machine translation and sentence-by-sentence scraping drop the full stop
        between two sentences (``rearm and supply The NATO chief warned``) or keep
        the capital of a sentence that was merged into another one (``So This is the
        critical stage``).

    Example:
        ``rearm and supply The NATO chief warned Tuesday`` -> suggests
        ``rearm and supply. The NATO chief warned Tuesday``;
        ``So This is the critical stage`` -> suggests ``So this is the critical stage``.

    Fix safety:
        Display only: whether a full stop or a lower-case letter is right (or a
        whole clause is garbled) needs a reader. Titles and names are left alone:
        a capitalised word that runs on (``read The Times``, ``in The Hague``), text
        after quotes or colons, headings, title-case lines, ``May``/``Will``, and
        lines that are not English (German capitalises its nouns).
    """

    code = "GR201"
    name = "capitalised-function-word"
    category = Category.GRAMMAR
    summary = "Capitalised function word mid-sentence: a lost sentence break or a stray capital"
    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield this rule's findings in ``doc``."""
        for capital in capital_candidates(doc):
            lower = capital.word.lower()
            opener = lower in CLAUSE_OPENERS
            if not opener and lower not in OTHER_FUNCTION_WORDS:
                continue
            if lower in NAME_LIKE or _continues_a_name(capital) or _acronym_then_name(doc, capital):
                continue
            if capital.comma_before:
                continue  # ``the question is, What is best``, ``Provided, That``: a clause quoted after a comma
            if capital.previous[0].isupper() and capital.previous.lower() not in OTHER_FUNCTION_WORDS:
                continue  # ``Rural Policy Since the beginning``: a run-in heading, or a name
            if not _on_english_prose_line(doc, capital.start):
                continue
            if opener and capital.previous.lower() not in LEFT_FUNCTION_WORDS:
                at = capital.previous_end
                fix = Fix.display(Edit(at, capital.start - 1, "."))
                message = f"'{capital.previous} {capital.word}': a sentence break seems lost before '{capital.word}'"
            else:
                fix = Fix.display(Edit(capital.start, capital.start + 1, capital.word[0].lower()))
                message = f"'{capital.word}' is capitalised in the middle of a sentence"
            yield self.finding(capital.start, capital.end, message, fix)


class CapitalisedMidSentence(Rule):
    """A capitalised common word in the middle of a sentence, where a sentence used to start.

    What it does:
        Flags a capitalised common word that is not a function word, appears
        capitalised only once in the document, follows a copula or auxiliary (``is``,
        ``will``), and is followed by lower-case prose: the sign of a sentence start
        swallowed by the sentence before it.

    Why it happens:
        Machine translation joins sentences and clauses but keeps the capital of the
        word that opened one (``and that is Prevent this conflict``,
        ``exercises Reorganize, rearm``).

    Example:
        ``and that is Prevent this conflict from escalating`` -> suggests ``prevent``.

    Fix safety:
        Display only. Names, titles and institutions are protected by the
        document itself: a word capitalised more than once anywhere in the document
        (``the Kremlin``, ``Russian``) is taken as a name, as is anything after a
        determiner, a preposition or a conjunction (``the President``, ``of
        Congress``).
    """

    code = "GR202"
    name = "capitalised-mid-sentence"
    category = Category.GRAMMAR
    summary = "Capitalised word mid-sentence: a sentence start swallowed by the sentence before"
    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield this rule's findings in ``doc``."""
        for capital in capital_candidates(doc):
            lower = capital.word.lower()
            if lower in CLAUSE_OPENERS or lower in OTHER_FUNCTION_WORDS or lower in NAME_LIKE:
                continue
            if capital.comma_before or lower in PROPER_ADJECTIVES:
                continue
            previous = capital.previous.lower()
            if previous in LEFT_FUNCTION_WORDS and previous not in AUXILIARIES:
                continue
            following = capital.following
            if not following or not following[0].islower() or following in NAME_CONTINUATIONS:
                continue
            if previous not in AUXILIARIES or not capital.previous[0].islower():
                continue  # after a content word: too often a name or an institution (``fellow Citizens``)
            if not _on_english_prose_line(doc, capital.start):
                continue
            if not _common_word(lower):
                continue  # ``Putinalthough`` (a fused word) or a rare name
            if _capitalised_more_than_once(doc, capital.word):
                continue
            fix = Fix.display(Edit(capital.start, capital.start + 1, capital.word[0].lower()))
            message = f"'{capital.word}' is capitalised in the middle of a sentence: a lost sentence start?"
            yield self.finding(capital.start, capital.end, message, fix)


_PROPER_ADJECTIVE = re.compile(r"(?<![\w@#/.\-’'])(" + prefix_trie(PROPER_ADJECTIVES) + r")(?=\s+([a-z]+))")


def _listed_adjective_ending(chunk: str) -> str | None:
    """The listed proper adjective that ends ``chunk`` (its last run of ``a``-``z``), if any.

    The run is what ``rstrip`` of those letters removes (one C call, a third cheaper than a
    search for the last run; GR203's screen asks it of every new chunk).

    >>> _listed_adjective_ending("(atlantic"), _listed_adjective_ending("transatlantic"), _listed_adjective_ending("x")
    ('atlantic', None, None)
    """
    if not "a" <= chunk[-1] <= "z":
        return None
    run = chunk[len(chunk.rstrip(string.ascii_lowercase)) :]
    return run if run in PROPER_ADJECTIVES else None


@chunks.register
def _may_hold_proper_adjective(chunk: str) -> bool:
    """GR203's chunk screen: does a listed adjective end the chunk?

    A :data:`_PROPER_ADJECTIVE` match ends its chunk (white space follows it) and starts
    after a character that is not a letter, so it is the chunk's last run of ``a``-``z``.
    """
    return _listed_adjective_ending(chunk) is not None


def _lowercase_proper_adjectives_in(doc: Document) -> set[str]:
    """The listed proper adjectives that end a chunk of ``doc``: every :data:`_PROPER_ADJECTIVE` match is one."""
    found = (_listed_adjective_ending(chunk) for chunk in chunks.claimed(doc))
    return {word for word in found if word is not None}


def _proper_adjective_matches(text: str, words: Iterable[str]) -> Iterable[re.Match[str]]:
    """:data:`_PROPER_ADJECTIVE` matches in ``text``, in order, tried only where one of ``words`` occurs."""
    starts: set[int] = set()
    for needle in words:
        at = text.find(needle)
        while at >= 0:
            starts.add(at)
            at = text.find(needle, at + 1)
    for at in sorted(starts):
        match = _PROPER_ADJECTIVE.match(text, at)
        if match is not None:
            yield match


class LowercaseProperAdjective(Rule):
    """A proper adjective written in lower case (``atlantic alliance``).

    What it does:
        Flags a nationality or place adjective from a fixed list (``atlantic``,
        ``russian``, ``european``...) written in lower case before a lower-case word,
        in English prose.

    Why it happens:
        Machine translation from languages that do not capitalise these adjectives
        (Spanish ``alianza atlántica``, French ``l'Alliance atlantique``) copies their
        lower case into English.

    Example:
        ``This atlantic alliance`` -> suggests ``This Atlantic alliance``.

    Fix safety:
        Display only (the capital may belong to a whole name: ``Atlantic
        Alliance``). Words with a legitimate lower-case sense (``pacific``, ``polish``,
        ``dutch``, ``roman``, ``arctic``, ``catholic``) are not in the list;
        identifiers, hashtags and URLs are not prose.
    """

    code = "GR203"
    name = "lowercase-proper-adjective"
    category = Category.GRAMMAR
    summary = "Proper adjective in lower case"
    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield this rule's findings in ``doc``."""
        present = _lowercase_proper_adjectives_in(doc)
        if not present:
            return
        for match in _proper_adjective_matches(doc.text, present):
            word = match.group(1)
            if (word, match.group(2)) in PROPER_ADJECTIVE_IDIOMS:
                continue
            if not _on_english_prose_line(doc, match.start()):
                continue
            proper = PROPER_ADJECTIVES[word]
            fix = Fix.display(Edit(match.start(1), match.end(1), proper))
            yield self.finding(match.start(1), match.end(1), f"'{word}' is a proper adjective: '{proper}'", fix)


RULES: tuple[type[Rule], ...] = (
    LanguageToolRule,
    CapitalisedFunctionWord,
    CapitalisedMidSentence,
    LowercaseProperAdjective,
)
