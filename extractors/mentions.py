"""District mentions, head first: each head the "districts" ruler found grows into a name over
the tokens beside it (extractors/patterns/districts.yaml says which way and which checks run);
then subjects ("Fort Wayne serves 29,000 students"), acronyms and short forms of those names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from spacy.tokens import Doc, Span

from extractors import gazetteer, rules
from extractors.values import Found, Mention, lower_words, possessive, span_text
from schemas.names import loose_key

FILE = "districts.yaml"
RULES = rules.rules_of(FILE)
W = {k: rules.words(FILE, k) for k in rules.lexicon(FILE)}
CONNECTORS = {"-", "’s", "'s", "&", "(", ")"}
MAX_NAME = 9
# a district's number or letter code: "63", "49-5", "51J", "R-1", "RE-2", "RE-1J", "Re-6", "R2-J",
# "C-6", and a token of a split one ("R2", "III" of "R-III"); not a grade band ("K-12", "PK-8")
CODE = re.compile(r"\d{1,3}(?:-\d{1,2})?[A-Z]?|(?!P?K-?\d)[A-Z][A-Za-z]?-?\d{1,2}[A-Z]{0,2}(?:-[A-Z]{1,2})?"
                  r"|(?:[A-Z]{1,2}-)?[IVX]{2,5}")
PLACE_TAIL = W["qualifiers"] | W["place_qualifiers"]  # words is_place_name drops from a place's end


@dataclass
class Candidate:
    """A district name grown from one head, before and while its checks run."""
    doc: Doc
    rule: dict[str, Any]
    head: tuple[int, int]
    start: int
    end: int
    states_at: dict[int, Span]
    parts: list[tuple[int, int]] = field(default_factory=list)  # conjuncts of a coordination
    place_inside: tuple[int, int] | None = None
    state: Span | None = None

    @property
    def span(self) -> Span:
        return self.doc[self.start:self.end]

    @property
    def text(self) -> str:
        """self.span.text, without building the Span."""
        return span_text(self.doc, self.start, self.end)

    @cached_property
    def place(self) -> str:
        """The name without its head words and without an AP place inside it (read by the checks,
        after the name is trimmed: computed once)."""
        lowers, inside = lower_words(self.doc), self.place_inside
        return " ".join(self.doc[i].text for i in range(self.start, self.end)
                        if lowers[i] not in W["head_words"] and not (inside and inside[0] - 1 <= i < inside[1] + 1))


# ---------------------------------------------------------------- growing a name from its head

def name_word(tok) -> bool:
    """A word that can sit in a district's name: capitalised, not a stop word, or a connector; a
    number between two name words ("Summit 14 Valley Schools"), and a number's name after it
    ("Adams 12 Five Star Schools")."""
    if tok.is_space:
        return False
    text, lower = tok.text, tok.lower_  # (each read once: a string lookup per access)
    if text in CONNECTORS:  # (a spaced dash ends a name: "HARLAN, Iowa (KXYZ) - Pell Creek School District")
        return not (text == "-" and tok.whitespace_ and tok.i and tok.doc[tok.i - 1].whitespace_)
    if tok.is_digit and len(text) <= 3 and 0 < tok.i < len(tok.doc) - 1:
        before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
        return before.is_title and before.lower_ not in W["name_stop"] and after.is_title
    if lower in W["number_names"] and 1 < tok.i < len(tok.doc) - 1:  # "Adams 12 Five Star Schools"
        before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
        return tok.is_title and before.is_digit and tok.doc[tok.i - 2].is_title and after.is_title
    if lower in W["months"] and tok.i > 0:  # "Cape May" (but not "in May")
        before = tok.doc[tok.i - 1]
        return tok.is_title and before.is_title and before.lower_ not in W["name_stop"]
    if text[1:2] in ELISION_MARKS and lower[:1] in "dl":  # an elided particle: "Coeur d'Alene", "d'Iberville"
        return text[2:3].isupper()
    return text[:1].isupper() and lower not in W["name_stop"]


ELISION_MARKS = {"'", "\u2019"}


def _grow_left(doc: Doc, end: int, lo: int = 0) -> int:
    start = end
    while start - 1 >= lo and end - start < MAX_NAME and (name_word(doc[start - 1]) or _of_a_town(doc, start - 1)
                                                          or _opens_a_town(doc, start - 1, end)
                                                          or _closes_a_town(doc, start - 1)
                                                          or _saints_epithet(doc, start - 1, end)
                                                          or _name_particle(doc, start - 1, end)
                                                          or _joining_slash(doc, start - 1)):
        start -= 1
    while start < end and doc[start].text in CONNECTORS - {"("}:
        start += 1
    return start


def _joining_slash(doc: Doc, i: int) -> bool:
    """A slash closed up between two towns of one name: "Tredyffrin/Easttown School District"."""
    return doc[i].text == "/" and i >= 1 and not doc[i - 1].whitespace_ and not doc[i].whitespace_ \
        and doc[i - 1].is_title and doc[i + 1].is_title and doc[i - 1].lower_ not in W["school_words"]
    # (not "Sand Creek International Elementary/Harrison School District 2": a school, then its district)


def _saints_epithet(doc: Doc, i: int, end: int) -> bool:
    """The "the" of a saint's name inside a name: "St. John the Baptist Parish Public Schools"."""
    return doc[i].lower_ == "the" and i >= 2 and doc[i - 1].is_title and doc[i - 2].lower_ in W["saint_words"] \
        and i + 1 < end and doc[i + 1].is_title


