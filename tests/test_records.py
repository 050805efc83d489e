"""Internal records are msgspec Structs: what crosses a process boundary pickles back equal, and a
frozen record refuses assignment (CONTRIBUTING.md, "Records")."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import msgspec
import pytest

from tests.conftest import SEED
from textfix import Engine
from textfix.core.document import Document
from textfix.families.fused_word.candidates import CANDIDATES, Candidate
from textfix.families.punctuation.rules import quote_scan
from textfix.run import dask as dask_run
from textfix.run.records import LineResult, fix_line
from textfix.run.runner import Action
from textfix.run.warc import ExtractedRecord, PageFixer, PageResult


def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def test_a_fixed_jsonl_line_pickles_back_equal() -> None:
    # what a records worker sends back to the parent process
    line = json.dumps({"id": 7, "text": _seed()}) + "\n"
    result = fix_line(Engine(), line, text_field="text", codes_field=None, unsafe=False)
    assert isinstance(result, LineResult)
    assert result.changed and result.fixes > 0
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert hash(back) == hash(result)
    assert json.loads(back.line)["id"] == 7


def test_dask_file_results_and_settings_pickle_back_equal(tmp_path: Path) -> None:
    # the settings go to every Dask worker and key its runner cache by their pickle;
    # the per-file results come back
    target = tmp_path / "seed.txt"
    target.write_text(_seed(), encoding="utf-8")
    settings = dask_run.RunnerSettings(overrides=(("unsafe_fixes", False),), isolated=True)
    assert pickle.loads(pickle.dumps(settings)) == settings
    assert pickle.dumps(pickle.loads(pickle.dumps(settings))) == pickle.dumps(settings)
    [result] = dask_run._run_paths([str(target)], settings, Action.CHECK)
    assert result.path == str(target)
    assert result.findings > 0
    assert result.error is None
    assert pickle.loads(pickle.dumps(result)) == result


def test_warc_records_and_page_results_pickle_back_equal() -> None:
    # pass 1 spools extracted records, pass 2 sends them to the workers that fix them
    record = ExtractedRecord(
        "https://example.invalid/a", "2026-01-01", "<urn:uuid:1>", _seed(), (("title", "A"), ("author", None))
    )
    assert pickle.loads(pickle.dumps(record)) == record
    assert record.host == "example.invalid"
    result = PageFixer(Engine().config, unsafe=False).fix(record)
    assert isinstance(result, PageResult)
    assert result.changed and result.fixes > 0
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert back.line is not None and json.loads(back.line)["url"] == record.url


def test_records_of_a_real_document_are_frozen_hashable_and_compare_by_value() -> None:
    doc = Document(_seed())
    candidates = CANDIDATES(doc)
    fused = [c for c in candidates if doc.text[c.start : c.end] == "Putinalthough"]
    assert len(fused) == 1
    [candidate] = fused
    assert isinstance(candidate, Candidate)
    with pytest.raises(AttributeError):
        candidate.start = 0  # type: ignore[misc]
    again = CANDIDATES(Document(_seed()))
    assert again == candidates  # a new document's scan: equal records, not the same objects
    assert again[0] is not candidates[0]
    assert {hash(c) for c in again} == {hash(c) for c in candidates}
    moved = msgspec.structs.replace(candidate, start=candidate.start + 1)
    assert moved != candidate and moved.end == candidate.end
    scan = quote_scan(doc)
    assert scan.events  # the seed's quote damage
    with pytest.raises(AttributeError):
        scan.curly = 0  # type: ignore[misc]
