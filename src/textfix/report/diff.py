"""``--diff``: a unified diff of what fixing changed, one input at a time."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textfix.run.runner import Outcome


def unified_diff(outcome: Outcome) -> str:
    """The diff of one input (empty when nothing changed); a missing final newline is marked as git does."""
    if not outcome.changed or outcome.original is None or outcome.fixed is None:
        return ""
    lines = difflib.unified_diff(
        outcome.original.text.splitlines(keepends=True),
        outcome.fixed.splitlines(keepends=True),
        fromfile=f"a/{outcome.path}",
        tofile=f"b/{outcome.path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
