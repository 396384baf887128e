"""The team's hold-outs, scored with the project's evaluator: tests/holdout (ten articles in the
styles of state associations, state departments and local news), tests/holdout2 (22 more of
those genres), tests/holdout3 (20 local stories, state releases, national announcements and
district releases), tests/holdout4 (20 association, state-agency and local-news articles),
tests/holdout5 (20 of every kind a crawler meets: trade magazines, nonprofits' award pages,
rankings, wire releases, newsletters, blogs, articles about no award), tests/holdout6 (20 by two
more members: state and local news; national programmes, lists and releases), tests/holdout7
(20 by two more: local TV, weeklies, metro roundups, district and state releases; state lists,
rankings, grant rounds, school honourees with their districts) and tests/holdout8 (20 by two
more: local TV, dailies, weeklies, public radio, a board recap, a grant round, a profile, a wire
story; a national release, a state's designations by region, an honour roll by category, a
magazine's ranking table, a vendor's blog, a district's release, a foundation's grants, a school
boards association's awards, finalists, a newsletter) and tests/holdout9 (20 by two more: a weekly,
a metro daily, local TV, public radio, a board recap, a superintendent profile, a state list with
local reaction, a county comparison, a wire story, a student paper; a nonprofit's release, a state's
designations by region, an association's categories, a magazine ranking, a foundation's grants, a
vendor's blog, finalists by size, a district's release, a national list by state, a newsletter) and
tests/holdout10 (20 by two more: a small-town weekly, a metro roundup, local TV, public radio, a board
recap, a superintendent profile, a state list with local reaction, a regional comparison, a wire
story, a student paper; a nonprofit's release, a state's designations by region, an association's
categories, a magazine's ranking table, a foundation's grants, an ed-tech vendor's blog, finalists by
size, a district's release, a national honour roll by state, a newsletter) and tests/holdout11 (20 by
two more: a county weekly, local TV, a school-notes column, a business journal, a Q&A, a blue-ribbon
story, a consortium's grant, a green-schools comparison, public radio from a remote district, an
editorial; a state's distinction list, a nonprofit's categories, a magazine ranking, a district's
release with its boilerplate, an association's regions, a grant-maker's grantees, a federal green
ribbon list, a member spotlight, semifinalists and finalists, a pipe table) and tests/holdout12 (20 by
two more: a weekly under its dateline, a regional daily, local TV, a board recap, a community column,
a capitol bureau's list, a grant story, a superintendent profile, an honour-roll roundup by state, a
county-seat paper; an association's winners, a state release by region, a magazine's numbered list,
grant bullets, a vendor's release, a district's release, finalists and a winner, a pipe table, a
federal list by state, a newsletter) and tests/holdout13 (20 by two more, with real towns: a
patch-style site with a bold dateline, public radio, a notes column, a superintendent of the year, a
military-family designation, a bond story, a rural paper that calls the district by its town, a
comparison of test scores, a wire story, a story with a correction; a magazine's ranking, a boards
association's categories, an honour roll by state, a vendor's customer awards, a state release with
a tab table, a foundation's prize by size, a cohort's selection, a district's news post, a conference
programme, a service agency's newsletter) and tests/holdout14 (20 by two more, real towns: a state
rating story, a superintendent finalist, a state star programme, Golden Bells, a parish's growth
honour, a state grant competition, a music list, a middle school to watch, a military-family
designation, a state's exemplary districts; a state literacy designation, a boards council's awards, a
vendor-free national prize, a music foundation's list by state, farm-to-school grants, a state
ranking, a foundation's STEM grants, a green-schools list, a state's pipe table, a national list with
two same-named districts) and tests/holdout15 (20 by two more: association, department and local news
from ten other states; a privacy seal, an honour roll by state with pipe fields, a green recognition, a
foundation's cohort, a magazine's tab table, a vendor's customer awards, a case study, a computer
science honour roll by category, a vendor's district awards) and tests/holdout16 (20 by two more: local,
board and association news from smaller states; national lists, a pipe-table ranking, grant bullets, a
vendor's awards, a seal) and tests/holdout17 (20 by two more: local TV, a board roundup, a newsletter, an
association's winners; tab and pipe tables, key: value sidebars, a vendor's release, lists by state)
and tests/holdout18 (20 by two more: a bond story, a board recap, a three-district comparison, an
association's winners; a magazine's pipe table, key: value sidebars, a grant table, finalists, a
vendor's release), each written by a team member who had read neither the rules nor the corpus and
scored unseen first (record F1 0.81, 0.77, 0.79, 0.79, 0.91, 0.90, 0.90, 0.82, 0.87, 0.92, 0.91, 0.84,
0.92, 0.93, 0.90, 0.94, 0.91, 0.92). holdout5 was studied in the fourth round,
holdout6 in the fifth (after two rounds unseen), holdout7 in the sixth, holdout8 in the seventh,
holdout9 in the eighth, holdout10 and (after it was scored unseen at 0.909 and 0.936) holdout11 in the
tenth, holdout12 (unseen 0.840, and still 0.840 after the round's first part) and holdout13 (unseen 0.923 at
the round's start and 0.925 after it) in the eleventh, holdout14 (unseen 0.927) and holdout15 (unseen 0.901 at the
round's start, 0.904 after the part written before it was read) in the twelfth, holdout16 (unseen 0.936 and
0.939) and holdout17 (unseen 0.885 and 0.925 after the round's two parts from holdout16) and holdout18
(unseen 0.935 and 0.913 after the parts from holdout16 and holdout17) in the thirteenth. Floors sit just
under what the rules reach; they only ever go up."""
from __future__ import annotations

