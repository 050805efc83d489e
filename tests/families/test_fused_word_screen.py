"""The fused-word chunk screen's shortcut and the split planner's one-call look-ups change no answer.

``_surely_plain`` decides most letter runs without :func:`candidates.leads`; it may only say
"plain" where ``leads`` finds nothing. ``segment._cuts`` asks the word table for every prefix
and suffix of a token at once; it must answer what one :func:`lexicon.zipf` per part answers.
Checked on every distinct letter run of a clean-prose address and generated runs.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from textfix.families.fused_word import candidates, segment
from textfix.families.fused_word.vocabulary import LETTERS
from textfix.lang import lexicon

_PROSE = ROOT / "bench" / "data" / "clean-prose" / "sotu" / "1861_abraham_lincoln_r.txt"
_RUNS = sorted(set(LETTERS.findall(_PROSE.read_text("utf-8"))))
_LETTER = st.sampled_from("aeinorstlhTAIOSBİΣßéÉçñäöü\u0301")


def _plain_is_leadless(run: str) -> None:
    if candidates._surely_plain(run):
        assert candidates.leads(run) is None, run


def test_plain_runs_of_real_prose_have_no_leads() -> None:
    plain = [run for run in _RUNS if candidates._surely_plain(run)]
    assert len(plain) > len(_RUNS) / 2  # the shortcut decides most runs of prose
    assert all(candidates.leads(run) is None for run in plain)
    assert candidates._surely_plain("although") and candidates._surely_plain("The")
    assert not candidates._surely_plain("Putinalthough") and not candidates._surely_plain("shotsSabres")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["the", "city", "although", "Putin", "in", "of", "And", "s", "ing"]) | _LETTER, max_size=5)
)
def test_generated_plain_runs_have_no_leads(parts: list[str]) -> None:
    _plain_is_leadless("".join(parts))
    _plain_is_leadless("".join(parts).capitalize())


def _cuts_one_by_one(token: str, lang: str) -> tuple[list[float], list[float]]:
    size = len(token)
    return [lexicon.zipf(token[:i], lang) for i in range(size)], [lexicon.zipf(token[i:], lang) for i in range(size)]


def test_cuts_answer_what_each_part_answers() -> None:
    tokens = [run for run in _RUNS if segment.PLAIN_WORD.fullmatch(run)][:400]
    tokens += ["Putinalthough", "Émigréthe", "İstanbuland", "Σπίτιkai", "Straßeund"]
    for lang in ("en", "de"):
        for token in tokens:
            assert segment._cuts(token, lang) == _cuts_one_by_one(token, lang), token


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "city", "and", "Putin", "é", "İ", "Σ", "ß", "in"]) | _LETTER, min_size=1, max_size=6
    )
)
def test_cuts_of_generated_plain_words(parts: list[str]) -> None:
    token = "".join(parts)
    if segment.PLAIN_WORD.fullmatch(token):
        assert segment._cuts(token, "en") == _cuts_one_by_one(token, "en")
