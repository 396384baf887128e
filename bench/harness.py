"""`make bench` (`python -m bench`): a synthetic corpus, stage-by-stage and end-to-end throughput, and the floors.

What it does, in order (`main`):

1. **Corpus** (`generate`): N award pages as .html files, written from this module's own
   templates (no real article is copied). Page i depends only on (seed, i), so the first 1,000
   pages of the 10,000-page corpus are the 1,000-page corpus. Thousands of districts (city and
   state pairs from the `zipcodes` package, named the way each state names its districts),
   three article shapes (a feature on one district, a round-up of several honorees, a press
   release) with varied phrasing, and the boilerplate a real page has: cookie banner, menus,
   breadcrumbs, share buttons, a "most read" sidebar, a newsletter box, comments, a footer.
2. **Stages** (`measure_stages`), one process, one core, on the first `--stage-sample` pages:
   read (bytes from disk + decode), HTML -> text (`pipeline.text.html_to_article`), rules (the
   spaCy pipeline `extractors.nlp.build()` + record assembly), validation (pydantic), load
   (`warehouse.load.load_batch`, batches of `batch_size`, into a fresh DuckDB file).
3. **Floors** on the same pages: bare `trafilatura.extract(html)` and bare
   `spacy.blank("en")` tokenisation (`nlp.pipe`), printed as ratios against the stages.
4. **End to end** (`run_flow`): `flows.ingest([dir], db=...)` in a child process against one
   Prefect server started up front (its start-up is timed apart), with
   `ProcessPoolTaskRunner(max_workers=W)` and/or the flow's default runner: a cold run into a
   fresh DuckDB file, then a re-run of the same unchanged pages. Peak RSS is sampled over the
   child and its workers; CPU time is taken from the child and its reaped workers.
5. **Report**: JSON (`--out`, default build/bench.json) and a markdown block in
   docs/benchmarks.md between the `<!-- bench:begin -->` / `<!-- bench:end -->` markers.

Orchestration share (end to end) = 1 - ideal / wall, where ideal = N x (the per-article stage
seconds measured in step 2) / the cores the runner can use (2 for the process pool, 1 for the
default thread runner: the stages hold the GIL). It lumps Prefect's engine and API calls,
pickling between processes, worker start-up and imbalance.
"""
from __future__ import annotations

import argparse
import html as htmlmod
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

DEFAULT_SEED = 20240611
DEFAULT_PAGES = (1000, 10000)
DEFAULT_OUT = "build/bench.json"
DEFAULT_MD = "docs/benchmarks.md"
DEFAULT_WORKDIR = "build/bench"
MD_BEGIN, MD_END = "<!-- bench:begin -->", "<!-- bench:end -->"
STAGES = ("read", "html_to_text", "rules", "validation", "load")
TARGETS = {"rules_words_per_s_per_core": 100_000, "rules_vs_blank": 0.40, "e2e_articles_per_s": 250,
           "e2e_10k_seconds": 40.0, "rerun_10k_seconds": 5.0, "peak_rss_mb": 1024}

# =============================================================================================
# 1. The corpus
# =============================================================================================


@dataclass(frozen=True)
class District:
    name: str        # full name as an article gives it first
    short: str       # the short form used later in the text
    city: str
    state: str       # USPS code
    state_name: str
    ap: str          # AP-style abbreviation ("Calif."), or the name where AP spells it out
    county: str


COUNTY_STATES = {"FL", "MD", "VA", "NC", "GA", "TN", "KY", "WV", "AL", "SC"}
FIRST = """Alicia Marcus Dana Terrence Priya Gabriel Renee Howard Mei Jordan Lucia Omar Keisha Tomas
Bethany Victor Naomi Dwayne Carmen Elliot Farah Graham Imani Jerome Kristen Luis Monique Nathan
Odette Patrick Rosa Samuel Tanya Walter Yolanda Zachary Helen Raymond Denise Curtis""".split()
LAST = """Alvarez Brennan Castillo Delgado Ellison Foster Garza Holloway Ibarra Jennings Kowalski
Lindqvist Moreno Nakamura Okafor Pruitt Quintero Ramsey Sandoval Thibodeaux Underwood Vance
Whitaker Yazzie Zamora Abernathy Bui Chandler Dorsey Espinoza Fairbanks Greer Hargrove""".split()
ROLES = ["superintendent", "chief academic officer", "assistant superintendent for instruction",
         "school board president", "director of innovation", "deputy superintendent"]
ORGS = ["Association of Learning Leaders", "Center for Public School Progress",
        "Foundation for Classroom Futures", "National Alliance of Rural and Urban Districts",
        "Council on School System Improvement", "Institute for Teaching and Learning Design",
        "Coalition for Student-Centered Schools", "Society of District Administrators"]
PROGRAMS = ["Lighthouse District Award", "Bright Horizons Award", "Trailblazer Award for Learning Innovation",
            "Cornerstone Prize", "Keystone Honor Roll", "Districts of Excellence", "Summit Medal",
            "Pioneer Distinguished Districts Award", "Northstar Award", "Open Doors Honor"]
SITES = [
    ("Classroom Ledger", ["News", "Awards", "Leadership", "Technology", "Policy", "Podcasts", "Events"]),
    ("District Dispatch", ["Latest", "Superintendents", "Funding", "Innovation", "Opinion", "Jobs"]),
    ("The Schoolhouse Review", ["Home", "Schools", "Teachers", "Awards", "Data", "About", "Donate"]),
    ("K-12 Briefing", ["Top stories", "State news", "Edtech", "Research", "Webinars", "Subscribe"]),
    ("Education Beat Daily", ["Local", "State", "Nation", "Sports", "Obituaries", "Classifieds"]),
    ("Valley News-Sentinel", ["News", "Schools", "Business", "Sports", "Opinion", "Weather", "E-edition"]),
    ("EdLeaders Journal", ["Issues", "Columns", "Awards", "Resources", "Advertise", "Contact"]),
    ("Tri-County Herald", ["Home", "Community", "Education", "Events", "Real estate", "Letters"]),
]
COOKIE = [
    "We use cookies to improve your experience, analyse traffic and show personalised content. "
    "By continuing to browse you agree to our use of cookies.",
    "This website stores cookies on your computer. They are used to remember you and to understand "
    "how visitors use our pages. You can change your preferences at any time.",
    "Our partners and we use cookies and similar technologies for measurement and advertising. "
    "Choose Accept to consent or Manage settings to decide for yourself.",
]
MOST_READ = [
    "Board approves a four-day week pilot for rural campuses",
    "What the new state funding formula means for small districts",
    "Five questions for the teacher of the year",
    "Bus driver shortage eases as wages rise",
    "How one high school rebuilt its schedule around advisory",
    "Bond measures on the November ballot: a guide",
    "Opinion: homework policies need a rethink",
    "Summer reading programs report record turnout",
    "Cafeterias try scratch cooking with local farms",
    "Cellphone bans spread to middle schools",
]
COMMENTS = [
    "Great news for our kids! Proud of the teachers who made this happen.",
    "Would love to see the same attention paid to the bus routes.",
    "My daughter took part in this program last year and loved it.",
    "Congratulations to everyone involved.",
]

# Initiative phrases per taxonomy id; each is a noun phrase that reads after "for" or "its".
INITIATIVES = {
    "edtech": ["a one-to-one device program that puts a Chromebook in every student's hands",
               "a computer science sequence that starts in kindergarten",
               "blended learning courses that let students move between classroom and online work",
               "district-wide lessons in digital citizenship"],
    "stem": ["makerspaces in every middle school", "a K-8 robotics league with more than 60 teams",
             "an engineering pathway built with a regional manufacturer", "a STEAM night for families each spring"],
    "personalized_competency": ["competency-based grading in its high schools",
                                "personal learning plans that follow each student from grade to grade",
                                "mastery-based math courses that let students work at their own pace"],
    "career_technical": ["career pathways in health sciences and advanced manufacturing",
                         "paid internships with employers across the county",
                         "industry certifications in welding, nursing and information technology"],
    "project_based": ["project-based learning units designed by teams of teachers",
                      "hands-on field studies along the river that runs through town",
                      "inquiry-based science labs in every elementary school"],
    "social_emotional": ["a social-emotional learning curriculum taught in every grade",
                         "mental health clinicians on each campus", "daily advisory periods that build a sense of belonging"],
    "equity_at_risk": ["new supports for English learners and their families",
                       "work to close achievement gaps for students with disabilities",
                       "free tutoring for economically disadvantaged students"],
    "professional_learning": ["instructional coaches in every building",
                              "a grow-your-own teacher residency for paraprofessionals",
                              "micro-credentials that let teachers show what they have learned"],
    "leadership": ["an aspiring principals academy", "a leadership pipeline for assistant principals"],
    "community_partnerships": ["partnerships with local businesses and the community college",
                               "family engagement nights held in three languages",
                               "a school-based health clinic run with the county"],
    "curriculum_instruction": ["an early literacy push built on phonics and daily reading",
                               "dual enrollment courses that let seniors earn college credit",
                               "wider access to Advanced Placement classes"],
    "language_immersion": ["a dual-language immersion program in Spanish and English",
                           "world language classes that begin in first grade"],
    "assessment_accountability": ["a portrait of a graduate that shapes every course",
                                  "a public data dashboard that tracks progress school by school"],
    "school_design": ["a lab school run with the state university", "redesigned learning spaces in older buildings",
                      "multiage classrooms in its elementary schools"],
}

