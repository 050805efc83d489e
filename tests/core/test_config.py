"""Configuration files, precedence and rule selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix import Config, ConfigError, Engine
from textfix.config import discover, find_config_file, from_mapping
from textfix.io.source import SourceText
from textfix.run.runner import Action, Runner

SEED_ENDING = "Body.\n\nSource link\n\nPlease enter your comment!\n"


def _codes(engine: Engine) -> set[str]:
    return {rule.code for rule in engine.rules}


def test_defaults_select_default_enabled_rules() -> None:
    assert {"BP101", "BP102", "BP103"} <= _codes(Engine())


@pytest.mark.parametrize(
    ("select", "ignore", "expected_in", "expected_out"),
    [
        (("BP101",), (), {"BP101"}, {"BP102"}),
        (("BP",), ("BP102",), {"BP101", "BP103"}, {"BP102"}),
        (("boilerplate",), ("BP1",), set(), {"BP101", "BP102"}),
        (("comment-form-prompt",), (), {"BP101"}, {"BP103"}),
        (("boilerplate/seed",), ("source-link",), {"BP101"}, {"BP102"}),
        (("ALL",), ("boilerplate",), set(), {"BP101"}),
        # the more specific selector wins, whichever list it is in
        (("BP102",), ("BP",), {"BP102"}, {"BP101"}),
    ],
)
def test_select_and_ignore(
    select: tuple[str, ...], ignore: tuple[str, ...], expected_in: set[str], expected_out: set[str]
) -> None:
    codes = _codes(Engine(Config(select=select, ignore=ignore)))
    assert expected_in <= codes
    assert not expected_out & codes


def test_unknown_selector_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="BX9"):
        Engine(Config(select=("BX9",)))


def test_unknown_key_in_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "textfix.toml").write_text('selekt = ["BP"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="selekt"):
        discover(tmp_path / "a.txt")


def test_wrong_type_is_an_error() -> None:
    with pytest.raises(ConfigError, match="'select' must be a list of strings"):
        from_mapping({"select": 3}, source="x.toml")


def test_pyproject_without_textfix_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "textfix.toml").write_text('ignore = ["BP102"]\n', encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(sub) == tmp_path / "textfix.toml"


def test_config_is_found_by_walking_up_and_cli_overrides_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nignore = ["BP102"]\n', encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    article = deep / "x.txt"
    article.write_text(SEED_ENDING, encoding="utf-8")
    runner = Runner()
    cfg = runner.config_for(article)
    assert cfg.ignore == ("BP102",)
    assert "BP102" not in _codes(runner.engine_for(cfg))
    # command line over file: select narrows, and its ignore adds to the file's
    cli = Runner({"select": ("BP101",), "ignore": ("BP103",)}).config_for(article)
    assert cli.select == ("BP101",)
    assert cli.ignore == ("BP102", "BP103")
    # defaults when isolated
    assert Runner(isolated=True).config_for(article).ignore == ()


def test_file_config_changes_fix_result(tmp_path: Path) -> None:
    (tmp_path / "textfix.toml").write_text('ignore = ["source-link"]\n', encoding="utf-8")
    article = tmp_path / "x.txt"
    article.write_text(SEED_ENDING, encoding="utf-8")
    runner = Runner()
    outcome = runner.run_text(SourceText(SEED_ENDING), str(article), Action.FIX, runner.config_for(article))
    assert outcome.fixed == "Body.\n\nSource link\n"


def test_per_file_ignores(tmp_path: Path) -> None:
    cfg = from_mapping({"per-file-ignores": {"legal/*.txt": ["BP"]}}, source="t.toml")
    engine = Engine(cfg)
    legal = engine.rules_for("legal/terms.txt")
    assert legal
    assert not [rule for rule in legal if rule.code.startswith("BP")]
    assert engine.rules_for("news/a.txt") == engine.rules


def test_extend_rules_path_is_relative_to_config_file(tmp_path: Path) -> None:
    pack = tmp_path / "packs" / "site.yaml"
    pack.parent.mkdir()
    pack.write_text(
        "rules:\n  - code: BP901\n    name: site-footer\n    kind: lines\n    summary: site footer\n"
        "    phrases: [All rights reserved by Example News]\n",
        encoding="utf-8",
    )
    (tmp_path / "textfix.toml").write_text('extend-rules = ["packs/site.yaml"]\n', encoding="utf-8")
    cfg = discover(tmp_path / "doc.txt")
    engine = Engine(cfg)
    assert "BP901" in _codes(engine)
    assert engine.fix("Story.\n\nAll rights reserved by Example News.\n").text == "Story.\n"
