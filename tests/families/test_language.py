"""The language family (LG): untranslated leftovers in real articles, and what it must leave alone.

The fixtures are real text (sources in ``fixtures/README.md``): a Guardian article
(Readability's test pages) with a paragraph of a heise.de article (German) and of a La
Nación column (Spanish) spliced in, or a line of a football.ua article (Russian); the heise
article alone; Guardian and Le Monde paragraphs alternating.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES, ROOT
from textfix import Config, Engine
from textfix.cli import app
from textfix.core.document import Document
from textfix.errors import ConfigError
from textfix.lang.document import DOCUMENT_LANGUAGE
from textfix.model import Category, Finding

CASES = FIXTURES / "language"
SPLICED = CASES / "LG101" / "english-article-with-german-and-spanish.txt"
RUSSIAN = CASES / "LG102" / "english-article-with-russian.txt"
GERMAN = CASES / "clean" / "consistent-german.txt"
BILINGUAL = CASES / "clean" / "bilingual-english-french.txt"

ENGINE = Engine(Config(select=("language",)))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _leftovers(text: str, engine: Engine = ENGINE, path: str = "<string>") -> list[Finding]:
    return [f for f in engine.check(Document(text, path=path)) if f.category is Category.LANGUAGE]


def _properties(finding: Finding) -> dict[str, str]:
    return dict(finding.properties)


# ----------------------------------------------------------------- what it finds


def test_spliced_german_and_spanish_paragraphs_are_found_with_both_languages_named() -> None:
    text = _text(SPLICED)
    found = _leftovers(text)
    assert [f.code for f in found] == ["LG101", "LG101"]
    german, spanish = found
    assert text[german.start : german.end].startswith("AgileBits hat Version 5.3")
    assert text[spanish.start : spanish.end].startswith("Abdullah Ocalan, el líder")
    assert _properties(german) == {"language": "de", "document_language": "en"}
    assert _properties(spanish) == {"language": "es", "document_language": "en"}
    assert "German (de)" in german.message and "English (en)" in german.message
    for finding in found:
        assert finding.confidence is not None and finding.confidence >= 0.9
        assert f"{finding.confidence:.2f}" in finding.message
        assert finding.fix is None  # display only


def test_leftovers_are_never_deleted_even_with_unsafe_fixes() -> None:
    text = _text(SPLICED)
    engine = Engine(Config(select=("language",), unsafe_fixes=True))
    result = engine.fix(text)
    assert result.text == text
    assert not result.applied
    assert len([f for f in result.remaining if f.code == "LG101"]) == 2


def test_a_cyrillic_line_is_found_by_its_script() -> None:
    text = _text(RUSSIAN)
    found = _leftovers(text)
    assert [f.code for f in found] == ["LG102"]
    (run,) = found
    assert text[run.start : run.end].startswith("летний Лукаш Подольски")
    assert _properties(run) == {"language": "ru", "document_language": "en", "script": "Cyrillic"}


def test_a_korean_copyright_line_in_english_is_found_and_the_latin_part_left_alone() -> None:
    text = _text(SPLICED) + "\nCopyright ⓒ KBS. 무단전재 및 재배포 금지\n"
    found = [f for f in _leftovers(text) if f.code == "LG102"]
    assert [text[f.start : f.end] for f in found] == ["무단전재 및 재배포 금지"]
    assert _properties(found[0])["language"] == "ko"


def test_the_document_language_is_computed_from_the_prose_once_and_shared() -> None:
    doc = Document(_text(GERMAN))
    view = DOCUMENT_LANGUAGE(doc)
    assert view.language == "de"
    assert view.languages == ("de",)
    assert view.script == "Latin"
    assert DOCUMENT_LANGUAGE(doc) is view
    english = DOCUMENT_LANGUAGE(Document(_text(SPLICED)))
    assert english.language == "en"
    assert {language for language, _ in english.shares} >= {"en", "de", "es"}


# ----------------------------------------------------------------- what it leaves alone


@pytest.mark.parametrize("path", [GERMAN, BILINGUAL], ids=["consistent-german", "bilingual-english-french"])
def test_consistent_and_bilingual_documents_have_no_leftovers(path: Path) -> None:
    assert _leftovers(_text(path)) == []


def test_a_balanced_bilingual_document_has_two_languages() -> None:
    view = DOCUMENT_LANGUAGE(Document(_text(BILINGUAL)))
    assert set(view.languages) == {"en", "fr"}
    assert view.bilingual


@pytest.mark.parametrize("name", ["1790_george_washington_n.txt", "1946_harry_s_truman_d.txt"])
def test_clean_prose_has_no_leftovers(name: str) -> None:
    assert _leftovers(_text(ROOT / "bench" / "data" / "clean-prose" / "sotu" / name)) == []


ENGLISH = "\n\n".join(_text(SPLICED).split("\n\n")[:4])
LEFT_ALONE = {
    "names": "Angela Merkel, Olaf Scholz und Friedrich Merz trafen Emmanuel Macron",
    "quoted term": (
        "The chancellor spoke of the so-called *Zeitenwende*, a word that became the motto of German policy "
        "after the invasion, and of the „Sondervermögen“ for the army."
    ),
    "title of a work": "Thomas Mann wrote Der Zauberberg, and Die Buddenbrooks before it.",
    "title line": "*Die Leiden des jungen Werthers*",
    "quoted title line": "„Die Leiden des jungen Werthers“",
    "URL": "https://www.heise.de/news/1Password-fuer-OS-X-erstellt-jetzt-Einmal-Passwoerter-2647894.html",
    "name in its own script": "Moscow (Москва) and Kyiv (Київ) are four hours apart by plane.",
}


@pytest.mark.parametrize("line", LEFT_ALONE.values(), ids=LEFT_ALONE.keys())
def test_names_titles_quoted_terms_urls_are_left_alone(line: str) -> None:
    text = f"{ENGLISH}\n\n{line}\n\n{ENGLISH}\n"
    assert _leftovers(text) == []


def test_code_in_markdown_is_left_alone() -> None:
    german = _text(SPLICED).split("\n\n")[4]
    assert german.startswith("AgileBits")
    text = f"{ENGLISH}\n\n```\n# {german}\nprint('Hallo Welt')\n```\n\nInline `{german[:60]}` too.\n\n{ENGLISH}\n"
    assert _leftovers(text, path="article.md") == []
    # The same paragraph as prose is a leftover.
    assert [f.code for f in _leftovers(f"{ENGLISH}\n\n{german}\n\n{ENGLISH}\n", path="article.md")] == ["LG101"]


def test_lines_the_boilerplate_packs_remove_are_left_to_them() -> None:
    chrome = "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert"
    text = f"{ENGLISH}\n\n{ENGLISH}\n\n{chrome}\n"
    both = Engine(Config(select=("language", "boilerplate")))
    codes = [f.code for f in both.check(text)]
    assert "BP104" in codes
    assert not [c for c in codes if c.startswith("LG")]
    # Without the boilerplate family nobody removes it, so it is reported as German.
    assert [_properties(f)["language"] for f in _leftovers(text)] == ["de"]


def test_expected_languages_are_never_leftovers() -> None:
    engine = Engine(Config(select=("language",), options={"language": {"expected": ["de", "es"]}}))
    assert _leftovers(_text(SPLICED), engine) == []


def test_an_unknown_option_is_an_error() -> None:
    with pytest.raises(ConfigError, match="language"):
        Engine(Config(select=("language",), options={"language": {"paragraph-threshold": 0.5}}))


# ----------------------------------------------------------------- reports


def test_json_carries_the_languages_and_statistics_count_them(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(_text(SPLICED), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--isolated", "--format", "json", "--select", "language", str(path)])
    records = json.loads(result.stdout)
    assert [r["properties"]["language"] for r in records] == ["de", "es"]
    assert all(r["properties"]["document_language"] == "en" and r["fix"] is None for r in records)
    result = runner.invoke(app, ["check", "--isolated", "--statistics", "--select", "language", str(path)])
    assert "by language: de 1, es 1" in result.output
