"""Meta-tests over the rule table: what every rule and every family must have.

A new rule or family that forgets one of these (a code outside its family's prefix, a
docstring without its Fix safety figure, a family without docs or fixtures) fails here,
with a message that says what is missing.
"""

from __future__ import annotations

import inspect
import itertools

import pytest
import regex

from tests.conftest import FIXTURES, ROOT
from tests.fixture_cases import CLEAN, KNOWN_FAILURES, cases
from textfix import Config
from textfix.core.family import Family
from textfix.core.registry import FAMILIES, load_rules
from textfix.core.rule import CODE_PATTERN, NAME_PATTERN, Rule

RULES = load_rules(Config())
BUILTIN: list[tuple[Family, type[Rule]]] = [(f, cls) for f in FAMILIES for cls in f.rules]

#: The docstring sections of every built-in rule, in this order (``Options`` may follow).
SECTIONS = ("What it does", "Why it happens", "Example", "Fix safety")
HEADING = regex.compile(r"^(What it does|Why it happens|Example|Fix safety|Options)\b[^:\n]*:", regex.M)
#: A measured figure: a precision (0.9988, 1.000), a count (11 of 12, 120/120), a rate or a share.
FIGURE = regex.compile(r"\b[01]\.\d+\b|\b\d[\d,]* of \d[\d,]*\b|\b\d+/\d+\b|\d%|per MB")
BENCH_COMMAND = "python -m bench"
#: Built-in rules that cannot have a fixture case, and why.
NO_FIXTURE = {
    "GR101": "needs a LanguageTool server; its cases are the recorded responses of "
    "tests/families/test_grammar_languagetool.py",
}


def _sections(doc: str) -> dict[str, str]:
    heads = list(HEADING.finditer(doc))
    found: dict[str, str] = {}
    for head, following in itertools.zip_longest(heads, heads[1:]):
        end = following.start() if following is not None else len(doc)
        assert head.group(1) not in found, f"section {head.group(1)!r} twice"
        found[head.group(1)] = doc[head.end() : end].strip()
    return found


def test_codes_are_unique_across_builtin_rules_and_packs() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)


def test_names_are_unique_across_builtin_rules_and_packs() -> None:
    names = [r.name for r in RULES]
    duplicated = sorted({f"{r.name} ({r.code})" for r in RULES if names.count(r.name) > 1})
    assert not duplicated, f"rule names used twice: {duplicated}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_code_and_name_follow_the_scheme(rule: Rule) -> None:
    assert CODE_PATTERN.fullmatch(rule.code), rule.code
    assert NAME_PATTERN.fullmatch(rule.name), rule.name


def test_each_family_has_its_own_prefix() -> None:
    prefixes = [f.prefix for f in FAMILIES]
    assert len(prefixes) == len(set(prefixes)), prefixes
    for a, b in itertools.permutations(prefixes, 2):
        assert not b.startswith(a), f"prefix {a} also selects {b}'s rules"
    assert len({f.name for f in FAMILIES}) == len(FAMILIES)


@pytest.mark.parametrize(("family", "cls"), BUILTIN, ids=[c.code for _, c in BUILTIN])
def test_builtin_rule_belongs_to_its_family(family: Family, cls: type[Rule]) -> None:
    assert cls.code.startswith(family.prefix), f"{cls.code} is in {family.name} ({family.prefix})"
    assert cls.category is family.category


@pytest.mark.parametrize("rule", [r for r in RULES if r.pack != "builtin"], ids=lambda r: r.code)
def test_pack_rule_code_starts_with_its_familys_prefix(rule: Rule) -> None:
    family = next(f for f in FAMILIES if f.category is rule.category)
    assert rule.code.startswith(family.prefix), f"{rule.code} ({rule.pack}) is {family.name}: {family.prefix}..."


@pytest.mark.parametrize(("family", "cls"), BUILTIN, ids=[c.code for _, c in BUILTIN])
def test_builtin_rule_docstring_has_the_sections(family: Family, cls: type[Rule]) -> None:
    doc = inspect.getdoc(cls) or ""
    found = _sections(doc)
    assert tuple(s for s in found if s in SECTIONS) == SECTIONS, f"{cls.code}: sections {list(found)}"
    for name in SECTIONS:
        assert found[name], f"{cls.code}: section {name!r} is empty"


