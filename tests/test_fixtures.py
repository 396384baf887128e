"""Fixtures drive tests: one case per tests/fixtures/*.json, extraction vs the reviewed record.

Each case asserts a floor (district F1 and record F1 for that article, review.evaluate.score)
that the extractor reaches today: a fixture's own "floor" key (the workbench, `awardex review
--serve`, writes one with every fixture it saves), else FLOORS below. A failing
case shows the same field-level diff as `awardex review ARTICLE`. Raise a floor when the
extractor gets better; never lower one to make a change pass without saying why.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from review import evaluate
from review import diff as rdiff
from review import extraction
from review import fixtures as fx

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
FILES = sorted(FIXTURES.glob("*.json"))

# Measured 2026-11-23 with `awardex review --all tests/fixtures`, rounded down to the hundredth.
# Per-fixture "floor" keys take precedence.
FLOORS = {
    "chandler-superintendent-2025": {"district": 1.0, "record": 0.93},
    "cs-vanguard-ranked-2024": {"district": 1.0, "record": 0.94},
    "cusd300-profile": {"district": 0.85, "record": 0.63},
    "field-notes-blog-2024": {"district": 1.0, "record": 0.98},
    "fwisd-pathways-2024": {"district": 1.0, "record": 0.91},
    "green-ribbon-2024": {"district": 1.0, "record": 0.94},
    "heb-excellence-2024": {"district": 1.0, "record": 0.97},
    "iowa-stem-best-table-2024": {"district": 1.0, "record": 0.88},
    "kern-wellness-grants-2024": {"district": 1.0, "record": 0.91},
    "lancaster-family-qa-2024": {"district": 1.0, "record": 0.8},
    "league-innovative-2024": {"district": 1.0, "record": 0.96},
    "magna-awards-2024": {"district": 1.0, "record": 0.97},
    "mesa-51-succeeds-2024": {"district": 1.0, "record": 0.98},
    "mississippi-ratings-2024": {"district": 1.0, "record": 0.95},
    "moreno-valley-iste-2023": {"district": 1.0, "record": 0.96},
    "namm-music-2024": {"district": 1.0, "record": 1.0},
    "nassau-boces-award-2024": {"district": 1.0, "record": 0.96},
    "north-suburban-ap-2024": {"district": 0.92, "record": 0.71},
    "oxford-superintendent-2023": {"district": 1.0, "record": 1.0},
    "pomona-dod-2024": {"district": 1.0, "record": 0.96},
    "pomona-golden-bell-2024": {"district": 1.0, "record": 0.93},
    "prnewswire-data-champions-2024": {"district": 1.0, "record": 0.93},
    "springfield-mo-workforce-2024": {"district": 1.0, "record": 0.9},
    "state-snapshots-2024": {"district": 1.0, "record": 0.95},
    "tennessee-spotlight-2024": {"district": 1.0, "record": 0.97},
    "wichita-kansans-can-2024": {"district": 1.0, "record": 0.93},
}


@pytest.fixture(scope="module")
def extracted() -> dict:
    """Every fixture's article extracted once (one spaCy pass for the module)."""
    articles = []
    for path in FILES:
        rec = fx.load_fixture(path)
        articles.append(evaluate.gold_article(FIXTURES, rec, REPO))
    return extraction.extract_records(articles)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_extraction_meets_the_fixture_floor(path: Path, extracted: dict) -> None:
    gold = fx.load_fixture(path)
    _, pred, rejects = extracted[gold["article_id"]]
    assert pred is not None, f"{path.name}: no record ({rejects})"
    problem = below_floor(path.name, gold, pred)
    assert problem is None, problem


def below_floor(name: str, gold: dict, pred: dict) -> str | None:
    """Why an extraction misses its fixture's floor (with the diff), or None when it meets it.
    tests/test_workbench.py holds a fixture the workbench saved to the same check."""
    floor = gold.get("floor") or FLOORS.get(Path(name).stem)
    if not floor:
        return f"{name} has no floor: add it to FLOORS in {Path(__file__).name} or a 'floor' key"
    got = rdiff.article_scores(gold, pred)
    if got["district_f1"] >= floor["district"] and got["record_f1"] >= floor["record"]:
        return None
    return (f"{name}: district F1 {got['district_f1']:.3f} (floor {floor['district']}), "
            f"record F1 {got['record_f1']:.3f} (floor {floor['record']})\n"
            + rdiff.format_diff(rdiff.diff(gold, pred)))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_fixture_is_canonical(path: Path) -> None:
    """What `awardex review --write` would write for this fixture is the file as it is."""
    rec = fx.load_fixture(path)
    assert fx.fixture_text(rec) == path.read_text(encoding="utf-8")
    assert rec["article_id"] == path.stem
    assert evaluate.article_path(FIXTURES, rec, REPO).is_file()
