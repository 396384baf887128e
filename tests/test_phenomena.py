"""The rule extractor, one phenomenon at a time, on short sentences written for these tests.

What a correct record is: ../shared/ANNOTATION.md. Each test names one phrasing and the value
a correct record has for it. None of these sentences comes from the corpus.
"""
from __future__ import annotations

import pytest

from extractors.records import extract
from schemas.articles import RawArticle
from schemas.records import ArticleRecord, DistrictRecord


# --- helpers --------------------------------------------------------------------------------

def record(text: str) -> tuple[ArticleRecord, list[str]]:
    """The validated record of one article and the reasons of anything rejected."""
    (_, rec, rejects), = extract([RawArticle(article_id="t", source="t", text=text)])
    assert rec is not None, rejects
    return rec, [r.reason for r in rejects]


def districts(text: str) -> dict[str, DistrictRecord]:
    rec, _ = record(text)
    return {d.name: d for d in rec.districts}


def find(text: str, name: str) -> DistrictRecord | None:
    """The district reported under `name`, as its name or one of its aliases (case-insensitive)."""
    for d in districts(text).values():
        if name.lower() in {d.name.lower(), *(a.lower() for a in d.aliases)}:
            return d
    return None


def found(text: str, name: str) -> DistrictRecord:
    d = find(text, name)
    if d is None:
        rec, rejects = record(text)
        pytest.fail(f"{name!r} not among {sorted(x.name for x in rec.districts)}; rejects: {rejects}")
    return d


def surface_forms(text: str) -> list[str]:
    """Every name and alias reported, lower-cased."""
    return [f.lower() for d in districts(text).values() for f in (d.name, *d.aliases)]


# --- district names in every LEA form -------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Students in the Maple Hollow Unified School District built a greenhouse this spring.",
     "Maple Hollow Unified School District"),
    ("The Cedar Bluff Independent School District opened a new library in August.",
     "Cedar Bluff Independent School District"),
    ("Officials at the Harbor Point Union Free School District approved the new schedule.",
     "Harbor Point Union Free School District"),
    ("Riverbend Community School District hired twelve reading tutors.",
     "Riverbend Community School District"),
    ("Voters backed a bond for the Pine Hollow Consolidated School District in March.",
     "Pine Hollow Consolidated School District"),
    ("Elk Ridge Area School District added a second bus route.",
     "Elk Ridge Area School District"),
    ("The Stonewall Regional School District shares a superintendent with two towns.",
     "Stonewall Regional School District"),
    ("Brookfield Public Schools will start classes a week earlier.", "Brookfield Public Schools"),
    ("Red Mesa Public Schools will start classes a week earlier.", "Red Mesa Public Schools"),
    ("Alder County Schools expanded its preschool program.", "Alder County Schools"),
    ("The Clay Springs School System bought six electric buses.", "Clay Springs School System"),
    ("Lakeport City Schools opened a new middle school.", "Lakeport City Schools"),
    ("Fall Creek School Corporation hosted the regional science fair.", "Fall Creek School Corporation"),
    ("Granite Falls School District No. 1 renovated its high school.", "Granite Falls School District No. 1"),
    ("Prairie Lake School District 64 changed its bell schedule.", "Prairie Lake School District 64"),
    ("Teachers in RSU2 piloted the new schedule last year.", "RSU2"),
    ("Oak Meadow USD expanded its summer program.", "Oak Meadow USD"),
    ("Cypress Creek ISD opened two new campuses.", "Cypress Creek ISD"),
    ("Walnut Springs CISD added a welding lab.", "Walnut Springs CISD"),
    ("Hudson Bend CSD renovated its auditorium.", "Hudson Bend CSD"),
    ("Bear Lake SD hired a new superintendent.", "Bear Lake SD"),
    ("Students from the New York City Department of Education took part in the fair.",
     "New York City Department of Education"),
    ("The residency works with Aurora Public Schools and Thornton 12 Five Star Schools.",
     "Thornton 12 Five Star Schools"),
    ("St. Mark the Evangelist Parish Public Schools asked for copies of the materials.",
     "St. Mark the Evangelist Parish Public Schools"),
])
def test_lea_name_forms(text, name):
    found(text, name)


def test_acronym_introduced_in_parentheses():
    text = ("The Mountain View Unified School District (MVUSD) opened a farm school. "
            "MVUSD teachers designed the lessons.")
    assert list(districts(text)) == ["Mountain View Unified School District"]
    assert "MVUSD" in found(text, "Mountain View Unified School District").aliases


def test_acronym_used_alone_after_the_name():
    text = ("Westbrook Public Schools won a state grant this year. "
            "WPS will use the money for summer classes.")
    assert list(districts(text)) == ["Westbrook Public Schools"]
    assert "WPS" in found(text, "Westbrook Public Schools").aliases


def test_abbreviated_form_is_an_alias_of_the_full_name():
    text = ("Pinecrest Unified School District serves families east of the river. "
            "Pinecrest USD also runs an adult school.")
    d = found(text, "Pinecrest Unified School District")
    assert d.name == "Pinecrest Unified School District"
    assert "Pinecrest USD" in d.aliases
    assert len(districts(text)) == 1


@pytest.mark.parametrize("text, full, short", [
    ("The Larkspur School District opened a new lab. Larkspur students built the furniture.",
     "Larkspur School District", "Larkspur"),
    ("Hartwell School District was honored on Monday. At Hartwell, every class has a garden.",
     "Hartwell School District", "Hartwell"),
])
def test_short_form_after_first_mention(text, full, short):
    assert list(districts(text)) == [full]
    assert short in districts(text)[full].aliases


def test_short_form_of_a_districts_other_name():
    text = ("Harmon County Public Schools in Vale, Ore., known locally as Harcoville Public Schools, won "
            "the wellness prize. Harcoville enrolls about 6,200 students.")
    d = found(text, "Harmon County Public Schools")
    assert d.enrollment == 6200 and "Harcoville" in d.aliases


@pytest.mark.parametrize("text, names", [
    ("Leaders from the Cedar Flats and Rockport school districts met in May.",
     ["Cedar Flats School District", "Rockport School District"]),
    ("Adams County, Baker County, and Clay County School Districts signed the agreement.",
     ["Adams County School District", "Baker County School District", "Clay County School District"]),
])
def test_coordinated_names(text, names):
    for name in names:
        found(text, name)
    assert len(districts(text)) == len(names)


def test_possessive_state_before_the_name():
    text = "Nebraska's Grand Island Public Schools opened a newcomer center."
    d = found(text, "Grand Island Public Schools")
    assert d.state == "NE"
    assert "nebraska" not in d.name.lower()


def test_ap_style_state_inside_the_name():
    text = "The Beloit (Wis.) Unified School District No. 3 extended its school day."
    d = found(text, "Beloit (Wis.) Unified School District No. 3")
    assert "Beloit Unified School District No. 3" in d.aliases
    assert (d.city, d.state) == ("Beloit", "WI")


def test_all_caps_heading():
    text = ("SILVER CREEK SCHOOL DISTRICT\n"
            "The district rebuilt its schedule around longer science labs.")
    found(text, "Silver Creek School District")


def test_name_at_the_end_of_a_sentence_has_no_trailing_period():
    text = "The state board praised the Pine Hollow Consolidated School District."
    assert list(districts(text)) == ["Pine Hollow Consolidated School District"]


def test_district_named_in_passing_counts():
    text = ("Superintendent Dana Ortiz, who previously led the Eagle Pass Independent School District, "
            "now runs the Fort Hill Public Schools.")
    found(text, "Eagle Pass Independent School District")
    found(text, "Fort Hill Public Schools")


def test_a_district_counts_once():
    text = ("Brookfield Public Schools won the award. The judges praised Brookfield Public Schools "
            "for its tutoring program.")
    assert list(districts(text)) == ["Brookfield Public Schools"]


# --- look-alikes that are not districts -----------------------------------------------------

@pytest.mark.parametrize("text, district, not_a_district", [
    ("Students at Woodbrook Elementary School, part of Lakeshore Public Schools, planted a garden.",
     "Lakeshore Public Schools", "woodbrook"),
    ("Lakeshore Public Schools joined the New Tech Network in 2021.",
     "Lakeshore Public Schools", "new tech"),
    ("Lakeshore Public Schools sends its welding students to Eastern Valley BOCES.",
     "Lakeshore Public Schools", "boces"),
    ("The Ohio Department of Education praised Lakeshore Public Schools for its reading plan.",
     "Lakeshore Public Schools", "ohio"),
    ("Lakeshore Public Schools recruits teachers from the University of Chicago Laboratory Schools.",
     "Lakeshore Public Schools", "chicago"),
    ("Lakeshore Public Schools is a member of the Council of the Great City Schools.",
     "Lakeshore Public Schools", "great city"),
    ("Lakeshore Public Schools joined the League of Innovative Schools this year.",
     "Lakeshore Public Schools", "innovative"),
    ("Several Colorado school districts, including Lakeshore Public Schools, shortened the week.",
     "Lakeshore Public Schools", "colorado"),
])
def test_look_alikes_are_not_districts(text, district, not_a_district):
    found(text, district)
    assert not [f for f in surface_forms(text) if not_a_district in f]


# --- locations ------------------------------------------------------------------------------

def test_list_dateline_city_and_state():
    text = ("This year's honorees:\n"
            "Hanford, CA; Kings River Unified School District\n"
            "Laramie, WY; Snowy Range School District\n")
    kings = found(text, "Kings River Unified School District")
    snowy = found(text, "Snowy Range School District")
    assert (kings.city, kings.state) == ("Hanford", "CA")
    assert (snowy.city, snowy.state) == ("Laramie", "WY")


@pytest.mark.parametrize("text, name, city, state", [
    ("Chaparral Unified School District in Chino, California, opened a farm lab.",
     "Chaparral Unified School District", "Chino", "CA"),
    ("The Uncompahgre School District in Montrose Colorado added a fourth-day program.",
     "Uncompahgre School District", "Montrose", "CO"),
    ("Clarkston (Mich.) Community Schools rebuilt its middle school schedule.",
     "Clarkston (Mich.) Community Schools", "Clarkston", "MI"),
])
def test_city_and_state_next_to_the_name(text, name, city, state):
    d = found(text, name)
    assert (d.city, d.state) == (city, state)


def test_state_from_a_possessive_description():
    text = "Olathe Public Schools, Kansas' second-largest district, added a teaching academy."
    assert found(text, "Olathe Public Schools").state == "KS"


def test_state_from_a_numbered_section_heading():
    text = ("3. Montana: Big Sky classrooms\n"
            "Billings Public Schools opened a welding shop.\n"
            "The Gallatin Peaks School District added a robotics team.\n"
            "4. Idaho: Gem State gains\n"
            "Snake River School District expanded its preschool.\n")
    assert found(text, "Billings Public Schools").state == "MT"
    assert found(text, "Gallatin Peaks School District").state == "MT"
    assert found(text, "Snake River School District").state == "ID"


def test_local_story_dateline_gives_the_city():
    text = "MARSHFIELD — The Marshfield School District board approved a new calendar on Tuesday."
    assert found(text, "Marshfield School District").city == "Marshfield"


def test_national_release_dateline_is_not_the_districts_city():
    text = ("DENVER, May 1, 2024 /PRNewswire/ -- A national foundation honored three districts today. "
            "Fairview School District in Erie, Pennsylvania, was named the top winner.")
    d = found(text, "Fairview School District")
    assert (d.city, d.state) == ("Erie", "PA")


def test_wire_release_dateline_matching_the_district_name_gives_no_city():
    text = ("MADISON, Wis., April 2, 2024 /PRNewswire/ -- A national foundation honored the "
            "Madison Metropolitan School District for its tutoring program.")
    assert found(text, "Madison Metropolitan School District").city is None


@pytest.mark.parametrize("text, name, city", [
    ("Fenwick Public Schools shared its tutors with the Dover-based district next door.",
     "Fenwick Public Schools", None),
    ("Westerville City Schools won a grant.\n\nThe Westerville-based district, which runs 23 schools, "
     "will spend it on tutors.", "Westerville City Schools", "Westerville"),
    ("Salina Valley Unified School District 305 earned a gold star from the state board, the "
     "Salina-based district said on Friday.", "Salina Valley Unified School District 305", "Salina"),
])
def test_town_based_district_gives_the_city(text, name, city):
    """"The <town>-based district" about the district of the sentence (or the one it names)."""
    assert found(text, name).city == city


def test_town_based_company_is_not_the_districts_city():
    text = ("Ridgewater Public Schools signed a contract for new buses with the Salina-based company "
            "after a long search.")
    assert found(text, "Ridgewater Public Schools").city is None


@pytest.mark.parametrize("text, name, city, state", [
    ("Board praises teachers\n\nPINEHAVEN GAP, Colo. — The Pinehaven Gap School District RE-9 won a "
     "state accreditation award on Monday.", "Pinehaven Gap School District RE-9", "Pinehaven Gap", "CO"),
    ("News Release\nContact: Communications\n\nOTTER BROOK, Wash. — Our district is proud that Otter "
     "Brook School District won a national award.", "Otter Brook School District", "Otter Brook", "WA"),
])
def test_dateline_town_the_gazetteer_does_not_know(text, name, city, state):
    """"TOWN, St. —" of a local story is its district's town, even a town zipcodes lacks."""
    d = found(text, name)
    assert (d.city, d.state) == (city, state)


@pytest.mark.parametrize("line", [
    "Harlan, Iowa — ",                 # the town in title case, with its state and a dash
    "HARLAN, Iowa, Dec. 1, 2025 — ",   # a date after the state
    "(HARLAN, Iowa) — ",               # in parentheses
    "HARLAN, Iowa (KHRN) - ",          # a station's call letters and a spaced hyphen for the dash
])
def test_dateline_written_other_ways(line):
    text = f"Pell Creek wins rural award\n\n{line}Pell Creek School District won the state's rural award on Tuesday.\n"
    d = found(text, "Pell Creek School District")
    assert (d.city, d.state) == ("Harlan", "IA")


@pytest.mark.parametrize("text, name, city, state", [
    ("Quill Lake City Schools, which serves 3,100 students in Quill Lake, Tennessee, added a robotics lab.",
     "Quill Lake City Schools", "Quill Lake", "TN"),
    ("- Fernhollow School District (Fernhollow, Minn.), a rural district, will receive $50,000.",
     "Fernhollow School District", "Fernhollow", "MN"),
    ("Voters in the Marrowby, Texas, school district approved a bond.", "Marrowby school district",
     "Marrowby", "TX"),
    ("District | Location | Students\nFernhollow School District | Fernhollow, MN | 1,600\n",
     "Fernhollow School District", "Fernhollow", "MN"),
    ("In West Fernhollow, Texas, the Fernhollow Independent School District opened a clinic.",
     "Fernhollow Independent School District", None, "TX"),
])
def test_a_town_the_gazetteer_lacks_in_a_place_form(text, name, city, state):
    """"in <Town>, <State>", "(<Town>, <St.>)", "| <Town>, <ST> |", "the <Town>, <State>, school
    district": a town even where zipcodes lacks it; not a compass part of one ("West Fernhollow")."""
    d = found(text, name)
    assert (d.city, d.state) == (city, state)


@pytest.mark.parametrize("text, name, city", [
    ("Before that she taught for the Pecan Bayou School System in McKinney, where she coached debate.",
     "Pecan Bayou School System", "McKinney"),
    ("Lake Division\nCrestwood CCSD 77 – Naperville\nElmhurst Ridge CCSD 12 – Elmhurst\n",
     "Crestwood CCSD 77", "Naperville"),
])
def test_camel_case_towns_and_short_form_entry_lines(text, name, city):
    """"in McKinney" (a town written "McKinney", "LaGrange"); "CCSD 77 – Town", a short form's entry line."""
    assert found(text, name).city == city


def test_a_name_of_a_town_then_its_state_in_parentheses():
    """"City Schools of Decatur (Ga.)": the town that ends the name, placed by the state."""
    d = found("City Schools of Fairhope (Ala.) widened access to AP courses.", "City Schools of Fairhope")
    assert (d.city, d.state) == ("Fairhope", "AL")


def test_a_state_name_that_is_also_a_districts_town():
    """"Wyoming Public Schools" in a Michigan article: "in Wyoming" is that town, not the state."""
    text = ("Five Kent County, Michigan, districts won grants. Wyoming Public Schools was awarded $600,000. "
            "Birchlee Public Schools in Wyoming will receive $400,000.")
    d = found(text, "Birchlee Public Schools")
    assert (d.city, d.state) == ("Wyoming", "MI")


def test_region_is_not_a_city():
    text = "The Arrowhead Union High School District, located west of Milwaukee, added a farm program."
    assert found(text, "Arrowhead Union High School District").city is None


def test_region_near_a_city_gives_the_state_only():
    text = "Haw River Valley School District, south of Raleigh, North Carolina, added a bus for its robotics team."
    d = found(text, "Haw River Valley School District")
    assert (d.city, d.state) == (None, "NC")


# --- numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name, enrollment", [
    ("Sagebrush Unified School District serves approximately 4,900 students.",
     "Sagebrush Unified School District", 4900),
    ("Birch Hill School District enrolls just over 13,000 students.", "Birch Hill School District", 13000),
    ("Harmony Grove School District is a 24,250-student district.", "Harmony Grove School District", 24250),
    ("The New York City Department of Education serves roughly 1.2 million students.",
     "New York City Department of Education", 1_200_000),
    ("Willow Bend School District has a K-12 enrollment of 8,200 students.", "Willow Bend School District", 8200),
    ("Hillside School District was founded in 1921. The district serves 7,400 students.",
     "Hillside School District", 7400),
    ("Hillside School District (4,100 students) won the award.", "Hillside School District", 4100),
    ("1. Hillside School District (Franklin County, 16,500 students)\n2. Elm School District (Pike County, 900 students)\n",
     "Hillside School District", 16500),
    ("Hillside School District won the award. Hillside enrolls just under 4,200.", "Hillside School District", 4200),
    ("Hillside School District enrolled 4,200, up from 3,900 a decade ago.", "Hillside School District", 4200),
    ("Hillside School District won the award. About 4,200 students attend classes in the district.",
     "Hillside School District", 4200),
])
def test_enrollment_phrasings(text, name, enrollment):
    assert found(text, name).enrollment == enrollment


@pytest.mark.parametrize("text, name, enrollment", [
    ("Alder Creek School District won a state award. The district's five schools serve roughly 1,350 "
     "students.", "Alder Creek School District", 1350),
    ("Alder Creek School District won a state award. Its 12 campuses enroll about 6,100 students.",
     "Alder Creek School District", 6100),
    ("Alder Creek School District won a state award. Its three elementary schools serve about 900 "
     "students.", "Alder Creek School District", None),
    ("The board cited her work in the 2,100-student, four-school district that is Alder Creek School District.",
     "Alder Creek School District", 2100),
])
def test_enrollment_of_the_districts_schools_and_coordinated_compounds(text, name, enrollment):
    """"The district's five schools serve ..." is all its students; "its three elementary schools" a
    part; "the 2,100-student, four-school district" describes the district."""
    assert found(text, name).enrollment == enrollment


@pytest.mark.parametrize("text, name, other, enrollment", [
    ("Ridgefield Regional High School District won a state award. The regional district enrolls some two "
     "thousand students from three towns: Ash Grove School District, Birch Run School District and Elm "
     "Park School District.", "Ridgefield Regional High School District", "Ash Grove School District", 2000),
    ("Harbor Isle School District won a state award. The district, a system of about twelve hundred "
     "students, borders Pelican Bay School District.", "Harbor Isle School District",
     "Pelican Bay School District", 1200),
])
def test_figure_of_the_district_spoken_of_not_a_name_after_it(text, name, other, enrollment):
    """"The regional district enrolls ... from three towns: A, B and C": the district spoken of, not
    the first name after the figure; "twelve hundred" is 1,200."""
    assert found(text, name).enrollment == enrollment
    assert found(text, other).enrollment is None


def test_a_sentence_opening_with_the_town_of_a_listed_district():
    """"Wichita, Kansas' largest district with about 46,000 students": the district listed with that
    town, not the district named last."""
    text = ("Honorees:\nUSD 512 Harmon – Harmon\nUSD 513 Elk Bend – Elk Bend\n\n"
            "Harmon, the state's fourth-largest district with about 21,000 students, joins the list.")
    assert found(text, "USD 512 Harmon").enrollment == 21000
    assert found(text, "USD 513 Elk Bend").enrollment is None


def test_students_and_schools_in_one_phrase():
    text = "Riverside Public Schools serves 148,000 students in 175 schools."
    d = found(text, "Riverside Public Schools")
    assert (d.enrollment, d.schools) == (148000, 175)


@pytest.mark.parametrize("text, name", [
    ("Ames Creek Community School District joined a learning network that serves 4.4 million students.",
     "Ames Creek Community School District"),
    ("In the Lakeview School District, 58 percent of students qualify for free meals.",
     "Lakeview School District"),
    ("The Pine Ridge School District received a $15,000 grant for its robotics club.",
     "Pine Ridge School District"),
    ("Pine Ridge School District employs 850 teachers and 400 support staff.",
     "Pine Ridge School District"),
    ("In the Pine Ridge School District, Lincoln Elementary School serves 400 students.",
     "Pine Ridge School District"),
    ("Elm Creek School District won the category for districts with over 20,000 students.",
     "Elm Creek School District"),
    ("Elm Creek School District won among districts under 5,000 students.", "Elm Creek School District"),
    ("Winners in the 5,000 to 20,000 students category include Elm Creek School District and two others.",
     "Elm Creek School District"),
    ("Elm Creek School District was again the fastest-growing district, adding about 1,100 students.",
     "Elm Creek School District"),
    ("Elm Creek School District lost about 300 students over five years.", "Elm Creek School District"),
    ("Elm Creek School District enrolled 300 this fall in a new academy.", "Elm Creek School District"),
    ("Elm Creek School District won. Its summer camp enrolled 150; the district paid for buses.",
     "Elm Creek School District"),
    ("Elm Creek School District opened a career center that serves 400 students.", "Elm Creek School District"),
    ("Elm Creek School District won. The district expects enrollment to grow to 4,300 students by 2030.",
     "Elm Creek School District"),
])
def test_numbers_that_are_not_enrollment(text, name):
    assert found(text, name).enrollment is None


# --- initiatives ----------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, initiative", [
    ("gave every student a Chromebook", "edtech"),
    ("opened a robotics lab in each middle school", "stem"),
    ("moved all grades to competency-based learning", "personalized_competency"),
    ("built career pathways with local hospitals", "career_technical"),
    ("redesigned its middle schools around project-based learning", "project_based"),
    ("placed a mental health counselor in every building", "social_emotional"),
    ("doubled its support for English learners", "equity_at_risk"),
    ("trained instructional coaches for every campus", "professional_learning"),
    ("created a principal pipeline with a nearby college", "leadership"),
    ("hired liaisons to strengthen family engagement", "community_partnerships"),
    ("expanded dual enrollment at both high schools", "curriculum_instruction"),
    ("opened a Spanish immersion program in kindergarten", "language_immersion"),
    ("adopted a portrait of a graduate for all students", "assessment_accountability"),
    ("opened a lab school on the high school campus", "school_design"),
    ("launched a forestry pathway", "career_technical"),
    ("grouped its high schools around career-themed programs", "career_technical"),
    ("runs a pathway developed with local fruit growers", "community_partnerships"),
    ("started a two-year residency for assistant principals", "leadership"),
    ("lets students move ahead once they master a skill", "personalized_competency"),
    ("helps paraprofessionals become certified teachers", "professional_learning"),
    ("offers therapy at school through a county clinic", "social_emotional"),
    ("replaced some state tests with performance tasks", "assessment_accountability"),
    ("put a reading coach in every elementary school", "professional_learning"),
])
def test_cue_phrase_per_taxonomy_id(phrase, initiative):
    text = f"Quarry Hill School District {phrase}."
    assert initiative in found(text, "Quarry Hill School District").initiatives


def test_initiatives_stay_with_their_paragraph():
    text = ("Alder Grove School District opened a robotics lab for its middle schools.\n\n"
            "Birchwood School District placed a mental health counselor in every school.\n")
    alder = found(text, "Alder Grove School District")
    birch = found(text, "Birchwood School District")
    assert "stem" in alder.initiatives and "social_emotional" not in alder.initiatives
    assert "social_emotional" in birch.initiatives and "stem" not in birch.initiatives


def test_initiatives_stay_with_their_list_entry():
    text = ("Winners:\n"
            "- Alder Grove School District: every student now has a Chromebook.\n"
            "- Birchwood School District: expanded dual enrollment with the county college.\n")
    alder = found(text, "Alder Grove School District")
    birch = found(text, "Birchwood School District")
    assert "edtech" in alder.initiatives and "curriculum_instruction" not in alder.initiatives
    assert "curriculum_instruction" in birch.initiatives and "edtech" not in birch.initiatives


def test_category_heading_applies_to_entries_below_it():
    text = ("Competency-Based Learning\n"
            "Alder Grove School District, Oregon.\n"
            "Birchwood School District, Idaho.\n"
            "Career Pathways\n"
            "Cedar Point School District, Utah.\n")
    assert "personalized_competency" in found(text, "Alder Grove School District").initiatives
    assert "personalized_competency" in found(text, "Birchwood School District").initiatives
    cedar = found(text, "Cedar Point School District")
    assert "career_technical" in cedar.initiatives
    assert "personalized_competency" not in cedar.initiatives


def test_category_heading_applies_to_a_bare_list_of_names():
    text = ("Competency-Based Learning\n"
            "Alder Grove School District\n"
            "Birchwood School District\n"
            "Career Pathways\n"
            "Cedar Point School District\n")
    assert "personalized_competency" in found(text, "Alder Grove School District").initiatives
    assert "personalized_competency" in found(text, "Birchwood School District").initiatives
    cedar = found(text, "Cedar Point School District")
    assert "career_technical" in cedar.initiatives
    assert "personalized_competency" not in cedar.initiatives


def test_blurb_before_the_district_in_the_same_entry():
    text = ("Every middle school now runs an after-school robotics club. The clubs earned "
            "Alder Grove School District this year's prize.\n\n"
            "Birchwood School District expanded dual enrollment.\n")
    assert "stem" in found(text, "Alder Grove School District").initiatives
    assert "stem" not in found(text, "Birchwood School District").initiatives


