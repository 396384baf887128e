"""Attachment: each figure and each initiative cue goes to a district by structure: the name it
modifies, the same clause, the list entry or table row, a heading over a list, a follow-on
"The district ..." paragraph. A figure nobody owns is dropped (a wrong student count is worse
than none).
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import islice

from spacy.attrs import LIKE_NUM
from spacy.tokens import Doc, Span

from extractors import figures as figs
from extractors import gazetteer, places, rules
from extractors.aliases import place_of, short_forms
from extractors.layout import Layout, Positions
from extractors.values import (District, Found, before_start, best, coordination, find_all, lower_words, number, possessive,
                               span_text, text_of)

QW = figs.W
IW = {k: rules.words("initiatives.yaml", k) for k in rules.lexicon("initiatives.yaml")}
NAME_STOP = rules.words("districts.yaml", "name_stop")
SCHOOL_WORDS = rules.words("districts.yaml", "school_words")
PLACE_PREPS = rules.words("districts.yaml", "place_preps")


def _foreign(doc: Doc, tok: tuple[int, int], f: figs.Figure) -> bool:
    """Another subject stands between the district's mention and the figure: "Lincoln High", a
    network, or one of the district's own schools ("the district's high school has 1,900 students")."""
    lo, hi = (tok[1], f.start) if tok[1] <= f.start else (f.end, tok[0])
    lowers = lower_words(doc)  # the cached array; a Token only for a school word's case
    if lo < hi and lowers[lo] == "(" and ")" in lowers[lo:hi]:
        lo = lowers.index(")", lo, hi) + 1  # the name's own place: "Clay County USD 379 (Clay Center) — ..."
    owned = any(figs.owner_word(lowers[i]) for i in range(lo, min(hi, lo + 3)))
    for i in range(lo, hi):
        nxt = lowers[i + 1] if i + 1 < len(lowers) else ""
        if nxt in QW["foreign_unless_before"]:
            continue
        if lowers[i] in QW["foreign_subjects"] and not _in_a_town(doc, i) \
                or (lowers[i] in QW["foreign_school_words"] and (owned or doc[i].is_title)):
            return True
    return False


def _named_antecedent(doc: Doc, f: figs.Figure, mentions: Positions) -> bool:
    """The figure's clause is a relative clause of a name that is no district ("Mount Nittany, which
    has roughly 800 students, is the first school in SCASD"), nor a town after "in": the figure is that name's."""
    k = f.start
    if not (k >= 3 and doc[k - 1].lower_ in QW["relatives"] and doc[k - 2].text == ","):
        return False
    if any(v[0][1] == k - 2 for _, v in mentions.between(max(0, k - 12), k - 2)):
        return False  # "Thompson, which serves about 13,600 students": a district's
    ante = doc[k - 3]
    if ante.is_lower:  # "The pathway, which enrolls 1,150 students" (not "The district, which ...")
        return ante.is_alpha and ante.lower_ not in QW["anaphors"] and ante.lower_ not in QW["own_bodies"]
    j = k - 3
    while j > 0 and doc[j - 1].is_title and k - 3 - j < 3:
        j -= 1
    name = span_text(doc, j, k - 2)
    # (not "based in Arlington Heights, which serves ...", nor "Elmbrook, which enrolls ..." for the School
    # District of Elmbrook)
    return ante.is_title and not (j and doc[j - 1].lower_ in PLACE_PREPS) \
        and not any(name == place_of(v[1].name) or name in short_forms(v[1].name) for _, v in mentions.items)


def _in_a_town(doc: Doc, i: int) -> bool:
    """The word ends a town's name ("Lewis Center", "Garden City"): a place, no other subject."""
    return doc[i].is_title and i >= 1 and doc[i - 1].is_title and gazetteer.is_city(span_text(doc, i - 1, i + 1))


def _is_department(d: District) -> bool:
    """A department that is an LEA ("Hawaii State Department of Education"): "The department ..."
    goes on about it."""
    return "department" in d.name.lower().split()


def _place_subject(doc: Doc, s0: int, f: figs.Figure) -> bool:
    """"Wichita, Kansas' largest district with about 46,000 students, ...": the sentence opens with
    a town no district was found for, so its figure is not the district named last."""
    t = doc[s0]
    return t.is_title and t.i < f.start and s0 + 1 < len(doc) and doc[s0 + 1].text == "," \
        and gazetteer.is_city(t.text)


def _anaphor_subject(doc: Doc, s0: int, f: figs.Figure) -> bool:
    """"The regional district enrolls 2,000 students ... from four towns: Hillsdale, ...": a
    sentence that speaks of "the district" before its figure and names others only after it."""
    return not QW["anaphors"].isdisjoint(lower_words(doc)[s0:f.start])


def _district_of_town(doc: Doc, s0: int, f: figs.Figure, mentions: Positions) -> tuple | None:
    """A sentence that opens with a town (see _place_subject) that is the city of the one district
    named before it ("USD 259 Wichita – Wichita" ... "Wichita, Kansas' largest district with about
    46,000 students"): its figure is that district's."""
    if not _place_subject(doc, s0, f):
        return None
    town = doc[s0].text
    owners = {id(d): (tok, d) for _, (tok, d) in mentions.between(0, s0) if d.city and d.city.value == town}
    return next(iter(owners.values())) if len(owners) == 1 else None


