"""Where a place-name mention may not be rewritten: inside a longer name, a foreign phrase, a quoted title, code.

``Alternative für Deutschland``, ``Peking University``, ``Radio Londres``, ``"Moskau"``
(a title) and ``Moscow-based`` keep their spelling whatever else the document says.

>>> import regex
>>> text = 'In Londres, the Université de Londres and “Londres Calling” and Londres-based and Londres.'
>>> [bound_in_name(text, m.start(), m.end()) for m in regex.finditer("Londres", text)]
[False, True, True, True, False]
"""

from __future__ import annotations

from textfix.core.patterns import lazy_regex
from textfix.lang.english import ENGLISH_MARKERS, ENGLISH_THRESHOLD, MIN_WORDS, english_ratio
from textfix.lang.lexicon import zipf

#: Lower-case words that join the words of a foreign name (``Banco de España``, ``Alternative für Deutschland``).
FOREIGN_LINKS = frozenset(
    [
        "de",
        "del",
        "della",
        "delle",
        "dei",
        "degli",
        "la",
        "le",
        "les",
        "des",
        "du",
        "di",
        "da",
        "der",
        "die",
        "das",
        "dem",
        "den",
        "für",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "und",
        "et",
        "y",
        "e",
        "à",
        "au",
        "aux",
        "em",
        "na",
        "nel",
        "al",
        "el",
        "w",
        "z",
        "ze",
        "we",
        "od",
        "dla",
        "sur",
        "sous",
    ]
)
#: Capitalised words that start a sentence or a phrase without being part of a name.
_ENGLISH_LEADS = frozenset(w.capitalize() for w in ENGLISH_MARKERS) | frozenset(
    [
        "In",
        "From",
        "To",
        "Near",
        "Outside",
        "Across",
        "Around",
        "Between",
        "After",
        "Before",
        "Since",
        "Like",
        "Including",
        "Via",
        "During",
        "Both",
        "Only",
        "Even",
        "Then",
        "Now",
        "Today",
        "Yesterday",
        "Meanwhile",
        "However",
        "While",
        "Although",
        "Because",
        "Unlike",
        "Beyond",
        "Inside",
        "Within",
    ]
)
#: The (up to three) words before a mention, with nothing but spaces between them and it.
_PHRASE_BEFORE = lazy_regex(r"(?:\p{L}+[ \t]+){1,3}$")
#: Capitalised words rarer than this in English, this many right before a mention, make a foreign phrase of it.
FOREIGN_ZIPF = 2.5
FOREIGN_WORDS = 2
#: How much text either side of a mention (in its line) decides whether the mention is in English.
AROUND = 200
#: A quotation of at most this many words, most of them capitalised, is a title.
TITLE_WORDS = 8
#: How far back (in the line) an open quotation mark or backtick counts.
QUOTE_WINDOW = 300
_WORD_BEFORE = lazy_regex(r"(\p{L}+)[ \t]+$")
_WORD_AFTER = lazy_regex(r"[ \t]+(\p{L}+)")
#: Characters that glue a mention to a neighbour (``Moscow-based``, ``paris.fr``, ``@Londres``, ``Berlin_2``).
_GLUE = frozenset("-‐/@_.#+=\\0123456789")
_OPENING = "“„«‹"
_CLOSING = "”»›"


def bound_in_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer name, a foreign phrase, a quotation or code."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in _GLUE or (after in _GLUE and not (after == "." and not _letter_at(text, end + 1))):
        return True
    line_start = max(text.rfind("\n", 0, start) + 1, start - QUOTE_WINDOW)
    prefix = text[line_start:start]
    if prefix.count("`") % 2 or _in_quoted_title(text, line_start, start, end):
        return True
    previous = _WORD_BEFORE.search(text, max(line_start, start - 40), start)
    if previous is not None:
        word = previous.group(1)
        if word in FOREIGN_LINKS or (word[0].isupper() and word not in _ENGLISH_LEADS):
            return True
    if _foreign_phrase_before(text, max(line_start, start - 60), start):
        return True
    following = _WORD_AFTER.match(text, end)
    if following is not None:
        word = following.group(1)
        if word in FOREIGN_LINKS or word[0].isupper():
            return True
    return False


def _foreign_phrase_before(text: str, start: int, end: int) -> bool:
    """Whether the words just before ``end`` hold two capitalised words English does not know.

    Only words with nothing but spaces between them and the mention count:
    ``Initiative Schwarze Menschen in Deutschland``. One such word is as often a person's
    name (``Agerblad from Stockholm``), so it takes two.
    """
    words = _PHRASE_BEFORE.search(text, start, end)
    if words is None:
        return False
    unknown = [
        w for w in words.group().split() if w[0].isupper() and w not in _ENGLISH_LEADS and zipf(w) < FOREIGN_ZIPF
    ]
    return len(unknown) >= FOREIGN_WORDS


def english_around(text: str, start: int, end: int) -> bool:
    """Whether the text around a mention reads as English (its line, else a wider window).

    A page with the same letter in German, Spanish and English names ``Griechenland`` in its
    German part: that mention is German, whatever the rest of the page says.

    >>> english_around("Liebe Menschen Europas, in Griechenland, Spanien oder wo auch immer Ihr lebt!", 27, 39)
    False
    >>> english_around("The delegation that arrived from Londres on Monday met the minister.", 33, 40)
    True
    """
    for reach in (AROUND, 4 * AROUND):
        line_start = max(text.rfind("\n", 0, start) + 1, start - reach) if reach == AROUND else max(0, start - reach)
        line_end = text.find("\n", end)
        line_end = min(len(text) if line_end == -1 else line_end, end + reach) if reach == AROUND else end + reach
        ratio, count = english_ratio(text[line_start:line_end])
        if count >= MIN_WORDS:
            return ratio >= ENGLISH_THRESHOLD
    return True  # too few words to tell: the document's language decides


def _letter_at(text: str, index: int) -> bool:
    return index < len(text) and text[index].isalpha()


def _in_quoted_title(text: str, line_start: int, start: int, end: int) -> bool:
    """Whether the mention stands in a quoted title (``“Londres Calling”``), not in quoted speech.

    A title: the quotation is short (at most :data:`TITLE_WORDS` words) and most of its words
    are capitalised. Quoted speech (``“... is loved in Israel, ...”``) is prose like any other.
    """
    prefix = text[line_start:start]
    opening = max(prefix.rfind(q) for q in (*_OPENING, '"'))
    if opening == -1:
        return False
    if prefix[opening] == '"' and prefix.count('"') % 2 == 0:
        return False  # that straight quote closed a quotation
    if prefix[opening] != '"' and max(prefix.rfind(q) for q in _CLOSING) > opening:
        return False
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end == -1 else line_end]
    closing = min((i for i in (rest.find(q) for q in (*_CLOSING, '"')) if i != -1), default=-1)
    if closing == -1:
        return False
    quoted = (prefix[opening + 1 :] + text[start:end] + rest[:closing]).split()
    capitalised = sum(1 for w in quoted if w[:1].isupper())
    return len(quoted) <= TITLE_WORDS and 2 * capitalised > len(quoted)
