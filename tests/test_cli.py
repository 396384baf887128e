"""The `awardex` command line, run as a user runs it (a real subprocess)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AWARDEX = [sys.executable, "-m", "cli"]
# Development-set floors (record F1 and per field): they only ever go up.
FLOORS = {"record_f1": 0.95, "district": 0.97, "city": 0.995, "state": 0.975, "enrollment": 0.99,
          "initiatives": 0.82}


def awardex(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*AWARDEX, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_extract_prints_one_grounded_record_per_article():
    paths = sorted((ROOT / "raw" / "samples").glob("*.txt"))[:3]
    out = awardex("extract", "--format", "jsonl", *map(str, paths))
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["article_id"] for r in records] == [p.stem for p in paths]
    for path, rec in zip(paths, records):
        text = path.read_text(encoding="utf-8").strip()
        assert rec["districts"], path
        for d in rec["districts"]:
            assert {"name", "aliases", "city", "state", "enrollment", "schools", "initiatives", "evidence"} <= set(d)
            for ev in d["evidence"]:
                assert text[ev["start"]:ev["end"]] == ev["text"] and ev["rule"]


def test_extract_reports_unreadable_files_and_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    good = ROOT / "raw" / "samples" / "magna-awards-2024.txt"
    out = awardex("extract", str(tmp_path / "missing.txt"), str(empty), str(good))
    assert out.returncode == 1
    assert "missing.txt" in out.stderr and "empty file" in out.stderr
    assert [json.loads(line)["article_id"] for line in out.stdout.splitlines()] == ["magna-awards-2024"]


def test_eval_on_fixtures_prints_every_field():
    out = awardex("eval", "--gold", "tests/fixtures", "--by-rule")
    assert out.returncode == 0, out.stderr
    for word in ("district", "city", "state", "enrollment", "schools", "initiatives", "record F1",
                 "district.school_district", "worst articles"):
        assert word in out.stdout


def test_eval_agrees_with_the_shared_scorer(corpus, tmp_path):
    pred = tmp_path / "pred.jsonl"
    out = awardex("extract", "--format", "jsonl", *map(str, sorted(corpus.glob("*.txt"))))
    pred.write_text(out.stdout)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(p.read_text() for p in sorted(corpus.glob("gold-*.jsonl"))))
    theirs = json.loads(subprocess.run([sys.executable, str(corpus.parent / "tools" / "score.py"),
                                        str(gold), str(pred), "--json"], capture_output=True,
                                       text=True, check=True).stdout)
    ours = json.loads(awardex("eval", "--gold", str(corpus), "--json").stdout)
    for field in ("district", "city", "state", "enrollment", "schools", "initiatives"):
        assert ours[field] == pytest.approx(theirs[field]), field
    assert ours["record_f1"] == pytest.approx(theirs["record_f1"])
    assert ours["errors"] == theirs["errors"]


def test_development_set_scores_hold_their_floors(corpus):
    result = json.loads(awardex("eval", "--gold", str(corpus), "--json").stdout)
    assert result["record_f1"] >= FLOORS["record_f1"]
    for field, floor in FLOORS.items():
        if field != "record_f1":
            assert result[field]["f1"] >= floor, (field, result[field])


def test_query_on_a_missing_database_is_a_clear_error(tmp_path):
    out = awardex("query", "SELECT 1", "--db", str(tmp_path / "none.duckdb"))
    assert out.returncode == 2 and "none.duckdb" in out.stderr


# --------------------------------------------------------------------------------------------- errors and exit statuses
def test_every_option_of_every_subcommand_has_help():
    import argparse

    import cli

    sub = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {'/'.join(action.option_strings) or action.dest}"
               for name, p in sub.choices.items() for action in p._actions
               if not isinstance(action, argparse._HelpAction) and not action.help]
    assert missing == []
    assert {"run", "serve", "extract", "eval", "query", "export", "review", "link"} <= set(sub.choices)


def test_the_version_is_declared_once_in_pyproject():
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    out = awardex("--version")
    assert (out.returncode, out.stdout.strip()) == (0, f"awardex {declared}")


@pytest.fixture
def warehouse_file(tmp_path):
    from warehouse.db import connect

    path = tmp_path / "w.duckdb"
    connect(path).close()
    return path


def one_line(out: subprocess.CompletedProcess) -> str:
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, out.stderr
    return out.stderr


def test_bad_sql_and_writes_are_one_line_and_exit_2(warehouse_file):
    out = awardex("query", "SELECT nope FROM articles", "--db", str(warehouse_file))
    assert out.returncode == 2 and "Binder Error" in one_line(out)
    out = awardex("query", "DELETE FROM articles", "--db", str(warehouse_file))
    assert out.returncode == 2 and "not DELETE" in one_line(out)
    out = awardex("query", "SELECT 1; SELECT 2", "--db", str(warehouse_file))
    assert out.returncode == 2 and "one SQL statement" in one_line(out)


def test_a_busy_database_is_one_line_and_75_for_every_command(warehouse_file, tmp_path):
    import duckdb

    writer = duckdb.connect(str(warehouse_file))  # what a loading run holds
    try:
        for args in (["query", "SELECT 1"], ["export", str(tmp_path / "out")],
                     ["link", "--nces", str(ROOT / "README.md")]):
            out = awardex(*args, "--db", str(warehouse_file))
            assert out.returncode == 75, (args, out.stderr)
            assert "locked by another process" in one_line(out)
        assert "--wait SECONDS" in awardex("query", "SELECT 1", "--db", str(warehouse_file)).stderr
    finally:
        writer.close()


def test_query_waits_for_the_run_with_wait(warehouse_file):
    import time

    import duckdb

    writer = duckdb.connect(str(warehouse_file))
    try:
        waiting = subprocess.Popen([*AWARDEX, "query", "SELECT 42 AS n", "--db", str(warehouse_file), "--format", "csv",
                                    "--wait", "120"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2)  # not a timing assert: the query has had the time to find the file busy
        assert waiting.poll() is None
    finally:
        writer.close()
    stdout, stderr = waiting.communicate(timeout=120)
    assert (waiting.returncode, stdout) == (0, "n\n42\n"), stderr


# --------------------------------------------------------------------------------------------- extract
def test_extract_takes_directories_like_run(tmp_path):
    samples = ROOT / "raw" / "samples"
    out = awardex("extract", str(samples))
    assert out.returncode == 0, out.stderr
    expected = sorted(p.stem for p in samples.iterdir() if p.suffix in (".txt", ".html") and p.stem != "README")
    assert sorted(json.loads(line)["article_id"] for line in out.stdout.splitlines()) == expected


def test_extract_table_is_readable_at_80_columns():
    out = subprocess.run([*AWARDEX, "extract", "--format", "table", str(ROOT / "raw" / "samples" / "magna-awards-2024.txt")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "80"})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert max(map(len, lines)) <= 80 and "program:" in out.stdout and "students" in out.stdout


def test_extract_reads_no_network_and_says_so():
    out = awardex("extract", "https://example.org/news/award")
    assert out.returncode == 1 and out.stdout == ""
    assert "extract reads files only" in out.stderr and "Traceback" not in out.stderr
