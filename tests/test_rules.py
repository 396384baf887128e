"""Rule files and the vocabulary: they load, they validate, and they say what they mean."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractors import checks, figures, mentions, nlp, program_matcher, programs, rules, tokens  # noqa: F401  (importing registers the checks)
from schemas.taxonomy import TAXONOMY_FILE, initiative_ids

HEAD_FILES = ("districts.yaml", "quantities.yaml")


def test_every_rule_file_builds_a_validated_pipeline_with_rule_ids():
    pipe = nlp.build()
    assert [name for name, _ in pipe.pipeline][-6:] == ["districts", "states", "quantities", "programs", "cues",
                                                        "awardex_cue_patterns_v1"]
    for name in HEAD_FILES:
        for p in rules.head_patterns(name, "x"):
            assert p["id"] and p["pattern"]
    compiled = program_matcher.compile_rules(pipe.vocab)
    assert compiled and all(r.id.startswith("program.") and r.words for r in compiled)


@pytest.mark.parametrize("name", HEAD_FILES)
def test_every_head_rule_names_registered_checks(name):
    for rule in rules.load_yaml(name)["patterns"]:
        assert "checks" in rule, rule["id"]
        assert len(rules.checks_of(rule)) == len(rule["checks"])


def test_an_unknown_check_is_refused():
    with pytest.raises(ValueError, match="unknown checks"):
        rules.checks_of({"id": "district.x", "checks": ["no_such_check"]})


def test_a_head_in_two_rules_is_refused(tmp_path, monkeypatch):
    (tmp_path / "dup.yaml").write_text("patterns:\n  - {id: a.x, heads: [school district], checks: []}\n"
                                       "  - {id: a.y, heads: [School District], checks: []}\n")
    monkeypatch.setattr(rules, "PATTERN_DIR", tmp_path)
    rules.load_yaml.cache_clear()
    try:
        with pytest.raises(ValueError, match="is in a.x and a.y"):
            rules.head_patterns("dup.yaml", "district")
    finally:
        rules.load_yaml.cache_clear()


def test_no_pattern_runs_a_regex_or_a_negated_set_on_every_token():
    """Head-first matching: district, figure, state and cue patterns are phrases or start with a
    literal word, and program patterns are matched from a literal head word, so no Python
    predicate runs per token (issue 12)."""
    pipe = nlp.build()
    assert pipe.get_pipe_meta("programs").factory == "awardex_programs_v1"  # not a SpanRuler
    data = rules.load_yaml("programs.yaml")
    specs = str([data["macros"], [r["pattern"] for r in data["patterns"]]])
    assert "REGEX" not in specs and "NOT_IN" not in specs and "FUZZY" not in specs
    assert len(program_matcher.compile_rules(pipe.vocab)) == len(data["patterns"])
    for key in ("districts", "quantities", "states", "cues"):
        assert all(isinstance(p["pattern"], str) for p in pipe.get_pipe(key).patterns), key
    token_cues = [p for p in rules.cue_patterns() if not isinstance(p["pattern"], str)]
    assert token_cues and len(tokens.compile_patterns(token_cues)) == len(token_cues)
    assert "REGEX" not in str(token_cues) and "NOT_IN" not in str(token_cues)


def test_token_patterns_match_head_first_with_optional_words():
    pipe = nlp.build()
    doc = pipe.make_doc("They trained every new staff member and coached teachers.")
    pats = tokens.compile_patterns([{"label": "x", "id": "x.train", "pattern": [
        {"LOWER": {"IN": ["trained", "coached"]}}, {"IS_PUNCT": False, "OP": "?"}, {"IS_PUNCT": False, "OP": "?"},
        {"LOWER": {"IN": ["staff", "teachers"]}}]}])
    assert [s.text for s in tokens.find(doc, pats)] == ["trained every new staff", "coached teachers"]


def test_initiative_cues_use_taxonomy_ids_only():
    spec = rules.load_yaml("initiatives.yaml")["initiatives"]
    assert set(spec) == set(initiative_ids())
    assert {p["label"] for p in rules.cue_patterns()} == set(initiative_ids())


@pytest.mark.parametrize("phrase, forms", [
    ("laptop", {"laptop", "laptops"}),
    ("career academies", {"career academies", "career academy"}),
    ("partnership", {"partnership", "partnerships"}),
    ("careers", {"careers"}),
    ("coaching", {"coaching"}),
    ("ai", {"ai"}),
])
def test_cue_phrases_match_both_numbers(phrase, forms):
    assert rules.inflections(phrase) == forms


def test_taxonomy_covers_terms_become_cue_phrases():
    got = rules.covers_phrases("competency-, mastery- or performance-based learning, online or blended "
                               "learning, rigorous courses (IB, dual enrollment), science and engineering programs",
                               frozenset({"rigorous courses"}), frozenset({"programs", "learning"}))
    assert {"competency-based learning", "mastery-based learning", "performance-based learning",
            "online learning", "blended learning", "dual enrollment", "science programs",
            "engineering programs"} <= set(got)
    assert "rigorous courses" not in got


def test_unquoted_yaml_words_are_refused(tmp_path, monkeypatch):
    (tmp_path / "bad.yaml").write_text("lexicon:\n  stop: [the, no, yes]\npatterns: []\n")
    monkeypatch.setattr(rules, "PATTERN_DIR", tmp_path)
    rules.load_yaml.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"quote these words.*\[False, True\]"):
            rules.load_yaml("bad.yaml")
    finally:
        rules.load_yaml.cache_clear()


def test_extractor_version_changes_with_the_rules():
    version = nlp.extractor_version()
    assert version.startswith(nlp.__version__ + "+") and len(version.split("+")[1]) == 8


def test_taxonomy_copy_matches_the_shared_vocabulary(corpus):
    shared = yaml.safe_load((corpus.parent / "taxonomy.yaml").read_text())
    ours = yaml.safe_load(Path(TAXONOMY_FILE).read_text())
    assert [t["id"] for t in ours["initiative_types"]] == [t["id"] for t in shared["initiative_types"]]
