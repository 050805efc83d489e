"""What every worker process needs, loaded once in the server that forks them.

The process pool uses the ``forkserver`` start method: one server process imports this
module, then forks each worker from itself. Workers so start with the rules' modules and
everything the rules load on first use already in memory (shared until written to): the
word-frequency index of English (mapped), the gazetteer, the language identifier's model, BP401's
model, ftfy, the Markdown parser and rapidfuzz, which the rule modules import
only when first needed (so that ``textfix --help`` and ``textfix rules`` stay cheap).
Without this, each worker would spend about 0.7 s loading them. Loading is best effort:
whatever fails here is loaded (and its error reported) by the worker that needs it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textfix.core import engine as _engine  # noqa: F401 - imports every rule module
from textfix.core import markup
from textfix.families.boilerplate.line_model import load_model
from textfix.families.encoding.rules import ftfy_config
from textfix.families.name_variant.rules import similar
from textfix.lang import lexicon
from textfix.lang.gazetteer import gazetteer
from textfix.lang.identify import identifier

#: The loaders of what the rules read on first use (each cached for the life of the process).
LOADERS: tuple[Callable[[], object], ...] = (
    lambda: lexicon.zipf_table("en"),
    gazetteer,
    identifier,
    load_model,
    ftfy_config,
    markup.markdown_parser,
    lambda: similar("Kyiv", "Kiev"),
)

for load in LOADERS:
    with contextlib.suppress(Exception):
        load()
