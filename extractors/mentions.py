"""District mentions, head first: each head the "districts" ruler found grows into a name over
the tokens beside it (extractors/patterns/districts.yaml says which way and which checks run);
then subjects ("Fort Wayne serves 29,000 students"), acronyms and short forms of those names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from extractors import gazetteer, rules
from extractors.values import Found, Mention
from schemas.names import loose_key

FILE = "districts.yaml"
RULES = rules.rules_of(FILE)
W = {k: rules.words(FILE, k) for k in rules.lexicon(FILE)}
CONNECTORS = {"-", "’s", "'s", "&", "(", ")"}
MAX_NAME = 9


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
    def place(self) -> str:
        """The name without its head words and without an AP place inside it."""
        toks = [t for t in self.doc[self.start:self.end]
                if t.lower_ not in W["head_words"] and not (self.place_inside and
                                                             self.place_inside[0] - 1 <= t.i < self.place_inside[1] + 1)]
        return " ".join(t.text for t in toks)

    def name_words(self) -> list[str]:
        return loose_key(self.span.text).split() if loose_key(self.span.text) else []


# ---------------------------------------------------------------- growing a name from its head

def name_word(tok) -> bool:
    """A word that can sit in a district's name: capitalised, not a stop word, or a connector."""
    if tok.is_space:
        return False
    if tok.text in CONNECTORS:
        return True
    return tok.text[:1].isupper() and tok.lower_ not in W["name_stop"]


def _grow_left(doc: Doc, end: int, lo: int = 0) -> int:
    start = end
    while start - 1 >= lo and end - start < MAX_NAME and name_word(doc[start - 1]):
        start -= 1
    while start < end and doc[start].text in CONNECTORS - {"("}:
        start += 1
    return start


def _state_end_at(states_at_end: dict[int, Span], i: int) -> Span | None:
    return states_at_end.get(i)


def grow(doc: Doc, rule: dict, head: tuple[int, int], states_at: dict[int, Span],
         states_at_end: dict[int, Span]) -> Candidate | None:
    h0, h1 = head
    way = rule.get("grow", "left")
    end = _tail(doc, h1) if rule.get("tail") else h1
    if way == "none":
        return Candidate(doc, rule, head, h0, end, states_at)
    if way == "right":
        k = h1
        while k < len(doc) and k - h1 < 6 and name_word(doc[k]) and k not in states_at:
            k += 1
        while k > h1 and doc[k - 1].text in CONNECTORS:
            k -= 1
        return Candidate(doc, rule, head, h0, k, states_at) if k > h1 else None
    start = _grow_left(doc, h0)
    cand = Candidate(doc, rule, head, start, end, states_at)
    # "the Brookfield, Texas, school district", "Roanoke County, Virginia, public schools"
    if start == h0 and h0 >= 4 and doc[h0 - 1].text == ",":
        st = _state_end_at(states_at_end, h0 - 1)
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
            if doc[j].lower_ in {"and", "&"}:
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
    return last.lower_ in {"districts", "systems"} or (last.text == "schools" and doc[head[0]].is_lower)


def _tail(doc: Doc, i: int) -> int:
    """"No. 5", "No 5", "#228", "64", "51J" after a head."""
    j = i
    if j < len(doc) and doc[j].lower_ in {"no.", "no", "#", "number"}:
        j += 1
        if j < len(doc) and doc[j].text == ".":
            j += 1
    if j < len(doc) and re.fullmatch(r"\d{1,4}[A-Z]?", doc[j].text):
        return j + 1
    return i


# ---------------------------------------------------------------- cleaning

def _trim(c: Candidate) -> None:
    doc = c.doc
    start, end = c.start, c.end
    for t in doc[start:end]:  # an unmatched parenthesis: the name starts after it ("(HEB ISD")
        if t.text == ")" and not any(x.text == "(" for x in doc[start:t.i]) or \
                t.text == "(" and not any(x.text == ")" for x in doc[t.i:end]):
            start = t.i + 1
    while start < end and (doc[start].lower_ == "the" or doc[start].text in {"-", "’s", "'s", "&"}):
        start += 1
    st = c.states_at.get(start)
    if st is not None and st.end < end and _possessive(doc, st.end):
        c.state, start = st, st.end + 1  # "Nebraska's Grand Island Public Schools"
    elif (badge := _raw_states(doc).get(start)) is not None \
            and badge.end + 1 < c.head[0] and _badge(badge) and doc[badge.end].text[:1].isupper():
        c.state, start = badge, badge.end  # "N.C." glued before "Marion County Public Schools"
    elif start + 2 < c.head[0] and _label_token(doc, start):
        start += 1  # a badge glued to the name: "XY Lakeview School District"
    while end > start and doc[end - 1].text in {"-", "’s", "'s", ".", "No", "no", "&"}:
        end -= 1
    c.start, c.end = start, end
    if c.parts:
        c.parts = [(max(a, start), b) for a, b in c.parts if b > start]


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


