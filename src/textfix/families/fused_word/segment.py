"""The segmentation model's document-independent half: which splits of a token are worth scoring.

A token is scored against a language model over words: unigram probabilities from
wordfreq (Zipf scale: log10 of the frequency per billion words), English word-pair
counts from symspellpy's bigram dictionary (:mod:`.ngrams`). A split ``w1 w2 [w3]`` of a
token ``t`` has log10 probability ``sum(zipf(wi) - 9)`` and is compared with the whole
token's ``zipf(t) - 9`` (an unknown token gets a floor) and with every rival split.
Everything here depends on the token alone and is cached per token and language; the
document's evidence (its prose vocabulary, the words around the token) is added in
:mod:`.candidates`.

>>> plan = split_plan("Putinalthough", "en")
>>> plan.best.parts
('Putin', 'although')
>>> split_plan("Donbas", "en") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache

import msgspec
import regex

from textfix.core.patterns import lazy_re, prefix_trie
from textfix.families.fused_word.language import function_words
from textfix.families.fused_word.ngrams import bigram_log_count
from textfix.lang import lexicon

#: Longest letter run considered: two or three fused words are shorter (keeps planning linear).
MAX_TOKEN = 40
#: Shortest run-on (``inthe``, ``ofthe`` have 5 letters).
MIN_RUN_ON = 5
#: A token at or above this Zipf frequency is a word, never a run-on...
WORD_ZIPF = 3.0
#: A known token with a function word in it may still be a run-on below this (``thecity`` is 1.2).
TYPO_ZIPF = 1.5
#: ... except two function words that the word list holds as a common typo (``ofthe`` is 3.3).
FUNCTION_PAIR_ZIPF = 3.5
#: The log10 probability (Zipf - 9) given to a token the word list does not hold.
UNKNOWN_LOG_PROB = -12.0
#: What each lost space costs (log10): fusions are rare, a token that lost two spaces rarer still.
BOUNDARY_COST = 1.5
#: A part must reach this Zipf frequency to be a word on its own...
PART_ZIPF = 2.0
#: ... or, when the document must vouch for it (``Opelka``), the other parts must reach this.
VOUCHED_PARTNER_ZIPF = 3.5
#: Three-way splits are tried for tokens this long and longer.
MIN_THREE_WAY = 9
#: The first of three parts must be at least this frequent (keeps 3-way planning cheap).
THREE_WAY_HEAD_ZIPF = 3.0
#: Most splits kept per token (best first).
MAX_SPLITS = 4
#: Most a known word pair adds to a split's score (log10).
MAX_PAIR_BONUS = 2.0
#: Scores are rounded to 3 decimals: a split this close to the rank cut is scored exactly.
_ROUNDING_MARGIN = 0.001
#: A plain lower-case or Capitalised word: the run-on candidates.
PLAIN_WORD = regex.compile(r"\p{Lu}?[\p{Ll}\p{M}]+")
#: Endings that make a known word into another one: "intonational" is "intonation" + "al".
SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "al", "ally", "ness", "ity", "ism", "ist", "ful")
#: Parts too short to stand alone unless they are function words (``a``, ``I`` are).
_SHORT = 2


class Split(msgspec.Struct, frozen=True):
    """One reading of a token as 2 or 3 words."""

    parts: tuple[str, ...]
    #: log10 probability under the unigram model plus the bigram bonus between the parts.
    score: float
    #: Zipf frequency of each part (0.0: unknown).
    zipfs: tuple[float, ...]
    #: Parts the document must use on its own for the split to count (rare names).
    needs: tuple[str, ...]
    #: log10 counts of the pairs inside the split (English only; 0.0: pair unknown).
    pair_counts: tuple[float, ...]


class SplitPlan(msgspec.Struct, frozen=True):
    """The splits worth scoring for one token, best first, and what the whole token scores."""

    whole_zipf: float
    whole_score: float
    splits: tuple[Split, ...]
    #: The token is a known word plus a common ending (``intonational``).
    derived: bool

    @property
    def best(self) -> Split:
        """The highest-scoring split."""
        return self.splits[0]


#: One lookup of :func:`textfix.lang.lexicon.zipf` (one C call; the table is the only cache).
zipf = lexicon.zipf


def forget() -> None:
    """Empty the split plans (for benchmarks of a cold first pass)."""
    split_plan.cache_clear()


def _cuts(token: str, lang: str) -> tuple[list[float], list[float]]:
    """The Zipf value of every prefix ``token[:i]`` and every suffix ``token[i:]`` (``i`` from 0), in one call.

    ``token`` is a :data:`PLAIN_WORD` (only its first letter may change when lower-cased):
    a prefix or suffix of its normalised form is then the normalised form of its prefix or
    suffix, and the table answers them all at once. When lower-casing changes its length
    (``İ``), each part is looked up on its own.
    """
    lowered = lexicon.normalise(token)
    if len(lowered) == len(token):
        return lexicon.zipf_table(lang).cuts(lowered)
    size = len(token)
    return [zipf(token[:i], lang) for i in range(size)], [zipf(token[i:], lang) for i in range(size)]


def is_derived(token: str, lang: str) -> bool:
    """Whether ``token`` is a known word plus a common ending (``intonational``, ``Burstalls``)."""
    lower = token.lower()
    return any(
        lower.endswith(suffix) and zipf(lower[: -len(suffix)], lang) >= lexicon.KNOWN_ZIPF
        for suffix in SUFFIXES
        if len(lower) - len(suffix) >= 4
    )


def _pair_bonus(pair_count: float, left_zipf: float, right_zipf: float) -> float:
    """How much a known pair raises the split above independent words (log10, >= 0).

    The bigram table counts about 10^13.1 pairs, so a pair seen as often as independent
    words predict has ``log10 count ~ zipf_l + zipf_r - 4.9``; the bonus is what a pair has
    above that (its pointwise mutual information), at most 2. A pair the table lacks gets
    none (the table keeps only the 243,342 most frequent pairs: absence is no evidence).
    """
    if pair_count <= 0.0:
        return 0.0
    return max(0.0, min(MAX_PAIR_BONUS, pair_count - (left_zipf + right_zipf - 4.9)))


def _make_split(parts: tuple[str, ...], zipfs: tuple[float, ...], needs: tuple[str, ...], lang: str) -> Split:
    """The scored split of parts that can stand (``needs``: the unknown part the document must vouch for)."""
    english = lang == "en"
    pair_counts = tuple(bigram_log_count(parts[i], parts[i + 1]) if english else 0.0 for i in range(len(parts) - 1))
    score = sum(zipf - 9.0 for zipf in zipfs) - BOUNDARY_COST * (len(parts) - 1)
    score += sum(_pair_bonus(pair_counts[i], zipfs[i], zipfs[i + 1]) for i in range(len(parts) - 1))
    # A vouched (unknown) part scores as a rare word.
    score += sum(PART_ZIPF for part in needs)
    return Split(parts, round(score, 3), zipfs, needs, pair_counts)


#: A split that can stand, before its pair bonus: (lowest score, parts, Zipf of each part, parts to vouch for).
_Standing = tuple[float, tuple[str, ...], tuple[float, ...], tuple[str, ...]]


def _splits(token: str, lang: str, whole_zipf: float, whole_score: float) -> list[Split]:
    """Every 2-way split that can stand and every 3-way split of known words, best :data:`MAX_SPLITS` first.

    A split can stand when each part is a word (:data:`PART_ZIPF`), or when one part is
    unknown (the document must vouch for it) beside a frequent one
    (:data:`VOUCHED_PARTNER_ZIPF`); a part of one or two letters must be a function word.
    Each prefix and suffix is looked up once, and a 3-way split looks up its middle part
    only when its first and last parts are words. A split whose highest score stays below
    ``whole_score`` is left out (:func:`split_plan` would drop it; it ranks below every
    split kept, so the best four kept are the same).
    """
    functions = function_words(lang)
    size = len(token)
    # heads[i] / tails[i]: Zipf of token[:i] / token[i:]; -1.0 where the part is too short to stand.
    heads, tails = _cuts(token, lang)
    heads[0] = tails[0] = -1.0
    for index in range(1, min(_SHORT, size - 1) + 1):
        if token[:index].lower() not in functions:
            heads[index] = -1.0
        if token[size - index :].lower() not in functions:
            tails[size - index] = -1.0
    found: list[_Standing] = []
    bonus = MAX_PAIR_BONUS if lang == "en" else 0.0
    floor = whole_score - _ROUNDING_MARGIN
    for index in range(1, size):
        head_zipf = heads[index]
        tail_zipf = tails[index]
        if head_zipf < 0.0 or tail_zipf < 0.0:
            continue
        if head_zipf >= PART_ZIPF:
            if tail_zipf >= PART_ZIPF:
                needs: tuple[str, ...] = ()
            elif head_zipf >= VOUCHED_PARTNER_ZIPF:
                needs = (token[index:],)
            else:
                continue
        elif tail_zipf >= VOUCHED_PARTNER_ZIPF:
            needs = (token[:index],)
        else:
            continue
        low = (head_zipf - 9.0) + (tail_zipf - 9.0) - BOUNDARY_COST + (PART_ZIPF if needs else 0.0)
        if low + bonus < floor:
            continue
        found.append((low, (token[:index], token[index:]), (head_zipf, tail_zipf), needs))
    if size >= MIN_THREE_WAY and whole_zipf == 0.0:
        # First parts that are frequent words, last parts that are words, then the middle part.
        lasts = [second for second in range(4, size - 1) if tails[second] >= PART_ZIPF]
        for first in range(2, size - 3):
            head_zipf = heads[first]
            if head_zipf < THREE_WAY_HEAD_ZIPF:
                continue
            head = token[:first]
            for second in lasts:
                if second < first + 2:
                    continue
                middle = token[first:second]
                if second - first <= _SHORT and middle.lower() not in functions:
                    continue
                middle_zipf = zipf(middle, lang)
                if middle_zipf < PART_ZIPF:
                    continue
                tail_zipf = tails[second]
                low = (head_zipf - 9.0) + (middle_zipf - 9.0) + (tail_zipf - 9.0) - 2 * BOUNDARY_COST
                if low + 2 * bonus < floor:
                    continue
                found.append((low, (head, middle, token[second:]), (head_zipf, middle_zipf, tail_zipf), ()))
    if len(found) > MAX_SPLITS:
        found = _contenders(found, bonus)
    out = [_make_split(parts, zipfs, needs, lang) for _, parts, zipfs, needs in found]
    out.sort(key=lambda split: (-split.score, split.parts))
    return out[:MAX_SPLITS]


def _contenders(found: list[_Standing], bonus: float) -> list[_Standing]:
    """The splits that may still rank in the best :data:`MAX_SPLITS` once their pair bonus is known.

    A split scores its lowest score plus a pair bonus of 0 to ``bonus`` per pair
    (:data:`MAX_PAIR_BONUS` in English, none elsewhere), so one whose highest score stays
    below the lowest scores of :data:`MAX_SPLITS` others cannot rank (a margin covers
    rounding to 3 decimals).
    """
    floor = sorted((low for low, *_ in found), reverse=True)[MAX_SPLITS - 1] - _ROUNDING_MARGIN
    return [split for split in found if split[0] + bonus * (len(split[1]) - 1) >= floor]


class _FunctionCuts(msgspec.Struct, frozen=True):
    """One language's function words as patterns: a function word then more text, and two function words."""

    head: re.Pattern[str]
    #: A reversed function word then more text, matched on the reversed token (a suffix test anchored at 0).
    reversed_head: re.Pattern[str]
    pair: re.Pattern[str]


