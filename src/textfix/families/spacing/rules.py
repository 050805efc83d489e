"""Rules of the spacing family, and doubled punctuation (PU2xx).

Each rule is one precompiled expression run over the whole text; numbers, ellipses and
emoticons are excluded by the expressions themselves (``1,000``, ``3.14``, ``10:30``,
``...``, ``:)`` never match), URLs and e-mail addresses by the engine, which drops any
finding that touches them.

French puts a space before ``; : ! ?``: a document whose common words are French is
never flagged for those, and elsewhere the fix is unsafe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import regex

from textfix import native
from textfix.core.document import TextFormat
from textfix.core.patterns import lazy_re, lazy_regex, literal_hits
from textfix.core.rule import Rule
from textfix.core.scope import LOCAL, local
from textfix.core.views import View
from textfix.lang.wordlists import word_list
from textfix.model import Category, Edit, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document

# The scans below are led by a literal string where they can be: ``re`` then jumps from one
# occurrence of the literal to the next, about ten times faster than trying a character class (or a
# lookbehind) at every position. A class is split into one pattern per character and the hits merged.

#: Candidates for SP101 (checked in Python: what precedes the spaces, what follows the mark); the
#: tab forms run only on text that holds a tab. (Spaces are everywhere: here one class beats six
#: literal patterns.)
_SPACE_BEFORE = (re.compile(r" [,.;:!?]"),)
_BLANK_BEFORE = (re.compile(r"[ \t][,.;:!?]"),)
_WORD_END = lazy_regex(r"[\p{L}\p{N}”’\"\)\]]")
_MARK_END = frozenset(' \t\r\n”’"')
_MISSING_AFTER = lazy_regex(r"(?<=\p{Ll}\p{Ll})([,;:])(?=\p{L}\p{Ll})")
#: Candidates for SP102: a mark right before a letter (``[^\W\d_]`` holds every ``\p{L}``).
_MARK_BEFORE_LETTER = tuple(re.compile(re.escape(mark) + r"(?=[^\W\d_])") for mark in ",;:")
_ENTITY_BEFORE = lazy_regex(r"&#?[A-Za-z0-9]+;\Z")
#: Most characters between a doubled word's two halves (spaces) that :class:`DoubledWord` looks at.
_MAX_GAP = 1026
_DOUBLED_WORD = lazy_regex(r"(?<![\p{L}\p{N}'’\-])(\p{L}+)( +)((?i:\1))(?![\p{L}\p{N}'’\-])")
#: Punctuation that may end a word, and digits (no doubled word holds one), turned into spaces before
#: words are compared; curly double quotes too (:data:`_LEFT_QUOTE`, :data:`_RIGHT_QUOTE`).
_WORD_SEPARATORS = bytes.maketrans(b',.;:!?"()[]0123456789', b" " * 21)
_LEFT_QUOTE = "“".encode()
_RIGHT_QUOTE = "”".encode()
#: Candidates for PU201 and SP104; what surrounds them is checked in Python (lookarounds would
#: make the scan try every position of the text).
_SPACE_RUN = re.compile(r"  +")
#: The end of a line (before ``\r\n`` or ``\n``) that follows a space or a tab.
_BLANK_LINE_END = regex.compile(r"(?<=[ \t])\r?\n")
_TABLE_LIKE = lazy_re(r"\S   +\S.*\S   +\S")
_FRENCH_WORDS = lazy_regex(rf"\b(?:{'|'.join(sorted(word_list('fr', 'markers-short')))})\b")
_ENGLISH_WORDS = lazy_regex(rf"\b(?:{'|'.join(sorted(word_list('en', 'markers-short')))})\b")

#: Words whose doubling is always an error.
ALWAYS_DOUBLED_BY_MISTAKE = word_list("en", "always-doubled-by-mistake")
#: Words that are doubled on purpose ("had had", "that that", "bye bye").
LEGITIMATELY_DOUBLED = word_list("en", "legitimately-doubled")


def _compute_looks_french(doc: Document) -> bool:
    """Whether French common words outnumber English ones (computed once per document)."""
    sample = doc.text[:20000].lower()
    return len(_FRENCH_WORDS.findall(sample)) > len(_ENGLISH_WORDS.findall(sample))


#: Whether French common words outnumber English ones. (a view).
looks_french: View[bool] = View("spacing.french", _compute_looks_french)


class SpaceBeforePunctuation(Rule):
    """A space before a comma, full stop, semicolon, colon, exclamation or question mark.

    What it does:
        Finds spaces between a word and ``, . ; : ! ?`` that ends it, and deletes
        them. Ellipses (``wait ...``), emoticons (``:)``) and numbers (``.5``) are
        left alone, and so are ``; : ! ?`` in French text, where the space is the rule.

    Why it happens:
        Machine translation, French typing habits in English text, and extraction
        that put a space where an inline element ended.

    Example:
        ``the war , and the peace .`` becomes ``the war, and the peace.``.

    Fix safety:
        Safe before ``,`` and ``.``; unsafe before ``; : ! ?`` (French typography puts
        a space there). Measured (``python -m bench quotes_spacing``): safe precision
        0.9988 on 1,688 damaged lines (the 2 "errors" are typos already in the source).
    """

    code = "SP101"
    name = "space-before-punctuation"
    category = Category.SPACING
    summary = "space before punctuation"
    fix_availability = FixAvailability.ALWAYS
    scope = local(facts=(looks_french,))

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per space run before punctuation."""
        text = doc.text
        french: bool | None = None
        size = len(text)
        for at in literal_hits(_BLANK_BEFORE if "\t" in text else _SPACE_BEFORE, text, 1):
            mark = text[at]
            if at + 1 < size and text[at + 1] not in _MARK_END:
                continue  # ".5", ":)", "...", "?!"
            if mark == "." and text.startswith((" .", "\t."), at + 1):
                continue  # spaced ellipsis ". . ."
            start = at - 1
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            if start == 0 or _WORD_END.match(text, start - 1) is None:
                continue
            if mark in ",.":
                fix = Fix.safe(Edit.delete(start, at))
            else:
                if french is None:
                    french = looks_french(doc)
                if french:
                    continue
                fix = Fix.unsafe(Edit.delete(start, at))
            yield self.finding(start, at + 1, f"space before {mark!r}: delete it", fix)


