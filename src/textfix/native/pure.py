"""The pure-Python kernels: the reference that defines what each kernel returns.

The compiled module (``_native.c``) must return exactly what these functions return, for
every input (``tests/test_native.py`` checks both paths against each other). Change a
kernel here first, then in C, never the other way round.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
import struct
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, Protocol

from textfix.core.patterns import lazy_re

if TYPE_CHECKING:
    import mmap

    import regex

#: An array argument of a kernel: any C-contiguous buffer of the right item type and shape (a numpy
#: array, a memoryview of an ``array.array``, cast to 2-d where a kernel reads rows).
Buffer = Any

# The scans the line counts are defined by (the standard library's ``re``: its ``\w``, ``\d``
# and ``\s`` are the ones the C kernel reproduces with CPython's own character tests).
_WORDS = lazy_re(r"\w+")
_DIGIT_TOKEN = lazy_re(r"\S*\d\S*")
_PUNCT = lazy_re(r"[^\w\s]")
_SEPARATOR_TOKEN = lazy_re(r"(?<!\S)[|»«·›‹/>•–—:-](?!\S)")

#: What :func:`line_counts` returns, in this order.
LINE_COUNT_FIELDS = (
    "words",  # runs of word characters (\w+) in the case-folded sample
    "letters",  # characters of those runs
    "stopwords",  # of those runs, how many are in ``stopwords``
    "tokens",  # whitespace-separated tokens (str.split())
    "titled",  # tokens for which str.istitle() holds
    "upper",  # tokens for which str.isupper() holds
    "digit_tokens",  # tokens with a decimal digit (\d)
    "punctuation",  # characters that are neither word characters nor whitespace
    "separators",  # one of | » « · › ‹ / > • – — : - standing alone between whitespace (or the ends)
)


def line_counts(sample: str, stopwords: frozenset[str]) -> tuple[int, int, int, int, int, int, int, int, int]:
    """The character-class counts of one line's sample (see :data:`LINE_COUNT_FIELDS`).

    >>> line_counts("The Straße 12 | Home:", frozenset({"the"}))
    (4, 16, 1, 5, 3, 0, 1, 2, 1)
    """
    words = _WORDS.findall(sample.casefold())
    tokens = sample.split()
    return (
        len(words),
        sum(map(len, words)),
        sum(map(stopwords.__contains__, words)),
        len(tokens),
        sum(map(str.istitle, tokens)),
        sum(map(str.isupper, tokens)),
        len(_DIGIT_TOKEN.findall(sample)),
        len(_PUNCT.findall(sample)),
        len(_SEPARATOR_TOKEN.findall(sample)),
    )


def score_trees(
    features: Buffer,
    feature: Buffer,
    threshold: Buffer,
    left: Buffer,
    right: Buffer,
    value: Buffer,
    baseline: float,
    depth: int,
    out: Buffer,
) -> None:
    """Write into ``out`` the raw score of each row of ``features`` under a tree ensemble.

    The ensemble is ``(trees, width)`` arrays of nodes; node 0 of each tree is its root, a
    row goes to ``left`` when ``features[row, feature] <= threshold`` (so NaN goes right),
    and a leaf points to itself on both sides. A row walks ``depth`` steps down each tree (a
    node that leads to itself is a leaf: the row stays there). Its score is ``baseline + s``
    where ``s`` adds the leaf values tree by tree, in order (``((v0 + v1) + v2) + ...``: a
    defined order, the same in C). Overflow gives infinities and ``inf - inf`` NaN, silently;
    which NaN (its sign and payload) is left open.

    The rows are scored in blocks, all trees at once: one numpy gather per depth step.
    """
    import numpy as np  # noqa: PLC0415 - numpy costs ~0.1 s to import: only when a page is scored

    # Any buffers (numpy arrays, 2-d memoryviews of array.array): numpy views of them, no copies.
    features, feature, threshold, left, right, value = map(
        np.asarray, (features, feature, threshold, left, right, value)
    )
    out = np.asarray(out)
    trees, width = feature.shape
    columns = features.shape[1]

    base = np.arange(trees, dtype=np.int64) * width
    flat_feature = feature.ravel()
    flat_threshold = threshold.ravel()
    flat_left = (left + base[:, None]).ravel()
    flat_right = (right + base[:, None]).ravel()
    flat_value = value.ravel()
    with np.errstate(over="ignore", invalid="ignore"):  # inf and NaN come out as in C, without a warning
        for start in range(0, len(features), _BLOCK_ROWS):
            block = np.ascontiguousarray(features[start : start + _BLOCK_ROWS])
            flat = block.ravel()
            offsets = (np.arange(len(block), dtype=np.int64) * columns)[:, None]
            node = np.broadcast_to(base, (len(block), trees)).copy()
            for step in range(depth):
                goes_left = flat[offsets + flat_feature[node]] <= flat_threshold[node]
                moved = np.where(goes_left, flat_left[node], flat_right[node])
                if step % 4 == 3 and np.array_equal(moved, node):
                    break
                node = moved
            # cumsum is sequential (each partial sum adds the next tree), unlike sum's pairwise order.
            total = flat_value[node].cumsum(axis=1)[:, -1] if trees else np.zeros(len(block))
            out[start : start + len(block)] = baseline + total


#: Rows scored per block (keeps the (rows, trees) index arrays small on huge documents).
_BLOCK_ROWS = 4096


# --------------------------------------------------------------------------- lexicon table (_lexicon.Table)

#: The first bytes of a word-frequency index (``textfix.lang.zipf_index``, which documents the layout).
_LEXICON_MAGIC = b"TFZ3"
_LEXICON_HEADER = 20
_LEXICON_ENTRY = struct.Struct("<HH")


class LexiconTable:
    """One language's words and Zipf values, from a TFZ3 index: the reference of ``_lexicon.Table``.

    The reference reads every bucket's entries once into a ``dict`` (the compiled table hashes
    a word to its bucket instead: ``zipf_index.encode`` puts each word in its bucket, and the
    tests check that the compiled table finds every word); a value is the stored whole number
    of hundredths over 100 (``centi / 100``).

    >>> from textfix.lang.zipf_index import encode
    >>> table = LexiconTable(encode({"city": 5.65, "the": 7.21}))
    >>> len(table), table.get("the"), table.zipf("City"), table.get("cities"), "city" in table
    (2, 7.21, 5.65, 0.0, True)
    >>> table.cuts("thecity")
    ([0.0, 0.0, 0.0, 7.21, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 5.65, 0.0, 0.0, 0.0])
    """

    __slots__ = ("_values", "_words")

    def __init__(self, data: bytes | memoryview | mmap.mmap) -> None:
        """Read ``data``, the index's bytes (layout: :mod:`textfix.lang.zipf_index`)."""
        view = memoryview(data).cast("B")
        if len(view) < _LEXICON_HEADER or bytes(view[:4]) != _LEXICON_MAGIC:
            msg = "not a textfix word-frequency index"
            raise ValueError(msg)
        count, bits, _longest, highest = (int.from_bytes(view[at : at + 4], "little") for at in range(4, 20, 4))
        buckets = 1 << bits if bits < 32 else 0
        entries_at = _LEXICON_HEADER + 4 * (buckets + 1)
        if not buckets or entries_at > len(view):
            msg = "index shorter than its header says"
            raise ValueError(msg)
        entries = bytes(view[entries_at:])
        if int.from_bytes(view[entries_at - 4 : entries_at], "little") != len(entries):
            msg = "index of another size than its header says"
            raise ValueError(msg)
        # The entries one after the other (the buckets' entries are contiguous, in bucket order).
        words: dict[str, int] = {}
        entry = _LEXICON_ENTRY.unpack_from
        at, end = 0, len(entries)
        while at < end:
            size, code = entry(entries, at)
            if at + 4 + size > end or code > highest:
                msg = "index holds an entry its buckets cannot hold"
                raise ValueError(msg)
            words[entries[at + 4 : at + 4 + size].decode("utf-8")] = code
            at += 4 + size
        if len(words) != count:
            msg = "index holds another number of words than its header says"
            raise ValueError(msg)
        self._words = words
        self._values = [whole / 100 for whole in range(highest + 1)]

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._words

    def items(self) -> Iterator[tuple[str, float]]:
        """Every word and its value, in the index's order (the reference only: for builds and tests)."""
        values = self._values
        return ((word, values[code]) for word, code in self._words.items())

    def get(self, word: str, default: float = 0.0) -> float:
        """The Zipf value of ``word`` (already normalised), or ``default``."""
        code = self._words.get(word)
        return default if code is None else self._values[code]

    def zipf(self, word: str) -> float:
        """The Zipf value of ``word`` normalised (lower case, straight apostrophe), 0.0 when the table lacks it."""
        return self.get(word.lower().replace("’", "'"))

    def cuts(self, text: str) -> tuple[list[float], list[float]]:
        """The values of every prefix ``text[:i]`` and every suffix ``text[i:]``, for ``i`` in ``range(len(text))``."""
        get = self.get
        return [get(text[:i]) for i in range(len(text))], [get(text[i:]) for i in range(len(text))]


