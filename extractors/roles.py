"""Each district's role in its article: "recognized" (among the honorees of the recognition the
article is about, or of another named one) or "mentioned" (anything else). ANNOTATION.md, "role".

Works from the Doc (sentences, lines, the "roles" and "programs" spans) and from the offsets of
each district's name and alias evidence; it knows nothing of how the districts were assembled.
A district is recognized when the article is about a recognition and one of its mentions
  - shares a sentence with a recognition cue (named, finalist, "one of 24 districts", ...), or
  - is an entry (list item, table row, short heading line) of a list that a cue or the program
    announces earlier in the article,
unless that mention is someone's former district, a partner or a host, or the sentence is about
applying for the recognition. The evidence of a recognized role is the cue, with its rule id.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

# A line that is an entry of a list or table: a bullet or number, "Alabama: ...", or short and
# without a sentence's final stop ("Rio School District; Oxnard, California").
BULLET = re.compile(r"^\s*(?:[•\-–—*·▪●◦]|#?\d{1,3}\s*\.?\)|#?\d{1,3}\.(?!\d)|\d{1,3}\s+(?=[A-Z]))")
KEY_VALUE = re.compile(r"^\s*[A-Z][\w .,'’&-]{0,30}:\s+\S")
RANK_HEADER = re.compile(r"^\s*(Rank|No\.)\b", re.IGNORECASE)
SHORT_ENTRY_WORDS = 14
FORMER_WINDOW = 6          # tokens before a mention that a "former" cue reaches
CUE_LABELS = {"cue"}


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
    sent_starts: list[int]
    line_starts: list[int]
    cues: list[Cue]
    spans: dict[str, list[Span]] = field(default_factory=dict)
    about_recognition: Cue | None = None

    def sentence(self, char: int) -> Span:
        i = bisect.bisect_right(self.sent_starts, char) - 1
        sents = self.doc.user_data["role_sents"]
        return sents[max(i, 0)]

    def line(self, char: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, char) - 1
        start = self.line_starts[i]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end


def article(doc: Doc, program) -> Article:
    text = doc.text
    sents = list(doc.sents)
    doc.user_data["role_sents"] = sents
    spans = {}
    for span in doc.spans["roles"] if "roles" in doc.spans else []:
        spans.setdefault(span.label_, []).append(span)
    cues = [Cue(s.start_char, s.end_char, s.id_) for s in spans.get("cue", [])]
    cues += [Cue(s.start_char, s.end_char, "role.program") for s in program_spans(doc, program)]
    cues.sort(key=lambda c: c.start)
    art = Article(doc, text, [s.start_char for s in sents], [0] + [m.end() for m in re.finditer("\n", text)],
                  cues, spans)
    art.about_recognition = recognition_subject(art, program)
    return art


def program_spans(doc: Doc, program) -> list[Span]:
    """Every award name the programs ruler found, and every repetition of the article's program."""
    found = list(doc.spans["programs"]) if "programs" in doc.spans else []
    if program is not None:
        for m in re.finditer(re.escape(str(program.value)), doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                found.append(span)
    return found


def recognition_subject(art: Article, program) -> Cue | None:
    """The article is about a recognition: it has a program, or it is a ranking table."""
    if program is not None:
        return Cue(program.start, program.end, "role.program")
    for start in art.line_starts:
        m = RANK_HEADER.match(art.text, start)
        if m and len(art.text[start:art.line(start)[1]].split()) <= 10:
            return Cue(m.start(1), m.end(1), "role.rank_table")
    return None


# ---------------------------------------------------------------- mentions

def mentions(art: Article, district: dict) -> list[tuple[int, int]]:
    """Where the district is named: its evidence offsets and every repetition of its names."""
    spots = {(e["start"], e["end"]) for e in district.get("evidence", []) if e["field"] in {"name", "alias"}}
    for form in {district["name"], *district.get("aliases", [])}:
        for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", art.text):
            spots.add((m.start(), m.end()))
    return sorted(spots)


# ---------------------------------------------------------------- checks

def _labelled(art: Article, label: str, lo: int, hi: int) -> list[Span]:
    return [s for s in art.spans.get(label, []) if s.start_char >= lo and s.end_char <= hi]


def is_former(art: Article, start: int, end: int) -> bool:
    """"former Westfield superintendent", "a graduate of ...", "partnered with ...": a mention
    that is someone's past employer, a partner or a host."""
    sent = art.sentence(start)
    first = art.doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return False
    lo = art.doc[max(sent.start, first.start - FORMER_WINDOW)].idx
    return bool(_labelled(art, "former", lo, end))


def not_yet(art: Article, sent: Span) -> bool:
    """"is applying to become a ...", "if approved": the recognition is not (yet) received."""
    return bool(_labelled(art, "not_yet", sent.start_char, sent.end_char))


def cue_in_sentence(art: Article, start: int, end: int, names: list[tuple[int, int]]) -> Cue | None:
    """A recognition cue in the mention's sentence (not one inside a district's own name, not in
    a sentence about whom an award is named after)."""
    sent = art.sentence(start)
    if not_yet(art, sent) or _labelled(art, "memorial", sent.start_char, sent.end_char):
        return None
    inside = [c for c in art.cues if sent.start_char <= c.start and c.end <= sent.end_char
              and not any(a <= c.start and c.end <= b for a, b in names)]
    return min(inside, key=lambda c: abs(c.start - start)) if inside else None


def is_entry(art: Article, start: int) -> bool:
    """The mention's line is an entry of a list or table, not a line of prose."""
    lo, hi = art.line(start)
    line = art.text[lo:hi]
    if BULLET.match(line) or KEY_VALUE.match(line):
        return True
    stripped = line.strip()
    return len(stripped.split()) <= SHORT_ENTRY_WORDS and not stripped.endswith((".", "?", "!", ":"))


def list_lead(art: Article, start: int, names: list[tuple[int, int]]) -> Cue | None:
    """The cue that announces the list the mention's line belongs to: the last cue before it."""
    lo, _ = art.line(start)
    before = [c for c in art.cues if c.end <= lo and not any(a <= c.start and c.end <= b for a, b in names)]
    if before:
        return before[-1]
    subject = art.about_recognition
    return subject if subject is not None and subject.end <= lo else None


def honoree_entry(art: Article, start: int, names: list[tuple[int, int]]) -> Cue | None:
    if not is_entry(art, start):
        return None
    lo, hi = art.line(start)
    if _labelled(art, "not_yet", lo, hi):
        return None
    lead = list_lead(art, start, names)
    return Cue(lead.start, lead.end, "role.list_entry") if lead else None


# ---------------------------------------------------------------- assignment

def recognition(art: Article, district: dict, names: list[tuple[int, int]]) -> Cue | None:
    """The cue that makes the district an honoree, or None."""
    for start, end in mentions(art, district):
        if is_former(art, start, end):
            continue
        cue = cue_in_sentence(art, start, end, names) or honoree_entry(art, start, names)
        if cue is not None:
            return cue
    return None


def assign_roles(doc: Doc, districts: list[dict], program) -> None:
    """Set each district's "role"; a recognized one gets its cue as "role" evidence."""
    art = article(doc, program)
    names = sorted(spot for d in districts for spot in mentions(art, d))
    for d in districts:
        cue = recognition(art, d, names) if art.about_recognition else None
        d["role"] = "recognized" if cue else "mentioned"
        if cue is not None:
            d.setdefault("evidence", []).append(
                {"field": "role", "value": "recognized", "text": art.text[cue.start:cue.end],
                 "start": cue.start, "end": cue.end, "rule": cue.rule})
