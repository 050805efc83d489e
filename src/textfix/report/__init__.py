"""Output formats: one module per format, all fed :class:`~textfix.run.runner.Outcome` objects.

A reporter is told about each input as it is done (so output streams, whatever the
number of files) and once at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Protocol

from textfix.run.runner import Outcome


class Reporter(Protocol):
    """What every output format implements."""

    def file(self, outcome: Outcome) -> None:
        """Report one input."""

    def finish(self) -> None:
        """Called once after the last input."""


#: ``--format`` name -> factory taking the output stream and whether it is a terminal.
ReporterFactory = Callable[[IO[str], bool], Reporter]


def reporters() -> dict[str, ReporterFactory]:
    """The output formats by ``--format`` name."""
    from textfix.report import github, json_format, jsonl, sarif, text  # noqa: PLC0415 - keeps start-up light

    return {
        "text": text.TextReporter,
        "json": json_format.JsonReporter,
        "jsonl": jsonl.JsonLinesReporter,
        "sarif": sarif.SarifReporter,
        "github": github.GithubReporter,
    }