# -- WordScreen (textfix.native._names): the function-word screen of the document-language view --


class CountsWords(Protocol):
    """What a word screen does (:class:`WordScreen`, or the compiled ``_names.WordScreen``)."""

    def counts(self, text: str) -> tuple[int, int, int]:
        """``len(text.split())``, the distinct own words among the tokens, and the distinct other listed ones."""


class WordScreen:
    """Two word tables, and how many tokens of a stretch of text are in them.

    The screen of :mod:`textfix.lang.document` reads each window of prose through
    :meth:`counts`: ``own`` are the candidate language's function words, ``foreign`` the other
    listed languages'. A word in both tables counts as an own word.

    >>> WordScreen({"the", "of"}, {"der"}).counts("the end of the story, der Fall")
    (7, 2, 1)
    """

    __slots__ = ("_listed", "_own")

    def __init__(self, own: Iterable[str], foreign: Iterable[str]) -> None:
        self._own = frozenset(own)
        self._listed = self._own.union(foreign)

    def counts(self, text: str) -> tuple[int, int, int]:
        """``len(text.split())``, the distinct own words among the tokens, and the distinct other listed ones."""
        words = text.split()
        listed = self._listed.intersection(words)
        own = len(self._own.intersection(listed)) if listed else 0
        return len(words), own, len(listed) - own