class MissingSpaceAfterPunctuation(Rule):
    """No space after a comma, semicolon or colon between two words.

    What it does:
        Finds ``, ; :`` glued between two lower-case words (``troops,weapons``) and
        inserts a space after it. Numbers (``1,000``, ``10:30``), URLs and e-mail
        addresses never match.

    Why it happens:
        Extraction that dropped a space at a line or element boundary.

    Example:
        ``troops,weapons and supplies`` becomes ``troops, weapons and supplies``.

    Fix safety:
        Safe after ``,`` and ``;``; unsafe after ``:`` (``key:value``, ``re:Invent``).
        Measured (``python -m bench quotes_spacing``): safe precision 1.0 on 1,679
        damaged lines; 0.09 unsafe findings per MB of clean prose (real).
    """

    code = "SP102"
    name = "missing-space-after-punctuation"
    category = Category.SPACING
    summary = "missing space after punctuation"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per glued punctuation mark."""
        text = doc.text
        for candidate in literal_hits(_MARK_BEFORE_LETTER, text):
            match = _MISSING_AFTER.match(text, candidate)
            if match is None:
                continue
            mark = match.group(1)
            at = match.end()
            if mark == ";" and _ENTITY_BEFORE.search(text, max(0, at - 34), at) is not None:
                continue  # "&quot;word" is an HTML entity (EN102), not a glued semicolon
            edit = Edit.insert(at, " ")
            fix = Fix.unsafe(edit) if mark == ":" else Fix.safe(edit)
            yield self.finding(match.start(), at, f"missing space after {mark!r}", fix)


def doubled_word_input(text: str) -> tuple[bytes, bytes, bool]:
    """What SP103 hands :func:`textfix.native.equal_word_pairs`: ``(data, separated, ascii_only)``.

    ``data`` is the lower-cased text as UTF-8, ``separated`` the same bytes with separators and
    curly quotes made spaces, ``ascii_only`` whether every character is one byte.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two characters: offsets must hold
        lowered = text
    # Words as UTF-8 bytes: ``bytes.translate`` runs in C at memory speed, where ``str.translate``
    # looks every character up in a dict. Curly quotes become as many spaces as they have bytes, so
    # byte offsets stay those of ``lowered``.
    # ``surrogatepass``: a lone surrogate (a JSON record's ``"\\ud800"``) is three bytes like any other
    # character of its range, and decodes back to one code point, so offsets hold.
    data = lowered.encode("utf-8", "surrogatepass")
    ascii_only = len(data) == len(text)
    separated = data.translate(_WORD_SEPARATORS)
    if not ascii_only:
        separated = separated.replace(_LEFT_QUOTE, b"   ").replace(_RIGHT_QUOTE, b"   ")
    return data, separated, ascii_only