@pytest.mark.parametrize("phrase, initiative", [
    ("added weekly science lessons in every fourth-grade classroom", "stem"),
    ("rebuilt its science curriculum around local rivers", "stem"),
    ("runs an environmental science course at the high school", "stem"),
    ("put a counselor in every elementary school", "social_emotional"),
    ("hired a school psychologist for each building", "social_emotional"),
    ("started a suicide prevention program for ninth graders", "social_emotional"),
    ("expanded services for English-language learners", "equity_at_risk"),
    ("paid for high-dosage tutoring in grades 3 through 8", "equity_at_risk"),
    ("pairs every first-year teacher with a veteran mentor", "professional_learning"),
    ("launched a new mentoring program for beginning teachers", "professional_learning"),
    ("started a teacher mentoring program", "professional_learning"),
    ("lets juniors intern at the county hospital", "career_technical"),
    ("lets seniors take college classes on campus", "curriculum_instruction"),
    ("opened a hands-on marine science program", "project_based"),
    ("opened a hands-on marine science program", "stem"),
])
def test_cue_words_written_other_ways(phrase, initiative):
    """The taxonomy's terms with their synonyms, inflections and longer forms; a teaching mode
    before another cue ('hands-on') stays a cue, as a delivery mode does."""
    assert initiative in found(f"Quarry Hill School District {phrase}.", "Quarry Hill School District").initiatives


@pytest.mark.parametrize("phrase", [
    "runs its welding academy jointly with Harlan Technical College",
    "built its nursing pathway with help from the county hospital",
    "opened career academies built with refineries and chemical plants along the river",
    "offers a logistics course designed with regional suppliers",
])
def test_partners_written_other_ways(phrase):
    """A programme run jointly with, built with help from, or built with a kind of partner the
    list did not know (refineries, plants, suppliers) is a community partnership."""
    assert "community_partnerships" in found(f"Quarry Hill School District {phrase}.",
                                             "Quarry Hill School District").initiatives


@pytest.mark.parametrize("phrase, initiative", [
    ("added computer science lessons in fifth grade", "stem"),
    ("hired 30 bus drivers for every route", "social_emotional"),
    ("says its new teachers mentor one another's students", "project_based"),
])
def test_cue_words_written_other_ways_stay_precise(phrase, initiative):
    assert initiative not in found(f"Quarry Hill School District {phrase}.", "Quarry Hill School District").initiatives


@pytest.mark.parametrize("text, initiative", [
    ("Quarry Hill School District's rise stems from steady leadership, the board said.", "stem"),
    ("Quarry Hill School District students spent the spring measuring stems in the greenhouse.", "stem"),
    ("FARLOW (AP) — Quarry Hill School District won a state prize on Tuesday.", "curriculum_instruction"),
    ("DUNMORE, Ore. (AP) -- The Quarry Hill School District was named a finalist.", "curriculum_instruction"),
])
def test_words_that_only_look_like_cues(text, initiative):
    """A lower-case word spelt like an acronym cue ('stems from') and a dateline's wire credit
    ('(AP) —') are no cues."""
    assert initiative not in found(text, "Quarry Hill School District").initiatives


@pytest.mark.parametrize("text, initiative", [
    ("Quarry Hill School District expanded STEM labs to every middle school.", "stem"),
    ("Quarry Hill School District added Advanced Placement (AP) courses in four subjects.", "curriculum_instruction"),
])
def test_acronym_cues_still_count(text, initiative):
    assert initiative in found(text, "Quarry Hill School District").initiatives


def test_outcome_alone_is_not_an_initiative():
    text = "Quarry Hill School District raised its graduation rate to 94 percent."
    assert found(text, "Quarry Hill School District").initiatives == []


@pytest.mark.parametrize("text, initiative", [
    # what comes after a coordination's last word or before its first is said of all of it
    ("Quarry Hill School District saw its reading and math scores climb for a third year.", "curriculum_instruction"),
    ("More Quarry Hill School District students were on track in reading and math than last year.",
     "curriculum_instruction"),
    ("Quarry Hill School District posted growth in reading and math on the state assessment.", "curriculum_instruction"),
    ("Quarry Hill School District is short of math and reading teachers.", "curriculum_instruction"),
    # a test taken is a result, not a course
    ("At Quarry Hill School District, 64 percent of third graders passed the state reading test.",
     "curriculum_instruction"),
    ("The number of Quarry Hill School District students taking AP exams doubled in two years.",
     "curriculum_instruction"),
    # growth or gains among a group are a result, not a programme for it
    ("Quarry Hill School District was recognized for growth among students learning English.", "equity_at_risk"),
    ("Quarry Hill School District earned the award for gains among historically underserved student groups.",
     "equity_at_risk"),
])
def test_a_result_in_a_coordination_a_test_or_a_groups_growth_is_no_initiative(text, initiative):
    assert initiative not in found(text, "Quarry Hill School District").initiatives


@pytest.mark.parametrize("text, initiatives", [
    ("Quarry Hill School District launched a new reading curriculum and added an equity office.",
     {"curriculum_instruction", "equity_at_risk"}),
    ("Quarry Hill School District expanded AP courses and opened a newcomer center for English learners.",
     {"curriculum_instruction", "equity_at_risk"}),
    ("Quarry Hill School District pays exam fees for low-income students and added reading and math tutors.",
     {"curriculum_instruction", "equity_at_risk"}),
])
def test_programmes_beside_results_words_still_count(text, initiatives):
    assert initiatives <= set(found(text, "Quarry Hill School District").initiatives)


@pytest.mark.parametrize("text, initiative", [
    ("Quarry Hill School District lets students move through math courses at their own pace.", "personalized_competency"),
    ("Quarry Hill School District added small-group reading intervention for English learners.", "equity_at_risk"),
    ("Quarry Hill School District has woven computational thinking into science and math lessons.", "stem"),
])
def test_a_subject_another_programme_teaches_is_that_programmes(text, initiative):
    """The subject a personalised, at-risk or STEM programme is about is not the district's core
    instruction on its own; the programme is what the district does."""
    assert found(text, "Quarry Hill School District").initiatives == [initiative]


@pytest.mark.parametrize("text", [
    "Quarry Hill School District adopted a new math curriculum for English learners.",
    "Quarry Hill School District opened a newcomer program with extra reading instruction.",
    "Quarry Hill School District retrained every third-grade teacher in foundational reading skills.",
    "Quarry Hill School District launched a reading curriculum and added an equity office.",
])
def test_a_subject_of_the_districts_own_curriculum_or_training_stays_instruction(text):
    assert "curriculum_instruction" in found(text, "Quarry Hill School District").initiatives


@pytest.mark.parametrize("text, initiative", [
    ("Quarry Hill School District thanked its music educators at the spring concert.", "curriculum_instruction"),
    ('Parents held signs reading "Keep Our Schools" at the Quarry Hill School District board meeting.',
     "curriculum_instruction"),
    ("She joined Quarry Hill School District in 2009 to teach English as a second language.", "equity_at_risk"),
    ("Quarry Hill School District said rising special education costs strain its budget.", "equity_at_risk"),
])
def test_a_post_a_verb_or_a_budget_line_is_no_initiative(text, initiative):
    """A cue that names a post ("music educators", "to teach ESL"), the verb "reading" before a
    quotation, or a cost is not what the district does."""
    assert initiative not in found(text, "Quarry Hill School District").initiatives


@pytest.mark.parametrize("text, initiative", [
    ("Quarry Hill School District expanded its music education program to every elementary school.",
     "curriculum_instruction"),
    ("Quarry Hill School District expanded special education services for preschoolers.", "equity_at_risk"),
])
def test_a_programme_beside_those_words_still_counts(text, initiative):
    assert initiative in found(text, "Quarry Hill School District").initiatives


@pytest.mark.parametrize("text, initiative", [
    ("Quarry Hill School District opened a career center with programs in welding, nursing, cybersecurity "
     "and logistics.", "edtech"),
    ("Quarry Hill School District high schools host career academies in fields from aerospace engineering "
     "to public safety.", "stem"),
    ("Quarry Hill School District offers 30 career pathways, from automotive repair to software development.", "edtech"),
])
def test_a_field_among_a_career_programmes_trades_is_no_stem_or_technology(text, initiative):
    d = found(text, "Quarry Hill School District")
    assert initiative not in d.initiatives and "career_technical" in d.initiatives


@pytest.mark.parametrize("text, initiative", [
    ("Quarry Hill School District added engineering and robotics classes at every middle school.", "stem"),
    ("Quarry Hill School District now teaches cybersecurity to every eighth grader.", "edtech"),
])
def test_a_field_taught_on_its_own_stays_stem_or_technology(text, initiative):
    assert initiative in found(text, "Quarry Hill School District").initiatives


@pytest.mark.parametrize("text, expected", [
    ("Quarry Hill School District will recruit bilingual teachers from among its parents.", False),
    ("Quarry Hill School District hired two bilingual nurses.", False),
    ("Quarry Hill School District opened a bilingual kindergarten program.", True),
])
def test_bilingual_staff_are_a_trait_not_a_dual_language_programme(text, expected):
    assert ("language_immersion" in found(text, "Quarry Hill School District").initiatives) is expected


@pytest.mark.parametrize("text, expected", [
    ("Quarry Hill School District built an attendance dashboard that families can view online.", False),
    ("Quarry Hill School District pays for aides to finish teaching degrees online while they keep working.", False),
    ("Quarry Hill School District students can take online courses in 14 subjects.", True),
    ("Quarry Hill School District offers online and in-person tutoring after school.", True),
])
def test_online_at_a_clauses_end_says_where_not_online_learning(text, expected):
    assert ("edtech" in found(text, "Quarry Hill School District").initiatives) is expected


# --- evidence -------------------------------------------------------------------------------

EVIDENCE_TEXTS = [
    "Sagebrush Unified School District in Hanford, California, serves approximately 4,900 students "
    "in 9 schools and gives every student a Chromebook.",
    "Nebraska's Grand Island Public Schools opened a newcomer center for English learners.",
    "The Beloit (Wis.) Unified School District No. 3 extended its school day.",
    "The Mountain View Unified School District (MVUSD) opened a farm school. MVUSD teachers built it.",
    "SILVER CREEK SCHOOL DISTRICT\nThe district serves 2,100 students and runs a robotics program.",
]


@pytest.mark.parametrize("text", EVIDENCE_TEXTS)
def test_every_value_has_grounded_evidence(text):
    rec, rejects = record(text)
    assert rejects == []
    assert rec.districts
    for d in rec.districts:
        have = {(e.field, e.value) for e in d.evidence}
        wanted = [("name", d.name), *(("alias", a) for a in d.aliases),
                  *((f, str(getattr(d, f))) for f in ("city", "state", "enrollment", "schools")
                    if getattr(d, f) is not None),
                  *(("initiatives", i) for i in d.initiatives)]
        assert set(wanted) <= have, d
        for e in d.evidence:
            assert text[e.start:e.end] == e.text
            assert e.rule and "." in e.rule


# --- a place that serves students is a district, even without "School District" -------------

def test_a_place_that_serves_students_is_a_district():
    text = ("12. Staffing. Fort Wayne serves 29,000 students in 51 schools and pays its best "
            "teachers to lead teams of novices.")
    d = found(text, "Fort Wayne")
    assert (d.enrollment, d.schools) == (29000, 51)


def test_a_school_that_serves_students_is_not_a_district():
    assert find("Lincoln Elementary serves 400 students in a converted warehouse.", "Lincoln Elementary") is None


# --- issue 11: mentions first, attachment second ------------------------------------------
# One test per class of phrasing the unseen articles used; every sentence is written here.

@pytest.mark.parametrize("text, name, enrollment, schools", [
    ("Harlan Ridge Public Schools won the state prize. The 31,000-student Harlan Ridge also trains "
     "its own bus drivers.", "Harlan Ridge Public Schools", 31000, None),
    ("Juniper Flats Unified School District, serving over 1 million students at 1,500 schools, "
     "opened a new data center.", "Juniper Flats Unified School District", 1_000_000, 1500),
    ("Owl Creek School District is a district of 720 K-8 students in the foothills.",
     "Owl Creek School District", 720, None),
    ("Tamarack Valley School District educates 12,345 of the state's 98,000 students.",
     "Tamarack Valley School District", 12345, None),
    ("Birch Lake School District has about 3,100 students at seven schools.", "Birch Lake School District", 3100, 7),
    ("Birch Lake School District serves 9,000 students and is home to 17 schools.", "Birch Lake School District", 9000, 17),
    ("Birch Lake School District serves 12,400 students, 18 schools and two academies.", "Birch Lake School District",
     12400, 18),
    ("Copper Basin Unified School District teaches 9,800 students across 54 schools.",
     "Copper Basin Unified School District", 9800, 54),
    ("Fern Hollow School District, an eight-school district, added a bus route.", "Fern Hollow School District",
     None, 8),
])
def test_enrollment_and_school_counts_written_other_ways(text, name, enrollment, schools):
    d = found(text, name)
    assert (d.enrollment, d.schools) == (enrollment, schools)


def test_number_of_students_field_under_the_name():
    text = ("Quail Run School District\n"
            "Number of students: 4,250\n"
            "Number of schools: 6\n")
    d = found(text, "Quail Run School District")
    assert (d.enrollment, d.schools) == (4250, 6)


def test_bullet_figures_under_the_name():
    text = ("Heron Bay Unified School District\n"
            "  • 8,400 students\n"
            "  • 512 teachers\n"
            "  • 14 schools\n")
    d = found(text, "Heron Bay Unified School District")
    assert (d.enrollment, d.schools) == (8400, 14)


def test_enrollment_column_of_a_ranking_table():
    text = ("Rank District State Students\n"
            "1 Granite Peak School District Utah 71,204\n"
            "2 School District of Port Alder Florida 68,390+\n")
    assert found(text, "Granite Peak School District").enrollment == 71204
    port = found(text, "School District of Port Alder")
    assert (port.enrollment, port.state) == (68390, "FL")


@pytest.mark.parametrize("text, name", [
    ("California is home to 1,000 school districts and 6,000,000 students. Pinecone Unified School "
     "District joined the state's network this year.", "Pinecone Unified School District"),
    ("Pinecone Unified School District, one of 300 districts, serves students statewide through an "
     "online academy that enrolls 9,000 students statewide.", "Pinecone Unified School District"),
    ("Under 5,000 students: Pinecone Unified School District, Oregon", "Pinecone Unified School District"),
])
def test_totals_and_category_labels_are_not_enrollment(text, name):
    assert found(text, name).enrollment is None


@pytest.mark.parametrize("text, name, state", [
    ("Honorees by state\n• Alabama\nPine Bluff City Schools\nRed Clay County Schools\n• Georgia\n"
     "Tallow Creek School District\n", "Red Clay County Schools", "AL"),
    ("Honorees by state\n• Alabama\nPine Bluff City Schools\nRed Clay County Schools\n• Georgia\n"
     "Tallow Creek School District\n", "Tallow Creek School District", "GA"),
    ("Indiana\nMaple Grove Community School Corporation\nWillow Bend School Corporation\n",
     "Willow Bend School Corporation", "IN"),
    ("Winners: Cane Ridge Independent Schools (KY) and two others.", "Cane Ridge Independent Schools", "KY"),
    ("Congratulations to this year's Michigan districts:\n\nCedar Rapids Bend School District\n"
     "Oak Harbor Public Schools\n", "Oak Harbor Public Schools", "MI"),
    ("Officials in the Prairie Creek, Ill., school district approved the plan.",
     "Prairie Creek school district", "IL"),
    ("Teachers in the Brookfield, Texas, school district got raises.", "Brookfield school district", "TX"),
    ("Alaska: Tundra Ridge School DistrictArizona: Saguaro Flats Unified School District",
     "Tundra Ridge School District", "AK"),
    ("Alaska: Tundra Ridge School DistrictArizona: Saguaro Flats Unified School District",
     "Saguaro Flats Unified School District", "AZ"),
    ("New York's Hollis Creek Central School District and Ridgeview Public Schools and Kansas' Elmdale "
     "Public Schools won.", "Ridgeview Public Schools", "NY"),
])
def test_state_from_headings_labels_and_names(text, name, state):
    assert found(text, name).state == state


@pytest.mark.parametrize("text, name", [
    ("Nebraska honorees:\n\nFox Run Elementary — Platte Bend Public Schools\n"
     "Oak Lane Middle — Sandhill County Schools\n", "Sandhill County Schools"),
    ("Nebraska winners:\nPlatte Bend Public Schools\nSandhill County Schools\n", "Platte Bend Public Schools"),
])
def test_a_states_list_of_honorees_heads_the_entries(text, name):
    """"Georgia honorees:", "Texas winners:" above a list: its entries are that state's."""
    assert found(text, name).state == "NE"


@pytest.mark.parametrize("text, name, state", [
    ("Alder Ridge County Schools and Pinecrest City Schools, both in eastern Kentucky, joined the pilot.",
     "Alder Ridge County Schools", "KY"),
    ("Judges in Oregon praised the Hawaiʻi State Department of Education for its immersion program.",
     "Hawaiʻi State Department of Education", "HI"),
    ("Maine School Administrative District 88 opened a forest classroom.",
     "Maine School Administrative District 88", "ME"),
])
def test_state_shared_by_both_names_or_in_a_state_named_lea(text, name, state):
    """"X and Y, both in <State>" places both; "<State> State Department of Education", "<State>
    School Administrative District" name their state."""
    assert found(text, name).state == state


def test_a_county_in_parentheses_among_counties_is_not_a_state():
    """"Olentangy Local (Delaware)" among "Lakota Local (Butler)": the list gives counties, so
    neither a state nor a town."""
    text = ("The 2026 honor roll:\n\nBirch Falls Local (Hardin)\nCedar Point City Schools (Wood)\n"
            "Maple Run Local Schools (Delaware)\nPine Creek Exempted Village (Mercer)\n"
            "Spruce Lake Local (Lucas)\n")
    assert found(text, "Maple Run Local Schools").state is None
    assert found(text, "Cedar Point City Schools").city is None  # "(Wood)": a county of the list, no town


@pytest.mark.parametrize("text, name", [
    ("The City Schools of Fairview opened a new library.", "City Schools of Fairview"),
    ("Families across the islands are served by the Hawaii Department of Education.",
     "Hawaii Department of Education"),
    ("The Newark Board of Education approved the calendar.", "Newark Board of Education"),
    ("Demetrus Carter, Fayette County, Ky., schools\n", "Fayette County, Ky., schools"),
    ("The districts include Santa Rita Unified, Fremont Union High in Sunnyvale and Gilroy Unified.",
     "Fremont Union High"),
    ("Academy District 20 in Colorado Springs was named a national model.", "Academy District 20"),
    ("Northwest ISD and North East ISD made the honor roll.", "Northwest ISD"),  # (a compass name with a strong head)
    ("Naperville District 203 and Leyden District 212 made the honor roll.", "Leyden District 212"),
])
def test_districts_whose_head_is_not_school_district(text, name):
    found(text, name)


@pytest.mark.parametrize("text, name", [
    ("Hawaii public schools were named a finalist for the prize.", "Hawaii public schools"),
    ("The Hawaii public school system won the award.", "Hawaii public school system"),
    ("Hawaii Public Schools won the award.", "Hawaii Public Schools"),
])
def test_the_statewide_lea_by_its_public_schools(text, name):
    assert list(districts(text)) == [name]


def test_the_statewide_lea_with_and_without_state_is_one_district():
    text = ("The Hawaii State Department of Education won the award. The Hawaii Department of Education "
            "will use the prize for laptops, and Hawaii public schools will share it.")
    assert len(districts(text)) == 1


@pytest.mark.parametrize("text", [
    "Texas public schools and Colorado school districts were compared with Marlow Valley School District.",
    "Hawaii schools and Marlow Valley School District shared the prize.",
])
def test_other_states_and_a_weak_head_are_not_the_statewide_lea(text):
    assert list(districts(text)) == ["Marlow Valley School District"]


@pytest.mark.parametrize("text", [
    "The Springfield Schools of Choice program and Marlow Valley School District were honored.",
    "Marlow Valley School District joined the Lakeside Schools of Excellence list.",
    "The Harlan Unified of Tomorrow plan won praise at Marlow Valley School District.",
])
def test_a_weak_head_going_on_with_of_is_a_longer_name(text):
    assert list(districts(text)) == ["Marlow Valley School District"]


def test_a_weak_head_before_of_and_its_state_is_a_district():
    assert "Reynoldsburg Schools" in districts("Reynoldsburg Schools of Ohio won the award.")


@pytest.mark.parametrize("text", [
    "Congressional District 5 voters backed the bond for Marlow Valley School District.",
    "DuPage County District 4 commissioners praised Marlow Valley School District.",
    "Denver District 3 Councilwoman Amy Ross praised Marlow Valley School District.",
    "The Aurora District 2 seat is open; Marlow Valley School District was honored.",
    "Elgin Fire District 3 trained staff at Marlow Valley School District.",
])
def test_a_numbered_district_of_another_kind_is_not_a_school_district(text):
    assert list(districts(text)) == ["Marlow Valley School District"]


@pytest.mark.parametrize("text, not_a_district", [
    ("Largest School Districts\nMarlow Valley School District\n", "largest"),
    ("Top Rural School Districts in the state were named today. Marlow Valley School District led.", "top"),
    ("Participating school districts\nMarlow Valley School District\n", "participating"),
    ("Top-Rated Public Schools\nMarlow Valley School District\n", "rated"),
    ("High-Performing Public Schools\nMarlow Valley School District\n", "performing"),
    ("Successful Public Schools\nMarlow Valley School District\n", "successful"),
    ("Marlow Valley School District was named a Highest-Rated School District.", "highest"),
    ("The Maryland State Department of Education praised Marlow Valley School District.", "maryland"),
    ("The State Board of Education praised Marlow Valley School District.", "state board"),
    ("Marlow Valley School District was named an Apple Distinguished School District.", "apple"),
    ("Marlow Valley School District joined the Green Schools National Network.", "green"),
    ("North Central ESD trained teachers at Marlow Valley School District.", "north central"),
    ("The Northwest ESD 189 helped Marlow Valley School District.", "northwest"),
    ("The North Central district office and Marlow Valley School District met.", "north central"),
    ("The Diocese of Harlan Schools and Marlow Valley School District shared a bus.", "harlan"),
    ("The Archdiocese of Kessler Public Schools office praised Marlow Valley School District.", "kessler"),
])
def test_headings_titles_and_agencies_are_not_districts(text, not_a_district):
    found(text, "Marlow Valley School District")
    assert not [f for f in surface_forms(text) if not_a_district in f]


def test_short_forms_in_a_pipe_table_under_a_title_about_districts():
    """A markdown table: leading pipes, a rank column, a header row and a rule line between the
    title and the rows; the rows' short forms are the districts, the header and an average row none."""
    text = ("Top districts for graduation rate\n\n| Rank | District | County | Rate |\n|---|---|---|---|\n"
            "| 1 | Edina | Hennepin | 97% |\n| 2 | Wayzata | Hennepin | 96% |\n| 3 | Stillwater Area | Ramsey | 94% |\n"
            "| 4 | Lakeville Area | Dakota | 92% |\n| 5 | Eastern Carver County | Carver | 91% |\n"
            "| | State average | | 84% |\n\nSource: the state education department, four-year rates for 2024.\n")
    assert set(districts(text)) == {"Edina", "Wayzata", "Stillwater Area", "Lakeville Area", "Eastern Carver County"}


@pytest.mark.parametrize("title", ["2026 Honor Roll: Ohio school districts", "AP Honor Roll districts",
                                   "Spring 2026 Update: Our honored districts"])
def test_a_titles_label_or_acronym_does_not_stop_it_introducing_a_list(title):
    """Short forms under a title about districts are the districts, though a label with a colon or
    an acronym opens the title."""
    text = (f"{title}\n\nBirch Falls City\nCedar Point City\nMaple Run Local\nPine Creek Exempted Village\n\n"
            "The districts were honored on Monday for their work.\n")
    assert set(districts(text)) == {"Birch Falls City", "Cedar Point City", "Maple Run Local",
                                    "Pine Creek Exempted Village"}


@pytest.mark.parametrize("north, south", [("Northeast Ohio", "Central Ohio"), ("NORTHEAST OHIO", "CENTRAL OHIO"),
                                          ("West Texas", "South Texas")])
def test_a_states_region_heading_a_group_of_a_list_is_not_a_district(north, south):
    text = (f"Honor roll districts\n\n{north}\nBirch Falls City\nCedar Point City\nMaple Run Local\n\n"
            f"{south}\nPine Creek City\nSpruce Lake Local\nOrchard Crest City\n\n"
            "The districts were honored on Monday for their work.\n")
    assert len(districts(text)) == 6


@pytest.mark.parametrize("section", ["Methodology", "Sources", "Notes", "Media Contact", "Related Stories",
                                     "Evaluation Criteria"])
def test_a_section_heading_after_a_list_is_not_one_of_its_items(section):
    """A ranking's or an honour roll's list, then the article's next section: its heading is a short
    line like the items, but names no district."""
    text = ("2026 Best School Districts\n\n1. Pell Creek School District\n2. Orchard Crest Unified School District\n"
            "3. Marlow Valley Public Schools\n4. Birch Falls Area School District\n"
            f"{section}\nRankings weigh test scores, graduation rates and survey answers from parents.\n")
    assert len(districts(text)) == 4


@pytest.mark.parametrize("text, name", [
    ("XY\nXY Lakeview Bend School District won the state prize.", "Lakeview Bend School District"),
    ("N.C. Marion Ridge County Public Schools won the state prize.", "Marion Ridge County Public Schools"),
    # a page's label or an award level on the line of the name (an image's alt text, a tier)
    ("Gold Award Lakeview Bend Unified School District\nThe district won the top prize.",
     "Lakeview Bend Unified School District"),
    ("Platinum Level Orchard Crest School District\n", "Orchard Crest School District"),
    ("Honorable Mention Bellamy Flats Area School District\n", "Bellamy Flats Area School District"),
    ("Honorable MentionsPine Ridge Bend School District was recognized.\n", "Pine Ridge Bend School District"),
    ("Logo Harlan Ridge County Public Schools\nHarlan Ridge was honored.", "Harlan Ridge County Public Schools"),
    ("Bronze Medal Delano Crest School District\n", "Delano Crest School District"),
    ("Watch Video Hollis Bend School District\n", "Hollis Bend School District"),
    ("Program of Excellence Sunset Crest Unified School District\n", "Sunset Crest Unified School District"),
    ("District of Distinction Tall Pines Bend School District\n", "Tall Pines Bend School District"),
    # a vendor's word for the district in a release's title-case headline
    ("Acme Learning Customer Cedar Bluff Bend School District Wins Data Award\n", "Cedar Bluff Bend School District"),
    ("Longtime Partner Fox Hollow Bend Public Schools Named Finalist\n", "Fox Hollow Bend Public Schools"),
])
def test_a_badge_glued_before_a_name_is_not_part_of_it(text, name):
    assert name in districts(text)
    assert len(districts(text)) == 1


