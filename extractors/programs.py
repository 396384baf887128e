"""The article's program: the award, list or recognition it is about, as written, with evidence.

Candidates are the "programs" SpanRuler's matches (extractors/patterns/programs.yaml, one rule
family per way award names are written); this module trims each one to the name, drops what
is not a program (a category such as "Grand Prize", an appointment, a size remark) and takes
the first that is left. It reads only the Doc, so assemble.py and roles.py can both use it.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractors import rules

LEX = rules.lexicon("programs.yaml")
LEVELS = set(LEX["levels"])
HEADS = set(LEX["heads"])
LEADING = set(LEX["leading"])
TRAILING = set(LEX["trailing"])
DESIGNATORS = set(LEX["designators"])
VERB_HEADS = set(LEX["verb_heads"])
RECOGNITION_WORDS = set(LEX["recognition_words"])
APPOINTMENTS = set(LEX["appointments"])
POSSESSIVE = {"’s", "'s", "’", "'"}
DESIGNATOR_WINDOW = 8  # tokens before a quoted name that may hold its designation verb
HEADLINE_LINES = 3     # non-empty lines at the top of a page where its headline may be
NAMED_AS_WINDOW = 10   # tokens between "named nine districts" and "as ..."
NAMING_VERBS = set(LEX["naming_verbs"])


@dataclass
class Found:
    """One value and its evidence: the span of text it came from and the rule (the same shape
    as extractors.assemble.Found)."""
    value: str | int
    start: int
    end: int
    rule: str

    def evidence(self, doc: Doc, fld: str) -> dict:
        return {"field": fld, "value": str(self.value), "text": text_of(doc)[self.start:self.end],
                "start": self.start, "end": self.end, "rule": self.rule}


def text_of(doc: Doc) -> str:
    """doc.text, built once per doc (spaCy rebuilds it from the tokens on every access); the
    same cache as extractors.assemble.text_of."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


# ---------------------------------------------------------------- trimming

def trimmed(span: Span) -> list[Token]:
    """The name inside a match: no leading "the 2024", no trailing "(BCME) program" or quote."""
    toks = list(span)
    if span.label_ == "program" and span.id_ == "program.acronym":
        toks = toks[:next(i for i, t in enumerate(toks) if t.text == "(")]
    while toks and (toks[0].lower_ in LEADING or toks[0].like_num or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].text in TRAILING or toks[-1].is_punct):  # lower-case "award", not "Awards"
        toks = toks[:-1]
    if span.id_ == "program.headline":  # "AP Honor Roll Spot": the name ends at its head word
        last = max((i for i, t in enumerate(toks) if t.text in HEADS), default=len(toks) - 1)
        toks = toks[:last + 1]
    return toks


# ---------------------------------------------------------------- checks

def is_category(toks: list[Token]) -> bool:
    """"Grand Prize", "Silver Award", "District Award": a level of an award, not its name."""
    words = [t.lower_ for t in toks if t.is_alpha]
    return len(toks) < 2 or all(w in LEVELS or t.text in HEADS for w, t in zip(words, toks))


def ends_in_head(toks: list[Token]) -> bool:
    return bool(toks) and toks[-1].text in HEADS


def is_verb_head(doc: Doc, span: Span) -> bool:
    """"Advocacy Groups Honor Innovative School Districts": the head word is the headline's verb."""
    nxt = doc[span.end] if span.end < len(doc) else None
    return span[-1].text in VERB_HEADS and nxt is not None and (nxt.is_title or nxt.lower_ == "the")


def is_appointment(toks: list[Token]) -> bool:
    """"Names New Superintendent": a post, not an award."""
    return toks[-1].lower_ in APPOINTMENTS


def named_before(doc: Doc, span: Span, words: set[str], window: int) -> bool:
    """One of `words` shortly before the match, in its sentence: 'named the nation's "Most ..."',
    "named nine districts as 2024 Spotlight Districts"."""
    before = doc[max(span[0].sent.start, span.start - window):span.start]
    return any(t.lower_ in words for t in before)


def reports_recognition(span: Span) -> bool:
    """The sentence of a bare "X program" speaks of an award, a grant, honorees."""
    return any(t.lower_ in RECOGNITION_WORDS for t in span.sent)


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
    text = text_of(doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    return span.start_char < headline_end(doc) and "|" not in text[line_start:line_end if line_end >= 0 else None]


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

def quoted_designation(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """A quoted name after 'named', 'earned the title', or one that ends in an award word."""
    return named_before(doc, span, DESIGNATORS, DESIGNATOR_WINDOW) and not is_appointment(toks) or ends_in_head(toks)


def headline_name(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'... named Best Communities for Music Education' ending the first line, or an award word
    ('named the Elm Grove board its ...' is not a name)."""
    text = text_of(doc)
    line_end = text.find("\n", span.end_char)
    rest = text[span.end_char:line_end if line_end >= 0 else None].strip()
    ends_line = not rest or rest[0] in ":;,|-–—("
    return on_first_line(doc, span) and ends_line and not is_appointment(toks) or ends_in_head(toks)


def designation_name(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'named a ... distinguished district', not 'named a new superintendent'."""
    return not is_appointment(toks)


def ranking_title(doc: Doc, span: Span, toks: list[Token]) -> bool:
    return not is_size_remark(doc, span)


def bare_program(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'the STEM BEST program' beside a recognition, not 'launched the Reading Buddies Program'."""
    return reports_recognition(span) and (len(toks) >= 2 or toks[0].is_upper)


def named_as(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'named nine districts as 2024 Spotlight Districts'."""
    return named_before(doc, span, NAMING_VERBS, NAMED_AS_WINDOW) and not is_appointment(toks)


RULE_CHECKS = {"program.quoted": quoted_designation, "program.headline": headline_name,
               "program.named_a": designation_name, "program.ranking": ranking_title,
               "program.program": bare_program, "program.named_as": named_as}
RANKINGS = {"program.ranking", "program.worth"}  # "top 10 school districts" is all level words


def accepted(doc: Doc, span: Span, toks: list[Token]) -> bool:
    if not toks or (is_category(toks) and span.id_ not in RANKINGS) or is_verb_head(doc, span):
        return False
    check = RULE_CHECKS.get(span.id_)
    return check is None or check(doc, span, toks)


def award_names(doc: Doc) -> list[Span]:
    """Every award, list or recognition the article names, trimmed to the name: the program
    candidates, and award levels such as "Grand Prize" (a cue for roles.py, never a program)."""
    names = []
    for span in doc.spans["programs"] if "programs" in doc.spans else []:
        toks = trimmed(span)
        if toks and (accepted(doc, span, toks) or ends_in_head(toks) and not is_verb_head(doc, span)):
            names.append(doc[toks[0].i:toks[-1].i + 1])
    return names


def program(doc: Doc) -> Found | None:
    """The award, list or recognition the article is about: the first one its headline names,
    else the first named in a sentence that reports a recognition (not a menu's "Teacher of the
    Year" link), else the first one named."""
    candidates = [(span, toks) for span in doc.spans["programs"] if accepted(doc, span, toks := trimmed(span))]
    if not candidates:
        return None
    span, toks = next((c for c in candidates if in_headline(doc, c[0])),
                      next((c for c in candidates if reports_recognition(c[0])), candidates[0]))
    return Found(doc[toks[0].i:toks[-1].i + 1].text, toks[0].idx, toks[-1].idx + len(toks[-1]), span.id_)
