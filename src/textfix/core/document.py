"""The one document model: text plus cached views that rules share.

Rules look at a :class:`Document`, never at raw strings or files. Views are computed
on first use and cached, so ten rules that need the lines of a document split it once.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Hashable, Sequence
from functools import cached_property
from typing import NamedTuple, TypeVar, cast

from textfix.core import markup

T = TypeVar("T")


class TextFormat(str, enum.Enum):
    """How a document's text is structured, which decides what counts as prose."""

    TEXT = "text"
    MARKDOWN = "markdown"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def from_path(cls, path: str) -> TextFormat:
        """Markdown for ``.md``/``.markdown``/``.mdx`` files, plain text otherwise."""
        lowered = path.lower()
        if lowered.endswith((".md", ".markdown", ".mdx")):
            return cls.MARKDOWN
        return cls.TEXT


class Line(NamedTuple):
    """One line: ``text`` excludes the line ending; ``end`` is the offset before it.

    A named tuple rather than a frozen dataclass: a document of many short lines builds
    one per line, and a tuple is built several times faster.
    """

    number: int
    start: int
    end: int
    text: str
    ending: str


def clip_spans(spans: Sequence[tuple[int, int]], start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The parts of ``spans`` (sorted, disjoint) inside ``start..end``, with offsets from ``start``."""
    index = max(0, bisect.bisect_right(spans, (start, start)) - 1)
    out = []
    for s, e in spans[index:]:
        if s >= end:
            break
        if e > start:
            out.append((max(s, start) - start, min(e, end) - start))
    return tuple(out)


class Document:
    """A text to check, with lazily computed, cached views."""

    __slots__ = ("__dict__", "_memo", "format", "path", "text")

    def __init__(self, text: str, *, path: str = "<string>", fmt: TextFormat | None = None) -> None:
        self.text = text
        self.path = path
        self.format = fmt if fmt is not None else TextFormat.from_path(path)
        self._memo: dict[Hashable, object] = {}

    def derive(self, text: str) -> Document:
        """A new document with other text and the same path and format."""
        return Document(text, path=self.path, fmt=self.format)

    def excerpt(self, start: int, end: int) -> Document:
        """A document of ``text[start:end]`` (same path and format) that keeps this document's non-prose spans.

        Its offsets start at 0. What is prose is decided by the whole document (a Markdown
        block is never parsed out of its context): the spans are clipped and shifted, not
        computed again.
        """
        part = Document(self.text[start:end], path=self.path, fmt=self.format)
        part.__dict__["non_prose"] = clip_spans(self.non_prose, start, end)
        return part

    @cached_property
    def lines(self) -> Sequence[Line]:
        """Every line with its offsets; a final line without a newline counts too."""
        out: list[Line] = []
        pieces = self.text.split("\n")
        last = len(pieces)
        pos = 0
        for number, piece in enumerate(pieces, 1):
            size = len(piece)
            if number == last:
                if size:
                    out.append(Line(number, pos, pos + size, piece, ""))
                break
            if piece.endswith("\r"):
                out.append(Line(number, pos, pos + size - 1, piece[:-1], "\r\n"))
            else:
                out.append(Line(number, pos, pos + size, piece, "\n"))
            pos += size + 1
        return out

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    @cached_property
    def non_prose(self) -> tuple[tuple[int, int], ...]:
        """Sorted, disjoint spans that are not prose (code, URLs, front matter, ...)."""
        return markup.non_prose_spans(self.text, self.format)

    @cached_property
    def _non_prose_starts(self) -> list[int]:
        return [start for start, _ in self.non_prose]

    def is_prose(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` touches no non-prose span.

        An empty span (an insertion point) is prose unless it lies strictly inside a
        non-prose span.
        """
        spans = self.non_prose
        if not spans:
            return True
        index = bisect.bisect_right(self._non_prose_starts, end) - 1
        while index >= 0:
            s, e = spans[index]
            if e <= start:
                return True
            if start == end:
                if s < start < e:
                    return False
            elif s < end and start < e:
                return False
            index -= 1
        return True

    def seed(self, key: Hashable, value: object) -> None:
        """Set a view's value before any rule asks (the incremental ``fix`` gives a block the whole document's)."""
        self._memo[key] = value

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Compute a view once per document and share it between rules."""
        try:
            return cast("T", self._memo[key])
        except KeyError:
            value = compute()
            self._memo[key] = value
            return value
