"""textfix's compiled kernels, with the pure-Python reference they must match bit for bit.

What is here
------------
A *kernel* is one small, hot, self-contained computation that a rule family calls many
times per document. Each kernel exists twice:

* ``pure.py``: the reference implementation, in plain Python (and numpy). It defines the
  kernel's semantics: what it returns for every input, including the order of floating-point
  additions.
* ``_native.c``: the same kernel in plain C against the CPython API (no Cython, no numpy
  headers: arrays come in through the buffer protocol), compiled when textfix is installed.

This module exports each kernel from the compiled module when it imports, else from
``pure.py``. :data:`COMPILED` says which path runs, and ``textfix version`` prints it.

Kernels
-------
* :func:`line_counts`: the character-class counts of one line of the chrome-line model
  (BP401): words, letters, stopwords, tokens, title-case and upper-case tokens, tokens with
  a digit, punctuation, lone separators (``line_features._line_row``).
* :func:`score_trees`: the raw score of each row under BP401's gradient-boosted tree
  ensemble: each row walks each tree, and the leaf values are added tree by tree in order
  (``line_model.TreeEnsemble.raw``).
* The document scanner's kernels (``_scan.c``, :mod:`textfix.core.scan`): :func:`letter_classes`
  (``regex``'s ``\\p{L}``, ``\\p{M}``, ``\\p{Lu}``, ``\\p{Ll}`` of each code point),
  :func:`find_whole_run` (the next occurrence of a word as a whole letter run) and
  :func:`letter_run_counts` (how often each letter run occurs), :func:`equal_word_pairs`
  (the doubled-word rule's candidates: equal neighbours of a space-split byte string). Their classes are a table
  generated from ``regex`` (:mod:`textfix.native.scan_tables`).

Building
--------
``pip install .`` and ``pip install -e .`` compile ``_native.c`` (setuptools, ``setup.py``).
Without a C compiler or the Python headers the build warns and goes on: the extension is
optional, and textfix then runs the pure path (slower, same results).

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
Write it in ``pure.py`` first (with a doctest), then in ``_native.c`` (and its type in
``_native.pyi``), export it below, and add it to the property tests. Keep kernels pure
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

import os
from types import ModuleType
from typing import TYPE_CHECKING

from textfix.native import pure

#: The environment variable that forces the pure-Python kernels (``1``).
PURE_PYTHON_ENV = "TEXTFIX_PURE_PYTHON"

line_counts = pure.line_counts
score_trees = pure.score_trees

if os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0"):
    #: Which kernels run, in words (``textfix version`` prints it).
    PATH = f"pure Python ({PURE_PYTHON_ENV} is set)"
else:
    try:
        from textfix.native import _native
    except ImportError:
        PATH = "pure Python (the compiled module is not built)"
    else:
        PATH = "compiled C"
        line_counts = _native.line_counts
        score_trees = _native.score_trees

# ---- the document scanner's kernels (_scan.c; textfix.core.scan) ------------------------
# The letter classes of three of them are a table generated from the regex module
# (textfix.native.scan_tables): they run compiled only under the regex version the table was made
# from. That check imports regex, which ``textfix version`` and ``--help`` must not pay for, so it is
# made on the first use of one of them (PEP 562 ``__getattr__``); PATH and COMPILED are updated then.
equal_word_pairs = pure.equal_word_pairs
_TABLE_KERNELS = ("letter_classes", "find_whole_run", "letter_run_counts", "SCAN_PATH")
_scanner: ModuleType | None = None

if os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0"):
    _SCAN_UNBUILT = f"pure Python ({PURE_PYTHON_ENV} is set)"
else:
    try:
        from textfix.native import _scan as _compiled_scan
    except ImportError:
        _SCAN_UNBUILT = "pure Python (the compiled scanner is not built)"
    else:
        _SCAN_UNBUILT = ""
        _scanner = _compiled_scan
        equal_word_pairs = _compiled_scan.equal_word_pairs  # no letter table: the compiled one whenever built
if PATH == "compiled C" and _SCAN_UNBUILT:
    PATH = f"compiled C, but the scanner is {_SCAN_UNBUILT}"

#: Whether the compiled kernels run (False: some or all are the pure-Python ones).
COMPILED: bool = PATH == "compiled C"

if TYPE_CHECKING:
    letter_classes = pure.letter_classes
    find_whole_run = pure.find_whole_run
    letter_run_counts = pure.letter_run_counts
    #: Which letter-table kernels run, in words.
    SCAN_PATH: str


def __getattr__(name: str) -> object:
    """The letter-table kernels and SCAN_PATH, chosen on first use (compiled only under the table's regex)."""
    if name not in _TABLE_KERNELS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    global PATH, COMPILED  # noqa: PLW0603 - the one place the choice is made, once
    chosen: dict[str, object] = {
        "letter_classes": pure.letter_classes,
        "find_whole_run": pure.find_whole_run,
        "letter_run_counts": pure.letter_run_counts,
        "SCAN_PATH": _SCAN_UNBUILT,
    }
    if _scanner is not None:
        import regex  # noqa: PLC0415 - only when the scanner is first used

        if regex.__version__ == _scanner.REGEX_VERSION:
            chosen.update(
                letter_classes=_scanner.letter_classes,
                find_whole_run=_scanner.find_whole_run,
                letter_run_counts=_scanner.letter_run_counts,
                SCAN_PATH="compiled C",
            )
        else:
            chosen["SCAN_PATH"] = (
                f"pure Python (the scanner's table is regex {_scanner.REGEX_VERSION}'s, not {regex.__version__}'s)"
            )
            if PATH == "compiled C":
                PATH = f"compiled C, but the scanner is {chosen['SCAN_PATH']}"
            COMPILED = False
    globals().update(chosen)
    return chosen[name]


__all__ = [
    "COMPILED",
    "PATH",
    "PURE_PYTHON_ENV",
    "SCAN_PATH",
    "equal_word_pairs",
    "find_whole_run",
    "letter_classes",
    "letter_run_counts",
    "line_counts",
    "pure",
    "score_trees",
]