# --------------------------------------------------------------------------- line_row (textfix.native._lines)
# The shape row of one line of the chrome-line model (BP401, ``line_features``): the counts of
# :func:`line_counts` and the searches below (the standard library's ``re``; the compiled kernel
# reproduces their matches with CPython's own character tests), then the row's arithmetic.

import math  # noqa: E402 - this kernel's block

LINE_SENTENCE_END = lazy_re(r"[.!?…。！？][\"'”’»)\]」』]*\s*$")
LINE_DATE = lazy_re(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.? ?(?:[^\W\d_]{3,9}\.?) (?:19|20)\d{2}"
    r"|[^\W\d_]{3,9}\.? \d{1,2},? (?:19|20)\d{2})\b"
)
LINE_TIME = lazy_re(r"\b\d{1,2}[:.]\d{2}\b(?:\s?(?:am|pm|uhr|h)\b)?", re.IGNORECASE)
LINE_YEAR = lazy_re(r"\b(?:19|20)\d{2}\b")
LINE_LINK = lazy_re(r"https?://|www\.|\S@\S+\.\w|\.(?:com|org|net|de|html?)\b", re.IGNORECASE)
_LINE_DIGITS = lazy_re(r"\d+")
#: Characters stripped from both ends of a token before it becomes a lexical word.
LEXICAL_EDGES = "\"'“”„‘’«»‹›()[]{}<>.,:;!?¡¿…·•|*-–—/\\#@+=~^_"
#: A line starting with one of these starts with a bullet.
LINE_BULLETS = frozenset("*+•·|»›>-–—#▶►→▸◦■□●○")


def lexical_words(tokens: list[str]) -> tuple[str, ...]:
    """The words a short line's lexical score is made of: case-folded, punctuation-stripped, digits as 0.

    >>> lexical_words("» Print this article (2 comments)".split())
    ('print', 'this', 'article', '0', 'comments')
    """
    out = []
    for token in tokens:
        word = token.strip(LEXICAL_EDGES).casefold()
        if not word:
            continue
        if not word.isalpha():  # a word of letters only has no digit to replace
            word = _LINE_DIGITS.sub("0", word)
        out.append(word)
    return tuple(out)


def line_row(
    text: str, stopwords: frozenset[str], sample_chars: int, short_words: int, lexical_max_words: int
) -> tuple[tuple[float, ...], tuple[str, ...], bool]:
    """Shape features of one line (BP401's ``LINE_FEATURES``, lexical and known_chrome 0), its lexical words, short.

    Everything is read from the line's first ``sample_chars`` characters (once stripped); a line
    is short with at most ``short_words`` tokens, and has lexical words with at most
    ``lexical_max_words``.

    >>> row, words, short = line_row("Share this:", frozenset({"this"}), 400, 4, 12)
    >>> row[9], words, short
    (1.0, ('share', 'this'), True)
    """
    stripped = text.strip()
    sample = stripped[:sample_chars]
    n_chars = len(stripped)
    n_tokens = sample.count(" ") + 1
    if n_chars > sample_chars:
        n_tokens = round(n_tokens * n_chars / sample_chars)
    words, letters, stop, tokens, capital, upper, digit, punct, separators = line_counts(sample, stopwords)
    n_words = max(1, words)
    n_alpha = max(1, tokens)
    first = stripped[:1]
    # The searches below need a digit (date, time, year), a punctuation mark (sentence end), a "." or
    # "://" (link): when the line has none, the search that cannot match is skipped.
    has_digit, has_punct = digit > 0, punct > 0
    may_link = "." in sample or "://" in sample
    sentence_end = has_punct and LINE_SENTENCE_END.search(sample) is not None
    is_prose = n_chars >= 160 or (n_tokens >= 8 and (sentence_end or ". " in sample))
    row = (
        math.log1p(n_chars),
        math.log1p(n_tokens),
        stop / n_words,
        min(1.0, capital / n_alpha),
        min(1.0, digit / n_words),
        min(1.0, upper / n_alpha),
        letters / n_words,
        punct / max(1, len(sample)),
        float(sentence_end),
        float(sample.endswith(":")),
        float(first in LINE_BULLETS),
        math.log1p(separators),
        float(has_digit and LINE_DATE.search(sample) is not None),
        float(has_digit and LINE_TIME.search(sample) is not None),
        float(has_digit and LINE_YEAR.search(sample) is not None),
        float(may_link and LINE_LINK.search(sample) is not None),
        float("©" in sample or "copyright" in sample.casefold()),
        math.log1p(len(text) - len(text.lstrip())),
        float(is_prose),
        0.0,  # lexical: filled in by the caller
        0.0,  # known_chrome: filled in by the caller
    )
    short = n_tokens <= short_words
    lexical = lexical_words(sample.split()) if n_tokens <= lexical_max_words else ()
    return row, lexical, short