def attach_figures(doc: Doc, lay: Layout, found: list[figs.Figure], mentions: Positions,
                   home: District | None = None) -> None:
    """Each figure to the district named beside it in its sentence, else (a figure that speaks of
    "the district") to the district named last; in a local story, a paragraph that names no
    district before the figure is about the story's district (`home`), not a neighbour named in
    passing before it ("The 2,650-student district runs five schools")."""
    for f in found:
        target, tok = None, None
        if f.kind == "compound":  # "the 48,000-student Marion County"
            after = mentions.between(f.head[1], f.head[1] + 1)
            if after:
                tok, target = after[0][1]
        s0, s1 = lay.sent_range(f.start)
        if target is None and _named_antecedent(doc, f, mentions):
            continue  # "Mt. Spokane, which enrolls about 1,700 students, ...": a school's, not its district's
        if target is None and (named := _students_in(doc, f, mentions)) is not None:
            tok, target = named  # "the nearly 6,900 students in Derby's 11 schools"
        if target is None:
            here = [(i, v) for i, v in mentions.between(s0, s1) if not lay.in_parens(s0, i)]
            before = [x for x in here if x[0] < f.start]
            after = [x for x in here if x[0] >= f.end and ";" not in lower_words(doc)[f.end:x[0]]]
            # (a name after the figure only in its clause: not "Husmann enrolls 460 students; D-47 serves ...")
            pick = before[-1] if before else (after[0] if after and not _anaphor_subject(doc, s0, f) else None)
            if pick is not None:
                tok, target = pick[1]
                if _foreign(doc, tok, f):
                    continue
        if target is None and f.how != "approximate":
            words = lay.sent_words(lay.sent_of[f.start])
            last = mentions.last_before(f.start)
            # "Youngstown City School District — $720,000" above "The district, which enrolls ...", or
            # "Big Horn County School District No. 4, Basin, Wyoming" above "With roughly 280 students, ..."
            entry = _entry_above(doc, lay, f.start, mentions)
            # "The department serves 170,000 students" after a department that is its state's LEA
            department = last is not None and _is_department(last[1][1])
            anaphor = entry is not None or f.how in {"key", "compound", "entry"} or bool(words & QW["anaphors"]) \
                or department and bool(words & QW["department_anaphors"])
            town = _district_of_town(doc, s0, f, mentions) if anaphor else None
            while anaphor and last is not None and _after_a_career(lower_words(doc), lay.sent_range(last[0])[0], last[0]):
                last = mentions.last_before(last[0])  # (not "... came to Windham from the Gorham School Department")
            if town is not None:
                tok, target = town  # "Wichita, Kansas' largest district with about 46,000 students"
            elif anaphor and last is not None and not _foreign(doc, (s0, s0), f) and not _place_subject(doc, s0, f):
                tok, target = entry or last[1]  # (not "The program now enrolls 3,300 students ... when it opened")
                b = lay.block_of[f.start]
                lo = lay.block_range(b)[0]
                if home is not None and entry is None and not mentions.between(lo, f.start):
                    target = home  # (a district named later in the paragraph is no antecedent)
        if target is None:
            continue
        value = Found(f.value, doc[f.start].idx, doc[f.end - 1].idx + len(doc[f.end - 1]), f.rule)
        if f.field == "enrollment" and target.enrollment is None:
            target.enrollment = value
        elif f.field == "schools" and target.schools is None:
            target.schools = value


ENTRY_TAIL = 8  # the tokens after a name on an entry's line ("..., Basin, Wyoming", "— $720,000")


def _entry_above(doc: Doc, lay: Layout, i: int, mentions: Positions) -> tuple | None:
    """A paragraph that names no district, on the line right below a line that is a district's
    entry ("Youngstown City School District — $720,000", "Big Horn County School District No. 4,
    Basin, Wyoming"): its figures are that entry's, not the story's own district's (a paragraph
    after a blank line is the list's end, not the entry's blurb)."""
    b = lay.block_of[i]
    prev = lay.prev_block(b)
    if prev is None or lay.starts_paragraph(b) or mentions.between(*lay.block_range(b)):
        return None
    first = lay.first_word(prev)
    named = mentions.between(first, first + 1)
    end = lay.block_range(prev)[1]
    if end - 1 > first and doc[end - 1].text == ")":  # "— Charleston, West Virginia ($480,000)"
        end = next((i for i in range(end - 2, first, -1) if doc[i].text == "("), end)
    if not named or end - named[0][1][0][1] > ENTRY_TAIL or doc[end - 1].text in {".", "?", "!"}:
        return None
    return named[0][1]


def _students_in(doc: Doc, f: figs.Figure, mentions: Positions) -> tuple | None:
    """"the nearly 6,900 students in Derby's 11 schools", "all 4,100 students in the Pell Creek
    district": every student in a district, so its count (not "300 students in Derby's robotics club")."""
    e, lowers = f.head[1], lower_words(doc)
    if f.field != "enrollment" or e + 2 >= len(doc) or lowers[e] not in QW["in_owner"] \
            or QW["definite"].isdisjoint(lowers[max(0, f.start - 1):f.num[0]]):
        return None
    k = e + 2 if lowers[e + 1] in QW["definite"] else e + 1
    named = mentions.between(k, k + 1)
    if named:
        owner, j = named[0][1], named[0][1][0][1]
    else:  # "... students in Derby's 11 schools": the town of the one district named before
        j = places.town_end(doc, k)
        town = span_text(doc, k, j) if j > k else None
        owners = {id(d): (tok, d) for _, (tok, d) in mentions.between(0, k) if town and d.city and d.city.value == town}
        if len(owners) != 1:
            return None
        owner = next(iter(owners.values()))
    if possessive(doc, j):
        j += 2 if j + 1 < len(doc) and doc[j + 1].like_num else 1
        if j >= len(doc) or lowers[j] not in QW["school_subjects"]:
            return None
    elif not named or j < len(doc) and lowers[j] in QW["subset_after"]:
        return None  # a bare town is the district's only with its schools ("Derby's 11 schools"), and
        # "the 1,200 students in Pell Creek School District who took the SAT" are some of them
    return owner