def _possessive(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].text in {"’s", "'s", "’", "'"}


def _possessive_state(doc: Doc, start: int, states_at: dict[int, Span]) -> Span | None:
    """"Kansas' Topeka Public Schools", "Ohio's rural Graham Local School District"."""
    i = start - 1
    skipped = 0
    while i >= 0 and doc[i].is_lower and doc[i].is_alpha and skipped < 2:
        i, skipped = i - 1, skipped + 1
    if i >= 1 and _possessive(doc, i) and (i - 1) in states_at:
        return states_at[i - 1]
    return None


def display(text: str) -> str:
    """The name as an analyst reads it: one line, and all-caps headings in title case."""
    text = " ".join(text.split())
    if text.isupper() and len(text.split()) >= 3:
        text = " ".join(w if len(w) <= 4 and w.endswith("SD") else w.capitalize() for w in text.split())
    return text


def _mention(doc: Doc, s: int, e: int, value: str, rule: str, **kw) -> Mention:
    return Mention(Found(value, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), rule), loose_key(value), (s, e), **kw)


def district_mentions(doc: Doc, states_at: dict[int, Span], states_at_end: dict[int, Span]) -> list[Mention]:
    cands = []
    for span in doc.spans["districts"]:
        rule = RULES[span.id_]
        if not _head_case(span, rule):
            continue
        c = grow(doc, rule, (span.start, span.end), states_at, states_at_end)
        if c is None:
            continue
        _trim(c)
        if c.start >= c.end or (c.rule.get("grow", "left") == "left" and c.start >= c.head[0]):
            continue
        if c.rule.get("case") == "exact" and c.place_inside is None and span.text not in c.rule["heads"] \
                and not span.text.isupper():
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
                m = _mention(doc, a, e, value, c.rule["id"], part_of=c.start)
                mentions.append(m)
        else:
            m = _mention(doc, c.start, c.end, display(c.span.text), c.rule["id"], place_inside=c.place_inside)
            mentions.append(m)
        if state is not None:
            for m in mentions[-(len(c.parts) or 1):]:
                m.state = Found(state.label_, state.start_char, state.end_char, rule_state)
    return mentions


def _head_case(span: Span, rule: dict) -> bool:
    case = rule.get("case")
    if case == "title":
        return all(t.is_title or t.lower_ in {"of", "the"} for t in span)
    return True


def _singular_head(doc: Doc, head: tuple[int, int]) -> str:
    words = [t.text for t in doc[head[0]:head[1]]]
    text = " ".join(w.capitalize() if w.islower() else w for w in words)
    return {"School Districts": "School District", "School Systems": "School System"}.get(text, text)


# ---------------------------------------------------------------- places that serve students

def subject_mentions(doc: Doc, mentions: list[Mention], states_at: dict[int, Span], found: list) -> list[Mention]:
    """"Charlotte Mecklenburg serves 148,000 students": a place that serves students is a district."""
    from extractors import places

    taken = {i for m in mentions for i in range(*m.tok)}
    out = []
    for f in found:
        if f.rule != "enrollment.serves" or f.cue is None or doc[f.cue].lower_ not in W["subject_verbs"]:
            continue
        q = f.cue
        start = q
        while start - 1 >= 0 and q - start < 4 and doc[start - 1].is_title and doc[start - 1].is_alpha \
                and doc[start - 1].lower_ not in W["name_stop"] and start - 1 not in taken:
            start -= 1
        if start == q:
            continue
        name = doc[start:q].text
        if start - 1 in taken or start in states_at or places.state_of(name) \
                or doc[q - 1].lower_ in W["school_words"] \
                or not (is_place_name(name) or gazetteer.is_place(doc[start].text)):
            continue
        out.append(Mention(Found(name, doc[start].idx, doc[q - 1].idx + len(doc[q - 1]),
                                 "district.serves_subject"), loose_key(name), (start, q)))
        taken.update(range(start, q))
    return out


