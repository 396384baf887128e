"""Figures, head first: each head the "quantities" ruler found ("students", "-student",
"Enrollment") is read with the number beside it and the cue word before it
(extractors/patterns/quantities.yaml), then the figure's named checks run.
"""
from __future__ import annotations

from dataclasses import dataclass
from spacy.tokens import Doc, Span

from extractors import rules
from extractors.rules import check
from extractors.values import POSSESSIVE, lower_before, lower_words, number, sentence_end

FILE = "quantities.yaml"
RULES = rules.rules_of(FILE)
W = {k: rules.words(FILE, k) for k in rules.lexicon(FILE)}
CUES: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # field -> (words before the number, rule id)
AFTER: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # field -> (the words right after the head, rule id)
HOW = {c["id"]: c["how"] for c in rules.load_yaml(FILE)["cues"]}
for _cue in rules.load_yaml(FILE)["cues"]:
    CUES.setdefault(_cue["field"], []).extend(
        (tuple(w.lower().split()), _cue["id"]) for w in _cue.get("before", []))
    AFTER.setdefault(_cue["field"], []).extend((tuple(w.lower().split()), _cue["id"]) for w in _cue.get("after", []))
for _field in CUES:
    CUES[_field].sort(key=lambda c: -len(c[0]))
COMPOUND_REACH = 6  # the words after "-student" where the noun it describes stands ("-student, four-school district")
LIMITS = {"enrollment": (1, 2_000_000), "schools": (1, 2_000)}


@dataclass
class Figure:
    field: str
    value: int
    num: tuple[int, int]        # token range of the number ("1.2 million")
    start: int                  # token range of the evidence (cue to head)
    end: int
    rule: str
    head: tuple[int, int]
    kind: str                   # "count", "compound" or "key"
    how: str = ""               # the cue's kind (quantities.yaml `how`), or "approximate", "entry",
    #                             "key", "compound" for a figure without a cue word
    cue: int | None = None      # token index where the cue word starts
    states_at_end: dict[int, Span] | None = None
    doc: Doc | None = None


def _number_before(doc: Doc, j: int) -> tuple[int, int, int] | None:
    """(start, end, value) of the number that ends at token j (inclusive): "4,900", "1.2 million",
    "twelve hundred", "fifty-five hundred", "four thousand two hundred", "two dozen", "a dozen"."""
    if j < 0:
        return None
    t = doc[j]
    mult = _multiplier(t.lower_)
    if mult:
        if mult == 12 and j >= 1 and doc[j - 1].lower_ in {"a", "one"}:
            return j - 1, j + 1, 12
        got = _count_before(doc, j - 1, float_ok=mult > 100)
        if got is None:
            return None
        start, value = got[0], int(got[1] * mult)
        if mult == 100 and start >= 2 and doc[start - 1].lower_ in W["thousand"]:  # "four thousand two hundred"
            more = _count_before(doc, start - 2)
            if more is not None:
                start, value = more[0], value + int(more[1]) * 1000
        return start, j + 1, value
    if t.text == "+" and j >= 1:
        j = j - 1
    got = _count_before(doc, j)
    return (got[0], j + 1, int(got[1])) if got is not None else None


def _multiplier(word: str) -> int:
    return 1_000_000 if word in W["million"] else 1_000 if word in W["thousand"] \
        else 100 if word in W["hundred"] else 12 if word in W["dozen"] else 0


def _count_before(doc: Doc, j: int, float_ok: bool = False) -> tuple[int, float] | None:
    """(start, value) of the plain number that ends at token j: "4,900", "seven", and "fifty-five",
    which the tokenizer splits at its hyphen."""
    if j < 0 or not doc[j].like_num:
        return None
    n = _num(doc[j].text, float_ok=float_ok)
    if n is None:
        return None
    if j >= 2 and doc[j - 1].text == "-" and not doc[j - 2].whitespace_ and not doc[j - 1].whitespace_:
        tens = number(doc[j - 2].text)
        if tens is not None and tens % 10 == 0 and 20 <= tens <= 90 and n < 10 and doc[j].is_alpha:
            return j - 2, tens + n
    return j, n


def _num(text: str, float_ok: bool = False) -> float | None:
    """A number as written; "1.2" only where a multiplier follows ("1.2 million")."""
    if float_ok:
        try:
            return float(text.replace(",", ""))
        except ValueError:
            pass
    if "." in text.strip("."):
        return None
    return number(text)