def attach_cities(doc: Doc, lay: Layout, mentions: Positions) -> None:
    """"The department, headquartered in Honolulu, ...", "the 19,000-student district, based in
    Bowling Green": a sentence that speaks of "the district" and names no other district gives the
    district named last (or the one it names: "Staff in this 9,800-student district in Casa Grande
    praised Saguaro Flats' academy") its town, if it has none; "Both districts ..." gives it to the two
    districts of the sentence before."""
    anaphors = QW["anaphors"] | QW["department_anaphors"]
    lowers = lower_words(doc)  # (a slice of the cached words: no word set built per sentence)
    for sent in lay.sents:
        first = _first_words(doc, sent, 2)
        both = len(first) == 2 and first[0] == "both" and first[1] in QW["plural_anaphors"]
        if anaphors.isdisjoint(lowers[sent.start:sent.end]) and not both:
            continue
        here = list({id(v[1]): v[1] for _, v in mentions.between(sent.start, sent.end)}.values())
        if not here and both and (last := mentions.last_before(sent.start)) is not None:
            before = lay.sents[lay.sent_of[last[0]]]  # "Both districts are headquartered in Bowling Green": the two
            here = list({id(v[1]): v[1] for _, v in mentions.between(before.start, before.end)}.values())  # named before
            here = here if len(here) == 2 else []
        elif not here:
            last = mentions.last_before(sent.start)
            here = [last[1][1]] if last else []
        here = [d for d in here if d.city is None] if len(here) == 1 or both and len(here) == 2 else []
        if not here:
            continue
        state = here[0].state.value if here[0].state else None
        found = places.based_city(doc, sent.start, sent.end, state) \
            or places.subject_city(doc, sent.start, sent.end, state) \
            or places.office_city(doc, sent.start, sent.end, state)  # "The 2,100-student district in McArthur"
        for d in here if found is not None else []:
            d.city = found


# ---------------------------------------------------------------- tables

def table_values(doc: Doc, lay: Layout, districts: list[District], owner: dict[int, District]) -> None:
    """Rows of a "District | City | State | Enrollment | Schools" table (pipes or tabs), or of a
    "Rank District State Students" table, give each district its state, city, enrollment and
    school count."""
    header: dict[str, int] = {}
    column_header = False
    like_num = doc.to_array([LIKE_NUM]).reshape(-1).tolist() if len(doc) else []
    lowers = lower_words(doc)  # a line's Tokens are built only for a table's lines
    text = text_of(doc)
    tabled = "|" in text or "\t" in text  # (else no line is a table's row)
    for b in lay.order:
        line = lay.blocks[b]
        nums = [i for i in line if like_num[i]]
        if not nums:  # a column header's last word is a column's name: Tokens from the line's end
            last = next((i for i in reversed(line) if doc[i].is_alpha), None)
            column_header = last is not None and lowers[last] in QW["column_heads"] \
                and sum(doc[i].is_alpha for i in line) <= 10
        elif column_header:
            last = doc[line[-2] if len(line) >= 2 and lowers[line[-1]] == "+" else line[-1]]
            if last.like_num and last.i == nums[-1]:
                d = next((owner[i] for i in line if i in owner), None)
                value = number(last.text)
                if d is not None and d.enrollment is None and value and figs.LIMITS["enrollment"][0] <= value \
                        <= figs.LIMITS["enrollment"][1] and last.i not in owner:
                    end = last.idx + len(last) + (1 if last.i + 1 < len(doc) and doc[last.i + 1].text == "+" else 0)
                    d.enrollment = Found(value, last.idx, end, "enrollment.table_row")
        lo, hi = lay.block_range(b)
        chars = span_text(doc, lo, hi) if tabled else ""
        if "|" not in chars and "\t" not in chars:
            header = {}
            continue
        cells, cur = [], []
        for t in doc[lo:hi]:  # with its tabs
            if _cell_break(t):
                cells.append(cur)
                cur = []
            else:
                cur.append(t)
        cells.append(cur)
        d = next((owner[t.i] for c in cells for t in c if t.i in owner), None)  # (after a "Rank" cell)
        if d is None:  # a header row: "District | City | Enrollment", "District<tab>City<tab>ESD"
            words_ = [" ".join(t.lower_ for t in c) for c in cells]
            found: dict[str, int] = {}
            for i, ws in enumerate(w.split() for w in words_):  # the first column of each kind
                if RATIO_WORDS.isdisjoint(ws):  # (not "Students per counselor", a ratio)
                    for k in TABLE_COLUMNS:
                        if k in ws:
                            found.setdefault(k, i)
            header = found or header
            continue
        if not header:
            continue
        for key, i in header.items():
            if i >= len(cells) or not cells[i]:
                continue
            c = cells[i]
            if key == "state" and (code := places.state_of(doc[c[0].i:c[-1].i + 1].text)):
                # the row's own cell beats what the article gives all its districts ("... in Pennsylvania")
                d.state = best([d.state, Found(code, c[0].idx, c[-1].idx + len(c[-1]), "state.table")])
            elif key in CITY_COLUMNS and d.city is None:
                d.city = places.city(doc, (c[0].i, c[-1].i + 1), d.state.value if d.state else None, "city.table") \
                    or _named_cell(doc, c, "city.table_cell")
            elif key in ("enrollment", "students", "schools", "campuses") and c[0].like_num:
                field = "schools" if key in ("schools", "campuses") else "enrollment"
                value = number(c[0].text)
                if getattr(d, field) is None and value and figs.LIMITS[field][0] <= value <= figs.LIMITS[field][1]:
                    setattr(d, field, Found(value, c[0].idx, c[0].idx + len(c[0]), f"{field}.table"))


