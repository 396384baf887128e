"""Export every warehouse table and view to Parquet (the big tables partitioned by district state)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from warehouse.db import connect

# Per-district tables, partitioned by the state of the district they are about (a `district_state`
# column is added for it; rows with no district or no state land in district_state=__HIVE_DEFAULT_PARTITION__).
PARTITIONED = ("district_mentions", "evidence", "initiatives")


def export(dest_dir: str | os.PathLike, db: str | os.PathLike | None = None) -> list[Path]:
    """Write <dest>/<name>.parquet per table and view, <dest>/<name>/district_state=XX/*.parquet for
    the partitioned tables. Returns the paths written (a file, or a partition directory), by name.

    Read a partitioned table back with
    read_parquet('<dest>/evidence/**/*.parquet', hive_partitioning = true).
    """
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    con = connect(db, read_only=True)
    written = []
    try:
        names = [n for (n,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()]
        for name in names:
            if name in PARTITIONED:
                target = dest / name
                shutil.rmtree(target, ignore_errors=True)  # no stale partitions from an earlier export
                target.mkdir()
                con.execute(f"COPY (SELECT t.*, d.state AS district_state FROM {name} t "
                            f"LEFT JOIN districts d USING (district_id)) "
                            f"TO '{_sql_str(target)}' (FORMAT parquet, PARTITION_BY (district_state), "
                            f"OVERWRITE_OR_IGNORE)")
            else:
                target = dest / f"{name}.parquet"
                con.execute(f"COPY (SELECT * FROM {name}) TO '{_sql_str(target)}' (FORMAT parquet)")
            written.append(target)
    finally:
        con.close()
    return written


def _sql_str(p: Path) -> str:
    return str(p).replace("'", "''")