def is_place_name(place: str) -> bool:
    """"Reynoldsburg", "Rochester Community", "Eastern Carver County", "Charlotte-Mecklenburg"."""
    words = place.split("-")[0].split() if "-" in place else place.split()
    while len(words) > 1 and words[-1].lower() in W["qualifiers"] | W["place_qualifiers"]:
        words.pop()
    while len(words) > 1 and words[0].lower() in gazetteer.COMPASS:
        words.pop(0)
    return gazetteer.is_place(place) or gazetteer.is_place(" ".join(words))


# ---------------------------------------------------------------- acronyms and short forms

def _short_forms(name: str) -> set[str]:
    """"Elkhorn Area School District" -> {"Elkhorn Area", "Elkhorn"}; acronyms excluded."""
    from extractors import places

    words = re.sub(r"\([^)]*\)", " ", name).split()
    while words and words[-1].lower().strip(".") in W["head_words"] | {"no", "#"} or (words and words[-1].isdigit()):
        words.pop()
    forms = set()
    numbered = re.search(r"\bDistrict (?:No\.? ?)?(\d+)$", name)
    if numbered:  # "Mesa County Valley School District 51" -> "District 51", "D51"
        forms |= {f"District {numbered[1]}", f"D{numbered[1]}"}
    if words:
        forms.add(" ".join(words).rstrip(","))
        while words and words[-1].lower() in W["qualifiers"]:
            words.pop()
        if words:
            forms.add(" ".join(words).rstrip(","))
    return {f for f in forms if f.lower() not in W["not_names"] and not places.state_of(f)}


def place_of(name: str) -> str:
    """The name without head words and qualifiers: "EMS ISD" -> "EMS"."""
    return " ".join(w for w in re.sub(r"\([^)]*\)", " ", name).split()
                    if w.lower() not in W["head_words"] | W["qualifiers"])


def _initials(name: str) -> str:
    words = re.sub(r"\([^)]*\)", " ", name).replace("-", " ").split()
    return "".join(w[0] for w in words if w[0].isupper() and not w.isupper()) + \
        "".join(w for w in words if w.isupper() and len(w) > 1)


