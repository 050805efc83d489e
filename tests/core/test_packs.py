"""Rule packs: loading, validation errors that name file, rule and key, and the kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bench import build_pack_index

from textfix import Config, Engine, PackError
from textfix.core.packs import SHIPPED_INDEX, builtin_rules_dir, index_entry, load_packs, pack_files, shipped_index
from textfix.core.registry import KINDS
from textfix.kinds.lines import LinesRule, normalise

GOOD_RULE = "  - code: BP901\n    name: site-footer\n    kind: lines\n    summary: footer\n    phrases: [Footer]\n"


def _load(tmp_path: Path, body: str) -> Engine:
    pack = tmp_path / "pack.yaml"
    pack.write_text(body, encoding="utf-8")
    return Engine(Config(extend_rules=(str(pack),)))


BASE = {"code": "BP901", "name": "x", "kind": "lines", "summary": "s", "phrases": ["a"]}
SUBST = {"code": "PU901", "name": "x", "kind": "substitution", "summary": "s"}


def _pack(rule: dict[str, object]) -> str:
    return yaml.safe_dump({"rules": [rule]})


@pytest.mark.parametrize(
    ("rule_data", "rule", "key", "words"),
    [
        ({**BASE, "phrasez": ["a"]}, "BP901", "phrasez", "unknown key"),
        ({**BASE, "code": "B901"}, "B901", "code", "not a rule code"),
        ({**BASE, "name": "Not Kebab"}, "BP901", "name", "kebab"),
        ({**BASE, "kind": "nope"}, "BP901", "kind", "unknown kind"),
        ({k: v for k, v in BASE.items() if k != "phrases"}, "BP901", "phrases", "needs"),
        ({**BASE, "phrases": [1]}, "BP901", "phrases", "only strings"),
        ({**BASE, "phrases": [], "patterns": ["("]}, "BP901", "patterns", "regular expression"),
        ({**BASE, "applicability": "maybe"}, "BP901", "applicability", "safe, unsafe or display"),
        ({**BASE, "category": "typos"}, "BP901", "category", "must be one of"),
        ({**BASE, "tests": [{"input": "a"}]}, "BP901", "tests", "string 'input' and 'expected'"),
        ({**SUBST, "pattern": "a(b)", "replacement": "\\2"}, "PU901", "replacement", "group"),
        ({**SUBST, "pattern": "a*", "replacement": ""}, "PU901", "pattern", "empty string"),
        ({k: v for k, v in BASE.items() if k != "code"}, "#1", "code", "required"),
    ],
)
def test_malformed_rule_errors_name_file_rule_and_key(
    tmp_path: Path, rule_data: dict[str, object], rule: str, key: str, words: str
) -> None:
    with pytest.raises(PackError) as info:
        _load(tmp_path, _pack(rule_data))
    error = info.value
    assert error.path.endswith("pack.yaml")
    assert (error.rule, error.key) == (rule, key)
    assert words in str(error)
    assert "pack.yaml" in str(error)
    assert f"'{key}'" in str(error)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("rules: [\n", "not valid YAML"),
        ("- just a list\n", "mapping"),
        ("rules: []\n", "non-empty"),
        ("description: x\nrulez:\n" + GOOD_RULE, "unknown pack key"),
    ],
)
def test_malformed_pack_errors(tmp_path: Path, body: str, words: str) -> None:
    with pytest.raises(PackError, match=words):
        _load(tmp_path, body)


def test_duplicate_code_is_an_error(tmp_path: Path) -> None:
    body = "rules:\n" + GOOD_RULE.replace("BP901", "BP101")
    with pytest.raises(PackError, match="BP101 is already used"):
        _load(tmp_path, body)


def test_user_pack_folder_loads_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "a.yaml").write_text("rules:\n" + GOOD_RULE, encoding="utf-8")
    (folder / "b.yml").write_text("rules:\n" + GOOD_RULE.replace("BP901", "BP902").replace("site-footer", "f2"))
    engine = Engine(Config(extend_rules=(str(folder),)))
    assert {"user:a", "user:b"} <= {rule.pack for rule in engine.rules}


def test_lines_matching_ignores_case_spacing_and_trailing_punctuation(tmp_path: Path) -> None:
    engine = _load(tmp_path, "rules:\n" + GOOD_RULE.replace("[Footer]", "['Share this article']"))
    for variant in ("Share this article", "  SHARE   this  article!!", "share this article:", "Share this article »"):
        assert engine.fix(f"Story.\n\n{variant}\n").text == "Story.\n", variant
    for keep in ("Share this article with a friend today.", "Please share this article"):
        assert engine.fix(f"Story.\n\n{keep}\n").text == f"Story.\n\n{keep}\n"


def test_lines_patterns_match_whole_normalised_line(tmp_path: Path) -> None:
    body = GOOD_RULE.replace("phrases: [Footer]", r"patterns: ['(\d+|one) comments?']")
    engine = _load(tmp_path, "rules:\n" + body)
    assert engine.fix("Story.\n\n12 Comments\n").text == "Story.\n"
    assert engine.fix("Story.\n\nThere were 12 comments here.\n").text == "Story.\n\nThere were 12 comments here.\n"


def test_substitution_kind(tmp_path: Path) -> None:
    body = (
        "rules:\n  - code: PU901\n    name: ellipsis\n    kind: substitution\n    summary: three dots\n"
        "    pattern: '(\\w)\\.\\.\\.(?!\\.)'\n    replacement: '\\1…'\n    applicability: unsafe\n"
    )
    engine = _load(tmp_path, body)
    assert engine.fix("Wait... what").text == "Wait... what"
    assert engine.fix("Wait... what", unsafe=True).text == "Wait… what"


def test_blank_lines_collapse_around_removed_lines() -> None:
    engine = Engine(Config(select=("boilerplate",)))
    cases = {
        "A\n\nSource link\n\nB\n": "A\n\nB\n",
        "A\nSource link\nB\n": "A\nB\n",
        "\n\nrelated news\n\n\nBody\n": "Body\n",
        "Body\n\n\nSource link\n\n\nPlease enter your comment!\nPlease enter your name here": "Body\n",
        "A\r\n\r\nSource link\r\n\r\nB\r\n": "A\r\n\r\nB\r\n",
        "Source link": "",
    }
    for given, expected in cases.items():
        assert engine.fix(given).text == expected, given


def test_normalise() -> None:
    assert normalise("  Read   MORE »  ") == "read more"
    assert normalise("Tags: a, b") == "tags: a, b"


def test_builtin_packs_are_found() -> None:
    files = pack_files(builtin_rules_dir())
    assert any(p.name == "seed.yaml" for p in files)


def test_the_shipped_pack_index_is_current() -> None:
    current = (builtin_rules_dir() / SHIPPED_INDEX).read_text(encoding="utf-8")
    assert current == build_pack_index.build(), "a shipped pack changed: run python -m bench build-pack-index"
    root = builtin_rules_dir()
    for path in pack_files(root):  # JSON holds the YAML's data exactly (no dates, tuples or keys JSON would change)
        entry = shipped_index(root)[path.relative_to(root).as_posix()]
        assert entry["data"] == yaml.safe_load(path.read_text(encoding="utf-8"))


def _indexed_pack(tmp_path: Path, phrase_on_disk: str, phrase_indexed: str, *, same_crc: bool) -> Path:
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n" + GOOD_RULE.replace("Footer", phrase_on_disk), encoding="utf-8")
    entry = index_entry(pack)
    entry["data"]["rules"][0]["phrases"] = [phrase_indexed]
    if not same_crc:
        entry["crc32"] += 1
    (tmp_path / SHIPPED_INDEX).write_text(json.dumps({"packs": {"pack.yaml": entry}}), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("same_crc", "phrase"), [(True, "indexed footer"), (False, "footer on disk")])
def test_a_shipped_pack_comes_from_the_index_only_while_its_file_is_unchanged(
    tmp_path: Path, same_crc: bool, phrase: str
) -> None:
    root = _indexed_pack(tmp_path, "Footer on disk", "Indexed footer", same_crc=same_crc)
    (rule,) = load_packs(root, KINDS, shipped=True)
    assert isinstance(rule, LinesRule)
    assert [normalise(p) for p in rule.phrases] == [phrase]
    (from_yaml,) = load_packs(root, KINDS)  # a user's pack folder never reads an index
    assert isinstance(from_yaml, LinesRule) and [normalise(p) for p in from_yaml.phrases] == ["footer on disk"]
