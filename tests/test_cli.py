"""The `awardex` command line, run as a user runs it (a real subprocess)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AWARDEX = [sys.executable, "-m", "cli"]
# Development-set floors (record F1 and per field): they only ever go up.
FLOORS = {"record_f1": 0.81, "district": 0.88, "city": 0.92, "state": 0.84, "enrollment": 0.68,
          "initiatives": 0.71}


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
