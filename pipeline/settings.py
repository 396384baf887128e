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

from pipeline.addresses import parse_allow_entry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SETTINGS_FILE = "awardex.toml"
MAX_SECONDS = 3600  # no wait in [fetch] may be longer (nor inf nor nan: comparisons with nan fail)


@dataclass(frozen=True)
class Settings:
    # [fetch]
    timeout: float = 20.0          # seconds, one deadline per attempt (DNS, connect, headers and body)
    retries: int = 2               # extra attempts after the first, for 5xx answers and timeouts only
    backoff: float = 0.5           # seconds before retry n: backoff * 2 ** (n - 1)
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    content_types: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
    host_delay: float = 0.5        # politeness: at most one request per host per this many seconds
    user_agent: str = "awardex/0.1"
    raw_dir: str = "raw/fetched"   # content-addressed snapshots of fetched bodies
    allow_hosts: tuple[str, ...] = ()  # "host" or "host:port" that may be private/loopback (SSRF guard)
    obey_robots: bool = True       # honour robots.txt (fetched once per host per run)
    # [discover]
    max_per_run: int = 500         # new article URLs taken from feeds and sitemaps per run
    max_per_source: int = 100      # ... and per feed or sitemap; the rest waits for the next run
    same_host: bool = True         # only article URLs on the feed's or sitemap's own host
    # [run]
    batch_size: int = 50
    db: str | None = None          # None: the warehouse default (or AWARDEX_DB, read elsewhere)
    # [review]
    fixtures: str = "tests/fixtures"   # where `awardex review` reads and writes fixture .json files
    texts: str = "."                   # what a fixture's relative text_path is relative to
    corpus: str = "../shared/corpus"   # the development gold set `awardex eval` scores by default

    def __post_init__(self) -> None:
        checks = [
            (0 < self.timeout <= MAX_SECONDS, f"timeout must be > 0 and <= {MAX_SECONDS} seconds"),
            (self.retries >= 0, "retries must be >= 0"),
            (0 <= self.backoff <= MAX_SECONDS, f"backoff must be >= 0 and <= {MAX_SECONDS} seconds"),
            (self.max_redirects >= 0, "max_redirects must be >= 0"),
            (self.max_bytes > 0, "max_bytes must be > 0"),
            (len(self.content_types) > 0, "content_types must not be empty"),
            (0 <= self.host_delay <= MAX_SECONDS, f"host_delay must be >= 0 and <= {MAX_SECONDS} seconds"),
            (bool(self.user_agent.strip()), "user_agent must not be empty"),
            (all(" " <= c <= "~" for c in self.user_agent),
             "user_agent must be printable ASCII (no line breaks or control characters)"),
            (bool(self.raw_dir.strip()), "raw_dir must not be empty"),
            (self.batch_size > 0, "batch_size must be > 0"),
            (self.max_per_run >= 0, "max_per_run must be >= 0"),
            (self.max_per_source >= 0, "max_per_source must be >= 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"invalid setting: {message}")
        for entry in self.allow_hosts:
            try:
                parse_allow_entry(entry)
            except ValueError as exc:
                raise ValueError(f"invalid setting: {exc}") from None
        # media types are compared in lower case, without parameters
        object.__setattr__(self, "content_types",
                           tuple(t.split(";")[0].strip().lower() for t in self.content_types))


# which keys each table of the file may hold, and the type each value must have
_TABLES: dict[str, dict[str, tuple[type, ...]]] = {
    "fetch": {
        "timeout": (int, float), "retries": (int,), "backoff": (int, float),
        "max_redirects": (int,), "max_bytes": (int,), "content_types": (list,),
        "host_delay": (int, float), "user_agent": (str,), "raw_dir": (str,),
        "allow_hosts": (list,), "obey_robots": (bool,),
    },
    "discover": {"max_per_run": (int,), "max_per_source": (int,), "same_host": (bool,)},
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
    if path.is_dir():
        raise ValueError(f"settings file {path} is a directory (give the .toml file itself)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"settings file {path} does not exist") from None
    except UnicodeDecodeError:
        raise ValueError(f"settings file {path} is not UTF-8 text") from None
    except OSError as exc:
        raise ValueError(f"settings file {path} cannot be read: {exc.strerror or exc}") from None
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
            if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
                raise ValueError(f"{where}: [{table}] {key} = {value!r} has the wrong type "
                                 f"(expected {' or '.join(t.__name__ for t in types)})")
            if key in ("content_types", "allow_hosts"):
                if not all(isinstance(v, str) for v in value):
                    raise ValueError(f"{where}: [{table}] {key} must be a list of strings")
                value = tuple(value)
            if key == "db" and not value.strip():
                value = None
            values[key] = value
    try:
        return Settings(**values)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc
