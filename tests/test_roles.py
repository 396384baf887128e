"""A district's role, one phenomenon at a time, on short articles written for these tests.

"recognized": the article reports that the district received the recognition it is about (or
another named one); "mentioned": anything else (../shared/ANNOTATION.md, "role"). None of these
sentences comes from the corpus.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.records import extract
from pipeline.text import read_file
from schemas.articles import RawArticle
from schemas.records import ArticleRecord, DistrictRecord


def record(text: str) -> ArticleRecord:
    (_, rec, rejects), = extract([RawArticle(article_id="t", source="t", text=text)])
    assert rec is not None, rejects
    assert not rejects, rejects
    return rec


def district(text: str, name: str) -> DistrictRecord:
    rec = record(text)
    for d in rec.districts:
        if name.lower() in {d.name.lower(), *(a.lower() for a in d.aliases)}:
            return d
    pytest.fail(f"{name!r} not among {sorted(d.name for d in rec.districts)}")


def role(text: str, name: str) -> str:
    return district(text, name).role


def role_cue(text: str, name: str) -> tuple[str, str]:
    """The text and rule of the district's "role" evidence."""
    d = district(text, name)
    (ev,) = [e for e in d.evidence if e.field == "role"]
    assert text[ev.start:ev.end] == ev.text
    return ev.text, ev.rule


# --- recognized: a cue beside the name ------------------------------------------------------

@pytest.mark.parametrize("text, name, cue", [
    ("Maple Hollow Unified School District was named a finalist for the Copper Lantern Award.",
     "Maple Hollow Unified School District", "named"),
    ("The Copper Lantern Award went to three districts this spring. Finalists included Cedar Bluff "
     "Independent School District.", "Cedar Bluff Independent School District", "Finalists"),
    ("Harbor Point Public Schools is one of 12 districts to earn the Copper Lantern Award this year.",
     "Harbor Point Public Schools", "one of 12"),
    ("Elk Ridge Area School District received an honorable mention in the Copper Lantern Award.",
     "Elk Ridge Area School District", "received"),
])
def test_a_district_beside_a_recognition_cue_is_recognized(text, name, cue):
    assert role(text, name) == "recognized"
    assert role_cue(text, name) == (cue, role_cue(text, name)[1])


def test_the_superintendent_awarded_for_work_in_the_district_makes_it_recognized():
    text = ("Stonewall Regional School District Superintendent Ana Ruiz has been selected for the "
            "Granite State Leadership Award.")
    assert role(text, "Stonewall Regional School District") == "recognized"


# --- recognized: lists of honorees ----------------------------------------------------------

def test_items_of_a_list_under_an_announcing_heading_are_recognized():
    text = ("Copper Lantern Award honorees for 2025\n\n"
            "- Alder County Schools\n"
            "- Birch Valley School District\n"
            "- Walnut Springs CISD\n")
    for name in ("Alder County Schools", "Birch Valley School District", "Walnut Springs CISD"):
        assert role(text, name) == "recognized"
        assert role_cue(text, name)[1].startswith("role.")


def test_rows_of_a_ranking_table_are_recognized():
    text = ("Rank District Students\n"
            "1 Granite Falls School District 41,200\n"
            "2 Prairie Lake School District 38,900\n")
    assert role(text, "Granite Falls School District") == "recognized"
    assert role_cue(text, "Prairie Lake School District") == ("Rank", "role.list_entry")


def test_paragraphs_about_each_honoree_are_recognized():
    text = ("Four districts earned the Copper Lantern Award this year.\n\n"
            "In Fall Creek School Corporation, every ninth grader now builds a robot.\n\n"
            "Teachers at Red Mesa Public Schools rebuilt the reading curriculum.\n")
    assert role(text, "Red Mesa Public Schools") == "recognized"
    assert role_cue(text, "Red Mesa Public Schools") == ("Copper Lantern Award", "role.described")


# --- mentioned ------------------------------------------------------------------------------

def test_a_leaders_former_district_is_mentioned():
    text = ("Superintendent Lee Park of Clay Springs School System won the Copper Lantern Award. "
            "Park is a former principal in Lakeport City Schools.")
    assert role(text, "Clay Springs School System") == "recognized"
    assert role(text, "Lakeport City Schools") == "mentioned"


@pytest.mark.parametrize("former", [
    "Its new principal came from Lakeport City Schools.",
    "Its new principal joined after nine years at Lakeport City Schools.",
    "Before that, the principal spent 12 years in Lakeport City Schools.",
    "The principal is a graduate of Lakeport City Schools.",
])
def test_past_employers_in_other_words_are_mentioned(former):
    text = f"Clay Springs School System won the Copper Lantern Award this fall. {former}"
    assert role(text, "Lakeport City Schools") == "mentioned"


def test_a_partner_and_a_comparison_are_mentioned():
    text = ("Oak Meadow USD won the Copper Lantern Award for its tutoring program. The district "
            "partnered with Bear Lake SD on bus routes. Its library is larger than Hudson Bend CSD's.")
    assert role(text, "Oak Meadow USD") == "recognized"
    assert role(text, "Bear Lake SD") == "mentioned"
    assert role(text, "Hudson Bend CSD") == "mentioned"


def test_an_award_named_after_someone_does_not_recognize_their_old_district():
    text = ("Cypress Creek ISD won the Copper Lantern Award. The award is named in memory of a "
            "longtime teacher at Riverbend Community School District.")
    assert role(text, "Riverbend Community School District") == "mentioned"