# --------------------------------------------------------------------------- the scanner (_scan.c)

#: The class bits of :func:`letter_classes` (``regex``'s ``\p{L}``, ``\p{M}``, ``\p{Lu}``, ``\p{Ll}``).
LETTER, MARK, UPPER, LOWER = 1, 2, 4, 8


@functools.cache
def _scanner_patterns() -> tuple[tuple[tuple[int, regex.Pattern[str]], ...], regex.Pattern[str], regex.Pattern[str]]:
    """The class patterns, letter runs (``fused_word.vocabulary.LETTERS``) and one letter or mark.

    Compiled on first use: the compiled scanner never needs them, and a process should not pay for them at start.
    """
    import regex  # noqa: PLC0415 - see above

    classes = tuple(
        (value, regex.compile(rf"\p{{{name}}}+"))
        for value, name in ((LETTER, "L"), (MARK, "M"), (LETTER | UPPER, "Lu"), (LETTER | LOWER, "Ll"))
    )
    return classes, regex.compile(r"[\p{L}\p{M}]+"), regex.compile(r"[\p{L}\p{M}]")


def letter_classes(text: str) -> bytes:
    """The class bits of each code point of ``text`` (:data:`LETTER` | :data:`MARK` | :data:`UPPER` | :data:`LOWER`).

    >>> list(letter_classes("Ab\\u0301 1"))
    [5, 9, 2, 0, 0]
    """
    # The general categories partition Unicode (L and M are disjoint; Lu and Ll are disjoint parts
    # of L), so each run's value is whole: LETTER, MARK, then LETTER|UPPER or LETTER|LOWER over it.
    bits = bytearray(len(text))
    for value, pattern in _scanner_patterns()[0]:
        for match in pattern.finditer(text):
            start, end = match.span()
            bits[start:end] = bytes((value,)) * (end - start)
    return bytes(bits)


def find_whole_run(text: str, word: str, start: int) -> int:
    """The first ``text.find(word, start)`` hit with no letter or mark just before it or where it ends; -1 if none.

    After a hit that fails, the search goes on one character further (``str.find`` semantics
    for ``start``, negative values included). ``word`` must not be empty.

    >>> find_whole_run("other the", "the", 0)
    6
    """
    if not word:
        raise ValueError("find_whole_run(): empty word")
    letter_or_mark = _scanner_patterns()[2]
    at = text.find(word, start)
    while at != -1:
        end = at + len(word)
        if (at == 0 or letter_or_mark.match(text, at - 1) is None) and letter_or_mark.match(text, end) is None:
            return at
        at = text.find(word, at + 1)
    return -1


def letter_run_counts(text: str) -> dict[str, int]:
    """How often each letter run (``[\\p{L}\\p{M}]+``) occurs in ``text``, in order of first occurrence.

    >>> letter_run_counts("the cat, the hat")
    {'the': 2, 'cat': 1, 'hat': 1}
    """
    counts: dict[str, int] = {}
    for run in _scanner_patterns()[1].findall(text):
        counts[run] = counts.get(run, 0) + 1
    return counts


