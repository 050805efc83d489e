"""The LanguageTool backend: mapping recorded /v2/check responses, caching, the unreachable server, the CLI."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from textfix import Config, Engine
from textfix.core.document import Document
from textfix.errors import ConfigError
from textfix.families.grammar.languagetool import (
    DEFAULT_URL,
    URL_ENV,
    LanguageToolRule,
    LanguageToolUnavailable,
    Settings,
    prose_units,
)
from textfix.families.grammar.languagetool_backend import Backend, backend_for, probe
from textfix.model import Applicability

language_tool_python = pytest.importorskip("language_tool_python")

DATA = ROOT / "tests" / "data" / "languagetool"


def _recorded(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


class RecordedServer:
    """Stands in for the server: answers one recorded request through the real client's ``Match`` class."""

    def __init__(self, recorded: dict[str, Any]) -> None:
        self.recorded = recorded
        self.calls: list[str] = []

    def check(self, text: str) -> list[Any]:
        self.calls.append(text)
        assert text == self.recorded["request"]["text"], "textfix sent other text than the recorded request"
        matches = copy.deepcopy(self.recorded["response"]["matches"])
        return [language_tool_python.Match(match, text) for match in matches]


def _rule_with(tmp_path: Path, server: RecordedServer, **options: Any) -> LanguageToolRule:
    settings = Settings.from_options({"grammar": True, "cache-dir": str(tmp_path), "server": "recorded", **options})
    rule = LanguageToolRule(settings)
    backend = Backend(settings)
    backend._client = server
    backend.status = "ok"
    rule.backend = lambda: backend  # type: ignore[method-assign]
    return rule


def test_recorded_matches_become_findings(tmp_path: Path) -> None:
    recorded = _recorded("mt-article.json")
    rule = _rule_with(tmp_path, RecordedServer(recorded))
    text = recorded["document"]
    findings = list(rule.check(Document(text)))
    spans = {(text[f.start : f.end], f.message.rsplit("[", 1)[-1].split("]")[0]) for f in findings}
    assert spans == {
        ("an", "EN_A_VS_AN"),
        ("Bukha", "MORFOLOGIK_RULE_EN_US"),
        ("he go", "HE_VERB_AGR"),  # after the emoji: UTF-16 offsets were turned into code points
        ("go", "NON3PRS_VERB"),
        ("In the face of the failure of the original goal.", "SENTENCE_FRAGMENT"),
    }
    by_rule = {f.message.rsplit("[", 1)[-1].split("]")[0]: f for f in findings}
    assert all(f.code == "GR101" and f.category.value == "grammar" for f in findings)
    article = by_rule["EN_A_VS_AN"]
    assert article.fix is not None and article.fix.applicability is Applicability.UNSAFE
    assert article.fix.edits[0].replacement == "a"
    spelling = by_rule["MORFOLOGIK_RULE_EN_US"]
    assert spelling.fix is not None and spelling.fix.applicability is Applicability.DISPLAY
    assert "'Bukhara'" in spelling.message and "'Burka'" in spelling.message
    assert by_rule["HE_VERB_AGR"].fix is not None
    assert by_rule["HE_VERB_AGR"].fix.applicability is Applicability.DISPLAY
    assert by_rule["SENTENCE_FRAGMENT"].fix is None
    assert by_rule["SENTENCE_FRAGMENT"].message.startswith("This sentence does not seem to contain a verb.")


def test_duplicates_and_consistent_names_are_dropped(tmp_path: Path) -> None:
    recorded = _recorded("mt-article.json")
    text = recorded["document"]
    findings = list(_rule_with(tmp_path, RecordedServer(recorded)).check(Document(text)))
    messages = " ".join(f.message for f in findings)
    assert "WHITESPACE_RULE" not in messages
    assert "ENGLISH_WORD_REPEAT_RULE" not in messages
    assert not any(text[f.start : f.end] == "Stoltenberg" for f in findings)  # a name used twice


def test_disabled_rules_option_drops_matches(tmp_path: Path) -> None:
    recorded = _recorded("mt-article.json")
    rule = _rule_with(tmp_path, RecordedServer(recorded), **{"disabled-rules": ["EN_A_VS_AN"]})
    # the disabled rule changes the cache key, not the request text
    messages = [f.message for f in rule.check(Document(recorded["document"]))]
    assert messages and not any("EN_A_VS_AN" in m for m in messages)


def test_unsafe_fix_applies_through_the_engine(tmp_path: Path) -> None:
    recorded = _recorded("mt-article.json")
    rule = _rule_with(tmp_path, RecordedServer(recorded))
    doc = Document(recorded["document"])
    fixes = [f for f in rule.check(doc) if f.fix is not None and f.fix.applicability is Applicability.UNSAFE]
    (edit,) = (e for f in fixes for e in f.fix.edits if doc.text[e.start : e.end] == "an")  # type: ignore[union-attr]
    assert doc.text[: edit.start] + edit.replacement + doc.text[edit.end :] == doc.text.replace("an test", "a test")


