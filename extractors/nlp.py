"""The spaCy pipeline: `spacy.blank("en")`, line-aware sentences, and one SpanRuler per rule file.

Matching lives here (spaCy components, patterns from extractors/patterns/): district names,
figures and states are found by their heads with PhraseMatchers ("School District", "students",
"Ohio"), initiative cues by phrases and a few literal-first token patterns; no pattern runs a
regular expression or a set predicate on every token. Turning the matched spans into records
lives in extractors/assemble.py.
"""
from __future__ import annotations

from functools import lru_cache

import numpy

from extractors.spacy_loader import spacy  # first: spaCy without its command line (~0.14 s)
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

from extractors import gazetteer, places, program_matcher, rules, tokens  # noqa: F401  (program_matcher registers its component)
from extractors.version import __version__, extractor_version  # noqa: F401  (callers use nlp.extractor_version)

LONGEST = {"@misc": "spacy.first_longest_spans_filter.v1"}
# Text cap. An award article is a few thousand characters (the development set's longest page is
# under 30,000); a page past this is a listing, a dump or an attack, and reading all of it only
# costs time. The first MAX_CHARS characters (cut at a line break) are extracted, and the record
# says so (extractors/records.py). Extraction is linear in the text's length below the cap.
MAX_CHARS = 500_000
# List entries that lost their line breaks in the HTML: "Skagway School DistrictArizona: ...",
# "No. 12Connecticut: ...": split after a district head word or a number before a capitalised word.
GLUED = [r"(?<=District)(?=[A-Z][a-z])", r"(?<=Schools)(?=[A-Z][a-z])", r"(?<=Academy)(?=[A-Z][a-z])",
         r"(?<=Corporation)(?=[A-Z][a-z])", r"(?<=System)(?=[A-Z][a-z])", r"(?<=[0-9])(?=[A-Z][a-z]{2})",
         r"(?<=[a-z]{4})(?=[A-Z][a-z]{2})",  # "career pathsWatch the video": a caption glued on
         r"(?<=[a-z]\.)-(?=based)"]  # "Florence, Ky.-based Boone County Schools"


# Special cases that change nothing (the affix rules keep each of these one token too) but cost the
# tokenizer its cache: spaCy caches no chunk of a doc after the doc's first special case, and a
# text's first line break was one, so every later chunk went through the affix regexes again.
NO_OP_SPECIALS = (" ", "\t", "\n", "—", "'", "’")

# A district code at a sentence's end keeps no period: "... with Salida School District R-32J."
# (spaCy keeps the period after a capital it takes for an initial)
CODE_END = [r"(?<=[0-9][A-Z])\."]

# A table's pipe glued to its cell's text is a token of its own: "Aldine Independent School District| TX"
PIPE = [r"\|"]


def glued_state_infix() -> str:
    """"...Department of EducationIdaho: ...": a state's name glued to the word before it."""
    names = sorted({form for form, (_, kind) in gazetteer.state_forms().items()
                    if kind == "name" and " " not in form and form[0].isupper() and not form.isupper()}, key=len)
    firsts = ["New", "North", "South", "West", "Rhode"]
    return r"(?<=[a-z])(?=(?:" + "|".join(names[::-1] + firsts) + r")(?![a-z]))"


@Language.factory("awardex_sentences_v1")
def sentences(nlp: Language, name: str):
    """Sentence starts, set through one array (no Token per word; setting Token.is_sent_start one
    token at a time checks the whole doc each time: quadratic in the article's length):

    - a line break starts a sentence: headings, list entries and table rows stand alone;
    - elsewhere spaCy's Sentencizer's rule: after sentence-final punctuation ("." "!" "?" ...), the
      next word that is not punctuation starts a sentence."""
    enders = {nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars}

    def component(doc: Doc) -> Doc:
        orths, puncts, spaces = doc.to_array([ORTH, IS_PUNCT, IS_SPACE]).T.tolist() if len(doc) else ([], [], [])
        before = doc.to_array([SENT_START]).reshape(-1).astype("int64").tolist()  # 1 starts, -1 does not, 0 unset
        sent, seen_end = [], False
        for i, (orth, punct, was) in enumerate(zip(orths, puncts, before)):
            ender = orth in enders
            after_end = seen_end and not punct and not ender
            if after_end:
                seen_end = False
            elif ender:
                seen_end = True
            if i and spaces[i - 1] and not spaces[i] and "\n" in doc[i - 1].text:
                sent.append(1)
            else:
                sent.append(was or (1 if after_end or i == 0 else -1))
        if sent:
            doc.from_array([SENT_START], numpy.array(sent, dtype="int64").astype("uint64"))
        return doc
    return component


