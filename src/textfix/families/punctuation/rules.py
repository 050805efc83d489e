"""Rules of the quotes family: quote pairing, stray quotes and mixed quote styles.

All rules share one scan per document (:func:`quote_scan`): the quote characters of each
line, walked left to right with the opener still waiting for its closer. A quote's
*position* decides its role: an opening position follows a space, the start of a line or
an opening bracket and precedes a non-space; a closing position follows a non-space and
precedes a space, the end of the line or punctuation. An apostrophe (``don’t``,
``’90s``, ``Kyiv’s``) sits inside a word and is never taken for a quote.

A quotation that runs over several paragraphs reopens each paragraph with ``“`` and
closes only at the end: a ``“`` in an opening position while another is open replaces
it, so this is never an error.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import msgspec

from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.core.views import View
from textfix.model import Category, Edit, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document

_QUOTES = re.compile(r"[“”„‘’\"]")
#: The only quote ASCII text can hold: a literal pattern scans many times faster than a class.
_STRAIGHT_QUOTE = re.compile('"')
#: What may follow a closing quote.
_AFTER_CLOSE = frozenset(" \t\u00a0,.;:!?)]}…—–-/'\"’”")
#: What may precede an opening quote.
_BEFORE_OPEN = frozenset(" \t\u00a0([{—–-/\"'“‘„«")
#: Punctuation that a quotation cannot start with.
_PUNCT = frozenset(",.;:!?")


class QuoteEvent(msgspec.Struct, frozen=True):
    """Something the scan found: ``kind`` is ``mismatch``, ``unclosed``, ``unopened`` or ``stray``."""

    kind: str
    offset: int
    char: str
    replacement: str = ""
    #: For ``stray``: the span a suggested deletion would remove.
    span: tuple[int, int] = (0, 0)


class QuoteScan(msgspec.Struct, frozen=True):
    """Every quote event of a document and the counts of straight and curly double quotes."""

    events: tuple[QuoteEvent, ...]
    straight: tuple[int, ...]
    curly: int


def _position(text: str, i: int) -> tuple[bool, bool]:
    """(opening position, closing position) of the quote at ``text[i]``."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opening = before in _BEFORE_OPEN and not after.isspace()
    closing = not before.isspace() and (after in _AFTER_CLOSE or after.isspace())
    return opening, closing


def _is_stray(text: str, i: int) -> tuple[int, int] | None:
    """The span to delete when the quote at ``i`` stands alone before punctuation (`` “: Pay``)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() and after in _PUNCT:
        start = i
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        return (start, i + 1)
    return None


def _scan_line(
    text: str, base: int, events: list[QuoteEvent], straight: list[int], quotes: re.Pattern[str] = _QUOTES
) -> int:
    curly = 0
    open_double: tuple[str, int] | None = None
    open_single: tuple[str, int] | None = None
    for match in quotes.finditer(text):
        i = match.start()
        ch = match.group()
        if ch == '"':
            before = text[i - 1] if i > 0 else " "
            if not before.isdigit():  # 5'10" is an inch mark
                straight.append(base + i)
            continue
        opening, closing = _position(text, i)
        if ch in "“”„":
            curly += 1
            stray = _is_stray(text, i)
            if stray is not None:
                events.append(QuoteEvent("stray", base + i, ch, span=(base + stray[0], base + stray[1])))
                continue
        if ch == "„":
            open_double = (ch, i)
        elif ch == "“":
            if open_double is not None and closing and not opening:
                if open_double[0] == "“":
                    events.append(QuoteEvent("mismatch", base + i, ch, "”"))
                open_double = None  # „…“ is German and correct
            else:
                open_double = (ch, i)
        elif ch == "”":
            if open_double is not None:
                open_double = None
            elif opening and not closing:
                open_double = (ch, i)  # Swedish and Finnish open with ” too
            else:
                events.append(QuoteEvent("unopened", base + i, ch))
        elif ch == "‘":
            if open_single is not None and closing and not opening:
                events.append(QuoteEvent("mismatch", base + i, ch, "’"))
                open_single = None
            elif opening:
                open_single = (ch, i)
        elif ch == "’" and open_single is not None and closing:
            open_single = None
    if open_double is not None:
        events.append(QuoteEvent("unclosed", base + open_double[1], open_double[0]))
    return curly


def _compute_quote_scan(doc: Document) -> QuoteScan:
    """The quote events of a document (computed once, shared by the quote rules)."""
    text = doc.text
    quotes = _STRAIGHT_QUOTE if text.isascii() else _QUOTES
    first = quotes.search(text)
    if first is None:
        return QuoteScan((), (), 0)
    events: list[QuoteEvent] = []
    straight: list[int] = []
    curly = 0
    lines = doc.lines
    # Only the lines that hold a quote can hold an event: find them with one scan of the text.
    starts = [line.start for line in lines]
    holding: list[int] = []
    for match in quotes.finditer(text, first.start()):
        index = bisect.bisect_right(starts, match.start()) - 1
        if not holding or holding[-1] != index:
            holding.append(index)
    for index in holding:
        line = lines[index]
        before = len(events)
        curly += _scan_line(line.text, line.start, events, straight, quotes)
        # A paragraph left open is fine when the next paragraph reopens (multi-paragraph quotation).
        if len(events) > before and events[-1].kind == "unclosed":
            following = next((ln.text.lstrip() for ln in lines[index + 1 :] if ln.text.strip()), "")
            if following.startswith(("“", "„")):
                events.pop()
    return QuoteScan(tuple(events), tuple(straight), curly)


#: The quote events of a document (computed once, shared by the quote rules). (a view).
quote_scan: View[QuoteScan] = View("quotes.scan", _compute_quote_scan)


class MismatchedQuote(Rule):
    """An opening curly quote used where the closing one belongs.

    What it does:
        Finds ``“`` (or ``‘``) in a closing position (after a word, before a space,
        punctuation or the end of the line) while a quotation opened with ``“`` (or
        ``‘``) is still open, and replaces it by ``”`` (or ``’``). A German quotation
        ``„…“`` is correct and left alone.

    Why it happens:
        Machine translation and "smart quote" converters that pick the quote's shape
        without looking at its position.

    Example:
        ``“Occupy Kyiv in a few days“, Stoltenberg assured`` becomes
        ``“Occupy Kyiv in a few days”, Stoltenberg assured``.

    Fix safety:
        Safe: an opener in a closing position while its quotation is open has only
        one reading. Measured (``python -m bench quotes_spacing``): precision 1.0 on
        82 damaged lines, 0 findings per MB of clean prose.
    """

    code = "PU101"
    name = "mismatched-quote"
    category = Category.PUNCTUATION
    summary = "opening quote used as a closing quote"
    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per opener in a closing position."""
        for event in quote_scan(doc).events:
            if event.kind == "mismatch":
                at = event.offset
                message = f"opening quote {event.char} closes a quotation: use {event.replacement}"
                yield self.finding(at, at + 1, message, Fix.safe(Edit(at, at + 1, event.replacement)))