@lru_cache(maxsize=8)
def _function_cuts(lang: str) -> _FunctionCuts:
    """The three patterns of ``lang``, each compiled on first use (about 3 ms each; a small file may need one)."""
    words = sorted(word for word in function_words(lang) if word)  # a cut has two non-empty parts
    forward, backward = prefix_trie(words), prefix_trie(word[::-1] for word in words)
    return _FunctionCuts(
        lazy_re(f"(?:{forward})(?=.)", re.DOTALL),
        lazy_re(f"(?:{backward})(?=.)", re.DOTALL),
        lazy_re(f"(?:{forward})(?:{forward})", re.DOTALL),
    )


def _has_function_cut(token: str, lang: str, *, both: bool) -> bool:
    """Whether a cut of ``token`` in two has a function word on one side (on each side when ``both``).

    ``token`` is a :data:`PLAIN_WORD`, so each part's lower case is that part of the token's
    lower case (when lower-casing keeps the length, see :func:`_cuts`), and one anchored
    match over the lower case answers for every cut at once.
    """
    lowered = token.lower()
    if len(lowered) != len(token):
        return _has_function_cut_by_parts(token, function_words(lang), both=both)
    cuts = _function_cuts(lang)
    if both:
        return cuts.pair.fullmatch(lowered) is not None
    return cuts.head.match(lowered) is not None or cuts.reversed_head.match(lowered[::-1]) is not None


