"""Scale-out: the same ingest flow on an existing Dask cluster loads the same records.

A real `dask.distributed.LocalCluster` (two worker processes) stands in for a cluster that is
already running elsewhere: the flow only gets its scheduler address, through prefect-dask's
`DaskTaskRunner(address=...)`, exactly as it would get the address of a cluster on Kubernetes
or a cloud service (docs/benchmarks.md, "Scaling out"). The loader stays in the flow process:
one writer per DuckDB file.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from dask.distributed import LocalCluster
from prefect_dask import DaskTaskRunner

from flows import ingest

SAMPLES = Path(__file__).resolve().parents[1] / "raw" / "samples"
# Every column of the record tables except run-dependent ones (run_id, fetched_at).
RECORDS = {
    "articles": "SELECT article_id, source, title, published, program, text_sha256, extractor_version FROM articles",
    "districts": "SELECT district_id, name, state, city, aliases FROM districts",
    "district_mentions": "SELECT article_id, district_id, name_as_written, city, state, enrollment, schools "
                         "FROM district_mentions",
    "initiatives": "SELECT article_id, district_id, initiative FROM initiatives",
    "evidence": "SELECT article_id, district_id, field, value, start_char, end_char, text, rule_id FROM evidence",
}


def records(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: sorted(con.execute(sql).fetchall(), key=repr) for table, sql in RECORDS.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def cluster():
    """An already-running two-process Dask cluster (the flow sees only its address)."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def small_batches(tmp_path: Path) -> str:
    """Six batches of two: several extract tasks (one task's worth would run in the flow process)."""
    path = tmp_path / "awardex.toml"
    path.write_text("[run]\nbatch_size = 2\n")
    return str(path)


def test_flow_on_a_dask_cluster_loads_the_same_records_as_the_default_runner(prefect_harness, cluster, tmp_path):
    on_dask = ingest.with_options(task_runner=DaskTaskRunner(address=cluster.scheduler_address))(
        [str(SAMPLES)], db=str(tmp_path / "dask.duckdb"), settings_path=small_batches(tmp_path))
    local = ingest([str(SAMPLES)], db=str(tmp_path / "local.duckdb"))

    assert (on_dask.status, on_dask.seen, on_dask.loaded, on_dask.rejected) == ("completed", 12, 12, 0)
    assert (local.status, local.seen, local.loaded, local.rejected) == ("completed", 12, 12, 0)
    assert on_dask.districts == local.districts

    dask_rows, local_rows = records(tmp_path / "dask.duckdb"), records(tmp_path / "local.duckdb")
    for table in RECORDS:
        assert dask_rows[table] == local_rows[table], f"{table} differs between the Dask and the default runner"
    assert len(dask_rows["district_mentions"]) >= 20
    assert dask_rows["initiatives"] and dask_rows["evidence"]

    # the extraction tasks really ran on the cluster (its scheduler counted them), not in this process
    ran = {name: sum(prefix.state_counts.values()) for name, prefix in cluster.scheduler.task_prefixes.items()}
    assert any("extract" in name and n >= 1 for name, n in ran.items()), ran


def test_rerun_on_the_cluster_changes_no_row(prefect_harness, cluster, tmp_path):
    db = tmp_path / "dask.duckdb"
    flow = ingest.with_options(task_runner=DaskTaskRunner(address=cluster.scheduler_address))
    first = flow([str(SAMPLES)], db=str(db), settings_path=small_batches(tmp_path))
    before = records(db)
    second = flow([str(SAMPLES)], db=str(db), settings_path=small_batches(tmp_path))
    assert (first.loaded, second.loaded, second.unchanged) == (12, 0, 12)
    assert records(db) == before
