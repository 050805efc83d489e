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

This module does not import ``language_tool_python`` until the backend is used, so
start-up stays fast.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from textfix.core.document import Document
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.core.views import View
from textfix.errors import ConfigError
from textfix.lang.english import looks_english

if TYPE_CHECKING:
    import sqlite3
from textfix.model import Category, Edit, Finding, Fix, FixAvailability

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


@dataclass(frozen=True, slots=True)
class LTMatch:
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


_WORD_CHARS = regex.compile(r"\w+")


@dataclass(frozen=True)
class MatchFilter:
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

_PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*\n")
_SENTENCE_END = regex.compile(r"(?<=[.!?…])\s+")


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


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/textfix`` (``~/.cache/textfix``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "textfix"


class MatchCache:
    """Matches per paragraph, keyed by a hash of (target, language, paragraph): in memory, optionally on disk."""

    def __init__(self, path: Path | None) -> None:
        self.memory: dict[str, tuple[LTMatch, ...]] = {}
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection | None:
        import sqlite3  # noqa: PLC0415 - start-up: only the grammar backend's disk cache needs it

        if self.path is None:
            return None
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                self._db.execute("CREATE TABLE IF NOT EXISTS matches (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            except (OSError, sqlite3.Error):
                self.path = None  # an unwritable cache only costs speed
                return None
        return self._db

    def get(self, key: str) -> tuple[LTMatch, ...] | None:
        """The cached matches of a paragraph, or ``None``."""
        found = self.memory.get(key)
        if found is not None:
            return found
        with self._lock:
            db = self._connection()
            if db is None:
                return None
            import sqlite3  # noqa: PLC0415 - loaded by _connection()

            try:
                row = db.execute("SELECT value FROM matches WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                return None
        if row is None:
            return None
        found = tuple(LTMatch.from_json(r) for r in json.loads(row[0]))
        self.memory[key] = found
        return found

    def put(self, key: str, matches: Sequence[LTMatch]) -> None:
        """Remember a paragraph's matches."""
        self.memory[key] = tuple(matches)
        with self._lock:
            db = self._connection()
            if db is None:
                return
            import sqlite3  # noqa: PLC0415 - loaded by _connection()

            try:
                with db:
                    db.execute(
                        "INSERT OR REPLACE INTO matches VALUES (?, ?)",
                        (key, json.dumps([m.to_json() for m in matches], ensure_ascii=False)),
                    )
            except sqlite3.Error:
                return


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def probe(url: str, timeout: float = 3.0) -> str | None:
    """``None`` when a LanguageTool server answers at ``url``, else why not."""
    import urllib.request  # noqa: PLC0415 - start-up: only the grammar backend talks to a server

    try:
        with urllib.request.urlopen(f"{url}/v2/languages", timeout=timeout) as response:  # noqa: S310
            json.loads(response.read())
    except (OSError, ValueError) as exc:
        return f"no LanguageTool server at {url} ({exc})"
    return None


def start_local_server(directory: str, timeout: float = START_TIMEOUT) -> tuple[str, subprocess.Popen[bytes]]:
    """Start ``languagetool-server.jar`` from a LanguageTool directory; its URL and process.

    Raises :class:`RuntimeError` with the reason when it cannot.
    """
    folder = Path(directory).expanduser()
    jar = next((folder / n for n in ("languagetool-server.jar", "LanguageTool.jar") if (folder / n).is_file()), None)
    if jar is None:
        msg = f"no languagetool-server.jar in {folder}"
        raise RuntimeError(msg)
    java = shutil.which("java")
    if java is None:
        msg = "java is not on PATH (needed to run LanguageTool from a directory)"
        raise RuntimeError(msg)
    port = _free_port()
    command = [java, "-cp", str(jar), "org.languagetool.server.HTTPServer", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    atexit.register(process.terminate)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            msg = f"LanguageTool from {folder} exited with status {process.returncode}"
            raise RuntimeError(msg)
        if probe(url, timeout=1.0) is None:
            return url, process
        time.sleep(0.5)
    process.terminate()
    msg = f"LanguageTool from {folder} did not answer within {timeout:.0f} s"
    raise RuntimeError(msg)


# --- the backend ------------------------------------------------------------------------------------------------


@dataclass
class Backend:
    """One connection to LanguageTool (shared by every engine with the same settings).

    ``status`` is ``"unused"``, ``"ok"`` or ``"unavailable: <reason>"``; the first
    failure emits one :class:`LanguageToolUnavailable` warning and later calls return no
    matches without trying again.
    """

    settings: Settings
    status: str = "unused"
    cache: MatchCache = field(init=False)
    _client: Any = field(default=None, init=False, repr=False)
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        path: Path | None = None
        if self.settings.cache:
            base = Path(self.settings.cache_dir) if self.settings.cache_dir else default_cache_dir()
            path = base / "languagetool.sqlite3"
        self.cache = MatchCache(path)

    @property
    def available(self) -> bool:
        """False once the server has been found unreachable."""
        return not self.status.startswith("unavailable")

    def _unavailable(self, reason: str) -> None:
        self.status = f"unavailable: {reason}"
        warnings.warn(
            f"LanguageTool is not available ({reason}); grammar checks use textfix's own rules only",
            LanguageToolUnavailable,
            stacklevel=2,
        )

    def _connect(self) -> Any:
        if self._client is not None or not self.available:
            return self._client
        try:
            import language_tool_python  # noqa: PLC0415 - optional and slow to import
        except ImportError:
            self._unavailable("language-tool-python is not installed: pip install 'textfix[grammar]'")
            return None
        url = self.settings.url
        if self.settings.directory:
            try:
                url, self._process = start_local_server(self.settings.directory)
            except RuntimeError as exc:
                self._unavailable(str(exc))
                return None
        else:
            reason = probe(url)
            if reason is not None:
                self._unavailable(reason)
                return None
        try:
            client = language_tool_python.LanguageTool(self.settings.language, remote_server=url)
            client.disabled_rules = set(DUPLICATE_RULE_IDS | self.settings.disabled_rules)
            if self.settings.disabled_categories:
                client.disabled_categories = set(self.settings.disabled_categories)
        except Exception as exc:
            self._unavailable(f"{url}: {exc}")
            return None
        self._client = client
        self.status = "ok"
        return client

    def key(self, paragraph: str) -> str:
        """The cache key of one paragraph."""
        s = self.settings
        rules = ",".join(sorted(s.disabled_rules)) + "|" + ",".join(sorted(s.disabled_categories))
        raw = "\0".join((s.target, s.language, rules, paragraph))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def check_units(self, units: Sequence[str]) -> list[tuple[LTMatch, ...]]:
        """Matches of every unit (offsets relative to the unit); cached units are not sent."""
        results: list[tuple[LTMatch, ...] | None] = []
        keys = [self.key(u) for u in units]
        for key in keys:
            results.append(self.cache.get(key))
        missing = [i for i, r in enumerate(results) if r is None]
        if missing and self._connect() is not None:
            todo = [units[i] for i in missing]
            for group in batches(todo, self.settings.max_chunk):
                found = self._send([todo[g] for g in group])
                if found is None:
                    break
                for g, matches in zip(group, found, strict=True):
                    index = missing[g]
                    results[index] = matches
                    self.cache.put(keys[index], matches)
        return [r if r is not None else () for r in results]

    def _send(self, units: Sequence[str]) -> list[tuple[LTMatch, ...]] | None:
        """One request for ``units`` joined by blank lines; matches split back per unit."""
        text = "\n\n".join(units)
        try:
            raw = self._client.check(text)
        except Exception as exc:
            self._unavailable(f"{self.settings.target}: {exc}")
            return None
        return split_matches([from_client_match(m) for m in raw], units)


def split_matches(matches: Iterable[LTMatch], units: Sequence[str]) -> list[tuple[LTMatch, ...]]:
    """Give each match of a joined request back to its unit (matches across units are dropped)."""
    starts: list[int] = []
    pos = 0
    for unit in units:
        starts.append(pos)
        pos += len(unit) + 2
    out: list[list[LTMatch]] = [[] for _ in units]
    for match in matches:
        index = max((i for i, s in enumerate(starts) if s <= match.offset), default=0)
        local = match.shifted(-starts[index])
        if local.offset >= 0 and local.offset + local.length <= len(units[index]):
            out[index].append(local)
    return [tuple(m) for m in out]


_BACKENDS: dict[Settings, Backend] = {}
_BACKENDS_LOCK = threading.Lock()


def backend_for(settings: Settings) -> Backend:
    """The one backend per distinct settings in this process (so "unavailable" is said once)."""
    with _BACKENDS_LOCK:
        backend = _BACKENDS.get(settings)
        if backend is None:
            backend = Backend(settings)
            _BACKENDS[settings] = backend
        return backend


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
        """The shared backend for this rule's settings."""
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
    "Backend",
    "LTMatch",
    "LanguageToolRule",
    "LanguageToolUnavailable",
    "MatchFilter",
    "Settings",
    "backend_for",
    "from_client_match",
    "match_to_finding",
    "probe",
    "prose_units",
]
