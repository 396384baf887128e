"""Acronyms ("(MVUSD)", "WPS", "EMS ISD") and short forms ("Montour") of the district names found
by their heads (extractors/mentions.py): each becomes a mention of the district it names."""
from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from extractors import gazetteer, places
from extractors.mentions import BARE_CODE, W, is_code
from extractors.values import Found, Mention, possessive, span_text, text_of
from schemas.names import loose_key

NAME_TAIL = W["head_words"] | {"no", "#"}  # words short_forms drops from a name's end
NOT_PLACE = W["head_words"] | W["qualifiers"]  # words place_of leaves out
NUMBER_MARKS = {"No.", "No", "#"}  # "School District No. 1"


def short_forms(name: str) -> set[str]:
    """"Elkhorn Area School District" -> {"Elkhorn Area", "Elkhorn"}; acronyms excluded."""
    words = re.sub(r"\([^)]*\)", " ", name).split()
    while words and words[-1].lower().strip(".") in NAME_TAIL or (words and is_code(words[-1])):
        words.pop()  # (and a number or code: "Republic R-III" -> "Republic")
    forms = set()
    numbered = re.search(r"\bDistrict (?:No\.? ?)?((?:[A-Z]{1,2}-)?(\d+))$", name)
    if numbered:  # "Mesa County Valley School District 51" -> "District 51", "D51"; "School District U-46" -> "U-46"
        code = numbered[1]
        forms |= {f"District {code}", code} if code != numbered[2] else {f"District {code}", f"D{code}", f"D-{code}"}
    if words:
        forms.add(" ".join(words).rstrip(","))
        while words and words[-1].lower() in W["qualifiers"]:
            words.pop()  # (each step is a form: "Mingus Union High" -> "Mingus Union" -> "Mingus")
            if words:
                forms.add(" ".join(words).rstrip(","))
        if words and numbered:  # "Maine Township High School District 207" -> "Maine Township District 207", "Naperville 203"
            forms |= {f"{' '.join(words)} District {numbered[1]}", f"{' '.join(words)} {numbered[1]}"}
        if len(words) == 2 and words[-1].lower() in W["county_words"]:
            forms.add(words[0])  # "Cobb County School District" -> "Cobb"
    return {f for f in forms if f.lower() not in W["not_names"] and not places.state_of(f)}


def numbered_forms(name: str) -> set[str]:
    """"Regional School Unit 14" -> {"RSU 14", "Region 14"}; "Maine School Administrative District
    44" -> {"MSAD 44"}; "Independent School District 709" -> {"ISD 709"}: initials and number, and the
    last words' alone ("Clay County Unified School District 379" -> "USD 379"; "Walnut City USD 418" ->
    "USD 418"), or glued to the
    number ("Laramie County School District No. 1" -> "LCSD1")."""
    words = [w for w in name.split() if w not in NUMBER_MARKS]
    if len(words) < 3 or not words[-1].isdigit() or not all(w[:1].isupper() for w in words[:-1]):
        return set()
    initials = "".join(w[0] for w in words[:-1])
    forms = {f"{initials} {words[-1]}", f"{initials}{words[-1]}"}
    if words[0] == "Regional":
        forms.add(f"Region {words[-1]}")
    if words[-2].isupper() and words[-2].isalpha() and len(words[-2]) > 1:
        forms.add(" ".join(words[-2:]))  # "Walnut City USD 418" -> "USD 418"
    for n in range(3, len(words) - 1):  # the last words' initials: "Clay County Unified School District 379"
        forms.add(f"{''.join(w[0] for w in words[-1 - n:-1])} {words[-1]}")  # -> "USD 379", "CUSD 379"; "SAD 6"
    return forms


def place_of(name: str) -> str:
    """The name without head words and qualifiers: "EMS ISD" -> "EMS"."""
    return " ".join(w for w in re.sub(r"\([^)]*\)", " ", name).split()
                    if w.lower() not in NOT_PLACE)


def _is_clip(place: str, name: str) -> bool:
    """"Ken-Ton" is "Kenmore-Town of Tonawanda", "Mat-Su" is "Matanuska-Susitna": each part of a
    hyphenated short place begins a different word of the name, in order."""
    words = place.split()
    while len(words) > 1 and words[-1].lower() in W["place_qualifiers"]:
        words.pop()  # "Mat-Su Borough"
    place = " ".join(words)
    names = [w for w in re.split(r"[\s-]+", name) if w.lower() not in NOT_PLACE and w[:1].isupper()]
    if "-" not in place:  # "Jeffco" is "Jefferson County": two clipped words closed up (see _clippable)
        return any(_clips(names, [place[:k], place[k:].title()], adjacent=True) for k in range(2, len(place) - 1))
    parts = place.split("-")
    if len(parts) != 2 or not all(p.isalpha() and p.istitle() and 2 <= len(p) <= 4 for p in parts):
        return False
    return _clips(names, parts)