def _number_after(doc: Doc, k: int, limit: int) -> tuple[int, int, int] | None:
    while k < limit and (doc[k].lower_ in W["key_marks"] or doc[k].lower_ in W["qualifiers"]):
        k += 1
    if k < limit and doc[k].like_num:
        end = k + 1
        if end < len(doc) and doc[end].lower_ in W["million"]:
            n = _num(doc[k].text, float_ok=True)
            return (k, end + 1, int(n * 1_000_000)) if n is not None else None
        n = _num(doc[k].text)
        return (k, end, int(n)) if n is not None else None
    return None


def _cue(doc: Doc, field: str, k: int) -> tuple[int, str] | None:
    """The cue that ends at token k (inclusive): (its first token, its rule id)."""
    lowers = lower_words(doc)
    for words, rule in CUES.get(field, []):
        n = len(words)
        if k - n + 1 >= 0 and (not n or lowers[k] == words[-1]) and tuple(lowers[k - n + 1:k + 1]) == words:
            return k - n + 1, rule
    return None


def read(doc: Doc, span: Span, line_start: set[int]) -> Figure | None:
    """The figure of one head match, or None when no number stands where the rule wants it."""
    rule = RULES[span.id_]
    field = rule["field"]
    h0, h1 = span.start, span.end
    if rule.get("key"):
        got = _number_after(doc, h1, min(len(doc), h1 + 6))
        if got is None or any(doc[i].is_space for i in range(h1, got[0])):
            return None
        verb = _cue(doc, field, h1 - 1) if rule.get("how") == "verb" else None
        if verb is not None:  # "enrolls just under 4,200.": the verb is the cue
            return Figure(field, got[2], (got[0], got[1]), h0, got[1], verb[1], (h0, h1), "count", "verb", cue=h0,
                          doc=doc)
        return Figure(field, got[2], (got[0], got[1]), h0, got[1], f"{field}.key_value", (h0, h1), "key", "key",
                      doc=doc)
    if rule.get("compound"):
        got = _number_before(doc, h0 - 1)
        if got is None:
            return None
        name = "enrollment.n_student" if field == "enrollment" else "schools.n_school"
        return Figure(field, got[2], (got[0], got[1]), got[0], h1, name, (h0, h1), "compound", "compound", doc=doc)
    j = h0 - 1
    while j >= 0 and h0 - j <= 3 and doc[j].lower_ in W["modifiers"]:
        j -= 1
    got = _number_before(doc, j)
    # "Students: 4,900", "Number of schools: 6" (not "runs five schools: two elementary buildings, ...")
    if got is None and h1 < len(doc) and doc[h1].text == ":":
        after = _number_after(doc, h1, min(len(doc), h1 + 4))
        if after is not None:
            return Figure(field, after[2], (after[0], after[1]), h0, after[1], f"{field}.key_value", (h0, h1), "key",
                          "key", doc=doc)
    if got is None:
        return _all_of(doc, field, j, (h0, h1))
    n0, n1, value = got
    k = n0 - 1
    approx = False
    while k >= 0 and n0 - k <= 4 and doc[k].lower_ in W["qualifiers"]:
        approx = approx or doc[k].lower_ in W["approximate"]
        k -= 1
    cue = _cue(doc, field, k)
    if cue is None:  # a qualifier may double as a cue word ("of", "its")
        for kk in range(k + 1, n0):
            cue = _cue(doc, field, kk)
            if cue is not None:
                break
    if cue is None and field == "enrollment" and _opens_sentence(doc, k, h1):
        cue = k, "enrollment.at"  # "At 2,400 students, Galena Park ..."
    if cue is not None and HOW[cue[1]] == "possessive":
        share = _share(doc, field, cue[0])
        if share is not None:
            return Figure(field, share[2], (share[0], share[1]), share[3], h1, share[4], (h0, h1), "count",
                          HOW[share[4]], cue=share[3], doc=doc)
    lowers = lower_words(doc)
    after = next((rule for words, rule in AFTER.get(field, []) if tuple(lowers[h1:h1 + len(words)]) == words), None)
    if cue is not None:
        (start, name), how = cue, HOW[cue[1]]
    elif after is not None:  # "Fewer than 2,000 students attend the district"
        start, name, how = k + 1, after, HOW[after]
    elif (n0 in line_start or k + 1 in line_start or k >= 0 and doc[k].text in {"•", "-", "–", "*", "|"}
          and k + 1 in line_start) and _stands_alone(doc, h1) or _after_entry_dash(doc, k, h1):
        start, name, how = k + 1, f"{field}.entry", "entry"  # "• 11,000 students", "About 7,000 students." under a name
    elif approx and field == "enrollment":
        start, name, how = k + 1, "enrollment.approximate", "approximate"
    elif field == "enrollment" and (paren := _paren_after_name(doc, k)) is not None:
        start, name, how = paren, "enrollment.paren", "verb"  # "Hilliard City Schools (Franklin County, 16,500 students)"
    else:
        return None
    return Figure(field, value, (n0, n1), start, h1, name, (h0, h1), "count", how, cue=start if cue else None, doc=doc)


