"""textfix's compiled kernels, with the pure-Python reference they must match bit for bit.

What is here
------------
A *kernel* is one small, hot, self-contained computation that a rule family calls many
times per document. Each kernel exists twice:

* ``pure.py``: the reference implementation, in plain Python (and numpy). It defines the
  kernel's semantics: what it returns for every input, including the order of floating-point
  additions.
* a C file (``_native.c``, ``_lexicon.c``, ...): the same kernel in plain C against the CPython
  API (no Cython, no numpy headers: arrays come in through the buffer protocol), compiled when
  textfix is installed. Each C file is its own optional extension module, so that one that does
  not build leaves the others running.

This module exports each kernel from the compiled module when it imports, else from
``pure.py``. :data:`COMPILED` says which path runs, and ``textfix version`` prints it.

Kernels
-------
* :func:`line_counts` (``_lines.c``): the character-class counts of one line of the chrome-line
  model (BP401): words, letters, stopwords, tokens, title-case and upper-case tokens, tokens
  with a digit, punctuation, lone separators (part of :func:`line_row`).
* :class:`LexiconTable` (``_lexicon.c``): one language's word-frequency table, read in place
  from the prebuilt index (a hash table of CRC-32 buckets, memory-mapped); ``zipf(word)``
  normalises and looks up, ``cuts(text)`` answers every prefix and suffix of a token in one
  call (``textfix.lang.lexicon``, ``families/fused_word/segment``).
* :class:`WordScreen` (its own extension, ``_names.c``): the function-word screen of the
  document-language view (:mod:`textfix.lang.document`): the tokens of a stretch, and how
  many distinct ones are the candidate language's function words or other languages'; and
  :func:`ascii_name_key`, the name key of an ASCII spelling (``textfix.lang.gazetteer.name_key``).
* :func:`score_trees` (``_native.c``): the raw score of each row under BP401's gradient-boosted tree
  ensemble: each row walks each tree, and the leaf values are added tree by tree in order
  (``line_model.TreeEnsemble.raw``).
* :func:`line_row` (``_lines.c``, its own extension ``textfix.native._lines``): the whole shape row
  of one line of the chrome-line model: the counts above, the date, time, year, link and
  sentence-end searches, the lexical words (``line_features._line_row``).
* The document scanner's kernels (``_scan.c``, :mod:`textfix.core.scan`): :func:`letter_classes`
  (``regex``'s ``\\p{L}``, ``\\p{M}``, ``\\p{Lu}``, ``\\p{Ll}`` of each code point),
  :func:`find_whole_run` (the next occurrence of a word as a whole letter run) and
  :func:`letter_run_counts` (how often each letter run occurs), :func:`equal_word_pairs`
  (the doubled-word rule's candidates: equal neighbours of a space-split byte string). Their classes are a table
  generated from ``regex`` (:mod:`textfix.native.scan_tables`).
* :func:`fused_screen` (``_fused.c``): the fused-word family's screen: a document's distinct
  letter runs (from the scanner's classes) that are not known as plain, and whether a
  punctuation join may be there, in one pass; and :func:`unseen_chunks`, the same for the
  whitespace chunks of the shared chunk screen (:mod:`textfix.core.chunks`).
* :func:`line_context` (its own extension ``_boiler.c``): the feature rows of one peel round of the
  chrome-line model: the line's own columns, its neighbours' and the context of the main prose
  block; :func:`assemble_rows` around it, the whole round (``line_features.assemble``): the rows
  kept, numpy's pairwise sums, the ``log1p`` columns; and :func:`calibrate`, ``numpy.interp`` of
  the raw scores (``line_model``). With them compiled, BP401 never imports numpy.

Building
--------
``pip install .`` and ``pip install -e .`` compile every C file (setuptools, ``setup.py``).
Without a C compiler or the Python headers the build warns and goes on: the extensions are
optional, and textfix then runs the pure path of what is not built (slower, same results).

Choosing the path
-----------------
``TEXTFIX_PURE_PYTHON=1`` in the environment forces the pure path even when the compiled
module is there (read once, when this module is first imported). The test command runs the
whole suite twice, on the compiled build and with ``TEXTFIX_PURE_PYTHON=1``, and
``tests/test_native.py`` checks every kernel on both paths against each other (hypothesis
and real text) and that an engine with the compiled kernels and one with the pure kernels
give the same findings and fixed texts.

Adding a kernel
---------------
Write it in ``pure.py`` first (with a doctest), then in C (a new file is a new ``Extension``
line in ``setup.py`` and a ``.pyi`` beside it), export it below, and add it to the property
tests. Keep kernels pure
functions of their arguments: no state, no caches, no I/O.

Speed
-----
Measured on a loaded shared machine (2 cores, load 15), so read the ratios rather than the
absolute figures. ``python -m bench native``, CPU time (``time.process_time``), best of two, on
5 MB of whole-page text (302 pages, 58,988 lines):

* ``line_counts``: 23.4 µs per line pure, 3.2 compiled (7.3x);
* ``score_trees`` (200 trees, depth 8): 25.4 µs per line pure, 6.2 compiled (4.1x);
* BP401's ``line_table``: 2.41 s pure, 1.12 s compiled; ``TreeEnsemble.raw``: 1.21 s, 0.33 s;
* ``Engine.check``, BP401 alone: 11.2 s pure, 6.9 s compiled; every default rule: 20.3 s pure,
  12.7 s compiled (the second figure is noisy: BP401 alone differs by 4.3 s).

Instructions (``valgrind --tool=callgrind``, 30 pages, 6,501 lines, the run minus the same run
without the workload): ``line_table`` 1,516 M instructions pure, 804 M compiled;
``TreeEnsemble.raw`` (one call per page) 1,003 M pure, 121 M compiled.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from types import ModuleType
from typing import TYPE_CHECKING, cast

from textfix.native import pure
from textfix.native.pure import CountsWords

#: The environment variable that forces the pure-Python kernels (``1``).
PURE_PYTHON_ENV = "TEXTFIX_PURE_PYTHON"
#: Whether the environment forces the pure path (read once, at import).
FORCED_PURE = os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0")

# Every kernel starts as its reference; a compiled module that imports replaces its kernels.
line_counts = pure.line_counts
score_trees = pure.score_trees
line_row = pure.line_row
#: The type of a word-frequency table: ``LexiconTable(data)`` over a TFZ3 index (``textfix.lang.zipf_index``).
LexiconTable: type[pure.LexiconTable] = pure.LexiconTable
#: The function-word screen's word tables (:class:`textfix.native.pure.WordScreen`).
WordScreen: Callable[[Iterable[str], Iterable[str]], CountsWords] = pure.WordScreen

#: The name key of an ASCII spelling, None for another (``gazetteer.name_key``'s fast path).
ascii_name_key = pure.ascii_name_key
#: The doubled-word rule's candidates (the scanner's one kernel without a letter table).
equal_word_pairs = pure.equal_word_pairs
#: The compiled modules that run.
BUILT: set[str] = set()
#: The compiled modules that are not built (their kernels run pure).
UNBUILT: list[str] = []


def _compiled(name: str) -> ModuleType | None:
    """The compiled module ``textfix.native.<name>``; None when the pure path is forced or it is not built."""
    if FORCED_PURE:
        return None
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ImportError:
        UNBUILT.append(name)
        return None
    BUILT.add(name)
    return module


if (_native := _compiled("_native")) is not None:
    score_trees = _native.score_trees
if (_lines := _compiled("_lines")) is not None:
    line_counts = _lines.line_counts
    line_row = _lines.line_row
if (_lexicon := _compiled("_lexicon")) is not None:
    LexiconTable = _lexicon.Table
if (_names := _compiled("_names")) is not None:
    WordScreen = _names.WordScreen
    ascii_name_key = _names.ascii_name_key
if (_scanner := _compiled("_scan")) is not None:
    equal_word_pairs = _scanner.equal_word_pairs  # no letter table: the compiled one whenever built

# ---- the fused-word run screen and the chunk screen (_fused.c; fused_word.candidates, core.chunks) ----
#: The distinct letter runs of a text not known as plain, and whether a punctuation join may be there.
fused_screen = pure.fused_screen
#: The distinct whitespace chunks of a text not known as plain (the shared chunk screen).
unseen_chunks = pure.unseen_chunks
if (_fused := _compiled("_fused")) is not None:
    _fused_screen = _fused.fused_screen

    def fused_screen(text: str, known: AbstractSet[str], old: AbstractSet[str]) -> tuple[list[str], list[str], bool]:
        """:func:`textfix.native.pure.fused_screen`, compiled: one pass over the scanner's letter classes."""
        classes: Callable[[str], bytes] | None = globals().get("letter_classes")
        if classes is None:  # chosen on the scanner's first use (__getattr__, below)
            classes = cast("Callable[[str], bytes]", __getattr__("letter_classes"))
        result: tuple[list[str], list[str], bool] = _fused_screen(text, classes(text), known, old)
        return result

    unseen_chunks = _fused.unseen_chunks

