"""Open the DuckDB warehouse; apply pending numbered migrations (migrations/NNN_name.sql, tables
only), then every view (views/<name>.sql, CREATE OR REPLACE, in name order) on each read-write connect.

One writer at a time: a run holds `writer_lock()` (an flock on <db>.lock, which the kernel
drops when the process dies, even by kill -9) from start to finish, and opens its DuckDB
connection only per batch, so analysts can read between batches.
"""
from __future__ import annotations

import fcntl
import functools
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

DEFAULT_DB = Path("warehouse") / "awards.duckdb"  # relative to the current directory
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VIEWS_DIR = Path(__file__).with_name("views")
SQL_DIR = Path(__file__).with_name("sql")  # long statements of the Python modules, one file each


@functools.cache
def sql(name: str) -> str:
    """The statement(s) in warehouse/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def views() -> list[tuple[str, Path]]:
    """(view name, file) for every view, in name order."""
    return sorted((f.stem, f) for f in VIEWS_DIR.glob("*.sql"))


def apply_views(con: duckdb.DuckDBPyConnection) -> None:
    """CREATE OR REPLACE every view, in one transaction."""
    con.begin()
    try:
        for _, f in views():
            con.execute(f.read_text(encoding="utf-8"))
        con.commit()
    except BaseException:
        rollback(con)
        raise


def register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """Python functions the migrations use (per connection; views never use them, so that
    read-only connections need none)."""
    from schemas.names import strict_key
    from warehouse.programs import program_id

    con.create_function("awardex_program_id", program_id, ["VARCHAR"], "VARCHAR", side_effects=False)
    con.create_function("awardex_strict_key", strict_key, ["VARCHAR"], "VARCHAR", side_effects=False)


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open. A failed COMMIT (a full disk) has already ended
    it: rolling back then says "no transaction is active" and would hide the real error."""
    try:
        con.rollback()
    except duckdb.Error:
        pass


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
        except BaseException:
            rollback(con)
            raise
        applied.append(version)
    return applied


class DatabaseBusy(RuntimeError):
    """Another process holds the database (a run writing it, or DuckDB's own file lock)."""


@contextmanager
def writer_lock(path: str | os.PathLike | None = None, wait: float = 0.0) -> Iterator[None]:
    """Be the one writing run of the database at `path` for the duration of the block.

    The lock is an flock on `<db>.lock`, which holds the holder's pid. When another process
    holds it, retry for up to `wait` seconds, then raise DatabaseBusy naming that pid.
    """
    p = db_path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(p), os.O_RDWR | os.O_CREAT, 0o644)
    locked = False
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(f"database {p} is being written by another run (pid {_holder(fd)})") from None
                time.sleep(min(0.2, max(deadline - time.monotonic(), 0.01)))
        locked = True
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        if locked:
            os.ftruncate(fd, 0)  # no stale pid for the next one to report
        os.close(fd)  # closing the descriptor releases the flock


def lock_path(path: str | os.PathLike | None = None) -> Path:
    p = db_path(path)
    return p.with_name(p.name + ".lock")


def _holder(fd: int) -> str:
    for _ in range(5):  # the holder writes its pid just after locking: give it a moment
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if text.isdigit():
            return text
        time.sleep(0.05)
    return "unknown"


def _duckdb_connect(p: Path, read_only: bool, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, with DuckDB's "Conflicting lock is held ... (PID n)" as DatabaseBusy."""
    try:
        return duckdb.connect(str(p), read_only=read_only, config=config or {})
    except duckdb.ConnectionException as exc:
        if "different configuration" not in str(exc):
            raise
        raise ValueError(f"database {p} is already open in this process with other settings "
                         f"(close that connection first)") from None
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" not in message.lower():
            raise
        pid = re.search(r"\(PID (\d+)\)", message)
        raise DatabaseBusy(f"database {p} is locked by another process (pid {pid.group(1) if pid else 'unknown'})"
                           ) from exc


def connect(path: str | os.PathLike | None = None, read_only: bool = False,
            threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse; read-write connections are migrated to the latest schema
    and get the current views. `threads`: DuckDB's threads for the database while it is open in
    this process (default: one per core).

    read_only=True never creates or changes anything: a missing file is FileNotFoundError.
    Another process holding the file (DuckDB allows one writer process) is DatabaseBusy.
    """
    p = db_path(path)
    if read_only:
        if not p.exists():
            raise FileNotFoundError(f"no warehouse database at {p} (load something first, e.g. `awardex run`)")
        return _duckdb_connect(p, read_only=True)
    p.parent.mkdir(parents=True, exist_ok=True)
    con = _duckdb_connect(p, read_only=False)
    try:
        register_functions(con)
        migrate(con)
        apply_views(con)
        if threads:
            con.execute(f"SET threads = {int(threads)}")
    except BaseException:
        con.close()
        raise
    return con