def _opens_sentence(doc: Doc, k: int, h1: int) -> bool:
    """Token k opens its sentence with an opening cue and a comma ends the figure ("At 2,400 students, ...")."""
    return k >= 0 and doc[k].lower_ in W["opening_cues"] and doc[k].is_sent_start and h1 < len(doc) \
        and doc[h1].text == ","


def _stands_alone(doc: Doc, h1: int) -> bool:
    """An entry line's figure ends its clause or leads to the next figure ("• 11,000 students", "• 11,000
    students in 16 schools"); not the subject of a sentence ("Two schools in Pell Creek were honored")."""
    return h1 >= len(doc) or doc[h1].text in ENTRY_FIGURE_ENDS or doc[h1].is_space or (
        doc[h1].lower_ in W["entry_links"] and h1 + 1 < len(doc) and doc[h1 + 1].like_num)


def _paren_after_name(doc: Doc, k: int) -> int | None:
    """The "(" of a parenthesis that opens right after a name and holds the figure after a comma or
    a semicolon: "Hilliard City Schools (Franklin County, 16,500 students)"; None if there is none."""
    if k < 1 or doc[k].text not in {",", ";"}:  # (and "(Kimberly; about 5,000 students)")
        return None
    for i in range(k - 1, max(k - PAREN_REACH, 0), -1):
        if doc[i].text in {")", ".", ";"}:
            return None
        if doc[i].text == "(":
            return i if doc[i - 1].is_title else None
    return None


def _after_entry_dash(doc: Doc, k: int, h1: int) -> bool:
    """"• Pell Creek School District (Harlan) — 4,200 students", "1. Pell Creek School District —
    Harlan, IA — 4,200 students — for robotics", "Pell Creek School District (Harlan, Iowa): 4,200
    students, 6 schools": a dash after a name, a place or a parenthesis (a colon after a
    parenthesis), then the figure alone up to its clause's end or the next dash."""
    if k < 1 or not (doc[k].text in W["entry_dashes"] and (doc[k - 1].is_title or doc[k - 1].is_upper)
                     or doc[k].text in AFTER_PAREN and doc[k - 1].text == ")" or _place_colon(doc, k)):
        return False
    return h1 >= len(doc) or doc[h1].text in ENTRY_FIGURE_ENDS or doc[h1].is_space


def _place_colon(doc: Doc, k: int) -> bool:
    """"2. Fort Wayne Community Schools, Fort Wayne, Indiana: 29,000 students": the colon after an entry's
    place, a title-case word with a comma before it on its line."""
    if doc[k].text != ":" or not doc[k - 1].is_title:
        return False
    for i in range(k - 2, max(-1, k - ENTRY_REACH), -1):
        if doc[i].text == ",":
            return True
        if "\n" in doc[i].text or doc[i].text in {":", ".", ";"}:
            return False
    return False


ENTRY_REACH = 16  # tokens back from an entry's colon to its line's start
AFTER_PAREN = W["entry_dashes"] | {":"}  # what may stand between an entry's parenthesis and its figure
ENTRY_FIGURE_ENDS = W["clause_ends"] | W["entry_dashes"]  # what may follow an entry's figure
PAREN_REACH = 6  # tokens back from a figure's comma to the "(" of its parenthesis