def _named_cell(doc: Doc, cell: list, rule: str) -> Found | None:
    """A City column's cell that the gazetteer does not know: a town's name as the table gives it,
    when it is one to four capitalised words and no state ("Harbor Point")."""
    text = doc[cell[0].i:cell[-1].i + 1].text
    if len(cell) > 4 or not all(t.is_title and t.is_alpha for t in cell) or places.state_of(text):
        return None
    return Found(text, cell[0].idx, cell[-1].idx + len(cell[-1]), rule)


# the columns a table row gives its district ("District | City | State | Enrollment"), in the
# order they are read (a row's state before its city, which is looked up in that state)
TABLE_COLUMNS = ("state", "city", "location", "headquarters", "town", "community", "enrollment", "students", "schools",
                 "campuses")
CITY_COLUMNS = {"city", "location", "headquarters", "town", "community"}  # ("Rank  District  Headquarters  State ...")
RATIO_WORDS = {"per", "ratio", "to"}  # a column of a ratio ("Students per counselor", "Student-to-teacher ratio")


def _cell_break(t) -> bool:
    """Where a table row's cells part: a pipe or a tab."""
    return t.text == "|" or t.is_space and "\t" in t.text


# ---------------------------------------------------------------- initiatives

def _in_proper_name(doc: Doc, span: Span) -> bool:
    """A cue inside a name ("Pathways in Technology Early College High School") says nothing
    about what the district does; a programme's name after the district's possessive does ("the
    district's Career Pathways Academy")."""
    if not all(t.is_title or t.is_upper or not t.is_alpha for t in span) or span[0].lower_ in IW["capitalised_cues"]:
        return False  # (a language is always capitalised: "Mandarin Chinese instruction")
    if _owned_name(doc, span.start):
        return False
    prev = doc[span.start - 1] if span.start else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is not None and prev.lower_ == "of" and span.start >= 2 and doc[span.start - 2].is_title \
            and not doc[span.start - 2].is_sent_start:
        return True  # "the Eastman School of Music", "a Bachelor of Science"
    return any(t is not None and t.is_alpha and t.is_title and t.lower_ not in NAME_STOP for t in (prev, nxt)) \
        and not (prev is not None and prev.is_sent_start and nxt is not None and not nxt.is_title)


def _district_possessive(doc: Doc, lo: int, hi: int) -> bool:
    """"the district's", "the system's" between tokens lo and hi."""
    lowers = lower_words(doc)
    return any(lowers[i] in IW["owner_anaphors"] and possessive(doc, i + 1) for i in range(lo, hi - 1))


def _possessor(doc: Doc, span: Span, owner: dict[int, District]) -> District | None:
    """The district whose possessive stands a few words before the cue ("PCPS's agriscience program",
    "Elm USD's new dual-language program"), not across a comma."""
    for i in range(span.start - 1, max(0, span.start - OWNED_REACH) - 1, -1):
        if possessive(doc, i) and i - 1 in owner:
            return owner[i - 1]
        if doc[i].is_punct and doc[i].text != "-" and not possessive(doc, i):
            return None
    return None


OWNED_REACH = 4  # words between a district's possessive and the cue it owns ("PCPS's two-year welding program")


def _owned_name(doc: Doc, i: int) -> bool:
    """The capitalised name that holds token i follows the district's possessive ("the district's
    Career Pathways Academy", "its Junior Apprenticeship program") or is a course's ("AP Computer
    Science Principles")."""
    lowers, j = lower_words(doc), i
    while j > max(0, i - NAME_REACH) and doc[j - 1].is_title:
        j -= 1
    return j >= 1 and (lowers[j - 1] in IW["possessives"] or lowers[j - 1] in IW["capitalised_cues"]) or \
        j >= 2 and possessive(doc, j - 1) and lowers[j - 2] in QW["anaphors"]


def _before_a_person(doc: Doc, span: Span) -> bool:
    """"literacy coach Tamara Greene": the cue is a person's job title before their name."""
    j = span.end if doc[span.end - 1].lower_ in IW["person_titles"] else span.end + 1
    if j - 1 >= len(doc) or doc[j - 1].lower_ not in IW["person_titles"] or j + 1 >= len(doc):
        return False
    return all(t.is_title and t.is_alpha and t.lower_ not in NAME_STOP for t in doc[j:j + 2])


def _label_value(doc: Doc, lay: Layout, b: int, i: int) -> bool:
    """A cue in the value of a "Category: Student wellness" field."""
    toks = lay.blocks[b]
    colon = next((k for k in toks[:6] if doc[k].text == ":"), None)
    if colon is None or i < colon:
        return False
    key = {doc[k].lower_ for k in toks if k < colon}
    return bool(key & IW["category_keys"])


def _after_a_name(lay: Layout, b: int, span: Span, owner: dict[int, District]) -> bool:
    """"Large district: Hilliard City Schools, for its early college program": the cue follows a
    district named in the field's value, so it says what that district does."""
    return any(i in owner for i in lay.blocks[b] if i < span.start)


def _category_line(doc: Doc, lay: Layout, b: int) -> bool:
    """A "Category: Student wellness" field that opens a paragraph: a heading over the entries below
    (right below an entry's name, it is that entry's field)."""
    return lay.is_key_value(b) and lay.starts_paragraph(b) and _label_value(doc, lay, b, lay.blocks[b][-1])


NOT_AFTER = rules.cue_exclusions()
NOT_BEFORE = rules.cue_followers()
CUE_CHECKS = rules.cue_checks()
CAREER_REACH = 8  # words before a name that a career word reaches ("began her career as a bilingual teacher in")
CAREER_PAIRS = {tuple(p.split()) for p in IW["career_pairs"]}
CLAUSE_WORDS = 4  # words beyond names that make the sentence's other part a clause ("and the Akron ... fields a team")
QUOTES = {'"', "“", "‘", "'"}
SENTENCE_ENDS = {".", "!", "?", '"', "”"}
ENTRY_LINE = 15  # tokens of a line that only names (a list line, "Kodiak Island Borough School District, Alaska")
OWNER_REACH = 8  # tokens between "the district's" and its cue ("the district's expanded dual enrollment program")
NAME_REACH = 4  # capitalised words of a programme's name before its cue ("the district's Junior Apprenticeship")
NEGATION_REACH = 3  # words before a cue that a negation or a possessive reaches ("no dual-language program")


