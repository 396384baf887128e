"""NCES linking (`awardex link --nces FILE`): matching methods, ambiguity, idempotency, file variants, CLI.

The CSV files are small hand-written extracts in the CCD LEA directory layout (ccd_lea_029_*.csv);
the LEAIDs are made up.
"""
from __future__ import annotations

import argparse
from datetime import date

import pytest

from test_warehouse import article, load, pomona_articles, rows, snapshot
from warehouse.nces import add_parser, cmd_link, link

HEADER = "SCHOOL_YEAR,FIPST,STATENAME,ST,LEA_NAME,ST_LEAID,LEAID,LCITY,LSTATE,SY_STATUS,ENROLLMENT"
CCD = HEADER + """
2022-2023,06,CALIFORNIA,CA,Pomona Unified,CA-1964907,0631230,Pomona,CA,1,"23,500"
2022-2023,06,CALIFORNIA,CA,Chula Vista Elementary,CA-3768023,0608280,Chula Vista,CA,1,25000
2022-2023,48,TEXAS,TX,DALLAS ISD,TX-057905,4816230,Dallas,TX,1,139000
2022-2023,48,TEXAS,TX,DALLAS ISD,TX-057999,4816299,Dallas,TX,2,
2022-2023,48,TEXAS,TX,NORTHSIDE ISD,TX-015915,4833120,San Antonio,TX,1,101000
2022-2023,48,TEXAS,TX,NORTHSIDE ISD,TX-244905,4833150,Vernon,TX,1,200
2022-2023,24,MARYLAND,MD,Montgomery County Public Schools,MD-15,2400480,Rockville,MD,1,160000
2022-2023,51,VIRGINIA,VA,Montgomery County Public Schools,VA-060,5102550,Christiansburg,VA,1,9600
2022-2023,12,FLORIDA,FL,Orange County Public Schools,FL-48,1201440,Orlando,FL,1,206000
2022-2023,12,FLORIDA,FL,Orange County Schools,FL-99,1201499,Orlando,FL,1,
2022-2023,25,MASSACHUSETTS,MA,Springfield Public Schools,MA-281,2511130,Springfield,MA,1,23000
"""

LEAIDS = {"pomona": "0631230", "dallas": "4816230", "chula": "0608280", "orange": "1201440"}


def warehouse(path):
    """Pomona (two names, CA), Dallas ISD (TX), Northside ISD (TX), Orange County Public Schools (FL),
    Springfield (IL), and two districts without a state: Montgomery County Public Schools, Chula Vista."""
    text = ("Dallas ISD (Texas), Northside Independent School District (Texas), Orange County Public Schools "
            "(Florida) and Springfield Public Schools (Illinois) were named. So were Montgomery County Public "
            "Schools and Chula Vista Elementary School District.")
    others = article(text, [
        dict(name="Dallas ISD", state="TX", surface={"state": "Texas"}),
        dict(name="Northside Independent School District", state="TX", surface={"state": "Texas"}),
        dict(name="Orange County Public Schools", state="FL", surface={"state": "Florida"}),
        dict(name="Springfield Public Schools", state="IL", surface={"state": "Illinois"}),
        dict(name="Montgomery County Public Schools"),
        dict(name="Chula Vista Elementary School District")], source="https://example.org/others")
    load(path, [*pomona_articles(), others])
    return {name: district_id for name, district_id in rows(path, "SELECT name, district_id FROM districts")}


def write(tmp_path, text: str, name: str = "lea.csv", encoding: str = "utf-8"):
    f = tmp_path / name
    f.write_text(text, encoding=encoding)
    return f


