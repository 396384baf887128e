"""Warehouse: migrations, idempotent loading, district resolution, views, query, export, docs.

Real DuckDB files under tmp_path; records are built with ArticleRecord.from_dict and grounded evidence.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from schemas.records import ArticleRecord, Reject
from warehouse import db as wdb
from warehouse.db import connect, db_path
from warehouse.export import export
from warehouse.load import district_key, finish_run, load_batch, start_run, unchanged_ids
from warehouse.query import run_query
from warehouse.sandbox import QueryError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "warehouse.md"
TABLES = {"articles", "districts", "district_mentions", "initiatives", "evidence", "runs", "rejects", "district_links", "programs", "source_hashes", "seen_urls",
          "schema_version", "source_hashes"}
VIEWS = {"district_profiles", "recognitions", "initiatives_by_state", "programs_by_year"}


# --------------------------------------------------------------------------------------------- helpers
def article(text: str, districts: list[dict], *, source: str = "https://example.org/a", article_id: str | None = None,
            published: date | None = None, program: str | None = None, version: str = "v1",
            fetched_at: datetime = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)) -> ArticleRecord:
    """An ArticleRecord whose evidence points at the text. A district dict holds the record fields
    plus optional `surface` {field or initiative id: text as written} for values not written verbatim."""
    def ev(field: str, value, surface: str | None = None) -> dict:
        s = surface or str(value)
        start = text.index(s)
        return dict(field=field, value=str(value), text=s, start=start, end=start + len(s), rule="test.rule")

    ds = []
    for d in districts:
        d = dict(d)
        surface = d.pop("surface", {})
        evidence = [ev("name", d["name"])] + [ev("alias", a) for a in d.get("aliases", [])]
        evidence += [ev(f, d[f], surface.get(f)) for f in ("city", "state", "enrollment", "schools")
                     if d.get(f) is not None]
        evidence += [ev("initiatives", i, surface[i]) for i in d.get("initiatives", [])]
        evidence += [ev("role", "recognized", surface["role"])] if d.get("role") == "recognized" else []
        ds.append({**d, "evidence": evidence})
    data = dict(article_id=article_id or hashlib.sha256(source.encode()).hexdigest(), source=source,
                title="A title", published=published, program=program,
                text_sha256=hashlib.sha256(text.encode()).hexdigest(), fetched_at=fetched_at,
                extractor_version=version, districts=ds,
                evidence=[ev("program", program)] if program else [])
    return ArticleRecord.from_dict(data, text)


def load(path, records, rejects=(), version="v1"):
    con = connect(path)
    try:
        run = start_run(con, version)
        result = load_batch(con, run, records, rejects)
        finish_run(con, run, "ok", len(records) + len(rejects), result["loaded"], result["unchanged"],
                   result["rejected"])
        return run, result
    finally:
        con.close()


def rows(path, sql, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def snapshot(path, skip=("runs",)) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [n for (n,) in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall()]
        return {n: con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall() for n in names if n not in skip}
    finally:
        con.close()


POMONA_1 = ("Pomona Unified School District in Pomona, California was named a District of Distinction. "
            "The district serves 23,000 students in 41 schools and runs a STEM academy.")
POMONA_2 = "Pomona USD (CA) joined the League of Innovative Schools for its career pathways work."


def pomona_articles():
    a1 = article(POMONA_1, [dict(name="Pomona Unified School District", city="Pomona", state="CA",
                                 enrollment=23000, schools=41, initiatives=["stem"], role="recognized",
                                 surface={"state": "California", "enrollment": "23,000", "stem": "STEM academy",
                                          "role": "was named a District of Distinction"})],
                 source="https://example.org/pomona-1", published=date(2021, 3, 1),
                 program="District of Distinction")
    a2 = article(POMONA_2, [dict(name="Pomona USD", state="CA", initiatives=["career_technical"], role="recognized",
                                 surface={"career_technical": "career pathways", "role": "joined the League"})],
                 source="https://example.org/pomona-2", published=date(2023, 9, 1),
                 program="League of Innovative Schools")
    return a1, a2


# --------------------------------------------------------------------------------------------- migrations
def objects(path) -> dict[str, str]:
    return dict(rows(path, "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main'"))


def test_migrations_create_all_tables_and_views(tmp_path):
    path = tmp_path / "sub" / "w.duckdb"
    connect(path).close()
    assert path.exists()
    found = objects(path)
    assert {n for n, t in found.items() if t == "BASE TABLE"} == TABLES
    assert {n for n, t in found.items() if t == "VIEW"} == VIEWS
    versions = [v for (v,) in rows(path, "SELECT version FROM schema_version ORDER BY version")]
    assert versions == [v for v, _ in wdb.migrations()] and versions[:2] == [1, 2]
    connect(path).close()  # a second connect applies nothing twice
    assert len(rows(path, "SELECT * FROM schema_version")) == len(versions)


def test_old_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute((wdb.MIGRATIONS_DIR / "001_init.sql").read_text())
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute("INSERT INTO runs (run_id, started_at, status, extractor_version) VALUES ('old', now(), 'ok', 'v0')")
    con.close()
    assert not VIEWS & set(objects(path))

    connect(path).close()
    assert VIEWS <= set(objects(path))
    assert [v for (v,) in rows(path, "SELECT version FROM schema_version ORDER BY version")][:2] == [1, 2]
    assert rows(path, "SELECT run_id FROM runs") == [("old",)]  # data kept


def test_a_warehouse_of_the_previous_schema_is_upgraded_with_its_data(tmp_path):
    """Tables as migrations 001-003 left them, rows in them (rejects."at", no roles, no programs)."""
    path = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(path))
    for version in (1, 2, 3):
        (f,) = [f for v, f in wdb.migrations() if v == version]
        con.execute(f.read_text())
        con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    con.execute("INSERT INTO runs (run_id, started_at, status, extractor_version) VALUES ('r', now(), 'completed', 'v0')")
    for article_id, program in (("a1", "District of Excellence"), ("a2", "2024 Districts of Excellence"), ("a3", None)):
        con.execute("INSERT INTO articles VALUES (?, ?, 't', DATE '2024-01-01', ?, 'x', 'h', now(), 'v0', 'r')",
                    [article_id, f"https://example.org/{article_id}", program])
    con.execute("INSERT INTO districts VALUES ('d1', 'Pomona Unified School District', 'CA', NULL, [])")
    con.execute("INSERT INTO district_mentions VALUES ('a1', 'd1', 'Pomona Unified School District', NULL, 'CA', NULL, NULL)")
    con.execute("""INSERT INTO rejects VALUES ('r', 'https://example.org/404', 'fetch', 'HTTP 404', TIMESTAMPTZ '2024-05-01 00:00:00+00')""")
    con.close()

    connect(path).close()
    assert [v for (v,) in rows(path, "SELECT version FROM schema_version ORDER BY 1")] == [v for v, _ in wdb.migrations()]
    assert rows(path, "SELECT source, rejected_at FROM rejects") == [
        ("https://example.org/404", datetime(2024, 5, 1, tzinfo=timezone.utc))]
    assert rows(path, "SELECT role FROM district_mentions") == [("mentioned",)]
    assert rows(path, "SELECT name_key FROM districts") == [("pomona",)]
    assert rows(path, "SELECT name, variants FROM programs") == [
        ("District of Excellence", ["2024 Districts of Excellence", "District of Excellence"])]  # no year in the name
    assert rows(path, "SELECT count(DISTINCT program_id), count(program_id) FROM articles") == [(1, 2)]
    assert rows(path, "SELECT program, year, articles FROM programs_by_year") == [("District of Excellence", 2024, 2)]
    assert VIEWS <= set(objects(path))


def test_views_are_files_that_say_what_they_are_and_migrations_hold_tables_only(tmp_path):
    assert {name for name, _ in wdb.views()} == VIEWS
    for name, f in wdb.views():
        text = f.read_text()
        assert text.startswith(f"-- {name}: "), f  # dbt style: the leading comment describes the view
        assert re.search(rf"CREATE OR REPLACE VIEW {name} AS", text), f
    for _, f in wdb.migrations():
        assert not re.search(r"\bVIEW\b", re.sub(r"--.*", "", f.read_text()), re.I), f
    # a changed view file takes effect at the next connect (no migration needed)
    path = tmp_path / "w.duckdb"
    connect(path).close()
    con = duckdb.connect(str(path))
    con.execute("CREATE OR REPLACE VIEW recognitions AS SELECT 1 AS stale")
    con.close()
    connect(path).close()
    assert "district_id" in {c for (c,) in rows(path, "SELECT column_name FROM information_schema.columns "
                                                      "WHERE table_name = 'recognitions'")}


def test_db_path_resolution(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AWARDEX_DB", raising=False)
    assert db_path() == Path("warehouse/awards.duckdb")
    connect().close()
    assert (tmp_path / "warehouse" / "awards.duckdb").exists()
    monkeypatch.setenv("AWARDEX_DB", str(tmp_path / "env.duckdb"))
    assert db_path() == tmp_path / "env.duckdb"
    assert db_path(tmp_path / "x.duckdb") == tmp_path / "x.duckdb"


def test_read_only_connect_needs_an_existing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        connect(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


# --------------------------------------------------------------------------------------------- district keys
def test_district_key_rules():
    ca = {district_key(n, [], "CA") for n in ("Pomona Unified School District", "Pomona USD", "Pomona Unified",
                                               "POMONA UNIFIED SCHOOL DISTRICT", "Pomona Unified School Dist.")}
    assert len(ca) == 1
    assert district_key("Pomona USD", [], "CA") == district_key("Pomona Unified School District", [], "CA")
    assert district_key("PUSD", ["Pomona Unified School District"], "CA") == district_key("Pomona USD", [], "CA")
    assert district_key("Pomona USD", [], "CA") != district_key("Pomona USD", [], "NJ")
    assert district_key("Pomona USD", [], None) != district_key("Pomona USD", [], "CA")
    # "county" stays part of the name: Orange County (FL) and Orange Unified (CA) and Orange County Schools (NC)
    orange = {district_key("Orange County Public Schools", [], "FL"), district_key("Orange Unified School District", [], "CA"),
              district_key("Orange County Schools", [], "NC"), district_key("Orange County Public Schools", [], "CA")}
    assert len(orange) == 4
    assert district_key("Orange County Public Schools", [], "FL") == district_key("Orange County Schools", [], "FL")
    assert district_key("Orange Unified School District", [], "CA") != district_key("Orange County Schools", [], "CA")
    # accents, punctuation, ISD
    assert district_key("Cañon City Schools", [], "CO") == district_key("Canon City School District", [], "CO")
    assert district_key("Houston ISD", [], "TX") == district_key("Houston Independent School District", [], "TX")
    assert district_key("School District of Philadelphia", [], "PA") == district_key("Philadelphia School District", [], "PA")
    assert re.fullmatch(r"[0-9a-f]{16}", district_key("Pomona USD", [], "CA"))


# --------------------------------------------------------------------------------------------- loading
def test_two_names_for_pomona_are_one_district(tmp_path):
    path = tmp_path / "w.duckdb"
    _, result = load(path, list(pomona_articles()))
    assert result == {"loaded": 2, "unchanged": 0, "rejected": 0}
    districts = rows(path, "SELECT district_id, name, state, city, aliases FROM districts")
    assert len(districts) == 1
    district_id, name, state, city, aliases = districts[0]
    assert (name, state, city, aliases) == ("Pomona Unified School District", "CA", "Pomona", ["Pomona USD"])
    mentions = rows(path, "SELECT name_as_written, district_id, state, enrollment FROM district_mentions ORDER BY 1")
    assert mentions == [("Pomona USD", district_id, "CA", None),
                        ("Pomona Unified School District", district_id, "CA", 23000)]
    assert rows(path, "SELECT count(*) FROM initiatives WHERE district_id = ?", [district_id]) == [(2,)]
    # article-level evidence has no district; every district value has evidence at its offsets
    assert rows(path, "SELECT value FROM evidence WHERE district_id IS NULL ORDER BY 1") == [
        ("District of Distinction",), ("League of Innovative Schools",)]
    for text, start, end, article_text in rows(path, "SELECT e.text, start_char, end_char, a.text FROM evidence e "
                                                     "JOIN articles a USING (article_id)"):
        assert article_text[start:end] == text


def test_batches_in_one_transaction_give_the_rows_of_one_batch_after_the_other(tmp_path):
    from warehouse.load import load_batches

    bare = article("Pomona Unified was praised.", [dict(name="Pomona Unified")], source="https://example.org/1")
    stated = article("Pomona USD in CA won.", [dict(name="Pomona USD", state="CA")], source="https://example.org/2")
    changed = article("Pomona USD in CA won again.", [dict(name="Pomona USD", state="CA")],
                      source="https://example.org/2", article_id="b" * 64)
    runs = [[[bare], [stated]],   # the district without a state comes first: it keeps its own id
            [[changed], [bare]]]  # a stored article replaced: loaded one batch at a time

    def contents(path: Path, together: bool) -> list:
        con = connect(path)
        try:
            counts = []
            for batches in runs:
                run = start_run(con, "v1")
                counts.append(load_batches(con, run, batches) if together else
                              [load_batch(con, run, b) for b in batches])
            return [sum(c["loaded"] for c in x) if isinstance(x, list) else x["loaded"] for x in counts] + [
                sorted(con.execute(f"SELECT * EXCLUDE (run_id) FROM {t}" if t == "articles" else f"FROM {t}").fetchall())
                for t in ("articles", "districts", "district_mentions", "evidence", "programs")]
        finally:
            con.close()

    assert contents(tmp_path / "together.duckdb", True) == contents(tmp_path / "one.duckdb", False)
    assert rows(tmp_path / "together.duckdb", "SELECT count(*) FROM districts") == [(2,)]


def test_each_district_stores_the_key_its_id_is_made_from(tmp_path):
    from warehouse.load import lookup_keys

    path = tmp_path / "w.duckdb"
    a1, a2 = pomona_articles()
    text = "Orange County Public Schools in Florida and Orange Unified (CA) were named."
    orange = article(text, [dict(name="Orange County Public Schools", state="FL", surface={"state": "Florida"}),
                            dict(name="Orange Unified", state="CA")], source="https://example.org/orange")
    load(path, [a1, a2, orange])
    assert rows(path, "SELECT name, name_key, district_id FROM districts ORDER BY name") == [
        ("Orange County Public Schools", "orange county", district_key("Orange County Public Schools", [], "FL")),
        ("Orange Unified", "orange", district_key("Orange Unified", [], "CA")),
        ("Pomona Unified School District", "pomona", district_key("Pomona USD", [], "CA"))]
    # what a batch looks up: the keys of its districts without a state, nothing else
    bare = article("Pomona Unified and Orange County Public Schools (FL) were praised.",
                   [dict(name="Pomona Unified"), dict(name="Orange County Public Schools", state="FL")],
                   source="https://example.org/bare")
    assert lookup_keys([bare]) == {"pomona"}
    load(path, [bare])
    assert rows(path, "SELECT count(*) FROM districts") == [(3,)]  # both joined their stored district


def test_acronym_resolves_within_the_article(tmp_path):
    text = ("Pomona Unified School District (CA) was honoured. Staff say PUSD owes it to teachers. "
            "Later, PUSD expanded dual language.")
    rec = article(text, [dict(name="Pomona Unified School District", state="CA"),
                         dict(name="PUSD", initiatives=["language_immersion"],
                              surface={"language_immersion": "dual language"})],
                  source="https://example.org/pusd")
    path = tmp_path / "w.duckdb"
    load(path, [rec])
    assert rows(path, "SELECT name, aliases FROM districts") == [("Pomona Unified School District", ["PUSD"])]
    assert rows(path, "SELECT name_as_written FROM district_mentions") == [("Pomona Unified School District",)]
    assert rows(path, "SELECT initiative FROM initiatives") == [("language_immersion",)]
    # an acronym with no full name in its article is not guessed
    lone = article("PUSD (CA) won again.", [dict(name="PUSD", state="CA")], source="https://example.org/lone")
    load(path, [lone])
    assert rows(path, "SELECT count(*) FROM districts") == [(2,)]


def test_same_name_in_two_states_is_two_districts(tmp_path):
    text = "Springfield Public Schools in Illinois and Springfield Public Schools in Massachusetts both won."
    rec = article(text, [dict(name="Springfield Public Schools", state="IL", surface={"state": "Illinois"}),
                         dict(name="Springfield Public Schools", state="MA", surface={"state": "Massachusetts"})])
    path = tmp_path / "w.duckdb"
    load(path, [rec])
    assert rows(path, "SELECT state FROM districts ORDER BY 1") == [("IL",), ("MA",)]
    assert rows(path, "SELECT count(DISTINCT district_id) FROM district_mentions") == [(2,)]


def test_district_without_state_joins_only_a_unique_match(tmp_path):
    path = tmp_path / "w.duckdb"
    a1, _ = pomona_articles()
    load(path, [a1])
    no_state = article("Pomona Unified was praised.", [dict(name="Pomona Unified")], source="https://example.org/n1")
    load(path, [no_state])
    assert rows(path, "SELECT count(*) FROM districts") == [(1,)]
    assert rows(path, "SELECT count(DISTINCT district_id), count(*) FROM district_mentions") == [(1, 2)]
    # a second Pomona with a state makes a bare "Pomona Unified" ambiguous: it gets its own state-less district
    nj = article("Pomona Unified School District, New Jersey, too.",
                 [dict(name="Pomona Unified School District", state="NJ", surface={"state": "New Jersey"})],
                 source="https://example.org/nj")
    again = article("Pomona Unified was praised again.", [dict(name="Pomona Unified")], source="https://example.org/n2")
    load(path, [nj, again])
    assert rows(path, "SELECT state FROM districts ORDER BY state NULLS LAST") == [("CA",), ("NJ",), (None,)]


def test_reloading_the_same_input_changes_no_row(tmp_path):
    path = tmp_path / "w.duckdb"
    records = list(pomona_articles())
    reject = Reject(source="https://example.org/bad", stage="validate", reason="state: 'XX' is not a USPS code",
                    rejected_at=datetime(2024, 5, 1, tzinfo=timezone.utc))
    load(path, records, [reject])
    before = snapshot(path)
    # the flow's pre-check agrees
    con = connect(path)
    assert unchanged_ids(con, [(r.article_id, r.text_sha256) for r in records], "v1") == {r.article_id for r in records}
    assert unchanged_ids(con, [(records[0].article_id, "0" * 64)], "v1") == set()
    assert unchanged_ids(con, [(records[0].article_id, records[0].text_sha256)], "v2") == set()
    con.close()
    # same input later (new fetched_at): nothing changes, not even fetched_at / run_id
    later = [r.model_copy(update={"fetched_at": datetime(2025, 1, 1, tzinfo=timezone.utc)}) for r in records]
    _, result = load(path, later)
    assert result == {"loaded": 0, "unchanged": 2, "rejected": 0}
    assert snapshot(path) == before
    assert rows(path, "SELECT count(*), count(finished_at) FROM runs") == [(2, 2)]


def test_changed_text_replaces_all_rows_of_the_article(tmp_path):
    path = tmp_path / "w.duckdb"
    a1, a2 = pomona_articles()
    run1, _ = load(path, [a1, a2])
    new_text = "Pomona Unified School District now serves 22,500 students."
    changed = article(new_text, [dict(name="Pomona Unified School District", enrollment=22500,
                                      surface={"enrollment": "22,500"})],
                      source=a1.source, published=a1.published, fetched_at=datetime(2025, 1, 1, tzinfo=timezone.utc))
    assert changed.article_id == a1.article_id
    run2, result = load(path, [changed, a2])
    assert result == {"loaded": 1, "unchanged": 1, "rejected": 0}
    assert rows(path, "SELECT text, run_id FROM articles WHERE article_id = ?", [a1.article_id]) == [(new_text, run2)]
    assert rows(path, "SELECT run_id FROM articles WHERE article_id = ?", [a2.article_id]) == [(run1,)]
    assert rows(path, "SELECT enrollment, city, state FROM district_mentions WHERE article_id = ?",
                [a1.article_id]) == [(22500, None, None)]
    assert rows(path, "SELECT count(*) FROM initiatives WHERE article_id = ?", [a1.article_id]) == [(0,)]
    assert rows(path, "SELECT count(*) FROM evidence WHERE article_id = ? AND field = 'schools'", [a1.article_id]) == [(0,)]
    # the district row is recomputed from what the articles now say (city no longer stated anywhere)
    assert rows(path, "SELECT name, state, city FROM districts") == [("Pomona Unified School District", "CA", None)]
    # a new extractor version reloads an article with the same text
    _, result = load(path, [a2.model_copy(update={"extractor_version": "v2"})], version="v2")
    assert result["loaded"] == 1


def test_a_district_no_article_mentions_any_more_is_removed(tmp_path):
    path = tmp_path / "w.duckdb"
    a1, a2 = pomona_articles()
    load(path, [a2])
    text = "Springfield Public Schools (IL) joined the League."
    moved = article(text, [dict(name="Springfield Public Schools", state="IL")], source=a2.source)
    load(path, [moved])
    assert rows(path, "SELECT name, state, aliases FROM districts") == [("Springfield Public Schools", "IL", [])]


def test_local_file_with_new_text_replaces_the_older_article_of_that_source(tmp_path):
    path = tmp_path / "w.duckdb"
    src = "raw/samples/pomona.txt"
    old = article(POMONA_2, [dict(name="Pomona USD", state="CA")], source=src,
                  article_id=hashlib.sha256(POMONA_2.encode()).hexdigest())
    load(path, [old])
    text = POMONA_2 + " It also won a state award."
    new = article(text, [dict(name="Pomona USD", state="CA")], source=src,
                  article_id=hashlib.sha256(text.encode()).hexdigest())
    load(path, [new])
    assert rows(path, "SELECT article_id FROM articles") == [(new.article_id,)]
    for table in ("district_mentions", "evidence"):
        assert rows(path, f"SELECT DISTINCT article_id FROM {table}") == [(new.article_id,)]


def test_a_failed_batch_leaves_nothing_behind(tmp_path):
    path = tmp_path / "w.duckdb"
    a1, a2 = pomona_articles()
    load(path, [a1])
    before = snapshot(path)
    con = connect(path)
    con.execute("DROP TABLE rejects")  # make the last step of the batch fail
    run = start_run(con, "v1")
    with pytest.raises(duckdb.Error):
        load_batch(con, run, [a1.model_copy(update={"text_sha256": "f" * 64}), a2],
                   [Reject(source="x", stage="fetch", reason="timeout")])
    con.close()
    after = snapshot(path)
    assert after == {k: v for k, v in before.items() if k != "rejects"}


def test_rejects_and_runs_are_recorded(tmp_path):
    path = tmp_path / "w.duckdb"
    rejects = [Reject(source="https://example.org/404", stage="fetch", reason="HTTP 404"),
               Reject(source="https://example.org/x", stage="validate", reason="district 'X': state: bad")]
    run, result = load(path, [pomona_articles()[0]], rejects)
    assert result == {"loaded": 1, "unchanged": 0, "rejected": 2}
    assert rows(path, "SELECT run_id, source, stage, reason FROM rejects ORDER BY source") == [
        (run, "https://example.org/404", "fetch", "HTTP 404"),
        (run, "https://example.org/x", "validate", "district 'X': state: bad")]
    assert rows(path, "SELECT status, seen, loaded, unchanged, rejected, extractor_version, "
                      "finished_at >= started_at FROM runs") == [("ok", 3, 1, 0, 2, "v1", True)]
    con = connect(path)
    with pytest.raises(KeyError):
        finish_run(con, "nope", "ok", 0, 0, 0, 0)
    con.close()


# --------------------------------------------------------------------------------------------- views
def test_district_profiles_and_views(tmp_path):
    path = tmp_path / "w.duckdb"
    a1, a2 = pomona_articles()
    newer = article("Pomona Unified School District enrolls 21,800 students (Districts of Distinction).",
                    [dict(name="Pomona Unified School District", enrollment=21800, surface={"enrollment": "21,800"})],
                    source="https://example.org/pomona-3", published=date(2024, 1, 15),
                    program="Districts of Distinction")
    undated = article("Pomona USD (CA) has 99,999 students, says an undated page.",
                      [dict(name="Pomona USD", state="CA", enrollment=99999, surface={"enrollment": "99,999"})],
                      source="https://example.org/undated", fetched_at=datetime(2030, 1, 1, tzinfo=timezone.utc))
    # the superintendent's former district is mentioned, not recognised
    former = article("Districts of Distinction honoree Chino Valley USD (CA) hired a superintendent from Pomona USD (CA).",
                     [dict(name="Chino Valley USD", state="CA", role="recognized",
                           surface={"role": "Districts of Distinction honoree"}),
                      dict(name="Pomona USD", state="CA")],
                     source="https://example.org/chino", published=date(2024, 2, 1), program="Districts of Distinction")
    load(path, [a1, a2, newer, undated, former])
    profile = run_query("SELECT * FROM district_profiles WHERE name ILIKE 'pomona%'", db=path, fmt="json")
    (p,) = [json.loads(line) for line in profile.splitlines()]
    assert p["name"] == "Pomona Unified School District" and p["state"] == "CA" and p["city"] == "Pomona"
    assert (p["enrollment"], p["enrollment_article_id"]) == (21800, newer.article_id)  # dated beats undated
    assert p["schools"] == 41
    # recognised by two programs, under their canonical names ("District of" = "Districts of Distinction")
    assert p["programs"] == ["Districts of Distinction", "League of Innovative Schools"]
    assert p["initiatives"] == ["career_technical", "stem"]
    assert (p["articles"], p["recognitions"], p["first_seen"], p["last_seen"]) == (5, 2, "2021-03-01", "2024-02-01")

    assert rows(path, "SELECT role, count(*) FROM district_mentions GROUP BY ALL ORDER BY 1") == [
        ("mentioned", 3), ("recognized", 3)]
    assert rows(path, "SELECT district_name, program, published FROM recognitions ORDER BY published, 1") == [
        ("Pomona Unified School District", "Districts of Distinction", date(2021, 3, 1)),
        ("Pomona Unified School District", "League of Innovative Schools", date(2023, 9, 1)),
        ("Chino Valley USD", "Districts of Distinction", date(2024, 2, 1))]
    assert rows(path, "SELECT name, variants FROM programs ORDER BY name") == [
        ("Districts of Distinction", ["District of Distinction", "Districts of Distinction"]),
        ("League of Innovative Schools", ["League of Innovative Schools"])]
    assert rows(path, "SELECT count(DISTINCT program_id), count(program_id) FROM articles") == [(2, 4)]
    assert rows(path, "SELECT * FROM initiatives_by_state ORDER BY initiative") == [
        ("CA", "career_technical", 1, 1), ("CA", "stem", 1, 1)]
    assert rows(path, "SELECT program, year, districts, articles FROM programs_by_year ORDER BY program, year") == [
        ("Districts of Distinction", 2021, 1, 1), ("Districts of Distinction", 2024, 1, 2),
        ("League of Innovative Schools", 2023, 1, 1)]
    # an article's program changes: its old program loses the variant, a program no article has is gone
    load(path, [article("Pomona USD (CA) won a Golden Bell Award.", [dict(name="Pomona USD", state="CA")],
                        source=a2.source, program="Golden Bell Award")])
    assert rows(path, "SELECT name FROM programs ORDER BY name") == [("Districts of Distinction",), ("Golden Bell Award",)]


def test_program_names_fold_into_one_key():
    from warehouse.programs import program_id, program_key

    same = ["District of Excellence", "Districts of Excellence", "2024 Districts of Excellence Award",
            "DISTRICTS OF EXCELLENCE AWARDS (2023-24)"]
    assert {program_key(n) for n in same} == {"district of excellence"}
    assert len({program_id(n) for n in same}) == 1
    assert program_key("Golden Bell Awards") == program_key("Golden Bell Award") == "golden bell"
    assert program_key("Best Communities for Music Education") == "best community for music education"
    assert program_key("League of Innovative Schools") != program_key("Districts of Distinction")
    assert program_id(None) is None and program_id("  ") is None


# --------------------------------------------------------------------------------------------- issue "Done when"
def test_done_when_two_names_for_pomona_are_one_district_in_every_output(tmp_path):
    """Two CA articles, "Pomona Unified School District" and "Pomona USD": one district with two mentions;
    district_profiles shows its state and latest enrollment; run_query and export work on it."""
    path = tmp_path / "w.duckdb"
    first = article(POMONA_1, [dict(name="Pomona Unified School District", city="Pomona", state="CA",
                                    enrollment=23000, surface={"state": "California", "enrollment": "23,000"})],
                    source="https://example.org/pomona-1", published=date(2021, 3, 1))
    text = "Pomona USD (CA), now 22,500 students, joined the League of Innovative Schools."
    second = article(text, [dict(name="Pomona USD", state="CA", enrollment=22500, surface={"enrollment": "22,500"})],
                     source="https://example.org/pomona-2", published=date(2023, 9, 1))
    load(path, [first, second])

    ((district_id, name),) = rows(path, "SELECT district_id, name FROM districts")
    assert name == "Pomona Unified School District"
    assert rows(path, "SELECT article_id, name_as_written FROM district_mentions WHERE district_id = ? ORDER BY 2",
                [district_id]) == [(second.article_id, "Pomona USD"),
                                   (first.article_id, "Pomona Unified School District")]
    assert rows(path, "SELECT name, state, enrollment, enrollment_article_id, articles FROM district_profiles") == [
        ("Pomona Unified School District", "CA", 22500, second.article_id, 2)]  # latest = the 2023 article

    sql = "SELECT name, state, enrollment, articles FROM district_profiles"
    assert run_query(sql, db=path, fmt="csv") == ("name,state,enrollment,articles\n"
                                                  "Pomona Unified School District,CA,22500,2\n")
    assert "Pomona Unified School District" in run_query(sql, db=path) and "1 row" in run_query(sql, db=path)

    dest = tmp_path / "export"
    export(dest, db=path)
    con = duckdb.connect()
    try:
        assert con.execute(f"SELECT name, state, enrollment FROM read_parquet('{dest}/district_profiles.parquet')"
                           ).fetchall() == [("Pomona Unified School District", "CA", 22500)]
        assert con.execute(f"SELECT district_state, count(*), count(DISTINCT district_id) "
                           f"FROM read_parquet('{dest}/district_mentions/**/*.parquet', hive_partitioning = true) "
                           f"GROUP BY ALL").fetchall() == [("CA", 2, 1)]
    finally:
        con.close()


def test_analysts_can_open_the_database_read_only_together(tmp_path):
    """No run writing: two read-only connections here and a third analyst in another process, all at once."""
    path = tmp_path / "w.duckdb"
    load(path, list(pomona_articles()))  # the writer has closed its connection
    one = connect(path, read_only=True)
    two = connect(path, read_only=True)
    try:
        sql = "SELECT name, state FROM districts"
        assert one.execute(sql).fetchall() == two.execute(sql).fetchall() == [("Pomona Unified School District", "CA")]
        other = subprocess.run(
            [sys.executable, "-c", "import sys; from warehouse.query import run_query; "
                                   "print(run_query('SELECT count(*) AS n FROM district_mentions', db=sys.argv[1], "
                                   "fmt='csv'), end='')", str(path)],
            cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=120)
        assert (other.returncode, other.stdout) == (0, "n\n2\n"), other.stderr
        assert one.execute("SELECT count(*) FROM articles").fetchone() == (2,)  # still usable afterwards
        # the flip side (DuckDB): while readers hold the file, a writer in another process is refused
        writer = subprocess.run([sys.executable, "-c", "import sys; from warehouse.db import connect; "
                                                       "connect(sys.argv[1]).close()", str(path)],
                                cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=120)
        assert writer.returncode != 0 and "lock" in writer.stderr.lower()
        with pytest.raises(duckdb.Error):
            two.execute("DELETE FROM articles")  # read-only means read-only
    finally:
        one.close()
        two.close()
    assert rows(path, "SELECT count(*) FROM articles") == [(2,)]


# --------------------------------------------------------------------------------------------- query / export
def test_query_formats(tmp_path):
    path = tmp_path / "w.duckdb"
    load(path, list(pomona_articles()))
    sql = "SELECT name_as_written, enrollment, a.published FROM district_mentions JOIN articles a USING (article_id) ORDER BY 1"
    lines = [json.loads(line) for line in run_query(sql, db=path, fmt="json").splitlines()]
    assert lines == [{"name_as_written": "Pomona USD", "enrollment": None, "published": "2023-09-01"},
                     {"name_as_written": "Pomona Unified School District", "enrollment": 23000, "published": "2021-03-01"}]
    table = list(csv.reader(io.StringIO(run_query(sql, db=path, fmt="csv"))))
    assert table == [["name_as_written", "enrollment", "published"], ["Pomona USD", "", "2023-09-01"],
                     ["Pomona Unified School District", "23000", "2021-03-01"]]
    assert "Pomona Unified School District" in run_query(sql, db=path) and "2 rows" in run_query(sql, db=path)
    aliases = list(csv.reader(io.StringIO(run_query("SELECT aliases FROM districts", db=path, fmt="csv"))))
    assert json.loads(aliases[1][0]) == ["Pomona USD"]
    assert "[red]x[/red]" in run_query("SELECT '[red]x[/red]' AS s", db=path)  # data is not rich markup
    with pytest.raises(QueryError):  # read-only (tests/test_query_sandbox.py has the rest)
        run_query("DELETE FROM articles", db=path)
    with pytest.raises(FileNotFoundError):
        run_query("SELECT 1", db=tmp_path / "missing.duckdb")
    with pytest.raises(ValueError):
        run_query("SELECT 1", db=path, fmt="xml")


def test_export_writes_parquet_for_every_table_and_view(tmp_path):
    path = tmp_path / "w.duckdb"
    text = "Springfield Public Schools in Illinois and Pomona USD (CA) both won."
    load(path, list(pomona_articles()) + [article(text, [
        dict(name="Springfield Public Schools", state="IL", surface={"state": "Illinois"}),
        dict(name="Pomona USD", state="CA")], source="https://example.org/two")])
    dest = tmp_path / "export"
    written = export(dest, db=path)
    assert {p.name.removesuffix(".parquet") for p in written} == TABLES | VIEWS
    assert all(p.exists() for p in written)
    con = duckdb.connect(str(path), read_only=True)
    for p in written:
        name = p.name.removesuffix(".parquet")
        if p.is_dir():
            got = con.execute(f"SELECT count(*), list(DISTINCT district_state ORDER BY district_state) "
                              f"FROM read_parquet('{p}/**/*.parquet', hive_partitioning = true)").fetchone()
            assert got[0] == con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            assert {s for s in got[1] if s} <= {"CA", "IL"}
        else:
            assert (con.execute(f"SELECT count(*) FROM read_parquet('{p}')").fetchone()
                    == con.execute(f"SELECT count(*) FROM {name}").fetchone())
    assert sorted(d.name for d in (dest / "district_mentions").iterdir()) == ["district_state=CA", "district_state=IL"]
    con.close()
    export(dest, db=path)  # exporting again overwrites
    assert sorted(d.name for d in (dest / "district_mentions").iterdir()) == ["district_state=CA", "district_state=IL"]


# --------------------------------------------------------------------------------------------- docs
def documented() -> dict[str, list[tuple[str, str]]]:
    """`### name` headings in docs/warehouse.md, each followed by a `| column | type | meaning |` table."""
    docs: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if m := re.fullmatch(r"###\s+`?(\w+)`?\s*", line):
            current = docs.setdefault(m.group(1), [])
        elif line.startswith("## "):
            current = None
        elif current is not None and line.startswith("|"):
            cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
            if cells[0] != "column" and not set(cells[0]) <= set("-: "):
                assert len(cells) == 3 and cells[2], f"row needs column | type | meaning: {line}"
                current.append((cells[0], cells[1]))
    return docs


def test_data_dictionary_matches_the_live_schema(tmp_path):
    path = tmp_path / "w.duckdb"
    connect(path).close()
    live: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows(path, "SELECT table_name, column_name, data_type FROM information_schema.columns "
                                          "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"):
        live.setdefault(table, []).append((column, kind))
    assert set(documented()) == set(live) == TABLES | VIEWS
    assert documented() == live


# --------------------------------------------------------------------------------------------- hostile input (issue 15)
def test_a_source_named_with_non_utf8_bytes_is_a_reject_not_a_failed_batch(tmp_path):
    path = tmp_path / "w.duckdb"
    bad_name = str(tmp_path / "bad") + b"\xff\xfe.txt".decode("utf-8", "surrogateescape")  # as os.listdir gives it
    good, _ = pomona_articles()
    bad = article(POMONA_2, [dict(name="Pomona USD", state="CA")], source=bad_name,
                  article_id=hashlib.sha256(POMONA_2.encode()).hexdigest())
    odd_reject = Reject(source=bad_name + "2", stage="fetch", reason="HTTP 404")
    run, result = load(path, [good, bad], [odd_reject])
    assert result == {"loaded": 1, "unchanged": 0, "rejected": 2}
    assert rows(path, "SELECT source FROM articles") == [(good.source,)]
    stored = rows(path, "SELECT source, stage, reason FROM rejects ORDER BY stage")
    assert [(s, st) for s, st, _ in stored] == [(str(tmp_path / "bad") + "\\xff\\xfe.txt2", "fetch"),
                                                (str(tmp_path / "bad") + "\\xff\\xfe.txt", "load")]
    assert "not valid Unicode" in stored[1][2]
    _, again = load(path, [good, bad])  # and again on every re-run: never the whole batch
    assert again == {"loaded": 0, "unchanged": 1, "rejected": 1}


FULL_DISK = """
import sys
sys.path.insert(0, sys.argv[2])
from test_warehouse import article, load
from warehouse.db import connect
path = sys.argv[1] + "/w.duckdb"
connect(path).close()
text = "Pomona Unified School District (CA) won. " + "x" * 3_000_000
try:
    load(path, [article(text, [dict(name="Pomona Unified School District", state="CA")])])