def _has_function_cut_by_parts(token: str, functions: frozenset[str], *, both: bool) -> bool:
    """:func:`_has_function_cut`, one cut at a time (any token; the reference)."""
    for index in range(1, len(token)):
        head = token[:index].lower() in functions
        tail = token[index:].lower() in functions
        if (head and tail) if both else (head or tail):
            return True
    return False


#: Most split plans remembered: a plan of an unknown token holds up to four splits (about 1 KB),
#: and 100,000 of them held about 25 MB more than 40,000 for 1 % less CPU time on 20 MB of page text.
PLANS_REMEMBERED = 40_000


@lru_cache(maxsize=PLANS_REMEMBERED)
def split_plan(token: str, lang: str) -> SplitPlan | None:
    """The splits of a possible run-on ``token`` that beat the whole token, or None (cached)."""
    size = len(token)
    if not MIN_RUN_ON <= size <= MAX_TOKEN or not PLAIN_WORD.fullmatch(token):
        return None
    whole_zipf = zipf(token, lang)
    if whole_zipf >= FUNCTION_PAIR_ZIPF:
        return None
    functions = function_words(lang)
    if whole_zipf > 0.0 and not _has_function_cut(token, lang, both=whole_zipf >= TYPO_ZIPF):
        return None  # a known token: no split can pass the test below (most known tokens end here, unsplit)
    whole_score = whole_zipf - 9.0 if whole_zipf > 0 else UNKNOWN_LOG_PROB
    splits = tuple(
        split
        for split in _splits(token, lang, whole_zipf, whole_score)
        if split.score > whole_score
        # A token the word list knows is a word ("abridge", "beheld"), unless it is a function word
        # plus a word the list holds as a rare typo ("thecity"), or two function words ("ofthe").
        and (
            whole_zipf == 0.0
            or (whole_zipf < TYPO_ZIPF and any(part.lower() in functions for part in split.parts))
            or all(part.lower() in functions for part in split.parts)
        )
    )
    if not splits:
        return None
    return SplitPlan(whole_zipf, whole_score, splits, is_derived(token, lang))


def may_run_on(token: str) -> bool:
    """Screen, the same for every document: could ``token`` be a run-on in some language?

    A token English does not know at all may be a run-on in any language; a known but rare
    English token only when English splits it (its plan is cached for the documents).
    """
    if not MIN_RUN_ON <= len(token) <= MAX_TOKEN or PLAIN_WORD.fullmatch(token) is None:
        return False
    english = zipf(token, "en")
    return english == 0.0 or (english < FUNCTION_PAIR_ZIPF and split_plan(token, "en") is not None)


def best_split(token: str, lang: str = "en") -> tuple[str, ...] | None:
    """The best-scoring split of ``token`` before the document is consulted, or None.

    >>> best_split("privateequity")
    ('private', 'equity')
    """
    plan = split_plan(token, lang)
    return None if plan is None else plan.best.parts