# ---- BP401's peel rounds and calibration (_boiler.c; families/boilerplate/line_features, line_model) ----
line_context = pure.line_context
#: A peel round's whole feature rows (the rows kept, numpy's sums, line_context, the log1p columns).
assemble_rows = pure.assemble_rows
#: ``numpy.interp`` of raw scores into probabilities, bit for bit.
calibrate = pure.calibrate
if (_boiler := _compiled("_boiler")) is not None:
    line_context = _boiler.line_context
    assemble_rows = _boiler.assemble_rows
    calibrate = _boiler.calibrate


def _path() -> str:
    if FORCED_PURE:
        return f"pure Python ({PURE_PYTHON_ENV} is set)"
    if not UNBUILT:
        return "compiled C"
    if not BUILT:
        return "pure Python (the compiled modules are not built)"
    return f"compiled C, but pure Python for what {', '.join(UNBUILT)} holds (not built)"


#: Which kernels run, in words (``textfix version`` prints it).
PATH = _path()
#: Whether every compiled kernel runs (False: some or all are the pure-Python ones).
COMPILED: bool = PATH == "compiled C"

# ---- the document scanner's letter-table kernels (_scan.c; textfix.core.scan) -------------
# The letter classes of three of the scanner's kernels must be the installed regex module's.
# _scan.c carries the table of the regex version it was generated from
# (textfix.native.scan_tables); under another version, the table of the installed regex is
# built and handed to the compiled scanner on its first use. That check imports regex, which
# ``textfix version`` and ``--help`` must not pay for, so it is made on the first use of one of
# the kernels (PEP 562 ``__getattr__``).
_TABLE_KERNELS = ("letter_classes", "find_whole_run", "letter_run_counts", "SCAN_PATH")