def test_applying_for_a_designation_is_not_receiving_it():
    text = ("Pine Hollow Consolidated School District is applying to become a District of Innovation. "
            "If approved, Pine Hollow Consolidated School District could change its calendar.")
    assert role(text, "Pine Hollow Consolidated School District") == "mentioned"


def test_in_an_article_about_no_recognition_every_district_is_mentioned():
    text = ("Tamarack Public Schools named a new superintendent on Monday. She was selected from "
            "40 applicants and led Juniper Valley School District before.")
    assert role(text, "Tamarack Public Schools") == "mentioned"
    assert role(text, "Juniper Valley School District") == "mentioned"
    assert not [e for d in record(text).districts for e in d.evidence if e.field == "role"]


def test_an_unambiguous_cue_recognizes_without_a_program():
    text = "Birch Valley School District was a finalist in the statewide science contest, officials said."
    assert role_cue(text, "Birch Valley School District") == ("finalist", "role.won")


def test_courtesy_is_not_a_cue():
    text = ("Hazel Park Public Schools hired a superintendent. “I am honored to serve Hazel Park "
            "Public Schools,” she said. “I am honored and grateful,” she told Hazel Park Public Schools staff.")
    assert role(text, "Hazel Park Public Schools") == "mentioned"


def test_a_link_to_another_story_is_not_an_honoree():
    text = ("Aspen Grove School District won the Copper Lantern Award for its outdoor classrooms.\n\n"
            "Related: Willow Creek School District picks a superintendent\n\n"
            "Teachers at Aspen Grove School District built the gardens themselves.\n")
    assert role(text, "Willow Creek School District") == "mentioned"


def test_names_after_the_end_of_the_article_are_mentioned():
    text = ("Aspen Grove School District won the Copper Lantern Award for its outdoor classrooms.\n\n"
            "Leave a comment\n\n"
            "We tried the same thing at Willow Creek School District and loved it.\n")
    assert role(text, "Aspen Grove School District") == "recognized"
    assert role(text, "Willow Creek School District") == "mentioned"


# --- the bundled samples (raw/samples/README.md says what each one exercises) ---------------

SAMPLES = Path(__file__).resolve().parents[1] / "raw" / "samples"
# the passing mentions of the samples; every other district of an article about a program is
# among its honorees (last year's winner and a finalist included)
MENTIONED = {"moreno-valley-iste-2023": {"Val Verde Unified School District"},          # a former employer
             "oxford-superintendent-2023": {"Rochester Community Schools"}}              # a leader's former district


def test_roles_in_the_bundled_samples():
    for path in sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html"}):
        (_, rec, _), = extract([read_file(path)])
        for d in rec.districts:
            if rec.program is None:
                expected = "mentioned"
            else:
                expected = "mentioned" if d.name in MENTIONED.get(path.stem, set()) else "recognized"
            assert d.role == expected, (path.name, d.name, d.role)


def test_a_grant_named_in_title_case_is_the_program_and_its_list_entries_are_recognized():
    text = ("State awards equity grants\n\nSPRINGFIELD — Six districts will receive the Computer Science "
            "Equity Grant this year, the state board said.\n\nThe following districts were selected:\n"
            "- Harlem School District 122\n- Carterville Community Unit School District 5\n\nThe grants start in July.")
    rec = record(text)
    assert rec.program == "Computer Science Equity Grant"
    assert district(text, "Harlem School District 122").role == "recognized"


def test_a_district_that_was_not_selected_is_mentioned():
    text = ("Honor roll named\n\nWilson County Schools earned the AP District Honor Roll. Metro Valley "
            "Public Schools was not on the list this year.")
    assert district(text, "Metro Valley Public Schools").role == "mentioned"


def test_an_earlier_post_as_assistant_superintendent_is_an_aside():
    text = ("Superintendent of the Year\n\nPine Ridge Public Schools superintendent Ana Ruiz was named the "
            "state's Superintendent of the Year. She was an assistant superintendent in Cobb Valley School "
            "District for six years.")
    assert district(text, "Cobb Valley School District").role == "mentioned"


def test_a_list_under_were_named_designation_districts_is_recognized():
    text = ("Purple Star districts\n\nThe following districts were named Purple Star districts this year:\n\n"
            "Akron Public Schools\nCanton City School District\nDayton Public Schools\n")
    assert record(text).program == "Purple Star districts"
    assert district(text, "Canton City School District").role == "recognized"


def test_a_recognition_announced_in_the_lead_without_a_name_makes_its_list_honorees():
    text = ("Attendance gains\n\nFRANKFORT, Ky. — The state department recognized 12 districts on Tuesday for "
            "attendance gains.\n\nThe districts are:\n\n• Adair County (Columbia)\n• Harlan County\n• Pike County\n\n"
            "Each district will receive a banner.")
    assert district(text, "Harlan County").role == "recognized"


def test_a_neighbour_named_later_in_a_paragraph_about_the_honoree_is_mentioned():
    text = ("Blue Ribbon\n\nREDMOND, Ore. — Ridgeview Elementary, a school of Redmond School District, was named a "
            "National Blue Ribbon School.\n\nThe district last had a Blue Ribbon school in 2012. Crook County "
            "School District in Prineville, Redmond's neighbor to the east, has never had one.")
    assert district(text, "Redmond School District").role == "recognized"
    assert district(text, "Crook County School District").role == "mentioned"


