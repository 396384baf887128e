"""Rules as data: the YAML pattern files beside this module, and the registry of named checks.

A pattern file has an optional `lexicon` (named word lists) and `patterns`. Two kinds of pattern:

- head patterns (districts.yaml, quantities.yaml): `heads` are phrases matched on lower-cased
  tokens by a PhraseMatcher (no per-token predicate), and assembly reads the words around each
  head over token arrays (a district's name grows leftwards or rightwards from its head, a
  figure's number and cue word sit before its head). Each pattern names its `checks`: small
  functions registered here with `@check("name")` (extractors/checks.py), run in order; a
  candidate that fails one is dropped.
- token patterns (programs.yaml, and the `patterns` of an initiative in initiatives.yaml):
  spaCy Matcher token specs. A string item names a macro; a value "@name" is a lexicon list.
  A first token with `IN` is expanded into one pattern per word, so that the Matcher checks it
  as a literal attribute instead of calling a Python predicate on every token.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

import yaml

PATTERN_DIR = Path(__file__).with_name("patterns")
# libyaml's safe loader parses the pattern files ten times faster than the pure-Python one (same data)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CHECKS: dict[str, Callable[..., bool]] = {}


def check(name: str) -> Callable[[Callable[..., bool]], Callable[..., bool]]:
    """Register a named check that pattern files can list under `checks:`."""
    def register(fn: Callable[..., bool]) -> Callable[..., bool]:
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        CHECKS[name] = fn
        return fn
    return register


def checks_of(rule: dict[str, Any]) -> tuple[Callable[..., bool], ...]:
    return _checks(rule["id"], tuple(rule.get("checks", [])))


@lru_cache(maxsize=None)
def _checks(rule_id: str, names: tuple[str, ...]) -> tuple[Callable[..., bool], ...]:
    """The registered functions of a rule's checks, looked up once per rule."""
    from extractors import checks as _registered  # noqa: F401  (importing registers them)

    missing = [c for c in names if c not in CHECKS]
    if missing:
        raise ValueError(f"rule {rule_id}: unknown checks {missing}; registered: {sorted(CHECKS)}")
    return tuple(CHECKS[c] for c in names)


