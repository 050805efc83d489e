"""Boilerplate: the packs (BP1xx) through the shared matcher, and the edge heuristics (BP2xx)."""

from __future__ import annotations

import pytest

from textfix import Config, Engine
from textfix.core.options import read_options
from textfix.errors import ConfigError
from textfix.families.boilerplate.rules import (
    BoilerplateOptions,
    breadcrumb_strength,
    is_prose_line,
    is_social_row,
    is_tag_line,
)
from textfix.kinds.lines import normalise

ARTICLE = (
    "NATO warns Russia is preparing a major offensive\n\n"
    "By Jane Doe, 12 April 2022\n\n"
    "The NATO chief warned on Tuesday that Russia is regrouping its forces in the east of Ukraine.\n\n"
    "Foreign ministers will meet in Brussels on Wednesday to discuss more military aid for Kyiv.\n"
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Config(select=("boilerplate",)))


def fixed(engine: Engine, text: str, *, unsafe: bool = False) -> str:
    return engine.fix(text, unsafe=unsafe).text


def codes(engine: Engine, text: str) -> list[str]:
    return [f.code for f in engine.check(text)]


# --------------------------------------------------------------------------- packs


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Schreibe einen Kommentar", "BP104"),
        ("Deja una respuesta", "BP104"),
        ("Laisser un commentaire", "BP104"),
        ("Deixe um comentário", "BP104"),
        ("Lascia un commento", "BP104"),
        ("12 Comments", "BP104"),
        ("Teilen mit:", "BP105"),
        ("Share on Facebook", "BP105"),
        ("Compartir en Twitter", "BP105"),
        ("Suivez-nous", "BP106"),
        ("Newsletter abonnieren", "BP108"),
        ("We use cookies to ensure that we give you the best experience on our website.", "BP109"),
        ("Diese Website verwendet Cookies.", "BP109"),
        ("Skip to content", "BP110"),
        ("Vorheriger Artikel", "BP111"),
        ("Page 2 of 5", "BP111"),
        ("Impressum", "BP113"),
        ("Mentions légales", "BP113"),
        ("© 2023 Example Media. All rights reserved.", "BP114"),
        ("Tutti i diritti riservati", "BP114"),
        ("Story continues below advertisement", "BP115"),
        ("Anzeige", "BP115"),
        ("Fuente", "BP116"),
        ("Ähnliche Beiträge", "BP117"),
        ("À lire aussi", "BP117"),
        ("Listen to this article", "BP118"),
        ("Lesezeit: 4 Minuten", "BP119"),
        ("5 min read", "BP119"),
    ],
)
def test_pack_phrases_in_six_languages_are_removed(engine: Engine, line: str, code: str) -> None:
    text = ARTICLE + "\n" + line + "\n"
    assert code in codes(engine, text)
    assert fixed(engine, text) == ARTICLE


@pytest.mark.parametrize(
    "line",
    [
        "• Share this:",
        "| Impressum |",
        "## Related Posts",
        "   ADVERTISEMENT   ",
        "Schreibe  einen\u200bKommentar",
    ],
)
def test_matching_ignores_bullets_pipes_heading_marks_and_spacing(engine: Engine, line: str) -> None:
    assert fixed(engine, ARTICLE + "\n" + line + "\n") == ARTICLE


@pytest.mark.parametrize(
    "line",
    [
        "Share the load with your team.",
        "Comments are welcome, she said.",
        "The advertisement ran for a week in three newspapers.",
        "Copyright law protects the author for seventy years after death.",
        "Regulators say we use cookies far more than we know, and few sites explain them.",
        "Mehr zum Thema finden Sie im Archiv.",
        "No comment.",
        "Listen.",
        "See also",
        "About the author",
    ],
)
def test_sentences_and_ambiguous_headings_stay(engine: Engine, line: str) -> None:
    text = ARTICLE + "\n" + line + "\n"
    assert fixed(engine, text, unsafe=True) == text


def test_a_label_that_ends_a_hard_wrapped_sentence_stays(engine: Engine) -> None:
    wrapped = (
        "Intro paragraph that is long enough to be prose, and it ends here.\n\n"
        "   The data that a client sends to the storage server looks roughly\n"
        "like this:\n"
        "   Copyright (c) 2014 IETF Trust and the persons identified as the\n"
        "document authors. All rights reserved.\n"
    )
    assert fixed(engine, wrapped) == wrapped


def test_only_whole_lines_match() -> None:
    assert normalise("Share this:") == normalise("share   THIS")
    assert normalise("» Home") == "home"
    assert normalise("C++") == "c++"


# --------------------------------------------------------------------------- heuristics


def test_line_shapes() -> None:
    assert breadcrumb_strength("Startseite › Politik › Ausland") == 2
    assert breadcrumb_strength("World > Europe > Ukraine") == 1
    assert breadcrumb_strength("Russia-Ukraine war | Live updates") == 0
    assert breadcrumb_strength("Home is where the heart is.") == 0
    assert is_tag_line("Schlagworte: Bundestag, Haushalt, Lindner")
    assert is_tag_line("Filed under: Politics | World")
    assert not is_tag_line("Note: this story was updated.")
    assert is_social_row("Share on Facebook | Share on Twitter")
    assert not is_social_row("Facebook and Twitter")
    assert not is_social_row("Twitter")
    assert is_prose_line("The NATO chief warned on Tuesday that Russia is regrouping its forces.")
    assert not is_prose_line("Home » World")


