"""The article's program: the award, list or recognition it is about, as written, with evidence.

Candidates are the matches of the "programs" component (extractors/patterns/programs.yaml, one
rule family per way award names are written), found head first: the award heads ("Award",
"Prize", "Honor Roll", "of the Year", "List", ...) are looked up in the doc's word array, and the
title-case name grows leftwards from each head over that array, in Python (the way
extractors/mentions.py grows district names); no pattern runs a regular expression or a set
predicate on every token. This module then trims each match to the name, drops what is not a
program (a category such as "Grand Prize", an appointment, a size remark) and takes the first
that is left. It reads only the Doc, so assemble.py and roles.py can both use it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.lexeme import Lexeme
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from extractors import rules
from extractors.rules import check
from extractors.values import Found, text_of  # noqa: F401  (roles.py takes them from here too)

FILE = "programs.yaml"
LEX = rules.lexicon(FILE)
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
NOT_TITLE = frozenset(LEX["not_title"])
TITLE_FUNCTION_WORDS = frozenset(LEX["title_function_words"])
ORDINALS = frozenset(LEX["ordinals"])
RANK_PLACES = frozenset(LEX["rank_places"])
QUOTES = frozenset(LEX["quotes"])
MAX_RUN = 20  # words one "+" spec may take: no award name is that long, and a page of title-case words stays linear


# ---------------------------------------------------------------- matching head first

def _title_word(lex: Lexeme) -> bool:
    """A word of a title-case name: capitalised ("Golden", "H-E-B", "St."), a year or an ordinal
    ("2024", "21st"), or a function word a name may hold ("of", "the", "-"); never a headline's
    verb or determiner ("Wins", "Its": not_title)."""
    text = lex.orth_
    if lex.lower_ in NOT_TITLE:
        return False
    if text in TITLE_FUNCTION_WORDS:
        return True
    if "A" <= text[0] <= "Z":
        return all(c.isalnum() or c in "_.’'&-" for c in text[1:])
    digits = text[:-2] if text[-2:] in ORDINALS else text
    return 1 <= len(digits) <= 4 and digits.isdecimal()


def _rank_word(lex: Lexeme) -> bool:
    """A word of the place a ranking is of: "in the United States", "in every state"."""
    text = lex.orth_
    if lex.lower_ in NOT_TITLE:
        return False
    return text in RANK_PLACES or "A" <= text[0] <= "Z" and all(c.isalnum() or c in "_." for c in text[1:])


WORD_CLASSES: dict[str, Callable[[Lexeme], bool]] = {
    "title": _title_word,
    "rank": _rank_word,
    "name": lambda lex: lex.is_title and lex.lower_ not in NOT_TITLE,
    "inner_punct": lambda lex: lex.is_punct and lex.orth_ not in QUOTES,
}
FLAGS = {"IS_TITLE", "IS_UPPER", "IS_PUNCT", "IS_ALPHA", "LIKE_NUM"}


class Spec:
    """One token spec: a test of a word (every test is one of its lexeme's, so each word's answer
    is kept by its ORTH id) and how often it may repeat."""
    __slots__ = ("op", "test", "known", "vocab")

    def __init__(self, spec: dict[str, Any], vocab: Vocab, where: str):
        tests: list[Callable[[Lexeme], bool]] = []
        for key, want in spec.items():
            if key in {"OP", "ANCHOR"}:
                continue
            if key in {"ORTH", "LOWER"}:
                attr = "orth_" if key == "ORTH" else "lower_"
                allowed = frozenset(_words(want, where))
                tests.append(lambda lex, a=attr, w=allowed: getattr(lex, a) in w)
            elif key in FLAGS:
                tests.append(lambda lex, a=key.lower(), w=bool(want): getattr(lex, a) == w)
            elif key == "WORD" and want in WORD_CLASSES:
                tests.append(WORD_CLASSES[want])
            else:
                raise ValueError(f"{where}: unsupported token spec {spec}")
        self.op = spec.get("OP", "")
        if self.op not in {"", "?", "+"}:
            raise ValueError(f"{where}: unsupported OP in {spec}")
        self.test = tests
        self.known: dict[int, bool] = {}
        self.vocab = vocab

    def fits(self, orth: int) -> bool:
        ok = self.known.get(orth)
        if ok is None:
            lex = self.vocab[orth]
            ok = self.known[orth] = all(t(lex) for t in self.test)
        return ok


def _words(want: Any, where: str) -> list[str]:
    """A literal word or {IN: [words]}: the only sets a pattern may name."""
    if isinstance(want, str):
        return [want]
    if isinstance(want, dict) and set(want) == {"IN"} and all(isinstance(w, str) for w in want["IN"]):
        return list(want["IN"])
    raise ValueError(f"{where}: a word or {{IN: [...]}} of words, not {want}")


def _is_head(spec: dict[str, Any]) -> bool:
    return "OP" not in spec and bool({"ORTH", "LOWER"} & set(spec))


@dataclass
class Rule:
    """One pattern split at its head: the specs before it (matched leftwards, nearest first), the
    head, the specs after it."""
    label: str
    id: str
    attr: str                   # ORTH or LOWER: the array the head's words are looked up in
    words: tuple[str, ...]
    head: Spec
    left: tuple[Spec, ...]
    right: tuple[Spec, ...]
    keys: tuple[int, int] = field(default=(0, 0))  # label and id as string-store hashes (spaCy's span order)


def compile_rules(vocab: Vocab, name: str = FILE) -> list[Rule]:
    data = rules.load_yaml(name)
    lex, macros = data.get("lexicon", {}), data.get("macros", {})
    out = []
    for rule in data["patterns"]:
        specs, = rules.expand_tokens(rule["pattern"], macros, lex, split_first=False)
        where = f"{name} {rule['id']}"
        marked = [i for i, s in enumerate(specs) if s.get("ANCHOR")]
        at = marked[0] if marked else next((i for i, s in enumerate(specs) if _is_head(s)), None)
        if at is None or not _is_head(specs[at]):
            raise ValueError(f"{where}: no head (a required ORTH or LOWER word) in {specs}")
        attr = "ORTH" if "ORTH" in specs[at] else "LOWER"
        label = rule.get("label", "program")
        out.append(Rule(label, rule["id"], attr, tuple(_words(specs[at][attr], where)), Spec(specs[at], vocab, where),
                        tuple(Spec(s, vocab, where) for s in reversed(specs[:at])),
                        tuple(Spec(s, vocab, where) for s in specs[at + 1:]),
                        (vocab.strings.add(label), vocab.strings.add(rule["id"]))))
    return out


def _reach(orths: list[int], p: int, step: int, specs: tuple[Spec, ...], k: int, out: set[int]) -> None:
    """Every boundary the specs[k:] can reach from boundary p, rightwards (step 1: the next word
    is orths[p]) or leftwards (step -1: the next word is orths[p - 1]); spaCy's Matcher keeps
    every match of a "+" too, and the longest is chosen after."""
    if k == len(specs):
        out.add(p)
        return
    spec = specs[k]
    if spec.op == "?":
        _reach(orths, p, step, specs, k + 1, out)
    q, taken = p, 0
    while taken < MAX_RUN:
        t = q if step > 0 else q - 1
        if not 0 <= t < len(orths) or not spec.fits(orths[t]):
            return
        q, taken = q + step, taken + 1
        _reach(orths, q, step, specs, k + 1, out)
        if spec.op != "+":
            return


class ProgramMatcher:
    """The rules of programs.yaml, matched from their heads; the same spans a SpanRuler with
    these token patterns and a first-longest filter would keep."""

    def __init__(self, vocab: Vocab, name: str = FILE):
        self.rules = compile_rules(vocab, name)
        self.by_head: dict[str, dict[int, list[Rule]]] = {"ORTH": {}, "LOWER": {}}
        for rule in self.rules:
            for w in rule.words:
                self.by_head[rule.attr].setdefault(vocab.strings.add(w), []).append(rule)
        self.keys = {attr: numpy.fromiter(heads, dtype="uint64") for attr, heads in self.by_head.items()}

    def __call__(self, doc: Doc) -> list[Span]:
        if not len(doc):
            return []
        arrays = doc.to_array([ORTH, LOWER])
        orths = arrays[:, 0].tolist()
        found: set[tuple[int, int, int, int]] = set()
        for col, attr in enumerate(("ORTH", "LOWER")):
            values = arrays[:, col]
            for i in numpy.flatnonzero(numpy.isin(values, self.keys[attr])).tolist():
                for rule in self.by_head[attr][int(values[i])]:
                    if not rule.head.fits(orths[i]):
                        continue
                    starts: set[int] = set()
                    _reach(orths, i, -1, rule.left, 0, starts)
                    if not starts:
                        continue
                    ends: set[int] = set()
                    _reach(orths, i + 1, 1, rule.right, 0, ends)
                    found.update((s, e, *rule.keys) for s in starts for e in ends)
        return [Span(doc, s, e, label=label, span_id=rule_id) for s, e, label, rule_id in longest_first(found)]


def longest_first(found: set[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """spaCy's first-longest filter on (start, end, label, id) matches in a SpanRuler's order:
    the longest of overlapping matches stays (the first of equals), in text order."""
    kept, seen = [], set()
    for m in sorted(sorted(found), key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if m[0] not in seen and m[1] - 1 not in seen:
            kept.append(m)
            seen.update(range(m[0], m[1]))
    return sorted(kept, key=lambda m: m[0])


@Language.factory("awardex_programs_v1")
def program_matcher(nlp: Language, name: str):
    """Sets doc.spans["programs"]: the award, list and recognition names of programs.yaml."""
    matcher = ProgramMatcher(nlp.vocab)

    def component(doc: Doc) -> Doc:
        doc.spans["programs"] = matcher(doc)
        return doc
    return component


# ---------------------------------------------------------------- trimming

def trimmed(span: Span) -> list[Token]:
    """The name inside a match: no leading "the 2024", no trailing "(BCME) program" or quote."""
    toks = list(span)
    trim = options(span.id_)["trim"]
    if trim == "before_paren":  # "STEM BEST (SB) program" -> "STEM BEST"
        toks = toks[:next(i for i, t in enumerate(toks) if t.text == "(")]
    while toks and (toks[0].lower_ in LEADING or toks[0].like_num or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].text in TRAILING or toks[-1].is_punct):  # lower-case "award", not "Awards"
        toks = toks[:-1]
    if trim == "at_head":  # "AP Honor Roll Spot": the name ends at its head word
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

@check("quoted_designation")
def quoted_designation(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """A quoted name after 'named', 'earned the title', or one that ends in an award word."""
    return named_before(doc, span, DESIGNATORS, DESIGNATOR_WINDOW) and not is_appointment(toks) or ends_in_head(toks)


@check("headline_name")
def headline_name(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'... named Best Communities for Music Education' ending the first line, or an award word
    ('named the Elm Grove board its ...' is not a name)."""
    text = text_of(doc)
    line_end = text.find("\n", span.end_char)
    rest = text[span.end_char:line_end if line_end >= 0 else None].strip()
    ends_line = not rest or rest[0] in ":;,|-–—("
    return on_first_line(doc, span) and ends_line and not is_appointment(toks) or ends_in_head(toks)


