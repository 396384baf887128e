"""Analyst queries: run SQL read-only against the warehouse, render as a table, CSV or JSON lines."""
from __future__ import annotations

import csv
import io
import json
import os

from rich.console import Console
from rich.table import Table
from rich.text import Text

from warehouse.db import connect

FORMATS = ("table", "csv", "json")


def run_query(sql: str, db: str | os.PathLike | None = None, fmt: str = "table") -> str:
    """Result of `sql` as text. The database is opened read-only; a missing file is FileNotFoundError."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    con = connect(db, read_only=True)
    try:
        cur = con.execute(sql)
        columns = [d[0] for d in cur.description or []]
        rows = cur.fetchall() if columns else []
    finally:
        con.close()
    return {"table": _table, "csv": _csv, "json": _json}[fmt](columns, rows)


def _text(v) -> str:
    """One value as text: NULL -> "", dates ISO 8601, lists and structs as JSON."""
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(v, default=_text, ensure_ascii=False)
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _table(columns: list[str], rows: list[tuple]) -> str:
    table = Table(caption=f"{len(rows)} row{'s' * (len(rows) != 1)}")
    for c in columns:
        table.add_column(Text(c))
    for row in rows:
        table.add_row(*(Text(_text(v)) for v in row))  # Text: no rich markup in data
    console = Console(file=io.StringIO(), width=max(80, 24 * len(columns)), color_system=None)
    console.print(table)
    return console.file.getvalue()


def _csv(columns: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    w.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue()


def _json(columns: list[str], rows: list[tuple]) -> str:
    return "".join(json.dumps(dict(zip(columns, row)), default=_text, ensure_ascii=False) + "\n" for row in rows)
