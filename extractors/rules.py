"""Rules as data: load the YAML pattern files beside this module into SpanRuler patterns.

A pattern file has optional `lexicon` (named word lists), `macros` (named token lists) and
`patterns` ({id, label?, pattern}). In a pattern, a string item is a macro name and
expands in place; a string value "@name" inside a token spec is a lexicon list.
initiatives.yaml is a plain mapping of taxonomy id -> cue phrases.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PATTERN_DIR = Path(__file__).with_name("patterns")


@lru_cache(maxsize=None)
def load_yaml(name: str) -> dict[str, Any]:
    data = yaml.safe_load((PATTERN_DIR / name).read_text(encoding="utf-8"))
    lists = [*data.get("lexicon", {}).values()] if "patterns" in data else list(data.values())
    for words in lists:  # YAML reads bare no / yes / on / 1:1 as booleans and numbers
        bad = [w for w in words if not isinstance(w, str)]
        if bad:
            raise ValueError(f"{name}: quote these words, YAML did not read them as text: {bad}")
    return data


def lexicon(name: str) -> dict[str, list[str]]:
    return load_yaml(name).get("lexicon", {})


def _resolve(value: Any, words: dict[str, list[str]]) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return words[value[1:]]
    if isinstance(value, list):  # ["@name_stop", "extra"]: lists spliced in place
        return [w for v in value for w in (words[v[1:]] if str(v).startswith("@") else [v])]
    if isinstance(value, dict):
        return {k: _resolve(v, words) for k, v in value.items()}
    return value


def token_patterns(name: str, label: str | None = None) -> list[dict[str, Any]]:
    """SpanRuler patterns of one file, macros expanded; label defaults to the file's stem."""
    data = load_yaml(name)
    words, macros = data.get("lexicon", {}), data.get("macros", {})
    out = []
    for rule in data["patterns"]:
        tokens: list[dict] = []
        for item in rule["pattern"]:
            tokens.extend(macros[item] if isinstance(item, str) else [item])
        out.append({"label": rule.get("label", label or Path(name).stem), "id": rule["id"],
                    "pattern": [_resolve(t, words) for t in tokens]})
    return out


def cue_patterns() -> list[dict[str, Any]]:
    """One phrase pattern per cue phrase, matched on lower-cased tokens (a PhraseMatcher)."""
    return [{"label": initiative, "id": f"initiative.{initiative}", "pattern": str(phrase)}
            for initiative, phrases in load_yaml("initiatives.yaml").items() for phrase in phrases]
