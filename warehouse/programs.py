"""One program, one id: "District of Excellence" and "2024 Districts of Excellence Award" are one program.

`program_key` folds a program name as written in an article into the words that identify the
program: lower case without accents, years and school years removed ("2024", "2023-24"), the words
in SET_ASIDE dropped, and every word singular. `program_id` is the first 16 hex digits of its sha1.
The warehouse stores the id on `articles` and one row per id in `programs` (its canonical name: the
variant most articles use; and every variant seen).
"""
from __future__ import annotations

import hashlib
import re

from schemas.names import fold

# Words that say "this is an award" rather than which one.
SET_ASIDE = frozenset({"award", "awards", "the", "annual"})
YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*[-\u2013/]\s*(?:19|20)?\d\d)?\b")
# Plural endings -> singular ("districts" -> "district", "communities" -> "community"); words of
# three letters or less and words in "ss"/"us"/"is" ("class", "campus", "thesis") are left as they are.
PLURALS = ((re.compile(r"(\w{2,})ies$"), r"\1y"), (re.compile(r"(\w{2,}(?:ch|sh|x))es$"), r"\1"),
           (re.compile(r"(\w{3,}[^sui])s$"), r"\1"))


def singular(word: str) -> str:
    for pattern, replacement in PLURALS:
        if pattern.fullmatch(word):
            return pattern.sub(replacement, word)
    return word


def program_key(name: str) -> str:
    """"2024 Districts of Excellence Award" -> "district of excellence"."""
    text = YEARS.sub(" ", fold(name))
    words = [singular(w) for w in re.findall(r"[a-z0-9]+", text.replace("\u2019", "").replace("'", ""))]
    kept = [w for w in words if w not in SET_ASIDE]
    return " ".join(kept or words)


def program_id(name: str | None) -> str | None:
    """Stable id of the program `name` names (None for no program)."""
    if name is None or not name.strip():
        return None
    return hashlib.sha1(program_key(name).encode("utf-8")).hexdigest()[:16]
