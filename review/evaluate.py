"""Score extracted records against gold records, as ../shared/ANNOTATION.md defines it.

This module mirrors ../shared/tools/score.py on purpose: the name key (`core`, its generic
words and apostrophe rule), the matching, the per-field counts, `role` and `program` are the
shared scorer's definitions, re-stated here so that shipped code does not import a file
outside the package. tests/test_cli.py and tests/test_review.py hold the two in agreement;
change score.py first, then this copy. (schemas/names.py is the pipeline's own key, not this.)

Districts match by name (folded, punctuation and generic words set aside, any alias
accepted; same state wins a tie); city/state/enrollment/schools count only where gold has
a value; initiatives are scored over (district, id) pairs of matched districts; a matched
district's role and the article's program are scored beside record F1.
`by_rule` (ours, not score.py's) says, per rule id, how many values it produced and how
many were right.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from schemas.articles import RawArticle
from pipeline.text import read_file

FIELDS = ("city", "state", "enrollment", "schools")
MAIN = ("district", "city", "state", "enrollment", "initiatives")
GENERIC = frozenset("""the of school schools district districts public unified independent union free
    system systems usd isd csd sd no number community consolidated central city area regional county co
    parish local exempted village joint unit elementary high township twp borough corporation
    metropolitan special board education department""".split())
PROGRAM_GENERIC = frozenset("the of for in and a an award awards program programs annual national".split())
APOSTROPHES = r"[’'ʻʼ`]"


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def core(name: str) -> str:
    """A district name's matching key: apostrophe-like marks vanish ("Hawaiʻi" = "Hawaii"),
    parentheses and generic words are set aside."""
    name = re.sub(r"\([^)]*\)", " ", re.sub(APOSTROPHES, "", _fold(name))).replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", name)
    return " ".join(w for w in words if w not in GENERIC) or " ".join(words)


def _names(d: dict) -> set[str]:
    return {core(n) for n in [d.get("name"), *(d.get("aliases") or [])] if n}


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one (gold index, pred index) pairs; a pair in the same state goes first."""
    cands = sorted((0 if (g.get("state") or "") == (p.get("state") or "") else 1, gi, pi)
                   for gi, g in enumerate(gold) for pi, p in enumerate(pred) if _names(g) & _names(p))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi), used_p.add(pi), pairs.append((gi, pi))
    return pairs


def _same(fld: str, a, b) -> bool:
    if fld == "city":
        return _fold(str(a)).strip() == _fold(str(b)).strip()
    if fld == "state":
        return str(a).upper() == str(b).upper()
    try:
        return int(a) == int(b)
    except (TypeError, ValueError):
        return False


def program_words(name: str | None) -> set[str]:
    """A program's distinctive words: case, accents, punctuation, plurals, years and generic
    words ("Award", "annual", ...) set aside."""
    words = re.findall(r"[a-z0-9]+", re.sub(APOSTROPHES, "", _fold(name)))
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]
    return {w for w in words if w not in PROGRAM_GENERIC and not re.fullmatch(r"(19|20)\d\d", w)}


def same_program(a: str | None, b: str | None) -> bool:
    """One program's distinctive words contain the other's ("AP Honor Roll" = "AP District Honor Roll")."""
    wa, wb = program_words(a), program_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
    r = tp / ngold if ngold else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp, "pred": npred, "gold": ngold}