except Exception as exc:
    print(type(exc).__name__, exc)
"""


def test_a_full_disk_reports_the_os_error(tmp_path):
    """A 2 MB tmpfs (a user and mount namespace: no root needed) fills up at COMMIT."""
    if subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True).returncode:
        pytest.skip("unshare --user --mount is not available here")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = tmp_path / "full.py"
    script.write_text(FULL_DISK)
    out = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                          f'mount -t tmpfs -o size=2m tmpfs "{disk}" && "{sys.executable}" "{script}" "{disk}" '
                          f'"{Path(__file__).parent}"'],
                         cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=120)
    assert "No space left on device" in out.stdout, out.stdout + out.stderr
    assert "cannot rollback" not in out.stdout + out.stderr


def test_a_run_over_a_directory_with_a_non_utf8_file_name_loads_the_rest(tmp_path):
    """The red team's case end to end: `awardex run DIR` where DIR holds bad\\xff\\xfe.txt."""
    samples = Path(__file__).resolve().parents[1] / "raw" / "samples"
    src = tmp_path / "in"
    src.mkdir()
    for name in ("magna-awards-2024.txt", "green-ribbon-2024.txt"):
        (src / name).write_bytes((samples / name).read_bytes())
    with open(os.path.join(bytes(src), b"bad\xff\xfe.txt"), "wb") as f:
        f.write((samples / "namm-music-2024.txt").read_bytes())
    db = tmp_path / "w.duckdb"
    for _ in range(2):  # and again on the re-run
        out = subprocess.run([sys.executable, "-m", "cli", "run", str(src), "--db", str(db)],
                             cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr[-3000:]
        assert "not valid Unicode" in out.stderr  # listed among the run's rejects
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
    assert rows(db, "SELECT rejected FROM runs ORDER BY started_at") == [(1,), (1,)]
    assert rows(db, "SELECT DISTINCT source, stage FROM rejects") == [(str(src) + "/bad\\xff\\xfe.txt", "load")]


def test_a_writer_connection_can_ask_for_one_thread(tmp_path):
    con = connect(tmp_path / "a.duckdb", threads=1)
    try:
        assert con.execute("SELECT current_setting('threads')").fetchone() == (1,)
    finally:
        con.close()
    con = connect(tmp_path / "a.duckdb")
    try:
        assert con.execute("SELECT current_setting('threads')").fetchone()[0] == duckdb.connect().execute(
            "SELECT current_setting('threads')").fetchone()[0]  # the default again once the first one is closed
    finally:
        con.close()


def test_a_districts_forms_gather_across_batches_and_leave_with_their_article(tmp_path):
    """Each batch adds its forms to the stored row's; an article replaced takes its forms with it."""
    path = tmp_path / "w.duckdb"
    first = article("Pomona USD (CA) won.", [dict(name="Pomona USD", state="CA")], source="https://example.org/1")
    second = article("Pomona Unified (CA), also PUSD, won.",
                     [dict(name="Pomona Unified", aliases=["PUSD"], state="CA")], source="https://example.org/2")
    third = article("Pomona Unified School District (CA) won.",
                    [dict(name="Pomona Unified School District", state="CA")], source="https://example.org/3")
    for rec in (first, second, third):
        load(path, [rec])
    assert rows(path, "SELECT name, aliases FROM districts") == [
        ("Pomona Unified School District", ["PUSD", "Pomona USD", "Pomona Unified"])]
    second_again = article("Pomona Unified (CA) won twice.", [dict(name="Pomona Unified", state="CA")],
                           source="https://example.org/2")
    load(path, [second_again])
    assert rows(path, "SELECT name, aliases FROM districts") == [
        ("Pomona Unified School District", ["Pomona USD", "Pomona Unified"])]
    load(path, [article("Nothing about districts.", [], source="https://example.org/3")])
    assert rows(path, "SELECT name, aliases FROM districts") == [("Pomona Unified", ["Pomona USD"])]
