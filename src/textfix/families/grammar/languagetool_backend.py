"""The client side of the LanguageTool backend (rule ``GR101``, :mod:`textfix.families.grammar.languagetool`).

Talking to a LanguageTool server: probing a URL, starting a server from a local directory,
the per-paragraph match cache (memory and SQLite) and :class:`Backend`, one per distinct
settings in a process. Imported by :meth:`LanguageToolRule.backend` on the backend's first use,
so a check without ``--grammar`` never loads it.
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textfix.families.grammar.languagetool import (
    DUPLICATE_RULE_IDS,
    START_TIMEOUT,
    LanguageToolUnavailable,
    LTMatch,
    Settings,
    batches,
    from_client_match,
)

if TYPE_CHECKING:
    import sqlite3


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
