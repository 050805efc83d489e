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
from textfix.core.document import Document
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


_FIXTURES = sorted((ROOT / "fixtures" / "fused-word").glob("*/*.txt"))


def _suspects_by_chunks(text: str) -> candidates.Suspects:
    """The suspects as the chunk screen found them: every letter run of every whitespace chunk, chunk by chunk."""
    punctuation = False
    tokens: dict[str, candidates.Leads] = {}
    for chunk in set(text.split()):
        if not chunk.isalpha() and candidates._PUNCT_CANDIDATE.search(chunk) is not None:
            punctuation = True
        for run in LETTERS.findall(chunk):
            found = None if candidates._surely_plain(run) else candidates.leads(run)
            if found is not None:
                tokens[run] = found
    return candidates.Suspects(punctuation, tokens)


def test_run_screen_finds_what_the_chunk_screen_found() -> None:
    texts = [_PROSE.read_text("utf-8"), *(path.read_text("utf-8") for path in _FIXTURES)]
    texts.append("Putinalthough left Bukha.In addition, the shotsSabres won.\nThe shotsSabres, won!")
    assert len(texts) > 10
    for round_ in range(2):  # the second round meets the runs remembered as plain in the first
        for text in texts:
            found = candidates._suspects(Document(text))
            assert found == _suspects_by_chunks(text), (round_, text[:60])
    found = candidates._suspects(Document("Putinalthough left Bukha.In addition, the shotsSabres won."))
    assert found.punctuation
    assert set(found.tokens) == {"Putinalthough", "Bukha", "shotsSabres"}  # Bukha: unknown to English
    assert candidates._PLAIN_RUNS.unknown({"addition", "Putinalthough"}) == {"Putinalthough"}


def _function_cuts_agree(token: str) -> None:
    for lang in ("en", "de", "fr", "es"):
        functions = segment.function_words(lang)
        for both in (False, True):
            expected = segment._has_function_cut_by_parts(token, functions, both=both)
            assert segment._has_function_cut(token, lang, both=both) == expected, (token, lang, both)


def test_function_cuts_answer_what_each_cut_answers() -> None:
    tokens = [run for run in _RUNS if segment.PLAIN_WORD.fullmatch(run)]
    tokens += ["inthe", "Ofthe", "donot", "Theand", "İnthe", "Σεκαι", "undder", "dela", "Delosque", "a"]
    assert sum(segment._has_function_cut(token, "en", both=True) for token in tokens) >= 3
    for token in tokens:
        _function_cuts_agree(token)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "of", "und", "de", "la", "que", "in", "a", "s"]) | _LETTER, max_size=6))
def test_function_cuts_of_generated_words(parts: list[str]) -> None:
    for token in ("".join(parts), "".join(parts).capitalize()):
        if segment.PLAIN_WORD.fullmatch(token):  # split_plan asks only about plain words
            _function_cuts_agree(token)
