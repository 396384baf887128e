"""Rule files and the vocabulary: they load, they validate, and they say what they mean."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractors import nlp, rules
from schemas.taxonomy import TAXONOMY_FILE, initiative_ids


def test_every_rule_file_builds_a_validated_pipeline_with_rule_ids():
    pipe = nlp.build()
    assert [name for name, _ in pipe.pipeline][-5:] == ["districts", "states", "quantities", "programs", "cues"]
    for name in ("districts.yaml", "quantities.yaml", "programs.yaml"):
        assert all(p["id"] and p["pattern"] for p in rules.token_patterns(name))


def test_initiative_cues_use_taxonomy_ids_only():
    assert set(rules.load_yaml("initiatives.yaml")) == set(initiative_ids())
    assert {p["label"] for p in rules.token_patterns("initiative_patterns.yaml")} <= set(initiative_ids())


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
