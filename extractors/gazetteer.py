"""Reference data from packages: US states from `us`, cities, towns and counties from `zipcodes`.

Reading the packages costs ~2 s and hundreds of MB per process (`zipcodes.list_all()` builds
42k dicts), and the rules need only three small tables: state forms, city name -> states, and
county names. They are built once from the packages into a compact JSON file in the user's
cache directory ($AWARDEX_CACHE, else $XDG_CACHE_HOME/awardex, else ~/.cache/awardex), named by
both packages' versions and this module's format, and every later process loads that file in
milliseconds. When the directory cannot be written the tables are built in memory, as before.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from schemas.names import fold

FORMAT = 2  # bump when the tables' content or layout changes
COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
           "central", "northern", "southern", "eastern", "western", "upper", "lower", "downtown"}
_AP_EXTRA = {"Calif": ("CA", "ap"), "Penn.": ("PA", "ap"), "Wisc.": ("WI", "ap"),
             "Tex.": ("TX", "ap"), "Ariz": ("AZ", "ap")}


@lru_cache(maxsize=1 << 14)
def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


# --- building the tables from the packages (once per machine and package versions) ------------
def _build() -> dict:
    import us
    import zipcodes

    forms: dict[str, tuple[str, str]] = {}
    for s in us.states.STATES + [us.states.DC]:
        forms[s.name] = (s.abbr, "name")
        forms[s.name.upper()] = (s.abbr, "name")
        if s.ap_abbr and s.ap_abbr != s.name:
            forms[s.ap_abbr] = (s.abbr, "ap")
        forms[s.abbr] = (s.abbr, "usps")
    forms.update(_AP_EXTRA)
    cities: dict[str, set[str]] = {}
    counties: set[str] = set()
    for z in zipcodes.list_all():
        for name in [z["city"], *z.get("acceptable_cities", [])]:
            cities.setdefault(_key(name), set()).add(z["state"])
        if z.get("county"):
            counties.add(_key(z["county"]))
    return {"states": forms, "cities": {k: " ".join(sorted(v)) for k, v in sorted(cities.items())},
            "counties": sorted(counties), "capitals": {s.abbr: s.capital for s in us.states.STATES if s.capital}}


def cache_file() -> Path:
    """Where the compact tables live for the installed `us` and `zipcodes` versions."""
    base = os.environ.get("AWARDEX_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "awardex"
    versions = "-".join(_version(p) for p in ("us", "zipcodes"))
    return Path(base) / f"gazetteer-{FORMAT}-{versions}.json"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def _save(path: Path, tables: dict) -> None:
    """Write atomically (a temporary file renamed into place): concurrent workers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(tables, f, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def _tables() -> dict:
    path = cache_file()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    tables = json.loads(json.dumps(_build()))  # the same shapes as a loaded file (tuples become lists)
    try:
        _save(path, tables)
    except OSError:
        pass  # a read-only home: keep the tables in memory only
    return tables


# --- the public functions ------------------------------------------------------------------------
@lru_cache(maxsize=1)
def state_forms() -> dict[str, tuple[str, str]]:
    """Surface form (as written) -> (USPS code, kind): full names, AP abbreviations, codes."""
    return {form: (code, kind) for form, (code, kind) in _tables()["states"].items()}


@lru_cache(maxsize=1)
def _cities() -> dict[str, frozenset[str]]:
    shared: dict[str, frozenset[str]] = {}  # one frozenset per distinct combination of states
    return {k: shared.setdefault(v, frozenset(v.split())) for k, v in _tables()["cities"].items()}


SPACED_MC = re.compile(r"\b(Mc)(?=[A-Z])")  # zipcodes writes "Mc Arthur" for McArthur, Ohio


def city_states(name: str) -> frozenset[str]:
    """USPS codes of the states that have a city or town of this name (empty if none); "McArthur"
    as zipcodes spells it too ("Mc Arthur")."""
    cities = _cities()
    found = cities.get(_key(name), frozenset())
    if "Mc" in name:
        found = found | cities.get(_key(SPACED_MC.sub("Mc ", name)), frozenset())
    return found


def is_city(name: str, state: str | None = None) -> bool:
    states = city_states(name)
    return bool(states) and (state is None or state in states)


def is_capital(name: str, state: str) -> bool:
    """The state's capital ("Columbus", "OH"): where a state body's releases are datelined."""
    capital = _tables()["capitals"].get(state)
    return capital is not None and _key(capital) == _key(name)


@lru_cache(maxsize=1)
def _counties() -> frozenset[str]:
    return frozenset(_tables()["counties"])


def is_county(name: str) -> bool:
    """A US county's name, without "County" ("Clay", "Washington")."""
    return f"{_key(name)} county" in _counties() or _key(name) in _counties()


def is_place(name: str) -> bool:
    """A US city, town or county name ("Reynoldsburg", "Gwinnett", "Gwinnett County")."""
    return bool(_cities().get(_key(name))) or is_county(name)