def _excluded(doc: Doc, span: Span) -> bool:
    """The words right before the cue make it something else ("college and career readiness"),
    the word right after it does ("a two-way messaging app", "math teachers", "a STEM summit"), a negation a few
    words before it denies it ("no dual-language program", "does not offer tutoring"), another's
    possessive claims it ("the state's literacy requirements"), or one of its initiative's checks
    fails ("40 percent English learners")."""
    lowers, label = lower_words(doc), span.label_  # the cached array, not a Token per word
    first, last = coordination(doc, span.start, span.end, IW["coordinators"])  # "gains in reading and math"
    for start in {span.start, first}:
        for words in NOT_AFTER.get(label, ()):
            n = len(words)
            if start >= n and all(lowers[start - n + k] == w for k, w in enumerate(words)):
                return True
    for end in {span.end, last}:
        if end < len(doc) and (lowers[end] in NOT_BEFORE.get(label, ()) or lowers[end] in IW["event_words"]):
            return True
    return _negated(doc, span) or _anothers(doc, span) or not all(c(doc, span) for c in CUE_CHECKS.get(span.label_, ()))


def _anothers(doc: Doc, span: Span) -> bool:
    """The cue is another subject's, by a possessive a few words before it: "the state's new
    literacy requirements", "the foundation's reading grants"."""
    for i in range(max(1, span.start - NEGATION_REACH), span.start):
        if possessive(doc, i) and doc[i - 1].lower_ in IW["other_subjects"]:
            return True
    return False


def _negated(doc: Doc, span: Span) -> bool:
    """A negation in the few words before the cue, in its sentence, or inside a cue of several words
    ("no", "not", "without": "teachers could use it without training"; not "not only", nor the "no"
    of "no-cost")."""
    lowers = lower_words(doc)
    return any(lowers[i] in IW["negations"] and lowers[i + 1] not in IW["negation_fillers"]
               for i in range(before_start(doc, span.start, NEGATION_REACH), span.end - 1))


