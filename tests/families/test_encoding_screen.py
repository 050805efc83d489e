"""The exact screen before ftfy (`families/encoding/screen.py`): it passes over a text only if ftfy changes nothing."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import ftfy
from ftfy import badness
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.families.encoding.rules import ftfy_config
from textfix.families.encoding.screen import ftfy_may_change, screen_pattern

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
#: Every character ftfy's badness expression names, and the ASCII and typography around them.
_MOJIBAKE = sorted(set("".join(badness.MOJIBAKE_CATEGORIES.values())) - {"-"})
_ALPHABET = st.sampled_from(
    [
        *(c for c in _MOJIBAKE),
        *"ÃÂÎÐØÙàâóä°êéœŒ€™ЂвГРСВβāΒΓΞΟ\xa0\xad",
        *"aAzZ .,?!-'\"\t",
        *"‘’“”–—…",
        *(chr(c) for c in range(0x80, 0xA0)),
        "\x1b",
        "\ud800",
    ]
)


def _changes(text: str) -> bool:
    return ftfy.fix_and_explain(text, ftfy_config()).text != text


@settings(max_examples=3000, deadline=None)
@given(st.text(_ALPHABET, min_size=1, max_size=8))
def test_a_text_the_screen_passes_over_matches_no_badness_and_ftfy_leaves_it(text: str) -> None:
    if not ftfy_may_change(text, ftfy_config()):
        assert badness.BADNESS_RE.search(text) is None
        assert not _changes(text)


def test_every_alternative_of_the_badness_expression_is_caught_on_its_own() -> None:
    # One example of each kind of sequence the expression names: the screen must let each through.
    samples = ("Ã©", "â€™", "√©", "вЂ™", "Γ°Γ", "β€™", "Â ", "a Ã ", "œ.", "É°", "à²", "×²", "ØªØ", "\x93", "\x1b[1m")
    for sample in samples:
        assert badness.BADNESS_RE.search(sample) or sample[0] in "\x93\x1b", sample
        assert ftfy_may_change(sample, ftfy_config()), sample


def test_ftfy_test_cases_that_ftfy_changes_all_pass_the_screen() -> None:
    changed = skipped = 0
    for name in ("in-the-wild", "language-names", "synthetic", "negative", "known-failures"):
        for case in json.loads((DATA / "encoding" / f"{name}.json").read_text(encoding="utf-8")):
            original = case["original"]
            if _changes(original):
                changed += 1
                assert ftfy_may_change(original, ftfy_config()), case["label"]
            elif not ftfy_may_change(original, ftfy_config()):
                skipped += 1
    assert changed >= 100
    assert skipped >= 20  # the screen does pass over texts: it is not "always ftfy"


def test_every_line_ftfy_changes_in_real_pages_passes_the_screen() -> None:
    lines = passed_over = 0
    for path in sorted((DATA / "pages-trafilatura").glob("*.html.gz"))[:60]:
        for line in gzip.decompress(path.read_bytes()).decode("utf-8", "replace").splitlines():
            if line.isascii():
                continue
            lines += 1
            if _changes(line):
                assert ftfy_may_change(line, ftfy_config()), line[:200]
            else:
                passed_over += not ftfy_may_change(line, ftfy_config())
    assert lines > 1000
    assert passed_over > lines // 2


def test_ordinary_foreign_text_passes_the_screen_without_ftfy() -> None:
    for text in ("Київ — столиця України", "Αθήνα, η πρωτεύουσα", "Größe, Straße, naïve café", "東京都"):
        assert not ftfy_may_change(text, ftfy_config()), text


def test_no_screen_without_a_single_character_position_or_with_other_ftfy_steps() -> None:
    assert screen_pattern(r"\s+|[a-z]\w", 0) is None
    assert screen_pattern(r"ab", 0) is None  # not an alternation
    assert ftfy_may_change("Größe", ftfy_config()._replace(fix_latin_ligatures=True))


def test_accented_prose_with_nothing_for_ftfy_does_not_load_it() -> None:
    code = (
        "import sys; from textfix import Config, Engine; "
        "Engine(Config(select=('encoding',))).check('Die Straße über den Fluss führt zur Brücke.'); "
        "print('ftfy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