def test_the_districts_that_open_a_paragraph_together_are_the_honorees():
    text = ("AP Honor Roll\n\nSix Bay Area districts made the AP District Honor Roll.\n\nThe districts include "
            "Santa Clara Unified, Cabrillo Unified in Half Moon Bay, Castro Valley Unified and Gilroy Unified. "
            "They widened access to AP courses.")
    assert district(text, "Gilroy Unified").role == "recognized"


# --- mentioned: a career's history, an association's officer, a comparison, a partner --------

ELM, OAK = "Elm Valley Unified School District", "Oak Run School District"


@pytest.mark.parametrize("passing", [
    # a career before the present post
    "Superintendent Dana Cole came to Ridgeton in 2019 from Oak Run School District.",
    "Before coming to Ridgeton, Cole was superintendent of Oak Run School District for six years.",
    "Cole began her career teaching middle school math in the Oak Run School District in Ohio.",
    "Cole arrived after eleven years as a curriculum director with Oak Run School District.",
    "Board chair Cole, who served six years on the school board of Oak Run School District, spoke first.",
    # an association's officer's home district
    '"Both boards set clear goals," said KSBA President Mara Lind, who serves on the Oak Run School District board.',
    '"The panel wanted results," said the association\'s president, a teacher in the Oak Run School District.',
    # a relation or a visitor
    "The superintendent has also worked to mend relations with Oak Run School District after a levy fight.",
    "The tutoring model has drawn visitors from Oak Run School District and Cedar Bluff Independent School District.",
    # missing the list
    "Missing again was Oak Run School District, which dropped a tier.",
    "Oak Run School District fell short of the top tier again.",
    "Oak Run School District grew its scores, but a dip in one subject kept it off the list.",
    # an event's venue
    "Spring workshop. Oak Run School District in Ridgeton will host this year's spring workshop for board members.",
    "Spring workshop. The league's fall meeting was hosted by Oak Run School District.",
    # an applicant that lost
    "Oak Run School District, which proposed a robotics academy, was among the applicants turned down.",
    # a career before the present post, told as a story
    "Her first job was teaching fifth grade in Ridgeton for Oak Run School District.",
    "After three years she moved 40 miles east to Ridgeton, joining Oak Run School District as a coach.",
    # a judge's affiliation
    "Judges included Dana Cole, who led the reading office of Oak Run School District for a decade.",
    # a vendor's customers, a consortium's members
    "The app's maker serves more than 300 districts, including Oak Run School District, and two state agencies.",
    "Ridgeton will lead a consortium that also includes Oak Run School District and a community college.",
    # the compared district of a comparison that follows it
    "Only Oak Run School District, at about 30,000 students, is larger than Elm Valley.",
    # a sentence split at a state abbreviation still reads as one
    "Oak Run School District, in Ridgeton, W.Va., also applied for the award this year.",
    # guests: "students from X", "teams from X", "officials from X" visit the honoree or its event
    "Students from Oak Run School District also ride a bus over to use its new welding lab.",
    "The spring showcase drew teams from our neighbors at Birch Hollow Schools and the Oak Run School District.",
    "Teachers from the Oak Run School District sat in on two of its coaching cycles this fall.",
    "Officials from Oak Run School District attended the ceremony.",
    # the event's venue, a nearby district
    "The ceremony was held at a high school in Oak Run School District.",
    "The nearby Oak Run School District is considering a similar program.",
    # a list place denied without a verb
    "Not on the list this year, but close: Oak Run School District, which added a robotics course.",
    "Oak Run School District, not among this year's honorees, plans to apply again.",
])
def test_a_district_named_only_in_passing_is_mentioned(passing):
    text = f"{ELM} won the Copper Lantern Award this spring.\n\n{passing}"
    assert role(text, ELM) == "recognized"
    assert role(text, OAK) == "mentioned"


# --- neighbours, size remarks, denials --------------------------------------------------------

@pytest.mark.parametrize("remark", [
    "Oak Run School District, the state's largest district, sent a delegation to the ceremony.",
    "Cole taught for a decade in Ohio's second-largest district, Oak Run School District, years ago.",
])
def test_a_possessive_size_remark_is_not_a_ranking(remark):
    text = f"{ELM} won the Copper Lantern Award. {remark}"
    assert role(text, OAK) == "mentioned"


@pytest.mark.parametrize("remark", [
    "Oak Run School District, the largest district in the valley, sent two buses of fans to the ceremony.",
    "Oak Run School District is one of the smallest districts in the region, with 900 students.",
    "With 52,000 students, Oak Run School District remains the biggest school system in the tri-county area.",
])
def test_a_size_remark_without_a_possessive_is_not_a_ranking(remark):
    text = f"{ELM} won the Copper Lantern Award this spring. {remark}"
    assert role(text, ELM) == "recognized"
    assert role(text, OAK) == "mentioned"


def test_a_list_of_the_largest_districts_is_still_a_ranking():
    text = ("The state's largest districts\n\nOak Run School District is among the largest districts "
            "in the state, with 40,000 students.")
    assert role(text, "Oak Run School District") == "recognized"


@pytest.mark.parametrize("denial", [
    "Oak Run School District has never won a state robotics title.",
    "This tour of Oak Run School District is one family's view, not a ranking.",
])
def test_a_denied_cue_is_not_a_recognition(denial):
    text = f"Robotics in the valley\n\n{denial} Its teams meet on Fridays."
    assert role(text, "Oak Run School District") == "mentioned"


