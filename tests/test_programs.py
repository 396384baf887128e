"""The article's program, one way of writing an award's name at a time, on sentences written
for these tests (none comes from the corpus). ../shared/ANNOTATION.md, "program"."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors import nlp
from extractors.programs import program
from extractors.records import extract
from pipeline.text import read_file
from schemas.articles import RawArticle

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def found(text: str) -> str | None:
    doc = nlp.build()(text)
    prog = program(doc)
    if prog is None:
        return None
    ev = prog.evidence(doc, "program")
    assert text[ev["start"]:ev["end"]] == ev["text"] == prog.value
    assert ev["rule"].startswith("program.")
    return str(prog.value)


@pytest.mark.parametrize("text, name", [
    ("Maple Hollow Unified School District won the 2025 Copper Lantern Award for its reading work.",
     "Copper Lantern Award"),
    ("The consortium awarded its Safe Data Practices (SDP) Seal to six systems.", "Safe Data Practices"),
    ("Three Reno County schools earn Governor's Award\n\nThe schools were named Monday.", "Governor's Award"),
    ("The association has added three districts to its School Board Honor Roll.", "School Board Honor Roll"),
    ("Three districts earned places on the AP District Honor Roll.", "AP District Honor Roll"),
    ("Birch Valley superintendent named Vermont Superintendent of the Year\n\nThe board cheered.",
     "Vermont Superintendent of the Year"),
    ("The state named six school systems as 2025 Beacon Districts, a new designation.", "Beacon Districts"),
    ("Schools were named the region's “Most Improved Districts” by the council.", "Most Improved Districts"),
    ("Five systems joined the Lantern Foundation's Bright Futures in Science (BFS) program, which "
     "awards grants each year.", "Bright Futures in Science"),
    ("Cedar Bluff designated an Acorn Distinguished School District\n\nThe designation lasts three years.",
     "Acorn Distinguished School District"),
    ("The 12 Largest School Districts in Vermont\n\nEnrollment figures come from the state.",
     "Largest School Districts in Vermont"),
    ("Here is the best school district in every state, according to the survey.",
     "best school district in every state"),
    ("Celebrating the 2025 Granite Ribbon Schools\n\nEach honoree gets a banner.", "Granite Ribbon Schools"),
    ("Juniper Valley School District received the Silver Maple designation from the state.", "Silver Maple"),
    ("The department listed eight new Lighthouse Districts on Friday.", "Lighthouse Districts"),
    ("Elm Grove Public Schools earns ‘Model Literacy District’ status\n\nThe state agreed.", "Model Literacy District"),
    ("The Aspen ISD board was recognized by the state association as an Honor Board.", "Honor Board"),
    ("Teachers there received the Governor's Award for Excellence in Science.", "Award for Excellence"),
    ("The association named the Elm Grove board its Distinguished School Board.", "Distinguished School Board"),
    ("Six boards earned Exemplary School Board status this year.", "Exemplary School Board"),
    ("Maple Hollow School District has been named a 2025 District of Distinction by the state.", "District of Distinction"),
    ("The association honored Maple Hollow City Schools with its Award of Achievement.", "Award of Achievement"),
    ("Two schools in the Maple Hollow School District were named National Blue Ribbon Schools on Thursday.",
     "National Blue Ribbon Schools"),
    ("The department named four Innovation Districts on Monday: Maple Hollow City Schools and three others.",
     "Innovation Districts"),
    ("The foundation named Maple Hollow School District a winner of its Bright Lantern Award.", "Bright Lantern Award"),
])
def test_award_names_as_written(text, name):
    assert found(text) == name


@pytest.mark.parametrize("text", [
    "Alder County Schools is the state's fifth-largest school district.",
    "Riverbend, one of the largest school districts in the state, added two buses.",
    "Tamarack Names New Superintendent\n\nThe board voted on Monday.",
    "The team took the Grand Prize at the fair.",
    "Teachers launched the Reading Buddies Program in three schools.",
])
def test_what_is_not_a_program(text):
    assert found(text) is None


def test_a_headline_verb_is_not_an_award_word():
    text = ("Two Councils Honor Innovative School Districts\n\nThe councils named Red Mesa Public Schools "
            "a “Model Innovation District” on Tuesday.")
    assert found(text) == "Model Innovation District"
    text = ("State Department of Education awards Golden Compass designation to four districts\n\nThe department "
            "named four districts on Wednesday.")
    assert found(text) == "Golden Compass"


def test_a_menu_link_is_not_the_article_s_program():
    text = ("News | Teacher of the Year | Sports\n"
            "Opinion\n"
            "Weather\n"
            "Alder County Schools won the Copper Lantern Award on Monday.")
    assert found(text) == "Copper Lantern Award"


def test_the_headline_s_program_wins_over_a_later_one():
    text = ("Copper Lantern Award goes to three districts\n\n"
            "Last year the same districts also received the Silver Acorn Prize.")
    assert found(text) == "Copper Lantern Award"


SAMPLES = Path(__file__).resolve().parents[1] / "raw" / "samples"


def test_every_bundled_sample_about_a_program_names_it():
    """raw/samples: each article's program as its fixture gives it (state-snapshots has none)."""
    for path in sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html"}):
        article = read_file(path)
        (_, rec, _), = extract([article])
        expected = json.loads((FIXTURES / f"{path.stem}.json").read_text())["program"]
        assert (rec.program is None) == (expected is None), (path.name, rec.program)
        if expected:
            assert same_program(rec.program, expected), (path.name, rec.program, expected)


