"""Each district's role in its article: "recognized" (among the honorees of the recognition the
article is about, or of another named one) or "mentioned" (anything else). ANNOTATION.md, "role".

Works from the Doc (sentences, lines, the "programs" spans, and the cues of
extractors/patterns/roles.yaml, which this module matches itself) and from the offsets of each
district's name and alias evidence; it knows nothing of how the districts were assembled.
A district is recognized when the article is about a recognition (it has a program, or it is a
ranking table: a "Rank", "No." or "Ranked by ..." heading line) and one of its mentions
  - shares a sentence with a recognition cue (named, finalist, "one of 24 districts", ...), or
  - is an entry (list item, table row, short heading line) of a list announced earlier, or
  - is described in the body of an article that reports the recognition as received (the
    paragraphs about each honoree rarely repeat the cue), after the recognition is first named,
and that mention is not an aside: someone's former district (also anywhere after a career's
history in its sentence: "came to Lodi from ...", "her first job was ..."), an association
officer's or a judge's home district, a partner (a vendor's customer, a consortium's member), a
comparison (also the compared district before "larger than" another), a place ("just south of
Wichita"), a sentence about applying for the recognition (or losing it: "turned down") or about
whom an award is named after, the description of another district's entry, or a line after the
body's end (newsletter, comments, "In other news", the next section of a recap or newsletter
under its own heading) or one linking to another page. A neighbour, a venue, a guest ("students
from ..."), a district in a paragraph that turns to those outside the honorees ("Not every district
..."), and a district the article introduces as an aside are honorees only by a cue in their own
sentence. In an article about no recognition, only an unambiguous cue in the mention's sentence
counts ("won", "finalist", "each winning district"; not "named", which also names superintendents).
The evidence is the cue, with its rule id.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import product

from spacy.attrs import IDX
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extractors import gazetteer, rules
from extractors.aliases import place_of_districts
from extractors.layout import line_starts
from extractors.programs import award_names
from extractors.values import Found, find_all, lower_before, lower_words, sentence_bounds, text_of

# A line that is an entry of a list or table: a bullet or number, "Alabama: ...", or short and
# without a sentence's final stop ("Rio School District; Oxnard, California").
BULLET = re.compile(r"^\s*(?:[•\-–—*·▪●◦]|#?\d{1,3}\s*\.?\)|#?\d{1,3}\.(?!\d)|\d{1,3}\s+(?=[A-Z]))")
ENTRY_DASH = re.compile(r"\s[—–-]\s")  # between an entry's head and its description
KEY_VALUE = re.compile(r"^\s*[A-Z][\w .,'’&-]{1,30}:\s+\S")  # "Alabama: ...", not an interview's "A: ..."
# used with match(text, line start): "Rank  District", "| Rank | District |", "No.", "Ranked by 2024-25 enrollment"
RANK_HEADER = re.compile(r"[ \t|]*(Rank(?:ed|ing)?|No\.)\b", re.IGNORECASE)
SHORT_ENTRY_WORDS = 14
# a section heading of a recap or newsletter ("LEGISLATIVE UPDATE", "BUSES"): a short line in capitals
SECTION_HEADING = re.compile(r"[^a-z\n]*[A-Z]{2}[^a-z\n]*")
SECTION_HEADING_WORDS = 6
SUBHEADING_WORDS = 8       # the most words of a heading in sentence case ("CTE summit set for June")
# a paragraph that speaks of "the district" before naming one goes on about an earlier district
ANAPHOR = re.compile(r"\b(?:%s)\b" % "|".join(
    f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in sorted(rules.lexicon("roles.yaml")["anaphors"])))
# what may stand between two coordinated names: a comma, "and", a place ("in Half Moon Bay", ", Georgia,")
JOINER = re.compile(r"(?:\s*(?:in|of)?\s*(?:[A-Z][\w.'’-]*\s*){0,3}[,;]?\s*(?:and|or|&)?\s*)")
ASIDE_WINDOW = 8           # tokens before a mention that an "aside" cue reaches
OWN_VERB_WINDOW = 4        # tokens after it where its own verb stands (", which signed on")
LEAD_CHARS = 600           # the headline and lead, where an unnamed recognition is announced
# cues that report a recognition even in an article with no program and no ranking table
STANDALONE_CUES = {"role.won", "role.honorable_mention", "role.list_place", "role.went_to"}
# ...and, in the lead, announce the recognition an article is about when they name its honorees
HONOREE_NOUNS = rules.words("roles.yaml", "honoree_nouns")
DISTRICT_NOUNS = rules.words("roles.yaml", "district_nouns")
POSSESSIVES = rules.words("roles.yaml", "possessives")
SIZES = rules.words("roles.yaml", "sizes")
ONE_DISTRICT = rules.words("roles.yaml", "one_district")
DIRECTIONS = rules.words("roles.yaml", "directions")
GROUPINGS = rules.words("roles.yaml", "groupings")
COMPARATIVES = rules.words("roles.yaml", "comparatives")
HONOREE_GROUPS = rules.words("roles.yaml", "honoree_groups")
GROUP_DEMONSTRATIVES = rules.words("roles.yaml", "group_demonstratives")
CUSTOMER_NOUNS = rules.words("roles.yaml", "customer_nouns")
OFFICERS = rules.words("roles.yaml", "officers")
ITEM_TOPICS = rules.words("roles.yaml", "item_topics")
NEGATIONS = rules.words("roles.yaml", "negations")
NEGATION_BREAKERS = rules.words("roles.yaml", "negation_breakers")
QUANTIFIERS = rules.words("roles.yaml", "quantifiers")
EARN_VERBS = rules.words("roles.yaml", "earn_verbs")
ATTEMPT_ORDINALS = rules.words("roles.yaml", "attempt_ordinals")
APPLICANT_NOUNS = rules.words("roles.yaml", "applicant_nouns")
LONGER_NAMES = rules.words("districts.yaml", "longer_name_words")  # "... Public Schools Foundation"
EARNED_BY_STUDENTS = rules.words("roles.yaml", "earned_by_students")
NEGATION_REACH = 2         # tokens before a cue where its negation stands ("not a ranking")
SIZE_REMARK_REACH = 3      # tokens before a superlative where the possessive of a size remark stands
# labels whose span reaches every later district of its sentence (coordinated ones included)...
REACHING = ("history", "officer", "comparison", "partner", "judge", "customers")
# ...but, for a career's history, the post arrived at right after it ("came to Elm USD in 2019")
ARRIVALS = ("history",)


@dataclass
class Cue:
    start: int
    end: int
    rule: str


@dataclass
class Article:
    """What the role checks look up in one doc: sentences, lines and cue spans by position."""
    doc: Doc
    text: str
    sent_bounds: list[tuple[int, int]]  # token ranges of the sentences
    line_starts: list[int]
    cues: list[Cue] = field(default_factory=list)            # recognition cues and award names
    spans: dict[str, list[Span]] = field(default_factory=dict)  # roles.yaml spans by label
    about_recognition: Cue | None = None
    announced: bool = False     # the recognition is reported as received, not only sought
    body_end: int = 0
    section_end: int = 0        # where the recognition's section of a recap ends (section_end)
    names: list[tuple[int, int]] = field(default_factory=list)  # every district's mentions, in order
    owners: dict[tuple[int, int], int] = field(default_factory=dict)  # a mention -> its district (by id)

    def __post_init__(self) -> None:
        idx = self.doc.to_array([IDX])
        self._sent_chars = [int(idx[a]) for a, _ in self.sent_bounds]
        self._mentions: dict[int, list[tuple[int, int]]] = {}
        self._sents: dict[int, Span] = {}  # each sentence's Span, built once (every check asks)
        self._spans: dict[tuple[int, int], Span | None] = {}
        self._offsets: dict[str, tuple[list[int], list[tuple[int, Span]]]] = {}  # _labelled's, by label

    def sentence(self, char: int) -> Span:
        k = max(bisect.bisect_right(self._sent_chars, char) - 1, 0)
        if k not in self._sents:
            start, end = self.sent_bounds[k]
            self._sents[k] = self.doc[start:end]
        return self._sents[k]

    def char_span(self, start: int, end: int) -> Span | None:
        """doc.char_span(start, end, alignment_mode="expand"), once per mention (its checks all ask)."""
        if (start, end) not in self._spans:
            self._spans[(start, end)] = self.doc.char_span(start, end, alignment_mode="expand")
        return self._spans[(start, end)]

    def line(self, char: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, char) - 1
        start = self.line_starts[i]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end


_MATCHERS: dict[int, PhraseMatcher] = {}


def _choices(spec: dict) -> list[str] | None:
    """The words one token spec accepts, when it only tests LOWER against a word or a list."""
    value = spec.get("LOWER")
    if set(spec) - {"LOWER", "OP"} or spec.get("OP", "?") != "?" or value is None:
        return None
    words = [value] if isinstance(value, str) else value.get("IN") if set(value) == {"IN"} else None
    return None if words is None else [*words, ""] if spec.get("OP") == "?" else words


NUMBER = {"LIKE_NUM": True}  # a last token that must be a number: "one of 24"


def phrases_of(pattern: list[dict]) -> list[str]:
    """Every phrase a pattern of plain word choices matches ("not yet", "honorable mention"),
    optional tokens included or left out. A last NUMBER token is not part of the phrases."""
    specs = pattern[:-1] if pattern[-1] == NUMBER else pattern
    choices = [_choices(spec) for spec in specs]
    if any(c is None for c in choices):
        raise ValueError(f"roles.yaml: a pattern token may test only LOWER (or be a last LIKE_NUM): {pattern}")
    return [" ".join(w for w in combo if w) for combo in product(*choices)]


def matcher(vocab: Vocab) -> PhraseMatcher:
    """The roles.yaml patterns as phrases on lower-cased tokens, built once per vocabulary (a
    lookup per token, however many phrases). A key ending in "#" wants a number after it."""
    if id(vocab) not in _MATCHERS:
        phrases = PhraseMatcher(vocab, attr="LOWER")
        for p in rules.token_patterns("roles.yaml", "cue"):
            key = f"{p['label']}|{p['id']}" + ("#" if p["pattern"][-1] == NUMBER else "")
            phrases.add(key, [Doc(vocab, words=w.split()) for w in phrases_of(p["pattern"]) if w])
        _MATCHERS[id(vocab)] = phrases
    return _MATCHERS[id(vocab)]


def role_spans(doc: Doc) -> list[Span]:
    """The cue spans of the doc, the longest of overlapping ones kept ("named in memory of")."""
    found = []
    for key, start, end in matcher(doc.vocab)(doc):
        label, rule = doc.vocab.strings[key].split("|")
        if rule.endswith("#"):
            if end >= len(doc) or not doc[end].like_num:
                continue
            rule, end = rule[:-1], end + 1
        found.append(Span(doc, start, end, label=label, span_id=rule))
    return filter_spans(found)


def acronym_officers(doc: Doc) -> list[Span]:
    """"KASB President", "WSSDA Chair": the head of a body written as an acronym."""
    lowers = lower_words(doc)
    return [Span(doc, i, i + 1, label="officer", span_id="role.officer") for i, w in enumerate(lowers)
            if i and w in OFFICERS and doc[i - 1].is_upper and len(doc[i - 1]) >= 3]


def is_size_remark(span: Span, program: Found | None) -> bool:
    """"Kansas' largest district", "the state's second-largest system": a superlative after a
    possessive that sizes up one district, not a place in a ranking ("largest districts"); and
    without one, a size word before one district ("the largest district in the area") or after
    "one of" ("one of the smallest districts in the state"), in an article whose recognition is
    not a list by that size."""
    if span.id_ != "role.ranked":
        return False
    doc, lowers = span.doc, lower_words(span.doc)
    before, after = lower_before(doc, span.start, SIZE_REMARK_REACH), lowers[span.end:span.end + 2]
    if any(w in POSSESSIVES for w in before):
        return not any(w in HONOREE_NOUNS for w in after)
    word = lowers[span.start]
    return (word in SIZES and (bool(set(after) & ONE_DISTRICT) or "one of" in " ".join(before))
            and not (program and word in str(program.value).lower()))


def is_hiring(span: Span, posts: list[int]) -> bool:
    """"The board selected Dr. Lee as its next superintendent": a "received" cue shortly before a
    post being filled (an appointment span, within its sentence) hires a person."""
    if span.id_ != "role.received":
        return False
    k = bisect.bisect_left(posts, span.end)
    return k < len(posts) and posts[k] - span.end < ASIDE_WINDOW and span.doc[posts[k]].sent == span.sent


def is_quantity(span: Span) -> bool:
    """"More than 20,000 students: Elm USD": an aside word inside a quantity, not a comparison."""
    doc = span.doc
    return (span.label_ == "aside" and span.start > 0 and doc[span.start - 1].lower_ in QUANTIFIERS
            and span.end < len(doc) and doc[span.end].like_num)


def is_headcount(span: Span) -> bool:
    """"serves 12,000 students": a "serves N" that counts students, not districts or customers."""
    doc = span.doc
    return span.label_ == "customers" and (span.end >= len(doc) or doc[span.end].lower_ not in CUSTOMER_NOUNS)


def is_attempt(span: Span) -> bool:
    """"on their first application", "the largest district to apply": the attempt, not a denial."""
    doc, i = span.doc, span.start
    return span.label_ == "not_yet" and i >= 2 and (
        doc[i - 1].lower_ in ATTEMPT_ORDINALS or doc[i - 1].lower_ == "to" and doc[i - 2].lower_ in APPLICANT_NOUNS)


def is_of_a_thing(span: Span) -> bool:
    """"AP courses it doesn't offer in person": a denial inside a clause about a thing (a pronoun or
    "that" after a noun), not of the district's recognition ("Elm said it did not apply" still is one)."""
    doc, i = span.doc, span.start
    return span.label_ == "not_yet" and i >= 2 and doc[i - 1].lower_ in RELATIVE_SUBJECTS \
        and doc[i - 2].is_lower and doc[i - 2].is_alpha and doc[i - 2].lower_ not in SAYING


