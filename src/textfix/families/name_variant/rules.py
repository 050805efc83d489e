"""Rules of the name-variant family: one spelling per name in a document.

Machine translation and mixed sources spell one name several ways in one article
(``Bukha``, ``Boucha`` for Bucha; ``Donbass`` beside ``Donbas``). The family finds
such groups without a list of pairs, and uses names packs where one exists.

How a document is analysed (once, shared by every selected name rule):

1. *Mentions*: capitalised words wherever they stand (``\\p{Lu}\\p{Ll}+``), so a name
   inside a fused token (``Bukha.In``, ``UkraineIf``) or before a possessive
   (``Zelensky's``) is found on its own; plus the multi-word spellings of names packs
   (``Vladimir Zelensky``). Mentions inside a pack's frozen phrases (``Chicken Kiev``)
   do not count.
2. *Groups*: spellings with the same transliteration key (:func:`name_key`: accents,
   ``ou/u``, ``kh/ch/k``, ``dh/d``, ``y/i/j``, ``w/v``, ``tch/ch``, doubled letters, ``-iy/-yy/-y``
   endings). A pack entry claims the spellings it lists and those with its keys.
3. *Blocking* (automatic groups only): two spellings never merge when both are common
   English words or names (``Jon``/``John``), when both are GeoNames place names of
   different places, when they differ too much, or when they are shorter than 4
   letters; a spelling that also occurs in lower case is a common word, not a name.
4. *Canonical spelling*: the pack's, else a GeoNames place name with the group's key
   (even one the document never uses: ``Bukha``/``Boucha`` -> ``Bucha``), else the
   most frequent spelling in the document, else the first one.
5. *Action*: only when a group has two or more spellings in the document. A pack with
   ``enforce`` on also flags a consistent document that uses only a variant.

Most documents need none of this. One scan collects the document's distinct
capitalised words (:class:`_CapitalisedWords`); what each spelling is (a pack
spelling, or its key) is cached across documents (:class:`_Verdicts`); set operations
then find the pack spellings, the words that start a pack phrase and the words that
share a key with another one. Only those are located in the text (:func:`_word_occurrences`),
and pack phrases are tried only where their first word stands.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import msgspec
import regex

from textfix.core.patterns import lazy_regex
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.lang.english import english_ratio

# The key is the gazetteer's: the keys of its place names are prebuilt.
from textfix.lang.gazetteer import gazetteer, name_key, strip_accents
from textfix.lang.lexicon import zipf
from textfix.model import Applicability, Category, Edit, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document

#: A capitalised word: one capital then lower-case letters. Stops at apostrophes
#: (possessives), dots and capitals (fused tokens), so ``Bukha.In`` yields ``Bukha``.
_TOKEN = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]+")
#: A letter: what may not touch a lower-case word (:func:`_occurs_lower_case`).
_LETTER = regex.compile(r"\p{L}")
#: What continues a capitalised word.
_WORD_GOES_ON = regex.compile(r"[\p{Ll}\p{M}]")
#: Spellings (and keys) shorter than this are never merged automatically.
MIN_LENGTH = 4
#: Two spellings both at least this common in English are two names, not variants
#: (Jon/John, Talon/Tallon, Staten/Staaten); unlisted spellings this common never join a pack name.
ATTESTED_ZIPF = 1.5
#: Two accent-only spellings both at least this common in English are two words (Rose, Rosé; Cafe, Café),
#: not one name with a dropped accent (Erdogan 3.2, Erdoğan 2.6; Zurich 3.6, Zürich 2.5).
ACCENT_ATTESTED_ZIPF = 2.7
#: Least similarity (rapidfuzz ratio / 100, case-folded) of two spellings that may merge.
MIN_SIMILARITY = 0.6
#: Most spellings whose verdicts (pack entry, key) an analyzer keeps between documents;
#: past it the cache starts afresh, so memory stays flat over any number of documents.
SPELLING_CACHE_SIZE = 50_000


def similar(first: str, second: str) -> bool:
    """Whether two spellings are close enough to be one name (the similarity bound).

    The normalised Indel similarity of ``rapidfuzz`` (2 x longest common subsequence / total
    length, accents dropped, case folded): ``Zelensky``/``Selenskyj`` 0.82, ``Bucha``/``Buchach``
    0.83, ``Austria``/``Australia`` 0.88 (blocked as two places, not by this bound).

    >>> similar("Kabul", "Kaboul"), similar("Kabul", "Kalamata")
    (True, False)
    """
    from rapidfuzz import fuzz  # noqa: PLC0415 - start-up: loaded by the first pair of spellings

    ratio = fuzz.ratio(strip_accents(first).casefold(), strip_accents(second).casefold()) / 100
    return ratio >= MIN_SIMILARITY


def _phrase_pattern(phrases: Iterable[str], *, ignore_case: bool) -> regex.Pattern[str] | None:
    """One alternation of ``phrases`` (longest first), bounded by non-letters, spaces flexible.

    Compiled on first use: a document is searched only when it holds a phrase's first word
    (:attr:`NameAnalyzer.phrase_leads`), and the two patterns cost 8 ms at start-up.
    """
    unique = sorted(set(phrases), key=len, reverse=True)
    if not unique:
        return None
    body = "|".join(r"\s+".join(regex.escape(word) for word in phrase.split()) for phrase in unique)
    flags = regex.IGNORECASE if ignore_case else 0
    return lazy_regex(rf"(?<![\p{{L}}\p{{N}}])(?:{body})(?![\p{{L}}\p{{N}}])", flags)


def _spaces(text: str) -> str:
    return " ".join(text.split())


class NameEntry(msgspec.Struct, frozen=True):
    """One name of a names pack: its canonical spelling, known variants, frozen phrases."""

    canonical: str
    variants: tuple[str, ...]
    frozen: tuple[str, ...]
    code: str
    pack: str
    enforce: bool
    #: Other spellings English itself uses (Qaddafi beside Gaddafi): a document that uses one keeps it.
    english: tuple[str, ...] = ()
    #: Where the spellings come from (a pack's facts).
    source: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        """The canonical spelling, the other English spellings, then the variants."""
        return (self.canonical, *self.english, *self.variants)

    def choose(self, counts: Mapping[str, int]) -> tuple[str, str]:
        """The spelling a document with these mention ``counts`` settles on, and why.

        The canonical spelling, unless the document uses another English spelling of the
        name more often (then that one: a foreign spelling becomes the document's English one).

        >>> entry = NameEntry("Gaddafi", ("Kadhafi",), (), "NV153", "names/people", False, ("Qaddafi",))
        >>> entry.choose({"Qaddafi": 2, "Kadhafi": 1})
        ('Qaddafi', 'names pack names/people: the English spelling this document uses most')
        >>> entry.choose({"Kadhafi": 1, "Gaddafi": 1})
        ('Gaddafi', 'names pack names/people')
        """
        english = [s for s in (self.canonical, *self.english) if counts.get(s)]
        if not english or english == [self.canonical]:
            return self.canonical, f"names pack {self.pack}"
        best = max(english, key=lambda s: (counts[s], s == self.canonical))
        if best == self.canonical:
            return best, f"names pack {self.pack}"
        return best, f"names pack {self.pack}: the English spelling this document uses most"

    @property
    def is_phrase(self) -> bool:
        """Whether the name has several words (matched as a whole phrase)."""
        return " " in self.canonical


class _Mention(msgspec.Struct):
    spelling: str
    start: int
    end: int


class _Group(msgspec.Struct):
    """Mentions of one name: spelling -> its mentions, in document order."""

    mentions: dict[str, list[_Mention]] = msgspec.field(default_factory=dict)

    def add(self, mention: _Mention) -> None:
        self.mentions.setdefault(mention.spelling, []).append(mention)

    def listing(self, canonical: str) -> str:
        parts = [f"{s} ×{len(m)}" for s, m in self.mentions.items()]
        if canonical not in self.mentions:
            parts.append(f"{canonical} ×0")
        return ", ".join(parts)


class _CapitalisedWords:
    r"""The distinct capitalised words (:data:`_TOKEN`) of a text that have ``shortest`` letters or more.

    The ``regex`` module looks for ``[A-Z]`` or ``[^\x00-\x7f]`` about twice as fast as for
    ``\p{Lu}``, so the words are found by the capital they start with: ASCII, or another
    one (a rare character in most texts). A word is a maximal run, so the two scans
    find the same words as one scan for ``\p{Lu}`` would.

    >>> sorted(_CapitalisedWords(shortest=4).find("Zürich, Őrség and Łódź; Kyiv’s BukhaIn Oslo"))
    ['Bukha', 'Kyiv', 'Oslo', 'Zürich', 'Łódź', 'Őrség']
    """

    def __init__(self, *, shortest: int) -> None:
        self.shortest = shortest
        more = f"{{{shortest - 1},}}"
        self.ascii = regex.compile(rf"[A-Z][a-z]{more}")
        self.ascii_capital = regex.compile(rf"[A-Z][\p{{Ll}}\p{{M}}]{more}")
        self.other_capital = regex.compile(rf"[^\x00-\x7f](?<=\p{{Lu}})[\p{{Ll}}\p{{M}}]{more}")

    def find(self, text: str) -> set[str]:
        """The words of ``text``, each once."""
        if text.isascii():
            return set(self.ascii.findall(text))
        words = set(self.ascii_capital.findall(text))
        words.update(self.other_capital.findall(text))
        return words


#: The scan every name rule shares: capitalised words of two letters or more.
_SHARED_SCAN = _CapitalisedWords(shortest=2)


def capitalised_words(doc: Document, shortest: int) -> set[str]:
    """The distinct capitalised words of ``doc`` with ``shortest`` letters or more (one scan per document)."""
    words = doc.memo(_SHARED_SCAN, lambda: _SHARED_SCAN.find(doc.text))
    return words if shortest <= 2 else {w for w in words if len(w) >= shortest}


class _Verdicts(msgspec.Struct):
    """What each spelling seen so far is, kept between documents (bounded by SPELLING_CACHE_SIZE)."""

    #: Every spelling classified.
    seen: set[str] = msgspec.field(default_factory=set)
    #: Spellings that join a pack entry.
    pack: dict[str, NameEntry] = msgspec.field(default_factory=dict)
    #: Spellings that may merge automatically (long enough, no pack entry) -> their key.
    keys: dict[str, str] = msgspec.field(default_factory=dict)


#: What the analysis gives each rule: (start, end, message, fix) by rule code.
_Result = dict[str, list[tuple[int, int, str, Fix]]]


class NameAnalyzer:
    """The one analysis of a document shared by every selected name rule."""

    def __init__(
        self,
        entries: Sequence[NameEntry],
        automatic_code: str | None,
        *,
        enforce_all: bool,
        accent_code: str | None = None,
        claimers: Sequence[Callable[[Document], Collection[str]]] = (),
    ) -> None:
        self.automatic_code = automatic_code
        #: The code accent-only groups (Erdogan, Erdoğan) are reported under (None: not selected).
        self.accent_code = accent_code
        #: Other rules' spellings (the exonym rules'), which automatic groups leave alone.
        self.claimers = tuple(claimers)
        self.enforce_all = enforce_all
        self.by_spelling: dict[str, NameEntry] = {}
        self.by_key: dict[str, NameEntry] = {}
        phrases: list[str] = []
        frozen: list[str] = []
        for entry in entries:
            frozen.extend(entry.frozen)
            for spelling in entry.spellings:
                self.by_spelling.setdefault(_spaces(spelling), entry)
                if entry.is_phrase:
                    phrases.append(spelling)
                else:
                    self.by_key.setdefault(name_key(spelling), entry)
        self.phrase_pattern = _phrase_pattern(phrases, ignore_case=False)
        self.frozen_pattern = _phrase_pattern(frozen, ignore_case=True)
        #: The lower-case first words of the frozen phrases, when all are ASCII (None: some is not).
        firsts = {phrase.split()[0].lower() for phrase in frozen}
        self.frozen_leads = firsts if all(first.isascii() for first in firsts) else None
        #: The capitalised words pack phrases start with: a phrase is searched only in a
        #: document that has its word (None: some phrase starts otherwise, always search).
        leads = [_TOKEN.match(phrase) for phrase in phrases]
        self.phrase_leads = frozenset(m.group() for m in leads if m) if all(leads) else None
        # Shorter capitalised words can neither be a pack spelling nor start a pack phrase,
        # nor merge automatically: the candidate scan skips them.
        words = [s for e in entries if not e.is_phrase for s in e.spellings] + list(self.phrase_leads or ())
        self.candidates = _CapitalisedWords(shortest=max(2, min([MIN_LENGTH, *map(len, words)])))
        self._verdicts = _Verdicts()

    # -- collecting mentions -------------------------------------------------------------

    def _frozen_spans(self, text: str) -> list[tuple[int, int]]:
        if self.frozen_pattern is None:
            return []
        if self.frozen_leads is not None:
            folded = _fold_like_ignorecase(text)
            if not any(lead in folded for lead in self.frozen_leads):
                return []  # no frozen phrase's first word: the (slow) pattern cannot match
        return [m.span() for m in self.frozen_pattern.finditer(text)]

    def analyze(self, doc: Document) -> _Result:
        """Findings of every name rule in ``doc``.

        Set operations on the document's distinct capitalised words decide what to look
        at: pack spellings, words that start a pack phrase, and words sharing a key with
        another one. Most documents have none of them, and cost one scan.
        """
        text = doc.text
        candidates = capitalised_words(doc, self.candidates.shortest)
        verdicts = self._verdicts_for(candidates)
        phrases = self.phrase_pattern is not None and (
            self.phrase_leads is None or not self.phrase_leads.isdisjoint(candidates)
        )
        spellings = (verdicts.pack.keys() & candidates) | self._sharing_a_key(candidates, verdicts)
        if not phrases and not spellings:
            return {}
        if self.claimers and spellings - verdicts.pack.keys():
            claimed = frozenset().union(*(claimer(doc) for claimer in self.claimers))
            spellings -= claimed - verdicts.pack.keys()
        return self._analyze(text, candidates, spellings, verdicts, phrases=phrases)

    def _sharing_a_key(self, candidates: set[str], verdicts: _Verdicts) -> set[str]:
        """The automatic candidates whose key another candidate has too."""
        if self.automatic_code is None and self.accent_code is None:
            return set()
        automatic = verdicts.keys.keys() & candidates
        key_of = verdicts.keys.__getitem__
        # Set operations only: one spelling per key survives in `kept`; the others share a key.
        kept = dict(zip(map(key_of, automatic), automatic, strict=True))
        if len(kept) == len(automatic):
            return set()  # every key once: the common case
        others = automatic.difference(kept.values())
        return others.union([kept[key] for key in set(map(key_of, others))])

    def _verdicts_for(self, spellings: set[str]) -> _Verdicts:
        """Verdicts that cover ``spellings``: the cached ones, completed (or fresh ones when full)."""
        verdicts = self._verdicts
        new = spellings.difference(verdicts.seen)
        if len(verdicts.seen) + len(new) > SPELLING_CACHE_SIZE:
            verdicts = self._verdicts = _Verdicts()  # replaced, not cleared: a caller may still hold the old one
            new = spellings
        for spelling in new:
            key = name_key(spelling)
            entry = self.by_spelling.get(spelling) or self.by_key.get(key)
            if entry is not None and (spelling in entry.spellings or self._may_join(spelling, entry.spellings)):
                verdicts.pack[spelling] = entry
            elif len(spelling) >= MIN_LENGTH and len(key) >= MIN_LENGTH:
                verdicts.keys[spelling] = key  # a shorter key never merges
        verdicts.seen.update(new)
        return verdicts

    def _analyze(
        self, text: str, candidates: set[str], spellings: set[str], verdicts: _Verdicts, *, phrases: bool
    ) -> _Result:
        """The analysis of the mentions of ``spellings``, and of pack phrases if ``phrases``."""
        frozen: list[tuple[int, int]] | None = None

        def is_frozen(start: int, end: int) -> bool:
            # Searched only when a mention needs it: most documents never do.
            nonlocal frozen
            if frozen is None:
                frozen = self._frozen_spans(text)
            return any(s <= start and end <= e for s, e in frozen)

        phrase_mentions: list[tuple[NameEntry, _Mention]] = []
        if phrases:
            for match in self._phrase_matches(text, candidates):
                if not is_frozen(*match.span()):
                    spelling = _spaces(match.group())
                    phrase_mentions.append((self.by_spelling[spelling], _Mention(spelling, *match.span())))
        occurrences = _word_occurrences(text, spellings)

        pack_groups: dict[NameEntry, _Group] = {}
        keyed: dict[str, list[str]] = {}
        for spelling, starts in occurrences.items():
            entry = verdicts.pack.get(spelling)
            if entry is not None:
                group = pack_groups.setdefault(entry, _Group())
                for start in starts:
                    end = start + len(spelling)
                    if not is_frozen(start, end):
                        group.add(_Mention(spelling, start, end))
            else:
                keyed.setdefault(verdicts.keys[spelling], []).append(spelling)
        for entry, mention in phrase_mentions:
            pack_groups.setdefault(entry, _Group()).add(mention)

        result: _Result = {}
        rewrites: list[tuple[str, _Mention, str, Applicability, str]] = []
        for entry, group in pack_groups.items():
            rewrites.extend(self._decide_pack(entry, group))
        if keyed and _reads_as_another_language(text):
            keyed = {}  # capitals mark names only in English (German capitalises every noun: Maße, Masse)
        for key, same_key in keyed.items():
            clusters = self._clusters(text, same_key, occurrences) if self.automatic_code is not None else []
            accents = self._accent_clusters(text, same_key, clusters) if self.accent_code is not None else []
            for cluster, decide in [(c, self._decide_automatic) for c in clusters] + [
                (c, self._decide_accents) for c in accents
            ]:
                group = _Group()
                for spelling in cluster:
                    for start in occurrences[spelling]:
                        if not is_frozen(start, start + len(spelling)):
                            group.add(_Mention(spelling, start, start + len(spelling)))
                rewrites.extend(decide(key, group))
        self._emit(rewrites, phrase_mentions, result)
        return result

    def _phrase_matches(self, text: str, words: set[str]) -> Iterator[regex.Match[str]]:
        """The pack phrases :attr:`phrase_pattern` finds in ``text`` (whose capitalised words are ``words``).

        A phrase starts where its lead word does, so the pattern is tried only there
        (in order, never inside the previous phrase) instead of at every character.
        """
        assert self.phrase_pattern is not None
        if self.phrase_leads is None:
            yield from self.phrase_pattern.finditer(text)
            return
        where = _word_occurrences(text, self.phrase_leads & words).values()
        end = 0
        for start in sorted(start for starts in where for start in starts):
            if start >= end and (match := self.phrase_pattern.match(text, start)) is not None:
                yield match
                end = match.end()

    def _may_join(self, spelling: str, known: Sequence[str]) -> bool:
        """Whether an unlisted spelling with a pack entry's key may join that entry."""
        return (
            len(spelling) >= MIN_LENGTH
            and zipf(spelling) < ATTESTED_ZIPF
            and any(similar(spelling, other) for other in known)
        )

    # -- automatic groups ------------------------------------------------------------

    def _clusters(self, text: str, spellings: list[str], occurrences: Mapping[str, list[int]]) -> list[list[str]]:
        """Split same-key spellings into clusters whose members are all compatible."""
        names = [s for s in spellings if not _occurs_lower_case(text, s)]
        names.sort(key=lambda s: (-len(occurrences[s]), occurrences[s][0]))
        clusters: list[list[str]] = []
        for spelling in names:
            for cluster in clusters:
                if all(_compatible(spelling, other) for other in cluster):
                    cluster.append(spelling)
                    break
            else:
                clusters.append([spelling])
        return [c for c in clusters if len(c) >= 2]

    def _accent_clusters(self, text: str, spellings: list[str], clusters: list[list[str]]) -> list[list[str]]:
        """Same-key spellings that differ only in accents (Erdogan, Erdoğan), outside ``clusters``.

        Never two spellings that are both English words or names (Rose, Rosé); the caller
        looks at English text only (German nouns differ in umlauts: Mutter, Mütter).
        """
        grouped = {s for cluster in clusters for s in cluster}
        by_letters: dict[str, list[str]] = {}
        for spelling in spellings:
            if spelling not in grouped and not _occurs_lower_case(text, spelling):
                by_letters.setdefault(strip_accents(spelling), []).append(spelling)
        return [g for g in by_letters.values() if len(g) >= 2 and sum(zipf(s) >= ACCENT_ATTESTED_ZIPF for s in g) < 2]

    def _decide_accents(self, key: str, group: _Group) -> Iterable[tuple[str, _Mention, str, Applicability, str]]:
        assert self.accent_code is not None
        del key
        canonical, reason = choose_accented(group.mentions)
        message = f"{len(group.mentions)} spellings of one name here, differing only in accents "
        message += f"({group.listing(canonical)}); use `{canonical}` ({reason})"
        for spelling, mentions in group.mentions.items():
            if spelling != canonical:
                for mention in mentions:
                    yield self.accent_code, mention, canonical, Applicability.UNSAFE, message

    def _decide_automatic(self, key: str, group: _Group) -> Iterable[tuple[str, _Mention, str, Applicability, str]]:
        assert self.automatic_code is not None
        if len(group.mentions) < 2:
            return
        canonical, reason = _choose_canonical(key, group)
        message = f"{len(group.mentions)} spellings of one name here ({group.listing(canonical)}); use `{canonical}`"
        message += f" ({reason})"
        for spelling, mentions in group.mentions.items():
            if spelling != canonical:
                for mention in mentions:
                    yield self.automatic_code, mention, canonical, Applicability.UNSAFE, message

    # -- pack groups -------------------------------------------------------------------

    def _decide_pack(self, entry: NameEntry, group: _Group) -> Iterable[tuple[str, _Mention, str, Applicability, str]]:
        canonical, reason = entry.choose({s: len(m) for s, m in group.mentions.items()})
        if len(group.mentions) >= 2:
            listing = group.listing(canonical)
            message = f"{len(group.mentions)} spellings of one name here ({listing}); use `{canonical}`"
            message += f" ({reason}{'; source: ' + entry.source if entry.source else ''})"
            for spelling, mentions in group.mentions.items():
                if spelling == canonical:
                    continue
                named = spelling in entry.variants
                applicability = Applicability.SAFE if named else Applicability.UNSAFE
                for mention in mentions:
                    yield entry.code, mention, canonical, applicability, message
        elif (
            (entry.enforce or self.enforce_all)
            and group.mentions
            and canonical not in group.mentions
            and not set(group.mentions) & set(entry.english)
        ):
            (spelling,) = group.mentions
            message = f"`{spelling}` is spelled `{canonical}` in the house style of names pack {entry.pack}"
            message += " (enforce is on)"
            for mention in group.mentions[spelling]:
                yield entry.code, mention, canonical, Applicability.UNSAFE, message

    # -- output ------------------------------------------------------------------------

    def _emit(
        self,
        rewrites: list[tuple[str, _Mention, str, Applicability, str]],
        phrase_mentions: list[tuple[NameEntry, _Mention]],
        result: _Result,
    ) -> None:
        """Turn rewrites into findings; a word inside a pack phrase is rewritten with its phrase."""
        phrase_spans = {(m.start, m.end) for _, m in phrase_mentions}
        phrase_rewritten = {(m.start, m.end) for _, m, _, _, _ in rewrites if (m.start, m.end) in phrase_spans}
        for rewrite in rewrites:
            code, mention, canonical, applicability, message = rewrite
            span = (mention.start, mention.end)
            if span not in phrase_spans:
                owner = next(((e, m) for e, m in phrase_mentions if m.start <= mention.start < m.end), None)
                if owner is not None:
                    entry, phrase = owner
                    if (phrase.start, phrase.end) in phrase_rewritten:
                        continue
                    if canonical not in entry.canonical.split():
                        continue
                    # The word's name is being unified: rewrite the whole pack phrase instead.
                    phrase_rewritten.add((phrase.start, phrase.end))
                    named = phrase.spelling in entry.variants
                    applicability = Applicability.SAFE if named else Applicability.UNSAFE
                    code, mention, canonical = entry.code, phrase, entry.canonical
                    message = f"{message}; the whole name `{phrase.spelling}` becomes `{canonical}` (names pack)"
            fix = Fix((Edit(mention.start, mention.end, canonical),), applicability)
            result.setdefault(code, []).append((mention.start, mention.end, message, fix))


#: A text of this many words or more whose share of English function words is below the bound reads
#: as another language (German ~0.03, English ~0.3): capitals there do not mark names.
OTHER_LANGUAGE_WORDS = 50
OTHER_LANGUAGE_RATIO = 0.08


def _reads_as_another_language(text: str) -> bool:
    ratio, count = english_ratio(_sample(text))
    return count >= OTHER_LANGUAGE_WORDS and ratio < OTHER_LANGUAGE_RATIO


def _sample(text: str, size: int = 5_000) -> str:
    """The start, middle and end of ``text``: enough to tell its language."""
    if len(text) <= 3 * size:
        return text
    middle = len(text) // 2
    return "\n".join((text[:size], text[middle : middle + size], text[-size:]))


def _word_occurrences(text: str, spellings: Iterable[str]) -> dict[str, list[int]]:
    """Where each capitalised word (``\\p{Lu}[\\p{Ll}\\p{M}]+``) occurs whole, in order of first occurrence.

    No capital stands inside such a word, so one starts wherever its spelling does,
    and is whole where no lower-case letter or mark follows: the mentions
    :data:`_TOKEN` finds.

    >>> _word_occurrences("Kyivan Kyiv. NoKyiv Kyivs", {"Kyiv", "Kyivan"})
    {'Kyivan': [0], 'Kyiv': [7, 15]}
    """
    found: dict[str, list[int]] = {}
    for spelling in spellings:
        starts = []
        start = text.find(spelling)
        while start != -1:
            if _WORD_GOES_ON.match(text, start + len(spelling)) is None:
                starts.append(start)
            start = text.find(spelling, start + 1)
        if starts:
            found[spelling] = starts
    return dict(sorted(found.items(), key=lambda item: item[1][0]))


def _fold_like_ignorecase(text: str) -> str:
    """``text`` folded so that an ASCII word matches it under ``regex.IGNORECASE`` only where its lower case occurs.

    Case folding maps every character that matches an ASCII letter case-insensitively
    to that letter, except the Turkish ``İ`` and ``ı``, which ``regex`` matches with
    ``i`` and ``I``.

    >>> _fold_like_ignorecase("CHİCKEN Kıev \u212aiev")
    'chicken kiev kiev'
    """
    return text.replace("İ", "i").replace("ı", "i").casefold()


def _occurs_lower_case(text: str, spelling: str) -> bool:
    """Whether ``spelling`` also occurs in lower case as a word (then it is a common word)."""
    lower = spelling.lower()
    start = text.find(lower)
    while start != -1:
        if not (start and _LETTER.match(text, start - 1)) and not _LETTER.match(text, start + len(lower)):
            return True
        start = text.find(lower, start + 1)
    return False


def _compatible(first: str, second: str) -> bool:
    """Whether two same-key spellings may be one name."""
    if not similar(first, second) or strip_accents(first) == strip_accents(second):
        return False  # accents only (Maori, Māori): an editorial choice, not a mangled name
    if zipf(first) >= ATTESTED_ZIPF and zipf(second) >= ATTESTED_ZIPF:
        return False  # two attested names: Jon and John
    places = gazetteer()
    # Two canonical place names are two places (Austria, Australia; Hanover, Hannover).
    return not (places.is_place_name(first) and places.is_place_name(second))


def choose_accented(mentions: Mapping[str, Sequence[object]]) -> tuple[str, str]:
    """The spelling an accent-only group settles on, and why.

    The most frequent spelling; on a tie the GeoNames place name, else a spelling far more
    frequent in English (a Zipf ahead by 1 or more: ``Parliament``, not ``Parliamént``), else
    the one with more accents (dropping accents is what ASCII folding, keyboards and old
    encodings do; adding wrong ones is rare).

    >>> choose_accented({"Erdogan": [1, 2], "Erdoğan": [3]})
    ('Erdogan', 'the most frequent spelling in this document')
    >>> choose_accented({"Erdogan": [1], "Erdoğan": [3]})
    ('Erdoğan', 'as frequent as the others, and keeps its accents')
    """
    places = gazetteer()
    ranked = sorted(mentions, key=lambda s: -len(mentions[s]))
    first, second = ranked[0], ranked[1]
    if len(mentions[first]) > len(mentions[second]):
        return first, "the most frequent spelling in this document"
    tied = [s for s in ranked if len(mentions[s]) == len(mentions[first])]
    named = [s for s in tied if places.is_place_name(s)]
    if len(named) == 1:
        return named[0], "as frequent as the others, and the GeoNames place name"
    by_frequency = sorted(tied, key=zipf, reverse=True)
    if zipf(by_frequency[0]) >= zipf(by_frequency[1]) + 1.0:
        return by_frequency[0], "as frequent as the others, and far more frequent in English"
    return max(tied, key=_accents), "as frequent as the others, and keeps its accents"


def _accents(spelling: str) -> int:
    """How many combining marks ``spelling`` has once decomposed (``Erdoğan``: 1)."""
    return sum(1 for c in unicodedata.normalize("NFD", spelling) if unicodedata.combining(c))


def _choose_canonical(key: str, group: _Group) -> tuple[str, str]:
    """The spelling a group settles on, and why: GeoNames, frequency, first mention."""
    places = gazetteer()
    spellings = list(group.mentions)
    used = [s for s in spellings if places.is_place_name(s)]
    if used:
        return max(used, key=places.population), "the GeoNames place name"
    candidates = [
        place
        for place in places.with_name_key(key)
        if _TOKEN.fullmatch(place.name) and all(similar(place.name, s) for s in spellings)
    ]
    if candidates:
        name = max(candidates, key=lambda p: p.population).name
        # GeoNames often drops accents (Whangarei): keep the document's accented form.
        accented = [s for s in spellings if s != name and strip_accents(s) == name]
        if accented:
            name = max(accented, key=lambda s: len(group.mentions[s]))
        return name, "the GeoNames place name"
    counts = sorted(((len(m), -m[0].start, s) for s, m in group.mentions.items()), reverse=True)
    if counts[0][0] > counts[1][0]:
        return counts[0][2], "the most frequent spelling in this document"
    tied = sorted((s for n, _, s in counts if n == counts[0][0]), key=zipf, reverse=True)
    if zipf(tied[0]) >= zipf(tied[1]) + 1.0:
        return tied[0], "as frequent as the others, and far more frequent in English"
    first = min(spellings, key=lambda s: group.mentions[s][0].start)
    return first, "the first spelling in this document"


@runtime_checkable
class ClaimsSpellings(Protocol):
    """A rule whose spellings the automatic grouping leaves alone (the exonym rules)."""

    def claimed_spellings(self, doc: Document) -> Collection[str]:
        """The spellings that rule rewrites in ``doc``."""


@dataclass(frozen=True)
class NameVariantOptions:
    """Options of ``[tool.textfix.name-variant]``.

    Attributes:
        enforce: pack rules rewrite every non-preferred spelling, even when the
            document uses only that one (an editorial style, not a repair).
    """

    enforce: bool = False


class _NameRule(Rule):
    """Shared plumbing: every name rule reads one shared :class:`NameAnalyzer`."""

    category = Category.NAME_VARIANT
    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT
    _analyzer: NameAnalyzer | None = None

    def prepare(self, selected: Sequence[Rule]) -> None:
        """Build one analyzer for every selected name rule (packs and the automatic rule)."""
        if self._analyzer is not None and self in selected:
            return
        peers = [r for r in selected if isinstance(r, _NameRule)]
        if self not in peers:
            peers.append(self)
        entries = [e for r in peers if isinstance(r, NamesPackRule) for e in r.entries]
        automatic = next((r for r in peers if isinstance(r, NameVariants)), None)
        accents = next((r for r in peers if getattr(r, "accent_rule", False)), None)
        claimers = [r.claimed_spellings for r in selected if isinstance(r, ClaimsSpellings)]
        analyzer = NameAnalyzer(
            entries,
            automatic.code if automatic is not None else None,
            enforce_all=automatic is not None and automatic.enforce,
            accent_code=accents.code if accents is not None else None,
            claimers=claimers[:1],
        )
        for peer in peers:
            peer._analyzer = analyzer

    def check(self, doc: Document) -> Iterable[Finding]:
        """This rule's share of the document's name analysis."""
        if self._analyzer is None:
            self.prepare([self])
        analyzer = self._analyzer
        assert analyzer is not None
        for start, end, message, fix in doc.memo(analyzer, lambda: analyzer.analyze(doc)).get(self.code, ()):
            yield self.finding(start, end, message, fix)


class NameVariants(_NameRule):
    """One name spelled several ways in one document.

    What it does:
        Finds groups of capitalised words that are spellings of one name (same
        transliteration key: accents, ``ou/u``, ``kh/ch/k``, ``dh/d``, ``y/i/j``, ``w/v``,
        ``tch/ch``, doubled letters, ``-iy/-yy/-y`` endings) and, when a document uses
        two or more of them, rewrites the others to one canonical spelling: a GeoNames
        place name with that key (even if the document never uses it), else the most
        frequent spelling, else the first. Names packs (``rules/names/``) take
        precedence over this rule for the names they list.

    Why it happens:
        Machine translation and articles stitched from several sources transliterate
        one name several ways: ``Bukha`` and ``Boucha`` for Bucha, ``Zelenskiy`` beside
        ``Zelensky``. Readers, search and entity linking then see different names.

    Example:
        ``... the massacre in Bukha ... civilians in Boucha ...`` becomes
        ``... the massacre in Bucha ... civilians in Bucha ...`` (GeoNames: Bucha).
        ``Jon`` and ``John`` stay apart (both are common names), so do ``Austria`` and
        ``Australia`` (two places), and a document that spells a name one way is left
        alone.

    Fix safety:
        Unsafe: the spellings were grouped by a heuristic and no pack names the
        variant; applied only with ``--unsafe-fixes``. Measured (``python -m bench
        names``): precision 0.9987 on 1,954 injected variant mentions.

    Options (``[tool.textfix.name-variant]``):
        ``enforce`` (default false): names packs also flag a document that spells a
        listed name consistently but not in the pack's form (``Kiev`` -> ``Kyiv``), as
        an unsafe fix. That is a house-style choice, not a repair.
    """

    code = "NV101"
    name = "name-spelling-variants"
    summary = "one name spelled several ways in one document"
    enforce = False

    @classmethod
    def create(cls, options: Any) -> Rule:
        """Build the rule from ``[tool.textfix.name-variant]`` (key: ``enforce``)."""
        assert isinstance(options, NameVariantOptions)
        rule = cls()
        rule.enforce = options.enforce
        return rule


class NamesPackRule(_NameRule):
    """A pack rule of kind ``names``: canonical spellings, known variants, frozen phrases."""

    def __init__(self, entries: Sequence[NameEntry]) -> None:
        self.entries = tuple(entries)


RULES: tuple[type[Rule], ...] = (NameVariants,)