CLOSED_CLIP = (5, 8)  # letters of a closed-up clip ("Jeffco")


def _clippable(place: str) -> bool:
    """A place that may be a clip of a longer name: hyphenated ("Ken-Ton"), or one word of a clip's length
    that is no town of its own ("Jeffco", not "Mesa")."""
    return "-" in place or " " not in place and place.isalpha() and place.istitle() \
        and CLOSED_CLIP[0] <= len(place) <= CLOSED_CLIP[1] and not gazetteer.is_city(place)


def _clips(words: list[str], parts: list[str], adjacent: bool = False) -> bool:
    """Each part begins a different word, in order (the next word, `adjacent`), and is not the whole word."""
    j = next((k for k, w in enumerate(words) if w.startswith(parts[0]) and w != parts[0]), None)
    rest = words[j + 1:j + 2] if adjacent and j is not None else words[j + 1:] if j is not None else []
    return any(w.startswith(parts[1]) and w != parts[1] for w in rest)


def _town_schools(doc: Doc, mentions: list[Mention]) -> None:
    """"Willard schools" in a headline is "Willard R-II School District": a town's "schools" is the one
    district whose short form is that town, and two towns' "schools" or school district ("Windham Raymond
    Schools", "the Windham Raymond School District") the one whose sentence says it is in both ("RSU 14,
    which serves about 3,300 students in Windham and Raymond", "RSU 14, which serves Windham and Raymond")."""
    found: dict[str, set[str]] = {}  # name -> the keys of the districts it may be (asked once per name)
    for m in mentions:
        name = str(m.name.value)
        town, head = name.rpartition(" ")[::2]
        if m.alias or head.lower() not in {"schools", "district"}:
            continue
        if name not in found:
            others = [x for x in mentions if str(x.name.value) != name]
            named = {x.key for x in others if not x.alias and town in short_forms(str(x.name.value))} \
                if head == "schools" else set()  # (lower case: "Willard schools", not "Willard Public Schools")
            pair = re.fullmatch(r"([A-Z][a-z]+)[-/ ]([A-Z][a-z]+)", place_of(name))
            both = f"{pair[1]} and {pair[2]}" if pair and not named else ""
            if both and both in text_of(doc):  # (one look at the text first: most two-word places are one town's)
                named = {x.key for x in others if both in _rest_of_sentence(text_of(doc), x.name.end)}
            found[name] = named
        if len(found[name]) == 1:
            m.alias, m.key = True, next(iter(found[name]))


def _rest_of_sentence(text: str, i: int) -> str:
    """The text from i to the next full stop or line break."""
    end = min((e for e in (text.find(".", i), text.find("\n", i)) if e >= 0), default=len(text))
    return text[i:end]


def _codes_with_their_town(doc: Doc, mentions: list[Mention]) -> None:
    """A bare code with its town in parentheses, "ISD 535 (Rochester)", is the district named for that town
    elsewhere in the text ("Rochester Public Schools"), when one name only is that town's."""
    codes = [m for m in mentions if not m.alias and BARE_CODE.fullmatch(str(m.name.value))
             and m.tok[1] < len(doc) and doc[m.tok[1]].text == "("]
    for m in codes:
        i, e = m.tok[1], m.tok[1] + 1
        while e < len(doc) and doc[e].text != ")" and e - i <= TOWN_IN_PARENS:
            e += 1
        town = span_text(doc, i + 1, e)
        named = {x.key for x in mentions if not x.alias and not BARE_CODE.fullmatch(str(x.name.value))
                 and place_of(str(x.name.value)) == town}
        if e < len(doc) and doc[e].text == ")" and len(named) == 1:
            m.alias, m.key = True, named.pop()


TOWN_IN_PARENS = 4  # words of a town in a code's parentheses


def _codes_of_the_district_before(doc: Doc, mentions: list[Mention]) -> None:
    """A bare code that no name carries, as a clause's subject (opening its sentence or after a
    comma), is the other name of the district named just before it, in its paragraph or the one
    before, when that name has no code of its own: "Goddard Public Schools was honored ... \n\nUSD
    265 serves about 6,100 students", "The district, ISD 413, ..." (not "... share its materials
    with MSAD 15")."""
    text = text_of(doc)
    prev = None
    for m in sorted(mentions, key=lambda x: x.tok):
        if m.alias:
            continue
        if not BARE_CODE.fullmatch(str(m.name.value)):
            prev = m
        elif prev is not None and _opens_a_clause(doc, m.tok[0]) and not any(c.isdigit() for c in str(prev.name.value)) \
                and text.count("\n\n", prev.name.end, m.name.start) <= 1:
            m.alias, m.key = True, prev.key


