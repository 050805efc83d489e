"""The pure-Python kernels: the reference that defines what each kernel returns.

The compiled module (``_native.c``) must return exactly what these functions return, for
every input (``tests/test_native.py`` checks both paths against each other). Change a
kernel here first, then in C, never the other way round.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import regex

# The scans the line counts are defined by (the standard library's ``re``: its ``\w``, ``\d``
# and ``\s`` are the ones the C kernel reproduces with CPython's own character tests).
_WORDS = re.compile(r"\w+")
_DIGIT_TOKEN = re.compile(r"\S*\d\S*")
_PUNCT = re.compile(r"[^\w\s]")
_SEPARATOR_TOKEN = re.compile(r"(?<!\S)[|»«·›‹/>•–—:-](?!\S)")

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
    features: npt.NDArray[np.float64],
    feature: npt.NDArray[np.int64],
    threshold: npt.NDArray[np.float64],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    value: npt.NDArray[np.float64],
    baseline: float,
    depth: int,
    out: npt.NDArray[np.float64],
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
    trees, width = feature.shape
    columns = features.shape[1]
    import numpy as np  # noqa: PLC0415 - numpy costs ~0.1 s to import: only when a page is scored

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
        (bit, regex.compile(rf"\p{{{name}}}+"))
        for bit, name in ((LETTER, "L"), (MARK, "M"), (UPPER, "Lu"), (LOWER, "Ll"))
    )
    return classes, regex.compile(r"[\p{L}\p{M}]+"), regex.compile(r"[\p{L}\p{M}]")


def letter_classes(text: str) -> bytes:
    """The class bits of each code point of ``text`` (:data:`LETTER` | :data:`MARK` | :data:`UPPER` | :data:`LOWER`).

    >>> list(letter_classes("Ab\\u0301 1"))
    [5, 9, 2, 0, 0]
    """
    bits = bytearray(len(text))
    for bit, pattern in _scanner_patterns()[0]:
        for match in pattern.finditer(text):
            for at in range(match.start(), match.end()):
                bits[at] |= bit
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
