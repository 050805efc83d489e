"""Features of the chrome-line model (BP401): one row per non-blank line, computed per document.

Every feature is about a line's *shape* and its *place in the document*, never about one
site: length, share of the document language's most frequent words (its stopwords),
sentence-final punctuation, capitals, digits, dates and times, separators (``|``, ``»``,
``·``), bullets, indentation, links, a learned lexical score of the line's words, the
line's position relative to the document's main prose block (the densest run of prose
lines), runs of short lines, repeats within the document, and the same shape features
of the two lines above and below.

The per-line work is a handful of ``str`` operations on at most :data:`SAMPLE_CHARS`
characters of the line (the :func:`textfix.native.line_row` kernel); everything that looks at
more than one line is one :func:`textfix.native.assemble_rows` call per document or peel
round. The rows are ``array.array`` buffers, handed to the kernels as 2-d memoryviews: no
numpy here (the pure-Python kernels use it; training does). Where the model was trained with
numpy's own arithmetic (``np.sum``'s pairwise order, ``np.average``, ``np.log1p``), the
kernels reproduce it bit for bit.

The order of :data:`FEATURE_NAMES` is the order of the model's columns: changing it
means retraining (``python -m bench train-boilerplate``).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import struct
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import msgspec

from textfix import native

#: Only this many characters of a line are looked at word by word (shares are stable by then).
SAMPLE_CHARS = 400
#: Characters of a document its language is judged on.
LANGUAGE_SAMPLE = 5_000
#: Characters of a line that decide whether it repeats elsewhere in the document.
REPEAT_KEY_CHARS = 300
#: Lines with at most this many words get a lexical score (longer lines are prose or menus).
LEXICAL_MAX_WORDS = 12
#: A line of at most this many words counts towards a run of short lines.
SHORT_WORDS = 4

# The per-line scans are the kernel :func:`textfix.native.line_row` (compiled C, or its pure reference).
_PUNCT_EDGES = native.pure.LEXICAL_EDGES
_SENTENCE_END = native.pure.LINE_SENTENCE_END
_DATE = native.pure.LINE_DATE
_TIME = native.pure.LINE_TIME
_YEAR = native.pure.LINE_YEAR
_LINK = native.pure.LINE_LINK
_WORDS = re.compile(r"\w+")
#: The default of each weight looked up (``map(weights.get, words, _ZEROS)``).
_ZEROS = itertools.repeat(0.0)
#: The count of each stopword looked up (``map(counts.get, stopwords, _NO_HITS)``).
_NO_HITS = itertools.repeat(0)
_BULLETS = native.pure.LINE_BULLETS

#: Shape features of one line, also read for its neighbours.
LINE_FEATURES = (
    "log_chars",
    "log_words",
    "stopword_share",
    "capital_share",
    "digit_share",
    "upper_share",
    "mean_word_chars",
    "punct_share",
    "sentence_end",
    "colon_end",
    "bullet_start",
    "separators",
    "has_date",
    "has_time",
    "has_year",
    "has_link",
    "has_copyright",
    "indent",
    "is_prose",
    "lexical",
    "known_chrome",
)
#: Of those, the ones the neighbours contribute (offsets -2, -1, +1, +2).
NEIGHBOUR_FEATURES = ("log_chars", "stopword_share", "sentence_end", "is_prose", "lexical", "known_chrome", "indent")
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
CONTEXT_FEATURES = (
    "in_block",
    "lines_before_block",
    "lines_after_block",
    "log_chars_to_block",
    "relative_position",
    "has_block",
    "block_share",
    "short_run",
    "prose_nearby",
    "blank_before",
    "blank_after",
    "repeats",
    "indent_vs_block",
    "log_doc_lines",
    "doc_stopword_share",
)
FEATURE_NAMES: tuple[str, ...] = (
    *LINE_FEATURES,
    *(f"{name}@{offset:+d}" for offset in NEIGHBOUR_OFFSETS for name in NEIGHBOUR_FEATURES),
    *CONTEXT_FEATURES,
)
_COLUMN = {name: index for index, name in enumerate(LINE_FEATURES)}
_NEIGHBOUR_COLUMNS = [_COLUMN[name] for name in NEIGHBOUR_FEATURES]
_NEIGHBOUR_INDENT = NEIGHBOUR_FEATURES.index("indent")


class Lexicon(msgspec.Struct, frozen=True):
    """What the features need from the trained model: stopwords per language and word weights.

    Attributes:
        stopwords: language code -> its most frequent words (from ``wordfreq`` at training time).
        weights: word (case-folded, edge punctuation stripped, digits as ``0``) -> weight.
        bias: the lexical score of a short line none of whose words is known.
    """

    stopwords: Mapping[str, frozenset[str]]
    weights: Mapping[str, float]
    bias: float


#: Columns of a feature row.
WIDTH = len(FEATURE_NAMES)
#: Above this, a 0/1 column is set.
_HALF = 0.5


def packed(typecode: str, values: Iterable[Any]) -> array[Any]:
    """An array (``'d'`` or ``'q'``) of ``values``, built through one ``struct.pack``.

    ``array(typecode, values)`` converts each item with ``PyArg_Parse`` (some 300 instructions an
    item: callgrind); ``struct`` converts them directly.
    """
    items = values if isinstance(values, (list, tuple)) else list(values)
    out = array(typecode)
    out.frombytes(struct.pack(f"{len(items)}{typecode}", *items))
    return out


def grid(values: array[Any], columns: int, rows: int | None = None) -> memoryview[Any]:
    """``values`` as a C-contiguous ``(rows, columns)`` buffer for the kernels (``rows`` > 0: no empty views)."""
    count = len(values) // columns if rows is None else rows
    view: memoryview[Any] = memoryview(values).cast("B")
    return view.cast(values.typecode, (count, columns))  # type: ignore[arg-type]


class DocumentLines(msgspec.Struct, frozen=True):
    """The non-blank lines of a document and their feature rows.

    Attributes:
        indices: index (in the document's lines) of each row.
        features: the rows one after the other, :data:`WIDTH` floats each (``array('d')``).
        words: each row's lexical words (``()`` for lines longer than :data:`LEXICAL_MAX_WORDS`).
        language: the document language whose stopwords were used.
        block: (first, last) row of the main prose block; ``(-1, -1)`` when the document has none.
    """

    indices: tuple[int, ...]
    features: array[float]
    words: tuple[tuple[str, ...], ...]
    language: str
    block: tuple[int, int] = (-1, -1)

    def column(self, name: str) -> array[float]:
        """One feature of every row."""
        return self.features[FEATURE_NAMES.index(name) :: WIDTH]

    def matrix(self) -> memoryview[float]:
        """The rows as a ``(rows, WIDTH)`` float64 buffer (what :func:`textfix.native.score_trees` reads; rows > 0)."""
        return grid(self.features, WIDTH, len(self.indices))


def lexical_words(tokens: Sequence[str]) -> tuple[str, ...]:
    """The words a short line's lexical score is made of: case-folded, punctuation-stripped, digits as 0.

    >>> lexical_words("» Print this article (2 comments)".split())
    ('print', 'this', 'article', '0', 'comments')
    """
    return native.pure.lexical_words(list(tokens))


def document_language(texts: Sequence[str], stopwords: Mapping[str, frozenset[str]]) -> str:
    """The language whose stopwords cover the most words of the document (first 5,000 characters)."""
    sample: list[str] = []
    size = 0
    for text in texts:
        sample.append(text[:LANGUAGE_SAMPLE])
        size += len(sample[-1])
        if size > LANGUAGE_SAMPLE:
            break
    # Each distinct word counted once, then each language's stopwords among them (a whole count: exact).
    counts = Counter(_WORDS.findall(" ".join(sample)[:LANGUAGE_SAMPLE].casefold()))
    best, best_hits = "en", -1
    for language in sorted(stopwords):
        hits = sum(map(counts.get, stopwords[language], _NO_HITS))
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def _line_row(text: str, stopwords: frozenset[str]) -> tuple[tuple[float, ...], tuple[str, ...], bool]:
    """Shape features of one line (:data:`LINE_FEATURES`), its lexical words, and whether it is short.

    One :func:`textfix.native.line_row` call (compiled C when it is built): character-class
    counts, the date, time, year, link and sentence-end searches and the lexical words, all on
    the line's first :data:`SAMPLE_CHARS` characters, so a long line costs about as much as a
    short one. The lexical and known_chrome columns are 0 (the caller fills them in).
    """
    return native.line_row(text, stopwords, SAMPLE_CHARS, SHORT_WORDS, LEXICAL_MAX_WORDS)


def _shift(values: Sequence[float], offset: int, fill: float) -> array[float]:
    """``values[i + offset]`` for each row (``fill`` past the ends)."""
    n = len(values)
    out = array("d", [fill]) * n
    if 0 < offset < n:
        out[: n - offset] = array("d", values[offset:])
    elif 0 < -offset < n:
        out[-offset:] = array("d", values[: n + offset])
    return out


class LineTable(msgspec.Struct, frozen=True, dict=True):
    """The per-line part of the features (the costly part), computed once per document.

    :func:`assemble` adds the context of any subset of these lines, so the rule can ask
    what the document looks like once some lines are gone without rescanning a line.

    Attributes:
        texts: the document's lines.
        indices: index (in ``texts``) of each row: the non-blank lines.
        local: the shape features of each row, :data:`LINE_FEATURES` floats a row (``array('d')``).
        words: each row's lexical words.
        short: per row, whether it is a short line (a byte, 0 or 1).
        language: the document language whose stopwords were used.
        blank: per line of ``texts``, whether it is blank (a byte, 0 or 1).
        repeat_keys: per row, a number naming its repeat key (rows with one key repeat each other).
    """

    texts: Sequence[str]
    indices: tuple[int, ...]
    local: array[float]
    words: tuple[tuple[str, ...], ...]
    short: bytes
    language: str
    blank: bytes
    repeat_keys: array[int]

    @functools.cached_property
    def constants(self) -> RowConstants:
        """What every peel round reads of each row and of the blank lines, computed once."""
        local, width = self.local, len(LINE_FEATURES)
        return RowConstants(
            # math.expm1 is the C library's, as numpy's expm1 is (tests/test_native_boiler.py checks they agree).
            chars=packed("d", map(math.expm1, local[_COLUMN["log_chars"] :: width])),
            prose=bytes(map(_HALF.__lt__, local[_COLUMN["is_prose"] :: width])),  # value > 0.5
            known=bytes(map(_HALF.__lt__, local[_COLUMN["known_chrome"] :: width])),
            position=packed("q", self.indices),
            blanks_before=packed("q", itertools.accumulate(self.blank, initial=0)),
        )


class RowConstants(msgspec.Struct, frozen=True):
    """Per-row arrays of a :class:`LineTable` that do not depend on which rows a round keeps.

    Attributes:
        chars: characters of each row (``expm1`` of its ``log_chars``).
        prose: whether each row is a prose line (a byte, 0 or 1).
        known: whether a pack (or another rule) removes each row (a byte).
        position: each row's index in the document's lines.
        blanks_before: per line of the document (and one past the end), the blank lines before it.
    """

    chars: array[float]
    prose: bytes
    known: bytes
    position: array[int]
    blanks_before: array[int]


#: Lines up to this long have their shape row cached (a site's chrome recurs across its pages and fix rounds).
CACHED_LINE_CHARS = SAMPLE_CHARS
#: How many line shapes are cached.
CACHED_LINES = 1 << 13


#: What a line contributes to its table: shape row (its doubles' bytes), lexical words, whether it is short, repeat key.
_Entry = tuple[bytes, tuple[str, ...], bool, str]
#: A shape row as the bytes of its doubles (what the table's buffer holds).
_ROW = struct.Struct(f"{len(LINE_FEATURES)}d")


def _line_entry(text: str, stopwords: frozenset[str]) -> _Entry:
    row, lexical, is_short = _line_row(text, stopwords)
    return _ROW.pack(*row), lexical, is_short, " ".join(text[:REPEAT_KEY_CHARS].split()).casefold()


_cached_row = functools.lru_cache(maxsize=CACHED_LINES)(_line_entry)


def line_table(texts: Sequence[str], lexicon: Lexicon, known_chrome: Sequence[bool] | None = None) -> LineTable:
    """Shape features and lexical scores of every non-blank line."""
    blank = [not text.strip() for text in texts]
    indices = tuple(i for i, is_blank in enumerate(blank) if not is_blank)
    lines = [texts[i] for i in indices]
    language = document_language(lines, lexicon.stopwords)
    stopwords = lexicon.stopwords.get(language, frozenset())
    entries = [
        _cached_row(text, stopwords) if len(text) <= CACHED_LINE_CHARS else _line_entry(text, stopwords)
        for text in lines
    ]
    rows, words, short, repeats = zip(*entries, strict=True) if entries else ((), (), (), ())
    local = array("d")
    local.frombytes(b"".join(rows))
    width = len(LINE_FEATURES)
    if known_chrome is not None:
        for row, index in enumerate(indices):
            if known_chrome[index]:
                local[row * width + _COLUMN["known_chrome"]] = 1.0
    local[_COLUMN["lexical"] :: width] = lexical_scores(words, lexicon)
    keys: dict[str, int] = {}
    repeat_keys = packed("q", [keys.setdefault(key, len(keys)) for key in repeats])
    return LineTable(texts, indices, local, words, bytes(short), language, bytes(blank), repeat_keys)


def _flags(values: bytes) -> memoryview[bool]:
    """Bytes of 0 and 1 as a bool buffer (``'?'``) for the kernels."""
    return memoryview(values).cast("?")


def assemble(table: LineTable, rows: Sequence[int] | None = None) -> DocumentLines:
    """Feature rows of the table's lines ``rows`` (positions in the table, increasing; all by default), in context.

    One :func:`textfix.native.assemble_rows` call (compiled C when it is built): the rows kept, the
    document's characters and stopword share (numpy's pairwise sums, as the model was trained
    with), the line's own columns, the neighbours' and the context (:func:`textfix.native.line_context`),
    and the ``log1p`` of the four columns that need it.
    """
    constants = table.constants
    if rows is None:
        indices, words, kept = table.indices, table.words, None
    else:
        indices = tuple(map(table.indices.__getitem__, rows))
        words = tuple(map(table.words.__getitem__, rows))
        kept = packed("q", rows)
    n = len(indices)
    if not n:
        return DocumentLines(indices, array("d"), words, table.language, (-1, -1))
    features = array("d", bytes(8 * n * WIDTH))
    first, last = native.assemble_rows(
        grid(table.local, len(LINE_FEATURES), len(table.indices)),
        _flags(table.short),
        table.repeat_keys,
        constants.chars,
        _flags(constants.prose),
        _flags(constants.known),
        constants.position,
        constants.blanks_before,
        _log1p_of_counts(n),
        kept,
        grid(features, WIDTH, n),
    )
    return DocumentLines(indices, features, words, table.language, (first, last))


#: The context columns :func:`textfix.native.assemble_rows` takes the ``log1p`` of: rows before and
#: after the block, characters to it, the run of short lines.
_LOG_COLUMNS = tuple(
    FEATURE_NAMES.index(name) for name in ("lines_before_block", "lines_after_block", "log_chars_to_block", "short_run")
)
assert _LOG_COLUMNS == native.pure.LOG_COLUMNS
assert len(FEATURE_NAMES) == native.pure.FEATURE_COLUMNS
assert _COLUMN["stopword_share"] == native.pure.STOP_COLUMN
assert tuple(_COLUMN[name] for name in NEIGHBOUR_FEATURES) == native.pure.NEIGHBOUR_COLUMNS
assert (len(LINE_FEATURES), len(NEIGHBOUR_OFFSETS), len(CONTEXT_FEATURES)) == (
    native.pure.LOCAL_COLUMNS,
    len(native.pure.NEIGHBOUR_OFFSETS),
    native.pure.CONTEXT_COLUMNS,
)


def document_features(
    texts: Sequence[str], lexicon: Lexicon, known_chrome: Sequence[bool] | None = None
) -> DocumentLines:
    """Feature rows of the non-blank lines of a document.

    Args:
        texts: the document's lines, without line endings.
        lexicon: stopwords and lexical weights of the trained model.
        known_chrome: per line, whether a pack (or another rule) already removes it.
    """
    return assemble(line_table(texts, lexicon, known_chrome))


def lexical_scores(words: Sequence[tuple[str, ...]], lexicon: Lexicon) -> array[float]:
    """The lexical score of each row: bias plus the weights of its distinct words (0 for long lines)."""
    weights = lexicon.weights
    bias = lexicon.bias
    # dict.fromkeys: the distinct words in their order (a set's order follows the hash seed, and with it
    # the float sum: training would not give the same bytes twice).
    get = weights.get
    return packed("d", [bias + sum(map(get, dict.fromkeys(ws), _ZEROS)) if ws else 0.0 for ws in words])


def with_lexicon(lines: DocumentLines, lexicon: Lexicon) -> DocumentLines:
    """The same rows with the lexical columns (the line's and its neighbours') recomputed for ``lexicon``.

    Training computes the features once and swaps lexicons fold by fold.
    """
    features = array("d", lines.features)
    scores = lexical_scores(lines.words, lexicon)
    features[_COLUMN["lexical"] :: WIDTH] = scores
    for offset in NEIGHBOUR_OFFSETS:
        features[FEATURE_NAMES.index(f"lexical@{offset:+d}") :: WIDTH] = _shift(scores, offset, -1.0)
    return DocumentLines(lines.indices, features, lines.words, lines.language, lines.block)


@functools.lru_cache(maxsize=8)
def _log1p_table(size: int) -> array[float]:
    return array("d", map(math.log1p, range(size)))


def _log1p_of_counts(n: int) -> array[float]:
    """``log1p(k)`` for k in 0..n-1 and a few more (a few sizes, cached)."""
    size = 1 << max(6, (n - 1).bit_length())
    return _log1p_table(size)