def equal_word_pairs(data: bytes, separated: bytes, ascii_only: bool) -> list[tuple[int, int]]:
    """Where a word of ``separated`` equals the next one: ``(offset, byte length)`` of the first word of each pair.

    The words are ``separated.split(b" ")`` (two spaces make an empty word); a pair counts when
    its word is a word: ASCII letters only when ``ascii_only`` (``bytes.isalpha``), else any
    non-empty word. ``offset`` counts code points of ``data`` (UTF-8, as
    ``str.encode("utf-8", "surrogatepass")`` makes it, the same length as ``separated``) before
    the word; when ``ascii_only`` bytes and code points are the same. (The doubled-word rule's
    candidates, ``spacing.rules.DoubledWord``.)

    >>> equal_word_pairs(b"so the the end end", b"so the the end end", True)
    [(3, 3), (11, 3)]
    """
    words = separated.split(b" ")
    word_like = bytes.isalpha if ascii_only else bool
    out: list[tuple[int, int]] = []
    at = counted = offset = 0
    for index in range(len(words) - 1):
        word = words[index]
        if word == words[index + 1] and word_like(word):
            if ascii_only:
                offset = at
            else:  # the code points since the last pair (linear however many pairs)
                offset += len(data[counted:at].decode("utf-8", "surrogatepass"))
                counted = at
            out.append((offset, len(word)))
        at += len(word) + 1
    return out


# --------------------------------------------------------------------------- the fused-word run screen (_fused.c)


def fused_screen(text: str, known: AbstractSet[str], old: AbstractSet[str]) -> tuple[list[str], list[str], bool]:
    """The distinct letter runs of ``text`` not in ``known`` (not in ``old`` either, in ``old``), and a punctuation hit.

    Letter runs are ``[\\p{L}\\p{M}]+`` (``regex``); the lists are in no particular order (the
    compiled kernel gives them in order of first occurrence). The flag says whether ``text`` holds
    ``[.!?]\\p{Lu}\\p{Ll}`` or ``[,;]\\p{Ll}\\p{Ll}``. (The fused-word family's screen,
    ``fused_word.candidates``; the compiled kernel reads the letters from :func:`letter_classes`.)

    >>> fresh, recalled, punctuation = fused_screen("the cat, the hat; a cat.The", {"the"}, {"hat"})
    >>> sorted(fresh), recalled, punctuation
    (['The', 'a', 'cat'], ['hat'], True)
    """
    # In ASCII text the letters and marks are A-Z and a-z, which re finds in half the time.
    letter_runs = _ASCII_LETTER_RUNS if text.isascii() else _scanner_patterns()[1]
    fresh, recalled = _split_unknown(set(letter_runs.findall(text)), known, old)
    return fresh, recalled, _punctuation_join().search(text) is not None


def _split_unknown(distinct: set[str], known: AbstractSet[str], old: AbstractSet[str]) -> tuple[list[str], list[str]]:
    """``distinct`` less ``known``, as (not in ``old``, in ``old``): set operations, no loop in Python."""
    distinct -= known
    recalled = distinct & old
    distinct -= recalled
    return list(distinct), list(recalled)


_ASCII_LETTER_RUNS = lazy_re(r"[A-Za-z]+")


@functools.cache
def _punctuation_join() -> regex.Pattern[str]:
    """The punctuation-join prefilter of ``fused_word.candidates`` (compiled on first use, as above)."""
    import regex  # noqa: PLC0415 - see _scanner_patterns

    return regex.compile(r"[.!?]\p{Lu}\p{Ll}|[,;]\p{Ll}\p{Ll}")


def unseen_chunks(text: str, known: AbstractSet[str], old: AbstractSet[str]) -> tuple[list[str], list[str]]:
    """The distinct chunks of ``text.split()`` not in ``known``: (those not in ``old`` either, those in ``old``).

    The lists are in no particular order (the compiled kernel gives them in order of first
    occurrence). (The shared chunk screen, ``textfix.core.chunks``.)

    >>> fresh, recalled = unseen_chunks("the cat, the hat; a cat,", {"the"}, {"hat;"})
    >>> sorted(fresh), recalled
    (['a', 'cat,'], ['hat;'])
    """
    return _split_unknown(set(text.split()), known, old)


# --------------------------------------------------------------------------- line_context (textfix.native._boiler)
# The columns of a peel round of the chrome-line model (BP401, ``line_features.assemble``) that are
# sums, comparisons and copies: the main prose block, the neighbours' features and the context.
# What needs numpy's own functions (``log1p``, the pairwise sum of ``np.average``) the caller
# computes: the kernel writes the raw values those are taken of.

#: Columns of one row of the line's own features (``line_features.LINE_FEATURES``).
LOCAL_COLUMNS = 21
#: Of those, the ones each neighbour contributes, in order; the last one (indent) as a difference.
NEIGHBOUR_COLUMNS = (0, 2, 8, 18, 19, 20, 17)
#: Offsets of the neighbours, in the order of their blocks.
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
#: Columns of the context block.
CONTEXT_COLUMNS = 15


