"""The pandas API for notebooks (warehouse/analysts.py): DataFrames, named views, the same sandbox."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from loopback import Handler, LoopbackServer, serving
from test_warehouse import article, load, pomona_articles
from warehouse.analysts import TooManyRows, Warehouse
from warehouse.db import DatabaseBusy, connect
from warehouse.sandbox import QueryError


@pytest.fixture
def wh(tmp_path):
    path = tmp_path / "w.duckdb"
    a1, a2 = pomona_articles()
    chino = article("Districts of Distinction honoree Chino Valley USD (CA) hired a superintendent from Pomona USD.",
                    [dict(name="Chino Valley USD", state="CA", role="recognized",
                          surface={"role": "Districts of Distinction honoree"}),
                     dict(name="Pomona USD", state="CA")],
                    source="https://example.org/chino", published=date(2024, 2, 1), program="Districts of Distinction")
    load(path, [a1, a2, chino])
    return Warehouse(path)


def test_query_returns_a_typed_dataframe(wh):
    df = wh.query("SELECT name, state, aliases FROM districts ORDER BY name")
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["name", "state", "aliases"]
    assert df["name"].tolist() == ["Chino Valley USD", "Pomona Unified School District"]
    assert list(df.loc[1, "aliases"]) == ["Pomona USD"]
    n = wh.query("SELECT count(*) AS n FROM district_mentions WHERE role = $role", {"role": "recognized"})
    assert n.loc[0, "n"] == 3
    assert pd.api.types.is_integer_dtype(wh.query("SELECT enrollment FROM district_mentions WHERE enrollment > 0")
                                         ["enrollment"])


def test_the_views_as_named_helpers(wh):
    profiles = wh.district_profiles(state="CA")
    assert profiles["name"].tolist() == ["Chino Valley USD", "Pomona Unified School District"]
    pomona = profiles.set_index("name").loc["Pomona Unified School District"]
    # one canonical name for both variants (a tie in articles: the longer one)
    assert list(pomona["programs"]) == ["Districts of Distinction", "League of Innovative Schools"]
    assert (pomona["articles"], pomona["recognitions"]) == (3, 2)
    assert wh.recognitions(program="Districts of Distinction")["district_name"].tolist() == [
        "Pomona Unified School District", "Chino Valley USD"]  # 2021, 2024
    assert len(wh.recognitions()) == 3  # the superintendent's former district is not a winner
    by_year = wh.programs_by_year()
    assert by_year[["program", "year", "districts"]].values.tolist() == [
        ["Districts of Distinction", 2021, 1], ["Districts of Distinction", 2024, 1],
        ["League of Innovative Schools", 2023, 1]]
    assert wh.programs()["name"].tolist() == ["Districts of Distinction", "League of Innovative Schools"]
    assert set(wh.initiatives_by_state()["initiative"]) == {"stem", "career_technical"}


class Counting(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(CountingHandler)
        self.requests = 0


class CountingHandler(Handler):
    def do_GET(self) -> None:
        self.server.requests += 1
        self.send(200, b"a\n1\n", content_type="text/csv")


def test_the_same_sandbox(wh, tmp_path):
    before = hashlib.sha256(wh.db.read_bytes()).hexdigest()
    with serving(Counting()) as server:
        for sql in (f"COPY (SELECT 'gone') TO '{wh.db}'", "DELETE FROM articles", "SELECT 1; DROP TABLE articles",
                    "SELECT * FROM read_text('/etc/passwd')", f"SELECT * FROM read_csv('{server.url('/x.csv')}')",
                    f"ATTACH '{tmp_path / 'other.duckdb'}' AS o", "INSTALL httpfs", "SET enable_external_access = true"):
            with pytest.raises(QueryError):
                wh.query(sql)
        assert server.requests == 0
    assert hashlib.sha256(wh.db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "other.duckdb").exists()


def test_a_limit_instead_of_a_runaway_frame(wh):
    with pytest.raises(TooManyRows):
        wh.query("SELECT * FROM range(100000000000)", limit=10)
    assert len(wh.query("SELECT * FROM range(10)", limit=10)) == 10
    assert len(Warehouse(wh.db, limit=None).query("SELECT * FROM range(200000)")) == 200_000


def test_a_notebook_never_blocks_a_run(wh):
    wh.query("SELECT 1")
    connect(wh.db).close()  # nothing left open between calls
    writer = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(wh.db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "open\n"  # a loading run holds the file
        with pytest.raises(DatabaseBusy, match="--wait"):
            wh.query("SELECT 1")
    finally:
        writer.communicate("", timeout=60)
    assert wh.query("SELECT 1 AS n")["n"].tolist() == [1]


def test_a_connection_of_this_process_is_named_not_a_duckdb_error(wh):
    import duckdb

    mine = duckdb.connect(str(wh.db))  # e.g. a notebook cell that opened the file itself
    try:
        with pytest.raises(ValueError, match="already open in this process"):
            wh.query("SELECT 1")
    finally:
        mine.close()
