"""textfix on a real dask.distributed LocalCluster with two worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from textfix import Config

dask_bag = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
distributed = pytest.importorskip("distributed")

from textfix.dask import fix_bag, fix_column, fix_files  # noqa: E402

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
    results = fix_files(paths, address, {"select": ("boilerplate",)})
    assert [r[0] for r in results] == paths
    assert all(changed for _, changed, _, _ in results)
    assert (tmp_path / "5.txt").read_text(encoding="utf-8") == CLEAN.format(i=5)