def test_dateline_below_the_headline():
    text = ("Local district earns state honor\n\n"
            "WESTERVILLE, Ohio — The Westerville City School District was named a model district on Monday.")
    d = found(text, "Westerville City School District")
    assert (d.city, d.state) == ("Westerville", "OH")


@pytest.mark.parametrize("text, name, city, state", [
    ("Rio Seco School District; Ventura, California\nThe district serves 5,000 students.",
     "Rio Seco School District", "Ventura", "CA"),
    ("Saint Paul Public Schools in St. Paul, Minnesota, was a finalist.", "Saint Paul Public Schools",
     "St. Paul", "MN"),
    ("• Troup Hills School System, LaGrange, Ga.", "Troup Hills School System", "LaGrange", "GA"),
    ("Kingsport Valley City Schools (Kingsport)", "Kingsport Valley City Schools", "Kingsport", None),
])
def test_city_of_a_list_entry(text, name, city, state):
    d = found(text, name)
    assert (d.city, d.state) == (city, state)


def test_follow_on_paragraph_about_the_district_gets_its_initiatives():
    text = ("Cobalt Springs School District was honored on Monday.\n\n"
            "The district opened a robotics lab and placed a mental health counselor in every school.\n")
    assert {"stem", "social_emotional"} <= set(found(text, "Cobalt Springs School District").initiatives)


def test_category_field_maps_onto_an_initiative():
    text = ("Cobalt Springs School District\n"
            "Category: Student wellness\n")
    assert "social_emotional" in found(text, "Cobalt Springs School District").initiatives


@pytest.mark.parametrize("phrase, initiative", [
    ("built an agriculture pathway for ninth graders", "career_technical"),
    ("eliminated grade levels in its middle schools", "school_design"),
    ("opened two makerspaces", "stem"),
    ("retrained every kindergarten through third-grade teacher in phonics", "professional_learning"),
])
def test_cues_from_the_taxonomy_and_their_variants(phrase, initiative):
    text = f"Quarry Hill School District {phrase}."
    assert initiative in found(text, "Quarry Hill School District").initiatives


def test_a_cue_that_modifies_another_is_not_its_own_initiative():
    text = "Quarry Hill School District offers personalized professional learning to its teachers."
    assert found(text, "Quarry Hill School District").initiatives == ["professional_learning"]


def test_a_sentence_about_the_award_gives_no_initiative():
    text = ("The awards program has helped communities expand music education for twenty years. "
            "Quarry Hill School District earned the title again.")
    assert found(text, "Quarry Hill School District").initiatives == []


def test_a_cue_in_a_bullet_line_is_not_a_heading_for_the_lines_below():
    text = ("Winners:\n"
            "  • Orchard STEAM Academy, Cedar Falls, Iowa\n"
            "  • Quarry Hill School District, Quarry Hill, Iowa\n")
    assert "stem" not in found(text, "Quarry Hill School District").initiatives


# --- issue 15: long pages ------------------------------------------------------------------