@lru_cache(maxsize=None)
def load_yaml(name: str) -> dict[str, Any]:
    data = yaml.load((PATTERN_DIR / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    for list_name, words in data.get("lexicon", {}).items():
        _refuse_non_text(name, words)
    for rule in [*data.get("patterns", []), *data.get("cues", [])]:
        for key in ("heads", "before"):
            _refuse_non_text(name, rule.get(key, []))
    for spec in (data.get("initiatives") or {}).values():
        _refuse_non_text(name, spec.get("phrases", []))
        _refuse_non_text(name, spec.get("not_after", []))
    return data


def _refuse_non_text(name: str, words: list) -> None:
    bad = [w for w in words if not isinstance(w, str)]  # YAML reads bare no / yes / on / 1:1 as non-text
    if bad:
        raise ValueError(f"{name}: quote these words, YAML did not read them as text: {bad}")


def lexicon(name: str) -> dict[str, list[str]]:
    return load_yaml(name).get("lexicon", {})


@lru_cache(maxsize=None)
def words(name: str, key: str) -> frozenset[str]:
    """One lexicon list of a pattern file as a set."""
    return frozenset(lexicon(name)[key])


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def rules_of(name: str) -> dict[str, dict[str, Any]]:
    """Rule id -> rule of a head-pattern file, its generated heads included."""
    return {r["id"]: {**r, "heads": heads_of(r)} for r in load_yaml(name)["patterns"]}


def heads_of(rule: dict[str, Any]) -> list[str]:
    """A rule's heads: those listed, and those its `numbered` ("RSU2", "RSU-2", "RSU 2") and
    `codes` ("R-6", "R-III", "C-6") generate."""
    heads = list(rule.get("heads", []))
    for prefix, top in (rule.get("numbered") or {}).items():
        heads += [f"{prefix}{sep}{n}" for n in range(1, int(top) + 1) for sep in ("", "-", " ", " #")]
    for prefix, top in (rule.get("codes") or {}).items():
        heads += [f"{prefix}-{n}" for n in [*range(1, int(top) + 1), *ROMAN[:int(top)]]]
    return heads


def head_patterns(name: str, label: str) -> list[dict[str, Any]]:
    """SpanRuler phrase patterns: one per head of each rule, the rule id as the span id."""
    out, seen = [], {}
    for rule in load_yaml(name)["patterns"]:
        for head in heads_of(rule):
            if head.lower() in seen:
                raise ValueError(f"{name}: head {head!r} is in {seen[head.lower()]} and {rule['id']}")
            seen[head.lower()] = rule["id"]
            out.append({"label": label, "id": rule["id"], "pattern": head})
    return out


def _resolve(value: Any, lex: dict[str, list[str]]) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return lex[value[1:]]
    if isinstance(value, list):  # ["@name_stop", "extra"]: lists spliced in place
        return [w for v in value for w in (lex[v[1:]] if str(v).startswith("@") else [v])]
    if isinstance(value, dict):
        return {k: _resolve(v, lex) for k, v in value.items()}
    return value


def expand_tokens(tokens: list[Any], macros: dict[str, list], lex: dict[str, list[str]],
                  split_first: bool = True) -> list[list[dict]]:
    """Macros expanded, lexicon lists resolved, and (split_first) a first token
    `{ATTR: {IN: [...]}}` split into one literal pattern per word."""
    flat: list[dict] = []
    for item in tokens:
        flat.extend(macros[item] if isinstance(item, str) else [item])
    flat = [_resolve(t, lex) for t in flat]
    if not split_first:
        return [flat]
    first = flat[0]
    options = [first]
    set_attrs = [k for k, v in first.items() if isinstance(v, dict) and set(v) == {"IN"}]
    if set_attrs:
        choices = [[(k, w) for w in first[k]["IN"]] for k in set_attrs]
        options = [{**first, **{k: w for k, w in combo}} for combo in product(*choices)]
    return [[opt, *flat[1:]] for opt in options]


def token_patterns(name: str, label: str | None = None) -> list[dict[str, Any]]:
    """SpanRuler token patterns of one file, macros expanded; label defaults to the file's stem."""
    data = load_yaml(name)
    lex, macros = data.get("lexicon", {}), data.get("macros", {})
    out = []
    for rule in data["patterns"]:
        for tokens in expand_tokens(rule["pattern"], macros, lex):
            out.append({"label": rule.get("label", label or Path(name).stem), "id": rule["id"],
                        "pattern": tokens})
    return out


# ---------------------------------------------------------------- initiative cues

def inflections(phrase: str) -> set[str]:
    """The phrase and its plural ("laptop" -> "laptops", "career academy" -> "career academies");
    a plural phrase of several words also its singular ("career pathways" -> "career pathway").
    A plural word alone keeps its number: "careers" is a cue, "career" ("her career") is not."""
    words = phrase.split()
    last = words[-1]
    if not last.isalpha() or len(last) < 4:
        return {phrase}
    forms = {last}
    if last.endswith("ies"):
        if len(words) > 1:
            forms.add(last[:-3] + "y")
    elif last.endswith(("ches", "shes", "sses", "xes")):
        if len(words) > 1:
            forms.add(last[:-2])
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        if len(words) > 1:
            forms.add(last[:-1])
    elif last.endswith("y") and last[-2] not in "aeiou":
        forms.add(last[:-1] + "ies")
    elif last.endswith(("ch", "sh", "ss", "x")):
        forms.add(last + "es")
    elif not last.endswith(("ing", "ed", "ness", "ism", "tion", "ics")) or last.endswith("ship"):
        forms.add(last + "s")
    return {" ".join([*words[:-1], f]) for f in forms}


def covers_phrases(covers: str, skip: frozenset[str], heads: frozenset[str] = frozenset()) -> list[str]:
    """The taxonomy's `covers` text as cue phrases: "competency-, mastery- or performance-based
    learning" -> three phrases; "online or blended learning" -> "online learning", "blended
    learning"; "(IB, AP, AICE, dual enrollment)" -> each; "X and Y" -> each."""
    import re

    text = covers.lower()
    inner = re.findall(r"\(([^)]*)\)", text)
    text = re.sub(r"\([^)]*\)", ",", text)
    items = [x.strip() for x in re.split(r",|;", text) + [y for i in inner for y in i.split(",")] if x.strip()]
    out: list[str] = []
    pending: list[str] = []  # "competency-" waiting for "performance-based learning"
    for item in items:
        if item.endswith("-"):
            pending.append(item)
            continue
        parts = [p.strip() for p in re.split(r"\bor\b", item) if p.strip()]
        if pending:
            parts = pending + parts
            pending = []
        if len(parts) > 1:
            last = parts[-1]
            rest = last.split()
            # "competency-", "mastery-", "performance-based learning"
            if all(p.endswith("-") for p in parts[:-1]) and "-" in rest[0]:
                suffix = rest[0].split("-", 1)[1]
                tail = " ".join(rest[1:])
                parts = [f"{p}{suffix} {tail}".strip() for p in parts[:-1]] + [last]
            elif len(rest) > 1 and all(len(p.split()) == 1 for p in parts[:-1]):
                tail = " ".join(rest[1:])  # "online or blended learning"
                parts = [f"{p} {tail}" for p in parts[:-1]] + [last]
        for p in parts:
            for q in _and_split(p, heads) if " and " in p and len(p.split()) <= 4 else [p]:
                q = q.strip()
                if q and q not in skip and len(q) > 2:
                    out.append(q)
    return out


def _and_split(phrase: str, heads: frozenset[str]) -> list[str]:
    """"science and engineering programs" -> both programs; "coding and computer science" -> both."""
    first, _, last = phrase.partition(" and ")
    rest = last.split()
    if len(first.split()) == 1 and len(rest) > 1 and rest[-1] in heads:
        return [f"{first} {' '.join(rest[1:])}", last]
    return [first, last]


def cue_exclusions() -> dict[str, list[tuple[str, ...]]]:
    """Initiative id -> the word sequences that, right before one of its cues, make it no cue."""
    spec = load_yaml("initiatives.yaml")["initiatives"]
    return {k: sorted((tuple(w.lower().split()) for w in v.get("not_after", [])), key=len, reverse=True)
            for k, v in spec.items() if v.get("not_after")}


def cue_followers() -> dict[str, frozenset[str]]:
    """Initiative id -> the words that, right after one of its cues, make it no cue."""
    spec = load_yaml("initiatives.yaml")["initiatives"]
    return {k: frozenset(w.lower() for w in v["not_before"]) for k, v in spec.items() if v.get("not_before")}


def cue_checks() -> dict[str, tuple[Callable[..., bool], ...]]:
    """Initiative id -> the registered checks (extractors/checks.py) each of its cues must pass."""
    spec = load_yaml("initiatives.yaml")["initiatives"]
    return {k: _checks(f"initiative.{k}", tuple(v["checks"])) for k, v in spec.items() if v.get("checks")}


def cue_patterns() -> list[dict[str, Any]]:
    """Patterns of initiatives.yaml: phrases (with inflections, and the taxonomy's covers terms
    where `covers: true`) for the "cues" SpanRuler, and token patterns (matched head first by
    extractors/tokens.py)."""
    from schemas.taxonomy import taxonomy

    data = load_yaml("initiatives.yaml")
    lex, macros = data.get("lexicon", {}), data.get("macros", {})
    skip = frozenset(lex.get("covers_skip", []))
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for initiative, spec in data["initiatives"].items():
        phrases = [str(p) for p in spec.get("phrases", [])]
        if spec.get("covers"):
            phrases += covers_phrases(taxonomy()[initiative].get("covers", ""), skip,
                                      frozenset(lex.get("covers_heads", [])))
        for phrase in phrases:
            forms = inflections(phrase.lower())
            # a two-word cue also written as a compound: "mental-health counselors", "dual-enrollment courses"
            forms |= {f.replace(" ", "-") for f in forms if f.count(" ") == 1 and f.replace(" ", "").isalpha()}
            for form in sorted(forms):
                if (initiative, form) in seen:
                    continue
                seen.add((initiative, form))
                out.append({"label": initiative, "id": f"initiative.{initiative}", "pattern": form})
        for rule in spec.get("patterns", []):
            for tokens in expand_tokens(rule["pattern"], macros, lex, split_first=False):
                out.append({"label": initiative, "id": rule["id"], "pattern": tokens})
    return out
