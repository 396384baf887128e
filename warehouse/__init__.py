"""The DuckDB warehouse.

DEFAULT_LIMIT is here rather than in warehouse.sandbox (which uses it) so that the command line
declares `awardex query --limit` without importing DuckDB (~40 ms of every awardex command)."""

DEFAULT_LIMIT = 1000  # rows `awardex query` prints unless --limit says otherwise
