"""Every pack rule's own test cases (``tests:`` in its YAML) run here."""

from __future__ import annotations

import pytest

from textfix import Config, Engine
from textfix.core.rule import Rule

_ALL = Engine(Config(select=("ALL",)))
_WITH_EXAMPLES = [rule for rule in _ALL.available if rule.examples]


@pytest.mark.parametrize("rule", _WITH_EXAMPLES, ids=lambda r: r.code)
def test_pack_rule_examples(rule: Rule) -> None:
    engine = Engine(Config(select=(rule.code,)))
    for example in rule.examples:
        assert engine.fix(example.input, unsafe=example.unsafe).text == example.expected


def test_every_pack_rule_has_a_firing_and_a_clean_example() -> None:
    for rule in _ALL.available:
        if rule.pack == "builtin":
            continue
        assert rule.examples, f"{rule.code} has no tests in its pack"
        assert any(e.input != e.expected for e in rule.examples), f"{rule.code} has no firing example"
        assert any(e.input == e.expected for e in rule.examples), f"{rule.code} has no clean example"
