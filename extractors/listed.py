"""Districts named without a district head word: a place that serves students ("Fort Wayne
serves 29,000 students") and the items of a list of districts ("Lakeshore Regional")."""
from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

from extractors import gazetteer, places
from extractors.aliases import place_of, short_forms
from extractors.mentions import CONNECTORS, W, is_code, is_place_name, mention
from extractors.values import Mention, lower_words, span_text
from schemas.names import loose_key

NOT_A_NAME = W["not_names"] | W["list_title_words"] | W["name_function_words"] | W["field_labels"] \
    | W["section_words"]
LIST_BREAKS = {",", ".", ";", ":", ")", "!", "?", "—", "–"}  # what may follow a name of an inline list
OPENERS = [tuple(w.split()) for w in W["inline_list_openers"]]  # the names follow right after these
LIST_REACH = 6  # words between the honorees' word and the verb or mark that opens their names
# the lower-case forms of marks matched by their text: a cheap test on the cached lower-case words
# before the Token's text is read (a text in the set always has its lower-case form in these)
ITEM_ENDS_LOWER = {w.lower() for w in W["item_ends"]}
LIST_MARKS_LOWER = {w.lower() for w in W["inline_list_marks"]}


def _capital(t) -> bool:
    """A word of a proper name: "Pike", "DeKalb", "McAllen" (not "ATLANTA", not "the")."""
    return t.is_alpha and t.text[0].isupper() and not (t.is_upper and len(t) > 1)


def _joining_hyphen(doc: Doc, k: int) -> bool:
    """A hyphen inside a name, between two capitalised words and no spaces: "Tri-River"."""
    return doc[k].text == "-" and k > 0 and _capital(doc[k - 1]) and not doc[k - 1].whitespace_ and not doc[k].whitespace_


def subject_mentions(doc: Doc, mentions: list[Mention], states_at: dict[int, Span], found: list) -> list[Mention]:
    """"Charlotte Mecklenburg serves 148,000 students": a place that serves students is a district
    (one whose short form names a district found already is that one's alias, found later)."""
    taken = {i for m in mentions for i in range(*m.tok)}
    known = {f for m in mentions for f in short_forms(str(m.name.value))}
    out = []
    for f in found:
        if f.field != "enrollment" or f.how != "verb" or f.cue is None or doc[f.cue].lower_ not in W["subject_verbs"]:
            continue
        q = f.cue
        if q >= 2 and doc[q - 1].lower_ in W["relative_words"] and doc[q - 2].text == ",":
            q -= 2  # "Anoka-Hennepin, which serves about 38,000 students"
        start = q
        while start - 1 >= 0 and q - start < 4 and _capital(doc[start - 1]) \
                and doc[start - 1].lower_ not in W["name_stop"] and start - 1 not in taken:
            start -= 1
            if start >= 2 and doc[start - 1].text == "-" and _capital(doc[start - 2]):
                start -= 2  # "Anoka-Hennepin", "Charlotte-Mecklenburg"
        if start == q:
            continue
        name = doc[start:q].text
        if start - 1 in taken or start in states_at or places.state_of(name) or name in known \
                or start and doc[start - 1].lower_ in W["place_preps"] \
                or doc[q - 1].lower_ in W["school_words"] \
                or not (is_place_name(name) or gazetteer.is_place(doc[start].text)):
            continue
        out.append(mention(doc, start, q, name, "district.serves_subject"))
        taken.update(range(start, q))
    return out


