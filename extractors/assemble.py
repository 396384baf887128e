"""Turn the spans the rulers matched into district records with evidence.

Mentions first, attachment second:
1. layout (extractors/layout.py): lines, sentences, headings;
2. mentions: district names grown from their heads (extractors/mentions.py), places that serve
   students and items of lists of districts (extractors/listed.py), acronyms and short forms
   (extractors/aliases.py);
3. places (extractors/places.py): each mention's state and city from the words around it, its
   line, its section, the dateline, the article;
4. grouping: mentions with one loose key (schemas.names) are one district;
5. attachment (extractors/figures.py, extractors/attachment.py): figures and initiative cues go
   to a district by structure.
Every value keeps the span it came from and the id of the rule that produced it.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extractors import aliases, attachment, figures, gazetteer, listed, mentions, places, programs, rules
from extractors.layout import Layout, Positions
from extractors.values import District, Found, Mention, best, text_of

APART_UP_TO = int(rules.load_yaml("places.yaml")["apart_up_to"])  # states that keep same-named districts apart


def group(ms: list[Mention], lay: Layout) -> list[District]:
    """One district per loose key; the same name with two different states stays two (a short form,
    or a name in prose whose state is only its section's, joins the one of its state, else the last:
    "Poway Unified, which serves ..." below a list's last state heading)."""
    groups: dict[str, list[District]] = {}
    _city_and_county(ms)
    for m in sorted(ms, key=lambda x: x.tok):
        subs = groups.setdefault(m.key, [])
        state = m.state.value if m.state and m.state.rank <= APART_UP_TO else None
        target = None
        for d in subs:
            ds = {x.state.value for x in d.mentions if x.state and x.state.rank <= APART_UP_TO}
            if state is None or not ds or state in ds:
                target = d
        section_only = m.state is not None and m.state.rank == APART_UP_TO and _in_prose(lay, m)
        if target is None and subs and (m.alias or section_only):
            target = subs[-1]  # a district found, whatever section it stands in ("Long Beach" after the list)
        if target is None:
            target = District()
            subs.append(target)
        target.mentions.append(m)
    return sorted((d for subs in groups.values() for d in subs), key=lambda d: d.first)


def _city_and_county(ms: list[Mention]) -> None:
    """"Madison City Schools and Madison County Schools": where an article names a place's city system
    and its county system, the word that tells them apart stays in their keys; the place's name alone
    ("In Madison, ...") is the town's, the city system's (the county's short form keeps "County")."""
    kind = {id(m): next(iter(SYSTEM_KINDS.intersection(str(m.name.value).lower().split())), None) for m in ms}
    kinds: dict[str, set[str]] = {}  # key -> the kinds its names say
    for m in ms:
        if kind[id(m)]:
            kinds.setdefault(m.key, set()).add(kind[id(m)])
    split = {k for k, v in kinds.items() if v == SYSTEM_KINDS}
    for m in ms:
        if m.key in split:
            m.key = f"{m.key} {kind[id(m)] or 'city'}"


SYSTEM_KINDS = {"city", "county"}


def _in_prose(lay: Layout, m: Mention) -> bool:
    """The mention stands in a paragraph of prose, not on a list's line: a long block that opens
    with no bullet."""
    toks = lay.blocks[lay.block_of[m.tok[0]]]
    return len(toks) > PROSE_WORDS and lay.doc[toks[0]].text not in BULLETS


PROSE_WORDS = 20  # tokens of a block beyond which it is a paragraph, not a list line
BULLETS = {"•", "-", "*", "–", "—", "·"}


def _line_starts(lay: Layout) -> set[int]:
    return {lay.first_word(b) for b in lay.order}


def assemble(doc: Doc) -> tuple[list[dict], Found | None]:
    lay = Layout(doc)
    states = places.state_spans(doc)
    states_at = {st.start: st for st in states}
    states_at_end = {st.end: st for st in states}
    found = figures.figures(doc, _line_starts(lay), states_at_end)
    ms = mentions.district_mentions(doc, states_at, states_at_end)
    ms += listed.subject_mentions(doc, ms, states_at, found)
    ms += listed.list_mentions(doc, lay, ms, states_at)
    ms += listed.school_line_mentions(doc, lay, ms)
    ms += listed.entry_subjects(doc, lay, ms)
    ms += listed.inline_list_mentions(doc, lay, ms, states_at)
    ms += listed.conjunct_mentions(doc, lay, ms, states_at)
    ms += listed.appositive_mentions(doc, ms, states_at)
    ms += aliases.alias_mentions(doc, ms, states_at)
    inside = {i for m in ms for i in range(*m.tok)}
    in_name = {m.place_inside[0] for m in ms if m.place_inside}
    states = [st for st in states if st.start not in inside or doc[st.start - 1].text in {"(", ","}
              or st.start in in_name]
    state_pos = Positions([(st.start, st) for st in states])
    starts = Positions([(m.tok[0], m) for m in ms])
    mention_blocks = {lay.block_of[m.tok[0]] for m in ms}
    sections = places.section_states(doc, lay, states, mention_blocks)
    for m in ms:
        if m.state is None or m.state.rank > 0:
            places.place_mention(doc, lay, m, state_pos, starts)
        places.label_state(doc, lay, m, state_pos, starts)
        if not m.alias:
            places.entry_places(doc, lay, m, state_pos, starts)
            places.table_city(doc, m)
        b = lay.block_of[m.tok[0]]
        if b in sections:
            places.section_town(doc, m, sections[b])  # "Maumee Bay Local School District - Oregon" under "OHIO"
        if m.state is None and b in sections:
            m.state = sections[b]
        places.line_city(doc, lay, m)
    for m in ms:  # "the Edina and Wayzata school districts (Minn.)": one place for all
        if m.state is None and m.part_of is not None:
            m.state = next((x.state for x in ms if x.part_of == m.part_of and x.state), None)
    ends = {m.tok[1]: m for m in ms}
    for m in sorted(ms, key=lambda x: x.tok):  # "New York’s Windsor Central School District and Buffalo Public Schools"
        s = m.tok[0]
        if m.state is None and s >= 2 and doc[s - 1].lower_ in {"and", ","}:
            prev = ends.get(s - 1) or (ends.get(s - 2) if doc[s - 2].text == "," else None)
            if prev is not None and prev.state is not None and prev.possessive_state:
                m.state = prev.state
    districts = group(ms, lay)
    line = places.dateline(doc, lay, states_at)
    _district_places(doc, lay, districts, states, line)
    districts = _town_districts(doc, lay, districts)
    owner = {i: d for d in districts for m in d.mentions for i in range(*m.tok)}
    attachment.table_values(doc, lay, districts, owner)
    named = Positions([(m.tok[0], (m.tok, d)) for d in districts for m in d.mentions])
    home = _home(lay, districts, line)
    attachment.attach_figures(doc, lay, found, named, home)
    attachment.attach_cities(doc, lay, named)
    program = programs.program(doc)
    attachment.attach_initiatives(doc, lay, owner, home, _story_subject(lay, districts, home, line),
                                  str(program.value) if program else None)
    return [record(doc, d) for d in districts], program


def _district_places(doc: Doc, lay: Layout, districts: list[District], states: list,
                     line: places.Dateline | None) -> None:
    """A district's state and city: the best of its mentions', else its line's only state, the
    dateline of a local story, or the article's only state."""
    per_block: dict[int, set[int]] = {}
    for d in districts:
        for m in d.mentions:
            per_block.setdefault(lay.block_of[m.tok[0]], set()).add(id(d))
    block_states: dict[int, list] = {}
    for st in states:
        block_states.setdefault(lay.block_of[st.start], []).append(st)
    block_codes = {b: {s.label_ for s in sts} for b, sts in block_states.items()}
    article_states = {st.label_ for st in states}
    scope = places.scope_org_state(doc, lay, states)
    subject = _dateline_subject(lay, line, districts, below=True)
    from_text = _cities_in_text(doc, districts)
    items = places.item_datelines(doc, lay)
    # a state body's release: a state body near the top, or a state's award in a release from its
    # capital; not a story that names a state's award first ("HARLAN — ... won the Iowa Rural Award")
    capital = scope is not None and line is not None and gazetteer.is_capital(line.city.text, scope.label_)
    body = scope is not None and (capital or places.scope_org_state(doc, lay, states, bodies_only=True) is not None
                                  and not _opens_before(lay, line, subject, scope, states))
    for d in districts:
        st = best([m.state for m in d.mentions])
        if st is None:
            for m in d.mentions:
                b = lay.block_of[m.tok[0]]
                codes = block_codes.get(b, set())
                if len(per_block.get(b, ())) == 1 and len(codes) == 1:
                    st = places.state_found(block_states[b][0], "state.block")
                    break
        # a local story's dateline is its district's town; a state body's release ("NASHVILLE —
        # The Tennessee Department of Education named ...") is datelined where the body sits
        named_for = line is not None and _named_for(d.name, line.city.text)
        local = line is not None and (named_for or (len(districts) == 1 or d is subject) and not body)
        if st is None and local and line.state is not None:
            st = places.state_found(line.state, "state.dateline")
        if st is None and scope is not None:
            st = places.state_found(scope, "state.scope_org")
        if st is None and len(article_states) == 1:
            st = places.state_found(states[0], "state.article")
        d.state = st
        d.city = best([m.city for m in d.mentions])
        if d.city is None:  # "the Brookfield, Texas, school district": the town before the state
            d.city = next((c for m in d.mentions if m.place_inside and (c := places.city(
                doc, (m.tok[0], m.place_inside[0] - 1), st.value if st else None, "city.in_name"))), None)
        if d.city is None:
            d.city = _city_from_text(from_text, d, st.value if st else None)
        if d.city is None and local:
            town = (line.city.start, line.city.end)
            d.city = places.city(doc, town, st.value if st else None, "city.dateline") or (
                places.written_town(doc, town, "city.dateline") if named_for
                else None)  # ("ASHFORD — ... the Ashford Community School District", a town zipcodes lacks)
        if d.city is None and (item := _item_town(lay, items, districts, d)) is not None:
            d.city = places.city(doc, (item.start, item.end), st.value if st else None, "city.dateline")


def _item_town(lay: Layout, items: dict[int, Span], districts: list[District], d: District) -> Span | None:
    """The town that opens the item of a column whose first district is d ("CRYSTAL LAKE - Husmann
    Elementary School in Crystal Lake Elementary District 47 has been named ...")."""
    for b, town in items.items():
        lo, hi = lay.block_range(b)
        firsts = [(m.tok[0], x) for x in districts for m in x.mentions if lo <= m.tok[0] < hi]
        if firsts and min(firsts, key=lambda f: f[0])[1] is d:
            return town
    return None


def _town_districts(doc: Doc, lay: Layout, districts: list[District]) -> list[District]:
    """"The Athens district" after "the Clarke County School District in Athens, Ga.", "Springfield
    schools" beside "Springfield Public School District 186": a district named only by its town
    and a lower-case head, for the town or the short name of one other district, is that district."""
    out = []
    for d in districts:
        if all(str(m.name.value).split()[-1].islower() for m in d.mentions):
            town = aliases.place_of(d.name).lower()
            hosts = [x for x in districts if x is not d and (x.city and str(x.city.value).lower() == town or town in {
                f.lower() for f in aliases.short_forms(x.name)})]
            if not hosts and all(lay.block_of[m.tok[0]] == lay.order[0] for m in d.mentions):
                # "Harlan schools win state award" over a story that names one other district,
                # placed nowhere else: the headline names it by its town
                hosts = [x for x in districts if x is not d]
                found = _town_named(doc, d.mentions[0], hosts[0], "city.headline") if len(hosts) == 1 else None
                hosts = hosts if found is not None else []
                if found is not None:
                    hosts[0].city = found
            if not hosts:  # "Smithfield's school system earned ..." on the line under "3. Tidewater Bend Public Schools"
                hosts = _entry_host(lay, districts, d)
                if hosts and hosts[0].city is None:
                    hosts[0].city = _town_named(doc, d.mentions[0], hosts[0], "city.possessive")
            if len(hosts) == 1:
                for m in d.mentions:
                    m.alias, m.key = True, hosts[0].mentions[0].key
                hosts[0].mentions = sorted(hosts[0].mentions + d.mentions, key=lambda m: m.tok)
                continue
        out.append(d)
    return out


def _entry_host(lay: Layout, districts: list[District], d: District) -> list[District]:
    """The district whose entry line (a short line naming it alone, with no sentence's stop) stands
    right above every line that names d."""
    hosts = set()
    for m in d.mentions:
        prev = lay.prev_block(lay.block_of[m.tok[0]])
        if prev is None or len(lay.blocks[prev]) > attachment.ENTRY_LINE \
                or lay.doc[lay.blocks[prev][-1]].text in attachment.SENTENCE_ENDS:
            return []
        hosts.add(_named_alone(lay, prev, districts))
    return [h for h in hosts if h is not None and h is not d][:1] if len(hosts) == 1 else []


def _town_named(doc: Doc, m: Mention, host: District, rule: str) -> Found | None:
    """The town of a "Harlan schools" mention (a headline's, or "Harlan's school system" under an
    entry), if the host has no city and it is a known town."""
    if host.city is not None:
        return None
    e = m.tok[1]
    while e > m.tok[0] and doc[e - 1].is_lower:
        e -= 1
    return places.city(doc, (m.tok[0], e), host.state.value if host.state else None, rule)


def _story_subject(lay: Layout, districts: list[District], home: District | None,
                   line: places.Dateline | None) -> District | None:
    """The one district a story is about: a local story's district when its dateline's paragraph
    opens with it, else the district the lead paragraph (the first one of prose) alone names and
    opens with ("Pell Creek School District has been named ...") or the headline alone names (or
    the headline's one district, over a lead that names none)."""
    if line is not None:
        return home if home is not None and home is _dateline_subject(lay, line, districts) else None
    headline = lay.order[0] if lay.order and lay.doc[lay.blocks[lay.order[0]][-1]].text not in {".", "!", "?"} else None
    lead = next((b for b in lay.order if len(lay.blocks[b]) >= LEAD_WORDS and lay.starts_paragraph(b)
                 and b != headline), None)
    if lead is None:
        return None
    lo, hi = lay.block_range(lead)
    named = [(m.tok[0], d) for d in districts for m in d.mentions if lo <= m.tok[0] < hi]
    in_headline = _named_alone(lay, headline, districts) if headline is not None else None
    if not named:  # "Buffalo Springs superintendent still starts her day in the car line" over a lead
        return in_headline  # that names no district
    if len({id(d) for _, d in named}) > 1:
        return None
    first, d = min(named, key=lambda x: x[0])
    # "The" before it at most, or the headline names it alone ("Marquette-Falun schools win state
    # award" over "For the first time ..., Marquette-Falun USD 417 has won ...")
    return d if first - lo <= 1 or in_headline is d else None


def _named_alone(lay: Layout, b: int, districts: list[District]) -> District | None:
    """The one district block b names, if it names one."""
    lo, hi = lay.block_range(b)
    named = {id(x): x for x in districts for m in x.mentions if lo <= m.tok[0] < hi}
    return next(iter(named.values())) if len(named) == 1 else None


LEAD_WORDS = 12  # tokens of the first paragraph of prose (not a headline, a byline or a kicker)


def _dateline_subject(lay: Layout, line: places.Dateline | None, districts: list[District],
                      below: bool = False) -> District | None:
    """The district a local story is about: the first named in the dateline's paragraph
    ("MARTINSBURG, W.Va. — Berkeley County Schools won ...")."""
    if line is None:
        return None
    b, after = lay.block_of[line.city.start], line.city.end
    for _ in range(DATELINE_REACH if below else 1):  # (`below`: a dateline on a line of its own gives its town to
        # the first district of the paragraph below it, past a byline)
        firsts = [(m.tok[0], d) for d in districts for m in d.mentions
                  if lay.block_of[m.tok[0]] == b and m.tok[0] >= after]
        if firsts or (b := lay.next_block(b)) is None:
            break
    return min(firsts, key=lambda x: x[0])[1] if firsts else None


DATELINE_REACH = 3  # lines from a dateline to its story's first paragraph ("WOLFFORTH, Texas —" / "By ..." / text)


def _opens_before(lay: Layout, line: places.Dateline | None, subject: District | None, scope, states: list) -> bool:
    """The dateline's paragraph names its district before it names the state of the body or award
    ("LULING, La. — St. Charles Parish Public Schools is one of nine ... named by the Louisiana Department of
    Education"; "SOLDOTNA — The Kenai Peninsula Borough School District Board ... by the Association of
    Alaska School Boards" under a headline that names the award): a local story, not the body's release."""
    if line is None or subject is None:
        return False
    first = min((m.tok[0] for m in subject.mentions if m.tok[0] >= line.city.end), default=None)
    if first is None:  # (the subject's paragraph: the dateline's, or the one below a dateline on its own line)
        return False
    b = lay.block_of[first]
    return any(st.label_ == scope.label_ and lay.block_of[st.start] == b and st.start > first for st in states)


def _home(lay: Layout, districts: list[District], line: places.Dateline | None) -> District | None:
    """The district of a local story: the one named for the dateline's town, else the only one
    its dateline's paragraph names ("LINDEN, Colo. — ... the Prairie Hollow School District ...")."""
    if line is None:
        return None
    named = [d for d in districts if _named_for(d.name, line.city.text)]
    if not named:  # "Windham Raymond Schools", the other name of RSU 14, under "WINDHAM, Maine —"
        named = [d for d in districts if any(_named_for(str(m.name.value), line.city.text) for m in d.mentions)]
    if not named:
        b = lay.block_of[line.city.start]
        named = [d for d in districts if any(lay.block_of[m.tok[0]] == b for m in d.mentions)]
    return named[0] if len(named) == 1 else None


def _named_for(name: str, city: str) -> bool:
    """A district named for the dateline's town: "Marshall" under "MARSHALL, Minn.", "Glenwood Heights
    School District 58" and "Walnut City USD 418" under their towns, and a district named for two
    towns, the first of them: "Fairview-Columbia" under "FAIRVIEW, Ore."."""
    city = city.lower()
    for place in {aliases.place_of(name).lower()} | {f.lower() for f in aliases.short_forms(name)}:
        if place == city or ("-" in place and place.split("-")[0].strip() == city):
            return True
    return False


def _cities_in_text(doc: Doc, districts: list[District]) -> dict[str, tuple[int, int]]:
    """Each district's place as written after "in" or "of" ("... the students of Germantown"; not
    a region, "west of Austin"), found in one pass over the text."""
    wanted = {aliases.place_of(d.name) for d in districts}
    wanted = {p for p in wanted if p and not p.isupper()}
    if not wanted:
        return {}
    text = text_of(doc)
    out: dict[str, tuple[int, int]] = {}
    for m in re.finditer(r"\b(?:in|of) ((?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*){0,3})", text):
        words = []
        for w in m.group(1).split():
            if w.endswith(".") and len(w) > 3:  # a sentence ends: "... suburb of Needham. Needham ..."
                words.append(w.rstrip("."))
                break
            words.append(w)
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            if cand in wanted and cand not in out:
                after = text[m.start(1) + len(cand):m.start(1) + len(cand) + 2]
                prev = text[max(0, m.start() - 12):m.start()]
                region = bool(set(prev.lower().split()[-1:]) & gazetteer.COMPASS)  # "west of Austin"
                if not re.match(r"[ -]?[A-Z]", after) and not re.search(r"[A-Z][a-z]+ $", prev) and not region:
                    out[cand] = (m.start(1), m.start(1) + len(cand))
                break
    return out


def _city_from_text(found: dict[str, tuple[int, int]], d: District, state: str | None) -> Found | None:
    place = aliases.place_of(d.name)
    if place not in found or not gazetteer.is_city(place, state):
        return None
    a, b = found[place]
    return Found(place, a, b, "city.name_place")


def record(doc: Doc, d: District) -> dict:
    names = [m for m in d.mentions if not m.alias] or d.mentions
    main = max(names, key=lambda m: (len(str(m.name.value)), -m.tok[0]))
    evidence = [main.name.evidence(doc, "name")]
    alias_names: list[str] = []
    for m in d.mentions:
        value = str(m.name.value)
        if value.lower() != str(main.name.value).lower() and value.lower() not in {a.lower() for a in alias_names}:
            alias_names.append(value)
            evidence.append(m.name.evidence(doc, "alias"))
    # "Kenosha (Wis.) Unified School District No. 1" -> also "Kenosha Unified School District No. 1";
    # "the Tomball, Texas, school district" -> also "Tomball school district"
    bare = " ".join(re.sub(r"\([^)]*\)", " ", str(main.name.value)).split())
    if main.place_inside:
        a, b = main.place_inside
        bare = f"{doc[main.tok[0]:a - 1].text} {doc[b + 1:main.tok[1]].text}"
    if bare != main.name.value and bare.lower() not in {a.lower() for a in alias_names}:
        alias_names.append(bare)
        evidence.append(Found(bare, main.name.start, main.name.end, "alias.without_place").evidence(doc, "alias"))
    st, city = d.state, d.city
    out = {"name": str(main.name.value), "aliases": alias_names,
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