def test_breadcrumb_tags_and_share_row_around_the_article_go(engine: Engine) -> None:
    text = (
        "Home » World » Europe\n"
        "Facebook Twitter WhatsApp Email\n\n" + ARTICLE + "\nTags: Ukraine, NATO, Jens Stoltenberg\n"
    )
    assert codes(engine, text) == ["BP201", "BP203", "BP202"]
    assert fixed(engine, text) == ARTICLE


def test_breadcrumb_without_home_link_is_unsafe(engine: Engine) -> None:
    text = "News › Politics\n\n" + ARTICLE
    assert fixed(engine, text) == text
    assert fixed(engine, text, unsafe=True) == ARTICLE


def test_heuristics_leave_the_same_shapes_inside_the_article(engine: Engine) -> None:
    text = (
        "Intro paragraph that is long enough to be prose, and it ends here.\n\n"
        "Tags: Ukraine, NATO\n"
        "Home » World\n\n"
        "Closing paragraph that is long enough to be prose, and it ends here.\n"
    )
    assert fixed(engine, text, unsafe=True) == text


def test_menu_runs_are_unsafe_and_spare_headline_and_byline(engine: Engine) -> None:
    text = "World\nBusiness\nCulture\nScience\n\n" + ARTICLE
    assert fixed(engine, text) == text
    assert fixed(engine, text, unsafe=True) == ARTICLE
    # A short headline right above the article is never part of the run.
    short = "World\nBusiness\nCulture\nPutin warns NATO\n\nBy Jane Doe, 12 April 2022\n\n" + ARTICLE.split("\n\n", 2)[2]
    assert "Putin warns NATO" in fixed(engine, short, unsafe=True)
    assert "By Jane Doe, 12 April 2022" in fixed(engine, short, unsafe=True)


def test_a_list_that_ends_the_article_is_not_a_menu(engine: Engine) -> None:
    text = ARTICLE + "\nAdded /fill command\nAdded /clone command\nAdded /title command\n"
    assert fixed(engine, text, unsafe=True) == text


def test_a_closing_of_short_sentences_is_not_a_menu(engine: Engine) -> None:
    text = ARTICLE + "\nGood night.\nGod bless you.\nAmen.\n"
    assert fixed(engine, text, unsafe=True) == text


def test_a_document_without_prose_is_left_alone(engine: Engine) -> None:
    text = "Home » World\nNews\nSport\nWeather\n"
    assert [f.code for f in engine.check(text) if f.code.startswith("BP2")] == []


def test_cjk_lines_are_prose_not_menus(engine: Engine) -> None:
    text = ARTICLE + "\n图为马素湘在澳大利亚悉尼游玩时的近影。\n出国前后关注点大不同\n出国前：政治科目会出啥考题？\n"
    assert fixed(engine, text, unsafe=True) == text


def test_seed_article_chrome_goes(engine: Engine, seed_text: str) -> None:
    result = fixed(engine, seed_text)
    for line in ("related news", "Source link", "Please enter your comment!", "Please enter your name here"):
        assert line not in result.splitlines()
    assert result.startswith("NATO warns Russia is preparing ‘major offensive’ to seize Donbas region\n")


def test_fixes_are_idempotent(engine: Engine) -> None:
    text = "Skip to content\nHome » World\n\n" + ARTICLE + "\nTags: NATO\n\nShare this:\nFacebook Twitter\n\n© 2024 X\n"
    once = fixed(engine, text, unsafe=True)
    assert once == ARTICLE
    assert fixed(engine, once, unsafe=True) == once


def test_options_are_validated() -> None:
    assert read_options(BoilerplateOptions, {"menu-run": 4, "min-share": 0.5}, family="boilerplate").menu_run == 4
    with pytest.raises(ConfigError, match="unknown option 'menu_run'"):
        read_options(BoilerplateOptions, {"menu_run": 4}, family="boilerplate")
    with pytest.raises(ConfigError, match="from 0 to 1"):
        read_options(BoilerplateOptions, {"min-share": 2}, family="boilerplate")
    with pytest.raises(ConfigError):
        Engine(Config(select=("boilerplate",), options={"boilerplate": {"menu-run": 0}}))


def test_menu_run_option_changes_the_run_length() -> None:
    engine = Engine(Config(select=("BP204",), options={"boilerplate": {"menu-run": 5}}))
    text = "World\nBusiness\nCulture\nScience\n\n" + ARTICLE
    assert engine.fix(text, unsafe=True).text == text


def test_a_line_matched_before_is_judged_again_in_its_new_context() -> None:
    # The matcher keeps its answer per distinct line; whether the line ends a wrapped sentence is judged each time.
    engine = Engine(Config(select=("boilerplate",)))
    alone = ARTICLE + "\nLike this:\n"
    wrapped = (
        "Intro paragraph that is long enough to be prose, and it ends here.\n\n"
        "   The data that a client sends to the storage server looks roughly\n"
        "Like this:\n"
    )
    for first, second in ((alone, wrapped), (wrapped, alone)):
        for text in (first, second, first):
            found = [(f.code, text[f.start : f.end]) for f in engine.check(text)]
            assert found == ([("BP104", "Like this:")] if text == alone else [])
