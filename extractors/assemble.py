"""Turn the spans the rulers matched into district records with evidence.

Steps, in order: read the layout (lines, headings, state sections), clean and filter the
district-name matches, find acronyms and short forms, give each mention its place
(state, city), group mentions into districts, then attach numbers and initiatives.
Every value keeps the span it came from and the id of the rule that produced it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.tokens import Doc, Span

from extractors import gazetteer, rules
from extractors.programs import program

LEX = rules.lexicon("districts.yaml")
ORG_HEADS = set(LEX["org_heads"])
GENERIC = set(LEX["generic_words"])
HEAD_WORDS = set(LEX["head_words"])
QUALIFIERS = set(LEX["qualifiers"])
NOT_NAMES = set(LEX["not_names"])
NAME_STOP = set(LEX["name_stop"])
SCHOOL_WORDS = set(LEX["school_words"])
WIRE = ("newswire", "prnewswire", "business wire", "globe newswire", "/prnewswire/")
LEVELS = set(rules.lexicon("programs.yaml")["levels"])
HEADS = {"Award", "Awards", "Prize", "Medal", "Honor", "Honors", "Distinction", "Roll"}
LIMITS = {"enrollment": (1, 2_000_000), "schools": (1, 2_000)}
FOREIGN = {"network", "networks", "cohort", "league", "consortium", "association", "organization",
           "nonprofit", "company", "university", "college", "elementary", "academy", "campus"}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}

# Rule priority for places: lower wins when two rules give a mention different values.
PLACE_RANK = {"in_name": 0, "paren": 1, "after": 2, "based_in": 2, "possessive": 3, "lead": 4, "entry": 5,
              "table": 6, "section": 7, "block": 8, "dateline": 8, "name_place": 9, "article": 10}


@dataclass
class Found:
    """One value and its evidence: the span of text it came from and the rule."""
    value: str | int
    start: int
    end: int
    rule: str

    def evidence(self, doc: Doc, fld: str) -> dict:
        return {"field": fld, "value": str(self.value), "text": text_of(doc)[self.start:self.end],
                "start": self.start, "end": self.end, "rule": self.rule}


@dataclass
class Mention:
    name: Found                     # the name as written (or built, for coordinations)
    key: str                        # normalised core words: what groups mentions
    tok: tuple[int, int]            # token range in the doc
    alias: bool = False             # acronym or short form of a name found elsewhere
    part_of: int | None = None      # token start of the coordination it was split from
    state: Found | None = None
    city: Found | None = None


@dataclass(eq=False)
class District:
    mentions: list[Mention] = field(default_factory=list)
    state: Found | None = None
    city: Found | None = None
    enrollment: Found | None = None
    schools: Found | None = None
    initiatives: dict[str, Found] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.mentions[0].tok[0]


# ---------------------------------------------------------------- text helpers

def text_of(doc: Doc) -> str:
    """doc.text, built once per doc (spaCy rebuilds it from the tokens on every access)."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def core_words(name: str) -> list[str]:
    name = re.sub(r"\([^)]*\)", " ", fold(name)).replace("&", " and ").replace("’", "'")
    name = re.sub(r"'s\b", "s", name)
    return [w for w in re.findall(r"[a-z0-9]+", name) if w not in GENERIC]


def key_of(name: str) -> str:
    return " ".join(core_words(name)) or fold(name)


def display(text: str) -> str:
    """The name as an analyst reads it: one line, and all-caps headings in title case."""
    text = " ".join(text.split())
    if text.isupper() and len(text.split()) >= 3:
        text = " ".join(w if len(w) <= 4 and w.endswith("SD") else w.capitalize() for w in text.split())
    return text


def number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    try:
        return int(float(text)) if "." not in text or text.count(".") == 1 else None
    except ValueError:
        return None


# ---------------------------------------------------------------- layout

class Sent(NamedTuple):
    start: int
    end: int


