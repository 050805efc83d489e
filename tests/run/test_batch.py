"""Batch processing: parallel workers in input order, bounded streaming, records, pickling."""

from __future__ import annotations

import io
import itertools
import json
import multiprocessing
import os
import pickle
from pathlib import Path

import pytest

from textfix import Config, Engine
from textfix.io.discovery import iter_inputs
from textfix.run.batch import SERIAL_UP_TO, chunked, ordered_map
from textfix.run.records import fix_jsonl, fix_parquet
from textfix.run.runner import Action, Runner

DIRTY = "Story {i}.\n\nrelated news\n\nThe text goes on.\n\nSource link\n"
CLEAN = "Story {i}.\n\nThe text goes on.\n"
BOILERPLATE = Config(select=("boilerplate",))


def _square(state: int, item: int) -> int:
    return state + item * item


def _make_state() -> int:
    return 1000


def _fail_on_seven(state: int, item: int) -> int:
    if item == 7:
        raise ValueError("seven")
    return item


def test_ordered_map_keeps_input_order_on_two_processes() -> None:
    assert list(ordered_map(_square, range(200), _make_state, jobs=2)) == [1000 + i * i for i in range(200)]


def test_ordered_map_streams_an_endless_input() -> None:
    # An unbounded iterator would exhaust memory if it were read ahead without limit.
    first = list(itertools.islice(ordered_map(_square, itertools.count(), _make_state, jobs=2), 50))
    assert first == [1000 + i * i for i in range(50)]


def test_worker_errors_propagate() -> None:
    with pytest.raises(ValueError, match="seven"):
        list(ordered_map(_fail_on_seven, range(20), _make_state, jobs=2))


def _pid(state: int, item: int) -> int:
    return os.getpid()


def test_every_core_by_default_but_few_inputs_run_in_this_process() -> None:
    assert set(ordered_map(_pid, range(SERIAL_UP_TO), _make_state, jobs=None)) == {os.getpid()}
    assert os.getpid() not in set(ordered_map(_pid, range(SERIAL_UP_TO + 1), _make_state, jobs=2))


def test_chunked_bounds_items_and_size() -> None:
    chunks = list(chunked(range(10), max_items=4))
    assert chunks == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_engine_pickles_as_its_configuration() -> None:
    engine = Engine(BOILERPLATE)
    clone = pickle.loads(pickle.dumps(engine))
    assert clone.config == engine.config
    assert [r.code for r in clone.rules] == [r.code for r in engine.rules]
    assert len(pickle.dumps(engine)) < 2000


def _fix_with(engine: Engine, text: str) -> str:
    return engine.fix(text).text


def test_engine_works_in_a_plain_multiprocessing_pool() -> None:
    engine = Engine(BOILERPLATE)
    texts = [DIRTY.format(i=i) for i in range(20)]
    with multiprocessing.get_context("forkserver").Pool(2) as pool:
        out = pool.starmap(_fix_with, [(engine, t) for t in texts])
    assert out == [CLEAN.format(i=i) for i in range(20)]


def test_fix_many_matches_one_by_one_fixing() -> None:
    engine = Engine(BOILERPLATE)
    texts = [DIRTY.format(i=i) if i % 3 else CLEAN.format(i=i) for i in range(300)]
    parallel = [r.text for r in engine.fix_many(texts, jobs=2)]
    assert parallel == [engine.fix(t).text for t in texts]
    assert parallel == [CLEAN.format(i=i) for i in range(300)]


def test_run_files_in_parallel_fixes_in_place(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"{i:02d}.txt").write_text(DIRTY.format(i=i), encoding="utf-8")
    runner = Runner({"select": ("boilerplate",)})
    items = iter_inputs([tmp_path], ("*.txt",), ())
    outcomes = list(runner.run_files(items, Action.FIX, jobs=2))
    assert [Path(o.path).name for o in outcomes] == [f"{i:02d}.txt" for i in range(40)]
    assert all(o.written and o.changed for o in outcomes)
    assert (tmp_path / "07.txt").read_text(encoding="utf-8") == CLEAN.format(i=7)


def test_jsonl_keeps_every_field_and_loses_nothing() -> None:
    records = [{"id": i, "text": DIRTY.format(i=i), "score": 0.5, "tags": ["a"]} for i in range(5)]
    lines = [json.dumps(r) + "\n" for r in records]
    untouched = json.dumps({"id": 9, "text": CLEAN.format(i=9)}, separators=(",", ":")) + "\n"
    lines += [untouched, "this is not json\n", '{"id": 10}\n', '{"id": 11, "text": 42}\n']
    out = io.StringIO()
    stats = fix_jsonl(io.StringIO("".join(lines)), out, "text", config=BOILERPLATE, codes_field="textfix", jobs=2)
    written = out.getvalue().splitlines(keepends=True)
    assert len(written) == len(lines)
    for i, line in enumerate(written[:5]):
        record = json.loads(line)
        assert record == {**records[i], "text": CLEAN.format(i=i), "textfix": ["BP102", "BP103"]}
    assert json.loads(written[5])["textfix"] == []
    assert written[6:] == lines[6:]  # passed through byte for byte
    assert (stats.records, stats.changed, stats.passed_through) == (9, 5, 3)
    assert stats.errors == ["line 7: not JSON (Expecting value); passed through"]


def test_jsonl_unchanged_record_is_written_back_byte_for_byte() -> None:
    line = '{"text":"Clean   prose? No: just clean.","x":1.0}\n'
    out = io.StringIO()
    fix_jsonl(io.StringIO(line), out, "text", config=BOILERPLATE)
    assert out.getvalue() == line


def test_parquet_round_trip(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": list(range(50)), "text": [DIRTY.format(i=i) if i != 3 else None for i in range(50)]})
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(table, src)
    stats = fix_parquet(src, dst, "text", config=BOILERPLATE, codes_field="codes", jobs=2)
    out = pq.read_table(dst)
    assert out.column("id").to_pylist() == list(range(50))
    texts = out.column("text").to_pylist()
    assert texts[3] is None
    assert texts[4] == CLEAN.format(i=4)
    assert out.column("codes").to_pylist()[4] == ["BP102", "BP103"]
    assert (stats.records, stats.changed, stats.passed_through) == (50, 49, 1)


def test_parquet_streams_many_record_batches_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from textfix.run import records

    monkeypatch.setattr(records, "PARQUET_BATCH", 7)
    texts = [DIRTY.format(i=i) if i % 4 else CLEAN.format(i=i) for i in range(60)]
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(pa.table({"id": list(range(60)), "text": texts}), src, row_group_size=13)
    stats = fix_parquet(src, dst, "text", config=BOILERPLATE, jobs=2)
    out = pq.read_table(dst)
    assert out.column("id").to_pylist() == list(range(60))
    assert out.column("text").to_pylist() == [CLEAN.format(i=i) for i in range(60)]
    assert (stats.records, stats.changed) == (60, 45)
