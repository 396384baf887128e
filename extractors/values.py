"""The values assembly works with: a value with its evidence, a name mention, a district."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LOWER, SENT_START
from spacy.tokens import Doc, Span

from extractors import rules

# Rule priority for places (patterns/places.yaml `priority`): lower wins.
PRIORITY: dict[str, int] = {str(k): int(v) for k, v in rules.load_yaml("places.yaml")["priority"].items()}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12})


POSSESSIVE = frozenset({"’s", "'s", "’", "'"})  # the tokens of a possessive ("Kansas’", "Ohio's")


def possessive(doc: Doc, i: int) -> bool:
    """Token i is a possessive mark."""
    return i < len(doc) and doc[i].text in POSSESSIVE


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges of the doc's sentences, read from its arrays (no Token per token), once
    per doc (Layout and roles both ask)."""
    if "sentence_bounds" not in doc.user_data:
        bounds = []
        if len(doc):
            starts = numpy.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
            starts = starts if starts and starts[0] == 0 else [0, *starts]
            bounds = list(zip(starts, [*starts[1:], len(doc)]))
        doc.user_data["sentence_bounds"] = bounds
    return doc.user_data["sentence_bounds"]


def lower_before(doc: Doc, start: int, n: int) -> list[str]:
    """The lower-cased words of up to n tokens before token `start`, within its sentence ("40
    percent" before "English learners", "no" before "dual-language program"), read from the
    cached array (no Span)."""
    return lower_words(doc)[before_start(doc, start, n):start]


def _sentence_starts(doc: Doc) -> list[int]:
    if "sentence_starts" not in doc.user_data:
        doc.user_data["sentence_starts"] = [a for a, _ in sentence_bounds(doc)]
    return doc.user_data["sentence_starts"]


def before_start(doc: Doc, start: int, n: int) -> int:
    """The first of up to n tokens before token `start`, within its sentence: its start or n
    tokens back (built from the doc's sentence starts, once per doc)."""
    starts = _sentence_starts(doc)
    k = bisect_right(starts, start) - 1
    return max(start - n, starts[k] if k >= 0 else 0, 0)


def sentence_end(doc: Doc, i: int) -> int:
    """The end (exclusive) of the sentence that holds token i, by bisect on the sentence starts."""
    starts = _sentence_starts(doc)
    k = bisect_right(starts, i)
    return starts[k] if k < len(starts) else len(doc)


def coordination(doc: Doc, start: int, end: int, joiners: frozenset[str] | set[str]) -> tuple[int, int]:
    """The first token of the coordination of single words that tokens start..end sit in, and the
    token after its last word ("reading and math" in "reading and math scores", "English, reading and
    math"), looking back within the sentence: what comes before its first word or after its last is
    said of every word of it."""
    lowers, lo = lower_words(doc), before_start(doc, start, 6)
    while start - 2 >= lo and lowers[start - 1] in joiners and doc[start - 2].is_alpha:
        start -= 2
    stop = min(len(doc) - 1, end + 6)
    while end + 1 < stop and lowers[end] in joiners and doc[end + 1].is_alpha:
        end += 2
    return start, end


def text_of(doc: Doc) -> str:
    """doc.text, kept by the pipeline's tokenizer (extractors/nlp.py) or built once per doc (spaCy
    rebuilds it from the tokens on every access)."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


def find_all(text: str, form: str) -> list[tuple[int, int]]:
    """Every (start, end) where `form` stands in the text, as a substring."""
    found, at = [], text.find(form) if form else -1
    while at >= 0:
        found.append((at, at + len(form)))
        at = text.find(form, at + 1)
    return found


def lower_words(doc: Doc) -> list[str]:
    """The doc's lower-cased words, read once per doc from its LOWER array (doc[i].lower_ builds a
    Token object per word each time)."""
    if "lower" not in doc.user_data:
        strings = doc.vocab.strings
        doc.user_data["lower"] = [strings[h] for h in doc.to_array(LOWER).tolist()] if len(doc) else []
    return doc.user_data["lower"]


def span_text(doc: Doc, start: int, end: int) -> str:
    """doc[start:end].text for 0 <= start, end <= len(doc), cut from the doc's text by two tokens'
    offsets (a slice builds a Span, ~2 µs)."""
    if start >= end:
        return ""
    last = doc[end - 1]
    return text_of(doc)[doc[start].idx:last.idx + len(last)]


def number(text: str) -> int | None:
    """"4,900" -> 4900, "1.2" -> 1, "seven" -> 7, "twenty-three" -> 23; None if not a number."""
    text = text.lower().replace(",", "").rstrip("+")
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    if "-" in text:
        tens, _, ones = text.partition("-")
        if tens in NUMBER_WORDS and ones in NUMBER_WORDS and NUMBER_WORDS[ones] < 10:
            return NUMBER_WORDS[tens] + NUMBER_WORDS[ones]
        return None
    try:
        return int(float(text)) if text.count(".") <= 1 else None
    except ValueError:
        return None


@dataclass
class Found:
    """One value and its evidence: the span of text it came from and the rule."""
    value: str | int
    start: int
    end: int
    rule: str

    def evidence(self, doc: Doc, fld: str) -> dict:
        return {"field": fld, "value": str(self.value), "text": text_of(doc)[self.start:self.end],
                "start": self.start, "end": self.end, "rule": self.rule}

    @property
    def rank(self) -> int:
        return PRIORITY.get(self.rule, 10)


@dataclass
class Mention:
    name: Found                     # the name as written (or built, for coordinations)
    key: str                        # schemas.names.loose_key of the name: what groups mentions
    tok: tuple[int, int]            # token range in the doc
    alias: bool = False             # acronym or short form of a name found elsewhere
    part_of: int | None = None      # token start of the coordination it was split from
    state: Found | None = None
    city: Found | None = None
    place_inside: tuple[int, int] | None = None  # "Brookfield, Texas, school district": the state's tokens
    possessive_state: bool = False  # "New York’s Windsor Central School District": shared by "... and Y"


@dataclass(eq=False)
class District:
    mentions: list[Mention] = field(default_factory=list)
    state: Found | None = None
    city: Found | None = None
    enrollment: Found | None = None
    schools: Found | None = None
    initiatives: dict[str, Found] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.mentions[0].tok[0]

    @property
    def name(self) -> str:
        return str(next((m for m in self.mentions if not m.alias), self.mentions[0]).name.value)


def best(founds: list[Found | None]) -> Found | None:
    founds = [f for f in founds if f is not None]
    return min(founds, key=lambda f: f.rank) if founds else None
