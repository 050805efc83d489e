"""The incremental ``fix``: local rules really are local, and ``fix`` gives what a full re-check gives.

Real texts only: every fixture, the seed, and the outputs of seven extractors on real pages
(``bench/data/scraped``).
"""

from __future__ import annotations

import gzip
import itertools
import json
from functools import cache

import pytest

from tests.conftest import FIXTURES, ROOT, SEED
from textfix import Config, Engine
from textfix.core import incremental
from textfix.core.applier import shift_findings
from textfix.core.document import Document
from textfix.core.engine import FixResult
from textfix.core.incremental import BlockCache, starts_block
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.model import Finding

SCRAPED = ROOT / "bench" / "data" / "scraped"
#: Pages of each scraped file whose extractor outputs the tests use (every extractor of each).
PAGES = 3


@cache
def real_texts() -> tuple[tuple[str, str], ...]:
    """(name, text): every fixture and scraped extractor outputs of a few real pages."""
    out = [
        (str(path.relative_to(FIXTURES)), path.read_text(encoding="utf-8"))
        for path in sorted(FIXTURES.rglob("*"))
        if path.suffix in {".txt", ".md"} and not path.name.endswith((".fixed.txt", ".unsafe.txt"))
    ]
    for name in ("readability-pages", "trafilatura-pages"):
        with gzip.open(SCRAPED / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
            pages = json.load(handle)
        for page in sorted(pages)[:PAGES]:
            for extractor, text in sorted(pages[page]["outputs"].items()):
                if text:
                    out.append((f"{name}/{page}/{extractor}.txt", text))
    return tuple(out)


@cache
def engine() -> Engine:
    return Engine(Config())


def local_rules() -> list[Rule]:
    return [rule for rule in engine().rules if rule.scope.local]


def _key(finding: Finding) -> tuple[object, ...]:
    return (*finding.sort_key, repr(finding))


def _every_block(doc: Document) -> list[tuple[int, int]]:
    """``doc`` cut at every place a block may start (so blocks may also start with blank lines)."""
    text = doc.text
    cuts = [0]
    at = text.find("\n")
    while at != -1:
        if at + 1 < len(text) and starts_block(text, at + 1, doc.non_prose):
            cuts.append(at + 1)
        at = text.find("\n", at + 1)
    return list(itertools.pairwise([*cuts, len(text)]))


def _block_by_block(rule: Rule, doc: Document) -> list[Finding]:
    found: list[Finding] = []
    for start, end in _every_block(doc):
        part = doc.excerpt(start, end)
        for view in (*rule.scope.facts, *rule.scope.queried):
            part.seed(view, view(doc))
        found.extend(shift_findings(list(rule.check(part)), start))
    return found


def test_some_rules_are_local_and_some_are_not() -> None:
    codes = {rule.code for rule in local_rules()}
    assert {"SP104", "EN101", "FW101", "FW104"} <= codes
    assert not codes & {"BP401", "NV101", "LG101", "TF001", "PU102"}


@pytest.mark.parametrize("rule", local_rules(), ids=lambda r: r.code)
def test_a_local_rule_finds_block_by_block_what_it_finds_in_the_whole_document(rule: Rule) -> None:
    seen = 0
    for name, text in real_texts():
        doc = Document(text, path=name)
        whole = sorted(rule.check(doc), key=_key)
        seen += len(whole)
        parts = sorted(_block_by_block(rule, Document(text, path=name)), key=_key)
        assert parts == whole, f"{rule.code} is not local on {name}"
    if rule.code not in {"EN103", "EN105", "EN106", "PU103"}:  # no real case of these in the texts
        assert seen, f"{rule.code} found nothing on the real texts: the test shows nothing"


def _full_recheck() -> Engine:
    """An engine whose rules are all document rules: ``fix`` re-checks everything every round (the reference)."""
    reference = Engine(engine().config)
    for rule in reference.available:
        rule.scope = DOCUMENT
    return reference


def _same(a: FixResult, b: FixResult) -> bool:
    return (a.text, a.iterations, a.remaining, [(x.finding, x.before, x.after) for x in a.applied]) == (
        b.text,
        b.iterations,
        b.remaining,
        [(x.finding, x.before, x.after) for x in b.applied],
    )


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fix_gives_what_a_full_recheck_gives(unsafe: bool) -> None:
    reference = _full_recheck()
    several_rounds = 0
    texts = [(name, text) for name, text in real_texts() if text.count("\n\n") >= 2]  # several paragraphs
    for name, text in [("seed-article.txt", SEED.read_text(encoding="utf-8")), *texts]:
        expected = reference.fix(Document(text, path=name), unsafe=unsafe)
        got = engine().fix(Document(text, path=name), unsafe=unsafe)
        assert _same(got, expected), name
        several_rounds += got.iterations >= 2
    assert several_rounds  # the second check of these re-used the blocks the first round's edits left alone


def test_fix_reuses_the_blocks_no_edit_touched(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real clean prose (a State of the Union address, a paragraph a line, here blank-line separated) with a run
    # of spaces in a last paragraph: the second round re-checks only that block.
    address = (ROOT / "bench" / "data" / "clean-prose" / "sotu" / "1790_george_washington_n.txt").read_text()
    text = "\n\n".join(address.splitlines()[:8]) + "\n\nThe  end of the address.\n"
    caches: list[BlockCache] = []
    original = BlockCache.__init__

    def keep(self: BlockCache, rules: list[Rule]) -> None:
        original(self, rules)
        caches.append(self)

    monkeypatch.setattr(incremental, "MIN_BLOCK", 0)
    monkeypatch.setattr(BlockCache, "__init__", keep)
    result = engine().fix(text)
    assert "The end of the address." in result.text
    assert _same(result, _full_recheck().fix(text))
    cache_ = caches[0]
    # First round: the whole text; every later round: far less than the whole text again.
    assert result.iterations == 2
    assert len(text) < cache_.checked_chars < len(text) + len(result.text) // 4


SUPPRESSED = """\
An article  about the war.

<!-- textfix: ignore[SP104] -->
Kept  as it is, on purpose.

Related news

Another  paragraph.
"""


def test_directives_hold_in_paragraphs_the_edits_changed() -> None:
    result = engine().fix(Document(SUPPRESSED, path="article.md"))
    assert "Kept  as it is, on purpose." in result.text
    assert "An article about the war." in result.text
    assert "Another paragraph." in result.text
    assert _same(result, _full_recheck().fix(Document(SUPPRESSED, path="article.md")))
