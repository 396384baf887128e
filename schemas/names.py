"""What makes two district names "the same district": one module, two named keys.

- `loose_key`: inside one article. Every generic word is set aside, "county" and "city" too, so
  "Pomona USD", "Pomona Unified" and "Pomona Unified School District" group into one district.
  One article rarely names two districts that differ only in those words.
- `strict_key`: across articles, in the warehouse. "County" and "City" stay, because "Orange
  County Public Schools" (FL) and "Orange Unified" (CA) are different districts.

The evaluator (review/evaluate.py) keeps its own copy of the scorer's rules, because it must
agree with ../shared/tools/score.py word for word; these keys are the extractor's and the
warehouse's, not the scorer's.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words that say "this is a school district" rather than which one.
GENERIC_STRICT = frozenset("""school schools district districts dist public unified independent consolidated
    system systems usd isd cisd csd sd ufsd cusd psd uhsd jusd ccsd msd rsd the of board education department""".split())
# ...plus the words that one article's short forms drop ("Elkhorn Area" -> "Elkhorn").
GENERIC_LOOSE = GENERIC_STRICT | frozenset("""union free no number community central city area regional
    county co parish local exempted village joint unit elementary high township twp borough corporation
    metropolitan metro special municipal graded""".split())
ABBREVIATIONS = {"st": "saint", "mt": "mount", "ft": "fort"}
APOSTROPHES = "'\u2019\u02bb\u02bc`"
MEMO = 1 << 14  # names and words folded per process (the extractor asks for the same ones again and again); bounded


@lru_cache(maxsize=MEMO)
def fold(text: str) -> str:
    """Lower case without accents: "Peñasco" -> "penasco"."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(name: str) -> list[str]:
    """Lower-case ASCII words: accents, apostrophe-like marks, parentheses, punctuation and "K-12"
    removed, & -> and, St./Mt./Ft. spelled out."""
    s = re.sub(rf"[{APOSTROPHES}]", "", fold(name))
    s = re.sub(r"\([^)]*\)", " ", s).replace("&", " and ")
    s = re.sub(r"\bk\s*-?\s*12\b", " ", s)
    return [ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z0-9]+", s)]


@lru_cache(maxsize=MEMO)
def _key(name: str, generic: frozenset[str]) -> str:
    """The name's words that are not generic; a name of generic words only keeps its strict key's
    ("Central Community School System" and "Central Community Schools" -> "central community")."""
    ws = words(name)
    return " ".join([w for w in ws if w not in generic] or [w for w in ws if w not in GENERIC_STRICT] or ws)


def loose_key(name: str) -> str:
    """Grouping inside one article: "Pomona Unified School District" -> "pomona"."""
    return _key(name, GENERIC_LOOSE)


def strict_key(name: str) -> str:
    """Identity across articles: "Orange County Public Schools" -> "orange county"."""
    return _key(name, GENERIC_STRICT)


def is_acronym(form: str) -> bool:
    """"PUSD", "LAUSD", "M-DCPS": one upper-case token with at least two letters."""
    form = form.strip()
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&.\-]*", form)) and sum(c.isalpha() for c in form) >= 2