def main_block(chars: Buffer, prose: Buffer) -> tuple[int, int]:
    """(first, last) row of the densest run of prose: the maximum-sum run of +chars (prose) / -chars-20 (other)."""
    import numpy as np  # noqa: PLC0415 - numpy costs ~0.1 s to import: only when a page is scored

    if not len(chars):
        return -1, -1
    gain = np.where(prose, chars, -(chars + 20.0))
    csum = np.concatenate(([0.0], np.cumsum(gain)))
    lowest = np.minimum.accumulate(csum)
    # Index where the running minimum was reached (first occurrence).
    is_new_low = np.concatenate(([True], csum[1:] < lowest[:-1]))
    lowest_at = np.maximum.accumulate(np.where(is_new_low, np.arange(len(csum)), 0))
    best_gain = csum[1:] - lowest[:-1]
    end = int(np.argmax(best_gain))
    if best_gain[end] <= 0:
        return -1, -1
    start = int(lowest_at[end])
    return start, end


def line_context(
    local: Buffer,
    short: Buffer,
    repeat_keys: Buffer,
    chars: Buffer,
    prose: Buffer,
    block_prose: Buffer,
    position: Buffer,
    blanks_before: Buffer,
    repeat_logs: Buffer,
    chars_total: float,
    log_rows: float,
    doc_stop: float,
    features: Buffer,
    raw: Buffer,
) -> tuple[int, int]:
    """Write a peel round's feature rows into ``features`` and the values to ``log1p`` into ``raw``; the block.

    ``features`` is ``(n, 21 + 4 * 7 + 15)``: the line's own columns (``local``, copied), each
    neighbour's seven (-1 past the ends; the indent as this row's minus the neighbour's, minus
    0 past the ends), then the context. ``raw`` is ``(4, n)``: the rows before the block, after
    it, the characters between the row and the block, the length of the row's run of short
    lines; the caller writes their ``np.log1p`` into context columns 1, 2, 3 and 7 (this
    function leaves those columns as they were). The main block is the maximum-sum run of
    ``block_prose`` (:func:`main_block`); ``repeat_logs[k - 1]`` is the repeats column of a
    row whose key ``k`` rows share; ``chars_total`` (``chars.sum()``), ``log_rows``
    (``log1p(n)``) and ``doc_stop`` are numpy's. Returns the block's (first, last) row
    (``(-1, -1)``: none).
    """
    import numpy as np  # noqa: PLC0415 - see main_block

    # Any buffers (numpy arrays, memoryviews of array.array and bytes): numpy views of them, no copies.
    local, short, repeat_keys, chars, prose, block_prose, position, blanks_before, repeat_logs, features, raw = map(
        np.asarray,
        (local, short, repeat_keys, chars, prose, block_prose, position, blanks_before, repeat_logs, features, raw),
    )
    n = len(local)
    first, last = main_block(chars, block_prose)
    features[:, :LOCAL_COLUMNS] = local
    mine = local[:, list(NEIGHBOUR_COLUMNS)]
    indent = local[:, NEIGHBOUR_COLUMNS[-1]]
    width = len(NEIGHBOUR_COLUMNS)
    for number, offset in enumerate(NEIGHBOUR_OFFSETS):
        start = LOCAL_COLUMNS + number * width
        block_of = features[:, start : start + width]
        block_of[:] = -1.0
        shifted = np.zeros(n)
        if 0 < offset < n:
            block_of[: n - offset] = mine[offset:]
            shifted[: n - offset] = indent[offset:]
        elif 0 < -offset < n:
            block_of[-offset:] = mine[: n + offset]
            shifted[-offset:] = indent[: n + offset]
        block_of[:, width - 1] = indent - shifted
    rows = np.arange(n, dtype=np.float64)
    context = LOCAL_COLUMNS + len(NEIGHBOUR_OFFSETS) * width
    has_block = first >= 0
    if has_block:
        in_block = (rows >= first) & (rows <= last)
        raw[0] = np.clip(first - rows, 0, None)
        raw[1] = np.clip(rows - last, 0, None)
        csum = np.concatenate(([0.0], np.cumsum(chars)))
        raw[2] = np.where(
            rows < first,
            csum[first] - csum[np.arange(n) + 1],
            np.where(rows > last, csum[np.arange(n)] - csum[last + 1], 0.0),
        )
        block_share = (csum[last + 1] - csum[first]) / max(1.0, csum[-1])
        block_indent = float(np.median(indent[first : last + 1]))
    else:
        in_block = np.zeros(n, dtype=bool)
        raw[0] = raw[1] = float(n)
        raw[2] = chars_total
        block_share = 0.0
        block_indent = 0.0
    # The run of short lines each row belongs to (0 for a row that is not short).
    if n:
        change = np.flatnonzero(np.diff(short.astype(np.int8))) + 1
        starts = np.concatenate(([0], change))
        ends = np.concatenate((change, [n]))
        raw[3] = np.where(short, np.repeat(ends - starts, ends - starts).astype(np.float64), 0.0)
    prose_sum = np.concatenate(([0.0], np.cumsum(prose)))
    low, high = np.clip(np.arange(n) - 3, 0, n), np.clip(np.arange(n) + 4, 0, n)
    # A blank line between two rows: counted on the document's blank lines (a subset of the rows sees
    # the blank lines that stay, not a gap per removed line).
    gaps = (blanks_before[position[1:]] - blanks_before[position[:-1] + 1] > 0).astype(np.float64)
    out = features[:, context:]
    out[:, 0] = in_block
    out[:, 4] = rows / max(1, n - 1)
    out[:, 5] = float(has_block)
    out[:, 6] = block_share
    out[:, 8] = prose_sum[high] - prose_sum[low] - prose
    if n:
        out[:, 9] = np.concatenate(([1.0], gaps))
        out[:, 10] = np.concatenate((gaps, [1.0]))
        out[:, 11] = repeat_logs[np.bincount(repeat_keys)[repeat_keys] - 1]
    out[:, 12] = indent - block_indent
    out[:, 13] = log_rows
    out[:, 14] = doc_stop
    return first, last