def test_link_by_method_with_ambiguous_and_unmatched_districts(tmp_path):
    path = tmp_path / "w.duckdb"
    ids = warehouse(path)
    result = link(write(tmp_path, CCD), db=path)

    assert rows(path, "SELECT d.name, l.nces_leaid, l.method, l.nces_name, l.nces_city, l.nces_state, "
                      "l.nces_enrollment FROM district_links l JOIN districts d USING (district_id) ORDER BY 1") == [
        ("Chula Vista Elementary School District", "0608280", "core_name_unique", "Chula Vista Elementary",
         "Chula Vista", "CA", 25000),
        ("Dallas ISD", "4816230", "exact_name_state", "DALLAS ISD", "Dallas", "TX", 139000),  # closed twin ignored
        # exact beats core: "Orange County Schools" (FL) has the same core words but not the same name
        ("Orange County Public Schools", "1201440", "exact_name_state", "Orange County Public Schools",
         "Orlando", "FL", 206000),
        ("Pomona Unified School District", "0631230", "core_name_state", "Pomona Unified", "Pomona", "CA", 23500)]
    assert result.agencies == 10  # the closed Dallas row is left out
    assert result.linked == {"exact_name_state": 2, "core_name_state": 1, "core_name_unique": 1}
    assert (result.added, result.changed, result.unchanged, result.removed) == (4, 0, 0, 0)

    # ambiguous: left unlinked, listed with every candidate
    assert [(a.name, a.state, a.method, [c.leaid for c in a.candidates]) for a in result.ambiguous] == [
        ("Montgomery County Public Schools", None, "core_name_unique", ["2400480", "5102550"]),
        ("Northside Independent School District", "TX", "core_name_state", ["4833120", "4833150"])]
    assert [str(c) for c in result.ambiguous[1].candidates] == [
        "4833120 NORTHSIDE ISD (San Antonio, TX, 101,000 students)", "4833150 NORTHSIDE ISD (Vernon, TX, 200 students)"]
    # same name in another state is no match for a district with a state
    assert result.unmatched == [(ids["Springfield Public Schools"], "Springfield Public Schools", "IL")]
    assert rows(path, "SELECT count(*) FROM district_links WHERE district_id IN (?, ?, ?)",
                [ids["Montgomery County Public Schools"], ids["Northside Independent School District"],
                 ids["Springfield Public Schools"]]) == [(0,)]

    # the profile view carries the LEAID
    assert rows(path, "SELECT name, nces_leaid FROM district_profiles ORDER BY name") == [
        ("Chula Vista Elementary School District", "0608280"), ("Dallas ISD", "4816230"),
        ("Montgomery County Public Schools", None), ("Northside Independent School District", None),
        ("Orange County Public Schools", "1201440"), ("Pomona Unified School District", "0631230"),
        ("Springfield Public Schools", None)]


def test_relinking_is_idempotent_and_links_survive_reloads(tmp_path):
    path = tmp_path / "w.duckdb"
    ids = warehouse(path)
    lea = write(tmp_path, CCD)
    link(lea, db=path)
    before = snapshot(path)
    again = link(lea, db=path)
    assert snapshot(path) == before  # not even linked_at moves
    assert (again.added, again.changed, again.unchanged, again.removed) == (0, 0, 4, 0)

    # a load that recomputes Pomona's districts row (new name form, new enrollment) keeps its link
    newer = article("Pomona Unified Schools (CA) now enroll 22,000 students.",
                    [dict(name="Pomona Unified Schools", state="CA", enrollment=22000,
                          surface={"enrollment": "22,000"})],
                    source="https://example.org/pomona-3", published=date(2024, 6, 1))
    load(path, [newer])
    assert rows(path, "SELECT nces_leaid, enrollment, articles FROM district_profiles WHERE district_id = ?",
                [ids["Pomona Unified School District"]]) == [("0631230", 22000, 3)]
    assert snapshot(path)["district_links"] == before["district_links"]

    # a new file replaces what changed: Dallas has a new LEAID, Pomona becomes ambiguous, Orange disappears
    new = (CCD.replace("4816230", "4816231")
           .replace("2022-2023,12,FLORIDA,FL,Orange County Public Schools,FL-48,1201440,Orlando,FL,1,206000\n", "")
           + "2022-2023,06,CALIFORNIA,CA,Pomona Unified SD,CA-0000000,0699999,Pomona,CA,1,10\n")
    result = link(write(tmp_path, new, "lea-2024.csv"), db=path)
    assert (result.added, result.changed, result.unchanged, result.removed) == (0, 2, 1, 1)
    assert rows(path, "SELECT d.name, l.nces_leaid, l.method FROM district_links l JOIN districts d "
                      "USING (district_id) ORDER BY 1") == [
        ("Chula Vista Elementary School District", "0608280", "core_name_unique"),
        ("Dallas ISD", "4816231", "exact_name_state"),
        # "Orange County Schools" is now the only same-core agency in FL
        ("Orange County Public Schools", "1201499", "core_name_state")]
    assert {a.name for a in result.ambiguous} >= {"Pomona Unified School District"}
    # ... and Pomona's two candidates come from the step that found them (exact found none)
    (pomona,) = [a for a in result.ambiguous if a.name == "Pomona Unified School District"]
    assert pomona.method == "core_name_state" and [c.leaid for c in pomona.candidates] == ["0631230", "0699999"]