class Layout:
    """Lines, sentences and sections of one doc, as token-index lookups (built from arrays,
    without creating a Token object per token)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        arr = doc.to_array([IDX, IS_SPACE, SENT_START])
        bounds = [int(i) for i in numpy.flatnonzero(arr[:, 2] == 1)] or [0]
        if bounds[0] != 0:
            bounds.insert(0, 0)
        self.sents = [Sent(a, b) for a, b in zip(bounds, bounds[1:] + [len(doc)])]
        self.sent_of = (numpy.cumsum(arr[:, 2] == 1) - 1).clip(0).tolist() if len(doc) else []
        starts = [0] + [m.end() for m in re.finditer(r"\n", text_of(doc))]
        self.block_of = (numpy.searchsorted(starts, arr[:, 0], side="right") - 1).tolist() if len(doc) else []
        self.blocks: dict[int, list[int]] = {}
        for i, (b, space) in enumerate(zip(self.block_of, arr[:, 1].tolist())):
            if not space:
                self.blocks.setdefault(b, []).append(i)
        self.order = sorted(self.blocks)
        self._next = dict(zip(self.order, self.order[1:]))
        self._heading: dict[int, bool] = {}

    def block_text(self, b: int) -> str:
        toks = self.blocks[b]
        return self.doc[toks[0]:toks[-1] + 1].text

    def is_heading(self, b: int) -> bool:
        if b not in self._heading:
            self._heading[b] = self._is_heading(b)
        return self._heading[b]

    def _is_heading(self, b: int) -> bool:
        """A short line that is not a sentence or a key: value pair ("Career Education")."""
        if len(self.blocks[b]) > 20:
            return False
        toks = [self.doc[i] for i in self.blocks[b]]
        words = [t for t in toks if t.is_alpha]
        text = self.block_text(b)
        return (0 < len(words) <= 8 and not text.rstrip().endswith((".", "?", "!", ";", ","))
                and ":" not in text.rstrip(":") and words[0].is_title)

    def is_key_value(self, b: int) -> bool:
        """"Diversity: B+", "No. of schools: 6": a field of a table, not prose."""
        toks = self.blocks[b]
        return len(toks) <= 12 and any(self.doc[i].text == ":" for i in toks[:6])

    def next_block(self, b: int) -> int | None:
        return self._next.get(b)


# ---------------------------------------------------------------- states

def state_spans(doc: Doc) -> list[tuple[Span, str]]:
    """State mentions that really name a state (not "New York City", not "Washington, Pa.")."""
    out = []
    for span in doc.spans["states"]:
        kind = span.id_.split(".")[1]
        nxt = doc[span.end] if span.end < len(doc) else None
        prev = doc[span.start - 1] if span.start else None
        if nxt is not None and nxt.text in {"City", "County", "Parish", "Avenue", "Street", "St.", "University"}:
            continue
        if kind in {"usps", "ap"} and (prev is None or prev.text not in {",", "(", ":", "-", "–"}):
            if kind == "usps" or span.text.endswith("."):
                continue
        if kind == "usps" and nxt is not None and nxt.is_alpha and nxt.is_title:
            continue
        if nxt is not None and nxt.text == "," and span.end + 1 < len(doc):
            after = doc[span.end + 1:span.end + 3]
            if any(s.start == span.end + 1 for s in doc.spans["states"]) or after.text.startswith(("D.C", "DC")):
                continue  # "Washington, Pennsylvania": a city before its state
        out.append((span, span.label_))
    return out


# ---------------------------------------------------------------- district mentions

def _possessive_state(doc: Doc, start: int, states: dict[int, Span]) -> Span | None:
    """"Kansas' Topeka Public Schools", "Ohio's rural Graham Local School District"."""
    i = start - 1
    skipped = 0
    while i >= 0 and doc[i].is_lower and doc[i].is_alpha and skipped < 2:
        i, skipped = i - 1, skipped + 1
    if i >= 1 and _possessive(doc, i) and (i - 1) in states:
        return states[i - 1]
    return None


def _possessive(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].text in {"’s", "'s", "’", "'"}


def _org_context(doc: Doc, start: int) -> bool:
    """"Council of the Great City Schools": the match is part of an organisation's name."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in ORG_HEADS


def _clean(doc: Doc, span: Span, states_at: dict[int, Span]) -> tuple[Span, Span | None] | None:
    """Trim a district match to the name; None when it is not a district at all."""
    start, end = span.start, span.end
    state = None
    for t in doc[start:end]:  # an unmatched parenthesis: the name starts after it ("(HEB ISD")
        if t.text == ")" and not any(x.text == "(" for x in doc[start:t.i]) or \
                t.text == "(" and not any(x.text == ")" for x in doc[t.i:end]):
            start = t.i + 1
    while start < end and (doc[start].lower_ == "the" or doc[start].text in {"-", "’s", "'s"}):
        start += 1
    if start in states_at and states_at[start].end < end and _possessive(doc, states_at[start].end):
        state, start = states_at[start], states_at[start].end + 1
    while end > start and doc[end - 1].text in {"-", "’s", "'s", ".", "No", "no"}:
        end -= 1
    if start >= end:
        return None
    name = doc[start:end]
    state = state or _possessive_state(doc, start, states_at)
    words = core_words(name.text)
    if not words or _org_context(doc, start) or all(w in NOT_NAMES for w in words):
        return None
    rule = span.id_
    place = " ".join(t.text for t in name if t.lower_ not in HEAD_WORDS)
    if rule in {"district.place_schools", "district.the_district", "district.department", "district.board"}:
        words = place.split()
        if {"U.S.", "US", "United", "State", "Federal"} & set(words) or gazetteer.state_forms().get(place) or (
                rule == "district.department" and any(gazetteer.state_forms().get(w) for w in words)):
            return None  # a state agency: "Maryland State Department of Education"
        if rule == "district.place_schools" and not _is_place_name(place):
            return None
    if rule != "district.department" and gazetteer.state_forms().get(place):
        return None  # "Colorado school districts", "Texas ISD" is a state, not a district
    return doc[start:end], state