def _name_particle(doc: Doc, i: int, end: int) -> bool:
    """A lower-case particle between two words of a name: "Pomme de Terre", "Prairie du Chien"."""
    return doc[i].lower_ in W["name_particles"] and doc[i].is_lower and i >= 1 and doc[i - 1].is_title \
        and i + 1 < end and doc[i + 1].is_title


def _opens_a_town(doc: Doc, i: int, end: int) -> bool:
    """A capitalised stop word that begins a town's name: "State College Area School District"."""
    return doc[i].is_alpha and i + 1 < end and _two_word_town(doc, i)


def _closes_a_town(doc: Doc, i: int) -> bool:
    """A capitalised stop word that ends a town's name: "Newport News Public Schools"."""
    return doc[i].is_alpha and i >= 1 and _two_word_town(doc, i - 1)


def _two_word_town(doc: Doc, a: int) -> bool:
    """Tokens a and a + 1, both capitalised, are a town's name."""
    return doc[a].is_title and doc[a + 1].is_title and gazetteer.is_city(f"{doc[a].text} {doc[a + 1].text}")


def _of_a_town(doc: Doc, i: int) -> bool:
    """The "of" of a municipality inside a name: "Kenmore-Town of Tonawanda", "City of Chicago"."""
    return doc[i].lower_ == "of" and i >= 1 and doc[i - 1].is_title and doc[i - 1].lower_ in W["municipal_words"] \
        and i + 1 < len(doc) and doc[i + 1].is_title


def grow(doc: Doc, rule: dict, head: tuple[int, int], states_at: dict[int, Span],
         states_at_end: dict[int, Span]) -> Candidate | None:
    h0, h1 = head
    way = rule.get("grow", "left")
    end = _tail(doc, h1) if rule.get("tail") else h1
    if way == "none":
        return Candidate(doc, rule, head, h0, end, states_at)
    if way == "right":  # "School District of" + "the Chathams" / "Philadelphia", not "(Indianapolis)"
        k = h1 + 1 if h1 + 1 < len(doc) and doc[h1].lower_ == "the" and doc[h1 + 1].is_title else h1
        while k < len(doc) and k - h1 < 6 and name_word(doc[k]) and doc[k].text not in "()" and k not in states_at:
            k += 1
        while k > h1 and doc[k - 1].text in CONNECTORS:
            k -= 1
        s = h0  # and the qualifiers before the head: "Metropolitan School District of Wayne Township"
        while s >= 1 and h0 - s < 2 and doc[s - 1].is_title and doc[s - 1].lower_ in W["qualifiers"]:
            s -= 1
        if _grow_left(doc, s) < s:
            return None  # "Pell Creek School District of Harlan": a name before the head, its town after
        return Candidate(doc, rule, head, s, k, states_at) if k > h1 else None
    start = _grow_left(doc, h0)
    if start == h0 and rule.get("prefix") and end > h1:  # "USD 383 Manhattan-Ogden", "ISD 709 Duluth"
        k = end
        while k < len(doc) and k - end < 4 and name_word(doc[k]) and doc[k].text not in "()" and k not in states_at:
            k += 1  # (not "USD 233 (Olathe, KS)": a place in parentheses)
        while k > end and doc[k - 1].text in CONNECTORS:
            k -= 1
        end = k
    cand = Candidate(doc, rule, head, start, end, states_at)
    # "the Brookfield, Texas, school district", "Roanoke County, Virginia, public schools"
    if start == h0 and h0 >= 4 and doc[h0 - 1].text == ",":
        st = states_at_end.get(h0 - 1)
        if st is not None and st.start >= 2 and doc[st.start - 1].text == ",":
            s2 = _grow_left(doc, st.start - 1)
            if s2 < st.start - 1:
                cand.start, cand.place_inside, cand.state = s2, (st.start, st.end), st
    # a coordination before a plural head: "the Tumwater and Northshore school districts",
    # "Lake County, Henry County, and Charleston County School Districts" (an "and" before the last)
    if rule.get("coordinate", True) and cand.start < h0 and cand.place_inside is None:
        parts = [(cand.start, h0)]
        s = cand.start
        while s >= 2:
            j = s - 1
            if doc[j].lower_ in W["conjunctions"]:
                j -= 1
                if doc[j].text == ",":
                    j -= 1
            elif doc[j].text == "," and len(parts) >= 2:
                j -= 1
            else:
                break
            s2 = _grow_left(doc, j + 1)
            if s2 > j or s2 in states_at and states_at[s2].end == j + 1 or \
                    any(doc[x].text in {"(", ")"} for x in range(s2, j + 1)):
                break
            parts.insert(0, (s2, j + 1))
            s = s2
        if len(parts) > 1 and _coordinating(doc, head):
            cand.parts, cand.start = parts, parts[0][0]
    return cand