def same_program(a: str, b: str) -> bool:
    """As ../shared/ANNOTATION.md scores it: one name's distinctive words contain the other's."""
    def words(name: str) -> set[str]:
        ws = {w.rstrip("s") if len(w) > 3 else w for w in re.findall(r"[a-z0-9]+", name.lower())}
        return ws - {"the", "of", "for", "in", "and", "a", "an", "award", "program", "annual", "national"}
    return bool(words(a)) and (words(a) <= words(b) or words(b) <= words(a))


# ---------------------------------------------------------------- matching head first

def matches(text: str) -> list[tuple[str, str]]:
    """The matches programs.judged keeps (the matcher's every match, longest accepted first)."""
    from extractors.programs import judged

    doc = nlp.build()(text)
    return [(s.text, s.id_) for s, _, _ in judged(doc)]


def test_a_name_grows_leftwards_from_its_head_word():
    # the match stops at a word no name holds ("won"); trimming drops "the 2025" later
    assert matches("Maple Hollow won the 2025 Copper Lantern Award on Friday.") == [
        ("the 2025 Copper Lantern Award", "program.award")]
    assert found("Maple Hollow won the 2025 Copper Lantern Award on Friday.") == "Copper Lantern Award"
    # a head-first rule that starts at a headline's verb is longer, so it stays
    assert matches("Birch Valley Wins Golden Acorn Prize\n") == [("Wins Golden Acorn Prize", "program.headline")]


def test_the_longest_of_overlapping_matches_stays():
    # "Vermont Teacher of the Year Award", not "Year Award" nor "Teacher of the Year"
    assert matches("She is the Vermont Teacher of the Year Award winner.") == [
        ("the Vermont Teacher of the Year Award", "program.of_the_year")]


def test_a_run_of_title_words_is_bounded():
    from extractors.program_matcher import MAX_RUN

    text = " ".join(["Copper"] * (3 * MAX_RUN)) + " Award."
    (name, _), = matches(text)
    assert len(name.split()) == MAX_RUN + 1


def test_a_pattern_without_a_literal_head_or_with_a_regex_is_refused(tmp_path, monkeypatch):
    from extractors import program_matcher, rules

    monkeypatch.setattr(rules, "PATTERN_DIR", tmp_path)
    vocab = nlp.build().vocab
    for pattern, error in [("[{IS_TITLE: true}, {IS_TITLE: true}]", "no head"),
                           ("[{ORTH: Award}, {TEXT: {REGEX: '^A'}}]", "unsupported token spec"),
                           ("[{ORTH: Award}, {LOWER: {NOT_IN: [a]}}]", "a word or")]:
        (tmp_path / "p.yaml").write_text(f"patterns:\n  - {{id: program.x, pattern: {pattern}}}\n")
        rules.load_yaml.cache_clear()
        try:
            with pytest.raises(ValueError, match=error):
                program_matcher.compile_rules(vocab, "p.yaml")
        finally:
            rules.load_yaml.cache_clear()


