"""``--format jsonl``: one JSON object per finding, one per line.

Each line is exactly the object of the ``json`` format
(:func:`textfix.report.json_format.finding_record`): same keys, same meaning. Lines
are written as inputs finish, so the output can be piped and processed while the run
goes on, whatever its size.
"""

from __future__ import annotations

import json
from typing import IO

from textfix.report.json_format import finding_record
from textfix.report.locate import LineIndex
from textfix.run.runner import Outcome


class JsonLinesReporter:
    """Writes one JSON object per finding and line."""

    def __init__(self, stream: IO[str], is_terminal: bool = False) -> None:
        del is_terminal
        self.stream = stream

    def file(self, outcome: Outcome) -> None:
        """Write the findings of one input."""
        if not outcome.findings:
            return
        index = LineIndex(outcome.text)
        for finding in outcome.findings:
            record = finding_record(outcome.path, outcome.text, finding, index)
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def finish(self) -> None:
        """Nothing to close."""
