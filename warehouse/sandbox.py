"""Analyst SQL, read-only in every sense: the one way `awardex query` and the pandas API run SQL.

A sandboxed connection is a read-only DuckDB connection opened with file and network access
off, extension installing and loading off, and its configuration locked (no `SET` can undo
any of it). On top of that, a call runs exactly one statement, and only a query (SELECT,
including FROM-first, VALUES, WITH, DESCRIBE, SHOW, SUMMARIZE) or an EXPLAIN of one: COPY,
ATTACH, INSTALL/LOAD, SET, PRAGMA, CALL, EXPORT and every write are refused before they run.
Results stream: a caller takes at most `limit` rows and is told whether there were more.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import DEFAULT_LIMIT  # rows `awardex query` prints unless --limit says otherwise
from warehouse.db import DatabaseBusy, _duckdb_connect, db_path

# DuckDB settings of every analyst connection (https://duckdb.org/docs/configuration/overview).
SANDBOX = {
    "enable_external_access": False,       # no files (COPY, read_*, glob, ATTACH) and no network
    "autoinstall_known_extensions": False,  # read_csv('http://...') may not fetch httpfs
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
SESSION = ("SET enable_progress_bar = false",  # no progress drawing on stdout in the middle of a result
           "SET lock_configuration = true")    # last: nothing above can be SET back
ALLOWED = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
BUSY_POLL = 0.2  # seconds between attempts while --wait lasts


class QueryError(ValueError):
    """The SQL was refused or failed: one line, DuckDB's own message where it has one."""


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]
    truncated: bool  # more rows than the limit; only the first `limit` are in `rows`


def open_sandboxed(db: str | os.PathLike | None = None, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A sandboxed read-only connection to the warehouse at `db` (see the module docstring).

    A missing file is FileNotFoundError. While a run is loading (it holds the file), retry for
    up to `wait` seconds, then raise DatabaseBusy."""
    p = Path(db_path(db))
    if not p.exists():
        raise FileNotFoundError(f"no warehouse database at {p} (load something first, e.g. `awardex run`)")
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        try:
            con = _duckdb_connect(p, read_only=True, config=SANDBOX)
        except DatabaseBusy as exc:
            if time.monotonic() >= deadline:
                raise DatabaseBusy(f"{exc}; try again later, or wait for it with --wait SECONDS") from None
            time.sleep(min(BUSY_POLL, max(deadline - time.monotonic(), 0.01)))
            continue
        try:
            for statement in SESSION:
                con.execute(statement)
        except BaseException:
            con.close()
            raise
        return con


@contextmanager
def sandboxed(db: str | os.PathLike | None = None, wait: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_sandboxed(db, wait)
    try:
        yield con
    finally:
        con.close()


def one_line(exc: BaseException) -> str:
    """DuckDB's message without its multi-line context (the caret drawing, LINE n: ...)."""
    lines = []
    for line in str(exc).splitlines():
        if line.startswith("LINE "):
            break
        lines += [line.strip()] if line.strip() else []
    return " ".join(lines) or type(exc).__name__


def checked(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.Statement:
    """The one statement of `sql`, if it is a query; QueryError otherwise."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from None
    if len(statements) != 1:
        raise QueryError(f"one SQL statement per query, not {len(statements)}")
    (statement,) = statements
    if statement.type not in ALLOWED:
        kind = statement.type.name.removesuffix("_STATEMENT").replace("_", " ")
        raise QueryError(f"only queries (SELECT, WITH, FROM, DESCRIBE, SHOW, EXPLAIN) are allowed, not {kind}")
    return statement


def execute(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
    """Run the one query of `sql` on a sandboxed connection; its result streams from the cursor."""
    statement = checked(con, sql)
    try:
        return con.execute(statement)
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from None


def relation(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> duckdb.DuckDBPyRelation:
    """The one query of `sql` as a lazy relation (`params` fill its $name placeholders): read it
    with .to_arrow_reader() to stream Arrow batches."""
    statement = checked(con, sql)
    try:
        return con.sql(statement.query, params=params)
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from None


def fetch(con: duckdb.DuckDBPyConnection, sql: str, limit: int | None = DEFAULT_LIMIT) -> Result:
    """At most `limit` rows (None: all) of the one query in `sql`."""
    if limit is not None and limit < 0:
        raise QueryError(f"limit must be 0 or more, not {limit}")
    cur = execute(con, sql)
    columns = [d[0] for d in cur.description or []]
    try:
        rows = cur.fetchall() if limit is None else cur.fetchmany(limit + 1)
    except duckdb.Error as exc:  # errors raised while the result streams
        raise QueryError(one_line(exc)) from None
    truncated = limit is not None and len(rows) > limit
    return Result(columns, rows[:limit] if truncated else rows, truncated)
