"""The pure-Python kernels: the reference that defines what each kernel returns.

The compiled module (``_native.c``) must return exactly what these functions return, for
every input (``tests/test_native.py`` checks both paths against each other). Change a
kernel here first, then in C, never the other way round.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

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


# --------------------------------------------------------------------------- lexicon table (_lexicon.Table)

#: The first bytes of a decompressed word-frequency index (``textfix.lang.zipf_index``).
_LEXICON_MAGIC = b"TFZ2"


class LexiconTable:
    """One language's words and Zipf values, from a decompressed TFZ2 index: the reference of ``_lexicon.Table``.

    The words are kept sorted, as the index stores them, and looked up by bisection; a value
    is the stored whole number of hundredths over 100 (``centi / 100``).

    >>> table = LexiconTable(b"TFZ2" + (2).to_bytes(4, "little") + bytes([53, 2, 209, 2]) + b"city\\nthe")
    >>> len(table), table.get("the"), table.zipf("City"), table.get("cities"), "city" in table
    (2, 7.21, 5.65, 0.0, True)
    >>> table.cuts("thecity")
    ([0.0, 0.0, 0.0, 7.21, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 5.65, 0.0, 0.0, 0.0])
    """

    __slots__ = ("_codes", "_values", "_words")

    def __init__(self, data: bytes) -> None:
        """Read ``data``: ``b"TFZ2" | words: uint32 LE | centi: uint16 LE x words | the words, "\\n"-joined``."""
        if data[:4] != _LEXICON_MAGIC or len(data) < 8:
            msg = "not a textfix word-frequency index"
            raise ValueError(msg)
        count = int.from_bytes(data[4:8], "little")
        words_at = 8 + 2 * count
        if words_at > len(data):
            msg = "index shorter than its header says"
            raise ValueError(msg)
        self._codes = [int.from_bytes(data[at : at + 2], "little") for at in range(8, words_at, 2)]
        self._words = data[words_at:].decode("utf-8").split("\n") if count else []
        if len(self._words) != count or (not count and len(data) > words_at):
            msg = "index holds another number of words than its header says"
            raise ValueError(msg)
        self._values = [whole / 100 for whole in range(max(self._codes, default=0) + 1)]

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) >= 0

    def _find(self, word: str) -> int:
        words = self._words
        at = bisect.bisect_left(words, word)
        return at if at < len(words) and words[at] == word else -1

    def get(self, word: str, default: float = 0.0) -> float:
        """The Zipf value of ``word`` (already normalised), or ``default``."""
        found = self._find(word)
        return default if found < 0 else self._values[self._codes[found]]

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