def score(gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Per-field P/R/F1, record F1 (mean of the main five), role and program with their
    errors, per-article F1, per-rule precision and the errors."""
    counts = {k: [0, 0, 0] for k in ("district", "initiatives", *FIELDS)}
    rules: dict[str, list[int]] = defaultdict(lambda: [0, 0])   # rule -> [hits, correct]
    errors, per_article = [], {}
    for aid, grec in gold.items():
        g_ds = grec.get("districts") or []
        p_ds = (pred.get(aid) or {}).get("districts") or []
        pairs = match(g_ds, p_ds)
        before = [c[:] for c in counts.values()]
        counts["district"][0] += len(pairs)
        counts["district"][1] += len(p_ds)
        counts["district"][2] += len(g_ds)
        gm, pm = {g for g, _ in pairs}, {p for _, p in pairs}
        for gi, g in enumerate(g_ds):
            if gi not in gm:
                errors.append(f"{aid}: missed district {g['name']!r}")
                for f in FIELDS:
                    counts[f][2] += g.get(f) is not None
                counts["initiatives"][2] += len(set(g.get("initiatives") or []))
        for pi, p in enumerate(p_ds):
            if pi not in pm:
                errors.append(f"{aid}: spurious district {p.get('name')!r}")
            _rule_hits(rules, p, None if pi not in pm else g_ds[dict((b, a) for a, b in pairs)[pi]])
        _program_rule_hits(rules, grec, pred.get(aid) or {})
        for gi, pi in pairs:
            g, p = g_ds[gi], p_ds[pi]
            for f in FIELDS:
                if g.get(f) is None:
                    continue
                counts[f][2] += 1
                if p.get(f) is not None:
                    counts[f][1] += 1
                    if _same(f, g[f], p[f]):
                        counts[f][0] += 1
                    else:
                        errors.append(f"{aid}: {g['name']!r} {f} gold={g[f]!r} pred={p[f]!r}")
            gi_set, pi_set = set(g.get("initiatives") or []), set(p.get("initiatives") or [])
            counts["initiatives"][0] += len(gi_set & pi_set)
            counts["initiatives"][1] += len(pi_set)
            counts["initiatives"][2] += len(gi_set)
        mine = [[a - b for a, b in zip(c, old)] for c, old in zip(counts.values(), before)]
        per_article[aid] = sum(_prf(*mine[list(counts).index(k)])["f1"] for k in MAIN) / len(MAIN)
    result = {k: _prf(*v) for k, v in counts.items()}
    result["record_f1"] = sum(result[k]["f1"] for k in MAIN) / len(MAIN)
    result["articles"] = len(gold)
    result["missing_articles"] = sorted(set(gold) - set(pred))
    result["per_article"] = per_article
    result["by_rule"] = {r: {"hits": h, "correct": c, "precision": c / h if h else 0.0}
                         for r, (h, c) in sorted(rules.items())}
    result["errors"] = errors
    for key, (tp, npred, ngold, errs) in score_extras(gold, pred).items():
        result[key] = _prf(tp, npred, ngold)
        result[key + "_errors"] = errs
    return result


def score_extras(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, tuple]:
    """role (matched districts where gold has one) and program (articles where gold has one):
    {"role": (tp, pred, gold, errors), "program": (...)}."""
    role, program = [0, 0, 0, []], [0, 0, 0, []]
    for aid, grec in gold.items():
        prec = pred.get(aid) or {}
        g_ds, p_ds = grec.get("districts") or [], prec.get("districts") or []
        for gi, pi in match(g_ds, p_ds):
            g, p = g_ds[gi].get("role"), p_ds[pi].get("role")
            if g is None:
                continue
            role[2] += 1
            if p is not None:
                role[1] += 1
                if p == g:
                    role[0] += 1
                else:
                    role[3].append(f"{aid}: {g_ds[gi]['name']!r} role gold={g!r} pred={p!r}")
        g, p = grec.get("program"), prec.get("program")
        if g:
            program[2] += 1
            if p:
                program[1] += 1
                if same_program(p, g):
                    program[0] += 1
                else:
                    program[3].append(f"{aid}: program gold={g!r} pred={p!r}")
    return {"role": tuple(role), "program": tuple(program)}


def _rule_hits(rules, pred: dict, gold: dict | None) -> None:
    """Count each evidence item of a predicted district against its matched gold district."""
    for ev in pred.get("evidence") or []:
        f, hit = ev["field"], rules[ev["rule"]]
        hit[0] += 1
        if gold is None:
            continue
        if f in ("name", "alias"):
            hit[1] += 1
        elif f == "initiatives":
            hit[1] += ev["value"] in (gold.get("initiatives") or [])
        elif f in FIELDS:
            hit[1] += gold.get(f) is not None and _same(f, gold[f], pred.get(f))
        elif f == "role":
            hit[1] += gold.get("role") is not None and gold.get("role") == pred.get("role")


def _program_rule_hits(rules, gold: dict, pred: dict) -> None:
    """The article-level program evidence: right when the gold program is the same program."""
    for ev in pred.get("evidence") or []:
        if ev["field"] == "program":
            hit = rules[ev["rule"]]
            hit[0] += 1
            hit[1] += bool(gold.get("program")) and same_program(pred.get("program"), gold["program"])


def load_gold(path: str | Path) -> dict[str, dict]:
    """Gold records from a directory: gold*.jsonl files, or one fixture .json per article."""
    path = Path(path)
    out: dict[str, dict] = {}
    for f in sorted(path.glob("gold*.jsonl")) if path.is_dir() else [path]:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[str(rec["article_id"])] = rec
    if path.is_dir():
        for f in sorted(path.glob("*.json")):
            rec = json.loads(f.read_text(encoding="utf-8"))
            out[str(rec["article_id"])] = rec
    return out


def article_path(gold_dir: Path, rec: dict, texts: str | Path = ".") -> Path:
    """Where a gold record's article text is: its fixture's text_path (a relative one is
    relative to `texts`, by default the working directory; the CLI passes `[review] texts`),
    else <gold_dir>/<article_id>.txt."""
    if rec.get("text_path"):
        return Path(texts) / rec["text_path"]
    return Path(gold_dir) / f"{rec['article_id']}.txt"


def gold_article(gold_dir: Path, rec: dict, texts: str | Path = ".") -> RawArticle:
    """The article a gold record is about, read and normalised, under the record's article_id."""
    return replace(read_file(article_path(gold_dir, rec, texts)), article_id=str(rec["article_id"]))