def alias_mentions(doc: Doc, mentions: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """Acronyms ("(MVUSD)", "WPS", "EMS ISD") and short forms ("Montour") of names found elsewhere."""
    from extractors import gazetteer as gz
    from extractors import places

    taken = {i for m in mentions for i in range(*m.tok)}
    places_ = {_initials(place_of(str(m.name.value))): m for m in mentions if not place_of(str(m.name.value)).isupper()}
    for m in mentions:  # "EMS ISD" is "Eagle Mountain-Saginaw Independent School District"
        place = place_of(str(m.name.value))
        full = places_.get(place)
        if place.isupper() and full is not None:
            m.alias, m.key = True, full.key
    by_form: dict[str, Mention] = {}
    for m in mentions:
        if m.alias:
            continue
        for form in _short_forms(str(m.name.value)):
            by_form.setdefault(form, m)
        acronym = _initials(str(m.name.value))
        if len(acronym) >= 3:
            by_form.setdefault(acronym, m)
        e = m.tok[1]
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" and doc[e + 1].is_upper \
                and doc[e + 1].is_alpha and 2 <= len(doc[e + 1]) <= 8 and not places.state_of(doc[e + 1].text):
            by_form[doc[e + 1].text] = m
    if not by_form:
        return []
    by_first: dict[int, list[str]] = {}
    strings = doc.vocab.strings
    for form in sorted(by_form, key=lambda f: -len(f.split())):
        by_first.setdefault(strings.add(_tokens(form)[0]), []).append(form)
    orths = doc.to_array([ORTH]).reshape(-1) if len(doc) else numpy.zeros(0, dtype="uint64")
    hits = numpy.flatnonzero(numpy.isin(orths, numpy.array(list(by_first), dtype="uint64")))
    found = []
    for i in hits.tolist():
        if i in taken:
            continue
        for form in by_first.get(int(orths[i]), ()):
            n = len(_tokens(form))
            span = doc[i:i + n]
            if span.text != form and " ".join(t.text for t in span) != form or any(j in taken for j in range(i, i + n)):
                continue
            before = doc[i - 1] if i else None
            after = doc[i + n] if i + n < len(doc) else None
            if (after is not None and after.is_title and after.is_alpha) or (before is not None and (
                    before.is_title and before.is_alpha and before.lower_ not in W["name_stop"])):
                continue  # part of a longer name: "West Jordan", "Kenton County Academies"
            if after is not None and after.text == "," and i + n + 1 in states_at and \
                    not _possessive(doc, states_at[i + n + 1].end):
                continue  # a place: "Wichita, KS" (but not "CVESD, California's largest district")
            if before is not None and before.lower_ in W["place_before"] and gz.is_city(form):
                continue  # a place: "based in Bakersfield", "north of Jackson"
            target = by_form[form]
            m = Mention(Found(form, span.start_char, span.end_char, "alias.acronym" if form.isupper()
                              else "alias.short_form"), target.key, (i, i + n), alias=True)
            found.append(m)
            taken.update(range(i, i + n))
            break
    return found


_TOKENIZED: dict[str, list[str]] = {}


def _tokens(form: str) -> list[str]:
    if form not in _TOKENIZED:
        from extractors import nlp

        _TOKENIZED[form] = [t.text for t in nlp.build().tokenizer(form)]
    return _TOKENIZED[form]



# ---------------------------------------------------------------- list items

def _item_range(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """The name part of a list item: up to a comma, a parenthesis, a dash or a colon."""
    k = lo
    while k < hi and doc[k].text not in W["item_ends"]:
        k += 1
    while k > lo and doc[k - 1].text in CONNECTORS - {"’s", "'s"}:
        k -= 1
    if k == lo or k - lo > 7:
        return None
    toks = doc[lo:k]
    if not all(t.text[:1].isupper() or t.text in CONNECTORS or t.lower_ in {"of", "the", "and"} or t.like_num
               for t in toks) or not toks[0].text[:1].isupper():
        return None
    return lo, k


def list_mentions(doc: Doc, lay, ms: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """Items of a list of districts that no head found ("Lakeshore Regional", "Pine Ridge",
    "Haas Hall Academy" in a "State: district" list): a line list whose items are mostly
    districts, or that stands under a line about districts, makes districts of the rest."""
    from extractors import places

    starts = {m.tok[0]: m for m in ms}
    taken = {i for m in ms for i in range(*m.tok)}
    cue_at = {i for c in doc.spans["cues"] for i in range(c.start, c.end)} if "cues" in doc.spans else set()
    labelled: set[int] = set()
    runs: list[list[tuple[int, int]]] = []  # runs of item ranges
    cur: list[tuple[int, int]] = []
    prev_b = None
    for b in lay.order:
        lo, hi = lay.block_range(b)
        segments = []
        labels = [i for i in range(lo, hi - 1) if i in states_at and doc[states_at[i].end].text == ":"] \
            if hi - lo <= 400 else []
        if labels:  # "Alabama: X Schools" ... "Alaska: Y School DistrictArizona: Z ..."
            bounds = labels + [hi]
            for a, z in zip(bounds, bounds[1:]):
                segments.append((states_at[a].end + 1, z))
        else:
            first = lay.first_word(b)
            if hi - first <= 9:
                segments.append((first, hi))
        items = [r for r in (_item_range(doc, a, z) for a, z in segments) if r is not None]
        if items and (labels or len(items) == len(segments)):
            if labels:
                if cur:
                    runs.append(cur)
                runs.append(items)
                labelled.update(a for a, _ in items)
                cur = []
            else:
                cur.append(items[0])
        else:
            if cur:
                runs.append(cur)
            cur = []
        prev_b = b
    if cur:
        runs.append(cur)
    found = []
    for run in runs:
        if len(run) < 3:
            continue
        named = [r for r in run if any(r[0] <= i < r[1] for i in starts) or r[0] in taken]
        if len(named) < 2 or len(named) * 2 < len(run):
            continue
        mixed = any(not doc[a:z].text.isupper() for a, z in run)
        for a, z in run:
            if any(i in taken for i in range(a, z)):
                continue
            if z >= len(doc) or all(t.is_space for t in doc[z:]):
                continue  # the last words of the text: a name may be cut off
            name = doc[a:z].text
            words = loose_key(name).split()
            if any(i in cue_at for i in range(a, z)):
                continue  # a category heading ("Career Pathways"), not a district
            if doc[z - 1].lower_ in W["school_words"] and a not in labelled:
                continue  # a school in a list of winners ("Brockton High School")
            if not words or all(w in W["not_names"] | W["list_title_words"] | {"and", "of"} for w in words) \
                    or places.state_of(name) or (mixed and name.isupper() and len(words) > 1):
                continue
            found.append(Mention(Found(name, doc[a].idx, doc[z - 1].idx + len(doc[z - 1]), "district.list_item"),
                                 loose_key(name), (a, z)))
            taken.update(range(a, z))
    return found