def attach_initiatives(doc: Doc, lay: Layout, owner: dict[int, District], home: District | None = None,
                       subject: District | None = None, program: str | None = None) -> None:
    """Each initiative cue to the district(s) its sentence, entry, paragraph or heading is about.
    In a local story (`home`: the district named for the dateline's town), "the district" is that
    district, not a partner named in passing; in a story about one district (`subject`: the one its
    lead opens with), so is a paragraph that names no district after paragraphs about it."""
    by_sent: dict[int, list[District]] = {}
    former: dict[int, set[int]] = {}  # sentence -> districts named there only as someone's former post
    lowers = lower_words(doc)
    themes = find_all(text_of(doc), _name_core(program)) if program else []  # the award's name names its theme
    for i, d in sorted(owner.items()):
        k = lay.sent_of[i]
        if not lay.in_parens(lay.sents[k].start, i):
            lst = by_sent.setdefault(k, [])
            if d not in lst:
                lst.append(d)
                if _after_a_career(lowers, lay.sents[k].start, i):
                    former.setdefault(k, set()).add(id(d))
    # "..., said Porter, who came to MSAD 51 after nine years with Gorham": Gorham is no subject; a
    # sentence that names only someone's former posts gives them nothing, nor does the one after it
    # ("She brought the reading nights with her"), unless it speaks of the district ("That district ...")
    past: dict[int, list[District]] = {}
    for k, lst in by_sent.items():
        by_sent[k] = [d for d in lst if id(d) not in former.get(k, ())]
        if not by_sent[k]:
            past[k] = lst
    sents_in_block: dict[int, list[int]] = {}
    named_sents = sorted(by_sent)
    for k in named_sents:
        sents_in_block.setdefault(lay.block_of[lay.sents[k].start], []).append(k)
    # a heading line passes its cues to the districts below it, until the next heading (a
    # category, "Career Pathways"; not a headline, "Area districts named to AP honor roll", nor the
    # article's title, which names the award's theme)
    heading_scope: dict[int, list[District]] = {}
    headings = {b for b in lay.order if lay.is_heading(b) or _category_line(doc, lay, b)}
    cur = None
    named = {lay.block_of[i] for i in owner}
    for b in lay.order:
        if b in headings and b not in named and not _is_title(doc, lay, b) \
                and IW["headline_verbs"].isdisjoint(lowers[i] for i in lay.blocks[b]):
            cur = b
            heading_scope[b] = []
        elif cur is not None and b in named:
            scope = _heading_entries(lay, b, owner)
            if scope is None:
                cur = None
            else:
                heading_scope[cur].extend(d for d in scope if d not in heading_scope[cur])
    # the lines under a short line that names a district describe it ("Kodiak ..., Alaska"), and
    # so does a paragraph that goes on about "the district" named last
    entry: dict[int, list[District]] = {}
    listed: set[int] = set()  # the blocks under a name line with no sentence's stop ("Elm Schools — $720,000")
    cur_entry, name_line = None, False
    last: list[District] | None = None
    department: list[District] = []
    for b in lay.order:
        here = [owner[i] for i in lay.blocks[b] if i in owner]
        if here:
            toks = lay.blocks[b]  # a short line, or a label line without a sentence's stop
            label = len(toks) <= ENTRY_LINE or len(toks) <= 30 and doc[toks[-1]].text not in SENTENCE_ENDS
            if label:
                cur_entry = list(dict.fromkeys(here))
                name_line = doc[toks[-1]].text not in SENTENCE_ENDS
            elif cur_entry and not any(i in owner for i in toks[:3]) and not set(here) & set(cur_entry):
                entry[b] = cur_entry  # its paragraph names another district in passing ("She previously led ...")
            else:
                cur_entry = None
            last = list(dict.fromkeys(here))[:1]  # the paragraph's subject, not a former district named last
            department = [d for d in here if _is_department(d)][-1:] or department
        elif b in headings:
            cur_entry = None
        elif department and _about_the_district(doc, lay, b, IW["department_openers"]):
            entry[b] = department  # "The department also ...": the department that is its LEA
        elif cur_entry:
            entry[b] = cur_entry
            if name_line:
                listed.add(b)
        elif last and _about_the_district(doc, lay, b):
            entry[b] = [home] if home is not None else last
        elif last and _opens_with_its_school(doc, lay, b, last[0]):
            entry[b] = last  # "Alcoa High School has also built out career pathways" after Alcoa City Schools'
        elif subject is not None and last == [subject] and doc[lay.first_word(b)].text not in QUOTES:
            entry[b] = [subject]
    links = _link_lines(doc, lay)
    cues = [c for c in doc.spans["cues"] if lay.block_of[c.start] not in links]
    starts = {c.start: c for c in cues}
    home_first = bool(owner) and owner[min(owner)] is home
    about_award = {}
    for span in cues:
        nxt = starts.get(span.end)
        if nxt is not None and nxt.label_ != span.label_ and lay.sent_of[nxt.start] == lay.sent_of[span.start] \
                and span.text.lower() not in IW["delivery_cues"]:
            continue  # a cue that modifies the next: "personalized professional learning"
        b = lay.block_of[span.start]
        if _excluded(doc, span) or span[0].lower_ not in IW["capitalised_cues"] and any(
                a <= span.start_char and span.end_char <= z for a, z in themes):
            continue  # (not the "Literacy" of "The 2025 Literacy Leader Districts are:"; "AP" of "AP Honor Roll"
            # is what the district offers)
        if any(i in owner for i in range(span.start, span.end)) or (
                lay.is_key_value(b) and not _label_value(doc, lay, b, span.start) and not _after_a_name(lay, b, span, owner)) or (
                _in_proper_name(doc, span) and b not in headings) or _before_a_person(doc, span):
            continue
        s = lay.sent_of[span.start]
        targets = by_sent.get(s)
        if targets and _other_subjects_clause(doc, lay, span, owner):
            continue  # "The state also launched a literacy coaching program, and Elm Schools is ..."
        ante = _antecedent(doc, lay, span, owner)
        if ante is not None and lowers[ante] in IW["award_nouns"]:
            continue  # "... earned gold distinction, which the College Board gives districts that expand AP"
        if targets and len(targets) > 1:
            targets = [owner[ante]] if ante in owner else _clause_owners(doc, lay, span, owner) or targets
        if targets and _owners_partner(doc, lay, span, owner) and (k := bisect_left(named_sents, s)) \
                and len(by_sent[named_sents[k - 1]]) == 1:
            targets = by_sent[named_sents[k - 1]]  # "the district's teacher residency, run ... in partnership
            # with Livingston Parish Public Schools": the district named before, not its partner
        if targets and _pronoun_subject(doc, lay, span, owner):
            earlier = [k for k in sents_in_block.get(b, []) if k < s]
            targets = by_sent[max(earlier)] if earlier else targets
        if targets and len(targets) > 1 and (mine := _possessor(doc, span, owner)) is not None:
            targets = [mine]  # "Students from Spring Lake Public Schools attend PCPS's agriscience program"
        elif targets and len(targets) > 1 and _after_possessive(doc, lay, span):
            # "..., but Elk Grove Unified received two awards, for its esports league": the name before "its"
            before = [owner[i] for i in range(span.start - 1, lay.sents[s].start - 1, -1) if i in owner]
            targets = before[:1] or targets
        if not targets:
            if s not in about_award:
                words = lay.sent_words(s)
                lo = lay.sents[s].start  # ("Winners are selected for their work in literacy", "The Innovation
                # Award, now in its 10th year, celebrates ...": the award's subject, its "their" and "its")
                opens = not IW["award_subjects"].isdisjoint(lowers[lo:lo + SUBJECT_WORDS])
                about_award[s] = bool(words & IW["about_the_award"]) and (
                    not words & IW["district_words"] or opens and not words & IW["district_nouns"])
            if about_award[s] and b not in headings or _opens_with_another(lowers, lay.sents[s].start, span.start) \
                    and not any(_is_department(d) for d in entry.get(b, ())):  # ("The department" that is the LEA)
                continue  # "the awards program has served as a catalyst to expand music education", "The
                # state's new literacy law requires ...", "Statewide, more districts are adding ..."
            in_block = sents_in_block.get(b, [])
            earlier = [k for k in in_block if k < s]
            later = [k for k in in_block if k > s]
            if earlier:
                k = max(earlier)
                targets = by_sent[k] or (  # after a former post, "the district" of a local story is its own
                    [home] if home is not None and lay.sent_words(s) & IW["home_words"]
                    else past.get(k, []) if lay.sent_words(s) & IW["owner_anaphors"] else [])
            elif b in listed:
                targets = entry[b]  # an entry's blurb ("Elm City Schools — $720,000" / "The district will ..."), not the story's district
            elif home is not None and any(lay.sent_words(k) & IW["home_words"] for k in range(
                    lay.sent_of[lay.block_range(b)[0]] if home_first else s, s + 1)):
                targets = [home]  # "... which the district will spend on its new trades program", "we retrained ...",
                # and, in a story that opens with it, the sentences after one in its paragraph ("Under the
                # district's plan, ... Starting next fall, ...")
            elif (k := bisect_left(named_sents, s)) and len(by_sent[named_sents[k - 1]]) == 1 \
                    and _district_possessive(doc, max(lay.sents[s].start, span.start - OWNER_REACH),
                                             min(lay.sents[s].end, span.end + OWNER_REACH)):
                targets = by_sent[named_sents[k - 1]]  # "The first is the district's Junior Apprenticeship program"
            elif later and b not in entry:
                targets = by_sent[min(later)]
            else:  # a paragraph under its district's name line is about it, not about one named later
                targets = heading_scope.get(b) or entry.get(b, [])
        partner = _partner_named(doc, span, owner)
        for d in targets:
            if d is not partner:
                d.initiatives.setdefault(span.label_, Found(span.label_, span.start_char, span.end_char, span.id_))


