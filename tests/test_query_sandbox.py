"""Analyst SQL cannot destroy, read files or reach the network (issue 15, item 1).

Each attack the red team ran is replayed on a real DuckDB warehouse, both through the public
entry points (`run_query`, `awardex query`) and straight on a sandboxed connection (so that the
DuckDB settings hold even if the statement check were bypassed). After every attack the
warehouse file is byte-for-byte what it was and no file appeared.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from loopback import Handler, LoopbackServer, serving
from test_warehouse import load, pomona_articles
from warehouse.db import connect
from warehouse.query import fetch_query, run_query
from warehouse.sandbox import SANDBOX, QueryError, open_sandboxed

ROOT = Path(__file__).resolve().parents[1]


class Counting(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(CountingHandler)
        self.requests: list[str] = []


class CountingHandler(Handler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.send(200, b"a,b\n1,2\n", content_type="text/csv")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    load(path, list(pomona_articles()))
    other = tmp_path / "other.duckdb"
    load(other, list(pomona_articles()))
    return path, other


def attacks(tmp_path: Path, path: Path, other: Path, url: str) -> dict[str, str]:
    return {
        "COPY TO the warehouse file": f"COPY (SELECT 'gone') TO '{path}'",
        "COPY TO a new file": f"COPY (SELECT 1) TO '{tmp_path / 'written.csv'}'",
        "ATTACH another warehouse": f"ATTACH '{other}' AS o (READ_WRITE)",
        "ATTACH and DELETE": f"ATTACH '{other}' AS o (READ_WRITE); DELETE FROM o.articles",
        "DELETE": "DELETE FROM articles",
        "DROP": "DROP TABLE articles",
        "a query, then a write": "SELECT 1; DELETE FROM articles",
        "read_text": "SELECT * FROM read_text('/etc/passwd')",
        "glob": "SELECT * FROM glob('/root/*')",
        "read_csv over http": f"SELECT * FROM read_csv('{url}')",
        "INSTALL from a server": f"INSTALL httpfs FROM '{url}'",
        "LOAD": "LOAD httpfs",
        "SET back": "SET enable_external_access = true",
        "PRAGMA": "PRAGMA enable_profiling",
        "EXPORT DATABASE": f"EXPORT DATABASE '{tmp_path / 'dump'}'",
        "CREATE": "CREATE TABLE t AS SELECT 1",
        "CALL": "CALL pragma_version()",
    }


def test_every_attack_is_refused_and_the_warehouse_is_intact(warehouse, tmp_path):
    path, other = warehouse
    before = {p: digest(p) for p in (path, other)}
    present = files(tmp_path)
    with serving(Counting()) as server:
        for name, sql in attacks(tmp_path, path, other, server.url("/data.csv")).items():
            with pytest.raises(QueryError) as refused:
                run_query(sql, db=path)
            assert "\n" not in str(refused.value), name
        assert server.requests == []
    assert {p: digest(p) for p in (path, other)} == before
    assert files(tmp_path) == present
    assert run_query("SELECT count(*) AS n FROM articles", db=path, fmt="csv") == "n\n2\n"


def test_the_duckdb_settings_hold_without_the_statement_check(warehouse, tmp_path):
    """The same attacks, executed directly on a sandboxed connection."""
    path, other = warehouse
    before = {p: digest(p) for p in (path, other)}
    present = files(tmp_path)
    with serving(Counting()) as server:
        con = open_sandboxed(path)
        try:
            for name, sql in attacks(tmp_path, path, other, server.url("/data.csv")).items():
                if name in ("CALL",):  # harmless, and refused by the statement check only
                    continue
                with pytest.raises(duckdb.Error):
                    con.execute(sql).fetchall()
            settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN ?",
                                        [[*SANDBOX, "lock_configuration"]]).fetchall())
        finally:
            con.close()
        assert server.requests == []
    assert settings == {**{k: str(v).lower() for k, v in SANDBOX.items()}, "lock_configuration": "true"}
    assert {p: digest(p) for p in (path, other)} == before
    assert files(tmp_path) == present


def test_queries_still_work_in_the_sandbox(warehouse):
    path, _ = warehouse
    assert run_query("FROM districts SELECT name", db=path, fmt="csv") == "name\nPomona Unified School District\n"
    assert "district_mentions" in run_query("SHOW TABLES", db=path, fmt="csv")
    assert "district_id" in run_query("DESCRIBE districts", db=path, fmt="csv")
    assert run_query("WITH x AS (SELECT 2 AS n) SELECT n FROM x", db=path, fmt="csv") == "n\n2\n"
    assert "SEQ_SCAN" in run_query("EXPLAIN SELECT * FROM articles", db=path, fmt="csv").upper().replace(" ", "_")


def test_a_default_row_limit_and_a_chosen_one(warehouse):
    path, _ = warehouse
    huge = "SELECT r FROM range(100000000000) t(r)"  # streamed: only limit + 1 rows are ever fetched
    result = fetch_query(huge, db=path)
    assert (len(result.rows), result.truncated) == (1000, True)
    result = fetch_query(huge, db=path, limit=3)
    assert (result.rows, result.truncated) == ([(0,), (1,), (2,)], True)
    result = fetch_query("SELECT 1 AS n", db=path, limit=3)
    assert (result.rows, result.truncated) == ([(1,)], False)


def test_sql_errors_are_one_line(warehouse):
    path, _ = warehouse
    with pytest.raises(QueryError, match="^Catalog Error: Table with name nope does not exist!"):
        run_query("SELECT * FROM nope", db=path)
    with pytest.raises(QueryError, match="^Parser Error"):
        run_query("SELEC 1", db=path)


def awardex(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_command_line_refuses_with_one_line_and_exit_2(warehouse, tmp_path):
    path, _ = warehouse
    before = digest(path)
    out = awardex("query", f"COPY (SELECT 'gone') TO '{path}'", "--db", str(path))
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "only queries" in out.stderr, out.stderr
    out = awardex("query", "SELECT * FROM read_text('/etc/passwd')", "--db", str(path))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "root:" not in out.stdout + out.stderr
    assert "Permission Error" in out.stderr
    assert digest(path) == before


def test_the_command_line_limit(warehouse):
    path, _ = warehouse
    out = awardex("query", "SELECT r FROM range(5000) t(r)", "--db", str(path), "--format", "csv")
    assert out.returncode == 0 and len(out.stdout.splitlines()) == 1 + 1000
    assert "first 1000 rows" in out.stderr and "--limit" in out.stderr
    out = awardex("query", "SELECT r FROM range(5000) t(r)", "--db", str(path), "--format", "csv", "--limit", "2")
    assert (out.returncode, out.stdout) == (0, "r\n0\n1\n")
    out = awardex("query", "SELECT 1 AS n", "--db", str(path), "--format", "csv", "--limit", "0")
    assert out.returncode == 0 and out.stdout == "n\n" and "first 0 rows" in out.stderr


def test_a_writer_still_opens_the_file_after_analysts(warehouse):
    path, _ = warehouse
    run_query("SELECT 1", db=path)
    connect(path).close()  # the sandbox left no lock or setting behind