@pytest.mark.parametrize("text, roles", [
    pytest.param(
        "The Copper Lantern Award went to one district this year.\n\n"
        "Dana Cole came to Elm Valley Unified School District in 2019 after years in Oak Run School District.",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "mentioned"},
        id="the-post-a-career-arrived-at-is-not-a-past-employer"),
    pytest.param(
        "Elm Valley Unified School District won the Copper Lantern Award.\n\nA new teacher earns "
        "$58,000 in Elm Valley, compared with $61,000 in Oak Run School District and $60,000 in "
        "Cedar Bluff Independent School District.",
        {"Oak Run School District": "mentioned", "Cedar Bluff Independent School District": "mentioned"},
        id="every-district-of-a-comparison-is-mentioned"),
    pytest.param(
        "The Copper Lantern Award for teacher training went to Birchwood College.\n\n"
        "The residency works with three districts: Oak Run School District, Cedar Bluff "
        "Independent School District and Alder County Schools.",
        {"Oak Run School District": "mentioned", "Cedar Bluff Independent School District": "mentioned",
         "Alder County Schools": "mentioned"},
        id="every-partner-of-a-program-is-mentioned"),
    pytest.param(
        "Elm Valley Unified School District won the Copper Lantern Award.\n\n"
        "Before coming to Elm Valley, Cole spent nine years as a principal at Oak Run School District.\n\n"
        "Oak Run School District taught her to plan, she said.",
        {"Oak Run School District": "mentioned"},
        id="a-district-introduced-as-a-former-employer-stays-mentioned-in-its-own-paragraph"),
    pytest.param(
        "Elm Valley Unified School District won the Copper Lantern Award.\n\n"
        "Staff of the neighboring Oak Run School District wrote letters of support.\n\n"
        "Neighboring Cedar Bluff Independent School District also had two schools honored.",
        {"Oak Run School District": "mentioned", "Cedar Bluff Independent School District": "recognized"},
        id="a-neighbour-is-mentioned-unless-its-own-sentence-recognizes-it"),
    pytest.param(
        "Six districts won the Copper Lantern Award.\n\nOak Run School District, which won the award in "
        "2022, was not eligible this year. Cedar Bluff Independent School District was not eligible either.",
        {"Oak Run School District": "recognized", "Cedar Bluff Independent School District": "mentioned"},
        id="a-past-win-outweighs-not-being-eligible-this-time"),
    pytest.param(
        "Copper Lantern honor roll: the top five districts\n\n"
        "1. Elm Valley Unified School District — Just east of Oak Run, Elm Valley runs its own online school.\n"
        "2. Cedar Bluff Independent School District — The district runs a robotics league.\n\n"
        "Oak Run School District, with about 46,000 students, did not appear in the top 50.",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "mentioned"},
        id="a-place-named-in-another-entrys-description-is-not-an-honoree"),
    pytest.param(
        "Lawmakers weigh four-day weeks\n\nCAPITOL CITY — Supporters say the schedule helps districts keep "
        "teachers in a state where pay has long ranked near the bottom.\n\n"
        "Oak Run School District moved to a four-day week in 2022.",
        {"Oak Run School District": "mentioned"},
        id="a-lead-cue-that-the-districts-do-not-receive-announces-no-recognition"),
    pytest.param(
        "Three districts won the Copper Lantern Award.\n\nThe ceremony was hosted by Oak Run School "
        "District, which also won the award.",
        {"Oak Run School District": "recognized"},
        id="a-venue-with-a-recognition-of-its-own-is-recognized"),
    pytest.param(
        "Three districts won the Copper Lantern Award.\n\nElm Valley Unified School District, just south "
        "of Oak Run, was recognized for its newcomer center.\n\nOak Run School District did not apply this year; "
        "Oak Run enrolls 46,000 students.",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "mentioned"},
        id="a-district-name-used-as-a-place-is-not-an-honoree"),
    pytest.param(
        "Copper Lantern Award 2025\n\nOak Run School District, which had long been missing a science lab, "
        "won the Copper Lantern Award.",
        {"Oak Run School District": "recognized"},
        id="missing-something-else-is-not-missing-the-list"),
    pytest.param(
        "Four districts win reading grants\n\nState Department of Education\nTOPEKA\n\nFour school districts "
        "will share the Copper Lantern Reading Grants, the department announced Friday.\n\nGrant recipients "
        "are:\n\nElm Valley Unified School District\nCedar Bluff Independent School District\n\n"
        "The Topeka School District also applied but was not funded this round.",
        {"Elm Valley Unified School District": "recognized", "Topeka School District": "mentioned"},
        id="a-dateline-in-capitals-is-not-the-district"),
    pytest.param(
        "Three county schools earn Governor's Award\n\nThe honorees are Elm Elementary in Pell Creek USD 308 and "
        "Oak Middle School in Nixon Falls USD 313.\n\nThe county's other district, Harmon USD 309, had no schools "
        "on this year's list.\n",
        {"Harmon USD 309": "mentioned", "Pell Creek USD 308": "recognized"},
        id="a-district-that-had-no-schools-on-the-list-is-only-mentioned"),
])
def test_roles_in_whole_articles(text, roles):
    """Each whole article and the role every district it names has in it."""
    assert {name: role(text, name) for name in roles} == roles


