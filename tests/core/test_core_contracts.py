"""The shared contracts statistical rules build on: per-document views and confidence tiers."""

from textfix.core.confidence import Calibration, Tier, choose_tier
from textfix.core.document import Document
from textfix.core.views import View
from textfix.model import Applicability


def test_a_view_is_computed_once_per_document_and_not_shared_between_documents() -> None:
    calls: list[str] = []

    def count_lines(doc: Document) -> int:
        calls.append(doc.text)
        return len(doc.lines)

    lines = View("test.lines", count_lines)
    first, second = Document("a\nb\n"), Document("c\n")
    assert (lines(first), lines(first), lines(second)) == (2, 2, 1)
    assert calls == ["a\nb\n", "c\n"]


def test_two_views_with_one_name_keep_their_own_values() -> None:
    doc = Document("x")
    assert View("same", lambda d: 1)(doc) == 1
    assert View("same", lambda d: 2)(doc) == 2


def test_calibration_maps_confidence_to_the_measured_tiers_and_a_user_may_move_them() -> None:
    calibration = Calibration(Tier(0.9, 0.995, 800), Tier(0.6, 0.96, 2000), measured_on="test")
    assert calibration.applicability(0.95) is Applicability.SAFE
    assert calibration.applicability(0.7) is Applicability.UNSAFE
    assert calibration.applicability(0.5) is Applicability.DISPLAY
    assert calibration.applicability(0.95, safe_at=0.99) is Applicability.UNSAFE
    assert calibration.applicability(0.5, unsafe_at=0.4) is Applicability.UNSAFE
    assert "0.9950 on 800 cases" in calibration.describe()


def test_a_tier_never_reached_makes_no_fix_of_that_tier() -> None:
    calibration = Calibration(None, Tier(0.6, 0.96, 2000), measured_on="test")
    assert calibration.applicability(1.0) is Applicability.UNSAFE
    assert "safe: never" in calibration.describe()


def test_choose_tier_stops_at_the_first_threshold_below_target() -> None:
    cases = [(0.99, True)] * 600 + [(0.8, False)] * 10 + [(0.7, True)] * 1000
    tier = choose_tier(cases, 0.99, 500)
    assert tier is not None
    assert (tier.threshold, tier.cases) == (0.99, 600)
    assert choose_tier([(0.5, False)] * 600, 0.95, 500) is None