# -- ascii_name_key (textfix.native._names): the name key of an ASCII spelling ----------------

#: The transliteration steps of the name key, in order (``tch`` before ``ch``, ``kh`` before ``h``).
NAME_KEY_STEPS = (
    ("tch", "ch"),
    ("kh", "k"),
    ("ch", "k"),
    ("dh", "d"),
    ("ou", "u"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("ck", "k"),
    ("ph", "f"),
)
#: A doubled character (``re``: five times faster than ``regex`` on this pattern, same matches).
DOUBLED_LETTER = re.compile(r"(.)\1+")


def key_steps(folded: str) -> str:
    """The name key of a spelling already without accents, case folded, without apostrophes.

    Each step of :data:`NAME_KEY_STEPS` as ``str.replace``, in order, then every run of one character
    (not a line break, as ``re``'s ``.``) made one character.
    """
    key = folded
    for old, new in NAME_KEY_STEPS:
        key = key.replace(old, new)
    return DOUBLED_LETTER.sub(r"\1", key) if DOUBLED_LETTER.search(key) else key


def ascii_name_key(spelling: str) -> str | None:
    """``textfix.lang.gazetteer.name_key(spelling)`` when ``spelling`` is ASCII, else None."""
    if not spelling.isascii():
        return None
    return key_steps(spelling.lower().replace("'", ""))


# --------------------------------------------------------------------------- assemble_rows, calibrate (_boiler.c)
# BP401 without numpy on the compiled path: a peel round's whole feature rows (the rows a round
# keeps, numpy's sums, line_context, the log1p columns) and the calibration (numpy's interp).
# numpy's own arithmetic is written out here so that C can follow it bit for bit: the pairwise
# sum of ``np.add.reduce``, the formula of ``np.interp``; ``math.log1p`` is the C library's
# ``log1p``, which numpy's ``log1p`` is too (``tests/test_native_boiler.py`` checks both).

#: Columns of a whole feature row: the line's own, four neighbours' seven, the context's.
FEATURE_COLUMNS = LOCAL_COLUMNS + len(NEIGHBOUR_OFFSETS) * len(NEIGHBOUR_COLUMNS) + CONTEXT_COLUMNS
#: The feature columns that hold the ``log1p`` of ``line_context``'s four raw rows (context 1, 2, 3, 7).
LOG_COLUMNS = tuple(FEATURE_COLUMNS - CONTEXT_COLUMNS + c for c in (1, 2, 3, 7))
#: The column of a line's stopword share in its local row.
STOP_COLUMN = 2


def numpy_sum(values: Sequence[float]) -> float:
    """``float(np.sum(values))`` of a float64 array, bit for bit: numpy's pairwise summation.

    Fewer than 8 values are added in order; up to 128, eight running sums (value ``i`` into sum
    ``i % 8``) are added as ``((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))``, then the rest in
    order; a longer run is split in two (the first part a multiple of 8 long) and the two sums added.
    The reduction starts from 0.0 (so a sum of ``-0.0`` is ``0.0``).

    >>> numpy_sum([1.0, 2.0, 3.0]), numpy_sum([-0.0] * 9)
    (6.0, 0.0)
    """
    return 0.0 + _pairwise(values, 0, len(values))


def _pairwise(values: Sequence[float], start: int, count: int) -> float:
    if count < 8:
        total = 0.0
        for value in values[start : start + count]:
            total += value
        return total
    if count <= 128:
        stop = start + count - count % 8
        lanes = [functools.reduce(operator.add, values[start + lane : stop : 8]) for lane in range(8)]
        total = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        for value in values[stop : start + count]:
            total += value
        return total
    half = count // 2
    half -= half % 8
    return _pairwise(values, start, half) + _pairwise(values, start + half, count - half)


def assemble_rows(
    local: Buffer,
    short: Buffer,
    repeat_keys: Buffer,
    chars: Buffer,
    prose: Buffer,
    known: Buffer,
    position: Buffer,
    blanks_before: Buffer,
    repeat_logs: Buffer,
    rows: Buffer | None,
    features: Buffer,
) -> tuple[int, int]:
    """Write the feature rows of the table's ``rows`` (None: every row) into ``features``; the main block.

    The table is ``local`` (``(N, 21)``), ``short``, ``repeat_keys``, ``chars``, ``prose``,
    ``known`` and ``position`` (``N`` each), ``blanks_before`` and ``repeat_logs`` as for
    :func:`line_context`. The rows kept are taken in the order given; then ``chars_total`` is
    the pairwise sum of their characters, the document's stopword share the pairwise sum of
    ``stopword_share * chars`` over it (0 when there are no characters: ``np.average`` with
    those weights), the main block runs over the kept prose rows no pack removes, ``log_rows``
    is ``log1p(n)``; :func:`line_context` writes the row's columns, and the four raw ones get
    their ``log1p`` (``math.log1p``) in :data:`LOG_COLUMNS`. ``features`` is ``(n, 64)``.
    """
    import numpy as np  # noqa: PLC0415 - see main_block

    local, short, repeat_keys, chars, prose, known, position = map(
        np.asarray, (local, short, repeat_keys, chars, prose, known, position)
    )
    if rows is not None:
        picked = np.asarray(rows, dtype=np.int64)
        local, short, repeat_keys, chars, prose, known, position = (
            column[picked] for column in (local, short, repeat_keys, chars, prose, known, position)
        )
    n = len(local)
    if not n:
        return -1, -1
    chars_list = chars.tolist()
    chars_total = numpy_sum(chars_list)
    stop = local[:, STOP_COLUMN].tolist()
    products = [s * c for s, c in zip(stop, chars_list, strict=True)]
    doc_stop = numpy_sum(products) / chars_total if chars_total > 0 else 0.0
    out = np.asarray(features)
    raw = np.empty((4, n))
    block = line_context(
        np.ascontiguousarray(local),
        short,
        repeat_keys,
        chars,
        prose,
        prose & ~known,
        position,
        blanks_before,
        repeat_logs,
        chars_total,
        math.log1p(n),
        doc_stop,
        out,
        raw,
    )
    for row, column in enumerate(LOG_COLUMNS):
        out[:, column] = [math.log1p(value) for value in raw[row].tolist()]
    return block


def calibrate(raw: Buffer, xp: Buffer, fp: Buffer, out: Buffer) -> None:
    """Write ``numpy.interp(raw, xp, fp)`` into ``out``, value for value, bit for bit (``xp`` increasing).

    Below ``xp[0]``: ``fp[0]``; at or past ``xp[-1]``: ``fp[-1]``; on a point: its value; between
    points ``j`` and ``j + 1`` (``j`` the last point not above ``x``): ``slope * (x - xp[j]) + fp[j]``
    with ``slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])``, and from the right point when that is
    NaN (then ``fp[j]`` when the two values are equal), as numpy does. NaN gives NaN; with one
    point, everything (NaN included) is its value.

    >>> from array import array
    >>> out = array("d", [0.0] * 4)
    >>> calibrate(array("d", [-1.0, 0.0, 0.25, 2.0]), array("d", [0.0, 1.0]), array("d", [0.0, 0.5]), out)
    >>> out.tolist()
    [0.0, 0.0, 0.125, 0.5]
    """
    points = memoryview(xp).cast("B").cast("d").tolist()
    values = memoryview(fp).cast("B").cast("d").tolist()
    scores = memoryview(raw).cast("B").cast("d").tolist()
    target = memoryview(out).cast("B").cast("d")
    if not points or len(values) != len(points) or len(target) != len(scores):
        msg = "calibrate: xp and fp need one value each per point (at least one), out one per raw score"
        raise ValueError(msg)
    top = len(points) - 1
    for i, x in enumerate(scores):
        if top == 0:
            target[i] = values[0]
        elif math.isnan(x):
            target[i] = x
        else:
            j = bisect.bisect_right(points, x) - 1
            if j < 0:
                target[i] = values[0]
            elif j >= top:
                target[i] = values[top]
            elif points[j] == x:
                target[i] = values[j]
            else:
                slope = (values[j + 1] - values[j]) / (points[j + 1] - points[j])
                y = slope * (x - points[j]) + values[j]
                if math.isnan(y):
                    y = slope * (x - points[j + 1]) + values[j + 1]
                    if math.isnan(y) and values[j] == values[j + 1]:
                        y = values[j]
                target[i] = y