def _all_of(doc: Doc, field: str, j: int, head: tuple[int, int]) -> Figure | None:
    """"in all 65 of its schools": every one of them, so the district's count."""
    k = j
    if k >= 0 and doc[k].lower_ in W["owners"]:
        k -= 1
        if k >= 0 and doc[k].lower_ == "the":  # "of the district's"
            k -= 1
    elif k >= 2 and doc[k].text in {"’s", "'s"} and doc[k - 1].lower_ in {"district", "system"} \
            and doc[k - 2].lower_ == "the":
        k -= 3
    else:
        return None
    if k < 2 or doc[k].lower_ != "of":
        return None
    got = _number_before(doc, k - 1)
    if got is None or got[0] < 1 or doc[got[0] - 1].lower_ != "all":
        return None
    return Figure(field, got[2], (got[0], got[1]), got[0] - 1, head[1], f"{field}.all_of", head, "count", "all_of",
                  doc=doc)


def _share(doc: Doc, field: str, owner_mark: int) -> tuple[int, int, int, int, str] | None:
    """"educates 12,345 of the state's 98,000 students": the district's share, not the state's
    total. (number start, end, value, cue start, rule) of the share, or None."""
    k = owner_mark - 2  # the owner ("state") stands before "'s"
    if k >= 1 and doc[k - 1].lower_ == "the":
        k -= 1
    if k < 2 or doc[k - 1].lower_ != "of":
        return None
    got = _number_before(doc, k - 2)
    if got is None:
        return None
    cue = _cue(doc, field, got[0] - 1)
    return (got[0], got[1], got[2], cue[0], cue[1]) if cue else None


# ---------------------------------------------------------------- figure checks

@check("not_a_range")
def not_a_range(f: Figure) -> bool:
    """"5,000 to 20,000 students", "K-5 and 6-8 schools": a band, not a figure."""
    doc, i = f.doc, f.num[0]
    prev = doc[i - 1] if i else None
    if prev is None:
        return True
    if prev.like_num:
        return False
    return not (prev.lower_ in W["range_marks"] and i >= 2 and doc[i - 2].like_num and f.kind != "key")


@check("not_a_band")
def not_a_band(f: Figure) -> bool:
    """"open to districts with fewer than 10,000 students": the award's band."""
    doc, i = f.doc, f.start
    if doc[i].lower_ in W["band_links"]:
        k = i - 1
    elif i >= 1 and doc[i - 1].lower_ in W["band_links"]:
        k = i - 2
    else:
        return True
    counted = k >= 1 and doc[k - 1].like_num  # "has 139 schools with around 183,000 students"
    # "one of the state's larger districts with roughly 12,500 students": a point, no bound
    point = not W["point_qualifiers"].isdisjoint(lower_words(doc)[i:f.num[0]]) and not (
        f.head[1] < len(doc) and doc[f.head[1]].lower_ in W["range_marks"] | {"or"})
    # "..., one of Iowa's fastest-growing districts with more than 11,000 students": one district's size
    words = lower_words(doc)[max(k - ONE_OF_REACH, 0):k]
    one_of = any(a == "one" and b == "of" for a, b in zip(words, words[1:]))
    return not (k >= 0 and doc[k].lower_ in W["band_before"] and not counted and not point and not one_of)


ONE_OF_REACH = 8  # words before a band's plural noun where "one of" makes it one district's description


@check("not_another_district")
def not_another_district(f: Figure) -> bool:
    """"leave a district of 14,000 students for ...", "range from a 15,000-student suburban system
    to tiny Bexley": an indefinite district that is a range's end, a comparison's other term or a
    place left behind, not the district named beside it."""
    doc = f.doc
    if not (f.kind == "compound" or f.how == "of"):
        return True
    a = f.start - 1
    return not (a >= 1 and doc[a].lower_ in W["indefinite"] and doc[a - 1].lower_ in W["other_district_before"])