def test_a_page_past_the_cap_is_cut_with_a_reason():
    from extractors import nlp

    filler = "A line of text about nothing in particular.\n"
    text = "Quarry Hill School District serves 4,000 students.\n" + filler * (nlp.MAX_CHARS // len(filler) + 10)
    (_, rec, rejects), = extract([RawArticle(article_id="t", source="t", text=text)])
    assert rec is not None and found_in(rec, "Quarry Hill School District").enrollment == 4000
    assert [r.stage for r in rejects] == ["extract"] and "cut to its first" in rejects[0].reason


def found_in(rec: ArticleRecord, name: str) -> DistrictRecord:
    return next(d for d in rec.districts if d.name == name)


def test_extraction_time_grows_linearly_with_the_text():
    import time

    from extractors import nlp
    from extractors.assemble import assemble

    block = ("Quarry Hill School District serves 4,000 students in 9 schools.\n"
             "Its teachers built a robotics lab, and Cedar Bend Public Schools, in Ames, Iowa, joined.\n")
    pipe = nlp.build()

    def seconds(n: int) -> float:
        text = block * n
        best = 1e9
        for _ in range(2):
            start = time.perf_counter()
            assemble(pipe(text))
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(250), seconds(1000)
    assert large < 10 * small + 0.5, (small, large)  # 4x the text; quadratic would be 16x


@pytest.mark.parametrize("phrase, initiative", [
    ("prepares students for college and career readiness", "career_technical"),
    ("teaches environmental literacy in every grade", "curriculum_instruction"),
    ("serves a predominantly low-income community", "equity_at_risk"),
])
def test_words_before_a_cue_that_make_it_no_initiative(phrase, initiative):
    text = f"Quarry Hill School District {phrase}."
    assert initiative not in found(text, "Quarry Hill School District").initiatives


def test_a_sentence_without_a_name_takes_the_district_of_its_paragraph():
    text = ("Dana Ortiz, superintendent of Quarry Hill School District, was honored. Ortiz opened a "
            "robotics lab there in 2021.")
    assert "stem" in found(text, "Quarry Hill School District").initiatives


def test_short_forms_in_a_list_of_districts_are_districts():
    text = ("Participating districts this year:\n"
            "Maple Hollow Unified School District\n"
            "Lakeshore Regional\n"
            "Cedar Bluff Independent School District\n"
            "Pine Ridge\n"
            "Alder County Schools\n\n"
            "Each district sends two teams.")
    for name in ("Lakeshore Regional", "Pine Ridge"):
        assert find(text, name) is not None, name


def test_a_list_of_schools_makes_no_districts():
    text = ("Schools in the Maple Hollow Unified School District:\n"
            "Lincoln Elementary\n"
            "Roosevelt Middle\n"
            "Jefferson High\n\n"
            "All three opened in 1990.")
    assert list(districts(text)) == ["Maple Hollow Unified School District"]


def test_state_labels_glued_together_in_one_line():
    text = ("Best district in each state\n"
            "Hawaii: Hawaii Department of EducationIdaho: Bitterroot Falls School DistrictIowa: "
            "Prairie Rose Community School DistrictKansas: Flint Hills Academy\n\nMore next year.")
    assert found(text, "Hawaii Department of Education").state == "HI"
    assert found(text, "Bitterroot Falls School District").state == "ID"
    assert found(text, "Flint Hills Academy").state == "KS"


def test_state_of_a_state_scoped_association_at_the_top():
    text = ("Nevada Association of School Boards honors three districts\n\n"
            "The association named Sagebrush Flats School District, Red Rock Unified School District and "
            "Juniper Basin School District its districts of the year. A panel from Utah and Idaho judged.")
    for name in ("Sagebrush Flats School District", "Red Rock Unified School District", "Juniper Basin School District"):
        assert found(text, name).state == "NV", name


def test_a_number_inside_a_place_name():
    text = "Summit 14 Valley Schools opened a new career center."
    found(text, "Summit 14 Valley Schools")


def test_all_of_its_schools_is_the_count():
    text = "Harbor Point School District earned the seal in all 23 of its schools."
    assert found(text, "Harbor Point School District").schools == 23
    text = "Harbor Point School District earned the seal in eight of its schools."
    assert found(text, "Harbor Point School District").schools is None


def test_schools_then_students_in_one_clause():
    text = "Harbor Point School District has 139 schools with around 183,000 students."
    d = found(text, "Harbor Point School District")
    assert (d.enrollment, d.schools) == (183000, 139)


def test_a_place_opening_a_numbered_entry_among_districts_is_a_district():
    text = ("Districts worth a visit\n\n"
            "1. Early Starts. Maple Hollow Unified School District, north of Fresno, runs a farm school.\n\n"
            "2. Big Ideas. Cedar Bluff Independent School District, west of Austin, builds robots.\n\n"
            "3. Career Focus. Pasadena, east of Los Angeles, opened a career center.\n\n"
            "4. Reading First. Alder County Schools trained every teacher.\n")
    assert find(text, "Pasadena") is not None


@pytest.mark.parametrize("phrase, initiative", [
    ("helps Native American students with a reading program", "equity_at_risk"),
    ("runs a four-year project with the Riverbend Tribal Council", "community_partnerships"),
])
def test_more_cue_variants(phrase, initiative):
    text = f"Quarry Hill School District {phrase}."
    assert initiative in found(text, "Quarry Hill School District").initiatives


def test_a_list_of_place_names_under_a_districts_heading():
    text = ("The following districts earned the designation:\n"
            "Warren County\n"
            "Pike County\n"
            "Bowling Green Independent\n\n"
            "Each will receive a banner.")
    for name in ("Warren County", "Pike County"):
        assert find(text, name) is not None, name


def test_a_town_and_lower_case_schools_in_a_local_story():
    text = "Parents asked Springfield schools to add a late bus."
    assert find(text, "Springfield schools") is not None
    assert find("Parents asked Texas schools to add a late bus.", "Texas schools") is None


def test_a_list_of_short_names_under_a_bare_honorees_heading():
    text = ("The state association named its governance winners on Friday.\n\n"
            "Recipients\n\n"
            "Granite Falls\n"
            "Jackson County\n"
            "Cedar Heights\n\n"
            "Each board will receive a banner at the fall conference.")
    for name in ("Granite Falls", "Jackson County", "Cedar Heights"):
        assert find(text, name) is not None, name
    assert find(text, "Recipients") is None


def test_a_line_about_districts_that_ends_in_a_colon_opens_the_list():
    text = ("Among this year's Reward Districts:\n\n"
            "- Bristol City\n"
            "- Johnson County\n"
            "- Kingsport City\n\n"
            "The full list is posted online.")
    for name in ("Bristol City", "Johnson County", "Kingsport City"):
        assert find(text, name) is not None, name


def test_a_region_heading_inside_a_list_of_districts_is_no_district():
    text = ("The honored districts are:\n\n"
            "East Region\n"
            "Oakdale Public Schools (Oakdale)\n"
            "Fulton County Schools (Atlanta)\n\n"
            "West Region\n"
            "Pine Ridge School District (Pine Ridge)\n"
            "Cobb Valley Schools (Marietta)\n\n"
            "Each receives $5,000.")
    assert find(text, "East Region") is None and find(text, "West Region") is None
    assert find(text, "Oakdale Public Schools") is not None


def test_a_name_line_then_its_place_line_under_a_winners_heading():
    text = ("Past Winners\n\n"
            "Alder Creek School District\n\n"
            "Alder Creek, Oregon\n\n"
            "Maple Bend Public Schools\n\n"
            "Maple Bend, Minnesota\n\n"
            "Nominations open in May.")
    names = {n.lower() for n in districts(text)}
    assert "alder creek" not in names and "maple bend" not in names


def test_a_state_department_of_education_that_is_the_statewide_district():
    d = found("The Hawaii State Department of Education serves about 170,000 students.",
              "Hawaii State Department of Education")
    assert d.enrollment == 170000
    assert find("The Ohio State Department of Education issued new rules.", "Ohio State Department of Education") is None


def test_an_ap_style_place_inside_a_name_is_one_district_with_its_short_form():
    text = ("Ana Ruiz leads the Elm Grove, Texas, school district. "
            "Under her, Elm Grove ISD opened two career academies.")
    ds = [d for d in districts(text).values() if "elm grove" in d.name.lower()]
    assert len(ds) == 1 and ds[0].state == "TX"


def test_a_name_comma_town_entry_line_gives_the_city():
    text = ("Colorado\n\n"
            "Cherry Creek School District, Greenwood Village\n"
            "The district trained teachers in coaching.\n\n"
            "Ohio\n\n"
            "Worthington City Schools, Worthington\n"
            "Worthington added robotics to every middle school.\n")
    assert found(text, "Cherry Creek School District").city == "Greenwood Village"
    assert found(text, "Worthington City Schools").city == "Worthington"


def test_a_dateline_town_that_opens_a_two_town_district_name():
    text = ("Schools win award\n\n"
            "SALEM, Ore. — The Salem-Keizer School District won a state prize on Monday. "
            "It worked with the nearby Silver Falls School District on the plan.")
    assert found(text, "Salem-Keizer School District").city == "Salem"


@pytest.mark.parametrize("phrase, initiative", [
    ("hired mental-health counselors for every school", "social_emotional"),
    ("expanded dual-enrollment courses at the high school", "curriculum_instruction"),
])
def test_a_two_word_cue_written_as_a_compound(phrase, initiative):
    text = f"Quarry Hill School District {phrase}."
    assert initiative in found(text, "Quarry Hill School District").initiatives


def test_an_ap_style_place_inside_a_name_gives_the_city():
    d = found("Voters backed the Tomball, Texas, school district in May.", "Tomball school district")
    assert d.city == "Tomball" and d.state == "TX"


@pytest.mark.parametrize("phrase, initiative", [
    ("placed a social worker in each of its schools", "social_emotional"),
    ("opened a student support center at the high school", "social_emotional"),
    ("started a skilled trades class for juniors", "career_technical"),
    ("built a construction trades course with area builders", "career_technical"),
    ("opened a newcomer center for arriving families", "equity_at_risk"),
    ("tutors students who are behind in math after school", "equity_at_risk"),
    ("turned its library into a learning commons", "school_design"),
    ("added flexible seating to every classroom", "school_design"),
    ("lets students pursue their own projects each Friday", "project_based"),
    ("set up welding classes with local contractors", "community_partnerships"),
    ("expanded reading support for students learning English", "equity_at_risk"),
    ("narrowed the reading gap between its schools", "equity_at_risk"),
    ("worked with area manufacturers on a new lab", "community_partnerships"),
    ("runs a science program with local farms", "community_partnerships"),
    ("says its teachers receive ongoing training in writing instruction", "professional_learning"),
    ("is recruiting bilingual teachers from abroad", "professional_learning"),
    ("pays for classroom aides to earn teaching licenses", "professional_learning"),
    ("trained every employee in youth mental health first aid", "professional_learning"),
    ("runs two-way programs in every elementary school", "language_immersion"),
    ("teaches Lakota language and culture in every grade", "language_immersion"),
    ("moved to a four-day week last fall", "school_design"),
    ("threw out traditional grade levels in 2012", "school_design"),
    ("opened a newcomer academy for arriving students", "equity_at_risk"),
    ("runs full-service community schools with health clinics", "community_partnerships"),
    ("hosts monthly family literacy nights", "community_partnerships"),
    ("adopted a phonics-based curriculum in the early grades", "curriculum_instruction"),
    ("asks every senior to finish a capstone project", "project_based"),
    ("earned a seal for its student data privacy practices", "edtech"),
    ("pays exam fees for students from low-income families", "equity_at_risk"),
    ("was honored for its Arabic-English program", "language_immersion"),
    ("lets aides enter a paid residency to become teachers", "professional_learning"),
    ("lets seniors earn welding and nursing credentials", "career_technical"),
])
def test_initiatives_written_in_plain_words(phrase, initiative):
    text = f"Quarry Hill School District {phrase}."
    assert initiative in found(text, "Quarry Hill School District").initiatives


def test_in_a_local_story_the_district_is_the_dateline_district_not_a_partner():
    text = ("Aurora schools honored\n\n"
            "AURORA, Ill. — Aurora Public Schools won a state award on Monday.\n\n"
            "The award follows two years of planning. In the district, students now move through "
            "reading units at their own pace.\n\n"
            "Aurora shares a bus route with the neighboring Elmwood School District.\n\n"
            "The district has also started a robotics club at each middle school.\n")
    home = found(text, "Aurora Public Schools")
    assert {"personalized_competency", "stem"} <= set(home.initiatives)
    other = found(text, "Elmwood School District")
    assert "stem" not in other.initiatives


def test_the_department_that_is_the_statewide_district_in_a_later_paragraph():
    text = ("The Hawaii State Department of Education won a national prize this week.\n\n"
            "Its report compared the work with Washoe County School District in Nevada.\n\n"
            "The department also trains teachers in coaching and runs a robotics club.\n")
    d = found(text, "Hawaii State Department of Education")
    assert {"professional_learning", "stem"} <= set(d.initiatives)
    assert "stem" not in found(text, "Washoe County School District").initiatives


def test_honorees_named_inline_as_a_run_of_places():
    text = "This year's recipients are Maple Heights, Fox Lake and Red Wing, the group said."
    for name in ("Maple Heights", "Fox Lake", "Red Wing"):
        assert find(text, name) is not None, name
    assert not districts("This year's winners are Maria Lopez and Tom Reed, the group said.")


def test_a_place_with_a_relative_clause_before_serves_is_a_district():
    d = found("Anoka-Hennepin, which serves about 38,000 students, hired reading tutors.", "Anoka-Hennepin")
    assert d.enrollment == 38000


# --- round 3: coordinations, region lines, sentence-scoped states, statewide releases -----------

def test_an_in_state_opener_scopes_every_district_of_the_sentence():
    text = ("Finance honors\n\nThe Prairie Finance Council named its honorees. In Iowa, the Corn Ridge "
            "Community School District and Maple Bend Community Schools earned recognition.")
    assert found(text, "Corn Ridge Community School District").state == "IA"
    assert found(text, "Maple Bend Community Schools").state == "IA"


def test_a_state_opener_without_in_does_not_reach_a_second_district():
    text = ("Visit\n\nA Texas delegation toured Dallas Independent School District and met leaders of "
            "Tulsa Public Schools. It flew on to Ohio.")
    assert found(text, "Tulsa Public Schools").state is None


def test_county_short_names_coordinated_with_a_full_name_are_districts():
    text = ("Boards honored\n\nThe state boards association named board members from Greer County, "
            "Lowell County and Franklin Special School District as Boards of Distinction.")
    assert found(text, "Greer County") is not None
    assert found(text, "Lowell County") is not None


def test_a_clause_object_before_and_is_no_district():
    text = ("Honor roll\n\nThe Lakeside Lab Schools earned Platinum, and Harbor Schools, a charter network, "
            "had three campuses on the list. Jasper County Public Schools also earned Gold.")
    assert "platinum" not in surface_forms(text)


def test_systems_then_a_dash_then_a_run_of_counties():
    text = ("Finalists\n\nTwo Georgia school systems — Greer County and DeKalb County — are finalists for "
            "the prize.")
    assert found(text, "Greer County").state == "GA"
    assert found(text, "DeKalb County") is not None


def test_a_region_labelled_line_of_short_names_under_a_districts_heading():
    text = ("State names exemplary districts\n\nThe state department named 20 Exemplary Districts.\n\n"
            "Exemplary districts by region:\n\nEast: Alcoa City, Greeneville City, Oneida Special\n"
            "West: Collierville Schools, Germantown Municipal\n\nThe commissioner praised them.")
    names = {n.lower() for n in surface_forms(text)}
    assert {"alcoa city", "greeneville city", "oneida special", "germantown municipal"} <= names


def test_a_line_with_a_state_is_an_address_not_a_list_of_names():
    text = ("Top schools\n\nThe best schools of the region:\n\nPine Elementary School, Snellville, Ga. 51\n"
            "Oak Academy, Atlanta, Ga. 53\nHill Middle School, Marietta, Ga. 54\n\nEnd of list.")
    assert not {"snellville", "atlanta", "marietta"} & set(surface_forms(text))


def test_the_dateline_of_a_state_departments_release_is_no_districts_city():
    text = ("Reward districts\n\nNASHVILLE — The Tennessee Department of Education today named "
            "Collierville Schools an Exemplary District.")
    assert found(text, "Collierville Schools").city is None


def test_the_department_that_is_the_statewide_lea_owns_the_next_sentences_figures():
    text = ("Meals award\n\nThe Hawaii State Department of Education received a national award for its "
            "meals. The department serves about 170,000 students at 258 schools.")
    d = found(text, "Hawaii State Department of Education")
    assert (d.enrollment, d.schools) == (170000, 258)


def test_a_possessive_before_a_lower_case_head_is_not_part_of_the_name():
    text = "Finalists\n\nClayton County's school system was a finalist in 2019."
    assert found(text, "Clayton County school system") is not None


def test_a_paragraph_that_opens_with_the_program_goes_on_about_the_district():
    text = ("Distinction\n\nLakeview Local School District was named a District of Distinction for its "
            "student-run credit union.\n\nThe program, launched in 2022, lets students work as tellers; "
            "some go on to internships with local banks.")
    assert "career_technical" in found(text, "Lakeview Local School District").initiatives


def test_name_lines_each_followed_by_its_paragraph_under_region_headings():
    text = ("Boards honored\n\nThe association honored six boards.\n\nNORTH REGION\n\nMaple Ridge R-II\n"
            "The board adopted a strategic plan and reviews it monthly.\n\nCedar Falls City\n"
            "Board members opened a career center with local employers.\n\nSOUTH REGION\n\nWorthington Local\n"
            "The board protected funding for its arts program.\n\nRiverside C-4\n"
            "The board was recognized for its budget.\n\nEach board receives a plaque.")
    names = set(surface_forms(text))
    assert {"maple ridge r-ii", "cedar falls city", "worthington local", "riverside c-4"} <= names
    assert not names & {"north region", "south region"}


def test_a_table_row_with_pipes_under_a_districts_heading():
    text = ("Ratings\n\nThe state rated 20 districts.\n\nSelected districts rated Accredited with Distinction\n\n"
            "District (County) | Percent of points earned\nAspen 1 (Pitkin) | 86.4%\n"
            "Yuma 1 (Yuma) | 88.1%\nLittleton 6 (Arapahoe) | 81.0%\nTotal | 85.0%\n\n"
            "The full list is online.")
    names = set(surface_forms(text))
    assert {"aspen 1", "yuma 1", "littleton 6"} <= names and "total" not in names


def test_a_numbered_unit_needs_no_name_and_its_initials_are_the_same_district():
    text = ("Leader named\n\nThe head of Regional School Unit 14 was named superintendent of the year. "
            "She has led RSU 14 since 2019.")
    d = found(text, "Regional School Unit 14")
    assert "RSU 14" in d.aliases and len(districts(text)) == 1


def test_a_hyphenated_district_number_stays_in_the_name():
    assert found("Finalists\n\nSioux Falls School District 49-5 is a finalist.", "Sioux Falls School District 49-5")


def test_the_town_after_serves_students_in():
    text = "Rating\n\nPine Lake School District, which serves about 5,200 students in Colorado Springs, won."
    assert found(text, "Pine Lake School District").city == "Colorado Springs"


def test_headquartered_in_a_sentence_about_the_department_gives_its_city():
    text = ("Meals\n\nThe Hawaii State Department of Education won an award. The department, headquartered "
            "in Honolulu, is the state's only district.")
    assert found(text, "Hawaii State Department of Education").city == "Honolulu"


def test_a_language_cue_is_always_capitalised():
    text = ("Boards\n\nThe association honored boards.\n\nGranville Exempted Village\n"
            "The board funded Mandarin Chinese instruction from kindergarten.\n\nBexley City\n"
            "The board added counselors.\n\nWyoming City\nThe board was recognized.\n\nThe end.")
    assert "language_immersion" in found(text, "Granville Exempted Village").initiatives


def test_rows_of_a_tab_separated_ranking_table_name_their_districts():
    text = ("Top 5 districts\n\nRank\tDistrict\tCounty\tEnrollment\n1\tAlpine School District\tUtah\t84,000\n"
            "2\tDavis School District\tDavis\t72,000\n3\tGranite\tSalt Lake\t60,000\n4\tJordan\tSalt Lake\t57,000\n")
    assert found(text, "Granite").enrollment == 60000


def test_a_name_and_its_county_on_one_line_are_one_district():
    text = ("Board honors\n\nThe association named the following honorees:\n\n1. Elmbrook School District, "
            "Waukesha County\n2. Oshkosh Area, Winnebago County\n3. Middleton-Cross Plains Area, Dane County\n\n"
            "They will be honored in January.")
    names = set(surface_forms(text))
    assert "oshkosh area" in names and not {"waukesha county", "winnebago county", "dane county"} & names


def test_a_letter_code_after_school_district_is_part_of_the_name():
    text = "Ratings\n\nThompson School District R2-J and Holyoke School District RE-1J earned Distinction."
    assert {"thompson school district r2-j", "holyoke school district re-1j"} <= set(surface_forms(text))


def test_a_national_dateline_in_capitals_is_no_state_heading():
    text = ("League grows\n\nWASHINGTON — A national network announced five new member districts.\n\n"
            "Sumner County Schools, Gallatin, Tennessee\nThe 31,000-student district built career academies.")
    assert found(text, "Sumner County Schools").state == "TN" and len(districts(text)) == 1


def test_an_educational_service_district_is_no_district_but_an_elementary_one_is():
    text = ("Boards\n\nHighline Public Schools (Puget Sound ESD) and Cupertino Union ESD were honored.")
    names = set(surface_forms(text))
    assert "cupertino union esd" in names and "puget sound esd" not in names


def test_a_month_inside_a_place_name():
    text = "Lighthouse districts\n\nLower Cape May Regional School District was named a Lighthouse District."
    assert found(text, "Lower Cape May Regional School District")


def test_the_city_column_of_a_tab_separated_table():
    text = ("Boards of Distinction\n\nThe association named its honorees:\n\nDistrict\tCity\tEnrollment\n"
            "Mukilteo School District No. 6\tEverett\t15,000\nHighline Public Schools\tBurien\t17,500\n")
    assert found(text, "Highline Public Schools").city == "Burien"


def test_the_dateline_town_goes_to_the_district_the_local_story_opens_with():
    text = ("County schools win\n\nMARTINSBURG, W.Va. — Berkeley County Schools won the governor's award on "
            "Friday. Superintendent Ann Lee came from Washington County Public Schools.")
    assert found(text, "Berkeley County Schools").city == "Martinsburg"
    assert found(text, "Washington County Public Schools").city is None


def test_a_number_then_the_name_after_an_abbreviation_head():
    text = ("Honor roll\n\nThe 2026 honorees:\n\nUSD 383 Manhattan-Ogden – Manhattan\nUSD 497 Lawrence – Lawrence\n"
            "USD 345 Seaman – Topeka\n\nThe boards will be honored in March.")
    assert found(text, "USD 383 Manhattan-Ogden").city == "Manhattan"
    assert found(text, "USD 345 Seaman").city == "Topeka"


def test_a_district_number_written_as_a_word():
    assert found("Award\n\nPleasant Hill is part of Lexington County School District One, which won.",
                 "Lexington County School District One")


def test_a_number_before_a_closing_parenthesis_is_no_emoticon():
    text = "Purple Star\n\nAragon Elementary (Fountain-Fort Carson School District 8) was named."
    assert found(text, "Fountain-Fort Carson School District 8")


def test_counties_that_group_a_list_are_headings_not_districts():
    text = ("Honor roll\n\nSix boards were named to the honor roll.\n\nHonorees by county:\n\nAllegheny County\n"
            "Mt. Lebanon\n\nBucks County\nCentral Bucks\n\nLuzerne County\nHanover Area\n\nEach board gets a plaque.")
    names = set(surface_forms(text))
    assert "hanover area" in names and not {"allegheny county", "bucks county", "luzerne county"} & names


def test_a_town_in_a_coordination_is_no_district():
    text = ("Grants\n\nNorthwest Arctic Borough School District, based in Kotzebue, and Bristol Bay Borough "
            "School District will use the funds.")
    assert "kotzebue" not in surface_forms(text)


def test_the_schools_column_of_a_pipe_table():
    text = ("Growth districts\n\nThe recognized districts are:\n\nDistrict | County | Enrollment | Schools\n"
            "Pasco School District | Franklin | 18,900 | 28\nTukwila School District | King | 2,900 | 5\n")
    d = found(text, "Pasco School District")
    assert (d.enrollment, d.schools) == (18900, 28)


def test_a_short_form_in_a_run_of_towns_is_a_town():
    text = ("Golden Bell\n\nStockton Unified School District was not among the winners.\n\nLodi Unified, which serves "
            "students in Lodi, Stockton and smaller towns, trains teachers through a partnership with a university.")
    assert "community_partnerships" not in found(text, "Stockton Unified School District").initiatives


@pytest.mark.parametrize("text", [
    "Quarry Hill School District, where 60 percent of students are English learners, opened a robotics lab.",
    "Quarry Hill School District, the state's largest district by English learner enrollment, opened a robotics lab.",
    "Quarry Hill School District serves a large share of students from low-income families and opened a robotics lab.",
])
def test_who_a_district_serves_is_not_its_initiative(text):
    assert found(text, "Quarry Hill School District").initiatives == ["stem"]


def test_a_pattern_cue_keeps_the_cue_inside_it():
    d = found("Quarry Hill School District pays for 20 teachers to earn a computer science endorsement.",
              "Quarry Hill School District")
    assert {"professional_learning", "edtech"} <= set(d.initiatives)


def test_an_entry_paragraph_that_names_a_former_district_stays_with_the_entry():
    text = ("Superintendents of the year\n\n"
            "Dr. Ana Ruiz, Alder Grove School District (OR)\n"
            "Ruiz built a tutoring corps for students who fell behind during the pandemic. "
            "She previously led Birchwood School District for four years.\n")
    assert "equity_at_risk" in found(text, "Alder Grove School District").initiatives
    assert "equity_at_risk" not in found(text, "Birchwood School District").initiatives


def test_a_region_before_district_describes_it_and_names_no_district():
    text = ("Rural honors\n\n"
            "Cedar Point School District — Cedar Point, Miss.\n"
            "The Delta district opened a robotics lab in every school.\n")
    assert set(districts(text)) == {"Cedar Point School District"}
    assert "stem" in found(text, "Cedar Point School District").initiatives


def test_a_town_hyphen_based_before_the_name_is_its_city():
    d = found("Brookhaven-based Lincoln County Schools opened a career center.", "Lincoln County Schools")
    assert d.city == "Brookhaven"


def test_a_headquartered_in_opener_gives_the_city_of_the_name_after_it():
    text = ("Largest districts\n\n"
            "Mercer County School District (MCSD) serves about 17,000 students. "
            "Headquartered in Princeton, MCSD runs 24 schools.\n")
    d = found(text, "Mercer County School District")
    assert d.city == "Princeton" and d.schools == 24


def test_a_short_form_after_a_headquartered_in_opener_is_the_subject_not_a_town():
    text = ("Cobb County School District serves 107,000 students. "
            "Headquartered in Marietta, Cobb runs 114 schools.")
    d = found(text, "Cobb County School District")
    assert d.city == "Marietta" and d.schools == 114


def test_a_county_district_is_also_written_by_its_county_alone():
    d = found("Cobb County School District serves 107,000 students. Cobb also runs 114 schools.",
              "Cobb County School District")
    assert "Cobb" in d.aliases and d.schools == 114


def test_qualifiers_before_a_school_district_of_name_belong_to_it():
    text = ("Grant recipients:\n\n"
            "Metropolitan School District of Pike Township, Indianapolis - $650,000\n"
            "Vigo County School Corporation, Terre Haute - $600,000\n")
    d = found(text, "Metropolitan School District of Pike Township")
    assert d.city == "Indianapolis"


def test_a_headline_opening_with_an_acronym_is_no_dateline():
    text = ("PVSD's Ortiz named Texas Superintendent of the Year\n\n"
            "By Ana Ruiz | Valley Times\n\n"
            "ELGIN, Texas — Jorge Ortiz, who has led the Elgin Independent School District since 2018, "
            "was named superintendent of the year by the Texas Association of School Boards.\n")
    assert found(text, "Elgin Independent School District").city == "Elgin"


def test_a_local_story_that_names_its_district_before_the_state_body():
    text = ("Parish schools honored\n\n"
            "HAHNVILLE, La. — Cedar Parish Public Schools is one of nine systems named a Top Gains "
            "Honoree by the Louisiana Department of Education, state officials said Monday.\n")
    d = found(text, "Cedar Parish Public Schools")
    assert d.city == "Hahnville" and d.state == "LA"
    release = ("Department names honorees\n\n"
               "BATON ROUGE, La. — The Louisiana Department of Education named Cedar Parish Public "
               "Schools a Top Gains Honoree on Monday.\n")
    assert found(release, "Cedar Parish Public Schools").city is None


@pytest.mark.parametrize("text, name, code", [
    ("Lester Park Elementary, Duluth Public Schools ISD 709, won.", "Duluth Public Schools ISD 709", None),
    ("Proctor Public Schools (ISD 704) received $310,000.", "Proctor Public Schools", "ISD 704"),
    ("Dr. Ana Ruiz, superintendent of Andover Public Schools, USD 385, was named.", "Andover Public Schools", "USD 385"),
])
def test_a_number_code_after_the_name_is_the_same_district(text, name, code):
    assert len(districts(text)) == 1
    d = found(text, name)
    assert code is None or code in d.aliases


@pytest.mark.parametrize("text, name", [
    ("Honorable mention: Union Free School District of the Tarrytowns, Sleepy Hollow, N.Y.",
     "Union Free School District of the Tarrytowns"),
    ("Kenmore-Town of Tonawanda Union Free School District won.", "Kenmore-Town of Tonawanda Union Free School District"),
    ("State College Area School District earns a technology award.", "State College Area School District"),
])
def test_function_words_inside_a_name(text, name):
    assert set(districts(text)) == {name}


def test_a_place_in_parentheses_after_a_school_district_of_name_is_its_city():
    d = found("Metropolitan School District of Warren Township (Indianapolis) received $1.1 million.",
              "Metropolitan School District of Warren Township")
    assert d.city == "Indianapolis" and len(districts("Metropolitan School District of Warren Township "
                                                      "(Indianapolis) received $1.1 million.")) == 1


def test_a_clipped_nickname_is_the_district():
    text = ("Kenmore-Town of Tonawanda Union Free School District\n"
            "Ken-Ton, which enrolls about 6,400 students, was honored.\n"
            "The Ken-Ton UFSD board thanked its staff.\n")
    assert set(districts(text)) == {"Kenmore-Town of Tonawanda Union Free School District"}
    assert found(text, "Ken-Ton").enrollment == 6400


@pytest.mark.parametrize("text, name", [
    ("Andover Public Schools named its leader. He and his wife have three children.", "Andover Public Schools"),
    ("Ten years ago, Lodi Unified opened a kindergarten class with 28 students.", "Lodi Unified"),
])
def test_a_family_or_a_class_is_not_the_enrollment(text, name):
    assert found(text, name).enrollment is None


def test_a_sentence_opening_with_an_unknown_town_keeps_its_figure():
    text = ("The honorees are USD 259 Wichita and USD 266 Maize.\n\n"
            "Wichita, Kansas' largest district with about 46,000 students, is on the list for the first time.\n")
    assert all(d.enrollment is None for d in districts(text).values())


def test_a_coded_district_is_also_written_by_its_place_alone():
    text = ("Board awards\n\nThis year's honorees, by region:\n\nSOUTHWEST REGION\n\nRepublic R-III\n"
            "The Republic board now reviews a public data dashboard at every meeting. Republic operates 8 schools.\n\n"
            "Webb City R-VII\nThe board added a welding program.\n")
    d = found(text, "Republic R-III")
    assert "Republic" in d.aliases and d.schools == 8 and "assessment_accountability" in d.initiatives


def test_known_locally_as_introduces_an_alias():
    text = ("Jefferson County Public Schools in Golden, Colo., known locally as Jeffco Public Schools, "
            "won for a mental health program.")
    assert set(districts(text)) == {"Jefferson County Public Schools"}
    assert "Jeffco Public Schools" in found(text, "Jefferson County Public Schools").aliases


def test_a_number_before_lower_case_county_schools_counts_schools():
    assert not districts("Three Reno County schools earn Commissioner's Award\n\nThe schools were honored.")
    assert find("Largest districts\n\n19 San Diego City Schools California 130,983\n", "San Diego City Schools")


def test_a_clipped_nickname_with_a_borough():
    text = ("PALMER — The Matanuska-Susitna Borough School District won.\n\n"
            "The Mat-Su Borough School District serves 19,000 students.\n")
    assert set(districts(text)) == {"Matanuska-Susitna Borough School District"}


def test_a_dateline_at_the_end_of_a_date_line():
    text = "Honor\ndate 2020-05-01 MAPLETON\nThe Mapleton Area School District won a state prize.\n"
    assert found(text, "Mapleton Area School District").city == "Mapleton"


def test_a_city_named_like_a_state_in_another_state():
    d = found("Award\n\nTrinity Area School District in Washington, Pennsylvania, won.", "Trinity Area School District")
    assert d.city == "Washington" and d.state == "PA"


def test_its_binds_a_cue_to_the_district_named_just_before():
    text = ("Neighboring Birchwood School District was not among the winners, but Alder Grove School District "
            "received two awards, for its esports league.")
    assert "edtech" in found(text, "Alder Grove School District").initiatives
    assert "edtech" not in found(text, "Birchwood School District").initiatives
    both = "The Alder Grove and Birchwood school districts train their teachers in coaching."
    assert all("professional_learning" in d.initiatives for d in districts(both).values())


def test_the_district_a_company_partners_with_is_its_partner_not_its_initiative():
    assert found("Brightline Analytics partners with Quarry Hill School District to manage data.",
                 "Quarry Hill School District").initiatives == []
    text = ("Alder Grove School District is expanding its partnership with the Birchwood School District "
            "on special education.")
    assert "community_partnerships" in found(text, "Alder Grove School District").initiatives
    assert "community_partnerships" not in found(text, "Birchwood School District").initiatives


@pytest.mark.parametrize("text", [
    "Quarry Hill School District posted gains in math this spring.",
    "Quarry Hill School District added a support period for pupils below grade level in reading.",
    "Quarry Hill School District hosted literacy coach Tamara Greene for a talk.",
    "Quarry Hill School District saw its reading scores rise.",
    "Quarry Hill School District students outperformed the state average in math and reading.",
    "Quarry Hill School District's budget committee said the math doesn't work.",
])
def test_outcomes_and_job_titles_are_no_curriculum_initiative(text):
    d = found(text, "Quarry Hill School District")
    assert "curriculum_instruction" not in d.initiatives and "professional_learning" not in d.initiatives


@pytest.mark.parametrize("text, name, state", [
    ("The other finalists are Gallup-McKinley County Schools in New Mexico, Maine School Administrative "
     "District 27 in Fort Kent, Maine, and Hinds County School District in Mississippi.",
     "Gallup-McKinley County Schools", "NM"),
    ("Billings Public Schools, Montana's largest district, was a finalist.", "Billings Public Schools", "MT"),
])
def test_a_state_before_another_place_or_a_description(text, name, state):
    assert found(text, name).state == state


def test_serves_students_from_two_towns_gives_the_first():
    d = found("Maine School Administrative District 51, which serves about 2,300 students from Cumberland "
              "and North Yarmouth, was selected.", "Maine School Administrative District 51")
    assert d.city == "Cumberland" and d.enrollment == 2300


def test_in_a_local_story_we_is_the_dateline_district():
    text = ("Maple schools honored\n\nMAPLE GROVE, Minn. — Maple Grove Public Schools received a state award.\n\n"
            "The award recognized a reading initiative. Through it, we retrained every kindergarten teacher.\n")
    assert "professional_learning" in found(text, "Maple Grove Public Schools").initiatives


# --- round 5: districts named the way state and local news lists them ----------------------

@pytest.mark.parametrize("text, names", [
    ("Districts earning the distinction were Larkfield, Ossian and Grafton Heights, along with Saybrook.",
     ["Larkfield", "Ossian", "Grafton Heights"]),
    ("The association awarded its certificate to 14 districts. Among them: Pinecrest, Elmwood and Cold Spring.",
     ["Pinecrest", "Elmwood", "Cold Spring"]),
    ("Five districts made the College Board's AP School Honor Roll this year: Ankeny, Waukee and Johnston.",
     ["Ankeny", "Waukee", "Johnston"]),
    ("The state awarded grants to the following districts: Lakota Local, Mason City and Hilliard City.",
     ["Lakota Local", "Mason City", "Hilliard City"]),
])
def test_an_inline_list_after_the_districts_word(text, names):
    forms = surface_forms(text)
    assert all(n.lower() in forms for n in names), forms


@pytest.mark.parametrize("text, kept, left_out", [
    ("Winners include Denver Public Schools, Aurora Public Schools and Adams 12 Five Star Schools.",
     "Denver Public Schools", "adams"),
    ("This year's winners are Maria Lopez and Tom Reed of Lakeview.", None, "maria lopez"),
])
def test_an_inline_list_leaves_out_a_name_cut_short_and_people(text, kept, left_out):
    forms = surface_forms(text)
    assert left_out not in forms and (kept is None or kept.lower() in forms), forms


def test_the_towns_before_a_plural_district_head():
    text = "Students in the Ankeny and Waukee districts posted record scores on the exams."
    forms = surface_forms(text)
    assert any("ankeny" in f for f in forms) and any("waukee" in f for f in forms), forms


def test_county_systems_after_honoured_schools_one_a_line():
    text = ("The state named 9 schools as Title I Distinguished Schools.\n\n"
            "Lakeside Elementary, Columbia County\nBrookwood High School, Gwinnett County\n"
            "Dunwoody Elementary – DeKalb County\nPine Elementary, Forsyth\n\nMore next year.\n")
    forms = surface_forms(text)
    assert {"columbia county", "gwinnett county", "dekalb county"} <= set(forms), forms
    assert "forsyth" not in forms and not any("elementary" in f for f in forms)


@pytest.mark.parametrize("text, name", [
    ("Rockwood R-6 and Fox C-6 were honored by the state.", "Rockwood R-6"),
    ("Republic R-III was honored by the state.", "Republic R-III"),
    ("The St. Tammany Parish School Board won the award.", "St. Tammany Parish School Board"),
    ("Pike Co. Schools won the award this year.", "Pike Co. Schools"),
    ("She served six years on the school board of Brayton Public Schools in Brayton, Minn.", "Brayton Public Schools"),
    ("Illinois\nSchool District U-46 (IL)\nTownship High School District 214, Arlington Heights\n", "School District U-46"),
])
def test_coded_names_boards_and_county_abbreviations(text, name):
    assert found(text, name)


def test_a_list_item_with_a_district_qualifier_under_a_districts_line():
    text = ("Honor roll\n\nThe state released its Honor Roll.\n\nDistricts on the honor roll:\n"
            "Bexley City\nOlentangy Local\nIndian Hill Exempted Village\nWooster City\n\nThe end.\n")
    forms = surface_forms(text)
    assert {"olentangy local", "indian hill exempted village"} <= set(forms), forms


def test_a_headline_that_reports_the_award_is_no_category_heading():
    text = ("Area districts named to AP honor roll\n\n"
            "Five area districts made the honor roll this year: Ankeny, Waukee and Johnston.\n")
    assert all("curriculum_instruction" not in d.initiatives for d in districts(text).values())


def test_in_a_local_story_a_the_district_paragraph_is_the_home_districts():
    text = ("Elm Grove schools win state award\n\nELM GROVE, N.C. — Elm Grove City Schools won the state's "
            "Excellence Award on Tuesday.\n\nBirch County Schools, next door, is piloting a later start time.\n\n"
            "The district serves 6,200 students.\n")
    assert found(text, "Elm Grove City Schools").enrollment == 6200
    assert found(text, "Birch County Schools").enrollment is None


def test_a_clause_with_another_subject_is_not_the_districts():
    text = ("The state also launched a literacy coaching program this year, and Birch County Schools "
            "is piloting a four-day week.")
    d = found(text, "Birch County Schools")
    assert "school_design" in d.initiatives and "professional_learning" not in d.initiatives


# --- round 5b: codes, boards, tables ----------------------------------------------------------

def test_a_bare_code_opening_a_clause_is_the_district_named_before_it():
    text = ("Awards\n\nElmore Public Schools was honored for its teacher residency.\n\n"
            "USD 412 serves about 6,100 students across 11 schools.\n")
    d = found(text, "Elmore Public Schools")
    assert "USD 412" in d.aliases and d.enrollment == 6100 and d.schools == 11
    other = "Awards\n\nElmore Public Schools will share its materials with USD 413 in Gray.\n"
    assert find(other, "USD 413") is not None and "USD 413" not in found(other, "Elmore Public Schools").aliases


def test_the_short_form_of_a_coded_name_before_serves_is_that_district():
    text = "Awards\n\nTilden USD 266 was recognized for its laptops. Tilden enrolls close to 8,000 students.\n"
    assert len(districts(text)) == 1 and found(text, "Tilden USD 266").enrollment == 8000


def test_a_heading_opening_with_a_stop_word_is_no_list_item():
    text = ("Honor roll\n\nHonored districts:\nPine Ridge School District\nElm Grove School District\n"
            "Cedar Falls School District\n\nAbout the Honor Roll\nThe roll began in 2019.\n")
    assert not any("about" in f for f in surface_forms(text))


def test_a_tables_state_and_city_columns():
    text = ("Honorees\n\nThe foundation named its honorees.\n\nDistrict | City | State | Enrollment\n"
            "Quarry Hill Unified School District | Quarry Hill | CA | 4,150\n"
            "Albuquerque Public Schools | Albuquerque | NM | 71,000\n")
    d = found(text, "Quarry Hill Unified School District")
    assert (d.city, d.state, d.enrollment) == ("Quarry Hill", "CA", 4150)
    assert found(text, "Albuquerque Public Schools").state == "NM"


@pytest.mark.parametrize("text, absent", [
    ("Quarry Hill School District has good teachers but no dual-language program.", "language_immersion"),
    ("Quarry Hill School District was recognized for a two-way messaging app for parents.", "language_immersion"),
    ("Quarry Hill School District will add two bilingual counselors.", "language_immersion"),
    ("Quarry Hill School District trained every middle school math teacher to teach coding.", "curriculum_instruction"),
    ("Quarry Hill School District hosts a workshop on the state's new literacy requirements.", "curriculum_instruction"),
    ("Quarry Hill School District places leaders in assistant principal internships.", "career_technical"),
    ("Among this year's newcomers, Quarry Hill School District sent every teacher to training.", "equity_at_risk"),
    ("Quarry Hill School District will host the regional career and technical education summit in May.", "career_technical"),
    ("Quarry Hill School District, which proposed a welding academy, was turned down.", "career_technical"),
    ("Quarry Hill School District runs a parent leadership academy.", "leadership"),
    ("Quarry Hill School District uses two-way video classrooms to share its calculus course.", "language_immersion"),
    ("Quarry Hill School District puts bilingual instructional assistants in every section.", "language_immersion"),
    ("Quarry Hill School District added an artificial intelligence literacy elective.", "curriculum_instruction"),
    ("Her career began in Quarry Hill School District as an ESL teacher.", "equity_at_risk"),
    ("Quarry Hill School District leaders, counselors and teachers examined the course offerings.", "social_emotional"),
])
def test_a_negated_or_anothers_cue_or_a_trait_of_a_tool_or_a_post_is_no_initiative(text, absent):
    assert absent not in found(text, "Quarry Hill School District").initiatives


def test_in_the_town_area_is_a_place_not_its_district():
    text = ("Winners\n\nWichita Public Schools was among the finalists.\n\nClearwater USD 264 won. Every senior "
            "there completes an internship, many at aviation suppliers in the Wichita area.\n")
    assert "career_technical" not in found(text, "Wichita Public Schools").initiatives


def test_a_local_storys_figure_paragraph_and_a_colon_after_a_count():
    text = ("Award\n\nELM GROVE, Minn. — Elm Grove Public Schools won the state's rural award.\n\n"
            "A judge from neighboring Birch Lake Public Schools praised it.\n\n"
            "The 2,650-student district runs five schools: two elementary buildings, a middle school and "
            "a high school.\n")
    d = found(text, "Elm Grove Public Schools")
    assert (d.enrollment, d.schools) == (2650, 5)
    assert found(text, "Birch Lake Public Schools").enrollment is None


@pytest.mark.parametrize("text, enrollment", [
    ("Birch Lake Public Schools won a grant. Its high school has 1,900 students.", None),
    ("Birch Lake Public Schools' high school has 1,900 students.", None),
    ("Birch Lake Public Schools won a grant. The district's middle school enrolls 700 students.", None),
    ("Birch Lake Public Schools won a grant. Its schools serve 4,000 students.", 4000),
    ("Birch Lake Public Schools won a grant. Fewer than 2,000 students attend the district.", 2000),
    ("Birch Lake Public Schools won a grant. About 500 students attend the summer camp.", None),
])
def test_students_who_attend_the_district(text, enrollment):
    assert found(text, "Birch Lake Public Schools").enrollment == enrollment


def test_a_best_districts_for_ranking_is_the_program():
    rec, _ = record("The 10 Best School Districts for Computer Science Education, 2025\n\n"
                    "1. Pine Ridge School District (Redmond, WA)\nEvery student learns to code.\n")
    assert rec.program == "Best School Districts for Computer Science Education"


@pytest.mark.parametrize("text, initiative", [
    ("Quarry Hill School District opened a diesel technology pathway at its high school.", "career_technical"),
    ("Quarry Hill School District placed restorative justice facilitators on every campus.", "social_emotional"),
    ("Quarry Hill School District will add two counselors at each middle school.", "social_emotional"),
    ("Quarry Hill School District runs a reading clinic for students with dyslexia.", "equity_at_risk"),
    ("Quarry Hill School District keeps a food pantry open at every campus.", "community_partnerships"),
    ("Quarry Hill School District gives students adaptive math software.", "edtech"),
    ("Quarry Hill School District offers not only a dual-language program but also coding.", "language_immersion"),
    ("Quarry Hill School District hired literacy coaches for its two elementary schools.", "curriculum_instruction"),
    ("Quarry Hill School District students spend afternoons working on projects for local clinics.", "project_based"),
    ("Quarry Hill School District sends its eighth graders on week-long field studies.", "project_based"),
    ("Quarry Hill School District turned an empty storefront into a student-run business.", "career_technical"),
    ("Quarry Hill School District is working with two county manufacturers on a welding lab.", "community_partnerships"),
    ("Quarry Hill School District credited a family outreach campaign run by its principals.", "community_partnerships"),
    ("Quarry Hill School District offers an online dual-credit program with the community college.", "edtech"),
    ("Quarry Hill School District will start a telehealth counseling program at its two schools.", "social_emotional"),
    ("Quarry Hill School District launched a teacher cadet program for high school seniors.", "professional_learning"),
    ("Quarry Hill School District runs a virtual academy for grades 6-12.", "edtech"),
    ("Quarry Hill School District hired behavior specialists and trained staff in restorative discipline.", "social_emotional"),
    ("Quarry Hill School District hosts parent academies on Saturday mornings.", "community_partnerships"),
    ("Quarry Hill School District opened an inclusive preschool.", "equity_at_risk"),
    ("Quarry Hill School District offers credit recovery at its alternative high school.", "equity_at_risk"),
    ("Quarry Hill School District gives teachers weekly collaboration time.", "professional_learning"),
    ("Quarry Hill School District started a principal academy for aspiring leaders.", "leadership"),
    ("Quarry Hill School District uses common formative assessments in every grade.", "assessment_accountability"),
    ("Quarry Hill School District runs a year-round calendar at three schools.", "school_design"),
    ("Quarry Hill School District offers outdoor learning in a school forest.", "project_based"),
    ("Quarry Hill School District's ESL teachers now co-teach daily reading lessons.", "equity_at_risk"),
])
def test_initiative_words_the_field_uses(text, initiative):
    assert initiative in found(text, "Quarry Hill School District").initiatives


def test_group_headings_do_not_count_against_a_list_of_districts():
    text = ("Boards honored\n\nHonorees are listed by division.\n\nLAKE DIVISION\nLake Villa CCSD 41 – Lake Villa\n"
            "Grayslake CCSD 46 – Grayslake\n\nNORTH COOK DIVISION\nCCSD 59 – Arlington Heights\nWilmette 39 – Wilmette\n\n"
            "THREE RIVERS DIVISION\nSummit Hill 161 – Frankfort\nPlainfield CCSD 202 – Plainfield\n\nAbout the honorees\n")
    forms = surface_forms(text)
    assert {"wilmette 39", "summit hill 161"} <= set(forms) and not any("division" in f for f in forms), forms


def test_among_them_opens_a_run_of_names():
    text = "Last year's honor roll included seven boards, among them Lower Merion and Spring-Ford Area.\n"
    assert {"lower merion", "spring-ford area"} <= set(surface_forms(text))


def test_a_category_heading_goes_to_the_entries_under_it_not_to_districts_they_name_in_passing():
    text = ("Honorees by category\n\nHarmon Public Schools hosted the ceremony.\n\nCareer Education\n\nNixon Falls "
            "Public Schools — The district runs a senior capstone with a welding lab for its juniors. Students from "
            "neighboring Harmon Public Schools may enroll.\n\nWinner: Pell Creek School District\n")
    assert "career_technical" in found(text, "Nixon Falls Public Schools").initiatives
    assert "career_technical" in found(text, "Pell Creek School District").initiatives
    assert "career_technical" not in found(text, "Harmon Public Schools").initiatives


def test_a_head_words_code_is_the_numbered_districts_other_name():
    text = ("USD 412 earns state star\n\nHoxie Valley Unified School District 412 earned a silver star this "
            "year. USD 412 was recognized in two areas.\n")
    rec, _ = record(text)
    assert len(rec.districts) == 1 and "USD 412" in rec.districts[0].aliases


def test_a_letter_code_at_a_sentences_end_stays_in_the_name():
    text = "Pell Creek Schools shares a psychologist with the neighboring Dolores Springs School District R-14J.\n"
    assert "dolores springs school district r-14j" in surface_forms(text)


def test_lines_heading_each_group_of_a_list_are_no_districts():
    text = ("Exemplary districts\n\nThe districts are listed by region.\n\nEast Harmon\nPell Creek City Schools\n"
            "Dolores Springs Schools\n\nMid-Quarry\nNixon Falls County Schools\nHarmon Special School District\n\n"
            "Honorable Mention\n\nOak Bluff County Schools\nCedar Run Schools\n")
    forms = surface_forms(text)
    assert {"pell creek city schools", "harmon special school district"} <= set(forms)
    assert not {"east harmon", "mid-quarry", "honorable mention"} & set(forms), forms


def test_a_county_district_after_anothers_name_describes_it():
    text = "Grants\n\nPell Creek School District ($180,000): The Dolores County district will open makerspaces.\n"
    assert not any("dolores" in f for f in surface_forms(text))


def test_a_clause_of_its_own_keeps_its_district():
    text = ("Pell Creek School District moved to a four-day week in 2019, and the Nixon Falls School District fields "
            "a football team with its neighbors.")
    assert "school_design" in found(text, "Pell Creek School District").initiatives
    assert "school_design" not in found(text, "Nixon Falls School District").initiatives
    listed = ("Pell Creek School District, Oak Bluff School District, and Nixon Falls School District each opened "
              "a career academy.")
    assert [d.initiatives for d in districts(listed).values()] == [["career_technical"]] * 3


def test_a_sentence_about_the_categories_ends_a_category_headings_reach():
    text = ("Honorees\n\nFamily Engagement\n\nPell Creek School District — The district hired family liaisons for "
            "every school and holds monthly family nights.\n\nCategory finalists were Oak Bluff School District and "
            "Nixon Falls School District.\n")
    assert "community_partnerships" in found(text, "Pell Creek School District").initiatives
    assert found(text, "Oak Bluff School District").initiatives == []


@pytest.mark.parametrize("name", ["Carmel Clay Schools", "Westfield Washington Schools", "Hamilton Southeastern Schools"])
def test_a_town_and_its_township_name_a_district(name):
    text = f"{name} and Noblesville Schools each earned gold distinction this week.\n"
    assert name.lower() in surface_forms(text)


def test_a_private_schools_name_is_no_town_and_township():
    assert "houston christian schools" not in surface_forms("Houston Christian Schools won a robotics prize.\n")


def test_the_articles_title_and_a_clause_about_the_award_give_no_initiative():
    text = ("Three area districts make AP honor roll\n\nAvon Community Schools and Noblesville Schools each earned "
            "gold distinction, which the College Board gives districts that expand access to Advanced Placement "
            "courses.\n\nNoblesville Schools added six AP courses.\n")
    assert found(text, "Avon Community Schools").initiatives == []
    assert found(text, "Noblesville Schools").initiatives == ["curriculum_instruction"]


def test_west_of_the_town_is_a_region_not_the_districts_city():
    text = "Rankings\n\nLake Travis ISD is west of Austin. Austin ISD ranked 112th.\n"
    assert found(text, "Austin ISD").city is None


@pytest.mark.parametrize("text, schools", [
    ("Pell Creek School District won. A health system placed therapists in 14 schools. "
     "The Pell Creek School District enrolls 15,000 students in 30 schools.", 30),
    ("Pell Creek School District runs the reading pilot at six schools.", None),
    ("Pell Creek School District serves about 5,100 students from six towns in nine schools.", 9),
    ("Pell Creek School District shares two orchestra teachers among its five campuses.", 5),
])
def test_the_schools_a_programme_reaches_are_no_school_count(text, schools):
    assert found(text, "Pell Creek School District").schools == schools


def test_a_community_unit_districts_short_form_is_its_town():
    text = "Naperville Community Unit School District 203 was named to the honor roll. Naperville won in 2023 too.\n"
    assert "Naperville" in found(text, "Naperville Community Unit School District 203").aliases


@pytest.mark.parametrize("text", [
    "Quarry Hill School District saw an increasing number of English learners enroll.",
    "Quarry Hill School District won. Nearly half of its students are English learners.",
    # a share further back, of students, in the same clause ("or" carries it to the next group)
    "About 86 percent of the district's students come from low-income homes. Quarry Hill School District won.",
    "Quarry Hill School District serves a large share of students from low-income families or students learning English.",
])
def test_a_number_or_a_share_of_students_is_a_population_not_an_initiative(text):
    assert "equity_at_risk" not in found(text, "Quarry Hill School District").initiatives


@pytest.mark.parametrize("text", [
    "Quarry Hill School District reserved half of its 90 seats for English language learners.",
    "In Quarry Hill School District, where a third of students are English learners, ESL teachers now co-teach.",
])
def test_a_share_of_seats_or_a_programme_after_a_population_clause_is_equity(text):
    assert "equity_at_risk" in found(text, "Quarry Hill School District").initiatives


def test_a_state_after_from_is_anothers():
    text = ("Eagle Pass School District in Texas won.\n\nIts superintendent came to Eagle Pass from a district in "
            "Oregon. Eagle Pass Schools enrolls about 6,800 students in 21 schools.\n")
    rec, _ = record(text)
    assert len(rec.districts) == 1 and rec.districts[0].state == "TX" and rec.districts[0].schools == 21


def test_reading_data_is_no_reading_instruction():
    text = "Quarry Hill School District publishes a dashboard of attendance and reading data each month."
    assert found(text, "Quarry Hill School District").initiatives == ["assessment_accountability"]


def test_a_towns_possessive_before_a_name_is_its_city_not_part_of_the_name():
    d = found("Honorees\n\nMedford's Pell Creek School District won the award.\n", "Pell Creek School District")
    assert d.name == "Pell Creek School District" and d.city == "Medford"
    assert "prince george's county public schools" in surface_forms("Prince George's County Public Schools won.\n")


@pytest.mark.parametrize("text, owner, other, initiative", [
    pytest.param(
        "Awards\n\nHarmon Public Schools was a finalist.\n\nNixon Falls Public Schools won. In the Harmon "
        "suburb of Nixon Falls, seniors complete internships.\n",
        "Nixon Falls Public Schools", "Harmon Public Schools", "career_technical",
        id="short-form-before-suburb"),
    pytest.param(
        "Districts like Pell Creek School District, which put a literacy coach in every school, and Nixon Falls "
        "Public Schools were praised.",
        "Pell Creek School District", "Nixon Falls Public Schools", "professional_learning",
        id="which-clause"),
    pytest.param(
        "Pell Creek won the award.\n\nNixon Falls Public Schools is the county's largest district. It opened a "
        "career and technical high school in 2023, and Pell Creek School District families can apply.\n",
        "Nixon Falls Public Schools", "Pell Creek School District", "career_technical",
        id="it-goes-on"),
    pytest.param(
        "How a small district keeps its teachers\n\nLINDEN, Colo. — Pell Creek School District RE-6 moved to a "
        "four-day week in 2018.\n\nNixon Falls School District was mentioned by a judge.\n\nThe third is what "
        "the superintendent calls growing our own: the district paid for two graduates' student teaching.\n",
        "Pell Creek School District RE-6", "Nixon Falls School District", "professional_learning",
        id="dateline-paragraph"),
    pytest.param(
        '"We built outdoor classrooms into every school," said Superintendent Jo Park, who came to Pell Creek '
        'School District in 2021 after nine years with the Nixon Falls School District.',
        "Pell Creek School District", "Nixon Falls School District", "project_based",
        id="former-post"),
])
def test_a_cue_goes_to_the_district_its_sentence_or_story_is_about(text, owner, other, initiative):
    """A short form before "suburb" is a place; a ", which" clause is its district's; "It ..." goes on
    about the district before; a local story's paragraph that names no district is its district's;
    a former post named in the sentence takes none of its cues."""
    assert initiative in found(text, owner).initiatives
    assert initiative not in found(text, other).initiatives


# --- round 7: rows with a rank column, an entry's line of fields ------------------------------

def test_a_table_whose_first_column_is_a_rank():
    text = ("Where teachers stay\n\nRank | District | City | State | Enrollment\n"
            "1 | Quarry Hill Unified School District | Quarry Hill | CA | 4,150\n"
            "2 | Albuquerque Public Schools | Albuquerque | NM | 71,000\n")
    d = found(text, "Quarry Hill Unified School District")
    assert (d.city, d.state, d.enrollment) == ("Quarry Hill", "CA", 4150)
    assert (found(text, "Albuquerque Public Schools").city, found(text, "Albuquerque Public Schools").state) \
        == ("Albuquerque", "NM")


def test_a_line_of_fields_below_a_numbered_entry():
    """"Enrollment: 9,318 | Schools: 20 | Headquarters: Pittsboro" is the entry's, and its labels
    are no district."""
    text = ("The region's largest districts\n\n1. Pell Creek County Schools\n"
            "Enrollment: 21,400 | Schools: 31 | Headquarters: Linden | Superintendent: Ada Moss\n\n"
            "2. Nixon Falls City Schools\nEnrollment: 9,318 | Schools: 12 | Headquarters: Harmon | Superintendent: Ray Oduya\n")
    d = found(text, "Pell Creek County Schools")
    assert (d.enrollment, d.schools, d.city) == (21400, 31, "Linden")
    assert (found(text, "Nixon Falls City Schools").enrollment, found(text, "Nixon Falls City Schools").city) == (9318, "Harmon")
    assert not any(f.lower().startswith(("enrollment", "headquarters")) for f in surface_forms(text))


@pytest.mark.parametrize("text, full, short", [
    ("Maine Valley High School District 207 made the list. Maine Valley District 207, in Park Ridge, held "
     "its rating.", "Maine Valley High School District 207", "Maine Valley District 207"),
    ("Pell Creek Community Unit School District 203 made the list, and Pell Creek 203 did so again.",
     "Pell Creek Community Unit School District 203", "Pell Creek 203"),
    ("School District U-46 moved up. U-46, the Elgin-based district that enrolls about 35,000 students, "
     "expanded its program.", "School District U-46", "U-46"),
    ("The board renewed its agreement with Maine School Administrative District 61 to enroll SAD 61 students.",
     "Maine School Administrative District 61", "SAD 61"),
    ("Pell Creek County School District No. 4 won. Every student in PCCSD4 keeps a learning plan.",
     "Pell Creek County School District No. 4", "PCCSD4"),
    ("Linden La Harmon Community Schools is a finalist. LLCS serves about 9,100 students.",
     "Linden La Harmon Community Schools", "LLCS"),
])
def test_short_forms_codes_and_acronyms_of_longer_names(text, full, short):
    """A numbered name's place and number ("Pell Creek 203"), with "District" ("Maine Valley District
    207"), a lettered code alone ("U-46"), the last words' initials and number ("SAD 61"), initials
    glued to the number ("PCCSD4"), an acronym that leaves out one word of a town's name ("LLCS" for
    Linden La Harmon ...) are its other names."""
    assert short in found(text, full).aliases


def test_a_head_words_code_when_the_place_ends_in_a_qualifier():
    """"USD 457" is "Harmon City Unified School District 457" ("City" is a qualifier, not a head)."""
    text = ("Superintendent retires\n\nThe USD 457 leader was honored this spring.\n\nHARMON CITY, Kan. — She led "
            "Harmon City Unified School District 457 for nine years.\n")
    assert "USD 457" in found(text, "Harmon City Unified School District 457").aliases


def test_a_headlines_town_schools_are_the_numbered_district_of_that_town():
    text = ("Linden schools win national arts award\n\nLINDEN, Ill. — Linden Public School District 186 has been "
            "named one of eight districts to receive the award.\n\nOfficials said the district opened a performing "
            "arts magnet.\n")
    assert list(districts(text)) == ["Linden Public School District 186"]


def test_the_town_district_is_the_district_of_that_town():
    text = ("Finalists\n\nMarcus Whitfield leads the Pell County School District in Athens, Ga. The Athens "
            "district has opened health clinics in six of its schools.\n")
    ds = districts(text)
    assert list(ds) == ["Pell County School District"]


@pytest.mark.parametrize("text", [
    "Leaders\n\nAda Moss leads Pell Creek School District. The district has 34 schools and about 13,500 students.\n",
    "Leaders\n\nPell Creek School District, which has about 13,500 students and 34 schools, pays for aides.\n",
])
def test_a_count_of_schools_and_students_in_one_phrase(text):
    assert (found(text, "Pell Creek School District").schools, found(text, "Pell Creek School District").enrollment) == (34, 13500)


def test_a_category_field_line_heads_the_entries_below_it():
    """"Category: Student Wellness" over two entries goes to both, not to the entry above it."""
    text = ("Honor roll\n\nThe alliance picked six districts in three categories.\n\n"
            "Category: Family and Community Engagement\nPell Creek School District 15 — Linden\n"
            "Pell Creek holds family learning nights at each school.\nNixon Falls School District 60 — Harmon\n\n"
            "Category: Student Wellness\nQuarry Hill School District 203 — Quarry Hill\n"
            "Elm Grove School District 205 — Elm Grove\n")
    assert "community_partnerships" in found(text, "Nixon Falls School District 60").initiatives
    assert "social_emotional" not in found(text, "Nixon Falls School District 60").initiatives
    assert "social_emotional" in found(text, "Elm Grove School District 205").initiatives
    assert "social_emotional" in found(text, "Quarry Hill School District 203").initiatives


def test_its_after_a_plural_other_subject_is_the_districts():
    """"judges highlighted its language immersion program": the clause opens with the judges, but
    "its" is the district's (not so "The state also launched its coaching program")."""
    text = ("Prize winners\n\n- Pell Creek County Schools (N.M.) — The district serves about 12,000 students; judges "
            "highlighted its Navajo language immersion program.\n- Nixon Falls Public Schools (Ky.) — The district offers welding.\n")
    assert "language_immersion" in found(text, "Pell Creek County Schools").initiatives


def test_a_programmes_name_after_the_districts_possessive():
    text = ("Board awards\n\nAda Moss served 12 years on the Pell Creek School District board and helped launch "
            "the district's Career Pathways Academy.\n")
    assert "career_technical" in found(text, "Pell Creek School District").initiatives


def test_a_local_storys_paragraphs_after_its_district_are_its_own():
    """Under "LINDEN, Neb." a paragraph that names no district, after paragraphs about Linden's
    district, is about it ("The second is the Career Academy ..."); a quote is not."""
    text = ("Linden schools named finalist\n\nLINDEN, Neb. — Linden Public Schools is one of three finalists for the "
            "award, the state announced.\n\nLPS serves about 9,000 students. The committee pointed to three pieces "
            "of its work.\n\nThe first is the Career Academy, where seniors spend part of the year in paid internships.\n\n"
            "\"It changed everything,\" one parent said of the mental health counselors.\n")
    d = found(text, "Linden Public Schools")
    assert "career_technical" in d.initiatives and "social_emotional" not in d.initiatives


def test_a_story_datelined_in_a_districts_town_but_about_another_subject():
    """"LINDEN — Linden University's residency ..." with Linden Public Schools named later as a partner:
    a later paragraph that names no district is not the district's."""
    text = ("University residency wins award\n\nLINDEN, Colo. - Linden University's teacher residency has received "
            "the award.\n\nThe residency, now in its tenth year, places its residents in Linden Public Schools and in Harmon "
            "Public Schools.\n\n"
            "Residents in rural placements are supported through a partnership with a service agency.\n")
    assert "community_partnerships" not in found(text, "Linden Public Schools").initiatives


@pytest.mark.parametrize("text", [
    "Pell Creek School District, which serves Hilliard and two nearby towns, won the Ohio award.",
    "Pell Creek School District covers Hilliard and part of Harmon Township. It won the Ohio award.",
    "In Hilliard, Pell Creek School District won the Ohio award.",
    "Pell Creek School District, in the city of Hilliard, won the Ohio award.",
])
def test_a_town_the_district_serves_or_opens_its_sentence(text):
    assert found(f"District news\n\n{text}\n", "Pell Creek School District").city == "Hilliard"


def test_a_place_an_apposition_calls_a_district():
    """"Hilliard, an Ohio district of 4,000 students, ..." names a district (and gives its
    enrollment); "Smith, a district spokesperson" and "Columbus, a city of 900,000" do not."""
    text = ("News\n\nHilliard, an Ohio district of 4,000 students, won the award.\n\nIt also went to Dublin, a "
            "suburban district that serves 16,000 students.\n\nSmith, a district spokesperson, said so. Columbus, a "
            "city of 900,000, hosted.\n")
    ds = districts(text)
    assert sorted(ds) == ["Dublin", "Hilliard"] and ds["Hilliard"].enrollment == 4000


def test_a_cue_after_the_name_in_a_category_field():
    text = ("Winners by category\n\nLarge district: Hilliard City Schools, for its early college program\n"
            "Small district: Bexley City Schools, for a makerspace initiative\n")
    assert "curriculum_instruction" in found(text, "Hilliard City Schools").initiatives
    assert "stem" in found(text, "Bexley City Schools").initiatives


def test_a_storys_paragraphs_after_a_lead_about_one_district_are_its_own():
    """No dateline: the lead opens with the one district it names, so a later paragraph that names
    none is about it (not when the lead names two)."""
    lead = "Pell Creek School District has been named a District of Distinction by the Ohio Department of Education."
    rest = "\n\nOfficials credited a new phonics curriculum adopted in 2022.\n\nNearby Harmon Local Schools was honored last year.\n"
    assert "curriculum_instruction" in found(f"Pell Creek earns honor\n\n{lead}{rest}", "Pell Creek School District").initiatives
    two = lead.replace("Pell Creek School District has", "Pell Creek School District and Nixon Falls City Schools have")
    assert "curriculum_instruction" not in found(f"Two earn honor\n\n{two}{rest}", "Pell Creek School District").initiatives


@pytest.mark.parametrize("text, name, field, value", [
    pytest.param("Honor roll\n\nThese districts are on the list:\n\n- Pell Creek School District 41 — Platinum\n"
                 "- Nixon Falls School District 9 — Gold\n- Harmon Township School District 12 — Silver\n",
                 "Nixon Falls School District 9", "city", None, id="an-award-level-after-an-entry-dash-is-no-town"),
    pytest.param("Rated with distinction\n\nDistrict (County) | Points\nAspen 1 (Pitkin) | 86.4%\n"
                 "Lewis-Palmer 38 (El Paso) | 82.7%\nLittleton 6 (Arapahoe) | 81.0%\nKiowa C-2 (Elbert) | 84.9%\n",
                 "Aspen 1", "city", None, id="a-header-naming-the-parentheses-a-county"),
    pytest.param("Music honours\n\nStatewide, 40 Oregon districts made the list. These are the ones in the valley:\n\n"
                 "Pell Creek Central School District\nNixon Falls Union Free School District\nHarmon Central School District\n\n"
                 "The survey is run by a foundation in Illinois.\n",
                 "Harmon Central School District", "state", "OR",
                 id="a-paragraph-ending-in-a-colon-scopes-the-list-below-not-a-sentence-after-it"),
    pytest.param("Grants for career labs\n\nThe Oregon foundation gave three grants.\n\nPell Creek County School District "
                 "will buy a mobile lab. The district runs 18 schools across a county larger than Delaware.\n",
                 "Pell Creek County School District", "state", "OR", id="a-state-in-a-comparison-is-no-place"),
    pytest.param("Grants for rural districts\n\nThe Alaska foundation gave two grants.\n\nPell Creek Borough School District, "
                 "which covers an area the size of Vermont, will buy buses.\n",
                 "Pell Creek Borough School District", "state", "AK", id="a-state-as-a-measure-of-size-is-no-place"),
    pytest.param("Rural honours\n\nThe winners:\n\nPell Creek School District, Harlan, Iowa: tutoring for every "
                 "ninth grader\n", "Pell Creek School District", "city", "Harlan", id="an-entrys-place-before-a-colon"),
    pytest.param("Rural honours\n\nPell Creek School District of Harlan, Iowa, won for its tutoring.\n",
                 "Pell Creek School District", "city", "Harlan", id="a-name-then-of-its-town"),
    pytest.param("Rural honours\n\nPell Creek School District won for its tutoring. The district, in Harlan, Iowa, "
                 "has six schools.\n", "Pell Creek School District", "city", "Harlan", id="the-district-comma-in-its-town"),
    pytest.param("Rural honours\n\nPell Creek School District won for its tutoring. The district's central office is "
                 "in Harlan, Iowa.\n", "Pell Creek School District", "city", "Harlan", id="the-districts-office-is-in-its-town"),
    pytest.param("Rural honours\n\nPell Creek School District, serving the town of Harlan, Iowa, won for its "
                 "tutoring.\n", "Pell Creek School District", "city", "Harlan", id="serving-the-town-of"),
    pytest.param("Rural honours\n\nPell Creek School District superintendent Ann Ruiz, who lives in Harlan, Iowa, "
                 "accepted the award.\n", "Pell Creek School District", "city", None, id="a-persons-town-is-not-the-districts"),
    pytest.param("Teacher pay\n\nTrustees worry about losing teachers to Harmon-Vandalia ISD. Har-Van, with about 41,000 "
                 "students, pays more.\n", "Harmon-Vandalia ISD", "enrollment", 41000,
                 id="a-clipped-hyphenated-short-form-alone"),
    pytest.param("Grant recipients\n\nRecipients and amounts:\n\nPell Creek School District 9-R (Durango): $250,000 for "
                 "outdoor science labs\nNixon Falls School District Two (Colorado Springs): $310,000 for a residency\n",
                 "Nixon Falls School District Two", "city", "Colorado Springs", id="a-town-in-parentheses-before-a-colon"),
    pytest.param("Honor roll\n\nPell Creek Unified School District won. Pell Creek, the single-school district in Hilliard, "
                 "has been in the top tier.\n", "Pell Creek Unified School District", "city", "Hilliard",
                 id="the-town-of-an-apposition-after-a-short-form"),
    pytest.param("Three districts share rural prize\n\nThe collaborative named three winners:\n\nLinden Falls Local Schools\n"
                 "Linden Falls, Ohio\nLinden Falls opened a clinic.\n\nBexley Local Schools\nBexley, Ohio\nBexley built a lab.\n",
                 "Linden Falls Local Schools", "city", "Linden Falls", id="a-line-that-is-only-a-town-and-its-state-below-an-entry"),
])
def test_a_districts_place_from_how_lists_and_sentences_write_it(text, name, field, value):
    assert getattr(found(text, name), field) == value


# --- round 8: district mentions ---

@pytest.mark.parametrize("text, place", [
    pytest.param("Rural honor\n\nThe other winners were the Pell Creek School District in Marlow County, the Nixon "
                 "Falls School District in Harmon and the Linden School District in Butler County.\n",
                 "Marlow County", id="a-county-before-the-next-items-article"),
    pytest.param("Ohio honorees\n\nAlso honored were Pell Creek City Schools in suburban Dayton, the Nixon Falls "
                 "Local School District in Stark County, and Linden Local Schools.\n",
                 "Dayton", id="a-city-before-the-next-items-article"),
])
def test_a_place_before_the_next_items_name_is_no_apposition(text, place):
    """"X in Marlow County, the Nixon Falls School District in ...": the "district" after the comma
    heads the next item's name, it does not call the place before the comma a district."""
    assert find(text, place) is None
    assert len(districts(text)) == 3


@pytest.mark.parametrize("text, name", [
    pytest.param("Grant for a village\n\nNow Pell Creek Independent Schools has won a federal grant to train "
                 "its own teachers.\n", "Pell Creek Independent Schools", id="now"),
    pytest.param("Grant for a village\n\nToday Nixon Falls Public Schools received a state award for its "
                 "attendance work.\n", "Nixon Falls Public Schools", id="today"),
])
def test_a_sentence_opening_adverb_is_no_part_of_the_name(text, name):
    assert set(districts(text)) == {name}


def test_a_label_before_the_winners_name_is_no_district():
    """"Winner: Pell Creek School District" under a list of finalists: "Winner" (a town's name too)
    labels the entry."""
    text = ("Whole child awards\n\nLarge District\n\nFinalists\nPell Creek School District, Marlow, Minn.\n"
            "Nixon Falls School District, Harmon, Wis.\n\nWinner: Pell Creek School District\nPell Creek screens "
            "every student twice a year.\n\nFinalist: Nixon Falls School District\n")
    assert set(districts(text)) == {"Pell Creek School District", "Nixon Falls School District"}


@pytest.mark.parametrize("text, name, alias", [
    pytest.param("Prairie awards\n\nWinner: Pell Creek School District 12-4, Marlow, S.D.\nThe Pell Creek School "
                 "District runs a welcome center for new families.\n", "Pell Creek School District 12-4",
                 "Pell Creek School District", id="the-name-without-its-number-below-it"),
    pytest.param("Harbor prize\n\nThe foundation also honored the Nixon, Ill., school district for its dual-language "
                 "work.\n\nNixon Area School District U-12, the state's third-largest, enrolls 30,000 students.\n",
                 "Nixon Area School District U-12", "Nixon, Ill., school district", id="an-ap-style-name-beside-the-numbered-one"),
])
def test_a_numbered_names_unnumbered_form_is_the_same_district(text, name, alias):
    d = found(text, name)
    assert alias in d.aliases and len(districts(text)) == 1


def test_a_code_given_as_a_districts_other_name_is_that_district_wherever_it_stands():
    """"Pell Creek Public Schools, also known as USD 412, ..." then, paragraphs and another
    district's code later, "USD 412 is one of ...": the code is still Pell Creek's."""
    text = ("Purple star\n\nPell Creek Public Schools, also known as USD 412, was named a Purple Star District.\n\n"
            "Nearby Harmon USD 413 earned the designation last year.\n\nThe counselors meet monthly.\n\n"
            "USD 412 is one of only a handful of Kansas districts to earn it.\n")
    assert set(districts(text)) == {"Pell Creek Public Schools", "Harmon USD 413"}


def test_a_states_name_heading_a_district_in_another_states_article_is_a_town():
    """"the Oregon School District, south of Madison" in a Wisconsin story: Oregon is a town there
    (not "Colorado school districts")."""
    text = ("Green ribbon\n\nPell Creek School District is one of only two Wisconsin districts on this year's "
            "list; the other is the Oregon School District, south of Madison. Colorado school districts were "
            "shut out.\n")
    assert set(districts(text)) == {"Pell Creek School District", "Oregon School District"}


def test_the_articles_award_written_before_schools_is_no_district():
    """"earn Five Star status" ... "the list of Five Star Schools": "Star Schools" (Star is a town's
    name) is the award's, while "Adams 12 Five Star Schools" in an article about another award stays."""
    text = ("Two elementaries earn Five Star status\n\nTwo schools of Pell Creek Community Schools are on the "
            "state's newest list of Five Star Schools.\n")
    assert set(districts(text)) == {"Pell Creek Community Schools"}
    other = "Residency grant\n\nThe residency works with Adams 12 Five Star Schools and Pell Creek Public Schools.\n"
    assert "Adams 12 Five Star Schools" in districts(other)


# --- round 8: places and figures ---------------------------------------------------------------

@pytest.mark.parametrize("text, name, field, value", [
    pytest.param("Best districts\n\n1. Pell Creek County Schools\nEnrollment: 8,200. Schools: 11. Headquarters: Linden "
                 "Falls, Ohio.\nPell Creek runs a robotics league.\n", "Pell Creek County Schools", "city", "Linden Falls",
                 id="a-line-of-fields-written-as-sentences-gives-the-town"),
    pytest.param("Best districts\n\nAn Iowa panel ranked them.\n\n1. Pell Creek County Schools\nEnrollment: 8,200. "
                 "Schools: 11. Headquarters: Linden Falls, Ohio.\nPell Creek runs a robotics league.\n",
                 "Pell Creek County Schools", "state", "OH",
                 id="a-line-of-fields-written-as-sentences-gives-the-state"),
    pytest.param("Best districts\n\n2. Nixon Falls School District\nEnrollment: 3,100. Schools: 5. Headquarters: Linden, Ore.\n"
                 "Every Nixon Falls senior guides rafting trips on the Arkansas.\n", "Nixon Falls School District", "state", "OR",
                 id="a-river-named-for-a-state-is-no-state"),
    pytest.param("Rafting honors\n\nNixon Falls School District won a prize. Nixon Falls seniors guide trips "
                 "on the Colorado River.\n", "Nixon Falls School District", "state", None,
                 id="a-states-river-is-no-state"),
    pytest.param("Winners\n\nPell Creek Regional School Unit, Sedro-Woolley, Washington\nPell Creek opened a clinic.\n",
                 "Pell Creek Regional School Unit", "city", "Sedro-Woolley", id="a-hyphenated-town-before-its-state"),
    pytest.param("Schedules\n\nThe Pell Creek School District board in Prineville voted to keep a four-day week.\n",
                 "Pell Creek School District", "city", "Prineville", id="the-districts-board-in-its-town"),
    pytest.param("Honor list\n\nMilan Special School District in Tennessee made the list.\n\nIn Milan, where every student "
                 "attends one campus, the news came at lunch.\n", "Milan Special School District", "city", "Milan",
                 id="in-the-town-that-is-the-short-form"),
    pytest.param("TWO HARBORS — The Two Harbors Public School District board approved a budget on Monday.\n",
                 "Two Harbors Public School District", "city", "Two Harbors", id="a-dateline-town-with-a-number-word"),
    pytest.param("Grants for teachers\n\nLINDEN, Ohio — A foundation gave grants to Linden City Schools and others.\n\n"
                 "The recipients are:\n\nPell Creek Local School District — $480,000\nThe 2,100-student district in McArthur "
                 "will create a residency.\n", "Pell Creek Local School District", "city", "McArthur",
                 id="the-n-student-district-in-a-town"),
    pytest.param("Innovation award\n\nThe Pell Creek Exempted Village School District in Union County was honored "
                 "for its welding lab.\n", "Pell Creek Exempted Village School District", "city", None,
                 id="a-county-after-in-is-no-town-of-its-first-word"),
])
def test_a_districts_place_in_fields_rivers_hyphens_and_bodies(text, name, field, value):
    assert getattr(found(text, name), field) == value


@pytest.mark.parametrize("text, name, value", [
    pytest.param("Grants for teachers\n\nLINDEN, Ohio — A foundation gave grants to Linden City Schools and others.\n\n"
                 "The recipients are:\n\nPell Creek City School District — $720,000\nThe district, which enrolls about "
                 "5,100 students, will pay tuition for aides.\n", "Pell Creek City School District", 5100,
                 id="a-blurb-below-an-entry-is-the-entrys-not-the-dateline-districts"),
    pytest.param("Grants for teachers\n\nLINDEN, Ohio — A foundation gave grants to Linden City Schools and others.\n\n"
                 "The recipients are:\n\nPell Creek City School District — $720,000\nThe district, which enrolls about "
                 "5,100 students, will pay tuition for aides.\n", "Linden City Schools", None,
                 id="the-dateline-district-keeps-no-entrys-figure"),
    pytest.param("Rural winners\n\nNixon Falls County School District No. 4, Basin, Wyoming\nWith roughly 280 students, "
                 "Nixon Falls #4 is the smallest winner.\n", "Nixon Falls County School District No. 4", 280,
                 id="a-figure-below-an-entry-whose-short-form-is-unknown"),
    pytest.param("Literacy leaders\n\nPell Creek Area School District, one of the state's larger districts with roughly "
                 "12,500 students, trained its teachers.\n", "Pell Creek Area School District", 12500,
                 id="one-of-the-larger-districts-with-about-n-is-no-band"),
    pytest.param("Small districts\n\nThe award is open to districts with fewer than 10,000 students. Pell Creek School "
                 "District won it.\n", "Pell Creek School District", None, id="districts-with-fewer-than-n-is-a-band"),
    pytest.param("Budget passes\n\nThe Pell Creek School District board met Monday. The business manager reported the "
                 "district's official fall count: 1,912 students.\n", "Pell Creek School District", 1912,
                 id="the-districts-count-colon-n-students"),
    pytest.param("Purple Star\n\nHalstead Public Schools in Halstead, Kansas, won. According to district spokesperson "
                 "Ann Lee, one in eight of the nearly 1,900 students in Halstead's four schools has a parent in the "
                 "military.\n", "Halstead Public Schools", 1900, id="the-n-students-in-the-towns-schools"),
    pytest.param("Purple Star\n\nHalstead Public Schools in Halstead, Kansas, won. According to district spokesperson "
                 "Ann Lee, the 40 students in Halstead's robotics club built a float.\n", "Halstead Public Schools", None,
                 id="the-n-students-in-the-towns-club-are-a-part"),
    pytest.param("SAT results\n\nLinden won. The 1,200 students in Pell Creek School District who took the SAT beat "
                 "the state average.\n", "Pell Creek School District", None, id="the-n-students-in-a-district-who-are-some"),
    pytest.param("Grants\n\nThe recipients are:\n\nPell Creek School District — $50,000\nStatewide, about 1.2 million "
                 "students took the test this spring.\n", "Pell Creek School District", None,
                 id="a-bare-approximate-figure-below-an-entry-is-no-ones"),
    pytest.param("Grants\n\nThe recipients are:\n\nPell Creek School District — $50,000\nThe foundation, which has "
                 "served about 40,000 students since 2001, chose it.\n", "Pell Creek School District", None,
                 id="another-subjects-figure-below-an-entry"),
    pytest.param("Superintendent honored\n\nAda Moss led the Nixon County Schools office. When the Pell Creek County "
                 "Schools job opened, friends told her she was crazy to leave a district of 14,000 students for one "
                 "with four schools.\n", "Pell Creek County Schools", None, id="a-district-left-behind-is-another"),
    pytest.param("Innovation award\n\nHonorees range from a 15,000-student suburban system to tiny Pell Creek City "
                 "Schools.\n\nThe Pell Creek district serves about 2,500 students.\n", "Pell Creek City Schools", 2500,
                 id="the-far-end-of-a-range-is-another-district"),
])
def test_a_districts_figure_from_entries_bands_counts_and_other_districts(text, name, value):
    assert found(text, name).enrollment == value


@pytest.mark.parametrize("sentence, enrollment, schools", [
    ("The district's enrollment sits at 4,200 across seven schools.", 4200, 7),
    ("The district's enrollment hovers around 4,200.", 4200, None),
    ("About 4,200 students are enrolled in the district.", 4200, None),
    ("Its student count stands at 4,200.", 4200, None),
    ("It counted 4,200 students on its fall census.", 4200, None),
    ("Fall enrollment totaled 4,200 students.", 4200, None),
    ("About 300 students attend its after-school program.", None, None),
])
def test_more_ways_to_give_the_districts_enrollment(sentence, enrollment, schools):
    d = found(f"Award news\n\nPell Creek School District won the award. {sentence}\n", "Pell Creek School District")
    assert (d.enrollment, d.schools) == (enrollment, schools)


@pytest.mark.parametrize("text, city", [
    ("Award news\n\nPell Creek School District (headquartered in Salida) won the award in Colorado.\n", "Salida"),
    ("Award news\n\nPell Creek School District, located in the town of Salida, Colorado, won the award.\n", "Salida"),
    ("Award news\n\nPell Creek School District, which serves Salida and Poncha Springs in Colorado, won the award.\n",
     "Salida"),
    ("WINSTON-SALEM, N.C. — Pell Creek School District won the award.\n", "Winston-Salem"),
    ("ST. PAUL, Minn. — Pell Creek School District won the award.\n", "St. Paul"),
    ("COEUR D'ALENE, Idaho — Pell Creek School District won the award.\n", "Coeur d'Alene"),
])
def test_a_town_in_parentheses_after_of_before_in_and_in_datelines_with_marks(text, city):
    assert (found(text, "Pell Creek School District").city or "").lower() == city.lower()


@pytest.mark.parametrize("sentence, enrollment", [
    ("Pell Creek School District, a district of 1,150 students, won the award.", 1150),
    ("Pell Creek School District is a 1,150-student district on the coast.", 1150),
    ("Pell Creek School District has grown into a 2,300-student district.", 2300),
    ("Pell Creek School District merged with a 900-student district in 2019.", None),
    ("Honorees range between a 15,000-student suburban system and Pell Creek School District.", None),
    ("Its new superintendent came to Pell Creek School District from a district of 14,000 students.", None),
])
def test_an_indefinite_district_is_the_named_one_only_as_its_apposition_or_predicate(sentence, enrollment):
    assert found(f"Award news\n\n{sentence}\n", "Pell Creek School District").enrollment == enrollment


# --- round 9: initiatives, by how the text writes them ---------------------------------------

def test_an_entry_blurb_is_the_entrys_not_the_datelines_district():
    text = ("Foundation names teacher grant winners\n\n"
            "ELM CITY, Ohio — The Birch Foundation today named its grant winners, said its director, "
            "who once taught in Elm City Schools.\n\n"
            "The winners are:\n\n"
            "Quarry Hill School District — $400,000\n"
            "The district will add coaching for new teachers and a robotics club.\n\n"
            "Pell Creek School District — $300,000\n"
            "The district will open a dual-language kindergarten.\n")
    assert {"professional_learning", "stem"} <= set(found(text, "Quarry Hill School District").initiatives)
    assert "language_immersion" in found(text, "Pell Creek School District").initiatives
    assert found(text, "Elm City Schools").initiatives == []


def test_a_programme_name_after_the_districts_possessive_is_its_cue():
    text = ("Award news\n\nQuarry Hill School District won the award. Judges praised the district's "
            "Junior Apprenticeship Program and its Summer Robotics Camp.\n")
    assert {"career_technical", "stem"} <= set(found(text, "Quarry Hill School District").initiatives)


def test_the_districts_cue_in_a_later_paragraph_goes_to_the_district_named_last():
    text = ("Award news\n\nThe banner went up on Monday. Quarry Hill School District won the award, "
            "the committee said on Friday.\n\n"
            "Judges singled out the district's new robotics sequence.\n\n"
            "Pell Creek School District and Elm Grove School District were also named to the list of "
            "finalists this spring, the committee said on Monday.\n\n"
            "Judges praised the district's dual-language kindergarten.\n")
    assert found(text, "Quarry Hill School District").initiatives == ["stem"]
    assert found(text, "Pell Creek School District").initiatives == []


def test_a_label_put_on_the_districts_students_is_who_it_serves():
    text = ("Award news\n\nQuarry Hill School District won the award. About a third of the district's "
            "students are classified as English learners.\n")
    assert found(text, "Quarry Hill School District").initiatives == []


@pytest.mark.parametrize("sentence", [
    "Quarry Hill School District runs the program with Birch Valley Nature Center.",
    "Quarry Hill School District opened a welding lab, a program run with the county college.",
    "Quarry Hill School District has health clinics operated with local providers.",
])
def test_a_programme_run_with_a_partner_is_a_partnership(sentence):
    assert "community_partnerships" in found(f"Award news\n\n{sentence}\n", "Quarry Hill School District").initiatives


def test_the_district_a_programme_is_run_with_is_the_partner():
    text = "Award news\n\nQuarry Hill School District opened a clinic run with Pell Creek School District this year.\n"
    assert "community_partnerships" in found(text, "Quarry Hill School District").initiatives
    assert "community_partnerships" not in found(text, "Pell Creek School District").initiatives


@pytest.mark.parametrize("sentences", [
    "Ruiz began her career as a dual-language teacher in Pell Creek School District.",
    "Ruiz came to the job after nine years as the literacy director at Pell Creek School District.",
    "Ruiz taught for nine years in Pell Creek School District. She brought its family reading nights with her.",
])
def test_a_persons_former_post_gets_no_initiative(sentences):
    text = (f"Award news\n\nQuarry Hill School District named Ana Ruiz its superintendent on Monday after a "
            f"long search by the board.\n\n{sentences}\n")
    assert found(text, "Pell Creek School District").initiatives == []


def test_the_sentence_after_a_former_post_that_speaks_of_that_district_is_its():
    text = ("Award news\n\nQuarry Hill School District named Ana Ruiz its superintendent on Monday after a "
            "long search by the board.\n\nRuiz spent nine years in Pell Creek School District. That district "
            "made family home visits routine.\n")
    assert found(text, "Pell Creek School District").initiatives == ["community_partnerships"]


def test_an_ap_course_name_is_ap_and_its_subject():
    text = "Award news\n\nQuarry Hill School District added AP Computer Science Principles at its high school.\n"
    assert {"curriculum_instruction", "edtech"} <= set(found(text, "Quarry Hill School District").initiatives)


# --- round 10: figures in words and in entry lines, past figures, openers, offices ------------

@pytest.mark.parametrize("sentence, field, value", [
    ("The Tamsin Creek School District serves about forty-two hundred students.", "enrollment", 4200),
    ("The Tamsin Creek School District serves four thousand two hundred students.", "enrollment", 4200),
    ("The Tamsin Creek School District has 4,200 students in a dozen schools.", "schools", 12),
    ("The Tamsin Creek School District, with 4,200 students and two dozen schools, won.", "schools", 24),
    ("The Tamsin Creek School District, whose nine schools sit along the river, won.", "schools", 9),
    ("The Tamsin Creek School District, whose 4,200 students come from three towns, won.", "enrollment", 4200),
])
def test_counts_in_words_and_after_whose(sentence, field, value):
    assert getattr(found(f"Award news\n\n{sentence}\n", "Tamsin Creek School District"), field) == value


@pytest.mark.parametrize("sentence", [
    "Ten years ago Tamsin Creek was a district of about 2,000 students. Today it serves nearly 4,200 students.",
    "When Ruiz arrived, the district had 2,000 students. It now serves 4,200 students.",
])
def test_a_past_figure_is_not_the_enrollment(sentence):
    text = f"Award news\n\nThe Tamsin Creek School District in Avoca, Iowa, won the award.\n\n{sentence}\n"
    assert found(text, "Tamsin Creek School District").enrollment == 4200


def test_a_past_figure_alone_gives_no_enrollment():
    text = ("Award news\n\nThe Tamsin Creek School District in Avoca, Iowa, won the award. When Ruiz took over, "
            "the district had about 2,000 students.\n")
    assert found(text, "Tamsin Creek School District").enrollment is None


def test_the_town_of_an_opening_phrase_is_no_district():
    text = ("Three districts named\n\nThe state named three districts for the Rural Award.\n\n"
            "Tamsin Creek School District\n\nBased in Avoca, the district of roughly 4,200 students earned the "
            "award for the first time.\n")
    ds = districts(text)
    assert list(ds) == ["Tamsin Creek School District"]
    assert (ds["Tamsin Creek School District"].city, ds["Tamsin Creek School District"].enrollment) == ("Avoca", 4200)


@pytest.mark.parametrize("line", [
    "Tamsin Creek School District (Avoca; 4,200 students)",
    "Tamsin Creek School District (Avoca, 4,200 students)",
    "Tamsin Creek School District (Avoca; about 4,200 students)",
])
def test_an_entry_with_its_town_and_figure_in_parentheses(line):
    text = f"Career districts\n\nThe state named these districts:\n\n{line}\nEvery ninth grader job-shadows.\n"
    d = found(text, "Tamsin Creek School District")
    assert (d.city, d.enrollment) == ("Avoca", 4200)


@pytest.mark.parametrize("entry", [
    "• Tamsin Creek School District (Avoca) — 4,200 students",
    "Tamsin Creek USD 379 (Clay Center) — About 4,200 students. The district runs a micro school.",
    "Tamsin Creek School District No. 1 (Avoca, Wyo.) — About 4,200 students. It runs a micro school.",
])
def test_an_entry_line_with_its_figure_after_a_dash(entry):
    text = f"Honor roll\n\nThe council named these districts to its honor roll.\n\n{entry}\n"
    assert next(iter(districts(text).values())).enrollment == 4200


def test_a_blurb_below_an_entry_line_that_ends_in_a_grant():
    text = ("Literacy grants\n\nAVOCA — The Lund Foundation named its grantees. Its chair taught in Avoca Community "
            "Schools.\n\nThe grantees are:\n\nTamsin Creek School District — Fort Dodge, Iowa ($480,000)\nThe state's "
            "largest rural district, with 4,200 students in 12 schools, will hire reading coaches.\n")
    d = found(text, "Tamsin Creek School District")
    assert (d.enrollment, d.schools) == (4200, 12)
    assert found(text, "Avoca Community Schools").enrollment is None


@pytest.mark.parametrize("sentence", [
    "The vote came during a meeting at the school system's central office in Avoca, where members heard reports.",
    "\"Kids love it,\" Ruiz said in an interview at the district office in Avoca.",
])
def test_the_districts_office_gives_its_town(sentence):
    text = f"Award news\n\nThe Tamsin Creek School System won the Iowa Outdoor Award.\n\n{sentence}\n"
    assert found(text, "Tamsin Creek School System").city == "Avoca"


def test_a_short_form_after_a_list_joins_its_district_not_the_last_section():
    text = ("Arts honor roll\n\nThe coalition named these districts.\n\nCALIFORNIA\n• Tamsin Creek Unified School "
            "District (Tamsin Creek) — music in every school\n\nOREGON\n• Avoca School District (Avoca) — weekly "
            "art\n\nTamsin Creek has been named every year since 2015.\n")
    assert len(districts(text)) == 2
    assert found(text, "Tamsin Creek Unified School District").state == "CA"


def test_a_media_contact_line_is_no_district():
    text = ("Career award\n\nThe state named two districts for the Iowa Career Award:\n\nTamsin Creek School "
            "District\nAvoca Community Schools\n\nMedia contact: Communications Office, Tamsin Creek School District\n")
    assert sorted(districts(text)) == ["Avoca Community Schools", "Tamsin Creek School District"]


def test_a_story_whose_headline_names_its_district_alone_is_about_it():
    text = ("Tamsin Creek schools win state award\n\nFor the first time anyone can remember, Tamsin Creek USD 417 "
            "has won a statewide prize, the Kansas Rural Innovation Award.\n\nThe judges singled out two efforts.\n\n"
            "The second is at the junior-senior high, where students can now earn a welding certification before "
            "they graduate.\n")
    assert found(text, "Tamsin Creek USD 417").initiatives == ["career_technical"]


@pytest.mark.parametrize("sentence, enrollment", [
    ("Enrollment has climbed to about 4,200 students this fall.", 4200),
    ("Enrollment grew to 4,200 this fall.", 4200),
    ("Enrollment grew by 300 students.", None),
    ("Statewide enrollment has climbed to 480,000.", None),
    ("The state's enrollment has climbed to 480,000.", None),
    ("Iowa's enrollment is 480,000.", None),
])
def test_where_enrollment_stands_now(sentence, enrollment):
    text = (f"Tamsin Creek wins\n\nThe Tamsin Creek School District in Avoca, Iowa, won the state's Rural Award on "
            f"Tuesday.\n\n{sentence}\n")
    assert found(text, "Tamsin Creek School District").enrollment == enrollment


def test_an_entry_that_opens_with_its_town_and_state_before_a_colon():
    text = ("Rural awards\n\nThe Iowa Rural Council named its winners.\n\nHarlan, Iowa: Tamsin Creek School District, "
            "for tutoring every ninth grader.\nAvoca, Iowa: Birch Flat Community Schools, for its greenhouse.\n")
    assert (found(text, "Tamsin Creek School District").city, found(text, "Birch Flat Community Schools").city) \
        == ("Harlan", "Avoca")


def test_a_second_name_after_also_known_as_the_is_the_same_district():
    text = ("Award news\n\nRegional School Unit 9, also known as the Tamsin Creek Regional School District, has won "
            "the Maine Outdoor Award.\n\nRSU 9 also works with the Sandy River Land Trust.\n")
    ds = districts(text)
    assert list(ds) == ["Regional School Unit 9"]
    assert ds["Regional School Unit 9"].initiatives == ["community_partnerships"]


def test_a_negation_inside_a_cue_of_several_words():
    text = ("Award news\n\nTamsin Creek School District won the Iowa Tech Award for its new grading app. Its "
            "teachers could start using it immediately without training.\n")
    assert "professional_learning" not in found(text, "Tamsin Creek School District").initiatives


def test_a_profile_whose_headline_alone_names_the_district():
    text = ("After ten years, Tamsin Creek superintendent still greets the buses\n\nBy A. Writer\n\nMost mornings, "
            "before she reads a single email, Dr. Ana Ruiz stands outside one of her elementary schools opening car "
            "doors.\n\n\"I ask principals to know every family,\" said Ruiz, who has led Tamsin Creek Independent School "
            "District since 2015.\n\nShe also created an aspiring principals academy, a yearlong program in which "
            "assistant principals shadow veteran principals.\n")
    assert found(text, "Tamsin Creek Independent School District").initiatives == ["leadership"]


def test_a_pass_rate_in_a_subject_is_an_outcome():
    text = ("Award news\n\nTamsin Creek School District won the Iowa Rural Award. On last spring's tests, 39% of its "
            "students passed both English and math, compared with 37% statewide.\n")
    assert "curriculum_instruction" not in found(text, "Tamsin Creek School District").initiatives


@pytest.mark.parametrize("sentence, initiative, has_it", [
    ("It built its own local accountability system alongside the state's.", "assessment_accountability", True),
    ("It says its schools are rooted in trust, accountability and community.", "assessment_accountability", False),
    ("It earned an A in the state's accountability ratings for three years.", "assessment_accountability", False),
    ("It built an agriculture and natural resources pathway with a working school forest.", "career_technical", True),
    ("It opened a diesel and heavy-equipment technology pathway at its high school.", "career_technical", True),
    ("Its high schoolers spend four years in a focused career program such as culinary arts.", "career_technical", True),
    ("It lets seniors earn a certified nursing assistant license before they graduate.", "career_technical", True),
    ("It started a health and wellness program for staff.", "career_technical", False),
])
def test_cues_and_their_look_alikes(sentence, initiative, has_it):
    text = f"Award news\n\nTamsin Creek School District won the Iowa Rural Award. {sentence}\n"
    assert (initiative in found(text, "Tamsin Creek School District").initiatives) is has_it


def test_the_town_a_district_covers_is_its_city_not_its_short_form():
    text = ("Ruiz honored\n\nCenterville City Schools superintendent Ana Ruiz was named Ohio Superintendent of the "
            "Year.\n\nRuiz has led the Centerville City School District, which enrolls about 8,400 students, since "
            "2018. The district covers Centerville, a suburb just south of Dayton.\n")
    assert found(text, "Centerville City School District").city == "Centerville"


@pytest.mark.parametrize("sentence", [
    "The district is based in the small town of Harlan.",
    "The district serves the Shelby County seat of Harlan and the farms around it.",
    "District offices are in Harlan.",
    "The district serves roughly 1,100 pupils in north Harlan.",
    "Board members gathered at the district's Harlan headquarters to celebrate.",
    "The rural district of 1,100 students in Harlan was one of three winners.",
])
def test_a_local_storys_town_written_other_ways(sentence):
    text = f"Tamsin Creek wins state award\n\nThe Tamsin Creek School District won the Iowa Rural Award on Tuesday. {sentence}\n"
    assert found(text, "Tamsin Creek School District").city == "Harlan"


@pytest.mark.parametrize("headline", ["Harlan schools win state award", "Harlan school district wins state award"])
def test_a_headline_that_names_the_only_district_by_its_town(headline):
    text = f"{headline}\n\nThe Tamsin Creek School District won the Iowa Rural Award on Tuesday.\n"
    assert [(d.name, d.city) for d in districts(text).values()] == [("Tamsin Creek School District", "Harlan")]


def test_a_headline_state_is_no_town():
    text = "Iowa schools win state award\n\nThe Tamsin Creek School District won the Iowa Rural Award on Tuesday.\n"
    assert found(text, "Tamsin Creek School District").city is None


@pytest.mark.parametrize("sentence", [
    "Statewide, more districts are adding career academies, according to the Iowa Department of Education.",
    "The Iowa Rural Council represents 200 districts and lobbies for rural broadband and school funding.",
    "Ruiz, who previously led a dual-language program in Omaha, joined the district in 2021.",
])
def test_a_sentence_about_another_subject_gives_the_district_nothing(sentence):
    text = ("Tamsin Creek wins state award\n\nHARLAN, Iowa — The Tamsin Creek School District won the Iowa Rural "
            f"Award on Tuesday.\n\n{sentence}\n")
    assert found(text, "Tamsin Creek School District").initiatives == []


def test_a_committee_citing_the_districts_work_is_the_districts():
    text = ("Tamsin Creek wins state award\n\nHARLAN, Iowa — The Tamsin Creek School District won the Iowa Rural "
            "Award on Tuesday.\n\nThe council's committee cited the district's welding and nursing pathways.\n")
    assert found(text, "Tamsin Creek School District").initiatives == ["career_technical"]


@pytest.mark.parametrize("lines", [
    "1. Tamsin Creek School District — Harlan, IA — 4,200 students\n2. Birch Flat Community Schools — Avoca, IA — 1,100 students\n",
    "Tamsin Creek School District — 4,200 students — for its robotics program\n"
    "Birch Flat Community Schools — 1,100 students — for its tutoring\n",
    "Tamsin Creek School District (Harlan, Iowa): 4,200 students, 6 schools. It rebuilt its schedule.\n"
    "Birch Flat Community Schools (Avoca, Iowa): 1,100 students, 3 schools. It added tutoring.\n",
])
def test_an_entry_lines_figure_between_dashes_or_after_a_colon(lines):
    text = f"Best districts 2025\n\nOur editors ranked the state's districts.\n\n{lines}"
    assert (found(text, "Tamsin Creek School District").enrollment, found(text, "Birch Flat Community Schools").enrollment) \
        == (4200, 1100)



def test_a_magazines_name_is_no_district():
    text = ("Best districts\n\n1. Tamsin Creek School District — Harlan, IA — 4,200 students\n2. Birch Flat Community "
            "Schools — Avoca, IA — 1,100 students\n\nAbout Midwest Schools Magazine\nMidwest Schools Magazine covers "
            "K-12 education.\n")
    assert sorted(districts(text)) == ["Birch Flat Community Schools", "Tamsin Creek School District"]



def test_a_local_story_that_names_a_states_award_before_its_district():
    text = ("Tamsin Creek wins\n\nHARLAN — Teachers cheered Tuesday when they learned that their district had won the "
            "Iowa Rural Award. The Tamsin Creek School District is the smallest winner.\n")
    assert found(text, "Tamsin Creek School District").city == "Harlan"


def test_a_states_award_released_from_its_capital_gives_no_city():
    text = ("Rural award winners\n\nDES MOINES — Three districts have won the Iowa Rural Award this year. The Tamsin "
            "Creek School District is the smallest winner.\n")
    assert found(text, "Tamsin Creek School District").city is None


@pytest.mark.parametrize("sentence", [
    "In Harlan, the Tamsin Creek School District has won the Iowa Rural Award.",
    "In the Missouri River town of Harlan, the Tamsin Creek School District has won the Iowa Rural Award.",
])
def test_a_town_that_opens_the_sentence_before_the_district(sentence):
    assert found(f"Award news\n\n{sentence}\n", "Tamsin Creek School District").city == "Harlan"


def test_a_name_in_prose_below_the_last_state_heading_is_the_listed_district():
    text = ("2025 honorees by state\n\nCALIFORNIA\nDistrict Awardee:\n- Tamsin Creek Unified School District, Poway\n\n"
            "OREGON\nDistrict Awardee:\n- Birch Flat School District, Beaverton\n\nTamsin Creek Unified School District, "
            "which serves about 35,000 students in 39 schools, has installed solar arrays at 26 campuses and cut its "
            "energy use by a quarter since 2016.\n")
    ds = districts(text)
    assert len(ds) == 2
    d = ds["Tamsin Creek Unified School District"]
    assert (d.state, d.enrollment, d.schools) == ("CA", 35000, 39)


def test_lake_michigan_is_no_state():
    text = ("Award news\n\nTamsin Creek Area School District, Sheboygan, Wis.\nThe Tamsin Creek Area School District "
            "serves approximately 9,800 students along the Lake Michigan shoreline.\n")
    ds = districts(text)
    assert [(d.name, d.state, d.enrollment) for d in ds.values()] == [("Tamsin Creek Area School District", "WI", 9800)]


@pytest.mark.parametrize("text, city, state", [
    ("Florence, Ky.-based Tamsin Creek County Schools has won a national award.", "Florence", "KY"),
    ("The Tulsa, Okla.-based Tamsin Creek Public Schools has won a national award.", "Tulsa", "OK"),
])
def test_a_town_and_ap_state_before_based(text, city, state):
    ds = districts(f"Award news\n\n{text}\n")
    assert [(d.city, d.state) for d in ds.values()] == [(city, state)]


def test_a_notes_column_whose_items_open_with_their_towns():
    text = ("School Notes\n\nCompiled by staff\n\nALGONQUIN - Tamsin Creek Unit School District 300 has again been "
            "named one of the Best Communities for Music Education.\n\nCRYSTAL LAKE - Husmann Elementary School in "
            "Marengo Elementary District 47 has been named an Exemplary School. Husmann enrolls about 460 students; "
            "D-47 serves roughly 7,400 across 12 schools.\n\nMcHENRY - The superintendent of Oak Run Community High "
            "School District 156 has been named Illinois Superintendent of the Year.\n")
    d47 = found(text, "Marengo Elementary District 47")
    assert (d47.city, d47.enrollment, d47.schools) == ("Crystal Lake", 7400, 12)
    assert found(text, "Oak Run Community High School District 156").city == "McHenry"


# --- round 12 ---------------------------------------------------------------------------------

def test_a_semicolon_list_of_names_and_their_towns():
    text = ("Award news\n\nThis year's winners are Tamsin Creek School District, Harlan; Orrin Vale Unified School "
            "District, Sanger; and Kettering City Schools, Kettering.\n")
    ds = districts(text)
    assert sorted((d.name, d.city) for d in ds.values()) == [
        ("Kettering City Schools", "Kettering"), ("Orrin Vale Unified School District", "Sanger"),
        ("Tamsin Creek School District", "Harlan")]


def test_a_town_after_of():
    assert found("Award news\n\nTamsin Creek School District of Harlan won the award.\n",
                 "Tamsin Creek School District").city == "Harlan"


@pytest.mark.parametrize("sentence", [
    "Two schools in the Tamsin Creek School District were honored Friday as Schools of Excellence.",
    "The Tamsin Creek School District had five schools on the honor roll.",
    "The Tamsin Creek School District has four schools that earned the designation.",
])
def test_the_schools_that_won_are_no_school_count(sentence):
    assert found(f"Honor roll\n\n{sentence}\n", "Tamsin Creek School District").schools is None


def test_schools_on_the_honor_roll_recognize_their_district():
    text = "Honor roll\n\nThe Tamsin Creek School District had five schools on the honor roll.\n"
    assert found(text, "Tamsin Creek School District").role == "recognized"


def test_a_figure_in_a_table_rows_pipe_field():
    text = ("Honorees\n\nTamsin Creek School District | Harlan, Iowa | 4,200 students\n"
            "Orrin Vale Unified School District | Sanger, Calif. | 11,900 students\n")
    ds = districts(text)
    assert sorted((d.name, d.city, d.state, d.enrollment) for d in ds.values()) == [
        ("Orrin Vale Unified School District", "Sanger", "CA", 11900),
        ("Tamsin Creek School District", "Harlan", "IA", 4200)]


@pytest.mark.parametrize("sentence, initiative", [
    ("replacing worksheets with semester-long projects that students present to panels", "project_based"),
    ("a program that grooms teachers to become principals", "leadership"),
    ("frequent short assessments and data teams that track each student", "assessment_accountability"),
])
def test_initiatives_in_other_words(sentence, initiative):
    d = found(f"Award news\n\nThe Tamsin Creek School District was honored for {sentence}.\n", "Tamsin Creek School District")
    assert initiative in d.initiatives


@pytest.mark.parametrize("text, city", [
    ("Best districts\n\n1. Tamsin Creek Unified School District, Quillby Hollow, Calif. (22,300 students)\n"
     "Every school has a music teacher.\n", "Quillby Hollow"),
    ("State honors\n\nTamsin Creek School District, Quillby Hollow — The 9,800-student district launched a "
     "teacher apprenticeship.\n", "Quillby Hollow"),
    ("Board honored\n\nQUILLBY — For the first time, the Quillby Community School District board has been named a "
     "Board of Distinction.\n", "Quillby"),
])
def test_a_town_the_gazetteer_lacks_by_the_form_of_the_text(text, city):
    (d,) = districts(text).values()
    assert d.city == city


def test_a_table_rows_state_beats_the_articles_only_state():
    text = ("Honor roll\n\nFigures were checked with agencies in Pennsylvania.\n\n"
            "District | City | State | Enrollment\nTamsin Creek Area School District | Harlan | PA | 7,420\n"
            "Orrin Vale Unified School District | Sanger | CA | 38,900\n")
    ds = districts(text)
    assert sorted((d.name, d.state) for d in ds.values()) == [
        ("Orrin Vale Unified School District", "CA"), ("Tamsin Creek Area School District", "PA")]


def test_then_and_now_in_one_sentence():
    text = ("Gold again\n\nThe Tamsin Creek County School District has changed in a decade. In 2012 it enrolled "
            "about 6,500 students in nine schools; today it serves just over 9,000 students in 14 schools.\n")
    d = found(text, "Tamsin Creek County School District")
    assert (d.enrollment, d.schools) == (9000, 14)


def test_a_hyphenated_short_form_in_apposition():
    text = ("Honor roll\n\nAmong the honorees is Tri-Valley Local Schools in Holmes County.\n\n"
            "Tri-Valley, a district of about 1,100 students, went after attendance first.\n")
    (d,) = districts(text).values()
    assert (d.name, d.enrollment) == ("Tri-Valley Local Schools", 1100)


def test_a_names_code_and_number_alone():
    text = ("Star awards\n\nTamsin City USD 418 received a Gold Star.\n\n"
            "USD 418 Superintendent Brenda Koehn said the work started in 2021.\n")
    (d,) = districts(text).values()
    assert d.name == "Tamsin City USD 418" and "USD 418" in d.aliases


@pytest.mark.parametrize("sentence, initiative, present", [
    ("every senior in the pathway sits for an industry-recognized certification", "career_technical", True),
    ("the high school pathway ends with a cybersecurity certification", "career_technical", True),
    ("juniors complete a certified nursing assistant program", "career_technical", True),
    ("it posted the highest share of graduates earning industry credentials in the state", "career_technical", False),
    ("it was judged on a measure of how many graduates finish a degree or credential", "career_technical", False),
    ("all ninth-graders attend a separate freshman academy", "school_design", True),
    ("each student has a daily advisory period with the same adult", "social_emotional", True),
    ("it pairs chronically absent students with adult mentors", "professional_learning", False),
])
def test_career_credentials_academies_and_mentors(sentence, initiative, present):
    d = found(f"Award news\n\nThe Tamsin Creek School District was honored this week. In the district, {sentence}.\n",
              "Tamsin Creek School District")
    assert (initiative in d.initiatives) is present


def test_the_district_of_a_local_story_before_a_district_named_later_in_the_paragraph():
    text = ("Board news\n\nQUILLBY HEIGHTS — The Quillby Heights School District 58 board met Monday and adopted a "
            "calendar. Superintendent Paul Brennan said bus routes are shared with neighboring Orrin Vale School "
            "District 61.\n\nThe district serves about 3,400 students. Its graduates go on to Prairie Central High "
            "School District 207.\n")
    d58 = found(text, "Quillby Heights School District 58")
    assert (d58.enrollment, d58.city) == (3400, "Quillby Heights")
    assert found(text, "Orrin Vale School District 61").enrollment is None


def test_a_certificate_of_excellence_is_a_programme():
    rec, _ = record("Board news\n\nThe business manager reported that the Tamsin Creek School District has again "
                    "received the Certificate of Excellence in Financial Reporting from the association.\n")
    assert rec.program == "Certificate of Excellence in Financial Reporting"
    assert rec.districts[0].role == "recognized"


@pytest.mark.parametrize("sentence, role", [
    ("The award went to the Tamsin Creek School District, which beat out 40 applicants.", "recognized"),
    ("Tamsin Creek School District took home the top prize on Friday.", "recognized"),
])
def test_roles_in_an_article_that_names_no_programme(sentence, role):
    assert found(f"District news\n\n{sentence}\n", "Tamsin Creek School District").role == role


def test_a_district_that_lends_its_gym_is_a_venue():
    text = ("Around town\n\nGOLDEN BELL: The Orrin Vale School District won a Golden Bell Award for its school garden.\n\n"
            "JOB FAIR: The fair returns April 5 in the gym at Valle Grande High School, which the Tamsin Creek School "
            "District is lending for the day.\n")
    assert found(text, "Tamsin Creek School District").role == "mentioned"


def test_a_former_post_a_few_more_words_back():
    text = ("Tillmore Prize winner and finalists named\n\nThe Tillmore Foundation named Orrin Vale Independent School "
            "District the winner of the 2025 Tillmore Prize.\n\nThe winner\n\nOrrin Vale ISD serves nearly 61,000 "
            "students.\n\n\"Our families expect a lot,\" said Superintendent Dr. Carla Nunez, who previously served as "
            "chief academic officer for Tamsin Creek Independent School District.\n\nThe finalists\n\nQuillby "
            "Independent School District was a finalist.\n")
    assert found(text, "Tamsin Creek Independent School District").role == "mentioned"


@pytest.mark.parametrize("line", ["**HARLAN, IA** — ", "*HARLAN, Iowa* — "])
def test_a_dateline_in_bold_or_italics(line):
    d = found(f"District wins state award\n\n{line}The Tamsin Creek School District has been named a District of "
              "Distinction.\n", "Tamsin Creek School District")
    assert (d.city, d.state) == ("Harlan", "IA")


def test_a_known_town_between_commas_after_the_name():
    text = ("Honor roll\n\nTamsin Creek School District, Harlan, won for its reading program. Orrin Vale Community "
            "School District, Clarinda, won for its robotics team.\n")
    assert sorted((d.name, d.city) for d in districts(text).values()) == [
        ("Orrin Vale Community School District", "Clarinda"), ("Tamsin Creek School District", "Harlan")]


def test_young_people_are_students():
    assert found("Award news\n\nThe Tamsin Creek School District is educating 2,400 young people this year.\n",
                 "Tamsin Creek School District").enrollment == 2400


@pytest.mark.parametrize("sentence, initiative", [
    ("adopting positive behavior interventions and supports in every school", "social_emotional"),
    ("a senior defense in which each student presents a portfolio of work", "assessment_accountability"),
    ("small learning communities in its high schools", "school_design"),
])
def test_more_initiatives_in_other_words(sentence, initiative):
    d = found(f"Award news\n\nThe Tamsin Creek School District was honored for {sentence}.\n", "Tamsin Creek School District")
    assert initiative in d.initiatives


def test_what_a_district_is_honored_for_is_no_programme():
    rec, _ = record("Award news\n\nThe Tamsin Creek School District was honored for its International Baccalaureate "
                    "program.\n")
    assert rec.program is None and "curriculum_instruction" in rec.districts[0].initiatives


@pytest.mark.parametrize("sentence, program", [
    ("was named a Top Workplace by the Des Moines Register for the third year", "Top Workplace"),
    ("is a 2025 Purple Star District, a designation for schools that serve military families", "Purple Star District"),
    ("has been certified as a Best Communities for Music Education district",
     "Best Communities for Music Education district"),
    ("was named one of America's Most Innovative School Districts by a magazine",
     "America's Most Innovative School Districts"),
])
def test_designations_without_an_award_word(sentence, program):
    rec, _ = record(f"District news\n\nThe Tamsin Creek School District {sentence}.\n")
    assert rec.program == program


def test_an_awards_namesake_and_its_advisers_are_mentioned():
    text = ("Board awards\n\nThe Orrin Vale Award, named for the late Orrin Vale Unified School District board member "
            "Ann Lee, was presented to Harlan Community School District.\n\nAdvisers: Tamsin Creek School District "
            "staff helped design the rubric.\n")
    assert sorted((d.name, d.role) for d in districts(text).values()) == [
        ("Harlan Community School District", "recognized"), ("Orrin Vale Unified School District", "mentioned"),
        ("Tamsin Creek School District", "mentioned")]


def test_customer_of_the_year_is_a_programme():
    rec, _ = record("Customer awards\n\nThis year's Customer of the Year is the Harlan Community School District.\n")
    assert rec.program == "Customer of the Year"


def test_a_town_in_this_district_in_a_sentence_that_names_it():
    text = ("Best districts\n\n4. Tamsin Creek Unified School District (Arizona)\nStaff in this 9,800-student district in "
            "Casa Grande praised its leadership academy, which has prepared 31 of Tamsin Creek's 34 principals.\n")
    d = found(text, "Tamsin Creek Unified School District")
    assert (d.city, d.enrollment) == ("Casa Grande", 9800)


def test_a_ranking_in_the_headline_and_its_numbered_entries():
    text = ("Quarterly's 2025 Best School Districts to Work For\n\nWe asked employees one question.\n\n"
            "1. Tamsin Creek Community School District (Iowa)\nTeachers plan their own training.\n\n"
            "2. Orrin Vale School District (Colorado)\nIt pays tuition for aides.\n")
    rec, _ = record(text)
    assert rec.program == "Best School Districts to Work For"
    assert {d.role for d in rec.districts} == {"recognized"}


def test_a_towns_school_system_under_an_entry_line():
    text = ("Best districts\n\n3. Tamsin Creek Public Schools (Virginia)\nSmithfield's school system earned the "
            "survey's highest marks for trust in leadership.\n")
    (d,) = districts(text).values()
    assert (d.name, d.city) == ("Tamsin Creek Public Schools", "Smithfield")


def test_a_particle_inside_a_name():
    text = "Awards\n\nThe Pomme de Terre School District and the Prairie du Chien Area School District won.\n"
    assert sorted(districts(text)) == ["Pomme de Terre School District", "Prairie du Chien Area School District"]


def test_a_labelled_entry_line_with_its_town():
    text = ("Board awards\n\nWinner: Tamsin Creek R-II School District, Owensville\nThe board adopted a mentoring "
            "policy.\n\nHonorable mention: Orrin Vale R-IV School District, Van Buren\nIt added counselors.\n")
    assert sorted((d.name, d.city) for d in districts(text).values()) == [
        ("Orrin Vale R-IV School District", "Van Buren"), ("Tamsin Creek R-II School District", "Owensville")]


def test_a_states_name_that_is_a_town_under_another_states_heading():
    text = "AP honor roll\n\nOHIO\nTamsin Creek Local Schools - Nelsonville\nOrrin Vale Local School District - Oregon\n"
    d = found(text, "Orrin Vale Local School District")
    assert (d.city, d.state) == ("Oregon", "OH")


def test_a_notes_columns_other_items_are_no_honorees():
    text = ("SCHOOL NOTES: Tamsin Creek earns state growth award; Orrin Vale sets earlier start\n\n"
            "TAMSIN RECOGNIZED FOR STUDENT GROWTH\n\nTamsin Creek City Schools has received a Momentum Award from "
            "the state, one of 60 districts honored this year.\n\nORRIN VALE SETS AN EARLIER START\n\n"
            "Classes in Orrin Vale City Schools will begin Wednesday, a week earlier than last year.\n")
    assert sorted((d.name, d.role) for d in districts(text).values()) == [
        ("Orrin Vale City Schools", "mentioned"), ("Tamsin Creek City Schools", "recognized")]


def test_an_opening_town_with_its_apposition():
    text = ("Magna winner\n\nIn Quincy, a farm town of orchards in central Washington, the Tamsin Creek School District "
            "now teaches half of every class in Spanish.\n")
    assert found(text, "Tamsin Creek School District").city == "Quincy"


@pytest.mark.parametrize("sentence", [
    "A parent said his two children transferred last spring from the Tamsin Creek School District in Texas.",
    "Correction: An earlier version incorrectly said Tamsin Creek School District was among this year's honorees.",
    "Moua most recently served as director of curriculum for the Tamsin Creek School District in Selah.",
])
def test_a_former_district_in_other_words(sentence):
    text = f"Purple Star\n\nThe Orrin Vale School District was named a Purple Star District.\n\n{sentence}\n"
    assert found(text, "Tamsin Creek School District").role == "mentioned"


def test_a_figure_set_off_by_commas():
    text = "Awards\n\nThe smallest winner, at 1,450 students, Tamsin Creek School District grew use fivefold.\n"
    assert found(text, "Tamsin Creek School District").enrollment == 1450


# --- round 12 (holdout14's classes and local-news probes) -------------------------------------

@pytest.mark.parametrize("sentence, name, value", [
    ("At 2,400 students, the Tamsin Creek School District is the smallest of the winners.", "Tamsin Creek School District",
     2400),
    ("The Tamsin Creek School District — roughly 7,500 students — won the award.", "Tamsin Creek School District", 7500),
    ("The Tamsin Creek Public Schools, which educate 6,000 students, won the award.", "Tamsin Creek Public Schools", 6000),
])
def test_enrollment_in_a_local_storys_other_shapes(sentence, name, value):
    assert found(f"Awards\n\n{sentence}\n", name).enrollment == value


def test_no_figure_from_a_sentence_opening_at_without_its_comma():
    text = "Awards\n\nThe Tamsin Creek School District won. At 300 students per grade its classes are full.\n"
    assert found(text, "Tamsin Creek School District").enrollment is None


def test_a_named_schools_relative_clause_keeps_its_figure():
    text = ("Schools to watch\n\nLincoln Middle School in the Tamsin Creek Area School District was honored.\n\n"
            "Lincoln, which has roughly 800 students, is the first school in the Tamsin Creek Area School District "
            "to earn the title.\n")
    assert found(text, "Tamsin Creek Area School District").enrollment is None


def test_a_local_storys_dateline_is_no_list_item():
    text = ("Tamsin Creek School District earns state's top rating\n\nLOVELAND, Colo. —\nBy Ann Reed, staff writer\n\n"
            "The Tamsin Creek School District was rated Accredited with Distinction this week.\n")
    assert sorted(districts(text)) == ["Tamsin Creek School District"]


def test_a_compass_word_before_a_state_is_a_region():
    text = ("WOLFFORTH, Texas —\n\nTamsin Creek ISD won the award. Tamsin Creek is one of the fastest-growing districts "
            "in West Texas.\n")
    assert found(text, "Tamsin Creek ISD").city == "Wolfforth"


def test_a_designation_of_whom_to_watch_names_the_program_and_the_schools_district():
    text = ("Middle school honored\n\nLincoln Middle School in the Tamsin Creek Area School District has been named a "
            "Pennsylvania School to Watch.\n")
    rec, _ = record(text)
    assert rec.program == "Pennsylvania School to Watch"
    assert found(text, "Tamsin Creek Area School District").role == "recognized"


def test_a_designation_before_a_lower_case_district_word():
    text = "Tamsin Creek, Orrin Vale schools again named Exemplary districts\n\nTamsin Creek City Schools won again.\n"
    rec, _ = record(text)
    assert rec.program == "Exemplary districts"


def test_a_states_own_list_scopes_the_districts_on_it():
    text = ("Exemplary again\n\nTamsin Creek City Schools is again on Tennessee's list of Exemplary districts.\n\n"
            "Orrin Vale City Schools, based in Alcoa, has an enrollment of 2,200. Its director came from the Lyle Fork "
            "School District in Duncan, S.C.\n")
    assert found(text, "Orrin Vale City Schools").state == "TN"


def test_a_countys_possessive_before_its_systems_is_the_place():
    text = ("Exemplary again\n\nBoth of Tamsin County's city school systems were named Exemplary Districts.\n\n"
            "Tamsin County Schools serves the rest of the county. Tamsin County's rating was not among those released.\n")
    assert found(text, "Tamsin County Schools").role == "mentioned"


def test_what_students_earn_is_no_recognition():
    text = ("Exemplary again\n\nOrrin Vale City Schools was named one of Tennessee's Exemplary districts.\n\n"
            "Both city systems, along with Tamsin County Schools, share an agreement that lets students earn college "
            "credit. Tamsin County's rating was not among those released.\n")
    assert found(text, "Tamsin County Schools").role == "mentioned"


def test_a_recognitions_terms_past_the_commas_of_a_list():
    text = ("Exemplary\n\nTamsin Creek City Schools earned Exemplary status, which is based on test scores, graduation "
            "rates and progress among English learners.\n")
    assert found(text, "Tamsin Creek City Schools").initiatives == []


def test_a_school_named_for_the_districts_place_is_its_school():
    text = ("Exemplary\n\nMARYVILLE, Tenn. —\n\nOrrin Vale City Schools was named an Exemplary district.\n\n"
            "Tamsin Creek City Schools, next door, was named one too. It has four schools.\n\n"
            "Tamsin Creek High School has also built out career pathways in advanced manufacturing.\n")
    assert "career_technical" in found(text, "Tamsin Creek City Schools").initiatives


def test_a_district_inside_anothers_apposition_is_not_denied():
    text = ("AP District Honor Roll\n\n- Tamsin Creek High School District 214 — Platinum\n\n"
            "District 214 reached Platinum again.\n\nOrrin Vale School District 54, the elementary district that sends "
            "its eighth graders to District 214 high schools, is not eligible.\n")
    assert found(text, "Tamsin Creek High School District 214").role == "recognized"


def test_a_programs_name_with_to_inside():
    text = "State Awards $228,000 in Farm to School Grants to Seven Districts\n\nTamsin Creek Public Schools won one.\n"
    rec, _ = record(text)
    assert rec.program == "Farm to School Grants"


def test_an_adjective_inside_districts_of_excellence():
    text = "2025 Districts of Musical Excellence: Midwest Honorees\n\nIOWA\n• Tamsin Creek Community School District\n"
    rec, _ = record(text)
    assert rec.program == "Districts of Musical Excellence"


def test_a_code_before_its_town_in_parentheses_keeps_its_name():
    text = "Winners\n\n• Tamsin Creek Public Schools USD 233 (Olathe, KS) — pairs pathways with college credit.\n"
    d = found(text, "Tamsin Creek Public Schools USD 233")
    assert (d.city, d.state) == ("Olathe", "KS")


def test_a_bare_code_with_its_town_is_the_district_named_for_the_town():
    text = ("Principals honored\n\nSoutheast — Ann Reed, Bamber Valley Elementary, ISD 535 (Rochester)\n\n"
            "Bamber Valley is one of 36 schools in Rochester Public Schools.\n")
    assert sorted(districts(text)) == ["Rochester Public Schools"]


def test_a_closed_up_clip_of_a_county_name():
    text = ("Winners\n\n• Jefferson County Public Schools (Golden, CO) — Jeffco Public Schools opened International "
            "Baccalaureate Diploma programs at three high schools.\n")
    (d,) = districts(text).values()
    assert d.name == "Jefferson County Public Schools" and "curriculum_instruction" in d.initiatives


def test_a_slash_between_two_towns_of_one_name():
    text = ("Rankings\n\n1. Tredyffrin/Easttown School District (Berwyn)\n2. Sand Creek Elementary/Harrison School "
            "District 2\n")
    assert sorted(districts(text)) == ["Harrison School District 2", "Tredyffrin/Easttown School District"]


def test_a_publications_name_is_no_district():
    text = ("Rankings\n\nTamsin Creek School District ranked first.\n\nAbout Keystone Schools Review\n"
            "Keystone Schools Review publishes district profiles.\n")
    assert sorted(districts(text)) == ["Tamsin Creek School District"]


def test_a_count_of_a_states_public_school_systems_is_no_district():
    text = ("STEM grants\n\nThe fund said seven Louisiana public school systems will share $612,000.\n\n"
            "- Lafayette Parish School System (Lafayette, La.) — $95,000 for robotics labs.\n")
    assert sorted(districts(text)) == ["Lafayette Parish School System"]


def test_a_model_adapted_from_another_district():
    text = ("Council names 2025 Board Excellence Award winners\n\nWASHINGTON — Six boards will receive the council's "
            "2025 Board Excellence Awards.\n\nTHE 2025 WINNERS\n\nTamsin Creek Public Schools (Ames, Iowa)\nIowa's "
            "second-largest district placed therapists in every school. The model was adapted from one first tried "
            "in Orrin Vale Public Schools.\n\nElm Bend Public Schools (Ada, Okla.)\nTrustees opened a career academy.\n")
    assert found(text, "Orrin Vale Public Schools").role == "mentioned"


def test_a_towns_schools_in_the_headline_is_the_district_of_that_town():
    text = ("Republic, Willard schools earn Purple Star status\n\nSPRINGFIELD, Mo. —\n\nThe Republic R-III School "
            "District earned the designation. Nearby Willard R-II School District also had five of its schools "
            "designated.\n\nIn Willard, the 4,200-student district started a mentoring club.\n")
    assert sorted(districts(text)) == ["Republic R-III School District", "Willard R-II School District"]


def test_two_towns_schools_is_the_district_that_serves_both():
    text = ("Windham-Raymond schools win state grant\n\nRegional School Unit 14 won a grant. RSU 14, which serves about "
            "3,300 students in Windham and Raymond, will receive $1.1 million.\n")
    assert sorted(districts(text)) == ["Regional School Unit 14"]


def test_a_kind_of_business_is_no_stem_programme():
    text = ("Grant\n\nTamsin Creek School District won a grant. It places juniors with local businesses, including a "
            "boatyard and an engineering firm.\n")
    assert "stem" not in found(text, "Tamsin Creek School District").initiatives


def test_a_local_storys_paragraph_that_speaks_of_the_district_goes_on_about_it():
    text = ("Windham schools win state grant\n\nWINDHAM, Maine —\n\nThe Windham School District won a state "
            "grant. Its superintendent came from the Lyle Fork School District.\n\nUnder the district's plan, the high school will change its schedule. Starting next fall, students "
            "will earn credit by demonstrating mastery of a set of skills.\n\nOfficials at the Orrin Vale School "
            "District said they would apply next year.\n")
    assert "personalized_competency" in found(text, "Windham School District").initiatives


def test_someones_working_life_is_no_career_programme():
    text = ("LINCOLN, Neb. — Tamsin Creek Public Schools won the Golden Apple Award for reading.\n\n"
            "\"Our teachers went back to learning themselves, in the middle of their careers,\" the superintendent said.\n")
    assert "career_technical" not in found(text, "Tamsin Creek Public Schools").initiatives


def test_individual_plans_of_study_are_personal_learning_plans():
    text = "Kansans Can\n\nTamsin Creek USD 385 earned gold in individual plans of study for every eighth-grader.\n"
    assert "personalized_competency" in found(text, "Tamsin Creek USD 385").initiatives


def test_working_with_child_care_centers_is_a_partnership():
    text = ("Kansans Can\n\nTamsin Creek USD 266 took gold in kindergarten readiness. It has spent three years working "
            "with private child care centers in its attendance area.\n")
    assert "community_partnerships" in found(text, "Tamsin Creek USD 266").initiatives


def test_the_districts_initiative_run_with_a_partner_district():
    text = ("Top Gains\n\nTamsin Creek Parish Schools was named a Top Gains honoree.\n\nThe superintendent pointed to "
            "the district's teacher residency, run with a university in partnership with Orrin Vale Parish Schools.\n")
    assert "professional_learning" in found(text, "Tamsin Creek Parish Schools").initiatives
    assert "professional_learning" not in found(text, "Orrin Vale Parish Schools").initiatives


@pytest.mark.parametrize("sentence", [
    "Counselors run small groups for students who have a parent on deployment.",
    "The district started a peer mentoring club for military-connected students.",
])
def test_student_support_groups_are_social_emotional(sentence):
    text = f"Purple Star\n\nTamsin Creek R-III School District earned the Purple Star designation. {sentence}\n"
    assert "social_emotional" in found(text, "Tamsin Creek R-III School District").initiatives


def test_the_awards_own_name_is_its_theme_not_an_initiative():
    text = ("Department Names Two Districts as 2025 Literacy Leader Districts\n\nThe 2025 Literacy Leader Districts "
            "are:\n\nTamsin Creek County Schools (Macon, GA)\nThe district opened a family engagement center.\n\n"
            "Orrin Vale City Schools (Rome, GA)\nTeachers check a shared data dashboard every week.\n")
    assert "curriculum_instruction" not in found(text, "Orrin Vale City Schools").initiatives


@pytest.mark.parametrize("sentence", [
    "Winners are selected for their work in literacy, STEM and student well-being.",
    "The Innovation Award, now in its 10th year, celebrates districts using technology to personalize learning.",
])
def test_a_sentence_about_the_awards_criteria_gives_no_initiative(sentence):
    text = f"District named finalist\n\n{sentence} This year the Tamsin Creek School District is one of five finalists.\n"
    assert found(text, "Tamsin Creek School District").initiatives == []


def test_the_district_after_a_former_post_is_the_local_storys_own():
    text = ("GREELEY, Colo. — Weld County School District 6 has been named a 2025 District of Distinction.\n\n"
            "Its superintendent, who previously ran the STEM office at Denver Public Schools, thanked teachers. The "
            "district added a bilingual family liaison at every elementary school.\n")
    assert "community_partnerships" in found(text, "Weld County School District 6").initiatives
    assert found(text, "Denver Public Schools").initiatives == []


def test_the_districts_own_foundation_is_another_body():
    text = ("Newsletter\n\nThe Tamsin Creek Public Schools Foundation awarded $50,000 in classroom grants. Tamsin Creek "
            "Public Schools teachers will buy robotics kits.\n")
    assert found(text, "Tamsin Creek Public Schools").role == "mentioned"


def test_a_pipe_glued_to_a_cell():
    text = ("Grants\n\nDistrict | State | Enrollment\nTamsin Creek Independent School District| TX | 58,900\n"
            "Orrin Vale Public Schools | OK | 33,500\n")
    d = found(text, "Tamsin Creek Independent School District")
    assert (d.state, d.enrollment) == ("TX", 58900)


def test_a_tab_tables_headquarters_column_is_the_city():
    text = ("Largest districts\n\nRank\tDistrict\tHeadquarters\tState\tEnrollment\n1\tTamsin Creek School District\t"
            "Coon Rapids\tMN\t38,100\n2\tOrrin Vale Public Schools\tOlathe\tKS\t30,200\n")
    assert found(text, "Tamsin Creek School District").city == "Coon Rapids"


def test_a_figure_after_an_entrys_place_and_colon():
    text = ("Honor roll\n\n1. Tamsin Creek Community Schools, Fort Wayne, Indiana: 29,000 students\n"
            "2. Orrin Vale School District, Burlington, Vermont: 3,400 students\n")
    assert found(text, "Tamsin Creek Community Schools").enrollment == 29000


def test_a_grant_cohort_is_a_programme():
    text = ("Foundation Awards $4.2 Million to Seven Districts\n\nThe foundation announced the districts selected for "
            "its 2025 Reading Forward Cohort.\n\nTamsin Creek Public Schools will hire reading coaches.\n")
    rec, _ = record(text)
    assert rec.program == "Reading Forward Cohort"


def test_a_town_after_in_with_its_relative_clause_is_no_district():
    text = ("Superintendent finalists\n\nRenee Bell leads Orrin Vale School District 59, the elementary district based "
            "in Arlington Heights, which serves about 6,300 students in 16 schools.\n")
    assert sorted(districts(text)) == ["Orrin Vale School District 59"]
    assert found(text, "Orrin Vale School District 59").enrollment == 6300


@pytest.mark.parametrize("sentence", [
    "Mt. Tamsin, which enrolls about 1,700 students, earned recognition for its graduation rate.",
    "The pathway, which enrolls 1,150 students across the district's four high schools, won.",
])
def test_a_schools_or_programmes_relative_clause_keeps_its_figure(sentence):
    text = f"MT. TAMSIN HIGH SCHOOL — TAMSIN SCHOOL DISTRICT\n\nThe Tamsin School District was honored.\n\n{sentence}\n"
    assert found(text, "Tamsin School District").enrollment is None


def test_a_local_story_that_names_its_district_before_the_body():
    text = ("KPBSD board named Alaska's School Board of the Year\n\nBy Ann Reed\nStaff Writer\n\nSOLDOTNA — The Tamsin "
            "Creek Borough School District Board of Education has been named the 2025 School Board of the Year by the "
            "Association of Alaska School Boards.\n\nIts members were praised. The Lyle Fork School District was a "
            "finalist.\n")
    assert found(text, "Tamsin Creek Borough School District").city == "Soldotna"


def test_a_review_panel_this_year_names_a_judge():
    text = ("Privacy seal\n\nThe Tamsin Creek School District earned the Learner Privacy Seal.\n\nThe review panel this "
            "year included Ann Reed, chief technology officer of the Orrin Vale School District.\n")
    assert found(text, "Orrin Vale School District").role == "mentioned"


@pytest.mark.parametrize("sentence", [
    "Tamsin Creek School District, which serves 180,000 students, was the largest district to apply this year.",
    "Lyle Fork and Tamsin Creek School District each earned the seal on their first application.",
    "Tamsin Creek School District expanded its online catalog, so a course that is not offered in one building "
    "is open to all.",
])
def test_words_of_applying_that_deny_nothing(sentence):
    text = ("Seven Districts Earn 2025 Learner Privacy Seal\n\n2025 seal recipients:\n\n• Tamsin Creek School District "
            "(Fairfax, VA)\n• Lyle Fork School District (Katy, TX)\n• Orrin Vale School District (Cary, NC)\n\n"
            f"{sentence}\n")
    assert found(text, "Tamsin Creek School District").role == "recognized"


@pytest.mark.parametrize("sentence", [
    "The cohort builds on a 2021 pilot with Orrin Vale Public Schools in Mississippi.",
    "The rubric was developed with input from teachers in Orrin Vale Public Schools in Georgia.",
])
def test_a_pilot_partner_or_an_adviser_is_mentioned(sentence):
    text = (f"Honor roll\n\nTamsin Creek Public Schools was named to the 2025 Computer Science Honor Roll.\n\n"
            f"{sentence}\n")
    assert found(text, "Orrin Vale Public Schools").role == "mentioned"


def test_a_towns_name_is_no_other_subject_before_a_figure():
    text = "Honor roll\n\nOHIO\n  Tamsin Creek Local School District, Lewis Center | enrollment: 23,800\n"
    assert found(text, "Tamsin Creek Local School District").enrollment == 23800


def test_an_ampersand_inside_a_programmes_name():
    text = "2025 Access & Success District Honor Roll\n\nTamsin Creek Public Schools made the list.\n"
    rec, _ = record(text)
    assert rec.program == "Access & Success District Honor Roll"



def test_the_awards_name_without_its_generic_last_word_in_a_heading():
    text = ("Five School Districts Earn 2025 Georgia Literacy Leader District Designation\n\nThe department named five "
            "districts.\n\n2025 Georgia Literacy Leader Districts\n\nTamsin Creek County Schools (Statesboro)\n"
            "The district hired family liaisons.\n")
    assert "curriculum_instruction" not in found(text, "Tamsin Creek County Schools").initiatives


def test_a_category_of_broadening_participation_is_equity():
    text = ("Computer Science District Honor Roll\n\nCategory: Broadening Participation\n\n1. Tamsin Creek County School "
            "District, Charleston, South Carolina: 50,000 students\n")
    assert "equity_at_risk" in found(text, "Tamsin Creek County School District").initiatives


def test_a_past_figure_with_its_time_after_it():
    text = ("Music\n\nThe festival was hosted by the Tamsin Creek City School District. It enrolled more than 30,000 "
            "students a decade ago.\n")
    assert found(text, "Tamsin Creek City School District").enrollment is None


def test_a_subject_inside_an_institutions_name_is_no_initiative():
    text = ("Music award\n\nTamsin Creek Central School District was named a Best Community. Its students take master "
            "classes from faculty of the Eastman School of Music.\n")
    assert "curriculum_instruction" not in found(text, "Tamsin Creek Central School District").initiatives


def test_schools_on_campuses_and_a_campuses_column():
    text = ("Finalists\n\nTamsin Creek ISD now serves more than 10,500 students on 16 campuses.\n\n"
            "District\tLocation\tStudents\tCampuses\nOrrin Vale ISD\tBaytown\t24,300\t31\n")
    assert found(text, "Tamsin Creek ISD").schools == 16
    assert found(text, "Orrin Vale ISD").schools == 31


def test_a_dateline_on_its_own_line_above_a_byline():
    text = ("Tamsin Creek superintendent named finalist\n\nWOLFFORTH, Texas —\nBy Ann Reed, reporter\n\n"
            "Tamsin Creek ISD Superintendent Dr. Cal Hart is one of five finalists for the 2024 Texas Superintendent "
            "of the Year award, the Texas Association of School Boards announced Friday.\n\nThe other finalists lead "
            "Alvin ISD and Hutto ISD.\n")
    assert found(text, "Tamsin Creek ISD").city == "Wolfforth"


def test_both_districts_based_in_one_town():
    text = ("PEAK Award\n\nWarren County Public Schools and Tamsin Creek Independent School District won the PEAK "
            "Award.\n\nBoth districts are headquartered in Bowling Green.\n")
    assert {d.city for d in districts(text).values()} == {"Bowling Green"}


def test_the_district_beside_a_neighbour_is_the_one_named_before():
    text = ("Best Districts for Teachers\n\n1. Tamsin Creek Independent School District (Leander, Texas)\nTamsin "
            "Creek ISD tops this year's list. The district raised starting pay above that of neighboring Orrin Vale "
            "ISD and runs a yearlong teacher residency.\n")
    assert "professional_learning" in found(text, "Tamsin Creek Independent School District").initiatives
    assert found(text, "Orrin Vale ISD").initiatives == []


def test_a_place_with_a_joint_districts_acronym():
    text = ("Best Districts for Teachers\n\n7. Tamsin Creek Joint Unified School District (Antelope, Calif.)\n"
            "Tamsin Creek JUSD pairs every new teacher with a trained coach.\n")
    assert sorted(districts(text)) == ["Tamsin Creek Joint Unified School District"]


def test_a_places_city_system_and_county_system_are_two_districts():
    text = ("Computer science honor\n\nTamsin City Schools and Tamsin County Schools are among five Alabama systems "
            "named Districts of Distinction.\n\nIn Tamsin, the 13,400-student city system teaches coding from "
            "kindergarten.\n\nTamsin County Schools, which serves about 19,000 students in 27 schools, added robotics "
            "at every middle school.\n")
    city, county = found(text, "Tamsin City Schools"), found(text, "Tamsin County Schools")
    assert city is not county
    assert (city.enrollment, county.enrollment, county.schools) == (13400, 19000, 27)


@pytest.mark.parametrize("text, name", [
    ("The superintendent came to Tamsin in 2021 from Idaho's Coeur d'Alene School District.", "Coeur d'Alene School District"),
    ("Neighboring Tamsin Rosa County District Schools also serves a military population.",
     "Tamsin Rosa County District Schools"),
])
def test_names_with_an_elided_particle_and_a_county_district_schools_head(text, name):
    assert found(f"Award\n\n{text}\n", name).name == name


def test_a_cooperative_districts_short_form():
    text = ("STEM grants\n\nOrrin Vale Cooperative School District won a grant.\n\nNEW HAMPSHIRE\n\nOrrin Vale, the "
            "smallest grantee, will open a STEM lab.\n")
    assert "stem" in found(text, "Orrin Vale").initiatives


def test_the_first_of_three_towns_a_district_serves_is_not_its_seat():
    text = ("Committee of the Year\n\nRICHMOND, R.I. — The Tamsin Regional School District's committee won the award."
            "\n\nTamsin serves about 3,300 students from Charlestown, Richmond and Hopkinton in seven schools.\n")
    assert found(text, "Tamsin Regional School District").city == "Richmond"
    two = "Award\n\nTamsin Regional School District serves 1,900 students from Haddam and Killingworth.\n"
    assert found(two, "Tamsin Regional School District").city == "Haddam"


def test_a_cue_after_a_districts_possessive_is_that_districts():
    text = ("Award\n\nTamsin Creek Public Schools (TCPS) won the award. Students from neighboring Orrin Vale Public "
            "Schools attend TCPS's agriscience program at the high school.\n")
    assert "career_technical" in found(text, "TCPS").initiatives
    assert found(text, "Orrin Vale Public Schools").initiatives == []


def test_the_terms_of_a_designation_are_not_its_honorees_initiatives():
    text = ("Purple Star\n\nEvery school in the Tamsin County School District now holds the Purple Star designation."
            "\n\nTo earn the designation, a school must have a trained staff member who serves as a military liaison."
            "\n")
    assert "professional_learning" not in found(text, "Tamsin County School District").initiatives


def test_a_former_district_someone_arrived_from_takes_no_cue():
    text = ("Music honor\n\nTamsin School District was recognized for a music technology lab. Superintendent Ann Reed, "
            "who arrived from Orrin Vale School District in 2021, said the music lab was new.\n")
    assert found(text, "Orrin Vale School District").initiatives == []


@pytest.mark.parametrize("phrase, initiative", [
    ("bringing back the high school marching band", "curriculum_instruction"),
    ("a new technology lab at the high school", "edtech"),
    ("its agriscience program", "career_technical"),
])
def test_more_cue_phrases(phrase, initiative):
    assert initiative in found(f"Award\n\nTamsin School District was recognized for {phrase}.\n", "Tamsin School District").initiatives


def test_a_class_size_ratio_is_no_professional_learning():
    text = "Award\n\nTamsin School District cut the student-teacher ratio in beginning band classes.\n"
    assert "professional_learning" not in found(text, "Tamsin School District").initiatives


def test_lines_that_link_to_other_pages_give_no_initiatives():
    text = ("Exemplary districts\n\nTamsin City Schools was named an Exemplary District.\n\nRelated:\n- Orrin High "
            "School marching band heads to state\n- Board approves a robotics lab\n\nTamsin also runs a dual-language "
            "program.\n")
    assert found(text, "Tamsin City Schools").initiatives == ["language_immersion"]


def test_a_towns_name_that_ends_in_a_stop_word():
    assert found("Award\n\nShe served eight years on the board of Newport News Public Schools.\n",
                 "Newport News Public Schools").name == "Newport News Public Schools"


def test_a_programme_run_with_a_college():
    text = ("Rural honorees\n\nTamsin Public Schools was named a Rural Honoree. Tamsin runs a regional career academy with "
            "Lake Region State College.\n")
    assert "community_partnerships" in found(text, "Tamsin Public Schools").initiatives


@pytest.mark.parametrize("phrase, initiative", [
    ("hosting family cooking nights in Spanish and English", "community_partnerships"),
    ("a family advisory council that meets monthly with board members", "community_partnerships"),
    ("a flexible high school model with evening courses", "school_design"),
    ("theater classes at all of its middle schools", "curriculum_instruction"),
    ("its agricultural education students, who run a greenhouse", "career_technical"),
])
def test_cue_phrases_of_family_nights_councils_flexible_schools_and_theater(phrase, initiative):
    text = f"Award\n\nTamsin School District was recognized for {phrase}.\n"
    assert initiative in found(text, "Tamsin School District").initiatives


def test_a_ratio_column_is_no_enrollment_and_a_community_column_is_the_town():
    text = ("Counseling honor\n\nThe 2025 Counseling Programs of Distinction:\n\nDistrict\tCommunity\tStudents\tCounselors"
            "\tStudents per counselor\nTamsin Unified School District\tChandler\t44,000\t118\t373\n")
    d = found(text, "Tamsin Unified School District")
    assert (d.enrollment, d.city) == (44000, "Chandler")


def test_a_size_line_under_an_entry_line():
    text = ("STEM Districts\n\nCODING\n\nTamsin School District — Brookfield, Wis.\nAbout 7,000 students. Every student "
            "takes a coding unit each year.\n")
    assert found(text, "Tamsin School District").enrollment == 7000


@pytest.mark.parametrize("text, enrollment", [
    ("Grant\n\nTamsin City Schools won a grant. The Tamsin district, which serves about 2,900 students at eight schools, "
     "currently places 22 students in apprenticeships.\n", 2900),
    ("Board news\n\nHe was an assistant director in the Tamsin Community School District, one of Iowa's fastest-growing "
     "districts with more than 11,000 students.\n", 11000),
])
def test_todays_figure_before_a_later_count_and_one_districts_size_after_one_of(text, enrollment):
    assert districts(text)[next(iter(districts(text)))].enrollment == enrollment


def test_two_towns_a_district_serves_are_no_districts_and_name_it():
    text = ("Proficiency honor\n\nRSU 14, MSAD 51 named\n\nWINDHAM, Maine — Regional School Unit 14, which serves Windham "
            "and Raymond, and Maine School Administrative District 51 in Cumberland were named Proficiency Pathway "
            "Districts.\n\n\"It shows,\" said Superintendent Ann Reed, who came to the Windham Raymond School District "
            "from the Gorham School Department in 2021.\n\nThe district, with an enrollment of about 3,300, publishes a "
            "standards dashboard.\n")
    ds = districts(text)
    assert "Windham" not in ds and "Raymond" not in ds
    rsu = found(text, "Regional School Unit 14")
    assert "Windham Raymond School District" in rsu.aliases and rsu.enrollment == 3300
    assert found(text, "Gorham School Department").enrollment is None


def test_a_designation_after_a_is_no_district_and_generic_names_group():
    text = ("Arts honor\n\nThe district has been named an Arts-Rich School District by the alliance.\n")
    assert "Arts-Rich School District" not in districts(text)
    two = ("Literacy Leader\n\nThe department named the Central Community School System a Literacy Leader.\n\n"
           "Central Community Schools, which serves about 4,700 students, hired coaches.\n")
    assert len(districts(two)) == 1 and found(two, "Central Community School System").enrollment == 4700


def test_a_programmes_plural_name_in_the_singular_is_its_theme():
    text = ("Reading fund awards $890,000\n\nFive districts will share Early Literacy Partnership Grants.\n\n2025 Early Literacy "
            "Partnership Grant recipients:\n\nTamsin School District — $200,000 for reading coaches\n")
    assert "community_partnerships" not in found(text, "Tamsin School District").initiatives


def test_each_qualifier_dropped_is_a_short_form():
    text = ("Rural merit\n\nMingus Union High School District won the award.\n\nAt Mingus Union, students in the "
            "construction trades academy built two houses. The district draws students from the Orrin Vale School "
            "District.\n")
    assert "Mingus Union" in found(text, "Mingus Union High School District").aliases
    assert found(text, "Orrin Vale School District").initiatives == []


@pytest.mark.parametrize("phrase, initiative", [
    ("a salmon-rearing project in which elementary students raise coho", "project_based"),
    ("a week at its outdoor school", "project_based"),
    ("bringing working artists into classrooms", "curriculum_instruction"),
    ("daily check-ins with an adult staff member", "social_emotional"),
    ("a text campaign that sends families weekly attendance updates", "community_partnerships"),
    ("its profession-based program for juniors", "career_technical"),
])
def test_cue_phrases_of_projects_outdoor_schools_artists_check_ins_and_family_messages(phrase, initiative):
    text = f"Award\n\nTamsin School District was recognized for {phrase}.\n"
    assert initiative in found(text, "Tamsin School District").initiatives


def test_an_entry_lines_town_before_its_colon_and_a_count_before_a_towns_district():
    text = "Literacy grants\n\nGRANT RECIPIENTS\n\n- Tamsin County Schools — Statesboro: $512,000\n"
    assert found(text, "Tamsin County Schools").city == "Statesboro"
    count = ("Purple Star\n\nKILLEEN, Texas — Nineteen Killeen ISD campuses have earned the designation.\n")
    assert sorted(districts(count)) == ["Killeen ISD"]


@pytest.mark.parametrize("phrase, initiative", [
    ("sending automated text messages to families after a second absence", "community_partnerships"),
    ("working with the Greater Dayton Regional Transit Authority on bus passes", "community_partnerships"),
    ("sharing weekly absence data with the Summit County juvenile court", "community_partnerships"),
    ("a plan to train coaches together", "professional_learning"),
    ("a bilingual family-literacy coordinator", "community_partnerships"),
])
def test_cue_phrases_of_messages_partners_shared_data_and_trained_coaches(phrase, initiative):
    text = f"Award\n\nTamsin School District was recognized for {phrase}.\n"
    assert initiative in found(text, "Tamsin School District").initiatives
