"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

One line per finding::

    ::warning file=docs/a.md,line=3,col=1,endLine=3,endColumn=11,title=BP102::source attribution link text ...

``line``/``col`` are 1-based; ``endColumn`` is the column of the last character
(inclusive). GitHub only honours columns on one line, so a finding spanning several
lines gets ``line`` and ``endLine`` only. Values are escaped as the Actions toolkit
does: ``%``, ``\\r``, ``\\n`` everywhere, and ``:`` and ``,`` inside properties.
"""

from __future__ import annotations

from typing import IO

from textfix.model import Finding
from textfix.report.locate import LineIndex
from textfix.run.runner import Outcome


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding, index: LineIndex) -> str:
    """The workflow command of one finding."""
    line, column = index.position(finding.start)
    last = max(finding.start, finding.end - 1)
    end_line, end_column = index.position(last)
    properties = [f"file={escape_property(path)}", f"line={line}"]
    if end_line == line:
        properties += [f"col={column}", f"endLine={end_line}", f"endColumn={end_column}"]
    else:
        properties.append(f"endLine={end_line}")
    properties.append(f"title={escape_property(finding.code)}")
    return f"::warning {','.join(properties)}::{escape_data(f'{finding.message} ({finding.name})')}"


class GithubReporter:
    """Writes one ``::warning`` workflow command per finding."""

    def __init__(self, stream: IO[str], is_terminal: bool = False) -> None:
        del is_terminal
        self.stream = stream

    def file(self, outcome: Outcome) -> None:
        """Write the annotations of one input."""
        if not outcome.findings:
            return
        index = LineIndex(outcome.text)
        for finding in outcome.findings:
            self.stream.write(annotation(outcome.path, finding, index) + "\n")

    def finish(self) -> None:
        """Nothing to close."""
