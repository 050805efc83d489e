"""The ``names`` pack kind: canonical spellings of names, their variants and frozen phrases.

A ``kind: names`` pack rule (``rules/names/*.yaml``) lists, per name, the canonical
spelling, the variants to rewrite and the frozen phrases to leave alone (``Chicken
Kiev``). The analysis is the name-variant family's (:mod:`textfix.families.name_variant`):
this module only reads the YAML into a :class:`~textfix.families.name_variant.rules.NamesPackRule`.
"""

from __future__ import annotations

from textfix.core.packs import RuleSpec
from textfix.core.rule import Rule
from textfix.families.name_variant.rules import NameEntry, NamesPackRule
from textfix.lang.gazetteer import name_key
from textfix.model import Category

_ENTRY_KEYS = frozenset({"canonical", "variants", "frozen", "note", "english", "source"})


def from_spec(spec: RuleSpec) -> Rule:
    """Build a ``names`` rule from its pack entry (keys: ``names``, ``enforce``)."""
    spec.check_keys(frozenset({"names", "enforce"}))
    code = spec.code()
    enforce = spec.boolean("enforce", False)
    raw = spec.get("names")
    if not isinstance(raw, list) or not raw:
        raise spec.error("names", "must be a non-empty list of {canonical, variants, frozen}")
    entries: list[NameEntry] = []
    seen: dict[str, str] = {}
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict) or set(item) - _ENTRY_KEYS or not isinstance(item.get("canonical"), str):
            raise spec.error("names", f"entry {number} needs a string 'canonical' and only {sorted(_ENTRY_KEYS)}")
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("variants", "frozen", "english"):
            value = item.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise spec.error("names", f"entry {number}: '{key}' must be a list of strings")
            lists[key] = tuple(value)
        source = item.get("source", "")
        if not isinstance(source, str):
            raise spec.error("names", f"entry {number}: 'source' must be a string")
        entry = NameEntry(
            item["canonical"], lists["variants"], lists["frozen"], code, spec.pack, enforce, lists["english"], source
        )
        if entry.canonical in entry.variants:
            raise spec.error("names", f"entry {number}: {entry.canonical!r} is both canonical and a variant")
        if len(set(entry.spellings)) != len(entry.spellings):
            raise spec.error("names", f"entry {number}: a spelling is listed twice (canonical, english, variants)")
        for spelling in entry.spellings:
            if (" " in spelling) != entry.is_phrase:
                raise spec.error("names", f"entry {number}: {spelling!r} and its canonical differ in word count")
            marker = spelling if entry.is_phrase else name_key(spelling)
            if seen.get(marker, entry.canonical) != entry.canonical:
                raise spec.error("names", f"entry {number}: {spelling!r} collides with {seen[marker]!r}")
            seen[marker] = entry.canonical
        entries.append(entry)
    rule = NamesPackRule(entries)
    return spec.apply_common(rule, Category.NAME_VARIANT)
