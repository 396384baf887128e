"""The named checks that rules list under `checks:`.

A district pattern's checks (extractors/patterns/districts.yaml) take the candidate grown from one
head (extractors.mentions.Candidate); an initiative's (initiatives.yaml) take the doc and the cue's
span. Each says whether it stays. They are small on purpose: a reviewer reads a rule in the YAML
and its checks here.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from extractors import gazetteer, places, programs, rules
from extractors.mentions import W, Candidate, is_code, is_place_name
from extractors.rules import check
from extractors.values import before_start, coordination, lower_before, lower_words, sentence_end
from schemas.names import fold, loose_key

LIST_TITLE = W["list_title_words"] | W["not_names"]
IW = {k: rules.words("initiatives.yaml", k) for k in ("population_before", "population_after", "outcome_after",
                                                      "outcome_before", "outcome_nouns", "acronym_cues", "dashes",
                                                      "coordinators", "population_nouns", "clause_marks", "subject_cues",
                                                      "curriculum_nouns", "clause_joiners", "subject_takers", "field_cues",
                                                      "career_heads", "adverb_cues")}
CAREER_FIELDS = rules.words("initiatives.yaml", "career_fields") | rules.words("initiatives.yaml", "career_heads")
FIELD_REACH = 6  # words either side of a field that a career's field or head reaches
SUBJECT_REACH = 8  # words between a subject and another initiative's cue whose programme it names
POPULATION_REACH = 10  # words, within its clause, before an equity cue that a share of students reaches ("86%
# of the district's students come from low-income homes"; five for a share alone: "40 percent English learners")
OUTCOME_REACH = 8  # words before a cue that a verb of comparing results reaches
RESULT_REACH = 4  # words before a cue that a result's noun reaches ("growth among students learning English")


@check("has_name")
def has_name(c: Candidate) -> bool:
    """Some word of the name says which district: not only "the", "Public", "Our", "Top" (a
    number or a code does: "School District U-46")."""
    words = loose_key(c.text).split()
    lowers = lower_words(c.doc)
    return bool(words) and not all(w in W["not_names"] for w in words) and any(
        t.is_alpha or t.like_num or is_code(t.text) for t in (c.doc[i] for i in range(c.start, c.end))
        if lowers[t.i] not in W["head_words"])


@check("not_org_context")
def not_org_context(c: Candidate) -> bool:
    """"Council of the Great City Schools": the match is part of an organisation's name (a
    lower-case "the school board of Byron Public Schools" is the district's own board)."""
    doc, i = c.doc, c.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return not (i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in W["org_heads"] and not doc[i - 1].is_lower)


@check("not_a_state")
def not_a_state(c: Candidate) -> bool:
    """"Colorado school districts", "Texas ISD": a state is not a district (but in an article that
    names another state, "the Oregon School District" is a town's: places.town_states), except
    the state whose single LEA its public schools are ("Hawaii public schools"; not a weak head's
    "Hawaii schools", which may be any schools in the state)."""
    state = places.state_of(c.place)
    return not state or state in places.town_states(c.doc) or not c.rule.get("weak") and _statewide_lea(c.place)


def _statewide_lea(place: str) -> bool:
    """"Hawaii", "Hawaiʻi": a state whose single statewide LEA is its department of education."""
    return fold(places.state_name(place)).replace("ʻ", "") in W["statewide_leas"]


@check("not_a_program")
def not_a_program(c: Candidate) -> bool:
    """"the list of Four Star Schools", "Purple Star Schools" where the article's award is "Four Star"
    or "Purple Star": the name (with the word before it) is the award's, not a district's."""
    before = f"{c.doc[c.start - 1].text} " if c.start else ""
    return not any(n.endswith(f"{before}{c.place}") or n == c.place for n in programs.award_texts(c.doc))


