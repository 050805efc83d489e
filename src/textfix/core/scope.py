"""What a rule's findings depend on: its paragraph alone, or the whole document.

``Engine.fix`` re-checks a document after every round of edits. A rule that declares itself
*local* is re-run only on the blocks of paragraphs that the edits touched; its findings
elsewhere are kept and shifted (:mod:`textfix.core.incremental`). Every other rule is a
*document* rule and runs on the whole new document each round, which is always right: it is
the default.

A rule is local when its findings in a block of whole paragraphs (blank-line separated,
starting at the document start or after a blank line and ending at the document end or with
a blank line) are exactly its findings in the whole document that lie in that block, given:

- ``facts``: document-level views the rule reads (the language of the document, whether it
  looks French). The block is checked with the whole document's value of each, and a kept
  block stays kept only while every fact of the new document equals the old one;
- ``queried``: document-level views answered one question at a time (the document's own
  vocabulary: ``words.count("Putin")``). Each answer a block's rules were given is recorded;
  a kept block stays kept only while the new document gives every recorded answer again.

The document's non-prose spans are inherited too (a block never re-parses its Markdown).
``tests/core/test_incremental.py`` runs every local rule block by block on real texts and
requires the findings of the whole document.
"""

from __future__ import annotations

from typing import Any

import msgspec

from textfix.core.views import View


class Scope(msgspec.Struct, frozen=True):
    """A rule's scope: local (with the document-level views it reads) or document."""

    local: bool
    facts: tuple[View[Any], ...] = ()
    queried: tuple[View[Any], ...] = ()

    def __post_init__(self) -> None:
        if not self.local and (self.facts or self.queried):
            msg = "a document rule reads the whole document: it declares no facts"
            raise ValueError(msg)


#: Re-run on the whole new document after every round of edits (the safe default).
DOCUMENT = Scope(local=False)
#: Findings in a paragraph depend on that paragraph's text alone.
LOCAL = Scope(local=True)


def local(*, facts: tuple[View[Any], ...] = (), queried: tuple[View[Any], ...] = ()) -> Scope:
    """A local scope that also reads the whole document's ``facts`` and ``queried`` views."""
    return Scope(local=True, facts=facts, queried=queried)
