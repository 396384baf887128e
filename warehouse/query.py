"""Analyst queries: one sandboxed SQL query (warehouse/sandbox.py), rendered as a table, CSV or JSON lines."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil

from rich.console import Console
from rich.table import Table
from rich.text import Text

from warehouse.sandbox import DEFAULT_LIMIT, Result, fetch, sandboxed

FORMATS = ("table", "csv", "json")


def fetch_query(sql: str, db: str | os.PathLike | None = None, limit: int | None = DEFAULT_LIMIT,
                wait: float = 0.0) -> Result:
    """At most `limit` rows of `sql`, run in the sandbox. A missing file is FileNotFoundError, a
    loading run DatabaseBusy (after `wait` seconds), refused or failing SQL QueryError."""
    with sandboxed(db, wait) as con:
        return fetch(con, sql, limit)


def run_query(sql: str, db: str | os.PathLike | None = None, fmt: str = "table",
              limit: int | None = DEFAULT_LIMIT, wait: float = 0.0, width: int | None = None) -> str:
    """Result of `sql` as text (see fetch_query)."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    return render(fetch_query(sql, db, limit, wait), fmt, width)


def render(result: Result, fmt: str = "table", width: int | None = None) -> str:
    """A table `width` columns wide (default: the terminal's, or $COLUMNS, else 80), CSV or JSON lines."""
    if fmt == "table":
        return _table(result.columns, result.rows, width or shutil.get_terminal_size((80, 24)).columns)
    return {"csv": _csv, "json": _json}[fmt](result.columns, result.rows)


def _text(v) -> str:
    """One value as text: NULL -> "", dates ISO 8601, lists and structs as JSON."""
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(v, default=_text, ensure_ascii=False)
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _table(columns: list[str], rows: list[tuple], width: int) -> str:
    table = Table(caption=f"{len(rows)} row{'s' * (len(rows) != 1)}")
    for c in columns:
        table.add_column(Text(c))
    for row in rows:
        table.add_row(*(Text(_text(v)) for v in row))  # Text: no rich markup in data
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(table)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"


def _csv(columns: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    w.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue()


def _json(columns: list[str], rows: list[tuple]) -> str:
    return "".join(json.dumps(dict(zip(columns, row)), default=_text, ensure_ascii=False) + "\n" for row in rows)