def _coordinating(doc: Doc, head: tuple[int, int]) -> bool:
    """A head that several names share: plural "school districts", "school systems", or a
    lower-case "public schools" ("the Edina and Wayzata public schools")."""
    last = doc[head[1] - 1]
    return last.lower_ in W["plural_heads"] or (last.text == "schools" and doc[head[0]].is_lower)


def _tail(doc: Doc, i: int) -> int:
    """"No. 5", "No 5", "#228", "64", "51J", "49-5", "RE-2", "R2-J", "One" after a head."""
    j = i
    if j < len(doc) and doc[j].lower_ in {"no.", "no", "#", "number"}:
        j += 1
        if j < len(doc) and doc[j].text == ".":
            j += 1
    if j < len(doc) and j == i and doc[j].is_title and doc[j].lower_ in W["number_names"]:
        return j + 1  # "Lexington County School District One"
    if j < len(doc) and (re.fullmatch(r"\d{1,4}[A-Z]?", doc[j].text) or j == i and is_code(doc[j].text)):
        if j + 2 < len(doc) and doc[j + 1].text == "-" and not doc[j].whitespace_ and \
                (doc[j + 2].is_digit or doc[j + 2].is_upper and len(doc[j + 2]) <= 2):
            return j + 3  # "Sioux Falls School District 49-5", "Thompson School District R2-J"
        return j + 1
    return i


# ---------------------------------------------------------------- cleaning

def _trim(c: Candidate) -> None:
    doc = c.doc
    start, end = c.start, c.end
    lowers = lower_words(doc)  # the cached array: parentheses are their own lower-case words
    for i in range(start, end):  # an unmatched parenthesis: the name starts after it ("(HEB ISD")
        if lowers[i] == ")" and "(" not in lowers[start:i] or lowers[i] == "(" and ")" not in lowers[i:end]:
            start = i + 1
    while start < end and (lowers[start] == "the" or doc[start].text in {"-", "’s", "'s", "&"}):
        start += 1
    st = c.states_at.get(start)
    if st is not None and st.end < end and possessive(doc, st.end):
        c.state, start = st, st.end + 1  # "Nebraska's Grand Island Public Schools"
    elif (badge := _raw_states(doc).get(start)) is not None \
            and badge.end + 1 < c.head[0] and _badge(badge) and doc[badge.end].text[:1].isupper():
        c.state, start = badge, badge.end  # "N.C." glued before "Marion County Public Schools"
    elif start + 2 < c.head[0] and _label_token(doc, start):
        start += 1  # a badge glued to the name: "XY Lakeview School District"
    elif start + 1 < c.head[0] and lowers[start] in W["count_words"] and doc[start].is_title \
            and gazetteer.is_city(span_text(doc, start + 1, c.head[0])):
        start += 1  # a sentence's count before a town's district: "Nineteen Killeen ISD campuses ..."
    else:
        start = _after_towns_possessive(doc, start, c.head[0])
    while end > start and doc[end - 1].text in {"-", "’s", "'s", ".", "No", "no", "&"}:
        end -= 1
    c.start, c.end = start, end
    if c.parts:
        c.parts = [(max(a, start), b) for a, b in c.parts if b > start]


