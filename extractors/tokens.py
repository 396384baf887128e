"""Token patterns matched head first: find where a pattern's first word occurs (one dict lookup per word
over the doc's lower-cased words), then check the rest of the pattern there, in Python, on those
few positions only. spaCy's Matcher instead tries every pattern at every token.

Supported token specs (enough for extractors/patterns/initiatives.yaml): LOWER as a word or
{IN: [...]}, IS_PUNCT, IS_SPACE, IS_TITLE, and OP "?" (optional); the first token must name its words
with LOWER.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab


@dataclass(frozen=True)
class TokenPattern:
    label: str
    rule: str
    first: frozenset[str]
    rest: tuple[dict[str, Any], ...]


def compile_patterns(patterns: Iterable[dict[str, Any]]) -> list[TokenPattern]:
    out = []
    for p in patterns:
        first, *rest = p["pattern"]
        words = first.get("LOWER")
        if words is None or set(first) - {"LOWER"}:
            raise ValueError(f"{p['id']}: a token pattern starts with a LOWER word or word list, not {first}")
        words = words["IN"] if isinstance(words, dict) else [words]
        for spec in rest:
            unknown = set(spec) - {"LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "OP"}
            if unknown or spec.get("OP", "?") != "?":
                raise ValueError(f"{p['id']}: unsupported token spec {spec}")
        out.append(TokenPattern(p["label"], p["id"], frozenset(w.lower() for w in words), tuple(rest)))
    return out


def _fits(tok, spec: dict[str, Any]) -> bool:
    if "LOWER" in spec:
        want = spec["LOWER"]
        if isinstance(want, dict):
            if tok.lower_ not in want["IN"]:
                return False
        elif tok.lower_ != want:
            return False
    if "IS_PUNCT" in spec and tok.is_punct != spec["IS_PUNCT"]:
        return False
    if "IS_SPACE" in spec and tok.is_space != spec["IS_SPACE"]:
        return False
    if "IS_TITLE" in spec and tok.is_title != spec["IS_TITLE"]:
        return False
    return True


def _longest(doc: Doc, i: int, rest: tuple[dict[str, Any], ...]) -> int | None:
    """The end of the longest match of `rest` from token i, or None. Each (token, spec) pair is
    tried once: a run of optional specs ("up to six words") would otherwise branch 2^n ways."""
    seen: dict[tuple[int, int], int | None] = {}

    def longest(i: int, k: int) -> int | None:
        if k == len(rest):
            return i
        if (i, k) not in seen:
            spec = rest[k]
            best = longest(i + 1, k + 1) if i < len(doc) and _fits(doc[i], spec) else None
            if spec.get("OP") == "?":
                skip = longest(i, k + 1)
                if skip is not None and (best is None or skip > best):
                    best = skip
            seen[(i, k)] = best
        return seen[(i, k)]
    return longest(i, 0)


class TokenMatcher:
    """Token patterns indexed once by the hashes of their first words."""

    def __init__(self, patterns: list[TokenPattern], vocab: Vocab):
        # each pattern with the words of its last required spec, which must occur within its reach:
        # checked on the doc's word array before any Token is built ("teachers ... training" is rare,
        # "teachers" is not)
        self.by_word: dict[int, list[tuple[TokenPattern, frozenset[int] | None]]] = {}
        for p in patterns:
            required = [spec for spec in p.rest if spec.get("OP") != "?"]
            want = required[-1].get("LOWER") if required else None
            words = None if want is None else want["IN"] if isinstance(want, dict) else [want]
            last = None if words is None else frozenset(vocab.strings.add(w.lower()) for w in words)
            for w in p.first:
                self.by_word.setdefault(vocab.strings.add(w), []).append((p, last))

    def __call__(self, doc: Doc) -> list[Span]:
        spans = []
        lowers = doc.to_array(LOWER).tolist()
        for i in [i for i, lower in enumerate(lowers) if lower in self.by_word]:  # one dict lookup per word
            for p, last in self.by_word[lowers[i]]:
                if last is not None and not any(w in last for w in lowers[i + 1:i + 1 + len(p.rest)]):
                    continue
                end = _longest(doc, i + 1, p.rest)
                if end is not None:
                    spans.append(Span(doc, i, end, label=p.label, span_id=p.rule))
        return spans


def find(doc: Doc, patterns: list[TokenPattern]) -> list[Span]:
    return TokenMatcher(patterns, doc.vocab)(doc)
