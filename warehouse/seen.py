"""The `seen_urls` table (migration 005): every URL a run asked for or a feed / sitemap listed.

- `state` reads it back for the next run's discovery (pipeline.discover.plan): url -> row;
- `record` writes a run's rows (one per URL, the latest answer; first_seen is kept from the
  first time a URL was seen, whatever the rows say);
- `listed_by` answers the analyst's question "what did this feed publish, and when".
Rows are plain dicts whose keys are the table's columns (the pipeline never imports this module).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import pyarrow as pa

_TS = pa.timestamp("us", tz="UTC")
SCHEMA = pa.schema([
    ("url", pa.string()), ("kind", pa.string()), ("via", pa.string()), ("first_seen", _TS),
    ("last_checked", _TS), ("last_changed", _TS), ("status", pa.string()), ("reason", pa.string()),
    ("http_status", pa.int32()), ("etag", pa.string()), ("last_modified", pa.string()), ("lastmod", pa.string()),
    ("raw_sha256", pa.string()), ("content_type", pa.string()), ("final_url", pa.string()), ("run_id", pa.string()),
])
COLUMNS = tuple(SCHEMA.names)
KINDS = ("page", "feed", "sitemap")
STATUSES = ("fetched", "unchanged", "pending", "rejected")


def state(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """url -> its row (every column), for discovery to decide what to ask and how, plus
    `run_status` (how the run that last wrote the row ended: a page fetched by a run that died
    was never loaded) and `ever_stored` (an article from this URL is stored, by any extractor)."""
    names = (*COLUMNS, "run_status", "ever_stored")
    cursor = con.execute(f"""
        SELECT {', '.join(f's.{c}' for c in COLUMNS)}, r.status,
               EXISTS (SELECT 1 FROM source_hashes h WHERE h.source = s.url)
        FROM seen_urls s LEFT JOIN runs r USING (run_id)""")
    return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}


def record(con: duckdb.DuckDBPyConnection, run_id: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """Upsert `rows` (one per URL; the last one wins) in one transaction; returns how many."""
    by_url = {}
    for row in rows:
        if row.get("kind") not in KINDS or row.get("status") not in STATUSES:
            raise ValueError(f"seen_urls row for {row.get('url')!r}: kind {row.get('kind')!r} / "
                             f"status {row.get('status')!r} not one of {KINDS} / {STATUSES}")
        by_url[row["url"]] = {**{c: row.get(c) for c in COLUMNS}, "run_id": run_id}
    if not by_url:
        return 0
    con.register("_seen_rows", pa.Table.from_pylist(list(by_url.values()), schema=SCHEMA))
    con.begin()
    try:
        con.execute(f"""
            INSERT INTO seen_urls ({', '.join(COLUMNS)})
            SELECT {', '.join(f'n.{c}' if c != 'first_seen' else 'coalesce(o.first_seen, n.first_seen)'
                              for c in COLUMNS)}
            FROM _seen_rows n LEFT JOIN seen_urls o USING (url)
            ON CONFLICT (url) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in COLUMNS if c != 'url')}
        """)
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        con.unregister("_seen_rows")
    return len(by_url)


def listed_by(con: duckdb.DuckDBPyConnection, listing: str) -> list[tuple[str, Any, str]]:
    """(url, first_seen, status) of the pages `listing` (a feed or sitemap URL) named, oldest first."""
    return con.execute("SELECT url, first_seen, status FROM seen_urls WHERE via = ? AND kind = 'page' "
                       "ORDER BY first_seen, url", [listing]).fetchall()
