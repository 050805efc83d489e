"""textfix on a real dask.distributed LocalCluster with two worker processes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from textfix import Config

dask_bag = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
distributed = pytest.importorskip("distributed")

from typer.testing import CliRunner  # noqa: E402

from textfix.cli import EXIT_ERROR, EXIT_OK, app  # noqa: E402
from textfix.run.dask import fix_bag, fix_column, fix_files  # noqa: E402

DIRTY = "Story {i}.\n\nrelated news\n\nThe text goes on.\n\nSource link\n"
CLEAN = "Story {i}.\n\nThe text goes on.\n"
BOILERPLATE = Config(select=("boilerplate",))


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: object) -> Iterator[object]:
    with distributed.Client(cluster) as connected:
        yield connected


def test_fix_bag_on_two_worker_processes(client: object) -> None:
    texts = [DIRTY.format(i=i) for i in range(40)]
    bag = dask_bag.from_sequence(texts, npartitions=8)
    result = fix_bag(bag, BOILERPLATE).compute()
    assert result == [CLEAN.format(i=i) for i in range(40)]
    workers = client.run(lambda: __import__("os").getpid())  # type: ignore[attr-defined]
    assert len(set(workers.values())) == 2


def test_fix_column_keeps_other_columns(client: object) -> None:
    frame = pd.DataFrame({"id": range(30), "text": [DIRTY.format(i=i) for i in range(30)]})
    ddf = dd.from_pandas(frame, npartitions=4)
    out = fix_column(ddf, "text", BOILERPLATE, codes_column="codes").compute()
    assert out["id"].tolist() == list(range(30))
    assert out["text"].tolist() == [CLEAN.format(i=i) for i in range(30)]
    assert out["codes"].tolist()[0] == ["BP102", "BP103"]


def test_fix_files_through_the_scheduler(cluster: object, tmp_path: Path) -> None:
    paths = []
    for i in range(12):
        path = tmp_path / f"{i}.txt"
        path.write_text(DIRTY.format(i=i), encoding="utf-8")
        paths.append(str(path))
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    results = list(fix_files(iter(paths), address, {"select": ("boilerplate",)}))
    assert [r.path for r in results] == paths
    assert all(r.changed and r.findings == 0 and r.error is None for r in results)
    assert (tmp_path / "5.txt").read_text(encoding="utf-8") == CLEAN.format(i=5)


def test_cli_fixes_a_folder_on_the_cluster_with_its_config(cluster: object, tmp_path: Path) -> None:
    (tmp_path / "textfix.toml").write_text('select = ["boilerplate"]\n', encoding="utf-8")
    for i in range(150):
        (tmp_path / f"{i:03d}.txt").write_text(DIRTY.format(i=i), encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"GIF89a\x00\x01binary")
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    result = CliRunner().invoke(app, ["fix", "--dask-scheduler", address, str(tmp_path)])
    assert result.exit_code == EXIT_OK, result.stderr
    assert f"151 file(s) on {address}: 150 changed, 0 finding(s) left" in result.stderr
    assert "image.txt: binary file (it holds NUL bytes), skipped" in result.stderr
    assert all((tmp_path / f"{i:03d}.txt").read_text(encoding="utf-8") == CLEAN.format(i=i) for i in range(150))


def test_cli_jsonl_on_the_cluster_matches_the_local_run(cluster: object, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i, "text": DIRTY.format(i=i)}) + ("\r\n" if i % 2 else "\n") for i in range(500)]
    source.write_text("".join(lines) + "not json\n", encoding="utf-8", newline="")
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    remote, local = tmp_path / "remote.jsonl", tmp_path / "local.jsonl"
    args = ["fix", "--isolated", "--select", "boilerplate", "--jsonl", "text", "--codes-field", "codes", str(source)]
    on_cluster = CliRunner().invoke(app, [*args, "-o", str(remote), "--dask-scheduler", address])
    here = CliRunner().invoke(app, [*args, "-o", str(local), "--jobs", "1"])
    assert on_cluster.exit_code == here.exit_code == EXIT_ERROR  # the line that is not JSON is reported
    assert "line 501: not JSON" in on_cluster.stderr
    assert remote.read_bytes() == local.read_bytes()
    first = json.loads(remote.read_bytes().splitlines()[1])
    assert first == {"id": 1, "text": CLEAN.format(i=1), "codes": ["BP102", "BP103"]}
    assert remote.read_bytes().count(b"\r\n") == 250


def test_warc_pages_on_the_cluster_match_the_local_run(cluster: object, tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    pytest.importorskip("warcio")
    from tests.run.test_warc import CP1252_PAGE, _article, write_warc

    archive = tmp_path / "crawl.warc.gz"
    pages = [(f"https://site.example/{i}", "200 OK", "text/html", _article(i, "Site footer")) for i in range(5)]
    pages.append(("https://koeln.example/fest", "200 OK", "text/html; charset=windows-1252", CP1252_PAGE))
    write_warc(archive, pages)
    outputs = []
    for extra in ([], ["--dask-scheduler", cluster.scheduler_address]):  # type: ignore[attr-defined]
        out = tmp_path / f"out{len(extra)}.jsonl"
        result = CliRunner().invoke(
            app, ["fix", "--isolated", "--warc", str(archive), "--jsonl-out", str(out), "--jobs", "1", *extra]
        )
        assert result.exit_code == EXIT_OK, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 6
