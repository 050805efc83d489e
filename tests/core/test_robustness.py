"""Issue 16 regressions: no silent corruption, no quadratic pattern, no code run from a repository's config.

Each test is named after the item of the issue it pins down, with the issue's exact input.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import textfix
from textfix import Config, Engine, PackError
from textfix import config as textfix_config
from textfix.cli import app
from textfix.core.applier import apply_fixes, touches
from textfix.core.document import Document
from textfix.core.pack_patterns import has_backreference
from textfix.core.packs import builtin_rules_dir, load_packs, pack_files
from textfix.core.registry import KINDS
from textfix.families.encoding.rules import changed_regions
from textfix.kinds.lines import LinesRule
from textfix.model import Applicability, Category, Edit, Finding, Fix

UNSAFE = Engine(Config(unsafe_fixes=True))


# --- silent corruption in safe fixes ---------------------------------------------------------------


def test_en101_mojibake_next_to_a_url_adds_no_text() -> None:
    text = "http://example.com/cafÃ© cafÃ© café cafÃ©.\n"
    assert textfix.fix(text) == "http://example.com/cafÃ© café café café.\n"


def test_en101_mojibake_next_to_markdown_code_adds_no_code_span() -> None:
    text = "donâ€™t `cafÃ©` cafÃ© `café` cafÃ©.\n"
    assert textfix.fix(text, path="x.md") == "don’t `cafÃ©` café `café` café.\n"


def test_en101_c1_control_after_markdown_math_converges() -> None:
    # It raised ConvergenceError: ftfy saw the math span and the prose after it as one line.
    assert textfix.fix("$\x91$\x91", path="x.md") == "$\x91$‘"


def test_en101_repair_is_applied_whole_or_not_at_all() -> None:
    text = "The cafÃ© donâ€™t close"
    findings = Engine(Config(select=("EN101",))).check(text)
    assert len(findings) == 2
    assert findings[0].fix == findings[1].fix  # one repair, one fix
    blocker = Finding("XX999", "blocker", Category.SPACING, 6, 8, "blocks", Fix.safe(Edit(6, 8, "x")))
    allowed = frozenset({Applicability.SAFE})
    fixed, applied = apply_fixes(text, [blocker, *findings], allowed)
    assert fixed == "The cax© donâ€™t close"  # the blocker wins; EN101 applies nothing, not half
    assert [a.finding.code for a in applied] == ["XX999"]
    fixed, applied = apply_fixes(text, findings, allowed)
    assert fixed == "The café don’t close"
    assert [(a.before, a.after) for a in applied] == [("Ã©", "é"), ("â€™", "’")]


def test_en101_regions_are_linear_and_exact() -> None:
    before = "naïve cafÃ© " * 20_000 + "donâ€™t"
    after = "naïve café " * 20_000 + "don’t"
    regions = changed_regions(before, after)
    assert len(regions) == 20_001
    rebuilt, pos = [], 0
    for start, end, replacement in regions:
        rebuilt += [before[pos:start], replacement]
        pos = end
    assert "".join([*rebuilt, before[pos:]]) == after
    # A terminal escape (ASCII removed) falls back to an exact diff.
    assert changed_regions("\x1b[31mred\x1b[0m cafÃ©", "red café") == [(0, 5, ""), (8, 12, ""), (16, 18, "é")]


def test_en103_control_character_in_a_url_stays_after_an_earlier_round() -> None:
    # Deleting the first \x1f made 'http://' lose its word boundary; the next round saw no URL.
    text = "0\x1fhttp://example.com/a_b,c\x1f"
    assert UNSAFE.fix(text).text == text
    assert UNSAFE.fix("a \x1f b http://example.com/a_b,c\x1f").text == "a b http://example.com/a_b,c\x1f"


def test_applier_refuses_edits_touching_protected_spans() -> None:
    doc = Document("see http://example.com/x now")
    assert doc.non_prose == ((4, 24),)
    inside = Finding("XX999", "x", Category.SPACING, 10, 11, "m", Fix.safe(Edit(10, 11, "")))
    fixed, applied = apply_fixes(doc.text, [inside], frozenset({Applicability.SAFE}), doc.non_prose)
    assert (fixed, applied) == (doc.text, [])
    assert touches(doc.non_prose, Edit(4, 4, "")) is False  # an insertion at the edge is outside
    assert touches(doc.non_prose, Edit(3, 5, "")) is True


# --- time: a soft per-document budget ------------------------------------------------------------


def test_time_budget_gives_up_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from textfix.core import engine as engine_module

    monkeypatch.setattr(engine_module, "TIME_BUDGET", -1.0)
    with pytest.raises(engine_module.TimeBudgetError, match=r"doc\.txt: gave up after its time budget"):
        Engine().fix(Document("The the text.\n", path="doc.txt"))


def test_repeated_source_link_lines_are_removed_in_linear_time() -> None:
    # 20,000 removed lines: every one used to rescan the lines after and before it.
    assert Engine().fix("Source link\n" * 20_000).text == ""


def test_sp103_www_and_question_a_patterns_are_linear() -> None:
    # regex's match(text, pos) with a backreference looked at the whole rest of the text.
    engine = Engine(Config(select=("SP103",)))
    for unit in ("www.", "?A", "a."):
        assert engine.fix((unit * 100_000)[:200_000]).text == (unit * 100_000)[:200_000]
    assert engine.fix("the the " + "a" * 1500 + " b").text == "the " + "a" * 1500 + " b"


def test_repeated_suppression_directives_are_linear() -> None:
    # Only the rule the directives name and TF001 run: the "x" lines of this synthetic text are
    # chrome to the line model (BP401), which is not what this test is about.
    text = "textfix: ignore[BP101]\nx\n" * 5_000
    findings = Engine(Config(select=("BP101", "TF001"), unsafe_fixes=True)).check(text)
    assert len(findings) == 5_000  # each directive silences nothing: TF001, once each
    assert {f.code for f in findings} == {"TF001"}


def test_markdown_unclosed_brackets_are_linear_and_left_alone() -> None:
    text = "[a" * 100_000
    doc = Document(text, path="x.md")
    assert doc.non_prose == ((0, len(text)),)  # the link-label budget ran out: nothing is prose
    links = Document("see [the link](docs/a_b.md) and `code`", path="x.md")
    assert (13, 27) in links.non_prose  # ordinary links are still parsed


# --- security -------------------------------------------------------------------------------------


def _repo(tmp_path: Path, config: str, name: str = "textfix.toml") -> Path:
    (tmp_path / name).write_text(config, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("Article text.\n", encoding="utf-8")
    return page


@pytest.mark.parametrize(
    ("name", "config"),
    [
        ("textfix.toml", 'extend-select = ["GR101"]\n[grammar]\ndirectory = "lt"\n'),
        ("pyproject.toml", '[tool.textfix.grammar]\nserver = "http://evil.invalid:8081"\n'),
        ("textfix.toml", '[grammar]\ncache-dir = "/tmp/elsewhere"\n'),
    ],
)
def test_repository_config_never_starts_a_program_or_sends_text(tmp_path: Path, name: str, config: str) -> None:
    page = _repo(tmp_path, config, name)
    result = CliRunner().invoke(app, ["check", str(page)])
    assert result.exit_code == 2
    assert "not allowed in a repository's configuration" in result.output


def test_repository_config_grammar_true_needs_the_command_line(tmp_path: Path) -> None:
    config = textfix_config.load_file(_repo(tmp_path, "[grammar]\ngrammar = true\n").parent / "textfix.toml")
    assert config is not None
    assert "grammar" not in config.options["grammar"]  # only --grammar turns the backend on
    engine = Engine(config)
    assert all(rule.code != "GR101" for rule in engine.rules)


def test_user_config_may_name_a_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "textfix").mkdir(parents=True)
    (home / "textfix" / "config.toml").write_text('[grammar]\nserver = "http://localhost:1"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    repo = tmp_path / "repo"
    repo.mkdir()
    page = _repo(repo, 'select = ["BP"]\n')
    from textfix.run.runner import Runner

    config = Runner().config_for(page)
    assert config.options["grammar"]["server"] == "http://localhost:1"
    assert config.select == ("BP",)


def test_extend_rules_outside_the_repository_is_refused_and_never_echoed(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$verysecrethash:19000:0:99999:7:::\n", encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    page = _repo(repo, f'extend-rules = ["{secret}"]\n')
    result = CliRunner().invoke(app, ["check", str(page)])
    assert result.exit_code == 2
    assert "extend-rules may name only paths inside" in result.output
    assert "verysecret" not in result.output
    # Named on the command line it is trusted, and still never echoed.
    result = CliRunner().invoke(app, ["check", "--rules", str(secret), str(page)])
    assert result.exit_code == 2
    assert "verysecret" not in result.output


def test_pack_yaml_errors_never_echo_the_file(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("a: [b\nroot:$6$verysecrethash:1:0\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        Engine(Config(extend_rules=(str(pack),)))
    assert "verysecret" not in str(caught.value)
    assert "line 3" in str(caught.value)


def test_pack_folder_symlink_outside_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(LINES_PACK.format(pattern="Footer"), encoding="utf-8")
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(outside)
    assert pack_files(folder) == []


LINES_PACK = "rules:\n  - code: BP901\n    name: x\n    kind: lines\n    summary: s\n    patterns: ['{pattern}']\n"


def test_pack_pattern_backtracking_times_out(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(LINES_PACK.format(pattern="(a|a)+$"), encoding="utf-8")
    engine = Engine(Config(select=("BP901",), extend_rules=(str(pack),)))
    started = time.perf_counter()
    assert engine.fix("a" * 36 + "b\n").text == "a" * 36 + "b\n"
    assert time.perf_counter() - started < 10


def test_pack_pattern_size_and_backreferences_are_refused(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(LINES_PACK.format(pattern="|".join(["a"] * 5_000)), encoding="utf-8")
    with pytest.raises(PackError, match="at most 5,000"):
        Engine(Config(extend_rules=(str(pack),)))
    pack.write_text(LINES_PACK.format(pattern=r"(\w+) \1"), encoding="utf-8")
    with pytest.raises(PackError, match="backreference"):
        Engine(Config(extend_rules=(str(pack),)))
    assert has_backreference(r"(?P<w>a)(?P=w)") and not has_backreference(r"[\1]x")


def test_every_shipped_pack_passes_the_checks_its_load_skips() -> None:
    # Shipped packs load with shipped=True (their lines patterns are not compiled one by one at
    # each start); loaded as any user's pack, each pattern is validated and must pass.
    root = builtin_rules_dir()
    shipped = load_packs(root, KINDS, shipped=True)
    checked = load_packs(root, KINDS)
    assert [r.code for r in checked] == [r.code for r in shipped]
    patterns = [p for r in checked if isinstance(r, LinesRule) for p in r.patterns]
    assert len(patterns) > 10  # the shipped lines packs hold patterns: the check had something to do


def test_a_user_pack_with_a_bad_pattern_is_refused_even_if_not_selected(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(LINES_PACK.format(pattern="(unclosed"), encoding="utf-8")
    with pytest.raises(PackError, match="not a valid regular expression"):
        Engine(Config(select=("EN101",), extend_rules=(str(pack),)))


#: Found by the atheris campaign on main after the language family landed (bench/fuzz.py, lone surrogates on).
FUZZ_LG101_SURROGATE = "\x1fdonâ€™t \U0010dfdf\x00\U0010ffff\U0010ffff㸾㸾㸾㸾㸾㸾㸾㸾㺍㸾㸾\udfdf\udfdf_____1_____"


def test_fuzz_lg101_lone_surrogate_among_cjk_does_not_raise() -> None:
    # Found by atheris: LG101 passed a lone surrogate to fastText's predict(), which raised TypeError.
    textfix.check(FUZZ_LG101_SURROGATE)
