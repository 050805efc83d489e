"""Features of the chrome-line model (BP401): one row per non-blank line, computed per document.

Every feature is about a line's *shape* and its *place in the document*, never about one
site: length, share of the document language's most frequent words (its stopwords),
sentence-final punctuation, capitals, digits, dates and times, separators (``|``, ``»``,
``·``), bullets, indentation, links, a learned lexical score of the line's words, the
line's position relative to the document's main prose block (the densest run of prose
lines), runs of short lines, repeats within the document, and the same shape features
of the two lines above and below.

The per-line work is a handful of ``str`` operations on at most :data:`SAMPLE_CHARS`
characters of the line; everything that looks at more than one line is a numpy
operation over the whole document, so a long document costs one pass.

The order of :data:`FEATURE_NAMES` is the order of the model's columns: changing it
means retraining (``python -m bench train-boilerplate``).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

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


@dataclass(frozen=True)
class Lexicon:
    """What the features need from the trained model: stopwords per language and word weights.

    Attributes:
        stopwords: language code -> its most frequent words (from ``wordfreq`` at training time).
        weights: word (case-folded, edge punctuation stripped, digits as ``0``) -> weight.
        bias: the lexical score of a short line none of whose words is known.
    """

    stopwords: Mapping[str, frozenset[str]]
    weights: Mapping[str, float]
    bias: float


@dataclass(frozen=True)
class DocumentLines:
    """The non-blank lines of a document and their feature rows.

    Attributes:
        indices: index (in the document's lines) of each row.
        features: ``(rows, len(FEATURE_NAMES))`` float array.
        words: each row's lexical words (``()`` for lines longer than :data:`LEXICAL_MAX_WORDS`).
        language: the document language whose stopwords were used.
        block: (first, last) row of the main prose block; ``(-1, -1)`` when the document has none.
    """

    indices: tuple[int, ...]
    features: npt.NDArray[np.float64]
    words: tuple[tuple[str, ...], ...]
    language: str
    block: tuple[int, int] = (-1, -1)

    def column(self, name: str) -> npt.NDArray[np.float64]:
        """One feature of every row."""
        return self.features[:, FEATURE_NAMES.index(name)]


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


def _shift(values: npt.NDArray[np.float64], offset: int, fill: float) -> npt.NDArray[np.float64]:
    """``values[i + offset]`` for each row (``fill`` past the ends)."""
    out = np.full_like(values, fill)
    n = len(values)
    if offset > 0 and offset < n:
        out[: n - offset] = values[offset:]
    elif offset < 0 and -offset < n:
        out[-offset:] = values[: n + offset]
    return out


@dataclass(frozen=True)
class LineTable:
    """The per-line part of the features (the costly part), computed once per document.

    :func:`assemble` adds the context of any subset of these lines, so the rule can ask
    what the document looks like once some lines are gone without rescanning a line.

    Attributes:
        texts: the document's lines.
        indices: index (in ``texts``) of each row: the non-blank lines.
        local: ``(rows, len(LINE_FEATURES))`` shape features of each row.
        words: each row's lexical words.
        short: whether each row is a short line.
        language: the document language whose stopwords were used.
        blank: per line of ``texts``, whether it is blank.
        repeat_keys: per row, a number naming its repeat key (rows with one key repeat each other).
    """

    texts: Sequence[str]
    indices: tuple[int, ...]
    local: npt.NDArray[np.float64]
    words: tuple[tuple[str, ...], ...]
    short: npt.NDArray[np.bool_]
    language: str
    blank: npt.NDArray[np.bool_]
    repeat_keys: npt.NDArray[np.int64]

    @functools.cached_property
    def constants(self) -> RowConstants:
        """What every peel round reads of each row and of the blank lines, computed once."""
        local = self.local
        blanks_before = np.concatenate(([0], np.cumsum(self.blank)))
        return RowConstants(
            chars=np.expm1(local[:, _COLUMN["log_chars"]]),
            prose=local[:, _COLUMN["is_prose"]] > 0.5,
            known=local[:, _COLUMN["known_chrome"]] > 0.5,
            position=np.array(self.indices, dtype=np.int64),
            blanks_before=blanks_before,
        )


@dataclass(frozen=True)
class RowConstants:
    """Per-row arrays of a :class:`LineTable` that do not depend on which rows a round keeps.

    Attributes:
        chars: characters of each row (``expm1`` of its ``log_chars``).
        prose: whether each row is a prose line.
        known: whether a pack (or another rule) removes each row.
        position: each row's index in the document's lines.
        blanks_before: per line of the document (and one past the end), the blank lines before it.
    """

    chars: npt.NDArray[np.float64]
    prose: npt.NDArray[np.bool_]
    known: npt.NDArray[np.bool_]
    position: npt.NDArray[np.int64]
    blanks_before: npt.NDArray[np.int64]


#: Lines up to this long have their shape row cached (a site's chrome recurs across its pages and fix rounds).
CACHED_LINE_CHARS = SAMPLE_CHARS
#: How many line shapes are cached.
CACHED_LINES = 1 << 13


#: What a line contributes to its table: shape row, lexical words, whether it is short, repeat key.
_Entry = tuple[tuple[float, ...], tuple[str, ...], bool, str]


def _line_entry(text: str, stopwords: frozenset[str]) -> _Entry:
    row, lexical, is_short = _line_row(text, stopwords)
    return row, lexical, is_short, " ".join(text[:REPEAT_KEY_CHARS].split()).casefold()


_cached_row = functools.lru_cache(maxsize=CACHED_LINES)(_line_entry)


def line_table(texts: Sequence[str], lexicon: Lexicon, known_chrome: Sequence[bool] | None = None) -> LineTable:
    """Shape features and lexical scores of every non-blank line."""
    blank = [not text.strip() for text in texts]
    indices = tuple(i for i, is_blank in enumerate(blank) if not is_blank)
    n = len(indices)
    lines = [texts[i] for i in indices]
    language = document_language(lines, lexicon.stopwords)
    stopwords = lexicon.stopwords.get(language, frozenset())
    entries = [
        _cached_row(text, stopwords) if len(text) <= CACHED_LINE_CHARS else _line_entry(text, stopwords)
        for text in lines
    ]
    rows, words, short, repeats = zip(*entries, strict=True) if entries else ((), (), (), ())
    local = np.array(rows, dtype=np.float64).reshape(n, len(LINE_FEATURES))
    if known_chrome is not None:
        known = [row for row, index in enumerate(indices) if known_chrome[index]]
        local[known, _COLUMN["known_chrome"]] = 1.0
    local[:, _COLUMN["lexical"]] = lexical_scores(words, lexicon)
    keys: dict[str, int] = {}
    repeat_keys = np.array([keys.setdefault(key, len(keys)) for key in repeats], dtype=np.int64)
    blank_lines, short_rows = np.array(blank, dtype=bool), np.array(short, dtype=bool)
    return LineTable(texts, indices, local, words, short_rows, language, blank_lines, repeat_keys)


def assemble(table: LineTable, rows: npt.NDArray[np.int64] | None = None) -> DocumentLines:
    """Feature rows of the table's lines ``rows`` (positions in the table; all by default), in their context.

    One :func:`textfix.native.line_context` call (compiled C when it is built) writes the line's own
    columns, the neighbours' and the context; numpy takes the ``log1p`` of the four columns that
    need it and the document's stopword share (``np.average``), as the model was trained with.
    """
    if rows is None:
        local, short, indices, words, keys = table.local, table.short, table.indices, table.words, table.repeat_keys
    else:
        local, short, keys = table.local[rows], table.short[rows], table.repeat_keys[rows]
        positions = rows.tolist()
        indices = tuple(table.indices[r] for r in positions)
        words = tuple(table.words[r] for r in positions)
    n = len(indices)
    constants = table.constants
    if not n:
        return DocumentLines(indices, np.zeros((0, len(FEATURE_NAMES))), words, table.language, (-1, -1))
    chars, prose, known, position = constants.chars, constants.prose, constants.known, constants.position
    if rows is not None:
        chars, prose, known, position = chars[rows], prose[rows], known[rows], position[rows]
    stop = local[:, _COLUMN["stopword_share"]]
    doc_stop = float(np.average(stop, weights=chars)) if chars.sum() > 0 else 0.0
    features = np.empty((n, len(FEATURE_NAMES)))
    raw = np.empty((4, n))
    block = native.line_context(
        local,
        short,
        keys,
        chars,
        prose,
        prose & ~known,
        position,
        constants.blanks_before,
        _log1p_of_counts(n),
        float(chars.sum()),
        float(np.log1p(n)),
        doc_stop,
        features,
        raw,
    )
    # log1p of each raw column as one contiguous array, as the columns were computed in training.
    for row, column in enumerate(_LOG_COLUMNS):
        features[:, column] = np.log1p(np.ascontiguousarray(raw[row]))
    return DocumentLines(indices, features, words, table.language, block)


#: The context columns :func:`assemble` takes the ``log1p`` of: rows before and after the block,
#: characters to it, the run of short lines.
_LOG_COLUMNS = tuple(
    FEATURE_NAMES.index(name) for name in ("lines_before_block", "lines_after_block", "log_chars_to_block", "short_run")
)
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


def lexical_scores(words: Sequence[tuple[str, ...]], lexicon: Lexicon) -> npt.NDArray[np.float64]:
    """The lexical score of each row: bias plus the weights of its distinct words (0 for long lines)."""
    weights = lexicon.weights
    bias = lexicon.bias
    # dict.fromkeys: the distinct words in their order (a set's order follows the hash seed, and with it
    # the float sum: training would not give the same bytes twice).
    get = weights.get
    scores = [bias + sum(map(get, dict.fromkeys(ws), _ZEROS)) if ws else 0.0 for ws in words]
    return np.array(scores, dtype=np.float64)


def with_lexicon(lines: DocumentLines, lexicon: Lexicon) -> DocumentLines:
    """The same rows with the lexical columns (the line's and its neighbours') recomputed for ``lexicon``.

    Training computes the features once and swaps lexicons fold by fold.
    """
    features = lines.features.copy()
    scores = lexical_scores(lines.words, lexicon)
    features[:, _COLUMN["lexical"]] = scores
    for offset in NEIGHBOUR_OFFSETS:
        features[:, FEATURE_NAMES.index(f"lexical@{offset:+d}")] = _shift(scores, offset, -1.0)
    return DocumentLines(lines.indices, features, lines.words, lines.language, lines.block)


@functools.lru_cache(maxsize=8)
def _log1p_table(size: int) -> npt.NDArray[np.float64]:
    return np.array([np.log1p(count) for count in range(size)], dtype=np.float64)


def _log1p_of_counts(n: int) -> npt.NDArray[np.float64]:
    """``log1p(k)`` for k in 0..n-1, each computed as for one Python int (the figures of a per-row loop)."""
    size = 1 << max(6, (n - 1).bit_length())  # a few sizes, cached
    return _log1p_table(size)