@check("not_a_designation")
def not_a_designation(c: Candidate) -> bool:
    """"has been named an Arts-Rich School District by the alliance": after "a" or "an", a name that ends
    its phrase is a kind of district, a designation (but "an Elk Grove Unified School District teacher" is one)."""
    doc, e = c.doc, c.end
    indefinite = c.start >= 1 and doc[c.start - 1].lower_ in {"a", "an"}
    return not (indefinite and (e >= len(doc) or doc[e].is_punct or doc[e].lower_ in W["designation_after"]))


@check("plural_is_coordinated")
def plural_is_coordinated(c: Candidate) -> bool:
    """A plural head names several districts ("the Tumwater and Northshore school districts");
    with one name before it, it is a title or a category ("Top Rural School Districts")."""
    return c.doc[c.head[1] - 1].lower_ not in W["plural_heads"] or len(c.parts) > 1


@check("not_list_title")
def not_list_title(c: Candidate) -> bool:
    """"Largest School Districts", "Participating school districts", "Apple Distinguished School
    District": every word of the name is a list title's or a badge's word."""
    words = [fold(t.text) for t in (c.doc[i] for i in range(c.start, c.head[0])) if t.is_alpha]
    return not words or not all(w in LIST_TITLE for w in words)


@check("place_name")
def place_name(c: Candidate) -> bool:
    """The name is a US place ("Reynoldsburg Schools", "the Marshfield district"), or a town and
    its township or county ("Carmel Clay Schools", "Westfield Washington Schools", "Hamilton
    Southeastern Schools"), each of a coordination's names too ("the Ankeny and Waukee districts")."""
    if c.parts:
        return all(is_place_name(c.doc[a:b].text) for a, b in c.parts)
    return is_place_name(c.place) or _town_and_township(c.place)


def _town_and_township(place: str) -> bool:
    words = place.split()
    return len(words) == 2 and gazetteer.is_city(words[0]) and words[1].lower() not in W["private_school_words"] \
        and (gazetteer.is_county(words[1]) or words[1].lower() in W["compass_adjectives"])


@check("not_counted")
def not_counted(c: Candidate) -> bool:
    """"Three Reno County schools earn ...": a count of schools, not a district's name (a
    capitalised head after a number is a ranking's entry: "19 San Diego City Schools")."""
    if c.start == 0 or not c.doc[c.head[1] - 1].is_lower:
        return True
    prev = c.doc[c.start - 1]
    return not (prev.lower_ in W["number_names"] or prev.is_digit and int(prev.text) < 100)


@check("not_a_region")
def not_a_region(c: Candidate) -> bool:
    """"The Delta district", "the Rio Grande Valley district": a region describes the district."""
    words = [t.lower_ for t in c.doc[c.start:c.head[0]] if t.is_alpha]
    return not words or words[-1] not in W["region_words"]


@check("not_only_a_region")
def not_only_a_region(c: Candidate) -> bool:
    """"North Central ESD", "Northwest ESD 189", "the North Central district": a name of compass
    words alone is a region's (its service agency's), where the head alone says little."""
    words = [t.lower_ for t in c.doc[c.start:c.head[0]] if t.is_alpha]
    return not words or not all(w in W["region_names"] for w in words)


@check("not_an_epithet")
def not_an_epithet(c: Candidate) -> bool:
    """"Wilson School District ($180,000): The Berks County district will open ...": a county's
    district on the line of another district's name describes that district; it names none."""
    words = [t.lower_ for t in c.doc[c.start:c.head[0]] if t.is_alpha]
    if not words or words[-1] not in W["county_words"]:
        return True
    k = c.start - 1
    while k >= 0 and not c.doc[k].is_space:
        if c.doc[k].lower_ in W["head_words"] and c.doc[k].is_title and k > 0 and c.doc[k - 1].is_title:
            return False
        k -= 1
    return True


