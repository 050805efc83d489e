"""``--format json``: one JSON array over all inputs, a stable contract.

Each element is exactly::

    {"path": str, "code": str, "name": str, "category": str, "message": str,
     "start": int, "end": int, "line": int, "column": int,
     "end_line": int, "end_column": int, "text": str,
     "confidence": null | float, "properties": {str: str},
     "fix": null | {"applicability": "safe" | "unsafe" | "display",
                    "edits": [{"start": int, "end": int, "replacement": str}]}}

``start``/``end`` are 0-based code-point offsets into the decoded text and
``text == file_text[start:end]``; lines and columns are 1-based; standard input is
``"-"``. ``confidence`` is a statistical rule's calibrated probability that the
finding is right (``null`` for deterministic rules). ``properties`` holds the facts a
rule reports beside its message (the language family's ``{"language": "de",
"document_language": "en"}``), an empty object for most rules. The array is written as inputs
finish, so memory does not grow with the run.
"""

from __future__ import annotations

import json
from typing import IO, Any

from textfix.model import Finding
from textfix.report.locate import LineIndex
from textfix.run.runner import Outcome


def finding_record(path: str, text: str, finding: Finding, index: LineIndex) -> dict[str, Any]:
    """The JSON object of one finding."""
    line, column = index.position(finding.start)
    end_line, end_column = index.position(finding.end)
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability.value,
            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in finding.fix.edits],
        }
    return {
        "path": path,
        "code": finding.code,
        "name": finding.name,
        "category": finding.category.value,
        "message": finding.message,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": text[finding.start : finding.end],
        "confidence": finding.confidence,
        "properties": dict(finding.properties),
        "fix": fix,
    }


class JsonReporter:
    """Streams one JSON array of findings."""

    def __init__(self, stream: IO[str], is_terminal: bool = False) -> None:
        del is_terminal
        self.stream = stream
        self.count = 0
        self.stream.write("[")

    def file(self, outcome: Outcome) -> None:
        """Append the findings of one input."""
        if not outcome.findings:
            return
        index = LineIndex(outcome.text)
        for finding in outcome.findings:
            self.stream.write(",\n  " if self.count else "\n  ")
            record = finding_record(outcome.path, outcome.text, finding, index)
            self.stream.write(json.dumps(record, ensure_ascii=False))
            self.count += 1

    def finish(self) -> None:
        """Close the array."""
        self.stream.write("\n]\n" if self.count else "]\n")
