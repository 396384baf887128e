"""Run bookkeeping: the `runs` table, and what the warehouse already holds so a run can skip it.

The flow calls these, never SQL of its own:
- `begin` marks runs left 'running' by a dead process as 'abandoned' and opens a new run;
- `finish` closes it as completed, failed or stopped (SIGTERM / Ctrl-C), with its counts;
- `known_sources` gives the raw bytes' sha256 of every source whose article is stored by this
  extractor version: a source whose bytes still hash to it is unchanged, and is neither parsed
  nor extracted again; `remember_sources` records the sources of a loaded batch.

Call `begin` only while holding warehouse.db.writer_lock: then no other run is alive, and a
'running' row is what a killed process left behind.
"""
from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

from warehouse.load import abandon_runs, start_run, storable

STATUSES = ("running", "completed", "failed", "stopped", "abandoned")
_SOURCES = pa.schema([("source", pa.string()), ("raw_sha256", pa.string()), ("article_id", pa.string()),
                      ("extractor_version", pa.string()), ("run_id", pa.string())])


def begin(con: duckdb.DuckDBPyConnection, extractor_version: str) -> tuple[str, int]:
    """(run_id of a new 'running' run, how many earlier runs were marked 'abandoned')."""
    abandoned = abandon_runs(con)
    return start_run(con, extractor_version), abandoned


def finish(con: duckdb.DuckDBPyConnection, run_id: str, status: str,
           seen: int, loaded: int, unchanged: int, rejected: int) -> None:
    """Close run `run_id` with its final status and counts (KeyError for an unknown run)."""
    if status not in STATUSES[1:4]:
        raise ValueError(f"a run finishes as completed, failed or stopped, not {status!r}")
    done = con.execute("UPDATE runs SET finished_at = now(), status = ?, seen = ?, loaded = ?, unchanged = ?, "
                       "rejected = ? WHERE run_id = ? RETURNING run_id",
                       [status, seen, loaded, unchanged, rejected, run_id]).fetchall()
    if not done:
        raise KeyError(f"no run {run_id!r} (begin one first)")


def district_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM districts").fetchone()[0]


def known_sources(con: duckdb.DuckDBPyConnection, extractor_version: str) -> dict[str, str]:
    """source -> raw_sha256 for every source whose article is stored, by this extractor version."""
    rows = con.execute("SELECT s.source, s.raw_sha256 FROM source_hashes s JOIN articles a USING (article_id) "
                       "WHERE s.extractor_version = ? AND a.extractor_version = ?",
                       [extractor_version, extractor_version]).fetchall()
    return dict(rows)


def remember_sources(con: duckdb.DuckDBPyConnection, run_id: str, extractor_version: str,
                     seen: Iterable[tuple[str, str, str]]) -> int:
    """Record (source, raw_sha256, article_id) of stored articles: one row per source, its latest
    bytes; a row that says the same already is left as it is (a re-run changes no row).
    Returns how many rows were written."""
    rows = {s: dict(source=s, raw_sha256=h, article_id=a, extractor_version=extractor_version, run_id=run_id)
            for s, h, a in seen if storable(s)}  # a non-UTF-8 name was a reject of load_batch, not stored
    rows = list(rows.values())
    if not rows:
        return 0
    con.register("_seen", pa.Table.from_pylist(rows, schema=_SOURCES))
    try:
        return len(con.execute(
            "INSERT INTO source_hashes (source, raw_sha256, article_id, extractor_version, run_id) "
            "SELECT source, raw_sha256, article_id, extractor_version, run_id FROM _seen "
            "ON CONFLICT (source) DO UPDATE SET raw_sha256 = excluded.raw_sha256, article_id = excluded.article_id, "
            "extractor_version = excluded.extractor_version, run_id = excluded.run_id "
            "WHERE source_hashes.raw_sha256 <> excluded.raw_sha256 OR source_hashes.article_id <> excluded.article_id "
            "OR source_hashes.extractor_version <> excluded.extractor_version RETURNING source").fetchall())
    finally:
        con.unregister("_seen")