def _unnumbered_names(mentions: list[Mention]) -> None:
    """"The Brookings School District" below "Brookings School District 05-1", "the Elgin, Ill., school
    district" beside "Elgin Area School District U-46": a name that is one numbered name's without its
    number is that district (not when two numbered names share it: "... District One", "... Two")."""
    bases: dict[str, set[str]] = {}
    for m in mentions:
        words = str(m.name.value).split()
        if m.alias or len(words) < 3 or not any(c.isdigit() for c in words[-1]):
            continue
        while words and (any(c.isdigit() for c in words[-1]) or words[-1] in NUMBER_MARKS):
            words.pop()
        if base := loose_key(" ".join(words)):
            bases.setdefault(base, set()).add(m.key)
    for m in mentions:
        keys = bases.get(m.key, set())
        if not m.alias and len(keys) == 1 and m.key not in keys:
            m.alias, m.key = True, next(iter(keys))


def _other_names_again(mentions: list[Mention]) -> None:
    """"Derby Public Schools, also known as USD 260, ..." and later "USD 260 is one of ...": a name
    given as a district's other name is that district wherever it is written again."""
    other = {loose_key(str(m.name.value)): m.key for m in mentions if m.alias}
    for m in mentions:
        if not m.alias and other.get(m.key, m.key) != m.key:
            m.alias, m.key = True, other[m.key]


def _opens_a_clause(doc: Doc, i: int) -> bool:
    """Token i opens its sentence, its line, or a clause after a comma."""
    return i == 0 or doc[i].is_sent_start or doc[i - 1].text == "," or doc[i - 1].is_space


def _initials(name: str) -> str:
    words = re.sub(r"\([^)]*\)", " ", name).replace("-", " ").split()
    return "".join(w[0] for w in words if w[0].isupper() and not w.isupper()) + \
        "".join(w for w in words if w.isupper() and len(w) > 1)


def _clipped_initials(acronym: str) -> set[str]:
    """"PLCS" for "Papillion La Vista Community Schools" (PLVCS): a long acronym without one of the
    place's later initials; its first letter and its head's last two stay."""
    if len(acronym) < 5:
        return set()
    return {acronym[:k] + acronym[k + 1:] for k in range(1, len(acronym) - 2)}


