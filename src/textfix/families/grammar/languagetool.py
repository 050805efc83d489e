"""The optional LanguageTool backend: rule ``GR101 languagetool``.

LanguageTool is a Java server; ``language-tool-python`` (``pip install
textfix[grammar]``) is the client. The backend is off by default and turned on by
``--grammar`` or ``grammar = true`` in ``[tool.textfix.grammar]``. It talks to a server
URL (``server = "http://localhost:8081"``, or the ``TEXTFIX_LANGUAGETOOL_URL``
environment variable) or starts one from a local LanguageTool directory
(``directory = "/opt/LanguageTool-6.6"``, needs ``java``). textfix never downloads
LanguageTool.

With no server reachable, textfix says so once (a :class:`LanguageToolUnavailable`
warning; the CLI prints it as one line on stderr) and goes on with its own rules.

Rule codes: LanguageTool has thousands of rules and adds more with every release, so
they cannot each get a stable ``GR1xx`` code. Every match becomes a finding of the one
rule ``GR101``; its message ends with the LanguageTool rule id in brackets
(``[EN_A_VS_AN]``), and ``disabled-rules`` / ``disabled-categories`` turn LanguageTool
rules off one by one.

Only prose is sent: non-prose spans (URLs, code) are blanked out with spaces, which
keeps offsets; paragraphs are batched into requests of at most ``max-chunk``
characters; every paragraph's matches are cached by a hash of its text (in memory, and
in an SQLite file so that re-runs are cheap).

This module holds the rule and its settings; the client side (the server probe, the local
server, the match cache, :class:`~textfix.families.grammar.languagetool_backend.Backend`) is
:mod:`textfix.families.grammar.languagetool_backend`, imported when the backend is first used, and
``language_tool_python`` only then: a check without ``--grammar`` imports neither (nor socket).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

from textfix.core.document import Document
from textfix.core.patterns import lazy_regex
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.core.views import View
from textfix.errors import ConfigError
from textfix.lang.english import looks_english
from textfix.model import Category, Edit, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.families.grammar.languagetool_backend import Backend

#: Environment variable naming the LanguageTool server (used when no ``server`` option is set).
URL_ENV = "TEXTFIX_LANGUAGETOOL_URL"
#: Where a LanguageTool server listens by default.
DEFAULT_URL = "http://localhost:8081"
#: Characters per request: well under the public API's 20,000 and a local server's limits.
DEFAULT_MAX_CHUNK = 10_000
#: Seconds to wait for one request.
DEFAULT_TIMEOUT = 30.0
#: Seconds to wait for a server started from a local directory.
START_TIMEOUT = 60.0

#: LanguageTool rules that duplicate textfix's own families (spacing, quotes, punctuation, repeated
#: words, capitalisation heuristics): their matches are dropped, and the server is asked not to run them.
DUPLICATE_RULE_IDS = frozenset(
    {
        "WHITESPACE_RULE",
        "COMMA_PARENTHESIS_WHITESPACE",
        "DOUBLE_PUNCTUATION",
        "PUNCTUATION_PARAGRAPH_END",
        "EN_QUOTES",
        "EN_UNPAIRED_BRACKETS",
        "EN_UNPAIRED_QUOTES",
        "UNPAIRED_BRACKETS",
        "ENGLISH_WORD_REPEAT_RULE",
        "ENGLISH_WORD_REPEAT_BEGINNING_RULE",
        "WORD_REPEAT_RULE",
        "UPPERCASE_SENTENCE_START",
        "SENTENCE_WHITESPACE",
        "DASH_RULE",
        "MULTIPLICATION_SIGN",
        "ELLIPSIS",
        "APOS_TYPOGRAPHY",
        "TYPOGRAPHICAL_APOSTROPHE",
    }
)
#: Rule-id prefixes of LanguageTool's spell checkers.
SPELLING_RULE_PREFIXES = ("MORFOLOGIK_RULE", "HUNSPELL_RULE", "SPELLING_RULE")
#: How many alternatives a display finding lists in its message.
SHOWN_ALTERNATIVES = 5

OPTION_KEYS = frozenset(
    {
        "grammar",
        "server",
        "directory",
        "language",
        "cache",
        "cache-dir",
        "disabled-rules",
        "disabled-categories",
        "max-chunk",
        "timeout",
    }
)


class LanguageToolUnavailable(UserWarning):
    """No LanguageTool server could be reached: textfix goes on with its own rules."""


# --- matches and their mapping ----------------------------------------------------------------------------------


class LTMatch(msgspec.Struct, frozen=True):
    """One LanguageTool match, offsets in code points of the text that was sent."""

    rule_id: str
    message: str
    replacements: tuple[str, ...]
    offset: int
    length: int
    category_id: str = ""
    issue_type: str = ""

    @property
    def is_spelling(self) -> bool:
        """Whether the match comes from a spell checker."""
        return self.issue_type == "misspelling" or self.rule_id.startswith(SPELLING_RULE_PREFIXES)

    def shifted(self, delta: int) -> LTMatch:
        """The same match with its offset moved by ``delta``."""
        return LTMatch(
            self.rule_id,
            self.message,
            self.replacements,
            self.offset + delta,
            self.length,
            self.category_id,
            self.issue_type,
        )

    def to_json(self) -> list[Any]:
        """A compact JSON form for the cache."""
        return [
            self.rule_id,
            self.message,
            list(self.replacements),
            self.offset,
            self.length,
            self.category_id,
            self.issue_type,
        ]

    @classmethod
    def from_json(cls, row: Sequence[Any]) -> LTMatch:
        """Inverse of :meth:`to_json`."""
        rule_id, message, replacements, offset, length, category_id, issue_type = row
        return cls(
            str(rule_id), str(message), tuple(map(str, replacements)), int(offset), int(length), category_id, issue_type
        )


def _attribute(obj: object, *names: str, default: Any = None) -> Any:
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def from_client_match(match: object) -> LTMatch:
    """Convert a ``language_tool_python.Match`` (3.x snake_case or 2.x camelCase attributes).

    The client has already turned LanguageTool's UTF-16 offsets into code points.
    """
    return LTMatch(
        rule_id=str(_attribute(match, "rule_id", "ruleId", default="")),
        message=str(_attribute(match, "message", default="")),
        replacements=tuple(str(r) for r in _attribute(match, "replacements", default=[])),
        offset=int(_attribute(match, "offset", default=0)),
        length=int(_attribute(match, "error_length", "errorLength", default=0)),
        category_id=str(_attribute(match, "category", default="") or ""),
        issue_type=str(_attribute(match, "rule_issue_type", "ruleIssueType", default="") or ""),
    )


_WORD_CHARS = lazy_regex(r"\w+")


class MatchFilter(msgspec.Struct, frozen=True):
    """Which LanguageTool matches become findings."""

    disabled_rules: frozenset[str] = DUPLICATE_RULE_IDS
    disabled_categories: frozenset[str] = frozenset()

    def keep(self, match: LTMatch, flagged: str, word_counts: Mapping[str, int]) -> bool:
        """Drop duplicates of textfix's own rules, disabled rules, and spelling matches on names.

        A spelling match on a capitalised word the document uses more than once in the
        same spelling (``Stoltenberg``, ``Donbas``) is a name the dictionary lacks.
        """
        if match.rule_id in self.disabled_rules or match.category_id in self.disabled_categories:
            return False
        if match.is_spelling and flagged[:1].isupper():
            return word_counts.get(flagged, 0) < 2
        return True


def match_to_finding(rule: Rule, match: LTMatch, start: int, flagged: str) -> Finding:
    """A GR101 finding at ``start``: one replacement = unsafe fix, several = display, none = no fix."""
    end = start + match.length
    message = f"{match.message} [{match.rule_id}]"
    fix: Fix | None = None
    if len(match.replacements) == 1:
        fix = Fix.unsafe(Edit(start, end, match.replacements[0]))
    elif match.replacements:
        shown = ", ".join(f"'{r}'" for r in match.replacements[:SHOWN_ALTERNATIVES])
        message = f"{message} '{flagged}' -> {shown}"
        fix = Fix.display(Edit(start, end, match.replacements[0]))
    return rule.finding(start, end, message, fix)


# --- what is sent: prose paragraphs -----------------------------------------------------------------------------

_PARAGRAPH_BREAK = lazy_regex(r"\n[ \t]*\n")
_SENTENCE_END = lazy_regex(r"(?<=[.!?…])\s+")


def prose_units(doc: Document, max_chunk: int) -> list[tuple[int, str]]:
    """(start offset, text) of every English prose paragraph, non-prose blanked out, at most ``max_chunk`` long."""
    text = doc.text
    if doc.non_prose:
        chars = list(text)
        for s, e in doc.non_prose:
            for i in range(s, e):
                if chars[i] not in "\r\n":
                    chars[i] = " "
        text = "".join(chars)
    units: list[tuple[int, str]] = []
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk is not None else len(text)
        _add_paragraph(units, text, pos, end, max_chunk)
        if brk is not None:
            pos = brk.end()
    return units


def _add_paragraph(units: list[tuple[int, str]], text: str, start: int, end: int, max_chunk: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end or not looks_english(text[start:end]):
        return
    if end - start <= max_chunk:
        units.append((start, text[start:end]))
        return
    piece = start
    previous: tuple[int, int] | None = None  # the last sentence boundary seen
    for boundary in _SENTENCE_END.finditer(text, start, end):
        if boundary.start() - piece > max_chunk and previous is not None and previous[0] > piece:
            units.append((piece, text[piece : previous[0]]))
            piece = previous[1]
        previous = boundary.span()
    while end - piece > max_chunk:
        units.append((piece, text[piece : piece + max_chunk]))
        piece += max_chunk
    units.append((piece, text[piece:end]))


def batches(units: Sequence[str], max_chunk: int) -> Iterator[list[int]]:
    """Indices of ``units`` grouped into requests of at most ``max_chunk`` characters (joined by blank lines)."""
    group: list[int] = []
    size = 0
    for index, unit in enumerate(units):
        added = len(unit) + (2 if group else 0)
        if group and size + added > max_chunk:
            yield group
            group, size = [], 0
            added = len(unit)
        group.append(index)
        size += added
    if group:
        yield group


# --- settings, cache, server ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The ``[tool.textfix.grammar]`` options that concern the backend."""

    enabled: bool = False
    server: str | None = None
    directory: str | None = None
    language: str = "en-US"
    cache: bool = True
    cache_dir: str | None = None
    disabled_rules: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()
    max_chunk: int = DEFAULT_MAX_CHUNK
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_table(cls, table: Mapping[str, Any], source: str | None = None) -> Settings:
        """The settings of ``[tool.textfix.grammar]`` (the family's options reader)."""
        try:
            return cls.from_options(table)
        except ConfigError as exc:
            if source:
                raise ConfigError(f"{source}: {exc}") from None
            raise

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Settings:
        """Validate and read the option table (unknown keys and wrong types are errors)."""
        unknown = set(options) - OPTION_KEYS
        if unknown:
            msg = f"[tool.textfix.grammar]: unknown option(s) {', '.join(sorted(unknown))}"
            raise ConfigError(msg)

        def typed(key: str, kind: type | tuple[type, ...], default: Any) -> Any:
            value = options.get(key, default)
            if value is not default and (not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool)):
                msg = f"[tool.textfix.grammar]: '{key}' has the wrong type"
                raise ConfigError(msg)
            return value

        def names(key: str) -> frozenset[str]:
            value = options.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                msg = f"[tool.textfix.grammar]: '{key}' must be a list of strings"
                raise ConfigError(msg)
            return frozenset(value)

        return cls(
            enabled=typed("grammar", bool, False),
            server=typed("server", str, None),
            directory=typed("directory", str, None),
            language=typed("language", str, "en-US"),
            cache=typed("cache", bool, True),
            cache_dir=typed("cache-dir", str, None),
            disabled_rules=names("disabled-rules"),
            disabled_categories=names("disabled-categories"),
            max_chunk=typed("max-chunk", int, DEFAULT_MAX_CHUNK),
            timeout=float(typed("timeout", (int, float), DEFAULT_TIMEOUT)),
        )

    @property
    def url(self) -> str:
        """The server URL (option, then environment, then the default)."""
        return (self.server or os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/")

    @property
    def target(self) -> str:
        """What the backend talks to, for messages and cache keys."""
        return f"directory {self.directory}" if self.directory else self.url


# --- the rule ---------------------------------------------------------------------------------------------------


class LanguageToolRule(Rule):
    """Grammar and style findings of a LanguageTool server (optional backend).

    What it does:
        Sends the document's English prose paragraphs to LanguageTool and reports its
        matches. The message ends with LanguageTool's rule id (``[EN_A_VS_AN]``).
        Matches that duplicate textfix's own rules (whitespace, quotes, repeated
        words, sentence-start capitals) are dropped, and so are spelling matches on
        capitalised words the document uses more than once (names such as
        ``Stoltenberg``).

    Why it happens:
        Machine translation and hurried editing leave agreement errors, wrong
        articles and garbled clauses that only a grammar checker sees.

    Example:
        ``This is an test.`` -> ``This is a test.`` (with ``--unsafe-fixes``).

    Fix safety:
        One replacement: unsafe fix (applied with ``--unsafe-fixes``). Several
        replacements: display (listed in the message). None: no fix. Not measured: no
        LanguageTool server was available to benchmark against (the mapping is tested on
        recorded responses, ``tests/families/test_grammar_languagetool.py``).

    Options:
        In ``[tool.textfix.grammar]``: ``grammar = true`` turns the backend on (or
        ``--grammar``); ``server`` (URL; else ``$TEXTFIX_LANGUAGETOOL_URL``, else
        ``http://localhost:8081``) or ``directory`` (a local LanguageTool folder,
        started with ``java``); ``language`` (``en-US``); ``disabled-rules`` and
        ``disabled-categories`` (LanguageTool ids); ``cache`` (true) and
        ``cache-dir``; ``max-chunk`` (10000 characters a request); ``timeout``.
    """

    code = "GR101"
    name = "languagetool"
    category = Category.GRAMMAR
    summary = "LanguageTool match (optional backend, needs a LanguageTool server)"
    fix_availability = FixAvailability.SOMETIMES
    scope = DOCUMENT
    default_enabled = False

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else Settings()
        # ``grammar = true`` turns the rule on by default; ``--grammar`` also selects it explicitly.
        self.default_enabled = self.settings.enabled
        self.filter = MatchFilter(
            disabled_rules=DUPLICATE_RULE_IDS | self.settings.disabled_rules,
            disabled_categories=self.settings.disabled_categories,
        )

    @classmethod
    def create(cls, options: Any) -> Rule:
        """Build the rule from ``[tool.textfix.grammar]``."""
        assert isinstance(options, Settings)
        return cls(options)

    def backend(self) -> Backend:
        """The shared backend for this rule's settings (the client module is imported only here)."""
        from textfix.families.grammar.languagetool_backend import backend_for  # noqa: PLC0415 - start-up

        return backend_for(self.settings)

    def check(self, doc: Document) -> Iterable[Finding]:
        """Send the prose paragraphs (or read them from the cache) and map the matches."""
        if not self.settings.enabled:
            return []
        units = prose_units(doc, self.settings.max_chunk)
        if not units:
            return []
        backend = self.backend()
        if not backend.available:
            return []
        per_unit = backend.check_units([text for _, text in units])
        return list(self.findings(doc, units, per_unit))

    def findings(
        self, doc: Document, units: Sequence[tuple[int, str]], per_unit: Sequence[Sequence[LTMatch]]
    ) -> Iterator[Finding]:
        """Map every unit's matches to findings in document offsets (kept by :attr:`filter`)."""
        counts: dict[str, int] | None = None
        for (start, text), matches in zip(units, per_unit, strict=True):
            for match in matches:
                flagged = text[match.offset : match.offset + match.length]
                if match.is_spelling and counts is None:
                    counts = _word_counts(doc)
                if self.filter.keep(match, flagged, counts or {}):
                    yield match_to_finding(self, match, start + match.offset, flagged)


def _compute_word_counts(doc: Document) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in _WORD_CHARS.findall(doc.text):
        counts[word] = counts.get(word, 0) + 1
    return counts


#: The word counts of a document. (a view).
_word_counts: View[dict[str, int]] = View("languagetool.word-counts", _compute_word_counts)


__all__ = [
    "LTMatch",
    "LanguageToolRule",
    "LanguageToolUnavailable",
    "MatchFilter",
    "Settings",
    "from_client_match",
    "match_to_finding",
    "prose_units",
]