def _is_place_name(place: str) -> bool:
    """"Reynoldsburg", "Rochester Community", "Eastern Carver County", "Charlotte-Mecklenburg"."""
    words = place.split("-")[0].split() if "-" in place else place.split()
    while len(words) > 1 and words[-1].lower() in QUALIFIERS | {"county", "parish", "valley"}:
        words.pop()
    while len(words) > 1 and words[0].lower() in gazetteer.COMPASS:
        words.pop(0)
    return gazetteer.is_place(place) or gazetteer.is_place(" ".join(words))


def _coordinated(doc: Doc, span: Span) -> list[tuple[int, int, str]]:
    """Split "Lake County, Henry County, and Charleston County School Districts" into names."""
    head = [t for t in span if t.lower_ in {"school", "districts", "public", "schools"}]
    head_start = head[0].i
    head_text = "Public Schools" if head[0].lower_ == "public" else "School District"
    parts, cur = [], []
    for t in doc[span.start:head_start]:
        if t.text == "," or t.lower_ == "and":
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    out = []
    for i, part in enumerate(parts):
        end = span.end if i == len(parts) - 1 else part[-1].i + 1
        text = " ".join(t.text for t in part)
        out.append((part[0].i, end, f"{text} {head_text}"))
    return out


def district_mentions(doc: Doc, states_at: dict[int, Span]) -> list[Mention]:
    mentions = []
    for span in doc.spans["districts"]:
        cleaned = _clean(doc, span, states_at)
        if cleaned is None:
            continue
        name, state = cleaned
        if span.id_ == "district.coordinated":
            pieces = _coordinated(doc, name)
        else:
            pieces = [(name.start, name.end, display(name.text))]
        for s, e, value in pieces:
            m = Mention(Found(value, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), span.id_),
                        key_of(value), (s, e), part_of=name.start if len(pieces) > 1 else None)
            if state is not None:
                m.state = Found(state.label_, state.start_char, state.end_char, "state.possessive")
            mentions.append(m)
    return mentions


