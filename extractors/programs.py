"""The article's program: the award, list or recognition it is about, as written, with evidence.

Candidates come from the "programs" SpanRuler (extractors/patterns/programs.yaml); this module
trims them and picks one. It depends only on the Doc, so extractors/assemble.py and
extractors/roles.py can both use it.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from extractors import rules

LEX = rules.lexicon("programs.yaml")
LEVELS = set(LEX["levels"])
HEADS = set(LEX["heads"])
LEADING = set(LEX["leading"])


@dataclass
class Found:
    """One value and its evidence: the span of text it came from and the rule (the same shape
    as extractors.assemble.Found)."""
    value: str | int
    start: int
    end: int
    rule: str

    def evidence(self, doc: Doc, fld: str) -> dict:
        return {"field": fld, "value": str(self.value), "text": doc.text[self.start:self.end],
                "start": self.start, "end": self.end, "rule": self.rule}


def program(doc: Doc) -> Found | None:
    """The first award, list or recognition the article names."""
    for span in doc.spans["programs"]:
        toks = list(span)
        while toks and (toks[0].lower_ in LEADING or toks[0].like_num):
            toks = toks[1:]
        words = [t.lower_ for t in toks if t.is_alpha]
        if len(toks) >= 2 and not all(w in LEVELS or t.text in HEADS for w, t in zip(words, toks)):
            return Found(doc[toks[0].i:toks[-1].i + 1].text, toks[0].idx, toks[-1].idx + len(toks[-1]), span.id_)
    return None
