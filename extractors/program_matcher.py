"""The award-name matcher: the patterns of extractors/patterns/programs.yaml, matched head first.

Each pattern's head (the spec marked `ANCHOR`, else its first required ORTH/LOWER word: "Award",
"Prize", "Honor Roll", "of the Year", "List", ...) is looked up in the doc's word array; the specs
before it are matched leftwards from there, those after it rightwards, over the token arrays, in
Python, at those few places only. No pattern runs a regular expression or a set predicate on every
token. The spans are every match a SpanRuler with these token patterns finds, longest first;
extractors/programs.py trims and checks them, and keeps the longest accepted of overlapping ones.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.lexeme import Lexeme
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from extractors import rules

FILE = "programs.yaml"
LEX = rules.lexicon(FILE)
NOT_TITLE = frozenset(LEX["not_title"])
TITLE_FUNCTION_WORDS = frozenset(LEX["title_function_words"])
ORDINALS = frozenset(LEX["ordinals"])
RANK_PLACES = frozenset(LEX["rank_places"])
QUOTES = frozenset(LEX["quotes"])
MAX_RUN = 20  # words one "+" spec may take: no award name is that long, and a page of title-case words stays linear


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
    "line": lambda lex: "\n" not in lex.orth_,  # any word up to the end of its line
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
    """The rules of programs.yaml, matched from their heads; every span a SpanRuler with these
    token patterns would find, longest first (the first of equals)."""

    def __init__(self, vocab: Vocab, name: str = FILE):
        self.rules = compile_rules(vocab, name)
        self.by_head: dict[str, dict[int, list[Rule]]] = {"ORTH": {}, "LOWER": {}}
        for rule in self.rules:
            for w in rule.words:
                self.by_head[rule.attr].setdefault(vocab.strings.add(w), []).append(rule)

    def __call__(self, doc: Doc) -> list[Span]:
        if not len(doc):
            return []
        orths, lowers = doc.to_array([ORTH, LOWER]).T.tolist()
        found: set[tuple[int, int, int, int]] = set()
        for values, attr in ((orths, "ORTH"), (lowers, "LOWER")):
            heads = self.by_head[attr]
            for i in [i for i, value in enumerate(values) if value in heads]:  # (numpy.isin costs more on a doc)
                for rule in heads[values[i]]:
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
    """(start, end, label, id) matches in the order a first-longest filter reads them: the longest
    first, the first of equals (in a SpanRuler's order)."""
    return sorted(sorted(found), key=lambda m: (m[1] - m[0], -m[0]), reverse=True)


@Language.factory("awardex_programs_v1")
def program_matcher(nlp: Language, name: str):
    """Sets doc.spans["programs"]: the award, list and recognition names of programs.yaml."""
    matcher = ProgramMatcher(nlp.vocab)

    def component(doc: Doc) -> Doc:
        doc.spans["programs"] = matcher(doc)
        return doc
    return component
