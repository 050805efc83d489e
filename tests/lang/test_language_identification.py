"""Language identification: the function-word lists, scripts and the identifier on real lines."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SEED
from textfix.core.document import Document
from textfix.lang import function_words, scripts
from textfix.lang.document import blanked, masked_text
from textfix.lang.identify import guess, identifier, model_path
from textfix.lang.wordlists import available


@pytest.mark.parametrize("language", function_words.LANGUAGES)
def test_every_screened_language_has_its_list_of_words(language: str) -> None:
    # Sorted, unique, lower case and commented: tests/lang/test_wordlists.py checks every list.
    words = function_words.function_words(language)
    assert 40 <= len(words) <= 100
    assert all(word.isalpha() for word in words)
    assert ("de", "distinctive-words") in available()


def test_no_function_word_belongs_to_two_languages() -> None:
    seen: dict[str, str] = {}
    for language in function_words.LANGUAGES:
        for word in function_words.function_words(language):
            assert word not in seen, (word, seen.get(word), language)
            seen[word] = language


def test_the_model_ships_in_a_package_and_loads_offline() -> None:
    path = model_path()
    assert path.name == "lid.176.ftz"
    assert path.stat().st_size < 2_000_000
    assert identifier() is identifier()  # loaded once


# Real lines: heise.de (German), La Nación (Spanish), Le Monde (French), the Guardian (English).
REAL_LINES = {
    "de": "Zudem gibt es neue Zusatzfelder in der Datenbank und weitere Verbesserungen.",
    "es": "Desde febrero de 1999 permanece en una cárcel de máxima seguridad en la isla turca de Imrali.",
    "fr": "Il sera désormais examiné par le Sénat, puis le Conseil constitutionnel.",
    "en": "Seven decades later, Parata has now overseen more than 500 strandings and is renowned in New Zealand.",
}


@pytest.mark.parametrize(("language", "line"), REAL_LINES.items(), ids=REAL_LINES.keys())
def test_the_identifier_names_real_lines(language: str, line: str) -> None:
    found = guess(line)
    assert found.language == language
    assert found.probability > 0.8


def test_scripts_are_exact_evidence() -> None:
    line = "Moscow is far. Он сказал, что переговоры продолжатся. 무단전재 및 재배포 금지"
    runs = scripts.foreign_runs(line)
    assert [(r.script, line[r.start : r.end]) for r in runs] == [
        ("Cyrillic", "Он сказал, что переговоры продолжатся"),
        ("Hangul", "무단전재 및 재배포 금지"),
    ]
    assert scripts.dominant_group("Лукаш Подольски завершил карьеру в сборной") == "Cyrillic"
    assert scripts.dominant_group("Müller, Ærø, Łódź, São Paulo") == "Latin"
    assert not scripts.foreign_runs("Müller, Ærø, Łódź – “São Paulo”")


@given(st.text(alphabet=st.sampled_from("ab <>\n\r\t\u2028é"), max_size=60))
def test_a_blanked_span_keeps_only_its_line_breaks(piece: str) -> None:
    assert blanked(piece) == regex.sub(r"[^\n]", " ", piece)  # what the language views read instead of markup


def test_masked_text_blanks_each_non_prose_span_of_a_real_page_and_nothing_else() -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = Document(f"See `code here` and https://example.org/a?b=c\n\n```\nx = 1\n```\n\n{text}", path="page.md")
    assert len(doc.non_prose) >= 3  # the code span, the URL, the fenced block
    expected, position = [], 0
    for start, end in doc.non_prose:
        expected += [doc.text[position:start], regex.sub(r"[^\n]", " ", doc.text[start:end])]
        position = end
    assert masked_text(doc) == "".join([*expected, doc.text[position:]])