def _after_towns_possessive(doc: Doc, start: int, head: int) -> int:
    """"Medford's Pell Creek School District": the name starts after a town's possessive (not
    "Prince George's County Public Schools", where a county's name holds it)."""
    lowers = lower_words(doc)
    for k in range(start + 1, min(start + 4, head - 1)):
        if possessive(doc, k):
            town = span_text(doc, start, k)
            return k + 1 if lowers[k + 1] not in W["county_words"] and gazetteer.is_city(town) else start
    return start


def _raw_states(doc: Doc) -> dict[int, Span]:
    """Every state match by its first token, before places.state_spans filters them (built once)."""
    if "raw_states_at" not in doc.user_data:
        doc.user_data["raw_states_at"] = {x.start: x for x in doc.spans["states"]}
    return doc.user_data["raw_states_at"]


def _badge(st: Span) -> bool:
    """A state abbreviation ("N.C.", "NC") standing first in a name, not a state's full name."""
    return st.id_ in {"state.ap", "state.usps"} and len(st) == 1


def _label_token(doc: Doc, i: int) -> bool:
    t = doc[i]
    return t.is_upper and t.is_alpha and 2 <= len(t) <= 3 and i + 1 < len(doc) and doc[i + 1].is_title \
        and (i == 0 or "\n" in doc[i - 1].text or doc[i - 1].is_space)


def _possessive_state(doc: Doc, start: int, states_at: dict[int, Span]) -> Span | None:
    """"Kansas' Topeka Public Schools", "Ohio's rural Graham Local School District"."""
    i = start - 1
    skipped = 0
    while i >= 0 and doc[i].is_lower and doc[i].is_alpha and skipped < 2:
        i, skipped = i - 1, skipped + 1
    if i >= 1 and possessive(doc, i) and (i - 1) in states_at:
        return states_at[i - 1]
    return None


def display(text: str) -> str:
    """The name as an analyst reads it: one line, all-caps headings in title case, no possessive
    before a lower-case head ("Clayton County's school system" -> "Clayton County school system")."""
    text = re.sub(r"[’']s(?= [a-z])", "", " ".join(text.split()))
    if text.isupper() and len(text.split()) >= 3:
        text = " ".join(w if len(w) <= 4 and w.endswith("SD") else w.capitalize() for w in text.split())
    return text


def mention(doc: Doc, s: int, e: int, value: str, rule: str, **kw) -> Mention:
    """A mention of tokens s..e, its evidence offsets and its loose key."""
    return Mention(Found(value, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), rule), loose_key(value), (s, e), **kw)


def district_mentions(doc: Doc, states_at: dict[int, Span], states_at_end: dict[int, Span]) -> list[Mention]:
    cands = []
    for span in doc.spans["districts"]:
        rule = RULES[span.id_]
        if "title_rule" in rule and span[0].is_title:  # one head, a rule for each way it is written
            rule = RULES[rule["title_rule"]]
        if not _head_case(span, rule):
            continue
        c = grow(doc, rule, (span.start, span.end), states_at, states_at_end)
        if c is None:
            continue
        _trim(c)
        if c.start >= c.end or (c.rule.get("grow", "left") == "left" and c.start >= c.head[0]
                                and not (c.rule.get("numbered_alone") and c.end > c.head[1])):
            continue
        if c.rule.get("case") == "exact" and c.place_inside is None and span.text not in c.rule["heads"] \
                and not span.text.isupper() and not (c.rule.get("lower_if_place") and span.text.islower()
                                                     and is_place_name(c.place)):
            continue
        if all(fn(c) for fn in rules.checks_of(rule)):
            cands.append(c)
    kept: list[Candidate] = []
    taken: set[int] = set()
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -(c.head[1] - c.head[0]), c.start)):
        if any(i in taken for i in range(c.start, c.end)):
            continue
        kept.append(c)
        taken.update(range(c.start, c.end))
    mentions = []
    for c in sorted(kept, key=lambda c: c.start):
        state = c.state or _possessive_state(doc, c.start, states_at)
        rule_state = "state.in_name" if c.place_inside else "state.possessive"
        if c.parts:
            head_text = c.rule.get("one") or _singular_head(doc, c.head)
            for a, b in c.parts:
                e = c.end if (a, b) == c.parts[-1] else b
                value = f"{doc[a:b].text} {head_text}"
                m = mention(doc, a, e, value, c.rule["id"], part_of=c.start)
                mentions.append(m)
        else:
            m = mention(doc, c.start, c.end, display(c.text), c.rule["id"], place_inside=c.place_inside)
            if "key_without" in c.rule:  # "Hawaii State Department of Education" is one with "Hawaii ..."
                m.key = loose_key(" ".join(w for w in c.text.split() if w.lower() not in W[c.rule["key_without"]]))
            if c.place_inside:  # "the Brookfield, Texas, school district" is one with "Brookfield ISD"
                a, b = c.place_inside
                m.key = loose_key(f"{doc[c.start:a - 1].text} {doc[b + 1:c.end].text}")
            mentions.append(m)
        if state is not None:
            for m in mentions[-(len(c.parts) or 1):]:
                m.state = Found(state.label_, state.start_char, state.end_char, rule_state)
                m.possessive_state = not c.place_inside
    return _one_district_named_twice(doc, mentions)


