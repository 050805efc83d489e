"""``--format text``: one line per finding, like a linter.

::

    article.txt:3:1 BP103 related-content header left by the scraper: remove this line [*]
      | related news

``[*]`` marks a safe fix (applied by ``textfix fix``), ``[-]`` an unsafe one (applied
with ``--unsafe-fixes``), ``[?]`` a suggestion only. Colour only on a terminal.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from textfix.model import Applicability, Finding
from textfix.report.locate import LineIndex
from textfix.run.runner import Outcome

if TYPE_CHECKING:
    from rich.console import Console

#: How much of the offending text is shown.
SNIPPET = 80

_MARKS = {Applicability.SAFE: "[*]", Applicability.UNSAFE: "[-]", Applicability.DISPLAY: "[?]"}


def snippet(text: str) -> str:
    """The offending text on one line, shortened, with invisible characters made visible.

    Only the first :data:`SNIPPET` characters are read: each shows as one character or
    more, so they hold all that is shown (a removed block of boilerplate can be a whole page).

    >>> print(snippet("related\\tnews\\n"))
    related\\tnews\\n
    >>> len(snippet("x" * 10_000)), snippet("x" * 10_000)[-1]
    (80, '…')
    """
    head = text[:SNIPPET]
    shown = head.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in shown)
    if len(shown) > SNIPPET or len(text) > len(head):
        shown = shown[: SNIPPET - 1] + "…"
    return shown


def mark(finding: Finding) -> str:
    """The fix marker of a finding (empty when it has no fix)."""
    return _MARKS[finding.fix.applicability] if finding.fix is not None else ""


class TextReporter:
    """Linter-style lines: coloured through rich on a terminal, plain buffered writes otherwise.

    Piped or redirected output (a batch job, CI, pre-commit) is written as plain text in
    one write per input: rich costs about 0.3 ms a line, half the run on a page full of
    findings, and would read ``:emoji:`` codes in the reported text as markup.
    """

    def __init__(self, stream: IO[str], is_terminal: bool = False) -> None:
        self.stream = stream
        self.console: Console | None = None
        if is_terminal:
            from rich.console import Console  # noqa: PLC0415 - rich (70 ms to import): only on a terminal

            self.console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True, emoji=False)

    def file(self, outcome: Outcome) -> None:
        """Print the findings of one input (and the encoding, when it was detected)."""
        if outcome.detected_encoding is None and not outcome.findings:
            return
        if self.console is not None:
            self._rich(outcome, self.console)
            return
        out: list[str] = []
        if outcome.detected_encoding is not None:
            out.append(
                f"{outcome.path}: not UTF-8; read as {outcome.detected_encoding} (detected), written back in it\n"
            )
        if outcome.findings:
            index = LineIndex(outcome.text)
            for finding in outcome.findings:
                line, column = index.position(finding.start)
                marker = mark(finding)
                out.append(
                    f"{outcome.path}:{line}:{column} {finding.code} {finding.message}"
                    + (f" {marker}" if marker else "")
                    + f"\n  | {snippet(outcome.text[finding.start : finding.end])}\n"
                )
        self.stream.write("".join(out))

    @staticmethod
    def _rich(outcome: Outcome, console: Console) -> None:
        from rich.markup import escape  # noqa: PLC0415 - see __init__

        if outcome.detected_encoding is not None:
            console.print(
                f"[bold]{escape(outcome.path)}[/]: not UTF-8; read as {escape(outcome.detected_encoding)} "
                "(detected), written back in it"
            )
        if not outcome.findings:
            return
        index = LineIndex(outcome.text)
        for finding in outcome.findings:
            line, column = index.position(finding.start)
            marker = mark(finding)
            console.print(
                f"[bold]{escape(outcome.path)}[/]:{line}:{column} [red]{finding.code}[/] "
                f"{escape(finding.message)}" + (f" [cyan]{escape(marker)}[/]" if marker else "")
            )
            console.print(f"  [dim]|[/] {escape(snippet(outcome.text[finding.start : finding.end]))}")

    def finish(self) -> None:
        """Flush what was written."""
        self.stream.flush()