LEADS = [
    "{name} in {city}, {place} has been named a recipient of the {year} {program} for {init}.",
    "The {org} has selected {name} of {city}, {place} for this year's {program}, citing {init}.",
    "{name} was honored this week with the {program}, given by the {org} in recognition of {init}.",
    "For {init}, {name} in {city}, {place} will receive the {year} {program}.",
    "Judges for the {year} {program} picked {name} ({city}, {st}) out of more than {pool} applicants, "
    "pointing to {init}.",
    "A district that bet early on {init} is among the winners of the {program}: {name} in {city}, {place}.",
]
FACTS = [
    "The district serves about {enroll} students in {schools} schools.",
    "{short} enrolls roughly {enroll} students across {schools} schools, from preschool through grade 12.",
    "With {enroll} students, the district operates {schools} schools spread over {sqmi} square miles.",
    "Home to {enroll} students, {short} runs {schools} schools and employs about {staff} teachers.",
    "The system of {enroll} students has {schools} schools, {hs} of them high schools.",
]
DETAILS = [
    "The work began {k} years ago with a pilot at two campuses. Teachers asked for more time to plan "
    "together, and the district rebuilt its calendar to give them a half day every other week.",
    "Leaders say the turning point came when principals started visiting one another's buildings and "
    "sharing what worked instead of waiting for a mandate from the central office.",
    "A committee of parents, students and staff spent a year studying what graduates needed and then "
    "wrote the plan the board adopted in {y0}.",
    "Money was tight, so the district paid for the first phase with a state innovation grant and "
    "moved funds from textbook adoption once the results were clear.",
    "Not every step went smoothly. An early version of the schedule left little room for electives, and "
    "students said so at a board meeting; the plan was revised the following spring.",
    "Attendance at the summer sessions doubled between {y0} and {y1}, and the waiting list for the "
    "evening classes now runs to several hundred names.",
    "Graduation rates have climbed from {g0} percent to {g1} percent since {y0}, and chronic absenteeism "
    "fell by about a third over the same period.",
    "Teachers in the program meet in small teams each week to look at student work and decide what to "
    "reteach, a habit the district credits for much of its progress.",
    "Principals now spend the first hour of each morning in classrooms rather than in their offices, a "
    "change that took some getting used to. Several said the visits gave them a clearer picture of what "
    "students were actually asked to do, and a better sense of where teachers needed help.",
    "The district surveyed every family in {y0} and again in {y1}. The share of parents who said their "
    "child was known well by at least one adult at school rose by {k} points, the largest gain of any "
    "question on the survey.",
    "Students had a hand in the design from the start. A group of high school juniors sat on the planning "
    "committee, interviewed younger students about what made school feel worthwhile, and presented their "
    "findings to the board in a packed meeting that ran well past midnight.",
    "Rural distances shaped the plan. Some students ride a bus for more than an hour each way, so the "
    "district moved tutoring into the school day instead of offering it after the final bell, when few "
    "could stay.",
    "Outside evaluators from a regional university followed two groups of students for three years and "
    "found steady gains in reading and math, with the largest improvements among students who had "
    "started furthest behind.",
    "The board kept the effort going through two changes of superintendent, which observers say is rare. "
    "Members wrote the goals into the district's strategic plan so they would outlast any one leader.",
]
PROGRAM_ABOUT = [
    "The {program} is given each year by the {org} to districts that can show sustained results over at "
    "least three years. Applicants submit data, a written narrative and letters from community members, "
    "and finalists host a site visit from a panel of former educators.",
    "Now in its {k}th year, the {program} has recognized districts of every size, from one-school rural "
    "systems to some of the largest urban districts in the country. Judges look for ideas that other "
    "districts could adapt, not only for the best test scores.",
    "Honorees of the {program} are chosen by a panel of teachers, principals, researchers and parents. "
    "The {org} says the panel weighs how many students a program reaches and how the district knows it "
    "is working.",
]
ALSO = [
    "The application also highlighted {init}.",
    "Reviewers singled out {init} as a model other districts could borrow.",
    "The district has also invested in {init}.",
    "Alongside that effort, {short} has expanded {init}.",
]
QUOTES = [
    "This recognition belongs to our teachers, who took a risk and kept at it when it was hard.",
    "We wanted every student to leave us with a plan and the skills to carry it out.",
    "Our families told us what they needed, and we listened. That is the whole story.",
    "It is nice to be noticed, but the real reward is watching students light up in class.",
    "We are not done. The next step is making sure every school gets the same results.",
]
QUOTE_FORMS = [
    "“{quote}” said {person}, {role} of {short}.",
    "“{quote}” {person}, the district's {role}, said in a statement.",
    "{person}, {role}, put it simply: “{quote}”",
]
CLOSES = [
    "The award will be presented at the {org}'s annual conference in {month}.",
    "Winners receive a grant of ${grant} and will share their work at a national summit in {month}.",
    "The {org} will profile each honoree in a series of case studies to be published this {season}.",
    "Applications for next year's {program} open in {month}.",
]
ROUNDUP_INTROS = [
    "The {org} on {weekday} named {count} school districts as winners of the {year} {program}.",
    "{count} districts from across the country have earned the {year} {program}, the {org} announced.",
    "This year's {program} goes to {count} school systems that judges said showed what steady, "
    "patient improvement looks like.",
]
ROUNDUP_ENTRIES = [
    "{name}, {city}, {st}; approximately {enroll} students. Recognized for {init}.",
    "{name} ({city}, {place}) serves about {enroll} students in {schools} schools and was cited for {init}.",
    "{name} in {city}, {place}: {init}.",
]
ROUNDUP_SECTION = [
    "{short} in {city}, {place} serves {enroll} students in {schools} schools. Judges praised {init}.",
    "At {name}, which enrolls about {enroll} students, the focus has been {init}. {detail}",
    "{name} of {city}, {place} was honored for {init}. The district has {schools} schools.",
]
PRESS_LEADS = [
    "{city_up}, {st} ({month} {day}, {year}) — {name} today announced that it has received the "
    "{program} from the {org} for {init}.",
    "{city_up}, {place} — {name} is one of this year's recipients of the {program}, the {org} said "
    "{weekday}, recognizing {init}.",
]
PRESS_ABOUT = [
    "{name} is home to {enroll} students in {schools} schools in and around {city}, {place}. "
    "The district's mission is to prepare every learner for college, career and community life.",
    "Serving about {enroll} students, {name} operates {schools} schools and is one of the largest "
    "employers in {county}.",
]
HEADLINES = [
    "{short} wins {program}", "{program} goes to {short}", "{count} districts earn {year} {program}",
    "{city} schools recognized for {topic}", "How {short} earned a national honor",
    "{short} among {program} honorees", "{org} names {year} winners",
]
TOPICS = {"edtech": "technology", "stem": "STEM", "personalized_competency": "personalized learning",
          "career_technical": "career education", "project_based": "project-based learning",
          "social_emotional": "student well-being", "equity_at_risk": "equity work",
          "professional_learning": "teacher growth", "leadership": "leadership", "community_partnerships":
          "community partnerships", "curriculum_instruction": "academics", "language_immersion":
          "dual-language programs", "assessment_accountability": "data use", "school_design": "new school models"}