def _link_lines(doc: Doc, lay: Layout) -> set[int]:
    """Lines that link to other pages: one that opens with "Related:" or "Read more:", and the lines of
    the paragraph under such a label standing alone ("Related:" / "- Maryville High School band heads to
    state")."""
    lowers, out, under = lower_words(doc), set(), False
    for b in lay.order:
        toks, label = lay.blocks[b], 0
        if lowers[toks[0]] in LINK_OPENERS:
            words = [lowers[i] for i in toks[:5]]
            label = next((k for k in range(1, 4) if words[k:k + 1] == [":"] and " ".join(words[:k]) in IW["link_labels"]), 0)
        under = under and not lay.starts_paragraph(b) or 0 < label == len(toks) - 1
        if label or under:
            out.add(b)
    return out


LINK_OPENERS = {label.split()[0] for label in IW["link_labels"]}


def _name_core(program: str) -> str:
    """A programme's name without its last word when that is a generic one ("Georgia Literacy Leader District
    Designation" -> "... District", found in a heading "2025 Georgia Literacy Leader Districts"), and without a
    plural's "s" ("Early Literacy Partnership Grants" is found in "Early Literacy Partnership Grant recipients")."""
    words = program.split()
    core = " ".join(words[:-1]) if len(words) > 2 and words[-1].lower() in PROGRAM_TAILS else program
    return core[:-1] if core.endswith("s") and len(core.split()) > 1 else core


PROGRAM_TAILS = rules.words("programs.yaml", "trailing")


def _opens_with_another(lowers: list[str], lo: int, i: int) -> bool:
    """A sentence that names no district and opens with another subject in its first words, and does
    not speak of the district before the cue: the state, a law, an association, districts in general."""
    return not IW["other_openers"].isdisjoint(lowers[lo:min(i, lo + SUBJECT_WORDS)]) \
        and IW["district_words"].isdisjoint(lowers[lo:i])  # (not "The council cited the district's ...")


SUBJECT_WORDS = 5  # the first words of a sentence that hold its subject ("The Iowa Rural Council represents")


def _after_a_career(lowers: list[str], lo: int, i: int) -> bool:
    """The name at token i follows a word of someone's career a few words before it, in its
    sentence: "former", "previously", "after nine years with the", or the "from" of an arrival ("who came
    to RSU 14 from the Gorham School Department")."""
    window = lowers[max(lo, i - CAREER_REACH):i]
    came_from = window[-2:] in (["from", "the"], ["the", "from"]) or window[-1:] == ["from"]
    return any(w in IW["former_words"] for w in window) or any(
        (a, b) in CAREER_PAIRS for a, b in zip(window, window[1:])) or came_from and not IW["arrival_verbs"].isdisjoint(
        lowers[lo:i])


def _is_title(doc: Doc, lay: Layout, b: int) -> bool:
    """The article's first line, set apart by a blank line: its title."""
    nxt = lay.next_block(b)
    return b == lay.order[0] and nxt is not None and lay.starts_paragraph(nxt)


def _heading_entries(lay: Layout, b: int, owner: dict[int, District]) -> list[District] | None:
    """The districts line b adds to the heading above it: an entry that opens with a district's name
    ("Nixa Public Schools — In the Springfield suburb of Nixa ...", "Winner: Cabarrus County
    Schools") adds that district, not the ones its description names in passing; a short name line
    or a sentence ("Frequently mentioned are ...") adds all it names. None: a sentence that speaks of
    the categories themselves ("Category finalists were ...") ends the heading's reach."""
    toks = lay.blocks[b]
    here = list(dict.fromkeys(owner[i] for i in toks if i in owner))
    k = toks.index(lay.first_word(b))
    colon = next((j + 1 for j in range(k, min(k + 4, len(toks) - 1)) if lay.doc[toks[j]].text == ":"), k)
    if any(i in owner for i in toks[colon:colon + 2]):
        return here[:1] if len(toks) > ENTRY_LINE else here
    words = lower_words(lay.doc)
    return None if any(words[i] in IW["category_words"] for i in toks) else here


def _antecedent(doc: Doc, lay: Layout, span: Span, owner: dict[int, District]) -> int | None:
    """The word a ", which ..." clause holding the cue speaks of: the end of a district's name
    ("Lebanon Special School District, which has put a literacy coach in every school, and ...") or
    a noun ("gold distinction, which the College Board gives districts that expand AP access")."""
    sent = lay.sents[lay.sent_of[span.start]]
    lowers = lower_words(doc)
    listed = False  # past a comma, only a recognition's terms: "Exemplary status, which is based on
    # achievement, graduation rates and progress among English learners"
    for i in range(span.start - 1, sent.start + 1, -1):
        if i in owner:
            return None
        if lowers[i] in IW["relative_words"] and lowers[i - 1] == ",":
            return i - 2 if not listed or lowers[i - 2] in IW["award_nouns"] else None
        listed = listed or lowers[i] == ","
    return None


