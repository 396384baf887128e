"""Link warehouse districts to the NCES Common Core of Data LEA directory: `awardex link --nces FILE`.

FILE is a CSV with a header row, as NCES publishes the CCD LEA directory (ccd_lea_029_*.csv) or as a
user trims it. Columns used (names case-insensitive, every value read as text):

- LEAID     7-digit NCES agency id (required). An id that lost its leading zero in a spreadsheet
            (5 or 6 digits) is padded back to 7.
- LEA_NAME  agency name (required).
- LSTATE or ST  USPS state code (one of them is required; LSTATE is preferred when both are given).
- LCITY     location city (optional; only shown and stored).
- an enrollment column, when present: ENROLLMENT, TOTAL_ENROLLMENT, MEMBER or STUDENT_COUNT (optional;
            only shown and stored).
- SY_STATUS (optional): agencies with status 2 (closed) are left out.
A LEAID that appears on several rows (a file of several years) is read once, from the row with the
latest SCHOOL_YEAR when that column exists.

Matching is DuckDB SQL over the CSV, with the warehouse's own name rules (schemas.names: the words of a
name, and strict_key, registered as SQL functions). A district is tried under its name and its aliases (acronyms
left out), in this order; the first step that finds any candidate decides:

1. exact_name_state  the normalised full name equals the agency's, in the same state;
2. core_name_state   the core words (names.strict_key) are equal, in the same state;
3. core_name_unique  districts without a state only: equal core words, in any state.

Exactly one candidate agency links the district (stored in `district_links` with the method).
More than one leaves it unlinked and is listed with its candidates. No candidate is "unmatched".

`district_links` is a table of its own (load.py recomputes `districts` rows) and every `link` run
replaces its contents with what FILE gives for the districts stored now: a re-run with the same file
changes no row (not even linked_at); a district the new file no longer links loses its link.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from schemas.names import is_acronym, words

METHODS = ("exact_name_state", "core_name_state", "core_name_unique")
STATE_COLUMNS = ("LSTATE", "ST")
ENROLLMENT_COLUMNS = ("ENROLLMENT", "TOTAL_ENROLLMENT", "MEMBER", "STUDENT_COUNT")
CLOSED_STATUS = "2"  # CCD SY_STATUS: 1 open, 2 closed, 3 new, ...


def normalise(name: str) -> str:
    """The whole name as lower-case ASCII words: "Dallas I.S.D." -> "dallas i s d"."""
    return " ".join(words(name))


# awardex_strict_key (the core words) comes with every read-write connection (warehouse.db.register_functions)
_UDFS = {"awardex_normalise": (normalise, "VARCHAR"), "awardex_is_acronym": (is_acronym, "BOOLEAN")}


@dataclass(frozen=True)
class Agency:
    leaid: str
    name: str
    city: str | None
    state: str | None
    enrollment: int | None

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.city, self.state) if x)
        size = f", {self.enrollment:,} students" if self.enrollment is not None else ""
        return f"{self.leaid} {self.name}" + (f" ({where}{size})" if where or size else "")


@dataclass(frozen=True)
class Ambiguous:
    district_id: str
    name: str
    state: str | None
    method: str  # the step that found several candidates
    candidates: tuple[Agency, ...]


@dataclass
class LinkResult:
    agencies: int = 0                                              # distinct LEAIDs read from the file
    linked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METHODS, 0))  # by method, after this run
    ambiguous: list[Ambiguous] = field(default_factory=list)
    unmatched: list[tuple[str, str, str | None]] = field(default_factory=list)  # (district_id, name, state)
    added: int = 0      # links that did not exist before
    changed: int = 0    # links whose agency, method or stored agency details changed
    removed: int = 0    # links this file no longer gives (district ambiguous, unmatched, or gone)
    unchanged: int = 0  # links that stayed exactly as they were

    @property
    def total_linked(self) -> int:
        return sum(self.linked.values())


# ---------------------------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------------------------
def _read_csv_sql(encoding: str) -> str:
    return f"read_csv($path, header = true, all_varchar = true, encoding = '{encoding}')"


def _columns(con: duckdb.DuckDBPyConnection, path: str) -> tuple[dict[str, str], str]:
    """{UPPER name: name as in the file} and the encoding that reads it (UTF-8, else Latin-1)."""
    import duckdb

    last: Exception | None = None
    for encoding in ("utf-8", "latin-1"):
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM {_read_csv_sql(encoding)}", {"path": path}).fetchall()
            con.execute(f"SELECT count(*) FROM {_read_csv_sql(encoding)}", {"path": path}).fetchone()
            return {row[0].strip().upper(): row[0] for row in described}, encoding
        except duckdb.Error as exc:  # invalid UTF-8, or not a CSV at all
            last = exc
    raise ValueError(f"cannot read {path} as CSV: {last}")


def _agencies_sql(columns: dict[str, str], encoding: str, path: str) -> str:
    """SELECT for temp table _lea: one row per LEAID with its normalised and core name."""
    def col(name: str) -> str:
        return '"' + columns[name].replace('"', '""') + '"'

    def text(name: str) -> str:
        return f"nullif(trim({col(name)}), '')"

    missing = [c for c in ("LEAID", "LEA_NAME") if c not in columns]
    if not any(c in columns for c in STATE_COLUMNS):
        missing.append(" or ".join(STATE_COLUMNS))
    if missing:
        raise ValueError(f"{path} is not an NCES LEA directory file: no {', '.join(missing)} column "
                         f"(columns: {', '.join(columns.values())})")
    state = "coalesce(" + ", ".join(text(c) for c in STATE_COLUMNS if c in columns) + ")"
    city = text("LCITY") if "LCITY" in columns else "NULL"
    enrol = next((c for c in ENROLLMENT_COLUMNS if c in columns), None)
    enrollment = (f"CASE WHEN try_cast(replace({col(enrol)}, ',', '') AS BIGINT) BETWEEN 0 AND 2147483647 "
                  f"THEN try_cast(replace({col(enrol)}, ',', '') AS INTEGER) END") if enrol else "NULL::INTEGER"
    open_only = f"AND coalesce({text('SY_STATUS')}, '') <> '{CLOSED_STATUS}'" if "SY_STATUS" in columns else ""
    year = text("SCHOOL_YEAR") if "SCHOOL_YEAR" in columns else "NULL"
    return f"""
        WITH f AS (
            SELECT CASE WHEN regexp_full_match({text('LEAID')}, '[0-9]{{5,6}}') THEN lpad({text('LEAID')}, 7, '0')
                        ELSE {text('LEAID')} END AS leaid,
                   {text('LEA_NAME')} AS name, {city} AS city, upper({state}) AS state,
                   {enrollment} AS enrollment, {year} AS _year
            FROM {_read_csv_sql(encoding)}
            WHERE {text('LEAID')} IS NOT NULL AND {text('LEA_NAME')} IS NOT NULL {open_only}
        )
        SELECT leaid, name, city, state, enrollment,
               awardex_normalise(name) AS norm, awardex_strict_key(name) AS core
        FROM f
        QUALIFY row_number() OVER (PARTITION BY leaid
                                   ORDER BY _year DESC NULLS LAST, name, city NULLS LAST,
                                            state NULLS LAST, enrollment DESC NULLS LAST) = 1
    """


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------

# Replace district_links by _new_links, leaving identical rows (and their linked_at) alone.
_SAME = """n.district_id = t.district_id AND n.nces_leaid = t.nces_leaid AND n.method = t.method
           AND n.nces_name = t.nces_name AND n.nces_city IS NOT DISTINCT FROM t.nces_city
           AND n.nces_state IS NOT DISTINCT FROM t.nces_state
           AND n.nces_enrollment IS NOT DISTINCT FROM t.nces_enrollment"""


def link(nces_file: str | os.PathLike, db: str | os.PathLike | None = None) -> LinkResult:
    """Link every district of the warehouse `db` to the NCES LEA directory `nces_file`; one transaction.

    FileNotFoundError when either file is missing (the warehouse is never created here); ValueError
    when the CSV lacks the required columns.
    """
    # DuckDB is imported here, not when cli.py registers `awardex link` for every command
    from warehouse.db import connect, db_path, sql

    path = Path(nces_file)
    if not path.is_file():
        raise FileNotFoundError(f"no NCES file at {path}")
    if not db_path(db).exists():
        raise FileNotFoundError(f"no warehouse database at {db_path(db)} (load something first, e.g. `awardex run`)")
    con = connect(db)
    result = LinkResult()
    try:
        for name, (fn, returns) in _UDFS.items():
            con.create_function(name, fn, ["VARCHAR"], returns, side_effects=False)
        columns, encoding = _columns(con, str(path))
        con.execute(f"CREATE OR REPLACE TEMP TABLE _lea AS {_agencies_sql(columns, encoding, str(path))}",
                    {"path": str(path)})
        result.agencies = con.execute("SELECT count(*) FROM _lea").fetchone()[0]
        con.execute(sql("nces_match"))

        con.begin()
        try:
            before = {d for (d,) in con.execute("SELECT district_id FROM district_links").fetchall()}
            gone = {d for (d,) in con.execute(
                f"DELETE FROM district_links t WHERE NOT EXISTS (SELECT 1 FROM _new_links n WHERE {_SAME}) "
                f"RETURNING district_id").fetchall()}
            added = {d for (d,) in con.execute(
                "INSERT INTO district_links BY NAME SELECT n.*, now() AS linked_at FROM _new_links n "
                "WHERE n.district_id NOT IN (SELECT district_id FROM district_links) RETURNING district_id").fetchall()}
            con.commit()
        except Exception:
            con.rollback()
            raise
        result.changed = len(gone & added)
        result.removed = len(gone - added)
        result.added = len(added - before)
        result.unchanged = len(before - gone)

        for method, n in con.execute("SELECT method, count(*) FROM district_links GROUP BY method").fetchall():
            result.linked[method] = n
        agencies = {r[0]: Agency(*r) for r in con.execute(
            "SELECT leaid, name, city, state, enrollment FROM _lea "
            "WHERE leaid IN (SELECT unnest(leaids) FROM _candidates WHERE len(leaids) > 1)").fetchall()}
        result.ambiguous = [Ambiguous(d, name, state, method, tuple(agencies[x] for x in leaids))
                            for d, name, state, method, leaids in con.execute(
                                "SELECT c.district_id, d.name, d.state, c.method, c.leaids "
                                "FROM _candidates c JOIN districts d USING (district_id) "
                                "WHERE len(c.leaids) > 1 ORDER BY d.name, d.state NULLS LAST").fetchall()]
        result.unmatched = con.execute(
            "SELECT district_id, name, state FROM districts "
            "WHERE district_id NOT IN (SELECT district_id FROM _candidates) "
            "ORDER BY name, state NULLS LAST").fetchall()
    finally:
        con.close()  # temp tables and functions go with the connection
    return result


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------
def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `awardex link --nces FILE [--db DB] [--show-unmatched]` on the CLI's subparsers."""
    p = subparsers.add_parser("link", help="link districts to the NCES Common Core of Data LEA directory",
                              description="Match warehouse districts to an NCES CCD LEA directory CSV "
                                          "(LEAID, LEA_NAME, LSTATE or ST, optional LCITY and enrollment) "
                                          "and store nces_leaid with the match method; ambiguous matches "
                                          "stay unlinked and are listed.")
    p.add_argument("--nces", required=True, metavar="FILE", help="the CCD LEA directory CSV (with its header row)")
    p.add_argument("--db", help="DuckDB file (default: $AWARDEX_DB or warehouse/awards.duckdb)")
    p.add_argument("--show-unmatched", action="store_true", help="list the districts no agency matched")
    p.set_defaults(func=cmd_link)
    return p