if TYPE_CHECKING:
    letter_classes = pure.letter_classes
    find_whole_run = pure.find_whole_run
    letter_run_counts = pure.letter_run_counts
    #: Which letter-table kernels run, in words.
    SCAN_PATH: str


def __getattr__(name: str) -> object:
    """The letter-table kernels and SCAN_PATH, chosen on first use (with the installed regex's letter table)."""
    if name not in _TABLE_KERNELS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    chosen: dict[str, object] = {
        "letter_classes": pure.letter_classes,
        "find_whole_run": pure.find_whole_run,
        "letter_run_counts": pure.letter_run_counts,
        "SCAN_PATH": PATH,
    }
    if _scanner is not None:
        import regex  # noqa: PLC0415 - only when the scanner is first used

        chosen.update(
            letter_classes=_scanner.letter_classes,
            find_whole_run=_scanner.find_whole_run,
            letter_run_counts=_scanner.letter_run_counts,
            SCAN_PATH="compiled C",
        )
        if regex.__version__ != _scanner.REGEX_VERSION:
            from textfix.native import scan_tables  # noqa: PLC0415 - only under another regex

            _scanner.use_classes(scan_tables.class_table())
            chosen["SCAN_PATH"] = (
                f"compiled C, with the letter table of regex {regex.__version__} built at first use"
                f" (the built-in one is regex {_scanner.REGEX_VERSION}'s)"
            )
    globals().update(chosen)
    return chosen[name]


__all__ = [
    "BUILT",
    "COMPILED",
    "FORCED_PURE",
    "PATH",
    "PURE_PYTHON_ENV",
    "SCAN_PATH",
    "UNBUILT",
    "LexiconTable",
    "WordScreen",
    "ascii_name_key",
    "assemble_rows",
    "calibrate",
    "equal_word_pairs",
    "find_whole_run",
    "fused_screen",
    "letter_classes",
    "letter_run_counts",
    "line_context",
    "line_counts",
    "line_row",
    "pure",
    "score_trees",
    "unseen_chunks",
]
