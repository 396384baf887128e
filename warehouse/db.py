"""Open the DuckDB warehouse; apply pending numbered migrations (migrations/NNN_name.sql)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

DEFAULT_DB = Path("warehouse") / "awards.duckdb"  # relative to the current directory
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: `path`, else $AWARDEX_DB, else warehouse/awards.duckdb under the cwd."""
    return Path(path or os.environ.get("AWARDEX_DB") or DEFAULT_DB)


def migrations() -> list[tuple[int, Path]]:
    """(version, file) for every migration, in order."""
    found = []
    for f in MIGRATIONS_DIR.glob("*.sql"):
        m = re.fullmatch(r"(\d+)_\w+\.sql", f.name)
        if not m:
            raise ValueError(f"migration file name is not NNN_name.sql: {f}")
        found.append((int(m.group(1)), f))
    versions = [v for v, _ in found]
    if len(versions) != len(set(versions)):
        raise ValueError(f"two migrations share a version number in {MIGRATIONS_DIR}")
    return sorted(found)


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_schema = 'main' AND table_name = 'schema_version'").fetchone()[0]
    if not exists:
        return set()
    return {v for (v,) in con.execute("SELECT version FROM schema_version").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration not yet in schema_version, each in its own transaction."""
    done = applied_versions(con)
    applied = []
    for version, f in migrations():
        if version in done:
            continue
        con.begin()
        try:
            con.execute(f.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
            con.commit()
        except Exception:
            con.rollback()
            raise
        applied.append(version)
    return applied


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse; read-write connections are migrated to the latest schema.

    read_only=True never creates or changes anything: a missing file is FileNotFoundError.
    """
    p = db_path(path)
    if read_only:
        if not p.exists():
            raise FileNotFoundError(f"no warehouse database at {p} (load something first, e.g. `awardex run`)")
        return duckdb.connect(str(p), read_only=True)
    p.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(p))
    try:
        migrate(con)
    except Exception:
        con.close()
        raise
    return con