def test_clean_response_gives_no_findings(tmp_path: Path) -> None:
    recorded = _recorded("clean.json")
    assert list(_rule_with(tmp_path, RecordedServer(recorded)).check(Document(recorded["document"]))) == []


def test_cache_makes_reruns_free(tmp_path: Path) -> None:
    recorded = _recorded("mt-article.json")
    first = RecordedServer(recorded)
    findings = list(_rule_with(tmp_path, first).check(Document(recorded["document"])))
    assert len(first.calls) == 1
    # A new process would build a new backend: the on-disk cache answers, the server is not asked.
    second = RecordedServer(recorded)
    again = list(_rule_with(tmp_path, second).check(Document(recorded["document"])))
    assert second.calls == []
    assert again == findings


def test_only_english_prose_is_sent_in_chunks() -> None:
    text = (
        "See https://example.com/page for the text.\n\n"
        "Die Allianz wird sich in Brüssel treffen, um über die Hilfe zu beraten und zu entscheiden.\n\n"
        "This is one sentence of the long paragraph. " * 40
    )
    units = prose_units(Document(text), max_chunk=300)
    sent = [u for _, u in units]
    assert "https" not in " ".join(sent)
    assert not any("Allianz" in u for u in sent)
    assert all(len(u) <= 300 for u in sent)
    assert sum(len(u) for u in sent[1:]) >= len("This is one sentence of the long paragraph. ") * 40 - 40
    for start, unit in units:
        assert text[start : start + len(unit)].startswith(unit.split("  ")[0])


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_unreachable_server_warns_once_and_other_rules_go_on(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    config = Config(options={"grammar": {"grammar": True, "server": url, "cache-dir": str(tmp_path)}})
    engine = Engine(config)
    assert "GR101" in {r.code for r in engine.rules}
    text = "This atlantic alliance will meet.\n"
    with pytest.warns(LanguageToolUnavailable, match="not available") as caught:
        first = engine.check(text)
        second = Engine(config).check("Another text, and another paragraph.\n")
    assert len(caught) == 1
    assert [f.code for f in first] == ["GR203"]
    assert second == []
    backend = backend_for(Settings.from_options(config.family_options("grammar")))
    assert backend.status.startswith("unavailable: no LanguageTool server at " + url)


def test_off_by_default_and_options_validated() -> None:
    engine = Engine()
    assert "GR101" not in {r.code for r in engine.rules}
    assert Engine(Config(select=("grammar",))).check("This is an test.\n") == []  # selected, not turned on
    with pytest.raises(ConfigError, match="unknown option"):
        Settings.from_options({"grammer": True})
    with pytest.raises(ConfigError, match="wrong type"):
        Settings.from_options({"grammar": "yes"})


def test_url_comes_from_option_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)
    assert Settings().url == DEFAULT_URL
    monkeypatch.setenv(URL_ENV, "http://lt.internal:8010/")
    assert Settings().url == "http://lt.internal:8010"
    assert Settings(server="http://other:1").url == "http://other:1"


def test_missing_local_directory_is_reported(tmp_path: Path) -> None:
    settings = Settings.from_options({"grammar": True, "directory": str(tmp_path), "cache": False})
    backend = Backend(settings)
    with pytest.warns(LanguageToolUnavailable, match="no languagetool-server.jar"):
        assert backend.check_units(["This is an test."]) == [()]
    assert not backend.available


def _env(tmp_path: Path, url: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), URL_ENV: url, "XDG_CACHE_HOME": str(tmp_path)}


def test_cli_grammar_flag_says_once_when_no_server(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("This atlantic alliance will meet.\n", encoding="utf-8")
    url = f"http://127.0.0.1:{_closed_port()}"
    done = subprocess.run(
        [sys.executable, "-m", "textfix", "check", "--isolated", "--grammar", str(tmp_path)],
        capture_output=True,
        text=True,
        env=_env(tmp_path, url),
        check=False,
        cwd=tmp_path,
    )
    assert done.stderr.count("warning: LanguageTool is not available") == 1, done.stderr
    assert done.stdout.count("GR203") == 2
    assert done.returncode == 1


def test_backend_is_not_imported_at_start_up() -> None:
    code = (
        "import sys, textfix.cli; from textfix import Engine; Engine().check('This is a test.');"
        "print('language_tool_python' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=True,
    )
    assert done.stdout.strip() == "False"


def _live_server() -> str | None:
    url = (os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/")
    return url if probe(url, timeout=2.0) is None else None


LIVE = _live_server()


@pytest.mark.skipif(
    LIVE is None,
    reason=f"no LanguageTool server reachable (set {URL_ENV} or run one at {DEFAULT_URL}) - integration test skipped",
)
def test_live_server_finds_a_wrong_article(tmp_path: Path) -> None:
    config = Config(options={"grammar": {"grammar": True, "server": LIVE, "cache-dir": str(tmp_path)}})
    text = "NATO said this is an test of the alliance.\n"
    findings = [f for f in Engine(config).check(text) if f.code == "GR101"]
    assert any("EN_A_VS_AN" in f.message and text[f.start : f.end] == "an" for f in findings), findings
