"""Encoding rules (EN1xx) and legacy-encoding input."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from textfix import Config, Engine
from textfix.cli import app
from textfix.errors import DecodeError
from textfix.io.source import decode

ENGINE = Engine(Config(select=("encoding",)))
UNSAFE = Engine(Config(select=("encoding",), unsafe_fixes=True))


def codes(text: str, path: str = "<string>") -> list[str]:
    return [f.code for f in ENGINE.check(ENGINE.document(text, path))]


def test_mojibake_each_region_is_a_finding_with_an_explanation() -> None:
    text = "The cafÃ© donâ€™t close"
    findings = ENGINE.check(text)
    assert [(f.code, text[f.start : f.end]) for f in findings] == [("EN101", "Ã©"), ("EN101", "â€™")]
    assert "windows-1252" in findings[0].message
    assert ENGINE.fix(text).text == "The café don’t close"


def test_curly_quotes_and_legitimate_accents_are_not_mojibake() -> None:
    assert codes("“Café”, naïve résumé — Straße, Київ, Αθήνα…") == []


def test_c1_controls_are_read_as_windows_1252() -> None:
    assert ENGINE.fix("She said \x93yes\x94.").text == "She said “yes”."


def test_html_entities_in_text_but_not_in_markdown() -> None:
    assert ENGINE.fix("Tom &amp; Jerry&#8217;s &quot;show&quot;").text == 'Tom & Jerry’s "show"'
    assert ENGINE.fix("Double &amp;amp; escaped").text == "Double & escaped"
    assert codes("AT&T, R&D, &c. and &unknown; stay") == []
    assert codes("Tom &amp; Jerry", "notes.md") == []


def test_control_character_is_an_unsafe_deletion() -> None:
    text = "4 and 4 1\x02 per cent"
    assert codes(text) == ["EN103"]
    assert ENGINE.fix(text).text == text
    assert UNSAFE.fix(text).text == "4 and 4 1 per cent"
    assert codes("tab\tand form\x0cfeed") == []


def test_zero_width_characters_in_words_but_not_in_thai_or_emoji() -> None:
    assert ENGINE.fix("Ukr\u200baine and \ufeffword").text == "Ukraine and word"
    assert codes("ภาษาไทย\u200bคำ") == []
    assert codes("family 👨\u200d👩\u200d👧") == []
    assert codes("می\u200cخواهم") == []


def test_soft_hyphen_removed_in_text_only() -> None:
    assert ENGINE.fix("inter\u00adnational").text == "international"
    assert codes("inter\u00adnational", "a.md") == []


def test_nbsp_splitting_a_word_but_not_between_words() -> None:
    assert UNSAFE.fix("The gover\u00a0nment acted").text == "The government acted"
    assert codes("10\u00a0km and M.\u00a0Dupont and the\u00a0house") == []


def test_mixed_script_homoglyphs() -> None:
    assert ENGINE.fix("Ukrаine").text == "Ukraine"  # Cyrillic а
    assert ENGINE.fix("Кoрея").text == "Корея"  # Latin o
    findings = ENGINE.check("Kуїv")  # Cyrillic у, and ї has no Latin look-alike: reported, not fixed
    assert [f.code for f in findings] == ["EN107"]
    assert findings[0].fix is None
    assert codes("Київ and Kyiv, μm, Δx") == []


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café au lait, don’t “quote” — naïve résumé.\n", "cp1252"),
        ("Der Bär läuft über die Straße.\n", "cp1252"),
        ("Привет, как дела? Это текст на русском языке.\n", "cp1251"),
        ("Zażółć gęślą jaźń, to jest polski tekst.\n", "cp1250"),
    ],
)
def test_legacy_encodings_are_detected(text: str, encoding: str) -> None:
    source = decode(text.encode(encoding))
    assert (source.text, source.encoding, source.detected) == (text, encoding, True)
    assert decode(text.encode("utf-8")).detected is False


def test_undecodable_bytes_stay_an_error() -> None:
    with pytest.raises(DecodeError):
        decode(b"Related news\n\nCaf\xc3 au lait \xff\xfe broken\n")


def test_fix_writes_a_legacy_file_back_in_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Café  au lait , naïve.\n".encode("cp1252"))
    result = CliRunner().invoke(app, ["fix", "--isolated", "--select", "spacing", str(path)])
    assert path.read_bytes() == "Café au lait, naïve.\n".encode("cp1252")
    assert "cp1252" in result.output