class DoubledWord(Rule):
    """The same word twice in a row (``the the``).

    What it does:
        Finds a word repeated after spaces on the same line and deletes the second
        one. Words doubled on purpose (``had had``, ``that that``, ``bye bye``) and
        repeated capitalised words (``Walla Walla``) are left alone.

    Why it happens:
        Editing slips, and extraction that repeats a word across an element boundary.

    Example:
        ``the the war`` becomes ``the war``.

    Fix safety:
        Safe for articles, determiners and ``and``/``or``/``than`` (``the the``);
        display only for other words: old prose doubles prepositions and pronouns on
        purpose (``resorted to to avert``, ``laid before you you will``). Measured
        (``python -m bench quotes_spacing``): safe precision 1.0 on 1,734 lines with a
        doubled ``the``; 1.2 display findings per MB of clean prose, hence display only.
    """

    code = "SP103"
    name = "doubled-word"
    category = Category.SPACING
    summary = "doubled word"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per doubled word."""
        text = doc.text
        data, separated, ascii_only = doubled_word_input(text)
        # The equal neighbours among the words (``separated.split(b" ")``) that are words, with the
        # code-point offset of the first: one pass in C, with no object per word (the scanner's kernel),
        # so text padded with runs of spaces needs no screen of its own.
        # ``bytes.isalpha`` knows ASCII letters only, so in other text every non-empty pair is a candidate.
        for offset, size in native.equal_word_pairs(data, separated, ascii_only):
            # A bounded window: ``regex`` looks at the whole rest of the text for a pattern with a
            # backreference, so an unbounded match per pair made ``www.`` * N quadratic.
            window = offset + 2 * size + _MAX_GAP
            match = _DOUBLED_WORD.match(text, offset, window)
            if match is None or (match.end() == window < len(text)):
                continue  # no doubled word, or halves further apart than the window
            first, second = match.group(1), match.group(3)
            lowered = second.lower()
            if lowered in LEGITIMATELY_DOUBLED or (second[0].isupper() and first == second):
                continue
            edit = Edit.delete(match.end(1), match.end())
            fix = Fix.safe(edit) if lowered in ALWAYS_DOUBLED_BY_MISTAKE else Fix.display(edit)
            yield self.finding(match.start(), match.end(), f"doubled word {second!r}: delete the second", fix)


class SpaceRun(Rule):
    """Several spaces between two words.

    What it does:
        Finds runs of spaces inside a line and keeps one. Lines that look like a
        table (two or more runs of three spaces) and indentation are left alone.

    Why it happens:
        Extraction that joined inline elements, justified text, editing slips.

    Example:
        ``the  war`` becomes ``the war``.

    Fix safety:
        Safe for two spaces between words; unsafe after ``. ! ? :`` (two spaces after
        a sentence is a typing convention some texts keep on purpose) and for three
        or more spaces (alignment). Measured (``python -m bench quotes_spacing``): safe
        precision 1.0 on 1,948 damaged lines, 0.9995 with unsafe fixes.
    """

    code = "SP104"
    name = "space-run"
    category = Category.SPACING
    summary = "run of spaces inside a line"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per run of spaces."""
        text = doc.text
        if "  " not in text:
            return
        size = len(text)
        table_like: dict[int, bool] = {}
        for match in _SPACE_RUN.finditer(text):
            start, end = match.span()
            if start == 0 or end == size or text[start - 1].isspace() or text[end].isspace():
                continue  # indentation, or spaces at the end of a line
            number = doc.position(start)[0]
            if number not in table_like:
                line = doc.lines[number - 1].text
                table_like[number] = "   " in line and _TABLE_LIKE.search(line) is not None
            if table_like[number]:
                continue
            edit = Edit(start, end, " ")
            before = text[start - 1]
            if before in '"”’)' and start >= 2:
                before = text[start - 2]
            fix = Fix.unsafe(edit) if before in ".!?:" or end - start > 2 else Fix.safe(edit)
            yield self.finding(start, end, f"{end - start} spaces: keep one", fix)


class TrailingWhitespace(Rule):
    """Spaces or tabs at the end of a line.

    What it does:
        Finds spaces and tabs before a line break or the end of the text and deletes
        them. In Markdown, two or more trailing spaces are a hard line break and are
        left alone.

    Why it happens:
        Extraction and editors that leave the space that preceded a removed element.

    Example:
        ``The war. \\n`` becomes ``The war.\\n``.

    Fix safety:
        Safe: trailing spaces are invisible and carry nothing in plain text. Measured
        (``python -m bench quotes_spacing``): precision 1.0 on 1,950 damaged lines.
    """

    code = "SP105"
    name = "trailing-whitespace"
    category = Category.SPACING
    summary = "trailing whitespace"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per line with trailing spaces."""
        text = doc.text
        markdown = doc.format is TextFormat.MARKDOWN
        for end in _line_ends(text):
            line_start = text.rfind("\n", 0, end) + 1
            start = line_start + len(text[line_start:end].rstrip(" \t"))
            if start == end or (markdown and end - start >= 2 and "\t" not in text[start:end]):
                continue
            yield self.finding(start, end, "trailing whitespace: delete it", Fix.safe(Edit.delete(start, end)))


def _line_ends(text: str) -> list[int]:
    """Offsets of line ends (before ``\\r\\n``/``\\n``, and the end) that follow a space or tab."""
    ends = [match.start() for match in _BLANK_LINE_END.finditer(text)]
    if text.endswith((" ", "\t")):
        ends.append(len(text))
    return ends


RULES: tuple[type[Rule], ...] = (
    SpaceBeforePunctuation,
    MissingSpaceAfterPunctuation,
    DoubledWord,
    SpaceRun,
    TrailingWhitespace,
)