import json

import pytest

from tests.test_cli import awardex

FIELDS = ("record_f1", "district", "city", "state", "enrollment", "initiatives", "role", "program")
# the hold-out folder -> its floors, in the order of FIELDS
FLOORS = {
    "tests/holdout": (0.98, 0.98, 0.99, 0.98, 0.99, 0.94, 0.99, 0.99),
    "tests/holdout2": (0.97, 0.98, 0.96, 0.99, 0.99, 0.95, 0.95, 0.95),
    "tests/holdout3": (0.97, 0.99, 0.98, 0.99, 0.99, 0.90, 0.99, 0.99),
    "tests/holdout4": (0.97, 0.99, 0.98, 0.99, 0.99, 0.89, 0.99, 0.91),
    "tests/holdout5": (0.97, 0.99, 0.98, 0.98, 0.98, 0.90, 0.99, 0.99),
    "tests/holdout6": (0.97, 0.99, 0.98, 0.99, 0.99, 0.90, 0.98, 0.99),
    "tests/holdout7": (0.97, 0.99, 0.97, 0.99, 0.98, 0.92, 0.98, 0.99),
    "tests/holdout8": (0.97, 0.99, 0.97, 0.99, 0.99, 0.89, 0.99, 0.99),
    "tests/holdout9": (0.95, 0.99, 0.98, 0.99, 0.96, 0.81, 0.98, 0.99),
    "tests/holdout10": (0.96, 0.98, 0.98, 0.99, 0.99, 0.86, 0.99, 0.97),
    "tests/holdout11": (0.97, 0.99, 0.98, 0.99, 0.99, 0.88, 0.95, 0.86),
    "tests/holdout12": (0.95, 0.98, 0.96, 0.96, 0.98, 0.85, 0.99, 0.94),
    "tests/holdout13": (0.95, 0.99, 0.97, 0.99, 0.97, 0.83, 0.99, 0.99),
    "tests/holdout14": (0.96, 0.99, 0.99, 0.99, 0.99, 0.85, 0.99, 0.97),
    "tests/holdout15": (0.95, 0.99, 0.99, 0.97, 0.99, 0.81, 0.97, 0.97),
    "tests/holdout16": (0.96, 0.99, 0.99, 0.99, 0.99, 0.82, 0.99, 0.97),
    "tests/holdout17": (0.95, 0.99, 0.98, 0.99, 0.97, 0.85, 0.97, 0.97),
    "tests/holdout18": (0.93, 0.98, 0.96, 0.99, 0.96, 0.77, 0.95, 0.97),
}


@pytest.mark.parametrize("folder, floors", FLOORS.items())
def test_holdout_scores_hold_their_floors(folder, floors):
    result = json.loads(awardex("eval", "--gold", folder, "--json").stdout)
    assert result["record_f1"] >= floors[0]
    for field, floor in zip(FIELDS[1:], floors[1:]):
        assert result[field]["f1"] >= floor, (field, result[field])
