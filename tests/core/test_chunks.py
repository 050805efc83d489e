"""The shared chunk screen: what it claims, and a memory that stays bounded but keeps frequent chunks."""

from __future__ import annotations

import pytest

from textfix.core import chunks
from textfix.core.document import Document
from textfix.families.grammar import rules as grammar_rules


def test_claimed_chunks_are_those_some_family_may_act_on() -> None:
    # GR203's screen (a listed proper adjective ends the chunk) is the one registered; the
    # fused-word family screens letter runs (candidates._suspects), not chunks.
    doc = Document("The atlantic alliance met in Bukha.In addition Putinalthough agreed, said the european chief.")
    claimed = chunks.claimed(doc)
    assert grammar_rules._may_hold_proper_adjective in chunks._SCREENS
    assert claimed == {"atlantic", "european"}


def test_plain_chunks_are_remembered_and_skipped() -> None:
    first = Document("a quiet sentence about nothing in particular")
    assert chunks.claimed(first) == frozenset()
    assert chunks._plain.unknown({"quiet", "sentence", "atlantic"}) == {"atlantic"}


def test_memory_is_bounded_and_keeps_what_recurs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "GENERATION_LIMIT", 10)
    plain = chunks.PlainMemory()
    plain.add(["frequent"])
    for round_ in range(20):
        batch = {f"once{round_}-{i}" for i in range(6)} | {"frequent"}
        plain.add(plain.unknown(batch))
        assert len(plain.young) <= 10 + 6
        assert len(plain.old) <= 10 + 6
    assert plain.unknown({"frequent"}) == set()  # seen in every round: never forgotten
    assert plain.unknown({"once0-1"}) == {"once0-1"}  # seen once, long ago: forgotten
