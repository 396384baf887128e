"""What the reviewer's tools need from an extraction: articles read as `awardex extract`
reads them, records as dicts, an evidence span's context and its word-aligned mark."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from schemas.articles import RawArticle
from pipeline.text import read_file

CONTEXT_WORDS = 6
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_WORD = re.compile(r"\w+(?:['’ʻʼ]\w+)*")


def read_article(path: str | Path) -> RawArticle:
    """An article file, its article_id the file's stem (as `awardex extract` does)."""
    return replace(read_file(path), article_id=Path(path).stem)


def extract_records(articles: list[RawArticle]) -> dict[str, tuple[RawArticle, dict | None, list[str]]]:
    """article_id -> (article, record as a dict or None, reject reasons)."""
    from extractors.records import extract  # spaCy loads only when something is extracted

    return {a.article_id: (a, r.as_dict() if r is not None else None, [f"{j.stage}: {j.reason}" for j in rejects])
            for a, r, rejects in extract(articles)}


def context(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> tuple[str, str, str]:
    """(before, evidence, after): a few words either side of text[start:end], one line each."""
    before = re.search(r"(?:\S+\s+){0,%d}\S*\Z" % words, text[max(0, start - 300):start]).group()
    after = re.match(r"\S*(?:\s+\S+){0,%d}" % words, text[end:end + 300]).group()
    flat = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    cut_before, cut_after = start - len(before) > 0, end + len(after) < len(text)
    return ("…" * cut_before + flat(before), flat(text[start:end]), flat(after) + "…" * cut_after)


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved onto word boundaries for a mark: a start inside a word (the "'s" of
    "district's roughly 2,200 students") moves on to the next word, an end inside a word
    moves to that word's end, and spaces at either edge are left out. A span with no word
    in it is returned unchanged."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, max(0, start - 100), min(len(text), end + 100))
             if m.end() > start and m.start() < end]
    if not words:
        return start, end
    new_start, new_end = start, end
    if words[0][0] < start:  # starts inside a word: at the next word, or the whole word if it is the only one
        new_start = words[1][0] if len(words) > 1 else words[0][0]
    if words[-1][1] > end:   # ends inside a word: at that word's end
        new_end = words[-1][1]
    while new_start < new_end and text[new_start].isspace():
        new_start += 1
    while new_end > new_start and text[new_end - 1].isspace():
        new_end -= 1
    return new_start, new_end