def test_a_grant_programme_in_the_headline_is_the_program_but_not_one_lower_down():
    from extractors.records import extract
    from schemas.articles import RawArticle

    def program(text):
        (_, rec, _), = extract([RawArticle(article_id="t", source="t", text=text)])
        return rec.program

    assert program("Governor announces $24 million in Future Ready Pathways grants to nine districts\n\n"
                   "Grants went to Cheatham County Schools and Wilson County Schools.") == "Future Ready Pathways grants"
    assert program("Seven state policies worth copying\n\nBy Ann Lee\n\nPublished May 2\n\nHere is the list.\n\n"
                   "1. Colorado: Local Accountability Systems "
                   "grants. Jefferson County Public Schools used the grant to build a dashboard.") is None


@pytest.mark.parametrize("text, program", [
    ("State names districts\n\nSeven school districts have earned Distinguished Title I District status.",
     "Distinguished Title I District"),
    ("MESPA announces 2026 Division Distinguished Principals\n\nEight principals were selected.",
     "Division Distinguished Principals"),
])
def test_a_status_and_a_distinguished_role_are_programs(text, program):
    assert found(text) == program


def test_a_listicle_headline_is_the_program_and_its_entries_are_honorees():
    text = ("10 districts leading the way on dual-language learning\n\n"
            "We looked at state reports to pick ten districts.\n\n"
            "1. Alder Grove School District, Oregon. Alder Grove runs Spanish immersion in every school.\n\n"
            "2. Birchwood School District, Utah. Birchwood runs two-way programs.\n")
    (_, rec, _), = extract([RawArticle(article_id="t", source="t", text=text)])
    assert rec.program and "leading" in rec.program
    assert {d.role for d in rec.districts} == {"recognized"}


# ---------------------------------------------------------------- holdout8's classes (own sentences)

def test_a_section_label_in_capitals_is_a_category_not_a_program():
    # a board report's kicker "STATE RECOGNITION": level words and an award word, in capitals
    text = ("Board meeting roundup\n\nBy Ann Lee\n\nThe Alder board met on Tuesday.\n\nSTATE RECOGNITION\n\n"
            "The board heard that reading scores rose again.")
    assert found(text) is None


@pytest.mark.parametrize("text, name", [
    ("Alder Creek Schools was honored with the Copper Lantern Award on Friday.", "Copper Lantern Award"),
    ("Rules of the contest\n\nAbout the prize\nThe prize began in 2019 and is given each spring.", None),
])
def test_a_name_neither_starts_nor_ends_with_a_function_word(text, name):
    assert found(text) == name


def test_a_headline_s_awards_before_an_amount_is_its_verb():
    text = ("Governor Awards $3 Million in Rural Bridge Grants\n\nNine districts will share the money.")
    assert found(text) == "Rural Bridge Grants"
    # a year after it is the edition: "Awards" is the name's
    assert found("Copper Lantern Awards 2026: the winners\n\nTwelve districts won.") == "Copper Lantern Awards"


@pytest.mark.parametrize("text", [
    "The Prairie Schools Alliance (PSA) honor roll lists twelve districts, the alliance announced.",
    "The Maple Grove Public Schools program won praise from the state, which named it a model.",
])
def test_an_organisation_s_or_a_district_s_name_is_not_the_program(text):
    assert found(text) is None


