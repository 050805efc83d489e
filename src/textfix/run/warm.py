"""What every worker process needs, loaded once in the server that forks them.

The process pool uses the ``forkserver`` start method: one server process imports this
module, then forks each worker from itself. Workers so start with the rules' modules,
the English word list, the gazetteer and the language identifier's model already in memory (shared until written to),
instead of each spending about 0.7 s loading them. Loading is best effort: whatever
fails here is loaded (and its error reported) by the worker that needs it.
"""

from __future__ import annotations

import contextlib

from textfix.core import engine as _engine  # noqa: F401 - imports every rule module
from textfix.lang import lexicon
from textfix.lang.gazetteer import gazetteer
from textfix.lang.identify import identifier

with contextlib.suppress(Exception):
    lexicon.zipf_table("en")
    gazetteer()
    identifier()