def subject_mentions(doc: Doc, mentions: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """"Charlotte Mecklenburg serves 148,000 students": a place that serves students is a district."""
    taken = {i for m in mentions for i in range(*m.tok)}
    found = []
    for q in doc.spans["quantities"]:
        if q.id_ != "enrollment.serves" or q[0].lower_ not in {"serves", "enrolls", "educates"}:
            continue
        start = q.start
        while start - 1 >= 0 and q.start - start < 4 and doc[start - 1].is_title and doc[start - 1].is_alpha \
                and doc[start - 1].lower_ not in NAME_STOP and start - 1 not in taken:
            start -= 1
        name = doc[start:q.start].text
        if start == q.start or start - 1 in taken or start in states_at or gazetteer.state_forms().get(name) \
                or doc[q.start - 1].lower_ in SCHOOL_WORDS \
                or not (_is_place_name(name) or gazetteer.is_place(doc[start].text)):
            continue
        found.append(Mention(Found(name, doc[start].idx, doc[q.start - 1].idx + len(doc[q.start - 1]),
                                   "district.serves_subject"), key_of(name), (start, q.start)))
    return found


def _short_forms(name: str) -> set[str]:
    """"Elkhorn Area School District" -> {"Elkhorn Area", "Elkhorn"}; acronyms excluded."""
    words = re.sub(r"\([^)]*\)", " ", name).split()
    while words and words[-1].lower().strip(".") in HEAD_WORDS | {"no", "#"} or (words and words[-1].isdigit()):
        words.pop()
    forms = set()
    numbered = re.search(r"\bDistrict (?:No\.? ?)?(\d+)$", name)
    if numbered:  # "Mesa County Valley School District 51" -> "District 51", "D51"
        forms |= {f"District {numbered[1]}", f"D{numbered[1]}"}
    if words:
        forms.add(" ".join(words))
        while words and words[-1].lower() in QUALIFIERS:
            words.pop()
        if words:
            forms.add(" ".join(words))
    return {f for f in forms if f.lower() not in NOT_NAMES and not gazetteer.state_forms().get(f)}


def _place(name: str) -> str:
    """The name without head words and qualifiers: "EMS ISD" -> "EMS"."""
    return " ".join(w for w in re.sub(r"\([^)]*\)", " ", name).split() if w.lower() not in HEAD_WORDS | QUALIFIERS)


def _initials(name: str) -> str:
    words = re.sub(r"\([^)]*\)", " ", name).replace("-", " ").split()
    return "".join(w[0] for w in words if w[0].isupper() and not w.isupper()) + \
        "".join(w for w in words if w.isupper() and len(w) > 1)


def alias_mentions(doc: Doc, mentions: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """Acronyms ("(MVUSD)", "WPS", "EMS ISD") and short forms ("Montour") of names found elsewhere."""
    taken = {i for m in mentions for i in range(*m.tok)}
    places = {_initials(_place(str(m.name.value))): m for m in mentions if not _place(str(m.name.value)).isupper()}
    for m in mentions:  # "EMS ISD" is "Eagle Mountain-Saginaw Independent School District"
        place = _place(str(m.name.value))
        full = places.get(place)
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
                and doc[e + 1].is_alpha and 2 <= len(doc[e + 1]) <= 8:
            by_form[doc[e + 1].text] = m
    found = []
    by_first: dict[str, list[str]] = {}
    for form in sorted(by_form, key=lambda f: -len(f.split())):
        by_first.setdefault(form.split()[0], []).append(form)
    for i, tok in enumerate(doc):
        if i in taken or not (tok.is_title or tok.is_upper):
            continue
        for form in by_first.get(tok.text, ()):
            n = len(form.split())
            span = doc[i:i + n]
            if " ".join(t.text for t in span) != form or any(j in taken for j in range(i, i + n)):
                continue
            before = doc[i - 1] if i else None
            after = doc[i + n] if i + n < len(doc) else None
            if (after is not None and after.is_title and after.is_alpha) or (before is not None and (
                    before.is_title and before.is_alpha and before.lower_ not in NAME_STOP)):
                continue  # part of a longer name: "West Jordan", "Kenton County Academies"
            if after is not None and after.text == "," and i + n + 1 in states_at and \
                    not _possessive(doc, states_at[i + n + 1].end):
                continue  # a place: "Wichita, KS" (but not "CVESD, California's largest district")
            if before is not None and before.lower_ in {"in", "near", "from", "outside"} and gazetteer.is_city(form):
                continue  # a place: "based in Bakersfield"
            target = by_form[form]
            m = Mention(Found(form, span.start_char, span.end_char, "alias.acronym" if form.isupper()
                              else "alias.short_form"), target.key, (i, i + n), alias=True)
            found.append(m)
            taken.update(range(i, i + n))
            break
    return found


# ---------------------------------------------------------------- places

def _city_before(doc: Doc, state_start: int, lo: int) -> tuple[int, int] | None:
    """Capitalised words right before a state ("Tampa, Fla.", "Grand Junction Colorado")."""
    end = state_start
    if end - 1 >= lo and doc[end - 1].text == ",":
        end -= 1
    start = end
    while start - 1 >= lo and doc[start - 1].is_title and doc[start - 1].is_alpha and end - start < 4 \
            and doc[start - 1].lower_ not in NAME_STOP:
        start -= 1
    return (start, end) if start < end else None


def _city(doc: Doc, rng: tuple[int, int] | None, state: str | None, rule: str,
          compass: bool = True) -> Found | None:
    """A city from a token range, checked against zipcodes ("West Jordan"; "east San Jose")."""
    if rng is None:
        return None
    toks = [t for t in doc[rng[0]:rng[1]]]
    while toks and toks[0].lower_ in {"in", "of", "the"}:
        toks = toks[1:]
    while toks:
        text = doc[toks[0].i:toks[-1].i + 1].text
        if not gazetteer.state_forms().get(text) and toks[-1].lower_ not in {"county", "parish", "borough"} \
                and gazetteer.is_city(text, state):
            return Found(text.title() if text.isupper() else text, toks[0].idx, toks[-1].idx + len(toks[-1]), rule)
        if not compass or toks[0].lower_ not in gazetteer.COMPASS:
            return None
        toks = toks[1:]
    return None


def _state_found(span: Span, rule: str) -> Found:
    return Found(span.label_, span.start_char, span.end_char, rule)


def place_mention(doc: Doc, lay: Layout, m: Mention, states: list[tuple[Span, str]],
                  starts: set[int]) -> None:
    """Fill m.state / m.city from the words around the mention (strongest rule first)."""
    s, e = m.tok
    sent = lay.sents[lay.sent_of[s]]
    toks = doc[s:e]
    # "Oxford (Mich.) Community Schools": state in the name, the city before it
    for t in toks:
        if t.text == "(":
            for st, code in states:
                if st.start == t.i + 1:
                    m.state = _state_found(st, "state.in_name")
                    m.city = _city(doc, (s, t.i), code, "city.in_name")
    if m.state and m.state.rule == "state.in_name":
        return
    # "Anchorage School District (Alaska)", "(Murfreesboro)", "(Amite, La.)"
    close = next((t.i for t in doc[e + 1:e + 7] if t.text == ")"), None) if e < len(doc) and doc[e].text == "(" else None
    if close is not None:
        inner = [(st, code) for st, code in states if e < st.start < close]
        if inner:
            st, code = inner[0]
            m.state = _state_found(st, "state.paren")
            m.city = _city(doc, _city_before(doc, st.start, e + 1), code, "city.paren")
            return
        m.city = _city(doc, (e + 1, close), None, "city.paren")
        e = close + 1  # "Birdville ISD (BISD) in Haltom City": read on after the parenthesis
    # "... in Moreno Valley, California", ", Georgia", "serves ... in Grand Junction Colorado"
    limit = min(sent.end, e + 15)
    nxt_mention = min((x for x in starts if e <= x < limit), default=limit)
    for st, code in states:
        if e <= st.start < nxt_mention and not m.state:
            between = doc[e:st.start]
            if any(t.text in {";", "said", "says"} for t in between):
                break
            m.state = _state_found(st, "state.after")
            rng = _city_before(doc, st.start, e)
            region = rng and rng[0] - 1 >= e and doc[rng[0] - 1].lower_ == "of"
            if rng and not region:
                m.city = _city(doc, rng, code, "city.after")
            break
    if m.state is None:
        # "In Georgia, Gwinnett ..." / "In Boulder, Colorado, BVSD offers ..."
        for st, code in states:
            if sent.start <= st.start < s and not any(sent.start <= x < s for x in starts if x != s):
                m.state = _state_found(st, "state.lead")
                rng = _city_before(doc, st.start, sent.start)
                if rng and rng[0] - 1 >= sent.start and doc[rng[0] - 1].lower_ == "in":
                    m.city = m.city or _city(doc, rng, code, "city.lead", compass=False)
    if m.city is None:
        # "..., is headquartered in Rockville"
        for t in doc[e:sent.end - 1]:
            if t.lower_ in {"headquartered", "based", "located", "headquarters"} and doc[t.i + 1].lower_ == "in":
                k = t.i + 2
                while k < sent.end and doc[k].is_title and doc[k].is_alpha and k - t.i < 6:
                    k += 1
                m.city = _city(doc, (t.i + 2, k), m.state.value if m.state else None, "city.based_in")
                break
    if m.city is None:
        # "Evergreen School District in east San Jose", "Cabrillo Unified in Half Moon Bay"
        j = e + 1 if e < len(doc) and doc[e].text == "," else e
        if j < len(doc) and doc[j].lower_ == "in":
            j += 1
            while j < len(doc) and doc[j].lower_ in gazetteer.COMPASS | {"neighboring", "nearby", "suburban"}:
                j += 1
            k = j
            while k < len(doc) and doc[k].is_title and doc[k].is_alpha and k - j < 4:
                k += 1
            for stop in range(k, j, -1):
                found = _city(doc, (j, stop), m.state.value if m.state else None, "city.after")
                if found:
                    m.city = found
                    break


def entry_places(doc: Doc, lay: Layout, m: Mention, states: list[tuple[Span, str]]) -> None:
    """A list entry: "Ridgecrest, CA; Sierra Sands ...", or the name then a line
    "West Jordan, Utah" / "Location: Madison, AL" / "Location: Keller (Ferry County)"."""
    b = lay.block_of[m.tok[0]]
    cands = []
    first = lay.blocks[b][0]
    if first < m.tok[0]:
        cands.append((first, m.tok[0]))
    nb = lay.next_block(b)
    if nb is not None and lay.blocks[b][-1] < m.tok[1] + 2 and len(lay.blocks[b]) <= m.tok[1] - m.tok[0] + 4:
        cands.append((lay.blocks[nb][0], lay.blocks[nb][-1] + 1))
    for lo, hi in cands:
        line = doc[lo:hi]
        if lo < m.tok[0] and not any(t.text == ";" for t in line[:8]):
            continue
        if lo >= m.tok[1] and len(line) > 12:
            continue
        j = lo
        if doc[j].lower_ == "–" or doc[j].text in {"-", "–", "•"}:
            j += 1
        if j + 1 < hi and doc[j].lower_ in {"location", "city", "located"} and doc[j + 1].text == ":":
            j += 2
        st_here = [(st, code) for st, code in states if j <= st.start < hi]
        if st_here:
            st, code = st_here[0]
            if m.state is None:
                m.state = _state_found(st, "state.entry")
            if m.city is None:
                m.city = _city(doc, _city_before(doc, st.start, j), code, "city.entry")
        elif m.city is None and lo >= m.tok[1]:
            k = j
            while k < hi and doc[k].text not in {"(", ",", ";"}:
                k += 1
            m.city = _city(doc, (j, k), m.state.value if m.state else None, "city.entry")
        return


def table_city(doc: Doc, m: Mention) -> None:
    """A table row: "Anchorage School District Anchorage 57% 44% ..."."""
    e = m.tok[1]
    k = e
    while k < len(doc) and doc[k].is_title and doc[k].is_alpha and k - e < 3:
        k += 1
    if e < k < len(doc) and (doc[k].like_num or doc[k].text.endswith("%")):
        m.city = m.city or _city(doc, (e, k), m.state.value if m.state else None, "city.table")


def table_values(doc: Doc, lay: Layout, districts: list[District]) -> None:
    """Rows of a "District | City | Enrollment" table give each district its city and enrollment."""
    owner = {i: d for d in districts for m in d.mentions for i in range(*m.tok)}
    header: dict[str, int] = {}
    for b in lay.order:
        toks = [doc[i] for i in lay.blocks[b]]
        if sum(t.text == "|" for t in toks) < 1:
            header = {}
            continue
        cells, cur = [], []
        for t in toks:
            if t.text == "|":
                cells.append(cur)
                cur = []
            else:
                cur.append(t)
        cells.append(cur)
        words = [" ".join(t.lower_ for t in c) for c in cells]
        if not any(t.like_num for t in toks):
            header = {k: i for i, w in enumerate(words) for k in ("city", "location", "enrollment", "students")
                      if k in w.split()}
            continue
        d = next((owner[t.i] for t in cells[0] if t.i in owner), None)
        if d is None or not header:
            continue
        for key, i in header.items():
            if i >= len(cells) or not cells[i]:
                continue
            c = cells[i]
            if key in ("city", "location") and d.city is None:
                d.city = _city(doc, (c[0].i, c[-1].i + 1), d.state.value if d.state else None, "city.table")
            elif key in ("enrollment", "students") and d.enrollment is None and c[0].like_num:
                value = number(c[0].text)
                if value and LIMITS["enrollment"][0] <= value <= LIMITS["enrollment"][1]:
                    d.enrollment = Found(value, c[0].idx, c[0].idx + len(c[0]), "enrollment.table")


def section_states(doc: Doc, lay: Layout, states: list[tuple[Span, str]]) -> dict[int, Span]:
    """Block -> state of the section heading above it ("3. Montana: ...", "ALABAMA: ...")."""
    heads = {}
    for st, code in states:
        b = lay.block_of[st.start]
        toks = lay.blocks[b]
        pos = toks.index(st.start)
        lead = [doc[i] for i in toks[:pos]]
        after = doc[st.end] if st.end < len(doc) else None
        if all(t.like_num or t.text in {".", ")", "#"} for t in lead) and (
                (after is not None and after.text in {":", "–", "-", "—"}) or st.end - 1 == toks[-1]):
            heads.setdefault(b, st)
    out, cur = {}, None
    for b in lay.order:
        cur = heads.get(b, cur)
        if cur is not None:
            out[b] = cur
    return out


# ---------------------------------------------------------------- grouping

def group(mentions: list[Mention]) -> list[District]:
    """One district per core name; the same name with two different states stays two."""
    groups: dict[str, list[District]] = {}
    for m in sorted(mentions, key=lambda x: x.tok):
        subs = groups.setdefault(m.key, [])
        state = m.state.value if m.state and PLACE_RANK[m.state.rule.split(".")[1]] <= 7 else None
        target = None
        for d in subs:
            ds = {x.state.value for x in d.mentions if x.state and PLACE_RANK[x.state.rule.split(".")[1]] <= 7}
            if state is None or not ds or state in ds:
                target = d
        if target is None:
            target = District()
            subs.append(target)
        target.mentions.append(m)
    return sorted((d for subs in groups.values() for d in subs), key=lambda d: d.first)


def best(founds: list[Found | None]) -> Found | None:
    founds = [f for f in founds if f is not None]
    return min(founds, key=lambda f: PLACE_RANK[f.rule.split(".")[1]]) if founds else None


# ---------------------------------------------------------------- numbers and initiatives

def _value(span: Span) -> int | None:
    for i, t in enumerate(span):
        if t.like_num:
            n = number(t.text)
            if n is not None and i + 1 < len(span) and span[i + 1].lower_ == "million":
                n = int(float(t.text.replace(",", "")) * 1_000_000)
            return n
    return None


def attach_numbers(doc: Doc, lay: Layout, owner: dict[int, District]) -> None:
    ordered = sorted(owner.items())
    for span in doc.spans["quantities"]:
        value = _value(span)
        if not value:
            continue
        first_num = next(t.i for t in span if t.like_num)
        prev = doc[first_num - 1] if first_num else None
        if prev is not None and (prev.like_num or prev.lower_ in {"to", "-", "–"} and prev.i and doc[prev.i - 1].like_num):
            continue  # enrollment bands: "5,000 to 20,000 students"
        if prev is not None and doc[span.start - 1].text in {"districts", "schools", "them", "those", "systems", "ones"}:
            continue  # "open to districts with fewer than 10,000 students"
        if span.id_.endswith(("n_student", "n_school")) and not _of_district(doc, first_num + 2):
            continue  # "a 300-student school" is not the district
        sent = lay.sents[lay.sent_of[span.start]]
        here = [d for i, d in ordered if sent.start <= i < sent.end and not _in_parens(doc, sent.start, i)]
        target = here[0] if here else None
        if target is not None and (_foreign(doc, target, span) or
                                   span.end < len(doc) and doc[span.end].lower_ in {"from", "at"}):
            continue  # "a pilot with 60 students from Great Neck Public Schools"
        if target is None and span.id_ != "enrollment.approximate":
            anaphor = span.id_.endswith(("key_value", "n_student", "n_school")) or any(
                t.lower_ in {"district", "system"} for t in doc[sent.start:sent.end]) or \
                doc[sent.start].lower_ in {"it", "its"}
            before = [d for i, d in ordered if i < span.start]
            if anaphor and before:
                target = before[-1]
        if target is None:
            continue
        if not LIMITS[span.label_][0] <= value <= LIMITS[span.label_][1]:
            continue
        found = Found(value, span.start_char, span.end_char, span.id_)
        if span.label_ == "enrollment" and target.enrollment is None:
            target.enrollment = found
        elif span.label_ == "schools" and target.schools is None:
            target.schools = found


def _foreign(doc: Doc, d: District, span: Span) -> bool:
    """Another subject stands between the district and the figure: "... a network that serves
    4.4 million students", "..., Lincoln Elementary School serves 400 students"."""
    near = min((m.tok for m in d.mentions), key=lambda t: min(abs(t[1] - span.start), abs(span.end - t[0])))
    lo, hi = (near[1], span.start) if near[1] <= span.start else (span.end, near[0])
    for t in doc[lo:hi]:
        nxt = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
        if (t.lower_ in FOREIGN or t.lower_ == "school") and nxt not in {"district", "system", "school"}:
            return True
    return False


def _of_district(doc: Doc, i: int) -> bool:
    """"-student district", "-student New Jersey district", "-school system"."""
    for t in doc[i:i + 4]:
        if t.lower_ in {"district", "system", "corporation", "districts"}:
            return True
        if t.lower_ in {"school", "schools", "campus", "class", "program", "academy", "high", "elementary"} \
                and not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in {"district", "system"}):
            return False
    return False


def _in_parens(doc: Doc, lo: int, i: int) -> bool:
    depth = 0
    for t in doc[lo:i]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0


def _in_proper_name(doc: Doc, span: Span) -> bool:
    """A cue inside a name ("Pathways in Technology Early College High School") says nothing
    about what the district does."""
    if not all(t.is_title or t.is_upper or not t.is_alpha for t in span):
        return False
    prev = doc[span.start - 1] if span.start else None
    nxt = doc[span.end] if span.end < len(doc) else None
    return any(t is not None and t.is_alpha and t.is_title and t.lower_ not in NAME_STOP for t in (prev, nxt)) \
        and not (prev is not None and prev.is_sent_start and nxt is not None and not nxt.is_title)


def attach_initiatives(doc: Doc, lay: Layout, owner: dict[int, District]) -> None:
    by_sent: dict[int, list[District]] = {}
    for i, d in sorted(owner.items()):
        if not _in_parens(doc, lay.sents[lay.sent_of[i]].start, i):
            lst = by_sent.setdefault(lay.sent_of[i], [])
            if d not in lst:
                lst.append(d)
    # a heading line passes its cues to the districts below it, until the next heading
    heading_scope: dict[int, list[District]] = {}
    cur = None
    named = {lay.block_of[i] for i in owner}
    for b in lay.order:
        if lay.is_heading(b) and b not in named:
            cur = b
            heading_scope[b] = []
        elif cur is not None:
            for i in lay.blocks[b]:
                if i in owner and owner[i] not in heading_scope[cur]:
                    heading_scope[cur].append(owner[i])
    # the lines under a short line that names a district describe it ("Kodiak ..., Alaska")
    entry: dict[int, list[District]] = {}
    cur_entry = None
    for b in lay.order:
        here = [owner[i] for i in lay.blocks[b] if i in owner]
        if here:
            cur_entry = list(dict.fromkeys(here)) if len(lay.blocks[b]) <= 15 else None
        elif lay.is_heading(b):
            cur_entry = None
        elif cur_entry:
            entry[b] = cur_entry
    taken = {i for i in owner}
    for span in doc.spans["cues"]:
        b = lay.block_of[span.start]
        if any(i in taken for i in range(span.start, span.end)) or lay.is_key_value(b) or (
                _in_proper_name(doc, span) and not lay.is_heading(b)):
            continue
        s = lay.sent_of[span.start]
        targets = by_sent.get(s)
        if not targets:
            in_block = [k for k in by_sent if lay.block_of[lay.sents[k].start] == b]
            earlier = [k for k in in_block if k < s]
            later = [k for k in in_block if k > s]
            if earlier:
                targets = by_sent[max(earlier)]
            elif later:
                targets = by_sent[min(later)]
            else:
                targets = heading_scope.get(b) or entry.get(b, [])
        for d in targets:
            d.initiatives.setdefault(span.label_, Found(span.label_, span.start_char, span.end_char, span.id_))


# ---------------------------------------------------------------- whole article

@dataclass
class Dateline:
    """The opening "SPRINGFIELD, Mo. —" of a local story (not of a wire release)."""
    city: Span
    state: Span | None


def dateline(doc: Doc, states_at: dict[int, Span]) -> Dateline | None:
    toks = [t for t in doc[:16] if not t.is_space]
    i = 0
    while i < len(toks) and (toks[i].like_num or toks[i].lower_ in {"date", "-"} or re.match(r"^\d{4}-\d\d", toks[i].text)):
        i += 1
    j = i
    while j < len(toks) and toks[j].is_upper and toks[j].is_alpha:
        j += 1
    if j == i or any(w in text_of(doc)[:300].lower() for w in WIRE):
        return None
    state = None
    if j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].i in states_at:
        state = states_at[toks[j + 1].i]
    return Dateline(doc[toks[i].i:toks[j - 1].i + 1], state)


def assemble(doc: Doc) -> tuple[list[dict], Found | None]:
    lay = Layout(doc)
    states = state_spans(doc)
    states_at = {st.start: st for st, _ in states}
    mentions = district_mentions(doc, states_at)
    mentions += subject_mentions(doc, mentions, states_at)
    mentions += alias_mentions(doc, mentions, states_at)
    starts = {m.tok[0] for m in mentions}
    inside = {i for m in mentions for i in range(*m.tok)}
    states = [(st, code) for st, code in states if st.start not in inside or doc[st.start - 1].text == "("]
    sections = section_states(doc, lay, states)
    for m in mentions:
        place_mention(doc, lay, m, states, starts)
        if not m.alias:
            entry_places(doc, lay, m, states)
            table_city(doc, m)
        b = lay.block_of[m.tok[0]]
        if m.state is None and b in sections:
            m.state = _state_found(sections[b], "state.section")
    for m in mentions:  # "the Edina and Wayzata school districts (Minn.)": one place for all
        m.state = m.state or next((x.state for x in mentions if x.part_of == m.part_of is not None and x.state), None)
    districts = group(mentions)
    # the state of a line that names one district and one state
    per_block: dict[int, set[str]] = {}
    for d in districts:
        for m in d.mentions:
            per_block.setdefault(lay.block_of[m.tok[0]], set()).add(id(d))
    block_states: dict[int, list[Span]] = {}
    for st, code in states:
        block_states.setdefault(lay.block_of[st.start], []).append(st)
    article_states = {code for _, code in states}
    line = dateline(doc, states_at)
    for d in districts:
        st = best([m.state for m in d.mentions])
        if st is None:
            for m in d.mentions:
                b = lay.block_of[m.tok[0]]
                codes = {s.label_ for s in block_states.get(b, [])}
                if len(per_block.get(b, ())) == 1 and len(codes) == 1:
                    st = _state_found(block_states[b][0], "state.block")
                    break
        local = line is not None and (len(districts) == 1 or _place(_name(d)).lower() == line.city.text.lower())
        if st is None and local and line.state is not None:
            st = _state_found(line.state, "state.dateline")
        if st is None and len(article_states) == 1:
            first = next(s for s, _ in states)
            st = _state_found(first, "state.article")
        d.state = st
        d.city = best([m.city for m in d.mentions]) or _city_from_text(doc, d, st.value if st else None)
        if d.city is None and local:
            d.city = _city(doc, (line.city.start, line.city.end), st.value if st else None, "city.dateline")
    table_values(doc, lay, districts)
    owner = {i: d for d in districts for m in d.mentions for i in range(*m.tok)}
    attach_numbers(doc, lay, {m.tok[0]: d for d in districts for m in d.mentions})
    attach_initiatives(doc, lay, owner)
    return [record(doc, d) for d in districts], program(doc)


