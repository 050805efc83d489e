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

from dataclasses import dataclass
from functools import lru_cache

import regex

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
#: A plain lower-case or Capitalised word: the run-on candidates.
PLAIN_WORD = regex.compile(r"\p{Lu}?[\p{Ll}\p{M}]+")
#: Endings that make a known word into another one: "intonational" is "intonation" + "al".
SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "al", "ally", "ness", "ity", "ism", "ist", "ful")
#: Parts too short to stand alone unless they are function words (``a``, ``I`` are).
_SHORT = 2


@dataclass(frozen=True, slots=True)
class Split:
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


@dataclass(frozen=True, slots=True)
class SplitPlan:
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


def is_derived(token: str, lang: str) -> bool:
    """Whether ``token`` is a known word plus a common ending (``intonational``, ``Burstalls``)."""
    lower = token.lower()
    return any(
        lower.endswith(suffix) and lexicon.zipf(lower[: -len(suffix)], lang) >= lexicon.KNOWN_ZIPF
        for suffix in SUFFIXES
        if len(lower) - len(suffix) >= 4
    )


def _part_ok(part: str, zipf: float, functions: frozenset[str]) -> bool:
    if len(part) <= _SHORT:
        return part.lower() in functions
    return True


def _pair_bonus(pair_count: float, left_zipf: float, right_zipf: float) -> float:
    """How much a known pair raises the split above independent words (log10, >= 0).

    The bigram table counts about 10^13.1 pairs, so a pair seen as often as independent
    words predict has ``log10 count ~ zipf_l + zipf_r - 4.9``; the bonus is what a pair has
    above that (its pointwise mutual information), at most 2. A pair the table lacks gets
    none (the table keeps only the 243,342 most frequent pairs: absence is no evidence).
    """
    if pair_count <= 0.0:
        return 0.0
    return max(0.0, min(2.0, pair_count - (left_zipf + right_zipf - 4.9)))


def _make_split(parts: tuple[str, ...], lang: str, functions: frozenset[str]) -> Split | None:
    zipfs = tuple(lexicon.zipf(part, lang) for part in parts)
    needs: list[str] = []
    for part, zipf in zip(parts, zipfs, strict=True):
        if not _part_ok(part, zipf, functions):
            return None
        if zipf < PART_ZIPF:
            needs.append(part)
    if needs:
        others = [zipf for part, zipf in zip(parts, zipfs, strict=True) if part not in needs]
        if len(needs) > 1 or not others or min(others) < VOUCHED_PARTNER_ZIPF:
            return None
    english = lang == "en"
    pair_counts = tuple(bigram_log_count(parts[i], parts[i + 1]) if english else 0.0 for i in range(len(parts) - 1))
    score = sum(zipf - 9.0 for zipf in zipfs) - BOUNDARY_COST * (len(parts) - 1)
    score += sum(_pair_bonus(pair_counts[i], zipfs[i], zipfs[i + 1]) for i in range(len(parts) - 1))
    # A vouched (unknown) part scores as a rare word.
    score += sum(PART_ZIPF for part in needs)
    return Split(parts, round(score, 3), zipfs, tuple(needs), pair_counts)


def _splits(token: str, lang: str) -> list[Split]:
    functions = function_words(lang)
    size = len(token)
    out: list[Split] = []
    known: dict[int, float] = {}
    for index in range(1, size):
        split = _make_split((token[:index], token[index:]), lang, functions)
        if split is not None:
            out.append(split)
    if size >= MIN_THREE_WAY and lexicon.zipf(token, lang) == 0.0:
        # Only first parts that are words on their own (cheap), then every second cut.
        for first in range(2, size - 3):
            head = token[:first]
            zipf = known.setdefault(first, lexicon.zipf(head, lang))
            if zipf < THREE_WAY_HEAD_ZIPF or not _part_ok(head, zipf, functions):
                continue
            for second in range(first + 2, size - 1):
                split = _make_split((head, token[first:second], token[second:]), lang, functions)
                if split is not None and not split.needs:
                    out.append(split)
    out.sort(key=lambda split: (-split.score, split.parts))
    return out[:MAX_SPLITS]


@lru_cache(maxsize=100_000)
def split_plan(token: str, lang: str) -> SplitPlan | None:
    """The splits of a possible run-on ``token`` that beat the whole token, or None (cached)."""
    size = len(token)
    if not MIN_RUN_ON <= size <= MAX_TOKEN or not PLAIN_WORD.fullmatch(token):
        return None
    whole_zipf = lexicon.zipf(token, lang)
    if whole_zipf >= FUNCTION_PAIR_ZIPF:
        return None
    whole_score = whole_zipf - 9.0 if whole_zipf > 0 else UNKNOWN_LOG_PROB
    functions = function_words(lang)
    splits = tuple(
        split
        for split in _splits(token, lang)
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
    english = lexicon.zipf(token)
    return english == 0.0 or (english < FUNCTION_PAIR_ZIPF and split_plan(token, "en") is not None)


def best_split(token: str, lang: str = "en") -> tuple[str, ...] | None:
    """The best-scoring split of ``token`` before the document is consulted, or None.

    >>> best_split("privateequity")
    ('private', 'equity')
    """
    plan = split_plan(token, lang)
    return None if plan is None else plan.best.parts
