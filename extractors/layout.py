"""The layout of one doc: lines (blocks), sentences, headings, key: value fields, table rows.

Built once per doc from token arrays (no Token object per token); every lookup is by index, so
the later steps stay linear in the article's length.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

import numpy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.tokens import Doc

from extractors.values import lower_words, sentence_bounds, span_text, text_of

BULLETS = {"•", "-", "–", "—", "*", "·", "▪", "◦", "‣"}


def line_starts(text: str) -> list[int]:
    """The character offset where each line of the text starts."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


class Sent(NamedTuple):
    start: int
    end: int


class Layout:
    def __init__(self, doc: Doc):
        self.doc = doc
        n = len(doc)
        arr = doc.to_array([IDX, IS_SPACE, SENT_START]) if n else numpy.zeros((0, 3), dtype="int64")
        self.sents = [Sent(a, b) for a, b in sentence_bounds(doc)] or [Sent(0, 0)]
        self.sent_of = (numpy.cumsum(arr[:, 2] == 1) - 1).clip(0).tolist() if n else []
        starts = line_starts(text_of(doc))
        block = numpy.searchsorted(starts, arr[:, 0], side="right") - 1
        self.block_of = block.tolist()
        self.blocks: dict[int, list[int]] = {}  # line -> its tokens that are not space, in order
        words = numpy.flatnonzero(arr[:, 1] == 0)
        cuts = (numpy.flatnonzero(numpy.diff(block[words])) + 1).tolist()  # where a line's words end
        words = words.tolist()
        for a, z in zip([0, *cuts], [*cuts, len(words)]) if words else []:
            self.blocks[self.block_of[words[a]]] = words[a:z]
        self.order = sorted(self.blocks)
        self._next = dict(zip(self.order, self.order[1:]))
        self._prev = {b: a for a, b in self._next.items()}
        self._heading: dict[int, bool] = {}
        self._first: dict[int, int] = {}  # first_word of each line, found once (every list reader asks)
        self._words: dict[int, frozenset[str]] = {}
        self._paragraph: dict[int, bool] = {}  # starts_paragraph of each line
        # parenthesis depth before each token, for "is this token inside parentheses?"
        if n:
            orth = doc.to_array([ORTH]).reshape(-1)
            step = (orth == doc.vocab.strings["("]).astype("int64") - (orth == doc.vocab.strings[")"]).astype("int64")
            self.depth = numpy.concatenate([[0], numpy.cumsum(step)]).tolist()
        else:
            self.depth = [0]

    # ---- blocks
    def block_text(self, b: int) -> str:
        toks = self.blocks[b]
        return span_text(self.doc, toks[0], toks[-1] + 1)

    def block_range(self, b: int) -> tuple[int, int]:
        toks = self.blocks[b]
        return toks[0], toks[-1] + 1

    def next_block(self, b: int) -> int | None:
        return self._next.get(b)

    def prev_block(self, b: int) -> int | None:
        return self._prev.get(b)

    def starts_paragraph(self, b: int) -> bool:
        """Line b is the text's first, or a blank line stands before it."""
        if b not in self._paragraph:
            prev, doc = self._prev.get(b), self.doc
            end = prev is not None and doc[self.blocks[prev][-1]]
            self._paragraph[b] = prev is None or "\n\n" in text_of(doc)[end.idx + len(end):doc[self.blocks[b][0]].idx]
        return self._paragraph[b]

    def first_word(self, b: int) -> int:
        """The first token of a line after a bullet or a list number ("• ", "3. ", "1.) ")."""
        if b not in self._first:
            self._first[b] = self._first_word(b)
        return self._first[b]

    def _first_word(self, b: int) -> int:
        toks = self.blocks[b]
        doc = self.doc
        k = 0
        while k < len(toks) - 1:
            t = doc[toks[k]]
            numbered = t.like_num and doc[toks[k + 1]].text in {".", ")", ".)"}
            if t.text in BULLETS or t.text in {".", ")", ".)", "#"} or numbered:
                k += 1
            else:
                break
        return toks[k]

    def is_heading(self, b: int) -> bool:
        if b not in self._heading:
            self._heading[b] = self._is_heading(b)
        return self._heading[b]

    def _is_heading(self, b: int) -> bool:
        """A short line that is not a sentence or a key: value pair ("Career Education")."""
        if len(self.blocks[b]) > 20:
            return False
        text = self.block_text(b)  # (the text's tests first: a Token per word only for the lines they pass)
        if text.rstrip().endswith((".", "?", "!", ";", ",")) or ":" in text.rstrip(":"):
            return False
        toks = [self.doc[i] for i in self.blocks[b]]
        if toks[0].text in BULLETS:
            return False  # a list entry, not a heading
        words = [t for t in toks if t.is_alpha]
        return 0 < len(words) <= 8 and words[0].is_title

    def is_key_value(self, b: int) -> bool:
        """"Diversity: B+", "No. of schools: 6": a field of a table, not prose."""
        toks = self.blocks[b]
        if len(toks) > 12:
            return False
        words = lower_words(self.doc)  # (the cached array, not a Token per word)
        return any(words[i] == ":" for i in toks[:6])

    def in_parens(self, lo: int, i: int) -> bool:
        """More "(" than ")" between token lo and token i."""
        return self.depth[i] - self.depth[lo] > 0

    def sent_words(self, k: int) -> frozenset[str]:
        """The lower-cased words of sentence k (built once per sentence)."""
        if k not in self._words:
            s = self.sents[k]
            self._words[k] = frozenset(lower_words(self.doc)[s.start:s.end])
        return self._words[k]

    # ---- sentences
    def sent(self, i: int) -> Sent:
        return self.sents[self.sent_of[i]]

    def sent_range(self, i: int) -> tuple[int, int]:
        s = self.sents[self.sent_of[i]]
        return s.start, s.end


class Positions:
    """Sorted token positions with range queries (mentions, states, figures)."""

    def __init__(self, items: list[tuple[int, object]]):
        items = sorted(items, key=lambda x: x[0])
        self.keys = [k for k, _ in items]
        self.items = items

    def between(self, lo: int, hi: int) -> list[tuple[int, object]]:
        """Items at lo <= position < hi."""
        a, b = bisect_left(self.keys, lo), bisect_left(self.keys, hi)
        return self.items[a:b]

    def last_before(self, i: int) -> tuple[int, object] | None:
        a = bisect_left(self.keys, i)
        return self.items[a - 1] if a else None
