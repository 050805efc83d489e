"""The explicit rule table: built-in rule families, pack kinds, and selection.

No discovery by import side effects: every built-in family is listed in
:data:`BUILTIN_FAMILIES` and every pack kind in :data:`KINDS`.

Selectors (in ``select``, ``ignore``, ``per-file-ignores`` and on the command line)
match a rule by exact code (``BP101``), code prefix (``BP``, ``BP1``), exact name
(``comment-form-prompt``), category (``boilerplate``), pack id
(``boilerplate/seed``) or ``ALL``. When a select and an ignore selector both match a
rule, the more specific one wins: exact code or name, then longer code prefixes, then
pack, then category, then ``ALL``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import regex

from textfix.config import Config
from textfix.core.family import Family
from textfix.core.packs import KindFactory, builtin_rules_dir, load_packs
from textfix.core.rule import Rule
from textfix.errors import ConfigError, PackError
from textfix.families import (
    boilerplate,
    encoding,
    fused_word,
    grammar,
    language,
    name_variant,
    punctuation,
    spacing,
    suppression,
)
from textfix.kinds import lines, names, substitution
from textfix.model import Category

#: Built-in families, in the order their rules run and are listed.
FAMILIES: tuple[Family, ...] = (
    encoding.FAMILY,
    spacing.FAMILY,
    punctuation.FAMILY,
    fused_word.FAMILY,
    name_variant.FAMILY,
    grammar.FAMILY,
    boilerplate.FAMILY,
    language.FAMILY,
    suppression.FAMILY,
)

#: Pack kinds: the ``kind`` key of a pack rule -> the factory that builds it.
KINDS: dict[str, KindFactory] = {
    "lines": lines.from_spec,
    "substitution": substitution.from_spec,
    "names": names.from_spec,
}

#: Option tables that belong to no rule family (read by other parts of textfix).
OTHER_TABLES = frozenset({"html"})  # [tool.textfix.html]: how pages become text (textfix.io.html)


def family_of(name: str) -> Family | None:
    """The family whose config table is ``name`` (its name or an older alias)."""
    for family in FAMILIES:
        if name == family.name or name in family.aliases:
            return family
    return None


def family_named(name: str) -> Family:
    """The family called ``name`` (its category's value)."""
    family = family_of(name)
    if family is None:
        msg = f"no rule family {name!r}"
        raise KeyError(msg)
    return family


def family_options(config: Config, family: Family) -> object:
    """The options dataclass of ``family`` under ``config`` (validated)."""
    table: dict[str, object] = {}
    for name in (*family.aliases, family.name):
        table.update(config.family_options(name))
    return family.read_options(table, config.source)


def validate_option_tables(config: Config) -> None:
    """Every option table names a family (or another known table); its keys are checked when read."""
    for name in config.options:
        if family_of(name) is None and name not in OTHER_TABLES:
            where = f"{config.source}: " if config.source else ""
            known = ", ".join(sorted(f.name for f in FAMILIES))
            msg = f"{where}unknown table [tool.textfix.{name}] (families: {known})"
            raise ConfigError(msg)


_CATEGORIES = frozenset(c.value for c in Category)
_CODE_PREFIX = regex.compile(r"[A-Z]{1,3}[0-9]{0,3}")


def load_rules(config: Config) -> list[Rule]:
    """Every rule available under ``config``: built-in classes and all packs.

    Two rules with one code are an error naming both places.
    """
    validate_option_tables(config)
    rules: list[Rule] = []
    for family in FAMILIES:
        options = family_options(config, family)
        rules.extend(cls.create(options) for cls in family.rules)
    if config.builtin_packs:
        rules.extend(load_packs(builtin_rules_dir(), KINDS, shipped=True))
    for extra in config.extend_rules:
        rules.extend(load_packs(Path(extra), KINDS, prefix="user:"))
    seen: dict[str, Rule] = {}
    for rule in rules:
        other = seen.get(rule.code)
        if other is not None:
            raise PackError(rule.pack, f"rule code {rule.code} is already used by {other.name} ({other.pack})")
        seen[rule.code] = rule
    return rules


def _specificity(selector: str, rule: Rule) -> int:
    """How specifically ``selector`` names ``rule`` (0 = it does not match)."""
    if selector in (rule.code, rule.name):
        return 1000
    if selector == "ALL":
        return 1
    if selector in _CATEGORIES:
        return 2 if selector == rule.category.value else 0
    if selector in (rule.pack, f"pack:{rule.pack}"):
        return 3
    if _CODE_PREFIX.fullmatch(selector) and rule.code.startswith(selector):
        return 10 + len(selector)
    return 0


def _best(selectors: Iterable[str], rule: Rule) -> int:
    return max((_specificity(s, rule) for s in selectors), default=0)


def validate_selectors(selectors: Iterable[str], rules: Sequence[Rule]) -> None:
    """Fail on a selector that matches no rule (a typo would silently select nothing)."""
    for selector in selectors:
        if not any(_specificity(selector, rule) for rule in rules):
            msg = f"selector {selector!r} matches no rule (see `textfix rules`)"
            raise ConfigError(msg)


def select(rules: Sequence[Rule], config: Config, extra_ignores: Sequence[str] = ()) -> list[Rule]:
    """The rules ``config`` turns on, in table order."""
    selected = []
    ignores = (*config.ignore, *extra_ignores)
    for rule in rules:
        chosen = int(rule.default_enabled) if config.select is None else _best(config.select, rule)
        chosen = max(chosen, _best(config.extend_select, rule))
        if chosen and chosen > _best(ignores, rule):
            selected.append(rule)
    return selected