def alias_mentions(doc: Doc, mentions: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """Acronyms ("(MVUSD)", "WPS", "EMS ISD") and short forms ("Montour") of names found elsewhere."""
    taken = {i for m in mentions for i in range(*m.tok)}
    places_ = {_initials(p): m for m in mentions if not (p := place_of(str(m.name.value))).isupper()}
    numbered = {f: m for m in mentions for f in numbered_forms(str(m.name.value))}
    clipped = set()
    for m in mentions:  # "EMS ISD" is "Eagle Mountain-Saginaw Independent School District"
        place = place_of(str(m.name.value))
        full = (places_.get(place) if place.isupper() else None) \
            or numbered.get(re.sub(r"[-\s]*(\d+)$", r" \1", str(m.name.value)))
        if full is None and _clippable(place):
            clips = [x for x in mentions if x is not m and not x.alias and _is_clip(place, str(x.name.value))]
            before = [x for x in clips if x.tok[0] < m.tok[0]]  # (two "Jefferson County Public Schools": the one
            full = before[-1] if before else clips[0] if clips else None  # whose entry it stands in)
            if full is not None:
                clipped.add(id(m))  # "Ken-Ton UFSD" is "Kenmore-Town of Tonawanda ...", and so is "Ken-Ton"
        if full is not None and full is not m:  # "RSU 14" is "Regional School Unit 14"
            m.alias, m.key = True, full.key
    _unnumbered_names(mentions)
    _codes_of_the_district_before(doc, mentions)
    _codes_with_their_town(doc, mentions)
    _town_schools(doc, mentions)
    _other_names_again(mentions)
    by_form: dict[str, Mention] = {}
    for m in sorted(mentions, key=lambda x: x.alias and id(x) not in clipped):  # a name's own forms first
        for form in short_forms(str(m.name.value)) | numbered_forms(str(m.name.value)):
            by_form.setdefault(form, m)
        acronym = _initials(str(m.name.value))
        if len(acronym) >= 3:
            by_form.setdefault(acronym, m)
        for clipped_form in _clipped_initials(acronym):
            by_form.setdefault(clipped_form, m)
        e = m.tok[1]
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" and doc[e + 1].is_upper \
                and doc[e + 1].is_alpha and 2 <= len(doc[e + 1]) <= 8 and not places.state_of(doc[e + 1].text):
            by_form[doc[e + 1].text] = m
    strings = doc.vocab.strings
    orths = doc.to_array(ORTH).tolist() if len(doc) else []
    hyphen = strings["-"]
    for i in [i for i, orth in enumerate(orths[1:-1], 1) if orth == hyphen]:  # "Cy-Fair" is "Cypress-Fairbanks ISD"
        form = f"{doc[i - 1].text}-{doc[i + 1].text}"
        if not doc[i - 1].whitespace_ and not doc[i].whitespace_ and form not in by_form:
            full = next((m for m in mentions if not m.alias and _is_clip(form, str(m.name.value))), None)
            if full is not None:
                by_form[form] = full
    if not by_form:
        return []
    by_first: dict[int, list[str]] = {}
    for form in sorted(by_form, key=lambda f: -len(f.split())):
        by_first.setdefault(strings.add(_tokens(form)[0]), []).append(form)
    found = []
    for i in [i for i, orth in enumerate(orths) if orth in by_first]:  # a dict lookup per word beats numpy.isin
        if i in taken:
            continue
        for form in by_first[orths[i]]:
            n = len(_tokens(form))
            e = min(i + n, len(doc))  # (the form's tokens, read without a Span)
            if span_text(doc, i, e) != form and " ".join(doc[j].text for j in range(i, e)) != form \
                    or any(j in taken for j in range(i, i + n)):
                continue
            before = doc[i - 1] if i else None
            after = doc[i + n] if i + n < len(doc) else None
            if (after is not None and after.is_title and after.is_alpha) or (before is not None and (
                    before.is_title and before.is_alpha and before.lower_ not in W["name_stop"]
                    or before.lower_ in W["name_abbreviations"])):
                continue  # part of a longer name: "West Jordan", "Kenton County Academies"
            if after is not None and after.text == "," and i + n + 1 in states_at and \
                    not possessive(doc, states_at[i + n + 1].end):
                continue  # a place: "Wichita, KS" (but not "CVESD, California's largest district")
            if after is not None and after.text == "-" and i + n + 1 < len(doc) and not after.whitespace_ \
                    and doc[i + n + 1].lower_ in W["place_after"]:
                continue  # a place's adjective: "Three Spokane-area districts"
            if (_after_place_word(doc, i, i + n) or after is not None and after.lower_ in W["place_after"]) \
                    and gazetteer.is_city(form):
                continue  # a place: "based in Bakersfield", "north of Jackson", "the Springfield suburb of ..."
            if place_of_districts(doc, i + n):
                continue  # "Both of Blount County's city school systems": the county, not its district
            target = by_form[form]
            m = Mention(Found(form, doc[i].idx, doc[e - 1].idx + len(doc[e - 1]), "alias.acronym" if form.isupper()
                              else "alias.short_form"), target.key, (i, i + n), alias=True)
            found.append(m)
            taken.update(range(i, i + n))
            break
    return found


PLURAL_REACH = 4  # words between a place's possessive and its districts ("Blount County's two city school systems")


def place_of_districts(doc: Doc, e: int) -> bool:
    """A possessive at token e, then a plural district noun in the next few words, no punctuation between."""
    if not possessive(doc, e):
        return False
    for t in doc[e + 1:e + 1 + PLURAL_REACH]:
        if t.lower_ in W["place_plurals"]:
            return True
        if t.is_punct:
            return False
    return False


def _after_place_word(doc: Doc, i: int, e: int) -> bool:
    """Tokens i..e follow "in", "near", ... directly, after "the" ("in the Wichita area") or through a
    run of towns ("in Lodi, Stockton and ..."); not the subject of the clause after an opener
    ("Headquartered in Marietta, Cobb runs ...")."""
    the = int(i >= 2 and (doc[i - 1].lower_ == "the" or doc[i - 1].is_lower and doc[i - 1].lower_ in gazetteer.COMPASS))
    k = i - 1 - the  # "in the Wichita area", "in north Longview"
    while k >= 0 and i - k <= 8 and (doc[k].text == "," or doc[k].lower_ == "and" or doc[k].is_title):
        k -= 1
    if k < 0 or doc[k].lower_ not in W["place_before"]:
        return False
    if k == i - 1 - the or doc[i - 1].lower_ == "and":
        return True
    ends_item = e >= len(doc) or doc[e].text in {",", ".", ";"} or doc[e].lower_ in {"and", "or"}
    return doc[i - 1].text == "," and ends_item


_TOKENIZED: dict[str, list[str]] = {}


def _tokens(form: str) -> list[str]:
    if form not in _TOKENIZED:
        from extractors import nlp

        _TOKENIZED[form] = [t.text for t in nlp.build().tokenizer(form)]
    return _TOKENIZED[form]