@check("not_a_total")
def not_a_total(f: Figure) -> bool:
    """"the state's 98,000 students", "California's 6 million students", "... students
    statewide": the figure is a state's, the nation's or another body's."""
    doc = f.doc
    i = f.start
    if f.how == "possessive" and i >= 1:
        owner = doc[i - 1]
        if owner.lower_ in W["total_owners"] or (f.states_at_end and i in f.states_at_end):
            return False
    if f.kind == "key" and i >= 1:  # "Statewide enrollment is ...", "The state's enrollment has climbed to ..."
        if doc[i - 1].lower_ in W["total_words"] or doc[i - 1].text in POSSESSIVE and i >= 2 and (
                doc[i - 2].lower_ in W["total_owners"] or f.states_at_end and i - 1 in f.states_at_end):
            return False
    after = [t.lower_ for t in doc[f.head[1]:f.head[1] + 4]]
    if any(w in W["total_words"] for w in after[:2]):
        return False
    return not (after[:2] == ["across", "the"] and len(after) > 2 and after[2] in W["total_owners"])


@check("ends_its_clause")
def ends_its_clause(f: Figure) -> bool:
    """"Pell Creek enrolls just under 4,200.": nothing but the clause's end (or the district's school
    count) after the number."""
    e = f.num[1]
    return e >= len(f.doc) or f.doc[e].text in W["clause_ends"] or f.doc[e].is_space or before_a_school_count(f)


@check("before_a_school_count")
def before_a_school_count(f: Figure) -> bool:
    """"serves roughly 7,400 across 12 schools": the bare figure, then "across", "in" or "at" and the
    district's schools."""
    doc, e = f.doc, f.num[1]
    return e + 2 < len(doc) and doc[e].lower_ in W["reach_cues"] and doc[e + 1].like_num \
        and doc[e + 2].lower_ in W["school_subjects"]


@check("not_a_label")
def not_a_label(f: Figure) -> bool:
    """"More than 20,000 students: Charlotte-Mecklenburg Schools": a category's label (not a verb's
    object that a colon explains: "runs five schools: two elementary buildings, ...")."""
    doc, e = f.doc, f.head[1]
    if f.start and doc[f.start - 1].text in W["entry_dashes"] and (
            f.how == "entry" or f.start > 1 and (doc[f.start - 2].is_title or doc[f.start - 2].is_upper)):
        return True  # "Pell Creek School District — 4,200 students — for robotics": between an entry's dashes
        # (or a name's: "Bozeman School District — roughly 7,500 students — won")
    return f.kind == "key" or f.how == "verb" or not (e < len(doc) and doc[e].text in {":", "–", "—"})


@check("not_a_part")
def not_a_part(f: Figure) -> bool:
    """"a pilot with 60 students from Great Neck", "400 students at Lincoln High"."""
    doc, e = f.doc, f.head[1]
    if f.cue is not None and doc[f.cue].lower_ in W["whole_verbs"]:
        return True  # "serves 1,900 students from Haddam and Killingworth": all its students
    if e < len(doc) and doc[e].lower_ in W["part_after"]:
        return e + 1 < len(doc) and doc[e + 1].like_num  # "students at 1,500 schools" is fine
    return True


SENTENCE_REACH = 60  # words before a cue that "in the sentence" looks at


@check("not_a_programs_reach")
def not_a_programs_reach(f: Figure) -> bool:
    """"placed therapists in 14 schools", "runs the pilot at six schools": the schools a programme
    reaches, not the district's count. "In", "across", "at" give a count only after the district's
    students or a verb of serving them in the sentence ("15,000 students in 30 schools")."""
    c, doc = f.cue, f.doc
    if c is None or doc[c].lower_ not in W["reach_cues"] or f.num[0] and owner_word(doc[f.num[0] - 1].lower_):
        return True  # (and "among its five campuses" is all of them)
    return any(w in W["whole_before_reach"] for w in lower_before(doc, c, SENTENCE_REACH))


@check("all_its_schools")
def all_its_schools(f: Figure) -> bool:
    """"Its five schools serve 1,350 students", "The district's schools serve ...": every school,
    so the district's students; not "its three elementary schools serve 900 students"."""
    c = f.cue
    if c is None or c == 0 or f.doc[c].lower_ not in W["school_subjects"]:
        return True
    prev = f.doc[c - 1]
    return prev.like_num or owner_word(prev.lower_)


def owner_word(word: str) -> bool:
    """A possessive mark or an owner's word (lower-cased) before a count or a subject: "the
    district's", "its", "their"."""
    return word in POSSESSIVE or word in W["owners"]