@pytest.mark.parametrize("text, roles", [
    pytest.param(
        "Six districts won the Copper Lantern Award.\n\nThe honorees are Elm Valley Unified School District, "
        "Cedar Bluff Independent School District and Oak Run School District, along with three districts the "
        "state has not yet announced.",
        {"Oak Run School District": "recognized", "Cedar Bluff Independent School District": "recognized"},
        id="a-not-yet-beyond-along-with-bears-on-another-subject"),
    pytest.param(
        "Districts on the Copper Lantern honor roll\n\nElm Valley Unified School District made the Copper "
        "Lantern honor roll this year.\n\nOak Run School District did not appear on the district list, but "
        "nine of its high schools earned a place of their own.",
        {"Oak Run School District": "recognized"},
        id="a-district-whose-schools-are-recognized-after-a-denial-is-recognized"),
    pytest.param(
        "Copper Lantern Award winners\n\nElm Valley Unified School District won the Copper Lantern Award.\n\n"
        "Not every district is expanding music. Oak Run School District cut its middle school band "
        "last spring.",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "mentioned"},
        id="a-paragraph-that-turns-to-districts-outside-the-honorees"),
    pytest.param(
        "Valley districts by size\n\nGrowth has slowed across the valley, planners say.\n\n"
        "Largest school districts in the valley\nRanked by 2025 enrollment\n\n"
        "1. Elm Valley Unified School District\nEnrollment: 52,300\n\n"
        "2. Oak Run School District\nEnrollment: 31,900\n",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "recognized"},
        id="the-entries-under-a-ranked-by-heading-are-a-ranking"),
    pytest.param(
        "Board meeting recap\n\nThe Elm Valley Unified School District board met Tuesday.\n\nAWARDS\n"
        "Elm Valley Unified School District won the Copper Lantern Award for its bus routes.\n\n"
        "FINANCE\nThe treasurers of Oak Run School District and Cedar Bluff Independent School District "
        "spoke about the state budget.\n\nCALENDAR\nBoard retreat — May 3, Alder County Schools office\n",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "mentioned",
         "Alder County Schools": "mentioned"},
        id="the-sections-of-a-recap-after-the-recognitions-own"),
    pytest.param(
        "Our newsletter\n\nElm Valley Unified School District won the Copper Lantern Award this spring.\n\n"
        "In other news\n\nOur band will play with students from Oak Run School District in May.",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "mentioned"},
        id="a-newsletters-other-news-is-not-the-recognitions-body"),
    pytest.param(
        "The Valley Update\n\nFrom the director\n\nSpring testing opens April 6, and coordinators should check "
        "every device and every login in each school before then.\n\nAwards around the valley\n\nElm Valley Unified School District won the "
        "Copper Lantern Award for its bus routes.\n\nRobotics fair set for May\n\nOak Run School District "
        "will bring its robots to the fair at the college.\n",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "mentioned"},
        id="a-newsletters-next-section-under-a-sentence-case-heading"),
    pytest.param(
        "Two districts won the Copper Lantern Award.\n\nElm Valley Unified School District serves about 12,000 "
        "students, and Oak Run School District, also a winner, serves 9,000.\n",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "recognized"},
        id="serving-students-is-no-customer-list"),
    pytest.param(
        "Four districts won the Copper Lantern Award.\n\nThis year's winners took very different paths. "
        "Teachers in Elm Valley Unified School District coach each other weekly. Oak Run School District, "
        "meanwhile, rebuilt its bus routes.\n",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "recognized"},
        id="each-sentence-of-a-paragraph-about-the-winners-as-a-group-describes-one"),
    pytest.param(
        "Four districts won the Copper Lantern Award.\n\nGood teaching is spreading through these districts. "
        "Elm Valley Unified School District pairs new teachers with mentors. In Ohio, Oak Run School District "
        "opened a newcomer center.\n",
        {"Elm Valley Unified School District": "recognized", "Oak Run School District": "recognized"},
        id="each-sentence-of-a-paragraph-about-these-districts-describes-one"),
    pytest.param(
        "Touring three districts\n\nOur family spent two weeks visiting schools before we moved.\n\n"
        "Oak Run School District came first. Its newcomer classes were full, and the buses were late.\n\n"
        "Our last stop was Elm Valley Unified School District, which was named to the Copper Lantern Honor "
        "Roll last fall.\n",
        {"Oak Run School District": "mentioned", "Elm Valley Unified School District": "recognized"},
        id="a-paragraph-before-the-recognition-is-first-named-does-not-describe-an-honoree"),
    pytest.param(
        "Vendor blog\n\nOur customers of the year\n\nEvery spring we ask our customers which district did "
        "the most with our app. Each winning district receives a trophy and a $5,000 grant.\n\n"
        "This year's picks\n\nOak Run School District — Ridgeton, Ohio\nTeachers there text families "
        "every week.\n\nCedar Bluff Independent School District — Alpine, Texas\nParents there get "
        "lunch menus by text.\n",
        {"Oak Run School District": "recognized", "Cedar Bluff Independent School District": "recognized"},
        id="a-lead-that-says-each-winning-district-announces-the-entries-after-it"),
    pytest.param(
        "District news roundup: March\n\nBudget: The Elm Valley Unified School District board adopted a $210 "
        "million budget.\n\nAwards: Oak Run School District was named a Copper Lantern District by the state for its "
        "math program.\n\nFacilities: Cedar Bluff Independent School District broke ground on a new school.\n\n"
        "People: Dr. Ana Cruz is the new superintendent of the Pine Hollow Public Schools.\n",
        {"Oak Run School District": "recognized", "Elm Valley Unified School District": "mentioned",
         "Cedar Bluff Independent School District": "mentioned", "Pine Hollow Public Schools": "mentioned"},
        id="a-roundups-items-under-other-topics-are-not-the-recognitions"),
    pytest.param(
        "Teacher pipeline earns rural district notice\n\nLINDEN, Ore. — When the Oak Run School District could not "
        "fill seven teaching jobs, it decided to grow its own.\n\nThe district pays for aides to earn licenses.\n\n"
        "This month the program won a Copper Lantern Award from a national association.\n\n\"We stopped waiting,\" "
        "said the superintendent, who came from the Elm Valley School District.\n\nThe Cedar Bluff School District, "
        "a few miles east, has asked to copy the model.\n",
        {"Oak Run School District": "recognized", "Elm Valley School District": "mentioned",
         "Cedar Bluff School District": "mentioned"},
        id="a-local-storys-district-is-the-honoree-of-a-sentence-that-names-none"),
    pytest.param(
        "Finalists announced\n\nThe finalists, listed with their county, are:\n\n1. Oak Run School District (Elm "
        "County)\n2. Cedar Bluff School District (Pine County)\n",
        {"Oak Run School District": "recognized", "Cedar Bluff School District": "recognized"},
        id="a-lead-line-of-finalists-over-a-list"),
    pytest.param(
        "2025 honorees\n\nThe following districts earned a spot on this year's honor roll:\n\n• Oak Run School "
        "District — Ridgeton\n• Cedar Bluff School District — Alpine\n",
        {"Oak Run School District": "recognized", "Cedar Bluff School District": "recognized"},
        id="districts-that-earned-a-spot-over-a-list"),
    pytest.param(
        "Our 2025 Copper Lantern winners\n\nAt ClassLoop we partner with 600 districts. This year two of them won "
        "our Copper Lantern Award.\n\nOak Run School District sends weekly updates in six languages.\n\n"
        "Cedar Bluff School District built a tutoring line.\n\n\"ClassLoop changed how we talk to parents,\" said Elm "
        "Valley School District communications director Amy Lee.\n",
        {"Oak Run School District": "recognized", "Elm Valley School District": "mentioned"},
        id="a-speakers-district-in-a-quotes-attribution-is-an-aside"),
    pytest.param(
        "State names Copper Districts\n\nThe department named four Copper Districts on Monday: Oak Run School "
        "District, for its early college; Cedar Bluff School District, for its mental health partnership with a "
        "local hospital; and Elm Valley School District, for its Spanish immersion program.\n",
        {"Oak Run School District": "recognized", "Elm Valley School District": "recognized"},
        id="a-partner-in-one-item-of-a-semicolon-list-does-not-reach-the-next"),
])
def test_roles_in_recaps_and_lists(text, roles):
    """A recognition's body, a list's entries and a denial's reach in whole articles."""
    assert {name: role(text, name) for name in roles} == roles


