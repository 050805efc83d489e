"""What is prose and what is not.

Rules report anywhere; the engine drops findings whose span touches a non-prose span,
so a wrong "fix" can never land inside a URL, an e-mail address or (in Markdown) code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from textfix.document import TextFormat

#: URLs (with a scheme or a leading ``www.``) and e-mail addresses.
_URL_OR_EMAIL = regex.compile(
    r"""
    (?:\b[a-z][a-z0-9+.\-]*://|\bwww\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}’”]   # URL
    | \b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b                                  # e-mail
    """,
    regex.IGNORECASE | regex.VERBOSE,
)


def url_and_email_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses in ``text``."""
    if "@" not in text and "://" not in text and "www." not in text.lower():
        return []
    return [m.span() for m in _URL_OR_EMAIL.finditer(text)]


def merge_spans(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sort spans and merge the ones that overlap or touch."""
    if not spans:
        return ()
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return tuple(merged)


def non_prose_spans(text: str, fmt: TextFormat) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` that rules must not touch, for the given format."""
    spans = url_and_email_spans(text)
    return merge_spans(spans)
