"""Reference data from packages: US states from `us`, cities and towns from `zipcodes`."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import us
import zipcodes

COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
           "central", "northern", "southern", "eastern", "western", "upper", "lower", "downtown"}


def _key(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'")).strip()


@lru_cache(maxsize=1)
def state_forms() -> dict[str, tuple[str, str]]:
    """Surface form (as written) -> (USPS code, kind): full names, AP abbreviations, codes."""
    forms: dict[str, tuple[str, str]] = {}
    for s in us.states.STATES + [us.states.DC]:
        forms[s.name] = (s.abbr, "name")
        forms[s.name.upper()] = (s.abbr, "name")
        if s.ap_abbr and s.ap_abbr != s.name:
            forms[s.ap_abbr] = (s.abbr, "ap")
        forms[s.abbr] = (s.abbr, "usps")
    forms.update({"Calif": ("CA", "ap"), "Penn.": ("PA", "ap"), "Wisc.": ("WI", "ap"),
                  "Tex.": ("TX", "ap"), "Ariz": ("AZ", "ap")})
    return forms


@lru_cache(maxsize=1)
def _cities() -> dict[str, frozenset[str]]:
    by_name: dict[str, set[str]] = {}
    for z in zipcodes.list_all():
        for name in [z["city"], *z.get("acceptable_cities", [])]:
            by_name.setdefault(_key(name), set()).add(z["state"])
    return {k: frozenset(v) for k, v in by_name.items()}


def city_states(name: str) -> frozenset[str]:
    """USPS codes of the states that have a city or town of this name (empty if none)."""
    return _cities().get(_key(name), frozenset())


def is_city(name: str, state: str | None = None) -> bool:
    states = city_states(name)
    return bool(states) and (state is None or state in states)


@lru_cache(maxsize=1)
def _counties() -> frozenset[str]:
    return frozenset(_key(z["county"]) for z in zipcodes.list_all() if z.get("county"))


def is_place(name: str) -> bool:
    """A US city, town or county name ("Reynoldsburg", "Gwinnett", "Gwinnett County")."""
    key = _key(name)
    return bool(_cities().get(key)) or key in _counties() or f"{key} county" in _counties()