@check("designation_name")
def designation_name(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'named a ... distinguished district', not 'named a new superintendent'."""
    return not is_appointment(toks)


@check("ranking_title")
def ranking_title(doc: Doc, span: Span, toks: list[Token]) -> bool:
    return not is_size_remark(doc, span)


@check("bare_program")
def bare_program(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'the STEM BEST program' beside a recognition, not 'launched the Reading Buddies Program'."""
    return reports_recognition(span) and (len(toks) >= 2 or toks[0].is_upper)


@check("named_as")
def named_as(doc: Doc, span: Span, toks: list[Token]) -> bool:
    """'named nine districts as 2024 Spotlight Districts'."""
    return named_before(doc, span, NAMING_VERBS, NAMED_AS_WINDOW) and not is_appointment(toks)


@lru_cache(maxsize=None)
def _options() -> dict[str, dict[str, Any]]:
    """Per rule id, what its patterns in programs.yaml ask for: `checks` (functions registered
    above, run in order), `trim` (before_paren, at_head) and `levels_ok` (a name of level words
    only, "top 10 school districts", is fine)."""
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
    if not toks or (is_category(toks) and not opts["levels_ok"]) or is_verb_head(doc, span):
        return False
    return all(rules.CHECKS[name](doc, span, toks) for name in opts["checks"])


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