BARE_CODE = re.compile(r"[A-Z]{2,5} \d{1,4}")  # "ISD 709", "USD 385", "RSU 14"


def _one_district_named_twice(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A district's number code right after its name is the same district: "Duluth Public Schools
    ISD 709" is one name, "Proctor Public Schools (ISD 704)" and "Andover Public Schools, USD 385"
    give the code as an alias; so does "..., known locally as Jeffco Public Schools"."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is None or prev.part_of is not None or BARE_CODE.fullmatch(str(prev.name.value)) or not (
                BARE_CODE.fullmatch(str(m.name.value)) or _known_as(doc, prev.tok[1], m.tok[0])):
            out.append(m)
            continue
        gap = doc[prev.tok[1]:m.tok[0]].text.strip()
        if gap == "" and prev.tok[1] == m.tok[0]:
            full = mention(doc, prev.tok[0], m.tok[1], f"{prev.name.value} {m.name.value}", prev.name.rule)
            prev.name, prev.tok = full.name, full.tok  # (its key stays the name's: "Duluth Public Schools" later)
            continue
        if gap in {"(", ","} or _known_as(doc, prev.tok[1], m.tok[0]):
            m.alias, m.key = True, prev.key
        out.append(m)
    return out


def _known_as(doc: Doc, lo: int, hi: int) -> bool:
    """"Jefferson County Public Schools in Golden, Colo., known locally as Jeffco Public Schools":
    the words before the second name introduce it as the first's other name."""
    lowers = lower_words(doc)  # (the cached array: "." and ";" are their own lower-case words)
    if hi - 1 > lo and lowers[hi - 1] == "the":  # "also known as the Mt. Blue Regional School District"
        hi -= 1
    words = lowers[max(lo, hi - 3):hi]
    return hi - lo <= 12 and "known" in words and words[-1] == "as" and not any(w in {".", ";"} for w in lowers[lo:hi])


def _head_case(span: Span, rule: dict) -> bool:
    case = rule.get("case")
    if case == "title":
        lowers, function_words = lower_words(span.doc), W["name_function_words"]
        return all(t.is_title or lowers[t.i] in function_words for t in span)
    return True


def _singular_head(doc: Doc, head: tuple[int, int]) -> str:
    """"school districts" -> "School District", "districts" -> "District"; "public schools" stays."""
    words = [w.capitalize() if w.islower() else w for w in (t.text for t in doc[head[0]:head[1]])]
    if words[-1].lower() in W["plural_heads"]:
        words[-1] = words[-1][:-1]
    return " ".join(words)


def is_code(word: str) -> bool:
    """A district's number or letter code (CODE)."""
    return bool(CODE.fullmatch(word))


def is_place_name(place: str) -> bool:
    """"Reynoldsburg", "Rochester Community", "Eastern Carver County", "Charlotte-Mecklenburg",
    "Republic R-III" (a code after the place)."""
    words = place.split()
    while len(words) > 1 and is_code(words[-1]):
        words.pop()
    place = " ".join(words)
    words = place.split("-")[0].split() if "-" in place else place.split()
    numbered = len(words) > 2 and words[1].isdigit() and gazetteer.is_place(words[0])  # "Summit 14 Valley"
    while len(words) > 1 and words[-1].lower() in PLACE_TAIL:
        words.pop()
    while len(words) > 1 and words[0].lower() in gazetteer.COMPASS:
        words.pop(0)
    return gazetteer.is_place(place) or gazetteer.is_place(" ".join(words)) or numbered
