"""The spaCy pipeline: `spacy.blank("en")`, line-aware sentences, and one SpanRuler per rule file.

Matching lives here (spaCy components, patterns from extractors/patterns/); turning the
matched spans into records lives in extractors/assemble.py.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors import gazetteer, rules

__version__ = "0.1.0"
LONGEST = {"@misc": "spacy.first_longest_spans_filter.v1"}


@Language.component("awardex_line_breaks_v1")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings, list entries and table rows stand alone."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text and not tok.is_space:
            tok.is_sent_start = True
    return doc


def _ruler(nlp: Language, key: str, patterns: list[dict], attr: str = "ORTH") -> None:
    config = {"spans_key": key, "overwrite": True, "spans_filter": LONGEST, "phrase_matcher_attr": attr,
              "validate": True}
    nlp.add_pipe("span_ruler", name=key, config=config).add_patterns(patterns)


def state_patterns() -> list[dict]:
    return [{"label": code, "id": f"state.{kind}", "pattern": form}
            for form, (code, kind) in gazetteer.state_forms().items()]


@lru_cache(maxsize=1)
def build() -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer.add_special_case("No.", [{"ORTH": "No."}])  # "District No. 5" is not a sentence end
    nlp.add_pipe("awardex_line_breaks_v1")
    nlp.add_pipe("sentencizer")
    _ruler(nlp, "roles", rules.token_patterns("roles.yaml"))
    _ruler(nlp, "districts", rules.token_patterns("districts.yaml", "district"))
    _ruler(nlp, "states", state_patterns())
    _ruler(nlp, "quantities", rules.token_patterns("quantities.yaml"))
    _ruler(nlp, "programs", rules.token_patterns("programs.yaml"))
    _ruler(nlp, "cues", rules.cue_patterns() + rules.token_patterns("initiative_patterns.yaml"), attr="LOWER")
    return nlp


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Code version plus a digest of the extractor's code and rule files: any change to
    either re-extracts everything once."""
    digest = hashlib.sha256()
    here = rules.PATTERN_DIR.parent
    for path in sorted([*here.glob("*.py"), *rules.PATTERN_DIR.glob("*.yaml")]):
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"
