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
