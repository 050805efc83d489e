"""The document scanner: a document's letter runs, found once in C for every family that asks.

A *letter run* is a maximal run of letters and combining marks, ``[\\p{L}\\p{M}]+`` as the
``regex`` module reads those classes (the words of ``fused_word.vocabulary``). Two questions
are asked about them by several rules, and each used to cost a Python loop over the text:

* where does a word occur as a whole letter run (:meth:`Scan.whole_runs`: the fused-word
  family's vocabulary and the places it repairs);
* how often does each letter run occur (:meth:`Scan.run_counts`: the vocabulary of a
  document that asks about many words).

The kernels are :mod:`textfix.native`'s scanner (``_scan.c``, with ``native/pure.py`` the
reference that defines them): the compiled path when it is built for the installed
``regex``, the pure path otherwise or under ``TEXTFIX_PURE_PYTHON=1``, with the same results.
The answers depend on the text alone; :data:`SCAN` keeps one :class:`Scan` per document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textfix import native
from textfix.core.views import View

if TYPE_CHECKING:
    from textfix.core.document import Document


class Scan:
    """The letter runs of one text, answered by the scanner kernels (the counts computed once)."""

    __slots__ = ("_counts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._counts: dict[str, int] | None = None

    def whole_runs(self, word: str, start: int = 0) -> Iterator[int]:
        """Starts of ``word`` from ``start`` on with no letter or mark just before it nor where it ends.

        For a ``word`` of letters and marks these are its occurrences as a whole letter run;
        for any ``word``, the hits of ``str.find`` that pass that test, each search going on
        after the last hit found (one character on after a hit that fails). ``word`` must not
        be empty.

        >>> list(Scan("the other theme, the").whole_runs("the"))
        [0, 17]
        """
        text = self.text
        size = len(word)
        find = native.find_whole_run
        at = find(text, word, start)
        while at != -1:
            yield at
            at = find(text, word, at + size)

    def run_counts(self) -> dict[str, int]:
        """How often each letter run occurs, in order of first occurrence (computed once; do not change it).

        >>> Scan("Wait, wait: wait").run_counts()
        {'Wait': 1, 'wait': 2}
        """
        if self._counts is None:
            self._counts = native.letter_run_counts(self.text)
        return self._counts


def _scan(doc: Document) -> Scan:
    return Scan(doc.text)


#: The scanner of ``doc`` (a view: one per document, shared by every rule).
SCAN: View[Scan] = View("scan", _scan)