@check("not_in_longer_name")
def not_in_longer_name(c: Candidate) -> bool:
    """"Green Schools National Network", "Pomona Unified Foundation": a longer proper name, and after
    a weak head one that goes on with "of" ("the Springfield Schools of Choice program")."""
    doc, e = c.doc, c.end
    if e >= len(doc):
        return True
    nxt = doc[e]
    if nxt.lower_ in W["longer_name_words"] and nxt.is_title:
        return False
    weak = c.rule.get("weak", False)
    if weak and nxt.lower_ == "of" and e + 1 < len(doc) and doc[e + 1].is_title and e + 1 not in c.states_at:
        return False
    return not (weak and nxt.is_title and nxt.is_alpha and nxt.lower_ not in W["name_stop"]
                and e not in c.states_at and not (e + 1 < len(doc) and doc[e + 1].is_space))


@check("has_number")
def has_number(c: Candidate) -> bool:
    """A bare head that names a district only with its number ("Academy District 20")."""
    return c.end > c.head[1]


@check("not_other_district")
def not_other_district(c: Candidate) -> bool:
    """"Congressional District 5", "DuPage County District 4": a district of another kind."""
    return c.doc[c.head[0] - 1].lower_ not in W["other_district_words"]


@check("not_a_seat")
def not_a_seat(c: Candidate) -> bool:
    """"the Naperville District 3 seat", "Denver District 3 representative": an electoral district."""
    return c.end >= len(c.doc) or c.doc[c.end].lower_ not in W["seat_words"]


@check("no_school_after")
def no_school_after(c: Candidate) -> bool:
    """"Fremont Union High" is a district, "Fremont Union High School" a school."""
    return c.end >= len(c.doc) or c.doc[c.end].lower_ not in W["school_after"]


@check("after_the")
def after_the(c: Candidate) -> bool:
    return c.start > 0 and c.doc[c.start - 1].lower_ == "the"


@check("not_state_agency")
def not_state_agency(c: Candidate) -> bool:
    """"State Board of Education", "Ohio Board of Education" are state agencies."""
    words = {fold(w) for w in c.place.split()}
    return not words & W["state_agency_words"] and not any(places.state_of(w) for w in c.place.split())


@check("department_is_lea")
def department_is_lea(c: Candidate) -> bool:
    """"New York City Department of Education" is the city's LEA; a state's department is a state
    agency except where it is the state's single LEA ("Hawaii Department of Education")."""
    words = [w for w in c.place.split() if fold(w) not in W["department_fillers"]]
    place = " ".join(words)
    if places.state_of(place):
        return _statewide_lea(place)
    if {fold(w) for w in words} & W["state_agency_words"] or any(places.state_of(w) for w in words
                                                                  if w not in {"New", "York"}):
        return False
    return "City" in words or gazetteer.is_place(place)


@check("not_a_population")
def not_a_population(doc: Doc, span: Span) -> bool:
    """"40 percent English learners", "a large share of students from low-income families or students
    learning English", "by English learner enrollment": who the district serves, not what it does
    (but "reserved half of its seats for English learners" is a programme). Looks five words back,
    eight in its clause for a share of students, and at the word after the cue."""
    first, last = coordination(doc, span.start, span.end, IW["coordinators"])
    if last < len(doc) and lower_words(doc)[last] in IW["population_after"]:
        return False
    before = lower_before(doc, first, POPULATION_REACH)
    before = before[max((k + 1 for k, w in enumerate(before) if w in IW["clause_marks"]), default=0):]
    shares = [k for k, w in enumerate(before) if w in IW["population_before"]]
    return not shares or shares[-1] < len(before) - 5 and not set(before[shares[0]:]) & IW["population_nouns"]