def test_link_reads_file_variants(tmp_path):
    """ST instead of LSTATE, no LCITY, no enrollment, Latin-1 text, a LEAID that lost its leading zero."""
    path = tmp_path / "w.duckdb"
    text = "Cañon City Schools (Colorado) and Pomona USD (CA) won."
    load(path, [article(text, [dict(name="Cañon City Schools", state="CO", surface={"state": "Colorado"}),
                               dict(name="Pomona USD", state="CA")], source="https://example.org/canon")])
    lea = write(tmp_path, "LEAID,LEA_NAME,ST\n802910,Cañon City RE-1,CO\n0802911,Canon City Schools,CO\n"
                          "0631230,Pomona Unified,CA\n", encoding="latin-1")
    result = link(lea, db=path)
    assert rows(path, "SELECT nces_leaid, method, nces_name, nces_city, nces_state, nces_enrollment "
                      "FROM district_links ORDER BY 1") == [
        ("0631230", "core_name_state", "Pomona Unified", None, "CA", None),
        ("0802911", "exact_name_state", "Canon City Schools", None, "CO", None)]
    assert result.agencies == 3 and not result.ambiguous and not result.unmatched
    # the padded LEAID is what is stored for a 6-digit one
    link(write(tmp_path, "LEAID,LEA_NAME,LSTATE,ST\n631230,Pomona Unified,CA,\n", "lea2.csv"), db=path)
    assert rows(path, "SELECT nces_leaid FROM district_links") == [("0631230",)]


def test_link_errors(tmp_path):
    path = tmp_path / "w.duckdb"
    with pytest.raises(FileNotFoundError):
        link(write(tmp_path, CCD), db=path)
    assert not path.exists()  # linking never creates a warehouse
    warehouse(path)
    with pytest.raises(FileNotFoundError):
        link(tmp_path / "missing.csv", db=path)
    with pytest.raises(ValueError, match="LSTATE or ST"):
        link(write(tmp_path, "LEAID,LEA_NAME,LCITY\n0631230,Pomona Unified,Pomona\n", "nostate.csv"), db=path)
    with pytest.raises(ValueError, match="LEAID"):
        link(write(tmp_path, "NCESID,LEA_NAME,ST\n0631230,Pomona Unified,CA\n", "noid.csv"), db=path)
    assert rows(path, "SELECT count(*) FROM district_links") == [(0,)]


def cli(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="awardex")
    sub = p.add_subparsers(dest="command", required=True)
    assert add_parser(sub).prog == "awardex link"
    return p.parse_args(argv)


def test_link_command(tmp_path, capsys):
    path = tmp_path / "w.duckdb"
    warehouse(path)
    args = cli(["link", "--nces", str(write(tmp_path, CCD)), "--db", str(path), "--show-unmatched"])
    assert args.func is cmd_link and args.db == str(path)
    assert args.func(args) == 0
    out = capsys.readouterr().out
    for expected in ("linked by exact_name_state", "linked by core_name_unique", "ambiguous, left unlinked (2)",
                     "Northside Independent School District (TX): 2 candidates by core_name_state",
                     "4833150 NORTHSIDE ISD (Vernon, TX, 200 students)",
                     "Montgomery County Public Schools (no state): 2 candidates by core_name_unique",
                     "unmatched (1)", "Springfield Public Schools (IL)"):
        assert expected in out, expected
    assert cli(["link", "--nces", "x.csv"]).db is None  # the default warehouse, as for the other commands
    import cli as command_line  # errors become exit statuses in one place: cli.main

    assert command_line.main(["link", "--nces", str(tmp_path / "missing.csv"), "--db", str(path)]) == 2
    assert "no NCES file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli(["link"])  # --nces is required