@Language.factory("awardex_cue_patterns_v1")
def cue_token_patterns(nlp: Language, name: str):
    """The initiative cues that are token patterns, matched head first (extractors/tokens.py), join
    the phrases the "cues" ruler found; of overlapping cues the longest stays (the first of equals),
    and a phrase of another initiative inside a pattern's words stays too ("teachers to earn a
    computer science endorsement" is professional learning and computer science)."""
    matcher = tokens.TokenMatcher(tokens.compile_patterns(p for p in rules.cue_patterns()
                                                         if not isinstance(p["pattern"], str)), nlp.vocab)

    def component(doc: Doc) -> Doc:
        found = matcher(doc)
        if found:
            phrases = list(doc.spans["cues"])
            kept = filter_spans([*found, *phrases])
            inside = [p for p in phrases if p not in kept and any(
                k.start <= p.start and p.end <= k.end and k.label_ != p.label_ for k in kept)]
            doc.spans["cues"] = sorted([*kept, *inside], key=lambda s: (s.start, -s.end))
        return doc
    return component


def _ruler(nlp: Language, key: str, patterns: list[dict], attr: str = "LOWER", longest: bool = False,
           overwrite: bool = True) -> None:
    """A SpanRuler; `longest` keeps the longest of overlapping matches ("West Virginia", not
    "Virginia"), else every match stays and assembly decides."""
    config = {"spans_key": key, "overwrite": overwrite, "spans_filter": LONGEST if longest else None,
              "phrase_matcher_attr": attr, "validate": True}
    ruler = nlp.add_pipe("span_ruler", name=key, config=config)
    # phrase patterns are made into Docs by the tokenizer alone: SpanRuler.add_patterns would run
    # every component before this one on each of a few thousand phrases (the matcher reads words only)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)


def state_patterns() -> list[dict]:
    """The state forms of places.state_forms (names, AP abbreviations, codes) as ruler patterns."""
    return [{"label": code, "id": f"state.{kind}", "pattern": form}
            for form, (code, kind) in places.state_forms().items()]


def _keeping_text(tokenizer):
    """The tokenizer, keeping the text it was given on the doc for values.text_of (spaCy's
    doc.text rebuilds it from every token on each access; tokenisation is lossless)."""
    def tokenize(text: str) -> Doc:
        doc = tokenizer(text)
        doc.user_data["text"] = text
        return doc
    tokenize.__wrapped__ = tokenizer
    return tokenize


@spacy.registry.tokenizers("awardex_tokenizer_v1")
def tokenizer_factory():
    """spaCy's English tokenizer with our special cases and infixes, built once: setting a
    tokenizer's rules or infixes afterwards reloads all ~1,300 special cases each time (~50 ms)."""
    def create(nlp: Language):
        defaults = nlp.Defaults
        # "District No. 5" is not a sentence end, nor "(Pinedale, Wyo.) — About 1,100 students" (spaCy
        # knows most AP state abbreviations, not all)
        rules = {**{f: [{"ORTH": f}] for f in places.state_forms() if f.endswith(".") and " " not in f},
                 **defaults.tokenizer_exceptions, "No.": [{"ORTH": "No."}]}
        # emoticons swallow a parenthesis: "8)" in "(Fountain-Fort Carson School District 8)", "):" in
        # "Durango School District 9-R (Durango): $250,000"; news text has none worth a token
        rules = {k: v for k, v in rules.items() if not any(c in "()" for c in k)}
        rules = {k: v for k, v in rules.items() if k not in NO_OP_SPECIALS}
        return _keeping_text(Tokenizer(
            nlp.vocab, rules=rules,
            prefix_search=compile_prefix_regex([*defaults.prefixes, *PIPE]).search,
            suffix_search=compile_suffix_regex([*defaults.suffixes, *CODE_END, *PIPE]).search,
            infix_finditer=compile_infix_regex([*defaults.infixes, *GLUED, glued_state_infix()]).finditer,
            token_match=defaults.token_match, url_match=defaults.url_match))
    return create


@lru_cache(maxsize=1)
def build() -> Language:
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "awardex_tokenizer_v1"}}})
    nlp.add_pipe("awardex_sentences_v1", name="sentences")
    _ruler(nlp, "districts", rules.head_patterns("districts.yaml", "district"))
    _ruler(nlp, "states", state_patterns(), attr="ORTH", longest=True)
    _ruler(nlp, "quantities", rules.head_patterns("quantities.yaml", "quantity"))
    nlp.add_pipe("awardex_programs_v1", name="programs")  # extractors/program_matcher.py, head first
    _ruler(nlp, "cues", [p for p in rules.cue_patterns() if isinstance(p["pattern"], str)], longest=True)
    nlp.add_pipe("awardex_cue_patterns_v1")
    return nlp


def cap(text: str) -> str:
    """The part of a text that is extracted: all of it up to MAX_CHARS, else the first MAX_CHARS
    characters cut at the last line break before the cap."""
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_CHARS)
    return text[:cut if cut > MAX_CHARS // 2 else MAX_CHARS]


