"""Batch learning (BP301): counting recurring lines, the generated pack, and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ROOT
from textfix import Config, Engine
from textfix.cli import app
from textfix.core.options import read_options
from textfix.families.boilerplate.rules import BoilerplateOptions
from textfix.families.boilerplate.site_chrome import LineCounter, pack_text

PARAGRAPHS = [
    "The council approved the new budget on Monday after a long debate about schools and roads.",
    "Opposition members said the plan relied on optimistic forecasts of tax revenue next year.",
    "The mayor promised to publish a detailed breakdown of the spending before the summer.",
    "Residents will be able to comment on the proposals at three public meetings in June.",
    "Thank you.",
]


def site_page(number: int) -> str:
    """One page of a small site: repeated chrome around a different article each time."""
    body = "\n\n".join(PARAGRAPHS[number % 2 : number % 2 + 3])
    closing = "\n\nThank you." if number % 2 else ""
    return (
        "The Meridian Courier\nWorld\nBusiness\nCulture\n\n"
        f"Council decision number {number}\n\n"
        f"{body}{closing}\n\n"
        "Share this story with a friend\nAbout the Courier\nAdvertise with us\n"
    )


def counter_for(pages: list[str], **options: object) -> LineCounter:
    counter = LineCounter(read_options(BoilerplateOptions, options, family="boilerplate"))
    for page in pages:
        counter.add(page)
    return counter


def test_recurring_chrome_is_learned_and_articles_are_not() -> None:
    learned = {line.text for line in counter_for([site_page(n) for n in range(6)]).learned()}
    assert learned == {
        "The Meridian Courier",
        "World",
        "Business",
        "Culture",
        "Share this story with a friend",
        "About the Courier",
        "Advertise with us",
    }


def test_a_common_sentence_is_learned_only_at_the_edges_away_from_the_article() -> None:
    # "Thank you." closes half the articles, right after their last paragraph: not chrome.
    pages = [site_page(n) for n in range(8)]
    assert "Thank you." not in {line.text for line in counter_for(pages).learned()}
    # A footer sentence away from the article is chrome...
    footer = [page + "\nFollow us\nThanks for reading.\n" for page in pages]
    assert "Thanks for reading." in {line.text for line in counter_for(footer).learned()}
    # ...but not when the articles also end with it.
    mixed = [page + "\nFollow us\nThank you.\n" for page in pages]
    assert "Thank you." not in {line.text for line in counter_for(mixed).learned()}


def test_prose_is_never_learned_even_when_repeated() -> None:
    paragraph = PARAGRAPHS[0]
    pages = [f"Intro number {n} of the series, which is long enough to be prose.\n\n{paragraph}\n" for n in range(5)]
    assert counter_for(pages).learned() == []


def test_thresholds_are_options() -> None:
    pages = [site_page(n) for n in range(6)] + ["Unrelated text that is a complete sentence of prose here.\n"] * 6
    assert counter_for(pages, **{"min-share": 0.6}).learned() == []
    assert counter_for(pages, **{"min-share": 0.4}).learned()
    assert counter_for(pages[:6], **{"min-files": 7}).learned() == []


def test_memory_is_bounded_by_forgetting_lines_seen_once() -> None:
    pages = [f"Unique line {n}\n\nA paragraph of prose that is long enough to count as one.\n" for n in range(50)]
    counter = counter_for(pages, **{"max-distinct": 10})
    assert len(counter.stats) <= 10


def test_the_generated_pack_loads_and_removes_the_lines_as_unsafe_fixes(tmp_path: Path) -> None:
    pages = [site_page(n) for n in range(6)]
    counter = counter_for(pages)
    pack = tmp_path / "site.yaml"
    pack.write_text(pack_text(counter.learned(), counter.files, source="test site"), encoding="utf-8")
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    assert data["rules"][0]["applicability"] == "unsafe"
    engine = Engine(Config(select=("BP301",), extend_rules=(str(pack),)))
    page = site_page(1)
    assert engine.fix(page).text == page
    cleaned = engine.fix(page, unsafe=True).text
    assert cleaned.startswith("Council decision number 1\n\n")
    assert cleaned.endswith("Thank you.\n")
    assert "World" not in cleaned
    for example in engine.rules[0].examples:
        assert engine.fix(example.input, unsafe=example.unsafe).text == example.expected


def test_promoted_pack_is_safe(tmp_path: Path) -> None:
    counter = counter_for([site_page(n) for n in range(6)])
    pack = tmp_path / "site.yaml"
    pack.write_text(pack_text(counter.learned(), counter.files, source="t", promote=True), encoding="utf-8")
    engine = Engine(Config(select=("BP301",), extend_rules=(str(pack),)))
    assert "World" not in engine.fix(site_page(2)).text


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    for n in range(6):
        (folder / f"page{n}.txt").write_text(site_page(n), encoding="utf-8")
    return folder


def test_cli_learn_writes_a_reviewable_pack(site: Path, tmp_path: Path) -> None:
    output = tmp_path / "learned.yaml"
    result = CliRunner().invoke(app, ["learn", str(site), "-o", str(output), "--isolated"])
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    assert "# 'World': in 6 of 6 files" in text
    assert yaml.safe_load(text)["rules"][0]["code"] == "BP301"


def test_cli_fix_learn_boilerplate_two_passes(site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "textfix", "fix", str(site), "--learn-boilerplate", "--isolated"]
    subprocess.run(command, env=env, capture_output=True, check=False)
    assert (site / "page0.txt").read_text(encoding="utf-8") == site_page(0)  # unsafe: reported, not applied
    subprocess.run([*command, "--unsafe-fixes"], env=env, capture_output=True, check=False)
    cleaned = (site / "page0.txt").read_text(encoding="utf-8")
    assert cleaned.startswith("Council decision number 0\n\n")
    assert "Advertise with us" not in cleaned
    assert PARAGRAPHS[0] in cleaned
