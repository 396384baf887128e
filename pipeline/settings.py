"""Settings for the source, fetch and text steps: one frozen options object, built from a file.

`load_settings()` reads `awardex.toml` (tables [fetch], [run] and [review]); every key is optional and
falls back to the default below, and a missing file means all defaults. Unknown tables or
keys and values of the wrong type are errors, so a typo never silently becomes a default.
The database path from the environment (AWARDEX_DB) is handled by the caller, not here.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SETTINGS_FILE = "awardex.toml"


@dataclass(frozen=True)
class Settings:
    # [fetch]
    timeout: float = 20.0          # seconds, per request (connect, each read and the whole body)
    retries: int = 2               # extra attempts after the first, for 5xx answers and timeouts only
    backoff: float = 0.5           # seconds before retry n: backoff * 2 ** (n - 1)
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    content_types: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
    host_delay: float = 0.5        # politeness: at most one request per host per this many seconds
    user_agent: str = "awardex/0.1"
    raw_dir: str = "raw/fetched"   # content-addressed snapshots of fetched bodies
    # [run]
    batch_size: int = 50
    db: str | None = None          # None: the warehouse default (or AWARDEX_DB, read elsewhere)
    # [review]
    fixtures: str = "tests/fixtures"   # where `awardex review` reads and writes fixture .json files
    texts: str = "."                   # what a fixture's relative text_path is relative to
    corpus: str = "../shared/corpus"   # the development gold set `awardex eval` scores by default

    def __post_init__(self) -> None:
        checks = [
            (self.timeout > 0, "timeout must be > 0"),
            (self.retries >= 0, "retries must be >= 0"),
            (self.backoff >= 0, "backoff must be >= 0"),
            (self.max_redirects >= 0, "max_redirects must be >= 0"),
            (self.max_bytes > 0, "max_bytes must be > 0"),
            (len(self.content_types) > 0, "content_types must not be empty"),
            (self.host_delay >= 0, "host_delay must be >= 0"),
            (bool(self.user_agent.strip()), "user_agent must not be empty"),
            (bool(self.raw_dir.strip()), "raw_dir must not be empty"),
            (self.batch_size > 0, "batch_size must be > 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"invalid setting: {message}")
        # media types are compared in lower case, without parameters
        object.__setattr__(self, "content_types",
                           tuple(t.split(";")[0].strip().lower() for t in self.content_types))


# which keys each table of the file may hold, and the type each value must have
_TABLES: dict[str, dict[str, tuple[type, ...]]] = {
    "fetch": {
        "timeout": (int, float), "retries": (int,), "backoff": (int, float),
        "max_redirects": (int,), "max_bytes": (int,), "content_types": (list,),
        "host_delay": (int, float), "user_agent": (str,), "raw_dir": (str,),
    },
    "run": {"batch_size": (int,), "db": (str,)},
    "review": {"fixtures": (str,), "texts": (str,), "corpus": (str,)},
}
assert {k for t in _TABLES.values() for k in t} == {f.name for f in fields(Settings)}


def load_settings(path: str | Path | None = None) -> Settings:
    """Settings from `path`, or from ./awardex.toml when there is one; defaults otherwise.

    An explicit `path` that does not exist is an error (FileNotFoundError); a malformed file
    or an unknown / ill-typed key raises ValueError naming the file and the key.
    """
    if path is None:
        path = Path(SETTINGS_FILE)
        if not path.is_file():
            return Settings()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from exc
    return _from_dict(data, str(path))


def _from_dict(data: dict[str, Any], where: str) -> Settings:
    values: dict[str, Any] = {}
    for table, content in data.items():
        keys = _TABLES.get(table)
        if keys is None:
            raise ValueError(f"{where}: unknown table [{table}] (expected {', '.join(f'[{t}]' for t in _TABLES)})")
        if not isinstance(content, dict):
            raise ValueError(f"{where}: {table} must be a table")
        for key, value in content.items():
            types = keys.get(key)
            if types is None:
                raise ValueError(f"{where}: unknown setting {key!r} in [{table}] "
                                 f"(known: {', '.join(sorted(keys))})")
            if isinstance(value, bool) or not isinstance(value, types):
                raise ValueError(f"{where}: [{table}] {key} = {value!r} has the wrong type "
                                 f"(expected {' or '.join(t.__name__ for t in types)})")
            if key == "content_types":
                if not all(isinstance(v, str) for v in value):
                    raise ValueError(f"{where}: [{table}] content_types must be a list of strings")
                value = tuple(value)
            if key == "db" and not value.strip():
                value = None
            values[key] = value
    try:
        return Settings(**values)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc
