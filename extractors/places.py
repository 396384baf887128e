"""Where a district is: state and city from the words around each mention, from the line or the
section it sits in, from the dateline of a local story, or from the article.

States and cities come from extractors/gazetteer.py; the word lists from patterns/places.yaml.
Every lookup is by token position (extractors.layout.Positions), so an article's places are found
in time linear in its length.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from extractors import gazetteer, rules
from extractors.layout import Layout, Positions
from extractors.values import POSSESSIVE, Found, Mention, lower_before, lower_words, possessive, span_text, text_of
from schemas.names import APOSTROPHES, fold

FILE = "places.yaml"
W = {k: rules.words(FILE, k) for k in rules.lexicon(FILE)}
NAME_STOP = rules.words("districts.yaml", "name_stop")
COUNTY_WORDS = rules.words("districts.yaml", "county_words")
MUNICIPAL = rules.words("districts.yaml", "municipal_words")
APPOSITION_HEADS = rules.words("districts.yaml", "apposition_heads")
IN_FILLERS = gazetteer.COMPASS | W["place_fillers"]  # words skipped after "in": "in east San Jose", "in nearby ..."
DASHES = {"–", "—", "-"}
DATELINE_DASHES = DASHES | {"--"}  # what ends a dateline ("PHARR, Texas —")
DATELINE_LEADS = {"date", "-", "(", "*", "_"}  # what may stand before a dateline's town ("date 2020-05-01", "(HARLAN", "**HARLAN")
EMPHASIS = {"*", "_"}  # a text's bold or italic marks around a dateline ("**HARLAN, IA** —")
STATE_NAMED = [tuple(h.split()) for h in W["state_named_heads"]]
PLACE_LINE_STATE_BY = 6  # how far into an entry's place line its state may stand ("Location: Madison, AL")
SIBLING_LINES = 3  # the lines before and after a list entry that show how the list writes its entries
DATELINE_TOKENS = 40  # a line's first tokens, where its dateline would stand ("PHARR, Texas —")
TOWN_WORDS = 3  # the words of a town's name read back from a mark ("Clay Center-based", "Medford's")
TOWN_NOUNS = MUNICIPAL | W["town_nouns"]  # "the city of", "the county seat of"


# ---------------------------------------------------------------- states

@lru_cache(maxsize=1 << 14)
def _state_key(text: str) -> str:
    """The text folded, apostrophe-like marks dropped: what state_of looks up (memoised: the
    checks ask about the same words again and again)."""
    return re.sub(rf"[{APOSTROPHES}]", "", fold(text)).strip()


@lru_cache(maxsize=1)
def state_forms() -> dict[str, tuple[str, str]]:
    """Surface form -> (USPS code, kind): the gazetteer's full names, AP abbreviations and codes,
    and the older abbreviations of patterns/places.yaml ("Ia.", "Kans.")."""
    forms = dict(gazetteer.state_forms())
    for form, code in rules.load_yaml(FILE).get("more_state_forms", {}).items():
        forms.setdefault(str(form), (str(code), "ap"))
    return forms


@lru_cache(maxsize=1)
def _states_by_key() -> dict[str, tuple[str, str]]:
    """Folded form -> (USPS code, the state's name); apostrophe-like marks vanish ("Hawaiʻi")."""
    forms = state_forms()
    names = {code: form for form, (code, kind) in forms.items() if kind == "name"}
    return {_state_key(form): (code, names.get(code, form)) for form, (code, _) in forms.items()}


def state_of(text: str) -> str | None:
    """The USPS code when the text is a state's name, AP abbreviation or code, else None."""
    hit = _states_by_key().get(_state_key(text))
    return hit[0] if hit else None


def state_name(text: str) -> str:
    hit = _states_by_key().get(_state_key(text))
    return hit[1] if hit else text


def _compared(doc: Doc, i: int) -> bool:
    """A state after "than", "the size of", "as large as": a comparison, no place."""
    before = " ".join(lower_before(doc, i, 3))
    return any(before == w or before.endswith(f" {w}") for w in W["not_state_before"])


def state_spans(doc: Doc) -> list[Span]:
    """State mentions that really name a state (not "New York City", not "Washington, Pa.")."""
    out = []
    spans = list(doc.spans["states"])
    by_start = {s.start: s for s in spans}
    towns = town_states(doc)
    for span in spans:
        kind = span.id_.split(".")[1]
        if kind == "name" and span.label_ in towns:
            continue
        nxt = doc[span.end] if span.end < len(doc) else None
        prev = doc[span.start - 1] if span.start else None
        if nxt is not None and nxt.text in W["not_state_after"] or _compared(doc, span.start):
            continue
        if prev is not None and prev.lower_ in W["landmark_before"] and kind == "name" \
                and (nxt is None or (nxt.is_punct or nxt.is_space) and nxt.text not in W["landmark_unless_after"]):
            continue  # "outfitters on the Arkansas.": a river (not "the Ohio School Boards Association")
        if nxt is not None and nxt.is_title and nxt.is_alpha and gazetteer.is_city(f"{span.text} {nxt.text}"):
            continue  # "Colorado Springs", "Oklahoma City": a city
        if prev is not None and prev.text in W["water_before"] and kind == "name":
            continue  # "along the Lake Michigan shoreline": a lake
        if kind in {"usps", "ap"} and (prev is None or prev.text not in W["abbreviation_before"]):
            if kind == "usps" or span.text.endswith("."):
                continue
        if kind == "usps" and nxt is not None and nxt.is_alpha and nxt.is_title:
            continue
        if nxt is not None and nxt.text == "," and span.end + 1 < len(doc):
            after = doc[span.end + 1:span.end + 3]
            second = by_start.get(span.end + 1)
            if second is not None and gazetteer.is_city(span.text, second.label_) or after.text.startswith(("D.C", "DC")):
                continue  # "Washington, Pennsylvania": a city before its state (not "in New Mexico, Maine ...")
        if _county_paren(doc, span):
            continue
        out.append(span)
    return out


def town_states(doc: Doc) -> set[str]:
    """The states whose name is a town's in this article (_district_towns), found once per doc."""
    if "town_states" not in doc.user_data:
        doc.user_data["town_states"] = _district_towns(doc, list(doc.spans["states"]))
    return doc.user_data["town_states"]


def _district_towns(doc: Doc, spans: list[Span]) -> set[str]:
    """States whose name opens a district's name, capitalised ("Wyoming Public Schools", "Indiana
    Area School District", not "Georgia public schools"), in an article that names another state:
    there the name is a town's, and so is "in Wyoming" ("Godfrey-Lee Public Schools in Wyoming",
    a Michigan article)."""
    heads = [tuple(h.split()) for h in W["town_district_heads"]]
    lowers = lower_words(doc)  # the cached array; a Token only for the words of a head
    towns = {sp.label_ for sp in spans if sp.id_.endswith(".name")
             and any(tuple(lowers[sp.end:sp.end + len(h)]) == h
                     and all(doc[i].is_title for i in range(sp.end, min(sp.end + len(h), len(doc)))) for h in heads)}
    return towns if {sp.label_ for sp in spans} - towns else set()


# a line (or a table row's first cell) that ends "... (Butler)": "Canfield Local (Mahoning)", "Aspen 1 (Pitkin) | 86%"
PAREN_AT_END = re.compile(r"\(([A-Z][\w.'’ -]*)\)\s*(?:$|[|\t])")


def _county_paren(doc: Doc, span: Span) -> bool:
    """A state's name alone in parentheses at a line's end, where the lines around it end in a
    place that is no state ("Lakota Local (Butler)", "Olentangy Local (Delaware)"): the list gives
    each entry's county, and "Delaware" is one of them."""
    places = _sibling_parens(doc, span.start_char, span.end_char)
    return places is not None and sum(1 for p in places if not state_of(p)) >= 2


def _county_list(doc: Doc, a: int, b: int) -> bool:
    """"Lakota Local (Butler)" among "Ada Exempted Village (Hardin)", "Canfield Local (Mahoning)":
    where every parenthesis of the list names a county, the list gives counties, not towns."""
    places = _sibling_parens(doc, a, b)  # (a header's "District (County)" names the column)
    places = places and [p for p in places if p.lower() not in COUNTY_WORDS]
    return bool(places) and len(places) >= 2 and all(
        gazetteer.is_place(f"{p} County") for p in [*places, text_of(doc)[a:b]])


def _sibling_parens(doc: Doc, a: int, b: int) -> list[str] | None:
    """The places in parentheses that end the lines around a line that ends in "(<text[a:b]>)"
    (None if that line does not end so)."""
    text = text_of(doc)
    rest = text[b + 1:].split("\n", 1)[0]
    if text[a - 1:a] != "(" or not text[b:b + 1] == ")" or rest.strip() and not rest.lstrip(" ").startswith(("|", "\t")):
        return None
    lines = text[:a].split("\n")[-SIBLING_LINES - 1:-1] + text[b:].split("\n")[1:SIBLING_LINES + 1]
    return [m.group(1) for line in lines if (m := PAREN_AT_END.search(line))]


def state_found(span: Span, rule: str) -> Found:
    return Found(span.label_, span.start_char, span.end_char, rule)


# ---------------------------------------------------------------- cities

SPELLED = {"St.": "Saint", "St": "Saint", "Ste.": "Sainte", "Mt.": "Mount", "Ft.": "Fort"}


def _spelled_out(text: str) -> str:
    """"St. Paul" -> "Saint Paul": zipcodes spells the abbreviation out."""
    first, _, rest = text.partition(" ")
    first = first.title() if first.isupper() else first  # a dateline's "ST. PAUL"
    return f"{SPELLED[first]} {rest}" if first in SPELLED and rest else text



def town_word(t) -> bool:
    """A word of a town's name: capitalised, "LaGrange" and "McAllen" too (not "ISD")."""
    return t.is_alpha and (t.is_title or t.text[:1].isupper() and t.text[1:2].islower())


def city_before(doc: Doc, state_start: int, lo: int) -> tuple[int, int] | None:
    """Capitalised words right before a state ("Tampa, Fla.", "Grand Junction Colorado")."""
    end = state_start
    if end - 1 >= lo and doc[end - 1].text == ",":
        end -= 1
    start = end
    while start - 1 >= lo and (doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha
                               or doc[start - 1].text in SPELLED or _town_hyphen(doc, start - 1, lo)) \
            and end - start < 4 and doc[start - 1].lower_ not in NAME_STOP:
        start -= 1
    return (start, end) if start < end and doc[start].text != "-" else None


def _town_hyphen(doc: Doc, i: int, lo: int) -> bool:
    """The hyphen inside a town's name, with no space either side ("Dover-Foxcroft, Maine",
    "Winston-Salem, N.C.")."""
    return doc[i].text == "-" and i - 1 >= lo and not doc[i - 1].whitespace_ and not doc[i].whitespace_ \
        and town_word(doc[i - 1]) and town_word(doc[i + 1])


def city(doc: Doc, rng: tuple[int, int] | None, state: str | None, rule: str, compass: bool = True) -> Found | None:
    """A city from a token range, checked against zipcodes ("West Jordan"; "east San Jose")."""
    if rng is None:
        return None
    toks = list(doc[rng[0]:rng[1]])
    while toks and toks[0].lower_ in W["city_skip"]:
        toks = toks[1:]
    if _compass_of_a_state(doc, toks, rng[1]):
        return None  # "the fastest-growing districts in West Texas": a region, not West, Texas
    while toks:
        text = span_text(doc, toks[0].i, toks[-1].i + 1)
        named = state_of(text)  # a state's name is a city only in another state ("Washington, Pennsylvania")
        if named in town_states(doc):
            named = None  # "Godfrey-Lee Public Schools in Wyoming" beside "Wyoming Public Schools", in Michigan
        if (not named or state is not None and named != state) and toks[-1].lower_ not in W["not_city_last"] \
                and (gazetteer.is_city(text, state) or gazetteer.is_city(_spelled_out(text), state)
                     or _town_by_form(doc, toks, state)):
            return Found(_from_capitals(text), toks[0].idx, toks[-1].idx + len(toks[-1]), rule)
        if not compass or toks[0].lower_ not in gazetteer.COMPASS:
            return None
        toks = toks[1:]
    return None


def _compass_of_a_state(doc: Doc, toks: list, end: int) -> bool:
    """A compass word alone right before a state's name: "West Texas", "East Tennessee"."""
    return len(toks) == 1 and toks[0].lower_ in gazetteer.COMPASS and end < len(doc) and any(
        state_of(span_text(doc, end, k)) for k in range(end + 1, min(end + 3, len(doc)) + 1))


NAME_ENDS = rules.words("districts.yaml", "head_words")  # the last word of a district's name


def _town_by_form(doc: Doc, toks: list, state: str | None) -> bool:
    """A town zipcodes lacks, written in a form that leaves no doubt it is one: a dateline
    ("CEDAR FALLS, Wash. — ..."), "in Haywood Springs, Tennessee", "(Tamarack Falls, Minn.)", "the
    Brookfield, Texas, school district"; its state right after its comma. Not "in East El Paso,
    Texas", a part of a city."""
    a, j = toks[0].i, toks[-1].i + 1
    if state is None or len(toks) > 3 or j + 2 >= len(doc) or doc[j].text != "," \
            or toks[0].lower_ in gazetteer.COMPASS or not all(
            t.is_alpha and (t.is_title or t.is_upper) and t.lower_ not in W["not_town_words"] for t in toks):
        return False
    end = next((k for k in range(j + 2, min(len(doc), j + 5)) if state_of(doc[j + 1:k].text) == state), None)
    if end is None or end >= len(doc) - 1 and not (end == len(doc) or doc[end].is_space):
        return False
    before, after = (doc[a - 1].lower_ if a else "\n"), (doc[end] if end < len(doc) else None)
    if not before.strip() or a and "\n" in doc[a - 1].whitespace_:  # a line's first words
        # a dateline ("CEDAR FALLS, Wash. —"), or a line that is only the town and its state ("Linden Falls, Ohio")
        line_end = after is None or after.is_space and "\n" in after.text or "\n" in doc[end - 1].whitespace_
        return all(t.is_upper for t in toks) and after is not None and after.text in DASHES | {"--"} or line_end
    if before in W["town_lead"] or before == ":" and a >= 2 and doc[a - 2].lower_ in W["location_keys"]:
        return True  # (and a location field's town: "Headquarters: Cypress Hollow, Texas.")
    if before == "," and a >= 2 and (doc[a - 2].lower_ in NAME_ENDS or doc[a - 2].like_num):
        return True  # after a district's name: "Cedar Hollow Unified School District, Cedar Hollow, Calif."
    return before == "the" and after.text == "," and doc[end + 1].lower_ in W["name_heads_after_state"]


# ---------------------------------------------------------------- the words around one mention

def _town_of_name(doc: Doc, s: int, e: int) -> tuple[int, int] | None:
    """"City Schools of Decatur (Ga.)", "School District of Philadelphia (Pa.)": the town that ends
    a name "... of <Town>", which the state in parentheses then places."""
    k = _town_start(doc, e, s + 1)
    return (k, e) if k < e and doc[k - 1].lower_ == "of" else None


def place_mention(doc: Doc, lay: Layout, m: Mention, states: Positions, starts: Positions) -> None:
    """Fill m.state / m.city from the words around the mention (strongest rule first)."""
    s, e = m.tok
    sent = lay.sent(s)
    # "Oxford (Mich.) Community Schools", "the Brookfield, Texas, school district": in the name
    inside = [st for _, st in states.between(s, e)]
    for st in inside:
        if st.start and doc[st.start - 1].text in {"(", ","}:
            m.state = state_found(st, "state.in_name")
            m.city = city(doc, (s, st.start - 1), st.label_, "city.in_name")
            return
    # "Anchorage School District (Alaska)", "(Murfreesboro)", "(Amite, La.)", "(KY)"
    close = next((t.i for t in doc[e + 1:e + 7] if t.text == ")"), None) if e < len(doc) and doc[e].text == "(" else None
    if close is not None:
        inner = [st for _, st in states.between(e + 1, close)]
        if inner:
            st = inner[0]
            m.state = state_found(st, "state.paren")
            m.city = city(doc, city_before(doc, st.start, e + 1), st.label_, "city.paren") \
                or city(doc, _town_of_name(doc, s, e), st.label_, "city.paren")
            return
        # "(Kimberly; about 5,000 students)", "(Luxemburg, 1,950 students)": the town, then a figure
        part = next((t.i for t in doc[e + 1:close] if t.text in {",", ";"}
                     and any(u.like_num for u in doc[t.i + 1:min(t.i + 4, close)])), close)
        inner = doc[e + 1:part].text
        # "Kingsport City Schools (Kingsport)" is a city, but "The Rio School District (Rio)" may
        # only repeat the name: weaker than a place named elsewhere ("Rio School District; Oxnard")
        weak = str(m.name.value).startswith(inner)
        if not _county_list(doc, doc[e + 1].idx, doc[part - 1].idx + len(doc[part - 1])):
            m.city = city(doc, (e + 1, part), None, "city.paren_name" if weak else "city.paren") \
                or based_city(doc, e + 1, close + 1, None)  # "(headquartered in Salida)"
        e = close + 1  # "Birdville ISD (BISD) in Haltom City": read on after the parenthesis
    # "... in Moreno Valley, California", ", Georgia", "serves ... in Grand Junction Colorado"
    limit = min(sent.end, e + 15)
    nxt = starts.between(e, limit)
    nxt_mention = nxt[0][0] if nxt else limit
    # "Rio School District; Oxnard, California": an entry's place after a semicolon
    lead = e + 1 if e < len(doc) and doc[e].text == ";" else e
    for _, st in states.between(e, nxt_mention) if m.state is None else []:
        if any(t.lower_ in W["place_stop"] for t in doc[lead:st.start]) or _is_label(doc, st) \
                or (st.end + 1 < len(doc) and possessive(doc, st.end) and doc[st.end + 1].is_title):
            break  # "Kansas’ Lawrence Public Schools": the state is the next name's (not "Montana's largest district")
        m.state = state_found(st, "state.after")
        rng = city_before(doc, st.start, lead)
        region = rng and rng[0] - 1 > e and doc[rng[0] - 1].lower_ in W["region_words"]  # not "District of Harlan"
        if rng and not region:
            m.city = city(doc, rng, st.label_, "city.after")
        break
    if m.state is None and nxt and doc[e].lower_ == "and" and nxt[0][0] == e + 1:
        m.state = _shared_state(doc, nxt[0][1].tok[1], sent.end, states)
    if m.state is None:
        m.state = _state_named(doc, s, e)
    if m.state is None:
        # "In Georgia, Gwinnett ..." / "In Boulder, Colorado, BVSD offers ..."; an "in <State>"
        # before the sentence's first district scopes all its districts ("In Iowa, Sioux Center
        # CSD and Rock Valley Community Schools ..."), its city only the first
        before = starts.between(sent.start, s)
        lead = states.between(sent.start, before[0][0] if before else s)
        if before and not (len(lead) == 1 and lead[0][1].start and doc[lead[0][1].start - 1].lower_ == "in"
                           and not states.between(lead[0][1].end, s)):
            lead = []
        for _, st in lead[:1]:
            m.state = state_found(st, "state.lead")
            rng = city_before(doc, st.start, sent.start)
            if not before and rng and rng[0] - 1 >= sent.start and doc[rng[0] - 1].lower_ == "in":
                m.city = m.city or city(doc, rng, st.label_, "city.lead", compass=False)
    state = m.state.value if m.state else None
    if m.city is None and s >= 3 and doc[s - 1].lower_ in W["based"] and doc[s - 2].text == "-":
        m.city = _hyphen_based(doc, s - 1, sent.start, state)  # "McDonough-based Henry County Schools"
    if m.city is None and e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lower_ in W["based"]:
        m.city = _hyphen_based(doc, e + 1, s, state)  # "The Hilliard-based district": the name is its town
    if m.city is None and s >= 2 and possessive(doc, s - 1):
        m.city = _possessive_town(doc, s - 1, sent.start, state)  # "Medford's Pell Creek School District"
    if m.city is None and s > sent.start and not starts.between(sent.start, s):
        # "Headquartered in Marietta, Cobb runs 114 schools": the opener before the sentence's first name
        comma = s - 2 if s - 2 > sent.start and doc[s - 1].lower_ == "the" else s - 1
        if doc[sent.start].lower_ in W["based"] and doc[comma].text == ",":
            m.city = based_city(doc, sent.start, comma, state)
        elif doc[sent.start].lower_ == "in" and doc[comma].text == ",":
            lowers = lower_words(doc)
            a = _after_town_of(lowers, sent.start + 1)  # "In the Missouri River town of Harlan, the ..."
            # "In Quincy, a farm town in central Washington, the Quincy Valley School District ...": an apposition
            first = next((k for k in range(a, comma) if lowers[k] == ","), comma)
            if first < comma and first + 1 < comma and lowers[first + 1] in W["articles"]:
                comma = first
            if comma - a <= TOWN_WORDS:
                m.city = city(doc, (a, comma), state, "city.lead")  # "In Hilliard, Pell Creek ... won"
    if m.city is None and m.alias and s >= 1 and doc[s - 1].lower_ == "in" \
            and all(town_word(t) for t in doc[s:e]) and not COUNTY_WORDS & set(lower_words(doc)[s:e]):
        # "In Bradford, where the district ...": the short form is its town
        m.city = city(doc, (s, e), state, "city.after", compass=False)
    if m.city is None:
        m.city = based_city(doc, e, min(nxt_mention, sent.end), state)
    if m.city is None and len(starts.between(sent.start, sent.end)) == 1:
        m.city = based_noun_city(doc, e, sent.end, state)
    if m.city is None:
        # "Evergreen School District in east San Jose", "Cabrillo Unified in Half Moon Bay"
        j = e + 1 if e < len(doc) and doc[e].text == "," else e
        lowers = lower_words(doc)
        if lowers[j:j + 1] and lowers[j] in W["district_bodies"]:
            j += 1  # "the Crook County School District board in Prineville": the district's own body
        if j > e and lowers[j:j + 1] and lowers[j] in {"a", "an", "the"}:
            # "Stevenson, the single-school district in Lincolnshire": the apposition's place
            j = next((k for k in range(j + 1, min(j + 7, len(doc) - 1)) if lowers[k] in {",", ".", ";"}
                      or lowers[k] in APPOSITION_HEADS and lowers[k + 1] == "in"), j)
            j = j + 1 if lowers[j] in APPOSITION_HEADS else e
        if j < len(doc) and (doc[j].lower_ == "in" or j == e and doc[j].lower_ == "of"):  # ("Pell Creek School District of Harlan")
            j += 1
            j = _after_town_of(lowers, j)  # "in the city of Hilliard"
            while j < len(doc) and doc[j].lower_ in IN_FILLERS:
                j += 1
            k = j
            while k < len(doc) and town_word(doc[k]) and k - j < 4:
                k += 1
            if k > j and lowers[k - 1] in COUNTY_WORDS:
                k = j  # "the Marysville district in Union County": a county, no town ("Union")
            for stop in range(k, j, -1):
                found = city(doc, (j, stop), m.state.value if m.state else None, "city.after")
                if found:
                    m.city = found
                    break
    if m.city is None:
        m.city = _town_between_commas(doc, e, state)


def _town_between_commas(doc: Doc, e: int, state: str | None) -> Found | None:
    """"Pell Creek School District, Harlan, won for its reading program": a known town between commas
    right after the name, before a lower-case word that goes on with the sentence (not a list of
    names: "Pell Creek School District, Ankeny, Waukee and ...")."""
    if e >= len(doc) or doc[e].text != ",":
        return None
    k = e + 1
    while k < len(doc) and town_word(doc[k]) and k - e <= 3:
        k += 1
    if k == e + 1 or k + 1 >= len(doc) or doc[k].text != "," or not (doc[k + 1].is_lower and doc[k + 1].is_alpha):
        return None
    return city(doc, (e + 1, k), state, "city.after", compass=False)


def _shared_state(doc: Doc, end: int, hi: int, states: Positions) -> Found | None:
    """"Bradley County Schools and Cleveland City Schools, both in southeast Tennessee": the state
    after the second name, which "both" gives the first as well."""
    if end + 1 >= hi or doc[end].text != "," or doc[end + 1].lower_ not in W["shared_marks"]:
        return None
    after = states.between(end + 2, min(hi, end + 8))
    return state_found(after[0][1], "state.after") if after else None


def _state_named(doc: Doc, s: int, e: int) -> Found | None:
    """"Hawaii State Department of Education", "Maine School Administrative District 51": a name
    that opens with its state's name and a form only a state's own bodies use."""
    for n in (2, 1):  # "New Mexico", "Hawaiʻi" (a name the state ruler may not match)
        if s + n >= e:
            continue
        text = span_text(doc, s, s + n)
        if not (code := state_of(text)) or _state_key(text) != _state_key(state_name(text)):
            continue
        words = tuple(lower_words(doc)[s + n:e])
        if any(words[:len(h)] == h for h in STATE_NAMED):
            return Found(code, doc[s].idx, doc[s + n - 1].idx + len(doc[s + n - 1]), "state.in_name")
    return None


def _after_town_of(lowers: list[str], j: int) -> int:
    """Past "the city of" / "the small town of" / "the Shelby County seat of" at token j ("in the city
    of Hilliard"), else j."""
    if lowers[j:j + 1] != ["the"]:
        return j
    k = j + 1
    while k < len(lowers) and k - j <= 4 and lowers[k] not in TOWN_NOUNS and lowers[k] != "of":
        k += 1  # (a size or a county: "small", "Shelby County")
    return k + 2 if k < len(lowers) - 1 and lowers[k] in TOWN_NOUNS and lowers[k + 1] == "of" else j


def based_city(doc: Doc, lo: int, hi: int, state: str | None) -> Found | None:
    """Where the words lo..hi say the district sits: "is headquartered in Rockville", "the
    Buhler-based district", "which serves about 5,200 students in Colorado Springs", "which serves
    Hilliard and two nearby towns"."""
    lowers = lower_words(doc)  # the cached array, not a Token per word
    for i in range(lo, max(lo, min(hi - 1, lo + 25))):
        k = i + 1
        if lowers[i] in W["based"] and i >= 2 and lowers[i - 1] == "-":
            found = _hyphen_based(doc, i, lo, state)
            return None if found and _object_of(doc, doc.char_span(found.start, found.end)[0].i) else found
        if lowers[i] in W["based"] and k < hi and lowers[k] == "in":
            starts = [_after_town_of(lowers, k + 1)]  # "located in the town of Salida"
        elif lowers[i] in W["serves"]:  # "... students in Colorado Springs", "... students from Haddam and Killingworth"
            # "which serves Hilliard and two nearby towns", "serves Salida and Poncha Springs in Colorado"
            k = _after_town_of(lowers, k) if k < hi else k  # "serving the town of Harlan"
            starts = [k] if k < hi and doc[k].is_title else []
            starts += [j + 1 + _lower_compass(doc[j + 1]) for j in range(k, min(hi - 1, k + 10))
                       if doc[j].lower_ in W["serves_from"] and (doc[j + 1].is_title or j + 2 < hi
                       and _lower_compass(doc[j + 1]) and doc[j + 2].is_title)][:1]  # (and "pupils in north Longview")
            if not starts:
                continue
        else:
            continue
        for start in starts:
            z = start
            while z < hi and town_word(doc[z]) and z - start < 4:
                z += 1
            if lowers[z:z + 1] == [","] and _listed_towns(doc, lowers, z, hi):
                return None  # "students from Charlestown, Richmond and Hopkinton": no one of them is its seat
            if (found := city(doc, (start, z), state, "city.based_in")) is not None:
                return found
        return None
    return None


def _listed_towns(doc: Doc, lowers: list[str], z: int, hi: int) -> bool:
    """The town that ends at token z is the first of a list of three or more ("Charlestown, Richmond
    and Hopkinton", "..., Richmond, and Hopkinton")."""
    k, towns = z, 1
    while k < hi and lowers[k] in {",", "and"}:
        k += 2 if lowers[k] == "," and lowers[k + 1:k + 2] == ["and"] else 1
        if not (k < hi and town_word(doc[k])):
            return False
        towns, last = towns + 1, lowers[k - 1] == "and"
        while k < hi and town_word(doc[k]):
            k += 1
        if last:
            return towns >= 3
    return False


def _lower_compass(t: Token) -> bool:
    """"north" in "in north Longview" (not "West" of "West Olive")."""
    return t.is_lower and t.lower_ in gazetteer.COMPASS


def subject_city(doc: Doc, lo: int, hi: int, state: str | None) -> Found | None:
    """A sentence that speaks of "the district in <town>" ("The 2,100-student district in McArthur
    will ...", "The system, in Linden, ...", "The rural district of 1,100 students in Harlan", "Staff
    in this 9,800-student district in Casa Grande praised ..."): the town of the district it speaks of."""
    lowers = lower_words(doc)
    for k in range(lo, hi):  # (inside the sentence, a definite one only: not "partners with a district in ...")
        if lowers[k] in (W["articles"] if k == lo else W["definite_articles"]) \
                and (found := _district_in(doc, lowers, k, hi, state)) is not None:
            return found
    return None


def _district_in(doc: Doc, lowers: list[str], lo: int, hi: int, state: str | None) -> Found | None:
    """subject_city's noun phrase from its article at `lo`."""
    i = lo + 1
    while i < hi and i - lo < 6 and (doc[i].like_num or lowers[i] == "-" or lowers[i] in W["compound_words"]
                                     or lowers[i] in W["town_sizes"]):
        i += 1  # "the 2,100-student district", "The rural district"
    if not (i + 1 < hi and lowers[i] in W["based_nouns"]):
        return None
    j = i + 1
    if lowers[j] == "of":  # "The rural district of 1,100 students in Harlan"
        j = next((k + 1 for k in range(j + 1, min(hi, j + 5)) if lowers[k] in W["student_words"]), j)
    if lowers[j] == ",":  # "The district, in Harlan, Iowa, ..."
        j += 1
    if not (j + 1 < hi and lowers[j] == "in"):
        return None
    return city(doc, (j + 1, min(hi, town_end(doc, j + 1))), state, "city.based_in")


def office_city(doc: Doc, lo: int, hi: int, state: str | None) -> Found | None:
    """"a meeting at the school system's central office in Jefferson", "said at the district office
    in Farmington", "The district's central office is in Harlan", "District offices are in Harlan",
    "at the district's Harlan headquarters": where the district's office is, its town."""
    lowers = lower_words(doc)
    for i in range(lo + 1, hi - 2):
        if lowers[i] not in W["district_bodies"]:
            continue
        a = _town_start(doc, i, lo)  # "at the district's Harlan headquarters"
        if a < i and a >= 2 and lowers[a - 1] in POSSESSIVE and lowers[a - 2] in W["based_nouns"]:
            return city(doc, (a, i), state, "city.based_in")
        k = i + 2 if lowers[i + 1] in W["body_verbs"] else i + 1  # "District offices are in Harlan"
        if k + 1 >= hi or lowers[k] != "in" or not doc[k + 1].is_title:
            continue
        j = i - 1
        while j > lo and i - j <= 5 and (lowers[j] in W["office_kinds"] or lowers[j] in W["based_nouns"]
                                         or lowers[j] in POSSESSIVE):
            j -= 1
        if (lowers[j] == "the" or j == lo) and not W["based_nouns"].isdisjoint(lowers[j:i]) or lowers[j] in W["owners"]:
            return city(doc, (k + 1, min(hi, town_end(doc, k + 1))), state, "city.based_in")
    return None


def based_noun_city(doc: Doc, lo: int, hi: int, state: str | None) -> Found | None:
    """"X has earned ... from the state, the Clay Center-based district announced": a sentence's
    only district, and ", the <town>-based district" later in it speaks of it (not "... with the
    Dover-based district next door")."""
    lowers = lower_words(doc)
    for i in range(lo + 2, hi - 1):
        if lowers[i] in W["based"] and lowers[i - 1] == "-" and lowers[i + 1] in W["based_nouns"]:
            found = _hyphen_based(doc, i, lo, state)
            a = doc.char_span(found.start, found.end)[0].i if found else 0
            return found if a >= 2 and doc[a - 1].lower_ == "the" and doc[a - 2].text == "," else None
    return None


def _possessive_town(doc: Doc, mark: int, lo: int, state: str | None) -> Found | None:
    """"Medford's Pell Creek School District": the town whose possessive mark is token `mark`."""
    a = _town_start(doc, mark, lo)
    return city(doc, (a, mark), state, "city.possessive") if a < mark else None


def town_end(doc: Doc, start: int) -> int:
    """Where the town's name that starts at token `start` ends: up to three town words on."""
    z = start
    while z < len(doc) and town_word(doc[z]) and z - start < TOWN_WORDS:
        z += 1
    return z


def _town_start(doc: Doc, end: int, lo: int) -> int:
    """Where the town's name that ends before token `end` starts: up to three town words back,
    not before token lo ("Clay Center-based", "City Schools of Decatur", "McDonough-based")."""
    a = end
    while a > lo and end - a < TOWN_WORDS and town_word(doc[a - 1]):
        a -= 1
    return a


def _object_of(doc: Doc, a: int) -> bool:
    """"... shared tutors with the Dover-based district": the town's phrase (from token a) is a
    preposition's object, another body, not the district named before it."""
    k = a - 1 if a and doc[a - 1].lower_ in W["articles"] else a
    return k >= 1 and doc[k - 1].lower_ in W["object_marks"]


def _hyphen_based(doc: Doc, i: int, lo: int, state: str | None) -> Found | None:
    """"Buhler-based": the capitalised words (from lo on) before the hyphen of doc[i] ("based"), or
    the town before "<town>, Ky.-based"."""
    if doc[i - 2].whitespace_:
        return None
    end = i - 1
    if end - 3 >= lo and doc[end - 2].text == "," and state_of(doc[end - 1].text):
        end -= 2  # "Florence, Ky.-based"
        state = state or state_of(doc[end + 1].text)
    return city(doc, (_town_start(doc, end, lo), end), state, "city.based_in")


def _is_label(doc: Doc, st: Span) -> bool:
    """"Arizona: ..." labels what follows it, not what stands before it (but "Pell Creek School
    District, Harlan, Iowa: tutoring for ..." ends an entry's place before its blurb)."""
    return st.end < len(doc) and doc[st.end].text == ":" and not (st.start and doc[st.start - 1].text == ",")


def label_state(doc: Doc, lay: Layout, m: Mention, states: Positions, starts: Positions) -> None:
    """"Alabama: Madison City Schools": a state label before the name on its line."""
    if m.state is not None:
        return
    lo = lay.block_range(lay.block_of[m.tok[0]])[0]
    prev = states.last_before(m.tok[0])
    if prev is None or prev[0] < lo:
        return
    st = prev[1]
    if st.end < len(doc) and doc[st.end].text in {":", "-", "–", "—"} and not starts.between(st.end, m.tok[0]):
        m.state = state_found(st, "state.label")


def entry_places(doc: Doc, lay: Layout, m: Mention, states: Positions, starts: Positions) -> None:
    """A list entry: "Ridgecrest, CA; Sierra Sands ...", "Harlan, Iowa: Pell Creek ...", or the name then a line
    "West Jordan, Utah" / "Location: Madison, AL" / "Location: Keller (Ferry County)"."""
    b = lay.block_of[m.tok[0]]
    cands = []
    first = lay.blocks[b][0]
    if first < m.tok[0]:
        cands.append((first, m.tok[0]))
    nb = lay.next_block(b)
    rest = [i for i in lay.blocks[b] if i >= m.tok[1]]  # the line is only the name (and a stop)
    if nb is not None and len(rest) <= 2 and all(doc[i].is_punct for i in rest) and len(lay.blocks[b]) <= m.tok[1] - m.tok[0] + 4 \
            and all(x.alias and x.key == m.key for _, x in starts.between(*lay.block_range(nb))):
        cands.append((lay.blocks[nb][0], lay.blocks[nb][-1] + 1))
    for lo, hi in cands:
        if lo >= m.tok[1]:  # "Enrollment: 39,012 | Schools: 49 | Headquarters: Smithfield": its town's field
            lo, hi = _location_field(doc, lo, hi) or (lo, hi)
        if lo >= m.tok[1] and hi - lo > 12:
            continue
        line = doc[lo:hi]
        if lo >= m.tok[1]:
            words = [t for t in line if t.text not in {"•", "-", "–", "*", ":"}]
            if words and state_of(" ".join(t.text for t in words)):
                continue  # "• Georgia" below the entry is the next section's heading
        town_colon = doc[m.tok[0] - 1].text == ":" and any(t.text == "," for t in doc[lo:m.tok[0]])
        if lo < m.tok[0] and not any(t.text == ";" for t in doc[lo:min(hi, lo + 8)]) and not town_colon:
            continue  # (and "Harlan, Iowa: Pell Creek School District, for ...": the town, a colon, the name)
        if lo >= m.tok[1] and len(line) > 12:
            continue
        j = lo
        if doc[j].text in {"-", "–", "•"}:
            j += 1
        if j + 1 < hi and doc[j].lower_ in W["location_keys"] and doc[j + 1].text == ":":
            j += 2
        # (a place line's state comes early: "West Jordan, Utah", not "... run by a foundation in Illinois.")
        st_here = [st for _, st in states.between(j, hi if lo < m.tok[1] else min(hi, j + PLACE_LINE_STATE_BY))]
        if st_here:
            st = st_here[0]
            if m.state is None:
                m.state = state_found(st, "state.entry")
            if m.city is None:
                m.city = city(doc, city_before(doc, st.start, j), st.label_, "city.entry")
        elif m.city is None and lo >= m.tok[1]:
            k = j
            while k < hi and doc[k].text not in {"(", ",", ";"}:
                k += 1
            m.city = city(doc, (j, k), m.state.value if m.state else None, "city.entry")
        return


def _location_field(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """The "Headquarters: Cary" field of a line of fields parted by pipes or semicolons, or written
    as sentences ("Enrollment: 48,300. Schools: 57. Headquarters: Cary, N.C.")."""
    for j in range(lo, hi - 2):
        if doc[j].lower_ in W["location_keys"] and doc[j + 1].text == ":" and (j == lo or doc[j - 1].text in FIELD_BREAKS):
            k = next((i for i in range(j + 2, hi) if doc[i].text in FIELD_BREAKS), hi)
            return j, k
    return None


FIELD_BREAKS = {"|", ";", "·", "•", "."}
LABEL_WORDS = 3  # words of a line's label before its colon ("Honorable mention: ...")


def section_town(doc: Doc, m: Mention, section: Found) -> None:
    """Under a state's heading, a state's name after a district is a town of that state when one has
    the name ("Maumee Bay Local School District - Oregon" under "OHIO"): its city, not its state."""
    st = m.state
    if st is None or m.city is not None or st.rule != "state.after" or st.value == section.value:
        return
    town = text_of(doc)[st.start:st.end]
    if gazetteer.is_city(town, section.value):
        m.city, m.state = Found(town, st.start, st.end, "city.after"), None


def line_city(doc: Doc, lay: Layout, m: Mention) -> None:
    """An entry line that is a district's name, a comma or a dash and its town, and nothing more:
    "Fremont Unified School District, Fremont", "Bulloch County Schools – Statesboro" (or "...,
    Flower Mound – coding for all"); and an item of a list parted by semicolons: "Winners: Ames
    Community School District, Ames; Waukee Community School District, Waukee; ..."."""
    if m.city is not None:
        return
    b = lay.block_of[m.tok[0]]
    lo, hi = lay.block_range(b)
    e = m.tok[1]
    if e >= hi or not (doc[e].text == "," or doc[e].text in DASHES and doc[e - 1].whitespace_):
        return
    k = e + 1
    while k < hi and doc[k].is_title and doc[k].is_alpha and k - e <= 3:
        k += 1
    first = lay.first_word(b)
    labelled = m.tok[0] > first and doc[m.tok[0] - 1].text == ":" and m.tok[0] - first <= LABEL_WORDS + 1  # "Winner: Elm ..."
    if first == m.tok[0] or labelled:
        fits = k >= hi or doc[k].text in {"—", "–", "-", "(", "|", ";", ":"}  # (and "... – Statesboro: $512,000")
    else:  # inside a line: an item of a list parted by semicolons, before its semicolon or, the last, its end
        last = ";" in lower_words(doc)[lay.sent(m.tok[0]).start:m.tok[0]]
        fits = k < hi and doc[k].text == ";" or last and (k >= hi or doc[k].text in {".", "!"})
    if k == e + 1 or not fits:
        return
    m.city = city(doc, (e + 1, k), m.state.value if m.state else None, "city.entry_line")
    if m.city is None and first == m.tok[0] and k < hi and doc[k].text in DASHES and doc[k].whitespace_:
        m.city = written_town(doc, (e + 1, k), "city.entry_line")  # by the entry's form: "Name, Town — ..."


def written_town(doc: Doc, rng: tuple[int, int], rule: str) -> Found | None:
    """A town zipcodes lacks, where the form of the text says it is one ("Blue Timber School District,
    Blue Timber — ...", "ASHFORD — ... the Ashford Community School District"): capitalised words,
    not a state, a county or a label."""
    a, k = rng
    text = span_text(doc, a, k)
    if k <= a or state_of(text) or set(lower_words(doc)[a:k]) & (W["not_town_words"] | W["not_city_last"]) \
            or not all(town_word(t) or t.is_alpha and t.is_upper for t in doc[a:k]):
        return None
    return Found(_from_capitals(text), doc[a].idx, doc[k - 1].idx + len(doc[k - 1]), rule)


def table_city(doc: Doc, m: Mention) -> None:
    """A table row: "Anchorage School District Anchorage 57% 44% ..."."""
    e = m.tok[1]
    k = e
    while k < len(doc) and doc[k].is_title and doc[k].is_alpha and k - e < 3:
        k += 1
    if e < k < len(doc) and (doc[k].like_num or doc[k].text.endswith("%")):
        m.city = m.city or city(doc, (e, k), m.state.value if m.state else None, "city.table")


# ---------------------------------------------------------------- sections and scopes

def section_states(doc: Doc, lay: Layout, states: list[Span], mention_blocks: set[int]) -> dict[int, Found]:
    """Block -> state of the heading above it: "3. Montana: ...", "ALABAMA: ...", "• Alabama",
    a line "Indiana" above a list, or a line that scopes a list to a state ("Congratulations to
    this year's Michigan districts:", "Twenty-Three Michigan Districts Awarded ...")."""
    heads: dict[int, Found] = {}
    scoped: set[int] = set()  # heads that scope a list (they end at the next heading)
    for st in states:
        b = lay.block_of[st.start]
        toks = lay.blocks[b]
        pos = bisect_left(toks, st.start)
        lead = [doc[i] for i in toks[:pos]] if pos <= 3 else None  # a heading's state stands first
        after_at = pos + (st.end - st.start)
        rest = [doc[i] for i in toks[after_at:after_at + 14]]
        after = rest[0] if rest else None
        lead_ok = lead is not None and all(t.like_num or t.text in W["heading_marks"] for t in lead)
        dash_heading = after is not None and after.text in DASHES and len(toks) <= 6  # not "WASHINGTON — ..."
        if lead_ok and (after is None or after.text == ":" or dash_heading):
            heads.setdefault(b, state_found(st, "state.section"))
        elif b not in mention_blocks and _scopes_a_list(doc, st, rest, doc[toks[-1]].text == ":") and b not in heads:
            heads[b] = state_found(st, "state.scope")
            scoped.add(b)
    out: dict[int, Found] = {}
    cur, cur_scoped = None, False
    for b in lay.order:
        if b in heads:
            cur, cur_scoped = heads[b], b in scoped
        elif cur is not None and cur_scoped and lay.is_heading(b) and b not in mention_blocks:
            cur = None  # a scope ends at the next heading that names no district
        if cur is not None:
            out[b] = cur
    return out


def _scopes_a_list(doc: Doc, st: Span, rest: list, opens_list: bool) -> bool:
    """"Michigan districts", "Michigan school districts", "Ohio's public school districts" with a
    colon or the line's end after it, or in a paragraph that ends with a colon ("96 New York
    districts made the list. These are the ones on Long Island:"): the districts below are that
    state's."""
    k = 0
    if rest and rest[0].text in POSSESSIVE:
        k = 1
    while k < len(rest) and k < 4 and rest[k].lower_ not in W["scope_nouns"] and rest[k].is_alpha:
        k += 1
    if k >= len(rest) or rest[k].lower_ not in W["scope_nouns"]:
        return False
    tail = rest[k + 1:]
    return not tail or tail[0].text == ":" or len(rest) <= 12 or opens_list


def scope_org_state(doc: Doc, lay: Layout, states: list[Span], bodies_only: bool = False) -> Span | None:
    """The state of a state-scoped organisation or award near the top ("Texas Association of School
    Boards honors ...", "Kentucky Superintendent of the Year"), when the top names one state so
    (`bodies_only`: an organisation's, "Ohio Association of School Administrators", not an award's)."""
    words = W["state_body_words"] if bodies_only else W["state_org_words"]
    top = set(lay.order[:int(rules.load_yaml(FILE)["top_lines"])])
    found: dict[str, Span] = {}
    for st in states:
        if lay.block_of[st.start] not in top:
            continue
        k = st.end
        if possessive(doc, k):
            k += 1
            if k < len(doc) and doc[k].lower_ in W["state_list_words"] and not bodies_only:
                found.setdefault(st.label_, st)
                continue
        for t in doc[k:k + 3]:
            if not (t.is_title or t.is_upper):
                break
            if t.lower_ in words:
                found.setdefault(st.label_, st)
                break
    return next(iter(found.values())) if len(found) == 1 else None


# ---------------------------------------------------------------- datelines

@dataclass
class Dateline:
    """The "SPRINGFIELD, Mo. —" of a local story (not of a wire release), at the top of the text
    or below the headline."""
    city: Span
    state: Span | None


def dateline(doc: Doc, lay: Layout, states_at: dict[int, Span]) -> Dateline | None:
    """The text's dateline, found once per doc (the list readers skip its line; assembly reads its town)."""
    if "dateline" not in doc.user_data:
        doc.user_data["dateline"] = _dateline(doc, lay, states_at)
    return doc.user_data["dateline"]


def _dateline(doc: Doc, lay: Layout, states_at: dict[int, Span]) -> Dateline | None:
    if any(w in text_of(doc)[:600].lower() for w in W["wire"]):
        return None
    for b in lay.order[:6]:
        first = doc[lay.blocks[b][0]]
        if not (first.like_num or first.lower_ in DATELINE_LEADS or re.match(r"^\d{4}-\d\d", first.text)
                or first.is_alpha and (first.is_upper and len(first) > 1 or first.is_title)):
            continue  # (what the loops below find at once, before a Token per word: no date, no capitals)
        toks = [doc[i] for i in lay.blocks[b][:DATELINE_TOKENS]]
        i = 0
        while i < len(toks) and (_date_word(toks[i]) or toks[i].lower_ in DATELINE_LEADS):
            i += 1
        j = _capitals_end(toks, i)
        titled = j == i  # "Harlan, Iowa —": a town in title case, only with its state and a dash
        if titled:
            while j < len(toks) and j - i < 3 and toks[j].is_title and toks[j].is_alpha:
                j += 1
            if j == i or not (j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].i in states_at):
                continue
        state = None
        k = j
        if k + 1 < len(toks) and toks[k].text == "," and toks[k + 1].i in states_at:
            state = states_at[toks[k + 1].i]
            k += 1 + (state.end - state.start)
        if k < len(toks) and toks[k].text == ",":
            k += 1
        k = _past_date(toks, k)  # "HARLAN, Iowa, Dec. 1, 2025 —"
        while k < len(toks) and toks[k].text in EMPHASIS:
            k += 1
        if k < len(toks) and toks[k].text == ")" and i and toks[i - 1].text == "(":
            k += 1  # "(HARLAN, Iowa) —"
        nxt = toks[k] if k < len(toks) else None
        if titled and (state is None or nxt is None or nxt.text not in DATELINE_DASHES - {"-"}):
            continue
        dated_line = i > 0 and nxt is None  # "date 2020-05-01 ELKHORN"
        if (nxt is None or nxt.text not in DATELINE_DASHES | {"("}) and (b != lay.order[0] or state is None) \
                and not dated_line:
            continue  # a line that reads as a dateline ("PHARR, Texas —"), not a headline ("PSJA's Olvera ...")
        return Dateline(doc[toks[i].i:toks[j - 1].i + 1], state)
    return None


def item_datelines(doc: Doc, lay: Layout) -> dict[int, Span]:
    """Block -> its town, in a column of short items that each open with one ("CRYSTAL LAKE - ...",
    "McHENRY - ..."): two such paragraphs at least."""
    found: dict[int, Span] = {}
    for b in lay.order:
        if not lay.starts_paragraph(b):
            continue
        toks = [doc[i] for i in lay.blocks[b][:ITEM_TOWN_WORDS + 1]]
        j = _capitals_end(toks[:-1], 0)
        if 0 < j < len(toks) and toks[j].text in DATELINE_DASHES and toks[j - 1].whitespace_:
            found[b] = doc[toks[0].i:toks[j - 1].i + 1]
    return found if len(found) >= 2 else {}


ITEM_TOWN_WORDS = 3  # words of a town that opens an item ("CRYSTAL LAKE -")


def _from_capitals(text: str) -> str:
    """A town as a dateline writes it, in title case: "CRYSTAL LAKE" -> "Crystal Lake", "McHENRY" ->
    "McHenry"; other text as written."""
    if not all(_capitals(w) for w in text.split()):
        return text
    return " ".join(w[:2] + w[2:].title() if w[:2] == "Mc" else w.title() for w in text.split())


def _capitals(word: str) -> bool:
    """"CRYSTAL", "McHENRY": a town's word in capitals."""
    return len(word) > 1 and (word.isupper() or word[:2] == "Mc" and word[2:].isupper())


def _capitals_end(toks: list, i: int) -> int:
    """The end of the town in capitals that starts at toks[i] ("HARLAN", "McHENRY", "WINSTON-SALEM",
    "ST. PAUL"); i if there is none."""
    j = i
    while j < len(toks) and (toks[j].is_alpha and _capitals(toks[j].text) or j > i and _glued_town_mark(toks, j)):
        j += 1
    return j


def _glued_town_mark(toks: list, j: int) -> bool:
    """A mark inside a dateline's town, glued to its capitals: "WINSTON-SALEM", "ST. PAUL",
    "COEUR D'ALENE"."""
    t, prev = toks[j], toks[j - 1]
    if t.text == "-":
        return not prev.whitespace_ and not t.whitespace_ and j + 1 < len(toks) and toks[j + 1].is_upper
    if t.text == ".":
        return not prev.whitespace_ and f"{prev.text.title()}." in SPELLED
    return t.is_upper and bool(re.fullmatch(rf"[A-Z]+[{APOSTROPHES}][A-Z]+", t.text))


def _past_date(toks: list, k: int) -> int:
    """Past a date after a dateline's town ("Dec. 1, 2025 —", "June 3 —"): the dash's index, else k."""
    j = k
    if j < len(toks) and toks[j].lower_.rstrip(".") in W["months"]:
        j += 1 + (j + 1 < len(toks) and toks[j + 1].text == ".")
        while j < len(toks) and (toks[j].like_num or toks[j].text == ","):
            j += 1
        if j < len(toks) and toks[j].text in DATELINE_DASHES:
            return j
    return k


def _date_word(t) -> bool:
    """A date's token before a dateline ("2024-05-01", "12"), not a town's number word ("TWO RIVERS")."""
    return t.like_num and not t.is_alpha or bool(re.match(r"^\d{4}-\d\d", t.text))