@pytest.mark.parametrize("rule", [r for r in RULES if r.pack != "builtin"], ids=lambda r: r.code)
def test_pack_rule_description_has_the_sections(rule: Rule) -> None:
    found = _sections(rule.description or "")
    assert tuple(s for s in found if s in SECTIONS) == SECTIONS, f"{rule.code} ({rule.pack}): sections {list(found)}"
    for name in SECTIONS:
        assert found[name], f"{rule.code}: section {name!r} is empty"


@pytest.mark.parametrize(("family", "cls"), BUILTIN, ids=[c.code for _, c in BUILTIN])
def test_fix_safety_states_the_measured_precision(family: Family, cls: type[Rule]) -> None:
    """A figure and the bench command that measured it, or why there is none.

    What ``textfix rule CODE`` prints counts: a calibrated rule's tiers carry their measured
    precision and the command (``Calibration.measured_on``).
    """
    safety = _sections(inspect.getdoc(cls) or "").get("Fix safety", "")
    if regex.match(r"display only\b\W*\w", safety, regex.I):
        return  # never applied: no precision to measure (the section says why)
    if "Not measured:" in safety:
        reason = safety.split("Not measured:", 1)[1].strip()
        assert len(reason.split()) >= 5, f"{cls.code}: 'Not measured:' must say why"
        return
    stated = safety
    if cls.calibration is not None:
        stated += "\n" + cls.calibration.describe()
    assert FIGURE.search(stated), f"{cls.code}: Fix safety states no measured figure"
    assert BENCH_COMMAND in stated, f"{cls.code}: Fix safety names no `{BENCH_COMMAND} ...` command"


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_family_has_docs_fixtures_and_tests(family: Family) -> None:
    assert (ROOT / "docs" / f"{family.name}.md").is_file(), f"docs/{family.name}.md"
    assert (FIXTURES / family.name).is_dir(), f"fixtures/{family.name}/"
    assert (ROOT / "tests" / "families" / f"test_{family.package}.py").is_file(), (
        f"tests/families/test_{family.package}.py"
    )
    clean = [c for c in cases() if c.family == family.name and c.scope == CLEAN and not c.known_failure]
    assert clean, f"fixtures/{family.name}/clean/ holds no case"


@pytest.mark.parametrize(("family", "cls"), BUILTIN, ids=[c.code for _, c in BUILTIN])
def test_builtin_rule_has_a_fixture_case_that_shows_it(family: Family, cls: type[Rule]) -> None:
    """At least one passing case under ``fixtures/<family>/<CODE>/`` where the rule reports something."""
    if cls.code in NO_FIXTURE:
        pytest.skip(NO_FIXTURE[cls.code])
    own = [c for c in cases() if c.family == family.name and c.scope == cls.code and not c.known_failure]
    assert own, f"no case in fixtures/{family.name}/{cls.code}/"
    shown = [c for c in own if any(f["code"] == cls.code for f in c.expected_findings() or [])]
    assert shown, f"no case in fixtures/{family.name}/{cls.code}/ records a {cls.code} finding"


def test_fixture_folders_name_rules_of_their_family() -> None:
    codes = {r.code: r.category.value for r in RULES}
    families = {f.name for f in FAMILIES}
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "examples"):
        assert folder.name in families, f"fixtures/{folder.name}/ is no family"
        scopes = [p for p in folder.iterdir() if p.is_dir()]
        scopes += [p for k in scopes if k.name == KNOWN_FAILURES for p in k.iterdir() if p.is_dir()]
        for scope in scopes:
            if scope.name in (CLEAN, KNOWN_FAILURES, "all"):
                continue
            assert codes.get(scope.name) == folder.name, f"{scope.relative_to(FIXTURES)}: no {folder.name} rule"


def _declared_scope(cls: type[Rule]) -> type | None:
    """The class below :class:`Rule` in ``cls``'s ancestry that sets ``scope``, if any."""
    for klass in cls.__mro__:
        if klass is Rule:
            return None
        if "scope" in vars(klass):
            return klass
    return None


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_declares_its_scope(rule: Rule) -> None:
    # ``fix`` re-runs a local rule only where edits landed: the choice must be made, never inherited from Rule.
    declared = _declared_scope(type(rule))
    assert declared is not None, (
        f"{rule.code} ({type(rule).__name__}) declares no scope: set `scope = DOCUMENT` (the safe choice) or "
        "`scope = LOCAL` / `local(facts=..., queried=...)` from textfix.core.scope (CONTRIBUTING.md, 'Add a rule')"
    )
