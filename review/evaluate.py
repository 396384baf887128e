"""Score extracted records against gold records, as ../shared/ANNOTATION.md defines it.

Districts match by name (folded, punctuation and generic words set aside, any alias
accepted; same state wins a tie); city/state/enrollment/schools count only where gold has
a value; initiatives are scored over (district, id) pairs of matched districts.
`by_rule` says, per rule id, how many values it produced and how many were right.
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
    metropolitan special""".split())


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def core(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", re.sub(r"\([^)]*\)", " ", _fold(name)).replace("&", " and "))
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


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
    r = tp / ngold if ngold else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp, "pred": npred, "gold": ngold}


def score(gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Per-field P/R/F1, record F1 (mean of the main five), per-article F1 and the errors."""
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
    return result


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


def article_path(gold_dir: Path, rec: dict) -> Path:
    """Where a gold record's article text is: its fixture's text_path, else <dir>/<id>.txt."""
    if rec.get("text_path"):
        return _repo_root() / rec["text_path"]
    return gold_dir / f"{rec['article_id']}.txt"


def gold_article(gold_dir: Path, rec: dict) -> RawArticle:
    """The article a gold record is about, read and normalised, under the record's article_id."""
    return replace(read_file(article_path(gold_dir, rec)), article_id=str(rec["article_id"]))


def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