class UnbalancedQuote(Rule):
    """A quotation opened and never closed, or closed and never opened, in a paragraph.

    What it does:
        Reports a ``“`` (or ``„``) still open at the end of its paragraph (unless the
        next paragraph reopens it: a quotation over several paragraphs) and a ``”``
        that closes nothing.

    Why it happens:
        A scraper or translator dropped one quote of the pair.

    Example:
        ``They’re changing their priorities going east,” Stoltenberg explained`` has a
        closing quote and no opening one.

    Fix safety:
        Display only: where the missing quote belongs is a matter of meaning.
    """

    code = "PU102"
    name = "unbalanced-quote"
    category = Category.PUNCTUATION
    summary = "quotation not closed or not opened in its paragraph"
    fix_availability = FixAvailability.NEVER
    scope = DOCUMENT

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per unmatched quote."""
        for event in quote_scan(doc).events:
            if event.kind == "unclosed":
                yield self.finding(
                    event.offset, event.offset + 1, f"quotation opened with {event.char} is never closed"
                )
            elif event.kind == "unopened":
                yield self.finding(event.offset, event.offset + 1, f"closing quote {event.char} closes no quotation")


class StrayQuote(Rule):
    """A quote standing alone before punctuation.

    What it does:
        Reports a curly double quote that follows a space and precedes ``, . ; : ! ?``
        (the seed's ``decisions” “: Pay me``), and suggests deleting it with the
        space before it.

    Why it happens:
        Machine translation that moved or duplicated a quote.

    Example:
        ``must “make difficult decisions” “: Pay me`` suggests
        ``must “make difficult decisions”: Pay me``.

    Fix safety:
        Display only: the quote may be the remains of a quotation that lost its words.
    """

    code = "PU103"
    name = "stray-quote"
    category = Category.PUNCTUATION
    summary = "stray quote before punctuation"
    fix_availability = FixAvailability.SOMETIMES
    scope = DOCUMENT

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per stray quote."""
        for event in quote_scan(doc).events:
            if event.kind == "stray":
                start, end = event.span
                message = f"stray quote {event.char} before punctuation: delete it?"
                yield self.finding(event.offset, event.offset + 1, message, Fix.display(Edit.delete(start, end)))


class MixedQuoteStyles(Rule):
    """Straight double quotes in a document that otherwise uses curly ones.

    What it does:
        When a document's double quotes are mostly curly (``“…”``), reports each
        straight ``"`` and proposes the curly quote its position calls for (``“``
        after a space or at the start of a line, ``”`` otherwise). Inch marks
        (``5'10"``) are left alone.

    Why it happens:
        Text pasted from several sources, or edited by hand after a smart-quote
        conversion.

    Example:
        ``“One,” she said, "two."`` becomes ``“One,” she said, “two.”``.

    Fix safety:
        Unsafe: a consistency change, and the text may quote code or data. Measured
        (``python -m bench quotes_spacing``): 0 findings per MB of clean prose; no
        benchmark injects straight quotes yet, so its precision on damage is unknown.
    """

    code = "PU104"
    name = "mixed-quote-styles"
    category = Category.PUNCTUATION
    summary = "straight quote in a document using curly quotes"
    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per straight double quote when curly ones are the majority."""
        scan = quote_scan(doc)
        if not scan.straight or scan.curly <= len(scan.straight):
            return
        text = doc.text
        for at in scan.straight:
            opening, _ = _position(text, at)
            curly = "“" if opening else "”"
            message = f'straight quote " among curly quotes: use {curly}'
            yield self.finding(at, at + 1, message, Fix.unsafe(Edit(at, at + 1, curly)))


RULES: tuple[type[Rule], ...] = (MismatchedQuote, UnbalancedQuote, StrayQuote, MixedQuoteStyles)
