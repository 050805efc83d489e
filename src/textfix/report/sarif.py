"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other viewers.

One run; ``tool.driver.rules`` lists every rule that reported something (``ruleIndex``
points into it). Each result has the finding's message, one physical location with a
region (1-based lines and columns, ``endColumn`` exclusive, counted in Unicode code
points: the run says ``"columnKind": "unicodeCodePoints"``) and a snippet, and, when
the finding carries a fix, that fix as replacements (``properties.applicability``
says whether ``textfix fix`` applies it). A result's ``properties`` hold the category,
the rule's name, a statistical rule's ``confidence`` and the facts the rule reports
(the language family's ``language`` and ``document_language``). Results are streamed as inputs finish; the
rule table is written at the end.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import PurePath
from typing import IO, Any

from textfix import __version__
from textfix.model import Finding
from textfix.report.locate import LineIndex
from textfix.run.runner import Outcome

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://example.invalid/textfix"


def artifact_uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative, absolute ones become ``file:``."""
    pure = PurePath(path)
    if pure.is_absolute():
        return "file://" + urllib.parse.quote(pure.as_posix())
    return urllib.parse.quote(pure.as_posix())


def region(text: str, start: int, end: int, index: LineIndex) -> dict[str, Any]:
    """A SARIF region for ``text[start:end]``."""
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": start,
        "charLength": end - start,
        "snippet": {"text": text[start:end]},
    }


class SarifReporter:
    """Streams one SARIF log."""

    def __init__(self, stream: IO[str], is_terminal: bool = False) -> None:
        del is_terminal
        self.stream = stream
        self.rules: dict[str, int] = {}
        self.rule_records: list[dict[str, Any]] = []
        self.count = 0
        head = {"$schema": SCHEMA, "version": "2.1.0"}
        self.stream.write(json.dumps(head)[:-1] + ', "runs": [{"columnKind": "unicodeCodePoints", "results": [')

    def _rule_index(self, finding: Finding) -> int:
        index = self.rules.get(finding.code)
        if index is None:
            index = len(self.rule_records)
            self.rules[finding.code] = index
            self.rule_records.append(
                {
                    "id": finding.code,
                    "name": finding.name,
                    "shortDescription": {"text": finding.message},
                    "properties": {"category": finding.category.value},
                }
            )
        return index

    def result(self, path: str, text: str, finding: Finding, index: LineIndex) -> dict[str, Any]:
        """The SARIF result of one finding."""
        uri = artifact_uri(path)
        record: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": self._rule_index(finding),
            "level": "warning",
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": region(text, finding.start, finding.end, index),
                    }
                }
            ],
            "properties": {"category": finding.category.value, "name": finding.name},
        }
        if finding.confidence is not None:
            record["properties"]["confidence"] = finding.confidence
        for key, value in finding.properties:
            record["properties"].setdefault(key, value)
        if finding.fix is not None:
            record["fixes"] = [
                {
                    "description": {"text": f"{finding.fix.applicability.value} fix for {finding.code}"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": uri},
                            "replacements": [
                                {
                                    "deletedRegion": region(text, edit.start, edit.end, index),
                                    "insertedContent": {"text": edit.replacement},
                                }
                                for edit in finding.fix.edits
                            ],
                        }
                    ],
                    "properties": {"applicability": finding.fix.applicability.value},
                }
            ]
        return record

    def file(self, outcome: Outcome) -> None:
        """Append the results of one input."""
        if not outcome.findings:
            return
        index = LineIndex(outcome.text)
        for finding in outcome.findings:
            record = self.result(outcome.path, outcome.text, finding, index)
            self.stream.write(",\n" if self.count else "\n")
            self.stream.write(json.dumps(record, ensure_ascii=False))
            self.count += 1

    def finish(self) -> None:
        """Close the results and write the tool with its rule table."""
        driver = {
            "name": "textfix",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": self.rule_records,
        }
        self.stream.write("\n], " if self.count else "], ")
        self.stream.write(f'"tool": {json.dumps({"driver": driver}, ensure_ascii=False)}' + "}]}\n")