RELATIVE_SUBJECTS = {"it", "they", "we", "that", "which"}
SAYING = rules.words("roles.yaml", "saying")


def is_coursework(span: Span) -> bool:
    """"earn college credit", "earn industry certifications": what students earn, not a recognition."""
    doc = span.doc
    return span.label_ == "cue" and span[-1].lower_ in EARN_VERBS and any(
        t.lower_ in EARNED_BY_STUDENTS for t in doc[span.end:span.end + EARNED_REACH])


EARNED_REACH = 3  # words after "earn" that hold what is earned ("earn an associate degree")


def is_negated(span: Span) -> bool:
    """"This is one parent's view, not a ranking.", "never ranked": a cue that is denied."""
    if span.label_ != "cue":
        return False
    before = lower_before(span.doc, span.start, NEGATION_REACH)
    return any(w in NEGATIONS for w in before) and not any(w in NEGATION_BREAKERS for w in before)


def joined_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The doc's sentences, one that opens in lower case on the same line joined to the one before:
    the split was at an abbreviation ("Jefferson County Schools, in Charles Town, W.Va., | also
    applied ...")."""
    joined: list[tuple[int, int]] = []
    for start, end in sentence_bounds(doc):
        if joined and doc[start].is_lower and "\n" not in doc[start - 1].text_with_ws:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def article(doc: Doc, program: Found | None) -> Article:
    text = text_of(doc)
    art = Article(doc, text, joined_sentences(doc), line_starts(text))
    awards = program_spans(doc, program)
    award_chars = [(a.start_char, a.end_char) for a in awards]
    found = [*role_spans(doc), *acronym_officers(doc)]
    posts = [s.start for s in found if s.label_ == "appointment"]
    for span in found:
        if (is_size_remark(span, program) or is_negated(span) or is_quantity(span) or is_headcount(span)
                or is_coursework(span) or is_attempt(span) or is_of_a_thing(span)
                or is_hiring(span, posts)):
            continue
        start, end = span.start_char, span.end_char
        if not any(a <= start and end <= z for a, z in award_chars):
            art.spans.setdefault(span.label_, []).append(span)  # not the "Partner" of "Partner Award"
    art.cues = sorted([*(Cue(s.start_char, s.end_char, s.id_) for s in art.spans.get("cue", [])),
                       *(Cue(s.start_char, s.end_char, "role.program") for s in awards)], key=lambda c: c.start)
    art.about_recognition = recognition_subject(art, program)
    art.announced = art.about_recognition is not None and not not_yet(art, art.sentence(art.about_recognition.start))
    art.body_end = body_end(art)
    return art


def body_end(art: Article) -> int:
    """Where the article's body ends: the first "Sign up for", "Leave a comment" line after the
    recognition is announced (the end of the text if there is none)."""
    after = art.about_recognition.end if art.about_recognition else 0
    for span in art.spans.get("end", []):
        lo, _ = art.line(span.start_char)
        if span.start_char >= after and art.text[lo:span.start_char].strip() == "":
            return lo
    return len(art.text)


def section_end(art: Article) -> int:
    """Where the recognition's section ends in a recap or newsletter whose recognition sits
    under a heading in capitals of its own ("STATE RECOGNITION", "MEMBER SPOTLIGHT" right above
    it; not a masthead's "FOR IMMEDIATE RELEASE"): at the next such heading ("BUSES",
    "LEGISLATIVE UPDATE"). A heading that names a place or a group ("NORTH CAROLINA", "GOLD
    TIER"), one with a cue ("FINALISTS") or a district's name, and one over entries that each
    open with a district ("- Elm USD") sort or go on about the honorees: none ends the section."""
    subject = art.about_recognition
    if subject is None:
        return len(art.text)
    at = bisect.bisect_right(art.line_starts, subject.start) - 1
    if KEY_VALUE.match(art.text[art.line_starts[at]:art.line(art.line_starts[at])[1]]):
        # "Awards: Elm ISD was named ..." is one item of a roundup: it ends at the next item ("Facilities: ...")
        nxt = next((lo for lo in art.line_starts[at + 1:] if is_topic_item(art, lo)), None)
        if nxt is not None:
            return nxt
    above = [lo for lo in art.line_starts[1:at] if art.text[lo:art.line(lo)[1]].strip()][-1:]
    # (the heading right above may announce the recognition itself: "FAIRBORN RECOGNIZED FOR STUDENT GROWTH")
    if not any(is_section_heading(art, lo, announcing=lo in above) or (is_subheading(art, lo) and prose_before(art, lo))
               for lo in [*above, art.line_starts[at]]):
        return len(art.text)  # the recognition is not one section of several
    for lo in art.line_starts[at + 1:]:
        if (is_section_heading(art, lo) or is_subheading(art, lo)) and not over_entries(art, art.line(lo)[1]):
            return lo
    return len(art.text)


def is_topic_item(art: Article, lo: int) -> bool:
    """A newsletter's or a board recap's item under a topic label: "Facilities: Elm ISD broke ground ..."."""
    line = art.text[lo:art.line(lo)[1]].strip()
    return bool(KEY_VALUE.match(line)) and line.split(":", 1)[0].lower() in ITEM_TOPICS


def is_subheading(art: Article, lo: int) -> bool:
    """"CTE summit set for June": a heading in sentence case, a short line on its own between
    blank lines, without a sentence's final stop, a district's name or a cue (but the program's)."""
    hi = art.line(lo)[1]
    line = art.text[lo:hi].strip()
    k = bisect.bisect_left(art.line_starts, lo)
    blank = lambda j: j < 0 or j >= len(art.line_starts) or not art.text[art.line_starts[j]:art.line(art.line_starts[j])[1]].strip()
    return (k > 0 and bool(line) and line[0].isupper() and any(c.islower() for c in line)
            and len(line.split()) <= SUBHEADING_WORDS and not line.endswith(tuple(".?!:,;\"”’)"))
            and blank(k - 1) and blank(k + 1) and not BULLET.match(line) and not KEY_VALUE.match(line)
            and names_nothing(art, lo, hi, line))


def prose_before(art: Article, lo: int) -> bool:
    """A paragraph of prose stands between the text's first line and the line at lo: the
    heading at lo opens one section of several, not the article's body after its byline."""
    for start in art.line_starts[1:bisect.bisect_left(art.line_starts, lo)]:
        line = art.text[start:art.line(start)[1]].strip()
        if len(line.split()) > SHORT_ENTRY_WORDS and line.endswith((".", "?", "!", '"', "”")):
            return True
    return False


def is_section_heading(art: Article, lo: int, announcing: bool = False) -> bool:
    """A short line in capitals that names nothing (names_nothing), or, `announcing`, that may."""
    hi = art.line(lo)[1]
    line = art.text[lo:hi].strip()
    return (bool(SECTION_HEADING.fullmatch(line)) and len(line.split()) <= SECTION_HEADING_WORDS
            and (announcing or names_nothing(art, lo, hi, line)))


def names_nothing(art: Article, lo: int, hi: int, line: str) -> bool:
    """A heading's line (lo..hi) names no place or group, no cue but the program's, and no district:
    it opens another section, it does not sort or go on about the honorees."""
    return (not is_place_name(line) and not any(lo <= c.start < hi and c.rule != "role.program" for c in art.cues)
            and not any(lo <= a < hi for a, _ in art.names))


def over_entries(art: Article, hi: int) -> bool:
    """The next line that is not blank is an entry that opens with a district's name, after any
    bullet ("- Elm USD", not a paragraph that starts with one)."""
    k = bisect.bisect_left(art.names, (hi, 0))
    if k == len(art.names):
        return False
    lo = art.line(art.names[k][0])[0]
    between = art.text[hi:lo]
    head = art.text[lo:art.names[k][0]]
    return (between.strip() == "" and (head.strip() == "" or bool(BULLET.fullmatch(head)))
            and is_entry(art, art.names[k][0]))


def is_place_name(line: str) -> bool:
    """"NORTH CAROLINA", "SOUTH REGION", "CLARK COUNTY": a heading naming a place or a region."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z.'’-]*", line)]
    title = " ".join(w.title() for w in words)
    return (title in gazetteer.state_forms() or gazetteer.is_place(title)
            or any(w.lower() in DIRECTIONS or w.lower() in GROUPINGS for w in words))


def program_spans(doc: Doc, program: Found | None) -> list[Span]:
    """Every award name the article names (programs.award_names), and every repetition of the
    article's program, in the singular too ("Biliteracy Leaders" / "a 2024 Biliteracy Leader")."""
    found = list(award_names(doc))
    if program is not None:
        name = str(program.value)
        for m in re.finditer(re.escape(name[:-1]) + "s?" if name.endswith("s") else re.escape(name), text_of(doc)):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                found.append(span)
    return found


def _opens_a_list(art: Article, char: int) -> bool:
    """The line holding char ends with a colon, or is a heading over the lines below ("Winners by category")."""
    lo, hi = art.line(char)
    line = art.text[lo:hi].strip()
    return line.endswith(":") or len(line.split()) <= SUBHEADING_WORDS and not line.endswith((".", "?", "!"))


def recognition_subject(art: Article, program: Found | None) -> Cue | None:
    """The article is about a recognition: it has a program, or it is a ranking table."""
    if program is not None:
        return Cue(program.start, program.end, "role.program")
    for start in art.line_starts:
        m = RANK_HEADER.match(art.text, start)
        if m and len(art.text[start:art.line(start)[1]].replace("|", " ").split()) <= 10:
            return Cue(m.start(1), m.end(1), "role.rank_table")
    # "The department recognized 12 districts on Tuesday ...", "Each winning district receives ...":
    # an unnamed recognition in the lead that the districts receive (not "helps districts ... where
    # pay has long ranked near the bottom")
    for c in art.cues:
        if c.start >= LEAD_CHARS:
            break
        sent = art.sentence(c.start)
        last = art.text[c.start:c.end].lower().split()[-1]  # "each winning district"; "The finalists ... are:"
        names_its_honorees = last in DISTRICT_NOUNS or last in HONOREE_GROUPS and _opens_a_list(art, c.start)
        if c.rule in STANDALONE_CUES and (names_its_honorees or {t.lower_ for t in sent if t.idx >= c.end} & HONOREE_NOUNS):
            return Cue(c.start, c.end, "role.lead")
        # "The following districts earned a spot on this year's honor roll:" over the list of them
        lo, hi = art.line(c.start)
        if c.rule == "role.received" and art.text[lo:hi].rstrip().endswith(":") \
                and {t.lower_ for t in sent if t.idx < c.start} & HONOREE_NOUNS:
            return Cue(c.start, c.end, "role.lead")
    return None


# ---------------------------------------------------------------- mentions

def mentions(art: Article, district: dict) -> list[tuple[int, int]]:
    """Where the district is named: its evidence offsets and every repetition of its names."""
    if id(district) not in art._mentions:
        spots = {(e["start"], e["end"]) for e in district.get("evidence", []) if e["field"] in {"name", "alias"}}
        for form in {district["name"], *district.get("aliases", [])}:
            spots |= {o for o in occurrences(art.text, form) if not _names_another(art, *o)}
        art._mentions[id(district)] = sorted(spots)
    return art._mentions[id(district)]


def _names_another(art: Article, start: int, end: int) -> bool:
    """"Both of Blount County's city school systems", "The Springfield Public Schools Foundation awarded
    ...": the form is the place, or the start of another body's name, not the district."""
    doc, span = art.doc, art.doc.char_span(start, end)
    return span is not None and (place_of_districts(doc, span.end) or span.end < len(doc)
                                 and doc[span.end].is_title and doc[span.end].lower_ in LONGER_NAMES)


def occurrences(text: str, form: str) -> list[tuple[int, int]]:
    """Where `form` stands in the text as whole words ("Rio", not the "Rio" of "Rios")."""
    return [(at, end) for at, end in find_all(text, form)
            if not (at and _word_char(text[at - 1])) and not (end < len(text) and _word_char(text[end]))]


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_-"


# ---------------------------------------------------------------- checks

def _labelled(art: Article, label: str, lo: int, hi: int) -> list[Span]:
    """The label's spans within characters lo..hi, in the order of their starts (each caller
    only asks whether one of them does something): a bisect over their offsets, read once per label."""
    if label not in art._offsets:
        spans = sorted(art.spans.get(label, []), key=lambda s: s.start_char)
        art._offsets[label] = ([s.start_char for s in spans], [(s.end_char, s) for s in spans])
    starts, ends = art._offsets[label]
    return [s for e, s in ends[bisect.bisect_left(starts, lo):bisect.bisect_right(starts, hi)] if e <= hi]


def is_aside(art: Article, start: int, end: int) -> bool:
    """"former Westfield superintendent", "a graduate of ...", "partnered with ...", "larger
    than ...": a mention that is someone's past employer, a partner or a comparison;
    or one in a sentence about applying for a recognition or about an award's namesake."""
    sent = art.sentence(start)
    first = art.char_span(start, end)
    if first is None:
        return False
    lo = art.doc[max(sent.start, first.start - ASIDE_WINDOW)].idx
    last = art.doc[min(first.end + OWN_VERB_WINDOW, sent.end) - 1]
    hi = last.idx + len(last) if first.end < sent.end else end
    return (bool(_labelled(art, "aside", lo, end)) or bool(_labelled(art, "aside_after", end, hi))
            or reached(art, sent, first) or is_place(art, sent, first)
            or held_back(art, sent, start, end) or is_memorial(art, sent, start) or compared(art, sent, start, end))


def compared(art: Article, sent: Span, start: int, end: int) -> bool:
    """"Only Elm USD, at 24,000 students, is larger than Oak USD", "Elm USD uses the same
    curriculum but adopted it after Oak USD did": a comparison after the mention, with another
    district named after it, in a sentence without a recognition cue: the mention is the
    district compared with the other one."""
    if any(sent.start_char <= c.start and c.end <= sent.end_char and not _inside(c, art.names) for c in art.cues):
        return False
    mine = art.owners.get((start, end))
    words = [t for t in sent if t.idx >= end and t.lower_ in COMPARATIVES and not in_quantity(t)]
    return bool(words) and any(words[0].idx < a < sent.end_char and art.owners.get((a, b)) != mine
                               for a, b in art.names)


def in_quantity(t) -> bool:
    """The "than" of "more than 72,000 students": a quantity, not a comparison."""
    doc = t.doc
    return (t.i > 0 and doc[t.i - 1].lower_ in QUANTIFIERS and t.i + 1 < len(doc) and doc[t.i + 1].like_num)


def _inside(c: Cue, names: list[tuple[int, int]]) -> bool:
    """The cue is part of a district's name ("Golden Bell School District")."""
    return any(a <= c.start and c.end <= b for a, b in names)


def held_back(art: Article, sent: Span, start: int, end: int) -> bool:
    """A "not yet" span of the sentence bears on the mention: no unambiguous cue of the
    mention's own stands between them ("Elm USD, which won in 2022, was not eligible this year"
    was honoured; "Elm USD was not eligible" was not), nor a joint that turns to another subject
    ("A, B and C were named, along with two districts not yet announced"); and the sentence
    does not go on to the district's own schools' recognition ("Elm USD did not make the list,
    but 14 of its high schools earned one")."""
    def between(lo: int, hi: int, span: Span) -> bool:
        a, z = (end, span.start_char) if span.start_char >= end else (span.end_char, start)
        return a <= lo and hi <= z
    def bears(span: Span) -> bool:
        return not (any(c.rule in STANDALONE_CUES and between(c.start, c.end, span) for c in art.cues)
                    or any(between(b.start_char, b.end_char, span)
                           for b in _labelled(art, "clause_break", sent.start_char, sent.end_char))
                    or schools_recognized(art, sent, span))
    return any(bears(span) for span in _labelled(art, "not_yet", sent.start_char, sent.end_char))


def denies(art: Article, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """"Elm did not apply", "Spokane Public Schools, one of the state's largest districts, did not
    apply this year": a "not yet" span later in the mention's sentence, with no quotation mark and
    no other district between them (not '..., who came to Elm. "The hard part wasn't ..."')."""
    sent = art.sentence(start)
    for span in _labelled(art, "not_yet", end, sent.end_char):
        between = art.text[end:span.start_char]
        if not QUOTE_MARKS.intersection(between) and not any(end <= a < span.start_char for a, _ in names) \
                and not in_apposition(art, sent, start, end, between):
            return held_back(art, sent, start, end)
    return False


def in_apposition(art: Article, sent: Span, start: int, end: int, rest: str) -> bool:
    """The mention stands inside the clause set off by commas after another district's name, whose
    verb the "not yet" span is ("Schaumburg CCSD 54, the elementary district that sends its eighth
    graders to District 214 high schools, is not eligible")."""
    own = art.owners.get((start, end))
    before = [z for a, z in art.names if sent.start_char <= a and z <= start and art.owners.get((a, z)) != own]
    return bool(before) and art.text[before[-1]:start].lstrip().startswith(",") and "," in rest


QUOTE_MARKS = frozenset("\"“”")


def schools_recognized(art: Article, sent: Span, after: Span) -> bool:
    """After the span, the sentence names the district's own schools ("its high schools") and then
    a recognition cue."""
    return any(any(s.end_char <= c.start < sent.end_char for c in art.cues)
               for s in _labelled(art, "own_schools", after.end_char, sent.end_char))


def is_neighbour_or_venue(art: Article, start: int, end: int) -> bool:
    """"the neighboring Gorham School Department", "Union School District, a few miles east,",
    "hosted by Elm USD", "Elm USD in Coon Rapids will host this year's workshop": a neighbour of the
    article's subject or an event's venue (either side of the name), or whose people are guests
    earlier in the sentence ("students from Elm USD also take classes there", "teams from our friends
    at Elm USD"): an honoree only by a cue of its own ("Neighboring Elm USD also had two schools honored")."""
    first = art.char_span(start, end)
    if first is None:
        return False
    sent = art.sentence(start)
    lo = art.doc[max(sent.start, first.start - ASIDE_WINDOW)].idx
    hi = art.doc[min(first.end + ASIDE_WINDOW, sent.end) - 1].idx + 1 if first.end < sent.end else end
    return (bool(_labelled(art, "neighbour", lo, hi)) or bool(_labelled(art, "venue", lo, hi))
            or any(guest_of(art, span, start) for span in _labelled(art, "guest", sent.start_char, start)))


def guest_of(art: Article, span: Span, start: int) -> bool:
    """The guests' span speaks of the mention at start: at most ASIDE_WINDOW words in lower case
    (not names) between them ("teams from our friends at Oak Schools and the Elm USD"; not
    "students from diverse backgrounds to engage in ..., superintendent of Elm USD")."""
    return sum(w[0].islower() for w in art.text[span.end_char:start].split()) <= ASIDE_WINDOW


def is_place(art: Article, sent: Span, first: Span) -> bool:
    """"Haysville USD, just south of Wichita, ...": right after a location's words the name is a
    place (a district's alias as its city), not the district."""
    return any(all(t.lower_ == "the" for t in art.doc[span.end:first.start])
               for span in _labelled(art, "place", sent.start_char, first.start_char))


def reached(art: Article, sent: Span, first: Span) -> bool:
    """"came to Lodi in 2022 from Manteca Unified", "said KASB President Ann Lee, who serves on
    the Elm USD board", "compared with $64,500 in Elm USD and $64,000 in Oak ISD", "works with
    three districts: Elm, Oak and Ash": a career-history, officer, comparison or partner span
    earlier in the sentence reaches the mention, unless the mention is the post a career
    arrived at ("came to Elm USD"), a recognition cue stands between them ("presented the
    award to Elm USD") or a semicolon does (the span is another item's)."""
    for label in REACHING:
        for span in _labelled(art, label, sent.start_char, first.start_char):
            if label in ARRIVALS and all(t.lower_ == "the" for t in art.doc[span.end:first.start]):
                continue
            if ";" in art.text[span.end_char:first.start_char]:
                continue  # another item of a list: "...; Bexley, for its partnership with a hospital; and Elm USD"
            if not any(span.end_char <= c.start and c.end <= first.start_char for c in art.cues):
                return True
    return False


def is_memorial(art: Article, sent: Span, start: int) -> bool:
    """"The award is named in memory of ...": a mention after it is the award's namesake, unless a
    cue comes between ("The Vale Award, named for the late Vale USD board member, went to Elm USD")."""
    return any(m.end_char <= start and not any(m.end_char <= c.start and c.end <= start for c in art.cues)
               for m in _labelled(art, "memorial", sent.start_char, sent.end_char))


def not_yet(art: Article, sent: Span) -> bool:
    """"is applying to become a ...", "if approved": the recognition is not (yet) received."""
    return bool(_labelled(art, "not_yet", sent.start_char, sent.end_char))


def cue_in_sentence(art: Article, start: int, names: list[tuple[int, int]], standalone: bool = False,
                    venue: bool = False) -> Cue | None:
    """The recognition cue nearest the mention in its sentence (not one inside a district's own
    name); with `standalone`, only a cue that needs no program (STANDALONE_CUES); with `venue` (the mention
    is a neighbour's, a venue's or a guest's), not one before the venue words of its sentence ("presented its
    awards at its conference, hosted this year by Elm USD")."""
    sent = art.sentence(start)
    hosts = [s.start_char for s in _labelled(art, "venue", sent.start_char, start)] if venue else []
    inside = [c for c in art.cues if sent.start_char <= c.start and c.end <= sent.end_char
              and not _inside(c, names)
              and (not standalone or c.rule in STANDALONE_CUES)
              and not _anothers_clause(art, c, start, sent.start_char, names)
              and not any(c.end <= b for b in hosts)]
    return min(inside, key=lambda c: abs(c.start - start)) if inside else None


def _anothers_clause(art: Article, c: Cue, start: int, lo: int, names: list[tuple[int, int]]) -> bool:
    """The cue's clause, parted from the mention by a semicolon, has a district of its own before the cue
    ("Fairborn earns state award; Miamisburg sets earlier start"; not "The winners: Elm USD; Oak USD")."""
    a, b = sorted((c.end, start))
    if ";" not in art.text[a:b]:
        return False
    clause = max(lo, art.text.rfind(";", lo, c.start) + 1)
    return any(clause <= n < c.start for n, _ in names)


def is_entry(art: Article, start: int) -> bool:
    """The mention's line is an entry of a list or table, not a line of prose."""
    lo, hi = art.line(start)
    line = art.text[lo:hi]
    stripped = line.strip()
    if (bullet := BULLET.match(line)) is not None:  # (not a board's business: "• approved a calendar that ...")
        return not line[bullet.end():].lstrip()[:1].islower()
    if stripped.startswith("|") and stripped.count("|") > 2 or line.count("\t") >= 2:
        return True  # a row of a pipe or tab table
    if KEY_VALUE.match(line):  # "Alabama: Madison City Schools", not a newsletter's item "Facilities: Elm ... broke ground."
        return not is_topic_item(art, lo) and not (stripped.endswith((".", "!", "?")) and len(stripped.split()) > SHORT_ENTRY_WORDS)
    return len(stripped.split()) <= SHORT_ENTRY_WORDS and not stripped.endswith((".", "?", "!", ":"))


def is_dateline(art: Article, district: dict, start: int, end: int) -> bool:
    """"JUNEAU" over a release from the Juneau School District's city: one word of the
    district's name in capitals is the dateline, not the district (an acronym such as "OPS" is
    not a word of the name; "EVERGREEN SCHOOL DISTRICT" is a heading, not one word)."""
    form = art.text[start:end]
    return form.isupper() and not any(c.isspace() for c in form) and form.title() in district["name"].split()


def in_anothers_description(art: Article, start: int, names: list[tuple[int, int]],
                            own: list[tuple[int, int]]) -> bool:
    """"3. Elm USD — Just east of Oak Grove, Elm runs ...": the mention is in the description
    after the dash of an entry that another district heads."""
    lo, hi = art.line(start)
    dash = ENTRY_DASH.search(art.text, lo, hi)
    return bool(dash and dash.start() < start
                and any(lo <= a and b <= dash.start() and (a, b) not in own for a, b in names))


def list_lead(art: Article, start: int, names: list[tuple[int, int]]) -> Cue | None:
    """What announces the list the mention's line belongs to: the article's recognition when it
    comes before the line, else the last cue before it."""
    lo, _ = art.line(start)
    subject = art.about_recognition
    if subject is not None and subject.end <= lo:
        return subject
    before = [c for c in art.cues if c.end <= lo and not _inside(c, names)]
    return before[-1] if before else None


def honoree_entry(art: Article, start: int, names: list[tuple[int, int]]) -> Cue | None:
    if not is_entry(art, start) or start >= art.section_end:
        return None
    lead = list_lead(art, start, names)
    return Cue(lead.start, lead.end, "role.list_entry") if lead else None


def described(art: Article, start: int) -> Cue | None:
    """A mention in the body of an article that reports a recognition, after the recognition is
    announced (the paragraphs before it, in an article that names the recognition only late,
    are about something else): the recognition's cue. Not in an article about seeking one ("17
    districts are applying to become ...")."""
    subject = art.about_recognition
    if not art.announced or start >= min(art.body_end, art.section_end) or subject is None or start < announced_at(art):
        return None
    return Cue(subject.start, subject.end, "role.described") if subject else None


def announced_at(art: Article) -> int:
    """Where the recognition is first named: its first repetition, or its own cue."""
    first = next((c.start for c in art.cues if c.rule == "role.program"), art.about_recognition.start)
    return min(first, art.about_recognition.start)


# ---------------------------------------------------------------- assignment

def is_link(art: Article, start: int) -> bool:
    """The mention's line links to another page: "Related: Elm ISD names a superintendent"."""
    lo, hi = art.line(start)
    return any(art.text[lo:s.start_char].strip() == "" for s in _labelled(art, "link", lo, hi))


def opens_paragraph(art: Article, start: int, names: list[tuple[int, int]]) -> bool:
    """The mention is its paragraph's first district name, or coordinated with it ("Teachers in
    A, B, and C ...", "A, B in Half Moon Bay, C and D"): the paragraph is about it, not a passing
    mention of a neighbour. In a paragraph that opens by speaking of the honorees as a group
    ("Innovations by this year's winners ...", "... throughout these districts."), each
    sentence's first district name (and those coordinated with it) opens a part about it."""
    lo, _ = art.line(start)
    if honorees_paragraph(art, lo, names):
        lo = max(lo, art.sentence(start).start_char)
    return first_named(art, lo, start, names)


def honorees_paragraph(art: Article, lo: int, names: list[tuple[int, int]]) -> bool:
    """The paragraph at lo opens with a sentence that names no district and speaks of the
    honorees as a group: "this year's winners", "these districts"."""
    first = art.sentence(lo)
    if first.start_char < lo or any(first.start_char <= a < first.end_char for a, _ in names):
        return False
    words = [t.lower_ for t in first]
    return any(w in HONOREE_GROUPS or (w in GROUP_DEMONSTRATIVES and nxt in HONOREE_NOUNS)
               for w, nxt in zip(words, [*words[1:], ""]))


def first_named(art: Article, lo: int, start: int, names: list[tuple[int, int]]) -> bool:
    """The mention is the first district name after lo, or coordinated with it."""
    k = bisect.bisect_left(names, (lo, 0))
    if k < len(names) and ANAPHOR.search(art.text, lo, names[k][0]):
        return False  # "The district last had ... Crook County, its neighbor, ...": about another
    while k < len(names) and names[k][0] < start:
        if not JOINER.fullmatch(art.text[names[k][1]:names[k + 1][0] if k + 1 < len(names) else start]):
            return False
        k += 1
    return True


def in_contrast(art: Article, start: int) -> bool:
    """"Not every district is expanding. Elm USD cut ...", "Not everyone who applied came away
    with money. Elm USD ...": the mention's paragraph turns, before it, to the districts outside
    the honorees (a sentence that opens with a contrast span)."""
    lo, _ = art.line(start)
    return any(art.sentence(span.start_char).start_char == span.start_char
               for span in _labelled(art, "contrast", lo, start))


def recognition(art: Article, district: dict, names: list[tuple[int, int]], alone: bool = False) -> Cue | None:
    """The cue that makes the district an honoree, or None. A district the article introduces
    as an aside (someone's former district), names as a neighbour or denies the recognition is an
    honoree only by a cue in its own sentence, not as the subject of a paragraph."""
    own = mentions(art, district)
    introduced_aside = bool(own) and (is_aside(art, *own[0]) or is_neighbour_or_venue(art, *own[0]))
    # "Elm School District" heading a paragraph that says "Elm did not apply": denied in a sentence
    # of its own, it is an honoree only by a cue in a sentence, not by its entry or the article's subject
    denied = any(denies(art, start, end, names) for start, end in own)
    for start, end in own:
        if (is_aside(art, start, end) or is_link(art, start) or is_dateline(art, district, start, end)
                or in_anothers_description(art, start, names, own)):
            continue
        near = art.about_recognition is not None and is_neighbour_or_venue(art, start, end)
        if art.about_recognition is None:
            cue = cue_in_sentence(art, start, names, standalone=True)
        elif introduced_aside or denied or near or in_contrast(art, start):
            cue = cue_in_sentence(art, start, names, venue=near)
        else:
            cue = (cue_in_sentence(art, start, names) or honoree_entry(art, start, names)
                   or (described(art, start) if alone or opens_paragraph(art, start, names) else None))
        if cue is not None:
            return cue
    return None


def story_subject(art: Article, districts: list[dict]) -> dict | None:
    """"LA GRANDE, Ore. — When the La Grande School District could not fill ... This month the
    program was one of five to win ...": an article that reports a recognition in a sentence
    naming no district, after naming one first, is about that district (when no cue names another)."""
    if not art.announced or art.about_recognition is None or not art.names:
        return None
    sent = art.sentence(announced_at(art))
    if any(sent.start_char <= a < sent.end_char for a, _ in art.names) or art.names[0][0] >= sent.start_char:
        return None
    first = art.owners.get(art.names[0])
    return next((d for d in districts if id(d) == first), None)


def assign_roles(doc: Doc, districts: list[dict], program: Found | None) -> None:
    """Set each district's "role"; a recognized one gets its cue as "role" evidence."""
    art = article(doc, program)
    names = sorted(spot for d in districts for spot in mentions(art, d))
    art.names = names
    art.owners = {spot: id(d) for d in districts for spot in mentions(art, d)}
    art.section_end = section_end(art)
    cues = {id(d): recognition(art, d, names, len(districts) == 1) for d in districts}
    if districts and not any(cues.values()):
        subject = story_subject(art, districts)
        if subject is not None:
            cues[id(subject)] = Cue(art.about_recognition.start, art.about_recognition.end, "role.story_subject")
    for d in districts:
        cue = cues[id(d)]
        d["role"] = "recognized" if cue else "mentioned"
        if cue is not None:
            d.setdefault("evidence", []).append(
                {"field": "role", "value": "recognized", "text": art.text[cue.start:cue.end],
                 "start": cue.start, "end": cue.end, "rule": cue.rule})