def _pronoun_subject(doc: Doc, lay: Layout, span: Span, owner: dict[int, District]) -> bool:
    """"It opened a career high school in 2023, and Magnolia families can apply": the sentence opens
    with a pronoun and names no district before the cue."""
    sent = lay.sents[lay.sent_of[span.start]]
    return doc[sent.start].lower_ in IW["pronoun_openers"] and not any(i in owner for i in range(sent.start, span.start))


def _clause(doc: Doc, lay: Layout, span: Span) -> tuple[int, int]:
    """The clause the cue stands in: its sentence, parted by ";" or ", and", ", but", ", while"."""
    sent = lay.sents[lay.sent_of[span.start]]
    a = span.start
    while a > sent.start and not _clause_break(doc, a - 1):
        a -= 1
    z = span.end
    while z < sent.end and not _clause_break(doc, z):
        z += 1
    return a, z


def _other_subjects_clause(doc: Doc, lay: Layout, span: Span, owner: dict[int, District]) -> bool:
    """The cue stands in a clause of its own that names no district and opens with another
    subject: "The state also launched ..." (not "judges highlighted its language immersion
    program": "its" after a plural subject is the district's)."""
    a, z = _clause(doc, lay, span)
    if any(i in owner for i in range(a, z)):
        return False
    first = [t.lower_ for t in doc[a:min(z, a + 3)] if t.is_alpha and t.lower_ != "the"][:1]
    plural_its = bool(first) and first[0].endswith("s") and "its" in lower_words(doc)[a:span.start]
    return bool(first) and first[0] in IW["other_subjects"] and not plural_its


def _clause_owners(doc: Doc, lay: Layout, span: Span, owner: dict[int, District]) -> list[District]:
    """"Wray School District moved to a four-day week in 2019, and the Akron School District fields
    a football team": the districts of the cue's clause, when the sentence's other clauses say more
    than names (not the ", and" of a list: "Elm, Oak, and Pine school districts launched ...")."""
    a, z = _clause(doc, lay, span)
    sent = lay.sents[lay.sent_of[span.start]]
    here = list(dict.fromkeys(owner[i] for i in range(a, z) if i in owner))
    rest = [t for t in [*doc[sent.start:a], *doc[z:sent.end]] if t.is_alpha and t.i not in owner]
    return here if len(rest) > CLAUSE_WORDS else []


def _clause_break(doc: Doc, i: int) -> bool:
    """Token i ends a clause: ";", or the comma of ", and" / ", but" / ", while"."""
    w = lower_words(doc)
    return w[i] == ";" or w[i] == "," and i + 1 < len(w) and w[i + 1] in IW["clause_joiners"] \
        or w[i] in IW["clause_joiners"] and i > 0 and w[i - 1] == ","


def _partner_named(doc: Doc, span: Span, owner: dict[int, District]) -> District | None:
    """"Gaggle partners with Clayton County Public Schools", "our partnership with the Special School
    District": the district after "with" is the partner, not the one whose initiative it is."""
    if span.label_ not in IW["partner_labels"]:
        return None
    i = span.end - 1 if doc[span.end - 1].lower_ == "with" else span.end
    if i >= len(doc) or doc[i].lower_ != "with":
        return None
    i += 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "the")
    return owner.get(i)


def _owners_partner(doc: Doc, lay: Layout, span: Span, owner: dict[int, District]) -> bool:
    """The cue follows "the district's" in its sentence, or the sentence opens with "The district", and every
    district the sentence names stands after "with" or a neighbour's word: the partners or neighbours of the
    district that "the district" is ("The district raised starting pay above that of neighboring Round Rock
    ISD and runs a yearlong teacher residency")."""
    sent = lay.sents[lay.sent_of[span.start]]
    lowers = lower_words(doc)
    named = [i for i in range(sent.start, sent.end) if i in owner and owner.get(i - 1) is not owner[i]]  # name starts
    first = _first_words(doc, sent, 2)
    opens = len(first) == 2 and first[0] == "the" and first[1] in IW["owner_anaphors"]  # "The district ..."
    return bool(named) and (opens or _district_possessive(doc, max(sent.start, span.start - OWNER_REACH), span.start)) \
        and all(lowers[i - 1] in IW["aside_before"] or lowers[i - 1] == "the" and lowers[i - 2] in IW["aside_before"]
                for i in named)


def _first_words(doc: Doc, sent, n: int) -> list[str]:
    """The sentence's first n words, lower-cased (a sentence after a blank line opens with its line break)."""
    return list(islice((w for w in lower_words(doc)[sent.start:sent.end] if not w.isspace()), n))


def _after_possessive(doc: Doc, lay: Layout, span: Span) -> bool:
    """"for its esports league", "a computer science program in its middle schools": a singular possessive a
    few words before or after the cue, in its sentence."""
    sent = lay.sents[lay.sent_of[span.start]]
    near = lower_words(doc)[max(sent.start, span.start - 6):min(sent.end, span.end + 4)]
    return not IW["possessives"].isdisjoint(near)


def _opens_with_its_school(doc: Doc, lay: Layout, b: int, d: District) -> bool:
    """The paragraph opens with a school named for the district's place ("Alcoa High School ..." after a
    paragraph about Alcoa City Schools): one of its schools, so its initiatives are the district's."""
    words, toks = place_of(d.name).split(), lay.blocks[b]
    n = len(words)
    return 0 < n < len(toks) and [doc[i].text for i in toks[:n]] == words and doc[toks[n]].lower_ in SCHOOL_WORDS


def _about_the_district(doc: Doc, lay: Layout, b: int, words: frozenset | set | None = None) -> bool:
    """"The district ...", "The district's ...", "Its ...": a paragraph about the district named last."""
    toks = lay.blocks[b]
    first = [doc[i].lower_ for i in toks[:2]]
    openers = IW["follow_on_openers"] if words is None else words
    return bool(first) and (first[0] in openers or
                            (len(first) == 2 and first[0] == "the" and first[1] in openers))
