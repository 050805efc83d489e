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
# Their letter classes are a table generated from the regex module (textfix.native.scan_tables):
# the compiled scanner runs only under the regex version the table was made from.
letter_classes = pure.letter_classes
find_whole_run = pure.find_whole_run
letter_run_counts = pure.letter_run_counts
equal_word_pairs = pure.equal_word_pairs

if os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0"):
    #: Which scanner kernels run, in words.
    SCAN_PATH = f"pure Python ({PURE_PYTHON_ENV} is set)"
else:
    try:
        from textfix.native import _scan
    except ImportError:
        SCAN_PATH = "pure Python (the compiled scanner is not built)"
    else:
        import regex

        if regex.__version__ != _scan.REGEX_VERSION:
            SCAN_PATH = f"pure Python (the scanner's table is regex {_scan.REGEX_VERSION}'s, not {regex.__version__}'s)"
        else:
            SCAN_PATH = "compiled C"
            letter_classes = _scan.letter_classes
            find_whole_run = _scan.find_whole_run
            letter_run_counts = _scan.letter_run_counts
            equal_word_pairs = _scan.equal_word_pairs
if PATH == "compiled C" and SCAN_PATH != "compiled C":
    PATH = f"compiled C, but the scanner is {SCAN_PATH}"

#: Whether the compiled kernels run (False: some or all are the pure-Python ones).
COMPILED: bool = PATH == "compiled C"

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
