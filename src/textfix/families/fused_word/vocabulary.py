"""The document's own prose vocabulary: how often it uses a word on its own, outside code and markup.

A part of a split that the document uses alone elsewhere (``Opelka ... Opelkasaid``) is
strong evidence for the split; a token it uses twice was meant. Only prose counts: in
Markdown, code blocks, inline code, front matter, URLs and link targets do not; in plain
text, URLs, tags and code lines do not (the prose mask, :meth:`Document.is_prose`).

Each answer costs one targeted search of the text (cached per word), so the few suspect
tokens are checked without counting every word of the document; a document that asks
about many words gets its prose letter runs counted once instead. Both go through the
document scanner (:mod:`textfix.core.scan`: C-level searches and counts).
"""

from __future__ import annotations

from collections import Counter

import regex

from textfix.core.document import Document
from textfix.core.scan import SCAN
from textfix.core.views import View

#: Letter runs: the words of the vocabulary.
LETTERS = regex.compile(r"[\p{L}\p{M}]+")
#: The letter run that ends where a (reverse) match is asked to end.
_LETTERS_ENDING = regex.compile(r"(?r)[\p{L}\p{M}]+")
#: After this many targeted searches in one document, counting every letter run once is cheaper.
TARGETED_SEARCH_LIMIT = 64
#: A targeted search stops after this many prose occurrences (the rules ask about 1 and 2).
SEARCH_LIMIT = 2


class ProseWords:
    """How often a document's prose uses a word as a whole letter run, answered one word at a time."""

    __slots__ = ("_all", "_counts", "_doc")

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._counts: dict[str, int] = {}
        self._all: Counter[str] | None = None

    def _count_all(self) -> Counter[str]:
        """Every letter run of the text, less those that touch a non-prose span (found span by span)."""
        doc = self._doc
        text = doc.text
        counts = Counter(SCAN(doc).run_counts())  # a copy: the scanner's counts are shared
        touching: set[int] = set()
        for start, end in doc.non_prose:
            # From the letter run that holds the span's first character, or ends just before it.
            before = _LETTERS_ENDING.match(text, 0, start)
            for run in LETTERS.finditer(text, before.start() if before is not None else start):
                if run.start() >= end:
                    break
                if start < run.end() and run.start() not in touching:
                    touching.add(run.start())
                    counts[run.group()] -= 1
        return +counts if touching else counts

    def count(self, word: str, limit: int = 2) -> int:
        """Occurrences of ``word`` in prose as a whole letter run, counted up to ``limit``.

        The rules only ask "used at all?" and "used twice?", so a search stops at ``limit``
        (``the`` is not walked through 3,000 times).
        """
        if self._all is not None:
            return min(self._all.get(word, 0), limit)
        found = self._counts.get(word)
        if found is None:
            if len(self._counts) >= TARGETED_SEARCH_LIMIT:
                self._all = self._count_all()
                return min(self._all.get(word, 0), limit)
            doc = self._doc
            size = len(word)
            found = 0
            for at in SCAN(doc).whole_runs(word):
                if doc.is_prose(at, at + size):
                    found += 1
                    if found >= SEARCH_LIMIT:
                        break
            self._counts[word] = found
        return min(found, limit)

    def uses(self, word: str) -> bool:
        """Whether the prose uses ``word`` on its own."""
        return self.count(word, 1) > 0

    def uses_any_case(self, word: str) -> bool:
        """Whether the prose uses ``word`` on its own, as written or in lower case."""
        return self.uses(word) or (word.lower() != word and self.uses(word.lower()))


PROSE_WORDS: View[ProseWords] = View("fused_word.prose-words", ProseWords)