@check("not_a_change")
def not_a_change(f: Figure) -> bool:
    """"adding about 1,100 students", "lost 300 students", "an increase of 450 students": a change in
    enrollment, not the enrollment ("has grown to 5,900 students" is)."""
    lowers = lower_words(f.doc)
    k = f.num[0] - 1
    while k >= 0 and lowers[k] in W["qualifiers"] and lowers[k] not in {"of", "to"}:
        k -= 1
    if k >= 1 and lowers[k] in {"of", "by"}:
        return lowers[k - 1] not in W["change_words"]
    return k < 0 or lowers[k] not in W["change_words"]


@check("not_the_honoured_ones")
def not_the_honoured_ones(f: Figure) -> bool:
    """"Pell Creek had five schools on the honor roll", "placed seven schools among the top 50": the
    schools that won, not the district's count ("its five schools were all honored" is all of them)."""
    lowers, e = lower_words(f.doc), f.head[1]
    if f.num[0] and owner_word(lowers[f.num[0] - 1]):
        return True
    return not any(tuple(lowers[e:e + len(p)]) == p for p in HONOURED_AFTER)


HONOURED_AFTER = [tuple(p.split()) for p in W["honoured_after"]]


@check("not_then")
def not_then(f: Figure) -> bool:
    """"Ten years ago Pell Creek was a district of about 2,000 students", "When she arrived, the
    district had 3,000 students": a past figure (a past verb at the cue, a time before it earlier in
    the sentence), not today's ("enrolled 4,200, up from 4,000 a decade ago" is today's)."""
    doc, c = f.doc, f.cue if f.cue is not None else f.start
    lowers = lower_words(doc)
    # "In 2012 it enrolled 6,500 students in nine schools; today it serves 9,000 students in 14": after a
    # past verb, a clause that opens with a word for now gives the same head a figure again, later in the
    # sentence (not "which serves about 2,900 students, currently places 22 students in ...")
    e = f.head[1]
    later = lowers[e:sentence_end(doc, e)]
    now = next((k for k, w in enumerate(later) if w in W["now_markers"] and k and later[k - 1] in W["now_after"]), None)
    if now is not None and not W["then_verbs"].isdisjoint(lower_before(doc, c + 1, SENTENCE_REACH)) \
            and any(w == lowers[f.head[0]] and doc[e + k - 1].like_num for k, w in enumerate(later) if k > now):
        return False
    if W["then_verbs"].isdisjoint(lowers[max(c - 3, 0):c + 1]):
        return True
    rest = []  # "RCSD enrolled more than 30,000 students a decade ago": the time in the figure's own clause
    for w in lowers[e:e + THEN_AFTER]:
        if w in W["clause_ends"]:
            break
        rest.append(w)
    said = " " + " ".join([*lower_before(doc, c, SENTENCE_REACH), *rest]) + " "
    return not any(f" {m} " in said for m in W["then_markers"])


THEN_AFTER = 6  # words after a figure's head that may say when it was ("... students a decade ago")


@check("not_a_household")
def not_a_household(f: Figure) -> bool:
    """"He and his wife have three children": a person's family, not a district's students."""
    c = f.cue
    return c is None or c == 0 or f.how != "verb" or f.doc[c - 1].lower_ not in W["household_subjects"]


@check("describes_a_district")
def describes_a_district(f: Figure) -> bool:
    """"a 24,250-student district", "the 48,000-student Marion County", "the 2,100-student,
    four-school district", not "a 300-student school"."""
    doc = f.doc
    for t in doc[f.head[1]:f.head[1] + COMPOUND_REACH]:
        if t.lower_ in W["compound_nouns"]:
            return True
        if t.lower_ in W["compound_not"] and not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in W["compound_nouns"]):
            return False
        if t.is_title and not t.is_sent_start:
            return True  # a name follows: attachment decides whose it is
    return False


def figures(doc: Doc, line_start: set[int], states_at_end: dict[int, Span]) -> list[Figure]:
    out = []
    seen: set[tuple[str, int]] = set()
    for span in doc.spans["quantities"]:
        f = read(doc, span, line_start)
        if f is None or not LIMITS[f.field][0] <= f.value <= LIMITS[f.field][1]:
            continue
        f.states_at_end = states_at_end
        if (f.field, f.num[0]) in seen:
            continue
        if all(fn(f) for fn in rules.checks_of(RULES[span.id_])):
            out.append(f)
            seen.add((f.field, f.num[0]))
    return out