SITEMAP = [
    ("Sections", ["News", "Awards", "Leadership", "Technology", "Policy", "Opinion", "Obituaries"]),
    ("Services", ["Subscribe", "Manage account", "Newsletters", "E-edition", "Archives", "Reprints"]),
    ("Company", ["About us", "Staff directory", "Careers", "Ethics policy", "Corrections", "Contact"]),
    ("Follow us", ["Facebook", "Instagram", "LinkedIn", "YouTube", "RSS feeds", "Podcasts"]),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@lru_cache(maxsize=4)
def district_pool(seed: int = DEFAULT_SEED, size: int = 4000) -> tuple[District, ...]:
    """`size` districts: real city / state / county triples (zipcodes), named in each state's style."""
    import us
    import zipcodes

    states = {s.abbr: s for s in us.states.STATES}
    triples = sorted({(z["city"], z["state"], z.get("county") or "") for z in zipcodes.list_all()
                      if z["zip_code_type"] == "STANDARD" and z["state"] in states and z.get("county")
                      and z["city"].replace(" ", "").isalpha()})
    rng = random.Random(f"pool:{seed}")
    out, seen = [], set()
    for city, st, county in rng.sample(triples, min(len(triples), size * 2)):
        if (city, st) in seen:
            continue
        seen.add((city, st))
        s = states[st]
        kind = rng.random()
        if st == "TX":
            name, short = f"{city} Independent School District", f"{city} ISD"
        elif st == "CA":
            name, short = (f"{city} Unified School District", f"{city} Unified") if kind < .7 else \
                (f"{city} Elementary School District", f"{city} Elementary")
        elif st == "PA":
            name, short = f"{city} Area School District", f"{city} Area"
        elif st in COUNTY_STATES and kind < .6 and county.endswith(" County"):
            name, short = f"{county} Public Schools", f"{county} Schools"
        elif st == "OH":
            name, short = (f"{city} City Schools", f"{city} City") if kind < .5 else \
                (f"{city} Local School District", f"{city} Local")
        elif st in {"IA", "IL"}:
            name, short = f"{city} Community School District", f"{city} CSD"
        elif st == "NY":
            name, short = f"{city} Central School District", f"{city} Central"
        elif kind < .5:
            name, short = f"{city} Public Schools", f"{city} Public Schools"
        else:
            name, short = f"{city} School District", f"{city} schools"
        out.append(District(name, short, city, st, s.name, s.ap_abbr or s.name, county))
        if len(out) == size:
            break
    return tuple(out)


def _enrollment(rng: random.Random) -> tuple[int, int]:
    enroll = int(rng.lognormvariate(8.6, 1.1))
    enroll = max(180, min(enroll, 640_000))
    schools = max(1, min(1900, round(enroll / rng.uniform(450, 800))))
    return enroll, schools


def _fmt(n: int) -> str:
    return f"{n:,}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _inits(rng: random.Random, k: int) -> list[tuple[str, str]]:
    ids = rng.sample(sorted(INITIATIVES), k)
    return [(i, rng.choice(INITIATIVES[i])) for i in ids]


def _facts(rng: random.Random, d: District, enroll: int, schools: int) -> dict:
    return dict(name=d.name, short=d.short, city=d.city, st=d.state, county=d.county,
                city_up=d.city.upper(), place=rng.choice([d.state_name, d.ap, d.state_name]),
                enroll=_fmt(enroll), schools=schools, sqmi=rng.randint(12, 900),
                staff=_fmt(max(10, enroll // rng.randint(14, 19))), hs=max(1, schools // 5))


def _paragraphs(rng: random.Random) -> dict:
    """The variable bits of one article's own framing: program, organisation, dates."""
    year = rng.randint(2019, 2025)
    published = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    y0 = rng.randint(2012, year - 2)
    g0 = rng.randint(68, 85)
    return dict(year=year, published=published, program=rng.choice(PROGRAMS), org=rng.choice(ORGS),
                month=rng.choice(MONTHS), day=rng.randint(1, 28), weekday=rng.choice(WEEKDAYS),
                season=rng.choice(["spring", "summer", "fall", "winter"]), grant=_fmt(rng.choice([5, 10, 25, 50]) * 1000),
                pool=rng.choice([80, 120, 150, 200, 300]), k=rng.randint(3, 9), y0=y0, y1=year - 1,
                g0=g0, g1=min(99, g0 + rng.randint(3, 12)))


def _feature(rng: random.Random, pool, frame: dict) -> tuple[str, list[str], list[tuple[str, str]]]:
    d = rng.choice(pool)
    enroll, schools = _enrollment(rng)
    f = {**frame, **_facts(rng, d, enroll, schools)}
    inits = _inits(rng, rng.randint(2, 4))
    person, role = _person(rng), rng.choice(ROLES)
    blocks = [("p", rng.choice(LEADS).format(init=inits[0][1], **f)),
              ("p", rng.choice(FACTS).format(**f))]
    details = rng.sample(DETAILS, rng.randint(6, 10))
    blocks.append(("p", details[0].format(**f) + " " + rng.choice(ALSO).format(init=inits[1][1], **f)))
    blocks.append(("p", rng.choice(QUOTE_FORMS).format(quote=rng.choice(QUOTES), person=person, role=role, **f)))
    blocks.append(("p", rng.choice(PROGRAM_ABOUT).format(**f)))
    if rng.random() < .5:
        blocks.append(("h2", "What changed in the classroom"))
    for extra, text in zip(inits[2:], details[1:]):
        blocks.append(("p", text.format(**f) + " " + rng.choice(ALSO).format(init=extra[1], **f)))
    for text in details[len(inits) - 1:]:
        blocks.append(("p", text.format(**f)))
    if rng.random() < .5:
        others = rng.sample(pool, rng.randint(1, 3))
        blocks.append(("p", "Other finalists this year were " + ", ".join(
            f"{o.name} in {o.city}, {o.ap}" for o in others).rstrip(".") + "."))
    blocks.append(("p", rng.choice(CLOSES).format(**f)))
    headline = rng.choice([h for h in HEADLINES if "{count}" not in h]).format(
        topic=TOPICS[inits[0][0]], **f)
    return headline, blocks, inits


def _roundup(rng: random.Random, pool, frame: dict):
    ds = rng.sample(pool, rng.randint(3, 8))
    f0 = {**frame, "count": len(ds)}
    blocks = [("p", rng.choice(ROUNDUP_INTROS).format(**f0)),
              ("p", rng.choice(PROGRAM_ABOUT).format(**f0))]
    as_list = rng.random() < .5
    entries, inits = [], []
    for d in ds:
        enroll, schools = _enrollment(rng)
        f = {**frame, **_facts(rng, d, enroll, schools)}
        (iid, phrase), = _inits(rng, 1)
        inits.append((iid, phrase))
        if as_list:
            entries.append(rng.choice(ROUNDUP_ENTRIES).format(init=phrase, **f))
        else:
            blocks.append(("h2", d.name))
            blocks.append(("p", rng.choice(ROUNDUP_SECTION).format(init=phrase, detail=rng.choice(DETAILS).format(**f), **f)))
            blocks.append(("p", rng.choice(DETAILS).format(**f)))
    if as_list:
        blocks.append(("ul", entries))
        blocks += [("p", text.format(**f0)) for text in rng.sample(DETAILS, rng.randint(2, 4))]
    blocks.append(("p", rng.choice(QUOTE_FORMS).format(quote=rng.choice(QUOTES), person=_person(rng),
                                                       role="chair of the selection committee",
                                                       short=f0["org"]) ))
    blocks.append(("p", rng.choice(CLOSES).format(**f0)))
    headline = rng.choice(["{count} districts earn {year} {program}", "{org} names {year} winners",
                           "{program}: this year's honorees"]).format(**f0)
    return headline, blocks, inits


def _press(rng: random.Random, pool, frame: dict):
    d = rng.choice(pool)
    enroll, schools = _enrollment(rng)
    f = {**frame, **_facts(rng, d, enroll, schools)}
    inits = _inits(rng, rng.randint(2, 3))
    blocks = [("p", rng.choice(PRESS_LEADS).format(init=inits[0][1], **f)),
              ("p", rng.choice(QUOTE_FORMS).format(quote=rng.choice(QUOTES), person=_person(rng),
                                                   role=rng.choice(ROLES), **f))]
    for iid, phrase in inits[1:]:
        blocks.append(("p", rng.choice(ALSO).format(init=phrase, **f) + " " + rng.choice(DETAILS).format(**f)))
    for text in rng.sample(DETAILS, rng.randint(3, 6)):
        blocks.append(("p", text.format(**f)))
    blocks.append(("p", rng.choice(PROGRAM_ABOUT).format(**f)))
    blocks.append(("h2", f"About {d.name}"))
    blocks.append(("p", rng.choice(PRESS_ABOUT).format(**f)))
    blocks.append(("p", f"Media contact: {_person(rng)}, communications office, {d.short}."))
    headline = rng.choice(["{short} receives {program}", "{short} honored by {org}"]).format(**f)
    return headline, blocks, inits


def _block_html(kind: str, body) -> str:
    e = htmlmod.escape
    if kind == "ul":
        return "<ul class=\"honorees\">\n" + "\n".join(f"  <li>{e(x)}</li>" for x in body) + "\n</ul>"
    return f"<{kind}>{e(body)}</{kind}>"


def page(i: int, seed: int = DEFAULT_SEED) -> str:
    """Page i of the corpus: a whole HTML document, the same for the same (seed, i)."""
    rng = random.Random(f"page:{seed}:{i}")
    pool = district_pool(seed)
    frame = _paragraphs(rng)
    shape = rng.random()
    make = _feature if shape < .55 else _roundup if shape < .8 else _press
    headline, blocks, _ = make(rng, pool, frame)
    site, menu = rng.choice(SITES)
    author = _person(rng)
    e = htmlmod.escape
    published = frame["published"]
    nav = "\n".join(f'        <li><a href="/{m.lower().replace(" ", "-")}">{e(m)}</a></li>' for m in menu)
    most = rng.sample(MOST_READ, 5)
    sidebar = "\n".join(f'        <li><a href="/news/{j}">{e(t)}</a></li>' for j, t in enumerate(most))
    body = "\n      ".join(_block_html(k, b) for k, b in blocks)
    comments = ""
    if rng.random() < .3:
        cs = rng.sample(COMMENTS, 2)
        comments = ('\n    <section class="comments" id="comments"><h3>2 comments</h3>\n' + "\n".join(
            f'      <div class="comment"><span class="comment-author">{e(_person(rng))}</span>'
            f"<p>{e(c)}</p></div>" for c in cs) + "\n    </section>")
    related = "\n".join(
        f'    <div class="teaser"><a href="/news/r{j}"><h4>{e(t)}</h4></a><p>{e(rng.choice(DETAILS).format(**frame))[:140]}...</p></div>'
        for j, t in enumerate(rng.sample(MOST_READ, 3)))
    sitemap = "\n".join(
        f'      <div class="col"><h4>{e(col)}</h4><ul>' + "".join(
            f'<li><a href="/{col.lower()}/{k}">{e(item)}</a></li>' for k, item in enumerate(items)) + "</ul></div>"
        for col, items in SITEMAP)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(headline)} | {e(site)}</title>
  <meta property="og:type" content="article">
  <meta property="og:title" content="{e(headline)}">
  <meta property="og:site_name" content="{e(site)}">
  <meta property="article:published_time" content="{published.isoformat()}T08:00:00-05:00">
  <meta name="author" content="{e(author)}">
  <link rel="stylesheet" href="/assets/site.css">
  <script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body class="article-page">
  <div class="cookie-banner" id="cookie-consent" role="dialog">
    <p>{e(rng.choice(COOKIE))}</p>
    <button>Accept all</button> <button>Manage settings</button> <a href="/privacy">Privacy policy</a>
  </div>
  <header class="site-header">
    <a class="logo" href="/">{e(site)}</a>
    <nav class="main-menu" aria-label="Main">
      <ul>
{nav}
      </ul>
    </nav>
    <form class="search" action="/search"><input type="search" name="q" placeholder="Search"><button>Go</button></form>
    <a class="subscribe" href="/subscribe">Subscribe</a> <a class="login" href="/login">Sign in</a>
  </header>
  <div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/news">News</a> &rsaquo; <a href="/awards">Awards</a></div>
  <main>
    <article class="post">
      <h1>{e(headline)}</h1>
      <p class="byline">By <a href="/authors/{i % 97}">{e(author)}</a> | <time datetime="{published.isoformat()}">{published:%B} {published.day}, {published.year}</time></p>
      {body}
      <div class="share">Share this story: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a> <a href="#">Email</a> <a href="#">Print</a></div>
      <p class="tags">Tags: <a href="/tag/awards">awards</a>, <a href="/tag/districts">districts</a></p>
    </article>{comments}
    <aside class="sidebar">
      <h3>Most read</h3>
      <ul>
{sidebar}
      </ul>
      <div class="newsletter"><h3>Get the morning briefing</h3><p>News about schools and the people who run them, in your inbox every weekday.</p>
        <form action="/newsletter"><input type="email" placeholder="Your email"><button>Sign up</button></form></div>
      <div class="ad" data-slot="sidebar-1">Advertisement</div>
    </aside>
  </main>
  <section class="related">
    <h3>Related stories</h3>
{related}
  </section>
  <footer class="site-footer">
    <div class="sitemap">
{sitemap}
    </div>
    <nav><a href="/about">About us</a> | <a href="/contact">Contact</a> | <a href="/advertise">Advertise</a> |
      <a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a> | <a href="/accessibility">Accessibility</a></nav>
    <p>&copy; {published.year} {e(site)}. All rights reserved. {rng.randint(100, 9999)} Main Street, Suite {rng.randint(100, 900)}.</p>
  </footer>
</body>
</html>
"""


def generate(directory: str | Path, n: int, seed: int = DEFAULT_SEED) -> dict:
    """Write pages 0..n-1 as page-NNNNNN.html under `directory` (kept when already there)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    marker = directory / ".corpus.json"
    if marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("seed") == seed and meta.get("pages") == n:
            return meta
    for old in directory.glob("page-*.html"):
        old.unlink()
    started = time.perf_counter()
    size = 0
    for i in range(n):
        data = page(i, seed).encode("utf-8")
        (directory / f"page-{i:06d}.html").write_bytes(data)
        size += len(data)
    meta = {"seed": seed, "pages": n, "bytes": size, "seconds": round(time.perf_counter() - started, 2)}
    marker.write_text(json.dumps(meta))
    return meta


# =============================================================================================
# 2. Stages, one process, one core
# =============================================================================================
def _words(text: str) -> int:
    return len(text.split())


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def corpus_paths(directory: str | Path, n: int | None = None) -> list[Path]:
    paths = sorted(Path(directory).glob("page-*.html"))
    return paths[:n] if n is not None else paths


def measure_stages(paths: list[Path], batch_size: int, workdir: str | Path, clock=time.process_time) -> dict:
    """Seconds per stage over `paths`, run one after the other in this process (one core).

    Each stage is what the flow runs for it: read = `Path.read_bytes` + `pipeline.text.decode`;
    html_to_text = `pipeline.text.html_to_article` (as `read_file` calls it); rules = the spaCy
    pipeline (`extractors.nlp.build().pipe`) + `extractors.records.raw_record` (assembly);
    validation = `schemas.records.validate_article`; load = `warehouse.load.load_batch` per batch
    of `batch_size` into a fresh DuckDB file. `clock` is CPU time of this process by default (a
    per-core rate that other work on the machine does not disturb); pass time.perf_counter for wall.
    """
    from dataclasses import replace

    from extractors import nlp
    from extractors.records import raw_record
    from schemas.articles import sha256
    from pipeline.text import TextError, decode, html_to_article
    from schemas.records import Reject, validate_article
    from warehouse import load
    from warehouse.db import connect

    t = clock()
    pipeline = nlp.build()
    version = nlp.extractor_version()
    warm_s = clock() - t

    t = clock()
    raws = [decode(p.read_bytes()) for p in paths]
    read_s = clock() - t

    t = clock()
    articles, rejects = [], []
    for p, raw in zip(paths, raws):
        try:
            a = html_to_article(raw, source=str(p))
        except TextError as exc:
            rejects.append(Reject(source=str(p), stage="text", reason=exc.reason))
            continue
        articles.append(replace(a, article_id=sha256(a.text)))
    text_s = clock() - t
    texts = [a.text for a in articles]
    words = sum(map(_words, texts))

    t = clock()
    docs = list(pipeline.pipe(texts, batch_size=64))
    match_s = clock() - t
    tokens = sum(len(d) for d in docs)
    t = clock()
    raw_records = [raw_record(a, d) for a, d in zip(articles, docs)]
    assemble_s = clock() - t
    del docs

    t = clock()
    records = []
    for a, r in zip(articles, raw_records):
        record, reasons = validate_article(r, a.text)
        records.append(record)
        rejects += [Reject(source=a.source, stage="validate", reason=x) for x in reasons]
    validate_s = clock() - t

    db = Path(tempfile.mkdtemp(prefix="stages-", dir=workdir)) / "stages.duckdb"
    con = connect(db)
    try:
        run_id = load.start_run(con, version)
        t = clock()
        for i in range(0, len(records), batch_size):
            load.load_batch(con, run_id, records[i:i + batch_size], rejects if i == 0 else [])
        load_s = clock() - t
        mentions = con.execute("SELECT count(*) FROM district_mentions").fetchone()[0]
    finally:
        con.close()

    n = len(paths)
    seconds = {"read": read_s, "html_to_text": text_s, "rules": match_s + assemble_s,
               "validation": validate_s, "load": load_s}
    total = sum(seconds.values())
    stages = {}
    for name, s in seconds.items():
        stages[name] = {"seconds": round(s, 6), "articles_per_s": _rate(n, s), "words_per_s": _rate(words, s),
                        "ms_per_article": round(1000 * s / n, 3) if n else 0.0,
                        "share": round(s / total, 3) if total else 0.0}
    stages["rules"]["match_seconds"] = round(match_s, 3)
    stages["rules"]["assemble_seconds"] = round(assemble_s, 3)
    rule_pipeline = match_s + assemble_s + validate_s
    return {"pages": n, "articles": len(articles), "words": words, "tokens": tokens,
            "bytes": sum(p.stat().st_size for p in paths), "mentions": mentions,
            "rejects": len(rejects), "warm_up_seconds": round(warm_s, 3), "stages": stages,
            "total_seconds": round(total, 3), "ms_per_article": round(1000 * total / n, 3) if n else 0.0,
            "rule_pipeline": {"seconds": round(rule_pipeline, 3), "words_per_s": _rate(words, rule_pipeline),
                              "articles_per_s": _rate(n, rule_pipeline)},
            "_raws": raws, "_texts": texts}


def measure_floors(raws: list[str], texts: list[str], clock=time.process_time) -> dict:
    """The floors on the same pages: bare `trafilatura.extract(html)`, bare `spacy.blank("en")`."""
    import spacy
    import trafilatura

    t = clock()
    out_words = 0
    for raw in raws:
        out_words += _words(trafilatura.extract(raw) or "")
    traf_s = clock() - t
    blank = spacy.blank("en")
    words = sum(map(_words, texts))
    t = clock()
    tokens = sum(len(doc) for doc in blank.pipe(texts, batch_size=64))
    blank_s = clock() - t
    return {"trafilatura_extract": {"seconds": round(traf_s, 3), "articles_per_s": _rate(len(raws), traf_s),
                                    "words_out": out_words},
            "spacy_blank_pipe": {"seconds": round(blank_s, 3), "words_per_s": _rate(words, blank_s),
                                 "tokens_per_s": _rate(tokens, blank_s), "articles_per_s": _rate(len(texts), blank_s)}}


def profile_stages(paths: list[Path], top: int = 12) -> dict:
    """cProfile of HTML -> text and of the rules on `paths`: the functions that cost the most."""
    import cProfile
    import pstats

    from extractors import nlp
    from extractors.records import raw_record
    from pipeline.text import html_to_article

    raws = [p.read_text(encoding="utf-8") for p in paths]
    nlp.build()
    out = {}

    def html_stage():
        return [html_to_article(r, source="bench") for r in raws]

    articles = html_stage()

    def rules_stage():
        for a, d in zip(articles, nlp.build().pipe([a.text for a in articles], batch_size=64)):
            raw_record(a, d)

    for name, fn in (("html_to_text", html_stage), ("rules", rules_stage)):
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        stats = pstats.Stats(prof)
        total = stats.total_tt
        rows = []
        for (filename, line, func), (cc, nc, tt, ct, _) in stats.stats.items():
            rows.append({"function": f"{_short_path(filename)}:{line}({func})", "calls": nc,
                         "self_s": round(tt, 4), "cumulative_s": round(ct, 4),
                         "cumulative_share": round(ct / total, 3) if total else 0.0})
        rows = [r for r in rows if "bench.py:" not in r["function"]]
        out[name] = {"pages": len(paths), "seconds": round(total, 3),
                     "by_self": sorted(rows, key=lambda r: -r["self_s"])[:top],
                     "by_cumulative": sorted(rows, key=lambda r: -r["cumulative_s"])[:top + 8]}
    out["rules_components"] = component_seconds([a.text for a in articles])
    return out


def component_seconds(texts: list[str], clock=time.process_time) -> dict:
    """Seconds per spaCy pipeline component (tokenizer first) over `texts`, no profiler."""
    from extractors import nlp

    pipeline = nlp.build()
    t = clock()
    docs = [pipeline.make_doc(x) for x in texts]
    seconds = {"tokenizer": clock() - t}
    for name, proc in pipeline.pipeline:
        t = clock()
        docs = list(proc.pipe(docs, batch_size=64)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        seconds[name] = clock() - t
    words = sum(map(_words, texts))
    total = sum(seconds.values())
    return {"pages": len(texts), "words": words, "total_seconds": round(total, 3),
            "components": {k: {"seconds": round(v, 3), "share": round(v / total, 3) if total else 0.0,
                               "words_per_s": _rate(words, v)} for k, v in seconds.items()}}


def _short_path(filename: str) -> str:
    for marker in ("site-packages/", "/work/main/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.rsplit("/", 1)[-1] if filename.startswith("/") else filename


# =============================================================================================
# 4. End to end, through the Prefect flow (in a child process: clean RSS and CPU accounting)
# =============================================================================================
def _flow_child(argv: list[str]) -> int:
    """`python -m bench _flow ...`: one `flows.ingest` run; writes its numbers as JSON."""
    import resource

    p = argparse.ArgumentParser(prog="bench _flow")
    p.add_argument("--dir", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--runner", choices=["process", "default", "dask"], default="process")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--dask-address")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    t = time.perf_counter()
    import flows
    flow = flows.ingest
    if args.runner == "process":
        from prefect.task_runners import ProcessPoolTaskRunner
        flow = flows.ingest.with_options(task_runner=ProcessPoolTaskRunner(max_workers=args.workers))
    elif args.runner == "dask":
        from prefect_dask import DaskTaskRunner
        runner = (DaskTaskRunner(address=args.dask_address) if args.dask_address else
                  DaskTaskRunner(cluster_kwargs={"n_workers": args.workers, "threads_per_worker": 1,
                                                 "processes": True, "dashboard_address": None}))
        flow = flows.ingest.with_options(task_runner=runner)
    import_s = time.perf_counter() - t
    self0 = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    summary = flow([args.dir], db=args.db)
    wall = time.perf_counter() - t
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"runner": args.runner, "workers": args.workers, "import_seconds": round(import_s, 3),
              "wall_seconds": round(wall, 3), "flow_seconds": summary.seconds, "status": summary.status,
              "seen": summary.seen, "loaded": summary.loaded, "unchanged": summary.unchanged,
              "rejected": summary.rejected, "districts": summary.districts,
              "cpu_flow_process_seconds": round((self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime), 3),
              "cpu_workers_seconds": round(kids.ru_utime + kids.ru_stime, 3)}
    Path(args.out).write_text(json.dumps(result))
    return 0 if summary.status == "completed" else 1


def run_flow(directory: Path, db: Path, runner: str, workers: int, workdir: Path, env: dict,
             server_pid: int | None = None, dask_address: str | None = None, label: str = "run") -> dict:
    """Run the flow in a child process; sample the RSS of it and its workers; add the server's CPU."""
    import psutil

    out = workdir / f"{label}.json"
    log = workdir / f"{label}.log"
    cmd = [sys.executable, "-m", "bench", "_flow", "--dir", str(directory), "--db", str(db),
           "--runner", runner, "--workers", str(workers), "--out", str(out)]
    if dask_address:
        cmd += ["--dask-address", dask_address]
    server = _process(server_pid)
    server_cpu0 = _cpu(server)
    load0 = os.getloadavg()[0]
    started = time.perf_counter()
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=Path.cwd())
        root = psutil.Process(proc.pid)
        peak = peak_procs = peak_root = peak_child = 0
        samples = []
        while proc.poll() is None:  # RSS of the whole family (getrusage's ru_maxrss survives exec: useless here)
            total, count = 0, 0
            try:
                family = [root, *root.children(recursive=True)]
            except psutil.Error:
                family = []
            for p in family:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                count += 1
                if p is root:
                    peak_root = max(peak_root, rss)
                else:
                    peak_child = max(peak_child, rss)
            if total > peak:
                peak = total
            peak_procs = max(peak_procs, count)
            samples.append((round(time.perf_counter() - started, 2), round(total / 2**20, 1)))
            time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0 or not out.exists():
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"flow run {label} failed (exit {proc.returncode}); log {log}:\n{tail}")
    result = json.loads(out.read_text())
    result.update({"process_seconds": round(elapsed, 3), "peak_rss_mb": round(peak / 2**20, 1),
                   "peak_rss_flow_process_mb": round(peak_root / 2**20, 1),
                   "peak_rss_one_worker_mb": round(peak_child / 2**20, 1),
                   "peak_processes": peak_procs, "server_cpu_seconds": round(_cpu(server) - server_cpu0, 3),
                   "rss_timeline_mb": _thin(samples, 40), "log": str(log),
                   "loadavg_1m_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)]})
    cpu = result["cpu_flow_process_seconds"] + result["cpu_workers_seconds"]
    result["busy_cores"] = round(cpu / result["wall_seconds"], 2) if result["wall_seconds"] else 0.0
    return result


def _process(pid: int | None):
    import psutil
    try:
        return psutil.Process(pid) if pid else None
    except psutil.Error:
        return None


def _cpu(proc) -> float:
    if proc is None:
        return 0.0
    try:
        t = proc.cpu_times()
        return t.user + t.system
    except Exception:
        return 0.0


def _thin(samples: list, n: int) -> list:
    if len(samples) <= n:
        return samples
    step = len(samples) / n
    return [samples[int(i * step)] for i in range(n)] + [samples[-1]]


class _Server:
    """The Prefect API the flows report to: PREFECT_API_URL when set, else a temporary local
    server (prefect_test_harness: a subprocess server on a throw-away SQLite file), timed."""

    def __enter__(self):
        import psutil
        import prefect.settings

        url = os.environ.get("PREFECT_API_URL") or prefect.settings.PREFECT_API_URL.value()
        self.stack = None
        self.pid = None
        self.startup_seconds = 0.0
        self.kind = "existing"
        if not url:
            from contextlib import ExitStack

            from prefect.testing.utilities import prefect_test_harness
            before = {p.pid for p in psutil.Process().children()}
            t = time.perf_counter()
            self.stack = ExitStack()
            self.stack.enter_context(prefect_test_harness(server_startup_timeout=120))
            self.startup_seconds = round(time.perf_counter() - t, 2)
            url = prefect.settings.PREFECT_API_URL.value()
            new = [p.pid for p in psutil.Process().children() if p.pid not in before]
            self.pid = new[0] if new else None
            self.kind = "temporary"
        try:  # the subprocess server (ours, or a test harness's in this process), for its CPU time
            from prefect.server.api.server import SubprocessASGIServer
            running = SubprocessASGIServer._instances.get(None)
            if running is not None and running.server_process is not None:
                self.pid = running.server_process.pid
        except Exception:
            pass
        self.url = url
        return self

    def __exit__(self, *exc):
        if self.stack is not None:
            self.stack.close()
        return False


# =============================================================================================
# 5. Report
# =============================================================================================
def machine() -> dict:
    import psutil

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    versions = {"python": platform.python_version()}
    from importlib.metadata import PackageNotFoundError, version
    for pkg in ("spacy", "trafilatura", "prefect", "duckdb", "prefect-dask", "distributed", "pydantic", "lxml"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    return {"nproc": os.cpu_count(), "cpu_model": cpu, "code": _code(),
            "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "platform": platform.platform(), "versions": versions}


def _code() -> dict:
    """Which code was measured: the extractor's own digest, and the git commit when there is one."""
    from extractors.nlp import extractor_version
    out = {"extractor_version": extractor_version(), "git": None, "dirty_files": None}
    try:
        out["git"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                    timeout=10, check=True).stdout.strip() or None
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                                text=True, timeout=10, check=True).stdout.splitlines()
        out["dirty_files"] = [line[3:] for line in status]
    except (OSError, subprocess.SubprocessError):
        pass
    return out


def _corpus_words(db: Path) -> int:
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(con.execute("SELECT coalesce(sum(len(regexp_split_to_array(trim(text), '\\s+'))), 0) "
                               "FROM articles").fetchone()[0])
    finally:
        con.close()


def _cores(runner: str, workers: int) -> int:
    return 1 if runner == "default" else max(1, min(workers, os.cpu_count() or 1))


def derive(report: dict) -> None:
    """Fill in rates, orchestration shares, steady-state rates and the target verdicts."""
    st = report.get("stages")
    per_article = st["total_seconds"] / st["pages"] if st and st["pages"] else None
    by_runner: dict[str, list[dict]] = {}
    for run in report["end_to_end"]:
        cold, n = run["cold"], run["pages"]
        run["cold"]["articles_per_s"] = _rate(n, cold["wall_seconds"])
        run["cold"]["words_per_s"] = _rate(run.get("words", 0), cold["wall_seconds"])
        if per_article is not None:
            ideal = n * per_article / _cores(run["runner"], run["workers"])
            run["ideal_seconds"] = round(ideal, 2)
            run["orchestration_share"] = round(max(0.0, 1 - ideal / cold["wall_seconds"]), 3)
            run["orchestration_seconds"] = round(max(0.0, cold["wall_seconds"] - ideal), 2)
        for phase in ("cold", "rerun"):
            if run.get(phase) and "cpu_workers_seconds" in run[phase]:
                run[phase]["cpu_total_seconds"] = round(sum(run[phase].get(k, 0.0) for k in (
                    "cpu_flow_process_seconds", "cpu_workers_seconds", "server_cpu_seconds")), 3)
        cpu = cold.get("cpu_total_seconds", 0.0)
        run["cpu_ms_per_article"] = round(1000 * cpu / n, 2) if n else 0.0
        if per_article is not None and cpu > 0:  # in CPU terms: robust to other load on the machine
            run["orchestration_cpu_share"] = round(max(0.0, 1 - n * per_article / cpu), 3)
        if run.get("rerun"):
            run["rerun"]["articles_per_s"] = _rate(n, run["rerun"]["wall_seconds"])
        by_runner.setdefault(run["runner"], []).append(run)
    for runs in by_runner.values():
        runs.sort(key=lambda r: r["pages"])
        for a, b in zip(runs, runs[1:]):
            dw = b["cold"]["wall_seconds"] - a["cold"]["wall_seconds"]
            b["steady_articles_per_s"] = _rate(b["pages"] - a["pages"], dw) if dw > 0 else None
            b["steady_from_pages"] = a["pages"]
            if b.get("rerun") and a.get("rerun"):
                dr = b["rerun"]["wall_seconds"] - a["rerun"]["wall_seconds"]
                b["rerun_steady_articles_per_s"] = _rate(b["pages"] - a["pages"], dr) if dr > 0 else None
    report["targets"] = _verdicts(report, by_runner)


def _verdicts(report: dict, by_runner: dict[str, list[dict]]) -> list[dict]:
    out = []

    def add(name, target, measured, ok, note=""):
        out.append({"target": name, "goal": target, "measured": measured,
                    "holds": None if ok is None else bool(ok), "note": note})

    st, fl = report.get("stages"), report.get("floors")
    if st and fl:
        rp = st["rule_pipeline"]["words_per_s"]
        blank = fl["spacy_blank_pipe"]["words_per_s"]
        add("rule pipeline words/s per core", ">= 100,000", f"{rp:,.0f}", rp >= TARGETS["rules_words_per_s_per_core"],
            "spaCy rules + assembly + validation, one process")
        add("rule pipeline vs bare spacy.blank tokenisation", ">= 0.40", f"{rp / blank:.2f}",
            rp / blank >= TARGETS["rules_vs_blank"])
    proc = by_runner.get("process", [])
    steady = [r["steady_articles_per_s"] for r in proc if r.get("steady_articles_per_s")]
    if steady:
        add("end to end articles/s, steady state", ">= 250", f"{steady[-1]:,.0f}", steady[-1] >= TARGETS["e2e_articles_per_s"],
            f"marginal rate {proc[-2]['pages']:,} -> {proc[-1]['pages']:,} pages, process pool")
    elif proc:
        r = proc[-1]["cold"]["articles_per_s"]
        add("end to end articles/s (average, incl. fixed costs)", ">= 250", f"{r:,.0f}", r >= TARGETS["e2e_articles_per_s"])
    ten = next((r for r in proc if r["pages"] == 10000), None)
    if ten:
        w = ten["cold"]["wall_seconds"]
        add("10k pages cold, HTML files -> DuckDB", "<= 40 s + server start-up", f"{w:.1f} s", w <= TARGETS["e2e_10k_seconds"])
        if ten.get("rerun"):
            w = ten["rerun"]["wall_seconds"]
            add("re-run of 10k unchanged pages", "<= 5 s + server start-up", f"{w:.1f} s", w <= TARGETS["rerun_10k_seconds"])
    if proc:
        busy = max(r["cold"]["busy_cores"] for r in proc)
        add("both cores busy (process pool, cold run)", "~2.0 cores", f"{busy:.2f} cores", busy >= 1.7,
            "CPU seconds of the flow process + workers / wall")
    runs = [r for rs in by_runner.values() for r in rs]
    if runs:
        peaks = [(r["pages"], r["cold"]["peak_rss_mb"]) for r in proc or runs]
        top = max(p for _, p in peaks)
        flat = len(peaks) < 2 or peaks[-1][1] <= 1.25 * peaks[0][1]
        add("peak RSS", "<= 1 GB, flat as N grows",
            ", ".join(f"{n:,}: {p:,.0f} MB" for n, p in peaks), top <= TARGETS["peak_rss_mb"] and flat)
    if len(proc) >= 3:  # in CPU seconds (flow process + workers + server): other load does not distort it
        parts, ok = [], True
        for phase in ("cold", "rerun"):
            costs = [r[phase]["cpu_total_seconds"] for r in proc if r.get(phase) and "cpu_total_seconds" in r[phase]]
            if len(costs) != len(proc):
                continue
            marginal = [1000 * (b - a) / (rb["pages"] - ra["pages"])
                        for a, b, ra, rb in zip(costs, costs[1:], proc, proc[1:])]
            ok = ok and min(marginal) > 0 and max(marginal) <= 1.25 * min(marginal)
            parts.append(f"{phase}: " + " -> ".join(f"{x:.1f}" for x in marginal) + " ms")
        add("cost linear in N", "constant marginal CPU per article", "; ".join(parts), ok if parts else None,
            "marginal CPU per article between successive sizes")
    elif len(proc) == 2:
        add("cost linear in N", "constant marginal cost", "two sizes only: see per-article seconds", None)
    return out


def markdown(report: dict) -> str:
    m = report["machine"]
    v = m["versions"]
    lines = [MD_BEGIN, f"_Generated by `make bench` on {report['finished_at']} (seed {report['seed']}, "
             f"batch size {report['batch_size']}). Re-run `make bench` to refresh this block._", "",
             f"**Machine:** {m['nproc']} cores, {m['cpu_model']}, {m['ram_gb']} GB RAM. "
             f"**Versions:** python {v['python']}, spacy {v['spacy']}, trafilatura {v['trafilatura']}, "
             f"prefect {v['prefect']}, duckdb {v['duckdb']}, prefect-dask {v.get('prefect-dask')}. "
             f"**Code:** extractor {m['code']['extractor_version']}"
             + (f", git {m['code']['git']}" if m["code"].get("git") else "")
             + (f" with {len(m['code']['dirty_files'])} modified files" if m["code"].get("dirty_files") else "")
             + ".", ""]
    st, fl = report.get("stages"), report.get("floors")
    if st:
        lines += [f"### Stages (one process, one core, {report.get('clock', 'cpu')} seconds; {st['pages']:,} pages, {st['words']:,} words, "
                  f"{st['words'] / max(1, st['articles']):.0f} words per article)", "",
                  "| stage | seconds | ms / article | articles/s | words/s | share |",
                  "|---|---:|---:|---:|---:|---:|"]
        for name in STAGES:
            s = st["stages"][name]
            label = name.replace("_", " ")
            if name == "rules":
                label += f" (match {s['match_seconds']:.2f} s + assemble {s['assemble_seconds']:.2f} s)"
            lines.append(f"| {label} | {s['seconds']:.2f} | {s['ms_per_article']:.2f} | {s['articles_per_s']:,.0f} | "
                         f"{s['words_per_s']:,.0f} | {s['share']:.0%} |")
        rp = st["rule_pipeline"]
        lines.append(f"| **all stages** | {st['total_seconds']:.2f} | {st['ms_per_article']:.2f} | "
                     f"{_rate(st['pages'], st['total_seconds']):,.0f} | {_rate(st['words'], st['total_seconds']):,.0f} | 100% |")
        lines.append(f"| rule pipeline (rules + validation) | {rp['seconds']:.2f} | | {rp['articles_per_s']:,.0f} | "
                     f"{rp['words_per_s']:,.0f} | |")
        lines.append("")
    if st and fl:
        t, b = fl["trafilatura_extract"], fl["spacy_blank_pipe"]
        html = st["stages"]["html_to_text"]
        lines += ["### Floors (same pages, same process)", "",
                  "| floor | seconds | articles/s | words/s | ours vs floor |", "|---|---:|---:|---:|---|",
                  f"| bare `trafilatura.extract(html)` | {t['seconds']:.2f} | {t['articles_per_s']:,.0f} | | "
                  f"HTML -> text takes {html['seconds'] / t['seconds']:.2f}x the floor's time |",
                  f"| bare `spacy.blank(\"en\").pipe` | {b['seconds']:.2f} | {b['articles_per_s']:,.0f} | "
                  f"{b['words_per_s']:,.0f} | rules run at {st['stages']['rules']['words_per_s'] / b['words_per_s']:.2f}x, "
                  f"rules + validation at {st['rule_pipeline']['words_per_s'] / b['words_per_s']:.2f}x its words/s |", ""]
    e2e = report.get("end_to_end") or []
    if e2e:
        srv = report.get("server", {})
        lines += [f"### End to end: HTML files -> DuckDB through `flows.ingest` "
                  f"(Prefect server start-up {srv.get('startup_seconds', 0):.1f} s, {srv.get('kind')}, not included)", "",
                  "| pages | runner | cold s | articles/s | words/s | steady articles/s | re-run s | peak RSS MB | "
                  "busy cores | orchestration share (wall) | CPU ms / article | orchestration share (CPU) |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in e2e:
            c = r["cold"]
            steady = r.get("steady_articles_per_s")
            rerun = r.get("rerun")
            runner = r["runner"] if r["runner"] == "default" else f"{r['runner']} x{r['workers']}"
            steady_s = f"{steady:,.0f}" if steady else "–"
            rerun_s = f"{rerun['wall_seconds']:.1f}" if rerun else "–"
            peak = max(c["peak_rss_mb"], rerun["peak_rss_mb"] if rerun else 0)
            lines.append(
                f"| {r['pages']:,} | {runner} | {c['wall_seconds']:.1f} | {c['articles_per_s']:,.0f} | "
                f"{c['words_per_s']:,.0f} | {steady_s} | {rerun_s} | {peak:,.0f} | {c['busy_cores']:.2f} | "
                f"{r.get('orchestration_share', 0):.0%} | {r.get('cpu_ms_per_article', 0):.1f} | "
                f"{r.get('orchestration_cpu_share', 0):.0%} |")
        lines += ["", "Where the CPU and the memory are (per process):", "",
                  "| pages | runner | run | flow process CPU s | workers CPU s | Prefect server CPU s | "
                  "CPU ms / article | flow process peak RSS MB | one worker peak RSS MB |",
                  "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
        for r in e2e:
            for phase in ("cold", "rerun"):
                c = r.get(phase)
                if not c or "cpu_workers_seconds" not in c:
                    continue
                total = c.get("cpu_total_seconds", 0.0)
                lines.append(f"| {r['pages']:,} | {r['runner']} | {phase} | {c['cpu_flow_process_seconds']:.1f} | "
                             f"{c['cpu_workers_seconds']:.1f} | {c.get('server_cpu_seconds', 0):.1f} | "
                             f"{1000 * total / r['pages']:.1f} | {c.get('peak_rss_flow_process_mb', 0):,.0f} | "
                             f"{c.get('peak_rss_one_worker_mb', 0):,.0f} |")
        loads = [x for r in e2e for k in ("cold", "rerun") if r.get(k) for x in r[k].get("loadavg_1m_before_after", [])]
        if loads:
            lines += ["", f"Load average (1 min) around the runs: {min(loads):.1f} to {max(loads):.1f} on "
                      f"{m['nproc']} cores (above {m['nproc']}: other work shared the cores; wall-clock columns "
                      "suffer, CPU columns do not)."]
        lines += ["", "cold = first run into a fresh DuckDB file (the flow call only: imports and server start-up "
                  "apart); re-run = the same unchanged pages again; steady = marginal rate from the next smaller "
                  "size; orchestration share (wall) = 1 - (pages x stage seconds per article / cores usable) / cold "
                  "wall; CPU ms / article = CPU of the flow process, its workers and the Prefect server / pages; "
                  "orchestration share (CPU) = 1 - stage CPU / that CPU; busy cores = CPU seconds of the flow "
                  "process and its workers / wall. Load average (1 min) before / after each run is in the JSON: "
                  "other work on the machine slows the wall-clock columns, not the CPU ones.", ""]
    if report.get("targets"):
        lines += ["### Targets", "", "| target | goal | measured | holds |", "|---|---|---|---|"]
        for t in report["targets"]:
            mark = "–" if t["holds"] is None else ("yes" if t["holds"] else "**no**")
            note = f" ({t['note']})" if t["note"] else ""
            lines.append(f"| {t['target']}{note} | {t['goal']} | {t['measured']} | {mark} |")
        lines.append("")
    prof = report.get("profile")
    if prof:
        lines += [f"### Profile (cProfile, {prof['rules']['pages']} pages; cumulative share of the stage)", ""]
        for stage, p in prof.items():
            if stage == "rules_components":
                continue
            lines.append(f"**{stage.replace('_', ' ')}** ({p['seconds']:.2f} s under the profiler):")
            lines.append("")
            for row in [r for r in p["by_cumulative"] if "bench.py:" not in r["function"]][:10]:
                lines.append(f"- {row['cumulative_share']:.0%} `{row['function']}` ({row['calls']:,} calls, "
                             f"self {row['self_s']:.2f} s)")
            lines.append("")
    comp = (prof or {}).get("rules_components")
    if comp:
        lines += [f"**rules, per spaCy component** ({comp['pages']} pages, no profiler): " + ", ".join(
            f"{k} {v['seconds']:.2f} s ({v['share']:.0%})" for k, v in comp["components"].items()), ""]
    lines.append(MD_END)
    return "\n".join(lines)


def write_markdown(path: str | Path, block: str) -> None:
    """Replace the generated block of `path` (between the markers), keeping the rest of the file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if MD_BEGIN in text and MD_END in text:
        head, rest = text.split(MD_BEGIN, 1)
        _, tail = rest.split(MD_END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n## Measured\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _save(report: dict, out: str | Path, final: bool = False) -> None:
    report["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    report["complete"] = final
    derive(report)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, default=str))


def print_summary(report: dict) -> None:
    block = markdown(report)
    print("\n".join(line for line in block.splitlines() if not line.startswith("<!--")))


# =============================================================================================
# Command line
# =============================================================================================
def _runner_spec(text: str) -> tuple[str, int | None]:
    name, _, cap = text.partition(":")
    if name not in ("process", "default", "dask"):
        raise argparse.ArgumentTypeError(f"unknown runner {name!r} (process, default, dask)")
    try:
        return name, int(cap) if cap else None
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad page cap in {text!r} (expected RUNNER[:MAX_PAGES])") from None


def configure(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--pages", type=int, nargs="+", default=list(DEFAULT_PAGES),
                   help="corpus sizes to run end to end (default: 1000 10000)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--workdir", default=DEFAULT_WORKDIR, help="corpora, DuckDB files and logs (default: build/bench)")
    p.add_argument("--out", default=DEFAULT_OUT, help="JSON report (default: build/bench.json)")
    p.add_argument("--md", default=DEFAULT_MD, help="markdown file whose generated block is replaced "
                   "(default: docs/benchmarks.md); '' for none")
    p.add_argument("--stage-sample", type=int, default=2000,
                   help="pages for the per-stage and floor measurements (default: 2000)")
    p.add_argument("--profile-sample", type=int, default=300, help="pages under cProfile; 0 for no profile")
    p.add_argument("--runners", type=_runner_spec, nargs="+", default=[("process", None), ("default", 1000)],
                   metavar="RUNNER[:MAX_PAGES]",
                   help="task runners end to end: process (ProcessPoolTaskRunner), default (the flow's own), "
                        "dask (DaskTaskRunner); ':N' runs it only up to N pages (default: process default:1000)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="process pool / Dask workers")
    p.add_argument("--dask-address", help="scheduler address for the dask runner (default: a LocalCluster)")
    p.add_argument("--no-rerun", action="store_true", help="skip the re-run of unchanged pages")
    p.add_argument("--no-flow", action="store_true", help="stages and floors only")
    p.add_argument("--settings", help="settings file for the batch size (default: ./awardex.toml)")
    p.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                   help="clock for stages and floors: CPU seconds of the process (default; robust to other "
                        "load on the machine) or wall seconds")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_flow"]:
        return _flow_child(argv[1:])
    args = configure(argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])).parse_args(argv)
    return run(args)


def run(args) -> int:
    from pipeline.settings import load_settings

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    settings = load_settings(args.settings)
    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(args.pages))
    say = lambda msg: print(f"[bench] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    report: dict = {"seed": args.seed, "batch_size": settings.batch_size, "machine": machine(),
                    "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "corpora": {}, "end_to_end": []}

    corpora = {}
    for n in sizes:
        d = workdir / f"corpus-{n}"
        say(f"corpus of {n:,} pages in {d}")
        report["corpora"][str(n)] = generate(d, n, args.seed)
        corpora[n] = d
    sample_n = min(args.stage_sample, sizes[-1])
    sample_dir = next(corpora[n] for n in sizes if n >= sample_n)
    sample = corpus_paths(sample_dir, sample_n)
    say(f"stages on {len(sample):,} pages (one process)")
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    report["clock"] = args.clock
    stages = measure_stages(sample, settings.batch_size, workdir, clock)
    raws, texts = stages.pop("_raws"), stages.pop("_texts")
    report["stages"] = stages
    say("floors: bare trafilatura.extract, bare spacy.blank('en').pipe")
    report["floors"] = measure_floors(raws, texts, clock)
    del raws, texts
    if args.profile_sample:
        say(f"cProfile on {min(args.profile_sample, len(sample))} pages")
        report["profile"] = profile_stages(sample[:args.profile_sample])

    if not args.no_flow:
        with _Server() as server:
            report["server"] = {"kind": server.kind, "startup_seconds": server.startup_seconds, "url": server.url}
            env = {**os.environ, "PREFECT_API_URL": server.url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
            for n in sizes:
                for runner, cap in args.runners:
                    if cap is not None and n > cap:
                        continue
                    tag = f"{runner}-{n}"
                    db = workdir / f"e2e-{tag}.duckdb"
                    for stale in (db, db.with_name(db.name + ".wal")):
                        stale.unlink(missing_ok=True)
                    say(f"end to end: {n:,} pages, {runner} runner, cold")
                    cold = run_flow(corpora[n], db, runner, args.workers, workdir, env, server.pid,
                                    args.dask_address, label=f"{tag}-cold")
                    entry = {"pages": n, "runner": runner, "workers": args.workers, "cold": cold,
                             "words": _corpus_words(db)}
                    if not args.no_rerun:
                        say(f"end to end: {n:,} pages, {runner} runner, re-run (unchanged)")
                        entry["rerun"] = run_flow(corpora[n], db, runner, args.workers, workdir, env, server.pid,
                                                  args.dask_address, label=f"{tag}-rerun")
                    report["end_to_end"].append(entry)
                    _save(report, args.out)  # a long run leaves its numbers so far
                    say(f"  cold {cold['wall_seconds']:.1f} s ({n / cold['wall_seconds']:.0f} articles/s), "
                        f"peak RSS {cold['peak_rss_mb']:.0f} MB, busy cores {cold['busy_cores']:.2f}"
                        + (f"; re-run {entry['rerun']['wall_seconds']:.1f} s" if "rerun" in entry else ""))
    _save(report, args.out, final=True)
    if args.md:
        write_markdown(args.md, markdown(report))
    print_summary(report)
    say(f"report: {args.out}" + (f", {args.md}" if args.md else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
