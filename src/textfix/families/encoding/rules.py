"""Rules of the encoding family: mojibake, HTML entities, invisible and stray characters.

Every rule starts from one shared view, :func:`suspect_lines`: the lines that hold at
least one character outside a "boring" set (printable ASCII except ``&``, plus the
curly quotes, dashes and ellipsis of ordinary typography). A line made only of boring
characters cannot hold mojibake (every UTF-8 sequence misread as Windows-1252,
Latin-1, MacRoman or Windows-1251 leaves at least one non-boring character), an HTML
entity, an invisible character or a homoglyph, so it costs one regular-expression scan
of the document and nothing more.

Mojibake is repaired by ftfy, line by line, with quote straightening, ligature and
width changes, line-break changes and normalisation turned off: curly quotes and
composed/decomposed forms are not damage. Each changed region of a line becomes its
own finding, with ftfy's explanation in the message, so a JSON report shows exactly
what changed.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import html
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import regex

from textfix.core.document import TextFormat
from textfix.core.patterns import lazy_re, lazy_regex
from textfix.core.rule import Rule
from textfix.core.scope import LOCAL
from textfix.core.views import View
from textfix.families.encoding.screen import ftfy_may_change, is_ready
from textfix.model import Category, Edit, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    import ftfy

    from textfix.core.document import Document, Line

#: A character that makes a line worth a closer look (see the module docstring).
SUSPECT = re.compile(r"[^\t\n\r\x20-\x25\x27-\x7e\u2018\u2019\u201c\u201d\u2013\u2014\u2026]")


@functools.cache
def ftfy_config() -> ftfy.TextFixerConfig:
    """The ftfy settings: encoding repairs only.

    No quote, ligature, width, line-break or normalisation changes; HTML entities and
    control characters have their own rules. ``ftfy`` is imported here, by the first line
    worth its look: clean text never loads it (start-up: about 50 ms).
    """
    import ftfy  # noqa: PLC0415 - start-up: see the docstring

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=True,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def _fix_and_explain(piece: str) -> ftfy.ExplainedText:
    """The repair ftfy makes of ``piece``, and its explanation."""
    import ftfy  # noqa: PLC0415 - start-up: see ftfy_config()

    return ftfy.fix_and_explain(piece, ftfy_config())


#: What ftfy's decoders act on: C1 controls, escapes, surrogates, replacement characters,
#: two non-ASCII characters in a row (not both ordinary typography), or a Windows-1252
#: lead byte before a space (a lost no-break space). A suspect line without one skips ftfy.
_FTFY_WORTHY = lazy_re(
    "[\x1b\x80-\x9f\ud800-\udfff\ufffd]"
    "|[^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026][^\x00-\x7f]"
    "|[^\x00-\x7f][^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026]"
    "|[\u00c2-\u00f4] "
)

#: A character that is neither ASCII nor ordinary typography: a line without one (and without an
#: escape) holds nothing :data:`_FTFY_WORTHY` matches, and this scan is several times cheaper.
_NOT_TYPOGRAPHY = lazy_re("[^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026]")

_ENTITY = lazy_regex(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

#: C0 controls except tab, line feed, vertical tab, form feed, carriage return and escape
#: (terminal escapes are EN101's); DEL; the C1 controls Windows-1252 leaves undefined
#: (EN101 reads the others as Windows-1252 punctuation).
_CONTROL = lazy_re(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\x81\x8d\x8f\x90\x9d]")

#: Zero-width characters that have no business in Latin, Greek or Cyrillic words.
_ZERO_WIDTH = lazy_regex(r"[\u200b\u200c\u200d\u2060\ufeff\u180e]")
#: Scripts that use a zero-width space as a word separator, or joiners as shaping controls.
_ZW_SCRIPTS = lazy_regex(
    r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}\p{Han}\p{Hiragana}\p{Katakana}\p{Javanese}"
    r"\p{Balinese}\p{Arabic}\p{Hebrew}\p{Syriac}\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}"
    r"\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Thaana}\p{Mongolian}"
    r"\p{Extended_Pictographic}\p{Emoji_Modifier}\u20e3\ufe0f]"
)
_WORD_SCRIPT = lazy_regex(r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{Armenian}\p{Georgian}\p{N}]")

_SOFT_HYPHEN = "\u00ad"

_MIXED_WORD = lazy_regex(r"\p{L}+")
_LATIN = lazy_regex(r"\p{Latin}")
_OTHER = lazy_regex(r"[\p{Cyrillic}\p{Greek}]")
_GREEK = lazy_regex(r"\p{Greek}")

#: Cyrillic and Greek letters that look like a Latin letter, and that letter.
TO_LATIN: dict[str, str] = {
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Һ": "H", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
}  # fmt: skip
#: Latin letters that look like a Cyrillic letter, and that letter.
TO_CYRILLIC: dict[str, str] = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х", "i": "і",
    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р", "C": "С", "T": "Т",
    "X": "Х",
}  # fmt: skip


def _compute_suspect_lines(doc: Document) -> list[Line]:
    """The lines holding a character outside the boring set (computed once per document)."""
    text = doc.text
    first = SUSPECT.search(text)
    if first is None:
        return []
    lines = doc.lines
    out: list[Line] = []
    # Walk hits and lines together: one regex pass over the text.
    index = 0
    pos = first.start()
    while pos != -1:
        while lines[index].end + len(lines[index].ending) <= pos:
            index += 1
        line = lines[index]
        out.append(line)
        nxt = line.end + len(line.ending)
        if nxt >= len(text):
            break
        match = SUSPECT.search(text, nxt)
        pos = match.start() if match is not None else -1
    return out


#: The lines holding a character outside the boring set. (a view).
suspect_lines: View[Sequence[Line]] = View("encoding.suspect-lines", _compute_suspect_lines)


def _describe(steps: Iterable[tuple[str, str]]) -> str:
    parts = []
    for action, parameter in steps:
        if action == "encode":
            parts.append(f"re-encoded as {parameter}")
        elif action == "decode":
            parts.append(f"decoded as {parameter}")
        elif action in ("apply", "transcode"):
            parts.append(parameter.replace("_", " "))
    return ", ".join(parts)


#: What mojibake repair never creates or consumes: ASCII letters and digits (every byte of a
#: UTF-8 sequence is non-ASCII, and every legacy code page reads ASCII as ASCII).
_ANCHOR = lazy_re(r"[A-Za-z0-9]+")
#: Terminal escapes (which ftfy removes whole, ASCII letters and digits included).
_ESCAPE = lazy_re(r"\x1b\[[0-9;]*[A-Za-z]")
#: Longest middle the slow fallback diff (difflib, quadratic or worse) is asked to align.
_DIFF_LIMIT = 2_000


def changed_regions(before: str, after: str) -> list[tuple[int, int, str]]:
    """The regions of ``before`` that differ from ``after``: (start, end, replacement).

    Linear: the ASCII letters and digits both texts share are anchors (a repair leaves
    them alone), and only the gaps between consecutive anchors are compared. When the
    anchors do not line up (a terminal escape, say), a short difference is aligned with
    :mod:`difflib` and a long one becomes a single region.

    >>> changed_regions("The cafÃ© donâ€™t", "The café don’t")
    [(7, 9, 'é'), (13, 16, '’')]
    """
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    if head == len(before) == len(after):
        return []
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    old, new = before[head : len(before) - tail], after[head : len(after) - tail]
    masked = _ESCAPE.sub(lambda m: "\x00" * len(m.group()), old) if "\x1b" in old else old
    runs_old = [(m.start(), m.end()) for m in _ANCHOR.finditer(masked)]
    runs_new = [(m.start(), m.end()) for m in _ANCHOR.finditer(new)]
    if len(runs_old) != len(runs_new) or any(
        old[a:b] != new[c:d] for (a, b), (c, d) in zip(runs_old, runs_new, strict=True)
    ):
        return [(head + s, head + e, r) for s, e, r in _fallback_regions(old, new)]
    regions: list[tuple[int, int, str]] = []
    cuts_old = [0, *(x for run in runs_old for x in run), len(old)]
    cuts_new = [0, *(x for run in runs_new for x in run), len(new)]
    for k in range(0, len(cuts_old), 2):
        a, b, c, d = cuts_old[k], cuts_old[k + 1], cuts_new[k], cuts_new[k + 1]
        gap_old, gap_new = old[a:b], new[c:d]
        if gap_old == gap_new:
            continue
        lead = 0
        while lead < min(len(gap_old), len(gap_new)) and gap_old[lead] == gap_new[lead]:
            lead += 1
        trail = 0
        while trail < min(len(gap_old), len(gap_new)) - lead and gap_old[-1 - trail] == gap_new[-1 - trail]:
            trail += 1
        regions.append((head + a + lead, head + b - trail, gap_new[lead : len(gap_new) - trail]))
    return regions


def _fallback_regions(old: str, new: str) -> list[tuple[int, int, str]]:
    """Difflib's regions for a short difference; one region for a long one."""
    if len(old) > _DIFF_LIMIT or len(new) > _DIFF_LIMIT:
        return [(0, len(old), new)]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    regions: list[tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if regions and regions[-1][1] == i1:
            start, _, replacement = regions.pop()
            regions.append((start, i2, replacement + new[j1:j2]))
        else:
            regions.append((i1, i2, new[j1:j2]))
    return regions


class Mojibake(Rule):
    """Text decoded with the wrong encoding (mojibake), repaired with ftfy.

    What it does:
        Finds text that was encoded as UTF-8 and decoded as Windows-1252, Latin-1,
        MacRoman, Windows-1251 and similar (``donâ€™t``, ``Ã©tÃ©``), C1 control
        characters that stand for Windows-1252 punctuation (``\\x93quoted\\x94``), and
        terminal escape codes, and proposes ftfy's repair. ftfy runs line by line
        with quote straightening, ligature, width and normalisation changes off; each
        changed region is one finding whose message gives ftfy's explanation.

    Why it happens:
        A page or export read with the wrong encoding, sometimes more than once.

    Example:
        ``The cafÃ© donâ€™t close`` becomes ``The café don’t close``.

    Fix safety:
        Safe. ftfy's heuristics are built to have no false positives; on ftfy's own
        test data this rule repairs every pass case and changes none of the negative
        cases (the only change is ftfy's expected reading of a C1 ``\\x85`` as ``…``).
        Measured (``python -m bench encoding``): 120 of 120 pass cases repaired, 0 negative
        cases changed beyond ftfy's expectation; on injected damage (``python -m bench
        quotes_spacing``) precision 1.0.
    """

    code = "EN101"
    name = "mojibake"
    category = Category.ENCODING
    summary = "mojibake: text decoded with the wrong encoding"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per region ftfy changes; the regions of one repair share one fix.

        ftfy judges a stretch of prose as a whole, so its repair is applied whole or not
        at all: every finding of a repair carries the same fix, with all its edits.
        """
        for offset, text, fixed, how in ftfy_repairs(doc):
            regions = changed_regions(text, fixed)
            fix = Fix.safe(*(Edit(offset + s, offset + e, r) for s, e, r in regions))
            for start, end, replacement in regions:
                message = f"mojibake {text[start:end]!r} -> {replacement!r} (ftfy: {how})"
                yield self.finding(offset + start, offset + end, message, fix)


def _compute_ftfy_repairs(doc: Document) -> list[tuple[int, str, str, str]]:
    """(offset, text, ftfy's repair, explanation) of each stretch of prose ftfy changes.

    ftfy sees the prose of a line, one stretch between non-prose spans at a time: a URL
    or a code span is never part of its input, so no repair can reach into one. A stretch
    :func:`~textfix.families.encoding.screen.ftfy_may_change` passes over is one ftfy would
    return unchanged: skipping it changes no finding.
    """
    out = []
    for line in suspect_lines(doc):
        text = line.text
        if "\x1b" not in text and _NOT_TYPOGRAPHY.search(text) is None:
            continue  # only ASCII and typography: nothing for ftfy
        if not _worth_ftfy(text):
            continue
        for start, end in _prose_stretches(doc, line):
            piece = doc.text[start:end]
            if not _worth_ftfy(piece):
                continue
            fixed, explanation = _fix_and_explain(piece)
            if fixed != piece:
                how = _describe((step.action, step.parameter) for step in explanation or ())
                out.append((start, piece, fixed, how))
    return out


def _worth_ftfy(text: str) -> bool:
    """:data:`_FTFY_WORTHY` and the exact screen: both must pass (which runs first only changes the cost).

    Once ftfy is loaded the screen goes first (one class ``re`` skips to, where the other tries four
    alternatives at every character); before, the other does, so text with nothing for ftfy never
    loads it. A stretch of a line can match either only where the line does.
    """
    if is_ready():
        return ftfy_may_change(text, ftfy_config()) and _FTFY_WORTHY.search(text) is not None
    return _FTFY_WORTHY.search(text) is not None and ftfy_may_change(text, ftfy_config())


#: (offset, text, ftfy's repair, explanation) of each stretch of prose ftfy changes (a view).
ftfy_repairs: View[list[tuple[int, str, str, str]]] = View("encoding.ftfy", _compute_ftfy_repairs)


def _prose_stretches(doc: Document, line: Line) -> list[tuple[int, int]]:
    """The stretches of ``line`` between the document's non-prose spans."""
    spans = doc.non_prose
    if not spans:
        return [(line.start, line.end)]
    index = max(0, bisect.bisect_right(spans, (line.start, sys.maxsize)) - 1)
    out = []
    pos = line.start
    while index < len(spans) and spans[index][0] < line.end:
        s, e = spans[index]
        if e > pos:
            if s > pos:
                out.append((pos, s))
            pos = e
        index += 1
    if pos < line.end:
        out.append((pos, line.end))
    return out


class HtmlEntity(Rule):
    """An HTML character reference left in plain text.

    What it does:
        Finds ``&amp;``, ``&nbsp;``, ``&#8217;``, ``&#x2019;`` and every other named
        or numeric character reference that HTML defines (with its ``;``), and
        replaces it by the character it stands for. Markdown files are skipped:
        there, a character reference is markup.

    Why it happens:
        A scraper took text from HTML source without unescaping it, or escaped it
        twice (``&amp;amp;`` is repaired in two rounds).

    Example:
        ``Tom &amp; Jerry&#8217;s`` becomes ``Tom & Jerry’s``.

    Fix safety:
        Safe in plain text: only complete references HTML defines are touched, so
        ``AT&T``, ``R&D`` and ``&c.`` stay as they are. Measured: precision 1.0 on
        injected entities (``python -m bench quotes_spacing``); on clean prose 1.5 findings
        per MB, all real ``&quot;`` (``python -m bench encoding``).
    """

    code = "EN102"
    name = "html-entity"
    category = Category.ENCODING
    summary = "HTML character reference left in the text"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per character reference."""
        if doc.format is TextFormat.MARKDOWN or "&" not in doc.text:
            return
        for line in suspect_lines(doc):
            if "&" not in line.text:
                continue
            for match in _ENTITY.finditer(line.text):
                reference = match.group()
                character = html.unescape(reference)
                if character == reference:
                    continue
                a, b = line.start + match.start(), line.start + match.end()
                shown = character if character.isprintable() and not character.isspace() else _name(character)
                message = f"HTML character reference {reference} left in the text: replace with {shown}"
                yield self.finding(a, b, message, Fix.safe(Edit(a, b, character)))


def _name(ch: str) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'CONTROL')}" for c in ch)


class ControlCharacter(Rule):
    """A stray control character in prose.

    What it does:
        Finds C0 control characters (other than tab, line feed, vertical tab, form
        feed and carriage return), DEL, and C1 controls that ftfy cannot read as
        Windows-1252, and proposes deleting them.

    Why it happens:
        Conversions that lost a character (``4 1\\x02 per cent`` was ``4 ½ per
        cent``), pasted terminal output, broken exports.

    Example:
        ``4 1\\x02 per cent`` becomes ``4 1 per cent``.

    Fix safety:
        Unsafe: the control character often stands where a real character was lost,
        so deleting it removes the damage marker without restoring the text. Measured
        (``python -m bench encoding``): 0.09 findings per MB of clean prose (1 in 10.8 MB:
        the real ``\\x02`` that stands for a lost ``½``).
    """

    code = "EN103"
    name = "control-character"
    category = Category.ENCODING
    summary = "stray control character"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per control character."""
        for line in suspect_lines(doc):
            for match in _CONTROL.finditer(line.text):
                a = line.start + match.start()
                message = f"stray control character {_name(match.group())}: delete it"
                yield self.finding(a, a + 1, message, Fix.unsafe(Edit.delete(a, a + 1)))


class InvisibleCharacter(Rule):
    """A zero-width character inside a Latin, Greek or Cyrillic word.

    What it does:
        Finds zero-width spaces, zero-width (non-)joiners, word joiners, byte-order
        marks and Mongolian vowel separators next to letters of alphabetic scripts,
        and deletes them. Left alone: scripts where a zero-width space separates words
        (Thai, Khmer, Lao, Myanmar, Japanese, Chinese, ...), scripts where joiners
        shape letters (Arabic, Indic scripts, ...), and emoji sequences.

    Why it happens:
        Web pages insert them as line-break hints or tracking marks; they survive
        copy and paste, break search and spell checking, and split words invisibly.

    Example:
        ``Ukr\\u200baine`` becomes ``Ukraine``.

    Fix safety:
        Safe: the character is invisible and has no function between letters of
        these scripts. Measured: precision 1.0 on injected damage (``python -m bench
        quotes_spacing``), 0 findings per MB of clean prose (``python -m bench encoding``).
    """

    code = "EN104"
    name = "invisible-character"
    category = Category.ENCODING
    summary = "invisible zero-width character in a word"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per zero-width character in an alphabetic context."""
        for line in suspect_lines(doc):
            text = line.text
            if text.isascii():
                continue
            for match in _ZERO_WIDTH.finditer(text):
                i = match.start()
                before = text[i - 1] if i > 0 else ""
                after = text[i + 1] if i + 1 < len(text) else ""
                if _ZW_SCRIPTS.match(before) or _ZW_SCRIPTS.match(after):
                    continue
                joiner = match.group() in "\u200c\u200d"
                if joiner and not (_WORD_SCRIPT.match(before) and _WORD_SCRIPT.match(after)):
                    continue
                if not joiner and not (_WORD_SCRIPT.match(before) or _WORD_SCRIPT.match(after)):
                    continue
                a = line.start + i
                message = f"invisible {_name(match.group())} in a word: delete it"
                yield self.finding(a, a + 1, message, Fix.safe(Edit.delete(a, a + 1)))


class SoftHyphen(Rule):
    """A soft hyphen left in plain text.

    What it does:
        Finds soft hyphens (U+00AD) in plain text and deletes them. Markdown files are
        left alone (a soft hyphen there can be a deliberate hyphenation hint).

    Why it happens:
        Hyphenation hints from HTML (``&shy;``) or word processors survive
        extraction; they are invisible but split words for search and spell checking.

    Example:
        ``inter\\u00adnational`` becomes ``international``.

    Fix safety:
        Safe: a soft hyphen is invisible except at a line break, which plain text
        does not have. Measured: precision 1.0 on injected damage (``python -m bench
        quotes_spacing``), 0 findings per MB of clean prose (``python -m bench encoding``).
    """

    code = "EN105"
    name = "soft-hyphen"
    category = Category.ENCODING
    summary = "soft hyphen in the text"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per soft hyphen."""
        if doc.format is TextFormat.MARKDOWN or _SOFT_HYPHEN not in doc.text:
            return
        for line in suspect_lines(doc):
            text = line.text
            pos = text.find(_SOFT_HYPHEN)
            while pos != -1:
                a = line.start + pos
                yield self.finding(
                    a, a + 1, "soft hyphen (U+00AD) in the text: delete it", Fix.safe(Edit.delete(a, a + 1))
                )
                pos = text.find(_SOFT_HYPHEN, pos + 1)


class NbspInWord(Rule):
    """A non-breaking space that splits a word.

    What it does:
        Finds a no-break space (U+00A0) between two lower-case letters where the
        two halves joined make a common English word and one half alone is not a
        word (``gover\\u00a0nment``), and proposes deleting it.

    Why it happens:
        HTML ``&nbsp;`` used for layout, or justification inserted by an editor,
        survives extraction in the middle of a word.

    Example:
        ``the gover\\u00a0nment`` becomes ``the government``.

    Fix safety:
        Unsafe: it relies on an English word list; a no-break space between two
        real words (``10\\u00a0km``, ``M.\\u00a0Dupont``) is never flagged. Measured
        (``python -m bench encoding``): 0 findings per MB of clean prose; no benchmark
        injects this damage yet, so its precision on damage is unknown.
    """

    code = "EN106"
    name = "nbsp-in-word"
    category = Category.ENCODING
    summary = "non-breaking space splitting a word"
    fix_availability = FixAvailability.ALWAYS
    scope = LOCAL

    _SPLIT = regex.compile(r"(\p{Ll}+)\u00a0(\p{Ll}+)")

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per word split by a no-break space."""
        if "\u00a0" not in doc.text:
            return
        for line in suspect_lines(doc):
            text = line.text
            if "\u00a0" not in text:
                continue
            for match in self._SPLIT.finditer(text):
                left, right = match.group(1), match.group(2)
                if not _splits_word(left, right):
                    continue
                a = line.start + match.start(1) + len(left)
                message = f"no-break space splits {left + right!r}: delete it"
                yield self.finding(a, a + 1, message, Fix.unsafe(Edit.delete(a, a + 1)))


def _splits_word(left: str, right: str) -> bool:
    from textfix.lang import lexicon  # noqa: PLC0415 - the word list loads only when a line needs it

    if lexicon.zipf(left + right) < 3.0:
        return False
    return min(lexicon.zipf(left), lexicon.zipf(right)) < 2.5


class MixedScriptWord(Rule):
    """A Cyrillic or Greek look-alike letter inside a Latin word (or the reverse).

    What it does:
        Finds words that mix Latin letters with Cyrillic or Greek look-alikes. When
        the minority letters all have a look-alike in the majority script (Cyrillic
        ``а`` in ``Kаrl``, Latin ``o`` in ``Кoрея``), it proposes the look-alike;
        otherwise it only reports the word. A mix without look-alikes (``μm``,
        ``Δx``) is deliberate and left alone.

    Why it happens:
        Keyboard layout switches, OCR, and deliberate spoofing; the word looks right
        but no search, spell checker or reader program recognises it.

    Example:
        ``Ukrаine`` (Cyrillic ``а``) becomes ``Ukraine``.

    Fix safety:
        Safe when every minority letter has a look-alike in the majority script;
        otherwise display only. Measured: precision 1.0 on injected look-alikes
        (``python -m bench quotes_spacing``), 0 findings per MB of clean prose
        (``python -m bench encoding``).
    """

    code = "EN107"
    name = "mixed-script-word"
    category = Category.ENCODING
    summary = "word mixing Latin and Cyrillic/Greek letters"
    fix_availability = FixAvailability.SOMETIMES
    scope = LOCAL

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per mixed-script word."""
        mojibake = {doc.position(offset)[0] for offset, _, _, _ in ftfy_repairs(doc)}
        for line in suspect_lines(doc):
            text = line.text
            if text.isascii() or line.number in mojibake or _OTHER.search(text) is None:
                continue  # mojibake first: its letters are not homoglyphs
            for match in _MIXED_WORD.finditer(text):
                word = match.group()
                latin = len(_LATIN.findall(word))
                other = len(_OTHER.findall(word))
                if not latin or not other:
                    continue
                a, b = line.start + match.start(), line.start + match.end()
                if latin >= other:
                    table, majority, minority = TO_LATIN, "Latin", _OTHER
                elif _GREEK.search(word) is None:
                    table, majority, minority = TO_CYRILLIC, "Cyrillic", _LATIN
                else:
                    table, majority, minority = TO_LATIN, "Greek", _LATIN
                strangers = [ch for ch in word if minority.match(ch)]
                if not any(ch in table for ch in strangers):
                    continue  # a deliberate mix of symbols (μm, Δx), not look-alikes
                if latin == other or majority == "Greek" or not all(ch in table for ch in strangers):
                    yield self.finding(a, b, f"word {word!r} mixes Latin and Cyrillic/Greek letters")
                    continue
                fixed = "".join(table.get(ch, ch) if minority.match(ch) else ch for ch in word)
                edits = [Edit(a + i, a + i + 1, fixed[i]) for i, ch in enumerate(word) if fixed[i] != ch]
                message = f"{majority} word {word!r} holds look-alike letters from another script: {fixed!r}"
                yield self.finding(a, b, message, Fix.safe(*edits))


RULES: tuple[type[Rule], ...] = (
    Mojibake,
    HtmlEntity,
    ControlCharacter,
    InvisibleCharacter,
    SoftHyphen,
    NbspInWord,
    MixedScriptWord,
)