def test_a_numbered_place_in_a_rankings_prose_is_recognized():
    text = ("Copper Lantern rankings of 2025\n\nElm Valley Unified School District took the top spot again. "
            "Cedar Bluff Independent School District was second, followed by newcomer Oak Run School District "
            "at No. 3.")
    assert role_cue(text, "Oak Run School District") == ("No. 3", "role.list_place")


@pytest.mark.parametrize("presenter", [
    "Oak Run School District staff led a crowded session on scheduling software.",
    "A panel from Oak Run School District walked through its bus-routing pilot.",
])
def test_a_conference_presenter_is_mentioned(presenter):
    text = ("Summit recap\n\nElm Valley Unified School District was named Copper Lantern District of the Year "
            f"at the summit.\n\nOther highlights:\n\n{presenter}")
    assert role(text, "Elm Valley Unified School District") == "recognized"
    assert role(text, "Oak Run School District") == "mentioned"


# --- round 8 ---

def test_a_districts_city_written_as_a_place_is_no_mention_of_the_district():
    """"Dayton City Schools" did not apply; "in downtown Dayton" and "in Dayton, where each will
    receive a plaque" speak of the city, so the district is not an honoree by them."""
    text = ("Innovation awards named\n\nThe association named Kettering City Schools and Bexley City Schools "
            "honorees. Both will be recognized at the conference in Dayton, where each will receive a plaque.\n\n"
            "The hotel sits in downtown Dayton.\n\nDayton City Schools, the region's largest district, did not "
            "apply this year.\n")
    assert role(text, "Dayton City Schools") == "mentioned"
    assert role(text, "Kettering City Schools") == "recognized"


@pytest.mark.parametrize("text, name", [
    pytest.param("Career pathways honor\n\nPell Creek Public Schools has been named a 2025 Exemplary Career Pathways "
                 "District.\n\nThe program was built with support from the Harmon Intermediate School District, whose "
                 "tech center trains its juniors.\n", "Harmon Intermediate School District", id="support-from"),
    pytest.param("Our partners on the 2025 Digital Leaders List\n\nThe council named Pell Creek School District and "
                 "Linden School District to its 2025 Digital Leaders List.\n\nThanks as well to the members of our "
                 "Customer Advisory Board, including leaders from Nixon Falls School District, whose feedback shaped "
                 "the tools these honorees use.\n", "Nixon Falls School District", id="advisory-board"),
])
def test_a_programmes_backer_or_a_vendors_adviser_is_mentioned(text, name):
    assert role(text, name) == "mentioned"


def test_a_district_introduced_as_a_neighbour_stays_mentioned_in_its_own_paragraph():
    """"aides from neighboring Harmon Public Schools" then "Harmon's superintendent said ...": the
    paragraph about the neighbour does not make it an honoree."""
    text = ("Village district wins grant\n\nPell Creek Independent Schools has won a $3 million Rural Teacher Pipeline Grant to "
            "train its own teachers.\n\nThe district will open the training to aides from neighboring Harmon "
            "Public Schools, a district of 60 students.\n\nHarmon's superintendent said his district has gone two "
            "years without a math teacher.\n\nThe grant runs five years.\n")
    assert role(text, "Harmon Public Schools") == "mentioned"
    assert role(text, "Pell Creek Independent Schools") == "recognized"


