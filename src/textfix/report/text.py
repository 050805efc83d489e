"""``--format text``: one line per finding, like a linter.

::

    article.txt:3:1 BP103 related-content header left by the scraper: remove this line [*]
      | related news

``[*]`` marks a safe fix (applied by ``textfix fix``), ``[-]`` an unsafe one (applied
with ``--unsafe-fixes``), ``[?]`` a suggestion only. Colour only on a terminal.
"""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.markup import escape

from textfix.model import Applicability, Finding
from textfix.report.locate import LineIndex
from textfix.run.runner import Outcome

#: How much of the offending text is shown.
SNIPPET = 80

_MARKS = {Applicability.SAFE: "[*]", Applicability.UNSAFE: "[-]", Applicability.DISPLAY: "[?]"}


def snippet(text: str) -> str:
    """The offending text on one line, shortened, with invisible characters made visible."""
    shown = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in shown)
    if len(shown) > SNIPPET:
        shown = shown[: SNIPPET - 1] + "…"
    return shown


def mark(finding: Finding) -> str:
    """The fix marker of a finding (empty when it has no fix)."""
    return _MARKS[finding.fix.applicability] if finding.fix is not None else ""


class TextReporter:
    """Linter-style lines, coloured on a terminal."""

    def __init__(self, stream: IO[str], is_terminal: bool = False) -> None:
        self.console = Console(
            file=stream, force_terminal=is_terminal, no_color=not is_terminal, highlight=False, soft_wrap=True
        )

    def file(self, outcome: Outcome) -> None:
        """Print the findings of one input (and the encoding, when it was detected)."""
        if outcome.detected_encoding is not None:
            self.console.print(
                f"[bold]{escape(outcome.path)}[/]: not UTF-8; read as {escape(outcome.detected_encoding)} "
                "(detected), written back in it"
            )
        if not outcome.findings:
            return
        index = LineIndex(outcome.text)
        for finding in outcome.findings:
            line, column = index.position(finding.start)
            marker = mark(finding)
            self.console.print(
                f"[bold]{escape(outcome.path)}[/]:{line}:{column} [red]{finding.code}[/] "
                f"{escape(finding.message)}" + (f" [cyan]{escape(marker)}[/]" if marker else "")
            )
            self.console.print(f"  [dim]|[/] {escape(snippet(outcome.text[finding.start : finding.end]))}")

    def finish(self) -> None:
        """Nothing to close."""