def appositive_mentions(doc: Doc, mentions: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """"Pell Creek, an Ohio district of 4,000 students, ...", "Kettle Falls, a rural district that
    ...": a place that an apposition calls a district is one (not "Smith, a district spokesperson")."""
    lowers = lower_words(doc)
    heads = [i for i, w in enumerate(lowers) if w in APPOSITION_HEADS]  # (a set lookup per word, nothing more)
    if not heads:
        return []
    taken = {i for m in mentions for i in range(*m.tok)}
    known: set[str] | None = None  # the found names' short forms, once a candidate needs them
    out = []
    for i in heads:  # (a head inside a found name, "..., the Nixon Falls School District in", is that name's)
        if i + 1 >= len(doc) or lowers[i + 1] not in W["apposition_after"] or i in taken:
            continue
        det = next((k for k in range(i - 1, max(i - APPOSITION_WORDS - 2, 0), -1) if lowers[k] in {"a", "an", "the"}), None)
        if det is None or det < 2 or lowers[det - 1] != "," or any(lowers[k] in {",", ".", ";"} for k in range(det + 1, i)):
            continue
        start = det - 1
        while start - 1 >= 0 and det - 1 - start < 4 and (_capital(doc[start - 1]) or _joining_hyphen(doc, start - 1)) \
                and lowers[start - 1] not in W["name_stop"]:
            start -= 1
        name = span_text(doc, start, det - 1)
        if start == det - 1 or any(k in taken for k in range(start, det - 1)) or start in states_at \
                or places.state_of(name) or _opening_place(doc, start):
            continue
        known = {f for m in mentions for f in short_forms(str(m.name.value))} if known is None else known
        if name in known:
            continue
        # "Stevenson, the single-school district in Lincolnshire" after "Adlai E. Stevenson High School District 125"
        full = next((m for m in mentions if not m.alias
                     and any(f.endswith(f" {name}") for f in short_forms(str(m.name.value)))), None)
        if full is None and not is_place_name(name):
            continue
        m = mention(doc, start, det - 1, name, "district.apposition")
        if full is not None:
            m.alias, m.key = True, full.key
        out.append(m)
        taken.update(range(start, det - 1))
    return out


def _opening_place(doc: Doc, start: int) -> bool:
    """"Based in Harlan, the district of 4,200 students ...", "In Harlan, the district ...": the
    place of an opening phrase, and "the district" is the sentence's subject, not its apposition."""
    p = start - 1
    if p < 0 or doc[p].lower_ not in W["opening_prepositions"]:
        return False
    return doc[p].is_sent_start or p >= 1 and doc[p - 1].is_sent_start and doc[p - 1].lower_ in W["opening_participles"]


APPOSITION_WORDS = 4  # words between "a" and "district": "an Ohio district", "the county's largest district"
APPOSITION_HEADS = W["apposition_heads"]


def _item_range(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """The name part of a list item: up to a comma, a parenthesis, a dash, a colon or a tab (after
    a table row's leading rank: "3<tab>Granite<tab>Salt Lake<tab>60,000")."""
    lowers = lower_words(doc)  # the cached array (a space's lower-case form is itself a space)
    if lo + 1 < hi and doc[lo].like_num and lowers[lo + 1].isspace():
        lo += 2
    while lo + 1 < hi and (lowers[lo] == "|" or doc[lo].like_num and lowers[lo + 1] == "|"):
        lo += 1  # a table row's leading pipe and rank: "| 3 | Minnetonka | Hennepin | 96% |"
    k = lo
    while k < hi and not lowers[k].isspace() and (lowers[k] not in ITEM_ENDS_LOWER or doc[k].text not in W["item_ends"]
                                                  or lowers[k] == "-" and not doc[k - 1].whitespace_):
        k += 1  # (a hyphen inside a word is no end: "Ottawa-Glandorf", "Republic R-III")
    while k > lo and doc[k - 1].text in CONNECTORS - {"’s", "'s"}:
        k -= 1
    if k == lo or k - lo > 7:
        return None
    toks = [doc[i] for i in range(lo, k)]
    if not all(t.text[:1].isupper() or t.text in CONNECTORS or lowers[t.i] in W["name_function_words"] or t.like_num
               for t in toks) or not toks[0].text[:1].isupper():
        return None
    return lo, k


def _comma_items(doc: Doc, lo: int, hi: int, states_at: dict[int, Span]) -> list[tuple[int, int]]:
    """The names of a line that lists several, after an optional short label: "East: Alcoa City,
    Greeneville City and Oneida Special" -> three ranges; [] for a line that is not such a list:
    two names without a label are a name and its place ("Kettle Moraine, Waukesha County"), and
    one that names a state is an address ("Pharr Elementary School, Snellville, Ga.")."""
    words = lower_words(doc)  # (read from the doc's array: this runs for every short line)
    colon = next((i for i in range(lo, min(lo + 4, hi)) if words[i] == ":"), None)
    a = colon + 1 if colon is not None else lo
    if hi - a > 60 or any(a <= i < hi for i in states_at):
        return []
    out, k = [], a
    for i in range(a, hi + 1):
        if i == hi or words[i] == "," or words[i] in W["conjunctions"]:
            if i > k:
                out.append((k, i))
            elif i < hi and words[i] not in W["conjunctions"]:
                return []
            k = i + 1
    enough = len(out) >= 3 or colon is not None and len(out) >= 2  # not "Kettle Moraine, Waukesha County"
    return out if enough and all(z - b <= 5 for b, z in out) and words[hi - 1] != "," else []


def _about_districts(doc: Doc, lay, b: int) -> bool:
    """A short line about districts that introduces a list ("Participating school districts:",
    "The following districts were honored:")."""
    lo, hi = lay.block_range(b)
    if hi - lo > 20:
        return False
    words = {t.lower_ for t in doc[lo:hi]}
    return bool(words & W["list_intro_words"]) and (doc[hi - 1].text == ":" or lay.is_heading(b)
                                                    or _title_line(doc, lo, hi))


def _title_line(doc: Doc, lo: int, hi: int) -> bool:
    """A title that a label or an acronym opens ("2025 Honor Roll: Ohio school districts", "AP Honor
    Roll - Honored districts"): a short line with at most one colon that ends no sentence."""
    alpha = [t for t in doc[lo:hi] if t.is_alpha]
    return doc[hi - 1].text not in {".", "?", "!", ";", ","} and 0 < len(alpha) <= 10 \
        and alpha[0].text[0].isupper() and sum(doc[i].text == ":" for i in range(lo, hi)) <= 1


def _intro(doc: Doc, lay, b: int | None) -> int | None:
    """The line b when it speaks of districts and may introduce a list, else None."""
    return b if b is not None and _about_districts(doc, lay, b) else None


def _opens_list(doc: Doc, lay, b: int, taken: set[int]) -> bool:
    """A line that opens a list rather than being one of its items: a line about districts that
    ends with a colon ("The 2026 districts, listed by region, are:"), or a short heading that
    names no district ("Honorees", "2026 Award Recipients"), or a title whose words about districts
    follow its label ("Spring 2026 Update: Our honored districts"; not "Districts: Alcoa, Oneida")."""
    if not _about_districts(doc, lay, b):
        return False
    lo, hi = lay.block_range(b)
    if doc[hi - 1].text == ":":
        return True
    if any(i in taken for i in range(lo, hi)):
        return False
    colon = next((i for i in range(lo, hi) if doc[i].text == ":"), None)
    return sum(t.is_alpha for t in doc[lo:hi]) <= 4 or colon is not None and _title_line(doc, lo, hi) \
        and any(t.lower_ in W["list_intro_words"] for t in doc[colon + 1:hi])


def list_mentions(doc: Doc, lay, ms: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """Items of a list of districts that no head found ("Lakeshore Regional", "Pine Ridge",
    "Haas Hall Academy" in a "State: district" list): a line list whose items are mostly
    districts, or that stands under a line about districts, makes districts of the rest."""
    starts = {m.tok[0]: m for m in ms}
    taken = {i for m in ms for i in range(*m.tok)}
    cue_at = {i for c in doc.spans["cues"] for i in range(c.start, c.end)} if "cues" in doc.spans else set()
    labelled: set[int] = set()
    runs: list[list[tuple[int, int]]] = []  # runs of item ranges
    intro: dict[int, int | None] = {}  # run index -> the line above it, when it speaks of districts
    cur: list[tuple[int, int]] = []
    prev_b = None
    cur_intro = None
    state_starts = sorted(states_at)  # a line's states by bisect, not a lookup per token
    line = places.dateline(doc, lay, states_at)
    dated = lay.block_of[line.city.start] if line is not None else None
    for b in lay.order:
        lo, hi = lay.block_range(b)
        if b == dated:
            continue  # "LOVELAND, Colo. —": a local story's dateline, no list item
        if _table_furniture(doc, lay, b, lo, hi) and not _about_districts(doc, lay, b):
            continue  # the title above a table introduces its rows, across its header and rule lines
        segments = []
        on_line = state_starts[bisect_left(state_starts, lo):bisect_left(state_starts, hi - 1)]
        labels = [i for i in on_line if states_at[i].end < len(doc) and doc[states_at[i].end].text == ":"] \
            if hi - lo <= 400 else []
        if labels:  # "Alabama: X Schools" ... "Alaska: Y School DistrictArizona: Z ..."
            bounds = labels + [hi]
            for a, z in zip(bounds, bounds[1:]):
                segments.append((states_at[a].end + 1, z))
        elif _opens_list(doc, lay, b, taken):
            # "Honorees", "The 2026 districts are:": the line that opens a list is not one of its items
            if cur:
                intro[len(runs)] = cur_intro
                runs.append(cur)
            cur = []
            prev_b = b
            continue
        else:
            first = lay.first_word(b)
            pieces = _comma_items(doc, first, hi, states_at)
            if pieces:
                segments = pieces
            elif hi - first <= 9 or hi - first <= 20 and any(doc[i].text == "|" for i in range(first, hi)):
                segments.append((first, hi))  # a short line, or a table row ("Aspen 1 (Pitkin) | 86.4%")
        items = [r for r in (_item_range(doc, a, z) for a, z in segments) if r is not None]
        if items and len(items) > 1 and not labels and len(items) == len(segments):
            if not cur:  # "East: Alcoa City, Greeneville City, Maryville City": a line of names
                cur_intro = _intro(doc, lay, prev_b)
            cur.extend(items)
        elif items and (labels or len(items) == len(segments)):
            if labels:
                if cur:
                    intro[len(runs)] = cur_intro
                    runs.append(cur)
                intro[len(runs)] = _intro(doc, lay, prev_b)
                runs.append(items)
                labelled.update(a for a, _ in items)
                cur = []
            else:
                if not cur:
                    cur_intro = _intro(doc, lay, prev_b)
                cur.append(items[0])
        else:
            if cur:
                intro[len(runs)] = cur_intro
                runs.append(cur)
            cur = []
        prev_b = b
    if cur:
        intro[len(runs)] = cur_intro
        runs.append(cur)
    entries = _entry_runs(doc, lay)
    group_heads = _paragraph_heads(doc, lay, taken)
    found = []
    for n, run in enumerate(runs + entries):
        named = [r for r in run if any(r[0] <= i < r[1] for i in starts) or r[0] in taken]
        items = [r for r in run if not _group_heading(doc, *r)]  # (not "LAKE DIVISION" above its items)
        mostly = len(items) >= 3 and len(named) >= 2 and len(named) * 2 >= len(items) or n >= len(runs)
        headed = intro.get(n) is not None and len(run) >= 2  # "Participating districts:" above the list
        # "Honorees by county:" above "Allegheny County" / "Mt. Lebanon": the counties head groups
        by_county = headed and bool({doc[i].lower_ for i in range(*lay.block_range(intro[n]))} & W["county_words"]) \
            and "|" not in lay.block_text(intro[n])  # (not a table's "County" column)
        if not (mostly or headed):
            continue
        mixed = any(not doc[a:z].text.isupper() for a, z in run)
        prev_named = False
        for a, z in run:
            after_name, prev_named = prev_named, any(i in taken for i in range(a, z))
            if prev_named:
                continue
            if after_name and z + 1 < len(doc) and doc[z].text == "," and z + 1 in states_at:
                continue  # "Jordan School District" then "West Jordan, Utah": the district's place line
            if z >= len(doc) or all(t.is_space for t in doc[z:]):
                continue  # the last words of the text: a name may be cut off
            if doc[z].text == ":" and z + 1 in taken:
                continue  # "Winner: Pell Creek School District": a label before a found name
            name = doc[a:z].text
            words = loose_key(name).split()
            if any(i in cue_at for i in range(a, z)):
                continue  # a category heading ("Career Pathways"), not a district
            if _group_heading(doc, a, z) or by_county and doc[z - 1].lower_ in W["county_words"] \
                    or lay.block_of[a] in group_heads:
                continue  # a group heading inside the list ("North Region", "Large Division", "NORTHWEST")
            if doc[z - 1].lower_ in W["school_words"] and a not in labelled:
                continue  # a school in a list of winners ("Brockton High School")
            if not words or all(w in NOT_A_NAME for w in words) or doc[a].lower_ in W["name_stop"] - {"the"} \
                    and not is_place_name(place_of(name)) \
                    or places.state_of(name) or (mixed and name.isupper() and len(words) > 1):
                continue
            if not mostly and not is_place_name(place_of(name)) and doc[z - 1].lower_ not in W["qualifiers"]:
                continue  # under a heading alone, only a place's name ("Warren County") or a name with
                # a district's qualifier ("Olentangy Local", "Indian Hill Exempted Village") is a district
            found.append(mention(doc, a, z, name, "district.list_item"))
            taken.update(range(a, z))
    return found


def _table_furniture(doc: Doc, lay, b: int, lo: int, hi: int) -> bool:
    """A pipe table's line that holds no row: its rule ("|------|------|") or its header ("| Rank |
    District | County | Rate |"), whose every word labels a column."""
    if hi - lo > 30 or "|" not in lay.block_text(b):
        return False
    return all(t.lower_ in NOT_A_NAME or t.lower_ in W["column_words"] for t in doc[lo:hi] if t.is_alpha)


def _paragraph_heads(doc: Doc, lay, taken: set[int]) -> set[int]:
    """Lines that head groups of a list: the first line of two or more paragraphs whose other lines
    are districts' names ("East Tennessee" / "Alcoa City Schools" / "Maryville City Schools", then
    "Mid-Cumberland" / ...). One such paragraph alone may be a list that opens with a short form."""
    heads = set()
    for b, nxt in zip(lay.order, lay.order[1:]):
        lo, hi = lay.block_range(b)
        if lay.starts_paragraph(b) and hi - lo <= 6 and not any(i in taken for i in range(lo, hi)) \
                and not lay.starts_paragraph(nxt) and lay.first_word(nxt) in taken:
            heads.add(b)
    return heads if len(heads) >= 2 else set()


def _group_heading(doc: Doc, a: int, z: int) -> bool:
    """A heading that groups a list's items: "North Region", "Large Division", "NORTHWEST", a
    state's region ("Central Ohio", "NORTHEAST OHIO", "West Texas")."""
    if doc[z - 1].lower_ in W["group_heading_words"]:
        return True
    words = [t.text for t in doc[a:z] if t.is_alpha]
    rest = [w for w in words if w.lower() not in W["region_names"]]
    return not rest or len(rest) < len(words) and bool(places.state_of(" ".join(rest)))


def school_line_mentions(doc: Doc, lay, ms: list[Mention]) -> list[Mention]:
    """Honoured schools listed with their county systems, one a line: "Lakeside Elementary,
    Columbia County", "Harris Middle School – Bibb County". At least two such lines; the county
    after the school is its district (a town after it is only its address)."""
    taken = {i for m in ms for i in range(*m.tok)}
    found = []
    for b in lay.order:
        lo, hi = lay.block_range(b)
        first = lay.first_word(b)
        while hi > first and doc[hi - 1].text in {".", ";", ")"}:
            hi -= 1
        if hi - first > 14:
            continue
        school = _item_range(doc, first, hi)  # the school's name, up to its comma, dash or parenthesis
        if school is None or school[1] >= hi or doc[school[1]].text not in {",", "–", "—", "(", "-"} \
                or doc[school[1] - 1].lower_ not in W["school_words"]:
            continue
        a = school[1] + 1
        z = _chunk_after(doc, a, hi)
        if z != hi or doc[z - 1].lower_ not in W["county_words"] or any(i in taken for i in range(a, z)) \
                or places.state_of(doc[a:z].text) or not is_place_name(doc[a:z].text):
            continue
        found.append(mention(doc, a, z, doc[a:z].text, "district.school_line"))
    return found if len(found) >= 2 else []


def _name_line(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """A line that is only a name: at most seven capitalised words, connectors and codes
    ("Cleveland Heights-University Heights City", "Republic R-III", "Cape Girardeau 63")."""
    if not 0 < hi - lo <= 7 or not doc[lo].text[:1].isupper():
        return None
    ok = all(_capital(t) or t.text in CONNECTORS or t.like_num or is_code(t.text) for t in doc[lo:hi])
    return (lo, hi) if ok else None


def _entry_runs(doc: Doc, lay) -> list[list[tuple[int, int]]]:
    """Lists whose entries are a name line and the paragraph about it, maybe under group headings
    ("Southwest Region" / "Republic R-III" / "The Republic board adopted ..."): runs of at least
    three such entries, at least half of whose names are places ("Worthington City", "Fox C-6")."""
    runs, cur, expect_para = [], [], False
    for b in [*lay.order, None]:
        if b is not None:
            lo, hi = lay.block_range(b)
            first = lay.first_word(b)
            if hi - first <= 4 and doc[hi - 1].lower_ in W["group_heading_words"]:
                expect_para = False
                continue  # "Northeast Region", "KANSAS CITY REGION" between entries
            rng = _name_line(doc, first, hi)
            if rng is not None and rng[1] == hi and not expect_para:
                cur.append(rng)
                expect_para = True
                continue
            if expect_para and (hi - lo > 9 or doc[hi - 1].text in {".", "!", "?", '"', "”"}):
                expect_para = False
                continue
        entries = cur[:-1] if expect_para else cur  # a last name without its paragraph is none
        if len(entries) >= 3 and 2 * sum(is_place_name(place_of(doc[a:z].text)) for a, z in entries) >= len(entries):
            runs.append(entries)
        cur, expect_para = [], False
    return runs


def entry_subjects(doc: Doc, lay, ms: list[Mention]) -> list[Mention]:
    """The subject of a numbered entry in a list of districts: "10. K-8 Leader. Cajon Valley, east
    of San Diego, introduces ..." where most entries open with a district's name. A place that
    opens an entry and is followed by a comma is a district there."""
    starts = {m.tok[0] for m in ms}
    taken = {i for m in ms for i in range(*m.tok)}
    entries = []  # (block, candidate subject starts)
    for b in lay.order:
        lo, hi = lay.block_range(b)
        if not (doc[lo].like_num and lo + 1 < hi and doc[lo + 1].text in {".", ")"}):
            continue
        cands = [lo + 2] if lo + 2 < hi else []
        k = lay.sent_of[lo + 1] + 1 if lo + 2 < hi else None
        for _ in range(2):  # the sentence after a short entry title ("K-8 Leader.")
            if k is None or k >= len(lay.sents) or lay.sents[k].start >= hi:
                break
            cands.append(lay.sents[k].start)
            k += 1
        entries.append(cands)
    if len(entries) < 3:
        return []
    named = [c for c in entries if any(s in starts for s in c)]
    if len(named) * 2 < len(entries):
        return []
    out = []
    for cands in entries:
        if any(s in starts for s in cands):
            continue
        for s in cands:
            e = _chunk_after(doc, s, len(doc)) or s
            if e == s or e >= len(doc) or doc[e].text != "," or any(i in taken for i in range(s, e)):
                continue
            name = doc[s:e].text
            if places.state_of(name) or not is_place_name(name):
                continue
            out.append(mention(doc, s, e, name, "district.entry_subject"))
            taken.update(range(s, e))
            break
    return out


def _list_starts(doc: Doc, start: int, words: list[str], n: int) -> list[int]:
    """Where the names may begin after the word for the honorees at n: after a verb a few words
    on ("winners are", "Districts earning the distinction were"), and after a mark later in the
    sentence ("the following districts:", "Five districts made the AP Honor Roll this year:").
    `words`: the lower-case words of the sentence that starts at token `start`."""
    out = []
    for k in range(n + 1, len(words) - 1):
        if words[k] in LIST_MARKS_LOWER and doc[start + k].text in W["inline_list_marks"]:
            out.append(k + 1)
        elif k - n <= LIST_REACH and words[k] in W["inline_list_verbs"]:
            out.append(k + 1)
    return out


def _name_run(toks: list, k: int, taken: set[int]) -> list[tuple[int, int]]:
    """The names of a coordination from toks[k]: "Lakota Local, Mason City and the Hilliard City
    School District"; stops at the first word that is no name, and leaves out a name that a word
    other than a comma, "and" or a stop follows."""
    names: list[tuple[int, int]] = []
    while k < len(toks):
        if toks[k].lower_ == "the" and k + 1 < len(toks) and toks[k + 1].i in taken:
            k += 1  # "... and the Harrisburg School District"
        a = k
        if toks[k].i in taken:
            while k < len(toks) and toks[k].i in taken:
                k += 1
        else:
            while k < len(toks) and (_capital(toks[k]) or toks[k].text == "-" and k > a) \
                    and toks[k].lower_ not in W["name_stop"] and k - a < 4:
                k += 1
        if k == a or k < len(toks) and toks[k].text not in LIST_BREAKS and toks[k].lower_ not in W["conjunctions"]:
            break  # no name, or a name cut short ("Adams" of "Adams 12 Five Star Schools")
        names.append((toks[a].i, toks[k - 1].i + 1))
        if k < len(toks) and toks[k].text == ",":
            k += 1
        if k < len(toks) and toks[k].lower_ in W["conjunctions"]:
            k += 1
        elif not (k < len(toks) and toks[k - 1].text == ","):
            break
    return names


def _item_town(doc: Doc, a: int, z: int, taken: set[int]) -> bool:
    """"Winners: Ames Community School District, Ames; Waukee ...": in a list parted by semicolons,
    the words after a district's name and its comma are its town (places.line_city), no district."""
    return a >= 2 and doc[a - 1].text == "," and a - 2 in taken and ";" in doc[a - 2].sent.text


def inline_list_mentions(doc: Doc, lay, ms: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """Places named in a sentence after a word for the honorees or the districts: "This year's
    winners are Lakeview, Pine Grove and Cedar Falls", "Districts earning the distinction were
    Ankeny, Waukee and Saydel", "Among them: Rockwood, Parkway and Kirkwood", "seven boards, among
    them Lower Merion and Spring-Ford Area", "districts including Ames and Ankeny". At least two
    names; none a state, a school or a person's title; names already found count for the run,
    and more than half of all are places ("winners are Maria Lopez and Tom Reed" is no list)."""
    taken = {i for m in ms for i in range(*m.tok)}
    out: list[Mention] = []
    lowers = lower_words(doc)
    for sent in lay.sents:
        if W["inline_list_words"].isdisjoint(lowers[sent.start:max(sent.start, sent.end - 2)]):
            continue  # no word for the honorees in this sentence
        words_ = lowers[sent.start:sent.end]
        starts = [k for n in range(len(words_) - 2) if words_[n] in W["inline_list_words"]
                  for k in _list_starts(doc, sent.start, words_, n)]
        starts += [n + len(words) for n in range(len(words_)) for words in OPENERS  # (first words first)
                   if words_[n] == words[0] and tuple(lowers[sent.start + n:sent.start + n + len(words)]) == words]
        if not starts:
            continue
        toks = list(doc[sent.start:sent.end])  # (the sentence's Tokens only where a list may start)
        for k in sorted(set(starts)):
            names = [(a, z) for a, z in _name_run(toks, k, taken) if not _item_town(doc, a, z, taken)]
            new = [(a, z) for a, z in names if not any(i in taken for i in range(a, z))]
            if len(names) < 2 or not new:
                continue
            texts = [span_text(doc, a, z) for a, z in new]
            if any(places.state_of(x) or doc[z - 1].lower_ in W["school_words"] for x, (a, z) in zip(texts, new)):
                continue
            if 2 * (len(names) - len(new) + sum(is_place_name(place_of(x)) for x in texts)) < len(names) + 1:
                continue
            for (a, z), name in zip(new, texts):
                out.append(mention(doc, a, z, name, "district.inline_list"))
                taken.update(range(a, z))
            break
    return out


def _chunk_before(doc: Doc, end: int, lo: int) -> int | None:
    """The start of a title-case name of at most four words ending at `end` ("Maury County")."""
    a = end
    while a - 1 >= lo and end - a < 4 and _capital(doc[a - 1]) \
            and doc[a - 1].lower_ not in W["name_stop"]:
        a -= 1
    return a if a < end else None


def _chunk_after(doc: Doc, start: int, hi: int) -> int | None:
    """The end of a title-case name of at most four words starting at `start`."""
    z = start
    while z < hi and z - start < 4 and _capital(doc[z]) and doc[z].lower_ not in W["name_stop"]:
        z += 1
    return z if z > start else None


def conjunct_mentions(doc: Doc, lay, ms: list[Mention], states_at: dict[int, Span]) -> list[Mention]:
    """Places coordinated with a district's full name are districts too: "board members from Maury
    County, Williamson County and Franklin Special School District", "Gwinnett County Public
    Schools and Cobb County". The coordination needs an "and" and, with one other name, that name
    must be a county's; every other conjunct must be a place that is not a state nor a town ("based
    in Kotzebue"), or the run is left alone."""
    taken = {i for m in ms for i in range(*m.tok)}
    out: list[Mention] = []
    for m in ms:
        if m.part_of is not None or m.name.rule.startswith("district.list") or m.place_inside:
            continue
        s0, s1 = lay.sent_range(m.tok[0])
        names: list[tuple[int, int]] = []
        joined = False
        k = m.tok[0]  # leftwards: "X, " / "X and " / "X, and " before the name
        while True:
            j = k
            if j - 1 > s0 and doc[j - 1].lower_ in W["conjunctions"]:
                j, joined = j - 1, True
            if j - 1 > s0 and doc[j - 1].text == ",":
                j -= 1
            a = _chunk_before(doc, j, s0) if j < k else None
            if a is None or any(i in taken for i in range(a, j)):
                break
            names.insert(0, (a, j))
            k = a
        k = m.tok[1]  # rightwards: ", X" / " and X" / ", and X" after the name
        while True:
            j = k
            if j < s1 and doc[j].text == ",":
                j += 1
            if j < s1 and doc[j].lower_ in W["conjunctions"]:
                j, joined = j + 1, True
            z = _chunk_after(doc, j, s1) if j > k else None
            if z is None or any(i in taken for i in range(j, z)):
                break
            names.append((j, z))
            k = z
        if not joined or not names or len(names) == 1 and doc[names[0][1] - 1].lower_ not in W["place_qualifiers"]:
            continue  # one more name is a district only as a county's ("... and Cobb County"), not
            # a clause's object ("The Lab Schools earned Platinum, and Noble Schools ...")
        if any(i in states_at for a, z in names for i in range(a, z)) \
                or any(a and doc[a - 1].lower_ in W["town_before"] for a, _ in names) or not all(
                is_place_name(doc[a:z].text) and not places.state_of(doc[a:z].text) for a, z in names):
            continue
        for a, z in names:
            name = doc[a:z].text
            out.append(mention(doc, a, z, name, "district.conjunct"))
            taken.update(range(a, z))
    return out