@check("not_an_outcome")
def not_an_outcome(doc: Doc, span: Span) -> bool:
    """"reading scores", "math proficiency", "outperformed the state average in math": a result,
    not what the district does. Looks at the word after the cue and eight words back."""
    first, last = coordination(doc, span.start, span.end, IW["coordinators"])
    before = lower_before(doc, first, OUTCOME_REACH)
    return (last >= len(doc) or lower_words(doc)[last] not in IW["outcome_after"]) and not set(before) & IW["outcome_before"] \
        and not set(before[-RESULT_REACH:]) & IW["outcome_nouns"]


@check("written_as_acronym")
def written_as_acronym(doc: Doc, span: Span) -> bool:
    """"STEM", "SEL", "PD" are cues; written in lower case they are words ("stems from", "measuring
    stems", "letting off steam")."""
    return len(span) > 1 or span[0].lower_ not in IW["acronym_cues"] or not span[0].is_lower


@check("not_a_wire_credit")
def not_a_wire_credit(doc: Doc, span: Span) -> bool:
    """"HOUSTON (AP) — ...": a dateline's wire credit, in parentheses before a dash, is no course."""
    return not (span.start > 0 and doc[span.start - 1].text == "(" and span.end + 1 < len(doc)
                and doc[span.end].text == ")" and doc[span.end + 1].text in IW["dashes"])


@check("not_anothers_subject")
def not_anothers_subject(doc: Doc, span: Span) -> bool:
    """"move through math courses at their own pace", "small-group reading intervention for English
    learners", "computational thinking in science and math lessons": a subject named as what another
    initiative's programme teaches is that programme's, not the district's core instruction (but "a new
    math curriculum for English learners", "a reading curriculum and an equity office" are). Looks
    SUBJECT_REACH words either side, within the sentence, for another initiative's cue with no clause
    joiner or mark between."""
    lowers = lower_words(doc)
    if len(span) > 1 or lowers[span.start] not in IW["subject_cues"]:
        return True
    first, last = coordination(doc, span.start, span.end, IW["coordinators"])
    if last < len(doc) and lowers[last] in IW["curriculum_nouns"]:
        return True
    lo = before_start(doc, first, SUBJECT_REACH)
    hi = min(last + SUBJECT_REACH, sentence_end(doc, span.start))
    stops = IW["clause_joiners"] | IW["clause_marks"]
    if "taker_cues" not in doc.user_data:
        doc.user_data["taker_cues"] = [(c.start, c.end) for c in doc.spans["cues"] if c.label_ in IW["subject_takers"]]
    for a, b in doc.user_data["taker_cues"]:
        if b <= lo or a >= hi or a < last and b > first:
            continue
        if not set(lowers[b:first] if b <= first else lowers[last:a]) & stops:
            return False
    return True


@check("not_a_career_field")
def not_a_career_field(doc: Doc, span: Span) -> bool:
    """"pathways in aviation maintenance, cybersecurity and health sciences", "academies in fields from
    engineering to public safety", "students in the engineering pathway": a field named among a career
    programme's trades is that programme's, not STEM or technology instruction. Looks FIELD_REACH words
    either side, within the sentence."""
    lowers = lower_words(doc)
    if span.text.lower() not in IW["field_cues"]:
        return True
    hi = min(span.end + FIELD_REACH, sentence_end(doc, span.start))
    return CAREER_FIELDS.isdisjoint(lowers[before_start(doc, span.start, FIELD_REACH):span.start] + lowers[span.end:hi])


@check("not_an_adverb")
def not_an_adverb(doc: Doc, span: Span) -> bool:
    """"a dashboard that families can view online", "classes held in the evenings and online", "degrees
    completed online while they work": an adverb at the end of its clause says where something is done,
    not that the district teaches online ("online courses", "online learning" are cues of their own; in
    "online and in-person PD" it is an adjective still)."""
    if span.text.lower() not in IW["adverb_cues"]:
        return True
    if span.end >= len(doc) or not doc[span.end].is_alpha:
        return False
    nxt = lower_words(doc)[span.end]
    return nxt not in IW["clause_joiners"] or nxt in IW["coordinators"]
