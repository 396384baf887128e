"""The compact gazetteer: built once from `us` and `zipcodes` into a cache file, then loaded from
it; every answer is the packages' own."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extractors import gazetteer

ROOT = Path(__file__).resolve().parents[1]
PROBE = ("from extractors import gazetteer as g; import json, sys; "
         "print(json.dumps([sorted(g.city_states('Springfield')), g.is_place('Gwinnett County'), "
         "g.state_forms()['Calif.'], str(g.cache_file()), 'zipcodes' in sys.modules]))")


def probe(cache: Path) -> list:
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"AWARDEX_CACHE": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(cache)})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_first_process_builds_the_cache_later_ones_only_read_it(tmp_path):
    cache = tmp_path / "cache"
    first = probe(cache)
    assert first[1:3] == [True, ["CA", "ap"]]
    assert "MA" in first[0] and "IL" in first[0] and first[4] is True  # built from the packages
    assert Path(first[3]).is_file() and Path(first[3]).parent == cache
    second = probe(cache)
    assert second[:4] == first[:4] and second[4] is False  # read from the file: zipcodes never imported


def test_cached_tables_are_the_packages_tables():
    built = json.loads(json.dumps(gazetteer._build()))
    assert gazetteer._tables() == built
    assert gazetteer.city_states("Pomona") >= {"CA"} and gazetteer.city_states("Atlantis Nowhere") == frozenset()
    assert gazetteer.is_city("Reynoldsburg", "OH") and not gazetteer.is_city("Reynoldsburg", "CA")
    assert gazetteer.state_forms()["Texas"] == ("TX", "name")


def test_an_unwritable_cache_falls_back_to_memory(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert probe(blocked / "cache")[:3] == probe(tmp_path / "ok")[:3]