def test_a_guest_district_with_a_cue_of_its_own_is_recognized():
    text = (f"Elm Valley wins award\n\n{ELM} won the Copper Lantern Award this spring.\n\nStudents from "
            f"{OAK}, which was named a finalist, also came to the ceremony.\n")
    assert role(text, OAK) == "recognized"


@pytest.mark.parametrize("near_miss", [
    "Oak Run School District barely missed the top five after a jump in its pass rates.",
    "Just missing the top 20 this year was Oak Run School District, up from 41st.",
])
def test_a_near_miss_of_a_rankings_top_places_is_its_honorable_mention(near_miss):
    text = f"Top 20 districts for STEM\n\n{ELM} ranked first in this year's Copper Lantern STEM rankings.\n\n{near_miss}\n"
    assert role(text, OAK) == "recognized"


def test_a_district_that_missed_the_cut_is_still_mentioned():
    text = f"Top 20 districts for STEM\n\n{ELM} ranked first in this year's Copper Lantern STEM rankings.\n\n{OAK} missed the cut again.\n"
    assert role(text, OAK) == "mentioned"


@pytest.mark.parametrize("hiring", [
    "Elsewhere, the Oak Run School District board selected Dr. Rosa Imes as its next superintendent.",
    "The Oak Run School District board on Monday named Tom Hale interim superintendent.",
])
def test_a_board_choosing_its_leader_is_no_recognition(hiring):
    text = f"Valley news\n\n{ELM} won the Copper Lantern Award this spring. {hiring}\n"
    assert role(text, ELM) == "recognized"
    assert role(text, OAK) == "mentioned"


def test_a_comparison_after_a_ranking_is_no_list_place():
    text = (f"The Fast Ten: districts adding students\n\nWe ranked districts by growth.\n\nRank | District | State\n"
            f"1 | {ELM} | Utah\n2 | Birch Flat School District | Idaho\n\nFor comparison, {OAK} in Colorado lost "
            f"students over the same years.\n")
    assert role(text, ELM) == "recognized"
    assert role(text, OAK) == "mentioned"


def test_a_vendors_customer_is_mentioned():
    text = (f"Tallyline names winners\n\nTallyline gave its Beacon Award to {ELM} in Utah.\n\n"
            f"Our very first customer, {OAK} in Iowa, signed on when we were three people.\n")
    assert role(text, OAK) == "mentioned"


def test_a_town_as_an_adjective_is_not_its_district():
    text = ("Three Spokane-area districts named to state honor list\n\nMead School District and Cheney School District were "
            "named Career Honor Districts.\n\nSpokane Public Schools did not apply this year.\n")
    assert role(text, "Spokane Public Schools") == "mentioned"


@pytest.mark.parametrize("paragraph", [
    "Oak Run did not apply this year, a spokesperson said.",
    "The region's largest district was not named this year. A spokesperson said Oak Run did not finish the survey.",
    "Oak Run, which enrolls about 4,600 students, also did not appear on the list.",
])
def test_a_heading_whose_paragraph_denies_the_recognition_is_mentioned(paragraph):
    text = (f"How area districts compare\n\nThree of the area's districts were named to the Lund Foundation's list of "
            f"Best Communities for Music Education.\n\n{ELM}\n\nElm Valley made the list for the sixth year.\n\n"
            f"{OAK}\n\n{paragraph}\n")
    assert role(text, ELM) == "recognized"
    assert role(text, OAK) == "mentioned"


def test_a_denial_in_a_quote_after_the_name_is_not_the_districts():
    text = (f"District of the year\n\nThe editors named {ELM} their District of the Year.\n\n{ELM}, Wales, Wis.\n\n"
            f"\"We stopped waiting for the bell,\" said Ana Ruiz, who came to Elm Valley in 2019. \"The hard part "
            f"wasn't the kids.\"\n")
    assert role(text, ELM) == "recognized"


def test_districts_another_honoree_joins_on_the_list_are_honorees_too():
    text = ("Pathways honor\n\nDOVER, Del. — Two districts were named Pathways Districts of Excellence.\n\nThe "
            "Tamsin Creek School District and the Orrin Vale School District join the Pell Hollow School District and "
            "the Cedar Bluff School District on this year's list, the department said.\n")
    assert {role(text, n) for n in ("Pell Hollow School District", "Cedar Bluff School District")} == {"recognized"}


def test_districts_a_purchase_was_shared_with_are_partners():
    text = ("Board news\n\nTamsin Creek County Schools' board was named a Board of Distinction.\n\n- Approved eleven "
            "school buses. The buses were bid jointly with Orrin Vale County Schools and Pell Hollow County Schools.\n")
    assert role(text, "Tamsin Creek County Schools") == "recognized"
    assert {role(text, n) for n in ("Orrin Vale County Schools", "Pell Hollow County Schools")} == {"mentioned"}


