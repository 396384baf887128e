"""The warehouse for notebooks: SQL in, pandas DataFrames out, in the analyst sandbox.

    from warehouse.analysts import Warehouse
    wh = Warehouse("warehouse/awards.duckdb")      # or Warehouse() for $AWARDEX_DB / the default
    wh.query("SELECT state, count(*) AS n FROM districts GROUP BY ALL ORDER BY n DESC")
    wh.recognitions(program="Districts of Distinction")

Every call opens the file read-only in the sandbox of `awardex query` (warehouse/sandbox.py: no
files, network or extensions, one statement, configuration locked) and closes it again, so a
notebook left open never stops a run from loading. Results come through Arrow (integer columns
with NULLs stay integers: pandas' nullable Int64), with at most
`limit` rows (default DEFAULT_LIMIT; None for all): more raises TooManyRows rather than
returning a silently cut frame.
"""
from __future__ import annotations

import os

import duckdb
import pandas as pd
import pyarrow as pa

from warehouse.sandbox import QueryError, one_line, relation, sandboxed

DEFAULT_LIMIT = 1_000_000
BATCH_ROWS = 65_536
# Integer and boolean columns stay integers and booleans when they hold NULLs (not floats)
NULLABLE = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
            pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
            pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype()}


class TooManyRows(ValueError):
    """The query returned more rows than the limit."""


class Warehouse:
    def __init__(self, db: str | os.PathLike | None = None, wait: float = 0.0,
                 limit: int | None = DEFAULT_LIMIT) -> None:
        self.db, self.wait, self.limit = db, wait, limit

    def query(self, sql: str, params: dict | None = None, limit: int | None = None) -> pd.DataFrame:
        """The result of one SQL query as a DataFrame. `params` fill `$name` placeholders."""
        limit = self.limit if limit is None else limit
        with sandboxed(self.db, self.wait) as con:
            try:
                reader = relation(con, sql, params).to_arrow_reader(BATCH_ROWS)
                batches, rows = [], 0
                for batch in reader:
                    batches.append(batch)
                    rows += batch.num_rows
                    if limit is not None and rows > limit:
                        raise TooManyRows(f"more than {limit:,} rows: add a LIMIT or a WHERE, or pass limit=")
            except duckdb.Error as exc:
                raise QueryError(one_line(exc)) from None
            return pa.Table.from_batches(batches, schema=reader.schema).to_pandas(types_mapper=NULLABLE.get)

    # The views, as named helpers ------------------------------------------------------------
    def district_profiles(self, state: str | None = None) -> pd.DataFrame:
        """One row per district (docs/warehouse.md, district_profiles), optionally of one state."""
        return self._view("district_profiles", "name", state=state)

    def recognitions(self, program: str | None = None, state: str | None = None) -> pd.DataFrame:
        """Recognised (district, article) pairs; `program` is a canonical name (programs.name)."""
        return self._view("recognitions", "published, district_name", program=program, state=state)

    def initiatives_by_state(self, state: str | None = None) -> pd.DataFrame:
        return self._view("initiatives_by_state", "state, initiative", state=state)

    def programs_by_year(self, program: str | None = None) -> pd.DataFrame:
        return self._view("programs_by_year", "program, year", program=program)

    def programs(self) -> pd.DataFrame:
        """One row per program: canonical name and the variants articles use."""
        return self._view("programs", "name")

    def _view(self, name: str, order: str, **equal: str | None) -> pd.DataFrame:
        given = {k: v for k, v in equal.items() if v is not None}
        where = " AND ".join(f"{k} = ${k}" for k in given)
        return self.query(f"SELECT * FROM {name}" + (f" WHERE {where}" if where else "")
                          + f" ORDER BY {order} NULLS LAST", given)
