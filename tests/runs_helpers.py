"""What the run tests share: the article they serve or write, and a read-only look at a warehouse."""
from __future__ import annotations

from pathlib import Path

import duckdb

# one recognised district with its place and size, as an HTML page and as a text file
PAGE = (b"<html><head><title>Example Award</title></head><body><article><h1>Example Award</h1>"
        b"<p>Maple Ridge Unified School District in Maple Ridge, California, won the Example Award.</p>"
        b"<p>The district serves approximately 4,900 students in 12 schools and runs a dual-language "
        b"program.</p></article></body></html>")
ARTICLE = ("Maple Ridge award\n\nMaple Ridge Unified School District in Maple Ridge, California, won the Example "
           "Award. The district serves approximately 4,900 students in 12 schools.\n")


def rows(db: Path, sql: str) -> list[tuple]:
    """The rows of one query on a read-only connection that is closed again at once."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