def _name(d: District) -> str:
    return str(next((m for m in d.mentions if not m.alias), d.mentions[0]).name.value)


def _city_from_text(doc: Doc, d: District, state: str | None) -> Found | None:
    """"... the students of Germantown": the place in the district's name, named as a place."""
    place = _place(_name(d))
    if not place or place.isupper() or not gazetteer.is_city(place, state):
        return None
    for m in re.finditer(r"\b(?:in|of) (" + re.escape(place) + r")\b(?![ -]?[A-Z])", text_of(doc)):
        prev = text_of(doc)[max(0, m.start() - 12):m.start()]
        if not re.search(r"[A-Z][a-z]+ $", prev):
            return Found(place, m.start(1), m.end(1), "city.name_place")
    return None


def record(doc: Doc, d: District) -> dict:
    names = [m for m in d.mentions if not m.alias] or d.mentions
    main = max(names, key=lambda m: (len(str(m.name.value)), -m.tok[0]))
    evidence = [main.name.evidence(doc, "name")]
    aliases: list[str] = []
    for m in d.mentions:
        value = str(m.name.value)
        if value.lower() != str(main.name.value).lower() and value.lower() not in {a.lower() for a in aliases}:
            aliases.append(value)
            evidence.append(m.name.evidence(doc, "alias"))
    # "Kenosha (Wis.) Unified School District No. 1" -> also "Kenosha Unified School District No. 1"
    bare = " ".join(re.sub(r"\([^)]*\)", " ", str(main.name.value)).split())
    if bare != main.name.value and bare.lower() not in {a.lower() for a in aliases}:
        aliases.append(bare)
        evidence.append(Found(bare, main.name.start, main.name.end, "alias.without_place").evidence(doc, "alias"))
    st, city = d.state, d.city
    out = {"name": str(main.name.value), "aliases": aliases,
           "city": city.value if city else None, "state": st.value if st else None,
           "enrollment": d.enrollment.value if d.enrollment else None,
           "schools": d.schools.value if d.schools else None,
           "initiatives": sorted(d.initiatives)}
    for fld, found in (("city", city), ("state", st), ("enrollment", d.enrollment), ("schools", d.schools)):
        if found is not None:
            evidence.append(found.evidence(doc, fld))
    evidence += [f.evidence(doc, "initiatives") for _, f in sorted(d.initiatives.items())]
    out["evidence"] = evidence
    return out
