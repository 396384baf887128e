"""The article's program: the award, list or recognition it is about, as written, with evidence.

Candidates are the matches of the "programs" component (extractors/patterns/programs.yaml, one
rule family per way award names are written), found head first by extractors/program_matcher.py
(the award heads are looked up in the doc's word array and the title-case name grows leftwards
from each head). This module then trims each match to the name, drops what is not a
program (a category such as "Grand Prize", an appointment, a size remark) and takes the first
that is left. It reads only the Doc, so assemble.py and roles.py can both use it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from extractors import rules
from extractors.rules import check
from extractors.values import POSSESSIVE, Found, text_of

FILE = "programs.yaml"
W = {k: rules.words(FILE, k) for k in rules.lexicon(FILE)}  # the word lists of programs.yaml
HEADS_LOWER = frozenset(w.lower() for w in W["heads"])
DISTRICT_NAME_HEADS = frozenset(e.split()[-1] for e in W["district_name_ends"])  # "Schools Program": no name
DESIGNATOR_WINDOW = 8  # tokens before a quoted name that may hold its designation verb
HEADLINE_LINES = 3     # non-empty lines at the top of a page where its headline may be
NAMED_AS_WINDOW = 16   # tokens between "named nine districts" (or two names) and "as ..."
YEAR_DIGITS = 4        # "2025"
REPEATED = 2           # times a name with a comma is written, for the comma to be part of it


# ---------------------------------------------------------------- trimming

def trimmed(span: Span) -> list[Token]:
    """The name inside a match: no leading "the 2024", no trailing "(BCME) program" or quote."""
    toks = list(span)
    trim = options(span.id_)["trim"]
    if trim == "as_written":  # "The List: Triangle's largest school districts", a title kept whole
        return toks[:-1] if toks and toks[-1].is_punct else toks
    if trim == "after_possessive":  # "named Louisiana's 2025 Literacy Leader District" -> "Literacy ..."
        toks = toks[next(i for i, t in enumerate(toks) if t.text in POSSESSIVE) + 1:]
    if trim == "comma_if_repeated":  # "Small Schools, Big Ideas Prize" written twice; else after the comma
        comma = next(i for i, t in enumerate(toks) if t.text == ",")
        whole = span.doc[toks[comma - 1].i:toks[-1].i + 1].text if comma else ""
        if text_of(span.doc).count(whole) < REPEATED:
            toks = toks[comma + 1:]
    if trim == "after_of":  # "list of Best Communities for Music Education" -> "Best Communities ...",
        toks = toks[next(i for i, t in enumerate(toks) if t.lower_ == "of") + 1:]  # "one of its Rural Exemplars"
    if trim == "before_paren":  # "STEM BEST (SB) program" -> "STEM BEST"
        toks = toks[:next(i for i, t in enumerate(toks) if t.text == "(")]
    while toks and (toks[0].lower_ in W["leading"] | W["title_function_words"] or toks[0].like_num
                    and not (toks[0].is_title and toks[0].lower_ in W["name_numbers"]) or toks[0].is_punct):
        # "with the KSSA ... Award", "the 2024 ...": a name starts at a name word ("Four Star" keeps its "Four")
        toks = toks[1:]
    while toks and (toks[-1].text in W["trailing"] | W["title_function_words"] or toks[-1].is_punct
                    or is_year(toks[-1]) and len(toks) > 2 and toks[-2].lower_ in {"for", "in", "of"}):
        toks = toks[:-1]  # lower-case "award", not "Awards"; "About the prize": no name ends in "the";
        # "High-Performing Districts for 2025"
    if trim == "at_head":  # "AP Honor Roll Spot": the name ends at its head word
        last = max((i for i, t in enumerate(toks) if t.text in W["heads"]), default=len(toks) - 1)
        toks = toks[:last + 1]
    return toks


# ---------------------------------------------------------------- checks

def is_category(toks: list[Token]) -> bool:
    """"Grand Prize", "Silver Award", "District Award", a section label "STATE RECOGNITION": a level
    of an award, not its name (in capitals or not)."""
    words = [t.lower_ for t in toks if t.is_alpha]
    return len(toks) < 2 or all(w in W["levels"] or w in HEADS_LOWER for w in words)


def ends_in_head(toks: list[Token]) -> bool:
    return bool(toks) and toks[-1].text in W["heads"]


def is_verb_head(doc: Doc, span: Span) -> bool:
    """"Advocacy Groups Honor Innovative School Districts", "Foundation Awards $4.1 Million in
    Grants", "Council Awards 12 Districts": the head word is the headline's verb (its object follows:
    a name, "the", an amount)."""
    nxt = doc[span.end] if span.end < len(doc) else None
    return span[-1].text in W["verb_heads"] and nxt is not None and (
        nxt.is_title or nxt.lower_ == "the" or nxt.is_currency or nxt.like_num and not is_year(nxt))


def is_year(tok: Token) -> bool:
    """"2025" of "Golden Bell Awards 2025": an edition, not an amount."""
    return tok.text.isdecimal() and len(tok.text) == YEAR_DIGITS


def line_of(doc: Doc, span: Span) -> tuple[int, int]:
    """The character range of the line (or lines) the match stands on."""
    text = text_of(doc)
    end = text.find("\n", span.end_char)
    return text.rfind("\n", 0, span.start_char) + 1, end if end >= 0 else len(text)


def fills_line(doc: Doc, span: Span) -> bool:
    """The match is the whole of its line ("2024-25 District Honor Roll" under the organisation's name)."""
    lo, hi = line_of(doc, span)
    return text_of(doc)[lo:hi].strip() == span.text.strip()


def is_headline_title(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """A name of level words that is a headline line of its own, not in capitals (a section label,
    "STATE RECOGNITION", is): the page's title, "District Honor Roll", not a category of it."""
    return (len(toks) >= 2 and not all(t.is_upper for t in toks if t.is_alpha)
            and in_headline(doc, span) and fills_line(doc, span))


def names_an_organisation(toks: list[Token]) -> bool:
    """The name, its award and program words set aside, ends in an organisation's word
    ("... Foundation", "... Alliance for Public Schools") or a district name's ending ("City Schools")."""
    words = [t.text for t in toks]
    while words and (words[-1] in W["heads"] or words[-1].lower() in W["program_words"]):
        words.pop()
    return bool(words) and (words[-1] in W["organisations"] or " ".join(words[-2:]) in W["district_name_ends"]
                            or len(words) == 1 and words[0] in DISTRICT_NAME_HEADS)


def is_appointment(toks: list[Token]) -> bool:
    """"Names New Superintendent": a post, not an award."""
    return toks[-1].lower_ in W["appointments"]


def named_before(doc: Doc, span: Span, words: set[str], window: int) -> bool:
    """One of `words` shortly before the match, in its sentence: 'named the nation's "Most ..."',
    "named nine districts as 2024 Spotlight Districts"."""
    before = doc[max(span[0].sent.start, span.start - window):span.start]
    return any(t.lower_ in words for t in before)


def reports_recognition(span: Span) -> bool:
    """The sentence of a bare "X program" speaks of an award, a grant, honorees."""
    return any(t.lower_ in W["recognition_words"] for t in span.sent)


def on_first_line(doc: Doc, span: Span) -> bool:
    """The match is on the article's first line of text."""
    first = next((t for t in doc if not t.is_space), None)
    return first is not None and "\n" not in text_of(doc)[first.idx:span.start_char]


def headline_end(doc: Doc) -> int:
    """Where the article's first HEADLINE_LINES non-empty lines end (a page may open with a
    section label, "Learning & Activities", before its headline)."""
    if "headline_end" not in doc.user_data:
        end, seen = 0, 0
        for line in text_of(doc).split("\n"):
            end += len(line) + 1
            seen += bool(line.strip())
            if seen == HEADLINE_LINES:
                break
        doc.user_data["headline_end"] = end
    return doc.user_data["headline_end"]


def in_headline(doc: Doc, span: Span) -> bool:
    """The match is in the headline zone, on a line that is not a menu ("News | Sports")."""
    lo, hi = line_of(doc, span)
    return span.start_char < headline_end(doc) and "|" not in text_of(doc)[lo:hi]


def is_size_remark(doc: Doc, span: Span) -> bool:
    """"Georgia's fifth-largest school district", "one of the largest districts in the state",
    "the largest district in Mississippi": a remark about one district's size, not the title
    of a ranking ("the state's top 10 school districts by enrollment" is one)."""
    if span[0].lower_ == "top":
        return False
    if any(t.lower_ == "district" for t in span) and not any(t.lower_ in {"every", "each", "all"} for t in span):
        return True
    prev = [t.lower_ for t in doc[max(0, span.start - 3):span.start]]
    return bool(prev) and (prev[-1] in POSSESSIVE | {"-"} or "one of" in " ".join(prev))


# ---------------------------------------------------------------- rule checks

@check("quoted_designation")
def quoted_designation(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """A quoted name after 'named', 'earned the title', or one that ends in an award word."""
    return named_before(doc, span, W["designators"], DESIGNATOR_WINDOW) and not is_appointment(toks) or ends_in_head(toks)


@check("not_an_organisation")
def not_an_organisation(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """"The Illinois Alliance for Public Schools (IAPS) honor roll", "the Lakewood City Schools
    program": the name before the program word is an organisation's or a district's, not the
    program's."""
    return not names_an_organisation(toks)


@check("headline_name")
def headline_name(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'... named Best Communities for Music Education' ending the first line (or before the giver:
    '... named 2025 Biliteracy Leaders by national group'), or an award word ('named the Elm Grove
    board its ...' is not a name)."""
    text = text_of(doc)
    line_end = text.find("\n", span.end_char)
    rest = text[span.end_char:line_end if line_end >= 0 else None].strip()
    ends_line = not rest or rest[0] in ":;,|-–—(" or rest.split(maxsplit=1)[0] in GIVER_WORDS
    return on_first_line(doc, span) and ends_line and not is_appointment(toks) or ends_in_head(toks)


GIVER_WORDS = {"by", "from"}  # after a headline's name: who gave it


@check("in_the_headline")
def in_the_headline(doc: Doc, span: Span, toks: list[Token]) -> bool:
    return in_headline(doc, span)


@check("designation_name")
def designation_name(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'named a ... distinguished district', not 'named a new superintendent' nor 'named a 2025
    District' (of Distinction): a word of its own before the head; nor a district's own name
    right after the verb ('named Harlan Community School District a winner')."""
    own_name = toks[1].is_title and [t.text for t in toks[-2:]] == ["School", "District"]
    return not is_appointment(toks) and not own_name \
        and any(t.is_alpha and t.lower_ not in W["designated_heads"] for t in toks)


@check("ranking_title")
def ranking_title(doc: Doc, span: Span, toks: list[Token]) -> bool:
    return not is_size_remark(doc, span)


@check("bare_program")
def bare_program(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'the STEM BEST program' beside a recognition, not 'launched the Reading Buddies Program' nor
    what the district is honored for ('honored for its International Baccalaureate program')."""
    i = toks[0].i
    reason = (i >= 1 and doc[i - 1].lower_ == "for") or (
        i >= 2 and doc[i - 2].lower_ == "for" and doc[i - 1].lower_ in W["reason_determiners"])
    return reports_recognition(span) and (len(toks) >= 2 or toks[0].is_upper) and not reason


@check("named_as")
def named_as(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'named nine districts as 2024 Spotlight Districts'."""
    return named_before(doc, span, W["naming_verbs"], NAMED_AS_WINDOW) and not is_appointment(toks)


@check("listed_by")
def listed_by(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'named to the foundation's list of Best Communities ...', 'landed on the state's list of
    High-Performing Districts', 'named Elm USD one of its 2025 Rural Exemplars': a naming or listing
    verb shortly before."""
    return named_before(doc, span, W["naming_verbs"] | W["list_verbs"], NAMED_AS_WINDOW) and not is_appointment(toks)


@check("opens_headline_line")
def opens_headline_line(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'The List: Triangle's largest school districts' at the start of a headline line, naming what
    it lists; not "a reading list: ..." in a sentence, nor "List: pencils and paper"."""
    return (in_headline(doc, span) and text_of(doc)[line_of(doc, span)[0]:span.start_char].strip() == ""
            and any(t.lower_ in W["listed"] for t in span))


@check("list_heading")
def list_heading(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'2025 Code the Coast grantees' alone on its line, over the list or table of them."""
    return fills_line(doc, span)


@check("titled_designation")
def titled_designation(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'named an Ohio Attendance Champion', a headline's 'the 2025 Community Champions'; not a
    passing 'a community champion' in a profile, nor a post ("the district's Wellness Champion")."""
    after_possessive = span.start > 0 and doc[span.start - 1].text in POSSESSIVE
    return (in_headline(doc, span) and not after_possessive
            or named_before(doc, span, W["naming_verbs"], NAMED_AS_WINDOW))


@lru_cache(maxsize=None)
def _options() -> dict[str, dict[str, Any]]:
    """Per rule id, what its patterns in programs.yaml ask for: `checks` (functions registered
    above, run in order), `trim` (before_paren, after_of, at_head, as_written, comma_if_repeated) and
    `levels_ok` (a name of level words only, "top 10 school districts", is fine)."""
    out: dict[str, dict[str, Any]] = {}
    for rule in rules.load_yaml(FILE)["patterns"]:
        opts = {"checks": tuple(rule.get("checks", [])), "trim": rule.get("trim"),
                "levels_ok": bool(rule.get("levels_ok"))}
        if out.setdefault(rule["id"], opts) != opts:
            raise ValueError(f"{FILE}: the patterns of {rule['id']} disagree on checks/trim/levels_ok")
        rules.checks_of(rule)  # an unknown check name fails here, at load
    return out


def options(rule_id: str) -> dict[str, Any]:
    return _options()[rule_id]


def accepted(doc: Doc, span: Span, toks: list[Token]) -> bool:
    opts = options(span.id_)
    if not toks or is_verb_head(doc, span):
        return False
    if is_category(toks) and not opts["levels_ok"] and not is_headline_title(doc, span, toks):
        return False
    return all(rules.CHECKS[name](doc, span, toks) for name in opts["checks"])


def judged(doc: Doc) -> list[tuple[Span, list[Token], bool]]:
    """Each "programs" match, its name (trimmed) and whether it is accepted as a program: judged
    once per doc, for program() and award_names() both."""
    if "programs_judged" not in doc.user_data:
        # the matches come longest first: of overlapping ones the longest accepted stays (a rejected
        # longer one, "named a 2025 District", does not hide "District of Distinction"), and of the
        # rejected ones the longest; a match inside an accepted one is not judged at all
        kept, taken, rejected = [], set(), []

        def free(span: Span) -> bool:
            return span.start not in taken and span.end - 1 not in taken

        def keep(span: Span, toks: list[Token], ok: bool) -> None:
            kept.append((span, toks, ok))
            taken.update(range(span.start, span.end))

        for span in doc.spans["programs"] if "programs" in doc.spans else []:
            if not free(span):
                continue
            toks = trimmed(span)
            if accepted(doc, span, toks):
                keep(span, toks, True)
            else:
                rejected.append((span, toks, False))
        for span, toks, ok in rejected:
            if free(span):
                keep(span, toks, ok)
        doc.user_data["programs_judged"] = sorted(kept, key=lambda x: x[0].start)
    return doc.user_data["programs_judged"]


def award_names(doc: Doc) -> tuple[Span, ...]:
    """Every award, list or recognition the article names, trimmed to the name: the program
    candidates, and award levels such as "Grand Prize" (a cue for roles.py, never a program).
    Found once per doc (checks.not_a_program asks for every district candidate)."""
    if "award_names" not in doc.user_data:
        doc.user_data["award_names"] = tuple(
            doc[toks[0].i:toks[-1].i + 1] for span, toks, ok in judged(doc)
            if toks and (ok or ends_in_head(toks) and not is_verb_head(doc, span)))
    return doc.user_data["award_names"]


def award_texts(doc: Doc) -> tuple[str, ...]:
    """The award names' texts, once per doc."""
    if "award_texts" not in doc.user_data:
        doc.user_data["award_texts"] = tuple(n.text for n in award_names(doc))
    return doc.user_data["award_texts"]


def program(doc: Doc) -> Found | None:
    """The award, list or recognition the article is about: the first one its headline names,
    else the first named in a sentence that reports a recognition (not a menu's "Teacher of the
    Year" link), else the first one named."""
    candidates = [(span, toks) for span, toks, ok in judged(doc) if ok]
    if not candidates:
        return None
    span, toks = next((c for c in candidates if in_headline(doc, c[0])),
                      next((c for c in candidates if reports_recognition(c[0])), candidates[0]))
    return Found(doc[toks[0].i:toks[-1].i + 1].text, toks[0].idx, toks[-1].idx + len(toks[-1]), span.id_)