def test_rows_of_a_pipe_table_under_a_rank_header_are_recognized():
    text = ("The 2025 Best Mid-Size Districts\n\nOur annual ranking of mid-size districts.\n\n"
            "| Rank | District | State | Enrollment | Grad. rate | Score |\n|---|---|---|---|---|---|\n"
            "| 1 | Tamsin Public Schools | MA | 6,850 | 98% | 94.1 |\n| 2 | Orrin Vale School District | NH | 4,110 | 97% | 91.9 |\n\n"
            "Who isn't here\n\nPell Hollow Public Schools, for instance, enrolls about 12,000 students and falls outside "
            "the band.\n")
    assert role(text, "Orrin Vale School District") == "recognized"
    assert role(text, "Pell Hollow Public Schools") == "mentioned"


@pytest.mark.parametrize("sentence", [
    "Notably absent is Pell Hollow Public Schools, the state's second-largest district.",
    "Several of the winning proposals borrow from a tutoring model that Pell Hollow Public Schools launched in 2022.",
    "The Copper Lantern Honor Roll was announced Saturday at a conference hosted this year by Pell Hollow Public Schools.",
])
def test_absent_a_model_borrowed_and_a_host_are_mentioned(sentence):
    text = f"Honor roll\n\nTamsin Public Schools was named to the Copper Lantern Honor Roll.\n\n{sentence}\n"
    assert role(text, "Pell Hollow Public Schools") == "mentioned"


def test_a_denial_about_courses_is_not_the_districts():
    text = ("Copper Lantern Honor Roll\n\nThe Copper Lantern Honor Roll named 312 districts.\n\nVERMONT\n\nTamsin School "
            "District — The only Vermont district on the list. Tamsin gives students AP courses it doesn't offer in person.\n")
    assert role(text, "Tamsin School District") == "recognized"


def test_the_programs_name_in_the_singular_is_its_cue():
    text = ("Six districts named 2025 Biliteracy Leaders by national group\n\nThe alliance has named six districts as its "
            "2025 Biliteracy Leaders.\n\nTamsin School District offers immersion from first grade. Tamsin joins "
            "neighboring Orrin Vale School District, a 2024 Biliteracy Leader.\n")
    assert record(text).program == "Biliteracy Leaders"
    assert role(text, "Orrin Vale School District") == "recognized"


@pytest.mark.parametrize("sentence", [
    "\"It lasts,\" said selection committee chair Ann Reed, superintendent of Pell Hollow Public Schools.",
    "Winners were chosen by a committee of superintendents and a retired superintendent of Pell Hollow Public Schools.",
    "The vendor noted that Pell Hollow Public Schools, which signed on in June, ran its first drill.",
    "Pell Hollow Public Schools co-sponsored the spring institute, where the honorees will present.",
    "Pell Hollow Public Schools, the largest in the state, said it plans to seek the recognition next year.",
    "Both systems broke away from Pell Hollow Public Schools in 2007.",
])
def test_a_judge_a_customer_a_sponsor_a_seeker_and_a_parent_district_are_mentioned(sentence):
    text = f"Honor roll\n\nTamsin Public Schools was named to the Copper Lantern Honor Roll.\n\n{sentence}\n"
    assert role(text, "Tamsin Public Schools") == "recognized"
    assert role(text, "Pell Hollow Public Schools") == "mentioned"


def test_a_district_that_lands_a_grant_is_recognized():
    text = ("Tamsin City Schools lands $350,000 workforce grant\n\nTamsin City Schools will use a $350,000 grant for "
            "apprenticeships.\n")
    assert role(text, "Tamsin City Schools") == "recognized"


def test_a_program_named_as_with_its_kind_in_lower_case():
    text = ("Two systems named literacy leaders\n\nThe department named the Tamsin Community School District and the "
            "Orrin Vale Community School System as 2025 Literacy Leader districts.\n")
    assert record(text).program.startswith("Literacy Leader")
    assert role(text, "Orrin Vale Community School System") == "recognized"


def test_rows_of_a_pipe_table_under_a_list_heading_are_recognized():
    text = ("Foundation awards $3.6 million\n\nEight districts will receive grants.\n\n2025 Code the Coast grantees\n\n"
            "| District | State | City | Students | Grant | Project |\n|---|---|---|---|---|---|\n"
            "| Tamsin Unified School District | CA | Fresno | 70,000 | $750,000 | Coding in grades K-5 for every school |\n"
            "| Orrin Vale School District | WA | Yakima | 15,500 | $400,000 | A teacher pipeline with Heritage University |\n")
    assert record(text).program.startswith("Code the Coast")
    assert role(text, "Orrin Vale School District") == "recognized"


@pytest.mark.parametrize("sentence", [
    "Of the districts that applied, Pell Hollow Public Schools was not funded this round.",
    "He contrasted them with Pell Hollow Public Schools, where a state board has governed since 2023.",
    "The program grew out of a 2023 pilot in Pell Hollow Public Schools, the state's largest district.",
    "The vendor also thanked Pell Hollow Public Schools, its first pilot partner.",
    "The county is also home to a smaller city system, Pell Hollow Public Schools.",
    "Trainers from Pell Hollow Public Schools will lead the first institute.",
])
def test_unfunded_contrasted_piloted_thanked_neighbouring_and_training_districts_are_mentioned(sentence):
    text = f"Honor roll\n\nTamsin Public Schools was named to the Copper Lantern Honor Roll.\n\n{sentence}\n"
    assert role(text, "Pell Hollow Public Schools") == "mentioned"


def test_a_boards_business_items_are_no_honorees():
    text = ("Board news\n\nThe Tamsin County School District board was named a Board of Distinction.\n\nIn other "
            "business, the board:\n• approved a calendar that aligns spring break with that of Pell Hollow City School "
            "District;\n• hired two counselors.\n")
    assert role(text, "Pell Hollow City School District") == "mentioned"
