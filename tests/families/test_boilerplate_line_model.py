"""BP401 chrome-line: the learned line model on real scraper output, and what it must leave alone."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, ROOT
from textfix import Config, Engine
from textfix.errors import ConfigError
from textfix.families.boilerplate import line_features
from textfix.families.boilerplate.chrome_line import ChromeLine, load_calibration
from textfix.families.boilerplate.line_features import FEATURE_NAMES, document_features
from textfix.families.boilerplate.line_model import load_model
from textfix.model import Applicability

CASES = FIXTURES / "boilerplate" / "BP401"


def read(name: str) -> str:
    return (CASES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Config(select=("boilerplate",)))


def kept_lines(engine: Engine, text: str, *, unsafe: bool) -> list[str]:
    return engine.fix(text, unsafe=unsafe).text.split("\n")


def bp401(engine: Engine, text: str) -> dict[str, tuple[float, Applicability]]:
    out = {}
    for finding in engine.check(text):
        if finding.code == "BP401":
            assert finding.confidence is not None and finding.fix is not None
            out[text[finding.start : finding.end]] = (finding.confidence, finding.fix.applicability)
    return out


def test_wordpress_comment_form_and_widgets_are_removed_article_kept(engine: Engine) -> None:
    text = read("wordpress-comment-form.txt")
    kept = kept_lines(engine, text, unsafe=True)
    for chrome in (
        "You are commenting using your WordPress.com account. ( Log Out / Change)",
        "Connecting to %s",
        "Notify me of new comments via email.",
        "Cancel",
        "auf Twitter",
        "← 2 Jahre CryptoParty Graz",
    ):
        assert chrome not in kept
    for content in (
        "Barcamp Graz 2015 – Politcamp Call for Action",  # the headline
        "Posted on 2015-04-05 by marc | Leave a comment",  # the byline with its date
        "Alle sind herzlich eingeladen da zu sein und sich einzubringen. Einzige Voraussetzung: meldet euch dafür an!",
        "Wir haben vor Kurzem auch im Radio übers Barcamp geredet – das gibts hier zu hören!",
        "Kontakt: marc ett barcamp-graz.at",  # the article's last line
    ):
        assert content in kept
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("In nicht mehr ganz 2 Wochen"))
    end = lines.index("Kontakt: marc ett barcamp-graz.at")
    article = lines[start : end + 1]
    assert len(article) == 11
    assert kept[kept.index(article[0]) : kept.index(article[-1]) + 1] == article


def test_german_login_box_is_removed_and_the_article_kept(engine: Engine) -> None:
    text = read("german-login-box.txt")
    safe = kept_lines(engine, text, unsafe=False)
    unsafe = kept_lines(engine, text, unsafe=True)
    for chrome in ("Ihr Benutzername", "Ihre E-Mail", "Password recovery", "Passwort zurücksetzen", "+ Internes"):
        assert chrome in safe  # the measured safe threshold of article-like text is not reached here
        assert chrome not in unsafe
    article = [line for line in text.split("\n") if len(line) > 150]
    assert len(article) == 3
    byline = text.split("\n")[-10:-4]
    assert byline[0] == "Liebe Leser, bitte rutschen Sie nicht in das neue Jahrzehnt!"  # the headline
    assert "31. Dezember 2019" in byline
    for kept in (safe, unsafe):
        assert all(line in kept for line in (*article, *byline))


def test_headline_caption_and_byline_stay(engine: Engine) -> None:
    text = read("guardian-headline-caption.txt")
    kept = kept_lines(engine, text, unsafe=True)
    for content in (
        "'What is the sea telling us?': Māori tribes fearful over whale strandings",
        "Whale expert Hori Parata. Photograph: Adrian Malloch for the Guardian",
        "New Zealand’s whale whisperers worry that manmade changes in the ocean are behind the spike in beachings",
        "by Eleanor Ainge Roy (reporting) and Adrian Malloch (photography)",
        "Hori Parata at his Pātaua farm, the place where he was born and grew up",
    ):
        assert content in kept
    assert all(line in kept for line in text.split("\n") if len(line) > 150)
    assert "Crosswords" not in kept  # the site menu above the article goes


def test_findings_carry_calibrated_confidence_and_tier(engine: Engine) -> None:
    assert all(a is not Applicability.DISPLAY for _, a in bp401(engine, read("wordpress-comment-form.txt")).values())
    hints = Engine(Config(select=("boilerplate",), options={"boilerplate": {"chrome-display-at": 0.5}}))
    found = bp401(hints, read("wordpress-comment-form.txt"))
    assert found
    calibration = load_calibration()
    assert calibration.safe is not None and calibration.unsafe is not None
    tiers = {a for _, a in found.values()}
    assert Applicability.UNSAFE in tiers and Applicability.DISPLAY in tiers
    for confidence, applicability in found.values():
        assert 0.5 <= confidence <= 1.0
        if applicability is Applicability.SAFE:
            assert confidence >= calibration.safe.threshold
        elif applicability is Applicability.UNSAFE:
            assert confidence >= calibration.unsafe.threshold
        else:
            assert confidence < calibration.safe.threshold


def test_clean_prose_and_a_real_article_are_untouched(engine: Engine) -> None:
    prose = (FIXTURES / "boilerplate" / "clean" / "clean-article-with-lists.txt").read_text(encoding="utf-8")
    assert "BP401" not in {f.code for f in engine.check(prose) if f.fix and f.fix.applicability != "display"}
    assert engine.fix(prose, unsafe=True).text == prose
    seed = (FIXTURES / "examples" / "seed-article.txt").read_text(encoding="utf-8")
    long_lines = [line for line in seed.split("\n") if len(line) > 80]
    kept = kept_lines(engine, seed, unsafe=True)
    assert all(line in kept for line in long_lines)
    assert kept[0] == seed.split("\n")[0]  # the headline


def test_markdown_code_is_never_removed() -> None:
    engine = Engine(Config(select=("BP401",)))
    chrome = read("german-login-box.txt").split("\n")[:16]
    code = ["```", "Home", "Login", "Passwort vergessen?", "Impressum", "```"]
    text = "\n".join([*chrome, "", *code, "", *read("german-login-box.txt").split("\n")[-4:]])
    result = engine.fix(engine.document(text, "page.md"), unsafe=True).text
    assert "\n".join(code) in result


def test_thresholds_move_with_config() -> None:
    text = read("wordpress-comment-form.txt")
    lower = Engine(Config(select=("BP401",), options={"boilerplate": {"chrome-safe-at": 0.85}}))
    default = Engine(Config(select=("BP401",)))
    assert len(lower.fix(text).text) < len(default.fix(text).text)
    never = Engine(Config(select=("BP401",), options={"boilerplate": {"chrome-unsafe-at": 1.0}}))
    assert never.fix(text, unsafe=True).text == text
    with pytest.raises(ConfigError):
        Engine(Config(select=("BP401",), options={"boilerplate": {"chrome-safe-at": 1.5}}))


def test_rule_documentation_prints_the_tiers() -> None:
    rule = ChromeLine()
    assert rule.calibration is not None
    assert "unsafe" in rule.calibration.describe()
    assert "Fix safety" in rule.documentation


def test_features_are_one_row_per_non_blank_line() -> None:
    model = load_model()
    texts = read("german-login-box.txt").split("\n")
    rows = document_features(texts, model.lexicon)
    non_blank = sum(1 for t in texts if t.strip())
    assert len(rows.indices) == non_blank
    assert rows.matrix().shape == (non_blank, len(FEATURE_NAMES))
    assert len(rows.features) == non_blank * len(FEATURE_NAMES)
    assert rows.language == "de"
    empty = document_features([], model.lexicon)
    assert (empty.indices, len(empty.features)) == ((), 0)


def test_line_rows_kept_per_line_do_not_carry_one_document_into_another() -> None:
    # Shape rows are kept per distinct line: a line a pack removes in one document is not known chrome in the next.
    model = load_model()
    texts = read("german-login-box.txt").split("\n")
    known = [bool(text.strip()) and i % 3 == 0 for i, text in enumerate(texts)]
    marked = document_features(texts, model.lexicon, known)
    plain = document_features(texts, model.lexicon)
    column = FEATURE_NAMES.index("known_chrome")
    assert sum(marked.features[column :: len(FEATURE_NAMES)]) == sum(known)
    assert sum(plain.features[column :: len(FEATURE_NAMES)]) == 0
    line_features._cached_row.cache_clear()
    fresh = document_features(texts, model.lexicon)
    assert fresh.features == plain.features


def test_model_loads_lazily() -> None:
    code = (
        "import textfix; from textfix.families.boilerplate import line_model as m; "
        "e = textfix.Engine(textfix.Config(select=('boilerplate',))); "
        "before = m._cached_model.cache_info().currsize; e.check('Home\\nLogin\\nContact\\n'); "
        "print(before, m._cached_model.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["0", "1"]


def test_training_is_deterministic_on_a_slice() -> None:
    pytest.importorskip("sklearn")
    from bench.boilerplate_data import documents
    from bench.train_boilerplate import train

    docs = list(itertools.islice((d for d in documents() if d.extractor in ("trafilatura", "goose3")), 24))
    first = train(docs, write=False, log=False, iterations=5)
    second = train(docs, write=False, log=False, iterations=5)
    assert first == second
    model = json.loads(first["model"])
    assert model["features"] == list(FEATURE_NAMES)
