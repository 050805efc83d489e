"""NV104: one name spelled with and without accents in one document (``Erdogan``, ``Erdoğan``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textfix.families.name_variant.exonyms import ExonymAnalyzer, shared_exonym_analyzer
from textfix.families.name_variant.rules import _NameRule
from textfix.model import Edit, Finding, Fix

if TYPE_CHECKING:
    from textfix.core.document import Document
    from textfix.core.rule import Rule


class AccentVariants(_NameRule):
    """One name spelled with and without accents in one document.

    What it does:
        Finds capitalised words of four letters or more that differ only in accents
        (``Erdogan`` and ``Erdoğan``, ``Malmo`` and ``Malmö``) and multi-word place names
        the gazetteer lists both ways (``Sao Paulo`` and ``São Paulo``), and proposes one
        spelling: the GeoNames place name, else the most frequent one, else (a tie) the
        one that keeps its accents.

    Why it happens:
        ASCII folding in scrapers and feeds, keyboards without the letter, and sources
        that disagree on transliteration drop accents from some mentions only.

    Example:
        ``Erdoğan met ... Erdogan said ... Erdoğan left`` -> ``Erdoğan`` everywhere (the
        most frequent spelling); ``Sao Paulo`` beside ``São Paulo`` -> ``São Paulo``
        (GeoNames). A word also written in lower case is a common word and is left alone.

    Fix safety:
        Unsafe: a text may drop accents on purpose (a citation's ASCII title, a quoted
        source), and an accent in a minority of mentions is as likely right as wrong.
        Measured by ``python -m bench names`` (accent-only rows, injected variants in real
        articles): precision 0.958 on the tuning half and 0.798 on the report half, where
        14 of the 17 "wrong" edits unify a page's own Maori/Māori inconsistency.
    """

    code = "NV104"
    name = "accent-only-variants"
    summary = "one name spelled with and without accents in one document"
    accent_rule = True
    _exonyms: ExonymAnalyzer | None = None

    def prepare(self, selected: Sequence[Rule]) -> None:
        """Share the name analysis and the exonym analysis with the other name rules."""
        super().prepare(selected)
        shared_exonym_analyzer(self, selected)

    def check(self, doc: Document) -> Iterable[Finding]:
        """Accent-only groups of single words, then of gazetteer place names."""
        yield from super().check(doc)
        if self._exonyms is None:
            self.prepare([self])
        assert self._exonyms is not None
        for case in self._exonyms.cases(doc):
            if not (case.used and case.accent_only):
                continue
            message = (
                f"{len(case.used) + 1} spellings of one place here, differing only in accents ({case.listing()}); "
                f"use `{case.target}` (the GeoNames place name, {case.place.describe()})"
            )
            for start, end in case.spans:
                yield self.finding(start, end, message, Fix.unsafe(Edit(start, end, case.target)))


RULES: tuple[type[Rule], ...] = (AccentVariants,)