@pytest.mark.parametrize("text, name", [
    ("The department named Cedar Hollow Schools a 2025 Family Engagement Champion on Monday.",
     "Family Engagement Champion"),
    ("Celebrating the 2026 Harbor Reading Champions\n\nFour districts were chosen.", "Harbor Reading Champions"),
    ("Board meeting notes\n\nBy Ann Lee\n\nStaff Writer\n\nJo Lee, a longtime Community Champion, spoke.", None),
    ("Meet Jo Lee, the district's Wellness Champion\n\nShe runs the school gardens.", None),
])
def test_a_champion_title_given_to_a_district_is_a_designation(text, name):
    assert found(text) == name


def test_a_headline_line_of_level_words_is_the_page_s_title():
    text = ("Lakeshore Council of Schools\n2025 District Honor Roll\n\n"
            "The council's honor roll recognizes ten districts each spring.")
    assert found(text) == "District Honor Roll"


@pytest.mark.parametrize("text, name", [
    ("THE LIST: Valley's fastest-growing school districts\n\nBy Ann Lee\n\nHere are the districts.",
     "THE LIST: Valley's fastest-growing school districts"),
    ("Teachers keep a reading list: novels, poems and plays.", None),
    ("List: pencils, paper and glue\n\nBring these on the first day.", None),
])
def test_a_headline_s_list_label_titles_the_list(text, name):
    assert found(text) == name


@pytest.mark.parametrize("text, name", [
    ("Birch Hollow Schools has been named Vermont's 2025 Reading Growth District, the state said.",
     "Reading Growth District"),
    ("Birch Hollow Schools was named Vermont's STEM District of the Year by the council.",
     "STEM District of the Year"),
])
def test_a_state_s_possessive_before_a_designation_is_not_its_name(text, name):
    assert found(text) == name


def test_a_name_with_a_comma_written_so_more_than_once_is_whole():
    text = ("Finalists chosen for the Big Rivers, Small Towns Award\n\n"
            "Four districts are finalists for the 2026 Big Rivers, Small Towns Award, the network said.")
    assert found(text) == "Big Rivers, Small Towns Award"
    # once, after a place: a run of capitals, not a name
    assert found("In Springfield, Golden Bell Award winners met on Monday.") == "Golden Bell Award"


@pytest.mark.parametrize("text, name", [
    ("Two elementaries earn Five Star status\n\nThe schools are on the state's list of Five Star Schools.", "Five Star"),
    ("Pell Creek wins Three Rivers Prize\n\nThe 2025 Three Rivers Prize went to Pell Creek School District.",
     "Three Rivers Prize"),
    ("The 2024 Golden Bell Award went to Pell Creek School District.", "Golden Bell Award"),
])
def test_a_spelled_out_number_opening_a_name_is_part_of_it(text, name):
    """"Four Star", "Three Rivers Prize": a title-case number word is the name's (a year is not)."""
    assert found(text) == name


def test_award_names_found_once_per_doc():
    """The award names are found once per doc: every district candidate's not_a_program check
    and the roles read the same tuple (its texts too)."""
    from extractors.programs import award_names, award_texts
    doc = nlp.build()("Elm Grove USD won the Copper Lantern Award. Oak ISD won the Grand Prize.")
    assert award_names(doc) is award_names(doc)
    assert award_texts(doc) is award_texts(doc)
    assert award_texts(doc) == tuple(n.text for n in award_names(doc)) and "Copper Lantern Award" in award_texts(doc)


def test_the_name_of_a_list_a_district_is_named_to():
    text = ("How area districts compare on music\n\nThis year three of the area's districts were named to the Lund "
            "Foundation's list of Best Communities for Music Education, a national designation.\n")
    assert found(text) == "Best Communities for Music Education"


def test_a_list_of_names_is_no_program():
    assert found("Board news\n\nThe board read a list of Retired Teachers at its meeting.\n") is None


@pytest.mark.parametrize("sentence, name", [
    ("Pell Creek School District landed on the state's list of High-Performing Districts for 2025.",
     "High-Performing Districts"),
    ("The National Center for Rural Education named Pell Creek School District one of its 2025 Rural Exemplars.",
     "Rural Exemplars"),
])
def test_a_list_place_after_a_listing_verb(sentence, name):
    assert found(f"Harlan schools honored\n\nHARLAN, Iowa — {sentence}\n") == name