def cmd_link(args: argparse.Namespace) -> int:
    """Handler for `awardex link`: 0 when the file was linked (ambiguous or unmatched districts
    included). Errors reach cli.main, the one place that maps them to exit statuses: 2 for a
    missing file or a CSV without the needed columns, 75 while a run holds the database."""
    result = link(args.nces, db=getattr(args, "db", None))
    print_summary(result, Console(), show_unmatched=getattr(args, "show_unmatched", False))
    return 0


def print_summary(result: LinkResult, out: Console, show_unmatched: bool = False) -> None:
    table = Table(title=f"awardex link: {result.agencies} NCES agencies read", show_header=False)
    for method in METHODS:
        table.add_row(f"linked by {method}", str(result.linked.get(method, 0)))
    table.add_row("linked in total", str(result.total_linked))
    table.add_row("  new / changed / unchanged / removed",
                  f"{result.added} / {result.changed} / {result.unchanged} / {result.removed}")
    table.add_row("ambiguous (left unlinked)", str(len(result.ambiguous)))
    table.add_row("unmatched", str(len(result.unmatched)))
    out.print(table)
    if result.ambiguous:
        out.print(f"ambiguous, left unlinked ({len(result.ambiguous)}):", highlight=False)
        for a in result.ambiguous:
            out.print(Text(f"  {a.name} ({a.state or 'no state'}): {len(a.candidates)} candidates by {a.method}"),
                      soft_wrap=True)
            for c in a.candidates:
                out.print(Text(f"      {c}"), soft_wrap=True)
    if show_unmatched and result.unmatched:
        out.print(f"unmatched ({len(result.unmatched)}):", highlight=False)
        for _, name, state in result.unmatched:
            out.print(Text(f"  {name} ({state or 'no state'})"), soft_wrap=True)
