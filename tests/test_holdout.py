"""The team's hold-outs, scored with the project's evaluator: tests/holdout (ten articles in the
styles of state associations, state departments and local news), tests/holdout2 (22 more of
those genres), tests/holdout3 (20 local stories, state releases, national announcements and
district releases), tests/holdout4 (20 association, state-agency and local-news articles) and
tests/holdout5 (20 of every kind a crawler meets: trade magazines, nonprofits' award pages,
rankings, wire releases, newsletters, blogs, articles about no award), each written by a team
member who had read neither the rules nor the corpus and scored unseen first (record F1 0.765,
0.789, 0.794, 0.908). Nobody has studied holdout5's errors: it stays an unseen check. Floors sit
just under what the rules reach; they only ever go up."""
from __future__ import annotations

import json

import pytest

from tests.test_cli import awardex

HOLDOUT_FLOORS = {"record_f1": 0.96, "district": 0.98, "city": 0.97, "state": 0.98, "enrollment": 0.99,
                  "initiatives": 0.87, "role": 0.86}


HOLDOUT2_FLOORS = {"record_f1": 0.88, "district": 0.93, "city": 0.84, "state": 0.97, "enrollment": 0.93,
                   "initiatives": 0.72, "role": 0.91, "program": 0.87}


HOLDOUT3_FLOORS = {"record_f1": 0.90, "district": 0.96, "city": 0.92, "state": 0.97, "enrollment": 0.94,
                   "initiatives": 0.71, "role": 0.95, "program": 0.91}


HOLDOUT4_FLOORS = {"record_f1": 0.91, "district": 0.95, "city": 0.93, "state": 0.96, "enrollment": 0.95,
                   "initiatives": 0.75, "role": 0.92, "program": 0.83}
HOLDOUT5_FLOORS = {"record_f1": 0.90, "district": 0.95, "city": 0.93, "state": 0.97, "enrollment": 0.95,
                   "initiatives": 0.71, "role": 0.75, "program": 0.93}


@pytest.mark.parametrize("folder, floors", [("tests/holdout", HOLDOUT_FLOORS), ("tests/holdout2", HOLDOUT2_FLOORS),
                                            ("tests/holdout3", HOLDOUT3_FLOORS), ("tests/holdout4", HOLDOUT4_FLOORS),
                                            ("tests/holdout5", HOLDOUT5_FLOORS)])
def test_holdout_scores_hold_their_floors(folder, floors):
    result = json.loads(awardex("eval", "--gold", folder, "--json").stdout)
    assert result["record_f1"] >= floors["record_f1"]
    for field, floor in floors.items():
        if field != "record_f1":
            assert result[field]["f1"] >= floor, (field, result[field])
