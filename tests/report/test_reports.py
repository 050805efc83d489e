"""Output formats: SARIF (validated against the 2.1.0 schema), GitHub annotations, JSON lines, CLI options."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import ROOT
from textfix import Config, Engine
from textfix.cli import app
from textfix.core.document import Document
from textfix.io.source import SourceText
from textfix.report import reporters
from textfix.report import text as text_report
from textfix.report.github import annotation, escape_data, escape_property
from textfix.report.locate import LineIndex
from textfix.run.runner import Outcome

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ARTICLE = "Floods — day two.\n\nThe river rose.\n\nSource link\n\nPlease enter your comment!\n"


def _outcome(text: str, path: str) -> Outcome:
    findings = Engine().check(Document(text, path=path))
    return Outcome(path, SourceText(text), findings=tuple(findings))


def _render(fmt: str, *outcomes: Outcome) -> str:
    stream = io.StringIO()
    reporter = reporters()[fmt](stream, False)
    for outcome in outcomes:
        reporter.file(outcome)
    reporter.finish()
    return stream.getvalue()


def test_sarif_validates_and_locates() -> None:
    outcomes = [_outcome(ARTICLE, "news/a b.md"), _outcome("Clean.\n", "c.md"), _outcome(ARTICLE, "/abs/d.txt")]
    log = json.loads(_render("sarif", *outcomes))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["BP102", "BP101"]
    results = run["results"]
    assert len(results) == 4
    first = results[0]
    assert first["ruleId"] == "BP102"
    assert rules[first["ruleIndex"]]["id"] == "BP102"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "news/a%20b.md"
    assert results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///abs/d.txt"
    region = location["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (5, 1, 5, 12)
    assert region["snippet"]["text"] == "Source link"
    # Offsets count code points: the em dash on line 1 does not shift anything.
    assert ARTICLE[region["charOffset"] : region["charOffset"] + region["charLength"]] == "Source link"
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == ""
    assert first["fixes"][0]["properties"]["applicability"] == "safe"


def test_sarif_without_findings_validates() -> None:
    log = json.loads(_render("sarif", _outcome("Clean.\n", "c.md")))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_sarif_schema_rejects_a_broken_log() -> None:
    log = json.loads(_render("sarif", _outcome(ARTICLE, "a.md")))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_github_annotations() -> None:
    out = _render("github", _outcome(ARTICLE, "docs/a,b.md"))
    assert out.splitlines() == [
        "::warning file=docs/a%2Cb.md,line=5,col=1,endLine=5,endColumn=11,title=BP102::"
        "source attribution link text left by the scraper: remove this line (source-link)",
        "::warning file=docs/a%2Cb.md,line=7,col=1,endLine=7,endColumn=26,title=BP101::"
        "comment-form prompt left by the scraper: remove this line (comment-form-prompt)",
    ]


def test_github_multiline_finding_has_no_columns() -> None:
    engine_text = "A\nB\n"
    finding = Engine().rules[0].finding(0, 3, "spans\nlines: 100%")
    line = annotation("x.txt", finding, LineIndex(engine_text))
    assert line.startswith("::warning file=x.txt,line=1,endLine=2,title=")
    assert line.endswith("::spans%0Alines: 100%25 (" + finding.name + ")")
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert escape_data("a:b\r\n") == "a:b%0D%0A"


def test_jsonl_matches_json_records() -> None:
    outcomes = [_outcome(ARTICLE, "a.md"), _outcome(ARTICLE, "b.txt")]
    lines = _render("jsonl", *outcomes).splitlines()
    as_json = json.loads(_render("json", *outcomes))
    assert [json.loads(line) for line in lines] == as_json
    assert len(lines) == 4
    assert {"path", "code", "name", "category", "message", "start", "end", "line", "column"} <= set(as_json[0])


def test_jsonl_empty() -> None:
    assert _render("jsonl", _outcome("Clean.\n", "a.md")) == ""


# --- CLI ------------------------------------------------------------------------------


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE + "\n```\nSource link\n```\n", encoding="utf-8")
    return path


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["sarif", "github", "jsonl"])
def test_cli_formats(article: Path, fmt: str) -> None:
    code, out, _ = _cli("check", "--isolated", "--format", fmt, str(article))
    assert code == 1
    if fmt == "sarif":
        log = json.loads(out)
        jsonschema.Draft4Validator(SCHEMA).validate(log)
        assert len(log["runs"][0]["results"]) == 2  # the code block is left alone
    elif fmt == "github":
        assert [line.split(",")[1] for line in out.splitlines()] == ["line=5", "line=7"]
    else:
        assert [json.loads(line)["code"] for line in out.splitlines()] == ["BP102", "BP101"]


def test_cli_exit_zero_and_statistics(article: Path) -> None:
    code, _, err = _cli("check", "--isolated", "--exit-zero", "--statistics", str(article))
    assert code == 0
    assert err.splitlines() == ["     1  BP101   comment-form-prompt", "     1  BP102   source-link"]


def test_cli_show_fixes_check_and_fix(article: Path) -> None:
    code, _, err = _cli("check", "--isolated", "--show-fixes", str(article))
    assert code == 1
    assert f"{article}:5 BP102 [safe] 'Source link\\n\\n' -> ''" in err.splitlines()
    code, _, err = _cli("fix", "--isolated", "--show-fixes", str(article))
    assert code == 0
    assert f"{article}: fixed 1 x BP102 (source-link)" in err.splitlines()
    assert f"{article}: fixed 1 x BP101 (comment-form-prompt)" in err.splitlines()
    assert article.read_text(encoding="utf-8") == "Floods — day two.\n\nThe river rose.\n\n```\nSource link\n```\n"


def test_cli_unknown_format(article: Path) -> None:
    code, _, err = _cli("check", "--format", "xml", str(article))
    assert code == 2
    assert "github" in err and "sarif" in err and "jsonl" in err


@pytest.mark.parametrize("is_terminal", [False, True])
def test_text_report_prints_line_100_as_a_number_not_an_emoji(is_terminal: bool) -> None:
    # rich reads ":100:" as the emoji code for 💯; "path:100:1" came out as "path💯1".
    from textfix.report.text import TextReporter

    text = "word\n" * 99 + "The end , of it :smile:\n"
    engine = Engine(Config(select=("SP101",)))
    findings = engine.check(engine.document(text, "a.txt"))
    stream = io.StringIO()
    reporter = TextReporter(stream, is_terminal)
    reporter.file(Outcome("a.txt", findings=tuple(findings), original=SourceText(text)))
    reporter.finish()
    shown = stream.getvalue()
    assert "a.txt" in shown and ":100:8" in shown
    assert "💯" not in shown and "😄" not in shown


def _snippet_of_whole_text(text: str) -> str:
    """The snippet as its definition reads: the whole text made visible, then cut to SNIPPET characters."""
    shown = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in shown)
    return shown if len(shown) <= text_report.SNIPPET else shown[: text_report.SNIPPET - 1] + "…"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\r\n\u200b\u00ad\x00é…"), max_size=200))
def test_snippet_reads_only_what_it_shows(text: str) -> None:
    # The report shows the head of a finding; reading only that head must show the same as the whole text.
    assert text_report.snippet(text) == _snippet_of_whole_text(text)


def test_snippet_of_a_whole_removed_page_is_short() -> None:
    page = "Home | News | Sport\n" * 50_000
    shown = text_report.snippet(page)
    assert shown.startswith("Home | News | Sport\\nHome") and shown.endswith("…") and len(shown) == text_report.SNIPPET
